//! The events a run records, in the style of tokio-console: compact, timestamped records from
//! which every state is derived (never stored). Strings and per-task facts live in side tables
//! indexed by small typed ids, so a [`Record`] stays small.
//!
//! Ids are dense: the n-th `TaskCreated` is `TaskId(n)`, the n-th `TimerArmed` is
//! `TimerId(n)`, the n-th future registered is `FutureId(n)`. The ready queue is FIFO, so
//! queue entries need no id: `StepQueued`/`CallbackQueued` push at the back, `HandleRun`
//! and `HandleSkipped` pop the front.

/// A task, numbered in creation order from 0 (CPython's default name is `Task-{id+1}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(pub u32);

/// A timer (a `call_at`/`call_later` handle), numbered in arming order from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimerId(pub u32);

/// A future that some task awaited (a plain future, a gather, a queue getter, a lock
/// waiter...), numbered in registration order from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FutureId(pub u32);

/// An interned string in [`Trace::strings`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StrId(pub u32);

/// One event and when it happened.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Record {
    /// The loop's clock in seconds since the run started (virtual, or the browser clock
    /// scaled by the speed factor).
    pub t: f64,
    /// Real milliseconds since the run started (0 on the virtual clock).
    pub wall_ms: f32,
    /// What happened.
    pub event: Event,
}

/// What a task is suspended on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Awaiting {
    /// A bare yield to the loop (`await asyncio.sleep(0)`): the task is rescheduled at once.
    Yield,
    /// `asyncio.sleep(d)` with d > 0: the timer that will wake it (its deadline is in the
    /// timer table).
    Sleep(TimerId),
    /// Another task (`await task`).
    Task(TaskId),
    /// A future; its label (`gather(3)`, `queue.get()`, `lock`, `event.wait()`...) is in the
    /// future table.
    Future(FutureId),
}

/// Who caused a task step to be queued (for wake-up arrows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// Top-level code or the loop itself (first step of a new task created outside a task).
    Loop,
    /// The task that was running when the step was queued (it created, woke or cancelled it).
    Task(TaskId),
    /// A timer that fired.
    Timer(TimerId),
}

/// A [`Cause`] or an [`Awaiting`] packed into 4 bytes (2-bit tag, 30-bit id), so that an
/// [`Event`] is 12 bytes and a [`Record`] 24.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Packed(u32);

const ID_MASK: u32 = (1 << 30) - 1;

impl Packed {
    fn new(tag: u32, id: u32) -> Self {
        Packed((tag << 30) | (id & ID_MASK))
    }
    fn tag(self) -> u32 {
        self.0 >> 30
    }
    fn id(self) -> u32 {
        self.0 & ID_MASK
    }
}

impl From<Cause> for Packed {
    fn from(c: Cause) -> Self {
        match c {
            Cause::Loop => Packed::new(0, 0),
            Cause::Task(t) => Packed::new(1, t.0),
            Cause::Timer(t) => Packed::new(2, t.0),
        }
    }
}

impl From<Packed> for Cause {
    fn from(p: Packed) -> Self {
        match p.tag() {
            1 => Cause::Task(TaskId(p.id())),
            2 => Cause::Timer(TimerId(p.id())),
            _ => Cause::Loop,
        }
    }
}

impl From<Awaiting> for Packed {
    fn from(a: Awaiting) -> Self {
        match a {
            Awaiting::Yield => Packed::new(0, 0),
            Awaiting::Sleep(t) => Packed::new(1, t.0),
            Awaiting::Task(t) => Packed::new(2, t.0),
            Awaiting::Future(f) => Packed::new(3, f.0),
        }
    }
}

impl From<Packed> for Awaiting {
    fn from(p: Packed) -> Self {
        match p.tag() {
            1 => Awaiting::Sleep(TimerId(p.id())),
            2 => Awaiting::Task(TaskId(p.id())),
            3 => Awaiting::Future(FutureId(p.id())),
            _ => Awaiting::Yield,
        }
    }
}

/// Everything the loop and its tasks do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Event {
    /// A task was created; its name, coroutine, parent and line are in the task table.
    TaskCreated(TaskId),
    /// `task.set_name(...)`.
    TaskRenamed(TaskId, StrId),
    /// A step of `task` entered the back of the ready queue; the packed [`Cause`].
    StepQueued(TaskId, Packed),
    /// A callback (`call_soon`, a done callback...) entered the back of the ready queue; the
    /// packed [`Cause`].
    CallbackQueued(StrId, Packed),
    /// The handle at the front of the ready queue was taken and run.
    HandleRun,
    /// The handle at the front of the ready queue was cancelled and dropped unrun.
    HandleSkipped,
    /// A task step started running its coroutine.
    TaskResumed(TaskId),
    /// A task is about to suspend at this 1-based line of the script (the `await` of its
    /// innermost frame), for the editor's gutter marks.
    TaskAt(TaskId, u32),
    /// A task's coroutine suspended; the packed [`Awaiting`].
    TaskSuspended(TaskId, Packed),
    /// A task returned; the `repr` of its result.
    TaskFinished(TaskId, StrId),
    /// A task raised; the index of the error in [`Trace::errors`].
    TaskFailed(TaskId, u32),
    /// A task ended cancelled.
    TaskCancelled(TaskId),
    /// A timer was armed; deadline and owner are in the timer table.
    TimerArmed(TimerId),
    /// A timer was cancelled before it fired.
    TimerCancelled(TimerId),
    /// A timer fired (its callback entered the ready queue).
    TimerFired(TimerId),
    /// A future was first awaited; its label is in the future table.
    FutureRegistered(FutureId),
    /// The clock advanced without running the loop (a blocking `time.sleep`); the packed
    /// [`Cause`] says which task (or top-level code) blocked, the string what it called.
    Blocked(Packed, StrId),
    /// Text the script printed (one `print` call, without its trailing newline); the packed
    /// [`Cause`] is the task that printed ([`Cause::Loop`] for top-level code).
    Print(Packed, StrId),
    /// A teaching warning; index into [`Trace::warnings`].
    Warning(u32),
}

