//! Asyncio conformance: every `tests/cases/{async,time,random}__*.py` runs under CPython on
//! the virtual clock (`tests/oracle/vclock.py --timestamps`, live) and under
//! `coroscope run FILE --timestamps`; the timestamped stdout must be byte-identical, and a
//! failing script must fail with the same last stderr line and exit status 1. The live
//! CPython output must also still equal the committed goldens (`NAME.out`, `NAME.err_last`,
//! `NAME.err_warn`; regenerate with `python3 tests/oracle/regen.py`).
//!
//! Every case runs; all failures are reported together. See `tests/oracle/harness.rs` for the
//! environment knobs (`CONFORMANCE_FILTER`, `COROSCOPE_UNDER_TEST`, `PYTHON`).

#[path = "oracle/cpython.rs"]
mod cpython;
#[path = "oracle/harness.rs"]
mod harness;

/// Area prefixes owned by the asyncio runtime's conformance suite.
const ASYNC_PREFIXES: [&str; 3] = ["async__", "time__", "random__"];

#[test]
fn asyncio_cases_match_cpython_on_the_virtual_clock() {
    let cases = harness::list_cases(|name, _| ASYNC_PREFIXES.iter().any(|p| name.starts_with(p)));
    cpython::require_cases("asyncio conformance", cases.len(), 115);
    harness::run_conformance("asyncio conformance", &cases, true, true);
}

#[test]
fn the_virtual_clock_oracle_passes_its_self_checks() {
    let mut cmd = std::process::Command::new(cpython::require_311());
    cmd.arg(
        harness::root()
            .join("tests")
            .join("oracle")
            .join("selftest.py"),
    );
    let out = harness::run_with_timeout(cmd, std::time::Duration::from_secs(60));
    assert_eq!(
        out.code,
        Some(0),
        "tests/oracle/selftest.py failed:\n{}{}",
        out.stdout,
        out.stderr
    );
}
