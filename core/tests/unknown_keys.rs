//! Unknown request keys in Rust: the mode from the config, the builder and
//! `with_unknown_keys`; an ignoring engine lists no key at all; warnings
//! kept by an owned answer and read back; a transfer denial's alternative.
//! The answers themselves are the conformance vectors'
//! (`tests/conformance/unknown_keys.json`).

use std::cell::Cell;

use leadrules::protocol::{Answer, Input, JsonType, Key};
use leadrules::{Engine, OrgSpec, Route, UnknownKeys, WarningCode};
use serde_json::{json, Map, Value};

const TREE: &str = r#"{"orgs": [
    {"id": "hq", "handover": true, "cross_silo": false},
    {"id": "north", "parent": "hq"},
    {"id": "south", "parent": "hq"}]}"#;

fn engine(mode: UnknownKeys) -> Engine {
    Engine::from_json(TREE)
        .map(|e| e.with_unknown_keys(mode))
        .unwrap_or_default()
}

/// A `&Value` that counts how often its keys were listed.
#[derive(Clone, Copy)]
struct Counted<'v> {
    value: &'v Value,
    listed: &'v Cell<usize>,
}

impl<'v> Input<'v> for Counted<'v> {
    type Items = std::vec::IntoIter<Counted<'v>>;

    fn json_type(&self) -> JsonType {
        JsonType::of(self.value)
    }

    fn get(&self, key: Key) -> Option<Self> {
        let value = self.value.get(key.as_str())?;
        Some(Counted {
            value,
            listed: self.listed,
        })
    }

    fn text(&self) -> Result<Option<&'v str>, String> {
        Ok(self.value.as_str())
    }

    fn boolean(&self) -> Option<bool> {
        self.value.as_bool()
    }

    fn items(&self) -> Option<Self::Items> {
        let listed = self.listed;
        let items: Vec<Counted<'v>> = self
            .value
            .as_array()?
            .iter()
            .map(|value| Counted { value, listed })
            .collect();
        Some(items.into_iter())
    }

    fn form(&self) -> Result<Option<&'v Map<String, Value>>, String> {
        Ok(self.value.as_object())
    }

    fn keys(&self) -> Option<Vec<String>> {
        self.listed.set(self.listed.get() + 1);
        self.value.as_object().map(|map| map.keys().cloned().collect())
    }
}

fn typo() -> Value {
    json!({"kind": "create", "actor": {"id": "b1", "org": "north", "role": "basic"},
           "lead": {"handover_to_sale": true}, "trace": 1})
}

#[test]
fn an_ignoring_engine_looks_at_no_key() {
    let request = typo();
    let listed = Cell::new(0);
    let input = Counted {
        value: &request,
        listed: &listed,
    };
    assert_eq!(
        engine(UnknownKeys::Ignore).check_request_keys(&input),
        Ok(Vec::new())
    );
    assert_eq!(listed.get(), 0);
    let warnings = engine(UnknownKeys::Warn)
        .check_request_keys(&input)
        .unwrap_or_default();
    assert!(listed.get() >= 3, "the request, its actor and its lead");
    let paths: Vec<&str> = warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, ["lead.handover_to_sale", "trace"]);
    assert!(warnings.iter().all(|w| w.code == WarningCode::UnknownKey));
}

#[test]
fn the_mode_comes_from_the_config_the_builder_or_the_engine() {
    let config = json!({"orgs": [], "policy": {"requests": {"unknown_keys": "warn"}}});
    assert_eq!(
        Engine::from_value(&config).map(|e| e.unknown_keys()),
        Ok(UnknownKeys::Warn)
    );
    assert_eq!(Engine::default().unknown_keys(), UnknownKeys::Ignore);
    let built = Engine::builder()
        .org(OrgSpec::new("hq"))
        .unknown_keys(UnknownKeys::Error)
        .build()
        .map(|e| e.unknown_keys());
    assert_eq!(built, Ok(UnknownKeys::Error));
    let error = engine(UnknownKeys::Error)
        .decide(&typo())
        .err()
        .map(|e| (e.code.as_str(), e.path));
    assert_eq!(
        error,
        Some(("invalid_request", "lead.handover_to_sale".to_owned()))
    );
}

#[test]
fn an_owned_answer_keeps_the_warnings_and_reads_them_back() {
    let engine = engine(UnknownKeys::Warn);
    let request = typo();
    let warnings = engine.check_request_keys(&&request).unwrap_or_default();
    let parsed = leadrules::protocol::Request::parse(&engine, &request);
    let response = parsed.and_then(|p| engine.answer(&p));
    let answer = response
        .ok()
        .and_then(|r| Answer::of(&engine, &r))
        .map(|a| a.with_warnings(warnings));
    assert!(answer.is_some(), "a create is a decision");
    if let Some(answer) = answer {
        assert_eq!(answer.to_value(), engine.decide(&request).unwrap_or_default());
        assert_eq!(answer.warnings().len(), 2);
        assert_eq!(Answer::read(&answer.to_json()).as_ref(), Ok(&answer));
    }
}

#[test]
fn a_transfer_denial_answers_the_other_mechanism() {
    let engine = engine(UnknownKeys::Ignore);
    let request = json!({"kind": "handover", "actor": {"id": "u1", "org": "north", "role": "professional"},
                         "lead": {"id": "L1", "org": "north", "owner": "u1"}, "to": "south"});
    let answer = engine.decide(&request).unwrap_or_default();
    assert_eq!(answer.get("route"), Some(&json!("cross_silo")));
    assert_eq!(
        answer.get("alternative"),
        Some(&json!({"kind": "cross_silo", "allowed": false, "reasons": [
            {"code": "cross_silo_disabled", "message": "cross silo is switched off on the nearest common ancestor of the two orgs", "org": "hq"}]}))
    );
    let mut asked = request.clone();
    if let Some(kind) = asked.get_mut("kind") {
        *kind = json!("cross_silo");
    }
    let other = engine.decide(&asked).unwrap_or_default();
    let alternative_reasons = answer.get("alternative").and_then(|a| a.get("reasons"));
    assert_eq!(other.get("reasons"), alternative_reasons);
    assert!(other.get("alternative").is_none());
    let read = Answer::read(&answer.to_string()).ok();
    let alternative = read
        .as_ref()
        .and_then(Answer::alternative)
        .map(|a| (a.route, a.allowed()));
    assert_eq!(alternative, Some((Route::CrossSilo, false)));
}
