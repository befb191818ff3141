//! `/media/...`: generated demo illustrations and stored files (attachments).

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::db;
use crate::illustrations;
use crate::AppState;

/// Media are cached for a day.
pub const MEDIA_CACHE: &str = "public, max-age=86400";

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        "Not found\n",
    )
        .into_response()
}

fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        && !name.starts_with('.')
}

/// `GET /media/illustrations/{theme}.svg`: a flat illustration; unknown themes get the
/// neutral fallback picture.
pub async fn illustration(
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Response {
    let Ok(Path(file)) = path else {
        return not_found();
    };
    let Some(theme) = file
        .strip_suffix(".svg")
        .filter(|t| safe_name(t) && !t.contains('.'))
    else {
        return not_found();
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(MEDIA_CACHE)),
        ],
        illustrations::svg(theme),
    )
        .into_response()
}

/// `GET /media/attachments/{file}`: a stored file.
pub async fn attachment(
    State(state): State<AppState>,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Response {
    let Ok(Path(file)) = path else {
        return not_found();
    };
    if !safe_name(&file) {
        return not_found();
    }
    let key = format!("/media/attachments/{file}");
    match state.db().call(move |conn| db::get_file(conn, &key)).await {
        Ok(Some((mime, content))) => {
            let mime = HeaderValue::from_str(&mime)
                .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
            (
                [
                    (header::CONTENT_TYPE, mime),
                    (header::CACHE_CONTROL, HeaderValue::from_static(MEDIA_CACHE)),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_static("inline"),
                    ),
                ],
                content,
            )
                .into_response()
        }
        Ok(None) => not_found(),
        Err(e) => {
            tracing::error!("attachment {file}: {e:?}");
            (StatusCode::INTERNAL_SERVER_ERROR, "Internal server error\n").into_response()
        }
    }
}

/// `GET /media/avatars/{key}.svg`: a generated portrait (every key has one).
pub async fn avatar(
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Response {
    let Ok(Path(file)) = path else {
        return not_found();
    };
    let Some(key) = file
        .strip_suffix(".svg")
        .filter(|t| safe_name(t) && !t.contains('.'))
    else {
        return not_found();
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(MEDIA_CACHE)),
        ],
        crate::avatars::svg(key),
    )
        .into_response()
}
