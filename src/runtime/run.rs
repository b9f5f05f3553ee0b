//! Running a script: a [`Session`] owns the interpreter, the runtime and the module's future;
//! a driver polls it. Natively, [`run_script`] drives it to the end on the virtual clock; in
//! the browser, the UI's driver polls it from a `spawn_local` future, pacing the clock.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use crate::interp::error::format_traceback;
use crate::interp::limits::{self, Limits, Usage};
use crate::interp::value::AttrMap;
use crate::interp::{Interp, PyResult, Suspend, Value};
use crate::runtime::core::{install, Runtime, RuntimeHost};
use crate::trace::{Trace, WarningKind};

/// Which clock a run uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Clock {
    /// Time jumps to the next timer at once.
    Virtual,
    /// Real time passes before each jump (the browser; the speed factor lives in the driver).
    Paced,
}

/// How to run.
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    /// The clock.
    pub clock: Clock,
    /// Prefix printed lines with the virtual time (`1.000 `).
    pub timestamps: bool,
    /// Evaluation steps between preemptions (`u64::MAX`: never).
    pub step_budget: u64,
    /// The run's resource limits.
    pub limits: Limits,
    /// The wall clock when the run starts, in seconds since the Unix epoch (UTC): `time.time()`
    /// is this plus the loop clock. The CLI starts at 0 (or `--epoch`); the page at the real
    /// date and time when Run is pressed.
    pub epoch: f64,
}

/// The name a script gets when its caller does not give one (the page's editor).
pub const DEFAULT_SCRIPT_NAME: &str = "main.py";

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            clock: Clock::Virtual,
            timestamps: false,
            step_budget: u64::MAX,
            limits: Limits::default(),
            epoch: 0.0,
        }
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// What the script printed.
    pub stdout: String,
    /// Warnings and the traceback of an uncaught exception (or the syntax error).
    pub stderr: String,
    /// 0 on success, 1 on an uncaught exception or a syntax error.
    pub exit_code: i32,
    /// Everything that happened.
    pub trace: Trace,
}

/// What a session is waiting for when a poll returns without finishing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Waiting {
    /// Its step budget ran out: give the page a turn, then poll again.
    Preempted,
    /// Nothing is ready before this loop time: let real time pass, then poll again.
    Until(f64),
    /// `time.sleep` blocked the loop until this loop time.
    Blocked(f64),
}

/// One run in progress.
pub struct Session {
    /// The interpreter.
    pub interp: Rc<Interp>,
    /// The runtime (loop, trace, output).
    pub rt: Rc<Runtime>,
    fut: Option<Pin<Box<dyn Future<Output = PyResult<()>>>>>,
    result: Option<i32>,
    limits: Limits,
    usage: Usage,
}

impl Session {
    /// Parses `source` and prepares its run as [`DEFAULT_SCRIPT_NAME`]; a syntax error ends the
    /// session at once.
    pub fn new(source: &str, opts: RunOptions) -> Session {
        Session::for_file(DEFAULT_SCRIPT_NAME, source, opts)
    }

    /// Parses `source`, the script called `file` (the name its tracebacks, warnings, reprs,
    /// `__file__` and `sys.argv[0]` show), and prepares its run; a syntax error ends the
    /// session at once.
    pub fn for_file(file: &str, source: &str, opts: RunOptions) -> Session {
        let rt = Runtime::new(opts.clock == Clock::Paced, opts.timestamps);
        rt.limits.set(opts.limits);
        rt.epoch.set(opts.epoch);
        let host = Rc::new(RuntimeHost { rt: rt.clone() });
        let interp = Interp::new(source, file, host);
        interp.step_budget.set(opts.step_budget);
        let mut s = Session {
            interp: interp.clone(),
            rt: rt.clone(),
            fut: None,
            result: None,
            limits: opts.limits,
            usage: Usage::default(),
        };
        match check_source(source) {
            Err(errors) => {
                for e in errors {
                    rt.stderr.borrow_mut().push_str(&e.render(source, file));
                }
                s.result = Some(1);
            }
            Ok(module) => {
                let module = Rc::new(module);
                let globals = Rc::new(RefCell::new(AttrMap::default()));
                globals
                    .borrow_mut()
                    .insert(Rc::from("__name__"), Value::str("__main__"));
                globals
                    .borrow_mut()
                    .insert(Rc::from("__file__"), Value::str(file));
                s.fut = Some(Box::pin(async move {
                    interp.run_module(&module, globals).await
                }));
            }
        }
        s
    }

