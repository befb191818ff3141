//! 数字素养自测 (`/training/self-check`): a few questions about one's own digital habits, one
//! per screen with big options, then the recommended level (入门 or 进阶) with the server's
//! one-line reason and a link to that level's courses. Someone who took it before sees their
//! last result first, and may take it again.

use contract::{NewSelfCheck, SelfCheck, SelfCheckAnswer, SelfCheckQuestion, SelfCheckResult};
use leptos::prelude::*;

use super::{css, failed, level_label, list_href, LearnerOnly};
use crate::api::{self, endpoints, Canceller};
use crate::components::shell::TopBar;
use crate::components::states::SkeletonDetail;
use crate::format;
use crate::i18n::{fill, lang, t, ErrorText, Key};
use crate::state::loader::Loader;

/// The answers so far as the request's list (questions not answered are left out: the
/// contract's rule then says which).
pub fn answers(questions: &[SelfCheckQuestion], chosen: &[Option<String>]) -> NewSelfCheck {
    NewSelfCheck {
        answers: questions
            .iter()
            .zip(chosen)
            .filter_map(|(q, c)| c.clone().map(|option_id| SelfCheckAnswer { question_id: q.id.clone(), option_id }))
            .collect(),
    }
}

#[component]
pub fn SelfCheckPage() -> impl IntoView {
    view! { <LearnerOnly title=Key::TrSelfCheckTitle back_to="/training"><SelfCheckLoaded/></LearnerOnly> }
}

/// The questions, loaded.
#[component]
fn SelfCheckLoaded() -> impl IntoView {
    let loaded = Loader::new(endpoints::self_check);
    let retry = Callback::new(move |_| loaded.refetch());
    let title = t(Key::TrSelfCheckTitle);
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/training"/>
        {move || {
            match loaded.get() {
                None => view! { <SkeletonDetail/> }.into_any(),
                Some(Err(e)) => failed(e, retry),
                Some(Ok(c)) if c.questions.is_empty() => view! {
                    <div class=css::note role="status"><p>{t(Key::TrSelfCheckEmpty)}</p></div>
                }.into_any(),
                Some(Ok(c)) => view! { <Check check=c/> }.into_any(),
            }
        }}
    }
}

