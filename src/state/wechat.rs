//! Inside WeChat: the share card of the screen (title, a line about it, its link and a
//! picture) through WeChat's JS-SDK, so that 发送给朋友 and 分享到朋友圈 in WeChat's own menu
//! show the article, event, deputy, topic or poll instead of a bare link. Inside a mini
//! program's `web-view`, the card is posted to the mini program (`wx.miniProgram.postMessage`),
//! which shares with it.
//!
//! `wx.config` needs a signature of the page's URL from the backend (`GET /wechat/js-config`,
//! asked only of a backend whose `GET /meta` says `wechat`; a 404 all the same: nothing more
//! is tried). On Android it is the current URL, so each screen configures again; on iOS WeChat
//! checks the URL the app was first opened at (a single-page app's address changes under it),
//! which is the navigation's own entry. The SDK is WeChat's script, loaded only inside WeChat
//! (the reference server's Content-Security-Policy lets it in when it has an official account).
//!
//! 提醒设置's 微信服务通知 configures it with WeChat's open tag of the subscribe dialog
//! (`ready(true)`: see pages/notifications/wechat.rs).
//!
//! Only what lazily loaded screens use: none of it is in the first load.

use std::cell::{Cell, RefCell};

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::{self, endpoints, ApiError, Canceller};

/// WeChat's JS-SDK (the version its documentation names for `updateAppMessageShareData`).
pub const SDK_URL: &str = "https://res.wx.qq.com/open/js/jweixin-1.6.0.js";
/// The interfaces asked for in `wx.config`.
const JS_API: [&str; 2] = ["updateAppMessageShareData", "updateTimelineShareData"];

/// What a screen shares.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ShareCard {
    pub title: String,
    /// One line about it (the card's description; 朋友圈 shows only the title).
    pub desc: String,
    /// The screen's absolute URL.
    pub link: String,
    /// An absolute `http(s)` picture URL (`components::share` puts the app's icon when a screen
    /// has none).
    pub image: Option<String>,
}

/// Where the app runs, as far as sharing goes (from the user agent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    WeChat { ios: bool },
    /// Alipay, DingTalk, a government app: a webview with a menu of its own, and no
    /// interface of ours to it.
    OtherApp,
    Browser,
}

pub fn host_of(user_agent: &str) -> Host {
    if user_agent.contains("MicroMessenger") {
        Host::WeChat { ios: user_agent.contains("iPhone") || user_agent.contains("iPad") }
    } else if ["AlipayClient", "DingTalk", "; wv)"].iter().any(|m| user_agent.contains(m)) {
        Host::OtherApp
    } else {
        Host::Browser
    }
}

