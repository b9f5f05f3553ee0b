//! Python number semantics over primitive Rust types: `repr(float)`, CPython's float-to-string
//! engine (`PyOS_double_to_string`), floor division and modulo for ints and floats, exact and
//! float powers, correctly rounded int/int true division, int↔float conversions, `round()`, and
//! the `int()` / `float()` string parsers. Every result and error message matches CPython 3.11.

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// The Python exception class a numeric or formatting error maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExcKind {
    /// `ValueError`.
    ValueError,
    /// `TypeError`.
    TypeError,
    /// `OverflowError`.
    OverflowError,
    /// `ZeroDivisionError`.
    ZeroDivisionError,
    /// `IndexError`.
    IndexError,
    /// `KeyError`.
    KeyError,
    /// `AttributeError`.
    AttributeError,
    /// `MemoryError` (used for results too large to build, where CPython would exhaust memory).
    MemoryError,
    /// Not an exception in CPython: the result would be a `complex` number (a negative float
    /// raised to a fractional power). The interpreter has no complex type and decides what to do.
    ComplexResult,
}

impl ExcKind {
    /// The Python class name (`"ValueError"`, ...); `"complex"` for [`ExcKind::ComplexResult`].
    pub fn name(self) -> &'static str {
        match self {
            ExcKind::ValueError => "ValueError",
            ExcKind::TypeError => "TypeError",
            ExcKind::OverflowError => "OverflowError",
            ExcKind::ZeroDivisionError => "ZeroDivisionError",
            ExcKind::IndexError => "IndexError",
            ExcKind::KeyError => "KeyError",
            ExcKind::AttributeError => "AttributeError",
            ExcKind::MemoryError => "MemoryError",
            ExcKind::ComplexResult => "complex",
        }
    }
}

/// A Python exception raised by a numeric helper: its class and its `str()` message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumError {
    /// The exception class.
    pub kind: ExcKind,
    /// The message exactly as CPython's `str(exc)` shows it.
    pub message: String,
}

impl NumError {
    /// Builds an error of `kind` with `message`.
    pub fn new(kind: ExcKind, message: impl Into<String>) -> Self {
        NumError {
            kind,
            message: message.into(),
        }
    }
    fn value(message: impl Into<String>) -> Self {
        Self::new(ExcKind::ValueError, message)
    }
    fn overflow(message: impl Into<String>) -> Self {
        Self::new(ExcKind::OverflowError, message)
    }
    fn zero_div(message: impl Into<String>) -> Self {
        Self::new(ExcKind::ZeroDivisionError, message)
    }
}

impl std::fmt::Display for NumError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

// ---------------------------------------------------------------------------------------------
// Float to string
// ---------------------------------------------------------------------------------------------

/// How many digits `dtoa` produces (the modes of David Gay's `_Py_dg_dtoa` that CPython uses).
#[derive(Debug, Clone, Copy)]
enum DtoaMode {
    /// Mode 0: the shortest string that round-trips.
    Shortest,
    /// Mode 2: this many significant digits (at least 1).
    Significant(usize),
    /// Mode 3: this many digits after the decimal point.
    Fixed(usize),
}

/// Decimal digits of `|x|` (finite) without trailing zeros, and `decpt`, the position of the
/// decimal point: the value is `0.d1d2d3... * 10**decpt`. Zero gives `("0", 1)`; a value that
/// rounds to nothing in fixed mode gives `("", -ndigits)`, exactly like `_Py_dg_dtoa`.
fn dtoa(x: f64, mode: DtoaMode) -> (String, i32) {
    let a = x.abs();
    if a == 0.0 {
        return ("0".to_string(), 1);
    }
    match mode {
        DtoaMode::Shortest => {
            // Rust finds the shortest length; among the strings of that length CPython's dtoa
            // picks the one closest to the exact value, which is the correctly rounded one.
            let (digits, decpt) = sci_digits(&format!("{a:e}"));
            let n = digits.len();
            let closest = format!("{:.*e}", n - 1, a);
            if closest.parse::<f64>() == Ok(a) {
                sci_digits(&closest)
            } else {
                (digits, decpt)
            }
        }
        DtoaMode::Significant(n) => sci_digits(&format!("{:.*e}", n.max(1) - 1, a)),
        DtoaMode::Fixed(n) => {
            let s = format!("{a:.n$}");
            let (int_part, frac) = s.split_once('.').unwrap_or((s.as_str(), ""));
            let mut decpt = int_part.len() as i32;
            let all: String = format!("{int_part}{frac}");
            let trimmed_lead = all.trim_start_matches('0');
            decpt -= (all.len() - trimmed_lead.len()) as i32;
            let digits = trimmed_lead.trim_end_matches('0');
            if digits.is_empty() {
                (String::new(), -(n as i32))
            } else {
                (digits.to_string(), decpt)
            }
        }
    }
}

