//! The five tabs of the app (首页 · 政策 · 代表 · 留言 · 我的) and which paths belong to which:
//! the tab bar marks the current one, the alerts put their badges on the tab of what they are
//! about.

/// Which tab a path belongs to: 首页 · 政策 · 代表 · 留言 · 我的. (活动 is reached from 首页.)
pub fn tab_of(path: &str) -> Option<usize> {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    match first {
        "" | "news" | "search" | "events" | "polls" | "topics" => Some(0),
        "policy" | "cases" => Some(1),
        "deputies" | "d" | "stations" => Some(2),
        "messages" | "board" => Some(3),
        "me" | "sign-in" | "responsiveness" | "notifications" | "work" => Some(4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::tab_of;

    #[test]
    fn tabs_follow_sections() {
        assert_eq!(tab_of("/"), Some(0));
        assert_eq!(tab_of("/search"), Some(0));
        assert_eq!(tab_of("/events"), Some(0), "活动 is reached from 首页");
        assert_eq!(tab_of("/events/e_1"), Some(0));
        assert_eq!(tab_of("/topics/t_1"), Some(0), "议事 is reached from 首页");
        assert_eq!(tab_of("/policy"), Some(1));
        assert_eq!(tab_of("/cases"), Some(1));
        assert_eq!(tab_of("/deputies"), Some(2));
        assert_eq!(tab_of("/deputies/d_1/card"), Some(2));
        assert_eq!(tab_of("/d/LW01"), Some(2));
        assert_eq!(tab_of("/stations/s_1"), Some(2));
        assert_eq!(tab_of("/messages"), Some(3));
        assert_eq!(tab_of("/messages/new"), Some(3));
        assert_eq!(tab_of("/board"), Some(3));
        assert_eq!(tab_of("/me"), Some(4));
        assert_eq!(tab_of("/sign-in"), Some(4));
        assert_eq!(tab_of("/responsiveness"), Some(4));
        assert_eq!(tab_of("/notifications"), Some(4));
        assert_eq!(tab_of("/notifications/settings"), Some(4));
        assert_eq!(tab_of("/work"), Some(4));
        assert_eq!(tab_of("/articles/a_1"), None);
        assert_eq!(tab_of("/deputiesx"), None);
        assert_eq!(tab_of("/nowhere"), None);
    }
}
