//! Built-in functions (`print`, `len`, `sorted`...) and the constructors of built-in types
//! (`int(x)`, `list(it)`...), with CPython's behaviour and error messages.

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use crate::interp::dict::{new_dict, Key};
use crate::interp::error::{PyErr, PyResult};
use crate::interp::num;
use crate::interp::ops::{self, type_name};
use crate::interp::strfmt::num_err;
use crate::interp::types;
use crate::interp::value::{
    Args, AttrMap, Builtin, BuiltinImpl, Class, Instance, IterState, Payload, RangeObj, SyncFn,
    TypeKind, Value,
};
use crate::interp::Interp;

/// A builtin function value.
pub fn func(name: &'static str, f: SyncFn) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name,
        imp: BuiltinImpl::Sync(f),
        data: None,
    }))
}

/// Takes keyword `name` out of `args`.
pub fn take_kw(args: &mut Args, name: &str) -> Option<Value> {
    let i = args.kw.iter().position(|(k, _)| &**k == name)?;
    Some(args.kw.remove(i).1)
}

/// Fails if keywords remain (`f() got an unexpected keyword argument 'x'`).
pub fn no_kw(fname: &str, args: &Args) -> PyResult<()> {
    match args.kw.first() {
        Some((k, _)) => Err(PyErr::type_error(format!(
            "{fname}() got an unexpected keyword argument '{k}'"
        ))),
        None => Ok(()),
    }
}

/// Checks the number of positional arguments (`len() takes exactly one argument (2 given)`).
pub fn arity(fname: &str, args: &Args, min: usize, max: usize) -> PyResult<()> {
    let n = args.pos.len();
    if n >= min && n <= max {
        return Ok(());
    }
    Err(PyErr::type_error(if min == max && min == 1 {
        format!("{fname}() takes exactly one argument ({n} given)")
    } else if n < min {
        format!(
            "{fname} expected at least {min} argument{}, got {n}",
            if min == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "{fname} expected at most {max} argument{}, got {n}",
            if max == 1 { "" } else { "s" }
        )
    }))
}

/// An `int` argument as i64.
pub fn int_arg(v: &Value, what: &str) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::BigInt(_) => Err(PyErr::new(
            "OverflowError",
            "Python int too large to convert to C ssize_t",
        )),
        other => Err(PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer{what}",
            type_name(other)
        ))),
    }
}

fn b_print(interp: &Interp, mut a: Args) -> PyResult<Value> {
    let sep = take_kw(&mut a, "sep");
    let end = take_kw(&mut a, "end");
    let _ = take_kw(&mut a, "flush");
    let _ = take_kw(&mut a, "file");
    no_kw("print", &a)?;
    let sep = match sep {
        None | Some(Value::None) => " ".to_string(),
        Some(Value::Str(s)) => s.to_string(),
        Some(o) => {
            return Err(PyErr::type_error(format!(
                "sep must be None or a string, not {}",
                type_name(&o)
            )))
        }
    };
    let end = match end {
        None | Some(Value::None) => "\n".to_string(),
        Some(Value::Str(s)) => s.to_string(),
        Some(o) => {
            return Err(PyErr::type_error(format!(
                "end must be None or a string, not {}",
                type_name(&o)
            )))
        }
    };
    let mut out = String::new();
    for (i, v) in a.pos.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(&ops::str(interp, v)?);
    }
    out.push_str(&end);
    interp.host.print(&out);
    Ok(Value::None)
}

/// `len(v)`.
pub fn len_of(interp: &Interp, v: &Value) -> PyResult<i64> {
    Ok(match v {
        Value::Str(s) => {
            if s.is_ascii() {
                s.len() as i64
            } else {
                s.chars().count() as i64
            }
        }
        Value::List(l) => l.borrow().len() as i64,
        Value::Tuple(t) => t.len() as i64,
        Value::Dict(d) | Value::Set(d) => d.borrow().len() as i64,
        Value::Range(r) => r.len().ok_or_else(|| {
            PyErr::new(
                "OverflowError",
                "Python int too large to convert to C ssize_t",
            )
        })?,
        Value::Instance(i) => match i.class.lookup("__len__") {
            Some(m) => {
                let r = interp.call_sync(&m, Args::new(vec![v.clone()]))?;
                int_arg(&r, "")?
            }
            None => {
                return Err(PyErr::type_error(format!(
                    "object of type '{}' has no len()",
                    type_name(v)
                )))
            }
        },
        _ => {
            return Err(PyErr::type_error(format!(
                "object of type '{}' has no len()",
                type_name(v)
            )))
        }
    })
}