/// Splits Rust's `{:e}` output (`d.ddde±x`) into trimmed digits and `decpt`.
fn sci_digits(s: &str) -> (String, i32) {
    let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: String = mant.chars().filter(|c| *c != '.').collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    (digits, exp + 1)
}

/// Options of [`double_to_string`] (CPython's `Py_DTSF_*` flags).
#[derive(Debug, Clone, Copy, Default)]
pub struct DtsFlags {
    /// Always write a sign (`+` for non-negative values).
    pub sign: bool,
    /// Add `.0` to integral results written without an exponent (repr-like).
    pub add_dot_0: bool,
    /// Alternate form (`#`): keep the decimal point and trailing zeros.
    pub alt: bool,
    /// Drop the minus sign of a result that is zero after rounding (`z`).
    pub no_neg_0: bool,
}

/// CPython's `PyOS_double_to_string`: `code` is one of `e E f F g G r` (`r` = repr, which
/// requires `precision == 0`); other codes are treated as `r`.
pub fn double_to_string(x: f64, code: char, precision: usize, flags: DtsFlags) -> String {
    let upper = code.is_ascii_uppercase();
    let lc = code.to_ascii_lowercase();
    let (mode, precision) = match lc {
        'e' => (DtoaMode::Significant(precision + 1), precision + 1),
        'f' => (DtoaMode::Fixed(precision), precision),
        'g' => {
            let p = precision.max(1);
            (DtoaMode::Significant(p), p)
        }
        _ => (DtoaMode::Shortest, 0),
    };
    let lc = if matches!(lc, 'e' | 'f' | 'g') {
        lc
    } else {
        'r'
    };
    let mut out = String::new();
    if !x.is_finite() {
        if x.is_nan() {
            if flags.sign {
                out.push('+');
            }
            out.push_str(if upper { "NAN" } else { "nan" });
        } else {
            if x < 0.0 {
                out.push('-');
            } else if flags.sign {
                out.push('+');
            }
            out.push_str(if upper { "INF" } else { "inf" });
        }
        return out;
    }
    let (digits, decpt0) = dtoa(x, mode);
    let digits = digits.as_bytes();
    let digits_len = digits.len() as i64;
    let mut decpt = decpt0 as i64;
    let mut negative = x.is_sign_negative();
    if flags.no_neg_0 && negative && (digits_len == 0 || (digits_len == 1 && digits[0] == b'0')) {
        negative = false;
    }
    let mut use_exp = false;
    let mut vdigits_end = digits_len;
    let prec = precision as i64;
    match lc {
        'e' => {
            use_exp = true;
            vdigits_end = prec;
        }
        'f' => vdigits_end = decpt + prec,
        'g' => {
            let limit = if flags.add_dot_0 { prec - 1 } else { prec };
            if decpt <= -4 || decpt > limit {
                use_exp = true;
            }
            if flags.alt {
                vdigits_end = prec;
            }
        }
        _ => {
            if decpt <= -4 || decpt > 16 {
                use_exp = true;
            }
        }
    }
    let mut exp = 0i64;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    if !use_exp && flags.add_dot_0 {
        vdigits_end = vdigits_end.max(decpt + 1);
    } else {
        vdigits_end = vdigits_end.max(decpt);
    }
    if negative {
        out.push('-');
    } else if flags.sign {
        out.push('+');
    }
    let zeros = |out: &mut String, n: i64| {
        for _ in 0..n.max(0) {
            out.push('0');
        }
    };
    if decpt <= 0 {
        zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        zeros(&mut out, -decpt);
    } else {
        zeros(&mut out, -vdigits_start);
    }
    let dstr = std::str::from_utf8(digits).unwrap_or("");
    if 0 < decpt && decpt <= digits_len {
        out.push_str(&dstr[..decpt as usize]);
        out.push('.');
        out.push_str(&dstr[decpt as usize..]);
    } else {
        out.push_str(dstr);
    }
    if digits_len < decpt {
        zeros(&mut out, decpt - digits_len);
        out.push('.');
        zeros(&mut out, vdigits_end - decpt);
    } else {
        zeros(&mut out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !flags.alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push(if exp < 0 { '-' } else { '+' });
        let e = exp.abs();
        if e < 10 {
            out.push('0');
        }
        out.push_str(&e.to_string());
    }
    out
}

/// Python's `repr(x)` (and `str(x)`) for a float: shortest round-trip digits, exponent form when
/// the decimal exponent is below -4 or at least 16.
pub fn float_repr(x: f64) -> String {
    double_to_string(
        x,
        'r',
        0,
        DtsFlags {
            add_dot_0: true,
            ..DtsFlags::default()
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Integer arithmetic
// ---------------------------------------------------------------------------------------------

const INT_DIV_ZERO: &str = "integer division or modulo by zero";
const INT_MOD_ZERO: &str = "integer modulo by zero";

/// `a // b` for small ints. `Ok(None)` means the result does not fit in `i64`
/// (`i64::MIN // -1`): redo it with [`big_floordiv`].
pub fn i64_floordiv(a: i64, b: i64) -> Result<Option<i64>, NumError> {
    if b == 0 {
        return Err(NumError::zero_div(INT_DIV_ZERO));
    }
    if a == i64::MIN && b == -1 {
        return Ok(None);
    }
    Ok(Some(Integer::div_floor(&a, &b)))
}

/// `a % b` for small ints (the result has the sign of `b`). Never overflows.
pub fn i64_mod(a: i64, b: i64) -> Result<i64, NumError> {
    if b == 0 {
        return Err(NumError::zero_div(INT_MOD_ZERO));
    }
    if b == -1 {
        return Ok(0);
    }
    Ok(a.mod_floor(&b))
}

/// `divmod(a, b)` for small ints; `Ok(None)` when the quotient overflows `i64`.
pub fn i64_divmod(a: i64, b: i64) -> Result<Option<(i64, i64)>, NumError> {
    if b == 0 {
        return Err(NumError::zero_div(INT_DIV_ZERO));
    }
    if a == i64::MIN && b == -1 {
        return Ok(None);
    }
    Ok(Some(a.div_mod_floor(&b)))
}

/// `a // b` for big ints.
pub fn big_floordiv(a: &BigInt, b: &BigInt) -> Result<BigInt, NumError> {
    if b.is_zero() {
        return Err(NumError::zero_div(INT_DIV_ZERO));
    }
    Ok(a.div_floor(b))
}

/// `a % b` for big ints.
pub fn big_mod(a: &BigInt, b: &BigInt) -> Result<BigInt, NumError> {
    if b.is_zero() {
        return Err(NumError::zero_div(INT_MOD_ZERO));
    }
    Ok(a.mod_floor(b))
}

/// `divmod(a, b)` for big ints.
pub fn big_divmod(a: &BigInt, b: &BigInt) -> Result<(BigInt, BigInt), NumError> {
    if b.is_zero() {
        return Err(NumError::zero_div(INT_DIV_ZERO));
    }
    Ok(a.div_mod_floor(b))
}

/// Largest int (in bits) that `**`, `*` and `<<` build before giving up with `MemoryError`:
/// 4,194,304 bits (about 1.26 million decimal digits). One multiplication or division of ints
/// this size takes at most a few hundred milliseconds in the page, where nothing can interrupt
/// it; CPython would try and exhaust memory or time.
pub const MAX_INT_BITS: u64 = 1 << 22;

/// `base ** exp` for a non-negative exponent, exact. A negative exponent is not an int
/// operation in Python: convert both sides with [`int_to_f64`] and use [`float_pow`].
pub fn int_pow(base: &BigInt, exp: &BigInt) -> Result<BigInt, NumError> {
    if exp.is_negative() {
        return Err(NumError::value("negative exponent: use float_pow"));
    }
    if exp.is_zero() {
        return Ok(BigInt::one());
    }
    if base.is_zero() || base.is_one() {
        return Ok(base.clone());
    }
    if *base == BigInt::from(-1) {
        return Ok(if exp.is_odd() {
            base.clone()
        } else {
            BigInt::one()
        });
    }
    let e = match exp.to_u64() {
        Some(e) if e.saturating_mul(base.bits()) <= MAX_INT_BITS => e,
        _ => return Err(NumError::new(ExcKind::MemoryError, "")),
    };
    Ok(num_traits::pow::Pow::pow(base, e))
}

/// Three-argument `pow(base, exp, modulus)` for ints, including negative exponents (modular
/// inverse) as in CPython 3.8+.
pub fn int_pow_mod(base: &BigInt, exp: &BigInt, modulus: &BigInt) -> Result<BigInt, NumError> {
    if modulus.is_zero() {
        return Err(NumError::value("pow() 3rd argument cannot be 0"));
    }
    let m_abs = modulus.abs();
    let mut b = base.mod_floor(&m_abs);
    let mut e = exp.clone();
    if e.is_negative() {
        let g = b.extended_gcd(&m_abs);
        if !g.gcd.is_one() {
            return Err(NumError::value(
                "base is not invertible for the given modulus",
            ));
        }
        b = g.x.mod_floor(&m_abs);
        e = -e;
    }
    let mut r = if m_abs.is_one() {
        BigInt::zero()
    } else {
        b.modpow(&e, &m_abs)
    };
    if modulus.is_negative() && !r.is_zero() {
        r -= &m_abs;
    }
    Ok(r)
}

/// Largest integer magnitude whose every value converts to `f64` exactly (2**53).
const EXACT_F64: u64 = 1 << 53;

/// `float(n)`: round-half-even conversion; `OverflowError` "int too large to convert to float".
pub fn int_to_f64(n: &BigInt) -> Result<f64, NumError> {
    if let Some(v) = n.to_i64() {
        return Ok(v as f64);
    }
    let mag = ratio_to_f64(n.magnitude(), &BigUint::one())
        .ok_or_else(|| NumError::overflow("int too large to convert to float"))?;
    Ok(if n.is_negative() { -mag } else { mag })
}

/// `a / b` for ints, correctly rounded like CPython's `long_true_divide`.
pub fn int_true_div(a: &BigInt, b: &BigInt) -> Result<f64, NumError> {
    if b.is_zero() {
        return Err(NumError::zero_div("division by zero"));
    }
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if x.unsigned_abs() <= EXACT_F64 && y.unsigned_abs() <= EXACT_F64 {
            return Ok(x as f64 / y as f64);
        }
    }
    let negate = a.is_negative() != b.is_negative();
    let mag = ratio_to_f64(a.magnitude(), b.magnitude())
        .ok_or_else(|| NumError::overflow("integer division result too large for a float"))?;
    Ok(if negate { -mag } else { mag })
}

/// `num / den` correctly rounded (half to even) to an `f64`; `None` on overflow.
fn ratio_to_f64(num: &BigUint, den: &BigUint) -> Option<f64> {
    if num.is_zero() {
        return Some(0.0);
    }
    let e = num.bits() as i64 - den.bits() as i64;
    // Scale so that the quotient has at least 55 bits.
    let s = 55 - e;
    let (q, r) = if s >= 0 {
        (num << (s as usize)).div_rem(den)
    } else {
        num.div_rem(&(den << ((-s) as usize)))
    };
    let qbits = q.bits() as i64;
    let top = qbits - 1 - s; // binary exponent of the value
    let lsb = (top - 52).max(-1074); // exponent of the last kept bit
    let d = lsb + s; // bits of q to drop (>= 2)
    let du = d as usize;
    let mut m = &q >> du;
    let rem = &q - (&m << du);
    let half = BigUint::one() << (du - 1);
    let round_up = match rem.cmp(&half) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => !r.is_zero() || m.is_odd(),
    };
    if round_up {
        m += 1u32;
    }
    let m = m.to_u64()?;
    build_f64(m, lsb)
}

/// The exactly representable value `m * 2**k` (`m < 2**54`), or `None` when it overflows.
fn build_f64(mut m: u64, mut k: i64) -> Option<f64> {
    if m == 0 {
        return Some(0.0);
    }
    while m >= 1 << 53 {
        if m & 1 == 1 {
            return None; // not representable; callers never do this
        }
        m >>= 1;
        k += 1;
    }
    let b = 64 - m.leading_zeros() as i64;
    let e = b - 1 + k;
    if e > 1023 {
        return None;
    }
    if e >= -1022 {
        let mant = (m << (53 - b)) & ((1u64 << 52) - 1);
        let biased = (e + 1023) as u64;
        Some(f64::from_bits((biased << 52) | mant))
    } else {
        let shift = k + 1074;
        if shift < 0 {
            return Some(0.0);
        }
        Some(f64::from_bits(m << shift))
    }
}

/// `int(x)` for a float: truncation toward zero; errors for infinities and NaN.
pub fn f64_to_int(x: f64) -> Result<BigInt, NumError> {
    if x.is_nan() {
        return Err(NumError::value("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(NumError::overflow(
            "cannot convert float infinity to integer",
        ));
    }
    let t = x.trunc();
    if t.abs() < 9.0e18 {
        return Ok(BigInt::from(t as i64));
    }
    let (m, e) = decompose(t);
    let mag = BigInt::from(m) << (e as usize);
    Ok(if t < 0.0 { -mag } else { mag })
}

/// `|x| == m * 2**e` with integer `m` (finite `x`).
fn decompose(x: f64) -> (u64, i64) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    }
}