    /// The exit code once finished.
    pub fn finished(&self) -> Option<i32> {
        self.result
    }

    /// Runs until the script ends or must wait; `None` when finished.
    pub fn poll(&mut self) -> Option<Waiting> {
        let fut = self.fut.as_mut()?;
        install(Some(self.rt.clone()));
        limits::enter(&self.limits, &self.usage);
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let r = fut.as_mut().poll(&mut cx);
        limits::leave(&mut self.usage);
        install(None);
        if let Some(message) = self.usage.halted.clone() {
            self.stop();
            let mut stderr = self.rt.stderr.borrow_mut();
            if !stderr.is_empty() && !stderr.ends_with('\n') {
                stderr.push('\n');
            }
            stderr.push_str(&message);
            stderr.push('\n');
            return None;
        }
        match r {
            Poll::Ready(r) => {
                self.fut = None;
                if let Err(e) = r {
                    let text = format_traceback(e.exc(), &self.interp);
                    let mut stderr = self.rt.stderr.borrow_mut();
                    stderr.push_str(&text);
                    if self.usage.memory_hit && e.is("MemoryError") {
                        stderr.push_str(&limits::memory_message(&self.limits));
                    }
                    self.result = Some(1);
                } else {
                    self.result = Some(0);
                    self.note_no_event_loop();
                }
                None
            }
            Poll::Pending => match self.interp.io.borrow_mut().take() {
                Some(Suspend::Until(t)) => Some(Waiting::Until(t)),
                Some(Suspend::Block(t)) => Some(Waiting::Blocked(t)),
                _ => Some(Waiting::Preempted),
            },
        }
    }

    /// A script that ended without creating a single task never ran an event loop: the page
    /// says why its timeline is empty (a teaching hint, not printed).
    fn note_no_event_loop(&self) {
        if self.rt.trace.borrow().tasks.is_empty() {
            let message = "the script ended without running an event loop (asyncio.run)";
            self.rt
                .warn(WarningKind::NoEventLoop, 0, message.to_string(), None);
        }
    }

    /// Stops the run: drops every future (no `finally` runs, as when a page is closed).
    pub fn stop(&mut self) {
        install(Some(self.rt.clone()));
        self.fut = None;
        install(None);
        if self.result.is_none() {
            self.result = Some(1);
        }
    }

    /// Finishes and returns the outcome.
    pub fn outcome(self) -> Outcome {
        let rt = self.rt.clone();
        drop(self);
        let stdout = rt.stdout.borrow().clone();
        let stderr = rt.stderr.borrow().clone();
        let trace = rt.trace.borrow().clone();
        Outcome {
            stdout,
            stderr,
            exit_code: 0,
            trace,
        }
    }
}

