//! Python values and the objects behind them: functions, classes, instances (exceptions and
//! native runtime objects are instances too), modules, coroutines, generators and iterators.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};

use num_bigint::BigInt;

use crate::interp::dict::Dict;
use crate::interp::error::PyResult;
use crate::syntax::ast::{FunctionDef, Span};

/// A boxed, non-`Send` future: how the evaluator boxes its recursion.
pub type LocalBoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// A variable captured by a closure (CPython's cell object); `None` while unbound.
pub type CellRef = Rc<RefCell<Option<Value>>>;

/// An attribute namespace (`__dict__` of a class, instance or module).
pub type AttrMap = HashMap<Rc<str>, Value, std::hash::BuildHasherDefault<FxHasher>>;

/// A small, fast, non-cryptographic hasher for identifiers (the Fx hash of rustc): names
/// are short and trusted, so SipHash's protection is not needed on this hot path.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A Python value. Cheap to clone: everything beyond scalars is reference counted, and
/// identity (`is`) is pointer identity.
#[derive(Clone)]
pub enum Value {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An `int` that fits in 64 bits.
    Int(i64),
    /// An `int` that does not (always normalised: never holds a value that fits in `i64`).
    BigInt(Rc<BigInt>),
    /// A `float`.
    Float(f64),
    /// A `str`.
    Str(Rc<str>),
    /// A `list`.
    List(Rc<RefCell<Vec<Value>>>),
    /// A `tuple`.
    Tuple(Rc<[Value]>),
    /// A `dict`.
    Dict(Rc<RefCell<Dict>>),
    /// A `set` (a dict whose values are `None`).
    Set(Rc<RefCell<Dict>>),
    /// A `range`.
    Range(Rc<RangeObj>),
    /// A `slice`.
    Slice(Rc<[Value; 3]>),
    /// A function defined by the script.
    Function(Rc<Function>),
    /// A function implemented in Rust.
    Builtin(Rc<Builtin>),
    /// A function bound to its first argument (`obj.method`).
    Method(Rc<(Value, Value)>),
    /// A class (built-in types are classes too).
    Class(Rc<Class>),
    /// An instance of a class (including exceptions and native runtime objects).
    Instance(Rc<Instance>),
    /// A module (`asyncio`, `time`, `random`).
    Module(Rc<ModuleObj>),
    /// A coroutine object (from calling an `async def`).
    Coroutine(Rc<Coroutine>),
    /// A generator or async generator object.
    Generator(Rc<Generator>),
    /// An iterator over a built-in container or a lazy built-in (`map`, `zip`...).
    Iter(Rc<RefCell<IterState>>),
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", crate::interp::ops::repr_plain(self))
    }
}

/// A `range` object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeObj {
    /// First value.
    pub start: i64,
    /// End (exclusive).
    pub stop: i64,
    /// Step (never 0).
    pub step: i64,
}

impl RangeObj {
    /// Number of values, exactly (up to 2**64 - 1 for `i64` bounds).
    pub fn count(&self) -> u64 {
        let (start, stop, step) = (self.start as i128, self.stop as i128, self.step as i128);
        let n = if step > 0 && start < stop {
            (stop - start - 1) / step + 1
        } else if step < 0 && start > stop {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        };
        n as u64
    }
    /// Number of values, if it fits an index (`len()` raises `OverflowError` otherwise).
    pub fn len(&self) -> Option<i64> {
        i64::try_from(self.count()).ok()
    }
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }
    /// The value at position `i` (`0 <= i < count`).
    pub fn at(&self, i: u64) -> i64 {
        (self.start as i128 + i as i128 * self.step as i128) as i64
    }
    /// Whether `n` is one of its values.
    pub fn contains(&self, n: i64) -> bool {
        let in_bounds = if self.step > 0 {
            n >= self.start && n < self.stop
        } else {
            n <= self.start && n > self.stop
        };
        in_bounds && (n as i128 - self.start as i128) % self.step as i128 == 0
    }
}

