//! The evaluator: Python values, an async tree-walking evaluator in which `async def` calls make
//! coroutines and `await` drives Rust futures, builtins, exceptions and tracebacks.
//!
//! The evaluator is `async` and boxes its recursion, so a script's coroutines are Rust futures:
//! awaiting a coroutine polls it inline; awaiting a runtime object (a future or a task) leaves
//! a [`Suspend`] in [`Interp::io`] and returns `Pending` up to whoever drives the task. The
//! runtime plugs in through the [`Host`] trait, so this module knows nothing of event loops or
//! browsers.

pub mod builtins;
pub mod dict;
pub mod error;
pub mod eval;
pub mod format;
pub mod gen;
pub mod limits;
pub mod methods;
pub mod num;
pub mod ops;
pub mod strfmt;
pub mod types;
pub mod value;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};

pub use error::{PyErr, PyResult};
pub use value::{Args, Value};

use value::AttrMap;

/// Why the innermost future of a task returned `Pending`.
#[derive(Clone, Debug)]
pub enum Suspend {
    /// Awaiting a runtime object (a future or a task) that is not done yet.
    Await(Value),
    /// A bare yield to the event loop (`asyncio.sleep(0)`): reschedule at once.
    Yield,
    /// The step budget ran out: give the page a turn, then resume this same step.
    Preempt,
    /// Block the whole loop until the clock reaches this time (`time.sleep`).
    Block(f64),
    /// The loop has nothing ready before this time: let real time pass (paced clock).
    Until(f64),
}

/// What the evaluator needs from the world around it: the runtime implements it.
pub trait Host {
    /// The script printed `text` (one `print` call, including its `end`).
    fn print(&self, text: &str);
    /// `import name` (a full dotted name, its parents already imported): the module, the
    /// exception its body raised, or `None` if there is no such module.
    fn import(&self, interp: &Interp, name: &str) -> Option<PyResult<Value>>;
    /// A coroutine was created at `line` and dropped without being awaited.
    fn never_awaited(&self, interp: &Interp, qualname: &str, line: u32);
    /// Whether `v` is an awaitable runtime object: `Some(done)`, or `None` if it is not one.
    fn future_done(&self, v: &Value) -> Option<bool>;
    /// The result of a done runtime awaitable (raises its exception or `CancelledError`).
    fn future_result(&self, v: &Value) -> PyResult<Value>;
}

/// One run's interpreter state.
pub struct Interp {
    me: Weak<Interp>,
    /// The script's source (for tracebacks).
    pub source: Rc<str>,
    /// The script's file name as the user named it (`python3 FILE`: the path as given; the
    /// page: `main.py` or the sample's name). Tracebacks, warnings, reprs and `__file__`
    /// show it; internally the script's frames are marked `<script>`.
    pub script_name: Rc<str>,
    /// The `builtins` namespace.
    pub builtins: RefCell<AttrMap>,
    /// The runtime.
    pub host: Rc<dyn Host>,
    /// What the innermost suspended future is waiting for (read by the task driver).
    pub io: RefCell<Option<Suspend>>,
    /// An exception to raise at the suspension point when the task resumes.
    pub throw_in: RefCell<Option<PyErr>>,
    /// Current nesting of Python frames being polled (for `RecursionError`).
    pub depth: Cell<u32>,
    /// The recursion limit (`sys.getrecursionlimit()`, 1000 as CPython).
    pub recursion_limit: u32,
    /// Evaluation steps since the run started (for the long-running-step hint).
    pub total_steps: Cell<u64>,
    /// Evaluation steps since the last preemption.
    pub steps: Cell<u64>,
    /// Steps after which the evaluator yields to the driver (`u64::MAX`: never).
    pub step_budget: Cell<u64>,
    /// Nesting of synchronous calls into script code, during which preemption is impossible.
    pub no_preempt: Cell<u32>,
    /// Imported modules by name.
    pub modules: RefCell<HashMap<Rc<str>, Value>>,
    /// The span of the innermost `await` being evaluated (where a suspending task is).
    pub await_span: Cell<crate::syntax::ast::Span>,
    /// The script's module globals (frames with these globals run the user's code).
    pub script_globals: RefCell<Option<Rc<RefCell<AttrMap>>>>,
    /// Other sources frames can run, by file name (`<asyncio>`: the prelude; `<frozen NAME>`:
    /// a standard-library module written in Python).
    pub other_sources: RefCell<HashMap<&'static str, Rc<str>>>,
    /// The file name of each module namespace that is not the script's, by the address of its
    /// globals (frames find their file through their globals).
    pub module_files: RefCell<Vec<(*const RefCell<AttrMap>, &'static str)>>,
    /// Byte offsets where each line starts (for line numbers in O(log n)).
    pub line_starts: Vec<u32>,
    /// The span of the call being made (where a coroutine it creates was created).
    pub call_span: Cell<crate::syntax::ast::Span>,
    /// Where dropped, never-awaited coroutines report.
    pub warn: Rc<dyn value::CoroutineWarn>,
}

impl Interp {
    /// A fresh interpreter for `source`, a script named `script_name`, over `host`.
    pub fn new(source: &str, script_name: &str, host: Rc<dyn Host>) -> Rc<Interp> {
        Rc::new_cyclic(|me| Interp {
            me: me.clone(),
            source: Rc::from(source),
            script_name: Rc::from(script_name),
            builtins: RefCell::new(builtins::namespace()),
            host,
            io: RefCell::new(None),
            throw_in: RefCell::new(None),
            depth: Cell::new(0),
            recursion_limit: 1000,
            total_steps: Cell::new(0),
            steps: Cell::new(0),
            step_budget: Cell::new(u64::MAX),
            no_preempt: Cell::new(0),
            modules: RefCell::new(HashMap::new()),
            call_span: Cell::new(crate::syntax::ast::Span::default()),
            await_span: Cell::new(crate::syntax::ast::Span::default()),
            script_globals: RefCell::new(None),
            other_sources: RefCell::new(HashMap::new()),
            module_files: RefCell::new(Vec::new()),
            line_starts: std::iter::once(0)
                .chain(source.match_indices('\n').map(|(i, _)| i as u32 + 1))
                .collect(),
            warn: Rc::new(eval::WarnVia(me.clone())),
        })
    }

