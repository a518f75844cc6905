//! The protocol's vocabulary: its version, its request kinds, a request
//! as read and an answer as rendered.

use crate::assignment::{AssignLead, Assignment, Assignments, Pool};
use crate::create::NewLead;
use crate::decision::Decision;
use crate::edit::EditedLead;
use crate::expiry::ExpiryStatus;
use crate::handover::{Route, Targets, TransferDecision};
use crate::hours::{Pause, SlaAnswer};
use crate::link::LinkRequest;
use crate::matching::{MatchLead, Matches};
use crate::model::{Actor, HeldLead};
use crate::orgs::OrgId;
use crate::sweep::Sweep;
use crate::time::Timestamp;
use crate::workflow::{ActionId, FormFields, WorkflowId, WorkflowLead, WorkflowRequest};
use crate::workflow::{ActionOption, TransitionDecision};

/// The protocol version this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;

/// Every request kind of protocol v1.
pub const KINDS: [&str; 15] = [
    "handover",
    "cross_silo",
    "targets",
    "create",
    "edit",
    "link",
    "transition",
    "actions",
    "expiry",
    "sweep",
    "assign",
    "change_owner",
    "match_keys",
    "match",
    "sla",
];

/// A request read and resolved against an engine, borrowing from the JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Request<'v> {
    /// `handover` or `cross_silo`: may `actor` send `lead` to `to` by `route`?
    Transfer {
        /// The mechanism asked for.
        route: Route,
        /// Who asks.
        actor: Actor<'v>,
        /// The lead to move.
        lead: HeldLead<'v>,
        /// The target org.
        to: OrgId,
    },
    /// `targets`: where may `actor` send `lead`?
    Targets {
        /// Who asks.
        actor: Actor<'v>,
        /// The lead to move.
        lead: HeldLead<'v>,
    },
    /// `create`: may `actor` create `lead` as drafted?
    Create {
        /// Who creates.
        actor: Actor<'v>,
        /// The draft.
        lead: NewLead<'v>,
    },
    /// `link`: may these two leads be linked?
    Link(Box<LinkRequest<'v>>),
    /// `transition`: may the actor take `action` on the lead?
    Transition {
        /// The workflow, actor, lead and time.
        request: WorkflowRequest<'v>,
        /// The action asked for (an action of the request's workflow).
        action: ActionId,
        /// The form fields, if any.
        fields: Option<FormFields<'v>>,
    },
    /// `actions`: every action of the workflow, allowed or not.
    Actions(WorkflowRequest<'v>),
    /// `expiry`: one lead's deadline now.
    Expiry {
        /// The workflow.
        workflow: WorkflowId,
        /// The time of the question.
        now: Timestamp,
        /// The lead.
        lead: WorkflowLead<'v>,
    },
    /// `sweep`: which of many leads are due now, and when to look next.
    Sweep {
        /// The workflow.
        workflow: WorkflowId,
        /// The time of the sweep.
        now: Timestamp,
        /// The leads.
        leads: Vec<WorkflowLead<'v>>,
    },
    /// `edit`: may `actor` update `lead`?
    Edit {
        /// Who edits.
        actor: Actor<'v>,
        /// The lead.
        lead: EditedLead<'v>,
    },
    /// `assign` with one `lead`: who gets it?
    Assign {
        /// The time of the question, if given.
        now: Option<Timestamp>,
        /// The lead.
        lead: AssignLead<'v>,
        /// The pools, as the request gives them.
        pools: Vec<Pool<'v>>,
    },
    /// `assign` with `leads`: who gets each, in order?
    AssignMany {
        /// The time of the question, if given.
        now: Option<Timestamp>,
        /// The leads, in order.
        leads: Vec<AssignLead<'v>>,
        /// The pools, as the request gives them.
        pools: Vec<Pool<'v>>,
    },
    /// `sla`: the SLA clock of a policy calendar at `now`.
    Sla {
        /// The calendar's name.
        calendar: &'v str,
        /// When the clock started (Unix seconds).
        start: i64,
        /// The open time it allows (seconds).
        target: i64,
        /// The time of the question (Unix seconds).
        now: i64,
        /// When it did not run.
        paused: Vec<Pause>,
    },
    /// `change_owner`: may `actor` make `to` the lead's owner?
    ChangeOwner {
        /// Who asks.
        actor: Actor<'v>,
        /// The lead.
        lead: EditedLead<'v>,
        /// The new owner.
        to: Actor<'v>,
    },
    /// `match_keys` with one `lead`: the keys to index it by.
    MatchKeys {
        /// The lead.
        lead: MatchLead<'v>,
    },
    /// `match_keys` with `leads`: the keys of each, in order.
    MatchKeysMany {
        /// The leads, in order.
        leads: Vec<MatchLead<'v>>,
    },
    /// `match`: which candidates duplicate the lead?
    Match {
        /// The lead.
        lead: MatchLead<'v>,
        /// The candidates, in the host's order.
        candidates: Vec<MatchLead<'v>>,
    },
}

/// An answer, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Response<'v> {
    /// For `handover` and `cross_silo`.
    Transfer(TransferDecision<'v>),
    /// For `targets`.
    Targets(Targets),
    /// For `create`, `edit`, `link` and `change_owner`.
    Decision(Decision<'v>),
    /// For `transition`.
    Transition(TransitionDecision<'v>),
    /// For `actions`.
    Actions(Vec<ActionOption<'v>>),
    /// For `expiry`.
    Expiry(ExpiryStatus),
    /// For `sweep`.
    Sweep(Sweep<'v>),
    /// For `assign` with one `lead`.
    Assignment(Assignment<'v>),
    /// For `assign` with `leads`.
    Assignments(Assignments<'v>),
    /// For `match_keys` with one `lead`.
    MatchKeys(Vec<String>),
    /// For `match_keys` with `leads`.
    MatchKeysMany(Vec<Vec<String>>),
    /// For `match`.
    Matches(Matches<'v>),
    /// For `sla`.
    Sla(SlaAnswer),
}
