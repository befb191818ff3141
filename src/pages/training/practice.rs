//! 每日一练 (`/training/practice`): today's five questions one per screen, big options (radio
//! buttons for single and true/false, checkboxes for multiple), 提交 → at once 回答正确 or
//! 回答错误 with the right answer and the explanation, then the next; at the end a summary
//! (答对 4/5 题) and the streak. Answered questions show their feedback again after a reload
//! (the server keeps them); the screen opens on the first one not answered. An answer that
//! could not be sent is sent again with the same body (the server answers the same answer
//! with the same feedback).

use contract::{PracticeSet, QuizAnswer, QuizFeedback, QuizKind, QuizQuestion};
use leptos::prelude::*;

use super::{css, failed, LearnerOnly};
use crate::api::{self, endpoints, ApiError, Canceller};
use crate::components::shell::TopBar;
use crate::components::states::SkeletonDetail;
use crate::i18n::{fill, lang, t, ErrorText, Key, Lang};
use crate::state::effect;
use crate::state::loader::Loader;
use crate::state::network::online;

/// The question to open on: the first not answered, or (all answered) the summary
/// (`items.len()`).
pub fn first_open(answered: &[bool]) -> usize {
    answered.iter().position(|a| !a).unwrap_or(answered.len())
}

/// The right answer in words: the right options' texts in the question's order.
pub fn right_answer(q: &QuizQuestion, f: &QuizFeedback) -> String {
    q.options
        .iter()
        .filter(|o| f.correct_option_ids.contains(&o.id))
        .map(|o| o.text.as_str())
        .collect::<Vec<_>>()
        .join("；")
}

/// The options chosen after a change of one: one for single and true/false, any for multiple.
pub fn choose(chosen: &[String], option: &str, on: bool, multiple: bool) -> Vec<String> {
    if !multiple {
        return vec![option.to_string()];
    }
    let mut out: Vec<String> = chosen.iter().filter(|c| *c != option).cloned().collect();
    if on {
        out.push(option.to_string());
    }
    out
}

/// A failure that a working network would undo: the answer goes again when the phone is
/// back online.
pub fn for_want_of_network(e: &ApiError) -> bool {
    matches!(e, ApiError::Offline | ApiError::Network(_) | ApiError::Timeout)
}

/// The summary's line: 今日答对 4/5 题.
pub fn score_text(feedback: &[Option<QuizFeedback>], lang: Lang) -> String {
    let right = feedback.iter().flatten().filter(|f| f.correct).count();
    fill(lang.text(Key::TrPracticeScore), &[("n", &right.to_string()), ("total", &feedback.len().to_string())])
}

#[component]
pub fn Practice() -> impl IntoView {
    view! { <LearnerOnly title=Key::TrPracticeTitle back_to="/training"><Today/></LearnerOnly> }
}

/// Today's set, loaded.
#[component]
fn Today() -> impl IntoView {
    let set = Loader::new(endpoints::practice);
    let retry = Callback::new(move |_| set.refetch());
    let title = t(Key::TrPracticeTitle);
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/training"/>
        {move || match set.get() {
            None => view! { <SkeletonDetail/> }.into_any(),
            Some(Err(e)) => failed(e, retry),
            Some(Ok(s)) if s.items.is_empty() => view! {
                <div class=css::note role="status"><p>{t(Key::TrPracticeEmpty)}</p></div>
            }.into_any(),
            Some(Ok(s)) => view! { <Quiz set=s reload=retry/> }.into_any(),
        }}
    }
}

#[component]
fn Quiz(set: PracticeSet, reload: Callback<()>) -> impl IntoView {
    let lang = lang();
    let questions = StoredValue::new(set.items.iter().map(|i| i.question.clone()).collect::<Vec<_>>());
    let feedback = RwSignal::new(set.items.iter().map(|i| i.feedback.clone()).collect::<Vec<_>>());
    let total = set.items.len();
    let answered: Vec<bool> = set.items.iter().map(|i| i.feedback.is_some()).collect();
    let at = RwSignal::new(first_open(&answered));
    // the streak the server counted at load; finishing today's set makes it one more when it
    // was not counted yet
    let streak = set.streak;
    let finished_before = answered.iter().all(|a| *a);
    view! {
        {move || {
            let i = at.get();
            if i >= total {
                let f = feedback.get();
                let streak = if finished_before { streak } else { streak + 1 };
                return view! {
                    <section class=css::detail aria-labelledby="practice-done">
                        <h2 id="practice-done" class=css::title tabindex="-1">{t(Key::TrPracticeDone)}</h2>
                        <p class=css::score>{move || score_text(&f, lang.get())}</p>
                        <p class=css::streak>{move || fill(lang.get().text(Key::TrStreak), &[("n", &streak.to_string())])}</p>
                        <p class=css::line>{t(Key::TrPracticeTomorrow)}</p>
                        <a class=format!("btn btn-primary {}", css::wide) href="training">{t(Key::TrBackToTraining)}</a>
                    </section>
                }.into_any();
            }
            let q = questions.with_value(|qs| qs[i].clone());
            view! { <QuestionScreen question=q index=i total=total feedback=feedback at=at reload=reload/> }.into_any()
        }}
    }
}

