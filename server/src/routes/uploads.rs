//! `POST /api/v1/uploads` (the photos are served by [`super::media`]).

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use contract::Upload;

use crate::auth::{self, Caller};
use crate::clock::HOUR;
use crate::problem::ApiError;
use crate::rate;
use crate::uploads::{self, MAX_UPLOAD_BYTES};
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new().route("/uploads", post(create))
}

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

/// Bytes in MiB with one decimal, for people.
fn mib(bytes: i64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
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
    // EXIF GPS and the like go whatever the client did (the app re-encodes photos, other
    // clients may not); what is stored and served is the stripped image.
    let bytes = tokio::task::spawn_blocking(move || uploads::strip_metadata(declared, &bytes))
        .await
        .map_err(|e| ApiError::Internal(format!("strip: {e}")))?
        .ok_or_else(|| unsupported("The image is truncated or malformed."))?;
    let id = auth::random_hex_id()?;
    let now = state.now();
    let max = state.config().limits.uploads_per_hour;
    let quota = state.config().limits.upload_quota_bytes;
    let size = bytes.len();
    let id2 = id.clone();
    state
        .db()
        .call(move |conn| {
            rate::check_rate(conn, &format!("upload:{}", caller.user_id), max, HOUR, now)?;
            // the quota counts what is stored; unattached uploads leave it after a day
            let used = uploads::stored_bytes(conn, &caller.user_id)?;
            if used + bytes.len() as i64 > quota {
                return Err(ApiError::QuotaExceeded(format!(
                    "Your photos take {} of your {}; photos never attached to a message are removed after a day.",
                    mib(used),
                    mib(quota)
                )));
            }
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
