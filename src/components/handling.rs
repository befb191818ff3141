//! What a handler (deputy, staff) can do on a message page: triage, reply, status, plan
//! steps, hand-over — driven by the message's `can` permissions. (Filled in by the
//! workspace work; the message page already shows it.)

use contract::Message;
use leptos::prelude::*;

/// The handler's actions for `message`; `on_change` receives the message as the backend
/// answers after an action.
#[component]
pub fn HandlingPanel(message: Message, #[prop(into)] on_change: Callback<Message>) -> impl IntoView {
    let _ = (message, on_change);
}
