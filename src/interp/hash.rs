//! `hash()` and `id()` with CPython's values: numbers hash to their value modulo the Mersenne
//! prime 2**61 - 1 (so `hash(1) == hash(1.0) == hash(True)`), tuples and frozensets mix their
//! items' hashes as CPython 3.11 does, objects without `__hash__` hash by identity, and a
//! class's own `__hash__` is called. `id()` is stable and distinct for every live object.
//!
//! Exact values matter beyond `print(hash(x))`: a set's iteration order follows its items'
//! hashes (see [`crate::interp::set`]).

use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use crate::interp::error::{PyErr, PyResult};
use crate::interp::ops::type_name;
use crate::interp::value::{Args, Value};
use crate::interp::Interp;

/// The modulus of numeric hashes (`sys.hash_info.modulus`): the prime 2**61 - 1.
pub const MODULUS: u64 = (1 << 61) - 1;
/// `hash(float('inf'))` (`sys.hash_info.inf`).
pub const INF: i64 = 314_159;

/// Replaces -1 (reserved by CPython for errors) by -2.
fn fix(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(i)` for an `int` that fits in 64 bits.
pub fn int_hash(i: i64) -> i64 {
    let m = (i.unsigned_abs() % MODULUS) as i64;
    fix(if i < 0 { -m } else { m })
}

/// `hash(n)` for any `int`.
pub fn bigint_hash(b: &BigInt) -> i64 {
    let m = (b.abs() % BigInt::from(MODULUS)).to_i64().unwrap_or(0);
    fix(if b.is_negative() { -m } else { m })
}

/// `hash(x)` for a `float`: the hash of the rational number it is, so integral floats hash
/// as the equal `int`. NaN hashes by identity in CPython; here every NaN hashes to 0.
pub fn float_hash(x: f64) -> i64 {
    if x.is_nan() {
        return 0;
    }
    if x.is_infinite() {
        return if x > 0.0 { INF } else { -INF };
    }
    if x == 0.0 {
        return 0;
    }
    // x = m * 2**e with m a 53-bit integer; 2**61 = 1 (mod P), so 2**e = 2**(e mod 61).
    let bits = x.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    let (m, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    };
    let shift = e.rem_euclid(61) as u32;
    let h = ((m as u128 % MODULUS as u128) << shift) % MODULUS as u128;
    let h = h as i64;
    fix(if x < 0.0 { -h } else { h })
}

const XXPRIME_1: u64 = 11_400_714_785_074_694_791;
const XXPRIME_2: u64 = 14_029_467_366_897_019_727;
const XXPRIME_5: u64 = 2_870_177_450_012_600_261;

/// CPython's tuple hash (an xxHash-style mix of the items' hashes).
pub fn tuple_hash(items: impl ExactSizeIterator<Item = i64>) -> i64 {
    let len = items.len() as u64;
    let mut acc = XXPRIME_5;
    for h in items {
        acc = acc.wrapping_add((h as u64).wrapping_mul(XXPRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(XXPRIME_1);
    }
    acc = acc.wrapping_add(len ^ (XXPRIME_5 ^ 3_527_539));
    if acc == u64::MAX {
        return 1_546_275_796;
    }
    acc as i64
}

fn shuffle_bits(h: u64) -> u64 {
    ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
}

/// CPython's frozenset hash: independent of the order of the items' hashes.
pub fn frozenset_hash(hashes: impl ExactSizeIterator<Item = i64>) -> i64 {
    let n = hashes.len() as u64;
    let mut h: u64 = 0;
    for x in hashes {
        h ^= shuffle_bits(x as u64);
    }
    h ^= (n + 1).wrapping_mul(1_927_868_237);
    h ^= (h >> 11) ^ (h >> 25);
    h = h.wrapping_mul(69_069).wrapping_add(907_133_923);
    if h == u64::MAX {
        return 590_923_713;
    }
    h as i64
}

/// The hash of a `str` (CPython randomizes it per process; ours is a fixed FNV-1a, so no
/// script can depend on it either way).
pub fn str_hash(s: &str) -> i64 {
    bytes_hash(s.as_bytes())
}

/// The hash of a `bytes` value (equal to the hash of the same text as `str` for ASCII).
pub fn bytes_hash(b: &[u8]) -> i64 {
    if b.is_empty() {
        return 0;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in b {
        h ^= x as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    fix(h as i64)
}

/// The address-like identity of a heap value, if it is one.
fn address(v: &Value) -> Option<usize> {
    Some(match v {
        Value::Str(s) => Rc::as_ptr(s) as *const u8 as usize,
        Value::BigInt(b) => Rc::as_ptr(b) as usize,
        Value::List(l) => Rc::as_ptr(l) as usize,
        Value::Tuple(t) => Rc::as_ptr(t) as *const u8 as usize,
        Value::Dict(d) => Rc::as_ptr(d) as usize,
        Value::Set(s) | Value::FrozenSet(s) => Rc::as_ptr(s) as usize,
        Value::Bytes(b) => Rc::as_ptr(b) as *const u8 as usize,
        Value::ByteArray(b) => Rc::as_ptr(b) as usize,
        Value::Range(r) => Rc::as_ptr(r) as usize,
        Value::Slice(s) => Rc::as_ptr(s) as usize,
        Value::Function(f) => Rc::as_ptr(f) as usize,
        Value::Builtin(b) => Rc::as_ptr(b) as usize,
        Value::Method(m) => Rc::as_ptr(m) as usize,
        Value::Class(c) => Rc::as_ptr(c) as usize,
        Value::Instance(i) => Rc::as_ptr(i) as usize,
        Value::Module(m) => Rc::as_ptr(m) as usize,
        Value::Coroutine(c) => Rc::as_ptr(c) as usize,
        Value::Generator(g) => Rc::as_ptr(g) as usize,
        Value::Iter(i) => Rc::as_ptr(i) as usize,
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => return None,
    })
}

/// `id(v)`: stable and distinct for every live object, and equal exactly when `a is b`. Heap
/// objects use their address; ints, floats, bools and `None` (which this interpreter does not
/// allocate) get ids from their value, in a range no address reaches.
pub fn id_of(v: &Value) -> i64 {
    const VALUE_IDS: i64 = 1 << 62;
    match v {
        Value::None => VALUE_IDS - 16,
        Value::Bool(b) => VALUE_IDS - 32 - 16 * (*b as i64),
        Value::Int(i) => VALUE_IDS | (*i & (VALUE_IDS - 1)),
        Value::Float(f) => VALUE_IDS | ((f.to_bits() >> 2) as i64 & (VALUE_IDS - 1)) ^ 0x1555,
        Value::Str(s) if s.chars().nth(1).is_none() => {
            // One-character (and empty) strings are shared singletons in CPython.
            VALUE_IDS + (1 << 61) + s.chars().next().map_or(0, |c| c as i64 + 1) * 16
        }
        Value::Tuple(t) if t.is_empty() => VALUE_IDS - 64,
        other => address(other).unwrap_or(0) as i64,
    }
}

/// CPython's hash of an object without `__hash__`: its address rotated by 4 bits.
pub fn identity_hash(v: &Value) -> i64 {
    fix((id_of(v) as u64).rotate_right(4) as i64)
}

/// `TypeError: unhashable type: 'list'`.
pub fn unhashable(v: &Value) -> PyErr {
    PyErr::type_error(format!("unhashable type: '{}'", type_name(v)))
}

/// The hash of a value that needs no script code (`None` when it would: an instance, or a
/// tuple holding one); `Some(Err)` when it is unhashable.
pub fn plain_hash(v: &Value) -> Option<PyResult<i64>> {
    Some(Ok(match v {
        Value::Int(i) => int_hash(*i),
        Value::Str(s) => str_hash(s),
        Value::Bool(b) => *b as i64,
        Value::Float(f) => float_hash(*f),
        Value::BigInt(b) => bigint_hash(b),
        Value::None => identity_hash(v),
        Value::Tuple(items) => {
            let mut hs = Vec::with_capacity(items.len());
            for x in items.iter() {
                match plain_hash(x)? {
                    Ok(h) => hs.push(h),
                    Err(e) => return Some(Err(e)),
                }
            }
            tuple_hash(hs.into_iter())
        }
        Value::FrozenSet(s) => s.borrow().frozen_hash(),
        Value::Bytes(b) => bytes_hash(b),
        Value::Range(r) => {
            let n = r.count();
            let parts = match n {
                0 => vec![
                    int_hash(0),
                    identity_hash(&Value::None),
                    identity_hash(&Value::None),
                ],
                1 => vec![int_hash(1), int_hash(r.start), identity_hash(&Value::None)],
                _ => vec![
                    bigint_hash(&BigInt::from(n)),
                    int_hash(r.start),
                    int_hash(r.step),
                ],
            };
            tuple_hash(parts.into_iter())
        }
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Slice(_) | Value::ByteArray(_) => {
            return Some(Err(unhashable(v)))
        }
        Value::Instance(_) => return None,
        _ => identity_hash(v),
    }))
}

/// `hash(v)`: calls a class's own `__hash__` (`__hash__ = None` makes it unhashable).
pub fn hash_of(interp: &Interp, v: &Value) -> PyResult<i64> {
    if let Some(h) = plain_hash(v) {
        return h;
    }
    match v {
        Value::Tuple(items) => {
            let mut hs = Vec::with_capacity(items.len());
            for x in items.iter() {
                hs.push(hash_of(interp, x)?);
            }
            Ok(tuple_hash(hs.into_iter()))
        }
        Value::Instance(i) => match i.class.lookup("__hash__") {
            None => Ok(identity_hash(v)),
            Some(Value::None) => Err(unhashable(v)),
            Some(m) => {
                let r = interp.call_sync(&m, Args::new(vec![v.clone()]))?;
                match r {
                    Value::Int(i) => Ok(fix(i)),
                    Value::Bool(b) => Ok(b as i64),
                    Value::BigInt(b) => Ok(bigint_hash(&b)),
                    _ => Err(PyErr::type_error(
                        "__hash__ method should return an integer",
                    )),
                }
            }
        },
        _ => Ok(identity_hash(v)),
    }
}
