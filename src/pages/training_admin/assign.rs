//! 指派课程 (`/work/training/assign`, staff): a course, to whom (every deputy, one liaison
//! station's, or deputies ticked one by one), by when (in 7 to 60 days: the end of that day)
//! and an optional note → `POST /training/assignments`. The deputies are alerted by the backend.
//! The form is a draft (`training.assign`); its key makes a retry the same assignment.

use contract::{AudienceKind, CourseSummary, DeputySummary, NewAssignment, Page, Role, Station, ASSIGNMENT_NOTE_MAX};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::css;
use crate::api::{self, endpoints, ApiError, Canceller};
use crate::components::form::{api_errors, focus, focus_first_invalid, form_of, Control, Errors, Field, FieldError, FormError, Value};
use crate::components::shell::TopBar;
use crate::components::states::{ErrorState, SignInRequired};
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::state::drafts::{self, Draft};
use crate::state::loader::Loader;
use crate::state::session::SessionState;
use crate::state::storage;

const DRAFT: &str = "training.assign";
/// The due dates offered: in this many days.
pub const DAYS: [u32; 4] = [7, 14, 30, 60];
/// Pages of deputies read at most (a township has dozens; 20 a page).
const DEPUTY_PAGES: usize = 10;

/// The form as typed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form {
    pub course_id: String,
    /// `all`, `station` or `deputies`.
    pub audience: String,
    pub station_id: String,
    pub deputy_ids: Vec<String>,
    pub days: u32,
    pub note: String,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            course_id: String::new(),
            audience: "all".into(),
            station_id: String::new(),
            deputy_ids: Vec::new(),
            days: 14,
            note: String::new(),
        }
    }
}

impl Form {
    /// The request, due at `due_at` (made by the caller: the clock is the phone's).
    pub fn request(&self, due_at: String) -> NewAssignment {
        let audience = AudienceKind::parse(&self.audience).unwrap_or(AudienceKind::All);
        let note = self.note.trim();
        NewAssignment {
            course_id: self.course_id.clone(),
            audience,
            station_id: (audience == AudienceKind::Station).then(|| self.station_id.clone()),
            deputy_ids: if audience == AudienceKind::Deputies { self.deputy_ids.clone() } else { Vec::new() },
            due_at,
            note: (!note.is_empty()).then(|| note.to_string()),
        }
    }
}

/// The end of the local day `days` from today, as RFC 3339 (UTC).
fn due_at(days: u32) -> String {
    let now = js_sys::Date::new_0();
    let end = js_sys::Date::new_with_year_month_day_hr_min_sec(now.get_full_year(), now.get_month() as i32, now.get_date() as i32 + days as i32, 23, 59, 59);
    end.to_iso_string().as_string().unwrap_or_default()
}

/// Where each of the contract's fields shows its error here.
fn place(field: &str) -> Option<&'static str> {
    match field {
        "course_id" => Some("course_id"),
        "audience" | "station_id" => Some("station_id"),
        "deputy_ids" => Some("deputy_ids"),
        "due_at" => Some("due_at"),
        "note" => Some("note"),
        _ => None,
    }
}

/// The contract's own rules in this form's words (one message per field), at `now`.
pub fn check(form: &Form, due: String, now: i64, l: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    if let Err(errors) = form.request(due).validate(now) {
        for e in errors {
            let at = place(&e.field).unwrap_or_default();
            if out.iter().any(|(f, _)| f == at) {
                continue;
            }
            let key = match at {
                "course_id" => Key::TaErrCourse,
                "station_id" => Key::TaErrStation,
                "deputy_ids" => Key::TaErrDeputies,
                "note" => Key::TaErrNote,
                _ => Key::TaErrDue,
            };
            out.push((at.to_string(), l.text(key).to_string()));
        }
    }
    out
}

