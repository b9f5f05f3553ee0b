//! Operations on values with CPython's semantics and messages: arithmetic, comparison,
//! truthiness, `repr`/`str`/`format`, attributes, subscripts and iteration. User-defined
//! dunder methods are called synchronously through [`Interp::call_sync`].

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::interp::dict::{new_dict, Dict, Key};
use crate::interp::error::{exception_str, new_exception, PyErr, PyResult};
use crate::interp::limits;
use crate::interp::num::{self as pynum, MAX_INT_BITS};
use crate::interp::types;
use crate::interp::value::{
    Args, AttrMap, Class, DictIterKind, Instance, IterState, Payload, RangeObj, TypeKind, Value,
};
use crate::interp::Interp;
use crate::syntax::ast::{BinOp, CmpOp, UnaryOpKind};

// ----- types -----

/// The class of any value.
pub fn class_of(v: &Value) -> Rc<Class> {
    let k = match v {
        Value::Instance(i) => return i.class.clone(),
        Value::Class(_) => TypeKind::Type,
        Value::None => TypeKind::NoneType,
        Value::Bool(_) => TypeKind::Bool,
        Value::Int(_) | Value::BigInt(_) => TypeKind::Int,
        Value::Float(_) => TypeKind::Float,
        Value::Str(_) => TypeKind::Str,
        Value::List(_) => TypeKind::List,
        Value::Tuple(_) => TypeKind::Tuple,
        Value::Dict(_) => TypeKind::Dict,
        Value::Set(_) => TypeKind::Set,
        Value::Range(_) => TypeKind::Range,
        Value::Slice(_) => TypeKind::Slice,
        Value::Function(_) => TypeKind::Function,
        Value::Builtin(_) => TypeKind::BuiltinFunction,
        Value::Method(_) => TypeKind::Method,
        Value::Module(_) => TypeKind::Module,
        Value::Coroutine(_) => TypeKind::Coroutine,
        Value::Generator(g) => {
            if g.is_async {
                TypeKind::AsyncGenerator
            } else {
                TypeKind::Generator
            }
        }
        Value::Iter(_) => TypeKind::Iterator,
    };
    types::kind_class(k)
}

/// `type(v).__name__`.
pub fn type_name(v: &Value) -> String {
    match v {
        Value::Iter(it) => match &*it.borrow() {
            IterState::List(..) => "list_iterator",
            IterState::Tuple(..) => "tuple_iterator",
            IterState::Str(..) => "str_ascii_iterator",
            IterState::Range { .. } => "range_iterator",
            IterState::Dict {
                kind: DictIterKind::Keys,
                ..
            } => "dict_keyiterator",
            IterState::Dict {
                kind: DictIterKind::Values,
                ..
            } => "dict_valueiterator",
            IterState::Dict {
                kind: DictIterKind::Items,
                ..
            } => "dict_itemiterator",
            IterState::Enumerate(..) => "enumerate",
            IterState::Zip(..) => "zip",
            IterState::Map(..) => "map",
            IterState::Filter(..) => "filter",
            _ => "iterator",
        }
        .to_string(),
        _ => class_of(v).name.to_string(),
    }
}

// ----- numbers -----

fn big(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

fn as_int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

/// The value as a float, for arithmetic (`None` if not a number).
pub fn as_float(v: &Value) -> Option<PyResult<f64>> {
    match v {
        Value::Float(f) => Some(Ok(*f)),
        Value::Int(i) => Some(Ok(*i as f64)),
        Value::Bool(b) => Some(Ok(*b as i64 as f64)),
        Value::BigInt(b) => Some(
            b.to_f64()
                .filter(|f| f.is_finite())
                .ok_or_else(|| PyErr::new("OverflowError", "int too large to convert to float")),
        ),
        _ => None,
    }
}

fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::BigInt(_))
}

fn is_num(v: &Value) -> bool {
    is_int(v) || matches!(v, Value::Float(_))
}

fn op_symbol(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mult => "*",
        BinOp::MatMult => "@",
        BinOp::Div => "/",
        BinOp::Mod => "%",
        BinOp::Pow => "** or pow()",
        BinOp::LShift => "<<",
        BinOp::RShift => ">>",
        BinOp::BitOr => "|",
        BinOp::BitXor => "^",
        BinOp::BitAnd => "&",
        BinOp::FloorDiv => "//",
    }
}

fn dunder(op: BinOp) -> (&'static str, &'static str) {
    match op {
        BinOp::Add => ("__add__", "__radd__"),
        BinOp::Sub => ("__sub__", "__rsub__"),
        BinOp::Mult => ("__mul__", "__rmul__"),
        BinOp::MatMult => ("__matmul__", "__rmatmul__"),
        BinOp::Div => ("__truediv__", "__rtruediv__"),
        BinOp::Mod => ("__mod__", "__rmod__"),
        BinOp::Pow => ("__pow__", "__rpow__"),
        BinOp::LShift => ("__lshift__", "__rlshift__"),
        BinOp::RShift => ("__rshift__", "__rrshift__"),
        BinOp::BitOr => ("__or__", "__ror__"),
        BinOp::BitXor => ("__xor__", "__rxor__"),
        BinOp::BitAnd => ("__and__", "__rand__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__"),
    }
}

fn unsupported(op: BinOp, a: &Value, b: &Value) -> PyErr {
    PyErr::type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        op_symbol(op),
        type_name(a),
        type_name(b)
    ))
}

fn zero_div(msg: &str) -> PyErr {
    PyErr::new("ZeroDivisionError", msg)
}

/// Python's floor division and modulo on floats.
pub fn float_divmod(a: f64, b: f64) -> PyResult<(f64, f64)> {
    if b == 0.0 {
        return Err(zero_div("float divmod()"));
    }
    let mut m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(a / b)
    };
    Ok((floordiv, m))
}

fn int_binop(op: BinOp, a: i64, b: i64) -> Option<PyResult<Value>> {
    Some(Ok(Value::Int(match op {
        BinOp::Add => a.checked_add(b)?,
        BinOp::Sub => a.checked_sub(b)?,
        BinOp::Mult => a.checked_mul(b)?,
        BinOp::FloorDiv => {
            if b == 0 {
                return Some(Err(zero_div("integer division or modulo by zero")));
            }
            if a == i64::MIN && b == -1 {
                return None;
            }
            a.div_euclid(b) - if b < 0 && a.rem_euclid(b) != 0 { 1 } else { 0 }
        }
        BinOp::Mod => {
            if b == 0 {
                return Some(Err(zero_div("integer division or modulo by zero")));
            }
            if a == i64::MIN && b == -1 {
                return Some(Ok(Value::Int(0)));
            }
            let r = a % b;
            if r != 0 && ((r < 0) != (b < 0)) {
                r + b
            } else {
                r
            }
        }
        BinOp::Pow => {
            if b < 0 {
                return Some(float_pow(a as f64, b as f64));
            }
            let e = u32::try_from(b).ok()?;
            a.checked_pow(e)?
        }
        BinOp::BitAnd => a & b,
        BinOp::BitOr => a | b,
        BinOp::BitXor => a ^ b,
        BinOp::LShift => {
            if b < 0 {
                return Some(Err(PyErr::value_error("negative shift count")));
            }
            if b >= 63 || (a != 0 && (a.abs().leading_zeros() as i64) <= b + 1) {
                return None;
            }
            a << b
        }
        BinOp::RShift => {
            if b < 0 {
                return Some(Err(PyErr::value_error("negative shift count")));
            }
            if b >= 64 {
                if a < 0 {
                    -1
                } else {
                    0
                }
            } else {
                a >> b
            }
        }
        BinOp::Div => {
            if b == 0 {
                return Some(Err(zero_div("division by zero")));
            }
            return Some(Ok(Value::Float(int_true_div(
                &BigInt::from(a),
                &BigInt::from(b),
            ))));
        }
        BinOp::MatMult => return None,
    })))
}

fn int_true_div(a: &BigInt, b: &BigInt) -> f64 {
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
            return x as f64 / y as f64;
        }
    }
    // Correctly rounded for big values: scale so the quotient has 64+ significant bits.
    let neg = a.is_negative() != b.is_negative();
    let (a, b) = (a.abs(), b.abs());
    let shift = 64i64 - (a.bits() as i64 - b.bits() as i64);
    let (num, den) = if shift > 0 {
        (a << shift as usize, b)
    } else {
        (a, b << (-shift) as usize)
    };
    let (q, r) = num.div_rem(&den);
    let mut q = q;
    if !r.is_zero() {
        q = (q << 1usize) | BigInt::from(1);
    } else {
        q <<= 1usize;
    }
    let f = q.to_f64().unwrap_or(f64::INFINITY) * 2f64.powi((-shift - 1) as i32);
    if neg {
        -f
    } else {
        f
    }
}

