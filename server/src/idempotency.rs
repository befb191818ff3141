//! Idempotent creates (`Idempotency-Key`): the first answer is stored per (user, key) with a
//! hash of the request (method, path, body) for at least [`KEEP_SECS`]; a repeat with the
//! same hash gets that answer again, a repeat with another request is a 409.
//!
//! The lookup and the create run in one transaction on the one connection (see
//! [`crate::db::Db::call`]), so two concurrent requests with one key cannot both create.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use contract::FieldError;
use crate::sql::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::problem::ApiError;

/// The header, as named in validation errors.
pub const HEADER: &str = "Idempotency-Key";
/// Longest accepted key.
pub const MAX_KEY_CHARS: usize = contract::IDEMPOTENCY_KEY_MAX;
/// How long answers are kept.
pub const KEEP_SECS: i64 = 24 * 3600;

fn key_error(code: &str, message: &str) -> ApiError {
    ApiError::Validation(vec![FieldError {
        field: HEADER.into(),
        code: code.into(),
        message: message.into(),
    }])
}

/// The `Idempotency-Key` of a request: required, 1–100 visible ASCII characters.
pub fn key(headers: &HeaderMap) -> Result<String, ApiError> {
    let mut values = headers.get_all(HEADER).iter();
    let Some(value) = values.next() else {
        return Err(key_error(
            "required",
            "An Idempotency-Key header (a UUID made once per draft) is required.",
        ));
    };
    if values.next().is_some() {
        return Err(key_error("invalid", "Send one Idempotency-Key header."));
    }
    let text = value
        .to_str()
        .map_err(|_| key_error("invalid", "The Idempotency-Key must be visible ASCII text."))?
        .trim();
    if text.is_empty() {
        return Err(key_error(
            "required",
            "The Idempotency-Key must not be empty.",
        ));
    }
    if text.len() > MAX_KEY_CHARS {
        return Err(key_error(
            "too_long",
            "The Idempotency-Key must be at most 100 characters.",
        ));
    }
    if !text.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(key_error(
            "invalid",
            "The Idempotency-Key must be visible ASCII text.",
        ));
    }
    Ok(text.to_owned())
}

/// Lowercase hex SHA-256 of method, path and body.
pub fn request_hash(method: &str, path: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update([0]);
    h.update(path.as_bytes());
    h.update([0]);
    h.update(body);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A request with an `Idempotency-Key`: the key and the hash of what it asks.
#[derive(Debug, Clone)]
pub struct Idempotent {
    key: String,
    hash: String,
}

impl Idempotent {
    /// A `POST` to `path` with `body`; 400 without a usable key.
    pub fn post(headers: &HeaderMap, path: &str, body: &[u8]) -> Result<Self, ApiError> {
        Ok(Idempotent {
            key: key(headers)?,
            hash: request_hash("POST", path, body),
        })
    }

    /// The stored answer of this request when it was made before (409 when its key was
    /// used for another request).
    pub fn replay(
        &self,
        conn: &Connection,
        user_id: &str,
        now: i64,
    ) -> Result<Option<Stored>, ApiError> {
        lookup(conn, user_id, &self.key, &self.hash, now)
    }

    /// The answer (201 with `created` as JSON), stored for repeats of this request.
    pub fn answer<T: serde::Serialize>(
        &self,
        conn: &Connection,
        user_id: &str,
        created: &T,
        now: i64,
    ) -> Result<Stored, ApiError> {
        let answer = Stored {
            status: 201,
            body: serde_json::to_string(created)?,
        };
        store(conn, user_id, &self.key, &self.hash, &answer, now)?;
        Ok(answer)
    }
}

/// A stored answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub status: u16,
    pub body: String,
}

