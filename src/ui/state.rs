//! The page's state as plain data: which sample is open, the script being edited, the speed,
//! the current run's status and live readings, and the position the views show. Components
//! dispatch [`Action`]s; [`State::apply`] is the whole reducer, tested on the host.
//!
//! Positions: a run's trace is a sequence of events; position `p` is "after `p` events".
//! [`State::cursor`] is `None` while following the live end of the run, or the pinned position
//! the user stepped or scrubbed to (runs are deterministic, so any position is a replay).

use std::rc::Rc;

use yew::Reducible;

use super::driver::{DriverStatus, Pace};
use super::samples::{Sample, SAMPLES};

/// Identifies one run. Messages from an older run are ignored once a newer one starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RunId(pub u32);

/// The speeds on offer: the browser clock at a factor, or Instant (the virtual clock).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Speed {
    /// 0.25×
    Quarter,
    /// 0.5×
    Half,
    /// 1×
    One,
    /// 2×
    Two,
    /// 4×
    Four,
    /// 8×
    Eight,
    /// The virtual clock: the whole run at once.
    Instant,
}

impl Speed {
    /// Every speed, slowest first.
    pub const ALL: [Speed; 7] = [
        Speed::Quarter,
        Speed::Half,
        Speed::One,
        Speed::Two,
        Speed::Four,
        Speed::Eight,
        Speed::Instant,
    ];

    /// The label (and `<option>` value): `0.25×` … `8×`, `Instant`.
    pub fn label(self) -> &'static str {
        match self {
            Speed::Quarter => "0.25×",
            Speed::Half => "0.5×",
            Speed::One => "1×",
            Speed::Two => "2×",
            Speed::Four => "4×",
            Speed::Eight => "8×",
            Speed::Instant => "Instant",
        }
    }

    /// The speed with this label.
    pub fn from_label(label: &str) -> Option<Speed> {
        Speed::ALL.into_iter().find(|s| s.label() == label)
    }

    /// How a run at this speed is paced.
    pub fn pace(self) -> Pace {
        match self {
            Speed::Quarter => Pace::Paced(0.25),
            Speed::Half => Pace::Paced(0.5),
            Speed::One => Pace::Paced(1.0),
            Speed::Two => Pace::Paced(2.0),
            Speed::Four => Pace::Paced(4.0),
            Speed::Eight => Pace::Paced(8.0),
            Speed::Instant => Pace::Instant,
        }
    }
}

/// The current (or last) run, as the views see it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunView {
    /// Which run.
    pub id: RunId,
    /// Its status (from the driver).
    pub status: DriverStatus,
    /// Trace events recorded so far (the [`super::TraceRef`] version).
    pub version: u64,
    /// The loop clock's live reading (seconds).
    pub now: f64,
    /// Real milliseconds since it started.
    pub elapsed_ms: f64,
}

/// What stops a script from running, found while typing and located for the editor: a syntax
/// error, or imports of modules Coroscope does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxProblem {
    /// 1-based line (of the first problem).
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// Byte offset of the error's start.
    pub start: usize,
    /// Byte offset of its end (at least `start + 1` unless at the end of the script).
    pub end: usize,
    /// `SyntaxError: message`, or one `ImportError: ...` line per refused import.
    pub message: String,
    /// Whether it is about imports (the script is valid Python).
    pub import: bool,
}

/// Parses `source` and refuses what cannot run, as [`crate::runtime::run::check_source`] does
/// before a run: the first syntax error, or every import Coroscope cannot provide.
pub fn check_syntax(source: &str) -> Option<SyntaxProblem> {
    let errors = crate::runtime::run::check_source(source).err()?;
    let err = errors.first()?;
    let start = (err.span.start as usize).min(source.len());
    let end = (err.span.end as usize).clamp(start, source.len());
    let import = errors
        .iter()
        .all(|e| e.kind == crate::syntax::ErrorType::ImportRefused);
    let message = if import {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("line {}: {e}", e.line(source)))
            .collect();
        lines.join("\n")
    } else {
        err.to_string()
    };
    Some(SyntaxProblem {
        line: err.line(source),
        column: err.column(source),
        start,
        end,
        message,
        import,
    })
}

