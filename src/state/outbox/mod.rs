//! Drafts and the outbox of new messages.
//!
//! A [`MessageDraft`] is what the user is typing on the compose screen; it is kept on the
//! device (`state::drafts`, name `draft.new`) as they type, with its `Idempotency-Key` made
//! when the draft was started. Sending moves it into the [`Outbox`] (`user_key("outbox")`), a
//! list of [`Entry`]s that are delivered — photos uploaded (their ids kept in the entry, so a
//! retry does not upload again), then `POST /messages` with the draft's key. An entry leaves
//! the outbox only when the backend created the message; transient failures keep it for a
//! retry (when the device comes back online, when the app starts, after a backoff or a
//! `Retry-After`), and a rejection (400…) keeps it as [`State::Rejected`] for the user to
//! correct.
//!
//! The model (storage format, validation, the retry rules) is plain Rust with native tests
//! (`tests.rs`); the runner (`runner.rs`) drives it in the browser.

mod runner;
#[cfg(test)]
mod tests;

use contract::{rules, FieldError, HandlerKind, Location, NewMessage, Recipient, BODY_MAX, BODY_MIN, MAX_PHOTOS, TITLE_MAX, TITLE_MIN};
use serde::{Deserialize, Serialize};

use crate::api::ApiError;
use crate::state::drafts::Draft;
use crate::state::storage::{lenient_list, or_default};

pub use runner::*;

// ---------------------------------------------------------------------------
// Drafts
// ---------------------------------------------------------------------------

/// A photo of a draft: the downscaled JPEG as a data URL, and its upload id once uploaded.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Photo {
    #[serde(rename = "data", default, deserialize_with = "or_default")]
    pub data_url: String,
    #[serde(
        default,
        deserialize_with = "or_default",
        skip_serializing_if = "Option::is_none"
    )]
    pub upload_id: Option<String>,
}

/// What a new message says, as the compose form holds it. Stored leniently: a field of the
/// wrong type reads as empty and a bad photo is dropped, so that what is readable of a
/// damaged draft is kept.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Compose {
    #[serde(
        deserialize_with = "or_default",
        skip_serializing_if = "Option::is_none"
    )]
    pub to_kind: Option<HandlerKind>,
    #[serde(deserialize_with = "or_default")]
    pub to_id: String,
    #[serde(deserialize_with = "or_default")]
    pub to_name: String,
    #[serde(deserialize_with = "or_default")]
    pub category_id: String,
    #[serde(deserialize_with = "or_default")]
    pub title: String,
    #[serde(deserialize_with = "or_default")]
    pub body: String,
    #[serde(deserialize_with = "or_default")]
    pub public: bool,
    #[serde(deserialize_with = "or_default")]
    pub place: String,
    #[serde(
        deserialize_with = "or_default",
        skip_serializing_if = "Option::is_none"
    )]
    pub lat: Option<f64>,
    #[serde(
        deserialize_with = "or_default",
        skip_serializing_if = "Option::is_none"
    )]
    pub lng: Option<f64>,
    #[serde(deserialize_with = "lenient_list")]
    pub photos: Vec<Photo>,
    /// The poster whose QR code began the visit it was sent in (`state::poster_visit`; set
    /// when it is sent). Only counted by the backend.
    #[serde(deserialize_with = "or_default", skip_serializing_if = "String::is_empty")]
    pub via: String,
}

/// A message being written: its content and the key of the request it becomes.
pub type MessageDraft = Draft<Compose>;

/// Characters as people count them (not bytes), ignoring surrounding spaces.
pub fn char_count(s: &str) -> usize {
    s.trim().chars().count()
}

impl Compose {
    /// Nothing typed or chosen yet (a recipient alone does not count).
    pub fn is_blank(&self) -> bool {
        self.title.trim().is_empty()
            && self.body.trim().is_empty()
            && self.photos.is_empty()
            && self.place.trim().is_empty()
            && self.category_id.is_empty()
    }

