//! Tokens produced by the [lexer](super::lexer): Python 3.11's token kinds with byte spans.

use std::rc::Rc;

use super::ast::Span;

/// One token and where it is in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Its byte range in the source.
    pub span: Span,
}

/// A string literal token, not yet decoded (the parser decodes escapes and f-strings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StrToken {
    /// `r` prefix: escapes are not processed.
    pub raw: bool,
    /// `b` prefix: a bytes literal.
    pub bytes: bool,
    /// `f` prefix: an f-string.
    pub fstring: bool,
    /// Byte offset of the first character after the opening quote(s).
    pub body_start: u32,
    /// Byte offset of the closing quote(s).
    pub body_end: u32,
    /// The quote character (`'` or `"`).
    pub quote: u8,
    /// Triple-quoted.
    pub triple: bool,
}

/// The kinds of token.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind {
    /// An identifier (soft keywords like `match` are names too).
    Name(Rc<str>),
    /// An integer literal, already converted to its decimal digits.
    Int(Rc<str>),
    /// A float literal.
    Float(f64),
    /// An imaginary literal (`3j`).
    Imag(f64),
    /// A string or bytes literal (possibly an f-string).
    Str(StrToken),
    /// A hard keyword.
    Kw(Kw),
    /// An operator or delimiter.
    Op(Op),
    /// End of a logical line.
    Newline,
    /// The indentation grew.
    Indent,
    /// The indentation shrank by one level.
    Dedent,
    /// End of input.
    EndMarker,
    /// A character that starts no token (`$`, `?`, a lone `!`): CPython's tokenizer passes
    /// it on and the parser reports `invalid syntax` there.
    Invalid(char),
}

macro_rules! keywords {
    ($($name:ident => $text:literal),* $(,)?) => {
        /// Python 3.11's hard keywords.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Kw {
            $(
                #[doc = concat!("`", $text, "`")]
                $name,
            )*
        }
        impl Kw {
            /// The keyword spelled by `text`, if any.
            pub fn from_text(text: &str) -> Option<Kw> {
                match text {
                    $($text => Some(Kw::$name),)*
                    _ => None,
                }
            }
            /// The keyword's source text.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Kw::$name => $text,)*
                }
            }
        }
    };
}

keywords! {
    False => "False", None => "None", True => "True", And => "and", As => "as",
    Assert => "assert", Async => "async", Await => "await", Break => "break",
    Class => "class", Continue => "continue", Def => "def", Del => "del", Elif => "elif",
    Else => "else", Except => "except", Finally => "finally", For => "for", From => "from",
    Global => "global", If => "if", Import => "import", In => "in", Is => "is",
    Lambda => "lambda", Nonlocal => "nonlocal", Not => "not", Or => "or", Pass => "pass",
    Raise => "raise", Return => "return", Try => "try", While => "while", With => "with",
    Yield => "yield",
}

macro_rules! operators {
    ($($name:ident => $text:literal),* $(,)?) => {
        /// Operators and delimiters.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Op {
            $(
                #[doc = concat!("`", $text, "`")]
                $name,
            )*
        }
        impl Op {
            /// The operator's source text.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Op::$name => $text,)*
                }
            }
        }
        /// All operators, longest first (the lexer matches greedily in this order).
        pub(crate) const OPERATORS: &[(&str, Op)] = &[$(($text, Op::$name),)*];
    };
}

operators! {
    Ellipsis => "...", DoubleStarEqual => "**=", DoubleSlashEqual => "//=",
    LeftShiftEqual => "<<=", RightShiftEqual => ">>=",
    EqEqual => "==", NotEqual => "!=", LessEqual => "<=", GreaterEqual => ">=",
    LeftShift => "<<", RightShift => ">>", DoubleStar => "**", DoubleSlash => "//",
    PlusEqual => "+=", MinusEqual => "-=", StarEqual => "*=", SlashEqual => "/=",
    PercentEqual => "%=", AmperEqual => "&=", VbarEqual => "|=", CircumflexEqual => "^=",
    AtEqual => "@=", Rarrow => "->", ColonEqual => ":=",
    Lpar => "(", Rpar => ")", Lsqb => "[", Rsqb => "]", Lbrace => "{", Rbrace => "}",
    Colon => ":", Comma => ",", Semi => ";", Plus => "+", Minus => "-", Star => "*",
    Slash => "/", Vbar => "|", Amper => "&", Less => "<", Greater => ">", Equal => "=",
    Dot => ".", Percent => "%", Tilde => "~", Circumflex => "^", At => "@",
}

impl TokenKind {
    /// How the token is described in messages.
    pub fn describe(&self) -> String {
        match self {
            TokenKind::Name(n) => n.to_string(),
            TokenKind::Kw(k) => k.as_str().to_string(),
            TokenKind::Op(o) => o.as_str().to_string(),
            TokenKind::Newline => "newline".into(),
            TokenKind::Indent => "indent".into(),
            TokenKind::Dedent => "dedent".into(),
            TokenKind::EndMarker => "end of file".into(),
            TokenKind::Int(_) | TokenKind::Float(_) | TokenKind::Imag(_) => "number".into(),
            TokenKind::Str(_) => "string".into(),
            TokenKind::Invalid(c) => c.to_string(),
        }
    }
}
