//! Civil dates and RFC 3339 times in pure integer maths: the proleptic Gregorian calendar,
//! Unix seconds and fixed offsets from UTC. One implementation for the server (timestamps,
//! deadlines at the end of the township's local day) and the app (date inputs, the deadline
//! of a plan step).
//!
//! No clock and no time-zone database: callers pass "now" and the offset. Day numbers are
//! days since 1970-01-01 (negative before); conversions use H. Hinnant's algorithms, exact
//! over the whole `i64` day range that fits in seconds. Texts are written without `format!`
//! (this module is compiled into the web app, where formatting machinery costs bytes).

/// Seconds in a day.
pub const DAY: i64 = 86_400;
/// Seconds in an hour.
pub const HOUR: i64 = 3_600;

/// Whether `year` has a 29 February.
pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days of a month (`0` for a month outside 1..=12).
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a date. The day is not checked against the month: 31 April
/// is 1 May (callers that read dates from people check them first, as [`parse_date`] does).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `(year, month, day)` of a day number (days since 1970-01-01).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Reads `YYYY-MM-DD` (what `<input type=date>` gives) as `(year, month, day)`; `None` when
/// it is not a real date of 1970 or later (deadlines and times of this API are never older).
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: core::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let ok = y >= 1970 && (1..=days_in_month(i64::from(y), m)).contains(&d);
    ok.then_some((y as i32, m, d))
}

/// Two decimal digits.
fn push2(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// `YYYY-MM-DD`; the year is clamped to 0000..=9999 (the four digits RFC 3339 has).
pub fn date_string(year: i64, month: u32, day: u32) -> String {
    let mut s = String::with_capacity(10);
    let y = year.clamp(0, 9999) as u32;
    push2(&mut s, y / 100);
    push2(&mut s, y % 100);
    s.push('-');
    push2(&mut s, month);
    s.push('-');
    push2(&mut s, day);
    s
}

/// Unix seconds as an RFC 3339 time in UTC, e.g. `2026-11-29T08:30:00Z`.
pub fn rfc3339_utc(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(DAY));
    let rest = secs.rem_euclid(DAY) as u32;
    let mut s = date_string(y, m, d);
    s.reserve(10);
    s.push('T');
    push2(&mut s, rest / 3600);
    s.push(':');
    push2(&mut s, rest / 60 % 60);
    s.push(':');
    push2(&mut s, rest % 60);
    s.push('Z');
    s
}

/// Reads an RFC 3339 time as Unix seconds: `YYYY-MM-DDTHH:MM:SSZ`, or with an offset
/// `±HH:MM`; `t` or a space may stand for `T`, `z` for `Z`; fractions of a second are
/// ignored. The day is checked against 1..=31 only (see [`days_from_civil`]).
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |r: core::ops::Range<usize>| -> Option<i64> { s.get(r)?.parse::<i64>().ok() };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        rest = &frac[n..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let oh: i64 = rest.get(1..3)?.parse().ok()?;
            let om: i64 = rest.get(4..6)?.parse().ok()?;
            sign * (oh * HOUR + om * 60)
        }
        _ => return None,
    };
    Some(days_from_civil(y, mo as u32, d as u32) * DAY + h * HOUR + mi * 60 + se - offset)
}

/// The local day number (days since 1970-01-01 on the local calendar) of the Unix time
/// `at`, where local time is `offset_secs` ahead of UTC (UTC+8: `28_800`).
pub fn local_day(at: i64, offset_secs: i64) -> i64 {
    (at + offset_secs).div_euclid(DAY)
}

/// The last second (23:59:59 local time) of a local day, as Unix seconds.
pub fn end_of_local_day(day: i64, offset_secs: i64) -> i64 {
    (day + 1) * DAY - 1 - offset_secs
}

