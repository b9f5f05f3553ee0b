//! Python exceptions as Rust errors: [`PyErr`] carries an exception instance through the
//! evaluator, collecting traceback entries as it leaves frames, and renders CPython's
//! traceback text.

use std::cell::RefCell;
use std::rc::Rc;

use crate::interp::types;
use crate::interp::value::{Class, ExcData, Instance, Payload, TbEntry, Value};
use crate::syntax::ast::Span;

/// The result of anything that can raise.
pub type PyResult<T> = Result<T, PyErr>;

/// A raised exception on its way up.
pub struct PyErr(Box<ErrInner>);

struct ErrInner {
    exc: Rc<Instance>,
    /// Set where the exception occurs in a frame (or re-enters one from a call); the next
    /// statement of that frame records a traceback entry and clears it.
    needs_frame: bool,
    /// The innermost expression span where it occurred in the current frame.
    span: Option<Span>,
}

impl std::fmt::Debug for PyErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.last_line())
    }
}

/// Creates an exception instance of `class` with `args`.
pub fn new_exception(class: Rc<Class>, args: Vec<Value>) -> Rc<Instance> {
    Rc::new(Instance {
        class,
        dict: RefCell::new(Default::default()),
        payload: Payload::Exc(RefCell::new(ExcData {
            args,
            ..ExcData::default()
        })),
    })
}

impl PyErr {
    /// A new exception of the built-in class `type_name` with a message.
    pub fn new(type_name: &str, msg: impl AsRef<str>) -> PyErr {
        let exc = new_exception(types::class(type_name), vec![Value::str(msg.as_ref())]);
        PyErr::from_instance(exc)
    }

    /// A new exception of the built-in class `type_name` with no arguments.
    pub fn bare(type_name: &str) -> PyErr {
        PyErr::from_instance(new_exception(types::class(type_name), vec![]))
    }

    /// Raises an existing exception instance.
    pub fn from_instance(exc: Rc<Instance>) -> PyErr {
        PyErr(Box::new(ErrInner {
            exc,
            needs_frame: true,
            span: None,
        }))
    }

    /// `TypeError(msg)`.
    pub fn type_error(msg: impl AsRef<str>) -> PyErr {
        PyErr::new("TypeError", msg)
    }

    /// `ValueError(msg)`.
    pub fn value_error(msg: impl AsRef<str>) -> PyErr {
        PyErr::new("ValueError", msg)
    }

    /// An internal error of the interpreter surfaced as `SystemError` (never a panic).
    pub fn internal(msg: impl AsRef<str>) -> PyErr {
        PyErr::new(
            "SystemError",
            format!("coroscope internal error: {}", msg.as_ref()),
        )
    }

    /// The exception instance.
    pub fn exc(&self) -> &Rc<Instance> {
        &self.0.exc
    }

    /// The exception as a value.
    pub fn value(&self) -> Value {
        Value::Instance(self.0.exc.clone())
    }

    /// The exception's class.
    pub fn class(&self) -> &Rc<Class> {
        &self.0.exc.class
    }

    /// True if the exception is an instance of the built-in class `name` (or a subclass).
    pub fn is(&self, name: &str) -> bool {
        self.0.exc.class.is_subclass(&types::class(name))
    }

    /// Marks that the exception has (re-)entered a frame: the next statement records where.
    pub fn reenter(mut self) -> PyErr {
        self.0.needs_frame = true;
        self.0.span = None;
        self
    }

    /// Records the innermost span where the exception occurred, if none yet.
    pub fn at(mut self, span: Span) -> PyErr {
        if self.0.needs_frame && self.0.span.is_none() {
            self.0.span = Some(span);
        }
        self
    }

    /// Called by each statement the exception leaves: adds a traceback entry for the frame
    /// `func` the first time (innermost statement wins), using the recorded span or `stmt`.
    pub fn leave_stmt(mut self, func: &Rc<str>, stmt: Span, file: &'static str) -> PyErr {
        if self.0.needs_frame {
            let span = self.0.span.take().unwrap_or(stmt);
            self.0.needs_frame = false;
            if let Some(e) = self.0.exc.exc() {
                e.borrow_mut().tb.push(TbEntry {
                    func: func.clone(),
                    span,
                    file,
                });
            }
        }
        self
    }

    /// `Type: message` as the last line of a traceback.
    pub fn last_line(&self) -> String {
        exception_line(&self.0.exc)
    }
}