/// A literal the evaluator does not support, found anywhere in `e`: its message and span.
fn unsupported_literal(
    e: &crate::syntax::ast::Expr,
) -> Option<(&'static str, crate::syntax::ast::Span)> {
    use crate::syntax::ast::{Constant, ExprKind, FStringPart};
    let all = |es: &[crate::syntax::ast::Expr]| es.iter().find_map(unsupported_literal);
    match &e.kind {
        ExprKind::Constant(Constant::Bytes(_)) => {
            Some(("bytes literals are not supported yet", e.span))
        }
        ExprKind::Constant(Constant::Complex(_)) => {
            Some(("complex numbers are not supported yet", e.span))
        }
        ExprKind::Constant(_) | ExprKind::Name { .. } => None,
        ExprKind::BoolOp { values, .. }
        | ExprKind::Set(values)
        | ExprKind::List(values)
        | ExprKind::Tuple(values) => all(values),
        ExprKind::NamedExpr { target, value }
        | ExprKind::BinOp {
            left: target,
            right: value,
            ..
        }
        | ExprKind::Subscript {
            value: target,
            slice: value,
        } => unsupported_literal(target).or_else(|| unsupported_literal(value)),
        ExprKind::UnaryOp { operand: v, .. }
        | ExprKind::Await(v)
        | ExprKind::YieldFrom(v)
        | ExprKind::Starred(v)
        | ExprKind::Attribute { value: v, .. } => unsupported_literal(v),
        ExprKind::Yield(v) => v.as_deref().and_then(unsupported_literal),
        ExprKind::Lambda(def) => unsupported_in(&def.body),
        ExprKind::IfExp { test, body, orelse } => [test, body, orelse]
            .into_iter()
            .find_map(|x| unsupported_literal(x)),
        ExprKind::Dict { keys, values } => keys
            .iter()
            .flatten()
            .find_map(unsupported_literal)
            .or_else(|| all(values)),
        ExprKind::ListComp(c)
        | ExprKind::SetComp(c)
        | ExprKind::DictComp(c)
        | ExprKind::GeneratorExp(c) => unsupported_literal(&c.elt)
            .or_else(|| c.value.as_ref().and_then(unsupported_literal))
            .or_else(|| {
                c.generators
                    .iter()
                    .find_map(|g| unsupported_literal(&g.iter).or_else(|| all(&g.ifs)))
            }),
        ExprKind::Compare {
            left, comparators, ..
        } => unsupported_literal(left).or_else(|| all(comparators)),
        ExprKind::Call {
            func,
            args,
            keywords,
        } => unsupported_literal(func)
            .or_else(|| all(args))
            .or_else(|| keywords.iter().find_map(|k| unsupported_literal(&k.value))),
        ExprKind::JoinedStr(parts) => parts.iter().find_map(|p| match p {
            FStringPart::Formatted { value, .. } => unsupported_literal(value),
            FStringPart::Literal(_) => None,
        }),
        ExprKind::Slice { lower, upper, step } => [lower, upper, step]
            .into_iter()
            .flatten()
            .find_map(|x| unsupported_literal(x)),
    }
}

/// The first unsupported literal in a block of statements.
fn unsupported_in(
    body: &[crate::syntax::ast::Stmt],
) -> Option<(&'static str, crate::syntax::ast::Span)> {
    use crate::syntax::ast::StmtKind;
    body.iter().find_map(|stmt| match &stmt.kind {
        StmtKind::Expr(e) | StmtKind::Return(Some(e)) => unsupported_literal(e),
        StmtKind::Assign { targets, value } => {
            unsupported_literal(value).or_else(|| targets.iter().find_map(unsupported_literal))
        }
        StmtKind::AugAssign { target, value, .. } => {
            unsupported_literal(target).or_else(|| unsupported_literal(value))
        }
        StmtKind::AnnAssign { value, .. } => value.as_ref().and_then(unsupported_literal),
        StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
            unsupported_literal(test)
                .or_else(|| unsupported_in(body))
                .or_else(|| unsupported_in(orelse))
        }
        StmtKind::For {
            iter, body, orelse, ..
        } => unsupported_literal(iter)
            .or_else(|| unsupported_in(body))
            .or_else(|| unsupported_in(orelse)),
        StmtKind::With { items, body, .. } => items
            .iter()
            .find_map(|i| unsupported_literal(&i.context_expr))
            .or_else(|| unsupported_in(body)),
        StmtKind::FunctionDef(def) => def
            .decorators
            .iter()
            .find_map(unsupported_literal)
            .or_else(|| unsupported_in(&def.body)),
        StmtKind::ClassDef(def) => def
            .bases
            .iter()
            .find_map(unsupported_literal)
            .or_else(|| unsupported_in(&def.body)),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
            ..
        } => unsupported_in(body)
            .or_else(|| handlers.iter().find_map(|h| unsupported_in(&h.body)))
            .or_else(|| unsupported_in(orelse))
            .or_else(|| unsupported_in(finalbody)),
        StmtKind::Raise { exc, cause } => exc
            .as_ref()
            .and_then(unsupported_literal)
            .or_else(|| cause.as_ref().and_then(unsupported_literal)),
        StmtKind::Assert { test, msg } => {
            unsupported_literal(test).or_else(|| msg.as_ref().and_then(unsupported_literal))
        }
        StmtKind::Delete(targets) => targets.iter().find_map(unsupported_literal),
        _ => None,
    })
}

