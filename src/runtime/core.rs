//! The asyncio core in Rust: the event loop (ready queue, timer heap), `Future`, `Task`,
//! `sleep`, `run`, and the `asyncio`/`time` modules, recording every task and loop event into
//! the [`Trace`](crate::trace::Trace).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use crate::interp::builtins::{arity, func, take_kw};
use crate::interp::error::{format_traceback, new_exception, PyErr, PyResult};
use crate::interp::eval::SuspendOnce;
use crate::interp::ops;
use crate::interp::types;
use crate::interp::value::{
    Args, AttrMap, BodyFuture, Builtin, BuiltinImpl, Class, Instance, LocalBoxFuture, ModuleObj,
    Payload, TypeKind, Value,
};
use crate::interp::{Host, Interp, Suspend};
use crate::trace::{
    Awaiting, Cause, ErrorInfo, Event, FrameInfo, FutureId, FutureInfo, Packed, TaskId, TaskInfo,
    TimerId, TimerInfo, Trace, WarningInfo, WarningKind,
};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum FState {
    Pending,
    Cancelled,
    Finished,
}

/// What runs when a future completes.
#[derive(Clone)]
enum Callback {
    /// `Task.__wakeup` of a task awaiting the future.
    Wakeup(Value),
    /// A script (or prelude) callable, called with the future.
    Py(Value),
}

/// The state of a `Future` (and the future part of a `Task`).
pub struct FutureState {
    state: Cell<FState>,
    result: RefCell<Option<Value>>,
    exception: RefCell<Option<Value>>,
    callbacks: RefCell<Vec<Callback>>,
    cancel_message: RefCell<Option<Value>>,
    cancelled_exc: RefCell<Option<Value>>,
    log_traceback: Cell<bool>,
    label: RefCell<Option<String>>,
    trace_id: Cell<Option<FutureId>>,
    sleep_timer: Cell<Option<TimerId>>,
    task: Option<TaskState>,
}

/// The task part of a `Task`.
pub struct TaskState {
    id: TaskId,
    body: RefCell<Option<BodyFuture>>,
    coro: Value,
    name: RefCell<String>,
    started: Cell<bool>,
    must_cancel: Cell<bool>,
    fut_waiter: RefCell<Option<Value>>,
    num_cancels_requested: Cell<u32>,
    warned_long: Cell<bool>,
}

/// Evaluation steps (loop turns and calls) in one task step after which the run records a
/// "long-running step" hint.
const LONG_STEP: u64 = 200_000;

impl FutureState {
    fn new(task: Option<TaskState>) -> Self {
        FutureState {
            state: Cell::new(FState::Pending),
            result: RefCell::new(None),
            exception: RefCell::new(None),
            callbacks: RefCell::new(Vec::new()),
            cancel_message: RefCell::new(None),
            cancelled_exc: RefCell::new(None),
            log_traceback: Cell::new(false),
            label: RefCell::new(None),
            trace_id: Cell::new(None),
            sleep_timer: Cell::new(None),
            task,
        }
    }
}

fn fstate(v: &Value) -> Option<&FutureState> {
    v.as_instance().and_then(|i| i.native::<FutureState>())
}

fn fstate_of<'a>(a: &'a Args, m: &str) -> PyResult<&'a FutureState> {
    a.pos
        .first()
        .and_then(fstate)
        .ok_or_else(|| PyErr::type_error(format!("descriptor '{m}' requires a Future")))
}

/// A ready-queue entry (CPython's `Handle`).
struct Handle {
    kind: HandleKind,
    cancelled: Rc<Cell<bool>>,
    timer: Option<TimerId>,
}

enum HandleKind {
    /// `Task.__step(exc)`.
    Step(Value, Option<Value>),
    /// `Task.__wakeup(fut)`.
    Wakeup(Value, Value),
    /// `callback(*args)`.
    Call(Value, Vec<Value>),
}

/// A timer (CPython's `TimerHandle`), ordered by `when` only, as CPython's heap is.
struct Timer {
    when: f64,
    handle: Handle,
}

/// The event loop's state.
#[derive(Default)]
struct LoopState {
    ready: VecDeque<Handle>,
    scheduled: Vec<Timer>,
    timer_cancelled_count: usize,
    stopping: bool,
}

// CPython's heapq, comparing `when` only (ties resolve exactly as CPython's do).
fn heap_push(heap: &mut Vec<Timer>, item: Timer) {
    heap.push(item);
    let n = heap.len() - 1;
    sift_down(heap, 0, n);
}

fn heap_pop(heap: &mut Vec<Timer>) -> Option<Timer> {
    let last = heap.pop()?;
    if heap.is_empty() {
        return Some(last);
    }
    let ret = std::mem::replace(&mut heap[0], last);
    sift_up(heap, 0);
    Some(ret)
}

fn sift_down(heap: &mut [Timer], start: usize, mut pos: usize) {
    while pos > start {
        let parent = (pos - 1) >> 1;
        if heap[pos].when < heap[parent].when {
            heap.swap(pos, parent);
            pos = parent;
        } else {
            break;
        }
    }
}

fn sift_up(heap: &mut [Timer], mut pos: usize) {
    let end = heap.len();
    let start = pos;
    let mut child = 2 * pos + 1;
    while child < end {
        let right = child + 1;
        if right < end && heap[child].when >= heap[right].when {
            child = right;
        }
        heap.swap(pos, child);
        pos = child;
        child = 2 * pos + 1;
    }
    sift_down(heap, start, pos);
}

fn heapify(heap: &mut [Timer]) {
    let n = heap.len();
    for i in (0..n / 2).rev() {
        sift_up(heap, i);
    }
}

/// The runtime of one run: the loop, the tasks, the trace and the output.
pub struct Runtime {
    loop_: RefCell<LoopState>,
    /// The loop clock (seconds since the run started).
    pub now: Cell<f64>,
    /// When true, the driver lets real time pass before the clock jumps.
    pub paced: bool,
    /// Prefix printed lines with the virtual time.
    pub timestamps: bool,
    /// The recorded trace.
    pub trace: RefCell<Trace>,
    /// What the script printed (with timestamps if asked).
    pub stdout: RefCell<String>,
    /// Warnings and uncaught-exception text.
    pub stderr: RefCell<String>,
    at_line_start: Cell<bool>,
    current: RefCell<Option<Value>>,
    cause: Cell<Cause>,
    tasks: RefCell<Vec<Value>>,
    next_task_name: Cell<u32>,
    classes: RefCell<Option<RuntimeClasses>>,
    /// This run's `random` generator.
    pub rng: RefCell<crate::runtime::random::Random>,
    interned: RefCell<
        std::collections::HashMap<
            Rc<str>,
            crate::trace::StrId,
            std::hash::BuildHasherDefault<crate::interp::value::FxHasher>,
        >,
    >,
    /// Wall-clock milliseconds since the run started (set by the browser driver).
    pub wall_ms: Cell<f32>,
    running: Cell<bool>,
    /// The run's resource limits (tasks alive, output, trace events).
    pub limits: Cell<crate::interp::limits::Limits>,
    /// Tasks created and not yet done.
    alive: Cell<usize>,
}

#[derive(Clone)]
struct RuntimeClasses {
    future: Rc<Class>,
    task: Rc<Class>,
    handle: Rc<Class>,
    loop_: Rc<Class>,
}

impl Runtime {
    /// A runtime on the virtual (`paced = false`) or paced clock.
    pub fn new(paced: bool, timestamps: bool) -> Rc<Runtime> {
        Rc::new(Runtime {
            loop_: RefCell::new(LoopState::default()),
            now: Cell::new(0.0),
            paced,
            timestamps,
            trace: RefCell::new(Trace::default()),
            stdout: RefCell::new(String::new()),
            stderr: RefCell::new(String::new()),
            at_line_start: Cell::new(true),
            current: RefCell::new(None),
            cause: Cell::new(Cause::Loop),
            tasks: RefCell::new(Vec::new()),
            next_task_name: Cell::new(1),
            classes: RefCell::new(None),
            rng: RefCell::new(crate::runtime::stdlib::fresh()),
            interned: RefCell::new(Default::default()),
            wall_ms: Cell::new(0.0),
            running: Cell::new(false),
            limits: Cell::new(Default::default()),
            alive: Cell::new(0),
        })
    }

