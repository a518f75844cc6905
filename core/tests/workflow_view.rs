//! Workflow handles and the read-only view: a workflow's stages with their
//! flags, handles that remember their workflow, and one decision shape.

use leadrules::{
    Decision, Engine, ErrorCode, ExpiryClock, Phase, WorkflowActor, WorkflowLead, WorkflowRequest,
};

const CONFIG: &str = r#"{"policy": {"workflows": {"referral": {
    "stages": [{"id": "new", "initial": true, "expiry": "pending"},
               {"id": "working", "expiry": "accepted"},
               {"id": "parked", "archived": true},
               {"id": "won", "terminal": true}],
    "sub_stages": ["hot"],
    "actions": [
        {"id": "take", "from": ["new"], "to": "working", "who": {"capability": "assign"},
         "effects": [{"kind": "record", "field": "accepted_at", "from": "now"}]},
        {"id": "park", "from": ["new", "working"], "to": "parked", "who": {"capability": "assign"}},
        {"id": "win", "from": ["working", "parked"], "to": "won", "who": {"capability": "assign"}}]}}}}"#;

fn engine() -> Engine {
    let engine = Engine::from_json(CONFIG);
    assert!(engine.is_ok(), "{engine:?}");
    engine.unwrap_or_default()
}

#[test]
fn a_view_lists_every_stage_with_its_flags() {
    let engine = engine();
    let referral = engine.workflow("referral");
    assert!(referral.is_some());
    let Some(referral) = referral else { return };
    let stages: Vec<_> = referral
        .stages()
        .map(|s| (s.name(), s.initial(), s.terminal(), s.archived(), s.expiry()))
        .collect();
    assert_eq!(
        stages,
        [
            ("new", true, false, false, Some(Phase::Pending)),
            ("working", false, false, false, Some(Phase::Accepted)),
            ("parked", false, false, true, None),
            ("won", false, true, false, None),
        ]
    );
    assert_eq!(referral.initial().map(|s| s.name()), Some("new"));
    assert_eq!(referral.sub_stages().collect::<Vec<_>>(), ["hot"]);
    assert_eq!(
        referral.action_names().collect::<Vec<_>>(),
        ["take", "park", "win"]
    );
    assert!(referral.uses_expiry() && referral.needs_now());
    assert_eq!(Some(referral.id()), engine.workflow_id("referral"));
    assert!(engine.workflow("nope").is_none());
}

#[test]
fn stage_codes_are_the_column_sweep_codes_in_every_workflow() {
    let engine = engine();
    for name in engine.workflow_names() {
        let view = engine.workflow(name);
        assert!(view.is_some(), "{name}");
        for stage in view.iter().flat_map(|v| v.stages()) {
            assert_eq!(
                engine.stage_code(name, stage.name()),
                Some(stage.id().code()),
                "{name}"
            );
            assert_eq!(view.and_then(|v| v.stage(stage.name())), Some(stage.id()));
            assert_eq!(
                view.and_then(|v| v.stage_view(stage.id())).map(|s| s.name()),
                Some(stage.name())
            );
        }
    }
}

#[test]
fn a_handle_of_another_workflow_is_refused_not_misread() {
    let engine = engine();
    let (Some(referral), Some(partner)) = (engine.workflow("referral"), engine.workflow("partner_lead"))
    else {
        unreachable!("both workflows load");
    };
    let take = referral.action("take");
    let pending = partner.stage("pending");
    assert!(take.is_some() && pending.is_some());
    let (Some(take), Some(pending)) = (take, pending) else {
        return;
    };
    assert_eq!(take.workflow(), referral.id());
    assert_eq!(partner.action_name(take), None);
    assert!(referral.stage_view(pending).is_none());

    let Some(role) = engine.role("manager") else {
        unreachable!("manager is built in");
    };
    let request = WorkflowRequest {
        workflow: partner.id(),
        actor: WorkflowActor {
            id: "p7",
            org: Some("acme"),
            role,
        },
        lead: WorkflowLead {
            partner: Some("acme"),
            source: Some("vendor"),
            clock: ExpiryClock {
                created_at: leadrules::parse_timestamp("2026-11-20T09:00:00Z", "").ok(),
                ..ExpiryClock::default()
            },
            ..WorkflowLead::new("L9", "pending")
        },
        now: leadrules::parse_timestamp("2026-11-21T09:00:00Z", "now").ok(),
    };
    // `take` is the first action of referral; partner_lead's first is
    // `accept`, which this partner user may take: a misread handle would
    // be allowed.
    let error = engine.transition(&request, take, None).err();
    assert_eq!(
        error.as_ref().map(|e| (e.code, e.path.as_str())),
        Some((ErrorCode::UnknownAction, "action"))
    );
    assert!(engine
        .transition(&request, "accept", None)
        .is_ok_and(|d| d.allowed()));

    // A handle of a larger engine names no workflow of this one.
    let small = Engine::default();
    let beyond = referral.id();
    assert!(beyond.index() >= small.workflow_names().count());
    assert!(small.workflow_by_id(beyond).is_none());
    let stale = small.transition(
        &WorkflowRequest {
            workflow: beyond,
            ..request
        },
        "accept",
        None,
    );
    assert_eq!(stale.err().map(|e| e.code), Some(ErrorCode::UnknownWorkflow));
    let expiry = small.expiry(beyond, &request.lead, request.now.unwrap_or_default());
    assert_eq!(
        expiry.err().map(|e| (e.code, e.path)),
        Some((ErrorCode::UnknownWorkflow, "workflow".into()))
    );
}

/// One shape for every decision: a function over any of them.
fn summary<K: std::fmt::Debug>(decision: &Decision<'_, K>) -> String {
    format!(
        "{} {} {:?}",
        decision.allowed(),
        decision.effects.len(),
        decision.kind
    )
}

#[test]
fn every_decision_has_one_shape() {
    let engine =
        Engine::from_json(r#"{"orgs": [{"id": "hq", "handover": true}, {"id": "north", "parent": "hq"}]}"#)
            .unwrap_or_default();
    let (Some(hq), Some(north), Some(pro)) =
        (engine.org("hq"), engine.org("north"), engine.role("professional"))
    else {
        unreachable!("the fixture resolves");
    };
    let actor = leadrules::Actor {
        id: "u1",
        org: north,
        role: pro,
    };
    let lead = leadrules::HeldLead {
        id: "L1",
        org: north,
        owner: Some("u1"),
    };
    let transfer = engine.handover(&actor, &lead, hq);
    assert_eq!(
        summary(&transfer),
        "true 3 TransferKind { route: Some(Handover), alternative: None }"
    );
    let edit = engine.edit(
        &actor,
        &leadrules::EditedLead {
            id: "L1",
            org: north,
            owner: Some("u1"),
            creator: None,
            handed_over_to_sales: false,
        },
    );
    assert_eq!(summary(&edit), "true 0 ()");
}
