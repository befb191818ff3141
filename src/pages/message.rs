//! A message (`/messages/:id`): its content, handling (deadline, timeline, conversation,
//! plan), and what its author may do now (follow-up, rating, reopen); handlers act in the
//! `HandlingPanel` below it.

use contract::{HandlerKind, Message, MessageStatus, NewRating, NewReply, Reopen, Role, TimelineKind, NOTE_MAX, REASON_MIN, REPLY_MAX};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{self, endpoints, ApiError, Canceller, Endpoint};
use crate::components::blocks::SafeImage;
use crate::components::cards::{message_status_class, message_status_label, track_label};
use crate::components::handling::HandlingPanel;
use crate::components::shell::TopBar;
use crate::components::states::{ErrorState, SkeletonDetail};
use crate::format;
use crate::format::{time_left, TimeLeft};
use crate::i18n::{fill, lang, t, ErrorText, Key, Lang};
use crate::pages::messages::css;
use crate::state::drafts::{self, Draft, Text};
use crate::state::effect;
use crate::state::loader::Loader;
use crate::state::outbox::char_count;
use crate::state::session::SessionState;
use crate::state::storage;

use crate::components::cards::css as cards;

/// "还剩 2 天 3 小时" / "已超期".
pub fn time_left_text(left: TimeLeft, lang: Lang) -> String {
    match left {
        TimeLeft::Overdue => lang.text(Key::MsgOverdue).to_string(),
        TimeLeft::Days(d, h) => fill(lang.text(Key::MvLeftDays), &[("d", &d.to_string()), ("h", &h.to_string())]),
        TimeLeft::Hours(h) => fill(lang.text(Key::MvLeftHours), &[("h", &h.to_string())]),
        TimeLeft::Minutes(m) => fill(lang.text(Key::MvLeftMinutes), &[("m", &m.to_string())]),
    }
}

fn timeline_label(kind: TimelineKind) -> Key {
    match kind {
        TimelineKind::Submitted => Key::TlSubmitted,
        TimelineKind::Triaged => Key::TlTriaged,
        TimelineKind::StatusChanged => Key::TlStatus,
        TimelineKind::Replied => Key::TlReplied,
        TimelineKind::FollowUp => Key::TlFollowUp,
        TimelineKind::HandedOver => Key::TlHandedOver,
        TimelineKind::PlanStepAdded => Key::TlPlanAdded,
        TimelineKind::PlanStepDone => Key::TlPlanDone,
        TimelineKind::Rated => Key::TlRated,
        TimelineKind::Reopened => Key::TlReopened,
        TimelineKind::Unknown => Key::TlOther,
    }
}

fn role_label(role: Role) -> Key {
    match role {
        Role::Citizen => Key::RoleCitizen,
        Role::Deputy => Key::RoleDeputy,
        Role::Staff => Key::RoleStaff,
        Role::Unknown => Key::RoleUnknown,
    }
}

fn ms(rfc3339: &str) -> f64 {
    js_sys::Date::parse(rfc3339)
}

