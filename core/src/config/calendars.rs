//! Reading `policy.calendars` from config JSON: name → `{"time_zone",
//! "hours": {"mon": [["09:00", "13:00"], ...], ...}, "holidays": [dates],
//! "exceptions": {date: [intervals]}}`, every key optional. Each problem
//! is reported at its own path: a bad `HH:MM` at the string, an interval
//! ending before it starts or out of order at the interval, an unknown
//! weekday or a bad date at its key or item, an unknown zone at
//! `time_zone`, a calendar that never opens at the calendar itself.

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde_json::Value;

use crate::config::{type_name, Reader};
use crate::error::path_key;
use crate::hours::spec::{interval_problem, parse_clock, WEEKDAY_KEYS};
use crate::hours::{BusinessHours, LocalInterval};
use crate::path::Path;

const CALENDAR_KEYS: &[&str] = &["time_zone", "hours", "holidays", "exceptions"];

impl Reader {
    /// `calendars`: name → calendar.
    pub(crate) fn calendars(&mut self, value: &Value, path: &Path<'_>) {
        let Some(map) = self.object(value, path) else {
            return;
        };
        for (name, spec) in map {
            let key = path_key(name);
            match self.calendar(spec, &path.key(&key)) {
                Some(hours) => self.builder.calendars.push((name.clone(), hours)),
                None => self.builder.unread_calendars.push(name.clone()),
            }
        }
    }

    /// One calendar; `None` when anything in it is wrong.
    pub(crate) fn calendar(&mut self, value: &Value, at: &Path<'_>) -> Option<BusinessHours> {
        let before = self.builder.problems.len();
        let map = self.object(value, at)?;
        self.unknown_keys(map, CALENDAR_KEYS, at);
        let zone = match map.get("time_zone") {
            None | Some(Value::Null) => Some(Tz::UTC),
            Some(Value::String(zone)) => zone.parse().ok().or_else(|| {
                self.problem(
                    &at.key("time_zone"),
                    format!("`{zone}` is not an IANA time zone (e.g. \"Europe/Berlin\")"),
                );
                None
            }),
            Some(other) => {
                self.problem(
                    &at.key("time_zone"),
                    format!("expected a time zone name or null, found {}", type_name(other)),
                );
                None
            }
        };
        let mut week: [Vec<LocalInterval>; 7] = Default::default();
        if let Some(hours) = map.get("hours").filter(|v| !v.is_null()) {
            let path = at.key("hours");
            if let Some(days) = self.object(hours, &path) {
                for (day, list) in days {
                    let day_path = path.key(day);
                    match WEEKDAY_KEYS.iter().position(|k| k == day) {
                        Some(i) => {
                            let intervals = self.intervals(list, &day_path);
                            if let Some(slot) = week.get_mut(i) {
                                *slot = intervals;
                            }
                        }
                        None => self.problem(
                            &day_path,
                            format!("`{day}` is not a weekday (mon, tue, ..., sun)"),
                        ),
                    }
                }
            }
        }
        let holidays = match map.get("holidays") {
            None | Some(Value::Null) => Vec::new(),
            Some(value) => self.list(value, &at.key("holidays"), |reader, item, item_path| {
                let text = reader.string(item, item_path)?;
                reader.date(&text, item_path)
            }),
        };
        let mut exceptions = Vec::new();
        if let Some(value) = map.get("exceptions").filter(|v| !v.is_null()) {
            let path = at.key("exceptions");
            if let Some(dates) = self.object(value, &path) {
                for (text, list) in dates {
                    let date_path = path.key(text);
                    let date = self.date(text, &date_path);
                    let intervals = self.intervals(list, &date_path);
                    if let Some(date) = date {
                        exceptions.push((date, intervals));
                    }
                }
            }
        }
        if self.builder.problems.len() != before {
            return None;
        }
        let hours = BusinessHours::new(zone?, week, holidays, exceptions)
            .map_err(|why| self.problem(at, why))
            .ok()?;
        if !hours.has_hours() {
            self.problem(
                at,
                "the calendar never opens: give some weekday or exception open hours",
            );
            return None;
        }
        Some(hours)
    }

    /// A date written `YYYY-MM-DD`.
    fn date(&mut self, text: &str, path: &Path<'_>) -> Option<NaiveDate> {
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .filter(|_| text.len() == 10);
        if date.is_none() {
            self.problem(path, format!("`{text}` is not a date written YYYY-MM-DD"));
        }
        date
    }

    /// `[["09:00", "13:00"], ...]`: sorted, not overlapping, each start
    /// before its end; only the readable, well-ordered ones are kept.
    fn intervals(&mut self, value: &Value, path: &Path<'_>) -> Vec<LocalInterval> {
        let mut kept: Vec<LocalInterval> = Vec::new();
        let Value::Array(items) = value else {
            self.problem(
                path,
                format!(
                    "expected an array of [\"HH:MM\", \"HH:MM\"] intervals, found {}",
                    type_name(value)
                ),
            );
            return kept;
        };
        let mut previous = None;
        for (i, item) in items.iter().enumerate() {
            let at = path.index(i);
            let Some(interval) = self.interval(item, &at) else {
                continue;
            };
            match interval_problem(previous, interval) {
                Some(why) => self.problem(&at, why),
                None => kept.push(interval),
            }
            previous = Some(interval);
        }
        kept
    }

    /// `["09:00", "13:00"]`.
    fn interval(&mut self, value: &Value, path: &Path<'_>) -> Option<LocalInterval> {
        let pair = match value {
            Value::Array(pair) if pair.len() == 2 => pair,
            other => {
                self.problem(
                    path,
                    format!(
                        "expected an interval [\"HH:MM\", \"HH:MM\"], found {}",
                        type_name(other)
                    ),
                );
                return None;
            }
        };
        let mut clock = |i: usize| {
            let at = path.index(i);
            let text = self.string(pair.get(i)?, &at)?;
            parse_clock(&text).map_err(|why| self.problem(&at, why)).ok()
        };
        let start = clock(0);
        let end = clock(1);
        Some((start?, end?))
    }
}
