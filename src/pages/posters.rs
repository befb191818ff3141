//! 扫码海报 (`/work/posters`, staff): a printable poster with a QR code and a short how-to for a
//! named place — a station's notice board, a school board, a hospital desk — that opens a
//! deputy's page, a liaison station's, or the deputies (the app's way in), and what each
//! poster brought: opens and messages sent, per week (aggregate counts of the backend: nobody
//! is followed; api/README.md, "Posters").
//!
//! The form is a draft (`poster.new`) whose key makes a retry the same poster. The poster shows
//! below it once made, or when 查看海报 is chosen in the list; printing (window.print) prints
//! the poster alone on an A4 page (`@media print` in posters.module.css).

use contract::{DeputySummary, NewPoster, Page, Poster, PosterTarget, PosterWeek, Role, Station, POSTER_PLACE_MAX};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::{self, endpoints, Canceller};
use crate::components::form::{api_errors, focus, focus_first_invalid, form_of, Control, Errors, Field, FormError, Value};
use crate::components::qr::{app_origin, QrSvg};
use crate::components::shell::TopBar;
use crate::components::states::{EmptyState, ErrorState, SignInRequired, SkeletonList};
use crate::format;
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::state::drafts::{self, Draft};
use crate::state::loader::Loader;
use crate::state::session::SessionState;
use crate::state::storage;

stylance::import_crate_style!(css, "src/pages/posters.module.css");

const DRAFT: &str = "poster.new";
/// Posters listed (the most recent; a township has a few dozen notice boards).
const LISTED: &str = "50";

/// The form as typed. `target` is `home`, `d:<deputy id>` or `s:<station id>` ("" until chosen).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form {
    pub target: String,
    pub place: String,
}

impl Form {
    pub fn request(&self) -> NewPoster {
        let (target, target_id) = match self.target.split_once(':') {
            Some(("d", id)) => (PosterTarget::Deputy, Some(id.to_string())),
            Some(("s", id)) => (PosterTarget::Station, Some(id.to_string())),
            _ if self.target == "home" => (PosterTarget::Home, None),
            _ => (PosterTarget::Unknown, None),
        };
        NewPoster { target, target_id, place: self.place.trim().to_string() }
    }
}

/// Where the contract's fields show their errors in this form.
fn place_of(field: &str) -> Option<&'static str> {
    match field {
        "target" | "target_id" => Some("target"),
        "place" => Some("place"),
        _ => None,
    }
}

/// The contract's own rules, in this form's words (one message per field).
pub fn check(form: &Form, l: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for e in form.request().check() {
        let at = place_of(&e.field).unwrap_or_default();
        if !out.iter().any(|(f, _)| f == at) {
            let key = if at == "place" { Key::PsPlaceNeeded } else { Key::PsTargetNeeded };
            out.push((at.to_string(), l.text(key).to_string()));
        }
    }
    out
}

/// The poster's big title: what scanning it does.
fn headline(target: PosterTarget) -> Key {
    match target {
        PosterTarget::Deputy => Key::PsHeadDeputy,
        PosterTarget::Station => Key::PsHeadStation,
        _ => Key::PsHeadHome,
    }
}

#[component]
pub fn Posters() -> impl IntoView {
    let session = SessionState::get();
    let body = move || {
        if !session.is_signed_in() {
            return view! { <SignInRequired message=Signal::derive(move || t(Key::PsStaffOnly)().to_string())/> }.into_any();
        }
        if !session.has_role(Role::Staff) {
            return view! { <p class=css::note>{t(Key::PsStaffOnly)}</p> }.into_any();
        }
        view! { <PosterWork/> }.into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || t(Key::PsTitle)().to_string()) back_to="/work"/>
        <div class=css::page>{body}</div>
    }
}

