//! `Handle` and `TimerHandle`: what `call_soon`/`call_later`/`call_at` return.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::interp::error::{PyErr, PyResult};
use crate::interp::value::{Args, AttrMap, Instance, Payload, Value};
use crate::interp::Interp;
use crate::runtime::core::rt;
use crate::trace::TimerId;

pub(crate) fn make_handle(
    cancelled: Rc<Cell<bool>>,
    timer: Option<(TimerId, f64)>,
) -> PyResult<Value> {
    let c = rt()?.classes().handle;
    Ok(Value::Instance(Rc::new(Instance {
        class: c,
        dict: RefCell::new(AttrMap::default()),
        payload: Payload::Native(Box::new(HandleRef { cancelled, timer })),
    })))
}
/// A `Handle`/`TimerHandle` as the script sees it.
pub struct HandleRef {
    pub(crate) cancelled: Rc<Cell<bool>>,
    pub(crate) timer: Option<(TimerId, f64)>,
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

/// The methods of `TimerHandle`.
pub(crate) const METHODS: &[(&str, crate::interp::value::SyncFn)] = &[
    ("cancel", h_cancel),
    ("when", h_when),
    ("cancelled", h_cancelled),
];
