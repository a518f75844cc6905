//! A sweep's memo of a zone's UTC offsets, day by day, so that a book of
//! leads in one zone asks chrono-tz about each day once instead of four
//! times per lead (the binary searches over the zone's transitions were
//! 80 % of a zoned sweep).
//!
//! chrono-tz does not publish a zone's transitions, so they are read from
//! its own answers: for each UTC day the offset at its first second and at
//! the next day's first second; where they differ, the exact second of the
//! change by bisection. That reading is exact as long as no UTC day holds
//! two changes of the total offset. In the tz database chrono-tz compiles
//! in, changes are at least six days apart (the shortest run, 601,200 s, is
//! Brazil's 2000 summer time; `tests/zone_data.rs` checks the compiled
//! table); a bisection that meets a third offset marks its day unsure, and
//! a question about an unsure day, or about a local time within a day of
//! two changes, goes to chrono-tz itself.
//!
//! Local times are answered from the same days. No offset reaches a day
//! (chrono's `FixedOffset` cannot hold one), so every instant a local time
//! `l` may stand for lies within a day of `l`; where those three UTC days
//! hold at most one change, the candidate offsets are the offsets a day
//! before and a day after `l`, and a candidate `o` reads `l` when the
//! offset at `l - o` is `o`. That is the set chrono-tz's
//! `from_local_datetime` answers from its spans (one: single, two:
//! ambiguous, none: a gap).

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// Seconds in a day.
pub(crate) const DAY: i64 = 86_400;

/// The latest year a deadline may fall in: RFC 3339 writes four digits.
pub(crate) const LAST_YEAR: i32 = 9999;

/// The fewest leads a sweep keeps a memo for: reading a day takes two
/// questions to chrono-tz (about twenty on a day with a change), so a few
/// leads are asked about directly, as single decisions are.
pub(crate) const MEMO_LEADS: usize = 16;

/// The most days one zone keeps (about 179 years around the first day
/// asked, at most 768 KiB); days beyond are asked of chrono-tz every time.
const MAX_DAYS: usize = 1 << 16;

/// The most days one memo keeps over all its zones (3 MiB): without it a
/// sweep naming a few hundred zones, each asked about years far apart,
/// held 768 KiB per zone (392 MB for a 95 KB request). Days
/// beyond are asked of chrono-tz, the same answers.
const MAX_TOTAL_DAYS: usize = 4 * MAX_DAYS;

/// `Day::change` of a day not read yet.
const UNREAD: u32 = u32::MAX;

/// `Day::change` of a day whose reading met a third offset.
const UNSURE: u32 = u32::MAX - 1;

/// `Day::change` of a day with one offset all day.
const NO_CHANGE: u32 = 86_400;

/// One UTC day of a zone: the offset at its first second, the offset from
/// `change` seconds into the day on (the next day's first offset), and
/// when the change happens (`NO_CHANGE`: not within the day).
#[derive(Debug, Clone, Copy)]
struct Day {
    start: i32,
    after: i32,
    change: u32,
}

impl Day {
    const UNREAD: Day = Day {
        start: 0,
        after: 0,
        change: UNREAD,
    };

    /// The offset at `second` seconds into the day.
    fn at(self, second: i64) -> i32 {
        if second < i64::from(self.change) {
            self.start
        } else {
            self.after
        }
    }

    fn changes(self) -> bool {
        self.start != self.after
    }
}

/// UTC offsets as a calendar counts with them: at a UTC second, and the
/// offset of the earliest instant a local second stands for.
pub(crate) trait Offsets {
    /// The UTC offset at the UTC second `utc`; `None` off the calendar.
    fn offset(&mut self, utc: i64) -> Option<i32>;

    /// The offset of the earliest instant the local second `local` stands
    /// for; `Some(None)` when a gap skips it, `None` off the calendar.
    fn local(&mut self, local: i64) -> Option<Option<i32>>;
}

/// UTC itself: no offset ever.
pub(crate) struct NoZone;

impl Offsets for NoZone {
    fn offset(&mut self, _: i64) -> Option<i32> {
        Some(0)
    }

    fn local(&mut self, _: i64) -> Option<Option<i32>> {
        Some(Some(0))
    }
}

