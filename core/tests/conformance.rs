//! Runs the shared JSON conformance vectors (`tests/conformance/*.json` at
//! the repository root) through the Rust JSON entry point. The C and Python
//! runners read the same files; all three must agree.

mod vectors;

use leadrules::protocol::error_value;
use leadrules::Engine;
use serde_json::Value;

use vectors::Case;

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

fn run_case(case: &Case) -> Result<Value, String> {
    let engine = match Engine::from_value(&case.config.clone()?) {
        Ok(engine) => engine,
        Err(error) => return Ok(error_value(&error)),
    };
    let text = case
        .text
        .clone()
        .ok_or("case has neither request nor request_text")?;
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
    let (mut passed, mut failures) = (0usize, Vec::new());
    for case in &vectors::cases() {
        let (name, expect) = (case.name(), case.case.get("expect"));
        match run_case(case) {
            Ok(mut actual) => {
                strip_messages(&mut actual);
                if Some(&actual) == expect {
                    passed += 1;
                } else {
                    failures.push(format!(
                        "{name}\n  expected {}\n  actual   {actual}",
                        expect.unwrap_or(&Value::Null)
                    ));
                }
            }
            Err(e) => failures.push(format!("{name}: {e}")),
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
