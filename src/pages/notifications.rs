//! 消息提醒 (/notifications): the signed-in user's notifications, newest first, each a link to
//! what it is about; new ones appear as they arrive; 全部标为已读. And 提醒设置
//! (/notifications/settings): per kind and channel, and the phone's own notifications.

use contract::{KindPreference, Notification, NotificationKind, NotificationPreferences, Role};
use leptos::prelude::*;
use web_sys::NotificationPermission;

use crate::api::{self, endpoints, ApiError, Canceller};
use crate::components::shell::TopBar;
use crate::components::states::{EmptyState, ErrorState, SignInRequired, SkeletonList};
use crate::i18n::{fill, lang, t, Key};
use crate::pages::page_css as pcss;
use crate::state::alerts::{self, kind_label, safe_link, Alerts, Link};
use crate::state::push;
use crate::state::effect;
use crate::state::session::SessionState;

stylance::import_crate_style!(css, "src/pages/notifications.module.css");

mod wechat;

#[derive(Clone, PartialEq)]
enum Phase {
    Loading,
    Ready,
    Failed(ApiError),
}

/// Puts the notifications that arrived meanwhile (newest first) at the top, each once.
fn merge_incoming(items: &mut Vec<Notification>, incoming: &[Notification]) {
    for n in incoming.iter().rev() {
        if !items.iter().any(|i| i.id == n.id) {
            items.insert(0, n.clone());
        }
    }
}

/// The notifications about one message (or one about nothing in particular), newest first.
#[derive(Clone, Debug, PartialEq)]
struct Group {
    /// The message id, or the notification's own id when it is about no message.
    key: String,
    items: Vec<Notification>,
}

impl Group {
    fn unread(&self) -> usize {
        self.items.iter().filter(|n| !n.read).count()
    }
}

/// Groups a newest-first list per message, each group where its newest notification is: one
/// entry per message in the centre, so that a message whose status changed four times is one
/// line, not four.
fn group(items: &[Notification]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for n in items {
        let key = match n.message_id.as_deref().filter(|m| !m.is_empty()) {
            Some(m) => format!("m:{m}"),
            None => format!("n:{}", n.id),
        };
        match groups.iter_mut().find(|g| g.key == key) {
            Some(g) => g.items.push(n.clone()),
            None => groups.push(Group { key, items: vec![n.clone()] }),
        }
    }
    groups
}

/// Read flags from what the device knows of the unread ones: all read at a count of 0; when
/// the device knows all unread ones (`unread_ids`), exactly those are unread.
fn reconcile_read(items: &mut [Notification], unread: Option<u32>, unread_ids: Option<&[String]>) {
    match (unread, unread_ids) {
        (Some(0), _) => items.iter_mut().for_each(|n| n.read = true),
        (Some(_), Some(ids)) => items.iter_mut().for_each(|n| n.read = !ids.contains(&n.id)),
        _ => {}
    }
}

/// An alerts screen: its top bar, then `body` for a signed-in user or a sign-in prompt.
fn alerts_screen(title: Key, back_to: &'static str, body: fn(Alerts) -> AnyView) -> AnyView {
    let title = t(title);
    let top = view! { <TopBar title=Signal::derive(move || title().to_string()) back_to=back_to search=false/> };
    let Some(alerts) = Alerts::get() else { return top.into_any() };
    view! {
        {top}
        {move || if alerts.signed_in() {
            body(alerts)
        } else {
            view! { <SignInRequired message=Signal::derive(move || t(Key::AlertsSignIn)().to_string())/> }.into_any()
        }}
    }
    .into_any()
}

#[component]
pub fn Notifications() -> impl IntoView {
    alerts_screen(Key::AlertsTitle, "/me", |alerts| view! { <Centre alerts=alerts/> }.into_any())
}

