//! The assignment policy as configs give it: warnings for rules no lead
//! can reach, the same problems from config text as from a parsed value,
//! and `receive_leads` as a capability a role may grant.

use leadrules::Engine;
use serde_json::{json, Value};

fn warnings(rules: Value) -> Vec<String> {
    let config = json!({"orgs": [{"id": "hq"}, {"id": "north", "parent": "hq"},
        {"id": "north_east", "parent": "north"}, {"id": "south", "parent": "hq"}, {"id": "other"}],
        "policy": {"assignment": {"rules": rules}}});
    let from_value = Engine::from_value(&config).map(|e| e.warnings().to_vec());
    let from_text = Engine::from_json(&config.to_string()).map(|e| e.warnings().to_vec());
    assert_eq!(from_value, from_text);
    from_value
        .map(|w| w.into_iter().map(|p| p.path).collect())
        .unwrap_or_else(|e| vec![format!("error {}", e.path)])
}

fn rule(id: &str, org: Option<&str>, when: bool, fallthrough: bool) -> Value {
    let mut rule = json!({"id": id, "org": org, "pools": ["p"], "strategy": "round_robin",
                          "fallthrough": fallthrough});
    if let (true, Some(map)) = (when, rule.as_object_mut()) {
        map.insert("when".into(), json!([{"field": "source", "equals": "web"}]));
    }
    rule
}

#[test]
fn a_rule_after_an_unconditional_rule_of_the_same_or_wider_scope_is_unreachable() {
    let path = |i: usize| format!("policy.assignment.rules[{i}]");
    // No org: everything after is hidden.
    assert_eq!(
        warnings(json!([
            rule("a", None, false, false),
            rule("b", Some("north"), true, false),
            rule("c", None, true, false)
        ])),
        [path(1), path(2)]
    );
    // A scoped catch-all hides its own org and those below, not others.
    assert_eq!(
        warnings(json!([
            rule("a", Some("north"), false, false),
            rule("b", Some("north_east"), true, false),
            rule("c", Some("north"), true, false),
            rule("d", Some("south"), true, false),
            rule("e", None, true, false),
            rule("f", Some("hq"), true, false)
        ])),
        [path(1), path(2)]
    );
    // Conditions or fall-through hide nothing.
    assert_eq!(
        warnings(json!([
            rule("a", None, true, false),
            rule("b", None, false, true),
            rule("c", None, false, false)
        ])),
        Vec::<String>::new()
    );
    // A narrower catch-all does not hide a wider rule.
    assert_eq!(
        warnings(json!([
            rule("a", Some("north_east"), false, false),
            rule("b", Some("north"), false, false)
        ])),
        Vec::<String>::new()
    );
}

#[test]
fn config_text_and_value_report_the_same_problems() {
    let config = json!({"orgs": [{"id": "north"}], "policy": {"assignment": {"rules": [
        {"id": "a", "org": "mars", "pools": [], "strategy": "fastest"},
        {"id": "a", "when": [{"field": "x", "min": 3, "max": 1}, {"any": [{"any": []}]}],
         "pools": ["p"], "strategy": "round_robin"}]}}});
    let from_value = Engine::from_value(&config).err().map(|e| e.problems);
    let from_text = Engine::from_json(&config.to_string()).err().map(|e| e.problems);
    assert!(
        from_value.as_ref().is_some_and(|p| p.len() >= 4),
        "{from_value:?}"
    );
    assert_eq!(from_value, from_text);
}

#[test]
fn receive_leads_is_a_built_in_capability() {
    let engine = Engine::from_value(&json!({"policy": {"roles": {"seller": ["receive_leads"]}}}));
    assert!(engine.is_ok());
    let engine = Engine::default();
    for (role, receives) in [
        ("basic", false),
        ("professional", true),
        ("manager", true),
        ("super_user", false),
        ("system", false),
    ] {
        let granted = engine
            .role(role)
            .map(|r| engine.capabilities(r).has(leadrules::Capability::ReceiveLeads));
        assert_eq!(granted, Some(receives), "{role}");
    }
}
