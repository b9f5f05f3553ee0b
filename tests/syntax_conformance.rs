//! Parser conformance against CPython 3.11 (`python3` must be on the PATH):
//! - every valid program in `tests/cases/` parses, and its normalised AST dump equals
//!   CPython's (`tests/tools/ast_dump.py`);
//! - every invalid program in `tests/invalid/` is refused on CPython's line, with CPython's
//!   message and CPython's exact rendering (caret placement) unless the file's first line says
//!   `# loose-message` (or it contains `# loose-render`, for the caret only), and its rendered
//!   error matches the golden file `NAME.err` (regenerate with `UPDATE_GOLDEN=1`);
//! - no input makes the front end panic or overflow the stack.

#[path = "oracle/cpython.rs"]
mod cpython;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use coroscope::syntax::{dump::dump_module, parse_module};

fn files(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut v: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("reading {}: {e}", root.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .filter(|p| !fails_to_compile_in_cpython(p))
        .collect();
    v.sort();
    v
}

/// A runtime case whose recorded CPython outcome is a compile-time `SyntaxError` (its
/// `NAME.err_last` golden says so) belongs to the invalid side, not to the valid corpus.
fn fails_to_compile_in_cpython(case: &Path) -> bool {
    fs::read_to_string(case.with_extension("err_last"))
        .is_ok_and(|t| t.trim_start().starts_with("SyntaxError"))
}

/// Runs a python helper over many files; returns each file's output section.
fn python_sections(tool: &str, paths: &[PathBuf]) -> BTreeMap<PathBuf, String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tools")
        .join(tool);
    let out = Command::new(cpython::require_311())
        .arg(script)
        .args(paths)
        .output()
        .expect("python3 must be installed to run the conformance tests");
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8 output");
    let mut map = BTreeMap::new();
    let mut current: Option<(PathBuf, String)> = None;
    for line in text.lines() {
        if let Some(p) = line.strip_prefix("### ") {
            if let Some((k, v)) = current.take() {
                map.insert(k, v);
            }
            current = Some((PathBuf::from(p), String::new()));
        } else if let Some((_, v)) = current.as_mut() {
            v.push_str(line);
            v.push('\n');
        }
    }
    if let Some((k, v)) = current {
        map.insert(k, v);
    }
    map
}

#[test]
fn valid_cases_parse_to_the_same_ast_as_cpython() {
    let paths = files("tests/cases");
    let expected = python_sections("ast_dump.py", &paths);
    let mut failures = Vec::new();
    let mut equal = 0;
    for path in &paths {
        let src = fs::read_to_string(path).expect("read case");
        let ours = match parse_module(&src) {
            Ok(m) => dump_module(&m),
            Err(e) => {
                failures.push(format!(
                    "{}: we refused it:\n{}",
                    path.display(),
                    e.render(&src, "<script>")
                ));
                continue;
            }
        };
        let theirs = &expected[path];
        if &ours == theirs {
            equal += 1;
        } else {
            let diff = ours
                .lines()
                .zip(theirs.lines())
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("ours:    {a}\ncpython: {b}"))
                .unwrap_or_else(|| "statement counts differ".into());
            failures.push(format!("{}: AST differs\n{diff}", path.display()));
        }
    }
    println!("{equal}/{} valid cases have CPython's AST", paths.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(paths.len() >= 150, "only {} valid cases", paths.len());
}

