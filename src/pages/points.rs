//! 积分与表彰: the entry screen (`/points`: 我的积分, 积分榜, 表彰榜 as three big entries), 我的积分
//! (`/me/points`: the balance, the level and how far the next one is, today's points per action
//! against its daily cap, and 积分明细) and the leaderboards (`/points/leaderboard?period=&station=`:
//! this month or year, the whole township or one liaison station, names as the server masks them,
//! the viewer's own row marked). `honours` is the 表彰榜, `commend` the staff's form. The rules
//! (what pays, the caps, the levels) are the server's: nothing here computes points.
//!
//! 首页 has one tile, 积分与表彰, which leads to the entry screen rather than three tiles: the hub
//! stays a handful of big entries that an older person can take in at a glance, and the entry
//! screen says in a line what each of the three holds before it is opened.

pub mod commend;
pub mod honours;

use contract::{ActionProgress, Leaderboard, LeaderboardRow, PointsAction, PointsEntry, PointsLevel, PointsSummary, Role, Station};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::url::{app_path, encode_component, with_query};
use crate::api::endpoints;
use crate::components::paged_list::{Item, PagedList, Source};
use crate::components::shell::TopBar;
use crate::components::states::{detail_state, EmptyState, ErrorState, SignInRequired};
use crate::format;
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::state::loader::Loader;
use crate::state::session::SessionState;

stylance::import_crate_style!(pub css, "src/pages/points.module.css");

/// What earned an entry, in words; an action a newer backend pays gets a neutral word.
pub fn action_label(a: PointsAction) -> Key {
    match a {
        PointsAction::DailyVisit => Key::PtActDailyVisit,
        PointsAction::ArticleRead => Key::PtActArticleRead,
        PointsAction::Comment => Key::PtActComment,
        PointsAction::CommentAdopted => Key::PtActCommentAdopted,
        PointsAction::PollVote => Key::PtActPollVote,
        PointsAction::MessageSent => Key::PtActMessageSent,
        PointsAction::MessageRated => Key::PtActMessageRated,
        PointsAction::DailyPractice => Key::PtActDailyPractice,
        PointsAction::Unknown => Key::PtActOther,
    }
}

/// How far `total` has come from its level towards the next: (whole percent, points still to
/// earn); `None` at the highest level.
pub fn level_progress(total: u32, level: &PointsLevel, next: Option<&PointsLevel>) -> Option<(u32, u32)> {
    let next = next?;
    let span = u64::from(next.min_points.saturating_sub(level.min_points));
    let done = u64::from(total.saturating_sub(level.min_points)).min(span);
    let pct = if span == 0 { 100 } else { (done * 100 / span) as u32 };
    Some((pct, next.min_points.saturating_sub(total)))
}

/// Whether an action pays nothing more today (its cap reached).
pub fn capped(p: &ActionProgress) -> bool {
    p.daily_cap.is_some_and(|cap| p.times_today >= cap)
}

/// Today's count of an action in words: "今天 1/5 次", or "今天 2 次，不限次数".
pub fn times_text(p: &ActionProgress, l: Lang) -> String {
    let n = p.times_today.to_string();
    match p.daily_cap {
        Some(cap) => fill(l.text(Key::PtTimesCap), &[("n", &n), ("cap", &cap.to_string())]),
        None => fill(l.text(Key::PtTimes), &[("n", &n)]),
    }
}

/// The leaderboard's address for a period (`month`, `year`) and a station (none: everyone).
pub fn board_href(period: &str, station: Option<&str>) -> String {
    let period = (period == "year").then_some("year");
    with_query("/points/leaderboard", &[("period", period), ("station", station)])
}

/// The commend form with a person chosen (`user`: an account, with the name staff see).
pub fn commend_href(user_id: &str, name: &str) -> String {
    with_query("/commendations/new", &[("user", Some(user_id)), ("name", Some(name))])
}

// ---------------------------------------------------------------------------
// 积分与表彰: the entry screen
// ---------------------------------------------------------------------------

#[component]
pub fn PointsHub() -> impl IntoView {
    let title = t(Key::PtTitle);
    let entry = |href: &'static str, label: Key, hint: Key| view! {
        <li>
            <a class=css::entry_link href=crate::paths::to(&href)>
                <strong>{t(label)}</strong>
                <span>{t(hint)}</span>
            </a>
        </li>
    };
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/"/>
        <div class=css::page>
            <p class=css::intro>{t(Key::PtIntro)}</p>
            <ul class=css::entries>
                {entry("/me/points", Key::PtMine, Key::PtMineHint)}
                {entry("/points/leaderboard", Key::PtBoard, Key::PtBoardHint)}
                {entry("/commendations", Key::PtHonours, Key::PtHonoursHint)}
            </ul>
        </div>
    }
}

// ---------------------------------------------------------------------------
// 我的积分
// ---------------------------------------------------------------------------

