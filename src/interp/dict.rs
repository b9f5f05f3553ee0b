//! Insertion-ordered dictionaries and sets keyed by hashable Python values, with Python's
//! equality rules for keys (`1 == 1.0 == True`).

use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};
use std::rc::Rc;

use indexmap::IndexMap;

use crate::interp::value::Value;

/// A hashable Python value used as a dict key or set element.
#[derive(Clone, Debug)]
pub struct Key(pub Value);

/// Why a value cannot be a key.
#[derive(Debug)]
pub struct Unhashable(pub &'static str);

impl Key {
    /// Wraps `v`, or says which unhashable type it is (`unhashable type: 'list'`).
    pub fn new(v: Value) -> Result<Key, Unhashable> {
        check_hashable(&v)?;
        Ok(Key(v))
    }
}

fn check_hashable(v: &Value) -> Result<(), Unhashable> {
    match v {
        Value::List(_) => Err(Unhashable("list")),
        Value::Dict(_) => Err(Unhashable("dict")),
        Value::Set(_) => Err(Unhashable("set")),
        Value::Slice(_) => Err(Unhashable("slice")),
        Value::Tuple(items) => items.iter().try_for_each(check_hashable),
        _ => Ok(()),
    }
}

fn hash_value<H: Hasher>(v: &Value, h: &mut H) {
    match v {
        Value::None => 0u8.hash(h),
        Value::Bool(b) => (*b as i64).hash(h),
        Value::Int(i) => i.hash(h),
        Value::BigInt(b) => b.hash(h),
        Value::Float(f) => {
            if f.fract() == 0.0 && f.is_finite() && f.abs() < 9.2e18 {
                (*f as i64).hash(h)
            } else {
                f.to_bits().hash(h)
            }
        }
        Value::Str(s) => s.hash(h),
        Value::Tuple(items) => {
            items.len().hash(h);
            for i in items.iter() {
                hash_value(i, h);
            }
        }
        Value::Range(r) => (r.start, r.stop, r.step).hash(h),
        other => identity(other).hash(h),
    }
}

fn identity(v: &Value) -> usize {
    match v {
        Value::Function(f) => Rc::as_ptr(f) as *const u8 as usize,
        Value::Builtin(f) => Rc::as_ptr(f) as *const u8 as usize,
        Value::Class(c) => Rc::as_ptr(c) as *const u8 as usize,
        Value::Instance(i) => Rc::as_ptr(i) as *const u8 as usize,
        Value::Module(m) => Rc::as_ptr(m) as *const u8 as usize,
        Value::Coroutine(c) => Rc::as_ptr(c) as *const u8 as usize,
        Value::Generator(g) => Rc::as_ptr(g) as *const u8 as usize,
        Value::Method(m) => Rc::as_ptr(m) as *const u8 as usize,
        Value::Iter(i) => Rc::as_ptr(i) as *const u8 as usize,
        _ => 0,
    }
}

/// Key equality: numbers compare by value across int/float/bool, containers by contents,
/// everything else by identity.
pub fn key_eq(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (None, None) => true,
        (Str(x), Str(y)) => x == y,
        (Int(x), Int(y)) => x == y,
        (Bool(x), Bool(y)) => x == y,
        (Bool(x), Int(y)) | (Int(y), Bool(x)) => (*x as i64) == *y,
        (Float(x), Float(y)) => x == y,
        (Int(x), Float(y)) | (Float(y), Int(x)) => {
            (*x as f64) == *y && y.fract() == 0.0 && (*y as i64) == *x
        }
        (Bool(x), Float(y)) | (Float(y), Bool(x)) => (*x as i64 as f64) == *y,
        (BigInt(x), BigInt(y)) => x == y,
        (Tuple(x), Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| key_eq(p, q))
        }
        (Range(x), Range(y)) => x == y,
        _ => a.is(b),
    }
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_value(&self.0, state)
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        key_eq(&self.0, &other.0)
    }
}

impl Eq for Key {}

/// An insertion-ordered map from keys to values (`dict`; a `set` uses `None` values).
pub type Dict = IndexMap<Key, Value, BuildHasherDefault<DefaultHasher>>;

/// A new empty dict.
pub fn new_dict() -> Dict {
    Dict::default()
}
