//! A practice run (`/training/sandbox/:id`): the practice banner first (练习 · 这是模拟留言，
//! 不会发给任何群众…), the checklist of the case's steps (✓ 已完成 / 未完成), then the simulated
//! message in THE message screen (`MessageView` in practice mode: status, progress, content,
//! plan, conversation and the handling panel, whose actions go to the run's endpoints), the
//! newest check announced after each action, 练习完成 with 再练一次 once every step is right,
//! and 每一步的讲评: the checks, newest first, each with its verdict and explanation.
//!
//! A run of a test's practical task says 测评实操 instead, links back to the attempt, and shows
//! the steps taken without verdicts (they come with the result).

use contract::{Message, PracticeRun};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{fresh_check, finished, sb, step_label, step_marks, verdict_text, CheckList, StartButton, StepMark};
use crate::components::shell::TopBar;
use crate::components::states::{ErrorState, SkeletonDetail};
use crate::i18n::{lang, t, Key};
use crate::pages::assessments::attempt_href;
use crate::pages::message::MessageView;
use crate::pages::training::{failed, LearnerOnly};
use crate::state::effect;
use crate::state::loader::Loader;

#[component]
pub fn RunPage() -> impl IntoView {
    // (loaded only for those who may learn: nobody else is sent to a 403)
    view! { <LearnerOnly title=Key::SbTitle back_to="/training/sandbox"><Run/></LearnerOnly> }
}

#[component]
fn Run() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let run = Loader::new(move || crate::api::endpoints::practice_run(&id.get()));
    let retry = Callback::new(move |_| run.refetch());
    // the latest run loaded: kept while it is loaded again after an action
    let latest = Memo::new(move |prev: Option<&Option<PracticeRun>>| match run.get() {
        Some(Ok(r)) => Some(r),
        _ => prev.cloned().flatten(),
    });
    let ready = Memo::new(move |_| latest.with(|r| r.as_ref().is_some_and(|r| r.id == id.get())));
    let title = t(Key::SbTitle);
    let doc_title = Signal::derive(move || latest.with(|r| r.as_ref().map(|r| r.case_title.clone()).unwrap_or_default()));
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) doc_title=doc_title back_to="/training/sandbox" heading=false/>
        {move || {
            if ready.get() {
                return view! { <RunView latest=latest run=run/> }.into_any();
            }
            match run.get() {
                Some(Err(e)) => failed(e, retry),
                _ => view! { <SkeletonDetail/> }.into_any(),
            }
        }}
    }
}

#[component]
fn RunView(latest: Memo<Option<PracticeRun>>, run: Loader<PracticeRun>) -> impl IntoView {
    let lang = lang();
    let with_run = move |f: &dyn Fn(&PracticeRun) -> AnyView| latest.with(|r| r.as_ref().map(f));
    // the message as an action answered it, until the run is loaded again
    let changed = RwSignal::new(None::<Message>);
    let message = Memo::new(move |_| changed.get().or_else(|| latest.with(|r| r.as_ref().map(|r| r.message.clone()))));
    // the run and its number of checks when the last action landed: a newer check is announced
    let before = StoredValue::new(None::<(String, usize)>);
    let announce = RwSignal::new(String::new());
    effect(move || {
        latest.with(|r| {
            let Some(r) = r else { return };
            if let Some(c) = before.with_value(|b| fresh_check(b.as_ref(), r).cloned()) {
                announce.set(verdict_text(&c, lang.get_untracked()));
            }
            changed.set(None);
            before.set_value(Some((r.id.clone(), r.checks.len())));
        })
    });
    let on_change = Callback::new(move |m: Message| {
        changed.set(Some(m));
        run.refetch();
    });
    let test = Memo::new(move |_| latest.with(|r| r.as_ref().and_then(|r| r.attempt_id.clone())));
    let banner = move || {
        let (kicker, text) = if test.get().is_some() { (Key::SbBannerTestKicker, Key::SbBannerTest) } else { (Key::SbBannerKicker, Key::SbBanner) };
        let back = test.get().map(|a| view! { <p><a class=sb::back href=crate::paths::to(&attempt_href(&a))>{t(Key::SbBackToAttempt)}</a></p> });
        view! {
            <div class=sb::banner role="note">
                <p><strong class=sb::kicker>{t(kicker)}</strong>" · "{t(text)}</p>
                {back}
            </div>
        }
    };
    let checklist = move || {
        with_run(&|r| {
            view! {
                <div class=sb::checklist>
                    <p class=sb::checklist_title id="sb-checklist">{t(Key::SbStepsLabel)}</p>
                    <ol aria-labelledby="sb-checklist">
                        {step_marks(r).into_iter().map(|(s, mark)| {
                            let (sign, word, class) = match mark {
                                StepMark::Done => ("✓", Key::SbMarkDone, sb::mark_done),
                                StepMark::Taken => ("●", Key::SbMarkTaken, sb::mark_taken),
                                StepMark::NotYet => ("○", Key::SbMarkTodo, ""),
                            };
                            view! {
                                <li class=class>
                                    <span aria-hidden="true" class=sb::sign>{sign}</span>
                                    {t(step_label(s))}
                                    <span class=sb::mark_word>{"（"}{t(word)}{"）"}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </div>
            }
            .into_any()
        })
    };
    let refresh_error = move || match run.get() {
        Some(Err(e)) => Some(view! { <div class=sb::pad><ErrorState error=e on_retry=Callback::new(move |_| run.refetch()) inline=true/></div> }),
        _ => None,
    };
    let end = move || {
        with_run(&|r| {
            if finished(r) {
                let case_id = r.case_id.clone();
                view! {
                    <section class=sb::done aria-labelledby="sb-done">
                        <h2 id="sb-done">{t(Key::SbDoneTitle)}</h2>
                        <p>{t(Key::SbDoneText)}</p>
                        <div class=sb::actions>
                            <StartButton case_id=case_id again=true/>
                            <a class="btn" href="training/sandbox">{t(Key::SbBackToList)}</a>
                        </div>
                    </section>
                }
                .into_any()
            } else if !r.open {
                let key = if r.attempt_id.is_some() { Key::SbAttemptOver } else { Key::SbRunOver };
                view! { <p class=sb::over role="note">{t(key)}</p> }.into_any()
            } else {
                ().into_any()
            }
        })
    };
    let checks = move || {
        with_run(&|r| {
            let test = r.attempt_id.is_some();
            let (title, none) = if test { (Key::SbRecorded, Key::SbRecordedNone) } else { (Key::SbChecks, Key::SbChecksNone) };
            let body = if r.checks.is_empty() {
                view! { <p class=sb::small>{t(none)}</p> }.into_any()
            } else {
                view! {
                    {test.then(|| view! { <p class=sb::small>{t(Key::SbRecordedNote)}</p> })}
                    <CheckList checks=r.checks.clone()/>
                }
                .into_any()
            };
            view! {
                <section class=sb::section aria-labelledby="sb-checks">
                    <h2 id="sb-checks">{t(title)}</h2>
                    {body}
                </section>
            }
            .into_any()
        })
    };
    view! {
        {banner}
        {checklist}
        {move || message.get().map(|m| {
            // its texts are in the language of the moment: shown again when it changes
            lang.track();
            view! { <MessageView message=m on_change=on_change practice=true/> }
        })}
        <p role="status" class=move || if announce.with(String::is_empty) { String::new() } else { sb::announce.to_string() }>
            {move || announce.get()}
        </p>
        {refresh_error}
        {end}
        {checks}
    }
}
