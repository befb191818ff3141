//! Web Push on this phone (api/README.md, "Web Push"): the browser's push subscription,
//! registered with the backend, so that alerts arrive while the app is closed (the service
//! worker, public/sw.js, shows them and opens the message on a tap).
//!
//! Offered where it can work: a browser (not WeChat or another in-app webview, see
//! [`alerts::place_of`]) with the Push API and this app's service worker running. iPhones have
//! the Push API only in an app added to the home screen (iOS 16.4+): Safari itself is told so.

use contract::NewPushSubscription;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::api::{self, endpoints, ApiError, Canceller};
use crate::state::alerts::{self, Place};
use crate::state::session::SessionState;
use crate::state::storage;

/// Whether this phone can get Web Push from the app, and if not, why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    /// The Push API and the service worker are there.
    Ready,
    /// Safari on an iPhone or iPad: only once the app is added to the home screen.
    IosNotInstalled,
    /// The browser has no Push API, or runs in a webview (WeChat, Alipay…).
    Missing,
    /// No service worker controls the page yet (the first visit: the next start has it).
    NoWorker,
}

/// What the user agent says, as far as Push goes (a pure rule; [`availability`] applies it).
pub fn availability_of(place: Place, user_agent: &str, has_push_api: bool, standalone: bool, has_worker: bool) -> Availability {
    if place == Place::Wechat {
        return Availability::Missing;
    }
    let ios = user_agent.contains("iPhone") || user_agent.contains("iPad");
    // Safari (or another browser that can add to the home screen: "Safari/" in its agent; an
    // app's own webview lacks it) before the app is on the home screen. Without the Push API
    // there, it also has no `Notification`: its place is `Elsewhere`.
    if ios && !standalone && !has_push_api && user_agent.contains("Safari/") && !user_agent.contains("AlipayClient") {
        return Availability::IosNotInstalled;
    }
    if !has_push_api || place != Place::Browser {
        Availability::Missing
    } else if !has_worker {
        Availability::NoWorker
    } else {
        Availability::Ready
    }
}

/// Whether the app runs from the home screen (an installed web app).
pub fn standalone() -> bool {
    let Some(w) = web_sys::window() else { return false };
    let ios = js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("standalone")).is_ok_and(|v| v.as_bool() == Some(true));
    ios || w.match_media("(display-mode: standalone)").ok().flatten().is_some_and(|m| m.matches())
}

fn has(target: &JsValue, name: &str) -> bool {
    js_sys::Reflect::has(target, &JsValue::from_str(name)).unwrap_or(false)
}

/// The service worker container, where the browser has one.
fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    has(&navigator, "serviceWorker").then(|| navigator.service_worker())
}

/// [`availability_of`] here.
pub fn availability() -> Availability {
    let Some(w) = web_sys::window() else { return Availability::Missing };
    let has_worker = container().is_some_and(|c| c.controller().is_some());
    availability_of(
        alerts::system_place(),
        &w.navigator().user_agent().unwrap_or_default(),
        has(&w, "PushManager"),
        standalone(),
        has_worker,
    )
}

async fn registration() -> Option<web_sys::ServiceWorkerRegistration> {
    let found = JsFuture::from(container()?.get_registration()).await.ok()?;
    found.dyn_into().ok()
}

async fn subscription() -> Option<web_sys::PushSubscription> {
    let manager = registration().await?.push_manager().ok()?;
    JsFuture::from(manager.get_subscription().ok()?).await.ok()?.dyn_into().ok()
}

fn id_key(session: SessionState) -> Option<String> {
    session.user_key("push.subscription")
}

/// Whether this phone has a subscription registered for the signed-in user.
pub async fn is_on(session: SessionState) -> bool {
    let registered = id_key(session).and_then(|k| storage::read_text(&k)).is_some();
    registered && subscription().await.is_some()
}

