//! JSON request bodies read into their contract types, so that every bad value becomes an
//! entry of a 400 problem naming its field, all at once, one per field.
//!
//! A body that is not a JSON object is a 400 without a field. Otherwise serde decodes it
//! into the contract type. When that fails (a number where text belongs, a required field
//! missing), each field the type declares ([`Request::FIELDS`]) is decoded on its own, into
//! the type itself with the other fields at their defaults, so that the one that does not
//! decode is named, with the code the contract's [`Field`](contract::rules::Field) gives it;
//! such fields then hold their defaults. `null` counts as not given, at any depth of
//! objects. The contract's rules then run on what decoded ([`Body::check`]), and the
//! handler adds what needs the database ([`Checked::reject`]) before [`Checked::finish`].

use contract::rules::{FieldErrors, Request};
use contract::FieldError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::problem::ApiError;

/// A contract type that a body can be read into.
pub trait Wire: Request + Serialize + DeserializeOwned + Default {}

impl<T: Request + Serialize + DeserializeOwned + Default> Wire for T {}

/// The body as a JSON object; anything else is a 400 without a field.
pub fn object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::BadRequest(
            "The request body must be a JSON object.".into(),
        )),
        Err(e) => Err(ApiError::BadRequest(format!(
            "The request body is not valid JSON: {e}"
        ))),
    }
}

/// A body read into `T`.
#[derive(Debug)]
pub struct Body<T> {
    /// The request; the fields named in `undecoded` hold their defaults.
    pub raw: T,
    /// The fields whose value did not decode, or that were not given but must be, in the
    /// order of the fields.
    pub undecoded: FieldErrors,
}

/// Reads a JSON object body into `T`.
pub fn read<T: Wire>(bytes: &[u8]) -> Result<Body<T>, ApiError> {
    decode(object(bytes)?, "")
}

/// Reads an object into `T`; the fields of errors are prefixed with `prefix` (e.g.
/// `items[2].` for an item of a list).
pub fn decode<T: Wire>(map: Map<String, Value>, prefix: &str) -> Result<Body<T>, ApiError> {
    let mut map = without_nulls(map);
    // what each field lacks before decoding (not given, a location without a label)
    let mut problems: Vec<Option<FieldError>> = T::FIELDS
        .iter()
        .map(|f| match map.get_mut(f.name) {
            None => f.missing(),
            Some(v) => f.prepare(v).err(),
        })
        .collect();
    let named = |problems: Vec<Option<FieldError>>| {
        let mut errors = FieldErrors::new();
        errors.extend(problems.into_iter().flatten().map(|mut e| {
            e.field.insert_str(0, prefix);
            e
        }));
        errors
    };
    if problems.iter().all(Option::is_none) {
        if let Ok(raw) = serde_json::from_value::<T>(Value::Object(map.clone())) {
            return Ok(Body {
                raw,
                undecoded: named(problems),
            });
        }
    }
    // field by field: each given value in a default request
    let Value::Object(defaults) = serde_json::to_value(T::default())? else {
        return Err(ApiError::Internal("a request type is not an object".into()));
    };
    let mut decoded = defaults.clone();
    for (f, problem) in T::FIELDS.iter().zip(problems.iter_mut()) {
        let Some(v) = map.remove(f.name) else {
            continue;
        };
        if problem.is_some() {
            continue;
        }
        let mut probe = defaults.clone();
        probe.insert(f.name.to_owned(), v.clone());
        if serde_json::from_value::<T>(Value::Object(probe)).is_ok() {
            decoded.insert(f.name.to_owned(), v);
        } else {
            *problem = Some(f.wrong(&v));
        }
    }
    let raw = serde_json::from_value(Value::Object(decoded))
        .map_err(|e| ApiError::Internal(format!("a request decoded field by field: {e}")))?;
    Ok(Body {
        raw,
        undecoded: named(problems),
    })
}

