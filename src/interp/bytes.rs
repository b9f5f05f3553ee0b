//! `bytes` and `bytearray`: their repr, membership and the helpers their methods share.

use crate::interp::error::{PyErr, PyResult};
use crate::interp::ops::type_name;
use crate::interp::value::Value;

/// The bytes of a `bytes` or `bytearray` value.
pub fn bytes_of(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::Bytes(b) => Some(b.to_vec()),
        Value::ByteArray(b) => Some(b.borrow().clone()),
        _ => None,
    }
}

/// CPython's repr of bytes: `b'...'` with `\x..` escapes (double quotes when the bytes hold a
/// single quote and no double quote).
pub fn repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote);
    out
}

/// `needle in haystack` for bytes: an int byte or a bytes-like subsequence.
pub fn contains(haystack: &Value, needle: &Value) -> PyResult<bool> {
    let h = bytes_of(haystack).unwrap_or_default();
    match needle {
        Value::Int(i) => {
            if !(0..256).contains(i) {
                return Err(PyErr::value_error("byte must be in range(0, 256)"));
            }
            Ok(h.contains(&(*i as u8)))
        }
        Value::Bool(b) => Ok(h.contains(&(*b as u8))),
        other => match bytes_of(other) {
            Some(n) => Ok(find(&h, &n, 0).is_some()),
            None => Err(PyErr::type_error(format!(
                "a bytes-like object is required, not '{}'",
                type_name(other)
            ))),
        },
    }
}

/// The first index at or after `from` where `needle` occurs in `hay`.
pub fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return (from <= hay.len()).then_some(from);
    }
    if needle.len() > hay.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| &hay[i..i + needle.len()] == needle)
}
