//! Scope resolution, following CPython 3.11's symtable: fills every [`NameScope`] and every
//! [`Scope`] of a parsed module, then runs the compiler's context checks (`'return' outside
//! function`, `'break' outside loop`, ...), reporting CPython's messages.
//!
//! Three passes over the AST, which must visit scopes in the same order:
//! 1. [`Builder`] records, for each scope (module, function, lambda, comprehension, class),
//!    which names it binds, uses and declares `global`/`nonlocal` (symtable errors here);
//! 2. `analyze` decides each name's kind (local, cell, free, global) top-down, turning
//!    captured locals into cells and passing free variables through intermediate scopes;
//! 3. [`Applier`] writes the results into the AST; then [`Checker`] runs context checks.
//!
//! Comprehensions are their own function scopes whose first iterable is evaluated in the
//! enclosing scope; their implicit parameter `.0` (the first iterator) is local slot 0.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::ast::{
    Comprehension, Expr, ExprKind, FStringPart, FunctionDef, Module, NameScope, Parameters, Scope,
    Span, Stmt, StmtKind,
};
use super::error::SyntaxError;

const DEF_LOCAL: u32 = 1;
const DEF_PARAM: u32 = 2;
const DEF_GLOBAL: u32 = 4;
const DEF_NONLOCAL: u32 = 8;
const USE: u32 = 16;
const DEF_ANNOT: u32 = 32;
const DEF_COMP_ITER: u32 = 64;

