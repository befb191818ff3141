//! The app shell: providers, router, tab bar.

use contract::ArticleKind;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::components::account::SessionExpiredNotice;
use crate::components::shell::{NavHistory, TabBar};
use crate::components::states::OfflineBanner;
use crate::i18n::{t, Key};
use crate::pages::article::ArticlePage;
use crate::pages::deputies::{DeputyByCode, DeputyCardPage, DeputyPage, Deputies, StationPage};
use crate::pages::event::EventPage;
use crate::pages::events::Events;
use crate::pages::home::{Home, PolicyAndCases};
use crate::pages::compose::Compose;
use crate::pages::me::Me;
use crate::pages::message::MessagePage;
use crate::pages::messages::{Board, Messages};
use crate::pages::not_found::NotFound;
use crate::pages::responsiveness::Responsiveness;
use crate::pages::search::Search;
use crate::pages::sign_in::SignIn;
use crate::pages::work::Work;
use crate::state::effect;
use crate::state::network::Network;
use crate::state::outbox::OutboxState;
use crate::state::prefs::Prefs;
use crate::state::session::SessionState;

#[component]
pub fn App() -> impl IntoView {
    Prefs::provide();
    SessionState::provide();
    Network::provide();
    OutboxState::provide();
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        // The app restores list positions itself once their items are back.
        let _ = h.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    view! {
        <Router>
            <Shell/>
        </Router>
    }
}

#[component]
fn Shell() -> impl IntoView {
    let history = NavHistory(RwSignal::new(0));
    provide_context(history);
    let location = use_location();
    let mut prev: Option<String> = None;
    effect(move || {
        let now = format!("{}?{}", location.pathname.get(), location.search.get());
        if prev.as_ref().is_some_and(|p| *p != now) {
            history.0.update(|n| *n += 1);
        }
        prev = Some(now);
    });
    view! {
        <a class="skip-link" href="#main">{t(Key::SkipToContent)}</a>
        <OfflineBanner/>
        <SessionExpiredNotice/>
        <main id="main" tabindex="-1">
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view=Home/>
                <Route path=path!("/policy") view=|| view! { <PolicyAndCases kind=ArticleKind::Policy/> }/>
                <Route path=path!("/cases") view=|| view! { <PolicyAndCases kind=ArticleKind::Case/> }/>
                <Route path=path!("/articles/:id") view=ArticlePage/>
                <Route path=path!("/events") view=Events/>
                <Route path=path!("/events/:id") view=EventPage/>
                <Route path=path!("/search") view=Search/>
                <Route path=path!("/me") view=Me/>
                <Route path=path!("/messages") view=Messages/>
                <Route path=path!("/messages/new") view=Compose/>
                <Route path=path!("/messages/:id") view=MessagePage/>
                <Route path=path!("/board") view=Board/>
                <Route path=path!("/sign-in") view=SignIn/>
                <Route path=path!("/deputies") view=Deputies/>
                <Route path=path!("/deputies/:id") view=DeputyPage/>
                <Route path=path!("/deputies/:id/card") view=DeputyCardPage/>
                <Route path=path!("/d/:code") view=DeputyByCode/>
                <Route path=path!("/stations/:id") view=StationPage/>
                <Route path=path!("/responsiveness") view=Responsiveness/>
                <Route path=path!("/work") view=Work/>
            </Routes>
        </main>
        <TabBar/>
    }
}