#[component]
pub fn MyPoints() -> impl IntoView {
    let session = SessionState::get();
    let title = t(Key::PtMine);
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/points"/>
        {move || if session.is_signed_in() {
            view! { <MyPointsBody/> }.into_any()
        } else {
            view! { <SignInRequired message=Signal::derive(move || t(Key::PtSignIn)().to_string())/> }.into_any()
        }}
    }
}

#[component]
fn MyPointsBody() -> impl IntoView {
    let summary = Loader::new(endpoints::points_me);
    let retry = Callback::new(move |_| summary.refetch());
    view! {
        {move || detail_state(summary.get().map(|r| r.map(|s| view! { <Summary summary=s/> }.into_any())), retry)}
    }
}

#[component]
fn Summary(summary: PointsSummary) -> impl IntoView {
    let lang = lang();
    let s = summary;
    let total = s.total.to_string();
    let (month, year) = (s.month.to_string(), s.year.to_string());
    let level = s.level.name.clone();
    let progress = level_progress(s.total, &s.level, s.next_level.as_ref());
    let next_name = s.next_level.as_ref().map(|n| n.name.clone()).unwrap_or_default();
    let today = s
        .today
        .iter()
        .map(|p| {
            let p = p.clone();
            let full = capped(&p);
            let each = p.points.to_string();
            let class = if full { format!("{} {}", css::task, css::task_full) } else { css::task.to_string() };
            view! {
                <li class=class>
                    <span class=css::task_name>{t(action_label(p.action))}</span>
                    <span class=css::task_each>{move || fill(lang.get().text(Key::PtEach), &[("n", &each)])}</span>
                    <span class=css::task_times>{move || times_text(&p, lang.get())}</span>
                    {full.then(|| view! { <span class=css::badge>{t(Key::PtCapped)}</span> })}
                </li>
            }
        })
        .collect_view();
    // The history: the ledger only grows, so a list remembered with the same total is current.
    let history_key = format!("points:history:{}", s.total);
    let empty = t(Key::PtHistoryEmpty);
    view! {
        <section class=css::card aria-labelledby="pt-total">
            <h2 class=css::card_label id="pt-total">{t(Key::PtTotal)}</h2>
            <p class=css::total>{move || fill(lang.get().text(Key::PtTotalN), &[("n", &total)])}</p>
            <p class=css::sub>{move || fill(lang.get().text(Key::PtMonthYear), &[("month", &month), ("year", &year)])}</p>
            <p class=css::level>{move || fill(lang.get().text(Key::PtLevel), &[("name", &level)])}</p>
            {match progress {
                Some((pct, left)) => view! {
                    <div class=css::bar role="progressbar" aria-label=t(Key::PtLevelProgress)
                        aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct.to_string()>
                        <div class=css::bar_fill style=format!("width:{pct}%")></div>
                    </div>
                    <p class=css::sub>{move || fill(lang.get().text(Key::PtToNext), &[("n", &left.to_string()), ("name", &next_name)])}</p>
                }.into_any(),
                None => view! { <p class=css::sub>{t(Key::PtTopLevel)}</p> }.into_any(),
            }}
        </section>
        <section class=css::section aria-labelledby="pt-today">
            <h2 class=css::heading id="pt-today">{t(Key::PtToday)}</h2>
            <p class=css::hint>{t(Key::PtTodayHint)}</p>
            <ul class=css::tasks>{today}</ul>
        </section>
        <section class=css::section aria-labelledby="pt-history">
            <h2 class=css::heading id="pt-history">{t(Key::PtHistory)}</h2>
            <PagedList
                cache_key=history_key
                source=Source::points_history(render_entry)
                empty=Signal::derive(move || empty().to_string())
            />
        </section>
    }
}

fn render_entry(item: Item, _: bool) -> AnyView {
    match item {
        Item::Points(e) => view! { <EntryRow entry=e/> }.into_any(),
        _ => ().into_any(),
    }
}

/// One entry of 积分明细: what earned it (and the thing itself, a link where it is in the app),
/// when, and the points.
#[component]
fn EntryRow(entry: PointsEntry) -> impl IntoView {
    let lang = lang();
    let points = entry.points.to_string();
    // (a daily visit's title says what its label says)
    let what = (entry.action != PointsAction::DailyVisit && !entry.title.trim().is_empty()).then(|| {
        match entry.link.as_deref().and_then(app_path) {
            Some(href) => view! { <p class=css::entry_title><a href=crate::paths::to(&href)>{entry.title.clone()}</a></p> }.into_any(),
            None => view! { <p class=css::entry_title>{entry.title.clone()}</p> }.into_any(),
        }
    });
    let at = entry.at.clone();
    view! {
        <article class=css::entry>
            <p class=css::entry_head>
                <span class=css::entry_action>{t(action_label(entry.action))}</span>
                <span class=css::plus>{move || fill(lang.get().text(Key::PtPlus), &[("n", &points)])}</span>
            </p>
            {what}
            <p class=css::entry_time><time datetime=entry.at.clone()>{move || format::date_time(&at, lang.get())}</time></p>
        </article>
    }
}

