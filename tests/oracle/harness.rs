//! Shared machinery of the conformance tests: run a case under the CPython oracle
//! (`tests/oracle/vclock.py`) and under our CLI, compare, and report every mismatch at once.
//!
//! Included by `tests/asyncio_conformance.rs` and `tests/eval_conformance.rs` with
//! `#[path = "oracle/harness.rs"] mod harness;`.
//!
//! Environment knobs:
//! - `PYTHON` — the CPython 3.11 interpreter (default `python3`);
//! - `COROSCOPE_UNDER_TEST` — a whitespace-separated command line to test instead of
//!   `coroscope run` (e.g. `python3 tests/oracle/vclock.py`, to check the harness itself);
//!   it is invoked as `<command...> FILE [--timestamps]`;
//! - `CONFORMANCE_FILTER` — only run cases whose file name contains this substring;
//! - `CONFORMANCE_TIMEOUT_SECS` — per-process time limit (default 30).

#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

/// What one process run produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Captured standard output.
    pub stdout: String,
    /// Captured standard error.
    pub stderr: String,
    /// Exit status (`None` when killed by a signal or by the time limit).
    pub code: Option<i32>,
    /// True when the time limit ended the process.
    pub timed_out: bool,
    /// Set when the process could not be started at all.
    pub spawn_error: Option<String>,
}

/// The repository root (the crate's manifest directory).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The case directory, `tests/cases`.
pub fn cases_dir() -> PathBuf {
    root().join("tests").join("cases")
}

fn timeout() -> Duration {
    let secs = std::env::var("CONFORMANCE_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(30);
    Duration::from_secs(secs)
}

fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// Runs `cmd` with piped output, killing it after the time limit.
pub fn run_with_timeout(mut cmd: Command, limit: Duration) -> Outcome {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return Outcome {
                stdout: String::new(),
                stderr: String::new(),
                code: None,
                timed_out: false,
                spawn_error: Some(format!("{cmd:?}: {e}")),
            }
        }
    };
    let mut out_pipe = child.stdout.take().expect("stdout is piped");
    let mut err_pipe = child.stderr.take().expect("stderr is piped");
    let out_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        buf
    });
    let err_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        buf
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) => {
                if start.elapsed() > limit {
                    let _ = child.kill();
                    timed_out = true;
                    break child.wait().ok();
                }
                thread::sleep(Duration::from_millis(5));
            }
            Err(_) => break None,
        }
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    Outcome {
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        code: if timed_out {
            None
        } else {
            status.and_then(|s| s.code())
        },
        timed_out,
        spawn_error: None,
    }
}

/// `file` relative to the repository root (`tests/cases/NAME.py`): both implementations are
/// given the same path, as the name tracebacks, warnings and reprs show.
pub fn relative(file: &Path) -> PathBuf {
    let root = root();
    file.strip_prefix(&root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| file.to_path_buf())
}

/// Runs `file` under CPython on the virtual clock (`vclock.py`).
pub fn run_oracle(file: &Path, timestamps: bool) -> Outcome {
    let mut cmd = Command::new(python());
    cmd.arg(root().join("tests").join("oracle").join("vclock.py"))
        .arg(relative(file));
    if timestamps {
        cmd.arg("--timestamps");
    }
    cmd.current_dir(root());
    run_with_timeout(cmd, timeout())
}

/// Runs `file` under the implementation being tested (`coroscope run` by default).
pub fn run_ours(file: &Path, timestamps: bool) -> Outcome {
    let mut cmd = match std::env::var("COROSCOPE_UNDER_TEST") {
        Ok(line) if !line.trim().is_empty() => {
            let mut words = line.split_whitespace();
            let program = words.next().expect("checked non-empty above");
            let mut cmd = Command::new(program);
            cmd.args(words);
            cmd.arg(relative(file));
            cmd
        }
        _ => {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_coroscope"));
            cmd.arg("run").arg(relative(file));
            cmd
        }
    };
    if timestamps {
        cmd.arg("--timestamps");
    }
    cmd.current_dir(root());
    run_with_timeout(cmd, timeout())
}

/// The last line of `text` (trailing newlines ignored), or "" when empty.
pub fn last_line(text: &str) -> &str {
    text.trim_end_matches(['\n', '\r'])
        .lines()
        .last()
        .unwrap_or("")
}

