//! The timeline model: what every task was doing at every instant, derived from a [`Trace`]
//! in one pass (never stored alongside it), plus the event loop's ready queue and timer heap
//! at any instant, wake-up arrows and markers.
//!
//! Two axes address the run: the loop clock `t` (seconds, the timeline's axis) and the
//! *position* `pos`, the number of events applied (0 = nothing happened yet, `len()` = the
//! whole run). Many events share one `t` (the virtual clock does not move while tasks run),
//! so stepping forward and back moves the position by one event. "The state at `t`" is the
//! state after every event stamped `≤ t`.
//!
//! The model is incremental: [`Model::sync`] applies only the records appended since the last
//! call, so a live run costs O(new events) per frame.

use super::event::{Awaiting, Cause, Event, Packed, Record, StrId, TaskId, TimerId, Trace};

/// The six states of a task, each derived from its events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaskState {
    /// Created, or woken, with a step waiting in the ready queue for its turn.
    Pending,
    /// Its coroutine is executing (between `TaskResumed` and the next suspension or end).
    Running,
    /// Suspended, waiting on something (see [`Segment::awaiting`]).
    Awaiting,
    /// Returned a value.
    Ready,
    /// Raised an exception.
    Failed,
    /// Ended cancelled.
    Cancelled,
}

impl TaskState {
    /// All six states, in legend order.
    pub const ALL: [TaskState; 6] = [
        TaskState::Pending,
        TaskState::Running,
        TaskState::Awaiting,
        TaskState::Ready,
        TaskState::Failed,
        TaskState::Cancelled,
    ];

    /// The lower-case name used in the legend and in `data-state` (`pending`, `running`...).
    pub fn name(self) -> &'static str {
        match self {
            TaskState::Pending => "pending",
            TaskState::Running => "running",
            TaskState::Awaiting => "awaiting",
            TaskState::Ready => "ready",
            TaskState::Failed => "failed",
            TaskState::Cancelled => "cancelled",
        }
    }

    /// What the state means, in one phrase a learner can read next to its name: the legend,
    /// the task table and the tooltips all use it, so `ready` (asyncio's "done, result
    /// available") is never mistaken for "ready to run" (which is `pending`).
    pub fn meaning(self) -> &'static str {
        match self {
            TaskState::Pending => "scheduled, waiting in the ready queue for its turn",
            TaskState::Running => "running its code right now",
            TaskState::Awaiting => "suspended at an await until something wakes it",
            TaskState::Ready => "finished, result available",
            TaskState::Failed => "finished by raising an exception",
            TaskState::Cancelled => "finished by being cancelled",
        }
    }

    /// The position of this state in [`TaskState::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the task has ended (ready, failed or cancelled).
    pub fn is_done(self) -> bool {
        matches!(
            self,
            TaskState::Ready | TaskState::Failed | TaskState::Cancelled
        )
    }
}

/// A stretch during which a task stays in one state: `[t0, t1)` on the clock, `[p0, p1)` in
/// positions. The last segment of a task is open (`t1 = ∞`, `p1 = u32::MAX`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    /// Clock time it starts.
    pub t0: f64,
    /// Clock time it ends (`f64::INFINITY` while open).
    pub t1: f64,
    /// First position at which it holds (index of the event that started it, plus one).
    pub p0: u32,
    /// First position at which it no longer holds (`u32::MAX` while open).
    pub p1: u32,
    /// The state.
    pub state: TaskState,
    /// What the task awaits: set for [`TaskState::Awaiting`], and for a [`TaskState::Pending`]
    /// that follows a bare yield (`Some(Awaiting::Yield)`).
    pub awaiting: Option<Awaiting>,
}

impl Segment {
    /// Whether the segment is still open (the task's current state).
    pub fn is_open(&self) -> bool {
        self.p1 == u32::MAX
    }

    /// Duration in seconds, with an open segment ending at `now`.
    pub fn duration(&self, now: f64) -> f64 {
        (self.t1.min(now) - self.t0).max(0.0)
    }
}

/// How a task ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Returned; the `repr` of its result.
    Returned(StrId),
    /// Raised; index into [`Trace::errors`].
    Raised(u32),
    /// Cancelled.
    Cancelled,
}

/// When and how a task ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TaskEnd {
    /// Clock time.
    pub t: f64,
    /// Position after the ending event.
    pub p: u32,
    /// How.
    pub outcome: Outcome,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Rename {
    t: f64,
    p: u32,
    name: StrId,
}

/// Everything derived about one task.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaskModel {
    /// Its state segments, contiguous and in time order (empty if never created).
    pub segments: Vec<Segment>,
    /// How it ended, if it has.
    pub end: Option<TaskEnd>,
    /// Tasks it created, in creation order.
    pub children: Vec<TaskId>,
    /// Depth in the creation tree (0 for a root such as `main`).
    pub depth: u32,
    renames: Vec<Rename>,
    queued: u32,
    /// `(position, line)` of each suspension point, in order.
    lines: Vec<(u32, u32)>,
}

impl TaskModel {
    /// Clock time of its creation (`None` if never created).
    pub fn first_time(&self) -> Option<f64> {
        self.segments.first().map(|s| s.t0)
    }

    /// Clock time of its last state change (its end once it has ended).
    pub fn last_time(&self) -> Option<f64> {
        self.segments.last().map(|s| s.t0)
    }

    /// Its current state (after every applied event).
    pub fn current(&self) -> Option<&Segment> {
        self.segments.last()
    }
}

/// Why an arrow is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrowKind {
    /// A task queued the first step of a task it created.
    Spawn,
    /// A task (its completion, a `set_result`, a release...) or a timer woke a task.
    Wake,
}

/// A wake-up arrow: `from` (a task or a timer) queued a step of `to` at `t`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrow {
    /// Clock time.
    pub t: f64,
    /// Position after the `StepQueued` event.
    pub p: u32,
    /// The waker: [`Cause::Task`] or [`Cause::Timer`] (never [`Cause::Loop`]).
    pub from: Cause,
    /// The woken task.
    pub to: TaskId,
    /// Spawn or wake.
    pub kind: ArrowKind,
}

/// What a marker marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    /// A `print`; its text.
    Print(StrId),
    /// A task raised; index into [`Trace::errors`].
    Exception(u32),
    /// A task ended cancelled.
    Cancelled,
    /// A teaching warning; index into [`Trace::warnings`].
    Warning(u32),
    /// A blocking call (`time.sleep`) held the loop; what was called.
    Blocked(StrId),
}

