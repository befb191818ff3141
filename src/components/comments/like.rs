//! 点赞: one button for articles, public messages and comments. Optimistic: the state and the
//! count change at once and go back, with a short message, if the request fails; tapping
//! again undoes. Signed out, it is a link to sign in (and back here).

use contract::TargetKind;
use leptos::prelude::*;

use super::css;
use super::rules::{failure_text, toggle_like};
use crate::api::{self, endpoints, Canceller};
use crate::components::states::sign_in_href;
use crate::i18n::{fill, lang, Key};
use crate::state::session::SessionState;

#[component]
pub fn LikeButton(
    kind: TargetKind,
    id: String,
    liked: bool,
    count: u32,
    /// Told the state the server confirmed (to keep it with the comment it belongs to).
    #[prop(optional)]
    on_change: Option<Callback<(bool, u32)>>,
    /// Whether the viewer may like it now (a comment's `can.like`); signed in, otherwise only
    /// the count shows.
    #[prop(default = true)]
    enabled: bool,
) -> impl IntoView {
    let session = SessionState::get();
    let lang = lang();
    let state = RwSignal::new((liked, count));
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let label = move || fill(lang.get().text(Key::CmLike), &[("n", &state.get().1.to_string())]);
    let kind_str = kind.as_str();
    let tap = move |_| {
        if busy.get_untracked() {
            return;
        }
        let before = state.get_untracked();
        let after = toggle_like(before.0, before.1);
        state.set(after);
        failed.set(None);
        busy.set(true);
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let ep = if after.0 { endpoints::like(kind_str, &id) } else { endpoints::unlike(kind_str, &id) };
            let result = api::fetch(ep, &Canceller::default()).await;
            busy.try_set(false);
            match result {
                Ok(r) => {
                    state.try_set((r.liked, r.like_count));
                    if let Some(f) = on_change {
                        f.run((r.liked, r.like_count));
                    }
                }
                Err(e) => {
                    state.try_set(before);
                    // a limit or a suspension says why; anything else, that it did not go through
                    let l = lang.get_untracked();
                    let why = match e {
                        api::ApiError::Http { status: 403 | 429, .. } => failure_text(&e, l),
                        _ => l.text(Key::CmLikeFailed).to_string(),
                    };
                    failed.try_set(Some(why));
                }
            }
        });
    };
    view! {
        <span class=css::like_wrap>
            {move || match (session.user().is_some(), enabled) {
                (false, _) => view! {
                    <a class=css::like href=sign_in_href() aria-label=move || format!("{} · {}", label(), lang.get().text(Key::CmSignIn))>
                        <span aria-hidden="true">"👍 "</span>{label}
                    </a>
                }.into_any(),
                (true, false) => view! { <span class=css::like_count><span aria-hidden="true">"👍 "</span>{label}</span> }.into_any(),
                (true, true) => view! {
                    <button type="button" class=css::like aria-pressed=move || if state.get().0 { "true" } else { "false" } on:click=tap.clone()>
                        <span aria-hidden="true">"👍 "</span>{label}
                    </button>
                }.into_any(),
            }}
            <span class=css::like_error role="status">{move || failed.get()}</span>
        </span>
    }
}
