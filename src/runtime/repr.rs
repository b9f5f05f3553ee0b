//! Reprs of the runtime's objects as CPython prints them.

use crate::interp::ops;
use crate::interp::value::Value;
use crate::runtime::future::{fstate, FState};

pub(crate) fn future_repr(v: &Value) -> String {
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

pub(crate) fn callable_name(v: &Value) -> String {
    match v {
        Value::Function(f) => f.qualname.to_string(),
        Value::Builtin(b) => b.name.to_string(),
        Value::Method(m) => callable_name(&m.1),
        other => ops::type_name(other),
    }
}
