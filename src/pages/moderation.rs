//! 内容审核 (`/work/moderation`), for liaison-station staff: the moderation queue — 全部, 待审核
//! (pre-moderation and the word list), 已隐藏 (by reports or staff) and 被举报 (still shown, with
//! open reports) — each item with its text, author, where it was posted, why it is held and its
//! reports by reason with their words; the decisions 通过 / 隐藏 (with a reason the author is
//! told) / 恢复 / 忽略举报, and 禁言 (suspend the author for N days, confirmed). 审核记录 is the
//! audit log. Others see that it is for staff only, as on 工作台.
//!
//! The list is in the URL (`?state=pending|hidden|reported`, `?tab=log`).

use contract::{CommentState, HoldReason, ModerationAction, ModerationDecision, ModerationItem, ModerationLogEntry, NewSuspension, Page, Role, SUSPENSION_DAYS_MAX};
use contract::{MODERATION_REASON_MAX};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{self, endpoints, ApiError, Canceller, Endpoint};
use crate::components::cards::role_label;
use crate::components::comments::{css as cm, reason_label};
use crate::components::form::{api_errors, focus, focus_first_invalid, form_of, Control, Errors, Field, FormError, Value};
use crate::components::shell::TopBar;
use crate::components::states::{EmptyState, ErrorState, SignInRequired, SkeletonList};
use crate::format;
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::state::outbox::char_count;
use crate::state::session::SessionState;

stylance::import_crate_style!(css, "src/pages/moderation.module.css");

/// The lists: (query value, label); "" is all of them, `log` the audit log.
pub const TABS: [(&str, Key); 5] =
    [("", Key::MdAll), ("pending", Key::MdPending), ("hidden", Key::MdHidden), ("reported", Key::MdReported), ("log", Key::MdLog)];

/// The list a query names (anything else: all).
pub fn tab_of(state: Option<&str>, tab: Option<&str>) -> &'static str {
    if tab == Some("log") {
        return "log";
    }
    TABS.iter().map(|(v, _)| *v).find(|v| !v.is_empty() && *v != "log" && Some(*v) == state).unwrap_or("")
}

pub fn tab_href(tab: &str) -> String {
    match tab {
        "" => "/work/moderation".into(),
        "log" => "/work/moderation?tab=log".into(),
        s => crate::api::url::with_query("/work/moderation", &[("state", Some(s))]),
    }
}

/// The decisions that fit an item's state (what the server accepts; the rest is a 409).
pub fn actions_for(item: &ModerationItem) -> Vec<ModerationAction> {
    use ModerationAction as A;
    match item.state {
        CommentState::Pending => vec![A::Approve, A::Hide],
        CommentState::Hidden => vec![A::Restore],
        CommentState::Published if item.reports.is_empty() => vec![A::Hide],
        CommentState::Published => vec![A::Hide, A::IgnoreReports],
        CommentState::Deleted | CommentState::Unknown => Vec::new(),
    }
}

fn action_label(a: ModerationAction) -> Key {
    match a {
        ModerationAction::Approve => Key::MdApprove,
        ModerationAction::Hide => Key::MdHide,
        ModerationAction::Restore => Key::MdRestore,
        ModerationAction::IgnoreReports | ModerationAction::Unknown => Key::MdIgnore,
    }
}

/// A log entry's action in words; a value this app does not know is shown as it is.
pub fn log_action(raw: &str, l: Lang) -> String {
    let key = match raw {
        "approve" => Key::MdApprove,
        "hide" => Key::MdHide,
        "restore" => Key::MdRestore,
        "ignore_reports" => Key::MdIgnore,
        "suspend" => Key::MdSuspend,
        "held" => Key::MdActHeld,
        other => return other.to_string(),
    };
    l.text(key).to_string()
}

fn state_label(s: CommentState) -> Key {
    match s {
        CommentState::Pending => Key::CmPending,
        CommentState::Hidden => Key::MdHidden,
        CommentState::Deleted => Key::CmDeleted,
        CommentState::Published | CommentState::Unknown => Key::MdStatePublished,
    }
}

