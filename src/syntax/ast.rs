//! The abstract syntax tree of the script language: a subset of Python 3.11's `ast` module,
//! with a byte-range [`Span`] on every node and, after scope resolution, a resolved
//! [`NameScope`] on every name.
//!
//! Node names follow CPython's `ast` so that a normalised dump can be compared with
//! `python3 -c 'import ast; ...'`. Strings are `Rc<str>` so the evaluator can share them.

use std::rc::Rc;

/// A half-open byte range `start..end` into the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// First byte of the node.
    pub start: u32,
    /// One past the last byte of the node.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }
    /// The smallest span covering both `self` and `other`.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A parsed script (CPython's `ast.Module`), with the module-level scope.
#[derive(Clone, Debug)]
pub struct Module {
    /// The statements of the script.
    pub body: Vec<Stmt>,
    /// Names bound at module level (its globals), filled by scope resolution.
    pub scope: Scope,
}

/// A statement with its span.
#[derive(Clone, Debug)]
pub struct Stmt {
    /// What kind of statement.
    pub kind: StmtKind,
    /// Where it is: from its first token to its last (a compound statement includes its body).
    pub span: Span,
}

/// The statements of the subset.
#[derive(Clone, Debug)]
pub enum StmtKind {
    /// An expression evaluated for its effect (`ast.Expr`).
    Expr(Expr),
    /// `a = b = value` (`ast.Assign`); targets in source order.
    Assign {
        /// One or more targets (names, attributes, subscripts, tuples/lists, starred).
        targets: Vec<Expr>,
        /// The assigned value.
        value: Expr,
    },
    /// `target op= value` (`ast.AugAssign`).
    AugAssign {
        /// A name, attribute or subscript.
        target: Expr,
        /// The binary operator.
        op: BinOp,
        /// The right-hand side.
        value: Expr,
    },
    /// `target: annotation [= value]` (`ast.AnnAssign`). The annotation is parsed, never
    /// evaluated at function level (as in CPython); at module level CPython evaluates it.
    AnnAssign {
        /// The target.
        target: Expr,
        /// The annotation expression.
        annotation: Expr,
        /// The value, if any.
        value: Option<Expr>,
        /// True when the target is a plain name not in parentheses (`ast.AnnAssign.simple`).
        simple: bool,
    },
    /// `if test: body else: orelse` (`elif` nests an `If` in `orelse`).
    If {
        /// The condition.
        test: Expr,
        /// Statements when true.
        body: Vec<Stmt>,
        /// Statements when false (an `elif` is a single nested `If`).
        orelse: Vec<Stmt>,
    },
    /// `while test: body else: orelse`.
    While {
        /// The condition.
        test: Expr,
        /// The loop body.
        body: Vec<Stmt>,
        /// Runs when the loop ends without `break`.
        orelse: Vec<Stmt>,
    },
    /// `[async] for target in iter: body else: orelse` (`ast.For` / `ast.AsyncFor`).
    For {
        /// `async for`.
        is_async: bool,
        /// The loop target.
        target: Expr,
        /// The iterable.
        iter: Expr,
        /// The loop body.
        body: Vec<Stmt>,
        /// Runs when the loop ends without `break`.
        orelse: Vec<Stmt>,
    },
    /// `[async] with items: body` (`ast.With` / `ast.AsyncWith`).
    With {
        /// `async with`.
        is_async: bool,
        /// The context managers, in order.
        items: Vec<WithItem>,
        /// The body.
        body: Vec<Stmt>,
    },
    /// `def` / `async def` (`ast.FunctionDef` / `ast.AsyncFunctionDef`).
    FunctionDef(Rc<FunctionDef>),
    /// `class Name(bases): body` (`ast.ClassDef`).
    ClassDef(Rc<ClassDef>),
    /// `return [value]`.
    Return(Option<Expr>),
    /// `pass`.
    Pass,
    /// `break`.
    Break,
    /// `continue`.
    Continue,
    /// `global a, b`.
    Global(Vec<Rc<str>>),
    /// `nonlocal a, b`.
    Nonlocal(Vec<Rc<str>>),
    /// `try` with handlers, `else` and `finally` (`ast.Try`, or `ast.TryStar` when `is_star`).
    Try {
        /// The guarded body.
        body: Vec<Stmt>,
        /// The `except` clauses in order.
        handlers: Vec<ExceptHandler>,
        /// Runs when the body raised nothing.
        orelse: Vec<Stmt>,
        /// Always runs.
        finalbody: Vec<Stmt>,
        /// `except*` clauses (exception groups).
        is_star: bool,
    },
    /// `raise [exc [from cause]]`.
    Raise {
        /// The exception (a class or an instance); `None` re-raises the active exception.
        exc: Option<Expr>,
        /// The `from` clause.
        cause: Option<Expr>,
    },
    /// `assert test[, msg]`.
    Assert {
        /// The condition.
        test: Expr,
        /// The message.
        msg: Option<Expr>,
    },
    /// `del a, b[0], c.d`.
    Delete(Vec<Expr>),
    /// `import a [as b], c` (`ast.Import`).
    Import(Vec<Alias>),
    /// `from module import a [as b], c` (`ast.ImportFrom`); relative imports are refused.
    ImportFrom {
        /// The dotted module name.
        module: Rc<str>,
        /// The imported names (`*` is refused by the parser).
        names: Vec<Alias>,
    },
}