/// `str(exc)` for an exception instance, as CPython's `BaseException.__str__` (and
/// `KeyError.__str__`, which shows the repr of a single argument).
pub fn exception_str(exc: &Instance) -> String {
    let Some(data) = exc.exc() else {
        return String::new();
    };
    let data = data.borrow();
    if let Some(Value::Str(s)) = exc.dict.borrow().get("__coroscope_str__") {
        return s.to_string();
    }
    if crate::interp::ops::is_exception_group(exc) {
        let msg = data
            .args
            .first()
            .map(crate::interp::ops::str_plain)
            .unwrap_or_default();
        let n = data.group.len();
        return format!("{msg} ({n} sub-exception{})", if n == 1 { "" } else { "s" });
    }
    let is_key_error = exc.class.is_subclass(&types::class("KeyError"));
    match data.args.len() {
        0 => String::new(),
        1 if is_key_error => crate::interp::ops::repr_plain(&data.args[0]),
        1 => crate::interp::ops::str_plain(&data.args[0]),
        _ => crate::interp::ops::repr_plain(&Value::tuple(data.args.clone())),
    }
}

/// The qualified name CPython prints for an exception type (`asyncio.exceptions.X` for
/// asyncio's own, `__main__.X` is shown as plain `X`).
pub fn exception_type_name(class: &Class) -> String {
    match &*class.module {
        "asyncio" => format!("asyncio.exceptions.{}", class.name),
        _ => class.name.to_string(),
    }
}

/// `Type: message` (or just `Type` when the message is empty).
pub fn exception_line(exc: &Instance) -> String {
    let name = exception_type_name(&exc.class);
    let msg = exception_str(exc);
    if msg.is_empty() {
        name
    } else {
        format!("{name}: {msg}")
    }
}

/// Renders a traceback like CPython: chained causes/contexts first, then
/// `Traceback (most recent call last):`, one `File "NAME", line N, in func` frame per
/// entry with its source line, then `Type: message`.
pub fn format_traceback(exc: &Rc<Instance>, interp: &crate::interp::Interp) -> String {
    let mut out = String::new();
    let mut ctx = PrintCtx {
        group_depth: 0,
        need_close: false,
    };
    format_chain(exc, interp, &mut out, &mut ctx, 0);
    out
}

/// `Type: message`, using a script-defined `__str__` when the class has one.
pub fn exception_line_with(exc: &Rc<Instance>, interp: &crate::interp::Interp) -> String {
    let name = exception_type_name(&exc.class);
    let msg = match exc.class.lookup("__str__") {
        Some(Value::Function(_)) => crate::interp::ops::str(interp, &Value::Instance(exc.clone()))
            .unwrap_or_else(|_| exception_str(exc)),
        _ => exception_str(exc),
    };
    if msg.is_empty() {
        name
    } else {
        format!("{name}: {msg}")
    }
}

/// CPython's `_ExceptionPrintContext`: how deep inside exception groups we are.
struct PrintCtx {
    group_depth: usize,
    need_close: bool,
}

impl PrintCtx {
    fn indent(&self) -> String {
        " ".repeat(2 * self.group_depth)
    }

    /// Emits `text` (one or more lines) with the group margin, as `_ExceptionPrintContext.emit`.
    fn emit(&self, out: &mut String, text: &str, margin: char) {
        let mut prefix = self.indent();
        if self.group_depth > 0 {
            prefix.push(margin);
            prefix.push(' ');
        }
        for line in text.split_inclusive('\n') {
            out.push_str(&prefix);
            out.push_str(line);
        }
    }
}

fn stack_text(exc: &Instance, interp: &crate::interp::Interp) -> String {
    // As CPython's StackSummary.format: after 3 identical frames in a row, the rest are
    // summarised as "[Previous line repeated N more times]".
    fn flush(t: &mut String, count: usize) {
        if count > 3 {
            let n = count - 3;
            t.push_str(&format!(
                "  [Previous line repeated {n} more time{}]\n",
                if n > 1 { "s" } else { "" }
            ));
        }
    }
    let mut t = String::new();
    let entries = exc.exc().map(|d| d.borrow().tb.clone()).unwrap_or_default();
    let mut last: Option<(u32, Rc<str>)> = None;
    let mut count = 0;
    for e in entries.iter().rev() {
        let source = interp.source_of(e.file);
        let (line, text) = source_line(&source, e.span.start);
        let key = (line, e.func.clone());
        if last.as_ref() == Some(&key) {
            count += 1;
        } else {
            flush(&mut t, count);
            last = Some(key);
            count = 1;
        }
        if count > 3 {
            continue;
        }
        t.push_str(&format!(
            "  File \"{}\", line {line}, in {}\n",
            interp.display_name(e.file),
            e.func
        ));
        if !text.trim().is_empty() {
            t.push_str(&format!("    {}\n", text.trim()));
        }
    }
    flush(&mut t, count);
    t
}

