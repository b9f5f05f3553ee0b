//! String literals: escape decoding, adjacent-literal concatenation, bytes, and f-strings
//! (whose replacement fields are parsed with the real expression parser).

use std::rc::Rc;

use super::super::ast::{Constant, Expr, ExprKind, FStringPart, Span};
use super::super::error::SyntaxError;
use super::super::lexer;
use super::super::token::{StrToken, TokenKind};
use super::expression::mk;
use super::{PResult, Parser};

/// Decodes the escapes of a (non-raw) string body; `offset` is the body's byte offset, for
/// error spans. Returns the decoded text, or bytes for a bytes literal.
fn decode(body: &str, raw: bool, bytes: bool, offset: u32) -> PResult<Vec<u32>> {
    let mut out: Vec<u32> = Vec::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if bytes && !c.is_ascii() {
            return Err(SyntaxError::new(
                "bytes can only contain ASCII literal characters",
                Span::new(offset, offset),
            ));
        }
        if c == '\r' && chars.peek().map(|x| x.1) == Some('\n') {
            continue;
        }
        if c != '\\' || raw {
            out.push(c as u32);
            if c == '\\' {
                // In a raw string a backslash still protects the next character (a quote).
                if let Some(&(_, n)) = chars.peek() {
                    out.push(n as u32);
                    chars.next();
                }
            }
            continue;
        }
        let Some((_, e)) = chars.next() else {
            out.push('\\' as u32);
            break;
        };
        let at = offset + i as u32;
        let hex = |chars: &mut std::iter::Peekable<std::str::CharIndices>, n: usize, what: &str| {
            let mut v: u32 = 0;
            for k in 0..n {
                match chars.peek().and_then(|x| x.1.to_digit(16)) {
                    Some(d) => {
                        v = v * 16 + d;
                        chars.next();
                    }
                    None => {
                        let _ = k;
                        return Err(SyntaxError::new(
                            format!("(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: truncated {what} escape", i, i + 1 + k),
                            Span::new(at, at),
                        ));
                    }
                }
            }
            Ok(v)
        };
        match e {
            '\n' => {}
            '\r' => {
                if chars.peek().map(|x| x.1) == Some('\n') {
                    chars.next();
                }
            }
            '\\' => out.push('\\' as u32),
            '\'' => out.push('\'' as u32),
            '"' => out.push('"' as u32),
            'a' => out.push(7),
            'b' => out.push(8),
            'f' => out.push(12),
            'n' => out.push(10),
            'r' => out.push(13),
            't' => out.push(9),
            'v' => out.push(11),
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek().and_then(|x| x.1.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(v);
            }
            'x' => {
                let v = hex(&mut chars, 2, "\\xXX").map_err(|_| {
                    let codec = if bytes {
                        "(value error) invalid \\x escape at position ".to_string() + &i.to_string()
                    } else {
                        format!("(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: truncated \\xXX escape", i, i + 1)
                    };
                    SyntaxError::new(codec, Span::new(at, at))
                })?;
                out.push(v);
            }
            'u' if !bytes => out.push(hex(&mut chars, 4, "\\uXXXX")?),
            'U' if !bytes => {
                let v = hex(&mut chars, 8, "\\UXXXXXXXX")?;
                if char::from_u32(v).is_none() {
                    return Err(SyntaxError::new(
                        format!("(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: illegal Unicode character", i, i + 9),
                        Span::new(at, at),
                    ));
                }
                out.push(v);
            }
            'N' if !bytes => {
                return Err(SyntaxError::new(
                    "\\N{...} escapes are not supported",
                    Span::new(at, at + 2),
                ))
            }
            other => {
                out.push('\\' as u32);
                out.push(other as u32);
            }
        }
    }
    Ok(out)
}

fn to_string(units: &[u32]) -> String {
    units
        .iter()
        .map(|&u| char::from_u32(u).unwrap_or('\u{FFFD}'))
        .collect()
}

/// Accumulates f-string parts, merging adjacent literal text as CPython does.
#[derive(Default)]
struct Parts {
    parts: Vec<FStringPart>,
    text: String,
}

impl Parts {
    fn lit(&mut self, s: &str) {
        self.text.push_str(s);
    }
    fn flush(&mut self) {
        if !self.text.is_empty() {
            let t = std::mem::take(&mut self.text);
            self.parts.push(FStringPart::Literal(Rc::from(t)));
        }
    }
    fn push(&mut self, p: FStringPart) {
        self.flush();
        self.parts.push(p);
    }
    fn finish(mut self) -> Vec<FStringPart> {
        self.flush();
        self.parts
    }
}

