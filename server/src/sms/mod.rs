//! SMS: sign-in codes and the SMS channel of 提醒设置, sent through a provider adapter
//! ([`providers`]: Tencent Cloud, Aliyun, or a generic webhook) when the deployment configures
//! one (`--sms-config`); without it nothing is sent and the demo behaviour stays (codes in the
//! answer with `--demo`, alerts in the app only).
//!
//! What is to be sent goes into the `sms_outbox` table inside the transaction of what caused
//! it (a code stored, a notification made), so that nothing is sent for a change that was
//! rolled back and nothing is lost when the process stops; a sender task ([`spawn_sender`],
//! woken by each new row and every few seconds) claims due rows, sends them outside the
//! database lock and records the outcome: sent; tried again later with a growing wait (30 s,
//! 2 min, 8 min…) on a network error, a 5xx or 429 or the provider's rate limits; given up
//! after `max_attempts` or at once on an answer that will never change (a wrong number,
//! template or credentials). Once a row is sent or given up its text and parameters are
//! blanked: a sign-in code is not kept in the clear (`sms_codes` keeps only its hash).
//!
//! **The daily budget** (`daily_budget`, SMS per local day, all purposes): a code requested once
//! it is spent is refused (429) before anything is stored; an alert is dropped by the sender
//! (logged) — the in-app notification remains.

pub mod providers;

use std::sync::Arc;

use crate::sql::{params, Connection, OptionalExtension};
use serde::Deserialize;

pub use providers::{Outcome, Provider};

use crate::clock::DAY;
use crate::problem::ApiError;
use crate::AppState;

/// An SMS to send: the provider's template and its parameters in order, and the same as
/// plain text (for the webhook and the log).
#[derive(Debug, Clone, PartialEq)]
pub struct Sms {
    pub phone: String,
    pub template: String,
    pub params: Vec<String>,
    pub text: String,
}

/// The templates registered with the provider (their ids or codes), with the parameters
/// this server fills in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Templates {
    /// 验证码: `{1}` the code, `{2}` the minutes it is valid.
    pub code: String,
    /// 提醒: `{1}` what happened, in at most 20 characters ("陈志强回复了您的留言").
    pub alert: String,
}

/// `--sms-config <file>`: a JSON file (credentials do not belong on a command line).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsConfig {
    pub provider: Provider,
    /// 短信签名, as approved by the provider (龙湾镇人大).
    pub sign_name: String,
    pub templates: Templates,
    /// SMS per local day, all purposes together.
    #[serde(default = "default_budget")]
    pub daily_budget: u32,
    /// Attempts of one SMS before it is given up.
    #[serde(default = "default_attempts")]
    pub max_attempts: u32,
}

fn default_budget() -> u32 {
    500
}

fn default_attempts() -> u32 {
    5
}

impl SmsConfig {
    /// Reads and checks the configuration file's text.
    pub fn parse(text: &str) -> Result<SmsConfig, String> {
        let c: SmsConfig = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if c.sign_name.trim().is_empty() || c.templates.code.trim().is_empty() || c.templates.alert.trim().is_empty() {
            return Err("sign_name and both templates are required".into());
        }
        if c.max_attempts == 0 {
            return Err("max_attempts must be at least 1".into());
        }
        Ok(c)
    }
}

/// What a row is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Code,
    Alert,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Code => "code",
            Purpose::Alert => "alert",
        }
    }
}

/// Minutes a sign-in code is valid, as the code SMS says.
pub const CODE_MINUTES: i64 = crate::routes::auth::CODE_VALID_SECS / 60;
/// Characters of an alert's text at most (providers cap a template variable).
pub const ALERT_CHARS: usize = 20;
/// How long a claimed row waits before another claim (a sender that died mid-send).
const LEASE_SECS: i64 = 120;
/// Rows one pass of the sender claims.
const BATCH: i64 = 20;

/// The wait before attempt `n + 1` after `n` failed ones: 30 s × 4ⁿ⁻¹.
pub fn backoff(attempts: u32) -> i64 {
    30 * 4_i64.pow(attempts.saturating_sub(1).min(6))
}

/// The alert's text: at most [`ALERT_CHARS`] characters, "…" where it was cut.
pub fn alert_text(title: &str) -> String {
    let title = title.trim();
    if title.chars().count() <= ALERT_CHARS {
        title.to_owned()
    } else {
        let mut s: String = title.chars().take(ALERT_CHARS - 1).collect();
        s.push('…');
        s
    }
}

fn local_day(at: i64, tz: i64) -> i64 {
    (at + tz).div_euclid(DAY)
}

/// SMS counted against today's budget: sent, or still to be sent.
pub fn used_today(conn: &Connection, now: i64, tz: i64) -> Result<u32, ApiError> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM sms_outbox WHERE local_day = ?1 AND failed_at IS NULL",
        params![local_day(now, tz)],
        |r| r.get(0),
    )?)
}