#[test]
fn invalid_cases_fail_on_cpythons_line_with_cpythons_message() {
    let paths = files("tests/invalid");
    let expected = python_sections("cpython_error.py", &paths);
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    let (mut same_msg, mut same_col, mut same_render) = (0, 0, 0);
    for path in &paths {
        let src = fs::read_to_string(path).expect("read case");
        let theirs = &expected[path];
        let first = theirs.lines().next().unwrap_or("");
        let fields: Vec<&str> = first.splitn(4, '\t').collect();
        if fields.len() != 4 {
            failures.push(format!("{}: CPython accepts it", path.display()));
            continue;
        }
        let (ty, line, col, msg) = (fields[0], fields[1], fields[2], fields[3]);
        let err = match parse_module(&src) {
            Ok(_) => {
                failures.push(format!(
                    "{}: we accept it; CPython: {first}",
                    path.display()
                ));
                continue;
            }
            Err(e) => e,
        };
        let rendered = err.render(&src, "<script>");
        let ours = format!(
            "{}\t{}\t{}\t{}",
            err.type_name(),
            err.line(&src),
            err.column(&src),
            err.message
        );
        if err.line(&src).to_string() != line {
            failures.push(format!(
                "{}: line differs\nours:    {ours}\ncpython: {first}",
                path.display()
            ));
        }
        let loose = src.starts_with("# loose-message");
        if err.message == msg && err.type_name() == ty {
            same_msg += 1;
        } else if !loose {
            failures.push(format!(
                "{}: message differs\nours:    {ours}\ncpython: {first}",
                path.display()
            ));
        }
        if err.column(&src).to_string() == col {
            same_col += 1;
        }
        let cpython_render: String = theirs.lines().skip(1).map(|l| format!("{l}\n")).collect();
        if rendered == cpython_render {
            same_render += 1;
        } else if !src.contains("# loose-render") && !loose {
            failures.push(format!(
                "{}: rendering differs from CPython's\nours:\n{rendered}cpython:\n{cpython_render}",
                path.display()
            ));
        }
        let golden = path.with_extension("err");
        if update {
            fs::write(&golden, &rendered).expect("write golden");
        } else {
            match fs::read_to_string(&golden) {
                Ok(g) if g == rendered => {}
                Ok(g) => failures.push(format!(
                    "{}: rendering differs from {}\nours:\n{rendered}golden:\n{g}",
                    path.display(),
                    golden.display()
                )),
                Err(_) => failures.push(format!(
                    "{}: no golden file (run with UPDATE_GOLDEN=1)",
                    path.display()
                )),
            }
        }
    }
    println!(
        "{} invalid cases: {same_msg} with CPython's exact message, {same_col} with CPython's \
         column, {same_render} rendered exactly as CPython",
        paths.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(paths.len() >= 40, "only {} invalid cases", paths.len());
}

/// A tiny deterministic pseudo-random generator (xorshift) for the fuzz test.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_and_truncated_inputs_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let alphabet: Vec<char> = "abc xyz_019 ()[]{}:;,.=+-*/%<>!&|^~@'\"\\#\n\t\r{}fbrjeE€é"
        .chars()
        .collect();
    for _ in 0..3000 {
        let len = (rng.next() % 60) as usize;
        let s: String = (0..len)
            .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
            .collect();
        let _ = parse_module(&s);
    }
    let keywords = [
        "if ",
        "else",
        ":",
        "\n",
        "    ",
        "def ",
        "f(",
        ")",
        "lambda ",
        "for ",
        " in ",
        "yield",
        "await ",
        "async ",
        "class ",
        "try",
        "except",
        "*",
        "**",
        "=",
        ":=",
        "f'{",
        "}'",
        "x",
        "[",
        "]",
        ",",
        "return",
        "global ",
        "nonlocal ",
        "with ",
        " as ",
        "del ",
        "1",
        "'s'",
    ];
    for _ in 0..3000 {
        let n = (rng.next() % 25) as usize;
        let s: String = (0..n)
            .map(|_| keywords[(rng.next() % keywords.len() as u64) as usize])
            .collect();
        let _ = parse_module(&s);
    }
    for path in files("tests/cases")
        .iter()
        .chain(files("tests/invalid").iter())
    {
        let src = fs::read_to_string(path).expect("read case");
        let mut cut = 0;
        while cut < src.len() {
            if src.is_char_boundary(cut) {
                let _ = parse_module(&src[..cut]);
            }
            cut += 1 + (rng.next() % 23) as usize;
        }
    }
}

#[test]
fn long_operator_chains_within_the_limit_parse_and_resolve() {
    let src = format!("def f(a):\n    return a{}\n", " + a".repeat(300));
    parse_module(&src).expect("a 300-term sum is fine");
    let src = format!("x = ({})\n", "(".repeat(40) + "1" + &")".repeat(40));
    parse_module(&src).expect("40 nested parentheses are fine");
}

#[test]
fn deeply_nested_source_is_refused_without_overflowing_the_stack() {
    for depth in [150, 250, 1000, 100_000] {
        for (open, close) in [("(", ")"), ("[", "]"), ("{", "}")] {
            let src = format!("x = {}1{}\n", open.repeat(depth), close.repeat(depth));
            let err = parse_module(&src).expect_err("too deep");
            assert_eq!(err.message, "too many nested parentheses");
        }
        let src = format!("x = {}1\n", "-".repeat(depth));
        assert!(parse_module(&src).is_err());
        let src = format!("x = {}1\n", "not ".repeat(depth));
        assert!(parse_module(&src).is_err());
        let src = format!("x = 1{}\n", " ** 1".repeat(depth));
        assert!(parse_module(&src).is_err());
        for chain in [" + 1", "()", ".a", "[0]"] {
            let src = format!("x = f{}\n", chain.repeat(depth * 10));
            assert!(parse_module(&src).is_err(), "{chain} x {depth}");
        }
        let mut src = String::new();
        for i in 0..depth.min(1000) {
            src.push_str(&" ".repeat(i));
            src.push_str("if x:\n");
        }
        assert!(parse_module(&src).is_err());
    }
}