impl Parser<'_> {
    /// One or more adjacent string literals, concatenated.
    pub(crate) fn strings(&mut self) -> PResult<Expr> {
        let mut toks: Vec<(StrToken, Span)> = Vec::new();
        while let TokenKind::Str(s) = self.peek() {
            let s = *s;
            let span = self.bump().span;
            toks.push((s, span));
        }
        let start = toks[0].1.start;
        let end = toks[toks.len() - 1].1.end;
        let span = Span::new(start, end);
        let any_bytes = toks.iter().any(|t| t.0.bytes);
        if any_bytes && toks.iter().any(|t| !t.0.bytes) {
            return Err(SyntaxError::new(
                "cannot mix bytes and nonbytes literals",
                Span::new(end, end),
            ));
        }
        if any_bytes {
            let mut out = Vec::new();
            for (t, tspan) in &toks {
                let body = &self.src[t.body_start as usize..t.body_end as usize];
                let units = decode(body, t.raw, true, t.body_start).map_err(|mut e| {
                    if e.message.starts_with("bytes can only") {
                        e.span = *tspan;
                    }
                    e
                })?;
                out.extend(units.iter().map(|&u| u as u8));
            }
            return Ok(mk(ExprKind::Constant(Constant::Bytes(Rc::from(out))), span));
        }
        if !toks.iter().any(|t| t.0.fstring) {
            let mut out = String::new();
            for (t, _) in &toks {
                let body = &self.src[t.body_start as usize..t.body_end as usize];
                out.push_str(&to_string(&decode(body, t.raw, false, t.body_start)?));
            }
            return Ok(mk(ExprKind::Constant(Constant::Str(Rc::from(out))), span));
        }
        let mut parts = Parts::default();
        for (t, _) in &toks {
            let body = &self.src[t.body_start as usize..t.body_end as usize];
            if !t.fstring {
                parts.lit(&to_string(&decode(body, t.raw, false, t.body_start)?));
                continue;
            }
            let mut i = t.body_start as usize;
            self.fstring_body(&mut i, t.body_end as usize, t, &mut parts, 0)?;
        }
        Ok(mk(ExprKind::JoinedStr(parts.finish()), span))
    }

    /// Parses f-string text from `*i` up to `end` (or, inside a format spec, up to the `}`
    /// closing the field), pushing literal and formatted parts.
    fn fstring_body(
        &mut self,
        i: &mut usize,
        end: usize,
        t: &StrToken,
        parts: &mut Parts,
        nesting: u32,
    ) -> PResult<()> {
        let bytes = self.src.as_bytes();
        let mut lit_start = *i;
        let flush_lit =
            |p: &mut Parser, from: usize, to: usize, parts: &mut Parts| -> PResult<()> {
                if to > from {
                    let text = &p.src[from..to];
                    parts.lit(&to_string(&decode(text, t.raw, false, from as u32)?));
                }
                Ok(())
            };
        while *i < end {
            let c = bytes[*i];
            if c == b'\\' && !t.raw {
                *i += 2;
                continue;
            }
            if c == b'{' {
                if nesting == 0 && bytes.get(*i + 1) == Some(&b'{') {
                    flush_lit(self, lit_start, *i + 1, parts)?;
                    *i += 2;
                    lit_start = *i;
                    continue;
                }
                flush_lit(self, lit_start, *i, parts)?;
                self.fstring_field(i, end, t, parts, nesting)?;
                lit_start = *i;
                continue;
            }
            if c == b'}' {
                if nesting > 0 {
                    break;
                }
                if bytes.get(*i + 1) == Some(&b'}') {
                    flush_lit(self, lit_start, *i + 1, parts)?;
                    *i += 2;
                    lit_start = *i;
                    continue;
                }
                return Err(SyntaxError::new(
                    "f-string: single '}' is not allowed",
                    Span::new(*i as u32, *i as u32 + 1),
                ));
            }
            *i += 1;
        }
        flush_lit(self, lit_start, (*i).min(end), parts)?;
        Ok(())
    }

    /// Parses one `{expr[=][!c][:spec]}` field starting at the `{` at `*i`.
    fn fstring_field(
        &mut self,
        i: &mut usize,
        end: usize,
        t: &StrToken,
        parts: &mut Parts,
        nesting: u32,
    ) -> PResult<()> {
        let bytes = self.src.as_bytes();
        let open = *i;
        if nesting >= 2 {
            return Err(SyntaxError::new(
                "f-string: expressions nested too deeply",
                Span::new(open as u32, open as u32 + 1),
            ));
        }
        *i += 1;
        let expr_start = *i;
        let mut depth = 0usize;
        let mut quote: Option<u8> = None;
        let mut debug_end: Option<usize> = None;
        let err = |msg: &str, at: usize| SyntaxError::new(msg, Span::new(at as u32, at as u32 + 1));
        // Find the end of the expression.
        let expr_end = loop {
            if *i >= end {
                return Err(err("f-string: expecting '}'", open));
            }
            let c = bytes[*i];
            if c == b'\\' {
                return Err(err(
                    "f-string expression part cannot include a backslash",
                    *i,
                ));
            }
            if let Some(q) = quote {
                if c == q {
                    quote = None;
                }
                *i += 1;
                continue;
            }
            match c {
                b'\'' | b'"' => {
                    if c == t.quote && !t.triple {
                        return Err(err("f-string: expecting '}'", open));
                    }
                    quote = Some(c);
                }
                b'#' => return Err(err("f-string expression part cannot include '#'", *i)),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' => {
                    if depth == 0 {
                        return Err(err(&format!("f-string: unmatched '{}'", c as char), *i));
                    }
                    depth -= 1;
                }
                b'}' if depth > 0 => depth -= 1,
                b'}' => break *i,
                b'=' if depth == 0 => {
                    let next = bytes.get(*i + 1).copied();
                    let prev = if *i > expr_start { bytes[*i - 1] } else { 0 };
                    if next == Some(b'=') {
                        *i += 2;
                        continue;
                    }
                    if matches!(prev, b'=' | b'!' | b'<' | b'>') {
                        *i += 1;
                        continue;
                    }
                    let e = *i;
                    *i += 1;
                    while *i < end && bytes[*i].is_ascii_whitespace() {
                        *i += 1;
                    }
                    debug_end = Some(*i);
                    break e;
                }
                b'!' if depth == 0 && bytes.get(*i + 1) != Some(&b'=') => break *i,
                b':' if depth == 0 => break *i,
                _ => {}
            }
            *i += 1;
        };
        if self.src[expr_start..expr_end].trim().is_empty() {
            return Err(err("f-string: empty expression not allowed", open));
        }
        let value = self.fstring_expr(expr_start, expr_end)?;
        let debug_text = debug_end.map(|d| Rc::from(&self.src[expr_start..d]));
        if let Some(text) = &debug_text {
            parts.lit(text);
        }
        let mut conversion = None;
        if *i < end && bytes[*i] == b'!' {
            *i += 1;
            let c = bytes.get(*i).copied().filter(|_| *i < end);
            match c {
                Some(c @ (b's' | b'r' | b'a'))
                    if matches!(bytes.get(*i + 1), Some(b'}') | Some(b':')) =>
                {
                    conversion = Some(c as char);
                    *i += 1;
                }
                None => return Err(err("f-string: expecting '}'", open)),
                _ => {
                    return Err(err(
                        "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                        *i,
                    ))
                }
            }
        }
        let mut format_spec = None;
        if *i < end && bytes[*i] == b':' {
            *i += 1;
            let mut spec = Parts::default();
            self.fstring_body(i, end, t, &mut spec, nesting + 1)?;
            format_spec = Some(spec.finish());
        }
        if *i >= end || bytes[*i] != b'}' {
            return Err(err("f-string: expecting '}'", open));
        }
        *i += 1;
        if debug_text.is_some() && conversion.is_none() && format_spec.is_none() {
            conversion = Some('r');
        }
        parts.push(FStringPart::Formatted {
            value: Box::new(value),
            conversion,
            format_spec,
            debug_text,
        });
        Ok(())
    }

    /// Parses the expression of a replacement field, `src[start..end]`, as if parenthesised.
    fn fstring_expr(&mut self, start: usize, end: usize) -> PResult<Expr> {
        let lexed = lexer::lex_fragment(self.src, start, end);
        if let Some(e) = lexed.error {
            return Err(prefix(e.error));
        }
        let mut sub = Parser::new(self.src, lexed.tokens, false, self.depth, 1);
        let e = if sub.at_kw(super::super::token::Kw::Yield) {
            sub.yield_expr()
        } else {
            sub.star_expressions()
        };
        let e = e.map_err(prefix)?;
        if !sub.at_end() {
            return Err(prefix(sub.invalid_syntax()));
        }
        Ok(e)
    }
}

fn prefix(mut e: SyntaxError) -> SyntaxError {
    if e.message == "unexpected EOF while parsing" {
        e.message = "invalid syntax".into();
    }
    if !e.message.starts_with("f-string") {
        e.message = format!("f-string: {}", e.message);
    }
    e
}
