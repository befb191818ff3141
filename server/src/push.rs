//! Web Push: alerts to the devices a user subscribed, shown by the app's service worker even
//! when the app is closed (`--web-push <contact>`; without it the `/push` endpoints are 404
//! and nothing is sent).
//!
//! * The VAPID key pair (RFC 8292) is made once and kept in the database (`vapid_keys`): every
//!   subscription is bound to its public key, so a new key on each start would void them all.
//! * Payloads are encrypted per RFC 8291 (`aes128gcm`) and signed with VAPID by
//!   `web-push-native` (pure Rust); the request goes out with `reqwest`.
//! * A subscription's endpoint is a URL the browser chose, so the server would `POST` wherever a
//!   stranger says: it sends only to the push services it trusts ([`DEFAULT_HOSTS`], or
//!   `--push-hosts`), checked when the subscription is registered.
//! * Pushes go through an outbox filled in the transaction of the notification (as SMS do):
//!   sent; tried again later on a network error, a 5xx or 429; the subscription forgotten when
//!   the push service says it is gone (404, 410); given up on any other answer.

use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use crate::sql::{params, Connection, OptionalExtension};
use web_push_native::jwt_simple::algorithms::{ECDSAP256PublicKeyLike, ES256KeyPair};
use web_push_native::{p256, Auth, WebPushBuilder};

use crate::clock::rfc3339;
use crate::problem::ApiError;
use crate::AppState;

/// The push services of the browsers that have one: Chrome and most Android browsers (FCM),
/// Firefox (Mozilla), Safari and iOS home-screen apps (Apple), Edge (Windows).
pub const DEFAULT_HOSTS: &[&str] =
    &["fcm.googleapis.com", "android.googleapis.com", "*.push.services.mozilla.com", "*.push.apple.com", "*.notify.windows.com"];

/// `--web-push`: who runs the server (the VAPID `sub`, a `mailto:` or `https:` URL), and the
/// push services it sends to.
#[derive(Debug, Clone)]
pub struct PushConfig {
    pub contact: String,
    /// Hosts (`host` or `*.domain`) of the push services trusted.
    pub hosts: Vec<String>,
    /// Hosts reached over plain HTTP (a push service on this machine: tests).
    pub plain_http: Vec<String>,
}

impl PushConfig {
    pub fn new(contact: &str) -> PushConfig {
        PushConfig { contact: contact.to_owned(), hosts: DEFAULT_HOSTS.iter().map(|h| (*h).to_owned()).collect(), plain_http: Vec::new() }
    }
}

/// The host (with its port, if any) of an `https://` URL.
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or("")
}

/// Whether `host` is one of `hosts` (`*.example.com` covers its subdomains).
pub fn trusted(hosts: &[String], host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    hosts.iter().any(|h| match h.strip_prefix("*.") {
        Some(domain) => host.ends_with(&format!(".{domain}")),
        None => host == *h,
    })
}

/// The VAPID key pair, made and stored on first use.
pub fn vapid_key(conn: &Connection, now: i64) -> Result<ES256KeyPair, ApiError> {
    let stored: Option<String> =
        conn.query_row("SELECT private_key FROM vapid_keys WHERE id = 1", (), |r| r.get(0)).optional()?;
    if let Some(b64) = stored {
        let bytes = URL_SAFE_NO_PAD.decode(b64).map_err(|e| ApiError::Internal(format!("vapid key: {e}")))?;
        return ES256KeyPair::from_bytes(&bytes).map_err(|e| ApiError::Internal(format!("vapid key: {e}")));
    }
    let kp = ES256KeyPair::generate();
    conn.execute(
        "INSERT INTO vapid_keys (id, private_key, created_at) VALUES (1, ?1, ?2) ON CONFLICT DO NOTHING",
        params![URL_SAFE_NO_PAD.encode(kp.to_bytes()), now],
    )?;
    // another instance may have made one at the same moment: the stored one wins
    let b64: String = conn.query_row("SELECT private_key FROM vapid_keys WHERE id = 1", (), |r| r.get(0))?;
    let bytes = URL_SAFE_NO_PAD.decode(b64).map_err(|e| ApiError::Internal(format!("vapid key: {e}")))?;
    ES256KeyPair::from_bytes(&bytes).map_err(|e| ApiError::Internal(format!("vapid key: {e}")))
}

/// The public key of a pair, uncompressed, base64url.
pub fn public_key(kp: &ES256KeyPair) -> String {
    URL_SAFE_NO_PAD.encode(kp.public_key().public_key().to_bytes_uncompressed())
}

