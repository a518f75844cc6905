//! Business hours (docs/rules.md#business-hours): a policy calendar's open
//! intervals, compiled once, and the questions asked of it — open time
//! between two instants, adding open time, the next opening, and the SLA
//! clock with pauses.
//!
//! A calendar is local wall-clock intervals per weekday, holidays (closed
//! all day) and exceptions (a date's own intervals). Each local boundary
//! becomes an instant by the expiry rule (a skipped time moves forward by
//! the gap, a repeated one takes the earlier instant); the open set is the
//! union of the instant intervals so made, so one emptied by a gap is
//! empty and two that come to overlap count once. One job per file:
//! `spec` (reading `HH:MM` and checking an interval list), `zone` (the
//! zone's offset changes as a table, read once per zone), `local` (a
//! local day's intervals as instants), `quiet` (open time where one
//! offset holds, by wall-clock sums over weekdays and dated days), `walk`
//! (the open set as merged intervals in time order, near offset changes),
//! `ops` (the three primitives), `sla` (the clock with pauses), `handle`
//! (the typed face: timestamps and durations).

mod handle;
mod local;
mod ops;
mod quiet;
mod sla;
pub(crate) mod spec;
mod walk;
mod zone;

pub use handle::Calendar;
pub use ops::NEXT_OPEN_HORIZON;
pub use sla::{Pause, SlaAnswer};
pub use spec::LocalInterval;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::hours::zone::ZoneTable;

/// A policy's calendars by name.
pub(crate) type Calendars = HashMap<Box<str>, Arc<BusinessHours>>;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// A compiled calendar: the zone, the intervals of each weekday (Monday
/// first), and the dates with their own intervals (a holiday has none; an
/// exception replaces the weekday's, and beats a holiday on its date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessHours {
    zone: Tz,
    week: [Box<[LocalInterval]>; 7],
    /// Local day numbers (days since 1970-01-01) with their own
    /// intervals, sorted by day, each day once.
    dates: Box<[(i64, Box<[LocalInterval]>)]>,
    /// The open seconds of a week on the wall clock (the sum of `week`).
    weekly: i64,
    /// `before[i]`: the open wall-clock seconds of the `i` days from a
    /// Monday on (over two weeks, so that any weekday starts a run of up
    /// to seven days within it).
    before: [i64; 15],
    /// The zone's offset changes, shared by every calendar of the zone.
    table: Arc<ZoneTable>,
}

impl BusinessHours {
    /// A calendar from the intervals of each weekday (Monday first),
    /// holidays and exceptions (an exception wins on a date that is also
    /// a holiday). Each list must be sorted, not overlapping, each start
    /// before its end, every end at most `24:00` (86,400); otherwise the
    /// message says which list is wrong. A calendar that never opens is
    /// built ([`BusinessHours::has_hours`] says so; a config refuses it).
    pub fn new(
        zone: Tz,
        week: [Vec<LocalInterval>; 7],
        holidays: impl IntoIterator<Item = NaiveDate>,
        exceptions: impl IntoIterator<Item = (NaiveDate, Vec<LocalInterval>)>,
    ) -> Result<BusinessHours, String> {
        let exceptions: Vec<(NaiveDate, Vec<LocalInterval>)> = exceptions.into_iter().collect();
        let lists = week
            .iter()
            .zip(spec::WEEKDAY_KEYS.map(str::to_owned))
            .chain(exceptions.iter().map(|(date, list)| (list, date.to_string())));
        for (list, name) in lists {
            if let Some(why) = spec::list_problem(list) {
                return Err(format!("the intervals of `{name}`: {why}"));
            }
        }
        let weekly = week
            .iter()
            .flatten()
            .map(|&(start, end)| i64::from(end) - i64::from(start))
            .sum();
        let mut dates = BTreeMap::new();
        for date in holidays {
            dates.insert(day_number(date), Box::default());
        }
        for (date, intervals) in exceptions {
            dates.insert(day_number(date), intervals.into_boxed_slice());
        }
        let mut before = [0; 15];
        for i in 1..before.len() {
            let day: i64 = week
                .get((i - 1) % 7)
                .into_iter()
                .flatten()
                .map(|&(start, end)| i64::from(end) - i64::from(start))
                .sum();
            let previous = before.get(i - 1).copied().unwrap_or(0);
            if let Some(slot) = before.get_mut(i) {
                *slot = previous + day;
            }
        }
        Ok(BusinessHours {
            zone,
            week: week.map(Vec::into_boxed_slice),
            dates: dates.into_iter().collect(),
            weekly,
            before,
            table: ZoneTable::of(zone),
        })
    }

    /// The zone whose wall clock the intervals follow.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// Whether the calendar opens at all: some weekday or exception has
    /// an interval (a calendar that never opens is refused at load).
    pub fn has_hours(&self) -> bool {
        self.weekly > 0 || self.dates.iter().any(|(_, d)| !d.is_empty())
    }

    /// The intervals of local day number `day`.
    fn intervals(&self, day: i64) -> &[LocalInterval] {
        let at = self.dates.partition_point(|&(d, _)| d < day);
        match self.dates.get(at) {
            Some((d, own)) if *d == day => own,
            _ => self.week.get(weekday(day)).map(|w| &**w).unwrap_or_default(),
        }
    }

    /// The first date with its own intervals at or after `day`.
    fn next_date(&self, day: i64) -> Option<i64> {
        let at = self.dates.partition_point(|&(d, _)| d < day);
        self.dates.get(at).map(|&(d, _)| d)
    }

    /// The open wall-clock seconds of the `days` weekdays from `day` on,
    /// by the week alone (dated days not looked at).
    fn weekdays_open(&self, day: i64, days: i64) -> i64 {
        let first = weekday(day);
        let rest = usize::try_from(days.rem_euclid(7)).unwrap_or(0);
        let part = self.before.get(first + rest).copied().unwrap_or(0)
            - self.before.get(first).copied().unwrap_or(0);
        days.div_euclid(7) * self.weekly + part
    }

    /// The most whole days from `day` on, at most `most`, whose open
    /// wall-clock seconds by the week alone stay under `open`.
    fn weekdays_under(&self, day: i64, open: i64, most: i64) -> i64 {
        if self.weekly <= 0 {
            return most;
        }
        let weeks = (open - 1).div_euclid(self.weekly).max(0);
        let mut days = weeks.saturating_mul(7);
        if days >= most {
            return most;
        }
        let left = open - weeks * self.weekly;
        let first = weekday(day);
        let start = self.before.get(first).copied().unwrap_or(0);
        // At most six more: a whole seventh would reach `open`.
        for extra in 1..7 {
            if self.before.get(first + extra).copied().unwrap_or(i64::MAX) - start >= left {
                break;
            }
            days = weeks * 7 + i64::try_from(extra).unwrap_or(0);
        }
        days.min(most)
    }
}

/// The weekday of a day number, Monday 0 (1970-01-01 was a Thursday).
fn weekday(day: i64) -> usize {
    usize::try_from((day + 3).rem_euclid(7)).unwrap_or(0)
}

/// The day number (days since 1970-01-01) of a date.
fn day_number(date: NaiveDate) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&date)) - EPOCH_DAYS_FROM_CE
}
