//! 内部备注 (internal notes): what handlers and staff write for each other about a message —
//! never shown to the citizen or the public (the backend leaves them out of those views; the
//! app marks them where they appear). The notes so far are listed first; the form to add one
//! is folded away. A send carries an idempotency key, the same for a retry of the same text.

use contract::{NewReply, TimelineEntry, REPLY_MAX};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::reply::checked_body;
use super::rules::internal_notes;
use super::{css, form_block, Fold, Form, Panel};
use crate::api::endpoints;
use crate::components::form::{focus_first_invalid, form_of, Control, Errors, Field};
use crate::format;
use crate::i18n::{lang, t, Key};
use crate::state::storage;

pub(super) fn form(p: Panel) -> AnyView {
    let lang = lang();
    let text = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let errs = Errors::new();
    // (text, key): a retry of the same text is the same request; other text, a new key.
    let sent = StoredValue::new((String::new(), String::new()));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(body) = checked_body(&text.get_untracked(), errs, lang.get_untracked()) else {
            focus_first_invalid(form_of(&ev));
            return;
        };
        let key = sent.with_value(|(t, k)| (*t == body).then(|| k.clone())).unwrap_or_else(storage::new_key);
        sent.set_value((body.clone(), key.clone()));
        p.send(
            errs,
            (endpoints::note(&p.id()).with_body(&NewReply { body }), Some(key)),
            &["body"],
            Box::new(|_, lang| lang.text(Key::WorkInternalNoteDone).to_string()),
            Box::new(move || {
                text.set(String::new());
                open.set(false);
            }),
        );
    };
    let notes = move || {
        let l = lang.get();
        let list: Vec<TimelineEntry> = p.msg.with(|m| internal_notes(&m.timeline));
        if list.is_empty() {
            return view! { <p class=css::hint>{t(Key::WorkInternalNoteNone)}</p> }.into_any();
        }
        view! {
            <ul class=css::notes>
                {list.into_iter().map(|e| {
                    let at = e.at.clone();
                    view! {
                        <li class=css::internal>
                            <span class=css::hint>
                                <time datetime=at.clone()>{format::date_time(&at, l)}</time>
                                {(!e.actor.name.is_empty()).then(|| format!(" · {}", e.actor.name))}
                            </span>
                            <span class=css::note_text>{e.note.unwrap_or_default()}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    form_block(Form {
        id: "hp-internal-title",
        title: Key::WorkInternalNoteTitle,
        submit_label: Key::WorkInternalNoteSubmit,
        errs,
        busy: p.busy,
        on_submit: Callback::new(submit),
        before: Some(view! { <p class=css::hint>{t(Key::WorkInternalNoteHint)}</p> {notes} }.into_any()),
        fold: Fold::Below(Key::WorkInternalNoteWrite),
        open,
        fields: view! {
            <Field id="hp-internal-note" field="body" errors=errs label=Key::WorkInternalNoteLabel control=Control::area("3", text) max=REPLY_MAX/>
        }
        .into_any(),
        draft: false,
    })
}
