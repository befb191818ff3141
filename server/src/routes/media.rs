//! `/media/...`: generated pictures (demo illustrations, avatars) and stored files
//! (attachments, uploaded photos). Not part of the API: answers are plain, not problems.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::problem::ApiError;
use crate::{avatars, db, emblem, illustrations, security, uploads, AppState};

/// Media are cached for a day.
pub const MEDIA_CACHE: &str = "public, max-age=86400";
/// Uploaded photos never change (a new photo is a new id), and only the people shown the
/// message fetch them.
const UPLOAD_CACHE: &str = "private, max-age=31536000, immutable";

/// The routes of this module (full paths).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/media/illustrations/{file}", get(illustration))
        .route("/media/attachments/{file}", get(attachment))
        .route("/media/avatars/{file}", get(avatar))
        .route("/media/uploads/{id}", get(upload))
        .route(emblem::URL, get(township_emblem))
        .layer(axum::middleware::map_response(sandbox))
}

/// Every media answer but a PDF is sandboxed ([`security::MEDIA_CSP`]): a picture or an upload
/// opened by itself cannot run anything in this origin. PDFs are left out: browsers' PDF
/// viewers do not run in a sandboxed document (they show nothing), and attachments come from
/// the editors, not from users.
async fn sandbox(mut res: Response) -> Response {
    let pdf = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/pdf"));
    if !pdf {
        res.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(security::MEDIA_CSP));
    }
    res
}

/// The demo township's mark (see [`emblem`]).
async fn township_emblem() -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml")),
            (header::CACHE_CONTROL, HeaderValue::from_static(MEDIA_CACHE)),
        ],
        emblem::SVG,
    )
        .into_response()
}

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

/// The file named by the path, when it is of the shape `ok` accepts.
fn file(path: Result<Path<String>, PathRejection>, ok: fn(&str) -> bool) -> Option<String> {
    path.ok().map(|Path(file)| file).filter(|f| ok(f))
}

/// `{key}.svg` drawn by `draw`.
fn svg<S: IntoResponse>(
    path: Result<Path<String>, PathRejection>,
    draw: fn(&str) -> S,
) -> Response {
    let Some(file) = file(path, |f| f.ends_with(".svg")) else {
        return not_found();
    };
    let key = &file[..file.len() - ".svg".len()];
    if !safe_name(key) || key.contains('.') {
        return not_found();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(MEDIA_CACHE)),
        ],
        draw(key),
    )
        .into_response()
}

/// A stored file (media type and content) as found, served inline.
fn stored(
    found: Result<Option<(String, Vec<u8>)>, ApiError>,
    cache: &'static str,
    what: &str,
) -> Response {
    match found {
        Ok(Some((mime, content))) => {
            let mime = HeaderValue::from_str(&mime)
                .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
            (
                [
                    (header::CONTENT_TYPE, mime),
                    (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_static("inline"),
                    ),
                    (
                        header::X_CONTENT_TYPE_OPTIONS,
                        HeaderValue::from_static("nosniff"),
                    ),
                ],
                content,
            )
                .into_response()
        }
        Ok(None) => not_found(),
        Err(e) => {
            tracing::error!("{what}: {e:?}");
            (StatusCode::INTERNAL_SERVER_ERROR, "Internal server error\n").into_response()
        }
    }
}

/// `GET /media/illustrations/{theme}.svg`: a flat illustration; unknown themes get the
/// neutral fallback picture.
pub async fn illustration(path: Result<Path<String>, PathRejection>) -> Response {
    svg(path, illustrations::svg)
}

/// `GET /media/avatars/{key}.svg`: a generated portrait (every key has one).
pub async fn avatar(path: Result<Path<String>, PathRejection>) -> Response {
    svg(path, avatars::svg)
}

/// `GET /media/attachments/{file}`: a stored file.
pub async fn attachment(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let Some(name) = file(path, safe_name) else {
        return not_found();
    };
    let key = format!("/media/attachments/{name}");
    let found = state.db().call(move |conn| db::get_file(conn, &key)).await;
    stored(found, MEDIA_CACHE, &format!("attachment {name}"))
}

/// `GET /media/uploads/{id}`: an uploaded photo.
pub async fn upload(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let Some(id) = file(path, uploads::valid_upload_id) else {
        return not_found();
    };
    let key = id.clone();
    let found = state
        .db()
        .call(move |conn| Ok(uploads::get(conn, &key)?))
        .await;
    stored(found, UPLOAD_CACHE, &format!("upload {id}"))
}
