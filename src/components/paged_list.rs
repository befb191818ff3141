//! A cursor-paged list with infinite scroll, a "load more" button for keyboards and
//! browsers without IntersectionObserver, skeleton / empty / error / offline states, and
//! memory of loaded items and scroll position for returning to it.

use contract::{ArticleSummary, CourseSummary, DeputySummary, EventSummary, MessageSummary, Page, PointsEntry, PollSummary, TopicSummary};
use leptos::ev;
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Mountable, Render};
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::endpoints::{self as ep, Method};
use crate::api::{decode, fetch_raw, ApiError, ArticleFilter, Canceller, MessageList};
use crate::components::cards::{ArticleCard, DeputyCard, EventCard, MessageCard};
use crate::components::states::{EmptyState, ErrorState, SkeletonList};
use crate::i18n::{t, Key};
use crate::state::effect;
use crate::state::lists::{self, Phase};
use crate::state::network::online;

stylance::import_crate_style!(css, "src/components/paged_list.module.css");

/// Prefetch when the end of the list comes within this distance of the viewport.
const PREFETCH_PX: f64 = 800.0;
/// The same distance as an IntersectionObserver root margin (a literal: formatting an `f64`
/// would bring float formatting into the wasm).
const PREFETCH_MARGIN: &str = "800px 0px";

fn scroll_y() -> f64 {
    web_sys::window().and_then(|w| w.scroll_y().ok()).unwrap_or(0.0)
}

fn current_path() -> String {
    web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default()
}

/// What a list shows: which list (for its requests and its memory) and how its pages are read.
/// (One non-generic list component serves every list: a single copy of it and its snapshot
/// code in the wasm.) Made with the constructors below, which the screens call: each kind's
/// decoding is then part of its screens' wasm chunk in the release build, not of the first load.
#[derive(Clone)]
pub struct Source {
    pub list: List,
    decode: fn(Result<String, ApiError>) -> Result<Page<Item>, ApiError>,
    /// How an item is shown (`show_kind` for articles): the card of its kind, unless a screen
    /// shows its items its own way ([`Source::with_render`]).
    render: fn(Item, bool) -> AnyView,
}

/// Which list.
#[derive(Clone, Debug, PartialEq)]
pub enum List {
    Articles(ArticleFilter),
    Events,
    /// Deputies, optionally of one station and/or matching a search, those of `first` (the
    /// user's village's station) first.
    Deputies { station: Option<String>, q: Option<String>, first: Option<String> },
    /// A message list with an optional status (`open` or a status) and category filter.
    Messages { list: MessageList, status: Option<String>, category: Option<String> },
    /// Polls, optionally of one status (`open`, `upcoming`, `closed`).
    Polls { status: Option<String> },
    /// 议事 topics, optionally of one status (`open`, `closed`), one station (and the
    /// township's), matching words; or (`mine`) the viewer's own, whatever their status.
    Topics { status: Option<String>, station: Option<String>, q: Option<String>, mine: bool },
    /// The signed-in user's 积分明细.
    PointsHistory,
    /// 履职学堂's courses, optionally of one level (`basic`, `advanced`) and one track.
    Courses { level: Option<String>, track: Option<String> },
}

impl Source {
    pub fn articles(filter: ArticleFilter) -> Source {
        Source { list: List::Articles(filter), decode: |b| items(b, Item::Article), render: render_article }
    }

    pub fn events() -> Source {
        Source { list: List::Events, decode: |b| items(b, Item::Event), render: render_event }
    }

    pub fn deputies(station: Option<String>, q: Option<String>, first: Option<String>) -> Source {
        Source { list: List::Deputies { station, q, first }, decode: |b| items(b, Item::Deputy), render: render_deputy }
    }

    pub fn messages(list: MessageList, status: Option<String>, category: Option<String>) -> Source {
        Source { list: List::Messages { list, status, category }, decode: |b| items(b, Item::Message), render: render_message }
    }

    /// Polls, shown by `render` (the polls screen's own card, in its chunk).
    pub fn polls(status: Option<String>, render: fn(Item, bool) -> AnyView) -> Source {
        Source { list: List::Polls { status }, decode: |b| items(b, Item::Poll), render }
    }

