//! CPython's `random` module, bit-exact for the same seed: the MT19937 generator
//! (`Modules/_randommodule.c`) and the pure-Python layer of `Lib/random.py` 3.11 (`seed` for
//! ints, strs and floats, `random`, `getrandbits`, `randrange`, `randint`, `uniform`, `choice`,
//! `shuffle`, `sample`, `choices`, `gauss`, `expovariate`). Sequences are given as lengths and
//! results as indices so that the module does not depend on the interpreter's value type.

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::interp::num::{ExcKind, NumError};

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// A `random.Random` instance: MT19937 state plus the cached second value of `gauss`.
#[derive(Clone)]
pub struct Random {
    mt: [u32; N],
    index: usize,
    gauss_next: Option<f64>,
}

impl std::fmt::Debug for Random {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Random")
            .field("index", &self.index)
            .finish()
    }
}

fn value_error(message: impl Into<String>) -> NumError {
    NumError::new(ExcKind::ValueError, message)
}

impl Random {
    fn blank() -> Self {
        Random {
            mt: [0; N],
            index: N + 1,
            gauss_next: None,
        }
    }

    /// MT19937 `init_genrand`.
    fn init_genrand(&mut self, s: u32) {
        self.mt[0] = s;
        for i in 1..N {
            let prev = self.mt[i - 1];
            self.mt[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    /// MT19937 `init_by_array`.
    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let len = key.len().max(1);
        let key_at = |j: usize| key.get(j).copied().unwrap_or(0);
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(len) {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key_at(j))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
        }
        self.mt[0] = 0x8000_0000;
        self.gauss_next = None;
    }

    /// Seeds from 32-bit words, least significant first (what CPython does with `abs(n)`);
    /// also the way to seed from OS entropy or a clock for `seed(None)`.
    pub fn from_words(words: &[u32]) -> Self {
        let mut r = Self::blank();
        r.init_by_array(if words.is_empty() { &[0] } else { words });
        r
    }

    /// `random.seed(n)` for an int (or bool): uses every bit of `abs(n)`.
    pub fn from_int_seed(n: &BigInt) -> Self {
        Self::from_biguint(n.magnitude())
    }

    fn from_biguint(n: &BigUint) -> Self {
        Self::from_words(&n.to_u32_digits())
    }

    /// `random.seed(s)` for a str (version 2): `int.from_bytes(s.encode() + sha512(...).digest())`.
    pub fn from_str_seed(s: &str) -> Self {
        Self::from_bytes_seed(s.as_bytes())
    }

    /// `random.seed(b)` for bytes / bytearray (version 2).
    pub fn from_bytes_seed(b: &[u8]) -> Self {
        let mut all = b.to_vec();
        all.extend_from_slice(&sha512(b));
        Self::from_biguint(&BigUint::from_bytes_be(&all))
    }

    /// `random.seed(x)` for a float: seeds with `hash(x)` cast to an unsigned 64-bit value.
    /// NaN hashes by identity in CPython and is refused.
    pub fn from_float_seed(x: f64) -> Result<Self, NumError> {
        let h = float_hash(x).ok_or_else(|| {
            value_error("cannot reproduce random.seed() with a NaN seed (it hashes by identity)")
        })?;
        Ok(Self::from_biguint(&BigUint::from(h as u64)))
    }

    /// One raw 32-bit output (`genrand_uint32`).
    pub fn genrand_u32(&mut self) -> u32 {
        if self.index >= N {
            let mag = |y: u32| if y & 1 == 1 { MATRIX_A } else { 0 };
            for kk in 0..N - M {
                let y = (self.mt[kk] & UPPER_MASK) | (self.mt[kk + 1] & LOWER_MASK);
                self.mt[kk] = self.mt[kk + M] ^ (y >> 1) ^ mag(y);
            }
            for kk in N - M..N - 1 {
                let y = (self.mt[kk] & UPPER_MASK) | (self.mt[kk + 1] & LOWER_MASK);
                self.mt[kk] = self.mt[kk + M - N] ^ (y >> 1) ^ mag(y);
            }
            let y = (self.mt[N - 1] & UPPER_MASK) | (self.mt[0] & LOWER_MASK);
            self.mt[N - 1] = self.mt[M - 1] ^ (y >> 1) ^ mag(y);
            self.index = 0;
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random()`: a float in `[0.0, 1.0)` with 53 random bits.
    pub fn random(&mut self) -> f64 {
        let a = f64::from(self.genrand_u32() >> 5);
        let b = f64::from(self.genrand_u32() >> 6);
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)`: an int with `k` random bits (callers reject negative `k` with
    /// "number of bits must be non-negative").
    pub fn getrandbits(&mut self, k: u64) -> BigInt {
        if k == 0 {
            return BigInt::zero();
        }
        if k <= 32 {
            return BigInt::from(self.genrand_u32() >> (32 - k));
        }
        let words = (k - 1) / 32 + 1;
        let mut out = Vec::with_capacity(words as usize);
        let mut left = k;
        for _ in 0..words {
            let mut r = self.genrand_u32();
            if left < 32 {
                r >>= 32 - left;
            }
            out.push(r);
            left = left.saturating_sub(32);
        }
        BigInt::from(BigUint::new(out))
    }

    /// `_randbelow(n)`: uniform in `[0, n)` by rejection sampling over `n.bit_length()` bits.
    /// Returns 0 for `n <= 0` (where CPython would loop forever or misbehave).
    pub fn randbelow(&mut self, n: &BigInt) -> BigInt {
        if !n.is_positive() {
            return BigInt::zero();
        }
        let k = n.bits();
        loop {
            let r = self.getrandbits(k);
            if &r < n {
                return r;
            }
        }
    }

    fn randbelow_usize(&mut self, n: usize) -> usize {
        self.randbelow(&BigInt::from(n)).to_usize().unwrap_or(0)
    }

    /// `randrange(start)` (`stop == None`) or `randrange(start, stop[, step])`, with CPython's
    /// errors. `step` is 1 when not given.
    pub fn randrange(
        &mut self,
        start: &BigInt,
        stop: Option<&BigInt>,
        step: &BigInt,
    ) -> Result<BigInt, NumError> {
        let Some(stop) = stop else {
            if !step.is_one() {
                return Err(NumError::new(
                    ExcKind::TypeError,
                    "Missing a non-None stop argument",
                ));
            }
            if start.is_positive() {
                return Ok(self.randbelow(start));
            }
            return Err(value_error("empty range for randrange()"));
        };
        let width = stop - start;
        if step.is_one() {
            if width.is_positive() {
                return Ok(start + self.randbelow(&width));
            }
            return Err(value_error(format!(
                "empty range for randrange() ({start}, {stop}, {width})"
            )));
        }
        let n = if step.is_positive() {
            (&width + step - BigInt::one()).div_floor(step)
        } else if step.is_negative() {
            (&width + step + BigInt::one()).div_floor(step)
        } else {
            return Err(value_error("zero step for randrange()"));
        };
        if !n.is_positive() {
            return Err(value_error("empty range for randrange()"));
        }
        Ok(start + step * self.randbelow(&n))
    }

    /// `randint(a, b)`: `randrange(a, b + 1)`.
    pub fn randint(&mut self, a: &BigInt, b: &BigInt) -> Result<BigInt, NumError> {
        let stop = b + 1;
        self.randrange(a, Some(&stop), &BigInt::one())
    }

    /// `uniform(a, b)`: `a + (b - a) * random()`.
    pub fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.random()
    }

    /// `choice(seq)` for a sequence of length `len`: the chosen index. IndexError
    /// "Cannot choose from an empty sequence" when empty.
    pub fn choice_index(&mut self, len: usize) -> Result<usize, NumError> {
        if len == 0 {
            return Err(NumError::new(
                ExcKind::IndexError,
                "Cannot choose from an empty sequence",
            ));
        }
        Ok(self.randbelow_usize(len))
    }

    /// `shuffle(x)` in place.
    pub fn shuffle<T>(&mut self, x: &mut [T]) {
        for i in (1..x.len()).rev() {
            let j = self.randbelow_usize(i + 1);
            x.swap(i, j);
        }
    }

    /// `sample(population, k)` for a population of length `n`: the indices picked, in order.
    pub fn sample(&mut self, n: usize, k: usize) -> Result<Vec<usize>, NumError> {
        if k > n {
            return Err(value_error("Sample larger than population or is negative"));
        }
        let mut result = Vec::with_capacity(k);
        let mut setsize: f64 = 21.0;
        if k > 5 {
            let l = ((k * 3) as f64).ln() / 4f64.ln();
            setsize += 4f64.powi(l.ceil() as i32);
        }
        if (n as f64) <= setsize {
            let mut pool: Vec<usize> = (0..n).collect();
            for i in 0..k {
                let j = self.randbelow_usize(n - i);
                result.push(pool[j]);
                pool[j] = pool[n - i - 1];
            }
        } else {
            let mut selected = std::collections::HashSet::with_capacity(k);
            for _ in 0..k {
                let mut j = self.randbelow_usize(n);
                while selected.contains(&j) {
                    j = self.randbelow_usize(n);
                }
                selected.insert(j);
                result.push(j);
            }
        }
        Ok(result)
    }

    /// `choices(population, k=k)` without weights: `k` indices into a population of length `n`.
    pub fn choices_indices(&mut self, n: usize, k: usize) -> Vec<usize> {
        let nf = n as f64;
        (0..k)
            .map(|_| (self.random() * nf).floor() as usize)
            .collect()
    }

    /// `choices(population, cum_weights=cum, k=k)` (pass the running sums for `weights=`):
    /// indices chosen by `bisect(cum, random() * total, 0, n - 1)`.
    pub fn choices_cum_weights(&mut self, cum: &[f64], k: usize) -> Result<Vec<usize>, NumError> {
        let Some(&total) = cum.last() else {
            return Err(NumError::new(
                ExcKind::IndexError,
                "list index out of range",
            ));
        };
        if total <= 0.0 {
            return Err(value_error("Total of weights must be greater than zero"));
        }
        if !total.is_finite() {
            return Err(value_error("Total of weights must be finite"));
        }
        let hi = cum.len() - 1;
        Ok((0..k)
            .map(|_| {
                let x = self.random() * total;
                cum[..hi].partition_point(|w| *w <= x)
            })
            .collect())
    }

    /// `gauss(mu, sigma)` (uses and refreshes the cached second value, like CPython).
    pub fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        let z = match self.gauss_next.take() {
            Some(z) => z,
            None => {
                let x2pi = self.random() * std::f64::consts::TAU;
                let g2rad = (-2.0 * (1.0 - self.random()).ln()).sqrt();
                self.gauss_next = Some(x2pi.sin() * g2rad);
                x2pi.cos() * g2rad
            }
        };
        mu + z * sigma
    }

    /// `normalvariate(mu, sigma)` (Kinderman and Monahan's method, as Lib/random.py).
    pub fn normalvariate(&mut self, mu: f64, sigma: f64) -> f64 {
        let nv_magicconst = 4.0 * (-0.5f64).exp() / 2.0f64.sqrt();
        loop {
            let u1 = self.random();
            let u2 = 1.0 - self.random();
            let z = nv_magicconst * (u1 - 0.5) / u2;
            let zz = z * z / 4.0;
            if zz <= -u2.ln() {
                return mu + z * sigma;
            }
        }
    }

    /// `triangular(low, high, mode)`; `mode == None` means the midpoint.
    pub fn triangular(&mut self, low: f64, high: f64, mode: Option<f64>) -> f64 {
        let mut u = self.random();
        let (mut low, mut high) = (low, high);
        let mut c = match mode {
            None => 0.5,
            Some(m) => {
                if high - low == 0.0 {
                    return low;
                }
                (m - low) / (high - low)
            }
        };
        if u > c {
            u = 1.0 - u;
            c = 1.0 - c;
            std::mem::swap(&mut low, &mut high);
        }
        low + (high - low) * (u * c).sqrt()
    }

    /// `randbytes(n)`: `getrandbits(n * 8).to_bytes(n, 'little')`.
    pub fn randbytes(&mut self, n: usize) -> Vec<u8> {
        let v = self.getrandbits(n as u64 * 8);
        let mut bytes = v.magnitude().to_bytes_le();
        bytes.resize(n, 0);
        bytes
    }

    /// `expovariate(lambd)`: `-log(1.0 - random()) / lambd`.
    pub fn expovariate(&mut self, lambd: f64) -> Result<f64, NumError> {
        let r = self.random();
        if lambd == 0.0 {
            return Err(NumError::new(
                ExcKind::ZeroDivisionError,
                "float division by zero",
            ));
        }
        Ok(-(1.0 - r).ln() / lambd)
    }
}

/// CPython's `hash(float)` (`_Py_HashDouble`); `None` for NaN (hashed by identity).
pub fn float_hash(v: f64) -> Option<i64> {
    const BITS: u32 = 61;
    const MODULUS: u64 = (1u64 << BITS) - 1;
    if v.is_nan() {
        return None;
    }
    if v.is_infinite() {
        return Some(if v > 0.0 { 314_159 } else { -314_159 });
    }
    let (mut m, mut e) = frexp(v);
    let mut sign: i64 = 1;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let b = BITS as i32;
    let e = if e >= 0 {
        e % b
    } else {
        b - 1 - ((-1 - e) % b)
    } as u32;
    x = ((x << e) & MODULUS) | (x >> (BITS - e));
    let mut h = (x as i64).wrapping_mul(sign);
    if h == -1 {
        h = -2;
    }
    Some(h)
}

/// C's `frexp` for finite values: `v == m * 2**e` with `0.5 <= |m| < 1` (or `m == 0`).
fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        let (m, e) = frexp(v * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, exp - 1022)
}

// ---------------------------------------------------------------------------------------------
// SHA-512 (FIPS 180-4), for str/bytes seeds.
// ---------------------------------------------------------------------------------------------

const K: [u64; 80] = [
    0x428a2f98d728ae22,
    0x7137449123ef65cd,
    0xb5c0fbcfec4d3b2f,
    0xe9b5dba58189dbbc,
    0x3956c25bf348b538,
    0x59f111f1b605d019,
    0x923f82a4af194f9b,
    0xab1c5ed5da6d8118,
    0xd807aa98a3030242,
    0x12835b0145706fbe,
    0x243185be4ee4b28c,
    0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f,
    0x80deb1fe3b1696b1,
    0x9bdc06a725c71235,
    0xc19bf174cf692694,
    0xe49b69c19ef14ad2,
    0xefbe4786384f25e3,
    0x0fc19dc68b8cd5b5,
    0x240ca1cc77ac9c65,
    0x2de92c6f592b0275,
    0x4a7484aa6ea6e483,
    0x5cb0a9dcbd41fbd4,
    0x76f988da831153b5,
    0x983e5152ee66dfab,
    0xa831c66d2db43210,
    0xb00327c898fb213f,
    0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2,
    0xd5a79147930aa725,
    0x06ca6351e003826f,
    0x142929670a0e6e70,
    0x27b70a8546d22ffc,
    0x2e1b21385c26c926,
    0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df,
    0x650a73548baf63de,
    0x766a0abb3c77b2a8,
    0x81c2c92e47edaee6,
    0x92722c851482353b,
    0xa2bfe8a14cf10364,
    0xa81a664bbc423001,
    0xc24b8b70d0f89791,
    0xc76c51a30654be30,
    0xd192e819d6ef5218,
    0xd69906245565a910,
    0xf40e35855771202a,
    0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8,
    0x1e376c085141ab53,
    0x2748774cdf8eeb99,
    0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63,
    0x4ed8aa4ae3418acb,
    0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc,
    0x78a5636f43172f60,
    0x84c87814a1f0ab72,
    0x8cc702081a6439ec,
    0x90befffa23631e28,
    0xa4506cebde82bde9,
    0xbef9a3f7b2c67915,
    0xc67178f2e372532b,
    0xca273eceea26619c,
    0xd186b8c721c0c207,
    0xeada7dd6cde0eb1e,
    0xf57d4f7fee6ed178,
    0x06f067aa72176fba,
    0x0a637dc5a2c898a6,
    0x113f9804bef90dae,
    0x1b710b35131c471b,
    0x28db77f523047d84,
    0x32caab7b40c72493,
    0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6,
    0x597f299cfc657e2a,
    0x5fcb6fab3ad6faec,
    0x6c44198c4a475817,
];

const H0: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

/// The SHA-512 digest of `data`.
pub fn sha512(data: &[u8]) -> [u8; 64] {
    let mut h = H0;
    let mut msg = data.to_vec();
    let bit_len = (data.len() as u128) * 8;
    msg.push(0x80);
    while msg.len() % 128 != 112 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    for block in msg.chunks_exact(128) {
        let mut w = [0u64; 80];
        for (t, word) in block.chunks_exact(8).enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(word);
            w[t] = u64::from_be_bytes(b);
        }
        for t in 16..80 {
            let s0 = w[t - 15].rotate_right(1) ^ w[t - 15].rotate_right(8) ^ (w[t - 15] >> 7);
            let s1 = w[t - 2].rotate_right(19) ^ w[t - 2].rotate_right(61) ^ (w[t - 2] >> 6);
            w[t] = w[t - 16]
                .wrapping_add(s0)
                .wrapping_add(w[t - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for t in 0..80 {
            let s1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[t])
                .wrapping_add(w[t]);
            let s0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, v) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(v);
        }
    }
    let mut out = [0u8; 64];
    for (chunk, v) in out.chunks_exact_mut(8).zip(h) {
        chunk.copy_from_slice(&v.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn sha512_matches_known_digests() {
        assert_eq!(
            hex(&sha512(b"abc")),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
             2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        );
        assert_eq!(
            hex(&sha512(b"")),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce\
             47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
        );
        // Two-block message (length crosses the 112-byte padding boundary).
        let long = [b'a'; 200];
        assert_eq!(hex(&sha512(&long)).len(), 128);
    }

    #[test]
    fn seed_42_gives_cpython_first_values() {
        // python3 -c "import random; random.seed(42); print(random.random(), random.getrandbits(32))"
        let mut r = Random::from_int_seed(&BigInt::from(42));
        assert_eq!(r.random(), 0.6394267984578837);
        assert_eq!(r.random(), 0.025010755222666936);
    }

    #[test]
    fn float_hash_matches_cpython() {
        assert_eq!(float_hash(1.5), Some(1_152_921_504_606_846_977));
        assert_eq!(float_hash(-1.0), Some(-2));
        assert_eq!(float_hash(0.1), Some(230_584_300_921_369_408));
        assert_eq!(float_hash(f64::INFINITY), Some(314_159));
    }

    fn big(v: i64) -> BigInt {
        BigInt::from(v)
    }

    #[test]
    fn reproduces_the_errors_and_big_seeds_case() {
        // tests/cases/random__errors_and_big_seeds.py under CPython 3.11.
        let mut r = Random::from_int_seed(&((BigInt::one() << 40usize) + 17));
        assert_eq!(r.random(), 0.6614192930187859);
        let a = Random::from_int_seed(&big(-5)).random();
        assert_eq!(a, Random::from_int_seed(&big(5)).random());
        let mut r = Random::from_int_seed(&big(0));
        let x = r
            .randrange(&big(10), Some(&big(0)), &big(-3))
            .expect("non-empty");
        let y = r
            .randrange(&big(-10), Some(&big(10)), &big(1))
            .expect("non-empty");
        assert_eq!((x, y), (big(1), big(3)));
        let z = r
            .randint(&big(0), &(BigInt::one() << 70usize))
            .expect("a <= b");
        assert_eq!(z.to_string(), "949747731584025552482");
        assert_eq!(r.sample(3, 3).expect("k <= n"), vec![1, 2, 0]);
        let e = r
            .randrange(&big(5), Some(&big(5)), &big(1))
            .expect_err("empty");
        assert_eq!(e.message, "empty range for randrange() (5, 5, 0)");
    }

    #[test]
    fn reproduces_the_choice_shuffle_sample_case() {
        // tests/cases/random__choice_shuffle_sample.py under CPython 3.11.
        let mut r = Random::from_int_seed(&big(7));
        assert_eq!(r.choice_index(5).expect("non-empty"), 2); // blue
        assert_eq!(r.choice_index(6).expect("non-empty"), 1); // b
        let mut deck: Vec<usize> = (0..10).collect();
        r.shuffle(&mut deck);
        assert_eq!(deck, vec![7, 5, 3, 2, 8, 4, 9, 1, 0, 6]);
        assert_eq!(r.sample(5, 3).expect("k <= n"), vec![4, 1, 0]);
        assert_eq!(r.sample(100, 5).expect("k <= n"), vec![11, 55, 53, 8, 30]);
    }

    #[test]
    fn sample_rejects_too_large_k() {
        let mut r = Random::from_int_seed(&BigInt::from(1));
        let e = r.sample(3, 4).expect_err("k > n");
        assert_eq!(e.message, "Sample larger than population or is negative");
        let e = r.choice_index(0).expect_err("empty");
        assert_eq!(e.kind, ExcKind::IndexError);
    }
}
