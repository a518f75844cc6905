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

/// Where a batch stands: leads counted so far per member, and where each
/// pool's rotation starts. One lead alone counts nothing and starts after
/// the cursor it was given. Pools and members are named by their indexes
/// in the request.
pub(crate) trait Tally<'a> {
    /// Leads given to member `member` of pool `pool` earlier in the batch.
    fn added(&self, pool: usize, member: usize) -> u64;
    /// The member of pool `pool` round robin visits first.
    fn start(&self, pool: usize, of: &Pool<'a>) -> usize;
}

/// The tally of a lead assigned alone: each pool starts where the check
/// of the request found its cursor (by the pool's index).
pub(crate) struct Alone<'s>(pub(crate) &'s [usize]);

impl<'a> Tally<'a> for Alone<'_> {
    fn added(&self, _: usize, _: usize) -> u64 {
        0
    }

    fn start(&self, pool: usize, of: &Pool<'a>) -> usize {
        self.0
            .get(pool)
            .copied()
            .unwrap_or_else(|| start(&of.members, of.cursor))
    }
}

/// The position round robin starts at: after the member the cursor names.
pub(crate) fn start(members: &[Member<'_>], cursor: Option<&str>) -> usize {
    let after = cursor.and_then(|cursor| members.iter().position(|m| same_id(m.id, cursor)));
    match after {
        Some(i) if i + 1 < members.len() => i + 1,
        _ => 0,
    }
}

/// `a == b`, the last bytes compared first: ids of one pool often share a
/// length and a prefix (`u17`, `u18`), rarely a last byte.
fn same_id(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().last() == b.as_bytes().last() && a == b
}

/// Picks from pool `index` of the request, `pool`, by `strategy`: the
/// index of the member picked, with the members passed over pushed to
/// `skipped` (named by `pool_name`).
pub(crate) fn pick<'a>(
    strategy: Strategy,
    (index, pool): (usize, &Pool<'a>),
    pool_name: &'a str,
    judge: &Judge<'_>,
    tally: &dyn Tally<'a>,
    skipped: &mut Vec<Skipped<'a>>,
) -> Option<usize> {
    let members = &pool.members;
    let n = members.len();
    let first = tally.start(index, pool);
    match strategy {
        Strategy::RoundRobin => {
            let (after, before) = (members.get(first..)?, members.get(..first)?);
            let order = after.iter().zip(first..).chain(before.iter().zip(0..));
            for (member, i) in order {
                let reasons = judge.judge(member, tally.added(index, i));
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
                let added = tally.added(index, i);
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