/// Resolves every name of `module` and runs the compile-time context checks.
pub fn resolve(module: &mut Module) -> Result<(), SyntaxError> {
    let mut b = Builder::default();
    b.tables.push(Table::new(Kind::Module, None));
    b.stmts(&module.body)?;
    let mut tables = b.tables;
    analyze(&mut tables, 0, &HashSet::new(), &HashSet::new())?;
    for id in 0..tables.len() {
        layout(&mut tables, id);
    }
    let mut a = Applier {
        tables: &tables,
        cur: 0,
        next: 1,
    };
    a.stmts(&mut module.body);
    module.scope = tables[0].scope();
    Checker::default().stmts(&module.body)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Module,
    Function,
    Class,
    Comprehension,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Res {
    Local,
    Cell,
    Free,
    GlobalExplicit,
    GlobalImplicit,
}

struct Table {
    kind: Kind,
    parent: Option<usize>,
    children: Vec<usize>,
    syms: Vec<(Rc<str>, u32)>,
    index: HashMap<Rc<str>, usize>,
    params: Vec<Rc<str>>,
    directives: HashMap<Rc<str>, Span>,
    is_generator: bool,
    comp_kind: &'static str,
    comp_async: bool,
    res: HashMap<Rc<str>, Res>,
    free: Vec<Rc<str>>,
    local_names: Vec<Rc<str>>,
    cellvars: Vec<Rc<str>>,
    freevars: Vec<(Rc<str>, NameScope)>,
}

impl Table {
    fn new(kind: Kind, parent: Option<usize>) -> Self {
        Table {
            kind,
            parent,
            children: Vec::new(),
            syms: Vec::new(),
            index: HashMap::new(),
            params: Vec::new(),
            directives: HashMap::new(),
            is_generator: false,
            comp_kind: "",
            comp_async: false,
            res: HashMap::new(),
            free: Vec::new(),
            local_names: Vec::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
        }
    }

    fn flags(&self, name: &str) -> u32 {
        self.index.get(name).map_or(0, |&i| self.syms[i].1)
    }

    fn add(&mut self, name: &Rc<str>, flag: u32) {
        match self.index.get(name) {
            Some(&i) => self.syms[i].1 |= flag,
            None => {
                self.index.insert(name.clone(), self.syms.len());
                self.syms.push((name.clone(), flag));
            }
        }
    }

    fn cell_index(&self, name: &str) -> Option<u32> {
        self.cellvars
            .iter()
            .position(|n| &**n == name)
            .or_else(|| {
                self.freevars
                    .iter()
                    .position(|(n, _)| &**n == name)
                    .map(|i| i + self.cellvars.len())
            })
            .map(|i| i as u32)
    }

    fn scope(&self) -> Scope {
        Scope {
            local_names: self.local_names.clone(),
            cellvars: self.cellvars.clone(),
            freevars: self.freevars.clone(),
            is_generator: self.is_generator,
        }
    }

    /// How a name is reached from code running in this scope.
    fn lookup(&self, name: &str) -> NameScope {
        let res = self.res.get(name).copied().unwrap_or(Res::GlobalImplicit);
        match self.kind {
            Kind::Module => NameScope::Global,
            Kind::Class => match res {
                Res::Local | Res::GlobalImplicit => NameScope::ClassBody,
                Res::GlobalExplicit => NameScope::Global,
                Res::Cell | Res::Free => self
                    .cell_index(name)
                    .map_or(NameScope::ClassBody, NameScope::Cell),
            },
            Kind::Function | Kind::Comprehension => match res {
                Res::Local => self
                    .local_names
                    .iter()
                    .position(|n| &**n == name)
                    .map_or(NameScope::Global, |i| NameScope::Local(i as u32)),
                Res::Cell | Res::Free => self
                    .cell_index(name)
                    .map_or(NameScope::Global, NameScope::Cell),
                Res::GlobalExplicit | Res::GlobalImplicit => NameScope::Global,
            },
        }
    }
}

fn err(msg: impl Into<String>, span: Span) -> SyntaxError {
    SyntaxError::new(msg, span)
}

// ---------------------------------------------------------------------------------------
// Pass 1: build the symbol tables.

#[derive(Default)]
struct Builder {
    tables: Vec<Table>,
    cur: usize,
    /// Depth of comprehension iterable expressions being visited.
    in_comp_iter: usize,
}

impl Builder {
    fn table(&mut self) -> &mut Table {
        &mut self.tables[self.cur]
    }

    fn push(&mut self, kind: Kind) -> usize {
        let id = self.tables.len();
        self.tables.push(Table::new(kind, Some(self.cur)));
        self.tables[self.cur].children.push(id);
        self.cur = id;
        id
    }

    fn bind(&mut self, name: &Rc<str>) {
        self.table().add(name, DEF_LOCAL);
    }

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), SyntaxError> {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), SyntaxError> {
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Assign { targets, value } => {
                targets.iter().try_for_each(|t| self.target(t))?;
                self.expr(value)
            }
            StmtKind::AugAssign { target, value, .. } => {
                if let ExprKind::Name { id, .. } = &target.kind {
                    self.table().add(id, DEF_LOCAL | USE);
                } else {
                    self.target(target)?;
                }
                self.expr(value)
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                if let ExprKind::Name { id, .. } = &target.kind {
                    let flags = self.table().flags(id);
                    if flags & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && *simple {
                        let what = if flags & DEF_GLOBAL != 0 {
                            "global"
                        } else {
                            "nonlocal"
                        };
                        return Err(err(
                            format!("annotated name '{id}' can't be {what}"),
                            target.span,
                        ));
                    }
                    let extra = if *simple { DEF_ANNOT } else { 0 };
                    self.table().add(id, DEF_LOCAL | extra);
                } else {
                    self.target(target)?;
                }
                self.expr(annotation)?;
                if let Some(v) = value {
                    self.expr(v)?;
                }
                Ok(())
            }
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body)?;
                self.stmts(orelse)
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.target(target)?;
                self.expr(iter)?;
                self.stmts(body)?;
                self.stmts(orelse)
            }
            StmtKind::With { items, body, .. } => {
                for it in items {
                    self.expr(&it.context_expr)?;
                    if let Some(v) = &it.optional_vars {
                        self.target(v)?;
                    }
                }
                self.stmts(body)
            }
            StmtKind::FunctionDef(f) => {
                self.bind(&f.name);
                self.function(f, false)
            }
            StmtKind::ClassDef(c) => {
                self.bind(&c.name);
                for b in &c.bases {
                    self.expr(b)?;
                }
                for d in &c.decorators {
                    self.expr(d)?;
                }
                let saved = self.cur;
                self.push(Kind::Class);
                self.stmts(&c.body)?;
                self.cur = saved;
                Ok(())
            }
            StmtKind::Return(v) => v.as_ref().map_or(Ok(()), |v| self.expr(v)),
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => Ok(()),
            StmtKind::Global(names) => {
                for n in names {
                    let flags = self.table().flags(n);
                    if flags & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if flags & DEF_PARAM != 0 {
                            format!("name '{n}' is parameter and global")
                        } else if flags & USE != 0 {
                            format!("name '{n}' is used prior to global declaration")
                        } else if flags & DEF_ANNOT != 0 {
                            format!("annotated name '{n}' can't be global")
                        } else {
                            format!("name '{n}' is assigned to before global declaration")
                        };
                        return Err(err(msg, s.span));
                    }
                    self.table().add(n, DEF_GLOBAL);
                    self.table().directives.entry(n.clone()).or_insert(s.span);
                }
                Ok(())
            }
            StmtKind::Nonlocal(names) => {
                for n in names {
                    let flags = self.table().flags(n);
                    if flags & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if flags & DEF_PARAM != 0 {
                            format!("name '{n}' is parameter and nonlocal")
                        } else if flags & USE != 0 {
                            format!("name '{n}' is used prior to nonlocal declaration")
                        } else if flags & DEF_ANNOT != 0 {
                            format!("annotated name '{n}' can't be nonlocal")
                        } else {
                            format!("name '{n}' is assigned to before nonlocal declaration")
                        };
                        return Err(err(msg, s.span));
                    }
                    self.table().add(n, DEF_NONLOCAL);
                    self.table().directives.entry(n.clone()).or_insert(s.span);
                }
                Ok(())
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                ..
            } => {
                self.stmts(body)?;
                for h in handlers {
                    if let Some(t) = &h.type_ {
                        self.expr(t)?;
                    }
                    if let Some((n, _)) = &h.name {
                        self.bind(n);
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(orelse)?;
                self.stmts(finalbody)
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.expr(e)?;
                }
                if let Some(c) = cause {
                    self.expr(c)?;
                }
                Ok(())
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                msg.as_ref().map_or(Ok(()), |m| self.expr(m))
            }
            StmtKind::Delete(targets) => targets.iter().try_for_each(|t| self.target(t)),
            StmtKind::Import(names) | StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    let bound: Rc<str> = match &a.asname {
                        Some(n) => n.clone(),
                        None => Rc::from(a.name.split('.').next().unwrap_or(&a.name)),
                    };
                    self.bind(&bound);
                }
                Ok(())
            }
        }
    }

    /// Defaults and annotations in the enclosing scope, then the function's own scope.
    fn function(&mut self, f: &FunctionDef, lambda: bool) -> Result<(), SyntaxError> {
        let p = &f.params;
        for a in p.posonly.iter().chain(&p.args).chain(&p.kwonly) {
            if let Some(d) = &a.default {
                self.expr(d)?;
            }
        }
        for a in all_params(p) {
            if let Some(an) = &a.annotation {
                self.expr(an)?;
            }
        }
        if let Some(r) = &f.returns {
            self.expr(r)?;
        }
        for d in &f.decorators {
            self.expr(d)?;
        }
        let saved = self.cur;
        self.push(Kind::Function);
        for a in all_params(p) {
            if self.table().flags(&a.name) & DEF_PARAM != 0 {
                return Err(err(
                    format!("duplicate argument '{}' in function definition", a.name),
                    a.span,
                ));
            }
            self.table().add(&a.name, DEF_PARAM);
            self.table().params.push(a.name.clone());
        }
        let _ = lambda;
        self.stmts(&f.body)?;
        self.cur = saved;
        Ok(())
    }

    fn comprehension(&mut self, c: &Comprehension, kind: &'static str) -> Result<(), SyntaxError> {
        let Some(first) = c.generators.first() else {
            return Ok(());
        };
        self.in_comp_iter += 1;
        self.expr(&first.iter)?;
        self.in_comp_iter -= 1;
        let saved = self.cur;
        let id = self.push(Kind::Comprehension);
        let dot0: Rc<str> = Rc::from(".0");
        self.table().add(&dot0, DEF_PARAM);
        self.table().params.push(dot0);
        self.table().comp_kind = kind;
        self.table().is_generator = kind == "generator expression";
        for (i, g) in c.generators.iter().enumerate() {
            if g.is_async {
                self.table().comp_async = true;
            }
            if i > 0 {
                self.in_comp_iter += 1;
                self.expr(&g.iter)?;
                self.in_comp_iter -= 1;
            }
            self.comp_target(&g.target)?;
            for cond in &g.ifs {
                self.expr(cond)?;
            }
        }
        self.expr(&c.elt)?;
        if let Some(v) = &c.value {
            self.expr(v)?;
        }
        self.cur = saved;
        // An awaited (non-generator) async comprehension makes its enclosing one async too.
        if self.tables[id].comp_async
            && kind != "generator expression"
            && self.tables[saved].kind == Kind::Comprehension
        {
            self.tables[saved].comp_async = true;
        }
        Ok(())
    }

    fn comp_target(&mut self, t: &Expr) -> Result<(), SyntaxError> {
        match &t.kind {
            ExprKind::Name { id, .. } => {
                self.table().add(id, DEF_LOCAL | DEF_COMP_ITER);
                Ok(())
            }
            ExprKind::Tuple(elts) | ExprKind::List(elts) => {
                elts.iter().try_for_each(|e| self.comp_target(e))
            }
            ExprKind::Starred(v) => self.comp_target(v),
            _ => self.target(t),
        }
    }

    /// A store/delete target: names are bound, other parts are evaluated.
    fn target(&mut self, t: &Expr) -> Result<(), SyntaxError> {
        match &t.kind {
            ExprKind::Name { id, .. } => {
                self.bind(id);
                Ok(())
            }
            ExprKind::Tuple(elts) | ExprKind::List(elts) => {
                elts.iter().try_for_each(|e| self.target(e))
            }
            ExprKind::Starred(v) => self.target(v),
            ExprKind::Attribute { value, .. } => self.expr(value),
            ExprKind::Subscript { value, slice } => {
                self.expr(value)?;
                self.expr(slice)
            }
            _ => self.expr(t),
        }
    }

    fn named_expr_target(&mut self, id: &Rc<str>, span: Span) -> Result<(), SyntaxError> {
        if self.in_comp_iter > 0 {
            return Err(err(
                "assignment expression cannot be used in a comprehension iterable expression",
                span,
            ));
        }
        if self.table().kind != Kind::Comprehension {
            self.bind(id);
            return Ok(());
        }
        // Walrus in a comprehension binds in the nearest enclosing non-comprehension scope.
        let mut chain = Vec::new();
        let mut t = self.cur;
        while self.tables[t].kind == Kind::Comprehension {
            if self.tables[t].flags(id) & DEF_COMP_ITER != 0 {
                return Err(err(
                    format!(
                        "assignment expression cannot rebind comprehension iteration variable '{id}'"
                    ),
                    span,
                ));
            }
            chain.push(t);
            t = self.tables[t].parent.unwrap_or(0);
        }
        match self.tables[t].kind {
            Kind::Class => Err(err(
                "assignment expression within a comprehension cannot be used in a class body",
                span,
            )),
            Kind::Module => {
                for c in chain {
                    self.tables[c].add(id, DEF_GLOBAL);
                }
                self.tables[t].add(id, DEF_LOCAL);
                Ok(())
            }
            _ => {
                for c in chain {
                    self.tables[c].add(id, DEF_NONLOCAL);
                    self.tables[c].directives.entry(id.clone()).or_insert(span);
                }
                self.tables[t].add(id, DEF_LOCAL);
                Ok(())
            }
        }
    }

    fn expr(&mut self, e: &Expr) -> Result<(), SyntaxError> {
        match &e.kind {
            ExprKind::Name { id, .. } => {
                self.table().add(id, USE);
                Ok(())
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                if let ExprKind::Name { id, .. } = &target.kind {
                    self.named_expr_target(id, target.span)?;
                }
                Ok(())
            }
            ExprKind::Lambda(f) => self.function(f, true),
            ExprKind::ListComp(c) => self.comprehension(c, "list comprehension"),
            ExprKind::SetComp(c) => self.comprehension(c, "set comprehension"),
            ExprKind::DictComp(c) => self.comprehension(c, "dict comprehension"),
            ExprKind::GeneratorExp(c) => self.comprehension(c, "generator expression"),
            ExprKind::Yield(_) | ExprKind::YieldFrom(_) => {
                let t = self.table();
                if t.kind == Kind::Comprehension {
                    return Err(err(format!("'yield' inside {}", t.comp_kind), e.span));
                }
                t.is_generator = true;
                match &e.kind {
                    ExprKind::Yield(Some(v)) | ExprKind::YieldFrom(v) => self.expr(v),
                    _ => Ok(()),
                }
            }
            ExprKind::Await(v) => {
                if self.table().kind == Kind::Comprehension {
                    self.table().comp_async = true;
                }
                self.expr(v)
            }
            _ => walk_children(e, &mut |c| self.expr(c)),
        }
    }
}

