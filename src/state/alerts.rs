//! Reply alerts (消息提醒) on the device: the unread count (the bell's badge, and the badge on
//! the tab of what they are about), the notifications that arrived while the app is open, and
//! the connection that brings them (see api/README.md, "Notifications and the live stream"):
//!
//! - the **live stream** (Server-Sent Events), opened with a new one-time ticket per
//!   connection and the id of the last notification seen, so the backend replays what came
//!   in between; on an error the app closes it and reconnects itself after 3 s, backing off
//!   up to a minute with jitter;
//! - a **polling fallback** when the stream keeps failing (some webviews and proxies break
//!   SSE): `GET /notifications?after=<last id>` every 30 s and when the app comes back to the
//!   foreground, trying the stream again every few minutes;
//! - **system notifications** (the Notification API) when the page is hidden and the user
//!   turned them on.
//!
//! The connection code (below [`run`]) is a lazily loaded wasm chunk in the release build: it
//! is fetched only once someone is signed in.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use contract::{Notification, NotificationKind, ReadAll, UnreadCount};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::{self, endpoints, ApiError, Canceller};
use crate::i18n::Key;
use crate::state::session::SessionState;
use crate::state::storage;

/// Waits before reconnecting after the n-th failure in a row: 3 s, 6 s, 12 s … up to 60 s.
const BACKOFF_FIRST_MS: f64 = 3_000.0;
const BACKOFF_MAX_MS: f64 = 60_000.0;
/// After this many failed connections in a row, poll instead.
const FALLBACK_AFTER: u32 = 3;
/// Polling period in the fallback.
pub const POLL_MS: f64 = 30_000.0;
/// In the fallback, the stream is tried again this often.
const STREAM_RETRY_IN_FALLBACK_MS: f64 = 300_000.0;
/// A stream that has not said anything (the backend sends the unread count at once) within
/// this time counts as failed: a proxy or webview that buffers it.
const STALL_MS: i32 = 20_000;
/// Unread notifications fetched to place the tab badges.
const UNREAD_PAGE: usize = 50;
/// Notifications kept in memory (arrived while the app is open).
const INCOMING_MAX: usize = 100;

/// How alerts reach the app now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Link {
    /// Nobody is signed in.
    #[default]
    Off,
    Connecting,
    /// The live stream is open.
    Live,
    /// The stream keeps failing: polling.
    Polling,
    /// The device is offline.
    Offline,
}

/// An unread notification, as far as the badges need it.
#[derive(Clone, Debug, PartialEq)]
pub struct UnreadItem {
    pub id: String,
    /// Where it leads (a safe app path), if anywhere.
    pub link: Option<String>,
    pub message_id: Option<String>,
}

impl UnreadItem {
    fn of(n: &Notification) -> UnreadItem {
        UnreadItem { id: n.id.clone(), link: safe_link(n), message_id: n.message_id.clone() }
    }
}

/// The alerts of the signed-in user (a context, see [`Alerts::provide`]). What they hold
/// lives outside the reactive system; reading it through these methods subscribes to `rev`,
/// which changes whenever any of it changes (one signal: less code in the wasm).
#[derive(Clone, Copy)]
pub struct Alerts {
    rev: RwSignal<u32>,
    session: SessionState,
    lang: Signal<crate::i18n::Lang>,
}

/// What the connection keeps, and what the screens show.
#[derive(Default)]
struct Runtime {
    /// Bumped whenever the connection must end (sign-out, another user, app cleanup).
    generation: u32,
    /// The id of the newest notification seen (`None`: not known yet).
    last_id: Option<String>,
    /// Ids already taken in (the stream replays, polling overlaps).
    seen: Vec<String>,
    source: Option<web_sys::EventSource>,
    /// Ends the current stream (resolves what `stream` awaits).
    end: Option<js_sys::Function>,
    /// Ends the current wait (backoff or polling period).
    wake: Option<js_sys::Function>,
    /// A wake-up that came while no wait was on: the next wait ends at once.
    wake_pending: bool,
    /// Unread notifications (the badge); `None` until known.
    unread: Option<u32>,
    /// The unread notifications known on the device (up to 50): which tab gets a badge.
    unread_items: Vec<UnreadItem>,
    /// Notifications that arrived while the app is open (stream or polling), newest first.
    incoming: Vec<Notification>,
    link: Link,
}

