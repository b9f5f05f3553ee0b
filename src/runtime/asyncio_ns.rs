//! The `asyncio` module's namespace: its classes and functions, and the prelude run over them.

use std::cell::RefCell;
use std::rc::Rc;

use crate::interp::builtins::{arity, func, take_kw};
use crate::interp::error::{PyErr, PyResult};
use crate::interp::eval::SuspendOnce;
use crate::interp::ops;
use crate::interp::types;
use crate::interp::value::{
    Args, AttrMap, BodyFuture, Builtin, BuiltinImpl, Class, Instance, LocalBoxFuture, ModuleObj,
    Payload, TypeKind, Value,
};
use crate::interp::{Interp, Suspend};
use crate::runtime::core::{rt, RuntimeClasses};
use crate::runtime::event_loop::HandleKind;
use crate::runtime::future::{fstate, FState};

// ----- builtins of the asyncio module -----

pub(crate) fn abi(name: &'static str, f: crate::interp::value::AsyncFn) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name,
        imp: BuiltinImpl::Async(f),
        data: None,
    }))
}

pub(crate) fn a_run<'a>(interp: &'a Interp, mut a: Args) -> LocalBoxFuture<'a, PyResult<Value>> {
    Box::pin(async move {
        let _ = take_kw(&mut a, "debug");
        arity("run", &a, 1, 1)?;
        let r = rt()?;
        r.run(interp, a.pos[0].clone()).await
    })
}

pub(crate) fn a_sleep(interp: &Interp, mut a: Args) -> PyResult<Value> {
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

pub(crate) fn set_result_unless_cancelled(_: &Interp, a: Args) -> PyResult<Value> {
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

pub(crate) fn a_create_task(interp: &Interp, mut a: Args) -> PyResult<Value> {
    let name = take_kw(&mut a, "name");
    let _ = take_kw(&mut a, "context");
    arity("create_task", &a, 1, 1)?;
    let name = match name {
        None | Some(Value::None) => None,
        Some(v) => Some(ops::str(interp, &v)?),
    };
    rt()?.create_task(interp, a.pos[0].clone(), name)
}

pub(crate) fn a_loop_create_task(interp: &Interp, mut a: Args) -> PyResult<Value> {
    a.pos.remove(0);
    a_create_task(interp, a)
}

pub(crate) fn a_current_task(_: &Interp, _: Args) -> PyResult<Value> {
    Ok(rt()?.current.borrow().clone().unwrap_or(Value::None))
}

pub(crate) fn a_all_tasks(_: &Interp, _: Args) -> PyResult<Value> {
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

pub(crate) fn a_get_running_loop(_: &Interp, _: Args) -> PyResult<Value> {
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

pub(crate) fn a_label(_: &Interp, a: Args) -> PyResult<Value> {
    arity("_label", &a, 2, 2)?;
    if let (Some(f), Value::Str(s)) = (fstate(&a.pos[0]), &a.pos[1]) {
        *f.label.borrow_mut() = Some(s.to_string());
    }
    Ok(Value::None)
}

pub(crate) fn a_iscoroutine(_: &Interp, a: Args) -> PyResult<Value> {
    arity("iscoroutine", &a, 1, 1)?;
    Ok(Value::Bool(matches!(a.pos[0], Value::Coroutine(_))))
}

pub(crate) fn a_isfuture(_: &Interp, a: Args) -> PyResult<Value> {
    arity("isfuture", &a, 1, 1)?;
    Ok(Value::Bool(fstate(&a.pos[0]).is_some()))
}

pub(crate) fn make_classes() -> RuntimeClasses {
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
        crate::runtime::future::METHODS,
    );
    let task = class("Task", vec![future.clone()], crate::runtime::task::METHODS);
    let handle = class(
        "TimerHandle",
        vec![object.clone()],
        crate::runtime::handle::METHODS,
    );
    let loop_ = class(
        "_UnixSelectorEventLoop",
        vec![object],
        crate::runtime::event_loop::METHODS,
    );
    RuntimeClasses {
        future,
        task,
        handle,
        loop_,
    }
}

pub(crate) const PRELUDE: &str = include_str!("prelude.py");

pub(crate) fn asyncio_module(interp: &Interp) -> PyResult<Value> {
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
