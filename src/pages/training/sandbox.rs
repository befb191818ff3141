//! 模拟实操 (`/training/sandbox`, deputies and staff): the practice cases — simulated messages
//! to handle with the real handling steps — each with its track, the steps it asks for as a
//! short numbered list of plain words (接手 → 答复 → 办结), how often the viewer got them all
//! right, and 开始练习 / 继续练习. A run (`run`, `/training/sandbox/:id`) is the message
//! screen itself in practice mode, with the practice banner, the checklist of steps and each
//! step's check. The pieces here (step words, the checks newest first) also show the practical
//! tasks of a test (`pages::assessments::attempt`).

pub mod run;

use contract::{AttemptTask, PracticeCase, PracticeCheck, PracticeRun, PracticeStep};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{failed, LearnerOnly};
use crate::api::{self, endpoints, url, Canceller};
use crate::components::cards::track_label;
use crate::components::shell::TopBar;
use crate::components::states::{EmptyState, SkeletonList};
use crate::format;
use crate::i18n::{fill, lang, t, ErrorText, Key, Lang};
use crate::state::loader::Loader;

stylance::import_crate_style!(pub sb, "src/pages/training/sandbox.module.css");

/// A step in plain words; one a newer backend adds gets a neutral word.
pub fn step_label(s: PracticeStep) -> Key {
    match s {
        PracticeStep::Accept => Key::SbStepAccept,
        PracticeStep::Reply => Key::SbStepReply,
        PracticeStep::Plan => Key::SbStepPlan,
        PracticeStep::FinishPlan => Key::SbStepFinishPlan,
        PracticeStep::Resolve => Key::SbStepResolve,
        PracticeStep::Unknown => Key::SbStepOther,
    }
}

/// "已完成 2 次", or "还没练过".
pub fn completed_text(n: u32, lang: Lang) -> String {
    if n == 0 {
        lang.text(Key::SbNever).to_string()
    } else {
        fill(lang.text(Key::SbCompleted), &[("n", &n.to_string())])
    }
}

/// A run's address (`/training/sandbox/:id`: a route of the same shape as a course's costs the
/// first load less than `…/runs/:id`).
pub fn run_href(id: &str) -> String {
    format!("/training/sandbox/{}", url::encode_component(id))
}

/// A check's verdict in a word (text, not colour only): 正确, 需改进, or 已记录 while the
/// verdict is kept until a test is submitted.
pub fn verdict_label(ok: Option<bool>) -> Key {
    match ok {
        Some(true) => Key::SbRight,
        Some(false) => Key::SbWrong,
        None => Key::SbPending,
    }
}

/// The announcement of a check: "✓ 答复：做得对。" and its explanation when there is one.
pub fn verdict_text(check: &PracticeCheck, lang: Lang) -> String {
    let key = match check.ok {
        Some(true) => Key::SbVerdictRight,
        Some(false) => Key::SbVerdictWrong,
        None => Key::SbVerdictRecorded,
    };
    let head = fill(lang.text(key), &[("step", lang.text(step_label(check.step)))]);
    match check.explanation.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => format!("{head}{e}"),
        None => head,
    }
}

/// Where a step of a run stands on its checklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepMark {
    /// Done right (practice).
    Done,
    /// Taken, its verdict kept until the test is submitted.
    Taken,
    NotYet,
}

/// Each step of the run with its mark: done by `done`; in a test's run (no verdicts yet) a step
/// with a check is taken.
pub fn step_marks(run: &PracticeRun) -> Vec<(PracticeStep, StepMark)> {
    run.steps
        .iter()
        .map(|&s| {
            let mark = if run.done.contains(&s) {
                StepMark::Done
            } else if run.attempt_id.is_some() && run.checks.iter().any(|c| c.step == s) {
                StepMark::Taken
            } else {
                StepMark::NotYet
            };
            (s, mark)
        })
        .collect()
}

/// A practice run over with every step right: time for 练习完成.
pub fn finished(run: &PracticeRun) -> bool {
    run.attempt_id.is_none() && !run.open && !run.steps.is_empty() && run.steps.iter().all(|s| run.done.contains(s))
}

/// The checks, newest first.
pub fn newest_first(checks: &[PracticeCheck]) -> Vec<PracticeCheck> {
    checks.iter().rev().cloned().collect()
}

/// The check to announce when the run was loaded again: the newest, if the same run has more
/// checks than `before` (its id and how many checks it had).
pub fn fresh_check<'a>(before: Option<&(String, usize)>, run: &'a PracticeRun) -> Option<&'a PracticeCheck> {
    let (id, n) = before?;
    (*id == run.id && run.checks.len() > *n).then(|| run.checks.last()).flatten()
}

/// The tasks of an attempt not started yet.
pub fn not_started(tasks: &[AttemptTask]) -> Vec<&AttemptTask> {
    tasks.iter().filter(|t| t.run_id.is_none() && t.steps_taken == 0).collect()
}

