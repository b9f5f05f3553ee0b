//! The CPython that the comparison tests check against: `$PYTHON` (default `python3`) must be
//! CPython 3.11. When it is missing or another version, every comparison test fails with a
//! message saying so: none of them passes by skipping.
//!
//! Included with `#[path = "oracle/cpython.rs"] mod cpython;` by each test that runs CPython.

#![allow(dead_code)]

use std::process::Command;
use std::sync::OnceLock;

/// The interpreter command (`$PYTHON`, default `python3`).
pub fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// Checks (once per test binary) that [`python`] runs CPython 3.11; panics otherwise.
/// Returns the command.
pub fn require_311() -> String {
    static CHECKED: OnceLock<Result<(), String>> = OnceLock::new();
    let python = python();
    let verdict = CHECKED.get_or_init(|| {
        let out = Command::new(&python)
            .args([
                "-c",
                "import sys, platform; print(platform.python_implementation(), '%d.%d' % sys.version_info[:2])",
            ])
            .output()
            .map_err(|e| format!("cannot run `{python}` ({e}): the CPython comparisons need CPython 3.11 (set PYTHON to use another command)"))?;
        let said = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if said == "CPython 3.11" {
            Ok(())
        } else {
            Err(format!(
                "`{python}` is {said:?}, not CPython 3.11: the comparisons need exactly 3.11 (set PYTHON)"
            ))
        }
    });
    if let Err(message) = verdict {
        panic!("{message}");
    }
    python
}

/// Fails when fewer than `min` cases were found, unless a filter deliberately selects some:
/// a suite that silently lost its cases must not pass.
pub fn require_cases(suite: &str, found: usize, min: usize) {
    if std::env::var("CONFORMANCE_FILTER").is_ok() {
        return;
    }
    assert!(
        found >= min,
        "{suite}: only {found} cases found, expected at least {min}"
    );
}
