//! An event: its badge, time range, place, organiser, then what one can do — join online when
//! it can be joined, call and navigate to the place (`components::places`, as for stations),
//! add it to the phone's calendar (a `.ics` file made here: [`calendar`]) — and the
//! description blocks.

pub mod calendar;

use contract::{Event, EventStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::url::resolve;
use crate::components::download::{offer, revoke};
use crate::components::blocks::{RichText, SafeImage};
use crate::components::cards::EventBadge;
use crate::components::places::{Browser, CallAndNavigate, Place};
use crate::components::share::{link_to, ShareButton};
use crate::components::shell::TopBar;
use crate::state::wechat::ShareCard;
use crate::components::states::detail_state;
use crate::format;
use crate::i18n::{lang, t, Key, Lang};
use crate::pages::page_css as css;
use crate::state::loader::Loader;

stylance::import_crate_style!(ev, "src/pages/event/event.module.css");

/// "2026年12月3日 09:00 至 11:00", or both dates when the event spans days.
pub fn time_range(starts: &str, ends: Option<&str>, lang: Lang) -> String {
    let start = format::date_time(starts, lang);
    match ends {
        Some(end) if format::same_day(starts, end) => format!("{start} {} {}", lang.text(Key::EventUntil), format::time(end, lang)),
        Some(end) => format!("{start} {} {}", lang.text(Key::EventUntil), format::date_time(end, lang)),
        None => start,
    }
}

/// Where "join online" goes: a screen of this app, or another site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JoinLink {
    /// A path of the app (`/messages?status=resolved`), opened in place.
    InApp(String),
    /// An http(s) URL, opened in a new tab.
    External(String),
}

/// The link of the contract's `online.url`, by the rules of every URL from the API
/// (`api::url::resolve`: http(s) or a path, no other scheme); a path is a screen of this
/// app. `None` for anything else.
pub fn join_link(url: &str) -> Option<JoinLink> {
    let resolved = resolve("", url)?;
    match resolved.strip_prefix('/') {
        // "/\host" is "//host" to browsers: not a path of this app
        Some(rest) if rest.starts_with(['/', '\\']) => None,
        Some(_) => Some(JoinLink::InApp(resolved)),
        None => Some(JoinLink::External(resolved)),
    }
}

#[component]
pub fn EventPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let event = Loader::new(move || crate::api::endpoints::event(&id.get()));
    let title = t(Key::EventTitle);
    let doc_title = Signal::derive(move || match event.get() {
        Some(Ok(e)) => e.summary.title,
        _ => String::new(),
    });
    let retry = Callback::new(move |_| event.refetch());
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) doc_title=doc_title back_to="/events" heading=false/>
        {move || detail_state(event.get().map(|r| r.map(|x| view! { <EventView event=x/> }.into_any())), retry)}
    }
}

#[component]
fn EventView(event: Event) -> impl IntoView {
    let lang = lang();
    let s = event.summary.clone();
    let starts = s.starts_at.clone();
    let ends = s.ends_at.clone();
    let past = s.status == EventStatus::Past;
    let join = event.online.clone().filter(|_| !past).and_then(|o| join_link(&o.url).map(|l| (l, o.label)));
    let card = ShareCard {
        title: s.title.clone(),
        desc: s.summary.clone(),
        link: link_to(&format!("/events/{}", crate::api::url::encode_component(&s.id))),
        image: s.cover.as_ref().and_then(|c| crate::components::share::picture(&c.url)),
    };
    view! {
        <article class=css::detail>
            <h1 class=css::detail_title>{s.title.clone()}</h1>
            <p class=css::meta>
                <EventBadge status=s.status starts_at=s.starts_at.clone() ends_at=s.ends_at.clone()/>
            </p>
            <dl class=css::facts>
                <div class=css::fact>
                    <dt>{t(Key::EventWhen)}</dt>
                    <dd><time datetime=s.starts_at.clone()>{move || time_range(&starts, ends.as_deref(), lang.get())}</time></dd>
                </div>
                {(!s.place.is_empty()).then(|| view! {
                    <div class=css::fact><dt>{t(Key::EventWhere)}</dt><dd>{s.place.clone()}</dd></div>
                })}
                {(!s.organiser.is_empty()).then(|| view! {
                    <div class=css::fact><dt>{t(Key::EventOrganiser)}</dt><dd>{s.organiser.clone()}</dd></div>
                })}
            </dl>
            {join.map(|(link, label)| view! { <Join link=link label=label/> })}
            {call_and_navigate(&event)}
            {(!past).then(|| view! { <AddToCalendar event=event.clone()/> })}
            <StaffAttendance id=s.id.clone()/>
            {s.cover.map(|c| view! {
                <figure class=css::cover>
                    <SafeImage url=c.url alt=c.alt width=c.width height=c.height eager=true/>
                </figure>
            })}
            {(!s.summary.is_empty()).then(|| view! { <p><strong>{s.summary.clone()}</strong></p> })}
            <RichText blocks=event.description/>
            <ShareButton card=card/>
        </article>
    }
}

