//! The runtime of one run: the clock, the trace it records, the output, and the runtime as the
//! interpreter's [`Host`]. The loop, futures, tasks and handles live in sibling files.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::interp::error::{format_traceback, PyErr, PyResult};
use crate::interp::value::{Class, Value};
use crate::interp::{Host, Interp};
use crate::runtime::asyncio_ns::make_classes;
use crate::runtime::event_loop::LoopState;
use crate::runtime::future::{fstate, FState};
use crate::trace::{
    Cause, ErrorInfo, Event, FrameInfo, Packed, TaskId, Trace, WarningInfo, WarningKind,
};

/// The runtime of one run: the loop, the tasks, the trace and the output.
pub struct Runtime {
    pub(crate) loop_: RefCell<LoopState>,
    /// The loop clock (seconds since the run started), shared by every loop and `time`.
    pub now: Cell<f64>,
    /// The wall clock at the start of the run (seconds since the Unix epoch, UTC).
    pub epoch: Cell<f64>,
    /// When true, the driver lets real time pass before the clock jumps.
    pub paced: bool,
    /// Prefix printed lines with the virtual time.
    pub timestamps: bool,
    /// The recorded trace.
    pub trace: RefCell<Trace>,
    /// What the script printed (with timestamps if asked).
    pub stdout: RefCell<String>,
    /// Warnings and uncaught-exception text.
    pub stderr: RefCell<String>,
    pub(crate) at_line_start: Cell<bool>,
    pub(crate) current: RefCell<Option<Value>>,
    pub(crate) cause: Cell<Cause>,
    pub(crate) tasks: RefCell<Vec<Value>>,
    pub(crate) next_task_name: Cell<u32>,
    pub(crate) classes: RefCell<Option<RuntimeClasses>>,
    /// This run's `random` generator.
    pub rng: RefCell<crate::runtime::random::Random>,
    pub(crate) interned: RefCell<
        std::collections::HashMap<
            Rc<str>,
            crate::trace::StrId,
            std::hash::BuildHasherDefault<crate::interp::value::FxHasher>,
        >,
    >,
    /// Wall-clock milliseconds since the run started (set by the browser driver).
    pub wall_ms: Cell<f32>,
    pub(crate) running: Cell<bool>,
    /// The run's resource limits (tasks alive, output, trace events).
    pub limits: Cell<crate::interp::limits::Limits>,
    /// Tasks created and not yet done.
    pub(crate) alive: Cell<usize>,
}

#[derive(Clone)]
pub(crate) struct RuntimeClasses {
    pub(crate) future: Rc<Class>,
    pub(crate) task: Rc<Class>,
    pub(crate) handle: Rc<Class>,
    pub(crate) loop_: Rc<Class>,
}

impl Runtime {
    /// A runtime on the virtual (`paced = false`) or paced clock.
    pub fn new(paced: bool, timestamps: bool) -> Rc<Runtime> {
        Rc::new(Runtime {
            loop_: RefCell::new(LoopState::default()),
            now: Cell::new(0.0),
            epoch: Cell::new(0.0),
            paced,
            timestamps,
            trace: RefCell::new(Trace::default()),
            stdout: RefCell::new(String::new()),
            stderr: RefCell::new(String::new()),
            at_line_start: Cell::new(true),
            current: RefCell::new(None),
            cause: Cell::new(Cause::Loop),
            tasks: RefCell::new(Vec::new()),
            next_task_name: Cell::new(1),
            classes: RefCell::new(None),
            rng: RefCell::new(crate::runtime::stdlib::random::fresh()),
            interned: RefCell::new(Default::default()),
            wall_ms: Cell::new(0.0),
            running: Cell::new(false),
            limits: Cell::new(Default::default()),
            alive: Cell::new(0),
        })
    }

    /// Records an event, counting tasks alive; past the events cap the run is halted.
    pub(crate) fn record(&self, e: Event) {
        match e {
            Event::TaskCreated(_) => self.alive.set(self.alive.get() + 1),
            Event::TaskFinished(..) | Event::TaskFailed(..) | Event::TaskCancelled(_) => {
                self.alive.set(self.alive.get().saturating_sub(1))
            }
            _ => {}
        }
        let mut trace = self.trace.borrow_mut();
        let max = self.limits.get().max_events;
        if trace.records.len() >= max {
            crate::interp::limits::events_reached(max);
            return;
        }
        trace.push(self.now.get(), self.wall_ms.get(), e);
    }

    /// Interns `s`, sharing one copy of short repeated strings (callback names, task names,
    /// results such as `None`), so the trace stays small.
    pub(crate) fn intern(&self, s: &str) -> crate::trace::StrId {
        if s.len() > 48 {
            return self.trace.borrow_mut().intern(s);
        }
        if let Some(id) = self.interned.borrow().get(s) {
            return *id;
        }
        let id = self.trace.borrow_mut().intern(s);
        self.interned.borrow_mut().insert(Rc::from(s), id);
        id
    }