/// The teaching warnings in a stderr text (see `tests/oracle/regen.py`).
pub fn warning_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| {
            (l.contains(".py:")
                && l.contains(": RuntimeWarning: coroutine '")
                && l.ends_with("' was never awaited"))
                || *l == "Task exception was never retrieved"
        })
        .map(str::to_string)
        .collect()
}

/// A readable account of where two texts first differ (a few lines of context).
pub fn first_difference(label_a: &str, a: &str, label_b: &str, b: &str) -> String {
    let la: Vec<&str> = a.split_inclusive('\n').collect();
    let lb: Vec<&str> = b.split_inclusive('\n').collect();
    let first = la
        .iter()
        .zip(lb.iter())
        .position(|(x, y)| x != y)
        .unwrap_or(la.len().min(lb.len()));
    let mut s = format!(
        "    first difference at line {} ({} has {} lines, {} has {} lines)\n",
        first + 1,
        label_a,
        la.len(),
        label_b,
        lb.len()
    );
    let from = first.saturating_sub(2);
    for (i, line) in la.iter().enumerate().take(first).skip(from) {
        s.push_str(&format!(
            "      {:>4}   {}\n",
            i + 1,
            line.trim_end_matches('\n')
        ));
    }
    let show = |s: &mut String, label: &str, lines: &[&str]| {
        if first >= lines.len() {
            s.push_str(&format!("      {label:>6}: <end of output>\n"));
        }
        for (i, line) in lines.iter().enumerate().skip(first).take(4) {
            s.push_str(&format!(
                "      {label:>6} {:>4} {:?}\n",
                i + 1,
                line.trim_end_matches('\n')
            ));
        }
    };
    show(&mut s, label_a, &la);
    show(&mut s, label_b, &lb);
    s
}

fn describe_code(o: &Outcome) -> String {
    if let Some(e) = &o.spawn_error {
        return format!("could not start: {e}");
    }
    if o.timed_out {
        return "killed after the time limit".to_string();
    }
    match o.code {
        Some(c) => format!("exit {c}"),
        None => "killed by a signal".to_string(),
    }
}

