//! Methods of built-in types (`str.split`, `list.append`, `dict.get`...) and of
//! `BaseException`, installed into the built-in classes' namespaces. Each takes `self` as its
//! first positional argument.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::interp::builtins::{arity, func, int_arg, len_of, no_kw, sort_values, take_kw};
use crate::interp::dict::Key;
use crate::interp::error::{exception_str, new_exception, PyErr, PyResult};
use crate::interp::limits;
use crate::interp::ops::{self, type_name};
use crate::interp::types;
use crate::interp::value::{
    Args, Class, DictIterKind, Instance, IterState, Payload, SyncFn, TypeKind, Value,
};
use crate::interp::Interp;

fn this_str(a: &Args, m: &str) -> PyResult<Rc<str>> {
    match a.pos.first() {
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(o) => Err(PyErr::type_error(format!(
            "descriptor '{m}' for 'str' objects doesn't apply to a '{}' object",
            type_name(o)
        ))),
        None => Err(PyErr::type_error(format!(
            "unbound method str.{m}() needs an argument"
        ))),
    }
}

fn str_arg(v: &Value, m: &str) -> PyResult<Rc<str>> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        o => Err(PyErr::type_error(format!(
            "{m} arg must be None or str, not {}",
            type_name(o)
        ))),
    }
}

fn s(v: String) -> PyResult<Value> {
    Ok(Value::str(&v))
}

fn m_upper(_: &Interp, a: Args) -> PyResult<Value> {
    s(this_str(&a, "upper")?.to_uppercase())
}
fn m_lower(_: &Interp, a: Args) -> PyResult<Value> {
    s(this_str(&a, "lower")?.to_lowercase())
}
fn m_casefold(_: &Interp, a: Args) -> PyResult<Value> {
    s(this_str(&a, "casefold")?.to_lowercase())
}
fn m_swapcase(_: &Interp, a: Args) -> PyResult<Value> {
    s(this_str(&a, "swapcase")?
        .chars()
        .map(|c| {
            if c.is_uppercase() {
                c.to_lowercase().collect::<String>()
            } else {
                c.to_uppercase().collect()
            }
        })
        .collect())
}
fn m_title(_: &Interp, a: Args) -> PyResult<Value> {
    let mut out = String::new();
    let mut prev_cased = false;
    for c in this_str(&a, "title")?.chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = c.is_alphabetic();
    }
    s(out)
}
fn m_capitalize(_: &Interp, a: Args) -> PyResult<Value> {
    let t = this_str(&a, "capitalize")?;
    let mut cs = t.chars();
    s(match cs.next() {
        Some(f) => f
            .to_uppercase()
            .chain(cs.flat_map(|c| c.to_lowercase()))
            .collect(),
        None => String::new(),
    })
}

fn strip_chars(a: &Args) -> PyResult<Option<Vec<char>>> {
    match a.pos.get(1) {
        None | Some(Value::None) => Ok(None),
        Some(v) => Ok(Some(str_arg(v, "strip")?.chars().collect())),
    }
}
fn m_strip(_: &Interp, a: Args) -> PyResult<Value> {
    let t = this_str(&a, "strip")?;
    s(match strip_chars(&a)? {
        None => t.trim().to_string(),
        Some(cs) => t.trim_matches(|c| cs.contains(&c)).to_string(),
    })
}
fn m_lstrip(_: &Interp, a: Args) -> PyResult<Value> {
    let t = this_str(&a, "lstrip")?;
    s(match strip_chars(&a)? {
        None => t.trim_start().to_string(),
        Some(cs) => t.trim_start_matches(|c| cs.contains(&c)).to_string(),
    })
}
fn m_rstrip(_: &Interp, a: Args) -> PyResult<Value> {
    let t = this_str(&a, "rstrip")?;
    s(match strip_chars(&a)? {
        None => t.trim_end().to_string(),
        Some(cs) => t.trim_end_matches(|c| cs.contains(&c)).to_string(),
    })
}

/// The `sep` and `maxsplit` arguments of `split`/`rsplit` (positional or keyword).
fn split_args(a: &mut Args) -> PyResult<(Option<Value>, i64)> {
    let sep = take_kw(a, "sep").or_else(|| a.pos.get(1).cloned());
    let maxsplit = take_kw(a, "maxsplit")
        .or_else(|| a.pos.get(2).cloned())
        .map(|v| int_arg(&v, ""))
        .transpose()?
        .unwrap_or(-1);
    Ok((sep, maxsplit))
}

fn m_split(_: &Interp, mut a: Args) -> PyResult<Value> {
    let (sep, maxsplit) = split_args(&mut a)?;
    let t = this_str(&a, "split")?;
    let parts: Vec<String> = match sep {
        None | Some(Value::None) => {
            let mut out = Vec::new();
            let mut rest = t.trim_start();
            while !rest.is_empty() {
                if maxsplit >= 0 && out.len() as i64 == maxsplit {
                    out.push(rest.to_string());
                    break;
                }
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                out.push(rest[..end].to_string());
                rest = rest[end..].trim_start();
            }
            out
        }
        Some(v) => {
            let sep = str_arg(&v, "split")?;
            if sep.is_empty() {
                return Err(PyErr::value_error("empty separator"));
            }
            if maxsplit < 0 {
                t.split(&*sep).map(String::from).collect()
            } else {
                t.splitn(maxsplit as usize + 1, &*sep)
                    .map(String::from)
                    .collect()
            }
        }
    };
    Ok(Value::list(
        parts.into_iter().map(|p| Value::str(&p)).collect(),
    ))
}