    /// Records an event, counting tasks alive; past the events cap the run is halted.
    fn record(&self, e: Event) {
        match e {
            Event::TaskCreated(_) => self.alive.set(self.alive.get() + 1),
            Event::TaskFinished(..) | Event::TaskFailed(..) | Event::TaskCancelled(_) => {
                self.alive.set(self.alive.get().saturating_sub(1))
            }
            _ => {}
        }
        let mut trace = self.trace.borrow_mut();
        let max = self.limits.get().max_events;
        if trace.records.len() >= max {
            crate::interp::limits::events_reached(max);
            return;
        }
        trace.push(self.now.get(), self.wall_ms.get(), e);
    }

    /// Interns `s`, sharing one copy of short repeated strings (callback names, task names,
    /// results such as `None`), so the trace stays small.
    fn intern(&self, s: &str) -> crate::trace::StrId {
        if s.len() > 48 {
            return self.trace.borrow_mut().intern(s);
        }
        if let Some(id) = self.interned.borrow().get(s) {
            return *id;
        }
        let id = self.trace.borrow_mut().intern(s);
        self.interned.borrow_mut().insert(Rc::from(s), id);
        id
    }

    fn current_id(&self) -> Option<TaskId> {
        self.current
            .borrow()
            .as_ref()
            .and_then(|t| fstate(t))
            .and_then(|f| f.task.as_ref())
            .map(|t| t.id)
    }

    fn classes(&self) -> RuntimeClasses {
        if let Some(c) = self.classes.borrow().clone() {
            return c;
        }
        let c = make_classes();
        *self.classes.borrow_mut() = Some(c.clone());
        c
    }

    fn warn(&self, kind: WarningKind, line: u32, message: String, task: Option<TaskId>) {
        let idx = {
            let mut t = self.trace.borrow_mut();
            t.warnings.push(WarningInfo {
                kind,
                line,
                message: message.clone(),
                task,
            });
            t.warnings.len() as u32 - 1
        };
        self.record(Event::Warning(idx));
        // CPython prints its own warnings; the teaching hints it has none for stay in the trace.
        if matches!(
            kind,
            WarningKind::NeverAwaited | WarningKind::ExceptionNeverRetrieved
        ) {
            let mut err = self.stderr.borrow_mut();
            err.push_str(&message);
            err.push('\n');
        }
    }

    // ----- the loop -----

    fn call_soon(&self, kind: HandleKind) -> Rc<Cell<bool>> {
        let cancelled = Rc::new(Cell::new(false));
        match &kind {
            HandleKind::Step(t, _) | HandleKind::Wakeup(t, _) => {
                if let Some(id) = fstate(t).and_then(|f| f.task.as_ref()).map(|s| s.id) {
                    self.record(Event::StepQueued(id, Packed::from(self.cause.get())));
                }
            }
            HandleKind::Call(cb, _) => {
                let label = callable_name(cb);
                let s = self.intern(&label);
                self.record(Event::CallbackQueued(s, Packed::from(self.cause.get())));
            }
        }
        self.loop_.borrow_mut().ready.push_back(Handle {
            kind,
            cancelled: cancelled.clone(),
            timer: None,
        });
        cancelled
    }

    fn call_at(
        &self,
        when: f64,
        kind: HandleKind,
        owner: Option<TaskId>,
        label: &str,
    ) -> (Rc<Cell<bool>>, TimerId) {
        let cancelled = Rc::new(Cell::new(false));
        let label = self.intern(label);
        let id = {
            let mut t = self.trace.borrow_mut();
            t.timers.push(TimerInfo {
                deadline: when,
                owner,
                label,
            });
            TimerId(t.timers.len() as u32 - 1)
        };
        self.record(Event::TimerArmed(id));
        heap_push(
            &mut self.loop_.borrow_mut().scheduled,
            Timer {
                when,
                handle: Handle {
                    kind,
                    cancelled: cancelled.clone(),
                    timer: Some(id),
                },
            },
        );
        (cancelled, id)
    }

    fn cancel_timer(&self, cancelled: &Cell<bool>, id: TimerId) {
        if !cancelled.get() {
            cancelled.set(true);
            self.loop_.borrow_mut().timer_cancelled_count += 1;
            self.record(Event::TimerCancelled(id));
        }
    }

    /// One iteration of the loop (`BaseEventLoop._run_once`).
    async fn run_once(&self, interp: &Interp) -> PyResult<()> {
        {
            let mut l = self.loop_.borrow_mut();
            let n = l.scheduled.len();
            if n > 100 && l.timer_cancelled_count * 2 > n {
                let mut keep = Vec::new();
                for t in l.scheduled.drain(..) {
                    if !t.handle.cancelled.get() {
                        keep.push(t);
                    }
                }
                heapify(&mut keep);
                l.scheduled = keep;
                l.timer_cancelled_count = 0;
            } else {
                while l
                    .scheduled
                    .first()
                    .is_some_and(|t| t.handle.cancelled.get())
                {
                    l.timer_cancelled_count = l.timer_cancelled_count.saturating_sub(1);
                    heap_pop(&mut l.scheduled);
                }
            }
        }
        // Nothing ready: the clock jumps to the earliest timer (after real time passes, when
        // paced).
        let next = {
            let l = self.loop_.borrow();
            if l.ready.is_empty() && !l.stopping {
                l.scheduled.first().map(|t| t.when)
            } else {
                None
            }
        };
        if let Some(when) = next {
            if when > self.now.get() {
                if self.paced {
                    SuspendOnce::new(interp, Suspend::Until(when)).await?;
                }
                self.now.set(when);
            }
        }
        let end_time = self.now.get() + 1e-9;
        loop {
            let t = {
                let mut l = self.loop_.borrow_mut();
                match l.scheduled.first() {
                    // As CPython's `handle._when >= end_time` test: a NaN deadline is due.
                    Some(t) if t.when < end_time || t.when.is_nan() => heap_pop(&mut l.scheduled),
                    _ => None,
                }
            };
            let Some(t) = t else { break };
            if let Some(id) = t.handle.timer {
                if !t.handle.cancelled.get() {
                    self.record(Event::TimerFired(id));
                }
            }
            self.loop_.borrow_mut().ready.push_back(t.handle);
        }
        let ntodo = self.loop_.borrow().ready.len();
        for _ in 0..ntodo {
            let h = self.loop_.borrow_mut().ready.pop_front();
            let Some(h) = h else { break };
            if h.cancelled.get() {
                self.record(Event::HandleSkipped);
                continue;
            }
            self.record(Event::HandleRun);
            self.cause.set(match h.timer {
                Some(id) => Cause::Timer(id),
                None => Cause::Loop,
            });
            self.run_handle(interp, h.kind).await?;
            self.cause.set(Cause::Loop);
        }
        Ok(())
    }

    async fn run_handle(&self, interp: &Interp, kind: HandleKind) -> PyResult<()> {
        match kind {
            HandleKind::Step(task, exc) => self.step(interp, &task, exc).await,
            HandleKind::Wakeup(task, fut) => {
                let exc = match self.result_of(&fut) {
                    Ok(_) => None,
                    Err(e) => Some(e.value()),
                };
                self.step(interp, &task, exc).await
            }
            HandleKind::Call(cb, args) => {
                if let Err(e) = interp.call(&cb, Args::new(args)).await {
                    if e.is("KeyboardInterrupt") || e.is("SystemExit") {
                        return Err(e);
                    }
                    let text = format_traceback(e.exc(), interp);
                    self.stderr.borrow_mut().push_str(&format!(
                        "Exception in callback {}\n{text}",
                        callable_name(&cb)
                    ));
                }
                Ok(())
            }
        }
    }

