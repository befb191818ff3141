//! What a handler (deputy, staff) can do on a message page: triage, reply, status, plan
//! steps, hand-over, internal notes — driven only by the message's `can` permissions (the server decides who
//! may do what; the app never guesses from roles).
//!
//! Every action posts to the contract's endpoint with the `version` the panel last saw; the
//! answer (the updated message) replaces the panel's copy and goes to `on_change`. A 409 says
//! someone else changed the message first (with a button to refresh), a 400 puts the server's
//! messages at their fields, a 403 says the user may not, and a network failure keeps what was
//! typed. The rules (validation, dates, which controls show) are plain functions with native
//! tests in [`rules`] (the civil dates are `contract::civil`, shared with the server).
//!
//! In practice mode (`practice`, 模拟实操) the same forms act on a practice run: every action
//! goes to the run's mirror of the endpoint (`/training/sandbox/runs/{id}/…`, a run's message id
//! is the run's id), the lists of the handler's work are left alone, and saved replies can be
//! used but not saved or changed from there.
//!
//! This file holds the panel and what its forms share; each form is a file of its own.

mod choices;
mod hand_over;
mod note;
mod plan;
mod reply;
pub mod rules;
mod status;
mod triage;

use std::cell::RefCell;

use contract::{Message, NewPlanStep, NewReply, StatusChange, StepDone};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use self::choices::Load;
use self::rules::{controls, Controls};
use crate::api::{self, endpoints, ApiError, Canceller, Prepared};
use crate::components::form::{api_errors, Errors, FormError};
use crate::i18n::{lang, t, ErrorText, Key, Lang};
use crate::state::lists;
use crate::state::session::SessionState;

stylance::import_crate_style!(pub css, "src/components/handling.module.css");

// ---------------------------------------------------------------------------
// Panel state and the one way actions are sent
// ---------------------------------------------------------------------------

/// The announcement of a successful action, from the updated message.
type Done = Box<dyn Fn(&Message, Lang) -> String>;

#[derive(Clone, Copy)]
struct Panel {
    msg: RwSignal<Message>,
    busy: RwSignal<bool>,
    /// Result of the last action, announced (role=status).
    announce: RwSignal<String>,
    conflict: RwSignal<bool>,
    /// Error of a refresh after a conflict.
    refresh_error: RwSignal<Option<String>>,
    on_change: Callback<Message>,
    canceller: StoredValue<Canceller, LocalStorage>,
    categories: RwSignal<Load>,
    deputies: RwSignal<Load>,
    departments: RwSignal<Load>,
    /// A practice run (模拟实操): the sandbox's endpoints, nothing of the real work touched.
    practice: bool,
}

/// An action of the panel, sent with the message's answer.
type Action<Req> = api::endpoints::Endpoint<Req, Message>;

thread_local! {
    /// The last announcement, by message id: the message page may build a new panel for the
    /// updated message, which then repeats what was done.
    /// (message id, text, when in ms).
    static LAST: RefCell<Option<(String, String, f64)>> = const { RefCell::new(None) };
}

fn user_id() -> Option<String> {
    use_context::<SessionState>().and_then(|s| s.user_id_untracked())
}

impl Panel {
    fn id(self) -> String {
        self.msg.with_untracked(|m| m.id.clone())
    }

    fn version(self) -> u32 {
        self.msg.with_untracked(|m| m.version)
    }

    /// The endpoint of an action: the real one, or the practice run's mirror of it.
    fn pick<Req>(self, real: fn(&str) -> Action<Req>, practice: fn(&str) -> Action<Req>) -> Action<Req> {
        let id = self.id();
        if self.practice { practice(&id) } else { real(&id) }
    }

    fn reply_endpoint(self) -> Action<NewReply> {
        self.pick(endpoints::reply, endpoints::practice_reply)
    }

    fn status_endpoint(self) -> Action<StatusChange> {
        self.pick(endpoints::set_status, endpoints::practice_status)
    }

    fn plan_endpoint(self) -> Action<NewPlanStep> {
        self.pick(endpoints::add_plan_step, endpoints::practice_add_plan_step)
    }

    fn step_done_endpoint(self, step_id: &str) -> Action<StepDone> {
        let id = self.id();
        if self.practice { endpoints::practice_plan_step_done(&id, step_id) } else { endpoints::plan_step_done(&id, step_id) }
    }

