//! 代表: the directory (`/deputies?station=&q=`), a liaison station (`/stations/:id`), a
//! deputy's profile (`/deputies/:id`, and `/d/:code` from a QR code) and their printable QR
//! card (`/deputies/:id/card`).

use contract::{Deputy, Station};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{endpoints, url};
use crate::components::blocks::SafeImage;
use crate::components::figures::Figures;
use crate::components::paged_list::{PagedList, Source};
use crate::components::places::{CallAndNavigate, Place};
use crate::components::qr::{app_origin, short_link, QrSvg};
use crate::components::share::{link_to, ShareButton};
use crate::components::shell::TopBar;
use crate::state::wechat::ShareCard;
use crate::components::states::{detail_state, ErrorState};
use crate::i18n::{fill, lang, t, Key};
use crate::pages::page_css as pcss;
use crate::pages::people_css as css;
use crate::components::village::VillageChooser;
use crate::state::effect;
use crate::state::loader::Loader;
use crate::state::village::{self, Village};

fn title_of(key: Key) -> Signal<String> {
    let text = t(key);
    Signal::derive(move || text().to_string())
}

/// `/deputies?station=<id>&q=<text>`.
pub fn directory_href(station: Option<&str>, q: Option<&str>) -> String {
    url::with_query("/deputies", &[("station", station), ("q", q)])
}

pub use crate::api::url::tel_href;
pub use contract::display::paragraphs;

/// 写留言 to a deputy.
pub fn message_href(deputy_id: &str) -> String {
    format!("/messages/new?to=deputy:{}", url::encode_component(deputy_id))
}

fn station_href(id: &str) -> String {
    format!("/stations/{}", url::encode_component(id))
}

#[component]
pub fn Deputies() -> impl IntoView {
    let lang = lang();
    let query = use_query_map();
    let station = Memo::new(move |_| query.with(|q| q.get("station")).filter(|s| !s.trim().is_empty()));
    let q = Memo::new(move |_| query.with(|q| q.get("q")).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
    let stations = Loader::new(endpoints::stations);
    // "My village": its station's deputies first (not when one station is filtered).
    let mine = RwSignal::new(village::load());
    let input = RwSignal::new(String::new());
    effect(move || input.set(q.get().unwrap_or_default()));
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = input.get_untracked().trim().to_string();
        let q = (!text.is_empty()).then_some(text);
        navigate(&directory_href(station.get_untracked().as_deref(), q.as_deref()), NavigateOptions::default());
    };
    let chips = move || match stations.get() {
        None => None,
        Some(Err(e)) => Some(view! { <ErrorState error=e on_retry=Callback::new(move |_| stations.refetch()) inline=true/> }.into_any()),
        Some(Ok(page)) => Some(view! {
            <VillageChooser stations=page.items.clone() chosen=mine id="deputies-village"/>
            <StationChips stations=page.items station=station q=q/>
        }.into_any()),
    };
    let list = move || {
        let (s, text) = (station.get(), q.get());
        let first = mine.with(|v| v.as_ref().map(|v| v.station_id.clone())).filter(|_| s.is_none());
        let key = format!(
            "deputies:{}:{}:{}",
            s.clone().unwrap_or_default(),
            text.clone().unwrap_or_default(),
            first.clone().unwrap_or_default()
        );
        let empty = Signal::derive({
            let text = text.clone();
            move || match &text {
                Some(x) => fill(lang.get().text(Key::DeputiesEmptySearch), &[("q", x)]),
                None => lang.get().text(Key::DeputiesEmpty).to_string(),
            }
        });
        let note = mine.get().filter(|_| s.is_none()).map(|v: Village| view! {
            <p class=css::links_row>{move || fill(lang.get().text(Key::VillageMine), &[("name", &v.name)])}" · "{t(Key::HubFindHint)}</p>
        });
        view! { {note}<PagedList cache_key=key source=Source::deputies(s, text, first) empty=empty/> }
    };
    view! {
        <TopBar title=title_of(Key::DeputiesTitle)/>
        <form class=pcss::search_form role="search" on:submit=submit>
            <label for="deputy-q" class="visually-hidden">{t(Key::DeputiesSearchLabel)}</label>
            <input id="deputy-q" class=pcss::search_input type="search" name="q" maxlength="50"
                placeholder=t(Key::DeputiesSearchPlaceholder)
                prop:value=move || input.get() on:input=move |ev| input.set(event_target_value(&ev))/>
            <button type="submit" class="btn btn-primary">{t(Key::DeputiesSearch)}</button>
        </form>
        <div class=css::chips_slot>{chips}</div>
        <p class=css::links_row>
            <a href="responsiveness">{t(Key::RespLink)}</a>
        </p>
        {move || q.get().map(|x| view! {
            <p class=pcss::results_heading role="status">
                {move || fill(lang.get().text(Key::DeputiesResultsFor), &[("q", &x)])}
                " "<a href=crate::paths::to(&directory_href(station.get().as_deref(), None))>{t(Key::DeputiesClearSearch)}</a>
            </p>
        })}
        <div class=css::list>{list}</div>
    }
}