/// The URL WeChat checks the signature against: on iOS the one the app was opened at, else
/// the current one; without its `#` part either way.
pub fn signed_url(ios: bool, landing: &str, current: &str) -> String {
    let url = if ios && !landing.is_empty() { landing } else { current };
    url.split('#').next().unwrap_or_default().to_string()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sdk {
    Unknown,
    /// `GET /meta` says the backend signs.
    Offered,
    /// The backend has no official account, or the SDK did not load: not tried again.
    Unavailable,
}

thread_local! {
    static SDK: Cell<Sdk> = const { Cell::new(Sdk::Unknown) };
    /// The URL `wx.config` was last called for (after a `+` when with the open tag).
    static CONFIGURED: RefCell<String> = const { RefCell::new(String::new()) };
}

fn user_agent() -> String {
    web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default()
}

pub fn host() -> Host {
    host_of(&user_agent())
}

fn get(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn wx() -> Option<JsValue> {
    let w = web_sys::window()?;
    Some(get(&w, "wx")).filter(|v| v.is_object())
}

/// Whether the page is inside a mini program's `web-view` (WeChat sets this).
pub fn in_mini_program() -> bool {
    let env = web_sys::window().map(|w| get(&w, "__wxjs_environment")).unwrap_or(JsValue::UNDEFINED);
    env.as_string().as_deref() == Some("miniprogram") || user_agent().contains("miniProgram")
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

// (Only JS functions the first load imports already: each new one is an import of the main
// wasm module and a function of its glue, i.e. first-load bytes.)
fn call(target: &JsValue, name: &str, arg: JsValue) {
    if let Ok(f) = get(target, name).dyn_into::<Function>() {
        let _ = f.call1(target, &arg);
    }
}

/// The page's URL now, and the one it was opened at.
fn urls() -> (String, String) {
    let w = web_sys::window();
    let current = w.as_ref().and_then(|w| w.location().href().ok()).unwrap_or_default();
    // (performance.getEntriesByType("navigation")[0].name: the document's own URL)
    let landing = w
        .map(|w| get(&w, "performance"))
        .and_then(|p| get(&p, "getEntriesByType").dyn_into::<Function>().ok().and_then(|f| f.call1(&p, &JsValue::from_str("navigation")).ok()))
        .map(|entries| get(&get(&entries, "0"), "name"))
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    (landing, current)
}

/// Loads WeChat's script once (resolves when `window.wx` is there, or failed).
async fn load_sdk() -> bool {
    if wx().is_some() {
        return true;
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return false };
    let Ok(script) = doc.create_element("script") else { return false };
    let _ = script.set_attribute("src", SDK_URL);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let done = Closure::once_into_js(move |_: JsValue| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let _ = Reflect::set(&script, &JsValue::from_str("onload"), &done);
        let _ = Reflect::set(&script, &JsValue::from_str("onerror"), &done);
    });
    if let Some(body) = doc.body() {
        let _ = body.append_child(&script);
    }
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    wx().is_some()
}

/// WeChat's SDK configured for this page (with WeChat's open tags when `open_tags`: the
/// subscribe button of 提醒设置), or `None`: not in WeChat, the backend has no official account
/// (asked once), or it failed (silently: WeChat's own menu still shares the bare link).
pub async fn ready(open_tags: bool) -> Option<JsValue> {
    let Host::WeChat { ios } = host() else { return None };
    if SDK.with(Cell::get) == Sdk::Unavailable {
        return None;
    }
    let (landing, current) = urls();
    let url = signed_url(ios, &landing, &current);
    let key = format!("{}{url}", if open_tags { "+" } else { "" });
    if CONFIGURED.with(|c| *c.borrow() == key) {
        return wx();
    }
    if SDK.with(Cell::get) == Sdk::Unknown {
        // Asked once: whether the backend has an official account at all (no 404 to ask
        // for, and no request, where it has none).
        match api::fetch(endpoints::meta(), &Canceller::default()).await {
            Ok(m) if m.wechat => SDK.with(|s| s.set(Sdk::Offered)),
            Ok(_) => {
                SDK.with(|s| s.set(Sdk::Unavailable));
                return None;
            }
            Err(_) => return None,
        }
    }
    match api::fetch(endpoints::wechat_js_config(Some(&url)), &Canceller::default()).await {
        Ok(c) => {
            if !load_sdk().await {
                SDK.with(|s| s.set(Sdk::Unavailable));
                return None;
            }
            let wx = wx()?;
            let list = Array::of1(&JsValue::from_str(JS_API[0]));
            let _ = Reflect::set(&list, &JsValue::from_f64(1.0), &JsValue::from_str(JS_API[1]));
            let mut fields = vec![
                ("debug", JsValue::FALSE),
                ("appId", c.app_id.into()),
                ("timestamp", JsValue::from_f64(c.timestamp as f64)),
                ("nonceStr", c.nonce_str.into()),
                ("signature", c.signature.into()),
                ("jsApiList", list.into()),
            ];
            if open_tags {
                fields.push(("openTagList", Array::of1(&JsValue::from_str(SUBSCRIBE_TAG)).into()));
            }
            call(&wx, "config", object(&fields));
            CONFIGURED.with(|c| *c.borrow_mut() = key);
            Some(wx)
        }
        Err(ApiError::Http { status: 404, .. }) => {
            SDK.with(|s| s.set(Sdk::Unavailable));
            None
        }
        Err(_) => None,
    }
}

/// How long a screen's share card waits (see [`share`]).
const CARD_AFTER_MS: u32 = 1500;

/// WeChat's open tag of the subscribe dialog (subscription messages, 订阅消息).
pub const SUBSCRIBE_TAG: &str = "wx-open-subscribe";

/// Sets the screen's share card: in WeChat's menu (the SDK configured for this page first), or
/// posted to the mini program. Nothing happens outside WeChat, or when the backend has no
/// official account; a failure is silent (WeChat's menu then shares the bare link).
pub fn share(card: ShareCard) {
    if !matches!(host(), Host::WeChat { .. }) || SDK.with(Cell::get) == Sdk::Unavailable {
        return;
    }
    leptos::task::spawn_local(async move {
        // After the first screen (issue 15): the card is for WeChat's ··· menu, which nobody
        // opens in a screen's first seconds, and asking `/meta`, the signature and WeChat's
        // script at once took a slow link from the screen's own requests (a deputy's QR link
        // inside WeChat: its `/meta` started beside the deputy's answer).
        api::sleep(CARD_AFTER_MS).await;
        let Some(wx) = ready(false).await else { return };
        let image = card.image.clone().unwrap_or_default();
        if in_mini_program() {
            let mini = get(&wx, "miniProgram");
            call(&mini, "postMessage", object(&[("data", object(&[
                ("title", card.title.clone().into()),
                ("desc", card.desc.clone().into()),
                ("link", card.link.clone().into()),
                ("image", image.clone().into()),
            ]))]));
        }
        let set = Closure::once_into_js(move || {
            let Some(sdk) = self::wx() else { return };
            let wx = &sdk;
            call(wx, "updateAppMessageShareData", object(&[
                ("title", card.title.clone().into()),
                ("desc", card.desc.clone().into()),
                ("link", card.link.clone().into()),
                ("imgUrl", image.clone().into()),
            ]));
            call(wx, "updateTimelineShareData", object(&[
                ("title", card.title.into()),
                ("link", card.link.into()),
                ("imgUrl", image.into()),
            ]));
        });
        call(&wx, "ready", set);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const WECHAT_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN";
    const WECHAT_ANDROID: &str = "Mozilla/5.0 (Linux; Android 13; V2171A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.49";
    const ALIPAY: &str = "Mozilla/5.0 (Linux; U; Android 12; zh-CN; V2049A Build/SP1A.210812.003) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/69.0.3497.100 UWS/3.22.2.43 Mobile Safari/537.36 UCBS/3.22.2.43_220223200704 ChannelId(1) NebulaSDK/1.8.100112 Nebula AlipayDefined(nt:WIFI,ws:360|0|2.0) AliApp(AP/10.2.60.8000) AlipayClient/10.2.60.8000 Language/zh-Hans useStatusBar/true isConcaveScreen/true";
    const CHROME: &str = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36";

    #[test]
    fn hosts_by_user_agent() {
        assert_eq!(host_of(WECHAT_IOS), Host::WeChat { ios: true });
        assert_eq!(host_of(WECHAT_ANDROID), Host::WeChat { ios: false });
        assert_eq!(host_of(ALIPAY), Host::OtherApp);
        assert_eq!(host_of(CHROME), Host::Browser);
    }

    #[test]
    fn ios_signs_the_landing_url_android_the_current_one() {
        let landing = "https://r.example.cn/d/LW01?via=p1";
        let current = "https://r.example.cn/articles/a_1#comments";
        assert_eq!(signed_url(true, landing, current), landing);
        assert_eq!(signed_url(false, landing, current), "https://r.example.cn/articles/a_1");
        // (no navigation entry: the current URL)
        assert_eq!(signed_url(true, "", current), "https://r.example.cn/articles/a_1");
    }
}
