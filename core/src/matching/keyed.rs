//! `match` over stored keys: a host that saved each lead's `match_keys`
//! compares a new lead with its candidates by those keys alone, without
//! normalising the candidates again. A key names its rule (`rule id:…`,
//! ids hold no `:`), so two leads match a rule exactly when they share a
//! key that starts with its id: the same answer as [`super::match_lead`]
//! gives for the records the keys came from.

use smallvec::SmallVec;

use crate::matching::matched::MatchedRules;
use crate::matching::matcher::{Match, Matches};
use crate::matching::rules::{MatchAction, Matching};
use crate::reason::{DenialCode, Detail, Reason};

/// A saved lead, by its id and the keys `match_keys` gave for it: owned
/// strings (`KeyedLead<'_>`, keys as `match_keys` returns them) or
/// borrowed ones (`KeyedLead<'_, &str>`, keys read from a host's rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyedLead<'v, K = String> {
    /// The lead's id.
    pub id: &'v str,
    /// Its keys, in any order.
    pub keys: &'v [K],
}

/// [`super::match_lead`] for a lead and candidates given by their keys
/// (`lead_id` passes over a candidate of the same id). Keys of a rule the
/// policy no longer has are ignored.
pub fn match_keyed<'v, L: AsRef<str>, K: AsRef<str>>(
    matching: &'v Matching,
    lead_id: Option<&str>,
    lead_keys: &[L],
    candidates: &[KeyedLead<'v, K>],
) -> Matches<'v> {
    // The lead's keys of the policy's rules, each with its rule's place:
    // a candidate's key found here names its rule too, so no candidate
    // key is split or its rule looked up.
    let own = Own::new(matching, lead_keys);
    let mut answer = Matches::default();
    if own.keys.is_empty() {
        return answer;
    }
    for (n, candidate) in candidates.iter().enumerate() {
        if lead_id == Some(candidate.id) {
            continue;
        }
        let mut rules = MatchedRules::none(&matching.rules);
        let mut strongest = None;
        for key in candidate.keys {
            if let Some((place, action)) = own.rule_of(key.as_ref()) {
                rules.insert(place);
                strongest = strongest.max(Some(action));
            }
        }
        let Some(action) = strongest else {
            continue;
        };
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

/// The lead's keys, sorted, each with its rule's place and its last
/// bytes: a few keys are scanned (most keys that differ differ in length
/// or at the end, where the values are), many are searched.
struct Own<'k> {
    keys: SmallVec<[(&'k str, usize, MatchAction, u64); 16]>,
}

/// Up to this many keys, a scan beats a binary search.
const SCANNED: usize = 16;

impl<'k> Own<'k> {
    fn new<L: AsRef<str>>(matching: &Matching, lead_keys: &'k [L]) -> Own<'k> {
        let mut keys: SmallVec<[(&'k str, usize, MatchAction, u64); 16]> = lead_keys
            .iter()
            .map(AsRef::as_ref)
            .filter_map(|key| {
                let (place, action) = rule_of(matching, key)?;
                Some((key, place, action, tail(key)))
            })
            .collect();
        keys.sort_unstable();
        Own { keys }
    }

    /// The rule (its place and action) of the lead's key equal to `key`,
    /// if the lead has it.
    fn rule_of(&self, key: &str) -> Option<(usize, MatchAction)> {
        if self.keys.len() > SCANNED {
            let found = self.keys.binary_search_by(|(mine, ..)| (*mine).cmp(key)).ok()?;
            return self.keys.get(found).map(|&(_, place, action, _)| (place, action));
        }
        let last = tail(key);
        self.keys
            .iter()
            .find(|&&(mine, _, _, mine_last)| mine_last == last && mine.len() == key.len() && mine == key)
            .map(|&(_, place, action, _)| (place, action))
    }
}

/// The last (up to) eight bytes of `key`, as one number.
fn tail(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let start = bytes.len().saturating_sub(8);
    bytes
        .get(start..)
        .unwrap_or_default()
        .iter()
        .fold(0, |acc, &b| (acc << 8) | u64::from(b))
}

/// The place in the policy of the rule `key` belongs to, and its action,
/// if the policy has it.
fn rule_of(matching: &Matching, key: &str) -> Option<(usize, MatchAction)> {
    let (rule, _) = key.split_once(':')?;
    let place = matching.rules.iter().position(|r| &*r.id == rule)?;
    matching.rules.get(place).map(|r| (place, r.action))
}

#[cfg(test)]
mod tests {
    use super::Own;
    use crate::matching::{MatchAction, MatchField, MatchRule, Matching};

    #[test]
    fn scanned_and_searched_keys_are_found_alike() {
        let matching = Matching {
            default_region: None,
            rules: vec![MatchRule {
                id: "p".into(),
                fields: vec![MatchField::Phone],
                action: MatchAction::Block,
            }],
        };
        for count in [3, 40] {
            let keys: Vec<String> = (0..count).map(|i| format!("p:+9198123456{i:02}")).collect();
            let mut with_stray = keys.clone();
            with_stray.push("gone:+919812345600".to_owned());
            let own = Own::new(&matching, &with_stray);
            assert_eq!(own.keys.len(), count);
            for key in &keys {
                assert_eq!(own.rule_of(key), Some((0, MatchAction::Block)), "{key}");
            }
            for missing in ["p:+919812345699", "p:+9198123456", "gone:+919812345600", ""] {
                assert_eq!(own.rule_of(missing), None, "{missing}");
            }
        }
    }
}
