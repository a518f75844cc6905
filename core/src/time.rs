//! Timestamps: RFC 3339 with an explicit offset, always passed in (`now`
//! is an input; core never reads a clock).

use chrono::{DateTime, Datelike, FixedOffset};

use crate::error::{Error, ErrorCode};

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
    if !(0..=9999).contains(&at.naive_utc().year()) {
        return Err(Error::new(
            ErrorCode::InvalidTimestamp,
            path,
            format!("`{text}` falls outside the years 0000-9999 in UTC"),
        ));
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::parse_timestamp;

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
