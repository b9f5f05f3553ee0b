//! Resource limits (`src/interp/limits.rs`): every runaway a script can write ends with
//! Python's own error or a clear message, in the evaluator and in the CLI, and never aborts.
//!
//! Runs use small limits (a 64 MiB memory budget, a few tasks, a little output) so each case
//! takes milliseconds; the README's table gives the defaults.

use std::process::Command;
use std::time::{Duration, Instant};

use coroscope::interp::limits::Limits;
use coroscope::runtime::run::{Session, Waiting};
use coroscope::runtime::{run_script, Clock, Outcome, RunOptions};

/// Memory is measured for the whole process: runs that reach the budget take turns, so one
/// test's allocations never count against another's.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn limits() -> Limits {
    Limits {
        max_memory: 64 << 20,
        max_tasks: 50,
        max_output: 4 << 10,
        max_events: 20_000,
    }
}

fn run(source: &str) -> Outcome {
    let _turn = serial();
    run_script(
        source,
        RunOptions {
            limits: limits(),
            ..RunOptions::default()
        },
    )
}

/// Runs `source`, which must finish within `secs` seconds (natively, in a test build).
fn run_quickly(source: &str, secs: u64) -> Outcome {
    let start = Instant::now();
    let out = run(source);
    assert!(
        start.elapsed() < Duration::from_secs(secs),
        "took {:?}: {source}",
        start.elapsed()
    );
    out
}

fn caught(expr: &str) -> String {
    format!("try:\n    x = {expr}\nexcept MemoryError as e:\n    print('MemoryError', e.args)\n")
}

#[test]
fn huge_ints_raise_memory_error_before_computing() {
    for expr in [
        "1 << 10**11",
        "3 ** 10**8",
        "10**10**10",
        "(-7) ** 10**9",
        "2 ** 2**64",
    ] {
        let out = run_quickly(&caught(expr), 5);
        assert_eq!(out.stdout, "MemoryError ()\n", "{expr}: {}", out.stderr);
    }
    // Large but reasonable ints are still computed.
    let out = run_quickly("print(len(str(3 ** 4000)), (1 << 100000) > 0)", 5);
    assert_eq!(out.stdout, "1909 True\n", "{}", out.stderr);
}

#[test]
fn doubling_loops_stop_at_the_budget_and_the_script_can_recover() {
    let loops = [
        "s = 'a'\nwhile True:\n    s += s",
        "l = [0]\nwhile True:\n    l += l",
        "l = [0]\nwhile True:\n    l = l + l",
        "t = (0,)\nwhile True:\n    t = t * 2",
        "n = 3\nwhile True:\n    n = n * n",
        "d = {}\ni = 0\nwhile True:\n    d[i] = [i] * 100\n    i += 1",
        "a = []\nwhile True:\n    a.append('x' * 1000)",
    ];
    for body in loops {
        let indented = body.replace('\n', "\n    ");
        let source = format!(
            "try:\n    {indented}\nexcept MemoryError:\n    print('caught')\nprint('after')\n"
        );
        let out = run_quickly(&source, 30);
        assert_eq!(out.stdout, "caught\nafter\n", "{body}\n{}", out.stderr);
        assert_eq!(out.exit_code, 0);
    }
}

#[test]
fn an_uncaught_memory_error_ends_the_run_with_the_limit_explained() {
    let out = run_quickly("print('start')\nx = [0] * 10**10\n", 5);
    assert_eq!(out.stdout, "start\n");
    assert_eq!(out.exit_code, 1);
    assert!(out.stderr.contains("\nMemoryError\n"), "{}", out.stderr);
    assert!(
        out.stderr.contains("memory limit (64 MiB for a run)"),
        "{}",
        out.stderr
    );
}

#[test]
fn empty_sequences_repeat_at_once_whatever_the_count() {
    let out = run_quickly("print([] * 10**18, '' * 10**18 == '', () * (2**63 - 1))", 2);
    assert_eq!(out.stdout, "[] True ()\n", "{}", out.stderr);
}

#[test]
fn too_many_tasks_alive_stops_the_run_with_a_message() {
    let source = "import asyncio\n\
        async def sleeper():\n    await asyncio.sleep(10)\n\
        async def main():\n    print('creating')\n    tasks = []\n    try:\n        for _ in range(1000):\n            tasks.append(asyncio.create_task(sleeper()))\n    except BaseException:\n        print('caught, still going')\n    while True:\n        await asyncio.sleep(0)\n\
        asyncio.run(main())\n";
    let out = run_quickly(source, 10);
    assert!(out.stdout.starts_with("creating\n"), "{}", out.stdout);
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr
            .ends_with("it reached 50 tasks alive at once, the limit for a run.\n"),
        "{}",
        out.stderr
    );
    // Tasks that finish make room for new ones.
    let churn = "import asyncio\n\
        async def quick(i):\n    return i\n\
        async def main():\n    total = 0\n    for i in range(500):\n        total += await asyncio.create_task(quick(i))\n    print(total)\n\
        asyncio.run(main())\n";
    let out = run_quickly(churn, 20);
    assert_eq!(out.stdout, "124750\n", "{}", out.stderr);
}

