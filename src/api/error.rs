//! The one error type of every API call.

use contract::Problem;

/// What went wrong with an API call.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The device is offline (`navigator.onLine` is false and the request failed).
    Offline,
    /// The request could not be made (DNS, refused, CORS, reset…).
    Network(String),
    /// No answer within the time limit.
    Timeout,
    /// The server answered with an error status; `problem` when it sent RFC 9457 details.
    Http { status: u16, problem: Option<Problem>, retry_after: Option<u32> },
    /// The answer could not be decoded as the contract says.
    Decode(String),
    /// The request was cancelled because its screen went away. Never shown.
    Aborted,
}

impl ApiError {
    /// Whether repeating the same GET may succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network(_) | ApiError::Timeout => true,
            ApiError::Http { status, .. } => matches!(status, 408 | 429 | 500 | 502 | 503 | 504),
            ApiError::Offline | ApiError::Decode(_) | ApiError::Aborted => false,
        }
    }

    pub fn is_rate_limited(&self) -> bool {
        matches!(self, ApiError::Http { status: 429, .. })
    }

    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiError::Http { status: 401, .. })
    }

    /// The validation errors of a 400 answer (to show at their fields).
    pub fn field_errors(&self) -> &[contract::FieldError] {
        match self {
            ApiError::Http { problem: Some(p), .. } => &p.errors,
            _ => &[],
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Http { status: 404, .. })
    }
}

/// Delay before retry number `attempt` (1-based) of a GET, in milliseconds:
/// 500 ms, then 1.5 s, honouring a server's `Retry-After` (capped at 10 s).
pub fn backoff_ms(attempt: u32, error: &ApiError) -> u32 {
    if let ApiError::Http { retry_after: Some(secs), .. } = error {
        return (*secs).min(10) * 1000;
    }
    500 * 3u32.saturating_pow(attempt.saturating_sub(1)).min(9)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16) -> ApiError {
        ApiError::Http { status, problem: None, retry_after: None }
    }

    #[test]
    fn transient_errors_are_retried() {
        assert!(ApiError::Timeout.is_transient());
        assert!(ApiError::Network("x".into()).is_transient());
        assert!(http(503).is_transient());
        assert!(http(429).is_transient());
        assert!(!http(404).is_transient());
        assert!(!http(400).is_transient());
        assert!(!ApiError::Decode("x".into()).is_transient());
        assert!(!ApiError::Aborted.is_transient());
    }

    #[test]
    fn backoff_grows_and_honours_retry_after() {
        assert_eq!(backoff_ms(1, &ApiError::Timeout), 500);
        assert_eq!(backoff_ms(2, &ApiError::Timeout), 1500);
        let limited = ApiError::Http { status: 429, problem: None, retry_after: Some(3) };
        assert_eq!(backoff_ms(1, &limited), 3000);
        let long = ApiError::Http { status: 503, problem: None, retry_after: Some(3600) };
        assert_eq!(backoff_ms(1, &long), 10_000);
    }
}