fn float_pow(a: f64, b: f64) -> PyResult<Value> {
    if a == 0.0 && b < 0.0 {
        return Err(zero_div("0.0 cannot be raised to a negative power"));
    }
    if a < 0.0 && b.fract() != 0.0 && b.is_finite() {
        return Err(PyErr::value_error("math domain error"));
    }
    let r = a.powf(b);
    if r.is_infinite() && a.is_finite() && b.is_finite() {
        return Err(PyErr::new(
            "OverflowError",
            "(34, 'Numerical result out of range')",
        ));
    }
    Ok(Value::Float(r))
}

fn big_binop(op: BinOp, a: BigInt, b: BigInt) -> PyResult<Value> {
    Ok(Value::from_bigint(match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mult => {
            reserve_int_bits(a.bits().saturating_add(b.bits()))?;
            a * b
        }
        BinOp::FloorDiv => {
            if b.is_zero() {
                return Err(zero_div("integer division or modulo by zero"));
            }
            a.div_floor(&b)
        }
        BinOp::Mod => {
            if b.is_zero() {
                return Err(zero_div("integer division or modulo by zero"));
            }
            a.mod_floor(&b)
        }
        BinOp::Pow => {
            if b.is_negative() {
                let (x, y) = (
                    a.to_f64().unwrap_or(f64::INFINITY),
                    b.to_f64().unwrap_or(f64::NEG_INFINITY),
                );
                return float_pow(x, y);
            }
            pynum::int_pow(&a, &b).map_err(crate::interp::strfmt::num_err)?
        }
        BinOp::BitAnd => a & b,
        BinOp::BitOr => a | b,
        BinOp::BitXor => a ^ b,
        BinOp::LShift => {
            if b.is_negative() {
                return Err(PyErr::value_error("negative shift count"));
            }
            if a.is_zero() {
                return Ok(Value::Int(0));
            }
            let s = b.to_u64().unwrap_or(u64::MAX);
            reserve_int_bits(a.bits().saturating_add(s))?;
            a << s as usize
        }
        BinOp::RShift => {
            if b.is_negative() {
                return Err(PyErr::value_error("negative shift count"));
            }
            let s = b.to_usize().unwrap_or(usize::MAX);
            if s > 1 << 30 {
                if a.is_negative() {
                    BigInt::from(-1)
                } else {
                    BigInt::zero()
                }
            } else {
                a >> s
            }
        }
        BinOp::Div => {
            if b.is_zero() {
                return Err(zero_div("division by zero"));
            }
            return Ok(Value::Float(int_true_div(&a, &b)));
        }
        BinOp::MatMult => {
            return Err(PyErr::type_error(
                "unsupported operand type(s) for @: 'int' and 'int'",
            ))
        }
    }))
}

/// Refuses, before computing it, an int of more than [`MAX_INT_BITS`] bits or one that would not
/// fit in the run's memory budget (`MemoryError`).
fn reserve_int_bits(bits: u64) -> PyResult<()> {
    if bits > MAX_INT_BITS {
        return Err(limits::memory_error());
    }
    limits::reserve(bits / 8)
}

fn float_binop(op: BinOp, a: f64, b: f64) -> PyResult<Value> {
    Ok(Value::Float(match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mult => a * b,
        BinOp::Div => {
            if b == 0.0 {
                return Err(zero_div("float division by zero"));
            }
            a / b
        }
        BinOp::FloorDiv => {
            if b == 0.0 {
                return Err(zero_div("float floor division by zero"));
            }
            float_divmod(a, b)?.0
        }
        BinOp::Mod => {
            if b == 0.0 {
                return Err(zero_div("float modulo"));
            }
            float_divmod(a, b)?.1
        }
        BinOp::Pow => return float_pow(a, b),
        _ => return Err(PyErr::internal("float op")),
    }))
}

/// `seq * n`: CPython's errors for counts that cannot be an index, lengths that overflow and
/// results beyond the run's memory budget (checked before allocating); an empty result is
/// made at once, whatever the count.
fn seq_repeat(v: &Value, n: &Value) -> Option<PyResult<Value>> {
    let n = match n {
        Value::BigInt(_) => return Some(Err(index_overflow())),
        _ => as_int(n)?.max(0) as u64,
    };
    let len = match v {
        Value::Str(s) => s.len(),
        Value::List(l) => l.borrow().len(),
        Value::Tuple(t) => t.len(),
        _ => return None,
    } as u64;
    // Lengths are CPython's (64-bit `Py_ssize_t`) on every platform, wasm32 included.
    let total = len.checked_mul(n).filter(|&t| t <= i64::MAX as u64);
    let reserved = match (v, total) {
        (_, Some(0)) => Ok(()),
        (Value::Str(_), None) => Err(PyErr::new("OverflowError", "repeated string is too long")),
        (Value::Str(_), Some(t)) => limits::reserve(t),
        (_, total) => limits::reserve_values(total.unwrap_or(u64::MAX)),
    };
    if let Err(e) = reserved {
        return Some(Err(e));
    }
    // It fits in memory, so in a usize too.
    let n = if len == 0 { 0 } else { n as usize };
    Some(Ok(match v {
        Value::Str(s) => Value::str(&s.repeat(n)),
        Value::List(l) => {
            let l = l.borrow();
            let mut out = Vec::with_capacity(l.len() * n);
            for _ in 0..n {
                out.extend(l.iter().cloned());
            }
            Value::list(out)
        }
        Value::Tuple(t) => {
            let mut out = Vec::with_capacity(t.len() * n);
            for _ in 0..n {
                out.extend(t.iter().cloned());
            }
            Value::tuple(out)
        }
        _ => return None,
    }))
}

/// CPython's error for an int too large to be an index (a repeat count, a position).
pub fn index_overflow() -> PyErr {
    PyErr::new(
        "OverflowError",
        "cannot fit 'int' into an index-sized integer",
    )
}

/// `a op b`.
pub fn binop(interp: &Interp, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
        if let Some(r) = int_binop(op, x, y) {
            return r;
        }
    }
    if is_int(a) && is_int(b) {
        if let (Some(x), Some(y)) = (big(a), big(b)) {
            return big_binop(op, x, y);
        }
    }
    if is_num(a)
        && is_num(b)
        && matches!(
            op,
            BinOp::Add
                | BinOp::Sub
                | BinOp::Mult
                | BinOp::Div
                | BinOp::FloorDiv
                | BinOp::Mod
                | BinOp::Pow
        )
    {
        if let (Some(x), Some(y)) = (as_float(a), as_float(b)) {
            return float_binop(op, x?, y?);
        }
    }
    match (op, a, b) {
        (BinOp::Add, Value::Str(x), Value::Str(y)) => {
            limits::reserve((x.len() + y.len()) as u64)?;
            let mut s = String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            return Ok(Value::str(&s));
        }
        (BinOp::Add, Value::List(x), Value::List(y)) => {
            limits::reserve_values((x.borrow().len() + y.borrow().len()) as u64)?;
            let mut v = x.borrow().clone();
            v.extend(y.borrow().iter().cloned());
            return Ok(Value::list(v));
        }
        (BinOp::Add, Value::Tuple(x), Value::Tuple(y)) => {
            limits::reserve_values((x.len() + y.len()) as u64)?;
            let mut v = x.to_vec();
            v.extend(y.iter().cloned());
            return Ok(Value::tuple(v));
        }
        (BinOp::Mult, Value::Str(_) | Value::List(_) | Value::Tuple(_), n) if is_int(n) => {
            if let Some(r) = seq_repeat(a, n) {
                return r;
            }
        }
        (BinOp::Mult, n, Value::Str(_) | Value::List(_) | Value::Tuple(_)) if is_int(n) => {
            if let Some(r) = seq_repeat(b, n) {
                return r;
            }
        }
        (BinOp::Mod, Value::Str(fmt), _) => return percent_format(interp, fmt, b),
        (BinOp::BitOr, Value::Dict(x), Value::Dict(y)) => {
            let mut d = x.borrow().clone();
            for (k, v) in y.borrow().iter() {
                d.insert(k.clone(), v.clone());
            }
            return Ok(Value::Dict(Rc::new(RefCell::new(d))));
        }
        (
            BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor,
            Value::Set(x),
            Value::Set(y),
        ) => {
            let (x, y) = (x.borrow(), y.borrow());
            let mut d = new_dict();
            match op {
                BinOp::BitOr => {
                    d = x.clone();
                    for k in y.keys() {
                        d.insert(k.clone(), Value::None);
                    }
                }
                BinOp::BitAnd => {
                    for k in x.keys().filter(|k| y.contains_key(*k)) {
                        d.insert(k.clone(), Value::None);
                    }
                }
                BinOp::Sub => {
                    for k in x.keys().filter(|k| !y.contains_key(*k)) {
                        d.insert(k.clone(), Value::None);
                    }
                }
                _ => {
                    for k in x.keys().filter(|k| !y.contains_key(*k)) {
                        d.insert(k.clone(), Value::None);
                    }
                    for k in y.keys().filter(|k| !x.contains_key(*k)) {
                        d.insert(k.clone(), Value::None);
                    }
                }
            }
            return Ok(Value::Set(Rc::new(RefCell::new(d))));
        }
        _ => {}
    }
    let (name, rname) = dunder(op);
    if let Value::Instance(i) = a {
        if let Some(m) = i.class.lookup(name) {
            let r = interp.call_sync(&m, Args::new(vec![a.clone(), b.clone()]))?;
            if !is_not_implemented(&r) {
                return Ok(r);
            }
        }
    }
    if let Value::Instance(i) = b {
        if let Some(m) = i.class.lookup(rname) {
            let r = interp.call_sync(&m, Args::new(vec![b.clone(), a.clone()]))?;
            if !is_not_implemented(&r) {
                return Ok(r);
            }
        }
    }
    if op == BinOp::Add && matches!(a, Value::Str(_)) {
        return Err(PyErr::type_error(format!(
            "can only concatenate str (not \"{}\") to str",
            type_name(b)
        )));
    }
    if op == BinOp::Add && matches!(a, Value::List(_)) {
        return Err(PyErr::type_error(format!(
            "can only concatenate list (not \"{}\") to list",
            type_name(b)
        )));
    }
    if op == BinOp::Add && matches!(a, Value::Tuple(_)) {
        return Err(PyErr::type_error(format!(
            "can only concatenate tuple (not \"{}\") to tuple",
            type_name(b)
        )));
    }
    if op == BinOp::Mult
        && matches!(a, Value::Str(_) | Value::List(_) | Value::Tuple(_))
        && !is_int(b)
    {
        return Err(PyErr::type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            type_name(b)
        )));
    }
    Err(unsupported(op, a, b))
}

