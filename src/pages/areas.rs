//! Screens that share one lazy route (and one wasm chunk) per area: each lazy route type costs
//! the first load (its stub in the main module and its entry in the chunk loader: ~0.3 KiB
//! gzip), and the screens of an area are used together. src/app.rs routes each address of an
//! area to its `…_screen`, which picks the screen by the address the router matched (only the
//! addresses listed there come here).
//!
//! Not grouped with others: an article, search, 我的 and sign-in, whose chunks stay as small as
//! they can be; a deputy's page and `/d/<code>` (a QR scan) share one, as they share their code.
//! The larger areas have their own module's `…_screen` (training, tests, training admin,
//! 履职档案).

use leptos::prelude::*;

use crate::pages::compose::Compose;
use crate::pages::deputies::{DeputyByCode, DeputyCardPage, DeputyPage, Deputies, StationPage};
use crate::pages::event::EventPage;
use crate::pages::events::Events;
use crate::pages::guide::Guide;
use crate::pages::moderation::Moderation;
use crate::pages::work::Work;
use crate::pages::message::sent::MessageSent;
use crate::pages::messages::{Board, Messages};
use crate::pages::notifications::{NotificationSettings, Notifications};
use crate::pages::points::commend::CommendPage;
use crate::pages::points::honours::Commendations;
use crate::pages::points::{LeaderboardPage, MyPoints, PointsHub};
use crate::pages::polls::new::NewPollPage;
use crate::pages::polls::{PollPage, Polls};
use crate::pages::posters::Posters;
use crate::pages::responsiveness::Responsiveness;
use crate::pages::topics::new::NewTopicPage;
use crate::pages::topics::{TopicPage, Topics};

fn trimmed(path: &str) -> &str {
    match path.trim_end_matches('/') {
        "" => "/",
        p => p,
    }
}

/// 消息提醒 and 提醒设置.
pub fn alerts_screen(path: &str) -> AnyView {
    if trimmed(path).ends_with("/settings") {
        view! { <NotificationSettings/> }.into_any()
    } else {
        view! { <Notifications/> }.into_any()
    }
}

/// A list of polls or topics, a new one, or one of them (`/polls`, `/polls/new`, `/polls/<id>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListScreen {
    List,
    New,
    One,
}

pub fn list_screen_of(path: &str, list: &str) -> ListScreen {
    match trimmed(path).strip_prefix(list).unwrap_or("") {
        "" => ListScreen::List,
        "/new" => ListScreen::New,
        _ => ListScreen::One,
    }
}

/// 在线投票: `/polls`, `/polls/new`, `/polls/<id>`.
pub fn polls_screen(path: &str) -> AnyView {
    match list_screen_of(path, "/polls") {
        ListScreen::List => view! { <Polls/> }.into_any(),
        ListScreen::New => view! { <NewPollPage/> }.into_any(),
        ListScreen::One => view! { <PollPage/> }.into_any(),
    }
}

/// 议事: `/topics`, `/topics/new`, `/topics/<id>`.
pub fn topics_screen(path: &str) -> AnyView {
    match list_screen_of(path, "/topics") {
        ListScreen::List => view! { <Topics/> }.into_any(),
        ListScreen::New => view! { <NewTopicPage/> }.into_any(),
        ListScreen::One => view! { <TopicPage/> }.into_any(),
    }
}

/// 积分与表彰, and 使用指南: a small screen for the same citizens (reached from 我的 and 首页,
/// like 我的积分), which would not be worth a lazy route of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointsScreen {
    Hub,
    Mine,
    Leaderboard,
    Commendations,
    Commend,
    Guide,
}

pub fn points_screen_of(path: &str) -> PointsScreen {
    match trimmed(path) {
        "/me/points" => PointsScreen::Mine,
        "/points/leaderboard" => PointsScreen::Leaderboard,
        "/commendations" => PointsScreen::Commendations,
        "/commendations/new" => PointsScreen::Commend,
        "/guide" => PointsScreen::Guide,
        _ => PointsScreen::Hub,
    }
}

pub fn points_screen(path: &str) -> AnyView {
    match points_screen_of(path) {
        PointsScreen::Hub => view! { <PointsHub/> }.into_any(),
        PointsScreen::Mine => view! { <MyPoints/> }.into_any(),
        PointsScreen::Leaderboard => view! { <LeaderboardPage/> }.into_any(),
        PointsScreen::Commendations => view! { <Commendations/> }.into_any(),
        PointsScreen::Commend => view! { <CommendPage/> }.into_any(),
        PointsScreen::Guide => view! { <Guide/> }.into_any(),
    }
}

