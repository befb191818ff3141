//! The app shell: providers, router, tab bar.

#[cfg(zsrd_split)]
use std::future::Future;
#[cfg(zsrd_split)]
use std::pin::Pin;
#[cfg(zsrd_split)]
use std::rc::Rc;

use contract::ArticleKind;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
#[cfg(zsrd_split)]
use leptos_router::lazy_route;
use leptos_router::{path, LazyRoute};

use crate::components::account::SessionExpiredNotice;
use crate::components::shell::{NavHistory, TabBar};
#[cfg(zsrd_split)]
use crate::api::ApiError;
#[cfg(zsrd_split)]
use crate::components::states::ErrorState;
use crate::components::states::{OfflineBanner, UpdatePrompt};
use crate::i18n::{pack, t, Key};
use crate::pages::article::ArticlePage;
use crate::pages::home::{Home, PolicyAndCases};
use crate::pages::me::Me;
use crate::pages::message::MessagePage;
use crate::pages::not_found::NotFound;
use crate::pages::search::Search;
use crate::pages::sign_in::SignIn;
use crate::pages::areas::{alerts_screen, compose_screen, deputy_screen, events_screen, lists_screen, people_screen, points_screen, polls_screen, topics_screen, work_screen};
use crate::pages::training::learn_screen;
use crate::pages::assessments::tests_screen;
use crate::pages::training_admin::admin_screen;
use crate::pages::record::record_screen;
use crate::state::alerts::Alerts;
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
    Alerts::provide();
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        // The app restores list positions itself once their items are back.
        let _ = h.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    // The zh-CN texts of the lazily loaded screens, once the first screen is up (a start on a
    // lazy route asks for them at once, beside its chunk: `WithTexts`).
    set_timeout(|| drop(pack::lazy()), std::time::Duration::from_secs(1));
    view! {
        <Router base=crate::paths::base()>
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
            // The offline mark belongs to the screen that was left.
            if let Some(copy) = crate::state::network::offline_copy() {
                copy.set(0);
            }
        }
        prev = Some(now);
    });
    // Deputies and staff with open work start on 工作台 (a start at `/` only: state::work).
    if let Some(session) = use_context::<SessionState>() {
        let navigate = leptos_router::hooks::use_navigate();
        let still_here = move || history.0.get_untracked() == 0 && location.pathname.with_untracked(|p| crate::paths::app_path(p) == "/");
        let go = move || navigate("/work", leptos_router::NavigateOptions { replace: true, ..Default::default() });
        crate::state::work::on_start(session, still_here, go);
    }
    view! {
        <a class="skip-link" href="#main">{t(Key::SkipToContent)}</a>
        <UpdatePrompt/>
        <OfflineBanner/>
        <SessionExpiredNotice/>
        <main id="main" tabindex="-1">
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view=Home/>
                <Route path=path!("/policy") view=|| view! { <PolicyAndCases kind=ArticleKind::Policy/> }/>
                <Route path=path!("/cases") view=|| view! { <PolicyAndCases kind=ArticleKind::Case/> }/>
                <Route path=path!("/articles/:id") view={Lazy::<ArticleRoute>::new()}/>
                <Route path=path!("/events") view={Lazy::<EventsArea>::new()}/>
                <Route path=path!("/events/:id") view={Lazy::<EventsArea>::new()}/>
                <Route path=path!("/events/:id/attendance") view={Lazy::<RecordArea>::new()}/>
                <Route path=path!("/events/:id/check-in") view={Lazy::<RecordArea>::new()}/>
                <Route path=path!("/search") view={Lazy::<SearchRoute>::new()}/>
                <Route path=path!("/me") view={Lazy::<MeRoute>::new()}/>
                <Route path=path!("/messages") view={Lazy::<ListsArea>::new()}/>
                <Route path=path!("/messages/new") view={Lazy::<ComposeArea>::new()}/>
                <Route path=path!("/messages/:id") view={Lazy::<MessageRoute>::new()}/>
                <Route path=path!("/messages/:id/sent") view={Lazy::<ComposeArea>::new()}/>
                <Route path=path!("/board") view={Lazy::<ListsArea>::new()}/>
                <Route path=path!("/sign-in") view={Lazy::<SignInRoute>::new()}/>
                <Route path=path!("/deputies") view={Lazy::<PeopleArea>::new()}/>
                <Route path=path!("/deputies/:id") view={Lazy::<DeputyArea>::new()}/>
                <Route path=path!("/deputies/:id/card") view={Lazy::<PeopleArea>::new()}/>
                <Route path=path!("/deputies/:id/record") view={Lazy::<RecordArea>::new()}/>
                <Route path=path!("/d/:code") view={Lazy::<DeputyArea>::new()}/>
                <Route path=path!("/stations/:id") view={Lazy::<PeopleArea>::new()}/>
                <Route path=path!("/responsiveness") view={Lazy::<PeopleArea>::new()}/>
                <Route path=path!("/work") view={Lazy::<WorkArea>::new()}/>
                <Route path=path!("/work/moderation") view={Lazy::<WorkArea>::new()}/>
                <Route path=path!("/work/posters") view={Lazy::<WorkArea>::new()}/>
                <Route path=path!("/work/training") view={Lazy::<TrainingAdminArea>::new()}/>
                <Route path=path!("/work/training/assign") view={Lazy::<TrainingAdminArea>::new()}/>
                <Route path=path!("/notifications") view={Lazy::<AlertsArea>::new()}/>
                <Route path=path!("/notifications/settings") view={Lazy::<AlertsArea>::new()}/>
                <Route path=path!("/polls") view={Lazy::<PollsArea>::new()}/>
                <Route path=path!("/polls/new") view={Lazy::<PollsArea>::new()}/>
                <Route path=path!("/polls/:id") view={Lazy::<PollsArea>::new()}/>
                <Route path=path!("/topics") view={Lazy::<TopicsArea>::new()}/>
                <Route path=path!("/topics/new") view={Lazy::<TopicsArea>::new()}/>
                <Route path=path!("/topics/:id") view={Lazy::<TopicsArea>::new()}/>
                <Route path=path!("/points") view={Lazy::<PointsArea>::new()}/>
                <Route path=path!("/me/points") view={Lazy::<PointsArea>::new()}/>
                <Route path=path!("/points/leaderboard") view={Lazy::<PointsArea>::new()}/>
                <Route path=path!("/commendations") view={Lazy::<PointsArea>::new()}/>
                <Route path=path!("/commendations/new") view={Lazy::<PointsArea>::new()}/>
                <Route path=path!("/guide") view={Lazy::<PointsArea>::new()}/>
                <Route path=path!("/training") view={Lazy::<TrainingArea>::new()}/>
                <Route path=path!("/training/courses/:id") view={Lazy::<TrainingArea>::new()}/>
                <Route path=path!("/training/lessons/:id") view={Lazy::<TrainingArea>::new()}/>
                <Route path=path!("/training/practice") view={Lazy::<TrainingArea>::new()}/>
                <Route path=path!("/training/self-check") view={Lazy::<TrainingArea>::new()}/>
                // (a run is `/training/sandbox/:id`: routes of the same shape as the others of
                // the area cost the first load least)
                <Route path=path!("/training/sandbox") view={Lazy::<TrainingArea>::new()}/>
                <Route path=path!("/training/sandbox/:id") view={Lazy::<TrainingArea>::new()}/>
                <Route path=path!("/training/tests") view={Lazy::<TestsArea>::new()}/>
                <Route path=path!("/training/tests/:id") view={Lazy::<TestsArea>::new()}/>
                <Route path=path!("/training/attempts/:id") view={Lazy::<TestsArea>::new()}/>
                <Route path=path!("/me/certificates") view={Lazy::<TestsArea>::new()}/>
                <Route path=path!("/certificates") view={Lazy::<TestsArea>::new()}/>
                <Route path=path!("/certificates/:code") view={Lazy::<TestsArea>::new()}/>
            </Routes>
        </main>
        <TabBar/>
    }
}

