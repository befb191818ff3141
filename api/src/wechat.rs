//! WeChat (微信): what the app needs to use WeChat's JS-SDK inside WeChat's browser — the
//! signature of `wx.config` for the page it is on. A backend that has no WeChat official
//! account (公众号) answers 404, and the app leaves WeChat's interfaces alone (sharing then
//! goes through WeChat's own menu, as for any page).

use serde::{Deserialize, Serialize};

/// `GET /api/v1/wechat/js-config?url=…`: what `wx.config` takes for the page at `url`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WechatJsConfig {
    /// The official account's AppID (`appId`).
    pub app_id: String,
    /// Unix seconds of the signature (`timestamp`).
    pub timestamp: i64,
    /// The random string signed (`nonceStr`).
    pub nonce_str: String,
    /// SHA-1, 40 lowercase hexadecimal digits (`signature`), of the JS-SDK ticket, this nonce,
    /// this time and `url` without its `#` part.
    pub signature: String,
}

/// Longest page URL signed.
pub const WECHAT_URL_MAX: usize = 1024;

/// Whether `url` is a page URL a signature can be asked for: `http(s)://` with a host, printable
/// ASCII (as `location.href` gives it), at most [`WECHAT_URL_MAX`] characters.
pub fn wechat_url_ok(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or("")).unwrap_or("");
    url.len() <= WECHAT_URL_MAX && !host.is_empty() && !host.contains('@') && url.chars().all(|c| c.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_urls() {
        assert!(wechat_url_ok("https://renda.example.gov.cn/d/LW01?via=x"));
        assert!(wechat_url_ok("http://127.0.0.1:8080/"));
        assert!(!wechat_url_ok("javascript:alert(1)"));
        assert!(!wechat_url_ok("https:///path"));
        assert!(!wechat_url_ok("https://a b/"));
        assert!(!wechat_url_ok("https://user@host/"));
        assert!(!wechat_url_ok(&format!("https://a/{}", "x".repeat(WECHAT_URL_MAX))));
    }
}
