//! Differential tests: the number and formatting helpers (`interp::num`, `interp::format`) and
//! the `random` module (`runtime::random`) against the real CPython (`python3`) on thousands of
//! generated inputs. Fails when `python3` is missing or is not CPython 3.11.

#[path = "oracle/cpython.rs"]
mod cpython;

use std::io::Write;
use std::process::{Command, Stdio};

use coroscope::interp::format::{
    format_float, format_int, format_str, percent_format, FormatSpec, PercentArg, PercentArgs,
};
use coroscope::interp::num::{self, NumError};
use coroscope::runtime::random::Random;
use num_bigint::BigInt;
use num_traits::{One, ToPrimitive};

/// The oracle: reads `kind\targs...` lines, prints one result line per case.
const ORACLE: &str = r#"
import sys, struct, random
def f(h): return struct.unpack('<d', bytes.fromhex(h))[0]
def b(x):
    if x != x: return 'nan'
    return struct.pack('<d', x).hex()
def ok(s): return 'OK ' + s.encode('utf-8').hex()
def err(e):
    if isinstance(e, complex): return 'ERR complex '
    return 'ERR %s %s' % (type(e).__name__, str(e).encode('utf-8').hex())
def unhex(s): return bytes.fromhex(s).decode('utf-8')
out = []
for line in sys.stdin.read().split('\n'):
    if not line: continue
    p = line.split('\t')
    k = p[0]
    try:
        if k == 'repr': r = ok(repr(f(p[1])))
        elif k == 'ff': r = ok(format(f(p[1]), unhex(p[2])))
        elif k == 'fi': r = ok(format(int(p[1]), unhex(p[2])))
        elif k == 'fs': r = ok(format(unhex(p[1]), unhex(p[2])))
        elif k == 'pf': r = ok(unhex(p[2]) % f(p[1]))
        elif k == 'pi': r = ok(unhex(p[2]) % int(p[1]))
        elif k == 'ps': r = ok(unhex(p[2]) % unhex(p[1]))
        elif k == 'truediv': r = ok(b(int(p[1]) / int(p[2])))
        elif k == 'tofloat': r = ok(b(float(int(p[1]))))
        elif k == 'toint': r = ok(str(int(f(p[1]))))
        elif k == 'fdiv': r = ok(b(f(p[1]) // f(p[2])))
        elif k == 'fmod': r = ok(b(f(p[1]) % f(p[2])))
        elif k == 'fdivmod':
            q, m = divmod(f(p[1]), f(p[2])); r = ok(b(q) + ',' + b(m))
        elif k == 'fpow':
            v = f(p[1]) ** f(p[2])
            r = err(v) if isinstance(v, complex) else ok(b(v))
        elif k == 'round': r = ok(b(round(f(p[1]), int(p[2]))))
        elif k == 'round0': r = ok(str(round(f(p[1]))))
        elif k == 'roundint': r = ok(str(round(int(p[1]), int(p[2]))))
        elif k == 'intdiv': r = ok('%d,%d' % divmod(int(p[1]), int(p[2])))
        elif k == 'parseint': r = ok(str(int(unhex(p[1]), int(p[2]))))
        elif k == 'parsefloat': r = ok(b(float(unhex(p[1]))))
        elif k == 'ptuple':
            args = []
            for a in (p[2].split(',') if p[2] else []):
                t, v = a.split(':')
                args.append(int(v) if t == 'i' else f(v) if t == 'f' else unhex(v))
            r = ok(unhex(p[1]) % tuple(args))
        elif k == 'hash': r = ok(str(hash(f(p[1]))))
        elif k == 'ipow': r = ok(str(int(p[1]) ** int(p[2])))
        elif k == 'ipowmod': r = ok(str(pow(int(p[1]), int(p[2]), int(p[3]))))
        elif k == 'cmpif':
            i, x = int(p[1]), f(p[2])
            r = ok('lt' if i < x else 'eq' if i == x else 'gt' if i > x else 'none')
        elif k == 'intstr': r = ok(str(int(p[1], 16)))
        elif k == 'intfromstr': r = ok(hex(int(unhex(p[1]), int(p[2]))))
        elif k == 'tpl':
            class A:
                def __repr__(self): return 'A()'
            a = A(); a.x = 5
            r = ok(unhex(p[1]).format(7, [1, [2]], 'str', a=a, w=6, s='hey'))
        elif k == 'rand':
            rng = random.Random()
            seed = p[1]
            rng.seed(unhex(seed[1:]) if seed[0] == 's' else (float(seed[1:]) if seed[0] == 'f' else int(seed[1:])))
            res = []
            for op in p[2].split(' '):
                name, *a = op.split(':')
                a = [int(x) for x in a]
                if name == 'random': res.append(b(rng.random()))
                elif name == 'bits': res.append(str(rng.getrandbits(a[0])))
                elif name == 'below': res.append(str(rng._randbelow(a[0])))
                elif name == 'range': res.append(str(rng.randrange(a[0], a[1], a[2])))
                elif name == 'randint': res.append(str(rng.randint(a[0], a[1])))
                elif name == 'uniform': res.append(b(rng.uniform(a[0] / 7, a[1] / 3)))
                elif name == 'choice': res.append(str(rng.choice(range(a[0]))))
                elif name == 'shuffle':
                    l = list(range(a[0])); rng.shuffle(l); res.append(','.join(map(str, l)))
                elif name == 'sample': res.append(','.join(map(str, rng.sample(range(a[0]), a[1]))))
                elif name == 'choices': res.append(','.join(map(str, rng.choices(range(a[0]), k=a[1]))))
                elif name == 'gauss': res.append(b(rng.gauss(a[0], a[1])))
                elif name == 'normal': res.append(b(rng.normalvariate(a[0], a[1])))
                elif name == 'expo': res.append(b(rng.expovariate(a[0] / 4)))
                elif name == 'tri': res.append(b(rng.triangular(a[0], a[1], a[2] / 2 if a[2] else None)))
                elif name == 'bytes': res.append(rng.randbytes(a[0]).hex())
                elif name == 'cumw':
                    w = [i % 3 + 0.5 for i in range(a[0])]
                    res.append(','.join(map(str, rng.choices(range(a[0]), w, k=a[1]))))
            r = ok(' '.join(res))
        else: r = 'ERR unknown ' + k
    except Exception as e:
        r = 'ERR complex ' if str(e) == 'complex exponentiation' else err(e)
    out.append(r)
sys.stdout.write('\n'.join(out) + '\n')
"#;

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn fhex(x: f64) -> String {
    x.to_le_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

fn bits(x: f64) -> String {
    if x.is_nan() {
        "nan".to_string()
    } else {
        fhex(x)
    }
}

fn ok(s: &str) -> String {
    format!("OK {}", hex(s))
}

fn err(e: &NumError) -> String {
    if e.kind == num::ExcKind::ComplexResult {
        return "ERR complex ".to_string();
    }
    format!("ERR {} {}", e.kind.name(), hex(&e.message))
}

fn res(r: Result<String, NumError>) -> String {
    match r {
        Ok(s) => ok(&s),
        Err(e) => err(&e),
    }
}

/// Deterministic generator for test inputs (splitmix64).
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    fn float(&mut self) -> f64 {
        match self.below(8) {
            0 => f64::from_bits(self.next()),
            1 => (self.next() as i64 as f64) / 10f64.powi(self.below(20) as i32),
            2 => (self.below(100000) as f64) / 1000.0 - 50.0,
            3 => (self.below(2001) as f64 - 1000.0) / 8.0,
            4 => *self.pick(&[
                0.0,
                -0.0,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NAN,
                0.5,
                1.5,
                2.5,
                -2.5,
                2.675,
                1e16,
                1e-5,
                9_999_999_999_999_998.0,
                0.1,
                5e-324,
                f64::MAX,
                f64::MIN_POSITIVE,
                123456789.0,
                1e22,
                1e23,
            ]),
            5 => {
                10f64.powi(self.below(60) as i32 - 30) * if self.below(2) == 0 { 1.0 } else { -1.0 }
            }
            6 => self.below(1 << 20) as f64 * 0.25,
            _ => {
                (self.next() >> 11) as f64 / (1u64 << 53) as f64
                    * 10f64.powi(self.below(30) as i32 - 10)
            }
        }
    }
    fn bigint(&mut self) -> BigInt {
        match self.below(5) {
            0 => BigInt::from(self.below(2000) as i64 - 1000),
            1 => BigInt::from(self.next() as i64),
            2 => {
                let words = 1 + self.below(12);
                let mut v = BigInt::from(0);
                for _ in 0..words {
                    v = (v << 64usize) + BigInt::from(self.next());
                }
                if self.below(2) == 0 {
                    -v
                } else {
                    v
                }
            }
            3 => {
                let p = BigInt::one() << (self.below(1100) as usize);
                p + BigInt::from(self.below(3) as i64 - 1)
            }
            _ => BigInt::from(*self.pick(&[
                0i64,
                1,
                -1,
                65,
                255,
                1234567,
                -1234567,
                9007199254740993,
            ])),
        }
    }
    fn spec(&mut self, types: &[&str]) -> String {
        let mut s = String::new();
        match self.below(4) {
            0 => {
                s.push(*self.pick(&['*', ' ', '0', 'x', '_']));
                s.push(*self.pick(&['<', '>', '^', '=']));
            }
            1 => s.push(*self.pick(&['<', '>', '^', '='])),
            _ => {}
        }
        if self.below(3) == 0 {
            s.push(*self.pick(&['+', '-', ' ']));
        }
        if self.below(6) == 0 {
            s.push('z');
        }
        if self.below(4) == 0 {
            s.push('#');
        }
        if self.below(4) == 0 {
            s.push('0');
        }
        if self.below(2) == 0 {
            s.push_str(&self.below(25).to_string());
        }
        match self.below(5) {
            0 => s.push(','),
            1 => s.push('_'),
            _ => {}
        }
        if self.below(2) == 0 {
            s.push('.');
            let top = if self.below(10) == 0 { 60 } else { 12 };
            s.push_str(&self.below(top).to_string());
        }
        let i = self.below(types.len() as u64) as usize;
        s.push_str(types[i]);
        s
    }
    fn percent_spec(&mut self, convs: &[char]) -> String {
        let mut s = String::from("<%");
        for _ in 0..self.below(3) {
            s.push(*self.pick(&['-', '+', ' ', '#', '0']));
        }
        if self.below(2) == 0 {
            s.push_str(&self.below(20).to_string());
        }
        if self.below(2) == 0 {
            s.push('.');
            s.push_str(&self.below(15).to_string());
        }
        s.push(*self.pick(convs));
        s.push('>');
        s
    }
}

struct Cases {
    input: String,
    expected_by_rust: Vec<String>,
}

impl Cases {
    fn add(&mut self, line: String, rust: String) {
        self.input.push_str(&line);
        self.input.push('\n');
        self.expected_by_rust.push(rust);
    }
}

fn run_python(input: &str) -> Option<Vec<String>> {
    let mut child = Command::new(cpython::require_311())
        .arg("-c")
        .arg(ORACLE)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("CPython 3.11 starts");
    let mut stdin = child.stdin.take().expect("stdin was piped");
    let data = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(data.as_bytes()));
    let out = child.wait_with_output().expect("python3 runs");
    writer
        .join()
        .expect("writer thread")
        .expect("write to python3");
    assert!(out.status.success(), "oracle failed");
    Some(
        String::from_utf8(out.stdout)
            .expect("utf-8")
            .lines()
            .map(str::to_string)
            .collect(),
    )
}

fn check(cases: Cases) {
    let Some(py) = run_python(&cases.input) else {
        return;
    };
    let inputs: Vec<&str> = cases.input.lines().collect();
    assert_eq!(py.len(), cases.expected_by_rust.len());
    let mut failures = Vec::new();
    for (i, (p, r)) in py.iter().zip(&cases.expected_by_rust).enumerate() {
        if p != r {
            failures.push(format!(
                "input {:?}\n  python: {}\n  rust:   {}",
                inputs[i],
                decode(p),
                decode(r)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        py.len(),
        failures
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn decode(line: &str) -> String {
    let parts: Vec<&str> = line.splitn(3, ' ').collect();
    let h = parts.last().copied().unwrap_or("");
    let bytes: Vec<u8> = (0..h.len() / 2)
        .filter_map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).ok())
        .collect();
    format!(
        "{} {:?}",
        parts[..parts.len() - 1].join(" "),
        String::from_utf8_lossy(&bytes)
    )
}

fn new_cases() -> Cases {
    Cases {
        input: String::new(),
        expected_by_rust: Vec::new(),
    }
}

#[test]
fn float_repr_matches_cpython() {
    let mut g = Gen(1);
    let mut c = new_cases();
    for _ in 0..3000 {
        let x = g.float();
        c.add(format!("repr\t{}", fhex(x)), ok(&num::float_repr(x)));
    }
    check(c);
}

#[test]
fn format_float_matches_cpython() {
    let mut g = Gen(2);
    let mut c = new_cases();
    let types = [
        "", "", "e", "E", "f", "F", "g", "G", "n", "%", "d", "s", "x",
    ];
    for _ in 0..4000 {
        let x = g.float();
        let spec = g.spec(&types);
        let r = FormatSpec::parse(&spec).and_then(|s| format_float(x, &s));
        c.add(format!("ff\t{}\t{}", fhex(x), hex(&spec)), res(r));
    }
    check(c);
}

#[test]
fn format_int_matches_cpython() {
    let mut g = Gen(3);
    let mut c = new_cases();
    let types = [
        "", "", "d", "b", "o", "x", "X", "n", "c", "e", "f", "g", "%", "s", "E",
    ];
    for _ in 0..4000 {
        let v = if g.below(3) == 0 {
            BigInt::from(g.below(0x2000))
        } else {
            g.bigint()
        };
        let spec = g.spec(&types);
        let r = FormatSpec::parse(&spec).and_then(|s| format_int(&v, &s));
        c.add(format!("fi\t{}\t{}", v, hex(&spec)), res(r));
    }
    check(c);
}

#[test]
fn format_str_matches_cpython() {
    let mut g = Gen(4);
    let mut c = new_cases();
    let types = ["", "", "s", "d"];
    let strs = ["", "a", "hello", "héllo wörld", "日本語", "tab\tx", "%s{}"];
    for _ in 0..1500 {
        let s = *g.pick(&strs[..]);
        let spec = g.spec(&types);
        let r = FormatSpec::parse(&spec).and_then(|sp| format_str(s, &sp));
        c.add(format!("fs\t{}\t{}", hex(s), hex(&spec)), res(r));
    }
    check(c);
}

fn str_repr(s: &str) -> String {
    // Enough for the test strings (no quotes or backslashes in them).
    format!("'{}'", s.replace('\t', "\\t"))
}

#[test]
fn percent_format_matches_cpython() {
    let mut g = Gen(5);
    let mut c = new_cases();
    let convs = [
        'd', 'i', 'u', 'x', 'X', 'o', 'e', 'E', 'f', 'F', 'g', 'G', 's', 'r', 'a', 'c', '%', 'y',
    ];
    let strs = ["", "a", "hello", "héllo", "tab\tx", "é"];
    for i in 0..4000 {
        let mut tpl = g.percent_spec(&convs);
        if g.below(20) == 0 {
            tpl.push_str(" %s");
        }
        if g.below(30) == 0 {
            tpl.push('%');
        }
        match i % 3 {
            0 => {
                let x = g.float();
                let a = PercentArg::float(x);
                let r = percent_format(&tpl, PercentArgs::Single(&a));
                c.add(format!("pf\t{}\t{}", fhex(x), hex(&tpl)), res(r));
            }
            1 => {
                let v = if g.below(2) == 0 {
                    BigInt::from(g.below(300) as i64 - 100)
                } else {
                    g.bigint()
                };
                let a = PercentArg::int(v.clone());
                let r = percent_format(&tpl, PercentArgs::Single(&a));
                c.add(format!("pi\t{}\t{}", v, hex(&tpl)), res(r));
            }
            _ => {
                let s = *g.pick(&strs[..]);
                let a = PercentArg::str(s, str_repr(s));
                let r = percent_format(&tpl, PercentArgs::Single(&a));
                c.add(format!("ps\t{}\t{}", hex(s), hex(&tpl)), res(r));
            }
        }
    }
    check(c);
}

#[test]
fn int_float_arithmetic_matches_cpython() {
    let mut g = Gen(6);
    let mut c = new_cases();
    for _ in 0..1500 {
        let a = g.bigint();
        let mut b = g.bigint();
        if g.below(4) == 0 {
            b = &a * BigInt::from(g.below(7) as i64 + 1) + BigInt::from(g.below(3) as i64 - 1);
        }
        c.add(
            format!("truediv\t{a}\t{b}"),
            res(num::int_true_div(&a, &b).map(bits)),
        );
        c.add(format!("tofloat\t{a}"), res(num::int_to_f64(&a).map(bits)));
        c.add(
            format!("intdiv\t{a}\t{b}"),
            res(num::big_divmod(&a, &b).map(|(q, r)| format!("{q},{r}"))),
        );
        let nd = -(g.below(40) as i64);
        c.add(
            format!("roundint\t{a}\t{nd}"),
            ok(&num::round_int(&a, nd).to_string()),
        );
        if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
            let r = num::i64_divmod(x, y).map(|o| match o {
                Some((q, m)) => format!("{q},{m}"),
                None => "overflow".into(),
            });
            if r.as_deref() != Ok("overflow") {
                c.add(format!("intdiv\t{x}\t{y}"), res(r));
            }
        }
    }
    for _ in 0..2500 {
        let x = g.float();
        let y = if g.below(3) == 0 {
            (g.below(9) as f64) - 4.0
        } else {
            g.float()
        };
        let (hx, hy) = (fhex(x), fhex(y));
        c.add(
            format!("fdiv\t{hx}\t{hy}"),
            res(num::float_floordiv(x, y).map(bits)),
        );
        c.add(
            format!("fmod\t{hx}\t{hy}"),
            res(num::float_mod(x, y).map(bits)),
        );
        c.add(
            format!("fdivmod\t{hx}\t{hy}"),
            res(num::float_divmod(x, y).map(|(q, m)| format!("{},{}", bits(q), bits(m)))),
        );
        let py = if g.below(2) == 0 {
            (g.below(21) as f64 - 10.0) / 2.0
        } else {
            y
        };
        c.add(
            format!("fpow\t{hx}\t{}", fhex(py)),
            res(num::float_pow(x, py).map(bits)),
        );
        let nd = g.below(30) as i64 - 12;
        c.add(
            format!("round\t{hx}\t{nd}"),
            res(num::round_float_digits(x, nd).map(bits)),
        );
        c.add(
            format!("round0\t{hx}"),
            res(num::round_float_to_int(x).map(|v| v.to_string())),
        );
        c.add(
            format!("toint\t{hx}"),
            res(num::f64_to_int(x).map(|v| v.to_string())),
        );
    }
    check(c);
}

#[test]
fn int_and_float_parsing_matches_cpython() {
    let mut g = Gen(7);
    let mut c = new_cases();
    let atoms = [
        "0", "1", "7", "9", "a", "f", "z", "_", "x", "o", "b", "0x", "0o", "0b", "0X", " ", "-",
        "+", ".", "e", "E", "inf", "nan", "Infinity", "\t", "00", "12", "1_0", "\u{661}",
        "\u{ff17}", "\u{e9}", "\u{3000}",
    ];
    for _ in 0..4000 {
        let n = 1 + g.below(5);
        let s: String = (0..n).map(|_| *g.pick(&atoms)).collect();
        let base = *g.pick(&[0u32, 10, 10, 2, 8, 16, 36, 7]);
        c.add(
            format!("parseint\t{}\t{}", hex(&s), base),
            match num::parse_int_literal(&s, base) {
                Some(v) => ok(&v.to_string()),
                None => format!(
                    "ERR ValueError {}",
                    hex(&format!(
                        "invalid literal for int() with base {base}: {}",
                        py_repr(&s)
                    ))
                ),
            },
        );
        c.add(
            format!("parsefloat\t{}", hex(&s)),
            match num::parse_float(&s) {
                Some(v) => ok(&bits(v)),
                None => format!(
                    "ERR ValueError {}",
                    hex(&format!(
                        "could not convert string to float: {}",
                        py_repr(&s)
                    ))
                ),
            },
        );
    }
    check(c);
}

fn py_repr(s: &str) -> String {
    format!(
        "'{}'",
        s.replace('\t', "\\t").replace('\u{3000}', "\\u3000")
    )
}

#[test]
fn random_module_matches_cpython() {
    let mut g = Gen(8);
    let mut c = new_cases();
    let seeds: Vec<String> = vec![
        "i0".into(),
        "i1".into(),
        "i42".into(),
        "i-42".into(),
        "i4294967296".into(),
        "i123456789012345678901234567890".into(),
        "i-340282366920938463463374607431768211457".into(),
        format!("s{}", hex("")),
        format!("s{}", hex("hello")),
        format!("s{}", hex("coroscope ✓")),
        "f1.5".into(),
        "f-2.25".into(),
        "f1e300".into(),
        "f0.1".into(),
    ];
    for seed in &seeds {
        for _ in 0..6 {
            let mut ops = Vec::new();
            let mut rng = make_rng(seed);
            let mut outs = Vec::new();
            for _ in 0..40 {
                let (op, out) = random_op(&mut g, &mut rng);
                ops.push(op);
                outs.push(out);
            }
            c.add(
                format!("rand\t{seed}\t{}", ops.join(" ")),
                ok(&outs.join(" ")),
            );
        }
    }
    check(c);
}

fn make_rng(seed: &str) -> Random {
    let (kind, rest) = seed.split_at(1);
    match kind {
        "s" => {
            let bytes: Vec<u8> = (0..rest.len() / 2)
                .map(|i| u8::from_str_radix(&rest[2 * i..2 * i + 2], 16).expect("hex"))
                .collect();
            Random::from_str_seed(std::str::from_utf8(&bytes).expect("utf-8"))
        }
        "f" => Random::from_float_seed(rest.parse().expect("float")).expect("finite"),
        _ => Random::from_int_seed(&rest.parse::<BigInt>().expect("int")),
    }
}

fn random_op(g: &mut Gen, rng: &mut Random) -> (String, String) {
    let big = |v: BigInt| v.to_string();
    match g.below(16) {
        0 => ("random".into(), bits(rng.random())),
        1 => {
            let k = *g.pick(&[0u64, 1, 5, 31, 32, 33, 64, 100, 257]);
            (format!("bits:{k}"), big(rng.getrandbits(k)))
        }
        2 => {
            let n = *g.pick(&[1u64, 2, 3, 10, 1000, 1 << 40, (1 << 62) + 12345]);
            (format!("below:{n}"), big(rng.randbelow(&BigInt::from(n))))
        }
        3 => {
            let start = g.below(100) as i64 - 50;
            let stop = start + g.below(200) as i64 + 1;
            let step = *g.pick(&[1i64, 1, 2, 3, 7]);
            let r = rng
                .randrange(
                    &BigInt::from(start),
                    Some(&BigInt::from(stop)),
                    &BigInt::from(step),
                )
                .expect("non-empty range");
            (format!("range:{start}:{stop}:{step}"), big(r))
        }
        4 => {
            let a = g.below(100) as i64 - 50;
            let b = a + g.below(1000) as i64;
            let r = rng
                .randint(&BigInt::from(a), &BigInt::from(b))
                .expect("a <= b");
            (format!("randint:{a}:{b}"), big(r))
        }
        5 => {
            let a = g.below(100) as i64 - 50;
            let b = g.below(100) as i64 - 50;
            (
                format!("uniform:{a}:{b}"),
                bits(rng.uniform(a as f64 / 7.0, b as f64 / 3.0)),
            )
        }
        6 => {
            let n = 1 + g.below(50) as usize;
            (
                format!("choice:{n}"),
                rng.choice_index(n).expect("non-empty").to_string(),
            )
        }
        7 => {
            let n = g.below(30) as usize;
            let mut v: Vec<usize> = (0..n).collect();
            rng.shuffle(&mut v);
            (format!("shuffle:{n}"), join(&v))
        }
        8 => {
            let n = *g.pick(&[0usize, 1, 5, 20, 21, 22, 30, 100, 1000]);
            let k = g.below(n as u64 + 1).min(40) as usize;
            let v = rng.sample(n, k).expect("k <= n");
            (format!("sample:{n}:{k}"), join(&v))
        }
        9 => {
            let n = 1 + g.below(20) as usize;
            let k = g.below(5) as usize;
            (format!("choices:{n}:{k}"), join(&rng.choices_indices(n, k)))
        }
        10 => {
            let (a, b) = (g.below(10) as i64 - 5, g.below(5) as i64);
            (
                format!("gauss:{a}:{b}"),
                bits(rng.gauss(a as f64, b as f64)),
            )
        }
        11 => {
            let (a, b) = (g.below(10) as i64 - 5, g.below(5) as i64);
            (
                format!("normal:{a}:{b}"),
                bits(rng.normalvariate(a as f64, b as f64)),
            )
        }
        12 => {
            let l = 1 + g.below(10) as i64;
            let v = rng.expovariate(l as f64 / 4.0).expect("nonzero");
            (format!("expo:{l}"), bits(v))
        }
        13 => {
            let (lo, hi, m) = (
                g.below(10) as i64,
                10 + g.below(10) as i64,
                g.below(40) as i64,
            );
            let mode = if m == 0 { None } else { Some(m as f64 / 2.0) };
            (
                format!("tri:{lo}:{hi}:{m}"),
                bits(rng.triangular(lo as f64, hi as f64, mode)),
            )
        }
        14 => {
            let n = g.below(20) as usize;
            let b = rng.randbytes(n);
            (
                format!("bytes:{n}"),
                b.iter().map(|x| format!("{x:02x}")).collect(),
            )
        }
        _ => {
            let n = 1 + g.below(10) as usize;
            let k = g.below(6) as usize;
            let mut cum = Vec::new();
            let mut acc = 0.0;
            for i in 0..n {
                acc += (i % 3) as f64 + 0.5;
                cum.push(acc);
            }
            let v = rng.choices_cum_weights(&cum, k).expect("positive total");
            (format!("cumw:{n}:{k}"), join(&v))
        }
    }
}

fn join(v: &[usize]) -> String {
    v.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
}

fn arg_code(a: &PercentArg) -> String {
    match &a.num {
        coroscope::interp::format::PercentNum::Int(n) => format!("i:{n}"),
        coroscope::interp::format::PercentNum::Float(x) => format!("f:{}", fhex(*x)),
        coroscope::interp::format::PercentNum::NotNumber => format!("s:{}", hex(&a.str_)),
    }
}

#[test]
fn percent_format_with_tuples_matches_cpython() {
    let mut g = Gen(9);
    let mut c = new_cases();
    let convs = [
        'd', 'x', 'o', 'e', 'f', 'g', 's', 'r', 'c', '%', 'i', 'X', 'G',
    ];
    let strs = ["", "a", "xyz", "é"];
    for _ in 0..3000 {
        let mut tpl = String::new();
        let mut n_args = 0;
        for _ in 0..g.below(4) {
            let lit: &str = g.pick::<&str>(&["", "ab ", "|", " - "]);
            tpl.push_str(lit);
            tpl.push('%');
            for _ in 0..g.below(3) {
                tpl.push(*g.pick(&['-', '+', ' ', '#', '0']));
            }
            if g.below(4) == 0 {
                tpl.push('*');
                n_args += 1;
            } else if g.below(2) == 0 {
                tpl.push_str(&g.below(12).to_string());
            }
            if g.below(3) == 0 {
                tpl.push('.');
                if g.below(4) == 0 {
                    tpl.push('*');
                    n_args += 1;
                } else {
                    tpl.push_str(&g.below(8).to_string());
                }
            }
            let conv = *g.pick(&convs);
            tpl.push(conv);
            if conv != '%' {
                n_args += 1;
            }
        }
        if g.below(10) == 0 {
            tpl.push('%');
        }
        let n = match g.below(8) {
            0 => n_args + 1,
            1 => n_args.max(1) - 1,
            _ => n_args,
        };
        let args: Vec<PercentArg> = (0..n)
            .map(|_| match g.below(4) {
                0 => PercentArg::float(g.float()),
                1 => {
                    let s = *g.pick(&strs[..]);
                    PercentArg::str(s, format!("'{s}'"))
                }
                _ => PercentArg::int(BigInt::from(g.below(140) as i64 - 20)),
            })
            .collect();
        let codes: Vec<String> = args.iter().map(arg_code).collect();
        let r = percent_format(&tpl, PercentArgs::Tuple(&args));
        c.add(
            format!("ptuple\t{}\t{}", hex(&tpl), codes.join(",")),
            res(r),
        );
    }
    check(c);
}

#[test]
fn float_hash_int_pow_and_comparisons_match_cpython() {
    let mut g = Gen(10);
    let mut c = new_cases();
    for _ in 0..3000 {
        let x = g.float();
        if !x.is_nan() {
            c.add(
                format!("hash\t{}", fhex(x)),
                ok(&coroscope::runtime::random::float_hash(x)
                    .expect("not NaN")
                    .to_string()),
            );
        }
        let i = g.bigint();
        let y = if g.below(2) == 0 {
            num::int_to_f64(&i).unwrap_or(x) + *g.pick(&[0.0, 0.5, -0.5, 1.0])
        } else {
            x
        };
        let cmp = match num::cmp_int_float(&i, y) {
            Some(std::cmp::Ordering::Less) => "lt",
            Some(std::cmp::Ordering::Equal) => "eq",
            Some(std::cmp::Ordering::Greater) => "gt",
            None => "none",
        };
        c.add(format!("cmpif\t{i}\t{}", fhex(y)), ok(cmp));
        let base = BigInt::from(g.below(2001) as i64 - 1000);
        let e = BigInt::from(g.below(60));
        c.add(
            format!("ipow\t{base}\t{e}"),
            res(num::int_pow(&base, &e).map(|v| v.to_string())),
        );
        let m = BigInt::from(g.below(2001) as i64 - 1000);
        let e2 = BigInt::from(g.below(200) as i64 - 50);
        let b2 = g.bigint();
        c.add(
            format!("ipowmod\t{b2}\t{e2}\t{m}"),
            res(num::int_pow_mod(&b2, &e2, &m).map(|v| v.to_string())),
        );
        let nd = g.below(700) as i64 - 350;
        c.add(
            format!("round\t{}\t{nd}", fhex(x)),
            res(num::round_float_digits(x, nd).map(bits)),
        );
        let bx = f64::from_bits(g.next());
        c.add(format!("repr\t{}", fhex(bx)), ok(&num::float_repr(bx)));
    }
    check(c);
}

#[test]
fn int_string_digit_limit_matches_cpython() {
    let mut c = new_cases();
    for digits in [1usize, 10, 4299, 4300, 4301, 5000] {
        let s: String = "7".repeat(digits);
        let v: BigInt = s.parse().expect("digits");
        c.add(format!("intstr\t{v:x}"), res(num::int_to_decimal(&v)));
        let neg = -v;
        c.add(format!("intstr\t{neg:x}"), res(num::int_to_decimal(&neg)));
        for base in [10i64, 16, 0, 8] {
            let r = num::int_from_str(&s, base, &format!("'{s}'"));
            c.add(
                format!("intfromstr\t{}\t{base}", hex(&s)),
                res(r.map(|v| format!("{v:#x}"))),
            );
        }
    }
    check(c);
}

#[test]
fn hand_picked_format_edge_cases_match_cpython() {
    let mut c = new_cases();
    let floats = [
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        1e300,
        -1e300,
        5e-324,
        1.0,
        0.5,
        123.456,
        -1_234_567.891,
        1e16,
        1e-7,
        0.1,
        2.675,
        9.5,
        99.99,
        f64::MAX,
    ];
    let specs = [
        "", ".0", ".1", ".3", "g", ".0g", "#.0g", "#g", ".17g", ".30g", ".400f", ".500e", "e",
        ".0e", "#.0e", "#.0f", "%", ".0%", "#%", "n", ".3n", ",", "_", ",.2f", "_.3e", "020,.2f",
        "<020,.2f", "^+20.3e", "=+20", "z.0f", "z", "zg", " ", "+", "-", "010", "x^11", "#", "#20",
        ".2F", "G", ".2E", "0=15,.1f", ",g", "_%", ".100g", "#.3g", "012", "+015,",
    ];
    for x in floats {
        for spec in specs {
            let r = FormatSpec::parse(spec).and_then(|s| format_float(x, &s));
            c.add(format!("ff\t{}\t{}", fhex(x), hex(spec)), res(r));
        }
    }
    let ints = [
        0i64,
        1,
        -1,
        7,
        -42,
        255,
        1234,
        -1234567,
        1 << 40,
        i64::MAX,
        i64::MIN,
        0x10ffff,
        0x110000,
    ];
    let int_specs = [
        "", "d", "n", ",", "_", "012,", "0=12_", "b", "_b", "#b", "#_b", "o", "#o", "x", "#X",
        "_X", "#012x", "c", "<5c", "^9c", "+", " ", "-", "e", ".2f", "%", ",.1%", "g", "=^10",
        "*^+10", "010", "-010", "+#010x", ".3", "z", "#c", "+c", "s", "10_o", "#_o", ",b",
        "x^#14X",
    ];
    for n in ints {
        for spec in int_specs {
            let r = FormatSpec::parse(spec).and_then(|s| format_int(&BigInt::from(n), &s));
            c.add(format!("fi\t{n}\t{}", hex(spec)), res(r));
        }
    }
    let strs = ["", "x", "hello", "日本"];
    let str_specs = [
        "", "s", "5", "<5", ">5", "^5", "^6", "*^7", "05", "<05", ".0", ".1", ".10", "10.2", "=5",
        "+", " ", "#", "z", ",", "_", "d", "x<3.1s", "\u{e9}>4",
    ];
    for s in strs {
        for spec in str_specs {
            let r = FormatSpec::parse(spec).and_then(|sp| format_str(s, &sp));
            c.add(format!("fs\t{}\t{}", hex(s), hex(spec)), res(r));
        }
    }
    check(c);
}

#[derive(Clone)]
enum TVal {
    Int(i64),
    Str(String),
    List(Vec<TVal>),
    Obj,
}

impl TVal {
    fn type_name(&self) -> &'static str {
        match self {
            TVal::Int(_) => "int",
            TVal::Str(_) => "str",
            TVal::List(_) => "list",
            TVal::Obj => "A",
        }
    }
    fn repr(&self) -> String {
        match self {
            TVal::Int(i) => i.to_string(),
            TVal::Str(s) => format!("'{s}'"),
            TVal::List(v) => format!(
                "[{}]",
                v.iter().map(TVal::repr).collect::<Vec<_>>().join(", ")
            ),
            TVal::Obj => "A()".into(),
        }
    }
    fn str_(&self) -> String {
        match self {
            TVal::Str(s) => s.clone(),
            other => other.repr(),
        }
    }
}

struct TFields;

fn exc(kind: num::ExcKind, msg: impl Into<String>) -> NumError {
    NumError::new(kind, msg)
}

impl coroscope::interp::format::TemplateFields for TFields {
    type Value = TVal;
    fn get(&mut self, key: coroscope::interp::format::FieldKey<'_>) -> Result<TVal, NumError> {
        use coroscope::interp::format::FieldKey;
        match key {
            FieldKey::Index(0) => Ok(TVal::Int(7)),
            FieldKey::Index(1) => Ok(TVal::List(vec![
                TVal::Int(1),
                TVal::List(vec![TVal::Int(2)]),
            ])),
            FieldKey::Index(2) => Ok(TVal::Str("str".into())),
            FieldKey::Index(i) => Err(exc(
                num::ExcKind::IndexError,
                format!("Replacement index {i} out of range for positional args tuple"),
            )),
            FieldKey::Name("a") => Ok(TVal::Obj),
            FieldKey::Name("w") => Ok(TVal::Int(6)),
            FieldKey::Name("s") => Ok(TVal::Str("hey".into())),
            FieldKey::Name(n) => Err(exc(num::ExcKind::KeyError, format!("'{n}'"))),
        }
    }
    fn access(
        &mut self,
        v: TVal,
        step: coroscope::interp::format::Accessor<'_>,
    ) -> Result<TVal, NumError> {
        use coroscope::interp::format::Accessor;
        match (v, step) {
            (TVal::Obj, Accessor::Attr("x")) => Ok(TVal::Int(5)),
            (v, Accessor::Attr(a)) => Err(exc(
                num::ExcKind::AttributeError,
                format!("'{}' object has no attribute '{a}'", v.type_name()),
            )),
            (TVal::List(items), Accessor::Index(i)) => items
                .get(i)
                .cloned()
                .ok_or_else(|| exc(num::ExcKind::IndexError, "list index out of range")),
            (TVal::List(_), Accessor::Key(_)) => Err(exc(
                num::ExcKind::TypeError,
                "list indices must be integers or slices, not str",
            )),
            (TVal::Str(s), Accessor::Index(i)) => s
                .chars()
                .nth(i)
                .map(|c| TVal::Str(c.to_string()))
                .ok_or_else(|| exc(num::ExcKind::IndexError, "string index out of range")),
            (TVal::Str(_), Accessor::Key(_)) => Err(exc(
                num::ExcKind::TypeError,
                "string indices must be integers, not 'str'",
            )),
            (v, _) => Err(exc(
                num::ExcKind::TypeError,
                format!("'{}' object is not subscriptable", v.type_name()),
            )),
        }
    }
    fn convert(&mut self, v: TVal, conv: char) -> Result<TVal, NumError> {
        Ok(TVal::Str(match conv {
            's' => v.str_(),
            _ => v.repr(),
        }))
    }
    fn format(&mut self, v: TVal, spec: &str) -> Result<String, NumError> {
        let sp = FormatSpec::parse(spec);
        match v {
            TVal::Int(i) => format_int(&BigInt::from(i), &sp?),
            TVal::Str(s) => format_str(&s, &sp?),
            other if spec.is_empty() => Ok(other.str_()),
            other => Err(exc(
                num::ExcKind::TypeError,
                format!(
                    "unsupported format string passed to {}.__format__",
                    other.type_name()
                ),
            )),
        }
    }
}

#[test]
fn str_format_templates_match_cpython() {
    let mut g = Gen(11);
    let mut c = new_cases();
    let atoms = [
        "{",
        "}",
        "{{",
        "}}",
        "{}",
        "{0}",
        "{1}",
        "{2}",
        "{5}",
        "{a}",
        "{a.x}",
        "{a.y}",
        "{w}",
        "{s}",
        "{b}",
        "{1[0]}",
        "{1[1][0]}",
        "{1[x]}",
        "{2[1]}",
        "{0[0]}",
        "{!r}",
        "{0!r}",
        "{!s:>6}",
        "{!a}",
        "{!z}",
        "{:>5}",
        "{:{w}}",
        "{0:{w}.{w}}",
        "{:*^9}",
        "{:{}}",
        "{:d}",
        "{!}",
        "{!r",
        "{!rx}",
        "{[}",
        "{a.}",
        "{a]}",
        "{0.}",
        "{0[]}",
        ":",
        "!",
        "[",
        "]",
        ".",
        "x",
        "ab ",
        "{ 0}",
        "{-1}",
        "{0:{0:{0}}}",
        "{s:.2}",
        "{1:}",
        "{1!s:>12}",
        "{a{b}",
        "{:}}",
        "{:{}",
        "{1[0]x}",
        "{0:x}",
        "{2:^{w}}",
    ];
    let mut seen = std::collections::HashSet::new();
    for _ in 0..3000 {
        let n = 1 + g.below(4);
        let t: String = (0..n).map(|_| *g.pick(&atoms[..])).collect();
        if !seen.insert(t.clone()) {
            continue;
        }
        let r = coroscope::interp::format::format_template(&t, &mut TFields);
        c.add(format!("tpl\t{}", hex(&t)), res(r));
    }
    check(c);
}

#[test]
fn hand_picked_int_division_and_conversion_cases_match_cpython() {
    let mut c = new_cases();
    let p2 = |k: usize| BigInt::one() << k;
    let ten = |k: u32| num_traits::pow::Pow::pow(BigInt::from(10), k);
    let pairs: Vec<(BigInt, BigInt)> = vec![
        (BigInt::one(), ten(320)),
        (BigInt::from(3), p2(1075)),
        (BigInt::one(), p2(1075)),
        (BigInt::from(3), p2(1076)),
        (BigInt::from(-1), p2(1076)),
        (p2(1024) - p2(970), BigInt::one()),
        (p2(1024) - p2(970) - 1, BigInt::one()),
        (p2(1024) - p2(971), BigInt::from(-1)),
        (ten(400) + 1, ten(399)),
        (ten(30), BigInt::from(7)),
        (p2(53) + 1, BigInt::one()),
        (p2(54) + 3, BigInt::from(2)),
        (BigInt::from(0), ten(50)),
        (BigInt::from(0), -ten(50)),
        (BigInt::from(i64::MIN), BigInt::from(-1)),
        (BigInt::from(i64::MAX), BigInt::from(3)),
        (ten(308) * 18, BigInt::from(10)),
    ];
    for (a, b) in &pairs {
        c.add(
            format!("truediv\t{a}\t{b}"),
            res(num::int_true_div(a, b).map(bits)),
        );
        c.add(format!("tofloat\t{a}"), res(num::int_to_f64(a).map(bits)));
        c.add(
            format!("intdiv\t{a}\t{b}"),
            res(num::big_divmod(a, b).map(|(q, r)| format!("{q},{r}"))),
        );
    }
    check(c);
}

#[test]
fn random_character_soup_specs_match_cpython() {
    let mut g = Gen(12);
    let mut c = new_cases();
    let alphabet: Vec<char> = "<>=^+- z#0123456789,_.%bcdeEfFgGnosxX*é\u{661}"
        .chars()
        .collect();
    for i in 0..6000 {
        let len = g.below(8) as usize;
        let spec: String = (0..len).map(|_| *g.pick(&alphabet[..])).collect();
        match i % 3 {
            0 => {
                let x = g.float();
                let r = FormatSpec::parse(&spec).and_then(|s| format_float(x, &s));
                c.add(format!("ff\t{}\t{}", fhex(x), hex(&spec)), res(r));
            }
            1 => {
                let v = BigInt::from(g.below(200) as i64 - 100);
                let r = FormatSpec::parse(&spec).and_then(|s| format_int(&v, &s));
                c.add(format!("fi\t{v}\t{}", hex(&spec)), res(r));
            }
            _ => {
                let r = FormatSpec::parse(&spec).and_then(|s| format_str("héllo", &s));
                c.add(format!("fs\t{}\t{}", hex("héllo"), hex(&spec)), res(r));
            }
        }
        let tpl = format!("%{spec}");
        let v = BigInt::from(g.below(200) as i64 - 100);
        let a = PercentArg::int(v.clone());
        c.add(
            format!("pi\t{v}\t{}", hex(&tpl)),
            res(percent_format(&tpl, PercentArgs::Single(&a))),
        );
    }
    check(c);
}