fn all_params(p: &Parameters) -> impl Iterator<Item = &super::ast::Param> {
    p.posonly
        .iter()
        .chain(&p.args)
        .chain(&p.vararg)
        .chain(&p.kwonly)
        .chain(&p.kwarg)
}

/// Calls `f` on the direct sub-expressions of expressions that open no scope and bind
/// nothing.
fn walk_children(
    e: &Expr,
    f: &mut dyn FnMut(&Expr) -> Result<(), SyntaxError>,
) -> Result<(), SyntaxError> {
    match &e.kind {
        ExprKind::BoolOp { values, .. } => values.iter().try_for_each(f),
        ExprKind::BinOp { left, right, .. } => {
            f(left)?;
            f(right)
        }
        ExprKind::UnaryOp { operand, .. } => f(operand),
        ExprKind::IfExp { test, body, orelse } => {
            f(test)?;
            f(body)?;
            f(orelse)
        }
        ExprKind::Dict { keys, values } => {
            keys.iter().flatten().try_for_each(&mut *f)?;
            values.iter().try_for_each(f)
        }
        ExprKind::Set(elts) | ExprKind::List(elts) | ExprKind::Tuple(elts) => {
            elts.iter().try_for_each(f)
        }
        ExprKind::Compare {
            left, comparators, ..
        } => {
            f(left)?;
            comparators.iter().try_for_each(f)
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            f(func)?;
            args.iter().try_for_each(&mut *f)?;
            keywords.iter().try_for_each(|k| f(&k.value))
        }
        ExprKind::JoinedStr(parts) => fstring_children(parts, f),
        ExprKind::Attribute { value, .. } | ExprKind::Starred(value) => f(value),
        ExprKind::Subscript { value, slice } => {
            f(value)?;
            f(slice)
        }
        ExprKind::Slice { lower, upper, step } => {
            for x in [lower, upper, step].into_iter().flatten() {
                f(x)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn fstring_children(
    parts: &[FStringPart],
    f: &mut dyn FnMut(&Expr) -> Result<(), SyntaxError>,
) -> Result<(), SyntaxError> {
    for p in parts {
        if let FStringPart::Formatted {
            value, format_spec, ..
        } = p
        {
            f(value)?;
            if let Some(spec) = format_spec {
                fstring_children(spec, f)?;
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Pass 2: analysis.

fn directive(t: &Table, name: &str) -> Span {
    t.directives.get(name).copied().unwrap_or_default()
}

fn analyze(
    tables: &mut [Table],
    id: usize,
    bound: &HashSet<Rc<str>>,
    global: &HashSet<Rc<str>>,
) -> Result<Vec<Rc<str>>, SyntaxError> {
    let kind = tables[id].kind;
    let mut local: HashSet<Rc<str>> = HashSet::new();
    let mut newbound = bound.clone();
    let mut newglobal = global.clone();
    let mut free: Vec<Rc<str>> = Vec::new();
    let syms = tables[id].syms.clone();
    for (name, flags) in &syms {
        let res = if flags & DEF_GLOBAL != 0 {
            if flags & DEF_NONLOCAL != 0 {
                return Err(err(
                    format!("name '{name}' is nonlocal and global"),
                    directive(&tables[id], name),
                ));
            }
            newglobal.insert(name.clone());
            newbound.remove(name);
            Res::GlobalExplicit
        } else if flags & DEF_NONLOCAL != 0 {
            if kind == Kind::Module {
                return Err(err(
                    "nonlocal declaration not allowed at module level",
                    directive(&tables[id], name),
                ));
            }
            if !bound.contains(name) {
                return Err(err(
                    format!("no binding for nonlocal '{name}' found"),
                    directive(&tables[id], name),
                ));
            }
            free.push(name.clone());
            Res::Free
        } else if flags & (DEF_LOCAL | DEF_PARAM) != 0 {
            local.insert(name.clone());
            newglobal.remove(name);
            Res::Local
        } else if kind != Kind::Module && bound.contains(name) {
            free.push(name.clone());
            Res::Free
        } else {
            Res::GlobalImplicit
        };
        tables[id].res.insert(name.clone(), res);
    }
    match kind {
        Kind::Function | Kind::Comprehension => newbound.extend(local.iter().cloned()),
        Kind::Class => {}
        Kind::Module => newbound.clear(),
    }
    let children = tables[id].children.clone();
    let mut child_free: Vec<Rc<str>> = Vec::new();
    for c in children {
        for n in analyze(tables, c, &newbound, &newglobal)? {
            if !child_free.contains(&n) {
                child_free.push(n);
            }
        }
    }
    for n in child_free {
        let t = &mut tables[id];
        match (kind, t.res.get(&n).copied()) {
            (Kind::Function | Kind::Comprehension, Some(Res::Local | Res::Cell)) => {
                t.res.insert(n, Res::Cell);
            }
            (Kind::Class, Some(Res::Local)) => {
                if !free.contains(&n) {
                    free.push(n);
                }
            }
            _ => {
                t.res.insert(n.clone(), Res::Free);
                if !free.contains(&n) {
                    free.push(n);
                }
            }
        }
    }
    tables[id].free = free.clone();
    Ok(free)
}

/// Assigns local slots and cells; freevars point at the parent's cells.
fn layout(tables: &mut [Table], id: usize) {
    let t = &tables[id];
    let mut local_names = Vec::new();
    let mut cellvars = Vec::new();
    if matches!(t.kind, Kind::Function | Kind::Comprehension) {
        local_names = t.params.clone();
        for (name, _) in &t.syms {
            match t.res.get(name) {
                Some(Res::Local) if !t.params.contains(name) => local_names.push(name.clone()),
                Some(Res::Cell) => cellvars.push(name.clone()),
                _ => {}
            }
        }
    }
    let free = t.free.clone();
    let parent = t.parent;
    let freevars = free
        .into_iter()
        .map(|n| {
            let how = parent
                .and_then(|p| tables[p].cell_index(&n))
                .map_or(NameScope::Unresolved, NameScope::Cell);
            (n, how)
        })
        .collect();
    let t = &mut tables[id];
    t.local_names = local_names;
    t.cellvars = cellvars;
    t.freevars = freevars;
}

// ---------------------------------------------------------------------------------------
// Pass 3: write the results into the AST (same traversal order as the builder).

struct Applier<'t> {
    tables: &'t [Table],
    cur: usize,
    next: usize,
}

impl Applier<'_> {
    fn name(&self, id: &str) -> NameScope {
        self.tables[self.cur].lookup(id)
    }

    fn stmts(&mut self, body: &mut [Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &mut Stmt) {
        match &mut s.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Assign { targets, value } => {
                targets.iter_mut().for_each(|t| self.expr(t));
                self.expr(value);
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target);
                self.expr(value);
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                ..
            } => {
                self.expr(target);
                self.expr(annotation);
                if let Some(v) = value {
                    self.expr(v);
                }
            }
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                self.expr(test);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(target);
                self.expr(iter);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::With { items, body, .. } => {
                for it in items.iter_mut() {
                    self.expr(&mut it.context_expr);
                    if let Some(v) = &mut it.optional_vars {
                        self.expr(v);
                    }
                }
                self.stmts(body);
            }
            StmtKind::FunctionDef(f) => {
                let f = Rc::make_mut(f);
                self.function(f);
                f.name_scope = self.name(&f.name);
            }
            StmtKind::ClassDef(c) => {
                let c = Rc::make_mut(c);
                c.bases.iter_mut().for_each(|b| self.expr(b));
                c.decorators.iter_mut().for_each(|d| self.expr(d));
                c.name_scope = self.name(&c.name);
                let saved = self.cur;
                self.cur = self.next;
                self.next += 1;
                self.stmts(&mut c.body);
                c.scope = self.tables[self.cur].scope();
                self.cur = saved;
            }
            StmtKind::Return(v) => {
                if let Some(v) = v {
                    self.expr(v);
                }
            }
            StmtKind::Pass
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Global(_)
            | StmtKind::Nonlocal(_) => {}
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                ..
            } => {
                self.stmts(body);
                for h in handlers.iter_mut() {
                    if let Some(t) = &mut h.type_ {
                        self.expr(t);
                    }
                    if let Some((n, scope)) = &mut h.name {
                        *scope = self.name(n);
                    }
                    self.stmts(&mut h.body);
                }
                self.stmts(orelse);
                self.stmts(finalbody);
            }
            StmtKind::Raise { exc, cause } => {
                for x in [exc, cause].into_iter().flatten() {
                    self.expr(x);
                }
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test);
                if let Some(m) = msg {
                    self.expr(m);
                }
            }
            StmtKind::Delete(targets) => targets.iter_mut().for_each(|t| self.expr(t)),
            StmtKind::Import(names) | StmtKind::ImportFrom { names, .. } => {
                for a in names.iter_mut() {
                    let bound = match &a.asname {
                        Some(n) => n.to_string(),
                        None => a.name.split('.').next().unwrap_or(&a.name).to_string(),
                    };
                    a.scope = self.name(&bound);
                }
            }
        }
    }

    fn function(&mut self, f: &mut FunctionDef) {
        let p = &mut f.params;
        for a in p
            .posonly
            .iter_mut()
            .chain(p.args.iter_mut())
            .chain(p.kwonly.iter_mut())
        {
            if let Some(d) = &mut a.default {
                self.expr(d);
            }
        }
        for a in all_params_mut(p) {
            if let Some(an) = &mut a.annotation {
                self.expr(an);
            }
        }
        if let Some(r) = &mut f.returns {
            self.expr(r);
        }
        f.decorators.iter_mut().for_each(|d| self.expr(d));
        let saved = self.cur;
        self.cur = self.next;
        self.next += 1;
        for a in all_params_mut(&mut f.params) {
            a.scope = self.name(&a.name);
        }
        self.stmts(&mut f.body);
        f.scope = self.tables[self.cur].scope();
        self.cur = saved;
    }

    fn comprehension(&mut self, c: &mut Comprehension) {
        if c.generators.is_empty() {
            return;
        }
        self.expr(&mut c.generators[0].iter);
        let saved = self.cur;
        self.cur = self.next;
        self.next += 1;
        for (i, g) in c.generators.iter_mut().enumerate() {
            if i > 0 {
                self.expr(&mut g.iter);
            }
            self.expr(&mut g.target);
            g.ifs.iter_mut().for_each(|x| self.expr(x));
        }
        self.expr(&mut c.elt);
        if let Some(v) = &mut c.value {
            self.expr(v);
        }
        let t = &self.tables[self.cur];
        c.scope = t.scope();
        c.is_async = t.comp_async;
        self.cur = saved;
    }

    fn expr(&mut self, e: &mut Expr) {
        match &mut e.kind {
            ExprKind::Name { id, scope } => *scope = self.name(id),
            ExprKind::NamedExpr { target, value } => {
                self.expr(value);
                self.expr(target);
            }
            ExprKind::Lambda(f) => self.function(Rc::make_mut(f)),
            ExprKind::ListComp(c)
            | ExprKind::SetComp(c)
            | ExprKind::DictComp(c)
            | ExprKind::GeneratorExp(c) => self.comprehension(Rc::make_mut(c)),
            ExprKind::Yield(Some(v)) | ExprKind::YieldFrom(v) | ExprKind::Await(v) => self.expr(v),
            ExprKind::Yield(None) | ExprKind::Constant(_) => {}
            ExprKind::BoolOp { values, .. } => values.iter_mut().for_each(|v| self.expr(v)),
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand),
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test);
                self.expr(body);
                self.expr(orelse);
            }
            ExprKind::Dict { keys, values } => {
                keys.iter_mut().flatten().for_each(|k| self.expr(k));
                values.iter_mut().for_each(|v| self.expr(v));
            }
            ExprKind::Set(elts) | ExprKind::List(elts) | ExprKind::Tuple(elts) => {
                elts.iter_mut().for_each(|x| self.expr(x))
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left);
                comparators.iter_mut().for_each(|x| self.expr(x));
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func);
                args.iter_mut().for_each(|x| self.expr(x));
                keywords.iter_mut().for_each(|k| self.expr(&mut k.value));
            }
            ExprKind::JoinedStr(parts) => self.fstring(parts),
            ExprKind::Attribute { value, .. } | ExprKind::Starred(value) => self.expr(value),
            ExprKind::Subscript { value, slice } => {
                self.expr(value);
                self.expr(slice);
            }
            ExprKind::Slice { lower, upper, step } => {
                for x in [lower, upper, step].into_iter().flatten() {
                    self.expr(x);
                }
            }
        }
    }

    fn fstring(&mut self, parts: &mut [FStringPart]) {
        for p in parts {
            if let FStringPart::Formatted {
                value, format_spec, ..
            } = p
            {
                self.expr(value);
                if let Some(spec) = format_spec {
                    self.fstring(spec);
                }
            }
        }
    }
}

