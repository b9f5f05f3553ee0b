//! A normalised text dump of the AST, in exactly the format `tests/tools/ast_dump.py` prints
//! for CPython's `ast` module: `Type(field=value, ...)`, field names and order as CPython's,
//! with `ctx`, `type_comment`, `kind` and positions left out, strings escaped as `\u{hex}`
//! outside printable ASCII, floats shown by their IEEE bits. One top-level statement per line.
//!
//! Useful for debugging (`dump_module(&parse_module(src)?)`) and for the syntax conformance
//! test, which compares it with CPython's dump of the same file.

use super::ast::{
    Alias, BinOp, BoolOpKind, CmpOp, Comprehension, Constant, ExceptHandler, Expr, ExprKind,
    FStringPart, FunctionDef, Keyword, Module, Param, Parameters, Stmt, StmtKind, UnaryOpKind,
    WithItem,
};

/// Dumps a module, one line per top-level statement.
pub fn dump_module(m: &Module) -> String {
    let mut out = String::new();
    for s in &m.body {
        out.push_str(&dump_stmt(s));
        out.push('\n');
    }
    out
}

/// A node: `Name(f1=v1, f2=v2)`.
fn node(name: &str, fields: &[(&str, String)]) -> String {
    let inner: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{name}({})", inner.join(", "))
}

fn list<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    let inner: Vec<String> = items.iter().map(f).collect();
    format!("[{}]", inner.join(", "))
}

fn opt<T>(x: &Option<T>, f: impl Fn(&T) -> String) -> String {
    x.as_ref().map_or_else(|| "None".to_string(), f)
}

fn esc_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if (' '..'\x7f').contains(&c) && c != '"' && c != '\\' {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    out.push('"');
    out
}

fn esc_bytes(b: &[u8]) -> String {
    let mut out = String::from("b\"");
    for &c in b {
        if (0x20..0x7f).contains(&c) && c != b'"' && c != b'\\' {
            out.push(c as char);
        } else {
            out.push_str(&format!("\\x{c:02x}"));
        }
    }
    out.push('"');
    out
}

fn name(s: &str) -> String {
    esc_str(s)
}

fn stmts(body: &[Stmt]) -> String {
    list(body, dump_stmt)
}

