//! The standard library a script can import: one file per module, each registered in
//! [`MODULES`] with how it is built (Rust code, or Python source run by our interpreter) and
//! what it lacks compared with CPython's.
//!
//! Imports are checked before a run starts ([`refusal`]): a module that is not here is refused
//! with its line and a sentence saying why (no network, threads, processes or files in the
//! page) and how to simulate it. A module costs nothing until a script imports it: Python
//! sources are parsed and run on first import.

use std::cell::RefCell;
use std::rc::Rc;

use crate::interp::value::{AttrMap, ModuleObj};
use crate::interp::{Interp, PyResult, Value};

pub mod random;

/// How a module is built.
pub enum Body {
    /// By Rust code, given the interpreter.
    Native(fn(&Interp) -> PyResult<Value>),
    /// By running Python source (ours) in a fresh namespace; its frames show `file`.
    Python {
        /// The file name its tracebacks show (`<frozen NAME>`, as CPython's frozen modules).
        file: &'static str,
        /// The module's source.
        source: &'static str,
    },
}

/// One importable module.
pub struct Module {
    /// Its full dotted name (`os.path`: its parent `os` is registered too).
    pub name: &'static str,
    /// How it is built.
    pub body: Body,
    /// What CPython's module has that ours does not (for the README and the page), or `""`.
    pub lacks: &'static str,
}

/// A module written in Python: `python!("functools")` embeds `stdlib/functools.py`.
#[allow(unused_macros)]
macro_rules! python {
    ($name:literal) => {
        Body::Python {
            file: concat!("<frozen ", $name, ">"),
            source: include_str!(concat!($name, ".py")),
        }
    };
}

/// Every module a script can import, in the order the README lists them.
pub const MODULES: &[Module] = &[
    Module {
        name: "asyncio",
        body: Body::Native(crate::runtime::asyncio_ns::asyncio_module),
        lacks: "network streams, subprocesses, threads and executors (`to_thread`, `run_in_executor`), signals",
    },
    Module {
        name: "time",
        body: Body::Native(time),
        lacks: "",
    },
    Module {
        name: "random",
        body: Body::Native(random::module),
        lacks: "",
    },
];

/// The `time` module (its code is in `runtime/time_ns.rs` until it moves here).
fn time(_: &Interp) -> PyResult<Value> {
    Ok(crate::runtime::time_ns::time_module())
}

/// The registered module called `name`.
pub fn find(name: &str) -> Option<&'static Module> {
    MODULES.iter().find(|m| m.name == name)
}

/// Builds module `name` for `interp` (its parent package is already imported), or `None` if
/// there is no such module.
pub fn import(interp: &Interp, name: &str) -> Option<PyResult<Value>> {
    let module = find(name)?;
    Some(match &module.body {
        Body::Native(build) => build(interp),
        Body::Python { file, source } => run_python(interp, module.name, file, source),
    })
}

/// Runs a module written in Python and returns its namespace as a module object.
fn run_python(
    interp: &Interp,
    name: &'static str,
    file: &'static str,
    source: &'static str,
) -> PyResult<Value> {
    let globals = Rc::new(RefCell::new(AttrMap::default()));
    globals
        .borrow_mut()
        .insert(Rc::from("__name__"), Value::str(name));
    interp.exec_module_source(file, source, &globals)?;
    let attrs = globals.borrow().clone();
    Ok(Value::Module(Rc::new(ModuleObj {
        name: Rc::from(name),
        attrs: RefCell::new(attrs),
    })))
}

/// Why a module is not here: the group it belongs to decides the sentence.
const NETWORK: &[&str] = &[
    "socket",
    "ssl",
    "http",
    "urllib",
    "requests",
    "aiohttp",
    "httpx",
    "websockets",
    "websocket",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "socketserver",
    "xmlrpc",
    "selectors",
    "select",
    "asyncore",
    "asynchat",
    "aiofiles",
    "aioredis",
    "asyncpg",
    "aiosqlite",
    "uvloop",
    "trio",
];
const THREADS: &[&str] = &[
    "threading",
    "_thread",
    "multiprocessing",
    "subprocess",
    "concurrent",
    "queue",
    "signal",
    "sched",
    "pty",
];
const FILES: &[&str] = &[
    "pathlib",
    "shutil",
    "tempfile",
    "glob",
    "fnmatch",
    "sqlite3",
    "pickle",
    "shelve",
    "dbm",
    "zipfile",
    "tarfile",
    "gzip",
    "bz2",
    "lzma",
    "csv",
    "fileinput",
    "filecmp",
    "mmap",
];

