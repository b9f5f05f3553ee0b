//! Expression parsing: precedence climbing for binary operators, recursive descent for the
//! rest (atoms, trailers, displays, comprehensions, lambdas, call arguments, slices).

use std::rc::Rc;

use super::super::ast::{
    BinOp, BoolOpKind, CmpOp, Comprehension, ComprehensionFor, Constant, Expr, ExprKind,
    FunctionDef, Keyword, NameScope, Parameters, Scope, Span, Stmt, StmtKind, UnaryOpKind,
};
use super::super::error::SyntaxError;
use super::super::token::{Kw, Op, TokenKind};
use super::{expr_name, invalid_target, PResult, Parser, TargetKind};

pub(crate) fn mk(kind: ExprKind, span: Span) -> Expr {
    Expr::new(kind, span)
}

fn binop_of(op: Op) -> Option<(BinOp, u8)> {
    Some(match op {
        Op::Vbar => (BinOp::BitOr, 0),
        Op::Circumflex => (BinOp::BitXor, 1),
        Op::Amper => (BinOp::BitAnd, 2),
        Op::LeftShift => (BinOp::LShift, 3),
        Op::RightShift => (BinOp::RShift, 3),
        Op::Plus => (BinOp::Add, 4),
        Op::Minus => (BinOp::Sub, 4),
        Op::Star => (BinOp::Mult, 5),
        Op::Slash => (BinOp::Div, 5),
        Op::DoubleSlash => (BinOp::FloorDiv, 5),
        Op::Percent => (BinOp::Mod, 5),
        Op::At => (BinOp::MatMult, 5),
        _ => return None,
    })
}

/// True for expressions at `bitwise_or` level or tighter (what CPython's
/// `invalid_named_expression` can blame on a stray `=`).
pub(crate) fn is_bitwise_level(e: &Expr) -> bool {
    !matches!(
        e.kind,
        ExprKind::Compare { .. }
            | ExprKind::BoolOp { .. }
            | ExprKind::UnaryOp {
                op: UnaryOpKind::Not,
                ..
            }
            | ExprKind::IfExp { .. }
            | ExprKind::Lambda(_)
            | ExprKind::NamedExpr { .. }
            | ExprKind::Starred(_)
    )
}