fn read_golden(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// Checks the live CPython outcome against the committed goldens next to `case`.
fn check_golden(case: &Path, py: &Outcome, problems: &mut Vec<String>) {
    let stem = case.with_extension("");
    let golden = |ext: &str| read_golden(&PathBuf::from(format!("{}{ext}", stem.display())));
    match golden(".out") {
        None => problems.push("no golden .out (run python3 tests/oracle/regen.py)".to_string()),
        Some(want) if want != py.stdout => problems.push(format!(
            "CPython stdout no longer equals the golden .out (regenerate?)\n{}",
            first_difference("golden", &want, "cpython", &py.stdout)
        )),
        Some(_) => {}
    }
    let err_last = golden(".err_last");
    let want_code = if err_last.is_some() { 1 } else { 0 };
    if py.code != Some(want_code) {
        problems.push(format!(
            "CPython {} but the goldens expect exit {want_code}",
            describe_code(py)
        ));
    }
    if let Some(want) = err_last {
        if want.trim_end_matches('\n') != last_line(&py.stderr) {
            problems.push(format!(
                "CPython's last stderr line {:?} differs from the golden .err_last {:?}",
                last_line(&py.stderr),
                want.trim_end_matches('\n')
            ));
        }
    }
    let want_warn: Vec<String> = golden(".err_warn")
        .map(|w| w.lines().map(str::to_string).collect())
        .unwrap_or_default();
    if want_warn != warning_lines(&py.stderr) {
        problems.push(format!(
            "CPython's warnings {:?} differ from the golden .err_warn {:?}",
            warning_lines(&py.stderr),
            want_warn
        ));
    }
}

/// Compares our outcome with CPython's.
fn compare(py: &Outcome, ours: &Outcome, problems: &mut Vec<String>) {
    if ours.spawn_error.is_some() || ours.timed_out {
        problems.push(format!("ours: {}", describe_code(ours)));
    }
    if ours.stdout != py.stdout {
        problems.push(format!(
            "stdout differs\n{}",
            first_difference("cpython", &py.stdout, "ours", &ours.stdout)
        ));
    }
    if ours.code != py.code && !ours.timed_out && ours.spawn_error.is_none() {
        problems.push(format!(
            "exit status differs: cpython {}, ours {}",
            describe_code(py),
            describe_code(ours)
        ));
    }
    if py.code != Some(0) && last_line(&ours.stderr) != last_line(&py.stderr) {
        problems.push(format!(
            "last stderr line differs\n      cpython {:?}\n         ours {:?}",
            last_line(&py.stderr),
            last_line(&ours.stderr)
        ));
    }
    let ours_lines: Vec<&str> = ours.stderr.lines().collect();
    for w in warning_lines(&py.stderr) {
        if !ours_lines.contains(&w.as_str()) {
            problems.push(format!("warning missing from our stderr: {w:?}"));
        }
    }
    if !problems.is_empty() && !ours.stderr.is_empty() {
        let tail: Vec<&str> = ours_lines.iter().rev().take(6).rev().copied().collect();
        problems.push(format!(
            "our stderr ends with:\n        {}",
            tail.join("\n        ")
        ));
    }
}

/// The `.py` files in `tests/cases` accepted by `select` (and by `CONFORMANCE_FILTER`).
pub fn list_cases(select: impl Fn(&str, &str) -> bool) -> Vec<PathBuf> {
    let filter = std::env::var("CONFORMANCE_FILTER").unwrap_or_default();
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(cases_dir()) {
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !name.ends_with(".py") || !name.contains(&filter) {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            if select(&name, &source) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Runs every case under both implementations and panics with a report of every failure.
pub fn run_conformance(title: &str, cases: &[PathBuf], timestamps: bool, golden: bool) {
    super::cpython::require_311();
    let results: Mutex<Vec<(String, Vec<String>)>> = Mutex::new(Vec::new());
    let next = Mutex::new(0usize);
    let workers = thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 4);
    thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = {
                    let mut n = next.lock().expect("no worker panics holding the lock");
                    let i = *n;
                    *n += 1;
                    i
                };
                let Some(case) = cases.get(i) else { break };
                let name = case
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let mut problems = Vec::new();
                let py = run_oracle(case, timestamps);
                if py.spawn_error.is_some() || py.timed_out {
                    problems.push(format!("cpython oracle: {}", describe_code(&py)));
                }
                if golden {
                    check_golden(case, &py, &mut problems);
                }
                let ours = run_ours(case, timestamps);
                compare(&py, &ours, &mut problems);
                results
                    .lock()
                    .expect("no worker panics holding the lock")
                    .push((name, problems));
            });
        }
    });
    let mut results = results.into_inner().expect("workers are done");
    results.sort();
    let known = known_failures();
    let failing: Vec<&(String, Vec<String>)> =
        results.iter().filter(|(_, p)| !p.is_empty()).collect();
    let mut report = String::new();
    for (name, problems) in &failing {
        let tag = if known.contains_key(name.as_str()) {
            " (known failure)"
        } else {
            ""
        };
        report.push_str(&format!("\n--- {name}{tag}\n"));
        for p in problems {
            report.push_str(&format!("  * {p}\n"));
        }
    }
    let unexpected: Vec<&str> = failing
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| !known.contains_key(*n))
        .collect();
    let fixed: Vec<&str> = results
        .iter()
        .filter(|(n, p)| p.is_empty() && known.contains_key(n.as_str()))
        .map(|(n, _)| n.as_str())
        .collect();
    let summary = format!(
        "{title}: {} cases, {} identical, {} failing ({} known, listed in tests/cases/KNOWN_FAILURES)",
        results.len(),
        results.len() - failing.len(),
        failing.len(),
        failing.len() - unexpected.len()
    );
    println!("{report}\n{summary}");
    assert!(
        unexpected.is_empty(),
        "{summary}; unexpected failures: {}",
        unexpected.join(", ")
    );
    assert!(
        fixed.is_empty(),
        "{summary}; these now pass, remove them from KNOWN_FAILURES: {}",
        fixed.join(", ")
    );
}

/// Cases that are known not to match CPython yet, each with the reason: `NAME.py  reason`.
/// A listed case that starts passing fails the suite, so the list only shrinks.
fn known_failures() -> std::collections::HashMap<String, String> {
    let path = cases_dir().join("KNOWN_FAILURES");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.splitn(2, char::is_whitespace);
            let name = parts.next()?.to_string();
            Some((name, parts.next().unwrap_or("").trim().to_string()))
        })
        .collect()
}
