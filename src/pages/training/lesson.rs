//! A lesson (`/training/lessons/:id`): its blocks, its video or audio as a link with the
//! transcript as text, and a calm note of the study time still needed (还需学习 2 分钟) over a
//! progress bar. While the lesson is on screen the reader sends a heartbeat when it is shown
//! and every [`contract::STUDY_BEAT_SECS`] of visible time (`state::visible`: nothing while the
//! page is hidden); the server counts the time and says when the lesson is done. A beat that
//! fails (offline) is not retried or queued — the server would not count it anyway — and the
//! reader says calmly that the time is not counted until the connection is back. Each beat
//! names the block in view, and a reload scrolls back to it (`resume_at`).

use contract::{Lesson, LessonMedia, MediaKind, StudyBeat, StudyProgress, STUDY_BEAT_SECS};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use wasm_bindgen::JsCast;

use super::course::lesson_href;
use super::{css, failed, LearnerOnly};
use crate::api::{self, endpoints, Canceller};
use crate::components::blocks::RichText;
use crate::components::shell::TopBar;
use crate::components::states::SkeletonDetail;
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::state::loader::Loader;
use crate::state::network::online;
use crate::state::visible::{on_visible_time, page_visible};

/// The study time still needed, in words: 还需学习 2 分钟, 还需学习不到 1 分钟, or 本课已学完.
pub fn remaining_text(min_secs: u32, studied_secs: u32, done: bool, lang: Lang) -> String {
    let left = min_secs.saturating_sub(studied_secs);
    if done || left == 0 {
        lang.text(Key::TrLessonComplete).to_string()
    } else if left < 60 {
        lang.text(Key::TrRemainingUnderMinute).to_string()
    } else {
        fill(lang.text(Key::TrRemaining), &[("n", &left.div_ceil(60).to_string())])
    }
}

/// A transcript's paragraphs (separated by blank lines), as text.
pub fn paragraphs(transcript: &str) -> Vec<String> {
    transcript
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A media link the reader may open: `https:` or a path of this server; anything else (a
/// `javascript:` URL in a bad record) is not a link.
pub fn safe_media_url(url: &str) -> Option<&str> {
    (url.starts_with("https://") || (url.starts_with('/') && !url.starts_with("//"))).then_some(url)
}

#[component]
pub fn LessonPage() -> impl IntoView {
    view! { <LearnerOnly title=Key::TrLesson back_to="/training"><LessonLoaded/></LearnerOnly> }
}

/// The lesson, loaded.
#[component]
fn LessonLoaded() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let lesson = Loader::new(move || endpoints::lesson(&id.get()));
    let retry = Callback::new(move |_| lesson.refetch());
    let title = t(Key::TrLesson);
    let doc_title = Signal::derive(move || match lesson.get() {
        Some(Ok(l)) => l.title,
        _ => String::new(),
    });
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) doc_title=doc_title back_to="/training" heading=false/>
        {move || {
            match lesson.get() {
                None => view! { <SkeletonDetail/> }.into_any(),
                Some(Err(e)) => failed(e, retry),
                Some(Ok(l)) => view! { <Reader lesson=l/> }.into_any(),
            }
        }}
    }
}

/// The index of the first block of the lesson's body still in view (under the top bar).
fn block_in_view() -> Option<u32> {
    let doc = web_sys::window()?.document()?;
    let blocks = doc.query_selector_all("#lesson-body > div > *").ok()?;
    (0..blocks.length()).find(|&i| {
        blocks
            .get(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| el.get_bounding_client_rect().bottom() > 64.0)
    })
}

/// Scrolls the block at `index` of the body into view (where the reader left off).
fn scroll_to_block(index: u32) {
    request_animation_frame(move || {
        let block = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector_all("#lesson-body > div > *").ok())
            .and_then(|list| list.get(index))
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok());
        if let Some(el) = block {
            el.scroll_into_view();
        }
    });
}

/// What the heartbeats tell the reader.
#[derive(Clone, Copy)]
struct Study {
    studied: RwSignal<u32>,
    done: RwSignal<bool>,
    /// The last beat failed: the time is not being counted.
    stalled: RwSignal<bool>,
}

fn beat(id: String, study: Study, c: Canceller) {
    let body = StudyBeat { position: block_in_view() };
    leptos::task::spawn_local(async move {
        let result: Result<StudyProgress, _> = api::send(endpoints::study_beat(&id), &body, None, &c).await;
        match result {
            Ok(p) => {
                if p.counted_secs > 0 {
                    super::forget_courses();
                }
                study.studied.try_set(p.lesson.studied_secs);
                study.done.try_set(p.lesson.done);
                study.stalled.try_set(false);
            }
            // not counted: said calmly, never queued
            Err(_) => {
                study.stalled.try_set(true);
            }
        }
    });
}

