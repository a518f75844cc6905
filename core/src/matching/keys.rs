//! Match keys, for the host's index: per rule, one key per combination of
//! the lead's values of the rule's fields (in the rule's order), written
//! `rule id:value|value`; all of them sorted, each once. `|` never occurs
//! in a phone, name or company value, and a rule compares an e-mail at
//! most once, so a key reads back into its values unambiguously.

use smallvec::{smallvec, SmallVec};

use crate::matching::record::MatchLead;
use crate::matching::rules::{MatchRule, Matching};
use crate::matching::values::{FieldValues, Values};

/// The sorted, distinct match keys of `lead`.
pub fn match_keys(matching: &Matching, lead: &MatchLead<'_>) -> Vec<String> {
    keys_of(matching, &Values::of(matching, lead))
}

/// The sorted, distinct keys of a lead's normalised values.
pub(crate) fn keys_of(matching: &Matching, values: &Values) -> Vec<String> {
    let mut keys = Vec::with_capacity(matching.rules.len());
    for rule in &matching.rules {
        rule_keys(rule, values, &mut keys);
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Pushes `rule`'s keys for `values`: none when a field has no value.
/// Each key is written once, into a string of its exact length, walking
/// the combinations like an odometer (the last field turning fastest).
fn rule_keys(rule: &MatchRule, values: &Values, keys: &mut Vec<String>) {
    let fields: SmallVec<[FieldValues<'_>; 4]> = rule.fields.iter().map(|&field| values.get(field)).collect();
    if fields.iter().any(|list| list.is_empty()) {
        return;
    }
    let mut turn: SmallVec<[usize; 4]> = smallvec![0; fields.len()];
    loop {
        let chosen = || fields.iter().zip(&turn).filter_map(|(list, &i)| list.get(i));
        let len = rule.id.len() + chosen().map(|value| value.len() + 1).sum::<usize>();
        let mut key = String::with_capacity(len);
        key.push_str(&rule.id);
        key.push(':');
        for (n, value) in chosen().enumerate() {
            if n > 0 {
                key.push('|');
            }
            key.push_str(value);
        }
        keys.push(key);
        // The next combination, or the end.
        let mut place = fields.len();
        loop {
            let Some(next) = place.checked_sub(1) else {
                return;
            };
            place = next;
            let (Some(i), Some(list)) = (turn.get_mut(place), fields.get(place)) else {
                return;
            };
            *i += 1;
            if *i < list.len() {
                break;
            }
            *i = 0;
        }
    }
}
