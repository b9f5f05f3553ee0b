//! Comparisons with CPython's rich-comparison protocol: built-in values compare among
//! themselves (numbers exactly across int/float, sequences item by item, sets by inclusion);
//! a class's `__eq__`/`__lt__`... are tried on the left operand, then reflected on the right
//! (the right first when its class is a subclass of the left's), and a method returning
//! `NotImplemented` passes the turn. `==` falls back to identity; ordering raises `TypeError`.

use std::cmp::Ordering;
use std::rc::Rc;

use num_bigint::BigInt;

use crate::interp::dict;
use crate::interp::error::{PyErr, PyResult};
use crate::interp::ops::{fast_items, truthy, type_name};
use crate::interp::set::{self, PySet};
use crate::interp::value::{Args, Value};
use crate::interp::Interp;
use crate::syntax::ast::CmpOp;

fn big(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

fn int_float_cmp(i: &BigInt, f: f64) -> Option<Ordering> {
    crate::interp::num::cmp_int_float(i, f)
}

/// The ordering of two numbers (`None` if either is NaN or not a number).
pub fn num_cmp(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
        (Value::Float(x), _) => int_float_cmp(&big(b)?, *x).map(Ordering::reverse),
        (_, Value::Float(y)) => int_float_cmp(&big(a)?, *y),
        _ => Some(big(a)?.cmp(&big(b)?)),
    }
}

fn is_num(v: &Value) -> bool {
    matches!(
        v,
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) | Value::Float(_)
    )
}

fn seq_eq(interp: &Interp, x: &[Value], y: &[Value]) -> PyResult<bool> {
    if x.len() != y.len() {
        return Ok(false);
    }
    for (p, q) in x.iter().zip(y) {
        if !(p.is(q) || eq(interp, p, q)?) {
            return Ok(false);
        }
    }
    Ok(true)
}

fn dict_eq(interp: &Interp, x: &dict::Dict, y: &std::cell::RefCell<dict::Dict>) -> PyResult<bool> {
    if x.len() != y.borrow().len() {
        return Ok(false);
    }
    for (k, v) in x.iter() {
        match dict::get(interp, y, k)? {
            Some(w) => {
                if !(v.is(&w) || eq(interp, v, &w)?) {
                    return Ok(false);
                }
            }
            None => return Ok(false),
        }
    }
    Ok(true)
}

/// `a == b` between built-in values; `None` when a class's method decides.
fn builtin_eq(interp: &Interp, a: &Value, b: &Value) -> PyResult<Option<bool>> {
    use Value::*;
    Ok(Some(match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Str(x), Str(y)) => x == y,
        (Instance(_), _) | (_, Instance(_)) => return Ok(Option::None),
        (List(x), List(y)) => {
            if Rc::ptr_eq(x, y) {
                return Ok(Some(true));
            }
            let (x, y) = (x.borrow().clone(), y.borrow().clone());
            seq_eq(interp, &x, &y)?
        }
        (Tuple(x), Tuple(y)) => seq_eq(interp, x, y)?,
        (Dict(x), Dict(y)) => {
            let x = x.borrow().clone();
            dict_eq(interp, &x, y)?
        }
        (Set(x) | FrozenSet(x), Set(_) | FrozenSet(_)) => set::equal(interp, x, b)?,
        (Bytes(x), Bytes(y)) => x == y,
        (Bytes(x), ByteArray(y)) | (ByteArray(y), Bytes(x)) => **x == **y.borrow(),
        (ByteArray(x), ByteArray(y)) => *x.borrow() == *y.borrow(),
        _ if is_num(a) && is_num(b) => num_cmp(a, b) == Some(Ordering::Equal),
        _ => dict::plain_eq(a, b),
    }))
}

/// The `NotImplemented` singleton.
pub fn not_implemented() -> Value {
    crate::interp::builtins::not_implemented()
}

/// Is `v` the `NotImplemented` singleton?
pub fn is_not_implemented(v: &Value) -> bool {
    matches!(v, Value::Instance(i) if &*i.class.name == "NotImplementedType")
}

/// The method `name` a class defines for `v` (instances only).
fn user_method(v: &Value, name: &str) -> Option<Value> {
    match v {
        Value::Instance(i) => i.class.lookup(name).filter(|m| !m.is_none()),
        _ => None,
    }
}