#[component]
pub fn AssignCourse() -> impl IntoView {
    let session = SessionState::get();
    let title = t(Key::TaAssign);
    let body = move || {
        if !session.is_signed_in() {
            return view! { <SignInRequired message=Signal::derive(move || t(Key::TaStaffOnly)().to_string())/> }.into_any();
        }
        if !session.has_role(Role::Staff) {
            return view! { <p class=css::note>{t(Key::TaStaffOnly)}</p> }.into_any();
        }
        view! { <AssignForm/> }.into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/work/training"/>
        <div class=css::page>{body}</div>
    }
}

/// Every deputy (all pages of the list), or the first error.
async fn all_deputies(c: &Canceller) -> Result<Vec<DeputySummary>, ApiError> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..DEPUTY_PAGES {
        let page: Page<DeputySummary> = api::fetch(endpoints::deputies(None, None, None, cursor.as_deref()), c).await?;
        out.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    Ok(out)
}

#[component]
fn AssignForm() -> impl IntoView {
    let lang = lang();
    let session = SessionState::get();
    let courses = Loader::new(|| endpoints::courses(None, None, None, Some("50")));
    let stations = Loader::new(endpoints::stations);
    let deputies: RwSignal<Option<Result<Vec<DeputySummary>, ApiError>>> = RwSignal::new(None);
    let load_deputies = move || {
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let result = all_deputies(&c).await;
            deputies.try_set(Some(result));
        });
    };
    load_deputies();
    let draft = StoredValue::new(drafts::load::<Form>(session, DRAFT).unwrap_or_else(|| Draft::new(Form::default())));
    let form = RwSignal::new(draft.with_value(|d| d.value.clone()));
    let errs = Errors::new();
    let busy = RwSignal::new(false);
    let done: RwSignal<Option<String>> = RwSignal::new(None);
    let edit = move |f: Box<dyn FnOnce(&mut Form)>, fields: &'static [&'static str]| {
        form.update(f);
        done.set(None);
        errs.clear(fields);
        draft.update_value(|d| d.value = form.get_untracked());
        draft.with_value(|d| drafts::save(session, DRAFT, d).ok());
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        let days = form.with_untracked(|f| f.days);
        let due = due_at(days);
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let local = form.with_untracked(|f| check(f, due.clone(), now, l));
        if !local.is_empty() {
            errs.set(local);
            focus_first_invalid(form_of(&ev));
            return;
        }
        errs.set(Vec::new());
        busy.set(true);
        let body = form.with_untracked(|f| f.request(due));
        let key = draft.try_update_value(|d| d.key_for_send(storage::new_key)).unwrap_or_else(storage::new_key);
        draft.with_value(|d| drafts::save(session, DRAFT, d).ok());
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::assign_course(), &body, Some(&key), &c).await;
            busy.try_set(false);
            match result {
                Ok(a) => {
                    drafts::clear(session, DRAFT);
                    let fresh = Form::default();
                    draft.set_value(Draft::new(fresh.clone()));
                    form.try_set(fresh);
                    let l = lang.get_untracked();
                    done.try_set(Some(fill(l.text(Key::TaAssigned), &[("title", &a.course_title), ("n", &a.deputies.to_string())])));
                    request_animation_frame(|| focus("ta-done"));
                }
                Err(e) => errs.set(api_errors(&e, l, &place)),
            }
        });
    };
    let course_control = Control::own(move |aria| {
        let options = view! {
            <option value="" selected=move || form.with(|f| f.course_id.is_empty())>{t(Key::TaCourseNone)}</option>
            {move || courses.get().and_then(Result::ok).map(|p| course_options(p.items, form))}
        }
        .into_any();
        aria.select(options, Callback::new(move |v: String| edit(Box::new(move |f| f.course_id = v), &["course_id", ""])))
    });
    let audience_control = Control::own(move |aria| {
        let choices = [("all", Key::TaAudienceAllChoice), ("station", Key::TaAudienceStation), ("deputies", Key::TaAudienceDeputies)];
        let options = choices
            .into_iter()
            .map(|(value, label)| view! { <option value=value selected=move || form.with(|f| f.audience == value)>{t(label)}</option> })
            .collect_view()
            .into_any();
        aria.select(options, Callback::new(move |v: String| edit(Box::new(move |f| f.audience = v), &["station_id", "deputy_ids", ""])))
    });
    let station_control = move || {
        Control::own(move |aria| {
            let options = view! {
                <option value="" selected=move || form.with(|f| f.station_id.is_empty())>{t(Key::TaStationNone)}</option>
                {move || stations.get().and_then(Result::ok).map(|p| station_options(p.items, form))}
            }
            .into_any();
            aria.select(options, Callback::new(move |v: String| edit(Box::new(move |f| f.station_id = v), &["station_id", ""])))
        })
    };
    let days_control = Control::own(move |aria| {
        let options = DAYS
            .iter()
            .map(|d| {
                let d = *d;
                let label = move || fill(lang.get().text(Key::TaInDays), &[("n", &d.to_string())]);
                view! { <option value=d.to_string() selected=move || form.with(|f| f.days == d)>{label}</option> }
            })
            .collect_view()
            .into_any();
        aria.select(options, Callback::new(move |v: String| {
            let days = v.parse().unwrap_or(14);
            edit(Box::new(move |f| f.days = days), &["due_at", ""])
        }))
    });
    let note_value = Value::new(move || form.with(|f| f.note.clone()), move |v| edit(Box::new(move |f| f.note = v), &["note", ""]));
    let load_failed = move || {
        let retry = move |_| {
            courses.refetch();
            stations.refetch();
            load_deputies();
        };
        match (courses.get(), stations.get(), deputies.get()) {
            (Some(Err(e)), _, _) | (_, Some(Err(e)), _) | (_, _, Some(Err(e))) => {
                Some(view! { <ErrorState error=e on_retry=Callback::new(retry) inline=true/> })
            }
            _ => None,
        }
    };
    let audience = move || form.with(|f| f.audience.clone());
    view! {
        <p class=css::intro>{t(Key::TaAssignIntro)}</p>
        <div role="status">
            {move || done.get().map(|text| view! {
                <div class=css::done id="ta-done" tabindex="-1">
                    <p>{text}</p>
                    <a href="work/training">{t(Key::TaBackToReport)}</a>
                </div>
            })}
        </div>
        {load_failed}
        <form class=css::form on:submit=submit novalidate=true>
            <Field id="ta-course" field="course_id" errors=errs label=Key::TaCourse control=course_control/>
            <Field id="ta-audience" field="audience" errors=errs label=Key::TaAudience control=audience_control/>
            {move || (audience() == "station").then(|| view! {
                <Field id="ta-station-choice" field="station_id" errors=errs label=Key::TaStation control=station_control()/>
            })}
            {move || (audience() == "deputies").then(|| view! { <DeputyChoice deputies=deputies form=form errs=errs edit=edit/> })}
            <Field id="ta-days" field="due_at" errors=errs label=Key::TaDueLabel control=days_control hint=Key::TaDueHint/>
            <Field id="ta-note" field="note" errors=errs label=Key::TaNote control=Control::area("3", note_value) hint=Key::TaNoteHint max=ASSIGNMENT_NOTE_MAX/>
            <FormError errors=errs/>
            <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                {move || if busy.get() { t(Key::TaSending)() } else { t(Key::TaAssignSend)() }}
            </button>
        </form>
    }
}

