//! 提出议题 (citizens: pre-moderated, "审核中，工作人员审核后公开" after sending) and 发起议题
//! (staff and deputies: public at once): title, text (a blank line starts a paragraph: the
//! backend makes the blocks), whom it concerns (全镇, a liaison station, one of its villages)
//! and when discussion ends (none, or in days from today, ending that local day). The form is
//! a draft (`topic.new`), kept as it is typed; its key makes a retry the same topic.

use contract::{FieldError, NewTopic, Role, Station, Topic, TopicStatus, TOPIC_BODY_MAX, TOPIC_BODY_MIN, TOPIC_TITLE_MAX, TOPIC_TITLE_MIN};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use serde::{Deserialize, Serialize};

use super::css;
use crate::api::{self, endpoints, url, Canceller};
use crate::components::form::{api_errors, focus, focus_first_invalid, form_of, Control, Errors, Field, FormError, Value};
use crate::components::shell::TopBar;
use crate::components::states::SignInRequired;
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::state::drafts::{self, Draft};
use crate::state::loader::Loader;
use crate::state::session::SessionState;
use crate::state::storage;

const DRAFT: &str = "topic.new";
/// When discussion may end, in days from today (0: no end, the default).
const DAYS: [u32; 4] = [0, 7, 14, 30];
/// The fields of the form, as the contract names them.
const FIELDS: [&str; 5] = ["title", "body", "station_id", "village", "closes_at"];

/// The form as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form {
    pub title: String,
    pub body: String,
    /// "" (全镇), `<station id>`, or `<station id>\u{1f}<village>`.
    pub scope: String,
    /// Days from today discussion ends (0: no end).
    pub days: u32,
}

impl Form {
    /// The request; `closes_at` is the end of the chosen day (made by the caller: the clock is
    /// the browser's).
    pub fn request(&self, closes_at: Option<String>) -> NewTopic {
        let (station_id, village) = match self.scope.split_once('\u{1f}') {
            Some((s, v)) => (Some(s.to_string()), Some(v.to_string())),
            None if !self.scope.is_empty() => (Some(self.scope.clone()), None),
            None => (None, None),
        };
        NewTopic {
            title: self.title.trim().to_string(),
            body: self.body.trim().to_string(),
            station_id,
            village,
            closes_at: closes_at.filter(|_| self.days > 0),
        }
    }
}

/// The scopes to choose from after 全镇: each station, then each of its villages.
pub fn scope_choices(stations: &[Station]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for s in stations.iter().filter(|s| !s.id.is_empty()) {
        out.push((s.id.clone(), s.name.clone()));
        for v in s.villages.iter().filter(|v| !v.trim().is_empty()) {
            out.push((format!("{}\u{1f}{v}", s.id), format!("{} · {v}", s.name)));
        }
    }
    out
}

/// What the contract's rule found, in the user's words (the contract's own messages are for
/// developers).
pub fn local_message(e: &FieldError, l: Lang) -> String {
    let (min, max) = if e.field == "title" { (TOPIC_TITLE_MIN, TOPIC_TITLE_MAX) } else { (TOPIC_BODY_MIN, TOPIC_BODY_MAX) };
    match (e.field.as_str(), e.code.as_str()) {
        ("title", "required") => l.text(Key::TopicsErrTitle).to_string(),
        ("body", "required") => l.text(Key::TopicsErrBody).to_string(),
        ("title" | "body", "too_short") => fill(l.text(Key::TopicsErrShort), &[("n", &min.to_string())]),
        ("title" | "body", "too_long") => fill(l.text(Key::TopicsErrLong), &[("n", &max.to_string())]),
        ("closes_at", _) => l.text(Key::TopicsErrCloses).to_string(),
        _ => e.message.clone(),
    }
}

/// The end of the local day `days` from today, as RFC 3339 (UTC).
fn closes_at(days: u32) -> String {
    let now = js_sys::Date::new_0();
    let end = js_sys::Date::new_with_year_month_day_hr_min_sec(now.get_full_year(), now.get_month() as i32, now.get_date() as i32 + days as i32, 23, 59, 59);
    end.to_iso_string().as_string().unwrap_or_default()
}

