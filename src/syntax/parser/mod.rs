//! The parser: recursive descent over the [lexer](super::lexer)'s tokens, with precedence
//! climbing for binary operators, producing the [`ast`](super::ast) with byte spans.
//!
//! Statements live in `statement.rs`, expressions in `expression.rs`, string and f-string
//! decoding in `strings.rs`. Errors follow CPython 3.11's messages for the common mistakes;
//! constructs the AST cannot represent (e.g. `match`) are refused with a clear message.

mod expression;
mod statement;
mod strings;

use std::rc::Rc;

use super::ast::{Expr, ExprKind, Module, Scope, Span};
use super::error::SyntaxError;
use super::lexer::{self, LexError, LexErrorKind};
use super::line_col;
use super::token::{Kw, Op, Token, TokenKind};

/// The deepest nesting of expressions and blocks the parser accepts before refusing the
/// program (CPython's tokenizer allows 200 nested brackets; our recursion is deeper per level,
/// so the cap keeps the native and wasm stacks safe).
const MAX_DEPTH: usize = 100;

/// The deepest expression tree the parser builds: left-associative chains (`a + b + ...`,
/// `f()()...`, `a.b.c...`) nest the tree without recursing in the parser, but later passes
/// (scopes, evaluator, even `Drop`) recurse over the tree, so its depth is capped too.
const MAX_TREE_DEPTH: usize = 400;

type PResult<T> = Result<T, SyntaxError>;

/// Parses a module without resolving scopes (see [`super::parse_module`]).
pub fn parse(source: &str) -> Result<Module, SyntaxError> {
    let lexed = lexer::lex(source);
    let mut p = Parser::new(source, lexed.tokens, lexed.error.is_some(), 0, 0);
    let result = p.module();
    match (result, lexed.error) {
        (Ok(m), None) => Ok(m),
        (Ok(_), Some(le)) => Err(le.error),
        (Err(e), None) => Err(e),
        (Err(e), Some(le)) => {
            let furthest = p.tokens[p.furthest.get().min(p.tokens.len() - 1)]
                .span
                .start;
            let furthest_line = line_col(source, furthest as usize).0;
            Err(choose_error(e, le, p.reached_end.get(), furthest_line))
        }
    }
}

/// Decides between a parser error and a lexer error found later, as CPython does: after a
/// parse error it tokenizes the rest of the file; a tokenizer error wins, and so does an
/// unclosed bracket opened before the line of the furthest token the parser looked at.
fn choose_error(
    e: SyntaxError,
    le: LexError,
    reached_end: bool,
    furthest_line: usize,
) -> SyntaxError {
    // Errors at an INDENT/DEDENT token are final in CPython (it does not look further).
    if e.message == "unexpected indent" || e.message == "unexpected unindent" {
        return e;
    }
    if reached_end {
        return le.error;
    }
    match le.kind {
        LexErrorKind::Direct => le.error,
        LexErrorKind::Unclosed(line) if furthest_line > line => le.error,
        _ => e,
    }
}

/// The parser state: the token stream and a cursor.
pub(crate) struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    /// The token stream ends early because of a lexing error.
    lex_failed: bool,
    /// The parser looked at the final token (so a lexing error there is the real error).
    reached_end: std::cell::Cell<bool>,
    /// The furthest token index the parser looked at (including speculative parses).
    furthest: std::cell::Cell<usize>,
    /// Current recursion depth (expressions and blocks).
    depth: usize,
    /// How many brackets enclose the current position (for "Perhaps you forgot a comma?").
    parens: usize,
    /// Extra tree depth from the left-associative chains being built.
    chain: usize,
    /// Inside a speculative parse for an error hint: no further hints.
    speculating: bool,
}

