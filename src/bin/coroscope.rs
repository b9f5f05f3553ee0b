//! `coroscope run FILE [options]`: runs a script on the virtual clock with the same core as the
//! page, printing what it prints. The options (and the limits they change) are in [`USAGE`].
//! The script is named as given (tracebacks, warnings, `__file__`); its wall clock starts at the
//! Unix epoch, or `--epoch SECONDS` after it.
//!
//! It never aborts: a script that reaches a limit ends with a message, and a bug of ours (a
//! panic) is reported as an internal error with exit status 70.

use std::process::ExitCode;

use coroscope::interp::limits::{parse_size, Limits};
use coroscope::runtime::{run_file, RunOptions};

const USAGE: &str = "usage: coroscope run FILE [--timestamps] [--epoch SECONDS] [--trace OUT.json]
                      [--stats] [--max-memory SIZE] [--max-tasks N] [--max-output SIZE]
                      [--max-events N]
  SIZE is bytes, or a number with K, M or G (binary: 512M is 512 MiB)";

/// Exit status of an internal error (EX_SOFTWARE).
const INTERNAL_ERROR: i32 = 70;

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

/// What the command line asks for.
struct Cli {
    file: String,
    trace_out: Option<String>,
    stats: bool,
    opts: RunOptions,
}

/// Reads the value of a limit flag into `slot`.
fn limit_arg(value: Option<&String>, size: bool, slot: &mut usize) -> Option<()> {
    let text = value?;
    *slot = if size {
        parse_size(text)?
    } else {
        text.replace('_', "").parse().ok()?
    };
    Some(())
}

fn parse_args(args: &[String]) -> Option<Cli> {
    if args.first().map(String::as_str) != Some("run") {
        return None;
    }
    let mut file = None;
    let mut trace_out = None;
    let mut stats = false;
    let mut opts = RunOptions::default();
    let mut limits = Limits::default();
    let mut it = args[1..].iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--timestamps" => opts.timestamps = true,
            "--stats" => stats = true,
            "--trace" => trace_out = Some(it.next()?.clone()),
            "--epoch" => {
                opts.epoch = it.next()?.parse::<f64>().ok().filter(|e| e.is_finite())?;
            }
            "--max-memory" => limit_arg(it.next(), true, &mut limits.max_memory)?,
            "--max-tasks" => limit_arg(it.next(), false, &mut limits.max_tasks)?,
            "--max-output" => limit_arg(it.next(), true, &mut limits.max_output)?,
            "--max-events" => limit_arg(it.next(), false, &mut limits.max_events)?,
            f if file.is_none() && !f.starts_with("--") => file = Some(f.to_string()),
            _ => return None,
        }
    }
    opts.limits = limits;
    Some(Cli {
        file: file?,
        trace_out,
        stats,
        opts,
    })
}

/// Reports a panic (a bug of ours) as an internal error and exits with status 70, instead of
/// aborting with a Rust backtrace. Installed before the run; the release profile aborts on
/// panic, so this hook is the only place that can still speak.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "coroscope: internal error{place}: {what}\n\
             This is a bug in Coroscope, not in your script. Please report it as \
             \"internal error: {what}\" with the script that caused it."
        );
        std::process::exit(INTERNAL_ERROR);
    }));
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cli) = parse_args(&args) else {
        return usage();
    };
    let bytes = match std::fs::read(&cli.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("coroscope: can't open file '{}': {e}", cli.file);
            return ExitCode::from(2);
        }
    };
    let source = match coroscope::syntax::decode_source(&bytes, &cli.file) {
        Ok(s) => s.to_string(),
        Err(e) => {
            eprint!("{}", e.render(&String::from_utf8_lossy(&bytes), &cli.file));
            return ExitCode::from(1);
        }
    };
    install_panic_hook();
    // Test builds only: a deliberate panic in the interpreter's thread proves that the hook
    // turns it into a message.
    let test_panic = cfg!(debug_assertions) && std::env::var_os("COROSCOPE_TEST_PANIC").is_some();
    // The interpreter recurses on the Rust stack (bounded by the recursion limit): give it room.
    let opts = cli.opts;
    let name = cli.file.clone();
    let worker = std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(move || {
            assert!(!test_panic, "deliberate panic (COROSCOPE_TEST_PANIC)");
            run_file(&name, &source, opts)
        });
    let outcome = match worker.map(|h| h.join()) {
        Ok(Ok(o)) => o,
        _ => {
            eprintln!("coroscope: internal error: the interpreter thread failed");
            return ExitCode::from(INTERNAL_ERROR as u8);
        }
    };
    use std::io::Write;
    let _ = std::io::stdout().write_all(outcome.stdout.as_bytes());
    let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
    if let Some(path) = cli.trace_out {
        if let Err(e) = std::fs::write(&path, coroscope::trace::chrome::export(&outcome.trace)) {
            eprintln!("coroscope: can't write trace '{path}': {e}");
            return ExitCode::from(2);
        }
    }
    if cli.stats {
        let n = outcome.trace.records.len();
        let b = outcome.trace.approx_bytes();
        eprintln!(
            "trace: {n} events, {b} bytes, {:.1} bytes/event",
            b as f64 / n.max(1) as f64
        );
    }
    ExitCode::from(outcome.exit_code as u8)
}
