//! 微信服务通知, in 提醒设置 inside WeChat when the backend has an official account: WeChat
//! sends subscription messages (订阅消息) only after the person said yes in WeChat's own dialog,
//! one message per yes. The dialog opens from WeChat's open tag `wx-open-subscribe` (a button
//! WeChat draws, from the template below); its answer (`success` event, `subscribeDetails`) is
//! recorded by the backend (`POST /wechat/subscriptions`), and the screen says, per template,
//! which alerts it carries and how many more may come.

use contract::{WechatConsent, WechatDecision, WechatDecisions, WechatSubscription};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::{self, endpoints, ApiError, Canceller};
use crate::components::states::ErrorState;
use crate::i18n::{fill, lang, t, Key};
use crate::state::alerts::kind_label;
use crate::state::wechat;

use super::css;

/// The answers in a `success` event's `subscribeDetails`: a JSON object of template id → a JSON
/// text `{"status": "accept" | "reject" | "ban" | "filter"}` (WeChat's documented shape), in
/// the order of `templates`; ids it does not name, and words it does not know, are left out.
/// (Typed maps, not `serde_json::Value`: this file is a lazily loaded chunk, but code for a
/// value of any shape would weigh on more than it.)
pub fn decisions_of(details: &str, templates: &[String]) -> Vec<WechatDecision> {
    #[derive(serde::Deserialize)]
    struct Answer {
        status: String,
    }
    let Ok(map) = serde_json::from_str::<std::collections::BTreeMap<String, String>>(details) else { return Vec::new() };
    templates
        .iter()
        .filter_map(|id| {
            let answer = serde_json::from_str::<Answer>(map.get(id)?).ok()?;
            let consent = WechatConsent::parse(&answer.status).filter(|c| *c != WechatConsent::Unknown)?;
            Some(WechatDecision { template_id: id.clone(), consent })
        })
        .collect()
}

/// What one template's line says.
fn standing(s: &WechatSubscription) -> (Key, u32) {
    match (s.allowed, s.consent) {
        (n, _) if n > 0 => (Key::WechatSubAllowed, n),
        (_, Some(WechatConsent::Reject | WechatConsent::Ban | WechatConsent::Filter)) => (Key::WechatSubRefused, 0),
        _ => (Key::WechatSubNone, 0),
    }
}

