//! How an SLA clock counted, for an explainer: the calendar's open
//! stretches from the clock's start on, each marked as counted or cut out
//! by a pause, split at the instants the explainer marks (`now`, the due
//! time). Built only from the public
//! primitives of `hours/` (the next opening, open time between two
//! instants), so it reads no internals; the answer itself stays
//! `Engine::sla`'s.

use chrono::DateTime;

use crate::engine::Engine;
use crate::error::Error;
use crate::hours::{BusinessHours, Pause};
use crate::sla::check_pauses;
use crate::time::Timestamp;

/// One stretch of open time, its instants in the calendar's local offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaSpan {
    /// Where it starts.
    pub from: Timestamp,
    /// Where it ends (the next instant that is closed, paused, resumed
    /// or marked).
    pub to: Timestamp,
    /// Whether a pause cut it out (the clock did not run).
    pub paused: bool,
}

impl Engine {
    /// The open stretches of calendar `calendar` in `[start, until)`, split
    /// where a pause begins or ends and at each of `marks`, at most
    /// `limit` of them (Unix seconds in, local instants out). Errors as
    /// for [`Engine::sla`]: `unknown_calendar` (path `calendar`), a pause
    /// that ends before it begins (`paused[i].to`).
    pub fn sla_spans(
        &self,
        calendar: &str,
        (start, until): (i64, i64),
        marks: &[i64],
        pauses: &[Pause],
        limit: usize,
    ) -> Result<Vec<SlaSpan>, Error> {
        let hours = self.require_calendar(calendar, "calendar")?;
        check_pauses(pauses)?;
        let mut cuts: Vec<i64> = pauses
            .iter()
            .flat_map(|p| [Some(p.from), p.to])
            .flatten()
            .chain(marks.iter().copied())
            .filter(|&t| t > start && t < until)
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut spans = Vec::new();
        let mut at = start;
        while at < until && spans.len() < limit {
            let Some(open) = hours.next_open(at).filter(|&open| open < until) else {
                break;
            };
            let end = run_end(hours, open, until);
            let mut from = open;
            for &cut in cuts.iter().filter(|&&c| c > open && c < end).chain([&end]) {
                if spans.len() == limit {
                    break;
                }
                let paused = pauses
                    .iter()
                    .any(|p| p.from <= from && p.to.is_none_or(|to| from < to));
                if let Some(span) = span(hours, from, cut, paused) {
                    spans.push(span);
                }
                from = cut;
            }
            at = end.max(at + 1);
        }
        Ok(spans)
    }
}

/// The end of the open run that starts at `open`, at most `cap`: the
/// latest instant with no closed second between it and `open`, found by
/// halving (open time in `[open, t)` equals `t - open` exactly while the
/// run lasts).
fn run_end(hours: &BusinessHours, open: i64, cap: i64) -> i64 {
    let whole = |t: i64| hours.open_between(open, t) == t - open;
    if whole(cap) {
        return cap;
    }
    let (mut good, mut bad) = (open, cap);
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        if whole(mid) {
            good = mid;
        } else {
            bad = mid;
        }
    }
    good
}

fn span(hours: &BusinessHours, from: i64, to: i64, paused: bool) -> Option<SlaSpan> {
    let local =
        |t: i64| DateTime::from_timestamp(t, 0).map(|utc| utc.with_timezone(&hours.zone()).fixed_offset());
    Some(SlaSpan {
        from: local(from)?,
        to: local(to)?,
        paused,
    })
}