/// A point event drawn on a lane (or on the axis when it has no task).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Marker {
    /// Clock time.
    pub t: f64,
    /// Position after the event.
    pub p: u32,
    /// The task concerned (`None` for top-level code).
    pub task: Option<TaskId>,
    /// What happened.
    pub kind: MarkerKind,
}

/// One handle in the ready queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueItem {
    /// A step of a task, and who queued it.
    Step(TaskId, Cause),
    /// A callback (its label), and who queued it.
    Callback(StrId, Cause),
}

/// A handle that entered the ready queue.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QueueEntry {
    /// Clock time it was queued.
    pub t: f64,
    /// Position after it was queued.
    pub p: u32,
    /// The handle.
    pub item: QueueItem,
}

/// A timer's life in positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct TimerLife {
    armed: u32,
    ended: u32,
}

/// An armed timer in the heap at some instant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeapEntry {
    /// The timer.
    pub timer: TimerId,
    /// When it is due.
    pub deadline: f64,
    /// The task it will wake, if any.
    pub owner: Option<TaskId>,
    /// What it does (`sleep(1.0)`, `wait_for timeout`...).
    pub label: StrId,
}

/// The derived timeline model of one run. Read-only for views; grown with [`Model::sync`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    applied: usize,
    end_t: f64,
    tasks: Vec<TaskModel>,
    lanes: Vec<TaskId>,
    lane_of: Vec<u32>,
    lanes_dirty: bool,
    arrows: Vec<Arrow>,
    markers: Vec<Marker>,
    queue: Vec<QueueEntry>,
    pops: Vec<u32>,
    timers: Vec<TimerLife>,
}

const NO_LANE: u32 = u32::MAX;

impl Model {
    /// Derives the model of a whole trace.
    pub fn from_trace(trace: &Trace) -> Model {
        let mut m = Model::default();
        m.sync(trace);
        m
    }

    /// Applies the records appended to `trace` since the last call (a live run). If the trace
    /// is shorter than what was applied (a new run), derives it from scratch.
    pub fn sync(&mut self, trace: &Trace) {
        if trace.records.len() < self.applied {
            *self = Model::default();
        }
        let start = self.applied;
        for (i, rec) in trace.records[start..].iter().enumerate() {
            self.apply(trace, start + i, rec);
        }
        self.applied = trace.records.len();
        if self.lanes_dirty {
            self.rebuild_lanes(trace);
        }
    }

    /// Number of events applied (the last position).
    pub fn len(&self) -> usize {
        self.applied
    }

    /// Whether no event has been applied.
    pub fn is_empty(&self) -> bool {
        self.applied == 0
    }

    /// Clock time of the last applied event (0 before any).
    pub fn end_time(&self) -> f64 {
        self.end_t
    }

    fn apply(&mut self, trace: &Trace, index: usize, rec: &Record) {
        let t = rec.t;
        let p = (index + 1) as u32;
        if t > self.end_t {
            self.end_t = t;
        }
        match rec.event {
            Event::TaskCreated(id) => self.created(trace, id, t, p),
            Event::TaskRenamed(id, name) => {
                if let Some(task) = self.task_mut(id) {
                    task.renames.push(Rename { t, p, name });
                }
            }
            Event::StepQueued(id, cause) => self.step_queued(id, cause, t, p),
            Event::CallbackQueued(label, cause) => self.queue.push(QueueEntry {
                t,
                p,
                item: QueueItem::Callback(label, Cause::from(cause)),
            }),
            Event::HandleRun | Event::HandleSkipped => {
                if let Some(entry) = self.queue.get(self.pops.len()) {
                    if let QueueItem::Step(id, _) = entry.item {
                        if let Some(task) = self.task_mut(id) {
                            task.queued = task.queued.saturating_sub(1);
                        }
                    }
                    self.pops.push(p);
                }
            }
            Event::TaskResumed(id) => self.transition(id, t, p, TaskState::Running, None),
            Event::TaskSuspended(id, awaiting) => {
                let awaiting = Awaiting::from(awaiting);
                let queued = self.task_mut(id).map(|task| task.queued).unwrap_or(0);
                // A bare yield is rescheduled at once: it never really awaits anything.
                let state = if queued > 0 || awaiting == Awaiting::Yield {
                    TaskState::Pending
                } else {
                    TaskState::Awaiting
                };
                self.transition(id, t, p, state, Some(awaiting));
            }
            Event::TaskFinished(id, repr) => {
                self.ended(id, t, p, TaskState::Ready, Outcome::Returned(repr))
            }
            Event::TaskFailed(id, error) => {
                self.ended(id, t, p, TaskState::Failed, Outcome::Raised(error));
                self.mark(t, p, Some(id), MarkerKind::Exception(error));
            }
            Event::TaskCancelled(id) => {
                self.ended(id, t, p, TaskState::Cancelled, Outcome::Cancelled);
                self.mark(t, p, Some(id), MarkerKind::Cancelled);
            }
            Event::TimerArmed(id) => {
                let i = id.0 as usize;
                if self.timers.len() <= i {
                    self.timers.resize(
                        i + 1,
                        TimerLife {
                            armed: u32::MAX,
                            ended: u32::MAX,
                        },
                    );
                }
                self.timers[i] = TimerLife {
                    armed: p,
                    ended: u32::MAX,
                };
            }
            Event::TimerCancelled(id) | Event::TimerFired(id) => {
                if let Some(life) = self.timers.get_mut(id.0 as usize) {
                    life.ended = life.ended.min(p);
                }
            }
            Event::FutureRegistered(_) => {}
            Event::TaskAt(id, line) => {
                if let Some(task) = self.task_mut(id) {
                    task.lines.push((p, line));
                }
            }
            Event::Blocked(cause, what) => {
                self.mark(t, p, cause_task(cause), MarkerKind::Blocked(what))
            }
            Event::Print(cause, text) => {
                self.mark(t, p, cause_task(cause), MarkerKind::Print(text))
            }
            Event::Warning(w) => {
                let task = trace.warnings.get(w as usize).and_then(|info| info.task);
                self.mark(t, p, task, MarkerKind::Warning(w));
            }
        }
    }

    fn task_mut(&mut self, id: TaskId) -> Option<&mut TaskModel> {
        self.tasks
            .get_mut(id.0 as usize)
            .filter(|task| !task.segments.is_empty())
    }

