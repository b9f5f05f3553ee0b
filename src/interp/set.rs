//! `set` and `frozenset`: an open-addressing hash table laid out as CPython's, so that a set
//! iterates (and prints) in CPython's order: `{30, 20, 10}` shows `{10, 20, 30}` because an
//! int's hash is its value and the table is walked slot by slot.
//!
//! The table follows the documented behaviour of CPython's sets: 8 slots to start, a probe
//! that looks at a run of up to 10 neighbouring slots before jumping with a perturbed
//! `i * 5 + 1` recurrence, growth to four times the number of items once the table is 60%
//! full, deleted slots kept as tombstones, and bulk operations that pre-size the table. The
//! orders it produces are checked against `python3` by `tests/cases/sets__*.py`.
//!
//! Comparing two keys may run a class's own `__eq__`, which may touch the set itself: the
//! table is never borrowed while script code runs, and a lookup restarts if the table
//! changed meanwhile (as CPython's does).

use std::cell::RefCell;

use crate::interp::dict::{plain_eq, Key};
use crate::interp::error::PyResult;
use crate::interp::hash;
use crate::interp::ops;
use crate::interp::value::Value;
use crate::interp::Interp;

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

/// One slot of the table.
#[derive(Clone, Debug)]
enum Slot {
    Empty,
    /// A deleted item's tombstone (keeps probe chains intact).
    Dummy,
    Active(Key),
}

/// The contents of a `set` or `frozenset`.
#[derive(Clone, Debug)]
pub struct PySet {
    table: Vec<Slot>,
    /// Active plus dummy slots.
    fill: usize,
    /// Active slots.
    used: usize,
    /// Where `pop()` looks next.
    finger: usize,
    /// Bumped on every change of the table (a lookup that ran script code restarts).
    version: u64,
}

impl Default for PySet {
    fn default() -> Self {
        PySet::new()
    }
}

/// The slots a key's probe visits, in order: runs of up to 10 neighbouring slots, each run
/// starting where the perturbed `i * 5 + 1` recurrence lands (endless).
struct ProbeSeq {
    mask: usize,
    i: usize,
    next: usize,
    end: usize,
    perturb: u64,
}

impl ProbeSeq {
    fn new(hash: i64, mask: usize) -> ProbeSeq {
        let i = hash as u64 as usize & mask;
        ProbeSeq {
            mask,
            i,
            next: i,
            end: ProbeSeq::run_end(i, mask),
            perturb: hash as u64,
        }
    }

    fn run_end(i: usize, mask: usize) -> usize {
        if i + LINEAR_PROBES <= mask {
            i + LINEAR_PROBES
        } else {
            i
        }
    }
}

impl ProbeSeq {
    /// The next slot to look at.
    fn next_slot(&mut self) -> usize {
        if self.next > self.end {
            self.perturb >>= PERTURB_SHIFT;
            self.i = (self.i * 5 + 1).wrapping_add(self.perturb as usize) & self.mask;
            self.next = self.i;
            self.end = ProbeSeq::run_end(self.i, self.mask);
        }
        self.next += 1;
        self.next - 1
    }
}

/// Where a probe ended.
enum Probe {
    /// The key is in this slot.
    Found(usize),
    /// The key is absent; it would go in this slot (a reusable tombstone or an empty slot),
    /// which is empty (`true`) or a tombstone.
    Absent(usize, bool),
}

