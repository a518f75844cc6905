//! A calendar's text parts as the config writes them: wall-clock `HH:MM`
//! and the rules an interval list keeps (start before end, sorted, not
//! overlapping; touching is allowed).

/// One open interval of a local day: seconds from local midnight, start
/// before end, end at most 86,400 (`24:00`).
pub type LocalInterval = (u32, u32);

/// The weekday keys of `hours`, Monday first.
pub const WEEKDAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Seconds from midnight of `HH:MM` (two digits each, `00:00`–`23:59`,
/// and `24:00` for an end).
pub fn parse_clock(text: &str) -> Result<u32, String> {
    let bytes = text.as_bytes();
    let digits = |at: usize| {
        bytes
            .get(at)
            .filter(|b| b.is_ascii_digit())
            .map(|b| u32::from(b - b'0'))
    };
    let parsed = match (
        bytes.len(),
        digits(0),
        digits(1),
        bytes.get(2),
        digits(3),
        digits(4),
    ) {
        (5, Some(h1), Some(h2), Some(b':'), Some(m1), Some(m2)) => Some((h1 * 10 + h2, m1 * 10 + m2)),
        _ => None,
    };
    match parsed {
        Some((hours, minutes)) if (hours < 24 && minutes < 60) || (hours == 24 && minutes == 0) => {
            Ok(hours * 3_600 + minutes * 60)
        }
        _ => Err(format!(
            "`{text}` is not a wall-clock time written HH:MM (00:00 to 24:00)"
        )),
    }
}

/// What is wrong with `interval` after `previous` (of the same list), if
/// anything.
pub fn interval_problem(previous: Option<LocalInterval>, interval: LocalInterval) -> Option<&'static str> {
    let (start, end) = interval;
    if end <= start {
        return Some("an interval must end after it starts");
    }
    match previous {
        Some((before, _)) if start < before => Some("intervals must be sorted by start"),
        Some((_, before_end)) if start < before_end => Some("intervals must not overlap"),
        _ => None,
    }
}

/// What is wrong with a whole list, if anything (an end past `24:00`
/// too: a list built in Rust has no `HH:MM` text to refuse it).
pub fn list_problem(list: &[LocalInterval]) -> Option<&'static str> {
    let mut previous = None;
    for &interval in list {
        if interval.1 > 86_400 {
            return Some("an interval must end by 24:00 (86,400 seconds)");
        }
        if let Some(why) = interval_problem(previous, interval) {
            return Some(why);
        }
        previous = Some(interval);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{interval_problem, parse_clock};

    #[test]
    fn clocks_are_two_digit_hours_and_minutes() {
        assert_eq!(parse_clock("09:30"), Ok(34_200));
        assert_eq!(parse_clock("00:00"), Ok(0));
        assert_eq!(parse_clock("24:00"), Ok(86_400));
        for bad in [
            "9:30", "24:01", "25:00", "12:60", "12-30", "12:3", "１2:30", "", "12:30:00",
        ] {
            assert!(parse_clock(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lists_are_sorted_and_may_touch() {
        assert_eq!(interval_problem(None, (10, 20)), None);
        assert!(interval_problem(None, (20, 20)).is_some());
        assert_eq!(interval_problem(Some((0, 10)), (10, 20)), None);
        assert!(interval_problem(Some((0, 11)), (10, 20)).is_some());
        assert!(interval_problem(Some((30, 40)), (10, 20)).is_some());
    }
}