impl Parser<'_> {
    /// True if the current token can start an expression.
    pub(crate) fn starts_expr(&mut self) -> bool {
        match self.peek() {
            TokenKind::Name(_)
            | TokenKind::Int(_)
            | TokenKind::Float(_)
            | TokenKind::Imag(_)
            | TokenKind::Str(_) => true,
            TokenKind::Kw(k) => matches!(
                k,
                Kw::None | Kw::True | Kw::False | Kw::Not | Kw::Lambda | Kw::Await | Kw::Yield
            ),
            TokenKind::Op(o) => matches!(
                o,
                Op::Lpar
                    | Op::Lsqb
                    | Op::Lbrace
                    | Op::Minus
                    | Op::Plus
                    | Op::Tilde
                    | Op::Star
                    | Op::Ellipsis
            ),
            _ => false,
        }
    }

    fn starts_atom(&mut self) -> bool {
        match self.peek() {
            TokenKind::Name(_)
            | TokenKind::Int(_)
            | TokenKind::Float(_)
            | TokenKind::Imag(_)
            | TokenKind::Str(_) => true,
            TokenKind::Kw(k) => matches!(k, Kw::None | Kw::True | Kw::False | Kw::Lambda),
            TokenKind::Op(o) => matches!(o, Op::Lpar | Op::Lsqb | Op::Lbrace | Op::Ellipsis),
            _ => false,
        }
    }

    /// True if the token after the current one can start an expression.
    pub(crate) fn next_starts_expr(&mut self) -> bool {
        let save = self.pos;
        self.bump();
        let r = self.starts_expr();
        self.pos = save;
        r
    }

    /// `star_expressions`: one or more (possibly starred) expressions; a tuple if a comma.
    pub(crate) fn star_expressions(&mut self) -> PResult<Expr> {
        let first = self.star_expression()?;
        if !self.at_op(Op::Comma) {
            return Ok(first);
        }
        let start = first.span.start;
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if !self.starts_expr() || self.at_kw(Kw::Yield) {
                break;
            }
            elts.push(self.star_expression()?);
        }
        let end = self.prev_end();
        Ok(mk(ExprKind::Tuple(elts), Span::new(start, end)))
    }

    /// `star_expression`: `*bitwise_or` or an expression.
    pub(crate) fn star_expression(&mut self) -> PResult<Expr> {
        if self.at_op(Op::Star) {
            let start = self.bump().span.start;
            let value = self.bitwise_or()?;
            let span = Span::new(start, value.span.end);
            return Ok(mk(ExprKind::Starred(Box::new(value)), span));
        }
        self.expression()
    }

    /// `star_named_expression`: `*bitwise_or` or a named expression (display elements).
    pub(crate) fn star_named_expression(&mut self) -> PResult<Expr> {
        if self.at_op(Op::Star) {
            let start = self.bump().span.start;
            let value = self.bitwise_or()?;
            let span = Span::new(start, value.span.end);
            return Ok(mk(ExprKind::Starred(Box::new(value)), span));
        }
        self.named_expression()
    }

    /// `named_expression`: `NAME := expression` or an expression; reports a stray `=`.
    pub(crate) fn named_expression(&mut self) -> PResult<Expr> {
        if let TokenKind::Name(_) = self.peek() {
            if matches!(self.peek_nth(1), TokenKind::Op(Op::ColonEqual)) {
                let target = self.atom()?;
                self.bump();
                let value = self.expression()?;
                let span = Span::new(target.span.start, value.span.end);
                return Ok(mk(
                    ExprKind::NamedExpr {
                        target: Box::new(target),
                        value: Box::new(value),
                    },
                    span,
                ));
            }
        }
        let e = self.expression()?;
        if self.at_op(Op::ColonEqual) && self.next_starts_expr() {
            return Err(SyntaxError::new(
                format!("cannot use assignment expressions with {}", expr_name(&e)),
                e.span,
            ));
        }
        if self.at_op(Op::Equal) {
            return Err(self.stray_equal(&e));
        }
        Ok(e)
    }

    /// The error for `expr = ...` where an expression was expected.
    pub(crate) fn stray_equal(&mut self, e: &Expr) -> SyntaxError {
        let eq = self.span();
        let save = self.pos;
        self.bump();
        let was = self.speculating;
        self.speculating = true;
        let rhs = self.bitwise_or().ok();
        self.speculating = was;
        let followed = self.at_op(Op::Equal) || self.at_op(Op::ColonEqual);
        self.pos = save;
        match (rhs, followed) {
            (Some(rhs), false) => {
                if let ExprKind::Name { .. } = e.kind {
                    return SyntaxError::new(
                        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                        Span::new(e.span.start, rhs.span.end),
                    );
                }
                let excluded = matches!(
                    e.kind,
                    ExprKind::List(_)
                        | ExprKind::Tuple(_)
                        | ExprKind::GeneratorExp(_)
                        | ExprKind::Constant(Constant::Bool(_))
                        | ExprKind::Constant(Constant::None)
                );
                if is_bitwise_level(e) && !excluded {
                    return SyntaxError::new(
                        format!(
                            "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                            expr_name(e)
                        ),
                        e.span,
                    );
                }
                SyntaxError::new("invalid syntax", eq)
            }
            _ => SyntaxError::new("invalid syntax", eq),
        }
    }

    /// `expression`: a conditional expression, a lambda, or a disjunction.
    pub(crate) fn expression(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.expression_inner();
        self.leave();
        r
    }

    fn expression_inner(&mut self) -> PResult<Expr> {
        if self.at_kw(Kw::Lambda) {
            return self.lambda();
        }
        let body = self.disjunction()?;
        let e = if self.at_kw(Kw::If) {
            if self.speculating {
                // PEG semantics: an incomplete `a if b` is just `a`.
                let save = self.pos;
                self.bump();
                let ok = self.disjunction().is_ok()
                    && self.eat_kw(Kw::Else)
                    && self.expression().is_ok();
                self.pos = save;
                if !ok {
                    return Ok(body);
                }
            }
            let if_span = self.bump().span;
            let test_start = self.pos;
            let test = match self.disjunction() {
                Ok(t) => t,
                Err(e) if e.message == "invalid syntax" && self.pos > test_start + 1 => {
                    // PEG: a shorter test parsed, and no `else` follows it.
                    return Err(SyntaxError::new(
                        "expected 'else' after 'if' expression",
                        Span::new(body.span.start, self.tokens[test_start].span.end),
                    ));
                }
                Err(e) => return Err(e),
            };
            if !self.eat_kw(Kw::Else) {
                if !self.at_op(Op::Colon) {
                    return Err(SyntaxError::new(
                        "expected 'else' after 'if' expression",
                        Span::new(body.span.start, test.span.end),
                    ));
                }
                let _ = if_span;
                return Err(self.invalid_syntax());
            }
            let orelse = self.expression()?;
            let span = Span::new(body.span.start, orelse.span.end);
            mk(
                ExprKind::IfExp {
                    test: Box::new(test),
                    body: Box::new(body),
                    orelse: Box::new(orelse),
                },
                span,
            )
        } else {
            body
        };
        self.forgot_comma_check(&e)?;
        Ok(e)
    }

    /// Inside brackets, an expression directly followed by another one: CPython's
    /// "invalid syntax. Perhaps you forgot a comma?" (from `a` to the end of `b`).
    pub(crate) fn forgot_comma_check(&mut self, a: &Expr) -> PResult<()> {
        if self.speculating {
            return Ok(());
        }
        let starts = self.starts_atom()
            || self.at_kw(Kw::Not)
            || self.at_kw(Kw::Await)
            || self.at_op(Op::Tilde);
        let name_then_string =
            matches!(a.kind, ExprKind::Name { .. }) && matches!(self.peek(), TokenKind::Str(_));
        if !starts || name_then_string {
            return Ok(());
        }
        // CPython parses `b` even outside brackets (which may run into the end of the file
        // inside an unclosed bracket), but only suggests the comma inside brackets.
        let save = self.pos;
        self.speculating = true;
        let b = self.expression().ok();
        if b.is_some() && self.eat_op(Op::Equal) {
            // CPython's keyword-argument rules look one expression further.
            let _ = self.expression();
            let _ = self.peek();
        }
        self.speculating = false;
        self.pos = save;
        match b {
            Some(b) if self.parens > 0 => Err(SyntaxError::new(
                "invalid syntax. Perhaps you forgot a comma?",
                Span::new(a.span.start, b.span.end),
            )),
            _ => Ok(()),
        }
    }

    fn bool_op(&mut self, kw: Kw) -> PResult<Expr> {
        let first = if kw == Kw::Or {
            self.bool_op(Kw::And)?
        } else {
            self.inversion()?
        };
        if !self.at_kw(kw) {
            return Ok(first);
        }
        let mut values = vec![first];
        while self.eat_kw(kw) {
            values.push(if kw == Kw::Or {
                self.bool_op(Kw::And)?
            } else {
                self.inversion()?
            });
        }
        let span = Span::new(values[0].span.start, values[values.len() - 1].span.end);
        let op = if kw == Kw::Or {
            BoolOpKind::Or
        } else {
            BoolOpKind::And
        };
        Ok(mk(ExprKind::BoolOp { op, values }, span))
    }

    /// `disjunction`: `a or b`, `a and b`, `not a`, comparisons.
    pub(crate) fn disjunction(&mut self) -> PResult<Expr> {
        self.bool_op(Kw::Or)
    }

    fn inversion(&mut self) -> PResult<Expr> {
        if self.at_kw(Kw::Not) {
            self.enter()?;
            let start = self.bump().span.start;
            let operand = self.inversion();
            self.leave();
            let operand = operand?;
            let span = Span::new(start, operand.span.end);
            return Ok(mk(
                ExprKind::UnaryOp {
                    op: UnaryOpKind::Not,
                    operand: Box::new(operand),
                },
                span,
            ));
        }
        self.comparison()
    }

    fn comp_op(&mut self) -> Option<CmpOp> {
        let op = match self.peek() {
            TokenKind::Op(Op::EqEqual) => CmpOp::Eq,
            TokenKind::Op(Op::NotEqual) => CmpOp::NotEq,
            TokenKind::Op(Op::Less) => CmpOp::Lt,
            TokenKind::Op(Op::LessEqual) => CmpOp::LtE,
            TokenKind::Op(Op::Greater) => CmpOp::Gt,
            TokenKind::Op(Op::GreaterEqual) => CmpOp::GtE,
            TokenKind::Kw(Kw::In) => CmpOp::In,
            TokenKind::Kw(Kw::Is) => {
                if matches!(self.peek_nth(1), TokenKind::Kw(Kw::Not)) {
                    self.bump();
                    CmpOp::IsNot
                } else {
                    CmpOp::Is
                }
            }
            TokenKind::Kw(Kw::Not) if matches!(self.peek_nth(1), TokenKind::Kw(Kw::In)) => {
                self.bump();
                CmpOp::NotIn
            }
            _ => return None,
        };
        self.bump();
        Some(op)
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let left = self.bitwise_or()?;
        let mut ops = Vec::new();
        let mut comparators = Vec::new();
        while let Some(op) = self.comp_op() {
            ops.push(op);
            comparators.push(self.bitwise_or()?);
        }
        if ops.is_empty() {
            return Ok(left);
        }
        let span = Span::new(left.span.start, comparators[comparators.len() - 1].span.end);
        Ok(mk(
            ExprKind::Compare {
                left: Box::new(left),
                ops,
                comparators,
            },
            span,
        ))
    }

    /// `bitwise_or`: all binary operators, by precedence climbing.
    pub(crate) fn bitwise_or(&mut self) -> PResult<Expr> {
        self.binary(0)
    }

    fn binary(&mut self, min_prec: u8) -> PResult<Expr> {
        let saved = self.chain;
        let r = self.binary_chain(min_prec);
        self.chain = saved;
        r
    }

    fn binary_chain(&mut self, min_prec: u8) -> PResult<Expr> {
        let mut left = self.factor()?;
        while let Some((op, prec)) = match self.peek() {
            TokenKind::Op(o) => binop_of(*o),
            _ => None,
        } {
            if prec < min_prec {
                break;
            }
            self.bump();
            self.enter()?;
            let right = self.binary(prec + 1);
            self.leave();
            let right = right?;
            self.chain_step()?;
            let span = Span::new(left.span.start, right.span.end);
            left = mk(
                ExprKind::BinOp {
                    left: Box::new(left),
                    op,
                    right: Box::new(right),
                },
                span,
            );
        }
        Ok(left)
    }

    fn factor(&mut self) -> PResult<Expr> {
        let op = match self.peek() {
            TokenKind::Op(Op::Minus) => UnaryOpKind::USub,
            TokenKind::Op(Op::Plus) => UnaryOpKind::UAdd,
            TokenKind::Op(Op::Tilde) => UnaryOpKind::Invert,
            _ => return self.power(),
        };
        let start = self.bump().span.start;
        self.enter()?;
        let operand = self.factor();
        self.leave();
        let operand = operand?;
        let span = Span::new(start, operand.span.end);
        Ok(mk(
            ExprKind::UnaryOp {
                op,
                operand: Box::new(operand),
            },
            span,
        ))
    }

    fn power(&mut self) -> PResult<Expr> {
        let base = self.await_primary()?;
        if self.eat_op(Op::DoubleStar) {
            self.enter()?;
            let exp = self.factor();
            self.leave();
            let exp = exp?;
            let span = Span::new(base.span.start, exp.span.end);
            return Ok(mk(
                ExprKind::BinOp {
                    left: Box::new(base),
                    op: BinOp::Pow,
                    right: Box::new(exp),
                },
                span,
            ));
        }
        Ok(base)
    }

    fn await_primary(&mut self) -> PResult<Expr> {
        if self.at_kw(Kw::Await) {
            let start = self.bump().span.start;
            self.enter()?;
            let value = self.primary();
            self.leave();
            let value = value?;
            let span = Span::new(start, value.span.end);
            return Ok(mk(ExprKind::Await(Box::new(value)), span));
        }
        self.primary()
    }

    /// `primary`: an atom followed by `.name`, `(args)` and `[slices]` trailers.
    pub(crate) fn primary(&mut self) -> PResult<Expr> {
        let saved = self.chain;
        let r = self.primary_chain();
        self.chain = saved;
        r
    }

    fn primary_chain(&mut self) -> PResult<Expr> {
        let mut e = self.atom()?;
        loop {
            if matches!(self.peek(), TokenKind::Op(Op::Dot | Op::Lpar | Op::Lsqb)) {
                self.chain_step()?;
            }
            match self.peek() {
                TokenKind::Op(Op::Dot) => {
                    if self.speculating && !matches!(self.peek_nth(1), TokenKind::Name(_)) {
                        return Ok(e);
                    }
                    self.bump();
                    let (attr, aspan) = self.expect_name()?;
                    let span = Span::new(e.span.start, aspan.end);
                    e = mk(
                        ExprKind::Attribute {
                            value: Box::new(e),
                            attr,
                        },
                        span,
                    );
                }
                TokenKind::Op(Op::Lpar) => {
                    self.bump();
                    self.parens += 1;
                    let args = self.call_args();
                    self.parens -= 1;
                    let (args, keywords) = args?;
                    let end = self.expect_op(Op::Rpar)?.end;
                    let span = Span::new(e.span.start, end);
                    e = mk(
                        ExprKind::Call {
                            func: Box::new(e),
                            args,
                            keywords,
                        },
                        span,
                    );
                }
                TokenKind::Op(Op::Lsqb) => {
                    self.bump();
                    self.parens += 1;
                    let slice = self.slices();
                    self.parens -= 1;
                    let slice = slice?;
                    let end = self.expect_op(Op::Rsqb)?.end;
                    let span = Span::new(e.span.start, end);
                    e = mk(
                        ExprKind::Subscript {
                            value: Box::new(e),
                            slice: Box::new(slice),
                        },
                        span,
                    );
                }
                _ => return Ok(e),
            }
        }
    }

    fn slices(&mut self) -> PResult<Expr> {
        let first = self.slice()?;
        if !self.at_op(Op::Comma) {
            return Ok(first);
        }
        let start = first.span.start;
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if self.at_op(Op::Rsqb) {
                break;
            }
            elts.push(self.slice()?);
        }
        let end = self.prev_end();
        Ok(mk(ExprKind::Tuple(elts), Span::new(start, end)))
    }

    fn slice(&mut self) -> PResult<Expr> {
        let start = self.span().start;
        if self.at_op(Op::Star) {
            return self.star_named_expression();
        }
        let lower = if self.at_op(Op::Colon) {
            None
        } else {
            let e = self.named_expression()?;
            if !self.at_op(Op::Colon) {
                return Ok(e);
            }
            Some(Box::new(e))
        };
        self.expect_op(Op::Colon)?;
        let upper = if self.at_op(Op::Colon) || self.at_op(Op::Comma) || self.at_op(Op::Rsqb) {
            None
        } else {
            Some(Box::new(self.expression()?))
        };
        let step = if self.eat_op(Op::Colon) {
            if self.at_op(Op::Comma) || self.at_op(Op::Rsqb) {
                None
            } else {
                Some(Box::new(self.expression()?))
            }
        } else {
            None
        };
        let end = self.prev_end();
        Ok(mk(
            ExprKind::Slice { lower, upper, step },
            Span::new(start, end),
        ))
    }

    fn call_args(&mut self) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        let mut args: Vec<Expr> = Vec::new();
        let mut keywords: Vec<Keyword> = Vec::new();
        let mut seen_kw_unpack = false;
        let mut seen_kw = false;
        while !self.at_op(Op::Rpar) {
            let start = self.span().start;
            if self.at_op(Op::DoubleStar) {
                self.bump();
                let value = self.expression()?;
                let span = Span::new(start, value.span.end);
                keywords.push(Keyword {
                    arg: None,
                    value,
                    span,
                });
                seen_kw_unpack = true;
            } else if self.at_op(Op::Star) {
                let star = self.bump().span;
                let value = self.expression()?;
                if seen_kw_unpack {
                    return Err(SyntaxError::new(
                        "iterable argument unpacking follows keyword argument unpacking",
                        Span::new(star.start, value.span.end),
                    ));
                }
                let span = Span::new(start, value.span.end);
                args.push(mk(ExprKind::Starred(Box::new(value)), span));
            } else if matches!(self.peek(), TokenKind::Name(_))
                && matches!(self.peek_nth(1), TokenKind::Op(Op::Equal))
            {
                let (name, _) = self.expect_name()?;
                self.bump();
                let value = self.expression()?;
                let span = Span::new(start, value.span.end);
                if keywords.iter().any(|k| k.arg.as_deref() == Some(&*name)) {
                    return Err(SyntaxError::new(
                        format!("keyword argument repeated: {name}"),
                        span,
                    ));
                }
                keywords.push(Keyword {
                    arg: Some(name),
                    value,
                    span,
                });
                seen_kw = true;
            } else {
                let e = if matches!(self.peek(), TokenKind::Name(_))
                    && matches!(self.peek_nth(1), TokenKind::Op(Op::ColonEqual))
                {
                    self.named_expression()?
                } else {
                    let e = self.expression()?;
                    if self.at_op(Op::Equal) {
                        return Err(SyntaxError::new(
                            "expression cannot contain assignment, perhaps you meant \"==\"?",
                            Span::new(e.span.start, self.span().end),
                        ));
                    }
                    e
                };
                let e = if self.at_kw(Kw::For) || self.at_kw(Kw::Async) {
                    let open = self.tokens[..self.pos]
                        .iter()
                        .rev()
                        .find(|t| t.kind == TokenKind::Op(Op::Lpar))
                        .map_or(e.span.start, |t| t.span.start);
                    let sole = args.is_empty() && keywords.is_empty();
                    let comp = self.comprehension(e, None)?;
                    if !sole || !self.at_op(Op::Rpar) {
                        let span = Span::new(comp.elt.span.start, self.prev_end());
                        return Err(SyntaxError::new(
                            "Generator expression must be parenthesized",
                            span,
                        ));
                    }
                    let end = self.span().end;
                    let _ = open;
                    mk(
                        ExprKind::GeneratorExp(Rc::new(comp)),
                        Span::new(start.min(open.max(start.saturating_sub(1))), end),
                    )
                } else {
                    e
                };
                if seen_kw_unpack {
                    return Err(SyntaxError::new(
                        "positional argument follows keyword argument unpacking",
                        self.span(),
                    ));
                }
                if seen_kw {
                    return Err(SyntaxError::new(
                        "positional argument follows keyword argument",
                        self.span(),
                    ));
                }
                args.push(e);
            }
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        Ok((args, keywords))
    }

    /// The `for ... in ... if ...` clauses after `elt` (and `value` for dict comprehensions).
    pub(crate) fn comprehension(
        &mut self,
        elt: Expr,
        value: Option<Expr>,
    ) -> PResult<Comprehension> {
        let mut generators = Vec::new();
        loop {
            let is_async =
                if self.at_kw(Kw::Async) && matches!(self.peek_nth(1), TokenKind::Kw(Kw::For)) {
                    self.bump();
                    true
                } else {
                    false
                };
            if !self.eat_kw(Kw::For) {
                break;
            }
            let target = self.target_list(true)?;
            if !self.eat_kw(Kw::In) {
                return Err(self.invalid_syntax());
            }
            let iter = self.disjunction()?;
            let mut ifs = Vec::new();
            while self.eat_kw(Kw::If) {
                ifs.push(self.disjunction()?);
            }
            generators.push(ComprehensionFor {
                target,
                iter,
                ifs,
                is_async,
            });
        }
        if generators.is_empty() {
            return Err(self.invalid_syntax());
        }
        Ok(Comprehension {
            elt,
            value,
            generators,
            scope: Scope::default(),
            is_async: false,
        })
    }

    /// Targets of `for` (statement or comprehension): `star_targets` up to `in`.
    pub(crate) fn target_list(&mut self, in_comprehension: bool) -> PResult<Expr> {
        let start = self.span().start;
        let mut elts = Vec::new();
        let mut trailing;
        loop {
            let e = if self.at_op(Op::Star) {
                let s = self.bump().span.start;
                let v = self.bitwise_or()?;
                let span = Span::new(s, v.span.end);
                mk(ExprKind::Starred(Box::new(v)), span)
            } else {
                self.bitwise_or()?
            };
            if !self.at_kw(Kw::In) && !self.at_op(Op::Comma) {
                self.forgot_comma_check(&e)?;
            }
            elts.push(e);
            trailing = false;
            if !self.eat_op(Op::Comma) {
                break;
            }
            trailing = true;
            if self.at_kw(Kw::In) {
                break;
            }
        }
        let target = if elts.len() == 1 && !trailing {
            elts.pop().expect("one element")
        } else {
            let end = self.prev_end();
            mk(ExprKind::Tuple(elts), Span::new(start, end))
        };
        self.check_store(&target)?;
        if !self.at_kw(Kw::In) {
            let _ = in_comprehension;
            return Err(self.invalid_syntax());
        }
        Ok(target)
    }

    /// Checks that `e` can be assigned to (CPython's "cannot assign to ..." errors).
    pub(crate) fn check_store(&self, e: &Expr) -> PResult<()> {
        if let Some(bad) = invalid_target(e, TargetKind::Store) {
            return Err(SyntaxError::new(
                format!("cannot assign to {}", expr_name(bad)),
                bad.span,
            ));
        }
        Ok(())
    }

    /// `atom`: names, constants, strings, parenthesised forms and displays.
    pub(crate) fn atom(&mut self) -> PResult<Expr> {
        let tok = self.tok().clone();
        let span = tok.span;
        let c = |k: Constant| Ok(mk(ExprKind::Constant(k), span));
        match tok.kind {
            TokenKind::Name(id) => {
                self.bump();
                Ok(mk(
                    ExprKind::Name {
                        id,
                        scope: NameScope::Unresolved,
                    },
                    span,
                ))
            }
            TokenKind::Int(digits) => {
                self.bump();
                c(Constant::Int(digits))
            }
            TokenKind::Float(v) => {
                self.bump();
                c(Constant::Float(v))
            }
            TokenKind::Imag(v) => {
                self.bump();
                c(Constant::Complex(v))
            }
            TokenKind::Kw(Kw::None) => {
                self.bump();
                c(Constant::None)
            }
            TokenKind::Kw(Kw::True) => {
                self.bump();
                c(Constant::Bool(true))
            }
            TokenKind::Kw(Kw::False) => {
                self.bump();
                c(Constant::Bool(false))
            }
            TokenKind::Op(Op::Ellipsis) => {
                self.bump();
                c(Constant::Ellipsis)
            }
            TokenKind::Str(_) => self.strings(),
            TokenKind::Op(Op::Lpar) => {
                self.enter()?;
                self.parens += 1;
                let r = self.paren_atom();
                self.parens -= 1;
                self.leave();
                r
            }
            TokenKind::Op(Op::Lsqb) => {
                self.enter()?;
                self.parens += 1;
                let r = self.list_atom();
                self.parens -= 1;
                self.leave();
                r
            }
            TokenKind::Op(Op::Lbrace) => {
                self.enter()?;
                self.parens += 1;
                let r = self.brace_atom();
                self.parens -= 1;
                self.leave();
                r
            }
            _ => Err(self.invalid_syntax()),
        }
    }

    fn paren_atom(&mut self) -> PResult<Expr> {
        let start = self.bump().span.start;
        if self.at_op(Op::Rpar) {
            let end = self.bump().span.end;
            return Ok(mk(ExprKind::Tuple(Vec::new()), Span::new(start, end)));
        }
        if self.at_kw(Kw::Yield) {
            let e = self.yield_expr()?;
            self.expect_op(Op::Rpar)?;
            return Ok(e);
        }
        let first = self.star_named_expression()?;
        if self.at_kw(Kw::For) || self.at_kw(Kw::Async) {
            self.check_comprehension_elt(&first)?;
            let comp = self.comprehension(first, None)?;
            let end = self.expect_op(Op::Rpar)?.end;
            return Ok(mk(
                ExprKind::GeneratorExp(Rc::new(comp)),
                Span::new(start, end),
            ));
        }
        if self.at_op(Op::Rpar) {
            self.bump();
            if let ExprKind::Starred(_) = first.kind {
                return Err(SyntaxError::new(
                    "cannot use starred expression here",
                    first.span,
                ));
            }
            return Ok(first);
        }
        if !self.at_op(Op::Comma) {
            return Err(self.invalid_syntax());
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if self.at_op(Op::Rpar) {
                break;
            }
            elts.push(self.star_named_expression()?);
        }
        let end = self.expect_op(Op::Rpar)?.end;
        Ok(mk(ExprKind::Tuple(elts), Span::new(start, end)))
    }

    /// `[a, b for ...]`: CPython's hint about the missing parentheses.
    fn check_unparenthesized_comprehension_target(&mut self, elts: &[Expr]) -> PResult<()> {
        if self.at_kw(Kw::For) || self.at_kw(Kw::Async) {
            let span = Span::new(elts[0].span.start, elts[elts.len() - 1].span.end);
            return Err(SyntaxError::new(
                "did you forget parentheses around the comprehension target?",
                span,
            ));
        }
        Ok(())
    }

    fn check_comprehension_elt(&self, e: &Expr) -> PResult<()> {
        if let ExprKind::Starred(_) = e.kind {
            return Err(SyntaxError::new(
                "iterable unpacking cannot be used in comprehension",
                e.span,
            ));
        }
        Ok(())
    }

    fn list_atom(&mut self) -> PResult<Expr> {
        let start = self.bump().span.start;
        let mut elts = Vec::new();
        if !self.at_op(Op::Rsqb) {
            let first = self.star_named_expression()?;
            if self.at_kw(Kw::For) || self.at_kw(Kw::Async) {
                self.check_comprehension_elt(&first)?;
                let comp = self.comprehension(first, None)?;
                let end = self.expect_op(Op::Rsqb)?.end;
                return Ok(mk(ExprKind::ListComp(Rc::new(comp)), Span::new(start, end)));
            }
            elts.push(first);
            while self.eat_op(Op::Comma) {
                if self.at_op(Op::Rsqb) {
                    break;
                }
                elts.push(self.star_named_expression()?);
            }
            self.check_unparenthesized_comprehension_target(&elts)?;
        }
        let end = self.expect_op(Op::Rsqb)?.end;
        Ok(mk(ExprKind::List(elts), Span::new(start, end)))
    }

    fn brace_atom(&mut self) -> PResult<Expr> {
        let start = self.bump().span.start;
        if self.at_op(Op::Rbrace) {
            let end = self.bump().span.end;
            return Ok(mk(
                ExprKind::Dict {
                    keys: Vec::new(),
                    values: Vec::new(),
                },
                Span::new(start, end),
            ));
        }
        // Dict or dict comprehension?
        let first_key: Option<Expr>;
        let first_value: Expr;
        if self.at_op(Op::DoubleStar) {
            let s = self.bump().span;
            let v = self.bitwise_or()?;
            if self.at_kw(Kw::For) {
                return Err(SyntaxError::new(
                    "dict unpacking cannot be used in dict comprehension",
                    Span::new(s.start, v.span.end),
                ));
            }
            first_key = None;
            first_value = v;
        } else {
            let first = self.star_named_expression()?;
            if !self.at_op(Op::Colon) {
                return self.set_rest(start, first);
            }
            self.bump();
            let v = self.expression()?;
            if self.at_kw(Kw::For) || self.at_kw(Kw::Async) {
                let comp = self.comprehension(first, Some(v))?;
                let end = self.expect_op(Op::Rbrace)?.end;
                return Ok(mk(ExprKind::DictComp(Rc::new(comp)), Span::new(start, end)));
            }
            first_key = Some(first);
            first_value = v;
        }
        let mut keys = vec![first_key];
        let mut values = vec![first_value];
        while self.eat_op(Op::Comma) {
            if self.at_op(Op::Rbrace) {
                break;
            }
            if self.eat_op(Op::DoubleStar) {
                keys.push(None);
                values.push(self.bitwise_or()?);
                continue;
            }
            let k = self.expression()?;
            if !self.at_op(Op::Colon) {
                if self.at_op(Op::Comma) || self.at_op(Op::Rbrace) {
                    return Err(SyntaxError::new(
                        "':' expected after dictionary key",
                        k.span,
                    ));
                }
                return Err(self.invalid_syntax());
            }
            self.bump();
            keys.push(Some(k));
            values.push(self.expression()?);
        }
        let end = self.expect_op(Op::Rbrace)?.end;
        Ok(mk(ExprKind::Dict { keys, values }, Span::new(start, end)))
    }

    fn set_rest(&mut self, start: u32, first: Expr) -> PResult<Expr> {
        if self.at_kw(Kw::For) || self.at_kw(Kw::Async) {
            self.check_comprehension_elt(&first)?;
            let comp = self.comprehension(first, None)?;
            let end = self.expect_op(Op::Rbrace)?.end;
            return Ok(mk(ExprKind::SetComp(Rc::new(comp)), Span::new(start, end)));
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if self.at_op(Op::Rbrace) {
                break;
            }
            elts.push(self.star_named_expression()?);
        }
        self.check_unparenthesized_comprehension_target(&elts)?;
        let end = self.expect_op(Op::Rbrace)?.end;
        Ok(mk(ExprKind::Set(elts), Span::new(start, end)))
    }

    /// `yield [star_expressions]` or `yield from expression`.
    pub(crate) fn yield_expr(&mut self) -> PResult<Expr> {
        let start = self.bump().span.start;
        if self.eat_kw(Kw::From) {
            let v = self.expression()?;
            let span = Span::new(start, v.span.end);
            return Ok(mk(ExprKind::YieldFrom(Box::new(v)), span));
        }
        if self.starts_expr() && !self.at_kw(Kw::Yield) {
            let v = self.star_expressions()?;
            let span = Span::new(start, v.span.end);
            return Ok(mk(ExprKind::Yield(Some(Box::new(v))), span));
        }
        let end = self.prev_end();
        Ok(mk(ExprKind::Yield(None), Span::new(start, end)))
    }

    fn lambda(&mut self) -> PResult<Expr> {
        let kw_span = self.bump().span;
        let params = self.parameters(false)?;
        self.expect_op(Op::Colon)?;
        let body = self.expression()?;
        let span = Span::new(kw_span.start, body.span.end);
        let ret = Stmt {
            span: body.span,
            kind: StmtKind::Return(Some(body)),
        };
        Ok(mk(
            ExprKind::Lambda(Rc::new(FunctionDef {
                name: Rc::from("<lambda>"),
                params,
                body: vec![ret],
                decorators: Vec::new(),
                returns: None,
                is_async: false,
                name_scope: NameScope::Unresolved,
                scope: Scope::default(),
                name_span: kw_span,
            })),
            span,
        ))
    }

    /// Parameters of a `def` (with annotations, up to `)`) or a `lambda` (up to `:`).
    pub(crate) fn parameters(&mut self, annotated: bool) -> PResult<Parameters> {
        use super::super::ast::Param;
        let mut params = Parameters::default();
        let close = |p: &mut Self| {
            if annotated {
                p.at_op(Op::Rpar)
            } else {
                p.at_op(Op::Colon)
            }
        };
        let mut seen_default = false;
        let mut seen_star = false;
        let mut seen_slash = false;
        while !close(self) {
            let start = self.span().start;
            if self.at_op(Op::Slash) {
                let s = self.bump().span;
                if seen_slash {
                    return Err(SyntaxError::new("/ may appear only once", s));
                }
                if seen_star {
                    return Err(SyntaxError::new("/ must be ahead of *", s));
                }
                if params.args.is_empty() {
                    return Err(SyntaxError::new("at least one argument must precede /", s));
                }
                seen_slash = true;
                params.posonly.append(&mut params.args);
            } else if self.at_op(Op::DoubleStar) {
                self.bump();
                let p = self.param(annotated, start)?;
                if self.at_op(Op::Equal) {
                    return Err(SyntaxError::new(
                        "var-keyword argument cannot have default value",
                        self.span(),
                    ));
                }
                params.kwarg = Some(p);
                if self.eat_op(Op::Comma)
                    && (matches!(self.peek(), TokenKind::Name(_))
                        || self.at_op(Op::Star)
                        || self.at_op(Op::DoubleStar)
                        || self.at_op(Op::Slash))
                {
                    return Err(SyntaxError::new(
                        "arguments cannot follow var-keyword argument",
                        self.span(),
                    ));
                }
                break;
            } else if self.at_op(Op::Star) {
                let s = self.bump().span;
                if seen_star {
                    return Err(SyntaxError::new("* argument may appear only once", s));
                }
                seen_star = true;
                if self.at_op(Op::Comma) {
                    if matches!(self.peek_nth(1), TokenKind::Op(Op::DoubleStar))
                        || (annotated && matches!(self.peek_nth(1), TokenKind::Op(Op::Rpar)))
                        || (!annotated && matches!(self.peek_nth(1), TokenKind::Op(Op::Colon)))
                    {
                        return Err(SyntaxError::new("named arguments must follow bare *", s));
                    }
                } else if close(self) {
                    return Err(SyntaxError::new("named arguments must follow bare *", s));
                } else {
                    let p = self.param(annotated, s.start)?;
                    if self.at_op(Op::Equal) {
                        return Err(SyntaxError::new(
                            "var-positional argument cannot have default value",
                            self.span(),
                        ));
                    }
                    params.vararg = Some(p);
                }
            } else {
                let mut p: Param = self.param(annotated, start)?;
                if self.eat_op(Op::Equal) {
                    p.default = Some(self.expression()?);
                    p.span.end = self.prev_end();
                    if !seen_star {
                        seen_default = true;
                    }
                } else if seen_default && !seen_star {
                    return Err(SyntaxError::new(
                        "non-default argument follows default argument",
                        p.span,
                    ));
                }
                if seen_star {
                    params.kwonly.push(p);
                } else {
                    params.args.push(p);
                }
            }
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        if !close(self) {
            if !annotated && self.at_op(Op::Lpar) {
                return Err(self.invalid_syntax());
            }
            return Err(self.invalid_syntax());
        }
        Ok(params)
    }

    fn param(&mut self, annotated: bool, start: u32) -> PResult<super::super::ast::Param> {
        let (name, nspan) = self.expect_name()?;
        let annotation = if annotated && self.eat_op(Op::Colon) {
            Some(self.expression()?)
        } else {
            None
        };
        let _ = start;
        let end = self.prev_end();
        Ok(super::super::ast::Param {
            name,
            default: None,
            annotation,
            scope: NameScope::Unresolved,
            span: Span::new(nspan.start, end),
        })
    }
}