/// `sys.get_int_max_str_digits()` default: decimal (non power-of-two base) conversions of ints
/// with more digits than this raise `ValueError` in CPython 3.11.
pub const INT_MAX_STR_DIGITS: usize = 4300;

/// `str(n)` for an int, with CPython 3.11's 4300-digit limit.
pub fn int_to_decimal(n: &BigInt) -> Result<String, NumError> {
    // Cheap bound first: 2**14300 already has more than 4300 digits.
    if n.bits() > 14_300 {
        return Err(str_digits_error());
    }
    let s = n.to_string();
    let digits = s.len() - usize::from(n.is_negative());
    if digits > INT_MAX_STR_DIGITS {
        return Err(str_digits_error());
    }
    Ok(s)
}

fn str_digits_error() -> NumError {
    NumError::value(format!(
        "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion; \
         use sys.set_int_max_str_digits() to increase the limit"
    ))
}

/// `bin(n)`, `oct(n)`, `hex(n)`: `base` 2, 8 or 16 (anything else gives plain decimal).
pub fn int_to_prefixed(n: &BigInt, base: u32) -> String {
    let prefix = match base {
        2 => "0b",
        8 => "0o",
        16 => "0x",
        _ => return n.to_string(),
    };
    let sign = if n.is_negative() { "-" } else { "" };
    format!("{sign}{prefix}{}", n.magnitude().to_str_radix(base))
}