    /// 议事 topics (`mine`: the viewer's own), shown by `render` (the topics screen's card).
    pub fn topics(status: Option<String>, station: Option<String>, q: Option<String>, mine: bool, render: fn(Item, bool) -> AnyView) -> Source {
        Source { list: List::Topics { status, station, q, mine }, decode: |b| items(b, Item::Topic), render }
    }

    /// The viewer's 积分明细, shown by `render` (the points screen's own rows, in its chunk).
    pub fn points_history(render: fn(Item, bool) -> AnyView) -> Source {
        Source { list: List::PointsHistory, decode: |b| items(b, Item::Points), render }
    }

    /// 履职学堂's courses, shown by `render` (the training screen's card with its ring).
    pub fn courses(level: Option<String>, track: Option<String>, render: fn(Item, bool) -> AnyView) -> Source {
        Source { list: List::Courses { level, track }, decode: |b| items(b, Item::Course), render }
    }

    /// The same list, its items shown by `render` (a screen's own cards: search results with
    /// the words highlighted, deputies to pick). The function is the screen's, so its code
    /// goes with the screen's chunk; it runs under the list's owner (contexts of the screen
    /// are there).
    pub fn with_render(self, render: fn(Item, bool) -> AnyView) -> Source {
        Source { render, ..self }
    }
}

impl PartialEq for Source {
    fn eq(&self, other: &Source) -> bool {
        self.list == other.list
    }
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.list.fmt(f)
    }
}

/// One item of a list.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Article(ArticleSummary),
    Event(EventSummary),
    Deputy(DeputySummary),
    Message(MessageSummary),
    Poll(PollSummary),
    Topic(TopicSummary),
    Points(PointsEntry),
    Course(CourseSummary),
}

fn items<T: serde::de::DeserializeOwned>(body: Result<String, ApiError>, wrap: fn(T) -> Item) -> Result<Page<Item>, ApiError> {
    let page: Page<T> = decode(body)?;
    Ok(Page { items: page.items.into_iter().map(wrap).collect(), next_cursor: page.next_cursor })
}

/// The endpoint of a page of `source` after `cursor`, as method and path (one request for
/// every kind of list; the answer is decoded as the kind's page below).
fn page_request(list: &List, cursor: Option<&str>) -> (Method, String) {
    fn parts<T>(e: ep::Endpoint<(), T>) -> (Method, String) {
        (e.method, e.path)
    }
    match list {
        List::Articles(f) => {
            let sort = (f.relevance && f.q.is_some()).then_some("relevance");
            parts(ep::articles(f.kind.map(|k| k.as_str()), f.category.as_deref(), f.q.as_deref(), sort, cursor, None))
        }
        List::Events => parts(ep::events(cursor)),
        List::Deputies { station, q, first } => parts(ep::deputies(station.as_deref(), q.as_deref(), first.as_deref(), cursor)),
        List::Messages { list, status, category } => parts(list.endpoint(status.as_deref(), category.as_deref(), cursor)),
        List::Polls { status } => parts(ep::polls(status.as_deref(), cursor)),
        List::Topics { mine: true, .. } => parts(ep::my_topics(cursor, None)),
        List::Topics { status, station, q, .. } => parts(ep::topics(status.as_deref(), station.as_deref(), q.as_deref(), cursor, None)),
        List::PointsHistory => parts(ep::points_history(cursor, None)),
        List::Courses { level, track } => parts(ep::courses(level.as_deref(), track.as_deref(), cursor, None)),
    }
}

/// Loads the page of `source` after `cursor` (`None`: the first page).
async fn fetch_page(source: Source, cursor: Option<String>, c: Canceller) -> Result<Page<Item>, ApiError> {
    let (method, path) = page_request(&source.list, cursor.as_deref());
    (source.decode)(fetch_raw(method, &path, &c).await)
}