impl PySet {
    /// An empty set.
    pub fn new() -> PySet {
        PySet {
            table: vec![Slot::Empty; MIN_SIZE],
            fill: 0,
            used: 0,
            finger: 0,
            version: 0,
        }
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        self.used
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// The items' keys in iteration order.
    pub fn keys(&self) -> impl Iterator<Item = &Key> {
        self.table.iter().filter_map(|s| match s {
            Slot::Active(k) => Some(k),
            _ => None,
        })
    }

    /// The items in iteration order.
    pub fn values(&self) -> Vec<Value> {
        self.keys().map(|k| k.0.clone()).collect()
    }

    /// `hash(frozenset)`.
    pub fn frozen_hash(&self) -> i64 {
        hash::frozenset_hash(
            self.keys()
                .map(|k| k.hash())
                .collect::<Vec<_>>()
                .into_iter(),
        )
    }

    /// Membership without running script code: `Err(slot)` if deciding needs a class's
    /// `__eq__` (at that slot).
    fn probe_plain(&self, key: &Key) -> Result<Probe, usize> {
        let mut free = None;
        let mut seq = ProbeSeq::new(key.hash(), self.mask());
        loop {
            let j = seq.next_slot();
            match &self.table[j] {
                Slot::Empty => {
                    return Ok(match free {
                        Some(f) => Probe::Absent(f, false),
                        None => Probe::Absent(j, true),
                    })
                }
                // CPython reuses the last tombstone on the probe path.
                Slot::Dummy => free = Some(j),
                Slot::Active(k) if k.hash() == key.hash() => {
                    if plain_eq(&k.0, &key.0) {
                        return Ok(Probe::Found(j));
                    }
                    if k.needs_user_eq() || key.needs_user_eq() {
                        return Err(j);
                    }
                }
                Slot::Active(_) => {}
            }
        }
    }

    /// Finds `key`, running a class's `__eq__` where a stored key of the same hash needs it.
    fn probe(interp: &Interp, cell: &RefCell<PySet>, key: &Key) -> PyResult<Probe> {
        'restart: loop {
            let (mask, version) = {
                let s = cell.borrow();
                match s.probe_plain(key) {
                    Ok(p) => return Ok(p),
                    Err(_) => (s.mask(), s.version),
                }
            };
            let mut free = None;
            let mut seq = ProbeSeq::new(key.hash(), mask);
            loop {
                let j = seq.next_slot();
                let slot = cell.borrow().table[j].clone();
                match slot {
                    Slot::Empty => {
                        return Ok(match free {
                            Some(f) => Probe::Absent(f, false),
                            None => Probe::Absent(j, true),
                        })
                    }
                    Slot::Dummy => free = Some(j),
                    Slot::Active(k) if k.hash() == key.hash() => {
                        if plain_eq(&k.0, &key.0) || ops::eq(interp, &k.0, &key.0)? {
                            return Ok(Probe::Found(j));
                        }
                        if cell.borrow().version != version {
                            continue 'restart;
                        }
                    }
                    Slot::Active(_) => {}
                }
            }
        }
    }

    /// `key in set`.
    pub fn contains(interp: &Interp, cell: &RefCell<PySet>, key: &Key) -> PyResult<bool> {
        Ok(matches!(PySet::probe(interp, cell, key)?, Probe::Found(_)))
    }

    /// `set.add(key)`.
    pub fn add(interp: &Interp, cell: &RefCell<PySet>, key: Key) -> PyResult<()> {
        match PySet::probe(interp, cell, &key)? {
            Probe::Found(_) => Ok(()),
            Probe::Absent(slot, empty) => {
                cell.borrow_mut().put(slot, empty, key);
                Ok(())
            }
        }
    }

    /// Stores a new key in the slot a probe found, growing the table when 60% full.
    fn put(&mut self, slot: usize, empty: bool, key: Key) {
        self.table[slot] = Slot::Active(key);
        self.used += 1;
        self.version += 1;
        if !empty {
            return;
        }
        self.fill += 1;
        if self.fill * 5 >= self.mask() * 3 {
            let n = if self.used > 50_000 {
                self.used * 2
            } else {
                self.used * 4
            };
            self.resize(n);
        }
    }

    /// Adds a key known to be absent (no script code can be involved).
    fn add_plain(&mut self, key: Key) {
        match self.probe_plain(&key) {
            Ok(Probe::Absent(slot, empty)) => self.put(slot, empty, key),
            Ok(Probe::Found(_)) | Err(_) => {}
        }
    }

