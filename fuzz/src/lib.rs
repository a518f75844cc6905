//! What the fuzz targets share: the engines of the conformance vectors,
//! built once, and the checks every answer must pass.

use std::sync::OnceLock;

use leadrules::Engine;
use serde_json::Value;

/// The conformance files, compiled in so that a target needs no files at run time.
const CONFORMANCE: [&str; 18] = [
    include_str!("../../tests/conformance/assign.json"),
    include_str!("../../tests/conformance/create.json"),
    include_str!("../../tests/conformance/creatio_lead.json"),
    include_str!("../../tests/conformance/cross_silo.json"),
    include_str!("../../tests/conformance/edit.json"),
    include_str!("../../tests/conformance/errors.json"),
    include_str!("../../tests/conformance/expiry.json"),
    include_str!("../../tests/conformance/handover.json"),
    include_str!("../../tests/conformance/leadx_transition.json"),
    include_str!("../../tests/conformance/link.json"),
    include_str!("../../tests/conformance/match.json"),
    include_str!("../../tests/conformance/partner_lead.json"),
    include_str!("../../tests/conformance/sla.json"),
    include_str!("../../tests/conformance/sweep.json"),
    include_str!("../../tests/conformance/targets.json"),
    include_str!("../../tests/conformance/unknown_keys.json"),
    include_str!("../../tests/conformance/workflow_custom.json"),
    include_str!("../../tests/conformance/workflows_config.json"),
];

/// Every named config of the conformance files that loads, in file order
/// (the seed corpora's first byte indexes this list).
pub fn engines() -> &'static [Engine] {
    static ENGINES: OnceLock<Vec<Engine>> = OnceLock::new();
    ENGINES.get_or_init(|| {
        let mut engines = vec![Engine::default()];
        for file in CONFORMANCE {
            let Ok(Value::Object(file)) = serde_json::from_str::<Value>(file) else {
                continue;
            };
            if let Some(Value::Object(configs)) = file.get("configs") {
                engines.extend(configs.values().filter_map(|c| Engine::from_value(c).ok()));
            }
        }
        engines
    })
}

/// The engine a fuzz input's selector byte names.
pub fn engine(selector: u8) -> &'static Engine {
    let engines = engines();
    &engines[usize::from(selector) % engines.len()]
}

/// Asks `request` every way the bindings can and checks they agree: the
/// text answer (C's and the CLI's), the value answer (Rust's `decide`),
/// the same text twice (byte-identical), and every answer a JSON object.
pub fn check_faces(engine: &Engine, request: &str) {
    let text = engine.decide_json(request).into_result();
    assert_eq!(
        text,
        engine.decide_json(request).into_result(),
        "two answers to one request differ"
    );
    let value = engine.request_value(request).and_then(|v| engine.decide(&v));
    match (&text, &value) {
        (Ok(text), Ok(value)) => {
            let reread: Value = serde_json::from_str(text).expect("the text answer is JSON");
            assert_eq!(&reread, value, "text and value answers differ for {request}");
            assert!(value.is_object(), "an answer that is not an object: {text}");
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "text and value errors differ for {request}"),
        _ => panic!("one face answered, the other failed: {text:?} / {value:?}"),
    }
    let json: Value = serde_json::from_str(&engine.decide_json(request)).expect("decide_json is JSON");
    assert!(json.is_object());
    // Text is built only where the protocol reads it: the whole value must
    // be answered alike (serde_json's own reader keeps a repeated key's
    // last value, where text that repeats a key is refused).
    let repeats = value.as_ref().is_err_and(|e| e.message.contains("appears twice"));
    if let (false, true, Ok(whole)) = (
        repeats,
        request.len() <= leadrules::MAX_REQUEST_BYTES,
        serde_json::from_str::<Value>(request),
    ) {
        assert_eq!(
            engine.decide(&whole),
            value,
            "whole-value and text answers differ for {request}"
        );
    }
}
