//! 发起投票 (staff): title, description, who it asks (全镇, a station's villages, one village),
//! when it closes (in days from today, ending that local day: no date input, which some
//! webviews show in English), when results show, and the questions with their options, each
//! added and removed. The form is a draft (`poll.new`), kept as it is typed; its key makes a
//! retry the same poll. The contract's rules check it before sending (`NewPoll::check`);
//! the backend's errors go to their fields (`questions[1].options[0]`…).

use contract::{
    FieldError, NewPoll, NewQuestion, NewScope, QuestionKind, ResultsShown, Role, ScopeKind, Station, OPTIONS_MAX,
    OPTIONS_MIN, POLL_QUESTIONS_MAX,
};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use serde::{Deserialize, Serialize};

use super::css;
use crate::api::{self, endpoints, Canceller};
use crate::components::form::css as fcss;
use crate::components::shell::TopBar;
use crate::components::states::SignInRequired;
use crate::i18n::{fill, lang, t, ErrorText, Key};
use crate::state::drafts::{self, Draft};
use crate::state::loader::Loader;
use crate::state::session::SessionState;
use crate::state::storage;

const DRAFT: &str = "poll.new";
/// How long a poll may run, in days from today (the first is the default).
const DAYS: [u32; 4] = [7, 3, 14, 30];

/// The form as typed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Form {
    title: String,
    description: String,
    /// "" (全镇), `<station id>`, or `<station id>\u{1f}<village>`.
    scope: String,
    days: u32,
    after_close: bool,
    questions: Vec<Q>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Q {
    text: String,
    multiple: bool,
    max: u32,
    options: Vec<String>,
}

impl Default for Q {
    fn default() -> Self {
        Q { text: String::new(), multiple: false, max: 2, options: vec![String::new(); OPTIONS_MIN] }
    }
}

impl Default for Form {
    fn default() -> Self {
        Form { title: String::new(), description: String::new(), scope: String::new(), days: DAYS[0], after_close: false, questions: vec![Q::default()] }
    }
}

/// The end of the local day `days` from today, as RFC 3339 (UTC).
fn closes_at(days: u32) -> String {
    let now = js_sys::Date::new_0();
    let end = js_sys::Date::new_with_year_month_day_hr_min_sec(now.get_full_year(), now.get_month() as i32, now.get_date() as i32 + days as i32, 23, 59, 59);
    end.to_iso_string().as_string().unwrap_or_default()
}

impl Form {
    fn request(&self) -> NewPoll {
        let scope = match self.scope.split_once('\u{1f}') {
            Some((station, village)) => NewScope { kind: ScopeKind::Village, station_id: Some(station.into()), village: Some(village.into()) },
            None if !self.scope.is_empty() => NewScope { kind: ScopeKind::Station, station_id: Some(self.scope.clone()), village: None },
            None => NewScope { kind: ScopeKind::All, station_id: None, village: None },
        };
        NewPoll {
            title: self.title.clone(),
            description: self.description.clone(),
            scope,
            opens_at: None,
            closes_at: closes_at(self.days),
            results_shown: if self.after_close { ResultsShown::AfterClose } else { ResultsShown::AfterVote },
            questions: self
                .questions
                .iter()
                .map(|q| NewQuestion {
                    text: q.text.clone(),
                    kind: if q.multiple { QuestionKind::Multiple } else { QuestionKind::Single },
                    max_choices: q.multiple.then_some(q.max.min(q.options.len() as u32)),
                    options: q.options.clone(),
                })
                .collect(),
        }
    }
}

#[component]
pub fn NewPollPage() -> impl IntoView {
    let session = SessionState::get();
    let title = t(Key::PollsNew);
    let bar = view! { <TopBar title=Signal::derive(move || title().to_string()) back_to="/polls"/> };
    let body = move || {
        if !session.is_signed_in() {
            return view! { <SignInRequired message=Signal::derive(move || t(Key::PollsStaffOnly)().to_string())/> }.into_any();
        }
        if !session.has_role(Role::Staff) {
            return view! { <p class=css::note>{t(Key::PollsStaffOnly)}</p> }.into_any();
        }
        view! { <PollForm/> }.into_any()
    };
    view! { {bar} <div class=css::detail>{body}</div> }
}