    fn message_endpoint(self) -> Action<()> {
        self.pick(endpoints::message, endpoints::practice_message)
    }

    /// `user`: the signed-in user's id, read when the action started (contexts are not at
    /// hand once the answer arrives).
    fn landed(self, m: Message, text: String, user: Option<String>) {
        LAST.with(|l| *l.borrow_mut() = Some((m.id.clone(), text.clone(), js_sys::Date::now())));
        // (a practice run is in no list of the handler's work)
        if let Some(uid) = user.filter(|_| !self.practice) {
            lists::forget_work(&uid);
        }
        self.conflict.set(false);
        self.msg.set(m.clone());
        self.announce.set(text);
        self.on_change.run(m);
    }

    /// Sends `request` (with `key`, if any); `fields` are the request fields the form shows errors at;
    /// `after` runs on success (clearing the form), before `on_change`.
    fn send(
        self,
        errs: Errors,
        (request, key): (Prepared<Message>, Option<String>),
        fields: &'static [&'static str],
        done: Done,
        after: Box<dyn FnOnce()>,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        let lang = lang().get_untracked();
        self.busy.set(true);
        errs.set(Vec::new());
        self.announce.set(lang.text(Key::WorkBusy).to_string());
        let c = self.canceller.get_value();
        let user = user_id();
        leptos::task::spawn_local(async move {
            let result = api::send_prepared(request, key.as_deref(), &c).await;
            if c.is_cancelled() {
                return;
            }
            self.busy.set(false);
            self.announce.set(String::new());
            match result {
                Ok(m) => {
                    let text = done(&m, lang);
                    after();
                    self.landed(m, text, user);
                }
                Err(ApiError::Aborted) => {}
                Err(ApiError::Http { status: 409, .. }) => self.conflict.set(true),
                Err(ApiError::Http { status: 403, .. }) => {
                    errs.set(vec![(String::new(), lang.text(Key::WorkNoPermission).to_string())]);
                }
                Err(e @ ApiError::Http { status: 400 | 422, .. }) => {
                    errs.set(api_errors(&e, lang, &|f| fields.iter().find(|x| **x == f).copied()));
                }
                Err(e) => errs.set(vec![(String::new(), e.message(lang))]),
            }
        });
    }

    /// Loads the message again (after a conflict) and hands it on.
    fn refresh(self) {
        if self.busy.get_untracked() {
            return;
        }
        let lang = lang().get_untracked();
        self.busy.set(true);
        self.refresh_error.set(None);
        let c = self.canceller.get_value();
        leptos::task::spawn_local(async move {
            let result = api::fetch(self.message_endpoint(), &c).await;
            if c.is_cancelled() {
                return;
            }
            self.busy.set(false);
            match result {
                Ok(m) => {
                    self.conflict.set(false);
                    self.msg.set(m.clone());
                    self.on_change.run(m);
                }
                Err(e) => self.refresh_error.set(Some(e.message(lang))),
            }
        });
    }
}


// ---------------------------------------------------------------------------
// The panel
// ---------------------------------------------------------------------------

