//! The practical tasks of a test (平台实操): while the attempt is taken, each task's title,
//! summary, steps and "已操作 N 步" with 开始实操 / 继续实操 (its run is a practice run of the
//! attempt, handled in the message screen: `pages::training::sandbox::run`); in the result, each
//! task's mark, its steps done right (✓) or not (✗) and the checks with their explanations.

use contract::{AttemptTask, TaskResult};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{self, endpoints, Canceller};
use crate::i18n::{fill, lang, t, ErrorText, Key};
use crate::pages::training::sandbox::{run_href, sb, step_label, CheckList, StepList};

/// 实操题 of an attempt being taken.
#[component]
pub fn AttemptTasks(attempt_id: String, tasks: Vec<AttemptTask>) -> impl IntoView {
    let lang = lang();
    let items = tasks
        .into_iter()
        .enumerate()
        .map(|(i, task)| {
            let heading = format!("attempt-task-{i}");
            let labelled = heading.clone();
            let taken = task.steps_taken;
            let action = match task.run_id.clone() {
                Some(run) => view! { <a class="btn btn-primary" href=crate::paths::to(&run_href(&run))>{t(Key::SbTaskResume)}</a> }.into_any(),
                None => view! { <StartTask attempt_id=attempt_id.clone() case_id=task.case_id.clone()/> }.into_any(),
            };
            view! {
                <li class=sb::task aria-labelledby=labelled>
                    <h3 id=heading>{task.title.clone()}</h3>
                    <p>{task.summary.clone()}</p>
                    <StepList steps=task.steps.clone()/>
                    <p class=sb::small>{move || fill(lang.get().text(Key::SbTaskTaken), &[("n", &taken.to_string())])}</p>
                    {action}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class=sb::tasks aria-labelledby="attempt-tasks">
            <h2 id="attempt-tasks">{t(Key::SbTasksTitle)}</h2>
            <p class=sb::small>{t(Key::SbTasksHint)}</p>
            <ol class=sb::checks>{items}</ol>
        </section>
    }
}

/// 开始实操: starts the task's run (or answers it, once started) and goes to it.
#[component]
fn StartTask(attempt_id: String, case_id: String) -> impl IntoView {
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
        let (attempt, case, navigate) = (attempt_id.clone(), case_id.clone(), navigate.clone());
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::start_attempt_task(&attempt, &case), &(), None, &c).await;
            busy.try_set(false);
            match result {
                Ok(run) => navigate(&run_href(&run.id), Default::default()),
                Err(e) => {
                    error.try_set(Some(e.message(lang.get_untracked())));
                }
            }
        });
    };
    view! {
        <button type="button" class="btn btn-primary" disabled=move || busy.get() on:click=start>
            {move || if busy.get() { t(Key::SbStarting)() } else { t(Key::SbTaskStart)() }}
        </button>
        <div role="alert">{move || error.get().map(|m| view! { <p class=sb::error>{m}</p> })}</div>
    }
}

/// 实操题 of a submitted attempt: the mark, the steps right or not, the checks.
#[component]
pub fn TaskResults(tasks: Vec<TaskResult>) -> impl IntoView {
    let lang = lang();
    let items = tasks
        .into_iter()
        .enumerate()
        .map(|(i, task)| {
            let heading = format!("result-task-{i}");
            let labelled = heading.clone();
            let mark = task.mark.to_string();
            let steps = task
                .steps
                .iter()
                .map(|&s| {
                    let right = task.done.contains(&s);
                    let verdict = if right { format!("{} {}", sb::verdict, sb::ok) } else { format!("{} {}", sb::verdict, sb::bad) };
                    view! {
                        <li>{t(step_label(s))}" "<span class=verdict>{t(if right { Key::SbRight } else { Key::SbWrong })}</span></li>
                    }
                })
                .collect_view();
            view! {
                <li class=sb::task aria-labelledby=labelled>
                    <h3 id=heading>{task.title.clone()}</h3>
                    <p><strong>{move || fill(lang.get().text(Key::SbTaskMark), &[("n", &mark)])}</strong></p>
                    <p class=sb::small>{t(Key::SbTaskSteps)}</p>
                    <ul class=sb::task_steps>{steps}</ul>
                    {(!task.checks.is_empty()).then(|| view! {
                        <h4 class=sb::small>{t(Key::SbChecks)}</h4>
                        <CheckList checks=task.checks.clone()/>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class=sb::tasks aria-labelledby="result-tasks">
            <h2 id="result-tasks">{t(Key::SbTasksTitle)}</h2>
            <ol class=sb::checks>{items}</ol>
        </section>
    }
}
