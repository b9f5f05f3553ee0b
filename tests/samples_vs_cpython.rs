//! Every gallery sample (`static/samples/*.py`, as bundled by `coroscope::ui::samples`) runs
//! identically under CPython on the virtual clock (`tests/oracle/vclock.py --timestamps`) and
//! under `coroscope::runtime::run_script`: byte-identical timestamped stdout and the same exit
//! status. All differences are reported together.

#[path = "oracle/cpython.rs"]
mod cpython;

use std::process::Command;

use coroscope::runtime::{run_script, RunOptions};
use coroscope::ui::samples::SAMPLES;

#[test]
fn every_sample_prints_what_cpython_prints_at_the_same_instants() {
    let root = env!("CARGO_MANIFEST_DIR");
    let python = cpython::require_311();
    assert!(SAMPLES.len() >= 14, "only {} samples", SAMPLES.len());
    let mut failures = Vec::new();
    for sample in SAMPLES {
        let path = format!("{root}/static/samples/{}.py", sample.id);
        let on_disk = std::fs::read_to_string(&path).expect("sample file exists");
        assert_eq!(on_disk, sample.source, "{} is bundled stale", sample.id);
        let out = Command::new(&python)
            .arg(format!("{root}/tests/oracle/vclock.py"))
            .arg(&path)
            .arg("--timestamps")
            .output()
            .expect("python3 runs");
        let expected = String::from_utf8_lossy(&out.stdout).into_owned();
        let ours = run_script(
            sample.source,
            RunOptions {
                timestamps: true,
                ..RunOptions::default()
            },
        );
        if ours.stdout != expected || ours.exit_code != out.status.code().unwrap_or(-1) {
            failures.push(format!(
                "{}: CPython (exit {:?}):\n{expected}\ncoroscope (exit {}):\n{}",
                sample.id,
                out.status.code(),
                ours.exit_code,
                ours.stdout
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