/// Everything the page shows that is not derived from a run.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// Index into [`SAMPLES`] of the open sample.
    pub sample: usize,
    /// The script in the editor.
    pub source: String,
    /// The chosen speed.
    pub speed: Speed,
    /// The current or last run.
    pub run: Option<RunView>,
    /// `None`: follow the live end; `Some(p)`: show the state after `p` events.
    pub cursor: Option<usize>,
    /// Runs started so far.
    pub runs_started: u32,
    /// A line the editor should reveal, with a counter so the same line can be asked twice.
    pub jump: Option<(u32, u32)>,
    /// The syntax error of the current source, if any.
    pub syntax: Option<SyntaxProblem>,
    /// The script the current run was started with.
    pub run_source: Option<String>,
}

impl Default for State {
    fn default() -> Self {
        Self::new(0, SAMPLES[0].source.to_string())
    }
}

/// What can happen to the [`State`].
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The user edited the script.
    Edit(String),
    /// The debounced parse finished for this source.
    Checked(String, Option<SyntaxProblem>),
    /// Another sample was opened with this text (its draft or the original).
    OpenSample(usize, String),
    /// The chosen speed changed.
    SetSpeed(Speed),
    /// A run started. Ignored unless the id is [`State::next_run`].
    Started(RunId),
    /// A frame's reading of the run. Ignored for a superseded run.
    Frame(RunView),
    /// Show the state after this many events (scrubber, stepping).
    Seek(usize),
    /// One event back; `len` = events recorded.
    StepBack(usize),
    /// One event forward; `len` = events recorded.
    StepForward(usize),
    /// Follow the live end again.
    Follow,
    /// Reveal a line in the editor.
    Jump(u32),
}

impl State {
    /// A fresh state with sample `sample` open showing `source`.
    pub fn new(sample: usize, source: String) -> Self {
        let syntax = check_syntax(&source);
        Self {
            sample: sample.min(SAMPLES.len() - 1),
            source,
            speed: Speed::One,
            run: None,
            cursor: None,
            runs_started: 0,
            jump: None,
            syntax,
            run_source: None,
        }
    }

