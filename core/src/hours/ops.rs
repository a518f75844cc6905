//! The three primitives over whole Unix seconds: open time in `[a, b)`,
//! adding open time, the next opening. Each walks the open set
//! (`walk.rs`) from its first instant; the cost grows with the days
//! crossed, whole quiet weeks taken in one step.

use crate::hours::walk::Walk;
use crate::hours::{BusinessHours, DAY};
use crate::time::TIME_RANGE;

/// How far [`BusinessHours::next_open`] looks: 400 days of 24 hours.
pub const NEXT_OPEN_HORIZON: i64 = 400 * DAY;

impl BusinessHours {
    /// The open seconds in `[from, to)` (zero when `to <= from`).
    pub fn open_between(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let mut walk = Walk::new(self, from);
        let mut total = 0;
        loop {
            if let Some(skipped) = walk.skip_days((from, to), i64::MAX) {
                total += skipped;
                continue;
            }
            let Some((start, end)) = walk.next_interval() else {
                return total;
            };
            if start >= to {
                return total;
            }
            total += (end.min(to) - start.max(from)).max(0);
        }
    }

    /// The earliest instant `t >= from` with `open_between(from, t) ==
    /// open`: a deadline used up exactly at closing time is that closing
    /// time; zero gives `from`. `None` when no such instant comes before
    /// the end of year 9999.
    pub fn add(&self, from: i64, open: i64) -> Option<i64> {
        if open <= 0 {
            return Some(from);
        }
        let mut walk = Walk::new(self, from);
        let mut left = open;
        loop {
            if let Some(skipped) = walk.skip_days((from, i64::MAX), left) {
                left -= skipped;
                continue;
            }
            let (start, end) = walk.next_interval()?;
            let start = start.max(from);
            if end <= start {
                continue;
            }
            if end - start >= left {
                let due = start + left;
                return (due <= TIME_RANGE.1).then_some(due);
            }
            left -= end - start;
        }
    }

    /// The first instant `t >= at` at which the calendar is open (`at`
    /// itself when it is open then); `None` if it does not open within
    /// [`NEXT_OPEN_HORIZON`] or before the end of year 9999.
    pub fn next_open(&self, at: i64) -> Option<i64> {
        let last = at.saturating_add(NEXT_OPEN_HORIZON).min(TIME_RANGE.1);
        let mut walk = Walk::new(self, at);
        loop {
            let (start, end) = walk.next_interval()?;
            if start > last {
                return None;
            }
            if end > at {
                let open = start.max(at);
                return (open <= last).then_some(open);
            }
        }
    }

    /// Whether the calendar is open at the instant `at`.
    pub fn is_open(&self, at: i64) -> bool {
        let mut walk = Walk::new(self, at);
        while let Some((start, end)) = walk.next_interval() {
            if start > at {
                return false;
            }
            if end > at {
                return true;
            }
        }
        false
    }
}
