//! 培训管理 (`/work/training`, staff): every deputy's training as a table — courses completed,
//! assigned courses done and overdue, study minutes, 每日一练 days and streak, last activity,
//! who is behind — sortable by each column, for the township or one liaison station, with the
//! sums per station; a CSV export of the same; one action that reminds everyone behind; and the
//! courses assigned so far, with a link to assign another (`assign`: `/work/training/assign`).
//!
//! A table and not cards: staff compare deputies along a column. On a phone it scrolls sideways
//! inside its own region (the page itself never does), with the name column first.

pub mod assign;

use std::cmp::Ordering;

use contract::{Assignment, Page, RemindersSent, Role, Station, TrainingReport, TrainingRow};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::endpoints::{self, Method};
use crate::api::url::with_query;
use crate::api::{self, fetch_raw, ApiError, Canceller};
use crate::components::download::{offer, revoke};
use crate::components::shell::TopBar;
use crate::components::states::{detail_state, EmptyState, ErrorState, SignInRequired};
use crate::format;
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::state::loader::Loader;
use crate::state::session::SessionState;
use crate::state::storage;

stylance::import_crate_style!(pub css, "src/pages/training_admin.module.css");

/// A column of the table to sort by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    /// Behind first, then the most overdue, then by name (the default: who needs a call).
    Behind,
    Name,
    Completed,
    Assigned,
    Overdue,
    Study,
    Practice,
    Tests,
    LastActive,
}

impl SortBy {
    /// The order a first tap on the column sorts in: numbers and dates from the most, names
    /// from A.
    pub fn descending_first(self) -> bool {
        !matches!(self, SortBy::Name)
    }
}

fn compare(a: &TrainingRow, b: &TrainingRow, by: SortBy) -> Ordering {
    match by {
        SortBy::Behind => a.behind.cmp(&b.behind).then(a.overdue.cmp(&b.overdue)),
        SortBy::Name => a.name.cmp(&b.name),
        SortBy::Completed => a.courses_completed.cmp(&b.courses_completed),
        SortBy::Assigned => {
            // the share done, then the count
            let share = |r: &TrainingRow| if r.assigned == 0 { 1.0 } else { f64::from(r.assigned_done) / f64::from(r.assigned) };
            share(a).partial_cmp(&share(b)).unwrap_or(Ordering::Equal).then(a.assigned.cmp(&b.assigned))
        }
        SortBy::Overdue => a.overdue.cmp(&b.overdue),
        SortBy::Study => a.study_minutes.cmp(&b.study_minutes),
        SortBy::Practice => a.practice_days.cmp(&b.practice_days).then(a.streak.cmp(&b.streak)),
        SortBy::Tests => a.tests_passed.cmp(&b.tests_passed).then(a.best_score.cmp(&b.best_score)),
        // (RFC 3339 in UTC sorts as text; never active is the least)
        SortBy::LastActive => a.last_active_at.cmp(&b.last_active_at),
    }
}

/// The rows sorted by `by`, the most first when `descending`; ties keep the report's order
/// (by station, then as the deputies are listed).
pub fn sorted(rows: &[TrainingRow], by: SortBy, descending: bool) -> Vec<TrainingRow> {
    let mut out = rows.to_vec();
    out.sort_by(|a, b| {
        let o = compare(a, b, by);
        if descending {
            o.reverse()
        } else {
            o
        }
    });
    out
}

/// What a reminder action did, in a line.
pub fn reminded_text(sent: &RemindersSent, l: Lang) -> String {
    if sent.reminded == 0 && sent.recently_reminded == 0 && sent.without_account == 0 {
        return l.text(Key::TaRemindNobody).to_string();
    }
    fill(
        l.text(Key::TaReminded),
        &[
            ("n", &sent.reminded.to_string()),
            ("recent", &sent.recently_reminded.to_string()),
            ("none", &sent.without_account.to_string()),
        ],
    )
}

/// `done/total` of assigned courses, or a dash when none was assigned.
pub fn assigned_text(r: &TrainingRow) -> String {
    if r.assigned == 0 {
        "—".into()
    } else {
        format!("{}/{}", r.assigned_done, r.assigned)
    }
}

/// The report's address for a station (none: the whole township).
pub fn report_href(station: Option<&str>) -> String {
    with_query("/work/training", &[("station", station)])
}

/// The CSV file's name: the report of a day (and a station).
pub fn csv_name(today: &str, station: Option<&str>) -> String {
    match station {
        Some(s) => format!("培训情况-{s}-{today}.csv"),
        None => format!("培训情况-{today}.csv"),
    }
}

