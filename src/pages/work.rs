//! 工作台 (`/work`): a deputy's inbox, opening on what needs them (需要您处理: the backend's rule,
//! `GET /inbox?status=todo`, see api/README.md), with the other filters — 全部 and each status —
//! and their counts (`GET /work/summary`); for liaison station staff, the triage queue (待分派)
//! and the departments' inbox (部门办理) as two tabs with their counts. The server orders the
//! lists overdue first. Citizens (and anyone the server answers 403) see that the workspace is
//! for deputies and staff only.
//!
//! The filters live in the URL (`?tab=inbox&status=replied`; no `status`: what needs the user;
//! `status=all`: everything). The lists are remembered for coming back from a message, per
//! user; acting on a message forgets them ([`lists::forget_work`]), so that coming back shows
//! the new state (and the counts are asked for again with the screen).

use contract::{MessageStatus, Role, WorkSummary};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{endpoints, ApiError, MessageList};
use crate::components::cards::message_status_label;
use crate::components::paged_list::{PagedList, Source};
use crate::components::shell::{badge_text, TopBar};
use crate::components::states::SignInRequired;
use crate::i18n::{fill, lang, t, Key};
use crate::pages::page_css;
use crate::state::lists::{self, work_key, WORK_STATUSES};
use crate::state::loader::Loader;
use crate::state::session::SessionState;
use crate::state::work;

stylance::import_crate_style!(css, "src/pages/work.module.css");

/// A known filter from the query (anything else: what needs the user, "").
pub fn status_filter(raw: Option<&str>) -> &'static str {
    let raw = raw.unwrap_or_default();
    WORK_STATUSES.into_iter().find(|v| !v.is_empty() && *v == raw).unwrap_or("")
}

/// The `status` the API is asked for with a filter: `todo`, none (all), or the status.
pub fn api_status(filter: &str) -> Option<&str> {
    match filter {
        "" => Some("todo"),
        "all" => None,
        s => Some(s),
    }
}

/// How many messages a filter has, from the summary.
pub fn filter_count(s: &WorkSummary, filter: &str) -> u32 {
    match filter {
        "" => s.todo,
        "all" => s.total,
        raw => MessageStatus::parse(raw).map_or(0, |st| s.of(st)),
    }
}

/// Whether a filter chip shows: what needs the user and 全部 always; a status when it has
/// messages (or the counts are not known, or it is the current one) — fewer chips to read.
pub fn chip_shown(filter: &str, current: &str, counts: Option<&WorkSummary>) -> bool {
    matches!(filter, "" | "all") || filter == current || counts.is_none_or(|s| filter_count(s, filter) > 0)
}

/// Link of a filter chip / tab.
pub fn href(tab_inbox: bool, staff: bool, status: &str) -> String {
    let tab = (staff && tab_inbox).then_some("inbox");
    let status = (!status.is_empty()).then_some(status);
    crate::api::url::with_query("/work", &[("tab", tab), ("status", status)])
}

/// The label of a filter.
fn filter_label(filter: &str) -> Key {
    match filter {
        "" => Key::WorkFilterTodo,
        "all" => Key::WorkFilterAll,
        raw => message_status_label(MessageStatus::parse(raw).unwrap_or_default()),
    }
}

/// A label with its count, when known (`需要您处理 3`); the count is read out with it.
fn counted(label: Key, count: Option<u32>) -> impl IntoView {
    view! {
        {t(label)}
        {count.map(|n| view! { <span class=css::count>{badge_text(n)}</span> })}
    }
}