/// Parses `source` and refuses what cannot run (see [`check_subset`]): the module, or every
/// error found, in source order. The page checks a script with it while it is typed.
pub fn check_source(
    source: &str,
) -> Result<crate::syntax::ast::Module, Vec<crate::syntax::SyntaxError>> {
    crate::syntax::parse_module(source)
        .map_err(|e| vec![e])
        .and_then(|m| check_subset(&m.body).map(|_| m))
}

/// Refuses, before anything runs, what the evaluator does not support: bytes or complex
/// literals, and imports of modules the standard library does not have (every one of them,
/// each with its line).
fn check_subset(body: &[crate::syntax::ast::Stmt]) -> Result<(), Vec<crate::syntax::SyntaxError>> {
    if let Some((message, span)) = unsupported_in(body) {
        return Err(vec![crate::syntax::SyntaxError::new(message, span)]);
    }
    let mut refused = Vec::new();
    refused_imports(body, &mut refused);
    if refused.is_empty() {
        Ok(())
    } else {
        Err(refused)
    }
}

/// Collects every import of a module Coroscope does not provide, in source order.
fn refused_imports(body: &[crate::syntax::ast::Stmt], out: &mut Vec<crate::syntax::SyntaxError>) {
    use crate::syntax::ast::StmtKind;
    let refuse = |out: &mut Vec<_>, name: &str, span| {
        if let Some(why) = crate::runtime::stdlib::refusal(name) {
            out.push(crate::syntax::SyntaxError::import_refused(why, span));
        }
    };
    for stmt in body {
        match &stmt.kind {
            StmtKind::Import(aliases) => aliases.iter().for_each(|a| refuse(out, &a.name, a.span)),
            StmtKind::ImportFrom { module, .. } => refuse(out, module, stmt.span),
            StmtKind::If { body, orelse, .. }
            | StmtKind::While { body, orelse, .. }
            | StmtKind::For { body, orelse, .. } => {
                refused_imports(body, out);
                refused_imports(orelse, out);
            }
            StmtKind::With { body, .. } => refused_imports(body, out),
            StmtKind::FunctionDef(def) => refused_imports(&def.body, out),
            StmtKind::ClassDef(def) => refused_imports(&def.body, out),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                ..
            } => {
                refused_imports(body, out);
                for h in handlers {
                    refused_imports(&h.body, out);
                }
                refused_imports(orelse, out);
                refused_imports(finalbody, out);
            }
            _ => {}
        }
    }
}

/// Runs a whole script on the virtual clock (the tests), named [`DEFAULT_SCRIPT_NAME`].
pub fn run_script(source: &str, opts: RunOptions) -> Outcome {
    run_file(DEFAULT_SCRIPT_NAME, source, opts)
}

/// Runs a whole script called `file` on the virtual clock (the CLI).
pub fn run_file(file: &str, source: &str, opts: RunOptions) -> Outcome {
    let mut s = Session::for_file(
        file,
        source,
        RunOptions {
            clock: Clock::Virtual,
            ..opts
        },
    );
    while s.poll().is_some() {}
    let code = s.finished().unwrap_or(1);
    let mut o = s.outcome();
    o.exit_code = code;
    o
}
