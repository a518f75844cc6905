//! The open set of a calendar as intervals in time order (overlapping
//! ones merged, touching ones left apart), from a given instant on, read
//! a local day at a time.
//!
//! A local day's intervals lie within a day of its wall-clock span (no
//! offset reaches a day), so once the days before `next` are read, every
//! interval still to come starts at or after `(next - 1) × 86,400`: a
//! merged block ending there is complete. Runs of days where nothing
//! changes (no holiday or exception, one offset throughout) are skipped
//! by their open seconds on the wall clock, which is then their real open
//! time: whole weeks by the weekly total, the days left by the sums of
//! the weekdays (`BusinessHours::weekdays_open`), so the cost does not
//! grow with the days skipped; a calendar with no weekly hours jumps to
//! its next dated day.

use smallvec::SmallVec;

use crate::hours::local::{offset_at, STABLE_SPAN};
use crate::hours::zone::Run;
use crate::hours::{BusinessHours, DAY};
use crate::time::TIME_RANGE;

/// The last local day a walk reads: a day past the last second RFC 3339
/// can write.
const LAST_DAY: i64 = TIME_RANGE.1 / DAY + 2;

/// A cursor over the open set.
pub(crate) struct Walk<'c> {
    hours: &'c BusinessHours,
    /// The next local day to read.
    next: i64,
    /// Intervals read but not yet handed out, sorted by start.
    pending: SmallVec<[(i64, i64); 8]>,
    /// The run of one offset met last in the zone's table.
    run: Option<Run>,
    /// Where the table has no run (beyond the protocol's years): an
    /// offset known to hold from the first
    /// instant to the second, so that a week skipped after another
    /// extends it by one more sample, not three.
    stable: Option<(i64, i64, i64)>,
}

impl<'c> Walk<'c> {
    /// A walk whose first interval is the first that ends after `from`
    /// (earlier ones may come too: callers clip).
    pub(crate) fn new(hours: &'c BusinessHours, from: i64) -> Walk<'c> {
        Walk {
            hours,
            next: from.div_euclid(DAY) - 1,
            pending: SmallVec::new(),
            run: None,
            stable: None,
        }
    }

    /// The instant from which no interval still to read can start.
    fn frontier(&self) -> i64 {
        (self.next - 1) * DAY
    }

    /// The next merged open interval; `None` past the years RFC 3339
    /// can write.
    pub(crate) fn next_interval(&mut self) -> Option<(i64, i64)> {
        loop {
            if let Some(&(start, mut end)) = self.pending.first() {
                let mut taken = 1;
                // Only overlapping intervals merge: touching ones (an
                // always-open calendar's days) would merge without end.
                for &(s, e) in self.pending.iter().skip(1) {
                    if s >= end {
                        break;
                    }
                    end = end.max(e);
                    taken += 1;
                }
                if end <= self.frontier() || self.next > LAST_DAY {
                    self.pending.drain(..taken);
                    return Some((start, end));
                }
            } else if self.next > LAST_DAY {
                return None;
            } else if self.hours.weekly == 0 {
                // Only dated days open: jump to the next one.
                self.next = self.next.max(self.hours.next_date(self.next)?);
            }
            self.read_day()?;
        }
    }

    fn read_day(&mut self) -> Option<()> {
        let pending = &mut self.pending;
        self.hours.day_intervals(self.next, &mut self.run, |interval| {
            // Days mostly come in order: their intervals go at the end.
            if pending.last().is_none_or(|&(s, _)| s <= interval.0) {
                pending.push(interval);
            } else {
                let at = pending.partition_point(|&(s, _)| s <= interval.0);
                pending.insert(at, interval);
            }
        })?;
        self.next += 1;
        Some(())
    }

    /// If some local days from the next on can be skipped whole — nothing
    /// read and waiting, none of them dated, one offset over every instant
    /// they and their neighbours stand for, all within `within`, their
    /// open seconds under `under` — the open seconds of as many as can;
    /// they are then skipped.
    pub(crate) fn skip_days(&mut self, within: (i64, i64), under: i64) -> Option<i64> {
        let hours = self.hours;
        if !self.pending.is_empty() || hours.weekly == 0 || under <= 0 {
            return None;
        }
        let first = self.next * DAY - DAY;
        if first < within.0 {
            return None;
        }
        let mut most = (within.1.div_euclid(DAY) - self.next - 1).min(LAST_DAY - self.next);
        if let Some(date) = hours.next_date(self.next) {
            most = most.min(date - self.next);
        }
        if most < 1 {
            return None;
        }
        // The instants of the days skipped and of their neighbours lie
        // within `[first - DAY, (next + days + 2) × DAY]`.
        let end = self.offset_holds_until(first - DAY, (self.next + most + 2) * DAY)?;
        most = most.min((end - 1).div_euclid(DAY) - self.next - 2);
        let days = hours.weekdays_under(self.next, under, most);
        if days < 1 {
            return None;
        }
        let open = hours.weekdays_open(self.next, days);
        self.next += days;
        Some(open)
    }

    /// An instant before which the offset at `from` is known to hold from
    /// `from` on (the end of its run in the zone's table; where it has
    /// none, past a week proven by samples), if one after `from`
    /// is known; `wanted` is the end the caller would like.
    fn offset_holds_until(&mut self, from: i64, wanted: i64) -> Option<i64> {
        if let Some(run) = self.run.filter(|r| r.start <= from && from < r.end) {
            return Some(run.end);
        }
        if let Some(run) = self.hours.table.run(from) {
            self.run = Some(run);
            return Some(run.end);
        }
        let to = wanted.min(from + 11 * DAY);
        self.one_offset(from, to)?;
        Some(to + 1)
    }

    /// The zone's offset if one holds over `[from, to]`: sampled at most
    /// [`STABLE_SPAN`] apart, each sample equal, so no change falls
    /// between two of them.
    fn one_offset(&mut self, from: i64, to: i64) -> Option<i64> {
        let zone = self.hours.zone;
        let (start, mut end, offset) = match self.stable {
            Some((start, end, offset)) if start <= from && from <= end => (start, end, offset),
            _ => (from, from, offset_at(zone, from)?),
        };
        while end < to {
            let next = end + STABLE_SPAN;
            if offset_at(zone, next)? != offset {
                self.stable = None;
                return None;
            }
            end = next;
        }
        self.stable = Some((start, end, offset));
        Some(offset)
    }
}
