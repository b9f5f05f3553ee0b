//! The event loop: the ready queue and CPython's timer heap, `_run_once`, `run_until_complete`
//! and `asyncio.run`, and the loop object's methods.

use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;

use crate::interp::builtins::take_kw;
use crate::interp::error::{format_traceback, PyErr, PyResult};
use crate::interp::eval::SuspendOnce;
use crate::interp::ops;
use crate::interp::value::{Args, Builtin, BuiltinImpl, Value};
use crate::interp::{Interp, Suspend};
use crate::runtime::asyncio_ns::a_loop_create_task;
use crate::runtime::core::{rt, Runtime};
use crate::runtime::future::{fstate, Callback, FState};
use crate::runtime::handle::make_handle;
use crate::runtime::repr::{callable_name, future_repr};
use crate::trace::{Cause, Event, Packed, TaskId, TimerId, TimerInfo, WarningKind};

/// A ready-queue entry (CPython's `Handle`).
pub(crate) struct Handle {
    pub(crate) kind: HandleKind,
    pub(crate) cancelled: Rc<Cell<bool>>,
    pub(crate) timer: Option<TimerId>,
}

pub(crate) enum HandleKind {
    /// `Task.__step(exc)`.
    Step(Value, Option<Value>),
    /// `Task.__wakeup(fut)`.
    Wakeup(Value, Value),
    /// `callback(*args)`.
    Call(Value, Vec<Value>),
}

/// A timer (CPython's `TimerHandle`), ordered by `when` only, as CPython's heap is.
pub(crate) struct Timer {
    pub(crate) when: f64,
    pub(crate) handle: Handle,
}

/// The event loop's state.
#[derive(Default)]
pub(crate) struct LoopState {
    pub(crate) ready: VecDeque<Handle>,
    pub(crate) scheduled: Vec<Timer>,
    pub(crate) timer_cancelled_count: usize,
    pub(crate) stopping: bool,
}

// CPython's heapq, comparing `when` only (ties resolve exactly as CPython's do).
pub(crate) fn heap_push(heap: &mut Vec<Timer>, item: Timer) {
    heap.push(item);
    let n = heap.len() - 1;
    sift_down(heap, 0, n);
}

pub(crate) fn heap_pop(heap: &mut Vec<Timer>) -> Option<Timer> {
    let last = heap.pop()?;
    if heap.is_empty() {
        return Some(last);
    }
    let ret = std::mem::replace(&mut heap[0], last);
    sift_up(heap, 0);
    Some(ret)
}

pub(crate) fn sift_down(heap: &mut [Timer], start: usize, mut pos: usize) {
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

pub(crate) fn sift_up(heap: &mut [Timer], mut pos: usize) {
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

pub(crate) fn heapify(heap: &mut [Timer]) {
    let n = heap.len();
    for i in (0..n / 2).rev() {
        sift_up(heap, i);
    }
}
impl Runtime {
    pub(crate) fn call_soon(&self, kind: HandleKind) -> Rc<Cell<bool>> {
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

    pub(crate) fn call_at(
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

    pub(crate) fn cancel_timer(&self, cancelled: &Cell<bool>, id: TimerId) {
        if !cancelled.get() {
            cancelled.set(true);
            self.loop_.borrow_mut().timer_cancelled_count += 1;
            self.record(Event::TimerCancelled(id));
        }
    }

    /// One iteration of the loop (`BaseEventLoop._run_once`).
    pub(crate) async fn run_once(&self, interp: &Interp) -> PyResult<()> {
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

    pub(crate) async fn run_handle(&self, interp: &Interp, kind: HandleKind) -> PyResult<()> {
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
    /// Runs the loop until `fut` is done (`run_until_complete`).
    pub(crate) async fn run_until_complete(&self, interp: &Interp, fut: &Value) -> PyResult<Value> {
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
    pub(crate) fn gather_all(&self, tasks: &[Value]) -> Value {
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

    pub(crate) fn report_unretrieved(&self, interp: &Interp) {
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
}
pub(crate) fn stop_loop(_: &Interp, _: Args) -> PyResult<Value> {
    rt()?.loop_.borrow_mut().stopping = true;
    Ok(Value::None)
}

pub(crate) fn gather_all_cb(_: &Interp, a: Args) -> PyResult<Value> {
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

/// The methods of the loop object.
pub(crate) const METHODS: &[(&str, crate::interp::value::SyncFn)] = &[
    ("time", l_time),
    ("is_running", l_is_running),
    ("is_closed", l_is_closed),
    ("create_future", l_create_future),
    ("call_soon", l_call_soon),
    ("call_later", l_call_later),
    ("call_at", l_call_at),
    ("create_task", a_loop_create_task),
];
