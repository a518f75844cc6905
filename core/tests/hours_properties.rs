//! The business-hours primitives against a brute-force clock: random
//! calendars (split shifts, `24:00`, intervals around DST hours),
//! holidays and exceptions, in zones with DST in both hemispheres,
//! half-hour DST (Lord Howe), changes at local midnight (Santiago),
//! historical offset changes (Sao Paulo's years of summer time,
//! Kathmandu's +05:30 to +05:45), a skipped day (Apia, 2011-12-30).
//!
//! The clock knows nothing of the fast code: it reads each instant's
//! local time from chrono-tz minute by minute, turns each local boundary
//! into an instant by scanning those readings (the first instant that
//! reads it; in a gap, the last reading before it plus the difference),
//! marks every open minute, and counts.

use chrono::{DateTime, NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;
use leadrules::hours::{BusinessHours, Pause};
use proptest::prelude::*;

const DAY: i64 = 86_400;
const MINUTE: i64 = 60;

const ZONES: [&str; 10] = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "Asia/Kathmandu",
    "Pacific/Apia",
    "Europe/Berlin",
];

/// A calendar as the test draws it: minutes from midnight.
#[derive(Debug, Clone)]
struct Drawn {
    zone: Tz,
    week: [Vec<(i64, i64)>; 7],
    /// Day numbers (days since 1970-01-01).
    holidays: Vec<i64>,
    exceptions: Vec<(i64, Vec<(i64, i64)>)>,
}

fn date(day: i64) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(day + 719_163).unwrap_or(0)).unwrap_or_default()
}

fn build(drawn: &Drawn) -> BusinessHours {
    let built = try_build(drawn);
    assert!(built.is_ok(), "{built:?}");
    built.unwrap_or_else(|_| unreachable!())
}

fn try_build(drawn: &Drawn) -> Result<BusinessHours, String> {
    let seconds = |list: &Vec<(i64, i64)>| -> Vec<(u32, u32)> {
        list.iter()
            .map(|&(s, e)| {
                (
                    u32::try_from(s * 60).unwrap_or(0),
                    u32::try_from(e * 60).unwrap_or(0),
                )
            })
            .collect()
    };
    BusinessHours::new(
        drawn.zone,
        drawn.week.clone().map(|day| seconds(&day)),
        drawn.holidays.iter().map(|&d| date(d)),
        drawn.exceptions.iter().map(|(d, list)| (date(*d), seconds(list))),
    )
}

/// The local reading of an instant.
fn local(zone: Tz, utc: i64) -> i64 {
    let at = DateTime::from_timestamp(utc, 0).unwrap_or_default().naive_utc();
    utc + i64::from(zone.offset_from_utc_datetime(&at).fix().local_minus_utc())
}

/// The brute-force clock over the minutes `[from, to)` (minute-aligned).
struct Clock {
    from: i64,
    open: Vec<bool>,
}

impl Clock {
    fn new(drawn: &Drawn, from: i64, to: i64) -> Clock {
        let minutes = usize::try_from((to - from) / MINUTE).unwrap_or(0);
        let mut open = vec![false; minutes];
        let holidays: std::collections::HashSet<i64> = drawn.holidays.iter().copied().collect();
        for day in from.div_euclid(DAY) - 3..to.div_euclid(DAY) + 3 {
            // Every reading of the instants within 16 hours of the day.
            let readings: Vec<(i64, i64)> = (day * DAY - 16 * 3_600..(day + 1) * DAY + 16 * 3_600 + 1)
                .step_by(60)
                .map(|u| (u, local(drawn.zone, u)))
                .collect();
            let instant = |wall: i64| -> i64 {
                if let Some(&(u, _)) = readings.iter().find(|&&(_, l)| l == wall) {
                    return u;
                }
                let before = readings.iter().rev().find(|&&(_, l)| l < wall);
                before.map_or(wall, |&(u, l)| u + (wall - l))
            };
            let weekday = usize::try_from((day + 3).rem_euclid(7)).unwrap_or(0);
            let intervals = match drawn.exceptions.iter().rev().find(|(d, _)| *d == day) {
                Some((_, own)) => own.clone(),
                None if holidays.contains(&day) => Vec::new(),
                None => drawn.week.get(weekday).cloned().unwrap_or_default(),
            };
            for (s, e) in intervals {
                let (start, end) = (instant(day * DAY + s * 60), instant(day * DAY + e * 60));
                let mut u = start.max(from);
                while u < end.min(to) {
                    if let Some(slot) =
                        open.get_mut(usize::try_from((u - from) / MINUTE).unwrap_or(usize::MAX))
                    {
                        *slot = true;
                    }
                    u += MINUTE;
                }
            }
        }
        Clock { from, open }
    }