#[component]
fn Check(check: SelfCheck) -> impl IntoView {
    let lang = lang();
    let questions = StoredValue::new(check.questions.clone());
    let total = check.questions.len();
    let result = RwSignal::new(check.result.clone());
    let taking = RwSignal::new(check.result.is_none());
    let at = RwSignal::new(0usize);
    let chosen = RwSignal::new(vec![None::<String>; total]);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let send = move || {
        let body = questions.with_value(|qs| answers(qs, &chosen.get_untracked()));
        if let Err(_) = questions.with_value(|qs| body.validate(qs)) {
            error.set(Some(lang.get_untracked().text(Key::TrSelfCheckAnswerAll).to_string()));
            return;
        }
        busy.set(true);
        error.set(None);
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let r = api::send(endpoints::take_self_check(), &body, None, &c).await;
            busy.try_set(false);
            match r {
                Ok(r) => {
                    result.try_set(Some(r));
                    taking.try_set(false);
                    crate::components::form::focus("self-check-result");
                }
                Err(e) => {
                    error.try_set(Some(e.message(lang.get_untracked())));
                }
            }
        });
    };
    let again = move |_| {
        chosen.set(vec![None; total]);
        at.set(0);
        taking.set(true);
    };
    move || {
        if !taking.get() {
            if let Some(r) = result.get() {
                return view! { <ResultView result=r/> <p class=css::detail><button type="button" class="btn" on:click=again>{t(Key::TrSelfCheckAgain)}</button></p> }.into_any();
            }
        }
        let i = at.get();
        let q = questions.with_value(|qs| qs[i.min(total - 1)].clone());
        let last = i + 1 >= total;
        let counter = (i + 1).to_string();
        let total_text = total.to_string();
        let group = format!("sc-{}", q.id);
        let options = q
            .options
            .iter()
            .map(|o| {
                let input_id = format!("{group}-{}", o.id);
                let label_for = input_id.clone();
                let (oid, checked_id) = (o.id.clone(), o.id.clone());
                view! {
                    <li>
                        <label class=css::option for=label_for>
                            <input
                                type="radio"
                                id=input_id
                                name=group.clone()
                                value=oid.clone()
                                prop:checked=move || chosen.with(|c| c[i].as_deref() == Some(checked_id.as_str()))
                                on:change=move |_| {
                                    chosen.update(|c| c[i] = Some(oid.clone()));
                                    error.set(None);
                                }
                            />
                            <span class=css::option_text>{o.text.clone()}</span>
                        </label>
                    </li>
                }
            })
            .collect_view();
        let send = send.clone();
        let forward = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if chosen.with_untracked(|c| c[i].is_none()) {
                error.set(Some(lang.get_untracked().text(Key::TrChooseFirst).to_string()));
                return;
            }
            if last {
                send();
            } else {
                at.set(i + 1);
                crate::components::form::focus("self-check-top");
            }
        };
        view! {
            <form class=css::detail on:submit=forward novalidate>
                {(i == 0).then(|| view! { <p class=css::line>{t(Key::TrSelfCheckIntro)}</p> })}
                <p class=css::kicker id="self-check-top" tabindex="-1">
                    {move || fill(lang.get().text(Key::TrQuestionOf), &[("n", &counter), ("total", &total_text)])}
                </p>
                <fieldset class=css::question>
                    <legend><span class=css::question_text>{q.text.clone()}</span></legend>
                    <ul class=css::options>{options}</ul>
                </fieldset>
                <div role="alert">{move || error.get().map(|m| view! { <p class=css::error>{m}</p> })}</div>
                <div class=css::pager>
                    {(i > 0).then(|| view! {
                        <button type="button" class="btn" on:click=move |_| at.set(i - 1)>{t(Key::TrPreviousQuestion)}</button>
                    })}
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                        {move || t(if busy.get() { Key::TrSending } else if last { Key::TrSelfCheckSubmit } else { Key::TrNextQuestion })()}
                    </button>
                </div>
            </form>
        }
        .into_any()
    }
}

#[component]
fn ResultView(result: SelfCheckResult) -> impl IntoView {
    let lang = lang();
    let level = result.level;
    let name = move || lang.get().text(level_label(level)).to_string();
    let href = list_href(Some(level.as_str()), None);
    let score = (result.score.to_string(), result.max_score.to_string());
    let taken = result.taken_at.clone();
    view! {
        <section class=css::detail aria-labelledby="self-check-result">
            <h2 id="self-check-result" class=css::title tabindex="-1">
                {move || fill(lang.get().text(Key::TrRecommended), &[("level", &name())])}
            </h2>
            <p class=css::score>{move || fill(lang.get().text(Key::TrSelfCheckScore), &[("n", &score.0), ("max", &score.1)])}</p>
            <p>{result.reason.clone()}</p>
            <p class=css::line>{move || fill(lang.get().text(Key::TrSelfCheckTaken), &[("date", &format::date(&taken, lang.get()))])}</p>
            <a class=format!("btn btn-primary {}", css::wide) href=crate::paths::to(&href)>
                {move || fill(lang.get().text(Key::TrSeeLevel), &[("level", &name())])}
            </a>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use contract::SelfCheckOption;

    use super::*;

    #[test]
    fn the_answers_so_far_follow_the_contracts_rule() {
        let q = |id: &str| SelfCheckQuestion {
            id: id.into(),
            text: id.into(),
            options: vec![SelfCheckOption { id: "a".into(), text: "不会".into() }, SelfCheckOption { id: "b".into(), text: "会".into() }],
        };
        let qs = vec![q("q1"), q("q2")];
        let half = answers(&qs, &[Some("b".into()), None]);
        assert_eq!(half.answers.len(), 1);
        assert!(half.validate(&qs).is_err(), "every question must be answered");
        let all = answers(&qs, &[Some("b".into()), Some("a".into())]);
        assert_eq!(all.answers[1], SelfCheckAnswer { question_id: "q2".into(), option_id: "a".into() });
        assert!(all.validate(&qs).is_ok());
    }
}