/// One `name [as asname]` of an import.
#[derive(Clone, Debug)]
pub struct Alias {
    /// The (possibly dotted) imported name.
    pub name: Rc<str>,
    /// The `as` name.
    pub asname: Option<Rc<str>>,
    /// Where the alias is.
    pub span: Span,
    /// How the bound name (`asname`, or the first part of `name`) is stored.
    pub scope: NameScope,
}

/// One `context_expr [as optional_vars]` of a `with`.
#[derive(Clone, Debug)]
pub struct WithItem {
    /// The context manager expression.
    pub context_expr: Expr,
    /// The `as` target.
    pub optional_vars: Option<Expr>,
}

/// One `except [type [as name]]: body` clause.
#[derive(Clone, Debug)]
pub struct ExceptHandler {
    /// The exception type(s) matched; `None` for a bare `except:`.
    pub type_: Option<Expr>,
    /// The `as` name and how it is stored.
    pub name: Option<(Rc<str>, NameScope)>,
    /// The handler body.
    pub body: Vec<Stmt>,
    /// From `except` to the end of the body.
    pub span: Span,
}

/// A `def` or `async def` (also used for `lambda`, whose body is one `Return`).
#[derive(Clone, Debug)]
pub struct FunctionDef {
    /// The function's name (`<lambda>` for lambdas).
    pub name: Rc<str>,
    /// The parameters.
    pub params: Parameters,
    /// The body.
    pub body: Vec<Stmt>,
    /// Decorators, outermost first.
    pub decorators: Vec<Expr>,
    /// The return annotation (parsed, not evaluated).
    pub returns: Option<Expr>,
    /// `async def`.
    pub is_async: bool,
    /// How the function's name is bound in the enclosing scope.
    pub name_scope: NameScope,
    /// The function's own scope, filled by scope resolution.
    pub scope: Scope,
    /// Span of the `def` line's name, for tracebacks and the trace.
    pub name_span: Span,
}

/// Parameters, as CPython's `ast.arguments`.
#[derive(Clone, Debug, Default)]
pub struct Parameters {
    /// Positional-only parameters (before `/`).
    pub posonly: Vec<Param>,
    /// Ordinary positional-or-keyword parameters.
    pub args: Vec<Param>,
    /// `*args`.
    pub vararg: Option<Param>,
    /// Keyword-only parameters (after `*` or `*args`).
    pub kwonly: Vec<Param>,
    /// `**kwargs`.
    pub kwarg: Option<Param>,
}

