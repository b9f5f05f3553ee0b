//! Scope resolution (CPython's symtable): decides, for every name, whether it is a fast
//! local, a cell, a global or a class-body name.

use super::ast::Module;
use super::error::SyntaxError;

/// Resolves every [`NameScope`](super::ast::NameScope) and [`Scope`](super::ast::Scope).
pub fn resolve(_module: &mut Module) -> Result<(), SyntaxError> {
    Ok(())
}
