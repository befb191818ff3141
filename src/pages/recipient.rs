//! 选择留言对象 (`/messages/new?choose=1`, `&from=compose` when opened from the form): a screen
//! of its own to choose whom a message goes to — a search, "不确定找谁？交给联络站" (the main liaison
//! station, whose staff triage it), my village, the deputies (my village's first, each with
//! constituency and station) and the township's departments.
//!
//! An address of its own rather than a dialog inside the form: the phone's back button closes
//! it, it has the whole screen, and a link can open it (the home screen does); it comes with the
//! form's wasm chunk (the form's route with `?choose`: no route of its own in the first load). The
//! choice goes back to compose as `?to=kind:id`; when it was opened from the form and someone
//! is signed in, the choice is written into their draft and the screen steps back instead,
//! so that back from the form does not land on the form again.

use contract::{Department, HandlerKind, StationContact};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

use crate::api::{endpoints, url};
use crate::components::blocks::SafeImage;
use crate::components::icons::{Icon, Svg};
use crate::components::paged_list::{Item, PagedList, Source};
use crate::components::shell::{NavHistory, TopBar};
use crate::components::states::{ErrorState, SkeletonList};
use crate::components::village::VillageChooser;
use crate::i18n::{fill, lang, t, Key};
use crate::state::drafts::{self, Draft};
use crate::state::loader::Loader;
use crate::state::outbox::{self, Compose};
use crate::state::session::SessionState;
use crate::state::village;
use crate::pages::page_css as pcss;

stylance::import_crate_style!(css, "src/pages/recipient.module.css");

/// Waits this long after the last keystroke before searching the deputies.
const SEARCH_DELAY_MS: i32 = 400;

/// The compose form with a recipient: `/messages/new?to=<kind>:<id>`.
pub fn compose_href(kind: HandlerKind, id: &str) -> String {
    format!("/messages/new?to={}:{}", kind.as_str(), url::encode_component(id))
}

/// Whether a department matches what was typed (name or what it handles; every term).
pub fn department_matches(d: &Department, q: &str) -> bool {
    let text = format!("{} {}", d.name, d.description).to_lowercase();
    q.split_whitespace().all(|term| text.contains(&term.to_lowercase()))
}

/// What the deputies' cards need to pick and to mark "my village".
#[derive(Clone, Copy)]
struct Picking {
    pick: Callback<(HandlerKind, String, String)>,
    my_station: Signal<Option<String>>,
}

#[component]
pub fn RecipientPicker() -> impl IntoView {
    let lang = lang();
    let session = SessionState::get();
    let navigate = use_navigate();
    let query = use_query_map();
    let from_compose = query.with_untracked(|q| q.get("from").as_deref() == Some("compose"));
    let history = use_context::<NavHistory>();

    let pick = Callback::new(move |(kind, id, name): (HandlerKind, String, String)| {
        let back = from_compose && history.is_some_and(|h| h.0.get_untracked() > 0) && session.user_id_untracked().is_some();
        if back {
            let mut draft = outbox::load_draft(session).unwrap_or_else(|| Draft::new(Compose::default()));
            draft.to_kind = Some(kind);
            draft.to_id = id.clone();
            draft.to_name = name;
            if drafts::save(session, outbox::DRAFT, &draft).is_ok() {
                if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                    let _ = h.back();
                    return;
                }
            }
        }
        // The form reads `?to=` (and names it); this screen is not kept in the history.
        navigate(&compose_href(kind, &id), NavigateOptions { replace: true, ..Default::default() });
    });

    let meta = Loader::new(endpoints::meta);
    let stations = Loader::new(endpoints::stations);
    let mine = RwSignal::new(village::load());
    let my_station = Signal::derive(move || mine.with(|v| v.as_ref().map(|v| v.station_id.clone())));
    provide_context(Picking { pick, my_station });

    // What is typed, and what is searched (a moment after typing stops, or at once on 搜索).
    let text = RwSignal::new(String::new());
    let searched = RwSignal::new(String::new());
    let typed = move |value: String| {
        text.set(value.clone());
        let Some(w) = web_sys::window() else { return };
        let later = wasm_bindgen::closure::Closure::once_into_js(move || {
            if text.try_get_untracked().as_deref() == Some(value.as_str()) {
                searched.try_set(value.trim().to_string());
            }
        });
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), SEARCH_DELAY_MS);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        searched.set(text.get_untracked().trim().to_string());
    };

    let station_option = move || match meta.get() {
        None => Some(view! { <p role="status">{t(Key::Loading)}</p> }.into_any()),
        Some(Err(e)) => Some(view! { <ErrorState error=e on_retry=Callback::new(move |_| meta.refetch()) inline=true/> }.into_any()),
        Some(Ok(m)) => m.station.map(|s| view! { <StationOption station=s/> }.into_any()),
    };
    let chooser = move || match stations.get() {
        Some(Ok(page)) => Some(view! { <VillageChooser stations=page.items chosen=mine id="pick-village"/> }.into_any()),
        Some(Err(e)) => Some(view! { <ErrorState error=e on_retry=Callback::new(move |_| stations.refetch()) inline=true/> }.into_any()),
        None => None,
    };
    let deputies = move || {
        let q = searched.get();
        let first = my_station.get();
        let key = format!("pick:{q}:{}", first.clone().unwrap_or_default());
        let empty_q = q.clone();
        let empty = Signal::derive(move || {
            if empty_q.is_empty() {
                lang.get().text(Key::DeputiesEmpty).to_string()
            } else {
                lang.get().text(Key::ComposeNoDeputy).to_string()
            }
        });
        let source = Source::deputies(None, (!q.is_empty()).then_some(q), first).with_render(deputy_to_pick);
        view! { <PagedList cache_key=key source=source empty=empty/> }
    };
    let title = t(Key::PickTitle);
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/messages/new" search=false/>
        <form class=pcss::search_form role="search" on:submit=submit>
            <label for="pick-q" class="visually-hidden">{t(Key::PickSearch)}</label>
            <input id="pick-q" class=pcss::search_input type="search" autocomplete="off" maxlength="50" enterkeyhint="search"
                placeholder=t(Key::PickSearch)
                prop:value=move || text.get() on:input=move |ev| typed(event_target_value(&ev))/>
            <button type="submit" class="btn btn-primary"><Svg icon=Icon::Search/>{t(Key::PickSearchAction)}</button>
        </form>
        <div class=css::pad>{station_option}</div>
        {chooser}
        <section aria-labelledby="pick-deputies">
            <h2 class=css::heading id="pick-deputies">{t(Key::PickDeputies)}</h2>
            <div class=css::list>{deputies}</div>
        </section>
        <section aria-labelledby="pick-departments">
            <h2 class=css::heading id="pick-departments">{t(Key::PickDepartments)}</h2>
            <Departments q=searched/>
        </section>
    }
}

