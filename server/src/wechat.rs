//! WeChat's JS-SDK (微信 JS-SDK): the signature `wx.config` needs before a page inside WeChat
//! may set its share card (title, description, cover) or use WeChat's other interfaces.
//!
//! WeChat's rules (https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html,
//! 附录1): the official account's `access_token` (`/cgi-bin/token`) gets a `jsapi_ticket`
//! (`/cgi-bin/ticket/getticket`); both last 7200 s, both are rate limited per day, and both
//! **must be cached by the server** — never fetched per page view. The signature is the SHA-1 of
//! `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` (keys in ASCII order, values as they are, the
//! URL without its `#` part).
//!
//! Configured by `--wechat-config <file>` (JSON: `app_id`, `app_secret`, optionally
//! `api_origin`, a stand-in in tests); without it `GET /wechat/js-config` is 404 and the app
//! leaves WeChat's interfaces alone.

use contract::{NotificationKind, WechatConsent, WechatDecision, WechatSubscription};
use crate::sql::{params, Connection, OptionalExtension};
use serde::Deserialize;
use sha1::{Digest, Sha1};
use tokio::sync::Mutex;

use crate::clock::rfc3339;
use crate::db::Db;

/// Where WeChat's server API is.
pub const API_ORIGIN: &str = "https://api.weixin.qq.com";
/// A token or ticket is fetched again this long before WeChat says it expires (a clock apart,
/// a request on its way).
const EARLY_SECS: i64 = 300;

/// `--wechat-config`: the official account (公众号) whose JS interface safe domain
/// (JS接口安全域名) is the app's.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WechatConfig {
    /// AppID, `wx` and 16 hexadecimal digits.
    pub app_id: String,
    /// AppSecret (never sent to the app, never logged).
    pub app_secret: String,
    /// WeChat's API origin [default: https://api.weixin.qq.com].
    #[serde(default)]
    pub api_origin: Option<String>,
    /// The subscription-message templates (订阅消息) alerts of the 微信 channel go with: each
    /// template's id and the kinds of alert it carries.
    #[serde(default)]
    pub subscribe_templates: Vec<Template>,
}

/// A subscription-message template of the official account.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    /// Kinds of alert (`reply`, `status_changed`…: `NotificationKind`'s values).
    pub kinds: Vec<String>,
}

impl Template {
    pub fn kinds(&self) -> Vec<NotificationKind> {
        self.kinds.iter().filter_map(|k| NotificationKind::parse(k)).filter(|k| *k != NotificationKind::Unknown).collect()
    }
}

impl WechatConfig {
    /// Reads and checks the configuration file's text.
    pub fn parse(text: &str) -> Result<WechatConfig, String> {
        let c: WechatConfig = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let id = c.app_id.strip_prefix("wx").unwrap_or("");
        if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("app_id must be wx and 16 hexadecimal digits".into());
        }
        if c.app_secret.trim().is_empty() {
            return Err("app_secret is empty".into());
        }
        if let Some(o) = &c.api_origin {
            if !(o.starts_with("https://") || o.starts_with("http://")) {
                return Err("api_origin must be an http(s) origin".into());
            }
        }
        for t in &c.subscribe_templates {
            if t.id.trim().is_empty() || t.id.len() > 64 || !t.id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                return Err(format!("subscribe_templates: {:?} is not a template id", t.id));
            }
            if t.kinds.is_empty() {
                return Err(format!("subscribe_templates: {} names no kind of alert", t.id));
            }
            if let Some(k) = t.kinds.iter().find(|k| NotificationKind::parse(k).is_none_or(|k| k == NotificationKind::Unknown)) {
                return Err(format!("subscribe_templates: {k:?} is not a kind of alert"));
            }
        }
        Ok(c)
    }

    fn origin(&self) -> &str {
        self.api_origin.as_deref().unwrap_or(API_ORIGIN).trim_end_matches('/')
    }
}

/// The JS-SDK signature of `url` (its `#` part dropped, as WeChat signs it).
pub fn signature(ticket: &str, nonce: &str, timestamp: i64, url: &str) -> String {
    let url = url.split('#').next().unwrap_or("");
    let text = format!("jsapi_ticket={ticket}&noncestr={nonce}&timestamp={timestamp}&url={url}");
    Sha1::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A random nonce for one signature (16 letters and digits).
pub fn nonce() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = [0u8; 16];
    // (without randomness the nonce is still unique enough per second; WeChat only needs it signed)
    let _ = getrandom::fill(&mut bytes);
    bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect()
}

/// Why no ticket could be had.
#[derive(Debug, Clone, PartialEq)]
pub enum WechatError {
    /// WeChat could not be reached or answered something unreadable.
    Unreachable(String),
    /// WeChat answered an `errcode` (wrong secret, IP not on the whitelist, daily limit…).
    Refused { errcode: i64, errmsg: String },
}