    // ----- futures -----

    fn schedule_callbacks(&self, fut: &Value) {
        let Some(f) = fstate(fut) else { return };
        let cbs: Vec<Callback> = std::mem::take(&mut *f.callbacks.borrow_mut());
        for cb in cbs {
            match cb {
                Callback::Wakeup(task) => {
                    self.call_soon(HandleKind::Wakeup(task, fut.clone()));
                }
                Callback::Py(c) => {
                    self.call_soon(HandleKind::Call(c, vec![fut.clone()]));
                }
            }
        }
    }

    fn set_result(&self, fut: &Value, v: Value) -> PyResult<()> {
        let f = fstate(fut).ok_or_else(|| PyErr::internal("not a future"))?;
        if f.state.get() != FState::Pending {
            return Err(PyErr::new("InvalidStateError", "invalid state"));
        }
        *f.result.borrow_mut() = Some(v);
        f.state.set(FState::Finished);
        self.schedule_callbacks(fut);
        Ok(())
    }

    fn set_exception(&self, fut: &Value, e: Value) -> PyResult<()> {
        let f = fstate(fut).ok_or_else(|| PyErr::internal("not a future"))?;
        if f.state.get() != FState::Pending {
            return Err(PyErr::new("InvalidStateError", "invalid state"));
        }
        let e = match e {
            Value::Class(c) if c.is_exception => Value::Instance(new_exception(c, vec![])),
            other => other,
        };
        if let Value::Instance(i) = &e {
            if i.class.is_subclass(&types::class("StopIteration")) {
                return Err(PyErr::type_error("StopIteration interacts badly with generators and cannot be raised into a Future"));
            }
        }
        *f.exception.borrow_mut() = Some(e);
        f.state.set(FState::Finished);
        self.schedule_callbacks(fut);
        f.log_traceback.set(true);
        Ok(())
    }

    fn future_cancel(&self, fut: &Value, msg: Option<Value>) -> bool {
        let Some(f) = fstate(fut) else { return false };
        f.log_traceback.set(false);
        if f.state.get() != FState::Pending {
            return false;
        }
        f.state.set(FState::Cancelled);
        *f.cancel_message.borrow_mut() = msg;
        self.schedule_callbacks(fut);
        true
    }

    fn make_cancelled_error(&self, f: &FutureState) -> PyErr {
        if let Some(Value::Instance(e)) = f.cancelled_exc.borrow_mut().take() {
            return PyErr::from_instance(e);
        }
        let args = match f.cancel_message.borrow().clone() {
            Some(m) => vec![m],
            None => vec![],
        };
        PyErr::from_instance(new_exception(types::class("CancelledError"), args))
    }

    fn result_of(&self, fut: &Value) -> PyResult<Value> {
        let f = fstate(fut).ok_or_else(|| PyErr::internal("not a future"))?;
        match f.state.get() {
            FState::Cancelled => Err(self.make_cancelled_error(f)),
            FState::Pending => Err(PyErr::new("InvalidStateError", "Result is not set.")),
            FState::Finished => {
                f.log_traceback.set(false);
                if let Some(Value::Instance(e)) = f.exception.borrow().clone() {
                    return Err(PyErr::from_instance(e));
                }
                Ok(f.result.borrow().clone().unwrap_or(Value::None))
            }
        }
    }

    fn add_done_callback(&self, fut: &Value, cb: Callback) {
        let Some(f) = fstate(fut) else { return };
        if f.state.get() != FState::Pending {
            match cb {
                Callback::Wakeup(t) => {
                    self.call_soon(HandleKind::Wakeup(t, fut.clone()));
                }
                Callback::Py(c) => {
                    self.call_soon(HandleKind::Call(c, vec![fut.clone()]));
                }
            }
        } else {
            f.callbacks.borrow_mut().push(cb);
        }
    }

    fn new_future(&self) -> Value {
        let c = self.classes().future;
        Value::Instance(Rc::new(Instance {
            class: c,
            dict: RefCell::new(AttrMap::default()),
            payload: Payload::Native(Box::new(FutureState::new(None))),
        }))
    }

    // ----- tasks -----

    fn create_task(&self, interp: &Interp, coro: Value, name: Option<String>) -> PyResult<Value> {
        let Value::Coroutine(c) = &coro else {
            return Err(PyErr::type_error(format!(
                "a coroutine was expected, got {}",
                ops::repr(interp, &coro)?
            )));
        };
        let body =
            c.body.borrow_mut().take().ok_or_else(|| {
                PyErr::new("RuntimeError", "cannot reuse already awaited coroutine")
            })?;
        let max = self.limits.get().max_tasks;
        if self.alive.get() >= max {
            return Err(crate::interp::limits::tasks_reached(max));
        }
        c.started.set(true);
        let id = TaskId(self.trace.borrow().tasks.len() as u32);
        let n = self.next_task_name.get();
        self.next_task_name.set(n + 1);
        let name = name.unwrap_or_else(|| format!("Task-{n}"));
        {
            let name_id = self.intern(&name);
            let coro_id = self.intern(&c.qualname);
            let parent = self.current_id();
            let mut t = self.trace.borrow_mut();
            t.tasks.push(TaskInfo {
                name: name_id,
                coro: coro_id,
                parent,
                line: c.line,
            });
        }
        self.record(Event::TaskCreated(id));
        let ts = TaskState {
            id,
            body: RefCell::new(Some(body)),
            coro: coro.clone(),
            name: RefCell::new(name),
            started: Cell::new(false),
            must_cancel: Cell::new(false),
            fut_waiter: RefCell::new(None),
            num_cancels_requested: Cell::new(0),
            warned_long: Cell::new(false),
        };
        let class = self.classes().task;
        let task = Value::Instance(Rc::new(Instance {
            class,
            dict: RefCell::new(AttrMap::default()),
            payload: Payload::Native(Box::new(FutureState::new(Some(ts)))),
        }));
        let prev = self.cause.get();
        if let Some(cur) = self.current_id() {
            self.cause.set(Cause::Task(cur));
        }
        self.call_soon(HandleKind::Step(task.clone(), None));
        self.cause.set(prev);
        self.tasks.borrow_mut().push(task.clone());
        Ok(task)
    }

    /// `obj.cancel(msg=msg)` through the script-visible method, so that Python overrides
    /// (`_GatheringFuture.cancel`) run as in CPython.
    fn cancel_any(&self, interp: &Interp, obj: &Value, msg: Option<Value>) -> bool {
        let plain = obj
            .as_instance()
            .is_some_and(|i| &*i.class.module == "asyncio");
        if plain {
            return if fstate(obj).is_some_and(|f| f.task.is_some()) {
                self.task_cancel(interp, obj, msg)
            } else {
                self.future_cancel(obj, msg)
            };
        }
        let Ok(m) = interp.getattr(obj, "cancel") else {
            return false;
        };
        let mut args = Args::default();
        if let Some(msg) = msg {
            args.kw.push((Rc::from("msg"), msg));
        }
        match interp.call_sync(&m, args) {
            Ok(v) => ops::truthy(interp, &v).unwrap_or(false),
            Err(_) => false,
        }
    }

