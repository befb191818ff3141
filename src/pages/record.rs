//! 履职档案 (`/deputies/:id/record`): a deputy's record — what they learnt (courses completed,
//! study time, 每日一练), how they answer people (the responsiveness figures) and the events
//! they attended. The deputy themself and staff see all of it, each part marked whether the
//! public sees it; everyone else sees the public parts. Reached from the deputy's profile and,
//! for a deputy, from 我的.
//!
//! `attendance` is the staff's side of events (`/events/:id/attendance`: the check-in QR and the
//! list to tick), `check_in` the deputy's (`/events/:id/check-in?code=`: where the QR leads).

pub mod attendance;
pub mod check_in;

use contract::{DutyRecord, RecordPart};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::figures::Figures;
use crate::components::shell::TopBar;
use crate::components::states::{detail_state, EmptyState};
use crate::format;
use crate::i18n::{fill, lang, t, Key};
use crate::state::loader::Loader;

stylance::import_crate_style!(pub css, "src/pages/record.module.css");

/// Whether a part of the record is shown to everyone.
pub fn is_public(record: &DutyRecord, part: RecordPart) -> bool {
    record.public_parts.contains(&part)
}

/// Minutes as hours and minutes ("2 小时 5 分钟", "45 分钟").
pub fn hours_minutes(minutes: u32, l: crate::i18n::Lang) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    if h == 0 {
        fill(l.text(Key::RcMinutes), &[("m", &m.to_string())])
    } else {
        fill(l.text(Key::RcHoursMinutes), &[("h", &h.to_string()), ("m", &m.to_string())])
    }
}

#[component]
pub fn DutyRecordPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let record = Loader::new(move || crate::api::endpoints::duty_record(&id.get()));
    let retry = Callback::new(move |_| record.refetch());
    let title = t(Key::RcTitle);
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/deputies"/>
        {move || detail_state(record.get().map(|r| r.map(|rec| view! { <RecordView record=rec/> }.into_any())), retry)}
    }
}

/// A section's note for the deputy and staff: whether the public sees it.
fn visibility(record: &DutyRecord, part: RecordPart) -> Option<AnyView> {
    record.full.then(|| {
        let key = if is_public(record, part) { Key::RcPublic } else { Key::RcPrivate };
        view! { <p class=css::visibility>{t(key)}</p> }.into_any()
    })
}

