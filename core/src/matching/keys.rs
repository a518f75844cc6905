//! Match keys, for the host's index: per rule, one key per combination of
//! the lead's values of the rule's fields (in the rule's order), written
//! `rule id:value|value`; all of them sorted, each once. `|` never occurs
//! in a phone, name or company value, and a rule compares an e-mail at
//! most once, so a key reads back into its values unambiguously.

use crate::matching::record::MatchLead;
use crate::matching::rules::{MatchRule, Matching};
use crate::matching::values::Values;

/// The sorted, distinct match keys of `lead`.
pub fn match_keys(matching: &Matching, lead: &MatchLead<'_>) -> Vec<String> {
    keys_of(matching, &Values::of(matching, lead))
}

/// The sorted, distinct keys of a lead's normalised values.
pub(crate) fn keys_of(matching: &Matching, values: &Values) -> Vec<String> {
    let mut keys = Vec::new();
    for rule in &matching.rules {
        rule_keys(rule, values, &mut keys);
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Pushes `rule`'s keys for `values`: none when a field has no value.
fn rule_keys(rule: &MatchRule, values: &Values, keys: &mut Vec<String>) {
    let mut prefixes = vec![format!("{}:", rule.id)];
    for (n, field) in rule.fields.iter().enumerate() {
        let field_values = values.get(*field);
        let mut longer = Vec::with_capacity(prefixes.len() * field_values.len());
        for prefix in &prefixes {
            for value in field_values {
                let mut key = String::with_capacity(prefix.len() + 1 + value.len());
                key.push_str(prefix);
                if n > 0 {
                    key.push('|');
                }
                key.push_str(value);
                longer.push(key);
            }
        }
        prefixes = longer;
    }
    keys.append(&mut prefixes);
}
