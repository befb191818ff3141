//! 答复 (reply): the handler's answer to the citizen. The text is kept as a draft while it is
//! typed; a send carries an idempotency key, the same for a retry of the same text.

use contract::{NewReply, REPLY_MAX};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::rules::{check_len, invalid_text};
use super::{form_block, user_id, Form, Panel};
use crate::api::{self, decode_messages as enc};
use crate::components::form::{focus_first_invalid, form_of, Control, Errors, Field, Value};
use crate::i18n::{lang, Key};
use crate::state::local_storage;

/// The idempotency key of a reply: the same while the text sent is the same (a retry after a
/// lost answer is answered with the first result), a new one for a changed text.
pub fn reply_key(last: Option<&(String, String)>, text: &str, fresh: impl FnOnce() -> String) -> String {
    match last {
        Some((key, sent)) if sent == text => key.clone(),
        _ => fresh(),
    }
}

fn new_key() -> String {
    let a = js_sys::Date::now() as u64;
    let b = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    format!("r{a:x}{b:x}")
}

pub(super) fn form(p: Panel) -> AnyView {
    let lang = lang();
    let draft_key = user_id().map(|u| crate::state::session::user_prefix(&u) + "reply." + &p.id());
    let stored = draft_key
        .as_ref()
        .and_then(|k| local_storage().and_then(|s| s.get_item(k).ok().flatten()))
        .unwrap_or_default();
    let text = RwSignal::new(stored);
    let draft_key = StoredValue::new(draft_key);
    let save = move |value: &str| {
        if let (Some(k), Some(s)) = (draft_key.get_value(), local_storage()) {
            let _ = if value.is_empty() { s.remove_item(&k) } else { s.set_item(&k, value) };
        }
    };
    // (key, text) of the last send of this draft.
    let last_sent = StoredValue::new(None::<(String, String)>);
    let errs = Errors::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked().trim().to_string();
        if let Some(i) = check_len(&body, 1, REPLY_MAX) {
            errs.set(vec![("body".into(), invalid_text(i, lang.get_untracked()))]);
            focus_first_invalid(form_of(&ev));
            return;
        }
        let key = last_sent.with_value(|l| reply_key(l.as_ref(), &body, new_key));
        last_sent.set_value(Some((key.clone(), body.clone())));
        p.send(
            errs,
            (api::message(&p.id(), "replies"), enc::new_reply(&NewReply { body }), Some(key)),
            &["body"],
            Box::new(|_, lang| lang.text(Key::WorkReplyDone).to_string()),
            Box::new(move || {
                text.set(String::new());
                save("");
                last_sent.set_value(None);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_keys() {
        let last = ("k1".to_string(), "答复".to_string());
        assert_eq!(reply_key(Some(&last), "答复", || "k2".into()), "k1", "a retry of the same text");
        assert_eq!(reply_key(Some(&last), "答复（改）", || "k2".into()), "k2");
        assert_eq!(reply_key(None, "答复", || "k3".into()), "k3");
    }
}