impl<'a> Parser<'a> {
    fn new(
        src: &'a str,
        tokens: Vec<Token>,
        lex_failed: bool,
        depth: usize,
        parens: usize,
    ) -> Self {
        Parser {
            src,
            tokens,
            pos: 0,
            lex_failed,
            reached_end: std::cell::Cell::new(false),
            furthest: std::cell::Cell::new(0),
            depth,
            parens,
            chain: 0,
            speculating: false,
        }
    }

    fn module(&mut self) -> PResult<Module> {
        let mut body = Vec::new();
        loop {
            match self.peek() {
                TokenKind::EndMarker => break,
                TokenKind::Newline => {
                    self.bump();
                }
                TokenKind::Indent => {
                    return Err(SyntaxError::indentation(
                        "unexpected indent",
                        self.tok().span,
                    ))
                }
                _ => body.extend(self.statement()?),
            }
        }
        Ok(Module {
            body,
            scope: Scope::default(),
        })
    }

    // ----- token helpers -----

    fn tok(&self) -> &Token {
        if self.pos + 1 >= self.tokens.len() {
            self.reached_end.set(true);
        }
        if self.pos > self.furthest.get() {
            self.furthest.set(self.pos);
        }
        let i = self.pos.min(self.tokens.len() - 1);
        &self.tokens[i]
    }

    fn peek(&self) -> &TokenKind {
        &self.tok().kind
    }

    fn peek_nth(&self, n: usize) -> &TokenKind {
        let i = (self.pos + n).min(self.tokens.len() - 1);
        if i > self.furthest.get() {
            self.furthest.set(i);
        }
        &self.tokens[i].kind
    }

    fn span(&self) -> Span {
        self.tok().span
    }

    /// The end of the previous token.
    fn prev_end(&self) -> u32 {
        if self.pos == 0 {
            0
        } else {
            self.tokens[self.pos - 1].span.end
        }
    }