#[component]
fn Centre(alerts: Alerts) -> impl IntoView {
    let lang = lang();
    let items = RwSignal::new(Vec::<Notification>::new());
    let next = RwSignal::new(None::<String>);
    let phase = RwSignal::new(Phase::Loading);
    let more_busy = RwSignal::new(false);
    let more_error = RwSignal::new(None::<ApiError>);
    let action_error = RwSignal::new(None::<ApiError>);
    let canceller = StoredValue::new_local(Canceller::for_owner());

    let load = {
        move |cursor: Option<String>| {
            let c = canceller.get_value();
            let first = cursor.is_none();
            if first {
                phase.set(Phase::Loading);
            } else {
                more_busy.set(true);
                more_error.set(None);
            }
            leptos::task::spawn_local(async move {
                let page = api::fetch(endpoints::notifications(None, None, cursor.as_deref(), None), &c).await;
                if c.is_cancelled() {
                    return;
                }
                match page {
                    Ok(page) => {
                        items.update(|list| {
                            if first {
                                *list = page.items;
                                merge_incoming(list, &alerts.incoming_untracked());
                            } else {
                                for n in page.items {
                                    if !list.iter().any(|i| i.id == n.id) {
                                        list.push(n);
                                    }
                                }
                            }
                        });
                        next.set(page.next_cursor);
                        phase.set(Phase::Ready);
                    }
                    Err(e) if first => phase.set(Phase::Failed(e)),
                    Err(e) => more_error.set(Some(e)),
                }
                more_busy.set(false);
            });
        }
    };
    load(None);

    // New ones arrive at the top while the page is open; read flags follow the badge.
    effect(move || {
        let incoming = alerts.incoming();
        if phase.get_untracked() == Phase::Ready {
            items.update(|list| merge_incoming(list, &incoming));
        }
    });
    effect(move || {
        let unread = alerts.unread();
        let ids = alerts.unread_ids();
        items.update(|list| reconcile_read(list, unread, ids.as_deref()));
    });

    let mark_all = move || {
        let newest = items.with_untracked(|l| l.first().map(|n| n.id.clone()));
        action_error.set(None);
        leptos::task::spawn_local(async move {
            match alerts::mark_all_read(newest).await {
                Ok(()) => items.update(|l| l.iter_mut().for_each(|n| n.read = true)),
                Err(e) => action_error.set(Some(e)),
            }
        });
    };
    // Opening an entry reads every notification of its message.
    let open = move |ids: Vec<String>| {
        items.update(|l| l.iter_mut().filter(|n| ids.contains(&n.id)).for_each(|n| n.read = true));
        leptos::task::spawn_local(async move {
            let _ = alerts::mark_read_many(ids).await;
        });
    };
    let status = move || {
        let key = match alerts.link() {
            Link::Live => Key::AlertsLive,
            Link::Polling => Key::AlertsPolling,
            Link::Offline => Key::AlertsOffline,
            Link::Connecting | Link::Off => Key::AlertsConnecting,
        };
        lang.get().text(key)
    };
    // Read out what arrives (the list itself is not a live region).
    let arrived = move || {
        let incoming = alerts.incoming();
        incoming
            .first()
            .map(|n| fill(lang.get().text(Key::AlertsArrived), &[("title", &display_title(n, lang.get()))]))
            .unwrap_or_default()
    };
    let retry_first = Callback::new(move |_| load(None));
    let retry_more = Callback::new(move |_| load(next.get_untracked()));

    view! {
        <div class=css::bar>
            <p class=css::link_state>{status}</p>
            <div class=css::bar_actions>
                <button type="button" class="btn" on:click=move |_| mark_all() disabled=move || alerts.count() == 0>
                    {t(Key::AlertsMarkAll)}
                </button>
                <a class="btn" href="notifications/settings">{t(Key::AlertsSettings)}</a>
            </div>
        </div>
        <p class="visually-hidden" role="status">{arrived}</p>
        {move || action_error.get().map(|e| view! { <ErrorState error=e on_retry=Callback::new(move |_| mark_all()) inline=true/> })}
        {move || match phase.get() {
            Phase::Loading => view! { <SkeletonList count=4/> }.into_any(),
            Phase::Failed(e) => view! { <ErrorState error=e on_retry=retry_first/> }.into_any(),
            Phase::Ready if items.with(|l| l.is_empty()) => view! {
                <EmptyState message=Signal::derive(move || t(Key::AlertsEmpty)().to_string())/>
                <p class=pcss::hint>{t(Key::AlertsEmptyHint)}</p>
            }
            .into_any(),
            Phase::Ready => view! {
                <ul class=css::list>
                    <For each=move || group(&items.get()) key=|g| (g.key.clone(), g.items.len(), g.unread()) let:g>
                        <Entry group=g on_open=Callback::new(open)/>
                    </For>
                </ul>
                {move || more_error.get().map(|e| view! { <ErrorState error=e on_retry=retry_more inline=true/> })}
                {move || (next.get().is_some() && more_error.get().is_none()).then(|| view! {
                    <div class=css::more>
                        <button type="button" class="btn" disabled=move || more_busy.get()
                            on:click=move |_| retry_more.run(())>{t(Key::AlertsMore)}</button>
                    </div>
                })}
            }
            .into_any(),
        }}
    }
}