fn is_not_implemented(_v: &Value) -> bool {
    false
}

/// `a op= b` (lists extend in place).
pub fn inplace(interp: &Interp, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    if let (BinOp::Add, Value::List(x)) = (op, a) {
        let items = interp.collect_sync(b)?;
        x.borrow_mut().extend(items);
        return Ok(a.clone());
    }
    if let Value::Instance(i) = a {
        let name = format!("__i{}", &dunder(op).0[2..]);
        if let Some(m) = i.class.lookup(&name) {
            return interp.call_sync(&m, Args::new(vec![a.clone(), b.clone()]));
        }
    }
    binop(interp, op, a, b)
}

/// `-v`, `+v`, `~v`, `not v`.
pub fn unaryop(interp: &Interp, op: UnaryOpKind, v: &Value) -> PyResult<Value> {
    match op {
        UnaryOpKind::Not => Ok(Value::Bool(!truthy(interp, v)?)),
        UnaryOpKind::USub => match v {
            Value::Int(i) => Ok(i
                .checked_neg()
                .map(Value::Int)
                .unwrap_or_else(|| Value::from_bigint(-BigInt::from(*i)))),
            Value::Bool(b) => Ok(Value::Int(-(*b as i64))),
            Value::BigInt(b) => Ok(Value::from_bigint(-(**b).clone())),
            Value::Float(f) => Ok(Value::Float(-f)),
            _ => unary_dunder(interp, v, "__neg__", "-"),
        },
        UnaryOpKind::UAdd => match v {
            Value::Bool(b) => Ok(Value::Int(*b as i64)),
            Value::Int(_) | Value::BigInt(_) | Value::Float(_) => Ok(v.clone()),
            _ => unary_dunder(interp, v, "__pos__", "+"),
        },
        UnaryOpKind::Invert => match v {
            Value::Int(i) => Ok(Value::Int(!i)),
            Value::Bool(b) => Ok(Value::Int(!(*b as i64))),
            Value::BigInt(b) => Ok(Value::from_bigint(-(**b).clone() - 1)),
            _ => unary_dunder(interp, v, "__invert__", "~"),
        },
    }
}

fn unary_dunder(interp: &Interp, v: &Value, name: &str, sym: &str) -> PyResult<Value> {
    if let Value::Instance(i) = v {
        if let Some(m) = i.class.lookup(name) {
            return interp.call_sync(&m, Args::new(vec![v.clone()]));
        }
    }
    Err(PyErr::type_error(format!(
        "bad operand type for unary {sym}: '{}'",
        type_name(v)
    )))
}

// ----- comparison -----

/// `a == b`.
pub fn eq(interp: &Interp, a: &Value, b: &Value) -> PyResult<bool> {
    use Value::*;
    Ok(match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Str(x), Str(y)) => x == y,
        (None, None) => true,
        (Float(x), Float(y)) => x == y,
        (List(x), List(y)) => {
            if Rc::ptr_eq(x, y) {
                return Ok(true);
            }
            let (x, y) = (x.borrow().clone(), y.borrow().clone());
            seq_eq(interp, &x, &y)?
        }
        (Tuple(x), Tuple(y)) => seq_eq(interp, x, y)?,
        (Dict(x), Dict(y)) => {
            let (x, y) = (x.borrow().clone(), y.borrow().clone());
            if x.len() != y.len() {
                return Ok(false);
            }
            for (k, v) in x.iter() {
                match y.get(k) {
                    Some(w) => {
                        if !eq(interp, v, w)? {
                            return Ok(false);
                        }
                    }
                    Option::None => return Ok(false),
                }
            }
            true
        }
        (Set(x), Set(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len() && x.keys().all(|k| y.contains_key(k))
        }
        (Instance(i), _) | (_, Instance(i)) if i.class.lookup("__eq__").is_some() => {
            let (this, other) = if matches!(a, Instance(_))
                && a.as_instance()
                    .is_some_and(|x| x.class.lookup("__eq__").is_some())
            {
                (a, b)
            } else {
                (b, a)
            };
            let m = i
                .class
                .lookup("__eq__")
                .ok_or_else(|| PyErr::internal("eq"))?;
            let r = interp.call_sync(&m, Args::new(vec![this.clone(), other.clone()]))?;
            truthy(interp, &r)?
        }
        _ if is_num(a) && is_num(b) => {
            crate::interp::dict::key_eq(a, b)
                || num_cmp(a, b).is_some_and(|o| o == std::cmp::Ordering::Equal)
        }
        _ => crate::interp::dict::key_eq(a, b),
    })
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

fn num_cmp(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
        return Some(x.cmp(&y));
    }
    if let (Some(x), Some(y)) = (big(a), big(b)) {
        return Some(x.cmp(&y));
    }
    let fa = match a {
        Value::Float(f) => *f,
        _ => big(a)?.to_f64()?,
    };
    let fb = match b {
        Value::Float(f) => *f,
        _ => big(b)?.to_f64()?,
    };
    fa.partial_cmp(&fb)
}

fn cmp_symbol(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Lt => "<",
        CmpOp::LtE => "<=",
        CmpOp::Gt => ">",
        CmpOp::GtE => ">=",
        _ => "==",
    }
}

