//! The open set of a calendar as intervals in time order (overlapping
//! ones merged, touching ones left apart), from a given instant on, read
//! a local day at a time.
//!
//! A local day's intervals lie within a day of its wall-clock span (no
//! offset reaches a day), so once the days before `next` are read, every
//! interval still to come starts at or after `(next - 1) × 86,400`: a
//! merged block ending there is complete. Whole weeks where nothing
//! changes (no holiday or exception, one offset throughout) are skipped
//! by their open seconds on the wall clock, which is then their real open
//! time; a calendar with no weekly hours jumps to its next dated day.

use smallvec::SmallVec;

use crate::hours::local::{offset_at, STABLE_SPAN};
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
    /// An offset known to hold from the first instant to the second: a
    /// week skipped after another extends it by one more sample, not
    /// three.
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
        for interval in self.hours.day_intervals(self.next)? {
            let at = self.pending.partition_point(|&(s, _)| s <= interval.0);
            self.pending.insert(at, interval);
        }
        self.next += 1;
        Some(())
    }

    /// If the next seven local days can be skipped whole — nothing read
    /// and waiting, none of them dated, one offset over every instant
    /// they and their neighbours stand for — the instants they span and
    /// their open seconds; they are then skipped.
    pub(crate) fn skip_week(&mut self, within: (i64, i64), longer_than: i64) -> Option<i64> {
        let hours = self.hours;
        if !self.pending.is_empty() || hours.weekly == 0 || hours.weekly >= longer_than {
            return None;
        }
        let (first, last) = (self.next * DAY - DAY, (self.next + 8) * DAY);
        if first < within.0 || last > within.1 || self.next + 7 > LAST_DAY {
            return None;
        }
        if hours.next_date(self.next).is_some_and(|d| d < self.next + 7) {
            return None;
        }
        self.one_offset(first - DAY, last + DAY)?;
        self.next += 7;
        Some(hours.weekly)
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
