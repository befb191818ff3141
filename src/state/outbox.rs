//! Drafts and the outbox of new messages.
//!
//! A [`Draft`] is what the user is typing on the compose screen; it is kept in localStorage
//! (`user_key("draft.new")`) as they type, with its `Idempotency-Key` made when the draft was
//! started. Sending moves it into the [`Outbox`] (`user_key("outbox")`), a list of [`Entry`]s
//! that are delivered — photos uploaded (their ids kept in the entry, so a retry does not
//! upload again), then `POST /messages` with the draft's key. An entry leaves the outbox only
//! when the backend created the message; transient failures keep it for a retry (when the
//! device comes back online, when the app starts, after a backoff or a `Retry-After`), and a
//! rejection (400…) keeps it as [`State::Rejected`] for the user to correct.
//!
//! The model (storage format, validation, the retry rules) is plain Rust with native tests;
//! the runner at the end drives it in the browser.

use contract::{FieldError, HandlerKind, Location, NewMessage, Recipient, BODY_MAX, BODY_MIN, MAX_PHOTOS, TITLE_MAX, TITLE_MIN};

use crate::api::encode::{quote, Obj};
use crate::api::json::{self, J};
use crate::api::ApiError;

// ---------------------------------------------------------------------------
// Drafts
// ---------------------------------------------------------------------------

/// A photo of a draft: the downscaled JPEG as a data URL, and its upload id once uploaded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Photo {
    pub data_url: String,
    pub upload_id: Option<String>,
}

/// A message being written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    /// The `Idempotency-Key` of this draft.
    pub key: String,
    pub to_kind: Option<HandlerKind>,
    pub to_id: String,
    pub to_name: String,
    pub category_id: String,
    pub title: String,
    pub body: String,
    pub public: bool,
    pub place: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub photos: Vec<Photo>,
}

/// Characters as people count them (not bytes), ignoring surrounding spaces.
pub fn char_count(s: &str) -> usize {
    s.trim().chars().count()
}

fn get<'a>(o: &'a J, name: &str) -> Option<&'a J> {
    match o {
        J::Obj(entries) => entries.iter().find(|(k, _)| matches!(k, J::Str(s) if s == name)).map(|(_, v)| v),
        _ => None,
    }
}

fn get_str(o: &J, name: &str) -> String {
    match get(o, name) {
        Some(J::Str(s)) => s.clone(),
        _ => String::new(),
    }
}

fn get_opt_str(o: &J, name: &str) -> Option<String> {
    match get(o, name) {
        Some(J::Str(s)) => Some(s.clone()),
        _ => None,
    }
}

fn get_f64(o: &J, name: &str) -> Option<f64> {
    get(o, name).and_then(json::float)
}

fn get_u64(o: &J, name: &str) -> u64 {
    match get(o, name) {
        Some(J::Int(n)) => *n,
        _ => 0,
    }
}

fn get_bool(o: &J, name: &str) -> bool {
    matches!(get(o, name), Some(J::Bool(true)))
}

impl Draft {
    pub fn new(key: String) -> Draft {
        Draft { key, ..Default::default() }
    }

    /// Nothing typed or chosen yet (a recipient alone does not count).
    pub fn is_blank(&self) -> bool {
        self.title.trim().is_empty()
            && self.body.trim().is_empty()
            && self.photos.is_empty()
            && self.place.trim().is_empty()
            && self.category_id.is_empty()
    }

    pub fn to_json(&self) -> String {
        let photos: Vec<String> = self
            .photos
            .iter()
            .map(|p| Obj::new().str("data", &p.data_url).opt_str("upload_id", p.upload_id.as_deref()).finish())
            .collect();
        let mut o = Obj::new()
            .str("key", &self.key)
            .opt_str("to_kind", self.to_kind.map(|k| k.as_str()))
            .str("to_id", &self.to_id)
            .str("to_name", &self.to_name)
            .str("category_id", &self.category_id)
            .str("title", &self.title)
            .str("body", &self.body)
            .bool("public", self.public)
            .str("place", &self.place);
        if let (Some(lat), Some(lng)) = (self.lat, self.lng) {
            o = o.float("lat", lat).float("lng", lng);
        }
        o.raw("photos", &format!("[{}]", photos.join(","))).finish()
    }