#[component]
fn PosterWork() -> impl IntoView {
    let list = Loader::new(|| endpoints::posters(None, Some(LISTED)));
    let shown = RwSignal::new(None::<Poster>);
    let show = Callback::new(move |p: Poster| {
        shown.set(Some(p));
        request_animation_frame(|| focus("ps-poster"));
    });
    let made = Callback::new(move |p: Poster| {
        show.run(p);
        list.refetch();
    });
    view! {
        <p class=css::intro>{t(Key::PsIntro)}</p>
        <PosterForm made=made/>
        {move || shown.get().map(|p| view! { <PrintPoster poster=p/> })}
        <section class=css::section aria-labelledby="ps-list-heading">
            <h2 class=css::heading id="ps-list-heading">{t(Key::PsListTitle)}</h2>
            <p class=css::hint>{t(Key::PsListHint)}</p>
            {move || match list.get() {
                None => view! { <SkeletonList count=3/> }.into_any(),
                Some(Err(e)) => view! { <ErrorState error=e on_retry=Callback::new(move |_| list.refetch())/> }.into_any(),
                Some(Ok(page)) if page.items.is_empty() => {
                    view! { <EmptyState message=Signal::derive(move || t(Key::PsEmpty)().to_string())/> }.into_any()
                }
                Some(Ok(page)) => view! { <PosterList page=page show=show/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn PosterForm(made: Callback<Poster>) -> impl IntoView {
    let lang = lang();
    let session = SessionState::get();
    let deputies = Loader::new(|| endpoints::deputies(None, None, None, None));
    let stations = Loader::new(endpoints::stations);
    let draft = StoredValue::new(drafts::load::<Form>(session, DRAFT).unwrap_or_else(|| Draft::new(Form::default())));
    let form = RwSignal::new(draft.with_value(|d| d.value.clone()));
    let errs = Errors::new();
    let busy = RwSignal::new(false);
    let edit = move |f: Box<dyn FnOnce(&mut Form)>, field: &'static str| {
        form.update(f);
        errs.clear(&[field, ""]);
        draft.update_value(|d| d.value = form.get_untracked());
        draft.with_value(|d| drafts::save(session, DRAFT, d).ok());
    };
    let place_value = Value::new(move || form.with(|f| f.place.clone()), move |v| edit(Box::new(move |f| f.place = v), "place"));
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
            let result = api::send(endpoints::create_poster(), &body, Some(&key), &c).await;
            busy.try_set(false);
            match result {
                Ok(p) => {
                    drafts::clear(session, DRAFT);
                    // the next poster is likely for the same deputy or station, elsewhere
                    let fresh = Form { target: form.with_untracked(|f| f.target.clone()), place: String::new() };
                    draft.set_value(Draft::new(fresh.clone()));
                    form.try_set(fresh);
                    made.run(p);
                }
                Err(e) => errs.set(api_errors(&e, l, &place_of)),
            }
        });
    };
    let target_control = Control::own(move |aria| {
        let selected = move |v: &'static str| move || form.with(|f| f.target == v);
        let options = view! {
            <option value="" selected=selected("")>{t(Key::PsTargetNone)}</option>
            <option value="home" selected=selected("home")>{t(Key::PsTargetHome)}</option>
            {move || deputies.get().and_then(Result::ok).map(|d| deputy_options(d, form))}
            {move || stations.get().and_then(Result::ok).map(|s| station_options(s, form))}
        }
        .into_any();
        aria.select(options, Callback::new(move |v: String| edit(Box::new(move |f| f.target = v), "target")))
    });
    let load_failed = move || match (deputies.get(), stations.get()) {
        (Some(Err(e)), _) | (_, Some(Err(e))) => Some(view! {
            <ErrorState error=e on_retry=Callback::new(move |_| { deputies.refetch(); stations.refetch(); }) inline=true/>
        }),
        _ => None,
    };
    view! {
        <section class=css::section aria-labelledby="ps-new-heading">
            <h2 class=css::heading id="ps-new-heading">{t(Key::PsNew)}</h2>
            <form class=css::form on:submit=submit novalidate=true>
                <Field id="ps-target" field="target" errors=errs label=Key::PsTarget control=target_control hint=Key::PsTargetHint/>
                {load_failed}
                <Field id="ps-place" field="place" errors=errs label=Key::PsPlace control=Control::text(place_value) hint=Key::PsPlaceHint max=POSTER_PLACE_MAX/>
                <FormError errors=errs/>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {move || if busy.get() { t(Key::PsMaking)() } else { t(Key::PsMake)() }}
                </button>
            </form>
        </section>
    }
}

fn deputy_options(page: Page<DeputySummary>, form: RwSignal<Form>) -> AnyView {
    let options = page
        .items
        .into_iter()
        .map(|d| {
            let value = format!("d:{}", d.id);
            let v = value.clone();
            let station = d.station.map(|s| format!(" · {}", s.name)).unwrap_or_default();
            view! { <option value=value selected=move || form.with(|f| f.target == v)>{format!("{}{station}", d.name)}</option> }
        })
        .collect_view();
    view! { <optgroup label=t(Key::PsTargetDeputies)>{options}</optgroup> }.into_any()
}

fn station_options(page: Page<Station>, form: RwSignal<Form>) -> AnyView {
    let options = page
        .items
        .into_iter()
        .map(|s| {
            let value = format!("s:{}", s.id);
            let v = value.clone();
            view! { <option value=value selected=move || form.with(|f| f.target == v)>{s.name}</option> }
        })
        .collect_view();
    view! { <optgroup label=t(Key::PsTargetStations)>{options}</optgroup> }.into_any()
}

/// The printable poster: what scanning does, the QR code, whom it reaches, four steps, the
/// township. Only this part prints.
#[component]
fn PrintPoster(poster: Poster) -> impl IntoView {
    let lang = lang();
    let meta = Loader::new(endpoints::meta);
    let link = format!("{}{}", app_origin().trim_end_matches('/'), poster.path);
    let label = fill(lang.get_untracked().text(Key::PsQrLabel), &[("name", &poster.target_name), ("link", &link)]);
    let township = move || meta.get().and_then(Result::ok).map(|m| if m.township.is_empty() { m.name } else { m.township });
    let step_two = match poster.target {
        PosterTarget::Deputy => Key::PsStep2Deputy,
        _ => Key::PsStep2Other,
    };
    let target_name = (poster.target != PosterTarget::Home).then(|| poster.target_name.clone());
    view! {
        <section class=css::poster_section aria-labelledby="ps-poster">
            <h2 class=css::heading id="ps-poster" tabindex="-1">{fill(lang.get_untracked().text(Key::PsPosterFor), &[("place", &poster.place)])}</h2>
            <div class=css::poster>
                <p class=css::poster_title>{t(headline(poster.target))}</p>
                <QrSvg class=css::poster_qr text=link.clone() label=label/>
                {target_name.map(|n| view! { <p class=css::poster_name>{n}</p> })}
                <ol class=css::steps>
                    <li>{t(Key::PsStep1)}</li>
                    <li>{t(step_two)}</li>
                    <li>{t(Key::PsStep3)}</li>
                    <li>{t(Key::PsStep4)}</li>
                </ol>
                <p class=css::poster_foot>{township}</p>
                <p class=css::mono>{link}</p>
            </div>
            <div class=css::no_print>
                <button type="button" class="btn btn-primary" on:click=move |_| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.print();
                    }
                }>{t(Key::PsPrint)}</button>
                <p class=css::hint>{t(Key::PsPrintHint)}</p>
            </div>
        </section>
    }
}

