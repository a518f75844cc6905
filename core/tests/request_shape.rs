//! Request text is built only into the parts the reader reads
//! (`protocol/shape.rs`); the answer must be the one the whole value gets.
//! Every conformance request, and every variant of it with one value
//! replaced by an array, object or number, or with a host key added to an
//! object, is answered alike from its text and from its whole value.

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;

use leadrules::Engine;
use serde_json::{json, Value};

/// Every (config, request) of the conformance files, configs loaded once.
fn conformance_requests() -> Vec<(Engine, Vec<Value>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut by_config: HashMap<String, Vec<Value>> = HashMap::new();
    for file in &files {
        let suite: Value =
            serde_json::from_str(&fs::read_to_string(file).unwrap_or_default()).unwrap_or_default();
        let configs = suite.get("configs").cloned().unwrap_or(Value::Null);
        for case in suite.get("cases").and_then(Value::as_array).into_iter().flatten() {
            let config = match case.get("config") {
                Some(Value::String(name)) => configs.get(name).cloned().unwrap_or_default(),
                Some(inline) => inline.clone(),
                None => json!({}),
            };
            if let Some(request) = case.get("request") {
                by_config
                    .entry(config.to_string())
                    .or_default()
                    .push(request.clone());
            }
        }
    }
    by_config
        .into_iter()
        .filter_map(|(config, requests)| {
            let config: Value = serde_json::from_str(&config).ok()?;
            Some((Engine::from_value(&config).ok()?, requests))
        })
        .collect()
}

/// The paths of every value inside `value` (object keys and array indexes).
fn paths(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                at.push(Step::Key(key.clone()));
                out.push(at.clone());
                paths(item, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(Step::Index(i));
                out.push(at.clone());
                paths(item, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at_mut<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(key) => v.get_mut(key.as_str()),
        Step::Index(i) => v.get_mut(*i),
    })
}

/// Every object inside `value`, a host key added.
fn with_host_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut map: serde_json::Map<String, Value> =
                map.iter().map(|(k, v)| (k.clone(), with_host_keys(v))).collect();
            map.insert(
                "zz_host".into(),
                json!({"a": [[1, {"b": {}}]], "c": {"d": [null]}}),
            );
            Value::Object(map)
        }
        Value::Array(items) => Value::Array(items.iter().map(with_host_keys).collect()),
        other => other.clone(),
    }
}

fn assert_alike(engine: &Engine, request: &Value) {
    let text = request.to_string();
    // Text as the engine reads it: shaped, unless it checks unknown keys.
    assert_eq!(
        engine.request_value(&text).and_then(|v| engine.decide(&v)),
        engine.decide(request),
        "text and whole-value answers differ for {text}"
    );
    // The text entry reads the text in place (no value built): the same.
    assert_eq!(
        by_text_entry(engine, &text),
        engine.decide(request),
        "the text entry and the whole value answer differently for {text}"
    );
}

/// What `decide_json` answers, read back as a value.
fn by_text_entry(engine: &Engine, text: &str) -> Result<Value, leadrules::Error> {
    engine
        .decide_json(text)
        .into_result()
        .map(|answer| serde_json::from_str(&answer).unwrap_or_default())
}

#[test]
fn every_variant_of_every_conformance_request_is_answered_as_its_whole_value() {
    let replacements = [
        json!([]),
        json!([1]),
        json!({}),
        json!({"k": [1]}),
        json!([{"id": "x"}]),
        json!(7),
    ];
    let mut checked = 0usize;
    for (engine, requests) in conformance_requests() {
        for request in &requests {
            assert_alike(&engine, request);
            assert_alike(&engine, &with_host_keys(request));
            let mut all = Vec::new();
            paths(request, &mut Vec::new(), &mut all);
            for path in &all {
                for replacement in &replacements {
                    let mut variant = request.clone();
                    if let Some(slot) = at_mut(&mut variant, path) {
                        *slot = replacement.clone();
                    }
                    assert_alike(&engine, &variant);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 10_000, "only {checked} variants");
}

#[test]
fn the_fuzz_corpus_is_answered_as_its_whole_value() {
    let engines: Vec<Engine> = conformance_requests()
        .into_iter()
        .map(|(engine, _)| engine)
        .collect();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/decide");
    let mut checked = 0usize;
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let bytes = fs::read(entry.path()).unwrap_or_default();
        let Some((&selector, rest)) = bytes.split_first() else {
            continue;
        };
        let (Ok(text), Some(engine)) = (
            std::str::from_utf8(rest),
            engines.get(usize::from(selector) % engines.len().max(1)),
        ) else {
            continue;
        };
        let by_text = engine.request_value(text).and_then(|v| engine.decide(&v));
        // serde_json keeps a repeated key's last value; text that repeats
        // one is refused.
        let repeats = by_text
            .as_ref()
            .is_err_and(|e| e.message.contains("appears twice"));
        if let (false, Ok(whole)) = (repeats, serde_json::from_str::<Value>(text)) {
            assert_eq!(by_text, engine.decide(&whole), "{text}");
            assert_eq!(by_text_entry(engine, text), by_text, "{text}");
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} corpus entries");
}

#[test]
fn a_repeated_key_is_refused_where_it_is_read_and_where_it_is_dropped() {
    let engine = Engine::default();
    let head = r#"{"kind": "targets", "actor": {"id": "u1", "org": "north", "role": "manager"}, "lead": {"id": "L1", "org": "north""#;
    for (tail, path) in [
        (r#", "org": "south"}}"#, "lead.org"),
        (r#", "x": 1, "x": 2}}"#, "lead.x"),
        (r#"}, "host": [{"a": {"b": 1, "b": 1}}]}"#, "host[0].a.b"),
        (r#", "owner": [[{"c": 1, "c": 2}]]}}"#, "lead.owner[0][0].c"),
    ] {
        let text = format!("{head}{tail}");
        let error = leadrules::protocol::request_value(&text)
            .and_then(|v| engine.decide(&v))
            .err();
        assert_eq!(by_text_entry(&engine, &text).err(), error.clone(), "{tail}");
        assert_eq!(
            error.map(|e| (e.code, e.path)),
            Some((leadrules::ErrorCode::InvalidRequest, path.to_owned())),
            "{tail}"
        );
    }
}
