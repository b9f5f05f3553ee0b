//! Python's string formatting engines over primitive values: the format-spec mini-language used
//! by `format()`, `str.format` and f-strings (`[[fill]align][sign][z][#][0][width][grouping]
//! [.precision][type]`) for ints, floats and strs, and printf-style `%` formatting. Ported from
//! CPython 3.11's `Python/formatter_unicode.c` and `PyUnicode_Format`; output and error messages
//! match CPython byte for byte.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use super::num::{
    decimal_value, double_to_string, f64_to_int, int_to_decimal, int_to_f64, DtsFlags, ExcKind,
    NumError,
};

/// A formatting error: the Python exception class and message (shared with [`NumError`]).
pub type FormatError = NumError;

fn value_error(message: impl Into<String>) -> FormatError {
    NumError::new(ExcKind::ValueError, message)
}

/// Widths and precisions above this raise `MemoryError` instead of trying to allocate (CPython
/// would try, and usually fail with `MemoryError` too).
pub const MAX_FIELD: i64 = 1 << 27;

fn memory_error() -> FormatError {
    NumError::new(ExcKind::MemoryError, "")
}

/// Refuses widths and precisions too large to allocate, after all validation errors.
fn check_size(r: &Resolved) -> Result<(), FormatError> {
    if r.width > MAX_FIELD || r.precision.unwrap_or(0) > MAX_FIELD as usize {
        return Err(memory_error());
    }
    Ok(())
}

fn type_error(message: impl Into<String>) -> FormatError {
    NumError::new(ExcKind::TypeError, message)
}

/// A parsed format specifier. Parsing alone does not know the formatted object's type, so the
/// type-dependent checks (and defaults) happen in [`format_int`], [`format_float`] and
/// [`format_str`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormatSpec {
    /// The fill character, when one was given before an alignment.
    pub fill: Option<char>,
    /// `<`, `>`, `^` or `=`, when given.
    pub align: Option<char>,
    /// `+`, `-` or ` `, when given.
    pub sign: Option<char>,
    /// `z`: coerce negative zero to zero.
    pub no_neg_0: bool,
    /// `#`: alternate form.
    pub alternate: bool,
    /// A `0` before the width (without an explicit fill): zero padding.
    pub zero_pad: bool,
    /// Minimum field width.
    pub width: Option<usize>,
    /// Thousands separator: `,` or `_`.
    pub grouping: Option<char>,
    /// Precision after `.`.
    pub precision: Option<usize>,
    /// The presentation type character, when given.
    pub ty: Option<char>,
    /// The specifier text, for error messages.
    raw: String,
    /// More than one character was left where the type should be.
    invalid: bool,
}

fn is_align(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

/// Reads a decimal integer at `pos`, as CPython's `get_integer`: `Ok(None)` when there are no
/// digits.
fn get_integer(chars: &[char], pos: &mut usize) -> Result<Option<usize>, FormatError> {
    let mut acc: i64 = 0;
    let start = *pos;
    while let Some(d) = chars.get(*pos).and_then(|c| decimal_value(*c)) {
        let d = i64::from(d);
        if acc > (i64::MAX - d) / 10 {
            return Err(value_error("Too many decimal digits in format string"));
        }
        acc = acc * 10 + d;
        *pos += 1;
    }
    Ok(if *pos == start {
        None
    } else {
        Some(acc as usize)
    })
}

impl FormatSpec {
    /// Parses a format specifier. Errors that do not depend on the object's type
    /// ("Cannot specify both ',' and '_'.", "Format specifier missing precision", "Too many
    /// decimal digits in format string") are reported here.
    pub fn parse(spec: &str) -> Result<FormatSpec, FormatError> {
        let chars: Vec<char> = spec.chars().collect();
        let end = chars.len();
        let mut f = FormatSpec {
            raw: spec.to_string(),
            ..FormatSpec::default()
        };
        let mut pos = 0;
        if end >= 2 && is_align(chars[1]) {
            f.fill = Some(chars[0]);
            f.align = Some(chars[1]);
            pos = 2;
        } else if end >= 1 && is_align(chars[0]) {
            f.align = Some(chars[0]);
            pos = 1;
        }
        if let Some(&c @ ('+' | '-' | ' ')) = chars.get(pos) {
            f.sign = Some(c);
            pos += 1;
        }
        if chars.get(pos) == Some(&'z') {
            f.no_neg_0 = true;
            pos += 1;
        }
        if chars.get(pos) == Some(&'#') {
            f.alternate = true;
            pos += 1;
        }
        if f.fill.is_none() && chars.get(pos) == Some(&'0') {
            f.zero_pad = true;
            pos += 1;
        }
        f.width = get_integer(&chars, &mut pos)?;
        if chars.get(pos) == Some(&',') {
            f.grouping = Some(',');
            pos += 1;
        }
        if chars.get(pos) == Some(&'_') {
            if f.grouping.is_some() {
                return Err(value_error("Cannot specify both ',' and '_'."));
            }
            f.grouping = Some('_');
            pos += 1;
        }
        if chars.get(pos) == Some(&',') && f.grouping == Some('_') {
            return Err(value_error("Cannot specify both ',' and '_'."));
        }
        if chars.get(pos) == Some(&'.') {
            pos += 1;
            match get_integer(&chars, &mut pos)? {
                Some(p) => f.precision = Some(p),
                None => return Err(value_error("Format specifier missing precision")),
            }
        }
        if end > pos + 1 {
            f.invalid = true;
        } else if end == pos + 1 {
            f.ty = Some(chars[pos]);
        }
        Ok(f)
    }

    /// True for the empty specifier (`format(x, '')`, `f'{x}'`), which means `str(x)`.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// Applies the per-type defaults and CPython's type-dependent validation.
    fn resolve(
        &self,
        default_type: char,
        default_align: char,
        type_name: &str,
    ) -> Result<Resolved, FormatError> {
        if self.invalid {
            return Err(value_error(format!(
                "Invalid format specifier '{}' for object of type '{}'",
                self.raw, type_name
            )));
        }
        let mut fill = self.fill.unwrap_or(' ');
        let mut align = self.align.unwrap_or(default_align);
        if self.zero_pad {
            fill = '0';
            if self.align.is_none() && default_align == '>' {
                align = '=';
            }
        }
        let ty = self.ty.unwrap_or(default_type);
        let mut grouping = None;
        if let Some(sep) = self.grouping {
            match ty {
                'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0' => grouping = Some((sep, 3)),
                'b' | 'o' | 'x' | 'X' if sep == '_' => grouping = Some(('_', 4)),
                _ => {
                    let t = if (ty as u32) > 32 && (ty as u32) < 128 {
                        format!("'{ty}'")
                    } else {
                        format!("'\\x{:x}'", ty as u32)
                    };
                    return Err(value_error(format!("Cannot specify '{sep}' with {t}.")));
                }
            }
        }
        Ok(Resolved {
            fill,
            align,
            sign: self.sign,
            no_neg_0: self.no_neg_0,
            alternate: self.alternate,
            width: self.width.map(|w| w as i64).unwrap_or(-1),
            grouping,
            precision: self.precision,
            ty,
        })
    }
}

/// A specifier after applying per-type defaults (CPython's `InternalFormatSpec`).
#[derive(Debug, Clone)]
struct Resolved {
    fill: char,
    align: char,
    sign: Option<char>,
    no_neg_0: bool,
    alternate: bool,
    width: i64,
    /// Separator and group size.
    grouping: Option<(char, usize)>,
    precision: Option<usize>,
    ty: char,
}

fn unknown_code(ty: char, type_name: &str) -> FormatError {
    let code = ty as u32;
    if code > 32 && code < 128 {
        value_error(format!(
            "Unknown format code '{ty}' for object of type '{type_name}'"
        ))
    } else {
        value_error(format!(
            "Unknown format code '\\x{code:x}' for object of type '{type_name}'"
        ))
    }
}

/// CPython's `_PyUnicode_InsertThousandsGrouping`: groups `digits` from the right, padding with
/// zeros on the left until `min_width` is reached.
fn group_digits(digits: &[char], mut min_width: i64, grouping: Option<(char, usize)>) -> String {
    let mut out_rev: Vec<char> = Vec::new();
    let mut remaining = digits.len() as i64;
    let mut dpos = digits.len();
    let mut use_sep = false;
    let (sep, group) = match grouping {
        Some((s, g)) => (Some(s), g as i64),
        None => (None, 0),
    };
    let sep_len = i64::from(sep.is_some());
    let mut fill = |out: &mut Vec<char>, n_chars: i64, n_zeros: i64, use_sep: bool| {
        if use_sep {
            if let Some(s) = sep {
                out.push(s);
            }
        }
        for _ in 0..n_chars {
            dpos -= 1;
            out.push(digits[dpos]);
        }
        for _ in 0..n_zeros {
            out.push('0');
        }
    };
    let mut broken = false;
    if group > 0 {
        loop {
            let len = group.min(remaining.max(min_width).max(1));
            let n_zeros = (len - remaining).max(0);
            let n_chars = remaining.min(len).max(0);
            fill(&mut out_rev, n_chars, n_zeros, use_sep);
            use_sep = true;
            remaining -= n_chars;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                broken = true;
                break;
            }
            min_width -= sep_len;
        }
    }
    if !broken {
        let len = remaining.max(min_width).max(1);
        let n_zeros = (len - remaining).max(0);
        let n_chars = remaining.min(len).max(0);
        fill(&mut out_rev, n_chars, n_zeros, use_sep);
    }
    out_rev.iter().rev().collect()
}

