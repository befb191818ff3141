//! `/training/attempts/:id`: an attempt, calm on a small phone — one question per screen with
//! big options, a question map, previous/next, a timer counted from the server's deadline and
//! its `now` (not the phone's clock alone), a polite announcement at 5 and at 1 minute left,
//! each answer saved as it is chosen (retried until it is; a saved/unsaved mark; kept on the
//! device too, so that a reload offline loses nothing), a review before submitting that lists
//! the questions not answered, and the submission — by the deputy, or by the app at the
//! deadline (the server does it anyway). A submitted attempt shows its result: the score,
//! 通过/未通过, each question with the answer given, the right one and why, and the
//! certificate when it passed. The practical tasks of a test (`tasks`) show below the
//! questions, in the review (those not started) and in the result.

use contract::{Attempt, AttemptAnswer, AttemptResult, AttemptStatus, QuizKind, QuizQuestion, ResultItem};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use super::tasks::{AttemptTasks, TaskResults};
use super::{certificate_href, css, test_href};
use crate::api::{self, endpoints, ApiError, Canceller};
use crate::components::form::focus;
use crate::components::shell::TopBar;
use crate::components::states::{detail_state, ErrorState, SkeletonDetail};
use crate::i18n::{fill, lang, t, ErrorText, Key, Lang};
use crate::pages::training::LearnerOnly;
use crate::state::drafts::{self, Draft};
use crate::state::loader::Loader;
use crate::state::session::SessionState;

/// Seconds left at the device's `now_ms`, given the attempt's `deadline` and the server's
/// `server_now` (both Unix seconds) when it was loaded at the device's `loaded_ms`: the time
/// passed is counted on the device, the starting point is the server's.
pub fn seconds_left(deadline: i64, server_now: i64, loaded_ms: f64, now_ms: f64) -> i64 {
    let passed = ((now_ms - loaded_ms) / 1000.0).floor() as i64;
    deadline - server_now - passed.max(0)
}

/// "29:59", or "1:05:00" from an hour up; "0:00" once up.
pub fn clock_text(secs: i64) -> String {
    let s = secs.max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// The announcement due when the time left goes from `before` to `now` seconds: at 5 and at
/// 1 minute left, once each.
pub fn announcement(before: i64, now: i64) -> Option<Key> {
    if before > 60 && now <= 60 {
        Some(Key::AssessOneMinute)
    } else if before > 300 && now <= 300 {
        Some(Key::AssessFiveMinutes)
    } else {
        None
    }
}

/// The numbers (from 1) of the questions without an answer.
pub fn unanswered(chosen: &[Vec<String>]) -> Vec<usize> {
    chosen.iter().enumerate().filter(|(_, c)| c.is_empty()).map(|(i, _)| i + 1).collect()
}

/// What the device keeps of an attempt (`attempt.<id>`): every answer chosen, and which of them
/// the server has not confirmed yet.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    #[serde(default)]
    pub answers: Vec<(String, Vec<String>)>,
    #[serde(default)]
    pub unsaved: Vec<String>,
}

/// The answers to show on load: the server's, except those the device chose and has not had
/// confirmed (chosen offline, or before a reload cut the save short), which win and are sent.
pub fn merge(questions: &[QuizQuestion], server: &[(String, Vec<String>)], kept: &Kept) -> Vec<Vec<String>> {
    questions
        .iter()
        .map(|q| {
            let local = kept.unsaved.contains(&q.id).then(|| kept.answers.iter().find(|(id, _)| *id == q.id)).flatten();
            let from = local.or_else(|| server.iter().find(|(id, _)| *id == q.id));
            from.map(|(_, c)| c.clone()).unwrap_or_default()
        })
        .collect()
}

/// Where an answer stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Save {
    Saved,
    Saving,
    Unsaved,
}

#[component]
pub fn AttemptPage() -> impl IntoView {
    view! { <LearnerOnly title=Key::AssessDetail back_to="/training/tests"><AttemptLoaded/></LearnerOnly> }
}