    fn task_cancel(&self, interp: &Interp, task: &Value, msg: Option<Value>) -> bool {
        let Some(f) = fstate(task) else { return false };
        let Some(ts) = &f.task else {
            return self.future_cancel(task, msg);
        };
        f.log_traceback.set(false);
        if f.state.get() != FState::Pending {
            return false;
        }
        ts.num_cancels_requested
            .set(ts.num_cancels_requested.get() + 1);
        let waiter = ts.fut_waiter.borrow().clone();
        if let Some(w) = waiter {
            let cancelled = self.cancel_any(interp, &w, msg.clone());
            if cancelled {
                return true;
            }
        }
        ts.must_cancel.set(true);
        *f.cancel_message.borrow_mut() = msg;
        true
    }

    /// `Task.__step`.
    async fn step(&self, interp: &Interp, task: &Value, exc: Option<Value>) -> PyResult<()> {
        let f = fstate(task).ok_or_else(|| PyErr::internal("not a task"))?;
        let ts = f
            .task
            .as_ref()
            .ok_or_else(|| PyErr::internal("not a task"))?;
        if f.state.get() != FState::Pending {
            return Err(PyErr::new(
                "InvalidStateError",
                format!("_step(): already done: {}", future_repr(task)),
            ));
        }
        let mut exc = exc;
        if ts.must_cancel.get() {
            let is_cancel = matches!(&exc, Some(Value::Instance(i)) if i.class.is_subclass(&types::class("CancelledError")));
            if !is_cancel {
                exc = Some(self.make_cancelled_error(f).value());
            }
            ts.must_cancel.set(false);
        }
        *ts.fut_waiter.borrow_mut() = None;
        let prev = self.current.replace(Some(task.clone()));
        self.record(Event::TaskResumed(ts.id));
        let outcome = if !ts.started.get() && exc.is_some() {
            // Throwing into a coroutine that never started raises at once.
            ts.body.borrow_mut().take();
            match exc.take() {
                Some(Value::Instance(e)) => Poll::Ready(Err(PyErr::from_instance(e))),
                _ => Poll::Ready(Err(PyErr::internal("bad exception"))),
            }
        } else {
            ts.started.set(true);
            *interp.throw_in.borrow_mut() = exc.and_then(|e| match e {
                Value::Instance(i) => Some(PyErr::from_instance(i)),
                _ => None,
            });
            let prev_cause = self.cause.replace(Cause::Task(ts.id));
            let steps_before = interp.total_steps.get();
            let r = StepPoll { interp, task: ts }.await;
            self.cause.set(prev_cause);
            let steps = interp.total_steps.get() - steps_before;
            if steps >= LONG_STEP && !ts.warned_long.replace(true) {
                let line = match &ts.coro {
                    Value::Coroutine(c) => c.line,
                    _ => 0,
                };
                self.warn(
                    WarningKind::LongRunningStep,
                    line,
                    format!(
                        "{} ran {steps} steps without yielding: no other task could run meanwhile (add `await asyncio.sleep(0)` inside long loops)",
                        ts.name.borrow()
                    ),
                    Some(ts.id),
                );
            }
            r
        };
        interp.throw_in.borrow_mut().take();
        match outcome {
            Poll::Ready(Ok(v)) => {
                if ts.must_cancel.get() {
                    ts.must_cancel.set(false);
                    let msg = f.cancel_message.borrow().clone();
                    self.future_cancel(task, msg);
                    self.record(Event::TaskCancelled(ts.id));
                } else {
                    let r = ops::repr(interp, &v).unwrap_or_else(|_| ops::repr_plain(&v));
                    let s = self.intern(&r);
                    self.record(Event::TaskFinished(ts.id, s));
                    self.set_result(task, v)?;
                }
            }
            Poll::Ready(Err(e)) => {
                if e.is("CancelledError") {
                    *f.cancelled_exc.borrow_mut() = Some(e.value());
                    self.future_cancel(task, None);
                    self.record(Event::TaskCancelled(ts.id));
                } else if e.is("KeyboardInterrupt") || e.is("SystemExit") {
                    self.set_exception(task, e.value())?;
                    self.current.replace(prev);
                    return Err(e);
                } else {
                    let idx = self.record_error(interp, &e);
                    self.record(Event::TaskFailed(ts.id, idx));
                    self.set_exception(task, e.value())?;
                }
            }
            Poll::Pending => match interp.io.borrow_mut().take() {
                Some(Suspend::Await(fut)) => {
                    if fut.is(task) {
                        let err = PyErr::new(
                            "RuntimeError",
                            format!("Task cannot await on itself: {}", future_repr(task)),
                        );
                        self.call_soon(HandleKind::Step(task.clone(), Some(err.value())));
                    } else {
                        let line = interp.line_of(interp.await_span.get().start);
                        self.record(Event::TaskAt(ts.id, line));
                        let awaiting = self.awaiting_of(&fut);
                        self.record(Event::TaskSuspended(ts.id, Packed::from(awaiting)));
                        self.add_done_callback(&fut, Callback::Wakeup(task.clone()));
                        *ts.fut_waiter.borrow_mut() = Some(fut.clone());
                        if ts.must_cancel.get() {
                            let msg = f.cancel_message.borrow().clone();
                            let ok = self.cancel_any(interp, &fut, msg);
                            if ok {
                                ts.must_cancel.set(false);
                            }
                        }
                    }
                }
                Some(Suspend::Yield) => {
                    let line = interp.line_of(interp.await_span.get().start);
                    self.record(Event::TaskAt(ts.id, line));
                    self.record(Event::TaskSuspended(ts.id, Packed::from(Awaiting::Yield)));
                    let prev_cause = self.cause.replace(Cause::Task(ts.id));
                    self.call_soon(HandleKind::Step(task.clone(), None));
                    self.cause.set(prev_cause);
                }
                other => {
                    let err = PyErr::new("RuntimeError", format!("Task got bad yield: {other:?}"));
                    self.call_soon(HandleKind::Step(task.clone(), Some(err.value())));
                }
            },
        }
        self.current.replace(prev);
        Ok(())
    }

    fn awaiting_of(&self, fut: &Value) -> Awaiting {
        let Some(f) = fstate(fut) else {
            return Awaiting::Yield;
        };
        if let Some(ts) = &f.task {
            return Awaiting::Task(ts.id);
        }
        if let Some(t) = f.sleep_timer.get() {
            return Awaiting::Sleep(t);
        }
        if let Some(id) = f.trace_id.get() {
            return Awaiting::Future(id);
        }
        let label = f.label.borrow().clone().unwrap_or_else(|| "future".into());
        let l = self.intern(&label);
        let id = {
            let mut t = self.trace.borrow_mut();
            t.futures.push(FutureInfo { label: l });
            FutureId(t.futures.len() as u32 - 1)
        };
        f.trace_id.set(Some(id));
        self.record(Event::FutureRegistered(id));
        Awaiting::Future(id)
    }