#[component]
fn QuestionScreen(
    question: QuizQuestion,
    index: usize,
    total: usize,
    feedback: RwSignal<Vec<Option<QuizFeedback>>>,
    at: RwSignal<usize>,
    reload: Callback<()>,
) -> impl IntoView {
    let lang = lang();
    let multiple = question.kind == QuizKind::Multiple;
    let given = move || feedback.with(|f| f[index].clone());
    let chosen = RwSignal::new(feedback.with_untracked(|f| f[index].clone()).map(|f| f.chosen).unwrap_or_default());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let unchosen = RwSignal::new(false);
    let qid = question.id.clone();
    // the body of the answer being sent, kept for a retry with the same body
    let pending = StoredValue::new(None::<QuizAnswer>);
    let send = move || {
        let Some(body) = pending.get_value() else { return };
        busy.set(true);
        error.set(None);
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::practice_answer(), &body, None, &c).await;
            busy.try_set(false);
            match result {
                Ok(f) => {
                    feedback.try_update(|all| all[index] = Some(f));
                    crate::components::form::focus("practice-feedback");
                }
                // answered otherwise already (another device), or no longer today's: as it is now
                Err(ApiError::Http { status: 404 | 409, .. }) => reload.run(()),
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    let send_again = send.clone();
    // an answer that failed for want of a network goes again by itself once the phone is back
    // online (the tap on 重试 stays for any other failure)
    let online = online();
    let resend = send.clone();
    effect(move || {
        if online.get() && !busy.get_untracked() && error.with_untracked(|e| e.as_ref().is_some_and(for_want_of_network)) {
            resend();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || given().is_some() {
            return;
        }
        let picked = chosen.get_untracked();
        if picked.is_empty() {
            unchosen.set(true);
            return;
        }
        // in the options' order
        let option_ids = question_options(&qid, &picked);
        pending.set_value(Some(QuizAnswer { question_id: qid.clone(), option_ids }));
        send();
    };
    let kind_hint = match question.kind {
        QuizKind::Multiple => Key::TrKindMultiple,
        QuizKind::TrueFalse => Key::TrKindTrueFalse,
        _ => Key::TrKindSingle,
    };
    let group = format!("pq-{}", question.id);
    let options = question
        .options
        .iter()
        .map(|o| {
            let oid = o.id.clone();
            let checked_id = oid.clone();
            let input_id = format!("{group}-{}", o.id);
            let label_for = input_id.clone();
            let mark_id = oid.clone();
            let mark = move || {
                given().map(|f| {
                    if f.correct_option_ids.contains(&mark_id) {
                        view! { <span class=css::right>{t(Key::TrRightOption)}</span> }.into_any()
                    } else if f.chosen.contains(&mark_id) {
                        view! { <span class=css::wrong>{t(Key::TrWrongOption)}</span> }.into_any()
                    } else {
                        ().into_any()
                    }
                })
            };
            view! {
                <li>
                    <label class=css::option for=label_for>
                        <input
                            type=if multiple { "checkbox" } else { "radio" }
                            id=input_id
                            name=group.clone()
                            value=oid.clone()
                            disabled=move || given().is_some()
                            prop:checked=move || chosen.with(|c| c.contains(&checked_id))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|c| *c = choose(c, &oid, on, multiple));
                                unchosen.set(false);
                            }
                        />
                        <span class=css::option_text>{o.text.clone()}</span>
                        {mark}
                    </label>
                </li>
            }
        })
        .collect_view();
    let q_for_answer = question.clone();
    let counter = (index + 1).to_string();
    let total_text = total.to_string();
    let last = index + 1 >= total;
    view! {
        <form class=css::detail on:submit=submit novalidate>
            <p class=css::kicker id="practice-top" tabindex="-1">{move || fill(lang.get().text(Key::TrQuestionOf), &[("n", &counter), ("total", &total_text)])}
                " · "{question.category.clone()}</p>
            <fieldset class=css::question>
                <legend>
                    <span class=css::question_text>{question.text.clone()}</span>
                    <span class=css::question_hint>{t(kind_hint)}</span>
                </legend>
                <ul class=css::options>{options}</ul>
            </fieldset>
            <div role="alert">
                {move || unchosen.get().then(|| view! { <p class=css::error>{t(Key::TrChooseFirst)}</p> })}
                {move || error.get().map(|e| {
                    let again = send_again.clone();
                    view! {
                        <div class=css::error_box>
                            <p>{e.message(lang.get_untracked())}</p>
                            {for_want_of_network(&e).then(|| view! { <p>{t(Key::TrResendOnline)}</p> })}
                            <button type="button" class="btn" on:click=move |_| again()>{t(Key::TrRetry)}</button>
                        </div>
                    }
                })}
            </div>
            {move || match given() {
                None => view! {
                    <button type="submit" class=format!("btn btn-primary {}", css::wide) disabled=move || busy.get()>
                        {move || if busy.get() { t(Key::TrSending)() } else { t(Key::TrSubmit)() }}
                    </button>
                }.into_any(),
                Some(f) => {
                    let answer = right_answer(&q_for_answer, &f);
                    let (class, verdict) = if f.correct { (css::feedback_right, Key::TrCorrect) } else { (css::feedback_wrong, Key::TrIncorrect) };
                    view! {
                        <section class=format!("{} {class}", css::feedback) id="practice-feedback" tabindex="-1" aria-labelledby="practice-verdict">
                            <h2 id="practice-verdict">{t(verdict)}</h2>
                            <p><strong>{t(Key::TrRightAnswer)}</strong>" "{answer}</p>
                            <p><strong>{t(Key::TrExplanation)}</strong>" "{f.explanation.clone()}</p>
                        </section>
                        <button type="button" class=format!("btn btn-primary {}", css::wide) on:click=move |_| {
                            at.set(index + 1);
                            crate::components::form::focus(if last { "practice-done" } else { "practice-top" });
                        }>
                            {t(if last { Key::TrSeeSummary } else { Key::TrNextQuestion })}
                        </button>
                    }.into_any()
                }
            }}
            // back to the questions before, to read their feedback again
            {(index > 0).then(|| view! {
                <button type="button" class="btn" on:click=move |_| {
                    at.set(index - 1);
                    crate::components::form::focus("practice-top");
                }>{t(Key::TrPreviousQuestion)}</button>
            })}
        </form>
    }
}

/// `picked` in the order of the question's options (as the server keeps them): the ids of
/// the options of `question_id` chosen. The options' order is the screen's; the ids are what
/// counts, so the order only keeps the body the same for a retry.
fn question_options(_question_id: &str, picked: &[String]) -> Vec<String> {
    let mut ids = picked.to_vec();
    ids.sort();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use contract::QuizOption;

    use super::*;

    #[test]
    fn opens_on_the_first_question_not_answered() {
        assert_eq!(first_open(&[true, true, false, false, false]), 2);
        assert_eq!(first_open(&[false; 5]), 0);
        assert_eq!(first_open(&[true; 5]), 5, "all answered: the summary");
    }

    #[test]
    fn choosing_options() {
        let none: Vec<String> = Vec::new();
        assert_eq!(choose(&none, "a", true, false), ["a"]);
        assert_eq!(choose(&["a".to_string()], "b", true, false), ["b"], "a radio replaces");
        let two = choose(&choose(&none, "a", true, true), "c", true, true);
        assert_eq!(two, ["a", "c"]);
        assert_eq!(choose(&two, "a", false, true), ["c"]);
        assert_eq!(question_options("q", &["c".into(), "a".into(), "c".into()]), ["a", "c"]);
    }

    #[test]
    fn the_right_answer_and_the_score_in_words() {
        let q = QuizQuestion {
            id: "q1".into(),
            options: vec![
                QuizOption { id: "b".into(), text: "乙".into() },
                QuizOption { id: "a".into(), text: "甲".into() },
                QuizOption { id: "c".into(), text: "丙".into() },
            ],
            ..Default::default()
        };
        let f = QuizFeedback { correct_option_ids: vec!["a".into(), "b".into()], correct: true, ..Default::default() };
        assert_eq!(right_answer(&q, &f), "乙；甲", "in the order shown");
        let wrong = QuizFeedback { correct: false, ..Default::default() };
        assert_eq!(score_text(&[Some(f.clone()), Some(wrong), None, Some(f), None], Lang::Zh), "今日答对 2/5 题");
    }
}