/// The offsets of the zones a sweep has met.
#[derive(Debug, Default)]
pub(crate) struct OffsetCache {
    /// The zone asked last first.
    zones: Vec<ZoneDays>,
}

impl OffsetCache {
    /// The days of `zone` read so far, allowed to grow by what the other
    /// zones leave of [`MAX_TOTAL_DAYS`].
    pub(crate) fn zone(&mut self, zone: Tz) -> Option<&mut ZoneDays> {
        let position = match self.zones.iter().position(|z| z.zone == zone) {
            Some(position) => position,
            None => {
                self.zones.push(ZoneDays {
                    zone,
                    first: 0,
                    days: Vec::new(),
                    limit: 0,
                });
                self.zones.len() - 1
            }
        };
        self.zones.swap(0, position);
        let kept: usize = self.zones.iter().map(|z| z.days.len()).sum();
        let asked = self.zones.first_mut()?;
        let others = kept - asked.days.len();
        asked.limit = MAX_DAYS.min(MAX_TOTAL_DAYS.saturating_sub(others));
        Some(asked)
    }

    /// The days kept over all zones.
    #[cfg(test)]
    fn kept(&self) -> usize {
        self.zones.iter().map(|z| z.days.len()).sum()
    }
}

/// The days read so far of one zone: `days[i]` is day number `first + i`
/// (days since 1970-01-01 UTC). Answers are chrono-tz's.
#[derive(Debug)]
pub(crate) struct ZoneDays {
    zone: Tz,
    first: i64,
    days: Vec<Day>,
    /// The most days this zone may keep now ([`OffsetCache::zone`]).
    limit: usize,
}

impl Offsets for ZoneDays {
    fn offset(&mut self, utc: i64) -> Option<i32> {
        match self.days(utc.div_euclid(DAY), 1) {
            Some([day]) if day.change != UNSURE => Some(day.at(utc.rem_euclid(DAY))),
            _ => utc_offset(self.zone, utc),
        }
    }

    fn local(&mut self, local: i64) -> Option<Option<i32>> {
        let zone = self.zone;
        let day = local.div_euclid(DAY);
        let Some(&[before, on, after]) = self.days(day - 1, 3) else {
            return local_offset(zone, local);
        };
        if !before.changes() && !on.changes() && !after.changes() {
            return Some(Some(on.start));
        }
        let days = [before, on, after];
        if days.iter().filter(|d| d.changes()).count() > 1 || days.iter().any(|d| d.change == UNSURE) {
            return local_offset(zone, local);
        }
        // The offset at a UTC second within a day of `local`.
        let at = |utc: i64| match utc.div_euclid(DAY) - day {
            -1 => before.at(utc.rem_euclid(DAY)),
            0 => on.at(utc.rem_euclid(DAY)),
            _ => after.at(utc.rem_euclid(DAY)),
        };
        let (early, late) = (at(local - DAY + 1), at(local + DAY - 1));
        // Each side's offset reads `local` if the instant it gives is on
        // its side of the change. The earliest instant has the larger
        // offset.
        let reads = |offset: i32| at(local - i64::from(offset)) == offset;
        Some(match (reads(early), reads(late)) {
            (true, true) => Some(early.max(late)),
            (true, false) => Some(early),
            (false, true) => Some(late),
            (false, false) => None,
        })
    }
}

impl ZoneDays {
    /// `count` consecutive days from day number `from`, read on first
    /// use; `None` beyond the days kept.
    #[inline]
    fn days(&mut self, from: i64, count: usize) -> Option<&[Day]> {
        let mut start = from - self.first;
        let fits = |start: i64, len: usize| {
            usize::try_from(start).is_ok_and(|start| start.saturating_add(count) <= len)
        };
        if !fits(start, self.days.len()) {
            self.make_room(from, from.checked_add(i64::try_from(count).ok()?)?)?;
            start = from - self.first;
        }
        let start = usize::try_from(start).ok()?;
        let window = self.days.get_mut(start..start.checked_add(count)?)?;
        if window.iter().any(|d| d.change == UNREAD) {
            read_days(self.zone, from, window)?;
        }
        self.days.get(start..start + count)
    }

