//! A small JSON reader: text to a tree ([`J`]). With [`super::decode`] it replaces
//! `serde_json` in the wasm, where serde's generated code was the largest part of the app
//! (~35 KB gzipped). Native tests check that both read the same texts the same way.
//!
//! It accepts exactly the JSON that `serde_json` accepts (RFC 8259: no comments, no trailing
//! commas, no leading zeros), and keeps just what the contract needs: numbers are either a
//! `u64` or "some other number" (no contract field takes a negative or fractional one), and
//! a string with an unpaired UTF-16 surrogate escape is kept as [`J::BadStr`], an error only
//! if a field is read from it (serde_json too only checks the strings it decodes).

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    /// A non-negative integer without fraction or exponent that fits in a `u64`.
    Int(u64),
    /// Any other number, as written (read with [`float`] where a field takes a float).
    Num(String),
    Str(String),
    /// A string with an unpaired surrogate escape (`"\ud800"`): not valid Unicode.
    BadStr,
    Arr(Vec<J>),
    /// Entries in document order; duplicate keys are kept. Keys are `Str` or `BadStr`.
    Obj(Vec<(J, J)>),
}

/// A number as an `f64`, as serde reads one: any JSON number; one too large for an `f64`
/// is an error. (In the wasm, the browser's `parseFloat` reads it: no float parser in the
/// bundle. Both round correctly, so they agree.)
pub fn float(v: &J) -> Option<f64> {
    let x = match v {
        J::Int(n) => *n as f64,
        J::Num(text) => parse_f64(text)?,
        _ => return None,
    };
    x.is_finite().then_some(x)
}

#[cfg(target_arch = "wasm32")]
fn parse_f64(text: &str) -> Option<f64> {
    Some(js_sys::parse_float(text))
}

#[cfg(not(target_arch = "wasm32"))]
fn parse_f64(text: &str) -> Option<f64> {
    text.parse().ok()
}

/// Nesting limit (serde_json's is about the same); deeper documents are refused.
const MAX_DEPTH: u32 = 128;

