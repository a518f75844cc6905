//! Many leads at once (a bulk import): assigned in order, each after the
//! ones before it are counted. After each assignment the new lead counts
//! in the open leads of every member record with the assignee's id (in
//! every pool) and the pool's cursor moves to the assignee, so a batch
//! rotates exactly as the same leads asked one by one with each answer
//! applied. A denied lead changes nothing. Members are numbered by user
//! and pools by index once per batch: counting a lead hashes nothing.

use std::collections::HashMap;

use crate::assignment::pool::{AssignLead, Pool};
use crate::assignment::route::{Assignment, Router};
use crate::assignment::strategy::{start, Tally};
use crate::time::Timestamp;

/// The answers of a batch, one per lead in order, and where it left the
/// cursors.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assignments<'a> {
    /// One answer per lead, in the leads' order.
    pub assignments: Vec<Assignment<'a>>,
    /// Each pool an allowed assignment used, with its cursor after the
    /// batch, in the order the pools were first used.
    pub cursors: Vec<(&'a str, &'a str)>,
}

/// Where a batch stands. Members are counted by user: every member record
/// with one id (in any pool) shares one count.
struct Running<'a> {
    /// Per pool, per member: its user's index into `added`.
    users: Vec<Vec<usize>>,
    /// Leads given to each user so far.
    added: Vec<u64>,
    /// Per pool: where round robin starts now.
    starts: Vec<usize>,
    /// Per pool: its index into `cursors`, once the batch used it.
    slots: Vec<Option<usize>>,
    cursors: Vec<(&'a str, &'a str)>,
}

impl<'a> Tally<'a> for Running<'a> {
    fn added(&self, pool: usize, member: usize) -> u64 {
        let user = self.users.get(pool).and_then(|users| users.get(member));
        user.and_then(|&user| self.added.get(user)).copied().unwrap_or(0)
    }

    fn start(&self, pool: usize, _: &Pool<'a>) -> usize {
        self.starts.get(pool).copied().unwrap_or(0)
    }
}

impl<'a> Running<'a> {
    /// Nothing counted yet: each pool starts at `starts` (after its own
    /// cursor). The
    /// users are numbered here, once, so that counting a lead is indexing.
    fn new(pools: &[Pool<'a>], starts: &[usize]) -> Self {
        let mut numbers: HashMap<&str, usize> = HashMap::new();
        let users: Vec<Vec<usize>> = pools
            .iter()
            .map(|pool| {
                pool.members
                    .iter()
                    .map(|member| {
                        let next = numbers.len();
                        *numbers.entry(member.id).or_insert(next)
                    })
                    .collect()
            })
            .collect();
        Running {
            users,
            added: vec![0; numbers.len()],
            starts: pools
                .iter()
                .enumerate()
                .map(|(i, pool)| {
                    starts
                        .get(i)
                        .copied()
                        .unwrap_or_else(|| start(&pool.members, pool.cursor))
                })
                .collect(),
            slots: vec![None; pools.len()],
            cursors: Vec::new(),
        }
    }

    /// Counts an assignment of member `member` of pool `pool`.
    fn apply(&mut self, pools: &[Pool<'a>], (pool, member): (usize, usize)) {
        let Some(of) = pools.get(pool) else { return };
        let Some(assignee) = of.members.get(member) else {
            return;
        };
        let user = self.users.get(pool).and_then(|users| users.get(member));
        if let Some(count) = user.and_then(|&user| self.added.get_mut(user)) {
            *count += 1;
        }
        if let Some(start) = self.starts.get_mut(pool) {
            *start = if member + 1 < of.members.len() {
                member + 1
            } else {
                0
            };
        }
        match self.slots.get_mut(pool) {
            Some(Some(slot)) => {
                if let Some(cursor) = self.cursors.get_mut(*slot) {
                    cursor.1 = assignee.id;
                }
            }
            Some(empty) => {
                *empty = Some(self.cursors.len());
                self.cursors.push((of.name, assignee.id));
            }
            None => {}
        }
    }
}

impl<'p> Router<'p> {
    /// Routes `leads` in order, each counted before the next.
    pub(crate) fn route_batch<'a>(
        &self,
        leads: &[AssignLead<'a>],
        pools: &[Pool<'a>],
        starts: &[usize],
        now: Option<Timestamp>,
    ) -> Assignments<'a>
    where
        'p: 'a,
    {
        let mut running = Running::new(pools, starts);
        let mut assignments = Vec::with_capacity(leads.len());
        for lead in leads {
            let mut picked = None;
            // Pushed as returned: the answer is built in its place.
            assignments.push(self.route_picked(lead, pools, now, &running, &mut picked));
            if let Some(picked) = picked {
                running.apply(pools, picked);
            }
        }
        Assignments {
            assignments,
            cursors: running.cursors,
        }
    }
}
