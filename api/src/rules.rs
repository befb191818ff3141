//! Field rules of the request bodies: every limit and format is written once, here, and used
//! by the reference server (which enforces them) and by clients (whose forms can show the
//! same errors before sending). A rule returns the value as the server keeps it (texts
//! trimmed) or the [`FieldError`] the server answers: its `field`, `code` and message.
//!
//! The request types build their `validate` and `check` methods from these rules, and say
//! what each of their fields must look like on the wire ([`Request::FIELDS`]), so that a
//! server can name the field of a value that does not even decode into the type (a number
//! where text belongs), with the same codes as the rules.

use serde_json::Value;

use crate::{FieldError, HandlerKind, Location, Recipient, MAX_PHOTOS};

/// `FieldError::code` of a missing or empty field.
pub const REQUIRED: &str = "required";
/// `FieldError::code` of a value of the wrong kind or format.
pub const INVALID: &str = "invalid";
pub const TOO_SHORT: &str = "too_short";
pub const TOO_LONG: &str = "too_long";
pub const OUT_OF_RANGE: &str = "out_of_range";

/// A field error.
pub fn error(field: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), code: code.into(), message: message.into() }
}

/// `{field} is required`.
pub fn required(field: &str) -> FieldError {
    error(field, REQUIRED, format!("{field} is required"))
}

// ---------------------------------------------------------------------------
// Collecting errors
// ---------------------------------------------------------------------------

/// The errors of a request, all at once and one per field (the first found for a field).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an error, unless its field has one already.
    pub fn push(&mut self, e: FieldError) {
        if !self.has(&e.field) {
            self.0.push(e);
        }
    }

    /// The value of a rule, or `None` after noting its error.
    pub fn take<T>(&mut self, checked: Result<T, FieldError>) -> Option<T> {
        match checked {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(e);
                None
            }
        }
    }

    /// The value of a rule, or its type's default after noting its error (for building the
    /// cleaned request, which is only used when there is no error).
    pub fn value<T: Default>(&mut self, checked: Result<T, FieldError>) -> T {
        self.take(checked).unwrap_or_default()
    }

    /// Whether `field` has an error.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> core::slice::Iter<'_, FieldError> {
        self.0.iter()
    }

    /// `Ok(value)` without errors, else the errors.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
}

impl Extend<FieldError> for FieldErrors {
    fn extend<I: IntoIterator<Item = FieldError>>(&mut self, iter: I) {
        for e in iter {
            self.push(e);
        }
    }
}

impl From<FieldErrors> for Vec<FieldError> {
    fn from(e: FieldErrors) -> Self {
        e.0
    }
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

/// A text of `min..=max` characters after trimming, without control characters (but line
/// breaks and tabs). Empty (or blank): `required` when `required`, else `Ok(None)`.
pub fn text(
    field: &str,
    value: &str,
    min: usize,
    max: usize,
    required: bool,
) -> Result<Option<String>, FieldError> {
    let s = value.trim();
    let n = s.chars().count();
    if n == 0 {
        return if required {
            Err(error(field, REQUIRED, format!("{field} must not be empty")))
        } else {
            Ok(None)
        };
    }
    if n < min {
        return Err(error(field, TOO_SHORT, format!("{field} must be at least {min} characters")));
    }
    if n > max {
        return Err(error(field, TOO_LONG, format!("{field} must be at most {max} characters")));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(error(field, INVALID, format!("{field} contains control characters")));
    }
    if s.chars().any(is_bidi_control) {
        return Err(error(
            field,
            INVALID,
            format!("{field} contains bidirectional embedding, override or isolate characters (U+202A–U+202E, U+2066–U+2069)"),
        ));
    }
    Ok(Some(s.to_owned()))
}

/// The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). Refused
/// in user text: they make shown text read differently from what it is (a name or a phone
/// number reversed, "Trojan Source"), and Chinese text never needs them. The marks U+200E and
/// U+200F, which only set the direction of what is next to them, stay allowed.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A required text ([`text`]), trimmed.
pub fn required_text(
    field: &str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<String, FieldError> {
    text(field, value, min, max, true).map(Option::unwrap_or_default)
}

/// An optional text ([`text`]): absent or blank is `None`.
pub fn optional_text(
    field: &str,
    value: Option<&str>,
    min: usize,
    max: usize,
) -> Result<Option<String>, FieldError> {
    match value {
        None => Ok(None),
        Some(v) => text(field, v, min, max, false),
    }
}

/// Ids issued by the server: 1–64 ASCII letters, digits, `_` and `-`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A required id ([`valid_id`]).
pub fn id(field: &str, value: &str) -> Result<String, FieldError> {
    if value.is_empty() {
        Err(error(field, REQUIRED, format!("{field} must not be empty")))
    } else if valid_id(value) {
        Ok(value.to_owned())
    } else {
        Err(error(field, INVALID, format!("{field} is not a known id")))
    }
}

/// The `version` of a message the client saw: a positive integer.
pub fn version(value: u32) -> Result<u32, FieldError> {
    if value >= 1 {
        Ok(value)
    } else {
        Err(version_expected())
    }
}

fn version_expected() -> FieldError {
    error("version", INVALID, "version must be a positive integer")
}

/// One of the `allowed` values of an enumeration (`names` lists them for people).
pub fn one_of<T: Copy + PartialEq>(
    field: &str,
    value: T,
    allowed: &[T],
    names: &str,
) -> Result<T, FieldError> {
    if allowed.contains(&value) {
        Ok(value)
    } else {
        Err(error(field, INVALID, format!("{field} must be one of {names}")))
    }
}

/// A whole number in `min..=max`.
pub fn whole(field: &str, value: i64, min: i64, max: i64) -> Result<i64, FieldError> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(out_of_range_whole(field, min, max))
    }
}