fn m_rsplit(_: &Interp, mut a: Args) -> PyResult<Value> {
    let (sep, maxsplit) = split_args(&mut a)?;
    let t = this_str(&a, "rsplit")?;
    let mut parts: Vec<String> = match sep {
        None | Some(Value::None) => {
            let mut out = Vec::new();
            let mut rest = t.trim_end();
            while !rest.is_empty() {
                if maxsplit >= 0 && out.len() as i64 == maxsplit {
                    out.push(rest.to_string());
                    break;
                }
                let start = rest
                    .rfind(char::is_whitespace)
                    .map(|i| i + rest[i..].chars().next().map_or(1, |c| c.len_utf8()))
                    .unwrap_or(0);
                out.push(rest[start..].to_string());
                rest = rest[..start].trim_end();
            }
            out
        }
        Some(v) => {
            let sep = str_arg(&v, "rsplit")?;
            if sep.is_empty() {
                return Err(PyErr::value_error("empty separator"));
            }
            if maxsplit < 0 {
                t.rsplit(&*sep).map(String::from).collect()
            } else {
                t.rsplitn(maxsplit as usize + 1, &*sep)
                    .map(String::from)
                    .collect()
            }
        }
    };
    parts.reverse();
    Ok(Value::list(
        parts.into_iter().map(|p| Value::str(&p)).collect(),
    ))
}

fn m_splitlines(_: &Interp, a: Args) -> PyResult<Value> {
    let t = this_str(&a, "splitlines")?;
    Ok(Value::list(t.lines().map(Value::str).collect()))
}

fn m_join(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("join", &a, 2, 2)?;
    let sep = this_str(&a, "join")?;
    let items = interp.collect_sync(&a.pos[1])?;
    let parts: usize = items
        .iter()
        .map(|x| match x {
            Value::Str(p) => p.len(),
            _ => 0,
        })
        .fold(0, usize::saturating_add);
    let seps = sep.len().saturating_mul(items.len().saturating_sub(1));
    limits::reserve(parts.saturating_add(seps) as u64)?;
    let mut out = String::new();
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match x {
            Value::Str(p) => out.push_str(p),
            o => {
                return Err(PyErr::type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    type_name(o)
                )))
            }
        }
    }
    s(out)
}

fn m_replace(_: &Interp, a: Args) -> PyResult<Value> {
    arity("replace", &a, 3, 4)?;
    let t = this_str(&a, "replace")?;
    let old = str_arg(&a.pos[1], "replace")?;
    let new = str_arg(&a.pos[2], "replace")?;
    let count = a
        .pos
        .get(3)
        .map(|v| int_arg(v, ""))
        .transpose()?
        .unwrap_or(-1);
    if new.len() > old.len() {
        let found = if old.is_empty() {
            t.chars().count() + 1
        } else {
            t.matches(&*old).count()
        };
        let n = if count < 0 {
            found
        } else {
            found.min(count as usize)
        };
        limits::reserve_items(n as u64, (new.len() - old.len()) as u64)?;
    }
    s(if count < 0 {
        t.replace(&*old, &new)
    } else {
        t.replacen(&*old, &new, count as usize)
    })
}

fn prefix_test(a: &Args, name: &str, f: fn(&str, &str) -> bool) -> PyResult<Value> {
    arity(name, a, 2, 2)?;
    let t = this_str(a, name)?;
    match &a.pos[1] {
        Value::Str(p) => Ok(Value::Bool(f(&t, p))),
        Value::Tuple(items) => Ok(Value::Bool(
            items.iter().any(|x| matches!(x, Value::Str(p) if f(&t, p))),
        )),
        o => Err(PyErr::type_error(format!(
            "{name} first arg must be str or a tuple of str, not {}",
            type_name(o)
        ))),
    }
}
fn m_startswith(_: &Interp, a: Args) -> PyResult<Value> {
    prefix_test(&a, "startswith", |t, p| t.starts_with(p))
}
fn m_endswith(_: &Interp, a: Args) -> PyResult<Value> {
    prefix_test(&a, "endswith", |t, p| t.ends_with(p))
}

fn char_index(t: &str, byte: usize) -> i64 {
    t[..byte].chars().count() as i64
}

fn m_find(_: &Interp, a: Args) -> PyResult<Value> {
    arity("find", &a, 2, 2)?;
    let t = this_str(&a, "find")?;
    let sub = str_arg(&a.pos[1], "find")?;
    Ok(Value::Int(
        t.find(&*sub).map(|b| char_index(&t, b)).unwrap_or(-1),
    ))
}
fn m_rfind(_: &Interp, a: Args) -> PyResult<Value> {
    arity("rfind", &a, 2, 2)?;
    let t = this_str(&a, "rfind")?;
    let sub = str_arg(&a.pos[1], "rfind")?;
    Ok(Value::Int(
        t.rfind(&*sub).map(|b| char_index(&t, b)).unwrap_or(-1),
    ))
}
fn m_str_index(_: &Interp, a: Args) -> PyResult<Value> {
    arity("index", &a, 2, 2)?;
    let t = this_str(&a, "index")?;
    let sub = str_arg(&a.pos[1], "index")?;
    t.find(&*sub)
        .map(|b| Value::Int(char_index(&t, b)))
        .ok_or_else(|| PyErr::value_error("substring not found"))
}
fn m_str_count(_: &Interp, a: Args) -> PyResult<Value> {
    arity("count", &a, 2, 2)?;
    let t = this_str(&a, "count")?;
    let sub = str_arg(&a.pos[1], "count")?;
    Ok(Value::Int(if sub.is_empty() {
        t.chars().count() as i64 + 1
    } else {
        t.matches(&*sub).count() as i64
    }))
}

