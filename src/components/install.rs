//! 添加到手机桌面: the app as an icon on the home screen. Android Chrome offers to install it
//! (its `beforeinstallprompt`, kept by index.html's script as `window.zsrdInstall` until the
//! app shows its own button); Safari on an iPhone has no such offer, so the steps are told
//! (分享 › 添加到主屏幕). Neither inside WeChat or another app's webview, nor once installed.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::{t, Key};
use crate::pages::page_css as css;
use crate::state::alerts::{self, Place};
use crate::state::push;

/// What to offer here (a pure rule; [`InstallOffer`] applies it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offer {
    /// The browser's own install dialog (Android Chrome, desktop Chrome and Edge).
    Prompt,
    /// The steps in Safari on an iPhone or iPad.
    IosSteps,
    Nothing,
}

pub fn offer_of(user_agent: &str, place: Place, standalone: bool, has_prompt: bool) -> Offer {
    let webview = user_agent.contains("MicroMessenger") || user_agent.contains("AlipayClient") || user_agent.contains("; wv)");
    if standalone || webview || place == Place::Wechat {
        return Offer::Nothing;
    }
    let ios = user_agent.contains("iPhone") || user_agent.contains("iPad");
    if ios && user_agent.contains("Safari/") && !user_agent.contains("CriOS") && !user_agent.contains("FxiOS") {
        Offer::IosSteps
    } else if has_prompt {
        Offer::Prompt
    } else {
        Offer::Nothing
    }
}

fn kept_prompt() -> Option<JsValue> {
    let w = web_sys::window()?;
    js_sys::Reflect::get(&w, &JsValue::from_str("zsrdInstall")).ok().filter(|v| v.is_object())
}

fn offer_here() -> Offer {
    let Some(w) = web_sys::window() else { return Offer::Nothing };
    let agent = w.navigator().user_agent().unwrap_or_default();
    offer_of(&agent, alerts::system_place(), push::standalone(), kept_prompt().is_some())
}

/// Shows the browser's install dialog; afterwards the offer is gone (it can be used once).
fn prompt() {
    let Some(event) = kept_prompt() else { return };
    if let Ok(f) = js_sys::Reflect::get(&event, &JsValue::from_str("prompt")).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = f.call0(&event);
    }
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::delete_property(&w, &JsValue::from_str("zsrdInstall"));
    }
}

/// The 我的 page's section about putting the app on the home screen, where that can be done.
#[component]
pub fn InstallOffer() -> impl IntoView {
    let offer = RwSignal::new(offer_here());
    // The browser may decide it can install after the page is up.
    let listener = window_event_listener_untyped("zsrd-install", move |_| offer.set(offer_here()));
    on_cleanup(move || listener.remove());
    let install = move |_| {
        prompt();
        offer.set(Offer::Nothing);
    };
    move || match offer.get() {
        Offer::Nothing => None,
        o => Some(view! {
            <section class=css::section aria-labelledby="me-install">
                <h2 class=css::section_title id="me-install">{t(Key::InstallHeading)}</h2>
                {if o == Offer::Prompt {
                    view! {
                        <p class=css::switch_hint>{t(Key::InstallHint)}</p>
                        <button type="button" class="btn btn-primary" on:click=install>{t(Key::InstallButton)}</button>
                    }
                    .into_any()
                } else {
                    view! { <p>{t(Key::InstallIosSteps)}</p> }.into_any()
                }}
            </section>
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
    const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    const WECHAT_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN";
    const WECHAT_ANDROID: &str = "Mozilla/5.0 (Linux; Android 13; V2171A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.49";

    #[test]
    fn android_chrome_offers_its_own_dialog_once_it_has_one() {
        assert_eq!(offer_of(ANDROID, Place::Browser, false, true), Offer::Prompt);
        assert_eq!(offer_of(ANDROID, Place::Browser, false, false), Offer::Nothing);
    }

    #[test]
    fn safari_on_an_iphone_gets_the_steps() {
        assert_eq!(offer_of(IPHONE, Place::Elsewhere, false, false), Offer::IosSteps);
        let chrome_ios = IPHONE.replace("Version/17.5", "CriOS/131.0");
        assert_eq!(offer_of(&chrome_ios, Place::Elsewhere, false, false), Offer::Nothing);
    }

    #[test]
    fn never_inside_wechat_nor_once_installed() {
        assert_eq!(offer_of(WECHAT_IOS, Place::Wechat, false, false), Offer::Nothing);
        assert_eq!(offer_of(WECHAT_ANDROID, Place::Wechat, false, true), Offer::Nothing);
        assert_eq!(offer_of(IPHONE, Place::Elsewhere, true, false), Offer::Nothing);
        assert_eq!(offer_of(ANDROID, Place::Browser, true, true), Offer::Nothing);
    }
}
