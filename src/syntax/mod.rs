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
    if let Some(at) = source.find('\0') {
        let span = ast::Span::new(at as u32, at as u32 + 1);
        return Err(SyntaxError::new(
            "source code cannot contain null bytes",
            span,
        ));
    }
    let mut module = parser::parse(source)?;
    scope::resolve(&mut module)?;
    Ok(module)
}

/// A script file's bytes as text: UTF-8 (a leading byte-order mark is skipped, as CPython
/// does), or CPython's `SyntaxError` naming the line of the first byte that is not UTF-8.
pub fn decode_source<'a>(bytes: &'a [u8], filename: &str) -> Result<&'a str, SyntaxError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        SyntaxError::new(
            format!(
                "Non-UTF-8 code starting with '\\x{:02x}' in file {filename} on line {line}, \
                 but no encoding declared; see https://peps.python.org/pep-0263/ for details",
                bytes[at]
            ),
            ast::Span::new(at as u32, at as u32 + 1),
        )
    })
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
