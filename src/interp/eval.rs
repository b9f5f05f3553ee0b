//! The async tree-walking evaluator: statements and expressions of a frame.
//!
//! Expressions without calls, awaits or yields are evaluated synchronously (no allocation);
//! everything else is an `async` function whose recursion is boxed. A coroutine's body is
//! such a future; `await` on a coroutine polls it inline, `await` on a runtime object leaves
//! [`Suspend::Await`] in [`Interp::io`] and returns `Pending` until the task resumes it.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use crate::interp::dict::{new_dict, Key};
use crate::interp::error::{new_exception, PyErr, PyResult};
use crate::interp::limits;
use crate::interp::ops;
use crate::interp::types;
use crate::interp::value::{
    Args, AttrMap, CellRef, Class, Coroutine, Function, GenChannel, GenState, Generator, Instance,
    LocalBoxFuture, Payload, TypeKind, Value,
};
use crate::interp::{Interp, Suspend};
use crate::syntax::ast::{
    BoolOpKind, ClassDef, Comprehension, Constant, Expr, ExprKind, FStringPart, FunctionDef,
    NameScope, Scope, Stmt, StmtKind,
};

/// How a block of statements ended.
pub enum Flow {
    /// Fell off the end.
    Normal,
    /// `return value`.
    Return(Value),
    /// `break`.
    Break,
    /// `continue`.
    Continue,
}

/// A sink for comprehension results: element, and value for dict comprehensions.
type Sink<'a> = dyn FnMut(&Interp, Value, Option<Value>) -> PyResult<()> + 'a;

/// A running function, module or class body.
pub struct Frame {
    /// Fast locals.
    pub locals: RefCell<Vec<Option<Value>>>,
    /// Cellvars then freevars.
    pub cells: Vec<CellRef>,
    /// Module globals.
    pub globals: Rc<RefCell<AttrMap>>,
    /// The class namespace when running a class body.
    pub class_ns: Option<Rc<RefCell<AttrMap>>>,
    /// The name shown in tracebacks (`<module>`, the function's name).
    pub name: Rc<str>,
    /// The function running, if any (for `super()`).
    pub func: Option<Rc<Function>>,
    /// The generator channel when this frame is a generator's.
    pub gen: Option<Rc<GenChannel>>,
    /// Exceptions being handled (innermost last), for bare `raise` and `__context__`.
    pub handling: RefCell<Vec<Value>>,
}

impl Frame {
    /// The module-level frame.
    pub fn module(globals: Rc<RefCell<AttrMap>>, scope: &Scope) -> Frame {
        Frame {
            locals: RefCell::new(vec![None; scope.local_names.len()]),
            cells: (0..scope.cellvars.len())
                .map(|_| Rc::new(RefCell::new(None)))
                .collect(),
            globals,
            class_ns: None,
            name: Rc::from("<module>"),
            func: None,
            gen: None,
            handling: RefCell::new(Vec::new()),
        }
    }
}

/// How [`Interp::quick`] ran a statement.
enum Quick<'a> {
    /// Done at once.
    Done(PyResult<Flow>),
    /// An expression statement still to finish.
    Expr(LocalBoxFuture<'a, PyResult<Value>>),
    /// A statement still to finish.
    Flow(LocalBoxFuture<'a, PyResult<Flow>>),
    /// `target = <value still to finish>`.
    Assign(LocalBoxFuture<'a, PyResult<Value>>, &'a Expr),
    /// `return <value still to finish>`.
    Return(LocalBoxFuture<'a, PyResult<Value>>),
    /// Needs the general path.
    Slow,
}

/// A future that is either already resolved (the synchronous fast path) or boxed.
pub enum Fut<'a, T> {
    /// Resolved without suspending.
    Ready(Option<T>),
    /// Needs polling.
    Boxed(LocalBoxFuture<'a, T>),
}

impl<T: Unpin> Future for Fut<'_, T> {
    type Output = T;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        match self.get_mut() {
            Fut::Ready(v) => match v.take() {
                Some(v) => Poll::Ready(v),
                None => Poll::Pending,
            },
            Fut::Boxed(f) => f.as_mut().poll(cx),
        }
    }
}

/// The leaf future of `await` on a runtime object (CPython's `Future.__await__`).
struct AwaitLeaf<'a> {
    interp: &'a Interp,
    target: Value,
    yielded: bool,
}

impl Future for AwaitLeaf<'_> {
    type Output = PyResult<Value>;
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<PyResult<Value>> {
        let this = self.get_mut();
        if this.yielded {
            if let Some(e) = this.interp.throw_in.borrow_mut().take() {
                return Poll::Ready(Err(e));
            }
            return Poll::Ready(match this.interp.host.future_done(&this.target) {
                Some(true) => this.interp.host.future_result(&this.target),
                _ => Err(PyErr::new("RuntimeError", "await wasn't used with future")),
            });
        }
        match this.interp.host.future_done(&this.target) {
            Some(true) => Poll::Ready(this.interp.host.future_result(&this.target)),
            Some(false) => {
                this.yielded = true;
                *this.interp.io.borrow_mut() = Some(Suspend::Await(this.target.clone()));
                Poll::Pending
            }
            None => Poll::Ready(Err(PyErr::type_error(format!(
                "object {} can't be used in 'await' expression",
                ops::type_name(&this.target)
            )))),
        }
    }
}

/// A leaf that suspends the task once with `what` (a bare yield, a preemption, a block).
pub struct SuspendOnce<'a> {
    interp: &'a Interp,
    what: Option<Suspend>,
}

impl<'a> SuspendOnce<'a> {
    /// Suspends once with `what`, then completes (raising an exception thrown in meanwhile).
    pub fn new(interp: &'a Interp, what: Suspend) -> Self {
        SuspendOnce {
            interp,
            what: Some(what),
        }
    }
}

impl Future for SuspendOnce<'_> {
    type Output = PyResult<()>;
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<PyResult<()>> {
        let this = self.get_mut();
        match this.what.take() {
            Some(w) => {
                *this.interp.io.borrow_mut() = Some(w);
                Poll::Pending
            }
            None => match this.interp.throw_in.borrow_mut().take() {
                Some(e) => Poll::Ready(Err(e)),
                None => Poll::Ready(Ok(())),
            },
        }
    }
}

/// The leaf of `yield value` in a generator frame.
struct YieldLeaf {
    chan: Rc<GenChannel>,
    value: Option<Value>,
}

impl Future for YieldLeaf {
    type Output = PyResult<Value>;
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<PyResult<Value>> {
        let this = self.get_mut();
        match this.value.take() {
            Some(v) => {
                *this.chan.yielded.borrow_mut() = Some(v);
                Poll::Pending
            }
            None => {
                if let Some(e) = this.chan.thrown.borrow_mut().take() {
                    return Poll::Ready(Err(e));
                }
                Poll::Ready(Ok(this
                    .chan
                    .sent
                    .borrow_mut()
                    .take()
                    .unwrap_or(Value::None)))
            }
        }
    }
}

/// Counts a Python frame's nesting while it is being polled, raising `RecursionError` past
/// the limit, so deep recursion never overflows the Rust or wasm stack.
///
/// It is also the call boundary: a `return` becomes the call's value, and an exception leaving
/// the frame is marked to record the caller's line next.
struct DepthGuard<'a> {
    interp: &'a Interp,
    inner: LocalBoxFuture<'a, PyResult<Flow>>,
}

impl Future for DepthGuard<'_> {
    type Output = PyResult<Value>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<PyResult<Value>> {
        let this = self.get_mut();
        match this.interp.nested(|| this.inner.as_mut().poll(cx)) {
            Err(e) => Poll::Ready(Err(e)),
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(Ok(Flow::Return(v)))) => Poll::Ready(Ok(v)),
            Ok(Poll::Ready(Ok(_))) => Poll::Ready(Ok(Value::None)),
            Ok(Poll::Ready(Err(e))) => Poll::Ready(Err(e.reenter())),
        }
    }
}

/// Counts a comprehension's frame toward the recursion limit while it is polled (CPython 3.11
/// runs comprehensions as nested functions).
struct Nest<'a, T> {
    interp: &'a Interp,
    inner: LocalBoxFuture<'a, PyResult<T>>,
}

impl<T> Future for Nest<'_, T> {
    type Output = PyResult<T>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<PyResult<T>> {
        let this = self.get_mut();
        match this.interp.nested(|| this.inner.as_mut().poll(cx)) {
            Ok(p) => p,
            Err(e) => Poll::Ready(Err(e)),
        }
    }
}

/// Resumes a generator: polls its body until it yields, returns or suspends its task.
struct Resume<'a> {
    gen: &'a Generator,
}

impl Future for Resume<'_> {
    type Output = PyResult<Option<Value>>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<PyResult<Option<Value>>> {
        let gen = self.gen;
        let mut slot = gen.body.borrow_mut();
        let Some(body) = slot.as_mut() else {
            return Poll::Ready(Ok(None));
        };
        gen.state.set(GenState::Running);
        match body.as_mut().poll(cx) {
            Poll::Ready(r) => {
                *slot = None;
                gen.state.set(GenState::Done);
                Poll::Ready(r.map(|v| {
                    *gen.chan.returned.borrow_mut() = Some(v);
                    None
                }))
            }
            Poll::Pending => match gen.chan.yielded.borrow_mut().take() {
                Some(v) => {
                    gen.state.set(GenState::Suspended);
                    Poll::Ready(Ok(Some(v)))
                }
                None => {
                    gen.state.set(GenState::Suspended);
                    Poll::Pending
                }
            },
        }
    }
}

/// Is `e` free of calls, awaits, yields, comprehensions and walrus, so that it can be
/// evaluated synchronously without side effects of its own? (Computed by the parser.)
#[inline]
pub fn is_sync(e: &Expr) -> bool {
    e.sync
}

