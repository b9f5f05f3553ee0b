//! Building traces without a runtime: [`TraceBuilder`] writes the events a small scenario
//! would record (for tests of the model, the views and the export), and
//! [`synthetic_trace`] simulates a busy asyncio program (thousands of tasks sleeping,
//! yielding, awaiting each other and futures) for the UI frame-time benchmark.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use super::event::{
    Awaiting, Cause, ErrorInfo, Event, FutureId, FutureInfo, Packed, StrId, TaskId, TaskInfo,
    TimerId, TimerInfo, Trace, WarningInfo, WarningKind,
};

/// Writes events into a [`Trace`] the way the runtime would, one scenario step per call.
/// Every call records at the builder's current clock time (see [`TraceBuilder::at`]).
#[derive(Clone, Debug, Default)]
pub struct TraceBuilder {
    /// The trace written so far.
    pub trace: Trace,
    /// The current clock time in seconds.
    pub t: f64,
}

impl TraceBuilder {
    /// An empty trace at time 0.
    pub fn new() -> Self {
        TraceBuilder::default()
    }

    /// Moves the clock to `t` (seconds) for the following events.
    pub fn at(&mut self, t: f64) -> &mut Self {
        self.t = t;
        self
    }

    /// Records a raw event at the current time.
    pub fn event(&mut self, event: Event) -> &mut Self {
        let t = self.t;
        self.trace.push(t, (t * 1000.0) as f32, event);
        self
    }

    /// Creates a task named `name` (coroutine `name` too) and queues its first step, caused
    /// by `parent` (or the loop).
    pub fn create(&mut self, name: &str, parent: Option<TaskId>) -> TaskId {
        let id = TaskId(self.trace.tasks.len() as u32);
        let name = self.trace.intern(name);
        self.trace.tasks.push(TaskInfo {
            name,
            coro: name,
            parent,
            line: 1,
        });
        self.event(Event::TaskCreated(id));
        let cause = parent.map(Cause::Task).unwrap_or(Cause::Loop);
        self.queue(id, cause);
        id
    }

    /// Queues a step of `task`, caused by `cause`.
    pub fn queue(&mut self, task: TaskId, cause: Cause) -> &mut Self {
        self.event(Event::StepQueued(task, Packed::from(cause)))
    }

    /// Queues a callback labelled `label`, caused by `cause`.
    pub fn callback(&mut self, label: &str, cause: Cause) -> &mut Self {
        let label = self.trace.intern(label);
        self.event(Event::CallbackQueued(label, Packed::from(cause)))
    }

    /// Takes the head of the ready queue and resumes `task` (its step).
    pub fn run(&mut self, task: TaskId) -> &mut Self {
        self.event(Event::HandleRun);
        self.event(Event::TaskResumed(task))
    }

    /// `task` suspends on `asyncio.sleep(delay)`: arms its timer and suspends.
    pub fn sleep(&mut self, task: TaskId, delay: f64) -> TimerId {
        let timer = self.arm(Some(task), delay, "sleep");
        self.event(Event::TaskSuspended(
            task,
            Packed::from(Awaiting::Sleep(timer)),
        ));
        timer
    }

    /// Arms a timer due `delay` seconds from now.
    pub fn arm(&mut self, owner: Option<TaskId>, delay: f64, label: &str) -> TimerId {
        let id = TimerId(self.trace.timers.len() as u32);
        let label = self.trace.intern(label);
        self.trace.timers.push(TimerInfo {
            deadline: self.t + delay,
            owner,
            label,
        });
        self.event(Event::TimerArmed(id));
        id
    }

    /// Moves the clock to the timer's deadline, fires it and queues its owner's step.
    pub fn fire(&mut self, timer: TimerId) -> &mut Self {
        let info = self.trace.timers.get(timer.0 as usize).cloned();
        if let Some(info) = &info {
            self.t = self.t.max(info.deadline);
        }
        self.event(Event::TimerFired(timer));
        if let Some(owner) = info.and_then(|i| i.owner) {
            self.queue(owner, Cause::Timer(timer));
        }
        self
    }

    /// `task` yields one turn (`await asyncio.sleep(0)`): suspends and requeues itself.
    pub fn yield_now(&mut self, task: TaskId) -> &mut Self {
        self.event(Event::TaskSuspended(task, Packed::from(Awaiting::Yield)));
        self.queue(task, Cause::Task(task))
    }

    /// `task` suspends awaiting `other`.
    pub fn await_task(&mut self, task: TaskId, other: TaskId) -> &mut Self {
        self.event(Event::TaskSuspended(
            task,
            Packed::from(Awaiting::Task(other)),
        ))
    }