/// Station filter chips (links that keep the search), and a link to the chosen station.
#[component]
fn StationChips(stations: Vec<Station>, station: Memo<Option<String>>, q: Memo<Option<String>>) -> impl IntoView {
    let lang = lang();
    let current = StoredValue::new(stations.clone());
    let about = move || {
        let id = station.get()?;
        let name = current.with_value(|all| all.iter().find(|s| s.id == id).map(|s| s.name.clone()))?;
        Some(view! {
            <p class=css::links_row>
                <a href=crate::paths::to(&station_href(&id))>{move || fill(lang.get().text(Key::StationAbout), &[("name", &name)])}</a>
            </p>
        })
    };
    view! {
        <nav aria-label=t(Key::DeputiesStations)>
            <ul class=css::chips>
                <li>
                    <a class=css::chip href=move || crate::paths::to(&directory_href(None, q.get().as_deref()))
                        aria-current=move || station.get().is_none().then_some("page")>{t(Key::DeputiesAllStations)}</a>
                </li>
                {stations
                    .into_iter()
                    .map(|s| {
                        let id = s.id.clone();
                        let id2 = s.id.clone();
                        view! {
                            <li>
                                <a class=css::chip href=move || crate::paths::to(&directory_href(Some(&id), q.get().as_deref()))
                                    aria-current=move || (station.get().as_deref() == Some(id2.as_str())).then_some("page")>
                                    {s.name}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
        {about}
    }
}

#[component]
pub fn StationPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let station = Loader::new(move || endpoints::station(&id.get()));
    let retry = Callback::new(move |_| station.refetch());
    let lang = lang();
    let doc_title = Signal::derive(move || match station.get() {
        Some(Ok(s)) => s.name,
        _ => String::new(),
    });
    view! {
        <TopBar title=title_of(Key::StationTitle) doc_title=doc_title back_to="/deputies" heading=false/>
        {move || detail_state(station.get().map(|r| r.map(|s| view! { <StationView station=s/> }.into_any())), retry)}
        <section class=css::list aria-labelledby="station-deputies">
            <h2 class=css::list_title id="station-deputies">{t(Key::StationDeputies)}</h2>
            {move || {
                let id = id.get();
                let empty = Signal::derive(move || lang.get().text(Key::DeputiesEmpty).to_string());
                view! {
                    <PagedList cache_key=format!("station:{id}") source=Source::deputies(Some(id), None, None) empty=empty/>
                }
            }}
        </section>
    }
}

/// Where a station is, for the map apps.
pub fn place_of(station: &Station) -> Place {
    Place {
        name: station.name.clone(),
        address: station.address.clone(),
        position: station.lat.zip(station.lng),
    }
}

#[component]
fn StationView(station: Station) -> impl IntoView {
    let lang = lang();
    let count = station.deputy_count;
    view! {
        <article class=pcss::detail>
            <h1 class=pcss::detail_title>{station.name.clone()}</h1>
            <dl class=pcss::facts>
                {(!station.address.is_empty()).then(|| view! {
                    <div class=pcss::fact><dt>{t(Key::StationAddress)}</dt><dd>{station.address.clone()}</dd></div>
                })}
                {(!station.reception_hours.is_empty()).then(|| view! {
                    <div class=pcss::fact><dt>{t(Key::StationHours)}</dt><dd>{station.reception_hours.clone()}</dd></div>
                })}
                {station.phone.clone().filter(|p| !p.trim().is_empty()).map(|p| view! {
                    <div class=pcss::fact><dt>{t(Key::StationPhone)}</dt><dd>{p}</dd></div>
                })}
                {(!station.villages.is_empty()).then(|| view! {
                    <div class=pcss::fact><dt>{t(Key::StationVillages)}</dt><dd>{station.villages.join("、")}</dd></div>
                })}
                <div class=pcss::fact>
                    <dt>{t(Key::StationCount)}</dt>
                    <dd>{move || fill(lang.get().text(Key::StationCountValue), &[("n", &count.to_string())])}</dd>
                </div>
            </dl>
            <CallAndNavigate phone=station.phone.clone().unwrap_or_default() callee=station.name.clone() place=place_of(&station)/>
        </article>
    }
}

/// `/deputies/:id`.
#[component]
pub fn DeputyPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let deputy = Loader::new(move || endpoints::deputy(&id.get()));
    deputy_screen(deputy, false)
}

/// `/d/:code`: the deputy of a QR code; an unknown code gets a friendly explanation.
#[component]
pub fn DeputyByCode() -> impl IntoView {
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code")).unwrap_or_default());
    let deputy = Loader::new(move || endpoints::deputy_by_code(&code.get()));
    deputy_screen(deputy, true)
}

fn deputy_screen(deputy: Loader<Deputy>, from_code: bool) -> AnyView {
    let retry = Callback::new(move |_| deputy.refetch());
    let doc_title = Signal::derive(move || match deputy.get() {
        Some(Ok(d)) => d.name,
        _ => String::new(),
    });
    view! {
        <TopBar title=title_of(Key::DeputyTitle) doc_title=doc_title back_to="/deputies" heading=false/>
        {move || match deputy.get() {
            Some(Err(e)) if from_code && e.is_not_found() => view! { <UnknownCode/> }.into_any(),
            state => detail_state(state.map(|r| r.map(|d| view! { <DeputyView deputy=d from_code=from_code/> }.into_any())), retry),
        }}
    }
    .into_any()
}

/// A QR code that leads nowhere (a typo, or the deputy changed).
#[component]
pub fn UnknownCode() -> impl IntoView {
    view! {
        <div class=crate::components::states::css::notfound>
            <h1 class=pcss::detail_title>{t(Key::DeputyCodeUnknown)}</h1>
            <p>{t(Key::DeputyCodeUnknownHint)}</p>
            <a class="btn btn-primary" href="deputies">{t(Key::DeputyToDirectory)}</a>
        </div>
    }
}

/// A deputy's profile. From a QR code (`from_code`), "给代表留言" comes first and takes focus.
#[component]
pub fn DeputyView(deputy: Deputy, #[prop(optional)] from_code: bool) -> impl IntoView {
    let lang = lang();
    let cta = NodeRef::<leptos::html::A>::new();
    if from_code {
        effect(move || {
            if let Some(a) = cta.get() {
                let _ = a.focus();
                // Behind the page the server drew for a first visit (index.html's `#snap`,
                // server/src/first_screen.rs), this screen is hidden and cannot take focus: it
                // does once the drawing has gone (`zsrd:shown`, sent then).
                let shown = window_event_listener_untyped("zsrd:shown", move |_| {
                    let _ = a.focus();
                });
                on_cleanup(move || shown.remove());
            }
        });
    }
    let name = deputy.name.clone();
    let id = deputy.id.clone();
    let message = move || {
        view! {
            <a class=format!("btn btn-primary {}", css::cta) href=crate::paths::to(&message_href(&id)) node_ref=cta>
                {t(Key::DeputyWrite)}
            </a>
        }
    };
    let (first, later) = if from_code { (Some(message()), None) } else { (None, Some(message())) };
    let share = ShareCard {
        title: format!("{} · {}", deputy.name, deputy.title),
        desc: [deputy.constituency.as_str(), deputy.station.as_ref().map_or("", |s| s.name.as_str())]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
        link: if deputy.code.is_empty() {
            link_to(&format!("/deputies/{}", url::encode_component(&deputy.id)))
        } else {
            short_link(&app_origin(), &deputy.code)
        },
        image: deputy.photo.as_ref().and_then(|p| crate::components::share::picture(&p.url)),
    };
    let qr = (!deputy.code.is_empty()).then(|| {
        let link = short_link(&app_origin(), &deputy.code);
        let (n1, n2, link2) = (name.clone(), name.clone(), link.clone());
        let card = format!("/deputies/{}/card", url::encode_component(&deputy.id));
        view! {
            <section class=css::block aria-labelledby="deputy-qr">
                <h2 class=pcss::section_title id="deputy-qr">{t(Key::DeputyQr)}</h2>
                <figure class=css::qr_figure>
                    <QrSvg class=css::qr text=link.clone()
                        label=fill(lang.get_untracked().text(Key::DeputyQrLabel), &[("name", &n1), ("link", &link)])/>
                    <figcaption>
                        {move || fill(lang.get().text(Key::DeputyQrCaption), &[("name", &n2)])}
                        <br/><span class=css::mono>{link2}</span>
                    </figcaption>
                </figure>
                <a class="btn" href=crate::paths::to(&card)>{t(Key::DeputyPrintCard)}</a>
            </section>
        }
    });
    view! {
        <article class=pcss::detail>
            <div class=css::profile_head>
                {deputy.photo.clone().map(|p| view! {
                    <div class=css::photo><SafeImage url=p.url alt="" eager=true/></div>
                })}
                <div class=css::profile_text>
                    <h1 class=pcss::detail_title>{name.clone()}</h1>
                    <p class=pcss::meta>
                        <span class=pcss::tag>{deputy.title.clone()}</span>
                        <span>{deputy.constituency.clone()}</span>
                    </p>
                    {deputy.station.clone().map(|s| view! {
                        <p class=css::station_line>
                            {t(Key::DeputyStation)}" "<a href=crate::paths::to(&station_href(&s.id))>{s.name}</a>
                        </p>
                    })}
                </div>
            </div>
            {first}
            {later}
            {deputy.station.clone().map(|s| view! { <DeputyContact station=s/> })}
            {(!deputy.bio.trim().is_empty()).then(|| view! {
                <section class=css::block aria-labelledby="deputy-bio">
                    <h2 class=pcss::section_title id="deputy-bio">{t(Key::DeputyBio)}</h2>
                    {paragraphs(&deputy.bio).into_iter().map(|p| view! { <p class=css::para>{p}</p> }).collect_view()}
                </section>
            })}
            {(!deputy.focus.is_empty()).then(|| view! {
                <section class=css::block aria-labelledby="deputy-focus">
                    <h2 class=pcss::section_title id="deputy-focus">{t(Key::DeputyFocus)}</h2>
                    <ul class=css::tags>
                        {deputy.focus.clone().into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
                    </ul>
                </section>
            })}
            <section class=css::block aria-labelledby="deputy-figures">
                <h2 class=pcss::section_title id="deputy-figures">{t(Key::DeputyFigures)}</h2>
                <Figures stats=deputy.stats.clone()/>
                <p class=css::links_row><a href="responsiveness">{t(Key::RespLink)}</a></p>
                <p class=css::links_row><a href=crate::paths::to(&format!("/deputies/{}/record", deputy.id))>{t(Key::RcLink)}</a></p>
            </section>
            {qr}
            <ShareButton card=share/>
        </article>
    }
}

/// How else to reach a deputy: their station's phone and the way there (deputies do not
/// publish their own numbers). Nothing when the station cannot be loaded: the profile's own
/// link to the station is still there.
#[component]
fn DeputyContact(station: contract::StationRef) -> impl IntoView {
    let lang = lang();
    let id = station.id.clone();
    let loaded = Loader::new(move || endpoints::station(&id));
    move || {
        let s = loaded.get()?.ok()?;
        let hint = fill(lang.get().text(Key::DeputyContactHint), &[("station", &s.name)]);
        Some(view! {
            <section class=css::block aria-labelledby="deputy-contact">
                <h2 class=pcss::section_title id="deputy-contact">{t(Key::DeputyContact)}</h2>
                <p class=css::para>{hint}</p>
                <CallAndNavigate phone=s.phone.clone().unwrap_or_default() callee=s.name.clone() place=place_of(&s)/>
            </section>
        })
    }
}

/// `/deputies/:id/card`: a printable card with the deputy's QR code.
#[component]
pub fn DeputyCardPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let deputy = Loader::new(move || endpoints::deputy(&id.get()));
    let retry = Callback::new(move |_| deputy.refetch());
    view! {
        <TopBar title=title_of(Key::CardTitle) back_to="/deputies"/>
        {move || detail_state(deputy.get().map(|r| r.map(|d| view! { <PrintCard deputy=d/> }.into_any())), retry)}
    }
}

#[component]
fn PrintCard(deputy: Deputy) -> impl IntoView {
    let lang = lang();
    let link = short_link(&app_origin(), &deputy.code);
    let label = fill(lang.get_untracked().text(Key::DeputyQrLabel), &[("name", &deputy.name), ("link", &link)]);
    let station = deputy.station.clone().map(|s| s.name).unwrap_or_default();
    view! {
        <div class=css::print_card>
            <p class=css::card_cta>{t(Key::CardCta)}</p>
            <QrSvg class=css::card_qr text=link.clone() label=label/>
            <p class=css::card_name>{deputy.name.clone()}</p>
            <p class=css::card_meta>{deputy.title.clone()}</p>
            {(!station.is_empty()).then(|| view! { <p class=css::card_meta>{station}</p> })}
            <p class=css::mono>{link}</p>
        </div>
        <div class=css::no_print>
            <button type="button" class="btn btn-primary" on:click=move |_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            }>{t(Key::CardPrint)}</button>
            <p class=pcss::hint>{t(Key::CardHint)}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links() {
        assert_eq!(tel_href("0763-580 0000"), "tel:0763-5800000");
        assert_eq!(tel_href("javascript:alert(1)"), "tel:1");
        assert_eq!(message_href("d_1"), "/messages/new?to=deputy:d_1");
        assert_eq!(directory_href(Some("s_1"), Some("陈")), "/deputies?station=s_1&q=%E9%99%88");
        assert_eq!(directory_href(None, None), "/deputies");
    }
}
