//! The `time` module, on the run's clock.

use std::cell::RefCell;
use std::rc::Rc;

use crate::interp::builtins::{arity, func};
use crate::interp::error::{PyErr, PyResult};
use crate::interp::eval::SuspendOnce;
use crate::interp::ops;
use crate::interp::value::{Args, AttrMap, LocalBoxFuture, ModuleObj, Value};
use crate::interp::{Interp, Suspend};
use crate::runtime::asyncio_ns::abi;
use crate::runtime::core::rt;
use crate::trace::{Cause, Event, Packed, WarningKind};

pub(crate) fn t_sleep<'a>(interp: &'a Interp, a: Args) -> LocalBoxFuture<'a, PyResult<Value>> {
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

pub(crate) fn t_time(_: &Interp, _: Args) -> PyResult<Value> {
    Ok(Value::Float(rt()?.now.get()))
}

pub(crate) fn time_module() -> Value {
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