/// Dumps one statement.
pub fn dump_stmt(s: &Stmt) -> String {
    match &s.kind {
        StmtKind::Expr(e) => node("Expr", &[("value", dump_expr(e))]),
        StmtKind::Assign { targets, value } => node(
            "Assign",
            &[
                ("targets", list(targets, dump_expr)),
                ("value", dump_expr(value)),
            ],
        ),
        StmtKind::AugAssign { target, op, value } => node(
            "AugAssign",
            &[
                ("target", dump_expr(target)),
                ("op", binop(*op)),
                ("value", dump_expr(value)),
            ],
        ),
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
            simple,
        } => node(
            "AnnAssign",
            &[
                ("target", dump_expr(target)),
                ("annotation", dump_expr(annotation)),
                ("value", opt(value, dump_expr)),
                ("simple", (*simple as u8).to_string()),
            ],
        ),
        StmtKind::If { test, body, orelse } => node(
            "If",
            &[
                ("test", dump_expr(test)),
                ("body", stmts(body)),
                ("orelse", stmts(orelse)),
            ],
        ),
        StmtKind::While { test, body, orelse } => node(
            "While",
            &[
                ("test", dump_expr(test)),
                ("body", stmts(body)),
                ("orelse", stmts(orelse)),
            ],
        ),
        StmtKind::For {
            is_async,
            target,
            iter,
            body,
            orelse,
        } => node(
            if *is_async { "AsyncFor" } else { "For" },
            &[
                ("target", dump_expr(target)),
                ("iter", dump_expr(iter)),
                ("body", stmts(body)),
                ("orelse", stmts(orelse)),
            ],
        ),
        StmtKind::With {
            is_async,
            items,
            body,
        } => node(
            if *is_async { "AsyncWith" } else { "With" },
            &[("items", list(items, withitem)), ("body", stmts(body))],
        ),
        StmtKind::FunctionDef(f) => funcdef(f),
        StmtKind::ClassDef(c) => node(
            "ClassDef",
            &[
                ("name", name(&c.name)),
                ("bases", list(&c.bases, dump_expr)),
                ("keywords", "[]".into()),
                ("body", stmts(&c.body)),
                ("decorator_list", list(&c.decorators, dump_expr)),
            ],
        ),
        StmtKind::Return(v) => node("Return", &[("value", opt(v, dump_expr))]),
        StmtKind::Pass => "Pass()".into(),
        StmtKind::Break => "Break()".into(),
        StmtKind::Continue => "Continue()".into(),
        StmtKind::Global(names) => node("Global", &[("names", list(names, |n| name(n)))]),
        StmtKind::Nonlocal(names) => node("Nonlocal", &[("names", list(names, |n| name(n)))]),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
            is_star,
        } => node(
            if *is_star { "TryStar" } else { "Try" },
            &[
                ("body", stmts(body)),
                ("handlers", list(handlers, handler)),
                ("orelse", stmts(orelse)),
                ("finalbody", stmts(finalbody)),
            ],
        ),
        StmtKind::Raise { exc, cause } => node(
            "Raise",
            &[
                ("exc", opt(exc, dump_expr)),
                ("cause", opt(cause, dump_expr)),
            ],
        ),
        StmtKind::Assert { test, msg } => node(
            "Assert",
            &[("test", dump_expr(test)), ("msg", opt(msg, dump_expr))],
        ),
        StmtKind::Delete(targets) => node("Delete", &[("targets", list(targets, dump_expr))]),
        StmtKind::Import(names) => node("Import", &[("names", list(names, alias))]),
        StmtKind::ImportFrom { module, names } => node(
            "ImportFrom",
            &[
                ("module", name(module)),
                ("names", list(names, alias)),
                ("level", "0".into()),
            ],
        ),
    }
}

fn alias(a: &Alias) -> String {
    node(
        "alias",
        &[
            ("name", name(&a.name)),
            ("asname", opt(&a.asname, |n| name(n))),
        ],
    )
}

fn withitem(w: &WithItem) -> String {
    node(
        "withitem",
        &[
            ("context_expr", dump_expr(&w.context_expr)),
            ("optional_vars", opt(&w.optional_vars, dump_expr)),
        ],
    )
}

fn handler(h: &ExceptHandler) -> String {
    node(
        "ExceptHandler",
        &[
            ("type", opt(&h.type_, dump_expr)),
            ("name", opt(&h.name, |(n, _)| name(n))),
            ("body", stmts(&h.body)),
        ],
    )
}

fn funcdef(f: &FunctionDef) -> String {
    node(
        if f.is_async {
            "AsyncFunctionDef"
        } else {
            "FunctionDef"
        },
        &[
            ("name", name(&f.name)),
            ("args", arguments(&f.params)),
            ("body", stmts(&f.body)),
            ("decorator_list", list(&f.decorators, dump_expr)),
            ("returns", opt(&f.returns, dump_expr)),
        ],
    )
}

fn arg(p: &Param) -> String {
    node(
        "arg",
        &[
            ("arg", name(&p.name)),
            ("annotation", opt(&p.annotation, dump_expr)),
        ],
    )
}

fn arguments(p: &Parameters) -> String {
    let defaults: Vec<&Expr> = p
        .posonly
        .iter()
        .chain(&p.args)
        .filter_map(|a| a.default.as_ref())
        .collect();
    node(
        "arguments",
        &[
            ("posonlyargs", list(&p.posonly, arg)),
            ("args", list(&p.args, arg)),
            ("vararg", opt(&p.vararg, arg)),
            ("kwonlyargs", list(&p.kwonly, arg)),
            (
                "kw_defaults",
                list(&p.kwonly, |a| opt(&a.default, dump_expr)),
            ),
            ("kwarg", opt(&p.kwarg, arg)),
            ("defaults", list(&defaults, |e| dump_expr(e))),
        ],
    )
}

