//! Handles and a read-only view of a compiled workflow, as the org
//! directory has [`OrgId`](crate::OrgId): a name is resolved once
//! ([`Engine::workflow`](crate::Engine::workflow),
//! [`WorkflowView::stage`], [`WorkflowView::action`]) and then compared as
//! an integer. A stage or action handle remembers its workflow, so one
//! passed with another workflow is refused, never silently misread.

use crate::expiry::Phase;
use crate::workflow::compile::{Stage, Workflow};

/// A workflow of an engine, by its index in
/// [`Engine::workflow_names`](crate::Engine::workflow_names). Resolve one
/// with [`Engine::workflow_id`](crate::Engine::workflow_id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WorkflowId(pub(crate) u32);

impl WorkflowId {
    /// The workflow's index in [`Engine::workflow_names`](crate::Engine::workflow_names).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A stage of one workflow. Its [`code`](StageId::code) is the stage code
/// of [`LeadColumns::stages`](crate::LeadColumns::stages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StageId {
    pub(crate) workflow: WorkflowId,
    pub(crate) index: u32,
}

impl StageId {
    /// The workflow the stage belongs to.
    pub fn workflow(self) -> WorkflowId {
        self.workflow
    }

    /// The stage's position in its workflow, which is its stage code.
    pub fn code(self) -> u32 {
        self.index
    }
}

/// An action of one workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActionId {
    pub(crate) workflow: WorkflowId,
    pub(crate) index: u32,
}

impl ActionId {
    /// The workflow the action belongs to.
    pub fn workflow(self) -> WorkflowId {
        self.workflow
    }

    /// The action's position in its workflow's `actions`.
    pub fn index(self) -> usize {
        self.index as usize
    }
}

/// A workflow as an engine compiled it, read-only: its stages with their
/// flags, its actions, and the handles that name them. Borrowed from the
/// engine ([`Engine::workflow`](crate::Engine::workflow)).
#[derive(Debug, Clone, Copy)]
pub struct WorkflowView<'e> {
    pub(crate) id: WorkflowId,
    pub(crate) workflow: &'e Workflow,
}

impl<'e> WorkflowView<'e> {
    /// The workflow's handle.
    pub fn id(&self) -> WorkflowId {
        self.id
    }

    /// The workflow's name.
    pub fn name(&self) -> &'e str {
        &self.workflow.name
    }

    /// Every stage, in the config's order (a stage's position is its code).
    pub fn stages(&self) -> impl ExactSizeIterator<Item = StageView<'e>> + 'e {
        let (id, workflow) = (self.id, self.workflow);
        workflow
            .stages
            .iter()
            .enumerate()
            .map(move |(index, stage)| StageView {
                id: StageId {
                    workflow: id,
                    // At most MAX_WORKFLOW_ITEMS stages: the index fits.
                    index: u32::try_from(index).unwrap_or(u32::MAX),
                },
                initial: index == workflow.initial,
                stage,
            })
    }

    /// The stage named `name`, if the workflow has it.
    pub fn stage(&self, name: &str) -> Option<StageId> {
        let index = u32::try_from(self.workflow.stage_index(name)?).ok()?;
        Some(StageId {
            workflow: self.id,
            index,
        })
    }

    /// The stage a handle names; `None` for a stage of another workflow.
    pub fn stage_view(&self, stage: StageId) -> Option<StageView<'e>> {
        if stage.workflow != self.id {
            return None;
        }
        let index = stage.index as usize;
        Some(StageView {
            id: stage,
            initial: index == self.workflow.initial,
            stage: self.workflow.stages.get(index)?,
        })
    }

    /// The stage new leads start at.
    pub fn initial(&self) -> Option<StageView<'e>> {
        let index = u32::try_from(self.workflow.initial).ok()?;
        self.stage_view(StageId {
            workflow: self.id,
            index,
        })
    }

    /// The sub-stages, in the config's order.
    pub fn sub_stages(&self) -> impl ExactSizeIterator<Item = &'e str> + 'e {
        self.workflow.sub_stages.iter().map(|s| &**s)
    }

    /// The action named `name`, if the workflow has it.
    pub fn action(&self, name: &str) -> Option<ActionId> {
        let index = u32::try_from(self.workflow.action_index(name)?).ok()?;
        Some(ActionId {
            workflow: self.id,
            index,
        })
    }

    /// The name of an action of this workflow; `None` for another's.
    pub fn action_name(&self, action: ActionId) -> Option<&'e str> {
        if action.workflow != self.id {
            return None;
        }
        self.workflow.actions.get(action.index()).map(|a| &*a.id)
    }

    /// The actions' names, in order.
    pub fn action_names(&self) -> impl ExactSizeIterator<Item = &'e str> + 'e {
        self.workflow.actions.iter().map(|a| &*a.id)
    }

    /// Whether some stage runs an expiry period (so leads carry a
    /// template and the timestamps their deadline is computed from).
    pub fn uses_expiry(&self) -> bool {
        self.workflow.uses_expiry
    }

    /// Whether a question about this workflow needs `now`.
    pub fn needs_now(&self) -> bool {
        self.workflow.needs_now
    }
}