    fn from_j(v: &J) -> Option<Draft> {
        let key = get_str(v, "key");
        if key.is_empty() {
            return None;
        }
        let photos = match get(v, "photos") {
            Some(J::Arr(items)) => items
                .iter()
                .filter_map(|p| {
                    let data_url = get_str(p, "data");
                    data_url.starts_with("data:image/").then(|| Photo { data_url, upload_id: get_opt_str(p, "upload_id") })
                })
                .take(MAX_PHOTOS)
                .collect(),
            _ => Vec::new(),
        };
        let (lat, lng) = match (get_f64(v, "lat"), get_f64(v, "lng")) {
            (Some(a), Some(b)) => (Some(a), Some(b)),
            _ => (None, None),
        };
        Some(Draft {
            key,
            to_kind: get_opt_str(v, "to_kind").and_then(|k| HandlerKind::parse(&k)),
            to_id: get_str(v, "to_id"),
            to_name: get_str(v, "to_name"),
            category_id: get_str(v, "category_id"),
            title: get_str(v, "title"),
            body: get_str(v, "body"),
            public: get_bool(v, "public"),
            place: get_str(v, "place"),
            lat,
            lng,
            photos,
        })
    }

    /// Reads a stored draft; anything unreadable is `None` (ignored, never a crash).
    pub fn from_json(text: &str) -> Option<Draft> {
        Draft::from_j(&json::parse(text)?)
    }

    /// The request body, with the photos' upload ids (all photos must be uploaded).
    pub fn new_message(&self) -> NewMessage {
        let place = self.place.trim();
        let location = (!place.is_empty() || self.lat.is_some())
            .then(|| Location { label: place.to_string(), lat: self.lat, lng: self.lng });
        NewMessage {
            recipient: Recipient { kind: self.to_kind.unwrap_or_default(), id: self.to_id.clone() },
            category_id: self.category_id.clone(),
            title: self.title.trim().to_string(),
            body: self.body.trim().to_string(),
            photo_ids: self.photos.iter().filter_map(|p| p.upload_id.clone()).collect(),
            location,
            public: self.public,
        }
    }
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

/// Local checks of a draft, in form order.
pub fn validate(d: &Draft) -> Vec<(Field, Check)> {
    let mut out = Vec::new();
    if d.to_kind.is_none() || d.to_id.is_empty() {
        out.push((Field::Recipient, Check::Missing));
    }
    if d.category_id.is_empty() {
        out.push((Field::Category, Check::Missing));
    }
    for (field, text, min, max) in [(Field::Title, &d.title, TITLE_MIN, TITLE_MAX), (Field::Body, &d.body, BODY_MIN, BODY_MAX)] {
        let n = char_count(text);
        if n == 0 {
            out.push((field, Check::Missing));
        } else if n < min {
            out.push((field, Check::TooShort(min)));
        } else if n > max {
            out.push((field, Check::TooLong(max)));
        }
    }
    if d.photos.len() > MAX_PHOTOS {
        out.push((Field::Photos, Check::TooLong(MAX_PHOTOS)));
    }
    out
}

// ---------------------------------------------------------------------------
// Idempotency keys
// ---------------------------------------------------------------------------

/// A version-4 UUID from 16 random bytes (the fallback when `crypto.randomUUID` is missing).
pub fn uuid_from_bytes(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(HEX[(byte >> 4) as usize] as char);
        s.push(HEX[(byte & 15) as usize] as char);
    }
    s
}

/// A new idempotency key: `crypto.randomUUID()`, or a UUID from `crypto.getRandomValues`
/// / `Math.random` where that is missing (older webviews).
pub fn new_key() -> String {
    use js_sys::Reflect;
    use wasm_bindgen::{JsCast, JsValue};
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).ok().filter(|c| c.is_object());
    if let Some(c) = &crypto {
        if let Ok(f) = Reflect::get(c, &JsValue::from_str("randomUUID")).and_then(|f| f.dyn_into::<js_sys::Function>()) {
            if let Some(s) = f.call0(c).ok().and_then(|v| v.as_string()).filter(|s| s.len() == 36) {
                return s;
            }
        }
    }
    let mut bytes = [0u8; 16];
    let array = js_sys::Uint8Array::new_with_length(16);
    let filled = crypto
        .and_then(|c| {
            let f = Reflect::get(&c, &JsValue::from_str("getRandomValues")).ok()?.dyn_into::<js_sys::Function>().ok()?;
            f.call1(&c, &array).ok()
        })
        .is_some();
    if filled {
        array.copy_to(&mut bytes);
    } else {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    uuid_from_bytes(bytes)
}

// ---------------------------------------------------------------------------
// The outbox
// ---------------------------------------------------------------------------

/// Where an entry stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum State {
    /// To be delivered (again) once `not_before` has passed.
    #[default]
    Waiting,
    /// The backend refused it as it is (400, 409…): the user must change or delete it.
    Rejected,
}

