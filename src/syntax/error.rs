//! Syntax errors: a message and a byte-range span, rendered on demand exactly as CPython 3.11
//! prints an uncaught `SyntaxError` (`File "<script>", line N`, the source line, carets).

use std::fmt;

use super::ast::Span;
use super::line_col;

/// Which subclass of `SyntaxError` CPython would raise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorType {
    /// A plain `SyntaxError`: the program is not valid Python (or is outside the subset).
    SyntaxError,
    /// An `IndentationError`: a block is missing or the indentation is inconsistent.
    IndentationError,
    /// A `TabError`: tabs and spaces are mixed inconsistently in indentation.
    TabError,
    /// Not CPython's: an import Coroscope refuses before the run (a module it does not have),
    /// shown as an `ImportError`.
    ImportRefused,
}

impl ErrorType {
    /// The exception's class name.
    pub fn name(self) -> &'static str {
        match self {
            ErrorType::SyntaxError => "SyntaxError",
            ErrorType::IndentationError => "IndentationError",
            ErrorType::TabError => "TabError",
            ErrorType::ImportRefused => "ImportError",
        }
    }
}

/// A syntax error found while lexing, parsing or resolving scopes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The exception class.
    pub kind: ErrorType,
    /// CPython's message (e.g. `'(' was never closed`).
    pub message: String,
    /// Where the error is; the caret covers this range (at least one character).
    pub span: Span,
}

impl SyntaxError {
    /// A plain `SyntaxError` at `span`.
    pub fn new(message: impl Into<String>, span: Span) -> Self {
        SyntaxError {
            kind: ErrorType::SyntaxError,
            message: message.into(),
            span,
        }
    }

    /// An import refused before the run at `span`, saying why in `message`.
    pub fn import_refused(message: impl Into<String>, span: Span) -> Self {
        SyntaxError {
            kind: ErrorType::ImportRefused,
            message: message.into(),
            span,
        }
    }

    /// An `IndentationError` at `span`.
    pub fn indentation(message: impl Into<String>, span: Span) -> Self {
        SyntaxError {
            kind: ErrorType::IndentationError,
            message: message.into(),
            span,
        }
    }

    /// The exception's class name (`SyntaxError`, `IndentationError`, `TabError`).
    pub fn type_name(&self) -> &'static str {
        self.kind.name()
    }

    /// The 1-based line of the error's start.
    pub fn line(&self, source: &str) -> usize {
        line_col(source, self.span.start as usize).0
    }

    /// The 1-based column (in characters) of the error's start, as CPython's `offset`.
    pub fn column(&self, source: &str) -> usize {
        line_col(source, self.span.start as usize).1
    }

    /// Renders the error as CPython 3.11 prints it when uncaught, e.g.
    ///
    /// ```text
    ///   File "<script>", line 3
    ///     print("x"
    ///          ^
    /// SyntaxError: '(' was never closed
    /// ```
    pub fn render(&self, source: &str, filename: &str) -> String {
        let start = (self.span.start as usize).min(source.len());
        let (line, col) = line_col(source, start);
        let mut out = format!("  File \"{filename}\", line {line}\n");
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[line_start..]
            .find('\n')
            .map_or(source.len(), |i| line_start + i);
        let rtext = &source[line_start..line_end];
        let rtext = rtext.strip_suffix('\r').unwrap_or(rtext);
        let ltext = rtext.trim_start_matches([' ', '\x0c']);
        let spaces = rtext.chars().count() - ltext.chars().count();
        out.push_str(&format!("    {ltext}\n"));
        // CPython's `offset`/`end_offset` (1-based character columns; the end column is
        // counted on the end's own line, as CPython does for multi-line ranges).
        let offset = col;
        let end = (self.span.end as usize).clamp(start, source.len());
        let mut end_offset = line_col(source, end).1;
        if end_offset == offset {
            end_offset = offset + 1;
        }
        if offset > spaces {
            let colno = offset - 1 - spaces;
            let end_colno = end_offset.saturating_sub(1 + spaces);
            let caretspace: String = ltext
                .chars()
                .chain(std::iter::repeat(' '))
                .take(colno)
                .map(|c| if c.is_whitespace() { c } else { ' ' })
                .collect();
            out.push_str(&format!(
                "    {caretspace}{}\n",
                "^".repeat(end_colno.saturating_sub(colno))
            ));
        }
        out.push_str(&format!("{}: {}\n", self.type_name(), self.message));
        out
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.type_name(), self.message)
    }
}

impl std::error::Error for SyntaxError {}
