//! 履职学堂 (`/training`, deputies and staff): the courses by level (入门 / 进阶) and track, each
//! card with a progress ring whose text says it all (已学 1/3 课), and the 数字素养自测's
//! recommended level above them (or an invitation to take it). A course (`course`), a lesson
//! with its heartbeats (`lesson`), 每日一练 (`practice`) and the self-check (`self_check`) are
//! their own screens, and so are 模拟实操's cases and runs (`sandbox`). Citizens are told it is
//! for deputies and staff (the server answers 403).

pub mod course;
pub mod lesson;
pub mod practice;
pub mod sandbox;
pub mod self_check;

use contract::{CourseLevel, CourseProgress, CourseSummary, CourseTrack, SelfCheck};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{endpoints, ApiError};
use crate::components::paged_list::{Item, PagedList, Source};
use crate::components::shell::TopBar;
use crate::components::states::{ErrorState, SignInRequired};
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::state::loader::Loader;
use crate::state::session::SessionState;

stylance::import_crate_style!(pub css, "src/pages/training.module.css");

/// The level filters: (query value, label).
const LEVELS: [(&str, Key); 3] = [("", Key::TrAll), ("basic", Key::TrLevelBasic), ("advanced", Key::TrLevelAdvanced)];

/// The track filters: (query value, label).
const TRACKS: [(&str, Key); 4] =
    [("", Key::TrAllTracks), ("digital", Key::TrTrackDigital), ("induction", Key::TrTrackInduction), ("thematic", Key::TrTrackThematic)];

/// A level in words; one a newer backend adds gets a neutral word.
pub fn level_label(l: CourseLevel) -> Key {
    match l {
        CourseLevel::Basic => Key::TrLevelBasic,
        CourseLevel::Advanced => Key::TrLevelAdvanced,
        CourseLevel::Unknown => Key::TrLevelOther,
    }
}

/// A track in words; one a newer backend adds gets a neutral word.
pub fn track_label(t: CourseTrack) -> Key {
    match t {
        CourseTrack::Digital => Key::TrTrackDigital,
        CourseTrack::Induction => Key::TrTrackInduction,
        CourseTrack::Thematic => Key::TrTrackThematic,
        CourseTrack::Unknown => Key::TrTrackOther,
    }
}

/// The whole percent of a course done, for its ring (0 for a course without lessons).
pub fn ring_percent(p: &CourseProgress) -> u32 {
    if p.lessons_total == 0 {
        0
    } else {
        (u64::from(p.lessons_done.min(p.lessons_total)) * 100 / u64::from(p.lessons_total)) as u32
    }
}

/// The ring's words: 已学完, 已学 1/3 课, or 共 3 课 · 未开始.
pub fn progress_text(p: &CourseProgress, lang: Lang) -> String {
    let (done, total) = (p.lessons_done.to_string(), p.lessons_total.to_string());
    let key = if p.completed_at.is_some() || (p.lessons_total > 0 && p.lessons_done >= p.lessons_total) {
        Key::TrProgressDone
    } else if p.lessons_done == 0 && p.studied_secs == 0 {
        Key::TrProgressNone
    } else {
        Key::TrProgress
    };
    fill(lang.text(key), &[("done", &done), ("total", &total)])
}

/// A known filter value of the query, or none.
fn filter(raw: Option<String>, known: &[(&str, Key)]) -> Option<String> {
    raw.filter(|v| known.iter().any(|(k, _)| !k.is_empty() && k == v))
}

/// The remembered-list key of the courses with these filters.
fn courses_key(level: &str, track: &str) -> String {
    format!("courses:{level}:{track}")
}

/// Forgets every remembered course list (study was counted: coming back shows the new rings).
pub fn forget_courses() {
    for (level, _) in LEVELS {
        for (track, _) in TRACKS {
            crate::state::lists::forget(&courses_key(level, track));
        }
    }
}

/// The list's link with `level` and `track`.
pub fn list_href(level: Option<&str>, track: Option<&str>) -> String {
    crate::api::url::with_query("/training", &[("level", level), ("track", track)])
}

/// A progress ring: drawn (hidden from screen readers), its text beside it says the same.
#[component]
pub fn Ring(percent: u32) -> impl IntoView {
    let dash = format!("{} 100", percent.min(100));
    view! {
        <svg class=css::ring viewBox="0 0 36 36" aria-hidden="true" focusable="false">
            <circle class=css::ring_track cx="18" cy="18" r="15" pathLength="100"/>
            <circle class=css::ring_fill cx="18" cy="18" r="15" pathLength="100" stroke-dasharray=dash transform="rotate(-90 18 18)"/>
        </svg>
    }
}