fn pred(a: &Args, name: &str, f: fn(char) -> bool) -> PyResult<Value> {
    let t = this_str(a, name)?;
    Ok(Value::Bool(!t.is_empty() && t.chars().all(f)))
}
fn m_isdigit(_: &Interp, a: Args) -> PyResult<Value> {
    pred(&a, "isdigit", |c| c.is_ascii_digit())
}
fn m_isalpha(_: &Interp, a: Args) -> PyResult<Value> {
    pred(&a, "isalpha", char::is_alphabetic)
}
fn m_isalnum(_: &Interp, a: Args) -> PyResult<Value> {
    pred(&a, "isalnum", char::is_alphanumeric)
}
fn m_isspace(_: &Interp, a: Args) -> PyResult<Value> {
    pred(&a, "isspace", char::is_whitespace)
}
fn m_isupper(_: &Interp, a: Args) -> PyResult<Value> {
    let t = this_str(&a, "isupper")?;
    Ok(Value::Bool(
        t.chars().any(char::is_uppercase) && !t.chars().any(char::is_lowercase),
    ))
}
fn m_islower(_: &Interp, a: Args) -> PyResult<Value> {
    let t = this_str(&a, "islower")?;
    Ok(Value::Bool(
        t.chars().any(char::is_lowercase) && !t.chars().any(char::is_uppercase),
    ))
}

fn pad(a: &Args, name: &str, align: char) -> PyResult<Value> {
    arity(name, a, 2, 3)?;
    let t = this_str(a, name)?;
    let width = int_arg(&a.pos[1], "")?.max(0) as u64;
    let fill = match a.pos.get(2) {
        Some(Value::Str(f)) if f.chars().count() == 1 => f.chars().next().unwrap_or(' '),
        Some(_) => {
            return Err(PyErr::type_error(
                "The fill character must be exactly one character long",
            ))
        }
        None => ' ',
    };
    let n = t.chars().count() as u64;
    if n >= width {
        return Ok(Value::Str(t));
    }
    limits::reserve_items(width - n, fill.len_utf8() as u64)?;
    // It fits in memory, so in a usize too.
    let (width, total) = (width as usize, (width - n) as usize);
    let (l, r) = match align {
        '<' => (0, total),
        '>' => (total, 0),
        _ => {
            let l = total / 2 + (total & width & 1);
            (l, total - l)
        }
    };
    let f = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
    s(format!("{}{}{}", f(l), t, f(r)))
}
fn m_center(_: &Interp, a: Args) -> PyResult<Value> {
    pad(&a, "center", '^')
}
fn m_ljust(_: &Interp, a: Args) -> PyResult<Value> {
    pad(&a, "ljust", '<')
}
fn m_rjust(_: &Interp, a: Args) -> PyResult<Value> {
    pad(&a, "rjust", '>')
}
fn m_zfill(_: &Interp, a: Args) -> PyResult<Value> {
    arity("zfill", &a, 2, 2)?;
    let t = this_str(&a, "zfill")?;
    let width = int_arg(&a.pos[1], "")?.max(0) as u64;
    let n = t.chars().count() as u64;
    if n >= width {
        return Ok(Value::Str(t));
    }
    limits::reserve(width - n)?;
    let (width, n) = (width as usize, n as usize);
    let (sign, rest) = if t.starts_with('-') || t.starts_with('+') {
        t.split_at(1)
    } else {
        ("", &*t)
    };
    s(format!("{sign}{}{rest}", "0".repeat(width - n)))
}
fn m_partition(_: &Interp, a: Args) -> PyResult<Value> {
    arity("partition", &a, 2, 2)?;
    let t = this_str(&a, "partition")?;
    let sep = str_arg(&a.pos[1], "partition")?;
    Ok(Value::tuple(match t.split_once(&*sep) {
        Some((l, r)) => vec![Value::str(l), Value::Str(sep.clone()), Value::str(r)],
        None => vec![Value::Str(t.clone()), Value::str(""), Value::str("")],
    }))
}
fn m_rpartition(_: &Interp, a: Args) -> PyResult<Value> {
    arity("rpartition", &a, 2, 2)?;
    let t = this_str(&a, "rpartition")?;
    let sep = str_arg(&a.pos[1], "rpartition")?;
    Ok(Value::tuple(match t.rsplit_once(&*sep) {
        Some((l, r)) => vec![Value::str(l), Value::Str(sep.clone()), Value::str(r)],
        None => vec![Value::str(""), Value::str(""), Value::Str(t.clone())],
    }))
}
fn m_removeprefix(_: &Interp, a: Args) -> PyResult<Value> {
    arity("removeprefix", &a, 2, 2)?;
    let t = this_str(&a, "removeprefix")?;
    let p = str_arg(&a.pos[1], "removeprefix")?;
    s(t.strip_prefix(&*p).unwrap_or(&t).to_string())
}
fn m_removesuffix(_: &Interp, a: Args) -> PyResult<Value> {
    arity("removesuffix", &a, 2, 2)?;
    let t = this_str(&a, "removesuffix")?;
    let p = str_arg(&a.pos[1], "removesuffix")?;
    s(t.strip_suffix(&*p).unwrap_or(&t).to_string())
}

