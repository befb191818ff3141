//! 办理计划 (plan steps of a major issue): the steps with their due dates, ticking one done,
//! adding one.

use contract::{NewPlanStep, StepDone, STEP_TITLE_MAX, STEP_TITLE_MIN};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use contract::civil::{date_string, end_of_day_rfc3339, parse_date};
use super::rules::{check_due_date, check_len, local_errors, Invalid};
use super::{css, form_block, Form, Panel};
use crate::api::endpoints;
use crate::components::form::{focus_first_invalid, form_of, Control, Errors, Field, FormError};
use crate::format;
use crate::i18n::{fill, lang, t, Key};

/// The end of local day `date` in this browser's time zone (daylight saving included).
fn end_of_local_day(date: &str) -> Option<String> {
    let (y, m, d) = parse_date(date)?;
    let day = js_sys::Date::new_with_year_month_day_hr_min_sec(y as u32, m as i32 - 1, d as i32, 23, 59, 59);
    let offset = day.get_timezone_offset();
    if offset.is_nan() {
        return None;
    }
    end_of_day_rfc3339(date, offset as i32)
}

/// Today's local date, `YYYY-MM-DD`.
fn today() -> String {
    let now = js_sys::Date::new_0();
    date_string(i64::from(now.get_full_year()), now.get_month() + 1, now.get_date())
}

/// A UI string with its placeholders filled, in the language of the moment.
fn text_of(key: Key, args: &[(&str, &str)]) -> String {
    fill(lang().get_untracked().text(key), args)
}

pub(super) fn form(p: Panel) -> AnyView {
    let lang = lang();
    let title = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let errs = Errors::new();
    let today = today();
    let min = today.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let lang = lang.get_untracked();
        let name = title.get_untracked().trim().to_string();
        let date = due.get_untracked();
        let due_at = end_of_local_day(&date);
        let date_check = check_due_date(&date, &today).or(due_at.is_none().then_some(Invalid::BadDate));
        let local = local_errors(&[("title", check_len(&name, STEP_TITLE_MIN, STEP_TITLE_MAX)), ("due_at", date_check)], lang);
        let Some(due_at) = due_at.filter(|_| local.is_empty()) else {
            errs.set(local);
            focus_first_invalid(form_of(&ev));
            return;
        };
        let body = NewPlanStep { version: p.version(), title: name, due_at };
        p.send(
            errs,
            (endpoints::add_plan_step(&p.id()).with_body(&body), None),
            &["title", "due_at"],
            Box::new(|_, lang| lang.text(Key::WorkPlanAdded).to_string()),
            Box::new(move || {
                title.set(String::new());
                due.set(String::new());
            }),
        );
    };
    let tick_errs = Errors::new();
    let steps = move || {
        let plan = p.msg.with(|m| m.plan.clone());
        if plan.is_empty() {
            return view! { <p class=css::hint>{t(Key::WorkPlanEmpty)}</p> }.into_any();
        }
        view! {
            <ol class=css::steps>
                {plan
                    .into_iter()
                    .map(|step| {
                        let due = step.due_at.clone();
                        let done_at = step.done_at.clone();
                        let step_title = step.title.clone();
                        let step_id = step.id.clone();
                        let tick = move |_| {
                            let body = StepDone { version: p.version() };
                            p.send(
                                tick_errs,
                                (endpoints::plan_step_done(&p.id(), &step_id).with_body(&body), None),
                                &[],
                                Box::new(|_, lang| lang.text(Key::WorkPlanTicked).to_string()),
                                Box::new(|| {}),
                            );
                        };
                        let tick_label = step_title.clone();
                        view! {
                            <li class=if step.done { css::step_done } else { css::step }>
                                <span class=css::step_title>{if step.done { "✓ " } else { "" }}{step.title.clone()}</span>
                                <span class=css::hint>
                                    {match done_at.filter(|_| step.done) {
                                        Some(d) => text_of(Key::WorkPlanDoneAt, &[("date", &format::date(&d, lang.get_untracked()))]),
                                        None => text_of(Key::WorkPlanDue, &[("date", &format::date(&due, lang.get_untracked()))]),
                                    }}
                                    {(step.overdue && !step.done).then(|| view! { <strong class=css::overdue>" "{t(Key::WorkPlanOverdue)}</strong> })}
                                </span>
                                {(!step.done).then(|| view! {
                                    <button
                                        type="button"
                                        class="btn"
                                        aria-label=text_of(Key::WorkPlanTickLabel, &[("title", &tick_label)])
                                        disabled=move || p.busy.get()
                                        on:click=tick
                                    >
                                        {t(Key::WorkPlanTick)}
                                    </button>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };
    let due_field = Control::Input { kind: "date", value: due.into(), min: Some(min), autocomplete: None };
    form_block(Form {
        id: "hp-plan-title",
        title: Key::WorkPlanTitle,
        submit_label: Key::WorkPlanAdd,
        errs,
        busy: p.busy,
        on_submit: Callback::new(submit),
        before: Some(view! { {steps} <FormError errors=tick_errs/> }.into_any()),
        fields: view! {
            <Field id="hp-step-title" field="title" errors=errs label=Key::WorkPlanStepTitle control=Control::text(title)/>
            <Field id="hp-step-due" field="due_at" errors=errs label=Key::WorkPlanStepDue control=due_field/>
        }
        .into_any(),
    })
}
