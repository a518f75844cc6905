//! How each assignment rule and each member's own conditions stand for a
//! lead, condition by condition: what an answer does not carry (it names
//! only the rule that decided) and a person reading it needs, "rule `web`
//! did not match: its second condition failed". For explaining an answer
//! (`leadrules explain`), never on the routing path: it allocates, and
//! the answer itself is [`Engine::assign`]'s alone.

use crate::assignment::{AssignLead, Member, Strategy};
use crate::engine::Engine;

/// One assignment rule as it stands for one lead, in policy order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTrial<'p> {
    /// The rule's id.
    pub id: &'p str,
    /// The org the rule is scoped to, if any.
    pub org: Option<&'p str>,
    /// Whether the lead's org is the rule's org or below it (true for a
    /// rule with no org).
    pub in_scope: bool,
    /// The positions, in the rule's `when`, of the conditions that fail
    /// for the lead; empty when all hold.
    pub failed: Vec<usize>,
    /// How many conditions the rule's `when` has.
    pub conditions: usize,
    /// The pools the rule names, in order.
    pub pools: Vec<&'p str>,
    /// How the rule picks in a pool.
    pub strategy: Strategy,
    /// Whether a rule with nobody eligible hands the lead to the next.
    pub fallthrough: bool,
}

impl RuleTrial<'_> {
    /// Whether the rule applies to the lead (in scope, every condition
    /// holding): the rules [`Engine::assign`] tries, in this order.
    pub fn applies(&self) -> bool {
        self.in_scope && self.failed.is_empty()
    }
}

impl Engine {
    /// Every assignment rule, in policy order, with whether it applies to
    /// `lead` and which of its conditions fail. The rules [`Engine::assign`]
    /// tries are exactly those that apply, in this order; its answer's
    /// `rule` says where it stopped.
    pub fn assignment_rule_trials(&self, lead: &AssignLead<'_>) -> Vec<RuleTrial<'_>> {
        let orgs = &self.policy.orgs;
        self.policy
            .assignment
            .rules
            .iter()
            .map(|rule| RuleTrial {
                id: &rule.id,
                org: rule.org.map(|org| orgs.id(org)),
                in_scope: rule.org.is_none_or(|top| orgs.is_within(lead.org, top)),
                failed: failing(rule.when.iter().map(|c| c.holds(&lead.fields))),
                conditions: rule.when.len(),
                pools: rule.pools.iter().map(|p| &**p).collect(),
                strategy: rule.strategy,
                fallthrough: rule.fallthrough,
            })
            .collect()
    }

    /// The positions, in `member`'s `accepts`, of the conditions that fail
    /// for `lead`: why a member was skipped as `not_accepted`.
    pub fn failed_accepts(&self, member: &Member<'_>, lead: &AssignLead<'_>) -> Vec<usize> {
        failing(member.accepts.iter().map(|c| c.holds(&lead.fields)))
    }
}

/// The positions of the `false`s.
fn failing(holds: impl Iterator<Item = bool>) -> Vec<usize> {
    holds
        .enumerate()
        .filter(|(_, holds)| !holds)
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::assignment::{AssignLead, FieldValue, LeadFields, Member, Strategy};
    use crate::Engine;

    const CONFIG: &str = r#"{"orgs": [{"id": "hq"}, {"id": "north", "parent": "hq"}, {"id": "south", "parent": "hq"}],
        "policy": {"assignment": {"rules": [
            {"id": "web", "org": "north", "when": [{"field": "source", "equals": "web"},
                {"field": "budget", "min": 100}], "pools": ["inside", "overflow"], "strategy": "round_robin"},
            {"id": "big", "when": [{"field": "budget", "min": 1000}], "pools": ["senior"],
                "strategy": "least_loaded", "fallthrough": true},
            {"id": "rest", "pools": ["general"], "strategy": "round_robin"}]}}}"#;

    #[test]
    fn every_rule_says_whether_it_applies_and_which_conditions_fail() -> Result<(), crate::Error> {
        let engine = Engine::from_json(CONFIG)?;
        let south = engine
            .org("south")
            .ok_or_else(|| crate::Error::new(crate::ErrorCode::UnknownOrg, "", ""))?;
        let fields = [
            ("source", FieldValue::Text("phone")),
            ("budget", FieldValue::Number(crate::assignment::Number(5000.0))),
        ];
        let lead = AssignLead {
            id: "L1",
            org: south,
            fields: LeadFields::Pairs(&fields),
        };
        let trials = engine.assignment_rule_trials(&lead);
        let seen: Vec<_> = trials
            .iter()
            .map(|t| (t.id, t.org, t.in_scope, t.applies()))
            .collect();
        assert_eq!(
            seen,
            [
                ("web", Some("north"), false, false),
                ("big", None, true, true),
                ("rest", None, true, true)
            ]
        );
        let failed: Vec<&[usize]> = trials.iter().map(|t| t.failed.as_slice()).collect();
        assert_eq!(failed, [&[0][..], &[], &[]]);
        assert_eq!(
            trials.first().map(|t| (t.conditions, t.pools.clone())),
            Some((2, vec!["inside", "overflow"]))
        );
        assert_eq!(
            trials.get(1).map(|t| (t.strategy, t.fallthrough)),
            Some((Strategy::LeastLoaded, true))
        );
        // The rules that apply are the ones the router tries, in order.
        let role = engine
            .role("professional")
            .ok_or_else(|| crate::Error::new(crate::ErrorCode::UnknownRole, "", ""))?;
        let accepts = [
            r#"{"field": "source", "equals": "web"}"#,
            r#"{"field": "budget", "max": 9000}"#,
        ]
        .iter()
        .filter_map(|c| serde_json::from_str(c).ok())
        .filter_map(|v| crate::assignment::Condition::parse(&v).ok())
        .collect();
        let member = Member {
            accepts,
            ..Member::new("u1", "south", role)
        };
        assert_eq!(engine.failed_accepts(&member, &lead), [0]);
        Ok(())
    }
}