    /// The open sample.
    pub fn current_sample(&self) -> &'static Sample {
        &SAMPLES[self.sample.min(SAMPLES.len() - 1)]
    }

    /// The script's file name, after the open sample (`gather.py`).
    pub fn file_name(&self) -> String {
        format!("{}.py", self.current_sample().id)
    }

    /// Whether the editor differs from the open sample's original text.
    pub fn is_edited(&self) -> bool {
        self.source != self.current_sample().source
    }

    /// The id the next [`Action::Started`] must carry.
    pub fn next_run(&self) -> RunId {
        RunId(self.runs_started + 1)
    }

    /// Whether a run is in progress (running or paused).
    pub fn is_live(&self) -> bool {
        self.run.is_some_and(|r| !r.status.is_over())
    }

    /// Whether the current run is paused.
    pub fn is_paused(&self) -> bool {
        self.run.is_some_and(|r| r.status == DriverStatus::Paused)
    }

    /// Whether the panes show the last run: not once the script has a syntax error (its
    /// tasks, console and status would describe a script that is no longer there).
    pub fn shows_run(&self) -> bool {
        self.run.is_some() && self.syntax.is_none()
    }

    /// Whether the script was edited since the run on screen started (its lines may no
    /// longer match the editor).
    pub fn run_is_stale(&self) -> bool {
        self.shows_run() && self.run_source.as_deref() != Some(self.source.as_str())
    }

    /// What the status indicator says: the run's status, or why there is none.
    pub fn status_label(&self) -> &'static str {
        match &self.syntax {
            Some(problem) if problem.import => return "cannot import",
            Some(_) => return "syntax error",
            None => {}
        }
        match self.run.map(|r| r.status) {
            None => "not run yet",
            Some(DriverStatus::Running) => "running…",
            Some(DriverStatus::Paused) => "paused",
            Some(DriverStatus::Finished(0)) => "finished",
            Some(DriverStatus::Finished(_)) => "failed",
            Some(DriverStatus::Stopped) => "stopped",
        }
    }

    /// The "what to watch" line of the open sample, while the editor still holds it.
    pub fn watch(&self) -> Option<&'static str> {
        (!self.is_edited()).then(|| self.current_sample().watch)
    }

    /// The position the views show, given `len` events recorded.
    pub fn position(&self, len: usize) -> usize {
        self.cursor.map_or(len, |p| p.min(len))
    }

    /// Applies one action in place.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Edit(source) => self.source = source,
            Action::Checked(source, problem) => {
                if source == self.source {
                    self.syntax = problem;
                }
            }
            Action::OpenSample(sample, source) => {
                self.sample = sample.min(SAMPLES.len() - 1);
                self.syntax = check_syntax(&source);
                self.source = source;
                // The last run belongs to the script being left: nothing of it stays on screen.
                self.run = None;
                self.run_source = None;
                self.cursor = None;
            }
            Action::SetSpeed(speed) => self.speed = speed,
            Action::Started(id) => {
                if id == self.next_run() {
                    self.runs_started = id.0;
                    self.cursor = None;
                    self.run_source = Some(self.source.clone());
                    self.run = Some(RunView {
                        id,
                        status: DriverStatus::Running,
                        version: 0,
                        now: 0.0,
                        elapsed_ms: 0.0,
                    });
                }
            }
            Action::Frame(view) => {
                if self.run.is_some_and(|r| r.id == view.id) {
                    self.run = Some(view);
                }
            }
            Action::Seek(pos) => self.cursor = Some(pos),
            Action::StepBack(len) => {
                self.cursor = Some(self.position(len).saturating_sub(1));
            }
            Action::StepForward(len) => {
                let next = self.position(len) + 1;
                self.cursor = if next >= len && self.is_live() {
                    None
                } else {
                    Some(next.min(len))
                };
            }
            Action::Follow => self.cursor = None,
            Action::Jump(line) => {
                let n = self.jump.map_or(0, |(_, n)| n + 1);
                self.jump = Some((line, n));
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn started() -> State {
        let mut state = State::default();
        state.apply(Action::Started(state.next_run()));
        state
    }

    fn frame(id: u32, status: DriverStatus, version: u64) -> Action {
        Action::Frame(RunView {
            id: RunId(id),
            status,
            version,
            now: 0.5,
            elapsed_ms: 10.0,
        })
    }

    #[test]
    fn the_page_opens_on_the_first_sample_at_1x_with_no_run() {
        let state = State::default();
        assert_eq!(state.sample, 0);
        assert_eq!(state.source, SAMPLES[0].source);
        assert_eq!(state.speed, Speed::One);
        assert!(state.run.is_none() && state.syntax.is_none() && !state.is_edited());
    }

    #[test]
    fn speeds_round_trip_through_their_labels() {
        for speed in Speed::ALL {
            assert_eq!(Speed::from_label(speed.label()), Some(speed));
        }
        assert_eq!(Speed::Instant.pace(), Pace::Instant);
        assert_eq!(Speed::Quarter.pace(), Pace::Paced(0.25));
    }

    #[test]
    fn a_second_start_with_the_same_id_is_ignored() {
        let mut state = started();
        state.apply(frame(1, DriverStatus::Running, 7));
        state.apply(Action::Started(RunId(1)));
        assert_eq!(state.run.map(|r| r.version), Some(7));
        assert_eq!(state.next_run(), RunId(2));
    }

    #[test]
    fn frames_from_a_superseded_run_are_dropped() {
        let mut state = started();
        state.apply(Action::Started(RunId(2)));
        state.apply(frame(1, DriverStatus::Finished(0), 99));
        assert_eq!(state.run.map(|r| r.id), Some(RunId(2)));
        assert_eq!(state.run.map(|r| r.version), Some(0));
        assert!(state.is_live());
    }

    #[test]
    fn starting_a_run_follows_the_live_end_again() {
        let mut state = started();
        state.apply(Action::Seek(3));
        state.apply(Action::Started(RunId(2)));
        assert_eq!(state.cursor, None);
    }

    #[test]
    fn stepping_back_and_forward_moves_one_event_within_the_run() {
        let mut state = started();
        state.apply(frame(1, DriverStatus::Finished(0), 10));
        state.apply(Action::StepBack(10));
        assert_eq!(state.position(10), 9);
        state.apply(Action::StepBack(10));
        state.apply(Action::StepForward(10));
        assert_eq!(state.position(10), 9);
        state.apply(Action::StepForward(10));
        state.apply(Action::StepForward(10));
        assert_eq!(state.cursor, Some(10));
        state.apply(Action::Seek(0));
        state.apply(Action::StepBack(10));
        assert_eq!(state.position(10), 0);
    }

    #[test]
    fn stepping_forward_at_the_end_of_a_live_run_follows_it() {
        let mut state = started();
        state.apply(frame(1, DriverStatus::Paused, 10));
        state.apply(Action::StepBack(10));
        state.apply(Action::StepForward(10));
        assert_eq!(state.cursor, None);
        assert!(state.is_paused());
    }

    #[test]
    fn a_pinned_cursor_never_goes_past_the_recorded_events() {
        let mut state = started();
        state.apply(Action::Seek(50));
        assert_eq!(state.position(10), 10);
    }

    #[test]
    fn editing_tracks_the_syntax_check_of_the_current_text_only() {
        let mut state = State::default();
        state.apply(Action::Edit("x = (".into()));
        assert!(state.is_edited());
        let problem = check_syntax("x = (");
        assert!(problem.is_some());
        state.apply(Action::Checked("stale".into(), None));
        state.apply(Action::Checked("x = (".into(), problem.clone()));
        assert_eq!(state.syntax, problem);
        let p = problem.expect("checked above");
        assert_eq!((p.line, p.column), (1, 5));
        assert!(p.message.starts_with("SyntaxError: "));
    }

    #[test]
    fn opening_a_sample_replaces_the_source_and_rechecks_it() {
        let mut state = State::default();
        state.apply(Action::Edit("x = (".into()));
        state.apply(Action::OpenSample(3, SAMPLES[3].source.into()));
        assert_eq!(state.sample, 3);
        assert!(state.syntax.is_none() && !state.is_edited());
    }

    #[test]
    fn the_status_never_says_ready_before_a_run_and_names_a_syntax_error() {
        let mut state = State::default();
        assert_eq!(state.status_label(), "not run yet");
        state.apply(Action::Started(state.next_run()));
        assert_eq!(state.status_label(), "running…");
        state.apply(frame(1, DriverStatus::Finished(0), 5));
        assert_eq!(state.status_label(), "finished");
        state.apply(Action::Edit("x = (".into()));
        state.apply(Action::Checked("x = (".into(), check_syntax("x = (")));
        assert_eq!(state.status_label(), "syntax error");
    }

    #[test]
    fn every_refused_import_is_named_before_the_run() {
        let source = "import asyncio\nimport requests\nimport numpy, random\n";
        let problem = check_syntax(source).expect("two imports refused");
        assert!(problem.import);
        assert_eq!((problem.line, problem.column), (2, 8));
        let lines: Vec<&str> = problem.message.lines().collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].starts_with("line 2: ImportError: module 'requests'"),
            "{lines:?}"
        );
        assert!(
            lines[1].starts_with("line 3: ImportError: module 'numpy'"),
            "{lines:?}"
        );
        let mut state = State::new(0, source.to_string());
        state.apply(Action::Checked(source.into(), Some(problem)));
        assert_eq!(state.status_label(), "cannot import");
        assert!(check_syntax("import asyncio, random, time\n").is_none());
    }

    #[test]
    fn a_syntax_error_hides_the_last_run_and_an_edit_marks_it_stale() {
        let mut state = started();
        state.apply(frame(1, DriverStatus::Finished(0), 5));
        assert!(state.shows_run() && !state.run_is_stale());
        state.apply(Action::Edit(format!("{}# note\n", SAMPLES[0].source)));
        assert!(state.shows_run() && state.run_is_stale());
        state.apply(Action::Edit("x = (".into()));
        state.apply(Action::Checked("x = (".into(), check_syntax("x = (")));
        assert!(!state.shows_run());
        state.apply(Action::Edit(SAMPLES[0].source.into()));
        state.apply(Action::Checked(SAMPLES[0].source.into(), None));
        assert!(state.shows_run() && !state.run_is_stale());
    }

    #[test]
    fn opening_a_sample_clears_the_last_run_and_what_to_watch_follows_the_editor() {
        let mut state = started();
        assert_eq!(state.watch(), Some(SAMPLES[0].watch));
        state.apply(Action::Edit("print(1)\n".into()));
        assert_eq!(state.watch(), None);
        state.apply(Action::OpenSample(2, SAMPLES[2].source.into()));
        assert!(state.run.is_none() && !state.shows_run());
        assert_eq!(state.watch(), Some(SAMPLES[2].watch));
    }

    #[test]
    fn each_jump_is_a_new_request_even_to_the_same_line() {
        let mut state = State::default();
        state.apply(Action::Jump(4));
        let first = state.jump;
        state.apply(Action::Jump(4));
        assert_ne!(state.jump, first);
        assert_eq!(state.jump.map(|(line, _)| line), Some(4));
    }
}
