//! Calendar arithmetic for expiry periods
//! (docs/rules.md#how-a-deadline-is-computed): days counted on the local wall
//! clock of a zone (DST-correct), optionally only business days,
//! hours/minutes/seconds as elapsed time, and the end-of-day rule.

use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;
use std::sync::Arc;

use crate::duration::{Period, MAX_PERIOD_DAYS};
use crate::expiry::offsets::{NoZone, OffsetCache, Offsets, DAY, LAST_YEAR};
use crate::hours::BusinessHours;

pub use crate::expiry::business::BusinessDays;

pub use crate::time::TIME_RANGE;

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// How a template counts: in which zone, which days, where a period ends.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Calendar {
    /// The zone whose wall clock days follow; `None` is UTC.
    pub zone: Option<Tz>,
    /// Move every computed deadline to the next local midnight.
    pub end_of_day: bool,
    /// Count only business days in the day part.
    pub business_days: Option<BusinessDays>,
    /// Count open time of a policy calendar instead of days (then the
    /// zone, business days and end of day stay unset).
    pub hours: Option<NamedHours>,
}

/// The business-hours calendar a template names: its name, and the
/// calendar itself once an engine is built with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedHours {
    /// The name under `policy.calendars`.
    pub name: String,
    pub(crate) hours: Option<Arc<BusinessHours>>,
}

impl NamedHours {
    /// The calendar called `name`, found when the engine is built.
    pub fn new(name: impl Into<String>) -> NamedHours {
        NamedHours {
            name: name.into(),
            hours: None,
        }
    }

    /// `anchor` plus `seconds` of open time, in whole seconds (a
    /// fraction of the anchor is dropped); `None` past year 9999 or for a
    /// calendar not found.
    fn add(&self, anchor: i64, seconds: i64) -> Option<i64> {
        self.hours.as_ref()?.add(anchor, seconds)
    }
}

impl Calendar {
    /// Plain UTC days: no zone, no business days, no end-of-day rule.
    pub fn is_plain(&self) -> bool {
        self.zone.is_none() && !self.end_of_day && self.business_days.is_none() && self.hours.is_none()
    }

    /// `anchor` plus `period`: the day part on the local calendar (keeping
    /// the local time of day), then the time part as elapsed time, then the
    /// end-of-day rule. `None` past year 9999.
    pub fn add(&self, anchor: DateTime<Utc>, period: Period) -> Option<DateTime<Utc>> {
        if let Some(hours) = &self.hours {
            return DateTime::from_timestamp(hours.add(anchor.timestamp(), period.seconds)?, 0);
        }
        let start = self.local(anchor);
        let date = match &self.business_days {
            Some(business) => business.step(start.date(), period.days)?,
            None => start
                .date()
                .checked_add_days(Days::new(u64::try_from(period.days).ok()?))?,
        };
        let moved = if period.days == 0 {
            anchor
        } else {
            self.resolve(date.and_time(start.time()))?
        };
        let mut deadline = moved.checked_add_signed(TimeDelta::try_seconds(period.seconds)?)?;
        if self.end_of_day {
            let next_day = self.local(deadline).date().succ_opt()?;
            deadline = self.resolve(next_day.and_time(NaiveTime::MIN))?;
        }
        (deadline.year() <= LAST_YEAR).then_some(deadline)
    }

    /// [`Calendar::add`], the zone's offsets read through `cache` (a
    /// sweep's memo, [`OffsetCache`]): the same answer.
    pub(crate) fn add_cached(
        &self,
        anchor: DateTime<Utc>,
        period: Period,
        cache: &mut OffsetCache,
    ) -> Option<DateTime<Utc>> {
        if self.hours.is_some() {
            return self.add(anchor, period);
        }
        match self.add_seconds(anchor.timestamp(), period, cache) {
            Some(deadline) => {
                // Only the end-of-day rule moves to a whole second.
                let nanos = if self.end_of_day {
                    0
                } else {
                    anchor.timestamp_subsec_nanos()
                };
                DateTime::from_timestamp(deadline?, nanos)
            }
            None => self.add(anchor, period),
        }
    }

