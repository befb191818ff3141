//! 首页 (人大动态) and the policy / case lists: an article feed with category chips.

use contract::ArticleKind;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{endpoints, ArticleFilter};
use crate::components::chips::CategoryChips;
use crate::components::icons::{Icon, Svg};
use crate::components::paged_list::{PagedList, Source};
use crate::components::shell::TopBar;
use crate::i18n::{t, Key};
use crate::pages::page_css as css;
use crate::state::loader::Loader;

/// The article list of one kind, filtered by the `category` query parameter.
#[component]
fn ArticleFeed(kind: ArticleKind, base: &'static str) -> impl IntoView {
    let query = use_query_map();
    let category = Memo::new(move |_| query.with(|q| q.get("category")).filter(|c| !c.trim().is_empty()));
    let categories = Loader::new(move || endpoints::categories(Some(kind.as_str())));
    let chips = move || {
        categories.get().and_then(|r| r.ok()).filter(|p| !p.items.is_empty()).map(|page| {
            view! { <CategoryChips base=base categories=page.items current=category/> }
        })
    };
    let empty = t(Key::ListEmptyArticles);
    view! {
        <div style="min-height:3.5rem">{chips}</div>
        {move || {
            let filter = ArticleFilter { kind: Some(kind), category: category.get(), q: None };
            let cache_key = format!("articles:{}:{}", kind.as_str(), filter.category.clone().unwrap_or_default());
            view! {
                <PagedList
                    cache_key=cache_key
                    source=Source::articles(filter)
                    empty=Signal::derive(move || empty().to_string())
                />
            }
        }}
    }
}

#[component]
pub fn Home() -> impl IntoView {
    let title = t(Key::HomeTitle);
    view! {
        <TopBar title=Signal::derive(move || title().to_string())/>
        <a class=crate::pages::people_css::events_entry href="/events">
            <Svg icon=Icon::Calendar/>
            <span class=crate::pages::people_css::events_entry_text>
                <strong>{t(Key::EventsTitle)}</strong>
                <span>{t(Key::HomeEventsHint)}</span>
            </span>
            <span aria-hidden="true">"›"</span>
        </a>
        <ArticleFeed kind=ArticleKind::News base="/"/>
    }
}

/// 政策: policy explainers (`/policy`) and the case library (`/cases`), as two tabs.
#[component]
pub fn PolicyAndCases(kind: ArticleKind) -> impl IntoView {
    let title = t(Key::PolicyTitle);
    let tabs = [("/policy", ArticleKind::Policy, Key::KindPolicy), ("/cases", ArticleKind::Case, Key::KindCase)];
    view! {
        <TopBar title=Signal::derive(move || title().to_string())/>
        <nav aria-label=t(Key::PolicyTabs)>
            <ul class=css::segmented>
                {tabs
                    .into_iter()
                    .map(|(href, k, label)| view! {
                        <li><a class=css::segment href=href aria-current=(k == kind).then_some("page")>{t(label)}</a></li>
                    })
                    .collect_view()}
            </ul>
        </nav>
        <ArticleFeed kind=kind base=if kind == ArticleKind::Case { "/cases" } else { "/policy" }/>
    }
}