fn names(op: CmpOp) -> (&'static str, &'static str) {
    match op {
        CmpOp::Eq => ("__eq__", "__eq__"),
        CmpOp::NotEq => ("__ne__", "__ne__"),
        CmpOp::Lt => ("__lt__", "__gt__"),
        CmpOp::LtE => ("__le__", "__ge__"),
        CmpOp::Gt => ("__gt__", "__lt__"),
        _ => ("__ge__", "__le__"),
    }
}

fn symbol(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Lt => "<",
        CmpOp::LtE => "<=",
        CmpOp::Gt => ">",
        CmpOp::GtE => ">=",
        CmpOp::NotEq => "!=",
        _ => "==",
    }
}

/// Calls `this.name(other)`; `__ne__` without a method of its own inverts `__eq__`.
fn call_cmp(interp: &Interp, this: &Value, name: &str, other: &Value) -> PyResult<Option<Value>> {
    if let Some(m) = user_method(this, name) {
        let r = interp.call_sync(&m, Args::new(vec![this.clone(), other.clone()]))?;
        return Ok((!is_not_implemented(&r)).then_some(r));
    }
    if name == "__ne__" {
        if let Some(r) = call_cmp(interp, this, "__eq__", other)? {
            return Ok(Some(Value::Bool(!truthy(interp, &r)?)));
        }
    }
    Ok(None)
}

/// `a op b` through the operands' classes' methods, as the value they return.
fn rich_compare(interp: &Interp, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
    let (name, rname) = names(op);
    let reflected_first = match (a, b) {
        (Value::Instance(x), Value::Instance(y)) => {
            !Rc::ptr_eq(&x.class, &y.class) && y.class.is_subclass(&x.class)
        }
        _ => false,
    };
    if reflected_first {
        if let Some(r) = call_cmp(interp, b, rname, a)? {
            return Ok(r);
        }
    }
    if let Some(r) = call_cmp(interp, a, name, b)? {
        return Ok(r);
    }
    if !reflected_first {
        if let Some(r) = call_cmp(interp, b, rname, a)? {
            return Ok(r);
        }
    }
    match op {
        CmpOp::Eq => Ok(Value::Bool(a.is(b))),
        CmpOp::NotEq => Ok(Value::Bool(!a.is(b))),
        _ => Err(unorderable(op, a, b)),
    }
}

fn unorderable(op: CmpOp, a: &Value, b: &Value) -> PyErr {
    PyErr::type_error(format!(
        "'{}' not supported between instances of '{}' and '{}'",
        symbol(op),
        type_name(a),
        type_name(b)
    ))
}

/// `a == b`.
pub fn eq(interp: &Interp, a: &Value, b: &Value) -> PyResult<bool> {
    if let Some(r) = builtin_eq(interp, a, b)? {
        return Ok(r);
    }
    let r = rich_compare(interp, CmpOp::Eq, a, b)?;
    truthy(interp, &r)
}

