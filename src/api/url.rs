//! Pure URL helpers (tested natively): query strings, API and media URLs.

// (shared with the reference server's drawings of the first screens: contract::display)
pub use contract::display::{encode_component, resolve, tel_href};

/// `raw` when it is a path of this app (`/…`, not `//host`, no backslash, space or control
/// character): a link from the backend never leaves the app.
pub fn app_path(raw: &str) -> Option<String> {
    let l = raw.trim();
    let ok = l.starts_with('/') && !l.starts_with("//") && !l.contains('\\') && !l.chars().any(|c| c.is_control() || c.is_whitespace());
    ok.then(|| l.to_string())
}

/// Builds `path?k=v&…` from the pairs that have a value.
pub fn with_query(path: &str, pairs: &[(&str, Option<&str>)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k}={}", encode_component(v))))
        .collect();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// Normalises the configured API base: no trailing slash; empty means the app's own origin.
pub fn normalise_base(base: &str) -> String {
    base.trim().trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_queries_without_empty_values() {
        assert_eq!(with_query("/articles", &[("kind", Some("news")), ("cursor", None)]), "/articles?kind=news");
        assert_eq!(with_query("/articles", &[("cursor", None)]), "/articles");
    }

    #[test]
    fn normalises_base() {
        assert_eq!(normalise_base(" https://x.cn/ "), "https://x.cn");
        assert_eq!(normalise_base(""), "");
    }
}