fn unbound_local(name: &str) -> PyErr {
    PyErr::new(
        "UnboundLocalError",
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

fn name_error(name: &str) -> PyErr {
    let e = PyErr::new("NameError", format!("name '{name}' is not defined"));
    e.exc()
        .dict
        .borrow_mut()
        .insert(Rc::from("name"), Value::str(name));
    e
}

// ----- the expression evaluator's one source of truth -----
//
// Expressions are evaluated on two paths: synchronously ([`Interp::eval_sync`], no allocation,
// for expressions without calls or awaits) and as boxed futures ([`Interp::eval`]). Each
// construct's semantics, including the order in which its operands are evaluated, is written
// once in the macros below; each path instantiates them with its own way of evaluating a
// sub-expression (`ev!`: `eval_sync(..)?` or `eval(..).await?`), of collecting an iterable
// (`collect!`) and of rendering a nested f-string format spec (`spec!`).

/// Defines `ev!` (evaluate a sub-expression) and `collect!` (collect an iterable) for the
/// synchronous path in the calling function (`$d` is a `$` token, to write the inner macros'
/// parameters).
#[rustfmt::skip]
macro_rules! sync_path {
    ($d:tt $this:ident $f:ident) => {
        #[allow(unused_macros)]
        macro_rules! ev {
            ($d x:expr) => {
                $this.eval_sync($f, $d x)?
            };
        }
        #[allow(unused_macros)]
        macro_rules! collect {
            ($d v:expr) => {
                $this.collect_sync($d v)?
            };
        }
    };
}

/// Defines `ev!` and `collect!` for the general (awaiting) path, as [`sync_path!`].
#[rustfmt::skip]
macro_rules! async_path {
    ($d:tt $this:ident $f:ident) => {
        #[allow(unused_macros)]
        macro_rules! ev {
            ($d x:expr) => {
                $this.eval($f, $d x).await?
            };
        }
        #[allow(unused_macros)]
        macro_rules! collect {
            ($d v:expr) => {
                $this.collect($d v).await?
            };
        }
    };
}

/// The items of a tuple, list or set display (`*x` unpacked in place), left to right.
macro_rules! display_items {
    ($items:expr, $ev:ident, $collect:ident) => {{
        let items: &[Expr] = $items;
        let mut out = Vec::with_capacity(items.len());
        for it in items {
            match &it.kind {
                ExprKind::Starred(inner) => {
                    let v = $ev!(inner);
                    out.extend($collect!(&v));
                }
                _ => out.push($ev!(it)),
            }
        }
        out
    }};
}

/// The callee and arguments of a call, in CPython's order: the function (and the method
/// lookup of `obj.name(...)`, whose `obj` becomes the first argument), then positional
/// arguments, then keyword arguments, each left to right.
macro_rules! call_parts {
    ($this:ident, $func:expr, $args:expr, $keywords:expr, $ev:ident, $collect:ident) => {{
        let func: &Expr = $func;
        let mut a = Args::default();
        let callee = match &func.kind {
            ExprKind::Attribute { value, attr } => {
                let obj = $ev!(value);
                match $this.lookup_method(&obj, attr)? {
                    Some(m) => {
                        a.pos.push(obj);
                        m
                    }
                    None => $this.getattr(&obj, attr).map_err(|x| x.at(func.span))?,
                }
            }
            _ => $ev!(func),
        };
        for arg in $args.iter() {
            match &arg.kind {
                ExprKind::Starred(inner) => {
                    let v = $ev!(inner);
                    a.pos.extend($collect!(&v));
                }
                _ => a.pos.push($ev!(arg)),
            }
        }
        for k in $keywords.iter() {
            let v = $ev!(&k.value);
            match &k.arg {
                Some(name) => a.kw.push((name.clone(), v)),
                None => $this.extend_kwargs(&mut a, &v)?,
            }
        }
        (callee, a)
    }};
}

/// An f-string's text: literal parts and formatted fields, left to right.
macro_rules! fstring {
    ($this:ident, $parts:expr, $ev:ident, $spec:ident) => {{
        let mut s = String::new();
        for p in $parts.iter() {
            match p {
                FStringPart::Literal(t) => s.push_str(t),
                FStringPart::Formatted {
                    value,
                    conversion,
                    format_spec,
                    ..
                } => {
                    let v = $ev!(value);
                    let spec = match format_spec {
                        Some(sp) => $spec!(sp),
                        None => String::new(),
                    };
                    s.push_str(&$this.format_field(&v, *conversion, &spec)?);
                }
            }
        }
        s
    }};
}

/// A dict display: each key before its value; the pairs between two `**` are stored together,
/// after all of them are evaluated (CPython's BUILD_MAP).
macro_rules! dict_display {
    ($this:ident, $keys:expr, $values:expr, $ev:ident) => {{
        let (keys, values): (&[Option<Expr>], &[Expr]) = ($keys, $values);
        // Each key before its value; the pairs between two `**` are stored together,
        // after all of them are evaluated (CPython's BUILD_MAP).
        let mut d = new_dict();
        let mut pending: Vec<(Value, Value)> = Vec::new();
        for (k, v) in keys.iter().zip(values) {
            match k {
                Some(k) => {
                    let key = $ev!(k);
                    let val = $ev!(v);
                    // A str or int key is stored at once: hashing it runs no code.
                    if pending.is_empty() && matches!(key, Value::Str(_) | Value::Int(_)) {
                        d.insert(ops::key(key)?, val);
                    } else {
                        pending.push((key, val));
                    }
                }
                None => {
                    for (key, val) in pending.drain(..) {
                        d.insert(ops::key(key)?, val);
                    }
                    let val = $ev!(v);
                    ops::dict_update($this, &mut d, &val)?
                }
            }
        }
        for (key, val) in pending {
            d.insert(ops::key(key)?, val);
        }
        Value::Dict(Rc::new(RefCell::new(d)))
    }};
}

/// Every construct both paths evaluate; anything else is `$other`. `$items!`, `$dict!` and
/// `$fstr!` evaluate a display's items, a dict display and an f-string (out of line on the
/// synchronous path, to keep its frames small).
macro_rules! shared_expr {
    ($this:ident, $f:ident, $e:ident, $ev:ident, $items:ident, $dict:ident, $fstr:ident, $other:block) => {
        match &$e.kind {
            ExprKind::Constant(c) => constant(c),
            ExprKind::Name { id, scope } => $this.load_name($f, id, *scope),
            ExprKind::Attribute { value, attr } => {
                let v = $ev!(value);
                $this.getattr(&v, attr)
            }
            ExprKind::BinOp { left, op, right } => {
                let a = $ev!(left);
                let b = $ev!(right);
                ops::binop($this, *op, &a, &b)
            }
            ExprKind::UnaryOp { op, operand } => {
                let v = $ev!(operand);
                ops::unaryop($this, *op, &v)
            }
            ExprKind::Compare {
                left,
                ops: cmps,
                comparators,
            } => {
                // `a < b < c`: each operand evaluated once, stopping at the first false link.
                let mut a = $ev!(left);
                let mut result = Value::Bool(true);
                for (op, c) in cmps.iter().zip(comparators) {
                    let b = $ev!(c);
                    result = ops::compare_value($this, *op, &a, &b)?;
                    let go_on = match &result {
                        Value::Bool(t) => *t,
                        other => ops::truthy($this, other)?,
                    };
                    if !go_on {
                        return Ok(result);
                    }
                    a = b;
                }
                Ok(result)
            }
            ExprKind::BoolOp { op, values } => {
                let mut last = Value::None;
                for v in values {
                    last = $ev!(v);
                    if (*op == BoolOpKind::And) != ops::truthy($this, &last)? {
                        return Ok(last);
                    }
                }
                Ok(last)
            }
            ExprKind::IfExp { test, body, orelse } => {
                let t = $ev!(test);
                Ok(if ops::truthy($this, &t)? {
                    $ev!(body)
                } else {
                    $ev!(orelse)
                })
            }
            ExprKind::Subscript { value, slice } => {
                let v = $ev!(value);
                let i = $ev!(slice);
                ops::getitem($this, &v, &i)
            }
            ExprKind::Slice { lower, upper, step } => {
                let mut s = [Value::None, Value::None, Value::None];
                for (slot, x) in s.iter_mut().zip([lower, upper, step]) {
                    if let Some(x) = x {
                        *slot = $ev!(x);
                    }
                }
                Ok(Value::Slice(Rc::new(s)))
            }
            ExprKind::Tuple(items) => Ok(Value::tuple($items!(items))),
            ExprKind::List(items) => Ok(Value::list($items!(items))),
            ExprKind::Set(items) => ops::make_set($items!(items)),
            ExprKind::Dict { keys, values } => Ok($dict!(keys, values)),
            ExprKind::JoinedStr(parts) => Ok(Value::str(&$fstr!(parts))),
            _ => $other,
        }
    };
}

impl Interp {
    // ----- names -----

    /// Loads a name as resolved by scope analysis.
    pub fn load_name(&self, f: &Frame, id: &Rc<str>, scope: NameScope) -> PyResult<Value> {
        match scope {
            NameScope::Local(i) => f.locals.borrow().get(i as usize).cloned().flatten().ok_or_else(|| unbound_local(id)),
            NameScope::Cell(i) => match f.cells.get(i as usize) {
                Some(c) => c.borrow().clone().ok_or_else(|| {
                    PyErr::new("NameError", format!("cannot access free variable '{id}' where it is not associated with a value in enclosing scope"))
                }),
                None => Err(PyErr::internal("bad cell index")),
            },
            NameScope::Global | NameScope::Unresolved => self.load_global(f, id),
            NameScope::ClassBody => {
                if let Some(ns) = &f.class_ns {
                    if let Some(v) = ns.borrow().get(id) {
                        return Ok(v.clone());
                    }
                }
                self.load_global(f, id)
            }
        }
    }

    fn load_global(&self, f: &Frame, id: &Rc<str>) -> PyResult<Value> {
        if let Some(v) = f.globals.borrow().get(id) {
            return Ok(v.clone());
        }
        if let Some(v) = self.builtins.borrow().get(id) {
            return Ok(v.clone());
        }
        Err(name_error(id))
    }

    /// Stores a name as resolved by scope analysis.
    pub fn store_name(&self, f: &Frame, id: &Rc<str>, scope: NameScope, v: Value) -> PyResult<()> {
        match scope {
            NameScope::Local(i) => {
                let mut l = f.locals.borrow_mut();
                match l.get_mut(i as usize) {
                    Some(slot) => *slot = Some(v),
                    None => return Err(PyErr::internal("bad local index")),
                }
            }
            NameScope::Cell(i) => match f.cells.get(i as usize) {
                Some(c) => *c.borrow_mut() = Some(v),
                None => return Err(PyErr::internal("bad cell index")),
            },
            NameScope::Global | NameScope::Unresolved => {
                f.globals.borrow_mut().insert(id.clone(), v);
            }
            NameScope::ClassBody => match &f.class_ns {
                Some(ns) => {
                    ns.borrow_mut().insert(id.clone(), v);
                }
                None => {
                    f.globals.borrow_mut().insert(id.clone(), v);
                }
            },
        }
        Ok(())
    }

    fn delete_name(&self, f: &Frame, id: &Rc<str>, scope: NameScope) -> PyResult<()> {
        let existed = match scope {
            NameScope::Local(i) => f
                .locals
                .borrow_mut()
                .get_mut(i as usize)
                .and_then(|s| s.take())
                .is_some(),
            NameScope::Cell(i) => f
                .cells
                .get(i as usize)
                .and_then(|c| c.borrow_mut().take())
                .is_some(),
            NameScope::Global | NameScope::Unresolved => {
                f.globals.borrow_mut().remove(id).is_some()
            }
            NameScope::ClassBody => match &f.class_ns {
                Some(ns) => ns.borrow_mut().remove(id).is_some(),
                None => f.globals.borrow_mut().remove(id).is_some(),
            },
        };
        if existed {
            Ok(())
        } else if matches!(scope, NameScope::Local(_)) {
            Err(unbound_local(id))
        } else {
            Err(name_error(id))
        }
    }

    // ----- preemption -----

    /// Counts a step; when the budget runs out (and preemption is possible), suspends the task
    /// once so the driver can give the page a turn.
    ///
    /// Every step also checks the run's limits: past its memory budget it raises
    /// `MemoryError`; once the run was halted (a cap was reached), it hands control back to the
    /// session, which ends the run (inside a synchronous callback, where it cannot suspend, it
    /// raises instead, until the callback returns).
    pub async fn tick(&self) -> PyResult<()> {
        let s = self.steps.get() + 1;
        self.steps.set(s);
        self.total_steps.set(self.total_steps.get() + 1);
        limits::check_memory()?;
        if limits::halted() {
            if self.no_preempt.get() > 0 {
                return Err(PyErr::new("RuntimeError", "the run was stopped"));
            }
            return SuspendOnce::new(self, Suspend::Preempt).await;
        }
        if s >= self.step_budget.get() && self.no_preempt.get() == 0 {
            self.steps.set(0);
            SuspendOnce::new(self, Suspend::Preempt).await?;
        }
        Ok(())
    }

    // ----- expressions -----

    /// Evaluates an expression: synchronously when possible, else as a boxed future.
    pub fn eval<'a>(&'a self, f: &'a Frame, e: &'a Expr) -> Fut<'a, PyResult<Value>> {
        if is_sync(e) {
            return Fut::Ready(Some(self.eval_sync(f, e)));
        }
        if let ExprKind::Await(inner) = &e.kind {
            let inner_fut = self.eval(f, inner);
            let span = e.span;
            return Fut::Boxed(Box::pin(async move {
                let v = inner_fut.await.map_err(|x| x.at(span))?;
                if self.is_script(&f.globals) {
                    self.await_span.set(span);
                }
                self.await_value(v).await.map_err(|x| x.at(span))
            }));
        }
        if let ExprKind::Call {
            func,
            args,
            keywords,
        } = &e.kind
        {
            let simple = is_sync(func)
                && args.iter().all(is_sync)
                && keywords.iter().all(|k| is_sync(&k.value));
            if simple && !matches!(&func.kind, ExprKind::Name { id, .. } if &**id == "super") {
                return self.call_simple(f, e, func, args, keywords);
            }
        }
        Fut::Boxed(Box::pin(self.eval_async(f, e)))
    }

    fn call_simple<'a>(
        &'a self,
        f: &'a Frame,
        e: &'a Expr,
        func: &'a Expr,
        args: &'a [Expr],
        keywords: &'a [crate::syntax::ast::Keyword],
    ) -> Fut<'a, PyResult<Value>> {
        sync_path!($ self f);
        let prepared = (|| -> PyResult<(Value, Args)> {
            Ok(call_parts!(self, func, args, keywords, ev, collect))
        })();
        let (callee, mut a) = match prepared {
            Ok(p) => p,
            Err(err) => return Fut::Ready(Some(Err(err.at(e.span)))),
        };
        self.call_span.set(e.span);
        if let Value::Builtin(b) = &callee {
            if let crate::interp::value::BuiltinImpl::Sync(func) = b.imp {
                let r = match &b.data {
                    Some(d) => {
                        a.pos.insert(0, d.clone());
                        func(self, a)
                    }
                    None => func(self, a),
                };
                return Fut::Ready(Some(r.map_err(|x| x.at(e.span))));
            }
        }
        let span = e.span;
        match callee {
            Value::Function(func) => self.call_function(func, a),
            Value::Method(m) if matches!(m.1, Value::Function(_)) => {
                let mut a = a;
                a.pos.insert(0, m.0.clone());
                match &m.1 {
                    Value::Function(func) => self.call_function(func.clone(), a),
                    _ => Fut::Ready(Some(Err(PyErr::internal("method")))),
                }
            }
            callee => Fut::Boxed(Box::pin(async move {
                self.call(&callee, a).await.map_err(|x| x.at(span))
            })),
        }
    }

    /// Evaluates a synchronous expression (see [`is_sync`]).
    pub fn eval_sync(&self, f: &Frame, e: &Expr) -> PyResult<Value> {
        self.eval_sync_inner(f, e).map_err(|x| x.at(e.span))
    }

    /// The synchronous path: [`shared_expr!`] with sub-expressions evaluated at once.
    fn eval_sync_inner(&self, f: &Frame, e: &Expr) -> PyResult<Value> {
        sync_path!($ self f);
        macro_rules! items {
            ($items:expr) => {
                self.display_items_sync(f, $items)?
            };
        }
        macro_rules! dict {
            ($keys:expr, $values:expr) => {
                self.dict_display_sync(f, $keys, $values)?
            };
        }
        macro_rules! fstr {
            ($parts:expr) => {
                self.fstring_sync(f, $parts)?
            };
        }
        shared_expr!(self, f, e, ev, items, dict, fstr, {
            Err(PyErr::internal("expression is not synchronous"))
        })
    }

    fn display_items_sync(&self, f: &Frame, items: &[Expr]) -> PyResult<Vec<Value>> {
        sync_path!($ self f);
        Ok(display_items!(items, ev, collect))
    }

    fn dict_display_sync(
        &self,
        f: &Frame,
        keys: &[Option<Expr>],
        values: &[Expr],
    ) -> PyResult<Value> {
        sync_path!($ self f);
        Ok(dict_display!(self, keys, values, ev))
    }

    fn fstring_sync(&self, f: &Frame, parts: &[FStringPart]) -> PyResult<String> {
        sync_path!($ self f);
        macro_rules! spec {
            ($parts:expr) => {
                self.fstring_sync(f, $parts)?
            };
        }
        Ok(fstring!(self, parts, ev, spec))
    }

    fn format_field(&self, v: &Value, conversion: Option<char>, spec: &str) -> PyResult<String> {
        let v = match conversion {
            Some('r') => Value::str(&ops::repr(self, v)?),
            Some('s') => Value::str(&ops::str(self, v)?),
            Some('a') => Value::str(&ops::ascii(&ops::repr(self, v)?)),
            _ => v.clone(),
        };
        ops::format(self, &v, spec)
    }

    fn fstring_async<'a>(
        &'a self,
        f: &'a Frame,
        parts: &'a [FStringPart],
    ) -> LocalBoxFuture<'a, PyResult<String>> {
        Box::pin(async move {
            async_path!($ self f);
            macro_rules! spec {
                ($parts:expr) => {
                    self.fstring_async(f, $parts).await?
                };
            }
            Ok(fstring!(self, parts, ev, spec))
        })
    }

    async fn eval_async(&self, f: &Frame, e: &Expr) -> PyResult<Value> {
        self.eval_async_inner(f, e).await.map_err(|x| x.at(e.span))
    }

    /// The general path: [`shared_expr!`] with sub-expressions awaited, plus the constructs
    /// only this path has (calls, awaits, yields, comprehensions, lambdas, walrus).
    async fn eval_async_inner(&self, f: &Frame, e: &Expr) -> PyResult<Value> {
        async_path!($ self f);
        macro_rules! items {
            ($items:expr) => {
                display_items!($items, ev, collect)
            };
        }
        macro_rules! dict {
            ($keys:expr, $values:expr) => {
                dict_display!(self, $keys, $values, ev)
            };
        }
        macro_rules! fstr {
            ($parts:expr) => {
                self.fstring_async(f, $parts).await?
            };
        }
        shared_expr!(self, f, e, ev, items, dict, fstr, {
            self.eval_async_only(f, e).await
        })
    }

    /// The constructs that always take the general path.
    async fn eval_async_only(&self, f: &Frame, e: &Expr) -> PyResult<Value> {
        async_path!($ self f);
        match &e.kind {
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                if let ExprKind::Name { id, .. } = &func.kind {
                    if &**id == "super"
                        && args.is_empty()
                        && keywords.is_empty()
                        && !f.globals.borrow().contains_key("super")
                    {
                        return self.make_super(f);
                    }
                }
                let (callee, a) = call_parts!(self, func, args, keywords, ev, collect);
                self.call_span.set(e.span);
                self.call(&callee, a).await
            }
            ExprKind::Await(inner) => {
                let v = ev!(inner);
                self.await_value(v).await
            }
            ExprKind::Yield(value) => {
                let v = match value {
                    Some(x) => ev!(x),
                    None => Value::None,
                };
                let chan = f
                    .gen
                    .clone()
                    .ok_or_else(|| PyErr::internal("yield outside generator"))?;
                YieldLeaf {
                    chan,
                    value: Some(v),
                }
                .await
            }
            ExprKind::YieldFrom(inner) => {
                let v = ev!(inner);
                self.yield_from(f, v).await
            }
            ExprKind::NamedExpr { target, value } => {
                let v = ev!(value);
                self.assign(f, target, v.clone()).await?;
                Ok(v)
            }
            ExprKind::Lambda(def) => self.make_function(f, def).await,
            ExprKind::ListComp(c) => {
                let mut out = Vec::new();
                self.run_comprehension(f, c, &mut |_, v, _| {
                    out.push(v);
                    Ok(())
                })
                .await?;
                Ok(Value::list(out))
            }
            ExprKind::SetComp(c) => {
                let mut out = Vec::new();
                self.run_comprehension(f, c, &mut |_, v, _| {
                    out.push(v);
                    Ok(())
                })
                .await?;
                ops::make_set(out)
            }
            ExprKind::DictComp(c) => {
                let mut d = new_dict();
                self.run_comprehension(f, c, &mut |_, k, v| {
                    d.insert(ops::key(k)?, v.unwrap_or(Value::None));
                    Ok(())
                })
                .await?;
                Ok(Value::Dict(Rc::new(RefCell::new(d))))
            }
            ExprKind::GeneratorExp(c) => self.make_genexp(f, c).await,
            ExprKind::Starred(_) => Err(PyErr::new(
                "SyntaxError",
                "can't use starred expression here",
            )),
            _ => Err(PyErr::internal("expression has no general path")),
        }
    }

    /// `yield from v` in a generator frame.
    async fn yield_from(&self, f: &Frame, v: Value) -> PyResult<Value> {
        let chan = f
            .gen
            .clone()
            .ok_or_else(|| PyErr::internal("yield outside generator"))?;
        if let Value::Generator(g) = &v {
            let mut sent = None;
            while let Some(x) = self.gen_resume(g, sent.take()).await? {
                let s = YieldLeaf {
                    chan: chan.clone(),
                    value: Some(x),
                }
                .await?;
                sent = Some(s);
            }
            return Ok(g.chan.returned.borrow_mut().take().unwrap_or(Value::None));
        }
        let it = self.iter(&v)?;
        while let Some(x) = self.next(&it).await? {
            YieldLeaf {
                chan: chan.clone(),
                value: Some(x),
            }
            .await?;
        }
        Ok(Value::None)
    }

    fn make_super(&self, f: &Frame) -> PyResult<Value> {
        let func = f
            .func
            .as_ref()
            .ok_or_else(|| PyErr::new("RuntimeError", "super(): no arguments"))?;
        let owner = func
            .owner
            .borrow()
            .upgrade()
            .ok_or_else(|| PyErr::new("RuntimeError", "super(): __class__ cell not found"))?;
        let this = f.locals.borrow().first().cloned().flatten();
        let this = match this {
            Some(t) => t,
            None => f
                .cells
                .first()
                .and_then(|c| c.borrow().clone())
                .ok_or_else(|| PyErr::new("RuntimeError", "super(): no arguments"))?,
        };
        Ok(ops::make_super(owner, this))
    }

    fn extend_kwargs(&self, a: &mut Args, v: &Value) -> PyResult<()> {
        match v {
            Value::Dict(d) => {
                for (k, val) in d.borrow().iter() {
                    match &k.0 {
                        Value::Str(s) => a.kw.push((s.clone(), val.clone())),
                        _ => return Err(PyErr::type_error("keywords must be strings")),
                    }
                }
                Ok(())
            }
            other => Err(PyErr::type_error(format!(
                "argument after ** must be a mapping, not {}",
                ops::type_name(other)
            ))),
        }
    }

    /// `await v`: runs a coroutine inline, or suspends the task on a runtime awaitable.
    pub async fn await_value(&self, v: Value) -> PyResult<Value> {
        match &v {
            Value::Coroutine(c) => {
                let body = c.body.borrow_mut().take();
                c.started.set(true);
                match body {
                    Some(b) => b.await,
                    None => Err(PyErr::new(
                        "RuntimeError",
                        "cannot reuse already awaited coroutine",
                    )),
                }
            }
            Value::Instance(inst)
                if inst.class.kind == TypeKind::User && self.host.future_done(&v).is_none() =>
            {
                if let Some(m) = inst.class.lookup("__await__") {
                    let it = self.call(&m, Args::new(vec![v.clone()])).await?;
                    return Box::pin(self.await_value(it)).await;
                }
                AwaitLeaf {
                    interp: self,
                    target: v,
                    yielded: false,
                }
                .await
            }
            _ => {
                AwaitLeaf {
                    interp: self,
                    target: v,
                    yielded: false,
                }
                .await
            }
        }
    }

    // ----- iteration -----

    /// `iter(v)`.
    pub fn iter(&self, v: &Value) -> PyResult<Value> {
        ops::iter(self, v)
    }

    /// `next(it)`: `None` when exhausted. Generators and lazy builtins over script functions
    /// may suspend.
    pub fn next<'a>(&'a self, it: &'a Value) -> Fut<'a, PyResult<Option<Value>>> {
        match it {
            Value::Generator(g) if !g.is_async => Fut::Boxed(Box::pin(self.gen_resume(g, None))),
            Value::Iter(state) => {
                if let Some(r) = ops::iter_next_sync(self, state) {
                    return Fut::Ready(Some(r));
                }
                Fut::Boxed(Box::pin(self.iter_next_async(state)))
            }
            Value::Instance(_) => Fut::Boxed(Box::pin(async move {
                match self.call_method(it, "__next__", Args::default()).await {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if e.is("StopIteration") => Ok(None),
                    Err(e) => Err(e),
                }
            })),
            other => Fut::Ready(Some(Err(PyErr::type_error(format!(
                "'{}' object is not an iterator",
                ops::type_name(other)
            ))))),
        }
    }

    async fn iter_next_async(
        &self,
        state: &Rc<RefCell<crate::interp::value::IterState>>,
    ) -> PyResult<Option<Value>> {
        use crate::interp::value::IterState;
        enum Step {
            Map(Value, Vec<Value>),
            Filter(Value, Value),
            Zip(Vec<Value>),
            Enumerate(Value, i64),
        }
        let step = match &*state.borrow() {
            IterState::Map(func, its) => Step::Map(func.clone(), its.clone()),
            IterState::Filter(func, it) => Step::Filter(func.clone(), it.clone()),
            IterState::Zip(its) => Step::Zip(its.clone()),
            IterState::Enumerate(it, n) => Step::Enumerate(it.clone(), *n),
            _ => return Ok(None),
        };
        match step {
            Step::Map(func, its) => {
                let mut args = Vec::new();
                for it in &its {
                    match self.next(it).await? {
                        Some(v) => args.push(v),
                        None => {
                            *state.borrow_mut() = IterState::Done;
                            return Ok(None);
                        }
                    }
                }
                self.call(&func, Args::new(args)).await.map(Some)
            }
            Step::Filter(func, it) => loop {
                let Some(v) = self.next(&it).await? else {
                    *state.borrow_mut() = IterState::Done;
                    return Ok(None);
                };
                let keep = if func.is_none() {
                    v.clone()
                } else {
                    self.call(&func, Args::new(vec![v.clone()])).await?
                };
                if ops::truthy(self, &keep)? {
                    return Ok(Some(v));
                }
            },
            Step::Zip(its) => {
                let mut out = Vec::new();
                for it in &its {
                    match self.next(it).await? {
                        Some(v) => out.push(v),
                        None => {
                            *state.borrow_mut() = IterState::Done;
                            return Ok(None);
                        }
                    }
                }
                Ok(Some(Value::tuple(out)))
            }
            Step::Enumerate(it, n) => match self.next(&it).await? {
                Some(v) => {
                    *state.borrow_mut() = IterState::Enumerate(it, n + 1);
                    Ok(Some(Value::tuple(vec![Value::Int(n), v])))
                }
                None => Ok(None),
            },
        }
    }

    /// Collects an iterable into a vector (may run generators).
    pub async fn collect(&self, v: &Value) -> PyResult<Vec<Value>> {
        if let Value::Range(r) = v {
            limits::reserve_values(r.count())?;
        }
        if let Some(items) = ops::fast_items(v) {
            return Ok(items);
        }
        let it = self.iter(v)?;
        let mut out = Vec::new();
        while let Some(x) = self.next(&it).await? {
            out.push(x);
            limits::check_memory()?;
        }
        Ok(out)
    }

    /// Collects an iterable synchronously (generators run without preemption).
    pub fn collect_sync(&self, v: &Value) -> PyResult<Vec<Value>> {
        if let Some(items) = ops::fast_items(v) {
            return Ok(items);
        }
        self.block_on(self.collect(v))
    }

    /// Resumes a generator with a sent value: `Some(yielded)` or `None` when it returned.
    pub async fn gen_resume(&self, g: &Generator, send: Option<Value>) -> PyResult<Option<Value>> {
        match g.state.get() {
            GenState::Running => return Err(PyErr::value_error("generator already executing")),
            GenState::Done => return Ok(None),
            _ => {}
        }
        *g.chan.sent.borrow_mut() = send;
        Resume { gen: g }.await
    }

    // ----- calls -----

    /// Calls any callable.
    pub fn call<'a>(&'a self, callee: &'a Value, args: Args) -> Fut<'a, PyResult<Value>> {
        match callee {
            Value::Builtin(b) => {
                let mut args = args;
                if let Some(d) = &b.data {
                    args.pos.insert(0, d.clone());
                }
                match b.imp {
                    crate::interp::value::BuiltinImpl::Sync(func) => {
                        Fut::Ready(Some(func(self, args)))
                    }
                    crate::interp::value::BuiltinImpl::Async(func) => Fut::Boxed(func(self, args)),
                }
            }
            Value::Function(func) => self.call_function(func.clone(), args),
            Value::Method(m) => {
                let mut args = args;
                args.pos.insert(0, m.0.clone());
                let (_, f) = &**m;
                match f {
                    Value::Function(func) => self.call_function(func.clone(), args),
                    _ => Fut::Boxed(Box::pin(async move { self.call(f, args).await })),
                }
            }
            Value::Class(c) => Fut::Boxed(Box::pin(self.instantiate(c.clone(), args))),
            Value::Instance(inst) => match inst.class.lookup("__call__") {
                Some(m) => {
                    let mut args = args;
                    args.pos.insert(0, callee.clone());
                    Fut::Boxed(Box::pin(async move { self.call(&m, args).await }))
                }
                None => Fut::Ready(Some(Err(not_callable(callee)))),
            },
            other => Fut::Ready(Some(Err(not_callable(other)))),
        }
    }

    /// Runs a call to completion synchronously (used where CPython calls back into Python
    /// from C: `__repr__`, `__eq__`, sort keys). Preemption is off meanwhile.
    pub fn call_sync(&self, callee: &Value, args: Args) -> PyResult<Value> {
        self.block_on(self.call(callee, args))
    }

    /// Drives a future to completion here and now, with preemption off.
    ///
    /// The re-entry counts as a frame toward the recursion limit (as CPython's C calls back
    /// into Python do), so recursion through builtins cannot overflow the native stack.
    pub fn block_on<T>(&self, fut: impl Future<Output = PyResult<T>>) -> PyResult<T> {
        let r = self.nested(|| {
            self.no_preempt.set(self.no_preempt.get() + 1);
            let mut fut = std::pin::pin!(fut);
            let mut cx = Context::from_waker(std::task::Waker::noop());
            let r = match fut.as_mut().poll(&mut cx) {
                Poll::Ready(r) => r,
                Poll::Pending => {
                    self.io.borrow_mut().take();
                    Err(PyErr::new(
                        "RuntimeError",
                        "cannot await or suspend here (inside a synchronous callback)",
                    ))
                }
            };
            self.no_preempt.set(self.no_preempt.get() - 1);
            r
        });
        match r {
            Ok(r) => r,
            Err(_) => Err(PyErr::new(
                "RecursionError",
                "maximum recursion depth exceeded while calling a Python object",
            )),
        }
    }

    /// Runs `f` one frame deeper, or raises `RecursionError` past the limit: the one place
    /// that counts frames (function bodies, comprehensions, re-entries from builtins).
    pub fn nested<R>(&self, f: impl FnOnce() -> R) -> PyResult<R> {
        let d = self.depth.get() + 1;
        if d > self.recursion_limit {
            return Err(PyErr::new(
                "RecursionError",
                "maximum recursion depth exceeded",
            ));
        }
        self.depth.set(d);
        let r = f();
        self.depth.set(d - 1);
        Ok(r)
    }

    /// Calls `obj.name(*args)` using the method fast path.
    pub async fn call_method(&self, obj: &Value, name: &str, args: Args) -> PyResult<Value> {
        match self.lookup_method(obj, name)? {
            Some(m) => {
                let mut a = args;
                a.pos.insert(0, obj.clone());
                self.call(&m, a).await
            }
            None => {
                let m = self.getattr(obj, name)?;
                self.call(&m, args).await
            }
        }
    }

    /// The unbound method `name` of `obj`'s class when it is a plain function or builtin
    /// (so the call can pass `obj` without making a bound method), else `None`.
    pub fn lookup_method(&self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        let class = match obj {
            Value::Instance(i) => {
                if i.dict.borrow().contains_key(name) || i.native::<ops::SuperObj>().is_some() {
                    return Ok(None);
                }
                i.class.clone()
            }
            Value::Class(_) | Value::Module(_) => return Ok(None),
            other => ops::class_of(other),
        };
        match class.lookup(name) {
            Some(v @ (Value::Function(_) | Value::Builtin(_))) => Ok(Some(v)),
            _ => Ok(None),
        }
    }

    /// `getattr(obj, name)`.
    pub fn getattr(&self, obj: &Value, name: &str) -> PyResult<Value> {
        ops::getattr(self, obj, name)
    }

    fn call_function(&self, func: Rc<Function>, args: Args) -> Fut<'_, PyResult<Value>> {
        let frame = match self.bind_args(&func, args) {
            Ok(f) => f,
            Err(e) => return Fut::Ready(Some(Err(e))),
        };
        let def = func.def.clone();
        if def.is_async && !def.scope.is_generator {
            let interp = match self.rc() {
                Ok(i) => i,
                Err(e) => return Fut::Ready(Some(Err(e))),
            };
            let name = def.name.clone();
            let body: crate::interp::value::BodyFuture = Box::pin(async move {
                DepthGuard {
                    interp: &interp,
                    inner: interp.exec_block(&frame, &def.body),
                }
                .await
            });
            let line = self.line_of(func.def.name_span.start);
            let created_line = self.line_of(self.call_span.get().start);
            let coro = Coroutine {
                body: RefCell::new(Some(body)),
                name,
                qualname: func.qualname.clone(),
                line,
                created_line,
                started: std::cell::Cell::new(false),
                warn: Some(self.warn.clone()),
            };
            return Fut::Ready(Some(Ok(Value::Coroutine(Rc::new(coro)))));
        }
        if def.scope.is_generator {
            let interp = match self.rc() {
                Ok(i) => i,
                Err(e) => return Fut::Ready(Some(Err(e))),
            };
            let chan = frame.gen.clone().unwrap_or_default();
            let is_async = def.is_async;
            let name = def.name.clone();
            let body: crate::interp::value::BodyFuture = Box::pin(async move {
                DepthGuard {
                    interp: &interp,
                    inner: interp.exec_block(&frame, &def.body),
                }
                .await
            });
            let g = Generator {
                body: RefCell::new(Some(body)),
                chan,
                state: std::cell::Cell::new(GenState::Created),
                name,
                qualname: func.qualname.clone(),
                is_async,
            };
            return Fut::Ready(Some(Ok(Value::Generator(Rc::new(g)))));
        }
        let call_span = self.call_span.get();
        Fut::Boxed(Box::pin(async move {
            let def = func.def.clone();
            DepthGuard {
                interp: self,
                inner: self.exec_block(&frame, &def.body),
            }
            .await
            .map_err(|e| e.at(call_span))
        }))
    }

    /// Binds call arguments to a new frame for `func` (CPython's argument errors).
    pub fn bind_args(&self, func: &Rc<Function>, args: Args) -> PyResult<Frame> {
        let def = &func.def;
        let scope = &def.scope;
        let p = &def.params;
        let mut locals: Vec<Option<Value>> = vec![None; scope.local_names.len()];
        let mut cells: Vec<CellRef> = (0..scope.cellvars.len())
            .map(|_| Rc::new(RefCell::new(None)))
            .collect();
        cells.extend(func.closure.iter().cloned());
        // A parameter lives in its local slot, or in its cell when an inner scope captures it.
        let mut store = |scope: NameScope, v: Value| -> PyResult<()> {
            match scope {
                NameScope::Local(i) => {
                    if let Some(s) = locals.get_mut(i as usize) {
                        *s = Some(v);
                    }
                }
                NameScope::Cell(i) => {
                    if let Some(c) = cells.get(i as usize) {
                        *c.borrow_mut() = Some(v);
                    }
                }
                _ => return Err(PyErr::internal("parameter not local")),
            }
            Ok(())
        };
        // The common case: exactly the positional parameters, passed by position.
        if args.kw.is_empty()
            && p.vararg.is_none()
            && p.kwonly.is_empty()
            && p.kwarg.is_none()
            && args.pos.len() == p.posonly.len() + p.args.len()
        {
            for (q, v) in p.posonly.iter().chain(p.args.iter()).zip(args.pos) {
                store(q.scope, v)?;
            }
        } else {
            self.match_args(func, args, &mut store)?;
        }
        Ok(Frame {
            locals: RefCell::new(locals),
            cells,
            globals: func.globals.clone(),
            class_ns: None,
            name: def.name.clone(),
            func: Some(func.clone()),
            gen: if scope.is_generator {
                Some(Rc::new(GenChannel::default()))
            } else {
                None
            },
            handling: RefCell::new(Vec::new()),
        })
    }

    /// Matches positional, keyword, `*args` and `**kwargs` arguments to `func`'s parameters
    /// (defaults filled in), handing each parameter's value to `store`, with CPython's errors.
    fn match_args(
        &self,
        func: &Rc<Function>,
        args: Args,
        store: &mut dyn FnMut(NameScope, Value) -> PyResult<()>,
    ) -> PyResult<()> {
        let p = &func.def.params;
        let qn = &func.qualname;
        let positional: Vec<&crate::syntax::ast::Param> =
            p.posonly.iter().chain(p.args.iter()).collect();
        let mut slots: Vec<Option<Value>> = vec![None; positional.len()];
        let mut pos = args.pos.into_iter();
        for slot in slots.iter_mut() {
            match pos.next() {
                Some(v) => *slot = Some(v),
                None => break,
            }
        }
        let extra: Vec<Value> = pos.collect();
        if !extra.is_empty() && p.vararg.is_none() {
            let given = positional.len() + extra.len();
            let required = positional.len() - func.defaults.len().min(positional.len());
            let takes = if func.defaults.is_empty() || required == positional.len() {
                format!(
                    "{} positional argument{}",
                    positional.len(),
                    if positional.len() == 1 { "" } else { "s" }
                )
            } else {
                format!(
                    "from {} to {} positional arguments",
                    required,
                    positional.len()
                )
            };
            return Err(PyErr::type_error(format!(
                "{qn}() takes {takes} but {given} {} given",
                if given == 1 { "was" } else { "were" }
            )));
        }
        let mut kwonly: Vec<Option<Value>> = vec![None; p.kwonly.len()];
        let mut kwargs = new_dict();
        for (name, v) in args.kw {
            if let Some(i) = positional.iter().position(|q| q.name == name) {
                if i < p.posonly.len() {
                    if p.kwarg.is_some() {
                        kwargs.insert(Key(Value::Str(name)), v);
                        continue;
                    }
                    return Err(PyErr::type_error(format!("{qn}() got some positional-only arguments passed as keyword arguments: '{name}'")));
                }
                if slots[i].is_some() {
                    return Err(PyErr::type_error(format!(
                        "{qn}() got multiple values for argument '{name}'"
                    )));
                }
                slots[i] = Some(v);
            } else if let Some(i) = p.kwonly.iter().position(|q| q.name == name) {
                kwonly[i] = Some(v);
            } else if p.kwarg.is_some() {
                kwargs.insert(Key(Value::Str(name)), v);
            } else {
                return Err(PyErr::type_error(format!(
                    "{qn}() got an unexpected keyword argument '{name}'"
                )));
            }
        }
        let first_default = positional.len().saturating_sub(func.defaults.len());
        let mut missing = Vec::new();
        for (i, slot) in slots.iter_mut().enumerate() {
            if slot.is_none() {
                if i >= first_default {
                    *slot = Some(func.defaults[i - first_default].clone());
                } else {
                    missing.push(positional[i].name.clone());
                }
            }
        }
        if !missing.is_empty() {
            return Err(PyErr::type_error(format!(
                "{qn}() missing {} required positional argument{}: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            )));
        }
        let mut missing_kw = Vec::new();
        for (i, slot) in kwonly.iter_mut().enumerate() {
            if slot.is_none() {
                match func
                    .kw_defaults
                    .iter()
                    .find(|(n, _)| *n == p.kwonly[i].name)
                {
                    Some((_, d)) => *slot = Some(d.clone()),
                    None => missing_kw.push(p.kwonly[i].name.clone()),
                }
            }
        }
        if !missing_kw.is_empty() {
            return Err(PyErr::type_error(format!(
                "{qn}() missing {} required keyword-only argument{}: {}",
                missing_kw.len(),
                if missing_kw.len() == 1 { "" } else { "s" },
                name_list(&missing_kw)
            )));
        }
        for (q, v) in positional.iter().zip(slots) {
            store(q.scope, v.unwrap_or(Value::None))?;
        }
        if let Some(q) = &p.vararg {
            store(q.scope, Value::tuple(extra))?;
        }
        for (q, v) in p.kwonly.iter().zip(kwonly) {
            store(q.scope, v.unwrap_or(Value::None))?;
        }
        if let Some(q) = &p.kwarg {
            store(q.scope, Value::Dict(Rc::new(RefCell::new(kwargs))))?;
        }
        Ok(())
    }

    /// Calls a class: creates an instance (or a built-in value) and runs `__init__`.
    pub async fn instantiate(&self, class: Rc<Class>, args: Args) -> PyResult<Value> {
        if class.kind != TypeKind::User && class.kind != TypeKind::Object {
            return crate::interp::builtins::construct(self, &class, args).await;
        }
        if let Some(new) = class.lookup("__coroscope_new__") {
            let mut a = args.clone();
            a.pos.insert(0, Value::Class(class.clone()));
            let obj = self.call(&new, a).await?;
            if let Some(init) = class.lookup("__init__") {
                if matches!(init, Value::Function(_)) {
                    let mut a = args;
                    a.pos.insert(0, obj.clone());
                    self.call(&init, a).await?;
                }
            }
            return Ok(obj);
        }
        let payload = if class.is_exception {
            Payload::Exc(RefCell::new(crate::interp::value::ExcData {
                args: args.pos.clone(),
                ..Default::default()
            }))
        } else {
            Payload::None
        };
        let obj = Value::Instance(Rc::new(Instance {
            class: class.clone(),
            dict: RefCell::new(AttrMap::default()),
            payload,
        }));
        match class.lookup("__init__") {
            Some(init) => {
                let mut a = args;
                a.pos.insert(0, obj.clone());
                let r = self.call(&init, a).await?;
                if !r.is_none() {
                    return Err(PyErr::type_error(format!(
                        "__init__() should return None, not '{}'",
                        ops::type_name(&r)
                    )));
                }
            }
            None => {
                if !class.is_exception && (!args.pos.is_empty() || !args.kw.is_empty()) {
                    return Err(PyErr::type_error(format!(
                        "{}() takes no arguments",
                        class.name
                    )));
                }
            }
        }
        Ok(obj)
    }

    // ----- definitions -----

    async fn make_function(&self, f: &Frame, def: &Rc<FunctionDef>) -> PyResult<Value> {
        let mut defaults = Vec::new();
        for p in def.params.posonly.iter().chain(def.params.args.iter()) {
            if let Some(d) = &p.default {
                defaults.push(self.eval(f, d).await?);
            }
        }
        let mut kw_defaults = Vec::new();
        for p in &def.params.kwonly {
            if let Some(d) = &p.default {
                kw_defaults.push((p.name.clone(), self.eval(f, d).await?));
            }
        }
        let closure = self.closure_for(f, &def.scope)?;
        let qualname: Rc<str> = match &f.func {
            Some(outer) if f.class_ns.is_none() => {
                Rc::from(format!("{}.<locals>.{}", outer.qualname, def.name))
            }
            _ => match (&f.class_ns, f.name.as_ref()) {
                (Some(_), cls) => Rc::from(format!("{cls}.{}", def.name)),
                _ => def.name.clone(),
            },
        };
        Ok(Value::Function(Rc::new(Function {
            def: def.clone(),
            qualname,
            globals: f.globals.clone(),
            defaults,
            kw_defaults,
            closure,
            owner: RefCell::new(std::rc::Weak::new()),
            attrs: RefCell::new(AttrMap::default()),
        })))
    }

    fn closure_for(&self, f: &Frame, scope: &Scope) -> PyResult<Vec<CellRef>> {
        scope
            .freevars
            .iter()
            .map(|(_, s)| match s {
                NameScope::Cell(i) => f
                    .cells
                    .get(*i as usize)
                    .cloned()
                    .ok_or_else(|| PyErr::internal("bad closure cell")),
                _ => Err(PyErr::internal("free variable not in a cell")),
            })
            .collect()
    }

    async fn make_class(&self, f: &Frame, def: &Rc<ClassDef>) -> PyResult<Value> {
        let mut bases = Vec::new();
        for b in &def.bases {
            match self.eval(f, b).await? {
                Value::Class(c) => bases.push(c),
                other => {
                    return Err(PyErr::type_error(format!(
                        "bases must be types, not {}",
                        ops::type_name(&other)
                    )))
                }
            }
        }
        if bases.is_empty() {
            bases.push(types::builtins().object.clone());
        }
        let ns = Rc::new(RefCell::new(AttrMap::default()));
        let qualname: Rc<str> = match &f.func {
            Some(outer) => Rc::from(format!("{}.<locals>.{}", outer.qualname, def.name)),
            None => def.name.clone(),
        };
        let mut cells: Vec<CellRef> = (0..def.scope.cellvars.len())
            .map(|_| Rc::new(RefCell::new(None)))
            .collect();
        cells.extend(self.closure_for(f, &def.scope)?);
        let body_frame = Frame {
            locals: RefCell::new(vec![None; def.scope.local_names.len()]),
            cells,
            globals: f.globals.clone(),
            class_ns: Some(ns.clone()),
            name: qualname.clone(),
            func: None,
            gen: None,
            handling: RefCell::new(Vec::new()),
        };
        ns.borrow_mut()
            .insert(Rc::from("__module__"), Value::str("__main__"));
        ns.borrow_mut()
            .insert(Rc::from("__qualname__"), Value::Str(qualname.clone()));
        match Box::pin(self.exec_block(&body_frame, &def.body)).await? {
            Flow::Normal => {}
            _ => return Err(PyErr::internal("class body ended abnormally")),
        }
        let dict = ns.borrow().clone();
        let mro = types::linearize(&bases);
        let is_exception = mro.iter().any(|c| c.is_exception);
        let kind = bases
            .iter()
            .find(|b| b.kind != TypeKind::Object && b.kind != TypeKind::User)
            .map(|b| b.kind)
            .unwrap_or(TypeKind::User);
        let class = Rc::new(Class {
            name: def.name.clone(),
            qualname,
            module: Rc::from("__main__"),
            bases,
            mro,
            dict: RefCell::new(dict),
            kind,
            is_exception,
        });
        for v in class.dict.borrow().values() {
            if let Value::Function(func) = v {
                *func.owner.borrow_mut() = Rc::downgrade(&class);
            }
            if let Value::Instance(i) = v {
                if let Some(Value::Function(func)) = i.dict.borrow().get("__func__") {
                    *func.owner.borrow_mut() = Rc::downgrade(&class);
                }
            }
        }
        Ok(Value::Class(class))
    }

    // ----- comprehensions -----

    fn comp_frame(&self, f: &Frame, c: &Comprehension) -> PyResult<Frame> {
        let mut cells: Vec<CellRef> = (0..c.scope.cellvars.len())
            .map(|_| Rc::new(RefCell::new(None)))
            .collect();
        cells.extend(self.closure_for(f, &c.scope)?);
        Ok(Frame {
            locals: RefCell::new(vec![None; c.scope.local_names.len()]),
            cells,
            globals: f.globals.clone(),
            class_ns: None,
            name: f.name.clone(),
            func: f.func.clone(),
            gen: None,
            handling: RefCell::new(Vec::new()),
        })
    }

    async fn run_comprehension(
        &self,
        f: &Frame,
        c: &Comprehension,
        sink: &mut Sink<'_>,
    ) -> PyResult<()> {
        let first = self.eval(f, &c.generators[0].iter).await?;
        let cf = self.comp_frame(f, c)?;
        // A comprehension is a frame of its own in CPython 3.11: it counts toward the limit.
        Nest {
            interp: self,
            inner: self.comp_level(&cf, c, 0, Some(first), sink),
        }
        .await
    }

    fn comp_level<'a>(
        &'a self,
        cf: &'a Frame,
        c: &'a Comprehension,
        level: usize,
        first: Option<Value>,
        sink: &'a mut Sink<'_>,
    ) -> LocalBoxFuture<'a, PyResult<()>> {
        Box::pin(async move {
            if level == c.generators.len() {
                let v = self.eval(cf, &c.elt).await?;
                let val = match &c.value {
                    Some(x) => Some(self.eval(cf, x).await?),
                    None => None,
                };
                return sink(self, v, val);
            }
            let g = &c.generators[level];
            let src = match first {
                Some(v) => v,
                None => self.eval(cf, &g.iter).await?,
            };
            if g.is_async {
                let ait = self.call_method(&src, "__aiter__", Args::default()).await?;
                loop {
                    let nxt = self.call_method(&ait, "__anext__", Args::default()).await?;
                    let item = match self.await_value(nxt).await {
                        Ok(v) => v,
                        Err(e) if e.is("StopAsyncIteration") => break,
                        Err(e) => return Err(e),
                    };
                    self.comp_item(cf, c, level, item, sink).await?;
                }
                return Ok(());
            }
            let it = self.iter(&src)?;
            while let Some(item) = self.next(&it).await? {
                self.tick().await?;
                self.comp_item(cf, c, level, item, sink).await?;
            }
            Ok(())
        })
    }

    async fn comp_item(
        &self,
        cf: &Frame,
        c: &Comprehension,
        level: usize,
        item: Value,
        sink: &mut Sink<'_>,
    ) -> PyResult<()> {
        let g = &c.generators[level];
        self.assign(cf, &g.target, item).await?;
        for cond in &g.ifs {
            let t = self.eval(cf, cond).await?;
            if !ops::truthy(self, &t)? {
                return Ok(());
            }
        }
        self.comp_level(cf, c, level + 1, None, sink).await
    }

    async fn make_genexp(&self, f: &Frame, c: &Rc<Comprehension>) -> PyResult<Value> {
        let first = self.eval(f, &c.generators[0].iter).await?;
        let first = if c.generators[0].is_async {
            first
        } else {
            self.iter(&first)?
        };
        let mut cf = self.comp_frame(f, c)?;
        let chan = Rc::new(GenChannel::default());
        cf.gen = Some(chan.clone());
        let interp = self.rc()?;
        let comp = c.clone();
        let body: crate::interp::value::BodyFuture = Box::pin(async move {
            let chan = cf.gen.clone().unwrap_or_default();
            Nest {
                interp: &interp,
                inner: genexp_level(&interp, &cf, &comp, 0, Some(first), &chan),
            }
            .await
            .map(|_| Value::None)
        });
        Ok(Value::Generator(Rc::new(Generator {
            body: RefCell::new(Some(body)),
            chan,
            state: std::cell::Cell::new(GenState::Created),
            name: Rc::from("<genexpr>"),
            qualname: Rc::from("<genexpr>"),
            is_async: c.is_async,
        })))
    }

    // ----- statements -----

    /// Executes a block of statements.
    pub fn exec_block<'a>(
        &'a self,
        f: &'a Frame,
        body: &'a [Stmt],
    ) -> LocalBoxFuture<'a, PyResult<Flow>> {
        Box::pin(async move {
            for stmt in body {
                let r = match self.quick(f, stmt) {
                    Quick::Done(r) => r,
                    Quick::Expr(fut) => fut.await.map(|_| Flow::Normal),
                    Quick::Flow(fut) => fut.await,
                    Quick::Assign(fut, target) => match fut.await {
                        Ok(v) => self.assign(f, target, v).await.map(|_| Flow::Normal),
                        Err(e) => Err(e),
                    },
                    Quick::Return(fut) => fut.await.map(Flow::Return),
                    Quick::Slow => Box::pin(self.exec_stmt(f, stmt)).await,
                };
                match r {
                    Ok(Flow::Normal) => {}
                    Ok(flow) => return Ok(flow),
                    Err(e) => {
                        return Err(e.leave_stmt(&f.name, stmt.span, self.file_of(&f.globals)))
                    }
                }
            }
            Ok(Flow::Normal)
        })
    }

    /// The fast path of common statements: done at once, or a single small future, without
    /// building the general statement state machine.
    fn quick<'a>(&'a self, f: &'a Frame, stmt: &'a Stmt) -> Quick<'a> {
        match &stmt.kind {
            StmtKind::Expr(e) => match self.eval(f, e) {
                Fut::Ready(Some(r)) => Quick::Done(r.map(|_| Flow::Normal)),
                Fut::Ready(None) => Quick::Done(Err(PyErr::internal("expression polled twice"))),
                Fut::Boxed(b) => Quick::Expr(b),
            },
            StmtKind::Assign { targets, value } if targets.len() == 1 => {
                let target = &targets[0];
                match self.eval(f, value) {
                    Fut::Ready(Some(Ok(v))) => match self.assign(f, target, v) {
                        Fut::Ready(Some(r)) => Quick::Done(r.map(|_| Flow::Normal)),
                        Fut::Ready(None) => {
                            Quick::Done(Err(PyErr::internal("assignment polled twice")))
                        }
                        Fut::Boxed(b) => {
                            Quick::Flow(Box::pin(async move { b.await.map(|_| Flow::Normal) }))
                        }
                    },
                    Fut::Ready(Some(Err(e))) => Quick::Done(Err(e)),
                    Fut::Ready(None) => {
                        Quick::Done(Err(PyErr::internal("expression polled twice")))
                    }
                    Fut::Boxed(b) => Quick::Assign(b, target),
                }
            }
            StmtKind::AugAssign { target, op, value } if is_sync(value) => match &target.kind {
                ExprKind::Name { id, scope } => Quick::Done((|| {
                    let cur = self.load_name(f, id, *scope)?;
                    let rhs = self.eval_sync(f, value)?;
                    let nv = ops::inplace(self, *op, &cur, &rhs).map_err(|e| e.at(stmt.span))?;
                    self.store_name(f, id, *scope, nv)?;
                    Ok(Flow::Normal)
                })()),
                _ => Quick::Slow,
            },
            StmtKind::Return(Some(e)) => match self.eval(f, e) {
                Fut::Ready(Some(r)) => Quick::Done(r.map(Flow::Return)),
                Fut::Ready(None) => Quick::Done(Err(PyErr::internal("expression polled twice"))),
                Fut::Boxed(b) => Quick::Return(b),
            },
            StmtKind::Return(None) => Quick::Done(Ok(Flow::Return(Value::None))),
            StmtKind::Pass | StmtKind::Global(_) | StmtKind::Nonlocal(_) => {
                Quick::Done(Ok(Flow::Normal))
            }
            StmtKind::Break => Quick::Done(Ok(Flow::Break)),
            StmtKind::Continue => Quick::Done(Ok(Flow::Continue)),
            StmtKind::If { test, body, orelse } if is_sync(test) => {
                match self.eval_sync(f, test).and_then(|t| ops::truthy(self, &t)) {
                    Ok(true) => Quick::Flow(self.exec_block(f, body)),
                    Ok(false) if orelse.is_empty() => Quick::Done(Ok(Flow::Normal)),
                    Ok(false) => Quick::Flow(self.exec_block(f, orelse)),
                    Err(e) => Quick::Done(Err(e)),
                }
            }
            _ => Quick::Slow,
        }
    }

    async fn exec_stmt(&self, f: &Frame, stmt: &Stmt) -> PyResult<Flow> {
        match &stmt.kind {
            StmtKind::Expr(e) => {
                self.eval(f, e).await?;
            }
            StmtKind::Assign { targets, value } => {
                let v = self.eval(f, value).await?;
                for t in targets {
                    self.assign(f, t, v.clone()).await?;
                }
            }
            StmtKind::AugAssign { target, op, value } => {
                self.aug_assign(f, target, *op, value).await?
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                if let Some(v) = value {
                    let v = self.eval(f, v).await?;
                    self.assign(f, target, v).await?;
                }
                if *simple && f.func.is_none() {
                    let _ = annotation;
                }
            }
            StmtKind::If { test, body, orelse } => {
                let t = self.eval(f, test).await?;
                return if ops::truthy(self, &t)? {
                    self.exec_block(f, body).await
                } else {
                    self.exec_block(f, orelse).await
                };
            }
            StmtKind::While { test, body, orelse } => loop {
                self.tick().await?;
                let t = self.eval(f, test).await?;
                if !ops::truthy(self, &t)? {
                    return self.exec_block(f, orelse).await;
                }
                match self.exec_block(f, body).await? {
                    Flow::Break => return Ok(Flow::Normal),
                    Flow::Return(v) => return Ok(Flow::Return(v)),
                    Flow::Normal | Flow::Continue => {}
                }
            },
            StmtKind::For {
                is_async,
                target,
                iter,
                body,
                orelse,
            } => {
                let src = self.eval(f, iter).await?;
                if *is_async {
                    let ait = self.aiter(&src).await?;
                    loop {
                        let item = match self.anext(&ait).await {
                            Ok(v) => v,
                            Err(e) if e.is("StopAsyncIteration") => break,
                            Err(e) => return Err(e),
                        };
                        self.assign(f, target, item).await?;
                        match self.exec_block(f, body).await? {
                            Flow::Break => return Ok(Flow::Normal),
                            Flow::Return(v) => return Ok(Flow::Return(v)),
                            _ => {}
                        }
                    }
                    return self.exec_block(f, orelse).await;
                }
                let it = self.iter(&src)?;
                loop {
                    self.tick().await?;
                    let Some(item) = self.next(&it).await? else {
                        break;
                    };
                    self.assign(f, target, item).await?;
                    match self.exec_block(f, body).await? {
                        Flow::Break => return Ok(Flow::Normal),
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                }
                return self.exec_block(f, orelse).await;
            }
            StmtKind::With {
                is_async,
                items,
                body,
            } => return self.exec_with(f, *is_async, items, body).await,
            StmtKind::FunctionDef(def) => {
                let mut v = self.make_function(f, def).await?;
                for d in def.decorators.iter().rev() {
                    let dec = self.eval(f, d).await?;
                    v = self.call(&dec, Args::new(vec![v])).await?;
                }
                self.store_name(f, &def.name, def.name_scope, v)?;
            }
            StmtKind::ClassDef(def) => {
                let mut v = self.make_class(f, def).await?;
                for d in def.decorators.iter().rev() {
                    let dec = self.eval(f, d).await?;
                    v = self.call(&dec, Args::new(vec![v])).await?;
                }
                self.store_name(f, &def.name, def.name_scope, v)?;
            }
            StmtKind::Return(v) => {
                let v = match v {
                    Some(e) => self.eval(f, e).await?,
                    None => Value::None,
                };
                return Ok(Flow::Return(v));
            }
            StmtKind::Pass | StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::Break => return Ok(Flow::Break),
            StmtKind::Continue => return Ok(Flow::Continue),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                is_star,
            } => {
                return self
                    .exec_try(f, body, handlers, orelse, finalbody, *is_star)
                    .await
            }
            StmtKind::Raise { exc, cause } => {
                return Err(self.exec_raise(f, exc.as_ref(), cause.as_ref()).await?)
            }
            StmtKind::Assert { test, msg } => {
                let t = self.eval(f, test).await?;
                if !ops::truthy(self, &t)? {
                    let args = match msg {
                        Some(m) => vec![self.eval(f, m).await?],
                        None => vec![],
                    };
                    return Err(PyErr::from_instance(new_exception(
                        types::class("AssertionError"),
                        args,
                    )));
                }
            }
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.delete(f, t).await?;
                }
            }
            StmtKind::Import(aliases) => {
                for a in aliases {
                    let m = self.import(&a.name)?;
                    // `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`.
                    let (bound, m) = match (&a.asname, a.name.split_once('.')) {
                        (Some(n), _) => (n.clone(), m),
                        (None, Some((top, _))) => (Rc::from(top), self.import(top)?),
                        (None, None) => (a.name.clone(), m),
                    };
                    self.store_name(f, &bound, a.scope, m)?;
                }
            }
            StmtKind::ImportFrom { module, names } => {
                let m = self.import(module)?;
                for a in names {
                    let v = match self.getattr(&m, &a.name) {
                        Ok(v) => v,
                        // `from package import submodule`
                        Err(_) => match self.import(&format!("{module}.{}", a.name)) {
                            Ok(v) => v,
                            Err(e) if !e.is("ModuleNotFoundError") => return Err(e),
                            Err(_) => {
                                return Err(PyErr::new(
                                    "ImportError",
                                    format!("cannot import name '{}' from '{}'", a.name, module),
                                ));
                            }
                        },
                    };
                    let bound = a.asname.clone().unwrap_or_else(|| a.name.clone());
                    self.store_name(f, &bound, a.scope, v)?;
                }
            }
        }
        Ok(Flow::Normal)
    }

    /// `import a.b.c`: imports `a`, then `a.b`, then `a.b.c` (each bound as an attribute of
    /// its parent, as CPython does) and returns the last.
    pub fn import(&self, name: &str) -> PyResult<Value> {
        if let Some(m) = self.modules.borrow().get(name) {
            return Ok(m.clone());
        }
        let parent = match name.rsplit_once('.') {
            Some((parent, _)) => Some(self.import(parent)?),
            None => None,
        };
        let m = match self.host.import(self, name) {
            Some(m) => m?,
            None => {
                let e = PyErr::new("ModuleNotFoundError", format!("No module named '{name}'"));
                return Err(e);
            }
        };
        self.modules.borrow_mut().insert(Rc::from(name), m.clone());
        if let (Some(Value::Module(p)), Some((_, leaf))) = (parent, name.rsplit_once('.')) {
            p.attrs.borrow_mut().insert(Rc::from(leaf), m.clone());
        }
        Ok(m)
    }

    async fn aiter(&self, src: &Value) -> PyResult<Value> {
        match src {
            Value::Generator(g) if g.is_async => Ok(src.clone()),
            _ => match self.call_method(src, "__aiter__", Args::default()).await {
                Ok(v) => Ok(v),
                Err(e) if e.is("AttributeError") => Err(PyErr::type_error(format!(
                    "'async for' requires an object with __aiter__ method, got {}",
                    ops::type_name(src)
                ))),
                Err(e) => Err(e),
            },
        }
    }

    async fn anext(&self, ait: &Value) -> PyResult<Value> {
        match ait {
            Value::Generator(g) if g.is_async => match self.gen_resume(g, None).await? {
                Some(v) => Ok(v),
                None => Err(PyErr::bare("StopAsyncIteration")),
            },
            _ => {
                let aw = self.call_method(ait, "__anext__", Args::default()).await?;
                self.await_value(aw).await
            }
        }
    }

    async fn exec_with(
        &self,
        f: &Frame,
        is_async: bool,
        items: &[crate::syntax::ast::WithItem],
        body: &[Stmt],
    ) -> PyResult<Flow> {
        let Some((item, rest)) = items.split_first() else {
            return self.exec_block(f, body).await;
        };
        let mgr = self.eval(f, &item.context_expr).await?;
        let (enter_name, exit_name) = if is_async {
            ("__aenter__", "__aexit__")
        } else {
            ("__enter__", "__exit__")
        };
        let class = ops::class_of(&mgr);
        let (Some(enter), Some(exit)) = (class.lookup(enter_name), class.lookup(exit_name)) else {
            let what = if is_async {
                "asynchronous context manager"
            } else {
                "context manager"
            };
            return Err(PyErr::type_error(format!(
                "'{}' object does not support the {what} protocol",
                ops::type_name(&mgr)
            )));
        };
        let mut entered = self.call(&enter, Args::new(vec![mgr.clone()])).await?;
        if is_async {
            entered = self.await_value(entered).await?;
        }
        if let Some(t) = &item.optional_vars {
            self.assign(f, t, entered).await?;
        }
        let r = Box::pin(self.exec_with(f, is_async, rest, body)).await;
        match r {
            Ok(flow) => {
                let mut x = self
                    .call(
                        &exit,
                        Args::new(vec![mgr.clone(), Value::None, Value::None, Value::None]),
                    )
                    .await?;
                if is_async {
                    x = self.await_value(x).await?;
                }
                let _ = x;
                Ok(flow)
            }
            Err(e) => {
                let e = e.leave_stmt(&f.name, item.context_expr.span, self.file_of(&f.globals));
                let ev = e.value();
                let ty = Value::Class(e.class().clone());
                f.handling.borrow_mut().push(ev.clone());
                let res = async {
                    let mut x = self
                        .call(&exit, Args::new(vec![mgr.clone(), ty, ev, Value::None]))
                        .await?;
                    if is_async {
                        x = self.await_value(x).await?;
                    }
                    Ok::<Value, PyErr>(x)
                }
                .await;
                f.handling.borrow_mut().pop();
                match res {
                    Ok(x) if ops::truthy(self, &x)? => Ok(Flow::Normal),
                    Ok(_) => Err(e),
                    Err(e2) => Err(chain_context(e2, &e)),
                }
            }
        }
    }

    async fn exec_raise(
        &self,
        f: &Frame,
        exc: Option<&Expr>,
        cause: Option<&Expr>,
    ) -> PyResult<PyErr> {
        let Some(exc) = exc else {
            return Ok(match f.handling.borrow().last() {
                Some(Value::Instance(i)) => {
                    let mut e = PyErr::from_instance(i.clone());
                    // A bare raise keeps the traceback as it is.
                    e = e.leave_stmt(
                        &Rc::from(""),
                        crate::syntax::ast::Span::default(),
                        "<script>",
                    );
                    if let Some(d) = i.exc() {
                        d.borrow_mut().tb.pop();
                    }
                    e
                }
                _ => PyErr::new("RuntimeError", "No active exception to reraise"),
            });
        };
        let v = self.eval(f, exc).await?;
        let inst = self.to_exception(v).await?;
        if let Some(c) = cause {
            let cv = self.eval(f, c).await?;
            let cv = if cv.is_none() {
                Value::None
            } else {
                Value::Instance(self.to_exception(cv).await?)
            };
            if let Some(d) = inst.exc() {
                let mut d = d.borrow_mut();
                d.cause = if cv.is_none() { None } else { Some(cv) };
                d.suppress_context = true;
            }
        }
        if let Some(Value::Instance(h)) = f.handling.borrow().last() {
            if !Rc::ptr_eq(h, &inst) {
                if let Some(d) = inst.exc() {
                    let mut d = d.borrow_mut();
                    if d.context.is_none() {
                        d.context = Some(Value::Instance(h.clone()));
                    }
                }
            }
        }
        Ok(PyErr::from_instance(inst))
    }

    /// Turns a raised value (a class or an instance) into an exception instance.
    pub async fn to_exception(&self, v: Value) -> PyResult<Rc<Instance>> {
        match v {
            Value::Instance(i) if i.class.is_exception => Ok(i),
            Value::Class(c) if c.is_exception => {
                match self.instantiate(c, Args::default()).await? {
                    Value::Instance(i) => Ok(i),
                    _ => Err(PyErr::type_error(
                        "exceptions must derive from BaseException",
                    )),
                }
            }
            _ => Err(PyErr::type_error(
                "exceptions must derive from BaseException",
            )),
        }
    }

    async fn exception_matches(&self, f: &Frame, e: &PyErr, ty: &Expr) -> PyResult<bool> {
        let t = self.eval(f, ty).await?;
        ops::exc_matches(e.class(), &t)
    }

    async fn exec_try(
        &self,
        f: &Frame,
        body: &[Stmt],
        handlers: &[crate::syntax::ast::ExceptHandler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
        is_star: bool,
    ) -> PyResult<Flow> {
        let mut result = match self.exec_block(f, body).await {
            Ok(Flow::Normal) => self.exec_block(f, orelse).await,
            Ok(flow) => Ok(flow),
            Err(e) if is_star => self.handle_star(f, e, handlers).await,
            Err(e) => {
                let mut idx = None;
                for (i, h) in handlers.iter().enumerate() {
                    let m = match &h.type_ {
                        None => true,
                        Some(ty) => self.exception_matches(f, &e, ty).await?,
                    };
                    if m {
                        idx = Some(i);
                        break;
                    }
                }
                match idx {
                    None => Err(e),
                    Some(i) => {
                        let h = &handlers[i];
                        let ev = e.value();
                        if let Some((name, scope)) = &h.name {
                            self.store_name(f, name, *scope, ev.clone())?;
                        }
                        f.handling.borrow_mut().push(ev);
                        let r = self.exec_block(f, &h.body).await;
                        f.handling.borrow_mut().pop();
                        if let Some((name, scope)) = &h.name {
                            let _ = self.delete_name(f, name, *scope);
                        }
                        r.map_err(|e2| chain_context(e2, &e))
                    }
                }
            }
        };
        if !finalbody.is_empty() {
            let pending = result.as_ref().err().map(|e| e.value());
            if let Some(p) = &pending {
                f.handling.borrow_mut().push(p.clone());
            }
            let fr = self.exec_block(f, finalbody).await;
            if pending.is_some() {
                f.handling.borrow_mut().pop();
            }
            match fr {
                Ok(Flow::Normal) => {}
                Ok(flow) => result = Ok(flow),
                Err(e2) => {
                    result = Err(match &result {
                        Err(e) => chain_context(e2, e),
                        Ok(_) => e2,
                    })
                }
            }
        }
        result
    }

    async fn handle_star(
        &self,
        f: &Frame,
        e: PyErr,
        handlers: &[crate::syntax::ast::ExceptHandler],
    ) -> PyResult<Flow> {
        // Split the group by each handler's type, as CPython's except* does.
        let group = if ops::is_exception_group(e.exc()) {
            e.exc().clone()
        } else {
            ops::new_exception_group("", vec![e.value()], false)?
        };
        let mut rest: Option<Rc<Instance>> = Some(group.clone());
        let mut raised: Vec<Value> = Vec::new();
        for h in handlers {
            let Some(current) = rest.clone() else { break };
            let ty = match &h.type_ {
                Some(t) => self.eval(f, t).await?,
                None => {
                    return Err(PyErr::new(
                        "SyntaxError",
                        "expected 'except' or 'finally' block",
                    ))
                }
            };
            let (matched, remaining) = ops::split_group(&current, &ty)?;
            rest = remaining;
            if let Some(m) = matched {
                let mv = Value::Instance(m);
                if let Some((name, scope)) = &h.name {
                    self.store_name(f, name, *scope, mv.clone())?;
                }
                f.handling.borrow_mut().push(mv);
                let r = self.exec_block(f, &h.body).await;
                f.handling.borrow_mut().pop();
                match r {
                    Ok(Flow::Normal) => {}
                    Ok(_) => {
                        return Err(PyErr::new(
                            "SyntaxError",
                            "'break', 'continue' and 'return' cannot appear in an except* block",
                        ))
                    }
                    Err(e2) => raised.push(e2.value()),
                }
            }
        }
        let mut leftover: Vec<Value> = raised;
        if let Some(r) = rest {
            if leftover.is_empty() && Rc::ptr_eq(&r, &group) && Rc::ptr_eq(&group, e.exc()) {
                return Err(e);
            }
            leftover.insert(0, Value::Instance(r));
        }
        match leftover.len() {
            0 => Ok(Flow::Normal),
            1 => match &leftover[0] {
                Value::Instance(i) => Err(PyErr::from_instance(i.clone())),
                _ => Err(PyErr::internal("bad exception")),
            },
            _ => Err(PyErr::from_instance(ops::new_exception_group(
                "", leftover, false,
            )?)),
        }
    }

    // ----- assignment -----

    /// Assigns `v` to a target expression.
    pub fn assign<'a>(&'a self, f: &'a Frame, target: &'a Expr, v: Value) -> Fut<'a, PyResult<()>> {
        match &target.kind {
            ExprKind::Name { id, scope } => Fut::Ready(Some(self.store_name(f, id, *scope, v))),
            ExprKind::Attribute { value, attr } if is_sync(value) => Fut::Ready(Some(
                self.eval_sync(f, value)
                    .and_then(|o| ops::setattr(self, &o, attr, v)),
            )),
            ExprKind::Subscript { value, slice } if is_sync(value) && is_sync(slice) => {
                Fut::Ready(Some((|| {
                    let o = self.eval_sync(f, value)?;
                    let i = self.eval_sync(f, slice)?;
                    ops::setitem(self, &o, i, v)
                })()))
            }
            _ => Fut::Boxed(Box::pin(self.assign_async(f, target, v))),
        }
    }

    async fn assign_async(&self, f: &Frame, target: &Expr, v: Value) -> PyResult<()> {
        match &target.kind {
            ExprKind::Attribute { value, attr } => {
                let o = self.eval(f, value).await?;
                ops::setattr(self, &o, attr, v)
            }
            ExprKind::Subscript { value, slice } => {
                let o = self.eval(f, value).await?;
                let i = self.eval(f, slice).await?;
                ops::setitem(self, &o, i, v)
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let vals = self.collect(&v).await?;
                let star = items
                    .iter()
                    .position(|i| matches!(i.kind, ExprKind::Starred(_)));
                match star {
                    None => {
                        if vals.len() != items.len() {
                            return Err(if vals.len() > items.len() {
                                PyErr::value_error(format!(
                                    "too many values to unpack (expected {})",
                                    items.len()
                                ))
                            } else {
                                PyErr::value_error(format!(
                                    "not enough values to unpack (expected {}, got {})",
                                    items.len(),
                                    vals.len()
                                ))
                            });
                        }
                        for (t, x) in items.iter().zip(vals) {
                            self.assign(f, t, x).await?;
                        }
                    }
                    Some(si) => {
                        let after = items.len() - si - 1;
                        if vals.len() < items.len() - 1 {
                            return Err(PyErr::value_error(format!(
                                "not enough values to unpack (expected at least {}, got {})",
                                items.len() - 1,
                                vals.len()
                            )));
                        }
                        let mut vals = vals;
                        let tail = vals.split_off(vals.len() - after);
                        let mid = vals.split_off(si);
                        for (t, x) in items[..si].iter().zip(vals) {
                            self.assign(f, t, x).await?;
                        }
                        if let ExprKind::Starred(inner) = &items[si].kind {
                            self.assign(f, inner, Value::list(mid)).await?;
                        }
                        for (t, x) in items[si + 1..].iter().zip(tail) {
                            self.assign(f, t, x).await?;
                        }
                    }
                }
                Ok(())
            }
            ExprKind::Name { id, scope } => self.store_name(f, id, *scope, v),
            _ => Err(PyErr::new("SyntaxError", "cannot assign to expression")),
        }
    }

    async fn aug_assign(
        &self,
        f: &Frame,
        target: &Expr,
        op: crate::syntax::ast::BinOp,
        value: &Expr,
    ) -> PyResult<()> {
        match &target.kind {
            ExprKind::Name { id, scope } => {
                let cur = self.load_name(f, id, *scope)?;
                let rhs = self.eval(f, value).await?;
                let nv = ops::inplace(self, op, &cur, &rhs)?;
                self.store_name(f, id, *scope, nv)
            }
            ExprKind::Attribute { value: obj, attr } => {
                let o = self.eval(f, obj).await?;
                let cur = self.getattr(&o, attr)?;
                let rhs = self.eval(f, value).await?;
                let nv = ops::inplace(self, op, &cur, &rhs)?;
                ops::setattr(self, &o, attr, nv)
            }
            ExprKind::Subscript { value: obj, slice } => {
                let o = self.eval(f, obj).await?;
                let i = self.eval(f, slice).await?;
                let cur = ops::getitem(self, &o, &i)?;
                let rhs = self.eval(f, value).await?;
                let nv = ops::inplace(self, op, &cur, &rhs)?;
                ops::setitem(self, &o, i, nv)
            }
            _ => Err(PyErr::new(
                "SyntaxError",
                "illegal expression for augmented assignment",
            )),
        }
    }

    async fn delete(&self, f: &Frame, target: &Expr) -> PyResult<()> {
        match &target.kind {
            ExprKind::Name { id, scope } => self.delete_name(f, id, *scope),
            ExprKind::Attribute { value, attr } => {
                let o = self.eval(f, value).await?;
                ops::delattr(self, &o, attr)
            }
            ExprKind::Subscript { value, slice } => {
                let o = self.eval(f, value).await?;
                let i = self.eval(f, slice).await?;
                ops::delitem(self, &o, &i)
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for t in items {
                    Box::pin(self.delete(f, t)).await?;
                }
                Ok(())
            }
            _ => Err(PyErr::new("SyntaxError", "cannot delete expression")),
        }
    }

    /// Runs a whole module body in `globals`.
    pub async fn run_module(
        &self,
        module: &crate::syntax::ast::Module,
        globals: Rc<RefCell<AttrMap>>,
    ) -> PyResult<()> {
        if self.script_globals.borrow().is_none() {
            *self.script_globals.borrow_mut() = Some(globals.clone());
        }
        let frame = Frame::module(globals, &module.scope);
        DepthGuard {
            interp: self,
            inner: self.exec_block(&frame, &module.body),
        }
        .await
        .map(|_| ())
    }
}

