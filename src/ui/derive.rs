//! What the console, the task table, the hints panel and the editor gutter show, derived from
//! a run's trace and timeline model at a position. Plain data and pure functions, tested on
//! the host against real runs (`run_script`); the components only render the results.

use super::driver::DriverStatus;
use crate::trace::model::{
    outcome_text, MarkerKind, Model, Outcome, QueueItem, TaskRow, TaskState,
};
use crate::trace::{Awaiting, Cause, Event, TaskId, Trace, WarningKind};

/// How many console lines are kept (older ones are counted, not shown).
pub const CONSOLE_LIMIT: usize = 1_000;

/// One printed line as the console shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct PrintLine {
    /// Loop time of the print (seconds).
    pub t: f64,
    /// The task that printed (`None`: top-level code).
    pub task: Option<TaskId>,
    /// The printing task's name when it printed (`None`: top-level code).
    pub name: Option<String>,
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
        let name = marker
            .task
            .map(|t| model.name_at_pos(trace, t, marker.p as usize).to_string());
        for part in parts.iter().rev() {
            total += 1;
            if lines.len() < limit {
                lines.push(PrintLine {
                    t: marker.t,
                    task: marker.task,
                    name: name.clone(),
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

/// `n` and the noun, singular or plural: `1 task`, `3 tasks`, `0 tasks`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Where each pending task's step waits in the ready queue after `pos` events: sets the
/// row's `awaiting` to `#2 in the ready queue` (1 = the head, taken next), the same number
/// the event-loop panel shows on that queue entry, so the two are visibly the same thing.
pub fn mark_queue_turns(model: &Model, rows: &mut [TaskRow], pos: usize) {
    for (i, entry) in model.ready_queue_at_pos(pos).iter().enumerate() {
        if let QueueItem::Step(task, _) = entry.item {
            if let Some(row) = rows
                .iter_mut()
                .find(|r| r.task == task && r.state == TaskState::Pending)
            {
                row.awaiting = queue_turn_text(i + 1);
            }
        }
    }
}

/// How the task table names a place in the ready queue (1 = the head).
pub fn queue_turn_text(turn: usize) -> String {
    if turn == 1 {
        "#1 in the ready queue (next)".to_string()
    } else {
        format!("#{turn} in the ready queue")
    }
}

/// What the screen-reader announcer says about a run: its status in a sentence, or, while the
/// user steps or scrubs (`pinned`: position, events recorded, what the event did), where they
/// are. It changes only when something that matters changes (never per print or per event of
/// a run being followed), so a long run does not flood a screen reader.
pub fn announce(
    status: Option<DriverStatus>,
    pinned: Option<(usize, usize, &str)>,
    tasks: usize,
    lines: usize,
    error: Option<&str>,
) -> String {
    let Some(status) = status else {
        return String::new();
    };
    if let Some((pos, len, event)) = pinned {
        let what = if event.is_empty() {
            "nothing has happened yet".to_string()
        } else {
            event.to_string()
        };
        return format!("Event {pos} of {len}: {what}.");
    }
    match status {
        DriverStatus::Running => "Running.".to_string(),
        DriverStatus::Paused => "Paused.".to_string(),
        DriverStatus::Stopped => "Stopped.".to_string(),
        DriverStatus::Finished(0) => format!(
            "Finished: {}, {} printed.",
            count(tasks, "task", "tasks"),
            count(lines, "line", "lines")
        ),
        DriverStatus::Finished(_) => match error {
            Some(error) => format!("Failed: {error}"),
            None => "Failed.".to_string(),
        },
    }
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

/// Task identity colours: *which* task, never what it is doing. Chosen apart from the six
/// state colours (Okabe–Ito, [`super::legend::style_of`]): at least ΔE2000 19 from each of
/// them and from one another, and at least 3:1 against both the light and the dark pane (a
/// search over sRGB, greedy max-min). Colour alone cannot carry identity for everyone, nor
/// beyond eight tasks: every identity mark also has a [`Shape`] and the task's name nearby.
pub const IDENTITY_COLORS: [&str; 8] = [
    "#8830f8", "#889828", "#d01040", "#308890", "#c80090", "#806840", "#9088f0", "#786088",
];

/// The second cue of a task's identity, cycled every [`IDENTITY_COLORS`]`.len()` tasks, so the
/// first 32 tasks all look different.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    /// ●
    Circle,
    /// ■
    Square,
    /// ▲
    Triangle,
    /// ◆
    Diamond,
}

impl Shape {
    /// Every shape, in the order tasks cycle through them.
    pub const ALL: [Shape; 4] = [
        Shape::Circle,
        Shape::Square,
        Shape::Triangle,
        Shape::Diamond,
    ];

    /// Its CSS name (`id-circle`...).
    pub fn name(self) -> &'static str {
        match self {
            Shape::Circle => "circle",
            Shape::Square => "square",
            Shape::Triangle => "triangle",
            Shape::Diamond => "diamond",
        }
    }
}

/// How a task is told apart from the others: a colour (`None`: top-level code, drawn muted)
/// and a shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Identity {
    /// Index into [`IDENTITY_COLORS`]; `None` for top-level code.
    pub color: Option<usize>,
    /// The shape.
    pub shape: Shape,
}

impl Identity {
    /// The CSS classes that draw it: `id-c3 id-triangle` (`id-top` for top-level code).
    pub fn class(self) -> String {
        match self.color {
            Some(c) => format!("id-c{c} id-{}", self.shape.name()),
            None => format!("id-top id-{}", self.shape.name()),
        }
    }

    /// Its colour, where it has one.
    pub fn hex(self) -> Option<&'static str> {
        self.color.map(|c| IDENTITY_COLORS[c])
    }
}

/// The identity of a task (`None`: top-level code): colour by id, then the next shape once
/// the colours run out.
pub fn task_identity(task: Option<TaskId>) -> Identity {
    let n = IDENTITY_COLORS.len();
    match task {
        Some(id) => {
            let i = id.0 as usize;
            Identity {
                color: Some(i % n),
                shape: Shape::ALL[(i / n) % Shape::ALL.len()],
            }
        }
        None => Identity {
            color: None,
            shape: Shape::Circle,
        },
    }
}

/// The task a cause names, if any.
pub fn cause_task(cause: Cause) -> Option<TaskId> {
    match cause {
        Cause::Task(id) => Some(id),
        _ => None,
    }
}

/// Seconds for people: at most microsecond precision, trailing zeros trimmed but one decimal
/// kept (`1.0 s`, `0.25 s`, `10.286 s`), microseconds below a millisecond (`12.5 µs`).
pub fn secs(t: f64) -> String {
    fn trim(s: String) -> String {
        if !s.contains('.') {
            return s;
        }
        let s = s.trim_end_matches('0');
        if s.ends_with('.') {
            format!("{s}0")
        } else {
            s.to_string()
        }
    }
    if !t.is_finite() {
        return format!("{t} s");
    }
    if t != 0.0 && t.abs() < 1e-3 {
        return format!("{} µs", trim(format!("{:.3}", t * 1e6)));
    }
    let s = trim(format!("{t:.6}"));
    if s == "-0.0" {
        "0.0 s".to_string()
    } else {
        format!("{s} s")
    }
}

/// A sentence about what the event that brought the run to `pos` did.
pub fn describe_event(model: &Model, trace: &Trace, event: Event, pos: usize) -> String {
    let name = |t| model.name_at_pos(trace, t, pos).to_string();
    let timer = |t: crate::trace::TimerId| {
        trace
            .timers
            .get(t.0 as usize)
            .map(|i| trace.str(i.label).to_string())
            .unwrap_or_else(|| format!("timer {}", t.0))
    };
    match event {
        Event::TaskCreated(t) => format!("created task {}", name(t)),
        Event::TaskRenamed(t, _) => format!("renamed a task to {}", name(t)),
        Event::StepQueued(t, c) => format!(
            "queued a step of {} ({})",
            name(t),
            model.cause_text(trace, Cause::from(c), pos)
        ),
        Event::CallbackQueued(label, _) => format!("queued callback {}", trace.str(label)),
        Event::HandleRun => {
            let head = pos
                .checked_sub(1)
                .and_then(|p| model.ready_queue_at_pos(p).first().copied());
            match head {
                Some(e) => format!(
                    "took {} from the head of the ready queue",
                    model.queue_item_text(trace, e.item, pos)
                ),
                None => "took the head of the ready queue".to_string(),
            }
        }
        Event::HandleSkipped => "dropped a cancelled handle from the head".to_string(),
        Event::TaskResumed(t) => format!("{} resumed", name(t)),
        Event::TaskSuspended(t, a) => {
            let a = Awaiting::from(a);
            let at = model.time_at_pos(trace, pos);
            format!(
                "{} suspended on {}",
                name(t),
                model.awaiting_label(trace, a, at, at)
            )
        }
        Event::TaskFinished(t, repr) => format!("{} returned {}", name(t), trace.str(repr)),
        Event::TaskFailed(t, e) => {
            format!(
                "{} raised {}",
                name(t),
                outcome_text(trace, Outcome::Raised(e))
            )
        }
        Event::TaskCancelled(t) => format!("{} was cancelled", name(t)),
        Event::TimerArmed(t) => {
            let due = trace
                .timers
                .get(t.0 as usize)
                .map(|i| secs(i.deadline))
                .unwrap_or_default();
            format!("armed timer {} due at {due}", timer(t))
        }
        Event::TimerCancelled(t) => format!("cancelled timer {}", timer(t)),
        Event::TimerFired(t) => format!("timer {} fired", timer(t)),
        Event::TaskAt(t, line) => format!("{} reached line {line}", name(t)),
        Event::FutureRegistered(f) => format!(
            "a task now waits on {}",
            trace
                .futures
                .get(f.0 as usize)
                .map(|i| trace.str(i.label))
                .unwrap_or("a future")
        ),
        Event::Blocked(c, what) => format!(
            "{} blocked the loop in {}",
            model.cause_text(trace, Cause::from(c), pos),
            trace.str(what)
        ),
        Event::Print(c, s) => format!(
            "{} printed {:?}",
            model.cause_text(trace, Cause::from(c), pos),
            trace.str(s)
        ),
        Event::Warning(w) => format!(
            "hint: {}",
            trace
                .warnings
                .get(w as usize)
                .map(|w| w.message.as_str())
                .unwrap_or("")
        ),
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
    use crate::trace::synth::TraceBuilder;

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
    fn announcements_say_status_changes_and_steps_not_each_event() {
        assert_eq!(announce(None, None, 0, 0, None), "");
        let running = announce(Some(DriverStatus::Running), None, 3, 10, None);
        // A followed run says the same thing however many events or prints arrive.
        assert_eq!(
            running,
            announce(Some(DriverStatus::Running), None, 5, 500, None)
        );
        assert_eq!(
            announce(Some(DriverStatus::Finished(0)), None, 1, 1, None),
            "Finished: 1 task, 1 line printed."
        );
        assert_eq!(
            announce(
                Some(DriverStatus::Finished(1)),
                None,
                2,
                0,
                Some("ValueError: boom")
            ),
            "Failed: ValueError: boom"
        );
        assert_eq!(
            announce(
                Some(DriverStatus::Paused),
                Some((3, 9, "main resumed")),
                1,
                0,
                None
            ),
            "Event 3 of 9: main resumed."
        );
    }

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count(1, "task", "tasks"), "1 task");
        assert_eq!(count(0, "task", "tasks"), "0 tasks");
        assert_eq!(count(2, "line", "lines"), "2 lines");
    }

    #[test]
    fn a_pending_task_names_its_place_in_the_ready_queue() {
        let (trace, model, _) = run(TWO_TASKS);
        // Find a position where both workers wait in the ready queue.
        let pos = (0..=model.len())
            .find(|&p| model.ready_queue_at_pos(p).len() >= 2)
            .expect("gather queues both workers");
        let mut rows = model.task_rows_at_pos(&trace, pos);
        mark_queue_turns(&model, &mut rows, pos);
        let turns: Vec<&str> = rows
            .iter()
            .filter(|r| r.state == TaskState::Pending)
            .map(|r| r.awaiting.as_str())
            .collect();
        assert!(turns.contains(&"#1 in the ready queue (next)"), "{turns:?}");
        assert!(turns.contains(&"#2 in the ready queue"), "{turns:?}");
    }

    #[test]
    fn each_print_line_carries_its_task_name() {
        let (trace, model, _) = run(TWO_TASKS);
        let view = console_at(&model, &trace, model.len(), CONSOLE_LIMIT);
        let names: Vec<Option<&str>> = view.lines.iter().map(|l| l.name.as_deref()).collect();
        assert_eq!(
            names,
            [
                Some("Task-1"),
                Some("Task-3"),
                Some("Task-2"),
                Some("Task-1")
            ]
        );
        let top = run("print('top')\n");
        let view = console_at(&top.1, &top.0, top.1.len(), CONSOLE_LIMIT);
        assert_eq!(view.lines[0].name, None);
    }

    #[test]
    fn top_level_code_has_its_own_identity_and_32_tasks_all_differ() {
        assert_eq!(task_identity(None).color, None);
        assert_eq!(task_identity(None).class(), "id-top id-circle");
        assert_eq!(task_identity(Some(TaskId(11))).class(), "id-c3 id-square");
        let ids: Vec<Identity> = (0..32).map(|i| task_identity(Some(TaskId(i)))).collect();
        for (i, a) in ids.iter().enumerate() {
            assert!(!ids[..i].contains(a), "task {i} repeats an identity");
        }
    }

    /// CIE L*a*b* of `#rrggbb` (D65).
    fn lab(hex: &str) -> [f64; 3] {
        let v = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let (r, g, b) = (v(1), v(3), v(5));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    fn delta_e(a: &str, b: &str) -> f64 {
        let (a, b) = (lab(a), lab(b));
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
    }

    #[test]
    fn identity_colours_are_far_from_every_state_colour_and_from_each_other() {
        for (i, id) in IDENTITY_COLORS.iter().enumerate() {
            for state in TaskState::ALL {
                let s = super::super::legend::style_of(state).color;
                assert!(delta_e(id, s) >= 25.0, "{id} vs {s} ({state:?})");
            }
            for other in &IDENTITY_COLORS[..i] {
                assert!(delta_e(id, other) >= 30.0, "{id} vs {other}");
            }
        }
    }

    #[test]
    fn seconds_are_short_and_keep_one_decimal() {
        assert_eq!(secs(1.0), "1.0 s");
        assert_eq!(secs(0.25), "0.25 s");
        assert_eq!(secs(10.285999996), "10.286 s");
        assert_eq!(secs(0.0), "0.0 s");
        assert_eq!(secs(0.0000125), "12.5 µs");
        assert_eq!(secs(120.0), "120.0 s");
    }

    /// main sleeps 0.5 s; a child created by main runs meanwhile.
    fn trace() -> Trace {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None);
        b.run(main);
        let child = b.create("child", Some(main));
        let timer = b.sleep(main, 0.5);
        b.run(child).finish(child, "42");
        b.fire(timer).run(main).finish(main, "None");
        b.build()
    }

    fn all_descriptions(trace: &Trace) -> Vec<String> {
        let model = Model::from_trace(trace);
        (1..=model.len())
            .map(|pos| {
                let event = model.record_at_pos(trace, pos).map(|r| r.event);
                describe_event(
                    &model,
                    trace,
                    event.expect("an event at every position"),
                    pos,
                )
            })
            .collect()
    }

    #[test]
    fn describing_a_handle_run_names_the_step_taken_from_the_head() {
        let d = all_descriptions(&trace());
        assert_eq!(d[0], "created task main");
        assert_eq!(d[1], "queued a step of main (loop)");
        assert_eq!(d[2], "took step main from the head of the ready queue");
        assert!(d.contains(&"took step child from the head of the ready queue".to_string()));
    }

    #[test]
    fn describing_suspensions_timers_and_ends_uses_script_terms() {
        let d = all_descriptions(&trace());
        assert!(
            d.contains(&"armed timer sleep due at 0.5 s".to_string()),
            "{d:?}"
        );
        assert!(
            d.contains(&"main suspended on sleep(0.5)".to_string()),
            "{d:?}"
        );
        assert!(d.contains(&"timer sleep fired".to_string()), "{d:?}");
        assert!(d.contains(&"child returned 42".to_string()), "{d:?}");
    }
}