/// Ordering comparison `a op b` for `<`, `<=`, `>`, `>=`.
pub fn order(interp: &Interp, op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
    use std::cmp::Ordering::*;
    let ord = if is_num(a) && is_num(b) {
        match num_cmp(a, b) {
            Some(o) => Some(o),
            None => return Ok(false),
        }
    } else {
        match (a, b) {
            (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
            (Value::List(_), Value::List(_)) | (Value::Tuple(_), Value::Tuple(_)) => {
                let x = fast_items(a).unwrap_or_default();
                let y = fast_items(b).unwrap_or_default();
                for (p, q) in x.iter().zip(&y) {
                    if !eq(interp, p, q)? {
                        return order(interp, op, p, q);
                    }
                }
                Some(x.len().cmp(&y.len()))
            }
            (Value::Set(x), Value::Set(y)) => {
                let (x, y) = (x.borrow(), y.borrow());
                let sub = x.keys().all(|k| y.contains_key(k));
                let sup = y.keys().all(|k| x.contains_key(k));
                return Ok(match op {
                    CmpOp::LtE => sub,
                    CmpOp::Lt => sub && x.len() < y.len(),
                    CmpOp::GtE => sup,
                    _ => sup && x.len() > y.len(),
                });
            }
            _ => None,
        }
    };
    if let Some(o) = ord {
        return Ok(match op {
            CmpOp::Lt => o == Less,
            CmpOp::LtE => o != Greater,
            CmpOp::Gt => o == Greater,
            _ => o != Less,
        });
    }
    let (name, rname) = match op {
        CmpOp::Lt => ("__lt__", "__gt__"),
        CmpOp::LtE => ("__le__", "__ge__"),
        CmpOp::Gt => ("__gt__", "__lt__"),
        _ => ("__ge__", "__le__"),
    };
    if let Value::Instance(i) = a {
        if let Some(m) = i.class.lookup(name) {
            let r = interp.call_sync(&m, Args::new(vec![a.clone(), b.clone()]))?;
            return truthy(interp, &r);
        }
    }
    if let Value::Instance(i) = b {
        if let Some(m) = i.class.lookup(rname) {
            let r = interp.call_sync(&m, Args::new(vec![b.clone(), a.clone()]))?;
            return truthy(interp, &r);
        }
    }
    Err(PyErr::type_error(format!(
        "'{}' not supported between instances of '{}' and '{}'",
        cmp_symbol(op),
        type_name(a),
        type_name(b)
    )))
}

/// `a op b` as the value an expression gives (a rich comparison may return any object).
pub fn compare_value(interp: &Interp, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
    compare(interp, op, a, b).map(Value::Bool)
}

/// `a op b` for any comparison operator.
pub fn compare(interp: &Interp, op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
    match op {
        CmpOp::Eq => eq(interp, a, b),
        CmpOp::NotEq => Ok(!eq(interp, a, b)?),
        CmpOp::Is => Ok(a.is(b)),
        CmpOp::IsNot => Ok(!a.is(b)),
        CmpOp::In => contains(interp, b, a),
        CmpOp::NotIn => Ok(!contains(interp, b, a)?),
        _ => order(interp, op, a, b),
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
        Value::Dict(d) | Value::Set(d) => Ok(d.borrow().contains_key(&key(needle.clone())?)),
        Value::Range(r) => Ok(as_int(needle).is_some_and(|n| r.contains(n))),
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
            let items = interp.collect_sync(container).map_err(|_| {
                PyErr::type_error(format!(
                    "argument of type '{}' is not iterable",
                    type_name(container)
                ))
            })?;
            for x in &items {
                if x.is(needle) || eq(interp, x, needle)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

/// `bool(v)`.
pub fn truthy(interp: &Interp, v: &Value) -> PyResult<bool> {
    Ok(match v {
        Value::None => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::BigInt(_) => true,
        Value::Float(f) => *f != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::List(l) => !l.borrow().is_empty(),
        Value::Tuple(t) => !t.is_empty(),
        Value::Dict(d) | Value::Set(d) => !d.borrow().is_empty(),
        Value::Range(r) => !r.is_empty(),
        Value::Instance(i) => {
            if let Some(m) = i.class.lookup("__bool__") {
                let r = interp.call_sync(&m, Args::new(vec![v.clone()]))?;
                return truthy(interp, &r);
            }
            if let Some(m) = i.class.lookup("__len__") {
                let r = interp.call_sync(&m, Args::new(vec![v.clone()]))?;
                return truthy(interp, &r);
            }
            true
        }
        _ => true,
    })
}

// ----- repr / str / format -----

/// Python's `repr(float)`: the shortest digits that round-trip.
pub fn float_repr(x: f64) -> String {
    crate::interp::num::float_repr(x)
}

/// Python's `repr(str)`.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `ascii()` of a repr: non-ASCII characters escaped.
pub fn ascii(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n < 0x100 {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n < 0x10000 {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}

/// `repr(v)` without calling script code (instances show their default repr).
pub fn repr_plain(v: &Value) -> String {
    let mut seen = Vec::new();
    repr_inner(None, v, &mut seen).unwrap_or_else(|_| "<?>".into())
}

/// `str(v)` without calling script code.
pub fn str_plain(v: &Value) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        Value::Instance(i) if i.class.is_exception => exception_str(i),
        _ => repr_plain(v),
    }
}

/// `repr(v)`, calling `__repr__` of script classes.
pub fn repr(interp: &Interp, v: &Value) -> PyResult<String> {
    let mut seen = Vec::new();
    repr_inner(Some(interp), v, &mut seen)
}

fn container_ptr(v: &Value) -> Option<usize> {
    match v {
        Value::List(l) => Some(Rc::as_ptr(l) as *const u8 as usize),
        Value::Dict(d) => Some(Rc::as_ptr(d) as *const u8 as usize),
        _ => None,
    }
}

thread_local! {
    /// Nesting of containers whose `repr` is being built.
    static REPR_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// The `repr` of a nested value counts toward the recursion limit, as in CPython (each level
/// is a C-level recursive call, on top of the Python frames running): a 100,000-deep list
/// raises `RecursionError` instead of exhausting the stack.
fn repr_inner(interp: Option<&Interp>, v: &Value, seen: &mut Vec<usize>) -> PyResult<String> {
    let nested = matches!(
        v,
        Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(_) | Value::Instance(_)
    );
    if !nested {
        return repr_value(interp, v, seen);
    }
    let (frames, limit) = interp.map_or((0, 1000), |i| (i.depth.get(), i.recursion_limit));
    let depth = REPR_DEPTH.get() + 1;
    if frames + depth >= limit {
        return Err(PyErr::new(
            "RecursionError",
            "maximum recursion depth exceeded while getting the repr of an object",
        ));
    }
    REPR_DEPTH.set(depth);
    let r = repr_seen(interp, v, seen);
    REPR_DEPTH.set(depth - 1);
    r
}

fn repr_seen(interp: Option<&Interp>, v: &Value, seen: &mut Vec<usize>) -> PyResult<String> {
    if let Some(p) = container_ptr(v) {
        if seen.contains(&p) {
            return Ok(if matches!(v, Value::List(_)) {
                "[...]".into()
            } else {
                "{...}".into()
            });
        }
        seen.push(p);
    }
    let r = repr_value(interp, v, seen);
    if container_ptr(v).is_some() {
        seen.pop();
    }
    r
}

fn join_reprs(interp: Option<&Interp>, items: &[Value], seen: &mut Vec<usize>) -> PyResult<String> {
    let mut parts = Vec::with_capacity(items.len());
    for x in items {
        parts.push(repr_inner(interp, x, seen)?);
    }
    Ok(parts.join(", "))
}

fn repr_value(interp: Option<&Interp>, v: &Value, seen: &mut Vec<usize>) -> PyResult<String> {
    Ok(match v {
        Value::None => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(i) => i.to_string(),
        Value::BigInt(b) => b.to_string(),
        Value::Float(f) => float_repr(*f),
        Value::Str(s) => str_repr(s),
        Value::List(l) => {
            let items = l.borrow().clone();
            format!("[{}]", join_reprs(interp, &items, seen)?)
        }
        Value::Tuple(t) => {
            if t.len() == 1 {
                format!("({},)", repr_inner(interp, &t[0], seen)?)
            } else {
                format!("({})", join_reprs(interp, t, seen)?)
            }
        }
        Value::Dict(d) => {
            let items: Vec<(Value, Value)> = d
                .borrow()
                .iter()
                .map(|(k, v)| (k.0.clone(), v.clone()))
                .collect();
            let mut parts = Vec::new();
            for (k, x) in items {
                parts.push(format!(
                    "{}: {}",
                    repr_inner(interp, &k, seen)?,
                    repr_inner(interp, &x, seen)?
                ));
            }
            format!("{{{}}}", parts.join(", "))
        }
        Value::Set(s) => {
            let items: Vec<Value> = set_order(&s.borrow());
            if items.is_empty() {
                "set()".into()
            } else {
                format!("{{{}}}", join_reprs(interp, &items, seen)?)
            }
        }
        Value::Range(r) => {
            if r.step == 1 {
                format!("range({}, {})", r.start, r.stop)
            } else {
                format!("range({}, {}, {})", r.start, r.stop, r.step)
            }
        }
        Value::Slice(s) => format!(
            "slice({}, {}, {})",
            repr_inner(interp, &s[0], seen)?,
            repr_inner(interp, &s[1], seen)?,
            repr_inner(interp, &s[2], seen)?
        ),
        Value::Function(f) => format!(
            "<function {} at 0x{:x}>",
            f.qualname,
            Rc::as_ptr(f) as *const u8 as usize
        ),
        Value::Builtin(b) => format!("<built-in function {}>", b.name),
        Value::Method(m) => match &m.1 {
            Value::Function(f) => format!(
                "<bound method {} of {}>",
                f.qualname,
                repr_inner(interp, &m.0, seen)?
            ),
            Value::Builtin(b) => format!(
                "<built-in method {} of {} object at 0x{:x}>",
                b.name,
                type_name(&m.0),
                Rc::as_ptr(m) as *const u8 as usize
            ),
            _ => "<method>".into(),
        },
        Value::Class(c) => {
            if &*c.module == "builtins" {
                format!("<class '{}'>", c.name)
            } else {
                format!(
                    "<class '{}.{}'>",
                    if &*c.module == "asyncio" {
                        "asyncio.exceptions"
                    } else {
                        &c.module
                    },
                    c.qualname
                )
            }
        }
        Value::Module(m) => format!("<module '{}'>", m.name),
        Value::Coroutine(c) => format!(
            "<coroutine object {} at 0x{:x}>",
            c.qualname,
            Rc::as_ptr(c) as *const u8 as usize
        ),
        Value::Generator(g) => format!(
            "<{} object {} at 0x{:x}>",
            if g.is_async {
                "async_generator"
            } else {
                "generator"
            },
            g.qualname,
            Rc::as_ptr(g) as *const u8 as usize
        ),
        Value::Iter(_) => format!("<{} object>", type_name(v)),
        Value::Instance(i) => {
            if let (Some(interp), Some(m)) = (interp, i.class.lookup("__repr__")) {
                if matches!(m, Value::Function(_)) || !i.class.is_exception {
                    return call_text_method(interp, &m, v, "__repr__");
                }
            }
            if i.class.is_exception {
                let args = i.exc().map(|d| d.borrow().args.clone()).unwrap_or_default();
                if args.len() == 1 {
                    format!("{}({})", i.class.name, repr_inner(interp, &args[0], seen)?)
                } else {
                    format!("{}({})", i.class.name, join_reprs(interp, &args, seen)?)
                }
            } else {
                format!(
                    "<{}.{} object at 0x{:x}>",
                    i.class.module,
                    i.class.qualname,
                    Rc::as_ptr(i) as *const u8 as usize
                )
            }
        }
    })
}

/// The iteration order of a set: CPython orders small non-negative ints by value (their
/// hash is their slot); other elements keep insertion order.
pub fn set_order(d: &Dict) -> Vec<Value> {
    let keys: Vec<Value> = d.keys().map(|k| k.0.clone()).collect();
    let all_small = keys
        .iter()
        .all(|k| matches!(k, Value::Int(i) if *i >= 0 && (*i as usize) < table_size(keys.len())));
    if all_small {
        let mut ks = keys;
        ks.sort_by_key(|k| as_int(k).unwrap_or(0));
        return ks;
    }
    keys
}

fn table_size(n: usize) -> usize {
    let mut size = 8;
    while size * 3 < n * 5 {
        size *= 2;
    }
    size
}

/// Calls `v.__repr__()` or `v.__str__()` (`name`), which must return a `str`.
fn call_text_method(interp: &Interp, m: &Value, v: &Value, name: &str) -> PyResult<String> {
    match interp.call_sync(m, Args::new(vec![v.clone()]))? {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(PyErr::type_error(format!(
            "{name} returned non-string (type {})",
            type_name(&other)
        ))),
    }
}

/// `str(v)`, calling `__str__`/`__repr__` of script classes.
pub fn str(interp: &Interp, v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        Value::Instance(i) => {
            if let Some(m) = i.class.lookup("__str__") {
                return call_text_method(interp, &m, v, "__str__");
            }
            if i.class.is_exception {
                return Ok(exception_str(i));
            }
            repr(interp, v)
        }
        _ => repr(interp, v),
    }
}

/// `format(v, spec)`.
pub fn format(interp: &Interp, v: &Value, spec: &str) -> PyResult<String> {
    if let Value::Instance(i) = v {
        if let Some(m) = i.class.lookup("__format__") {
            let r = interp.call_sync(&m, Args::new(vec![v.clone(), Value::str(spec)]))?;
            return str(interp, &r);
        }
        if spec.is_empty() {
            return str(interp, v);
        }
        return Err(PyErr::type_error(format!(
            "unsupported format string passed to {}.__format__",
            i.class.name
        )));
    }
    if spec.is_empty() {
        return str(interp, v);
    }
    crate::interp::strfmt::format_value(v, spec)
}

fn percent_format(interp: &Interp, fmt: &str, args: &Value) -> PyResult<Value> {
    crate::interp::strfmt::percent(interp, fmt, args).map(|s| Value::str(&s))
}

// ----- containers -----

/// Wraps a value as a dict key (`TypeError: unhashable type: 'list'`).
pub fn key(v: Value) -> PyResult<Key> {
    Key::new(v).map_err(|u| PyErr::type_error(format!("unhashable type: '{}'", u.0)))
}

/// A set from values.
pub fn make_set(vals: Vec<Value>) -> PyResult<Value> {
    let mut d = new_dict();
    for v in vals {
        d.insert(key(v)?, Value::None);
    }
    Ok(Value::Set(Rc::new(RefCell::new(d))))
}

/// `d.update(other)` for a mapping or an iterable of pairs.
pub fn dict_update(interp: &Interp, d: &mut Dict, other: &Value) -> PyResult<()> {
    match other {
        Value::Dict(o) => {
            let items: Vec<(Key, Value)> = o
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            for (k, v) in items {
                d.insert(k, v);
            }
            Ok(())
        }
        _ => {
            for (i, pair) in interp.collect_sync(other)?.into_iter().enumerate() {
                let kv = fast_items(&pair).ok_or_else(|| {
                    PyErr::type_error(format!(
                        "cannot convert dictionary update sequence element #{i} to a sequence"
                    ))
                })?;
                if kv.len() != 2 {
                    return Err(PyErr::value_error(format!(
                        "dictionary update sequence element #{i} has length {}; 2 is required",
                        kv.len()
                    )));
                }
                d.insert(key(kv[0].clone())?, kv[1].clone());
            }
            Ok(())
        }
    }
}

/// The items of a list/tuple/str/dict/set/range without running script code, if it is one.
pub fn fast_items(v: &Value) -> Option<Vec<Value>> {
    Some(match v {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => t.to_vec(),
        Value::Str(s) => s
            .chars()
            .map(|c| Value::str(c.encode_utf8(&mut [0; 4])))
            .collect(),
        Value::Dict(d) => d.borrow().keys().map(|k| k.0.clone()).collect(),
        Value::Set(d) => set_order(&d.borrow()),
        Value::Range(r) => {
            limits::reserve_values(r.count()).ok()?;
            (0..r.count()).map(|i| Value::Int(r.at(i))).collect()
        }
        _ => return None,
    })
}

fn norm_index(i: i64, len: usize) -> Option<usize> {
    let i = if i < 0 { i + len as i64 } else { i };
    if i >= 0 && (i as usize) < len {
        Some(i as usize)
    } else {
        None
    }
}

fn index_of(v: &Value, what: &str) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::BigInt(_) => Err(PyErr::new(
            "IndexError",
            "cannot fit 'int' into an index-sized integer",
        )),
        other => Err(PyErr::type_error(format!(
            "{what} indices must be integers or slices, not {}",
            type_name(other)
        ))),
    }
}

/// Resolves a slice against a length: `(start, stop, step)` as CPython's `slice.indices`.
pub fn slice_indices(s: &[Value; 3], len: usize) -> PyResult<(i64, i64, i64)> {
    let len = len as i64;
    let get = |v: &Value| -> PyResult<Option<i64>> {
        match v {
            Value::None => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            Value::Bool(b) => Ok(Some(*b as i64)),
            Value::BigInt(b) => Ok(Some(if b.is_negative() {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            })),
            _ => Err(PyErr::type_error(
                "slice indices must be integers or None or have an __index__ method",
            )),
        }
    };
    let step = get(&s[2])?.unwrap_or(1);
    if step == 0 {
        return Err(PyErr::value_error("slice step cannot be zero"));
    }
    let (lo, hi) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let clamp = |x: Option<i64>, default: i64| -> i64 {
        match x {
            None => default,
            Some(x) if x < 0 => (x + len).max(lo),
            Some(x) => x.min(hi),
        }
    };
    let start = clamp(get(&s[0])?, if step < 0 { hi } else { lo });
    let stop = clamp(get(&s[1])?, if step < 0 { lo } else { hi });
    Ok((start, stop, step))
}

fn slice_positions(s: &[Value; 3], len: usize) -> PyResult<Vec<usize>> {
    let (start, stop, step) = slice_indices(s, len)?;
    let mut out = Vec::new();
    let mut i = Some(start);
    while let Some(at) = i.filter(|&i| (step > 0 && i < stop) || (step < 0 && i > stop)) {
        out.push(at as usize);
        i = at.checked_add(step);
    }
    Ok(out)
}

/// `range[index]` and `range[slice]` (a new range, as in CPython), computed without
/// materializing the range.
fn range_getitem(r: &RangeObj, index: &Value) -> PyResult<Value> {
    let too_large = || {
        PyErr::new(
            "OverflowError",
            "Python int too large to convert to C ssize_t",
        )
    };
    if let Value::Slice(s) = index {
        let len = r.len().ok_or_else(too_large)?;
        let (start, stop, step) = slice_indices(s, len as usize)?;
        let at = |i: i64| r.start as i128 + i as i128 * r.step as i128;
        let fit = |x: i128| i64::try_from(x).map_err(|_| too_large());
        return Ok(Value::Range(Rc::new(RangeObj {
            start: fit(at(start))?,
            stop: fit(at(stop))?,
            step: fit(r.step as i128 * step as i128)?,
        })));
    }
    let out_of_range = || PyErr::new("IndexError", "range object index out of range");
    let i = match index {
        Value::BigInt(_) => return Err(out_of_range()),
        _ => index_of(index, "range")?,
    };
    let count = r.count() as i128;
    let i = if i < 0 { i as i128 + count } else { i as i128 };
    if !(0..count).contains(&i) {
        return Err(out_of_range());
    }
    Ok(Value::Int(r.at(i as u64)))
}

/// `obj[index]`.
pub fn getitem(interp: &Interp, obj: &Value, index: &Value) -> PyResult<Value> {
    match (obj, index) {
        (Value::List(l), Value::Slice(s)) => {
            let l = l.borrow();
            Ok(Value::list(
                slice_positions(s, l.len())?
                    .into_iter()
                    .map(|i| l[i].clone())
                    .collect(),
            ))
        }
        (Value::List(l), i) => {
            let l = l.borrow();
            let i = index_of(i, "list")?;
            norm_index(i, l.len())
                .map(|i| l[i].clone())
                .ok_or_else(|| PyErr::new("IndexError", "list index out of range"))
        }
        (Value::Tuple(t), Value::Slice(s)) => Ok(Value::tuple(
            slice_positions(s, t.len())?
                .into_iter()
                .map(|i| t[i].clone())
                .collect(),
        )),
        (Value::Tuple(t), i) => {
            let i = index_of(i, "tuple")?;
            norm_index(i, t.len())
                .map(|i| t[i].clone())
                .ok_or_else(|| PyErr::new("IndexError", "tuple index out of range"))
        }
        (Value::Str(s), Value::Slice(sl)) => {
            let chars: Vec<char> = s.chars().collect();
            Ok(Value::str(
                &slice_positions(sl, chars.len())?
                    .into_iter()
                    .map(|i| chars[i])
                    .collect::<String>(),
            ))
        }
        (Value::Str(s), i) => {
            let i = index_of(i, "string")?;
            if s.is_ascii() {
                return norm_index(i, s.len())
                    .map(|i| Value::str(&s[i..i + 1]))
                    .ok_or_else(|| PyErr::new("IndexError", "string index out of range"));
            }
            let chars: Vec<char> = s.chars().collect();
            norm_index(i, chars.len())
                .map(|i| Value::str(chars[i].encode_utf8(&mut [0; 4])))
                .ok_or_else(|| PyErr::new("IndexError", "string index out of range"))
        }
        (Value::Dict(d), k) => {
            let found = d.borrow().get(&key(k.clone())?).cloned();
            match found {
                Some(v) => Ok(v),
                None => Err(PyErr::from_instance(new_exception(
                    types::class("KeyError"),
                    vec![k.clone()],
                ))),
            }
        }
        (Value::Range(r), _) => range_getitem(r, index),
        (Value::Instance(i), _) if i.class.lookup("__getitem__").is_some() => {
            let m = i
                .class
                .lookup("__getitem__")
                .ok_or_else(|| PyErr::internal("getitem"))?;
            interp.call_sync(&m, Args::new(vec![obj.clone(), index.clone()]))
        }
        (Value::Class(c), _) => Ok(Value::Class(c.clone())),
        _ => Err(PyErr::type_error(format!(
            "'{}' object is not subscriptable",
            type_name(obj)
        ))),
    }
}

/// `obj[index] = v`.
pub fn setitem(interp: &Interp, obj: &Value, index: Value, v: Value) -> PyResult<()> {
    match obj {
        Value::List(l) => {
            if let Value::Slice(s) = &index {
                let items = interp.collect_sync(&v)?;
                let mut l = l.borrow_mut();
                let (start, stop, step) = slice_indices(s, l.len())?;
                if step == 1 {
                    let stop = stop.max(start);
                    l.splice(start as usize..stop as usize, items);
                    return Ok(());
                }
                let pos = slice_positions(s, l.len())?;
                if pos.len() != items.len() {
                    return Err(PyErr::value_error(format!(
                        "attempt to assign sequence of size {} to extended slice of size {}",
                        items.len(),
                        pos.len()
                    )));
                }
                for (p, x) in pos.into_iter().zip(items) {
                    l[p] = x;
                }
                return Ok(());
            }
            let mut l = l.borrow_mut();
            let i = index_of(&index, "list")?;
            let len = l.len();
            match norm_index(i, len) {
                Some(i) => {
                    l[i] = v;
                    Ok(())
                }
                None => Err(PyErr::new(
                    "IndexError",
                    "list assignment index out of range",
                )),
            }
        }
        Value::Dict(d) => {
            let k = key(index)?;
            d.borrow_mut().insert(k, v);
            Ok(())
        }
        Value::Instance(i) if i.class.lookup("__setitem__").is_some() => {
            let m = i
                .class
                .lookup("__setitem__")
                .ok_or_else(|| PyErr::internal("setitem"))?;
            interp.call_sync(&m, Args::new(vec![obj.clone(), index, v]))?;
            Ok(())
        }
        _ => Err(PyErr::type_error(format!(
            "'{}' object does not support item assignment",
            type_name(obj)
        ))),
    }
}

/// `del obj[index]`.
pub fn delitem(interp: &Interp, obj: &Value, index: &Value) -> PyResult<()> {
    match obj {
        Value::List(l) => {
            if let Value::Slice(s) = index {
                let mut l = l.borrow_mut();
                let mut pos = slice_positions(s, l.len())?;
                pos.sort_unstable();
                for p in pos.into_iter().rev() {
                    l.remove(p);
                }
                return Ok(());
            }
            let mut l = l.borrow_mut();
            let i = index_of(index, "list")?;
            let len = l.len();
            match norm_index(i, len) {
                Some(i) => {
                    l.remove(i);
                    Ok(())
                }
                None => Err(PyErr::new(
                    "IndexError",
                    "list assignment index out of range",
                )),
            }
        }
        Value::Dict(d) => match d.borrow_mut().shift_remove(&key(index.clone())?) {
            Some(_) => Ok(()),
            None => Err(PyErr::from_instance(new_exception(
                types::class("KeyError"),
                vec![index.clone()],
            ))),
        },
        Value::Instance(i) if i.class.lookup("__delitem__").is_some() => {
            let m = i
                .class
                .lookup("__delitem__")
                .ok_or_else(|| PyErr::internal("delitem"))?;
            interp.call_sync(&m, Args::new(vec![obj.clone(), index.clone()]))?;
            Ok(())
        }
        _ => Err(PyErr::type_error(format!(
            "'{}' object doesn't support item deletion",
            type_name(obj)
        ))),
    }
}

// ----- attributes -----

fn attr_error(obj: &Value, name: &str) -> PyErr {
    let msg = match obj {
        Value::Module(m) => format!("module '{}' has no attribute '{name}'", m.name),
        Value::Class(c) => format!("type object '{}' has no attribute '{name}'", c.name),
        _ => format!("'{}' object has no attribute '{name}'", type_name(obj)),
    };
    PyErr::new("AttributeError", msg)
}

fn bind(obj: &Value, v: Value) -> Value {
    match v {
        Value::Function(_) | Value::Builtin(_) => Value::Method(Rc::new((obj.clone(), v))),
        Value::Instance(ref i) if &*i.class.name == "staticmethod" => i
            .dict
            .borrow()
            .get("__func__")
            .cloned()
            .unwrap_or(Value::None),
        Value::Instance(ref i) if &*i.class.name == "classmethod" => {
            let f = i
                .dict
                .borrow()
                .get("__func__")
                .cloned()
                .unwrap_or(Value::None);
            Value::Method(Rc::new((Value::Class(class_of(obj)), f)))
        }
        other => other,
    }
}

/// `getattr(obj, name)`.
pub fn getattr(interp: &Interp, obj: &Value, name: &str) -> PyResult<Value> {
    match obj {
        Value::Instance(i) => {
            if let Some(v) = i.dict.borrow().get(name) {
                return Ok(v.clone());
            }
            if let Some(sup) = i.native::<SuperObj>() {
                let mro: Vec<Rc<Class>> = std::iter::once(class_of(&sup.this))
                    .chain(class_of(&sup.this).mro.iter().cloned())
                    .collect();
                let start = mro
                    .iter()
                    .position(|c| Rc::ptr_eq(c, &sup.owner))
                    .map(|p| p + 1)
                    .unwrap_or(mro.len());
                for c in &mro[start..] {
                    if let Some(v) = c.dict.borrow().get(name) {
                        return Ok(bind(&sup.this, v.clone()));
                    }
                }
                return Err(PyErr::new(
                    "AttributeError",
                    format!("'super' object has no attribute '{name}'"),
                ));
            }
            if let Some(d) = i.exc() {
                match name {
                    "args" => return Ok(Value::tuple(d.borrow().args.clone())),
                    "__cause__" => return Ok(d.borrow().cause.clone().unwrap_or(Value::None)),
                    "__context__" => return Ok(d.borrow().context.clone().unwrap_or(Value::None)),
                    "__suppress_context__" => return Ok(Value::Bool(d.borrow().suppress_context)),
                    "__traceback__" => return Ok(Value::None),
                    "exceptions" if is_exception_group(i) => {
                        return Ok(Value::tuple(d.borrow().group.clone()))
                    }
                    "message" if is_exception_group(i) => {
                        return Ok(d.borrow().args.first().cloned().unwrap_or(Value::None))
                    }
                    "__notes__" => {
                        let notes = d.borrow().notes.clone();
                        if !notes.is_empty() {
                            return Ok(Value::list(notes.into_iter().map(Value::Str).collect()));
                        }
                    }
                    _ => {}
                }
            }
            if name == "__class__" {
                return Ok(Value::Class(i.class.clone()));
            }
            if name == "__dict__" {
                let mut d = new_dict();
                for (k, v) in i.dict.borrow().iter() {
                    d.insert(Key(Value::Str(k.clone())), v.clone());
                }
                return Ok(Value::Dict(Rc::new(RefCell::new(d))));
            }
            match i.class.lookup(name) {
                Some(Value::Instance(p)) if &*p.class.name == "property" => {
                    let getter = p.dict.borrow().get("fget").cloned().unwrap_or(Value::None);
                    interp.call_sync(&getter, Args::new(vec![obj.clone()]))
                }
                Some(v) => Ok(bind(obj, v)),
                None => {
                    if let Some(ga) = i.class.lookup("__getattr__") {
                        return interp
                            .call_sync(&ga, Args::new(vec![obj.clone(), Value::str(name)]));
                    }
                    Err(attr_error(obj, name))
                }
            }
        }
        Value::Class(c) => {
            match name {
                "__name__" => return Ok(Value::Str(c.name.clone())),
                "__qualname__" => return Ok(Value::Str(c.qualname.clone())),
                "__module__" => return Ok(Value::Str(c.module.clone())),
                "__mro__" => {
                    return Ok(Value::tuple(
                        std::iter::once(Value::Class(c.clone()))
                            .chain(c.mro.iter().map(|m| Value::Class(m.clone())))
                            .collect(),
                    ))
                }
                "__bases__" => {
                    return Ok(Value::tuple(
                        c.bases.iter().map(|m| Value::Class(m.clone())).collect(),
                    ))
                }
                "__doc__" => return Ok(Value::None),
                _ => {}
            }
            match c.lookup(name) {
                Some(Value::Instance(i)) if &*i.class.name == "staticmethod" => Ok(i
                    .dict
                    .borrow()
                    .get("__func__")
                    .cloned()
                    .unwrap_or(Value::None)),
                Some(Value::Instance(i)) if &*i.class.name == "classmethod" => {
                    let f = i
                        .dict
                        .borrow()
                        .get("__func__")
                        .cloned()
                        .unwrap_or(Value::None);
                    Ok(Value::Method(Rc::new((obj.clone(), f))))
                }
                Some(v) => Ok(v),
                None => Err(attr_error(obj, name)),
            }
        }
        Value::Module(m) => {
            if name == "__name__" {
                return Ok(Value::Str(m.name.clone()));
            }
            m.attrs
                .borrow()
                .get(name)
                .cloned()
                .ok_or_else(|| attr_error(obj, name))
        }
        Value::Function(f) => match name {
            "__name__" => Ok(Value::Str(f.def.name.clone())),
            "__qualname__" => Ok(Value::Str(f.qualname.clone())),
            "__doc__" => Ok(Value::None),
            "__module__" => Ok(Value::str("__main__")),
            _ => f
                .attrs
                .borrow()
                .get(name)
                .cloned()
                .ok_or_else(|| attr_error(obj, name)),
        },
        Value::Builtin(b) => match name {
            "__name__" | "__qualname__" => Ok(Value::str(b.name)),
            _ => Err(attr_error(obj, name)),
        },
        Value::Method(m) => match name {
            "__self__" => Ok(m.0.clone()),
            "__func__" => Ok(m.1.clone()),
            _ => getattr(interp, &m.1, name),
        },
        Value::Coroutine(c) => match name {
            "__name__" => Ok(Value::Str(c.name.clone())),
            "__qualname__" => Ok(Value::Str(c.qualname.clone())),
            _ => class_attr(obj, name),
        },
        Value::Generator(g) => match name {
            "__name__" => Ok(Value::Str(g.name.clone())),
            "__qualname__" => Ok(Value::Str(g.qualname.clone())),
            _ => class_attr(obj, name),
        },
        Value::Float(f) if name == "real" => Ok(Value::Float(*f)),
        Value::Float(_) if name == "imag" => Ok(Value::Float(0.0)),
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_)
            if name == "real" || name == "numerator" =>
        {
            Ok(unaryop(interp, UnaryOpKind::UAdd, obj)?)
        }
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) if name == "denominator" => {
            Ok(Value::Int(1))
        }
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) if name == "imag" => Ok(Value::Int(0)),
        Value::Range(r) => match name {
            "start" => Ok(Value::Int(r.start)),
            "stop" => Ok(Value::Int(r.stop)),
            "step" => Ok(Value::Int(r.step)),
            _ => class_attr(obj, name),
        },
        Value::Slice(s) => match name {
            "start" => Ok(s[0].clone()),
            "stop" => Ok(s[1].clone()),
            "step" => Ok(s[2].clone()),
            _ => class_attr(obj, name),
        },
        _ => class_attr(obj, name),
    }
}

