//! Running a script: a [`Session`] owns the interpreter, the runtime and the module's future;
//! a driver polls it. Natively, [`run_script`] drives it to the end on the virtual clock; in
//! the browser, the UI's driver polls it from a `spawn_local` future, pacing the clock.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use crate::interp::error::format_traceback;
use crate::interp::value::AttrMap;
use crate::interp::{Interp, PyResult, Suspend, Value};
use crate::runtime::core::{install, Runtime, RuntimeHost};
use crate::trace::Trace;

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
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            clock: Clock::Virtual,
            timestamps: false,
            step_budget: u64::MAX,
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
}

impl Session {
    /// Parses `source` and prepares its run; a syntax error ends the session at once.
    pub fn new(source: &str, opts: RunOptions) -> Session {
        let rt = Runtime::new(opts.clock == Clock::Paced, opts.timestamps);
        let host = Rc::new(RuntimeHost { rt: rt.clone() });
        let interp = Interp::new(source, host);
        interp.step_budget.set(opts.step_budget);
        let mut s = Session {
            interp: interp.clone(),
            rt: rt.clone(),
            fut: None,
            result: None,
        };
        match crate::syntax::parse_module(source).and_then(|m| check_imports(&m.body).map(|_| m)) {
            Err(e) => {
                rt.stderr
                    .borrow_mut()
                    .push_str(&e.render(source, "<script>"));
                s.result = Some(1);
            }
            Ok(module) => {
                let module = Rc::new(module);
                let globals = Rc::new(RefCell::new(AttrMap::default()));
                globals
                    .borrow_mut()
                    .insert(Rc::from("__name__"), Value::str("__main__"));
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
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let r = fut.as_mut().poll(&mut cx);
        install(None);
        match r {
            Poll::Ready(r) => {
                self.fut = None;
                if let Err(e) = r {
                    let text = format_traceback(e.exc(), &self.interp);
                    self.rt.stderr.borrow_mut().push_str(&text);
                    self.result = Some(1);
                } else {
                    self.result = Some(0);
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

/// The modules a script can import.
pub const SUPPORTED_MODULES: [&str; 3] = ["asyncio", "time", "random"];

/// Refuses, before anything runs, an import of a module Coroscope does not provide, naming
/// the module and pointing at its line.
fn check_imports(body: &[crate::syntax::ast::Stmt]) -> Result<(), crate::syntax::SyntaxError> {
    use crate::syntax::ast::StmtKind;
    let refuse = |name: &str, span| {
        let top = name.split('.').next().unwrap_or(name);
        if SUPPORTED_MODULES.contains(&top) {
            return Ok(());
        }
        Err(crate::syntax::SyntaxError::new(
            format!("module '{top}' is not supported by Coroscope yet (scripts can import asyncio, time and random)"),
            span,
        ))
    };
    for stmt in body {
        match &stmt.kind {
            StmtKind::Import(aliases) => {
                for a in aliases {
                    refuse(&a.name, a.span)?;
                }
            }
            StmtKind::ImportFrom { module, .. } => refuse(module, stmt.span)?,
            StmtKind::If { body, orelse, .. }
            | StmtKind::While { body, orelse, .. }
            | StmtKind::For { body, orelse, .. } => {
                check_imports(body)?;
                check_imports(orelse)?;
            }
            StmtKind::With { body, .. } => check_imports(body)?,
            StmtKind::FunctionDef(def) => check_imports(&def.body)?,
            StmtKind::ClassDef(def) => check_imports(&def.body)?,
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                ..
            } => {
                check_imports(body)?;
                for h in handlers {
                    check_imports(&h.body)?;
                }
                check_imports(orelse)?;
                check_imports(finalbody)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Runs a whole script on the virtual clock (the CLI and the tests).
pub fn run_script(source: &str, opts: RunOptions) -> Outcome {
    let mut s = Session::new(
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
