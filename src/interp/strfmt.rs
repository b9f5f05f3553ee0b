//! Glue between values and the pure formatting functions of [`format`](crate::interp::format)
//! and [`num`](crate::interp::num): `format(v, spec)`, `str % args`, and error conversion.

use num_bigint::BigInt;

use crate::interp::error::{new_exception, PyErr, PyResult};
use crate::interp::format::{self, FormatSpec, PercentArg, PercentArgs};
use crate::interp::num::NumError;
use crate::interp::value::Value;
use crate::interp::{ops, types, Interp};

/// Raises a [`NumError`] as the Python exception it names (`MemoryError` as CPython raises
/// it: bare).
pub fn num_err(e: NumError) -> PyErr {
    if e.kind == crate::interp::num::ExcKind::MemoryError {
        return crate::interp::limits::memory_error();
    }
    PyErr::from_instance(new_exception(
        types::class(e.kind.name()),
        vec![Value::str(&e.message)],
    ))
}

/// `format(v, spec)` for built-in numbers and strings (`spec` non-empty).
pub fn format_value(v: &Value, spec: &str) -> PyResult<String> {
    let s = FormatSpec::parse(spec).map_err(num_err)?;
    match v {
        Value::Int(i) => format::format_int(&BigInt::from(*i), &s).map_err(num_err),
        Value::BigInt(b) => format::format_int(b, &s).map_err(num_err),
        Value::Bool(b) => {
            if s.is_empty() {
                Ok(if *b { "True".into() } else { "False".into() })
            } else {
                format::format_int(&BigInt::from(*b as i64), &s).map_err(num_err)
            }
        }
        Value::Float(f) => format::format_float(*f, &s).map_err(num_err),
        Value::Str(st) => format::format_str(st, &s).map_err(num_err),
        other => {
            let text = ops::repr_plain(other);
            if spec.is_empty() {
                Ok(text)
            } else {
                Err(PyErr::type_error(format!(
                    "unsupported format string passed to {}.__format__",
                    ops::type_name(other)
                )))
            }
        }
    }
}

fn percent_arg(interp: &Interp, v: &Value) -> PyResult<PercentArg> {
    Ok(match v {
        Value::Int(i) => PercentArg::int(BigInt::from(*i)),
        Value::BigInt(b) => PercentArg::int((**b).clone()),
        Value::Bool(b) => PercentArg::bool(*b),
        Value::Float(f) => PercentArg::float(*f),
        Value::Str(s) => PercentArg::str(s.to_string(), ops::str_repr(s)),
        other => PercentArg::other(
            ops::type_name(other),
            ops::str(interp, other)?,
            ops::repr(interp, other)?,
        ),
    })
}

/// `template % args` (printf-style formatting).
pub fn percent(interp: &Interp, template: &str, rhs: &Value) -> PyResult<String> {
    match rhs {
        Value::Tuple(items) => {
            let args: Vec<PercentArg> = items
                .iter()
                .map(|x| percent_arg(interp, x))
                .collect::<PyResult<_>>()?;
            format::percent_format(template, PercentArgs::Tuple(&args)).map_err(num_err)
        }
        Value::Dict(d) => {
            let whole = percent_arg(interp, rhs)?;
            let d = d.clone();
            let mut lookup = |k: &str| -> Result<PercentArg, NumError> {
                let found = d
                    .borrow()
                    .get(&crate::interp::dict::Key(Value::str(k)))
                    .cloned();
                match found {
                    Some(v) => percent_arg(interp, &v).map_err(|e| {
                        NumError::new(crate::interp::num::ExcKind::TypeError, e.last_line())
                    }),
                    None => Err(NumError::new(
                        crate::interp::num::ExcKind::KeyError,
                        ops::str_repr(k),
                    )),
                }
            };
            format::percent_format(
                template,
                PercentArgs::Mapping {
                    whole: &whole,
                    lookup: &mut lookup,
                },
            )
            .map_err(num_err)
        }
        other => {
            let a = percent_arg(interp, other)?;
            format::percent_format(template, PercentArgs::Single(&a)).map_err(num_err)
        }
    }
}
