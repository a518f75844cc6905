//! A duplicate check in words: the verdict and its reason, the lead's
//! keys, then each candidate: the keys it shares with the lead, rule by
//! rule with each rule's action, and the action that follows (the
//! strongest); a candidate that shares none says so with its own keys.
//!
//! Nothing here matches: the keys are the core's (`Engine::match_keys`,
//! the same normalisation the matcher compares), the verdict and the
//! actions the answer's; the config's rules give only their actions.

use std::collections::BTreeSet;

use leadrules::protocol::Request;
use serde_json::Value;

use crate::explain::reason_or_effect_line;
use crate::explain_assign::Sources;

/// The lines of a `match` answer after its headline `title`; `None` when
/// the request does not read as a `match`.
pub fn matches(sources: &Sources<'_>, title: &str, response: &Value) -> Option<Vec<String>> {
    let Request::Match { lead, candidates } = Request::parse(sources.engine, sources.request).ok()? else {
        return None;
    };
    let engine = sources.engine;
    let allowed = response.get("allowed").and_then(Value::as_bool)?;
    let mut lines = vec![format!("{title}: {}", if allowed { "ALLOWED" } else { "DENIED" })];
    for reason in list(response, "reasons").iter().filter_map(Value::as_object) {
        lines.push(format!(
            "  - {}",
            reason_or_effect_line(reason, "code", "message")
        ));
    }
    let own: BTreeSet<String> = engine.match_keys(&lead).into_iter().collect();
    lines.push(format!("  the lead's keys: {}", joined(own.iter())));
    let answered: Vec<(&str, &str)> = list(response, "matches")
        .iter()
        .filter_map(|m| Some((m.get("lead")?.as_str()?, m.get("action")?.as_str()?)))
        .collect();
    for candidate in &candidates {
        let id = candidate.id.unwrap_or("(no id)");
        if candidate.id.is_some() && candidate.id == lead.id {
            lines.push(format!("  {id}: passed over (the lead's own id)"));
            continue;
        }
        let keys = engine.match_keys(candidate);
        let shared: Vec<&String> = keys.iter().filter(|k| own.contains(*k)).collect();
        match answered.iter().find(|(lead, _)| *lead == id) {
            Some((_, action)) => {
                lines.push(format!("  {id}: {}", action.to_uppercase()));
                for rule in &engine.matching().rules {
                    let prefix = format!("{}:", rule.id);
                    let met: Vec<&str> = shared
                        .iter()
                        .filter_map(|k| k.strip_prefix(prefix.as_str()))
                        .collect();
                    if !met.is_empty() {
                        lines.push(format!(
                            "    rule `{}` ({}) met on {}",
                            rule.id,
                            rule.action.as_str(),
                            met.join(", ")
                        ));
                    }
                }
            }
            None => lines.push(format!(
                "  {id}: no match (no key in common; its keys: {})",
                joined(keys.iter())
            )),
        }
    }
    Some(lines)
}

fn list<'r>(value: &'r Value, key: &str) -> &'r [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn joined<'k>(keys: impl Iterator<Item = &'k String>) -> String {
    let keys: Vec<&str> = keys.map(String::as_str).collect();
    if keys.is_empty() {
        "none".to_owned()
    } else {
        keys.join(", ")
    }
}
