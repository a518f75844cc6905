//! ISO-8601 durations as expiry periods use them
//! (docs/config.md#expiry-templates): weeks and days (`P2W`, `P7D`), then
//! hours, minutes and seconds (`PT36H`, `P1DT12H`). Years and months are
//! refused: their length depends on the calendar, and a deadline must not.

use std::fmt;

/// A period of days plus elapsed seconds. Days stay separate from seconds
/// because, in a template with a time zone, a day is a calendar day (23 or
/// 25 hours across a DST change) while `PT24H` is always 24 real hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    /// Weeks × 7 plus days.
    pub days: i64,
    /// Hours × 3600 plus minutes × 60 plus seconds.
    pub seconds: i64,
    /// Whether the text used `W` (business-day counting refuses weeks).
    pub has_weeks: bool,
}

/// The longest period accepted: 100 years of days. Keeps every deadline
/// arithmetic far from overflow and catches a slipped digit.
pub const MAX_PERIOD_DAYS: i64 = 36_525;

impl Period {
    /// Parses `P[nW][nD][T[nH][nM][nS]]`: unsigned integers, at least one
    /// part, not zero, at most [`MAX_PERIOD_DAYS`]. The message says what
    /// is wrong.
    pub fn parse(text: &str) -> Result<Period, String> {
        let complain = |why: &str| format!("`{text}` is not a usable period: {why}");
        let body = text
            .strip_prefix('P')
            .ok_or_else(|| complain("an ISO-8601 duration starts with `P`, e.g. P7D or PT36H"))?;
        let (date, time) = match body.split_once('T') {
            Some((_, "")) => return Err(complain("nothing follows `T`")),
            Some((date, time)) => (date, time),
            None => (body, ""),
        };
        let mut period = Period {
            days: 0,
            seconds: 0,
            has_weeks: false,
        };
        let mut parts = 0;
        for (number, unit) in designators(date).map_err(|why| complain(&why))? {
            parts += 1;
            match unit {
                'W' => {
                    period.has_weeks = true;
                    period.days = add(period.days, number, 7).ok_or_else(|| complain("too long"))?;
                }
                'D' => period.days = add(period.days, number, 1).ok_or_else(|| complain("too long"))?,
                'Y' | 'M' => {
                    return Err(complain(
                        "years and months have no fixed length; use weeks or days",
                    ))
                }
                other => return Err(complain(&format!("unknown designator `{other}` before `T`"))),
            }
        }
        for (number, unit) in designators(time).map_err(|why| complain(&why))? {
            parts += 1;
            let scale = match unit {
                'H' => 3600,
                'M' => 60,
                'S' => 1,
                other => return Err(complain(&format!("unknown designator `{other}` after `T`"))),
            };
            period.seconds = add(period.seconds, number, scale).ok_or_else(|| complain("too long"))?;
        }
        if parts == 0 {
            return Err(complain("it names no weeks, days, hours, minutes or seconds"));
        }
        period.check().map_err(|why| complain(&why))?;
        Ok(period)
    }

    /// Whether the period can end a deadline: not negative, longer than
    /// zero, at most [`MAX_PERIOD_DAYS`] days. [`Period::parse`] checks it;
    /// an engine checks it again for periods built in Rust.
    pub fn check(&self) -> Result<(), String> {
        if self.days < 0 || self.seconds < 0 {
            return Err("a period cannot be negative".into());
        }
        if self.days == 0 && self.seconds == 0 {
            return Err("a period must be longer than zero".into());
        }
        if self.days.saturating_add(self.seconds / 86_400) > MAX_PERIOD_DAYS {
            return Err("periods longer than 100 years are refused".into());
        }
        Ok(())
    }

    /// The period as elapsed seconds, a day counting 24 hours (UTC).
    pub fn total_seconds(self) -> i64 {
        self.days.saturating_mul(86_400).saturating_add(self.seconds)
    }
}

impl fmt::Display for Period {
    /// The canonical text: `P{days}D` and/or `T{seconds}S` parts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("P")?;
        if self.days != 0 {
            write!(f, "{}D", self.days)?;
        }
        if self.seconds != 0 {
            write!(f, "T{}S", self.seconds)?;
        }
        Ok(())
    }
}

