//! The question a `Decision` keeps to render its answer on demand, owned:
//! core's read request borrows the text of the read, which ends with the
//! call. Handover, cross silo and transition keep their facts (the calls
//! a host makes most, whose answers are rendered only if asked for), their
//! text copied into one allocation.

use leadrules::{Actor, ExpiryClock, HeldLead, OrgId, RoleId, Route, Timestamp};
use leadrules::{WorkflowActor, WorkflowLead, WorkflowRequest};
use serde_json::{Map, Value};

/// Up to `N` strings in one buffer.
struct Texts<const N: usize> {
    buffer: String,
    spans: [Option<(usize, usize)>; N],
}

impl<const N: usize> Texts<N> {
    fn new(parts: [Option<&str>; N]) -> Self {
        let len = parts.iter().flatten().map(|s| s.len()).sum();
        let mut buffer = String::with_capacity(len);
        let spans = parts.map(|part| {
            part.map(|s| {
                let start = buffer.len();
                buffer.push_str(s);
                (start, buffer.len())
            })
        });
        Texts { buffer, spans }
    }

    fn get(&self, index: usize) -> Option<&str> {
        let (start, end) = (*self.spans.get(index)?)?;
        self.buffer.get(start..end)
    }

    /// A string that is always there.
    fn text(&self, index: usize) -> &str {
        self.get(index).unwrap_or_default()
    }
}

/// A handover or cross silo question, owned.
pub(crate) struct TransferFacts {
    pub(crate) route: Route,
    /// The actor's id, the lead's id, its owner.
    texts: Texts<3>,
    actor_org: OrgId,
    role: RoleId,
    lead_org: OrgId,
    pub(crate) to: OrgId,
}

impl TransferFacts {
    /// The facts of a read request, copied.
    pub(crate) fn of(route: Route, actor: &Actor<'_>, lead: &HeldLead<'_>, to: OrgId) -> Self {
        TransferFacts {
            route,
            texts: Texts::new([Some(actor.id), Some(lead.id), lead.owner]),
            actor_org: actor.org,
            role: actor.role,
            lead_org: lead.org,
            to,
        }
    }

    /// The core's view of the facts, borrowing the strings.
    pub(crate) fn parts(&self) -> (Actor<'_>, HeldLead<'_>) {
        (
            Actor {
                id: self.texts.text(0),
                org: self.actor_org,
                role: self.role,
            },
            HeldLead {
                id: self.texts.text(1),
                org: self.lead_org,
                owner: self.texts.get(2),
            },
        )
    }
}

/// The strings of a transition question, by position in its [`Texts`].
const WORKFLOW: usize = 0;
const ACTION: usize = 1;
const ACTOR_ID: usize = 2;
const ACTOR_ORG: usize = 3;
const LEAD_ID: usize = 4;
const STAGE: usize = 5;
const SUB_STAGE: usize = 6;
const OWNER: usize = 7;
const PARTNER: usize = 8;
const SOURCE: usize = 9;
const DISTRIBUTION_OWNER: usize = 10;
const TEMPLATE: usize = 11;

/// A transition question, owned.
pub(crate) struct WorkflowFacts {
    texts: Texts<12>,
    role: RoleId,
    clock: ExpiryClock,
    now: Option<Timestamp>,
    fields: Option<Map<String, Value>>,
}

impl WorkflowFacts {
    /// The facts of a read request, copied (the form fields come with
    /// [`WorkflowFacts::with_fields`], moved out of the read once it is over).
    pub(crate) fn of(request: &WorkflowRequest<'_>, action: &str) -> Self {
        let (actor, lead) = (&request.actor, &request.lead);
        WorkflowFacts {
            texts: Texts::new([
                Some(request.workflow),
                Some(action),
                Some(actor.id),
                actor.org,
                Some(lead.id),
                Some(lead.stage),
                lead.sub_stage,
                lead.owner,
                lead.partner,
                lead.source,
                lead.distribution_owner,
                lead.template,
            ]),
            role: actor.role,
            clock: lead.clock,
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
        let texts = &self.texts;
        let mut lead = WorkflowLead::new(texts.text(LEAD_ID), texts.text(STAGE));
        lead.sub_stage = texts.get(SUB_STAGE);
        lead.owner = texts.get(OWNER);
        lead.partner = texts.get(PARTNER);
        lead.source = texts.get(SOURCE);
        lead.distribution_owner = texts.get(DISTRIBUTION_OWNER);
        lead.clock = self.clock;
        lead.template = texts.get(TEMPLATE);
        WorkflowRequest {
            workflow: texts.text(WORKFLOW),
            actor: WorkflowActor {
                id: texts.text(ACTOR_ID),
                org: texts.get(ACTOR_ORG),
                role: self.role,
            },
            lead,
            now: self.now,
        }
    }

    pub(crate) fn action(&self) -> &str {
        self.texts.text(ACTION)
    }

    pub(crate) fn fields(&self) -> Option<&Map<String, Value>> {
        self.fields.as_ref()
    }
}