fn hold_label(h: HoldReason) -> Key {
    match h {
        HoldReason::PreModeration => Key::MdHeldPre,
        HoldReason::WordList => Key::MdHeldWords,
        HoldReason::Reports | HoldReason::Unknown => Key::MdHeldReports,
    }
}

/// The days of a suspension as typed, if they are 1–365.
pub fn parse_days(raw: &str) -> Option<i64> {
    raw.trim().parse::<i64>().ok().filter(|d| (1..=SUSPENSION_DAYS_MAX).contains(d))
}

/// A reason as typed, if it is 1–100 characters.
fn check_reason(raw: &str) -> Option<String> {
    let r = raw.trim();
    (char_count(r) > 0 && char_count(r) <= MODERATION_REASON_MAX).then(|| r.to_string())
}

#[component]
pub fn Moderation() -> impl IntoView {
    let session = SessionState::get();
    let query = use_query_map();
    let tab = Memo::new(move |_| query.with(|q| tab_of(q.get("state").as_deref(), q.get("tab").as_deref())));
    let forbidden = RwSignal::new(false);
    let title = t(Key::MdTitle);
    let sign_in = t(Key::WorkSignIn);
    let body = move || {
        if session.user().is_none() {
            return view! { <SignInRequired message=Signal::derive(move || sign_in().to_string())/> }.into_any();
        }
        if forbidden.get() || !session.has_role(Role::Staff) {
            return crate::pages::work::restricted().into_any();
        }
        let current = tab.get();
        let on_forbidden = Callback::new(move |()| forbidden.set(true));
        view! {
            <nav aria-label=t(Key::MdTabs)>
                <ul class=css::tabs>
                    {TABS.into_iter().map(|(v, label)| view! {
                        <li><a class=css::tab href=crate::paths::to(&tab_href(v)) aria-current=(v == current).then_some("page")>{t(label)}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
            {if current == "log" {
                view! { <Log on_forbidden=on_forbidden/> }.into_any()
            } else {
                view! { <Queue state=current on_forbidden=on_forbidden/> }.into_any()
            }}
        }
        .into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/work"/>
        {body}
    }
}

/// A cursor-paged list with a 加载更多 button (the items change in place after decisions, so
/// not the remembered `PagedList`).
struct Pages<T: Send + Sync + 'static> {
    items: RwSignal<Vec<RwSignal<T>>>,
    next: RwSignal<Option<String>>,
    /// None: the first page is loading; Some(Err): it failed.
    first: RwSignal<Option<Result<(), ApiError>>>,
    more: RwSignal<Option<ApiError>>,
    busy: RwSignal<bool>,
}

impl<T: Send + Sync + 'static> Clone for Pages<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Pages<T> {}

impl<T: serde::de::DeserializeOwned + Clone + Send + Sync + 'static> Pages<T> {
    fn new() -> Self {
        Pages { items: RwSignal::new(Vec::new()), next: RwSignal::new(None), first: RwSignal::new(None), more: RwSignal::new(None), busy: RwSignal::new(false) }
    }

    fn load(self, ep: Endpoint<(), Page<T>>, on_forbidden: Callback<()>) {
        let first = self.items.with_untracked(Vec::is_empty);
        self.busy.set(true);
        self.more.set(None);
        leptos::task::spawn_local(async move {
            let result = api::fetch(ep, &Canceller::default()).await;
            self.busy.try_set(false);
            match result {
                Ok(page) => {
                    self.items.try_update(|v| v.extend(page.items.into_iter().map(RwSignal::new)));
                    self.next.try_set(page.next_cursor);
                    self.first.try_set(Some(Ok(())));
                }
                Err(e) => {
                    if matches!(e, ApiError::Http { status: 403, .. }) {
                        on_forbidden.run(());
                    }
                    if first {
                        self.first.try_set(Some(Err(e)));
                    } else {
                        self.more.try_set(Some(e));
                    }
                }
            }
        });
    }
}

/// The states and the 加载更多 button of a [`Pages`] list; `reload` starts it again, `more`
/// loads the page after `next`.
fn list_states<T: Send + Sync + 'static>(p: Pages<T>, empty: Key, reload: Callback<()>, more: Callback<String>) -> impl IntoView {
    let lang = lang();
    view! {
        {move || match p.first.get() {
            None => view! { <SkeletonList count=3/> }.into_any(),
            Some(Err(e)) => view! { <ErrorState error=e on_retry=reload/> }.into_any(),
            Some(Ok(())) => p.items.with(Vec::is_empty)
                .then(|| view! { <EmptyState message=Signal::derive(move || lang.get().text(empty).to_string())/> })
                .into_any(),
        }}
        {move || match p.more.get() {
            Some(e) => Some(view! { <div class=css::more><ErrorState error=e on_retry=Callback::new(move |_| {
                if let Some(c) = p.next.get_untracked() { more.run(c) }
            }) inline=true/></div> }.into_any()),
            None => p.next.get().filter(|_| matches!(p.first.get(), Some(Ok(())))).map(|c| view! {
                <div class=css::more>
                    <button type="button" class="btn" disabled=move || p.busy.get() on:click=move |_| more.run(c.clone())>{t(Key::MdMore)}</button>
                </div>
            }.into_any()),
        }}
    }
}