    fn record_error(&self, interp: &Interp, e: &PyErr) -> u32 {
        let exc = e.exc();
        let frames = exc
            .exc()
            .map(|d| {
                d.borrow()
                    .tb
                    .iter()
                    .rev()
                    .filter(|t| t.file == "<script>")
                    .map(|t| FrameInfo {
                        line: interp.line_of(t.span.start),
                        func: t.func.to_string(),
                        span: (t.span.start, t.span.end),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let info = ErrorInfo {
            type_name: crate::interp::error::exception_type_name(&exc.class),
            message: crate::interp::error::exception_str(exc),
            frames,
            text: format_traceback(exc, interp),
        };
        let mut t = self.trace.borrow_mut();
        t.errors.push(info);
        t.errors.len() as u32 - 1
    }

    /// Runs the loop until `fut` is done (`run_until_complete`).
    async fn run_until_complete(&self, interp: &Interp, fut: &Value) -> PyResult<Value> {
        self.loop_.borrow_mut().stopping = false;
        let stopper = Value::Builtin(Rc::new(Builtin {
            name: "_run_until_complete_cb",
            imp: BuiltinImpl::Sync(stop_loop),
            data: None,
        }));
        self.add_done_callback(fut, Callback::Py(stopper));
        loop {
            self.run_once(interp).await?;
            let stop = {
                let mut l = self.loop_.borrow_mut();
                let s = l.stopping;
                if s {
                    l.stopping = false;
                }
                s
            };
            if stop {
                break;
            }
            let idle = {
                let l = self.loop_.borrow();
                l.ready.is_empty() && l.scheduled.iter().all(|t| t.handle.cancelled.get())
            };
            if idle && fstate(fut).is_some_and(|f| f.state.get() == FState::Pending) {
                return Err(PyErr::new(
                    "RuntimeError",
                    "Event loop stopped before Future completed.",
                ));
            }
        }
        self.result_of(fut)
    }

    /// `asyncio.run(main)`.
    pub async fn run(&self, interp: &Interp, coro: Value) -> PyResult<Value> {
        if self.running.get() {
            return Err(PyErr::new(
                "RuntimeError",
                "asyncio.run() cannot be called from a running event loop",
            ));
        }
        if !matches!(coro, Value::Coroutine(_)) {
            return Err(PyErr::value_error(format!(
                "a coroutine was expected, got {}",
                ops::repr(interp, &coro)?
            )));
        }
        self.running.set(true);
        let task = self.create_task(interp, coro, None)?;
        let r = self.run_until_complete(interp, &task).await;
        // Runner.close(): cancel what is left and let it run its cleanup.
        let pending: Vec<Value> = self
            .tasks
            .borrow()
            .iter()
            .filter(|t| fstate(t).is_some_and(|f| f.state.get() == FState::Pending))
            .cloned()
            .collect();
        if !pending.is_empty() {
            for t in &pending {
                self.task_cancel(interp, t, None);
            }
            let all = self.gather_all(&pending);
            let _ = self.run_until_complete(interp, &all).await;
        }
        self.report_unretrieved(interp);
        self.tasks.borrow_mut().clear();
        self.running.set(false);
        r
    }

    /// A future done when every task is (a stand-in for `gather(..., return_exceptions=True)`
    /// in `_cancel_all_tasks`, with the same one-callback-per-child scheduling).
    fn gather_all(&self, tasks: &[Value]) -> Value {
        let outer = self.new_future();
        let remaining = Rc::new(Cell::new(tasks.len()));
        for t in tasks {
            let data = Value::tuple(vec![outer.clone(), Value::Int(0)]);
            let _ = &remaining;
            let cb = Value::Builtin(Rc::new(Builtin {
                name: "_done_callback",
                imp: BuiltinImpl::Sync(gather_all_cb),
                data: Some(data),
            }));
            self.add_done_callback(t, Callback::Py(cb));
        }
        if let Some(f) = fstate(&outer) {
            *f.result.borrow_mut() = Some(Value::Int(tasks.len() as i64));
        }
        outer
    }

    fn report_unretrieved(&self, interp: &Interp) {
        for t in self.tasks.borrow().iter() {
            let Some(f) = fstate(t) else { continue };
            if f.log_traceback.get() {
                f.log_traceback.set(false);
                if let Some(Value::Instance(e)) = f.exception.borrow().clone() {
                    let id = f.task.as_ref().map(|s| s.id);
                    let line = f.task.as_ref().and_then(|s| match &s.coro {
                        Value::Coroutine(c) => Some(c.line),
                        _ => None,
                    });
                    let msg = format!(
                        "Task exception was never retrieved\nfuture: {}\n{}",
                        future_repr(t),
                        format_traceback(&e, interp).trim_end()
                    );
                    self.warn(
                        WarningKind::ExceptionNeverRetrieved,
                        line.unwrap_or(0),
                        msg,
                        id,
                    );
                }
            }
        }
    }

    fn print(&self, text: &str) {
        let max = self.limits.get().max_output;
        if self.stdout.borrow().len().saturating_add(text.len()) > max {
            crate::interp::limits::output_reached(max);
            return;
        }
        let who = match self.current_id() {
            Some(t) => Cause::Task(t),
            None => Cause::Loop,
        };
        let s = self.intern(text.strip_suffix('\n').unwrap_or(text));
        self.record(Event::Print(Packed::from(who), s));
        let mut out = self.stdout.borrow_mut();
        if !self.timestamps {
            out.push_str(text);
            return;
        }
        for ch in text.chars() {
            if self.at_line_start.get() {
                out.push_str(&format!("{:.3} ", self.now.get()));
                self.at_line_start.set(false);
            }
            out.push(ch);
            if ch == '\n' {
                self.at_line_start.set(true);
            }
        }
    }
}

struct StepPoll<'a> {
    interp: &'a Interp,
    task: &'a TaskState,
}

impl std::future::Future for StepPoll<'_> {
    type Output = Poll<PyResult<Value>>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Poll<PyResult<Value>>> {
        let mut slot = self.task.body.borrow_mut();
        let Some(body) = slot.as_mut() else {
            return Poll::Ready(Poll::Ready(Err(PyErr::internal("task body missing"))));
        };
        match body.as_mut().poll(cx) {
            Poll::Ready(r) => {
                *slot = None;
                Poll::Ready(Poll::Ready(r))
            }
            Poll::Pending => {
                let preempted = matches!(
                    &*self.interp.io.borrow(),
                    Some(Suspend::Preempt) | Some(Suspend::Block(_))
                );
                if preempted {
                    // Give the driver a turn; it re-polls this same step.
                    Poll::Pending
                } else {
                    Poll::Ready(Poll::Pending)
                }
            }
        }
    }
}

fn future_repr(v: &Value) -> String {
    let Some(f) = fstate(v) else {
        return ops::repr_plain(v);
    };
    match &f.task {
        Some(ts) => {
            let coro = match &ts.coro {
                Value::Coroutine(c) => c.qualname.to_string(),
                _ => "?".into(),
            };
            match f.state.get() {
                FState::Pending => format!(
                    "<Task pending name='{}' coro=<{}() running>>",
                    ts.name.borrow(),
                    coro
                ),
                FState::Cancelled => format!(
                    "<Task cancelled name='{}' coro=<{}() done>>",
                    ts.name.borrow(),
                    coro
                ),
                FState::Finished => match f.exception.borrow().as_ref() {
                    Some(e) => format!(
                        "<Task finished name='{}' coro=<{}() done> exception={}>",
                        ts.name.borrow(),
                        coro,
                        ops::repr_plain(e)
                    ),
                    None => format!(
                        "<Task finished name='{}' coro=<{}() done> result={}>",
                        ts.name.borrow(),
                        coro,
                        ops::repr_plain(&f.result.borrow().clone().unwrap_or(Value::None))
                    ),
                },
            }
        }
        None => match f.state.get() {
            FState::Pending => "<Future pending>".into(),
            FState::Cancelled => "<Future cancelled>".into(),
            FState::Finished => match f.exception.borrow().as_ref() {
                Some(e) => format!("<Future finished exception={}>", ops::repr_plain(e)),
                None => format!(
                    "<Future finished result={}>",
                    ops::repr_plain(&f.result.borrow().clone().unwrap_or(Value::None))
                ),
            },
        },
    }
}

fn callable_name(v: &Value) -> String {
    match v {
        Value::Function(f) => f.qualname.to_string(),
        Value::Builtin(b) => b.name.to_string(),
        Value::Method(m) => callable_name(&m.1),
        other => ops::type_name(other),
    }
}

// ----- the runtime as the interpreter's host -----

thread_local! {
    static CURRENT: RefCell<Option<Rc<Runtime>>> = const { RefCell::new(None) };
}

/// The runtime of the run in progress on this thread.
pub fn current() -> PyResult<Rc<Runtime>> {
    rt()
}

fn rt() -> PyResult<Rc<Runtime>> {
    CURRENT
        .with(|c| c.borrow().clone())
        .ok_or_else(|| PyErr::new("RuntimeError", "no running event loop"))
}

/// Makes `rt` the runtime builtins talk to (one run at a time per thread).
pub fn install(rt: Option<Rc<Runtime>>) {
    CURRENT.with(|c| *c.borrow_mut() = rt);
}

/// The interpreter's host: printing, imports and awaitables go to the runtime.
pub struct RuntimeHost {
    /// The runtime.
    pub rt: Rc<Runtime>,
}

impl Host for RuntimeHost {
    fn print(&self, text: &str) {
        self.rt.print(text);
    }
    fn import(&self, interp: &Interp, name: &str) -> Option<Value> {
        match name {
            "asyncio" => asyncio_module(interp).ok(),
            "time" => Some(time_module()),
            "random" => Some(crate::runtime::stdlib::random_module()),
            _ => None,
        }
    }
    fn never_awaited(&self, qualname: &str, line: u32) {
        self.rt.warn(
            WarningKind::NeverAwaited,
            line,
            format!("<script>:{line}: RuntimeWarning: coroutine '{qualname}' was never awaited"),
            self.rt.current_id(),
        );
    }
    fn future_done(&self, v: &Value) -> Option<bool> {
        fstate(v).map(|f| f.state.get() != FState::Pending)
    }
    fn future_result(&self, v: &Value) -> PyResult<Value> {
        self.rt.result_of(v)
    }
}

fn stop_loop(_: &Interp, _: Args) -> PyResult<Value> {
    rt()?.loop_.borrow_mut().stopping = true;
    Ok(Value::None)
}

fn gather_all_cb(_: &Interp, a: Args) -> PyResult<Value> {
    let r = rt()?;
    let Some(Value::Tuple(d)) = a.pos.first() else {
        return Ok(Value::None);
    };
    let outer = d[0].clone();
    if let Some(f) = fstate(&outer) {
        let left = match f.result.borrow().clone() {
            Some(Value::Int(n)) => n - 1,
            _ => 0,
        };
        *f.result.borrow_mut() = Some(Value::Int(left));
        if left == 0 && f.state.get() == FState::Pending {
            f.result.borrow_mut().take();
            r.set_result(&outer, Value::None)?;
        }
    }
    Ok(Value::None)
}

// ----- builtins of the asyncio module -----

fn abi(name: &'static str, f: crate::interp::value::AsyncFn) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name,
        imp: BuiltinImpl::Async(f),
        data: None,
    }))
}

