//! How the app shows what the API sends, where it is not the app's own business: URLs made safe
//! (only http(s) and paths), query components encoded, `tel:` links, a text's paragraphs, the
//! buckets of a relative time, an attachment's size, a block heading's level. One
//! implementation for the web app and the reference server, which draws the app's first
//! screens into `index.html` for a first visit (`server/src/first_screen.rs`) and must link and
//! show exactly what the app will.

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

/// A phone number as a `tel:` link (digits, `+` and `-` only: nothing else of the text can
/// get into the link).
pub fn tel_href(phone: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+' || *c == '-').collect();
    format!("tel:{digits}")
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

/// Paragraphs of a plain text (a deputy's introduction): separated by blank lines, each line
/// trimmed, the lines of one paragraph kept.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            if !cur.is_empty() {
                cur.push('\n');
            }
            cur.push_str(line);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Up to a week ago, a time is shown relative ("3 天前"); older ones as a date.
const RELATIVE_LIMIT_SECS: f64 = 7.0 * 86_400.0;

/// The unit and signed value for a relative time `diff_secs` (= then − now) within a week;
/// `None` for "just now" (under a minute) — and `Some` with unit `"date"` beyond a week.
pub fn relative_parts(diff_secs: f64) -> Option<(f64, &'static str)> {
    let abs = diff_secs.abs();
    if abs < 60.0 {
        return None;
    }
    if abs >= RELATIVE_LIMIT_SECS {
        return Some((0.0, "date"));
    }
    let (value, unit) = if abs < 3_600.0 {
        (abs / 60.0, "minute")
    } else if abs < 86_400.0 {
        (abs / 3_600.0, "hour")
    } else {
        (abs / 86_400.0, "day")
    };
    Some((value.floor().copysign(diff_secs), unit))
}

/// "1.2 MB" style sizes: one decimal, rounded half to even (as `{:.1}` of the `f64` would),
/// in integer maths so that float formatting stays out of the wasm.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut unit = 0;
    let mut divisor: u64 = 1;
    while bytes / divisor >= 1024 && unit < UNITS.len() - 1 {
        divisor *= 1024;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes} B");
    }
    // bytes × 10 / divisor without overflow: divisor ≤ 2³⁰, so (bytes % divisor) × 10 fits.
    let (whole, part) = (bytes / divisor, bytes % divisor * 10);
    let (mut tenths, rest) = (whole * 10 + part / divisor, part % divisor);
    if rest * 2 > divisor || (rest * 2 == divisor && tenths % 2 == 1) {
        tenths += 1;
    }
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
}

/// Heading levels of blocks sit below the page's `h1`: 2..=4.
pub fn clamp_level(level: u8) -> u8 {
    level.clamp(2, 4)
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
    fn tel_links_keep_digits_plus_and_dashes() {
        assert_eq!(tel_href("0763-5800101"), "tel:0763-5800101");
        assert_eq!(tel_href("+86 138 0000 0000\"><script>"), "tel:+8613800000000");
    }

    #[test]
    fn bios_split_on_blank_lines() {
        assert_eq!(paragraphs("务农三十年。\n\n热心公益。"), ["务农三十年。", "热心公益。"]);
        assert_eq!(paragraphs("  一行\n接着\n\n\n\n二  \n"), ["一行\n接着", "二"]);
        assert!(paragraphs(" \n \n").is_empty());
    }

    #[test]
    fn relative_buckets() {
        assert_eq!(relative_parts(-30.0), None);
        assert_eq!(relative_parts(-90.0), Some((-1.0, "minute")));
        assert_eq!(relative_parts(-3.5 * 3600.0), Some((-3.0, "hour")));
        assert_eq!(relative_parts(-2.2 * 86_400.0), Some((-2.0, "day")));
        assert_eq!(relative_parts(3.0 * 86_400.0), Some((3.0, "day")));
        assert_eq!(relative_parts(-8.0 * 86_400.0), Some((0.0, "date")));
    }

    #[test]
    fn sizes_for_people() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(2048), "2.0 KB");
        assert_eq!(human_size(1_572_864), "1.5 MB");
        // Same text as formatting the f64 with `{:.1}`, ties and carries included.
        let float = |bytes: u64| {
            const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
            let mut value = bytes as f64;
            let mut unit = 0;
            while value >= 1024.0 && unit < UNITS.len() - 1 {
                value /= 1024.0;
                unit += 1;
            }
            if unit == 0 {
                format!("{bytes} B")
            } else {
                format!("{value:.1} {}", UNITS[unit])
            }
        };
        let mut samples: Vec<u64> = (0..5000).map(|i| i * 37).collect();
        samples.extend([1023, 1024, 1075, 1076, 2304, 2355, 1_048_575, 1_048_576, 1_073_741_823, 1_073_741_824]);
        samples.extend([5 << 40, 123_456_789_012, (1 << 52) + 1, u64::MAX, u64::MAX - 1, 1 << 63]);
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            samples.push(x >> (x % 40));
        }
        for b in samples {
            assert_eq!(human_size(b), float(b), "{b} bytes");
        }
    }

    #[test]
    fn heading_levels_stay_below_the_page_title() {
        assert_eq!(clamp_level(0), 2);
        assert_eq!(clamp_level(1), 2);
        assert_eq!(clamp_level(3), 3);
        assert_eq!(clamp_level(9), 4);
    }
}
