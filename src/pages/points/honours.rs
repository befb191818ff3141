//! 表彰榜 (`/commendations`): the public list of commendations, newest first, under a heading per
//! period (2026年11月, 2026年度) — a commended person, their title (热心群众, 优秀代表), the reason,
//! and a deputy's profile. Citizens are masked by the server. The list is paged here rather than
//! by `PagedList`, whose items are drawn one by one: the periods' headings need the items
//! around them. Staff get the way to their form.

use contract::{Commendation, Page, Role};
use leptos::prelude::*;

use super::{css, deputy_href};
use crate::api::{self, endpoints, ApiError, Canceller};
use crate::components::shell::TopBar;
use crate::components::states::{EmptyState, ErrorState, SkeletonList};
use crate::format;
use crate::i18n::{fill, lang, t, Key};
use crate::state::effect;
use crate::state::network::online;
use crate::state::session::SessionState;

/// Consecutive commendations of the same period, each with its period (newest first, as the
/// backend lists them: a period that comes back later gets a heading of its own again).
pub fn by_period(items: &[Commendation]) -> Vec<(String, Vec<Commendation>)> {
    let mut out: Vec<(String, Vec<Commendation>)> = Vec::new();
    for c in items {
        let period = c.period.trim().to_string();
        match out.last_mut() {
            Some((p, list)) if *p == period => list.push(c.clone()),
            _ => out.push((period, vec![c.clone()])),
        }
    }
    out
}

/// Where loading stands.
#[derive(Clone, Debug)]
enum Phase {
    Loading,
    Idle,
    Failed(ApiError),
}

#[component]
pub fn Commendations() -> impl IntoView {
    let session = SessionState::get();
    let items = RwSignal::new(Vec::<Commendation>::new());
    let next = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);
    let phase = RwSignal::new(Phase::Loading);
    let canceller = Canceller::for_owner();
    let load = move |cursor: Option<String>| {
        phase.set(Phase::Loading);
        let c = canceller.clone();
        leptos::task::spawn_local(async move {
            let result: Result<Page<Commendation>, ApiError> = api::fetch(endpoints::commendations(cursor.as_deref(), None), &c).await;
            if c.is_cancelled() {
                return;
            }
            match result {
                Ok(page) => {
                    items.update(|list| list.extend(page.items));
                    next.set(page.next_cursor);
                    loaded.set(true);
                    phase.set(Phase::Idle);
                }
                Err(e) => phase.set(Phase::Failed(e)),
            }
        });
    };
    let load = StoredValue::new_local(load);
    let more = move || {
        let cursor = if loaded.get_untracked() { next.get_untracked() } else { None };
        load.with_value(|f| f(cursor));
    };
    more();
    // Back online: a failed load is tried again.
    let online = online();
    let mut was = None;
    effect(move || {
        let now = online.get();
        if was == Some(false) && now && matches!(phase.get_untracked(), Phase::Failed(_)) {
            more();
        }
        was = Some(now);
    });
    let retry = Callback::new(move |_| more());
    let title = t(Key::PtHonours);
    let empty = t(Key::PtHonoursEmpty);
    let groups = move || {
        by_period(&items.get())
            .into_iter()
            .map(|(period, list)| view! {
                <section class=css::group>
                    <h2 class=css::heading>{period}</h2>
                    <ul class=css::honours>
                        {list.into_iter().map(|c| view! { <li><Honour c=c/></li> }).collect_view()}
                    </ul>
                </section>
            })
            .collect_view()
    };
    let status = move || match (loaded.get(), phase.get()) {
        (false, Phase::Failed(e)) => view! { <ErrorState error=e on_retry=retry/> }.into_any(),
        (false, _) => view! { <SkeletonList count=3/> }.into_any(),
        (true, _) if items.with(Vec::is_empty) => view! { <EmptyState message=Signal::derive(move || empty().to_string())/> }.into_any(),
        (true, Phase::Failed(e)) => view! { <ErrorState error=e on_retry=retry inline=true/> }.into_any(),
        (true, Phase::Loading) => view! { <p class=css::footer role="status">{t(Key::ListLoadingMore)}</p> }.into_any(),
        (true, Phase::Idle) if next.with(Option::is_none) => view! { <p class=css::footer>{t(Key::ListEnd)}</p> }.into_any(),
        (true, Phase::Idle) => view! {
            <p class=css::footer><button type="button" class="btn" on:click=move |_| more()>{t(Key::ListLoadMore)}</button></p>
        }
        .into_any(),
    };
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/points"/>
        {move || session.has_role(Role::Staff).then(|| view! {
            <p class=css::actions><a class="btn btn-primary" href="commendations/new">{t(Key::PtCommend)}</a></p>
        })}
        <div class=css::page>
            {groups}
            {status}
        </div>
    }
}

/// One commendation: the title as a badge, the person (a deputy with their role and profile),
/// their station, the reason and the day it was published.
#[component]
fn Honour(c: Commendation) -> impl IntoView {
    let lang = lang();
    let p = c.person;
    let deputy = p.deputy_id.as_deref().map(deputy_href);
    let role = matches!(p.role, Role::Deputy).then(|| view! { <span class=css::role>{t(crate::components::cards::role_label(p.role))}</span> });
    let at = c.created_at.clone();
    view! {
        <article class=css::honour>
            <p class=css::honour_title>{c.title}</p>
            <h3 class=css::honour_name>{p.name.clone()}{role}</h3>
            {p.station.map(|s| view! { <p class=css::station>{s.name}</p> })}
            <p class=css::reason>{c.reason}</p>
            <p class=css::entry_time>
                <time datetime=c.created_at.clone()>{move || fill(lang.get().text(Key::PtHonouredOn), &[("date", &format::date(&at, lang.get()))])}</time>
                {deputy.map(|href| view! { " · "<a href=crate::paths::to(&href)>{t(Key::PtDeputyProfile)}</a> })}
            </p>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str, period: &str) -> Commendation {
        Commendation { id: id.into(), period: period.into(), ..Default::default() }
    }

    #[test]
    fn consecutive_periods_share_a_heading() {
        let list = [c("1", "2026年11月"), c("2", " 2026年11月"), c("3", "2026年度"), c("4", "2026年11月")];
        let groups: Vec<(String, Vec<String>)> =
            by_period(&list).into_iter().map(|(p, l)| (p, l.into_iter().map(|c| c.id).collect())).collect();
        assert_eq!(
            groups,
            vec![
                ("2026年11月".to_string(), vec!["1".to_string(), "2".to_string()]),
                ("2026年度".to_string(), vec!["3".to_string()]),
                ("2026年11月".to_string(), vec!["4".to_string()]),
            ]
        );
        assert!(by_period(&[]).is_empty());
    }
}
