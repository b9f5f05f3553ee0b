//! The lexer: turns source text into [`Token`]s with byte spans, as CPython 3.11's tokenizer
//! does: INDENT/DEDENT from an indentation stack, implicit line joining inside brackets,
//! backslash continuations, comments, and NEWLINE only at the end of logical lines.
//!
//! String literals are only delimited here (the parser decodes them), and integer literals
//! are converted to decimal digits. A lexing error stops the token stream; it is returned
//! beside the tokens read so far so the parser can decide which error CPython would report.

use std::rc::Rc;

use num_bigint::BigUint;

use super::ast::Span;
use super::error::{ErrorType, SyntaxError};
use super::token::{Kw, Op, StrToken, Token, TokenKind, OPERATORS};

/// CPython's limit on nested brackets (`MAXLEVEL`).
const MAX_BRACKETS: usize = 200;
/// CPython's limit on indentation levels (`MAXINDENT`).
const MAX_INDENT: usize = 100;

/// How a lexing error competes with a parser error found earlier in the token stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LexErrorKind {
    /// Raised directly by CPython's tokenizer: it wins over any parser error, since CPython
    /// tokenizes the rest of the file after a parse failure.
    Direct,
    /// Only reported if the parser reaches it (indentation errors, bad continuation).
    Deferred,
    /// End of file inside brackets opened on the given (1-based) line: reported if the parser
    /// reaches it, or if the parser's error is on a later line.
    Unclosed(usize),
}

/// A lexing error and how it competes with parser errors.
#[derive(Clone, Debug)]
pub struct LexError {
    /// The error.
    pub error: SyntaxError,
    /// Its precedence.
    pub kind: LexErrorKind,
}

/// The result of lexing: the tokens read (ending with an [`TokenKind::EndMarker`]) and the
/// error that stopped the lexer, if any (the end marker is then at the error's position).
#[derive(Clone, Debug)]
pub struct Lexed {
    /// The tokens.
    pub tokens: Vec<Token>,
    /// The error that ended lexing early.
    pub error: Option<LexError>,
}

/// Lexes a whole module.
pub fn lex(source: &str) -> Lexed {
    Lexer::new(source, 0, 0).run()
}

/// Lexes an f-string replacement field's expression text `source[start..end]` as if it were
/// inside parentheses (newlines are ignored), with spans relative to the whole source.
pub fn lex_fragment(source: &str, start: usize, end: usize) -> Lexed {
    let mut lexer = Lexer::new(&source[..end], start, 1);
    lexer.fragment = true;
    lexer.run()
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    tokens: Vec<Token>,
    indents: Vec<(usize, usize)>,
    brackets: Vec<(u8, usize)>,
    base_depth: usize,
    fragment: bool,
    at_line_start: bool,
    line_has_tokens: bool,
}

type LexResult<T> = Result<T, LexError>;

fn err(msg: impl Into<String>, start: usize, end: usize, kind: LexErrorKind) -> LexError {
    LexError {
        error: SyntaxError::new(msg, Span::new(start as u32, end as u32)),
        kind,
    }
}

fn is_id_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic() || (!c.is_ascii() && c.is_alphabetic())
}

