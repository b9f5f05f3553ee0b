//! `Future`: its state, its done callbacks, and the methods scripts call on it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::interp::builtins::{arity, take_kw};
use crate::interp::error::{new_exception, PyErr, PyResult};
use crate::interp::ops;
use crate::interp::types;
use crate::interp::value::{Args, AttrMap, Instance, Payload, Value};
use crate::interp::Interp;
use crate::runtime::asyncio_ns::a_get_running_loop;
use crate::runtime::core::{rt, Runtime};
use crate::runtime::event_loop::HandleKind;
use crate::runtime::repr::future_repr;
use crate::runtime::task::TaskState;
use crate::trace::{FutureId, TimerId};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum FState {
    Pending,
    Cancelled,
    Finished,
}

/// What runs when a future completes.
#[derive(Clone)]
pub(crate) enum Callback {
    /// `Task.__wakeup` of a task awaiting the future.
    Wakeup(Value),
    /// A script (or prelude) callable, called with the future.
    Py(Value),
}

/// The state of a `Future` (and the future part of a `Task`).
pub struct FutureState {
    pub(crate) state: Cell<FState>,
    pub(crate) result: RefCell<Option<Value>>,
    pub(crate) exception: RefCell<Option<Value>>,
    pub(crate) callbacks: RefCell<Vec<Callback>>,
    pub(crate) cancel_message: RefCell<Option<Value>>,
    pub(crate) cancelled_exc: RefCell<Option<Value>>,
    pub(crate) log_traceback: Cell<bool>,
    pub(crate) label: RefCell<Option<String>>,
    pub(crate) trace_id: Cell<Option<FutureId>>,
    pub(crate) sleep_timer: Cell<Option<TimerId>>,
    pub(crate) task: Option<TaskState>,
}

impl FutureState {
    pub(crate) fn new(task: Option<TaskState>) -> Self {
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

pub(crate) fn fstate(v: &Value) -> Option<&FutureState> {
    v.as_instance().and_then(|i| i.native::<FutureState>())
}

pub(crate) fn fstate_of<'a>(a: &'a Args, m: &str) -> PyResult<&'a FutureState> {
    a.pos
        .first()
        .and_then(fstate)
        .ok_or_else(|| PyErr::type_error(format!("descriptor '{m}' requires a Future")))
}
impl Runtime {
    // ----- futures -----

    pub(crate) fn schedule_callbacks(&self, fut: &Value) {
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

    pub(crate) fn set_result(&self, fut: &Value, v: Value) -> PyResult<()> {
        let f = fstate(fut).ok_or_else(|| PyErr::internal("not a future"))?;
        if f.state.get() != FState::Pending {
            return Err(PyErr::new("InvalidStateError", "invalid state"));
        }
        *f.result.borrow_mut() = Some(v);
        f.state.set(FState::Finished);
        self.schedule_callbacks(fut);
        Ok(())
    }

    pub(crate) fn set_exception(&self, fut: &Value, e: Value) -> PyResult<()> {
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

    pub(crate) fn future_cancel(&self, fut: &Value, msg: Option<Value>) -> bool {
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

    pub(crate) fn make_cancelled_error(&self, f: &FutureState) -> PyErr {
        if let Some(Value::Instance(e)) = f.cancelled_exc.borrow_mut().take() {
            return PyErr::from_instance(e);
        }
        let args = match f.cancel_message.borrow().clone() {
            Some(m) => vec![m],
            None => vec![],
        };
        PyErr::from_instance(new_exception(types::class("CancelledError"), args))
    }

    pub(crate) fn result_of(&self, fut: &Value) -> PyResult<Value> {
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

    pub(crate) fn add_done_callback(&self, fut: &Value, cb: Callback) {
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

    pub(crate) fn new_future(&self) -> Value {
        let c = self.classes().future;
        Value::Instance(Rc::new(Instance {
            class: c,
            dict: RefCell::new(AttrMap::default()),
            payload: Payload::Native(Box::new(FutureState::new(None))),
        }))
    }

    // ----- tasks -----
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
pub(crate) fn f_repr(_: &Interp, a: Args) -> PyResult<Value> {
    Ok(Value::str(&future_repr(
        a.pos.first().unwrap_or(&Value::None),
    )))
}
fn f_await(_: &Interp, a: Args) -> PyResult<Value> {
    Ok(a.pos.first().cloned().unwrap_or(Value::None))
}

/// The methods of `Future`.
pub(crate) const METHODS: &[(&str, crate::interp::value::SyncFn)] = &[
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
];