/// The parts of a formatted number, laid out by [`fill_number`].
struct NumberParts<'a> {
    negative: bool,
    prefix: &'a str,
    /// Integer digits (grouped and zero padded).
    digits: &'a [char],
    has_decimal: bool,
    /// Everything after the decimal point (fraction, exponent, `%`), or the `c` character.
    remainder: &'a str,
}

/// CPython's `calc_number_widths` + `fill_number`.
fn fill_number(p: &NumberParts<'_>, spec: &Resolved, toupper: bool) -> String {
    let sign = match spec.sign {
        Some('+') => Some(if p.negative { '-' } else { '+' }),
        Some(' ') => Some(if p.negative { '-' } else { ' ' }),
        _ => p.negative.then_some('-'),
    };
    let n_sign = i64::from(sign.is_some());
    let n_prefix = p.prefix.chars().count() as i64;
    let n_decimal = i64::from(p.has_decimal);
    let n_remainder = p.remainder.chars().count() as i64;
    let non_digit = n_sign + n_prefix + n_decimal + n_remainder;
    let min_width = if spec.fill == '0' && spec.align == '=' {
        spec.width - non_digit
    } else {
        0
    };
    let grouped = if p.digits.is_empty() {
        String::new()
    } else {
        group_digits(p.digits, min_width, spec.grouping)
    };
    let n_grouped = grouped.chars().count() as i64;
    let n_padding = spec.width - (non_digit + n_grouped);
    let (mut lpad, mut spad, mut rpad) = (0, 0, 0);
    if n_padding > 0 {
        match spec.align {
            '<' => rpad = n_padding,
            '^' => {
                lpad = n_padding / 2;
                rpad = n_padding - lpad;
            }
            '=' => spad = n_padding,
            _ => lpad = n_padding,
        }
    }
    let mut out = String::new();
    let pad = |out: &mut String, n: i64| {
        for _ in 0..n {
            out.push(spec.fill);
        }
    };
    pad(&mut out, lpad);
    if let Some(s) = sign {
        out.push(s);
    }
    if toupper {
        out.push_str(&p.prefix.to_ascii_uppercase());
    } else {
        out.push_str(p.prefix);
    }
    pad(&mut out, spad);
    if toupper {
        out.push_str(&grouped.to_ascii_uppercase());
    } else {
        out.push_str(&grouped);
    }
    if p.has_decimal {
        out.push('.');
    }
    out.push_str(p.remainder);
    pad(&mut out, rpad);
    out
}

/// `format(n, spec)` for an int.
pub fn format_int(n: &BigInt, spec: &FormatSpec) -> Result<String, FormatError> {
    format_int_named(n, spec, "int")
}

/// `format(n, spec)` for an int-like object whose type is called `type_name` (`bool`, an int
/// subclass) — only error messages differ. For `bool` with an empty spec the caller must return
/// `str(b)` ("True") instead.
pub fn format_int_named(
    n: &BigInt,
    spec: &FormatSpec,
    type_name: &str,
) -> Result<String, FormatError> {
    if spec.is_empty() {
        return int_to_decimal(n);
    }
    let r = spec.resolve('d', '>', type_name)?;
    match r.ty {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => format_long_internal(n, &r),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => format_float_internal(int_to_f64(n)?, &r),
        t => Err(unknown_code(t, type_name)),
    }
}

