//! The documented input limits (docs/protocol.md "Limits", RELIABILITY.md):
//! each is enforced with an error naming it, before the input is parsed,
//! and nothing near a limit crashes: request and config size, JSON
//! nesting, org tree depth, workflow and capability counts, periods and
//! timestamps.

use leadrules::{Engine, ErrorCode, OrgSpec, MAX_CONFIG_BYTES, MAX_NESTING, MAX_REQUEST_BYTES};

/// `body` then spaces, `len` bytes in all (built by doubling copies: fast
/// even for a gigabyte in a debug build).
fn padded(body: &str, len: usize) -> String {
    let mut text = " ".repeat(len);
    text.replace_range(..body.len(), body);
    text
}

#[test]
fn a_request_over_the_limit_is_refused_unread_and_one_at_it_is_read() {
    let engine = Engine::default();
    let over = padded("{}", MAX_REQUEST_BYTES + 1);
    let error = engine.decide_json(&over).into_result().err();
    assert_eq!(error.as_ref().map(|e| e.code), Some(ErrorCode::InvalidRequest));
    assert_eq!(error.as_ref().map(|e| e.path.as_str()), Some(""));
    assert!(error.is_some_and(|e| e.message.contains(&MAX_REQUEST_BYTES.to_string())));
    assert!(leadrules::protocol::request_value(&over)
        .and_then(|v| engine.decide(&v))
        .is_err_and(|e| e.code == ErrorCode::InvalidRequest));
    assert!(engine.decide_json(&over).contains("\"code\":\"invalid_request\""));

    // At the limit the text is read: refused only for lacking a kind.
    let at = padded("{}", MAX_REQUEST_BYTES);
    let error = engine.decide_json(&at).into_result().err();
    assert_eq!(
        error.map(|e| (e.code, e.path)),
        Some((ErrorCode::InvalidRequest, "kind".to_owned()))
    );
}

#[test]
fn a_config_over_the_limit_is_refused_unread() {
    let over = padded("{}", MAX_CONFIG_BYTES + 1);
    let error = Engine::from_json(&over).err();
    assert_eq!(error.as_ref().map(|e| e.code), Some(ErrorCode::InvalidConfig));
    assert!(error.is_some_and(|e| e.problems.iter().any(|p| p.message.contains("at most"))));
    assert!(leadrules::check_config_size(MAX_CONFIG_BYTES).is_ok());
}

#[test]
fn nesting_past_the_parser_depth_is_invalid_json_not_a_stack_overflow() {
    let engine = Engine::default();
    // At the limit a request is read (and refused for what it says)...
    let at = format!("{}{}", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING));
    assert!(engine
        .decide_json(&at)
        .into_result()
        .is_err_and(|e| e.code == ErrorCode::InvalidRequest));
    // ...one level deeper it is not JSON.
    for depth in [MAX_NESTING + 1, 200, 100_000, 2_000_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        for text in [&arrays, &objects] {
            assert!(engine
                .decide_json(text)
                .into_result()
                .is_err_and(|e| e.code == ErrorCode::InvalidJson));
            assert!(Engine::from_json(text).is_err_and(|e| e.code == ErrorCode::InvalidConfig));
        }
    }
}

#[test]
fn a_chain_of_a_million_orgs_is_built_and_asked_without_recursion() {
    // Every org the parent of the next: the deepest tree there can be.
    let depth = 1_000_000;
    let mut builder = Engine::builder();
    builder = builder.org(OrgSpec::new("o0").handover(true));
    for i in 1..depth {
        builder = builder.org(
            OrgSpec::new(format!("o{i}"))
                .parent(format!("o{}", i - 1))
                .handover(true),
        );
    }
    let engine = builder.build();
    assert!(engine.is_ok());
    let engine = engine.unwrap_or_default();
    let request = format!(
        r#"{{"kind": "cross_silo", "actor": {{"id": "u", "org": "o{last}", "role": "manager"}},
            "lead": {{"id": "L", "org": "o{last}"}}, "to": "o0"}}"#,
        last = depth - 1
    );
    let answer = leadrules::protocol::request_value(&request).and_then(|v| engine.decide(&v));
    assert!(
        answer.is_ok_and(|a| a.get("route").is_some_and(|r| r == "cross_silo")),
        "the root is a distant ancestor"
    );
}

/// The paths of a config's problems, or the error code if it loaded or
/// failed otherwise.
fn refused_at(config: &serde_json::Value) -> Vec<String> {
    match Engine::from_value(config) {
        Err(error) if error.code == ErrorCode::InvalidConfig => {
            error.problems.into_iter().map(|p| p.path).collect()
        }
        Err(error) => vec![format!("unexpected {}", error.code)],
        Ok(_) => vec!["loaded".to_owned()],
    }
}

