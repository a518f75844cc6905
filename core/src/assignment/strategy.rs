//! The two ways to pick from one pool.
//!
//! `round_robin`: members in the order given, starting at the member after
//! the cursor (at the first when the cursor is null or no member's id),
//! wrapping around once; the first eligible member is picked, and the
//! members passed over before it are skipped, in visiting order.
//!
//! `least_loaded`: the eligible member with the smallest
//! `open_leads / weight` is picked; a tie goes to the tied member round
//! robin would reach first. Every ineligible member is skipped, in member
//! order. Ratios are compared by cross-multiplying (exact, no division).

use crate::assignment::eligibility::{Judge, SkipReasons};
use crate::assignment::pool::{Member, Pool};
use crate::assignment::rules::Strategy;

/// A member passed over, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skipped<'a> {
    /// The member's id.
    pub member: &'a str,
    /// The pool it was passed over in.
    pub pool: &'a str,
    /// Every check it failed, in check order.
    pub reasons: SkipReasons,
}

/// Where a batch stands: leads counted so far per member id, and each
/// pool's cursor. One lead alone counts nothing and keeps the cursors.
pub(crate) trait Tally<'a> {
    /// Leads given to `member` earlier in the batch.
    fn added(&self, member: &str) -> u64;
    /// The pool's cursor now.
    fn cursor(&self, pool: &Pool<'a>) -> Option<&'a str>;
}

/// The tally of a lead assigned alone.
pub(crate) struct Alone;

impl<'a> Tally<'a> for Alone {
    fn added(&self, _: &str) -> u64 {
        0
    }

    fn cursor(&self, pool: &Pool<'a>) -> Option<&'a str> {
        pool.cursor
    }
}

/// The position round robin starts at.
fn start(members: &[Member<'_>], cursor: Option<&str>) -> usize {
    let after = cursor.and_then(|cursor| members.iter().position(|m| m.id == cursor));
    match after {
        Some(i) if i + 1 < members.len() => i + 1,
        _ => 0,
    }
}

/// Picks from `pool` by `strategy`: the index of the member picked, with
/// the members passed over pushed to `skipped` (named by `pool_name`).
pub(crate) fn pick<'a>(
    strategy: Strategy,
    pool: &Pool<'a>,
    pool_name: &'a str,
    judge: &Judge<'_>,
    tally: &dyn Tally<'a>,
    skipped: &mut Vec<Skipped<'a>>,
) -> Option<usize> {
    let members = &pool.members;
    let n = members.len();
    let first = start(members, tally.cursor(pool));
    match strategy {
        Strategy::RoundRobin => {
            let order = (first..n).chain(0..first);
            for i in order {
                let Some(member) = members.get(i) else { continue };
                let reasons = judge.judge(member, tally.added(member.id));
                if reasons.is_empty() {
                    return Some(i);
                }
                skipped.push(Skipped {
                    member: member.id,
                    pool: pool_name,
                    reasons,
                });
            }
            None
        }
        Strategy::LeastLoaded => {
            // (index, load, weight, visiting rank) of the best so far.
            let mut best: Option<(usize, u128, u128, usize)> = None;
            for (i, member) in members.iter().enumerate() {
                let added = tally.added(member.id);
                let reasons = judge.judge(member, added);
                if !reasons.is_empty() {
                    skipped.push(Skipped {
                        member: member.id,
                        pool: pool_name,
                        reasons,
                    });
                    continue;
                }
                let load = u128::from(member.open_leads.saturating_add(added));
                let weight = u128::from(member.weight);
                let rank = (i + n - first) % n.max(1);
                let better = best.is_none_or(|(_, best_load, best_weight, best_rank)| {
                    let (mine, theirs) = (load * best_weight, best_load * weight);
                    mine < theirs || (mine == theirs && rank < best_rank)
                });
                if better {
                    best = Some((i, load, weight, rank));
                }
            }
            best.map(|(i, ..)| i)
        }
    }
}
