//! The typed face of a policy calendar: instants as timestamps, open
//! time as [`TimeDelta`], whole seconds (a fraction of a second is
//! dropped, as the JSON `sla` drops it).

use chrono::{DateTime, TimeDelta};

use crate::hours::BusinessHours;
use crate::time::Timestamp;

/// A policy calendar, borrowed from its engine
/// (`Engine::calendar("office")`).
#[derive(Debug, Clone, Copy)]
pub struct Calendar<'e> {
    hours: &'e BusinessHours,
}

impl<'e> Calendar<'e> {
    /// The handle of compiled business hours.
    pub fn new(hours: &'e BusinessHours) -> Calendar<'e> {
        Calendar { hours }
    }

    /// The compiled business hours (Unix-second primitives).
    pub fn hours(&self) -> &'e BusinessHours {
        self.hours
    }

    /// The open time in `[from, to)` (zero when `to` is not after `from`).
    pub fn open_between(&self, from: Timestamp, to: Timestamp) -> TimeDelta {
        TimeDelta::seconds(self.hours.open_between(from.timestamp(), to.timestamp()))
    }

    /// The earliest instant at or after `from` with `open` of open time
    /// between them (a deadline used up at closing time is that closing
    /// time; zero gives `from`, to the second); `None` when `open` is
    /// negative or no such instant comes before the end of year 9999.
    pub fn add(&self, from: Timestamp, open: TimeDelta) -> Option<Timestamp> {
        if open < TimeDelta::zero() {
            return None;
        }
        let due = self.hours.add(from.timestamp(), open.num_seconds())?;
        Some(DateTime::from_timestamp(due, 0)?.fixed_offset())
    }

    /// Whether the calendar is open at `at`.
    pub fn is_open(&self, at: Timestamp) -> bool {
        self.hours.is_open(at.timestamp())
    }

    /// The first instant at or after `at` at which it is open (`at`, to
    /// the second, when open then); `None` if not within 400 × 24 hours.
    pub fn next_open(&self, at: Timestamp) -> Option<Timestamp> {
        let open = self.hours.next_open(at.timestamp())?;
        Some(DateTime::from_timestamp(open, 0)?.fixed_offset())
    }
}