/// Orders two built-in values; `None` when a class's method decides or the types do not
/// order.
fn builtin_order(interp: &Interp, op: CmpOp, a: &Value, b: &Value) -> PyResult<Option<bool>> {
    let ord = match (a, b) {
        _ if is_num(a) && is_num(b) => match num_cmp(a, b) {
            Some(o) => o,
            None => return Ok(Some(false)),
        },
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        (Value::List(_), Value::List(_)) | (Value::Tuple(_), Value::Tuple(_)) => {
            let x = fast_items(a).unwrap_or_default();
            let y = fast_items(b).unwrap_or_default();
            for (p, q) in x.iter().zip(&y) {
                if !(p.is(q) || eq(interp, p, q)?) {
                    return order(interp, op, p, q).map(Some);
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Bytes(_) | Value::ByteArray(_), Value::Bytes(_) | Value::ByteArray(_)) => {
            let x = crate::interp::bytes::bytes_of(a).unwrap_or_default();
            let y = crate::interp::bytes::bytes_of(b).unwrap_or_default();
            x.cmp(&y)
        }
        (Value::Set(x) | Value::FrozenSet(x), Value::Set(y) | Value::FrozenSet(y)) => {
            return set_order(interp, op, x, y, a, b).map(Some)
        }
        _ => return Ok(None),
    };
    Ok(Some(match op {
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::LtE => ord != Ordering::Greater,
        CmpOp::Gt => ord == Ordering::Greater,
        _ => ord != Ordering::Less,
    }))
}

fn set_order(
    interp: &Interp,
    op: CmpOp,
    x: &std::cell::RefCell<PySet>,
    y: &std::cell::RefCell<PySet>,
    a: &Value,
    b: &Value,
) -> PyResult<bool> {
    let (nx, ny) = (x.borrow().len(), y.borrow().len());
    Ok(match op {
        CmpOp::LtE => set::is_subset(interp, x, b)?,
        CmpOp::Lt => nx < ny && set::is_subset(interp, x, b)?,
        CmpOp::GtE => set::is_subset(interp, y, a)?,
        _ => nx > ny && set::is_subset(interp, y, a)?,
    })
}

/// Ordering comparison `a op b` for `<`, `<=`, `>`, `>=`, as a truth value.
pub fn order(interp: &Interp, op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
    if let Some(r) = builtin_order(interp, op, a, b)? {
        return Ok(r);
    }
    if !matches!(a, Value::Instance(_)) && !matches!(b, Value::Instance(_)) {
        return Err(unorderable(op, a, b));
    }
    let r = rich_compare(interp, op, a, b)?;
    truthy(interp, &r)
}

/// `a op b` for any comparison operator, as a truth value.
pub fn compare(interp: &Interp, op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
    match op {
        CmpOp::Eq => eq(interp, a, b),
        CmpOp::NotEq => match builtin_eq(interp, a, b)? {
            Some(r) => Ok(!r),
            None => {
                let r = rich_compare(interp, CmpOp::NotEq, a, b)?;
                truthy(interp, &r)
            }
        },
        CmpOp::Is => Ok(a.is(b)),
        CmpOp::IsNot => Ok(!a.is(b)),
        CmpOp::In => contains(interp, b, a),
        CmpOp::NotIn => Ok(!contains(interp, b, a)?),
        _ => order(interp, op, a, b),
    }
}

/// `a op b` as the value an expression gives: a class's comparison method may return any
/// object (`==` of two instances gives what `__eq__` returned).
pub fn compare_value(interp: &Interp, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
    let involves_instance = matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_));
    match op {
        CmpOp::Eq | CmpOp::NotEq | CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE
            if involves_instance =>
        {
            rich_compare(interp, op, a, b)
        }
        _ => compare(interp, op, a, b).map(Value::Bool),
    }
}

/// `needle in container`.
pub fn contains(interp: &Interp, container: &Value, needle: &Value) -> PyResult<bool> {
    match container {
        Value::Str(s) => match needle {
            Value::Str(n) => Ok(s.contains(&**n)),
            other => Err(PyErr::type_error(format!(
                "'in <string>' requires string as left operand, not {}",
                type_name(other)
            ))),
        },
        Value::Dict(d) => {
            let k = dict::Key::new(interp, needle.clone())?;
            dict::contains(interp, d, &k)
        }
        Value::Set(s) | Value::FrozenSet(s) => {
            let k = crate::interp::set_methods::lookup_key(interp, needle)?;
            PySet::contains(interp, s, &k)
        }
        Value::Range(r) => match needle {
            Value::Int(_) | Value::Bool(_) => {
                let n = match needle {
                    Value::Int(n) => *n,
                    _ => matches!(needle, Value::Bool(true)) as i64,
                };
                Ok(r.contains(n))
            }
            Value::BigInt(_) => Ok(false),
            _ => {
                for x in fast_items(container).unwrap_or_default() {
                    if eq(interp, &x, needle)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        },
        Value::Bytes(_) | Value::ByteArray(_) => crate::interp::bytes::contains(container, needle),
        Value::List(_) | Value::Tuple(_) => {
            let items = fast_items(container).unwrap_or_default();
            for x in &items {
                if x.is(needle) || eq(interp, x, needle)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Instance(i) if i.class.lookup("__contains__").is_some() => {
            let m = i
                .class
                .lookup("__contains__")
                .ok_or_else(|| PyErr::internal("contains"))?;
            let r = interp.call_sync(&m, Args::new(vec![container.clone(), needle.clone()]))?;
            truthy(interp, &r)
        }
        _ => {
            let it = interp.iter(container).map_err(|_| {
                PyErr::type_error(format!(
                    "argument of type '{}' is not iterable",
                    type_name(container)
                ))
            })?;
            while let Some(x) = interp.block_on(interp.next(&it))? {
                if x.is(needle) || eq(interp, &x, needle)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}
