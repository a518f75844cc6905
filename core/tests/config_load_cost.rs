//! Loading a config costs time in proportion to its size, however many
//! problems or warnings it has (cost finding 2, RELIABILITY.md#cost), and the
//! problems and warnings still come in document order. The unknown-key and
//! role shapes are sized so that the code this replaced (a scan of an object's
//! keys per problem) runs for minutes in a debug build where this one takes
//! about a second; the workflow shapes (once quadratic through a scan of the
//! workflow list per workflow, of the roles per action and of the workflows
//! per warning) are smaller, since compiling a workflow costs far more than
//! the scans did at any size a test can afford: they check that the indexes
//! answer exactly as the scans did. The structural bound (each object indexed
//! once) is `config::tests` in the library.

use leadrules::{Engine, ErrorCode, Problem};
use serde_json::Value;

/// Key names whose document order is not their sorted order, so that a
/// sort by anything but position in the document shows.
fn name(prefix: &str, i: usize, n: usize) -> String {
    format!("{prefix}{:07}", (i * 7919) % n)
}

fn paths(problems: &[Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.path.as_str()).collect()
}

/// The problems of a config that must not load. Read from text, it goes
/// through both readers: the direct one gives up on the first problem and
/// the careful one (the same as [`Engine::from_value`]) reports them all.
fn problems(text: &str) -> Vec<Problem> {
    let error = Engine::from_json(text).err();
    assert_eq!(error.as_ref().map(|e| e.code), Some(ErrorCode::InvalidConfig));
    error.map(|e| e.problems).unwrap_or_default()
}

/// The warnings of a config that loads, read both ways: they must agree.
fn warnings(text: &str) -> Vec<Problem> {
    let from_text = Engine::from_json(text).map(|e| e.warnings().to_vec());
    let value: Option<Value> = serde_json::from_str(text).ok();
    let from_value = value.map(|v| Engine::from_value(&v).map(|e| e.warnings().to_vec()));
    assert!(from_text.is_ok(), "{:?}", from_text.err());
    assert_eq!(Some(&from_text), from_value.as_ref());
    from_text.unwrap_or_default()
}

/// `"key": 0` for `n` keys, joined into the inside of an object.
fn unknown_keys(n: usize) -> (String, Vec<String>) {
    let keys: Vec<String> = (0..n).map(|i| name("k", i, n)).collect();
    let members: Vec<String> = keys.iter().map(|k| format!("\"{k}\": 0")).collect();
    (members.join(","), keys)
}

#[test]
fn a_hundred_thousand_unknown_root_keys_are_reported_in_document_order() {
    let n = 100_000;
    let (members, keys) = unknown_keys(n);
    let problems = problems(&format!(
        "{{{members}, \"orgs\": [{{\"id\": \"a\", \"parent\": \"b\"}}]}}"
    ));
    let mut expected: Vec<String> = keys;
    // `orgs` is the last key of the document: its problem comes last.
    expected.push("orgs[0].parent".to_owned());
    assert_eq!(paths(&problems), expected);
}

#[test]
fn unknown_keys_under_policy_and_inside_an_org_are_reported_in_document_order() {
    let n = 50_000;
    let (members, keys) = unknown_keys(n);
    let text = format!("{{\"policy\": {{{members}}}, \"orgs\": [{{\"id\": \"a\", {members}}}]}}");
    let problems = problems(&text);
    let policy = keys.iter().map(|k| format!("policy.{k}"));
    let org = keys.iter().map(|k| format!("orgs[0].{k}"));
    // Document order: `policy` before `orgs` here.
    let expected: Vec<String> = policy.chain(org).collect();
    assert_eq!(paths(&problems), expected);
}

#[test]
fn many_roles_granting_unknown_capabilities_are_reported_in_document_order() {
    let n = 50_000;
    let roles: Vec<String> = (0..n).map(|i| name("r", i, n)).collect();
    let members: Vec<String> = roles
        .iter()
        .map(|r| format!("\"{r}\": [\"assign\", \"fly\"]"))
        .collect();
    let problems = problems(&format!(
        "{{\"policy\": {{\"roles\": {{{}}}}}}}",
        members.join(",")
    ));
    let expected: Vec<String> = roles.iter().map(|r| format!("policy.roles.{r}[1]")).collect();
    assert_eq!(paths(&problems), expected);
}

/// `n` small workflows whose one action needs `capability`.
fn workflows(n: usize, capability: &str) -> (String, Vec<String>) {
    let names: Vec<String> = (0..n).map(|i| name("w", i, n)).collect();
    let members: Vec<String> = names
        .iter()
        .map(|w| {
            format!(
                r#""{w}": {{"stages": [{{"id": "a", "initial": true}}, {{"id": "b", "terminal": true}}],
                "actions": [{{"id": "go", "from": ["a"], "to": "b", "who": {{"capability": "{capability}"}}}}]}}"#
            )
        })
        .collect();
    (members.join(","), names)
}

