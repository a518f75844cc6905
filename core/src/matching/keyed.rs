//! `match` over stored keys: a host that saved each lead's `match_keys`
//! compares a new lead with its candidates by those keys alone, without
//! normalising the candidates again. A key names its rule (`rule id:…`,
//! ids hold no `:`), so two leads match a rule exactly when they share a
//! key that starts with its id: the same answer as [`super::match_lead`]
//! gives for the records the keys came from.

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
    let mut own: Vec<&str> = lead_keys.iter().map(String::as_str).collect();
    own.sort_unstable();
    let mut answer = Matches::default();
    let mut hit = vec![false; matching.rules.len()];
    for candidate in candidates {
        if lead_id == Some(candidate.id) {
            continue;
        }
        hit.iter_mut().for_each(|h| *h = false);
        for key in candidate.keys {
            let Some((rule, _)) = key.split_once(':') else {
                continue;
            };
            let Some(index) = matching.rules.iter().position(|r| &*r.id == rule) else {
                continue;
            };
            if own.binary_search(&key.as_str()).is_ok() {
                if let Some(slot) = hit.get_mut(index) {
                    *slot = true;
                }
            }
        }
        let rules: Vec<&'v str> = (matching.rules.iter().zip(&hit))
            .filter(|(_, hit)| **hit)
            .map(|(rule, _)| &*rule.id)
            .collect();
        let Some(action) = (matching.rules.iter().zip(&hit))
            .filter(|(_, hit)| **hit)
            .map(|(rule, _)| rule.action)
            .max()
        else {
            continue;
        };
        if action == MatchAction::Block && answer.reasons.is_empty() {
            answer.reasons.push(Reason {
                code: DenialCode::DuplicateBlocked,
                detail: Detail::Lead(candidate.id),
            });
        }
        answer.matches.push(Match {
            lead: candidate.id,
            rules,
            action,
        });
    }
    answer
}
