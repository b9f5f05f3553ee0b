//! The `random` module for scripts: CPython's Mersenne Twister ([`random`](super::random)),
//! one generator per run, with CPython's functions and errors.

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;

use crate::interp::builtins::{arity, func, take_kw};
use crate::interp::error::{PyErr, PyResult};
use crate::interp::ops;
use crate::interp::strfmt::num_err;
use crate::interp::value::{Args, AttrMap, ModuleObj, Value};
use crate::interp::Interp;
use crate::runtime::random::Random;

/// A generator seeded as every run starts (CPython seeds from the OS; a fixed seed keeps runs
/// replayable). Each run owns its generator, so two instances on one page never share one.
pub fn fresh() -> Random {
    Random::from_int_seed(&BigInt::from(0x5eed_c0de_u64))
}

fn with<T>(f: impl FnOnce(&mut Random) -> T) -> PyResult<T> {
    let rt = crate::runtime::core::current()?;
    let mut g = rt.rng.borrow_mut();
    Ok(f(&mut g))
}

fn big(v: &Value) -> PyResult<BigInt> {
    match v {
        Value::Int(i) => Ok(BigInt::from(*i)),
        Value::Bool(b) => Ok(BigInt::from(*b as i64)),
        Value::BigInt(b) => Ok((**b).clone()),
        Value::Float(f) if f.fract() == 0.0 => Ok(BigInt::from(*f as i64)),
        other => Err(PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            ops::type_name(other)
        ))),
    }
}

fn num(v: &Value) -> PyResult<f64> {
    ops::as_float(v).ok_or_else(|| {
        PyErr::type_error(format!(
            "unsupported operand type(s) for -: '{}' and 'float'",
            ops::type_name(v)
        ))
    })?
}

fn r_seed(_: &Interp, mut a: Args) -> PyResult<Value> {
    let _ = take_kw(&mut a, "version");
    arity("seed", &a, 0, 2)?;
    let r = match a.pos.first() {
        None | Some(Value::None) => fresh(),
        Some(Value::Str(s)) => Random::from_str_seed(s),
        Some(Value::Float(f)) => Random::from_float_seed(*f).map_err(num_err)?,
        Some(v) => Random::from_int_seed(&big(v)?),
    };
    with(|g| *g = r)?;
    Ok(Value::None)
}

fn r_random(_: &Interp, a: Args) -> PyResult<Value> {
    arity("random", &a, 0, 0)?;
    Ok(Value::Float(with(|g| g.random())?))
}

fn r_uniform(_: &Interp, a: Args) -> PyResult<Value> {
    arity("uniform", &a, 2, 2)?;
    let (x, y) = (num(&a.pos[0])?, num(&a.pos[1])?);
    Ok(Value::Float(with(|g| g.uniform(x, y))?))
}

fn r_randint(_: &Interp, a: Args) -> PyResult<Value> {
    arity("randint", &a, 2, 2)?;
    let (x, y) = (big(&a.pos[0])?, big(&a.pos[1])?);
    with(|g| g.randint(&x, &y))?
        .map(Value::from_bigint)
        .map_err(num_err)
}

fn r_randrange(_: &Interp, a: Args) -> PyResult<Value> {
    arity("randrange", &a, 1, 3)?;
    let start = big(&a.pos[0])?;
    let stop = a.pos.get(1).map(big).transpose()?;
    let step = a
        .pos
        .get(2)
        .map(big)
        .transpose()?
        .unwrap_or_else(|| BigInt::from(1));
    with(|g| g.randrange(&start, stop.as_ref(), &step))?
        .map(Value::from_bigint)
        .map_err(num_err)
}

fn r_choice(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("choice", &a, 1, 1)?;
    if let Value::Range(r) = &a.pos[0] {
        // By index, as CPython does (`_randbelow(len(seq))`, which is also what
        // `randrange(len)` draws), without building the range.
        if r.is_empty() {
            with(|g| g.choice_index(0))?.map_err(num_err)?;
        }
        let count = BigInt::from(r.count());
        let i = with(|g| g.randrange(&BigInt::from(0), Some(&count), &BigInt::from(1)))?
            .map_err(num_err)?;
        return Ok(Value::Int(
            r.at(num_traits::ToPrimitive::to_u64(&i).unwrap_or(0)),
        ));
    }
    let items = interp.collect_sync(&a.pos[0])?;
    let i = with(|g| g.choice_index(items.len()))?.map_err(num_err)?;
    Ok(items[i].clone())
}

fn r_shuffle(_: &Interp, a: Args) -> PyResult<Value> {
    arity("shuffle", &a, 1, 1)?;
    match &a.pos[0] {
        Value::List(l) => {
            with(|g| g.shuffle(&mut l.borrow_mut()[..]))?;
            Ok(Value::None)
        }
        other => Err(PyErr::type_error(format!(
            "'{}' object does not support item assignment",
            ops::type_name(other)
        ))),
    }
}

fn r_sample(interp: &Interp, mut a: Args) -> PyResult<Value> {
    let k = take_kw(&mut a, "k")
        .or_else(|| a.pos.get(1).cloned())
        .ok_or_else(|| {
            PyErr::type_error("Random.sample() missing 1 required positional argument: 'k'")
        })?;
    if matches!(a.pos[0], Value::Set(_) | Value::Dict(_)) {
        return Err(PyErr::type_error(
            "Population must be a sequence.  For dicts or sets, use sorted(d).",
        ));
    }
    let items = interp.collect_sync(&a.pos[0])?;
    let k = match k {
        Value::Int(k) if k >= 0 => k as usize,
        _ => {
            return Err(PyErr::value_error(
                "Sample larger than population or is negative",
            ))
        }
    };
    let idx = with(|g| g.sample(items.len(), k))?.map_err(num_err)?;
    Ok(Value::list(
        idx.into_iter().map(|i| items[i].clone()).collect(),
    ))
}

/// The `random` module.
pub fn module(_: &Interp) -> PyResult<Value> {
    let mut attrs = AttrMap::default();
    let fns: &[(&'static str, crate::interp::value::SyncFn)] = &[
        ("seed", r_seed),
        ("random", r_random),
        ("uniform", r_uniform),
        ("randint", r_randint),
        ("randrange", r_randrange),
        ("choice", r_choice),
        ("shuffle", r_shuffle),
        ("sample", r_sample),
    ];
    for (n, f) in fns {
        attrs.insert(Rc::from(*n), func(n, *f));
    }
    Ok(Value::Module(Rc::new(ModuleObj {
        name: Rc::from("random"),
        attrs: RefCell::new(attrs),
    })))
}