#[test]
fn many_workflows_with_one_warning_each_warn_in_document_order() {
    let n = 5_000;
    let (members, names) = workflows(n, "nobody_has");
    // Many roles, none granting what the actions need.
    let roles: Vec<String> = (0..n)
        .map(|i| format!("\"{}\": [\"assign\"]", name("r", i, n)))
        .collect();
    let text = format!(
        "{{\"policy\": {{\"workflows\": {{{members}}}, \"roles\": {{{}}}}}}}",
        roles.join(",")
    );
    let warnings = warnings(&text);
    let expected: Vec<String> = names
        .iter()
        .map(|w| format!("policy.workflows.{w}.actions[0].who"))
        .collect();
    assert_eq!(paths(&warnings), expected);
}

#[test]
fn many_workflows_without_warnings_load() {
    let n = 5_000;
    let (members, names) = workflows(n, "assign");
    let text = format!("{{\"policy\": {{\"workflows\": {{{members}}}}}}}");
    assert_eq!(warnings(&text), Vec::new());
    let engine = Engine::from_json(&text).ok();
    let loaded: Vec<String> = engine
        .iter()
        .flat_map(|e| e.workflow_names().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    // The built-in workflows first, then the config's in document order.
    let builtin = loaded.len().saturating_sub(n);
    assert_eq!(loaded.get(builtin..), Some(&names[..]));
}

#[test]
fn a_workflow_named_twice_by_the_builder_replaces_in_place() {
    use leadrules::WorkflowSpec;
    let spec = |name: &str, stage: &str| {
        let value = serde_json::json!({"stages": [{"id": stage, "initial": true}]});
        WorkflowSpec::from_value(name, &value).ok()
    };
    let mut builder = Engine::builder();
    for (name, stage) in [("a", "one"), ("partner_lead", "p"), ("b", "two"), ("a", "three")] {
        if let Some(spec) = spec(name, stage) {
            builder = builder.workflow(spec);
        }
    }
    let engine = builder.build().ok();
    let names: Vec<String> = engine
        .iter()
        .flat_map(|e| e.workflow_names().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let position = |wanted: &str| names.iter().position(|n| n == wanted);
    // `partner_lead` keeps its built-in slot, `a` its first one.
    assert!(position("partner_lead") < position("a"));
    assert!(position("a") < position("b"));
    assert_eq!(names.iter().filter(|n| *n == "a").count(), 1);
    let stages = engine
        .as_ref()
        .and_then(|e| e.workflow("a"))
        .map(|w| w.stages().map(|s| s.name()).collect::<Vec<_>>().join(","));
    assert_eq!(stages.as_deref(), Some("three"));
    let stages = engine
        .as_ref()
        .and_then(|e| e.workflow("partner_lead"))
        .map(|w| w.stages().map(|s| s.name()).collect::<Vec<_>>().join(","));
    assert_eq!(stages.as_deref(), Some("p"));
}

#[test]
fn an_action_is_takeable_when_any_one_role_grants_its_capability() {
    let (members, names) = workflows(3, "sign_off");
    let config =
        |roles: &str| format!("{{\"policy\": {{\"workflows\": {{{members}}}, \"roles\": {{{roles}}}}}}}");
    let granted = r#""a": ["assign"], "b": ["sign_off", "assign"], "c": []"#;
    assert_eq!(warnings(&config(granted)), Vec::new());
    let not_granted = r#""a": ["assign"], "c": ["link_leads"]"#;
    let expected: Vec<String> = names
        .iter()
        .map(|w| format!("policy.workflows.{w}.actions[0].who"))
        .collect();
    let warned = warnings(&config(not_granted));
    assert_eq!(paths(&warned), expected);
    assert!(warned.iter().all(|w| w.message.contains("no role grants it")));
}

#[test]
fn text_and_value_readings_report_the_same_problems_in_the_same_order() {
    let (members, _) = unknown_keys(500);
    let roles: Vec<String> = (0..500)
        .map(|i| format!("\"{}\": [\"fly\"]", name("r", i, 500)))
        .collect();
    let roles = roles.join(",");
    for text in [
        format!("{{{members}}}"),
        format!("{{\"orgs\": [{{\"id\": \"a\", {members}}}], \"policy\": {{{members}}}}}"),
        format!("{{\"policy\": {{\"roles\": {{{roles}}}, {members}}}}}"),
    ] {
        let from_text = Engine::from_json(&text).err();
        let value: Option<Value> = serde_json::from_str(&text).ok();
        let from_value = value.as_ref().and_then(|v| Engine::from_value(v).err());
        assert!(from_text.as_ref().is_some_and(|e| e.problems.len() >= 500));
        assert_eq!(from_text, from_value);
    }
}