fn a_run<'a>(interp: &'a Interp, mut a: Args) -> LocalBoxFuture<'a, PyResult<Value>> {
    Box::pin(async move {
        let _ = take_kw(&mut a, "debug");
        arity("run", &a, 1, 1)?;
        let r = rt()?;
        r.run(interp, a.pos[0].clone()).await
    })
}

fn a_sleep(interp: &Interp, mut a: Args) -> PyResult<Value> {
    let result = take_kw(&mut a, "result")
        .or_else(|| a.pos.get(1).cloned())
        .unwrap_or(Value::None);
    arity("sleep", &a, 1, 2)?;
    let delay = match &a.pos[0] {
        v if ops::as_float(v).is_some() => ops::as_float(v).unwrap_or(Ok(0.0))?,
        other => {
            return Err(PyErr::type_error(format!(
                "'<=' not supported between instances of '{}' and 'int'",
                ops::type_name(other)
            )))
        }
    };
    let me = interp.rc()?;
    let body: BodyFuture = Box::pin(async move {
        let r = rt()?;
        if delay <= 0.0 {
            SuspendOnce::new(&me, Suspend::Yield).await?;
            return Ok(result);
        }
        let fut = r.new_future();
        let owner = r.current_id();
        let when = r.now.get() + delay;
        let setter = Value::Builtin(Rc::new(Builtin {
            name: "_set_result_unless_cancelled",
            imp: BuiltinImpl::Sync(set_result_unless_cancelled),
            data: Some(Value::tuple(vec![fut.clone(), result])),
        }));
        let label = format!("sleep({})", ops::float_repr(delay));
        let (cancelled, tid) = r.call_at(when, HandleKind::Call(setter, vec![]), owner, &label);
        if let Some(f) = fstate(&fut) {
            f.sleep_timer.set(Some(tid));
        }
        let out = me.await_value(fut).await;
        r.cancel_timer(&cancelled, tid);
        out
    });
    Ok(interp.native_coro("sleep", body))
}

fn set_result_unless_cancelled(_: &Interp, a: Args) -> PyResult<Value> {
    let r = rt()?;
    let Some(Value::Tuple(d)) = a.pos.first() else {
        return Ok(Value::None);
    };
    if fstate(&d[0]).is_some_and(|f| f.state.get() == FState::Cancelled) {
        return Ok(Value::None);
    }
    r.set_result(&d[0], d[1].clone())?;
    Ok(Value::None)
}

fn a_create_task(interp: &Interp, mut a: Args) -> PyResult<Value> {
    let name = take_kw(&mut a, "name");
    let _ = take_kw(&mut a, "context");
    arity("create_task", &a, 1, 1)?;
    let name = match name {
        None | Some(Value::None) => None,
        Some(v) => Some(ops::str(interp, &v)?),
    };
    rt()?.create_task(interp, a.pos[0].clone(), name)
}

fn a_loop_create_task(interp: &Interp, mut a: Args) -> PyResult<Value> {
    a.pos.remove(0);
    a_create_task(interp, a)
}

fn a_current_task(_: &Interp, _: Args) -> PyResult<Value> {
    Ok(rt()?.current.borrow().clone().unwrap_or(Value::None))
}

fn a_all_tasks(_: &Interp, _: Args) -> PyResult<Value> {
    let r = rt()?;
    let live: Vec<Value> = r
        .tasks
        .borrow()
        .iter()
        .filter(|t| fstate(t).is_some_and(|f| f.state.get() == FState::Pending))
        .cloned()
        .collect();
    ops::make_set(live)
}

fn a_get_running_loop(_: &Interp, _: Args) -> PyResult<Value> {
    let r = rt()?;
    if !r.running.get() {
        return Err(PyErr::new("RuntimeError", "no running event loop"));
    }
    let c = r.classes().loop_;
    Ok(Value::Instance(Rc::new(Instance {
        class: c,
        dict: RefCell::new(AttrMap::default()),
        payload: Payload::None,
    })))
}

fn a_label(_: &Interp, a: Args) -> PyResult<Value> {
    arity("_label", &a, 2, 2)?;
    if let (Some(f), Value::Str(s)) = (fstate(&a.pos[0]), &a.pos[1]) {
        *f.label.borrow_mut() = Some(s.to_string());
    }
    Ok(Value::None)
}

fn a_iscoroutine(_: &Interp, a: Args) -> PyResult<Value> {
    arity("iscoroutine", &a, 1, 1)?;
    Ok(Value::Bool(matches!(a.pos[0], Value::Coroutine(_))))
}

fn a_isfuture(_: &Interp, a: Args) -> PyResult<Value> {
    arity("isfuture", &a, 1, 1)?;
    Ok(Value::Bool(fstate(&a.pos[0]).is_some()))
}

