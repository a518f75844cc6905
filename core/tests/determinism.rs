//! Same inputs, same bytes: every conformance vector answered by two
//! engines built from the same config (one from its text, one from its
//! value) and asked twice each gives byte-identical JSON.

use std::fs;
use std::path::PathBuf;

use leadrules::protocol::error_value;
use leadrules::Engine;
use serde_json::Value;

fn answers(config: &Value, request: &str) -> [String; 4] {
    let by_text = Engine::from_json(&config.to_string());
    let by_value = Engine::from_value(config);
    let ask = |engine: &Result<Engine, leadrules::Error>| match engine {
        Ok(engine) => engine.decide_json(request).into_string(),
        Err(error) => error_value(error).to_string(),
    };
    [ask(&by_text), ask(&by_value), ask(&by_text), ask(&by_value)]
}

#[test]
fn every_vector_answers_byte_identically_every_time() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut asked = 0;
    for path in files {
        let file: Value =
            serde_json::from_str(&fs::read_to_string(&path).unwrap_or_default()).unwrap_or_default();
        let cases = file
            .get("cases")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for case in cases {
            let config = match case.get("config") {
                Some(Value::String(name)) => file
                    .get("configs")
                    .and_then(|c| c.get(name))
                    .cloned()
                    .unwrap_or_default(),
                Some(inline) => inline.clone(),
                None => serde_json::json!({}),
            };
            let request = match (case.get("request_text"), case.get("request")) {
                (Some(Value::String(text)), _) => text.clone(),
                (_, request) => request.cloned().unwrap_or_default().to_string(),
            };
            let [first, rest @ ..] = answers(&config, &request);
            for other in rest {
                assert_eq!(first, other, "{}: {:?}", path.display(), case.get("name"));
            }
            asked += 1;
        }
    }
    assert!(asked > 1000, "only {asked} vectors found");
}
