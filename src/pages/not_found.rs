//! The screen for a path the app does not know.

use leptos::prelude::*;

use crate::components::shell::TopBar;
use crate::i18n::{t, Key};

#[component]
pub fn NotFound() -> impl IntoView {
    let title = t(Key::NotFoundTitle);
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/"/>
        <div class=crate::components::states::css::notfound>
            <p class=crate::components::states::css::notfound_code aria-hidden="true">"404"</p>
            <p>{t(Key::NotFoundBody)}</p>
            <a class="btn btn-primary" href="./">{t(Key::NotFoundHome)}</a>
        </div>
    }
}
