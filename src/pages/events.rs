//! 活动: events, ongoing and upcoming first (the server's order), then past ones.

use contract::EventSummary;
use leptos::prelude::*;

use crate::api::{self, Canceller};
use crate::components::cards::EventCard;
use crate::components::paged_list::PagedList;
use crate::components::shell::TopBar;
use crate::i18n::{t, Key};

#[component]
pub fn Events() -> impl IntoView {
    let title = t(Key::EventsTitle);
    let empty = t(Key::ListEmptyEvents);
    view! {
        <TopBar title=Signal::derive(move || title().to_string())/>
        <div style="height:.75rem"></div>
        <PagedList
            cache_key="events".to_string()
            fetch={|cursor: Option<String>, c: Canceller| async move { api::events(cursor.as_deref(), &c).await }}
            render={|e: EventSummary| view! { <EventCard event=e/> }}
            key_of={|e: &EventSummary| e.id.clone()}
            empty=Signal::derive(move || empty().to_string())
        />
    }
}