    fn created(&mut self, trace: &Trace, id: TaskId, t: f64, p: u32) {
        let i = id.0 as usize;
        if self.tasks.len() <= i {
            self.tasks.resize_with(i + 1, TaskModel::default);
        }
        if !self.tasks[i].segments.is_empty() {
            return;
        }
        let parent = trace.tasks.get(i).and_then(|info| info.parent);
        let mut depth = 0;
        if let Some(parent) = parent.and_then(|pid| self.task_mut(pid)) {
            parent.children.push(id);
            depth = parent.depth + 1;
        }
        let task = &mut self.tasks[i];
        task.depth = depth;
        task.segments.push(Segment {
            t0: t,
            t1: f64::INFINITY,
            p0: p,
            p1: u32::MAX,
            state: TaskState::Pending,
            awaiting: None,
        });
        self.lanes_dirty = true;
    }

    fn step_queued(&mut self, id: TaskId, cause: Packed, t: f64, p: u32) {
        let cause = Cause::from(cause);
        self.queue.push(QueueEntry {
            t,
            p,
            item: QueueItem::Step(id, cause),
        });
        let Some(task) = self.task_mut(id) else {
            return;
        };
        task.queued += 1;
        let first_step = task.segments.len() == 1;
        let current = task.segments.last().copied();
        if let Some(seg) = current {
            if seg.state == TaskState::Awaiting {
                let awaiting = seg.awaiting.filter(|a| *a == Awaiting::Yield);
                self.transition(id, t, p, TaskState::Pending, awaiting);
            }
        }
        let from_other = match cause {
            Cause::Task(other) => other != id,
            Cause::Timer(_) => true,
            Cause::Loop => false,
        };
        if from_other {
            let kind = match cause {
                Cause::Task(_) if first_step => ArrowKind::Spawn,
                _ => ArrowKind::Wake,
            };
            self.arrows.push(Arrow {
                t,
                p,
                from: cause,
                to: id,
                kind,
            });
        }
    }

    fn ended(&mut self, id: TaskId, t: f64, p: u32, state: TaskState, outcome: Outcome) {
        self.transition(id, t, p, state, None);
        if let Some(task) = self.task_mut(id) {
            task.end = Some(TaskEnd { t, p, outcome });
        }
    }

    fn transition(
        &mut self,
        id: TaskId,
        t: f64,
        p: u32,
        state: TaskState,
        awaiting: Option<Awaiting>,
    ) {
        let Some(task) = self.task_mut(id) else {
            return;
        };
        let Some(last) = task.segments.last_mut() else {
            return;
        };
        if last.state == state && last.awaiting == awaiting {
            return;
        }
        last.t1 = t;
        last.p1 = p;
        task.segments.push(Segment {
            t0: t,
            t1: f64::INFINITY,
            p0: p,
            p1: u32::MAX,
            state,
            awaiting,
        });
    }

    fn mark(&mut self, t: f64, p: u32, task: Option<TaskId>, kind: MarkerKind) {
        self.markers.push(Marker { t, p, task, kind });
    }

    fn rebuild_lanes(&mut self, trace: &Trace) {
        self.lanes.clear();
        self.lane_of.clear();
        self.lane_of.resize(self.tasks.len(), NO_LANE);
        let is_root =
            |i: usize, tasks: &[TaskModel]| match trace.tasks.get(i).and_then(|info| info.parent) {
                None => true,
                Some(parent) => tasks
                    .get(parent.0 as usize)
                    .is_none_or(|p| p.segments.is_empty()),
            };
        let mut stack: Vec<TaskId> = Vec::new();
        for i in 0..self.tasks.len() {
            if self.tasks[i].segments.is_empty() || !is_root(i, &self.tasks) {
                continue;
            }
            stack.push(TaskId(i as u32));
            while let Some(id) = stack.pop() {
                let idx = id.0 as usize;
                if self.lane_of[idx] != NO_LANE {
                    continue;
                }
                self.lane_of[idx] = self.lanes.len() as u32;
                self.lanes.push(id);
                stack.extend(self.tasks[idx].children.iter().rev());
            }
        }
        self.lanes_dirty = false;
    }

    // ---- queries -------------------------------------------------------------------------

    /// Every task's derived model, indexed by [`TaskId`].
    pub fn tasks(&self) -> &[TaskModel] {
        &self.tasks
    }

    /// One task's derived model (`None` if it was never created).
    pub fn task(&self, id: TaskId) -> Option<&TaskModel> {
        self.tasks
            .get(id.0 as usize)
            .filter(|task| !task.segments.is_empty())
    }

    /// A task's segments (empty if never created).
    pub fn segments(&self, id: TaskId) -> &[Segment] {
        self.task(id).map(|t| &t.segments[..]).unwrap_or(&[])
    }

    /// The tasks in lane order: roots (main first) in creation order, each followed by its
    /// children's subtrees in creation order (the creation tree flattened depth-first).
    pub fn lanes(&self) -> &[TaskId] {
        &self.lanes
    }

    /// The lane row of a task.
    pub fn lane_of(&self, id: TaskId) -> Option<usize> {
        match self.lane_of.get(id.0 as usize) {
            Some(&row) if row != NO_LANE => Some(row as usize),
            _ => None,
        }
    }

    /// Index of the segment in force at clock time `t` (after every event stamped `≤ t`);
    /// `None` before the task was created. O(log n).
    pub fn segment_index_at(&self, id: TaskId, t: f64) -> Option<usize> {
        let segs = self.segments(id);
        segs.partition_point(|s| s.t0 <= t).checked_sub(1)
    }

    /// The task's state at clock time `t`. O(log n).
    pub fn state_at(&self, id: TaskId, t: f64) -> Option<TaskState> {
        self.segment_index_at(id, t)
            .map(|i| self.segments(id)[i].state)
    }

    /// Index of the segment in force at position `pos` (after `pos` events). O(log n).
    pub fn segment_index_at_pos(&self, id: TaskId, pos: usize) -> Option<usize> {
        let segs = self.segments(id);
        segs.partition_point(|s| s.p0 as usize <= pos)
            .checked_sub(1)
    }

    /// The task's state at position `pos`. O(log n).
    pub fn state_at_pos(&self, id: TaskId, pos: usize) -> Option<TaskState> {
        self.segment_index_at_pos(id, pos)
            .map(|i| self.segments(id)[i].state)
    }

    /// The line a task was last suspended at, as of position `pos` (`None` before its first
    /// suspension): where the editor marks it.
    pub fn line_at_pos(&self, id: TaskId, pos: usize) -> Option<u32> {
        let lines = &self.task(id)?.lines;
        let k = lines.partition_point(|(p, _)| *p as usize <= pos);
        k.checked_sub(1).map(|i| lines[i].1)
    }