/// The title to show: the backend's, or one from the kind.
fn display_title(n: &Notification, lang: crate::i18n::Lang) -> String {
    if n.title.trim().is_empty() {
        lang.text(kind_label(n.kind)).to_string()
    } else {
        n.title.clone()
    }
}

/// One message's entry: its newest notification, how many there are, and the older ones folded
/// under it. Opening it goes to the message and reads them all.
#[component]
fn Entry(group: Group, on_open: Callback<Vec<String>>) -> impl IntoView {
    let lang = lang();
    let unread_ids: Vec<String> = group.items.iter().filter(|n| !n.read).map(|n| n.id.clone()).collect();
    let unread = !unread_ids.is_empty();
    let class = if unread { format!("{} {}", css::item, css::unread) } else { css::item.to_string() };
    let Some(n) = group.items.first().cloned() else { return ().into_any() };
    let older: Vec<Notification> = group.items[1..].to_vec();
    let count = group.items.len();
    let when = n.created_at.clone();
    let stamp = when.clone();
    let title_n = n.clone();
    let content = view! {
        <span class=css::head>
            <span class=css::kind>{t(kind_label(n.kind))}</span>
            {unread.then(|| view! { <span class=css::dot>{t(Key::AlertsUnread)}</span> })}
            <time class=css::time datetime=stamp>{move || crate::format::relative(&when, lang.get())}</time>
        </span>
        <strong class=css::title>{move || display_title(&title_n, lang.get())}</strong>
        {(!n.body.trim().is_empty()).then(|| view! { <span class=css::body>{n.body.clone()}</span> })}
        {(count > 1).then(|| view! { <span class=css::count>{move || fill(lang.get().text(Key::AlertsGroupCount), &[("n", &count.to_string())])}</span> })}
    };
    let head = match safe_link(&n) {
        Some(href) => view! {
            <a class=class href=crate::paths::to(&href) on:click=move |_| if unread { on_open.run(unread_ids.clone()) }>{content}</a>
        }
        .into_any(),
        None => view! { <div class=class>{content}</div> }.into_any(),
    };
    let expanded = RwSignal::new(false);
    let region = format!("alerts-older-{}", n.id);
    let more = (!older.is_empty()).then(|| {
        let list = older
            .into_iter()
            .map(|o| {
                let at = o.created_at.clone();
                let stamp = at.clone();
                let title = o.clone();
                view! {
                    <li>
                        <span class=css::head>
                            <span class=css::kind>{t(kind_label(o.kind))}</span>
                            <time class=css::time datetime=stamp>{move || crate::format::relative(&at, lang.get())}</time>
                        </span>
                        <span>{move || display_title(&title, lang.get())}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <button type="button" class=css::expand aria-expanded=move || if expanded.get() { "true" } else { "false" }
                aria-controls=region.clone() on:click=move |_| expanded.update(|e| *e = !*e)>
                {move || {
                    let l = lang.get();
                    let key = if expanded.get() { Key::AlertsGroupLess } else { Key::AlertsGroupMore };
                    fill(l.text(key), &[("n", &(count - 1).to_string())])
                }}
            </button>
            <ul id=region class=css::older hidden=move || !expanded.get()>{list}</ul>
        }
    });
    view! { <li>{head}{more}</li> }.into_any()
}

// --- 提醒设置 ------------------------------------------------------------------------------------

#[derive(Clone, PartialEq)]
enum Save {
    Idle,
    Saving,
    Saved,
    Failed(ApiError),
}

#[component]
pub fn NotificationSettings() -> impl IntoView {
    alerts_screen(Key::AlertsSettings, "/notifications", |_| {
        // Whether the backend sends Web Push (`GET /meta`). Until it says so, the 手机推送
        // channel is not offered.
        let offered = RwSignal::new(None::<bool>);
        // Inside WeChat, with a backend that has an official account: 微信服务通知.
        let wechat = RwSignal::new(false);
        let in_wechat = matches!(crate::state::wechat::host(), crate::state::wechat::Host::WeChat { .. });
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let got = api::fetch(endpoints::meta(), &c).await;
            if !c.is_cancelled() {
                wechat.set(in_wechat && got.as_ref().is_ok_and(|m| m.wechat));
                offered.set(got.ok().map(|m| m.web_push));
            }
        });
        view! {
            <Settings push=offered/>
            {move || wechat.get().then(|| view! { <wechat::WechatSubscribe/> })}
            <SystemNotifications push=offered/>
        }.into_any()
    })
}

