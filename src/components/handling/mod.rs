//! What a handler (deputy, staff) can do on a message page: triage, reply, status, plan
//! steps, hand-over — driven only by the message's `can` permissions (the server decides who
//! may do what; the app never guesses from roles).
//!
//! Every action posts to the contract's endpoint with the `version` the panel last saw; the
//! answer (the updated message) replaces the panel's copy and goes to `on_change`. A 409 says
//! someone else changed the message first (with a button to refresh), a 400 puts the server's
//! messages at their fields, a 403 says the user may not, and a network failure keeps what was
//! typed. The rules (validation, dates, which controls show) are plain functions with native
//! tests at the end of this file.

use std::cell::RefCell;

use contract::{
    Department, DeputySummary, HandOver, HandlerKind, Message, MessageCategory, MessageStatus, NewPlanStep, NewReply,
    Page, Permissions, Recipient, StatusChange, StepDone, Track, Triage, NOTE_MAX, REPLY_MAX,
};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::decode::FromJson;
use crate::api::{self, decode_body, decode_messages as enc, get_body, ApiError, Canceller};
use crate::components::cards::{message_status_label, track_label};
use crate::format;
use crate::i18n::{fill, lang, t, tf, Key, Lang};
use crate::state::local_storage;
use crate::state::session::SessionState;

stylance::import_crate_style!(pub css, "src/components/handling.module.css");

/// Plan step title length in characters.
pub const STEP_TITLE_MIN: usize = 2;
pub const STEP_TITLE_MAX: usize = 60;
/// Hand-over reason length in characters.
pub const REASON_MIN: usize = 2;
pub const REASON_MAX: usize = 200;
/// Pages of a choice list (deputies…) read at most.
const MAX_PAGES: usize = 20;

// ---------------------------------------------------------------------------
// Rules (plain functions, tested natively)
// ---------------------------------------------------------------------------

/// The parts of the panel shown for a set of permissions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Controls {
    pub triage: bool,
    pub reply: bool,
    /// One button per status the viewer may set now (values unknown to this app are left out).
    pub status: Vec<MessageStatus>,
    pub plan: bool,
    pub hand_over: bool,
}

impl Controls {
    pub fn any(&self) -> bool {
        self.triage || self.reply || !self.status.is_empty() || self.plan || self.hand_over
    }
}

/// Which controls show for `can` (the author's follow-up, rating and reopening are on the
/// message page, not here).
pub fn controls(can: &Permissions) -> Controls {
    let mut status: Vec<MessageStatus> = Vec::new();
    for s in &can.set_status {
        if *s != MessageStatus::Unknown && !status.contains(s) {
            status.push(*s);
        }
    }
    Controls { triage: can.triage, reply: can.reply, status, plan: can.plan, hand_over: can.hand_over }
}

/// Statuses that finish the handling ask "are you sure?" first.
pub fn needs_confirm(status: MessageStatus) -> bool {
    matches!(status, MessageStatus::Resolved | MessageStatus::Closed)
}

/// Why a field's value is not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    Required,
    TooShort(usize),
    TooLong(usize),
    BadDate,
    PastDate,
}

/// Checks the length (in characters, surrounding spaces ignored) of a text field; `min` 0 means
/// optional.
pub fn check_len(text: &str, min: usize, max: usize) -> Option<Invalid> {
    let n = text.trim().chars().count();
    if n == 0 {
        return (min > 0).then_some(Invalid::Required);
    }
    if n < min {
        Some(Invalid::TooShort(min))
    } else if n > max {
        Some(Invalid::TooLong(max))
    } else {
        None
    }
}

/// Checks a due date `YYYY-MM-DD` against today's local date (same format).
pub fn check_due_date(date: &str, today: &str) -> Option<Invalid> {
    if date.trim().is_empty() {
        return Some(Invalid::Required);
    }
    if parse_date(date).is_none() {
        return Some(Invalid::BadDate);
    }
    // Same fixed-width format: the text order is the date order.
    (date < today).then_some(Invalid::PastDate)
}

pub fn invalid_text(i: Invalid, lang: Lang) -> String {
    match i {
        Invalid::Required => lang.text(Key::WorkRequired).to_string(),
        Invalid::TooShort(n) => fill(lang.text(Key::WorkTooShort), &[("n", &n.to_string())]),
        Invalid::TooLong(n) => fill(lang.text(Key::WorkTooLong), &[("n", &n.to_string())]),
        Invalid::BadDate => lang.text(Key::WorkPlanBadDate).to_string(),
        Invalid::PastDate => lang.text(Key::WorkPlanPast).to_string(),
    }
}

