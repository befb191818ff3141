//! Loading (skeleton), empty, error-with-retry and offline states, shared by every screen.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::icons::{Icon, Svg};
use crate::i18n::{fill, lang, t, ErrorText, Key};
use crate::state::network::{offline_copy, online};

stylance::import_crate_style!(pub css, "src/components/states.module.css");

/// Placeholder cards while a list loads.
#[component]
pub fn SkeletonList(#[prop(default = 4)] count: usize) -> impl IntoView {
    view! {
        <div role="status" aria-busy="true">
            <span class="visually-hidden">{t(Key::Loading)}</span>
            {(0..count)
                .map(|_| view! {
                    <div class=css::skeleton_card aria-hidden="true">
                        <div class=css::skeleton_lines>
                            <div class=format!("{} {}", css::bone, css::bone_title)></div>
                            <div class=css::bone></div>
                            <div class=format!("{} {}", css::bone, css::bone_short)></div>
                        </div>
                        <div class=format!("{} {}", css::bone, css::bone_thumb)></div>
                    </div>
                })
                .collect_view()}
        </div>
    }
}

/// Placeholder of a detail page while it loads.
#[component]
pub fn SkeletonDetail() -> impl IntoView {
    view! {
        <div role="status" aria-busy="true" class="page-pad">
            <span class="visually-hidden">{t(Key::Loading)}</span>
            <div aria-hidden="true" style="display:flex;flex-direction:column;gap:.75rem">
                <div class=format!("{} {}", css::bone, css::bone_title)></div>
                <div class=format!("{} {}", css::bone, css::bone_short)></div>
                <div class=css::bone style="height:10rem"></div>
                <div class=css::bone></div>
                <div class=css::bone></div>
                <div class=format!("{} {}", css::bone, css::bone_short)></div>
            </div>
        </div>
    }
}

/// The body of a detail screen: a skeleton while loading (`None`), the error with a retry
/// button, or the loaded view. Callers map their loaded value to its view first, so this
/// one non-generic function holds the policy for every detail screen.
pub fn detail_state(state: Option<Result<AnyView, ApiError>>, on_retry: Callback<()>) -> AnyView {
    match state {
        None => view! { <SkeletonDetail/> }.into_any(),
        Some(Err(e)) => view! { <ErrorState error=e on_retry=on_retry/> }.into_any(),
        Some(Ok(view)) => view,
    }
}

/// A failed load: what happened, and a retry button. Offline gets its own wording.
#[component]
pub fn ErrorState(error: ApiError, on_retry: Callback<()>, #[prop(optional)] inline: bool) -> impl IntoView {
    let lang = lang();
    let offline = matches!(error, ApiError::Offline);
    let offline_now = online();
    let title = move || {
        if offline || !offline_now.get() {
            lang.get().text(Key::ErrorOfflineTitle)
        } else {
            lang.get().text(Key::ErrorTitle)
        }
    };
    let error_for_text = error.clone();
    let text = move || {
        if !offline_now.get() {
            lang.get().text(Key::ErrorOffline).to_string()
        } else {
            error_for_text.message(lang.get())
        }
    };
    let button = move || view! {
        <button type="button" class="btn btn-primary" on:click=move |_| on_retry.run(())>
            <Svg icon=Icon::Refresh/>
            {t(Key::ErrorRetry)}
        </button>
    };
    if inline {
        view! {
            <div class=css::inline_error role="alert">
                <span>{text}</span>
                {button()}
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class=css::state_box role="alert">
                <h2 class=css::state_box_title>{title}</h2>
                <p class=css::state_box_text>{text}</p>
                {button()}
            </div>
        }
        .into_any()
    }
}

/// Nothing to show.
#[component]
pub fn EmptyState(#[prop(into)] message: Signal<String>) -> impl IntoView {
    view! {
        <div class=css::state_box role="status">
            <p class=css::state_box_text>{move || message.get()}</p>
        </div>
    }
}

/// A banner while the device is offline, or while the screen shows the copy kept on the
/// phone (the network failed): "离线内容" and how old the copy is.
#[component]
pub fn OfflineBanner() -> impl IntoView {
    let online = online();
    let copy = offline_copy();
    let lang = lang();
    view! {
        {move || {
            let saved = copy.map_or(0, |c| c.get());
            (!online.get() || saved > 0).then(|| view! {
                <div class=css::banner role="status">
                    <Svg icon=Icon::Offline/>
                    <span>{move || if saved > 0 {
                        let at = String::from(js_sys::Date::new(&(saved as f64 * 1000.0).into()).to_iso_string());
                        fill(lang.get().text(Key::OfflineCopy), &[("age", &crate::format::relative(&at, lang.get()))])
                    } else {
                        lang.get().text(Key::OfflineBanner).to_string()
                    }}</span>
                </div>
            })
        }}
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// index.html's script: posts SKIP_WAITING to the waiting service worker and reloads once
    /// it has taken over — unless a form on screen has input that is not kept as a draft
    /// (`false` then). Throws where the script is not (component tests).
    #[wasm_bindgen(catch, js_name = zsrdApplyUpdate)]
    fn apply_update() -> Result<bool, wasm_bindgen::JsValue>;
}

/// "有新版本，点此更新": a new version of the app is installed and waits (index.html's
/// script says so). It takes over when the user taps — never while a form holds input that
/// would be lost (what is typed into messages, replies, comments and topics is kept as a
/// draft, and comes back after the reload).
#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let waiting = || web_sys::window().is_some_and(|w| js_sys::Reflect::get(&w, &"zsrdWaiting".into()).is_ok_and(|v| v.is_object()));
    let ready = RwSignal::new(waiting());
    let blocked = RwSignal::new(false);
    std::mem::forget(window_event_listener_untyped("zsrd-update", move |_| ready.set(true)));
    let update = move |_| blocked.set(!apply_update().unwrap_or(false));
    view! {
        {move || ready.get().then(|| view! {
            <div class=css::update_bar role="status">
                <button type="button" class=css::update on:click=update>{t(Key::UpdateReady)}</button>
                {move || blocked.get().then(|| view! { <span>{t(Key::UpdateUnsaved)}</span> })}
            </div>
        })}
    }
}

/// Where to send someone to sign in and come back here afterwards:
/// `/sign-in?next=<this path and query>`.
pub fn sign_in_href() -> String {
    let next = web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(crate::paths::app_path(&l.pathname().ok()?).to_owned() + &l.search().ok()?)
        })
        .unwrap_or_else(|| "/".into());
    crate::paths::to(&crate::api::url::with_query("/sign-in", &[("next", Some(&next))]))
}

/// Shown instead of a screen that needs a signed-in user: why, and a button to sign in
/// that comes back here.
#[component]
pub fn SignInRequired(#[prop(into)] message: Signal<String>) -> impl IntoView {
    view! {
        <div class=css::state_box>
            <p class=css::state_box_text>{move || message.get()}</p>
            <a class="btn btn-primary" href=sign_in_href()>{crate::i18n::t(Key::SignInAction)}</a>
        </div>
    }
}
