//! 首页, the service hub: the township and its mark, big entries to 给代表留言, 找我的代表,
//! 我的留言 (with how many are being handled) and the liaison station's phone, the
//! first-visit offer of larger text, then 人大动态 (an article feed with category chips).
//! Also the policy / case lists.
//!
//! The hub's entries are in the first load; what it shows of the backend (one small request,
//! `GET /meta`) and of the person is drawn by `pages::hub`, loaded on its own.

use contract::ArticleKind;
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::Mountable;
use leptos_router::hooks::use_query_map;

use crate::api::{endpoints, ArticleFilter};
use crate::components::chips::CategoryChips;
use crate::components::icons::{Icon, Svg};
use crate::components::paged_list::{PagedList, Source};
use crate::components::shell::TopBar;
use crate::i18n::{t, Key};
use crate::pages::hub::{hub_css, HUB_BRAND, HUB_MINE, HUB_OFFER, HUB_TILES};
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
            let filter = ArticleFilter { kind: Some(kind), category: category.get(), ..ArticleFilter::default() };
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
    let title = t(Key::AppName);
    view! {
        <TopBar title=Signal::derive(move || title().to_string())/>
        <Hub/>
        <a class=hub_css::events_entry href="events">
            <Svg icon=Icon::Calendar/>
            <span class=hub_css::events_entry_text>
                <strong>{t(Key::EventsTitle)}</strong>
                <span>{t(Key::HomeEventsHint)}</span>
            </span>
            <span aria-hidden="true">"›"</span>
        </a>
        <section aria-labelledby="home-news">
            <h2 class=hub_css::news_title id="home-news">{t(Key::HomeTitle)}</h2>
            <ArticleFeed kind=ArticleKind::News base="/"/>
        </section>
    }
}

/// The hub: the big entries are plain links, here at once; what depends on the backend or on
/// the person — the township and its mark, the station's phone, how many of one's messages are
/// being handled, the first-visit offer of larger text — is drawn into its places by
/// `pages::hub`, a wasm chunk of its own (keeping the first load within its budget), as soon as
/// it has arrived.
#[component]
fn Hub() -> impl IntoView {
    // The parts' owner lives as long as the hub: a parent holds its children weakly, so the
    // owner dropped after `mount` would take the parts' effects (their requests) with it.
    let owner = Owner::new();
    let keep = owner.clone();
    let mounted = StoredValue::new_local(Some(Vec::<AnyViewState>::new()));
    on_cleanup(move || {
        if let Some(Some(states)) = mounted.try_update_value(Option::take) {
            states.into_iter().for_each(|mut s| s.unmount());
        }
        drop(keep);
    });
    // After this view is in the page (its places are found by id).
    request_animation_frame(move || {
        leptos::task::spawn_local(async move {
            let mut states = Some(crate::pages::hub::mount(owner).await);
            mounted.try_update_value(|m| {
                if let Some(m) = m.as_mut() {
                    m.extend(states.take().unwrap_or_default());
                }
            });
            // (the screen went away meanwhile: taken down at once)
            states.into_iter().flatten().for_each(|mut s| s.unmount());
        })
    });
    let tiles = [
        ("/messages/new?choose=1", Icon::Chat, Key::HubWrite, Some(Key::HubWriteHint), ""),
        ("/deputies", Icon::People, Key::HubFind, Some(Key::HubFindHint), ""),
        ("/messages", Icon::Policy, Key::HubMine, None, HUB_MINE),
    ];
    view! {
        <div id=HUB_OFFER></div>
        <div class=hub_css::hub>
            <div id=HUB_BRAND></div>
            <nav aria-label=t(Key::HubServices)>
                <ul class=hub_css::tiles id=HUB_TILES>
                    {tiles.into_iter().map(|(href, icon, title, hint, id)| view! {
                        <li>
                            <a class=hub_css::tile href=crate::paths::to(&href)>
                                <Svg icon=icon/>
                                <strong>{t(title)}</strong>
                                <span class=hub_css::note id=(!id.is_empty()).then_some(id)>{hint.map(t)}</span>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            </nav>
        </div>
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
            <ul class=crate::components::chips::css::segmented>
                {tabs
                    .into_iter()
                    .map(|(href, k, label)| view! {
                        <li><a class=crate::components::chips::css::segment href=crate::paths::to(&href) aria-current=(k == kind).then_some("page")>{t(label)}</a></li>
                    })
                    .collect_view()}
            </ul>
        </nav>
        <ArticleFeed kind=kind base=if kind == ArticleKind::Case { "/cases" } else { "/policy" }/>
    }
}