    /// The task's name at clock time `t` (its creation name before any `set_name`).
    pub fn name_at<'a>(&self, trace: &'a Trace, id: TaskId, t: f64) -> &'a str {
        let renames = self.task(id).map(|task| &task.renames[..]).unwrap_or(&[]);
        let k = renames.partition_point(|r| r.t <= t);
        self.name_from(trace, id, renames, k)
    }

    /// The task's name at position `pos`.
    pub fn name_at_pos<'a>(&self, trace: &'a Trace, id: TaskId, pos: usize) -> &'a str {
        let renames = self.task(id).map(|task| &task.renames[..]).unwrap_or(&[]);
        let k = renames.partition_point(|r| r.p as usize <= pos);
        self.name_from(trace, id, renames, k)
    }

    /// The task's latest name.
    pub fn name<'a>(&self, trace: &'a Trace, id: TaskId) -> &'a str {
        self.name_at_pos(trace, id, usize::MAX)
    }

    fn name_from<'a>(&self, trace: &'a Trace, id: TaskId, renames: &[Rename], k: usize) -> &'a str {
        match k.checked_sub(1) {
            Some(i) => trace.str(renames[i].name),
            None => trace
                .tasks
                .get(id.0 as usize)
                .map(|info| trace.str(info.name))
                .unwrap_or(""),
        }
    }

    /// How the task ended, if it has.
    pub fn end(&self, id: TaskId) -> Option<TaskEnd> {
        self.task(id).and_then(|task| task.end)
    }

    /// Human text of how a task ended: the result's `repr`, `Type: message`, or `cancelled`.
    pub fn outcome_text(&self, trace: &Trace, id: TaskId) -> Option<String> {
        self.end(id).map(|end| outcome_text(trace, end.outcome))
    }

    /// Human text of what a task suspended at `since` awaits, with task names as of `at`:
    /// `sleep(1.0)`, `await worker-2`, `gather(3)`, `queue.get()`, `yield`.
    pub fn awaiting_label(&self, trace: &Trace, awaiting: Awaiting, since: f64, at: f64) -> String {
        match awaiting {
            Awaiting::Yield => "yield".to_string(),
            Awaiting::Sleep(timer) => match trace.timers.get(timer.0 as usize) {
                Some(info) => format!("sleep({})", py_float_repr(info.deadline - since)),
                None => "sleep".to_string(),
            },
            Awaiting::Task(other) => format!("await {}", self.name_at(trace, other, at)),
            Awaiting::Future(f) => trace
                .futures
                .get(f.0 as usize)
                .map(|info| trace.str(info.label).to_string())
                .unwrap_or_else(|| "future".to_string()),
        }
    }

    /// Human label of one segment (empty when there is nothing to say): what it awaits,
    /// `yield` for a pending task that yielded, the result or exception, `cancelled`. Task
    /// names are taken as of `at`.
    pub fn segment_label(&self, trace: &Trace, id: TaskId, index: usize, at: f64) -> String {
        let Some(seg) = self.segments(id).get(index) else {
            return String::new();
        };
        match seg.state {
            TaskState::Awaiting | TaskState::Pending => match seg.awaiting {
                Some(a) if seg.state == TaskState::Awaiting || a == Awaiting::Yield => {
                    self.awaiting_label(trace, a, seg.t0, at)
                }
                _ => String::new(),
            },
            TaskState::Running => String::new(),
            TaskState::Ready | TaskState::Failed | TaskState::Cancelled => {
                self.outcome_text(trace, id).unwrap_or_default()
            }
        }
    }

    /// Wake-up arrows, in event order.
    pub fn arrows(&self) -> &[Arrow] {
        &self.arrows
    }

    /// Arrows with `t0 ≤ t ≤ t1`.
    pub fn arrows_between(&self, t0: f64, t1: f64) -> &[Arrow] {
        let a = self.arrows.partition_point(|x| x.t < t0);
        let b = self.arrows.partition_point(|x| x.t <= t1);
        &self.arrows[a..b.max(a)]
    }

    /// Markers (prints, exceptions, cancellations, warnings, blocking calls), in event order.
    pub fn markers(&self) -> &[Marker] {
        &self.markers
    }

    /// Markers with `t0 ≤ t ≤ t1`.
    pub fn markers_between(&self, t0: f64, t1: f64) -> &[Marker] {
        let a = self.markers.partition_point(|x| x.t < t0);
        let b = self.markers.partition_point(|x| x.t <= t1);
        &self.markers[a..b.max(a)]
    }

    /// Markers that happened within the first `pos` events (the console and hints at a
    /// scrubbed position).
    pub fn markers_until_pos(&self, pos: usize) -> &[Marker] {
        let k = self.markers.partition_point(|m| m.p as usize <= pos);
        &self.markers[..k]
    }

    /// The ready queue after `pos` events, head first. O(log n).
    pub fn ready_queue_at_pos(&self, pos: usize) -> &[QueueEntry] {
        let tail = self.queue.partition_point(|e| e.p as usize <= pos);
        let head = self.pops.partition_point(|&p| p as usize <= pos).min(tail);
        &self.queue[head..tail]
    }

    /// The ready queue at clock time `t`, head first.
    pub fn ready_queue_at(&self, trace: &Trace, t: f64) -> &[QueueEntry] {
        self.ready_queue_at_pos(self.pos_at_time(trace, t))
    }

    /// The timer heap after `pos` events: armed, not yet fired or cancelled, ordered by
    /// deadline then arming order.
    pub fn timer_heap_at_pos(&self, trace: &Trace, pos: usize) -> Vec<HeapEntry> {
        let pos = pos.min(u32::MAX as usize - 1) as u32;
        let mut heap: Vec<HeapEntry> = self
            .timers
            .iter()
            .enumerate()
            .filter(|(_, life)| life.armed <= pos && pos < life.ended)
            .filter_map(|(i, _)| {
                trace.timers.get(i).map(|info| HeapEntry {
                    timer: TimerId(i as u32),
                    deadline: info.deadline,
                    owner: info.owner,
                    label: info.label,
                })
            })
            .collect();
        heap.sort_by(|a, b| {
            a.deadline
                .total_cmp(&b.deadline)
                .then(a.timer.cmp(&b.timer))
        });
        heap
    }

    /// The timer heap at clock time `t`.
    pub fn timer_heap_at(&self, trace: &Trace, t: f64) -> Vec<HeapEntry> {
        self.timer_heap_at_pos(trace, self.pos_at_time(trace, t))
    }

    /// The position at clock time `t`: the number of applied events stamped `≤ t`. O(log n).
    pub fn pos_at_time(&self, trace: &Trace, t: f64) -> usize {
        let applied = self.applied.min(trace.records.len());
        trace.records[..applied].partition_point(|r| r.t <= t)
    }

    /// The clock time at position `pos` (the time of the last applied event; 0 at 0).
    pub fn time_at_pos(&self, trace: &Trace, pos: usize) -> f64 {
        let pos = pos.min(self.applied).min(trace.records.len());
        pos.checked_sub(1)
            .map(|i| trace.records[i].t)
            .unwrap_or(0.0)
    }

    /// The event that brought the run to position `pos` (`None` at 0).
    pub fn record_at_pos<'a>(&self, trace: &'a Trace, pos: usize) -> Option<&'a Record> {
        let pos = pos.min(self.applied);
        pos.checked_sub(1).and_then(|i| trace.records.get(i))
    }

    /// One event forward (stays at the end).
    pub fn step_forward(&self, pos: usize) -> usize {
        (pos + 1).min(self.applied)
    }

    /// One event back (stays at 0).
    pub fn step_back(&self, pos: usize) -> usize {
        pos.min(self.applied).saturating_sub(1)
    }

    /// The task running at position `pos`, if any.
    pub fn running_at_pos(&self, pos: usize) -> Option<TaskId> {
        self.lanes
            .iter()
            .copied()
            .find(|&id| self.state_at_pos(id, pos) == Some(TaskState::Running))
    }
}

