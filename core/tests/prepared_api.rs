//! Prepared facts and list views, their API: stamps, foreign handles, the
//! paths of errors when reading records, and a list view's rows against
//! the single question. (Every vector through handles is
//! `conformance_prepared.rs`.)

use leadrules::{EditedLead, Engine, ErrorCode, WorkflowLead, PARTNER_LEAD};
use serde_json::json;

const TREE: &str = r#"{"orgs": [
    {"id": "hq", "parent": null, "handover": true, "cross_silo": true},
    {"id": "north", "parent": "hq", "handover": true},
    {"id": "south", "parent": "hq", "handover": true}
]}"#;

fn engine() -> Result<Engine, String> {
    Engine::from_json(TREE).map_err(|e| e.to_string())
}

fn code_path(error: &leadrules::Error) -> (ErrorCode, &str) {
    (error.code, &error.path)
}

#[test]
fn every_build_has_its_own_stamp_and_a_clone_keeps_it() -> Result<(), String> {
    let (a, b) = (engine()?, engine()?);
    assert_ne!(a.stamp(), b.stamp());
    assert_eq!(a.clone().stamp(), a.stamp());
    Ok(())
}

#[test]
fn a_handle_of_another_engine_is_a_foreign_handle_at_its_argument() -> Result<(), String> {
    let (engine, other) = (engine()?, engine()?);
    let actor = engine.read_actor(
        &json!({"id": "u1", "org": "north", "role": "professional"}),
        "actor",
    );
    let actor = actor.map_err(|e| e.to_string())?;
    let lead = engine
        .read_lead(&json!({"id": "L1", "org": "north", "owner": "u1"}), "lead")
        .map_err(|e| e.to_string())?;
    let foreign_lead = other
        .read_lead(&json!({"id": "L1", "org": "north", "owner": "u1"}), "lead")
        .map_err(|e| e.to_string())?;
    let hq = engine.org("hq").ok_or("hq")?;
    assert!(engine
        .handover_prepared(&actor, &lead, hq)
        .map_err(|e| e.to_string())?
        .allowed());
    let error = engine
        .handover_prepared(&actor, &foreign_lead, hq)
        .err()
        .ok_or("accepted")?;
    assert_eq!(code_path(&error), (ErrorCode::ForeignHandle, "lead"));
    assert!(
        error.message.contains("prepared by another engine"),
        "{}",
        error.message
    );
    let error = other
        .targets_prepared(&actor, &foreign_lead)
        .err()
        .ok_or("accepted")?;
    assert_eq!(code_path(&error), (ErrorCode::ForeignHandle, "actor"));
    let leads = [lead.clone(), lead.clone(), foreign_lead];
    let error = engine.can_edit_many(&actor, &leads).err().ok_or("accepted")?;
    assert_eq!(code_path(&error), (ErrorCode::ForeignHandle, "leads[2]"));
    assert_eq!(ErrorCode::ForeignHandle.number(), 212);
    assert_eq!(ErrorCode::ForeignHandle.as_str(), "foreign_handle");
    Ok(())
}

#[test]
fn reading_a_record_reports_the_record_paths_errors() -> Result<(), String> {
    let engine = engine()?;
    let error = engine
        .read_actor(&json!({"id": "u1", "org": "north", "role": "wizard"}), "actor")
        .err()
        .ok_or("accepted")?;
    assert_eq!(code_path(&error), (ErrorCode::UnknownRole, "actor.role"));
    let error = engine
        .read_lead(&json!({"id": "L1", "org": "nowhere"}), "leads[3]")
        .err()
        .ok_or("accepted")?;
    assert_eq!(code_path(&error), (ErrorCode::UnknownOrg, "leads[3].org"));
    let error = engine.read_lead(&json!([1]), "lead").err().ok_or("accepted")?;
    assert_eq!(code_path(&error), (ErrorCode::InvalidRequest, "lead"));
    let error = engine
        .read_workflow_lead(PARTNER_LEAD, &json!({"id": "P1", "stage": "limbo"}), "lead")
        .err()
        .ok_or("accepted")?;
    assert_eq!(code_path(&error), (ErrorCode::UnknownStage, "lead.stage"));
    let error = engine
        .read_workflow_lead(
            PARTNER_LEAD,
            &json!({"id": "P1", "stage": "pending", "template": "x"}),
            "leads[1]",
        )
        .err()
        .ok_or("accepted")?;
    assert_eq!(
        code_path(&error),
        (ErrorCode::UnknownTemplate, "leads[1].template")
    );
    let error = engine
        .read_workflow_lead("nope", &json!({"id": "P1", "stage": "pending"}), "lead")
        .err()
        .ok_or("accepted")?;
    assert_eq!(code_path(&error), (ErrorCode::UnknownWorkflow, "workflow"));
    Ok(())
}