    pub(crate) fn current_id(&self) -> Option<TaskId> {
        self.current
            .borrow()
            .as_ref()
            .and_then(|t| fstate(t))
            .and_then(|f| f.task.as_ref())
            .map(|t| t.id)
    }

    pub(crate) fn classes(&self) -> RuntimeClasses {
        if let Some(c) = self.classes.borrow().clone() {
            return c;
        }
        let c = make_classes();
        *self.classes.borrow_mut() = Some(c.clone());
        c
    }

    pub(crate) fn warn(&self, kind: WarningKind, line: u32, message: String, task: Option<TaskId>) {
        let idx = {
            let mut t = self.trace.borrow_mut();
            t.warnings.push(WarningInfo {
                kind,
                line,
                message: message.clone(),
                task,
            });
            t.warnings.len() as u32 - 1
        };
        self.record(Event::Warning(idx));
        // CPython prints its own warnings; the teaching hints it has none for stay in the trace.
        if matches!(
            kind,
            WarningKind::NeverAwaited | WarningKind::ExceptionNeverRetrieved
        ) {
            let mut err = self.stderr.borrow_mut();
            err.push_str(&message);
            err.push('\n');
        }
    }

    // ----- the loop -----

    pub(crate) fn record_error(&self, interp: &Interp, e: &PyErr) -> u32 {
        let exc = e.exc();
        let frames = exc
            .exc()
            .map(|d| {
                d.borrow()
                    .tb
                    .iter()
                    .rev()
                    .filter(|t| t.file == "<script>")
                    .map(|t| FrameInfo {
                        line: interp.line_of(t.span.start),
                        func: t.func.to_string(),
                        span: (t.span.start, t.span.end),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let info = ErrorInfo {
            type_name: crate::interp::error::exception_type_name(&exc.class),
            message: crate::interp::error::exception_str(exc),
            frames,
            text: format_traceback(exc, interp),
        };
        let mut t = self.trace.borrow_mut();
        t.errors.push(info);
        t.errors.len() as u32 - 1
    }

    pub(crate) fn print(&self, text: &str) {
        let max = self.limits.get().max_output;
        if self.stdout.borrow().len().saturating_add(text.len()) > max {
            crate::interp::limits::output_reached(max);
            return;
        }
        let who = match self.current_id() {
            Some(t) => Cause::Task(t),
            None => Cause::Loop,
        };
        let s = self.intern(text.strip_suffix('\n').unwrap_or(text));
        self.record(Event::Print(Packed::from(who), s));
        let mut out = self.stdout.borrow_mut();
        if !self.timestamps {
            out.push_str(text);
            return;
        }
        for ch in text.chars() {
            if self.at_line_start.get() {
                out.push_str(&format!("{:.3} ", self.now.get()));
                self.at_line_start.set(false);
            }
            out.push(ch);
            if ch == '\n' {
                self.at_line_start.set(true);
            }
        }
    }
}
// ----- the runtime as the interpreter's host -----

thread_local! {
    static CURRENT: RefCell<Option<Rc<Runtime>>> = const { RefCell::new(None) };
}

/// The run's wall clock, in seconds since the Unix epoch (UTC): the start epoch plus the loop
/// clock. `time.time()`, `datetime.now()` and `logging` read it.
pub fn wall_clock() -> PyResult<f64> {
    let r = rt()?;
    Ok(r.epoch.get() + r.now.get())
}

/// The runtime of the run in progress on this thread.
pub fn current() -> PyResult<Rc<Runtime>> {
    rt()
}

pub(crate) fn rt() -> PyResult<Rc<Runtime>> {
    CURRENT
        .with(|c| c.borrow().clone())
        .ok_or_else(|| PyErr::new("RuntimeError", "no running event loop"))
}

/// Makes `rt` the runtime builtins talk to (one run at a time per thread).
pub fn install(rt: Option<Rc<Runtime>>) {
    CURRENT.with(|c| *c.borrow_mut() = rt);
}

/// The interpreter's host: printing, imports and awaitables go to the runtime.
pub struct RuntimeHost {
    /// The runtime.
    pub rt: Rc<Runtime>,
}

impl Host for RuntimeHost {
    fn print(&self, text: &str) {
        self.rt.print(text);
    }
    fn import(&self, interp: &Interp, name: &str) -> Option<PyResult<Value>> {
        crate::runtime::stdlib::import(interp, name)
    }
    fn never_awaited(&self, interp: &Interp, qualname: &str, line: u32) {
        self.rt.warn(
            WarningKind::NeverAwaited,
            line,
            format!(
                "{}:{line}: RuntimeWarning: coroutine '{qualname}' was never awaited",
                interp.script_name
            ),
            self.rt.current_id(),
        );
    }
    fn future_done(&self, v: &Value) -> Option<bool> {
        fstate(v).map(|f| f.state.get() != FState::Pending)
    }
    fn future_result(&self, v: &Value) -> PyResult<Value> {
        self.rt.result_of(v)
    }
}
