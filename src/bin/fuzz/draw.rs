//! The fuzz inputs' generator: draws from the project's Philox generator, so
//! input `i` of a parser is a pure function of (seed, parser, i) and any
//! failure replays alone (`--only NAME --index I`). Hostile values, byte-level
//! mutations of valid examples, and the query form's pairs and separators.

use ebm_playground::config::{Field, Kind};
use ebm_playground::rng::{Rng, Stream};

/// Values that have broken parsers elsewhere: non-finite and extreme numbers,
/// signed zeros, integers past u32 and u64, empty and blank text, percent-escapes
/// (invalid ones, and ones that decode to invalid UTF-8), look-alike digits,
/// markup and other unicode.
pub const HOSTILE: &[&str] = &[
    "NaN",
    "nan",
    "-nan",
    "inf",
    "-inf",
    "Infinity",
    "-Infinity",
    "infinity",
    "1e308",
    "-1e308",
    "1e39",
    "-1e39",
    "3.4028235e38",
    "3.4028236e38",
    "1e-45",
    "1e-46",
    "1.1754944e-38",
    "-1.1754944e-38",
    "1e-320",
    "-0",
    "-0.0",
    "+0",
    "0",
    "0.0",
    "00",
    "007",
    "4294967295",
    "4294967296",
    "-4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999999",
    "-1",
    "-2147483648",
    "1e2",
    "1E2",
    "1e",
    "e5",
    ".",
    "-",
    "+",
    "+1",
    ".5",
    "5.",
    "0x10",
    "1_000",
    "1,5",
    "1 000",
    "",
    " ",
    "\t",
    "\n",
    "\r\n",
    " 1 ",
    "auto",
    "AUTO",
    "auto ",
    "%",
    "%2",
    "%zz",
    "%ff%fe",
    "%ff",
    "%c0%80",
    "%ed%a0%80",
    "%f4%90%80%80",
    "%00",
    "%0",
    "%%",
    "%25",
    "%26",
    "%3D",
    "%2B",
    "%20",
    "+%2B+",
    "&",
    "=",
    "==",
    "&&",
    "?",
    "#",
    ";",
    ",",
    "1;2",
    "'",
    "\"",
    "\\",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "\u{0}",
    "\u{7f}",
    "\u{feff}1",
    "\u{200b}",
    "é",
    "ß",
    "１",
    "٣",
    "𝟏",
    "🦀",
    "\u{202e}",
    "\u{fffd}",
    "null",
    "true",
    "[]",
    "{}",
    "{\"a\":1}",
    "[1,2]",
];

/// Valid keys with a hostile value, repeated keys, pane prefixes: the link's pairs.
pub const PANE_PREFIXES: &[&str] =
    &["p0.", "p1.", "p2.", "p4.", "p5.", "p9.", "p01.", "p-1.", "p.", "P1.", "p1..", "pp1."];

pub struct Gen {
    /// A third of the inputs are calm: valid keys get valid values (so that
    /// what is accepted, and its round trip, is exercised too).
    pub calm: bool,
    rng: Rng,
    index: u32,
    counter: u32,
    words: [u32; 4],
    used: usize,
}

impl Gen {
    /// The generator of input `index` of parser number `parser` under `seed`.
    pub fn new(seed: u32, parser: u32, index: u32) -> Self {
        let rng = Rng::new(seed ^ parser.wrapping_mul(0x9E37_79B9));
        let mut g = Self { calm: false, rng, index, counter: 0, words: [0; 4], used: 4 };
        g.calm = g.one_in(3);
        g
    }

    pub fn u32(&mut self) -> u32 {
        if self.used == 4 {
            self.words = self.rng.bits(Stream::Data, self.index, self.counter);
            self.counter = self.counter.wrapping_add(1);
            self.used = 0;
        }
        self.used += 1;
        self.words[self.used - 1]
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((u64::from(self.u32()) * n as u64) >> 32) as usize
    }

