//! 我的: the account (sign in / who is signed in, their links, sign out), 使用指南, reading settings (字号, 长辈模式, language) and about.

use leptos::prelude::*;

use contract::Role;

use crate::api::endpoints;
use crate::components::install::InstallOffer;
use crate::components::shell::TopBar;
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::pages::page_css as css;
use crate::pages::people_css as pc;
use crate::state::session::SessionState;
use crate::state::loader::Loader;
use crate::state::prefs::{FontSize, Prefs};
use crate::state::work;
use crate::pages::work::OpenWork;

#[component]
pub fn Me() -> impl IntoView {
    let lang = lang();
    let prefs = use_context::<Prefs>();
    let title = t(Key::MeTitle);
    let meta = Loader::new(endpoints::meta);
    let Some(prefs) = prefs else {
        return view! { <TopBar title=Signal::derive(move || title().to_string())/> }.into_any();
    };
    view! {
        <TopBar title=Signal::derive(move || title().to_string())/>
        <Account/>
        <section class=css::section aria-labelledby="me-help">
            <h2 class=css::section_title id="me-help">{t(Key::GuideMeSection)}</h2>
            <ul class=pc::menu>
                <li>
                    <a href="guide">
                        <span class=css::switch_text>
                            <span>{t(Key::GuideTitle)}</span>
                            <span class=css::switch_hint>{t(Key::GuideMeHint)}</span>
                        </span>
                    </a>
                </li>
            </ul>
        </section>
        <MyVillage/>
        <InstallOffer/>
        // (`#display`: 使用指南 links here)
        <section class=css::section aria-labelledby="me-display" id="display">
            <h2 class=css::section_title id="me-display">{t(Key::MeDisplay)}</h2>
            <fieldset class=css::options>
                <legend>{t(Key::MeFontSize)}</legend>
                {FontSize::ALL
                    .into_iter()
                    .map(|size| view! {
                        <RadioOption group="font-size" value=size.attr() label=size.label() lang=None
                            checked=Signal::derive(move || prefs.font.get() == size)
                            on_pick=Callback::new(move |_| prefs.font.set(size))/>
                    })
                    .collect_view()}
            </fieldset>
            <p class=css::preview aria-hidden="true">{t(Key::FontPreview)}</p>
            <div style="height:1rem"></div>
            <button
                type="button"
                role="switch"
                class=css::switch_row
                aria-checked=move || if prefs.elderly.get() { "true" } else { "false" }
                on:click=move |_| prefs.elderly.update(|e| *e = !*e)
            >
                <span class=css::switch_text>
                    <span>{t(Key::MeElderly)}</span>
                    <span class=css::switch_hint>{t(Key::MeElderlyHint)}</span>
                </span>
                <span class=css::switch aria-hidden="true"></span>
            </button>
            <p class=css::switch_hint>{t(Key::MeWechatHint)}</p>
        </section>
        <section class=css::section aria-labelledby="me-language">
            <h2 class=css::section_title id="me-language">{t(Key::MeLanguage)}</h2>
            <fieldset class=css::options>
                <legend class="visually-hidden">{t(Key::MeLanguage)}</legend>
                {Lang::ALL
                    .into_iter()
                    .map(|l| {
                        let label = if l == Lang::Zh { Key::LangZh } else { Key::LangEn };
                        view! {
                            <RadioOption group="language" value=l.tag() label=label lang=Some(l.tag())
                                checked=Signal::derive(move || prefs.lang.get() == l)
                                on_pick=Callback::new(move |_| prefs.lang.set(l))/>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </section>
        <section class=css::section aria-labelledby="me-about">
            <h2 class=css::section_title id="me-about">{t(Key::MeAbout)}</h2>
            <p>{t(Key::AppName)}" · "{t(Key::AppTagline)}</p>
            {move || meta.get().and_then(|m| m.ok()).filter(|m| !m.name.is_empty()).map(|m| view! {
                <p>{move || fill(lang.get().text(Key::MeBackend), &[("name", &m.name)])}</p>
            })}
            <p class=css::switch_hint>{move || fill(lang.get().text(Key::MeVersion), &[("v", env!("CARGO_PKG_VERSION"))])}</p>
        </section>
    }
    .into_any()
}


/// 我的村（社区）: where the person lives — their village's deputies come first, and it
/// decides which station's and village's polls they may vote in (kept on the phone, and in
/// the account when signed in: `state::village`). Polls link here (`#village`).
#[component]
fn MyVillage() -> impl IntoView {
    let stations = Loader::new(endpoints::stations);
    let mine = RwSignal::new(crate::state::village::load());
    view! {
        <section class=css::section aria-labelledby="village-heading" id="village">
            <h2 class=css::section_title id="village-heading">{t(Key::MeVillage)}</h2>
            {move || match stations.get() {
                None => None,
                Some(Err(e)) => Some(view! {
                    <crate::components::states::ErrorState error=e on_retry=Callback::new(move |_| stations.refetch()) inline=true/>
                }.into_any()),
                Some(Ok(page)) => Some(view! {
                    <crate::components::village::VillageChooser stations=page.items chosen=mine id="me-village"/>
                }.into_any()),
            }}
        </section>
    }
}

/// The account: sign in, or who is signed in, their links and 退出登录 (confirmed first).
#[component]
fn Account() -> impl IntoView {
    let Some(session) = use_context::<SessionState>() else { return ().into_any() };
    let lang = lang();
    let confirming = RwSignal::new(false);
    let signed_out = RwSignal::new(false);
    let yes = NodeRef::<leptos::html::Button>::new();
    crate::state::effect(move || {
        if let Some(b) = yes.get() {
            let _ = b.focus();
        }
    });
    let pcss_section = css::section;
    (move || match session.user() {
        None => view! {
            <section class=pcss_section aria-labelledby="me-account">
                <h2 class=css::section_title id="me-account">{t(Key::MeAccount)}</h2>
                {move || signed_out.get().then(|| view! { <p class=pc::notice role="status">{t(Key::MeSignedOut)}</p> })}
                <p>{t(Key::MeSignInHint)}</p>
                <a class="btn btn-primary" href="sign-in?next=%2Fme">{t(Key::SignInAction)}</a>
                <ul class=pc::menu>
                    <li><a href="responsiveness">{t(Key::RespLink)}</a></li>
                </ul>
            </section>
        }
        .into_any(),
        Some(user) => {
            let works = user.roles.iter().any(|r| matches!(r, Role::Deputy | Role::Staff));
            view! {
                <section class=pcss_section aria-labelledby="me-account">
                    <h2 class=css::section_title id="me-account">{t(Key::MeAccount)}</h2>
                    <p class=pc::account_name>{user.display_name.clone()}</p>
                    <p class=pc::account_meta>
                        <span>{user.phone_masked.clone()}</span>
                        {user.roles.iter().map(|r| view! { <span class=pc::role>{t(crate::components::cards::role_label(*r))}</span> }).collect_view()}
                    </p>
                    <ul class=pc::menu>
                        <li><a href="messages">{t(Key::MeMyMessages)}</a></li>
                        <li><a href="me/points">{t(Key::PtMine)}</a></li>
                        {user.deputy_id.clone().map(|d| view! { <li><a href=crate::paths::to(&format!("/deputies/{d}/record"))>{t(Key::RcMine)}</a></li> })}
                        <li><a href="notifications">{t(Key::AlertsTitle)}</a></li>
                        <li><a href="notifications/settings">{t(Key::AlertsSettings)}</a></li>
                        {works.then(|| view! { <li><a href="work"><span>{t(Key::MeWorkbench)}<OpenWork/></span></a></li> })}
                        <li><a href="responsiveness">{t(Key::RespLink)}</a></li>
                    </ul>
                    {works.then(|| view! { <LandingSwitch session=session/> })}
                    {move || if confirming.get() {
                        view! {
                            <div class=pc::confirm role="alertdialog" aria-labelledby="me-confirm-text">
                                <p id="me-confirm-text">
                                    {t(Key::MeSignOutConfirm)}
                                    {move || {
                                        // Messages waiting in the outbox would be lost: say how many.
                                        let unsent = crate::state::outbox::load(session).entries.len();
                                        (unsent > 0).then(|| view! {
                                            " "<strong>{fill(lang.get().text(Key::MeSignOutUnsent), &[("n", &unsent.to_string())])}</strong>
                                        })
                                    }}
                                </p>
                                <div class=crate::components::shell::css::expired_actions>
                                    <button type="button" class="btn btn-primary" node_ref=yes on:click=move |_| {
                                        confirming.set(false);
                                        signed_out.set(true);
                                        session.sign_out();
                                    }>{t(Key::MeSignOutYes)}</button>
                                    <button type="button" class="btn" on:click=move |_| confirming.set(false)>{t(Key::MeSignOutNo)}</button>
                                </div>
                            </div>
                        }
                        .into_any()
                    } else {
                        view! {
                            <button type="button" class="btn" on:click=move |_| confirming.set(true)>{t(Key::MeSignOut)}</button>
                        }
                        .into_any()
                    }}
                </section>
            }
            .into_any()
        }
    })
    .into_any()
}

/// Deputies and staff: whether the app opens on 工作台 when there is work (`state::work`).
#[component]
fn LandingSwitch(session: SessionState) -> impl IntoView {
    let on = RwSignal::new(work::landing_on(session));
    let flip = move |_| {
        let want = !on.get_untracked();
        work::set_landing(session, want);
        on.set(want);
    };
    view! {
        <button type="button" role="switch" class=css::switch_row
            aria-checked=move || if on.get() { "true" } else { "false" } on:click=flip>
            <span class=css::switch_text>
                <span>{t(Key::MeWorkLanding)}</span>
                <span class=css::switch_hint>{t(Key::MeWorkLandingHint)}</span>
            </span>
            <span class=css::switch aria-hidden="true"></span>
        </button>
    }
}

/// One choice of a radio group, shown as a large tappable box.
#[component]
fn RadioOption(
    group: &'static str,
    value: &'static str,
    label: Key,
    /// The language of the label, when it differs from the page's.
    lang: Option<&'static str>,
    checked: Signal<bool>,
    on_pick: Callback<()>,
) -> impl IntoView {
    view! {
        <label class=css::option lang=lang>
            <input type="radio" name=group value=value prop:checked=move || checked.get() on:change=move |_| on_pick.run(())/>
            <span>{t(label)}</span>
        </label>
    }
}
