//! 留言已发出 (`/messages/:id/sent`): the confirmation after a message went out — from the
//! compose screen, or later from the outbox (the 留言 list links here). It says to whom it
//! went, when an answer is due (the deadline the backend set: before triage, when staff will
//! assign it; with the backend's time limits of each track), that the author will be alerted,
//! and links to the message and back home.

use contract::{HandlerKind, Message};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::mp;
use super::progress::{due, Due};
use crate::api::{self, endpoints};
use crate::components::form::focus;
use crate::components::shell::TopBar;
use crate::components::states::detail_state;
use crate::format;
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::state::loader::Loader;

/// The lines of "what happens next", in order, for a message just sent. `date` formats a
/// deadline for people. Pure: the texts come from the message and its time limits.
pub fn next_steps(m: &Message, l: Lang, date: impl Fn(&str) -> String) -> Vec<String> {
    let mut out = Vec::new();
    let handler = m.handler.as_ref().map(|h| h.name.clone()).unwrap_or_default();
    let deadline = m.deadline.as_deref().map(&date);
    match (due(m.status, m.track), deadline) {
        (Some(Due::Triage), Some(d)) => out.push(fill(l.text(Key::SentTriageBy), &[("date", &d)])),
        (Some(Due::Triage), None) => out.push(l.text(Key::SentTriageSoon).to_string()),
        (Some(Due::Answer), Some(d)) => out.push(fill(l.text(Key::SentAnswerBy), &[("name", &handler), ("date", &d)])),
        (Some(Due::Resolve), Some(d)) => out.push(fill(l.text(Key::SentResolveBy), &[("name", &handler), ("date", &d)])),
        _ => {}
    }
    let limits = m.time_limits.as_ref().filter(|x| x.fast_days > 0 && x.major_days > 0);
    if let (Some(x), Some(Due::Triage)) = (limits, due(m.status, m.track)) {
        out.push(fill(l.text(Key::SentLimits), &[("fast", &x.fast_days.to_string()), ("major", &x.major_days.to_string())]));
    }
    out.push(l.text(Key::SentAlert).to_string());
    out
}

/// "已发给 陈志强（人大代表）" / "已发给 镇规划建设办".
pub fn sent_to(m: &Message, l: Lang) -> String {
    let name = &m.recipient.name;
    match m.recipient.kind {
        HandlerKind::Deputy => fill(l.text(Key::SentToDeputy), &[("name", name), ("role", l.text(Key::RoleDeputy))]),
        _ => fill(l.text(Key::SentTo), &[("name", name)]),
    }
}

#[component]
pub fn MessageSent() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let loaded = Loader::new(move || endpoints::message(&id.get()));
    let lang = lang();
    let title = t(Key::SentTitle);
    let retry = Callback::new(move |_| loaded.refetch());
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/messages" heading=false/>
        {move || {
            lang.track();
            detail_state(loaded.get().map(|r| r.map(|m| view! { <Confirmation message=m/> }.into_any())), retry)
        }}
    }
}

#[component]
fn Confirmation(message: Message) -> impl IntoView {
    let l = lang().get_untracked();
    let m = message;
    let href = format!("/messages/{}", api::url::encode_component(&m.id));
    let steps = next_steps(&m, l, |d| format::date_time(d, l));
    // The screen reader hears the confirmation first (the focus was on the send button).
    request_animation_frame(|| focus("sent-title"));
    view! {
        <div class=mp::confirm>
            <p class=mp::tick aria-hidden="true">"✓"</p>
            <h1 id="sent-title" class=mp::confirm_title tabindex="-1">{t(Key::SentTitle)}</h1>
            <p class=mp::lead>{sent_to(&m, l)}</p>
            <p class=mp::quote>{fill(l.text(Key::SentQuoted), &[("title", &m.title)])}</p>
            <h2 class=mp::next_title>{t(Key::SentNext)}</h2>
            <ol class=mp::next>
                {steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
            </ol>
            <p class=mp::term>
                {t(if m.public { Key::TermPublic } else { Key::TermPrivate })}" "
                <a href="notifications/settings">{t(Key::SentAlertSettings)}</a>
            </p>
            <div class=mp::confirm_actions>
                <a class="btn btn-primary" href=crate::paths::to(&href)>{t(Key::SentView)}</a>
                <a class="btn" href="./">{t(Key::SentHome)}</a>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::{HandlerRef, MessageStatus, TimeLimits, Track};

    fn sent(status: MessageStatus) -> Message {
        Message {
            status,
            title: "村口路灯不亮了".into(),
            recipient: HandlerRef { kind: HandlerKind::Deputy, id: "d".into(), name: "陈志强".into() },
            deadline: Some("D".into()),
            time_limits: Some(TimeLimits { triage_days: 1, fast_days: 5, major_days: 30 }),
            ..Default::default()
        }
    }

    fn date(d: &str) -> String {
        format!("<{d}>")
    }

    #[test]
    fn a_new_message_says_when_staff_will_assign_it_and_the_limits_after() {
        let steps = next_steps(&sent(MessageStatus::Submitted), Lang::Zh, date);
        assert_eq!(steps.len(), 3, "{steps:?}");
        assert!(steps[0].contains("<D> 前") && steps[0].contains("分派"), "{steps:?}");
        assert!(steps[1].contains("5 天内答复") && steps[1].contains("30 天内办结"), "{steps:?}");
        assert!(steps[2].contains("消息提醒"), "you will be alerted: {steps:?}");
        assert_eq!(sent_to(&sent(MessageStatus::Submitted), Lang::Zh), "已发给 陈志强（人大代表）");
    }

    #[test]
    fn without_a_deadline_or_limits_it_says_only_what_it_knows() {
        let mut m = sent(MessageStatus::Submitted);
        m.deadline = None;
        m.time_limits = None;
        let steps = next_steps(&m, Lang::Zh, date);
        assert_eq!(steps.len(), 2, "{steps:?}");
        assert!(steps[0].contains("尽快") && !steps[0].contains('<'), "{steps:?}");
        m.time_limits = Some(TimeLimits { triage_days: 0, fast_days: 0, major_days: 30 });
        assert_eq!(next_steps(&m, Lang::Zh, date).len(), 2, "a limit of 0 is not said");
    }

    #[test]
    fn an_already_assigned_message_says_who_answers_by_when() {
        let mut m = sent(MessageStatus::Assigned);
        m.track = Some(Track::Fast);
        m.handler = Some(HandlerRef { kind: HandlerKind::Department, id: "g".into(), name: "规划建设办".into() });
        let steps = next_steps(&m, Lang::Zh, date);
        assert!(steps[0].contains("规划建设办") && steps[0].contains("<D> 前") && steps[0].contains("答复"), "{steps:?}");
        assert_eq!(steps.len(), 2, "no triage limits once assigned: {steps:?}");
        m.track = Some(Track::Major);
        assert!(next_steps(&m, Lang::Zh, date)[0].contains("办结"));
        m.recipient.kind = HandlerKind::Department;
        m.recipient.name = "规划建设办".into();
        assert_eq!(sent_to(&m, Lang::Zh), "已发给 规划建设办");
    }
}