fn out_of_range_whole(field: &str, min: i64, max: i64) -> FieldError {
    error(field, OUT_OF_RANGE, format!("{field} must be a whole number from {min} to {max}"))
}

fn rfc3339_expected(field: &str) -> FieldError {
    error(field, INVALID, format!("{field} must be an RFC 3339 time such as 2026-12-01T08:00:00Z"))
}

/// An RFC 3339 time ([`crate::civil::parse_rfc3339`]) not before `earliest` (Unix seconds,
/// e.g. now); the time in Unix seconds.
pub fn not_before(field: &str, value: &str, earliest: i64) -> Result<i64, FieldError> {
    let t = crate::civil::parse_rfc3339(value).ok_or_else(|| rfc3339_expected(field))?;
    if t < earliest {
        return Err(error(field, OUT_OF_RANGE, format!("{field} must not be in the past")));
    }
    Ok(t)
}

/// A deputy or a department, by kind and id (whether it exists is the server's to say): who
/// handles a message. A station never does (its staff triage to a handler).
pub fn handler(field: &str, value: &Recipient) -> Result<Recipient, FieldError> {
    if matches!(value.kind, HandlerKind::Deputy | HandlerKind::Department) && valid_id(&value.id) {
        Ok(value.clone())
    } else {
        Err(error(field, INVALID, format!("{field} must name a deputy or a department")))
    }
}

/// Whom a new message is addressed to: a deputy, a department, or a liaison station (when
/// the writer is not sure whom; staff triage it).
pub fn recipient(field: &str, value: &Recipient) -> Result<Recipient, FieldError> {
    if value.kind != HandlerKind::Unknown && valid_id(&value.id) {
        Ok(value.clone())
    } else {
        Err(error(field, INVALID, format!("{field} must name a deputy, a department or a liaison station")))
    }
}

/// The place a message is about: a label of 1–[`crate::LOCATION_MAX`] characters, and a
/// WGS 84 position (both `lat` and `lng`, or neither).
pub fn location(value: &Location) -> Result<Location, FieldError> {
    let label = required_text("location", &value.label, 1, crate::LOCATION_MAX)?;
    let [(lat_name, lat_max), (lng_name, lng_max)] = COORDINATES;
    let lat = coordinate(lat_name, value.lat, lat_max)?;
    let lng = coordinate(lng_name, value.lng, lng_max)?;
    if lat.is_some() != lng.is_some() {
        return Err(error("location", INVALID, "location needs both lat and lng, or neither"));
    }
    Ok(Location { label, lat, lng })
}

/// The coordinates of a location and their largest magnitude, in the order they are checked.
const COORDINATES: [(&str, f64); 2] = [("lat", 90.0), ("lng", 180.0)];

/// A coordinate of a location within `-max..=max`.
fn coordinate(name: &str, value: Option<f64>, max: f64) -> Result<Option<f64>, FieldError> {
    match value {
        Some(x) if !(x.is_finite() && (-max..=max).contains(&x)) => Err(error(
            "location",
            OUT_OF_RANGE,
            format!("location.{name} must be from -{max} to {max}"),
        )),
        _ => Ok(value),
    }
}