    /// What may be kept of a stored draft: only image data URLs as photos (at most
    /// `MAX_PHOTOS`), a position only with both coordinates.
    fn sanitised(mut self) -> Compose {
        if self.to_kind == Some(HandlerKind::Unknown) {
            self.to_kind = None;
        }
        self.photos
            .retain(|p| p.data_url.starts_with("data:image/"));
        self.photos.truncate(MAX_PHOTOS);
        if self.lat.is_none() || self.lng.is_none() {
            (self.lat, self.lng) = (None, None);
        }
        self
    }

    /// The request body, with the photos' upload ids (all photos must be uploaded).
    pub fn new_message(&self) -> NewMessage {
        let place = self.place.trim();
        let location = (!place.is_empty() || self.lat.is_some()).then(|| Location {
            label: place.to_string(),
            lat: self.lat,
            lng: self.lng,
        });
        NewMessage {
            recipient: Recipient {
                kind: self.to_kind.unwrap_or_default(),
                id: self.to_id.clone(),
            },
            category_id: self.category_id.clone(),
            title: self.title.trim().to_string(),
            body: self.body.trim().to_string(),
            photo_ids: self
                .photos
                .iter()
                .filter_map(|p| p.upload_id.clone())
                .collect(),
            location,
            public: self.public,
            via: contract::rules::valid_id(&self.via).then(|| self.via.clone()),
        }
    }
}

/// Reads a stored message draft; anything unreadable is `None` (ignored, never a crash).
pub fn parse_draft(text: &str) -> Option<MessageDraft> {
    crate::state::drafts::parse::<Compose>(text).map(|d| Draft {
        value: d.value.sanitised(),
        ..d
    })
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

/// A field of the compose form (named as the contract's `errors[].field`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Recipient,
    Category,
    Title,
    Body,
    Photos,
    Location,
    /// Not a field: shown above the send button.
    Other,
}

impl Field {
    /// The field of a contract error name (`recipient`, `category_id`, `recipient.id`…).
    pub fn from_contract(name: &str) -> Field {
        match name.split(['.', '[']).next().unwrap_or("") {
            "recipient" => Field::Recipient,
            "category_id" | "category" => Field::Category,
            "title" => Field::Title,
            "body" => Field::Body,
            "photo_ids" | "photos" => Field::Photos,
            "location" => Field::Location,
            _ => Field::Other,
        }
    }

    /// The id of the form control (for `aria-describedby` and focusing).
    pub fn input_id(self) -> &'static str {
        match self {
            Field::Recipient => "compose-recipient",
            Field::Category => "compose-category",
            Field::Title => "compose-title",
            Field::Body => "compose-body",
            Field::Photos => "compose-photos",
            Field::Location => "compose-place",
            Field::Other => "compose-send",
        }
    }
}

/// What is wrong with a field, found locally.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    Missing,
    TooShort(usize),
    TooLong(usize),
}

/// Local checks of a draft, in form order: the contract's own rules of a new message (what the
/// server checks as well, `NewMessage::check`), as checks of the form's fields. Anything the
/// form cannot say better itself (a place of a wrong shape…) is left to the server's answer,
/// which shows at its field too.
pub fn validate(d: &Compose) -> Vec<(Field, Check)> {
    let mut out: Vec<(Field, Check)> = d.new_message().check().iter().filter_map(local_check).collect();
    // (Only uploaded photos are in the request yet; the form counts them all.)
    if d.photos.len() > MAX_PHOTOS {
        out.push((Field::Photos, Check::TooLong(MAX_PHOTOS)));
    }
    out
}

fn local_check(e: &FieldError) -> Option<(Field, Check)> {
    let field = Field::from_contract(&e.field);
    let (min, max) = match field {
        Field::Title => (TITLE_MIN, TITLE_MAX),
        Field::Body => (BODY_MIN, BODY_MAX),
        Field::Recipient | Field::Category => (0, 0),
        _ => return None,
    };
    Some((field, match e.code.as_str() {
        rules::REQUIRED => Check::Missing,
        rules::INVALID if matches!(field, Field::Recipient | Field::Category) => Check::Missing,
        rules::TOO_SHORT => Check::TooShort(min),
        rules::TOO_LONG => Check::TooLong(max),
        _ => return None,
    }))
}

// ---------------------------------------------------------------------------
// The outbox
// ---------------------------------------------------------------------------

