//! The methods of `set` and `frozenset` (`add`, `union(*others)`, `issubset`...), with
//! CPython's argument handling: methods take any iterables where operators take only sets,
//! and a `set` argument looked up in a set stands for the equal `frozenset`.

use std::cell::RefCell;
use std::rc::Rc;

use crate::interp::builtins::{arity, func, no_kw};
use crate::interp::dict::Key;
use crate::interp::error::{new_exception, PyErr, PyResult};
use crate::interp::ops::type_name;
use crate::interp::set::{self, PySet};
use crate::interp::types;
use crate::interp::value::{Args, Class, SyncFn, Value};
use crate::interp::Interp;

fn this(a: &Args, m: &str) -> PyResult<Rc<RefCell<PySet>>> {
    match a.pos.first() {
        Some(Value::Set(d) | Value::FrozenSet(d)) => Ok(d.clone()),
        Some(o) => Err(PyErr::type_error(format!(
            "descriptor '{m}' for 'set' objects doesn't apply to a '{}' object",
            type_name(o)
        ))),
        None => Err(PyErr::type_error(format!(
            "unbound method set.{m}() needs an argument"
        ))),
    }
}

/// The same kind of set as `like` (`set` or `frozenset`) around `items`.
fn like(like: &Value, items: RefCell<PySet>) -> Value {
    match like {
        Value::FrozenSet(_) => Value::FrozenSet(Rc::new(items)),
        _ => Value::Set(Rc::new(items)),
    }
}

/// The key of an item looked up in a set: a `set` stands for the equal `frozenset`.
pub fn lookup_key(interp: &Interp, v: &Value) -> PyResult<Key> {
    match v {
        Value::Set(s) => Key::new(
            interp,
            Value::FrozenSet(Rc::new(RefCell::new(s.borrow().clone()))),
        ),
        _ => Key::new(interp, v.clone()),
    }
}

fn key_error(v: &Value) -> PyErr {
    PyErr::from_instance(new_exception(types::class("KeyError"), vec![v.clone()]))
}

fn s_add(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("set.add", &a, 2, 2)?;
    let s = this(&a, "add")?;
    PySet::add(interp, &s, Key::new(interp, a.pos[1].clone())?)?;
    Ok(Value::None)
}

fn s_discard(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("set.discard", &a, 2, 2)?;
    let s = this(&a, "discard")?;
    PySet::discard(interp, &s, &lookup_key(interp, &a.pos[1])?)?;
    Ok(Value::None)
}

fn s_remove(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("set.remove", &a, 2, 2)?;
    let s = this(&a, "remove")?;
    if PySet::discard(interp, &s, &lookup_key(interp, &a.pos[1])?)? {
        Ok(Value::None)
    } else {
        Err(key_error(&a.pos[1]))
    }
}

fn s_pop(_: &Interp, a: Args) -> PyResult<Value> {
    arity("set.pop", &a, 1, 1)?;
    let popped = this(&a, "pop")?.borrow_mut().pop();
    popped.ok_or_else(|| key_error(&Value::str("pop from an empty set")))
}

fn s_clear(_: &Interp, a: Args) -> PyResult<Value> {
    arity("set.clear", &a, 1, 1)?;
    this(&a, "clear")?.borrow_mut().clear();
    Ok(Value::None)
}

fn s_copy(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("set.copy", &a, 1, 1)?;
    if let Value::FrozenSet(_) = &a.pos[0] {
        return Ok(a.pos[0].clone());
    }
    let s = this(&a, "copy")?;
    Ok(like(&a.pos[0], set::copy(interp, &s)?))
}

fn s_contains(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("__contains__", &a, 2, 2)?;
    let s = this(&a, "__contains__")?;
    Ok(Value::Bool(PySet::contains(
        interp,
        &s,
        &lookup_key(interp, &a.pos[1])?,
    )?))
}

fn s_union(interp: &Interp, a: Args) -> PyResult<Value> {
    no_kw("set.union", &a)?;
    let s = this(&a, "union")?;
    let out = set::copy(interp, &s)?;
    for o in &a.pos[1..] {
        set::update(interp, &out, o)?;
    }
    Ok(like(&a.pos[0], out))
}

fn s_update(interp: &Interp, a: Args) -> PyResult<Value> {
    no_kw("set.update", &a)?;
    let s = this(&a, "update")?;
    for o in &a.pos[1..] {
        set::update(interp, &s, o)?;
    }
    Ok(Value::None)
}