#[component]
pub fn NewTopicPage() -> impl IntoView {
    let session = SessionState::get();
    let official = move || session.has_role(Role::Staff) || session.has_role(Role::Deputy);
    let title = move || t(if official() { Key::TopicsNewOfficial } else { Key::TopicsNew })().to_string();
    // the topic sent, when it waits for approval
    let sent: RwSignal<Option<Topic>> = RwSignal::new(None);
    let body = move || {
        if !session.is_signed_in() {
            return view! { <SignInRequired message=Signal::derive(move || t(Key::TopicsSignIn)().to_string())/> }.into_any();
        }
        if let Some(topic) = sent.get() {
            return view! { <Sent topic=topic/> }.into_any();
        }
        view! { <TopicForm official=official() sent=sent/> }.into_any()
    };
    view! {
        <TopBar title=Signal::derive(title) back_to="/topics"/>
        <div class=css::detail>{body}</div>
    }
}

/// After a citizen's proposal: it is 审核中 until staff approve it.
#[component]
fn Sent(topic: Topic) -> impl IntoView {
    request_animation_frame(|| focus("topic-sent"));
    let href = format!("/topics/{}", url::encode_component(&topic.id));
    view! {
        <section class=css::sent id="topic-sent" tabindex="-1" aria-labelledby="topic-sent-title">
            <h2 id="topic-sent-title">{t(Key::TopicsSentTitle)}</h2>
            <p class=css::sent_state>{t(Key::TopicsPendingNote)}</p>
            <p class=css::sent_title>{topic.title.clone()}</p>
            <div class=css::form_actions>
                <a class="btn btn-primary" href="topics?status=mine">{t(Key::TopicsSentMine)}</a>
                <a class="btn" href=crate::paths::to(&href)>{t(Key::TopicsSentView)}</a>
            </div>
        </section>
    }
}

