//! Unit tests of the front end's public behaviour: refusals, scope resolution details,
//! error rendering and positions.

use super::ast::{Expr, ExprKind, FStringPart, NameScope, Stmt, StmtKind};
use super::{line_col, parse_module};

fn err(src: &str) -> String {
    match parse_module(src) {
        Ok(_) => panic!("expected an error for {src:?}"),
        Err(e) => e.message,
    }
}

fn body(src: &str) -> Vec<Stmt> {
    match parse_module(src) {
        Ok(m) => m.body,
        Err(e) => panic!("{}", e.render(src, "<script>")),
    }
}

fn func(s: &Stmt) -> &super::ast::FunctionDef {
    match &s.kind {
        StmtKind::FunctionDef(f) => f,
        other => panic!("not a def: {other:?}"),
    }
}

fn first_expr(s: &Stmt) -> &Expr {
    match &s.kind {
        StmtKind::Expr(e) | StmtKind::Return(Some(e)) => e,
        StmtKind::Assign { value, .. } => value,
        other => panic!("no expression: {other:?}"),
    }
}

fn name_scope(e: &Expr) -> NameScope {
    match &e.kind {
        ExprKind::Name { scope, .. } => *scope,
        other => panic!("not a name: {other:?}"),
    }
}

#[test]
fn match_statement_is_refused_but_match_is_still_a_name() {
    let msg = err("x = 1\nmatch x:\n    case 1:\n        pass\n");
    assert_eq!(msg, "`match` statements are not supported yet (line 2)");
    body("match = [1]\nmatch[0] = 2\nmatch.append(3) if False else None\nprint(match)\n");
    body("def match(x):\n    return x\nmatch(1)\n");
}

#[test]
fn unsupported_imports_and_class_keywords_are_refused_clearly() {
    assert!(err("from . import x\n").contains("relative imports"));
    assert!(err("from os import *\n").contains("import *"));
    assert!(err("class A(metaclass=M):\n    pass\n").contains("metaclass="));
    assert!(err("x = '\\N{BULLET}'\n").contains("\\N{...}"));
}

#[test]
fn ints_are_stored_as_decimal_digits() {
    let b = body("x = 0xff + 0o17 + 0b11 + 1_000 + 123456789012345678901234567890\n");
    let text = super::dump::dump_stmt(&b[0]);
    for digits in ["255", "15", "3", "1000", "123456789012345678901234567890"] {
        assert!(
            text.contains(&format!("value={digits})")),
            "{digits} in {text}"
        );
    }
}

#[test]
fn fstring_debug_form_emits_literal_then_repr() {
    let b = body("f'{x=}'\n");
    let ExprKind::JoinedStr(parts) = &first_expr(&b[0]).kind else {
        panic!("not an f-string");
    };
    assert!(matches!(&parts[0], FStringPart::Literal(t) if &**t == "x="));
    assert!(matches!(
        &parts[1],
        FStringPart::Formatted {
            conversion: Some('r'),
            debug_text: Some(_),
            ..
        }
    ));
}

#[test]
fn module_names_are_global_and_function_names_are_fast_locals() {
    let b = body("a = 1\ndef f(p, q=2):\n    r = p + q\n    return r + a\n");
    let f = func(&b[1]);
    assert_eq!(f.name_scope, NameScope::Global);
    assert_eq!(f.params.args[0].scope, NameScope::Local(0));
    assert_eq!(f.params.args[1].scope, NameScope::Local(1));
    let names: Vec<&str> = f.scope.local_names.iter().map(|n| &**n).collect();
    assert_eq!(names, ["p", "q", "r"]);
    let ret = first_expr(&f.body[1]);
    let ExprKind::BinOp { left, right, .. } = &ret.kind else {
        panic!("not a binop")
    };
    assert_eq!(name_scope(left), NameScope::Local(2));
    assert_eq!(name_scope(right), NameScope::Global);
}

#[test]
fn captured_parameter_lives_in_a_cell_and_keeps_its_local_slot() {
    let b = body("def outer(x, y):\n    def inner():\n        return x\n    return inner\n");
    let f = func(&b[0]);
    assert_eq!(f.params.args[0].scope, NameScope::Cell(0));
    assert_eq!(f.params.args[1].scope, NameScope::Local(1));
    assert_eq!(&*f.scope.cellvars[0], "x");
    let inner = func(&f.body[0]);
    assert_eq!(inner.scope.freevars.len(), 1);
    assert_eq!(inner.scope.freevars[0].1, NameScope::Cell(0));
    assert_eq!(name_scope(first_expr(&inner.body[0])), NameScope::Cell(0));
}

#[test]
fn free_variable_passes_through_intermediate_functions_and_classes() {
    let src = "def a():\n    v = 1\n    def b():\n        class C:\n            def m(self):\n                return v\n        return C\n    return b\n";
    let b = body(src);
    let fa = func(&b[0]);
    assert_eq!(fa.scope.cellvars.len(), 1);
    let fb = func(&fa.body[1]);
    assert_eq!(fb.scope.freevars[0].1, NameScope::Cell(0));
    let StmtKind::ClassDef(c) = &fb.body[0].kind else {
        panic!("class")
    };
    // b has no cellvars, so its freevar `v` is cell 0; the class carries it too.
    assert_eq!(c.scope.freevars[0].1, NameScope::Cell(0));
    let m = func(&c.body[0]);
    assert_eq!(m.scope.freevars[0].1, NameScope::Cell(0));
    assert_eq!(name_scope(first_expr(&m.body[0])), NameScope::Cell(0));
}

