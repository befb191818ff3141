//! The parts of 首页's hub that depend on the backend or on the person, drawn into the places
//! `pages::home` keeps for them: the township (its mark, short and full name), the main
//! liaison station's phone as a call button, how many of one's messages are being handled,
//! and the first-visit offer of larger text. In the release build this is a wasm chunk of its
//! own (`mount` is a lazy function), so that none of it weighs on the first load.

use contract::Meta;
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Mountable, Render};

use crate::api::endpoints;
use crate::api::url::tel_href;
use crate::components::blocks::SafeImage;
use crate::components::icons::{Icon, Svg};
use crate::components::states::ErrorState;
use crate::i18n::{fill, lang, pack, t, Key};
use crate::state::loader::Loader;
use crate::state::prefs::{FontSize, Prefs};
use crate::state::session::SessionState;

stylance::import_crate_style!(pub hub_css, "src/pages/hub.module.css");

/// Where the parts go: element ids in `pages::home`'s hub (no node refs needed there).
pub const HUB_BRAND: &str = "hub-brand";
pub const HUB_OFFER: &str = "hub-offer";
pub const HUB_MINE: &str = "hub-mine";
pub const HUB_TILES: &str = "hub-tiles";

/// Draws the parts into their places (found by id: see `pages::home`), under `owner` (the
/// hub's); the caller unmounts them when the hub goes. A place that is not there (the hub went
/// away meanwhile) gets nothing.
#[cfg(zsrd_split)]
#[leptos::lazy]
pub async fn mount(owner: Owner) -> Vec<AnyViewState> {
    mount_now(owner)
}

#[cfg(not(zsrd_split))]
pub async fn mount(owner: Owner) -> Vec<AnyViewState> {
    mount_now(owner)
}

fn mount_now(owner: Owner) -> Vec<AnyViewState> {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return Vec::new() };
    let place = |id: &str| doc.get_element_by_id(id);
    let (Some(brand), Some(tiles), Some(mine), Some(offer)) = (place(HUB_BRAND), place(HUB_TILES), place(HUB_MINE), place(HUB_OFFER))
    else {
        return Vec::new();
    };
    owner.with(|| {
        let meta = Loader::new(endpoints::meta);
        let parts = [
            (view! { <Brand meta=meta/> }.into_any(), brand),
            // (at the end of the entries)
            (view! { <PollsTile/> }.into_any(), tiles.clone()),
            (view! { <TopicsTile/> }.into_any(), tiles.clone()),
            (view! { <PointsTile/> }.into_any(), tiles.clone()),
            (view! { <CallTile meta=meta/> }.into_any(), tiles),
            (view! { <OpenCount/> }.into_any(), mine),
            (view! { <LargerTextOffer/> }.into_any(), offer),
        ];
        parts
            .into_iter()
            .map(|(view, place)| {
                let mut state = view.build();
                state.mount(&place, None);
                state
            })
            .collect()
    })
}

/// The township: its mark, short name and the deploying body's full name.
#[component]
fn Brand(meta: Loader<Meta>) -> impl IntoView {
    move || match meta.get() {
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
            }.into_any())
        }
        None => Some(view! { <div class=hub_css::brand_loading aria-hidden="true"></div> }.into_any()),
        // Failed (the call tile offers the retry), or nothing to say.
        _ => None,
    }
}

/// 在线投票: taking part in the township's decisions, one tap from 首页 (the tab bar stays as
/// it is: fewer, bigger tabs for older people).
#[component]
fn PollsTile() -> impl IntoView {
    view! {
        <li>
            <a class=hub_css::tile href="polls">
                <Svg icon=Icon::Vote/>
                <strong>{t(Key::PollsTitle)}</strong>
                <span class=hub_css::note>{t(Key::PollsHubHint)}</span>
            </a>
        </li>
    }
}

/// 议事: the township's questions put to everyone, discussed in comments and closed with a
/// conclusion, one tap from 首页.
#[component]
fn TopicsTile() -> impl IntoView {
    view! {
        <li>
            <a class=hub_css::tile href="topics">
                <Svg icon=Icon::Topic/>
                <strong>{t(Key::TopicsTitle)}</strong>
                <span class=hub_css::note>{t(Key::TopicsHubHint)}</span>
            </a>
        </li>
    }
}

/// 积分与表彰: one tile for 我的积分, 积分榜 and 表彰榜 (its screen offers the three: see
/// `pages::points` for why one tile and not three).
#[component]
fn PointsTile() -> impl IntoView {
    view! {
        <li>
            <a class=hub_css::tile href="points">
                <Svg icon=Icon::Award/>
                <strong>{t(Key::PointsHub)}</strong>
                <span class=hub_css::note>{t(Key::PointsHubHint)}</span>
            </a>
        </li>
    }
}

/// The main liaison station's phone as a call button (none when the backend names none).
#[component]
fn CallTile(meta: Loader<Meta>) -> impl IntoView {
    let lang = lang();
    move || match meta.get() {
        None => Some(view! { <li aria-hidden="true"><div class=format!("{} {}", hub_css::tile, hub_css::loading)></div></li> }.into_any()),
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

/// What 我的留言 says under its name: how many are being handled (signed in), or that signing
/// in shows it.
#[component]
fn OpenCount() -> impl IntoView {
    let session = SessionState::get();
    move || match session.user() {
        Some(_) => view! { <Counted/> }.into_any(),
        None => t(Key::HubMineSignedOut).into_any(),
    }
}

#[component]
fn Counted() -> impl IntoView {
    let lang = lang();
    let summary = Loader::new(endpoints::my_messages_summary);
    move || match summary.get() {
        Some(Ok(s)) if s.open > 0 => fill(lang.get().text(Key::HubMineOpen), &[("n", &s.open.to_string())]),
        Some(Ok(s)) if s.total > 0 => fill(lang.get().text(Key::HubMineAllDone), &[("n", &s.total.to_string())]),
        Some(Ok(_)) => lang.get().text(Key::HubMineNone).to_string(),
        // Loading, or it failed: the entry still leads to the list, which has its own states.
        _ => String::new(),
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
    let guide = guide_texts();
    (move || match answered.get() {
        Some(done) => Some(view! {
            <p class=hub_css::offer_done role="status" tabindex="-1" node_ref=note>{t(done)}" "<GuideLink ready=guide/></p>
        }.into_any()),
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
                <p><GuideLink ready=guide/></p>
            </section>
        }.into_any()),
        None => None,
    })
    .into_any()
}

/// Whether the texts of 看看使用指南 are there. They are the lazily loaded screens'
/// (locales/*/guide.txt: no byte of the first load), fetched a second after the start (`App`) —
/// and not sooner for this link: the first screen's own requests go first.
fn guide_texts() -> RwSignal<bool> {
    let ready = RwSignal::new(false);
    set_timeout(
        move || {
            leptos::task::spawn_local(async move {
                if pack::lazy().await {
                    ready.try_set(true);
                }
            })
        },
        std::time::Duration::from_secs(1),
    );
    ready
}

/// 看看使用指南, on the first-visit card and in the note that replaces it, once its text is there.
#[component]
fn GuideLink(ready: RwSignal<bool>) -> impl IntoView {
    move || ready.get().then(|| view! { <a href="guide">{t(Key::GuideOfferLink)}</a> })
}
