//! 发布表彰 (`/commendations/new`, staff): whom (a citizen of this year's leaderboard — the
//! backend gives staff the account ids there — a deputy, or the person a link names:
//! `?user=<id>&name=<name>`, from 内容审核 or the leaderboard), the title (热心群众 / 优秀代表 in
//! one tap, or typed), the reason and the period (this month by default) → `POST /commendations`.
//! The form is a draft (`commend.new`); its key makes a retry the same commendation. The
//! commended person is told by the backend (a `commended` alert).
//!
//! With a citizen chosen, staff may also correct their village (`PUT /users/{id}/village`):
//! where staff see the person is where they notice a wrong one.

use contract::{
    DeputySummary, Leaderboard, NewCommendation, Page, Role, Station, COMMENDATION_PERIOD_MAX,
    COMMENDATION_REASON_MAX, COMMENDATION_TITLE_MAX,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::css;
use crate::api::{self, endpoints, Canceller};
use crate::components::form::{api_errors, focus, focus_first_invalid, form_of, Control, Errors, Field, FormError, Value};
use crate::components::shell::TopBar;
use crate::components::states::{ErrorState, SignInRequired};
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::state::drafts::{self, Draft};
use crate::state::loader::Loader;
use crate::state::session::SessionState;
use crate::state::storage;
use crate::state::village;

const DRAFT: &str = "commend.new";
/// The titles offered in one tap.
const TITLES: [&str; 2] = ["热心群众", "优秀代表"];

/// The form as typed. `person` is `u:<user id>` or `d:<deputy id>` ("" until chosen).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form {
    pub person: String,
    pub title: String,
    pub reason: String,
    pub period: String,
}

impl Form {
    pub fn request(&self) -> NewCommendation {
        let (user_id, deputy_id) = person_ids(&self.person);
        NewCommendation {
            user_id,
            deputy_id,
            title: self.title.trim().to_string(),
            reason: self.reason.trim().to_string(),
            period: self.period.trim().to_string(),
        }
    }
}

/// The account or deputy a person choice names.
pub fn person_ids(value: &str) -> (Option<String>, Option<String>) {
    match value.split_once(':') {
        Some(("u", id)) if !id.is_empty() => (Some(id.to_string()), None),
        Some(("d", id)) if !id.is_empty() => (None, Some(id.to_string())),
        _ => (None, None),
    }
}

/// The default period: this month, as the township writes it (2026年12月).
pub fn month_period(year: u32, month: u32) -> String {
    format!("{year}年{month}月")
}

/// Where each of the contract's fields shows its error in this form (`user_id` and `deputy_id`
/// at the person), and the words for a field the contract's rules refused.
fn place(field: &str) -> Option<&'static str> {
    match field {
        "user_id" | "deputy_id" => Some("person"),
        "title" => Some("title"),
        "reason" => Some("reason"),
        "period" => Some("period"),
        _ => None,
    }
}

fn needed(field: &str) -> Key {
    match field {
        "title" => Key::PtTitleNeeded,
        "reason" => Key::PtReasonNeeded,
        "period" => Key::PtPeriodNeeded,
        _ => Key::PtPersonNeeded,
    }
}

/// The contract's own rules, in this form's words (one message per field).
pub fn check(form: &Form, l: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    if let Err(errors) = form.request().validate() {
        for e in errors {
            let at = place(&e.field).unwrap_or_default();
            if !out.iter().any(|(f, _)| f == at) {
                out.push((at.to_string(), l.text(needed(at)).to_string()));
            }
        }
    }
    out
}

#[component]
pub fn CommendPage() -> impl IntoView {
    let session = SessionState::get();
    let title = t(Key::PtCommend);
    let body = move || {
        if !session.is_signed_in() {
            return view! { <SignInRequired message=Signal::derive(move || t(Key::PtStaffOnly)().to_string())/> }.into_any();
        }
        if !session.has_role(Role::Staff) {
            return view! { <p class=css::note>{t(Key::PtStaffOnly)}</p> }.into_any();
        }
        view! { <CommendForm/> }.into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/commendations"/>
        <div class=css::page>{body}</div>
    }
}