fn b_len(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("len", &a, 1, 1)?;
    Ok(Value::Int(len_of(interp, &a.pos[0])?))
}

fn b_repr(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("repr", &a, 1, 1)?;
    Ok(Value::str(&ops::repr(interp, &a.pos[0])?))
}

fn b_ascii(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("ascii", &a, 1, 1)?;
    Ok(Value::str(&ops::ascii(&ops::repr(interp, &a.pos[0])?)))
}

fn class_check(v: &Value, c: &Value) -> PyResult<bool> {
    match c {
        Value::Class(c) => Ok(ops::class_of(v).is_subclass(c)),
        Value::Tuple(items) => {
            for x in items.iter() {
                if class_check(v, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(PyErr::type_error(
            "isinstance() arg 2 must be a type, a tuple of types, or a union",
        )),
    }
}

fn b_isinstance(_: &Interp, a: Args) -> PyResult<Value> {
    arity("isinstance", &a, 2, 2)?;
    Ok(Value::Bool(class_check(&a.pos[0], &a.pos[1])?))
}

fn b_issubclass(_: &Interp, a: Args) -> PyResult<Value> {
    arity("issubclass", &a, 2, 2)?;
    let Value::Class(c) = &a.pos[0] else {
        return Err(PyErr::type_error("issubclass() arg 1 must be a class"));
    };
    fn check(c: &Rc<Class>, t: &Value) -> PyResult<bool> {
        match t {
            Value::Class(t) => Ok(c.is_subclass(t)),
            Value::Tuple(items) => Ok(items
                .iter()
                .map(|x| check(c, x))
                .collect::<PyResult<Vec<bool>>>()?
                .into_iter()
                .any(|b| b)),
            _ => Err(PyErr::type_error(
                "issubclass() arg 2 must be a class, a tuple of classes, or a union",
            )),
        }
    }
    Ok(Value::Bool(check(c, &a.pos[1])?))
}

fn b_sum(interp: &Interp, mut a: Args) -> PyResult<Value> {
    let start = take_kw(&mut a, "start");
    no_kw("sum", &a)?;
    arity("sum", &a, 1, 2)?;
    let mut acc = start
        .or_else(|| a.pos.get(1).cloned())
        .unwrap_or(Value::Int(0));
    if matches!(acc, Value::Str(_)) {
        return Err(PyErr::type_error(
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    for x in interp.collect_sync(&a.pos[0])? {
        acc = ops::binop(interp, crate::syntax::ast::BinOp::Add, &acc, &x)?;
    }
    Ok(acc)
}

fn minmax(interp: &Interp, mut a: Args, is_max: bool) -> PyResult<Value> {
    let name = if is_max { "max" } else { "min" };
    let key = take_kw(&mut a, "key").filter(|k| !k.is_none());
    let default = take_kw(&mut a, "default");
    no_kw(name, &a)?;
    let items = match a.pos.len() {
        0 => {
            return Err(PyErr::type_error(format!(
                "{name} expected at least 1 argument, got 0"
            )))
        }
        1 => interp.collect_sync(&a.pos[0])?,
        _ => a.pos.clone(),
    };
    if items.is_empty() {
        return default
            .ok_or_else(|| PyErr::value_error(format!("{name}() arg is an empty sequence")));
    }
    let mut best = items[0].clone();
    let mut best_key = match &key {
        Some(k) => interp.call_sync(k, Args::new(vec![best.clone()]))?,
        None => best.clone(),
    };
    for x in items.into_iter().skip(1) {
        let kx = match &key {
            Some(k) => interp.call_sync(k, Args::new(vec![x.clone()]))?,
            None => x.clone(),
        };
        let op = if is_max {
            crate::syntax::ast::CmpOp::Gt
        } else {
            crate::syntax::ast::CmpOp::Lt
        };
        if ops::order(interp, op, &kx, &best_key)? {
            best = x;
            best_key = kx;
        }
    }
    Ok(best)
}

fn b_min(interp: &Interp, a: Args) -> PyResult<Value> {
    minmax(interp, a, false)
}

fn b_max(interp: &Interp, a: Args) -> PyResult<Value> {
    minmax(interp, a, true)
}

fn b_abs(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("abs", &a, 1, 1)?;
    match &a.pos[0] {
        Value::Int(i) => Ok(i
            .checked_abs()
            .map(Value::Int)
            .unwrap_or_else(|| Value::from_bigint(BigInt::from(*i).abs()))),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::BigInt(b) => Ok(Value::from_bigint(b.abs())),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        v @ Value::Instance(i) if i.class.lookup("__abs__").is_some() => {
            let m = i
                .class
                .lookup("__abs__")
                .ok_or_else(|| PyErr::internal("abs"))?;
            interp.call_sync(&m, Args::new(vec![v.clone()]))
        }
        other => Err(PyErr::type_error(format!(
            "bad operand type for abs(): '{}'",
            type_name(other)
        ))),
    }
}

fn b_round(_: &Interp, mut a: Args) -> PyResult<Value> {
    let nd = take_kw(&mut a, "ndigits");
    arity("round", &a, 1, 2)?;
    let nd = nd
        .or_else(|| a.pos.get(1).cloned())
        .filter(|v| !v.is_none());
    match (&a.pos[0], nd) {
        (Value::Float(f), None) => num::round_float_to_int(*f)
            .map(Value::from_bigint)
            .map_err(num_err),
        (Value::Float(f), Some(n)) => num::round_float_digits(*f, int_arg(&n, "")?)
            .map(Value::Float)
            .map_err(num_err),
        (Value::Bool(b), None) => Ok(Value::Int(*b as i64)),
        (v @ (Value::Int(_) | Value::BigInt(_)), None) => Ok(v.clone()),
        (v @ (Value::Int(_) | Value::BigInt(_) | Value::Bool(_)), Some(n)) => {
            let b = match v {
                Value::Int(i) => BigInt::from(*i),
                Value::Bool(x) => BigInt::from(*x as i64),
                Value::BigInt(b) => (**b).clone(),
                _ => BigInt::from(0),
            };
            Ok(Value::from_bigint(num::round_int(&b, int_arg(&n, "")?)))
        }
        (other, _) => Err(PyErr::type_error(format!(
            "type {} doesn't define __round__ method",
            type_name(other)
        ))),
    }
}

/// A host that prints nothing and imports nothing (for evaluation without a runtime).
pub struct NullHost;

impl crate::interp::Host for NullHost {
    fn print(&self, _: &str) {}
    fn import(&self, _: &Interp, _: &str) -> Option<PyResult<Value>> {
        None
    }
    fn never_awaited(&self, _: &Interp, _: &str, _: u32) {}
    fn future_done(&self, _: &Value) -> Option<bool> {
        None
    }
    fn future_result(&self, _: &Value) -> PyResult<Value> {
        Ok(Value::None)
    }
}

/// Sorts values in place (stable), with an optional key function and reverse flag.
pub fn sort_values(
    interp: &Interp,
    items: &mut Vec<Value>,
    key: Option<&Value>,
    reverse: bool,
) -> PyResult<()> {
    let keys: Vec<Value> = match key {
        Some(k) => items
            .iter()
            .map(|x| interp.call_sync(k, Args::new(vec![x.clone()])))
            .collect::<PyResult<_>>()?,
        None => items.clone(),
    };
    let mut idx: Vec<usize> = (0..items.len()).collect();
    let mut err = None;
    idx.sort_by(|&x, &y| {
        if err.is_some() {
            return std::cmp::Ordering::Equal;
        }
        let (a, b) = if reverse {
            (&keys[y], &keys[x])
        } else {
            (&keys[x], &keys[y])
        };
        match ops::order(interp, crate::syntax::ast::CmpOp::Lt, a, b) {
            Ok(true) => std::cmp::Ordering::Less,
            Ok(false) => match ops::order(interp, crate::syntax::ast::CmpOp::Lt, b, a) {
                Ok(true) => std::cmp::Ordering::Greater,
                Ok(false) => std::cmp::Ordering::Equal,
                Err(e) => {
                    err = Some(e);
                    std::cmp::Ordering::Equal
                }
            },
            Err(e) => {
                err = Some(e);
                std::cmp::Ordering::Equal
            }
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    let sorted: Vec<Value> = idx.into_iter().map(|i| items[i].clone()).collect();
    *items = sorted;
    Ok(())
}

fn b_sorted(interp: &Interp, mut a: Args) -> PyResult<Value> {
    let key = take_kw(&mut a, "key").filter(|k| !k.is_none());
    let reverse = take_kw(&mut a, "reverse")
        .map(|r| ops::truthy(interp, &r))
        .transpose()?
        .unwrap_or(false);
    no_kw("sorted", &a)?;
    arity("sorted", &a, 1, 1)?;
    let mut items = interp.collect_sync(&a.pos[0])?;
    sort_values(interp, &mut items, key.as_ref(), reverse)?;
    Ok(Value::list(items))
}

fn iter_value(state: IterState) -> Value {
    Value::Iter(Rc::new(RefCell::new(state)))
}

fn b_reversed(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("reversed", &a, 1, 1)?;
    match &a.pos[0] {
        Value::Range(r) => {
            let n = r.count();
            Ok(iter_value(IterState::Range {
                next: r.at(n.saturating_sub(1)),
                left: n,
                step: r.step.wrapping_neg(),
            }))
        }
        v @ (Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Dict(_)) => {
            let mut items = ops::fast_items(v).unwrap_or_default();
            items.reverse();
            Ok(iter_value(IterState::Values(items.into_iter())))
        }
        v @ Value::Instance(i) if i.class.lookup("__reversed__").is_some() => {
            let m = i
                .class
                .lookup("__reversed__")
                .ok_or_else(|| PyErr::internal("reversed"))?;
            interp.call_sync(&m, Args::new(vec![v.clone()]))
        }
        other => Err(PyErr::type_error(format!(
            "'{}' object is not reversible",
            type_name(other)
        ))),
    }
}

fn b_enumerate(interp: &Interp, mut a: Args) -> PyResult<Value> {
    let start = take_kw(&mut a, "start");
    arity("enumerate", &a, 1, 2)?;
    let start = start
        .or_else(|| a.pos.get(1).cloned())
        .map(|s| int_arg(&s, ""))
        .transpose()?
        .unwrap_or(0);
    Ok(iter_value(IterState::Enumerate(
        interp.iter(&a.pos[0])?,
        start,
    )))
}

fn b_zip(interp: &Interp, mut a: Args) -> PyResult<Value> {
    let _ = take_kw(&mut a, "strict");
    let its = a
        .pos
        .iter()
        .map(|v| interp.iter(v))
        .collect::<PyResult<Vec<_>>>()?;
    if its.is_empty() {
        return Ok(iter_value(IterState::Done));
    }
    Ok(iter_value(IterState::Zip(its)))
}

fn b_map(interp: &Interp, a: Args) -> PyResult<Value> {
    if a.pos.len() < 2 {
        return Err(PyErr::type_error("map() must have at least two arguments."));
    }
    let its = a.pos[1..]
        .iter()
        .map(|v| interp.iter(v))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(iter_value(IterState::Map(a.pos[0].clone(), its)))
}

fn b_filter(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("filter", &a, 2, 2)?;
    Ok(iter_value(IterState::Filter(
        a.pos[0].clone(),
        interp.iter(&a.pos[1])?,
    )))
}

fn b_any(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("any", &a, 1, 1)?;
    let it = interp.iter(&a.pos[0])?;
    while let Some(x) = interp.block_on(interp.next(&it))? {
        if ops::truthy(interp, &x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn b_all(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("all", &a, 1, 1)?;
    let it = interp.iter(&a.pos[0])?;
    while let Some(x) = interp.block_on(interp.next(&it))? {
        if !ops::truthy(interp, &x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn b_divmod(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("divmod", &a, 2, 2)?;
    let q = ops::binop(
        interp,
        crate::syntax::ast::BinOp::FloorDiv,
        &a.pos[0],
        &a.pos[1],
    )?;
    let r = ops::binop(interp, crate::syntax::ast::BinOp::Mod, &a.pos[0], &a.pos[1])?;
    Ok(Value::tuple(vec![q, r]))
}

fn b_pow(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("pow", &a, 2, 3)?;
    if let Some(m) = a.pos.get(2).filter(|m| !m.is_none()) {
        let big = |v: &Value| -> PyResult<BigInt> {
            match v {
                Value::Int(i) => Ok(BigInt::from(*i)),
                Value::BigInt(b) => Ok((**b).clone()),
                Value::Bool(b) => Ok(BigInt::from(*b as i64)),
                _ => Err(PyErr::type_error(
                    "pow() 3rd argument not allowed unless all arguments are integers",
                )),
            }
        };
        return num::int_pow_mod(&big(&a.pos[0])?, &big(&a.pos[1])?, &big(m)?)
            .map(Value::from_bigint)
            .map_err(num_err);
    }
    ops::binop(interp, crate::syntax::ast::BinOp::Pow, &a.pos[0], &a.pos[1])
}

fn b_iter(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("iter", &a, 1, 1)?;
    interp.iter(&a.pos[0])
}

fn b_next(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("next", &a, 1, 2)?;
    match interp.block_on(interp.next(&a.pos[0]))? {
        Some(v) => Ok(v),
        None => match a.pos.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(PyErr::bare("StopIteration")),
        },
    }
}

fn b_hasattr(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("hasattr", &a, 2, 2)?;
    let Value::Str(name) = &a.pos[1] else {
        return Err(PyErr::type_error(
            "hasattr(): attribute name must be string",
        ));
    };
    match interp.getattr(&a.pos[0], name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if e.is("AttributeError") => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn b_getattr(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("getattr", &a, 2, 3)?;
    let Value::Str(name) = &a.pos[1] else {
        return Err(PyErr::type_error("attribute name must be string"));
    };
    match interp.getattr(&a.pos[0], name) {
        Ok(v) => Ok(v),
        Err(e) if e.is("AttributeError") && a.pos.len() == 3 => Ok(a.pos[2].clone()),
        Err(e) => Err(e),
    }
}

fn b_setattr(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("setattr", &a, 3, 3)?;
    let Value::Str(name) = &a.pos[1] else {
        return Err(PyErr::type_error("attribute name must be string"));
    };
    ops::setattr(interp, &a.pos[0], name, a.pos[2].clone())?;
    Ok(Value::None)
}

fn b_callable(_: &Interp, a: Args) -> PyResult<Value> {
    arity("callable", &a, 1, 1)?;
    Ok(Value::Bool(match &a.pos[0] {
        Value::Function(_) | Value::Builtin(_) | Value::Method(_) | Value::Class(_) => true,
        Value::Instance(i) => i.class.lookup("__call__").is_some(),
        _ => false,
    }))
}

fn b_id(_: &Interp, a: Args) -> PyResult<Value> {
    arity("id", &a, 1, 1)?;
    Ok(Value::Int(ops::hash_value(&a.pos[0]).unwrap_or(0).abs()))
}

fn b_hash(_: &Interp, a: Args) -> PyResult<Value> {
    arity("hash", &a, 1, 1)?;
    ops::hash_value(&a.pos[0]).map(Value::Int)
}

fn b_ord(_: &Interp, a: Args) -> PyResult<Value> {
    arity("ord", &a, 1, 1)?;
    match &a.pos[0] {
        Value::Str(s) => {
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => Ok(Value::Int(c as i64)),
                _ => Err(PyErr::type_error(format!(
                    "ord() expected a character, but string of length {} found",
                    s.chars().count()
                ))),
            }
        }
        other => Err(PyErr::type_error(format!(
            "ord() expected string of length 1, but {} found",
            type_name(other)
        ))),
    }
}

fn b_chr(_: &Interp, a: Args) -> PyResult<Value> {
    arity("chr", &a, 1, 1)?;
    let n = int_arg(&a.pos[0], "")?;
    u32::try_from(n)
        .ok()
        .and_then(char::from_u32)
        .map(|c| Value::str(c.encode_utf8(&mut [0; 4])))
        .ok_or_else(|| PyErr::value_error("chr() arg not in range(0x110000)"))
}

fn radix(a: &Args, name: &str, prefix: &str, f: fn(&BigInt) -> String) -> PyResult<Value> {
    arity(name, a, 1, 1)?;
    let b = match &a.pos[0] {
        Value::Int(i) => BigInt::from(*i),
        Value::Bool(x) => BigInt::from(*x as i64),
        Value::BigInt(b) => (**b).clone(),
        other => {
            return Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name(other)
            )))
        }
    };
    let sign = if b.is_negative() { "-" } else { "" };
    Ok(Value::str(&format!("{sign}{prefix}{}", f(&b.abs()))))
}

fn b_hex(_: &Interp, a: Args) -> PyResult<Value> {
    radix(&a, "hex", "0x", |b| b.to_str_radix(16))
}

fn b_bin(_: &Interp, a: Args) -> PyResult<Value> {
    radix(&a, "bin", "0b", |b| b.to_str_radix(2))
}

fn b_oct(_: &Interp, a: Args) -> PyResult<Value> {
    radix(&a, "oct", "0o", |b| b.to_str_radix(8))
}

fn b_format(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("format", &a, 1, 2)?;
    let spec = match a.pos.get(1) {
        Some(Value::Str(s)) => s.to_string(),
        Some(other) => {
            return Err(PyErr::type_error(format!(
                "format() argument 2 must be str, not {}",
                type_name(other)
            )))
        }
        None => String::new(),
    };
    Ok(Value::str(&ops::format(interp, &a.pos[0], &spec)?))
}

fn b_input(_: &Interp, _: Args) -> PyResult<Value> {
    Err(PyErr::new(
        "NotImplementedError",
        "input() is not supported: scripts run without a keyboard",
    ))
}

fn b_open(_: &Interp, _: Args) -> PyResult<Value> {
    Err(PyErr::new(
        "NotImplementedError",
        "open() is not supported: scripts have no file system",
    ))
}

fn wrapper_class(name: &str) -> Rc<Class> {
    thread_local! {
        static WRAPPERS: RefCell<Vec<Rc<Class>>> = const { RefCell::new(Vec::new()) };
    }
    WRAPPERS.with(|w| {
        if let Some(c) = w.borrow().iter().find(|c| &*c.name == name) {
            return c.clone();
        }
        let c = types::make_class(
            name,
            "builtins",
            vec![types::builtins().object.clone()],
            TypeKind::User,
            AttrMap::default(),
        );
        w.borrow_mut().push(c.clone());
        c
    })
}

fn wrapper(name: &str, attrs: Vec<(&str, Value)>) -> Value {
    let mut d = AttrMap::default();
    for (k, v) in attrs {
        d.insert(Rc::from(k), v);
    }
    Value::Instance(Rc::new(Instance {
        class: wrapper_class(name),
        dict: RefCell::new(d),
        payload: Payload::None,
    }))
}

fn b_staticmethod(_: &Interp, a: Args) -> PyResult<Value> {
    arity("staticmethod", &a, 1, 1)?;
    Ok(wrapper(
        "staticmethod",
        vec![("__func__", a.pos[0].clone())],
    ))
}

fn b_classmethod(_: &Interp, a: Args) -> PyResult<Value> {
    arity("classmethod", &a, 1, 1)?;
    Ok(wrapper("classmethod", vec![("__func__", a.pos[0].clone())]))
}

fn b_property(_: &Interp, a: Args) -> PyResult<Value> {
    arity("property", &a, 1, 2)?;
    let p = wrapper(
        "property",
        vec![
            ("fget", a.pos[0].clone()),
            ("fset", a.pos.get(1).cloned().unwrap_or(Value::None)),
        ],
    );
    Ok(p)
}

fn b_property_setter(_: &Interp, a: Args) -> PyResult<Value> {
    // property.setter(self, fset): a new property with the same getter.
    arity("setter", &a, 2, 2)?;
    let fget = match &a.pos[0] {
        Value::Instance(i) => i.dict.borrow().get("fget").cloned().unwrap_or(Value::None),
        _ => Value::None,
    };
    Ok(wrapper(
        "property",
        vec![("fget", fget), ("fset", a.pos[1].clone())],
    ))
}

fn e_repr(_: &Interp, _: Args) -> PyResult<Value> {
    Ok(Value::str("Ellipsis"))
}

/// The `Ellipsis` singleton (`...`), the only instance of its class.
pub fn ellipsis() -> Value {
    thread_local! {
        static ELLIPSIS: Value = {
            let class = types::make_class("ellipsis", "builtins", vec![types::builtins().object.clone()], TypeKind::User, AttrMap::default());
            class.dict.borrow_mut().insert(Rc::from("__repr__"), func("__repr__", e_repr));
            Value::Instance(Rc::new(Instance { class, dict: RefCell::new(AttrMap::default()), payload: Payload::None }))
        };
    }
    ELLIPSIS.with(|e| e.clone())
}

/// The `builtins` namespace of a fresh interpreter.
pub fn namespace() -> AttrMap {
    let mut ns = AttrMap::default();
    let fns: &[(&'static str, SyncFn)] = &[
        ("print", b_print),
        ("len", b_len),
        ("repr", b_repr),
        ("ascii", b_ascii),
        ("isinstance", b_isinstance),
        ("issubclass", b_issubclass),
        ("sum", b_sum),
        ("min", b_min),
        ("max", b_max),
        ("abs", b_abs),
        ("round", b_round),
        ("sorted", b_sorted),
        ("reversed", b_reversed),
        ("enumerate", b_enumerate),
        ("zip", b_zip),
        ("map", b_map),
        ("filter", b_filter),
        ("any", b_any),
        ("all", b_all),
        ("divmod", b_divmod),
        ("pow", b_pow),
        ("iter", b_iter),
        ("next", b_next),
        ("hasattr", b_hasattr),
        ("getattr", b_getattr),
        ("setattr", b_setattr),
        ("callable", b_callable),
        ("id", b_id),
        ("hash", b_hash),
        ("ord", b_ord),
        ("chr", b_chr),
        ("hex", b_hex),
        ("bin", b_bin),
        ("oct", b_oct),
        ("format", b_format),
        ("input", b_input),
        ("open", b_open),
        ("staticmethod", b_staticmethod),
        ("classmethod", b_classmethod),
        ("property", b_property),
    ];
    for (name, f) in fns {
        ns.insert(Rc::from(*name), func(name, *f));
    }
    #[cfg(all(debug_assertions, not(fuzzing)))]
    ns.insert(
        Rc::from("_coroscope_test_panic"),
        func("_coroscope_test_panic", b_test_panic),
    );
    let b = types::builtins();
    for (name, c) in &b.by_name {
        if !matches!(
            *name,
            "NoneType"
                | "function"
                | "builtin_function_or_method"
                | "method"
                | "module"
                | "coroutine"
                | "generator"
                | "async_generator"
                | "iterator"
                | "CancelledError"
                | "InvalidStateError"
                | "QueueEmpty"
                | "QueueFull"
        ) {
            ns.insert(Rc::from(*name), Value::Class(c.clone()));
        }
    }
    ns.insert(Rc::from("None"), Value::None);
    ns.insert(Rc::from("Ellipsis"), ellipsis());
    wrapper_class("property")
        .dict
        .borrow_mut()
        .insert(Rc::from("setter"), func("setter", b_property_setter));
    ns
}

/// `_coroscope_test_panic()`: a deliberate panic, in test builds only (debug assertions on, not
/// fuzzing), so the browser tests can prove that a bug of ours never loses the user's script.
#[cfg(all(debug_assertions, not(fuzzing)))]
fn b_test_panic(_: &Interp, _: Args) -> PyResult<Value> {
    panic!("deliberate panic (_coroscope_test_panic)")
}

/// Calls a built-in type: `int(x)`, `str(x)`, `list(it)`, `dict(...)`, `range(...)`...
pub async fn construct(interp: &Interp, class: &Rc<Class>, mut a: Args) -> PyResult<Value> {
    let name = class.name.to_string();
    let kind = class.kind;
    match kind {
        TypeKind::Int => {
            let base = take_kw(&mut a, "base");
            no_kw("int", &a)?;
            let base = base.or_else(|| a.pos.get(1).cloned());
            match (a.pos.first(), base) {
                (None, _) => Ok(Value::Int(0)),
                (Some(Value::Str(s)), b) => {
                    let base = b.map(|b| int_arg(&b, "")).transpose()?.unwrap_or(10);
                    num::parse_int_literal(s, base as u32).map(Value::from_bigint).ok_or_else(|| PyErr::value_error(format!("invalid literal for int() with base {base}: {}", ops::str_repr(s))))
                }
                (Some(_), Some(_)) => Err(PyErr::type_error("int() can't convert non-string with explicit base")),
                (Some(Value::Int(i)), None) => Ok(Value::Int(*i)),
                (Some(Value::Bool(b)), None) => Ok(Value::Int(*b as i64)),
                (Some(v @ Value::BigInt(_)), None) => Ok(v.clone()),
                (Some(Value::Float(f)), None) => num::f64_to_int(*f).map(Value::from_bigint).map_err(num_err),
                (Some(v @ Value::Instance(i)), None) if i.class.lookup("__int__").is_some() => {
                    let m = i.class.lookup("__int__").ok_or_else(|| PyErr::internal("int"))?;
                    interp.call(&m, Args::new(vec![v.clone()])).await
                }
                (Some(other), None) => Err(PyErr::type_error(format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", type_name(other)))),
            }
        }
        TypeKind::Float => {
            no_kw("float", &a)?;
            arity("float", &a, 0, 1)?;
            match a.pos.first() {
                None => Ok(Value::Float(0.0)),
                Some(Value::Str(s)) => num::parse_float(s).map(Value::Float).ok_or_else(|| {
                    PyErr::value_error(format!(
                        "could not convert string to float: {}",
                        ops::str_repr(s)
                    ))
                }),
                Some(v) => match ops::as_float(v) {
                    Some(f) => Ok(Value::Float(f?)),
                    None => Err(PyErr::type_error(format!(
                        "float() argument must be a string or a real number, not '{}'",
                        type_name(v)
                    ))),
                },
            }
        }
        TypeKind::Str => {
            no_kw("str", &a)?;
            match a.pos.first() {
                None => Ok(Value::str("")),
                Some(v) => Ok(Value::str(&ops::str(interp, v)?)),
            }
        }
        TypeKind::Bool => match a.pos.first() {
            None => Ok(Value::Bool(false)),
            Some(v) => Ok(Value::Bool(ops::truthy(interp, v)?)),
        },
        TypeKind::List => match a.pos.first() {
            None => Ok(Value::list(vec![])),
            Some(v) => Ok(Value::list(interp.collect(v).await?)),
        },
        TypeKind::Tuple => match a.pos.first() {
            None => Ok(Value::tuple(vec![])),
            Some(v @ Value::Tuple(_)) => Ok(v.clone()),
            Some(v) => Ok(Value::tuple(interp.collect(v).await?)),
        },
        TypeKind::Set => match a.pos.first() {
            None => ops::make_set(vec![]),
            Some(v) => ops::make_set(interp.collect(v).await?),
        },
        TypeKind::Dict => {
            let mut d = new_dict();
            if let Some(v) = a.pos.first() {
                ops::dict_update(interp, &mut d, v)?;
            }
            for (k, v) in a.kw {
                d.insert(Key(Value::Str(k)), v);
            }
            Ok(Value::Dict(Rc::new(RefCell::new(d))))
        }
        TypeKind::Range => {
            no_kw("range", &a)?;
            let n: Vec<i64> = a
                .pos
                .iter()
                .map(|v| int_arg(v, ""))
                .collect::<PyResult<_>>()?;
            let (start, stop, step) = match n.as_slice() {
                [stop] => (0, *stop, 1),
                [start, stop] => (*start, *stop, 1),
                [start, stop, step] => (*start, *stop, *step),
                [] => {
                    return Err(PyErr::type_error(
                        "range expected at least 1 argument, got 0",
                    ))
                }
                _ => {
                    return Err(PyErr::type_error(format!(
                        "range expected at most 3 arguments, got {}",
                        n.len()
                    )))
                }
            };
            if step == 0 {
                return Err(PyErr::value_error("range() arg 3 must not be zero"));
            }
            Ok(Value::Range(Rc::new(RangeObj { start, stop, step })))
        }
        TypeKind::Type => match a.pos.len() {
            1 => Ok(Value::Class(ops::class_of(&a.pos[0]))),
            _ => Err(PyErr::type_error(
                "type() takes 1 argument (creating classes with type() is not supported)",
            )),
        },
        TypeKind::Slice => {
            let mut s = [Value::None, Value::None, Value::None];
            match a.pos.len() {
                1 => s[1] = a.pos[0].clone(),
                2 | 3 => {
                    for (i, v) in a.pos.iter().enumerate() {
                        s[i] = v.clone();
                    }
                }
                _ => {
                    return Err(PyErr::type_error(
                        "slice expected at least 1 argument, got 0",
                    ))
                }
            }
            Ok(Value::Slice(Rc::new(s)))
        }
        _ => Err(PyErr::type_error(format!(
            "cannot create '{name}' instances"
        ))),
    }
}

/// Turns a float for `int_arg`-like checks into text (used by methods).
pub fn to_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(*f),
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::BigInt(b) => b.to_f64(),
        _ => None,
    }
}