/// A function defined by the script (`def`, `async def`, `lambda`).
pub struct Function {
    /// Its definition.
    pub def: Rc<FunctionDef>,
    /// `__qualname__`.
    pub qualname: Rc<str>,
    /// The module globals it was defined in.
    pub globals: Rc<RefCell<AttrMap>>,
    /// Defaults of positional parameters, aligned to the last ones.
    pub defaults: Vec<Value>,
    /// Defaults of keyword-only parameters, by name.
    pub kw_defaults: Vec<(Rc<str>, Value)>,
    /// The cells of its free variables.
    pub closure: Vec<CellRef>,
    /// The class whose body defined it (for zero-argument `super()`).
    pub owner: RefCell<Weak<Class>>,
    /// Attributes set on the function object.
    pub attrs: RefCell<AttrMap>,
}

/// The arguments of a call.
#[derive(Default, Clone)]
pub struct Args {
    /// Positional arguments.
    pub pos: Vec<Value>,
    /// Keyword arguments in call order.
    pub kw: Vec<(Rc<str>, Value)>,
}

impl Args {
    /// Positional arguments only.
    pub fn new(pos: Vec<Value>) -> Self {
        Args {
            pos,
            kw: Vec::new(),
        }
    }
}

/// The Rust implementation of a builtin.
pub type SyncFn = fn(&crate::interp::Interp, Args) -> PyResult<Value>;
/// The Rust implementation of a builtin that may suspend (it runs script code or awaits).
pub type AsyncFn =
    for<'a> fn(&'a crate::interp::Interp, Args) -> LocalBoxFuture<'a, PyResult<Value>>;

/// How a builtin runs.
#[derive(Clone, Copy)]
pub enum BuiltinImpl {
    /// Runs to completion at once.
    Sync(SyncFn),
    /// Returns a future (iterates generators, calls script functions, awaits).
    Async(AsyncFn),
}

/// A function implemented in Rust (a builtin, a method of a built-in type, or a runtime API).
pub struct Builtin {
    /// Its `__name__`.
    pub name: &'static str,
    /// The implementation.
    pub imp: BuiltinImpl,
    /// Extra data bound at creation (a closure-like payload: e.g. the future a callback
    /// belongs to).
    pub data: Option<Value>,
}

/// Which built-in type a class stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum TypeKind {
    Object,
    Type,
    NoneType,
    Bool,
    Int,
    Float,
    Str,
    List,
    Tuple,
    Dict,
    Set,
    Range,
    Slice,
    Function,
    BuiltinFunction,
    Method,
    Module,
    Coroutine,
    Generator,
    AsyncGenerator,
    Iterator,
    /// A class defined by the script (or by the runtime in Rust, with native payloads).
    User,
}

/// A class: built-in types, exception classes, script classes and runtime classes.
pub struct Class {
    /// `__name__`.
    pub name: Rc<str>,
    /// `__qualname__`.
    pub qualname: Rc<str>,
    /// The module it belongs to (`builtins`, `asyncio`, `__main__`).
    pub module: Rc<str>,
    /// Direct bases.
    pub bases: Vec<Rc<Class>>,
    /// The method resolution order, excluding the class itself.
    pub mro: Vec<Rc<Class>>,
    /// The class namespace.
    pub dict: RefCell<AttrMap>,
    /// The built-in type it is (or [`TypeKind::User`]).
    pub kind: TypeKind,
    /// True when `BaseException` is in the MRO.
    pub is_exception: bool,
}

impl Class {
    /// Looks `name` up in the class and its MRO.
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.dict.borrow().get(name) {
            return Some(v.clone());
        }
        for base in &self.mro {
            if let Some(v) = base.dict.borrow().get(name) {
                return Some(v.clone());
            }
        }
        None
    }

    /// True if `self` is `other` or a subclass of it.
    pub fn is_subclass(self: &Rc<Self>, other: &Rc<Class>) -> bool {
        Rc::ptr_eq(self, other) || self.mro.iter().any(|c| Rc::ptr_eq(c, other))
    }
}

/// One entry of a traceback: a frame the exception passed through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TbEntry {
    /// The function's name (`<module>` for top-level code).
    pub func: Rc<str>,
    /// Where in its source.
    pub span: Span,
    /// Which source: `<script>` (the user's) or `<asyncio>` (the runtime's Python prelude).
    pub file: &'static str,
}