/// Where an entry stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// To be delivered (again) once `not_before` has passed.
    #[default]
    Waiting,
    /// The backend refused it as it is (400, 409…): the user must change or delete it.
    Rejected,
}

/// Why the last attempt did not deliver it (shown on the entry). (Stored with these names; an
/// unknown one reads as `None`, see `Entry`.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Note {
    /// Never tried yet.
    #[default]
    #[serde(rename = "")]
    None,
    /// The device is offline: waits for the network.
    #[serde(rename = "offline")]
    Offline,
    /// Network error, time-out, server error: retried after a backoff.
    #[serde(rename = "failed")]
    Failed,
    /// 429: retried after the wait.
    #[serde(rename = "wait")]
    RateLimited,
    /// 401: delivered after the user signs in again.
    #[serde(rename = "sign_in")]
    SignIn,
    /// 400 and other refusals.
    #[serde(rename = "rejected")]
    Rejected,
}

/// A message waiting to be sent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub draft: MessageDraft,
    #[serde(default, deserialize_with = "or_default")]
    pub state: State,
    #[serde(default, deserialize_with = "or_default")]
    pub note: Note,
    /// The error as the user was told (their language at the time).
    #[serde(default, deserialize_with = "or_default")]
    pub detail: String,
    /// Field errors of a 400 (`field`, message).
    #[serde(default, deserialize_with = "lenient_list")]
    pub errors: Vec<(String, String)>,
    #[serde(default, deserialize_with = "or_default")]
    pub attempts: u32,
    /// Not before this time (ms since the epoch).
    #[serde(default, deserialize_with = "or_default")]
    pub not_before: f64,
    /// When it was put in the outbox (ms since the epoch).
    #[serde(default, deserialize_with = "or_default")]
    pub queued_at: f64,
}

/// How a failed attempt is treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Offline,
    /// Network error, time-out, 408, 5xx, an unreadable answer: try again later.
    Transient,
    RateLimited(Option<u32>),
    Unauthorized,
    /// 400, 413, 415, 422: the content must change.
    Invalid,
    /// Other refusals (403, 404, 409…).
    Refused,
}

pub fn classify(e: &ApiError) -> Class {
    match e {
        ApiError::Offline => Class::Offline,
        ApiError::Network(_) | ApiError::Timeout | ApiError::Decode(_) | ApiError::Aborted => {
            Class::Transient
        }
        ApiError::Http {
            status,
            retry_after,
            ..
        } => match status {
            401 => Class::Unauthorized,
            429 => Class::RateLimited(*retry_after),
            408 | 500..=599 => Class::Transient,
            400 | 413 | 415 | 422 => Class::Invalid,
            _ => Class::Refused,
        },
    }
}

/// Delay before the next automatic try after `attempts` transient failures: 30 s, 1 min,
/// 2 min… up to 10 min (and at once when the device comes back online).
pub fn backoff_ms(attempts: u32) -> f64 {
    (30_000.0 * f64::from(1u32 << attempts.saturating_sub(1).min(5))).min(600_000.0)
}

/// Without a `Retry-After`, a rate-limited entry waits this long.
const DEFAULT_WAIT_SECS: u32 = 60;

/// The outbox of one user, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outbox {
    pub entries: Vec<Entry>,
}