#[component]
pub fn PagedList(
    /// Identifies this list and its filters, to come back to the same state.
    cache_key: String,
    /// What to load.
    source: Source,
    /// Article cards show the article's kind instead of its category (search results).
    #[prop(optional)]
    show_kind: bool,
    /// Text when the list is empty.
    #[prop(into)]
    empty: Signal<String>,
    /// Told when a load fails (e.g. a 403 the screen shows in its own way).
    #[prop(optional)]
    on_error: Option<Callback<ApiError>>,
    /// Shown under the empty state (e.g. search suggestions).
    #[prop(optional)]
    when_empty: Option<ViewFn>,
) -> impl IntoView {
    let source_render = source.render;
    let restored = lists::restore::<Item>(&cache_key);
    let restored_scroll = restored.as_ref().and(lists::saved_scroll(&cache_key));
    let model = RwSignal::new(restored.unwrap_or_default());
    let key = StoredValue::new(cache_key);
    let canceller = Canceller::for_owner();
    let sentinel = NodeRef::<leptos::html::Div>::new();

    let near_end = move || {
        let Some(el) = sentinel.try_get_untracked().flatten() else { return false };
        let viewport = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(800.0);
        let el: &web_sys::Element = &el;
        let rect = el.get_bounding_client_rect();
        // (not laid out — behind a screen the server drew, index.html's `#snap` — is not near:
        // every figure of its box is 0; the observer below sees it once it is shown)
        rect.width() > 0.0 && rect.top() < viewport + PREFETCH_PX
    };

    // Loads the next page; after it lands, keeps going while the end is still in view
    // (short pages on tall screens).
    let load = StoredValue::new_local(None::<std::rc::Rc<dyn Fn()>>);
    let load_fn: std::rc::Rc<dyn Fn()> = std::rc::Rc::new(move || {
        let Some(cursor) = model.try_update(|m| m.begin()).flatten() else { return };
        let fut = fetch_page(source.clone(), cursor, canceller.clone());
        let cancelled = canceller.clone();
        leptos::task::spawn_local(async move {
            let result = fut.await;
            if cancelled.is_cancelled() {
                return;
            }
            let ok = result.is_ok();
            if let (Some(f), Err(e)) = (on_error, &result) {
                f.run(e.clone());
            }
            model.try_update(|m| {
                m.finish(result);
                key.with_value(|k| lists::save(k, m));
            });
            if ok {
                // Rendering of the new items is batched: measure once they are laid out.
                request_animation_frame(move || {
                    if near_end() {
                        if let Some(f) = load.try_get_value().flatten() {
                            f();
                        }
                    }
                });
            }
        });
    });
    load.set_value(Some(load_fn));
    let run_load = move || {
        if let Some(f) = load.get_value() {
            f();
        }
    };

    // First page (unless we came back to a remembered list), then the saved scroll position.
    if model.with_untracked(|m| matches!(m.phase, Phase::Fresh)) {
        run_load();
    } else if let Some(y) = restored_scroll {
        request_animation_frame(move || {
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, y);
            }
        });
    }

    // Remember the scroll position while this list is the page on screen.
    let path = current_path();
    let scroll_handle = window_event_listener(ev::scroll, move |_| {
        if current_path() == path {
            key.with_value(|k| lists::save_scroll(k, scroll_y()));
        }
    });
    on_cleanup(move || scroll_handle.remove());

    // Infinite scroll.
    type Observer = std::rc::Rc<(web_sys::IntersectionObserver, Closure<dyn FnMut(js_sys::Array)>)>;
    let observer_slot = StoredValue::new_local(None::<Observer>);
    effect(move || {
        let Some(el) = sentinel.get() else { return };
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let hit = entries.iter().any(|e| {
                e.dyn_into::<web_sys::IntersectionObserverEntry>().map(|e| e.is_intersecting()).unwrap_or(false)
            });
            if hit && model.with_untracked(|m| m.error().is_none()) {
                run_load();
            }
        });
        let options = web_sys::IntersectionObserverInit::new();
        options.set_root_margin(PREFETCH_MARGIN);
        if let Ok(observer) =
            web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
        {
            observer.observe(&el);
            observer_slot.set_value(Some(std::rc::Rc::new((observer, callback))));
        }
    });
    let disconnect = SendWrapper::new(move || {
        if let Some(o) = observer_slot.try_get_value().flatten() {
            o.0.disconnect();
        }
    });
    on_cleanup(move || (disconnect.take())());

    // Coming back online retries a failed load.
    let online = online();
    let mut was = None;
    effect(move || {
        let now = online.get();
        if was == Some(false) && now && model.with_untracked(|m| m.error().is_some()) {
            run_load();
        }
        was = Some(now);
    });

    // The items, each rendered once, in order, as it arrives: the list only ever grows (a new
    // list is a new component), so appending is all there is to do — no keyed diffing.
    // Leptos may hand a new list the `<div>` of the list it replaces (same view shape, other
    // filter): the old list takes its items away when it goes, and a new list starts from an
    // empty `<div>` in any case.
    let list = NodeRef::<leptos::html::Div>::new();
    let items_owner = Owner::new();
    let mounted = StoredValue::new_local(Vec::<AnyViewState>::new());
    on_cleanup(move || {
        mounted.try_update_value(|states| states.iter_mut().for_each(|s| s.unmount()));
    });
    effect(move || {
        let count = model.with(|m| m.items.len());
        let Some(parent) = list.get() else { return };
        let shown = mounted.with_value(Vec::len);
        if shown == 0 {
            parent.set_text_content(None);
        }
        if count <= shown {
            return;
        }
        let new: Vec<Item> = model.with_untracked(|m| m.items[shown..count].to_vec());
        untrack(|| {
            items_owner.with(|| {
                for item in new {
                    let mut state = (source_render)(item, show_kind).build();
                    state.mount(&parent, None);
                    mounted.update_value(|m| m.push(state));
                }
            })
        });
    });

    let retry = Callback::new(move |_| run_load());
    let status = move || {
        model.with(|m| {
            if !m.loaded {
                return match m.error() {
                    Some(e) => view! { <ErrorState error=e.clone() on_retry=retry/> }.into_any(),
                    None => view! { <SkeletonList/> }.into_any(),
                };
            }
            if m.is_empty_result() {
                return view! { <EmptyState message=empty/>{when_empty.as_ref().map(|f| f.run())} }.into_any();
            }
            let footer = match (&m.phase, m.is_done()) {
                (Phase::Failed(e), _) => view! { <ErrorState error=e.clone() on_retry=retry inline=true/> }.into_any(),
                (Phase::Loading, _) => view! { <p role="status">{t(Key::ListLoadingMore)}</p> }.into_any(),
                (_, true) => view! { <p>{t(Key::ListEnd)}</p> }.into_any(),
                _ => view! {
                    <button type="button" class="btn" on:click=move |_| run_load()>{t(Key::ListLoadMore)}</button>
                }
                .into_any(),
            };
            view! { <div class=css::footer>{footer}</div> }.into_any()
        })
    };

    view! {
        <div class=css::list node_ref=list></div>
        {status}
        <div class=css::sentinel node_ref=sentinel aria-hidden="true"></div>
    }
}

// One card function per kind, chosen by the constructor like the decoding: so only the kinds a
// screen lists are in its wasm (the first load has article cards only; a `match` over all the
// kinds put the event, deputy and message cards into it: ~2 KiB gzip).
fn render_article(item: Item, show_kind: bool) -> AnyView {
    match item {
        Item::Article(a) => view! { <ArticleCard article=a show_kind=show_kind/> }.into_any(),
        _ => ().into_any(),
    }
}

fn render_event(item: Item, _: bool) -> AnyView {
    match item {
        Item::Event(e) => view! { <EventCard event=e/> }.into_any(),
        _ => ().into_any(),
    }
}

fn render_deputy(item: Item, _: bool) -> AnyView {
    match item {
        Item::Deputy(d) => view! { <DeputyCard deputy=d/> }.into_any(),
        _ => ().into_any(),
    }
}

fn render_message(item: Item, _: bool) -> AnyView {
    match item {
        Item::Message(m) => view! { <MessageCard message=m/> }.into_any(),
        _ => ().into_any(),
    }
}