/// The end (23:59:59) of the local day `date` (`YYYY-MM-DD`) as RFC 3339 UTC, where
/// `utc_minus_local` is how many minutes UTC is ahead of local time on that day (what
/// JavaScript's `Date.getTimezoneOffset` gives: `-480` in UTC+8). `None` when `date` is not
/// a date ([`parse_date`]).
pub fn end_of_day_rfc3339(date: &str, utc_minus_local: i32) -> Option<String> {
    let (y, m, d) = parse_date(date)?;
    let day = days_from_civil(i64::from(y), m, d);
    Some(rfc3339_utc(end_of_local_day(day, -i64::from(utc_minus_local) * 60)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_over_a_wide_range() {
        // every day from 1600 to 2500 (leap rules of 100 and 400 years included), and a
        // sparse walk far beyond
        let from = days_from_civil(1600, 1, 1);
        let to = days_from_civil(2500, 12, 31);
        let mut expected = civil_from_days(from - 1);
        for z in from..=to {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z, "{y}-{m}-{d}");
            // each day follows the previous one on the calendar
            let (py, pm, pd) = expected;
            let next = if pd < days_in_month(py, pm) {
                (py, pm, pd + 1)
            } else if pm < 12 {
                (py, pm + 1, 1)
            } else {
                (py + 1, 1, 1)
            };
            assert_eq!((y, m, d), next, "day {z}");
            expected = (y, m, d);
        }
        for z in (-100_000_000..100_000_000).step_by(99_991) {
            let (y, m, d) = civil_from_days(z);
            assert!((1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d));
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28), 2);
    }

    #[test]
    fn leap_years_and_month_ends() {
        for (y, leap) in
            [(1900, false), (2000, true), (2024, true), (2026, false), (2100, false), (2400, true)]
        {
            assert_eq!(is_leap_year(y), leap, "{y}");
            assert_eq!(days_in_month(y, 2), if leap { 29 } else { 28 }, "{y}");
        }
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        for (i, n) in lengths.iter().enumerate() {
            assert_eq!(days_in_month(2027, i as u32 + 1), *n);
        }
        assert_eq!(days_in_month(2027, 0), 0);
        assert_eq!(days_in_month(2027, 13), 0);
        // the day after each month's end is the first of the next month
        for m in 1..=12 {
            let end = days_from_civil(2028, m, days_in_month(2028, m));
            let next = if m == 12 { (2029, 1, 1) } else { (2028, m + 1, 1) };
            assert_eq!(civil_from_days(end + 1), next, "after month {m}");
        }
    }

    #[test]
    fn dates_are_parsed_and_written() {
        assert_eq!(parse_date("2026-11-30"), Some((2026, 11, 30)));
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse_date("1970-01-01"), Some((1970, 1, 1)));
        for bad in [
            "2026-13-01",
            "2026-04-31",
            "2026-02-29",
            "2026-1-01",
            "2026/11/30",
            "abcd-ef-gh",
            "2026-11-3x",
            "1900-01-01",
            "1969-12-31",
            "2026-00-10",
            "2026-11-00",
            "+026-11-30",
            "2026-11-30T00:00:00Z",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(date_string(2026, 1, 5), "2026-01-05");
        assert_eq!(date_string(33, 12, 31), "0033-12-31");
        assert_eq!(date_string(12_345, 1, 1), "9999-01-01");
        for s in ["2026-11-30", "2000-02-29", "1970-01-01", "2099-12-31"] {
            let (y, m, d) = parse_date(s).expect("a date");
            assert_eq!(date_string(i64::from(y), m, d), s);
        }
    }

    #[test]
    fn rfc3339_is_written_and_read() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(-1), "1969-12-31T23:59:59Z");
        assert_eq!(rfc3339_utc(1_795_941_000), "2026-11-29T08:30:00Z");
        assert_eq!(rfc3339_utc(1_796_054_399), "2026-11-30T15:59:59Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(parse_rfc3339("2026-11-29T08:30:00Z"), Some(1_795_941_000));
        assert_eq!(parse_rfc3339("2026-11-29T16:30:00+08:00"), Some(1_795_941_000));
        assert_eq!(parse_rfc3339("2026-11-29t03:30:00.250-05:00"), Some(1_795_941_000));
        assert_eq!(parse_rfc3339("2026-11-29 08:30:00z"), Some(1_795_941_000));
        for bad in [
            "nope",
            "2026-11-29",
            "2026-11-29T08:30:00",
            "2026-13-29T08:30:00Z",
            "2026-11-32T08:30:00Z",
            "2026-11-29T24:00:00Z",
            "2026-11-29T08:60:00Z",
            "2026-11-29T08:30:00+0800",
            "2026-11-29T08:30:00*08:00",
            "2026-11-29X08:30:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        // every hour of four years, and times far apart
        for secs in
            (days_from_civil(2026, 1, 1) * DAY..days_from_civil(2030, 1, 1) * DAY).step_by(3_599)
        {
            assert_eq!(parse_rfc3339(&rfc3339_utc(secs)), Some(secs));
        }
        for secs in [0_i64, 951_782_400, 1_709_164_800, 4_102_444_799, -86_400 * 365] {
            assert_eq!(parse_rfc3339(&rfc3339_utc(secs)), Some(secs));
        }
    }

    #[test]
    fn local_days_end_at_local_midnight_in_every_zone() {
        let bj = 8 * HOUR;
        // 2026-11-29 00:30 +08 is still 2026-11-28 in UTC
        let at = parse_rfc3339("2026-11-29T00:30:00+08:00").expect("time");
        assert_eq!(local_day(at, bj), days_from_civil(2026, 11, 29));
        assert_eq!(local_day(at, 0), days_from_civil(2026, 11, 28));
        assert_eq!(
            rfc3339_utc(end_of_local_day(days_from_civil(2026, 11, 29), bj)),
            "2026-11-29T15:59:59Z"
        );
        assert_eq!(local_day(-1, 0), -1);
        assert_eq!(end_of_local_day(-1, 0), -1);
        // the last second of a local day is on it, the next second is on the next day
        for offset in [-12 * HOUR, -5 * HOUR, 0, 5 * HOUR + 30 * 60, bj, 14 * HOUR] {
            for day in [days_from_civil(2026, 12, 31), days_from_civil(2028, 2, 29), -3] {
                let end = end_of_local_day(day, offset);
                assert_eq!(local_day(end, offset), day, "{offset} {day}");
                assert_eq!(local_day(end + 1, offset), day + 1, "{offset} {day}");
            }
        }
    }

    #[test]
    fn end_of_a_date_in_the_browsers_zone() {
        // UTC+8 (getTimezoneOffset = -480): the township's rule
        assert_eq!(end_of_day_rfc3339("2026-11-30", -480).as_deref(), Some("2026-11-30T15:59:59Z"));
        assert_eq!(end_of_day_rfc3339("2026-12-31", 0).as_deref(), Some("2026-12-31T23:59:59Z"));
        // west of UTC the end of the day is on the next UTC day
        assert_eq!(end_of_day_rfc3339("2026-12-31", 300).as_deref(), Some("2027-01-01T04:59:59Z"));
        assert_eq!(end_of_day_rfc3339("2028-02-29", -330).as_deref(), Some("2028-02-29T18:29:59Z"));
        assert_eq!(end_of_day_rfc3339("2026-02-29", -480), None, "not a date");
        assert_eq!(end_of_day_rfc3339("", -480), None);
    }
}
