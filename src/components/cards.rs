//! List cards for articles, events, deputies and messages. Each card is an `<article>` whose title link
//! covers the card (one tab stop, a clear accessible name).

use contract::{ArticleKind, ArticleSummary, DeputySummary, EventStatus, EventSummary, MessageStatus, MessageSummary, Role, Track};
use leptos::prelude::*;

use crate::components::blocks::SafeImage;
use crate::components::icons::{Icon, Svg};
use crate::format;
use crate::i18n::{fill, lang, t, tf, Key};

stylance::import_crate_style!(pub css, "src/components/cards.module.css");

pub fn kind_label(kind: ArticleKind) -> Key {
    match kind {
        ArticleKind::News => Key::KindNews,
        ArticleKind::Policy => Key::KindPolicy,
        ArticleKind::Case => Key::KindCase,
        ArticleKind::Unknown => Key::KindUnknown,
    }
}

/// Label of a role (a person's account, who wrote a reply or a timeline entry).
pub fn role_label(role: Role) -> Key {
    match role {
        Role::Citizen => Key::RoleCitizen,
        Role::Deputy => Key::RoleDeputy,
        Role::Staff => Key::RoleStaff,
        Role::Unknown => Key::RoleUnknown,
    }
}

/// Label of a message status (unknown values: a neutral 处理中).
pub fn message_status_label(status: MessageStatus) -> Key {
    match status {
        MessageStatus::Submitted => Key::MsgStatusSubmitted,
        MessageStatus::Accepted => Key::MsgStatusAccepted,
        MessageStatus::Assigned => Key::MsgStatusAssigned,
        MessageStatus::InProgress => Key::MsgStatusInProgress,
        MessageStatus::Replied => Key::MsgStatusReplied,
        MessageStatus::Resolved => Key::MsgStatusResolved,
        MessageStatus::Closed => Key::MsgStatusClosed,
        MessageStatus::Reopened => Key::MsgStatusReopened,
        MessageStatus::Unknown => Key::MsgStatusUnknown,
    }
}

/// Colour class of a message status badge.
pub fn message_status_class(status: MessageStatus) -> &'static str {
    match status {
        MessageStatus::Submitted | MessageStatus::Reopened => css::status_ongoing,
        MessageStatus::Replied | MessageStatus::Resolved => css::status_upcoming,
        MessageStatus::Closed => css::status_past,
        _ => css::status_ongoing,
    }
}

pub fn track_label(track: Track) -> Key {
    match track {
        Track::Fast => Key::TrackFast,
        Track::Major => Key::TrackMajor,
        Track::Unknown => Key::TrackUnknown,
    }
}

/// 评论 3 · 赞 12 on a card, each only when there are any.
fn reactions(comments: u32, likes: u32) -> impl IntoView {
    let one = |key: Key, n: u32| (n > 0).then(|| view! { <span>{tf(key, move || vec![("n", n.to_string())])}</span> });
    (one(Key::CardComments, comments), one(Key::CardLikes, likes))
}

#[component]
pub fn ArticleCard(article: ArticleSummary, #[prop(optional)] show_kind: bool) -> impl IntoView {
    let lang = lang();
    let href = format!("/articles/{}", crate::api::url::encode_component(&article.id));
    let tag = if show_kind {
        Some(view! { <span class=css::tag>{t(kind_label(article.kind))}</span> }.into_any())
    } else {
        article.category.clone().filter(|c| !c.name.is_empty()).map(|c| view! { <span class=css::tag>{c.name}</span> }.into_any())
    };
    let published = article.published_at.clone();
    let published_attr = published.clone();
    let views = article.view_count;
    view! {
        <article class=css::card>
            <div class=css::body>
                <h2 class=css::title><a href=crate::paths::to(&href)>{article.title.clone()}</a></h2>
                {(!article.summary.is_empty()).then(|| view! { <p class=css::summary>{article.summary.clone()}</p> })}
                <p class=css::meta>
                    {tag}
                    {article.source.clone().map(|s| view! { <span>{s}</span> })}
                    <time datetime=published_attr>{move || format::relative(&published, lang.get())}</time>
                    <span>{tf(Key::Views, move || vec![("n", format::count(views, lang.get()))])}</span>
                    {reactions(article.comment_count, article.like_count)}
                </p>
            </div>
            {article.cover.map(|c| view! {
                <div class=css::thumb aria-hidden="true">
                    <SafeImage url=c.url alt=""/>
                </div>
            })}
        </article>
    }
}

/// The badge of an event: 即将开始 only within a day of its start (`format::event_when`),
/// the day it starts when it is further away; 进行中, 已结束.
#[component]
pub fn EventBadge(status: EventStatus, starts_at: String, ends_at: Option<String>) -> impl IntoView {
    use format::EventWhen as W;
    let lang = lang();
    let ms = |t: &str| js_sys::Date::parse(t);
    let when = format::event_when(status, js_sys::Date::now(), ms(&starts_at), ends_at.as_deref().map(ms));
    let class = match when {
        W::Soon | W::Later => css::status_upcoming,
        W::Ongoing => css::status_ongoing,
        W::Past => css::status_past,
        W::Unknown => css::status_unknown,
    };
    let text = move || {
        let l = lang.get();
        match when {
            W::Later => {
                let day = format::with_options(&starts_at, l, &[("month", "long"), ("day", "numeric"), ("weekday", "short")]);
                fill(l.text(Key::EventStartsOn), &[("date", &day)])
            }
            W::Soon => l.text(Key::EventStatusUpcoming).to_string(),
            W::Ongoing => l.text(Key::EventStatusOngoing).to_string(),
            W::Past => l.text(Key::EventStatusPast).to_string(),
            W::Unknown => l.text(Key::EventStatusUnknown).to_string(),
        }
    };
    view! { <span class=format!("{} {}", css::status, class)>{text}</span> }
}

