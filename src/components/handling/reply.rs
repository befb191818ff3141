//! 答复 (reply): the handler's answer to the citizen. The text is kept as a draft while it is
//! typed (`state::drafts`, name `reply.<message id>`); a send carries the draft's idempotency
//! key, the same for a retry of the same text (the one key rule of `state::drafts`).

use contract::{NewReply, REPLY_MAX};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::rules::{check_len, invalid_text};
use super::{form_block, Form, Panel};
use crate::api::endpoints;
use crate::components::form::{focus_first_invalid, form_of, Control, Errors, Field, Value};
use crate::i18n::{lang, Key};
use crate::state::drafts::{self, Draft};
use crate::state::session::SessionState;
use crate::state::storage;

pub(super) fn form(p: Panel) -> AnyView {
    let lang = lang();
    let session = SessionState::get();
    let name = format!("reply.{}", p.id());
    let draft = RwSignal::new(drafts::load_text(session, &name));
    let text = RwSignal::new(draft.with_untracked(|d| d.text.clone()));
    let saved_as = name.clone();
    let save = move |value: &str| {
        draft.update(|d| d.value.text = value.to_string());
        if value.is_empty() {
            drafts::clear(session, &saved_as);
        } else {
            let _ = draft.with_untracked(|d| drafts::save(session, &saved_as, d));
        }
    };
    let errs = Errors::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked().trim().to_string();
        if let Some(i) = check_len(&body, 1, REPLY_MAX) {
            errs.set(vec![("body".into(), invalid_text(i, lang.get_untracked()))]);
            focus_first_invalid(form_of(&ev));
            return;
        }
        let mut key = String::new();
        draft.update(|d| {
            d.value.text = body.clone();
            key = d.key_for_send(storage::new_key);
        });
        let _ = draft.with_untracked(|d| drafts::save(session, &name, d));
        let name = name.clone();
        p.send(
            errs,
            (endpoints::reply(&p.id()).with_body(&NewReply { body }), Some(key)),
            &["body"],
            Box::new(|_, lang| lang.text(Key::WorkReplyDone).to_string()),
            Box::new(move || {
                text.set(String::new());
                drafts::clear(session, &name);
                draft.set(Draft::new(drafts::Text::default()));
            }),
        );
    };
    let value = Value { get: text.into(), set: Callback::new(move |v: String| {
        save(&v);
        text.set(v);
    }) };
    form_block(Form {
        id: "hp-reply-title",
        title: Key::WorkReplyTitle,
        submit_label: Key::WorkReplySubmit,
        errs,
        busy: p.busy,
        on_submit: Callback::new(submit),
        before: None,
        fields: view! {
            <Field id="hp-reply" field="body" errors=errs label=Key::WorkReplyLabel hint=Key::WorkReplyHint control=Control::area("5", value) max=REPLY_MAX/>
        }
        .into_any(),
    })
}