fn all_params_mut(p: &mut Parameters) -> impl Iterator<Item = &mut super::ast::Param> {
    p.posonly
        .iter_mut()
        .chain(p.args.iter_mut())
        .chain(p.vararg.iter_mut())
        .chain(p.kwonly.iter_mut())
        .chain(p.kwarg.iter_mut())
}

// ---------------------------------------------------------------------------------------
// Pass 4: the compiler's context checks.

#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Ctx {
    #[default]
    Module,
    Class,
    Sync,
    Async,
    Comprehension,
}

#[derive(Default)]
struct Checker {
    ctx: Ctx,
    in_loop: bool,
    async_generator: bool,
}

impl Checker {
    fn stmts(&mut self, body: &[Stmt]) -> Result<(), SyntaxError> {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn in_function(&self) -> bool {
        matches!(self.ctx, Ctx::Sync | Ctx::Async | Ctx::Comprehension)
    }

    fn with_scope(
        &mut self,
        ctx: Ctx,
        async_generator: bool,
        f: impl FnOnce(&mut Self) -> Result<(), SyntaxError>,
    ) -> Result<(), SyntaxError> {
        let saved = (self.ctx, self.in_loop, self.async_generator);
        self.ctx = ctx;
        self.in_loop = false;
        self.async_generator = async_generator;
        let r = f(self);
        (self.ctx, self.in_loop, self.async_generator) = saved;
        r
    }

    fn loop_body(&mut self, body: &[Stmt]) -> Result<(), SyntaxError> {
        let saved = self.in_loop;
        self.in_loop = true;
        let r = self.stmts(body);
        self.in_loop = saved;
        r
    }

    fn assign_target(&mut self, t: &Expr) -> Result<(), SyntaxError> {
        match &t.kind {
            ExprKind::Starred(_) => Err(err(
                "starred assignment target must be in a list or tuple",
                t.span,
            )),
            ExprKind::Tuple(elts) | ExprKind::List(elts) => {
                let stars = elts
                    .iter()
                    .filter(|e| matches!(e.kind, ExprKind::Starred(_)))
                    .count();
                if stars > 1 {
                    return Err(err("multiple starred expressions in assignment", t.span));
                }
                for e in elts {
                    match &e.kind {
                        ExprKind::Starred(inner) => self.assign_target(inner)?,
                        _ => self.assign_target(e)?,
                    }
                }
                Ok(())
            }
            _ => self.expr(t),
        }
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), SyntaxError> {
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Assign { targets, value } => {
                for t in targets {
                    self.assign_target(t)?;
                }
                self.expr(value)
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target)?;
                self.expr(value)
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                ..
            } => {
                self.expr(target)?;
                self.expr(annotation)?;
                value.as_ref().map_or(Ok(()), |v| self.expr(v))
            }
            StmtKind::If { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body)?;
                self.stmts(orelse)
            }
            StmtKind::While { test, body, orelse } => {
                self.expr(test)?;
                self.loop_body(body)?;
                self.stmts(orelse)
            }
            StmtKind::For {
                is_async,
                target,
                iter,
                body,
                orelse,
            } => {
                if *is_async && self.ctx != Ctx::Async {
                    return Err(err("'async for' outside async function", s.span));
                }
                self.assign_target(target)?;
                self.expr(iter)?;
                self.loop_body(body)?;
                self.stmts(orelse)
            }
            StmtKind::With {
                is_async,
                items,
                body,
            } => {
                if *is_async && self.ctx != Ctx::Async {
                    return Err(err("'async with' outside async function", s.span));
                }
                for it in items {
                    self.expr(&it.context_expr)?;
                    if let Some(v) = &it.optional_vars {
                        self.assign_target(v)?;
                    }
                }
                self.stmts(body)
            }
            StmtKind::FunctionDef(f) => self.function(f),
            StmtKind::ClassDef(c) => {
                for e in c.decorators.iter().chain(&c.bases) {
                    self.expr(e)?;
                }
                self.with_scope(Ctx::Class, false, |me| me.stmts(&c.body))
            }
            StmtKind::Return(v) => {
                if !matches!(self.ctx, Ctx::Sync | Ctx::Async) {
                    return Err(err("'return' outside function", s.span));
                }
                if v.is_some() && self.async_generator {
                    return Err(err("'return' with value in async generator", s.span));
                }
                v.as_ref().map_or(Ok(()), |v| self.expr(v))
            }
            StmtKind::Break if !self.in_loop => Err(err("'break' outside loop", s.span)),
            StmtKind::Continue if !self.in_loop => {
                Err(err("'continue' not properly in loop", s.span))
            }
            StmtKind::Pass
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Global(_)
            | StmtKind::Nonlocal(_)
            | StmtKind::Import(_)
            | StmtKind::ImportFrom { .. } => Ok(()),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                ..
            } => {
                self.stmts(body)?;
                for h in handlers {
                    if let Some(t) = &h.type_ {
                        self.expr(t)?;
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(orelse)?;
                self.stmts(finalbody)
            }
            StmtKind::Raise { exc, cause } => {
                for x in [exc, cause].into_iter().flatten() {
                    self.expr(x)?;
                }
                Ok(())
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                msg.as_ref().map_or(Ok(()), |m| self.expr(m))
            }
            StmtKind::Delete(targets) => targets.iter().try_for_each(|t| self.expr(t)),
        }
    }

    fn function(&mut self, f: &FunctionDef) -> Result<(), SyntaxError> {
        for d in &f.decorators {
            self.expr(d)?;
        }
        for a in all_params(&f.params) {
            if let Some(d) = &a.default {
                self.expr(d)?;
            }
        }
        let ctx = if f.is_async { Ctx::Async } else { Ctx::Sync };
        let async_gen = f.is_async && f.scope.is_generator;
        self.with_scope(ctx, async_gen, |me| me.stmts(&f.body))
    }

    fn comprehension(
        &mut self,
        c: &Comprehension,
        genexp: bool,
        span: Span,
    ) -> Result<(), SyntaxError> {
        if c.is_async && !genexp && !matches!(self.ctx, Ctx::Async | Ctx::Comprehension) {
            return Err(err(
                "asynchronous comprehension outside of an asynchronous function",
                span,
            ));
        }
        if let Some(first) = c.generators.first() {
            self.expr(&first.iter)?;
        }
        self.with_scope(Ctx::Comprehension, false, |me| {
            for (i, g) in c.generators.iter().enumerate() {
                if i > 0 {
                    me.expr(&g.iter)?;
                }
                me.assign_target(&g.target)?;
                for x in &g.ifs {
                    me.expr(x)?;
                }
            }
            me.expr(&c.elt)?;
            c.value.as_ref().map_or(Ok(()), |v| me.expr(v))
        })
    }

    /// Elements of displays and call arguments may be starred; nothing else may.
    fn elements(&mut self, elts: &[Expr]) -> Result<(), SyntaxError> {
        for x in elts {
            match &x.kind {
                ExprKind::Starred(inner) => self.expr(inner)?,
                _ => self.expr(x)?,
            }
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Result<(), SyntaxError> {
        match &e.kind {
            ExprKind::Starred(_) => Err(err("can't use starred expression here", e.span)),
            ExprKind::Tuple(elts) | ExprKind::List(elts) | ExprKind::Set(elts) => {
                self.elements(elts)
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func)?;
                self.elements(args)?;
                keywords.iter().try_for_each(|k| self.expr(&k.value))
            }
            ExprKind::Lambda(f) => {
                for a in all_params(&f.params) {
                    if let Some(d) = &a.default {
                        self.expr(d)?;
                    }
                }
                self.with_scope(Ctx::Sync, false, |me| me.stmts(&f.body))
            }
            ExprKind::ListComp(c) | ExprKind::SetComp(c) | ExprKind::DictComp(c) => {
                self.comprehension(c, false, e.span)
            }
            ExprKind::GeneratorExp(c) => self.comprehension(c, true, e.span),
            ExprKind::Yield(v) => {
                if !self.in_function() {
                    return Err(err("'yield' outside function", e.span));
                }
                v.as_ref().map_or(Ok(()), |v| self.expr(v))
            }
            ExprKind::YieldFrom(v) => {
                if !self.in_function() {
                    return Err(err("'yield' outside function", e.span));
                }
                if self.ctx == Ctx::Async {
                    return Err(err("'yield from' inside async function", e.span));
                }
                self.expr(v)
            }
            ExprKind::Await(v) => {
                match self.ctx {
                    Ctx::Module | Ctx::Class => {
                        return Err(err("'await' outside function", e.span))
                    }
                    Ctx::Sync => return Err(err("'await' outside async function", e.span)),
                    Ctx::Async | Ctx::Comprehension => {}
                }
                self.expr(v)
            }
            ExprKind::NamedExpr { value, .. } => self.expr(value),
            _ => walk_children(e, &mut |c| self.expr(c)),
        }
    }
}
