//! The README's worked examples of the workflow and expiry kinds answer
//! exactly as printed: each request block followed by its response block is
//! run against the built-in policy.

use leadrules::Engine;
use serde_json::Value;

fn json_blocks(text: &str) -> Vec<Value> {
    text.split("```json\n")
        .skip(1)
        .filter_map(|rest| rest.split_once("\n```"))
        .filter_map(|(block, _)| serde_json::from_str(block).ok())
        .collect()
}

/// Drops the human `message` keys, as the conformance runner does.
fn without_messages(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("message");
            map.values_mut().for_each(without_messages);
        }
        Value::Array(items) => items.iter_mut().for_each(without_messages),
        _ => {}
    }
}

#[test]
fn workflow_and_expiry_examples_answer_as_printed() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap_or_default();
    let blocks = json_blocks(&readme);
    let engine = Engine::default();
    let mut checked = 0;
    for pair in blocks.windows(2) {
        let [request, expected] = pair else { continue };
        let kind = request.get("kind").and_then(Value::as_str).unwrap_or("");
        let answer_like = expected.get("kind").is_none();
        if !answer_like || !["transition", "actions", "expiry", "sweep"].contains(&kind) {
            continue;
        }
        let mut answer = engine
            .decide(request)
            .unwrap_or_else(|e| leadrules::protocol::error_value(&e));
        without_messages(&mut answer);
        assert_eq!(&answer, expected, "README example {request}");
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} README examples were found");
}