#[test]
fn capabilities_count_to_sixty_four() {
    // A capability a role names must be one an action asks for: a workflow
    // with one action per custom capability, and a role holding them all.
    let config = |n: usize| {
        let names: Vec<String> = (0..n).map(|i| format!("cap{i}")).collect();
        let actions: Vec<serde_json::Value> = names
            .iter()
            .map(
                |name| serde_json::json!({"id": name, "from": ["a"], "to": "b", "who": {"capability": name}}),
            )
            .collect();
        serde_json::json!({"policy": {
            "roles": {"wide": names},
            "workflows": {"w": {"stages": [{"id": "a", "initial": true}, {"id": "b", "terminal": true}],
                                "actions": actions}},
        }})
    };
    // Eight built-in capabilities: 56 more fill the table, one more is over.
    let builtin = leadrules::Capability::ALL.len();
    assert_eq!(
        refused_at(&config(leadrules::MAX_CAPABILITIES - builtin)),
        ["loaded"]
    );
    let paths = refused_at(&config(leadrules::MAX_CAPABILITIES - builtin + 1));
    assert!(
        !paths.is_empty() && paths.iter().all(|p| p.starts_with("policy.")),
        "{paths:?}"
    );
    assert_ne!(paths, ["loaded"]);
}

#[test]
fn an_action_holds_at_most_a_hundred_fields_and_effects() {
    let config = |fields: usize, effects: usize| {
        let fields: serde_json::Map<String, serde_json::Value> = (0..fields)
            .map(|i| {
                (
                    format!("f{i}"),
                    serde_json::json!({"type": "text", "required": false}),
                )
            })
            .collect();
        let effects: Vec<serde_json::Value> = (0..effects)
            .map(|_| serde_json::json!({"kind": "add_history", "section": "s"}))
            .collect();
        serde_json::json!({"policy": {"workflows": {"w": {
            "stages": [{"id": "a", "initial": true}, {"id": "b", "terminal": true}],
            "actions": [{"id": "go", "from": ["a"], "to": "b", "fields": fields, "effects": effects}],
        }}}})
    };
    assert_eq!(refused_at(&config(100, 100)), ["loaded"]);
    assert_eq!(
        refused_at(&config(101, 0)),
        ["policy.workflows.w.actions[0].fields"]
    );
    assert_eq!(
        refused_at(&config(0, 101)),
        ["policy.workflows.w.actions[0].effects"]
    );
}

#[test]
fn periods_count_to_a_hundred_years_and_timestamps_to_year_9999() {
    let template = |period: &str| serde_json::json!({"policy": {"templates": {"t": {"pending": period}}}});
    assert_eq!(refused_at(&template("P36525D")), ["loaded"]);
    assert_eq!(refused_at(&template("P36526D")), ["policy.templates.t.pending"]);
    let engine = Engine::default();
    for (now, ok) in [
        ("9999-12-31T23:59:59Z", true),
        ("+10000-01-01T00:00:00Z", false),
        ("0000-01-01T00:00:00Z", true),
    ] {
        let request = serde_json::json!({"kind": "expiry", "workflow": "partner_lead", "now": now,
            "lead": {"id": "L", "stage": "closed_converted"}});
        let answer = engine.decide(&request);
        assert_eq!(answer.is_ok(), ok, "{now}: {answer:?}");
        if !ok {
            assert!(answer.is_err_and(|e| e.code == ErrorCode::InvalidTimestamp && e.path == "now"));
        }
    }
}

#[test]
fn an_assign_batch_holds_at_most_a_million_lead_member_pairs() {
    let config = serde_json::json!({"orgs": [{"id": "north"}], "policy": {"assignment": {"rules": [
        {"id": "r", "pools": ["p"], "strategy": "round_robin"}]}}});
    let Ok(engine) = leadrules::Engine::from_value(&config) else {
        return assert!(leadrules::Engine::from_value(&config).is_ok());
    };
    let max = leadrules::assignment::MAX_BATCH_MEMBER_VISITS;
    let ask = |leads: usize, members: usize| {
        let leads: Vec<serde_json::Value> = (0..leads)
            .map(|i| serde_json::json!({"id": format!("L{i}"), "org": "north"}))
            .collect();
        let members: Vec<serde_json::Value> = (0..members)
            .map(|i| serde_json::json!({"id": format!("u{i}"), "org": "north", "role": "manager"}))
            .collect();
        let request = serde_json::json!({"kind": "assign", "leads": leads,
            "pools": {"p": {"cursor": null, "members": members}}});
        engine.decide(&request).err().map(|e| (e.code.as_str(), e.path))
    };
    assert_eq!(ask(max / 1_000, 1_000), None);
    assert_eq!(
        ask(max / 1_000 + 1, 1_000),
        Some(("invalid_request", "leads".to_owned()))
    );
}