#[derive(Debug, Deserialize)]
struct Answer {
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    ticket: Option<String>,
    #[serde(default)]
    expires_in: Option<i64>,
}

/// A value and when it stops being used (Unix seconds).
#[derive(Debug, Clone)]
struct Held {
    value: String,
    until: i64,
}

#[derive(Debug, Default)]
struct Cache {
    token: Option<Held>,
    ticket: Option<Held>,
}

/// The cached `access_token` and `jsapi_ticket` of one server. Requests that find the ticket
/// expired wait for one fetch of it (the lock is held across the fetch): WeChat sees one
/// request, not one per waiting page. Both are also kept in the database
/// (`wechat_credentials`), read before WeChat is asked: several instances of the server share
/// one token and one ticket, instead of replacing each other's (WeChat keeps one token valid
/// per account).
pub struct Tickets {
    config: WechatConfig,
    client: reqwest::Client,
    cache: Mutex<Cache>,
}

/// `errcode`s of an `access_token` that is no longer valid (replaced by a fetch elsewhere, or
/// expired early): the token is fetched again, once.
const TOKEN_INVALID: [i64; 3] = [40001, 40014, 42001];

impl Tickets {
    pub fn new(config: WechatConfig) -> Tickets {
        Tickets {
            config,
            client: crate::sms::client(),
            cache: Mutex::new(Cache::default()),
        }
    }

    pub fn app_id(&self) -> &str {
        &self.config.app_id
    }

    /// The current `jsapi_ticket`: from this server's cache, else from the database (another
    /// instance fetched it), else fetched (with a token, found or fetched the same way) and
    /// stored in both.
    pub async fn ticket(&self, db: &Db, now: i64) -> Result<String, WechatError> {
        let mut cache = self.cache.lock().await;
        if let Some(t) = cache.ticket.as_ref().filter(|t| t.until > now) {
            return Ok(t.value.clone());
        }
        if let Some(t) = stored(db, TICKET, now).await {
            cache.ticket = Some(t.clone());
            return Ok(t.value);
        }
        for attempt in 0..2 {
            let token = match cache.token.as_ref().filter(|t| t.until > now) {
                Some(t) => t.value.clone(),
                None => {
                    let t = match stored(db, TOKEN, now).await {
                        Some(t) => t,
                        None => {
                            let t = self.fetch_token(now).await?;
                            store(db, TOKEN, &t).await;
                            t
                        }
                    };
                    cache.token = Some(t.clone());
                    t.value
                }
            };
            match self.fetch_ticket(&token, now).await {
                Ok(t) => {
                    store(db, TICKET, &t).await;
                    cache.ticket = Some(t.clone());
                    return Ok(t.value);
                }
                Err(WechatError::Refused { errcode, .. }) if attempt == 0 && TOKEN_INVALID.contains(&errcode) => {
                    cache.token = None;
                    // (only this token: another instance may have stored a newer one meanwhile)
                    forget(db, TOKEN, &token).await;
                }
                Err(e) => return Err(e),
            }
        }
        Err(WechatError::Unreachable("the access_token was refused twice".into()))
    }

    async fn get(&self, url: &str) -> Result<Answer, WechatError> {
        let res = self.client.get(url).send().await.map_err(|e| WechatError::Unreachable(e.without_url().to_string()))?;
        if !res.status().is_success() {
            return Err(WechatError::Unreachable(format!("HTTP {}", res.status())));
        }
        let a: Answer = res.json().await.map_err(|e| WechatError::Unreachable(e.without_url().to_string()))?;
        if a.errcode != 0 {
            return Err(WechatError::Refused { errcode: a.errcode, errmsg: a.errmsg });
        }
        Ok(a)
    }

    async fn fetch_token(&self, now: i64) -> Result<Held, WechatError> {
        let url = format!(
            "{}/cgi-bin/token?grant_type=client_credential&appid={}&secret={}",
            self.config.origin(),
            self.config.app_id,
            self.config.app_secret
        );
        let a = self.get(&url).await?;
        held(a.access_token, a.expires_in, now)
    }

    async fn fetch_ticket(&self, token: &str, now: i64) -> Result<Held, WechatError> {
        let url = format!("{}/cgi-bin/ticket/getticket?access_token={token}&type=jsapi", self.config.origin());
        let a = self.get(&url).await?;
        held(a.ticket, a.expires_in, now)
    }
}

/// The names of the rows of `wechat_credentials`.
const TOKEN: &str = "access_token";
const TICKET: &str = "jsapi_ticket";

// The shared rows are a help, not a need: a database error is logged and WeChat asked instead.

/// The row `name` while it is still to be used at `now`.
async fn stored(db: &Db, name: &'static str, now: i64) -> Option<Held> {
    let found = db
        .read(move |c| {
            Ok(c.query_row(
                "SELECT value, until FROM wechat_credentials WHERE name = ?1 AND until > ?2",
                params![name, now],
                |r| Ok(Held { value: r.get(0)?, until: r.get(1)? }),
            )
            .optional()?)
        })
        .await;
    found.unwrap_or_else(|e| {
        tracing::warn!("WeChat {name}: not read from the database: {e:?}");
        None
    })
}