/// "不确定找谁？交给联络站": the main station named by the backend.
#[component]
fn StationOption(station: StationContact) -> impl IntoView {
    let Some(p) = use_context::<Picking>() else { return ().into_any() };
    let lang = lang();
    let hint = fill(lang.get_untracked().text(Key::PickStationHint), &[("name", &station.name)]);
    let (id, name) = (station.id.clone(), station.name.clone());
    view! {
        <button type="button" class=format!("{} {}", css::option, css::station)
            on:click=move |_| p.pick.run((HandlerKind::Station, id.clone(), name.clone()))>
            <strong>{t(Key::PickStation)}</strong>
            <span>{hint}</span>
        </button>
    }
    .into_any()
}

/// A deputy to pick: photo, name, title, constituency, station, and whether they are of my
/// village's station. (The list's renderer: see `Source::with_render`.)
fn deputy_to_pick(item: Item, _show_kind: bool) -> AnyView {
    let (Item::Deputy(d), Some(p)) = (item, use_context::<Picking>()) else { return ().into_any() };
    let station_id = d.station.as_ref().map(|s| s.id.clone());
    let mine = move || station_id.is_some() && p.my_station.get() == station_id;
    let (id, name) = (d.id.clone(), d.name.clone());
    view! {
        <button type="button" class=css::option on:click=move |_| p.pick.run((HandlerKind::Deputy, id.clone(), name.clone()))>
            {d.photo.map(|ph| view! { <span class=css::avatar aria-hidden="true"><SafeImage url=ph.url alt=""/></span> })}
            <span class=css::text>
                <strong>{d.name.clone()}</strong>
                <span class=css::meta>
                    {move || mine().then(|| view! { <span class=css::mine>{t(Key::PickMine)}</span> })}
                    <span class=crate::pages::page_css::tag>{d.title.clone()}</span>
                    <span>{d.constituency.clone()}</span>
                </span>
                {d.station.map(|s| view! { <span class=css::meta>{s.name}</span> })}
            </span>
        </button>
    }
    .into_any()
}

/// The departments, filtered by what was searched.
#[component]
fn Departments(q: RwSignal<String>) -> impl IntoView {
    let Some(p) = use_context::<Picking>() else { return ().into_any() };
    let found = Loader::new(endpoints::departments);
    (move || match found.get() {
        None => view! { <SkeletonList count=2/> }.into_any(),
        Some(Err(e)) => view! { <div class=css::pad><ErrorState error=e on_retry=Callback::new(move |_| found.refetch()) inline=true/></div> }.into_any(),
        Some(Ok(page)) => {
            let q = q.get();
            let shown: Vec<Department> = page.items.into_iter().filter(|d| department_matches(d, &q)).collect();
            if shown.is_empty() {
                return view! { <p class=css::pad>{t(Key::PickNoDepartment)}</p> }.into_any();
            }
            view! {
                <ul class=css::list>
                    {shown.into_iter().map(|d| {
                        let (id, name) = (d.id.clone(), d.name.clone());
                        view! {
                            <li>
                                <button type="button" class=css::option
                                    on:click=move |_| p.pick.run((HandlerKind::Department, id.clone(), name.clone()))>
                                    <span class=css::text>
                                        <strong>{d.name}</strong>
                                        {(!d.description.is_empty()).then(|| view! { <span class=css::meta>{d.description}</span> })}
                                    </span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }
    })
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_the_form() {
        assert_eq!(compose_href(HandlerKind::Station, "st_center"), "/messages/new?to=station:st_center");
        assert_eq!(compose_href(HandlerKind::Deputy, "dp 1&x"), "/messages/new?to=deputy:dp%201%26x");
    }

    #[test]
    fn departments_match_name_or_duty() {
        let d = Department { id: "d".into(), name: "生态环境办".into(), description: "河道保洁、垃圾处理".into() };
        assert!(department_matches(&d, ""));
        assert!(department_matches(&d, "垃圾"));
        assert!(department_matches(&d, "环境 河道"));
        assert!(!department_matches(&d, "环境 学校"));
    }
}
