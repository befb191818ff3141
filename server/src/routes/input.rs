//! Reading JSON request bodies field by field, so that every bad value becomes an entry of
//! a 400 problem naming its field (`required`, `invalid`, `too_short`, `too_long`,
//! `out_of_range`), all at once.

use contract::FieldError;
use serde_json::{Map, Value};

use crate::problem::ApiError;

/// The body as a JSON object; anything else is a 400 without a field.
pub fn object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::BadRequest(
            "The request body must be a JSON object.".into(),
        )),
        Err(e) => Err(ApiError::BadRequest(format!(
            "The request body is not valid JSON: {e}"
        ))),
    }
}

/// Collected field errors.
#[derive(Debug, Default)]
pub struct Fields {
    pub errors: Vec<FieldError>,
}

fn present<'a>(obj: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    obj.get(name).filter(|v| !v.is_null())
}

impl Fields {
    pub fn push(&mut self, field: &str, code: &str, message: impl Into<String>) {
        // one error per field
        if self.errors.iter().any(|e| e.field == field) {
            return;
        }
        self.errors.push(FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        });
    }

    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Err(400)` with all errors, if any.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.errors))
        }
    }

    /// A text of `min..=max` characters after trimming. Missing or empty: `required` when
    /// `required`, else `None`.
    pub fn text(
        &mut self,
        obj: &Map<String, Value>,
        name: &str,
        min: usize,
        max: usize,
        required: bool,
    ) -> Option<String> {
        self.text_value(present(obj, name), name, min, max, required)
    }

    pub fn text_value(
        &mut self,
        value: Option<&Value>,
        name: &str,
        min: usize,
        max: usize,
        required: bool,
    ) -> Option<String> {
        let Some(value) = value else {
            if required {
                self.push(name, "required", format!("{name} is required"));
            }
            return None;
        };
        let Some(s) = value.as_str() else {
            self.push(name, "invalid", format!("{name} must be text"));
            return None;
        };
        let s = s.trim();
        let n = s.chars().count();
        if n == 0 {
            if required {
                self.push(name, "required", format!("{name} must not be empty"));
            }
            return None;
        }
        if n < min {
            self.push(
                name,
                "too_short",
                format!("{name} must be at least {min} characters"),
            );
            return None;
        }
        if n > max {
            self.push(
                name,
                "too_long",
                format!("{name} must be at most {max} characters"),
            );
            return None;
        }
        if s.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
        {
            self.push(
                name,
                "invalid",
                format!("{name} contains control characters"),
            );
            return None;
        }
        Some(s.to_owned())
    }

    /// An id (ASCII letters, digits, `_`, `-`); required.
    pub fn id(&mut self, obj: &Map<String, Value>, name: &str) -> Option<String> {
        self.id_value(present(obj, name), name)
    }

    pub fn id_value(&mut self, value: Option<&Value>, name: &str) -> Option<String> {
        let Some(value) = value else {
            self.push(name, "required", format!("{name} is required"));
            return None;
        };
        match value.as_str() {
            Some("") => {
                self.push(name, "required", format!("{name} must not be empty"));
                None
            }
            Some(s) if crate::cursor::valid_id(s) => Some(s.to_owned()),
            _ => {
                self.push(name, "invalid", format!("{name} is not a known id"));
                None
            }
        }
    }

    /// The `version` the client saw: a positive integer.
    pub fn version(&mut self, obj: &Map<String, Value>) -> Option<i64> {
        let Some(value) = present(obj, "version") else {
            self.push(
                "version",
                "required",
                "version (the message version you saw) is required",
            );
            return None;
        };
        match value.as_i64() {
            Some(v) if v >= 1 => Some(v),
            _ => {
                self.push("version", "invalid", "version must be a positive integer");
                None
            }
        }
    }

    /// A string enumeration value parsed by `parse`.
    pub fn choice<T>(
        &mut self,
        obj: &Map<String, Value>,
        name: &str,
        allowed: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let Some(value) = present(obj, name) else {
            self.push(name, "required", format!("{name} is required"));
            return None;
        };
        match value.as_str().and_then(&parse) {
            Some(v) => Some(v),
            None => {
                self.push(name, "invalid", format!("{name} must be one of {allowed}"));
                None
            }
        }
    }

    /// An optional boolean (default false).
    pub fn flag(&mut self, obj: &Map<String, Value>, name: &str) -> bool {
        match present(obj, name) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.push(name, "invalid", format!("{name} must be true or false"));
                false
            }
        }
    }

    /// An integer in `min..=max`.
    pub fn int_in(
        &mut self,
        obj: &Map<String, Value>,
        name: &str,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        let Some(value) = present(obj, name) else {
            self.push(name, "required", format!("{name} is required"));
            return None;
        };
        let Some(n) = value.as_f64() else {
            self.push(name, "invalid", format!("{name} must be a number"));
            return None;
        };
        if n.fract() != 0.0 || n < min as f64 || n > max as f64 {
            self.push(
                name,
                "out_of_range",
                format!("{name} must be a whole number from {min} to {max}"),
            );
            return None;
        }
        Some(n as i64)
    }

    /// A time (RFC 3339) not before `not_before`.
    pub fn time(&mut self, obj: &Map<String, Value>, name: &str, not_before: i64) -> Option<i64> {
        let Some(value) = present(obj, name) else {
            self.push(name, "required", format!("{name} is required"));
            return None;
        };
        let Some(t) = value.as_str().and_then(crate::clock::parse_rfc3339) else {
            self.push(
                name,
                "invalid",
                format!("{name} must be an RFC 3339 time such as 2026-12-01T08:00:00Z"),
            );
            return None;
        };
        if t < not_before {
            self.push(
                name,
                "out_of_range",
                format!("{name} must not be in the past"),
            );
            return None;
        }
        Some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn texts() {
        let o = obj(
            json!({"a": "  四个汉字  ", "b": 3, "c": "", "d": "x".repeat(11), "e": "ab\u{0007}"}),
        );
        let mut f = Fields::default();
        assert_eq!(f.text(&o, "a", 4, 10, true).as_deref(), Some("四个汉字"));
        assert_eq!(f.text(&o, "b", 1, 10, true), None);
        assert_eq!(f.text(&o, "c", 1, 10, true), None);
        assert_eq!(f.text(&o, "d", 1, 10, true), None);
        assert_eq!(f.text(&o, "missing", 1, 10, true), None);
        assert_eq!(f.text(&o, "optional", 1, 10, false), None);
        assert_eq!(f.text(&o, "a", 5, 10, true), None);
        assert_eq!(f.text(&o, "e", 1, 10, true), None);
        let codes: Vec<(&str, &str)> = f
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("b", "invalid"),
                ("c", "required"),
                ("d", "too_long"),
                ("missing", "required"),
                ("a", "too_short"),
                ("e", "invalid"),
            ]
        );
    }

    #[test]
    fn numbers_versions_times() {
        let o = obj(
            json!({"s": 6, "t": 2.5, "u": "5", "v": 0, "w": 3, "due": "2026-12-01T00:00:00Z", "old": "2020-01-01T00:00:00Z", "bad": "tomorrow"}),
        );
        let mut f = Fields::default();
        assert_eq!(f.int_in(&o, "s", 1, 5), None);
        assert_eq!(f.int_in(&o, "t", 1, 5), None);
        assert_eq!(f.int_in(&o, "u", 1, 5), None);
        assert_eq!(f.int_in(&o, "w", 1, 5), Some(3));
        assert!(f.version(&o).is_none());
        let now = crate::clock::parse_rfc3339("2026-11-29T00:00:00Z").unwrap();
        assert!(f.time(&o, "due", now).is_some());
        assert!(f.time(&o, "old", now).is_none());
        assert!(f.time(&o, "bad", now).is_none());
        let codes: Vec<&str> = f.errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(
            codes,
            vec![
                "out_of_range",
                "out_of_range",
                "invalid",
                "required",
                "out_of_range",
                "invalid"
            ]
        );
    }
}
