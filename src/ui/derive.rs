//! What the console, the task table, the hints panel and the editor gutter show, derived from
//! a run's trace and timeline model at a position. Plain data and pure functions, tested on
//! the host against real runs (`run_script`); the components only render the results.

use crate::trace::model::{MarkerKind, Model, TaskRow, TaskState};
use crate::trace::{Cause, Event, TaskId, Trace, WarningKind};

/// How many console lines are kept (older ones are counted, not shown).
pub const CONSOLE_LIMIT: usize = 1_000;

/// One printed line as the console shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct PrintLine {
    /// Loop time of the print (seconds).
    pub t: f64,
    /// The task that printed (`None`: top-level code).
    pub task: Option<TaskId>,
    /// One line of text (a print with newlines gives several lines).
    pub text: String,
}

/// The console's printed lines at a position: the last [`CONSOLE_LIMIT`] lines and how many
/// earlier ones are hidden.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConsoleView {
    /// Lines not shown (the oldest).
    pub hidden: usize,
    /// Lines shown, oldest first.
    pub lines: Vec<PrintLine>,
}

/// The printed lines within the first `pos` events, keeping the last `limit`.
pub fn console_at(model: &Model, trace: &Trace, pos: usize, limit: usize) -> ConsoleView {
    let markers = model.markers_until_pos(pos);
    let mut lines: Vec<PrintLine> = Vec::new();
    let mut total = 0usize;
    // Walk backwards so a huge console costs O(limit), then restore order.
    for marker in markers.iter().rev() {
        let MarkerKind::Print(text) = marker.kind else {
            continue;
        };
        let text = trace.str(text);
        let parts: Vec<&str> = text.split('\n').collect();
        for part in parts.iter().rev() {
            total += 1;
            if lines.len() < limit {
                lines.push(PrintLine {
                    t: marker.t,
                    task: marker.task,
                    text: (*part).to_string(),
                });
            }
        }
    }
    lines.reverse();
    ConsoleView {
        hidden: total - lines.len(),
        lines,
    }
}

/// The whole printed text of a run (what `print` wrote to stdout), from its trace.
pub fn stdout_text(trace: &Trace) -> String {
    let mut out = String::new();
    for record in &trace.records {
        if let Event::Print(_, text) = record.event {
            out.push_str(trace.str(text));
            out.push('\n');
        }
    }
    out
}

/// One stderr line; a traceback frame line carries the script line it points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrLine {
    /// The text.
    pub text: String,
    /// For `File "main.py", line N, in f` (and a syntax error's `line N`): N.
    pub line: Option<u32>,
}

/// Splits stderr into lines, recognising CPython's frame lines in the script
/// (`File "main.py", line N`; not the runtime's own `<asyncio>` or `<frozen ...>` frames).
pub fn stderr_lines(stderr: &str) -> Vec<ErrLine> {
    stderr
        .lines()
        .map(|text| ErrLine {
            text: text.to_string(),
            line: frame_line(text),
        })
        .collect()
}

fn frame_line(text: &str) -> Option<u32> {
    let text = text.trim_start();
    // `File "main.py", line N, in f` (tracebacks) or `main.py:N: RuntimeWarning: ...`.
    let rest = match text.strip_prefix("File \"") {
        Some(frame) if !frame.starts_with('<') => frame.split_once("\", line ")?.1,
        Some(_) => return None,
        None => text.split_once(".py:")?.1,
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// A teaching hint: what happened, where, and the fix in one sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    /// Which warning.
    pub kind: WarningKind,
    /// A short title.
    pub title: &'static str,
    /// The line it points at (0: none).
    pub line: u32,
    /// The runtime's message (CPython's text where it has one).
    pub message: String,
    /// How to fix it, in one sentence.
    pub fix: &'static str,
}

/// Title and one-sentence fix of each warning kind.
pub fn hint_text(kind: WarningKind) -> (&'static str, &'static str) {
    match kind {
        WarningKind::NeverAwaited => (
            "Coroutine never awaited",
            "Calling an async function only creates a coroutine: await it, or wrap it in asyncio.create_task() to run it concurrently.",
        ),
        WarningKind::ExceptionNeverRetrieved => (
            "Task exception never retrieved",
            "Await the task (or gather it, or call task.exception()) so its error is handled instead of silently lost.",
        ),
        WarningKind::BlockingSleep => (
            "time.sleep blocked the event loop",
            "Use await asyncio.sleep(...) instead: time.sleep freezes every task until it returns.",
        ),
        WarningKind::LongRunningStep => (
            "A task ran a long time without yielding",
            "Split the work and add await asyncio.sleep(0) in the loop (or move it to a thread) so other tasks get a turn.",
        ),
        WarningKind::NoEventLoop => (
            "No event loop ran",
            "Nothing called asyncio.run(), so there are no tasks to draw: put the async code in an async def main() and end the script with asyncio.run(main()).",
        ),
    }
}

/// The hints raised within the first `pos` events, in order.
pub fn hints_at(model: &Model, trace: &Trace, pos: usize) -> Vec<Hint> {
    let mut hints = Vec::new();
    for marker in model.markers_until_pos(pos) {
        if let MarkerKind::Warning(i) = marker.kind {
            if let Some(w) = trace.warnings.get(i as usize) {
                hints.push(hint(w.kind, w.line, &w.message));
            }
        }
    }
    // Warnings recorded after the last event (at the very end of a run) count at the end.
    if pos >= model.len() {
        let seen = hints.len();
        for w in trace.warnings.iter().skip(seen) {
            hints.push(hint(w.kind, w.line, &w.message));
        }
    }
    hints
}

fn hint(kind: WarningKind, line: u32, message: &str) -> Hint {
    let (title, fix) = hint_text(kind);
    Hint {
        kind,
        title,
        line,
        message: message.to_string(),
        fix,
    }
}

/// A gutter mark: where a live task is in the script at a position, coloured as the task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GutterMark {
    /// 1-based line: the `await` it last suspended at, else its `async def`.
    pub line: u32,
    /// The task.
    pub task: TaskId,
    /// Its state.
    pub state: TaskState,
    /// Its name.
    pub name: String,
}