    fn bump(&mut self) -> Token {
        let t = self.tok().clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    fn at_op(&self, op: Op) -> bool {
        matches!(self.peek(), TokenKind::Op(o) if *o == op)
    }

    fn at_kw(&self, kw: Kw) -> bool {
        matches!(self.peek(), TokenKind::Kw(k) if *k == kw)
    }

    fn eat_op(&mut self, op: Op) -> bool {
        if self.at_op(op) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn eat_kw(&mut self, kw: Kw) -> bool {
        if self.at_kw(kw) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect_op(&mut self, op: Op) -> PResult<Span> {
        if self.at_op(op) {
            Ok(self.bump().span)
        } else if op == Op::Colon {
            Err(self.expected_colon())
        } else {
            Err(self.invalid_syntax())
        }
    }

    /// CPython's `expected ':'`, at the end of the previous token.
    fn expected_colon(&mut self) -> SyntaxError {
        if matches!(self.peek(), TokenKind::Newline) || self.lex_failed && self.at_end() {
            let at = self.prev_end();
            SyntaxError::new("expected ':'", Span::new(at, at))
        } else {
            self.invalid_syntax()
        }
    }

    /// Where CPython reports errors found at the current token: a DEDENT or the end of file
    /// has no text, so CPython points at the end of the last line instead.
    fn anchor(&self) -> Span {
        let t = self.tok();
        let text_end = self.src.trim_end_matches(['\n', '\r']).len();
        if matches!(t.kind, TokenKind::Dedent | TokenKind::EndMarker)
            && t.span.start as usize >= text_end
        {
            return Span::new(text_end as u32, text_end as u32);
        }
        t.span
    }

    /// A token CPython's grammar forces (`&&':'`): any other token gives "expected ':'".
    fn expect_forced(&mut self, op: Op) -> PResult<Span> {
        if self.at_op(op) {
            return Ok(self.bump().span);
        }
        if self.lex_failed && self.at_end() {
            return Err(self.invalid_syntax());
        }
        let span = if matches!(self.peek(), TokenKind::Newline) {
            Span::new(self.prev_end(), self.prev_end())
        } else {
            self.tok().span
        };
        Err(SyntaxError::new(
            format!("expected '{}'", op.as_str()),
            span,
        ))
    }

    fn at_end(&self) -> bool {
        matches!(self.peek(), TokenKind::EndMarker)
    }

    fn expect_name(&mut self) -> PResult<(Rc<str>, Span)> {
        match self.peek().clone() {
            TokenKind::Name(n) => {
                let span = self.bump().span;
                Ok((n, span))
            }
            _ => Err(self.invalid_syntax()),
        }
    }

    /// The generic error at the current token.
    fn invalid_syntax(&mut self) -> SyntaxError {
        let tok = self.tok().clone();
        match tok.kind {
            TokenKind::Indent => SyntaxError::indentation("unexpected indent", tok.span),
            TokenKind::Dedent => SyntaxError::indentation("unexpected unindent", tok.span),
            TokenKind::EndMarker if !self.lex_failed => {
                SyntaxError::new("unexpected EOF while parsing", tok.span)
            }
            TokenKind::Newline if tok.span.start == tok.span.end => {
                // The implicit NEWLINE at end of file: CPython points just past the text.
                SyntaxError::new("invalid syntax", tok.span)
            }
            _ => SyntaxError::new("invalid syntax", tok.span),
        }
    }

    fn line_of(&self, offset: u32) -> usize {
        line_col(self.src, offset as usize).0
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let tok = self.tok();
            let bracket = matches!(tok.kind, TokenKind::Op(Op::Lpar | Op::Lsqb | Op::Lbrace));
            let message = if bracket {
                "too many nested parentheses".to_string()
            } else {
                format!("expression too complex (more than {MAX_DEPTH} nested levels)")
            };
            return Err(SyntaxError::new(message, tok.span));
        }
        Ok(())
    }

    /// Accounts for one more level of a left-associative chain.
    fn chain_step(&mut self) -> PResult<()> {
        self.chain += 1;
        if self.depth + self.chain > MAX_TREE_DEPTH {
            let span = self.tok().span;
            return Err(SyntaxError::new(
                format!("expression too complex (more than {MAX_TREE_DEPTH} nested operations)"),
                span,
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn is_parenthesized(&self, e: &Expr) -> bool {
        // A parenthesised expression keeps its inner span; look for a '(' before it.
        let before = &self.src[..e.span.start as usize];
        before.trim_end().ends_with('(') && {
            let after = &self.src[e.span.end as usize..];
            after.trim_start().starts_with(')')
        }
    }
}

/// CPython's name for an expression kind in messages (`_PyPegen_get_expr_name`).
pub(crate) fn expr_name(e: &Expr) -> &'static str {
    use super::ast::Constant;
    match &e.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred(_) => "starred",
        ExprKind::Name { .. } => "name",
        ExprKind::List(_) => "list",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::Lambda(_) => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp(_) => "generator expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::ListComp(_) => "list comprehension",
        ExprKind::SetComp(_) => "set comprehension",
        ExprKind::DictComp(_) => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::JoinedStr(_) => "f-string expression",
        ExprKind::Constant(c) => match c {
            Constant::None => "None",
            Constant::Bool(true) => "True",
            Constant::Bool(false) => "False",
            Constant::Ellipsis => "ellipsis",
            _ => "literal",
        },
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

/// Which kind of target is being checked (the messages differ).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum TargetKind {
    /// Assignment, `for`, `with ... as`, comprehension targets.
    Store,
    /// `del` targets.
    Del,
}

/// The innermost expression that makes `e` an invalid target (`_PyPegen_get_invalid_target`).
pub(crate) fn invalid_target(e: &Expr, kind: TargetKind) -> Option<&Expr> {
    match &e.kind {
        ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => None,
        ExprKind::Tuple(elts) | ExprKind::List(elts) => {
            elts.iter().find_map(|x| invalid_target(x, kind))
        }
        ExprKind::Starred(inner) if kind == TargetKind::Store => invalid_target(inner, kind),
        _ => Some(e),
    }
}
