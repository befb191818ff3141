//! 加入手机日历: an event as an iCalendar file (RFC 5545), made in the app and offered as a
//! download. The `ics` crate writes the lines (escaping of TEXT values is ours to ask for:
//! [`ics::escape_text`]; it folds long lines); the times are UTC (`…Z`), so no time-zone
//! definitions are needed and every calendar shows them in its own zone.

use contract::civil::{civil_from_days, parse_rfc3339, DAY};
use contract::Event;
use ics::properties::{Description, DtEnd, DtStart, Location, Summary, Trigger, URL};
use ics::{escape_text, Alarm, ICalendar};

use crate::components::places::coordinate;

/// An event without an end lasts this long in the calendar (as the reference server counts
/// it for "ongoing" and "past").
const DEFAULT_SECS: i64 = 2 * 3_600;
/// The reminder the calendar gives before the start.
const REMIND: &str = "-PT1H";

/// `20261203T010000Z`: Unix seconds as an iCalendar UTC date-time.
pub fn utc(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(DAY));
    let s = secs.rem_euclid(DAY);
    format!("{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z", s / 3_600, s % 3_600 / 60, s % 60)
}

/// Text for a TEXT value: control characters (but line breaks) dropped, then escaped.
fn text(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control() || *c == '\n').collect();
    escape_text(clean.trim().to_string()).into_owned()
}

/// The calendar file of `event`: its page at `page_url`, its UID unique under `host` (the
/// same for every download, so that a calendar updates the event instead of adding it
/// twice), made at `now` (Unix seconds). `None` when its start time is unreadable.
pub fn ics(event: &Event, page_url: &str, join_url: Option<&str>, host: &str, now: i64) -> Option<String> {
    let e = &event.summary;
    let start = parse_rfc3339(&e.starts_at)?;
    let end = e.ends_at.as_deref().and_then(parse_rfc3339).filter(|end| *end > start).unwrap_or(start + DEFAULT_SECS);
    let host = if host.trim().is_empty() { "zsrd" } else { host.trim() };
    let uid: String = format!("{}@{host}", e.id).chars().filter(|c| c.is_ascii_graphic()).collect();
    let mut ev = ics::Event::new(uid, utc(now));
    ev.push(DtStart::new(utc(start)));
    ev.push(DtEnd::new(utc(end)));
    ev.push(Summary::new(text(&e.title)));
    if !e.place.trim().is_empty() {
        ev.push(Location::new(text(&e.place)));
    }
    if let (Some(lat), Some(lng)) = (event.lat, event.lng) {
        let real = lat.is_finite() && lng.is_finite() && lat.abs() <= 90.0 && lng.abs() <= 180.0 && (lat, lng) != (0.0, 0.0);
        if real {
            ev.push(ics::properties::Geo::new(format!("{};{}", coordinate(lat), coordinate(lng))));
        }
    }
    let mut description: Vec<&str> = Vec::new();
    if !e.summary.trim().is_empty() {
        description.push(&e.summary);
    }
    if !e.organiser.trim().is_empty() {
        description.push(&e.organiser);
    }
    if let Some(join) = join_url {
        description.push(join);
    }
    description.push(page_url);
    ev.push(Description::new(text(&description.join("\n"))));
    ev.push(URL::new(page_url.to_string()));
    ev.add_alarm(Alarm::display(Trigger::new(REMIND), Description::new(text(&e.title))));
    let mut cal = ICalendar::new("2.0", "-//zsrd//zh-CN");
    cal.add_event(ev);
    Some(cal.to_string())
}