/// `str.format(*args, **kwargs)`.
fn m_format(interp: &Interp, a: Args) -> PyResult<Value> {
    let t = this_str(&a, "format")?;
    let pos = &a.pos[1..];
    let kw: HashMap<&str, &Value> = a.kw.iter().map(|(k, v)| (&**k, v)).collect();
    let mut out = String::new();
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    let mut auto = 0usize;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            if chars.get(i + 1) == Some(&'{') {
                out.push('{');
                i += 2;
                continue;
            }
            let mut depth = 1;
            let mut j = i + 1;
            while j < chars.len() && depth > 0 {
                match chars[j] {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                j += 1;
            }
            if depth != 0 {
                return Err(PyErr::value_error("expected '}' before end of string"));
            }
            let field: String = chars[i + 1..j - 1].iter().collect();
            let (head, spec) = match field.find(':') {
                Some(p) => (&field[..p], &field[p + 1..]),
                None => (&field[..], ""),
            };
            let (name, conv) = match head.find('!') {
                Some(p) => (&head[..p], head[p + 1..].chars().next()),
                None => (head, None),
            };
            let first_len = name.find(['.', '[']).unwrap_or(name.len());
            let first = &name[..first_len];
            let mut v = if first.is_empty() {
                let v = pos.get(auto).cloned().ok_or_else(|| {
                    PyErr::new(
                        "IndexError",
                        format!("Replacement index {auto} out of range for positional args tuple"),
                    )
                })?;
                auto += 1;
                v
            } else if let Ok(n) = first.parse::<usize>() {
                pos.get(n).cloned().ok_or_else(|| {
                    PyErr::new(
                        "IndexError",
                        format!("Replacement index {n} out of range for positional args tuple"),
                    )
                })?
            } else {
                kw.get(first).map(|v| (*v).clone()).ok_or_else(|| {
                    PyErr::from_instance(new_exception(
                        types::class("KeyError"),
                        vec![Value::str(first)],
                    ))
                })?
            };
            let mut rest = &name[first_len..];
            while !rest.is_empty() {
                if let Some(r) = rest.strip_prefix('.') {
                    let end = r.find(['.', '[']).unwrap_or(r.len());
                    v = interp.getattr(&v, &r[..end])?;
                    rest = &r[end..];
                } else if let Some(r) = rest.strip_prefix('[') {
                    let end = r
                        .find(']')
                        .ok_or_else(|| PyErr::value_error("Missing ']' in format string"))?;
                    let k = &r[..end];
                    let key = k
                        .parse::<i64>()
                        .map(Value::Int)
                        .unwrap_or_else(|_| Value::str(k));
                    v = ops::getitem(interp, &v, &key)?;
                    rest = &r[end + 1..];
                } else {
                    break;
                }
            }
            let spec = if spec.contains('{') {
                let inner = m_format(
                    interp,
                    Args {
                        pos: std::iter::once(Value::str(spec))
                            .chain(pos.iter().cloned())
                            .collect(),
                        kw: a.kw.clone(),
                    },
                )?;
                ops::str_plain(&inner)
            } else {
                spec.to_string()
            };
            let v = match conv {
                Some('r') => Value::str(&ops::repr(interp, &v)?),
                Some('s') => Value::str(&ops::str(interp, &v)?),
                _ => v,
            };
            out.push_str(&ops::format(interp, &v, &spec)?);
            i = j;
        } else if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(PyErr::value_error(
                "Single '}' encountered in format string",
            ));
        } else {
            out.push(c);
            i += 1;
        }
    }
    s(out)
}

// ----- list -----

fn this_list(a: &Args, m: &str) -> PyResult<Rc<RefCell<Vec<Value>>>> {
    match a.pos.first() {
        Some(Value::List(l)) => Ok(l.clone()),
        _ => Err(PyErr::type_error(format!(
            "descriptor '{m}' requires a 'list' object"
        ))),
    }
}