    fn index(&self, at: i64) -> usize {
        usize::try_from((at - self.from) / MINUTE).unwrap_or(usize::MAX)
    }

    fn open_between(&self, a: i64, b: i64) -> i64 {
        if b <= a {
            return 0;
        }
        let count = self
            .open
            .get(self.index(a)..self.index(b))
            .map_or(0, |m| m.iter().filter(|&&o| o).count());
        i64::try_from(count).unwrap_or(0) * MINUTE
    }

    /// `None` when the window ends first.
    fn add(&self, from: i64, open: i64) -> Option<i64> {
        if open == 0 {
            return Some(from);
        }
        let mut left = open;
        for (i, &is_open) in self.open.iter().enumerate().skip(self.index(from)) {
            if is_open {
                left -= MINUTE;
                if left == 0 {
                    return Some(self.from + (i64::try_from(i).unwrap_or(0) + 1) * MINUTE);
                }
            }
        }
        None
    }

    fn next_open(&self, at: i64) -> Option<i64> {
        let first = self.open.iter().skip(self.index(at)).position(|&o| o)?;
        Some(at + i64::try_from(first).unwrap_or(0) * MINUTE)
    }
}

/// Where the zone's offset changes within `[from, to)`.
fn changes(zone: Tz, from: i64, to: i64) -> Vec<i64> {
    let offset = |u: i64| local(zone, u) - u;
    (from..to)
        .step_by(3_600)
        .filter(|&u| offset(u) != offset(u + 3_600))
        .collect()
}

/// Wall-clock minutes biased towards midnight and the hours DST moves.
fn minute() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => prop::sample::select(vec![0i64, 60, 90, 120, 150, 180, 240, 1_380, 1_410, 1_440]),
        2 => (0i64..=96).prop_map(|q| q * 15),
        1 => 0i64..=1_440,
    ]
}

/// A sorted list of non-overlapping intervals (touching allowed).
fn intervals() -> impl Strategy<Value = Vec<(i64, i64)>> {
    prop::collection::vec(minute(), 0..7).prop_map(|mut points| {
        points.sort_unstable();
        points.dedup();
        let mut list: Vec<(i64, i64)> = points
            .chunks(2)
            .filter_map(|p| match p {
                [s, e] => Some((*s, *e)),
                _ => None,
            })
            .collect();
        // Sometimes touch: 09:00-13:00, 13:00-18:00.
        if let [(_, e1), (s2, _), ..] = list.as_mut_slice() {
            if *s2 == *e1 + 15 {
                *s2 = *e1;
            }
        }
        list
    })
}

/// Where a window starts: near one of the zone's changes in a year with
/// them (Sao Paulo's summers, Kathmandu's 1986 change, Apia's skipped
/// day), or anywhere in a recent year.
fn window_start(zone: Tz, year: i64, pick: usize, shift: i64) -> i64 {
    let name = zone.name();
    let year = match name {
        "America/Sao_Paulo" => 1985 + year % 34,
        "Asia/Kathmandu" => 1986,
        "Pacific/Apia" => 2011,
        _ => 2000 + year % 40,
    };
    let from = (year - 1970) * 31_556_952;
    let found = changes(zone, from, from + 31_556_952 + 40 * DAY);
    let near = if name == "Pacific/Apia" {
        1_325_203_200
    } else {
        found
            .get(pick % found.len().max(1))
            .copied()
            .unwrap_or(from + i64::try_from(pick).unwrap_or(0) * 7 * DAY)
    };
    (near + shift).div_euclid(MINUTE) * MINUTE
}

