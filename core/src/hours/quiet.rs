//! Open time over a quiet stretch: where one offset holds from a few days
//! before to a few days after, every local day whose intervals can reach
//! the stretch turns into instants by that one offset (nothing skipped,
//! nothing repeated, no two days overlapping), so the open time of the
//! stretch is the open wall-clock time of the same span shifted by the
//! offset. That is counted without reading the days one by one: whole
//! weeks by the weekly total, the days left by the sums of the weekdays,
//! each dated day (holiday, exception) on its own, the first and the last
//! day by their intervals. The cost grows with the dated days crossed,
//! not with the days.

use crate::hours::spec::LocalInterval;
use crate::hours::zone::Run;
use crate::hours::{weekday, BusinessHours, DAY};

/// The open seconds of `intervals` before `second` of their day.
fn within(intervals: &[LocalInterval], second: i64) -> i64 {
    intervals
        .iter()
        .map(|&(start, end)| (second.min(i64::from(end)) - i64::from(start)).max(0))
        .sum()
}

/// The open seconds of a whole day of `intervals`.
fn total(intervals: &[LocalInterval]) -> i64 {
    intervals
        .iter()
        .map(|&(start, end)| i64::from(end) - i64::from(start))
        .sum()
}

/// The earliest second of the day at which `open` (at least one, at most
/// the day's total) open seconds of `intervals` lie before it.
fn point(intervals: &[LocalInterval], open: i64) -> i64 {
    let mut left = open;
    for &(start, end) in intervals {
        let length = i64::from(end) - i64::from(start);
        if length >= left {
            return i64::from(start) + left;
        }
        left -= length;
    }
    DAY
}

impl BusinessHours {
    /// If `at` starts a quiet stretch: its end (an instant after `at`)
    /// and the offset that holds throughout. The stretch `[at, end)` is
    /// reached only by the intervals of the local days from two before
    /// its first to two after its last (a day's intervals lie within a
    /// day of its wall-clock span); each of those is turned into instants
    /// by the one offset when that offset holds from the day before it to
    /// the day after it, so from three days before the first to four
    /// after the last.
    pub(crate) fn quiet_stretch(&self, at: i64) -> Option<(i64, i64)> {
        let run = self.table.run(at)?;
        let first = (at + run.offset).div_euclid(DAY);
        if run.start > (first - 3) * DAY {
            return None;
        }
        let last = (run.end - 1).div_euclid(DAY) - 4;
        let end = (last + 1) * DAY - run.offset;
        (end > at).then_some((end, run.offset))
    }

    /// Where the stretch that is not quiet from `at` on ends (an instant
    /// after `at`): the first instant of a run of one offset that starts
    /// a quiet stretch, or a week on where the table has no run.
    pub(crate) fn unquiet_until(&self, at: i64) -> i64 {
        let quiet_from = |run: Run| ((run.start + DAY - 1).div_euclid(DAY) + 3) * DAY - run.offset;
        let Some(run) = self.table.run(at) else {
            return at + 7 * DAY;
        };
        if quiet_from(run) > at {
            return quiet_from(run);
        }
        match self.table.run(run.end) {
            Some(next) => quiet_from(next).max(at + 1),
            None => at + 7 * DAY,
        }
    }

    /// The open wall-clock seconds of whole local days `[from, to)`.
    fn days_open(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let mut open = self.weekdays_open(from, to - from);
        let first = self.dates.partition_point(|&(d, _)| d < from);
        for (day, own) in self.dates.get(first..).unwrap_or_default() {
            if *day >= to {
                break;
            }
            let usual = self.week.get(weekday(*day)).map_or(0, |w| total(w));
            open += total(own) - usual;
        }
        open
    }

    /// The open wall-clock seconds in the local seconds `[from, to)`.
    pub(crate) fn wall_open(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let (first, last) = (from.div_euclid(DAY), to.div_euclid(DAY));
        let (from_second, to_second) = (from.rem_euclid(DAY), to.rem_euclid(DAY));
        let head = within(self.intervals(first), from_second);
        let tail = within(self.intervals(last), to_second);
        self.days_open(first, last) - head + tail
    }

    /// The earliest local second `t` in `[from, to]` with `open` (at
    /// least one) open wall-clock seconds in `[from, t)`; else `Err` with
    /// the open seconds of `[from, to)`.
    pub(crate) fn wall_add(&self, from: i64, open: i64, to: i64) -> Result<i64, i64> {
        let mut day = from.div_euclid(DAY);
        let first = self.intervals(day);
        let before = within(first, from.rem_euclid(DAY));
        let mut left = open;
        if total(first) - before >= left {
            let due = day * DAY + point(first, before + left);
            return if due <= to {
                Ok(due)
            } else {
                Err(self.wall_open(from, to))
            };
        }
        left -= total(first) - before;
        day += 1;
        let last = to.div_euclid(DAY);
        while day <= last {
            let most = self.next_date(day).unwrap_or(last + 1).min(last + 1) - day;
            let days = self.weekdays_under(day, left, most);
            left -= self.weekdays_open(day, days);
            day += days;
            if day > last {
                break;
            }
            let intervals = self.intervals(day);
            let open = total(intervals);
            if open >= left {
                let due = day * DAY + point(intervals, left);
                return if due <= to {
                    Ok(due)
                } else {
                    Err(self.wall_open(from, to))
                };
            }
            left -= open;
            day += 1;
        }
        Err(self.wall_open(from, to))
    }
}
