//! A course (`/training/courses/:id`): what one learns, the viewer's progress (ring and words),
//! 继续学习 to the first lesson not done (the server's `next_lesson_id`), and the lessons in
//! order, each marked 已学完, 学习中 or with its study time.

use contract::{Course, LessonSummary};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{css, due_line, failed, level_label, progress_text, ring_percent, track_label, LearnerOnly, Ring};
use crate::components::comments::Comments;
use crate::api::endpoints;
use crate::components::blocks::RichText;
use crate::components::shell::TopBar;
use crate::components::states::SkeletonDetail;
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::state::loader::Loader;

/// Minutes for a study time in seconds, rounded up (at least 1 for any time at all).
pub fn minutes(secs: u32) -> u32 {
    secs.div_ceil(60)
}

/// Where 继续学习 goes: the first lesson not done, else (all done) the first one; with its
/// label: 开始学习 before any study, 继续学习 after, 再学一遍 when all are done.
pub fn resume(course: &Course) -> Option<(String, Key)> {
    let begun = course.progress.studied_secs > 0 || course.lessons.iter().any(|l| l.studied_secs > 0);
    match &course.progress.next_lesson_id {
        Some(id) => Some((id.clone(), if begun { Key::TrContinue } else { Key::TrStart })),
        None => course.lessons.first().map(|l| (l.id.clone(), Key::TrReview)),
    }
}

/// A lesson's mark in the list: 已学完, 学习中 · 已学 1 分钟, or 约 3 分钟.
pub fn lesson_mark(l: &LessonSummary, lang: Lang) -> String {
    if l.done {
        lang.text(Key::TrLessonDone).to_string()
    } else if l.studied_secs > 0 {
        fill(lang.text(Key::TrLessonBegun), &[("n", &minutes(l.studied_secs).to_string())])
    } else {
        fill(lang.text(Key::TrLessonMinutes), &[("n", &minutes(l.min_secs).to_string())])
    }
}

pub fn lesson_href(id: &str) -> String {
    format!("/training/lessons/{}", crate::api::url::encode_component(id))
}

#[component]
pub fn CoursePage() -> impl IntoView {
    view! { <LearnerOnly title=Key::TrCourse back_to="/training"><CourseLoaded/></LearnerOnly> }
}

/// The course, loaded.
#[component]
fn CourseLoaded() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let course = Loader::new(move || endpoints::course(&id.get()));
    let retry = Callback::new(move |_| course.refetch());
    let title = t(Key::TrCourse);
    let doc_title = Signal::derive(move || match course.get() {
        Some(Ok(c)) => c.title,
        _ => String::new(),
    });
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) doc_title=doc_title back_to="/training" heading=false/>
        {move || {
            match course.get() {
                None => view! { <SkeletonDetail/> }.into_any(),
                Some(Err(e)) => failed(e, retry),
                Some(Ok(c)) => view! { <CourseView course=c/> }.into_any(),
            }
        }}
    }
}

#[component]
fn CourseView(course: Course) -> impl IntoView {
    let lang = lang();
    let progress = course.progress.clone();
    let size = (course.lessons.len().to_string(), course.minutes.to_string());
    let resume = resume(&course).map(|(id, label)| view! {
        <a class=format!("btn btn-primary {}", css::wide) href=crate::paths::to(&lesson_href(&id))>{t(label)}</a>
    });
    let next = course.progress.next_lesson_id.clone();
    let lessons = course
        .lessons
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let l = l.clone();
            let class = if l.done { format!("{} {}", css::lesson, css::lesson_done) } else { css::lesson.to_string() };
            let here = next.as_deref() == Some(l.id.as_str());
            let media = l.media.map(|m| match m {
                contract::MediaKind::Video => Key::TrMediaVideo,
                contract::MediaKind::Audio => Key::TrMediaAudio,
                contract::MediaKind::Unknown => Key::TrMediaOther,
            });
            let mark = l.clone();
            view! {
                <li class=class>
                    <span class=css::lesson_number aria-hidden="true">{if l.done { "✓".to_string() } else { (i + 1).to_string() }}</span>
                    <span class=css::lesson_text>
                        <a href=crate::paths::to(&lesson_href(&l.id)) aria-current=here.then_some("step")>{l.title.clone()}</a>
                        <span class=css::lesson_mark>
                            {move || lesson_mark(&mark, lang.get())}
                            {media.map(|k| view! { " · " {t(k)} })}
                        </span>
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class=css::detail>
            <h1 class=css::title>{course.title.clone()}</h1>
            <p class=css::line>
                <span class=css::badge>{t(level_label(course.level))}</span>
                <span>{t(track_label(course.track))}</span>
                <span>{move || fill(lang.get().text(Key::TrSize), &[("n", &size.0), ("minutes", &size.1)])}</span>
            </p>
            <div class=css::progress_row>
                <Ring percent=ring_percent(&progress)/>
                <span class=css::ring_text>{move || progress_text(&progress, lang.get())}</span>
            </div>
            {due_line(course.due_at.clone(), course.progress.completed_at.is_some())}
            {resume}
            <RichText blocks=course.description.clone()/>
            <h2 class=css::subhead>{t(Key::TrLessons)}</h2>
            <ol class=css::lessons>{lessons}</ol>
        </article>
        // 在线答疑: deputies ask, staff answer (the asker is alerted)
        <Comments kind=contract::TargetKind::Course id=course.id.clone()/>
    }
}

#[cfg(test)]
mod tests {
    use contract::CourseProgress;

    use super::*;

    fn lesson(id: &str, min: u32, studied: u32, done: bool) -> LessonSummary {
        LessonSummary { id: id.into(), title: id.into(), min_secs: min, studied_secs: studied, done, media: None }
    }

    #[test]
    fn resume_goes_to_the_first_lesson_not_done() {
        let mut c = Course {
            lessons: vec![lesson("a", 120, 0, false), lesson("b", 120, 0, false)],
            progress: CourseProgress { next_lesson_id: Some("a".into()), lessons_total: 2, ..Default::default() },
            ..Default::default()
        };
        assert_eq!(resume(&c), Some(("a".into(), Key::TrStart)));
        c.lessons[0] = lesson("a", 120, 120, true);
        c.progress.next_lesson_id = Some("b".into());
        c.progress.studied_secs = 120;
        assert_eq!(resume(&c), Some(("b".into(), Key::TrContinue)));
        c.progress.next_lesson_id = None;
        assert_eq!(resume(&c), Some(("a".into(), Key::TrReview)), "all done: from the start again");
        assert_eq!(resume(&Course::default()), None);
    }

    #[test]
    fn a_lessons_mark() {
        assert_eq!(lesson_mark(&lesson("a", 150, 0, false), Lang::Zh), "约 3 分钟");
        assert_eq!(lesson_mark(&lesson("a", 150, 75, false), Lang::Zh), "学习中 · 已学 2 分钟");
        assert_eq!(lesson_mark(&lesson("a", 150, 160, true), Lang::Zh), "已学完");
        assert_eq!(minutes(0), 0);
        assert_eq!(minutes(1), 1);
        assert_eq!(minutes(120), 2);
    }
}