thread_local! {
    static RT: RefCell<Runtime> = RefCell::new(Runtime::default());
    static CURRENT: Cell<Option<Alerts>> = const { Cell::new(None) };
}

fn alive(generation: u32) -> bool {
    RT.with(|r| r.borrow().generation == generation)
}

fn call(f: Option<js_sys::Function>) {
    if let Some(f) = f {
        let _ = f.call0(&JsValue::NULL);
    }
}

/// Ends the connection (if any) and forgets what it saw.
fn stop() {
    let (source, end, wake) = RT.with(|r| {
        let mut r = r.borrow_mut();
        r.generation = r.generation.wrapping_add(1);
        r.last_id = None;
        r.seen.clear();
        r.unread = None;
        r.unread_items.clear();
        r.incoming.clear();
        r.link = Link::Off;
        r.wake_pending = false;
        (r.source.take(), r.end.take(), r.wake.take())
    });
    if let Some(s) = source {
        s.close();
    }
    call(end);
    call(wake);
}

/// Ends the current wait (or the next one, when none is on), e.g. when the device comes back
/// online.
fn wake() {
    let f = RT.with(|r| {
        let mut r = r.borrow_mut();
        let f = r.wake.take();
        r.wake_pending = f.is_none();
        f
    });
    call(f);
}

fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.visibility_state() != web_sys::VisibilityState::Hidden)
        .unwrap_or(true)
}

impl Alerts {
    /// Provides the state and keeps a connection open while someone is signed in.
    pub fn provide() -> Alerts {
        let session = SessionState::get();
        let alerts = Alerts { rev: RwSignal::new(0), session, lang: crate::i18n::lang() };
        provide_context(alerts);
        CURRENT.with(|c| c.set(Some(alerts)));
        let mut user: Option<String> = None;
        crate::state::effect(move || {
            let now = session.user().map(|u| u.id);
            if now == user {
                return;
            }
            user = now;
            stop();
            if user.is_some() {
                let generation = RT.with(|r| {
                    let mut r = r.borrow_mut();
                    r.link = Link::Connecting;
                    r.generation
                });
                leptos::task::spawn_local(run(generation, false));
            }
            changed();
        });
        let online = window_event_listener(leptos::ev::online, move |_| wake());
        let visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if page_visible() {
                // Back in the foreground: a phone may have dropped the connection silently.
                let (link, generation) = RT.with(|r| (r.borrow().link, r.borrow().generation));
                match link {
                    Link::Live => leptos::task::spawn_local(run(generation, true)),
                    Link::Off => {}
                    _ => wake(),
                }
            }
        });
        on_cleanup(move || {
            online.remove();
            visible.remove();
            // An old app may be cleaned up after a new one started: only the current one ends
            // the connection.
            if current().is_some_and(|c| c.rev == alerts.rev) {
                stop();
                CURRENT.with(|c| c.set(None));
            }
        });
        alerts
    }

    pub fn get() -> Option<Alerts> {
        use_context::<Alerts>()
    }

    /// Whether someone is signed in (alerts exist only for them).
    pub fn signed_in(&self) -> bool {
        self.session.is_signed_in()
    }

    fn read<T>(&self, f: impl FnOnce(&Runtime) -> T) -> T {
        self.rev.track();
        RT.with(|r| f(&r.borrow()))
    }

    /// The unread count from the backend; `None` until known.
    pub fn unread(&self) -> Option<u32> {
        self.read(|r| r.unread)
    }

    /// The unread count to show on the badges (0 while unknown).
    pub fn count(&self) -> u32 {
        self.unread().unwrap_or(0)
    }

    pub fn link(&self) -> Link {
        self.read(|r| r.link)
    }

    /// Unread notifications per tab of the tab bar.
    pub fn tab_counts(&self) -> [u32; 5] {
        self.read(|r| tab_counts(&r.unread_items))
    }

    /// Ids of the unread notifications the device knows, when that is all of them.
    pub fn unread_ids(&self) -> Option<Vec<String>> {
        self.read(|r| {
            let complete = r.unread.is_some_and(|n| n as usize == r.unread_items.len());
            complete.then(|| r.unread_items.iter().map(|i| i.id.clone()).collect())
        })
    }

    /// The notifications that arrived while the app is open, newest first.
    pub fn incoming(&self) -> Vec<Notification> {
        self.read(|r| r.incoming.clone())
    }

    /// [`Alerts::incoming`] without subscribing (in event handlers and tasks).
    pub fn incoming_untracked(&self) -> Vec<Notification> {
        RT.with(|r| r.borrow().incoming.clone())
    }

    /// The unread notifications about message `id`, once the device knows the unread ones
    /// (`None` before).
    pub fn unread_about(&self, id: &str) -> Option<Vec<String>> {
        self.read(|r| {
            let known = r.unread.is_some_and(|n| !unread_list_stale(n, r.unread_items.len()));
            known.then(|| r.unread_items.iter().filter(|i| i.message_id.as_deref() == Some(id)).map(|i| i.id.clone()).collect())
        })
    }
}