fn class_attr(obj: &Value, name: &str) -> PyResult<Value> {
    if name == "__class__" {
        return Ok(Value::Class(class_of(obj)));
    }
    match class_of(obj).lookup(name) {
        Some(v) => Ok(bind(obj, v)),
        None => Err(attr_error(obj, name)),
    }
}

/// `obj.name = v`.
pub fn setattr(interp: &Interp, obj: &Value, name: &str, v: Value) -> PyResult<()> {
    match obj {
        Value::Instance(i) => {
            if let Some(Value::Instance(p)) = i.class.lookup(name) {
                if &*p.class.name == "property" {
                    let setter = p.dict.borrow().get("fset").cloned().unwrap_or(Value::None);
                    if setter.is_none() {
                        return Err(PyErr::new(
                            "AttributeError",
                            format!(
                                "property '{name}' of '{}' object has no setter",
                                i.class.name
                            ),
                        ));
                    }
                    interp.call_sync(&setter, Args::new(vec![obj.clone(), v]))?;
                    return Ok(());
                }
            }
            if let Some(d) = i.exc() {
                match name {
                    "__cause__" => {
                        let mut d = d.borrow_mut();
                        d.cause = if v.is_none() { None } else { Some(v) };
                        d.suppress_context = true;
                        return Ok(());
                    }
                    "__context__" => {
                        d.borrow_mut().context = if v.is_none() { None } else { Some(v) };
                        return Ok(());
                    }
                    "args" => {
                        d.borrow_mut().args = fast_items(&v).unwrap_or_default();
                        return Ok(());
                    }
                    _ => {}
                }
            }
            if matches!(i.payload, Payload::Native(_))
                && i.class.kind == TypeKind::User
                && i.class.lookup("__coroscope_slots__").is_some()
            {
                return Err(attr_error(obj, name));
            }
            i.dict.borrow_mut().insert(Rc::from(name), v);
            Ok(())
        }
        Value::Class(c) if &*c.module == "__main__" => {
            c.dict.borrow_mut().insert(Rc::from(name), v);
            Ok(())
        }
        Value::Module(m) => {
            m.attrs.borrow_mut().insert(Rc::from(name), v);
            Ok(())
        }
        Value::Function(f) => {
            f.attrs.borrow_mut().insert(Rc::from(name), v);
            Ok(())
        }
        Value::Class(c) => Err(PyErr::type_error(format!(
            "cannot set '{name}' attribute of immutable type '{}'",
            c.name
        ))),
        _ => Err(PyErr::new(
            "AttributeError",
            format!("'{}' object has no attribute '{name}'", type_name(obj)),
        )),
    }
}

