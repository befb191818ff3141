//! 分享: one button on the screens worth passing on (an article, an event, a deputy, a topic,
//! a poll). Where the app runs decides what it does:
//! - in WeChat, pages cannot open WeChat's share sheet themselves: the screen's card is set
//!   for WeChat's own menu (`state::wechat`), and the button says where that menu is;
//! - in a mini program's `web-view`, the same, for the mini program's 转发;
//! - elsewhere, the system share sheet (Web Share API), else the link is copied, and said so;
//!   if even that is refused, the link is shown to copy by hand.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::i18n::{t, Key};
use crate::state::wechat::{self, Host, ShareCard};

stylance::import_crate_style!(css, "src/components/share.module.css");

/// What a tap on 分享 does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tap {
    /// Point at WeChat's ··· menu (the card is set for it).
    WeChatMenu,
    /// Point at the mini program's ··· menu (转发).
    MiniProgramMenu,
    /// The system share sheet.
    WebShare,
    /// Copy the link.
    Copy,
}

pub fn tap_of(host: Host, mini_program: bool, web_share: bool) -> Tap {
    match host {
        Host::WeChat { .. } if mini_program => Tap::MiniProgramMenu,
        Host::WeChat { .. } => Tap::WeChatMenu,
        _ if web_share => Tap::WebShare,
        _ => Tap::Copy,
    }
}

/// A card's line from rich text: its first paragraph, cut to 60 characters.
pub fn first_line(blocks: &[contract::Block]) -> String {
    let text = blocks
        .iter()
        .find_map(|b| match b {
            contract::Block::Paragraph { text } if !text.trim().is_empty() => Some(text.trim()),
            _ => None,
        })
        .unwrap_or_default();
    let mut line: String = text.chars().take(60).collect();
    if text.chars().nth(60).is_some() {
        line.push('…');
    }
    line
}

/// A picture's absolute URL for a share card (WeChat wants one): an API media URL made absolute
/// on the API's base, a path on this origin.
pub fn picture(raw: &str) -> Option<String> {
    let url = crate::api::media_url(raw)?;
    Some(if url.starts_with('/') { link_to(&url) } else { url })
}

/// The app's absolute URL of `path`.
pub fn link_to(path: &str) -> String {
    crate::components::qr::app_origin() + path
}

fn navigator() -> JsValue {
    web_sys::window().map(|w| w.navigator().into()).unwrap_or(JsValue::UNDEFINED)
}

fn method(target: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &JsValue::from_str(name)).ok()?.dyn_into().ok()
}

/// Calls `target.name(arg)` and waits for its promise: `Ok` when it resolved, `Err(name of the
/// error)` when it rejected or could not be called.
async fn promised(target: &JsValue, name: &str, arg: &JsValue) -> Result<(), String> {
    let f = method(target, name).ok_or_else(String::new)?;
    let p = f.call1(target, arg).map_err(|_| String::new())?;
    JsFuture::from(js_sys::Promise::resolve(&p)).await.map(|_| ()).map_err(|e| {
        js_sys::Reflect::get(&e, &JsValue::from_str("name")).ok().and_then(|n| n.as_string()).unwrap_or_default()
    })
}

/// What the note under the button says.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Note {
    Hint(Key),
    Copied,
    /// Copying was refused: the link is shown.
    ByHand,
}

#[component]
pub fn ShareButton(card: ShareCard) -> impl IntoView {
    // (a card without a picture of its own shows the app's icon)
    wechat::share(ShareCard { image: card.image.clone().or_else(|| Some(link_to("/icons/icon-512.png"))), ..card.clone() });
    let note = RwSignal::new(None::<Note>);
    let link = card.link.clone();
    let tap = move |_| {
        let nav = navigator();
        let web_share = method(&nav, "share").is_some();
        match tap_of(wechat::host(), wechat::in_mini_program(), web_share) {
            Tap::WeChatMenu => note.set(Some(Note::Hint(Key::ShareWechatHint))),
            Tap::MiniProgramMenu => note.set(Some(Note::Hint(Key::ShareMiniHint))),
            kind => {
                let card = card.clone();
                leptos::task::spawn_local(async move {
                    if kind == Tap::WebShare {
                        let data = js_sys::Object::new();
                        for (k, v) in [("title", &card.title), ("text", &card.desc), ("url", &card.link)] {
                            let _ = js_sys::Reflect::set(&data, &JsValue::from_str(k), &JsValue::from_str(v));
                        }
                        match promised(&nav, "share", &data).await {
                            // Shared, or the person closed the sheet: nothing to say.
                            Ok(()) => return,
                            Err(e) if e == "AbortError" => return,
                            Err(_) => {}
                        }
                    }
                    let clipboard = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard")).unwrap_or(JsValue::UNDEFINED);
                    let copied = promised(&clipboard, "writeText", &JsValue::from_str(&card.link)).await.is_ok();
                    note.set(Some(if copied { Note::Copied } else { Note::ByHand }));
                });
            }
        }
    };
    view! {
        <div class=css::share>
            <button type="button" class="btn" on:click=tap>
                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                    <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"
                        d="M4 12v7a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-7M16 6l-4-4-4 4M12 2v13"/>
                </svg>
                {t(Key::Share)}
            </button>
            <p class=css::note role="status">
                {move || note.get().map(|n| match n {
                    Note::Hint(k) => t(k).into_any(),
                    Note::Copied => t(Key::ShareCopied).into_any(),
                    Note::ByHand => {
                        let link = link.clone();
                        view! {
                            {t(Key::ShareByHand)}
                            <input class=css::link type="text" readonly value=link aria-label=t(Key::ShareLink)/>
                        }.into_any()
                    }
                })}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cards_line_is_the_first_paragraph_cut() {
        use contract::Block;
        let long = "镇人大".repeat(30);
        let blocks = vec![
            Block::Heading { level: 2, text: "标题".into() },
            Block::Paragraph { text: "  ".into() },
            Block::Paragraph { text: long.clone() },
        ];
        let line = first_line(&blocks);
        assert_eq!(line.chars().count(), 61);
        assert!(line.ends_with('…') && long.starts_with(line.trim_end_matches('…')));
        assert_eq!(first_line(&[Block::Paragraph { text: "短".into() }]), "短");
        assert_eq!(first_line(&[]), "");
    }

    #[test]
    fn what_a_tap_does_where() {
        assert_eq!(tap_of(Host::WeChat { ios: false }, false, true), Tap::WeChatMenu);
        assert_eq!(tap_of(Host::WeChat { ios: true }, true, false), Tap::MiniProgramMenu);
        assert_eq!(tap_of(Host::OtherApp, false, true), Tap::WebShare);
        assert_eq!(tap_of(Host::Browser, false, false), Tap::Copy);
    }
}
