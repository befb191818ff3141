//! 留言: the user's own messages (with status filters), the outbox of messages waiting to be
//! sent, a way to write one, the public board; a card to 工作台 for deputies and staff.

use contract::Role;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{self, endpoints, MessageList};
use crate::components::paged_list::{PagedList, Source};
use crate::components::shell::TopBar;
use crate::components::states::SignInRequired;
use crate::i18n::{fill, lang, t, Key};
use crate::pages::work::OpenWork;
use crate::state::loader::Loader;
use crate::state::outbox::{self, mine_cache_key, Note, State};
use crate::state::session::SessionState;

stylance::import_crate_style!(pub css, "src/pages/messages.module.css");
stylance::import_crate_style!(pub chips, "src/components/chips.module.css");

/// A row of filter links: `(label, query value)`; the current one is marked.
fn filter_chips(
    label: Key,
    base: &'static str,
    param: &'static str,
    options: Vec<(String, String)>,
    current: Memo<Option<String>>,
) -> impl IntoView {
    let all_current = move || current.get().is_none().then_some("page");
    view! {
        <nav aria-label=t(label)>
            <ul class=chips::row>
                <li><a class=chips::chip href=crate::paths::to(&base) aria-current=all_current>{t(Key::CategoryAll)}</a></li>
                {options
                    .into_iter()
                    .map(|(name, value)| {
                        let href = format!("{base}?{param}={}", api::url::encode_component(&value));
                        let is_current = move || (current.get().as_deref() == Some(value.as_str())).then_some("page");
                        view! { <li><a class=chips::chip href=crate::paths::to(&href) aria-current=is_current>{name}</a></li> }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

#[component]
pub fn Messages() -> impl IntoView {
    let session = SessionState::get();
    let title = t(Key::MessagesTitle);
    let query = use_query_map();
    let status = Memo::new(move |_| {
        query.with(|q| q.get("status")).filter(|s| outbox::MINE_FILTERS.contains(&s.as_str()) && !s.is_empty())
    });
    let lang = lang();
    let body = move || {
        // Chip labels are made in the language of the moment: shown again when it changes.
        lang.track();
        let Some(user) = session.user() else {
            let expired = session.expired.get();
            return view! {
                <section class=css::intro>
                    <p>{t(Key::MessagesIntro)}</p>
                    <SignInRequired message=Signal::derive(move || {
                        lang.get().text(if expired { Key::MessagesExpired } else { Key::MessagesSignIn }).to_string()
                    })/>
                    <p><a href="board">{t(Key::MessagesBoardLink)}</a></p>
                </section>
            }
            .into_any();
        };
        let handler = user.roles.iter().any(|r| matches!(r, Role::Deputy | Role::Staff));
        let options = [("open", Key::MvFilterOpen), ("replied", Key::MsgStatusReplied), ("resolved", Key::MsgStatusResolved), ("closed", Key::MsgStatusClosed)]
            .into_iter()
            .map(|(v, k)| (lang.get_untracked().text(k).to_string(), v.to_string()))
            .collect();
        let uid = user.id.clone();
        view! {
            {handler.then(|| view! {
                <a class=css::work_card href="work">
                    <strong>{t(Key::MessagesWorkTitle)}</strong>
                    <span>{t(Key::MessagesWorkText)}</span>
                    <OpenWork/>
                </a>
            })}
            <div class=css::actions>
                <a class="btn btn-primary" href="messages/new">{t(Key::MessagesWrite)}</a>
                <a class="btn" href="board">{t(Key::MessagesBoardLink)}</a>
            </div>
            <OutboxList/>
            <h2 class=css::h2>{t(Key::MessagesMine)}</h2>
            {filter_chips(Key::MessagesFilterLabel, "/messages", "status", options, status)}
            <div class=css::list>
                {move || {
                    let s = status.get();
                    // A message delivered from the outbox shows up: the list loads again.
                    if let Some(o) = outbox::OutboxState::get() {
                        let _ = o.delivered.try_with(Vec::len);
                    }
                    let empty = t(Key::MessagesEmpty);
                    view! {
                        <PagedList
                            cache_key=mine_cache_key(&uid, s.as_deref().unwrap_or(""))
                            source=Source::messages(MessageList::Mine, s, None)
                            empty=Signal::derive(move || empty().to_string())
                        />
                    }
                }}
            </div>
        }
        .into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || title().to_string())/>
        {body}
    }
}

/// The messages waiting to be sent, each with why and what can be done.
#[component]
pub fn OutboxList() -> impl IntoView {
    let session = SessionState::get();
    let navigate = use_navigate();
    let lang = lang();
    let entries = move || outbox::load_tracked(session).entries;
    let retry = move |key: String| {
        let _ = outbox::update(session, |o| o.retry_now(&key));
        leptos::task::spawn_local(async move {
            let _ = outbox::deliver(session, key, true).await;
        });
    };
    let delete = move |key: String| {
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(lang.get_untracked().text(Key::OutboxDeleteConfirm)).ok())
            .unwrap_or(true);
        if ok {
            let _ = outbox::update(session, |o| {
                o.remove(&key);
            });
        }
    };
    let edit = Callback::new(move |key: String| {
        let busy = outbox::load_draft(session).is_some_and(|d| !d.is_blank() && d.key != key);
        if busy {
            if let Some(w) = web_sys::window() {
                let _ = w.alert_with_message(lang.get_untracked().text(Key::OutboxDraftBusy));
            }
            return;
        }
        if outbox::edit_entry(session, &key) {
            navigate("/messages/new", NavigateOptions::default());
        }
    });
    let delivered = move || {
        let sent = outbox::OutboxState::get().and_then(|o| o.delivered.try_get()).unwrap_or_default();
        (!sent.is_empty()).then(|| view! {
            <div class=css::success role="status">
                {sent.into_iter().map(|(id, title)| {
                    // The confirmation of a message sent later, as after a send from compose.
                    let href = format!("/messages/{}/sent", api::url::encode_component(&id));
                    view! { <p style="margin:0">{t(Key::OutboxDelivered)}" "<a href=crate::paths::to(&href)>{title}</a></p> }
                }).collect_view()}
            </div>
        })
    };
    let pending = move || {
        let list = entries();
        if list.is_empty() {
            return None;
        }
        Some(view! {
            <section aria-labelledby="outbox-title">
                <h2 class=css::h2 id="outbox-title">{t(Key::OutboxTitle)}</h2>
                <ul class=css::outbox>
                    {list
                        .into_iter()
                        .map(|e| {
                            let key = e.draft.key.clone();
                            let (k1, k2) = (key.clone(), key.clone());
                            let sending = outbox::is_sending(&key);
                            let l = lang.get_untracked();
                            let note = if sending {
                                l.text(Key::OutboxSending).to_string()
                            } else {
                                match e.note {
                                    Note::None | Note::Offline => l.text(Key::OutboxWaiting).to_string(),
                                    Note::SignIn => l.text(Key::OutboxSignIn).to_string(),
                                    Note::RateLimited => {
                                        let mins = ((e.not_before - js_sys::Date::now()) / 60_000.0).ceil().max(1.0) as u32;
                                        fill(l.text(Key::OutboxRateLimited), &[("minutes", &mins.to_string())])
                                    }
                                    Note::Failed => fill(l.text(Key::OutboxFailed), &[("error", &e.detail)]),
                                    Note::Rejected => {
                                        let details: Vec<&str> = e.errors.iter().map(|(_, m)| m.as_str()).collect();
                                        let text = if details.is_empty() { e.detail.clone() } else { details.join("；") };
                                        fill(l.text(Key::OutboxRejected), &[("error", &text)])
                                    }
                                }
                            };
                            let rejected = e.state == State::Rejected;
                            let title = if e.draft.title.trim().is_empty() { l.text(Key::OutboxUntitled).to_string() } else { e.draft.title.clone() };
                            view! {
                                <li class=css::outbox_item>
                                    <h3>{title}</h3>
                                    <p role="status">{note}</p>
                                    <div class=css::row>
                                        {if rejected {
                                            view! { <button type="button" class="btn" on:click=move |_| edit.run(k1.clone())>{t(Key::OutboxEdit)}</button> }.into_any()
                                        } else {
                                            view! { <button type="button" class="btn" disabled=sending on:click=move |_| retry(k1.clone())>{t(Key::OutboxRetry)}</button> }.into_any()
                                        }}
                                        <button type="button" class="btn" disabled=sending on:click=move |_| delete(k2.clone())>{t(Key::OutboxDelete)}</button>
                                    </div>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        })
    };
    view! { {delivered} {pending} }
}

/// 公开留言: public messages, filtered by category; works signed out.
#[component]
pub fn Board() -> impl IntoView {
    let title = t(Key::BoardTitle);
    let query = use_query_map();
    let category = Memo::new(move |_| query.with(|q| q.get("category")).filter(|c| !c.trim().is_empty()));
    let categories = Loader::new(endpoints::message_categories);
    let chips = move || {
        categories.get().and_then(|r| r.ok()).filter(|p| !p.items.is_empty()).map(|page| {
            filter_chips(Key::CategoriesLabel, "/board", "category", page.items.into_iter().map(|c| (c.name, c.id)).collect(), category)
        })
    };
    // The list follows the chips after the next paint: a tap on a chip shows its choice (and the
    // bar of index.html) at once, then the list — hundreds of messages once scrolled far — is
    // made anew. Measured (make bench, 500 messages loaded, CPU 4× slower): the tap's next paint
    // waited ~300 ms for the old list to go (INP, goal 200 ms). (A timer set from an animation
    // frame runs after that frame is painted.)
    let listed = RwSignal::new(category.get_untracked());
    Effect::new(move |_| {
        let c = category.get();
        if listed.get_untracked() != c {
            request_animation_frame(move || {
                set_timeout(
                    move || {
                        if listed.try_get_untracked().is_some_and(|l| l != c) {
                            listed.set(c);
                        }
                    },
                    std::time::Duration::ZERO,
                )
            });
        }
    });
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/messages"/>
        <p class=css::hint style="padding: var(--space-3) var(--space-4) 0">{t(Key::BoardIntro)}</p>
        <div style="min-height:3.5rem">{chips}</div>
        <div class=css::list>
            {move || {
                let c = listed.get();
                let empty = t(Key::BoardEmpty);
                view! {
                    <PagedList
                        cache_key=format!("messages:board:{}", c.clone().unwrap_or_default())
                        source=Source::messages(MessageList::Board, None, c)
                        empty=Signal::derive(move || empty().to_string())
                    />
                }
            }}
        </div>
    }
}