/// Why turning Push on did not work.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// The backend sends no Web Push (404 on its key).
    NotOffered,
    /// The browser refused (permission denied, or no push service reachable).
    Refused,
    /// The backend did not take the subscription (or could not be reached).
    Api(ApiError),
}

/// Subscribes this browser with the backend's key and registers the subscription (call after
/// the notification permission was granted).
pub async fn turn_on(session: SessionState, canceller: &Canceller) -> Result<(), Problem> {
    let key = match api::fetch(endpoints::vapid_key(), canceller).await {
        Ok(k) => k,
        Err(ApiError::Http { status: 404, .. }) => return Err(Problem::NotOffered),
        Err(e) => return Err(Problem::Api(e)),
    };
    let registration = registration().await.ok_or(Problem::Refused)?;
    let manager = registration.push_manager().map_err(|_| Problem::Refused)?;
    let options = web_sys::PushSubscriptionOptionsInit::new();
    options.set_user_visible_only(true);
    // (the Push API takes the key as base64url text)
    options.set_application_server_key(&JsValue::from_str(&key.public_key));
    let promise = manager.subscribe_with_options(&options).map_err(|_| Problem::Refused)?;
    let subscribed = JsFuture::from(promise).await.map_err(|_| Problem::Refused)?;
    // `toJSON()`: {endpoint, expirationTime, keys: {p256dh, auth}} — the contract's shape.
    let json = js_sys::JSON::stringify(&subscribed).ok().and_then(|s| s.as_string()).unwrap_or_default();
    let new: NewPushSubscription = serde_json::from_str(&json).map_err(|_| Problem::Refused)?;
    let created = api::send(endpoints::add_push_subscription(), &new, None, canceller).await.map_err(Problem::Api)?;
    if let Some(k) = id_key(session) {
        let _ = storage::write_text(&k, &created.id);
    }
    Ok(())
}

/// Forgets this phone's subscription, here and at the backend (best effort: a subscription the
/// browser dropped is forgotten by the backend at its next send, 410).
pub async fn turn_off(session: SessionState, canceller: &Canceller) {
    if let Some(k) = id_key(session) {
        if let Some(id) = storage::read_text(&k) {
            let _ = api::fetch(endpoints::remove_push_subscription(&id), canceller).await;
            storage::forget(&k);
        }
    }
    if let Some(s) = subscription().await {
        if let Ok(p) = s.unsubscribe() {
            let _ = JsFuture::from(p).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
    const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    #[test]
    fn android_chrome_with_its_worker_can_subscribe() {
        assert_eq!(availability_of(Place::Browser, ANDROID, true, false, true), Availability::Ready);
        assert_eq!(availability_of(Place::Browser, ANDROID, true, false, false), Availability::NoWorker);
    }

    #[test]
    fn safari_on_an_iphone_needs_the_home_screen_first() {
        assert_eq!(availability_of(Place::Elsewhere, IPHONE, false, false, true), Availability::IosNotInstalled);
        // From the home screen (iOS 16.4+) it has the API.
        assert_eq!(availability_of(Place::Browser, IPHONE, true, true, true), Availability::Ready);
        // An old iOS, already installed: nothing to advise.
        assert_eq!(availability_of(Place::Elsewhere, IPHONE, false, true, true), Availability::Missing);
        // An app's own webview on an iPhone (no "Safari/"): nothing to advise either.
        let webview = IPHONE.replace(" Safari/604.1", "");
        assert_eq!(availability_of(Place::Elsewhere, &webview, false, false, true), Availability::Missing);
    }

    #[test]
    fn webviews_never_offer_push() {
        assert_eq!(availability_of(Place::Wechat, ANDROID, true, false, true), Availability::Missing);
        assert_eq!(availability_of(Place::Wechat, IPHONE, false, false, true), Availability::Missing);
        assert_eq!(availability_of(Place::Elsewhere, ANDROID, true, false, true), Availability::Missing);
    }
}
