//! Lead creation and handover to sales
//! (docs/rules.md#creating-and-editing-leads).
//!
//! `create` checks, in this order: `capability_required` (`create_lead`;
//! when it fails the rest is moot), then — unless the actor has
//! `manage_lifecycle` and does not hand the lead over to sales —
//! `stage_not_permitted`,
//! `sub_stage_not_permitted`, then `assign_not_permitted` or (when
//! assigning is permitted) `assignee_outside_org`, then
//! `capability_required` (`handover_to_sales`).

use crate::decision::Decision;
use crate::effect::{Effect, Pipeline};
use crate::error::Error;
use crate::model::Actor;
use crate::orgs::OrgId;
use crate::policy::Policy;
use crate::reason::{DenialCode, Reason, Reasons};
use crate::roles::Capability;
use crate::workflow::compile::Workflow;
use crate::workflow::unknown_stage;

/// The user a new lead is assigned to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignee<'a> {
    /// The user's id.
    pub id: &'a str,
    /// The user's org.
    pub org: OrgId,
}

/// A lead about to be created: the choices of the creation form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewLead<'a> {
    /// The workflow (`leadx_pipeline` unless the host names another).
    pub workflow: &'a str,
    /// The chosen stage; `None` means the initial stage.
    pub stage: Option<&'a str>,
    /// The chosen sub-stage, if any.
    pub sub_stage: Option<&'a str>,
    /// Who the lead is assigned to; `None` means the creator.
    pub assignee: Option<Assignee<'a>>,
    /// The creator pressed "Handover to sales".
    pub handover_to_sales: bool,
}

impl Policy {
    /// The draft's pipeline, once its stage and sub-stage are known there.
    pub(crate) fn check_draft_stages(&self, lead: &NewLead<'_>) -> Result<&Workflow, Error> {
        let pipeline = self.require_workflow(lead.workflow, "workflow")?;
        if let Some(stage) = lead.stage.filter(|s| pipeline.stage_index(s).is_none()) {
            return Err(unknown_stage("lead.stage", stage, lead.workflow));
        }
        if let Some(sub_stage) = lead.sub_stage.filter(|s| !pipeline.has_sub_stage(s)) {
            return Err(unknown_stage("lead.sub_stage", sub_stage, lead.workflow));
        }
        Ok(pipeline)
    }

    /// May `actor` create `lead` as drafted? Errors: `unknown_workflow`
    /// (path `workflow`), `unknown_stage` (`lead.stage`, `lead.sub_stage`).
    pub(crate) fn create<'a>(&'a self, actor: &Actor<'a>, lead: &NewLead<'a>) -> Result<Decision<'a>, Error> {
        let pipeline = self.check_draft_stages(lead)?;
        let capabilities = self.capabilities(actor.role);
        if !capabilities.has(Capability::CreateLead) {
            return Ok(Decision::from_checks(
                Reasons::one(Reason::missing(Capability::CreateLead)),
                Vec::new,
            ));
        }
        // A (permitted) handover to sales saves the lead at the initial
        // stage, with no sub-stage and no owner: only a lifecycle manager
        // who keeps the lead may choose those. A handover the role may not
        // make is denied on its own, below.
        let hands_over = lead.handover_to_sales && capabilities.has(Capability::HandoverToSales);
        let lifecycle = capabilities.has(Capability::ManageLifecycle) && !hands_over;
        let mut reasons = Reasons::new();
        let stage = lead.stage.unwrap_or_else(|| pipeline.initial());
        if (!lifecycle || !pipeline.may_start_at(stage)) && stage != pipeline.initial() {
            reasons.push(Reason::about_field(DenialCode::StageNotPermitted, "stage"));
        }
        if !lifecycle && lead.sub_stage.is_some() {
            reasons.push(Reason::about_field(DenialCode::SubStageNotPermitted, "sub_stage"));
        }
        let other_assignee = lead.assignee.filter(|a| a.id != actor.id);
        if let Some(assignee) = other_assignee {
            if !(lifecycle && capabilities.has(Capability::Assign)) {
                reasons.push(Reason::about_field(DenialCode::AssignNotPermitted, "assignee"));
            } else if assignee.org != actor.org {
                reasons.push(Reason::about_field(DenialCode::AssigneeOutsideOrg, "assignee"));
            }
        }
        if lead.handover_to_sales && !capabilities.has(Capability::HandoverToSales) {
            reasons.push(Reason::missing(Capability::HandoverToSales));
        }
        Ok(Decision::from_checks(reasons, || {
            let mut effects = vec![Effect::SetStage {
                lead: None,
                stage,
                sub_stage: lead.sub_stage,
            }];
            if lead.handover_to_sales {
                effects.extend([
                    Effect::SetOwner {
                        lead: None,
                        owner: None,
                    },
                    Effect::SetPipeline {
                        pipeline: Pipeline::Manager,
                        org: actor.org,
                        user: None,
                    },
                    Effect::Lock { user: actor.id },
                ]);
            } else {
                let owner = other_assignee.map_or(actor.id, |a| a.id);
                effects.extend([
                    Effect::SetOwner {
                        lead: None,
                        owner: Some(owner),
                    },
                    Effect::SetPipeline {
                        pipeline: Pipeline::User,
                        org: actor.org,
                        user: Some(owner),
                    },
                ]);
            }
            effects
        }))
    }
}