#[component]
fn PosterList(page: Page<Poster>, show: Callback<Poster>) -> impl IntoView {
    let lang = lang();
    let items = page
        .items
        .into_iter()
        .map(|p| {
            let l = lang.get_untracked();
            let totals = fill(l.text(Key::PsTotals), &[("opens", &p.opens.to_string()), ("messages", &p.messages.to_string())]);
            let target = match p.target {
                PosterTarget::Home => l.text(Key::PsTargetHome).to_string(),
                _ => p.target_name.clone(),
            };
            let made = fill(l.text(Key::PsMadeOn), &[("date", &format::date(&p.created_at, l))]);
            let weeks = p.weeks.clone();
            let place = p.place.clone();
            let poster = p.clone();
            view! {
                <li class=css::item>
                    <h3 class=css::item_place>{p.place.clone()}</h3>
                    <p class=css::item_meta>{target}" · "{made}</p>
                    <p class=css::item_totals>{totals}</p>
                    <WeekTable weeks=weeks place=place/>
                    <button type="button" class="btn" on:click=move |_| show.run(poster.clone())>{t(Key::PsShow)}</button>
                </li>
            }
        })
        .collect_view();
    view! { <ul class=css::items>{items}</ul> }
}

/// The month and day of a `YYYY-MM-DD` date, without leading zeros (the whole text when it is
/// not one): short enough for a narrow column at the largest text.
pub fn month_day(date: &str) -> (String, String) {
    let mut parts = date.split('-').skip(1).map(|p| p.trim_start_matches('0').to_string());
    match (parts.next(), parts.next()) {
        (Some(m), Some(d)) if !m.is_empty() && !d.is_empty() => (m, d),
        _ => (date.to_string(), String::new()),
    }
}