#[component]
fn PollForm() -> impl IntoView {
    let lang = lang();
    let session = SessionState::get();
    let navigate = use_navigate();
    let stations = Loader::new(endpoints::stations);
    let draft = StoredValue::new(drafts::load::<Form>(session, DRAFT).unwrap_or_else(|| Draft::new(Form::default())));
    let form = RwSignal::new(draft.with_value(|d| d.value.clone()));
    // the errors by the contract's field names ("" for the form's own)
    let errors: RwSignal<Vec<FieldError>> = RwSignal::new(Vec::new());
    let busy = RwSignal::new(false);
    let edit = move |f: Box<dyn FnOnce(&mut Form)>| {
        form.update(f);
        draft.update_value(|d| d.value = form.get_untracked());
        draft.with_value(|d| drafts::save(session, DRAFT, d).ok());
    };
    let error_at = move |field: String| {
        move || errors.with(|e| e.iter().find(|x| x.field == field).map(|x| x.message.clone()))
    };
    let error_view = move |field: String, id: String| {
        let at = error_at(field);
        move || at().map(|m| view! { <p id=id.clone() class=fcss::error>{m}</p> })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = form.with_untracked(Form::request);
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let local = body.check(now);
        if !local.is_empty() {
            errors.set(local);
            crate::components::form::focus_first_invalid(crate::components::form::form_of(&ev));
            return;
        }
        errors.set(Vec::new());
        busy.set(true);
        let key = draft.try_update_value(|d| d.key_for_send(storage::new_key)).unwrap_or_else(storage::new_key);
        draft.with_value(|d| drafts::save(session, DRAFT, d).ok());
        let navigate = navigate.clone();
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::create_poll(), &body, Some(&key), &c).await;
            busy.try_set(false);
            match result {
                Ok(p) => {
                    drafts::clear(session, DRAFT);
                    crate::state::lists::forget("polls:");
                    crate::state::lists::forget("polls:open");
                    crate::state::lists::forget("polls:upcoming");
                    navigate(&format!("/polls/{}", crate::api::url::encode_component(&p.id)), NavigateOptions { replace: true, ..Default::default() });
                }
                Err(e) => {
                    let mut list: Vec<FieldError> = e.field_errors().to_vec();
                    if list.is_empty() {
                        list.push(FieldError { field: String::new(), code: String::new(), message: e.message(lang.get_untracked()) });
                    }
                    errors.try_set(list);
                }
            }
        });
    };
    let text_input = move |id: String, label: String, get: Box<dyn Fn(&Form) -> String + Send + Sync>, set: Box<dyn Fn(&mut Form, String) + Send + Sync>, field: String, area: bool| {
        let get = std::sync::Arc::new(get);
        let set = std::sync::Arc::new(set);
        let err_id = format!("{id}-error");
        let invalid = {
            let at = error_at(field.clone());
            move || if at().is_some() { "true" } else { "false" }
        };
        // (only while there is an error: a reference to nothing is an axe finding)
        let described = {
            let at = error_at(field.clone());
            let id = err_id.clone();
            move || at().map(|_| id.clone())
        };
        let value = {
            let get = get.clone();
            move || form.with(|f| get(f))
        };
        let on_input = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            let set = set.clone();
            edit(Box::new(move |f| set(f, v)));
        };
        let control = if area {
            view! { <textarea id=id.clone() class=fcss::input rows="3" aria-invalid=invalid.clone() aria-describedby=described.clone() prop:value=value.clone() on:input=on_input.clone()></textarea> }.into_any()
        } else {
            view! { <input id=id.clone() class=fcss::input type="text" aria-invalid=invalid aria-describedby=described prop:value=value on:input=on_input/> }.into_any()
        };
        view! {
            <div class=fcss::field>
                <label for=id>{label}</label>
                {control}
                {error_view(field, err_id)}
            </div>
        }
    };
    let l = move |k: Key| lang.get_untracked().text(k).to_string();
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
    let questions = move || {
        let n = form.with(|f| f.questions.len());
        (0..n)
            .map(|qi| {
                let qn = (qi + 1).to_string();
                let options = move || {
                    let m = form.with(|f| f.questions.get(qi).map_or(0, |q| q.options.len()));
                    (0..m)
                        .map(|oi| {
                            let label = fill(&l(Key::PollsFormOption), &[("n", &(oi + 1).to_string())]);
                            let remove = fill(&l(Key::PollsFormRemoveOption), &[("n", &(oi + 1).to_string())]);
                            view! {
                                <li class=css::option_row>
                                    {text_input(
                                        format!("q{qi}-o{oi}"),
                                        label,
                                        Box::new(move |f| f.questions.get(qi).and_then(|q| q.options.get(oi)).cloned().unwrap_or_default()),
                                        Box::new(move |f, v| if let Some(o) = f.questions.get_mut(qi).and_then(|q| q.options.get_mut(oi)) { *o = v; }),
                                        format!("questions[{qi}].options[{oi}]"),
                                        false,
                                    )}
                                    {(m > OPTIONS_MIN).then(|| view! {
                                        <button type="button" class="btn" on:click=move |_| edit(Box::new(move |f| { if let Some(q) = f.questions.get_mut(qi) { if oi < q.options.len() { q.options.remove(oi); } } }))>
                                            {remove}
                                        </button>
                                    })}
                                </li>
                            }
                        })
                        .collect_view()
                };
                let multiple = move || form.with(|f| f.questions.get(qi).is_some_and(|q| q.multiple));
                let can_add_option = move || form.with(|f| f.questions.get(qi).is_some_and(|q| q.options.len() < OPTIONS_MAX));
                let kind_id = format!("q{qi}-kind");
                let max_id = format!("q{qi}-max");
                view! {
                    <fieldset class=css::question>
                        <legend>{fill(&l(Key::PollsFormQuestion), &[("n", &qn)])}</legend>
                        {text_input(
                            format!("q{qi}-text"),
                            l(Key::PollsFormQuestionText),
                            Box::new(move |f| f.questions.get(qi).map(|q| q.text.clone()).unwrap_or_default()),
                            Box::new(move |f, v| if let Some(q) = f.questions.get_mut(qi) { q.text = v; }),
                            format!("questions[{qi}].text"),
                            false,
                        )}
                        <div class=fcss::field>
                            <label for=kind_id.clone()>{t(Key::PollsFormKind)}</label>
                            <select id=kind_id class=fcss::input on:change=move |ev| {
                                let multiple = event_target_value(&ev) == "multiple";
                                edit(Box::new(move |f| if let Some(q) = f.questions.get_mut(qi) { q.multiple = multiple; }));
                            }>
                                <option value="single" selected=move || !multiple()>{t(Key::PollsSingle)}</option>
                                <option value="multiple" selected=multiple>{t(Key::PollsFormMultiple)}</option>
                            </select>
                        </div>
                        {move || multiple().then(|| {
                            let max_id = max_id.clone();
                            let count = form.with(|f| f.questions.get(qi).map_or(2, |q| q.options.len().max(2)));
                            view! {
                                <div class=fcss::field>
                                    <label for=max_id.clone()>{t(Key::PollsFormMax)}</label>
                                    <select id=max_id class=fcss::input on:change=move |ev| {
                                        let max = event_target_value(&ev).parse().unwrap_or(2);
                                        edit(Box::new(move |f| if let Some(q) = f.questions.get_mut(qi) { q.max = max; }));
                                    }>
                                        {(2..=count as u32).map(|k| view! {
                                            <option value=k.to_string() selected=move || form.with(|f| f.questions.get(qi).is_some_and(|q| q.max == k))>{k.to_string()}</option>
                                        }).collect_view()}
                                    </select>
                                    {error_view(format!("questions[{qi}].max_choices"), format!("q{qi}-max-error"))}
                                </div>
                            }
                        })}
                        <ul class=css::option_rows>{options}</ul>
                        {error_view(format!("questions[{qi}].options"), format!("q{qi}-options-error"))}
                        <div class=css::confirm_actions>
                            {move || can_add_option().then(|| view! {
                                <button type="button" class="btn" on:click=move |_| edit(Box::new(move |f| if let Some(q) = f.questions.get_mut(qi) { q.options.push(String::new()); }))>
                                    {t(Key::PollsFormAddOption)}
                                </button>
                            })}
                            {(n > 1).then(|| view! {
                                <button type="button" class="btn" on:click=move |_| edit(Box::new(move |f| { if qi < f.questions.len() { f.questions.remove(qi); } }))>
                                    {fill(&l(Key::PollsFormRemoveQuestion), &[("n", &qn)])}
                                </button>
                            })}
                        </div>
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <form class=css::ballot on:submit=submit novalidate>
            {text_input("poll-title".into(), l(Key::PollsFormTitle), Box::new(|f| f.title.clone()), Box::new(|f, v| f.title = v), "title".into(), false)}
            {text_input("poll-desc".into(), l(Key::PollsFormDesc), Box::new(|f| f.description.clone()), Box::new(|f, v| f.description = v), "description".into(), true)}
            <div class=fcss::field>
                <label for="poll-scope">{t(Key::PollsFormScope)}</label>
                <select id="poll-scope" class=fcss::input aria-describedby={let at = error_at("scope".into()); move || at().map(|_| "poll-scope-error")} on:change=move |ev| {
                    let v = event_target_value(&ev);
                    edit(Box::new(move |f| f.scope = v));
                }>
                    <option value="" selected=move || form.with(|f| f.scope.is_empty())>{t(Key::PollsFormAll)}</option>
                    {scope_options}
                </select>
                {error_view("scope".into(), "poll-scope-error".into())}
            </div>
            <div class=fcss::field>
                <label for="poll-days">{t(Key::PollsFormCloses)}</label>
                <select id="poll-days" class=fcss::input aria-describedby={let at = error_at("closes_at".into()); move || at().map(|_| "poll-days-error")} on:change=move |ev| {
                    let days = event_target_value(&ev).parse().unwrap_or(DAYS[0]);
                    edit(Box::new(move |f| f.days = days));
                }>
                    {DAYS.iter().map(|d| {
                        let d = *d;
                        view! { <option value=d.to_string() selected=move || form.with(|f| f.days == d)>{move || fill(lang.get().text(Key::PollsFormDays), &[("n", &d.to_string())])}</option> }
                    }).collect_view()}
                </select>
                {error_view("closes_at".into(), "poll-days-error".into())}
            </div>
            <fieldset class=css::question>
                <legend>{t(Key::PollsFormResults)}</legend>
                <label class=css::option>
                    <input type="radio" name="poll-shown" prop:checked=move || form.with(|f| !f.after_close) on:change=move |_| edit(Box::new(|f| f.after_close = false))/>
                    <span>{t(Key::PollsFormAfterVote)}</span>
                </label>
                <label class=css::option>
                    <input type="radio" name="poll-shown" prop:checked=move || form.with(|f| f.after_close) on:change=move |_| edit(Box::new(|f| f.after_close = true))/>
                    <span>{t(Key::PollsFormAfterClose)}</span>
                </label>
            </fieldset>
            {questions}
            {error_view("questions".into(), "poll-questions-error".into())}
            {move || (form.with(|f| f.questions.len()) < POLL_QUESTIONS_MAX).then(|| view! {
                <p><button type="button" class="btn" on:click=move |_| edit(Box::new(|f| f.questions.push(Q::default())))>{t(Key::PollsFormAddQuestion)}</button></p>
            })}
            <div role="alert">{error_view(String::new(), "poll-form-error".into())}</div>
            <button type="submit" class=format!("btn btn-primary {}", css::vote) disabled=move || busy.get()>
                {move || if busy.get() { t(Key::PollsSending)() } else { t(Key::PollsFormSend)() }}
            </button>
        </form>
    }
}

/// The scopes to choose from after 全镇: each station (its villages), then each of its villages.
fn scope_choices(stations: &[Station]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for s in stations {
        out.push((s.id.clone(), s.name.clone()));
        for v in &s.villages {
            out.push((format!("{}\u{1f}{v}", s.id), format!("{} · {v}", s.name)));
        }
    }
    out
}
