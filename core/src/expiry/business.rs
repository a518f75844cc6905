//! Business days (docs/rules.md#how-a-deadline-is-computed): which local dates
//! count, and the date a number of them after another, answered from tables
//! built once per template rather than by walking the days.

use chrono::{Datelike, NaiveDate};

use crate::expiry::offsets::LAST_YEAR;

/// The days that count in business-day mode: some weekdays, minus holidays.
///
/// Built once per template (at config load), so that counting `n`
/// business days from any date costs two binary searches over the
/// holidays, whatever `n` and however many holidays there are: a sweep of
/// many leads reuses the same tables for every lead.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BusinessDays {
    /// Bit `n` set: the weekday `n` days from Monday counts.
    weekdays: u8,
    /// Local dates that never count, sorted, without repeats.
    holidays: Vec<NaiveDate>,
    /// The holidays that fall on a counted weekday (the others change no
    /// count), in order, each with the open days before it: derived from
    /// the two fields above.
    lost: Vec<LostDay>,
}

/// A holiday on a counted weekday: its day number (days from the common
/// era, 0001-01-01 being day 1) and how many counted days not lost to a
/// holiday come before it, from a fixed origin ([`BusinessDays::counted_before`]).
/// Both grow along the sorted holidays, so either can be binary searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LostDay {
    day: i64,
    open_before: i64,
}

impl BusinessDays {
    /// Days of `weekdays` (0 = Monday … 6 = Sunday) that are not holidays.
    pub fn new(
        weekdays: impl IntoIterator<Item = chrono::Weekday>,
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Self {
        let mut holidays: Vec<NaiveDate> = holidays.into_iter().collect();
        holidays.sort_unstable();
        holidays.dedup();
        let mut business = BusinessDays {
            weekdays: weekdays
                .into_iter()
                .fold(0, |bits, day| bits | 1 << day.num_days_from_monday()),
            holidays,
            lost: Vec::new(),
        };
        business.lost = business
            .holidays
            .iter()
            .filter(|h| business.counts_weekday(h.weekday()))
            .zip(0..)
            .map(|(h, earlier)| {
                let day = i64::from(h.num_days_from_ce());
                LostDay {
                    day,
                    open_before: business.counted_before(day) - earlier,
                }
            })
            .collect();
        business
    }

    /// The weekdays that count, Monday first.
    pub fn weekdays(&self) -> impl Iterator<Item = chrono::Weekday> + '_ {
        [
            chrono::Weekday::Mon,
            chrono::Weekday::Tue,
            chrono::Weekday::Wed,
            chrono::Weekday::Thu,
            chrono::Weekday::Fri,
            chrono::Weekday::Sat,
            chrono::Weekday::Sun,
        ]
        .into_iter()
        .filter(|day| self.counts_weekday(*day))
    }

    /// The holidays, sorted, without repeats.
    pub fn holidays(&self) -> &[NaiveDate] {
        &self.holidays
    }

    /// Whether no weekday counts (such a rule could never end a period).
    pub fn is_empty(&self) -> bool {
        self.weekdays == 0
    }

    /// Whether `date` counts.
    pub fn counts(&self, date: NaiveDate) -> bool {
        self.counts_weekday(date.weekday()) && self.holidays.binary_search(&date).is_err()
    }

    fn counts_weekday(&self, day: chrono::Weekday) -> bool {
        self.weekdays & (1 << day.num_days_from_monday()) != 0
    }

    /// How many days before day number `day` fall on a counted weekday,
    /// holidays included, counted from the Monday that starts week 0 (day
    /// −6): every week adds the same number, so this is arithmetic, and
    /// the difference of two answers counts the days between.
    fn counted_before(&self, day: i64) -> i64 {
        // Day 1 (0001-01-01) is a Monday: weekday `(day + 6) mod 7`.
        let shifted = day + 6;
        let partial = self.weekdays & ((1u8 << shifted.rem_euclid(7)) - 1);
        shifted.div_euclid(7) * i64::from(self.weekdays.count_ones()) + i64::from(partial.count_ones())
    }

    /// The day number whose [`BusinessDays::counted_before`] is `rank`
    /// and that falls on a counted weekday; `None` when no weekday counts.
    fn counted_at(&self, rank: i64) -> Option<i64> {
        let per_week = i64::from(self.weekdays.count_ones());
        let (week, nth) = (
            rank.checked_div_euclid(per_week)?,
            rank.checked_rem_euclid(per_week)?,
        );
        // The weekday of the `nth` counted weekday of the week (from 0).
        let weekday = (0..7i64)
            .filter(|d| self.weekdays & (1 << d) != 0)
            .nth(usize::try_from(nth).ok()?)?;
        week.checked_mul(7)?.checked_add(weekday - 6)
    }

    /// The date `days` counted days after `from` (which itself never
    /// counts); `None` past the calendar or when no weekday counts.
    ///
    /// The answer is the counted weekday whose rank (counting weekdays
    /// only) is `days` plus the holidays lost before it: those are the
    /// lost days after `from` with fewer than `days` open days between
    /// `from` and themselves, a binary search over
    /// [`LostDay::open_before`].
    pub(crate) fn step(&self, from: NaiveDate, days: i64) -> Option<NaiveDate> {
        if days <= 0 {
            return Some(from);
        }
        let from = i64::from(from.num_days_from_ce());
        let base = self.counted_before(from.checked_add(1)?);
        let start = self.search(|l| l.day <= from);
        // A lost day at index `i ≥ start` has `open_before - base + start`
        // open days between `from` and itself.
        let bound = days.checked_add(base)?.checked_sub(i64::try_from(start).ok()?)?;
        let end = self.search(|l| l.open_before < bound);
        let lost = i64::try_from(end.saturating_sub(start)).ok()?;
        let day = self.counted_at(base.checked_add(days)?.checked_add(lost)?.checked_sub(1)?)?;
        NaiveDate::from_num_days_from_ce_opt(i32::try_from(day).ok()?).filter(|d| d.year() <= LAST_YEAR)
    }

