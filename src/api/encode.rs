//! Writing request bodies as JSON (the counterpart of [`super::decode`]; no serde in the
//! wasm). Each request type of the contract gets a `to_json` built with [`Obj`]; native tests
//! check the output against the contract's serde `Deserialize`.

/// Appends `s` as a JSON string literal.
pub fn quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON object being written: `Obj::new().str("title", t).num("stars", 5).finish()`.
pub struct Obj(String);

impl Default for Obj {
    fn default() -> Self {
        Self::new()
    }
}

impl Obj {
    pub fn new() -> Obj {
        Obj(String::from("{"))
    }

    fn key(&mut self, k: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        quote(k, &mut self.0);
        self.0.push(':');
    }

    pub fn str(mut self, k: &str, v: &str) -> Obj {
        self.key(k);
        quote(v, &mut self.0);
        self
    }

    /// Writes the field only when `v` is `Some`.
    pub fn opt_str(self, k: &str, v: Option<&str>) -> Obj {
        match v {
            Some(v) => self.str(k, v),
            None => self,
        }
    }

    pub fn num(mut self, k: &str, v: u64) -> Obj {
        self.key(k);
        self.0.push_str(&v.to_string());
        self
    }

    pub fn float(mut self, k: &str, v: f64) -> Obj {
        self.key(k);
        self.0.push_str(&float_text(v));
        self
    }

    pub fn bool(mut self, k: &str, v: bool) -> Obj {
        self.key(k);
        self.0.push_str(if v { "true" } else { "false" });
        self
    }

    pub fn strs(mut self, k: &str, v: &[String]) -> Obj {
        self.key(k);
        self.0.push('[');
        for (i, s) in v.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            quote(s, &mut self.0);
        }
        self.0.push(']');
        self
    }

    /// A field whose value is already JSON (e.g. a nested [`Obj`]'s `finish()`).
    pub fn raw(mut self, k: &str, json: &str) -> Obj {
        self.key(k);
        self.0.push_str(json);
        self
    }

    pub fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// A finite float as JSON (non-finite numbers are not JSON: written as `null`). In the wasm
/// the browser formats it (no float formatter in the bundle).
pub fn float_text(v: f64) -> String {
    if !v.is_finite() {
        return "null".into();
    }
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::JSON::stringify(&wasm_bindgen::JsValue::from_f64(v))
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| "null".into())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        format!("{v:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_objects_serde_reads_back() {
        let text = Obj::new()
            .str("title", "路灯\"坏了\"\\\n\t\u{1}你好")
            .opt_str("absent", None)
            .num("stars", 5)
            .float("lat", 23.7311)
            .float("lng", -113.5)
            .bool("public", true)
            .strs("photo_ids", &["a".into(), "b\"".into()])
            .raw("nested", &Obj::new().str("k", "v").finish())
            .finish();
        let v: serde_json::Value = serde_json::from_str(&text).expect(&text);
        assert_eq!(v["title"], "路灯\"坏了\"\\\n\t\u{1}你好");
        assert!(v.get("absent").is_none());
        assert_eq!(v["stars"], 5);
        assert_eq!(v["lat"], 23.7311);
        assert_eq!(v["lng"], -113.5);
        assert_eq!(v["public"], true);
        assert_eq!(v["photo_ids"][1], "b\"");
        assert_eq!(v["nested"]["k"], "v");
        assert_eq!(Obj::new().finish(), "{}");
        assert_eq!(float_text(f64::NAN), "null");
    }
}
