//! Moving a lead along a stage pipeline (`leadx_pipeline`, DESIGN §3.4, §5):
//! the actions `next`, `prev`, `set_stage` (field `stage`),
//! `set_sub_stage` (field `sub_stage`) and `clear_sub_stage`, all needing
//! `manage_lifecycle`.
//!
//! Checks, every failed one listed in this order: `capability_required`
//! (`manage_lifecycle`), `illegal_transition` (`next` at the last stage,
//! `prev` at the first), then the field: `missing_field` (absent, null,
//! empty or blank) or `invalid_field` (not text, or not a stage / sub-stage
//! of the pipeline). Field values are form data, so they are denials,
//! never errors.

use serde_json::Value;

use crate::create::unknown_stage;
use crate::effect::Effect;
use crate::engine::Engine;
use crate::error::Error;
use crate::reason::{DenialCode, Reason};
use crate::roles::{Capability, RoleId};
use crate::stages::StagePipeline;

/// An action on a stage pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PipelineAction {
    /// To the next stage in order.
    Next,
    /// To the previous stage in order.
    Prev,
    /// To the stage named by the field `stage`.
    SetStage,
    /// Set the sub-stage named by the field `sub_stage`.
    SetSubStage,
    /// Remove the sub-stage.
    ClearSubStage,
}

impl PipelineAction {
    /// Every action, in the order `actions` lists them.
    pub const ALL: [PipelineAction; 5] = [
        PipelineAction::Next,
        PipelineAction::Prev,
        PipelineAction::SetStage,
        PipelineAction::SetSubStage,
        PipelineAction::ClearSubStage,
    ];

    /// The action's name in requests.
    pub const fn as_str(self) -> &'static str {
        match self {
            PipelineAction::Next => "next",
            PipelineAction::Prev => "prev",
            PipelineAction::SetStage => "set_stage",
            PipelineAction::SetSubStage => "set_sub_stage",
            PipelineAction::ClearSubStage => "clear_sub_stage",
        }
    }

    /// Looks an action up by name.
    pub fn from_name(name: &str) -> Option<PipelineAction> {
        PipelineAction::ALL.into_iter().find(|a| a.as_str() == name)
    }

    /// The form field the action needs, if any.
    pub const fn required_field(self) -> Option<&'static str> {
        match self {
            PipelineAction::SetStage => Some("stage"),
            PipelineAction::SetSubStage => Some("sub_stage"),
            PipelineAction::Next | PipelineAction::Prev | PipelineAction::ClearSubStage => None,
        }
    }
}

/// A lead on a stage pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StagedLead<'a> {
    /// The lead's id.
    pub id: &'a str,
    /// Its current stage.
    pub stage: &'a str,
    /// Its current sub-stage, if any.
    pub sub_stage: Option<&'a str>,
}

/// The answer to a `transition`: a decision plus where the lead is and
/// where the action takes it (`None` when it leads nowhere, e.g. `next`
/// at the last stage).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionDecision<'a> {
    /// Every failed check, in the documented order; empty when allowed.
    pub reasons: Vec<Reason<'a>>,
    /// The plan when allowed; empty on a denial.
    pub effects: Vec<Effect<'a>>,
    /// The lead's stage now.
    pub from: &'a str,
    /// The stage the action leads to.
    pub to: Option<&'a str>,
}

impl TransitionDecision<'_> {
    /// Whether the action may be taken.
    pub fn allowed(&self) -> bool {
        self.reasons.is_empty()
    }
}

/// One entry of the `actions` list: may the action be taken now, and
/// which form fields it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionOption<'a> {
    /// The action's name.
    pub action: &'static str,
    /// Every failed check (fields are not looked at); empty when allowed.
    pub reasons: Vec<Reason<'a>>,
    /// The form fields the action needs.
    pub requires: Vec<&'static str>,
}

impl Engine {
    /// Checks that `lead` stands on a stage (and sub-stage) of `workflow`.
    /// Errors: `unknown_workflow` (path `workflow`), `unknown_stage`
    /// (`lead.stage`, `lead.sub_stage`).
    pub(crate) fn require_staged_lead(
        &self,
        workflow: &str,
        lead: &StagedLead<'_>,
    ) -> Result<&StagePipeline, Error> {
        let pipeline = self.require_pipeline(workflow, "workflow")?;
        if !pipeline.has_stage(lead.stage) {
            return Err(unknown_stage("lead.stage", lead.stage, workflow));
        }
        if let Some(sub_stage) = lead.sub_stage.filter(|s| !pipeline.has_sub_stage(s)) {
            return Err(unknown_stage("lead.sub_stage", sub_stage, workflow));
        }
        Ok(pipeline)
    }