    /// [`slice::partition_point`] over the lost days; the tests count its
    /// probes to bound the cost of a step.
    fn search(&self, below: impl Fn(&LostDay) -> bool) -> usize {
        self.lost.partition_point(|lost| {
            #[cfg(test)]
            tests::PROBES.with(|probes| probes.set(probes.get() + 1));
            below(lost)
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::cell::Cell;

    use chrono::{Datelike, NaiveDate, Weekday};

    use super::BusinessDays;
    use crate::expiry::offsets::LAST_YEAR;

    thread_local! {
        /// Probes of the lost days made by [`BusinessDays::search`].
        pub(super) static PROBES: Cell<usize> = const { Cell::new(0) };
    }

    const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// The weekdays of a mask (bit 0: Monday).
    pub(crate) fn weekdays(mask: u8) -> impl Iterator<Item = Weekday> {
        ALL.into_iter()
            .filter(move |d| mask & (1 << d.num_days_from_monday()) != 0)
    }

    /// The definition, the test oracle: walk day after day from `from`,
    /// counting the days that count, until `days` have; `None` past the
    /// year 9999 or when no weekday counts.
    pub(crate) fn walk(business: &BusinessDays, from: NaiveDate, days: i64) -> Option<NaiveDate> {
        if days > 0 && business.is_empty() {
            return None;
        }
        let mut date = from;
        let mut counted = 0;
        while counted < days {
            date = date.succ_opt().filter(|d| d.year() <= LAST_YEAR)?;
            if business.counts(date) {
                counted += 1;
            }
        }
        Some(date)
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn day_one_of_the_common_era_is_a_monday() {
        // `counted_before` rests on it.
        assert_eq!(date(1, 1, 1).num_days_from_ce(), 1);
        assert_eq!(date(1, 1, 1).weekday(), Weekday::Mon);
    }

    #[test]
    fn dense_holidays_and_long_periods_agree_with_walking() {
        // One counted weekday, every other Monday a holiday.
        let mondays = BusinessDays::new(
            [Weekday::Mon],
            (0..400).filter_map(|i| date(2027, 1, 4).checked_add_days(chrono::Days::new(i * 14))),
        );
        let start = date(2026, 12, 30);
        for days in [0, 1, 2, 3, 50, 777, 36_525] {
            assert_eq!(
                mondays.step(start, days),
                walk(&mondays, start, days),
                "{days} days"
            );
        }
        // Past the calendar, from inside it and from beyond it.
        assert_eq!(mondays.step(date(9999, 12, 20), 2), None);
        assert_eq!(mondays.step(date(10_000, 1, 1), 1), None);
        assert_eq!(mondays.step(date(10_000, 1, 1), 0), Some(date(10_000, 1, 1)));
        assert_eq!(mondays.step(start, i64::MAX), None);
        let never = BusinessDays::new([], [date(2026, 1, 1)]);
        assert_eq!(never.step(start, 1), None);
        assert_eq!(never.step(start, 0), Some(start));
        assert_eq!(never.step(start, -3), Some(start));
    }

    /// Cost finding 7 (RELIABILITY.md#cost): 75,000 holidays in a row cost a
    /// walk of 75,000 days per lead. A step now probes the lost days twice by
    /// binary search, whatever their number or the period.
    #[test]
    fn a_step_probes_the_holidays_logarithmically() {
        let from = date(2026, 1, 1);
        let holidays = (1..=75_000).filter_map(|i| from.checked_add_days(chrono::Days::new(i)));
        let business = BusinessDays::new(weekdays(0b111_1111), holidays);
        for days in [1, 5, 36_525] {
            PROBES.with(|p| p.set(0));
            let stepped = business.step(from, days);
            let probes = PROBES.with(Cell::get);
            assert!(probes <= 2 * 18, "{probes} probes for {days} days");
            assert_eq!(
                stepped,
                from.checked_add_days(chrono::Days::new(75_000 + days as u64))
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

        /// Any weekdays, holidays clustered or spread, any start (near the
        /// holidays, before them, after them, near the year 9999), any
        /// number of days: the tables answer as the walk does.
        #[test]
        fn a_step_agrees_with_walking_days(
            mask in 0u8..128,
            base in proptest::prop_oneof![
                Just(730_000i64), 0i64..3_652_000, Just(3_652_000i64)
            ],
            holidays in proptest::collection::vec(
                proptest::prop_oneof![0i64..30, 0i64..800, 0i64..40_000], 0..80),
            start in proptest::prop_oneof![-20i64..40, -400i64..1_000, -40_000i64..40_000],
            days in proptest::prop_oneof![0i64..10, 0i64..400, 0i64..36_526, -5i64..0],
        ) {
            let day = |n: i64| NaiveDate::from_num_days_from_ce_opt(i32::try_from(base + n).ok()?);
            let business = BusinessDays::new(weekdays(mask), holidays.iter().filter_map(|&h| day(h)));
            let Some(from) = day(start) else { return Ok(()) };
            proptest::prop_assert_eq!(business.step(from, days), walk(&business, from, days));
        }
    }

    use proptest::strategy::Just;
}
