//! The script language's front end: lexer, parser, AST with byte-range spans, scope
//! resolution and syntax errors. Pure Rust, no dependencies on the rest of the crate.

pub mod ast;