    /// True with probability 1 / n.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// A number as a link would carry it: in range, at a bound, just past one,
    /// random bits, many digits, or a hostile value.
    pub fn number(&mut self, lo: f64, hi: f64) -> String {
        match if self.calm { self.below(2) } else { self.below(9) } {
            0 => format!("{}", lo + (hi - lo) * f64::from(self.u32()) / f64::from(u32::MAX)),
            1 => format!("{}", [lo, hi][self.below(2)]),
            2 => format!("{}", [lo - 1.0, hi + 1.0, lo - 1e-6, hi * (1.0 + 1e-7), -lo, -hi][self.below(6)]),
            3 => format!("{}", f32::from_bits(self.u32())),
            4 => format!("{:e}", f32::from_bits(self.u32())),
            5 => format!("{}", f64::from_bits(u64::from(self.u32()) << 32 | u64::from(self.u32()))),
            6 => format!("{}", self.u32() >> self.below(32)),
            7 => (0..1 + self.below(40)).map(|_| char::from(b'0' + self.below(10) as u8)).collect(),
            _ => self.hostile().to_string(),
        }
    }

    /// One of `xs`.
    pub fn word(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }

    pub fn hostile(&mut self) -> &'static str {
        self.word(HOSTILE)
    }

    /// A short random text: printable ASCII, separators, escapes and unicode.
    pub fn text(&mut self, max: usize) -> String {
        let n = self.below(max + 1);
        (0..n)
            .map(|_| match self.below(10) {
                0 => *self.pick(&['&', '=', '%', '+', ';', ',', ' ', '\n', '#', '?']),
                1 => *self.pick(&['é', '🦀', '\u{0}', '\u{feff}', '\u{fffd}', '一', '\u{7f}', '\u{202e}']),
                _ => char::from(32 + self.below(95) as u8),
            })
            .collect()
    }

    /// A value for `field` (a config or view field): mostly valid, else near a
    /// bound, mutated or hostile.
    pub fn value_for(&mut self, field: &Field) -> String {
        if !self.calm && self.one_in(4) {
            return self.hostile().to_string();
        }
        match field.kind {
            Kind::Choice(list) => {
                let c = self.pick(list).to_string();
                match if self.calm { 5 } else { self.below(6) } {
                    0 => c.to_uppercase(),
                    1 => format!(" {c} "),
                    2 => c[..self.below(c.len() + 1)].to_string(),
                    3 => format!("{c}{}", self.text(3)),
                    _ => c,
                }
            }
            Kind::Int { min, max, .. } if self.calm => (min + self.u32() % (max - min).saturating_add(1)).to_string(),
            Kind::Int { min, max, .. } => self.number(f64::from(min), f64::from(max)),
            Kind::Float { min, max, .. } => self.number(f64::from(min), f64::from(max)),
            Kind::Text { max_len } => match if self.calm { 0 } else { self.below(4) } {
                0 => self.points_text(8),
                1 => "x".repeat(max_len + self.below(2)),
                _ => self.text(max_len.min(40)),
            },
        }
    }

    /// User points as text: pairs separated by ';' or lines, with hostile numbers now and then.
    pub fn points_text(&mut self, max_pairs: usize) -> String {
        let n = self.below(max_pairs + 1);
        let sep = self.word(&[";", "\n", "\r\n", "; ", ";;", "\n\n"]);
        let inner = self.word(&[",", " ", "\t", ", ", ";", ",,"]);
        (0..n)
            .map(|_| {
                let (a, b) = (self.coordinate(), self.coordinate());
                if self.one_in(12) {
                    format!("{a}{inner}{b}{inner}{}", self.coordinate())
                } else {
                    format!("{a}{inner}{b}")
                }
            })
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// One coordinate of a point: mostly on the plane, sometimes anywhere.
    fn coordinate(&mut self) -> String {
        if self.one_in(6) { self.number(-1e6, 1e6) } else { self.number(-3.0, 3.0) }
    }

    /// A value of about 400 kB: digits, points, escapes or invalid UTF-8 once decoded.
    pub fn huge(&mut self) -> String {
        let n = 400_000 + self.below(3) - 1;
        let unit = self.word(&["1", "0.5,0.5;", "%", "%ff", "%zz", "é", "x", "&", "=", "0.1 0.2\n"]);
        unit.repeat(n / unit.len() + 1)[..n - n % unit.len().max(1)].to_string()
    }

    /// A few byte-level mutations of `seed`, sometimes spliced with `other`.
    pub fn mutate(&mut self, seed: &[u8], other: &[u8]) -> Vec<u8> {
        let mut b = seed.to_vec();
        for _ in 0..1 + self.below(8) {
            let at = self.below(b.len() + 1);
            match self.below(10) {
                0 if !b.is_empty() => {
                    let i = self.below(b.len());
                    b[i] ^= 1 << self.below(8);
                }
                1 if !b.is_empty() => {
                    let i = self.below(b.len());
                    b[i] = self.u32() as u8;
                }
                2 => b.splice(at..at, self.hostile().bytes()).for_each(drop),
                3 => {
                    let end = (at + self.below(16)).min(b.len());
                    b.drain(at..end);
                }
                4 if !b.is_empty() => {
                    let end = (at + 1 + self.below(32)).min(b.len());
                    let piece: Vec<u8> = b[at.min(end)..end].to_vec();
                    b.splice(at..at, piece.into_iter().cycle().take(self.below(64))).for_each(drop);
                }
                5 => b.insert(at, *self.pick(b"&=%+;,#?.-e0123456789 \n\"{}[]:")),
                6 => b.truncate(at),
                7 if !other.is_empty() => {
                    let from = self.below(other.len());
                    let end = (from + self.below(64)).min(other.len());
                    b.splice(at..at, other[from..end].iter().copied()).for_each(drop);
                }
                8 => {
                    let c = self.u32() as u8;
                    b.splice(at..at, std::iter::repeat_n(c, self.below(8))).for_each(drop);
                }
                _ => b.splice(at..at, self.text(6).into_bytes()).for_each(drop),
            }
        }
        b
    }

    /// A mutation of one of `seeds` as text (invalid UTF-8 becomes U+FFFD, as a
    /// browser's decoding would make it).
    pub fn mutated(&mut self, seeds: &[String]) -> String {
        let (a, b) = (self.pick(seeds).clone(), self.pick(seeds).clone());
        String::from_utf8_lossy(&self.mutate(a.as_bytes(), b.as_bytes())).into_owned()
    }

    /// A key as a link could hold it: a field's, another table's, a pane-prefixed one, or garbage.
    pub fn key(&mut self, fields: &[Field], others: &[&Field]) -> String {
        match self.below(12) {
            0..=5 => self.pick(fields).key.to_string(),
            6 | 7 if !others.is_empty() => self.pick(others).key.to_string(),
            8 => format!("{}{}", self.pick(PANE_PREFIXES), self.pick(fields).key),
            9 => {
                self.word(&["step", "hash", "scene", "panes", "engine", "play", "hide", "lock", "origins"]).to_string()
            }
            10 => self.hostile().to_string(),
            _ => self.text(12),
        }
    }

    /// A link's query of `pairs`, percent-encoded (or not, or badly), with odd separators now and then.
    pub fn query(&mut self, pairs: &[(String, String)]) -> String {
        let mut out = String::new();
        if self.one_in(8) {
            out.push(*self.pick(&['?', '#', '&']));
        }
        for (i, (k, v)) in pairs.iter().enumerate() {
            if i > 0 {
                out.push_str(if self.one_in(30) { self.word(&["&&", "&=&", "&"]) } else { "&" });
            }
            let encode = self.below(if self.calm { 3 } else { 4 });
            out.push_str(&self.encoded(k, encode));
            if self.calm || !self.one_in(40) {
                out.push('=');
                out.push_str(&self.encoded(v, encode));
            }
        }
        out
    }

    /// `s` as it rides in a link: raw, percent-encoded, spaces as '+', or with a broken escape added.
    fn encoded(&mut self, s: &str, how: usize) -> String {
        match how {
            0 => s.to_string(),
            1 => s.bytes().map(|b| format!("%{b:02X}")).collect(),
            2 => form_encode(s),
            _ => {
                let mut t = form_encode(s);
                let at = self.below(t.len() + 1);
                let at = (0..=at).rev().find(|&i| t.is_char_boundary(i)).unwrap_or(0);
                t.insert_str(at, self.word(&["%zz", "%ff", "%", "%e2%82", "+"]));
                t
            }
        }
    }
}

/// `s` percent-encoded as a form writes it (unreserved characters kept, spaces as '+').
pub fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => char::from(b).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