/// `del obj.name`.
pub fn delattr(_interp: &Interp, obj: &Value, name: &str) -> PyResult<()> {
    match obj {
        Value::Instance(i) => match i.dict.borrow_mut().remove(name) {
            Some(_) => Ok(()),
            None => Err(attr_error(obj, name)),
        },
        _ => Err(attr_error(obj, name)),
    }
}

/// The state of a `super()` object.
pub struct SuperObj {
    /// The class whose method called `super()`.
    pub owner: Rc<Class>,
    /// The instance (or class) it was called on.
    pub this: Value,
}

/// A `super()` object for `owner` and `this`.
pub fn make_super(owner: Rc<Class>, this: Value) -> Value {
    thread_local! {
        static SUPER: Rc<Class> = types::make_class("super", "builtins", vec![types::builtins().object.clone()], TypeKind::User, AttrMap::default());
    }
    let class = SUPER.with(|c| c.clone());
    Value::Instance(Rc::new(Instance {
        class,
        dict: RefCell::new(AttrMap::default()),
        payload: Payload::Native(Box::new(SuperObj { owner, this })),
    }))
}

// ----- iteration -----

/// `iter(v)`.
pub fn iter(interp: &Interp, v: &Value) -> PyResult<Value> {
    let state = match v {
        Value::List(l) => IterState::List(l.clone(), 0),
        Value::Tuple(t) => IterState::Tuple(t.clone(), 0),
        Value::Str(s) => IterState::Str(s.clone(), 0),
        Value::Range(r) => IterState::Range {
            next: r.start,
            left: r.count(),
            step: r.step,
        },
        Value::Dict(d) => {
            let len = d.borrow().len();
            IterState::Dict {
                dict: d.clone(),
                pos: 0,
                kind: DictIterKind::Keys,
                len,
            }
        }
        Value::Set(d) => IterState::Values(set_order(&d.borrow()).into_iter()),
        Value::Iter(_) | Value::Generator(_) => return Ok(v.clone()),
        Value::Instance(i) => {
            if let Some(m) = i.class.lookup("__iter__") {
                return interp.call_sync(&m, Args::new(vec![v.clone()]));
            }
            if i.class.lookup("__next__").is_some() {
                return Ok(v.clone());
            }
            return Err(PyErr::type_error(format!(
                "'{}' object is not iterable",
                type_name(v)
            )));
        }
        _ => {
            return Err(PyErr::type_error(format!(
                "'{}' object is not iterable",
                type_name(v)
            )))
        }
    };
    Ok(Value::Iter(Rc::new(RefCell::new(state))))
}