/// Our scopes in the format of `tests/tools/symtable_dump.py`: one line per function,
/// lambda, comprehension or class scope, sorted.
mod scopes {
    use coroscope::syntax::ast::{
        Comprehension, Expr, ExprKind, FStringPart, FunctionDef, Scope, Stmt, StmtKind,
    };

    fn sorted(names: impl Iterator<Item = String>) -> String {
        let mut v: Vec<String> = names.map(|n| format!("'{n}'")).collect();
        v.sort();
        format!("[{}]", v.join(", "))
    }

    fn function_line(name: &str, s: &Scope) -> String {
        let locals = s
            .local_names
            .iter()
            .filter(|n| !s.cellvars.contains(n))
            .map(|n| n.to_string());
        format!(
            "function {name}: locals={} cells={} frees={}",
            sorted(locals),
            sorted(s.cellvars.iter().map(|n| n.to_string())),
            sorted(s.freevars.iter().map(|(n, _)| n.to_string()))
        )
    }

    pub fn dump(body: &[Stmt]) -> String {
        let mut out = Vec::new();
        stmts(body, &mut out);
        out.sort();
        out.iter().map(|l| format!("{l}\n")).collect()
    }

    fn stmts(body: &[Stmt], out: &mut Vec<String>) {
        for s in body {
            stmt(s, out);
        }
    }

    fn function(f: &FunctionDef, name: &str, out: &mut Vec<String>) {
        out.push(function_line(name, &f.scope));
        for d in &f.decorators {
            expr(d, out);
        }
        let p = &f.params;
        for a in p
            .posonly
            .iter()
            .chain(&p.args)
            .chain(&p.vararg)
            .chain(&p.kwonly)
            .chain(&p.kwarg)
        {
            for e in a.default.iter().chain(&a.annotation) {
                expr(e, out);
            }
        }
        if let Some(r) = &f.returns {
            expr(r, out);
        }
        stmts(&f.body, out);
    }

    fn stmt(s: &Stmt, out: &mut Vec<String>) {
        match &s.kind {
            StmtKind::FunctionDef(f) => function(f, &f.name, out),
            StmtKind::ClassDef(c) => {
                out.push(format!(
                    "class {}: frees={}",
                    c.name,
                    sorted(c.scope.freevars.iter().map(|(n, _)| n.to_string()))
                ));
                for e in c.bases.iter().chain(&c.decorators) {
                    expr(e, out);
                }
                stmts(&c.body, out);
            }
            StmtKind::Expr(e) | StmtKind::Return(Some(e)) => expr(e, out),
            StmtKind::Assign { targets, value } => {
                for t in targets {
                    expr(t, out);
                }
                expr(value, out);
            }
            StmtKind::AugAssign { target, value, .. } => {
                expr(target, out);
                expr(value, out);
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                ..
            } => {
                expr(target, out);
                expr(annotation, out);
                if let Some(v) = value {
                    expr(v, out);
                }
            }
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                expr(test, out);
                stmts(body, out);
                stmts(orelse, out);
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                expr(target, out);
                expr(iter, out);
                stmts(body, out);
                stmts(orelse, out);
            }
            StmtKind::With { items, body, .. } => {
                for it in items {
                    expr(&it.context_expr, out);
                    if let Some(v) = &it.optional_vars {
                        expr(v, out);
                    }
                }
                stmts(body, out);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                ..
            } => {
                stmts(body, out);
                for h in handlers {
                    if let Some(t) = &h.type_ {
                        expr(t, out);
                    }
                    stmts(&h.body, out);
                }
                stmts(orelse, out);
                stmts(finalbody, out);
            }
            StmtKind::Raise { exc, cause } => {
                for e in exc.iter().chain(cause) {
                    expr(e, out);
                }
            }
            StmtKind::Assert { test, msg } => {
                expr(test, out);
                if let Some(m) = msg {
                    expr(m, out);
                }
            }
            StmtKind::Delete(ts) => {
                for t in ts {
                    expr(t, out);
                }
            }
            _ => {}
        }
    }

    fn comp(c: &Comprehension, name: &str, out: &mut Vec<String>) {
        out.push(function_line(name, &c.scope));
        for g in &c.generators {
            expr(&g.target, out);
            expr(&g.iter, out);
            for i in &g.ifs {
                expr(i, out);
            }
        }
        expr(&c.elt, out);
        if let Some(v) = &c.value {
            expr(v, out);
        }
    }

    fn fstring(parts: &[FStringPart], out: &mut Vec<String>) {
        for p in parts {
            if let FStringPart::Formatted {
                value, format_spec, ..
            } = p
            {
                expr(value, out);
                if let Some(s) = format_spec {
                    fstring(s, out);
                }
            }
        }
    }

    fn expr(e: &Expr, out: &mut Vec<String>) {
        match &e.kind {
            ExprKind::Lambda(f) => function(f, "lambda", out),
            ExprKind::ListComp(c) => comp(c, "listcomp", out),
            ExprKind::SetComp(c) => comp(c, "setcomp", out),
            ExprKind::DictComp(c) => comp(c, "dictcomp", out),
            ExprKind::GeneratorExp(c) => comp(c, "genexpr", out),
            ExprKind::BoolOp { values: v, .. }
            | ExprKind::Set(v)
            | ExprKind::List(v)
            | ExprKind::Tuple(v) => v.iter().for_each(|x| expr(x, out)),
            ExprKind::NamedExpr { target, value } => {
                expr(target, out);
                expr(value, out);
            }
            ExprKind::BinOp { left, right, .. } => {
                expr(left, out);
                expr(right, out);
            }
            ExprKind::UnaryOp { operand: v, .. }
            | ExprKind::Await(v)
            | ExprKind::YieldFrom(v)
            | ExprKind::Yield(Some(v))
            | ExprKind::Starred(v)
            | ExprKind::Attribute { value: v, .. } => expr(v, out),
            ExprKind::IfExp { test, body, orelse } => {
                expr(test, out);
                expr(body, out);
                expr(orelse, out);
            }
            ExprKind::Dict { keys, values } => {
                keys.iter().flatten().for_each(|k| expr(k, out));
                values.iter().for_each(|v| expr(v, out));
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                expr(left, out);
                comparators.iter().for_each(|c| expr(c, out));
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                expr(func, out);
                args.iter().for_each(|a| expr(a, out));
                keywords.iter().for_each(|k| expr(&k.value, out));
            }
            ExprKind::JoinedStr(parts) => fstring(parts, out),
            ExprKind::Subscript { value, slice } => {
                expr(value, out);
                expr(slice, out);
            }
            ExprKind::Slice { lower, upper, step } => {
                for x in [lower, upper, step].into_iter().flatten() {
                    expr(x, out);
                }
            }
            _ => {}
        }
    }
}

