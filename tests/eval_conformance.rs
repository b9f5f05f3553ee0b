//! Evaluation conformance: every non-async `tests/cases/*.py` (language cases; not the
//! `async__`/`time__`/`random__` areas and no file mentioning `asyncio`) runs under CPython
//! (`tests/oracle/vclock.py`, live, so tracebacks name `<script>`) and under
//! `coroscope run FILE`; stdout must be byte-identical, and a failing program must fail with
//! the same last stderr line and exit status 1. No goldens are checked here.
//!
//! Every case runs; all failures are reported together. See `tests/oracle/harness.rs` for the
//! environment knobs (`CONFORMANCE_FILTER`, `COROSCOPE_UNDER_TEST`, `PYTHON`).

#[path = "oracle/cpython.rs"]
mod cpython;
#[path = "oracle/harness.rs"]
mod harness;

/// Area prefixes covered by `asyncio_conformance.rs` instead.
const ASYNC_PREFIXES: [&str; 3] = ["async__", "time__", "random__"];

#[test]
fn language_cases_match_cpython() {
    let cases = harness::list_cases(|name, source| {
        !ASYNC_PREFIXES.iter().any(|p| name.starts_with(p)) && !source.contains("asyncio")
    });
    cpython::require_cases("eval conformance", cases.len(), 150);
    harness::run_conformance("eval conformance", &cases, false, false);
}
