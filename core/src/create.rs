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
//!
//! A lead that starts at a stage running an expiry period
//! (`partner_lead`'s `pending`) starts with its deadline when the request
//! gives `now`: the plan sets it, `now` plus the period of its template,
//! as a transition into that stage would. Without `now` the plan has no
//! `set_expiry` (the create request of the protocol needs no time; the
//! host then asks `expiry` once it has stored `created_at`).

use crate::decision::Decision;
use crate::effect::{Effect, Pipeline};
use crate::error::Error;
use crate::error::ErrorCode;
use crate::expiry::{out_of_range, Phase};
use crate::model::Actor;
use crate::orgs::OrgId;
use crate::policy::Policy;
use crate::reason::{DenialCode, Reason, Reasons};
use crate::roles::Capability;
use crate::time::Timestamp;
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

/// A lead about to be created: the choices of the creation form, and what
/// the host already knows of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewLead<'a> {
    /// The workflow (`leadx_pipeline` unless the host names another).
    pub workflow: &'a str,
    /// The id the host gives the new lead, if it has one already: every
    /// effect of the plan then names it (`lead`), so that a host applying
    /// the plans of several creations can tell them apart.
    pub id: Option<&'a str>,
    /// The time of creation: where the lead starts at a stage that runs an
    /// expiry period, the plan sets its first deadline from it (without
    /// it, the plan has no `set_expiry`).
    pub now: Option<Timestamp>,
    /// The expiry template (program) the lead follows; `None` is `default`.
    pub template: Option<&'a str>,
    /// A deadline the host set itself (from the CRM's API): while the
    /// pending period runs it is the deadline, as for `expiry`.
    pub expires_at: Option<Timestamp>,
    /// The chosen stage; `None` means the initial stage.
    pub stage: Option<&'a str>,
    /// The chosen sub-stage, if any.
    pub sub_stage: Option<&'a str>,
    /// Who the lead is assigned to; `None` means the creator.
    pub assignee: Option<Assignee<'a>>,
    /// The creator pressed "Handover to sales".
    pub handover_to_sales: bool,
}

impl<'a> NewLead<'a> {
    /// A draft in `workflow` with every choice left to its default: the
    /// initial stage, no sub-stage, the creator as assignee, no handover,
    /// no id, no time, the default template.
    pub const fn new(workflow: &'a str) -> Self {
        NewLead {
            workflow,
            id: None,
            now: None,
            template: None,
            expires_at: None,
            stage: None,
            sub_stage: None,
            assignee: None,
            handover_to_sales: false,
        }
    }
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

    /// The deadline a new lead starting at `stage` gets (the plan's
    /// `set_expiry`): `None` where no expiry period runs there or the
    /// request gives no `now`, else the deadline `expiry` would answer for
    /// the lead created `now`: the host's own `expires_at` in the pending
    /// period, else `now` plus that period of the lead's template. Errors
    /// (whenever the stage runs a period): `unknown_template` at
    /// `lead.template`; with `now`, an `expires_at` before it
    /// (`invalid_request` at `lead.expires_at`), a deadline past the
    /// calendar.
    fn first_deadline(
        &self,
        pipeline: &Workflow,
        stage: &str,
        lead: &NewLead<'_>,
    ) -> Result<Option<Timestamp>, Error> {
        let phase = pipeline
            .stage_index(stage)
            .and_then(|i| pipeline.stages.get(i))
            .and_then(|s| s.expiry);
        let Some(phase) = phase else {
            return Ok(None);
        };
        let template = self.require_template(lead.template)?;
        let Some(now) = lead.now else {
            return Ok(None);
        };
        if let (Phase::Pending, Some(expires_at)) = (phase, lead.expires_at) {
            if expires_at < now {
                return Err(Error::new(
                    ErrorCode::InvalidRequest,
                    "lead.expires_at",
                    "`expires_at` is earlier than `now`, the creation time",
                ));
            }
            return Ok(Some(expires_at));
        }
        template
            .deadline_from(phase, now)
            .map(Some)
            .ok_or_else(|| out_of_range("now"))
    }

    /// May `actor` create `lead` as drafted? Errors: `unknown_workflow`
    /// (path `workflow`), `unknown_stage` (`lead.stage`, `lead.sub_stage`),
    /// and for a lead starting at a stage that runs an expiry period
    /// `unknown_template` (`lead.template`) and a host deadline before
    /// `now` (`invalid_request` at `lead.expires_at`).
    pub(crate) fn create<'a>(&'a self, actor: &Actor<'a>, lead: &NewLead<'a>) -> Result<Decision<'a>, Error> {
        let pipeline = self.check_draft_stages(lead)?;
        let stage = lead.stage.unwrap_or_else(|| pipeline.initial());
        let first_deadline = self.first_deadline(pipeline, stage, lead)?;
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
        let id = lead.id;
        Ok(Decision::from_checks(reasons, || {
            let mut effects = Vec::with_capacity(5);
            effects.push(Effect::SetStage {
                lead: id,
                stage,
                sub_stage: lead.sub_stage,
            });
            if first_deadline.is_some() {
                effects.push(Effect::SetExpiry {
                    lead: id,
                    expires_at: first_deadline,
                });
            }
            if lead.handover_to_sales {
                effects.extend([
                    Effect::SetOwner {
                        lead: id,
                        owner: None,
                    },
                    Effect::SetPipeline {
                        lead: id,
                        pipeline: Pipeline::Manager,
                        org: actor.org,
                        user: None,
                    },
                    Effect::Lock {
                        lead: id,
                        user: actor.id,
                    },
                ]);
            } else {
                let owner = other_assignee.map_or(actor.id, |a| a.id);
                effects.extend([
                    Effect::SetOwner {
                        lead: id,
                        owner: Some(owner),
                    },
                    Effect::SetPipeline {
                        lead: id,
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