    /// `task` suspends on a new future labelled `label` (`queue.get()`, `gather(3)`...).
    pub fn await_future(&mut self, task: TaskId, label: &str) -> FutureId {
        let id = FutureId(self.trace.futures.len() as u32);
        let label = self.trace.intern(label);
        self.trace.futures.push(FutureInfo { label });
        self.event(Event::FutureRegistered(id));
        self.event(Event::TaskSuspended(
            task,
            Packed::from(Awaiting::Future(id)),
        ));
        id
    }

    /// `task` returns a value whose `repr` is `repr`.
    pub fn finish(&mut self, task: TaskId, repr: &str) -> &mut Self {
        let repr = self.trace.intern(repr);
        self.event(Event::TaskFinished(task, repr))
    }

    /// `task` raises `type_name: message`; returns the error's index.
    pub fn fail(&mut self, task: TaskId, type_name: &str, message: &str) -> u32 {
        let index = self.trace.errors.len() as u32;
        self.trace.errors.push(ErrorInfo {
            type_name: type_name.to_string(),
            message: message.to_string(),
            frames: Vec::new(),
            text: format!("Traceback (most recent call last):\n{type_name}: {message}"),
        });
        self.event(Event::TaskFailed(task, index));
        index
    }

    /// `task` ends cancelled.
    pub fn cancel(&mut self, task: TaskId) -> &mut Self {
        self.event(Event::TaskCancelled(task))
    }

    /// `task` (or top-level code) prints `text`.
    pub fn print(&mut self, task: Option<TaskId>, text: &str) -> &mut Self {
        let text = self.trace.intern(text);
        let cause = task.map(Cause::Task).unwrap_or(Cause::Loop);
        self.event(Event::Print(Packed::from(cause), text))
    }

    /// `task.set_name(name)`.
    pub fn rename(&mut self, task: TaskId, name: &str) -> &mut Self {
        let name = self.trace.intern(name);
        self.event(Event::TaskRenamed(task, name))
    }

    /// A teaching warning about `task`.
    pub fn warn(&mut self, kind: WarningKind, task: Option<TaskId>, message: &str) -> &mut Self {
        let index = self.trace.warnings.len() as u32;
        self.trace.warnings.push(WarningInfo {
            kind,
            line: 1,
            message: message.to_string(),
            task,
        });
        self.event(Event::Warning(index))
    }

    /// `task` blocks the loop for `seconds` with `what` (`time.sleep(1)`): the clock jumps.
    pub fn block(&mut self, task: TaskId, seconds: f64, what: &str) -> &mut Self {
        let what = self.trace.intern(what);
        self.event(Event::Blocked(Packed::from(Cause::Task(task)), what));
        self.t += seconds;
        self
    }

    /// The finished trace.
    pub fn build(self) -> Trace {
        self.trace
    }
}

/// splitmix64: tiny, deterministic, good enough for synthetic traces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

#[derive(Clone, Copy)]
enum SimItem {
    Step(TaskId),
    Wake(TaskId),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TimerPurpose {
    Sleep,
    Resolve(TaskId),
}

#[derive(Default)]
struct SimTask {
    budget: u64,
    done: bool,
    awaiters: Vec<TaskId>,
    children: Vec<TaskId>,
}

/// A deterministic, realistic trace: `tasks` tasks (a `main` spawning workers that spawn
/// their own) sleeping, yielding, awaiting children and futures, printing, sometimes failing
/// or being cancelled, simulated on a virtual clock with a FIFO ready queue and a timer
/// heap, until about `events` events are recorded (the run is cut there, like a live run).
pub fn synthetic_trace(tasks: usize, events: usize, seed: u64) -> Trace {
    let tasks = tasks.max(1);
    let mut rng = Rng(seed ^ 0x5EED_C0DE);
    let mut b = TraceBuilder::new();
    let mut sim: Vec<SimTask> = Vec::with_capacity(tasks);
    let mut queue: VecDeque<SimItem> = VecDeque::new();
    let mut heap: BinaryHeap<Reverse<(u64, u32)>> = BinaryHeap::new();
    let mut purposes: Vec<TimerPurpose> = Vec::new();
    // About five events per step: give each task enough steps to outlast the cut on average.
    let avg_steps = (events / tasks / 4).max(2) as u64;
    const DELAYS: [f64; 8] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0];
    const FUTURES: [&str; 5] = [
        "queue.get()",
        "lock",
        "gather(3)",
        "event.wait()",
        "queue.put()",
    ];
    const RESULTS: [&str; 4] = ["None", "42", "'done'", "[1, 2, 3]"];
    let main = b.create("main", None);
    sim.push(SimTask {
        budget: u64::MAX,
        ..SimTask::default()
    });
    queue.push_back(SimItem::Step(main));
    let mut names: Vec<StrId> = Vec::new();
    let key = |t: f64| (t * 1e9) as u64;

