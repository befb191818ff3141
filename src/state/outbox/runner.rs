//! The outbox in the browser: stored per user, delivered by a runner that wakes at start,
//! at sign-in, when the device comes back online and when a wait is over.

use std::cell::RefCell;

use contract::FieldError;
use leptos::prelude::*;

use super::{InFlight, MessageDraft, Outbox};
use crate::api::{self, endpoints, Canceller};
use crate::i18n::ErrorText;
use crate::state::session::SessionState;
use crate::state::storage::{self, QuotaExceeded};

thread_local! {
    static IN_FLIGHT: RefCell<InFlight> = RefCell::new(InFlight::default());
    static WAKE: RefCell<Option<i32>> = const { RefCell::new(None) };
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
        let state = OutboxState {
            rev: RwSignal::new(0),
            delivered: RwSignal::new(Vec::new()),
            session,
            lang: crate::i18n::lang(),
        };
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

/// Draft name of the new message being written (`state::drafts`).
pub const DRAFT: &str = "draft.new";
/// Field errors of a rejected outbox entry brought back to the compose screen.
const DRAFT_ERRORS: &str = "draft.errors";

/// The signed-in user's new-message draft.
pub fn load_draft(session: SessionState) -> Option<MessageDraft> {
    session
        .user_key(DRAFT)
        .and_then(|k| storage::read_text(&k))
        .and_then(|t| super::parse_draft(&t))
}

/// Takes the field errors left for the compose screen (`field`, message).
pub fn take_draft_errors(session: SessionState) -> Vec<(String, String)> {
    let Some(key) = session.user_key(DRAFT_ERRORS) else {
        return Vec::new();
    };
    let errors = storage::read::<Vec<(String, String)>>(&key).unwrap_or_default();
    storage::forget(&key);
    errors
}

/// Moves a rejected entry back to the compose screen to be corrected: it becomes the draft
/// (with its key: the one key rule gives changed content a new one), its field errors go
/// along. `false` when another draft is being written or storage refused.
pub fn edit_entry(session: SessionState, key: &str) -> bool {
    if load_draft(session).is_some_and(|d| !d.is_blank() && d.key != key) {
        return false;
    }
    let Some(entry) = load(session).find(key).cloned() else {
        return false;
    };
    let mut draft = entry.draft;
    if draft.sent.is_none() {
        // Queued by an earlier version: it was sent with this key and this content.
        draft.key_for_send(storage::new_key);
    }
    let Some(errors_key) = session.user_key(DRAFT_ERRORS) else {
        return false;
    };
    if crate::state::drafts::save(session, DRAFT, &draft).is_err() {
        return false;
    }
    let _ = storage::write(&errors_key, &entry.errors);
    let _ = update(session, |o| {
        o.remove(key);
    });
    true
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
    outbox_key(session)
        .and_then(|k| storage::read_text(&k))
        .map(|t| Outbox::from_json(&t))
        .unwrap_or_default()
}

/// Changes the stored outbox of the signed-in user.
pub fn update(session: SessionState, f: impl FnOnce(&mut Outbox)) -> Result<(), QuotaExceeded> {
    let key = outbox_key(session).ok_or(QuotaExceeded)?;
    let mut outbox = storage::read_text(&key)
        .map(|t| Outbox::from_json(&t))
        .unwrap_or_default();
    f(&mut outbox);
    let result = if outbox.entries.is_empty() {
        storage::forget(&key);
        Ok(())
    } else {
        storage::write_text(&key, &outbox.to_json())
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
    let Some(state) = OutboxState::get() else {
        return;
    };
    let session = state.session;
    // Nothing stored, nothing to do: the delivery code (a lazily loaded chunk in the release
    // build) is only fetched when there is an outbox.
    if outbox_key(session)
        .and_then(|k| storage::read_text(&k))
        .is_none()
    {
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
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(at) = load(session).next_wake(now()) else {
        return;
    };
    let f = wasm_bindgen::closure::Closure::once_into_js(move || {
        WAKE.with(|w| w.borrow_mut().take());
        run_current();
    });
    let delay = (at - now()).clamp(0.0, 2_000_000_000.0) as i32 + 50;
    if let Ok(h) =
        window.set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), delay)
    {
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
    let mime = head
        .strip_prefix("data:")?
        .split(';')
        .next()
        .unwrap_or("image/jpeg");
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
            errors: vec![FieldError {
                field: "photo_ids".into(),
                code: "invalid".into(),
                message,
            }],
            ..Default::default()
        }),
        retry_after: None,
    }
}

/// Delivers one entry now: uploads its photos that are not uploaded yet (remembering each id
/// at once), then creates the message with the entry's key. `None` when it is already on its
/// way, not in the outbox, or not due (unless `force`d).
pub async fn deliver(
    session: SessionState,
    key: String,
    force: bool,
) -> Option<Result<contract::Message, api::ApiError>> {
    let entry = load(session).find(&key).cloned()?;
    if !load(session).is_due(&key, now(), force) || !IN_FLIGHT.with(|f| f.borrow_mut().claim(&key))
    {
        return None;
    }
    if let Some(s) = OutboxState::get() {
        s.bump();
    }
    let lang = OutboxState::get()
        .and_then(|s| s.lang.try_get_untracked())
        .unwrap_or_default();
    let canceller = Canceller::default();
    let result = async {
        let mut draft = entry.draft.clone();
        for (i, photo) in entry.draft.photos.iter().enumerate() {
            if photo.upload_id.is_some() {
                continue;
            }
            let blob = data_url_blob(&photo.data_url).ok_or_else(|| photo_error(lang))?;
            let up = api::upload(endpoints::upload(), &blob, "image/jpeg", &canceller).await?;
            let _ = update(session, |o| o.set_upload(&key, i, up.id.clone()));
            draft.photos[i].upload_id = Some(up.id);
        }
        api::send(
            endpoints::create_message(),
            &draft.new_message(),
            Some(&key),
            &canceller,
        )
        .await
    }
    .await;
    IN_FLIGHT.with(|f| f.borrow_mut().release(&key));
    let outcome = match &result {
        Ok(_) => Ok(()),
        Err(e) => Err((e, e.message(lang))),
    };
    let _ = update(session, |o| o.finish(&key, outcome, now()));
    if let (Ok(m), Some(state)) = (&result, OutboxState::get()) {
        state
            .delivered
            .try_update(|v| v.push((m.id.clone(), m.title.clone())));
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