    /// [`Calendar::add`] over whole Unix seconds, the zone's offsets read
    /// through `cache`: the same answer.
    pub(crate) fn add_cached_seconds(
        &self,
        anchor: i64,
        period: Period,
        cache: &mut OffsetCache,
    ) -> Option<i64> {
        if let Some(hours) = &self.hours {
            return hours.add(anchor, period.seconds);
        }
        match self.add_seconds(anchor, period, cache) {
            Some(deadline) => deadline,
            None => self
                .add(DateTime::from_timestamp(anchor, 0)?, period)
                .map(|deadline| deadline.timestamp()),
        }
    }

    /// The steps of [`Calendar::add`] in integer seconds (the sub-second
    /// part of an anchor never changes a step: zones change on whole
    /// seconds). `Some(answer)`, or `None` for inputs left to
    /// [`Calendar::add`]: an anchor outside the years 0000–9999, a period
    /// [`Period::check`] would refuse.
    fn add_seconds(&self, anchor: i64, period: Period, cache: &mut OffsetCache) -> Option<Option<i64>> {
        let usable = (TIME_RANGE.0..=TIME_RANGE.1).contains(&anchor)
            && (0..=MAX_PERIOD_DAYS).contains(&period.days)
            && (0..=MAX_PERIOD_DAYS * DAY).contains(&period.seconds);
        if !usable {
            return None;
        }
        match self.zone {
            Some(zone) => self.add_steps(anchor, period, cache.zone(zone)?),
            None => self.add_steps(anchor, period, &mut NoZone),
        }
    }

    fn add_steps(&self, anchor: i64, period: Period, zone: &mut impl Offsets) -> Option<Option<i64>> {
        let start = anchor + i64::from(zone.offset(anchor)?);
        let moved = if period.days == 0 {
            anchor
        } else {
            let date = start.div_euclid(DAY);
            let date = match &self.business_days {
                Some(business) => {
                    let from =
                        NaiveDate::from_num_days_from_ce_opt(i32::try_from(date + EPOCH_DAYS_FROM_CE).ok()?)?;
                    match business.step(from, period.days) {
                        Some(to) => i64::from(to.num_days_from_ce()) - EPOCH_DAYS_FROM_CE,
                        None => return Some(None),
                    }
                }
                None => date + period.days,
            };
            match resolve_seconds(date * DAY + start.rem_euclid(DAY), zone)? {
                Some(moved) => moved,
                None => return Some(None),
            }
        };
        let mut deadline = moved + period.seconds;
        if self.end_of_day {
            let local = deadline + i64::from(zone.offset(deadline)?);
            let next_day = local.div_euclid(DAY) + 1;
            deadline = match resolve_seconds(next_day * DAY, zone)? {
                Some(midnight) => midnight,
                None => return Some(None),
            };
        }
        Some((deadline <= TIME_RANGE.1).then_some(deadline))
    }

    fn local(&self, instant: DateTime<Utc>) -> NaiveDateTime {
        match self.zone {
            Some(zone) => instant.with_timezone(&zone).naive_local(),
            None => instant.naive_utc(),
        }
    }

    /// The instant of a local wall-clock time: a time skipped by a DST gap
    /// moves forward by the gap; a repeated one takes the earlier instant.
    fn resolve(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        let Some(zone) = self.zone else {
            return Some(local.and_utc());
        };
        match zone.from_local_datetime(&local) {
            chrono::LocalResult::Single(at) => Some(at.with_timezone(&Utc)),
            chrono::LocalResult::Ambiguous(first, second) => Some(first.min(second).with_timezone(&Utc)),
            chrono::LocalResult::None => {
                // Read with the offset in force before the gap, the wall
                // time lands after it, shifted by exactly the gap.
                let before = zone
                    .from_local_datetime(&local.checked_sub_signed(TimeDelta::days(1))?)
                    .earliest()?;
                let offset = before.offset().fix().local_minus_utc();
                let utc = local.checked_sub_signed(TimeDelta::seconds(i64::from(offset)))?;
                Some(utc.and_utc())
            }
        }
    }
}