#[component]
fn Reader(lesson: Lesson) -> impl IntoView {
    let lang = lang();
    let online = online();
    let study = Study {
        studied: RwSignal::new(lesson.studied_secs),
        done: RwSignal::new(lesson.done),
        stalled: RwSignal::new(false),
    };
    let min = lesson.min_secs;
    let canceller = Canceller::for_owner();
    let id = lesson.id.clone();
    let send = {
        let (id, canceller) = (id.clone(), canceller.clone());
        move || {
            if online.get_untracked() {
                beat(id.clone(), study, canceller.clone());
            } else {
                study.stalled.set(true);
            }
        }
    };
    // once when shown, then every 15 s of visible time
    if page_visible() {
        send();
    }
    on_visible_time(STUDY_BEAT_SECS, true, |_| {}, move |_| send());
    if let Some(at) = lesson.resume_at.filter(|&at| at > 0) {
        scroll_to_block(at);
    }
    let course_href = format!("/training/courses/{}", crate::api::url::encode_component(&lesson.course_id));
    let number = lesson.number.to_string();
    let media = lesson.media.clone().map(|m| view! { <Media media=m/> });
    let prev = lesson.previous_id.clone().map(|p| view! { <a class="btn" href=crate::paths::to(&lesson_href(&p)) rel="prev">{t(Key::TrPrevious)}</a> });
    let next = lesson.next_id.clone().map(|n| view! { <a class="btn btn-primary" href=crate::paths::to(&lesson_href(&n)) rel="next">{t(Key::TrNext)}</a> });
    let back = lesson.next_id.is_none().then(|| {
        let href = course_href.clone();
        view! { <a class="btn btn-primary" href=crate::paths::to(&href)>{t(Key::TrBackToCourse)}</a> }
    });
    view! {
        <article class=css::detail>
            <p class=css::crumb><a href=crate::paths::to(&course_href.clone())>{lesson.course_title.clone()}</a></p>
            <h1 class=css::title>
                <span class=css::kicker>{move || fill(lang.get().text(Key::TrLessonNumber), &[("n", &number)])}</span>
                {lesson.title.clone()}
            </h1>
            <div class=css::study>
                <p class=css::study_text role="status">
                    {move || remaining_text(min, study.studied.get(), study.done.get(), lang.get())}
                </p>
                <progress
                    class=css::bar
                    max=min.max(1).to_string()
                    value=move || study.studied.get().min(min).to_string()
                    aria-label=t(Key::TrStudyProgress)
                ></progress>
                {move || (study.stalled.get() || !online.get()).then(|| view! {
                    <p class=css::calm>{t(Key::TrNotCounted)}</p>
                })}
            </div>
            {media}
            <div id="lesson-body">
                <RichText blocks=lesson.body.clone()/>
            </div>
            <nav class=css::pager aria-label=t(Key::TrLessonNav)>
                {prev}
                {next}
                {back}
            </nav>
        </article>
    }
}

/// The lesson's video or audio: a link the browser plays, its length, and the transcript as
/// text (never markup).
#[component]
fn Media(media: LessonMedia) -> impl IntoView {
    let lang = lang();
    let (kind, play) = match media.kind {
        MediaKind::Video => (Key::TrMediaVideo, Key::TrPlayVideo),
        MediaKind::Audio => (Key::TrMediaAudio, Key::TrPlayAudio),
        MediaKind::Unknown => (Key::TrMediaOther, Key::TrOpenMedia),
    };
    let link = safe_media_url(&media.url).map(|u| {
        let u = u.to_string();
        view! { <a class="btn" href=u target="_blank" rel="noopener noreferrer">{t(play)}</a> }
    });
    let length = media.duration_secs.filter(|&s| s > 0).map(|s| {
        let m = super::course::minutes(s).to_string();
        view! { <span>{move || fill(lang.get().text(Key::TrMediaLength), &[("n", &m)])}</span> }
    });
    let transcript = paragraphs(&media.transcript);
    let has_transcript = !transcript.is_empty();
    view! {
        <section class=css::media aria-labelledby="lesson-media">
            <h2 id="lesson-media" class=css::subhead>{t(kind)}</h2>
            <p class=css::line>{link}{length}</p>
            {has_transcript.then(|| view! {
                <details class=css::transcript>
                    <summary>{t(Key::TrTranscript)}</summary>
                    {transcript.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                </details>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_still_needed_in_calm_words() {
        assert_eq!(remaining_text(180, 0, false, Lang::Zh), "还需学习 3 分钟");
        assert_eq!(remaining_text(180, 61, false, Lang::Zh), "还需学习 2 分钟");
        assert_eq!(remaining_text(180, 125, false, Lang::Zh), "还需学习不到 1 分钟");
        assert_eq!(remaining_text(180, 180, false, Lang::Zh), "本课已学完");
        assert_eq!(remaining_text(180, 30, true, Lang::Zh), "本课已学完", "the server's word counts");
        assert_eq!(remaining_text(120, 0, false, Lang::En), "About 2 min of study left");
    }

    #[test]
    fn transcripts_and_links() {
        assert_eq!(paragraphs("一。\n\n二。\n\n\n"), ["一。", "二。"]);
        assert!(paragraphs("  ").is_empty());
        assert_eq!(safe_media_url("https://example.org/a.mp3"), Some("https://example.org/a.mp3"));
        assert_eq!(safe_media_url("/files/a.mp4"), Some("/files/a.mp4"));
        assert_eq!(safe_media_url("javascript:alert(1)"), None);
        assert_eq!(safe_media_url("//evil.example/a"), None);
        assert_eq!(safe_media_url("http://example.org/a.mp3"), None);
    }
}