/// A file name for the download: the title without characters file systems refuse, at most
/// 40 characters, `.ics`.
pub fn file_name(title: &str) -> String {
    let name: String = title
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .take(40)
        .collect();
    let name = name.trim().trim_matches('.');
    format!("{}.ics", if name.is_empty() { "event" } else { name })
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::{EventStatus, EventSummary};

    fn event() -> Event {
        Event {
            summary: EventSummary {
                id: "e_000015".into(),
                title: "中心联络站夜间接待; 欢迎参加, 带上问题\\".into(),
                summary: "白天上班的群众，晚上也能见到代表。\n请带身份证".into(),
                starts_at: "2026-12-04T11:00:00Z".into(),
                ends_at: Some("2026-12-04T13:00:00Z".into()),
                place: "龙湾镇人大代表中心联络站（镇党群服务中心一楼）".into(),
                organiser: "龙湾镇人大代表中心联络站".into(),
                status: EventStatus::Upcoming,
                cover: None,
            },
            description: Vec::new(),
            online: None,
            phone: None,
            lat: Some(23.7352),
            lng: Some(112.9871),
        }
    }

    /// The logical lines: physical lines joined where a line starts with a space (RFC 5545 3.1).
    fn unfold(text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for line in text.split("\r\n") {
            match line.strip_prefix(' ') {
                Some(rest) => out.last_mut().expect("a first line").push_str(rest),
                None => out.push(line.to_string()),
            }
        }
        out
    }

    fn value<'a>(lines: &'a [String], name: &str) -> Option<&'a str> {
        lines.iter().find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':')))
    }

    #[test]
    fn utc_date_times() {
        assert_eq!(utc(0), "19700101T000000Z");
        assert_eq!(utc(parse_rfc3339("2026-12-04T11:05:09Z").unwrap()), "20261204T110509Z");
        assert_eq!(utc(parse_rfc3339("2028-02-29T23:59:59+08:00").unwrap()), "20280229T155959Z");
    }

    #[test]
    fn a_calendar_file_has_what_rfc_5545_asks_for() {
        let now = parse_rfc3339("2026-11-29T08:30:00Z").unwrap();
        let file = ics(&event(), "https://renda.example.cn/events/e_000015", None, "renda.example.cn", now).unwrap();
        assert!(file.ends_with("\r\n") && !file.replace("\r\n", "").contains('\n'), "CRLF line ends only");
        let lines = unfold(&file);
        assert_eq!(lines[..4], ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//zsrd//zh-CN", "BEGIN:VEVENT"]);
        assert_eq!(value(&lines, "UID"), Some("e_000015@renda.example.cn"));
        assert_eq!(value(&lines, "DTSTAMP"), Some("20261129T083000Z"));
        assert_eq!(value(&lines, "DTSTART"), Some("20261204T110000Z"));
        assert_eq!(value(&lines, "DTEND"), Some("20261204T130000Z"));
        assert_eq!(value(&lines, "SUMMARY"), Some("中心联络站夜间接待\\; 欢迎参加\\, 带上问题\\\\"), "escaped");
        assert_eq!(value(&lines, "LOCATION"), Some("龙湾镇人大代表中心联络站（镇党群服务中心一楼）"));
        assert_eq!(value(&lines, "GEO"), Some("23.7352;112.9871"));
        assert_eq!(value(&lines, "URL"), Some("https://renda.example.cn/events/e_000015"));
        let description = value(&lines, "DESCRIPTION").unwrap();
        assert!(description.starts_with("白天上班的群众，晚上也能见到代表。\\n请带身份证\\n龙湾镇人大代表中心联络站\\n"), "{description}");
        assert!(description.ends_with("https://renda.example.cn/events/e_000015"));
        assert!(lines.iter().any(|l| l == "BEGIN:VALARM") && value(&lines, "TRIGGER") == Some("-PT1H"));
        assert_eq!(lines[lines.len() - 3..], ["END:VEVENT", "END:VCALENDAR", ""]);
        // Long lines are folded, never inside a character, and unfold to the same text.
        assert!(file.contains("\r\n "), "the description is folded");
        for physical in file.split("\r\n") {
            assert!(physical.len() <= 76, "{} octets: {physical}", physical.len());
        }
    }

    #[test]
    fn without_an_end_it_lasts_two_hours_and_a_join_link_is_in_the_description() {
        let mut e = event();
        e.summary.ends_at = None;
        e.summary.place = String::new();
        e.lat = None;
        let file = ics(&e, "/events/e_000015", Some("https://live.example.org/x"), "", 0).unwrap();
        let lines = unfold(&file);
        assert_eq!(value(&lines, "DTEND"), Some("20261204T130000Z"));
        assert_eq!(value(&lines, "LOCATION"), None);
        assert_eq!(value(&lines, "GEO"), None);
        assert_eq!(value(&lines, "UID"), Some("e_000015@zsrd"));
        assert!(value(&lines, "DESCRIPTION").unwrap().contains("https://live.example.org/x\\n/events/e_000015"));
        // an end before the start is not believed
        e.summary.ends_at = Some("2026-12-04T10:00:00Z".into());
        assert_eq!(value(&unfold(&ics(&e, "/e", None, "", 0).unwrap()), "DTEND"), Some("20261204T130000Z"));
        e.summary.starts_at = "明天上午".into();
        assert_eq!(ics(&e, "/e", None, "", 0), None, "no file without a readable start");
    }

    #[test]
    fn control_characters_cannot_break_the_file() {
        let mut e = event();
        e.summary.title = "夜间接待\r\nBEGIN:VEVENT\u{0}\u{7}".into();
        let file = ics(&e, "/e", None, "evil\r\nhost", 0).unwrap();
        let lines = unfold(&file);
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 1, "{file}");
        assert_eq!(value(&lines, "SUMMARY"), Some("夜间接待\\nBEGIN:VEVENT"));
        assert_eq!(value(&lines, "UID"), Some("e_000015@evilhost"));
    }

    #[test]
    fn file_names() {
        assert_eq!(file_name("中心联络站夜间接待"), "中心联络站夜间接待.ics");
        assert_eq!(file_name("a/b:c*?\"<>|d"), "abcd.ics");
        assert_eq!(file_name("..."), "event.ics");
        assert_eq!(file_name(&"长".repeat(60)).chars().count(), 44);
    }
}