/// Tells the screens that something of the alerts changed.
fn changed() {
    if let Some(a) = current() {
        a.rev.try_update(|n| *n = n.wrapping_add(1));
    }
}

/// Changes the alerts' state, then tells the screens.
fn with_rt<T>(f: impl FnOnce(&mut Runtime) -> T) -> T {
    let out = RT.with(|r| f(&mut r.borrow_mut()));
    changed();
    out
}

fn current() -> Option<Alerts> {
    CURRENT.with(|c| c.get())
}

/// Where a notification leads: its `link` when that is a path of this app, else the page of
/// its message, else nowhere. (A link from the backend never leaves the app.)
pub fn safe_link(n: &Notification) -> Option<String> {
    if let Some(l) = crate::api::url::app_path(&n.link) {
        return Some(l);
    }
    n.message_id
        .as_deref()
        .filter(|id| !id.is_empty())
        .map(|id| format!("/messages/{}", crate::api::url::encode_component(id)))
}

/// Unread notifications per tab of the tab bar (by where they lead).
pub fn tab_counts(items: &[UnreadItem]) -> [u32; 5] {
    let mut counts = [0; 5];
    for item in items {
        if let Some(tab) = item.link.as_deref().and_then(crate::tabs::tab_of) {
            counts[tab] += 1;
        }
    }
    counts
}

/// How long to wait after the n-th failure in a row (n ≥ 1), before jitter.
pub fn backoff(failures: u32) -> f64 {
    let doublings = failures.saturating_sub(1).min(10);
    (BACKOFF_FIRST_MS * f64::from(1u32 << doublings)).min(BACKOFF_MAX_MS)
}

/// ±20 % jitter, so that many phones do not reconnect at the same moment.
fn jitter(ms: f64) -> f64 {
    ms * (0.8 + 0.4 * js_sys::Math::random())
}

/// The label of a kind of notification (a neutral one for kinds this app does not know).
pub fn kind_label(kind: NotificationKind) -> Key {
    match kind {
        NotificationKind::Reply => Key::AlertsKindReply,
        NotificationKind::StatusChanged => Key::AlertsKindStatusChanged,
        NotificationKind::PlanStepDone => Key::AlertsKindPlanStepDone,
        NotificationKind::SuggestionAdopted => Key::AlertsKindSuggestionAdopted,
        NotificationKind::Assigned => Key::AlertsKindAssigned,
        NotificationKind::DeadlineApproaching => Key::AlertsKindDeadlineApproaching,
        NotificationKind::DeadlinePassed => Key::AlertsKindDeadlinePassed,
        NotificationKind::FollowUp => Key::AlertsKindFollowUp,
        NotificationKind::Reopened => Key::AlertsKindReopened,
        NotificationKind::Rated => Key::AlertsKindRated,
        NotificationKind::CommentReply => Key::AlertsKindCommentReply,
        NotificationKind::CommentHidden => Key::AlertsKindCommentHidden,
        NotificationKind::TopicReply => Key::AlertsKindTopicReply,
        NotificationKind::TopicClosed => Key::AlertsKindTopicClosed,
        NotificationKind::CommentAdopted => Key::AlertsKindCommentAdopted,
        NotificationKind::PollResults => Key::AlertsKindPollResults,
        NotificationKind::Commended => Key::AlertsKindCommended,
        NotificationKind::CourseAssigned => Key::AlertsKindCourseAssigned,
        NotificationKind::CourseDueSoon => Key::AlertsKindCourseDueSoon,
        NotificationKind::CourseOverdue => Key::AlertsKindCourseOverdue,
        NotificationKind::TrainingReminder => Key::AlertsKindTrainingReminder,
        NotificationKind::Unknown => Key::AlertsKindUnknown,
    }
}