#[component]
pub fn TrainingAdmin() -> impl IntoView {
    let session = SessionState::get();
    let title = t(Key::TaTitle);
    let body = move || {
        if !session.is_signed_in() {
            return view! { <SignInRequired message=Signal::derive(move || t(Key::TaStaffOnly)().to_string())/> }.into_any();
        }
        if !session.has_role(Role::Staff) {
            return view! { <p class=css::note>{t(Key::TaStaffOnly)}</p> }.into_any();
        }
        view! { <ReportScreen/> }.into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/work"/>
        {body}
    }
}

#[component]
fn ReportScreen() -> impl IntoView {
    let query = use_query_map();
    let station = Memo::new(move |_| query.with(|q| q.get("station")).filter(|s| !s.trim().is_empty()));
    let report = Loader::new(move || endpoints::training_report(station.get().as_deref()));
    let stations = Loader::new(endpoints::stations);
    let retry = Callback::new(move |_| report.refetch());
    view! {
        <div class=css::page>
            <p class=css::intro>{t(Key::TaIntro)}</p>
            <p class=css::actions>
                <a class="btn btn-primary" href="work/training/assign">{t(Key::TaAssign)}</a>
            </p>
            {move || match stations.get() {
                None => None,
                Some(Err(e)) => Some(view! { <ErrorState error=e on_retry=Callback::new(move |_| stations.refetch()) inline=true/> }.into_any()),
                Some(Ok(page)) => Some(view! { <StationFilter stations=page.items station=station/> }.into_any()),
            }}
        </div>
        {move || detail_state(report.get().map(|r| r.map(|rep| view! {
            <Report report=rep station=station.get_untracked()/>
        }.into_any())), retry)}
        <Assignments/>
    }
}

/// 全镇 or one liaison station (a native select), which goes to that station's report.
#[component]
fn StationFilter(stations: Vec<Station>, station: Memo<Option<String>>) -> impl IntoView {
    let navigate = use_navigate();
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let chosen = (!value.is_empty()).then_some(value.as_str());
        navigate(&report_href(chosen), NavigateOptions { replace: true, ..Default::default() });
    };
    let options = stations
        .into_iter()
        .filter(|s| !s.id.is_empty())
        .map(|s| {
            let id = s.id.clone();
            view! { <option value=s.id.clone() selected=move || station.get().as_deref() == Some(id.as_str())>{s.name.clone()}</option> }
        })
        .collect_view();
    view! {
        <div class=css::filter>
            <label for="ta-station">{t(Key::TaScope)}</label>
            <select id="ta-station" class=crate::components::form::css::input on:change=on_change>
                <option value="" selected=move || station.get().is_none()>{t(Key::TaAllStations)}</option>
                {options}
            </select>
        </div>
    }
}

#[component]
fn Report(report: TrainingReport, station: Option<String>) -> impl IntoView {
    let lang = lang();
    if report.rows.is_empty() {
        let empty = t(Key::TaEmpty);
        return view! { <EmptyState message=Signal::derive(move || empty().to_string())/> }.into_any();
    }
    let behind = report.rows.iter().filter(|r| r.behind).count();
    let generated = report.generated_at.clone();
    let sums = report
        .stations
        .iter()
        .map(|s| {
            let name = s.station.as_ref().map(|s| s.name.clone());
            let line = (s.deputies, s.with_account, s.assigned_done, s.assigned, s.overdue, s.behind);
            view! {
                <li class=css::sum>
                    <strong>{move || name.clone().unwrap_or_else(|| lang.get().text(Key::TaNoStation).to_string())}</strong>
                    <span>{move || {
                        let (deputies, accounts, done, assigned, overdue, behind) = line;
                        fill(lang.get().text(Key::TaStationLine), &[
                            ("deputies", &deputies.to_string()), ("accounts", &accounts.to_string()),
                            ("done", &done.to_string()), ("assigned", &assigned.to_string()),
                            ("overdue", &overdue.to_string()), ("behind", &behind.to_string()),
                        ])
                    }}</span>
                </li>
            }
        })
        .collect_view();
    let rows = StoredValue::new(report.rows);
    view! {
        <section class=css::section aria-labelledby="ta-stations">
            <h2 class=css::heading id="ta-stations">{t(Key::TaStations)}</h2>
            <p class=css::hint>{move || fill(lang.get().text(Key::TaAsOf), &[("time", &format::date_time(&generated, lang.get()))])}</p>
            <ul class=css::sums>{sums}</ul>
        </section>
        <section class=css::section aria-labelledby="ta-deputies">
            <h2 class=css::heading id="ta-deputies">{t(Key::TaDeputies)}</h2>
            <Tools station=station behind=behind/>
            <Table rows=rows/>
        </section>
    }
    .into_any()
}

