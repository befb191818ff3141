//! 办理计划 (plan steps of a major issue): the steps with their due dates, ticking one done,
//! adding one (folded away under 添加步骤 until wanted).
//!
//! The due date is chosen in the app's own words, not with the browser's date input (which
//! showed "mm/dd/yyyy" in a Chinese WeChat): quick choices (一周后 · 两周后 · 一个月后, each with
//! its date) or 自选日期 with three selects 年 / 月 / 日 — plain radio buttons and `<select>`s, which
//! every webview and screen reader knows. The date maths are `contract::civil` (in
//! `rules`); the day ends at 23:59:59 in this browser's time zone.

use contract::{NewPlanStep, StepDone, STEP_TITLE_MAX, STEP_TITLE_MIN};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use contract::civil::{date_string, end_of_day_rfc3339, parse_date};
use super::rules::{check_due_date, check_len, local_errors, quick_dates, weekday, with_part, Invalid};
use super::{css, form_block, Fold, Form, Panel};
use crate::components::form::{focus_first_invalid, form_of, Control, Errors, Field, FieldError, FormError};
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
    let open = RwSignal::new(false);
    let today = today();
    let picker_today = today.clone();
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
            (p.plan_endpoint().with_body(&body), None),
            &["title", "due_at"],
            Box::new(|_, lang| lang.text(Key::WorkPlanAdded).to_string()),
            Box::new(move || {
                title.set(String::new());
                due.set(String::new());
                open.set(false);
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
                                (p.step_done_endpoint(&step_id).with_body(&body), None),
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
    form_block(Form {
        id: "hp-plan-title",
        title: Key::WorkPlanTitle,
        submit_label: Key::WorkPlanSave,
        errs,
        busy: p.busy,
        on_submit: Callback::new(submit),
        before: Some(view! { {steps} <FormError errors=tick_errs/> }.into_any()),
        fold: Fold::Below(Key::WorkPlanAdd),
        open,
        fields: view! {
            <Field id="hp-step-title" field="title" errors=errs label=Key::WorkPlanStepTitle control=Control::text(title)/>
            {date_choice(due, picker_today, errs)}
        }
        .into_any(),
        draft: false,
    })
}

/// A date as people read it: `2026年12月11日 星期五` (`12/11/2026 (Fri)`).
fn spoken_date(date: &str, lang: crate::i18n::Lang) -> String {
    let Some((y, m, d)) = parse_date(date) else { return String::new() };
    let names = lang.text(Key::WorkDueWeekdays);
    let day = weekday(date).and_then(|w| names.split(',').nth(w)).unwrap_or_default();
    fill(lang.text(Key::WorkDueDate), &[("y", &y.to_string()), ("m", &m.to_string()), ("d", &d.to_string()), ("w", day)])
}

/// The due date: three quick choices and 自选日期 (年 / 月 / 日), into `due` (`YYYY-MM-DD`).
/// Its errors (field `due_at`) show under it; the first choice takes the focus for them.
fn date_choice(due: RwSignal<String>, today: String, errs: Errors) -> AnyView {
    let lang = lang();
    let quick = quick_dates(&today);
    let this_year = parse_date(&today).map_or(1970, |p| p.0);
    let quick_keys = [Key::WorkDueWeek, Key::WorkDueTwoWeeks, Key::WorkDueMonth];
    // Which choice is on: 0–2 a quick one, 3 自选日期 (none yet: `None`).
    let choice = RwSignal::new(None::<usize>);
    let invalid = move || if errs.has("due_at") { "true" } else { "false" };
    let described = move || errs.has("due_at").then_some("hp-step-due-error");
    let radio = {
        let quick = quick.clone();
        move |i: usize| {
            let date = if i < 3 { quick[i].clone() } else { None };
            let label = if i < 3 { quick_keys[i] } else { Key::WorkDueOwn };
            let shown = date.clone();
            let today = today.clone();
            view! {
                <label class=css::option>
                    <input type="radio" name="hp-step-due" id=(i == 0).then_some("hp-step-due")
                        aria-invalid=invalid aria-describedby=described
                        prop:checked=move || choice.get() == Some(i)
                        on:change=move |_| {
                            choice.set(Some(i));
                            match &date {
                                Some(d) => due.set(d.clone()),
                                // 自选日期 starts from the date chosen so far, or today
                                None if due.with_untracked(String::is_empty) => due.set(with_part("", &today, None, None, None)),
                                None => {}
                            }
                        }/>
                    <span class=css::option_text>
                        <strong>{t(label)}</strong>
                        {shown.map(|d| view! { <span class=css::hint>{move || spoken_date(&d, lang.get())}</span> })}
                    </span>
                </label>
            }
        }
    };
    let radios = (0..4).map(radio).collect_view();
    // 自选日期: 年 / 月 / 日. Years: this one and the next two (a plan runs for weeks).
    let select = move |part: Part| {
        let id = part.id();
        view! {
            <div class=css::date_part>
                <label for=id>{t(part.label())}</label>
                <select id=id class=crate::components::form::css::input
                    on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                            due.update(|d| *d = part.set(d, n));
                        }
                    }>
                    {move || {
                        let l = lang.get();
                        due.with(|d| {
                            let now = part.of(d);
                            part.options(d, this_year)
                                .into_iter()
                                .map(|n| view! { <option value=n.to_string() selected=n == now>{fill(l.text(part.option()), &[("n", &n.to_string())])}</option> })
                                .collect_view()
                        })
                    }}
                </select>
            </div>
        }
    };
    let own = move || {
        (choice.get() == Some(3)).then(|| view! {
            <div class=css::date_parts>{select(Part::Year)}{select(Part::Month)}{select(Part::Day)}</div>
        })
    };
    let chosen = move || {
        due.with(|d| (!d.is_empty()).then(|| fill(lang.get().text(Key::WorkDueChosen), &[("date", &spoken_date(d, lang.get()))])))
    };
    view! {
        <fieldset class=css::options>
            <legend>{t(Key::WorkPlanStepDue)}</legend>
            {radios}
        </fieldset>
        {own}
        <p class=css::chosen aria-live="polite">{chosen}</p>
        <FieldError errors=errs field="due_at" id="hp-step-due"/>
    }
    .into_any()
}