// ---------------------------------------------------------------------------
// 积分榜
// ---------------------------------------------------------------------------

#[component]
pub fn LeaderboardPage() -> impl IntoView {
    let query = use_query_map();
    let period = Memo::new(move |_| if query.with(|q| q.get("period")).as_deref() == Some("year") { "year" } else { "month" });
    let station = Memo::new(move |_| query.with(|q| q.get("station")).filter(|s| !s.trim().is_empty()));
    let board = Loader::new(move || endpoints::leaderboard(Some(period.get()), station.get().as_deref()));
    let stations = Loader::new(endpoints::stations);
    let retry = Callback::new(move |_| board.refetch());
    let session = SessionState::get();
    let title = t(Key::PtBoard);
    let periods = [("month", Key::PtMonth), ("year", Key::PtYear)];
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/points"/>
        <nav aria-label=t(Key::PtPeriod)>
            <ul class=crate::components::chips::css::segmented>
                {periods.into_iter().map(|(value, label)| {
                    let href = move || crate::paths::to(&board_href(value, station.get().as_deref()));
                    let current = move || (period.get() == value).then_some("page");
                    view! { <li><a class=crate::components::chips::css::segment href=href aria-current=current>{t(label)}</a></li> }
                }).collect_view()}
            </ul>
        </nav>
        {move || match stations.get() {
            None => None,
            Some(Err(e)) => Some(view! {
                <div class=css::page><ErrorState error=e on_retry=Callback::new(move |_| stations.refetch()) inline=true/></div>
            }.into_any()),
            Some(Ok(page)) => Some(view! { <StationFilter stations=page.items period=period station=station/> }.into_any()),
        }}
        {move || {
            let staff = session.has_role(Role::Staff);
            let signed_in = session.is_signed_in();
            detail_state(board.get().map(|r| r.map(|b| view! { <Board board=b staff=staff signed_in=signed_in/> }.into_any())), retry)
        }}
    }
}

/// 全镇 or one liaison station: a native select (the phone's own big list), which goes to the
/// board of the station chosen.
#[component]
fn StationFilter(stations: Vec<Station>, period: Memo<&'static str>, station: Memo<Option<String>>) -> impl IntoView {
    let navigate = use_navigate();
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let chosen = (!value.is_empty()).then_some(value.as_str());
        navigate(&board_href(period.get_untracked(), chosen), NavigateOptions { replace: true, ..Default::default() });
    };
    let options = stations
        .into_iter()
        .filter(|s| !s.id.is_empty())
        .map(|s| {
            let id = s.id.clone();
            view! { <option value=s.id.clone() selected=move || station.get().as_deref() == Some(id.as_str())>{s.name.clone()}</option> }
        })
        .collect_view();
    view! {
        <div class=css::filter>
            <label for="pt-station">{t(Key::PtScope)}</label>
            <select id="pt-station" class=crate::components::form::css::input on:change=on_change>
                <option value="" selected=move || station.get().is_none()>{t(Key::PtAllStations)}</option>
                {options}
            </select>
        </div>
    }
}

#[component]
fn Board(board: Leaderboard, staff: bool, signed_in: bool) -> impl IntoView {
    let lang = lang();
    let since = board.since.clone();
    let scope = board.station.as_ref().map(|s| s.name.clone());
    let period_key = if board.period == contract::LeaderboardPeriod::Year { Key::PtYear } else { Key::PtMonth };
    let caption = move || {
        let l = lang.get();
        let scope = scope.clone().unwrap_or_else(|| l.text(Key::PtAllStations).to_string());
        fill(l.text(Key::PtCaption), &[("period", l.text(period_key)), ("scope", &scope), ("date", &format::date(&since, l))])
    };
    let you = match (&board.you, signed_in) {
        (Some(me), _) => {
            let (rank, points) = (me.rank.to_string(), me.points.to_string());
            Some(view! { <p class=css::you>{move || fill(lang.get().text(Key::PtYourRank), &[("rank", &rank), ("points", &points)])}</p> }.into_any())
        }
        (None, true) => Some(view! { <p class=css::you>{t(Key::PtNotRanked)}</p> }.into_any()),
        (None, false) => None,
    };
    if board.rows.is_empty() {
        let empty = t(Key::PtBoardEmpty);
        return view! { {you}<EmptyState message=Signal::derive(move || empty().to_string())/> }.into_any();
    }
    let rows = board.rows.into_iter().map(|r| view! { <BoardRow row=r staff=staff/> }).collect_view();
    // A list, not a table: with large text a row's parts stack instead of squeezing the name.
    view! {
        <div class=css::page>
            {you}
            <h2 class=css::heading id="pt-board-caption">{caption}</h2>
            <ol class=css::board aria-labelledby="pt-board-caption">{rows}</ol>
            <p class=css::hint>{t(Key::PtMasked)}</p>
        </div>
    }
    .into_any()
}

