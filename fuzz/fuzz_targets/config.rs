//! Any text as an engine config: never a panic; the text reader
//! (`from_json`) and the value reader (`from_value`) agree on every answer,
//! problems included (except that only text can repeat a key); an engine
//! that loads answers a request of each kind.

#![no_main]

use leadrules::Engine;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let fast = Engine::from_json(text);
    // Text that repeats a key is refused by `from_json` only: a value
    // cannot hold the repeat (serde_json kept the last one).
    let repeats = fast
        .as_ref()
        .is_err_and(|e| e.problems.iter().any(|p| p.message.contains("appears twice")));
    if let (false, Ok(value)) = (repeats, serde_json::from_str::<Value>(text)) {
        let careful = Engine::from_value(&value);
        match (&fast, &careful) {
            (Ok(a), Ok(b)) => assert_eq!(a.warnings(), b.warnings()),
            (Err(a), Err(b)) => assert_eq!(a, b),
            _ => panic!(
                "from_json and from_value disagree: {:?} / {:?}",
                fast.is_ok(),
                careful.is_ok()
            ),
        }
    }
    let Ok(engine) = fast else {
        return;
    };
    let org = engine.org_at(0).map(|o| engine.org_name(o).to_owned());
    let to = engine
        .org_at(engine.org_count().saturating_sub(1))
        .map(|o| engine.org_name(o).to_owned());
    let actor = json!({"id": "u1", "org": org, "role": "manager"});
    let lead = json!({"id": "L1", "org": org, "owner": "u1"});
    let now = "2026-11-23T09:30:00Z";
    fuzz_support::check_faces(
        &engine,
        &json!({"kind": "handover", "actor": actor, "lead": lead, "to": to}).to_string(),
    );
    fuzz_support::check_faces(
        &engine,
        &json!({"kind": "targets", "actor": actor, "lead": lead}).to_string(),
    );
    let workflows: Vec<String> = engine.workflow_names().map(str::to_owned).collect();
    for workflow in workflows {
        let stage = engine.workflow(&workflow).and_then(|w| w.initial()).map(|s| s.name().to_owned());
        let lead = json!({"id": "L1", "org": org, "owner": "u1", "stage": stage, "partner": org,
                          "source": to, "created_at": now});
        let request =
            json!({"kind": "actions", "workflow": workflow, "actor": actor, "lead": lead, "now": now});
        fuzz_support::check_faces(&engine, &request.to_string());
        let request = json!({"kind": "sweep", "workflow": workflow, "leads": [lead], "now": now});
        fuzz_support::check_faces(&engine, &request.to_string());
    }
});
