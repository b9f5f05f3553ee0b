//! Whole tracebacks, not just their last line: for every case in `tests/cases` that ends with
//! an uncaught exception, our traceback must equal CPython's once both are normalised the same
//! way — 3.11's caret lines dropped, and frames of asyncio's own code (CPython's library files,
//! our `<asyncio>` prelude) dropped with their source lines. The normalised CPython text is
//! kept as a golden snapshot `NAME.tb` (regenerate with `UPDATE_GOLDEN=1`), so a change in
//! either side shows up in review.

#[path = "oracle/cpython.rs"]
mod cpython;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// CPython's stderr for a case: through the virtual-clock oracle for asyncio scripts, plain
/// `python3` otherwise (the oracle's own frames would shift recursion-limit counts).
fn cpython(case: &Path) -> (i32, String) {
    let src = std::fs::read_to_string(case).expect("case");
    let mut cmd = Command::new(cpython::require_311());
    if src.contains("asyncio") {
        cmd.arg(root().join("tests/oracle/vclock.py"));
    }
    let out = cmd
        .arg(case)
        .current_dir(root())
        .output()
        .expect("python3 runs");
    let text =
        String::from_utf8_lossy(&out.stderr).replace(&case.display().to_string(), "<script>");
    (out.status.code().unwrap_or(-1), text)
}

fn ours(case: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_coroscope"))
        .arg("run")
        .arg(case)
        .output()
        .expect("coroscope runs");
    String::from_utf8_lossy(&out.stderr).replace(&case.display().to_string(), "<script>")
}

/// Keeps the traceback part, drops caret lines and frames that are not the script's.
fn normalise(stderr: &str) -> String {
    let start = stderr
        .find("Traceback (most recent call last)")
        .or_else(|| stderr.find("  + Exception Group Traceback"));
    let Some(start) = start else {
        return String::new();
    };
    let text = &stderr[stderr[..start].rfind('\n').map_or(0, |i| i + 1)..];
    let mut out = Vec::new();
    let mut skipping_indent: Option<usize> = None;
    for line in text.lines() {
        let body = line.trim_start_matches([' ', '|', '+']);
        let margin = line.len() - body.len();
        if let Some(ind) = skipping_indent {
            if margin > ind && !body.starts_with("File ") {
                continue;
            }
            skipping_indent = None;
        }
        if body.starts_with("File \"") && !body.starts_with("File \"<script>\"") {
            skipping_indent = Some(margin);
            continue;
        }
        if !body.is_empty() && body.chars().all(|c| c == '^' || c == '~' || c == ' ') {
            continue;
        }
        out.push(line.trim_end().to_string());
    }
    out.join("\n")
}

#[test]
fn uncaught_exceptions_print_cpythons_traceback() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("tests/cases"))
        .expect("cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    cases.sort();
    let update = std::env::var("UPDATE_GOLDEN").is_ok();
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in &cases {
        let (code, err) = cpython(case);
        let theirs = normalise(&err);
        if code != 1 || theirs.is_empty() || err.contains("SyntaxError") {
            continue;
        }
        checked += 1;
        let golden = case.with_extension("tb");
        if update {
            std::fs::write(&golden, format!("{theirs}\n")).expect("write golden");
        }
        let saved = std::fs::read_to_string(&golden).unwrap_or_default();
        if saved.trim_end() != theirs {
            failures.push(format!(
                "{}: CPython's traceback differs from the golden {}",
                case.display(),
                golden.display()
            ));
        }
        let mine = normalise(&ours(case));
        if mine != theirs {
            failures.push(format!(
                "{}:\n--- cpython\n{theirs}\n--- ours\n{mine}",
                case.display()
            ));
        }
    }
    println!(
        "traceback conformance: {checked} cases, {} differing",
        failures.len()
    );
    assert!(checked >= 20, "only {checked} failing cases found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
