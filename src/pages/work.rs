//! 工作台 (`/work`): a deputy's inbox (我的待办) with status filters; for liaison station staff,
//! the triage queue (待分派) and the departments' inbox (部门办理) as two tabs. The server orders
//! both lists overdue first. Citizens (and anyone the server answers 403) see that the
//! workspace is for deputies and staff only.
//!
//! The filters live in the URL (`?tab=inbox&status=replied`). The lists are remembered for
//! coming back from a message, per user; acting on a message forgets them
//! ([`lists::forget_work`]), so that coming back shows the new state.

use contract::Role;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{ApiError, MessageList};
use crate::components::paged_list::{PagedList, Source};
use crate::components::shell::TopBar;
use crate::components::states::SignInRequired;
use crate::i18n::{t, Key};
use crate::pages::page_css;
use crate::state::lists::{self, work_key, WORK_STATUSES};
use crate::state::session::SessionState;

stylance::import_crate_style!(css, "src/pages/work.module.css");

/// The labels of the status filters of an inbox ([`WORK_STATUSES`], in that order).
const FILTER_LABELS: [Key; 5] =
    [Key::WorkFilterAll, Key::WorkFilterAssigned, Key::WorkFilterInProgress, Key::WorkFilterReplied, Key::WorkFilterResolved];

/// A known status filter from the query (anything else: all).
pub fn status_filter(raw: Option<&str>) -> &'static str {
    let raw = raw.unwrap_or_default();
    WORK_STATUSES.into_iter().find(|v| !v.is_empty() && *v == raw).unwrap_or("")
}

/// Link of a filter chip / tab.
pub fn href(tab_inbox: bool, staff: bool, status: &str) -> String {
    let tab = (staff && tab_inbox).then_some("inbox");
    let status = (!status.is_empty()).then_some(status);
    crate::api::url::with_query("/work", &[("tab", tab), ("status", status)])
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
    let on_error = Callback::new(move |e: ApiError| {
        if matches!(e, ApiError::Http { status: 403, .. }) {
            forbidden.set(true);
        }
    });
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
        let (heading, hint, empty) = match (staff, inbox) {
            (false, _) => (Key::WorkInboxHeading, Key::WorkInboxHint, Key::WorkEmptyInbox),
            (true, true) => (Key::WorkTabInbox, Key::WorkInboxHint, Key::WorkEmptyInbox),
            (true, false) => (Key::WorkTabTriage, Key::WorkTriageHint, Key::WorkEmptyTriage),
        };
        let empty = if status.is_empty() { empty } else { Key::WorkEmptyFiltered };
        let tabs = staff.then(|| {
            let tab = move |is_inbox: bool, label: Key| {
                let current = (is_inbox == inbox).then_some("page");
                view! {
                    <li><a class=page_css::segment href=href(is_inbox, true, "") aria-current=current>{t(label)}</a></li>
                }
            };
            view! {
                <nav aria-label=t(Key::WorkTabs)>
                    <ul class=page_css::segmented>
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
                        {WORK_STATUSES
                            .into_iter()
                            .zip(FILTER_LABELS)
                            .map(|(value, label)| {
                                let current = (value == status).then_some("page");
                                view! { <li><a class=css::chip href=href(inbox, staff, value) aria-current=current>{t(label)}</a></li> }
                            })
                            .collect_view()}
                    </ul>
                </nav>
            }
        });
        let refresh_key = key.clone();
        let refresh = move |_| {
            lists::forget(&refresh_key);
            again.update(|n| *n = n.wrapping_add(1));
        };
        let empty_text = t(empty);
        view! {
            {tabs}
            <div class=css::list_head>
                <h2 class=css::list_title>{t(heading)}</h2>
                <button type="button" class="btn" on:click=refresh>{t(Key::WorkRefresh)}</button>
            </div>
            <p class=page_css::hint style="margin-top:var(--space-1)">{t(hint)}</p>
            {chips}
            <PagedList
                cache_key=key
                source=Source::messages(list, (!status.is_empty()).then(|| status.to_string()), None)
                empty=Signal::derive(move || empty_text().to_string())
                on_error=on_error
            />
        }
        .into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || title().to_string())/>
        {body}
    }
}

/// For deputies and staff only.
fn restricted() -> impl IntoView {
    view! {
        <div class=css::restricted role="status">
            <h2>{t(Key::WorkRestrictedTitle)}</h2>
            <p>{t(Key::WorkRestrictedText)}</p>
            <a class="btn btn-primary" href="/messages">{t(Key::WorkRestrictedLink)}</a>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_and_links() {
        assert_eq!(status_filter(Some("replied")), "replied");
        assert_eq!(status_filter(Some("closed")), "", "not a filter of the workspace");
        assert_eq!(status_filter(Some("")), "");
        assert_eq!(status_filter(None), "");
        assert_eq!(href(false, true, ""), "/work");
        assert_eq!(href(true, true, "resolved"), "/work?tab=inbox&status=resolved");
        assert_eq!(href(true, false, "assigned"), "/work?status=assigned");
    }
}
