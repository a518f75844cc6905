//! Workflows as data: the documented example (docs/config.md, "Writing a
//! workflow") loads cleanly, the compiled tables have the documented
//! sizes, bad workflows report every problem and suspicious ones every
//! warning, each with its path.

mod documentation;

use leadrules::{Engine, Problem};
use serde_json::{json, Value};

/// The first JSON block after `heading` in docs/config.md.
fn config_json_after(heading: &str) -> Value {
    let text = documentation::page("docs/config.md");
    let after = text.split_once(heading).map_or("", |(_, rest)| rest);
    let block = after
        .split_once("```json\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .map_or("", |(block, _)| block);
    serde_json::from_str(block).unwrap_or(Value::Null)
}

fn paths(problems: &[Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.path.as_str()).collect()
}

#[test]
fn the_documented_example_workflow_loads_without_warnings_and_answers() {
    let config = config_json_after("### Writing a workflow");
    let engine = Engine::from_value(&config);
    assert!(engine.is_ok(), "{engine:?}");
    let engine = engine.unwrap_or_default();
    assert_eq!(engine.warnings(), &[] as &[Problem]);
    let answer = engine.decide(&json!({
        "kind": "transition", "workflow": "vendor_referral", "action": "win",
        "now": "2026-11-23T09:30:00Z",
        "actor": {"id": "c1", "org": "acme", "role": "closer"},
        "lead": {"id": "V1", "stage": "working", "partner": "acme", "source": "vendor",
                 "created_at": "2026-11-01T00:00:00Z", "accepted_at": "2026-11-20T00:00:00Z"},
        "fields": {"amount": 1200}
    }));
    let effects: Vec<Value> = answer
        .ok()
        .and_then(|a| a.get("effects").cloned())
        .and_then(|e| e.as_array().cloned())
        .unwrap_or_default();
    let kinds: Vec<&str> = effects.iter().filter_map(|e| e.get("kind")?.as_str()).collect();
    assert_eq!(kinds, ["set_stage", "set_expiry", "record", "set_maturity"]);
}

#[test]
fn compiled_tables_have_one_entry_per_stage_and_action() {
    let engine = Engine::default();
    assert_eq!(engine.workflow_table_size("partner_lead"), Some(36));
    assert_eq!(engine.workflow_table_size("creatio_lead"), Some(28));
    assert_eq!(engine.workflow_table_size("leadx_pipeline"), Some(25));
    assert_eq!(engine.workflow_table_size("nope"), None);
    assert!(engine.warnings().is_empty());
}

#[test]
fn suspicious_workflows_load_with_every_warning() {
    let config = json!({"policy": {"workflows": {"odd": {
        "stages": [
            {"id": "open", "initial": true},
            {"id": "island"},
            {"id": "stuck"},
            {"id": "done", "terminal": true}
        ],
        "actions": [
            {"id": "finish", "from": ["open"], "to": "done", "who": {"capability": "sign_off"}},
            {"id": "park", "from": ["open"], "to": "stuck"},
            {"id": "never", "from": [], "to": "done"},
            {"id": "tick", "from": ["open"], "to": null, "who": {"party": "system"}, "when_due": "require"},
            {"id": "robot", "from": ["open"], "to": "done",
             "who": {"party": "system", "capability": "manage_lifecycle"}}
        ]
    }}}});
    let engine = Engine::from_value(&config);
    assert!(engine.is_ok(), "{engine:?}");
    let engine = engine.unwrap_or_default();
    let warnings = engine.warnings();
    assert_eq!(
        paths(warnings),
        [
            "policy.workflows.odd.stages[1]",
            "policy.workflows.odd.stages[1]",
            "policy.workflows.odd.stages[2]",
            "policy.workflows.odd.actions[0].who",
            "policy.workflows.odd.actions[2].from",
            "policy.workflows.odd.actions[3].when_due",
            "policy.workflows.odd.actions[4].who",
        ],
        "{warnings:#?}"
    );
    let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(messages
        .first()
        .is_some_and(|m| m.contains("from the initial stage `open` to stage `island`")));
    assert!(messages.get(1).is_some_and(|m| m.contains("no action leaves it")));
    assert!(messages.get(3).is_some_and(|m| m.contains("no role grants it")));
    assert!(messages.get(6).is_some_and(|m| m.contains("system actor")));
    // Granting the new capability to a role silences its warning.
    let mut granted = config.clone();
    if let Some(policy) = granted.get_mut("policy").and_then(Value::as_object_mut) {
        policy.insert("roles".into(), json!({"approver": ["sign_off"]}));
    }
    let engine = Engine::from_value(&granted).unwrap_or_default();
    assert!(!paths(engine.warnings()).contains(&"policy.workflows.odd.actions[0].who"));
}

#[test]
fn broken_workflows_list_every_problem_with_its_path() {
    let config = json!({"policy": {
        "roles": {"clerk": ["create_lead", "stamp_forms", "sign_off"]},
        "templates": {"slow": {"pending": "P1M", "accepted": "PT0S", "colour": "red"}},
        "workflows": {"bad": {
            "stages": [
                {"id": "a", "initial": true},
                {"id": "a"},
                {"id": "end", "terminal": true, "expiry": "pending"}
            ],
            "actions": [
                {"id": "go", "from": ["a", "ghost", "end"], "to": "nowhere", "who": {"capability": "sign_off"}},
                {"id": "go", "from": "*", "to": {"step": 0}},
                {"id": "fill", "from": "*", "to": {"field": "where"},
                 "fields": {"where": {"type": "text", "min": 1}},
                 "effects": [{"kind": "record", "field": "x", "from": "fields.missing"},
                             {"kind": "teleport"}]},
                {"id": "typed", "from": "*", "to": null,
                 "fields": {"size": {"type": "colour"}}, "who": {"party": "alien"}, "when_due": "later"}
            ]
        }}
    }});
    let error = Engine::from_value(&config).err();
    let problems = error.as_ref().map(|e| e.problems.clone()).unwrap_or_default();
    assert_eq!(
        paths(&problems),
        [
            "policy.roles.clerk[1]",
            "policy.templates.slow.pending",
            "policy.templates.slow.accepted",
            "policy.templates.slow.colour",
            "policy.workflows.bad.actions[2].effects[1].kind",
            "policy.workflows.bad.actions[3].fields.size.type",
            "policy.workflows.bad.actions[3].who.party",
            "policy.workflows.bad.actions[3].when_due",
        ],
        "{problems:#?}"
    );
    // `sign_off` counts as a capability even though its workflow did not
    // read; the structure of a workflow is judged once it reads cleanly.
    let mut readable = config.clone();
    if let Some(actions) = readable
        .pointer_mut("/policy/workflows/bad/actions")
        .and_then(Value::as_array_mut)
    {
        actions.truncate(3);
        if let Some(effects) = actions
            .get_mut(2)
            .and_then(|a| a.get_mut("effects"))
            .and_then(Value::as_array_mut)
        {
            effects.truncate(1);
        }
    }
    if let Some(policy) = readable.get_mut("policy").and_then(Value::as_object_mut) {
        policy.remove("templates");
        policy.remove("roles");
    }
    let error = Engine::from_value(&readable).err();
    let problems = error.map(|e| e.problems).unwrap_or_default();
    assert_eq!(
        paths(&problems),
        [
            "policy.workflows.bad.stages[1].id",
            "policy.workflows.bad.stages[2].expiry",
            "policy.workflows.bad.actions[0].from[1]",
            "policy.workflows.bad.actions[0].from[2]",
            "policy.workflows.bad.actions[0].to",
            "policy.workflows.bad.actions[1].id",
            "policy.workflows.bad.actions[1].to",
            "policy.workflows.bad.actions[2].to",
            "policy.workflows.bad.actions[2].fields.where.min",
            "policy.workflows.bad.actions[2].effects[0].from",
        ],
        "{problems:#?}"
    );
}

#[test]
fn reachability_follows_sequences_of_actions_and_paths_name_the_culprit() {
    // c and d lead to each other, but nothing leads to them from a.
    let config = json!({"policy": {"workflows": {"loop": {
        "stages": [{"id": "a", "initial": true}, {"id": "c"}, {"id": "d"}, {"id": "done", "terminal": true}],
        "actions": [
            {"id": "finish", "from": ["a", "c", "d"], "to": "done"},
            {"id": "cd", "from": ["c"], "to": "d"},
            {"id": "dc", "from": ["d"], "to": "c"},
            {"id": "leap", "from": ["a"], "to": {"step": 9}}
        ]
    }, "pipeline": {"stages": [{"id": "only", "initial": true}]}}}});
    let engine = Engine::from_value(&config).unwrap_or_default();
    assert_eq!(
        paths(engine.warnings()),
        [
            "policy.workflows.loop.stages[1]",
            "policy.workflows.loop.stages[2]",
            "policy.workflows.loop.actions[3].to",
            // A one-stage pipeline: its generated `next` and `prev` are
            // reported at the workflow, where the config can be fixed.
            "policy.workflows.pipeline",
            "policy.workflows.pipeline",
            "policy.workflows.pipeline.stages[0]",
        ],
        "{:#?}",
        engine.warnings()
    );
}

#[test]
fn stage_flags_and_effects_that_cannot_work_are_load_errors() {
    let config = json!({"policy": {"workflows": {"w": {
        "stages": [
            {"id": "start", "initial": true, "terminal": true},
            {"id": "open", "expiry": "pending"},
            {"id": "working", "expiry": "accepted"},
            {"id": "end", "terminal": true}
        ],
        "actions": [
            {"id": "take", "from": ["open"], "to": "working"},
            {"id": "tidy", "from": ["open"], "to": null,
             "effects": [{"kind": "set_sub_stage"}, {"kind": "record", "field": "stage", "from": "now"}]},
            {"id": "close", "from": ["open", "working"], "to": "end"}
        ]
    }}}});
    let error = Engine::from_value(&config).err();
    let problems = error.map(|e| e.problems).unwrap_or_default();
    assert_eq!(
        paths(&problems),
        [
            "policy.workflows.w.stages[0].terminal",
            "policy.workflows.w.actions[0].effects",
            "policy.workflows.w.actions[1].effects[0]",
            "policy.workflows.w.actions[1].effects[1].field",
        ],
        "{problems:#?}"
    );
}

#[test]
fn oversized_workflows_are_refused_with_their_sizes_only() {
    let stages: Vec<Value> = (0..1_001)
        .map(|i| json!({"id": format!("s{i}"), "initial": i == 0}))
        .collect();
    let sub_stages: Vec<String> = (0..1_001).map(|i| format!("x{i}")).collect();
    let config = json!({"policy": {"workflows": {"big": {"stages": stages, "sub_stages": sub_stages}}}});
    let error = Engine::from_value(&config).err();
    let problems = error.map(|e| e.problems).unwrap_or_default();
    assert_eq!(
        paths(&problems),
        ["policy.workflows.big.stages", "policy.workflows.big.sub_stages"]
    );
}

#[test]
fn every_config_the_documentation_shows_loads_without_warnings() {
    let mut configs: Vec<(String, Value)> = Vec::new();
    for (name, text) in documentation::pages() {
        // The guide's blocks are the steps of one file, one of them wrong on
        // purpose: tests/python/test_guide.py replays them in order.
        if name == "docs/guide.md" {
            continue;
        }
        let blocks = documentation::json_blocks(&text);
        configs.extend(
            blocks
                .into_iter()
                .filter(|block| block.get("policy").is_some() || block.get("orgs").is_some())
                .map(|block| (name.clone(), block)),
        );
    }
    assert!(configs.len() >= 5, "found {} configs", configs.len());
    for (name, config) in &configs {
        let engine = Engine::from_value(config);
        assert!(engine.is_ok(), "{name}: {config}: {engine:?}");
        let engine = engine.unwrap_or_default();
        assert_eq!(engine.warnings(), &[] as &[Problem], "{name}: {config}");
    }
}

#[test]
fn templates_built_in_rust_are_checked_like_json_ones() {
    use leadrules::{BusinessDays, Calendar, Period, Template};
    let zero = Period {
        days: 0,
        seconds: 0,
        has_weeks: false,
    };
    let two_weeks = Period {
        days: 14,
        seconds: 0,
        has_weeks: true,
    };
    let never = Calendar {
        business_days: Some(BusinessDays::new([], [])),
        ..Calendar::default()
    };
    let error = Engine::builder()
        .template(
            "broken",
            Template {
                pending: zero,
                accepted: two_weeks,
                calendar: never,
            },
        )
        .template("broken", Template::default())
        .build()
        .err();
    let problems = error.map(|e| e.problems).unwrap_or_default();
    assert_eq!(
        paths(&problems),
        [
            "policy.templates.broken.pending",
            "policy.templates.broken.accepted",
            "policy.templates.broken.business_days.weekdays",
            "policy.templates.broken",
        ],
        "{problems:#?}"
    );
}

#[test]
fn long_workflows_find_stages_and_actions_by_name() {
    let stages: Vec<Value> = (0..40)
        .map(|i| json!({"id": format!("s{i}"), "initial": i == 0}))
        .collect();
    let engine = Engine::from_value(&json!({"policy": {"workflows": {"long": {"stages": stages}}}}))
        .unwrap_or_default();
    let ask = |stage: &str, action: &str| {
        engine
            .decide(
                &json!({"kind": "transition", "workflow": "long", "action": action,
                            "actor": {"id": "p", "role": "manager"}, "lead": {"id": "L", "stage": stage}}),
            )
            .unwrap_or_else(|e| leadrules::protocol::error_value(&e))
    };
    assert_eq!(ask("s38", "next").get("to"), Some(&json!("s39")));
    assert_eq!(ask("s39", "next").get("to"), Some(&Value::Null));
    assert_eq!(
        ask("s40", "next").pointer("/error/code"),
        Some(&json!("unknown_stage"))
    );
    assert_eq!(
        ask("s1", "jump").pointer("/error/code"),
        Some(&json!("unknown_action"))
    );
}