/// The stored answer of (user, key): `Ok(None)` when there is none (or it expired),
/// `Ok(Some)` for the same request, 409 for another request with this key.
pub fn lookup(
    conn: &Connection,
    user_id: &str,
    key: &str,
    hash: &str,
    now: i64,
) -> Result<Option<Stored>, ApiError> {
    conn.execute(
        "DELETE FROM idempotency WHERE created_at < ?1",
        [now - KEEP_SECS],
    )?;
    let found: Option<(String, i64, String)> = conn
        .query_row(
            "SELECT request_hash, status, body FROM idempotency WHERE user_id = ?1 AND key = ?2",
            params![user_id, key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match found {
        None => Ok(None),
        Some((h, status, body)) if h == hash => Ok(Some(Stored {
            status: u16::try_from(status).unwrap_or(200),
            body,
        })),
        Some(_) => Err(ApiError::Conflict(
            "This Idempotency-Key was already used for another request; make a new key for a \
             new draft."
                .into(),
        )),
    }
}

/// Stores the answer of (user, key).
pub fn store(
    conn: &Connection,
    user_id: &str,
    key: &str,
    hash: &str,
    answer: &Stored,
    now: i64,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO idempotency (user_id, key, request_hash, status, body, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![user_id, key, hash, answer.status, answer.body, now],
    )?;
    Ok(())
}

impl IntoResponse for Stored {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let location = serde_json::from_str::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|v| v["id"].as_str().map(|id| format!("/api/v1/messages/{id}")))
            .and_then(|l| HeaderValue::from_str(&l).ok());
        let mut res = (status, self.body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if let Some(l) = location {
            res.headers_mut().insert(header::LOCATION, l);
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        crate::db::migrated_in_memory()
    }

    #[test]
    fn keys_are_checked() {
        let mut h = HeaderMap::new();
        assert!(matches!(key(&h), Err(ApiError::Validation(e)) if e[0].code == "required"));
        h.insert(HEADER, HeaderValue::from_static("  "));
        assert!(matches!(key(&h), Err(ApiError::Validation(e)) if e[0].code == "required"));
        h.insert(HEADER, HeaderValue::from_str(&"k".repeat(101)).unwrap());
        assert!(matches!(key(&h), Err(ApiError::Validation(e)) if e[0].code == "too_long"));
        h.insert(HEADER, HeaderValue::from_static("a b"));
        assert!(matches!(key(&h), Err(ApiError::Validation(e)) if e[0].code == "invalid"));
        h.insert(
            HEADER,
            HeaderValue::from_static("6f1c2a9e-3b7d-4c1e-9a2b-0d4e5f6a7b8c"),
        );
        assert_eq!(key(&h).unwrap(), "6f1c2a9e-3b7d-4c1e-9a2b-0d4e5f6a7b8c");
    }

    #[test]
    fn same_request_replays_other_request_conflicts_expired_is_forgotten() {
        let c = conn();
        let h1 = request_hash("POST", "/api/v1/messages", b"{\"a\":1}");
        let h2 = request_hash("POST", "/api/v1/messages", b"{\"a\":2}");
        assert_ne!(h1, h2);
        assert_ne!(h1, request_hash("POST", "/api/v1/messagesx", b"{\"a\":1}"));
        assert_eq!(lookup(&c, "u1", "k", &h1, 100).unwrap(), None);
        let answer = Stored {
            status: 201,
            body: "{\"id\":\"m_1\"}".into(),
        };
        store(&c, "u1", "k", &h1, &answer, 100).unwrap();
        assert_eq!(
            lookup(&c, "u1", "k", &h1, 200).unwrap(),
            Some(answer.clone())
        );
        assert!(matches!(
            lookup(&c, "u1", "k", &h2, 200),
            Err(ApiError::Conflict(_))
        ));
        // keys are per user
        assert_eq!(lookup(&c, "u2", "k", &h2, 200).unwrap(), None);
        // kept 24 h, then forgotten
        assert_eq!(
            lookup(&c, "u1", "k", &h1, 100 + KEEP_SECS).unwrap(),
            Some(answer)
        );
        assert_eq!(lookup(&c, "u1", "k", &h2, 101 + KEEP_SECS).unwrap(), None);
    }
}