/// The kinds only the handlers of messages get (deputies and staff): new work, deadlines and
/// what the author of a message they handle did. Everyone gets the others — about their own
/// messages and about taking part (replies to their comments, their topics, polls they voted
/// in, commendations). Training alerts (courses assigned, due, overdue, reminders) go to
/// deputies only, who are handlers too.
fn is_for_handlers(kind: NotificationKind) -> bool {
    use NotificationKind as K;
    matches!(
        kind,
        K::Assigned
            | K::DeadlineApproaching
            | K::DeadlinePassed
            | K::FollowUp
            | K::Reopened
            | K::Rated
            | K::CourseAssigned
            | K::CourseDueSoon
            | K::CourseOverdue
            | K::TrainingReminder
    )
}

/// The channels of each kind; the last (Web Push, 推送) only where the backend sends it.
const CHANNELS: [(Key, usize); 4] =
    [(Key::AlertsChannelInApp, 0), (Key::AlertsChannelSms, 1), (Key::AlertsChannelWechat, 2), (Key::AlertsChannelPush, 3)];

fn channel(p: &KindPreference, i: usize) -> bool {
    match i {
        0 => p.in_app,
        1 => p.sms,
        2 => p.wechat,
        _ => p.web_push,
    }
}

fn set_channel(p: &mut KindPreference, i: usize, on: bool) {
    match i {
        0 => p.in_app = on,
        1 => p.sms = on,
        2 => p.wechat = on,
        _ => p.web_push = on,
    }
}

