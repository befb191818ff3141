//! Serving everything under a path (`--base-path /renda`, issue 16): many government sites host an
//! H5 app at `https://example.gov.cn/renda/`. The app, the API and the media are then all below
//! that path, as a reverse proxy that strips the prefix would give them to a server at the root:
//! `/renda/api/v1/meta` is `/api/v1/meta` here. The built app is the same build as at the root;
//! its `index.html` carries `<base href="/">`, which is answered as `<base href="/renda/">`
//! (src/paths.rs in the app reads it back).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::ServiceExt;

/// The `<base>` element of the built `index.html`, as Trunk writes it from ours.
pub const BUILT_BASE: &str = r#"<base href="/">"#;

/// Checks and normalises a `--base-path`: `""` (the root) or `/a/b` (no trailing slash), made of
/// path segments of letters, digits and `-._~`.
pub fn parse(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    let Some(rest) = trimmed.strip_prefix('/') else {
        return Err(format!("--base-path {raw:?} must begin with / (e.g. /renda)"));
    };
    let ok = rest.split('/').all(|seg| {
        !seg.is_empty()
            && seg != "."
            && seg != ".."
            && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    });
    if !ok {
        return Err(format!(
            "--base-path {raw:?}: use path segments of letters, digits and -._~ (e.g. /renda or /h5/renda)"
        ));
    }
    Ok(trimmed.to_owned())
}

/// `index.html` as answered under `base` (`""`: unchanged).
pub fn rewrite_index(html: &str, base: &str) -> String {
    if base.is_empty() {
        return html.to_owned();
    }
    html.replacen(BUILT_BASE, &format!(r#"<base href="{base}/">"#), 1)
}

/// The whole application (`inner`, answering at the root) under `base`: a request below it goes
/// to `inner` without the prefix, and a `Location` of the answer gets it back; the base itself
/// (and the origin's root) are sent to `base/`; the checks of a load balancer (`/healthz`,
/// `/readyz`: crate::ops) stay at the root, where it probes each instance; anything else is not
/// found.
pub fn nest(base: String, inner: Router) -> Router {
    if base.is_empty() {
        return inner;
    }
    Router::new().fallback(move |req: Request| {
        let (base, inner) = (base.clone(), inner.clone());
        async move {
            let path = req.uri().path().to_owned();
            let query = req.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
            if path == base || path == "/" {
                return redirect(&format!("{base}/{query}"));
            }
            // (the checks as they are, at the root; the rest without the base)
            let at_root = path == "/healthz" || path == "/readyz";
            let forwarded = if at_root { Some(path.as_str()) } else { path.strip_prefix(base.as_str()).filter(|r| r.starts_with('/')) };
            let Some(Ok(uri)) = forwarded.map(|p| Uri::builder().path_and_query(format!("{p}{query}")).build()) else {
                return not_found();
            };
            let (mut parts, body) = req.into_parts();
            parts.uri = uri;
            let mut res = match inner.oneshot(Request::from_parts(parts, body)).await {
                Ok(res) => res,
                Err(never) => match never {},
            };
            if at_root {
                return res;
            }
            let moved = res
                .headers()
                .get(header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .filter(|l| l.starts_with('/') && !l.starts_with("//"))
                .and_then(|l| HeaderValue::from_str(&format!("{base}{l}")).ok());
            if let Some(l) = moved {
                res.headers_mut().insert(header::LOCATION, l);
            }
            res
        }
    })
}

fn redirect(to: &str) -> Response {
    match HeaderValue::from_str(to) {
        Ok(l) => (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, l)]).into_response(),
        Err(_) => not_found(),
    }
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        Body::from("Not found\n"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        for (raw, want) in [("", ""), ("/", ""), ("/renda", "/renda"), ("/renda/", "/renda"), (" /h5/renda ", "/h5/renda"), ("/a.b-c_d~e", "/a.b-c_d~e")] {
            assert_eq!(parse(raw).as_deref(), Ok(want), "{raw:?}");
        }
        for bad in ["renda", "/ren da", "/a//b", "/../x", "/./x", "/人大", "/a?b", "/a#b", "/a%20b"] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn index_under_a_path() {
        let html = r#"<head><meta charset="utf-8"><base href="/"><link href="a.css"></head>"#;
        assert_eq!(rewrite_index(html, ""), html);
        assert_eq!(
            rewrite_index(html, "/renda"),
            r#"<head><meta charset="utf-8"><base href="/renda/"><link href="a.css"></head>"#
        );
    }
}