#[component]
pub fn WechatSubscribe() -> impl IntoView {
    let lang = lang();
    let list = RwSignal::new(None::<Result<Vec<WechatSubscription>, ApiError>>);
    let ready = RwSignal::new(false);
    let note = RwSignal::new(None::<Key>);
    let canceller = StoredValue::new_local(Canceller::for_owner());
    let load = move || {
        let c = canceller.get_value();
        list.set(None);
        leptos::task::spawn_local(async move {
            let got = api::fetch(endpoints::wechat_subscriptions(), &c).await;
            if c.is_cancelled() {
                return;
            }
            let has = matches!(&got, Ok(p) if !p.items.is_empty());
            list.set(Some(got.map(|p| p.items)));
            if has {
                // WeChat draws its button only once configured with the open tag.
                ready.set(wechat::ready(true).await.is_some());
            }
        });
    };
    load();
    let ids = move || list.with(|l| match l {
        Some(Ok(items)) => items.iter().map(|s| s.template_id.clone()).collect::<Vec<_>>(),
        _ => Vec::new(),
    });
    let answered = move |ev: web_sys::Event| {
        let detail = js_sys::Reflect::get(&ev, &JsValue::from_str("detail")).unwrap_or(JsValue::UNDEFINED);
        let details = js_sys::Reflect::get(&detail, &JsValue::from_str("subscribeDetails")).ok().and_then(|v| v.as_string()).unwrap_or_default();
        let decisions = decisions_of(&details, &ids());
        if decisions.is_empty() {
            return;
        }
        let c = canceller.get_value();
        leptos::task::spawn_local(async move {
            match api::send(endpoints::record_wechat_subscriptions(), &WechatDecisions { decisions }, None, &c).await {
                Ok(p) => {
                    list.set(Some(Ok(p.items)));
                    note.set(Some(Key::WechatSubSaved));
                }
                Err(_) => note.set(Some(Key::WechatSubNotSaved)),
            }
        });
    };
    let button = move || {
        let label = lang.get_untracked().text(Key::WechatSubButton);
        // WeChat draws this inside its own button (its styles do not reach in: inline ones).
        format!(
            "<button style=\"display:block;width:100%;min-height:48px;padding:12px;font-size:18px;\
             color:#fff;background:#b3131b;border:0;border-radius:10px\">{label}</button>"
        )
    };
    // WeChat's open tag, made with a few DOM calls rather than as a custom element of the view
    // (which brings Leptos' code for custom elements along, for one tag).
    let slot = NodeRef::<leptos::html::Div>::new();
    let listeners = StoredValue::new_local(Vec::<Closure<dyn FnMut(web_sys::Event)>>::new());
    crate::state::effect(move || {
        let (Some(slot), true) = (slot.get(), ready.get()) else { return };
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        let (Ok(tag), Ok(script)) = (doc.create_element(wechat::SUBSCRIBE_TAG), doc.create_element("script")) else { return };
        let _ = tag.set_attribute("id", "zsrd-subscribe");
        let _ = tag.set_attribute("template", &ids().join(","));
        let _ = script.set_attribute("type", "text/wxtag-template");
        script.set_text_content(Some(&button()));
        let _ = tag.append_child(&script);
        let on_success = Closure::<dyn FnMut(web_sys::Event)>::new(answered);
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| note.set(Some(Key::WechatSubFailed)));
        let _ = tag.add_event_listener_with_callback("success", on_success.as_ref().unchecked_ref());
        let _ = tag.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
        listeners.set_value(vec![on_success, on_error]);
        slot.set_inner_html("");
        let _ = slot.append_child(&tag);
    });
    view! {
        {move || match list.get() {
            None => None,
            Some(Err(e)) => Some(view! {
                <section class=css::wechat aria-labelledby="wechat-sub-title">
                    <h2 id="wechat-sub-title">{t(Key::WechatSubTitle)}</h2>
                    <ErrorState error=e on_retry=Callback::new(move |_| load()) inline=true/>
                </section>
            }.into_any()),
            Some(Ok(items)) if items.is_empty() => None,
            Some(Ok(items)) => {
                Some(view! {
                    <section class=css::wechat aria-labelledby="wechat-sub-title">
                        <h2 id="wechat-sub-title">{t(Key::WechatSubTitle)}</h2>
                        <p>{t(Key::WechatSubHint)}</p>
                        <ul class=css::wechat_list>
                            {items.into_iter().map(|s| {
                                let (key, n) = standing(&s);
                                let kinds = s.kinds.clone();
                                view! {
                                    <li>
                                        <strong>{move || {
                                            let l = lang.get();
                                            kinds.iter().map(|k| l.text(kind_label(*k))).collect::<Vec<_>>().join("、")
                                        }}</strong>
                                        <span>{move || fill(lang.get().text(key), &[("n", &n.to_string())])}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <div node_ref=slot></div>
                        <p class=css::wechat_note role="status">{move || note.get().map(t)}</p>
                    </section>
                }.into_any())
            }
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answers_of_wechats_dialog() {
        let ids = vec!["tpl-reply".to_string(), "tpl-poll".to_string(), "tpl-x".to_string()];
        let details = r#"{"tpl-poll":"{\"status\":\"reject\"}","tpl-reply":"{\"status\":\"accept\"}","other":"{\"status\":\"accept\"}"}"#;
        assert_eq!(
            decisions_of(details, &ids),
            vec![
                WechatDecision { template_id: "tpl-reply".into(), consent: WechatConsent::Accept },
                WechatDecision { template_id: "tpl-poll".into(), consent: WechatConsent::Reject },
            ]
        );
        // an unknown word; not JSON
        assert_eq!(decisions_of(r#"{"tpl-x":"{\"status\":\"ban\"}"}"#, &ids)[0].consent, WechatConsent::Ban);
        assert!(decisions_of(r#"{"tpl-x":"{\"status\":\"later\"}"}"#, &ids).is_empty());
        assert!(decisions_of("nope", &ids).is_empty());
    }

    #[test]
    fn what_a_template_line_says() {
        let s = |allowed, consent| WechatSubscription { allowed, consent, ..Default::default() };
        assert_eq!(standing(&s(2, Some(WechatConsent::Reject))), (Key::WechatSubAllowed, 2));
        assert_eq!(standing(&s(0, Some(WechatConsent::Ban))).0, Key::WechatSubRefused);
        assert_eq!(standing(&s(0, None)).0, Key::WechatSubNone);
    }
}
