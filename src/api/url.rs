//! Pure URL helpers (tested natively): query strings, API and media URLs.

/// Percent-encodes a query component (RFC 3986 unreserved characters stay as they are).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => {
                out.push('%');
                out.push(char::from(b"0123456789ABCDEF"[(b >> 4) as usize]));
                out.push(char::from(b"0123456789ABCDEF"[(b & 15) as usize]));
            }
        }
    }
    out
}

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

/// A phone number as a `tel:` link (digits, `+` and `-` only: nothing else of the text can
/// get into the link).
pub fn tel_href(phone: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+' || *c == '-').collect();
    format!("tel:{digits}")
}

/// Normalises the configured API base: no trailing slash; empty means the app's own origin.
pub fn normalise_base(base: &str) -> String {
    base.trim().trim_end_matches('/').to_string()
}

/// Resolves a URL sent by the API (images, attachments) against the API base.
/// Only http(s) URLs and paths are allowed: `javascript:`, `data:` and other schemes are
/// refused, so nothing from the API can run code through a link or image. A backslash or a
/// control character anywhere is refused too, like `safe_next` does: browsers read `\` as `/`
/// and drop tabs and newlines, so `/\evil.example` or `/\t/evil.example` would be taken as
/// `//evil.example`, another site, although it looks like a path here.
pub fn resolve(base: &str, url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.contains('\\') || url.chars().any(char::is_control) {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Some(url.to_string());
    }
    if url.starts_with("//") {
        return Some(format!("https:{url}"));
    }
    // A scheme is anything before the first ':' that comes before any '/', '?' or '#'.
    let first_special = url.find(['/', '?', '#']).unwrap_or(url.len());
    if url[..first_special].contains(':') {
        return None;
    }
    if url.starts_with('/') {
        Some(format!("{base}{url}"))
    } else {
        Some(format!("{base}/{url}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_chinese_and_reserved_characters() {
        assert_eq!(encode_component("医保"), "%E5%8C%BB%E4%BF%9D");
        assert_eq!(encode_component("a b&c=d"), "a%20b%26c%3Dd");
        assert_eq!(encode_component("AZaz09-_.~"), "AZaz09-_.~");
    }

    #[test]
    fn builds_queries_without_empty_values() {
        assert_eq!(with_query("/articles", &[("kind", Some("news")), ("cursor", None)]), "/articles?kind=news");
        assert_eq!(with_query("/articles", &[("cursor", None)]), "/articles");
    }

    #[test]
    fn resolves_only_safe_urls() {
        let base = "https://renda.example.cn";
        assert_eq!(resolve(base, "/media/a.svg").as_deref(), Some("https://renda.example.cn/media/a.svg"));
        assert_eq!(resolve("", "/media/a.svg").as_deref(), Some("/media/a.svg"));
        assert_eq!(resolve(base, "https://cdn.example.cn/x.jpg").as_deref(), Some("https://cdn.example.cn/x.jpg"));
        assert_eq!(resolve(base, "media/a.svg").as_deref(), Some("https://renda.example.cn/media/a.svg"));
        assert_eq!(resolve(base, "javascript:alert(1)"), None);
        assert_eq!(resolve(base, " JavaScript:alert(1)"), None);
        assert_eq!(resolve(base, "data:text/html,<script>"), None);
        assert_eq!(resolve(base, ""), None);
    }

    #[test]
    fn refuses_backslashes_and_control_characters() {
        let base = "https://renda.example.cn";
        for bad in ["/\\evil.example/x.jpg", "\\\\evil.example/x.jpg", "\\/evil.example", "https:\\\\evil.example", "/media/a\\b.svg",
                    "/\t/evil.example", "/\n/evil.example", "java\tscript:alert(1)", "/media/\u{7f}a.svg"] {
            assert_eq!(resolve(base, bad), None, "{bad:?}");
            assert_eq!(resolve("", bad), None, "{bad:?}");
        }
        // Trimmed whitespace at the ends is not inside the URL.
        assert_eq!(resolve("", " /media/a.svg\n").as_deref(), Some("/media/a.svg"));
    }

    #[test]
    fn normalises_base() {
        assert_eq!(normalise_base(" https://x.cn/ "), "https://x.cn");
        assert_eq!(normalise_base(""), "");
    }
}