/// Reads `YYYY-MM-DD` (what `<input type=date>` gives) as (year, month, day); `None` when it is
/// not a real date.
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok()).flatten()
    };
    let (y, m, d) = (num(0..4)? as i32, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (y >= 1970 && (1..=days).contains(&d)).then_some((y, m, d))
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn two(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// `YYYY-MM-DD`.
pub fn date_string(y: i64, m: u32, d: u32) -> String {
    let mut s = String::with_capacity(10);
    let y = y.clamp(0, 9999) as u32;
    two(&mut s, y / 100);
    two(&mut s, y % 100);
    s.push('-');
    two(&mut s, m);
    s.push('-');
    two(&mut s, d);
    s
}

/// RFC 3339 UTC time (`2026-11-30T15:59:59Z`) of seconds since the Unix epoch.
pub fn rfc3339_utc(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rest = secs.rem_euclid(86_400) as u32;
    let mut s = date_string(y, m, d);
    s.push('T');
    two(&mut s, rest / 3600);
    s.push(':');
    two(&mut s, rest / 60 % 60);
    s.push(':');
    two(&mut s, rest % 60);
    s.push('Z');
    s
}

/// The end (23:59:59) of local day `date` (`YYYY-MM-DD`) as RFC 3339 UTC, where
/// `utc_minus_local` is the minutes UTC is ahead of local time on that day (JavaScript's
/// `getTimezoneOffset`: -480 in UTC+8).
pub fn end_of_day_rfc3339(date: &str, utc_minus_local: i32) -> Option<String> {
    let (y, m, d) = parse_date(date)?;
    let local = days_from_civil(y, m, d) * 86_400 + 86_399;
    Some(rfc3339_utc(local + i64::from(utc_minus_local) * 60))
}

/// The end of local day `date` in this browser's time zone (daylight saving included).
fn end_of_local_day(date: &str) -> Option<String> {
    let (y, m, d) = parse_date(date)?;
    let day = js_sys::Date::new_with_year_month_day_hr_min_sec(y as u32, m as i32 - 1, d as i32, 23, 59, 59);
    let offset = day.get_timezone_offset();
    if offset.is_nan() {
        return None;
    }
    end_of_day_rfc3339(date, offset as i32)
}

/// Today's local date, `YYYY-MM-DD`.
fn today() -> String {
    let now = js_sys::Date::new_0();
    date_string(i64::from(now.get_full_year()), now.get_month() + 1, now.get_date())
}

/// The value of a handler choice: `deputy:<id>` / `department:<id>`.
pub fn handler_value(kind: HandlerKind, id: &str) -> String {
    format!("{}:{id}", kind.as_str())
}

/// Reads a handler choice back.
pub fn parse_handler(value: &str) -> Option<Recipient> {
    let (kind, id) = value.split_once(':')?;
    let kind = match kind {
        "deputy" => HandlerKind::Deputy,
        "department" => HandlerKind::Department,
        _ => return None,
    };
    (!id.is_empty()).then(|| Recipient { kind, id: id.to_string() })
}

/// The idempotency key of a reply: the same while the text sent is the same (a retry after a
/// lost answer is answered with the first result), a new one for a changed text.
pub fn reply_key(last: Option<&(String, String)>, text: &str, fresh: impl FnOnce() -> String) -> String {
    match last {
        Some((key, sent)) if sent == text => key.clone(),
        _ => fresh(),
    }
}

fn new_key() -> String {
    let a = js_sys::Date::now() as u64;
    let b = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    format!("r{a:x}{b:x}")
}

// ---------------------------------------------------------------------------
// Choice lists (categories, deputies, departments), loaded once per panel
// ---------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Load {
    Idle,
    Loading,
    Ready(Vec<(String, String)>),
    Failed(ApiError),
}

type Decoded = Result<(Vec<(String, String)>, Option<String>), ApiError>;

fn page_of<T: FromJson>(body: Result<String, ApiError>, pick: fn(T) -> (String, String)) -> Decoded {
    let page: Page<T> = decode_body(body)?;
    Ok((page.items.into_iter().map(pick).collect(), page.next_cursor))
}

fn categories_page(body: Result<String, ApiError>) -> Decoded {
    page_of::<MessageCategory>(body, |c| (c.id, c.name))
}

fn deputies_page(body: Result<String, ApiError>) -> Decoded {
    page_of::<DeputySummary>(body, |d| (d.id, d.name))
}

fn departments_page(body: Result<String, ApiError>) -> Decoded {
    page_of::<Department>(body, |d| (d.id, d.name))
}

fn categories_path(cursor: Option<&str>) -> String {
    api::url::with_query(api::MESSAGE_CATEGORIES, &[("cursor", cursor)])
}

fn deputies_path(cursor: Option<&str>) -> String {
    api::deputies(None, None, cursor)
}

fn departments_path(cursor: Option<&str>) -> String {
    api::url::with_query(api::DEPARTMENTS, &[("cursor", cursor)])
}

/// Loads every page of a list into `sig` unless it is loaded or loading.
fn ensure(sig: RwSignal<Load>, path: fn(Option<&str>) -> String, decode: fn(Result<String, ApiError>) -> Decoded, c: Canceller) {
    if !matches!(sig.get_untracked(), Load::Idle) {
        return;
    }
    sig.set(Load::Loading);
    leptos::task::spawn_local(async move {
        let mut all = Vec::new();
        let mut cursor: Option<String> = None;
        let mut outcome = Ok(());
        for _ in 0..MAX_PAGES {
            match decode(get_body(&path(cursor.as_deref()), &c).await) {
                Ok((items, next)) => {
                    all.extend(items);
                    match next {
                        Some(n) if !n.is_empty() && Some(&n) != cursor.as_ref() => cursor = Some(n),
                        _ => break,
                    }
                }
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            }
        }
        if c.is_cancelled() {
            return;
        }
        sig.try_set(match outcome {
            Ok(()) => Load::Ready(all),
            Err(e) => Load::Failed(e),
        });
    });
}

// ---------------------------------------------------------------------------
// Panel state and the one way actions are sent
// ---------------------------------------------------------------------------

/// Field errors of one form (client checks and the server's 400), by request field name; the
/// field "" holds errors that belong to no input.
#[derive(Clone, Copy)]
struct Errs(RwSignal<Vec<(String, String)>>);

impl Errs {
    fn new() -> Errs {
        Errs(RwSignal::new(Vec::new()))
    }

    fn get(self, field: &str) -> Option<String> {
        self.0.with(|v| v.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
    }

    fn set(self, v: Vec<(String, String)>) {
        self.0.set(v);
    }
}

/// The announcement of a successful action, from the updated message.
type Done = Box<dyn Fn(&Message, Lang) -> String>;

#[derive(Clone, Copy)]
struct Panel {
    msg: RwSignal<Message>,
    busy: RwSignal<bool>,
    /// Result of the last action, announced (role=status).
    announce: RwSignal<String>,
    conflict: RwSignal<bool>,
    /// Error of a refresh after a conflict.
    refresh_error: RwSignal<Option<String>>,
    on_change: Callback<Message>,
    canceller: StoredValue<Canceller, LocalStorage>,
    categories: RwSignal<Load>,
    deputies: RwSignal<Load>,
    departments: RwSignal<Load>,
}

thread_local! {
    /// The last announcement, by message id: the message page may build a new panel for the
    /// updated message, which then repeats what was done.
    /// (message id, text, when in ms).
    static LAST: RefCell<Option<(String, String, f64)>> = const { RefCell::new(None) };
}

fn user_id() -> Option<String> {
    use_context::<SessionState>().and_then(|s| s.user_id_untracked())
}

impl Panel {
    fn id(self) -> String {
        self.msg.with_untracked(|m| m.id.clone())
    }

    fn version(self) -> u32 {
        self.msg.with_untracked(|m| m.version)
    }

    /// `user`: the signed-in user's id, read when the action started (contexts are not at
    /// hand once the answer arrives).
    fn landed(self, m: Message, text: String, user: Option<String>) {
        LAST.with(|l| *l.borrow_mut() = Some((m.id.clone(), text.clone(), js_sys::Date::now())));
        if let Some(uid) = user {
            crate::state::lists::forget_work(&uid);
        }
        self.conflict.set(false);
        self.msg.set(m.clone());
        self.announce.set(text);
        self.on_change.run(m);
    }

    /// POSTs `body` to `path`; `fields` are the request fields the form shows errors at;
    /// `after` runs on success (clearing the form), before `on_change`.
    fn send(
        self,
        errs: Errs,
        (path, body, key): (String, String, Option<String>),
        fields: &'static [&'static str],
        done: Done,
        after: Box<dyn FnOnce()>,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        let lang = lang().get_untracked();
        self.busy.set(true);
        errs.set(Vec::new());
        self.announce.set(lang.text(Key::WorkBusy).to_string());
        let c = self.canceller.get_value();
        let user = user_id();
        leptos::task::spawn_local(async move {
            let result = decode_body::<Message>(api::send("POST", &path, Some(body), key.as_deref(), &c).await);
            if c.is_cancelled() {
                return;
            }
            self.busy.set(false);
            self.announce.set(String::new());
            match result {
                Ok(m) => {
                    let text = done(&m, lang);
                    after();
                    self.landed(m, text, user);
                }
                Err(ApiError::Aborted) => {}
                Err(ApiError::Http { status: 409, .. }) => self.conflict.set(true),
                Err(ApiError::Http { status: 403, .. }) => {
                    errs.set(vec![(String::new(), lang.text(Key::WorkNoPermission).to_string())]);
                }
                Err(e @ ApiError::Http { status: 400 | 422, .. }) => {
                    let mut out: Vec<(String, String)> = Vec::new();
                    for fe in e.field_errors() {
                        let field = if fields.contains(&fe.field.as_str()) { fe.field.clone() } else { String::new() };
                        let text = if fe.message.trim().is_empty() { e.message(lang) } else { fe.message.clone() };
                        if !out.iter().any(|(f, _)| *f == field) {
                            out.push((field, text));
                        }
                    }
                    if out.is_empty() {
                        out.push((String::new(), e.message(lang)));
                    }
                    errs.set(out);
                }
                Err(e) => errs.set(vec![(String::new(), e.message(lang))]),
            }
        });
    }

    /// Loads the message again (after a conflict) and hands it on.
    fn refresh(self) {
        if self.busy.get_untracked() {
            return;
        }
        let lang = lang().get_untracked();
        self.busy.set(true);
        self.refresh_error.set(None);
        let c = self.canceller.get_value();
        let path = api::message(&self.id(), "");
        leptos::task::spawn_local(async move {
            let result = decode_body::<Message>(get_body(&path, &c).await);
            if c.is_cancelled() {
                return;
            }
            self.busy.set(false);
            match result {
                Ok(m) => {
                    self.conflict.set(false);
                    self.msg.set(m.clone());
                    self.on_change.run(m);
                }
                Err(e) => self.refresh_error.set(Some(e.message(lang))),
            }
        });
    }
}

/// The message of `field`, under its input (with the id the input's `aria-describedby` names).
fn field_error(errs: Errs, field: &'static str, id: String) -> impl IntoView {
    move || errs.get(field).map(|m| view! { <p id=id.clone() class=css::field_error>{m}</p> })
}

/// Errors of a form that belong to no field (403, network…).
fn form_error(errs: Errs) -> impl IntoView {
    move || errs.get("").map(|m| view! { <p class=css::form_error role="alert">{m}</p> })
}

fn invalid(errs: Errs, field: &'static str) -> impl Fn() -> Option<&'static str> + Copy {
    move || errs.0.with(|v| v.iter().any(|(f, _)| f == field)).then_some("true")
}

/// A UI string with its placeholders filled, in the language of the moment.
fn text_of(key: Key, args: &[(&str, &str)]) -> String {
    fill(lang().get_untracked().text(key), args)
}

fn status_text(lang: Lang, key: Key, s: MessageStatus) -> String {
    fill(lang.text(key), &[("status", lang.text(message_status_label(s)))])
}

/// Client-side checks: (request field, problem) pairs, in form order.
fn local_errors(checks: &[(&str, Option<Invalid>)], lang: Lang) -> Vec<(String, String)> {
    checks.iter().filter_map(|(f, i)| i.map(|i| (f.to_string(), invalid_text(i, lang)))).collect()
}

/// Focuses the first invalid input of the form that was submitted.
fn focus_first_invalid(ev: &SubmitEvent) {
    use wasm_bindgen::JsCast;
    let form = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    request_animation_frame(move || {
        if let Some(el) = form.and_then(|f| f.query_selector("[aria-invalid=true]").ok().flatten()) {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

// ---------------------------------------------------------------------------
// The panel
// ---------------------------------------------------------------------------

/// The handler's actions for `message`; `on_change` receives the message as the backend
/// answers after an action.
#[component]
pub fn HandlingPanel(message: Message, #[prop(into)] on_change: Callback<Message>) -> impl IntoView {
    let id = message.id.clone();
    // Only just now (the page rebuilt the panel for the answer), not from an earlier visit.
    let last = LAST
        .with(|l| l.borrow_mut().take())
        .filter(|(m, _, at)| *m == id && js_sys::Date::now() - at < 5_000.0)
        .map(|(_, text, _)| text);
    let p = Panel {
        msg: RwSignal::new(message),
        busy: RwSignal::new(false),
        announce: RwSignal::new(last.unwrap_or_default()),
        conflict: RwSignal::new(false),
        refresh_error: RwSignal::new(None),
        on_change,
        canceller: StoredValue::new_local(Canceller::for_owner()),
        categories: RwSignal::new(Load::Idle),
        deputies: RwSignal::new(Load::Idle),
        departments: RwSignal::new(Load::Idle),
    };
    let shown = Memo::new(move |_| p.msg.with(|m| controls(&m.can)));
    // One closure type for every section (each is rebuilt only when it comes or goes).
    let section = move |on: fn(&Controls) -> bool, build: fn(Panel) -> AnyView| {
        let visible = Memo::new(move |_| shown.with(on));
        move || visible.get().then(|| untrack(|| build(p)))
    };
    let any = Memo::new(move |_| shown.with(Controls::any));
    let conflict = move || {
        p.conflict.get().then(|| {
            view! {
                <div class=css::conflict role="alert">
                    <p class=css::conflict_title>{t(Key::WorkConflict)}</p>
                    <p>{t(Key::WorkConflictHint)}</p>
                    {move || p.refresh_error.get().map(|e| view! { <p>{e}</p> })}
                    <button type="button" class="btn btn-primary" disabled=move || p.busy.get() on:click=move |_| p.refresh()>
                        {t(Key::WorkRefresh)}
                    </button>
                </div>
            }
        })
    };
    view! {
        <div role="status" class=move || { if p.announce.with(String::is_empty) { "" } else { css::announce } }>
            {move || p.announce.get()}
        </div>
        {move || any.get().then(|| view! {
            <section class=css::panel aria-labelledby="hp-title">
                <h2 id="hp-title" class=css::panel_title>{t(Key::WorkPanelTitle)}</h2>
                {conflict}
                {section(|c| c.triage, triage_form)}
                {section(|c| !c.status.is_empty(), status_form)}
                {section(|c| c.reply, reply_form)}
                {section(|c| c.plan, plan_form)}
                {section(|c| c.hand_over, hand_over_form)}
            </section>
        })}
    }
}

fn options(items: Vec<(String, String)>, current: &str) -> AnyView {
    items
        .into_iter()
        .map(|(id, name)| {
            let selected = id == current;
            view! { <option value=id selected=selected>{name}</option> }
        })
        .collect_view()
        .into_any()
}

/// A labelled `<select>` over a loaded choice list (or its loading / failed state with a
/// retry), with its error. One non-generic function for every choice of the panel.
#[derive(Clone, Copy)]
struct Select {
    id: &'static str,
    label: Key,
    /// The request field its errors come under.
    field: &'static str,
    /// The empty first option.
    choose: Key,
    value: RwSignal<String>,
    errs: Errs,
    list: RwSignal<Load>,
    retry: Callback<()>,
    /// A handler choice: `list` holds deputies and this list departments, shown in two groups
    /// with `handler_value`s.
    departments: Option<RwSignal<Load>>,
}

fn select_field(s: Select) -> AnyView {
    let error_id = format!("{}-error", s.id);
    let described = error_id.clone();
    let control = move || match (s.list.get(), s.departments.map(|d| d.get()).unwrap_or(Load::Ready(Vec::new()))) {
        (Load::Ready(items), Load::Ready(depts)) => {
            let current = s.value.get_untracked();
            let opts = match s.departments {
                Some(_) => {
                    let as_handlers = |kind: HandlerKind, items: Vec<(String, String)>| {
                        items.into_iter().map(|(id, name)| (handler_value(kind, &id), name)).collect::<Vec<_>>()
                    };
                    let (people, depts) = (as_handlers(HandlerKind::Deputy, items), as_handlers(HandlerKind::Department, depts));
                    view! {
                        <optgroup label=t(Key::WorkHandlerDeputies)>{options(people, &current)}</optgroup>
                        <optgroup label=t(Key::WorkHandlerDepartments)>{options(depts, &current)}</optgroup>
                    }
                    .into_any()
                }
                None => options(items, &current),
            };
            view! {
                <select
                    id=s.id
                    class=css::input
                    aria-invalid=invalid(s.errs, s.field)
                    aria-describedby=described.clone()
                    on:change=move |ev| s.value.set(event_target_value(&ev))
                >
                    <option value="" selected=current.is_empty()>{t(s.choose)}</option>
                    {opts}
                </select>
            }
            .into_any()
        }
        (Load::Failed(e), _) | (_, Load::Failed(e)) => view! {
            <div class=css::form_error role="alert">
                <span>{t(Key::WorkOptionsFailed)}" "{move || e.message(lang().get())}</span>
                <button type="button" class="btn" on:click=move |_| s.retry.run(())>{t(Key::ErrorRetry)}</button>
            </div>
        }
        .into_any(),
        _ => view! { <p class=css::hint role="status">{t(Key::WorkLoadingOptions)}</p> }.into_any(),
    };
    view! {
        <div class=css::field>
            <label for=s.id>{t(s.label)}</label>
            {control}
            {field_error(s.errs, s.field, error_id)}
        </div>
    }
    .into_any()
}

/// A labelled text input, date input or text area with an optional hint and character
/// counter, and its error.
#[derive(Clone)]
struct Text {
    id: &'static str,
    label: Key,
    field: &'static str,
    value: RwSignal<String>,
    errs: Errs,
    /// `text`, `date` or `area` (a textarea).
    kind: &'static str,
    /// Shows a counter against this many characters (0: none).
    max: usize,
    hint: Option<Key>,
    /// Smallest date.
    min: Option<String>,
    /// Told of every change (draft saving).
    on_input: Option<Callback<String>>,
}

fn text_field(f: Text) -> AnyView {
    let Text { id, label, field, value, errs, kind, max, hint, min, on_input } = f;
    let error_id = format!("{}-error", id);
    let hint_id = format!("{}-hint", id);
    let count_id = format!("{}-count", id);
    let mut described = error_id.clone();
    if hint.is_some() {
        described = format!("{hint_id} {described}");
    }
    if max > 0 {
        described = format!("{count_id} {described}");
    }
    let input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if let Some(cb) = on_input {
            cb.run(v.clone());
        }
        value.set(v);
    };
    let control = if kind == "area" {
        view! {
            <textarea
                id=id
                class=css::input
                rows={ if max > REASON_MAX { "5" } else { "3" } }
                aria-invalid=invalid(errs, field)
                aria-describedby=described
                prop:value=move || value.get()
                on:input=input
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                class=css::input
                type=kind
                min=min
                aria-invalid=invalid(errs, field)
                aria-describedby=described
                prop:value=move || value.get()
                on:input=input
                on:change=input
            />
        }
        .into_any()
    };
    let count = move || value.with(|s| s.trim().chars().count());
    view! {
        <div class=css::field>
            <label for=id>{t(label)}</label>
            {control}
            {hint.map(|h| view! { <p id=hint_id class=css::hint>{t(h)}</p> })}
            {(max > 0).then(|| view! {
                <p id=count_id class=move || { if count() > max { css::count_over } else { css::count } }>
                    {tf(Key::WorkChars, move || vec![("n", count().to_string()), ("max", max.to_string())])}
                </p>
            })}
            {field_error(errs, field, error_id)}
        </div>
    }
    .into_any()
}

impl Text {
    fn new(id: &'static str, label: Key, field: &'static str, value: RwSignal<String>, errs: Errs) -> Text {
        Text { id, label, field, value, errs, kind: "text", max: 0, hint: None, min: None, on_input: None }
    }

    fn area(self, max: usize) -> Text {
        Text { kind: "area", max, ..self }
    }
}

/// A section of the panel with one form: heading, fields, errors of no field, submit button.
struct Form {
    id: &'static str,
    title: Key,
    submit_label: Key,
    errs: Errs,
    busy: RwSignal<bool>,
    on_submit: Callback<SubmitEvent>,
    /// Shown between the heading and the form.
    before: Option<AnyView>,
    fields: AnyView,
}

fn form_block(f: Form) -> AnyView {
    let Form { id, title, submit_label, errs, busy, on_submit, before, fields } = f;
    view! {
        <section class=css::block aria-labelledby=id>
            <h3 id=id class=css::block_title>{t(title)}</h3>
            {before}
            <form class=css::form on:submit=move |ev| on_submit.run(ev) novalidate>
                {fields}
                {form_error(errs)}
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{t(submit_label)}</button>
            </form>
        </section>
    }
    .into_any()
}

fn triage_form(p: Panel) -> AnyView {
    let lang = lang();
    let (track0, category0, handler0) = p.msg.with_untracked(|m| {
        (
            m.track.filter(|t| *t != Track::Unknown).unwrap_or(Track::Fast),
            m.category.as_ref().map(|c| c.id.clone()).unwrap_or_default(),
            handler_value(m.recipient.kind, &m.recipient.id),
        )
    });
    let track = RwSignal::new(track0);
    let category = RwSignal::new(category0);
    let handler = RwSignal::new(handler0);
    let note = RwSignal::new(String::new());
    let errs = Errs::new();
    let load = move || {
        let c = p.canceller.get_value();
        ensure(p.categories, categories_path, categories_page, c.clone());
        ensure(p.deputies, deputies_path, deputies_page, c.clone());
        ensure(p.departments, departments_path, departments_page, c);
    };
    load();
    let retry = Callback::new(move |_| {
        for l in [p.categories, p.deputies, p.departments] {
            if matches!(l.get_untracked(), Load::Failed(_)) {
                l.set(Load::Idle);
            }
        }
        load();
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let lang = lang.get_untracked();
        let handler_choice = parse_handler(&handler.get_untracked());
        let checks = [
            ("category_id", category.with_untracked(|c| c.is_empty()).then_some(Invalid::Required)),
            ("handler", handler_choice.is_none().then_some(Invalid::Required)),
            ("note", note.with_untracked(|n| check_len(n, 0, NOTE_MAX))),
        ];
        let local = local_errors(&checks, lang);
        let Some(handler_choice) = handler_choice.filter(|_| local.is_empty()) else {
            errs.set(local);
            focus_first_invalid(&ev);
            return;
        };
        let n = note.get_untracked().trim().to_string();
        let body = enc::triage(&Triage {
            version: p.version(),
            track: track.get_untracked(),
            category_id: category.get_untracked(),
            handler: handler_choice,
            note: (!n.is_empty()).then_some(n),
        });
        p.send(
            errs,
            (api::message(&p.id(), "triage"), body, None),
            &["track", "category_id", "handler", "note"],
            Box::new(|_, lang| lang.text(Key::WorkTriageDone).to_string()),
            Box::new(move || note.set(String::new())),
        );
    };
    let radio = move |value: Track, hint: Key| {
        view! {
            <label class=css::option>
                <input
                    type="radio"
                    name="hp-track"
                    value=value.as_str()
                    prop:checked=move || track.get() == value
                    on:change=move |_| track.set(value)
                />
                <span class=css::option_text>
                    <strong>{t(track_label(value))}</strong>
                    <span class=css::hint>{t(hint)}</span>
                </span>
            </label>
        }
    };
    let category_select = select_field(Select {
        id: "hp-category",
        label: Key::WorkCategory,
        field: "category_id",
        choose: Key::WorkCategoryChoose,
        value: category,
        errs,
        list: p.categories,
        retry,
        departments: None,
    });
    let handler_select = select_field(Select {
        id: "hp-handler",
        label: Key::WorkHandler,
        field: "handler",
        choose: Key::WorkHandlerChoose,
        value: handler,
        errs,
        list: p.deputies,
        retry,
        departments: Some(p.departments),
    });
    let fields = view! {
        <fieldset class=css::options>
            <legend>{t(Key::WorkTrack)}</legend>
            {radio(Track::Fast, Key::WorkTrackFastHint)}
            {radio(Track::Major, Key::WorkTrackMajorHint)}
        </fieldset>
        {category_select}
        {handler_select}
        {text_field(Text::new("hp-triage-note", Key::WorkNote, "note", note, errs).area(NOTE_MAX))}
        {field_error(errs, "track", "hp-track-error".into())}
    };
    form_block(Form {
        id: "hp-triage-title",
        title: Key::WorkTriageTitle,
        submit_label: Key::WorkTriageSubmit,
        errs,
        busy: p.busy,
        on_submit: Callback::new(submit),
        before: None,
        fields: fields.into_any(),
    })
}

fn reply_form(p: Panel) -> AnyView {
    let lang = lang();
    let draft_key = user_id().map(|u| crate::state::session::user_prefix(&u) + "reply." + &p.id());
    let stored = draft_key
        .as_ref()
        .and_then(|k| local_storage().and_then(|s| s.get_item(k).ok().flatten()))
        .unwrap_or_default();
    let text = RwSignal::new(stored);
    let draft_key = StoredValue::new(draft_key);
    let save = move |value: &str| {
        if let (Some(k), Some(s)) = (draft_key.get_value(), local_storage()) {
            let _ = if value.is_empty() { s.remove_item(&k) } else { s.set_item(&k, value) };
        }
    };
    // (key, text) of the last send of this draft.
    let last_sent = StoredValue::new(None::<(String, String)>);
    let errs = Errs::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked().trim().to_string();
        if let Some(i) = check_len(&body, 1, REPLY_MAX) {
            errs.set(vec![("body".into(), invalid_text(i, lang.get_untracked()))]);
            focus_first_invalid(&ev);
            return;
        }
        let key = last_sent.with_value(|l| reply_key(l.as_ref(), &body, new_key));
        last_sent.set_value(Some((key.clone(), body.clone())));
        p.send(
            errs,
            (api::message(&p.id(), "replies"), enc::new_reply(&NewReply { body }), Some(key)),
            &["body"],
            Box::new(|_, lang| lang.text(Key::WorkReplyDone).to_string()),
            Box::new(move || {
                text.set(String::new());
                save("");
                last_sent.set_value(None);
            }),
        );
    };
    let field = Text {
        hint: Some(Key::WorkReplyHint),
        on_input: Some(Callback::new(move |v: String| save(&v))),
        ..Text::new("hp-reply", Key::WorkReplyLabel, "body", text, errs).area(REPLY_MAX)
    };
    form_block(Form {
        id: "hp-reply-title",
        title: Key::WorkReplyTitle,
        submit_label: Key::WorkReplySubmit,
        errs,
        busy: p.busy,
        on_submit: Callback::new(submit),
        before: None,
        fields: text_field(field),
    })
}

fn status_form(p: Panel) -> AnyView {
    let lang = lang();
    let note = RwSignal::new(String::new());
    let pending = RwSignal::new(None::<MessageStatus>);
    let errs = Errs::new();
    let send = move |s: MessageStatus| {
        pending.set(None);
        let lang_now = lang.get_untracked();
        if let Some(i) = note.with_untracked(|n| check_len(n, 0, NOTE_MAX)) {
            errs.set(vec![("note".into(), invalid_text(i, lang_now))]);
            return;
        }
        let n = note.get_untracked().trim().to_string();
        let body = enc::status_change(&StatusChange { version: p.version(), status: s, note: (!n.is_empty()).then_some(n) });
        p.send(
            errs,
            (api::message(&p.id(), "status"), body, None),
            &["note", "status"],
            Box::new(move |m, lang| status_text(lang, Key::WorkStatusDone, m.status)),
            Box::new(move || note.set(String::new())),
        );
    };
    let buttons = move || {
        p.msg
            .with(|m| controls(&m.can).status)
            .into_iter()
            .map(|s| {
                let primary = needs_confirm(s);
                view! {
                    <button
                        type="button"
                        class=if primary { "btn btn-primary" } else { "btn" }
                        disabled=move || p.busy.get()
                        on:click=move |_| if needs_confirm(s) { pending.set(Some(s)) } else { send(s) }
                    >
                        {status_text(lang.get_untracked(), Key::WorkStatusSet, s)}
                    </button>
                }
            })
            .collect_view()
    };
    let confirm = move || {
        pending.get().map(|s| {
            view! {
                <div class=css::confirm role="alertdialog" aria-labelledby="hp-confirm-text">
                    <p id="hp-confirm-text">{status_text(lang.get_untracked(), Key::WorkStatusConfirm, s)}</p>
                    <div class=css::actions>
                        <button type="button" class="btn btn-primary" disabled=move || p.busy.get() on:click=move |_| send(s)>
                            {t(Key::WorkConfirm)}
                        </button>
                        <button type="button" class="btn" on:click=move |_| pending.set(None)>{t(Key::WorkCancel)}</button>
                    </div>
                </div>
            }
        })
    };
    let current = move || status_text(lang.get_untracked(), Key::WorkStatusCurrent, p.msg.with(|m| m.status));
    view! {
        <section class=css::block aria-labelledby="hp-status-title">
            <h3 id="hp-status-title" class=css::block_title>{t(Key::WorkStatusTitle)}</h3>
            <p class=css::hint>{current}</p>
            {text_field(Text::new("hp-status-note", Key::WorkNote, "note", note, errs))}
            <div class=css::actions>{buttons}</div>
            {confirm}
            {field_error(errs, "status", "hp-status-error".into())}
            {form_error(errs)}
        </section>
    }
    .into_any()
}

fn plan_form(p: Panel) -> AnyView {
    let lang = lang();
    let title = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let errs = Errs::new();
    let today = today();
    let min = today.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let lang = lang.get_untracked();
        let name = title.get_untracked().trim().to_string();
        let date = due.get_untracked();
        let due_at = end_of_local_day(&date);
        let date_check = check_due_date(&date, &today).or(due_at.is_none().then_some(Invalid::BadDate));
        let local = local_errors(&[("title", check_len(&name, STEP_TITLE_MIN, STEP_TITLE_MAX)), ("due_at", date_check)], lang);
        let Some(due_at) = due_at.filter(|_| local.is_empty()) else {
            errs.set(local);
            focus_first_invalid(&ev);
            return;
        };
        let body = enc::new_plan_step(&NewPlanStep { version: p.version(), title: name, due_at });
        p.send(
            errs,
            (api::message(&p.id(), "plan"), body, None),
            &["title", "due_at"],
            Box::new(|_, lang| lang.text(Key::WorkPlanAdded).to_string()),
            Box::new(move || {
                title.set(String::new());
                due.set(String::new());
            }),
        );
    };
    let tick_errs = Errs::new();
    let steps = move || {
        let plan = p.msg.with(|m| m.plan.clone());
        if plan.is_empty() {
            return view! { <p class=css::hint>{t(Key::WorkPlanEmpty)}</p> }.into_any();
        }
        view! {
            <ol class=css::steps>
                {plan
                    .into_iter()
                    .map(|step| {
                        let due = step.due_at.clone();
                        let done_at = step.done_at.clone();
                        let step_title = step.title.clone();
                        let step_id = step.id.clone();
                        let tick = move |_| {
                            let body = enc::step_done(&StepDone { version: p.version() });
                            p.send(
                                tick_errs,
                                (api::plan_step_done(&p.id(), &step_id), body, None),
                                &[],
                                Box::new(|_, lang| lang.text(Key::WorkPlanTicked).to_string()),
                                Box::new(|| {}),
                            );
                        };
                        let tick_label = step_title.clone();
                        view! {
                            <li class=if step.done { css::step_done } else { css::step }>
                                <span class=css::step_title>{if step.done { "✓ " } else { "" }}{step.title.clone()}</span>
                                <span class=css::hint>
                                    {match done_at.filter(|_| step.done) {
                                        Some(d) => text_of(Key::WorkPlanDoneAt, &[("date", &format::date(&d, lang.get_untracked()))]),
                                        None => text_of(Key::WorkPlanDue, &[("date", &format::date(&due, lang.get_untracked()))]),
                                    }}
                                    {(step.overdue && !step.done).then(|| view! { <strong class=css::overdue>" "{t(Key::WorkPlanOverdue)}</strong> })}
                                </span>
                                {(!step.done).then(|| view! {
                                    <button
                                        type="button"
                                        class="btn"
                                        aria-label=text_of(Key::WorkPlanTickLabel, &[("title", &tick_label)])
                                        disabled=move || p.busy.get()
                                        on:click=tick
                                    >
                                        {t(Key::WorkPlanTick)}
                                    </button>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };
    let due_field = Text { kind: "date", min: Some(min), ..Text::new("hp-step-due", Key::WorkPlanStepDue, "due_at", due, errs) };
    form_block(Form {
        id: "hp-plan-title",
        title: Key::WorkPlanTitle,
        submit_label: Key::WorkPlanAdd,
        errs,
        busy: p.busy,
        on_submit: Callback::new(submit),
        before: Some(view! { {steps} {form_error(tick_errs)} }.into_any()),
        fields: view! {
            {text_field(Text::new("hp-step-title", Key::WorkPlanStepTitle, "title", title, errs))}
            {text_field(due_field)}
        }
        .into_any(),
    })
}

fn hand_over_form(p: Panel) -> AnyView {
    let lang = lang();
    let dept = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errs = Errs::new();
    let load = move || ensure(p.departments, departments_path, departments_page, p.canceller.get_value());
    load();
    let retry = Callback::new(move |_| {
        if matches!(p.departments.get_untracked(), Load::Failed(_)) {
            p.departments.set(Load::Idle);
        }
        load();
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let why = reason.get_untracked().trim().to_string();
        let department_id = dept.get_untracked();
        let local = local_errors(
            &[
                ("department_id", department_id.is_empty().then_some(Invalid::Required)),
                ("note", check_len(&why, REASON_MIN, REASON_MAX)),
            ],
            lang.get_untracked(),
        );
        if !local.is_empty() {
            errs.set(local);
            focus_first_invalid(&ev);
            return;
        }
        let body = enc::hand_over(&HandOver { version: p.version(), department_id, note: why });
        p.send(
            errs,
            (api::message(&p.id(), "hand-over"), body, None),
            &["department_id", "note"],
            Box::new(|_, lang| lang.text(Key::WorkHandOverDone).to_string()),
            Box::new(move || {
                reason.set(String::new());
                dept.set(String::new());
            }),
        );
    };
    let select = select_field(Select {
        id: "hp-dept",
        label: Key::WorkHandOverDept,
        field: "department_id",
        choose: Key::WorkHandOverChoose,
        value: dept,
        errs,
        list: p.departments,
        retry,
        departments: None,
    });
    form_block(Form {
        id: "hp-hand-over-title",
        title: Key::WorkHandOverTitle,
        submit_label: Key::WorkHandOverSubmit,
        errs,
        busy: p.busy,
        on_submit: Callback::new(submit),
        before: None,
        fields: view! {
            {select}
            {text_field(Text::new("hp-reason", Key::WorkHandOverReason, "note", reason, errs).area(REASON_MAX))}
        }
        .into_any(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_of_day_is_utc_of_local_23_59_59() {
        // UTC+8 (getTimezoneOffset = -480): the township's rule.
        assert_eq!(end_of_day_rfc3339("2026-11-30", -480).as_deref(), Some("2026-11-30T15:59:59Z"));
        assert_eq!(end_of_day_rfc3339("2026-12-31", 0).as_deref(), Some("2026-12-31T23:59:59Z"));
        // West of UTC the end of the day is on the next UTC day.
        assert_eq!(end_of_day_rfc3339("2026-12-31", 300).as_deref(), Some("2027-01-01T04:59:59Z"));
        assert_eq!(end_of_day_rfc3339("2028-02-29", -330).as_deref(), Some("2028-02-29T18:29:59Z"));
        assert_eq!(end_of_day_rfc3339("2026-02-29", -480), None, "not a date");
        assert_eq!(end_of_day_rfc3339("", -480), None);
    }

    #[test]
    fn rfc3339_and_dates() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(1_796_054_399), "2026-11-30T15:59:59Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
        for days in [0, 59, 60, 365, 10_957, 20_000, 50_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y as i32, m, d), days);
        }
        assert_eq!(date_string(2026, 1, 5), "2026-01-05");
        assert_eq!(parse_date("2026-11-30"), Some((2026, 11, 30)));
        for bad in ["2026-13-01", "2026-04-31", "2026-1-01", "2026/11/30", "abcd-ef-gh", "2026-11-3x", "1900-01-01"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
    }

    #[test]
    fn fields_are_validated() {
        assert_eq!(check_len("", 1, REPLY_MAX), Some(Invalid::Required));
        assert_eq!(check_len("   ", 1, REPLY_MAX), Some(Invalid::Required));
        assert_eq!(check_len("好", 1, REPLY_MAX), None);
        assert_eq!(check_len(&"字".repeat(REPLY_MAX), 1, REPLY_MAX), None);
        assert_eq!(check_len(&"字".repeat(REPLY_MAX + 1), 1, REPLY_MAX), Some(Invalid::TooLong(REPLY_MAX)));
        assert_eq!(check_len("", 0, NOTE_MAX), None, "optional note");
        assert_eq!(check_len("勘", STEP_TITLE_MIN, STEP_TITLE_MAX), Some(Invalid::TooShort(2)));
        assert_eq!(check_len(" 勘查 ", STEP_TITLE_MIN, STEP_TITLE_MAX), None);
        assert_eq!(check_len(&"a".repeat(61), STEP_TITLE_MIN, STEP_TITLE_MAX), Some(Invalid::TooLong(60)));
        assert_eq!(check_len("x", REASON_MIN, REASON_MAX), Some(Invalid::TooShort(2)));
        assert_eq!(check_due_date("", "2026-11-29"), Some(Invalid::Required));
        assert_eq!(check_due_date("2026-11-28", "2026-11-29"), Some(Invalid::PastDate));
        assert_eq!(check_due_date("2026-11-29", "2026-11-29"), None, "today is fine");
        assert_eq!(check_due_date("2027-01-02", "2026-11-29"), None);
        assert_eq!(check_due_date("2026-02-30", "2026-01-01"), Some(Invalid::BadDate));
        assert_eq!(invalid_text(Invalid::TooShort(2), Lang::Zh), "至少 2 个字");
        assert_eq!(invalid_text(Invalid::TooLong(200), Lang::En), "At most 200 characters");
    }

    #[test]
    fn controls_follow_the_permissions_only() {
        assert!(!controls(&Permissions::default()).any());
        let author = Permissions { follow_up: true, rate: true, reopen: true, ..Default::default() };
        assert!(!controls(&author).any(), "the author's actions are not handling");
        let staff = Permissions { triage: true, ..Default::default() };
        assert_eq!(controls(&staff), Controls { triage: true, ..Default::default() });
        let handler = Permissions {
            reply: true,
            set_status: vec![MessageStatus::InProgress, MessageStatus::Unknown, MessageStatus::Resolved, MessageStatus::InProgress],
            plan: true,
            hand_over: true,
            ..Default::default()
        };
        let c = controls(&handler);
        assert!(c.any() && c.reply && c.plan && c.hand_over && !c.triage);
        assert_eq!(c.status, vec![MessageStatus::InProgress, MessageStatus::Resolved]);
        let only_unknown = Permissions { set_status: vec![MessageStatus::Unknown], ..Default::default() };
        assert!(!controls(&only_unknown).any());
        assert!(needs_confirm(MessageStatus::Resolved) && needs_confirm(MessageStatus::Closed));
        assert!(!needs_confirm(MessageStatus::Accepted) && !needs_confirm(MessageStatus::InProgress));
    }

    #[test]
    fn handler_choices_and_reply_keys() {
        assert_eq!(handler_value(HandlerKind::Deputy, "d_1"), "deputy:d_1");
        assert_eq!(parse_handler("department:g:2"), Some(Recipient { kind: HandlerKind::Department, id: "g:2".into() }));
        assert_eq!(parse_handler("deputy:"), None);
        assert_eq!(parse_handler(""), None);
        assert_eq!(parse_handler("mayor:x"), None);
        let last = ("k1".to_string(), "答复".to_string());
        assert_eq!(reply_key(Some(&last), "答复", || "k2".into()), "k1", "a retry of the same text");
        assert_eq!(reply_key(Some(&last), "答复（改）", || "k2".into()), "k2");
        assert_eq!(reply_key(None, "答复", || "k3".into()), "k3");
    }
}
