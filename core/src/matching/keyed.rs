//! `match` over stored keys: a host that saved each lead's `match_keys`
//! compares a new lead with its candidates by those keys alone, without
//! normalising the candidates again. A key names its rule (`rule id:…`,
//! ids hold no `:`), so two leads match a rule exactly when they share a
//! key that starts with its id: the same answer as [`super::match_lead`]
//! gives for the records the keys came from.

use smallvec::{smallvec, SmallVec};

use crate::matching::matcher::{Match, Matches};
use crate::matching::rules::{MatchAction, Matching};
use crate::reason::{DenialCode, Detail, Reason};

/// A saved lead, by its id and the keys `match_keys` gave for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyedLead<'v> {
    /// The lead's id.
    pub id: &'v str,
    /// Its keys, in any order.
    pub keys: &'v [String],
}

/// [`super::match_lead`] for a lead and candidates given by their keys
/// (`lead_id` passes over a candidate of the same id). Keys of a rule the
/// policy no longer has are ignored.
pub fn match_keyed<'v>(
    matching: &'v Matching,
    lead_id: Option<&str>,
    lead_keys: &[String],
    candidates: &[KeyedLead<'v>],
) -> Matches<'v> {
    // The lead's keys of the policy's rules, sorted, each with its rule's
    // place: a candidate's key found here names its rule too, so no
    // candidate key is split or its rule looked up.
    let mut own: SmallVec<[(&str, usize); 16]> = lead_keys
        .iter()
        .filter_map(|key| Some((key.as_str(), rule_of(matching, key)?)))
        .collect();
    own.sort_unstable();
    let mut answer = Matches::default();
    if own.is_empty() {
        return answer;
    }
    let mut hit: SmallVec<[bool; 16]> = smallvec![false; matching.rules.len()];
    for (n, candidate) in candidates.iter().enumerate() {
        if lead_id == Some(candidate.id) {
            continue;
        }
        hit.iter_mut().for_each(|h| *h = false);
        let mut count = 0;
        for key in candidate.keys {
            if let Ok(found) = own.binary_search_by(|(mine, _)| (*mine).cmp(key.as_str())) {
                if let Some(slot) = own.get(found).and_then(|&(_, rule)| hit.get_mut(rule)) {
                    count += usize::from(!*slot);
                    *slot = true;
                }
            }
        }
        if count == 0 {
            continue;
        }
        let mut rules = Vec::with_capacity(count);
        let mut action = MatchAction::Alert;
        for (rule, _) in matching.rules.iter().zip(&hit).filter(|(_, hit)| **hit) {
            rules.push(&*rule.id);
            action = action.max(rule.action);
        }
        if action == MatchAction::Block && answer.reasons.is_empty() {
            answer.reasons.push(Reason {
                code: DenialCode::DuplicateBlocked,
                detail: Detail::Lead(candidate.id),
            });
        }
        if answer.matches.is_empty() {
            // One allocation for the candidates left, within reason.
            answer.matches.reserve(candidates.len().saturating_sub(n).min(64));
        }
        answer.matches.push(Match {
            lead: candidate.id,
            rules,
            action,
        });
    }
    answer
}

/// The place in the policy of the rule `key` belongs to, if it has one.
fn rule_of(matching: &Matching, key: &str) -> Option<usize> {
    let (rule, _) = key.split_once(':')?;
    matching.rules.iter().position(|r| &*r.id == rule)
}