#[component]
pub fn MessagePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let sent = use_query_map().with_untracked(|q| q.get("sent").is_some());
    let loaded = Loader::new(move || endpoints::message(&id.get()));
    // The message as the backend answered an action on this page (newer than the load).
    let changed = RwSignal::new(None::<Message>);
    let session = SessionState::get();
    // A sign-in or sign-out changes what the viewer may see and do.
    let mut seen_user = None;
    effect(move || {
        let user = session.user().map(|u| u.id);
        if seen_user.as_ref().is_some_and(|u| *u != user) {
            changed.set(None);
            loaded.refetch();
        }
        seen_user = Some(user);
    });
    effect(move || {
        id.track();
        changed.set(None);
    });
    // Opening a message reads its alerts (once the device knows which are unread).
    if let Some(alerts) = crate::state::alerts::Alerts::get() {
        let mut done_for = None::<String>;
        effect(move || {
            let Some(Ok(m)) = loaded.get() else { return };
            if done_for.as_deref() == Some(m.id.as_str()) {
                return;
            }
            let Some(unread) = alerts.unread_about(&m.id) else { return };
            done_for = Some(m.id.clone());
            for id in unread {
                leptos::task::spawn_local(async move {
                    let _ = crate::state::alerts::mark_read(id).await;
                });
            }
        });
    }
    let title = t(Key::MvTitle);
    let lang = lang();
    let doc_title = Signal::derive(move || match loaded.get() {
        Some(Ok(m)) => m.title,
        _ => String::new(),
    });
    let retry = Callback::new(move |_| {
        changed.set(None);
        loaded.refetch();
    });
    let on_change = Callback::new(move |m: Message| changed.set(Some(m)));
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) doc_title=doc_title back_to="/messages" heading=false/>
        {sent.then(|| view! { <p class=css::success role="status">{t(Key::MvSent)}</p> })}
        {move || match changed.get().map(Ok).or_else(|| loaded.get()) {
            None => view! { <SkeletonDetail/> }.into_any(),
            Some(Err(e)) if e.is_not_found() => view! {
                <div class="page-pad" role="alert">
                    <h1 class=css::title>{t(Key::MvNotFound)}</h1>
                    <p><a href="/messages">{t(Key::MessagesTitle)}</a>" · "<a href="/board">{t(Key::BoardTitle)}</a></p>
                </div>
            }
            .into_any(),
            Some(Err(e)) => view! { <ErrorState error=e on_retry=retry/> }.into_any(),
            Some(Ok(m)) => {
                // Its texts are in the language of the moment: shown again when it changes.
                lang.track();
                view! { <MessageView message=m on_change=on_change/> }.into_any()
            }
        }}
    }
}