/// The steps a case asks for, a short numbered list (接手 → 答复 → 办结).
#[component]
pub fn StepList(steps: Vec<PracticeStep>) -> impl IntoView {
    let label = t(Key::SbStepsLabel);
    view! {
        <ol class=sb::steps aria-label=label>
            {steps.into_iter().map(|s| view! { <li>{t(step_label(s))}</li> }).collect_view()}
        </ol>
    }
}

/// The checks of a run, newest first, each with its verdict in words and its explanation as
/// the server wrote it.
#[component]
pub fn CheckList(checks: Vec<PracticeCheck>) -> impl IntoView {
    let lang = lang();
    view! {
        <ol class=sb::checks>
            {newest_first(&checks).into_iter().map(|c| {
                let class = match c.ok {
                    Some(true) => format!("{} {}", sb::verdict, sb::ok),
                    Some(false) => format!("{} {}", sb::verdict, sb::bad),
                    None => sb::verdict.to_string(),
                };
                let (at, when) = (c.at.clone(), c.at.clone());
                view! {
                    <li class=sb::check>
                        <p class=sb::check_head>
                            <span class=class>{t(verdict_label(c.ok))}</span>
                            <strong>{t(step_label(c.step))}</strong>
                            <time class=sb::small datetime=at>{move || format::date_time(&when, lang.get())}</time>
                        </p>
                        {c.explanation.clone().map(|e| view! { <p class=sb::explanation>{e}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
pub fn SandboxCases() -> impl IntoView {
    let title = t(Key::SbTitle);
    // (loaded only for those who may learn: nobody else is sent to a 403)
    view! {
        <LearnerOnly title=Key::SbTitle back_to="/training">
            <TopBar title=Signal::derive(move || title().to_string()) back_to="/training"/>
            <Cases/>
        </LearnerOnly>
    }
}

#[component]
fn Cases() -> impl IntoView {
    let cases = Loader::new(endpoints::practice_cases);
    let retry = Callback::new(move |_| cases.refetch());
    let empty = t(Key::SbEmpty);
    view! {
        {move || {
            let list = match cases.get() {
                None => view! { <SkeletonList count=3/> }.into_any(),
                Some(Err(e)) => failed(e, retry),
                Some(Ok(page)) if page.items.is_empty() => {
                    view! { <EmptyState message=Signal::derive(move || empty().to_string())/> }.into_any()
                }
                Some(Ok(page)) => view! {
                    <h2 class="visually-hidden">{t(Key::SbCases)}</h2>
                    <ul class=sb::list>
                        {page.items.into_iter().map(|c| view! { <li><CaseCard case=c/></li> }).collect_view()}
                    </ul>
                }
                .into_any(),
            };
            view! {
                <p class=sb::intro>{t(Key::SbIntro)}</p>
                {list}
            }
            .into_any()
        }}
    }
}

#[component]
fn CaseCard(case: PracticeCase) -> impl IntoView {
    let lang = lang();
    let done = case.completed_runs;
    let title_id = format!("sb-case-{}", case.id);
    let labelled = title_id.clone();
    let action = match case.open_run_id.clone() {
        Some(run) => view! { <a class="btn btn-primary" href=crate::paths::to(&run_href(&run))>{t(Key::SbResume)}</a> }.into_any(),
        None => view! { <StartButton case_id=case.id.clone()/> }.into_any(),
    };
    view! {
        <article class=sb::card aria-labelledby=labelled>
            <h3 id=title_id class=sb::card_title>{case.title.clone()}</h3>
            <p class=sb::line>
                <span class=sb::badge>{t(track_label(case.track))}</span>
                <span>{move || completed_text(done, lang.get())}</span>
            </p>
            <p class=sb::summary>{case.summary.clone()}</p>
            <StepList steps=case.steps.clone()/>
            {action}
        </article>
    }
}

/// 开始练习 (and 再练一次): starts a run of the case (the server answers the run under way
/// when there is one) and goes to it.
#[component]
pub fn StartButton(case_id: String, #[prop(optional)] again: bool) -> impl IntoView {
    let lang = lang();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let start = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (id, navigate) = (case_id.clone(), navigate.clone());
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::start_practice_run(&id), &(), None, &c).await;
            busy.try_set(false);
            match result {
                Ok(run) => navigate(&run_href(&run.id), Default::default()),
                Err(e) => {
                    error.try_set(Some(e.message(lang.get_untracked())));
                }
            }
        });
    };
    let label = if again { Key::SbAgain } else { Key::SbStart };
    view! {
        <button type="button" class="btn btn-primary" disabled=move || busy.get() on:click=start>
            {move || if busy.get() { t(Key::SbStarting)() } else { t(label)() }}
        </button>
        <div role="alert">{move || error.get().map(|m| view! { <p class=sb::error>{m}</p> })}</div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PracticeStep as S;

    fn check(step: PracticeStep, ok: Option<bool>, why: Option<&str>) -> PracticeCheck {
        PracticeCheck { step, at: "2026-12-01T08:00:00Z".into(), ok, explanation: why.map(str::to_string) }
    }

    fn run(steps: &[PracticeStep], done: &[PracticeStep], open: bool, attempt: bool) -> PracticeRun {
        PracticeRun {
            id: "r1".into(),
            steps: steps.to_vec(),
            done: done.to_vec(),
            open,
            attempt_id: attempt.then(|| "at_1".to_string()),
            ..PracticeRun::default()
        }
    }

    #[test]
    fn steps_read_in_plain_words() {
        assert_eq!(Lang::Zh.text(step_label(S::Accept)), "接手");
        assert_eq!(Lang::Zh.text(step_label(S::Reply)), "答复");
        assert_eq!(Lang::Zh.text(step_label(S::Resolve)), "办结");
        assert_eq!(Lang::Zh.text(step_label(S::FinishPlan)), "完成计划");
        assert_eq!(step_label(S::parse("sing").unwrap_or_default()), Key::SbStepOther);
        assert_eq!(completed_text(0, Lang::Zh), "还没练过");
        assert_eq!(completed_text(3, Lang::Zh), "已完成 3 次");
        assert_eq!(run_href("run 1"), "/training/sandbox/run%201");
    }

    #[test]
    fn the_checklist_marks_steps_done_right_and_in_a_test_those_taken() {
        let mut r = run(&[S::Accept, S::Reply, S::Resolve], &[S::Accept], true, false);
        r.checks = vec![check(S::Accept, Some(true), None), check(S::Reply, Some(false), Some("太短"))];
        assert_eq!(step_marks(&r), [(S::Accept, StepMark::Done), (S::Reply, StepMark::NotYet), (S::Resolve, StepMark::NotYet)]);
        // a test's run: no verdicts, so nothing is done; a step with a check was taken
        let mut t = run(&[S::Accept, S::Reply, S::Resolve], &[], true, true);
        t.checks = vec![check(S::Accept, None, None)];
        assert_eq!(step_marks(&t)[0], (S::Accept, StepMark::Taken));
        assert_eq!(step_marks(&t)[1], (S::Reply, StepMark::NotYet));
    }

    #[test]
    fn a_practice_is_finished_when_closed_with_every_step_right() {
        let all = [S::Accept, S::Reply, S::Resolve];
        assert!(finished(&run(&all, &[S::Resolve, S::Accept, S::Reply], false, false)));
        assert!(!finished(&run(&all, &all, true, false)), "still open");
        assert!(!finished(&run(&all, &[S::Accept], false, false)), "a step missing");
        assert!(!finished(&run(&all, &all, false, true)), "a test's task is not a practice");
        assert!(!finished(&run(&[], &[], false, false)));
    }

    #[test]
    fn verdicts_are_said_in_words_with_the_servers_explanation() {
        let right = check(S::Reply, Some(true), Some("答复说明了维修时间。"));
        assert_eq!(verdict_text(&right, Lang::Zh), "✓ 答复：做得对。答复说明了维修时间。");
        let wrong = check(S::Resolve, Some(false), Some("办结前要先答复群众。"));
        assert_eq!(verdict_text(&wrong, Lang::Zh), "✗ 办结：需改进。办结前要先答复群众。");
        assert_eq!(verdict_text(&check(S::Accept, None, None), Lang::Zh), "接手：已记录。");
        assert_eq!(verdict_text(&check(S::Accept, Some(true), Some("  ")), Lang::En), "✓ Accept: right.");
        assert_eq!(Lang::Zh.text(verdict_label(Some(false))), "✗ 需改进");
    }

    #[test]
    fn the_newest_check_is_announced_only_when_the_same_run_has_more() {
        let mut r = run(&[S::Accept], &[], true, false);
        r.checks = vec![check(S::Accept, Some(false), None), check(S::Accept, Some(true), None)];
        assert_eq!(newest_first(&r.checks)[0].ok, Some(true));
        assert_eq!(fresh_check(Some(&("r1".into(), 1)), &r).map(|c| c.ok), Some(Some(true)));
        assert!(fresh_check(Some(&("r1".into(), 2)), &r).is_none(), "nothing new");
        assert!(fresh_check(Some(&("r0".into(), 0)), &r).is_none(), "another run (再练一次)");
        assert!(fresh_check(None, &r).is_none(), "the first load");
    }

    #[test]
    fn tasks_not_started() {
        let t = |run: Option<&str>, n: u32| AttemptTask { run_id: run.map(str::to_string), steps_taken: n, ..AttemptTask::default() };
        let tasks = [t(None, 0), t(Some("r"), 0), t(Some("r"), 2)];
        assert_eq!(not_started(&tasks).len(), 1);
    }
}
