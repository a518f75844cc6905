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
//! `spec` (reading `HH:MM` and checking an interval list), `local`
//! (a local day's intervals as instants), `walk` (the open set as merged
//! intervals in time order, whole weeks skipped where nothing changes),
//! `ops` (the three primitives), `sla` (the clock with pauses), `handle`
//! (the typed face: timestamps and durations).

mod handle;
mod local;
mod ops;
mod sla;
pub(crate) mod spec;
mod walk;

pub use handle::Calendar;
pub use ops::NEXT_OPEN_HORIZON;
pub use sla::{Pause, SlaAnswer};
pub use spec::LocalInterval;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use chrono_tz::Tz;

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
    /// Local day numbers (days since 1970-01-01) with their own intervals.
    dates: BTreeMap<i64, Box<[LocalInterval]>>,
    /// The open seconds of a week on the wall clock (the sum of `week`).
    weekly: i64,
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
        Ok(BusinessHours {
            zone,
            week: week.map(Vec::into_boxed_slice),
            dates,
            weekly,
        })
    }

    /// The zone whose wall clock the intervals follow.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// Whether the calendar opens at all: some weekday or exception has
    /// an interval (a calendar that never opens is refused at load).
    pub fn has_hours(&self) -> bool {
        self.weekly > 0 || self.dates.values().any(|d| !d.is_empty())
    }

    /// The intervals of local day number `day`.
    fn intervals(&self, day: i64) -> &[LocalInterval] {
        match self.dates.get(&day) {
            Some(own) => own,
            None => self.week.get(weekday(day)).map(|w| &**w).unwrap_or_default(),
        }
    }

    /// The first date with its own intervals at or after `day`.
    fn next_date(&self, day: i64) -> Option<i64> {
        self.dates.range(day..).next().map(|(&d, _)| d)
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
