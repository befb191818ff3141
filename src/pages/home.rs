//! 首页, the service hub: the township and its mark, big entries to 给代表留言, 找我的代表,
//! 我的留言 (with how many are being handled) and the liaison station's phone, the
//! first-visit offer of larger text, then 人大动态 (an article feed with category chips).
//! Also the policy / case lists.
//!
//! The hub is in the first load: its data is one small request (`GET /meta`), plus the count
//! of one's open messages when signed in; the screens it leads to are lazily loaded.

use contract::{ArticleKind, Meta};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::url::tel_href;
use crate::api::{endpoints, ArticleFilter};
use crate::components::blocks::SafeImage;
use crate::components::chips::CategoryChips;
use crate::components::icons::{Icon, Svg};
use crate::components::paged_list::{PagedList, Source};
use crate::components::shell::TopBar;
use crate::components::states::ErrorState;
use crate::i18n::{fill, lang, t, Key};
use crate::pages::page_css as css;
use crate::state::loader::Loader;
use crate::state::prefs::{FontSize, Prefs};
use crate::state::session::SessionState;

stylance::import_crate_style!(hub_css, "src/pages/hub.module.css");

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
    let meta = Loader::new(endpoints::meta);
    view! {
        <TopBar title=Signal::derive(move || title().to_string())/>
        <LargerTextOffer/>
        <Hub meta=meta/>
        <a class=crate::pages::people_css::events_entry href="/events">
            <Svg icon=Icon::Calendar/>
            <span class=crate::pages::people_css::events_entry_text>
                <strong>{t(Key::HomeEvents)}</strong>
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

/// The township (its mark, short name and full name) and the big entries.
#[component]
fn Hub(meta: Loader<Meta>) -> impl IntoView {
    let session = use_context::<SessionState>();
    let brand = move || match meta.get() {
        Some(Ok(m)) if !m.township.is_empty() || !m.name.is_empty() => {
            let place = if m.township.is_empty() { m.name.clone() } else { m.township.clone() };
            let body = (!m.township.is_empty() && !m.name.is_empty()).then(|| m.name.clone());
            Some(view! {
                <div class=hub_css::brand>
                    // The name beside it says what the mark is: decorative here.
                    {m.emblem.map(|e| view! { <span class=hub_css::emblem><SafeImage url=e.url alt="" eager=true/></span> })}
                    <p class=hub_css::place>
                        <span>{place}</span>
                        {body.map(|b| view! { <span class=hub_css::body_name>{b}</span> })}
                    </p>
                </div>
            })
        }
        _ => None,
    };
    let mine = move || match session.and_then(|s| s.user()) {
        Some(_) => view! { <OpenCount/> }.into_any(),
        None => view! { <span class=hub_css::note>{t(Key::HubMineSignedOut)}</span> }.into_any(),
    };
    view! {
        <div class=hub_css::hub>
            {brand}
            <nav aria-label=t(Key::HubServices)>
                <ul class=hub_css::tiles>
                    <li>
                        <a class=format!("{} {}", hub_css::tile, hub_css::primary) href="/messages/new/to">
                            <Svg icon=Icon::Chat/>
                            <strong>{t(Key::HubWrite)}</strong>
                            <span class=hub_css::note>{t(Key::HubWriteHint)}</span>
                        </a>
                    </li>
                    <li>
                        <a class=hub_css::tile href="/deputies">
                            <Svg icon=Icon::People/>
                            <strong>{t(Key::HubFind)}</strong>
                            <span class=hub_css::note>{t(Key::HubFindHint)}</span>
                        </a>
                    </li>
                    <li>
                        <a class=hub_css::tile href="/messages">
                            <Svg icon=Icon::Policy/>
                            <strong>{t(Key::HubMine)}</strong>
                            {mine}
                        </a>
                    </li>
                    <CallTile meta=meta/>
                </ul>
            </nav>
        </div>
    }
}

/// 我的留言's count of open messages (signed in only).
#[component]
fn OpenCount() -> impl IntoView {
    let lang = lang();
    let summary = Loader::new(endpoints::my_messages_summary);
    move || {
        let text = match summary.get() {
            Some(Ok(s)) if s.open > 0 => fill(lang.get().text(Key::HubMineOpen), &[("n", &s.open.to_string())]),
            Some(Ok(s)) if s.total > 0 => fill(lang.get().text(Key::HubMineAllDone), &[("n", &s.total.to_string())]),
            Some(Ok(_)) => lang.get().text(Key::HubMineNone).to_string(),
            // Loading, or it failed: the entry still leads to the list, which has its own states.
            _ => String::new(),
        };
        view! { <span class=hub_css::note aria-live="polite">{text}</span> }
    }
}

/// The main liaison station's phone as a call button (none when the backend names none).
#[component]
fn CallTile(meta: Loader<Meta>) -> impl IntoView {
    let lang = lang();
    move || match meta.get() {
        None => Some(view! { <li><div class=format!("{} {}", hub_css::tile, hub_css::loading) aria-hidden="true"></div></li> }.into_any()),
        Some(Err(e)) => Some(view! {
            <li class=hub_css::wide><ErrorState error=e on_retry=Callback::new(move |_| meta.refetch()) inline=true/></li>
        }.into_any()),
        Some(Ok(m)) => m.station.and_then(|s| {
            let phone = s.phone.filter(|p| p.chars().any(|c| c.is_ascii_digit()))?;
            let label = fill(lang.get_untracked().text(Key::HubCallLabel), &[("name", &s.name), ("phone", &phone)]);
            Some(view! {
                <li>
                    <a class=hub_css::tile href=tel_href(&phone) aria-label=label>
                        <Svg icon=Icon::Phone/>
                        <strong>{t(Key::HubCall)}</strong>
                        <span class=hub_css::note>{phone.clone()}</span>
                    </a>
                </li>
            }.into_any())
        }),
    }
}

/// The first visit: one tap to larger text (长辈模式, or only a larger 字号), or no; the answer
/// is remembered with the preferences and the offer is not made again. An inline card, not
/// a dialog: nothing is blocked for someone who does not want it. When it is answered, focus
/// moves to the note that replaces it (the button pressed is gone).
#[component]
fn LargerTextOffer() -> impl IntoView {
    let Some(prefs) = use_context::<Prefs>() else { return ().into_any() };
    let answered = RwSignal::new(None::<Key>);
    let note = NodeRef::<leptos::html::P>::new();
    crate::state::effect(move || {
        if let Some(p) = note.get() {
            let _ = p.focus();
        }
    });
    let answer = move |elderly: bool, font: Option<FontSize>, done: Key| {
        if elderly {
            prefs.elderly.set(true);
        }
        if let Some(f) = font {
            prefs.font.set(f);
        }
        prefs.offered.set(true);
        answered.set(Some(done));
    };
    // Decided once: a later change of the settings elsewhere does not bring the card back.
    let offer = prefs.should_offer_larger();
    (move || match answered.get() {
        Some(done) => Some(view! { <p class=hub_css::offer_done role="status" tabindex="-1" node_ref=note>{t(done)}</p> }.into_any()),
        None if offer => Some(view! {
            <section class=hub_css::offer aria-labelledby="offer-title">
                <h2 id="offer-title">{t(Key::OfferTitle)}</h2>
                <p>{t(Key::OfferText)}</p>
                <div class=hub_css::offer_actions>
                    <button type="button" class="btn btn-primary" on:click=move |_| answer(true, None, Key::OfferDoneElderly)>
                        {t(Key::OfferElderly)}
                    </button>
                    <button type="button" class="btn" on:click=move |_| answer(false, Some(FontSize::Larger), Key::OfferDoneLarger)>
                        {t(Key::OfferLarger)}
                    </button>
                    <button type="button" class="btn" on:click=move |_| answer(false, None, Key::OfferDoneNo)>{t(Key::OfferNo)}</button>
                </div>
            </section>
        }.into_any()),
        None => None,
    })
    .into_any()
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