#[test]
fn an_actor_outside_the_directory_answers_an_org_question_as_the_record_does() -> Result<(), String> {
    let engine = engine()?;
    let lead = engine
        .prepare_lead(&EditedLead {
            id: "L1",
            org: engine.org("north").ok_or("north")?,
            owner: None,
            creator: None,
            handed_over_to_sales: false,
        })
        .map_err(|e| e.to_string())?;
    let partner = engine
        .prepare_actor("p1", Some("acme"), "manager")
        .map_err(|e| e.to_string())?;
    assert_eq!((partner.org(), partner.org_text()), (None, Some("acme")));
    let error = engine.edit_prepared(&partner, &lead).err().ok_or("accepted")?;
    assert_eq!(code_path(&error), (ErrorCode::UnknownOrg, "actor.org"));
    let nobody = engine
        .prepare_actor("p1", None, "manager")
        .map_err(|e| e.to_string())?;
    let error = engine.edit_prepared(&nobody, &lead).err().ok_or("accepted")?;
    assert_eq!(code_path(&error), (ErrorCode::InvalidRequest, "actor.org"));
    let error = engine
        .prepare_actor(" ", None, "manager")
        .err()
        .ok_or("accepted")?;
    assert_eq!(code_path(&error), (ErrorCode::InvalidRequest, "actor.id"));
    Ok(())
}

#[test]
fn each_row_of_actions_many_is_the_single_questions_answer() -> Result<(), String> {
    let engine = engine()?;
    let now = leadrules::parse_timestamp("2026-11-23T09:30:00Z", "now").map_err(|e| e.to_string())?;
    let actor = engine
        .prepare_actor("p7", Some("acme"), "manager")
        .map_err(|e| e.to_string())?;
    let mut leads = Vec::new();
    for (id, stage, partner) in [
        ("P1", "pending", "acme"),
        ("P2", "accepted", "acme"),
        ("P3", "pending", "other"),
    ] {
        let mut lead = WorkflowLead::new(id, stage);
        lead.partner = Some(partner);
        lead.source = Some("vendor");
        lead.clock.created_at = Some(now);
        lead.clock.accepted_at = Some(now);
        leads.push(
            engine
                .prepare_workflow_lead(PARTNER_LEAD, &lead)
                .map_err(|e| e.to_string())?,
        );
    }
    let grid = engine
        .actions_many(&actor, &leads, Some(now))
        .map_err(|e| e.to_string())?;
    assert_eq!(grid.len(), 3);
    let mut some_allowed = false;
    for (i, lead) in leads.iter().enumerate() {
        let options = engine
            .actions_prepared(&actor, lead, Some(now))
            .map_err(|e| e.to_string())?;
        assert_eq!(options.len(), grid.action_count());
        for (a, option) in options.iter().enumerate() {
            assert_eq!(
                grid.allowed_at(i, a),
                option.allowed(),
                "lead {i} action {}",
                option.action
            );
            some_allowed |= option.allowed();
        }
    }
    assert!(some_allowed);
    let error = engine
        .actions_many(&actor, &leads, None)
        .err()
        .ok_or("accepted")?;
    assert_eq!(code_path(&error), (ErrorCode::InvalidRequest, "now"));
    Ok(())
}
