//! A zone's offset changes as a sorted table, read once per zone per
//! process, so that a walk asks "which offset holds here, and until
//! when" by a binary search (or not at all while it stays inside the run
//! it knows) instead of asking chrono-tz per day.
//!
//! chrono-tz does not publish its transitions, so they are read from its
//! answers: the offset every [`STEP`] seconds from 1840 to 2100 and, where
//! two samples differ, the exact second of the change by bisection. That
//! reading misses nothing because no zone's offset changes twice within
//! six days in the tz data chrono-tz compiles in (`tests/zone_data.rs`
//! checks its table), so two equal samples have no change between them
//! and two different ones exactly one.
//!
//! Outside those years a zone's offset does not change: chrono-tz holds a
//! zone's offsets as a list of transitions, its first offset before the
//! first and its last after the last, and every transition it compiles in
//! lies between 1844 and 2099 (`tests/zone_data.rs` checks that too). So
//! the first run reaches back and the last run forward to the edges of
//! the protocol's years, and a clock asked across ten thousand years
//! skips them as it skips any quiet stretch, instead of proving one offset
//! a week at a time.
//!
//! Reading a zone takes about 16,000 questions to chrono-tz; the tables
//! are kept per zone for the life of the process (a few hundred zones
//! exist, each table a few KiB), so a config naming one zone in a
//! thousand calendars reads it once.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;

use crate::time::TIME_RANGE;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// 1840-01-01T00:00:00Z: where the table starts, before the first
/// transition of any zone.
pub(crate) const TABLE_FROM: i64 = -4_102_444_800;

/// 2100-01-01T00:00:00Z: where it ends, after the last transition of
/// any zone.
pub(crate) const TABLE_TO: i64 = 4_102_444_800;

/// Where the first run starts and the last ends: a month beyond the
/// protocol's years either side, so that every local day a clock reads
/// (a day or two past an instant) lies inside a run.
const RUNS_FROM: i64 = TIME_RANGE.0 - 31 * DAY;

/// See [`RUNS_FROM`].
const RUNS_TO: i64 = TIME_RANGE.1 + 31 * DAY;

/// The distance between two samples: shorter than the shortest run of
/// one offset, so no run falls between two samples unseen.
const STEP: i64 = 6 * DAY;

/// One offset and the instants it holds over: `[start, end)`; the first
/// run of a zone starts and its last ends at the edges of the protocol's
/// years (a month beyond them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    /// The first instant of the run (or the table's first).
    pub(crate) start: i64,
    /// The first instant after it (a change, or the table's end).
    pub(crate) end: i64,
    /// The zone's UTC offset throughout, in seconds.
    pub(crate) offset: i64,
}

impl Run {
    /// Whether the run's offset holds at every instant of `[from, to]`.
    pub(crate) fn covers(&self, from: i64, to: i64) -> bool {
        self.start <= from && to < self.end
    }
}

/// A zone's offsets over [`TABLE_FROM`, `TABLE_TO`): the offset at the
/// start, then each change (the instant and the offset from it on).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ZoneTable {
    first: i64,
    changes: Box<[(i64, i64)]>,
    /// For each [`BUCKET`] seconds from [`TABLE_FROM`], how many changes
    /// come before it: a lookup starts there and steps over the few
    /// changes of one bucket instead of searching them all.
    buckets: Box<[u32]>,
}

/// The span of one bucket of [`ZoneTable::buckets`] (about 388 days).
const BUCKET: i64 = 1 << 25;