#[component]
fn Settings(push: RwSignal<Option<bool>>) -> impl IntoView {
    // Which kinds there are (and whether they loaded) is what the screen is built from; the
    // choices change inside it, so a checkbox keeps its focus while its change is saved.
    let kinds = RwSignal::new(None::<Result<Vec<NotificationKind>, ApiError>>);
    let values = RwSignal::new(Vec::<KindPreference>::new());
    let save = RwSignal::new(Save::Idle);
    let canceller = StoredValue::new_local(Canceller::for_owner());
    // Citizens never get the alerts about handling messages; deputies and staff get all.
    let handles = use_context::<SessionState>().is_some_and(|s| s.has_role(Role::Deputy) || s.has_role(Role::Staff));
    let take = move |items: Vec<KindPreference>| {
        let known: Vec<KindPreference> = items.into_iter().filter(|k| k.kind != NotificationKind::Unknown).collect();
        let list: Vec<NotificationKind> = known.iter().map(|k| k.kind).filter(|k| handles || !is_for_handlers(*k)).collect();
        values.set(known);
        if kinds.with_untracked(|k| !matches!(k, Some(Ok(old)) if *old == list)) {
            kinds.set(Some(Ok(list)));
        }
    };
    let load = move || {
        let c = canceller.get_value();
        kinds.set(None);
        leptos::task::spawn_local(async move {
            let got = api::fetch(endpoints::notification_preferences(), &c).await;
            if c.is_cancelled() {
                return;
            }
            match got {
                Ok(p) => take(p.items),
                Err(e) => kinds.set(Some(Err(e))),
            }
        });
    };
    load();
    // Only the answer to the latest change counts (an earlier one does not know of it).
    let latest = StoredValue::new(0u32);
    let put = move |items: Vec<KindPreference>| {
        let c = canceller.get_value();
        save.set(Save::Saving);
        latest.update_value(|n| *n += 1);
        let mine = latest.get_value();
        leptos::task::spawn_local(async move {
            // Kinds this version does not know are the backend's to keep: not sent back.
            let items = items.into_iter().filter(|p| p.kind != NotificationKind::Unknown).collect();
            let answer = api::send(endpoints::set_notification_preferences(), &NotificationPreferences { items }, None, &c).await;
            if c.is_cancelled() || latest.get_value() != mine {
                return;
            }
            match answer {
                Ok(p) => {
                    take(p.items);
                    save.set(Save::Saved);
                }
                Err(e) => save.set(Save::Failed(e)),
            }
        });
    };
    let retry = Callback::new(move |_| put(values.get_untracked()));
    let toggle = Callback::new(move |(kind, i, on): (NotificationKind, usize, bool)| {
        let mut changed = None;
        values.update(|list| {
            if let Some(k) = list.iter_mut().find(|k| k.kind == kind) {
                set_channel(k, i, on);
                changed = Some(k.clone());
            }
        });
        if let Some(k) = changed {
            put(vec![k]);
        }
    });
    let retry_load = Callback::new(move |_| load());
    view! {
        <section class=pcss::section aria-labelledby="alerts-prefs">
            <h2 class=pcss::section_title id="alerts-prefs">{t(Key::AlertsPrefsHeading)}</h2>
            <p class=pcss::switch_hint>{t(Key::AlertsPrefsIntro)}</p>
            {move || match kinds.get() {
                None => view! { <SkeletonList count=3/> }.into_any(),
                Some(Err(e)) => view! { <ErrorState error=e on_retry=retry_load/> }.into_any(),
                Some(Ok(list)) => list
                    .into_iter()
                    .map(|kind| {
                        view! {
                            <fieldset class=css::kind_prefs>
                                <legend>{t(kind_label(kind))}</legend>
                                <div class=css::channels>
                                    {move || CHANNELS.into_iter().filter(|(_, i)| *i < 3 || push.get() == Some(true)).map(|(label, i)| {
                                        let checked = move || values.with(|v| v.iter().find(|k| k.kind == kind).is_some_and(|k| channel(k, i)));
                                        view! {
                                            <label class=css::channel>
                                                <input type="checkbox" prop:checked=checked
                                                    on:change=move |e| toggle.run((kind, i, event_target_checked(&e)))/>
                                                <span>{t(label)}</span>
                                            </label>
                                        }
                                    }).collect_view()}
                                </div>
                            </fieldset>
                        }
                    })
                    .collect_view()
                    .into_any(),
            }}
            <div aria-live="polite">
                {move || match save.get() {
                    Save::Idle => ().into_any(),
                    Save::Saving => view! { <p class=pcss::switch_hint>{t(Key::AlertsPrefsSaving)}</p> }.into_any(),
                    Save::Saved => view! { <p class=css::saved>{t(Key::AlertsPrefsSaved)}</p> }.into_any(),
                    Save::Failed(e) => view! {
                        <p class=css::failed>{t(Key::AlertsPrefsFailed)}</p>
                        <ErrorState error=e on_retry=retry inline=true/>
                    }
                    .into_any(),
                }}
            </div>
        </section>
    }
}

