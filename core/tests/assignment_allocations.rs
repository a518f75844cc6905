//! Matching a lead against the assignment rules allocates nothing: the
//! conditions are compiled at load, a member's checks are a bit set, and a
//! denial's one reason lives inline. Counted by an instrumented allocator
//! (its own test binary, so nothing else runs under it).

use std::alloc::System;

use leadrules::assignment::{AssignLead, LeadFields, Member, Pool};
use leadrules::Engine;
use serde_json::{json, Map, Value};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// 200 rules that each test several fields the lead does not match, and a
/// last one scoped to another org.
fn engine() -> Option<Engine> {
    let mut rules: Vec<Value> = (0..200)
        .map(|i| {
            json!({"id": format!("r{i}"), "pools": ["p"], "strategy": "round_robin", "when": [
                {"field": "source", "in": ["web", "phone", format!("s{i}")]},
                {"field": "budget", "min": i, "max": 1000 + i},
                {"any": [{"field": "pin", "prefix": "560"}, {"field": "vip", "equals": true}]},
                {"field": "country", "not_in": ["US", "UK"]}]})
        })
        .collect();
    rules.push(json!({"id": "south", "org": "south", "pools": ["p"], "strategy": "least_loaded"}));
    let config = json!({"orgs": [{"id": "north"}, {"id": "south"}],
        "policy": {"assignment": {"rules": rules}}});
    Engine::from_value(&config).ok()
}

#[test]
fn routing_through_200_rules_allocates_nothing_on_a_denial() {
    let Some(engine) = engine() else {
        return assert!(engine().is_some());
    };
    let Some(north) = engine.org("north") else { return };
    let Some(role) = engine.role("professional") else {
        return;
    };
    let mut fields = Map::new();
    fields.insert("source".into(), json!("email"));
    fields.insert("budget".into(), json!(500));
    fields.insert("pin".into(), json!("560001"));
    fields.insert("country".into(), json!("IN"));
    let lead = AssignLead {
        id: "L1",
        org: north,
        fields: LeadFields::Json(&fields),
    };
    let members: Vec<Member<'_>> = ["u1", "u2", "u3"]
        .into_iter()
        .map(|id| Member::new(id, "north", role))
        .collect();
    let pools = [Pool {
        name: "p",
        cursor: Some("u1"),
        members,
    }];
    let region = Region::new(GLOBAL);
    let answer = engine.assign(&lead, &pools, None);
    let change = region.change();
    assert_eq!(change.allocations, 0, "{change:?}");
    let codes: Vec<&str> = answer
        .iter()
        .flat_map(|a| a.reasons.iter().map(|r| r.code.as_str()))
        .collect();
    assert_eq!(codes, ["no_rule_matched"]);
    // An assignment allocates its plan only.
    drop(answer);
    let mut fields = fields.clone();
    fields.insert("source".into(), json!("web"));
    let lead = AssignLead {
        id: "L1",
        org: north,
        fields: LeadFields::Json(&fields),
    };
    let region = Region::new(GLOBAL);
    let answer = engine.assign(&lead, &pools, None);
    let change = region.change();
    assert_eq!(change.allocations, 1, "{change:?}");
    assert_eq!(answer.ok().and_then(|a| a.assignee), Some("u2"));
}
