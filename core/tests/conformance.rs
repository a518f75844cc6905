//! Runs the shared JSON conformance vectors (`tests/conformance/*.json` at
//! the repository root) through the Rust JSON entry point. The C and Python
//! runners read the same files; all three must agree.

use std::fs;
use std::path::PathBuf;

use leadrules::protocol::error_value;
use leadrules::Engine;
use serde_json::Value;

fn vector_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

/// Removes every `message` key at any depth: messages are prose, not contract.
fn strip_messages(value: &mut Value) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                map.shift_remove("message");
                stack.extend(map.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

fn run_case(configs: &Value, case: &Value) -> Result<Value, String> {
    let config = match case.get("config") {
        Some(Value::String(name)) => configs
            .get(name)
            .cloned()
            .ok_or_else(|| format!("unknown config name `{name}`"))?,
        Some(inline) => inline.clone(),
        None => serde_json::json!({}),
    };
    let engine = match Engine::from_value(&config) {
        Ok(engine) => engine,
        Err(error) => return Ok(error_value(&error)),
    };
    let text = match (case.get("request_text"), case.get("request")) {
        (Some(Value::String(text)), _) => text.clone(),
        (_, Some(request)) => request.to_string(),
        _ => return Err("case has neither request nor request_text".into()),
    };
    // The text entry point and the value entry point must print alike.
    let as_text = engine.decide_json(&text);
    // The value as this engine reads text: whole when it checks unknown keys.
    let as_value = engine
        .request_value(&text)
        .and_then(|v| engine.decide(&v))
        .unwrap_or_else(|e| error_value(&e))
        .to_string();
    if as_text != as_value {
        return Err(format!(
            "text and value answers differ:\n  {as_text}\n  {as_value}"
        ));
    }
    serde_json::from_str(&as_text).map_err(|e| e.to_string())
}

#[test]
fn conformance_vectors_pass() {
    let mut files: Vec<PathBuf> = fs::read_dir(vector_dir())
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    assert!(!files.is_empty(), "no vector files in {}", vector_dir().display());

    let (mut passed, mut failures) = (0usize, Vec::new());
    for file in &files {
        let text = fs::read_to_string(file).unwrap_or_default();
        let suite: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let configs = suite.get("configs").cloned().unwrap_or(Value::Null);
        let cases = suite
            .get("cases")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        assert!(!cases.is_empty(), "{} has no cases", file.display());
        for case in &cases {
            let name = case.get("name").and_then(Value::as_str).unwrap_or("?");
            match run_case(&configs, case) {
                Ok(mut actual) => {
                    strip_messages(&mut actual);
                    if Some(&actual) == case.get("expect") {
                        passed += 1;
                    } else {
                        failures.push(format!(
                            "{name}\n  expected {}\n  actual   {actual}",
                            case.get("expect").unwrap_or(&Value::Null)
                        ));
                    }
                }
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }
    }
    println!("conformance: {passed} passed, {} failed", failures.len());
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
