//! Export to the Chrome Trace Event JSON format, which Perfetto (ui.perfetto.dev) and
//! `chrome://tracing` open: one track per task named after it (`thread_name` metadata,
//! ordered like the lanes), a complete event (`"ph":"X"`) per state segment, instant events
//! (`"ph":"i"`) for prints, results, exceptions, cancellations, warnings and blocking calls,
//! and flow arrows from wakers to the tasks they wake. Timestamps are microseconds on the
//! loop clock. The JSON is written by hand (no serde).

use std::fmt::Write;

use super::event::{Cause, TaskId, Trace};
use super::model::{outcome_text, MarkerKind, Model, Outcome, TaskState};

/// The `pid` of the run; tasks are its threads.
const PID: u32 = 1;
/// The `tid` of top-level code and the loop itself; task `n` is `tid` `n + 1`.
const LOOP_TID: u32 = 0;

fn tid(task: TaskId) -> u32 {
    task.0 + 1
}

/// Derives the model of `trace` and exports it (see [`to_json`]).
pub fn export(trace: &Trace) -> String {
    to_json(trace, &Model::from_trace(trace))
}

/// The Chrome Trace Event JSON of a run whose model is `model` (open segments end at the
/// last event).
pub fn to_json(trace: &Trace, model: &Model) -> String {
    let end = model.end_time();
    let mut w = Writer::new();
    w.meta("process_name", LOOP_TID, "name", "coroscope");
    w.meta("thread_name", LOOP_TID, "name", "event loop");
    w.sort_index(LOOP_TID, 0);
    for (row, &task) in model.lanes().iter().enumerate() {
        w.meta("thread_name", tid(task), "name", model.name(trace, task));
        w.sort_index(tid(task), row + 1);
    }
    for &task in model.lanes() {
        let segs = model.segments(task);
        for (i, seg) in segs.iter().enumerate() {
            if seg.state.is_done() {
                continue;
            }
            let label = model.segment_label(trace, task, i, end);
            let name = if label.is_empty() {
                seg.state.name()
            } else {
                &label
            };
            let t1 = seg.t1.min(end).max(seg.t0);
            w.begin(name, seg.state.name(), "X", tid(task), seg.t0);
            w.field_num("dur", (t1 - seg.t0) * 1e6);
            w.args_begin();
            w.arg("state", seg.state.name());
            if seg.state == TaskState::Awaiting {
                w.arg("awaiting", &label);
            }
            w.end_args_and_event();
        }
        if let Some(end) = model.end(task) {
            if let Outcome::Returned(_) = end.outcome {
                w.begin("return", "ready", "i", tid(task), end.t);
                w.field_str("s", "t");
                w.args_begin();
                w.arg("result", &outcome_text(trace, end.outcome));
                w.end_args_and_event();
            }
        }
    }
    for m in model.markers() {
        let tid = m.task.map(tid).unwrap_or(LOOP_TID);
        let (name, cat) = match m.kind {
            MarkerKind::Print(_) => ("print", "print"),
            MarkerKind::Exception(_) => ("exception", "failed"),
            MarkerKind::Cancelled => ("cancelled", "cancelled"),
            MarkerKind::Warning(_) => ("warning", "warning"),
            MarkerKind::Blocked(_) => ("blocked", "warning"),
        };
        w.begin(name, cat, "i", tid, m.t);
        w.field_str("s", "t");
        w.args_begin();
        match m.kind {
            MarkerKind::Print(text) | MarkerKind::Blocked(text) => w.arg("text", trace.str(text)),
            MarkerKind::Exception(e) => {
                if let Some(err) = trace.errors.get(e as usize) {
                    w.arg("type", &err.type_name);
                    w.arg("message", &err.message);
                    w.arg("traceback", &err.text);
                }
            }
            MarkerKind::Cancelled => {}
            MarkerKind::Warning(i) => {
                if let Some(warning) = trace.warnings.get(i as usize) {
                    w.arg("message", &warning.message);
                    w.arg_num("line", warning.line as f64);
                }
            }
        }
        w.end_args_and_event();
    }
    for (id, a) in model.arrows().iter().enumerate() {
        let from = match a.from {
            Cause::Task(task) => tid(task),
            _ => LOOP_TID,
        };
        for (ph, tid) in [("s", from), ("f", tid(a.to))] {
            w.begin("wake", "wake", ph, tid, a.t);
            w.field_num("id", id as f64);
            if ph == "f" {
                w.field_str("bp", "e");
            }
            w.end_event();
        }
    }
    w.finish()
}

/// A tiny streaming writer for the `traceEvents` array.
struct Writer {
    out: String,
    first: bool,
}

impl Writer {
    fn new() -> Self {
        Writer {
            out: String::from("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n"),
            first: true,
        }
    }

    fn begin(&mut self, name: &str, cat: &str, ph: &str, tid: u32, t: f64) {
        if !self.first {
            self.out.push_str(",\n");
        }
        self.first = false;
        self.out.push_str("{\"name\":");
        escape_into(&mut self.out, name);
        self.out.push_str(",\"cat\":");
        escape_into(&mut self.out, cat);
        self.out.push_str(",\"ph\":");
        escape_into(&mut self.out, ph);
        let _ = write!(self.out, ",\"pid\":{PID},\"tid\":{tid}");
        self.field_num("ts", t * 1e6);
    }

    fn field_num(&mut self, key: &str, v: f64) {
        self.out.push(',');
        escape_into(&mut self.out, key);
        self.out.push(':');
        push_num(&mut self.out, v);
    }

    fn field_str(&mut self, key: &str, v: &str) {
        self.out.push(',');
        escape_into(&mut self.out, key);
        self.out.push(':');
        escape_into(&mut self.out, v);
    }