/// Whether the unread list on the device may be missing some (so it is fetched again).
pub fn unread_list_stale(count: u32, known: usize) -> bool {
    let count = count as usize;
    if known >= UNREAD_PAGE {
        count < known
    } else {
        count != known
    }
}

// --- The system-notification choice (per user, on this device) ----------------------------

fn system_key() -> Option<String> {
    current().and_then(|a| a.session.user_key("alerts.system"))
}

/// Where the app runs, as far as the phone's own notifications go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A browser with the Notification API: it asks the user's permission.
    Browser,
    /// Inside WeChat: no system notifications (whatever its webview claims); WeChat's own
    /// subscription messages are the way.
    Wechat,
    /// Another in-app webview, or a browser without the API.
    Elsewhere,
}

/// Where the app runs, from the user agent and whether `Notification` exists. In-app webviews
/// (WeChat, Alipay, Android's WebView: `; wv)`) may define `Notification`, but nothing they
/// would show ever reaches the phone, so the app does not offer it there.
pub fn place_of(user_agent: &str, has_api: bool) -> Place {
    if user_agent.contains("MicroMessenger") {
        Place::Wechat
    } else if !has_api || user_agent.contains("AlipayClient") || user_agent.contains("; wv)") {
        Place::Elsewhere
    } else {
        Place::Browser
    }
}

/// [`place_of`] here.
pub fn system_place() -> Place {
    let Some(w) = web_sys::window() else { return Place::Elsewhere };
    let has_api = js_sys::Reflect::has(&w, &JsValue::from_str("Notification")).unwrap_or(false);
    place_of(&w.navigator().user_agent().unwrap_or_default(), has_api)
}

/// Whether system notifications can be offered here (a browser with the Notification API).
pub fn system_supported() -> bool {
    system_place() == Place::Browser
}

/// The browser's permission for notifications (`None` without the API).
pub fn system_permission() -> Option<web_sys::NotificationPermission> {
    system_supported().then(web_sys::Notification::permission)
}

/// Whether the user turned system notifications on (and the browser still allows them).
pub fn system_enabled() -> bool {
    let chosen = system_key().and_then(|k| storage::read_text(&k)).is_some_and(|v| v == "1");
    chosen && system_permission() == Some(web_sys::NotificationPermission::Granted)
}