/// Who is looking, as far as learning goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Learner,
    SignedOut,
    Other,
}

fn access(session: Option<SessionState>) -> Access {
    match session {
        None => Access::Other,
        Some(s) if s.user().is_none() => Access::SignedOut,
        Some(s) if s.has_role(contract::Role::Deputy) || s.has_role(contract::Role::Staff) => Access::Learner,
        Some(_) => Access::Other,
    }
}

fn refusal(access: Access) -> Result<(), AnyView> {
    match access {
        Access::Learner => Ok(()),
        Access::SignedOut => {
            let text = t(Key::TrSignIn);
            Err(view! { <SignInRequired message=Signal::derive(move || text().to_string())/> }.into_any())
        }
        Access::Other => Err(restricted()),
    }
}

/// Who may learn: anyone else sees why not (the server would answer 403).
pub fn learner(session: Option<SessionState>) -> Result<(), AnyView> {
    refusal(access(session))
}

/// A screen for those who may learn. Its content (`children`, with its loaders) is made only
/// for them, so that nobody else is sent to a request the server refuses (401 or 403); anyone
/// else sees why not under a bar titled `title`. The content is made again only when the
/// access changes (signing in), not at every change of the session.
#[component]
pub fn LearnerOnly(title: Key, back_to: &'static str, children: ChildrenFn) -> impl IntoView {
    let session = use_context::<SessionState>();
    let now = Memo::new(move |_| access(session));
    move || match refusal(now.get()) {
        Ok(()) => children().into_any(),
        Err(v) => {
            let text = t(title);
            view! { <TopBar title=Signal::derive(move || text().to_string()) back_to=back_to/> {v} }.into_any()
        }
    }
}

/// For deputies and staff only.
pub fn restricted() -> AnyView {
    view! {
        <div class=css::note role="status">
            <h2>{t(Key::TrRestrictedTitle)}</h2>
            <p>{t(Key::TrRestrictedText)}</p>
            <a class="btn btn-primary" href="./">{t(Key::TrRestrictedLink)}</a>
        </div>
    }
    .into_any()
}

/// A 403 from the server: the same words as [`restricted`], else the error with a retry.
pub fn failed(e: ApiError, retry: Callback<()>) -> AnyView {
    if matches!(e, ApiError::Http { status: 403, .. }) {
        restricted()
    } else {
        view! { <ErrorState error=e on_retry=retry/> }.into_any()
    }
}

#[component]
pub fn Training() -> impl IntoView {
    let query = use_query_map();
    let level = Memo::new(move |_| filter(query.with(|q| q.get("level")), &LEVELS));
    let track = Memo::new(move |_| filter(query.with(|q| q.get("track")), &TRACKS));
    let session = use_context::<SessionState>();
    let title = t(Key::TrTitle);
    let empty = t(Key::TrEmpty);
    let body = move || {
        if let Err(v) = learner(session) {
            return v;
        }
        let chips = |values: &'static [(&'static str, Key)], label: Key, is_level: bool| {
            view! {
                <nav aria-label=t(label)>
                    <ul class=crate::components::chips::css::segmented>
                        {values.iter().map(|&(value, name)| {
                            let value = (!value.is_empty()).then_some(value);
                            let href = move || crate::paths::to(&if is_level {
                                list_href(value, track.get().as_deref())
                            } else {
                                list_href(level.get().as_deref(), value)
                            });
                            let current = move || {
                                let now = if is_level { level.get() } else { track.get() };
                                (now.as_deref() == value).then_some("page")
                            };
                            view! { <li><a class=crate::components::chips::css::segment href=href aria-current=current>{t(name)}</a></li> }
                        }).collect_view()}
                    </ul>
                </nav>
            }
        };
        view! {
            <Recommended/>
            <p class=css::shortcuts>
                <a class="btn" href="training/practice">{t(Key::TrPracticeTitle)}</a>
                <a class="btn" href="training/sandbox">{t(Key::SbTitle)}</a>
            </p>
            {chips(&LEVELS, Key::TrLevelFilter, true)}
            {chips(&TRACKS, Key::TrTrackFilter, false)}
            {move || {
                let (l, tr) = (level.get(), track.get());
                view! {
                    <PagedList
                        cache_key=courses_key(l.as_deref().unwrap_or_default(), tr.as_deref().unwrap_or_default())
                        source=Source::courses(l, tr, render_course)
                        empty=Signal::derive(move || empty().to_string())
                    />
                }
            }}
        }
        .into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/work"/>
        {body}
    }
}

