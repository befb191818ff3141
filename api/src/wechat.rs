//! WeChat (微信): what the app needs to use WeChat's JS-SDK inside WeChat's browser — the
//! signature of `wx.config` for the page it is on. A backend that has no WeChat official
//! account (公众号) answers 404, and the app leaves WeChat's interfaces alone (sharing then
//! goes through WeChat's own menu, as for any page).

use serde::{Deserialize, Serialize};

use crate::rules::{Expect, Field, Request};
use crate::{lenient_vec, FieldError, NotificationKind, Timestamp};

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

crate::string_enum! {
    /// What the user answered WeChat's subscribe dialog for a template (WeChat's own words in
    /// `subscribeDetails`).
    WechatConsent {
        /// 允许: one message of the template may be sent (a one-time subscription).
        Accept = "accept",
        /// 取消.
        Reject = "reject",
        /// The user turned the account's messages off in WeChat.
        Ban = "ban",
        /// WeChat filtered the template (its title matched a filter).
        Filter = "filter",
    }
}

/// A subscription-message template of the backend's official account, and the signed-in
/// user's answer for it (`GET /wechat/subscriptions`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WechatSubscription {
    /// The template's id (WeChat's), for `wx-open-subscribe`'s `template`.
    pub template_id: String,
    /// The kinds of alert the backend sends with it (on the 微信 channel).
    #[serde(default, deserialize_with = "lenient_vec")]
    pub kinds: Vec<NotificationKind>,
    /// The user's last answer; absent: never asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<WechatConsent>,
    /// Messages of the template the user's accepts still allow (one per accept).
    #[serde(default)]
    pub allowed: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
}

/// One answer of WeChat's subscribe dialog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WechatDecision {
    #[serde(default)]
    pub template_id: String,
    #[serde(default)]
    pub consent: WechatConsent,
}

/// `POST /wechat/subscriptions`: what WeChat's subscribe dialog answered (its `success`
/// event's `subscribeDetails`), one entry per template shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WechatDecisions {
    /// 1 to 3 answers (WeChat's dialog shows at most three templates).
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 3))]
    pub decisions: Vec<WechatDecision>,
}

/// Most templates in one dialog (WeChat's limit).
pub const WECHAT_DECISIONS_MAX: usize = 3;

impl Request for WechatDecisions {
    const FIELDS: &'static [Field] = &[Field::required("decisions", Expect::List("decisions must be a list of {template_id, consent}"))];
}

impl WechatDecisions {
    /// The answers as kept (template ids trimmed), or the field errors: 1 to 3 answers, each
    /// a template id and a known consent.
    pub fn validate(&self) -> Result<WechatDecisions, Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.decisions.is_empty() || self.decisions.len() > WECHAT_DECISIONS_MAX {
            errors.push(crate::rules::error(
                "decisions",
                crate::rules::OUT_OF_RANGE,
                format!("decisions must hold 1 to {WECHAT_DECISIONS_MAX} answers"),
            ));
        }
        for (i, d) in self.decisions.iter().enumerate() {
            if d.template_id.trim().is_empty() || d.template_id.len() > 64 {
                errors.push(crate::rules::error(&format!("decisions[{i}].template_id"), crate::rules::INVALID, "template_id must be a template id"));
            }
            if d.consent == WechatConsent::Unknown {
                errors.push(crate::rules::error(
                    &format!("decisions[{i}].consent"),
                    crate::rules::INVALID,
                    "consent must be accept, reject, ban or filter",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(WechatDecisions {
            decisions: self
                .decisions
                .iter()
                .map(|d| WechatDecision { template_id: d.template_id.trim().to_owned(), consent: d.consent })
                .collect(),
        })
    }
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