#[component]
fn CommendForm() -> impl IntoView {
    let lang = lang();
    let session = SessionState::get();
    let query = use_query_map();
    // the person a link names (内容审核, the leaderboard), with the name staff saw there
    let preset = query.with_untracked(|q| q.get("user").filter(|u| !u.is_empty()).map(|u| (u, q.get("name").unwrap_or_default())));
    let board = Loader::new(|| endpoints::leaderboard(Some("year"), None));
    let deputies = Loader::new(|| endpoints::deputies(None, None, None, None));
    let mut stored = drafts::load::<Form>(session, DRAFT).unwrap_or_else(|| Draft::new(Form::default()));
    if let Some((id, _)) = &preset {
        stored.value.person = format!("u:{id}");
    }
    if stored.value.period.trim().is_empty() {
        let now = js_sys::Date::new_0();
        stored.value.period = month_period(now.get_full_year(), now.get_month() + 1);
    }
    let draft = StoredValue::new(stored);
    let form = RwSignal::new(draft.with_value(|d| d.value.clone()));
    let errs = Errors::new();
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let edit = move |f: Box<dyn FnOnce(&mut Form)>, field: &'static str| {
        form.update(f);
        done.set(false);
        errs.clear(&[field, ""]);
        draft.update_value(|d| d.value = form.get_untracked());
        draft.with_value(|d| drafts::save(session, DRAFT, d).ok());
    };
    let text_value = move |get: fn(&Form) -> String, set: fn(&mut Form, String), field: &'static str| {
        Value::new(move || form.with(get), move |v| edit(Box::new(move |f| set(f, v)), field))
    };
    let title_value = text_value(|f| f.title.clone(), |f, v| f.title = v, "title");
    let reason_value = text_value(|f| f.reason.clone(), |f, v| f.reason = v, "reason");
    let period_value = text_value(|f| f.period.clone(), |f, v| f.period = v, "period");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        let local = form.with_untracked(|f| check(f, l));
        if !local.is_empty() {
            errs.set(local);
            focus_first_invalid(form_of(&ev));
            return;
        }
        errs.set(Vec::new());
        busy.set(true);
        let body = form.with_untracked(Form::request);
        let key = draft.try_update_value(|d| d.key_for_send(storage::new_key)).unwrap_or_else(storage::new_key);
        draft.with_value(|d| drafts::save(session, DRAFT, d).ok());
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::commend(), &body, Some(&key), &c).await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    drafts::clear(session, DRAFT);
                    // a fresh form for the next one: the same period, likely; the person stays
                    // chosen (their village below), the title and reason are typed again
                    let (person, period) = form.with_untracked(|f| (f.person.clone(), f.period.clone()));
                    let fresh = Form { person, period, ..Form::default() };
                    draft.set_value(Draft::new(fresh.clone()));
                    form.try_set(fresh);
                    done.try_set(true);
                    request_animation_frame(|| focus("pt-done"));
                }
                Err(e) => errs.set(api_errors(&e, l, &place)),
            }
        });
    };
    let preset_id = preset.as_ref().map(|(id, _)| id.clone());
    let person_control = Control::own(move |aria| {
        let options = view! {
            <option value="" selected=move || form.with(|f| f.person.is_empty())>{t(Key::PtPersonNone)}</option>
            {preset.clone().map(|(id, name)| {
                let value = format!("u:{id}");
                let v = value.clone();
                view! {
                    <optgroup label=t(Key::PtPersonChosen)>
                        <option value=value selected=move || form.with(|f| f.person == v)>{name}</option>
                    </optgroup>
                }
            })}
            {move || board.get().and_then(Result::ok).map(|b| board_options(b, form, preset_id.clone()))}
            {move || deputies.get().and_then(Result::ok).map(|d| deputy_options(d, form))}
        }
        .into_any();
        aria.select(options, Callback::new(move |v: String| edit(Box::new(move |f| f.person = v), "person")))
    });
    let quick = TITLES
        .into_iter()
        .map(|title| view! {
            <button type="button" class="btn" aria-pressed=move || if form.with(|f| f.title == title) { "true" } else { "false" }
                on:click=move |_| edit(Box::new(move |f| f.title = title.to_string()), "title")>{title}</button>
        })
        .collect_view();
    let load_failed = move || match (board.get(), deputies.get()) {
        (Some(Err(e)), _) | (_, Some(Err(e))) => Some(view! {
            <ErrorState error=e on_retry=Callback::new(move |_| { board.refetch(); deputies.refetch(); }) inline=true/>
        }),
        _ => None,
    };
    let chosen_user = Memo::new(move |_| form.with(|f| person_ids(&f.person).0));
    view! {
        {move || done.get().then(|| view! {
            <div class=css::done id="pt-done" tabindex="-1" role="status">
                <p>{t(Key::PtDone)}</p>
                <a href="commendations">{t(Key::PtHonours)}</a>
            </div>
        })}
        <form class=css::form on:submit=submit novalidate=true>
            <Field id="pt-person" field="person" errors=errs label=Key::PtPerson control=person_control hint=Key::PtPersonHint/>
            {load_failed}
            <Field id="pt-title" field="title" errors=errs label=Key::PtTitleLabel control=Control::text(title_value) hint=Key::PtTitleHint max=COMMENDATION_TITLE_MAX>
                <div class=css::quick>{quick}</div>
            </Field>
            <Field id="pt-reason" field="reason" errors=errs label=Key::PtReason control=Control::area("4", reason_value) max=COMMENDATION_REASON_MAX/>
            <Field id="pt-period" field="period" errors=errs label=Key::PtPeriodLabel control=Control::text(period_value) hint=Key::PtPeriodHint max=COMMENDATION_PERIOD_MAX/>
            <FormError errors=errs/>
            <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                {move || if busy.get() { t(Key::PtSending)() } else { t(Key::PtCommend)() }}
            </button>
        </form>
        {move || chosen_user.get().map(|id| view! { <VillageFix user_id=id/> })}
    }
}