/// Turns system notifications on or off; turning on asks the browser's permission first (call
/// it from a tap). Resolves to the permission the browser has then.
pub async fn set_system(on: bool) -> Option<web_sys::NotificationPermission> {
    let key = system_key()?;
    if !on {
        storage::forget(&key);
        return system_permission();
    }
    if !system_supported() {
        return None;
    }
    if let Ok(promise) = web_sys::Notification::request_permission() {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    let permission = system_permission();
    if permission == Some(web_sys::NotificationPermission::Granted) {
        let _ = storage::write_text(&key, "1");
    }
    permission
}

/// Opens an app path as an in-app navigation (the router follows `popstate`).
fn navigate_to(path: &str) {
    let Some(w) = web_sys::window() else { return };
    if let Ok(h) = w.history() {
        if h.push_state_with_url(&JsValue::NULL, "", Some(&crate::paths::to(path))).is_ok() {
            if let Ok(e) = web_sys::Event::new("popstate") {
                let _ = w.dispatch_event(&e);
            }
        }
    }
}

fn show_system(n: &Notification) {
    if page_visible() || !system_enabled() {
        return;
    }
    let lang = current().and_then(|a| a.lang.try_get_untracked()).unwrap_or_default();
    let title = if n.title.trim().is_empty() { lang.text(kind_label(n.kind)).to_string() } else { n.title.clone() };
    let options = web_sys::NotificationOptions::new();
    options.set_body(&n.body);
    // One system notification per message: a newer one about it replaces the last (and still
    // alerts); one about no message stands alone.
    let tag = match n.message_id.as_deref().filter(|m| !m.is_empty()) {
        Some(m) => format!("message:{m}"),
        None => n.id.clone(),
    };
    options.set_tag(&tag);
    options.set_renotify(true);
    options.set_lang(lang.tag());
    // Through the service worker that runs this app (public/sw.js) where there is one: Android
    // Chrome shows notifications only that way, and a tap is the worker's to handle (it opens
    // the message: `data.link`). The same tag as a Web Push alert of this notification's, so
    // the phone shows it once.
    let link = safe_link(n);
    let navigator = web_sys::window().map(|w| w.navigator());
    let worker = navigator
        .filter(|nav| js_sys::Reflect::has(nav, &JsValue::from_str("serviceWorker")).unwrap_or(false))
        .map(|nav| nav.service_worker())
        .filter(|c| c.controller().is_some());
    if let Some(container) = worker {
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &JsValue::from_str("link"), &link.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL));
        options.set_data(&data);
        leptos::task::spawn_local(async move {
            let Ok(ready) = container.ready() else { return };
            if let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await {
                let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
                if let Ok(p) = registration.show_notification_with_options(&title, &options) {
                    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
                }
            }
        });
        return;
    }
    // Without one (desktop browsers allow the page's own): the constructor; it throws where
    // only a worker may show them, and the user still has the badge and the notification centre.
    let Ok(shown) = web_sys::Notification::new_with_options(&title, &options) else { return };
    let closer = shown.clone();
    let on_click = Closure::once_into_js(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.focus();
        }
        if let Some(link) = link {
            navigate_to(&link);
        }
        closer.close();
    });
    shown.set_onclick(Some(on_click.unchecked_ref()));
}

// --- Taking notifications in ------------------------------------------------------------------

/// Takes in a notification from the stream or from polling (each id once).
fn accept(n: Notification, alert: bool) {
    let new = with_rt(|r| {
        r.last_id = Some(n.id.clone());
        if r.seen.contains(&n.id) {
            return false;
        }
        if r.seen.len() >= 2 * INCOMING_MAX {
            r.seen.drain(..INCOMING_MAX);
        }
        r.seen.push(n.id.clone());
        if !n.read && !r.unread_items.iter().any(|i| i.id == n.id) {
            r.unread_items.insert(0, UnreadItem::of(&n));
        }
        r.incoming.insert(0, n.clone());
        r.incoming.truncate(INCOMING_MAX);
        true
    });
    if new && alert {
        show_system(&n);
    }
}

/// Sets the unread count from the backend, and fetches the unread list again when it no
/// longer matches (read on another device, or more than the device knows).
pub fn set_unread(count: u32) {
    let stale = with_rt(|r| {
        r.unread = Some(count);
        if count == 0 {
            r.unread_items.clear();
        }
        unread_list_stale(count, r.unread_items.len())
    });
    if stale {
        leptos::task::spawn_local(refresh_unread_list());
    }
}

thread_local! {
    static REFRESHING: Cell<bool> = const { Cell::new(false) };
}

async fn refresh_unread_list() {
    if REFRESHING.with(|r| r.replace(true)) {
        return;
    }
    let limit = UNREAD_PAGE.to_string();
    // A count that arrives while the list is on its way (read in another tab just then) may be
    // newer than the list: the list is asked for again rather than taken (it would bring back a
    // badge for what was just read). A few times at most.
    for _ in 0..3 {
        let (generation, asked_at) = RT.with(|r| (r.borrow().generation, r.borrow().unread));
        let page = api::fetch(endpoints::notifications(Some("true"), None, None, Some(&limit)), &Canceller::default()).await;
        let Ok(page) = page else { break };
        if !alive(generation) {
            break;
        }
        if RT.with(|r| r.borrow().unread) == asked_at {
            with_rt(|r| r.unread_items = page.items.iter().filter(|n| !n.read).map(UnreadItem::of).collect());
            break;
        }
    }
    REFRESHING.with(|r| r.set(false));
}

/// Marks one notification read (opened from the centre, or its message was opened).
pub async fn mark_read(id: String) -> Result<(), ApiError> {
    mark_read_many(vec![id]).await
}

