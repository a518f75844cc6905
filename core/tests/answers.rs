//! Owned answers (`protocol::Answer`): taken from every conformance
//! vector's decision, each renders exactly as the engine renders its
//! response, reads back from that JSON to an equal answer, and outlives the
//! request and the engine. Text that is no decision's response is refused,
//! saying where and why.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use leadrules::protocol::{request_value, Answer, AnswerValue, DetailKey, Request};
use leadrules::{DenialCode, Engine, Route};
use serde_json::{json, Value};

fn vector_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

fn hash_of(answer: &Answer) -> u64 {
    let mut hasher = DefaultHasher::new();
    answer.hash(&mut hasher);
    hasher.finish()
}

/// Every case of every vector file: its engine (if the config loads) and
/// its request text.
fn cases() -> Vec<(String, Option<Engine>, String)> {
    let mut files: Vec<PathBuf> = fs::read_dir(vector_dir())
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut all = Vec::new();
    for file in &files {
        let suite: Value =
            serde_json::from_str(&fs::read_to_string(file).unwrap_or_default()).unwrap_or_default();
        let configs = suite.get("configs").cloned().unwrap_or(Value::Null);
        for case in suite.get("cases").and_then(Value::as_array).into_iter().flatten() {
            let name = case.get("name").and_then(Value::as_str).unwrap_or("?").to_owned();
            let config = match case.get("config") {
                Some(Value::String(name)) => configs.get(name).cloned().unwrap_or_default(),
                Some(inline) => inline.clone(),
                None => json!({}),
            };
            let text = match (case.get("request_text"), case.get("request")) {
                (Some(Value::String(text)), _) => text.clone(),
                (_, Some(request)) => request.to_string(),
                _ => continue,
            };
            all.push((name, Engine::from_value(&config).ok(), text));
        }
    }
    all
}