#[component]
pub fn EventCard(event: EventSummary) -> impl IntoView {
    let lang = lang();
    let href = format!("/events/{}", crate::api::url::encode_component(&event.id));
    let starts = event.starts_at.clone();
    let (starts_a, starts_b, starts_c) = (starts.clone(), starts.clone(), starts.clone());
    let status = event.status;
    view! {
        <article class=css::card>
            <div class=css::date_badge aria-hidden="true">
                <span class=css::date_badge_day>{move || day_of_month(&starts_a, lang.get())}</span>
                <span class=css::date_badge_month>{move || month_of(&starts_b, lang.get())}</span>
            </div>
            <div class=css::body>
                <h2 class=css::title><a href=crate::paths::to(&href)>{event.title.clone()}</a></h2>
                <p class=css::line>
                    <EventBadge status=status starts_at=event.starts_at.clone() ends_at=event.ends_at.clone()/>
                </p>
                <p class=css::line>
                    <Svg icon=Icon::Clock/>
                    <time datetime=starts>{move || format::date_time(&starts_c, lang.get())}</time>
                </p>
                {(!event.place.is_empty()).then(|| view! {
                    <p class=css::line><Svg icon=Icon::Place/><span>{event.place.clone()}</span></p>
                })}
            </div>
        </article>
    }
}

fn day_of_month(rfc3339: &str, lang: crate::i18n::Lang) -> String {
    format::with_options(rfc3339, lang, &[("day", "numeric")])
}

fn month_of(rfc3339: &str, lang: crate::i18n::Lang) -> String {
    format::with_options(rfc3339, lang, &[("month", "short")])
}

/// A deputy in a list: photo, name, title, constituency and station.
#[component]
pub fn DeputyCard(deputy: DeputySummary) -> impl IntoView {
    let href = format!("/deputies/{}", crate::api::url::encode_component(&deputy.id));
    view! {
        <article class=css::card>
            {deputy.photo.map(|p| view! {
                <div class=css::avatar aria-hidden="true"><SafeImage url=p.url alt=""/></div>
            })}
            <div class=css::body>
                <h2 class=css::title><a href=crate::paths::to(&href)>{deputy.name}</a></h2>
                <p class=css::meta>
                    <span class=css::tag>{deputy.title}</span>
                    <span>{deputy.constituency}</span>
                </p>
                {deputy.station.map(|s| view! {
                    <p class=css::line><Svg icon=Icon::Place/><span>{s.name}</span></p>
                })}
            </div>
        </article>
    }
}

/// A message in a list: title, status, who it is to, when it was updated, and its deadline
/// or that it is overdue.
#[component]
pub fn MessageCard(message: MessageSummary) -> impl IntoView {
    let lang = lang();
    let href = format!("/messages/{}", crate::api::url::encode_component(&message.id));
    let status = message.status;
    let updated = message.updated_at.clone();
    let updated_attr = updated.clone();
    let to = message.handler.clone().unwrap_or(message.recipient.clone()).name;
    let finished = matches!(status, MessageStatus::Resolved | MessageStatus::Closed);
    let deadline = message.deadline.clone().filter(|_| !message.overdue && !finished);
    view! {
        <article class=css::card>
            <div class=css::body>
                <h2 class=css::title><a href=crate::paths::to(&href)>{message.title.clone()}</a></h2>
                <p class=css::meta>
                    <span class=format!("{} {}", css::status, message_status_class(status))>{t(message_status_label(status))}</span>
                    {message.overdue.then(|| view! { <span class=css::overdue>{t(Key::MsgOverdue)}</span> })}
                    {message.track.map(|tr| view! { <span class=css::tag>{t(track_label(tr))}</span> })}
                    {message.category.clone().map(|c| view! { <span>{c.name}</span> })}
                </p>
                {(!message.excerpt.is_empty()).then(|| view! { <p class=css::summary>{message.excerpt.clone()}</p> })}
                <p class=css::meta>
                    {(!to.is_empty()).then(|| view! { <span>{tf(Key::MsgTo, move || vec![("name", to.clone())])}</span> })}
                    <time datetime=updated_attr>{move || format::relative(&updated, lang.get())}</time>
                    {deadline.map(|d| {
                        let d2 = d.clone();
                        view! { <time datetime=d>{tf(Key::MsgDeadline, move || vec![("date", format::date(&d2, lang.get()))])}</time> }
                    })}
                    {(message.reply_count > 0).then(|| {
                        let n = message.reply_count;
                        view! { <span>{tf(Key::MsgReplies, move || vec![("n", n.to_string())])}</span> }
                    })}
                    {reactions(message.comment_count, message.like_count)}
                </p>
            </div>
        </article>
    }
}