/// This year's leaderboard citizens staff may commend (those the backend gave an account id;
/// deputies are offered by their profiles below, and the person a link named above).
fn board_options(board: Leaderboard, form: RwSignal<Form>, preset: Option<String>) -> AnyView {
    let lang = lang();
    let options = board
        .rows
        .into_iter()
        .filter(|r| r.role == Role::Citizen)
        .filter_map(|r| {
            let id = r.user_id?;
            let value = format!("u:{id}");
            if preset.as_deref() == Some(id.as_str()) {
                return None;
            }
            let v = value.clone();
            let station = r.station.map(|s| format!(" · {}", s.name)).unwrap_or_default();
            let label = format!("{} · {}{station}", r.name, fill(lang.get_untracked().text(Key::PtTotalN), &[("n", &r.points.to_string())]));
            Some(view! { <option value=value selected=move || form.with(|f| f.person == v)>{label}</option> })
        })
        .collect::<Vec<_>>();
    if options.is_empty() {
        return ().into_any();
    }
    view! { <optgroup label=t(Key::PtPersonBoard)>{options}</optgroup> }.into_any()
}

fn deputy_options(page: Page<DeputySummary>, form: RwSignal<Form>) -> AnyView {
    let options = page
        .items
        .into_iter()
        .map(|d| {
            let value = format!("d:{}", d.id);
            let v = value.clone();
            let station = d.station.map(|s| format!(" · {}", s.name)).unwrap_or_default();
            view! { <option value=value selected=move || form.with(|f| f.person == v)>{format!("{}{station}", d.name)}</option> }
        })
        .collect_view();
    view! { <optgroup label=t(Key::PtPersonDeputies)>{options}</optgroup> }.into_any()
}