    /// Rebuilds the table with room for more than `min_used` items, keeping the slot order
    /// of the old table for re-insertion.
    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.table, vec![Slot::Empty; size]);
        self.fill = self.used;
        self.version += 1;
        for s in old {
            if let Slot::Active(k) = s {
                self.insert_clean(k);
            }
        }
    }

    /// Puts a key in the first empty slot of its probe sequence (the table has no tombstones
    /// and does not hold the key).
    fn insert_clean(&mut self, key: Key) {
        let mut seq = ProbeSeq::new(key.hash(), self.mask());
        loop {
            let j = seq.next_slot();
            if matches!(self.table[j], Slot::Empty) {
                self.table[j] = Slot::Active(key);
                return;
            }
        }
    }

    /// `set.discard(key)`: true if it was there.
    pub fn discard(interp: &Interp, cell: &RefCell<PySet>, key: &Key) -> PyResult<bool> {
        match PySet::probe(interp, cell, key)? {
            Probe::Found(slot) => {
                let mut s = cell.borrow_mut();
                s.table[slot] = Slot::Dummy;
                s.used -= 1;
                s.version += 1;
                Ok(true)
            }
            Probe::Absent(..) => Ok(false),
        }
    }

    /// `set.pop()`: the first item from where the last pop stopped.
    pub fn pop(&mut self) -> Option<Value> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut i = self.finger & mask;
        while !matches!(self.table[i], Slot::Active(_)) {
            i = (i + 1) & mask;
        }
        let Slot::Active(k) = std::mem::replace(&mut self.table[i], Slot::Dummy) else {
            return None;
        };
        self.used -= 1;
        self.finger = i + 1;
        self.version += 1;
        Some(k.0)
    }

    /// `set.clear()`.
    pub fn clear(&mut self) {
        let v = self.version + 1;
        *self = PySet::new();
        self.version = v;
    }

    /// Adds every item of `other` (a set): one resize up front, then a straight copy or clean
    /// inserts into an empty table, else ordinary adds.
    pub fn merge(interp: &Interp, cell: &RefCell<PySet>, other: &PySet) -> PyResult<()> {
        if other.used == 0 {
            return Ok(());
        }
        {
            let mut s = cell.borrow_mut();
            if (s.fill + other.used) * 5 >= s.mask() * 3 {
                let n = (s.used + other.used) * 2;
                s.resize(n);
            }
            if s.fill == 0 {
                if s.table.len() == other.table.len() && other.fill == other.used {
                    s.table = other.table.clone();
                } else {
                    for k in other.keys() {
                        s.insert_clean(k.clone());
                    }
                }
                s.fill = other.used;
                s.used = other.used;
                s.version += 1;
                return Ok(());
            }
        }
        for k in other.keys() {
            PySet::add(interp, cell, k.clone())?;
        }
        Ok(())
    }

    /// Pre-sizes the table for `n` more items (before adding a dict's keys).
    pub fn reserve(&mut self, n: usize) {
        if (self.fill + n) * 5 >= self.mask() * 3 {
            let m = (self.used + n) * 2;
            self.resize(m);
        }
    }

    /// A set of values that need no script code to hash or compare (`None` otherwise).
    pub fn from_plain(values: impl IntoIterator<Item = Value>) -> Option<PyResult<PySet>> {
        let mut s = PySet::new();
        for v in values {
            let k = match Key::plain(v)? {
                Ok(k) => k,
                Err(e) => return Some(Err(e)),
            };
            s.add_plain(k);
        }
        Some(Ok(s))
    }
}

/// A set display of more than two constants: CPython compiles it to a `frozenset` constant
/// (built from the items, then rebuilt from its own iteration order when the compiler merges
/// constants) copied into a new set, which can order colliding items differently from adding
/// them one by one.
pub fn build_constant(interp: &Interp, values: Vec<Value>) -> PyResult<RefCell<PySet>> {
    let first = build(interp, values)?;
    let folded = build(interp, first.borrow().values())?;
    let out = RefCell::new(PySet::new());
    PySet::merge(interp, &out, &folded.borrow())?;
    Ok(out)
}

/// A set of `values`, added one by one in order (a `{...}` display or `set(iterable)`).
pub fn build(interp: &Interp, values: Vec<Value>) -> PyResult<RefCell<PySet>> {
    let cell = RefCell::new(PySet::new());
    for v in values {
        let k = Key::new(interp, v)?;
        PySet::add(interp, &cell, k)?;
    }
    Ok(cell)
}

/// A snapshot of a set's contents (so script code run while adding them cannot disturb it).
fn snapshot(cell: &RefCell<PySet>) -> PySet {
    cell.borrow().clone()
}

/// `set(other_set)` / `s.copy()`.
pub fn copy(interp: &Interp, cell: &RefCell<PySet>) -> PyResult<RefCell<PySet>> {
    let out = RefCell::new(PySet::new());
    PySet::merge(interp, &out, &snapshot(cell))?;
    Ok(out)
}

/// `s |= other` for any iterable `other`: sets merge, dicts add their keys (with the table
/// sized for them first), other iterables add their items one by one.
pub fn update(interp: &Interp, cell: &RefCell<PySet>, other: &Value) -> PyResult<()> {
    match other {
        Value::Set(o) | Value::FrozenSet(o) => PySet::merge(interp, cell, &snapshot(o)),
        Value::Dict(d) => {
            let keys: Vec<Key> = d.borrow().keys().cloned().collect();
            cell.borrow_mut().reserve(keys.len());
            for k in keys {
                PySet::add(interp, cell, k)?;
            }
            Ok(())
        }
        _ => {
            for v in interp.collect_sync(other)? {
                let k = Key::new(interp, v)?;
                PySet::add(interp, cell, k)?;
            }
            Ok(())
        }
    }
}