/// One step of a built-in iterator without running script code; `None` when the step needs
/// script code (`map`, `filter`...).
pub fn iter_next_sync(
    _interp: &Interp,
    state: &Rc<RefCell<IterState>>,
) -> Option<PyResult<Option<Value>>> {
    let mut s = state.borrow_mut();
    let r = match &mut *s {
        IterState::List(l, i) => {
            let l = l.borrow();
            if *i < l.len() {
                *i += 1;
                Some(l[*i - 1].clone())
            } else {
                None
            }
        }
        IterState::Tuple(t, i) => {
            if *i < t.len() {
                *i += 1;
                Some(t[*i - 1].clone())
            } else {
                None
            }
        }
        IterState::Str(st, i) => match st[*i..].chars().next() {
            Some(c) => {
                *i += c.len_utf8();
                Some(Value::str(c.encode_utf8(&mut [0; 4])))
            }
            None => None,
        },
        IterState::Range { next, left, step } => {
            if *left == 0 {
                None
            } else {
                let v = *next;
                *left -= 1;
                *next = v.wrapping_add(*step);
                Some(Value::Int(v))
            }
        }
        IterState::Dict {
            dict,
            pos,
            kind,
            len,
        } => {
            let d = dict.borrow();
            if d.len() != *len {
                return Some(Err(PyErr::new(
                    "RuntimeError",
                    "dictionary changed size during iteration",
                )));
            }
            match d.get_index(*pos) {
                Some((k, v)) => {
                    *pos += 1;
                    Some(match kind {
                        DictIterKind::Keys => k.0.clone(),
                        DictIterKind::Values => v.clone(),
                        DictIterKind::Items => Value::tuple(vec![k.0.clone(), v.clone()]),
                    })
                }
                None => None,
            }
        }
        IterState::Values(it) => it.next(),
        IterState::Done => None,
        _ => return None,
    };
    Some(Ok(r))
}

