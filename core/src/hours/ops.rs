//! The three primitives over whole Unix seconds: open time in `[a, b)`,
//! adding open time, the next opening. Open time and adding it take a
//! quiet stretch (one offset well around it, `quiet.rs`) by wall-clock
//! sums, and walk the open set (`walk.rs`) only near an offset change;
//! the cost grows with the dated days and offset changes crossed, not
//! with the days.

use crate::hours::walk::Walk;
use crate::hours::{BusinessHours, DAY};
use crate::time::TIME_RANGE;

/// How far [`BusinessHours::next_open`] looks: 400 days of 24 hours.
pub const NEXT_OPEN_HORIZON: i64 = 400 * DAY;

/// The instants a calendar can be open: the years 0000–9999 that RFC 3339
/// writes, `[TIME_RANGE.0, TIME_RANGE.1 + 1)`. Outside them it is closed,
/// so an instant far out (NumPy's NaT is `i64::MIN`) is answered, never an
/// overflow.
const OPEN_SPAN: (i64, i64) = (TIME_RANGE.0, TIME_RANGE.1 + 1);

impl BusinessHours {
    /// The open seconds in `[from, to)` (zero when `to <= from`).
    pub fn open_between(&self, from: i64, to: i64) -> i64 {
        let (from, to) = (from.max(OPEN_SPAN.0), to.min(OPEN_SPAN.1));
        let (mut at, mut total) = (from, 0);
        while at < to {
            let (end, open) = match self.quiet_stretch(at) {
                Some((end, offset)) => {
                    let end = end.min(to);
                    (end, self.wall_open(at + offset, end + offset))
                }
                None => {
                    let end = self.unquiet_until(at).min(to);
                    (end, self.walk_open_between(at, end))
                }
            };
            total += open;
            at = end;
        }
        total
    }

    /// [`BusinessHours::open_between`] by walking the open set.
    fn walk_open_between(&self, from: i64, to: i64) -> i64 {
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
        if from >= OPEN_SPAN.1 {
            return None;
        }
        let (mut at, mut left) = (from.max(OPEN_SPAN.0), open);
        loop {
            let (end, found) = match self.quiet_stretch(at) {
                Some((end, offset)) => (
                    end,
                    self.wall_add(at + offset, left, end + offset)
                        .map(|due| due - offset),
                ),
                None => {
                    let end = self.unquiet_until(at);
                    (end, self.walk_add(at, left, end))
                }
            };
            match found {
                Ok(due) => return (due <= TIME_RANGE.1).then_some(due),
                Err(used) => {
                    left -= used;
                    at = end;
                }
            }
            if at > TIME_RANGE.1 {
                return None;
            }
        }
    }

    /// The earliest `t` in `[from, to]` with `open` (at least one) open
    /// seconds in `[from, t)`, by walking the open set; else `Err` with
    /// the open seconds of `[from, to)` (`Ok(None)` past the years the
    /// walk reads).
    fn walk_add(&self, from: i64, open: i64, to: i64) -> Result<i64, i64> {
        let mut walk = Walk::new(self, from);
        let mut left = open;
        loop {
            if let Some(skipped) = walk.skip_days((from, to), left) {
                left -= skipped;
                continue;
            }
            let Some((start, end)) = walk.next_interval() else {
                return Err(open - left);
            };
            let (start, end) = (start.max(from), end.min(to));
            if start >= to {
                return Err(open - left);
            }
            if end <= start {
                continue;
            }
            if end - start >= left {
                return Ok(start + left);
            }
            left -= end - start;
        }
    }

    /// The first instant `t >= at` at which the calendar is open (`at`
    /// itself when it is open then); `None` if it does not open within
    /// [`NEXT_OPEN_HORIZON`] or before the end of year 9999.
    pub fn next_open(&self, at: i64) -> Option<i64> {
        let last = at.saturating_add(NEXT_OPEN_HORIZON).min(TIME_RANGE.1);
        if last < OPEN_SPAN.0 || at >= OPEN_SPAN.1 {
            return None;
        }
        let at = at.max(OPEN_SPAN.0);
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
        if !(OPEN_SPAN.0..OPEN_SPAN.1).contains(&at) {
            return false;
        }
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