/// `a.intersection(*others)` as a new set of `a`'s kind.
fn intersect_all(interp: &Interp, a: &Args) -> PyResult<RefCell<PySet>> {
    let s = this(a, "intersection")?;
    if a.pos.len() == 1 {
        return set::copy(interp, &s);
    }
    let mut acc = a.pos[0].clone();
    for o in &a.pos[1..] {
        acc = Value::Set(Rc::new(set::intersection(interp, &acc, o)?));
    }
    match acc {
        Value::Set(r) => Ok(Rc::try_unwrap(r).unwrap_or_else(|r| r.as_ref().clone())),
        _ => Ok(RefCell::new(PySet::new())),
    }
}

fn s_intersection(interp: &Interp, a: Args) -> PyResult<Value> {
    no_kw("set.intersection", &a)?;
    let out = intersect_all(interp, &a)?;
    Ok(like(&a.pos[0], out))
}

fn s_intersection_update(interp: &Interp, a: Args) -> PyResult<Value> {
    no_kw("set.intersection_update", &a)?;
    let out = intersect_all(interp, &a)?;
    *this(&a, "intersection_update")?.borrow_mut() = out.into_inner();
    Ok(Value::None)
}

fn s_difference(interp: &Interp, a: Args) -> PyResult<Value> {
    no_kw("set.difference", &a)?;
    let s = this(&a, "difference")?;
    let out = match a.pos.get(1) {
        None => set::copy(interp, &s)?,
        Some(first) => set::difference(interp, &s, first)?,
    };
    for o in a.pos.iter().skip(2) {
        set::difference_update(interp, &out, o)?;
    }
    Ok(like(&a.pos[0], out))
}

fn s_difference_update(interp: &Interp, a: Args) -> PyResult<Value> {
    no_kw("set.difference_update", &a)?;
    let s = this(&a, "difference_update")?;
    for o in &a.pos[1..] {
        set::difference_update(interp, &s, o)?;
    }
    Ok(Value::None)
}

fn s_symmetric_difference(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("set.symmetric_difference", &a, 2, 2)?;
    let out = set::symmetric_difference(interp, &a.pos[0], &a.pos[1])?;
    Ok(like(&a.pos[0], out))
}

fn s_symmetric_difference_update(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("set.symmetric_difference_update", &a, 2, 2)?;
    let s = this(&a, "symmetric_difference_update")?;
    set::symmetric_difference_update(interp, &s, &a.pos[1])?;
    Ok(Value::None)
}

/// `other` as a set (itself when it is one).
fn as_set(interp: &Interp, other: &Value) -> PyResult<Value> {
    match other {
        Value::Set(_) | Value::FrozenSet(_) => Ok(other.clone()),
        _ => Ok(Value::Set(Rc::new(set::build(
            interp,
            interp.collect_sync(other)?,
        )?))),
    }
}

fn s_issubset(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("set.issubset", &a, 2, 2)?;
    let s = this(&a, "issubset")?;
    let other = as_set(interp, &a.pos[1])?;
    let n = crate::interp::builtins::len_of(interp, &other)? as usize;
    Ok(Value::Bool(
        s.borrow().len() <= n && set::is_subset(interp, &s, &other)?,
    ))
}

fn s_issuperset(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("set.issuperset", &a, 2, 2)?;
    let s = this(&a, "issuperset")?;
    for v in interp.collect_sync(&a.pos[1])? {
        if !PySet::contains(interp, &s, &Key::new(interp, v)?)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn s_isdisjoint(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("set.isdisjoint", &a, 2, 2)?;
    this(&a, "isdisjoint")?;
    let common = set::intersection(interp, &a.pos[0], &as_set(interp, &a.pos[1])?)?;
    let empty = common.borrow().is_empty();
    Ok(Value::Bool(empty))
}

/// Installs the methods of `set` and `frozenset`.
pub fn install(set_class: &Rc<Class>, frozenset_class: &Rc<Class>) {
    let shared: &[(&'static str, SyncFn)] = &[
        ("copy", s_copy),
        ("union", s_union),
        ("intersection", s_intersection),
        ("difference", s_difference),
        ("symmetric_difference", s_symmetric_difference),
        ("issubset", s_issubset),
        ("issuperset", s_issuperset),
        ("isdisjoint", s_isdisjoint),
        ("__contains__", s_contains),
    ];
    let mutating: &[(&'static str, SyncFn)] = &[
        ("add", s_add),
        ("discard", s_discard),
        ("remove", s_remove),
        ("pop", s_pop),
        ("clear", s_clear),
        ("update", s_update),
        ("intersection_update", s_intersection_update),
        ("difference_update", s_difference_update),
        ("symmetric_difference_update", s_symmetric_difference_update),
    ];
    for (class, methods) in [
        (set_class, shared),
        (set_class, mutating),
        (frozenset_class, shared),
    ] {
        let mut d = class.dict.borrow_mut();
        for (name, f) in methods {
            d.insert(Rc::from(*name), func(name, *f));
        }
    }
}
