//! A local day's open intervals as instants (Unix seconds). A boundary
//! that a DST gap skips moves forward by the gap; one an overlap repeats
//! takes the earlier instant; an interval whose end does not come after
//! its start (emptied by a gap) is left out.
//!
//! Most days need no question to the zone per boundary: the zone's table
//! of offset changes (`zone.rs`) says which offset holds around the day,
//! over the protocol's years. Beyond them chrono-tz is asked: in the tz
//! data it compiles in, a zone's total offset never changes twice within
//! six days (`tests/zone_data.rs` checks the table), so one offset at both
//! ends of a span of at most six days holds throughout it.

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;

use crate::hours::zone::{Run, TABLE_FROM, TABLE_TO};
use crate::hours::{BusinessHours, DAY};

/// The longest span over which an equal offset at both ends proves that
/// no change happens inside (the shortest run of one offset is longer).
pub(crate) const STABLE_SPAN: i64 = 6 * DAY;

/// The zone's UTC offset at a UTC second; `None` off chrono's calendar.
pub(crate) fn offset_at(zone: Tz, utc: i64) -> Option<i64> {
    let at = DateTime::from_timestamp(utc, 0)?.naive_utc();
    Some(i64::from(
        zone.offset_from_utc_datetime(&at).fix().local_minus_utc(),
    ))
}

/// The offset that holds from `from` to `to` (at most [`STABLE_SPAN`]
/// apart), if one does.
pub(crate) fn stable_offset(zone: Tz, from: i64, to: i64) -> Option<i64> {
    let first = offset_at(zone, from)?;
    (offset_at(zone, to)? == first).then_some(first)
}

/// The instant of a local second (seconds since 1970-01-01 on the wall
/// clock): the earlier of two readings, or in a gap the reading with the
/// offset in force before it.
pub(crate) fn resolve(zone: Tz, local: i64) -> Option<i64> {
    let naive = DateTime::from_timestamp(local, 0)?.naive_utc();
    match zone.from_local_datetime(&naive) {
        chrono::LocalResult::Single(at) => Some(at.timestamp()),
        chrono::LocalResult::Ambiguous(first, second) => Some(first.timestamp().min(second.timestamp())),
        chrono::LocalResult::None => {
            // Before a gap the clock read less: the offset a day earlier
            // is the one in force before it (changes are days apart).
            let before = DateTime::from_timestamp(local - DAY, 0)?.naive_utc();
            let offset = zone.from_local_datetime(&before).earliest()?.offset().fix();
            Some(local - i64::from(offset.local_minus_utc()))
        }
    }
}

impl BusinessHours {
    /// The offset that holds over every instant `[from, to]` (at most
    /// [`STABLE_SPAN`] apart), if one does: from the zone's table through
    /// `run` (the run met last, kept by the caller), else from chrono-tz.
    pub(crate) fn one_offset_near(&self, from: i64, to: i64, run: &mut Option<Run>) -> Option<i64> {
        if let Some(known) = run.filter(|r| r.covers(from, to)) {
            return Some(known.offset);
        }
        match self.table.run(from) {
            Some(found) => {
                *run = Some(found);
                found.covers(from, to).then_some(found.offset)
            }
            None => stable_offset(self.zone, from, to),
        }
    }

    /// Hands the open intervals of local day number `day`, as instants,
    /// to `push` in local order, empty ones left out; `None` off chrono's
    /// calendar. `run` is the caller's memo of the zone's offsets.
    pub(crate) fn day_intervals(
        &self,
        day: i64,
        run: &mut Option<Run>,
        mut push: impl FnMut((i64, i64)),
    ) -> Option<()> {
        let intervals = self.intervals(day);
        if intervals.is_empty() {
            return Some(());
        }
        let midnight = day.checked_mul(DAY)?;
        // Every instant a local time of this day (or its 24:00) stands
        // for lies within a day of it.
        match self.one_offset_near(midnight - DAY, midnight + 2 * DAY, run) {
            Some(offset) => {
                for &(start, end) in intervals {
                    push((
                        midnight + i64::from(start) - offset,
                        midnight + i64::from(end) - offset,
                    ));
                }
            }
            None => {
                for &(start, end) in intervals {
                    let start = self.resolve_near(midnight + i64::from(start), run)?;
                    let end = self.resolve_near(midnight + i64::from(end), run)?;
                    if end > start {
                        push((start, end));
                    }
                }
            }
        }
        Some(())
    }

    /// The offset at the UTC second `utc`: from `run` or the zone's table
    /// (`run` then remembers the run found), else from chrono-tz.
    fn offset_near(&self, utc: i64, run: &mut Option<Run>) -> Option<i64> {
        if let Some(known) = run.filter(|r| r.start <= utc && utc < r.end) {
            return Some(known.offset);
        }
        match self.table.run(utc) {
            Some(found) => {
                *run = Some(found);
                Some(found.offset)
            }
            None => offset_at(self.zone, utc),
        }
    }

    /// [`resolve`] of a local second, the offsets read through the
    /// zone's table where it reaches. The readings of `local` are the
    /// offsets `o` with `offset(local - o) == o`; no offset reaches a
    /// day and no two changes are within six days, so the only candidates
    /// are the offsets a day either side, and a gap (no reading) is
    /// skipped with the one a day before, in force before it.
    fn resolve_near(&self, local: i64, run: &mut Option<Run>) -> Option<i64> {
        if !(TABLE_FROM + 2 * DAY..TABLE_TO - 2 * DAY).contains(&local) {
            return resolve(self.zone, local);
        }
        let before = self.offset_near(local - DAY, run)?;
        let after = self.offset_near(local + DAY, run)?;
        let reads = |offset: i64, run: &mut Option<Run>| -> Option<bool> {
            Some(self.offset_near(local - offset, run)? == offset)
        };
        let instant = match (reads(before, run)?, reads(after, run)?) {
            (true, true) => (local - before).min(local - after),
            (true, false) => local - before,
            (false, true) => local - after,
            (false, false) => local - before,
        };
        Some(instant)
    }
}