/// 拨打 and 导航 where the event has a phone or a position (a place's name alone is often not
/// findable on a map: "龙湾圩农贸市场入口"); the call goes to the organiser.
fn call_and_navigate(event: &Event) -> Option<AnyView> {
    let s = &event.summary;
    let position = event.lat.zip(event.lng);
    let place = position.map(|p| Place { name: s.place.clone(), address: String::new(), position: Some(p) });
    let phone = event.phone.clone();
    (phone.is_some() || place.is_some()).then(|| match (phone, place) {
        (Some(phone), Some(place)) => view! { <CallAndNavigate phone=phone callee=s.organiser.clone() place=place/> }.into_any(),
        (Some(phone), None) => view! { <CallAndNavigate phone=phone callee=s.organiser.clone()/> }.into_any(),
        (None, place) => view! { <CallAndNavigate callee=s.organiser.clone() place=place.unwrap_or_default()/> }.into_any(),
    })
}

/// 线上参与: the big link to where the event is joined online.
#[component]
fn Join(link: JoinLink, label: String) -> impl IntoView {
    let text = move || if label.trim().is_empty() { lang().get_untracked().text(Key::EventJoin).to_string() } else { label.trim().to_string() };
    view! {
        <section class=ev::block aria-labelledby="event-join">
            <h2 id="event-join" class=ev::block_title>{t(Key::EventJoinTitle)}</h2>
            {match link {
                JoinLink::InApp(href) => view! { <a class=format!("btn btn-primary {}", ev::wide) href=crate::paths::to(&href)>{text()}</a> }.into_any(),
                JoinLink::External(href) => view! {
                    <a class=format!("btn btn-primary {}", ev::wide) href=href target="_blank" rel="noopener noreferrer" aria-describedby="event-join-hint">{text()}</a>
                    <p id="event-join-hint" class=ev::hint>{t(Key::EventJoinExternal)}</p>
                }.into_any(),
            }}
        </section>
    }
}

/// 加入手机日历: a button that downloads the event's `.ics` file (a Blob URL, revoked when
/// the screen goes or another is made). Inside WeChat downloads do not work (its webview
/// ignores them, as do other in-app browsers): it says how to open the page in the browser
/// instead.
#[component]
fn AddToCalendar(event: Event) -> impl IntoView {
    let made: StoredValue<Option<String>, LocalStorage> = StoredValue::new_local(None);
    on_cleanup(move || revoke(made));
    if Browser::current() == Browser::InApp {
        return view! { <p class=ev::hint>{t(Key::EventCalendarWechat)}</p> }.into_any();
    }
    let download = move |_| {
        let Some(window) = web_sys::window() else { return };
        let location = window.location();
        let host = location.hostname().unwrap_or_default();
        let page = location.href().unwrap_or_default();
        let join = event.online.as_ref().and_then(|o| join_link(&o.url)).map(|l| match l {
            JoinLink::InApp(path) => crate::components::qr::app_origin() + &path,
            JoinLink::External(url) => url,
        });
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let Some(text) = calendar::ics(&event, &page, join.as_deref(), &host, now) else { return };
        revoke(made);
        made.set_value(offer(&text, &calendar::file_name(&event.summary.title), "text/calendar;charset=utf-8"));
    };
    view! {
        <div class=ev::block>
            <button type="button" class=format!("btn {}", ev::wide) aria-describedby="event-calendar-hint" on:click=download>
                {t(Key::EventCalendar)}
            </button>
            <p id="event-calendar-hint" class=ev::hint>{t(Key::EventCalendarHint)}</p>
        </div>
    }
    .into_any()
}

/// For staff: the event's check-in QR and attendance list (its own screen).
#[component]
fn StaffAttendance(id: String) -> impl IntoView {
    let session = crate::state::session::SessionState::get();
    move || {
        session.has_role(contract::Role::Staff).then(|| view! {
            <p class=ev::hint><a href=crate::paths::to(&format!("/events/{id}/attendance"))>{t(Key::RcAttendanceLink)}</a></p>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_links_are_app_paths_or_http_urls_and_nothing_else() {
        assert_eq!(join_link("/messages?status=resolved"), Some(JoinLink::InApp("/messages?status=resolved".into())));
        assert_eq!(join_link("https://live.example.org/x"), Some(JoinLink::External("https://live.example.org/x".into())));
        assert_eq!(join_link("HTTP://live.example.org/x"), Some(JoinLink::External("HTTP://live.example.org/x".into())));
        assert_eq!(join_link("//live.example.org/x"), Some(JoinLink::External("https://live.example.org/x".into())));
        for bad in ["", "  ", "javascript:alert(1)", "data:text/html,x", "weixin://dl/business", "/\\evil.example", "tel:110"] {
            assert_eq!(join_link(bad), None, "{bad}");
        }
    }
}