/// Puts an SMS in the outbox (inside the caller's transaction).
pub fn enqueue(conn: &Connection, purpose: Purpose, sms: &Sms, now: i64, tz: i64) -> Result<(), ApiError> {
    let params_json = serde_json::to_string(&sms.params)?;
    conn.execute(
        "INSERT INTO sms_outbox (phone, purpose, template, params_json, text, created_at, local_day, next_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6)",
        params![sms.phone, purpose.as_str(), sms.template, params_json, sms.text, now, local_day(now, tz)],
    )?;
    Ok(())
}

/// The code SMS of `code` for `phone`.
pub fn code_sms(c: &SmsConfig, phone: &str, code: &str) -> Sms {
    Sms {
        phone: phone.to_owned(),
        template: c.templates.code.clone(),
        params: vec![code.to_owned(), CODE_MINUTES.to_string()],
        text: format!("【{}】您的验证码是{code}，{CODE_MINUTES}分钟内有效。如非本人操作，请忽略。", c.sign_name),
    }
}

/// Puts the SMS of an alert for `user_id` in the outbox (the notification's transaction),
/// when the user has a phone. The template is resolved when it is sent.
pub fn enqueue_alert(conn: &Connection, user_id: &str, title: &str, now: i64, tz: i64) -> Result<bool, ApiError> {
    let phone: Option<String> = conn
        .query_row("SELECT phone FROM users WHERE id = ?1", params![user_id], |r| r.get(0))
        .optional()?
        .flatten();
    let Some(phone) = phone.filter(|p| !p.is_empty()) else { return Ok(false) };
    let text = alert_text(title);
    let sms = Sms { phone, template: String::new(), params: vec![text.clone()], text: format!("{text}。请打开掌上人大查看。") };
    enqueue(conn, Purpose::Alert, &sms, now, tz)?;
    Ok(true)
}

/// A claimed row.
#[derive(Debug, Clone)]
struct Claimed {
    seq: i64,
    purpose: String,
    attempts: u32,
    sms: Sms,
}

/// Claims the due rows (their attempt counted, a lease set); alerts beyond today's budget are
/// given up here.
fn claim(conn: &mut Connection, c: &SmsConfig, now: i64, tz: i64) -> Result<Vec<Claimed>, ApiError> {
    let tx = conn.transaction()?;
    let rows = {
        let mut stmt = tx.prepare_cached(
            "SELECT seq, phone, purpose, template, params_json, text, attempts FROM sms_outbox \
             WHERE sent_at IS NULL AND failed_at IS NULL AND next_at <= ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![now, BATCH], |r| {
                let params_json: String = r.get(4)?;
                Ok(Claimed {
                    seq: r.get(0)?,
                    purpose: r.get(2)?,
                    attempts: r.get(6)?,
                    sms: Sms {
                        phone: r.get(1)?,
                        template: r.get(3)?,
                        params: serde_json::from_str(&params_json).unwrap_or_default(),
                        text: r.get(5)?,
                    },
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows
    };
    // what was sent today, and what is claimed now, against the budget
    let sent: u32 = tx.query_row(
        "SELECT COUNT(*) FROM sms_outbox WHERE local_day = ?1 AND sent_at IS NOT NULL",
        params![local_day(now, tz)],
        |r| r.get(0),
    )?;
    let mut room = c.daily_budget.saturating_sub(sent);
    let mut out = Vec::new();
    for mut row in rows {
        if row.purpose == "alert" && row.attempts == 0 && room == 0 {
            tracing::warn!("the daily SMS budget ({}) is spent: an alert is not sent by SMS", c.daily_budget);
            give_up(&tx, row.seq, "over the daily budget", now)?;
            continue;
        }
        row.attempts += 1;
        // Claimed only if still due: the condition makes the claim of a row one that a single
        // sender wins, whatever the others do meanwhile (several instances on one database, issue
        // 17 — on SQLite the transaction already excludes a second writer; on PostgreSQL's READ
        // COMMITTED the second UPDATE waits for the first and then finds the row leased). So the
        // sender needs no job lease (jobs.rs): every instance sends, never the same row twice.
        let claimed = tx.execute(
            "UPDATE sms_outbox SET attempts = ?1, next_at = ?2 WHERE seq = ?3 \
             AND sent_at IS NULL AND failed_at IS NULL AND next_at <= ?4",
            params![row.attempts, now + LEASE_SECS, row.seq, now],
        )?;
        if claimed == 0 {
            continue;
        }
        room = room.saturating_sub(1);
        if row.purpose == "alert" {
            row.sms.template = c.templates.alert.clone();
            row.sms.text = format!("【{}】{}", c.sign_name, row.sms.text);
        }
        out.push(row);
    }
    tx.commit()?;
    Ok(out)
}

fn give_up(conn: &Connection, seq: i64, why: &str, now: i64) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE sms_outbox SET failed_at = ?1, error = ?2, params_json = '[]', text = '' WHERE seq = ?3",
        params![now, why, seq],
    )?;
    Ok(())
}

/// Records what became of a claimed row.
fn record(conn: &Connection, c: &SmsConfig, row: &Claimed, outcome: &Outcome, now: i64) -> Result<(), ApiError> {
    match outcome {
        Outcome::Sent => {
            conn.execute(
                "UPDATE sms_outbox SET sent_at = ?1, error = NULL, params_json = '[]', text = '' WHERE seq = ?2",
                params![now, row.seq],
            )?;
        }
        Outcome::Retry(why) if row.attempts < c.max_attempts => {
            conn.execute(
                "UPDATE sms_outbox SET next_at = ?1, error = ?2 WHERE seq = ?3",
                params![now + backoff(row.attempts), why, row.seq],
            )?;
        }
        Outcome::Retry(why) | Outcome::Fail(why) => {
            tracing::warn!("an SMS ({}) was given up after {} attempt(s): {why}", row.purpose, row.attempts);
            give_up(conn, row.seq, why, now)?;
        }
    }
    Ok(())
}

/// One pass of the sender: claims the due rows, sends them, records the outcomes; how many
/// were sent. Nothing without a configuration.
pub async fn drain_once(state: &AppState, client: &reqwest::Client) -> Result<usize, ApiError> {
    let Some(c) = state.config().sms.clone() else { return Ok(0) };
    let c = Arc::new(c);
    let now = state.now();
    let tz = state.tz_secs();
    let c2 = Arc::clone(&c);
    let rows = state.db().call(move |conn| claim(conn, &c2, now, tz)).await?;
    let mut sent = 0;
    for (i, row) in rows.into_iter().enumerate() {
        let nonce = format!("{now}-{}-{i}", row.seq);
        let req = c.provider.request(&c.sign_name, &row.sms, now, &nonce);
        let outcome = providers::send(client, &c.provider, &req).await;
        if outcome == Outcome::Sent {
            sent += 1;
        }
        let c2 = Arc::clone(&c);
        let at = state.now();
        state.db().call(move |conn| record(conn, &c2, &row, &outcome, at)).await?;
    }
    Ok(sent)
}

/// The HTTP client of the providers: a timeout per request, no redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_default()
}