/// The keys of `other` (a set's stored keys, or an iterable's items hashed).
fn keys_of(interp: &Interp, other: &Value) -> PyResult<Vec<Key>> {
    match other {
        Value::Set(o) | Value::FrozenSet(o) => Ok(o.borrow().keys().cloned().collect()),
        Value::Dict(d) => Ok(d.borrow().keys().cloned().collect()),
        _ => interp
            .collect_sync(other)?
            .into_iter()
            .map(|v| Key::new(interp, v))
            .collect(),
    }
}

/// Is `k` in `container` (a set or a dict)?
fn member(interp: &Interp, container: &Value, k: &Key) -> PyResult<bool> {
    match container {
        Value::Set(o) | Value::FrozenSet(o) => PySet::contains(interp, o, k),
        Value::Dict(d) => crate::interp::dict::contains(interp, d, k),
        _ => Ok(false),
    }
}

/// `a | b`.
pub fn union(interp: &Interp, a: &RefCell<PySet>, b: &Value) -> PyResult<RefCell<PySet>> {
    let out = copy(interp, a)?;
    update(interp, &out, b)?;
    Ok(out)
}

/// `a & b`: walks the smaller set (or the iterable), keeping what the other holds.
pub fn intersection(interp: &Interp, a: &Value, b: &Value) -> PyResult<RefCell<PySet>> {
    let out = RefCell::new(PySet::new());
    let (Value::Set(sa) | Value::FrozenSet(sa)) = a else {
        return Ok(out);
    };
    let (big, small) = match b {
        Value::Set(sb) | Value::FrozenSet(sb) if sb.borrow().len() > sa.borrow().len() => (b, a),
        Value::Set(_) | Value::FrozenSet(_) => (a, b),
        _ => (a, b),
    };
    for k in keys_of(interp, small)? {
        if member(interp, big, &k)? {
            PySet::add(interp, &out, k)?;
        }
    }
    Ok(out)
}

/// `a - b`: copies `a` and removes `b`'s items when `a` is much larger, else keeps `a`'s
/// items that `b` lacks.
pub fn difference(interp: &Interp, a: &RefCell<PySet>, b: &Value) -> PyResult<RefCell<PySet>> {
    let other_len = match b {
        Value::Set(o) | Value::FrozenSet(o) => Some(o.borrow().len()),
        Value::Dict(d) => Some(d.borrow().len()),
        _ => None,
    };
    match other_len {
        Some(n) if (a.borrow().len() >> 2) <= n => {
            let out = RefCell::new(PySet::new());
            for k in snapshot(a).keys() {
                if !member(interp, b, k)? {
                    PySet::add(interp, &out, k.clone())?;
                }
            }
            Ok(out)
        }
        _ => {
            let out = copy(interp, a)?;
            difference_update(interp, &out, b)?;
            Ok(out)
        }
    }
}

/// `a -= b`.
pub fn difference_update(interp: &Interp, cell: &RefCell<PySet>, b: &Value) -> PyResult<()> {
    for k in keys_of(interp, b)? {
        PySet::discard(interp, cell, &k)?;
    }
    Ok(())
}

/// `a ^= b`: each of `b`'s items is removed if present, else added.
pub fn symmetric_difference_update(
    interp: &Interp,
    cell: &RefCell<PySet>,
    b: &Value,
) -> PyResult<()> {
    let keys = match b {
        Value::Set(o) | Value::FrozenSet(o) => o.borrow().keys().cloned().collect(),
        Value::Dict(d) => d.borrow().keys().cloned().collect(),
        _ => {
            let tmp = RefCell::new(PySet::new());
            update(interp, &tmp, b)?;
            let keys: Vec<Key> = tmp.borrow().keys().cloned().collect();
            keys
        }
    };
    for k in keys {
        if !PySet::discard(interp, cell, &k)? {
            PySet::add(interp, cell, k)?;
        }
    }
    Ok(())
}

/// `a ^ b`: a copy of `b` updated with `a`.
pub fn symmetric_difference(interp: &Interp, a: &Value, b: &Value) -> PyResult<RefCell<PySet>> {
    let out = RefCell::new(PySet::new());
    update(interp, &out, b)?;
    symmetric_difference_update(interp, &out, a)?;
    Ok(out)
}

/// `a <= b` (every item of `a` is in `b`).
pub fn is_subset(interp: &Interp, a: &RefCell<PySet>, b: &Value) -> PyResult<bool> {
    for k in snapshot(a).keys() {
        if !member(interp, b, k)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `a == b` for two sets.
pub fn equal(interp: &Interp, a: &RefCell<PySet>, b: &Value) -> PyResult<bool> {
    let n = match b {
        Value::Set(o) | Value::FrozenSet(o) => o.borrow().len(),
        _ => return Ok(false),
    };
    Ok(a.borrow().len() == n && is_subset(interp, a, b)?)
}