/// Marks notifications read (an entry of the centre: the alerts of one message). All are read
/// on the device at once (so that the message page, opening meanwhile, does not ask again);
/// the requests go one after the other, so that the count of the last answer is the final one.
pub async fn mark_read_many(ids: Vec<String>) -> Result<(), ApiError> {
    with_rt(|r| {
        r.unread_items.retain(|i| !ids.contains(&i.id));
        for n in r.incoming.iter_mut().filter(|n| ids.contains(&n.id)) {
            n.read = true;
        }
    });
    let mut last = None;
    for id in &ids {
        last = Some(api::fetch(endpoints::notification_read(id), &Canceller::default()).await?);
    }
    if let Some(count) = last {
        set_unread(count.unread);
    }
    Ok(())
}

/// Marks read every notification up to `up_to_id` (the newest one the user saw).
pub async fn mark_all_read(up_to_id: Option<String>) -> Result<(), ApiError> {
    let count = api::send(endpoints::read_all(), &ReadAll { up_to_id }, None, &Canceller::default()).await?;
    with_rt(|r| {
        r.incoming.iter_mut().for_each(|n| n.read = true);
        r.unread_items.clear();
    });
    set_unread(count.unread);
    Ok(())
}

// --- The connection ----------------------------------------------------------------------------

/// Keeps the user's alerts coming until [`stop`] (in its own wasm chunk in the release build).
/// With `catch_up_only`, only fetches what the running connection may have missed (the app
/// came back to the foreground).
#[cfg(zsrd_split)]
#[leptos::lazy]
async fn run(generation: u32, catch_up_only: bool) {
    run_now(generation, catch_up_only).await
}

#[cfg(not(zsrd_split))]
async fn run(generation: u32, catch_up_only: bool) {
    run_now(generation, catch_up_only).await
}

fn set_link(link: Link) {
    if RT.with(|r| r.borrow().link) != link {
        with_rt(|r| r.link = link);
    }
}

async fn run_now(generation: u32, catch_up_only: bool) {
    if catch_up_only {
        let _ = catch_up(generation).await;
        return;
    }
    let mut failures: u32 = 0;
    let mut stream_again_at = 0.0;
    while alive(generation) {
        if !api::is_online() {
            failures = 0;
            set_link(Link::Offline);
            wait(generation, BACKOFF_MAX_MS).await;
            continue;
        }
        // Where to start: the newest notification now (the first stream replays whatever comes
        // after it), and the count.
        if RT.with(|r| r.borrow().last_id.is_none()) {
            match baseline(generation).await {
                Ok(()) => {}
                Err(e) if e.is_unauthorized() => return,
                Err(_) => {
                    failures += 1;
                    set_link(if failures >= FALLBACK_AFTER { Link::Polling } else { Link::Connecting });
                    wait(generation, jitter(backoff(failures))).await;
                    continue;
                }
            }
        }
        if !alive(generation) {
            return;
        }
        if failures < FALLBACK_AFTER || js_sys::Date::now() >= stream_again_at {
            let Some(worked) = stream(generation).await else { return };
            if worked {
                failures = 0;
            }
            failures += 1;
            if failures < FALLBACK_AFTER {
                set_link(Link::Connecting);
                wait(generation, jitter(backoff(failures))).await;
                continue;
            }
            stream_again_at = js_sys::Date::now() + STREAM_RETRY_IN_FALLBACK_MS;
        }
        set_link(Link::Polling);
        let _ = catch_up(generation).await;
        wait(generation, jitter(POLL_MS)).await;
    }
}

/// The newest notification id (or `0`: from the beginning) and the unread count. Nothing more is
/// asked once the connection was stopped (signed out meanwhile: the token is gone).
async fn baseline(generation: u32) -> Result<(), ApiError> {
    let c = Canceller::default();
    let page = api::fetch(endpoints::notifications(None, None, None, Some("1")), &c).await?;
    if !alive(generation) {
        return Ok(());
    }
    let count = api::fetch(endpoints::unread_count(), &c).await?;
    if !alive(generation) {
        return Ok(());
    }
    let last = page.items.first().map(|n| n.id.clone()).unwrap_or_else(|| "0".into());
    RT.with(|r| r.borrow_mut().last_id = Some(last));
    set_unread(count.unread);
    Ok(())
}

