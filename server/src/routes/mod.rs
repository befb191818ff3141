//! HTTP handlers. Query strings are parsed by hand (see [`QueryPairs`]) and JSON bodies are
//! read into their contract types field by field ([`body`]), so that every bad value
//! becomes a 400 problem naming its field, never an extractor's plain-text rejection.
//!
//! Each module serves its part of the API (its `router`, merged by [`router`] and nested
//! under [`contract::API_PREFIX`] by [`crate::app`]); [`media`] serves `/media/…`.

pub mod articles;
pub mod assessments;
pub mod assignments;
pub mod auth;
pub mod body;
pub mod comments;
pub mod events;
pub mod media;
pub mod messages;
pub mod meta;
pub mod moderation;
pub mod notifications;
pub mod people;
pub mod polls;
pub mod posters;
pub mod record;
pub mod sandbox;
pub mod points;
pub mod push;
pub mod templates;
pub mod topics;
pub mod training;
pub mod uploads;
pub mod wechat;

use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::{Json, Router};
use contract::{FieldError, Page};
use crate::sql::Connection;

use crate::cursor::Cursor;
use crate::problem::ApiError;
use crate::AppState;

/// The API, with paths relative to [`contract::API_PREFIX`].
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(meta::router())
        .merge(articles::router())
        .merge(events::router())
        .merge(auth::router())
        .merge(notifications::router())
        .merge(people::router())
        .merge(uploads::router())
        .merge(messages::router())
        .merge(templates::router())
        .merge(comments::router())
        .merge(moderation::router())
        .merge(topics::router())
        .merge(polls::router())
        .merge(points::router())
        .merge(training::router())
        .merge(assignments::router())
        .merge(record::router())
        .merge(assessments::router())
        .merge(sandbox::router())
        .merge(push::router())
        .merge(wechat::router())
        .merge(posters::router())
}

/// The query string as name/value pairs, without those of an empty value (= absent).
pub struct QueryPairs(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match Query::<Vec<(String, String)>>::try_from_uri(&parts.uri) {
            // An empty value (`?kind=&limit=`) is the same as leaving the parameter out: forms
            // and generated clients send them, and the contract says so (api/README.md).
            Ok(Query(mut pairs)) => {
                pairs.retain(|(_, v)| !v.is_empty());
                Ok(QueryPairs(pairs))
            }
            Err(e) => Err(ApiError::BadRequest(format!(
                "The query string cannot be read: {}",
                e.body_text()
            ))),
        }
    }
}

impl QueryPairs {
    /// The value of `name`, if given; giving it twice is an error.
    pub fn one(&self, name: &str, errors: &mut Vec<FieldError>) -> Option<String> {
        let mut values = self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
        let first = values.next()?;
        if values.next().is_some() {
            errors.push(FieldError {
                field: name.into(),
                code: "invalid".into(),
                message: format!("{name} must be given at most once"),
            });
        }
        Some(first.clone())
    }
}

/// A path id; a path that does not decode is a 400 problem.
pub struct IdPath(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(id)) => Ok(IdPath(id)),
            Err(e @ PathRejection::FailedToDeserializePathParams(_)) => Err(ApiError::BadRequest(
                format!("The path cannot be read: {}", e.body_text()),
            )),
            Err(e) => Err(ApiError::Internal(format!("path extraction: {e}"))),
        }
    }
}

/// Validates `limit`.
pub fn limit(raw: Option<String>, errors: &mut Vec<FieldError>) -> u32 {
    match contract::parse_limit(raw.as_deref()) {
        Ok(n) => n,
        Err(e) => {
            errors.push(e);
            contract::DEFAULT_LIMIT
        }
    }
}

pub fn invalid(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        code: "invalid".into(),
        message: message.into(),
    }
}

const BAD_CURSOR: &str =
    "cursor is not a next_cursor issued by this server for this list; start again without it";

pub fn bad_cursor() -> FieldError {
    invalid("cursor", BAD_CURSOR)
}

/// `Err(400)` with these field errors, if there are any.
pub fn valid(errors: Vec<FieldError>) -> Result<(), ApiError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// A query value (when given) read by `parse`; `invalid` on `field` with `message` when
/// it does not read.
pub fn parsed<T>(
    raw: Option<&str>,
    field: &str,
    message: &str,
    parse: impl FnOnce(&str) -> Option<T>,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let parsed = parse(raw?);
    if parsed.is_none() {
        errors.push(invalid(field, message));
    }
    parsed
}

/// The `cursor` of a list (when given): one of ours, of the kind the list `fits`; else
/// [`bad_cursor`].
pub fn cursor<C: Cursor>(
    raw: Option<&str>,
    fits: impl FnOnce(&C) -> bool,
    errors: &mut Vec<FieldError>,
) -> Option<C> {
    parsed(
        raw,
        "cursor",
        BAD_CURSOR,
        |c| C::decode(c).filter(fits),
        errors,
    )
}

/// One page of a list: `read` answers its items and the next cursor.
pub async fn page<T, F>(state: &AppState, read: F) -> Result<Json<Page<T>>, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Connection) -> Result<(Vec<T>, Option<String>), ApiError> + Send + 'static,
{
    let (items, next_cursor) = state.db().call(read).await?;
    Ok(Json(Page { items, next_cursor }))
}

/// A list answered whole, as one page.
pub async fn whole<T, F>(state: &AppState, read: F) -> Result<Json<Page<T>>, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Connection) -> Result<Vec<T>, ApiError> + Send + 'static,
{
    let items = state.db().call(read).await?;
    Ok(Json(Page {
        items,
        next_cursor: None,
    }))
}

/// [`page`] for a closure that only reads: on a read-only connection ([`crate::Db::read`]),
/// not waiting behind writes.
pub async fn read_page<T, F>(state: &AppState, read: F) -> Result<Json<Page<T>>, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Connection) -> Result<(Vec<T>, Option<String>), ApiError> + Send + 'static,
{
    let (items, next_cursor) = state.db().read(read).await?;
    Ok(Json(Page { items, next_cursor }))
}

/// [`whole`] for a closure that only reads ([`crate::Db::read`]).
pub async fn read_whole<T, F>(state: &AppState, read: F) -> Result<Json<Page<T>>, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Connection) -> Result<Vec<T>, ApiError> + Send + 'static,
{
    let items = state.db().read(read).await?;
    Ok(Json(Page {
        items,
        next_cursor: None,
    }))
}

/// Reads a JSON request body; a body that is not JSON of the expected shape is a 400
/// problem (never the extractor's plain-text rejection).
pub fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError::BadRequest(format!(
            "The request body must be a JSON object of the documented shape: {e}"
        ))
    })
}

pub fn field_error(field: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
        message: message.into(),
    }
}