/// The CSV export and the reminder of everyone behind, with what each did. (Reminding changes
/// nothing in the table: who is behind stays behind until they study.)
#[component]
fn Tools(station: Option<String>, behind: usize) -> impl IntoView {
    let lang = lang();
    let made: StoredValue<Option<String>, LocalStorage> = StoredValue::new_local(None);
    on_cleanup(move || revoke(made));
    let exporting = RwSignal::new(false);
    let export_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let station = StoredValue::new(station);
    let export = move || {
        if exporting.get_untracked() {
            return;
        }
        exporting.set(true);
        export_error.set(None);
        let st = station.get_value();
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let ep = endpoints::training_report_csv(st.as_deref());
            let result = fetch_raw(Method::Get, &ep.path, &c).await;
            exporting.try_set(false);
            match result {
                Ok(text) => {
                    revoke(made);
                    let today = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
                    let today = today.get(..10).unwrap_or_default().to_string();
                    made.set_value(offer(&text, &csv_name(&today, st.as_deref()), "text/csv;charset=utf-8"));
                }
                Err(e) => {
                    export_error.try_set(Some(e));
                }
            }
        });
    };
    let reminding = RwSignal::new(false);
    let reminded: RwSignal<Option<Result<RemindersSent, ApiError>>> = RwSignal::new(None);
    // one key per press: a retry of the same press (the client's own) is the same action
    let remind = move || {
        if reminding.get_untracked() {
            return;
        }
        reminding.set(true);
        reminded.set(None);
        let key = storage::new_key();
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::remind_training(), &contract::NewReminder::default(), Some(&key), &c).await;
            reminding.try_set(false);
            reminded.try_set(Some(result));
        });
    };
    view! {
        <div class=css::tools>
            <button type="button" class="btn" on:click=move |_| export() disabled=move || exporting.get() aria-describedby="ta-export-hint">
                {move || if exporting.get() { t(Key::TaExporting)() } else { t(Key::TaExport)() }}
            </button>
            <button type="button" class="btn btn-primary" on:click=move |_| remind() disabled=move || reminding.get() || behind == 0>
                {move || fill(lang.get().text(Key::TaRemind), &[("n", &behind.to_string())])}
            </button>
        </div>
        <p class=css::hint id="ta-export-hint">{t(Key::TaExportHint)}</p>
        <div role="status">
            {move || reminded.get().map(|r| match r {
                Ok(sent) => view! { <p class=css::done>{move || reminded_text(&sent, lang.get())}</p> }.into_any(),
                Err(e) => view! { <ErrorState error=e on_retry=Callback::new(move |_| remind()) inline=true/> }.into_any(),
            })}
        </div>
        {move || export_error.get().map(|e| view! { <ErrorState error=e on_retry=Callback::new(move |_| export()) inline=true/> })}
    }
}