/// The sentence that refuses `import name` before the run, or `None` if it can be imported.
pub fn refusal(name: &str) -> Option<String> {
    if find(name).is_some() {
        return None;
    }
    let top = name.split('.').next().unwrap_or(name);
    let why = if NETWORK.contains(&top) {
        "the page has no network; simulate a request with `await asyncio.sleep(seconds)` and a made-up reply"
    } else if THREADS.contains(&top) {
        "the page runs one thread and no processes; simulate slow work with `await asyncio.sleep(seconds)` (or `time.sleep` to see it block the loop)"
    } else if FILES.contains(&top) {
        "the page has no files; keep the data in the script (a string, a list, `io.StringIO`)"
    } else {
        return Some(format!(
            "module '{name}' is not available in Coroscope (it can import {})",
            importable()
        ));
    };
    Some(format!(
        "module '{name}' cannot be used in Coroscope: {why}"
    ))
}

/// The importable top-level modules, as a sentence-friendly list.
pub fn importable() -> String {
    let names: Vec<&str> = MODULES
        .iter()
        .map(|m| m.name)
        .filter(|n| !n.contains('.'))
        .collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_modules_are_not_refused_and_others_are_with_a_reason() {
        for m in MODULES {
            assert_eq!(refusal(m.name), None, "{}", m.name);
        }
        let socket = refusal("socket").expect("socket is refused");
        assert!(socket.contains("no network"), "{socket}");
        let threads = refusal("concurrent.futures").expect("refused");
        assert!(threads.contains("one thread"), "{threads}");
        let other = refusal("numpy").expect("refused");
        assert!(other.contains("asyncio, time, random"), "{other}");
    }

    #[test]
    fn every_dotted_module_has_its_parent_registered() {
        for m in MODULES {
            if let Some((parent, _)) = m.name.rsplit_once('.') {
                assert!(find(parent).is_some(), "{} lacks {parent}", m.name);
            }
        }
    }

    fn run(source: &str) -> crate::runtime::Outcome {
        crate::runtime::run_script(source, crate::runtime::RunOptions::default())
    }

    #[test]
    fn every_refused_import_is_reported_before_the_run_with_its_line() {
        let out = run("print('never')\nimport socket\nfrom threading import Thread\n");
        assert_eq!(out.stdout, "");
        assert_eq!(out.exit_code, 1);
        assert!(
            out.stderr.contains("line 2\n    import socket\n"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("line 3\n"), "{}", out.stderr);
        assert!(
            out.stderr
                .contains("ImportError: module 'threading' cannot be used in Coroscope"),
            "{}",
            out.stderr
        );
    }

    #[test]
    fn a_python_module_runs_once_in_its_own_namespace_and_tracebacks_name_its_file() {
        let interp = Interp::new("", "main.py", Rc::new(crate::interp::builtins::NullHost));
        *interp.script_globals.borrow_mut() = Some(Rc::new(RefCell::new(AttrMap::default())));
        let source = "hits = []\ndef boom():\n    raise ValueError('inside')\n";
        let m = run_python(&interp, "demo", "<frozen demo>", source).expect("runs");
        let Value::Module(m) = m else {
            panic!("not a module")
        };
        assert!(m.attrs.borrow().contains_key("hits"));
        let boom = m.attrs.borrow()["boom"].clone();
        let err = interp
            .call_sync(&boom, crate::interp::Args::default())
            .expect_err("raises");
        let tb = crate::interp::error::format_traceback(err.exc(), &interp);
        assert!(
            tb.contains("File \"<frozen demo>\", line 3, in boom"),
            "{tb}"
        );
        assert!(tb.contains("    raise ValueError('inside')"), "{tb}");
    }

    #[test]
    fn a_missing_submodule_of_a_known_module_is_refused_too() {
        let out = run("import asyncio.nothing\n");
        assert!(
            out.stderr
                .contains("module 'asyncio.nothing' is not available in Coroscope"),
            "{}",
            out.stderr
        );
    }

    #[test]
    fn the_readme_lists_every_module() {
        let readme = include_str!("../../../README.md");
        for m in MODULES {
            let row = format!("| `{}` | {} |", m.name, m.lacks);
            assert!(
                readme.contains(&row),
                "README's module table lacks the row {row}"
            );
        }
    }
}