/// One parameter.
#[derive(Clone, Debug)]
pub struct Param {
    /// Its name.
    pub name: Rc<str>,
    /// Its default value, evaluated at `def` time.
    pub default: Option<Expr>,
    /// The annotation (parsed, not evaluated).
    pub annotation: Option<Expr>,
    /// Where the parameter is stored in the function's frame.
    pub scope: NameScope,
    /// Where it is.
    pub span: Span,
}

/// A `class` statement.
#[derive(Clone, Debug)]
pub struct ClassDef {
    /// The class name.
    pub name: Rc<str>,
    /// Base classes.
    pub bases: Vec<Expr>,
    /// The class body.
    pub body: Vec<Stmt>,
    /// Decorators, outermost first.
    pub decorators: Vec<Expr>,
    /// How the class name is bound in the enclosing scope.
    pub name_scope: NameScope,
    /// The class body's scope (its names are looked up with [`NameScope::ClassBody`]).
    pub scope: Scope,
}

/// The result of scope resolution for one function, lambda, comprehension, class body or
/// module: how many fast locals and cells its frame needs.
///
/// Frame layout: `locals[0..local_names.len()]` are fast locals (parameters first, in
/// declaration order: posonly, args, vararg, kwonly, kwarg); `cells[0..cellvars.len()]` are
/// new cells made when the frame starts (names captured by inner scopes; a parameter that is
/// captured is stored in its cell, not in a local); `cells[cellvars.len()..]` are the free
/// variables, copied from the closure the function was created with.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Names of the fast local slots, in slot order.
    pub local_names: Vec<Rc<str>>,
    /// Names of the cells this scope creates, in cell order.
    pub cellvars: Vec<Rc<str>>,
    /// Free variables: for each, its name and how the *enclosing* scope reaches that cell
    /// (always a [`NameScope::Cell`] of the enclosing scope), copied into the closure at
    /// definition time.
    pub freevars: Vec<(Rc<str>, NameScope)>,
    /// The function contains `yield` (a generator, or an async generator if `async def`).
    pub is_generator: bool,
}

/// How a name is reached at run time, decided by scope resolution (CPython's symtable).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NameScope {
    /// Not yet resolved (only before scope resolution runs).
    #[default]
    Unresolved,
    /// A fast local slot of the current frame.
    Local(u32),
    /// A cell of the current frame (a cellvar or a freevar; see [`Scope`]).
    Cell(u32),
    /// A module global (falling back to builtins on load).
    Global,
    /// A class body name: the class namespace, then globals, then builtins (`LOAD_NAME`).
    ClassBody,
}

/// An expression with its span.
#[derive(Clone, Debug)]
pub struct Expr {
    /// What kind of expression.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
    /// True when the expression has no call, `await`, `yield`, comprehension, lambda or
    /// walrus anywhere inside: the evaluator can run it synchronously, without side effects
    /// of its own. Computed bottom-up by [`Expr::new`].
    pub sync: bool,
}

impl Expr {
    /// An expression node, with its [`Expr::sync`] flag derived from its children.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        let sync = match &kind {
            ExprKind::Constant(_) | ExprKind::Name { .. } => true,
            ExprKind::Attribute { value, .. }
            | ExprKind::UnaryOp { operand: value, .. }
            | ExprKind::Starred(value) => value.sync,
            ExprKind::BinOp { left, right, .. } => left.sync && right.sync,
            ExprKind::Compare {
                left, comparators, ..
            } => left.sync && comparators.iter().all(|c| c.sync),
            ExprKind::BoolOp { values, .. }
            | ExprKind::Tuple(values)
            | ExprKind::List(values)
            | ExprKind::Set(values) => values.iter().all(|c| c.sync),
            ExprKind::IfExp { test, body, orelse } => test.sync && body.sync && orelse.sync,
            ExprKind::Subscript { value, slice } => value.sync && slice.sync,
            ExprKind::Slice { lower, upper, step } => [lower, upper, step]
                .iter()
                .all(|x| x.as_ref().is_none_or(|x| x.sync)),
            ExprKind::Dict { keys, values } => {
                keys.iter().flatten().all(|k| k.sync) && values.iter().all(|v| v.sync)
            }
            ExprKind::JoinedStr(parts) => parts_sync(parts),
            _ => false,
        };
        Expr { kind, span, sync }
    }
}