/// Exact comparison of an int with a float, as CPython's `float_richcompare`: `None` when the
/// float is NaN (every comparison is false except `!=`).
pub fn cmp_int_float(i: &BigInt, f: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let fl = f.floor();
    let fi = f64_to_int(fl).ok()?;
    if fl == f {
        Some(i.cmp(&fi))
    } else if *i <= fi {
        Some(Ordering::Less)
    } else {
        Some(Ordering::Greater)
    }
}

// ---------------------------------------------------------------------------------------------
// Float arithmetic
// ---------------------------------------------------------------------------------------------

/// `x / y` for floats.
pub fn float_div(x: f64, y: f64) -> Result<f64, NumError> {
    if y == 0.0 {
        return Err(NumError::zero_div("float division by zero"));
    }
    Ok(x / y)
}

fn float_div_mod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

/// `x // y` for floats.
pub fn float_floordiv(x: f64, y: f64) -> Result<f64, NumError> {
    if y == 0.0 {
        return Err(NumError::zero_div("float floor division by zero"));
    }
    Ok(float_div_mod(x, y).0)
}

/// `x % y` for floats (the result has the sign of `y`).
pub fn float_mod(x: f64, y: f64) -> Result<f64, NumError> {
    if y == 0.0 {
        return Err(NumError::zero_div("float modulo"));
    }
    let mut m = x % y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    Ok(m)
}