fn m_append(_: &Interp, a: Args) -> PyResult<Value> {
    arity("append", &a, 2, 2)?;
    this_list(&a, "append")?.borrow_mut().push(a.pos[1].clone());
    Ok(Value::None)
}
fn m_extend(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("extend", &a, 2, 2)?;
    let items = interp.collect_sync(&a.pos[1])?;
    this_list(&a, "extend")?.borrow_mut().extend(items);
    Ok(Value::None)
}
fn m_insert(_: &Interp, a: Args) -> PyResult<Value> {
    arity("insert", &a, 3, 3)?;
    let l = this_list(&a, "insert")?;
    let mut l = l.borrow_mut();
    let n = l.len() as i64;
    let i = int_arg(&a.pos[1], "")?;
    let i = if i < 0 { (i + n).max(0) } else { i.min(n) };
    l.insert(i as usize, a.pos[2].clone());
    Ok(Value::None)
}
fn m_list_pop(_: &Interp, a: Args) -> PyResult<Value> {
    arity("pop", &a, 1, 2)?;
    let l = this_list(&a, "pop")?;
    let mut l = l.borrow_mut();
    if l.is_empty() {
        return Err(PyErr::new("IndexError", "pop from empty list"));
    }
    let n = l.len() as i64;
    let i = a
        .pos
        .get(1)
        .map(|v| int_arg(v, ""))
        .transpose()?
        .unwrap_or(-1);
    let i = if i < 0 { i + n } else { i };
    if i < 0 || i >= n {
        return Err(PyErr::new("IndexError", "pop index out of range"));
    }
    Ok(l.remove(i as usize))
}
fn m_remove(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("remove", &a, 2, 2)?;
    let l = this_list(&a, "remove")?;
    let items = l.borrow().clone();
    for (i, x) in items.iter().enumerate() {
        if ops::eq(interp, x, &a.pos[1])? {
            l.borrow_mut().remove(i);
            return Ok(Value::None);
        }
    }
    Err(PyErr::value_error("list.remove(x): x not in list"))
}
fn m_seq_index(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("index", &a, 2, 4)?;
    let items = ops::fast_items(&a.pos[0]).unwrap_or_default();
    for (i, x) in items.iter().enumerate() {
        if ops::eq(interp, x, &a.pos[1])? {
            return Ok(Value::Int(i as i64));
        }
    }
    Err(PyErr::value_error(if matches!(a.pos[0], Value::Tuple(_)) {
        "tuple.index(x): x not in tuple".to_string()
    } else {
        format!("{} is not in list", ops::repr(interp, &a.pos[1])?)
    }))
}
fn m_seq_count(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("count", &a, 2, 2)?;
    let items = ops::fast_items(&a.pos[0]).unwrap_or_default();
    let mut n = 0;
    for x in &items {
        if ops::eq(interp, x, &a.pos[1])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}
fn m_sort(interp: &Interp, mut a: Args) -> PyResult<Value> {
    let key = take_kw(&mut a, "key").filter(|k| !k.is_none());
    let reverse = take_kw(&mut a, "reverse")
        .map(|r| ops::truthy(interp, &r))
        .transpose()?
        .unwrap_or(false);
    no_kw("sort", &a)?;
    let l = this_list(&a, "sort")?;
    let mut items = l.borrow().clone();
    sort_values(interp, &mut items, key.as_ref(), reverse)?;
    *l.borrow_mut() = items;
    Ok(Value::None)
}
fn m_reverse(_: &Interp, a: Args) -> PyResult<Value> {
    this_list(&a, "reverse")?.borrow_mut().reverse();
    Ok(Value::None)
}
fn m_clear(_: &Interp, a: Args) -> PyResult<Value> {
    match a.pos.first() {
        Some(Value::List(l)) => l.borrow_mut().clear(),
        Some(Value::Dict(d)) | Some(Value::Set(d)) => d.borrow_mut().clear(),
        _ => return Err(PyErr::type_error("clear() needs a container")),
    }
    Ok(Value::None)
}
fn m_copy(_: &Interp, a: Args) -> PyResult<Value> {
    match a.pos.first() {
        Some(Value::List(l)) => Ok(Value::list(l.borrow().clone())),
        Some(Value::Dict(d)) => Ok(Value::Dict(Rc::new(RefCell::new(d.borrow().clone())))),
        Some(Value::Set(d)) => Ok(Value::Set(Rc::new(RefCell::new(d.borrow().clone())))),
        _ => Err(PyErr::type_error("copy() needs a container")),
    }
}

// ----- dict -----

fn this_dict(a: &Args, m: &str) -> PyResult<Rc<RefCell<crate::interp::dict::Dict>>> {
    match a.pos.first() {
        Some(Value::Dict(d)) => Ok(d.clone()),
        _ => Err(PyErr::type_error(format!(
            "descriptor '{m}' requires a 'dict' object"
        ))),
    }
}

fn view(a: &Args, name: &str, kind: DictIterKind) -> PyResult<Value> {
    let d = this_dict(a, name)?;
    Ok(Value::Instance(Rc::new(Instance {
        class: view_class(kind),
        dict: RefCell::new(Default::default()),
        payload: Payload::Native(Box::new(DictView { dict: d, kind })),
    })))
}

/// A dict view (`dict_keys`, `dict_values`, `dict_items`).
pub struct DictView {
    /// The dict viewed.
    pub dict: Rc<RefCell<crate::interp::dict::Dict>>,
    /// What it shows.
    pub kind: DictIterKind,
}

fn view_items(v: &DictView) -> Vec<Value> {
    v.dict
        .borrow()
        .iter()
        .map(|(k, x)| match v.kind {
            DictIterKind::Keys => k.0.clone(),
            DictIterKind::Values => x.clone(),
            DictIterKind::Items => Value::tuple(vec![k.0.clone(), x.clone()]),
        })
        .collect()
}

fn this_view(a: &Args) -> PyResult<&DictView> {
    a.pos
        .first()
        .and_then(|v| v.as_instance())
        .and_then(|i| i.native::<DictView>())
        .ok_or_else(|| PyErr::type_error("expected a dict view"))
}

fn v_iter(_: &Interp, a: Args) -> PyResult<Value> {
    let v = this_view(&a)?;
    let len = v.dict.borrow().len();
    Ok(Value::Iter(Rc::new(RefCell::new(IterState::Dict {
        dict: v.dict.clone(),
        pos: 0,
        kind: v.kind,
        len,
    }))))
}
fn v_len(_: &Interp, a: Args) -> PyResult<Value> {
    Ok(Value::Int(this_view(&a)?.dict.borrow().len() as i64))
}
fn v_repr(interp: &Interp, a: Args) -> PyResult<Value> {
    let v = this_view(&a)?;
    let name = match v.kind {
        DictIterKind::Keys => "dict_keys",
        DictIterKind::Values => "dict_values",
        DictIterKind::Items => "dict_items",
    };
    s(format!(
        "{name}({})",
        ops::repr(interp, &Value::list(view_items(v)))?
    ))
}
fn v_contains(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("__contains__", &a, 2, 2)?;
    let v = this_view(&a)?;
    if v.kind == DictIterKind::Keys {
        return Ok(Value::Bool(
            v.dict.borrow().contains_key(&ops::key(a.pos[1].clone())?),
        ));
    }
    Ok(Value::Bool(ops::contains(
        interp,
        &Value::list(view_items(v)),
        &a.pos[1],
    )?))
}

fn view_class(kind: DictIterKind) -> Rc<Class> {
    thread_local! {
        static VIEWS: Vec<Rc<Class>> = [("dict_keys"), ("dict_values"), ("dict_items")].iter().map(|n| {
            let c = types::make_class(n, "builtins", vec![types::builtins().object.clone()], TypeKind::User, Default::default());
            let methods: &[(&'static str, SyncFn)] = &[("__iter__", v_iter), ("__len__", v_len), ("__repr__", v_repr), ("__contains__", v_contains)];
            for (name, f) in methods {
                c.dict.borrow_mut().insert(Rc::from(*name), func(name, *f));
            }
            c
        }).collect();
    }
    let i = match kind {
        DictIterKind::Keys => 0,
        DictIterKind::Values => 1,
        DictIterKind::Items => 2,
    };
    VIEWS.with(|v| v[i].clone())
}

fn m_keys(_: &Interp, a: Args) -> PyResult<Value> {
    view(&a, "keys", DictIterKind::Keys)
}
fn m_values(_: &Interp, a: Args) -> PyResult<Value> {
    view(&a, "values", DictIterKind::Values)
}
fn m_items(_: &Interp, a: Args) -> PyResult<Value> {
    view(&a, "items", DictIterKind::Items)
}
fn m_fromkeys(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("fromkeys", &a, 1, 2)?;
    let v = a.pos.get(1).cloned().unwrap_or(Value::None);
    let mut d = crate::interp::dict::new_dict();
    for k in interp.collect_sync(&a.pos[0])? {
        d.insert(ops::key(k)?, v.clone());
    }
    Ok(Value::Dict(Rc::new(RefCell::new(d))))
}
fn m_get(_: &Interp, a: Args) -> PyResult<Value> {
    arity("get", &a, 2, 3)?;
    let d = this_dict(&a, "get")?;
    let found = d.borrow().get(&ops::key(a.pos[1].clone())?).cloned();
    Ok(found.unwrap_or_else(|| a.pos.get(2).cloned().unwrap_or(Value::None)))
}
fn m_setdefault(_: &Interp, a: Args) -> PyResult<Value> {
    arity("setdefault", &a, 2, 3)?;
    let d = this_dict(&a, "setdefault")?;
    let k = ops::key(a.pos[1].clone())?;
    let mut d = d.borrow_mut();
    Ok(d.entry(k)
        .or_insert_with(|| a.pos.get(2).cloned().unwrap_or(Value::None))
        .clone())
}
fn m_update(interp: &Interp, a: Args) -> PyResult<Value> {
    let d = this_dict(&a, "update")?;
    let mut tmp = d.borrow().clone();
    if let Some(o) = a.pos.get(1) {
        ops::dict_update(interp, &mut tmp, o)?;
    }
    for (k, v) in &a.kw {
        tmp.insert(Key(Value::Str(k.clone())), v.clone());
    }
    *d.borrow_mut() = tmp;
    Ok(Value::None)
}
fn m_dict_pop(_: &Interp, a: Args) -> PyResult<Value> {
    arity("pop", &a, 2, 3)?;
    let d = this_dict(&a, "pop")?;
    let r = d.borrow_mut().shift_remove(&ops::key(a.pos[1].clone())?);
    match (r, a.pos.get(2)) {
        (Some(v), _) => Ok(v),
        (None, Some(dflt)) => Ok(dflt.clone()),
        (None, None) => Err(PyErr::from_instance(new_exception(
            types::class("KeyError"),
            vec![a.pos[1].clone()],
        ))),
    }
}
fn m_popitem(_: &Interp, a: Args) -> PyResult<Value> {
    let d = this_dict(&a, "popitem")?;
    let r = d.borrow_mut().pop();
    match r {
        Some((k, v)) => Ok(Value::tuple(vec![k.0, v])),
        None => Err(PyErr::from_instance(new_exception(
            types::class("KeyError"),
            vec![Value::str("popitem(): dictionary is empty")],
        ))),
    }
}

// ----- set -----

fn this_set(a: &Args, m: &str) -> PyResult<Rc<RefCell<crate::interp::dict::Dict>>> {
    match a.pos.first() {
        Some(Value::Set(d)) => Ok(d.clone()),
        _ => Err(PyErr::type_error(format!(
            "descriptor '{m}' requires a 'set' object"
        ))),
    }
}
fn m_add(_: &Interp, a: Args) -> PyResult<Value> {
    arity("add", &a, 2, 2)?;
    this_set(&a, "add")?
        .borrow_mut()
        .insert(ops::key(a.pos[1].clone())?, Value::None);
    Ok(Value::None)
}
fn m_discard(_: &Interp, a: Args) -> PyResult<Value> {
    arity("discard", &a, 2, 2)?;
    this_set(&a, "discard")?
        .borrow_mut()
        .shift_remove(&ops::key(a.pos[1].clone())?);
    Ok(Value::None)
}
fn m_set_remove(_: &Interp, a: Args) -> PyResult<Value> {
    arity("remove", &a, 2, 2)?;
    match this_set(&a, "remove")?
        .borrow_mut()
        .shift_remove(&ops::key(a.pos[1].clone())?)
    {
        Some(_) => Ok(Value::None),
        None => Err(PyErr::from_instance(new_exception(
            types::class("KeyError"),
            vec![a.pos[1].clone()],
        ))),
    }
}
fn m_set_pop(_: &Interp, a: Args) -> PyResult<Value> {
    let d = this_set(&a, "pop")?;
    let first = ops::set_order(&d.borrow()).into_iter().next();
    match first {
        Some(k) => {
            d.borrow_mut().shift_remove(&ops::key(k.clone())?);
            Ok(k)
        }
        None => Err(PyErr::from_instance(new_exception(
            types::class("KeyError"),
            vec![Value::str("pop from an empty set")],
        ))),
    }
}
fn set_op(interp: &Interp, a: Args, op: crate::syntax::ast::BinOp) -> PyResult<Value> {
    let mut acc = a
        .pos
        .first()
        .cloned()
        .ok_or_else(|| PyErr::type_error("set method needs self"))?;
    for o in &a.pos[1..] {
        let other = match o {
            Value::Set(_) => o.clone(),
            _ => ops::make_set(interp.collect_sync(o)?)?,
        };
        acc = ops::binop(interp, op, &acc, &other)?;
    }
    Ok(acc)
}
fn m_union(interp: &Interp, a: Args) -> PyResult<Value> {
    set_op(interp, a, crate::syntax::ast::BinOp::BitOr)
}
fn m_intersection(interp: &Interp, a: Args) -> PyResult<Value> {
    set_op(interp, a, crate::syntax::ast::BinOp::BitAnd)
}
fn m_difference(interp: &Interp, a: Args) -> PyResult<Value> {
    set_op(interp, a, crate::syntax::ast::BinOp::Sub)
}
fn m_symdiff(interp: &Interp, a: Args) -> PyResult<Value> {
    set_op(interp, a, crate::syntax::ast::BinOp::BitXor)
}
fn m_set_update(interp: &Interp, a: Args) -> PyResult<Value> {
    let d = this_set(&a, "update")?;
    for o in &a.pos[1..] {
        for x in interp.collect_sync(o)? {
            d.borrow_mut().insert(ops::key(x)?, Value::None);
        }
    }
    Ok(Value::None)
}
fn m_issubset(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("issubset", &a, 2, 2)?;
    let other = ops::make_set(interp.collect_sync(&a.pos[1])?)?;
    Ok(Value::Bool(ops::order(
        interp,
        crate::syntax::ast::CmpOp::LtE,
        &a.pos[0],
        &other,
    )?))
}
fn m_issuperset(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("issuperset", &a, 2, 2)?;
    let other = ops::make_set(interp.collect_sync(&a.pos[1])?)?;
    Ok(Value::Bool(ops::order(
        interp,
        crate::syntax::ast::CmpOp::GtE,
        &a.pos[0],
        &other,
    )?))
}
fn m_isdisjoint(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("isdisjoint", &a, 2, 2)?;
    let d = this_set(&a, "isdisjoint")?;
    for x in interp.collect_sync(&a.pos[1])? {
        if d.borrow().contains_key(&ops::key(x)?) {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

// ----- numbers -----

fn m_bit_length(_: &Interp, a: Args) -> PyResult<Value> {
    Ok(Value::Int(match a.pos.first() {
        Some(Value::Int(i)) => 64 - i.unsigned_abs().leading_zeros() as i64,
        Some(Value::Bool(b)) => *b as i64,
        Some(Value::BigInt(b)) => b.bits() as i64,
        _ => return Err(PyErr::type_error("bit_length needs an int")),
    }))
}
fn m_is_integer(_: &Interp, a: Args) -> PyResult<Value> {
    match a.pos.first() {
        Some(Value::Float(f)) => Ok(Value::Bool(f.is_finite() && f.fract() == 0.0)),
        _ => Err(PyErr::type_error("is_integer needs a float")),
    }
}

// ----- exceptions and object -----

fn e_init(_: &Interp, a: Args) -> PyResult<Value> {
    if let Some(Value::Instance(i)) = a.pos.first() {
        if let Some(d) = i.exc() {
            d.borrow_mut().args = a.pos[1..].to_vec();
        }
    }
    Ok(Value::None)
}
fn e_str(_: &Interp, a: Args) -> PyResult<Value> {
    match a.pos.first() {
        Some(Value::Instance(i)) => s(exception_str(i)),
        _ => s(String::new()),
    }
}
fn e_repr(interp: &Interp, a: Args) -> PyResult<Value> {
    match a.pos.first() {
        Some(Value::Instance(i)) => {
            let args = i.exc().map(|d| d.borrow().args.clone()).unwrap_or_default();
            let inner = if args.len() == 1 {
                ops::repr(interp, &args[0])?
            } else {
                args.iter()
                    .map(|x| ops::repr(interp, x))
                    .collect::<PyResult<Vec<_>>>()?
                    .join(", ")
            };
            s(format!("{}({inner})", i.class.name))
        }
        _ => s(String::new()),
    }
}
fn e_with_traceback(_: &Interp, a: Args) -> PyResult<Value> {
    Ok(a.pos.first().cloned().unwrap_or(Value::None))
}
fn e_add_note(_: &Interp, a: Args) -> PyResult<Value> {
    arity("add_note", &a, 2, 2)?;
    if let (Some(Value::Instance(i)), Value::Str(n)) = (a.pos.first(), &a.pos[1]) {
        if let Some(d) = i.exc() {
            d.borrow_mut().notes.push(n.clone());
        }
        return Ok(Value::None);
    }
    Err(PyErr::type_error("note must be a str"))
}
fn eg_new(_: &Interp, a: Args) -> PyResult<Value> {
    // ExceptionGroup(msg, excs) construction through __coroscope_new__.
    let msg = match a.pos.get(1) {
        Some(Value::Str(m)) => m.to_string(),
        _ => {
            return Err(PyErr::type_error(
                "BaseExceptionGroup.__new__() argument 1 must be str",
            ))
        }
    };
    let excs = a
        .pos
        .get(2)
        .and_then(ops::fast_items)
        .ok_or_else(|| PyErr::type_error("second argument (exceptions) must be a sequence"))?;
    if excs.is_empty() {
        return Err(PyErr::value_error(
            "second argument (exceptions) must be a non-empty sequence",
        ));
    }
    let plain_exceptions = excs.iter().all(
        |e| matches!(e, Value::Instance(i) if i.class.is_subclass(&types::class("Exception"))),
    );
    if !plain_exceptions
        && matches!(a.pos.first(), Some(Value::Class(c)) if &*c.name == "ExceptionGroup")
    {
        return Err(PyErr::type_error(
            "Cannot nest BaseExceptions in an ExceptionGroup",
        ));
    }
    let g = ops::new_exception_group(&msg, excs, false)?;
    Ok(Value::Instance(g))
}
fn o_init(_: &Interp, _: Args) -> PyResult<Value> {
    Ok(Value::None)
}
fn o_str(interp: &Interp, a: Args) -> PyResult<Value> {
    match a.pos.first() {
        Some(v) => s(ops::repr(interp, v)?),
        None => s(String::new()),
    }
}
fn o_repr(_: &Interp, a: Args) -> PyResult<Value> {
    match a.pos.first() {
        Some(v @ Value::Instance(i)) => s(format!(
            "<{}.{} object at 0x{:x}>",
            i.class.module,
            i.class.qualname,
            ops::hash_value(v).unwrap_or(0) as u64 & 0xffff_ffff_ffff
        )),
        Some(v) => s(ops::repr_plain(v)),
        None => s(String::new()),
    }
}
fn m_len_dunder(interp: &Interp, a: Args) -> PyResult<Value> {
    arity("__len__", &a, 1, 1)?;
    Ok(Value::Int(len_of(interp, &a.pos[0])?))
}

/// Installs the methods into the built-in classes (called once per thread).
pub fn install(by_name: &HashMap<&'static str, Rc<Class>>) {
    let add = |class: &str, methods: &[(&'static str, SyncFn)]| {
        if let Some(c) = by_name.get(class) {
            let mut d = c.dict.borrow_mut();
            for (name, f) in methods {
                d.insert(Rc::from(*name), func(name, *f));
            }
        }
    };
    add(
        "str",
        &[
            ("upper", m_upper),
            ("lower", m_lower),
            ("casefold", m_casefold),
            ("swapcase", m_swapcase),
            ("title", m_title),
            ("capitalize", m_capitalize),
            ("strip", m_strip),
            ("lstrip", m_lstrip),
            ("rstrip", m_rstrip),
            ("split", m_split),
            ("rsplit", m_rsplit),
            ("splitlines", m_splitlines),
            ("join", m_join),
            ("replace", m_replace),
            ("startswith", m_startswith),
            ("endswith", m_endswith),
            ("find", m_find),
            ("rfind", m_rfind),
            ("index", m_str_index),
            ("count", m_str_count),
            ("isdigit", m_isdigit),
            ("isnumeric", m_isdigit),
            ("isdecimal", m_isdigit),
            ("isalpha", m_isalpha),
            ("isalnum", m_isalnum),
            ("isspace", m_isspace),
            ("isupper", m_isupper),
            ("islower", m_islower),
            ("center", m_center),
            ("ljust", m_ljust),
            ("rjust", m_rjust),
            ("zfill", m_zfill),
            ("partition", m_partition),
            ("rpartition", m_rpartition),
            ("removeprefix", m_removeprefix),
            ("removesuffix", m_removesuffix),
            ("format", m_format),
            ("__len__", m_len_dunder),
        ],
    );
    add(
        "list",
        &[
            ("append", m_append),
            ("extend", m_extend),
            ("insert", m_insert),
            ("pop", m_list_pop),
            ("remove", m_remove),
            ("index", m_seq_index),
            ("count", m_seq_count),
            ("sort", m_sort),
            ("reverse", m_reverse),
            ("clear", m_clear),
            ("copy", m_copy),
            ("__len__", m_len_dunder),
        ],
    );
    add(
        "tuple",
        &[
            ("index", m_seq_index),
            ("count", m_seq_count),
            ("__len__", m_len_dunder),
        ],
    );
    add(
        "dict",
        &[
            ("keys", m_keys),
            ("values", m_values),
            ("items", m_items),
            ("get", m_get),
            ("fromkeys", m_fromkeys),
            ("setdefault", m_setdefault),
            ("update", m_update),
            ("pop", m_dict_pop),
            ("popitem", m_popitem),
            ("clear", m_clear),
            ("copy", m_copy),
            ("__len__", m_len_dunder),
        ],
    );
    add(
        "set",
        &[
            ("add", m_add),
            ("discard", m_discard),
            ("remove", m_set_remove),
            ("pop", m_set_pop),
            ("clear", m_clear),
            ("copy", m_copy),
            ("union", m_union),
            ("intersection", m_intersection),
            ("difference", m_difference),
            ("symmetric_difference", m_symdiff),
            ("update", m_set_update),
            ("issubset", m_issubset),
            ("issuperset", m_issuperset),
            ("isdisjoint", m_isdisjoint),
            ("__len__", m_len_dunder),
        ],
    );
    add("int", &[("bit_length", m_bit_length)]);
    add("float", &[("is_integer", m_is_integer)]);
    add(
        "BaseException",
        &[
            ("__init__", e_init),
            ("__str__", e_str),
            ("__repr__", e_repr),
            ("with_traceback", e_with_traceback),
            ("add_note", e_add_note),
        ],
    );
    add("BaseExceptionGroup", &[("__coroscope_new__", eg_new)]);
    add("ExceptionGroup", &[("__coroscope_new__", eg_new)]);
    add(
        "object",
        &[
            ("__init__", o_init),
            ("__str__", o_str),
            ("__repr__", o_repr),
        ],
    );
}