#[test]
fn endless_output_stops_the_run_with_a_message_keeping_what_was_printed() {
    let out = run_quickly(
        "i = 0\nwhile True:\n    try:\n        print('line', i)\n    except BaseException:\n        pass\n    i += 1\n",
        10,
    );
    assert!(out.stdout.starts_with("line 0\nline 1\n"));
    assert!(out.stdout.len() <= 4 << 10);
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr
            .ends_with("it printed 4 KiB of output, the limit for a run.\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_endless_event_stream_stops_at_the_trace_cap() {
    let source = "import asyncio\nasync def main():\n    while True:\n        await asyncio.sleep(0)\nasyncio.run(main())\n";
    let out = run_quickly(source, 20);
    assert_eq!(out.exit_code, 1);
    assert!(out.trace.records.len() <= 20_000);
    assert!(
        out.stderr
            .ends_with("it recorded 20,000 trace events, the limit for a run.\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_nan_sleep_on_the_paced_clock_does_not_spin() {
    let source = "import asyncio\nasync def main():\n    await asyncio.sleep(float('nan'))\n    print('woke')\nasyncio.run(main())\n";
    let mut s = Session::new(
        source,
        RunOptions {
            clock: Clock::Paced,
            step_budget: 1_000,
            ..RunOptions::default()
        },
    );
    let mut polls = 0;
    while let Some(w) = s.poll() {
        assert!(!matches!(w, Waiting::Until(t) if t.is_nan()));
        polls += 1;
        assert!(polls < 100, "still polling");
    }
    assert_eq!(s.outcome().stdout, "woke\n");
}

#[test]
fn a_runaway_allocation_loop_still_yields_to_the_page() {
    let _turn = serial();
    let mut s = Session::new(
        "a = []\nwhile True:\n    a.append([0] * 100)\n",
        RunOptions {
            clock: Clock::Paced,
            step_budget: 1_000,
            limits: limits(),
            ..RunOptions::default()
        },
    );
    let mut polls = 0;
    while s.poll().is_some() {
        polls += 1;
    }
    assert!(polls > 5, "the driver got control back {polls} times");
    assert!(s.outcome().stderr.contains("MemoryError"));
}

// ----- the CLI -----

fn cli(args: &[&str], script: &[u8], env: Option<(&str, &str)>) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!(
        "coroscope-limits-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("script.py");
    std::fs::write(&file, script).expect("write script");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_coroscope"));
    cmd.arg("run").arg(&file).args(args);
    if let Some((k, v)) = env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run the CLI");
    let _ = std::fs::remove_dir_all(&dir);
    out
}

#[test]
fn the_cli_honours_limit_flags() {
    let out = cli(
        &["--max-memory", "32M"],
        b"s = 'ab'\nwhile True:\n    s += s\n",
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.ends_with(
            "MemoryError\nCoroscope stopped the script at its memory limit (32 MiB for a run).\n"
        ),
        "{stderr}"
    );
    let out = cli(
        &["--max-output", "1K", "--max-events", "1_000_000"],
        b"while True:\n    print('spam')\n",
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("it printed 1 KiB of output"), "{stderr}");
    let out = cli(&["--max-tasks", "lots"], b"print(1)\n", None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-tasks N"));
}

#[test]
fn the_cli_reports_a_panic_as_an_internal_error_instead_of_aborting() {
    let out = cli(&[], b"print('hi')\n", Some(("COROSCOPE_TEST_PANIC", "1")));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(70), "{stderr}");
    assert!(
        stderr.starts_with("coroscope: internal error at "),
        "{stderr}"
    );
    assert!(
        stderr.contains("This is a bug in Coroscope, not in your script."),
        "{stderr}"
    );
}

#[test]
fn the_cli_locates_bytes_that_are_not_utf8() {
    let out = cli(&[], b"x = 1\ny = '\xff'\n", None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.starts_with("  File \""), "{stderr}");
    assert!(stderr.contains("script.py\", line 2\n"), "{stderr}");
    assert!(
        stderr.contains("SyntaxError: Non-UTF-8 code starting with '\\xff' in file "),
        "{stderr}"
    );
    let out = cli(&[], b"\xef\xbb\xbfprint('bom skipped')\n", None);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "bom skipped\n");
}
