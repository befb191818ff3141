//! App state: the session, preferences, "my village", on-device storage and drafts, the outbox, alerts,
//! network status, the workspace's landing, list snapshots (for returning to a list), loaders.

pub mod alerts;
pub mod drafts;
pub mod lists;
pub mod loader;
pub mod network;
pub mod outbox;
pub mod poster_visit;
pub mod prefs;
pub mod push;
pub mod recent;
pub mod session;
pub mod storage;
pub mod village;
pub mod visible;
pub mod wechat;
pub mod work;

use leptos::prelude::Effect;

/// An effect (runs now-ish and whenever what it reads changes). Its code is boxed, so that
/// every effect of the app shares one copy of Leptos' effect machinery in the wasm.
pub fn effect(f: impl FnMut() + 'static) {
    let mut f: Box<dyn FnMut()> = Box::new(f);
    Effect::new(move |_| f());
}