/// Parses a whole document (surrounding whitespace allowed); `None` if it is not JSON.
pub fn parse(text: &str) -> Option<J> {
    let mut p = Parser { b: text.as_bytes(), i: 0 };
    let v = p.value(0)?;
    p.ws();
    (p.i == p.b.len()).then_some(v)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.i += 1;
        }
    }

    /// Skips whitespace, then consumes `c` if it comes next.
    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        let found = self.peek() == Some(c);
        if found {
            self.i += 1;
        }
        found
    }

    fn word(&mut self, w: &[u8], v: J) -> Option<J> {
        let found = self.b[self.i..].starts_with(w);
        self.i += w.len();
        found.then_some(v)
    }

    fn value(&mut self, depth: u32) -> Option<J> {
        self.ws();
        match self.peek()? {
            b'n' => self.word(b"null", J::Null),
            b't' => self.word(b"true", J::Bool(true)),
            b'f' => self.word(b"false", J::Bool(false)),
            b'"' => Some(self.string()?),
            b'-' | b'0'..=b'9' => self.number(),
            open @ (b'[' | b'{') => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                self.i += 1;
                let object = open == b'{';
                let close = if object { b'}' } else { b']' };
                let mut items = Vec::new();
                let mut entries = Vec::new();
                if !self.eat(close) {
                    loop {
                        if object {
                            self.ws();
                            if self.peek() != Some(b'"') {
                                return None;
                            }
                            let key = self.string()?;
                            if !self.eat(b':') {
                                return None;
                            }
                            entries.push((key, self.value(depth + 1)?));
                        } else {
                            items.push(self.value(depth + 1)?);
                        }
                        if self.eat(close) {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(if object { J::Obj(entries) } else { J::Arr(items) })
            }
            _ => None,
        }
    }

    /// At least one digit.
    fn digits(&mut self) -> bool {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i > start
    }

    fn number(&mut self) -> Option<J> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        let start = self.i;
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        let end = self.i;
        let num_start = if negative { start - 1 } else { start };
        let mut other = negative;
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !self.digits() {
                return None;
            }
            other = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if !self.digits() {
                return None;
            }
            other = true;
        }
        let text = || J::Num(String::from_utf8_lossy(&self.b[num_start..self.i]).into_owned());
        if other {
            return Some(text());
        }
        let mut n: u64 = 0;
        for d in &self.b[start..end] {
            match n.checked_mul(10).and_then(|n| n.checked_add(u64::from(d - b'0'))) {
                Some(m) => n = m,
                None => return Some(text()),
            }
        }
        Some(J::Int(n))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.b.get(self.i..self.i + 4)?;
        self.i += 4;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + char::from(d).to_digit(16)?;
        }
        Some(n)
    }

    /// A string (at its opening quote): `Str`, or `BadStr` for unpaired surrogates.
    fn string(&mut self) -> Option<J> {
        self.i += 1;
        let mut out = String::new();
        let mut bad = false;
        // A leading surrogate waiting for its trailing half.
        let mut high: Option<u32> = None;
        loop {
            let start = self.i;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            if self.i > start {
                bad |= high.take().is_some();
                // Cut at ASCII bytes of a `str`: still valid UTF-8.
                out.push_str(std::str::from_utf8(&self.b[start..self.i]).ok()?);
            }
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    bad |= high.is_some();
                    return Some(if bad { J::BadStr } else { J::Str(out) });
                }
                b'\\' => {
                    self.i += 1;
                    let e = self.peek()?;
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let unit = self.hex4()?;
                            let low = (0xDC00..0xE000).contains(&unit);
                            match high.take() {
                                Some(h) if low => char::from_u32(0x10000 + ((h - 0xD800) << 10) + (unit - 0xDC00))?,
                                pending => {
                                    bad |= pending.is_some() || low;
                                    if (0xD800..0xDC00).contains(&unit) {
                                        high = Some(unit);
                                    }
                                    match char::from_u32(unit) {
                                        Some(c) => c,
                                        None => continue,
                                    }
                                }
                            }
                        }
                        _ => return None,
                    };
                    if e != b'u' {
                        bad |= high.take().is_some();
                    }
                    out.push(c);
                }
                // A raw control character.
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IgnoredAny;

    /// What serde_json accepts as a document (syntax only, like ignoring a value).
    fn serde_accepts(text: &str) -> bool {
        serde_json::from_str::<IgnoredAny>(text).is_ok()
    }

    #[test]
    fn reads_values() {
        assert_eq!(parse(" null "), Some(J::Null));
        assert_eq!(parse("[true,false]"), Some(J::Arr(vec![J::Bool(true), J::Bool(false)])));
        assert_eq!(parse("0"), Some(J::Int(0)));
        assert_eq!(parse("18446744073709551615"), Some(J::Int(u64::MAX)));
        assert_eq!(parse("18446744073709551616"), Some(J::Num("18446744073709551616".into())));
        for n in ["-0", "-1", "1.5", "1e2", "1E+2", "0.0", "-0.5e-3"] {
            assert_eq!(parse(n), Some(J::Num(n.into())), "{n}");
        }
        assert_eq!(
            parse(r#"{"a":"x\"\\\/\b\f\n\r\t\u00e9\u4F60\ud83d\ude00","a":[]}"#),
            Some(J::Obj(vec![
                (J::Str("a".into()), J::Str("x\"\\/\u{8}\u{c}\n\r\té你😀".into())),
                (J::Str("a".into()), J::Arr(vec![])),
            ]))
        );
        assert_eq!(parse(r#""中文 ok""#), Some(J::Str("中文 ok".into())));
        for bad in [r#""\ud800""#, r#""\udc00""#, r#""\ud800x""#, r#""\ud800\u0041""#, r#""\ud800\n""#, r#""a\ud800\ud800\udc00""#] {
            assert_eq!(parse(bad), Some(J::BadStr), "{bad}");
        }
        assert_eq!(parse(r#""\ud800\udc00""#), Some(J::Str("\u{10000}".into())));
    }

    #[test]
    fn accepts_what_serde_json_accepts() {
        let corpus = [
            "", " ", "null", "nul", "nulll", "true", "tru", "false", "True", "0", "00", "01", "-", "-0", "-01", "1.", ".5",
            "1.5", "1e", "1e+", "1e5", "1E-5", "+1", "0x10", "1_000", "Infinity", "NaN", "\"\"", "\"", "\"abc", "\"a\\\"",
            "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\uD800\"", "\"\\uDFFF\"", "\"\\uD83D\\uDE00\"", "\"tab\there\"",
            "\"nl\nhere\"", "\"\u{7f}\"", "\"\u{1f}\"", "[]", "[", "]", "[1,]", "[,1]", "[1 2]", "[1,2]", " [ 1 , 2 ] ",
            "{}", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}", "{\"a\":1 \"b\":2}", "{\"a\":1,\"a\":2}",
            "{\"\\ud800\":1}", "{1:2}", "[]]", "{}}", "[] []", "1 2", "\"a\"\"b\"", "[null,true,false,0,-1,\"x\",[],{}]",
            "\u{feff}1", "\r\n\t 1 \r\n\t", "{\"a\":[{\"b\":[{\"c\":null}]}]}", "[1e999]", "[-1e999]", "123456789012345678901234567890",
        ];
        for text in corpus {
            assert_eq!(parse(text).is_some(), serde_accepts(text), "{text:?}");
        }
        let deep_ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&deep_ok).is_some() && serde_accepts(&deep_ok));
        let too_deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&too_deep).is_none(), "no stack overflow, just a refusal");
    }
}