/// The deputies' table: a tap on a column's header sorts by it (again: the other way).
#[component]
fn Table(rows: StoredValue<Vec<TrainingRow>>) -> impl IntoView {
    let lang = lang();
    let sort = RwSignal::new((SortBy::Behind, true));
    let shown = Memo::new(move |_| {
        let (by, desc) = sort.get();
        rows.with_value(|r| sorted(r, by, desc))
    });
    let header = move |by: SortBy, label: Key| {
        let aria = move || match sort.get() {
            (b, true) if b == by => "descending",
            (b, false) if b == by => "ascending",
            _ => "none",
        };
        let tap = move |_| {
            sort.update(|(b, d)| {
                if *b == by {
                    *d = !*d;
                } else {
                    *b = by;
                    *d = by.descending_first();
                }
            })
        };
        view! {
            <th scope="col" aria-sort=aria>
                <button type="button" class=css::sort on:click=tap>
                    {t(label)}
                    <span aria-hidden="true">{move || match aria() { "descending" => " ▼", "ascending" => " ▲", _ => "" }}</span>
                </button>
            </th>
        }
    };
    view! {
        <div class=css::scroller role="region" aria-labelledby="ta-deputies" tabindex="0">
            <table class=css::table>
                <caption class="visually-hidden">{t(Key::TaCaption)}</caption>
                <thead>
                    <tr>
                        {header(SortBy::Name, Key::TaColName)}
                        {header(SortBy::Behind, Key::TaColState)}
                        {header(SortBy::Completed, Key::TaColCompleted)}
                        {header(SortBy::Assigned, Key::TaColAssigned)}
                        {header(SortBy::Overdue, Key::TaColOverdue)}
                        {header(SortBy::Study, Key::TaColStudy)}
                        {header(SortBy::Practice, Key::TaColPractice)}
                        {header(SortBy::Tests, Key::TaColTests)}
                        {header(SortBy::LastActive, Key::TaColLast)}
                    </tr>
                </thead>
                <tbody>
                    <For each=move || shown.get() key=|r| r.deputy_id.clone() let:r>
                        {
                            let state = if !r.has_account {
                                (Key::TaNoAccount, css::state_none)
                            } else if r.behind {
                                (Key::TaBehind, css::state_behind)
                            } else {
                                (Key::TaOnTrack, css::state_ok)
                            };
                            let station = r.station.as_ref().map(|s| s.name.clone()).unwrap_or_default();
                            let practice = (r.practice_days, r.streak);
                            let last = r.last_active_at.clone();
                            let tests = (r.tests_passed, r.best_score);
                            view! {
                                <tr class=r.behind.then_some(css::behind_row)>
                                    <th scope="row">
                                        <a href=crate::paths::to(&format!("/deputies/{}", r.deputy_id))>{r.name.clone()}</a>
                                        <span class=css::station>{station}</span>
                                    </th>
                                    <td><span class=state.1>{t(state.0)}</span></td>
                                    <td>{r.courses_completed}</td>
                                    <td>{assigned_text(&r)}</td>
                                    <td class=(r.overdue > 0).then_some(css::overdue)>{r.overdue}</td>
                                    <td>{r.study_minutes}</td>
                                    <td>{move || fill(lang.get().text(Key::TaPracticeCell), &[("days", &practice.0.to_string()), ("streak", &practice.1.to_string())])}</td>
                                    <td>{move || match tests {
                                        (_, None) => lang.get().text(Key::TaTestsNone).to_string(),
                                        (n, Some(best)) => fill(lang.get().text(Key::TaTestsCell), &[("n", &n.to_string()), ("best", &best.to_string())]),
                                    }}</td>
                                    <td>{move || match &last {
                                        Some(at) => format::date(at, lang.get()),
                                        None => "—".to_string(),
                                    }}</td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// The courses assigned so far, newest first, each with how many of its deputies completed it.
#[component]
fn Assignments() -> impl IntoView {
    let lang = lang();
    let items: RwSignal<Vec<Assignment>> = RwSignal::new(Vec::new());
    let next: RwSignal<Option<String>> = RwSignal::new(None);
    let state: RwSignal<Option<Result<(), ApiError>>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let load = move |cursor: Option<String>| {
        busy.set(true);
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let result: Result<Page<Assignment>, ApiError> =
                api::fetch(endpoints::training_assignments(cursor.as_deref(), None), &c).await;
            busy.try_set(false);
            match result {
                Ok(page) => {
                    items.try_update(|v| v.extend(page.items));
                    next.try_set(page.next_cursor);
                    state.try_set(Some(Ok(())));
                }
                Err(e) => {
                    state.try_set(Some(Err(e)));
                }
            }
        });
    };
    load(None);
    let empty = t(Key::TaAssignmentsEmpty);
    view! {
        <section class=css::section aria-labelledby="ta-assignments">
            <h2 class=css::heading id="ta-assignments">{t(Key::TaAssignments)}</h2>
            {move || match state.get() {
                None => view! { <div class=css::skeleton aria-hidden="true"></div> }.into_any(),
                Some(Err(e)) => view! {
                    <ErrorState error=e on_retry=Callback::new(move |_| load(next.get_untracked())) inline=true/>
                }.into_any(),
                Some(Ok(())) if items.with(Vec::is_empty) => view! { <EmptyState message=Signal::derive(move || empty().to_string())/> }.into_any(),
                Some(Ok(())) => ().into_any(),
            }}
            <ul class=css::assignments>
                <For each=move || items.get() key=|a| a.id.clone() let:a>
                    {
                        let audience = match (&a.station, a.audience) {
                            (Some(s), _) => s.name.clone(),
                            (None, contract::AudienceKind::All) => lang.get_untracked().text(Key::TaAudienceAll).to_string(),
                            (None, _) => fill(lang.get_untracked().text(Key::TaAudienceNamed), &[("n", &a.deputies.to_string())]),
                        };
                        let due = a.due_at.clone();
                        let counts = (a.completed, a.deputies);
                        view! {
                            <li class=css::assignment>
                                <strong>{a.course_title.clone()}</strong>
                                <span>{audience}</span>
                                <span>{move || fill(lang.get().text(Key::TaDue), &[("date", &format::date(&due, lang.get()))])}</span>
                                <span>{move || fill(lang.get().text(Key::TaCompletedOf), &[("done", &counts.0.to_string()), ("n", &counts.1.to_string())])}</span>
                            </li>
                        }
                    }
                </For>
            </ul>
            {move || next.get().map(|cursor| view! {
                <button type="button" class="btn" disabled=move || busy.get() on:click=move |_| load(Some(cursor.clone()))>{t(Key::TaMore)}</button>
            })}
        </section>
    }
}

/// 培训管理 and its assign form: one lazy route and one chunk (a route of its own would cost the
/// first load).
pub fn admin_screen(path: &str) -> AnyView {
    if path.trim_end_matches('/').ends_with("/work/training/assign") {
        view! { <assign::AssignCourse/> }.into_any()
    } else {
        view! { <TrainingAdmin/> }.into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, behind: bool, overdue: u32, study: u32, last: Option<&str>) -> TrainingRow {
        TrainingRow {
            deputy_id: name.into(),
            name: name.into(),
            behind,
            overdue,
            study_minutes: study,
            last_active_at: last.map(Into::into),
            has_account: true,
            ..TrainingRow::default()
        }
    }

    fn names(rows: &[TrainingRow]) -> Vec<&str> {
        rows.iter().map(|r| r.name.as_str()).collect()
    }

    #[test]
    fn behind_first_then_the_most_overdue_and_ties_keep_the_report_order() {
        let rows = [row("甲", false, 0, 5, None), row("乙", true, 0, 1, None), row("丙", true, 2, 0, None), row("丁", false, 0, 9, None)];
        assert_eq!(names(&sorted(&rows, SortBy::Behind, true)), ["丙", "乙", "甲", "丁"]);
        assert_eq!(names(&sorted(&rows, SortBy::Behind, false)), ["甲", "丁", "乙", "丙"]);
        assert_eq!(names(&sorted(&rows, SortBy::Study, true)), ["丁", "甲", "乙", "丙"]);
    }

    #[test]
    fn names_sort_a_to_z_at_the_first_tap_and_last_activity_puts_never_last() {
        let rows = [row("b", false, 0, 0, Some("2026-12-01T00:00:00Z")), row("a", false, 0, 0, None), row("c", false, 0, 0, Some("2026-12-03T00:00:00Z"))];
        assert!(!SortBy::Name.descending_first());
        assert_eq!(names(&sorted(&rows, SortBy::Name, SortBy::Name.descending_first())), ["a", "b", "c"]);
        assert_eq!(names(&sorted(&rows, SortBy::LastActive, true)), ["c", "b", "a"]);
    }

    #[test]
    fn assigned_courses_sort_by_the_share_done() {
        let mut a = row("a", false, 0, 0, None);
        (a.assigned, a.assigned_done) = (2, 1);
        let mut b = row("b", false, 0, 0, None);
        (b.assigned, b.assigned_done) = (1, 1);
        let c = row("c", false, 0, 0, None);
        assert_eq!(names(&sorted(&[a.clone(), b.clone(), c.clone()], SortBy::Assigned, true)), ["b", "c", "a"]);
        assert_eq!(assigned_text(&a), "1/2");
        assert_eq!(assigned_text(&c), "—");
    }

    #[test]
    fn the_reminder_says_what_it_did() {
        let l = Lang::En;
        let text = reminded_text(&RemindersSent { reminded: 2, recently_reminded: 1, without_account: 3 }, l);
        assert!(text.contains('2') && text.contains('1') && text.contains('3'), "{text}");
        assert_eq!(reminded_text(&RemindersSent::default(), l), l.text(Key::TaRemindNobody));
    }

    #[test]
    fn report_addresses_and_file_names() {
        assert_eq!(report_href(None), "/work/training");
        assert_eq!(report_href(Some("st_center")), "/work/training?station=st_center");
        assert_eq!(csv_name("2026-12-05", None), "培训情况-2026-12-05.csv");
        assert_eq!(csv_name("2026-12-05", Some("st_center")), "培训情况-st_center-2026-12-05.csv");
    }
}