/// `divmod(x, y)` for floats.
pub fn float_divmod(x: f64, y: f64) -> Result<(f64, f64), NumError> {
    if y == 0.0 {
        return Err(NumError::zero_div("float divmod()"));
    }
    Ok(float_div_mod(x, y))
}

fn is_odd_integer(x: f64) -> bool {
    x.is_finite() && x.fract() == 0.0 && (x % 2.0).abs() == 1.0
}

/// `x ** y` for floats, as CPython's `float_pow`. A negative base with a non-integral exponent
/// gives an error of kind [`ExcKind::ComplexResult`]; overflow gives `OverflowError`
/// "(34, 'Numerical result out of range')".
pub fn float_pow(x: f64, y: f64) -> Result<f64, NumError> {
    let mut iv = x;
    let iw = y;
    if iw == 0.0 {
        return Ok(1.0);
    }
    if iv.is_nan() {
        return Ok(iv);
    }
    if iw.is_nan() {
        return Ok(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let a = iv.abs();
        return Ok(if a == 1.0 {
            1.0
        } else if (iw > 0.0) == (a > 1.0) {
            iw.abs()
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Ok(if iw > 0.0 {
            if odd {
                iv
            } else {
                iv.abs()
            }
        } else if odd {
            0.0f64.copysign(iv)
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return Err(NumError::zero_div(
                "0.0 cannot be raised to a negative power",
            ));
        }
        return Ok(if is_odd_integer(iw) { iv } else { 0.0 });
    }
    let mut negate = false;
    if iv < 0.0 {
        if iw != iw.floor() {
            return Err(NumError::new(
                ExcKind::ComplexResult,
                "negative number cannot be raised to a fractional power",
            ));
        }
        iv = -iv;
        negate = is_odd_integer(iw);
    }
    if iv == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    let r = iv.powf(iw);
    if r.is_infinite() {
        return Err(NumError::overflow("(34, 'Numerical result out of range')"));
    }
    Ok(if negate { -r } else { r })
}

// ---------------------------------------------------------------------------------------------
// round()
// ---------------------------------------------------------------------------------------------

/// What `round()` returns: an int without `ndigits`, a float with it.
#[derive(Debug, Clone, PartialEq)]
pub enum Rounded {
    /// `round(x)`.
    Int(BigInt),
    /// `round(x, n)`.
    Float(f64),
}

/// `round(x)` / `round(x, ndigits)` for a float, exactly as CPython.
pub fn round_float(x: f64, ndigits: Option<i64>) -> Result<Rounded, NumError> {
    match ndigits {
        None => round_float_to_int(x).map(Rounded::Int),
        Some(n) => round_float_digits(x, n).map(Rounded::Float),
    }
}

/// `round(x)`: round half to even, returned as an int.
pub fn round_float_to_int(x: f64) -> Result<BigInt, NumError> {
    let mut r = x.round();
    if (x - r).abs() == 0.5 {
        r = 2.0 * (x / 2.0).round();
    }
    f64_to_int(r)
}

/// `round(x, ndigits)`: round half to even on the exact binary value of `x`.
pub fn round_float_digits(x: f64, ndigits: i64) -> Result<f64, NumError> {
    if !x.is_finite() {
        return Ok(x);
    }
    if ndigits > 323 {
        return Ok(x);
    }
    if ndigits < -308 {
        return Ok(0.0 * x);
    }
    if x == 0.0 {
        return Ok(x);
    }
    let (m, e) = decompose(x);
    let m = BigUint::from(m);
    let ten = BigUint::from(10u32);
    let mag = if ndigits >= 0 {
        if e >= 0 {
            return Ok(x);
        }
        let p = num_traits::pow::Pow::pow(&ten, ndigits as u64);
        let q = div_round_half_even(&(&m * &p), &(BigUint::one() << ((-e) as usize)));
        ratio_to_f64(&q, &p)
    } else {
        let p = num_traits::pow::Pow::pow(&ten, (-ndigits) as u64);
        let (num, den) = if e >= 0 {
            (&m << (e as usize), p.clone())
        } else {
            (m.clone(), &p << ((-e) as usize))
        };
        let q = div_round_half_even(&num, &den);
        ratio_to_f64(&(q * &p), &BigUint::one())
    };
    let mag = mag.ok_or_else(|| NumError::overflow("rounded value too large to represent"))?;
    Ok(if x < 0.0 { -mag } else { mag })
}

fn div_round_half_even(num: &BigUint, den: &BigUint) -> BigUint {
    let (q, r) = num.div_rem(den);
    let twice = &r << 1usize;
    match twice.cmp(den) {
        std::cmp::Ordering::Greater => q + 1u32,
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Equal => {
            if q.is_odd() {
                q + 1u32
            } else {
                q
            }
        }
    }
}

/// `round(n, ndigits)` for an int: unchanged for `ndigits >= 0`, else round half to even to a
/// multiple of `10**-ndigits`.
pub fn round_int(n: &BigInt, ndigits: i64) -> BigInt {
    if ndigits >= 0 {
        return n.clone();
    }
    let digits = ndigits.unsigned_abs();
    // A power of ten larger than |n| by far rounds everything to zero.
    if digits > n.bits() / 3 + 2 {
        return BigInt::zero();
    }
    let pow = num_traits::pow::Pow::pow(&BigInt::from(10), digits);
    let (q, r) = n.div_mod_floor(&pow);
    let twice: BigInt = &r << 1usize;
    let q = match twice.cmp(&pow) {
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Equal => {
            if q.is_odd() {
                q + 1
            } else {
                q
            }
        }
    };
    q * pow
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/// Python's `str.isspace()` for one character (close approximation of the Unicode tables).
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// First code points of the Unicode 14 runs of decimal digits (category Nd), each followed by
/// the digits 1 to 9, as Python 3.11's `unicodedata` knows them.
const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// The decimal value of a Unicode decimal digit (`'7'`, `'٣'`, `'７'`), like CPython's
/// `Py_UNICODE_TODECIMAL`.
pub fn decimal_value(c: char) -> Option<u32> {
    let v = c as u32;
    let i = DECIMAL_ZEROS.partition_point(|z| *z <= v);
    let zero = *DECIMAL_ZEROS.get(i.checked_sub(1)?)?;
    (v - zero < 10).then_some(v - zero)
}

/// CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`, applied before parsing `int()` and
/// `float()` arguments: Unicode spaces become `' '`, Unicode digits their ASCII digit, and the
/// string stops at the first other non-ASCII character (replaced by `'?'`).
fn transform_decimal_and_space(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if (c as u32) < 127 {
            out.push(c);
        } else if is_py_space(c) {
            out.push(' ');
        } else if let Some(d) = decimal_value(c) {
            out.push(char::from(b'0' + d as u8));
        } else {
            out.push('?');
            break;
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `int(s, base)`: `None` when CPython raises "invalid literal for int()". `base` must be 0 or
/// 2..=36 (check "int() base must be >= 2 and <= 36, or 0" before calling). Accepts surrounding
/// whitespace, a sign, single underscores between digits (and after a base prefix), and the
/// `0x`/`0o`/`0b` prefixes matching `base` (any of them when `base == 0`).
pub fn parse_int_literal(s: &str, base: u32) -> Option<BigInt> {
    let s = transform_decimal_and_space(s);
    let t = s.trim_matches(is_py_space);
    let (negative, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let b = body.as_bytes();
    let second = b.get(1).map(|c| c.to_ascii_lowercase());
    let mut base = base;
    let mut error_if_nonzero = false;
    if base == 0 {
        base = if b.first() != Some(&b'0') {
            10
        } else {
            match second {
                Some(b'x') => 16,
                Some(b'o') => 8,
                Some(b'b') => 2,
                _ => {
                    error_if_nonzero = true;
                    10
                }
            }
        };
    }
    if !(2..=36).contains(&base) {
        return None;
    }
    let mut rest = body;
    if b.first() == Some(&b'0')
        && matches!(
            (base, second),
            (16, Some(b'x')) | (8, Some(b'o')) | (2, Some(b'b'))
        )
    {
        rest = &rest[2..];
        if let Some(r) = rest.strip_prefix('_') {
            rest = r;
        }
    }
    if rest.is_empty() || rest.starts_with('_') || rest.ends_with('_') || rest.contains("__") {
        return None;
    }
    let mut digits = Vec::with_capacity(rest.len());
    for c in rest.chars() {
        if c == '_' {
            continue;
        }
        let d = c.to_digit(36)?;
        if d >= base {
            return None;
        }
        digits.push(d as u8);
    }
    let mag = BigUint::from_radix_be(&digits, base)?;
    if error_if_nonzero && !mag.is_zero() {
        return None;
    }
    let v = BigInt::from_biguint(Sign::Plus, mag);
    Some(if negative { -v } else { v })
}

/// `int(s, base)` with CPython's errors: the base range check, "invalid literal for int() with
/// base 10: 'abc'" (`s_repr` is the caller's `repr(s)`) and the 4300-digit limit.
pub fn int_from_str(s: &str, base: i64, s_repr: &str) -> Result<BigInt, NumError> {
    if base != 0 && !(2..=36).contains(&base) {
        return Err(NumError::value("int() base must be >= 2 and <= 36, or 0"));
    }
    let v = parse_int_literal(s, base as u32).ok_or_else(|| {
        NumError::value(format!(
            "invalid literal for int() with base {base}: {s_repr}"
        ))
    })?;
    let effective = if base == 0 {
        let ts = transform_decimal_and_space(s);
        let t = ts.trim_matches(is_py_space).trim_start_matches(['+', '-']);
        match t.get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("0x") => 16,
            Some("0o") => 8,
            Some("0b") => 2,
            _ => 10,
        }
    } else {
        base
    };
    if !matches!(effective, 2 | 4 | 8 | 16 | 32) {
        let digits = transform_decimal_and_space(s)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .count();
        if digits > INT_MAX_STR_DIGITS {
            return Err(NumError::value(format!(
                "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: \
                 value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
            )));
        }
    }
    Ok(v)
}

/// `float(s)`: `None` when CPython raises "could not convert string to float".
pub fn parse_float(s: &str) -> Option<f64> {
    let s = transform_decimal_and_space(s);
    let s = s.as_ref();
    // Underscore rule is checked on the string before stripping whitespace, like CPython.
    if s.contains('_') {
        let mut prev = '\0';
        for c in s.chars() {
            if c == '_' {
                if !prev.is_ascii_digit() {
                    return None;
                }
            } else if prev == '_' && !c.is_ascii_digit() {
                return None;
            }
            prev = c;
        }
        if prev == '_' {
            return None;
        }
    }
    let cleaned: String = s.chars().filter(|c| *c != '_').collect();
    let t = cleaned.trim_matches(is_py_space);
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let v = match lower.as_str() {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            let bytes = body.as_bytes();
            let mut i = 0;
            let mut int_digits = 0;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
                int_digits += 1;
            }
            let mut frac_digits = 0;
            if i < bytes.len() && bytes[i] == b'.' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                    frac_digits += 1;
                }
            }
            if int_digits + frac_digits == 0 {
                return None;
            }
            if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
                i += 1;
                if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
                    i += 1;
                }
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                if i == start {
                    return None;
                }
            }
            if i != bytes.len() {
                return None;
            }
            body.parse::<f64>().ok()?
        }
    };
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_matches_python_examples() {
        let cases: &[(f64, &str)] = &[
            (0.1, "0.1"),
            (100.0, "100.0"),
            (1e-5, "1e-05"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1.5e300, "1.5e+300"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (0.0001, "0.0001"),
            (123456789.125, "123456789.125"),
            (5e-324, "5e-324"),
            (2e16 + 8.0, "2.000000000000001e+16"),
        ];
        for (x, want) in cases {
            assert_eq!(float_repr(*x), *want, "repr({x:?})");
        }
    }

    #[test]
    fn double_to_string_fixed_and_exponent() {
        let f = DtsFlags::default();
        assert_eq!(double_to_string(2.675, 'f', 2, f), "2.67");
        assert_eq!(double_to_string(2.5, 'f', 0, f), "2");
        assert_eq!(double_to_string(3.0, 'f', 0, f), "3");
        assert_eq!(double_to_string(0.001, 'f', 1, f), "0.0");
        assert_eq!(double_to_string(1234.5, 'e', 2, f), "1.23e+03");
        assert_eq!(double_to_string(0.1, 'g', 6, f), "0.1");
        assert_eq!(double_to_string(1e-5, 'g', 6, f), "1e-05");
        assert_eq!(double_to_string(f64::INFINITY, 'F', 2, f), "INF");
    }

    #[test]
    fn floor_division_follows_divisor_sign() {
        assert_eq!(i64_floordiv(-7, 2), Ok(Some(-4)));
        assert_eq!(i64_mod(-7, 2), Ok(1));
        assert_eq!(i64_mod(7, -2), Ok(-1));
        assert_eq!(i64_floordiv(i64::MIN, -1), Ok(None));
        assert_eq!(
            i64_floordiv(1, 0).map_err(|e| e.message),
            Err(INT_DIV_ZERO.to_string())
        );
        assert_eq!(float_divmod(-7.5, 2.0), Ok((-4.0, 0.5)));
        let (q, r) = float_divmod(0.0, -1.0).expect("nonzero divisor");
        assert!(q == 0.0 && q.is_sign_negative() && r.is_sign_negative());
    }

    #[test]
    fn float_pow_special_cases() {
        assert_eq!(
            float_pow(0.0, -1.0).map_err(|e| e.message),
            Err("0.0 cannot be raised to a negative power".to_string())
        );
        assert_eq!(
            float_pow(-8.0, 1.0 / 3.0).map_err(|e| e.kind),
            Err(ExcKind::ComplexResult)
        );
        assert_eq!(float_pow(-2.0, 3.0), Ok(-8.0));
        assert_eq!(
            float_pow(2.0, 10000.0).map_err(|e| e.kind),
            Err(ExcKind::OverflowError)
        );
    }

    #[test]
    fn true_division_is_correctly_rounded_for_huge_ints() {
        let big = num_traits::pow::Pow::pow(&BigInt::from(10), 400u32);
        assert_eq!(int_true_div(&big, &(&big * 4)), Ok(0.25));
        assert_eq!(
            int_true_div(&big, &BigInt::one()).map_err(|e| e.message),
            Err("integer division result too large for a float".to_string())
        );
        let z = int_true_div(&BigInt::zero(), &BigInt::from(-5)).expect("nonzero");
        assert!(z == 0.0 && z.is_sign_negative());
    }

    #[test]
    fn round_is_half_even_on_exact_value() {
        assert_eq!(round_float_digits(2.675, 2), Ok(2.67));
        assert_eq!(round_float_to_int(0.5), Ok(BigInt::zero()));
        assert_eq!(round_float_to_int(2.5), Ok(BigInt::from(2)));
        assert_eq!(round_float_to_int(-3.5), Ok(BigInt::from(-4)));
        assert_eq!(round_float_digits(150.0, -2), Ok(200.0));
        assert_eq!(round_float_digits(250.0, -2), Ok(200.0));
        assert_eq!(round_int(&BigInt::from(1250), -2), BigInt::from(1200));
        assert_eq!(round_int(&BigInt::from(-1350), -2), BigInt::from(-1400));
    }

    #[test]
    fn bin_oct_hex_put_the_sign_before_the_prefix() {
        assert_eq!(int_to_prefixed(&BigInt::from(-31), 16), "-0x1f");
        assert_eq!(int_to_prefixed(&BigInt::from(5), 2), "0b101");
        assert_eq!(int_to_prefixed(&BigInt::zero(), 8), "0o0");
    }

    #[test]
    fn int_literals_follow_python_rules() {
        assert_eq!(parse_int_literal(" -1_000 ", 10), Some(BigInt::from(-1000)));
        assert_eq!(parse_int_literal("0x_ff", 0), Some(BigInt::from(255)));
        assert_eq!(parse_int_literal("0xff", 16), Some(BigInt::from(255)));
        assert_eq!(parse_int_literal("00", 0), Some(BigInt::zero()));
        assert_eq!(parse_int_literal("010", 0), None);
        assert_eq!(parse_int_literal("1__0", 10), None);
        assert_eq!(parse_int_literal("_1", 10), None);
        assert_eq!(parse_int_literal("", 10), None);
        assert_eq!(parse_int_literal("z", 36), Some(BigInt::from(35)));
    }

    #[test]
    fn unicode_digits_and_spaces_are_accepted() {
        assert_eq!(decimal_value('٣'), Some(3));
        assert_eq!(decimal_value('７'), Some(7));
        assert_eq!(decimal_value('x'), None);
        assert_eq!(decimal_value('\u{1d7ff}'), Some(9));
        assert_eq!(
            parse_int_literal("\u{3000}١٢٣ ", 10),
            Some(BigInt::from(123))
        );
        assert_eq!(parse_float("١.٥"), Some(1.5));
        assert_eq!(parse_float("1.5é"), None);
    }

    #[test]
    fn float_literals_follow_python_rules() {
        assert_eq!(parse_float(" 1_0.5_5 "), Some(10.55));
        assert_eq!(parse_float("1e1_0"), Some(1e10));
        assert_eq!(parse_float("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(parse_float("nan").is_some_and(f64::is_nan));
        assert_eq!(parse_float("1."), Some(1.0));
        assert_eq!(parse_float(".5"), Some(0.5));
        assert_eq!(parse_float("."), None);
        assert_eq!(parse_float("1_"), None);
        assert_eq!(parse_float("1e"), None);
        assert_eq!(parse_float("infinit"), None);
    }
}
