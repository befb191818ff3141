//! 办理状态 (status): one button per status the handler may set now (secondary buttons: the
//! answer above is the panel's primary action); finishing the handling asks first.

use contract::{MessageStatus, StatusChange, NOTE_MAX};
use leptos::prelude::*;

use super::rules::{check_len, controls, invalid_text, needs_confirm};
use super::{css, Panel};
use crate::components::cards::message_status_label;
use crate::components::form::{Control, Errors, Field, FieldError, FormError};
use crate::i18n::{fill, lang, t, Key, Lang};

pub(super) fn form(p: Panel) -> AnyView {
    let lang = lang();
    let note = RwSignal::new(String::new());
    let pending = RwSignal::new(None::<MessageStatus>);
    let errs = Errors::new();
    let send = move |s: MessageStatus| {
        pending.set(None);
        let lang_now = lang.get_untracked();
        if let Some(i) = note.with_untracked(|n| check_len(n, 0, NOTE_MAX)) {
            errs.set(vec![("note".into(), invalid_text(i, lang_now))]);
            return;
        }
        let n = note.get_untracked().trim().to_string();
        let body = StatusChange { version: p.version(), status: s, note: (!n.is_empty()).then_some(n) };
        p.send(
            errs,
            (p.status_endpoint().with_body(&body), None),
            &["note", "status"],
            Box::new(move |m, lang| status_text(lang, Key::WorkStatusDone, m.status)),
            Box::new(move || note.set(String::new())),
        );
    };
    let buttons = move || {
        p.msg
            .with(|m| controls(&m.can).status)
            .into_iter()
            .map(|s| {
                // The answer is the panel's primary action: these are secondary, and those that
                // finish the handling look apart (and ask first).
                let finishing = needs_confirm(s);
                view! {
                    <button
                        type="button"
                        class=if finishing { format!("btn {}", css::finish) } else { "btn".to_string() }
                        disabled=move || p.busy.get()
                        on:click=move |_| if needs_confirm(s) { pending.set(Some(s)) } else { send(s) }
                    >
                        {status_text(lang.get_untracked(), Key::WorkStatusSet, s)}
                    </button>
                }
            })
            .collect_view()
    };
    let confirm = move || {
        pending.get().map(|s| {
            view! {
                <div class=css::confirm role="alertdialog" aria-labelledby="hp-confirm-text">
                    // in practice nobody is told: the question says so
                    <p id="hp-confirm-text">{status_text(lang.get_untracked(), if p.practice { Key::WorkStatusConfirmPractice } else { Key::WorkStatusConfirm }, s)}</p>
                    <div class=css::actions>
                        <button type="button" class="btn btn-primary" disabled=move || p.busy.get() on:click=move |_| send(s)>
                            {t(Key::WorkConfirm)}
                        </button>
                        <button type="button" class="btn" on:click=move |_| pending.set(None)>{t(Key::WorkCancel)}</button>
                    </div>
                </div>
            }
        })
    };
    let current = move || status_text(lang.get_untracked(), Key::WorkStatusCurrent, p.msg.with(|m| m.status));
    view! {
        <section class=css::block aria-labelledby="hp-status-title">
            <h3 id="hp-status-title" class=css::block_title>{t(Key::WorkStatusTitle)}</h3>
            <p class=css::hint>{current}</p>
            <Field id="hp-status-note" field="note" errors=errs label=Key::WorkStatusNote control=Control::text(note)/>
            <div class=css::actions>{buttons}</div>
            {confirm}
            <FieldError errors=errs field="status" id="hp-status"/>
            <FormError errors=errs/>
        </section>
    }
    .into_any()
}

fn status_text(lang: Lang, key: Key, s: MessageStatus) -> String {
    fill(lang.text(key), &[("status", lang.text(message_status_label(s)))])
}