fn genexp_level<'a>(
    interp: &'a Interp,
    cf: &'a Frame,
    c: &'a Comprehension,
    level: usize,
    first: Option<Value>,
    chan: &'a Rc<GenChannel>,
) -> LocalBoxFuture<'a, PyResult<()>> {
    Box::pin(async move {
        if level == c.generators.len() {
            let v = interp.eval(cf, &c.elt).await?;
            YieldLeaf {
                chan: chan.clone(),
                value: Some(v),
            }
            .await?;
            return Ok(());
        }
        let g = &c.generators[level];
        let it = match first {
            Some(v) => v,
            None => {
                let src = interp.eval(cf, &g.iter).await?;
                if g.is_async {
                    src
                } else {
                    interp.iter(&src)?
                }
            }
        };
        if g.is_async {
            let ait = interp.aiter(&it).await?;
            loop {
                let item = match interp.anext(&ait).await {
                    Ok(v) => v,
                    Err(e) if e.is("StopAsyncIteration") => break,
                    Err(e) => return Err(e),
                };
                if genexp_filter(interp, cf, g, item).await? {
                    genexp_level(interp, cf, c, level + 1, None, chan).await?;
                }
            }
            return Ok(());
        }
        while let Some(item) = interp.next(&it).await? {
            interp.tick().await?;
            if genexp_filter(interp, cf, g, item).await? {
                genexp_level(interp, cf, c, level + 1, None, chan).await?;
            }
        }
        Ok(())
    })
}