fn drawn() -> impl Strategy<Value = (Drawn, i64, usize, i64, i64)> {
    (
        prop::sample::select(ZONES.to_vec()),
        prop::array::uniform7(intervals()),
        prop::collection::vec(-20i64..60, 0..6),
        prop::collection::vec((-20i64..60, intervals()), 0..4),
        0i64..1_000,
        0usize..64,
        -6 * DAY..6 * DAY,
        prop_oneof![3i64..6, 6i64..40],
    )
        .prop_map(|(zone, week, holidays, exceptions, year, pick, shift, days)| {
            let zone: Tz = zone.parse().unwrap_or(Tz::UTC);
            let start = window_start(zone, year, pick, shift);
            let base = start.div_euclid(DAY);
            let drawn = Drawn {
                zone,
                week,
                holidays: holidays.iter().map(|h| base + h / 3).collect(),
                exceptions: exceptions
                    .into_iter()
                    .map(|(d, list)| (base + d / 3, list))
                    .collect(),
            };
            (drawn, start, pick, shift, days)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    /// Open time, adding open time and the next opening agree with the
    /// brute-force clock to the second, for instants all over a window
    /// around DST changes.
    #[test]
    fn the_primitives_agree_with_the_brute_force_clock(
        (drawn, start, _pick, _shift, days) in drawn(),
        picks in prop::collection::vec((0i64..100_000, 0i64..100_000, 0i64..3_000), 1..12),
    ) {
        let hours = build(&drawn);
        let end = start + days * DAY;
        // The clock covers more than the questions, so that an answer
        // within the questions' window is the clock's too.
        let clock = Clock::new(&drawn, start - 2 * DAY, end + 2 * DAY);
        let minutes = (end - start) / MINUTE;
        for (p, q, extra) in picks {
            let a = start + (p % minutes) * MINUTE;
            let b = start + (q % minutes) * MINUTE;
            prop_assert_eq!(hours.open_between(a, b), clock.open_between(a, b), "open [{}, {})", a, b);
            let target = (extra % (days * 24 * 60 / 2).max(1)) * MINUTE;
            if let Some(due) = clock.add(a, target) {
                prop_assert_eq!(hours.add(a, target), Some(due), "add {} + {}", a, target);
            }
            if let Some(open) = clock.next_open(a) {
                prop_assert_eq!(hours.next_open(a), Some(open), "next open from {}", a);
                prop_assert_eq!(hours.is_open(a), open == a);
            }
        }
    }

    /// The SLA clock with pauses (overlapping, over closed hours, one
    /// still open) agrees with stepping the brute-force clock minute by
    /// minute outside the pauses.
    #[test]
    fn the_sla_clock_agrees_with_the_brute_force_clock(
        (drawn, start, _pick, _shift, days) in drawn(),
        pauses in prop::collection::vec((0i64..100_000, 0i64..3_000, prop::bool::weighted(0.1)), 0..5),
        at in (0i64..100_000, 0i64..100_000, 0i64..3_000),
    ) {
        let hours = build(&drawn);
        let end = start + days * DAY;
        let clock = Clock::new(&drawn, start - 2 * DAY, end + 2 * DAY);
        let minutes = (end - start) / MINUTE;
        let pauses: Vec<Pause> = pauses
            .iter()
            .map(|&(from, length, open)| {
                let from = start + (from % minutes) * MINUTE;
                Pause { from, to: (!open).then_some(from + length * MINUTE) }
            })
            .collect();
        let (s, n, target) = (
            start + (at.0 % minutes) * MINUTE,
            start + (at.1 % minutes) * MINUTE,
            (at.2 % (days * 24 * 60 / 2).max(1)) * MINUTE,
        );
        let paused = |u: i64| pauses.iter().any(|p| p.from <= u && p.to.is_none_or(|to| u < to));
        let running = |u: i64| clock.open_between(u, u + MINUTE) > 0 && !paused(u);
        let elapsed = (s..n).step_by(60).filter(|&u| running(u)).count();
        let elapsed = i64::try_from(elapsed).unwrap_or(0) * MINUTE;
        let answer = hours.sla(s, target, n, &pauses);
        prop_assert_eq!(answer.elapsed, elapsed);
        prop_assert_eq!(answer.remaining, (target - elapsed).max(0));
        prop_assert_eq!(answer.breached, elapsed >= target);
        // The deadline, where the window holds it.
        let mut left = target;
        let mut due = (target == 0).then_some(s);
        let mut u = s;
        while due.is_none() && u < end + 2 * DAY - MINUTE {
            if running(u) {
                left -= MINUTE;
                if left == 0 {
                    due = Some(u + MINUTE);
                }
            }
            u += MINUTE;
        }
        if due.is_some() {
            prop_assert_eq!(answer.due_at, due);
        } else if pauses.iter().any(|p| p.to.is_none() && p.from < end) {
            // An open pause inside the window: the clock never reaches it.
            let open_pause = pauses.iter().filter(|p| p.to.is_none()).map(|p| p.from).min();
            if open_pause.is_some_and(|from| from <= end) {
                prop_assert_eq!(answer.due_at, None);
            }
        }
        if let Some(open) = clock.next_open(n) {
            prop_assert_eq!(answer.next_open, Some(open));
            prop_assert_eq!(answer.open_now, open == n);
        }
    }
}

#[test]
fn apia_skipped_a_day_and_its_hours_count_once() {
    // Apia skipped 2011-12-30: its 09:00-17:00 is the same instants as
    // 2011-12-31's, counted once.
    let apia: Tz = "Pacific/Apia".parse().unwrap_or(Tz::UTC);
    let day = vec![(9 * 60, 17 * 60)];
    let drawn = Drawn {
        zone: apia,
        week: std::array::from_fn(|_| day.clone()),
        holidays: Vec::new(),
        exceptions: Vec::new(),
    };
    let hours = build(&drawn);
    let (from, to) = (1_325_116_800 - DAY, 1_325_376_000 + DAY);
    let clock = Clock::new(&drawn, from, to);
    assert_eq!(hours.open_between(from, to), clock.open_between(from, to));
    // Four whole days (28th, 29th, 30th = 31st, 1st) and the parts of the
    // 27th and the 2nd in the window: 40 hours, not 48.
    assert_eq!(hours.open_between(from, to), 40 * 3_600);
}

#[test]
fn an_always_open_calendar_counts_real_time_in_every_zone() {
    for zone in ZONES {
        let drawn = Drawn {
            zone: zone.parse().unwrap_or(Tz::UTC),
            week: std::array::from_fn(|_| vec![(0, 1_440)]),
            holidays: Vec::new(),
            exceptions: Vec::new(),
        };
        let hours = build(&drawn);
        for (a, b) in [(1_774_000_000, 1_776_000_000), (1_325_000_000, 1_325_500_000)] {
            assert_eq!(hours.open_between(a, b), b - a, "{zone}");
            assert_eq!(hours.add(a, b - a), Some(b), "{zone}");
            assert_eq!(hours.next_open(a), Some(a), "{zone}");
            assert!(hours.is_open(b), "{zone}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Over months and years, where whole weeks are skipped: the open
    /// time of a span is the sum over its days (too short to skip), and
    /// adding it back lands on the span's last open instant.
    #[test]
    fn skipped_weeks_count_as_their_days_do(
        (drawn, start, _pick, _shift, _days) in drawn(),
        weeks in 2i64..120,
        cut in 0i64..DAY,
    ) {
        let hours = build(&drawn);
        let end = start + weeks * 7 * DAY + cut;
        let by_days: i64 = (0..=weeks * 7)
            .map(|d| hours.open_between((start + d * DAY).min(end), (start + (d + 1) * DAY).min(end)))
            .sum();
        let total = hours.open_between(start, end);
        prop_assert_eq!(total, by_days);
        if let Some(due) = hours.add(start, total) {
            prop_assert!(due <= end);
            prop_assert_eq!(hours.open_between(start, due), total);
            if total > 0 {
                prop_assert!(hours.open_between(start, due - 1) < total);
            }
        }
    }
}