fn is_id_continue(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric())
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str, start: usize, depth: usize) -> Self {
        Lexer {
            src,
            bytes: src.as_bytes(),
            pos: start,
            tokens: Vec::new(),
            indents: vec![(0, 0)],
            brackets: Vec::new(),
            base_depth: depth,
            fragment: false,
            at_line_start: depth == 0,
            line_has_tokens: false,
        }
    }

    fn run(mut self) -> Lexed {
        let error = self.lex_all().err();
        let end = self.pos.min(self.src.len()) as u32;
        self.tokens.push(Token {
            kind: TokenKind::EndMarker,
            span: Span::new(end, end),
        });
        Lexed {
            tokens: self.tokens,
            error,
        }
    }

    fn depth(&self) -> usize {
        self.base_depth + self.brackets.len()
    }

    fn push(&mut self, kind: TokenKind, start: usize, end: usize) {
        self.line_has_tokens = true;
        self.tokens.push(Token {
            kind,
            span: Span::new(start as u32, end as u32),
        });
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<u8> {
        self.bytes.get(self.pos + n).copied()
    }

    fn line_of(&self, offset: usize) -> usize {
        self.bytes[..offset.min(self.src.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn lex_all(&mut self) -> LexResult<()> {
        loop {
            if self.at_line_start {
                self.at_line_start = false;
                if self.indentation()? {
                    continue;
                }
            }
            let Some(c) = self.peek() else {
                return self.finish();
            };
            match c {
                b' ' | b'\t' | b'\x0c' => self.pos += 1,
                b'\r' if self.peek_at(1) == Some(b'\n') => self.pos += 1,
                b'#' => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                b'\n' => {
                    let start = self.pos;
                    self.pos += 1;
                    if self.depth() == 0 {
                        if self.line_has_tokens {
                            self.push(TokenKind::Newline, start, start + 1);
                            self.line_has_tokens = false;
                        }
                        self.at_line_start = true;
                    }
                }
                b'\\' => {
                    let start = self.pos;
                    self.pos += 1;
                    if self.peek() == Some(b'\r') {
                        self.pos += 1;
                    }
                    match self.peek() {
                        Some(b'\n') => {
                            self.pos += 1;
                            if self.pos >= self.src.len() {
                                return Err(err(
                                    "unexpected EOF while parsing",
                                    start + 1,
                                    start + 1,
                                    LexErrorKind::Deferred,
                                ));
                            }
                        }
                        None => {
                            return Err(err(
                                "unexpected EOF while parsing",
                                start,
                                start + 1,
                                LexErrorKind::Deferred,
                            ))
                        }
                        Some(_) => {
                            return Err(err(
                                "unexpected character after line continuation character",
                                start + 1,
                                start + 1,
                                LexErrorKind::Deferred,
                            ))
                        }
                    }
                }
                b'0'..=b'9' => self.number()?,
                b'.' if self.peek_at(1).is_some_and(|d| d.is_ascii_digit()) => self.number()?,
                b'"' | b'\'' => self.string(self.pos, self.pos, "")?,
                _ => {
                    let ch = self.src[self.pos..].chars().next().unwrap_or('\0');
                    if is_id_start(ch) {
                        self.name()?;
                    } else if ch.is_ascii() {
                        self.operator(c)?;
                    } else {
                        let start = self.pos;
                        let msg = if ch.is_whitespace() || ch.is_control() {
                            format!("invalid non-printable character U+{:04X}", ch as u32)
                        } else {
                            format!("invalid character '{ch}' (U+{:04X})", ch as u32)
                        };
                        return Err(err(msg, start, start, LexErrorKind::Direct));
                    }
                }
            }
        }
    }

    /// Handles the start of a line; returns true if the line was blank (already skipped).
    fn indentation(&mut self) -> LexResult<bool> {
        let line_start = self.pos;
        let (mut col, mut altcol) = (0usize, 0usize);
        while let Some(c) = self.peek() {
            match c {
                b' ' => {
                    col += 1;
                    altcol += 1;
                }
                b'\t' => {
                    col = (col / 8 + 1) * 8;
                    altcol += 1;
                }
                b'\x0c' => {
                    col = 0;
                    altcol = 0;
                }
                _ => break,
            }
            self.pos += 1;
        }
        match self.peek() {
            None => return Ok(false),
            Some(b'#') | Some(b'\n') => {
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    if c == b'\n' {
                        break;
                    }
                }
                self.at_line_start = true;
                return Ok(true);
            }
            Some(b'\r') if self.peek_at(1) == Some(b'\n') => {
                self.pos += 2;
                self.at_line_start = true;
                return Ok(true);
            }
            Some(b'\\') => {
                // A line continuation right after the indentation: like CPython, the line
                // does not count for indentation.
                return Ok(false);
            }
            _ => {}
        }
        let here = self.pos;
        let tab_error = |_: &Self| LexError {
            error: SyntaxError {
                kind: ErrorType::TabError,
                message: "inconsistent use of tabs and spaces in indentation".into(),
                span: Span::new(line_start as u32, line_start as u32),
            },
            kind: LexErrorKind::Deferred,
        };
        let (top, alttop) = *self.indents.last().expect("indent stack never empty");
        if col == top {
            if altcol != alttop {
                return Err(tab_error(self));
            }
        } else if col > top {
            if altcol <= alttop {
                return Err(tab_error(self));
            }
            if self.indents.len() >= MAX_INDENT {
                return Err(LexError {
                    error: SyntaxError::indentation(
                        "too many levels of indentation",
                        Span::new(here as u32, here as u32),
                    ),
                    kind: LexErrorKind::Direct,
                });
            }
            self.indents.push((col, altcol));
            let s = here.saturating_sub(1).max(line_start);
            self.tokens.push(Token {
                kind: TokenKind::Indent,
                span: Span::new(s as u32, here as u32),
            });
        } else {
            let mut dedents = 0;
            while self.indents.len() > 1 && col < self.indents[self.indents.len() - 1].0 {
                self.indents.pop();
                dedents += 1;
            }
            let (top, alttop) = *self.indents.last().expect("indent stack never empty");
            if col == top {
                for _ in 0..dedents {
                    self.tokens.push(Token {
                        kind: TokenKind::Dedent,
                        span: Span::new(here as u32, here as u32),
                    });
                }
            } else {
                let eol = self.src[here..]
                    .find('\n')
                    .map_or(self.src.len(), |i| here + i);
                return Err(LexError {
                    error: SyntaxError::indentation(
                        "unindent does not match any outer indentation level",
                        Span::new(eol as u32, eol as u32),
                    ),
                    kind: LexErrorKind::Deferred,
                });
            }
            if altcol != alttop {
                return Err(tab_error(self));
            }
        }
        Ok(false)
    }

    fn finish(&mut self) -> LexResult<()> {
        if let Some(&(open, offset)) = self.brackets.last() {
            let line = self.line_of(offset);
            return Err(err(
                format!("'{}' was never closed", open as char),
                offset,
                offset + 1,
                LexErrorKind::Unclosed(line),
            ));
        }
        if self.fragment {
            return Ok(());
        }
        let end = self.src.len();
        if self.line_has_tokens {
            self.push(TokenKind::Newline, end, end);
            self.line_has_tokens = false;
        }
        while self.indents.len() > 1 {
            self.indents.pop();
            self.tokens.push(Token {
                kind: TokenKind::Dedent,
                span: Span::new(end as u32, end as u32),
            });
        }
        Ok(())
    }

    fn name(&mut self) -> LexResult<()> {
        let start = self.pos;
        let mut end = start;
        for (i, c) in self.src[start..].char_indices() {
            if is_id_continue(c) {
                end = start + i + c.len_utf8();
            } else {
                break;
            }
        }
        let text = &self.src[start..end];
        if matches!(self.bytes.get(end), Some(b'"') | Some(b'\'')) && text.len() <= 2 {
            let lower = text.to_ascii_lowercase();
            if matches!(
                lower.as_str(),
                "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf"
            ) {
                self.pos = end;
                return self.string(start, end, &lower);
            }
        }
        self.pos = end;
        let kind = match Kw::from_text(text) {
            Some(kw) => TokenKind::Kw(kw),
            None => TokenKind::Name(Rc::from(text)),
        };
        self.push(kind, start, end);
        Ok(())
    }

    fn string(&mut self, start: usize, quote_pos: usize, prefix: &str) -> LexResult<()> {
        let quote = self.bytes[quote_pos];
        let triple = self.bytes.get(quote_pos + 1) == Some(&quote)
            && self.bytes.get(quote_pos + 2) == Some(&quote);
        let body_start = quote_pos + if triple { 3 } else { 1 };
        let mut i = body_start;
        loop {
            match self.bytes.get(i) {
                None => {
                    let detected = self.line_of(self.src.len().saturating_sub(1));
                    let what = if triple {
                        "unterminated triple-quoted string literal"
                    } else {
                        "unterminated string literal"
                    };
                    return Err(err(
                        format!("{what} (detected at line {detected})"),
                        start,
                        start,
                        LexErrorKind::Direct,
                    ));
                }
                Some(b'\\') => i += 2,
                Some(b'\n') if !triple => {
                    let detected = self.line_of(i);
                    return Err(err(
                        format!("unterminated string literal (detected at line {detected})"),
                        start,
                        start,
                        LexErrorKind::Direct,
                    ));
                }
                Some(&c) if c == quote => {
                    if !triple {
                        break;
                    }
                    if self.bytes.get(i + 1) == Some(&quote)
                        && self.bytes.get(i + 2) == Some(&quote)
                    {
                        break;
                    }
                    i += 1;
                }
                Some(_) => i += 1,
            }
        }
        let body_end = i;
        let end = body_end + if triple { 3 } else { 1 };
        self.pos = end;
        let tok = StrToken {
            raw: prefix.contains('r'),
            bytes: prefix.contains('b'),
            fstring: prefix.contains('f'),
            body_start: body_start as u32,
            body_end: body_end as u32,
            quote,
            triple,
        };
        self.push(TokenKind::Str(tok), start, end);
        Ok(())
    }

    fn digits(&mut self, radix: u32) -> LexResult<()> {
        // digits separated by single underscores; the first digit is already checked.
        loop {
            match self.peek() {
                Some(c) if (c as char).is_digit(radix) => self.pos += 1,
                Some(b'_') => {
                    if self.peek_at(1).is_some_and(|d| (d as char).is_digit(radix)) {
                        self.pos += 1;
                    } else {
                        let msg = match radix {
                            16 => "invalid hexadecimal literal",
                            8 => "invalid octal literal",
                            2 => "invalid binary literal",
                            _ => "invalid decimal literal",
                        };
                        return Err(err(msg, self.pos + 1, self.pos + 1, LexErrorKind::Direct));
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn end_of_number(&self, what: &str) -> LexResult<()> {
        let rest = &self.src[self.pos..];
        let Some(c) = rest.chars().next() else {
            return Ok(());
        };
        if !is_id_continue(c) {
            return Ok(());
        }
        for kw in ["and", "else", "for", "if", "in", "is", "not", "or"] {
            if rest.starts_with(kw) {
                return Ok(());
            }
        }
        Err(err(
            format!("invalid {what} literal"),
            self.pos - 1,
            self.pos - 1,
            LexErrorKind::Direct,
        ))
    }

    fn number(&mut self) -> LexResult<()> {
        let start = self.pos;
        if self.peek() == Some(b'0') {
            let radix = match self.peek_at(1) {
                Some(b'x') | Some(b'X') => Some((16, "hexadecimal")),
                Some(b'o') | Some(b'O') => Some((8, "octal")),
                Some(b'b') | Some(b'B') => Some((2, "binary")),
                _ => None,
            };
            if let Some((radix, what)) = radix {
                self.pos += 2;
                if self.peek() == Some(b'_') {
                    self.pos += 1;
                }
                match self.peek() {
                    Some(c) if (c as char).is_digit(radix) => self.digits(radix)?,
                    Some(c) if radix != 16 && c.is_ascii_digit() => {
                        return Err(err(
                            format!("invalid digit '{}' in {what} literal", c as char),
                            self.pos + 1,
                            self.pos + 1,
                            LexErrorKind::Direct,
                        ))
                    }
                    _ => {
                        return Err(err(
                            format!("invalid {what} literal"),
                            self.pos - 1,
                            self.pos - 1,
                            LexErrorKind::Direct,
                        ))
                    }
                }
                if radix != 16 {
                    if let Some(c) = self.peek().filter(|c| c.is_ascii_digit()) {
                        return Err(err(
                            format!("invalid digit '{}' in {what} literal", c as char),
                            self.pos + 1,
                            self.pos + 1,
                            LexErrorKind::Direct,
                        ));
                    }
                }
                self.end_of_number(what)?;
                let digits: String = self.src[start + 2..self.pos]
                    .chars()
                    .filter(|&c| c != '_')
                    .collect();
                let value = BigUint::parse_bytes(digits.as_bytes(), radix)
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "0".into());
                self.push(TokenKind::Int(Rc::from(value)), start, self.pos);
                return Ok(());
            }
        }
        let mut is_float = false;
        if self.peek() != Some(b'.') {
            self.digits(10)?;
        }
        if self.peek() == Some(b'.') {
            is_float = true;
            self.pos += 1;
            if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.digits(10)?;
            }
        }
        if matches!(self.peek(), Some(b'e') | Some(b'E')) {
            let save = self.pos;
            self.pos += 1;
            if matches!(self.peek(), Some(b'+') | Some(b'-')) {
                self.pos += 1;
            }
            if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.digits(10)?;
                is_float = true;
            } else {
                // Not an exponent (e.g. `0else`): the `e` starts the next token.
                self.pos = save;
            }
        }
        let text: String = self.src[start..self.pos]
            .chars()
            .filter(|&c| c != '_')
            .collect();
        if matches!(self.peek(), Some(b'j') | Some(b'J')) {
            self.pos += 1;
            self.end_of_number("imaginary")?;
            let v = text.parse::<f64>().unwrap_or(f64::INFINITY);
            self.push(TokenKind::Imag(v), start, self.pos);
            return Ok(());
        }
        self.end_of_number("decimal")?;
        if is_float {
            let v = text.parse::<f64>().unwrap_or(f64::INFINITY);
            self.push(TokenKind::Float(v), start, self.pos);
        } else {
            if text.len() > 1 && text.starts_with('0') && text.bytes().any(|b| b != b'0') {
                return Err(err(
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                    start,
                    start + 1,
                    LexErrorKind::Direct,
                ));
            }
            let digits = text.trim_start_matches('0');
            let digits = if digits.is_empty() { "0" } else { digits };
            self.push(TokenKind::Int(Rc::from(digits)), start, self.pos);
        }
        Ok(())
    }

    fn operator(&mut self, c: u8) -> LexResult<()> {
        let start = self.pos;
        let rest = &self.src[start..];
        let Some(&(text, op)) = OPERATORS.iter().find(|(t, _)| rest.starts_with(t)) else {
            self.pos += 1;
            self.push(TokenKind::Invalid(c as char), start, start + 1);
            return Ok(());
        };
        match op {
            Op::Lpar | Op::Lsqb | Op::Lbrace => {
                if self.brackets.len() >= MAX_BRACKETS {
                    return Err(err(
                        "too many nested parentheses",
                        start,
                        start + 1,
                        LexErrorKind::Direct,
                    ));
                }
                self.brackets.push((c, start));
            }
            Op::Rpar | Op::Rsqb | Op::Rbrace => match self.brackets.pop() {
                None => {
                    if self.fragment {
                        // `}` closing an f-string field is handled by the f-string parser.
                    }
                    return Err(err(
                        format!("unmatched '{}'", c as char),
                        start,
                        start,
                        LexErrorKind::Direct,
                    ));
                }
                Some((open, offset)) => {
                    let expected = match open {
                        b'(' => b')',
                        b'[' => b']',
                        _ => b'}',
                    };
                    if expected != c {
                        let open_line = self.line_of(offset);
                        let msg = if open_line != self.line_of(start) {
                            format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}' on line {open_line}",
                                c as char, open as char
                            )
                        } else {
                            format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}'",
                                c as char, open as char
                            )
                        };
                        return Err(err(msg, start, start, LexErrorKind::Direct));
                    }
                }
            },
            _ => {}
        }
        self.pos += text.len();
        self.push(TokenKind::Op(op), start, self.pos);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        lex(src).tokens.into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn hex_octal_binary_ints_become_decimal_digits() {
        let k = kinds("0xff 0o17 0b1_01 0xFFFFFFFFFFFFFFFFFFFFFFFF 007");
        assert_eq!(k[0], TokenKind::Int("255".into()));
        assert_eq!(k[1], TokenKind::Int("15".into()));
        assert_eq!(k[2], TokenKind::Int("5".into()));
        assert_eq!(k[3], TokenKind::Int("79228162514264337593543950335".into()));
        assert!(lex("007").error.is_some());
        assert_eq!(kinds("000")[0], TokenKind::Int("0".into()));
    }

    #[test]
    fn indentation_emits_indent_and_dedent() {
        let k = kinds("if x:\n    y\nz\n");
        assert!(k.contains(&TokenKind::Indent));
        assert!(k.contains(&TokenKind::Dedent));
    }

    #[test]
    fn floats_parse_with_and_without_digits_around_the_point() {
        assert_eq!(kinds("1.")[0], TokenKind::Float(1.0));
        assert_eq!(kinds(".5")[0], TokenKind::Float(0.5));
        assert_eq!(kinds("1_0e1_0")[0], TokenKind::Float(1e11));
        assert_eq!(kinds("2j")[0], TokenKind::Imag(2.0));
    }
}