#[test]
fn class_body_names_use_class_lookup_and_are_invisible_to_methods() {
    let b = body("class K:\n    z = 1\n    w = z\n    def m(self):\n        return z\n");
    let StmtKind::ClassDef(c) = &b[0].kind else {
        panic!("class")
    };
    assert_eq!(name_scope(first_expr(&c.body[1])), NameScope::ClassBody);
    let m = func(&c.body[2]);
    assert_eq!(name_scope(first_expr(&m.body[0])), NameScope::Global);
}

#[test]
fn walrus_in_comprehension_binds_in_the_enclosing_function() {
    let b = body("def f(xs):\n    ys = [last := x for x in xs]\n    return last\n");
    let f = func(&b[0]);
    assert!(f.scope.cellvars.iter().any(|n| &**n == "last"));
    let ExprKind::ListComp(c) = &first_expr(&f.body[0]).kind else {
        panic!("listcomp")
    };
    assert_eq!(&*c.scope.local_names[0], ".0");
    assert!(c.scope.freevars.iter().any(|(n, _)| &**n == "last"));
    assert_eq!(name_scope(first_expr(&f.body[1])), NameScope::Cell(0));
}

#[test]
fn comprehension_first_iterable_resolves_in_the_enclosing_scope() {
    let b = body("def f(xs):\n    return [x for x in xs]\n");
    let f = func(&b[0]);
    let ExprKind::ListComp(c) = &first_expr(&f.body[0]).kind else {
        panic!("listcomp")
    };
    assert_eq!(name_scope(&c.generators[0].iter), NameScope::Local(0));
    assert_eq!(name_scope(&c.elt), NameScope::Local(1));
    assert!(f.scope.cellvars.is_empty());
}

#[test]
fn generators_and_async_comprehensions_are_flagged() {
    let b = body("def g():\n    yield 1\ndef h():\n    return lambda: 1\nasync def a(xs):\n    return [await x for x in xs]\n");
    assert!(func(&b[0]).scope.is_generator);
    assert!(!func(&b[1]).scope.is_generator);
    let ExprKind::ListComp(c) = &first_expr(&func(&b[2]).body[0]).kind else {
        panic!("listcomp")
    };
    assert!(c.is_async);
}

#[test]
fn global_declaration_makes_assignments_global() {
    let b = body("n = 0\ndef f():\n    global n\n    n = 1\n");
    let f = func(&b[1]);
    assert!(f.scope.local_names.is_empty());
    let StmtKind::Assign { targets, .. } = &f.body[1].kind else {
        panic!("assign")
    };
    assert_eq!(name_scope(&targets[0]), NameScope::Global);
}

#[test]
fn except_as_name_and_import_alias_are_bound_locally() {
    let b = body("def f():\n    import asyncio as aio\n    try:\n        pass\n    except E as e:\n        pass\n");
    let f = func(&b[0]);
    let names: Vec<&str> = f.scope.local_names.iter().map(|n| &**n).collect();
    assert_eq!(names, ["aio", "e"]);
}

#[test]
fn rendering_matches_cpython_for_an_unclosed_paren() {
    let src = "x = 1\ny = 2\nprint(\"x\"\n";
    let e = parse_module(src).expect_err("unclosed");
    assert_eq!(
        e.render(src, "<script>"),
        "  File \"<script>\", line 3\n    print(\"x\"\n         ^\nSyntaxError: '(' was never closed\n"
    );
    assert_eq!((e.line(src), e.column(src)), (3, 6));
    assert_eq!(e.type_name(), "SyntaxError");
}

#[test]
fn indentation_errors_have_their_own_type() {
    let e = parse_module("if x:\npass\n").expect_err("no block");
    assert_eq!(e.type_name(), "IndentationError");
    assert_eq!(
        e.message,
        "expected an indented block after 'if' statement on line 1"
    );
    let e = parse_module("if x:\n\ty\n        z\n").expect_err("tabs");
    assert_eq!(e.type_name(), "TabError");
}

#[test]
fn line_col_counts_characters_not_bytes() {
    let src = "é = 1\nxé = 2\n";
    assert_eq!(line_col(src, 0), (1, 1));
    assert_eq!(line_col(src, 2), (1, 2));
    assert_eq!(line_col(src, 7), (2, 1));
    assert_eq!(line_col(src, 10), (2, 3));
    assert_eq!(line_col(src, 1000), (3, 1));
}

#[test]
fn crlf_line_endings_parse_like_lf() {
    let a =
        super::dump::dump_module(&parse_module("if x:\r\n    y = 'a'\r\nz = 1\r\n").expect("crlf"));
    let b = super::dump::dump_module(&parse_module("if x:\n    y = 'a'\nz = 1\n").expect("lf"));
    assert_eq!(a, b);
}

#[test]
fn spans_cover_whole_statements_and_names() {
    let src = "def f(a):\n    return a\n";
    let b = body(src);
    assert_eq!(b[0].span.start, 0);
    assert_eq!(b[0].span.end as usize, src.len() - 1);
    let f = func(&b[0]);
    assert_eq!(
        &src[f.name_span.start as usize..f.name_span.end as usize],
        "f"
    );
}
