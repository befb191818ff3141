//! Online / offline status of the device, as a signal.

use leptos::ev;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Network {
    pub online: ReadSignal<bool>,
}

impl Network {
    pub fn provide() -> Network {
        let initial = web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true);
        let (online, set_online) = signal(initial);
        // Listeners live as long as the app.
        std::mem::forget(window_event_listener(ev::online, move |_| set_online.set(true)));
        std::mem::forget(window_event_listener(ev::offline, move |_| set_online.set(false)));
        let n = Network { online };
        provide_context(n);
        n
    }
}

/// The online signal (always `true` outside the app shell, e.g. in component tests).
pub fn online() -> Signal<bool> {
    match use_context::<Network>() {
        Some(n) => n.online.into(),
        None => Signal::stored(true),
    }
}