/// `null` members of objects (at any depth) left out: `null` is "not given".
fn without_nulls(map: Map<String, Value>) -> Map<String, Value> {
    fn clean(v: Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(without_nulls(m)),
            Value::Array(items) => Value::Array(items.into_iter().map(clean).collect()),
            other => other,
        }
    }
    map.into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k, clean(v)))
        .collect()
}

impl<T: Request> Body<T> {
    /// Runs the contract's rules of `T` over the body: the errors of the values that did
    /// not decode and those of the rules, one per field (a value that did not decode is
    /// named as such), in the order of the fields.
    pub fn check(self, rules: impl FnOnce(&T) -> Result<T, Vec<FieldError>>) -> Checked<T> {
        let (valid, broken) = match rules(&self.raw) {
            Ok(v) => (Some(v), Vec::new()),
            Err(errors) => (None, errors),
        };
        let position = |e: &FieldError| {
            T::FIELDS
                .iter()
                .position(|f| f.name == e.field)
                .unwrap_or(usize::MAX)
        };
        let mut all = self.undecoded.into_vec();
        all.extend(broken);
        all.sort_by_key(position);
        let mut errors = FieldErrors::new();
        errors.extend(all);
        Checked {
            raw: self.raw,
            valid,
            errors,
        }
    }
}

/// A body after the contract's rules.
#[derive(Debug)]
pub struct Checked<T> {
    /// The request as read (for checks against the database of the fields still fine).
    pub raw: T,
    /// The request as kept (texts trimmed), when the rules found nothing.
    valid: Option<T>,
    errors: FieldErrors,
}

impl<T> Checked<T> {
    /// Whether `field` has no error so far (it is worth checking further).
    pub fn ok(&self, field: &str) -> bool {
        !self.errors.has(field)
    }

    /// Adds an error found with the database (after the others: fields in order, then what
    /// the database says).
    pub fn reject(&mut self, e: FieldError) {
        self.errors.push(e);
    }

    /// 400 with every error, or the request as kept.
    pub fn finish(self) -> Result<T, ApiError> {
        if !self.errors.is_empty() {
            return Err(ApiError::Validation(self.errors.into_vec()));
        }
        self.valid
            .ok_or_else(|| ApiError::Internal("rules failed without an error".into()))
    }
}

#[cfg(test)]
mod tests {
    use contract::{KindPreference, NewMessage, NewRating, Triage};
    use serde_json::json;

    use super::*;

