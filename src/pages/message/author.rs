//! What the author of a message may do on its page, each a form of `components::form`
//! (label, hint, counter, errors at their fields): rate the result (评价), reopen it (重新办理),
//! and follow up (追问或补充) — the last one folded behind a button, opened by itself when a
//! draft of it is waiting.

use std::cell::RefCell;

use contract::{Message, NewRating, NewReply, Reopen, NOTE_MAX, REASON_MIN, REPLY_MAX, REOPEN_DAYS};
use leptos::prelude::*;

use super::mp;
use crate::api::{self, endpoints, Canceller, Endpoint};
use crate::components::form::{api_errors, focus, focus_first_invalid, form_of, Control, Errors, Field, FieldError, FormError, Value};
use crate::format;
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::pages::messages::css;
use crate::state::drafts::{self, Draft, Text};
use crate::state::effect;
use crate::state::outbox::char_count;
use crate::state::session::SessionState;
use crate::state::storage;

thread_local! {
    /// The message whose follow-up was just sent: the page is built again for the updated
    /// message, and the new form says so once.
    static FOLLOWED_UP: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Posts an action; `busy` while it runs; the answer's errors go to `errs` at `fields` (the
/// request fields the form shows), the rest to the form's own error.
fn act<B: serde::Serialize + 'static>(
    (ep, body, key): (Endpoint<B, Message>, B, Option<String>),
    busy: RwSignal<bool>,
    errs: Errors,
    (fields, form, lang): (&'static [&'static str], Option<web_sys::Element>, Lang),
    done: impl FnOnce(Message) + 'static,
) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    errs.set(Vec::new());
    leptos::task::spawn_local(async move {
        let result = api::send(ep, &body, key.as_deref(), &Canceller::default()).await;
        busy.try_set(false);
        match result {
            Ok(m) => done(m),
            Err(e) => {
                let place = |f: &str| fields.iter().find(|x| **x == f).copied();
                errs.set(api_errors(&e, lang, &place));
                focus_first_invalid(form);
            }
        }
    });
}

/// The text of a length check of `n` characters against `min..=max`, if it fails.
fn length_error(n: usize, (min, max): (usize, usize), empty: Key, l: Lang) -> Option<String> {
    if n == 0 {
        Some(l.text(empty).to_string())
    } else if n < min {
        Some(fill(l.text(Key::ComposeErrShort), &[("n", &min.to_string())]))
    } else if n > max {
        Some(fill(l.text(Key::ComposeErrLong), &[("n", &max.to_string())]))
    } else {
        None
    }
}