/// Gutter marks for the tasks alive (not done) at `pos`: the running one first.
pub fn gutter_marks(model: &Model, rows: &[TaskRow], pos: usize) -> Vec<GutterMark> {
    let mut marks: Vec<GutterMark> = rows
        .iter()
        .filter(|r| !r.state.is_done())
        .filter_map(|r| {
            let line = model.line_at_pos(r.task, pos).unwrap_or(r.line);
            (line > 0).then_some(GutterMark {
                line,
                task: r.task,
                state: r.state,
                name: r.name.clone(),
            })
        })
        .collect();
    marks.sort_by_key(|m| (m.state != TaskState::Running, m.line));
    marks
}

/// The task-table columns one can sort by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// Lane order (creation tree).
    Lane,
    /// Name.
    Name,
    /// State (legend order).
    State,
    /// Creation time.
    Created,
    /// End time (unfinished last).
    Finished,
}

/// Sorts table rows by `key`, ascending or not; ties keep lane order.
pub fn sort_rows(rows: &mut [TaskRow], key: SortKey, ascending: bool) {
    rows.sort_by(|a, b| {
        let ord = match key {
            SortKey::Lane => a.row.cmp(&b.row),
            SortKey::Name => a.name.cmp(&b.name),
            SortKey::State => a.state.cmp(&b.state),
            SortKey::Created => a.created.total_cmp(&b.created),
            SortKey::Finished => a
                .finished
                .unwrap_or(f64::INFINITY)
                .total_cmp(&b.finished.unwrap_or(f64::INFINITY)),
        };
        let ord = if ascending { ord } else { ord.reverse() };
        ord.then(a.row.cmp(&b.row))
    });
}

/// The palette index of a task's colour: `id % TASK_COLOURS` (the timeline's identity colours,
/// Tableau 10, in the same order); top-level code gets [`TASK_COLOURS`] (drawn muted).
pub fn task_colour(task: Option<TaskId>) -> usize {
    match task {
        Some(id) => id.0 as usize % TASK_COLOURS,
        None => TASK_COLOURS,
    }
}

/// How many task colours the stylesheet defines (`--task-0` … `--task-9`; `.task-10` is
/// top-level code).
pub const TASK_COLOURS: usize = 10;

/// The task a cause names, if any.
pub fn cause_task(cause: Cause) -> Option<TaskId> {
    match cause {
        Cause::Task(id) => Some(id),
        _ => None,
    }
}

