//! Online / offline status of the device, as a signal.

use leptos::ev;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Network {
    pub online: ReadSignal<bool>,
    /// When the oldest answer the current screen shows was saved, if it came from the copy the
    /// service worker keeps (the network failed: `X-Zsrd-Offline`), in seconds since the epoch;
    /// 0 when none did. Cleared on every navigation (app.rs), so the mark belongs to the screen
    /// on show. (A `u32`, not an `Option<f64>`: a signal type the first load has anyway.)
    pub copy: RwSignal<u32>,
}

impl Network {
    pub fn provide() -> Network {
        let initial = web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true);
        let (online, set_online) = signal(initial);
        // Listeners live as long as the app.
        std::mem::forget(window_event_listener(ev::online, move |_| set_online.set(true)));
        std::mem::forget(window_event_listener(ev::offline, move |_| set_online.set(false)));
        let copy = RwSignal::new(0u32);
        crate::api::set_on_offline_copy(move |saved| copy.update(|c| *c = if *c == 0 { saved } else { (*c).min(saved) }));
        let n = Network { online, copy };
        provide_context(n);
        n
    }
}

/// When the copy shown on this screen was saved ([`Network::copy`]; `None` outside the shell).
pub fn offline_copy() -> Option<RwSignal<u32>> {
    use_context::<Network>().map(|n| n.copy)
}

/// The online signal (always `true` outside the app shell, e.g. in component tests).
pub fn online() -> Signal<bool> {
    match use_context::<Network>() {
        Some(n) => n.online.into(),
        None => Signal::stored(true),
    }
}
