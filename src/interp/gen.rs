//! Methods of generators and async generators (`send`, `throw`, `close`, `__anext__`,
//! `aclose`...), installed into their built-in classes.

use std::rc::Rc;

use crate::interp::builtins::{arity, func};
use crate::interp::error::{PyErr, PyResult};
use crate::interp::value::{Args, BodyFuture, Class, Generator, SyncFn, Value};
use crate::interp::Interp;

fn this_gen(a: &Args) -> PyResult<Rc<Generator>> {
    match a.pos.first() {
        Some(Value::Generator(g)) => Ok(g.clone()),
        _ => Err(PyErr::type_error("descriptor requires a generator object")),
    }
}

fn stop(g: &Generator) -> PyErr {
    if g.is_async {
        return PyErr::bare("StopAsyncIteration");
    }
    match g.chan.returned.borrow_mut().take() {
        Some(v) if !v.is_none() => PyErr::from_instance(crate::interp::error::new_exception(
            crate::interp::types::class("StopIteration"),
            vec![v],
        )),
        _ => PyErr::bare("StopIteration"),
    }
}

fn exc_arg(a: &Args) -> PyResult<PyErr> {
    match a.pos.get(1) {
        Some(Value::Instance(i)) if i.class.is_exception => Ok(PyErr::from_instance(i.clone())),
        Some(Value::Class(c)) if c.is_exception => Ok(PyErr::from_instance(
            crate::interp::error::new_exception(c.clone(), vec![]),
        )),
        _ => Err(PyErr::type_error(
            "exceptions must be classes or instances deriving from BaseException, not NoneType",
        )),
    }
}

fn g_next(interp: &Interp, a: Args) -> PyResult<Value> {
    let g = this_gen(&a)?;
    interp
        .block_on(interp.gen_resume(&g, None))?
        .ok_or_else(|| stop(&g))
}

fn g_send(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("send", &a, 2, 2)?;
    let g = this_gen(&a)?;
    if g.state.get() == crate::interp::value::GenState::Created && !a.pos[1].is_none() {
        return Err(PyErr::type_error(
            "can't send non-None value to a just-started generator",
        ));
    }
    interp
        .block_on(interp.gen_resume(&g, Some(a.pos[1].clone())))?
        .ok_or_else(|| stop(&g))
}

fn g_throw(interp: &Interp, a: Args) -> PyResult<Value> {
    let g = this_gen(&a)?;
    let e = exc_arg(&a)?;
    interp
        .block_on(interp.gen_throw(&g, e))?
        .ok_or_else(|| stop(&g))
}

fn g_close(interp: &Interp, a: Args) -> PyResult<Value> {
    let g = this_gen(&a)?;
    interp.block_on(interp.gen_close(&g))?;
    Ok(Value::None)
}

fn g_iter(_: &Interp, a: Args) -> PyResult<Value> {
    Ok(a.pos.first().cloned().unwrap_or(Value::None))
}

fn ag_anext(interp: &Interp, a: Args) -> PyResult<Value> {
    let g = this_gen(&a)?;
    let me = interp.rc()?;
    let body: BodyFuture =
        Box::pin(async move { me.gen_resume(&g, None).await?.ok_or_else(|| stop(&g)) });
    Ok(interp.native_coro("__anext__", body))
}

fn ag_asend(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("asend", &a, 2, 2)?;
    let g = this_gen(&a)?;
    let v = a.pos[1].clone();
    let me = interp.rc()?;
    let body: BodyFuture =
        Box::pin(async move { me.gen_resume(&g, Some(v)).await?.ok_or_else(|| stop(&g)) });
    Ok(interp.native_coro("asend", body))
}

fn ag_athrow(interp: &Interp, a: Args) -> PyResult<Value> {
    let g = this_gen(&a)?;
    let e = exc_arg(&a)?;
    let me = interp.rc()?;
    let body: BodyFuture =
        Box::pin(async move { me.gen_throw(&g, e).await?.ok_or_else(|| stop(&g)) });
    Ok(interp.native_coro("athrow", body))
}

fn ag_aclose(interp: &Interp, a: Args) -> PyResult<Value> {
    let g = this_gen(&a)?;
    let me = interp.rc()?;
    let body: BodyFuture = Box::pin(async move {
        me.gen_close(&g).await?;
        Ok(Value::None)
    });
    Ok(interp.native_coro("aclose", body))
}

fn c_close(_: &Interp, a: Args) -> PyResult<Value> {
    if let Some(Value::Coroutine(c)) = a.pos.first() {
        c.started.set(true);
        c.body.borrow_mut().take();
    }
    Ok(Value::None)
}

/// Installs the methods into the `generator`, `async_generator` and `coroutine` classes.
pub fn install(generator: &Rc<Class>, async_generator: &Rc<Class>, coroutine: &Rc<Class>) {
    let add = |c: &Rc<Class>, methods: &[(&'static str, SyncFn)]| {
        let mut d = c.dict.borrow_mut();
        for (name, f) in methods {
            d.insert(Rc::from(*name), func(name, *f));
        }
    };
    add(coroutine, &[("close", c_close)]);
    add(
        generator,
        &[
            ("__next__", g_next),
            ("send", g_send),
            ("throw", g_throw),
            ("close", g_close),
            ("__iter__", g_iter),
        ],
    );
    add(
        async_generator,
        &[
            ("__anext__", ag_anext),
            ("asend", ag_asend),
            ("athrow", ag_athrow),
            ("aclose", ag_aclose),
            ("__aiter__", g_iter),
        ],
    );
}