#[test]
fn valid_cases_resolve_scopes_like_cpython_symtable() {
    let paths = files("tests/cases");
    let expected = python_sections("symtable_dump.py", &paths);
    let mut failures = Vec::new();
    for path in &paths {
        let src = fs::read_to_string(path).expect("read case");
        let Ok(m) = parse_module(&src) else {
            continue; // reported by the AST test
        };
        let ours = scopes::dump(&m.body);
        let theirs = &expected[path];
        if &ours != theirs {
            failures.push(format!(
                "{}: scopes differ\nours:\n{ours}cpython:\n{theirs}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Differential check for development: for every `.py` file in `$COROSCOPE_DIFF_DIR`, compares
/// our verdict with CPython's (accept/refuse, error line and message, AST when both accept)
/// and prints a summary. Run with
/// `COROSCOPE_DIFF_DIR=/tmp/mutants cargo test --test syntax_conformance -- --ignored --nocapture`.
#[test]
#[ignore = "development tool; needs COROSCOPE_DIFF_DIR"]
fn differential_report_against_cpython() {
    let Some(dir) = std::env::var_os("COROSCOPE_DIFF_DIR") else {
        return;
    };
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    paths.sort();
    let errors = python_sections("cpython_error.py", &paths);
    let asts = python_sections("ast_dump_lenient.py", &paths);
    let (mut agree, mut total) = (0, 0);
    for path in &paths {
        let Ok(src) = fs::read_to_string(path) else {
            continue;
        };
        total += 1;
        let theirs = errors[path].lines().next().unwrap_or("").to_string();
        let ours = parse_module(&src);
        let verdict = match (&ours, theirs == "OK") {
            (Ok(m), true) => {
                if dump_module(m) == asts[path] {
                    Ok(())
                } else {
                    Err("AST differs".to_string())
                }
            }
            (Ok(_), false) => Err(format!("we accept; CPython: {theirs}")),
            (Err(e), true) => Err(format!("we refuse ({}); CPython accepts", e.message)),
            (Err(e), false) => {
                let f: Vec<&str> = theirs.splitn(4, '\t').collect();
                if f.len() == 4 && e.line(&src).to_string() == f[1] && e.message == f[3] {
                    Ok(())
                } else {
                    Err(format!(
                        "ours: {} {} | cpython: {theirs}",
                        e.line(&src),
                        e.message
                    ))
                }
            }
        };
        match verdict {
            Ok(()) => agree += 1,
            Err(why) => println!("{}: {why}", path.display()),
        }
    }
    println!("{agree}/{total} agree with CPython");
}
