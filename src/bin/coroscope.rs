//! `coroscope run FILE [--timestamps] [--epoch SECONDS] [--trace OUT.json] [--stats]`: runs a
//! script on the virtual clock with the same core as the page, printing what it prints. The
//! script is named as given (tracebacks, warnings, `__file__`); its wall clock starts at the
//! Unix epoch, or `--epoch SECONDS` after it.

use std::process::ExitCode;

use coroscope::runtime::{run_file, RunOptions};

fn usage() -> ExitCode {
    eprintln!(
        "usage: coroscope run FILE [--timestamps] [--epoch SECONDS] [--trace OUT.json] [--stats]"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) != Some("run") {
        return usage();
    }
    let mut file = None;
    let mut timestamps = false;
    let mut trace_out = None;
    let mut stats = false;
    let mut epoch = 0.0;
    let mut it = args[1..].iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--timestamps" => timestamps = true,
            "--stats" => stats = true,
            "--epoch" => match it.next().map(|e| e.parse::<f64>()) {
                Some(Ok(e)) if e.is_finite() => epoch = e,
                _ => return usage(),
            },
            "--trace" => match it.next() {
                Some(p) => trace_out = Some(p.clone()),
                None => return usage(),
            },
            f if file.is_none() && !f.starts_with("--") => file = Some(f.to_string()),
            _ => return usage(),
        }
    }
    let Some(file) = file else { return usage() };
    let source = match std::fs::read_to_string(&file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("coroscope: can't open file '{file}': {e}");
            return ExitCode::from(2);
        }
    };
    let name = file.clone();
    // The interpreter recurses on the Rust stack (bounded by the recursion limit): give it room.
    let opts = RunOptions {
        timestamps,
        epoch,
        ..RunOptions::default()
    };
    let worker = std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(move || run_file(&name, &source, opts));
    let outcome = match worker.map(|h| h.join()) {
        Ok(Ok(o)) => o,
        _ => {
            eprintln!("coroscope: the interpreter thread failed");
            return ExitCode::from(70);
        }
    };
    use std::io::Write;
    let _ = std::io::stdout().write_all(outcome.stdout.as_bytes());
    let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
    if let Some(path) = trace_out {
        if let Err(e) = std::fs::write(&path, coroscope::trace::chrome::export(&outcome.trace)) {
            eprintln!("coroscope: can't write trace '{path}': {e}");
            return ExitCode::from(2);
        }
    }
    if stats {
        let n = outcome.trace.records.len();
        let b = outcome.trace.approx_bytes();
        eprintln!(
            "trace: {n} events, {b} bytes, {:.1} bytes/event",
            b as f64 / n.max(1) as f64
        );
    }
    ExitCode::from(outcome.exit_code as u8)
}
