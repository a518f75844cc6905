//! List views: one actor, many prepared leads, one call, a compact answer
//! (a bit per lead and action). Each lead's answer is the single
//! question's (`actions_prepared`, `edit_prepared`, `targets_prepared`);
//! the reasons are read on demand by asking that question of one lead.
//! Errors: the first bad lead's, its path `leads[i]...`; nothing partial.

use crate::engine::{Engine, EngineStamp};
use crate::engine_prepared::rebased;
use crate::error::{Error, ErrorCode};
use crate::handover::Targets;
use crate::prepared::{PreparedActor, PreparedLead, PreparedWorkflowLead};
use crate::require::require_creator_after_handover;
use crate::time::Timestamp;
use crate::workflow::{ActionId, WorkflowId, WorkflowRequest};

/// One bit per (lead, action): allowed or not, form fields not looked at.
/// Lead-major: lead `i`'s words are `words()[i * words_per_lead()..]`,
/// and action `a` is bit `a % 64` of its word `a / 64`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActionGrid {
    workflow: Option<WorkflowId>,
    leads: usize,
    actions: usize,
    words_per_lead: usize,
    words: Vec<u64>,
}

impl ActionGrid {
    /// The number of leads (rows).
    pub fn len(&self) -> usize {
        self.leads
    }

    /// Whether there are no leads.
    pub fn is_empty(&self) -> bool {
        self.leads == 0
    }

    /// The number of actions (bits used per row): the workflow's; 0 for no
    /// leads.
    pub fn action_count(&self) -> usize {
        self.actions
    }

    /// The words of one row: `ceil(action_count / 64)`.
    pub fn words_per_lead(&self) -> usize {
        self.words_per_lead
    }

    /// The workflow of the leads; `None` for no leads.
    pub fn workflow(&self) -> Option<WorkflowId> {
        self.workflow
    }

    /// Whether `action` is allowed on lead `lead`; `false` for a lead out
    /// of range or an action of another workflow.
    pub fn allowed(&self, lead: usize, action: ActionId) -> bool {
        self.workflow == Some(action.workflow()) && self.allowed_at(lead, action.index())
    }

    /// Whether the action at index `action` (the workflow's order) is
    /// allowed on lead `lead`; `false` out of range.
    pub fn allowed_at(&self, lead: usize, action: usize) -> bool {
        action < self.actions
            && self
                .lead_words(lead)
                .get(action / 64)
                .is_some_and(|word| word & (1 << (action % 64)) != 0)
    }

    /// The words of lead `lead` (empty out of range).
    pub fn lead_words(&self, lead: usize) -> &[u64] {
        let start = lead.saturating_mul(self.words_per_lead);
        self.words
            .get(start..start.saturating_add(self.words_per_lead))
            .unwrap_or_default()
    }

    /// Every row, lead-major.
    pub fn words(&self) -> &[u64] {
        &self.words
    }
}

/// One bit per lead: allowed or not (bit `i % 64` of word `i / 64`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verdicts {
    len: usize,
    words: Vec<u64>,
}

impl Verdicts {
    /// The number of leads.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no leads.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether lead `lead` is allowed; `false` out of range.
    pub fn allowed(&self, lead: usize) -> bool {
        lead < self.len
            && self
                .words
                .get(lead / 64)
                .is_some_and(|word| word & (1 << (lead % 64)) != 0)
    }

    /// The bits, `ceil(len / 64)` words.
    pub fn words(&self) -> &[u64] {
        &self.words
    }
}

/// The path of lead `i` of a list view.
fn lead_path(i: usize) -> String {
    format!("leads[{i}]")
}

impl Engine {
    /// `foreign_handle` at `leads[i]` unless `stamp` is this engine's; the
    /// path is written only for the error.
    fn check_lead_stamp(&self, stamp: EngineStamp, i: usize) -> Result<(), Error> {
        if stamp == self.stamp() {
            return Ok(());
        }
        self.check_stamp(stamp, "lead", &lead_path(i))
    }

