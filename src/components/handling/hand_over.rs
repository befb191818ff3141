//! 转交 (hand-over): the message goes to a department, with the reason. Folded away until
//! wanted.

use contract::{HandOver, NOTE_MAX as REASON_MAX, REASON_MIN};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::choices::{departments_page, departments_path, ensure, select_field, Load, Select};
use super::rules::{check_len, local_errors, Invalid};
use super::{form_block, Fold, Form, Panel};
use crate::api::endpoints;
use crate::components::form::{focus_first_invalid, form_of, Control, Errors, Field};
use crate::i18n::{lang, Key};

pub(super) fn form(p: Panel) -> AnyView {
    let lang = lang();
    let dept = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errs = Errors::new();
    // Folded away (handing over is rare); the departments load when it is opened.
    let open = RwSignal::new(false);
    let load = move || ensure(p.departments, departments_path, departments_page, p.canceller.get_value());
    crate::state::effect(move || {
        if open.get() {
            load();
        }
    });
    let retry = Callback::new(move |_| {
        if matches!(p.departments.get_untracked(), Load::Failed(_)) {
            p.departments.set(Load::Idle);
        }
        load();
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let why = reason.get_untracked().trim().to_string();
        let department_id = dept.get_untracked();
        let local = local_errors(
            &[
                ("department_id", department_id.is_empty().then_some(Invalid::Required)),
                ("note", check_len(&why, REASON_MIN, REASON_MAX)),
            ],
            lang.get_untracked(),
        );
        if !local.is_empty() {
            errs.set(local);
            focus_first_invalid(form_of(&ev));
            return;
        }
        let body = HandOver { version: p.version(), department_id, note: why };
        p.send(
            errs,
            (endpoints::hand_over(&p.id()).with_body(&body), None),
            &["department_id", "note"],
            Box::new(|_, lang| lang.text(Key::WorkHandOverDone).to_string()),
            Box::new(move || {
                reason.set(String::new());
                dept.set(String::new());
                open.set(false);
            }),
        );
    };
    let select = select_field(Select {
        id: "hp-dept",
        label: Key::WorkHandOverDept,
        field: "department_id",
        choose: Key::WorkHandOverChoose,
        value: dept,
        errs,
        list: p.departments,
        retry,
        departments: None,
    });
    form_block(Form {
        id: "hp-hand-over-title",
        title: Key::WorkHandOverTitle,
        submit_label: Key::WorkHandOverSubmit,
        errs,
        busy: p.busy,
        on_submit: Callback::new(submit),
        before: None,
        fold: Fold::Heading,
        open,
        fields: view! {
            {select}
            <Field id="hp-reason" field="note" errors=errs label=Key::WorkHandOverReason control=Control::area("3", reason) max=REASON_MAX/>
        }
        .into_any(),
        draft: false,
    })
}