/// Sends the outbox while the server runs (when SMS is configured): at once when a row is
/// added, and every few seconds for the retries.
pub fn spawn_sender(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    state.config().sms.as_ref()?;
    let client = client();
    Some(tokio::spawn(async move {
        loop {
            if let Err(e) = drain_once(&state, &client).await {
                tracing::warn!("SMS sender: {e:?}");
            }
            tokio::select! {
                _ = state.hub().sms_wanted() => {}
                _ = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time() {
        assert_eq!([backoff(1), backoff(2), backoff(3), backoff(4)], [30, 120, 480, 1920]);
        assert_eq!(backoff(40), backoff(7), "capped");
    }

    #[test]
    fn an_alert_fits_a_template_variable() {
        assert_eq!(alert_text(" 陈志强回复了您的留言 "), "陈志强回复了您的留言");
        let long = alert_text("您关注的议题“关于村道路灯维修和夜间照明改造的建议”已结束并公布结论");
        assert_eq!(long.chars().count(), ALERT_CHARS);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn a_configuration_names_its_provider_and_templates() {
        let c = SmsConfig::parse(
            r#"{"provider": {"kind": "tencent", "secret_id": "id", "secret_key": "key", "sdk_app_id": "1400000000"},
                "sign_name": "龙湾镇人大", "templates": {"code": "100001", "alert": "100002"}}"#,
        )
        .unwrap();
        assert!(matches!(c.provider, Provider::Tencent { ref region, .. } if region == "ap-guangzhou"));
        assert_eq!((c.daily_budget, c.max_attempts), (500, 5));
        assert!(SmsConfig::parse(r#"{"provider": {"kind": "carrier_pigeon"}, "sign_name": "x", "templates": {"code": "1", "alert": "2"}}"#).is_err());
        assert!(SmsConfig::parse(r#"{"provider": {"kind": "webhook", "url": "http://x"}, "sign_name": " ", "templates": {"code": "1", "alert": "2"}}"#).is_err());
        let code = code_sms(&c, "13800000000", "482913");
        assert_eq!(code.params, ["482913", "5"]);
        assert!(code.text.starts_with("【龙湾镇人大】") && code.text.contains("482913"));
    }
}
