//! The app frame: top bar (title, back, search) and bottom tab bar.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::components::icons::{Icon, Svg};
use crate::i18n::{fill, lang, t, Key};
use crate::state::alerts::Alerts;
use crate::state::effect;
use crate::tabs::tab_of;

stylance::import_crate_style!(pub css, "src/components/shell.module.css");

/// Counts in-app navigations, so that "back" knows whether the previous page is ours.
#[derive(Clone, Copy)]
pub struct NavHistory(pub RwSignal<u32>);

/// Sets the document title (`<title>`) for the current screen.
pub fn set_document_title(title: &str, lang: crate::i18n::Lang) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        let app = lang.text(Key::AppName);
        if title.is_empty() || title == app {
            doc.set_title(app);
        } else {
            doc.set_title(&format!("{title} - {app}"));
        }
    }
}

/// "Back" from the screen the app was opened on (no in-app history) may be taken by whoever
/// opened it: a WeChat mini program, whose page it then goes back to (issue 16: public/late.js
/// answers `zsrd:leave` with `wx.miniProgram.navigateBack`). Else the screen's `back_to`.
fn left_the_app() -> bool {
    let init = web_sys::EventInit::new();
    init.set_cancelable(true);
    let leave = web_sys::Event::new_with_event_init_dict("zsrd:leave", &init).ok();
    leave.zip(web_sys::window()).is_some_and(|(e, w)| w.dispatch_event(&e) == Ok(false))
}

/// The top bar of a screen. `title` is the screen's `h1` unless `heading` is false
/// (detail pages put their own `h1` in the content).
#[component]
pub fn TopBar(
    #[prop(into)] title: Signal<String>,
    /// Where "back" goes when there is no in-app history (opened from a link or a scan).
    #[prop(optional)]
    back_to: Option<&'static str>,
    #[prop(default = true)] heading: bool,
    #[prop(default = true)] search: bool,
    /// The document title, when it differs from the bar's title (e.g. an article's title).
    #[prop(optional, into)]
    doc_title: Option<Signal<String>>,
) -> impl IntoView {
    let lang = lang();
    effect(move || {
        let text = doc_title.map(|d| d.get()).filter(|d| !d.is_empty()).unwrap_or_else(|| title.get());
        set_document_title(&text, lang.get())
    });
    let history = use_context::<NavHistory>();
    let navigate = use_navigate();
    let back = back_to.map(|fallback| {
        let navigate = navigate.clone();
        view! {
            <button type="button" class=css::icon_btn aria-label=t(Key::NavBack) on:click=move |_| {
                let has_history = history.map(|h| h.0.get_untracked() > 0).unwrap_or(false);
                match web_sys::window().and_then(|w| w.history().ok()) {
                    Some(h) if has_history => { let _ = h.back(); }
                    _ if left_the_app() => {}
                    _ => navigate(fallback, NavigateOptions::default()),
                }
            }>
                <Svg icon=Icon::Back/>
            </button>
        }
    });
    let class = if back_to.is_some() { format!("{} {}", css::topbar, css::topbar_with_back) } else { css::topbar.to_string() };
    view! {
        <header class=class>
            {back}
            {if heading {
                view! { <h1 class=css::title>{move || title.get()}</h1> }.into_any()
            } else {
                view! { <span class=css::title>{move || title.get()}</span> }.into_any()
            }}
            {search.then(|| view! {
                <a class=css::icon_btn href="search" aria-label=t(Key::NavSearch)><Svg icon=Icon::Search/></a>
            })}
            <Bell/>
        </header>
    }
}

/// A badge's text: the count, `99+` above 99.
pub fn badge_text(n: u32) -> String {
    if n > 99 { "99+".into() } else { n.to_string() }
}

/// The bell of the top bar (signed-in users): opens 消息提醒, with the unread count.
#[component]
fn Bell() -> impl IntoView {
    let Some(alerts) = Alerts::get() else { return ().into_any() };
    let lang = lang();
    let signed_in = move || alerts.signed_in();
    let label = move || {
        let n = alerts.count();
        if n == 0 {
            lang.get().text(Key::NavAlerts).to_string()
        } else {
            fill(lang.get().text(Key::NavAlertsUnread), &[("n", &n.to_string())])
        }
    };
    view! {
        {move || signed_in().then(|| view! {
            <a class=css::icon_btn href="notifications" aria-label=label>
                <Svg icon=Icon::Bell/>
                {move || (alerts.count() > 0).then(|| view! {
                    <span class=css::badge aria-hidden="true">{badge_text(alerts.count())}</span>
                })}
            </a>
        })}
    }
    .into_any()
}

#[component]
pub fn TabBar() -> impl IntoView {
    let location = use_location();
    let lang = lang();
    let alerts = Alerts::get();
    let tabs = [
        // (relative to the document's base: crate::paths)
        ("./", Key::NavHome, Icon::Home),
        ("policy", Key::NavPolicy, Icon::Policy),
        ("deputies", Key::TabDeputies, Icon::People),
        ("messages", Key::TabMessages, Icon::Chat),
        ("me", Key::NavMe, Icon::Person),
    ];
    view! {
        <nav class=css::tabbar aria-label=t(Key::NavMain)>
            <ul class=css::tabs>
                {tabs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (href, label, icon))| {
                        let current = move || (location.pathname.with(|p| tab_of(crate::paths::app_path(p))) == Some(i)).then_some("page");
                        let count = move || alerts.map(|a| a.tab_counts()[i]).unwrap_or(0);
                        view! {
                            <li>
                                <a class=css::tab href=href aria-current=current>
                                    <Svg icon=icon/>
                                    <span class=css::tab_label>{t(label)}</span>
                                    {move || (count() > 0).then(|| view! {
                                        <span class=css::tab_badge aria-hidden="true">{badge_text(count())}</span>
                                        <span class="visually-hidden">
                                            {move || fill(lang.get().text(Key::TabUnread), &[("n", &count().to_string())])}
                                        </span>
                                    })}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
