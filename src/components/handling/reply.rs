//! 答复群众 (reply): the handler's answer to the citizen, first in the panel. The text is kept as
//! a draft while it is typed (`state::drafts`, name `reply.<message id>`); a send carries the
//! draft's idempotency key, the same for a retry of the same text (the one key rule of
//! `state::drafts`). The hint says who will read the answer: everyone on the public board for a
//! public message, only the citizen and the handlers for a private one.
//!
//! 常用答复 (saved replies): a tap puts one into the answer, to be read over and sent; the
//! current text can be saved as one; they can be changed and deleted under 管理常用答复. They
//! are kept by the backend (`/reply-templates`), not on the device: signing out clears the
//! device's per-user data (a shared phone), and a deputy also answers from other devices. With
//! none saved yet, a few examples show how they work.

use contract::{NewReply, ReplyTemplate, REPLY_MAX};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::rules::{check_len, insert_template, invalid_text, template_label};
use super::{css, form_block, Fold, Form, Panel};
use crate::api::{self, endpoints, ApiError, Canceller};
use crate::components::form::{focus_first_invalid, form_of, Control, Errors, Field, FormError};
use crate::components::states::ErrorState;
use crate::i18n::{lang, t, ErrorText, Key, Lang};
use crate::state::drafts::{self, Draft};
use crate::state::session::SessionState;
use crate::state::storage;

/// The examples shown while the user has saved none.
const EXAMPLES: [Key; 3] = [Key::WorkTemplateExample1, Key::WorkTemplateExample2, Key::WorkTemplateExample3];

/// A reply-shaped text (an answer, a saved reply, an internal note) trimmed and checked by the
/// reply rule; `None` after putting the error at the `body` field.
pub(super) fn checked_body(text: &str, errs: Errors, lang: Lang) -> Option<String> {
    let body = text.trim().to_string();
    match check_len(&body, 1, REPLY_MAX) {
        Some(i) => {
            errs.set(vec![("body".into(), invalid_text(i, lang))]);
            None
        }
        None => Some(body),
    }
}

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
        let Some(body) = checked_body(&text.get_untracked(), errs, lang.get_untracked()) else {
            focus_first_invalid(form_of(&ev));
            return;
        };
        let mut key = String::new();
        draft.update(|d| {
            d.value.text = body.clone();
            key = d.key_for_send(storage::new_key);
        });
        let _ = draft.with_untracked(|d| drafts::save(session, &name, d));
        let name = name.clone();
        p.send(
            errs,
            (p.reply_endpoint().with_body(&NewReply { body }), Some(key)),
            &["body"],
            Box::new(|_, lang| lang.text(Key::WorkReplyDone).to_string()),
            Box::new(move || {
                text.set(String::new());
                drafts::clear(session, &name);
                draft.set(Draft::new(drafts::Text::default()));
            }),
        );
    };
    let set_text = Callback::new(move |v: String| {
        save(&v);
        text.set(v);
    });
    let value = Value { get: text.into(), set: set_text };
    let public = p.msg.with_untracked(|m| m.public);
    let hint = if public { Key::WorkReplyHintPublic } else { Key::WorkReplyHintPrivate };
    form_block(Form {
        id: "hp-reply-title",
        title: Key::WorkReplyTitle,
        submit_label: Key::WorkReplySubmit,
        errs,
        busy: p.busy,
        on_submit: Callback::new(submit),
        before: Some(view! { <Templates text=text set_text=set_text practice=p.practice/> }.into_any()),
        fold: Fold::Open,
        open: RwSignal::new(true),
        fields: view! {
            <Field id="hp-reply" field="body" errors=errs label=Key::WorkReplyLabel hint=hint control=Control::area("5", value) max=REPLY_MAX/>
        }
        .into_any(),
        draft: true,
    })
}

use crate::components::form::Value;

#[derive(Clone, PartialEq)]
enum Saving {
    Idle,
    Busy,
    Done(Key),
    Failed(ApiError),
}