#[component]
pub fn Work() -> impl IntoView {
    let session = use_context::<SessionState>();
    let query = use_query_map();
    let status = Memo::new(move |_| query.with(|q| status_filter(q.get("status").as_deref())));
    let tab_inbox = Memo::new(move |_| query.with(|q| q.get("tab").as_deref() == Some("inbox")));
    let forbidden = RwSignal::new(false);
    let again = RwSignal::new(0u32);
    let title = t(Key::WorkTitle);
    let sign_in_text = t(Key::WorkSignIn);
    let lang = lang();
    let on_error = Callback::new(move |e: ApiError| {
        if matches!(e, ApiError::Http { status: 403, .. }) {
            forbidden.set(true);
        }
    });
    // The counts, for whoever has a workspace (asked again with 刷新).
    let handles = move || session.is_some_and(|s| s.user().is_some_and(|u| work::handles(&u.roles)));
    let summary = RwSignal::new(None::<WorkSummary>);
    let counts = move || summary.get();
    let body = move || {
        let Some(session) = session else { return restricted().into_any() };
        let Some(user) = session.user() else {
            return view! { <SignInRequired message=Signal::derive(move || sign_in_text().to_string())/> }.into_any();
        };
        let staff = session.has_role(Role::Staff);
        let deputy = session.has_role(Role::Deputy);
        if forbidden.get() || !(staff || deputy) {
            return restricted().into_any();
        }
        again.track();
        let inbox = !staff || tab_inbox.get();
        let list = if inbox { MessageList::Inbox } else { MessageList::Triage };
        let status = if inbox { status.get() } else { "" };
        let key = work_key(&user.id, list, status);
        let heading = match (staff, inbox) {
            (true, false) => Key::WorkTabTriage,
            _ => filter_label(status),
        };
        let hint = match (inbox, status) {
            (false, _) => Some(Key::WorkTriageHint),
            (true, "") => Some(Key::WorkTodoHint),
            (true, "all") => Some(Key::WorkInboxHint),
            _ => None,
        };
        let empty = match (inbox, status) {
            (false, _) => Key::WorkEmptyTriage,
            (true, "") => Key::WorkEmptyTodo,
            (true, "all") => Key::WorkEmptyInbox,
            _ => Key::WorkEmptyFiltered,
        };
        let tabs = staff.then(|| {
            let tab = move |is_inbox: bool, label: Key| {
                let current = (is_inbox == inbox).then_some("page");
                let count = move || counts().map(|s| if is_inbox { s.todo } else { s.triage });
                view! {
                    <li><a class=crate::components::chips::css::segment href=crate::paths::to(&href(is_inbox, true, "")) aria-current=current>{move || counted(label, count())}</a></li>
                }
            };
            view! {
                <nav aria-label=t(Key::WorkTabs)>
                    <ul class=crate::components::chips::css::segmented>
                        {tab(false, Key::WorkTabTriage)}
                        {tab(true, Key::WorkTabInbox)}
                    </ul>
                </nav>
            }
        });
        let chips = inbox.then(|| {
            view! {
                <nav aria-label=t(Key::WorkStatusFilter)>
                    <ul class=css::chips>
                        {move || {
                            let s = counts();
                            WORK_STATUSES
                                .into_iter()
                                .filter(|f| chip_shown(f, status, s.as_ref()))
                                .map(|f| {
                                    let current = (f == status).then_some("page");
                                    let count = s.as_ref().map(|s| filter_count(s, f));
                                    view! {
                                        <li><a class=css::chip href=crate::paths::to(&href(inbox, staff, f)) aria-current=current>{counted(filter_label(f), count)}</a></li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </nav>
            }
        });
        // 3 条需要您处理，其中 1 条已超期 (what needs the user, said in words).
        let tally = (inbox && status.is_empty()).then(|| {
            move || {
                counts().filter(|s| s.todo > 0).map(|s| {
                    let l = lang.get();
                    let mut text = fill(l.text(Key::WorkTally), &[("n", &s.todo.to_string())]);
                    if s.overdue > 0 {
                        text.push_str(&fill(l.text(Key::WorkTallyOverdue), &[("n", &s.overdue.to_string())]));
                    }
                    view! { <p class=css::tally>{text}</p> }
                })
            }
        });
        let refresh_key = key.clone();
        let refresh = move |_| {
            lists::forget(&refresh_key);
            again.update(|n| *n = n.wrapping_add(1));
        };
        let empty_text = t(empty);
        // 内容审核 (comments held or reported) is staff's too: one link, its screen is its own chunk.
        // 发布表彰 likewise (its form is with the 表彰榜), and 培训管理.
        // 测评 (capability tests) for deputies and staff: a link, its screens are their own chunks.
        let tests = view! {
            <p class=page_css::hint style="margin-top:var(--space-3)">
                <a href="training/tests">{t(Key::AssessTitle)}</a>" · "{t(Key::AssessEntryHint)}
            </p>
        };
        let moderation = staff.then(|| view! {
            <p class=page_css::hint style="margin-top:var(--space-3)">
                <a href="work/moderation">{t(Key::MdTitle)}</a>" · "{t(Key::MdEntryHint)}
            </p>
            <p class=page_css::hint>
                <a href="commendations/new">{t(Key::PtCommend)}</a>" · "{t(Key::PtCommendHint)}
            </p>
            <p class=page_css::hint>
                <a href="work/training">{t(Key::TaTitle)}</a>" · "{t(Key::TaEntryHint)}
            </p>
            <p class=page_css::hint>
                <a href="work/posters">{t(Key::PsTitle)}</a>" · "{t(Key::PsEntryHint)}
            </p>
        });
        view! {
            <Learn/>
            {tabs}
            {tests}
            {moderation}
            <div class=css::list_head>
                <h2 class=css::list_title>{t(heading)}</h2>
                <button type="button" class="btn" on:click=refresh>{t(Key::WorkRefresh)}</button>
            </div>
            {tally}
            {hint.map(|h| view! { <p class=page_css::hint style="margin-top:var(--space-1)">{t(h)}</p> })}
            {chips}
            <PagedList
                cache_key=key
                source=Source::messages(list, api_status(status).map(str::to_string), None)
                empty=Signal::derive(move || empty_text().to_string())
                on_error=on_error
            />
        }
        .into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || title().to_string())/>
        {move || handles().then(|| view! { <Counts summary=summary again=again/> })}
        {body}
    }
}

/// Loads the counts into `summary` (again when `again` changes) and keeps the device's note
/// of open work up to date (`state::work`). Shows nothing: the counts go on the filters.
#[component]
fn Counts(summary: RwSignal<Option<WorkSummary>>, again: RwSignal<u32>) -> impl IntoView {
    let session = use_context::<SessionState>();
    let loaded = Loader::new(move || {
        again.track();
        endpoints::work_summary()
    });
    crate::state::effect(move || {
        if let Some(Ok(s)) = loaded.get() {
            if let Some(session) = session {
                work::remember(session, &s);
            }
            summary.set(Some(s));
        }
    });
}

/// The open work of the signed-in deputy or staff member in words (`3 条留言需要您处理`), for the
/// ways into 工作台 elsewhere (the card on 留言, the row in 我的): nothing until it is known, or
/// when there is none.
#[component]
pub fn OpenWork() -> impl IntoView {
    let session = use_context::<SessionState>();
    let lang = lang();
    let loaded = Loader::new(endpoints::work_summary);
    move || {
        let s = loaded.get()?.ok()?;
        if let Some(session) = session {
            work::remember(session, &s);
        }
        let n = work::open_work(&s);
        (n > 0).then(|| view! { <span class=css::open>{fill(lang.get().text(Key::WorkTally), &[("n", &n.to_string())])}</span> })
    }
}

/// 学习 (履职学堂) for deputies and staff: the way to the courses, with today's 每日一练 in
/// words when it is known (今日一练 未完成 2/5) — nothing about it while it loads or when it
/// cannot be had (the courses are the link's point) — and the way to 模拟实操.
#[component]
fn Learn() -> impl IntoView {
    let lang = lang();
    let practice = Loader::new(endpoints::practice);
    let state = move || {
        let set = practice.get()?.ok()?;
        let total = set.items.len() as u32;
        let l = lang.get();
        let text = if total > 0 && set.answered >= total {
            l.text(Key::TrTodayDone).to_string()
        } else {
            fill(l.text(Key::TrTodayOpen), &[("n", &set.answered.to_string()), ("total", &total.to_string())])
        };
        Some(view! { <a class=css::learn_state href="training/practice">{text}</a> })
    };
    view! {
        <section class=css::learn aria-labelledby="work-learn">
            <h2 id="work-learn" class=css::learn_title><a href="training">{t(Key::TrEntry)}</a></h2>
            <p class=css::learn_hint>{t(Key::TrEntryHint)}</p>
            <p class=css::learn_links>
                {state}
                <a class=css::learn_state href="training/sandbox">{t(Key::SbTitle)}</a>
            </p>
        </section>
    }
}

/// For deputies and staff only.
pub fn restricted() -> impl IntoView {
    view! {
        <div class=css::restricted role="status">
            <h2>{t(Key::WorkRestrictedTitle)}</h2>
            <p>{t(Key::WorkRestrictedText)}</p>
            <a class="btn btn-primary" href="messages">{t(Key::WorkRestrictedLink)}</a>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use contract::StatusCount;

    use super::*;

    #[test]
    fn filters_and_links() {
        assert_eq!(status_filter(Some("replied")), "replied");
        assert_eq!(status_filter(Some("accepted")), "accepted");
        assert_eq!(status_filter(Some("all")), "all");
        assert_eq!(status_filter(Some("closed")), "", "not a filter of the workspace");
        assert_eq!(status_filter(Some("todo")), "", "what needs the user is the default, not a value");
        assert_eq!(status_filter(Some("")), "");
        assert_eq!(status_filter(None), "");
        assert_eq!(api_status(""), Some("todo"));
        assert_eq!(api_status("all"), None);
        assert_eq!(api_status("replied"), Some("replied"));
        assert_eq!(href(false, true, ""), "/work");
        assert_eq!(href(true, true, "resolved"), "/work?tab=inbox&status=resolved");
        assert_eq!(href(true, false, "assigned"), "/work?status=assigned");
        assert_eq!(href(true, false, "all"), "/work?status=all");
    }

    #[test]
    fn counts_per_filter_and_which_chips_show() {
        let s = WorkSummary {
            todo: 3,
            overdue: 1,
            total: 9,
            by_status: vec![
                StatusCount { status: MessageStatus::Assigned, count: 2 },
                StatusCount { status: MessageStatus::Replied, count: 5 },
                StatusCount { status: MessageStatus::Unknown, count: 1 },
                StatusCount { status: MessageStatus::Resolved, count: 1 },
            ],
            triage: 0,
        };
        assert_eq!(filter_count(&s, ""), 3);
        assert_eq!(filter_count(&s, "all"), 9);
        assert_eq!(filter_count(&s, "assigned"), 2);
        assert_eq!(filter_count(&s, "in_progress"), 0);
        let shown: Vec<&str> = WORK_STATUSES.into_iter().filter(|f| chip_shown(f, "", Some(&s))).collect();
        assert_eq!(shown, ["", "all", "assigned", "replied", "resolved"], "statuses without messages are left out");
        assert!(chip_shown("in_progress", "in_progress", Some(&s)), "the current filter always shows");
        let all: Vec<&str> = WORK_STATUSES.into_iter().filter(|f| chip_shown(f, "", None)).collect();
        assert_eq!(all, WORK_STATUSES, "before the counts are known: every filter");
    }
}
