//! Dates and numbers for people, through the browser's `Intl` (no date crates in the wasm).
//! Times arrive as RFC 3339 UTC and are shown in the device's time zone.

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::i18n::{Key, Lang};

// The buckets of a relative time ("3 天前"), shared with the reference server's drawing of
// 首页 (contract::display).
pub use contract::display::relative_parts;

fn parse(rfc3339: &str) -> Option<Date> {
    let d = Date::new(&JsValue::from_str(rfc3339));
    (!d.get_time().is_nan()).then_some(d)
}

fn locales(lang: Lang) -> Array {
    Array::of1(&JsValue::from_str(lang.tag()))
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

fn format_with(date: &Date, lang: Lang, opts: &[(&str, &str)]) -> String {
    let f = Intl::DateTimeFormat::new(&locales(lang), &options(opts));
    f.format()
        .call1(&JsValue::NULL, date)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// "2026年11月29日 16:30" / "Nov 29, 2026, 4:30 PM". Unreadable input is shown as sent.
pub fn date_time(rfc3339: &str, lang: Lang) -> String {
    match parse(rfc3339) {
        Some(d) => format_with(&d, lang, &[("dateStyle", "medium"), ("timeStyle", "short")]),
        None => rfc3339.to_string(),
    }
}

/// "2026年11月29日". Unreadable input is shown as sent.
pub fn date(rfc3339: &str, lang: Lang) -> String {
    match parse(rfc3339) {
        Some(d) => format_with(&d, lang, &[("dateStyle", "medium")]),
        None => rfc3339.to_string(),
    }
}

/// "16:30".
pub fn time(rfc3339: &str, lang: Lang) -> String {
    match parse(rfc3339) {
        Some(d) => format_with(&d, lang, &[("timeStyle", "short")]),
        None => String::new(),
    }
}

/// Any `Intl.DateTimeFormat` options; empty for unreadable input.
pub fn with_options(rfc3339: &str, lang: Lang, opts: &[(&str, &str)]) -> String {
    parse(rfc3339).map(|d| format_with(&d, lang, opts)).unwrap_or_default()
}

/// Whether two times fall on the same local day.
pub fn same_day(a: &str, b: &str) -> bool {
    match (parse(a), parse(b)) {
        (Some(a), Some(b)) => a.to_date_string() == b.to_date_string(),
        _ => false,
    }
}

/// "3 小时前", "昨天", or a date for older times.
pub fn relative(rfc3339: &str, lang: Lang) -> String {
    let Some(d) = parse(rfc3339) else {
        return rfc3339.to_string();
    };
    let diff = (d.get_time() - Date::now()) / 1000.0;
    match relative_parts(diff) {
        None => lang.text(Key::TimeJustNow).to_string(),
        Some((_, "date")) => format_with(&d, lang, &[("dateStyle", "medium")]),
        Some((value, unit)) => {
            let f = Intl::RelativeTimeFormat::new(&locales(lang), &options(&[("numeric", "auto")]));
            String::from(f.format(value, unit))
        }
    }
}

/// "1.2万" / "12K" style compact counts.
pub fn count(n: u64, lang: Lang) -> String {
    let f = Intl::NumberFormat::new(&locales(lang), &options(&[("notation", "compact")]));
    f.format()
        .call1(&JsValue::NULL, &JsValue::from_f64(n as f64))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| n.to_string())
}

/// Time left until a deadline, for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeLeft {
    Overdue,
    /// Days and hours (at least one day).
    Days(u32, u32),
    /// Hours (at least one).
    Hours(u32),
    /// Less than an hour.
    Minutes(u32),
}

/// From now and the deadline (ms since the epoch).
pub fn time_left(now_ms: f64, deadline_ms: f64) -> TimeLeft {
    if deadline_ms.is_nan() || deadline_ms <= now_ms {
        return TimeLeft::Overdue;
    }
    let minutes = ((deadline_ms - now_ms) / 60_000.0).floor() as u64;
    let (days, hours) = (minutes / 1440, (minutes % 1440) / 60);
    if days > 0 {
        TimeLeft::Days(days.min(100_000) as u32, hours as u32)
    } else if hours > 0 {
        TimeLeft::Hours(hours as u32)
    } else {
        TimeLeft::Minutes(minutes.max(1) as u32)
    }
}

/// How an event's time is announced on its badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventWhen {
    /// 即将开始: it starts within [`SOON_SECS`].
    Soon,
    /// Later than that: the badge shows the date instead.
    Later,
    Ongoing,
    Past,
    /// A status this app does not know and no readable time.
    Unknown,
}

/// "即将开始" is said this long before the start, no earlier.
pub const SOON_SECS: f64 = 24.0 * 3_600.0;

