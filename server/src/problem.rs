//! RFC 9457 problem details: every 4xx/5xx answer under `/api` is `application/problem+json`
//! with a [`contract::Problem`] body.

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use contract::{problem_types, FieldError, Problem};

/// The media type of problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answered by the API.
#[derive(Debug)]
pub enum ApiError {
    /// 400 with one entry per offending field.
    Validation(Vec<FieldError>),
    /// 400 without a field (a malformed request).
    BadRequest(String),
    /// 401: no valid bearer token.
    Unauthorized(String),
    /// 403: signed in, not allowed.
    Forbidden(String),
    /// 404.
    NotFound(String),
    /// 409: stale version, a state that does not allow the action, a reused key.
    Conflict(String),
    /// 413.
    TooLarge(String),
    /// 413 `quota-exceeded`: the user's stored uploads would pass their quota.
    QuotaExceeded(String),
    /// 415.
    UnsupportedMediaType(String),
    /// 429 with `Retry-After`.
    RateLimited {
        retry_after_secs: u64,
        detail: String,
    },
    /// 500; the detail is logged, never sent.
    Internal(String),
}

impl ApiError {
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }])
    }
}

impl From<crate::sql::Error> for ApiError {
    fn from(e: crate::sql::Error) -> Self {
        ApiError::Internal(format!("database: {e}"))
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> Self {
        ApiError::Internal(format!("json: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Validation(errors) => {
                let detail = errors
                    .iter()
                    .map(|e| e.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                problem_response(Problem {
                    problem_type: problem_types::VALIDATION.into(),
                    title: "Invalid request".into(),
                    status: 400,
                    detail: Some(detail),
                    errors,
                })
            }
            ApiError::BadRequest(detail) => problem_response(Problem {
                problem_type: problem_types::VALIDATION.into(),
                title: "Invalid request".into(),
                status: 400,
                detail: Some(detail),
                errors: Vec::new(),
            }),
            ApiError::NotFound(detail) => {
                simple(problem_types::NOT_FOUND, "Not found", 404, detail)
            }
            ApiError::Unauthorized(detail) => {
                let mut res = simple(problem_types::UNAUTHORIZED, "Not signed in", 401, detail);
                res.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                res
            }
            ApiError::Forbidden(detail) => {
                simple(problem_types::FORBIDDEN, "Forbidden", 403, detail)
            }
            ApiError::Conflict(detail) => simple(problem_types::CONFLICT, "Conflict", 409, detail),
            ApiError::TooLarge(detail) => {
                simple(problem_types::TOO_LARGE, "Payload too large", 413, detail)
            }
            ApiError::QuotaExceeded(detail) => {
                simple(problem_types::QUOTA_EXCEEDED, "Storage quota exceeded", 413, detail)
            }
            ApiError::UnsupportedMediaType(detail) => simple(
                problem_types::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                415,
                detail,
            ),
            ApiError::RateLimited {
                retry_after_secs,
                detail,
            } => {
                let mut res = simple(
                    problem_types::RATE_LIMITED,
                    "Too many requests",
                    429,
                    detail,
                );
                res.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(retry_after_secs.max(1)),
                );
                res
            }
            ApiError::Internal(detail) => {
                tracing::error!("internal error: {detail}");
                internal_problem()
            }
        }
    }
}

fn simple(problem_type: &str, title: &str, status: u16, detail: String) -> Response {
    problem_response(Problem {
        problem_type: problem_type.into(),
        title: title.into(),
        status,
        detail: Some(detail),
        errors: Vec::new(),
    })
}

/// The generic 500 problem (no internals are revealed).
pub fn internal_problem() -> Response {
    problem_response(Problem {
        problem_type: problem_types::INTERNAL.into(),
        title: "Internal server error".into(),
        status: 500,
        detail: Some("The server failed to answer this request. Please try again later.".into()),
        errors: Vec::new(),
    })
}

/// Serializes a problem with its status and media type.
pub fn problem_response(problem: Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(&problem).unwrap_or_else(|_| b"{}".to_vec());
    let mut res = (status, body).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    res
}

/// A generic problem for a status code (used by the safety net and fallbacks).
pub fn status_problem(status: StatusCode, detail: Option<String>) -> Problem {
    let problem_type = match status {
        StatusCode::BAD_REQUEST => problem_types::VALIDATION,
        StatusCode::NOT_FOUND => problem_types::NOT_FOUND,
        StatusCode::METHOD_NOT_ALLOWED => problem_types::METHOD_NOT_ALLOWED,
        StatusCode::UNAUTHORIZED => problem_types::UNAUTHORIZED,
        StatusCode::FORBIDDEN => problem_types::FORBIDDEN,
        StatusCode::CONFLICT => problem_types::CONFLICT,
        StatusCode::PAYLOAD_TOO_LARGE => problem_types::TOO_LARGE,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => problem_types::UNSUPPORTED_MEDIA_TYPE,
        StatusCode::TOO_MANY_REQUESTS => problem_types::RATE_LIMITED,
        StatusCode::INTERNAL_SERVER_ERROR => problem_types::INTERNAL,
        _ => "about:blank",
    };
    Problem {
        problem_type: problem_type.into(),
        title: status.canonical_reason().unwrap_or("Error").into(),
        status: status.as_u16(),
        detail,
        errors: Vec::new(),
    }
}

/// Answer for any path under `/api` that no route matches.
pub async fn api_not_found(method: Method, uri: axum::http::Uri) -> Response {
    problem_response(status_problem(
        StatusCode::NOT_FOUND,
        Some(format!("There is no API endpoint {method} {}.", uri.path())),
    ))
}

fn is_problem(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON))
}