fn format_long_internal(n: &BigInt, spec: &Resolved) -> Result<String, FormatError> {
    if spec.precision.is_some() {
        return Err(value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.no_neg_0 {
        return Err(value_error(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    if spec.ty == 'c' {
        if spec.sign.is_some() {
            return Err(value_error(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if spec.alternate {
            return Err(value_error(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        let x = n.to_i64().ok_or_else(|| {
            NumError::new(
                ExcKind::OverflowError,
                "Python int too large to convert to C long",
            )
        })?;
        let ch = u32::try_from(x)
            .ok()
            .filter(|v| *v <= 0x10ffff)
            .and_then(char::from_u32)
            .ok_or_else(|| {
                NumError::new(ExcKind::OverflowError, "%c arg not in range(0x110000)")
            })?;
        check_size(spec)?;
        let rem = ch.to_string();
        let parts = NumberParts {
            negative: false,
            prefix: "",
            digits: &[],
            has_decimal: false,
            remainder: &rem,
        };
        return Ok(fill_number(&parts, spec, false));
    }
    let (base, prefix) = match spec.ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' | 'X' => (16, "0x"),
        _ => (10, ""),
    };
    check_size(spec)?;
    if base == 10 {
        int_to_decimal(n)?;
    }
    let digits: Vec<char> = n.magnitude().to_str_radix(base).chars().collect();
    let mut spec = spec.clone();
    if spec.ty == 'n' {
        spec.grouping = None;
    }
    let parts = NumberParts {
        negative: n.is_negative(),
        prefix: if spec.alternate { prefix } else { "" },
        digits: &digits,
        has_decimal: false,
        remainder: "",
    };
    Ok(fill_number(&parts, &spec, spec.ty == 'X'))
}

/// `format(x, spec)` for a float.
pub fn format_float(x: f64, spec: &FormatSpec) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(super::num::float_repr(x));
    }
    let r = spec.resolve('\0', '>', "float")?;
    match r.ty {
        '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%' => format_float_internal(x, &r),
        t => Err(unknown_code(t, "float")),
    }
}

fn format_float_internal(x: f64, spec: &Resolved) -> Result<String, FormatError> {
    let mut flags = DtsFlags {
        alt: spec.alternate,
        no_neg_0: spec.no_neg_0,
        ..DtsFlags::default()
    };
    let mut ty = spec.ty;
    let mut default_precision = 6;
    if ty == '\0' {
        flags.add_dot_0 = true;
        ty = 'r';
        default_precision = 0;
    }
    if ty == 'n' {
        ty = 'g';
    }
    let mut val = x;
    let mut add_pct = false;
    if ty == '%' {
        ty = 'f';
        val *= 100.0;
        add_pct = true;
    }
    let precision = match spec.precision {
        None => default_precision,
        Some(p) => {
            if p > i32::MAX as usize {
                return Err(value_error("precision too big"));
            }
            if ty == 'r' {
                ty = 'g';
            }
            p
        }
    };
    check_size(spec)?;
    let mut buf = double_to_string(val, ty, precision, flags);
    if add_pct {
        buf.push('%');
    }
    let mut spec = spec.clone();
    if spec.ty == 'n' {
        spec.grouping = None;
    }
    let (negative, body) = match buf.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, buf.as_str()),
    };
    let ndig = body.bytes().take_while(u8::is_ascii_digit).count();
    let digits: Vec<char> = body[..ndig].chars().collect();
    let after = &body[ndig..];
    let (has_decimal, remainder) = match after.strip_prefix('.') {
        Some(r) => (true, r),
        None => (false, after),
    };
    let parts = NumberParts {
        negative,
        prefix: "",
        digits: &digits,
        has_decimal,
        remainder,
    };
    Ok(fill_number(&parts, &spec, false))
}

/// `format(s, spec)` for a str.
pub fn format_str(s: &str, spec: &FormatSpec) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(s.to_string());
    }
    let r = spec.resolve('s', '<', "str")?;
    if r.ty != 's' {
        return Err(unknown_code(r.ty, "str"));
    }
    if let Some(sign) = r.sign {
        return Err(value_error(if sign == ' ' {
            "Space not allowed in string format specifier"
        } else {
            "Sign not allowed in string format specifier"
        }));
    }
    if r.no_neg_0 {
        return Err(value_error(
            "Negative zero coercion (z) not allowed in string format specifier",
        ));
    }
    if r.alternate {
        return Err(value_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if r.align == '=' {
        return Err(value_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    if r.width > MAX_FIELD {
        return Err(memory_error());
    }
    let mut len = s.chars().count();
    let mut text = s;
    if let Some(p) = r.precision {
        if len > p {
            len = p;
            let cut = s.char_indices().nth(p).map(|(i, _)| i).unwrap_or(s.len());
            text = &s[..cut];
        }
    }
    Ok(pad_str(text, len, r.width, r.align, r.fill))
}

/// CPython's `calc_padding` followed by the fill.
fn pad_str(text: &str, len: usize, width: i64, align: char, fill: char) -> String {
    let len = len as i64;
    let total = if width > len { width } else { len };
    let lpad = match align {
        '>' => total - len,
        '^' => (total - len) / 2,
        _ => 0,
    };
    let rpad = total - len - lpad;
    let mut out = String::with_capacity(text.len() + (lpad + rpad).max(0) as usize);
    for _ in 0..lpad {
        out.push(fill);
    }
    out.push_str(text);
    for _ in 0..rpad {
        out.push(fill);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// printf-style formatting
// ---------------------------------------------------------------------------------------------

/// The numeric nature of a `%` argument.
#[derive(Debug, Clone, PartialEq)]
pub enum PercentNum {
    /// An int (or bool).
    Int(BigInt),
    /// A float.
    Float(f64),
    /// Not a number (str, list, None, ...).
    NotNumber,
}

/// One argument of `template % args`, described without the interpreter's value type.
#[derive(Debug, Clone, PartialEq)]
pub struct PercentArg {
    /// Its numeric value, if it is a number.
    pub num: PercentNum,
    /// `str(v)`.
    pub str_: String,
    /// `repr(v)`.
    pub repr: String,
    /// `type(v).__name__`, for error messages.
    pub type_name: String,
    /// It is a str (so `%c` accepts it when it has one character).
    pub is_str: bool,
}

impl PercentArg {
    /// An int argument.
    pub fn int(v: BigInt) -> Self {
        let s = v.to_string();
        PercentArg {
            num: PercentNum::Int(v),
            str_: s.clone(),
            repr: s,
            type_name: "int".into(),
            is_str: false,
        }
    }
    /// A bool argument.
    pub fn bool(b: bool) -> Self {
        let s = if b { "True" } else { "False" };
        PercentArg {
            num: PercentNum::Int(BigInt::from(u8::from(b))),
            str_: s.into(),
            repr: s.into(),
            type_name: "bool".into(),
            is_str: false,
        }
    }
    /// A float argument.
    pub fn float(v: f64) -> Self {
        let s = super::num::float_repr(v);
        PercentArg {
            num: PercentNum::Float(v),
            str_: s.clone(),
            repr: s,
            type_name: "float".into(),
            is_str: false,
        }
    }
    /// A str argument with its `repr`.
    pub fn str(s: impl Into<String>, repr: impl Into<String>) -> Self {
        PercentArg {
            num: PercentNum::NotNumber,
            str_: s.into(),
            repr: repr.into(),
            type_name: "str".into(),
            is_str: true,
        }
    }
    /// Any other object, by type name, `str()` and `repr()`.
    pub fn other(
        type_name: impl Into<String>,
        str_: impl Into<String>,
        repr: impl Into<String>,
    ) -> Self {
        PercentArg {
            num: PercentNum::NotNumber,
            str_: str_.into(),
            repr: repr.into(),
            type_name: type_name.into(),
            is_str: false,
        }
    }
}

/// Looks up `%(key)s` keys; returns the value or the error to raise (usually `KeyError`).
pub type PercentLookup<'a> = &'a mut dyn FnMut(&str) -> Result<PercentArg, FormatError>;

/// The right operand of `template % args`.
pub enum PercentArgs<'a> {
    /// A tuple: its items are the arguments.
    Tuple(&'a [PercentArg]),
    /// Any single object that is not a tuple and has no `__getitem__` (int, float, None, ...).
    Single(&'a PercentArg),
    /// An object with `__getitem__` that is neither a tuple nor a str (dict, list, ...): it is
    /// the single positional argument and also serves `%(key)s` lookups; CPython skips the
    /// "not all arguments converted" check for these (`'x' % [1] == 'x'`).
    Mapping {
        /// The object itself, for `%s`.
        whole: &'a PercentArg,
        /// Key lookup (`whole[key]`).
        lookup: PercentLookup<'a>,
    },
}

const F_LJUST: u8 = 1;
const F_SIGN: u8 = 2;
const F_BLANK: u8 = 4;
const F_ALT: u8 = 8;
const F_ZERO: u8 = 16;

/// Where the next positional `%` argument comes from.
enum CurArgs<'a> {
    Tuple(&'a [PercentArg]),
    One(PercentArg),
}

struct PercentCtx<'a> {
    fmt: Vec<char>,
    pos: usize,
    cnt: i64,
    args: CurArgs<'a>,
    arglen: i64,
    argidx: i64,
    has_dict: bool,
}

impl PercentCtx<'_> {
    fn read(&self) -> char {
        self.fmt.get(self.pos).copied().unwrap_or('\0')
    }
    fn next_arg(&mut self) -> Result<PercentArg, FormatError> {
        let idx = self.argidx;
        if idx < self.arglen {
            self.argidx += 1;
            return Ok(match &self.args {
                CurArgs::One(a) => a.clone(),
                CurArgs::Tuple(t) => t[idx as usize].clone(),
            });
        }
        Err(type_error("not enough arguments for format string"))
    }
}

/// Escapes non-ASCII characters of a repr the way `ascii()` does.
fn ascii_escape(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        let v = c as u32;
        if v < 0x80 {
            out.push(c);
        } else if v < 0x100 {
            out.push_str(&format!("\\x{v:02x}"));
        } else if v < 0x10000 {
            out.push_str(&format!("\\u{v:04x}"));
        } else {
            out.push_str(&format!("\\U{v:08x}"));
        }
    }
    out
}

/// `template % args` (printf-style formatting) exactly as CPython 3.11's `PyUnicode_Format`.
pub fn percent_format(template: &str, args: PercentArgs<'_>) -> Result<String, FormatError> {
    let (cur, arglen, argidx, mut lookup, has_dict) = match args {
        PercentArgs::Tuple(t) => (CurArgs::Tuple(t), t.len() as i64, 0, None, false),
        PercentArgs::Single(a) => (CurArgs::One(a.clone()), -1, -2, None, false),
        PercentArgs::Mapping { whole, lookup } => {
            (CurArgs::One(whole.clone()), -1, -2, Some(lookup), true)
        }
    };
    let fmt: Vec<char> = template.chars().collect();
    let mut ctx = PercentCtx {
        cnt: fmt.len() as i64,
        fmt,
        pos: 0,
        args: cur,
        arglen,
        argidx,
        has_dict,
    };
    let mut out = String::with_capacity(template.len());
    loop {
        ctx.cnt -= 1;
        if ctx.cnt < 0 {
            break;
        }
        if ctx.read() != '%' {
            out.push(ctx.read());
            ctx.pos += 1;
            continue;
        }
        ctx.pos += 1;
        percent_one(&mut ctx, &mut lookup, &mut out)?;
    }
    if ctx.argidx < ctx.arglen && !ctx.has_dict {
        return Err(type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

struct ArgSpec {
    ch: char,
    flags: u8,
    width: i64,
    prec: i64,
    sign: bool,
}

fn star_value(a: &PercentArg) -> Result<i64, FormatError> {
    match &a.num {
        PercentNum::Int(v) => v.to_i64().ok_or_else(|| {
            NumError::new(
                ExcKind::OverflowError,
                "Python int too large to convert to C ssize_t",
            )
        }),
        _ => Err(type_error("* wants int")),
    }
}

fn percent_one(
    ctx: &mut PercentCtx<'_>,
    lookup: &mut Option<PercentLookup<'_>>,
    out: &mut String,
) -> Result<(), FormatError> {
    if ctx.read() == '%' {
        ctx.pos += 1;
        ctx.cnt -= 1;
        out.push('%');
        return Ok(());
    }
    let mut arg = ArgSpec {
        ch: '\0',
        flags: 0,
        width: -1,
        prec: -1,
        sign: false,
    };
    // Mapping key.
    if ctx.read() == '(' {
        let Some(lookup) = lookup.as_mut() else {
            return Err(type_error("format requires a mapping"));
        };
        ctx.pos += 1;
        ctx.cnt -= 1;
        let keystart = ctx.pos;
        let mut pcount = 1;
        while pcount > 0 {
            ctx.cnt -= 1;
            if ctx.cnt < 0 {
                break;
            }
            arg.ch = ctx.read();
            if arg.ch == ')' {
                pcount -= 1;
            } else if arg.ch == '(' {
                pcount += 1;
            }
            ctx.pos += 1;
        }
        if ctx.cnt < 0 || pcount > 0 {
            return Err(value_error("incomplete format key"));
        }
        let key: String = ctx.fmt[keystart..ctx.pos - 1].iter().collect();
        let v = lookup(&key)?;
        ctx.args = CurArgs::One(v);
        ctx.arglen = -1;
        ctx.argidx = -2;
    }
    // Flags.
    loop {
        ctx.cnt -= 1;
        if ctx.cnt < 0 {
            break;
        }
        arg.ch = ctx.read();
        ctx.pos += 1;
        let f = match arg.ch {
            '-' => F_LJUST,
            '+' => F_SIGN,
            ' ' => F_BLANK,
            '#' => F_ALT,
            '0' => F_ZERO,
            _ => break,
        };
        arg.flags |= f;
    }
    // Width.
    if arg.ch == '*' {
        let v = ctx.next_arg()?;
        arg.width = star_value(&v)?;
        if arg.width < 0 {
            arg.flags |= F_LJUST;
            arg.width = arg.width.saturating_neg();
        }
        ctx.cnt -= 1;
        if ctx.cnt >= 0 {
            arg.ch = ctx.read();
            ctx.pos += 1;
        }
    } else if arg.ch.is_ascii_digit() {
        arg.width = i64::from(arg.ch as u8 - b'0');
        loop {
            ctx.cnt -= 1;
            if ctx.cnt < 0 {
                break;
            }
            arg.ch = ctx.read();
            ctx.pos += 1;
            if !arg.ch.is_ascii_digit() {
                break;
            }
            let d = i64::from(arg.ch as u8 - b'0');
            if arg.width > (i64::MAX - d) / 10 {
                return Err(value_error("width too big"));
            }
            arg.width = arg.width * 10 + d;
        }
    }
    // Precision.
    if arg.ch == '.' {
        arg.prec = 0;
        ctx.cnt -= 1;
        if ctx.cnt >= 0 {
            arg.ch = ctx.read();
            ctx.pos += 1;
        }
        if arg.ch == '*' {
            let v = ctx.next_arg()?;
            let p = star_value(&v)?;
            if p > i64::from(i32::MAX) || p < i64::from(i32::MIN) {
                return Err(NumError::new(
                    ExcKind::OverflowError,
                    "Python int too large to convert to C int",
                ));
            }
            arg.prec = p.max(0);
            ctx.cnt -= 1;
            if ctx.cnt >= 0 {
                arg.ch = ctx.read();
                ctx.pos += 1;
            }
        } else if arg.ch.is_ascii_digit() {
            arg.prec = i64::from(arg.ch as u8 - b'0');
            loop {
                ctx.cnt -= 1;
                if ctx.cnt < 0 {
                    break;
                }
                arg.ch = ctx.read();
                ctx.pos += 1;
                if !arg.ch.is_ascii_digit() {
                    break;
                }
                let d = i64::from(arg.ch as u8 - b'0');
                if arg.prec > (i64::from(i32::MAX) - d) / 10 {
                    return Err(value_error("precision too big"));
                }
                arg.prec = arg.prec * 10 + d;
            }
        }
    }
    if ctx.cnt >= 0 && matches!(arg.ch, 'h' | 'l' | 'L') {
        ctx.cnt -= 1;
        if ctx.cnt >= 0 {
            arg.ch = ctx.read();
            ctx.pos += 1;
        }
    }
    if ctx.cnt < 0 {
        return Err(value_error("incomplete format"));
    }
    let text_conv = matches!(arg.ch, 's' | 'r' | 'a' | 'c');
    if arg.width > MAX_FIELD || (arg.prec > MAX_FIELD && !text_conv) {
        return Err(memory_error());
    }

    // Format the argument.
    let v = ctx.next_arg()?;
    let text: String = match arg.ch {
        's' | 'r' if v.type_name == "int" => match &v.num {
            PercentNum::Int(n) => int_to_decimal(n)?,
            _ => v.str_.clone(),
        },
        's' => v.str_.clone(),
        'r' => v.repr.clone(),
        'a' => ascii_escape(&v.repr),
        'i' | 'd' | 'u' | 'o' | 'x' | 'X' => {
            let int_code = matches!(arg.ch, 'o' | 'x' | 'X');
            let n = match &v.num {
                PercentNum::Int(n) => n.clone(),
                PercentNum::Float(f) if !int_code => f64_to_int(*f)?,
                _ => {
                    let what = if int_code {
                        "an integer"
                    } else {
                        "a real number"
                    };
                    return Err(type_error(format!(
                        "%{} format: {} is required, not {}",
                        arg.ch, what, v.type_name
                    )));
                }
            };
            arg.sign = true;
            format_long_percent(&n, arg.flags & F_ALT != 0, arg.prec, arg.ch)?
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let x = match &v.num {
                PercentNum::Float(f) => *f,
                PercentNum::Int(n) => int_to_f64(n)?,
                PercentNum::NotNumber => {
                    return Err(type_error(format!(
                        "must be real number, not {}",
                        v.type_name
                    )))
                }
            };
            arg.sign = true;
            let prec = if arg.prec < 0 { 6 } else { arg.prec as usize };
            let flags = DtsFlags {
                alt: arg.flags & F_ALT != 0,
                ..DtsFlags::default()
            };
            double_to_string(x, arg.ch, prec, flags)
        }
        'c' => {
            let ch = match &v.num {
                PercentNum::Int(n) => n
                    .to_u32()
                    .filter(|c| *c <= 0x10ffff)
                    .and_then(char::from_u32)
                    .ok_or_else(|| {
                        NumError::new(ExcKind::OverflowError, "%c arg not in range(0x110000)")
                    })?,
                _ => {
                    let mut it = v.str_.chars();
                    match (v.is_str, it.next(), it.next()) {
                        (true, Some(c), None) => c,
                        _ => return Err(type_error("%c requires int or char")),
                    }
                }
            };
            ch.to_string()
        }
        c => {
            let code = c as u32;
            let shown = if (31..=126).contains(&code) { c } else { '?' };
            return Err(value_error(format!(
                "unsupported format character '{shown}' (0x{code:x}) at index {}",
                ctx.pos - 1
            )));
        }
    };
    percent_output(&arg, &text, out);
    if ctx.has_dict && ctx.argidx < ctx.arglen {
        return Err(type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(())
}

/// CPython's `_PyUnicode_FormatLong` for `%d %i %u %o %x %X`.
fn format_long_percent(n: &BigInt, alt: bool, prec: i64, ty: char) -> Result<String, FormatError> {
    let base = match ty {
        'o' => 8,
        'x' | 'X' => 16,
        _ => 10,
    };
    let mut digits = n.magnitude().to_str_radix(base);
    if base == 10 && digits.len() > super::num::INT_MAX_STR_DIGITS {
        return int_to_decimal(n);
    }
    if prec > digits.len() as i64 {
        let zeros = "0".repeat(prec as usize - digits.len());
        digits = zeros + &digits;
    }
    let mut s = String::new();
    if n.is_negative() {
        s.push('-');
    }
    if alt {
        match ty {
            'o' => s.push_str("0o"),
            'x' => s.push_str("0x"),
            'X' => s.push_str("0X"),
            _ => {}
        }
    }
    if ty == 'X' {
        digits = digits.to_ascii_uppercase();
    }
    Ok(s + &digits)
}

/// CPython's `unicode_format_arg_output`: sign, alternate prefix, padding and truncation.
fn percent_output(arg: &ArgSpec, s: &str, out: &mut String) {
    let chars: Vec<char> = s.chars().collect();
    let mut len = chars.len() as i64;
    let fill = if arg.sign && arg.flags & F_ZERO != 0 {
        '0'
    } else {
        ' '
    };
    if (arg.width == -1 || arg.width <= len)
        && (arg.prec == -1 || arg.prec >= len)
        && arg.flags & (F_SIGN | F_BLANK) == 0
    {
        out.push_str(s);
        return;
    }
    if matches!(arg.ch, 's' | 'r' | 'a') && arg.prec >= 0 && len > arg.prec {
        len = arg.prec;
    }
    let mut pindex = 0usize;
    let mut signchar = None;
    let mut sign = arg.sign;
    if sign {
        let c = chars.first().copied().unwrap_or('\0');
        if c == '-' || c == '+' {
            signchar = Some(c);
            len -= 1;
            pindex += 1;
        } else if arg.flags & F_SIGN != 0 {
            signchar = Some('+');
        } else if arg.flags & F_BLANK != 0 {
            signchar = Some(' ');
        } else {
            sign = false;
        }
    }
    let mut width = arg.width.max(len);
    if sign {
        if fill != ' ' {
            if let Some(c) = signchar {
                out.push(c);
            }
        }
        if width > len {
            width -= 1;
        }
    }
    let alt_prefix = arg.flags & F_ALT != 0 && matches!(arg.ch, 'x' | 'X' | 'o');
    if alt_prefix {
        if fill != ' ' {
            out.push('0');
            out.push(arg.ch);
            pindex += 2;
        }
        width = (width - 2).max(0);
        len -= 2;
    }
    if width > len && arg.flags & F_LJUST == 0 {
        for _ in 0..width - len {
            out.push(fill);
        }
        width = len;
    }
    if fill == ' ' {
        if sign {
            if let Some(c) = signchar {
                out.push(c);
            }
        }
        if alt_prefix {
            out.push('0');
            out.push(arg.ch);
            pindex += 2;
        }
    }
    if len > 0 {
        out.extend(chars[pindex..pindex + len as usize].iter());
    }
    if width > len {
        for _ in 0..width - len {
            out.push(' ');
        }
    }
}

// ---------------------------------------------------------------------------------------------
// str.format templates
// ---------------------------------------------------------------------------------------------

/// The first part of a replacement field's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKey<'a> {
    /// A positional index, explicit (`{0}`) or automatic (`{}`).
    Index(usize),
    /// A keyword name (`{name}`), including names that are not identifiers (`{ 0}`, `{-1}`).
    Name(&'a str),
}

/// One `.attr` or `[item]` step after the first part of a field name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accessor<'a> {
    /// `.name`: `getattr(obj, name)`.
    Attr(&'a str),
    /// `[3]`: `obj[3]` with an int key.
    Index(usize),
    /// `[key]`: `obj['key']` with a str key.
    Key(&'a str),
}

/// What [`format_template`] needs from the interpreter: argument lookup, attribute and item
/// access, conversions and `format(value, spec)`. Each method raises by returning the error.
pub trait TemplateFields {
    /// The interpreter's value type.
    type Value;
    /// Looks up a positional argument (IndexError "Replacement index 5 out of range for
    /// positional args tuple") or a keyword argument (KeyError).
    fn get(&mut self, key: FieldKey<'_>) -> Result<Self::Value, FormatError>;
    /// Applies one `.attr` / `[item]` step.
    fn access(
        &mut self,
        value: Self::Value,
        step: Accessor<'_>,
    ) -> Result<Self::Value, FormatError>;
    /// Applies `!r`, `!s` or `!a` (only those three are passed).
    fn convert(&mut self, value: Self::Value, conversion: char)
        -> Result<Self::Value, FormatError>;
    /// `format(value, spec)`.
    fn format(&mut self, value: Self::Value, spec: &str) -> Result<String, FormatError>;
}

/// Automatic field numbering state shared by a template and its nested specs.
#[derive(Debug, Default)]
struct AutoNumber {
    /// `None` until the first numeric field; then `Some(true)` for automatic numbering.
    auto: Option<bool>,
    next: usize,
}

/// `template.format(*args, **kwargs)` (and `format_map`), exactly as CPython's
/// `Objects/stringlib/unicode_format.h`, including its error messages and the order in which
/// errors are found.
pub fn format_template<F: TemplateFields>(
    template: &str,
    fields: &mut F,
) -> Result<String, FormatError> {
    let chars: Vec<char> = template.chars().collect();
    let mut auto = AutoNumber::default();
    build_string(&chars, fields, 2, &mut auto)
}

fn build_string<F: TemplateFields>(
    s: &[char],
    fields: &mut F,
    depth: i32,
    auto: &mut AutoNumber,
) -> Result<String, FormatError> {
    if depth <= 0 {
        return Err(value_error("Max string recursion exceeded"));
    }
    let mut out = String::new();
    let mut pos = 0usize;
    let end = s.len();
    while pos < end {
        // Literal text up to the next '{' or '}'.
        let start = pos;
        let mut c = '\0';
        let mut markup = false;
        while pos < end {
            c = s[pos];
            pos += 1;
            if c == '{' || c == '}' {
                markup = true;
                break;
            }
        }
        let at_end = pos >= end;
        let mut len = pos - start;
        if c == '}' && markup && (at_end || s[pos] != '}') {
            return Err(value_error("Single '}' encountered in format string"));
        }
        if at_end && c == '{' && markup {
            return Err(value_error("Single '{' encountered in format string"));
        }
        if !at_end && markup {
            if s[pos] == c {
                pos += 1;
                markup = false;
            } else {
                len -= 1;
            }
        }
        out.extend(&s[start..start + len]);
        if !markup {
            continue;
        }
        // Parse the field: name, conversion, spec.
        let name_start = pos;
        let mut c = '\0';
        while pos < end {
            c = s[pos];
            pos += 1;
            match c {
                '{' => return Err(value_error("unexpected '{' in field name")),
                '[' => {
                    while pos < end && s[pos] != ']' {
                        pos += 1;
                    }
                    continue;
                }
                '}' | ':' | '!' => break,
                _ => continue,
            }
        }
        let terminated = matches!(c, '}' | ':' | '!') && pos > name_start;
        if !terminated {
            return Err(value_error("expected '}' before end of string"));
        }
        let name = &s[name_start..pos - 1];
        let mut conversion = None;
        let mut spec: &[char] = &[];
        let mut needs_expanding = false;
        if c == '!' || c == ':' {
            let mut done = false;
            if c == '!' {
                if pos >= end {
                    return Err(value_error(
                        "end of string while looking for conversion specifier",
                    ));
                }
                conversion = Some(s[pos]);
                pos += 1;
                if pos < end {
                    let c2 = s[pos];
                    pos += 1;
                    if c2 == '}' {
                        done = true;
                    } else if c2 != ':' {
                        return Err(value_error("expected ':' after conversion specifier"));
                    }
                }
            }
            if !done {
                let spec_start = pos;
                let mut count = 1;
                let mut closed = false;
                while pos < end {
                    let c3 = s[pos];
                    pos += 1;
                    if c3 == '{' {
                        needs_expanding = true;
                        count += 1;
                    } else if c3 == '}' {
                        count -= 1;
                        if count == 0 {
                            spec = &s[spec_start..pos - 1];
                            closed = true;
                            break;
                        }
                    }
                }
                if !closed {
                    return Err(value_error("unmatched '{' in format spec"));
                }
            }
        }
        // Render the field.
        let mut value = get_field(name, fields, auto)?;
        if let Some(conv) = conversion {
            if !matches!(conv, 'r' | 's' | 'a') {
                let code = conv as u32;
                return Err(value_error(if code > 32 && code < 127 {
                    format!("Unknown conversion specifier {conv}")
                } else {
                    format!("Unknown conversion specifier \\x{code:x}")
                }));
            }
            value = fields.convert(value, conv)?;
        }
        let spec_text: String = if needs_expanding {
            build_string(spec, fields, depth - 1, auto)?
        } else {
            spec.iter().collect()
        };
        out.push_str(&fields.format(value, &spec_text)?);
    }
    Ok(out)
}

/// A field-name integer (`Py_UNICODE_TODECIMAL` digits only); `Ok(None)` when not a number.
fn field_integer(s: &[char]) -> Result<Option<usize>, FormatError> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut acc: i64 = 0;
    for c in s {
        let Some(d) = decimal_value(*c) else {
            return Ok(None);
        };
        let d = i64::from(d);
        if acc > (i64::MAX - d) / 10 {
            return Err(value_error("Too many decimal digits in format string"));
        }
        acc = acc * 10 + d;
    }
    Ok(Some(acc as usize))
}

fn get_field<F: TemplateFields>(
    name: &[char],
    fields: &mut F,
    auto: &mut AutoNumber,
) -> Result<F::Value, FormatError> {
    let split = name
        .iter()
        .position(|c| *c == '.' || *c == '[')
        .unwrap_or(name.len());
    let (first, rest) = name.split_at(split);
    let idx = field_integer(first)?;
    let empty = first.is_empty();
    let numeric = empty || idx.is_some();
    let mut index = idx;
    if numeric {
        if auto.auto.is_none() {
            auto.auto = Some(empty);
        }
        match auto.auto {
            Some(false) if empty => {
                return Err(value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                ))
            }
            Some(true) if !empty => {
                return Err(value_error(
                    "cannot switch from automatic field numbering to manual field specification",
                ))
            }
            _ => {}
        }
        if empty {
            index = Some(auto.next);
            auto.next += 1;
        }
    }
    let first_str: String = first.iter().collect();
    let mut value = match index {
        Some(i) => fields.get(FieldKey::Index(i))?,
        None => fields.get(FieldKey::Name(&first_str))?,
    };
    let mut pos = 0;
    while pos < rest.len() {
        let c = rest[pos];
        pos += 1;
        let (text, is_attr) = match c {
            '.' => {
                let start = pos;
                while pos < rest.len() && rest[pos] != '.' && rest[pos] != '[' {
                    pos += 1;
                }
                (&rest[start..pos], true)
            }
            '[' => {
                let start = pos;
                while pos < rest.len() && rest[pos] != ']' {
                    pos += 1;
                }
                if pos >= rest.len() {
                    return Err(value_error("Missing ']' in format string"));
                }
                pos += 1;
                (&rest[start..pos - 1], false)
            }
            _ => {
                return Err(value_error(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ))
            }
        };
        let item_index = if is_attr { None } else { field_integer(text)? };
        if text.is_empty() {
            return Err(value_error("Empty attribute in format string"));
        }
        let t: String = text.iter().collect();
        let step = if is_attr {
            Accessor::Attr(&t)
        } else if let Some(i) = item_index {
            Accessor::Index(i)
        } else {
            Accessor::Key(&t)
        };
        value = fields.access(value, step)?;
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fi(n: i64, spec: &str) -> Result<String, String> {
        FormatSpec::parse(spec)
            .and_then(|s| format_int(&BigInt::from(n), &s))
            .map_err(|e| e.message)
    }
    fn ff(x: f64, spec: &str) -> Result<String, String> {
        FormatSpec::parse(spec)
            .and_then(|s| format_float(x, &s))
            .map_err(|e| e.message)
    }
    fn fs(x: &str, spec: &str) -> Result<String, String> {
        FormatSpec::parse(spec)
            .and_then(|s| format_str(x, &s))
            .map_err(|e| e.message)
    }
    fn ok(s: &str) -> Result<String, String> {
        Ok(s.to_string())
    }

    #[test]
    fn ints_format_like_python() {
        assert_eq!(fi(42, ">5"), ok("   42"));
        assert_eq!(fi(1234567, ","), ok("1,234,567"));
        assert_eq!(fi(1234, "012,"), ok("0,000,001,234"));
        assert_eq!(fi(-255, "#x"), ok("-0xff"));
        assert_eq!(fi(255, "#X"), ok("0XFF"));
        assert_eq!(fi(12345678, "_x"), ok("bc_614e"));
        assert_eq!(fi(-5, "*=6"), ok("-****5"));
        assert_eq!(fi(65, "c"), ok("A"));
        assert_eq!(fi(5, "+d"), ok("+5"));
        assert_eq!(
            fi(1, ".2"),
            Err("Precision not allowed in integer format specifier".into())
        );
        assert_eq!(fi(1, ",x"), Err("Cannot specify ',' with 'x'.".into()));
        assert_eq!(
            fi(1, "xx"),
            Err("Invalid format specifier 'xx' for object of type 'int'".into())
        );
        assert_eq!(
            fi(1, "s"),
            Err("Unknown format code 's' for object of type 'int'".into())
        );
    }

    #[test]
    fn floats_format_like_python() {
        assert_eq!(ff(1.0, ""), ok("1.0"));
        assert_eq!(ff(1e16, ""), ok("1e+16"));
        assert_eq!(ff(0.1, "g"), ok("0.1"));
        assert_eq!(ff(1234.5, ",.2f"), ok("1,234.50"));
        assert_eq!(ff(3.5, ".0f"), ok("4"));
        assert_eq!(ff(2.5, ".0f"), ok("2"));
        assert_eq!(ff(0.1234, ".2%"), ok("12.34%"));
        assert_eq!(ff(1.0, ".3"), ok("1.0"));
        assert_eq!(ff(123456.0, ".3"), ok("1.23e+05"));
        assert_eq!(ff(f64::INFINITY, "010"), ok("0000000inf"));
        assert_eq!(ff(-0.0, "z.1f"), ok("0.0"));
        assert_eq!(
            ff(1.0, "d"),
            Err("Unknown format code 'd' for object of type 'float'".into())
        );
    }

    #[test]
    fn huge_fields_raise_memory_error_only_when_they_would_allocate() {
        assert_eq!(fs("abc", ".999999999999"), ok("abc"));
        assert_eq!(fi(1, "9999999999999").map_err(|_| ()), Err(()));
        assert_eq!(
            ff(1.0, "999999999999x"),
            Err("Unknown format code 'x' for object of type 'float'".into())
        );
        let a = PercentArg::str("abc", "'abc'");
        let r = percent_format("%.999999999s", PercentArgs::Single(&a));
        assert_eq!(r.map_err(|e| e.message), ok("abc"));
    }

    #[test]
    fn strs_format_like_python() {
        assert_eq!(fs("ab", "^10"), ok("    ab    "));
        assert_eq!(fs("ab", "*<8"), ok("ab******"));
        assert_eq!(fs("ab", "05"), ok("ab000"));
        assert_eq!(fs("abcdef", ".3"), ok("abc"));
        assert_eq!(fs("abc", ","), Err("Cannot specify ',' with 's'.".into()));
        assert_eq!(
            fs("abc", "+"),
            Err("Sign not allowed in string format specifier".into())
        );
        assert_eq!(
            fs("a", "."),
            Err("Format specifier missing precision".into())
        );
    }

    #[test]
    fn percent_formats_like_python() {
        let args = [
            PercentArg::str("ab", "'ab'"),
            PercentArg::int(BigInt::from(255)),
            PercentArg::float(3.24159),
        ];
        let r = percent_format("%-5s|%#06x|%5.1f|%%|%r", PercentArgs::Tuple(&args[..]));
        assert_eq!(
            r.map_err(|e| e.message),
            Err("not enough arguments for format string".into())
        );
        let args2 = [
            PercentArg::str("ab", "'ab'"),
            PercentArg::int(BigInt::from(255)),
            PercentArg::float(3.24159),
            PercentArg::str("ab", "'ab'"),
        ];
        let r = percent_format("%-5s|%#06x|%5.1f|%%|%r", PercentArgs::Tuple(&args2[..]));
        assert_eq!(r.map_err(|e| e.message), ok("ab   |0x00ff|  3.2|%|'ab'"));
        let s = PercentArg::str("x", "'x'");
        let r = percent_format("%d", PercentArgs::Single(&s));
        assert_eq!(
            r.map_err(|e| e.message),
            Err("%d format: a real number is required, not str".into())
        );
        let r = percent_format("hi", PercentArgs::Single(&s));
        assert_eq!(
            r.map_err(|e| e.message),
            Err("not all arguments converted during string formatting".into())
        );
    }

    struct Args;

    impl TemplateFields for Args {
        type Value = i64;
        fn get(&mut self, key: FieldKey<'_>) -> Result<i64, FormatError> {
            match key {
                FieldKey::Index(i) if i < 3 => Ok(i as i64 * 10),
                FieldKey::Index(i) => Err(NumError::new(
                    ExcKind::IndexError,
                    format!("Replacement index {i} out of range for positional args tuple"),
                )),
                FieldKey::Name("w") => Ok(6),
                FieldKey::Name(n) => Err(NumError::new(ExcKind::KeyError, format!("'{n}'"))),
            }
        }
        fn access(&mut self, v: i64, _: Accessor<'_>) -> Result<i64, FormatError> {
            Ok(v)
        }
        fn convert(&mut self, v: i64, _: char) -> Result<i64, FormatError> {
            Ok(v)
        }
        fn format(&mut self, v: i64, spec: &str) -> Result<String, FormatError> {
            format_int(&BigInt::from(v), &FormatSpec::parse(spec)?)
        }
    }

    #[test]
    fn templates_number_fields_and_expand_nested_specs() {
        let t = |s: &str| format_template(s, &mut Args).map_err(|e| e.message);
        assert_eq!(t("{} {} {{x}}"), ok("0 10 {x}"));
        assert_eq!(t("{2:>{w}}|{0:_>4}"), ok("    20|___0"));
        assert_eq!(
            t("{0}{}"),
            Err(
                "cannot switch from manual field specification to automatic field numbering".into()
            )
        );
        assert_eq!(
            t("}"),
            Err("Single '}' encountered in format string".into())
        );
        assert_eq!(t("{:{:{}}}"), Err("Max string recursion exceeded".into()));
        assert_eq!(t("{!z}"), Err("Unknown conversion specifier z".into()));
    }

    #[test]
    fn percent_mapping_keys_use_the_lookup() {
        let whole = PercentArg::other("dict", "{'a': 1}", "{'a': 1}");
        let mut lookup = |k: &str| -> Result<PercentArg, FormatError> {
            if k == "a" {
                Ok(PercentArg::int(BigInt::from(1)))
            } else {
                Err(NumError::new(ExcKind::KeyError, format!("'{k}'")))
            }
        };
        let r = percent_format(
            "%(a)03d %(a)s",
            PercentArgs::Mapping {
                whole: &whole,
                lookup: &mut lookup,
            },
        );
        assert_eq!(r.map_err(|e| e.message), ok("001 1"));
        let r = percent_format(
            "%(b)s",
            PercentArgs::Mapping {
                whole: &whole,
                lookup: &mut lookup,
            },
        );
        assert_eq!(r.map_err(|e| e.kind), Err(ExcKind::KeyError));
    }
}