/// One person of the board: the rank, the name (the viewer's marked), a deputy's role, the
/// station, the points; for staff, 表彰 (with the person chosen).
#[component]
fn BoardRow(row: LeaderboardRow, staff: bool) -> impl IntoView {
    let lang = lang();
    let class = if row.is_you { format!("{} {}", css::row, css::mine) } else { css::row.to_string() };
    let role = (row.role == Role::Deputy).then(|| view! { <span class=css::role>{t(crate::components::cards::role_label(row.role))}</span> });
    let commend = staff.then(|| row.user_id.as_deref().map(|id| {
        let href = commend_href(id, &row.name);
        let name = row.name.clone();
        let label = move || format!("{} {}", lang.get().text(Key::PtColCommend), name);
        view! { <a class=css::commend href=crate::paths::to(&href) aria-label=label>{t(Key::PtColCommend)}</a> }
    }));
    let (rank, points) = (row.rank.to_string(), row.points.to_string());
    view! {
        <li class=class>
            <span class=css::rank>{move || fill(lang.get().text(Key::PtRank), &[("n", &rank)])}</span>
            <span class=css::who>
                <span>{row.name.clone()}</span>
                {row.is_you.then(|| view! { <span class=css::you_mark>{t(Key::PtYouMark)}</span> })}
                {role}
                {row.station.map(|s| view! { <span class=css::station>{s.name}</span> })}
            </span>
            <span class=css::num>{move || fill(lang.get().text(Key::PtTotalN), &[("n", &points)])}</span>
            {commend}
        </li>
    }
}

/// A deputy's profile address.
pub fn deputy_href(id: &str) -> String {
    format!("/deputies/{}", encode_component(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(number: u32, min_points: u32) -> PointsLevel {
        PointsLevel { number, name: format!("L{number}"), min_points }
    }

    #[test]
    fn progress_runs_from_the_level_to_the_next() {
        assert_eq!(level_progress(0, &level(1, 0), Some(&level(2, 20))), Some((0, 20)));
        assert_eq!(level_progress(5, &level(1, 0), Some(&level(2, 20))), Some((25, 15)));
        assert_eq!(level_progress(60, &level(2, 20), Some(&level(3, 100))), Some((50, 40)));
        assert_eq!(level_progress(99, &level(2, 20), Some(&level(3, 100))), Some((98, 1)));
        // at the top, and a backend whose numbers disagree (never past 100 %, never below 0)
        assert_eq!(level_progress(500, &level(4, 300), None), None);
        assert_eq!(level_progress(150, &level(2, 20), Some(&level(3, 100))), Some((100, 0)));
        assert_eq!(level_progress(10, &level(2, 20), Some(&level(3, 20))), Some((100, 10)));
    }

    #[test]
    fn every_action_has_its_own_label_and_an_unknown_one_a_neutral_label() {
        let labels: Vec<Key> = PointsAction::ALL.iter().map(|a| action_label(*a)).collect();
        for (i, k) in labels.iter().enumerate() {
            assert_ne!(*k, Key::PtActOther, "{:?} has a label", PointsAction::ALL[i]);
            assert!(!labels[i + 1..].contains(k), "{:?}'s label is its own", PointsAction::ALL[i]);
        }
        let unknown: PointsAction = serde_json::from_str("\"quiz_answered\"").unwrap();
        assert_eq!(action_label(unknown), Key::PtActOther);
        assert_eq!(Lang::Zh.text(action_label(PointsAction::PollVote)), "参加投票");
    }

    #[test]
    fn caps_in_words() {
        let p = ActionProgress { action: PointsAction::ArticleRead, points: 1, daily_cap: Some(5), times_today: 2 };
        assert!(!capped(&p));
        assert_eq!(times_text(&p, Lang::Zh), "今天 2/5 次");
        let full = ActionProgress { times_today: 5, ..p.clone() };
        assert!(capped(&full));
        let open = ActionProgress { daily_cap: None, times_today: 9, ..p };
        assert!(!capped(&open));
        assert_eq!(times_text(&open, Lang::Zh), "今天 9 次，不限次数");
    }

    #[test]
    fn addresses() {
        assert_eq!(board_href("month", None), "/points/leaderboard");
        assert_eq!(board_href("year", Some("st 1")), "/points/leaderboard?period=year&station=st%201");
        assert_eq!(commend_href("u_1", "王*"), "/commendations/new?user=u_1&name=%E7%8E%8B%2A");
    }
}