/// Parses open time as a calendar counts it: `PT[nH][nM][nS]`, hours,
/// minutes and seconds only (a day or week of open time has no fixed
/// length), zero allowed (`PT0S`), at most [`MAX_PERIOD_DAYS`] days of
/// seconds. Answers seconds; the message says what is wrong.
pub fn parse_open_time(text: &str) -> Result<i64, String> {
    let complain = |why: &str| format!("`{text}` is not a duration of hours, minutes and seconds: {why}");
    let time = match text.strip_prefix("PT") {
        Some("") => return Err(complain("nothing follows `T`")),
        Some(time) => time,
        None if text.starts_with('P') => {
            return Err(complain(
                "days and weeks of open time have no fixed length; write PT72H, not P3D",
            ))
        }
        None => return Err(complain("it starts with `PT`, e.g. PT4H or PT4H30M")),
    };
    let mut seconds: i64 = 0;
    for (number, unit) in designators(time).map_err(|why| complain(&why))? {
        let scale = match unit {
            'H' => 3600,
            'M' => 60,
            'S' => 1,
            other => return Err(complain(&format!("unknown designator `{other}` after `T`"))),
        };
        seconds = add(seconds, number, scale).ok_or_else(|| complain("longer than 100 years"))?;
    }
    Ok(seconds)
}

/// Writes seconds of open time as `PT…H…M…S`, hours unbounded, zero
/// parts left out (`PT50H`, `PT4H40M`, `PT0S`).
pub fn open_time_text(seconds: i64) -> String {
    let (hours, minutes, rest) = (seconds / 3_600, seconds % 3_600 / 60, seconds % 60);
    let mut text = String::from("PT");
    if hours != 0 {
        text.push_str(&format!("{hours}H"));
    }
    if minutes != 0 {
        text.push_str(&format!("{minutes}M"));
    }
    if rest != 0 || seconds == 0 {
        text.push_str(&format!("{rest}S"));
    }
    text
}

fn add(total: i64, number: i64, scale: i64) -> Option<i64> {
    number
        .checked_mul(scale)
        .and_then(|n| total.checked_add(n))
        .filter(|&n| n <= MAX_PERIOD_DAYS * 86_400)
}

/// Splits `1DT` parts like `2W3D` into (number, designator) pairs, each
/// designator at most once and in the ISO order given by the caller's
/// later checks.
fn designators(text: &str) -> Result<Vec<(i64, char)>, String> {
    let mut parts: Vec<(i64, char)> = Vec::new();
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if digits.is_empty() {
            return Err(match c {
                '-' | '+' => "a period cannot be signed".to_owned(),
                '.' | ',' => "fractions are not accepted".to_owned(),
                other => format!("`{other}` has no number before it"),
            });
        }
        if parts.iter().any(|&(_, unit)| unit == c) {
            return Err(format!("`{c}` appears twice"));
        }
        let number = digits
            .parse::<i64>()
            .map_err(|_| "a number is too large".to_owned())?;
        parts.push((number, c));
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(format!("`{digits}` has no designator after it"));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::Period;

    fn days_seconds(text: &str) -> Option<(i64, i64)> {
        Period::parse(text).ok().map(|p| (p.days, p.seconds))
    }

    #[test]
    fn accepts_weeks_days_and_time_parts() {
        assert_eq!(days_seconds("P7D"), Some((7, 0)));
        assert_eq!(days_seconds("P2W"), Some((14, 0)));
        assert_eq!(days_seconds("PT36H"), Some((0, 129_600)));
        assert_eq!(days_seconds("P1DT12H"), Some((1, 43_200)));
        assert_eq!(days_seconds("PT90M"), Some((0, 5_400)));
        assert_eq!(days_seconds("P1W2DT3H4M5S"), Some((9, 10_800 + 240 + 5)));
    }

    #[test]
    fn refuses_what_a_deadline_cannot_use() {
        for bad in [
            "",
            "7D",
            "P",
            "PT",
            "P0D",
            "PT0S",
            "-P1D",
            "P-1D",
            "P1Y",
            "P1M",
            "P1.5D",
            "PT1,5H",
            "P1DT",
            "P1D1D",
            "PD",
            "P7",
            "P1H",
            "PT1D",
            "P36526D",
            "P99999999999999999999D",
            "P1d",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn open_time_is_hours_minutes_seconds_and_may_be_zero() {
        use super::{open_time_text, parse_open_time};
        assert_eq!(parse_open_time("PT4H30M"), Ok(16_200));
        assert_eq!(parse_open_time("PT0S"), Ok(0));
        assert_eq!(parse_open_time("PT72H"), Ok(259_200));
        for bad in [
            "P1D",
            "P1W",
            "PT",
            "4H",
            "PT1.5H",
            "PT-1H",
            "P1DT1H",
            "PT1D",
            "",
            "PT876601H",
        ] {
            assert!(parse_open_time(bad).is_err(), "{bad}");
        }
        assert_eq!(open_time_text(0), "PT0S");
        assert_eq!(open_time_text(180_000), "PT50H");
        assert_eq!(open_time_text(16_800), "PT4H40M");
        assert_eq!(open_time_text(3_661), "PT1H1M1S");
    }

    #[test]
    fn displays_canonically() {
        let period = Period::parse("P1W1DT1H").ok();
        assert_eq!(period.map(|p| p.to_string()), Some("P8DT3600S".to_owned()));
    }
}