/// One row of the task table at some position (plain data for the UI's table and tooltips).
#[derive(Clone, Debug, PartialEq)]
pub struct TaskRow {
    /// The task.
    pub task: TaskId,
    /// Its lane row.
    pub row: usize,
    /// Depth in the creation tree.
    pub depth: u32,
    /// Its name at that position.
    pub name: String,
    /// Its coroutine's name.
    pub coro: String,
    /// Line of its `async def`.
    pub line: u32,
    /// Its state.
    pub state: TaskState,
    /// What it awaits (`sleep(1.0)`, `await worker-2`...), empty if nothing.
    pub awaiting: String,
    /// Its result `repr`, `Type: message` or `cancelled`, once ended.
    pub outcome: Option<String>,
    /// Clock time of its creation.
    pub created: f64,
    /// Clock time it ended, once ended.
    pub finished: Option<f64>,
}

/// What a tooltip shows about one segment.
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentInfo {
    /// The task's name.
    pub name: String,
    /// The segment's state.
    pub state: TaskState,
    /// Start (clock seconds).
    pub start: f64,
    /// Duration in seconds (an open segment ends at `now`).
    pub duration: f64,
    /// Its label (what it awaits, `yield`, the result or exception), possibly empty.
    pub label: String,
    /// The task's result, exception or cancellation, if it has ended by `now`.
    pub outcome: Option<String>,
    /// Line of the task's `async def` (for click-to-line).
    pub line: u32,
}

impl Model {
    /// The task table after `pos` events, in lane order, with the tasks created by then.
    pub fn task_rows_at_pos(&self, trace: &Trace, pos: usize) -> Vec<TaskRow> {
        let at = self.time_at_pos(trace, pos);
        let mut rows = Vec::new();
        for (row, &task) in self.lanes.iter().enumerate() {
            let Some(i) = self.segment_index_at_pos(task, pos) else {
                continue;
            };
            let segs = self.segments(task);
            let seg = segs[i];
            let end = self.end(task).filter(|e| e.p as usize <= pos);
            let info = trace.tasks.get(task.0 as usize);
            rows.push(TaskRow {
                task,
                row,
                depth: self.task(task).map(|t| t.depth).unwrap_or(0),
                name: self.name_at_pos(trace, task, pos).to_string(),
                coro: info
                    .map(|i| trace.str(i.coro).to_string())
                    .unwrap_or_default(),
                line: info.map(|i| i.line).unwrap_or(0),
                state: seg.state,
                awaiting: match (seg.state, seg.awaiting) {
                    (TaskState::Awaiting, Some(a)) => self.awaiting_label(trace, a, seg.t0, at),
                    _ => String::new(),
                },
                outcome: end.map(|e| outcome_text(trace, e.outcome)),
                created: segs[0].t0,
                finished: end.map(|e| e.t),
            });
        }
        rows
    }

    /// Tooltip facts for segment `index` of `task`, as of `now`.
    pub fn segment_info(
        &self,
        trace: &Trace,
        task: TaskId,
        index: usize,
        now: f64,
    ) -> Option<SegmentInfo> {
        let seg = *self.segments(task).get(index)?;
        Some(SegmentInfo {
            name: self.name_at(trace, task, now).to_string(),
            state: seg.state,
            start: seg.t0,
            duration: seg.duration(now),
            label: self.segment_label(trace, task, index, now),
            outcome: self
                .end(task)
                .filter(|e| e.t <= now)
                .map(|e| outcome_text(trace, e.outcome)),
            line: trace
                .tasks
                .get(task.0 as usize)
                .map(|i| i.line)
                .unwrap_or(0),
        })
    }

    /// Human text of a ready-queue handle after `pos` events: `step worker-2` or the
    /// callback's label.
    pub fn queue_item_text(&self, trace: &Trace, item: QueueItem, pos: usize) -> String {
        match item {
            QueueItem::Step(task, _) => format!("step {}", self.name_at_pos(trace, task, pos)),
            QueueItem::Callback(label, _) => trace.str(label).to_string(),
        }
    }

    /// Human text of a cause after `pos` events: `loop`, a task's name, `timer 3`.
    pub fn cause_text(&self, trace: &Trace, cause: Cause, pos: usize) -> String {
        match cause {
            Cause::Loop => "loop".to_string(),
            Cause::Task(task) => self.name_at_pos(trace, task, pos).to_string(),
            Cause::Timer(timer) => match trace.timers.get(timer.0 as usize) {
                Some(info) => format!("timer {} ({})", timer.0, trace.str(info.label)),
                None => format!("timer {}", timer.0),
            },
        }
    }
}

fn cause_task(cause: Packed) -> Option<TaskId> {
    match Cause::from(cause) {
        Cause::Task(id) => Some(id),
        _ => None,
    }
}

/// Human text of an [`Outcome`]: the result's `repr`, `Type: message` (or just `Type`), or
/// `cancelled`.
pub fn outcome_text(trace: &Trace, outcome: Outcome) -> String {
    match outcome {
        Outcome::Returned(repr) => trace.str(repr).to_string(),
        Outcome::Raised(e) => match trace.errors.get(e as usize) {
            Some(err) if err.message.is_empty() => err.type_name.clone(),
            Some(err) => format!("{}: {}", err.type_name, err.message),
            None => "exception".to_string(),
        },
        Outcome::Cancelled => "cancelled".to_string(),
    }
}