/// Fetches what came after the last id seen (oldest first), and the count.
async fn catch_up(generation: u32) -> Result<(), ApiError> {
    let c = Canceller::default();
    let mut cursor: Option<String> = None;
    for _ in 0..10 {
        let Some(after) = RT.with(|r| r.borrow().last_id.clone()) else { return baseline(generation).await };
        let page = api::fetch(endpoints::notifications(None, Some(&after), cursor.as_deref(), Some("50")), &c).await?;
        if !alive(generation) {
            return Ok(());
        }
        for n in page.items {
            accept(n, true);
        }
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    if !alive(generation) {
        return Ok(());
    }
    let count = api::fetch(endpoints::unread_count(), &c).await?;
    if alive(generation) {
        set_unread(count.unread);
    }
    Ok(())
}

/// Waits `ms`, or until [`wake`] or [`stop`].
async fn wait(generation: u32, ms: f64) {
    if !alive(generation) || RT.with(|r| std::mem::take(&mut r.borrow_mut().wake_pending)) {
        return;
    }
    let mut setup = |resolve: js_sys::Function, _reject: js_sys::Function| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.clamp(0.0, 3_600_000.0) as i32);
        }
        RT.with(|r| r.borrow_mut().wake = Some(resolve));
    };
    let promise = js_sys::Promise::new(&mut setup);
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    RT.with(|r| r.borrow_mut().wake = None);
}

