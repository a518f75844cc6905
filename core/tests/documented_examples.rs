//! The documentation's worked examples answer exactly as printed: in the
//! README and every `docs/` page, each ```json request block (an object
//! with a `kind`) followed by a response block (an object with neither a
//! `kind` nor config keys) is sent to the engine of `docs/rules.md` — its
//! org tree and the built-in policy — and the answer, without its
//! `message` texts, must equal the block. Every kind of the protocol must
//! have at least one such example.

mod documentation;

use std::collections::BTreeSet;

use leadrules::Engine;
use serde_json::{json, Value};

/// Drops the human `message` keys, as the conformance runner does.
fn without_messages(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("message");
            map.values_mut().for_each(without_messages);
        }
        Value::Array(items) => items.iter_mut().for_each(without_messages),
        _ => {}
    }
}

/// The engine every example runs against (the config `docs/rules.md` shows,
/// with the assignment rules of its Assignment section, the matching
/// rules of its Duplicates section and the calendar of its Business hours
/// section).
fn engine() -> Engine {
    let config = json!({"orgs": [
        {"id": "hq", "parent": null, "handover": true, "cross_silo": true},
        {"id": "north", "parent": "hq"},
        {"id": "south", "parent": "hq"}],
        "policy": {"assignment": {"rules": [{"id": "web", "org": "north", "when": [{"field": "source", "equals": "web"}], "pools": ["inside", "overflow"], "strategy": "round_robin"}, {"id": "big", "when": [{"field": "budget", "min": 100000}], "pools": ["senior"], "strategy": "least_loaded", "fallthrough": true}, {"id": "rest", "pools": ["general"], "strategy": "round_robin"}]},
        "matching": {"default_region": "IN", "rules": [{"id": "same-phone", "keys": ["phone"], "action": "block"}, {"id": "same-email", "keys": ["email"], "action": "link"}, {"id": "same-person", "keys": ["name", "company"], "action": "alert"}]},
        "calendars": {"office": {"time_zone": "Europe/Berlin",
            "hours": {"mon": [["09:00", "13:00"], ["14:00", "18:00"]], "tue": [["09:00", "13:00"], ["14:00", "18:00"]],
                      "wed": [["09:00", "13:00"], ["14:00", "18:00"]], "thu": [["09:00", "13:00"], ["14:00", "18:00"]],
                      "fri": [["09:00", "13:00"], ["14:00", "18:00"]]},
            "holidays": ["2026-12-25", "2026-12-26"],
            "exceptions": {"2026-12-24": [["09:00", "13:00"]]}}}}});
    Engine::from_value(&config).unwrap_or_default()
}

fn is_response(block: &Value) -> bool {
    block.is_object()
        && ["kind", "orgs", "policy"]
            .iter()
            .all(|key| block.get(key).is_none())
}

#[test]
fn every_request_with_a_printed_answer_answers_as_printed() {
    let engine = engine();
    assert_eq!(engine.org_count(), 3);
    let rules = documentation::page("docs/rules.md");
    assert!(
        rules.contains(r#"{"id": "south", "parent": "hq"}]}"#),
        "docs/rules.md no longer shows the org tree this test uses"
    );
    let mut kinds = BTreeSet::new();
    for (name, text) in documentation::pages() {
        let blocks = documentation::json_blocks(&text);
        for pair in blocks.windows(2) {
            let [request, expected] = pair else { continue };
            let Some(kind) = request.get("kind").and_then(Value::as_str) else {
                continue;
            };
            if !is_response(expected) {
                continue;
            }
            let mut answer = engine
                .decide(request)
                .unwrap_or_else(|e| leadrules::protocol::error_value(&e));
            without_messages(&mut answer);
            assert_eq!(&answer, expected, "{name}: example {request}");
            kinds.insert(kind.to_owned());
        }
    }
    let every: BTreeSet<String> = leadrules::protocol::KINDS
        .iter()
        .map(|k| (*k).to_owned())
        .collect();
    let missing: Vec<&String> = every.difference(&kinds).collect();
    assert!(missing.is_empty(), "kinds without a worked example: {missing:?}");
}
