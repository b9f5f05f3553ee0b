//! Statement parsing: simple statements (assignments, `return`, `import`, ...) and compound
//! statements with their indented blocks.

use std::rc::Rc;

use super::super::ast::{
    Alias, BinOp, ClassDef, Constant, ExceptHandler, Expr, ExprKind, FunctionDef, NameScope, Scope,
    Span, Stmt, StmtKind, WithItem,
};
use super::super::error::SyntaxError;
use super::super::token::{Kw, Op, TokenKind};
use super::expression::{is_bitwise_level, mk};
use super::{expr_name, invalid_target, PResult, Parser, TargetKind};

fn aug_op(op: Op) -> Option<BinOp> {
    Some(match op {
        Op::PlusEqual => BinOp::Add,
        Op::MinusEqual => BinOp::Sub,
        Op::StarEqual => BinOp::Mult,
        Op::AtEqual => BinOp::MatMult,
        Op::SlashEqual => BinOp::Div,
        Op::PercentEqual => BinOp::Mod,
        Op::AmperEqual => BinOp::BitAnd,
        Op::VbarEqual => BinOp::BitOr,
        Op::CircumflexEqual => BinOp::BitXor,
        Op::LeftShiftEqual => BinOp::LShift,
        Op::RightShiftEqual => BinOp::RShift,
        Op::DoubleStarEqual => BinOp::Pow,
        Op::DoubleSlashEqual => BinOp::FloorDiv,
        _ => return None,
    })
}

fn stmt(kind: StmtKind, start: u32, end: u32) -> Stmt {
    Stmt {
        kind,
        span: Span::new(start, end),
    }
}

