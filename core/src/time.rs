//! Timestamps: RFC 3339 with an explicit offset, always passed in (`now`
//! is an input; core never reads a clock).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone};

use crate::error::{Error, ErrorCode};

/// The first and last Unix seconds RFC 3339 can write (years 0000–9999).
pub const TIME_RANGE: (i64, i64) = (-62_167_219_200, 253_402_300_799);

/// An instant with the offset it was written in.
pub type Timestamp = DateTime<FixedOffset>;

/// Parses an RFC 3339 timestamp (`2026-11-23T09:30:00Z`,
/// `2026-11-23T10:30:00.250+01:00`); one without an offset, one whose
/// instant falls outside the years 0000–9999 in UTC (answers could not
/// write it back), or anything else, is `invalid_timestamp` at `path`.
pub fn parse_timestamp(text: &str, path: &str) -> Result<Timestamp, Error> {
    let at = DateTime::parse_from_rfc3339(text).map_err(|e| {
        Error::new(
            ErrorCode::InvalidTimestamp,
            path,
            format!("`{text}` is not an RFC 3339 timestamp with an offset: {e}"),
        )
    })?;
    if !in_calendar(at) {
        return Err(Error::new(
            ErrorCode::InvalidTimestamp,
            path,
            format!("`{text}` falls outside the years 0000-9999 in UTC"),
        ));
    }
    Ok(at)
}

/// The text an answer writes for an instant: RFC 3339 in UTC
/// (`2026-11-23T09:30:00Z`), with fractional seconds only when it has them.
pub fn utc_text(at: Timestamp) -> String {
    at.with_timezone(&chrono::Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// The timestamp of a wall-clock date and time at an offset east of UTC,
/// exactly as [`parse_timestamp`] reads their RFC 3339 text
/// (`{date}T{time}{offset}`): `None` where it would refuse that text (an
/// offset that is not whole minutes or reaches a day, an instant outside
/// the years 0000–9999 in UTC). For bindings that read a host's own
/// date-time value without writing it out as text first.
pub fn timestamp_from_parts(date: NaiveDate, time: NaiveTime, offset_seconds: i32) -> Option<Timestamp> {
    if offset_seconds % 60 != 0 {
        return None;
    }
    let offset = FixedOffset::east_opt(offset_seconds)?;
    let at = offset.from_local_datetime(&date.and_time(time)).single()?;
    in_calendar(at).then_some(at)
}

/// An instant given as Unix seconds by a binding (C's business-hours
/// calls): a value outside the years 0000–9999 in UTC, which no answer
/// could write, is `invalid_timestamp` at `path`, as the protocol refuses
/// its text.
pub fn require_unix_instant(seconds: i64, path: &str) -> Result<i64, Error> {
    if (TIME_RANGE.0..=TIME_RANGE.1).contains(&seconds) {
        return Ok(seconds);
    }
    Err(Error::new(
        ErrorCode::InvalidTimestamp,
        path,
        format!("{seconds} is outside the years 0000-9999"),
    ))
}

/// Whether an instant falls within the years 0000–9999 in UTC.
fn in_calendar(at: Timestamp) -> bool {
    (0..=9999).contains(&at.naive_utc().year())
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime};

    use super::{parse_timestamp, require_unix_instant, timestamp_from_parts, TIME_RANGE};
    use crate::error::ErrorCode;

    #[test]
    fn unix_instants_are_checked_at_their_paths() {
        assert_eq!(
            require_unix_instant(TIME_RANGE.0, "start").ok(),
            Some(TIME_RANGE.0)
        );
        assert_eq!(
            require_unix_instant(TIME_RANGE.1, "start").ok(),
            Some(TIME_RANGE.1)
        );
        for bad in [TIME_RANGE.0 - 1, TIME_RANGE.1 + 1, i64::MIN, i64::MAX] {
            let error = require_unix_instant(bad, "paused[2].from")
                .err()
                .map(|e| (e.code, e.path));
            assert_eq!(
                error,
                Some((ErrorCode::InvalidTimestamp, "paused[2].from".to_owned()))
            );
        }
    }

    #[test]
    fn parts_read_as_their_text_does() {
        let cases = [
            ((2026, 11, 23), (9, 30, 0, 0), 20_700, "2026-11-23T09:30:00+05:45"),
            (
                (2026, 11, 23),
                (9, 30, 0, 123_456),
                -34_200,
                "2026-11-23T09:30:00.123456-09:30",
            ),
            ((1, 1, 1), (0, 0, 0, 0), 0, "0001-01-01T00:00:00+00:00"),
            ((1, 1, 1), (0, 0, 0, 0), 3_600, "0001-01-01T00:00:00+01:00"),
            (
                (9999, 12, 31),
                (23, 59, 59, 999_999),
                -86_340,
                "9999-12-31T23:59:59.999999-23:59",
            ),
            (
                (9999, 12, 31),
                (23, 59, 59, 0),
                86_340,
                "9999-12-31T23:59:59+23:59",
            ),
            (
                (2026, 11, 23),
                (9, 30, 0, 0),
                20_730,
                "2026-11-23T09:30:00+05:45:30",
            ),
        ];
        for ((y, mo, d), (h, mi, s, us), offset, text) in cases {
            let date = NaiveDate::from_ymd_opt(y, mo, d).unwrap_or_default();
            let time = NaiveTime::from_hms_micro_opt(h, mi, s, us).unwrap_or_default();
            let parts = timestamp_from_parts(date, time, offset);
            let parsed = parse_timestamp(text, "t").ok();
            assert_eq!(parts, parsed, "{text}");
            assert_eq!(
                parts.map(|p| p.offset().local_minus_utc()),
                parsed.map(|p| p.offset().local_minus_utc())
            );
        }
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        assert_eq!(timestamp_from_parts(date, NaiveTime::MIN, 86_400), None);
    }

    #[test]
    fn offsets_are_required_and_instants_compare_across_offsets() {
        assert!(parse_timestamp("2026-11-23T09:30:00", "now").is_err());
        assert!(parse_timestamp("2026-11-23", "now").is_err());
        let utc = parse_timestamp("2026-11-23T09:30:00Z", "now").ok();
        let paris = parse_timestamp("2026-11-23T10:30:00.000+01:00", "now").ok();
        assert!(utc.is_some());
        assert_eq!(utc, paris);
        assert!(parse_timestamp("9999-12-31T23:00:00-05:00", "now").is_err());
        assert!(parse_timestamp("0000-01-01T00:00:00+01:00", "now").is_err());
        assert!(parse_timestamp("0000-01-01T00:00:00-01:00", "now").is_ok());
    }
}