#[component]
fn TopicForm(official: bool, sent: RwSignal<Option<Topic>>) -> impl IntoView {
    let lang = lang();
    let session = SessionState::get();
    let navigate = use_navigate();
    let stations = Loader::new(endpoints::stations);
    let draft = StoredValue::new(drafts::load::<Form>(session, DRAFT).unwrap_or_else(|| Draft::new(Form::default())));
    let form = RwSignal::new(draft.with_value(|d| d.value.clone()));
    let errs = Errors::new();
    let busy = RwSignal::new(false);
    let edit = move |f: Box<dyn FnOnce(&mut Form)>, fields: &'static [&'static str]| {
        form.update(f);
        errs.clear(fields);
        draft.update_value(|d| d.value = form.get_untracked());
        draft.with_value(|d| drafts::save(session, DRAFT, d).ok());
    };
    let title_value = Value::new(move || form.with(|f| f.title.clone()), move |v| edit(Box::new(move |f| f.title = v), &["title", ""]));
    let body_value = Value::new(move || form.with(|f| f.body.clone()), move |v| edit(Box::new(move |f| f.body = v), &["body", ""]));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        let days = form.with_untracked(|f| f.days);
        let body = form.with_untracked(|f| f.request((days > 0).then(|| closes_at(days))));
        let now = (js_sys::Date::now() / 1000.0) as i64;
        if let Err(list) = body.validate(now) {
            errs.set(list.iter().map(|e| (e.field.clone(), local_message(e, l))).collect());
            focus_first_invalid(form_of(&ev));
            return;
        }
        errs.set(Vec::new());
        busy.set(true);
        let key = draft.try_update_value(|d| d.key_for_send(storage::new_key)).unwrap_or_else(storage::new_key);
        draft.with_value(|d| drafts::save(session, DRAFT, d).ok());
        let navigate = navigate.clone();
        let el = form_of(&ev);
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::create_topic(), &body, Some(&key), &Canceller::default()).await;
            busy.try_set(false);
            match result {
                Ok(topic) => {
                    drafts::clear(session, DRAFT);
                    for k in ["topics:::", "topics:open::", "topics:mine::"] {
                        crate::state::lists::forget(k);
                    }
                    if topic.status == TopicStatus::Pending {
                        sent.try_set(Some(topic));
                    } else {
                        navigate(&format!("/topics/{}", url::encode_component(&topic.id)), NavigateOptions { replace: true, ..Default::default() });
                    }
                }
                Err(e) => {
                    errs.set(api_errors(&e, l, &|f: &str| FIELDS.into_iter().find(|x| *x == f)));
                    focus_first_invalid(el);
                }
            }
        });
    };
    let scope_options = move || match stations.get() {
        Some(Ok(page)) => scope_choices(&page.items)
            .into_iter()
            .map(|(value, label)| {
                let selected_value = value.clone();
                view! { <option value=value selected=move || form.with(|f| f.scope == selected_value)>{label}</option> }
            })
            .collect_view()
            .into_any(),
        _ => ().into_any(),
    };
    let scope_control = Control::own(move |aria| {
        aria.select(
            view! {
                <option value="" selected=move || form.with(|f| f.scope.is_empty())>{t(Key::TopicsScopeAll)}</option>
                {scope_options}
            }
            .into_any(),
            Callback::new(move |v: String| edit(Box::new(move |f| f.scope = v), &["station_id", "village", ""])),
        )
    });
    let days_control = Control::own(move |aria| {
        aria.select(
            DAYS.iter()
                .map(|d| {
                    let d = *d;
                    let label = move || {
                        if d == 0 { lang.get().text(Key::TopicsFormNoEnd).to_string() } else { fill(lang.get().text(Key::TopicsFormDays), &[("n", &d.to_string())]) }
                    };
                    view! { <option value=d.to_string() selected=move || form.with(|f| f.days == d)>{label}</option> }
                })
                .collect_view()
                .into_any(),
            Callback::new(move |v: String| {
                let days = v.parse().unwrap_or(0);
                edit(Box::new(move |f| f.days = days), &["closes_at", ""])
            }),
        )
    });
    view! {
        {(!official).then(|| view! { <p class=css::note>{t(Key::TopicsProposeNote)}</p> })}
        <form class=css::form on:submit=submit novalidate=true data-draft="">
            <Field id="topic-title" field="title" errors=errs label=Key::TopicsFormTitle control=Control::text(title_value) max=TOPIC_TITLE_MAX/>
            <Field id="topic-body" field="body" errors=errs label=Key::TopicsFormBody hint=Key::TopicsFormBodyHint
                control=Control::area("8", body_value) max=TOPIC_BODY_MAX/>
            <Field id="topic-scope" field="station_id" errors=errs label=Key::TopicsFormScope control=scope_control/>
            <Field id="topic-closes" field="closes_at" errors=errs label=Key::TopicsFormCloses control=days_control/>
            <FormError errors=errs/>
            <button type="submit" class=format!("btn btn-primary {}", css::send) disabled=move || busy.get()>
                {move || lang.get().text(if busy.get() { Key::TopicsSending } else if official { Key::TopicsFormPublish } else { Key::TopicsFormSend })}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scope_becomes_station_and_village() {
        let f = Form { title: " 村道 硬化 ".into(), body: "正文".into(), scope: "st_1\u{1f}和平村".into(), days: 7 };
        let r = f.request(Some("2026-12-12T15:59:59.000Z".into()));
        assert_eq!((r.title.as_str(), r.station_id.as_deref(), r.village.as_deref()), ("村道 硬化", Some("st_1"), Some("和平村")));
        assert_eq!(r.closes_at.as_deref(), Some("2026-12-12T15:59:59.000Z"));
        let r = Form { scope: "st_1".into(), days: 0, ..f.clone() }.request(Some("x".into()));
        assert_eq!((r.station_id.as_deref(), r.village, r.closes_at), (Some("st_1"), None, None));
        let r = Form { scope: String::new(), ..f }.request(None);
        assert_eq!((r.station_id, r.village, r.closes_at), (None, None, None));
    }

    #[test]
    fn scopes_list_stations_then_their_villages() {
        let s = Station { id: "st_1".into(), name: "中心站".into(), villages: vec!["甲村".into(), " ".into()], ..Default::default() };
        let none = Station { id: String::new(), name: "无".into(), ..Default::default() };
        assert_eq!(
            scope_choices(&[s, none]),
            [("st_1".to_string(), "中心站".to_string()), ("st_1\u{1f}甲村".into(), "中心站 · 甲村".into())]
        );
    }

    #[test]
    fn the_contract_checks_the_form() {
        let short = Form { title: "路".into(), body: "太短".into(), ..Default::default() }.request(None);
        let fields: Vec<String> = short.validate(0).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["title", "body"]);
        let errors = short.validate(0).unwrap_err();
        assert_eq!(local_message(&errors[0], Lang::Zh), "至少需要 4 个字");
        assert_eq!(local_message(&errors[1], Lang::Zh), "至少需要 10 个字");
        let empty = Form::default().request(None).validate(0).unwrap_err();
        assert_eq!(local_message(&empty[0], Lang::Zh), "请填写标题");
    }
}