// Loop methods.
fn l_time(_: &Interp, _: Args) -> PyResult<Value> {
    Ok(Value::Float(rt()?.now.get()))
}
fn l_is_running(_: &Interp, _: Args) -> PyResult<Value> {
    Ok(Value::Bool(rt()?.running.get()))
}
fn l_is_closed(_: &Interp, _: Args) -> PyResult<Value> {
    Ok(Value::Bool(false))
}
fn l_create_future(_: &Interp, _: Args) -> PyResult<Value> {
    Ok(rt()?.new_future())
}
fn make_handle(cancelled: Rc<Cell<bool>>, timer: Option<(TimerId, f64)>) -> PyResult<Value> {
    let c = rt()?.classes().handle;
    Ok(Value::Instance(Rc::new(Instance {
        class: c,
        dict: RefCell::new(AttrMap::default()),
        payload: Payload::Native(Box::new(HandleRef { cancelled, timer })),
    })))
}
fn l_call_soon(_: &Interp, mut a: Args) -> PyResult<Value> {
    let _ = take_kw(&mut a, "context");
    if a.pos.len() < 2 {
        return Err(PyErr::type_error(
            "call_soon() missing 1 required positional argument: 'callback'",
        ));
    }
    let cb = a.pos[1].clone();
    let args = a.pos[2..].to_vec();
    let r = rt()?;
    let c = r.call_soon(HandleKind::Call(cb, args));
    make_handle(c, None)
}
fn l_call_at_common(a: Args, relative: bool) -> PyResult<Value> {
    if a.pos.len() < 3 {
        return Err(PyErr::type_error("call_later() missing required arguments"));
    }
    let r = rt()?;
    let t =
        ops::as_float(&a.pos[1]).ok_or_else(|| PyErr::type_error("delay must be a number"))??;
    let when = if relative { r.now.get() + t } else { t };
    let cb = a.pos[2].clone();
    let label = format!("call_later {}", callable_name(&cb));
    let (c, id) = r.call_at(
        when,
        HandleKind::Call(cb, a.pos[3..].to_vec()),
        r.current_id(),
        &label,
    );
    make_handle(c, Some((id, when)))
}
fn l_call_later(_: &Interp, mut a: Args) -> PyResult<Value> {
    let _ = take_kw(&mut a, "context");
    l_call_at_common(a, true)
}
fn l_call_at(_: &Interp, mut a: Args) -> PyResult<Value> {
    let _ = take_kw(&mut a, "context");
    l_call_at_common(a, false)
}

/// A `Handle`/`TimerHandle` as the script sees it.
pub struct HandleRef {
    cancelled: Rc<Cell<bool>>,
    timer: Option<(TimerId, f64)>,
}

fn h_cancel(_: &Interp, a: Args) -> PyResult<Value> {
    let h = a
        .pos
        .first()
        .and_then(|v| v.as_instance())
        .and_then(|i| i.native::<HandleRef>())
        .ok_or_else(|| PyErr::type_error("not a handle"))?;
    let r = rt()?;
    match h.timer {
        Some((id, _)) => r.cancel_timer(&h.cancelled, id),
        None => h.cancelled.set(true),
    }
    Ok(Value::None)
}
fn h_when(_: &Interp, a: Args) -> PyResult<Value> {
    let h = a
        .pos
        .first()
        .and_then(|v| v.as_instance())
        .and_then(|i| i.native::<HandleRef>())
        .ok_or_else(|| PyErr::type_error("not a handle"))?;
    Ok(Value::Float(h.timer.map(|t| t.1).unwrap_or(0.0)))
}
fn h_cancelled(_: &Interp, a: Args) -> PyResult<Value> {
    let h = a
        .pos
        .first()
        .and_then(|v| v.as_instance())
        .and_then(|i| i.native::<HandleRef>())
        .ok_or_else(|| PyErr::type_error("not a handle"))?;
    Ok(Value::Bool(h.cancelled.get()))
}

// Future methods.
fn f_new(_: &Interp, a: Args) -> PyResult<Value> {
    let class = match a.pos.first() {
        Some(Value::Class(c)) => c.clone(),
        _ => rt()?.classes().future,
    };
    Ok(Value::Instance(Rc::new(Instance {
        class,
        dict: RefCell::new(AttrMap::default()),
        payload: Payload::Native(Box::new(FutureState::new(None))),
    })))
}
fn f_init(_: &Interp, _: Args) -> PyResult<Value> {
    Ok(Value::None)
}
fn f_done(_: &Interp, a: Args) -> PyResult<Value> {
    Ok(Value::Bool(
        fstate_of(&a, "done")?.state.get() != FState::Pending,
    ))
}
fn f_cancelled(_: &Interp, a: Args) -> PyResult<Value> {
    Ok(Value::Bool(
        fstate_of(&a, "cancelled")?.state.get() == FState::Cancelled,
    ))
}
fn f_result(_: &Interp, a: Args) -> PyResult<Value> {
    fstate_of(&a, "result")?;
    rt()?.result_of(&a.pos[0])
}
fn f_exception(_: &Interp, a: Args) -> PyResult<Value> {
    let f = fstate_of(&a, "exception")?;
    match f.state.get() {
        FState::Cancelled => Err(rt()?.make_cancelled_error(f)),
        FState::Pending => Err(PyErr::new("InvalidStateError", "Exception is not set.")),
        FState::Finished => {
            f.log_traceback.set(false);
            Ok(f.exception.borrow().clone().unwrap_or(Value::None))
        }
    }
}
fn f_set_result(_: &Interp, a: Args) -> PyResult<Value> {
    arity("set_result", &a, 2, 2)?;
    fstate_of(&a, "set_result")?;
    rt()?.set_result(&a.pos[0], a.pos[1].clone())?;
    Ok(Value::None)
}
fn f_set_exception(_: &Interp, a: Args) -> PyResult<Value> {
    arity("set_exception", &a, 2, 2)?;
    fstate_of(&a, "set_exception")?;
    rt()?.set_exception(&a.pos[0], a.pos[1].clone())?;
    Ok(Value::None)
}
fn f_cancel(_: &Interp, mut a: Args) -> PyResult<Value> {
    let msg = take_kw(&mut a, "msg")
        .or_else(|| a.pos.get(1).cloned())
        .filter(|m| !m.is_none());
    fstate_of(&a, "cancel")?;
    Ok(Value::Bool(rt()?.future_cancel(&a.pos[0], msg)))
}
fn f_add_done_callback(_: &Interp, mut a: Args) -> PyResult<Value> {
    let _ = take_kw(&mut a, "context");
    arity("add_done_callback", &a, 2, 2)?;
    fstate_of(&a, "add_done_callback")?;
    rt()?.add_done_callback(&a.pos[0], Callback::Py(a.pos[1].clone()));
    Ok(Value::None)
}
fn f_remove_done_callback(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("remove_done_callback", &a, 2, 2)?;
    let f = fstate_of(&a, "remove_done_callback")?;
    let mut n = 0;
    let mut keep = Vec::new();
    for cb in f.callbacks.borrow_mut().drain(..) {
        match &cb {
            Callback::Py(c)
                if c.is(&a.pos[1]) || ops::eq(interp, c, &a.pos[1]).unwrap_or(false) =>
            {
                n += 1
            }
            _ => keep.push(cb),
        }
    }
    *f.callbacks.borrow_mut() = keep;
    Ok(Value::Int(n))
}
fn f_get_loop(interp: &Interp, _: Args) -> PyResult<Value> {
    a_get_running_loop(interp, Args::default())
}
fn f_repr(_: &Interp, a: Args) -> PyResult<Value> {
    Ok(Value::str(&future_repr(
        a.pos.first().unwrap_or(&Value::None),
    )))
}
fn f_await(_: &Interp, a: Args) -> PyResult<Value> {
    Ok(a.pos.first().cloned().unwrap_or(Value::None))
}