/// Staff correct a citizen's village: the villages by station (a native select), then save.
#[component]
fn VillageFix(user_id: String) -> impl IntoView {
    let stations = Loader::new(endpoints::stations);
    view! {
        <section class=css::section aria-labelledby="pt-village-heading">
            <h2 class=css::heading id="pt-village-heading">{t(Key::PtVillage)}</h2>
            {move || match stations.get() {
                None => view! { <p role="status">{t(Key::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorState error=e on_retry=Callback::new(move |_| stations.refetch()) inline=true/> }.into_any(),
                Some(Ok(page)) => view! { <VillageForm user_id=user_id.clone() stations=page.items/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn VillageForm(user_id: String, stations: Vec<Station>) -> impl IntoView {
    let lang = lang();
    let all = StoredValue::new(village::choices(&stations));
    let chosen = RwSignal::new(String::new());
    let errs = Errors::new();
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(None::<String>);
    let user_id = StoredValue::new(user_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        let picked = all.with_value(|a| village::from_option_value(&chosen.get_untracked(), a).cloned());
        let Some(v) = picked else {
            errs.set(vec![("village".into(), l.text(Key::PtVillageNeeded).into())]);
            focus_first_invalid(form_of(&ev));
            return;
        };
        errs.set(Vec::new());
        saved.set(None);
        busy.set(true);
        let body = village::for_account(&v);
        let c = Canceller::for_owner();
        let id = user_id.get_value();
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::set_user_village(&id), &body, None, &c).await;
            busy.try_set(false);
            match result {
                Ok(v) => {
                    saved.try_set(Some(v.village));
                }
                Err(e) => errs.set(api_errors(&e, l, &|f| matches!(f, "village" | "station_id").then_some("village"))),
            }
        });
    };
    let groups = stations
        .iter()
        .filter_map(|s| {
            let options: Vec<village::Village> = all.with_value(|a| a.iter().filter(|v| v.station_id == s.id).cloned().collect());
            (!options.is_empty()).then(|| view! {
                <optgroup label=s.name.clone()>
                    {options.into_iter().map(|v| view! { <option value=village::option_value(&v)>{v.name.clone()}</option> }).collect_view()}
                </optgroup>
            })
        })
        .collect_view()
        .into_any();
    let control = Control::own(move |aria| {
        let options = view! { <option value="">{t(Key::VillageNone)}</option>{groups} }.into_any();
        aria.select(options, Callback::new(move |v: String| {
            chosen.set(v);
            saved.set(None);
            errs.clear(&["village", ""]);
        }))
    });
    view! {
        <form class=css::form on:submit=submit novalidate=true>
            <Field id="pt-village" field="village" errors=errs label=Key::VillageLabel control=control hint=Key::PtVillageHint/>
            <FormError errors=errs/>
            <div role="status">
                {move || saved.get().map(|v| view! { <p class=css::saved>{fill(lang.get().text(Key::PtVillageSaved), &[("village", &v)])}</p> })}
            </div>
            <button type="submit" class="btn" disabled=move || busy.get()>{t(Key::PtVillageSave)}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_is_an_account_or_a_deputy() {
        assert_eq!(person_ids("u:u_demo_1"), (Some("u_demo_1".into()), None));
        assert_eq!(person_ids("d:dep_1"), (None, Some("dep_1".into())));
        assert_eq!(person_ids(""), (None, None));
        assert_eq!(person_ids("u:"), (None, None));
        assert_eq!(person_ids("x:1"), (None, None));
    }

    #[test]
    fn the_contract_rules_in_the_form_s_words() {
        let empty = Form::default();
        let found = check(&empty, Lang::Zh);
        let fields: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["person", "title", "reason", "period"]);
        assert_eq!(found[0].1, "请选择表彰对象");
        let good = Form { person: "u:u_1".into(), title: " 热心群众 ".into(), reason: "常年义务巡河".into(), period: month_period(2026, 12) };
        assert!(check(&good, Lang::Zh).is_empty());
        assert_eq!(good.request().title, "热心群众");
        assert_eq!(good.request().period, "2026年12月");
        let long = Form { title: "很".repeat(COMMENDATION_TITLE_MAX + 1), ..good };
        assert_eq!(check(&long, Lang::Zh), vec![("title".to_string(), "请填写称号（1 至 20 字）".to_string())]);
    }
}