#[component]
fn Queue(state: &'static str, on_forbidden: Callback<()>) -> impl IntoView {
    let pages = Pages::<ModerationItem>::new();
    let state = (!state.is_empty()).then_some(state);
    let reload = Callback::new(move |()| {
        pages.items.set(Vec::new());
        pages.first.set(None);
        pages.load(endpoints::moderation_queue(state, None, None), on_forbidden);
    });
    reload.run(());
    let more = Callback::new(move |c: String| pages.load(endpoints::moderation_queue(state, Some(&c), None), on_forbidden));
    // One panel (hide, suspend) open at a time: its fields' ids are unique on the page.
    let open = RwSignal::new(None::<(String, Panel)>);
    view! {
        <ul class=css::list>
            <For each=move || pages.items.get() key=|i| i.with_untracked(|i| format!("{}:{}", i.target_kind.as_str(), i.target_id)) let:item>
                <li><QueueItem item=item open=open/></li>
            </For>
        </ul>
        {list_states(pages, Key::MdEmpty, reload, more)}
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Panel {
    Hide,
    Suspend,
}

#[component]
fn QueueItem(item: RwSignal<ModerationItem>, open: RwSignal<Option<(String, Panel)>>) -> impl IntoView {
    let lang = lang();
    let busy = RwSignal::new(false);
    let errs = Errors::new();
    let done = RwSignal::new(false);
    let key = item.with_untracked(|i| i.target_id.clone());
    let key_for_panel = key.clone();
    let panel = Memo::new(move |_| open.with(|o| o.as_ref().filter(|(k, _)| *k == key_for_panel).map(|(_, p)| *p)));
    let key = StoredValue::new(key);
    let toggle = move |p: Panel| {
        errs.set(Vec::new());
        open.set((panel.get_untracked() != Some(p)).then(|| (key.get_value(), p)));
    };
    // `in_form`: the hide form is open (a refused reason is focused there).
    let decide = move |action: ModerationAction, reason: Option<String>, in_form: bool| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        errs.set(Vec::new());
        let (target_kind, target_id) = item.with_untracked(|i| (i.target_kind, i.target_id.clone()));
        let body = ModerationDecision { target_kind, target_id, action, reason };
        let l = lang.get_untracked();
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::moderation_decide(), &body, None, &Canceller::default()).await;
            busy.try_set(false);
            match result {
                Ok(new) => {
                    item.try_set(new);
                    open.try_set(None);
                    done.try_set(true);
                }
                Err(e) => {
                    errs.set(api_errors(&e, l, &|f| (f == "reason").then_some("reason")));
                    if in_form && errs.has("reason") {
                        request_animation_frame(|| focus("md-hide-reason"));
                    }
                }
            }
        });
    };
    let head = move || {
        item.with(|i| {
            let l = lang.get();
            let role = matches!(i.author.role, Role::Deputy | Role::Staff).then(|| view! { <span class=cm::role>{l.text(role_label(i.author.role))}</span> });
            let suspended = i.author_suspended_until.clone().map(|u| view! {
                <span class=cm::pending>{fill(l.text(Key::MdSuspendedUntil), &[("date", &format::date_time(&u, l))])}</span>
            });
            view! {
                <p class=cm::who>
                    <span class=cm::name>{i.author.name.clone()}</span>{role}
                    <time datetime=i.created_at.clone()>{format::date_time(&i.created_at, l)}</time>
                    {suspended}
                </p>
                <p class=cm::text>{i.body.clone()}</p>
                // (staff see the author here: to commend them, or correct their village)
                <p class=cm::small><a href=crate::paths::to(&crate::pages::points::commend_href(&i.author_id, &i.author.name))>{l.text(Key::PtMdPerson)}</a></p>
                <p class=cm::small>
                    {crate::api::url::app_path(&i.link).map(|href| view! { <a href=crate::paths::to(&href)>{fill(l.text(Key::MdOn), &[("title", &i.context)])}</a> })}
                </p>
                <p class=css::badges>
                    <span class=css::badge>{l.text(state_label(i.state))}</span>
                    {i.held_for.map(|h| view! { <span class=css::badge>{l.text(hold_label(h))}</span> })}
                </p>
                {(!i.reports.is_empty()).then(|| view! {
                    <ul class=css::reports>
                        {i.reports.iter().map(|r| view! {
                            <li>{fill(l.text(Key::MdReasonCount), &[("reason", l.text(reason_label(r.reason))), ("n", &r.count.to_string())])}</li>
                        }).collect_view()}
                    </ul>
                })}
                {(!i.report_details.is_empty()).then(|| view! {
                    <ul class=css::details>
                        {i.report_details.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}
                    </ul>
                })}
            }
        })
    };
    let actions = move || {
        let (acts, staff) = item.with(|i| (actions_for(i), i.author.role == Role::Staff));
        view! {
            <div class=cm::actions>
                {acts.into_iter().map(|a| {
                    if a == ModerationAction::Hide {
                        view! {
                            <button type="button" class="btn" aria-expanded=move || (panel.get() == Some(Panel::Hide)).to_string()
                                on:click=move |_| toggle(Panel::Hide)>{t(action_label(a))}</button>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" class="btn" disabled=move || busy.get() on:click=move |_| decide(a, None, false)>{t(action_label(a))}</button>
                        }.into_any()
                    }
                }).collect_view()}
                {(!staff).then(|| view! {
                    <button type="button" class="btn" aria-expanded=move || (panel.get() == Some(Panel::Suspend)).to_string()
                        on:click=move |_| toggle(Panel::Suspend)>{t(Key::MdSuspend)}</button>
                })}
            </div>
        }
    };
    let panels = move || match panel.get() {
        None => None,
        Some(Panel::Hide) => Some(view! { <HideForm busy=busy errs=errs decide=Callback::new(move |r: String| decide(ModerationAction::Hide, Some(r), true))/> }.into_any()),
        Some(Panel::Suspend) => Some(view! { <SuspendForm item=item open=open/> }.into_any()),
    };
    view! {
        <article class=css::item>
            {head}
            {actions}
            {panels}
            {move || (panel.get().is_none()).then(|| view! { <FormError errors=errs/> })}
            {move || done.get().then(|| view! {
                <p class=cm::done role="status">{move || item.with(|i| lang.get().text(state_label(i.state)))}</p>
            })}
        </article>
    }
}