/// Keeps `held` as the row `name`, for every instance.
async fn store(db: &Db, name: &'static str, held: &Held) {
    let (value, until) = (held.value.clone(), held.until);
    let done = db
        .call(move |c| {
            c.execute(
                "INSERT INTO wechat_credentials (name, value, until) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value, until = excluded.until",
                params![name, value, until],
            )?;
            Ok(())
        })
        .await;
    if let Err(e) = done {
        tracing::warn!("WeChat {name}: not stored in the database: {e:?}");
    }
}

/// Removes the row `name` if it still holds `value` (one WeChat refused).
async fn forget(db: &Db, name: &'static str, value: &str) {
    let value = value.to_owned();
    let done = db
        .call(move |c| {
            c.execute("DELETE FROM wechat_credentials WHERE name = ?1 AND value = ?2", params![name, value])?;
            Ok(())
        })
        .await;
    if let Err(e) = done {
        tracing::warn!("WeChat {name}: not removed from the database: {e:?}");
    }
}

fn held(value: Option<String>, expires_in: Option<i64>, now: i64) -> Result<Held, WechatError> {
    let value = value.filter(|v| !v.is_empty()).ok_or_else(|| WechatError::Unreachable("no value in the answer".into()))?;
    let secs = expires_in.unwrap_or(7200).clamp(60, 7200);
    Ok(Held { value, until: now + (secs - EARLY_SECS).max(30) })
}

/// The templates of `config` with `user_id`'s answers.
pub fn subscriptions(conn: &Connection, config: &WechatConfig, user_id: &str) -> crate::sql::Result<Vec<WechatSubscription>> {
    let mut out = Vec::new();
    for t in &config.subscribe_templates {
        let row: Option<(String, u32, i64)> = conn
            .query_row(
                "SELECT status, allowed, updated_at FROM wechat_consents WHERE user_id = ?1 AND template_id = ?2",
                params![user_id, t.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        out.push(WechatSubscription {
            template_id: t.id.clone(),
            kinds: t.kinds(),
            consent: row.as_ref().and_then(|(s, _, _)| WechatConsent::parse(s)),
            allowed: row.as_ref().map_or(0, |(_, a, _)| *a),
            updated_at: row.map(|(_, _, at)| rfc3339(at)),
        });
    }
    Ok(out)
}

/// Records the answers of one subscribe dialog: an accept allows one more message.
pub fn record(conn: &Connection, user_id: &str, decisions: &[WechatDecision], now: i64) -> crate::sql::Result<()> {
    for d in decisions {
        let more = u32::from(d.consent == WechatConsent::Accept);
        conn.execute(
            "INSERT INTO wechat_consents (user_id, template_id, status, allowed, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (user_id, template_id) DO UPDATE SET status = excluded.status, \
               allowed = wechat_consents.allowed + excluded.allowed, updated_at = excluded.updated_at",
            params![user_id, d.template_id, d.consent.as_str(), more, now],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WeChat's own example (JS-SDK documentation, 附录1-JS-SDK使用权限签名算法).
    #[test]
    fn the_signature_of_wechats_published_example() {
        let ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
        let s = signature(ticket, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value");
        assert_eq!(s, "0f9de62fce790f9a083d5c99e95740ceb90c27ed");
        // The `#` part is not signed.
        assert_eq!(signature(ticket, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value#top"), s);
    }

    #[test]
    fn the_configuration_is_checked() {
        assert!(WechatConfig::parse(r#"{"app_id":"wx0123456789abcdef","app_secret":"s"}"#).is_ok());
        assert!(WechatConfig::parse(r#"{"app_id":"wx0123","app_secret":"s"}"#).is_err());
        assert!(WechatConfig::parse(r#"{"app_id":"wx0123456789abcdef","app_secret":" "}"#).is_err());
        assert!(WechatConfig::parse(r#"{"app_id":"wx0123456789abcdef","app_secret":"s","api_origin":"ftp://x"}"#).is_err());
        assert!(WechatConfig::parse(r#"{"app_id":"wx0123456789abcdef","app_secret":"s","extra":1}"#).is_err());
    }

    #[test]
    fn nonces_are_letters_and_digits() {
        let n = nonce();
        assert_eq!(n.len(), 16);
        assert!(n.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(nonce(), n);
    }

    #[test]
    fn a_held_value_is_dropped_five_minutes_early() {
        let h = held(Some("t".into()), Some(7200), 1000).unwrap();
        assert_eq!(h.until, 1000 + 7200 - 300);
        assert!(held(None, Some(7200), 0).is_err());
        assert!(held(Some(String::new()), Some(7200), 0).is_err());
    }
}