#[component]
fn AttemptLoaded() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let attempt = Loader::new(move || endpoints::attempt(&id.get()));
    // the result as the submission answered it
    let result: RwSignal<Option<AttemptResult>> = RwSignal::new(None);
    let retry = Callback::new(move |_| attempt.refetch());
    let title = t(Key::AssessDetail);
    let doc_title = Signal::derive(move || match attempt.get() {
        Some(Ok(a)) => a.test_title,
        _ => String::new(),
    });
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) doc_title=doc_title back_to="/training/tests" heading=false/>
        {move || {
            if let Some(r) = result.get() {
                return view! { <ResultView result=r/> }.into_any();
            }
            detail_state(
                attempt.get().map(|r| {
                    r.map(|a| {
                        if a.status == AttemptStatus::Submitted {
                            view! { <ResultLoader id=a.id.clone()/> }.into_any()
                        } else {
                            view! { <Taking attempt=a result=result reload=retry/> }.into_any()
                        }
                    })
                }),
                retry,
            )
        }}
    }
}

/// Unix seconds of an RFC 3339 time.
fn secs(at: &str) -> Option<i64> {
    contract::civil::parse_rfc3339(at)
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[component]
fn Taking(attempt: Attempt, result: RwSignal<Option<AttemptResult>>, reload: Callback<()>) -> impl IntoView {
    let lang = lang();
    let session = SessionState::get();
    let name = format!("attempt.{}", attempt.id);
    let questions = StoredValue::new(attempt.questions.clone());
    let n = attempt.questions.len();
    let server: Vec<(String, Vec<String>)> = attempt.answers.iter().map(|a| (a.question_id.clone(), a.option_ids.clone())).collect();
    let kept = drafts::load::<Kept>(session, &name).unwrap_or_else(|| Draft::new(Kept::default()));
    let first = merge(&attempt.questions, &server, &kept.value);
    let states: Vec<Save> = attempt
        .questions
        .iter()
        .map(|q| if kept.unsaved.contains(&q.id) { Save::Unsaved } else { Save::Saved })
        .collect();
    let kept = StoredValue::new(kept);
    let chosen = RwSignal::new(first);
    let saves = RwSignal::new(states);
    let current = RwSignal::new(0usize);
    let reviewing = RwSignal::new(false);
    let submitting = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let announced = RwSignal::new(String::new());
    let id = StoredValue::new(attempt.id.clone());
    let draft_name = StoredValue::new(name);
    let tasks = StoredValue::new(attempt.tasks.clone());

    // the clock: the server's deadline and now, the device's time passed since
    let loaded = now_ms();
    let deadline = attempt.deadline.as_deref().and_then(secs);
    let server_now = secs(&attempt.now).unwrap_or_default();
    let left = RwSignal::new(deadline.map(|d| seconds_left(d, server_now, loaded, loaded)));

    let keep = move || {
        kept.update_value(|k| {
            k.value.answers = questions.with_value(|qs| qs.iter().map(|q| q.id.clone()).zip(chosen.get_untracked()).collect());
            k.value.unsaved = questions.with_value(|qs| {
                qs.iter().zip(saves.get_untracked()).filter(|(_, s)| *s != Save::Saved).map(|(q, _)| q.id.clone()).collect()
            });
        });
        kept.with_value(|k| draft_name.with_value(|n| drafts::save(session, n, k).ok()));
    };

    let submit = move || {
        if submitting.get_untracked() {
            return;
        }
        submitting.set(true);
        error.set(None);
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let r = api::fetch(endpoints::submit_attempt(&id.get_value()), &c).await;
            submitting.try_set(false);
            match r {
                Ok(r) => {
                    draft_name.with_value(|n| drafts::clear(session, n));
                    result.try_set(Some(r));
                    focus("attempt-result");
                }
                Err(e) => {
                    error.try_set(Some(e.message(lang.get_untracked())));
                }
            }
        });
    };

    // saves answer `i` as it is now; marks it saved only when what was sent is still the choice
    let save = move |i: usize| {
        let Some(qid) = questions.with_value(|qs| qs.get(i).map(|q| q.id.clone())) else { return };
        let sent = chosen.with_untracked(|c| c[i].clone());
        saves.update(|s| s[i] = Save::Saving);
        keep();
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let body = AttemptAnswer { option_ids: sent.clone() };
            let r = api::send(endpoints::save_attempt_answer(&id.get_value(), &qid), &body, None, &c).await;
            if c.is_cancelled() {
                return;
            }
            let same = chosen.try_with_untracked(|c| c.get(i) == Some(&sent)).unwrap_or(false);
            match r {
                Ok(_) if same => {
                    saves.try_update(|s| s[i] = Save::Saved);
                }
                Ok(_) => {}
                // submitted meanwhile (the deadline, another device): show it as it is
                Err(ApiError::Http { status: 409, .. }) => reload.run(()),
                Err(_) => {
                    saves.try_update(|s| s[i] = Save::Unsaved);
                }
            }
            keep();
        });
    };

    // answers kept unsaved on the device (a reload offline) are sent at once
    for i in 0..n {
        if saves.get_untracked()[i] == Save::Unsaved {
            save(i);
        }
    }

    // every second: the timer, the announcements, the submission at the deadline; every five,
    // a retry of the answers not saved
    let ticks = StoredValue::new(0u32);
    let tick = move || {
        ticks.update_value(|t| *t = t.wrapping_add(1));
        if let Some(d) = deadline {
            let before = left.get_untracked().unwrap_or(i64::MAX);
            let now = seconds_left(d, server_now, loaded, now_ms());
            left.set(Some(now));
            if let Some(k) = announcement(before, now) {
                announced.set(lang.get_untracked().text(k).to_string());
            }
            if now <= 0 && before > 0 {
                announced.set(lang.get_untracked().text(Key::AssessTimeUp).to_string());
                // the last answers first (the server takes them for 15 s more), then submit
                for i in 0..n {
                    if saves.get_untracked()[i] != Save::Saved {
                        save(i);
                    }
                }
            }
            if now <= -5 && !submitting.get_untracked() && result.get_untracked().is_none() && error.get_untracked().is_none() {
                submit();
            }
        }
        if ticks.get_value() % 5 == 0 && api::is_online() {
            for i in 0..n {
                if saves.get_untracked()[i] == Save::Unsaved {
                    save(i);
                }
            }
        }
    };
    if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }

    let pick = move |i: usize, option: String, single: bool, on: bool| {
        chosen.update(|c| {
            let list = &mut c[i];
            if single {
                *list = vec![option];
            } else if on {
                if !list.contains(&option) {
                    list.push(option);
                }
            } else {
                list.retain(|o| *o != option);
            }
        });
        save(i);
    };
    let go = move |i: usize| {
        reviewing.set(false);
        current.set(i);
        focus("attempt-question");
    };

    let timer = deadline.map(|_| {
        view! {
            <div class=css::timer>
                <span>{t(Key::AssessTimeLeft)}</span>
                <span role="timer" class=move || {
                    if left.get().is_some_and(|l| l <= 300) { format!("{} {}", css::clock, css::low) } else { css::clock.to_string() }
                }>
                    {move || clock_text(left.get().unwrap_or_default())}
                </span>
            </div>
        }
    });
    let map = move || {
        let c = chosen.get();
        let l = lang.get();
        view! {
            <nav class=css::map aria-label=l.text(Key::AssessMap)>
                <ol>
                    {c.iter().enumerate().map(|(i, a)| {
                        let key = if a.is_empty() { Key::AssessMapUnanswered } else { Key::AssessMapAnswered };
                        let label = fill(l.text(key), &[("n", &(i + 1).to_string())]);
                        let class = if a.is_empty() { css::map_item.to_string() } else { format!("{} {}", css::map_item, css::answered) };
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class=class
                                    aria-label=label
                                    aria-current=move || (current.get() == i && !reviewing.get()).then_some("step")
                                    on:click=move |_| go(i)
                                >{i + 1}</button>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </nav>
        }
    };
    let question = move || {
        let i = current.get();
        let Some(q) = questions.with_value(|qs| qs.get(i).cloned()) else { return ().into_any() };
        let single = q.kind != QuizKind::Multiple;
        let kind = match q.kind {
            QuizKind::Multiple => Key::AssessKindMultiple,
            QuizKind::TrueFalse => Key::AssessKindTrueFalse,
            _ => Key::AssessKindSingle,
        };
        let group = format!("aq-{}", q.id);
        let options = q
            .options
            .iter()
            .map(|o| {
                let oid = o.id.clone();
                let checked = oid.clone();
                let input_id = format!("{group}-{}", o.id);
                let label_for = input_id.clone();
                view! {
                    <li>
                        <label class=css::option for=label_for>
                            <input
                                type=if single { "radio" } else { "checkbox" }
                                id=input_id
                                name=group.clone()
                                value=oid.clone()
                                prop:checked=move || chosen.with(|c| c[i].contains(&checked))
                                on:change=move |ev| pick(i, oid.clone(), single, event_target_checked(&ev))
                            />
                            <span>{o.text.clone()}</span>
                        </label>
                    </li>
                }
            })
            .collect_view();
        let status = move || match saves.get().get(i).copied() {
            _ if chosen.with(|c| c[i].is_empty()) => None,
            Some(Save::Saved) => Some(view! { <p class=css::saved>"✓ "{t(Key::AssessSaved)}</p> }.into_any()),
            Some(Save::Saving) => Some(view! { <p class=css::hint>{t(Key::AssessSaving)}</p> }.into_any()),
            _ => Some(view! { <p class=css::unsaved>{t(Key::AssessUnsaved)}</p> }.into_any()),
        };
        let last = i + 1 == n;
        view! {
            <fieldset class=css::question>
                <legend id="attempt-question" tabindex="-1">
                    <span class=css::question_n>
                        {move || fill(lang.get().text(Key::AssessQuestionN), &[("n", &(i + 1).to_string()), ("total", &n.to_string())])}
                        " · "{t(kind)}
                    </span>
                    <span class=css::question_text>{q.text.clone()}</span>
                </legend>
                <ul class=css::options>{options}</ul>
                {status}
            </fieldset>
            <div class=css::steps>
                <button type="button" class="btn" disabled=i == 0 on:click=move |_| go(i.saturating_sub(1))>{t(Key::AssessPrevious)}</button>
                {if last {
                    view! {
                        <button type="button" class="btn btn-primary" on:click=move |_| {
                            reviewing.set(true);
                            focus("attempt-review");
                        }>{t(Key::AssessToReview)}</button>
                    }.into_any()
                } else {
                    view! { <button type="button" class="btn btn-primary" on:click=move |_| go(i + 1)>{t(Key::AssessNext)}</button> }.into_any()
                }}
            </div>
        }
        .into_any()
    };
    let review = move || {
        let missing = unanswered(&chosen.get());
        let unsaved = saves.get().iter().any(|s| *s != Save::Saved);
        let l = lang.get();
        let summary = if missing.is_empty() {
            view! { <p>{fill(l.text(Key::AssessAllAnswered), &[("n", &n.to_string())])}</p> }.into_any()
        } else {
            view! {
                <p>{fill(l.text(Key::AssessUnanswered), &[("n", &missing.len().to_string())])}</p>
                <ul class=css::missing>
                    {missing.iter().map(|&q| view! {
                        <li><button type="button" class="btn" on:click=move |_| go(q - 1)>
                            {fill(l.text(Key::AssessMapUnanswered), &[("n", &q.to_string())])}
                        </button></li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        };
        let idle = tasks.with_value(|ts| crate::pages::training::sandbox::not_started(ts).into_iter().map(|t| t.title.clone()).collect::<Vec<_>>());
        let idle = (!idle.is_empty()).then(|| view! {
            <p>{fill(l.text(Key::SbTasksNotStarted), &[("n", &idle.len().to_string())])}</p>
            <ul class=css::missing>{idle.into_iter().map(|t| view! { <li><a href="#attempt-tasks">{t}</a></li> }).collect_view()}</ul>
        });
        view! {
            <section class=css::review aria-labelledby="attempt-review">
                <h2 id="attempt-review" tabindex="-1">{t(Key::AssessReview)}</h2>
                {summary}
                {idle}
                {unsaved.then(|| view! { <p class=css::unsaved>{t(Key::AssessUnsavedBlock)}</p> })}
                <div class=css::steps>
                    <button type="button" class="btn" on:click=move |_| go(current.get_untracked())>{t(Key::AssessBackToQuestions)}</button>
                    <button type="button" class="btn btn-primary" disabled=move || submitting.get() || unsaved on:click=move |_| submit()>
                        {move || if submitting.get() { t(Key::AssessSubmitting)() } else { t(Key::AssessSubmit)() }}
                    </button>
                </div>
            </section>
        }
    };
    view! {
        <article class=css::detail>
            <h1 class=css::title>{attempt.test_title.clone()}</h1>
            {timer}
            <p class="visually-hidden" aria-live="polite">{move || announced.get()}</p>
            {map}
            {move || if reviewing.get() { review().into_any() } else { question() }}
            <div role="alert">{move || error.get().map(|m| view! { <p class=css::error>{m}</p> })}</div>
            {(!attempt.tasks.is_empty()).then(|| view! { <AttemptTasks attempt_id=attempt.id.clone() tasks=attempt.tasks.clone()/> })}
        </article>
    }
}

/// The result of an attempt submitted before this visit.
#[component]
fn ResultLoader(id: String) -> impl IntoView {
    let result = Loader::new(move || endpoints::attempt_result(&id));
    let retry = Callback::new(move |_| result.refetch());
    move || match result.get() {
        None => view! { <SkeletonDetail/> }.into_any(),
        Some(Err(e)) => view! { <ErrorState error=e on_retry=retry/> }.into_any(),
        Some(Ok(r)) => view! { <ResultView result=r/> }.into_any(),
    }
}

/// The texts of option ids in a question's order ("—" for none).
fn option_texts(item: &ResultItem, ids: &[String], lang: Lang) -> String {
    let texts: Vec<String> = item.question.options.iter().filter(|o| ids.contains(&o.id)).map(|o| o.text.clone()).collect();
    if texts.is_empty() { lang.text(Key::AssessNoAnswer).to_string() } else { texts.join("；") }
}

#[component]
fn ResultView(result: AttemptResult) -> impl IntoView {
    let lang = lang();
    let passed = result.passed;
    let (score, pass) = (result.score.to_string(), result.pass_percent.to_string());
    let items = result
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let f = item.feedback.clone();
            let verdict = if f.correct { Key::AssessRight } else if f.mark > 0 { Key::AssessPartly } else { Key::AssessWrong };
            let (it, it2) = (item.clone(), item.clone());
            let (chosen, right) = (f.chosen.clone(), f.correct_option_ids.clone());
            view! {
                <li class=css::result_item>
                    <p class=css::result_q>
                        <span class=if f.correct { format!("{} {}", css::verdict, css::right) } else { css::verdict.to_string() }>{t(verdict)}</span>
                        {format!(" {}. {}", i + 1, item.question.text)}
                    </p>
                    <p>{t(Key::AssessYourAnswer)}{move || option_texts(&it, &chosen, lang.get())}</p>
                    <p>{t(Key::AssessRightAnswer)}{move || option_texts(&it2, &right, lang.get())}</p>
                    {(!f.explanation.is_empty()).then(|| view! { <p class=css::hint>{t(Key::AssessExplanation)}{f.explanation.clone()}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <article class=css::detail>
            <h1 class=css::title>{result.test_title.clone()}</h1>
            <section class=css::score_box aria-labelledby="attempt-result">
                <h2 id="attempt-result" tabindex="-1">{t(Key::AssessResult)}</h2>
                <p class=css::score>
                    {move || fill(lang.get().text(Key::AssessScore), &[("n", &score)])}
                    <span class=if passed { format!("{} {}", css::verdict, css::right) } else { css::verdict.to_string() }>
                        {t(if passed { Key::AssessPassLabel } else { Key::AssessFailLabel })}
                    </span>
                </p>
                <p class=css::hint>{move || fill(lang.get().text(Key::AssessResultPassMark), &[("n", &pass)])}</p>
                {result.auto_submitted.then(|| view! { <p>{t(Key::AssessAutoSubmitted)}</p> })}
                {result.certificate_code.clone().map(|c| view! {
                    <p><a class="btn btn-primary" href=crate::paths::to(&certificate_href(&c))>{t(Key::AssessCertificate)}</a></p>
                })}
            </section>
            <ol class=css::results>{items}</ol>
            {(!result.tasks.is_empty()).then(|| view! { <TaskResults tasks=result.tasks.clone()/> })}
            <p><a href=crate::paths::to(&test_href(&result.test_id))>{t(Key::AssessBackToTest)}</a></p>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::QuizOption;

    #[test]
    fn the_timer_counts_from_the_servers_clock() {
        // the phone's clock is an hour off: only the time passed on it counts
        let loaded = 3_600_000.0 * 5.0;
        assert_eq!(seconds_left(1_800, 0, loaded, loaded), 1_800);
        assert_eq!(seconds_left(1_800, 0, loaded, loaded + 61_500.0), 1_739);
        assert_eq!(seconds_left(1_800, 600, loaded, loaded), 1_200, "loaded ten minutes into the attempt");
        assert_eq!(seconds_left(1_800, 0, loaded, loaded - 5_000.0), 1_800, "a clock going back counts nothing");
        assert_eq!(clock_text(1_739), "28:59");
        assert_eq!(clock_text(3_900), "1:05:00");
        assert_eq!(clock_text(-3), "0:00");
    }

    #[test]
    fn five_and_one_minute_left_are_announced_once() {
        assert_eq!(announcement(301, 300), Some(Key::AssessFiveMinutes));
        assert_eq!(announcement(300, 299), None);
        assert_eq!(announcement(61, 60), Some(Key::AssessOneMinute));
        assert_eq!(announcement(400, 30), Some(Key::AssessOneMinute), "a sleeping phone: the latest one");
        assert_eq!(announcement(1_000, 999), None);
    }

    fn q(id: &str) -> QuizQuestion {
        QuizQuestion {
            id: id.into(),
            options: vec![QuizOption { id: "a".into(), text: "甲".into() }, QuizOption { id: "b".into(), text: "乙".into() }],
            ..QuizQuestion::default()
        }
    }

    #[test]
    fn answers_kept_unsaved_on_the_device_win_over_the_servers() {
        let qs = [q("q1"), q("q2"), q("q3")];
        let server = vec![("q1".to_string(), vec!["a".to_string()]), ("q2".to_string(), vec!["a".to_string()])];
        let kept = Kept {
            answers: vec![("q1".into(), vec!["b".into()]), ("q2".into(), vec!["b".into()]), ("q3".into(), vec!["a".into()])],
            unsaved: vec!["q2".into(), "q3".into()],
        };
        assert_eq!(merge(&qs, &server, &kept), [vec!["a".to_string()], vec!["b".to_string()], vec!["a".to_string()]]);
        assert_eq!(merge(&qs, &server, &Kept::default())[2], Vec::<String>::new());
        assert_eq!(unanswered(&merge(&qs, &server, &Kept::default())), [3]);
    }
}