/// 追问或补充, behind a button; with its own draft (`state::drafts`, name `followup.<id>`).
#[component]
pub fn FollowUp(id: String, answered: bool, on_change: Callback<Message>) -> impl IntoView {
    let session = SessionState::get();
    let lang = lang();
    let name = format!("followup.{id}");
    let draft = RwSignal::new(drafts::load_text(session, &name));
    let open = RwSignal::new(draft.with_untracked(|d| !d.text.trim().is_empty()));
    let just_sent = FOLLOWED_UP.with(|f| f.borrow_mut().take_if(|m| *m == id).is_some());
    let busy = RwSignal::new(false);
    let errs = Errors::new();
    let saved_as = name.clone();
    effect(move || {
        let d = draft.get();
        if d.text.trim().is_empty() {
            drafts::clear(session, &saved_as);
        } else {
            let _ = drafts::save(session, &saved_as, &d);
        }
    });
    let value = Value::new(move || draft.with(|d| d.text.clone()), move |v| {
        draft.update(|d| d.value.text = v);
        errs.clear(&["body"]);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = draft.with_untracked(|d| d.text.trim().to_string());
        let l = lang.get_untracked();
        if let Some(e) = length_error(char_count(&text), (1, REPLY_MAX), Key::FollowUpEmpty, l) {
            errs.set(vec![("body".into(), e)]);
            focus_first_invalid(form_of(&ev));
            return;
        }
        let mut key = String::new();
        draft.update(|d| key = d.key_for_send(storage::new_key));
        let (name, id) = (name.clone(), id.clone());
        act((endpoints::follow_up(&id), NewReply { body: text }, Some(key)), busy, errs, (&["body"], form_of(&ev), l), move |m| {
            drafts::clear(session, &name);
            draft.set(Draft::new(Text::default()));
            open.set(false);
            FOLLOWED_UP.with(|f| *f.borrow_mut() = Some(id));
            on_change.run(m);
        });
    };
    let toggle = move |_| {
        let now = !open.get_untracked();
        open.set(now);
        if now {
            request_animation_frame(|| focus("followup-body"));
        }
    };
    view! {
        <section class=css::section aria-labelledby="msg-followup">
            <h2 id="msg-followup">{t(Key::FollowUpTitle)}</h2>
            <p class=mp::term>{t(if answered { Key::FollowUpHintAnswered } else { Key::FollowUpHint })}</p>
            {just_sent.then(|| view! { <p class=css::success style="margin:0 0 var(--space-3)" role="status">{t(Key::FollowUpSent)}</p> })}
            <button type="button" class="btn" id="followup-open" aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls="followup-form" on:click=toggle>
                {move || lang.get().text(if open.get() { Key::FollowUpClose } else { Key::FollowUpOpen })}
            </button>
            <Show when=move || open.get()>
                <form id="followup-form" class=mp::form on:submit=submit.clone() novalidate=true data-draft="">
                    <Field id="followup-body" field="body" errors=errs label=Key::FollowUpLabel control=Control::area("4", value) max=REPLY_MAX/>
                    <FormError errors=errs/>
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                        {move || lang.get().text(if busy.get() { Key::ComposeSending } else { Key::FollowUpSend })}
                    </button>
                </form>
            </Show>
        </section>
    }
}

/// 评价: 1–5 stars (a radio group) and an optional comment; rating closes the message.
#[component]
pub fn RatingForm(id: String, on_change: Callback<Message>) -> impl IntoView {
    let lang = lang();
    let stars = RwSignal::new(0u8);
    let comment = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let errs = Errors::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let s = stars.get_untracked();
        let c = comment.get_untracked().trim().to_string();
        let mut found = Vec::new();
        if s == 0 {
            found.push(("stars".to_string(), l.text(Key::RatingPick).to_string()));
        }
        if let Some(e) = length_error(char_count(&c), (0, NOTE_MAX), Key::RatingPick, l).filter(|_| !c.is_empty()) {
            found.push(("comment".to_string(), e));
        }
        if !found.is_empty() {
            errs.set(found);
            focus_first_invalid(form_of(&ev));
            return;
        }
        let rating = NewRating { stars: s, comment: (!c.is_empty()).then_some(c) };
        act((endpoints::rate(&id), rating, None), busy, errs, (&["stars", "comment"], form_of(&ev), l), move |m| on_change.run(m));
    };
    let comment_value = Value::new(move || comment.get(), move |v| {
        comment.set(v);
        errs.clear(&["comment"]);
    });
    view! {
        <section class=css::section aria-labelledby="msg-rate">
            <h2 id="msg-rate">{t(Key::RatingTitle)}</h2>
            <p class=mp::term>{move || fill(lang.get().text(Key::RatingHint), &[("days", &REOPEN_DAYS.to_string())])}</p>
            <form class=mp::form on:submit=submit novalidate=true>
                <fieldset class=css::field id="rating-stars" aria-describedby=move || errs.has("stars").then_some("rating-stars-error")>
                    <legend>{t(Key::RatingLegend)}</legend>
                    <div class=css::stars>
                        {(1..=5u8).map(|n| view! {
                            <label class={move || if stars.get() >= n { format!("{} {}", css::star, css::star_on) } else { css::star.to_string() }}>
                                <input type="radio" name="rating-stars" value=n.to_string()
                                    prop:checked=move || stars.get() == n on:change=move |_| { stars.set(n); errs.clear(&["stars"]); }/>
                                <span aria-hidden="true">{move || if stars.get() >= n { "★" } else { "☆" }}</span>
                                <span class="visually-hidden">{move || fill(lang.get().text(Key::RatingStars), &[("n", &n.to_string())])}</span>
                            </label>
                        }).collect_view()}
                    </div>
                    <p class=css::hint role="status">{move || match stars.get() {
                        0 => String::new(),
                        n => fill(lang.get().text(Key::RatingStars), &[("n", &n.to_string())]),
                    }}</p>
                    <FieldError errors=errs field="stars" id="rating-stars"/>
                </fieldset>
                <Field id="rating-comment" field="comment" errors=errs label=Key::RatingComment control=Control::area("3", comment_value) max=NOTE_MAX/>
                <FormError errors=errs/>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{t(Key::RatingSend)}</button>
            </form>
        </section>
    }
}

/// 重新办理: the author reopens a closed message with a reason, while still allowed.
#[component]
pub fn ReopenForm(id: String, until: Option<String>, on_change: Callback<Message>) -> impl IntoView {
    let lang = lang();
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let errs = Errors::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let r = reason.get_untracked().trim().to_string();
        if let Some(e) = length_error(char_count(&r), (REASON_MIN, NOTE_MAX), Key::ReopenReasonNeeded, l) {
            errs.set(vec![("reason".into(), e)]);
            focus_first_invalid(form_of(&ev));
            return;
        }
        act((endpoints::reopen(&id), Reopen { reason: r }, None), busy, errs, (&["reason"], form_of(&ev), l), move |m| on_change.run(m));
    };
    let value = Value::new(move || reason.get(), move |v| {
        reason.set(v);
        errs.clear(&["reason"]);
    });
    view! {
        <section class=css::section aria-labelledby="msg-reopen">
            <h2 id="msg-reopen">{t(Key::ReopenTitle)}</h2>
            {until.map(|u| view! { <p class=mp::term>{move || fill(lang.get().text(Key::ReopenUntil), &[("date", &format::date_time(&u, lang.get()))])}</p> })}
            <form class=mp::form on:submit=submit novalidate=true>
                <Field id="reopen-reason" field="reason" errors=errs label=Key::ReopenReason hint=Key::ReopenReasonHint control=Control::area("3", value) max=NOTE_MAX/>
                <FormError errors=errs/>
                <button type="submit" class="btn" disabled=move || busy.get()>{t(Key::ReopenSend)}</button>
            </form>
        </section>
    }
}