/// Opens the stream and takes in its events until it fails or is stopped. `Some(true)` when it
/// worked (the backend spoke) before it ended, `None` when stopped.
async fn stream(generation: u32) -> Option<bool> {
    set_link(Link::Connecting);
    let ticket = api::fetch(endpoints::stream_ticket(), &Canceller::default()).await;
    if !alive(generation) {
        return None;
    }
    let ticket = match ticket {
        Ok(t) => t,
        // The session ended: the session state stops this connection.
        Err(e) if e.is_unauthorized() => return None,
        Err(_) => return Some(false),
    };
    let last = RT.with(|r| r.borrow().last_id.clone());
    let Ok(source) = web_sys::EventSource::new(&endpoints::stream_url(&ticket.ticket, last.as_deref())) else {
        return Some(false);
    };
    let spoke = Rc::new(Cell::new(false));
    let on_notification = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        if let Some(n) = e.data().as_string().and_then(|t| serde_json::from_str::<Notification>(&t).ok()) {
            accept(n, true);
        }
    });
    let spoke_unread = spoke.clone();
    let on_unread = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        if let Some(c) = e.data().as_string().and_then(|t| serde_json::from_str::<UnreadCount>(&t).ok()) {
            spoke_unread.set(true);
            set_link(Link::Live);
            set_unread(c.unread);
        }
    });
    let _ = source.add_event_listener_with_callback(contract::EVENT_NOTIFICATION, on_notification.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback(contract::EVENT_UNREAD, on_unread.as_ref().unchecked_ref());
    let mut setup = |resolve: js_sys::Function, _reject: js_sys::Function| {
        // An error ends this stream: EventSource's own reconnection would reuse the spent ticket.
        let _ = source.add_event_listener_with_callback("error", &resolve);
        RT.with(|r| {
            let mut r = r.borrow_mut();
            r.end = Some(resolve);
            r.source = Some(source.clone());
        });
    };
    let ended = js_sys::Promise::new(&mut setup);
    // A stream that stays silent is buffered somewhere: give up on it.
    let stall_source = source.clone();
    let stall_spoke = spoke.clone();
    let stall: Closure<dyn FnMut()> = Closure::once(move || {
        if !stall_spoke.get() && stall_source.ready_state() != web_sys::EventSource::CLOSED {
            call(RT.with(|r| r.borrow_mut().end.take()));
        }
    });
    let stall_timer = web_sys::window()
        .and_then(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(stall.as_ref().unchecked_ref(), STALL_MS).ok());
    let _ = wasm_bindgen_futures::JsFuture::from(ended).await;
    source.close();
    if let (Some(w), Some(t)) = (web_sys::window(), stall_timer) {
        w.clear_timeout_with_handle(t);
    }
    RT.with(|r| {
        let mut r = r.borrow_mut();
        if r.source.as_ref() == Some(&source) {
            r.source = None;
            r.end = None;
        }
    });
    drop((on_notification, on_unread, stall));
    alive(generation).then(|| spoke.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(link: &str, message_id: Option<&str>) -> Notification {
        Notification { id: "1".into(), link: link.into(), message_id: message_id.map(Into::into), ..Default::default() }
    }

    #[test]
    fn links_stay_in_the_app() {
        assert_eq!(safe_link(&note("/messages/m_1", None)).as_deref(), Some("/messages/m_1"));
        for bad in ["https://evil.example/x", "//evil.example/x", "javascript:alert(1)", "/\\evil", "", "/a b", "messages/m_1"] {
            assert_eq!(safe_link(&note(bad, None)), None, "{bad}");
            assert_eq!(safe_link(&note(bad, Some("m 2"))).as_deref(), Some("/messages/m%202"), "{bad}");
        }
        assert_eq!(safe_link(&note("", Some(""))), None);
    }

    #[test]
    fn badges_go_to_the_tab_of_what_they_are_about() {
        let item = |link: Option<&str>| UnreadItem { id: "x".into(), link: link.map(Into::into), message_id: None };
        let items = [item(Some("/messages/m_1")), item(Some("/messages/m_2")), item(Some("/deputies/d_1")), item(None), item(Some("/zzz"))];
        assert_eq!(tab_counts(&items), [0, 0, 1, 2, 0]);
        assert_eq!(tab_counts(&[]), [0; 5]);
    }

    #[test]
    fn reconnection_backs_off_to_a_minute() {
        assert_eq!(backoff(1), 3_000.0);
        assert_eq!(backoff(2), 6_000.0);
        assert_eq!(backoff(3), 12_000.0);
        assert_eq!(backoff(5), 48_000.0);
        assert_eq!(backoff(6), 60_000.0);
        assert_eq!(backoff(u32::MAX), 60_000.0);
        assert_eq!(backoff(0), 3_000.0);
    }

    #[test]
    fn the_unread_list_is_fetched_again_when_it_disagrees() {
        assert!(!unread_list_stale(2, 2));
        assert!(unread_list_stale(3, 2), "one arrived unseen");
        assert!(unread_list_stale(1, 2), "one was read elsewhere");
        assert!(!unread_list_stale(80, 50), "a full page: the rest is not needed for the badges");
        assert!(unread_list_stale(49, 50));
    }

    #[test]
    fn system_notifications_are_offered_only_where_they_can_appear() {
        const CHROME: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.135 Mobile Safari/537.36";
        const WECHAT: &str = "Mozilla/5.0 (Linux; Android 13; V2171A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160117 MMWEBSDK/20240404 MMWEBID/2307 MicroMessenger/8.0.49.2600(0x28003133) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";
        const WECHAT_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN";
        const ALIPAY: &str = "Mozilla/5.0 (Linux; U; Android 12; zh-CN; V2049A Build/SP1A.210812.003) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/69.0.3497.100 UWS/3.22.2.59 Mobile Safari/537.36 AlipayClient/10.5.36.8100 Language/zh-Hans";
        const WEBVIEW: &str = "Mozilla/5.0 (Linux; Android 13; SM-A536B; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.230 Mobile Safari/537.36";
        assert_eq!(place_of(CHROME, true), Place::Browser);
        assert_eq!(place_of(CHROME, false), Place::Elsewhere);
        assert_eq!(place_of(WECHAT, true), Place::Wechat, "WeChat's webview has the API, but nothing shows");
        assert_eq!(place_of(WECHAT_IOS, false), Place::Wechat);
        assert_eq!(place_of(ALIPAY, true), Place::Elsewhere);
        assert_eq!(place_of(WEBVIEW, true), Place::Elsewhere);
    }

    #[test]
    fn every_kind_has_its_own_label() {
        let labels: Vec<Key> = NotificationKind::ALL.iter().map(|k| kind_label(*k)).collect();
        for (i, a) in labels.iter().enumerate() {
            assert!(!labels[i + 1..].contains(a), "{a:?} twice");
        }
    }
}
