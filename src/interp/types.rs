//! The built-in classes: `object`, `int`, `str`... and CPython's exception hierarchy (plus
//! asyncio's exceptions), created once per thread and shared by every run (they are immutable
//! to scripts).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::interp::value::{AttrMap, Class, TypeKind};

/// Builds a class with C3-free single-or-multiple inheritance MRO (depth-first, duplicates
/// removed keeping the last occurrence — identical to C3 for the hierarchies used here).
pub fn make_class(
    name: &str,
    module: &str,
    bases: Vec<Rc<Class>>,
    kind: TypeKind,
    dict: AttrMap,
) -> Rc<Class> {
    let mro = linearize(&bases);
    let is_exception = name == "BaseException"
        || mro
            .iter()
            .any(|c| &*c.name == "BaseException" && &*c.module == "builtins");
    Rc::new(Class {
        name: Rc::from(name),
        qualname: Rc::from(name),
        module: Rc::from(module),
        bases,
        mro,
        dict: RefCell::new(dict),
        kind,
        is_exception,
    })
}

/// The MRO (without the class itself) for the given bases, by C3 linearization.
pub fn linearize(bases: &[Rc<Class>]) -> Vec<Rc<Class>> {
    let mut seqs: Vec<Vec<Rc<Class>>> = bases
        .iter()
        .map(|b| {
            let mut s = vec![b.clone()];
            s.extend(b.mro.iter().cloned());
            s
        })
        .collect();
    seqs.push(bases.to_vec());
    let mut out: Vec<Rc<Class>> = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return out;
        }
        let mut picked = None;
        for s in &seqs {
            let cand = &s[0];
            if !seqs
                .iter()
                .any(|t| t[1..].iter().any(|c| Rc::ptr_eq(c, cand)))
            {
                picked = Some(cand.clone());
                break;
            }
        }
        // An inconsistent hierarchy: fall back to the first head (checked by the caller).
        let c = picked.unwrap_or_else(|| seqs[0][0].clone());
        for s in seqs.iter_mut() {
            if Rc::ptr_eq(&s[0], &c) {
                s.remove(0);
            }
        }
        out.push(c);
    }
}

/// The built-in classes by name.
pub struct Builtins {
    /// `object`.
    pub object: Rc<Class>,
    /// Every built-in class by name (`int`, `ValueError`, `CancelledError`...).
    pub by_name: HashMap<&'static str, Rc<Class>>,
    /// Built-in value types by kind.
    pub by_kind: HashMap<TypeKind, Rc<Class>>,
}