/// The first problem of the JSON of a location that does not decode into [`Location`], in
/// the order of [`location`]'s checks: the label, then `lat`, then `lng`.
fn location_problem(l: &serde_json::Map<String, Value>) -> FieldError {
    match l.get("label") {
        None | Some(Value::Null) => return required("location"),
        Some(Value::String(label)) => {
            if let Err(e) = required_text("location", label, 1, crate::LOCATION_MAX) {
                return e;
            }
        }
        Some(_) => return error("location", INVALID, "location must be text"),
    }
    for (name, max) in COORDINATES {
        match l.get(name) {
            None | Some(Value::Null) => {}
            Some(v) => match v.as_f64() {
                Some(x) => {
                    if let Err(e) = coordinate(name, Some(x), max) {
                        return e;
                    }
                }
                None => {
                    return error("location", INVALID, format!("location.{name} must be a number"))
                }
            },
        }
    }
    location_expected()
}

fn location_expected() -> FieldError {
    error("location", INVALID, "location must be an object with a label")
}

/// Upload ids issued by the server: 32 lowercase hexadecimal digits.
pub fn valid_upload_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The photos of a new message: up to [`MAX_PHOTOS`] distinct upload ids (whose they are
/// and whether they are still free is the server's to say).
pub fn photo_ids(ids: &[String]) -> Result<Vec<String>, FieldError> {
    if ids.len() > MAX_PHOTOS {
        return Err(too_many_photos());
    }
    for (i, id) in ids.iter().enumerate() {
        if !valid_upload_id(id) || ids[..i].contains(id) {
            return Err(photo_ids_expected());
        }
    }
    Ok(ids.to_vec())
}

fn too_many_photos() -> FieldError {
    error("photo_ids", TOO_LONG, format!("at most {MAX_PHOTOS} photos per message"))
}

fn photo_ids_expected() -> FieldError {
    error("photo_ids", INVALID, "photo_ids must be distinct ids from POST /uploads")
}

/// A mainland mobile number as the server keeps it (11 digits starting with 1, see
/// [`crate::PHONE_DIGITS`]): spaces, dashes and a `+86` or `0086` prefix are dropped.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    let digits =
        compact.strip_prefix("+86").or_else(|| compact.strip_prefix("0086")).unwrap_or(&compact);
    let ok = digits.len() == crate::PHONE_DIGITS
        && digits.starts_with('1')
        && digits.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| digits.to_owned())
}

/// The `phone` of a sign-in ([`normalize_phone`]).
pub fn phone(raw: &str) -> Result<String, FieldError> {
    if raw.trim().is_empty() {
        return Err(error("phone", REQUIRED, "Enter a mobile phone number."));
    }
    normalize_phone(raw).ok_or_else(|| {
        error(
            "phone",
            INVALID,
            "The phone must be a mainland mobile number: 11 digits starting with 1.",
        )
    })
}

/// The one-time sign-in `code`: [`crate::SIGN_IN_CODE_DIGITS`] digits (surrounding spaces
/// are dropped).
pub fn sign_in_code(raw: &str) -> Result<String, FieldError> {
    let code = raw.trim();
    if code.is_empty() {
        return Err(error("code", REQUIRED, "Enter the 6-digit code."));
    }
    if code.len() != crate::SIGN_IN_CODE_DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(error("code", INVALID, "The code has 6 digits."));
    }
    Ok(code.to_owned())
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

/// A request body with rules for its own fields (each request type's `validate`).
pub trait Validate: Sized {
    /// The request as the server keeps it (texts trimmed, blank optional texts dropped), or
    /// every field error, in the order of the fields, one per field. `now` (Unix seconds)
    /// is for times that may not be past; most requests have none.
    fn validate_at(&self, now: i64) -> Result<Self, Vec<FieldError>>;

    /// The `version` of the message the client saw, for a request that changes a message
    /// (the server answers 409 when it is stale).
    fn seen_version(&self) -> Option<u32> {
        None
    }
}

// ---------------------------------------------------------------------------
// Fields on the wire
// ---------------------------------------------------------------------------

/// A request body whose fields are described for servers that read it value by value.
pub trait Request {
    /// Its fields in the order of the struct (and of its rules).
    const FIELDS: &'static [Field];
}

/// One field of a request: its name, what it must be, and whether it must be given. `null`
/// counts as not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub expect: Expect,
    pub required: bool,
}