/// The self-check's recommendation with a link to its level's courses, or the invitation to
/// take it. Nothing while it loads (the courses below are what the screen is for).
#[component]
fn Recommended() -> impl IntoView {
    let lang = lang();
    let loaded = Loader::new(endpoints::self_check);
    move || match loaded.get() {
        None => None,
        Some(Err(e)) => Some(view! {
            <div class=css::banner><ErrorState error=e on_retry=Callback::new(move |_| loaded.refetch()) inline=true/></div>
        }.into_any()),
        Some(Ok(SelfCheck { result: Some(r), .. })) => {
            let level = r.level;
            let name = move || lang.get().text(level_label(level)).to_string();
            let href = list_href(Some(level.as_str()), None);
            Some(view! {
                <section class=css::banner aria-labelledby="tr-recommended">
                    <h2 id="tr-recommended">{move || fill(lang.get().text(Key::TrRecommended), &[("level", &name())])}</h2>
                    <p>{r.reason}</p>
                    <p class=css::banner_links>
                        <a href=crate::paths::to(&href)>{move || fill(lang.get().text(Key::TrSeeLevel), &[("level", &name())])}</a>
                        <a href="training/self-check">{t(Key::TrSelfCheckAgain)}</a>
                    </p>
                </section>
            }.into_any())
        }
        Some(Ok(_)) => Some(view! {
            <section class=css::banner aria-labelledby="tr-invite">
                <h2 id="tr-invite">{t(Key::TrSelfCheckTitle)}</h2>
                <p>{t(Key::TrSelfCheckInvite)}</p>
                <a class="btn btn-primary" href="training/self-check">{t(Key::TrSelfCheckStart)}</a>
            </section>
        }.into_any()),
    }
}

fn render_course(item: Item, _: bool) -> AnyView {
    match item {
        Item::Course(c) => view! { <CourseCard course=c/> }.into_any(),
        _ => ().into_any(),
    }
}

/// "请于 12月31日 前学完" for a course staff assigned (nothing once it is completed), marked
/// when the date has passed.
pub fn due_line(due_at: Option<String>, completed: bool) -> Option<AnyView> {
    let due = due_at.filter(|_| !completed)?;
    let lang = lang();
    let past = contract::civil::parse_rfc3339(&due).is_some_and(|t| (t as f64) * 1000.0 < js_sys::Date::now());
    let key = if past { Key::TrOverdue } else { Key::TrDue };
    Some(view! {
        <p class=css::due>{move || fill(lang.get().text(key), &[("date", &crate::format::date(&due, lang.get()))])}</p>
    }.into_any())
}

#[component]
fn CourseCard(course: CourseSummary) -> impl IntoView {
    let lang = lang();
    let href = format!("/training/courses/{}", crate::api::url::encode_component(&course.id));
    let (level, track) = (course.level, course.track);
    let progress = course.progress.clone();
    let size = (course.lesson_count.to_string(), course.minutes.to_string());
    view! {
        <article class=css::card>
            <div class=css::card_text>
                <h2 class=css::card_title><a href=crate::paths::to(&href)>{course.title.clone()}</a></h2>
                <p class=css::line>
                    <span class=css::badge>{t(level_label(level))}</span>
                    <span>{t(track_label(track))}</span>
                    <span>{move || fill(lang.get().text(Key::TrSize), &[("n", &size.0), ("minutes", &size.1)])}</span>
                </p>
                <p class=css::summary>{course.summary.clone()}</p>
                {due_line(course.due_at.clone(), course.progress.completed_at.is_some())}
            </div>
            <div class=css::card_ring>
                <Ring percent=ring_percent(&progress)/>
                <span class=css::ring_text>{move || progress_text(&progress, lang.get())}</span>
            </div>
        </article>
    }
}

/// The screens of `/training/…` (the learner's), one lazy route and one chunk for all of them:
/// a deputy goes from one to the next, and each route of its own would cost the first load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Courses,
    Course,
    Lesson,
    Practice,
    SelfCheck,
    Sandbox,
    SandboxRun,
}