// ----- exceptions -----

/// Does an exception of class `c` match the `except` clause value `t` (a class or tuple)?
pub fn exc_matches(c: &Rc<Class>, t: &Value) -> PyResult<bool> {
    match t {
        Value::Class(tc) if tc.is_exception => Ok(c.is_subclass(tc)),
        Value::Tuple(items) => {
            for x in items.iter() {
                if exc_matches(c, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(PyErr::type_error(
            "catching classes that do not inherit from BaseException is not allowed",
        )),
    }
}

/// Is this an exception group?
pub fn is_exception_group(i: &Instance) -> bool {
    i.class.is_subclass(&types::class("BaseExceptionGroup"))
}

/// A new `ExceptionGroup(msg, excs)` (a `BaseExceptionGroup` if some are not `Exception`s).
pub fn new_exception_group(
    msg: &str,
    excs: Vec<Value>,
    force_base: bool,
) -> PyResult<Rc<Instance>> {
    let all_exc = excs.iter().all(
        |e| matches!(e, Value::Instance(i) if i.class.is_subclass(&types::class("Exception"))),
    );
    let class = if all_exc && !force_base {
        types::class("ExceptionGroup")
    } else {
        types::class("BaseExceptionGroup")
    };
    let inst = new_exception(class, vec![Value::str(msg), Value::list(excs.clone())]);
    if let Some(d) = inst.exc() {
        d.borrow_mut().group = excs;
    }
    Ok(inst)
}

/// The two halves of a split exception group: the matching part and the rest.
pub type GroupSplit = (Option<Rc<Instance>>, Option<Rc<Instance>>);

/// Splits a group by a type: `(matching subgroup, rest)`, keeping nesting as CPython's
/// `BaseExceptionGroup.split`.
pub fn split_group(g: &Rc<Instance>, ty: &Value) -> PyResult<GroupSplit> {
    if exc_matches(&g.class, ty)? {
        return Ok((Some(g.clone()), None));
    }
    if !is_exception_group(g) {
        return Ok((None, Some(g.clone())));
    }
    let (msg, subs) = match g.exc() {
        Some(d) => {
            let d = d.borrow();
            (
                d.args.first().map(str_plain).unwrap_or_default(),
                d.group.clone(),
            )
        }
        None => return Ok((None, Some(g.clone()))),
    };
    let mut yes = Vec::new();
    let mut no = Vec::new();
    for s in subs {
        if let Value::Instance(si) = &s {
            let (m, r) = split_group(si, ty)?;
            if let Some(m) = m {
                yes.push(Value::Instance(m));
            }
            if let Some(r) = r {
                no.push(Value::Instance(r));
            }
        }
    }
    let derive = |excs: Vec<Value>| -> PyResult<Option<Rc<Instance>>> {
        if excs.is_empty() {
            return Ok(None);
        }
        let n = new_exception_group(&msg, excs, false)?;
        Ok(Some(n))
    };
    Ok((derive(yes)?, derive(no)?))
}

/// Hashable check helper re-exported for builtins.
pub fn hash_value(v: &Value) -> PyResult<i64> {
    use std::hash::{Hash, Hasher};
    match v {
        Value::Int(i) => Ok(if *i == -1 { -2 } else { *i }),
        Value::Bool(b) => Ok(*b as i64),
        _ => {
            let k = key(v.clone())?;
            let mut h = std::collections::hash_map::DefaultHasher::new();
            k.hash(&mut h);
            Ok(h.finish() as i64)
        }
    }
}
