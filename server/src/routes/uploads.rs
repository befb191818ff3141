//! `POST /api/v1/uploads` and `GET /media/uploads/{id}`.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use contract::Upload;

use crate::auth::{self, Caller};
use crate::clock::HOUR;
use crate::problem::ApiError;
use crate::rate;
use crate::uploads::{self, MAX_UPLOAD_BYTES};
use crate::AppState;

fn too_large() -> ApiError {
    ApiError::TooLarge(format!(
        "The image is larger than {} MiB; send a smaller one.",
        MAX_UPLOAD_BYTES / (1024 * 1024)
    ))
}

fn unsupported(detail: &str) -> ApiError {
    ApiError::UnsupportedMediaType(format!(
        "{detail} Accepted: JPEG, PNG or WebP images (Content-Type image/jpeg, image/png, image/webp)."
    ))
}

/// `POST /api/v1/uploads`: the body is the image.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(uploads::declared_type)
        .ok_or_else(|| unsupported("The Content-Type is not an accepted image type."))?;
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n > MAX_UPLOAD_BYTES as u64) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, MAX_UPLOAD_BYTES)
        .await
        .map_err(|_| too_large())?;
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(too_large());
    }
    match uploads::sniff(&bytes) {
        Some(actual) if actual == declared => {}
        Some(_) => return Err(unsupported("The content does not match the Content-Type.")),
        None => return Err(unsupported("The content is not a JPEG, PNG or WebP image.")),
    }
    let id = auth::random_hex_id()?;
    let now = state.now();
    let max = state.config().limits.uploads_per_hour;
    let size = bytes.len();
    let id2 = id.clone();
    state
        .db()
        .call(move |conn| {
            rate::check_rate(conn, &format!("upload:{}", caller.user_id), max, HOUR, now)?;
            uploads::insert(conn, &id2, &caller.user_id, declared, &bytes, now)?;
            Ok(())
        })
        .await?;
    let url = uploads::url(&id);
    let answer = Upload {
        id,
        url: url.clone(),
        content_type: declared.into(),
        size: u32::try_from(size).unwrap_or(u32::MAX),
    };
    let mut res = (StatusCode::CREATED, Json(answer)).into_response();
    if let Ok(v) = HeaderValue::from_str(&url) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
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

/// `GET /media/uploads/{id}`
pub async fn serve(
    State(state): State<AppState>,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Response {
    let Ok(Path(id)) = path else {
        return not_found();
    };
    if !uploads::valid_upload_id(&id) {
        return not_found();
    }
    let key = id.clone();
    match state
        .db()
        .call(move |conn| Ok(uploads::get(conn, &key)?))
        .await
    {
        Ok(Some((content_type, content))) => {
            let ct = HeaderValue::from_str(&content_type)
                .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
            (
                [
                    (header::CONTENT_TYPE, ct),
                    (
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("private, max-age=31536000, immutable"),
                    ),
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
            tracing::error!("upload {id}: {e:?}");
            (StatusCode::INTERNAL_SERVER_ERROR, "Internal server error\n").into_response()
        }
    }
}
