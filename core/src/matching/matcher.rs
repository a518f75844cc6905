//! The `match` question: which candidates share a key of some rule with
//! the lead, by which rules (in policy order), with the strongest of
//! their actions; a lead blocked when any rule that matched blocks.
//!
//! Check order: candidates in the host's order; a candidate with the
//! lead's own id is passed over; per rule, a candidate matches when, for
//! every field of the rule, the two leads share a value. That is exactly
//! "the two leads share a key": a key is one value per field, so two
//! leads' key sets meet iff their value sets meet field by field. Compared
//! this way, a match costs the values' count, not their product.

use crate::matching::matched::MatchedRules;
use crate::matching::record::MatchLead;
use crate::matching::rules::{MatchAction, MatchRule, Matching};
use crate::matching::values::Values;
use crate::reason::{DenialCode, Detail, Reason};

/// One candidate that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<'v> {
    /// The candidate's id.
    pub lead: &'v str,
    /// The ids of the rules that matched, in policy order.
    pub rules: MatchedRules<'v>,
    /// The strongest action of those rules.
    pub action: MatchAction,
}

/// The answer to `match`: the matches in candidate order, and the reason
/// that refuses the lead when a blocking rule matched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matches<'v> {
    /// `duplicate_blocked` naming the first blocking candidate, or nothing.
    pub reasons: Vec<Reason<'v>>,
    /// The candidates that matched, in the order given.
    pub matches: Vec<Match<'v>>,
}

impl Matches<'_> {
    /// Whether the lead may be saved: no blocking rule matched.
    pub fn allowed(&self) -> bool {
        self.reasons.is_empty()
    }
}

/// Matches `lead` against `candidates` by `matching`'s rules.
pub fn match_lead<'v>(
    matching: &'v Matching,
    lead: &MatchLead<'v>,
    candidates: &[MatchLead<'v>],
) -> Matches<'v> {
    let mut answer = Matches::default();
    if matching.rules.is_empty() {
        return answer;
    }
    let own = Values::of(matching, lead);
    for candidate in candidates {
        let Some(id) = candidate.id else { continue };
        if lead.id == Some(id) {
            continue;
        }
        let theirs = Values::of(matching, candidate);
        let mut rules = MatchedRules::none(&matching.rules);
        let mut strongest = None;
        for (place, rule) in matching.rules.iter().enumerate() {
            if shares_a_key(rule, &own, &theirs) {
                rules.insert(place);
                strongest = strongest.max(Some(rule.action));
            }
        }
        let Some(action) = strongest else {
            continue;
        };
        if action == MatchAction::Block && answer.reasons.is_empty() {
            answer.reasons.push(Reason {
                code: DenialCode::DuplicateBlocked,
                detail: Detail::Lead(id),
            });
        }
        answer.matches.push(Match {
            lead: id,
            rules,
            action,
        });
    }
    answer
}

/// Whether the two leads share a key of `rule`: a value in every field.
fn shares_a_key(rule: &MatchRule, own: &Values, theirs: &Values) -> bool {
    rule.fields.iter().all(|&field| {
        let mine = own.get(field);
        theirs.get(field).iter().any(|value| mine.contains(value))
    })
}