    fn args_begin(&mut self) {
        self.out.push_str(",\"args\":{");
    }

    fn arg_sep(&mut self) {
        if !self.out.ends_with('{') {
            self.out.push(',');
        }
    }

    fn arg(&mut self, key: &str, v: &str) {
        self.arg_sep();
        escape_into(&mut self.out, key);
        self.out.push(':');
        escape_into(&mut self.out, v);
    }

    fn arg_num(&mut self, key: &str, v: f64) {
        self.arg_sep();
        escape_into(&mut self.out, key);
        self.out.push(':');
        push_num(&mut self.out, v);
    }

    fn end_args_and_event(&mut self) {
        self.out.push_str("}}");
    }

    fn end_event(&mut self) {
        self.out.push('}');
    }

    fn meta(&mut self, name: &str, tid: u32, key: &str, value: &str) {
        self.begin(name, "__metadata", "M", tid, 0.0);
        self.args_begin();
        self.arg(key, value);
        self.end_args_and_event();
    }

    fn sort_index(&mut self, tid: u32, index: usize) {
        self.begin("thread_sort_index", "__metadata", "M", tid, 0.0);
        self.args_begin();
        self.arg_num("sort_index", index as f64);
        self.end_args_and_event();
    }

    fn finish(mut self) -> String {
        self.out.push_str("\n]}\n");
        self.out
    }
}

/// Writes a JSON number (microseconds keep three decimals; non-finite values become 0).
fn push_num(out: &mut String, v: f64) {
    if !v.is_finite() {
        out.push('0');
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        let _ = write!(out, "{}", v as i64);
    } else {
        let s = format!("{v:.3}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        out.push_str(s);
    }
}

/// Writes `s` as a JSON string literal: quotes, backslashes and control characters escaped.
pub fn escape_into(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::synth::{synthetic_trace, TraceBuilder};
    use crate::trace::WarningKind;
    use std::io::Write as _;
    use std::process::{Command, Stdio};

    /// Runs `script` under python3 with the JSON on stdin; returns its stdout.
    fn python(json: &str, script: &str) -> String {
        let mut child = Command::new("python3")
            .arg("-c")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(json.as_bytes())
            .expect("write json");
        let out = child.wait_with_output().expect("python3 finishes");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    fn sample() -> Trace {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None);
        b.run(main);
        let child = b.create("worker \"1\"\n\t\\", Some(main));
        b.await_task(main, child);
        b.run(child);
        b.print(Some(child), "héllo <b>\u{1}</b> \u{2028}");
        let timer = b.sleep(child, 0.25);
        b.fire(timer).run(child);
        b.fail(child, "ValueError", "bad 'x'");
        b.warn(
            WarningKind::ExceptionNeverRetrieved,
            Some(child),
            "Task exception was never retrieved",
        );
        b.queue(main, Cause::Task(child)).run(main);
        b.finish(main, "[1, 'a']");
        b.build()
    }

    #[test]
    fn export_is_valid_json_that_python_parses_with_the_expected_structure() {
        let json = export(&sample());
        let out = python(
            &json,
            r#"
import json, sys
d = json.load(sys.stdin)
ev = d["traceEvents"]
names = sorted(e["args"]["name"] for e in ev if e["name"] == "thread_name")
print(names)
xs = [e for e in ev if e["ph"] == "X"]
print(sorted({e["tid"] for e in xs}))
print([e["name"] for e in xs if e["tid"] == 1])
print([(e["name"], e["ts"], e["dur"]) for e in xs if e["tid"] == 2 and e["name"].startswith("sleep")])
print(sorted(e["name"] for e in ev if e["ph"] == "i"))
print([e["args"]["text"] for e in ev if e["name"] == "print"])
print([e["args"]["result"] for e in ev if e["name"] == "return"])
print(sum(1 for e in ev if e["ph"] in "sf"))
"#,
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], r#"['event loop', 'main', 'worker "1"\n\t\\']"#);
        assert_eq!(lines[1], "[1, 2]");
        assert_eq!(
            lines[2],
            r#"['pending', 'running', 'await worker "1"\n\t\\', 'pending', 'running']"#
        );
        assert_eq!(lines[3], "[('sleep(0.25)', 0, 250000)]");
        assert_eq!(lines[4], "['exception', 'print', 'return', 'warning']");
        assert_eq!(lines[5], r"['héllo <b>\x01</b> \u2028']");
        assert_eq!(lines[6], "[\"[1, 'a']\"]");
        assert_eq!(lines[7], "6");
    }

    #[test]
    fn strings_are_escaped_for_json() {
        let mut s = String::new();
        escape_into(&mut s, "a\"b\\c\nd\u{7}e");
        assert_eq!(s, r#""a\"b\\c\nd\u0007e""#);
    }

    #[test]
    fn numbers_are_finite_microseconds() {
        let mut s = String::new();
        push_num(&mut s, 1.5e6);
        s.push(' ');
        push_num(&mut s, 0.1234567);
        s.push(' ');
        push_num(&mut s, f64::INFINITY);
        assert_eq!(s, "1500000 0.123 0");
    }

    #[test]
    fn big_synthetic_export_parses() {
        let trace = synthetic_trace(100, 10_000, 4);
        let json = export(&trace);
        let out = python(
            &json,
            r#"
import json, sys
d = json.load(sys.stdin)
ev = d["traceEvents"]
print(sum(1 for e in ev if e["name"] == "thread_name"))
print(all(e.get("dur", 0) >= 0 for e in ev))
"#,
        );
        assert_eq!(out, "101\nTrue\n");
    }
}