/// The state of an exception instance.
#[derive(Default)]
pub struct ExcData {
    /// `args`.
    pub args: Vec<Value>,
    /// Traceback entries, innermost first (printed in reverse).
    pub tb: Vec<TbEntry>,
    /// `__cause__`.
    pub cause: Option<Value>,
    /// `__context__`.
    pub context: Option<Value>,
    /// `__suppress_context__`.
    pub suppress_context: bool,
    /// The sub-exceptions of an exception group.
    pub group: Vec<Value>,
    /// Notes added with `add_note`.
    pub notes: Vec<Rc<str>>,
}

/// What an instance carries besides its attributes.
pub enum Payload {
    /// Nothing (a plain script object).
    None,
    /// Exception state.
    Exc(RefCell<ExcData>),
    /// State of a native runtime object (a future, a task, a loop...).
    Native(Box<dyn Any>),
}

/// An instance of a class.
pub struct Instance {
    /// Its class.
    pub class: Rc<Class>,
    /// Its attributes.
    pub dict: RefCell<AttrMap>,
    /// Exception or native state.
    pub payload: Payload,
}

impl Instance {
    /// The exception state, if this is an exception.
    pub fn exc(&self) -> Option<&RefCell<ExcData>> {
        match &self.payload {
            Payload::Exc(e) => Some(e),
            _ => None,
        }
    }

    /// The native state, if it is of type `T`.
    pub fn native<T: 'static>(&self) -> Option<&T> {
        match &self.payload {
            Payload::Native(b) => b.downcast_ref::<T>(),
            _ => None,
        }
    }
}

/// A module object.
pub struct ModuleObj {
    /// `__name__`.
    pub name: Rc<str>,
    /// Its attributes.
    pub attrs: RefCell<AttrMap>,
}

/// A coroutine's body, not yet started or suspended.
pub type BodyFuture = LocalBoxFuture<'static, PyResult<Value>>;

/// A coroutine object.
pub struct Coroutine {
    /// The body; taken out when awaited or wrapped in a task.
    pub body: RefCell<Option<BodyFuture>>,
    /// `__name__` of the function.
    pub name: Rc<str>,
    /// `__qualname__` of the function.
    pub qualname: Rc<str>,
    /// 1-based line of its `def`.
    pub line: u32,
    /// 1-based line of the call that created it (where a never-awaited warning points).
    pub created_line: u32,
    /// True once it has been awaited or wrapped in a task.
    pub started: Cell<bool>,
    /// Where a never-awaited warning goes.
    pub warn: Option<Rc<dyn CoroutineWarn>>,
}

/// Receives the "coroutine was never awaited" warning when a coroutine is dropped unstarted.
pub trait CoroutineWarn {
    /// `qualname` was created at `line` and never awaited.
    fn never_awaited(&self, qualname: &str, line: u32);
}

impl Drop for Coroutine {
    fn drop(&mut self) {
        if !self.started.get() {
            if let Some(w) = &self.warn {
                w.never_awaited(&self.qualname, self.created_line);
            }
        }
    }
}

/// How a generator's frame and its consumer talk: the frame leaves a yielded value here and
/// suspends; the consumer leaves the value to send (or the exception to throw) and resumes it.
#[derive(Default)]
pub struct GenChannel {
    /// A value just yielded by the frame.
    pub yielded: RefCell<Option<Value>>,
    /// The value `yield` evaluates to on resumption.
    pub sent: RefCell<Option<Value>>,
    /// An exception to raise at the `yield` on resumption.
    pub thrown: RefCell<Option<crate::interp::error::PyErr>>,
    /// What the generator returned when it finished (the value of `yield from`).
    pub returned: RefCell<Option<Value>>,
}

/// Where a generator is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenState {
    /// Not started.
    Created,
    /// Suspended at a `yield`.
    Suspended,
    /// Running (re-entry is an error).
    Running,
    /// Finished.
    Done,
}

