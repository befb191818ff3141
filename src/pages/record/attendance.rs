//! 签到与出席 (`/events/:id/attendance`, staff): the event's check-in QR to show on a screen or
//! print (deputies scan it with the phone's camera or WeChat; the code under it can be typed),
//! when check-in is open, and every deputy to tick as attended — each tick saved at once
//! (`PUT`/`DELETE /events/{id}/attendance/{deputy_id}`), a failed one shown and undone.

use contract::{Attendance, AttendanceKind, AttendanceRow, Role};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::css;
use crate::api::url::encode_component;
use crate::api::{self, endpoints, ApiError, Canceller};
use crate::components::qr::{app_origin, QrSvg};
use crate::components::shell::TopBar;
use crate::components::states::{detail_state, ErrorState, SignInRequired};
use crate::format;
use crate::i18n::{fill, lang, t, Key};
use crate::state::loader::Loader;
use crate::state::session::SessionState;

/// The address an event's check-in QR holds.
pub fn check_in_link(origin: &str, event_id: &str, code: &str) -> String {
    format!(
        "{}/events/{}/check-in?code={}",
        origin.trim_end_matches('/'),
        encode_component(event_id),
        encode_component(code)
    )
}

#[component]
pub fn AttendancePage() -> impl IntoView {
    let session = SessionState::get();
    let title = t(Key::RcAttendance);
    let body = move || {
        if !session.is_signed_in() {
            return view! { <SignInRequired message=Signal::derive(move || t(Key::RcStaffOnly)().to_string())/> }.into_any();
        }
        if !session.has_role(Role::Staff) {
            return view! { <p class=css::intro>{t(Key::RcStaffOnly)}</p> }.into_any();
        }
        view! { <AttendanceBody/> }.into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/events"/>
        <div class=css::page>{body}</div>
    }
}

#[component]
fn AttendanceBody() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let loaded = Loader::new(move || endpoints::event_attendance(&id.get()));
    let event = Loader::new(move || endpoints::event(&id.get()));
    let retry = Callback::new(move |_| loaded.refetch());
    view! {
        {move || event.get().and_then(Result::ok).map(|e| view! {
            <p class=css::name><a href=crate::paths::to(&format!("/events/{}", e.summary.id))>{e.summary.title.clone()}</a></p>
        })}
        {move || detail_state(loaded.get().map(|r| r.map(|a| view! { <AttendanceView attendance=a/> }.into_any())), retry)}
    }
}

#[component]
fn AttendanceView(attendance: Attendance) -> impl IntoView {
    let lang = lang();
    let a = attendance;
    let link = check_in_link(&app_origin(), &a.event_id, &a.check_in_code);
    let (opens, closes) = (a.check_in_opens_at.clone(), a.check_in_closes_at.clone());
    let count = RwSignal::new(a.deputies.iter().filter(|d| d.how.is_some()).count());
    let total = a.deputies.len();
    let event_id = StoredValue::new(a.event_id.clone());
    let rows = a
        .deputies
        .into_iter()
        .map(|d| view! { <DeputyTick row=d event_id=event_id count=count/> })
        .collect_view();
    let qr_label = lang.get_untracked().text(Key::RcQrLabel).to_string();
    view! {
        <section class=css::section aria-labelledby="rc-check-in">
            <h2 class=css::heading id="rc-check-in">{t(Key::RcCheckInQr)}</h2>
            <p class=css::hint>{t(Key::RcCheckInHint)}</p>
            <div class=css::qr><QrSvg text=link label=qr_label/></div>
            <p class=css::code>{t(Key::RcCode)}" "<strong>{a.check_in_code.clone()}</strong></p>
            <p class=css::hint>{move || fill(lang.get().text(Key::RcWindow), &[
                ("from", &format::date_time(&opens, lang.get())), ("to", &format::date_time(&closes, lang.get())),
            ])}</p>
        </section>
        <section class=css::section aria-labelledby="rc-who">
            <h2 class=css::heading id="rc-who">{t(Key::RcWho)}</h2>
            <p class=css::hint role="status">{move || fill(lang.get().text(Key::RcAttendedN), &[("n", &count.get().to_string()), ("total", &total.to_string())])}</p>
            <ul class=css::ticks>{rows}</ul>
        </section>
    }
}

/// One deputy: a checkbox saved as it is ticked.
#[component]
fn DeputyTick(row: AttendanceRow, event_id: StoredValue<String>, count: RwSignal<usize>) -> impl IntoView {
    let attended = RwSignal::new(row.how.is_some());
    let checked_in = row.how == Some(AttendanceKind::CheckIn);
    let busy = RwSignal::new(false);
    let failed: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let deputy_id = StoredValue::new(row.deputy_id.clone());
    let save = move |on: bool| {
        busy.set(true);
        failed.set(None);
        attended.set(on);
        count.update(|n| if on { *n += 1 } else { *n = n.saturating_sub(1) });
        let (event, deputy) = (event_id.get_value(), deputy_id.get_value());
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let result = if on {
                api::fetch(endpoints::record_attendance(&event, &deputy), &c).await.map(|_: AttendanceRow| ())
            } else {
                api::fetch(endpoints::remove_attendance(&event, &deputy), &c).await
            };
            busy.try_set(false);
            if let Err(e) = result {
                // undone: the list says what the server has
                attended.try_set(!on);
                count.try_update(|n| if on { *n = n.saturating_sub(1) } else { *n += 1 });
                failed.try_set(Some(e));
            }
        });
    };
    let station = row.station.map(|s| format!(" · {}", s.name)).unwrap_or_default();
    let label = format!("{}{station}", row.name);
    view! {
        <li>
            <label class=css::tick>
                <input type="checkbox" prop:checked=move || attended.get() disabled=move || busy.get()
                    on:change=move |ev| save(event_target_checked(&ev))/>
                <span>{label}</span>
                {checked_in.then(|| view! { <span class=css::badge>{t(Key::RcCheckedIn)}</span> })}
            </label>
            {move || failed.get().map(|e| view! {
                <ErrorState error=e on_retry=Callback::new(move |_| save(!attended.get_untracked())) inline=true/>
            })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_opens_the_check_in_screen_with_the_code() {
        assert_eq!(
            check_in_link("https://rd.example.gov.cn/", "ev 1", "AB3K9MZ2"),
            "https://rd.example.gov.cn/events/ev%201/check-in?code=AB3K9MZ2"
        );
    }
}