impl Parser<'_> {
    /// One statement (a simple-statement line may hold several, separated by `;`).
    pub(crate) fn statement(&mut self) -> PResult<Vec<Stmt>> {
        self.enter()?;
        let r = self.statement_inner();
        self.leave();
        r
    }

    fn statement_inner(&mut self) -> PResult<Vec<Stmt>> {
        let s = match self.peek().clone() {
            TokenKind::Kw(Kw::If) => self.if_stmt()?,
            TokenKind::Kw(Kw::While) => self.while_stmt()?,
            TokenKind::Kw(Kw::For) => self.for_stmt(None)?,
            TokenKind::Kw(Kw::Try) => self.try_stmt()?,
            TokenKind::Kw(Kw::With) => self.with_stmt(None)?,
            TokenKind::Kw(Kw::Def) => self.funcdef(Vec::new(), None)?,
            TokenKind::Kw(Kw::Class) => self.classdef(Vec::new())?,
            TokenKind::Op(Op::At) => self.decorated()?,
            TokenKind::Kw(Kw::Async) => {
                let start = self.bump().span.start;
                match self.peek() {
                    TokenKind::Kw(Kw::Def) => self.funcdef(Vec::new(), Some(start))?,
                    TokenKind::Kw(Kw::For) => self.for_stmt(Some(start))?,
                    TokenKind::Kw(Kw::With) => self.with_stmt(Some(start))?,
                    _ => return Err(self.invalid_syntax()),
                }
            }
            TokenKind::Name(n) if &*n == "match" && self.looks_like_match() => {
                let span = self.span();
                return Err(SyntaxError::new(
                    format!(
                        "`match` statements are not supported yet (line {})",
                        self.line_of(span.start)
                    ),
                    span,
                ));
            }
            _ => return self.simple_stmts(),
        };
        Ok(vec![s])
    }

    /// `match` is a soft keyword: a statement only if the line is `match <subject>:`.
    fn looks_like_match(&mut self) -> bool {
        if matches!(
            self.peek_nth(1),
            TokenKind::Op(Op::Equal | Op::Dot | Op::Colon | Op::Comma | Op::Rpar | Op::ColonEqual)
                | TokenKind::Newline
                | TokenKind::EndMarker
        ) {
            return false;
        }
        if let TokenKind::Op(o) = self.peek_nth(1) {
            if aug_op(*o).is_some() {
                return false;
            }
        }
        let mut n = 1;
        loop {
            match self.peek_nth(n) {
                TokenKind::Newline | TokenKind::EndMarker => {
                    return matches!(self.peek_nth(n - 1), TokenKind::Op(Op::Colon))
                }
                _ => n += 1,
            }
        }
    }

    fn simple_stmts(&mut self) -> PResult<Vec<Stmt>> {
        let mut out = vec![self.simple_stmt()?];
        loop {
            if self.eat_op(Op::Semi) {
                if matches!(self.peek(), TokenKind::Newline) {
                    self.bump();
                    break;
                }
                out.push(self.simple_stmt()?);
                continue;
            }
            match self.peek() {
                TokenKind::Newline => {
                    self.bump();
                    break;
                }
                TokenKind::EndMarker => break,
                _ => return Err(self.invalid_syntax()),
            }
        }
        Ok(out)
    }

    fn simple_stmt(&mut self) -> PResult<Stmt> {
        let start = self.span().start;
        let kind = match self.peek().clone() {
            TokenKind::Kw(Kw::Pass) => {
                self.bump();
                StmtKind::Pass
            }
            TokenKind::Kw(Kw::Break) => {
                self.bump();
                StmtKind::Break
            }
            TokenKind::Kw(Kw::Continue) => {
                self.bump();
                StmtKind::Continue
            }
            TokenKind::Kw(Kw::Return) => {
                self.bump();
                let v = if self.starts_expr() {
                    Some(self.star_expressions()?)
                } else {
                    None
                };
                StmtKind::Return(v)
            }
            TokenKind::Kw(Kw::Raise) => {
                self.bump();
                let mut exc = None;
                let mut cause = None;
                if self.starts_expr() {
                    exc = Some(self.expression()?);
                    if self.eat_kw(Kw::From) {
                        cause = Some(self.expression()?);
                    }
                }
                StmtKind::Raise { exc, cause }
            }
            TokenKind::Kw(kw @ (Kw::Global | Kw::Nonlocal)) => {
                self.bump();
                let mut names = vec![self.expect_name()?.0];
                while self.eat_op(Op::Comma) {
                    names.push(self.expect_name()?.0);
                }
                if kw == Kw::Global {
                    StmtKind::Global(names)
                } else {
                    StmtKind::Nonlocal(names)
                }
            }
            TokenKind::Kw(Kw::Del) => {
                self.bump();
                let targets = self.del_targets()?;
                StmtKind::Delete(targets)
            }
            TokenKind::Kw(Kw::Assert) => {
                self.bump();
                let test = self.expression()?;
                let msg = if self.eat_op(Op::Comma) {
                    Some(self.expression()?)
                } else {
                    None
                };
                StmtKind::Assert { test, msg }
            }
            TokenKind::Kw(Kw::Import) => {
                self.bump();
                let mut names = vec![self.alias(true)?];
                while self.eat_op(Op::Comma) {
                    names.push(self.alias(true)?);
                }
                StmtKind::Import(names)
            }
            TokenKind::Kw(Kw::From) => self.import_from()?,
            _ => return self.expr_stmt(),
        };
        let end = self.prev_end();
        Ok(stmt(kind, start, end))
    }

    fn del_targets(&mut self) -> PResult<Vec<Expr>> {
        let mut targets = Vec::new();
        loop {
            let e = self.bitwise_or()?;
            if let Some(bad) = invalid_target(&e, TargetKind::Del) {
                return Err(SyntaxError::new(
                    format!("cannot delete {}", expr_name(bad)),
                    bad.span,
                ));
            }
            targets.push(e);
            if !self.eat_op(Op::Comma) {
                break;
            }
            if matches!(self.peek(), TokenKind::Newline | TokenKind::Op(Op::Semi)) {
                break;
            }
        }
        Ok(targets)
    }

    fn dotted_name(&mut self) -> PResult<(String, Span)> {
        let (first, span) = self.expect_name()?;
        let mut name = first.to_string();
        let mut end = span.end;
        while self.eat_op(Op::Dot) {
            let (part, s) = self.expect_name()?;
            name.push('.');
            name.push_str(&part);
            end = s.end;
        }
        Ok((name, Span::new(span.start, end)))
    }

    fn alias(&mut self, dotted: bool) -> PResult<Alias> {
        let (name, span) = if dotted {
            self.dotted_name()?
        } else {
            let (n, s) = self.expect_name()?;
            (n.to_string(), s)
        };
        let mut end = span.end;
        let asname = if self.eat_kw(Kw::As) {
            let (n, s) = self.expect_name()?;
            end = s.end;
            Some(n)
        } else {
            None
        };
        Ok(Alias {
            name: Rc::from(name),
            asname,
            span: Span::new(span.start, end),
            scope: NameScope::Unresolved,
        })
    }

    fn import_from(&mut self) -> PResult<StmtKind> {
        let from = self.bump().span;
        if self.at_op(Op::Dot) || self.at_op(Op::Ellipsis) {
            return Err(SyntaxError::new(
                "relative imports (`from . import ...`) are not supported",
                Span::new(from.start, self.span().end),
            ));
        }
        let (module, _) = self.dotted_name()?;
        if !self.eat_kw(Kw::Import) {
            return Err(self.invalid_syntax());
        }
        if self.at_op(Op::Star) {
            return Err(SyntaxError::new(
                "`from ... import *` is not supported",
                self.span(),
            ));
        }
        let paren = self.eat_op(Op::Lpar);
        let mut names = vec![self.alias(false)?];
        while self.eat_op(Op::Comma) {
            if paren && self.at_op(Op::Rpar) {
                break;
            }
            if !paren && matches!(self.peek(), TokenKind::Newline) {
                return Err(SyntaxError::new(
                    "trailing comma not allowed without surrounding parentheses",
                    Span::new(self.prev_end() - 1, self.prev_end()),
                ));
            }
            names.push(self.alias(false)?);
        }
        if paren {
            self.expect_op(Op::Rpar)?;
        }
        Ok(StmtKind::ImportFrom {
            module: Rc::from(module),
            names,
        })
    }

    fn expr_stmt(&mut self) -> PResult<Stmt> {
        let start = self.span().start;
        let first_tok_is_paren = self.at_op(Op::Lpar);
        let first = if self.at_kw(Kw::Yield) {
            self.yield_expr()?
        } else {
            self.star_expressions()?
        };
        // print "x"
        if let ExprKind::Name { id, .. } = &first.kind {
            if (&**id == "print" || &**id == "exec") && self.starts_expr() && !self.at_op(Op::Star)
            {
                let save = self.pos;
                if let Ok(rest) = self.star_expressions() {
                    return Err(SyntaxError::new(
                        format!("Missing parentheses in call to '{id}'. Did you mean {id}(...)?"),
                        Span::new(first.span.start, rest.span.end),
                    ));
                }
                self.pos = save;
            }
        }
        if self.at_op(Op::ColonEqual)
            && self.next_starts_expr()
            && !matches!(first.kind, ExprKind::Name { .. })
        {
            return Err(SyntaxError::new(
                format!(
                    "cannot use assignment expressions with {}",
                    expr_name(&first)
                ),
                first.span,
            ));
        }
        match self.peek().clone() {
            TokenKind::Op(Op::Equal) => {
                let mut targets = vec![first];
                let mut value;
                loop {
                    self.bump();
                    value = if self.at_kw(Kw::Yield) {
                        self.yield_expr()?
                    } else {
                        self.star_expressions()?
                    };
                    if self.at_op(Op::Equal) {
                        targets.push(value);
                        continue;
                    }
                    break;
                }
                let single = targets.len() == 1;
                for t in &targets {
                    self.check_assign_target(t, single)?;
                }
                let end = self.prev_end();
                Ok(stmt(StmtKind::Assign { targets, value }, start, end))
            }
            TokenKind::Op(o) if aug_op(o).is_some() => {
                let op = aug_op(o).expect("checked above");
                if !matches!(
                    first.kind,
                    ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. }
                ) {
                    return Err(SyntaxError::new(
                        format!(
                            "'{}' is an illegal expression for augmented assignment",
                            expr_name(&first)
                        ),
                        first.span,
                    ));
                }
                self.bump();
                let value = if self.at_kw(Kw::Yield) {
                    self.yield_expr()?
                } else {
                    self.star_expressions()?
                };
                let end = self.prev_end();
                Ok(stmt(
                    StmtKind::AugAssign {
                        target: first,
                        op,
                        value,
                    },
                    start,
                    end,
                ))
            }
            TokenKind::Op(Op::Colon) => {
                let save = self.pos;
                self.bump();
                let annotated = self.starts_expr();
                self.pos = save;
                if !annotated {
                    return Err(self.invalid_syntax());
                }
                match &first.kind {
                    ExprKind::Name { .. }
                    | ExprKind::Attribute { .. }
                    | ExprKind::Subscript { .. } => {}
                    ExprKind::Tuple(_) if !self.is_parenthesized(&first) && !first_tok_is_paren => {
                        return Err(SyntaxError::new(
                            "only single target (not tuple) can be annotated",
                            first.span,
                        ))
                    }
                    ExprKind::Tuple(_) => {
                        return Err(SyntaxError::new(
                            "only single target (not tuple) can be annotated",
                            first.span,
                        ))
                    }
                    ExprKind::List(_) => {
                        return Err(SyntaxError::new(
                            "only single target (not list) can be annotated",
                            first.span,
                        ))
                    }
                    _ => {
                        return Err(SyntaxError::new(
                            "illegal target for annotation",
                            first.span,
                        ))
                    }
                }
                self.bump();
                let annotation = self.expression()?;
                let value = if self.eat_op(Op::Equal) {
                    Some(if self.at_kw(Kw::Yield) {
                        self.yield_expr()?
                    } else {
                        self.star_expressions()?
                    })
                } else {
                    None
                };
                let simple = matches!(first.kind, ExprKind::Name { .. }) && !first_tok_is_paren;
                let end = self.prev_end();
                Ok(stmt(
                    StmtKind::AnnAssign {
                        target: first,
                        annotation,
                        value,
                        simple,
                    },
                    start,
                    end,
                ))
            }
            _ => {
                if let ExprKind::Starred(_) = first.kind {
                    return Err(SyntaxError::new(
                        "can't use starred expression here",
                        first.span,
                    ));
                }
                let end = self.prev_end();
                Ok(stmt(StmtKind::Expr(first), start, end))
            }
        }
    }

    /// Checks an assignment target, with CPython's messages.
    fn check_assign_target(&self, t: &Expr, single: bool) -> PResult<()> {
        if let ExprKind::Yield(_) | ExprKind::YieldFrom(_) = t.kind {
            return Err(SyntaxError::new(
                "assignment to yield expression not possible",
                t.span,
            ));
        }
        let Some(bad) = invalid_target(t, TargetKind::Store) else {
            return Ok(());
        };
        // The element right before '=' gets CPython's "... here. Maybe you meant '=='" hint.
        let last = match &t.kind {
            ExprKind::Tuple(elts) if !self.is_parenthesized(t) && !elts.is_empty() => {
                &elts[elts.len() - 1]
            }
            _ => t,
        };
        let excluded = matches!(
            last.kind,
            ExprKind::List(_)
                | ExprKind::Tuple(_)
                | ExprKind::GeneratorExp(_)
                | ExprKind::Constant(Constant::Bool(_))
                | ExprKind::Constant(Constant::None)
        );
        if single && !excluded && is_bitwise_level(last) {
            if let Some(inner) = invalid_target(last, TargetKind::Store) {
                let first_bad = bad.span == inner.span || !matches!(t.kind, ExprKind::Tuple(_));
                if first_bad || std::ptr::eq(last, t) {
                    return Err(SyntaxError::new(
                        format!(
                            "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                            expr_name(inner)
                        ),
                        inner.span,
                    ));
                }
            }
        }
        if let ExprKind::Starred(_) = t.kind {
            // handled by scope checks ("starred assignment target must be in a list or tuple")
        }
        Err(SyntaxError::new(
            format!("cannot assign to {}", expr_name(bad)),
            bad.span,
        ))
    }

    /// An indented block (or a simple statement on the same line) after `header` on `line`.
    fn block(&mut self, what: &str, header_start: u32) -> PResult<Vec<Stmt>> {
        if !matches!(self.peek(), TokenKind::Newline) {
            return self.simple_stmts();
        }
        self.bump();
        if !matches!(self.peek(), TokenKind::Indent) {
            let line = self.line_of(header_start);
            if self.lex_failed && self.at_end() {
                return Err(self.invalid_syntax());
            }
            return Err(SyntaxError::indentation(
                format!("expected an indented block after {what} on line {line}"),
                self.anchor(),
            ));
        }
        self.bump();
        let mut body = Vec::new();
        loop {
            match self.peek() {
                TokenKind::Dedent => {
                    self.bump();
                    break;
                }
                TokenKind::EndMarker => break,
                _ => body.extend(self.statement()?),
            }
        }
        Ok(body)
    }

    fn body_end(body: &[Stmt], fallback: u32) -> u32 {
        body.last().map_or(fallback, |s| s.span.end)
    }

    fn if_stmt(&mut self) -> PResult<Stmt> {
        let start = self.bump().span.start;
        let test = self.named_expression()?;
        self.expect_op(Op::Colon)?;
        let body = self.block("'if' statement", start)?;
        let mut end = Self::body_end(&body, start);
        let orelse = self.elif_or_else(&mut end)?;
        Ok(stmt(StmtKind::If { test, body, orelse }, start, end))
    }

    fn elif_or_else(&mut self, end: &mut u32) -> PResult<Vec<Stmt>> {
        if self.at_kw(Kw::Elif) {
            let start = self.bump().span.start;
            let test = self.named_expression()?;
            self.expect_op(Op::Colon)?;
            let body = self.block("'elif' statement", start)?;
            let mut e = Self::body_end(&body, start);
            let orelse = self.elif_or_else(&mut e)?;
            *end = e;
            return Ok(vec![stmt(StmtKind::If { test, body, orelse }, start, e)]);
        }
        self.else_block(end)
    }

    fn else_block(&mut self, end: &mut u32) -> PResult<Vec<Stmt>> {
        if self.at_kw(Kw::Else) {
            let start = self.bump().span.start;
            self.expect_forced(Op::Colon)?;
            let body = self.block("'else' statement", start)?;
            *end = Self::body_end(&body, *end);
            return Ok(body);
        }
        Ok(Vec::new())
    }

    fn while_stmt(&mut self) -> PResult<Stmt> {
        let start = self.bump().span.start;
        let test = self.named_expression()?;
        self.expect_op(Op::Colon)?;
        let body = self.block("'while' statement", start)?;
        let mut end = Self::body_end(&body, start);
        let orelse = self.else_block(&mut end)?;
        Ok(stmt(StmtKind::While { test, body, orelse }, start, end))
    }

    fn for_stmt(&mut self, async_start: Option<u32>) -> PResult<Stmt> {
        let for_start = self.bump().span.start;
        let start = async_start.unwrap_or(for_start);
        let target = self.target_list(false)?;
        self.bump(); // `in`
        let iter = self.star_expressions()?;
        self.expect_op(Op::Colon)?;
        let body = self.block("'for' statement", start)?;
        let mut end = Self::body_end(&body, start);
        let orelse = self.else_block(&mut end)?;
        Ok(stmt(
            StmtKind::For {
                is_async: async_start.is_some(),
                target,
                iter,
                body,
                orelse,
            },
            start,
            end,
        ))
    }

    fn with_item(&mut self) -> PResult<WithItem> {
        let context_expr = self.expression()?;
        let optional_vars = if self.eat_kw(Kw::As) {
            let t = self.star_target()?;
            self.check_store(&t)?;
            Some(t)
        } else {
            None
        };
        Ok(WithItem {
            context_expr,
            optional_vars,
        })
    }

    /// A single `star_target` (for `with ... as`): a primary, or a parenthesised/bracketed
    /// target list.
    fn star_target(&mut self) -> PResult<Expr> {
        if self.at_op(Op::Star) {
            let s = self.bump().span.start;
            let v = self.star_target()?;
            let span = Span::new(s, v.span.end);
            return Ok(mk(ExprKind::Starred(Box::new(v)), span));
        }
        self.bitwise_or()
    }

    fn with_stmt(&mut self, async_start: Option<u32>) -> PResult<Stmt> {
        let with_start = self.bump().span.start;
        let start = async_start.unwrap_or(with_start);
        let mut items = Vec::new();
        // Parenthesised items: `with (a as b, c):`.
        if self.at_op(Op::Lpar) {
            let save = self.pos;
            self.bump();
            self.parens += 1;
            let mut ok = true;
            let mut tmp = Vec::new();
            loop {
                match self.with_item() {
                    Ok(it) => tmp.push(it),
                    Err(e) if e.message.ends_with("Perhaps you forgot a comma?") => {
                        self.parens -= 1;
                        return Err(e);
                    }
                    Err(_) => {
                        ok = false;
                        break;
                    }
                }
                if !self.eat_op(Op::Comma) || self.at_op(Op::Rpar) {
                    break;
                }
            }
            self.parens -= 1;
            if ok && self.eat_op(Op::Rpar) && self.at_op(Op::Colon) {
                items = tmp;
            } else {
                self.pos = save;
            }
        }
        if items.is_empty() {
            items.push(self.with_item()?);
            while self.eat_op(Op::Comma) {
                items.push(self.with_item()?);
            }
        }
        self.expect_op(Op::Colon)?;
        let body = self.block("'with' statement", start)?;
        let end = Self::body_end(&body, start);
        Ok(stmt(
            StmtKind::With {
                is_async: async_start.is_some(),
                items,
                body,
            },
            start,
            end,
        ))
    }

    fn try_stmt(&mut self) -> PResult<Stmt> {
        let start = self.bump().span.start;
        self.expect_forced(Op::Colon)?;
        let body = self.block("'try' statement", start)?;
        let mut end = Self::body_end(&body, start);
        let mut handlers = Vec::new();
        let mut star: Option<bool> = None;
        while self.at_kw(Kw::Except) {
            let hstart = self.bump().span.start;
            let is_star = self.eat_op(Op::Star);
            match star {
                Some(s) if s != is_star => {
                    return Err(SyntaxError::new(
                        "cannot have both 'except' and 'except*' on the same 'try'",
                        Span::new(hstart, self.prev_end()),
                    ))
                }
                _ => star = Some(is_star),
            }
            let mut type_ = None;
            let mut name = None;
            if matches!(self.peek(), TokenKind::Newline) {
                let at = self.prev_end();
                return Err(SyntaxError::new("expected ':'", Span::new(at, at)));
            }
            if !self.at_op(Op::Colon) {
                let t = self.expression()?;
                if self.at_op(Op::Comma) {
                    let save = self.pos;
                    self.bump();
                    let more = self.expression().is_ok();
                    self.pos = save;
                    if more {
                        return Err(SyntaxError::new(
                            "multiple exception types must be parenthesized",
                            Span::new(t.span.start, t.span.end),
                        ));
                    }
                }
                type_ = Some(t);
                if self.eat_kw(Kw::As) {
                    let (n, _) = self.expect_name()?;
                    name = Some((n, NameScope::Unresolved));
                }
            } else if is_star {
                return Err(SyntaxError::new(
                    "expected one or more exception types",
                    self.span(),
                ));
            }
            self.expect_op(Op::Colon)?;
            let what = if is_star {
                "'except*' statement"
            } else {
                "'except' statement"
            };
            let hbody = self.block(what, hstart)?;
            let hend = Self::body_end(&hbody, hstart);
            end = hend;
            handlers.push(ExceptHandler {
                type_,
                name,
                body: hbody,
                span: Span::new(hstart, hend),
            });
        }
        let orelse = if !handlers.is_empty() {
            self.else_block(&mut end)?
        } else {
            Vec::new()
        };
        let mut finalbody = Vec::new();
        if self.at_kw(Kw::Finally) {
            let fstart = self.bump().span.start;
            self.expect_forced(Op::Colon)?;
            finalbody = self.block("'finally' statement", fstart)?;
            end = Self::body_end(&finalbody, end);
        }
        if handlers.is_empty() && finalbody.is_empty() {
            let span = self.anchor();
            if self.lex_failed && self.at_end() {
                return Err(self.invalid_syntax());
            }
            return Err(SyntaxError::new(
                "expected 'except' or 'finally' block",
                span,
            ));
        }
        Ok(stmt(
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                is_star: star == Some(true),
            },
            start,
            end,
        ))
    }

    fn decorated(&mut self) -> PResult<Stmt> {
        let start = self.span().start;
        let mut decorators = Vec::new();
        while self.eat_op(Op::At) {
            decorators.push(self.named_expression()?);
            if !matches!(self.peek(), TokenKind::Newline) {
                return Err(self.invalid_syntax());
            }
            self.bump();
        }
        let mut s = match self.peek() {
            TokenKind::Kw(Kw::Def) => self.funcdef(decorators, None)?,
            TokenKind::Kw(Kw::Class) => self.classdef(decorators)?,
            TokenKind::Kw(Kw::Async) if matches!(self.peek_nth(1), TokenKind::Kw(Kw::Def)) => {
                let a = self.bump().span.start;
                self.funcdef(decorators, Some(a))?
            }
            _ => return Err(self.invalid_syntax()),
        };
        s.span.start = start;
        Ok(s)
    }

    fn funcdef(&mut self, decorators: Vec<Expr>, async_start: Option<u32>) -> PResult<Stmt> {
        let def_start = self.bump().span.start;
        let start = async_start.unwrap_or(def_start);
        let (name, name_span) = self.expect_name()?;
        self.expect_forced(Op::Lpar)?;
        self.parens += 1;
        let params = self.parameters(true);
        self.parens -= 1;
        let params = params?;
        self.expect_op(Op::Rpar)?;
        let returns = if self.eat_op(Op::Rarrow) {
            Some(self.expression()?)
        } else {
            None
        };
        self.expect_forced(Op::Colon)?;
        let body = self.block("function definition", start)?;
        let end = Self::body_end(&body, start);
        Ok(stmt(
            StmtKind::FunctionDef(Rc::new(FunctionDef {
                name,
                params,
                body,
                decorators,
                returns,
                is_async: async_start.is_some(),
                name_scope: NameScope::Unresolved,
                scope: Scope::default(),
                name_span,
            })),
            start,
            end,
        ))
    }

    fn classdef(&mut self, decorators: Vec<Expr>) -> PResult<Stmt> {
        let start = self.bump().span.start;
        let (name, _) = self.expect_name()?;
        let mut bases = Vec::new();
        if self.eat_op(Op::Lpar) {
            self.parens += 1;
            while !self.at_op(Op::Rpar) {
                if matches!(self.peek(), TokenKind::Name(_))
                    && matches!(self.peek_nth(1), TokenKind::Op(Op::Equal))
                    || self.at_op(Op::DoubleStar)
                {
                    let span = self.span();
                    self.parens -= 1;
                    return Err(SyntaxError::new(
                        format!(
                            "class keyword arguments (like `metaclass=`) are not supported (line {})",
                            self.line_of(span.start)
                        ),
                        span,
                    ));
                }
                let e = self.star_expression();
                let e = match e {
                    Ok(e) => e,
                    Err(err) => {
                        self.parens -= 1;
                        return Err(err);
                    }
                };
                bases.push(e);
                if !self.eat_op(Op::Comma) {
                    break;
                }
            }
            self.parens -= 1;
            self.expect_op(Op::Rpar)?;
        }
        self.expect_op(Op::Colon)?;
        let body = self.block("class definition", start)?;
        let end = Self::body_end(&body, start);
        Ok(stmt(
            StmtKind::ClassDef(Rc::new(ClassDef {
                name,
                bases,
                body,
                decorators,
                name_scope: NameScope::Unresolved,
                scope: Scope::default(),
            })),
            start,
            end,
        ))
    }
}
