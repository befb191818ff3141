//! 我的: reading settings (字号, 长辈模式, language) and about.

use leptos::prelude::*;

use contract::Meta;

use crate::api;
use crate::components::shell::TopBar;
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::pages::page_css as css;
use crate::state::loader::Loader;
use crate::state::prefs::{FontSize, Prefs};

#[component]
pub fn Me() -> impl IntoView {
    let lang = lang();
    let prefs = use_context::<Prefs>();
    let title = t(Key::MeTitle);
    let meta = Loader::<Meta>::new(|| api::META.to_string());
    let Some(prefs) = prefs else {
        return view! { <TopBar title=Signal::derive(move || title().to_string())/> }.into_any();
    };
    view! {
        <TopBar title=Signal::derive(move || title().to_string())/>
        <section class=css::section aria-labelledby="me-display">
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