/// Middleware for `/api`: turns any error answer that is not yet problem details (405 from
/// the router, 413, rejections of layers, ...) into one, keeping its headers (`Allow`,
/// `Retry-After`, CORS).
pub async fn problem_safety_net(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) || is_problem(&res) {
        return res;
    }
    let (mut parts, _body) = res.into_parts();
    let detail = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            let allow = parts
                .headers
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            format!("{path} does not accept {method}; allowed: {allow}.")
        }
        StatusCode::NOT_FOUND => format!("There is no API endpoint {method} {path}."),
        _ => format!("{method} {path} failed."),
    };
    let problem = problem_response(status_problem(status, Some(detail)));
    let (new_parts, body) = problem.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    for (name, value) in new_parts.headers.iter() {
        parts.headers.insert(name.clone(), value.clone());
    }
    Response::from_parts(parts, body)
}

/// Panic handler for `CatchPanicLayer`: a 500 problem, the panic message goes to the log.
pub fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let msg = if let Some(s) = err.downcast_ref::<String>() {
        s.clone()
    } else if let Some(s) = err.downcast_ref::<&str>() {
        (*s).to_owned()
    } else {
        "unknown panic".to_owned()
    };
    tracing::error!("handler panicked: {msg}");
    internal_problem()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn new_statuses_are_problem_details() {
        use http_body_util::BodyExt;
        let cases = [
            (
                ApiError::Unauthorized("a".into()),
                401,
                problem_types::UNAUTHORIZED,
            ),
            (
                ApiError::Forbidden("b".into()),
                403,
                problem_types::FORBIDDEN,
            ),
            (ApiError::Conflict("c".into()), 409, problem_types::CONFLICT),
            (
                ApiError::TooLarge("d".into()),
                413,
                problem_types::TOO_LARGE,
            ),
            (
                ApiError::UnsupportedMediaType("e".into()),
                415,
                problem_types::UNSUPPORTED_MEDIA_TYPE,
            ),
            (
                ApiError::RateLimited {
                    retry_after_secs: 42,
                    detail: "f".into(),
                },
                429,
                problem_types::RATE_LIMITED,
            ),
        ];
        for (err, status, ty) in cases {
            let res = err.into_response();
            assert_eq!(res.status().as_u16(), status);
            assert_eq!(
                res.headers()
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok()),
                Some(PROBLEM_JSON)
            );
            let retry = res
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok());
            assert_eq!(retry, (status == 429).then_some("42"));
            let body = res.into_body().collect().await.expect("body").to_bytes();
            let p: Problem = serde_json::from_slice(&body).expect("problem");
            assert_eq!((p.status, p.problem_type.as_str()), (status, ty));
        }
        assert_eq!(
            status_problem(StatusCode::TOO_MANY_REQUESTS, None).problem_type,
            problem_types::RATE_LIMITED
        );
        assert_eq!(
            status_problem(StatusCode::PAYLOAD_TOO_LARGE, None).problem_type,
            problem_types::TOO_LARGE
        );
    }
}
