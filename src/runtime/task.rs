//! `Task`: a coroutine driven by the loop (`Task.__step`, `__wakeup`, cancellation).

use std::cell::{Cell, RefCell};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use crate::interp::builtins::{arity, take_kw};
use crate::interp::error::{PyErr, PyResult};
use crate::interp::ops;
use crate::interp::types;
use crate::interp::value::{Args, AttrMap, BodyFuture, Instance, Payload, Value};
use crate::interp::{Interp, Suspend};
use crate::runtime::core::{rt, Runtime};
use crate::runtime::event_loop::HandleKind;
use crate::runtime::future::f_repr;
use crate::runtime::future::{fstate, fstate_of, Callback, FState, FutureState};
use crate::runtime::repr::future_repr;
use crate::trace::{
    Awaiting, Cause, Event, FutureId, FutureInfo, Packed, TaskId, TaskInfo, WarningKind,
};

/// The task part of a `Task`.
pub struct TaskState {
    pub(crate) id: TaskId,
    pub(crate) body: RefCell<Option<BodyFuture>>,
    pub(crate) coro: Value,
    pub(crate) name: RefCell<String>,
    pub(crate) started: Cell<bool>,
    pub(crate) must_cancel: Cell<bool>,
    pub(crate) fut_waiter: RefCell<Option<Value>>,
    pub(crate) num_cancels_requested: Cell<u32>,
    pub(crate) warned_long: Cell<bool>,
}

/// Evaluation steps (loop turns and calls) in one task step after which the run records a
/// "long-running step" hint.
pub(crate) const LONG_STEP: u64 = 200_000;
impl Runtime {
    pub(crate) fn create_task(
        &self,
        interp: &Interp,
        coro: Value,
        name: Option<String>,
    ) -> PyResult<Value> {
        let Value::Coroutine(c) = &coro else {
            return Err(PyErr::type_error(format!(
                "a coroutine was expected, got {}",
                ops::repr(interp, &coro)?
            )));
        };
        let max = self.limits.get().max_tasks;
        if self.alive.get() >= max {
            return Err(crate::interp::limits::tasks_reached(max));
        }
        let body =
            c.body.borrow_mut().take().ok_or_else(|| {
                PyErr::new("RuntimeError", "cannot reuse already awaited coroutine")
            })?;
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
    pub(crate) fn cancel_any(&self, interp: &Interp, obj: &Value, msg: Option<Value>) -> bool {
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

    pub(crate) fn task_cancel(&self, interp: &Interp, task: &Value, msg: Option<Value>) -> bool {
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
    pub(crate) async fn step(
        &self,
        interp: &Interp,
        task: &Value,
        exc: Option<Value>,
    ) -> PyResult<()> {
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

    pub(crate) fn awaiting_of(&self, fut: &Value) -> Awaiting {
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
}

pub(crate) struct StepPoll<'a> {
    pub(crate) interp: &'a Interp,
    pub(crate) task: &'a TaskState,
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
// Task methods.
pub(crate) fn task_state<'a>(a: &'a Args, m: &str) -> PyResult<(&'a FutureState, &'a TaskState)> {
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

/// The methods of `Task`.
pub(crate) const METHODS: &[(&str, crate::interp::value::SyncFn)] = &[
    ("cancel", t_cancel),
    ("get_name", t_get_name),
    ("set_name", t_set_name),
    ("get_coro", t_get_coro),
    ("cancelling", t_cancelling),
    ("uncancel", t_uncancel),
    ("__repr__", f_repr),
];