/// A part of a date chosen with its own `<select>`.
#[derive(Clone, Copy)]
enum Part {
    Year,
    Month,
    Day,
}

impl Part {
    fn id(self) -> &'static str {
        match self {
            Part::Year => "hp-due-year",
            Part::Month => "hp-due-month",
            Part::Day => "hp-due-day",
        }
    }

    fn label(self) -> Key {
        match self {
            Part::Year => Key::WorkDueYearLabel,
            Part::Month => Key::WorkDueMonthLabel,
            Part::Day => Key::WorkDueDayLabel,
        }
    }

    /// The text of an option (`{n}年`…).
    fn option(self) -> Key {
        match self {
            Part::Year => Key::WorkDueYear,
            Part::Month => Key::WorkDueMonthN,
            Part::Day => Key::WorkDueDay,
        }
    }

    /// This part of `date` (0 when it is not a date).
    fn of(self, date: &str) -> u32 {
        parse_date(date).map_or(0, |(y, m, d)| match self {
            Part::Year => y as u32,
            Part::Month => m,
            Part::Day => d,
        })
    }

    /// `date` with this part set to `n` (the day kept within the month).
    fn set(self, date: &str, n: u32) -> String {
        match self {
            Part::Year => with_part(date, date, Some(n as i32), None, None),
            Part::Month => with_part(date, date, None, Some(n), None),
            Part::Day => with_part(date, date, None, None, Some(n)),
        }
    }

    /// The choices: three years from `this_year`, 12 months, the days of `date`'s month.
    fn options(self, date: &str, this_year: i32) -> Vec<u32> {
        match self {
            Part::Year => (this_year..this_year + 3).map(|y| y as u32).collect(),
            Part::Month => (1..=12).collect(),
            Part::Day => {
                let (y, m) = parse_date(date).map_or((this_year, 1), |p| (p.0, p.1));
                (1..=contract::civil::days_in_month(i64::from(y), m)).collect()
            }
        }
    }
}