    /// Grows `days` to cover day numbers `[from, to)`, at least doubling
    /// when it grows; `None` if that would keep more than `limit`.
    #[cold]
    fn make_room(&mut self, from: i64, to: i64) -> Option<()> {
        if self.days.is_empty() {
            self.first = from;
        }
        let end = self.first + i64::try_from(self.days.len()).ok()?;
        if from >= self.first && to <= end {
            return Some(());
        }
        let len = self.days.len();
        let low = from.min(self.first);
        let high = to.max(end);
        let needed = usize::try_from(high - low).ok()?;
        if needed > self.limit {
            return None;
        }
        let spare = i64::try_from(needed.max(2 * len).min(self.limit) - needed).ok()?;
        if from < self.first {
            // Grow towards earlier days.
            let low = low - spare;
            let more = usize::try_from(self.first - low).ok()?;
            self.days.splice(0..0, std::iter::repeat_n(Day::UNREAD, more));
            self.first = low;
            let end = usize::try_from(high - low).ok()?;
            if self.days.len() < end {
                self.days.resize(end, Day::UNREAD);
            }
        } else {
            let end = usize::try_from(high + spare - self.first).ok()?;
            self.days.resize(end, Day::UNREAD);
        }
        Some(())
    }
}

/// Reads the unread days of `window`, day number `from` first.
#[cold]
fn read_days(zone: Tz, from: i64, window: &mut [Day]) -> Option<()> {
    for (day, slot) in (from..).zip(window.iter_mut()) {
        if slot.change == UNREAD {
            *slot = read_day(zone, day)?;
        }
    }
    Some(())
}

/// The offset chrono-tz gives at a UTC second (`None` off its calendar).
fn utc_offset(zone: Tz, utc: i64) -> Option<i32> {
    let at = DateTime::from_timestamp(utc, 0)?.naive_utc();
    Some(zone.offset_from_utc_datetime(&at).fix().local_minus_utc())
}

/// The offset of the earliest instant chrono-tz reads a local second as;
/// `Some(None)` in a gap, `None` off its calendar.
fn local_offset(zone: Tz, local: i64) -> Option<Option<i32>> {
    let at = DateTime::from_timestamp(local, 0)?.naive_utc();
    let earliest = zone.from_local_datetime(&at).earliest();
    Some(earliest.map(|at| at.offset().fix().local_minus_utc()))
}