/// The badge of an event: its status from the backend, and for an upcoming one how far its
/// start (`starts_ms`, ms since the epoch, NaN when unreadable) is from `now_ms`. A status
/// this app does not know is judged by the times (an event without an end counts two hours,
/// as the reference server counts it).
pub fn event_when(status: contract::EventStatus, now_ms: f64, starts_ms: f64, ends_ms: Option<f64>) -> EventWhen {
    use contract::EventStatus as S;
    let soon_or_later = || if starts_ms - now_ms <= SOON_SECS * 1000.0 { EventWhen::Soon } else { EventWhen::Later };
    match status {
        S::Upcoming if starts_ms.is_nan() => EventWhen::Later,
        S::Upcoming => soon_or_later(),
        S::Ongoing => EventWhen::Ongoing,
        S::Past => EventWhen::Past,
        S::Unknown if starts_ms.is_nan() => EventWhen::Unknown,
        S::Unknown if now_ms < starts_ms => soon_or_later(),
        S::Unknown => {
            let end = ends_ms.filter(|e| !e.is_nan()).unwrap_or(starts_ms + 2.0 * 3_600_000.0);
            if now_ms < end { EventWhen::Ongoing } else { EventWhen::Past }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{event_when, time_left, EventWhen, TimeLeft};
    use contract::EventStatus;

    /// An RFC 3339 time as ms since the epoch (NaN when unreadable), as `Date.parse` gives it
    /// in the browser.
    fn parse_ms(rfc3339: &str) -> f64 {
        contract::civil::parse_rfc3339(rfc3339).map_or(f64::NAN, |s| s as f64 * 1000.0)
    }

    #[test]
    fn soon_only_within_a_day_of_the_start() {
        let now = parse_ms("2026-12-04T00:00:00Z");
        let h = 3_600_000.0;
        let when = |s: EventStatus, start: f64| event_when(s, now, start, None);
        assert_eq!(when(EventStatus::Upcoming, now + 2.0 * h), EventWhen::Soon);
        assert_eq!(when(EventStatus::Upcoming, now + 24.0 * h), EventWhen::Soon);
        assert_eq!(when(EventStatus::Upcoming, now + 24.0 * h + 1.0), EventWhen::Later);
        assert_eq!(when(EventStatus::Upcoming, now + 60.0 * 24.0 * h), EventWhen::Later, "two months away is a date");
        // the device's clock a little ahead of the server's: still soon, not a date
        assert_eq!(when(EventStatus::Upcoming, now - h), EventWhen::Soon);
        assert_eq!(when(EventStatus::Upcoming, f64::NAN), EventWhen::Later);
        assert_eq!(when(EventStatus::Ongoing, now + 48.0 * h), EventWhen::Ongoing, "the backend's status stands");
        assert_eq!(when(EventStatus::Past, now + 48.0 * h), EventWhen::Past);
    }

    #[test]
    fn an_unknown_status_is_judged_by_the_times() {
        let now = parse_ms("2026-12-04T00:00:00Z");
        let h = 3_600_000.0;
        assert_eq!(event_when(EventStatus::Unknown, now, now + h, None), EventWhen::Soon);
        assert_eq!(event_when(EventStatus::Unknown, now, now + 30.0 * h, None), EventWhen::Later);
        assert_eq!(event_when(EventStatus::Unknown, now, now - h, None), EventWhen::Ongoing, "two hours without an end");
        assert_eq!(event_when(EventStatus::Unknown, now, now - 3.0 * h, None), EventWhen::Past);
        assert_eq!(event_when(EventStatus::Unknown, now, now - 3.0 * h, Some(now + h)), EventWhen::Ongoing);
        assert_eq!(event_when(EventStatus::Unknown, now, f64::NAN, None), EventWhen::Unknown);
        assert!(parse_ms("明天").is_nan());
        assert_eq!(parse_ms("1970-01-01T00:00:01Z"), 1000.0);
    }


    #[test]
    fn time_left_in_days_hours_minutes() {
        let h = 3_600_000.0;
        assert_eq!(time_left(0.0, 0.0), TimeLeft::Overdue);
        assert_eq!(time_left(10.0, 5.0), TimeLeft::Overdue);
        assert_eq!(time_left(0.0, f64::NAN), TimeLeft::Overdue);
        assert_eq!(time_left(0.0, 30.0 * 60_000.0), TimeLeft::Minutes(30));
        assert_eq!(time_left(0.0, 10_000.0), TimeLeft::Minutes(1));
        assert_eq!(time_left(0.0, 5.5 * h), TimeLeft::Hours(5));
        assert_eq!(time_left(0.0, 49.0 * h), TimeLeft::Days(2, 1));
        assert_eq!(time_left(0.0, 24.0 * h), TimeLeft::Days(1, 0));
    }
}