/// Facts fixed when a task is created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskInfo {
    /// The task's name at creation (`Task-1`, or `name=`).
    pub name: StrId,
    /// The coroutine's qualified name (`main`, `worker`).
    pub coro: StrId,
    /// The task that created it, if any.
    pub parent: Option<TaskId>,
    /// The 1-based line of the `async def` of its coroutine.
    pub line: u32,
}

/// Facts fixed when a timer is armed.
#[derive(Clone, Debug, PartialEq)]
pub struct TimerInfo {
    /// When it is due, on the loop clock.
    pub deadline: f64,
    /// The task it will wake (a sleeping task), if any.
    pub owner: Option<TaskId>,
    /// What it does (`sleep(1.0)`, `wait_for timeout`, `call_later`).
    pub label: StrId,
}

/// Facts fixed when a future is first awaited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FutureInfo {
    /// What the future stands for (`gather(3)`, `queue.get()`, `lock`, `event.wait()`).
    pub label: StrId,
}

/// One frame of a traceback, with the byte span of its line in the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameInfo {
    /// 1-based line number.
    pub line: u32,
    /// The function's name (`<module>` at top level).
    pub func: String,
    /// Byte range of the failing expression or statement.
    pub span: (u32, u32),
}

/// An exception that ended a task or the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The exception's type name (`ValueError`).
    pub type_name: String,
    /// `str()` of the exception.
    pub message: String,
    /// Frames, outermost first.
    pub frames: Vec<FrameInfo>,
    /// The whole traceback text as CPython prints it.
    pub text: String,
}

/// The kinds of teaching warnings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarningKind {
    /// A coroutine was created and never awaited.
    NeverAwaited,
    /// A task failed and nobody retrieved its exception.
    ExceptionNeverRetrieved,
    /// `time.sleep` blocked the event loop.
    BlockingSleep,
    /// A task ran for a long stretch without yielding.
    LongRunningStep,
    /// The script ended without ever running an event loop (no `asyncio.run`).
    NoEventLoop,
}

/// A teaching warning with where it points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarningInfo {
    /// What kind.
    pub kind: WarningKind,
    /// 1-based line it refers to (0 if none).
    pub line: u32,
    /// CPython's text of the warning, or ours where CPython has none.
    pub message: String,
    /// The task concerned, if any.
    pub task: Option<TaskId>,
}

/// A whole run's record: events plus side tables.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    /// Events in the order they happened.
    pub records: Vec<Record>,
    /// Interned strings.
    pub strings: Vec<Box<str>>,
    /// One entry per `TaskCreated`, indexed by [`TaskId`].
    pub tasks: Vec<TaskInfo>,
    /// One entry per `TimerArmed`, indexed by [`TimerId`].
    pub timers: Vec<TimerInfo>,
    /// One entry per `FutureRegistered`, indexed by [`FutureId`].
    pub futures: Vec<FutureInfo>,
    /// Errors referenced by `TaskFailed`; the last one may be the run's uncaught exception.
    pub errors: Vec<ErrorInfo>,
    /// Warnings referenced by `Warning`.
    pub warnings: Vec<WarningInfo>,
}

impl Trace {
    /// Interns `s` (no deduplication: prints are mostly distinct) and returns its id.
    pub fn intern(&mut self, s: &str) -> StrId {
        let id = StrId(self.strings.len() as u32);
        self.strings.push(s.into());
        id
    }

    /// The text of an interned string (empty for an unknown id).
    pub fn str(&self, id: StrId) -> &str {
        self.strings.get(id.0 as usize).map(|s| &**s).unwrap_or("")
    }

    /// Appends an event at time `t` (seconds) and wall time `wall_ms`.
    pub fn push(&mut self, t: f64, wall_ms: f32, event: Event) {
        self.records.push(Record { t, wall_ms, event });
    }

    /// Approximate bytes used, for the bytes-per-event figure.
    pub fn approx_bytes(&self) -> usize {
        use std::mem::size_of;
        self.records.len() * size_of::<Record>()
            + self
                .strings
                .iter()
                .map(|s| s.len() + size_of::<Box<str>>())
                .sum::<usize>()
            + self.tasks.len() * size_of::<TaskInfo>()
            + self.timers.len() * size_of::<TimerInfo>()
            + self.futures.len() * size_of::<FutureInfo>()
            + self
                .errors
                .iter()
                .map(|e| e.text.len() + size_of::<ErrorInfo>())
                .sum::<usize>()
            + self
                .warnings
                .iter()
                .map(|w| w.message.len() + size_of::<WarningInfo>())
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_round_trips() {
        for c in [
            Cause::Loop,
            Cause::Task(TaskId(7)),
            Cause::Timer(TimerId(ID_MASK)),
        ] {
            assert_eq!(Cause::from(Packed::from(c)), c);
        }
        for a in [
            Awaiting::Yield,
            Awaiting::Sleep(TimerId(3)),
            Awaiting::Task(TaskId(1)),
            Awaiting::Future(FutureId(9)),
        ] {
            assert_eq!(Awaiting::from(Packed::from(a)), a);
        }
    }

    #[test]
    fn a_record_fits_in_24_bytes() {
        assert!(
            std::mem::size_of::<Record>() <= 24,
            "{}",
            std::mem::size_of::<Record>()
        );
    }
}