/// A poster's weeks as a small table (newest first), or a line when nothing was counted yet.
#[component]
fn WeekTable(weeks: Vec<PosterWeek>, place: String) -> impl IntoView {
    let lang = lang();
    if weeks.is_empty() {
        return view! { <p class=css::hint>{t(Key::PsNoCounts)}</p> }.into_any();
    }
    let caption = fill(lang.get_untracked().text(Key::PsWeeksCaption), &[("place", &place)]);
    let rows = weeks
        .into_iter()
        .map(|w| {
            let (m, d) = month_day(&w.week_start);
            let week = fill(lang.get_untracked().text(Key::PsWeekOf), &[("m", &m), ("d", &d)]);
            view! {
                <tr>
                    <th scope="row">{week}</th>
                    <td>{w.opens}</td>
                    <td>{w.messages}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class=css::weeks>
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{t(Key::PsWeek)}</th>
                    <th scope="col">{t(Key::PsOpens)}</th>
                    <th scope="col">{t(Key::PsMessages)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_is_a_target_and_the_contract_s_rules_speak_the_form_s_words() {
        let deputy = Form { target: "d:dp_lw01".into(), place: " 石峡村委会公告栏 ".into() };
        let r = deputy.request();
        assert_eq!((r.target, r.target_id.as_deref(), r.place.as_str()), (PosterTarget::Deputy, Some("dp_lw01"), "石峡村委会公告栏"));
        assert!(check(&deputy, Lang::Zh).is_empty());
        let station = Form { target: "s:st_heping".into(), place: "小学宣传栏".into() };
        assert_eq!(station.request().target, PosterTarget::Station);
        let home = Form { target: "home".into(), place: "卫生院挂号处".into() };
        assert_eq!((home.request().target, home.request().target_id), (PosterTarget::Home, None));
        let empty = Form::default();
        let found = check(&empty, Lang::Zh);
        assert_eq!(found.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["target", "place"]);
        let long = Form { place: "长".repeat(POSTER_PLACE_MAX + 1), ..home };
        assert_eq!(check(&long, Lang::Zh).len(), 1);
        assert!(matches!(headline(PosterTarget::Deputy), Key::PsHeadDeputy));
        assert_eq!(month_day("2026-11-30"), ("11".to_string(), "30".to_string()));
        assert_eq!(month_day("2027-01-04"), ("1".to_string(), "4".to_string()));
        assert_eq!(month_day("本周"), ("本周".to_string(), String::new()));
    }
}