impl ZoneTable {
    /// The table of `zone`, read once per process.
    pub(crate) fn of(zone: Tz) -> Arc<ZoneTable> {
        static TABLES: Mutex<Vec<(Tz, Arc<ZoneTable>)>> = Mutex::new(Vec::new());
        // A panic elsewhere while the lock was held leaves the list
        // whole (tables are pushed complete): keep using it.
        let mut tables = TABLES.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, table)) = tables.iter().find(|(z, _)| *z == zone) {
            return Arc::clone(table);
        }
        let table = Arc::new(ZoneTable::read(zone));
        tables.push((zone, Arc::clone(&table)));
        table
    }

    /// Samples the zone every [`STEP`] seconds and bisects each change.
    fn read(zone: Tz) -> ZoneTable {
        // The table's years are all on chrono's calendar.
        let offset_at = |zone: Tz, utc: i64| -> Option<i64> {
            let at = DateTime::from_timestamp(utc, 0)?.naive_utc();
            Some(i64::from(
                zone.offset_from_utc_datetime(&at).fix().local_minus_utc(),
            ))
        };
        let offset = |utc: i64| offset_at(zone, utc).unwrap_or(0);
        let first = offset(TABLE_FROM);
        let mut changes = Vec::new();
        let (mut at, mut current) = (TABLE_FROM, first);
        while at < TABLE_TO {
            let next = (at + STEP).min(TABLE_TO);
            let sampled = offset(next);
            if sampled != current {
                // The change is in (at, next]: the first second there
                // whose offset is no longer `current`.
                let (mut lo, mut hi) = (at, next);
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if offset(mid) == current {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                changes.push((hi, sampled));
                current = sampled;
            }
            at = next;
        }
        let count = (TABLE_TO - TABLE_FROM) / BUCKET + 1;
        let buckets = (0..count)
            .map(|b| {
                let from = TABLE_FROM + b * BUCKET;
                u32::try_from(changes.partition_point(|&(at, _)| at <= from)).unwrap_or(u32::MAX)
            })
            .collect();
        ZoneTable {
            first,
            changes: changes.into_boxed_slice(),
            buckets,
        }
    }

    /// The run holding at `utc`; `None` beyond the protocol's years.
    pub(crate) fn run(&self, utc: i64) -> Option<Run> {
        if !(RUNS_FROM..RUNS_TO).contains(&utc) {
            return None;
        }
        // The changes at or before the bucket's first second; then step
        // over those of the bucket up to `utc` (before the table, none;
        // after it, those of its last bucket).
        let bucket = usize::try_from((utc.clamp(TABLE_FROM, TABLE_TO) - TABLE_FROM) / BUCKET).unwrap_or(0);
        let mut after = self
            .buckets
            .get(bucket)
            .map_or(0, |&b| usize::try_from(b).unwrap_or(0));
        while self.changes.get(after).is_some_and(|&(at, _)| at <= utc) {
            after += 1;
        }
        let (start, offset) = match after.checked_sub(1).and_then(|i| self.changes.get(i)) {
            Some(&(at, offset)) => (at, offset),
            None => (RUNS_FROM, self.first),
        };
        let end = self.changes.get(after).map_or(RUNS_TO, |&(at, _)| at);
        Some(Run { start, end, offset })
    }
}

#[cfg(test)]
mod tests {
    use super::{ZoneTable, RUNS_FROM, RUNS_TO, TABLE_FROM, TABLE_TO};
    use crate::time::TIME_RANGE;
    use chrono::{DateTime, Offset, TimeZone};
    use chrono_tz::Tz;
    use proptest::prelude::*;

    const ZONES: [Tz; 8] = [
        Tz::Europe__Berlin,
        Tz::America__New_York,
        Tz::Australia__Lord_Howe,
        Tz::America__Santiago,
        Tz::Asia__Kolkata,
        Tz::UTC,
        Tz::America__Sao_Paulo,
        Tz::Pacific__Apia,
    ];

