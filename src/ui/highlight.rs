//! A tiny syntax highlighter for the editor's overlay: splits a script into classified byte
//! ranges (keywords, builtins, strings, numbers, comments, decorators, function names). Plain
//! data, no DOM; lenient on broken input (it never fails, it just colours less).

/// What a highlighted range is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Anything else (names, operators, whitespace).
    Plain,
    /// A keyword (`async`, `await`, `def`, `for`...).
    Keyword,
    /// A builtin name or constant (`print`, `asyncio`, `True`, `None`).
    Builtin,
    /// A string literal, including its prefix and quotes.
    Str,
    /// A number.
    Number,
    /// A `#` comment.
    Comment,
    /// A decorator (`@name`).
    Decorator,
    /// The name after `def` or `class`.
    Definition,
}

impl TokenKind {
    /// The CSS class suffix for this kind (`kw`, `bi`, `str`...).
    pub fn class(self) -> &'static str {
        match self {
            TokenKind::Plain => "pl",
            TokenKind::Keyword => "kw",
            TokenKind::Builtin => "bi",
            TokenKind::Str => "str",
            TokenKind::Number => "num",
            TokenKind::Comment => "com",
            TokenKind::Decorator => "dec",
            TokenKind::Definition => "def",
        }
    }
}

/// A classified byte range `start..end` of the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Its kind.
    pub kind: TokenKind,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

const BUILTINS: &[&str] = &[
    "print",
    "len",
    "range",
    "str",
    "int",
    "float",
    "list",
    "dict",
    "set",
    "tuple",
    "type",
    "repr",
    "sorted",
    "sum",
    "min",
    "max",
    "enumerate",
    "zip",
    "isinstance",
    "asyncio",
    "time",
    "random",
    "self",
    "super",
    "Exception",
    "ValueError",
    "RuntimeError",
    "TypeError",
    "KeyError",
    "TimeoutError",
    "ExceptionGroup",
    "BaseException",
    "object",
    "abs",
    "any",
    "all",
    "map",
    "filter",
    "iter",
    "next",
    "bool",
    "round",
];

/// Splits `source` into tokens covering it entirely, in order (adjacent plain text merged).
pub fn highlight(source: &str) -> Vec<Token> {
    let bytes = source.as_bytes();
    let mut out: Vec<Token> = Vec::new();
    let mut push = |kind: TokenKind, start: usize, end: usize| {
        if start >= end {
            return;
        }
        if let Some(last) = out.last_mut() {
            if last.kind == kind && last.end == start {
                last.end = end;
                return;
            }
        }
        out.push(Token { kind, start, end });
    };
    let mut i = 0;
    let mut after_def = false;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'#' {
            let end = memchr(b'\n', bytes, i).unwrap_or(bytes.len());
            push(TokenKind::Comment, i, end);
            i = end;
        } else if c == b'@' && line_prefix_is_blank(bytes, i) {
            let mut end = i + 1;
            while end < bytes.len() && (is_ident(bytes[end]) || bytes[end] == b'.') {
                end += 1;
            }
            push(TokenKind::Decorator, i, end);
            i = end;
        } else if c == b'"' || c == b'\'' {
            let end = string_end(bytes, i);
            push(TokenKind::Str, i, end);
            i = end;
        } else if c.is_ascii_digit()
            || (c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let mut end = i + 1;
            while end < bytes.len()
                && (bytes[end].is_ascii_alphanumeric()
                    || bytes[end] == b'.'
                    || bytes[end] == b'_'
                    || ((bytes[end] == b'+' || bytes[end] == b'-')
                        && matches!(bytes[end - 1], b'e' | b'E')))
            {
                end += 1;
            }
            push(TokenKind::Number, i, end);
            i = end;
        } else if is_ident_start(c) {
            let mut end = i + 1;
            while end < bytes.len() && is_ident(bytes[end]) {
                end += 1;
            }
            let word = &source[i..end];
            // String prefixes: r"", b'', f"", rb"" ...
            if end < bytes.len()
                && (bytes[end] == b'"' || bytes[end] == b'\'')
                && word.len() <= 2
                && word.chars().all(|ch| "rRbBfFuU".contains(ch))
            {
                let close = string_end(bytes, end);
                push(TokenKind::Str, i, close);
                i = close;
                continue;
            }
            let kind = if after_def {
                after_def = false;
                TokenKind::Definition
            } else if KEYWORDS.contains(&word) {
                after_def = word == "def" || word == "class";
                TokenKind::Keyword
            } else if BUILTINS.contains(&word) {
                TokenKind::Builtin
            } else {
                TokenKind::Plain
            };
            push(kind, i, end);
            i = end;
        } else {
            let len = utf8_len(c);
            push(TokenKind::Plain, i, (i + len).min(bytes.len()));
            i += len;
        }
    }
    out
}