/// 隐藏 with a reason the author is told.
#[component]
fn HideForm(busy: RwSignal<bool>, errs: Errors, decide: Callback<String>) -> impl IntoView {
    let lang = lang();
    let reason = RwSignal::new(String::new());
    let value = Value::new(move || reason.get(), move |v| {
        reason.set(v);
        errs.clear(&["reason", ""]);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check_reason(&reason.get_untracked()) {
            Some(r) => decide.run(r),
            None => {
                errs.set(vec![("reason".into(), lang.get_untracked().text(Key::MdReasonNeeded).to_string())]);
                focus_first_invalid(form_of(&ev));
            }
        }
    };
    view! {
        <form class=cm::panel on:submit=submit novalidate=true>
            <Field id="md-hide-reason" field="reason" errors=errs label=Key::MdReason control=Control::text(value) max=MODERATION_REASON_MAX/>
            <FormError errors=errs/>
            <div class=cm::actions>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{t(Key::MdHide)}</button>
            </div>
        </form>
    }
}

/// 禁言: days and a reason, then a confirmation.
#[component]
fn SuspendForm(item: RwSignal<ModerationItem>, open: RwSignal<Option<(String, Panel)>>) -> impl IntoView {
    let lang = lang();
    let days = RwSignal::new("7".to_string());
    let reason = RwSignal::new(String::new());
    let confirming = RwSignal::new(None::<(i64, String)>);
    let busy = RwSignal::new(false);
    let errs = Errors::new();
    let days_value = Value::new(move || days.get(), move |v| {
        days.set(v);
        errs.clear(&["days", ""]);
    });
    let reason_value = Value::new(move || reason.get(), move |v| {
        reason.set(v);
        errs.clear(&["reason", ""]);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let mut found = Vec::new();
        let d = parse_days(&days.get_untracked());
        if d.is_none() {
            found.push(("days".to_string(), l.text(Key::MdDaysBad).to_string()));
        }
        let r = check_reason(&reason.get_untracked());
        if r.is_none() {
            found.push(("reason".to_string(), l.text(Key::MdReasonNeeded).to_string()));
        }
        match (d, r) {
            (Some(d), Some(r)) => {
                errs.set(Vec::new());
                confirming.set(Some((d, r)));
            }
            _ => {
                errs.set(found);
                focus_first_invalid(form_of(&ev));
            }
        }
    };
    let confirm = move |_| {
        let Some((d, r)) = confirming.get_untracked() else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let body = NewSuspension { user_id: item.with_untracked(|i| i.author_id.clone()), days: d, reason: r };
        let l = lang.get_untracked();
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::suspend(), &body, None, &Canceller::default()).await;
            busy.try_set(false);
            match result {
                Ok(s) => {
                    item.try_update(|i| i.author_suspended_until = Some(s.until));
                    open.try_set(None);
                }
                Err(e) => {
                    confirming.try_set(None);
                    errs.set(api_errors(&e, l, &|f| match f {
                        "days" => Some("days"),
                        "reason" => Some("reason"),
                        _ => None,
                    }));
                }
            }
        });
    };
    let question = move || {
        confirming.get().map(|(d, _)| {
            let name = item.with(|i| i.author.name.clone());
            fill(lang.get().text(Key::MdSuspendConfirm), &[("name", &name), ("n", &d.to_string())])
        })
    };
    view! {
        <form class=cm::panel on:submit=submit novalidate=true>
            <Field id="md-days" field="days" errors=errs label=Key::MdDays control=Control::Input { kind: "number", value: days_value, min: Some("1".into()), autocomplete: None }/>
            <Field id="md-suspend-reason" field="reason" errors=errs label=Key::MdReason control=Control::text(reason_value) max=MODERATION_REASON_MAX/>
            <FormError errors=errs/>
            {move || match question() {
                None => view! {
                    <div class=cm::actions><button type="submit" class="btn btn-primary">{t(Key::MdSuspend)}</button></div>
                }.into_any(),
                Some(q) => view! {
                    <div role="alertdialog" aria-labelledby="md-suspend-q" class=css::confirm>
                        <p id="md-suspend-q">{q}</p>
                        <div class=cm::actions>
                            <button type="button" class="btn btn-primary" disabled=move || busy.get() on:click=confirm>{t(Key::MdSuspend)}</button>
                            <button type="button" class="btn" on:click=move |_| confirming.set(None)>{t(Key::WorkCancel)}</button>
                        </div>
                    </div>
                }.into_any(),
            }}
        </form>
    }
}