/// Which screen an address is (the router matched it: only these come here).
pub fn which(path: &str) -> Screen {
    let path = path.trim_end_matches('/');
    if path.contains("/training/courses/") {
        Screen::Course
    } else if path.contains("/training/lessons/") {
        Screen::Lesson
    } else if path.ends_with("/training/practice") {
        Screen::Practice
    } else if path.ends_with("/training/self-check") {
        Screen::SelfCheck
    } else if path.contains("/training/sandbox/") {
        Screen::SandboxRun
    } else if path.ends_with("/training/sandbox") {
        Screen::Sandbox
    } else {
        Screen::Courses
    }
}

/// The screen of `path` (see [`which`]).
pub fn learn_screen(path: &str) -> AnyView {
    match which(path) {
        Screen::Courses => view! { <Training/> }.into_any(),
        Screen::Course => view! { <course::CoursePage/> }.into_any(),
        Screen::Lesson => view! { <lesson::LessonPage/> }.into_any(),
        Screen::Practice => view! { <practice::Practice/> }.into_any(),
        Screen::SelfCheck => view! { <self_check::SelfCheckPage/> }.into_any(),
        Screen::Sandbox => view! { <sandbox::SandboxCases/> }.into_any(),
        Screen::SandboxRun => view! { <sandbox::run::RunPage/> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_screen() {
        assert_eq!(which("/training"), Screen::Courses);
        assert_eq!(which("/training/"), Screen::Courses);
        assert_eq!(which("/training/courses/crs_law"), Screen::Course);
        assert_eq!(which("/training/lessons/les_law_1"), Screen::Lesson);
        assert_eq!(which("/training/practice"), Screen::Practice);
        assert_eq!(which("/training/self-check"), Screen::SelfCheck);
        assert_eq!(which("/training/sandbox"), Screen::Sandbox);
        assert_eq!(which("/training/sandbox/"), Screen::Sandbox);
        assert_eq!(which("/training/sandbox/pr_1"), Screen::SandboxRun);
        assert_eq!(which("/rd/training/courses/x"), Screen::Course, "under a sub-path");
    }

    fn p(done: u32, total: u32, secs: u32, completed: bool) -> CourseProgress {
        CourseProgress {
            lessons_done: done,
            lessons_total: total,
            studied_secs: secs,
            completed_at: completed.then(|| "2026-12-01T08:00:00Z".to_string()),
            next_lesson_id: None,
        }
    }

    #[test]
    fn the_ring_and_its_words() {
        assert_eq!(ring_percent(&p(0, 3, 0, false)), 0);
        assert_eq!(ring_percent(&p(1, 3, 60, false)), 33);
        assert_eq!(ring_percent(&p(3, 3, 600, true)), 100);
        assert_eq!(ring_percent(&p(5, 3, 600, true)), 100, "never past the whole");
        assert_eq!(ring_percent(&p(0, 0, 0, false)), 0, "no lessons");
        assert_eq!(progress_text(&p(1, 3, 60, false), Lang::Zh), "已学 1/3 课");
        assert_eq!(progress_text(&p(0, 3, 20, false), Lang::Zh), "已学 0/3 课", "begun");
        assert_eq!(progress_text(&p(0, 3, 0, false), Lang::Zh), "共 3 课 · 未开始");
        assert_eq!(progress_text(&p(3, 3, 600, true), Lang::Zh), "已学完");
        assert_eq!(progress_text(&p(1, 3, 60, false), Lang::En), "1 of 3 lessons done");
    }

    #[test]
    fn labels_of_levels_and_tracks_a_newer_backend_may_add() {
        assert_eq!(level_label(CourseLevel::Basic), Key::TrLevelBasic);
        assert_eq!(level_label(CourseLevel::parse("expert").unwrap_or_default()), Key::TrLevelOther);
        assert_eq!(track_label(CourseTrack::Thematic), Key::TrTrackThematic);
        assert_eq!(track_label(CourseTrack::parse("leadership").unwrap_or_default()), Key::TrTrackOther);
        assert_eq!(Lang::Zh.text(level_label(CourseLevel::Basic)), "入门");
    }

    #[test]
    fn filters_and_links() {
        assert_eq!(filter(Some("basic".into()), &LEVELS), Some("basic".into()));
        assert_eq!(filter(Some("expert".into()), &LEVELS), None);
        assert_eq!(filter(Some("".into()), &TRACKS), None);
        assert_eq!(filter(Some("thematic".into()), &TRACKS), Some("thematic".into()));
        assert_eq!(list_href(None, None), "/training");
        assert_eq!(list_href(Some("basic"), None), "/training?level=basic");
        assert_eq!(list_href(Some("advanced"), Some("digital")), "/training?level=advanced&track=digital");
    }
}