/// Every lazy route here waits for the texts of the lazily loaded screens: `Lazy::<XRoute>` in
/// this file is leptos' `Lazy` of `WithTexts<XRoute>`.
#[cfg(zsrd_split)]
type Lazy<R> = leptos_router::Lazy<WithTexts<R>>;
// Without the split (tests, trunk serve) every text is compiled in: nothing to wait for, and
// no extra await between a route and its screen (the browser tests mount and drop whole apps
// one after the other).
#[cfg(not(zsrd_split))]
type Lazy<R> = leptos_router::Lazy<R>;

/// A lazy route whose screen is built once both its chunk and the zh-CN texts of the lazily
/// loaded screens are there (`i18n::pack::lazy`, fetched in parallel with the chunk): none of its
/// labels is read before its text has arrived, and the previous screen stays meanwhile. When the
/// texts cannot be fetched (offline, nothing cached), an error with retry, in first-load texts.
#[cfg(zsrd_split)]
struct WithTexts<R>(R);

#[cfg(zsrd_split)]
impl<R: LazyRoute + Sync> LazyRoute for WithTexts<R> {
    fn data() -> Self {
        WithTexts(R::data())
    }

    async fn view(this: Self) -> AnyView {
        let texts = pack::lazy();
        // (`preload`: the chunk without building the screen)
        R::preload().await;
        // (once more if it failed: the chunk may have waited for the network to come back)
        if texts.await || pack::lazy().await {
            return R::view(this.0).await;
        }
        texts_missing(Rc::new(|| -> Pin<Box<dyn Future<Output = AnyView>>> { Box::pin(R::view(R::data())) }))
    }