#[component]
fn MessageView(message: Message, on_change: Callback<Message>) -> impl IntoView {
    let lang = lang();
    let l = lang.get_untracked();
    let m = message.clone();
    let status = m.status;
    let author = m.author.clone();
    let viewing = RwSignal::new(None::<usize>);
    let photos = m.photos.clone();
    let to_label = if m.recipient.kind == HandlerKind::Department { Key::MvToDepartment } else { Key::MvToDeputy };
    let deadline = m.deadline.clone().filter(|_| !matches!(status, MessageStatus::Closed));
    let overdue = m.overdue;
    let can = m.can.clone();
    let reopen_open = can.reopen && m.reopen_until.as_deref().is_none_or(|u| ms(u) > js_sys::Date::now());
    let id = m.id.clone();
    view! {
        <article class=css::detail>
            <h1 class=css::title>{m.title.clone()}</h1>
            <p class=css::badges>
                <span class=format!("{} {}", cards::status, message_status_class(status))>{t(message_status_label(status))}</span>
                {m.track.map(|tr| view! { <span class=cards::tag>{t(track_label(tr))}</span> })}
                {overdue.then(|| view! { <span class=cards::overdue>{t(Key::MsgOverdue)}</span> })}
                {m.category.clone().map(|c| view! { <span>{c.name}</span> })}
                <span>{t(if m.public { Key::MvPublic } else { Key::MvPrivate })}</span>
            </p>
            <dl class=css::facts>
                <dt>{t(to_label)}</dt><dd>{m.recipient.name.clone()}</dd>
                {m.handler.clone().map(|h| view! { <dt>{t(Key::MvHandler)}</dt><dd>{h.name}</dd> })}
                <dt>{t(Key::MvAuthor)}</dt>
                <dd>{author.name.clone()}{author.is_you.then(|| view! { " "{t(Key::MvYou)} })}</dd>
                <dt>{t(Key::MvSentAt)}</dt>
                {
                    let c = m.created_at.clone();
                    let c_attr = c.clone();
                    view! { <dd><time datetime=c_attr>{format::date_time(&c, l)}</time></dd> }
                }
                {deadline.map(|d| {
                    let d2 = d.clone();
                    view! {
                        <dt>{t(Key::MvDeadline)}</dt>
                        <dd>
                            <time datetime=d.clone()>{format::date_time(&d2, l)}</time>
                            " · "
                            <strong class=if overdue { css::late } else { "" }>{
                                let left = if overdue { TimeLeft::Overdue } else { time_left(js_sys::Date::now(), ms(&d)) };
                                time_left_text(left, l)
                            }</strong>
                        </dd>
                    }
                })}
                {m.location.clone().filter(|p| !p.label.trim().is_empty() || p.lat.is_some()).map(|p| view! {
                    <dt>{t(Key::MvLocation)}</dt>
                    <dd>{if p.label.trim().is_empty() { l.text(Key::ComposeLocationAttached).to_string() } else { p.label }}</dd>
                })}
            </dl>
            <p class=css::body>{m.body.clone()}</p>
            {(!photos.is_empty()).then(|| view! {
                <ul class=css::photos aria-label=t(Key::ComposePhotos)>
                    {photos.iter().enumerate().map(|(i, p)| {
                        let alt = if p.alt.is_empty() { fill(l.text(Key::ComposePhotoAlt), &[("n", &(i + 1).to_string())]) } else { p.alt.clone() };
                        let label = fill(l.text(Key::MvPhotoOpen), &[("n", &(i + 1).to_string())]);
                        view! {
                            <li class=css::photo>
                                <button type="button" class=css::photo_btn aria-label=label on:click=move |_| viewing.set(Some(i))>
                                    <SafeImage url=p.url.clone() alt=alt/>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {move || viewing.get().and_then(|i| photos.get(i).cloned()).map(|p| view! {
                <div class=css::viewer role="dialog" aria-modal="true" aria-label=t(Key::MvPhotoViewer)
                    on:keydown=move |ev| if ev.key() == "Escape" { viewing.set(None) }>
                    <SafeImage url=p.url alt=p.alt eager=true/>
                    <button type="button" class="btn" autofocus=true on:click=move |_| viewing.set(None)>{t(Key::MvPhotoClose)}</button>
                </div>
            })}
        </article>
        {(!m.plan.is_empty()).then(|| view! {
            <section class=css::section aria-labelledby="msg-plan">
                <h2 id="msg-plan">{t(Key::MvPlan)}</h2>
                <ol class=css::plan>
                    {m.plan.iter().map(|s| {
                        let due = s.due_at.clone();
                        let state = if s.done {
                            view! { <span class=css::done>{"✓ "}{t(Key::MvPlanDone)}{s.done_at.clone().map(|d| view! { " "{format::date(&d, l)} })}</span> }.into_any()
                        } else if s.overdue {
                            view! { <span class=css::late>{"! "}{t(Key::MvPlanOverdue)}</span> }.into_any()
                        } else {
                            view! { <span>{t(Key::MvPlanPending)}</span> }.into_any()
                        };
                        view! {
                            <li>
                                <span><strong>{s.title.clone()}</strong>
                                    <span class=css::small>{fill(l.text(Key::MvPlanDue), &[("date", &format::date(&due, l))])}</span>
                                </span>
                                {state}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        })}
        {(!m.replies.is_empty()).then(|| view! {
            <section class=css::section aria-labelledby="msg-replies">
                <h2 id="msg-replies">{t(Key::MvConversation)}</h2>
                <ol class=css::convo>
                    {m.replies.iter().map(|r| {
                        let mine = r.from.role == author.role && r.from.name == author.name;
                        let at = r.at.clone();
                        let who = format!("{} · {}", r.from.name, l.text(role_label(r.from.role)));
                        view! {
                            <li class=format!("{} {}", css::bubble, if mine { css::from_author } else { css::from_handler })>
                                <span class=css::small>{who}" · "{format::date_time(&at, l)}</span>
                                {r.body.clone()}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        })}
        {m.rating.clone().map(|r| view! {
            <section class=css::section aria-labelledby="msg-rating">
                <h2 id="msg-rating">{t(Key::MvRating)}</h2>
                <p>
                    <span aria-hidden="true" class=css::star_on>{"★".repeat(r.stars.min(5) as usize)}</span>
                    <span aria-hidden="true">{"☆".repeat(5 - r.stars.min(5) as usize)}</span>
                    " "{fill(l.text(Key::RatingStars), &[("n", &r.stars.to_string())])}
                </p>
                {r.comment.map(|c| view! { <p class=css::body>{c}</p> })}
            </section>
        })}
        {can.follow_up.then(|| view! { <FollowUpForm id=id.clone() on_change=on_change/> })}
        {can.rate.then(|| view! { <RatingForm id=id.clone() on_change=on_change/> })}
        {reopen_open.then(|| view! { <ReopenForm id=id.clone() until=m.reopen_until.clone() on_change=on_change/> })}
        <HandlingPanel message=message on_change=on_change/>
        {(!m.timeline.is_empty()).then(|| view! {
            <section class=css::section aria-labelledby="msg-timeline">
                <h2 id="msg-timeline">{t(Key::MvTimeline)}</h2>
                <ol class=css::timeline>
                    {m.timeline.iter().map(|e| {
                        let at = e.at.clone();
                        let at2 = at.clone();
                        let who = if e.actor.name.is_empty() { String::new() } else { format!("{}（{}）", e.actor.name, l.text(role_label(e.actor.role))) };
                        view! {
                            <li>
                                <time class=css::small datetime=at>{format::date_time(&at2, l)}</time>
                                <strong>{t(timeline_label(e.kind))}</strong>
                                {e.status.map(|s| view! { " → "{t(message_status_label(s))} })}
                                {(!who.is_empty()).then(|| view! { <span class=css::small>{who}</span> })}
                                {e.note.clone().map(|n| view! { <span class=css::body style="display:block;margin:0">{n}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        })}
    }
}

/// The outcome of an action: the updated message, or what went wrong (field errors first).
fn action_error(e: &ApiError, lang: Lang) -> String {
    e.field_errors().first().map(|f| f.message.clone()).unwrap_or_else(|| e.message(lang))
}

/// Posts an action and hands the answer over; `busy` while it runs; errors into `error`.
fn act<B: serde::Serialize + 'static>(
    ep: Endpoint<B, Message>,
    body: B,
    key: Option<String>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    done: impl FnOnce(Message) + 'static,
) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    error.set(None);
    let lang = lang().get_untracked();
    leptos::task::spawn_local(async move {
        let result = api::send(ep, &body, key.as_deref(), &Canceller::default()).await;
        busy.try_set(false);
        match result {
            Ok(m) => done(m),
            Err(e) => {
                error.try_set(Some(action_error(&e, lang)));
            }
        }
    });
}

fn error_view(error: RwSignal<Option<String>>, id: &'static str) -> impl IntoView {
    move || error.get().map(|m| view! { <p class=css::error role="alert" id=id>{m}</p> })
}

/// 追问/补充: with its own draft (`state::drafts`, name `followup.<id>`).
#[component]
fn FollowUpForm(id: String, on_change: Callback<Message>) -> impl IntoView {
    let session = SessionState::get();
    let lang = lang();
    let name = format!("followup.{id}");
    let draft = RwSignal::new(drafts::load_text(session, &name));
    let body = Signal::derive(move || draft.with(|d| d.text.clone()));
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let saved_as = name.clone();
    effect(move || {
        let d = draft.get();
        if d.text.trim().is_empty() {
            drafts::clear(session, &saved_as);
        } else {
            let _ = drafts::save(session, &saved_as, &d);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = body.get_untracked();
        let n = char_count(&text);
        if n == 0 || n > REPLY_MAX {
            let l = lang.get_untracked();
            error.set(Some(if n == 0 { l.text(Key::FollowUpEmpty).to_string() } else { fill(l.text(Key::ComposeErrLong), &[("n", &REPLY_MAX.to_string())]) }));
            return;
        }
        let text = text.trim().to_string();
        let mut key = String::new();
        draft.update(|d| key = d.key_for_send(storage::new_key));
        let name = name.clone();
        act(endpoints::follow_up(&id), NewReply { body: text }, Some(key), busy, error, move |m| {
            drafts::clear(session, &name);
            draft.set(Draft::new(Text::default()));
            on_change.run(m);
        });
    };
    view! {
        <section class=css::section aria-labelledby="msg-followup">
            <h2 id="msg-followup">{t(Key::FollowUpTitle)}</h2>
            <form class=css::field on:submit=submit novalidate=true>
                <label for="followup-body">{t(Key::FollowUpLabel)}</label>
                <textarea id="followup-body" class=css::input rows="4" aria-describedby="followup-error"
                    prop:value=move || body.get() on:input=move |ev| draft.update(|d| d.value.text = event_target_value(&ev))></textarea>
                <p class=css::counter>{move || fill(lang.get().text(Key::ComposeCount), &[("n", &char_count(&body.get()).to_string()), ("max", &REPLY_MAX.to_string())])}</p>
                {error_view(error, "followup-error")}
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {move || lang.get().text(if busy.get() { Key::ComposeSending } else { Key::FollowUpSend })}
                </button>
            </form>
        </section>
    }
}

/// 评价: 1–5 stars (a radio group) and an optional comment.
#[component]
fn RatingForm(id: String, on_change: Callback<Message>) -> impl IntoView {
    let lang = lang();
    let stars = RwSignal::new(0u8);
    let comment = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = stars.get_untracked();
        let l = lang.get_untracked();
        if s == 0 {
            error.set(Some(l.text(Key::RatingPick).to_string()));
            return;
        }
        let c = comment.get_untracked();
        if char_count(&c) > NOTE_MAX {
            error.set(Some(fill(l.text(Key::ComposeErrLong), &[("n", &NOTE_MAX.to_string())])));
            return;
        }
        let c = c.trim().to_string();
        let rating = NewRating { stars: s, comment: (!c.is_empty()).then_some(c) };
        act(endpoints::rate(&id), rating, None, busy, error, move |m| on_change.run(m));
    };
    view! {
        <section class=css::section aria-labelledby="msg-rate">
            <h2 id="msg-rate">{t(Key::RatingTitle)}</h2>
            <form class=css::field on:submit=submit novalidate=true>
                <fieldset class=css::field>
                    <legend>{t(Key::RatingLegend)}</legend>
                    <div class=css::stars>
                        {(1..=5u8).map(|n| view! {
                            <label class={move || if stars.get() >= n { format!("{} {}", css::star, css::star_on) } else { css::star.to_string() }}>
                                <input type="radio" name="rating-stars" value=n.to_string()
                                    prop:checked=move || stars.get() == n on:change=move |_| stars.set(n)/>
                                <span aria-hidden="true">{move || if stars.get() >= n { "★" } else { "☆" }}</span>
                                <span class="visually-hidden">{move || fill(lang.get().text(Key::RatingStars), &[("n", &n.to_string())])}</span>
                            </label>
                        }).collect_view()}
                    </div>
                    <p class=css::hint role="status">{move || match stars.get() {
                        0 => String::new(),
                        n => fill(lang.get().text(Key::RatingStars), &[("n", &n.to_string())]),
                    }}</p>
                </fieldset>
                <label for="rating-comment">{t(Key::RatingComment)}</label>
                <textarea id="rating-comment" class=css::input rows="3"
                    prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                {error_view(error, "rating-error")}
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{t(Key::RatingSend)}</button>
            </form>
        </section>
    }
}

/// 重新办理: the author reopens a closed message with a reason, while still allowed.
#[component]
fn ReopenForm(id: String, until: Option<String>, on_change: Callback<Message>) -> impl IntoView {
    let lang = lang();
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = reason.get_untracked();
        let n = char_count(&r);
        if !(REASON_MIN..=NOTE_MAX).contains(&n) {
            error.set(Some(lang.get_untracked().text(Key::ReopenReasonNeeded).to_string()));
            return;
        }
        act(endpoints::reopen(&id), Reopen { reason: r.trim().to_string() }, None, busy, error, move |m| on_change.run(m));
    };
    view! {
        <section class=css::section aria-labelledby="msg-reopen">
            <h2 id="msg-reopen">{t(Key::ReopenTitle)}</h2>
            {until.map(|u| view! { <p class=css::hint>{move || fill(lang.get().text(Key::ReopenUntil), &[("date", &format::date_time(&u, lang.get()))])}</p> })}
            <form class=css::field on:submit=submit novalidate=true>
                <label for="reopen-reason">{t(Key::ReopenReason)}</label>
                <textarea id="reopen-reason" class=css::input rows="3" aria-describedby="reopen-error"
                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                {error_view(error, "reopen-error")}
                <button type="submit" class="btn" disabled=move || busy.get()>{t(Key::ReopenSend)}</button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_texts() {
        assert_eq!(time_left_text(TimeLeft::Overdue, Lang::Zh), "已超期");
        assert_eq!(time_left_text(TimeLeft::Days(2, 3), Lang::Zh), "还剩 2 天 3 小时");
        assert_eq!(time_left_text(TimeLeft::Hours(5), Lang::Zh), "还剩 5 小时");
        assert_eq!(time_left_text(TimeLeft::Minutes(20), Lang::En), "20 min left");
    }
}