/// A subscription as stored.
#[derive(Debug, Clone)]
pub struct Subscription {
    pub id: String,
    pub user_id: String,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub created_at: i64,
}

/// Devices a user may have at once (a phone, a tablet, a computer, old browsers…).
pub const MAX_PER_USER: i64 = 10;

fn subscription_row(r: &crate::sql::Row) -> crate::sql::Result<Subscription> {
    Ok(Subscription { id: r.get(0)?, user_id: r.get(1)?, endpoint: r.get(2)?, p256dh: r.get(3)?, auth: r.get(4)?, created_at: r.get(5)? })
}

const SUB_COLUMNS: &str = "id, user_id, endpoint, p256dh, auth, created_at";

pub fn subscriptions_of(conn: &Connection, user_id: &str) -> Result<Vec<Subscription>, ApiError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {SUB_COLUMNS} FROM push_subscriptions WHERE user_id = ?1 ORDER BY seq DESC"))?;
    let rows = stmt.query_map(params![user_id], subscription_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn subscription(conn: &Connection, id: &str) -> Result<Option<Subscription>, ApiError> {
    Ok(conn
        .query_row(&format!("SELECT {SUB_COLUMNS} FROM push_subscriptions WHERE id = ?1"), params![id], subscription_row)
        .optional()?)
}

/// Registers (or, for a known endpoint, updates) a subscription of `user_id`: `(it, new)`.
pub fn subscribe(conn: &Connection, user_id: &str, s: &contract::NewPushSubscription, now: i64) -> Result<(Subscription, bool), ApiError> {
    let existing: Option<String> =
        conn.query_row("SELECT id FROM push_subscriptions WHERE endpoint = ?1", params![s.endpoint], |r| r.get(0)).optional()?;
    let (id, new) = match existing {
        Some(id) => {
            // the device now belongs to whoever signed in on it last
            conn.execute(
                "UPDATE push_subscriptions SET user_id = ?1, p256dh = ?2, auth = ?3 WHERE id = ?4",
                params![user_id, s.keys.p256dh, s.keys.auth, id],
            )?;
            (id, false)
        }
        None => {
            let mut raw = [0u8; 12];
            getrandom::fill(&mut raw).map_err(|e| ApiError::Internal(format!("randomness: {e}")))?;
            let id = format!("ps_{}", URL_SAFE_NO_PAD.encode(raw));
            conn.execute(
                "INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, user_id, s.endpoint, s.keys.p256dh, s.keys.auth, now],
            )?;
            (id, true)
        }
    };
    // the oldest devices beyond the cap go
    conn.execute(
        "DELETE FROM push_subscriptions WHERE user_id = ?1 AND seq NOT IN \
         (SELECT seq FROM push_subscriptions WHERE user_id = ?1 ORDER BY seq DESC LIMIT ?2)",
        params![user_id, MAX_PER_USER],
    )?;
    let sub = subscription(conn, &id)?.ok_or_else(|| ApiError::Internal("the subscription just stored is gone".into()))?;
    Ok((sub, new))
}

/// Forgets a subscription of `user_id`; whether there was one.
pub fn unsubscribe(conn: &Connection, user_id: &str, id: &str) -> Result<bool, ApiError> {
    Ok(conn.execute("DELETE FROM push_subscriptions WHERE id = ?1 AND user_id = ?2", params![id, user_id])? > 0)
}

pub fn view(s: &Subscription) -> contract::PushSubscription {
    contract::PushSubscription { id: s.id.clone(), service: host_of(&s.endpoint).to_owned(), created_at: rfc3339(s.created_at) }
}

/// Puts a push of a notification to each device of `user_id` into the outbox (the
/// notification's transaction); how many.
pub fn enqueue(conn: &Connection, user_id: &str, n: &contract::Notification, now: i64) -> Result<usize, ApiError> {
    let payload = serde_json::json!({
        "id": n.id,
        "kind": n.kind.as_str(),
        "title": n.title,
        "body": n.body,
        "link": n.link,
        // (the app's tag for it: one notification per message on the phone)
        "message_id": n.message_id,
    })
    .to_string();
    let mut count = 0;
    for s in subscriptions_of(conn, user_id)? {
        conn.execute(
            "INSERT INTO push_outbox (subscription_id, payload_json, created_at, next_at) VALUES (?1, ?2, ?3, ?3)",
            params![s.id, payload, now],
        )?;
        count += 1;
    }
    Ok(count)
}

/// What became of a push.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Sent,
    Retry(String),
    /// The subscription is gone (404, 410): forget it.
    Gone,
    Fail(String),
}