    fn map(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    fn codes<T>(c: Checked<T>) -> Vec<(String, String)> {
        match c.finish() {
            Err(ApiError::Validation(errors)) => {
                errors.into_iter().map(|e| (e.field, e.code)).collect()
            }
            _ => Vec::new(),
        }
    }

    fn pairs(want: &[(&str, &str)]) -> Vec<(String, String)> {
        want.iter()
            .map(|(f, c)| ((*f).to_owned(), (*c).to_owned()))
            .collect()
    }

    fn triage(v: Value) -> Checked<Triage> {
        decode::<Triage>(map(v), "")
            .expect("decodes")
            .check(Triage::validate)
    }

    #[test]
    fn bodies_are_objects() {
        assert!(matches!(object(b"[1, 2]"), Err(ApiError::BadRequest(_))));
        assert!(matches!(object(b""), Err(ApiError::BadRequest(_))));
        assert!(matches!(object(b"{\"a\": 1"), Err(ApiError::BadRequest(_))));
        assert_eq!(object(b"{\"a\": 1}").expect("object").len(), 1);
    }

    #[test]
    fn the_happy_path_is_serde() {
        let c = triage(
            json!({"version": 2, "track": "fast", "category_id": "mc_traffic",
            "handler": {"kind": "deputy", "id": "dp_lw01"}, "note": " 请核实 ", "extra": 1}),
        );
        let t = c.finish().expect("valid");
        assert_eq!(t.note.as_deref(), Some("请核实"));
    }

    #[test]
    fn every_field_is_named_in_order_whatever_went_wrong() {
        // missing: all required fields at once; null is not given
        assert_eq!(
            codes(triage(json!({"note": null}))),
            pairs(&[
                ("version", "required"),
                ("track", "required"),
                ("category_id", "required"),
                ("handler", "required")
            ])
        );
        // values of the wrong type among values that break a rule: field order
        let got = codes(triage(json!({"version": 0, "track": 5, "category_id": 7,
            "handler": "dp_lw01", "note": "长".repeat(201)})));
        assert_eq!(
            got,
            pairs(&[
                ("version", "invalid"),
                ("track", "invalid"),
                ("category_id", "invalid"),
                ("handler", "invalid"),
                ("note", "too_long")
            ])
        );
        let got = codes(triage(
            json!({"version": "2", "track": "slow", "category_id": "",
            "handler": {"kind": "deputy"}}),
        ));
        assert_eq!(
            got,
            pairs(&[
                ("version", "invalid"),
                ("track", "invalid"),
                ("category_id", "required"),
                ("handler", "invalid")
            ])
        );
    }

    #[test]
    fn nested_values_and_numbers() {
        let base = json!({"recipient": {"kind": "deputy", "id": "dp_lw01"},
            "category_id": "mc_traffic", "title": "村口路灯不亮", "body": "村口到小学的路段没有路灯。"});
        let with = |k: &str, v: Value| {
            let mut m = map(base.clone());
            m.insert(k.into(), v);
            codes(
                decode::<NewMessage>(m, "")
                    .expect("decodes")
                    .check(NewMessage::validate),
            )
        };
        let one = |f: &str, c: &str| pairs(&[(f, c)]);
        let label_null = json!({"label": "村口", "lat": null, "lng": 5});
        assert_eq!(with("location", label_null), one("location", "invalid"));
        let unlabelled = json!({"lat": 1.0, "lng": 2.0});
        assert_eq!(with("location", unlabelled), one("location", "required"));
        let label_null = json!({"label": null});
        assert_eq!(with("location", label_null), one("location", "required"));
        let lat_text = json!({"label": "村口", "lat": "x", "lng": 1});
        assert_eq!(with("location", lat_text), one("location", "invalid"));
        assert_eq!(
            with("photo_ids", json!([null])),
            one("photo_ids", "invalid")
        );
        let five = json!([1, 2, 3, 4, 5]);
        assert_eq!(with("photo_ids", five), one("photo_ids", "too_long"));
        assert_eq!(with("photo_ids", json!(null)), vec![]);
        assert_eq!(with("public", json!(1)), one("public", "invalid"));
        let as_array = json!(["deputy", "dp_lw01"]);
        assert_eq!(with("recipient", as_array), one("recipient", "invalid"));
        assert_eq!(
            with("location", json!(["村口"])),
            one("location", "invalid")
        );
        let two_faults = json!({"label": "村口", "lat": 91, "lng": "a"});
        assert_eq!(
            with("location", two_faults),
            one("location", "out_of_range")
        );
        let no_id = json!({"kind": "deputy", "id": null});
        assert_eq!(with("recipient", no_id), one("recipient", "invalid"));

        let stars = |v: Value| {
            codes(
                decode::<NewRating>(map(json!({ "stars": v })), "")
                    .expect("decodes")
                    .check(NewRating::validate),
            )
        };
        assert_eq!(stars(json!(5.0)), vec![], "5.0 is 5");
        for bad in [json!(2.5), json!(6), json!(300), json!(-1), json!(1e20)] {
            assert_eq!(stars(bad.clone()), one("stars", "out_of_range"), "{bad}");
        }
        assert_eq!(stars(json!("5")), one("stars", "invalid"));
    }

    #[test]
    fn items_of_a_list_are_prefixed_and_named_in_order() {
        let fields = map(json!({"kind": "reply", "in_app": "yes"}));
        let item = decode::<KindPreference>(fields, "items[3].").expect("decodes");
        let named: Vec<&str> = item.undecoded.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            named,
            ["items[3].in_app", "items[3].sms", "items[3].wechat"]
        );
        assert!(item.undecoded.iter().all(|e| e.code == "required"));
        let first = item.undecoded.iter().next().map(|e| e.message.as_str());
        assert_eq!(first, Some("in_app must be true or false"));
    }
}
