//! The page's state as plain data: the script being edited, the run status and the console
//! lines. Components dispatch [`Action`]s; [`State::apply`] is the whole reducer, so every
//! transition is tested on the host without a browser.

use std::rc::Rc;

use yew::Reducible;

/// The script the editor shows on first load.
pub const SAMPLE_SCRIPT: &str = include_str!("../../static/samples/gather.py");

/// Identifies one press of Run. Messages from an older run are ignored once a newer run starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RunId(pub u32);

/// Where the current (or last) run stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RunStatus {
    /// Nothing has run yet.
    #[default]
    Idle,
    /// The run is in progress.
    Running(RunId),
    /// The run ended normally.
    Finished(RunId),
    /// The run ended with an error (its message is in the console).
    Failed(RunId),
}

/// Which stream a console line came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// What the script printed.
    Stdout,
    /// Errors and tracebacks from the script.
    Stderr,
    /// Notes from Coroscope itself (not from the script).
    Info,
}

/// One line in the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleLine {
    /// The stream it belongs to (drawn in its own colour).
    pub stream: Stream,
    /// The text, without a trailing newline.
    pub text: String,
}

impl ConsoleLine {
    /// A note from Coroscope itself.
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            stream: Stream::Info,
            text: text.into(),
        }
    }

    /// A line the script printed to stdout.
    pub fn stdout(text: impl Into<String>) -> Self {
        Self {
            stream: Stream::Stdout,
            text: text.into(),
        }
    }

    /// A line the script printed to stderr.
    pub fn stderr(text: impl Into<String>) -> Self {
        Self {
            stream: Stream::Stderr,
            text: text.into(),
        }
    }
}

/// Everything the page shows that is not derived from elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// The script in the editor.
    pub source: String,
    /// The run status.
    pub status: RunStatus,
    /// The console, oldest line first.
    pub console: Vec<ConsoleLine>,
    /// How many runs have started; the next run gets `RunId(runs_started + 1)`.
    pub runs_started: u32,
}

impl Default for State {
    fn default() -> Self {
        Self::new(SAMPLE_SCRIPT)
    }
}

/// What can happen to the [`State`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The user edited the script.
    EditSource(String),
    /// A run starts: the console is cleared. Ignored unless the id is [`State::next_run`] (so
    /// a double click cannot start the same run twice).
    Start(RunId),
    /// A run wrote a line. Ignored if the run is not the current one.
    Print(RunId, ConsoleLine),
    /// A run ended normally. Ignored if the run is not the current one.
    Finish(RunId),
    /// A run ended with an error message (shown on stderr). Ignored if the run is not the
    /// current one.
    Fail(RunId, String),
    /// The user cleared the console.
    ClearConsole,
}

impl State {
    /// A fresh state with `source` in the editor.
    pub fn new(source: impl Into<String>) -> Self {
        Self {
            source: source.into(),
            status: RunStatus::Idle,
            console: Vec::new(),
            runs_started: 0,
        }
    }

    /// The id the next [`Action::Start`] must carry.
    pub fn next_run(&self) -> RunId {
        RunId(self.runs_started + 1)
    }

    /// Whether a run is in progress.
    pub fn is_running(&self) -> bool {
        matches!(self.status, RunStatus::Running(_))
    }

    fn is_current(&self, run: RunId) -> bool {
        self.status == RunStatus::Running(run)
    }

    /// Applies one action in place.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::EditSource(source) => self.source = source,
            Action::Start(run) => {
                if run == self.next_run() {
                    self.runs_started = run.0;
                    self.status = RunStatus::Running(run);
                    self.console.clear();
                }
            }
            Action::Print(run, line) => {
                if self.is_current(run) {
                    self.console.push(line);
                }
            }
            Action::Finish(run) => {
                if self.is_current(run) {
                    self.status = RunStatus::Finished(run);
                }
            }
            Action::Fail(run, message) => {
                if self.is_current(run) {
                    self.console.push(ConsoleLine::stderr(message));
                    self.status = RunStatus::Failed(run);
                }
            }
            Action::ClearConsole => self.console.clear(),
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        Rc::new(next)
    }
}