/// The phone's own notifications while the app is in the background (through the service
/// worker, `showNotification`), and with it Web Push, which brings them while the app is closed:
/// turning the switch on asks the browser's permission, then subscribes this phone where the
/// browser and the backend can push (state::push). Inside WeChat, where they never appear, the
/// way that works there (WeChat's subscription messages, a channel above) instead of a
/// permission that cannot be given; on an iPhone's Safari, that the app must be added to the
/// home screen first; in other webviews, that the alerts stay in the app.
#[component]
fn SystemNotifications(push: RwSignal<Option<bool>>) -> impl IntoView {
    let on = RwSignal::new(alerts::system_enabled());
    let problem = RwSignal::new(None::<Key>);
    let place = alerts::system_place();
    let supported = place == alerts::Place::Browser;
    // (asked when needed: the worker may take over the page after it was drawn)
    let availability = push::availability;
    let session = use_context::<SessionState>();
    // Whether this phone has its push subscription (checked, then kept up to date).
    let pushing = RwSignal::new(false);
    let canceller = StoredValue::new_local(Canceller::for_owner());
    let subscribe = move |s: SessionState| async move {
        match push::turn_on(s, &canceller.get_value()).await {
            Ok(()) => pushing.set(true),
            Err(push::Problem::NotOffered) => push.set(Some(false)),
            Err(_) => problem.set(Some(Key::AlertsPushFailed)),
        }
    };
    if let Some(s) = session {
        leptos::task::spawn_local(async move {
            pushing.set(push::is_on(s).await);
            // Notifications were on (and allowed) before this phone could push: subscribe
            // without asking again.
            if on.get_untracked() && !pushing.get_untracked() && availability() == push::Availability::Ready {
                subscribe(s).await;
            }
        });
    }
    let flip = move |_| {
        let want = !on.get_untracked();
        problem.set(None);
        leptos::task::spawn_local(async move {
            let permission = alerts::set_system(want).await;
            on.set(alerts::system_enabled());
            if want {
                match permission {
                    None => problem.set(Some(Key::AlertsSystemUnsupported)),
                    Some(NotificationPermission::Granted) => {
                        if let (Some(s), push::Availability::Ready) = (session, availability()) {
                            subscribe(s).await;
                        }
                    }
                    Some(_) => problem.set(Some(Key::AlertsSystemDenied)),
                }
            } else if let Some(s) = session {
                push::turn_off(s, &canceller.get_value()).await;
                pushing.set(false);
            }
        });
    };
    // With the switch on: whether alerts also come while the app is closed, and if not, why.
    let reach = move || {
        if !on.get() {
            return None;
        }
        Some(if pushing.get() {
            Key::AlertsPushOn
        } else if push.get() == Some(false) {
            Key::AlertsPushNotOffered
        } else {
            match availability() {
                push::Availability::NoWorker => Key::AlertsPushNextStart,
                _ => Key::AlertsPushMissing,
            }
        })
    };
    view! {
        <section class=pcss::section aria-labelledby="alerts-system">
            <h2 class=pcss::section_title id="alerts-system">{t(Key::AlertsSystemHeading)}</h2>
            {if supported {
                view! {
                    <button type="button" role="switch" class=pcss::switch_row
                        aria-checked=move || if on.get() { "true" } else { "false" } on:click=flip>
                        <span class=pcss::switch_text>
                            <span>{t(Key::AlertsSystemSwitch)}</span>
                            <span class=pcss::switch_hint>{t(Key::AlertsSystemHint)}</span>
                        </span>
                        <span class=pcss::switch aria-hidden="true"></span>
                    </button>
                    <p class=pcss::switch_hint aria-live="polite">{move || reach().map(|k| t(k)())}</p>
                }
                .into_any()
            } else {
                let text = match (place, availability()) {
                    (alerts::Place::Wechat, _) => Key::AlertsSystemWechat,
                    (_, push::Availability::IosNotInstalled) => Key::AlertsPushIos,
                    _ => Key::AlertsSystemUnsupported,
                };
                view! { <p class=pcss::switch_hint>{t(text)}</p> }.into_any()
            }}
            <div aria-live="polite">
                {move || problem.get().map(|k| view! { <p class=css::failed>{t(k)}</p> })}
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(id: &str, read: bool) -> Notification {
        Notification { id: id.into(), read, ..Default::default() }
    }

    #[test]
    fn citizens_choose_among_the_kinds_about_their_messages_and_taking_part() {
        let theirs: Vec<&str> = NotificationKind::ALL.iter().filter(|k| !is_for_handlers(**k)).map(|k| k.as_str()).collect();
        assert_eq!(
            theirs,
            [
                "reply", "status_changed", "plan_step_done", "suggestion_adopted", "comment_reply", "comment_hidden",
                "topic_reply", "topic_closed", "comment_adopted", "poll_results", "commended"
            ]
        );
    }

    #[test]
    fn arrivals_go_on_top_once() {
        let mut items = vec![n("5", false), n("4", true)];
        merge_incoming(&mut items, &[n("7", false), n("6", false), n("5", false)]);
        let ids: Vec<&str> = items.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["7", "6", "5", "4"]);
    }

    #[test]
    fn alerts_are_grouped_per_message_newest_first() {
        let about = |id: &str, message: Option<&str>, read: bool| Notification { id: id.into(), message_id: message.map(Into::into), read, ..Default::default() };
        let items = vec![
            about("9", Some("m_1"), false),
            about("8", Some("m_2"), true),
            about("7", Some("m_1"), true),
            about("6", None, false),
            about("5", Some("m_1"), false),
            about("4", Some(""), true),
        ];
        let groups = group(&items);
        let shape: Vec<(&str, Vec<&str>)> = groups.iter().map(|g| (g.key.as_str(), g.items.iter().map(|n| n.id.as_str()).collect())).collect();
        assert_eq!(shape, [("m:m_1", vec!["9", "7", "5"]), ("m:m_2", vec!["8"]), ("n:6", vec!["6"]), ("n:4", vec!["4"])]);
        assert_eq!(groups[0].unread(), 2);
        assert_eq!(groups[1].unread(), 0);
        assert!(group(&[]).is_empty());
    }

    #[test]
    fn read_flags_follow_the_badge() {
        let mut items = vec![n("3", false), n("2", false), n("1", true)];
        reconcile_read(&mut items, Some(1), Some(&["1".into()]));
        assert_eq!(items.iter().map(|n| n.read).collect::<Vec<_>>(), [true, true, false], "exactly the known unread ones");
        reconcile_read(&mut items, Some(5), None);
        assert_eq!(items.iter().map(|n| n.read).collect::<Vec<_>>(), [true, true, false], "an incomplete list changes nothing");
        reconcile_read(&mut items, Some(0), None);
        assert!(items.iter().all(|n| n.read));
        let mut items = vec![n("1", false)];
        reconcile_read(&mut items, None, None);
        assert!(!items[0].read, "unknown count: unchanged");
    }
}