/// The deputies to tick, by station, as the list gives them.
#[component]
fn DeputyChoice(
    deputies: RwSignal<Option<Result<Vec<DeputySummary>, ApiError>>>,
    form: RwSignal<Form>,
    errs: Errors,
    edit: impl Fn(Box<dyn FnOnce(&mut Form)>, &'static [&'static str]) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = lang();
    let list = move || match deputies.get() {
        None => view! { <div class=css::skeleton aria-hidden="true"></div> }.into_any(),
        Some(Err(_)) => ().into_any(),
        Some(Ok(list)) => list
            .into_iter()
            .map(|d| {
                let id = d.id.clone();
                let checked_id = id.clone();
                let station = d.station.map(|s| format!(" · {}", s.name)).unwrap_or_default();
                let toggle = move |ev: leptos::ev::Event| {
                    let on = event_target_checked(&ev);
                    let id = id.clone();
                    edit(
                        Box::new(move |f| {
                            f.deputy_ids.retain(|x| *x != id);
                            if on {
                                f.deputy_ids.push(id);
                            }
                        }),
                        &["deputy_ids", ""],
                    );
                };
                view! {
                    <li>
                        <label class=css::check>
                            <input type="checkbox" prop:checked=move || form.with(|f| f.deputy_ids.contains(&checked_id)) on:change=toggle/>
                            <span>{format!("{}{station}", d.name)}</span>
                        </label>
                    </li>
                }
            })
            .collect_view()
            .into_any(),
    };
    view! {
        <fieldset class=css::fieldset aria-describedby="ta-deputies-count">
            <legend>{t(Key::TaDeputiesLegend)}</legend>
            <p class=css::hint id="ta-deputies-count">
                {move || fill(lang.get().text(Key::TaTicked), &[("n", &form.with(|f| f.deputy_ids.len()).to_string())])}
            </p>
            <ul class=css::checks>{list}</ul>
            <FieldError errors=errs field="deputy_ids" id="ta-deputies"/>
        </fieldset>
    }
}

