//! Many leads at once (a bulk import): assigned in order, each after the
//! ones before it are counted. After each assignment the new lead counts
//! in the open leads of every member record with the assignee's id (in
//! every pool) and the pool's cursor moves to the assignee, so a batch
//! rotates exactly as the same leads asked one by one with each answer
//! applied. A denied lead changes nothing.

use std::collections::HashMap;

use crate::assignment::pool::{AssignLead, Pool};
use crate::assignment::route::{Assignment, Router};
use crate::assignment::strategy::Tally;
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

/// Where a batch stands.
#[derive(Default)]
struct Running<'a> {
    added: HashMap<&'a str, u64>,
    /// Index into `cursors` by pool name.
    cursor_index: HashMap<&'a str, usize>,
    cursors: Vec<(&'a str, &'a str)>,
}

impl<'a> Tally<'a> for Running<'a> {
    fn added(&self, member: &str) -> u64 {
        self.added.get(member).copied().unwrap_or(0)
    }

    fn cursor(&self, pool: &Pool<'a>) -> Option<&'a str> {
        match self.cursor_index.get(pool.name) {
            Some(&i) => self.cursors.get(i).map(|(_, cursor)| *cursor),
            None => pool.cursor,
        }
    }
}

impl Running<'_> {
    fn apply<'a>(running: &mut Running<'a>, answer: &Assignment<'a>) {
        let (Some(pool), Some(assignee)) = (answer.pool, answer.assignee) else {
            return;
        };
        *running.added.entry(assignee).or_insert(0) += 1;
        match running.cursor_index.get(pool) {
            Some(&i) => {
                if let Some(slot) = running.cursors.get_mut(i) {
                    slot.1 = assignee;
                }
            }
            None => {
                running.cursor_index.insert(pool, running.cursors.len());
                running.cursors.push((pool, assignee));
            }
        }
    }
}

impl<'p> Router<'p> {
    /// Routes `leads` in order, each counted before the next.
    pub(crate) fn route_batch<'a>(
        &self,
        leads: &[AssignLead<'a>],
        pools: &[Pool<'a>],
        now: Option<Timestamp>,
    ) -> Assignments<'a>
    where
        'p: 'a,
    {
        let mut running = Running::default();
        let mut assignments = Vec::with_capacity(leads.len());
        for lead in leads {
            let answer = self.route(lead, pools, now, &running);
            Running::apply(&mut running, &answer);
            assignments.push(answer);
        }
        Assignments {
            assignments,
            cursors: running.cursors,
        }
    }
}