/// Reads one UTC day of `zone` from chrono-tz.
fn read_day(zone: Tz, day: i64) -> Option<Day> {
    let begin = day.checked_mul(DAY)?;
    let end = begin.checked_add(DAY)?;
    let (start, after) = (utc_offset(zone, begin)?, utc_offset(zone, end)?);
    if start == after {
        return Some(Day {
            start,
            after,
            change: NO_CHANGE,
        });
    }
    // The first second with the later offset.
    let (mut low, mut high) = (begin, end);
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        let offset = utc_offset(zone, middle)?;
        if offset == start {
            low = middle;
        } else if offset == after {
            high = middle;
        } else {
            return Some(Day {
                start,
                after,
                change: UNSURE,
            });
        }
    }
    Some(Day {
        start,
        after,
        change: u32::try_from(high - begin).ok()?,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::{DateTime, Offset, TimeZone};
    use chrono_tz::Tz;

    use super::{local_offset, utc_offset, OffsetCache, Offsets, DAY, MAX_DAYS, MAX_TOTAL_DAYS};

    /// Where the zone's UTC offset changes in `[from, to)`, found from
    /// chrono-tz every six hours and bisected to the second.
    pub(crate) fn changes(zone: Tz, from: i64, to: i64) -> Vec<i64> {
        let offset = |utc: i64| {
            DateTime::from_timestamp(utc, 0).map(|at| {
                zone.offset_from_utc_datetime(&at.naive_utc())
                    .fix()
                    .local_minus_utc()
            })
        };
        let mut found = Vec::new();
        let mut at = from;
        while at < to {
            let next = at + 6 * 3_600;
            if offset(at) != offset(next) {
                let (mut low, mut high) = (at, next);
                while high - low > 1 {
                    let middle = low + (high - low) / 2;
                    if offset(middle) == offset(low) {
                        low = middle;
                    } else {
                        high = middle;
                    }
                }
                found.push(high);
            }
            at = next;
        }
        found
    }

    /// The zones of the tests: DST in both hemispheres, changes at local
    /// midnight (Santiago, Havana), Friday changes (Jerusalem), half-hour
    /// DST (Lord Howe), a skipped day (Apia, 2011-12-30), +05:45.
    pub(crate) const ZONES: [&str; 9] = [
        "Europe/Berlin",
        "America/New_York",
        "Australia/Sydney",
        "America/Santiago",
        "America/Havana",
        "Asia/Jerusalem",
        "Australia/Lord_Howe",
        "Pacific/Apia",
        "Asia/Kathmandu",
    ];

    fn zone(name: &str) -> Tz {
        name.parse().unwrap_or(Tz::UTC)
    }

    fn agree(cache: &mut OffsetCache, tz: Tz, second: i64) -> Result<(), String> {
        let days = cache.zone(tz).ok_or("no zone")?;
        let (offset, local) = (days.offset(second), days.local(second));
        if offset != utc_offset(tz, second) || local != local_offset(tz, second) {
            return Err(format!("{tz} {second}: {offset:?} {local:?}"));
        }
        Ok(())
    }

    #[test]
    fn every_second_around_a_change_agrees_with_chrono_tz() {
        // Berlin's spring and autumn changes of 2026, Apia skipping
        // 2011-12-30, Lord Howe's half hour, Santiago at midnight.
        for name in [
            "Europe/Berlin",
            "Pacific/Apia",
            "Australia/Lord_Howe",
            "America/Santiago",
        ] {
            let tz = zone(name);
            let mut cache = OffsetCache::default();
            for change in changes(tz, 1_293_840_000, 1_330_000_000)
                .into_iter()
                .chain(changes(tz, 1_767_225_600, 1_798_761_600))
            {
                for second in (change - 2 * DAY..change + 2 * DAY).step_by(599) {
                    assert_eq!(agree(&mut cache, tz, second), Ok(()));
                }
                for second in change - 7_300..change + 7_300 {
                    assert_eq!(agree(&mut cache, tz, second), Ok(()));
                }
            }
        }
    }

    #[test]
    fn far_days_are_asked_of_chrono_tz() {
        let tz = zone("America/Santiago");
        let mut cache = OffsetCache::default();
        // Year 0000, then year 9999: too far apart to keep both.
        for utc in [1_775_314_800, -62_167_219_200, 253_402_300_799, 1_775_314_800] {
            assert_eq!(agree(&mut cache, tz, utc), Ok(()));
        }
        assert!(cache.zones.iter().all(|z| z.days.len() <= MAX_DAYS));
    }

    /// Cost finding 7 (RELIABILITY.md#cost): a sweep naming many zones, each
    /// asked about years far apart, kept 768 KiB per zone. The memo now keeps
    /// at most `MAX_TOTAL_DAYS` days over all zones and answers as chrono-tz
    /// does beyond them.
    #[test]
    fn many_zones_share_one_bound() {
        let mut cache = OffsetCache::default();
        let zones: Vec<Tz> = chrono_tz::TZ_VARIANTS.iter().copied().take(40).collect();
        for _ in 0..2 {
            for &tz in &zones {
                // 1901 and 2078: 177 years apart, within one zone's bound.
                for utc in [-2_145_916_800, 3_424_204_800, 1_775_314_800] {
                    assert_eq!(agree(&mut cache, tz, utc), Ok(()));
                }
            }
        }
        assert!(cache.kept() <= MAX_TOTAL_DAYS, "{} days kept", cache.kept());
        assert!(cache.zones.iter().all(|z| z.days.len() <= MAX_DAYS));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Seconds near the changes of a two-year window, asked in random
        /// order, so that the days kept grow both ways.
        #[test]
        fn offsets_and_local_readings_agree_with_chrono_tz(
            name in proptest::sample::select(ZONES.to_vec()),
            year in 1_900i64..2_120,
            picks in proptest::collection::vec((0usize..64, -2 * DAY..2 * DAY), 1..200),
        ) {
            let tz = zone(name);
            let from = (year - 1_970) * 31_556_952;
            let found = changes(tz, from, from + 2 * 31_556_952);
            let mut cache = OffsetCache::default();
            for (pick, delta) in picks {
                let near = found.get(pick % found.len().max(1)).copied().unwrap_or(from);
                proptest::prop_assert_eq!(agree(&mut cache, tz, near + delta), Ok(()));
            }
        }
    }
}
