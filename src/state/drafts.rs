//! Drafts: what a user is writing — a new message, a reply, a follow-up question — kept on
//! the device as they type, in one format, with the one rule for its `Idempotency-Key`.
//!
//! A [`Draft`] is the value being written and the key of the request it becomes. The key is
//! made when the draft starts. Sending the same content again reuses it (a retry after a
//! lost answer gets the first result, never a duplicate); sending changed content after an
//! attempt takes a new one (the backend refuses a key reused with another body: 409). The
//! content last sent is remembered as a fingerprint, so the rule survives a reload.
//!
//! Stored under the signed-in user's keys (`SessionState::user_key`), as JSON: the key, the
//! fingerprint and the value's own fields side by side (`{"key":…,"sent":…,"title":…}`: the
//! format new-message drafts and the outbox have always had).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::state::session::SessionState;
use crate::state::storage::{self, QuotaExceeded};

/// Something being written, with the idempotency key of the request it becomes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft<T> {
    /// The `Idempotency-Key` to send it with.
    pub key: String,
    /// Fingerprint of the content last sent with `key`, if it was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent: Option<String>,
    #[serde(flatten)]
    pub value: T,
}

/// A draft that is one text (a reply, a follow-up question).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Text {
    #[serde(default)]
    pub text: String,
}

impl<T> Draft<T> {
    /// A new draft of `value` with a fresh key.
    pub fn new(value: T) -> Draft<T> {
        Draft::with_key(storage::new_key(), value)
    }

    pub fn with_key(key: String, value: T) -> Draft<T> {
        Draft {
            key,
            sent: None,
            value,
        }
    }
}

// The value's fields read through the draft (`draft.title`), as they are stored beside the key.
impl<T> std::ops::Deref for Draft<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> std::ops::DerefMut for Draft<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: Serialize> Draft<T> {
    /// The key to send the draft's content with now (the rule above), remembering that this
    /// content was sent. `fresh` makes a new key (`storage::new_key` in the app).
    pub fn key_for_send(&mut self, fresh: impl FnOnce() -> String) -> String {
        let now = fingerprint(&self.value);
        if self.sent.as_ref().is_some_and(|before| *before != now) || self.key.is_empty() {
            self.key = fresh();
        }
        self.sent = Some(now);
        self.key.clone()
    }
}

/// FNV-1a (64 bits) of the value's JSON, in hex: enough to tell changed content apart.
pub fn fingerprint<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in json.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut out = String::with_capacity(16);
    for i in (0..16).rev() {
        out.push(char::from(
            b"0123456789abcdef"[((h >> (i * 4)) & 15) as usize],
        ));
    }
    out
}

/// Reads a stored draft; an unreadable one is `None`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<Draft<T>> {
    serde_json::from_str::<Draft<T>>(text)
        .ok()
        .filter(|d| !d.key.is_empty())
}