/// Formats loop time for the console gutter: `1.000`.
pub fn format_time(t: f64) -> String {
    format!("{t:.3}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{run_script, RunOptions};

    fn run(source: &str) -> (Trace, Model, String) {
        let outcome = run_script(source, RunOptions::default());
        let model = Model::from_trace(&outcome.trace);
        (outcome.trace, model, outcome.stderr)
    }

    const TWO_TASKS: &str = "import asyncio\n\nasync def w(n):\n    await asyncio.sleep(n)\n    print('w', n)\n    return n\n\nasync def main():\n    print('start')\n    print(await asyncio.gather(w(0.2), w(0.1)))\n\nasyncio.run(main())\n";

    #[test]
    fn the_console_at_the_end_equals_what_the_script_printed() {
        let (trace, model, _) = run(TWO_TASKS);
        let view = console_at(&model, &trace, model.len(), CONSOLE_LIMIT);
        let text: Vec<&str> = view.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(text, ["start", "w 0.1", "w 0.2", "[0.2, 0.1]"]);
        assert_eq!(view.hidden, 0);
        assert_eq!(view.lines[1].t, 0.1);
        assert!(view.lines[1].task.is_some());
        assert_eq!(stdout_text(&trace), "start\nw 0.1\nw 0.2\n[0.2, 0.1]\n");
    }

    #[test]
    fn the_console_at_an_earlier_position_shows_only_earlier_prints() {
        let (trace, model, _) = run(TWO_TASKS);
        let pos = model.pos_at_time(&trace, 0.15);
        let view = console_at(&model, &trace, pos, CONSOLE_LIMIT);
        assert_eq!(view.lines.len(), 2);
        assert!(console_at(&model, &trace, 0, CONSOLE_LIMIT)
            .lines
            .is_empty());
    }

    #[test]
    fn a_long_console_keeps_the_last_lines_and_counts_the_hidden_ones() {
        let source = "for i in range(30):\n    print(i)\nprint('a\\nb')\n";
        let (trace, model, _) = run(source);
        let view = console_at(&model, &trace, model.len(), 5);
        let text: Vec<&str> = view.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(text, ["27", "28", "29", "a", "b"]);
        assert_eq!(view.hidden, 27);
    }

    #[test]
    fn traceback_frames_point_at_their_lines() {
        let source = "import asyncio\n\nasync def main():\n    raise ValueError('boom')\n\nasyncio.run(main())\n";
        let (_, _, stderr) = run(source);
        let lines = stderr_lines(&stderr);
        assert_eq!(
            lines.first().map(|l| l.text.as_str()),
            Some("Traceback (most recent call last):")
        );
        assert!(lines.iter().any(|l| l.line == Some(4)), "{lines:?}");
        assert!(lines.iter().any(|l| l.line == Some(6)), "{lines:?}");
        assert_eq!(
            lines.last().map(|l| l.text.as_str()),
            Some("ValueError: boom")
        );
    }

    #[test]
    fn a_syntax_error_line_is_clickable_too() {
        let lines = stderr_lines(
            "  File \"main.py\", line 3\n    x = (\nSyntaxError: '(' was never closed\n",
        );
        assert_eq!(lines[0].line, Some(3));
        assert_eq!(lines[2].line, None);
        let warning = stderr_lines("main.py:10: RuntimeWarning: coroutine 'f' was never awaited");
        assert_eq!(warning[0].line, Some(10));
    }

    #[test]
    fn a_never_awaited_coroutine_gives_a_hint_with_its_line_and_fix() {
        let source = "import asyncio\n\nasync def f():\n    pass\n\nasync def main():\n    f()\n\nasyncio.run(main())\n";
        let (trace, model, _) = run(source);
        let hints = hints_at(&model, &trace, model.len());
        assert_eq!(hints.len(), 1, "{hints:?}");
        assert_eq!(hints[0].kind, WarningKind::NeverAwaited);
        assert!(hints[0].line > 0);
        assert!(hints[0].fix.contains("await"));
        assert!(hints_at(&model, &trace, 0).is_empty());
    }

    #[test]
    fn a_blocking_sleep_gives_a_hint_at_its_call() {
        let source = "import asyncio, time\n\nasync def main():\n    time.sleep(0.5)\n\nasyncio.run(main())\n";
        let (trace, model, _) = run(source);
        let hints = hints_at(&model, &trace, model.len());
        let blocking = hints.iter().find(|h| h.kind == WarningKind::BlockingSleep);
        assert_eq!(blocking.map(|h| h.line), Some(4), "{hints:?}");
    }

    #[test]
    fn gutter_marks_show_where_live_tasks_wait() {
        let (trace, model, _) = run(TWO_TASKS);
        let pos = model.pos_at_time(&trace, 0.05);
        let rows = model.task_rows_at_pos(&trace, pos);
        let marks = gutter_marks(&model, &rows, pos);
        assert_eq!(marks.len(), 3, "{marks:?}");
        // main waits at its gather (line 10); both workers at their sleep (line 4).
        let mut lines: Vec<u32> = marks.iter().map(|m| m.line).collect();
        lines.sort();
        assert_eq!(lines, [4, 4, 10]);
        let end = model.task_rows_at_pos(&trace, model.len());
        assert!(gutter_marks(&model, &end, model.len()).is_empty());
    }

    #[test]
    fn rows_sort_by_name_and_back_with_lane_order_for_ties() {
        let (trace, model, _) = run(TWO_TASKS);
        let mut rows = model.task_rows_at_pos(&trace, model.len());
        sort_rows(&mut rows, SortKey::Name, true);
        let names: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
        assert_eq!(names, ["Task-1", "Task-2", "Task-3"]);
        sort_rows(&mut rows, SortKey::Finished, false);
        assert_eq!(rows[0].name, "Task-1");
        sort_rows(&mut rows, SortKey::Lane, true);
        assert_eq!(rows[0].row, 0);
    }

    #[test]
    fn top_level_code_has_its_own_colour() {
        assert_eq!(task_colour(None), TASK_COLOURS);
        assert_eq!(task_colour(Some(TaskId(13))), 3);
    }
}