/// Formats a float like Python's `repr` for the simple values a script writes (`1.0`, `0.5`,
/// `0.1`, `1e-05`), after rounding away clock arithmetic noise (12 significant digits), so
/// `1.1 - 0.1` shows as `1.0`.
pub fn py_float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let rounded: f64 = format!("{x:.11e}").parse().unwrap_or(x);
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    let abs = rounded.abs();
    if abs != 0.0 && !(1e-4..1e16).contains(&abs) {
        // Python: shortest mantissa, exponent with sign and at least two digits.
        let s = format!("{rounded:e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let (sign, digits) = match exp.strip_prefix('-') {
            Some(d) => ("-", d),
            None => ("+", exp),
        };
        return format!("{mantissa}e{sign}{digits:0>2}");
    }
    let s = format!("{rounded}");
    if s.contains('.') {
        s
    } else {
        format!("{s}.0")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::synth::{synthetic_trace, TraceBuilder};
    use crate::trace::WarningKind;

    #[test]
    fn each_state_has_one_unambiguous_phrase() {
        // `ready` is asyncio's "done": it must never read as "ready to run" (that is pending).
        assert_eq!(TaskState::Ready.meaning(), "finished, result available");
        assert!(TaskState::Pending.meaning().contains("ready queue"));
        let phrases: Vec<&str> = TaskState::ALL.iter().map(|s| s.meaning()).collect();
        for (i, p) in phrases.iter().enumerate() {
            assert!(!p.is_empty() && !phrases[..i].contains(p), "{p}");
        }
        for done in TaskState::ALL.iter().filter(|s| s.is_done()) {
            assert!(done.meaning().starts_with("finished"), "{done:?}");
        }
    }

    /// main sleeps 1 s while a child (created at 0) yields then finishes.
    fn sleepy() -> (Trace, TaskId, TaskId, TimerId) {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None);
        b.run(main);
        let child = b.create("worker-2", Some(main));
        let timer = b.sleep(main, 1.0);
        b.run(child);
        b.yield_now(child);
        b.run(child);
        b.print(Some(child), "hello");
        b.finish(child, "42");
        b.at(1.0).fire(timer);
        b.run(main);
        b.finish(main, "None");
        (b.build(), main, child, timer)
    }

    fn states(m: &Model, id: TaskId) -> Vec<TaskState> {
        m.segments(id).iter().map(|s| s.state).collect()
    }

    #[test]
    fn fresh_task_is_pending_until_its_first_step_runs() {
        let (trace, main, child, _) = sleepy();
        let m = Model::from_trace(&trace);
        assert_eq!(m.state_at_pos(main, 1), Some(TaskState::Pending));
        assert_eq!(m.state_at_pos(main, 0), None);
        let created = m.segments(child)[0];
        assert_eq!(created.state, TaskState::Pending);
        assert_eq!(
            m.state_at_pos(child, created.p0 as usize),
            Some(TaskState::Pending)
        );
    }

    #[test]
    fn task_states_follow_run_suspend_wake_and_finish() {
        let (trace, main, child, _) = sleepy();
        let m = Model::from_trace(&trace);
        use TaskState::*;
        assert_eq!(
            states(&m, main),
            [Pending, Running, Awaiting, Pending, Running, Ready]
        );
        // The yield goes straight to pending (its step is already queued).
        assert_eq!(
            states(&m, child),
            [Pending, Running, Pending, Running, Ready]
        );
        assert_eq!(m.state_at(main, 0.5), Some(Awaiting));
        assert_eq!(m.state_at(main, 1.0), Some(Ready));
        assert_eq!(m.state_at(main, 99.0), Some(Ready));
        assert_eq!(m.state_at(child, 0.5), Some(Ready));
        assert_eq!(m.state_at(main, -1.0), None);
    }

    #[test]
    fn segments_are_contiguous_and_only_the_last_is_open() {
        let trace = synthetic_trace(50, 5_000, 3);
        let m = Model::from_trace(&trace);
        for &id in m.lanes() {
            let segs = m.segments(id);
            for w in segs.windows(2) {
                assert_eq!(w[0].t1, w[1].t0);
                assert_eq!(w[0].p1, w[1].p0);
                assert!(w[0].p0 < w[0].p1);
                assert!(!w[0].is_open());
            }
            assert!(segs.last().is_some_and(|s| s.is_open()));
        }
    }

    #[test]
    fn sleep_label_is_deadline_minus_suspension_time_in_python_repr() {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None);
        b.at(0.1).run(main);
        let timer = b.sleep(main, 1.0);
        b.fire(timer).run(main);
        let trace = b.build();
        let m = Model::from_trace(&trace);
        let i = m.segment_index_at(main, 0.5).expect("segment");
        assert_eq!(m.segments(main)[i].state, TaskState::Awaiting);
        // 1.1 - 0.1 is 1.0000000000000002 in floats; Python users wrote 1.0.
        assert_eq!(m.segment_label(&trace, main, i, 0.5), "sleep(1.0)");
    }

    #[test]
    fn await_label_uses_the_awaited_tasks_current_name() {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None);
        b.run(main);
        let child = b.create("Task-2", Some(main));
        b.await_task(main, child);
        b.run(child);
        b.at(0.5).rename(child, "worker-2");
        b.finish(child, "1");
        b.queue(main, Cause::Task(child));
        let trace = b.build();
        let m = Model::from_trace(&trace);
        let i = m.segment_index_at_pos(main, 7).expect("segment");
        assert_eq!(m.segments(main)[i].state, TaskState::Awaiting);
        assert_eq!(m.segment_label(&trace, main, i, 0.0), "await Task-2");
        assert_eq!(m.segment_label(&trace, main, i, 1.0), "await worker-2");
        assert_eq!(m.name(&trace, child), "worker-2");
        assert_eq!(m.name_at(&trace, child, 0.2), "Task-2");
    }

    #[test]
    fn future_and_yield_labels_come_from_the_tables() {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None);
        b.run(main);
        b.await_future(main, "gather(3)");
        b.queue(main, Cause::Loop).run(main);
        b.yield_now(main);
        let trace = b.build();
        let m = Model::from_trace(&trace);
        let labels: Vec<String> = (0..m.segments(main).len())
            .map(|i| m.segment_label(&trace, main, i, 0.0))
            .collect();
        assert_eq!(labels, ["", "", "gather(3)", "", "", "yield"]);
    }

    #[test]
    fn step_queued_after_suspension_means_pending_not_awaiting() {
        let (trace, main, _, timer) = sleepy();
        let m = Model::from_trace(&trace);
        let fired = trace
            .records
            .iter()
            .position(|r| r.event == Event::TimerFired(timer))
            .expect("fired");
        // After the StepQueued that follows the firing, main is pending.
        assert_eq!(m.state_at_pos(main, fired + 1), Some(TaskState::Awaiting));
        assert_eq!(m.state_at_pos(main, fired + 2), Some(TaskState::Pending));
    }

    #[test]
    fn outcomes_give_result_repr_error_and_cancellation() {
        let mut b = TraceBuilder::new();
        let a = b.create("a", None);
        let c = b.create("c", None);
        let d = b.create("d", None);
        b.run(a).finish(a, "'ok'");
        b.run(c);
        b.fail(c, "ValueError", "boom");
        b.run(d).cancel(d);
        let trace = b.build();
        let m = Model::from_trace(&trace);
        assert_eq!(m.outcome_text(&trace, a).as_deref(), Some("'ok'"));
        assert_eq!(
            m.outcome_text(&trace, c).as_deref(),
            Some("ValueError: boom")
        );
        assert_eq!(m.outcome_text(&trace, d).as_deref(), Some("cancelled"));
        assert_eq!(m.state_at_pos(c, m.len()), Some(TaskState::Failed));
        assert_eq!(m.state_at_pos(d, m.len()), Some(TaskState::Cancelled));
        let kinds: Vec<MarkerKind> = m.markers().iter().map(|k| k.kind).collect();
        assert_eq!(kinds, [MarkerKind::Exception(0), MarkerKind::Cancelled]);
    }

    #[test]
    fn lanes_put_children_under_their_parent_in_creation_order() {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None); // 0
        let a = b.create("a", Some(main)); // 1
        let b2 = b.create("b", Some(main)); // 2
        let a1 = b.create("a1", Some(a)); // 3
        let other = b.create("other-root", None); // 4
        let b1 = b.create("b1", Some(b2)); // 5
        let a2 = b.create("a2", Some(a)); // 6
        let trace = b.build();
        let m = Model::from_trace(&trace);
        assert_eq!(m.lanes(), [main, a, a1, a2, b2, b1, other]);
        assert_eq!(m.lane_of(a2), Some(3));
        assert_eq!(m.task(a1).map(|t| t.depth), Some(2));
    }

    #[test]
    fn first_and_last_times_span_the_tasks_life() {
        let (trace, main, child, _) = sleepy();
        let m = Model::from_trace(&trace);
        let main_model = m.task(main).expect("main");
        assert_eq!(main_model.first_time(), Some(0.0));
        assert_eq!(main_model.last_time(), Some(1.0));
        assert_eq!(m.end(child).map(|e| e.t), Some(0.0));
        assert_eq!(m.end_time(), 1.0);
    }

    #[test]
    fn arrows_come_from_wakers_and_spawners_not_self_yields() {
        let (trace, main, child, timer) = sleepy();
        let m = Model::from_trace(&trace);
        let arrows: Vec<(Cause, TaskId, ArrowKind)> =
            m.arrows().iter().map(|a| (a.from, a.to, a.kind)).collect();
        assert_eq!(
            arrows,
            [
                (Cause::Task(main), child, ArrowKind::Spawn),
                (Cause::Timer(timer), main, ArrowKind::Wake),
            ]
        );
        assert_eq!(m.arrows_between(0.5, 2.0).len(), 1);
    }

    #[test]
    fn markers_cover_prints_warnings_and_blocking_calls() {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None);
        b.run(main);
        b.print(Some(main), "hi");
        b.print(None, "top");
        b.block(main, 1.0, "time.sleep(1)");
        b.warn(WarningKind::BlockingSleep, Some(main), "blocked");
        let trace = b.build();
        let m = Model::from_trace(&trace);
        let tasks: Vec<Option<TaskId>> = m.markers().iter().map(|k| k.task).collect();
        assert_eq!(tasks, [Some(main), None, Some(main), Some(main)]);
        assert!(matches!(m.markers()[3].kind, MarkerKind::Warning(0)));
        assert_eq!(m.markers_between(0.5, 2.0).len(), 1);
        // The blocking call keeps main running while the clock moves.
        assert_eq!(m.state_at(main, 0.5), Some(TaskState::Running));
    }

    #[test]
    fn markers_until_a_position_are_the_console_so_far() {
        let (trace, _, child, _) = sleepy();
        let m = Model::from_trace(&trace);
        let print_pos = m.markers()[0].p as usize;
        assert!(m.markers_until_pos(print_pos - 1).is_empty());
        assert_eq!(m.markers_until_pos(print_pos).len(), 1);
        assert_eq!(m.markers_until_pos(m.len())[0].task, Some(child));
    }

    #[test]
    fn ready_queue_replays_as_a_fifo() {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None); // pos 2: [main]
        b.run(main); // pos 4: []
        let x = b.create("x", Some(main)); // pos 6: [x]
        let y = b.create("y", Some(main)); // pos 8: [x, y]
        b.callback("cb", Cause::Task(main)); // pos 9: [x, y, cb]
        b.await_task(main, x); // pos 10
        b.event(Event::HandleRun); // pos 11: [y, cb]
        b.event(Event::TaskResumed(x));
        b.finish(x, "None");
        b.event(Event::HandleSkipped); // pos 14: [cb]
        let trace = b.build();
        let m = Model::from_trace(&trace);
        let items =
            |pos| -> Vec<QueueItem> { m.ready_queue_at_pos(pos).iter().map(|e| e.item).collect() };
        assert_eq!(items(2), [QueueItem::Step(main, Cause::Loop)]);
        assert!(items(4).is_empty());
        assert_eq!(
            items(8),
            [
                QueueItem::Step(x, Cause::Task(main)),
                QueueItem::Step(y, Cause::Task(main))
            ]
        );
        assert_eq!(items(11).len(), 2);
        assert_eq!(items(11)[0], QueueItem::Step(y, Cause::Task(main)));
        assert!(matches!(items(14)[..], [QueueItem::Callback(_, _)]));
        assert_eq!(m.ready_queue_at(&trace, 0.0).len(), 1);
    }

    #[test]
    fn timer_heap_orders_by_deadline_then_arming_and_drops_fired_or_cancelled() {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None);
        b.run(main);
        let t0 = b.arm(Some(main), 2.0, "call_later");
        let t1 = b.arm(None, 1.0, "wait_for timeout");
        let t2 = b.arm(None, 2.0, "call_later");
        let t3 = b.sleep(main, 0.5);
        let armed = b.trace.records.len();
        b.event(Event::TimerCancelled(t1));
        b.fire(t3);
        let trace = b.build();
        let m = Model::from_trace(&trace);
        let heap = |pos| -> Vec<TimerId> {
            m.timer_heap_at_pos(&trace, pos)
                .iter()
                .map(|e| e.timer)
                .collect()
        };
        assert_eq!(heap(armed), [t3, t1, t0, t2]);
        assert_eq!(heap(armed + 1), [t3, t0, t2]);
        assert_eq!(heap(m.len()), [t0, t2]);
        assert_eq!(m.timer_heap_at(&trace, 0.0).len(), 3);
        assert_eq!(m.timer_heap_at_pos(&trace, armed)[0].owner, Some(main));
    }

    #[test]
    fn positions_step_through_events_sharing_one_instant() {
        let (trace, _, _, _) = sleepy();
        let m = Model::from_trace(&trace);
        let at_zero = m.pos_at_time(&trace, 0.0);
        assert!(at_zero > 5, "many events happen at t=0");
        assert_eq!(m.time_at_pos(&trace, at_zero), 0.0);
        assert_eq!(m.time_at_pos(&trace, at_zero + 1), 1.0);
        assert_eq!(m.pos_at_time(&trace, -1.0), 0);
        assert_eq!(m.pos_at_time(&trace, 5.0), m.len());
        assert_eq!(m.step_forward(m.len()), m.len());
        assert_eq!(m.step_back(0), 0);
        assert_eq!(m.step_back(3), 2);
        assert_eq!(m.step_forward(3), 4);
        assert_eq!(
            m.record_at_pos(&trace, 1).map(|r| r.event),
            Some(Event::TaskCreated(TaskId(0)))
        );
    }

    #[test]
    fn running_task_at_a_position_is_found() {
        let (trace, main, child, _) = sleepy();
        let m = Model::from_trace(&trace);
        assert_eq!(m.running_at_pos(3), None);
        assert_eq!(m.running_at_pos(4), Some(main));
        let first_child_run = m.segments(child)[1].p0 as usize;
        assert_eq!(m.running_at_pos(first_child_run), Some(child));
    }

    #[test]
    fn incremental_sync_matches_a_full_derivation() {
        let trace = synthetic_trace(40, 3_000, 11);
        let full = Model::from_trace(&trace);
        let mut live = Model::default();
        let mut partial = Trace {
            records: Vec::new(),
            ..trace.clone()
        };
        for chunk in trace.records.chunks(97) {
            partial.records.extend_from_slice(chunk);
            live.sync(&partial);
        }
        assert_eq!(live, full);
        // A new, shorter run starts over.
        partial.records.truncate(10);
        live.sync(&partial);
        assert_eq!(live.len(), 10);
    }

    #[test]
    fn py_float_repr_matches_python_for_simple_values() {
        for (x, s) in [
            (1.0, "1.0"),
            (0.5, "0.5"),
            (1.1 - 0.1, "1.0"),
            (0.1 + 0.2, "0.3"),
            (2.5, "2.5"),
            (0.001, "0.001"),
            (1e-5, "1e-05"),
            (0.0, "0.0"),
            (100.0, "100.0"),
            (1e16, "1e+16"),
            (-0.25, "-0.25"),
        ] {
            assert_eq!(py_float_repr(x), s, "{x}");
        }
    }

    #[test]
    fn events_for_unknown_tasks_are_ignored_without_panicking() {
        let mut b = TraceBuilder::new();
        b.event(Event::TaskResumed(TaskId(7)));
        b.event(Event::HandleRun);
        b.event(Event::TimerFired(TimerId(3)));
        b.event(Event::StepQueued(TaskId(9), Packed::from(Cause::Loop)));
        let trace = b.build();
        let m = Model::from_trace(&trace);
        assert!(m.lanes().is_empty());
        assert_eq!(m.state_at(TaskId(7), 0.0), None);
        assert_eq!(m.ready_queue_at_pos(4).len(), 1);
    }

    #[test]
    fn task_table_rows_show_state_awaiting_and_outcome_at_a_position() {
        let (trace, main, child, _) = sleepy();
        let m = Model::from_trace(&trace);
        let mid = m.pos_at_time(&trace, 0.5);
        let rows = m.task_rows_at_pos(&trace, mid);
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].task, rows[0].state), (main, TaskState::Awaiting));
        assert_eq!(rows[0].awaiting, "sleep(1.0)");
        assert_eq!(rows[0].outcome, None);
        assert_eq!(rows[1].task, child);
        assert_eq!(rows[1].outcome.as_deref(), Some("42"));
        assert_eq!(rows[1].finished, Some(0.0));
        let end = m.task_rows_at_pos(&trace, m.len());
        assert_eq!(end[0].state, TaskState::Ready);
        assert_eq!(end[0].finished, Some(1.0));
        assert!(m.task_rows_at_pos(&trace, 0).is_empty());
    }

    #[test]
    fn tooltip_info_gives_duration_label_and_outcome() {
        let (trace, main, _, _) = sleepy();
        let m = Model::from_trace(&trace);
        let i = m.segment_index_at(main, 0.5).expect("segment");
        let info = m.segment_info(&trace, main, i, 1.0).expect("info");
        assert_eq!(info.state, TaskState::Awaiting);
        assert_eq!((info.start, info.duration), (0.0, 1.0));
        assert_eq!(info.label, "sleep(1.0)");
        assert_eq!(info.outcome.as_deref(), Some("None"));
        assert_eq!(info.name, "main");
    }

    #[test]
    fn loop_panel_texts_name_steps_callbacks_and_causes() {
        let (trace, main, child, timer) = sleepy();
        let m = Model::from_trace(&trace);
        assert_eq!(
            m.queue_item_text(&trace, QueueItem::Step(child, Cause::Task(main)), m.len()),
            "step worker-2"
        );
        assert_eq!(m.cause_text(&trace, Cause::Task(main), 0), "main");
        assert_eq!(
            m.cause_text(&trace, Cause::Timer(timer), 0),
            "timer 0 (sleep)"
        );
        assert_eq!(m.cause_text(&trace, Cause::Loop, 0), "loop");
    }

    #[test]
    fn synthetic_trace_has_the_requested_size_and_consistent_tables() {
        let trace = synthetic_trace(1_000, 100_000, 1);
        assert!(trace.records.len() >= 100_000);
        assert!(trace.records.len() < 100_100);
        assert_eq!(trace.tasks.len(), 1_000);
        assert!(trace.records.windows(2).all(|w| w[0].t <= w[1].t));
        let m = Model::from_trace(&trace);
        assert_eq!(m.lanes().len(), 1_000);
        let done = m.lanes().iter().filter(|&&id| m.end(id).is_some()).count();
        assert!(done > 50 && done < 1_000, "{done} tasks ended");
        assert!(!m.arrows().is_empty() && !m.markers().is_empty());
        assert_eq!(synthetic_trace(30, 2_000, 5), synthetic_trace(30, 2_000, 5));
    }
}