/// The saved replies: a tap fills them in; save the current text; change and delete them
/// (not from a practice run: its texts are exercises, the saved replies are for real work).
#[component]
fn Templates(text: RwSignal<String>, set_text: Callback<String>, practice: bool) -> impl IntoView {
    let lang = lang();
    let list = RwSignal::new(None::<Result<Vec<ReplyTemplate>, ApiError>>);
    let canceller = StoredValue::new_local(Canceller::for_owner());
    let saving = RwSignal::new(Saving::Idle);
    let managing = RwSignal::new(false);
    let load = move || {
        let c = canceller.get_value();
        leptos::task::spawn_local(async move {
            let got = api::fetch(endpoints::reply_templates(), &c).await;
            if !c.is_cancelled() {
                list.set(Some(got.map(|page| page.items)));
            }
        });
    };
    load();
    // Saves the text being written (201, or 200: it was saved already).
    let save_current = move |_| {
        let body = text.get_untracked().trim().to_string();
        if body.is_empty() || saving.get_untracked() == Saving::Busy {
            return;
        }
        saving.set(Saving::Busy);
        let c = canceller.get_value();
        leptos::task::spawn_local(async move {
            let got = api::send(endpoints::save_reply_template(), &NewReply { body }, None, &c).await;
            if c.is_cancelled() {
                return;
            }
            match got {
                Ok(t) => {
                    list.update(|l| {
                        if let Some(Ok(items)) = l {
                            items.retain(|i| i.id != t.id);
                            items.insert(0, t);
                        }
                    });
                    saving.set(Saving::Done(Key::WorkTemplateSaved));
                }
                Err(e) => saving.set(Saving::Failed(e)),
            }
        });
    };
    let use_text = move |body: String| {
        set_text.run(insert_template(&text.get_untracked(), &body));
        saving.set(Saving::Done(Key::WorkTemplateUsed));
        // Back to the answer, to read it over before sending.
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("hp-reply")) {
            if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                let _ = el.focus();
            }
        }
    };
    let chips = move || match list.get() {
        None => view! { <p class=css::hint role="status">{t(Key::WorkLoadingOptions)}</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorState error=e on_retry=Callback::new(move |_| { list.set(None); load(); }) inline=true/> }.into_any(),
        Some(Ok(items)) if items.is_empty() => {
            let l = lang.get();
            view! {
                <p class=css::hint>{t(Key::WorkTemplatesExamples)}</p>
                <ul class=css::templates>
                    {EXAMPLES.into_iter().map(|k| {
                        let body = l.text(k).to_string();
                        let label = template_label(&body);
                        view! { <li><button type="button" class=css::template on:click=move |_| use_text(body.clone())>{label}</button></li> }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }
        Some(Ok(items)) => view! {
            <ul class=css::templates>
                {items.into_iter().map(|tpl| {
                    let label = template_label(&tpl.body);
                    let body = tpl.body;
                    view! { <li><button type="button" class=css::template on:click=move |_| use_text(body.clone())>{label}</button></li> }
                }).collect_view()}
            </ul>
        }
        .into_any(),
    };
    let has_saved = move || list.with(|l| matches!(l, Some(Ok(items)) if !items.is_empty()));
    view! {
        <div class=css::template_box>
            <h4 class=css::template_title>{t(Key::WorkTemplatesTitle)}</h4>
            {chips}
            {(!practice).then(|| view! { <div class=css::quiet_row>
                <button type="button" class=css::quiet on:click=save_current
                    disabled=move || text.with(|t| t.trim().is_empty()) || saving.get() == Saving::Busy>
                    {t(Key::WorkTemplateSave)}
                </button>
                {move || has_saved().then(|| view! {
                    <button type="button" class=css::quiet aria-expanded=move || if managing.get() { "true" } else { "false" }
                        aria-controls="hp-templates-manage" on:click=move |_| managing.update(|m| *m = !*m)>
                        {t(Key::WorkTemplatesManage)}
                    </button>
                })}
            </div> })}
            <div aria-live="polite">
                {move || match saving.get() {
                    Saving::Done(k) => view! { <p class=css::saved>{t(k)}</p> }.into_any(),
                    Saving::Failed(e) => view! { <p class=css::failed>{move || e.message(lang.get())}</p> }.into_any(),
                    _ => ().into_any(),
                }}
            </div>
            {move || (!practice && managing.get() && has_saved()).then(|| view! { <Manage list=list canceller=canceller/> })}
        </div>
    }
}

/// Changing and deleting saved replies (deleting asks first).
#[component]
fn Manage(
    list: RwSignal<Option<Result<Vec<ReplyTemplate>, ApiError>>>,
    canceller: StoredValue<Canceller, LocalStorage>,
) -> impl IntoView {
    let lang = lang();
    // (template id, what is being done with it)
    let editing = RwSignal::new(None::<(String, String)>);
    let deleting = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let errs = Errors::new();
    let replace = move |t: ReplyTemplate| {
        list.update(|l| {
            if let Some(Ok(items)) = l {
                items.retain(|i| i.id != t.id);
                items.insert(0, t);
            }
        })
    };
    let save_edit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some((id, body)) = editing.get_untracked() else { return };
        let Some(body) = checked_body(&body, errs, lang.get_untracked()) else { return };
        busy.set(true);
        errs.set(Vec::new());
        let c = canceller.get_value();
        leptos::task::spawn_local(async move {
            let got = api::send(endpoints::update_reply_template(&id), &NewReply { body }, None, &c).await;
            if c.is_cancelled() {
                return;
            }
            busy.set(false);
            match got {
                Ok(t) => {
                    replace(t);
                    editing.set(None);
                }
                Err(e) => errs.set(crate::components::form::api_errors(&e, lang.get_untracked(), &|f| (f == "body").then_some("body"))),
            }
        });
    };
    let delete = move |id: String| {
        busy.set(true);
        errs.set(Vec::new());
        let c = canceller.get_value();
        leptos::task::spawn_local(async move {
            let got = api::fetch(endpoints::delete_reply_template(&id), &c).await;
            if c.is_cancelled() {
                return;
            }
            busy.set(false);
            match got {
                // (gone already: gone all the same)
                Ok(()) | Err(ApiError::Http { status: 404, .. }) => {
                    list.update(|l| {
                        if let Some(Ok(items)) = l {
                            items.retain(|i| i.id != id);
                        }
                    });
                    deleting.set(None);
                }
                Err(e) => errs.set(vec![(String::new(), e.message(lang.get_untracked()))]),
            }
        });
    };
    let value = Value::new(
        move || editing.with(|e| e.as_ref().map(|(_, b)| b.clone()).unwrap_or_default()),
        move |v| editing.update(|e| if let Some((_, b)) = e { *b = v }),
    );
    // One template is changed at a time, in a form above the list.
    let edit_form = move || {
        editing.with(|e| e.is_some()).then(|| view! {
            <form class=css::form on:submit=save_edit novalidate>
                <Field id="hp-template-edit" field="body" errors=errs label=Key::WorkTemplateEditLabel control=Control::area("4", value) max=REPLY_MAX/>
                <div class=css::actions>
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{t(Key::WorkTemplateUpdate)}</button>
                    <button type="button" class="btn" on:click=move |_| editing.set(None)>{t(Key::WorkCancel)}</button>
                </div>
            </form>
        })
    };
    let row = move |tpl: ReplyTemplate| {
        let id = tpl.id;
        let body = tpl.body;
        let (asking, edit_id, del_id, yes_id) = (id.clone(), id.clone(), id.clone(), id);
        let is_deleting = move || deleting.with(|d| d.as_deref() == Some(asking.as_str()));
        let edit_body = body.clone();
        view! {
            <li class=css::manage_row>
                <p class=css::manage_text>{body}</p>
                {move || if is_deleting() {
                    let yes_id = yes_id.clone();
                    view! {
                        <div class=css::confirm role="alertdialog" aria-labelledby="hp-template-delete-q">
                            <p id="hp-template-delete-q">{t(Key::WorkTemplateDeleteConfirm)}</p>
                            <div class=css::actions>
                                <button type="button" class="btn btn-primary" disabled=move || busy.get()
                                    on:click=move |_| delete(yes_id.clone())>{t(Key::WorkTemplateDelete)}</button>
                                <button type="button" class="btn" on:click=move |_| deleting.set(None)>{t(Key::WorkCancel)}</button>
                            </div>
                        </div>
                    }
                    .into_any()
                } else {
                    let (edit_id, del_id, edit_body) = (edit_id.clone(), del_id.clone(), edit_body.clone());
                    view! {
                        <div class=css::actions>
                            <button type="button" class="btn" on:click=move |_| {
                                errs.set(Vec::new());
                                editing.set(Some((edit_id.clone(), edit_body.clone())));
                            }>{t(Key::WorkTemplateEdit)}</button>
                            <button type="button" class="btn" on:click=move |_| deleting.set(Some(del_id.clone()))>{t(Key::WorkTemplateDelete)}</button>
                        </div>
                    }
                    .into_any()
                }}
            </li>
        }
    };
    let rows = move || {
        let items = list.with(|l| match l {
            Some(Ok(items)) => items.clone(),
            _ => Vec::new(),
        });
        items.into_iter().map(row).collect_view()
    };
    view! {
        <div id="hp-templates-manage">
            {edit_form}
            <ul class=css::manage>{rows}</ul>
            <FormError errors=errs/>
        </div>
    }
}