/// One stage of a [`WorkflowView`] and the flags that govern it: a host
/// that keeps its book in SQL can select the stages that run an expiry
/// period ([`StageView::expiry`]) before it sweeps.
#[derive(Debug, Clone, Copy)]
pub struct StageView<'e> {
    id: StageId,
    initial: bool,
    stage: &'e Stage,
}

impl<'e> StageView<'e> {
    /// The stage's handle.
    pub fn id(&self) -> StageId {
        self.id
    }

    /// The stage's name.
    pub fn name(&self) -> &'e str {
        &self.stage.id
    }

    /// Whether new leads start here.
    pub fn initial(&self) -> bool {
        self.initial
    }

    /// Whether the stage ends the lead's life: no action leaves it and no
    /// expiry runs there.
    pub fn terminal(&self) -> bool {
        self.stage.terminal
    }

    /// Whether a lead here is archived (entering the stage emits `archive`).
    pub fn archived(&self) -> bool {
        self.stage.archived
    }

    /// The expiry period that runs while a lead stands here, if any: the
    /// template's `pending` or `accepted` period.
    pub fn expiry(&self) -> Option<Phase> {
        self.stage.expiry
    }
}

/// How a typed call names a workflow: by handle (found by index) or by
/// name (found through the engine's name index). Calls take
/// `impl Into<WorkflowRef>`, so a [`WorkflowId`] and a `&str` both work:
/// the name keeps code written before the handles working, the handle is
/// what a host resolves once and keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkflowRef<'n> {
    /// A resolved workflow.
    Id(WorkflowId),
    /// A workflow's name.
    Name(&'n str),
}

impl From<WorkflowId> for WorkflowRef<'_> {
    fn from(id: WorkflowId) -> Self {
        WorkflowRef::Id(id)
    }
}

impl<'n> From<&'n str> for WorkflowRef<'n> {
    fn from(name: &'n str) -> Self {
        WorkflowRef::Name(name)
    }
}

impl<'n> From<&'n String> for WorkflowRef<'n> {
    fn from(name: &'n String) -> Self {
        WorkflowRef::Name(name)
    }
}

/// How a typed call names an action of its request's workflow: by handle
/// or by name (`impl Into<ActionRef>`, as for [`WorkflowRef`]). A handle
/// of another workflow's action is `unknown_action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionRef<'n> {
    /// A resolved action.
    Id(ActionId),
    /// An action's name.
    Name(&'n str),
}

impl From<ActionId> for ActionRef<'_> {
    fn from(id: ActionId) -> Self {
        ActionRef::Id(id)
    }
}

impl<'n> From<&'n str> for ActionRef<'n> {
    fn from(name: &'n str) -> Self {
        ActionRef::Name(name)
    }
}

impl<'n> From<&'n String> for ActionRef<'n> {
    fn from(name: &'n String) -> Self {
        ActionRef::Name(name)
    }
}

impl WorkflowView<'_> {
    /// The index of the action `action` names in this workflow.
    pub(crate) fn action_index(&self, action: ActionRef<'_>) -> Option<usize> {
        match action {
            ActionRef::Id(id) if id.workflow == self.id && id.index() < self.workflow.actions.len() => {
                Some(id.index())
            }
            ActionRef::Id(_) => None,
            ActionRef::Name(name) => self.workflow.action_index(name),
        }
    }
}