/// The handler's actions for `message`; `on_change` receives the message as the backend
/// answers after an action. `practice`: `message` is that of a practice run (模拟实操).
#[component]
pub fn HandlingPanel(
    message: Message,
    #[prop(into)] on_change: Callback<Message>,
    #[prop(optional)] practice: bool,
) -> impl IntoView {
    let id = message.id.clone();
    // Only just now (the page rebuilt the panel for the answer), not from an earlier visit.
    let last = LAST
        .with(|l| l.borrow_mut().take())
        .filter(|(m, _, at)| *m == id && js_sys::Date::now() - at < 5_000.0)
        .map(|(_, text, _)| text);
    let p = Panel {
        msg: RwSignal::new(message),
        busy: RwSignal::new(false),
        announce: RwSignal::new(last.unwrap_or_default()),
        conflict: RwSignal::new(false),
        refresh_error: RwSignal::new(None),
        on_change,
        canceller: StoredValue::new_local(Canceller::for_owner()),
        categories: RwSignal::new(Load::Idle),
        deputies: RwSignal::new(Load::Idle),
        departments: RwSignal::new(Load::Idle),
        practice,
    };
    let shown = Memo::new(move |_| p.msg.with(|m| controls(&m.can)));
    // One closure type for every section (each is rebuilt only when it comes or goes).
    let section = move |on: fn(&Controls) -> bool, build: fn(Panel) -> AnyView| {
        let visible = Memo::new(move |_| shown.with(on));
        move || visible.get().then(|| untrack(|| build(p)))
    };
    let any = Memo::new(move |_| shown.with(Controls::any));
    let conflict = move || {
        p.conflict.get().then(|| {
            view! {
                <div class=css::conflict role="alert">
                    <p class=css::conflict_title>{t(Key::WorkConflict)}</p>
                    <p>{t(Key::WorkConflictHint)}</p>
                    {move || p.refresh_error.get().map(|e| view! { <p>{e}</p> })}
                    <button type="button" class="btn btn-primary" disabled=move || p.busy.get() on:click=move |_| p.refresh()>
                        {t(Key::WorkRefresh)}
                    </button>
                </div>
            }
        })
    };
    view! {
        <div role="status" class=move || { if p.announce.with(String::is_empty) { "" } else { css::announce } }>
            {move || p.announce.get()}
        </div>
        {move || any.get().then(|| view! {
            <section class=css::panel aria-labelledby="hp-title">
                <h2 id="hp-title" class=css::panel_title>{t(Key::WorkPanelTitle)}</h2>
                {conflict}
                // What the handler does most comes first: (staff) triage, then the answer to the
                // citizen; the status; the plan; the hand-over, folded away (it is rare).
                {section(|c| c.triage, triage::form)}
                {section(|c| c.reply, reply::form)}
                {section(|c| !c.status.is_empty(), status::form)}
                {section(|c| c.plan, plan::form)}
                {section(|c| c.hand_over, hand_over::form)}
                {section(|c| c.note, note::form)}
            </section>
        })}
    }
}

/// Whether a form of the panel shows at once or is folded away behind a disclosure button (one
/// primary button per form; the rare forms take no room until they are wanted).
pub(super) enum Fold {
    /// Shown.
    Open,
    /// The heading is the disclosure button (the whole section is folded).
    Heading,
    /// A disclosure button with this label, after `before` (what comes before stays shown).
    Below(Key),
}

/// A section of the panel with one form: heading, fields, errors of no field, submit button
/// (the form's one primary action).
struct Form {
    id: &'static str,
    title: Key,
    submit_label: Key,
    errs: Errors,
    busy: RwSignal<bool>,
    on_submit: Callback<SubmitEvent>,
    /// Shown between the heading and the form.
    before: Option<AnyView>,
    fields: AnyView,
    fold: Fold,
    /// Whether a folded form is open (closed again after it was sent).
    open: RwSignal<bool>,
    /// What is typed is kept as a draft (`data-draft`: an update of the app may reload the page).
    draft: bool,
}

/// A disclosure button: `aria-expanded` says whether `region` (an element id) is shown.
fn disclosure(label: Key, open: RwSignal<bool>, region: String) -> impl IntoView {
    view! {
        <button type="button" class=css::fold aria-expanded=move || if open.get() { "true" } else { "false" }
            aria-controls=region on:click=move |_| open.update(|o| *o = !*o)>
            <span class=css::chevron aria-hidden="true"></span>
            {t(label)}
        </button>
    }
}

fn form_block(f: Form) -> AnyView {
    let Form { id, title, submit_label, errs, busy, on_submit, before, fields, fold, open, draft } = f;
    let region = format!("{id}-form");
    let folded = !matches!(fold, Fold::Open);
    let heading = match fold {
        Fold::Heading => view! { <h3 id=id class=css::block_title>{disclosure(title, open, region.clone())}</h3> }.into_any(),
        _ => view! { <h3 id=id class=css::block_title>{t(title)}</h3> }.into_any(),
    };
    let button = match fold {
        Fold::Below(label) => Some(disclosure(label, open, region.clone())),
        _ => None,
    };
    view! {
        <section class=css::block aria-labelledby=id>
            {heading}
            {before}
            {button}
            <div id=region hidden=move || folded && !open.get()>
                <form class=css::form on:submit=move |ev| on_submit.run(ev) novalidate data-draft=draft.then_some("")>
                    {fields}
                    <FormError errors=errs/>
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{t(submit_label)}</button>
                </form>
            </div>
        </section>
    }
    .into_any()
}