fn course_options(items: Vec<CourseSummary>, form: RwSignal<Form>) -> AnyView {
    items
        .into_iter()
        .map(|c| {
            let id = c.id.clone();
            view! { <option value=c.id.clone() selected=move || form.with(|f| f.course_id == id)>{c.title.clone()}</option> }
        })
        .collect_view()
        .into_any()
}

fn station_options(items: Vec<Station>, form: RwSignal<Form>) -> AnyView {
    items
        .into_iter()
        .filter(|s| !s.id.is_empty())
        .map(|s| {
            let id = s.id.clone();
            view! { <option value=s.id.clone() selected=move || form.with(|f| f.station_id == id)>{s.name.clone()}</option> }
        })
        .collect_view()
        .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_790_000_000;
    const DUE: &str = "2026-12-31T15:59:59.000Z";

    #[test]
    fn the_request_names_only_what_its_audience_needs() {
        let f = Form {
            course_id: "crs_law".into(),
            audience: "station".into(),
            station_id: "st_center".into(),
            deputy_ids: vec!["dp_lw01".into()],
            days: 14,
            note: "  请按时学完 ".into(),
        };
        let r = f.request(DUE.into());
        assert_eq!((r.audience, r.station_id.as_deref(), r.deputy_ids.len()), (AudienceKind::Station, Some("st_center"), 0));
        assert_eq!(r.note.as_deref(), Some("请按时学完"));
        let r = Form { audience: "deputies".into(), ..f.clone() }.request(DUE.into());
        assert_eq!((r.station_id, r.deputy_ids), (None, vec!["dp_lw01".to_string()]));
        let r = Form { audience: "all".into(), note: " ".into(), ..f }.request(DUE.into());
        assert_eq!((r.station_id, r.deputy_ids.len(), r.note), (None, 0, None));
    }

    #[test]
    fn what_is_missing_is_said_at_its_field() {
        let l = Lang::Zh;
        let empty = Form::default();
        let errors = check(&empty, DUE.into(), NOW, l);
        assert_eq!(errors.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["course_id"]);
        let nobody = Form { course_id: "crs_law".into(), audience: "deputies".into(), ..Form::default() };
        assert_eq!(check(&nobody, DUE.into(), NOW, l)[0].0, "deputy_ids");
        let no_station = Form { course_id: "crs_law".into(), audience: "station".into(), ..Form::default() };
        assert_eq!(check(&no_station, DUE.into(), NOW, l)[0].0, "station_id");
        let fine = Form { course_id: "crs_law".into(), ..Form::default() };
        assert!(check(&fine, DUE.into(), NOW, l).is_empty());
        assert_eq!(check(&fine, "2020-01-01T00:00:00Z".into(), NOW, l)[0].0, "due_at");
    }

    #[test]
    fn a_draft_of_an_older_form_still_reads() {
        let f: Form = serde_json::from_str(r#"{"course_id":"crs_law"}"#).unwrap();
        assert_eq!((f.audience.as_str(), f.days), ("all", 14));
    }
}
