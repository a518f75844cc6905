//! The question a `Decision` keeps to render its answer on demand, owned:
//! core's read request borrows the text of the read, which ends with the
//! call. Handover, cross silo and transition keep their facts (the calls
//! a host makes most, whose answers are rendered only if asked for).

use leadrules::{Actor, ExpiryClock, HeldLead, OrgId, RoleId, Route, Timestamp};
use leadrules::{WorkflowActor, WorkflowLead, WorkflowRequest};
use serde_json::{Map, Value};

/// A handover or cross silo question, owned.
pub(crate) struct TransferFacts {
    pub(crate) route: Route,
    actor_id: String,
    actor_org: OrgId,
    role: RoleId,
    lead_id: String,
    lead_org: OrgId,
    owner: Option<String>,
    pub(crate) to: OrgId,
}

impl TransferFacts {
    /// The facts of a read request, copied.
    pub(crate) fn of(route: Route, actor: &Actor<'_>, lead: &HeldLead<'_>, to: OrgId) -> Self {
        TransferFacts {
            route,
            actor_id: actor.id.to_owned(),
            actor_org: actor.org,
            role: actor.role,
            lead_id: lead.id.to_owned(),
            lead_org: lead.org,
            owner: lead.owner.map(str::to_owned),
            to,
        }
    }

    /// The core's view of the facts, borrowing the strings.
    pub(crate) fn parts(&self) -> (Actor<'_>, HeldLead<'_>) {
        (
            Actor {
                id: &self.actor_id,
                org: self.actor_org,
                role: self.role,
            },
            HeldLead {
                id: &self.lead_id,
                org: self.lead_org,
                owner: self.owner.as_deref(),
            },
        )
    }
}

/// A transition question, owned.
pub(crate) struct WorkflowFacts {
    workflow: String,
    action: String,
    actor_id: String,
    actor_org: Option<String>,
    role: RoleId,
    lead_id: String,
    stage: String,
    sub_stage: Option<String>,
    owner: Option<String>,
    partner: Option<String>,
    source: Option<String>,
    distribution_owner: Option<String>,
    clock: ExpiryClock,
    template: Option<String>,
    now: Option<Timestamp>,
    fields: Option<Map<String, Value>>,
}

fn owned(text: Option<&str>) -> Option<String> {
    text.map(str::to_owned)
}

impl WorkflowFacts {
    /// The facts of a read request, copied, with the form `fields` (moved
    /// out of the read, which no longer borrows them).
    pub(crate) fn of(request: &WorkflowRequest<'_>, action: &str) -> Self {
        let (actor, lead) = (&request.actor, &request.lead);
        WorkflowFacts {
            workflow: request.workflow.to_owned(),
            action: action.to_owned(),
            actor_id: actor.id.to_owned(),
            actor_org: owned(actor.org),
            role: actor.role,
            lead_id: lead.id.to_owned(),
            stage: lead.stage.to_owned(),
            sub_stage: owned(lead.sub_stage),
            owner: owned(lead.owner),
            partner: owned(lead.partner),
            source: owned(lead.source),
            distribution_owner: owned(lead.distribution_owner),
            clock: lead.clock,
            template: owned(lead.template),
            now: request.now,
            fields: None,
        }
    }

    /// The same facts with these form fields.
    pub(crate) fn with_fields(mut self, fields: Option<Map<String, Value>>) -> Self {
        self.fields = fields;
        self
    }

    /// Core's typed request, borrowing the strings.
    pub(crate) fn request(&self) -> WorkflowRequest<'_> {
        let mut lead = WorkflowLead::new(&self.lead_id, &self.stage);
        lead.sub_stage = self.sub_stage.as_deref();
        lead.owner = self.owner.as_deref();
        lead.partner = self.partner.as_deref();
        lead.source = self.source.as_deref();
        lead.distribution_owner = self.distribution_owner.as_deref();
        lead.clock = self.clock;
        lead.template = self.template.as_deref();
        WorkflowRequest {
            workflow: &self.workflow,
            actor: WorkflowActor {
                id: &self.actor_id,
                org: self.actor_org.as_deref(),
                role: self.role,
            },
            lead,
            now: self.now,
        }
    }

    pub(crate) fn action(&self) -> &str {
        &self.action
    }

    pub(crate) fn fields(&self) -> Option<&Map<String, Value>> {
        self.fields.as_ref()
    }
}