#[component]
fn RecordView(record: DutyRecord) -> impl IntoView {
    let lang = lang();
    let r = record;
    let intro = if r.full { Key::RcIntroFull } else { Key::RcIntroPublic };
    let nothing = r.courses.is_none() && r.study_minutes.is_none() && r.practice_days.is_none() && r.responsiveness.is_none() && r.events.is_none();
    let learning = (r.courses.is_some() || r.study_minutes.is_some() || r.practice_days.is_some()).then(|| {
        let r = r.clone();
        let courses = r.courses.clone().map(|list| {
            if list.is_empty() {
                return view! { <p class=css::none>{t(Key::RcNoCourses)}</p> }.into_any();
            }
            let n = list.len().to_string();
            let items = list
                .into_iter()
                .map(|c| {
                    let at = c.completed_at.clone();
                    view! {
                        <li class=css::item>
                            <span class=css::item_title>{c.title.clone()}</span>
                            <span class=css::item_meta>{move || fill(lang.get().text(Key::RcCompletedOn), &[("date", &format::date(&at, lang.get()))])}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <h3 class=css::subheading>{move || fill(lang.get().text(Key::RcCoursesN), &[("n", &n)])}</h3>
                <ul class=css::list>{items}</ul>
            }
            .into_any()
        });
        let study = r.study_minutes.map(|m| view! {
            <p class=css::figure><span>{t(Key::RcStudy)}</span><strong>{move || hours_minutes(m, lang.get())}</strong></p>
        });
        let practice = r.practice_days.map(|days| {
            let streak = r.practice_streak.unwrap_or(0);
            view! {
                <p class=css::figure>
                    <span>{t(Key::RcPractice)}</span>
                    <strong>{move || fill(lang.get().text(Key::RcPracticeLine), &[("days", &days.to_string()), ("streak", &streak.to_string())])}</strong>
                </p>
            }
        });
        let learning_visible = if r.courses.is_some() { RecordPart::Courses } else { RecordPart::Study };
        view! {
            <section class=css::section aria-labelledby="rc-learning">
                <h2 class=css::heading id="rc-learning">{t(Key::RcLearning)}</h2>
                {visibility(&r, learning_visible)}
                {study}
                {practice}
                {courses}
            </section>
        }
    });
    // (the full record only: scores are never public)
    let tests = r.tests.clone().map(|list| {
        let body = if list.is_empty() {
            view! { <p class=css::none>{t(Key::RcNoTests)}</p> }.into_any()
        } else {
            list.into_iter()
                .map(|x| {
                    let at = x.passed_at.clone();
                    let score = x.score.to_string();
                    view! {
                        <li class=css::item>
                            <span class=css::item_title>{x.title.clone()}</span>
                            <span class=css::item_meta>{move || fill(lang.get().text(Key::RcTestLine), &[("date", &format::date(&at, lang.get())), ("score", &score)])}</span>
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        };
        view! {
            <section class=css::section aria-labelledby="rc-tests">
                <h2 class=css::heading id="rc-tests">{t(Key::RcTests)}</h2>
                <p class=css::visibility>{t(Key::RcNeverPublic)}</p>
                <ul class=css::list>{body}</ul>
                <p><a href="me/certificates">{t(Key::RcCertificates)}</a></p>
            </section>
        }
    });
    let handling = r.responsiveness.clone().map(|stats| view! {
        <section class=css::section aria-labelledby="rc-handling">
            <h2 class=css::heading id="rc-handling">{t(Key::RcHandling)}</h2>
            {visibility(&r, RecordPart::Responsiveness)}
            <Figures stats=stats/>
        </section>
    });
    let events = r.events.clone().map(|list| {
        let body = if list.is_empty() {
            view! { <p class=css::none>{t(Key::RcNoEvents)}</p> }.into_any()
        } else {
            list.into_iter()
                .map(|e| {
                    let at = e.starts_at.clone();
                    let how = if e.how == contract::AttendanceKind::CheckIn { Key::RcCheckedIn } else { Key::RcRecorded };
                    view! {
                        <li class=css::item>
                            <a class=css::item_title href=crate::paths::to(&format!("/events/{}", e.event_id))>{e.title.clone()}</a>
                            <span class=css::item_meta>{move || format::date(&at, lang.get())}" · "{t(how)}</span>
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        };
        view! {
            <section class=css::section aria-labelledby="rc-events">
                <h2 class=css::heading id="rc-events">{t(Key::RcEvents)}</h2>
                {visibility(&r, RecordPart::Events)}
                <ul class=css::list>{body}</ul>
            </section>
        }
    });
    let station = r.station.clone().map(|s| s.name);
    let name = r.name.clone();
    view! {
        <div class=css::page>
            <p class=css::name>{name}</p>
            {station.map(|s| view! { <p class=css::station>{s}</p> })}
            <p class=css::intro>{t(intro)}</p>
        </div>
        {nothing.then(|| {
            let empty = t(Key::RcNothingPublic);
            view! { <EmptyState message=Signal::derive(move || empty().to_string())/> }
        })}
        {learning}
        {tests}
        {handling}
        {events}
    }
}

/// The screens of this module, one lazy route and one chunk for all three (each route of its
/// own would cost the first load).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Record,
    Attendance,
    CheckIn,
}

/// Which screen an address is (the router matched it: only these come here).
pub fn which(path: &str) -> Screen {
    let path = path.trim_end_matches('/');
    if path.ends_with("/attendance") {
        Screen::Attendance
    } else if path.ends_with("/check-in") {
        Screen::CheckIn
    } else {
        Screen::Record
    }
}

/// The screen of `path` (see [`which`]).
pub fn record_screen(path: &str) -> AnyView {
    match which(path) {
        Screen::Record => view! { <DutyRecordPage/> }.into_any(),
        Screen::Attendance => view! { <attendance::AttendancePage/> }.into_any(),
        Screen::CheckIn => view! { <check_in::CheckInPage/> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_screen() {
        assert_eq!(which("/deputies/dp_lw01/record"), Screen::Record);
        assert_eq!(which("/events/ev_1/attendance"), Screen::Attendance);
        assert_eq!(which("/events/ev_1/check-in"), Screen::CheckIn);
    }
    use crate::i18n::Lang;

    #[test]
    fn study_time_reads_as_hours_and_minutes() {
        assert_eq!(hours_minutes(45, Lang::Zh), "45 分钟");
        assert_eq!(hours_minutes(125, Lang::Zh), "2 小时 5 分钟");
        assert_eq!(hours_minutes(0, Lang::En), "0 min");
    }

    #[test]
    fn a_part_is_public_when_the_record_says_so() {
        let r = DutyRecord { public_parts: vec![RecordPart::Courses], ..DutyRecord::default() };
        assert!(is_public(&r, RecordPart::Courses));
        assert!(!is_public(&r, RecordPart::Events));
    }
}
