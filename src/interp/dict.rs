//! Insertion-ordered dictionaries keyed by hashable Python values, with Python's rules for
//! keys: the hash is `hash(key)` (a class's own `__hash__` included), and two keys are the
//! same when they are the same object or `==` (`1 == 1.0 == True`, or a class's `__eq__`).
//!
//! A [`Key`] carries its hash, computed once. Keys that need no script code to compare (numbers,
//! strings, tuples of them...) are found by the map alone; when a stored key of the same hash
//! has a class's own `__eq__`, [`find`] calls it with the dict not borrowed, so the method may
//! read or change the dict.

use std::cell::RefCell;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use indexmap::map::RawEntryApiV1;
use indexmap::IndexMap;

use crate::interp::error::PyResult;
use crate::interp::hash;
use crate::interp::ops;
use crate::interp::value::Value;
use crate::interp::Interp;

/// A hashable Python value used as a dict key or set element, with its hash.
#[derive(Clone, Debug)]
pub struct Key(pub Value, i64);

impl Key {
    /// Hashes `v` (calling its class's `__hash__`; `TypeError` if unhashable).
    pub fn new(interp: &Interp, v: Value) -> PyResult<Key> {
        let h = hash::hash_of(interp, &v)?;
        Ok(Key(v, h))
    }

    /// Hashes `v` without running script code; `None` if that would need it.
    pub fn plain(v: Value) -> Option<PyResult<Key>> {
        Some(hash::plain_hash(&v)?.map(|h| Key(v, h)))
    }

    /// A `str` key.
    pub fn str(s: &str) -> Key {
        Key(Value::str(s), hash::str_hash(s))
    }

    /// A key for a `str` value.
    pub fn from_str_value(s: std::rc::Rc<str>) -> Key {
        let h = hash::str_hash(&s);
        Key(Value::Str(s), h)
    }

    /// Its hash.
    pub fn hash(&self) -> i64 {
        self.1
    }

    /// Does comparing this key with another need script code (a class's own `__eq__`)?
    pub fn needs_user_eq(&self) -> bool {
        needs_user_eq(&self.0)
    }
}

fn needs_user_eq(v: &Value) -> bool {
    match v {
        Value::Instance(i) => i.class.lookup("__eq__").is_some(),
        Value::Tuple(items) => items.iter().any(needs_user_eq),
        _ => false,
    }
}

/// Key equality without script code: identity, or equal built-in values (numbers by value
/// across int/float/bool, strings, bytes, tuples and frozensets by contents).
pub fn plain_eq(a: &Value, b: &Value) -> bool {
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
        (BigInt(x), Float(y)) | (Float(y), BigInt(x)) => {
            y.fract() == 0.0 && y.is_finite() && num_bigint::BigInt::from(*y as i128) == **x
        }
        (Tuple(x), Tuple(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|(p, q)| p.is(q) || plain_eq(p, q))
        }
        (Bytes(x), Bytes(y)) => x == y,
        (FrozenSet(x), FrozenSet(y)) | (FrozenSet(x), Set(y)) | (Set(x), FrozenSet(y)) => {
            std::rc::Rc::ptr_eq(x, y) || {
                let (x, y) = (x.borrow(), y.borrow());
                x.len() == y.len()
                    && x.keys()
                        .all(|k| y.keys().any(|j| j.1 == k.1 && plain_eq(&j.0, &k.0)))
            }
        }
        (Range(x), Range(y)) => x == y || (x.is_empty() && y.is_empty()),
        _ => a.is(b),
    }
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.1 as u64)
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.1 == other.1 && plain_eq(&self.0, &other.0)
    }
}

impl Eq for Key {}

/// Spreads a Python hash over the map's buckets (small ints hash to themselves).
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, h: u64) {
        self.0 = h;
    }
    fn finish(&self) -> u64 {
        mix(self.0)
    }
}

fn mix(h: u64) -> u64 {
    (h ^ (h >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// An insertion-ordered map from keys to values (`dict`).
pub type Dict = IndexMap<Key, Value, BuildHasherDefault<KeyHasher>>;

/// A new empty dict.
pub fn new_dict() -> Dict {
    Dict::default()
}

/// The index of the entry whose key equals `k`, calling a class's `__eq__` when a stored key
/// of the same hash needs it (with `d` not borrowed meanwhile).
pub fn find(interp: &Interp, d: &RefCell<Dict>, k: &Key) -> PyResult<Option<usize>> {
    let h = mix(k.1 as u64);
    let mut others: Vec<Value> = Vec::new();
    let found = d.borrow().raw_entry_v1().index_from_hash(h, |c| {
        if c.1 != k.1 {
            return false;
        }
        if plain_eq(&c.0, &k.0) {
            return true;
        }
        if needs_user_eq(&c.0) || needs_user_eq(&k.0) {
            others.push(c.0.clone());
        }
        false
    });
    if found.is_some() || others.is_empty() {
        return Ok(found);
    }
    for cand in others {
        if ops::eq(interp, &cand, &k.0)? {
            return Ok(d
                .borrow()
                .raw_entry_v1()
                .index_from_hash(h, |c| c.0.is(&cand)));
        }
    }
    Ok(None)
}

/// `d[k]` if present.
pub fn get(interp: &Interp, d: &RefCell<Dict>, k: &Key) -> PyResult<Option<Value>> {
    Ok(find(interp, d, k)?.and_then(|i| d.borrow().get_index(i).map(|(_, v)| v.clone())))
}

/// `k in d`.
pub fn contains(interp: &Interp, d: &RefCell<Dict>, k: &Key) -> PyResult<bool> {
    Ok(find(interp, d, k)?.is_some())
}

/// `d[k] = v` (an existing equal key keeps its place and its original key object).
pub fn set(interp: &Interp, d: &RefCell<Dict>, k: Key, v: Value) -> PyResult<()> {
    match find(interp, d, &k)? {
        Some(i) => {
            if let Some((_, slot)) = d.borrow_mut().get_index_mut(i) {
                *slot = v;
            }
        }
        None => {
            let h = mix(k.1 as u64);
            let mut m = d.borrow_mut();
            match m.raw_entry_mut_v1().from_hash(h, |c| c.0.is(&k.0)) {
                indexmap::map::raw_entry_v1::RawEntryMut::Occupied(mut o) => {
                    o.insert(v);
                }
                indexmap::map::raw_entry_v1::RawEntryMut::Vacant(e) => {
                    e.insert_hashed_nocheck(h, k, v);
                }
            }
        }
    }
    Ok(())
}

/// `d.pop(k)`: removes the entry, keeping the others in order.
pub fn remove(interp: &Interp, d: &RefCell<Dict>, k: &Key) -> PyResult<Option<Value>> {
    Ok(match find(interp, d, k)? {
        Some(i) => d.borrow_mut().shift_remove_index(i).map(|(_, v)| v),
        None => None,
    })
}