/// The directory side of 代表: the list, a liaison station, the printable QR card and the
/// responsiveness table (a deputy's own page and `/d/<code>` have chunks of their own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeopleScreen {
    Deputies,
    Card,
    Station,
    Responsiveness,
}

pub fn people_screen_of(path: &str) -> PeopleScreen {
    let path = trimmed(path);
    if path.starts_with("/stations/") {
        PeopleScreen::Station
    } else if path.ends_with("/card") {
        PeopleScreen::Card
    } else if path == "/responsiveness" {
        PeopleScreen::Responsiveness
    } else {
        PeopleScreen::Deputies
    }
}

pub fn people_screen(path: &str) -> AnyView {
    // A poster's QR code opens `/stations/<id>?via=…` or `/deputies?via=…`.
    crate::state::poster_visit::arrived();
    match people_screen_of(path) {
        PeopleScreen::Deputies => view! { <Deputies/> }.into_any(),
        PeopleScreen::Card => view! { <DeputyCardPage/> }.into_any(),
        PeopleScreen::Station => view! { <StationPage/> }.into_any(),
        PeopleScreen::Responsiveness => view! { <Responsiveness/> }.into_any(),
    }
}

/// A deputy's page, by id or by the short code of their QR (`/deputies/<id>`, `/d/<code>`).
pub fn deputy_screen(path: &str) -> AnyView {
    // A poster's QR code opens `/d/<code>?via=…`.
    crate::state::poster_visit::arrived();
    if trimmed(path).starts_with("/d/") {
        view! { <DeputyByCode/> }.into_any()
    } else {
        view! { <DeputyPage/> }.into_any()
    }
}

/// 相关活动 and one event.
pub fn events_screen(path: &str) -> AnyView {
    if trimmed(path) == "/events" {
        view! { <Events/> }.into_any()
    } else {
        view! { <EventPage/> }.into_any()
    }
}

/// 工作台 and 内容审核.
pub fn work_screen(path: &str) -> AnyView {
    if trimmed(path).ends_with("/posters") {
        view! { <Posters/> }.into_any()
    } else if trimmed(path).ends_with("/moderation") {
        view! { <Moderation/> }.into_any()
    } else {
        view! { <Work/> }.into_any()
    }
}

/// 我的留言 and the public board.
pub fn lists_screen(path: &str) -> AnyView {
    if trimmed(path) == "/board" {
        view! { <Board/> }.into_any()
    } else {
        view! { <Messages/> }.into_any()
    }
}

/// Writing a message and its confirmation (`/messages/new`, `/messages/<id>/sent`).
pub fn compose_screen(path: &str) -> AnyView {
    if trimmed(path).ends_with("/sent") {
        view! { <MessageSent/> }.into_any()
    } else {
        view! { <Compose/> }.into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_screen() {
        assert_eq!(list_screen_of("/polls", "/polls"), ListScreen::List);
        assert_eq!(list_screen_of("/polls/", "/polls"), ListScreen::List);
        assert_eq!(list_screen_of("/polls/new", "/polls"), ListScreen::New);
        assert_eq!(list_screen_of("/polls/pl_1", "/polls"), ListScreen::One);
        assert_eq!(list_screen_of("/topics/tp_9", "/topics"), ListScreen::One);
        assert_eq!(points_screen_of("/points"), PointsScreen::Hub);
        assert_eq!(points_screen_of("/me/points"), PointsScreen::Mine);
        assert_eq!(points_screen_of("/points/leaderboard"), PointsScreen::Leaderboard);
        assert_eq!(points_screen_of("/commendations"), PointsScreen::Commendations);
        assert_eq!(points_screen_of("/commendations/new/"), PointsScreen::Commend);
        assert_eq!(points_screen_of("/guide"), PointsScreen::Guide);
        assert_eq!(people_screen_of("/deputies"), PeopleScreen::Deputies);
        assert_eq!(people_screen_of("/deputies/dp_lw01/card"), PeopleScreen::Card);
        assert_eq!(people_screen_of("/stations/st_center"), PeopleScreen::Station);
        assert_eq!(people_screen_of("/responsiveness"), PeopleScreen::Responsiveness);
    }
}