/// The console line reporting a browser timer probe: how long was asked for and how long it
/// really took, both in milliseconds.
pub fn timer_report(delay_ms: u32, measured_ms: f64) -> String {
    format!("waited {delay_ms} ms on a browser timer (measured {measured_ms:.0} ms)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn started() -> State {
        let mut state = State::new("print(1)");
        state.apply(Action::Start(state.next_run()));
        state
    }

    #[test]
    fn fresh_state_shows_the_sample_script_and_is_idle() {
        let state = State::default();
        assert!(state.source.contains("asyncio.run(main())"));
        assert_eq!(state.status, RunStatus::Idle);
        assert!(state.console.is_empty());
        assert_eq!(state.next_run(), RunId(1));
    }

    #[test]
    fn start_clears_the_console_and_marks_the_run_running() {
        let mut state = started();
        state.apply(Action::Print(RunId(1), ConsoleLine::stdout("old")));
        state.apply(Action::Finish(RunId(1)));
        state.apply(Action::Start(RunId(2)));
        assert_eq!(state.status, RunStatus::Running(RunId(2)));
        assert!(state.console.is_empty());
        assert!(state.is_running());
    }

    #[test]
    fn a_second_start_with_the_same_id_is_ignored() {
        let mut state = started();
        state.apply(Action::Print(RunId(1), ConsoleLine::stdout("kept")));
        state.apply(Action::Start(RunId(1)));
        assert_eq!(state.console, vec![ConsoleLine::stdout("kept")]);
        assert_eq!(state.next_run(), RunId(2));
    }

    #[test]
    fn lines_are_kept_in_order_while_the_run_is_current() {
        let mut state = started();
        state.apply(Action::Print(RunId(1), ConsoleLine::info("a")));
        state.apply(Action::Print(RunId(1), ConsoleLine::stdout("b")));
        state.apply(Action::Finish(RunId(1)));
        assert_eq!(
            state.console,
            vec![ConsoleLine::info("a"), ConsoleLine::stdout("b")]
        );
        assert_eq!(state.status, RunStatus::Finished(RunId(1)));
        assert!(!state.is_running());
    }

    #[test]
    fn messages_from_a_superseded_run_are_dropped() {
        let mut state = started();
        state.apply(Action::Finish(RunId(1)));
        state.apply(Action::Start(RunId(2)));
        state.apply(Action::Print(RunId(1), ConsoleLine::stdout("late")));
        state.apply(Action::Finish(RunId(1)));
        assert!(state.console.is_empty());
        assert_eq!(state.status, RunStatus::Running(RunId(2)));
    }

    #[test]
    fn fail_prints_the_message_on_stderr_and_ends_the_run() {
        let mut state = started();
        state.apply(Action::Fail(RunId(1), "boom".into()));
        assert_eq!(state.console, vec![ConsoleLine::stderr("boom")]);
        assert_eq!(state.status, RunStatus::Failed(RunId(1)));
    }

    #[test]
    fn editing_the_source_keeps_the_console() {
        let mut state = started();
        state.apply(Action::Print(RunId(1), ConsoleLine::stdout("x")));
        state.apply(Action::EditSource("pass".into()));
        assert_eq!(state.source, "pass");
        assert_eq!(state.console.len(), 1);
        state.apply(Action::ClearConsole);
        assert!(state.console.is_empty());
    }

    #[test]
    fn reducer_goes_through_apply() {
        let state = Rc::new(State::new(""));
        let next = state.reduce(Action::Start(RunId(1)));
        assert_eq!(next.status, RunStatus::Running(RunId(1)));
    }

    #[test]
    fn timer_report_rounds_the_measured_time_to_whole_milliseconds() {
        assert_eq!(
            timer_report(100, 101.4),
            "waited 100 ms on a browser timer (measured 101 ms)"
        );
    }
}
