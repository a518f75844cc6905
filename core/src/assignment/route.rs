//! Routing one lead: the rules whose org scope and conditions hold are
//! tried in order; a rule tries its pools in order (a pool the request
//! lacks counts as empty) and the first pool with an eligible member
//! decides. A rule with nobody eligible ends the search unless it has
//! `fallthrough: true`, when the next applying rule is tried; `skipped`
//! accumulates across the rules tried.
//!
//! Denials: `no_rule_matched` (no rule applies), `no_eligible_member`
//! (carrying the last pool tried). An assignment's effects: `set_owner`,
//! `advance_cursor` (the pool's cursor becomes the assignee), `notify`
//! (the assignee, in the sales app).

use crate::assignment::condition::Lookup;
use crate::assignment::eligibility::Judge;
use crate::assignment::pool::{AssignLead, Pool};
use crate::assignment::rules::Rules;
use crate::assignment::strategy::{pick, Skipped, Tally};
use crate::effect::{Channel, Effect};
use crate::hours::Calendars;
use crate::orgs::OrgDirectory;
use crate::reason::{DenialCode, Reason, Reasons};
use crate::roles::RoleTable;
use crate::time::Timestamp;

/// Who gets a lead, and why the others did not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assignment<'a> {
    /// Empty when assigned; else `no_rule_matched` or `no_eligible_member`.
    pub reasons: Reasons<'a>,
    /// The rule that assigned, or on a denial the last rule tried.
    pub rule: Option<&'a str>,
    /// The pool the assignee was picked from; `None` on a denial.
    pub pool: Option<&'a str>,
    /// The member picked; `None` on a denial.
    pub assignee: Option<&'a str>,
    /// The members passed over, with every check each failed.
    pub skipped: Vec<Skipped<'a>>,
    /// `set_owner`, `advance_cursor`, `notify` when assigned; else empty.
    pub effects: Vec<Effect<'a>>,
}

impl Assignment<'_> {
    /// Whether the lead was assigned.
    pub fn allowed(&self) -> bool {
        self.reasons.is_empty()
    }
}

/// The directory, roles and rules one routing reads.
pub(crate) struct Router<'p> {
    pub(crate) rules: &'p Rules,
    pub(crate) orgs: &'p OrgDirectory,
    pub(crate) roles: &'p RoleTable,
    pub(crate) calendars: &'p Calendars,
}

/// Where an assignment's pick stands in the request: the pool's index in
/// `pools` and the member's in that pool (a batch counts by them).
pub(crate) type Picked = Option<(usize, usize)>;

impl<'p> Router<'p> {
    /// Routes `lead` among `pools` as the batch `tally` stands.
    pub(crate) fn route<'a>(
        &self,
        lead: &AssignLead<'a>,
        pools: &[Pool<'a>],
        now: Option<Timestamp>,
        tally: &dyn Tally<'a>,
    ) -> Assignment<'a>
    where
        'p: 'a,
    {
        self.route_picked(lead, pools, now, tally, &mut None)
    }

    /// [`Router::route`], writing where the pick stands in the request to
    /// `picked` (an out parameter: the answer is returned where it is
    /// built, not copied out of a pair).
    pub(crate) fn route_picked<'a>(
        &self,
        lead: &AssignLead<'a>,
        pools: &[Pool<'a>],
        now: Option<Timestamp>,
        tally: &dyn Tally<'a>,
        picked_at: &mut Picked,
    ) -> Assignment<'a>
    where
        'p: 'a,
    {
        let judge = Judge {
            roles: self.roles,
            lead_org: self.orgs.id(lead.org),
            fields: &lead.fields,
            now,
            calendars: self.calendars,
        };
        let mut answer = Assignment::default();
        let mut last_pool: Option<&'a str> = None;
        let mut fields = Lookup::new(lead.fields);
        let candidates = self.rules.candidates(&mut fields);
        let applying = candidates
            .filter_map(|i| self.rules.rules.get(i))
            .filter(|rule| rule.applies(self.orgs, lead.org, &mut fields));
        for rule in applying {
            answer.rule = Some(&rule.id);
            for name in rule.pools.iter() {
                let name: &'a str = name;
                last_pool = Some(name);
                let Some(index) = pools.iter().position(|p| p.name == name) else {
                    continue;
                };
                let Some(pool) = pools.get(index) else { continue };
                let picked = pick(
                    rule.strategy,
                    (index, pool),
                    name,
                    &judge,
                    tally,
                    &mut answer.skipped,
                );
                if let Some((i, member)) = picked.and_then(|i| Some((i, pool.members.get(i)?))) {
                    answer.pool = Some(name);
                    answer.assignee = Some(member.id);
                    answer.effects = vec![
                        Effect::SetOwner {
                            lead: Some(lead.id),
                            owner: Some(member.id),
                        },
                        Effect::AdvanceCursor {
                            pool: name,
                            cursor: member.id,
                        },
                        Effect::NotifyUser {
                            channel: Channel::SalesApp,
                            user: member.id,
                            lead: lead.id,
                        },
                    ];
                    *picked_at = Some((index, i));
                    return answer;
                }
            }
            if !rule.fallthrough {
                break;
            }
        }
        answer.reasons = match (answer.rule, last_pool) {
            (Some(_), Some(pool)) => Reasons::one(Reason::about_pool(DenialCode::NoEligibleMember, pool)),
            _ => Reasons::one(Reason::new(DenialCode::NoRuleMatched)),
        };
        answer
    }
}