    async fn preload() {
        let texts = pack::lazy();
        R::preload().await;
        texts.await;
    }
}

/// The screen builder of a lazy route (one copy of what follows for all of them).
#[cfg(zsrd_split)]
type Build = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = AnyView>>>>;

/// The texts of the lazily loaded screens could not be fetched: an error with retry (and tried
/// again by itself once the network is back, as the offline wording says); the screen once
/// they are there.
#[cfg(zsrd_split)]
fn texts_missing(build: Build) -> AnyView {
    let owner = Owner::current().unwrap_or_default();
    let build = StoredValue::new_local(build);
    let screen = StoredValue::new_local(None::<AnyView>);
    let shown = RwSignal::new(false);
    let retry = Callback::new(move |()| {
        owner.with(|| {
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                if pack::lazy().await {
                    let Some(view) = build.try_with_value(|b| b()) else { return };
                    screen.set_value(Some(view.await));
                    shown.set(true);
                }
            })
        })
    });
    let online = crate::state::network::online();
    let mut was_online = online.get_untracked();
    effect(move || {
        let now = online.get();
        if now && !was_online {
            retry.run(());
        }
        was_online = now;
    });
    let error = move || if crate::api::is_online() { ApiError::Network(String::new()) } else { ApiError::Offline };
    (move || match shown.get() {
        true => screen.try_update_value(Option::take).flatten(),
        false => Some(view! { <ErrorState error=error() on_retry=retry/> }.into_any()),
    })
    .into_any()
}

// Screens outside the reading journey are split into wasm chunks of their own by the release
// build (scripts/build-app sets ZSRD_SPLIT=1, see build.rs): the first load carries only the
// reading screens, and a chunk is fetched the first time its route is shown (the previous
// screen stays until it has arrived). Without ZSRD_SPLIT (trunk serve, tests) the same routes
// are ordinary async routes in the one module.
macro_rules! lazy_routes {
    ($($route:ident => $page:ident,)*) => {$(
        struct $route;

        #[cfg(zsrd_split)]
        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }

        #[cfg(not(zsrd_split))]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    )*};
}

/// A lazy route for the screens of one area (one chunk): its module's `…_screen(path)` picks the
/// screen of the address the router matched. Each lazy route type costs the first load (its
/// stub in the main wasm and its entry in the chunk loader); the screens of an area are used
/// together, so they share one.
macro_rules! lazy_areas {
    ($($route:ident => $screen:path,)*) => {$(
        struct $route;

        #[cfg(zsrd_split)]
        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $screen(crate::paths::app_path(&use_location().pathname.get_untracked()))
            }
        }

        #[cfg(not(zsrd_split))]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $screen(crate::paths::app_path(&use_location().pathname.get_untracked()))
            }
        }
    )*};
}

lazy_areas! {
    AlertsArea => alerts_screen,
    PollsArea => polls_screen,
    TopicsArea => topics_screen,
    PointsArea => points_screen,
    PeopleArea => people_screen,
    ListsArea => lists_screen,
    ComposeArea => compose_screen,
    DeputyArea => deputy_screen,
    EventsArea => events_screen,
    WorkArea => work_screen,
    TrainingArea => learn_screen,
    TestsArea => tests_screen,
    TrainingAdminArea => admin_screen,
    RecordArea => record_screen,
}

lazy_routes! {
    ArticleRoute => ArticlePage,
    SearchRoute => Search,
    MeRoute => Me,
    MessageRoute => MessagePage,
    SignInRoute => SignIn,
}