/// A generator (or async generator) object.
pub struct Generator {
    /// The frame's body future.
    pub body: RefCell<Option<BodyFuture>>,
    /// The channel shared with the frame.
    pub chan: Rc<GenChannel>,
    /// Its state.
    pub state: Cell<GenState>,
    /// `__name__`.
    pub name: Rc<str>,
    /// `__qualname__`.
    pub qualname: Rc<str>,
    /// An async generator (`async def` with `yield`).
    pub is_async: bool,
}

/// The state of a built-in iterator.
pub enum IterState {
    /// Over a list (sees appends, as CPython's list iterator does).
    List(Rc<RefCell<Vec<Value>>>, usize),
    /// Over a tuple.
    Tuple(Rc<[Value]>, usize),
    /// Over a str, by character byte offset.
    Str(Rc<str>, usize),
    /// Over a range (forwards or, for `reversed`, backwards).
    Range {
        /// The next value.
        next: i64,
        /// How many values are left.
        left: u64,
        /// The step.
        step: i64,
    },
    /// Over a dict's keys/values/items (a snapshot of entries with the expected size).
    Dict {
        /// The dict.
        dict: Rc<RefCell<Dict>>,
        /// The next entry index.
        pos: usize,
        /// What it yields.
        kind: DictIterKind,
        /// The size when iteration started (a change is an error).
        len: usize,
    },
    /// Over a fixed list of values (snapshots: reversed, sorted results, set iteration...).
    Values(std::vec::IntoIter<Value>),
    /// `enumerate(it, start)`.
    Enumerate(Value, i64),
    /// `zip(*its)`.
    Zip(Vec<Value>),
    /// `map(f, *its)`.
    Map(Value, Vec<Value>),
    /// `filter(f, it)`.
    Filter(Value, Value),
    /// Exhausted.
    Done,
}

/// What a dict iterator yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictIterKind {
    /// Keys.
    Keys,
    /// Values.
    Values,
    /// `(key, value)` tuples.
    Items,
}

impl Value {
    /// A `str` value.
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }
    /// A `list` value.
    pub fn list(v: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(v)))
    }
    /// A `tuple` value.
    pub fn tuple(v: Vec<Value>) -> Value {
        Value::Tuple(Rc::from(v))
    }
    /// An `int` from a big integer, normalised to `Int` when it fits.
    pub fn from_bigint(b: BigInt) -> Value {
        use num_traits::ToPrimitive;
        match b.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::BigInt(Rc::new(b)),
        }
    }
    /// True for `None`.
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }
    /// Identity (`is`).
    pub fn is(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (None, None) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            (BigInt(a), BigInt(b)) => Rc::ptr_eq(a, b),
            (Str(a), Str(b)) => Rc::ptr_eq(a, b) || (a.len() <= 1 && a == b),
            (List(a), List(b)) => Rc::ptr_eq(a, b),
            (Tuple(a), Tuple(b)) => Rc::ptr_eq(a, b) || (a.is_empty() && b.is_empty()),
            (Dict(a), Dict(b)) | (Set(a), Set(b)) => Rc::ptr_eq(a, b),
            (Range(a), Range(b)) => Rc::ptr_eq(a, b),
            (Slice(a), Slice(b)) => Rc::ptr_eq(a, b),
            (Function(a), Function(b)) => Rc::ptr_eq(a, b),
            (Builtin(a), Builtin(b)) => Rc::ptr_eq(a, b),
            (Method(a), Method(b)) => Rc::ptr_eq(a, b),
            (Class(a), Class(b)) => Rc::ptr_eq(a, b),
            (Instance(a), Instance(b)) => Rc::ptr_eq(a, b),
            (Module(a), Module(b)) => Rc::ptr_eq(a, b),
            (Coroutine(a), Coroutine(b)) => Rc::ptr_eq(a, b),
            (Generator(a), Generator(b)) => Rc::ptr_eq(a, b),
            (Iter(a), Iter(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
    /// The instance behind the value, if it is one.
    pub fn as_instance(&self) -> Option<&Rc<Instance>> {
        match self {
            Value::Instance(i) => Some(i),
            _ => None,
        }
    }
}