impl Outbox {
    pub fn find(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.draft.key == key)
    }

    fn find_mut(&mut self, key: &str) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| e.draft.key == key)
    }

    /// Puts a draft in the outbox (replacing an entry with the same key: one entry per key).
    pub fn put(&mut self, draft: MessageDraft, now: f64) {
        let entry = Entry {
            draft,
            queued_at: now,
            ..Default::default()
        };
        match self.find_mut(&entry.draft.key) {
            Some(e) => *e = entry,
            None => self.entries.push(entry),
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Entry> {
        let i = self.entries.iter().position(|e| e.draft.key == key)?;
        Some(self.entries.remove(i))
    }

    /// Whether `key` may be tried now: waiting, and due (or `force`d by the user).
    pub fn is_due(&self, key: &str, now: f64, force: bool) -> bool {
        self.find(key)
            .is_some_and(|e| e.state == State::Waiting && (force || e.not_before <= now))
    }

    /// The keys to try now.
    pub fn due(&self, now: f64) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| e.state == State::Waiting && e.not_before <= now)
            .map(|e| e.draft.key.clone())
            .collect()
    }

    /// The earliest future time an entry becomes due (to wake up then), if any. Entries that
    /// wait for the network or a sign-in are left to those events.
    pub fn next_wake(&self, now: f64) -> Option<f64> {
        self.entries
            .iter()
            .filter(|e| {
                e.state == State::Waiting
                    && e.not_before > now
                    && matches!(e.note, Note::Failed | Note::RateLimited)
            })
            .map(|e| e.not_before)
            .reduce(f64::min)
    }

    /// Records that photo `i` of `key` was uploaded as `id`.
    pub fn set_upload(&mut self, key: &str, i: usize, id: String) {
        if let Some(p) = self.find_mut(key).and_then(|e| e.draft.photos.get_mut(i)) {
            p.upload_id = Some(id);
        }
    }

    /// Records the outcome of an attempt. Delivered: the entry leaves the outbox.
    pub fn finish(&mut self, key: &str, outcome: Result<(), (&ApiError, String)>, now: f64) {
        let Some(e) = self.find_mut(key) else { return };
        let (error, detail) = match outcome {
            Ok(()) => {
                self.remove(key);
                return;
            }
            Err(x) => x,
        };
        e.detail = detail;
        e.errors.clear();
        match classify(error) {
            Class::Offline => {
                e.note = Note::Offline;
                e.not_before = now;
            }
            Class::Transient => {
                e.attempts += 1;
                e.note = Note::Failed;
                e.not_before = now + backoff_ms(e.attempts);
            }
            Class::RateLimited(secs) => {
                e.note = Note::RateLimited;
                e.not_before = now + f64::from(secs.unwrap_or(DEFAULT_WAIT_SECS)) * 1000.0;
            }
            Class::Unauthorized => {
                e.note = Note::SignIn;
                e.not_before = now;
            }
            Class::Invalid | Class::Refused => {
                e.state = State::Rejected;
                e.note = Note::Rejected;
                e.errors = error
                    .field_errors()
                    .iter()
                    .map(|f: &FieldError| (f.field.clone(), f.message.clone()))
                    .collect();
                // Refused photos (too old to attach, unknown…) are uploaded again next time.
                if e.errors
                    .iter()
                    .any(|(f, _)| Field::from_contract(f) == Field::Photos)
                {
                    e.draft.photos.iter_mut().for_each(|p| p.upload_id = None);
                }
            }
        }
    }

    /// The user asks to try now.
    pub fn retry_now(&mut self, key: &str) {
        if let Some(e) = self.find_mut(key) {
            if e.state == State::Waiting {
                e.not_before = 0.0;
            }
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.entries).unwrap_or_else(|_| "[]".into())
    }

    /// Reads a stored outbox; unreadable entries are dropped (and a second entry with a key
    /// already seen), an unreadable text is empty.
    pub fn from_json(text: &str) -> Outbox {
        let entries: Vec<Entry> =
            lenient_list(&mut serde_json::Deserializer::from_str(text)).unwrap_or_default();
        let mut outbox = Outbox::default();
        for mut e in entries {
            if e.draft.key.is_empty() || outbox.find(&e.draft.key).is_some() {
                continue;
            }
            e.draft.value = e.draft.value.sanitised();
            e.attempts = e.attempts.min(1000);
            e.not_before = e.not_before.max(0.0);
            e.queued_at = e.queued_at.max(0.0);
            outbox.entries.push(e);
        }
        outbox
    }
}

/// Requests in flight, by key: one delivery per key at a time (a second tap, the `online`
/// event and the start-up run do not send it again while it is on its way).
#[derive(Debug, Default)]
pub struct InFlight(Vec<String>);

impl InFlight {
    /// Takes `key` for a delivery; false if it is already being delivered.
    pub fn claim(&mut self, key: &str) -> bool {
        if self.0.iter().any(|k| k == key) {
            return false;
        }
        self.0.push(key.to_string());
        true
    }

    pub fn release(&mut self, key: &str) {
        self.0.retain(|k| k != key);
    }

    pub fn contains(&self, key: &str) -> bool {
        self.0.iter().any(|k| k == key)
    }
}