/// Reads a stored text draft, also in the two formats earlier versions wrote (the key, a
/// newline and the text for follow-ups; the bare text for replies), so that what someone was
/// typing survives the update. (Those readers can go once no such drafts are left.)
pub fn parse_text(stored: &str) -> Option<Draft<Text>> {
    if let Some(d) = parse::<Text>(stored) {
        return Some(d);
    }
    if stored.starts_with('{') {
        return None;
    }
    let legacy = match stored.split_once('\n') {
        Some((key, text)) if is_uuid(key) => Draft::with_key(
            key.to_string(),
            Text {
                text: text.to_string(),
            },
        ),
        _ => Draft::with_key(
            String::new(),
            Text {
                text: stored.to_string(),
            },
        ),
    };
    (!legacy.value.text.trim().is_empty()).then_some(legacy)
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36 && s.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

/// The signed-in user's draft `name` (e.g. `draft.new`, `reply.<message id>`).
pub fn load<T: DeserializeOwned>(session: SessionState, name: &str) -> Option<Draft<T>> {
    parse(&storage::read_text(&session.user_key(name)?)?)
}

/// The signed-in user's text draft `name`, or a new empty one.
pub fn load_text(session: SessionState, name: &str) -> Draft<Text> {
    let mut d = session
        .user_key(name)
        .and_then(|k| storage::read_text(&k))
        .and_then(|t| parse_text(&t))
        .unwrap_or_default();
    if d.key.is_empty() {
        d.key = storage::new_key();
    }
    d
}

/// Saves the signed-in user's draft `name`.
pub fn save<T: Serialize>(
    session: SessionState,
    name: &str,
    draft: &Draft<T>,
) -> Result<(), QuotaExceeded> {
    storage::write(&session.user_key(name).ok_or(QuotaExceeded)?, draft)
}

/// Forgets the signed-in user's draft `name` (sent, or emptied).
pub fn clear(session: SessionState, name: &str) {
    if let Some(k) = session.user_key(name) {
        storage::forget(&k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Text {
        Text { text: t.into() }
    }

    #[test]
    fn one_key_rule() {
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            format!("k{n}")
        };
        let mut d = Draft::with_key("k0".into(), text("答复"));
        assert_eq!(
            d.key_for_send(&mut fresh),
            "k0",
            "the first send uses the draft's key"
        );
        assert_eq!(
            d.key_for_send(&mut fresh),
            "k0",
            "a retry of the same content keeps it"
        );
        d.value.text = "答复（改）".into();
        assert_eq!(
            d.key_for_send(&mut fresh),
            "k1",
            "changed content after a send: a new key"
        );
        assert_eq!(d.key_for_send(&mut fresh), "k1");
        // The rule survives storing and reading the draft.
        let stored = serde_json::to_string(&d).unwrap();
        let mut back: Draft<Text> = parse(&stored).unwrap();
        assert_eq!(back.key_for_send(&mut fresh), "k1");
        back.value.text = "又改".into();
        assert_eq!(back.key_for_send(&mut fresh), "k2");
        // Editing before any send keeps the key.
        let mut d = Draft::with_key("k9".into(), text("a"));
        d.value.text = "ab".into();
        assert_eq!(d.key_for_send(&mut fresh), "k9");
    }

    #[test]
    fn stored_flat_beside_the_key() {
        let d = Draft::with_key("k".into(), text("路灯"));
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"key":"k","text":"路灯"}"#
        );
        assert_eq!(
            parse::<Text>(r#"{"key":"k","text":"路灯","extra":1}"#),
            Some(d)
        );
        assert_eq!(parse::<Text>(r#"{"text":"no key"}"#), None);
        assert_eq!(parse::<Text>(r#"{"key":"","text":"x"}"#), None);
        assert_eq!(parse::<Text>("not json"), None);
    }

    #[test]
    fn earlier_text_formats_still_read() {
        let key = "6f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
        let d = parse_text(&format!("{key}\n第一行\n第二行")).unwrap();
        assert_eq!(
            (d.key.as_str(), d.value.text.as_str()),
            (key, "第一行\n第二行")
        );
        let d = parse_text("一段答复\n两行").unwrap();
        assert_eq!(
            (d.key.as_str(), d.value.text.as_str()),
            ("", "一段答复\n两行"),
            "a bare reply: a key is made on load"
        );
        assert_eq!(parse_text("   "), None);
        assert_eq!(parse_text(r#"{"broken":"#), None);
        let json = serde_json::to_string(&Draft::with_key("k".into(), text("t"))).unwrap();
        assert_eq!(parse_text(&json).unwrap().value.text, "t");
    }

    #[test]
    fn fingerprints_tell_content_apart() {
        assert_eq!(fingerprint(&text("a")), fingerprint(&text("a")));
        assert_ne!(fingerprint(&text("a")), fingerprint(&text("b")));
        assert_eq!(fingerprint(&text("a")).len(), 16);
    }
}