// Task methods.
fn task_state<'a>(a: &'a Args, m: &str) -> PyResult<(&'a FutureState, &'a TaskState)> {
    let f = fstate_of(a, m)?;
    let t = f
        .task
        .as_ref()
        .ok_or_else(|| PyErr::type_error(format!("descriptor '{m}' requires a Task")))?;
    Ok((f, t))
}
fn t_cancel(interp: &Interp, mut a: Args) -> PyResult<Value> {
    let msg = take_kw(&mut a, "msg")
        .or_else(|| a.pos.get(1).cloned())
        .filter(|m| !m.is_none());
    task_state(&a, "cancel")?;
    Ok(Value::Bool(rt()?.task_cancel(interp, &a.pos[0], msg)))
}
fn t_get_name(_: &Interp, a: Args) -> PyResult<Value> {
    Ok(Value::str(&task_state(&a, "get_name")?.1.name.borrow()))
}
fn t_set_name(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("set_name", &a, 2, 2)?;
    let (_, t) = task_state(&a, "set_name")?;
    let name = ops::str(interp, &a.pos[1])?;
    *t.name.borrow_mut() = name.clone();
    let r = rt()?;
    let s = r.intern(&name);
    r.record(Event::TaskRenamed(t.id, s));
    Ok(Value::None)
}
fn t_get_coro(_: &Interp, a: Args) -> PyResult<Value> {
    Ok(task_state(&a, "get_coro")?.1.coro.clone())
}
fn t_cancelling(_: &Interp, a: Args) -> PyResult<Value> {
    Ok(Value::Int(
        task_state(&a, "cancelling")?.1.num_cancels_requested.get() as i64,
    ))
}
fn t_uncancel(_: &Interp, a: Args) -> PyResult<Value> {
    let (_, t) = task_state(&a, "uncancel")?;
    let n = t.num_cancels_requested.get().saturating_sub(1);
    t.num_cancels_requested.set(n);
    Ok(Value::Int(n as i64))
}

fn make_classes() -> RuntimeClasses {
    let object = types::builtins().object.clone();
    let class = |name: &str,
                 bases: Vec<Rc<Class>>,
                 methods: &[(&'static str, crate::interp::value::SyncFn)]| {
        let mut d = AttrMap::default();
        for (n, f) in methods {
            d.insert(Rc::from(*n), func(n, *f));
        }
        types::make_class(name, "asyncio", bases, TypeKind::User, d)
    };
    let future = class(
        "Future",
        vec![object.clone()],
        &[
            ("__coroscope_new__", f_new),
            ("__init__", f_init),
            ("done", f_done),
            ("cancelled", f_cancelled),
            ("result", f_result),
            ("exception", f_exception),
            ("set_result", f_set_result),
            ("set_exception", f_set_exception),
            ("cancel", f_cancel),
            ("add_done_callback", f_add_done_callback),
            ("remove_done_callback", f_remove_done_callback),
            ("get_loop", f_get_loop),
            ("__repr__", f_repr),
            ("__coroscope_await__", f_await),
        ],
    );
    let task = class(
        "Task",
        vec![future.clone()],
        &[
            ("cancel", t_cancel),
            ("get_name", t_get_name),
            ("set_name", t_set_name),
            ("get_coro", t_get_coro),
            ("cancelling", t_cancelling),
            ("uncancel", t_uncancel),
            ("__repr__", f_repr),
        ],
    );
    let handle = class(
        "TimerHandle",
        vec![object.clone()],
        &[
            ("cancel", h_cancel),
            ("when", h_when),
            ("cancelled", h_cancelled),
        ],
    );
    let loop_ = class(
        "_UnixSelectorEventLoop",
        vec![object],
        &[
            ("time", l_time),
            ("is_running", l_is_running),
            ("is_closed", l_is_closed),
            ("create_future", l_create_future),
            ("call_soon", l_call_soon),
            ("call_later", l_call_later),
            ("call_at", l_call_at),
            ("create_task", a_loop_create_task),
        ],
    );
    RuntimeClasses {
        future,
        task,
        handle,
        loop_,
    }
}

const PRELUDE: &str = include_str!("prelude.py");

fn asyncio_module(interp: &Interp) -> PyResult<Value> {
    let r = rt()?;
    let c = r.classes();
    let mut attrs = AttrMap::default();
    let entries: Vec<(&str, Value)> = vec![
        ("run", abi("run", a_run)),
        ("sleep", func("sleep", a_sleep)),
        ("create_task", func("create_task", a_create_task)),
        ("ensure_future", func("ensure_future", a_create_task)),
        ("current_task", func("current_task", a_current_task)),
        ("all_tasks", func("all_tasks", a_all_tasks)),
        (
            "get_running_loop",
            func("get_running_loop", a_get_running_loop),
        ),
        ("get_event_loop", func("get_event_loop", a_get_running_loop)),
        ("iscoroutine", func("iscoroutine", a_iscoroutine)),
        ("isfuture", func("isfuture", a_isfuture)),
        ("_label", func("_label", a_label)),
        ("Future", Value::Class(c.future)),
        ("Task", Value::Class(c.task)),
        (
            "CancelledError",
            Value::Class(types::class("CancelledError")),
        ),
        (
            "InvalidStateError",
            Value::Class(types::class("InvalidStateError")),
        ),
        ("TimeoutError", Value::Class(types::class("TimeoutError"))),
        ("QueueEmpty", Value::Class(types::class("QueueEmpty"))),
        ("QueueFull", Value::Class(types::class("QueueFull"))),
    ];
    for (k, v) in entries {
        attrs.insert(Rc::from(k), v);
    }
    let module = Rc::new(ModuleObj {
        name: Rc::from("asyncio"),
        attrs: RefCell::new(attrs),
    });
    // The high-level APIs: CPython's own Python code, run in a namespace that sees the core.
    if !PRELUDE.trim().is_empty() {
        let parsed = crate::syntax::parse_module(PRELUDE)
            .map_err(|e| PyErr::internal(format!("prelude: {}", e.message)))?;
        let globals = Rc::new(RefCell::new(module.attrs.borrow().clone()));
        interp
            .other_sources
            .borrow_mut()
            .insert("<asyncio>", Rc::from(PRELUDE));
        let fut = interp.run_module(&parsed, globals.clone());
        interp.block_on(fut)?;
        for (k, v) in globals.borrow().iter() {
            if !k.starts_with("__") {
                module.attrs.borrow_mut().insert(k.clone(), v.clone());
            }
        }
    }
    Ok(Value::Module(module))
}

fn t_sleep<'a>(interp: &'a Interp, a: Args) -> LocalBoxFuture<'a, PyResult<Value>> {
    // The line of the `time.sleep(...)` call, taken before evaluating anything else.
    let line = interp.line_of(interp.call_span.get().start);
    Box::pin(async move {
        arity("sleep", &a, 1, 1)?;
        let d = ops::as_float(&a.pos[0]).ok_or_else(|| {
            PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                ops::type_name(&a.pos[0])
            ))
        })??;
        if d < 0.0 {
            return Err(PyErr::value_error("sleep length must be non-negative"));
        }
        let r = rt()?;
        let who = match r.current_id() {
            Some(t) => Cause::Task(t),
            None => Cause::Loop,
        };
        let s = r.intern(&format!("time.sleep({})", ops::float_repr(d)));
        r.record(Event::Blocked(Packed::from(who), s));
        if d >= 0.1 {
            r.warn(
                WarningKind::BlockingSleep,
                line,
                format!(
                    "time.sleep({}) blocked the event loop: every other task waited",
                    ops::float_repr(d)
                ),
                r.current_id(),
            );
        }
        r.now.set(r.now.get() + d);
        if r.paced {
            SuspendOnce::new(interp, Suspend::Block(r.now.get())).await?;
        }
        Ok(Value::None)
    })
}

fn t_time(_: &Interp, _: Args) -> PyResult<Value> {
    Ok(Value::Float(rt()?.now.get()))
}

fn time_module() -> Value {
    let mut attrs = AttrMap::default();
    attrs.insert(Rc::from("sleep"), abi("sleep", t_sleep));
    for n in ["time", "monotonic", "perf_counter"] {
        attrs.insert(
            Rc::from(n),
            func(
                match n {
                    "time" => "time",
                    "monotonic" => "monotonic",
                    _ => "perf_counter",
                },
                t_time,
            ),
        );
    }
    Value::Module(Rc::new(ModuleObj {
        name: Rc::from("time"),
        attrs: RefCell::new(attrs),
    }))
}