    /// Every action of the leads' workflow for `actor` on each lead at
    /// `now`: lead `i`'s row equals the `allowed` flags of
    /// [`Engine::actions_prepared`] for it. Every lead must be of one
    /// workflow (`invalid_request` at `leads[i]` otherwise); a workflow
    /// that reads the time needs `now` (`invalid_request` at `now`). One
    /// allocation, the grid.
    pub fn actions_many(
        &self,
        actor: &PreparedActor,
        leads: &[PreparedWorkflowLead],
        now: Option<Timestamp>,
    ) -> Result<ActionGrid, Error> {
        self.check_stamp(actor.stamp, "actor", "actor")?;
        let Some(first) = leads.first() else {
            return Ok(ActionGrid::default());
        };
        self.check_lead_stamp(first.stamp, 0)?;
        let view = self.require_workflow(first.workflow, "leads[0]")?;
        let workflow = view.workflow;
        if workflow.needs_now && now.is_none() {
            return Err(Error::new(
                ErrorCode::InvalidRequest,
                "now",
                format!("missing `now`: workflow `{}` reads the time", workflow.name),
            ));
        }
        let actions = workflow.actions.len();
        let words_per_lead = actions.div_ceil(64);
        let mut words = vec![0; words_per_lead.saturating_mul(leads.len())];
        let actor = actor.workflow_actor();
        for (i, lead) in leads.iter().enumerate() {
            self.check_lead_stamp(lead.stamp, i)?;
            if lead.workflow != first.workflow {
                return Err(Error::new(
                    ErrorCode::InvalidRequest,
                    lead_path(i),
                    format!(
                        "a lead of another workflow than `{}`: one list, one workflow",
                        workflow.name
                    ),
                ));
            }
            let request = WorkflowRequest {
                workflow: lead.workflow,
                actor,
                lead: lead.lead(),
                now,
            };
            let start = i * words_per_lead;
            let row = words.get_mut(start..start + words_per_lead).unwrap_or_default();
            self.policy
                .action_row(workflow, lead.stage_index, &request, row)
                .map_err(|error| rebased(error, "lead", &lead_path(i)))?;
        }
        Ok(ActionGrid {
            workflow: Some(view.id()),
            leads: leads.len(),
            actions,
            words_per_lead,
            words,
        })
    }

    /// Whether `actor` may edit each lead: lead `i`'s bit is
    /// [`Engine::edit_prepared`]'s `allowed()` for it.
    pub fn can_edit_many(&self, actor: &PreparedActor, leads: &[PreparedLead]) -> Result<Verdicts, Error> {
        self.check_stamp(actor.stamp, "actor", "actor")?;
        let actor = self.actor_in_directory(actor, "actor")?;
        let mut words = vec![0u64; leads.len().div_ceil(64)];
        for (i, lead) in leads.iter().enumerate() {
            self.check_lead_stamp(lead.stamp, i)?;
            let lead = lead.edited();
            require_creator_after_handover(&lead).map_err(|error| rebased(error, "lead", &lead_path(i)))?;
            if self.edit(&actor, &lead).allowed() {
                if let Some(word) = words.get_mut(i / 64) {
                    *word |= 1 << (i % 64);
                }
            }
        }
        Ok(Verdicts {
            len: leads.len(),
            words,
        })
    }

    /// Every org `actor` may send each lead to: lead `i`'s entry is
    /// [`Engine::targets_prepared`]'s for it.
    pub fn targets_many(&self, actor: &PreparedActor, leads: &[PreparedLead]) -> Result<Vec<Targets>, Error> {
        self.check_stamp(actor.stamp, "actor", "actor")?;
        let actor = self.actor_in_directory(actor, "actor")?;
        let mut all = Vec::with_capacity(leads.len());
        for (i, lead) in leads.iter().enumerate() {
            self.check_lead_stamp(lead.stamp, i)?;
            all.push(self.targets(&actor, &lead.held()));
        }
        Ok(all)
    }
}
