//! Account pieces of the shell: the notice shown when the session ended on the server.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::states::sign_in_href;
use crate::i18n::{t, Key};
use crate::components::shell::css;
use crate::state::session::SessionState;

/// "登录已过期，请重新登录": shown once the backend refused the session (a request got 401),
/// with a link to sign in that comes back to this screen. Drafts stay on the device (they are
/// stored under per-user keys), so nothing typed is lost.
#[component]
pub fn SessionExpiredNotice() -> impl IntoView {
    let Some(session) = use_context::<SessionState>() else { return ().into_any() };
    let location = use_location();
    (move || {
        let on_sign_in = location.pathname.with(|p| crate::paths::app_path(p).starts_with("/sign-in"));
        (session.expired.get() && !on_sign_in).then(|| {
            location.search.track();
            view! {
                <section class=css::expired aria-labelledby="session-expired-text">
                    <p id="session-expired-text" role="alert">{t(Key::SessionExpired)}</p>
                    <div class=css::expired_actions>
                        <a class="btn btn-primary" href=sign_in_href()>{t(Key::SessionSignInAgain)}</a>
                        <button type="button" class="btn" on:click=move |_| session.expired.set(false)>
                            {t(Key::SessionLater)}
                        </button>
                    </div>
                </section>
            }
        })
    })
    .into_any()
}