fn parts_sync(parts: &[FStringPart]) -> bool {
    parts.iter().all(|p| match p {
        FStringPart::Literal(_) => true,
        FStringPart::Formatted {
            value, format_spec, ..
        } => value.sync && format_spec.as_ref().is_none_or(|s| parts_sync(s)),
    })
}

/// The expressions of the subset.
#[derive(Clone, Debug)]
pub enum ExprKind {
    /// `a and b and c` / `a or b` (`ast.BoolOp`).
    BoolOp {
        /// `and` or `or`.
        op: BoolOpKind,
        /// Two or more operands.
        values: Vec<Expr>,
    },
    /// `target := value` (`ast.NamedExpr`).
    NamedExpr {
        /// The name bound (always a [`ExprKind::Name`]).
        target: Box<Expr>,
        /// The value.
        value: Box<Expr>,
    },
    /// `left op right`.
    BinOp {
        /// Left operand.
        left: Box<Expr>,
        /// The operator.
        op: BinOp,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `-x`, `+x`, `not x`, `~x`.
    UnaryOp {
        /// The operator.
        op: UnaryOpKind,
        /// The operand.
        operand: Box<Expr>,
    },
    /// `lambda params: body`; the function's body is a single `Return` of the expression.
    Lambda(Rc<FunctionDef>),
    /// `body if test else orelse`.
    IfExp {
        /// The condition.
        test: Box<Expr>,
        /// Value when true.
        body: Box<Expr>,
        /// Value when false.
        orelse: Box<Expr>,
    },
    /// `{k: v, **d}`; a `None` key is a `**d` unpacking.
    Dict {
        /// Keys (`None` for `**mapping`).
        keys: Vec<Option<Expr>>,
        /// Values.
        values: Vec<Expr>,
    },
    /// `{a, b}`.
    Set(Vec<Expr>),
    /// `[elt for ...]`.
    ListComp(Rc<Comprehension>),
    /// `{elt for ...}`.
    SetComp(Rc<Comprehension>),
    /// `{key: value for ...}`; `elt` is the key and `value` the value.
    DictComp(Rc<Comprehension>),
    /// `(elt for ...)`.
    GeneratorExp(Rc<Comprehension>),
    /// `await value`.
    Await(Box<Expr>),
    /// `yield [value]`.
    Yield(Option<Box<Expr>>),
    /// `yield from value`.
    YieldFrom(Box<Expr>),
    /// `a < b <= c` (`ast.Compare`).
    Compare {
        /// The first operand.
        left: Box<Expr>,
        /// The operators, one per comparator.
        ops: Vec<CmpOp>,
        /// The following operands.
        comparators: Vec<Expr>,
    },
    /// `func(args, *a, k=v, **kw)`.
    Call {
        /// The callee.
        func: Box<Expr>,
        /// Positional arguments; `*a` appears as [`ExprKind::Starred`].
        args: Vec<Expr>,
        /// Keyword arguments; `**kw` has `arg: None`.
        keywords: Vec<Keyword>,
    },
    /// An f-string (`ast.JoinedStr`): literal parts and formatted values.
    JoinedStr(Vec<FStringPart>),
    /// A literal constant.
    Constant(Constant),
    /// `value.attr`.
    Attribute {
        /// The object.
        value: Box<Expr>,
        /// The attribute name.
        attr: Rc<str>,
    },
    /// `value[slice]`.
    Subscript {
        /// The object.
        value: Box<Expr>,
        /// The index: an expression, a [`ExprKind::Slice`], or a tuple of them.
        slice: Box<Expr>,
    },
    /// `*value` (in calls, displays and assignment targets).
    Starred(Box<Expr>),
    /// A name, with how it is reached.
    Name {
        /// The identifier.
        id: Rc<str>,
        /// Resolved by scope resolution.
        scope: NameScope,
    },
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `(a, b)` or `a, b`.
    Tuple(Vec<Expr>),
    /// `lower:upper:step` inside a subscript.
    Slice {
        /// Start.
        lower: Option<Box<Expr>>,
        /// Stop.
        upper: Option<Box<Expr>>,
        /// Step.
        step: Option<Box<Expr>>,
    },
}

/// A comprehension: `elt` (and `value` for dict comprehensions) over one or more generators.
/// It has its own scope, as in Python 3.11; the first generator's `iter` is evaluated in the
/// enclosing scope.
#[derive(Clone, Debug)]
pub struct Comprehension {
    /// The element (or the key, for a dict comprehension).
    pub elt: Expr,
    /// The value, for a dict comprehension.
    pub value: Option<Expr>,
    /// The `for`/`if` clauses, outermost first.
    pub generators: Vec<ComprehensionFor>,
    /// The comprehension's own scope.
    pub scope: Scope,
    /// True when it contains `await` (or `async for`): an async comprehension.
    pub is_async: bool,
}

/// One `[async] for target in iter if cond...` clause.
#[derive(Clone, Debug)]
pub struct ComprehensionFor {
    /// The loop target.
    pub target: Expr,
    /// The iterable.
    pub iter: Expr,
    /// The `if` filters.
    pub ifs: Vec<Expr>,
    /// `async for`.
    pub is_async: bool,
}

/// A keyword argument `arg=value`, or `**value` when `arg` is `None`.
#[derive(Clone, Debug)]
pub struct Keyword {
    /// The keyword, or `None` for `**mapping`.
    pub arg: Option<Rc<str>>,
    /// The value.
    pub value: Expr,
    /// Where it is.
    pub span: Span,
}

/// One part of an f-string.
#[derive(Clone, Debug)]
pub enum FStringPart {
    /// Literal text (escapes already decoded, `{{` as `{`).
    Literal(Rc<str>),
    /// `{value!conversion:format_spec}` (`ast.FormattedValue`).
    Formatted {
        /// The expression.
        value: Box<Expr>,
        /// `!r`, `!s` or `!a`.
        conversion: Option<char>,
        /// The format spec, itself an f-string (it may contain `{nested}` fields).
        format_spec: Option<Vec<FStringPart>>,
        /// Text of the expression including a trailing `=` for the `{x=}` debug form, which
        /// CPython expands to a literal `x=` followed by the repr (the parser emits that
        /// literal part itself; this field is informative only).
        debug_text: Option<Rc<str>>,
    },
}

/// A literal constant.
#[derive(Clone, Debug)]
pub enum Constant {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An integer literal, as its decimal digits (arbitrary precision; the evaluator parses it).
    Int(Rc<str>),
    /// A float literal.
    Float(f64),
    /// An imaginary literal (refused by the evaluator: complex numbers are not supported).
    Complex(f64),
    /// A string literal (adjacent literals concatenated, escapes decoded).
    Str(Rc<str>),
    /// A bytes literal.
    Bytes(Rc<[u8]>),
    /// `...`.
    Ellipsis,
}

/// `and` / `or`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolOpKind {
    /// `and`.
    And,
    /// `or`.
    Or,
}

/// Binary operators (`ast.operator`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mult,
    /// `@`
    MatMult,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
    /// `&`
    BitAnd,
    /// `//`
    FloorDiv,
}

/// Unary operators (`ast.unaryop`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOpKind {
    /// `~`
    Invert,
    /// `not`
    Not,
    /// `+`
    UAdd,
    /// `-`
    USub,
}

/// Comparison operators (`ast.cmpop`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtE,
    /// `>`
    Gt,
    /// `>=`
    GtE,
    /// `is`
    Is,
    /// `is not`
    IsNot,
    /// `in`
    In,
    /// `not in`
    NotIn,
}