    /// The 1-based line containing byte `offset` of the source.
    pub fn line_of(&self, offset: u32) -> u32 {
        self.line_starts.partition_point(|&s| s <= offset) as u32
    }

    /// The text of source `file` (`<script>` or a registered one).
    pub fn source_of(&self, file: &str) -> Rc<str> {
        if file == "<script>" {
            return self.source.clone();
        }
        self.other_sources
            .borrow()
            .get(file)
            .cloned()
            .unwrap_or_else(|| Rc::from(""))
    }

    /// Is this frame running the user's script (not the runtime's prelude)?
    pub fn is_script(&self, globals: &Rc<RefCell<AttrMap>>) -> bool {
        self.script_globals
            .borrow()
            .as_ref()
            .is_none_or(|g| Rc::ptr_eq(g, globals))
    }

    /// The name a traceback shows for source `file` (the script's own name for `<script>`).
    pub fn display_name<'a>(&'a self, file: &'a str) -> &'a str {
        if file == "<script>" {
            &self.script_name
        } else {
            file
        }
    }

    /// The source a frame's traceback entries point into (`<script>` for the user's).
    pub fn file_of(&self, globals: &Rc<RefCell<AttrMap>>) -> &'static str {
        if self.is_script(globals) {
            return "<script>";
        }
        let key = Rc::as_ptr(globals);
        self.module_files
            .borrow()
            .iter()
            .find(|(g, _)| *g == key)
            .map_or("<asyncio>", |(_, file)| file)
    }

    /// Runs Python `source` as the body of a module whose frames show `file`, in `globals`,
    /// synchronously (a module body cannot await). Used for the asyncio prelude and the
    /// standard-library modules written in Python.
    pub fn exec_module_source(
        &self,
        file: &'static str,
        source: &'static str,
        globals: &Rc<RefCell<AttrMap>>,
    ) -> PyResult<()> {
        let parsed = crate::syntax::parse_module(source)
            .map_err(|e| PyErr::internal(format!("{file}: {}", e.render(source, file))))?;
        self.other_sources
            .borrow_mut()
            .insert(file, Rc::from(source));
        self.module_files
            .borrow_mut()
            .push((Rc::as_ptr(globals), file));
        self.block_on(self.run_module(&parsed, globals.clone()))
    }

    /// A strong handle to this interpreter (for `'static` futures such as coroutine bodies).
    pub fn rc(&self) -> PyResult<Rc<Interp>> {
        self.me
            .upgrade()
            .ok_or_else(|| PyErr::internal("interpreter dropped"))
    }
}
