//! The built-in workflows, written in the same JSON format a config uses
//! (so each doubles as a worked example), read once per process.

use crate::workflow::spec::{ActionSpec, EffectTemplate, FieldSpec, FieldType, Target, ValueSource, Who};

/// The LeadX stage pipeline (docs/rules.md#leadx_pipeline-leadx-stages).
pub const LEADX_PIPELINE: &str = "leadx_pipeline";
/// The partner-portal lead workflow
/// (docs/rules.md#partner_lead-a-partner-portals-lead-workflow).
pub const PARTNER_LEAD: &str = "partner_lead";
/// The Creatio lead handoff to sales
/// (docs/rules.md#creatio_lead-creatios-handoff-to-sales).
pub const CREATIO_LEAD: &str = "creatio_lead";

/// Every built-in workflow's name and JSON text.
pub const BUILTIN_WORKFLOWS: [(&str, &str); 3] = [
    (LEADX_PIPELINE, include_str!("builtin/leadx_pipeline.json")),
    (PARTNER_LEAD, include_str!("builtin/partner_lead.json")),
    (CREATIO_LEAD, include_str!("builtin/creatio_lead.json")),
];

/// The JSON text of a built-in workflow: a starting point for a config's
/// own (`policy.workflows.<name>` takes exactly this shape).
pub fn builtin_workflow_json(name: &str) -> Option<&'static str> {
    BUILTIN_WORKFLOWS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The standard actions of an ordered pipeline written without `actions`
/// (as `leadx_pipeline` has them: docs/config.md#an-ordered-pipeline).
pub(crate) fn pipeline_actions(with_sub_stages: bool) -> Vec<ActionSpec> {
    let lifecycle = || Who {
        capability: Some("manage_lifecycle".into()),
        party: None,
    };
    let mut actions = vec![
        ActionSpec {
            id: "next".into(),
            to: Target::Step(1),
            who: lifecycle(),
            ..ActionSpec::default()
        },
        ActionSpec {
            id: "prev".into(),
            to: Target::Step(-1),
            who: lifecycle(),
            ..ActionSpec::default()
        },
        ActionSpec {
            id: "set_stage".into(),
            to: Target::Field("stage".into()),
            who: lifecycle(),
            fields: vec![FieldSpec::new("stage", FieldType::Stage)],
            ..ActionSpec::default()
        },
    ];
    if with_sub_stages {
        actions.push(ActionSpec {
            id: "set_sub_stage".into(),
            who: lifecycle(),
            fields: vec![FieldSpec::new("sub_stage", FieldType::SubStage)],
            effects: vec![EffectTemplate::SetSubStage {
                from: Some(ValueSource::Field("sub_stage".into())),
            }],
            ..ActionSpec::default()
        });
        actions.push(ActionSpec {
            id: "clear_sub_stage".into(),
            who: lifecycle(),
            effects: vec![EffectTemplate::SetSubStage { from: None }],
            ..ActionSpec::default()
        });
    }
    actions
}