/// What the push service's answer means (RFC 8030 § 5, and the services' documents).
pub fn outcome(status: u16) -> Outcome {
    match status {
        200..=299 => Outcome::Sent,
        404 | 410 => Outcome::Gone,
        429 | 500..=599 => Outcome::Retry(format!("HTTP {status}")),
        s => Outcome::Fail(format!("HTTP {s}")),
    }
}

/// Attempts of one push before it is given up.
const MAX_ATTEMPTS: u32 = 5;
const LEASE_SECS: i64 = 120;
/// How long a push service keeps a push for a device that is offline; also the lifetime of
/// the VAPID token, which RFC 8292 caps at 24 hours (half of it leaves room for clock skew).
const TTL_SECS: u64 = 12 * 3600;

struct Claimed {
    seq: i64,
    attempts: u32,
    payload: String,
    sub: Subscription,
}

fn claim(conn: &mut Connection, now: i64) -> Result<Vec<Claimed>, ApiError> {
    let tx = conn.transaction()?;
    let rows = {
        let mut stmt = tx.prepare_cached(
            "SELECT o.seq, o.attempts, o.payload_json, s.id, s.user_id, s.endpoint, s.p256dh, s.auth, s.created_at \
             FROM push_outbox o JOIN push_subscriptions s ON s.id = o.subscription_id \
             WHERE o.sent_at IS NULL AND o.failed_at IS NULL AND o.next_at <= ?1 ORDER BY o.seq LIMIT 20",
        )?;
        let rows = stmt
            .query_map(params![now], |r| {
                Ok(Claimed {
                    seq: r.get(0)?,
                    attempts: r.get(1)?,
                    payload: r.get(2)?,
                    sub: Subscription {
                        id: r.get(3)?,
                        user_id: r.get(4)?,
                        endpoint: r.get(5)?,
                        p256dh: r.get(6)?,
                        auth: r.get(7)?,
                        created_at: r.get(8)?,
                    },
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows
    };
    // pushes of subscriptions forgotten meanwhile go with them
    tx.execute(
        "DELETE FROM push_outbox WHERE sent_at IS NULL AND failed_at IS NULL \
         AND subscription_id NOT IN (SELECT id FROM push_subscriptions)",
        (),
    )?;
    let mut out = Vec::new();
    for mut c in rows {
        c.attempts += 1;
        // claimed only if still due: one sender wins a row, so no job lease is needed (as the
        // SMS outbox's claim, sms/mod.rs, jobs.rs)
        let claimed = tx.execute(
            "UPDATE push_outbox SET attempts = ?1, next_at = ?2 WHERE seq = ?3 \
             AND sent_at IS NULL AND failed_at IS NULL AND next_at <= ?4",
            params![c.attempts, now + LEASE_SECS, c.seq, now],
        )?;
        if claimed == 0 {
            continue;
        }
        out.push(c);
    }
    tx.commit()?;
    Ok(out)
}

fn record(conn: &Connection, c: &Claimed, outcome: &Outcome, now: i64) -> Result<(), ApiError> {
    match outcome {
        Outcome::Sent => {
            conn.execute("UPDATE push_outbox SET sent_at = ?1, error = NULL, payload_json = '{}' WHERE seq = ?2", params![now, c.seq])?;
        }
        Outcome::Retry(why) if c.attempts < MAX_ATTEMPTS => {
            conn.execute(
                "UPDATE push_outbox SET next_at = ?1, error = ?2 WHERE seq = ?3",
                params![now + crate::sms::backoff(c.attempts), why, c.seq],
            )?;
        }
        Outcome::Gone => {
            conn.execute("DELETE FROM push_subscriptions WHERE id = ?1", params![c.sub.id])?;
            conn.execute("DELETE FROM push_outbox WHERE subscription_id = ?1", params![c.sub.id])?;
        }
        Outcome::Retry(why) | Outcome::Fail(why) => {
            tracing::warn!("a push was given up after {} attempt(s): {why}", c.attempts);
            conn.execute(
                "UPDATE push_outbox SET failed_at = ?1, error = ?2, payload_json = '{}' WHERE seq = ?3",
                params![now, why, c.seq],
            )?;
        }
    }
    Ok(())
}

/// The encrypted, VAPID-signed request of a push.
pub fn request(kp: &ES256KeyPair, contact: &str, sub: &Subscription, payload: &[u8]) -> Result<http::Request<Vec<u8>>, String> {
    let ua_public = URL_SAFE_NO_PAD.decode(&sub.p256dh).map_err(|e| e.to_string())?;
    let ua_public = p256::PublicKey::from_sec1_bytes(&ua_public).map_err(|e| e.to_string())?;
    let auth = URL_SAFE_NO_PAD.decode(&sub.auth).map_err(|e| e.to_string())?;
    if auth.len() != 16 {
        return Err("auth is not 16 bytes".into());
    }
    let builder = WebPushBuilder::new(sub.endpoint.parse().map_err(|e: http::uri::InvalidUri| e.to_string())?, ua_public, Auth::clone_from_slice(&auth))
        .with_valid_duration(std::time::Duration::from_secs(TTL_SECS))
        .with_vapid(kp, contact);
    builder.build(payload.to_vec()).map_err(|e| e.to_string())
}

async fn send(client: &reqwest::Client, cfg: &PushConfig, req: http::Request<Vec<u8>>) -> Outcome {
    let (parts, body) = req.into_parts();
    let mut url = parts.uri.to_string();
    if trusted(&cfg.plain_http, host_of(&url)) {
        url = url.replacen("https://", "http://", 1);
    }
    let mut b = client.post(url).header("Urgency", "normal");
    for (k, v) in &parts.headers {
        b = b.header(k.as_str(), v.as_bytes());
    }
    match b.body(body).send().await {
        Ok(res) => outcome(res.status().as_u16()),
        Err(e) => Outcome::Retry(format!("network: {e}")),
    }
}

/// One pass of the sender; how many pushes went. Nothing without `--web-push`.
pub async fn drain_once(state: &AppState, client: &reqwest::Client) -> Result<usize, ApiError> {
    let Some(cfg) = state.config().web_push.clone() else { return Ok(0) };
    let cfg = Arc::new(cfg);
    let now = state.now();
    let (kp, rows) = state
        .db()
        .call(move |conn| {
            let kp = vapid_key(conn, now)?;
            Ok((kp, claim(conn, now)?))
        })
        .await?;
    let mut sent = 0;
    for c in rows {
        let outcome = match request(&kp, &cfg.contact, &c.sub, c.payload.as_bytes()) {
            Ok(req) => send(client, &cfg, req).await,
            Err(e) => Outcome::Fail(e),
        };
        if outcome == Outcome::Sent {
            sent += 1;
        }
        let at = state.now();
        state.db().call(move |conn| record(conn, &c, &outcome, at)).await?;
    }
    Ok(sent)
}

/// Sends the push outbox while the server runs (with `--web-push`).
pub fn spawn_sender(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    state.config().web_push.as_ref()?;
    let client = crate::sms::client();
    Some(tokio::spawn(async move {
        loop {
            if let Err(e) = drain_once(&state, &client).await {
                tracing::warn!("push sender: {e:?}");
            }
            tokio::select! {
                _ = state.hub().push_wanted() => {}
                _ = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_trusted_push_services() {
        let hosts: Vec<String> = DEFAULT_HOSTS.iter().map(|h| (*h).to_owned()).collect();
        for ok in ["fcm.googleapis.com", "web.push.apple.com", "updates.push.services.mozilla.com", "wns2-par02p.notify.windows.com"] {
            assert!(trusted(&hosts, ok), "{ok}");
        }
        for no in ["push.apple.com.evil.example", "127.0.0.1", "localhost", "fcm.googleapis.com.evil", "evilpush.apple.com", "169.254.169.254"] {
            assert!(!trusted(&hosts, no), "{no}");
        }
        assert_eq!(host_of("https://fcm.googleapis.com/fcm/send/x?y"), "fcm.googleapis.com");
    }

    #[test]
    fn answers_of_push_services() {
        assert_eq!(outcome(201), Outcome::Sent);
        assert_eq!(outcome(410), Outcome::Gone);
        assert_eq!(outcome(404), Outcome::Gone);
        assert!(matches!(outcome(429), Outcome::Retry(_)));
        assert!(matches!(outcome(502), Outcome::Retry(_)));
        assert!(matches!(outcome(413), Outcome::Fail(_)));
        assert!(matches!(outcome(403), Outcome::Fail(_)));
    }

    #[test]
    fn the_vapid_key_is_made_once() {
        let c = crate::db::migrated_in_memory();
        let a = public_key(&vapid_key(&c, 0).unwrap());
        let b = public_key(&vapid_key(&c, 1).unwrap());
        assert_eq!(a, b);
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 65);
    }
}