/// What a field's value must be, as far as its JSON goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A string of text.
    Text,
    /// A string id.
    Id,
    /// The message `version` the client saw.
    Version,
    /// A string among these (listed for people).
    OneOf(&'static str),
    /// A string among the values of an enumeration; anything else (even nothing) is
    /// `invalid` with this message.
    Known(&'static str),
    /// `true` or `false`.
    Flag,
    /// `true` or `false`, to be given: anything else is `required` (with the flag's name).
    Switch,
    /// A whole number in `min..=max` (a fraction of zero, as in `5.0`, is whole).
    Whole { min: i64, max: i64 },
    /// An RFC 3339 time.
    Time,
    /// `{"kind": "deputy" | "department", "id": …}`.
    Handler,
    /// `{"label": …, "lat": …, "lng": …}`.
    Location,
    /// A list of upload ids.
    PhotoIds,
    /// A list; anything else is `required` with this message.
    List(&'static str),
    /// An object; anything else (or one that does not decode) is `invalid` with this message.
    Object(&'static str),
}

impl Field {
    /// A field that must be given.
    pub const fn required(name: &'static str, expect: Expect) -> Field {
        Field { name, expect, required: true }
    }

    /// A field that may be left out.
    pub const fn optional(name: &'static str, expect: Expect) -> Field {
        Field { name, expect, required: false }
    }

    /// The error of a field that was not given (`None` when it may be left out).
    pub fn missing(&self) -> Option<FieldError> {
        if !self.required {
            return None;
        }
        let n = self.name;
        Some(match self.expect {
            Expect::Version => {
                error(n, REQUIRED, "version (the message version you saw) is required")
            }
            Expect::Known(message) => error(n, INVALID, message),
            Expect::Switch => error(n, REQUIRED, format!("{n} must be true or false")),
            Expect::List(message) => error(n, REQUIRED, message),
            _ => required(n),
        })
    }

    /// What the JSON of a value needs beyond its type, before it is decoded: a whole number
    /// written with a zero fraction becomes an integer; a handler and a location are objects
    /// (serde would also read a struct from an array of its fields), and a location has a
    /// label.
    pub fn prepare(&self, value: &mut Value) -> Result<(), FieldError> {
        match self.expect {
            Expect::Whole { .. } => {
                if let Some(x) = value.as_f64().filter(|x| value.is_f64() && x.fract() == 0.0) {
                    if (i64::MIN as f64..i64::MAX as f64).contains(&x) {
                        *value = Value::from(x as i64);
                    }
                }
                Ok(())
            }
            Expect::Handler | Expect::Location | Expect::Object(_) if !value.is_object() => {
                Err(self.wrong(value))
            }
            Expect::Location if value.get("label").is_none() => Err(required("location")),
            _ => Ok(()),
        }
    }

    /// The error of a given value that does not decode into the field's type.
    pub fn wrong(&self, got: &Value) -> FieldError {
        let n = self.name;
        match self.expect {
            Expect::Text => error(n, INVALID, format!("{n} must be text")),
            Expect::Id => error(n, INVALID, format!("{n} is not a known id")),
            Expect::Version => version_expected(),
            Expect::OneOf(names) => error(n, INVALID, format!("{n} must be one of {names}")),
            Expect::Known(message) => error(n, INVALID, message),
            Expect::Flag => error(n, INVALID, format!("{n} must be true or false")),
            Expect::Switch => error(n, REQUIRED, format!("{n} must be true or false")),
            Expect::Whole { min, max } if got.is_number() => out_of_range_whole(n, min, max),
            Expect::Whole { .. } => error(n, INVALID, format!("{n} must be a number")),
            Expect::Time => rfc3339_expected(n),
            Expect::Handler if got.is_object() => {
                error(n, INVALID, format!("{n} must name a deputy or a department"))
            }
            Expect::Handler => error(
                n,
                INVALID,
                format!("{n} must be {{\"kind\": \"deputy\" | \"department\", \"id\": …}}"),
            ),
            Expect::Location => match got {
                Value::Object(l) => location_problem(l),
                _ => location_expected(),
            },
            Expect::PhotoIds => match got {
                Value::Array(items) if items.len() > MAX_PHOTOS => too_many_photos(),
                Value::Array(_) => photo_ids_expected(),
                _ => error(n, INVALID, "photo_ids must be a list of upload ids"),
            },
            Expect::List(message) => error(n, REQUIRED, message),
            Expect::Object(message) => error(n, INVALID, message),
        }
    }
}
