//! The SLA clock: open time that is not paused, from a start, against a
//! target. Pauses are `[from, to)` (`to: None` = still paused); they may
//! overlap each other and closed hours, so they are merged first and the
//! clock counts the calendar's open time in the gaps between them.

use crate::hours::BusinessHours;

/// One pause of the clock, in Unix seconds: `[from, to)`, `to: None`
/// while it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    /// When the clock stopped.
    pub from: i64,
    /// When it ran again; `None` while it is still stopped.
    pub to: Option<i64>,
}

/// The state of an SLA clock at `now` (seconds and Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaAnswer {
    /// When the target is used up; `None` when a pause that never ends
    /// begins before it is, or past year 9999.
    pub due_at: Option<i64>,
    /// Open, unpaused seconds in `[start, now)`.
    pub elapsed: i64,
    /// The target less `elapsed`, at least zero.
    pub remaining: i64,
    /// `elapsed >= target`.
    pub breached: bool,
    /// Whether the calendar is open at `now`.
    pub open_now: bool,
    /// The first instant at or after `now` at which it is open.
    pub next_open: Option<i64>,
}

impl BusinessHours {
    /// The clock that started at `start` with `target` seconds of open
    /// time, paused by `pauses` (any order, overlapping or not), at `now`.
    pub fn sla(&self, start: i64, target: i64, now: i64, pauses: &[Pause]) -> SlaAnswer {
        let running = running_spans(start, pauses);
        let elapsed: i64 = running
            .iter()
            .take_while(|&&(from, _)| from < now)
            .map(|&(from, to)| self.open_between(from, to.map_or(now, |to| to.min(now))))
            .sum();
        let next_open = self.next_open(now);
        SlaAnswer {
            due_at: self.due(start, target, &running),
            elapsed,
            remaining: (target - elapsed).max(0),
            breached: elapsed >= target,
            open_now: next_open == Some(now),
            next_open,
        }
    }

    /// Where `target` seconds of open time in `running` are used up.
    fn due(&self, start: i64, target: i64, running: &[(i64, Option<i64>)]) -> Option<i64> {
        if target <= 0 {
            return Some(start);
        }
        let mut left = target;
        for &(from, to) in running {
            let Some(to) = to else {
                return self.add(from, left);
            };
            let open = self.open_between(from, to);
            if open >= left {
                return self.add(from, left);
            }
            left -= open;
        }
        None
    }
}

/// The spans from `start` on in which the clock runs, in order: the gaps
/// between the merged pauses; the last one is open-ended (`None`) unless
/// a pause never ends.
fn running_spans(start: i64, pauses: &[Pause]) -> Vec<(i64, Option<i64>)> {
    let mut sorted: Vec<Pause> = pauses.to_vec();
    sorted.sort_unstable_by_key(|p| p.from);
    let mut spans = Vec::with_capacity(sorted.len() + 1);
    // The clock runs from `cursor` on unless a pause holds it.
    let mut cursor = Some(start);
    for pause in sorted {
        let Some(at) = cursor else { break };
        if pause.to.is_some_and(|to| to <= at) {
            continue;
        }
        if pause.from > at {
            spans.push((at, Some(pause.from)));
        }
        cursor = pause.to.map(|to| to.max(at));
    }
    if let Some(at) = cursor {
        spans.push((at, None));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::{running_spans, Pause};

    #[test]
    fn pauses_merge_and_an_open_one_ends_the_clock() {
        let pause = |from, to| Pause { from, to };
        assert_eq!(running_spans(0, &[]), vec![(0, None)]);
        assert_eq!(
            running_spans(
                0,
                &[pause(50, Some(60)), pause(10, Some(20)), pause(15, Some(30))]
            ),
            vec![(0, Some(10)), (30, Some(50)), (60, None)]
        );
        assert_eq!(
            running_spans(10, &[pause(0, Some(5)), pause(0, Some(12))]),
            vec![(12, None)]
        );
        assert_eq!(
            running_spans(0, &[pause(5, None), pause(7, Some(90))]),
            vec![(0, Some(5))]
        );
        assert_eq!(running_spans(0, &[pause(0, Some(0))]), vec![(0, None)]);
    }
}
