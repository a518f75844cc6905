//! Prepared facts: an actor or a lead read once (through the one reader,
//! or from typed facts) into an owned, immutable value, its ids interned
//! and its timestamps parsed, so that a host asking many questions about
//! one actor (a page of leads) reads each record once. Each carries the
//! stamp of the engine that made it; the questions refuse another
//! engine's (`foreign_handle`). Made by `engine_prepared.rs` and
//! `protocol/read_prepared.rs`; asked by `engine_prepared.rs` and
//! `list_view.rs`.

use crate::edit::EditedLead;
use crate::engine::EngineStamp;
use crate::expiry::ExpiryClock;
use crate::model::HeldLead;
use crate::orgs::OrgId;
use crate::roles::RoleId;
use crate::workflow::{WorkflowActor, WorkflowId, WorkflowLead};

/// A user, prepared: id, role resolved, and org kept as text (a workflow's
/// partner company need not be an org of the directory) and resolved when
/// the directory has it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PreparedActor {
    pub(crate) stamp: EngineStamp,
    pub(crate) id: Box<str>,
    pub(crate) org_text: Option<Box<str>>,
    pub(crate) org: Option<OrgId>,
    pub(crate) role: RoleId,
}

impl PreparedActor {
    /// The user's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The user's org, if the actor names one that the directory holds.
    pub fn org(&self) -> Option<OrgId> {
        self.org
    }

    /// The user's org as the record named it, in the directory or not.
    pub fn org_text(&self) -> Option<&str> {
        self.org_text.as_deref()
    }

    /// The user's role.
    pub fn role(&self) -> RoleId {
        self.role
    }

    /// The engine that prepared it.
    pub fn stamp(&self) -> EngineStamp {
        self.stamp
    }

    /// The actor as workflow questions see it (org as text).
    pub(crate) fn workflow_actor(&self) -> WorkflowActor<'_> {
        WorkflowActor {
            id: &self.id,
            org: self.org_text.as_deref(),
            role: self.role,
        }
    }
}

/// A lead as an org holds it, prepared: what handover, cross silo,
/// targets, edit and change of owner look at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PreparedLead {
    pub(crate) stamp: EngineStamp,
    pub(crate) id: Box<str>,
    pub(crate) org: OrgId,
    pub(crate) owner: Option<Box<str>>,
    pub(crate) creator: Option<Box<str>>,
    pub(crate) handed_over_to_sales: bool,
}

impl PreparedLead {
    /// The lead's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The org that holds the lead.
    pub fn org(&self) -> OrgId {
        self.org
    }

    /// The owning user, `None` while unowned.
    pub fn owner(&self) -> Option<&str> {
        self.owner.as_deref()
    }

    /// The user who created the lead, if known.
    pub fn creator(&self) -> Option<&str> {
        self.creator.as_deref()
    }

    /// Whether the creator handed the lead over to sales.
    pub fn handed_over_to_sales(&self) -> bool {
        self.handed_over_to_sales
    }

    /// The engine that prepared it.
    pub fn stamp(&self) -> EngineStamp {
        self.stamp
    }

    /// The lead as handover and targets see it.
    pub(crate) fn held(&self) -> HeldLead<'_> {
        HeldLead {
            id: &self.id,
            org: self.org,
            owner: self.owner.as_deref(),
        }
    }

    /// The lead as edit and change of owner see it.
    pub(crate) fn edited(&self) -> EditedLead<'_> {
        EditedLead {
            id: &self.id,
            org: self.org,
            owner: self.owner.as_deref(),
            creator: self.creator.as_deref(),
            handed_over_to_sales: self.handed_over_to_sales,
        }
    }

    /// An owned copy of `lead`, stamped.
    pub(crate) fn of(stamp: EngineStamp, lead: &EditedLead<'_>) -> PreparedLead {
        PreparedLead {
            stamp,
            id: lead.id.into(),
            org: lead.org,
            owner: lead.owner.map(Into::into),
            creator: lead.creator.map(Into::into),
            handed_over_to_sales: lead.handed_over_to_sales,
        }
    }
}

/// A lead of one workflow, prepared: its stage and sub-stage checked
/// against the workflow, its template resolved, its clock parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedWorkflowLead {
    pub(crate) stamp: EngineStamp,
    pub(crate) workflow: WorkflowId,
    /// The stage's index in the workflow.
    pub(crate) stage_index: usize,
    pub(crate) id: Box<str>,
    pub(crate) stage: Box<str>,
    pub(crate) sub_stage: Option<Box<str>>,
    pub(crate) owner: Option<Box<str>>,
    pub(crate) partner: Option<Box<str>>,
    pub(crate) source: Option<Box<str>>,
    pub(crate) distribution_owner: Option<Box<str>>,
    pub(crate) clock: ExpiryClock,
    pub(crate) template: Option<Box<str>>,
}

impl PreparedWorkflowLead {
    /// The lead's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The workflow it is a lead of.
    pub fn workflow(&self) -> WorkflowId {
        self.workflow
    }

    /// Its stage (checked against the workflow).
    pub fn stage(&self) -> &str {
        &self.stage
    }

    /// Its sub-stage, if any (checked against the workflow).
    pub fn sub_stage(&self) -> Option<&str> {
        self.sub_stage.as_deref()
    }

    /// The lead as the typed workflow questions take it, borrowed.
    pub fn lead(&self) -> WorkflowLead<'_> {
        WorkflowLead {
            id: &self.id,
            stage: &self.stage,
            sub_stage: self.sub_stage.as_deref(),
            owner: self.owner.as_deref(),
            partner: self.partner.as_deref(),
            source: self.source.as_deref(),
            distribution_owner: self.distribution_owner.as_deref(),
            clock: self.clock,
            template: self.template.as_deref(),
        }
    }

    /// The engine that prepared it.
    pub fn stamp(&self) -> EngineStamp {
        self.stamp
    }

    /// An owned copy of `lead` (checked already) of `workflow`, stamped.
    pub(crate) fn of(
        stamp: EngineStamp,
        workflow: WorkflowId,
        stage_index: usize,
        lead: &WorkflowLead<'_>,
    ) -> PreparedWorkflowLead {
        let owned = |text: Option<&str>| text.map(Into::into);
        PreparedWorkflowLead {
            stamp,
            workflow,
            stage_index,
            id: lead.id.into(),
            stage: lead.stage.into(),
            sub_stage: owned(lead.sub_stage),
            owner: owned(lead.owner),
            partner: owned(lead.partner),
            source: owned(lead.source),
            distribution_owner: owned(lead.distribution_owner),
            clock: lead.clock,
            template: owned(lead.template),
        }
    }
}