async fn genexp_filter(
    interp: &Interp,
    cf: &Frame,
    g: &crate::syntax::ast::ComprehensionFor,
    item: Value,
) -> PyResult<bool> {
    interp.assign(cf, &g.target, item).await?;
    for cond in &g.ifs {
        let t = interp.eval(cf, cond).await?;
        if !ops::truthy(interp, &t)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Forwards never-awaited warnings from dropped coroutines to the host.
pub struct WarnVia(pub std::rc::Weak<Interp>);

impl crate::interp::value::CoroutineWarn for WarnVia {
    fn never_awaited(&self, qualname: &str, line: u32) {
        if let Some(i) = self.0.upgrade() {
            i.host.never_awaited(&i, qualname, line);
        }
    }
}

fn chain_context(e2: PyErr, e: &PyErr) -> PyErr {
    if !Rc::ptr_eq(e2.exc(), e.exc()) {
        if let Some(d) = e2.exc().exc() {
            let mut d = d.borrow_mut();
            if d.context.is_none() {
                d.context = Some(e.value());
            }
        }
    }
    e2
}

fn not_callable(v: &Value) -> PyErr {
    PyErr::type_error(format!("'{}' object is not callable", ops::type_name(v)))
}

fn name_list(names: &[Rc<str>]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        _ => format!("{}, and {}", q[..q.len() - 1].join(", "), q[q.len() - 1]),
    }
}

fn constant(c: &Constant) -> PyResult<Value> {
    Ok(match c {
        Constant::None => Value::None,
        Constant::Bool(b) => Value::Bool(*b),
        Constant::Int(digits) => match digits.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => match digits.parse::<num_bigint::BigInt>() {
                Ok(b) => Value::from_bigint(b),
                Err(_) => return Err(PyErr::internal("bad int literal")),
            },
        },
        Constant::Float(x) => Value::Float(*x),
        Constant::Str(s) => Value::Str(s.clone()),
        Constant::Complex(_) => {
            return Err(PyErr::new(
                "NotImplementedError",
                "complex numbers are not supported",
            ))
        }
        Constant::Bytes(_) => {
            return Err(PyErr::new("NotImplementedError", "bytes are not supported"))
        }
        Constant::Ellipsis => crate::interp::builtins::ellipsis(),
    })
}

