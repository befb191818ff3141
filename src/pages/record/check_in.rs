//! 活动签到 (`/events/:id/check-in?code=…`): where an event's check-in QR leads. A signed-in
//! deputy is checked in at once (`POST /events/{id}/check-ins`) and told so in big words; the
//! code can also be typed (a QR that will not scan). Not signed in: sign in first (and come back
//! here). Outside the window, the server's words say when it opens; a retry is one tap.

use contract::{AttendanceRow, CheckIn, Role, CHECK_IN_CODE_LEN};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::css;
use crate::api::{self, endpoints, ApiError, Canceller};
use crate::components::form::{api_errors, Control, Errors, Field, FormError, Value};
use crate::components::shell::TopBar;
use crate::components::states::SignInRequired;
use crate::i18n::{lang, t, Key};
use crate::state::session::SessionState;

/// What the check-in came to.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    /// Attended (checked in now or before, or recorded by staff).
    Done(AttendanceRow),
    Failed(ApiError),
}

fn place(field: &str) -> Option<&'static str> {
    (field == "code").then_some("code")
}

#[component]
pub fn CheckInPage() -> impl IntoView {
    let session = SessionState::get();
    let title = t(Key::RcCheckIn);
    let body = move || {
        if !session.is_signed_in() {
            return view! { <SignInRequired message=Signal::derive(move || t(Key::RcCheckInSignIn)().to_string())/> }.into_any();
        }
        if !session.has_role(Role::Deputy) {
            return view! { <p class=css::intro>{t(Key::RcDeputiesOnly)}</p> }.into_any();
        }
        view! { <CheckInBody/> }.into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/events"/>
        <div class=css::page>{body}</div>
    }
}

#[component]
fn CheckInBody() -> impl IntoView {
    let lang = lang();
    let params = use_params_map();
    let query = use_query_map();
    let id = params.with_untracked(|p| p.get("id")).unwrap_or_default();
    let code = RwSignal::new(query.with_untracked(|q| q.get("code")).unwrap_or_default());
    let outcome: RwSignal<Option<Outcome>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let errs = Errors::new();
    let event_id = StoredValue::new(id);
    let send = move || {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        outcome.set(None);
        errs.set(Vec::new());
        let body = CheckIn { code: code.get_untracked() };
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::check_in(&event_id.get_value()), &body, None, &c).await;
            busy.try_set(false);
            match result {
                Ok(row) => {
                    outcome.try_set(Some(Outcome::Done(row)));
                }
                Err(e) => {
                    let fields = api_errors(&e, lang.get_untracked(), &place);
                    if fields.iter().any(|(f, _)| f == "code") {
                        errs.set(fields);
                    } else {
                        outcome.try_set(Some(Outcome::Failed(e)));
                    }
                }
            }
        });
    };
    // a scanned QR carries the code: check in at once
    if code.get_untracked().trim().chars().count() == CHECK_IN_CODE_LEN {
        send();
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send();
    };
    view! {
        <div role="status" class=css::result>
            {move || match outcome.get() {
                None if busy.get() => view! { <p class=css::intro>{t(Key::RcCheckingIn)}</p> }.into_any(),
                None => ().into_any(),
                Some(Outcome::Done(row)) => {
                    let how = if row.how == Some(contract::AttendanceKind::Staff) { Key::RcAlreadyRecorded } else { Key::RcCheckedInDone };
                    view! {
                        <div class=css::done_big>
                            <p>{t(how)}</p>
                            <a href=crate::paths::to(&format!("/deputies/{}/record", row.deputy_id))>{t(Key::RcMine)}</a>
                        </div>
                    }.into_any()
                }
                Some(Outcome::Failed(e)) => view! {
                    <crate::components::states::ErrorState error=e on_retry=Callback::new(move |_| send()) inline=true/>
                }.into_any(),
            }}
        </div>
        {move || (!matches!(outcome.get(), Some(Outcome::Done(_)))).then(|| view! {
            <form class=css::form on:submit=submit novalidate=true>
                <Field id="rc-code" field="code" errors=errs label=Key::RcCodeLabel control=Control::text(Value::from(code)) hint=Key::RcCodeHint/>
                <FormError errors=errs/>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{t(Key::RcCheckInAction)}</button>
            </form>
        })}
    }
}