fn binop(op: BinOp) -> String {
    let s = match op {
        BinOp::Add => "Add",
        BinOp::Sub => "Sub",
        BinOp::Mult => "Mult",
        BinOp::MatMult => "MatMult",
        BinOp::Div => "Div",
        BinOp::Mod => "Mod",
        BinOp::Pow => "Pow",
        BinOp::LShift => "LShift",
        BinOp::RShift => "RShift",
        BinOp::BitOr => "BitOr",
        BinOp::BitXor => "BitXor",
        BinOp::BitAnd => "BitAnd",
        BinOp::FloorDiv => "FloorDiv",
    };
    format!("{s}()")
}

fn cmpop(op: &CmpOp) -> String {
    let s = match op {
        CmpOp::Eq => "Eq",
        CmpOp::NotEq => "NotEq",
        CmpOp::Lt => "Lt",
        CmpOp::LtE => "LtE",
        CmpOp::Gt => "Gt",
        CmpOp::GtE => "GtE",
        CmpOp::Is => "Is",
        CmpOp::IsNot => "IsNot",
        CmpOp::In => "In",
        CmpOp::NotIn => "NotIn",
    };
    format!("{s}()")
}

fn constant(c: &Constant) -> String {
    let v = match c {
        Constant::None => "None".into(),
        Constant::Bool(b) => if *b { "True" } else { "False" }.into(),
        Constant::Int(d) => d.to_string(),
        Constant::Float(f) => format!("float({:016x})", f.to_bits()),
        Constant::Complex(f) => format!("complex({:016x})", f.to_bits()),
        Constant::Str(s) => esc_str(s),
        Constant::Bytes(b) => esc_bytes(b),
        Constant::Ellipsis => "Ellipsis".into(),
    };
    node("Constant", &[("value", v)])
}

fn generators(c: &Comprehension) -> String {
    list(&c.generators, |g| {
        node(
            "comprehension",
            &[
                ("target", dump_expr(&g.target)),
                ("iter", dump_expr(&g.iter)),
                ("ifs", list(&g.ifs, dump_expr)),
                ("is_async", (g.is_async as u8).to_string()),
            ],
        )
    })
}

fn fstring(parts: &[FStringPart]) -> String {
    let values = list(parts, |p| match p {
        FStringPart::Literal(s) => node("Constant", &[("value", esc_str(s))]),
        FStringPart::Formatted {
            value,
            conversion,
            format_spec,
            ..
        } => node(
            "FormattedValue",
            &[
                ("value", dump_expr(value)),
                (
                    "conversion",
                    conversion.map_or(-1, |c| c as i64).to_string(),
                ),
                ("format_spec", opt(format_spec, |s| fstring(s))),
            ],
        ),
    });
    node("JoinedStr", &[("values", values)])
}

fn keyword(k: &Keyword) -> String {
    node(
        "keyword",
        &[
            ("arg", opt(&k.arg, |n| name(n))),
            ("value", dump_expr(&k.value)),
        ],
    )
}