#[test]
fn every_vector_decision_renders_and_reads_back_alike() {
    let (mut decisions, mut denials, mut transitions, mut transfers) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for (name, engine, text) in cases() {
        let Some(engine) = engine else { continue };
        let Ok(request) = request_value(&text) else {
            continue;
        };
        let Ok(parsed) = Request::parse(&engine, &request) else {
            continue;
        };
        let Ok(response) = engine.answer(&parsed) else {
            continue;
        };
        let Some(answer) = Answer::of(&engine, &response) else {
            continue;
        };
        decisions += 1;
        denials += usize::from(!answer.allowed());
        transitions += usize::from(answer.stages().is_some());
        transfers += usize::from(answer.route().is_some());
        let rendered = engine.render_json(&response);
        if answer.to_json() != rendered {
            failures.push(format!(
                "{name}: renders\n  {}\n  not {rendered}",
                answer.to_json()
            ));
            continue;
        }
        if answer.to_value() != engine.render(&response) {
            failures.push(format!("{name}: its value differs"));
        }
        match Answer::read(&rendered) {
            Ok(read)
                if read == answer && hash_of(&read) == hash_of(&answer) && read.to_json() == rendered => {}
            Ok(read) => failures.push(format!("{name}: reads back as {}", read.to_json())),
            Err(error) => failures.push(format!("{name}: does not read back: {error}")),
        }
        let codes: Vec<DenialCode> = answer.codes().collect();
        let from_reasons: Vec<DenialCode> = answer.reasons().map(|r| r.code).collect();
        if codes != from_reasons || answer.allowed() != codes.is_empty() {
            failures.push(format!("{name}: codes disagree with reasons"));
        }
        if answer.effect_count() != answer.effects().count() {
            failures.push(format!("{name}: effect count"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every kind of decision, allowed and denied, was seen.
    assert!(
        decisions > 300 && denials > 100 && transitions > 50 && transfers > 50,
        "{decisions} decisions, {denials} denials, {transitions} transitions, {transfers} transfers"
    );
}

const TREE: &str = r#"{"orgs": [
    {"id": "hq", "handover": true, "cross_silo": true},
    {"id": "north", "parent": "hq", "handover": true},
    {"id": "south", "parent": "hq"}]}"#;

#[test]
fn an_answer_outlives_its_request_and_engine() {
    let answer = {
        let engine = Engine::from_json(TREE).unwrap_or_default();
        let text = String::from(
            r#"{"kind": "handover", "actor": {"id": "u1", "org": "north", "role": "professional"},
                "lead": {"id": "L1", "org": "north", "owner": "u1"}, "to": "south"}"#,
        );
        let request = request_value(&text).unwrap_or_default();
        let parsed = Request::parse(&engine, &request);
        let response = parsed.and_then(|p| engine.answer(&p));
        response.ok().and_then(|r| Answer::of(&engine, &r))
    };
    assert!(answer.is_some(), "no answer");
    let Some(answer) = answer else { return };
    assert!(!answer.allowed());
    assert_eq!(answer.route(), Some(Some(Route::CrossSilo)));
    let reasons: Vec<_> = answer.reasons().map(|r| (r.code, r.detail)).collect();
    assert_eq!(
        reasons,
        [(DenialCode::CrossSiloRequired, Some((DetailKey::Org, "south")))]
    );
    assert_eq!(answer.effects().count(), 0);
    assert_eq!(answer.stages(), None);
}

#[test]
fn an_allowed_plan_is_held_field_by_field() {
    let engine = Engine::from_json(TREE).unwrap_or_default();
    let text = r#"{"kind": "handover", "actor": {"id": "u1", "org": "north", "role": "professional"},
                   "lead": {"id": "L1", "org": "north", "owner": "u1"}, "to": "hq"}"#;
    let request = request_value(text).unwrap_or_default();
    let response = Request::parse(&engine, &request).and_then(|p| engine.answer(&p));
    let answer = response.ok().and_then(|r| Answer::of(&engine, &r));
    assert!(answer.is_some(), "no answer");
    let Some(answer) = answer else { return };
    let kinds: Vec<&str> = answer.effects().map(|e| e.kind).collect();
    assert_eq!(kinds, ["transfer", "notify", "notify"]);
    let transfer = answer.effects().next();
    let fields: Vec<(&str, AnswerValue<'_>)> = transfer.iter().flat_map(|e| e.fields()).collect();
    assert_eq!(
        fields,
        [
            ("lead", AnswerValue::Text("L1")),
            ("from", AnswerValue::Text("north")),
            ("to", AnswerValue::Text("hq")),
            ("pipeline", AnswerValue::Text("manager")),
            ("owner", AnswerValue::Null),
        ]
    );
    assert_eq!(transfer.and_then(|e| e.get("to")), Some(AnswerValue::Text("hq")));
}

#[test]
fn form_values_are_held_as_json() {
    let response = json!({"allowed": true, "reasons": [], "effects": [
        {"kind": "add_history", "lead": "C1", "section": "s", "values": {"budget": 2.5, "notes": "x"}},
        {"kind": "record", "lead": "C1", "field": "budget", "value": 7}], "from": "a", "to": null});
    let answer = Answer::from_value(&response);
    assert!(answer.is_ok(), "{answer:?}");
    let Ok(answer) = answer else { return };
    assert_eq!(answer.to_value(), response);
    assert_eq!(answer.stages(), Some(("a", None)));
    let values: Vec<_> = answer.effects().filter_map(|e| e.get("values")).collect();
    assert_eq!(values, [AnswerValue::Json(&json!({"budget": 2.5, "notes": "x"}))]);
}

#[test]
fn a_message_of_another_version_reads_as_this_versions() {
    let old = json!({"allowed": false, "effects": [], "route": null,
        "reasons": [{"code": "same_org", "message": "said otherwise once", "org": "north"}]});
    let answer = Answer::from_value(&old);
    assert!(answer.is_ok(), "{answer:?}");
    let Ok(answer) = answer else { return };
    let value = answer.to_value();
    let message = value.pointer("/reasons/0/message").and_then(Value::as_str);
    assert_eq!(message, Some(DenialCode::SameOrg.message()));
}

#[test]
fn text_that_is_no_decision_is_refused_saying_where_and_why() {
    let same_org = json!({"code": "same_org", "message": "m", "org": "north"});
    let cases = [
        (json!([]), "not a JSON object"),
        (json!({}), "`allowed` is not a boolean"),
        (json!({"allowed": true, "effects": []}), "`reasons` is not a list"),
        (
            json!({"allowed": true, "reasons": [], "effects": [], "extra": 1}),
            "unknown key `extra`",
        ),
        (
            json!({"allowed": true, "reasons": [same_org], "effects": []}),
            "an allowed decision has reasons",
        ),
        (
            json!({"allowed": false, "reasons": [], "effects": []}),
            "a denial has no reason",
        ),
        (
            json!({"allowed": false, "reasons": [same_org], "effects": [{"kind": "lock", "user": "u"}]}),
            "a denial has effects",
        ),
        (
            json!({"allowed": false, "reasons": [{"code": "nope", "message": ""}], "effects": []}),
            "reasons[0]: `nope` is no denial code",
        ),
        (
            json!({"allowed": false, "reasons": [{"code": "same_org", "message": "m", "org": "a", "lead": "L"}],
                   "effects": []}),
            "reasons[0]: more than one detail key",
        ),
        (
            json!({"allowed": true, "reasons": [], "effects": [{"kind": "lock"}, {"kind": "fly"}]}),
            "effects[1]: `fly` is no effect kind",
        ),
        (
            json!({"allowed": true, "reasons": [], "effects": [], "route": "teleport"}),
            "`teleport` is no route",
        ),
        (
            json!({"allowed": true, "reasons": [], "effects": [], "to": "won"}),
            "`to` without `from`",
        ),
        (
            json!({"allowed": true, "reasons": [], "effects": [], "route": null, "from": "a"}),
            "both `route` and `from`",
        ),
    ];
    for (response, expected) in cases {
        let read = Answer::read(&response.to_string()).map(|answer| answer.to_json());
        let error = read.map_err(|e| e.to_string());
        assert!(
            error.as_ref().is_err_and(|e| e.starts_with(expected)),
            "{response}: {error:?}"
        );
    }
    let repeated = Answer::read(r#"{"allowed": true, "allowed": false, "reasons": [], "effects": []}"#);
    assert_eq!(repeated.map_err(|e| e.path), Err("allowed".to_owned()));
    let not_json = Answer::read("{").map_err(|e| e.to_string());
    assert!(not_json.is_err_and(|e| e.starts_with("not JSON")));
}

#[test]
fn instants_are_held_as_instants_and_read_back_as_instants() {
    let engine = Engine::from_json(TREE).unwrap_or_default();
    let text = r#"{"kind": "create", "workflow": "partner_lead", "now": "2026-11-23T10:30:00+01:00",
                   "actor": {"id": "m1", "org": "north", "role": "manager"}, "lead": {"id": "L9"}}"#;
    let request = request_value(text).unwrap_or_default();
    let response = Request::parse(&engine, &request).and_then(|p| engine.answer(&p));
    let answer = response.ok().and_then(|r| Answer::of(&engine, &r));
    assert!(answer.is_some(), "no answer");
    let Some(answer) = answer else { return };
    let expiry = answer.effects().find_map(|e| e.get("expires_at"));
    let at = leadrules::parse_timestamp("2026-11-30T09:30:00Z", "");
    assert_eq!(expiry, at.ok().map(AnswerValue::Time));
    // The text it renders as equals it, and hashes alike.
    assert_eq!(expiry, Some(AnswerValue::Text("2026-11-30T09:30:00Z")));
    let back = Answer::read(&answer.to_json());
    assert_eq!(back.as_ref().ok(), Some(&answer));
    let back_expiry = back
        .as_ref()
        .ok()
        .and_then(|b| b.effects().find_map(|e| e.get("expires_at")));
    assert!(
        matches!(back_expiry, Some(AnswerValue::Time(_))),
        "{back_expiry:?}"
    );
    assert_eq!(back.as_ref().map(hash_of).ok(), Some(hash_of(&answer)));
}