/// Formats one exception and its chain as `TracebackException.format` does (including the
/// boxed layout of exception groups).
fn format_chain(
    exc: &Rc<Instance>,
    interp: &crate::interp::Interp,
    out: &mut String,
    ctx: &mut PrintCtx,
    chain_depth: usize,
) {
    if chain_depth < 32 {
        if let Some(data) = exc.exc() {
            let (cause, context, suppress) = {
                let d = data.borrow();
                (d.cause.clone(), d.context.clone(), d.suppress_context)
            };
            if let Some(Value::Instance(c)) = cause {
                format_chain(&c, interp, out, ctx, chain_depth + 1);
                ctx.emit(
                    out,
                    "\nThe above exception was the direct cause of the following exception:\n\n",
                    '|',
                );
            } else if let (Some(Value::Instance(c)), false) = (context, suppress) {
                format_chain(&c, interp, out, ctx, chain_depth + 1);
                ctx.emit(
                    out,
                    "\nDuring handling of the above exception, another exception occurred:\n\n",
                    '|',
                );
            }
        }
    }
    let stack = stack_text(exc, interp);
    let subs = if crate::interp::ops::is_exception_group(exc) {
        exc.exc()
            .map(|d| d.borrow().group.clone())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let line = format!("{}\n", exception_line_with(exc, interp));
    if !crate::interp::ops::is_exception_group(exc) {
        if !stack.is_empty() {
            ctx.emit(out, "Traceback (most recent call last):\n", '|');
            ctx.emit(out, &stack, '|');
        }
        ctx.emit(out, &line, '|');
        return;
    }
    let toplevel = ctx.group_depth == 0;
    if toplevel {
        ctx.group_depth += 1;
    }
    if !stack.is_empty() {
        ctx.emit(
            out,
            "Exception Group Traceback (most recent call last):\n",
            if toplevel { '+' } else { '|' },
        );
        ctx.emit(out, &stack, '|');
    }
    ctx.emit(out, &line, '|');
    const MAX_WIDTH: usize = 15;
    let n = if subs.len() <= MAX_WIDTH {
        subs.len()
    } else {
        MAX_WIDTH + 1
    };
    ctx.need_close = false;
    for i in 0..n {
        let last = i == n - 1;
        if last {
            ctx.need_close = true;
        }
        let truncated = i >= MAX_WIDTH;
        let title = if truncated {
            "...".to_string()
        } else {
            format!("{}", i + 1)
        };
        out.push_str(&format!(
            "{}{}+---------------- {title} ----------------\n",
            ctx.indent(),
            if i == 0 { "+-" } else { "  " }
        ));
        ctx.group_depth += 1;
        if !truncated {
            if let Value::Instance(sub) = &subs[i] {
                format_chain(sub, interp, out, ctx, chain_depth + 1);
            }
        } else {
            let remaining = subs.len() - MAX_WIDTH;
            ctx.emit(
                out,
                &format!(
                    "and {remaining} more exception{}\n",
                    if remaining > 1 { "s" } else { "" }
                ),
                '|',
            );
        }
        if last && ctx.need_close {
            out.push_str(&format!(
                "{}+------------------------------------\n",
                ctx.indent()
            ));
            ctx.need_close = false;
        }
        ctx.group_depth -= 1;
    }
    if toplevel {
        ctx.group_depth = 0;
    }
}

/// The 1-based line number and the text of the line containing byte `offset`.
pub fn source_line(source: &str, offset: u32) -> (u32, &str) {
    let offset = (offset as usize).min(source.len());
    let start = source[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let end = source[offset..]
        .find('\n')
        .map(|i| i + offset)
        .unwrap_or(source.len());
    let line = source[..start].matches('\n').count() as u32 + 1;
    (line, &source[start..end])
}