/// [`Calendar::resolve`] of a local second: `Some(None)` where `resolve`
/// answers `None`; `None` off chrono-tz's calendar.
fn resolve_seconds(local: i64, zone: &mut impl Offsets) -> Option<Option<i64>> {
    Some(match zone.local(local)? {
        Some(offset) => Some(local - i64::from(offset)),
        // In a gap: read with the offset in force a day earlier.
        None => zone.local(local - DAY)?.map(|before| local - i64::from(before)),
    })
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, Utc, Weekday};

    use super::{BusinessDays, Calendar};
    use crate::duration::Period;
    use crate::expiry::business::tests::walk;
    use crate::expiry::offsets::tests::{changes, ZONES};
    use crate::expiry::OffsetCache;

    fn at(text: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    fn add(calendar: &Calendar, anchor: &str, period: &str) -> Option<DateTime<Utc>> {
        calendar.add(at(anchor)?, Period::parse(period).ok()?)
    }

    fn zone(name: &str) -> Calendar {
        Calendar {
            zone: name.parse().ok(),
            ..Calendar::default()
        }
    }

    #[test]
    fn utc_days_are_24_hours() {
        let utc = Calendar::default();
        assert_eq!(
            add(&utc, "2026-03-27T10:00:00Z", "P7D"),
            at("2026-04-03T10:00:00Z")
        );
        assert_eq!(
            add(&utc, "2028-02-28T10:00:00Z", "P1D"),
            at("2028-02-29T10:00:00Z")
        );
        assert_eq!(add(&utc, "9999-12-30T00:00:00Z", "P7D"), None);
    }

    #[test]
    fn zoned_days_keep_the_wall_clock_across_dst() {
        let berlin = zone("Europe/Berlin");
        // Spring forward on 2026-03-29: 7 days are 167 real hours.
        assert_eq!(
            add(&berlin, "2026-03-27T09:00:00Z", "P7D"),
            at("2026-04-03T08:00:00Z")
        );
        // Fall back on 2026-10-25: 25 hours in the day.
        assert_eq!(
            add(&berlin, "2026-10-24T08:00:00Z", "P1D"),
            at("2026-10-25T09:00:00Z")
        );
        // Hours stay elapsed time.
        assert_eq!(
            add(&berlin, "2026-03-28T12:00:00Z", "PT24H"),
            at("2026-03-29T12:00:00Z")
        );
        let new_york = zone("America/New_York");
        assert_eq!(
            add(&new_york, "2026-03-07T15:00:00Z", "P1D"),
            at("2026-03-08T14:00:00Z")
        );
        assert_eq!(
            add(&new_york, "2026-10-31T14:00:00Z", "P1D"),
            at("2026-11-01T15:00:00Z")
        );
    }

    #[test]
    fn a_skipped_local_time_moves_forward_and_a_repeated_one_takes_the_first() {
        let berlin = zone("Europe/Berlin");
        // 02:30 on 2026-03-29 does not exist in Berlin: it becomes 03:30 CEST.
        assert_eq!(
            add(&berlin, "2026-03-28T01:30:00Z", "P1D"),
            at("2026-03-29T01:30:00Z")
        );
        // 02:30 on 2026-10-25 happens twice: the first is 00:30 UTC.
        assert_eq!(
            add(&berlin, "2026-10-24T00:30:00Z", "P1D"),
            at("2026-10-25T00:30:00Z")
        );
    }

    #[test]
    fn end_of_day_is_the_next_local_midnight() {
        let berlin = Calendar {
            end_of_day: true,
            ..zone("Europe/Berlin")
        };
        assert_eq!(
            add(&berlin, "2026-11-20T15:00:00Z", "P5D"),
            at("2026-11-25T23:00:00Z")
        );
        let utc = Calendar {
            end_of_day: true,
            ..Calendar::default()
        };
        assert_eq!(
            add(&utc, "2026-11-20T00:00:00Z", "P1D"),
            at("2026-11-22T00:00:00Z")
        );
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        let holidays = ["2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01"]
            .iter()
            .filter_map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let weekdays = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ];
        let business = Calendar {
            business_days: Some(BusinessDays::new(weekdays, holidays)),
            ..Calendar::default()
        };
        // Wed 23 Dec + 5 business days: 28, 29, 30 Dec, 4, 5 Jan.
        assert_eq!(
            add(&business, "2026-12-23T10:00:00Z", "P5D"),
            at("2027-01-05T10:00:00Z")
        );
        // From a Saturday, the first business day is Monday.
        assert_eq!(
            add(&business, "2026-11-21T10:00:00Z", "P1DT2H"),
            at("2026-11-23T12:00:00Z")
        );
        let never = Calendar {
            business_days: Some(BusinessDays::new([], [])),
            ..Calendar::default()
        };
        assert_eq!(add(&never, "2026-11-21T10:00:00Z", "P1D"), None);
    }

    #[test]
    fn a_midnight_skipped_by_dst_moves_forward_with_or_without_the_memo() {
        // Santiago and Havana change at local midnight: 00:00 of
        // 2026-09-06 (Santiago) and of 2026-03-08 (Havana) never happen.
        for (zone, anchor, due) in [
            ("America/Santiago", "2026-09-04T15:00:00Z", "2026-09-06T04:00:00Z"),
            ("America/Havana", "2026-03-06T15:00:00Z", "2026-03-08T05:00:00Z"),
        ] {
            let calendar = self::calendar(zone, true, None);
            let (Some(anchor), Ok(period)) = (at(anchor), Period::parse("P1D")) else {
                continue;
            };
            let mut cache = OffsetCache::default();
            assert_eq!(calendar.add(anchor, period), at(due), "{zone}");
            assert_eq!(calendar.add_cached(anchor, period, &mut cache), at(due), "{zone}");
        }
    }

    /// The memo's zones, and UTC (no zone).
    fn zones() -> Vec<&'static str> {
        ZONES.iter().copied().chain(["UTC"]).collect()
    }

    /// A calendar of the zone (`UTC` is no zone), the end-of-day rule,
    /// and business days from a weekday mask and holidays (day numbers).
    fn calendar(zone: &str, end_of_day: bool, business: Option<(u8, Vec<i64>)>) -> Calendar {
        let all = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        Calendar {
            zone: (zone != "UTC").then(|| zone.parse().ok()).flatten(),
            end_of_day,
            business_days: business.map(|(mask, holidays)| {
                BusinessDays::new(
                    all.into_iter()
                        .filter(|d| mask & (1 << d.num_days_from_monday()) != 0),
                    holidays.iter().filter_map(|&day| {
                        NaiveDate::from_num_days_from_ce_opt(i32::try_from(day + 719_163).ok()?)
                    }),
                )
            }),
            hours: None,
        }
    }

    fn business() -> impl proptest::strategy::Strategy<Value = Option<(u8, Vec<i64>)>> {
        proptest::option::of((1u8..128, proptest::collection::vec(-30i64..400, 0..12)))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// The sweep's memo answers exactly as chrono-tz asked directly,
        /// for instants around every change of a two-year window: local
        /// times in gaps and overlaps, midnights that do not exist.
        #[test]
        fn the_memo_answers_as_chrono_tz_across_changes(
            zones in proptest::collection::vec(proptest::sample::select(zones()), 1..3),
            year in 1_990i64..2_110,
            picks in proptest::collection::vec((0usize..64, -4 * 86_400i64..4 * 86_400, proptest::option::weighted(0.2, 0u32..1_000_000_000)), 1..60),
            days in proptest::prop_oneof![0i64..3, 0i64..40, 0i64..400],
            seconds in proptest::prop_oneof![0i64..1, 0i64..200_000],
            end_of_day in proptest::bool::ANY,
            business in business(),
        ) {
            let period = Period { days, seconds, has_weeks: false };
            if period.check().is_err() {
                return Ok(());
            }
            let from = (year - 1_970) * 31_556_952;
            let mut cache = OffsetCache::default();
            for zone in &zones {
                let holidays = business.clone().map(|(mask, days)| {
                    (mask, days.iter().map(|d| from / 86_400 + d).collect())
                });
                let calendar = calendar(zone, end_of_day, holidays);
                let found = calendar
                    .zone
                    .map(|tz| changes(tz, from, from + 2 * 31_556_952))
                    .unwrap_or_default();
                for &(pick, delta, nanos) in &picks {
                    // Around a change: the anchor itself, or where its
                    // days land.
                    let near = found.get(pick % found.len().max(1)).copied().unwrap_or(from);
                    for second in [near + delta, near + delta - days * 86_400] {
                        let anchor = DateTime::from_timestamp(second, nanos.unwrap_or(0));
                        let Some(anchor) = anchor else { continue };
                        let direct = calendar.add(anchor, period);
                        proptest::prop_assert_eq!(
                            calendar.add_cached(anchor, period, &mut cache), direct,
                            "{} {} {:?}", zone, anchor, period
                        );
                        if nanos.is_none() {
                            proptest::prop_assert_eq!(
                                calendar.add_cached_seconds(second, period, &mut cache),
                                direct.map(|d| d.timestamp())
                            );
                        }
                    }
                }
            }
        }

        /// Anywhere in the years 0000–9999 (and a little beyond), where
        /// most days are read straight from chrono-tz and years apart.
        #[test]
        fn the_memo_answers_as_chrono_tz_anywhere(
            zone in proptest::sample::select(zones()),
            seconds in proptest::collection::vec(-62_200_000_000i64..253_500_000_000, 1..20),
            days in 0i64..36_525,
            extra in 0i64..100_000,
            end_of_day in proptest::bool::ANY,
            business in business(),
        ) {
            let calendar = calendar(zone, end_of_day, business);
            let mut cache = OffsetCache::default();
            for second in seconds {
                let Some(anchor) = DateTime::from_timestamp(second, 0) else { continue };
                for period in [
                    Period { days, seconds: extra, has_weeks: false },
                    Period { days: -days, seconds: extra, has_weeks: false },
                    Period { days: days + 40_000, seconds: 0, has_weeks: false },
                ] {
                    let direct = calendar.add(anchor, period);
                    proptest::prop_assert_eq!(calendar.add_cached(anchor, period, &mut cache), direct);
                    proptest::prop_assert_eq!(
                        calendar.add_cached_seconds(second, period, &mut cache),
                        direct.map(|d| d.timestamp())
                    );
                }
            }
        }
    }

    /// [`Calendar::add`] with business days counted by walking day after
    /// day (the oracle of `business.rs`): the arithmetic as it was.
    fn add_walking(calendar: &Calendar, anchor: DateTime<Utc>, period: Period) -> Option<DateTime<Utc>> {
        let start = calendar.local(anchor);
        let date = match &calendar.business_days {
            Some(business) => walk(business, start.date(), period.days)?,
            None => start
                .date()
                .checked_add_days(chrono::Days::new(u64::try_from(period.days).ok()?))?,
        };
        let moved = if period.days == 0 {
            anchor
        } else {
            calendar.resolve(date.and_time(start.time()))?
        };
        let mut deadline = moved.checked_add_signed(chrono::TimeDelta::try_seconds(period.seconds)?)?;
        if calendar.end_of_day {
            let next_day = calendar.local(deadline).date().succ_opt()?;
            deadline = calendar.resolve(next_day.and_time(chrono::NaiveTime::MIN))?;
        }
        (chrono::Datelike::year(&deadline) <= super::LAST_YEAR).then_some(deadline)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1_000))]

        /// Business days from the tables built at load, in UTC and in
        /// zones with DST (directly and through a sweep's memo), land
        /// exactly where walking the days did, holidays and periods drawn
        /// around the anchor.
        #[test]
        fn business_days_land_where_walking_did(
            zone in proptest::sample::select(zones()),
            mask in 1u8..128,
            holidays in proptest::collection::vec(
                proptest::prop_oneof![-10i64..40, -400i64..1_200, -40_000i64..40_000], 0..60),
            anchors in proptest::collection::vec(
                proptest::prop_oneof![-62_167_219_200i64..253_402_300_799, 1_700_000_000i64..1_900_000_000], 1..8),
            days in proptest::prop_oneof![0i64..10, 0i64..400, 0i64..36_526],
            seconds in proptest::prop_oneof![0i64..1, 0i64..200_000],
            end_of_day in proptest::bool::ANY,
        ) {
            let period = Period { days, seconds, has_weeks: false };
            let mut cache = OffsetCache::default();
            for anchor in anchors {
                let Some(at) = DateTime::from_timestamp(anchor, 0) else { continue };
                let near = anchor.div_euclid(86_400);
                let calendar = calendar(zone, end_of_day, Some((mask, holidays.iter().map(|h| near + h).collect())));
                let walked = add_walking(&calendar, at, period);
                proptest::prop_assert_eq!(calendar.add(at, period), walked, "{} {} {:?}", zone, at, period);
                proptest::prop_assert_eq!(calendar.add_cached(at, period, &mut cache), walked);
                proptest::prop_assert_eq!(
                    calendar.add_cached_seconds(anchor, period, &mut cache),
                    walked.map(|d| d.timestamp())
                );
            }
        }
    }
}
