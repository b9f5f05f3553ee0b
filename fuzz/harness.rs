//! What the fuzz targets run, shared with `tests/fuzz_corpus.rs` (which replays the committed
//! corpus and every regression through the same code on each `cargo test`).
//!
//! - [`parse`]: any bytes through the front end as the CLI and the page see them: decoding,
//!   lexing, parsing, scopes, the AST dump, the editor's highlighter and the error's rendering.
//! - [`run`]: any UTF-8 text run as a script with small limits and a bounded number of polls
//!   (so endless loops end), then the trace through the timeline model, the console, hints and
//!   the Chrome export, as the page and the CLI use them.

#![allow(dead_code)]

use coroscope::interp::limits::Limits;
use coroscope::runtime::run::Session;
use coroscope::runtime::{Clock, RunOptions};
use coroscope::trace::model::Model;

/// Polls of a run before it is stopped (each runs at most [`STEP_BUDGET`] evaluation steps).
pub const MAX_POLLS: usize = 200;
/// Evaluation steps per poll.
pub const STEP_BUDGET: u64 = 1_000;

/// Front end only.
pub fn parse(data: &[u8]) {
    let source = match coroscope::syntax::decode_source(data, "fuzz.py") {
        Ok(s) => s,
        Err(e) => {
            let _ = e.render(&String::from_utf8_lossy(data), "fuzz.py");
            return;
        }
    };
    match coroscope::syntax::parse_module(source) {
        Ok(module) => {
            let _ = coroscope::syntax::dump::dump_module(&module);
        }
        Err(e) => {
            let _ = e.render(source, "<script>");
            let _ = (e.line(source), e.column(source));
        }
    }
    let _ = coroscope::ui::highlight::highlight(source);
}

/// A whole run, on a thread with the stack the CLI gives the interpreter.
pub fn run(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let source = source.to_string();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run_on_this_thread(&source))
        .expect("spawn the run's thread")
        .join()
        .expect("the run's thread does not panic");
}

fn run_on_this_thread(source: &str) {
    let opts = RunOptions {
        clock: Clock::Virtual,
        step_budget: STEP_BUDGET,
        limits: Limits {
            max_memory: 64 << 20,
            max_tasks: 1_000,
            max_output: 64 << 10,
            max_events: 50_000,
        },
        ..RunOptions::default()
    };
    let mut session = Session::new(source, opts);
    for _ in 0..MAX_POLLS {
        if session.poll().is_none() {
            break;
        }
    }
    session.stop();
    let outcome = session.outcome();
    let trace = &outcome.trace;
    let _ = coroscope::trace::chrome::export(trace);
    let mut model = Model::default();
    model.sync(trace);
    let len = model.len();
    for pos in [0, len / 2, len] {
        let rows = model.task_rows_at_pos(trace, pos);
        let _ = coroscope::ui::derive::console_at(&model, trace, pos, 100);
        let _ = coroscope::ui::derive::hints_at(&model, trace, pos);
        let _ = coroscope::ui::derive::gutter_marks(&model, &rows, pos);
    }
    let _ = coroscope::ui::derive::stderr_lines(&outcome.stderr);
}