/// Dumps one expression.
pub fn dump_expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::BoolOp { op, values } => node(
            "BoolOp",
            &[
                (
                    "op",
                    match op {
                        BoolOpKind::And => "And()",
                        BoolOpKind::Or => "Or()",
                    }
                    .into(),
                ),
                ("values", list(values, dump_expr)),
            ],
        ),
        ExprKind::NamedExpr { target, value } => node(
            "NamedExpr",
            &[("target", dump_expr(target)), ("value", dump_expr(value))],
        ),
        ExprKind::BinOp { left, op, right } => node(
            "BinOp",
            &[
                ("left", dump_expr(left)),
                ("op", binop(*op)),
                ("right", dump_expr(right)),
            ],
        ),
        ExprKind::UnaryOp { op, operand } => node(
            "UnaryOp",
            &[
                (
                    "op",
                    match op {
                        UnaryOpKind::Invert => "Invert()",
                        UnaryOpKind::Not => "Not()",
                        UnaryOpKind::UAdd => "UAdd()",
                        UnaryOpKind::USub => "USub()",
                    }
                    .into(),
                ),
                ("operand", dump_expr(operand)),
            ],
        ),
        ExprKind::Lambda(f) => {
            let body = match f.body.first().map(|s| &s.kind) {
                Some(StmtKind::Return(Some(v))) => dump_expr(v),
                _ => "None".into(),
            };
            node("Lambda", &[("args", arguments(&f.params)), ("body", body)])
        }
        ExprKind::IfExp { test, body, orelse } => node(
            "IfExp",
            &[
                ("test", dump_expr(test)),
                ("body", dump_expr(body)),
                ("orelse", dump_expr(orelse)),
            ],
        ),
        ExprKind::Dict { keys, values } => node(
            "Dict",
            &[
                ("keys", list(keys, |k| opt(k, dump_expr))),
                ("values", list(values, dump_expr)),
            ],
        ),
        ExprKind::Set(elts) => node("Set", &[("elts", list(elts, dump_expr))]),
        ExprKind::ListComp(c) => node(
            "ListComp",
            &[("elt", dump_expr(&c.elt)), ("generators", generators(c))],
        ),
        ExprKind::SetComp(c) => node(
            "SetComp",
            &[("elt", dump_expr(&c.elt)), ("generators", generators(c))],
        ),
        ExprKind::GeneratorExp(c) => node(
            "GeneratorExp",
            &[("elt", dump_expr(&c.elt)), ("generators", generators(c))],
        ),
        ExprKind::DictComp(c) => node(
            "DictComp",
            &[
                ("key", dump_expr(&c.elt)),
                ("value", opt(&c.value, dump_expr)),
                ("generators", generators(c)),
            ],
        ),
        ExprKind::Await(v) => node("Await", &[("value", dump_expr(v))]),
        ExprKind::Yield(v) => node("Yield", &[("value", opt(v, |v| dump_expr(v)))]),
        ExprKind::YieldFrom(v) => node("YieldFrom", &[("value", dump_expr(v))]),
        ExprKind::Compare {
            left,
            ops,
            comparators,
        } => node(
            "Compare",
            &[
                ("left", dump_expr(left)),
                ("ops", list(ops, cmpop)),
                ("comparators", list(comparators, dump_expr)),
            ],
        ),
        ExprKind::Call {
            func,
            args,
            keywords,
        } => node(
            "Call",
            &[
                ("func", dump_expr(func)),
                ("args", list(args, dump_expr)),
                ("keywords", list(keywords, keyword)),
            ],
        ),
        ExprKind::JoinedStr(parts) => fstring(parts),
        ExprKind::Constant(c) => constant(c),
        ExprKind::Attribute { value, attr } => node(
            "Attribute",
            &[("value", dump_expr(value)), ("attr", name(attr))],
        ),
        ExprKind::Subscript { value, slice } => node(
            "Subscript",
            &[("value", dump_expr(value)), ("slice", dump_expr(slice))],
        ),
        ExprKind::Starred(v) => node("Starred", &[("value", dump_expr(v))]),
        ExprKind::Name { id, .. } => node("Name", &[("id", name(id))]),
        ExprKind::List(elts) => node("List", &[("elts", list(elts, dump_expr))]),
        ExprKind::Tuple(elts) => node("Tuple", &[("elts", list(elts, dump_expr))]),
        ExprKind::Slice { lower, upper, step } => node(
            "Slice",
            &[
                ("lower", opt(lower, |v| dump_expr(v))),
                ("upper", opt(upper, |v| dump_expr(v))),
                ("step", opt(step, |v| dump_expr(v))),
            ],
        ),
    }
}