#[component]
fn Log(on_forbidden: Callback<()>) -> impl IntoView {
    let pages = Pages::<ModerationLogEntry>::new();
    let reload = Callback::new(move |()| {
        pages.items.set(Vec::new());
        pages.first.set(None);
        pages.load(endpoints::moderation_log(None, None), on_forbidden);
    });
    reload.run(());
    let more = Callback::new(move |c: String| pages.load(endpoints::moderation_log(Some(&c), None), on_forbidden));
    let lang = lang();
    view! {
        <ul class=css::list>
            <For each=move || pages.items.get() key=|e| e.with_untracked(|e| e.id.clone()) let:entry>
                <li class=css::entry>{move || entry.with(|e| {
                    let l = lang.get();
                    let who = if e.actor_name == "system" || e.actor_name.is_empty() { l.text(Key::MdSystem).to_string() } else { e.actor_name.clone() };
                    view! {
                        <p class=cm::who>
                            <time datetime=e.at.clone()>{format::date_time(&e.at, l)}</time>
                            <span class=cm::name>{who}</span>
                            <span class=css::badge>{log_action(&e.action, l)}</span>
                        </p>
                        <p class=cm::small>
                            {e.target_id.clone().map(|id| view! { <span>{e.target_kind.map(|k| k.as_str()).unwrap_or_default()}" "{id}</span> })}
                            {e.user_id.clone().map(|u| view! { <span>" "{u}</span> })}
                        </p>
                        {e.reason.clone().filter(|r| !r.is_empty()).map(|r| view! { <p class=cm::text>{r}</p> })}
                    }
                })}</li>
            </For>
        </ul>
        {list_states(pages, Key::MdLogEmpty, reload, more)}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::ReasonCount;

    #[test]
    fn tabs_from_the_query() {
        assert_eq!(tab_of(Some("pending"), None), "pending");
        assert_eq!(tab_of(Some("reported"), None), "reported");
        assert_eq!(tab_of(Some("log"), None), "", "log is a tab, not a state");
        assert_eq!(tab_of(Some("bogus"), None), "");
        assert_eq!(tab_of(None, Some("log")), "log");
        assert_eq!(tab_href(""), "/work/moderation");
        assert_eq!(tab_href("hidden"), "/work/moderation?state=hidden");
        assert_eq!(tab_href("log"), "/work/moderation?tab=log");
    }

    #[test]
    fn decisions_fit_the_state() {
        use ModerationAction as A;
        let mut i = ModerationItem { state: CommentState::Pending, ..Default::default() };
        assert_eq!(actions_for(&i), [A::Approve, A::Hide]);
        i.state = CommentState::Hidden;
        assert_eq!(actions_for(&i), [A::Restore]);
        i.state = CommentState::Published;
        assert_eq!(actions_for(&i), [A::Hide]);
        i.reports = vec![ReasonCount { reason: contract::ReportReason::Spam, count: 1 }];
        assert_eq!(actions_for(&i), [A::Hide, A::IgnoreReports]);
        i.state = CommentState::Deleted;
        assert!(actions_for(&i).is_empty());
    }

    #[test]
    fn days_and_log_words() {
        assert_eq!(parse_days(" 7 "), Some(7));
        assert_eq!(parse_days("0"), None);
        assert_eq!(parse_days("366"), None);
        assert_eq!(parse_days("三"), None);
        assert_eq!(log_action("restore", Lang::Zh), "恢复");
        assert_eq!(log_action("escalate", Lang::Zh), "escalate", "unknown actions as they are");
        assert_eq!(check_reason("  "), None);
        assert_eq!(check_reason(&"字".repeat(101)), None);
        assert_eq!(check_reason(" 广告 ").as_deref(), Some("广告"));
    }
}
