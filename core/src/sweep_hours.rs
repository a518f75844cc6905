//! The column sweep's shortcut for templates that count a calendar's open
//! time: after a few leads of one template and phase, one cutoff answers
//! every other lead of the group by a comparison.
//!
//! Why it is the same answer: a lead anchored at `s` with a period of `P`
//! open seconds is due when `add(s, P) <= now`, that is when
//! `open_between(s, now) >= P`; open time to `now` does not grow as `s`
//! moves later, so the due leads are exactly those with `s <= c`, `c` the
//! latest start with `P` open seconds before `now` (found once, by
//! bisection over `open_between`). `add` does not fall as `s` moves later
//! either, so the earliest deadline to come of the group is
//! `add(smallest start not due, P)`, one call at the end; and a start
//! whose deadline falls past year 9999 (an error at its row, as the
//! per-lead path reports it) has only later starts after it, so
//! starts known to get a deadline are tracked by their largest, and a
//! start beyond it is checked before it is let through.

use std::collections::HashMap;

use crate::expiry::{Phase, TIME_RANGE};
use crate::hours::BusinessHours;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// Leads of a group answered lead by lead before its cutoff is sought:
/// finding it costs some forty open-time questions, as many as forty
/// leads would.
const ROWS_BEFORE_CUTOFF: u32 = 40;

/// Where one lead of a calendar template stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Not judged here: the caller adds the period itself.
    Ask,
    /// Due at `now`.
    Due,
    /// Not due; its deadline exists and counts towards the earliest.
    Later,
    /// Its deadline falls past year 9999 (an error at its row).
    Never,
}

/// The groups of one sweep, by template key and phase.
pub(crate) struct HoursCuts<'p> {
    now: i64,
    groups: Vec<Group<'p>>,
    index: HashMap<(u32, Phase), usize>,
    last: Option<((u32, Phase), usize)>,
}

/// One template and phase: its calendar, its period, what is known.
struct Group<'p> {
    hours: &'p BusinessHours,
    period: i64,
    seen: u32,
    cut: Option<Cut>,
}

/// What a group's cutoff knows.
struct Cut {
    /// Leads whose start is at most this are due (`None`: none is).
    due_until: Option<i64>,
    /// Starts at most this get a deadline before year 9999 ends.
    ok_until: i64,
    /// Starts at least this get none (`i64::MAX`: not known).
    never_from: i64,
    /// The smallest start judged `Later`.
    earliest_later: Option<i64>,
    /// How far past a start beyond `ok_until` the next check looks: it
    /// doubles with each check, so a column sorted by time checks a few
    /// dozen times, not once a row.
    stride: i64,
}

impl<'p> HoursCuts<'p> {
    /// No group yet; `now` within the years 0000–9999.
    pub(crate) fn new(now: i64) -> HoursCuts<'p> {
        HoursCuts {
            now,
            groups: Vec::new(),
            index: HashMap::new(),
            last: None,
        }
    }

    /// The verdict for a lead anchored at `at` (within the years
    /// 0000–9999) of template `key` in `phase`, counting `period` open
    /// seconds of `hours`.
    pub(crate) fn judge(
        &mut self,
        key: (u32, Phase),
        hours: &'p BusinessHours,
        period: i64,
        at: i64,
    ) -> Verdict {
        if period <= 0 {
            return Verdict::Ask;
        }
        let position = match self.last {
            Some((last, position)) if last == key => position,
            _ => {
                let count = self.groups.len();
                let position = *self.index.entry(key).or_insert(count);
                if position == count {
                    self.groups.push(Group {
                        hours,
                        period,
                        seen: 0,
                        cut: None,
                    });
                }
                self.last = Some((key, position));
                position
            }
        };
        let now = self.now;
        let Some(group) = self.groups.get_mut(position) else {
            return Verdict::Ask;
        };
        if group.cut.is_none() {
            group.seen += 1;
            if group.seen <= ROWS_BEFORE_CUTOFF {
                return Verdict::Ask;
            }
            let due_until = latest_due_start(group.hours, group.period, now);
            group.cut = Some(Cut {
                due_until,
                ok_until: due_until.unwrap_or(i64::MIN),
                never_from: i64::MAX,
                earliest_later: None,
                stride: DAY,
            });
        }
        let (hours, period) = (group.hours, group.period);
        let Some(cut) = group.cut.as_mut() else {
            return Verdict::Ask;
        };
        if cut.due_until.is_some_and(|c| at <= c) {
            return Verdict::Due;
        }
        if at >= cut.never_from {
            return Verdict::Never;
        }
        if at > cut.ok_until {
            // Leap ahead, farther each time (a sorted column then asks a
            // few dozen times, not once a row); where the leap finds no
            // deadline, pin the border.
            let leap = at.saturating_add(cut.stride).min(TIME_RANGE.1);
            cut.stride = cut.stride.saturating_mul(2);
            if hours.add(leap, period).is_some() {
                cut.ok_until = leap;
            } else if hours.add(at, period).is_none() {
                cut.never_from = at;
                return Verdict::Never;
            } else {
                let (mut ok, mut never) = (at, leap);
                while never - ok > 1 {
                    let mid = ok + (never - ok) / 2;
                    if hours.add(mid, period).is_some() {
                        ok = mid;
                    } else {
                        never = mid;
                    }
                }
                cut.ok_until = ok;
                cut.never_from = never;
            }
        }
        cut.earliest_later = Some(cut.earliest_later.map_or(at, |e| e.min(at)));
        Verdict::Later
    }

    /// The earliest deadline of the leads judged `Later`.
    pub(crate) fn earliest_deadline(&self) -> Option<i64> {
        self.groups
            .iter()
            .filter_map(|g| {
                let start = g.cut.as_ref()?.earliest_later?;
                g.hours.add(start, g.period)
            })
            .min()
    }
}

/// The latest start within the years 0000–9999 with at least `period`
/// open seconds before `now` (`period > 0`), if any: wider and wider
/// spans back from `now` until one holds enough, then bisection.
fn latest_due_start(hours: &BusinessHours, period: i64, now: i64) -> Option<i64> {
    let enough = |start: i64| hours.open_between(start, now) >= period;
    // `now - period + 1` cannot hold `period` seconds.
    let mut not_enough = now.saturating_sub(period).saturating_add(1);
    let mut span = period;
    let mut found = loop {
        let start = now.saturating_sub(span).max(TIME_RANGE.0);
        if enough(start) {
            break start;
        }
        if start <= TIME_RANGE.0 {
            return None;
        }
        not_enough = start;
        span = span.saturating_mul(2);
    };
    while not_enough - found > 1 {
        let mid = found + (not_enough - found) / 2;
        if enough(mid) {
            found = mid;
        } else {
            not_enough = mid;
        }
    }
    Some(found)
}