    /// chrono-tz's offset at a UTC second, asked directly.
    fn offset_at(zone: Tz, utc: i64) -> Option<i64> {
        let at = DateTime::from_timestamp(utc, 0)?.naive_utc();
        Some(i64::from(
            zone.offset_from_utc_datetime(&at).fix().local_minus_utc(),
        ))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// The run at a random instant, or at one near a change, has
        /// chrono-tz's offset, and chrono-tz's offset changes exactly at
        /// its ends (where they are changes, not the table's years).
        #[test]
        fn the_table_agrees_with_chrono_tz(
            zone in prop::sample::select(ZONES.to_vec()),
            anywhere in TABLE_FROM..TABLE_TO,
            near in any::<prop::sample::Index>(),
            shift in -3i64..3,
            pick_near in any::<bool>(),
        ) {
            let table = ZoneTable::of(zone);
            let at = match table.changes.get(near.index(table.changes.len().max(1))) {
                Some(&(change, _)) if pick_near => (change + shift).clamp(TABLE_FROM, TABLE_TO - 1),
                _ => anywhere,
            };
            let run = table.run(at);
            prop_assert!(run.is_some());
            let Some(run) = run else { return Ok(()) };
            prop_assert!(run.start <= at && at < run.end);
            prop_assert_eq!(Some(run.offset), offset_at(zone, at));
            prop_assert_eq!(Some(run.offset), offset_at(zone, run.start));
            prop_assert_eq!(Some(run.offset), offset_at(zone, run.end - 1));
            if run.start > TABLE_FROM {
                prop_assert_ne!(Some(run.offset), offset_at(zone, run.start - 1));
            }
            if run.end < TABLE_TO {
                prop_assert_ne!(Some(run.offset), offset_at(zone, run.end));
            }
        }
    }

    /// Before and after the table's years the first and the last run hold
    /// chrono-tz's offset, sampled every 97 days over the protocol's
    /// years (a step prime to the week and the year).
    #[test]
    fn the_first_and_last_runs_reach_the_protocols_years() {
        for zone in ZONES {
            let table = ZoneTable::of(zone);
            let outside = (TIME_RANGE.0..TABLE_FROM)
                .step_by(97 * 86_400)
                .chain((TABLE_TO..=TIME_RANGE.1).step_by(97 * 86_400))
                .chain([TIME_RANGE.0, TABLE_FROM - 1, TABLE_TO, TIME_RANGE.1]);
            for at in outside {
                let run = table.run(at);
                assert_eq!(run.map(|r| r.offset), offset_at(zone, at), "{zone} at {at}");
                assert!(run.is_some_and(|r| r.start <= at && at < r.end), "{zone} at {at}");
            }
        }
    }

    #[test]
    fn berlin_changes_twice_a_year_and_kolkata_not_since_1945() {
        let berlin = ZoneTable::of(Tz::Europe__Berlin);
        // 2026-03-29T01:00:00Z: CET to CEST.
        let run = berlin.run(1_774_746_000);
        assert_eq!(run.map(|r| (r.start, r.offset)), Some((1_774_746_000, 7_200)));
        assert_eq!(
            berlin.run(1_774_745_999).map(|r| (r.end, r.offset)),
            Some((1_774_746_000, 3_600))
        );
        let kolkata = ZoneTable::of(Tz::Asia__Kolkata);
        assert_eq!(
            kolkata.run(1_774_746_000).map(|r| (r.end, r.offset)),
            Some((RUNS_TO, 19_800))
        );
        assert_eq!(kolkata.run(TABLE_TO), kolkata.run(1_774_746_000));
        assert_eq!(kolkata.run(RUNS_TO), None);
        assert_eq!(kolkata.run(RUNS_FROM - 1), None);
        // Before 1854 Kolkata kept its local mean time, +5:53:28.
        assert_eq!(
            kolkata.run(TABLE_FROM - 1).map(|r| (r.start, r.offset)),
            Some((RUNS_FROM, 21_208))
        );
        assert!(std::sync::Arc::ptr_eq(
            &kolkata,
            &ZoneTable::of(Tz::Asia__Kolkata)
        ));
        assert_eq!(offset_at(Tz::Asia__Kolkata, 1_774_746_000), Some(19_800));
    }
}