    while b.trace.records.len() < events {
        let Some(item) = queue.pop_front() else {
            let Some(Reverse((deadline, timer))) = heap.pop() else {
                break;
            };
            b.t = b.t.max(deadline as f64 / 1e9);
            b.event(Event::TimerFired(TimerId(timer)));
            match purposes[timer as usize] {
                TimerPurpose::Sleep => {
                    let owner = b.trace.timers[timer as usize].owner.unwrap_or(main);
                    b.queue(owner, Cause::Timer(TimerId(timer)));
                    queue.push_back(SimItem::Step(owner));
                }
                TimerPurpose::Resolve(task) => {
                    b.callback("set_result", Cause::Timer(TimerId(timer)));
                    queue.push_back(SimItem::Wake(task));
                }
            }
            continue;
        };
        b.event(Event::HandleRun);
        let task = match item {
            SimItem::Wake(task) => {
                b.queue(task, Cause::Loop);
                queue.push_back(SimItem::Step(task));
                continue;
            }
            SimItem::Step(task) => task,
        };
        let ti = task.0 as usize;
        b.event(Event::TaskResumed(task));
        if rng.chance(15) {
            let text = format!("step {} of task {}", rng.below(1000), ti + 1);
            b.print(Some(task), &text);
        }
        if rng.chance(1) {
            b.block(task, 0.05, "time.sleep(0.05)");
        }
        let spawn_chance = if task == main { 90 } else { 40 };
        while sim.len() < tasks && rng.chance(spawn_chance) {
            let name = format!("worker-{}", sim.len());
            let child = b.create(&name, Some(task));
            sim.push(SimTask {
                budget: 1 + rng.below(2 * avg_steps),
                ..SimTask::default()
            });
            sim[ti].children.push(child);
            queue.push_back(SimItem::Step(child));
            if rng.chance(3) {
                if names.len() < 16 {
                    let renamed = format!("renamed-{}", names.len());
                    names.push(b.trace.intern(&renamed));
                }
                let name = names[rng.below(names.len() as u64) as usize];
                b.event(Event::TaskRenamed(child, name));
            }
        }
        sim[ti].budget = sim[ti].budget.saturating_sub(1);
        if sim[ti].budget == 0 {
            let roll = rng.below(100);
            if roll < 5 {
                b.fail(task, "ValueError", "bad input");
                if rng.chance(50) {
                    b.warn(
                        WarningKind::ExceptionNeverRetrieved,
                        Some(task),
                        "Task exception was never retrieved",
                    );
                }
            } else if roll < 9 {
                b.cancel(task);
            } else {
                let repr = RESULTS[rng.below(RESULTS.len() as u64) as usize];
                b.finish(task, repr);
            }
            sim[ti].done = true;
            for waiter in std::mem::take(&mut sim[ti].awaiters) {
                b.queue(waiter, Cause::Task(task));
                queue.push_back(SimItem::Step(waiter));
            }
            continue;
        }
        let roll = rng.below(100);
        let open_child = sim[ti]
            .children
            .iter()
            .copied()
            .find(|c| !sim[c.0 as usize].done);
        match (roll, open_child) {
            (0..=19, _) => {
                b.yield_now(task);
                queue.push_back(SimItem::Step(task));
            }
            (20..=34, Some(child)) => {
                b.await_task(task, child);
                sim[child.0 as usize].awaiters.push(task);
            }
            (35..=49, _) => {
                let label = FUTURES[rng.below(FUTURES.len() as u64) as usize];
                b.await_future(task, label);
                let delay = DELAYS[rng.below(DELAYS.len() as u64) as usize];
                let timer = b.arm(None, delay, "call_later");
                purposes.push(TimerPurpose::Resolve(task));
                heap.push(Reverse((key(b.t + delay), timer.0)));
            }
            _ => {
                let delay = DELAYS[rng.below(DELAYS.len() as u64) as usize];
                let timer = b.sleep(task, delay);
                purposes.push(TimerPurpose::Sleep);
                heap.push(Reverse((key(b.t + delay), timer.0)));
            }
        }
    }
    b.build()
}
