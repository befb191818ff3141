//! Civil-date maths of the plan form: `YYYY-MM-DD` dates, day numbers, RFC 3339 UTC times.
//! Plain functions with native tests; to be replaced by the contract crate's shared
//! implementation.

/// Reads `YYYY-MM-DD` (what `<input type=date>` gives) as (year, month, day); `None` when it is
/// not a real date.
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok()).flatten()
    };
    let (y, m, d) = (num(0..4)? as i32, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (y >= 1970 && (1..=days).contains(&d)).then_some((y, m, d))
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn two(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// `YYYY-MM-DD`.
pub fn date_string(y: i64, m: u32, d: u32) -> String {
    let mut s = String::with_capacity(10);
    let y = y.clamp(0, 9999) as u32;
    two(&mut s, y / 100);
    two(&mut s, y % 100);
    s.push('-');
    two(&mut s, m);
    s.push('-');
    two(&mut s, d);
    s
}

/// RFC 3339 UTC time (`2026-11-30T15:59:59Z`) of seconds since the Unix epoch.
pub fn rfc3339_utc(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rest = secs.rem_euclid(86_400) as u32;
    let mut s = date_string(y, m, d);
    s.push('T');
    two(&mut s, rest / 3600);
    s.push(':');
    two(&mut s, rest / 60 % 60);
    s.push(':');
    two(&mut s, rest % 60);
    s.push('Z');
    s
}

/// The end (23:59:59) of local day `date` (`YYYY-MM-DD`) as RFC 3339 UTC, where
/// `utc_minus_local` is the minutes UTC is ahead of local time on that day (JavaScript's
/// `getTimezoneOffset`: -480 in UTC+8).
pub fn end_of_day_rfc3339(date: &str, utc_minus_local: i32) -> Option<String> {
    let (y, m, d) = parse_date(date)?;
    let local = days_from_civil(y, m, d) * 86_400 + 86_399;
    Some(rfc3339_utc(local + i64::from(utc_minus_local) * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_of_day_is_utc_of_local_23_59_59() {
        // UTC+8 (getTimezoneOffset = -480): the township's rule.
        assert_eq!(end_of_day_rfc3339("2026-11-30", -480).as_deref(), Some("2026-11-30T15:59:59Z"));
        assert_eq!(end_of_day_rfc3339("2026-12-31", 0).as_deref(), Some("2026-12-31T23:59:59Z"));
        // West of UTC the end of the day is on the next UTC day.
        assert_eq!(end_of_day_rfc3339("2026-12-31", 300).as_deref(), Some("2027-01-01T04:59:59Z"));
        assert_eq!(end_of_day_rfc3339("2028-02-29", -330).as_deref(), Some("2028-02-29T18:29:59Z"));
        assert_eq!(end_of_day_rfc3339("2026-02-29", -480), None, "not a date");
        assert_eq!(end_of_day_rfc3339("", -480), None);
    }

    #[test]
    fn rfc3339_and_dates() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(1_796_054_399), "2026-11-30T15:59:59Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
        for days in [0, 59, 60, 365, 10_957, 20_000, 50_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y as i32, m, d), days);
        }
        assert_eq!(date_string(2026, 1, 5), "2026-01-05");
        assert_eq!(parse_date("2026-11-30"), Some((2026, 11, 30)));
        for bad in ["2026-13-01", "2026-04-31", "2026-1-01", "2026/11/30", "abcd-ef-gh", "2026-11-3x", "1900-01-01"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
    }
}
