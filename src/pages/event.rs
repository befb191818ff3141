//! An event: status, time range, place, organiser and the description blocks.

use contract::Event;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::endpoints;
use crate::components::blocks::{RichText, SafeImage};
use crate::components::cards::{css as card_css, status_class, status_label};
use crate::components::shell::TopBar;
use crate::components::states::detail_state;
use crate::format;
use crate::i18n::{lang, t, Key, Lang};
use crate::pages::page_css as css;
use crate::state::loader::Loader;

/// "2026年12月3日 09:00 至 11:00", or both dates when the event spans days.
pub fn time_range(starts: &str, ends: Option<&str>, lang: Lang) -> String {
    let start = format::date_time(starts, lang);
    match ends {
        Some(end) if format::same_day(starts, end) => format!("{start} {} {}", lang.text(Key::EventUntil), format::time(end, lang)),
        Some(end) => format!("{start} {} {}", lang.text(Key::EventUntil), format::date_time(end, lang)),
        None => start,
    }
}

#[component]
pub fn EventPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let event = Loader::new(move || endpoints::event(&id.get()));
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
    let s = event.summary;
    let starts = s.starts_at.clone();
    let ends = s.ends_at.clone();
    let status = s.status;
    view! {
        <article class=css::detail>
            <h1 class=css::detail_title>{s.title.clone()}</h1>
            <p class=css::meta>
                <span class=format!("{} {}", card_css::status, status_class(status))>{t(status_label(status))}</span>
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
            {s.cover.map(|c| view! {
                <figure class=css::cover>
                    <SafeImage url=c.url alt=c.alt width=c.width height=c.height eager=true/>
                </figure>
            })}
            {(!s.summary.is_empty()).then(|| view! { <p><strong>{s.summary.clone()}</strong></p> })}
            <RichText blocks=event.description/>
        </article>
    }
}
