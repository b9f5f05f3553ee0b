//! The script language's front end: lexer, parser, AST with byte-range spans, scope
//! resolution and syntax errors. Pure Rust, no dependencies on the rest of the crate.
//!
//! | module | role |
//! |---|---|
//! | [`token`], [`lexer`] | source text → tokens (INDENT/DEDENT, brackets, literals) |
//! | [`parser`] | tokens → [`ast::Module`] (recursive descent + precedence climbing) |
//! | [`scope`] | CPython's symtable rules: fills every [`ast::NameScope`] and [`ast::Scope`] |
//! | [`error`] | [`SyntaxError`] and its CPython-style rendering |
//! | [`dump`] | a normalised text dump of the AST, comparable with CPython's `ast` |

pub mod ast;
pub mod dump;
pub mod error;
pub mod lexer;
pub mod parser;
pub mod scope;
pub mod token;

pub use error::{ErrorType, SyntaxError};

/// Parses a whole script and resolves its scopes.
pub fn parse_module(source: &str) -> Result<ast::Module, SyntaxError> {
    let mut module = parser::parse(source)?;
    scope::resolve(&mut module)?;
    Ok(module)
}

/// The 1-based line and 1-based column (in characters) of byte `offset` in `source`.
/// Offsets past the end, or inside a character, are clamped.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests;