fn memchr(needle: u8, bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == needle)
        .map(|p| p + from)
}

fn line_prefix_is_blank(bytes: &[u8], i: usize) -> bool {
    bytes[..i]
        .iter()
        .rev()
        .take_while(|&&b| b != b'\n')
        .all(|&b| b == b' ' || b == b'\t')
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// The end of the string literal whose opening quote is at `start` (past its closing quote;
/// at the end of the line for an unclosed one-line string, at the end of the source for an
/// unclosed triple-quoted one).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let triple = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    let mut i = start + if triple { 3 } else { 1 };
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\\' {
            i += 2;
            continue;
        }
        if triple {
            if c == quote && bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                return i + 3;
            }
        } else if c == quote {
            return i + 1;
        } else if c == b'\n' {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<(TokenKind, &str)> {
        highlight(source)
            .into_iter()
            .filter(|t| t.kind != TokenKind::Plain)
            .map(|t| (t.kind, &source[t.start..t.end]))
            .collect()
    }

    #[test]
    fn tokens_cover_the_whole_source_in_order() {
        let source = "async def main():\n    await x  # é\n";
        let tokens = highlight(source);
        assert_eq!(tokens.first().map(|t| t.start), Some(0));
        assert_eq!(tokens.last().map(|t| t.end), Some(source.len()));
        for pair in tokens.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
    }

    #[test]
    fn keywords_builtins_and_definitions_are_classified() {
        assert_eq!(
            kinds("async def main():\n    print(await asyncio.sleep(1))"),
            vec![
                (TokenKind::Keyword, "async"),
                (TokenKind::Keyword, "def"),
                (TokenKind::Definition, "main"),
                (TokenKind::Builtin, "print"),
                (TokenKind::Keyword, "await"),
                (TokenKind::Builtin, "asyncio"),
                (TokenKind::Number, "1"),
            ]
        );
    }

    #[test]
    fn strings_with_prefixes_escapes_and_triple_quotes() {
        assert_eq!(
            kinds(
                r#"f"{a}\"b" + '''x
y''' + rb'z'"#
            ),
            vec![
                (TokenKind::Str, r#"f"{a}\"b""#),
                (TokenKind::Str, "'''x\ny'''"),
                (TokenKind::Str, "rb'z'"),
            ]
        );
    }

    #[test]
    fn an_unclosed_string_stops_at_the_end_of_its_line() {
        assert_eq!(
            kinds("x = 'abc\nprint(1)"),
            vec![
                (TokenKind::Str, "'abc"),
                (TokenKind::Builtin, "print"),
                (TokenKind::Number, "1")
            ]
        );
    }

    #[test]
    fn comments_numbers_and_decorators() {
        assert_eq!(
            kinds("@dataclass\nx = 1.5e-3  # sleep(2)\ny = a @ b"),
            vec![
                (TokenKind::Decorator, "@dataclass"),
                (TokenKind::Number, "1.5e-3"),
                (TokenKind::Comment, "# sleep(2)"),
            ]
        );
    }

    #[test]
    fn names_containing_keywords_stay_plain() {
        assert!(kinds("awaited = asyncio_x + import_").is_empty());
    }
}