    /// May `role` take `action` on `lead` in `workflow`, with these form
    /// `fields` (a JSON object, or `None` for no fields)?
    pub fn transition<'a>(
        &'a self,
        workflow: &str,
        action: PipelineAction,
        role: RoleId,
        lead: &StagedLead<'a>,
        fields: Option<&'a serde_json::Map<String, Value>>,
    ) -> Result<TransitionDecision<'a>, Error> {
        let pipeline = self.require_staged_lead(workflow, lead)?;
        let mut reasons = self.action_reasons(pipeline, action, role, lead);
        let mut target = relative_target(pipeline, action, lead);
        let mut chosen_sub_stage = None;
        if let Some(field) = action.required_field() {
            let value = fields.and_then(|f| f.get(field));
            match form_text(value) {
                FormText::Missing => reasons.push(Reason::about_field(DenialCode::MissingField, field)),
                FormText::Text(text) if action == PipelineAction::SetStage && pipeline.has_stage(text) => {
                    target = Some(text);
                }
                FormText::Text(text)
                    if action == PipelineAction::SetSubStage && pipeline.has_sub_stage(text) =>
                {
                    chosen_sub_stage = Some(text);
                }
                FormText::Text(_) | FormText::NotText => {
                    reasons.push(Reason::about_field(DenialCode::InvalidField, field));
                }
            }
        }
        let effects = if reasons.is_empty() {
            vec![match action {
                PipelineAction::SetSubStage | PipelineAction::ClearSubStage => Effect::SetSubStage {
                    lead: lead.id,
                    sub_stage: chosen_sub_stage,
                },
                PipelineAction::Next | PipelineAction::Prev | PipelineAction::SetStage => Effect::SetStage {
                    lead: Some(lead.id),
                    stage: target.unwrap_or(lead.stage),
                    sub_stage: lead.sub_stage,
                },
            }]
        } else {
            Vec::new()
        };
        Ok(TransitionDecision {
            reasons,
            effects,
            from: lead.stage,
            to: target,
        })
    }

    /// Every action of `workflow` for `role` and `lead`, allowed or not.
    pub fn actions<'a>(
        &'a self,
        workflow: &str,
        role: RoleId,
        lead: &StagedLead<'a>,
    ) -> Result<Vec<ActionOption<'a>>, Error> {
        let pipeline = self.require_staged_lead(workflow, lead)?;
        Ok(PipelineAction::ALL
            .into_iter()
            .map(|action| ActionOption {
                action: action.as_str(),
                reasons: self.action_reasons(pipeline, action, role, lead),
                requires: action.required_field().into_iter().collect(),
            })
            .collect())
    }

    /// The checks that do not look at form fields.
    fn action_reasons<'a>(
        &self,
        pipeline: &StagePipeline,
        action: PipelineAction,
        role: RoleId,
        lead: &StagedLead<'a>,
    ) -> Vec<Reason<'a>> {
        let mut reasons = Vec::new();
        if !self.capabilities(role).has(Capability::ManageLifecycle) {
            reasons.push(Reason::missing(Capability::ManageLifecycle));
        }
        let relative = matches!(action, PipelineAction::Next | PipelineAction::Prev);
        if relative && relative_target(pipeline, action, lead).is_none() {
            reasons.push(Reason::new(DenialCode::IllegalTransition));
        }
        reasons
    }
}

/// Where `next` / `prev` lead; the current stage for the sub-stage
/// actions; `None` past either end or for `set_stage` (its field decides).
fn relative_target<'a>(
    pipeline: &'a StagePipeline,
    action: PipelineAction,
    lead: &StagedLead<'a>,
) -> Option<&'a str> {
    let position = pipeline.stages().position(|s| s == lead.stage)?;
    match action {
        PipelineAction::Next => pipeline.stages().nth(position + 1),
        PipelineAction::Prev => position.checked_sub(1).and_then(|p| pipeline.stages().nth(p)),
        PipelineAction::SetSubStage | PipelineAction::ClearSubStage => Some(lead.stage),
        PipelineAction::SetStage => None,
    }
}

enum FormText<'a> {
    Missing,
    NotText,
    Text(&'a str),
}

/// A form value: absent, null, empty and blank text are all "missing".
fn form_text(value: Option<&Value>) -> FormText<'_> {
    match value {
        None | Some(Value::Null) => FormText::Missing,
        Some(Value::String(s)) if s.trim().is_empty() => FormText::Missing,
        Some(Value::String(s)) => FormText::Text(s),
        Some(_) => FormText::NotText,
    }
}