/// Why the last attempt did not deliver it (shown on the entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Note {
    /// Never tried yet.
    #[default]
    None,
    /// The device is offline: waits for the network.
    Offline,
    /// Network error, time-out, server error: retried after a backoff.
    Failed,
    /// 429: retried after the wait.
    RateLimited,
    /// 401: delivered after the user signs in again.
    SignIn,
    /// 400 and other refusals.
    Rejected,
}

impl Note {
    fn code(self) -> &'static str {
        match self {
            Note::None => "",
            Note::Offline => "offline",
            Note::Failed => "failed",
            Note::RateLimited => "wait",
            Note::SignIn => "sign_in",
            Note::Rejected => "rejected",
        }
    }

    fn parse(s: &str) -> Note {
        match s {
            "offline" => Note::Offline,
            "failed" => Note::Failed,
            "wait" => Note::RateLimited,
            "sign_in" => Note::SignIn,
            "rejected" => Note::Rejected,
            _ => Note::None,
        }
    }
}

/// A message waiting to be sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    pub draft: Draft,
    pub state: State,
    pub note: Note,
    /// The error as the user was told (their language at the time).
    pub detail: String,
    /// Field errors of a 400 (`field`, message).
    pub errors: Vec<(String, String)>,
    pub attempts: u32,
    /// Not before this time (ms since the epoch).
    pub not_before: f64,
    /// When it was put in the outbox (ms since the epoch).
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
        ApiError::Network(_) | ApiError::Timeout | ApiError::Decode(_) | ApiError::Aborted => Class::Transient,
        ApiError::Http { status, retry_after, .. } => match status {
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
    pub fn put(&mut self, draft: Draft, now: f64) {
        let entry = Entry { draft, queued_at: now, ..Default::default() };
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
        self.find(key).is_some_and(|e| e.state == State::Waiting && (force || e.not_before <= now))
    }

    /// The keys to try now.
    pub fn due(&self, now: f64) -> Vec<String> {
        self.entries.iter().filter(|e| e.state == State::Waiting && e.not_before <= now).map(|e| e.draft.key.clone()).collect()
    }

    /// The earliest future time an entry becomes due (to wake up then), if any. Entries that
    /// wait for the network or a sign-in are left to those events.
    pub fn next_wake(&self, now: f64) -> Option<f64> {
        self.entries
            .iter()
            .filter(|e| e.state == State::Waiting && e.not_before > now && matches!(e.note, Note::Failed | Note::RateLimited))
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
                e.errors = error.field_errors().iter().map(|f: &FieldError| (f.field.clone(), f.message.clone())).collect();
                // Refused photos (too old to attach, unknown…) are uploaded again next time.
                if e.errors.iter().any(|(f, _)| Field::from_contract(f) == Field::Photos) {
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
        let mut out = String::from("[");
        for (i, e) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let mut errors = String::from("[");
            for (j, (f, m)) in e.errors.iter().enumerate() {
                if j > 0 {
                    errors.push(',');
                }
                errors.push('[');
                quote(f, &mut errors);
                errors.push(',');
                quote(m, &mut errors);
                errors.push(']');
            }
            errors.push(']');
            let o = Obj::new()
                .raw("draft", &e.draft.to_json())
                .str("state", if e.state == State::Rejected { "rejected" } else { "waiting" })
                .str("note", e.note.code())
                .str("detail", &e.detail)
                .raw("errors", &errors)
                .num("attempts", e.attempts.into())
                .num("not_before", e.not_before.max(0.0) as u64)
                .num("queued_at", e.queued_at.max(0.0) as u64)
                .finish();
            out.push_str(&o);
        }
        out.push(']');
        out
    }

    /// Reads a stored outbox; unreadable entries are dropped, an unreadable text is empty.
    pub fn from_json(text: &str) -> Outbox {
        let Some(J::Arr(items)) = json::parse(text) else { return Outbox::default() };
        let mut outbox = Outbox::default();
        for item in &items {
            let Some(draft) = get(item, "draft").and_then(Draft::from_j) else { continue };
            if outbox.find(&draft.key).is_some() {
                continue;
            }
            let errors = match get(item, "errors") {
                Some(J::Arr(list)) => list
                    .iter()
                    .filter_map(|p| match p {
                        J::Arr(pair) => match pair.as_slice() {
                            [J::Str(f), J::Str(m)] => Some((f.clone(), m.clone())),
                            _ => None,
                        },
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            outbox.entries.push(Entry {
                draft,
                state: if get_str(item, "state") == "rejected" { State::Rejected } else { State::Waiting },
                note: Note::parse(&get_str(item, "note")),
                detail: get_str(item, "detail"),
                errors,
                attempts: get_u64(item, "attempts").min(1000) as u32,
                not_before: get_u64(item, "not_before") as f64,
                queued_at: get_u64(item, "queued_at") as f64,
            });
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

// ---------------------------------------------------------------------------
// Time left until a deadline
// ---------------------------------------------------------------------------

/// Time left until a deadline, for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeLeft {
    Overdue,
    /// Days and hours (at least one day).
    Days(u32, u32),
    /// Hours (at least one).
    Hours(u32),
    /// Less than an hour.
    Minutes(u32),
}

/// From now and the deadline (ms since the epoch).
pub fn time_left(now_ms: f64, deadline_ms: f64) -> TimeLeft {
    if deadline_ms.is_nan() || deadline_ms <= now_ms {
        return TimeLeft::Overdue;
    }
    let minutes = ((deadline_ms - now_ms) / 60_000.0).floor() as u64;
    let (days, hours) = (minutes / 1440, (minutes % 1440) / 60);
    if days > 0 {
        TimeLeft::Days(days.min(100_000) as u32, hours as u32)
    } else if hours > 0 {
        TimeLeft::Hours(hours as u32)
    } else {
        TimeLeft::Minutes(minutes.max(1) as u32)
    }
}

// ---------------------------------------------------------------------------
// Storage and the runner (browser)
// ---------------------------------------------------------------------------

use std::cell::RefCell;

use leptos::prelude::*;

use crate::api::{self, decode_body, decode_messages, Canceller};
use crate::state::local_storage;
use crate::state::session::SessionState;

thread_local! {
    static IN_FLIGHT: RefCell<InFlight> = RefCell::new(InFlight::default());
    static WAKE: RefCell<Option<i32>> = const { RefCell::new(None) };
}

/// localStorage is full (photos are large): saving failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotaExceeded;

/// Writes `value` under `key`; `Err` when the storage refused it (quota) or is missing.
pub fn store(key: &str, value: &str) -> Result<(), QuotaExceeded> {
    local_storage().ok_or(QuotaExceeded)?.set_item(key, value).map_err(|_| QuotaExceeded)
}

pub fn read(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

pub fn forget(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

/// The outbox as the UI sees it (`rev` changes whenever it changes), and what the runner
/// needs outside any component (the session, the language).
#[derive(Clone, Copy)]
pub struct OutboxState {
    pub rev: RwSignal<u32>,
    /// Messages delivered from the outbox while the app ran: (message id, title).
    pub delivered: RwSignal<Vec<(String, String)>>,
    session: SessionState,
    lang: Signal<crate::i18n::Lang>,
}

thread_local! {
    /// The app's outbox state (async tasks and timers run outside the component tree).
    static CURRENT: std::cell::Cell<Option<OutboxState>> = const { std::cell::Cell::new(None) };
    /// Which app instance set `CURRENT` (an old one may be cleaned up after a new one started).
    static GENERATION: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

impl OutboxState {
    /// Provides the state and starts the runner: delivers what is due now (app start and every
    /// sign-in), when the device comes back online, and when a wait is over.
    pub fn provide() -> OutboxState {
        let session = SessionState::get();
        let state = OutboxState { rev: RwSignal::new(0), delivered: RwSignal::new(Vec::new()), session, lang: crate::i18n::lang() };
        CURRENT.with(|c| c.set(Some(state)));
        let generation = GENERATION.with(|g| {
            g.set(g.get().wrapping_add(1));
            g.get()
        });
        crate::state::effect(move || {
            if session.user().is_some() {
                run_current();
            }
        });
        let online = window_event_listener(leptos::ev::online, move |_| run_current());
        on_cleanup(move || {
            online.remove();
            if GENERATION.with(|g| g.get()) == generation {
                CURRENT.with(|c| c.set(None));
                clear_wake();
            }
        });
        state
    }

    pub fn get() -> Option<OutboxState> {
        CURRENT.with(|c| c.get())
    }

    fn bump(&self) {
        self.rev.try_update(|n| *n = n.wrapping_add(1));
    }
}

fn outbox_key(session: SessionState) -> Option<String> {
    session.user_key("outbox")
}

/// The signed-in user's outbox, tracked: read again when it changes (for views).
pub fn load_tracked(session: SessionState) -> Outbox {
    if let Some(s) = OutboxState::get() {
        let _ = s.rev.try_get();
    }
    load(session)
}

/// The signed-in user's outbox.
pub fn load(session: SessionState) -> Outbox {
    outbox_key(session).and_then(|k| read(&k)).map(|t| Outbox::from_json(&t)).unwrap_or_default()
}

/// Changes the stored outbox of the signed-in user.
pub fn update(session: SessionState, f: impl FnOnce(&mut Outbox)) -> Result<(), QuotaExceeded> {
    let key = outbox_key(session).ok_or(QuotaExceeded)?;
    let mut outbox = read(&key).map(|t| Outbox::from_json(&t)).unwrap_or_default();
    f(&mut outbox);
    let result = if outbox.entries.is_empty() {
        forget(&key);
        Ok(())
    } else {
        store(&key, &outbox.to_json())
    };
    if let Some(s) = OutboxState::get() {
        s.bump();
    }
    result
}

pub fn is_sending(key: &str) -> bool {
    IN_FLIGHT.with(|f| f.borrow().contains(key))
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Delivers the due entries one after the other (each claimed, so a concurrent run skips it).
pub fn run_current() {
    let Some(state) = OutboxState::get() else { return };
    let session = state.session;
    // Nothing stored, nothing to do: the delivery code (a lazily loaded chunk in the release
    // build) is only fetched when there is an outbox.
    if outbox_key(session).and_then(|k| read(&k)).is_none() {
        return;
    }
    leptos::task::spawn_local(async move {
        run_due(session).await;
    });
}

/// Delivers what is due (in its own wasm chunk in the release build: see app.rs).
#[cfg(zsrd_split)]
#[leptos::lazy]
async fn run_due(session: SessionState) {
    run_due_now(session).await
}

#[cfg(not(zsrd_split))]
async fn run_due(session: SessionState) {
    run_due_now(session).await
}

async fn run_due_now(session: SessionState) {
    if OutboxState::get().is_none() || session.user_id_untracked().is_none() {
        return;
    }
    let keys = load(session).due(now());
    for key in keys {
        let _ = deliver(session, key, false).await;
    }
    schedule_wake(session);
}

fn clear_wake() {
    if let (Some(h), Some(w)) = (WAKE.with(|w| w.borrow_mut().take()), web_sys::window()) {
        w.clear_timeout_with_handle(h);
    }
}

/// Wakes the runner when the earliest wait (backoff, `Retry-After`) is over.
fn schedule_wake(session: SessionState) {
    use wasm_bindgen::JsCast;
    clear_wake();
    let Some(window) = web_sys::window() else { return };
    let Some(at) = load(session).next_wake(now()) else { return };
    let f = wasm_bindgen::closure::Closure::once_into_js(move || {
        WAKE.with(|w| w.borrow_mut().take());
        run_current();
    });
    let delay = (at - now()).clamp(0.0, 2_000_000_000.0) as i32 + 50;
    if let Ok(h) = window.set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), delay) {
        WAKE.with(|w| *w.borrow_mut() = Some(h));
    }
}

/// Status filters of 我的留言 (`""` = all).
pub const MINE_FILTERS: [&str; 5] = ["", "open", "replied", "resolved", "closed"];

/// Cache key of the user's message list with a status filter: per user, so that one user's
/// list never shows to another.
pub fn mine_cache_key(user_id: &str, status: &str) -> String {
    format!("messages:mine:{user_id}:{status}")
}

/// Bytes of a `data:` URL (base64) as a Blob.
fn data_url_blob(data_url: &str) -> Option<web_sys::Blob> {
    let (head, b64) = data_url.split_once(',')?;
    let mime = head.strip_prefix("data:")?.split(';').next().unwrap_or("image/jpeg");
    let bin = web_sys::window()?.atob(b64).ok()?;
    let bytes: Vec<u8> = bin.chars().map(|c| c as u32 as u8).collect();
    let array = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&array, &options).ok()
}

fn photo_error(lang: crate::i18n::Lang) -> api::ApiError {
    let message = lang.text(crate::i18n::Key::ComposePhotoBad).to_string();
    api::ApiError::Http {
        status: 400,
        problem: Some(contract::Problem {
            status: 400,
            errors: vec![FieldError { field: "photo_ids".into(), code: "invalid".into(), message }],
            ..Default::default()
        }),
        retry_after: None,
    }
}

/// Delivers one entry now: uploads its photos that are not uploaded yet (remembering each id
/// at once), then creates the message with the entry's key. `None` when it is already on its
/// way, not in the outbox, or not due (unless `force`d).
pub async fn deliver(session: SessionState, key: String, force: bool) -> Option<Result<contract::Message, api::ApiError>> {
    let entry = load(session).find(&key).cloned()?;
    if !load(session).is_due(&key, now(), force) || !IN_FLIGHT.with(|f| f.borrow_mut().claim(&key)) {
        return None;
    }
    if let Some(s) = OutboxState::get() {
        s.bump();
    }
    let lang = OutboxState::get().and_then(|s| s.lang.try_get_untracked()).unwrap_or_default();
    let canceller = Canceller::default();
    let result = async {
        let mut draft = entry.draft.clone();
        for (i, photo) in entry.draft.photos.iter().enumerate() {
            if photo.upload_id.is_some() {
                continue;
            }
            let blob = data_url_blob(&photo.data_url).ok_or_else(|| photo_error(lang))?;
            let up: contract::Upload = decode_body(api::upload(api::UPLOADS, &blob, "image/jpeg", &canceller).await)?;
            let _ = update(session, |o| o.set_upload(&key, i, up.id.clone()));
            draft.photos[i].upload_id = Some(up.id);
        }
        let body = decode_messages::new_message(&draft.new_message());
        decode_body::<contract::Message>(api::send("POST", api::MESSAGES, Some(body), Some(&key), &canceller).await)
    }
    .await;
    IN_FLIGHT.with(|f| f.borrow_mut().release(&key));
    let outcome = match &result {
        Ok(_) => Ok(()),
        Err(e) => Err((e, e.message(lang))),
    };
    let _ = update(session, |o| o.finish(&key, outcome, now()));
    if let (Ok(m), Some(state)) = (&result, OutboxState::get()) {
        state.delivered.try_update(|v| v.push((m.id.clone(), m.title.clone())));
    }
    if result.is_ok() {
        // The new message shows in the user's list.
        if let Some(uid) = session.user_id_untracked() {
            for status in MINE_FILTERS {
                crate::state::lists::forget(&mine_cache_key(&uid, status));
            }
        }
    }
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::{Problem, TITLE_MAX};

    fn draft() -> Draft {
        Draft {
            key: "k1".into(),
            to_kind: Some(HandlerKind::Deputy),
            to_id: "d_1".into(),
            to_name: "陈志强".into(),
            category_id: "mc_road".into(),
            title: "村口路灯不亮".into(),
            body: "龙湾村村口的三盏路灯已经坏了两周，\n晚上出行不便。\"引号\"".into(),
            public: true,
            place: "龙湾村口".into(),
            lat: Some(23.731_2),
            lng: Some(113.01),
            photos: vec![
                Photo { data_url: "data:image/jpeg;base64,/9j/AA==".into(), upload_id: Some("u1".into()) },
                Photo { data_url: "data:image/jpeg;base64,/9j/BB==".into(), upload_id: None },
            ],
        }
    }

    fn http(status: u16, retry_after: Option<u32>) -> ApiError {
        ApiError::Http { status, problem: None, retry_after }
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(char_count("路灯坏了"), 4);
        assert_eq!(char_count("  路灯 "), 2);
        assert_eq!(char_count("ab😀"), 3);
    }

    #[test]
    fn validation_per_field() {
        assert!(validate(&draft()).is_empty());
        let empty = Draft::new("k".into());
        assert_eq!(
            validate(&empty),
            vec![
                (Field::Recipient, Check::Missing),
                (Field::Category, Check::Missing),
                (Field::Title, Check::Missing),
                (Field::Body, Check::Missing)
            ]
        );
        let mut d = draft();
        d.title = "路灯坏".into();
        d.body = "太短了".into();
        assert_eq!(validate(&d), vec![(Field::Title, Check::TooShort(TITLE_MIN)), (Field::Body, Check::TooShort(BODY_MIN))]);
        d.title = "路".repeat(TITLE_MAX);
        d.body = "字".repeat(BODY_MAX);
        assert!(validate(&d).is_empty(), "the limits themselves are fine");
        d.title.push('多');
        d.body = "字".repeat(BODY_MAX + 1);
        assert_eq!(validate(&d), vec![(Field::Title, Check::TooLong(TITLE_MAX)), (Field::Body, Check::TooLong(BODY_MAX))]);
        d.title = "    ".into();
        assert_eq!(validate(&d)[0], (Field::Title, Check::Missing), "spaces only is empty");
    }

    #[test]
    fn contract_fields_map_to_form_fields() {
        assert_eq!(Field::from_contract("recipient"), Field::Recipient);
        assert_eq!(Field::from_contract("recipient.id"), Field::Recipient);
        assert_eq!(Field::from_contract("category_id"), Field::Category);
        assert_eq!(Field::from_contract("title"), Field::Title);
        assert_eq!(Field::from_contract("body"), Field::Body);
        assert_eq!(Field::from_contract("photo_ids[2]"), Field::Photos);
        assert_eq!(Field::from_contract("location.label"), Field::Location);
        assert_eq!(Field::from_contract("Idempotency-Key"), Field::Other);
    }

    #[test]
    fn drafts_round_trip_and_bad_ones_are_ignored() {
        let d = draft();
        assert_eq!(Draft::from_json(&d.to_json()), Some(d.clone()));
        let plain = Draft { lat: None, lng: None, photos: vec![], to_kind: None, ..d };
        assert_eq!(Draft::from_json(&plain.to_json()), Some(plain));
        for bad in ["", "{", "null", "[]", "{\"title\":\"x\"}", "{\"key\":5}", "{\"key\":\"k\",\"photos\":[{\"data\":\"x\"}]", "\u{0}"] {
            assert_eq!(Draft::from_json(bad), None, "{bad}");
        }
        // Wrong types are defaulted, unsafe photo URLs dropped.
        let odd = Draft::from_json(r#"{"key":"k","title":7,"public":"yes","lat":1,"photos":[{"data":"javascript:alert(1)"},3]}"#).unwrap();
        assert_eq!(odd.title, "");
        assert!(!odd.public);
        assert_eq!((odd.lat, odd.lng), (None, None), "half a position is none");
        assert!(odd.photos.is_empty());
    }

    #[test]
    fn request_from_a_draft() {
        let m = draft().new_message();
        assert_eq!(m.recipient, Recipient { kind: HandlerKind::Deputy, id: "d_1".into() });
        assert_eq!(m.photo_ids, vec!["u1".to_string()]);
        assert_eq!(m.location.as_ref().map(|l| l.label.as_str()), Some("龙湾村口"));
        let mut d = draft();
        d.place = " ".into();
        d.lat = None;
        d.lng = None;
        assert_eq!(d.new_message().location, None);
        d.title = "  标题四字  ".into();
        assert_eq!(d.new_message().title, "标题四字");
    }

    #[test]
    fn uuid_fallback_is_a_v4_uuid() {
        let u = uuid_from_bytes([0xff; 16]);
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
        assert_eq!(u.matches('-').count(), 4);
        assert_ne!(uuid_from_bytes([0; 16]), uuid_from_bytes([1; 16]));
    }

    #[test]
    fn outbox_round_trips_and_survives_corruption() {
        let mut o = Outbox::default();
        o.put(draft(), 1000.0);
        o.put(Draft { key: "k2".into(), ..draft() }, 2000.0);
        let problem = Problem {
            status: 400,
            errors: vec![FieldError { field: "title".into(), code: "too_short".into(), message: "标题\"太短\"".into() }],
            ..Default::default()
        };
        o.finish("k2", Err((&ApiError::Http { status: 400, problem: Some(problem), retry_after: None }, "请求有误".into())), 3000.0);
        o.finish("k1", Err((&ApiError::Timeout, "超时".into())), 3000.0);
        assert_eq!(Outbox::from_json(&o.to_json()), o);
        assert_eq!(Outbox::from_json("not json"), Outbox::default());
        assert_eq!(Outbox::from_json("{}"), Outbox::default());
        let partly = format!("[1,{{\"draft\":{{}}}},{}]", &o.to_json()[1..o.to_json().len() - 1]);
        assert_eq!(Outbox::from_json(&partly), o, "broken entries are dropped, good ones kept");
    }

    #[test]
    fn one_entry_per_key_and_one_delivery_at_a_time() {
        let mut o = Outbox::default();
        o.put(draft(), 0.0);
        o.put(draft(), 5.0);
        assert_eq!(o.entries.len(), 1, "sending the same draft twice keeps one entry");
        let mut flight = InFlight::default();
        assert!(o.is_due("k1", 10.0, false));
        assert!(flight.claim("k1"));
        assert!(!flight.claim("k1"), "a second tap / the online event does not send it again");
        flight.release("k1");
        o.finish("k1", Ok(()), 20.0);
        assert!(o.entries.is_empty(), "delivered entries leave");
        assert!(!o.is_due("k1", 30.0, true), "and are never sent again");
        o.finish("k1", Err((&ApiError::Timeout, String::new())), 40.0);
        assert!(o.entries.is_empty(), "a late outcome of a removed entry changes nothing");
    }

    #[test]
    fn retry_rules_per_error_class() {
        let now = 1_000_000.0;
        let mut o = Outbox::default();
        o.put(draft(), 0.0);
        // Offline: waits for the network (due at once, woken by the online event).
        o.finish("k1", Err((&ApiError::Offline, String::new())), now);
        assert_eq!(o.entries[0].note, Note::Offline);
        assert!(o.is_due("k1", now, false));
        assert_eq!(o.next_wake(now - 1.0), None, "no timer for offline");
        // Transient: backoff growing with attempts.
        o.finish("k1", Err((&http(503, None), String::new())), now);
        assert_eq!(o.entries[0].not_before, now + 30_000.0);
        assert!(!o.is_due("k1", now + 1.0, false));
        assert!(o.is_due("k1", now + 1.0, true), "the user's 重试 does not wait");
        assert_eq!(o.next_wake(now), Some(now + 30_000.0));
        o.finish("k1", Err((&ApiError::Network("x".into()), String::new())), now);
        assert_eq!(o.entries[0].not_before, now + 60_000.0);
        assert_eq!(o.entries[0].attempts, 2);
        o.retry_now("k1");
        assert!(o.is_due("k1", now, false));
        // 429: waits Retry-After.
        o.finish("k1", Err((&http(429, Some(120)), String::new())), now);
        assert_eq!((o.entries[0].note, o.entries[0].not_before), (Note::RateLimited, now + 120_000.0));
        o.finish("k1", Err((&http(429, None), String::new())), now);
        assert_eq!(o.entries[0].not_before, now + 60_000.0);
        // 401: kept, due once signed in again.
        o.finish("k1", Err((&http(401, None), String::new())), now);
        assert_eq!((o.entries[0].state, o.entries[0].note), (State::Waiting, Note::SignIn));
        assert!(o.is_due("k1", now, false));
        // 400 / 409: rejected, kept for the user, never retried by itself.
        o.finish("k1", Err((&http(409, None), "冲突".into())), now);
        assert_eq!(o.entries[0].state, State::Rejected);
        assert!(o.due(now + 1e9).is_empty());
        assert!(!o.is_due("k1", now, true));
        assert_eq!(o.entries[0].detail, "冲突");
        assert!(backoff_ms(50) <= 600_000.0);
        // Photos the backend refused are uploaded again after the user's correction.
        let mut o = Outbox::default();
        o.put(draft(), 0.0);
        let problem = Problem {
            status: 400,
            errors: vec![FieldError { field: "photo_ids".into(), code: "invalid".into(), message: "照片已过期".into() }],
            ..Default::default()
        };
        o.finish("k1", Err((&ApiError::Http { status: 400, problem: Some(problem), retry_after: None }, String::new())), now);
        assert!(o.entries[0].draft.photos.iter().all(|p| p.upload_id.is_none()));
        assert_eq!(o.entries[0].errors, vec![("photo_ids".to_string(), "照片已过期".to_string())]);
    }

    #[test]
    fn errors_are_classified() {
        assert_eq!(classify(&ApiError::Offline), Class::Offline);
        assert_eq!(classify(&ApiError::Timeout), Class::Transient);
        assert_eq!(classify(&http(500, None)), Class::Transient);
        assert_eq!(classify(&http(502, None)), Class::Transient);
        assert_eq!(classify(&http(429, Some(5))), Class::RateLimited(Some(5)));
        assert_eq!(classify(&http(401, None)), Class::Unauthorized);
        assert_eq!(classify(&http(400, None)), Class::Invalid);
        assert_eq!(classify(&http(413, None)), Class::Invalid);
        assert_eq!(classify(&http(403, None)), Class::Refused);
        assert_eq!(classify(&http(409, None)), Class::Refused);
    }

    #[test]
    fn time_left_in_days_hours_minutes() {
        let h = 3_600_000.0;
        assert_eq!(time_left(0.0, 0.0), TimeLeft::Overdue);
        assert_eq!(time_left(10.0, 5.0), TimeLeft::Overdue);
        assert_eq!(time_left(0.0, f64::NAN), TimeLeft::Overdue);
        assert_eq!(time_left(0.0, 30.0 * 60_000.0), TimeLeft::Minutes(30));
        assert_eq!(time_left(0.0, 10_000.0), TimeLeft::Minutes(1));
        assert_eq!(time_left(0.0, 5.5 * h), TimeLeft::Hours(5));
        assert_eq!(time_left(0.0, 49.0 * h), TimeLeft::Days(2, 1));
        assert_eq!(time_left(0.0, 24.0 * h), TimeLeft::Days(1, 0));
    }
}