impl Interp {
    /// A coroutine object whose body is a Rust future (`asyncio.sleep`, `agen.__anext__()`).
    pub fn native_coro(&self, name: &str, body: crate::interp::value::BodyFuture) -> Value {
        Value::Coroutine(Rc::new(Coroutine {
            body: RefCell::new(Some(body)),
            name: Rc::from(name),
            qualname: Rc::from(name),
            line: 0,
            created_line: self.line_of(self.call_span.get().start),
            started: std::cell::Cell::new(false),
            warn: Some(self.warn.clone()),
        }))
    }

    /// `gen.throw(exc)`: raises `exc` at the generator's `yield`; `Some(v)` if it yields again.
    pub async fn gen_throw(&self, g: &Generator, exc: PyErr) -> PyResult<Option<Value>> {
        match g.state.get() {
            GenState::Running => return Err(PyErr::value_error("generator already executing")),
            GenState::Created | GenState::Done => {
                g.body.borrow_mut().take();
                g.state.set(GenState::Done);
                return Err(exc);
            }
            GenState::Suspended => {}
        }
        *g.chan.thrown.borrow_mut() = Some(exc);
        Resume { gen: g }.await
    }

    /// `gen.close()` / `await agen.aclose()`: throws `GeneratorExit` in and checks it was not
    /// ignored.
    pub async fn gen_close(&self, g: &Generator) -> PyResult<()> {
        if matches!(g.state.get(), GenState::Created | GenState::Done) {
            g.body.borrow_mut().take();
            g.state.set(GenState::Done);
            return Ok(());
        }
        match self.gen_throw(g, PyErr::bare("GeneratorExit")).await {
            Ok(Some(_)) => Err(PyErr::new(
                "RuntimeError",
                if g.is_async {
                    "async generator ignored GeneratorExit"
                } else {
                    "generator ignored GeneratorExit"
                },
            )),
            Ok(None) => Ok(()),
            Err(e)
                if e.is("GeneratorExit") || e.is("StopIteration") || e.is("StopAsyncIteration") =>
            {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}
