//! The evaluator: Python values, an async tree-walking evaluator in which `async def` calls make
//! coroutines and `await` drives Rust futures, builtins, exceptions and tracebacks.

pub mod format;
pub mod num;