/// CPython's exception hierarchy (name, base); order matters (bases first).
const EXCEPTIONS: &[(&str, &str)] = &[
    ("BaseException", "object"),
    ("BaseExceptionGroup", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("SystemExit", "BaseException"),
    ("Exception", "BaseException"),
    ("ArithmeticError", "Exception"),
    ("FloatingPointError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("BufferError", "Exception"),
    ("EOFError", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("MemoryError", "Exception"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("OSError", "Exception"),
    ("ConnectionError", "OSError"),
    ("TimeoutError", "OSError"),
    ("ReferenceError", "Exception"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("StopAsyncIteration", "Exception"),
    ("StopIteration", "Exception"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("TabError", "IndentationError"),
    ("SystemError", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("Warning", "Exception"),
    ("DeprecationWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
    ("UserWarning", "Warning"),
    // asyncio's own (module "asyncio.exceptions" in CPython; shown by name).
    ("CancelledError", "BaseException"),
    ("InvalidStateError", "Exception"),
    ("QueueEmpty", "Exception"),
    ("QueueFull", "Exception"),
];

const VALUE_TYPES: &[(&str, TypeKind)] = &[
    ("type", TypeKind::Type),
    ("NoneType", TypeKind::NoneType),
    ("int", TypeKind::Int),
    ("float", TypeKind::Float),
    ("str", TypeKind::Str),
    ("list", TypeKind::List),
    ("tuple", TypeKind::Tuple),
    ("dict", TypeKind::Dict),
    ("set", TypeKind::Set),
    ("frozenset", TypeKind::FrozenSet),
    ("bytes", TypeKind::Bytes),
    ("bytearray", TypeKind::ByteArray),
    ("range", TypeKind::Range),
    ("slice", TypeKind::Slice),
    ("function", TypeKind::Function),
    ("builtin_function_or_method", TypeKind::BuiltinFunction),
    ("method", TypeKind::Method),
    ("module", TypeKind::Module),
    ("coroutine", TypeKind::Coroutine),
    ("generator", TypeKind::Generator),
    ("async_generator", TypeKind::AsyncGenerator),
    ("iterator", TypeKind::Iterator),
];

impl Builtins {
    fn new() -> Self {
        let object = make_class(
            "object",
            "builtins",
            vec![],
            TypeKind::Object,
            AttrMap::default(),
        );
        let mut by_name: HashMap<&'static str, Rc<Class>> = HashMap::new();
        let mut by_kind = HashMap::new();
        by_name.insert("object", object.clone());
        by_kind.insert(TypeKind::Object, object.clone());
        for (name, kind) in VALUE_TYPES {
            let c = make_class(
                name,
                "builtins",
                vec![object.clone()],
                *kind,
                AttrMap::default(),
            );
            by_name.insert(name, c.clone());
            by_kind.insert(*kind, c);
        }
        // bool subclasses int.
        let int = by_name["int"].clone();
        let b = make_class(
            "bool",
            "builtins",
            vec![int],
            TypeKind::Bool,
            AttrMap::default(),
        );
        by_name.insert("bool", b.clone());
        by_kind.insert(TypeKind::Bool, b);
        for (name, base) in EXCEPTIONS {
            let mut bases = vec![by_name[base].clone()];
            if *name == "ExceptionGroup" {
                bases.push(by_name["Exception"].clone());
            }
            let module = if matches!(
                *name,
                "CancelledError" | "InvalidStateError" | "QueueEmpty" | "QueueFull"
            ) {
                "asyncio"
            } else {
                "builtins"
            };
            let c = make_class(name, module, bases, TypeKind::User, AttrMap::default());
            by_name.insert(name, c);
        }
        // ExceptionGroup(BaseExceptionGroup, Exception).
        let eg = make_class(
            "ExceptionGroup",
            "builtins",
            vec![
                by_name["BaseExceptionGroup"].clone(),
                by_name["Exception"].clone(),
            ],
            TypeKind::User,
            AttrMap::default(),
        );
        by_name.insert("ExceptionGroup", eg);
        crate::interp::methods::install(&by_name);
        crate::interp::set_methods::install(&by_name["set"], &by_name["frozenset"]);
        crate::interp::gen::install(
            &by_name["generator"],
            &by_name["async_generator"],
            &by_name["coroutine"],
        );
        Builtins {
            object,
            by_name,
            by_kind,
        }
    }
}

thread_local! {
    static BUILTINS: Rc<Builtins> = Rc::new(Builtins::new());
}

/// The built-in classes of this thread.
pub fn builtins() -> Rc<Builtins> {
    BUILTINS.with(|b| b.clone())
}

/// A built-in class by name (`"ValueError"`); panics are impossible for the names in this
/// module's tables, unknown names give `object`.
pub fn class(name: &str) -> Rc<Class> {
    BUILTINS.with(|b| {
        b.by_name
            .get(name)
            .cloned()
            .unwrap_or_else(|| b.object.clone())
    })
}

/// The class of a built-in value kind.
pub fn kind_class(kind: TypeKind) -> Rc<Class> {
    BUILTINS.with(|b| {
        b.by_kind
            .get(&kind)
            .cloned()
            .unwrap_or_else(|| b.object.clone())
    })
}
