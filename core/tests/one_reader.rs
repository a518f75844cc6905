//! One reader: the protocol reader checks a workflow request's stages and
//! `now` as it reads them, and the rules do not check them again; the typed
//! `Engine::transition` and `Engine::actions` check a request built by hand
//! exactly as the reader checks the same request in JSON (same errors, same
//! order), and answer read requests alike.

use leadrules::{Engine, Error, WorkflowActor, WorkflowLead, WorkflowRequest};
use serde_json::{json, Value};

/// `(code, path, message)` of an error.
fn parts(error: &Error) -> (String, String, String) {
    (
        error.code.as_str().to_owned(),
        error.path.clone(),
        error.message.clone(),
    )
}

/// The error `decide` answers for a transition (or actions) request.
fn protocol_error(engine: &Engine, request: &Value) -> Option<(String, String, String)> {
    engine.decide(request).err().map(|e| parts(&e))
}

/// The transition request of partner_lead with `stage`, `sub_stage`,
/// `action` and `now` as given.
fn request(stage: &str, sub_stage: Option<&str>, action: &str, now: Option<&str>) -> Value {
    let mut request = json!({
        "kind": "transition", "workflow": "partner_lead", "action": action,
        "actor": {"id": "p7", "org": "acme", "role": "manager"},
        "lead": {"id": "L9", "stage": stage, "sub_stage": sub_stage, "partner": "acme",
                 "source": "vendor", "created_at": "2026-11-20T09:00:00Z"},
    });
    if let (Some(now), Some(map)) = (now, request.as_object_mut()) {
        map.insert("now".into(), json!(now));
    }
    request
}

#[test]
fn typed_workflow_calls_check_a_hand_built_request_as_the_reader_does() {
    let engine = Engine::default();
    let role = engine.role("manager");
    assert!(role.is_some());
    let Some(role) = role else { return };
    let workflow = engine.workflow_id("partner_lead");
    assert!(workflow.is_some(), "partner_lead is built in");
    let Some(workflow) = workflow else { return };
    let now = leadrules::parse_timestamp("2026-11-21T09:00:00Z", "now").ok();
    let cases: [(&str, Option<&str>, &str, bool); 5] = [
        ("nowhere", None, "accept", true),
        ("pending", Some("nowhere"), "accept", true),
        ("pending", None, "accept", false),
        ("nowhere", Some("nowhere"), "fly", false),
        ("pending", None, "fly", true),
    ];
    for (stage, sub_stage, action, with_now) in cases {
        let text_now = with_now.then_some("2026-11-21T09:00:00Z");
        let expected = protocol_error(&engine, &request(stage, sub_stage, action, text_now));
        assert!(expected.is_some(), "{stage} {sub_stage:?} {action} {with_now}");
        let mut lead = WorkflowLead::new("L9", stage);
        lead.sub_stage = sub_stage;
        lead.partner = Some("acme");
        lead.source = Some("vendor");
        lead.clock.created_at = leadrules::parse_timestamp("2026-11-20T09:00:00Z", "").ok();
        let typed = WorkflowRequest {
            workflow,
            actor: WorkflowActor {
                id: "p7",
                org: Some("acme"),
                role,
            },
            lead,
            now: if with_now { now } else { None },
        };
        let answered = engine.transition(&typed, action, None).err().map(|e| parts(&e));
        assert_eq!(answered, expected, "{stage} {sub_stage:?} {action} {with_now}");
        if action != "fly" {
            let mut listing = request(stage, sub_stage, action, text_now);
            if let Some(map) = listing.as_object_mut() {
                map.insert("kind".into(), json!("actions"));
            }
            let listed = engine.actions(&typed).err().map(|e| parts(&e));
            assert_eq!(
                listed,
                protocol_error(&engine, &listing),
                "actions {stage} {sub_stage:?}"
            );
        }
    }
}
