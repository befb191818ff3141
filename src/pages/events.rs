//! 相关活动: events, ongoing and upcoming first (the server's order), then past ones. The one
//! name of events everywhere (this title, the entry on 首页) is the key `events_title`.

use leptos::prelude::*;

use crate::components::paged_list::{PagedList, Source};
use crate::components::shell::TopBar;
use crate::i18n::{t, Key};

#[component]
pub fn Events() -> impl IntoView {
    let title = t(Key::EventsTitle);
    let empty = t(Key::ListEmptyEvents);
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/"/>
        <div style="height:.75rem"></div>
        <PagedList
            cache_key="events".to_string()
            source=Source::events()
            empty=Signal::derive(move || empty().to_string())
        />
    }
}
