//! The policy: the data an engine holds once a config is validated — the
//! org directory, the role table, the compiled workflows, the expiry
//! templates, the work-in-progress statuses, the assignment rules — and the lookups the rule
//! areas make in it. Built by [`Policy::build`] (policy_build.rs); the rule
//! areas read it, the engine facade owns it.

use std::collections::HashMap;

use crate::hours::Calendars;
use crate::id_hash::IdMap;

use crate::assignment::rules::Rules;
use crate::error::{Error, ErrorCode, Problem};
use crate::expiry::{Template, Templates, DEFAULT_TEMPLATE};
use crate::matching::Matching;
use crate::orgs::OrgDirectory;
use crate::roles::{CapabilitySet, RoleId, RoleTable};
use crate::unknown_keys::UnknownKeys;
use crate::workflow::compile::Workflow;
use crate::workflow::view::{WorkflowId, WorkflowRef, WorkflowView};

/// The status a linked secondary lead takes; never work in progress.
pub const LINKED_STATUS: &str = "linked";

/// The default work-in-progress statuses (policy `linking.wip_statuses`).
pub const DEFAULT_WIP_STATUSES: [&str; 5] = [
    "claimed",
    "interested",
    "meeting_done",
    "visit_done",
    "final_negotiation",
];

/// A validated policy and org directory, immutable once built.
#[derive(Debug, Clone)]
pub(crate) struct Policy {
    pub(crate) orgs: OrgDirectory,
    pub(crate) roles: RoleTable,
    pub(crate) workflows: Vec<Workflow>,
    /// Position of each workflow in `workflows` by name: requests name
    /// their workflow, and a scan of 40k names per request made the cost
    /// of every request grow with the config.
    pub(crate) workflow_index: IdMap<Box<str>, usize>,
    pub(crate) templates: Templates,
    /// The business-hours calendars by name (`policy.calendars`).
    pub(crate) calendars: Calendars,
    pub(crate) wip_statuses: Vec<Box<str>>,
    /// The assignment rules, compiled.
    pub(crate) assignment: Rules,
    /// The duplicate-matching rules.
    pub(crate) matching: Matching,
    pub(crate) warnings: Vec<Problem>,
    /// What requests' unknown keys do (`policy.requests.unknown_keys`).
    pub(crate) unknown_keys: UnknownKeys,
}

impl Policy {
    /// The policy of no config at all, should the built-ins ever fail to
    /// compile (they are tested): everything answers but workflows.
    pub(crate) fn without_workflows() -> Policy {
        Policy {
            orgs: OrgDirectory::default(),
            roles: RoleTable::new(&[]),
            workflows: Vec::new(),
            workflow_index: IdMap::default(),
            templates: Templates::new(Vec::new()),
            calendars: HashMap::new(),
            wip_statuses: DEFAULT_WIP_STATUSES.iter().map(|&s| s.into()).collect(),
            assignment: Rules::default(),
            matching: Matching::default(),
            warnings: Vec::new(),
            unknown_keys: UnknownKeys::Ignore,
        }
    }

    /// The capabilities a role grants.
    pub(crate) fn capabilities(&self, role: RoleId) -> CapabilitySet {
        self.roles.capabilities(role)
    }

    /// The handle of the workflow named `name`.
    pub(crate) fn workflow_id(&self, name: &str) -> Option<WorkflowId> {
        let index = *self.workflow_index.get(name)?;
        u32::try_from(index).ok().map(WorkflowId)
    }

    /// The workflow `workflow` names, by handle or by name.
    pub(crate) fn find_workflow(&self, workflow: WorkflowRef<'_>) -> Option<WorkflowView<'_>> {
        let id = match workflow {
            WorkflowRef::Id(id) => id,
            WorkflowRef::Name(name) => self.workflow_id(name)?,
        };
        let workflow = self.workflows.get(id.index())?;
        Some(WorkflowView { id, workflow })
    }

    /// The workflow `workflow` names, or `unknown_workflow` at `path`.
    pub(crate) fn require_workflow_view<'n>(
        &self,
        workflow: impl Into<WorkflowRef<'n>>,
        path: &str,
    ) -> Result<WorkflowView<'_>, Error> {
        let workflow = workflow.into();
        self.find_workflow(workflow).ok_or_else(|| {
            let message = match workflow {
                WorkflowRef::Name(name) => format!("unknown workflow `{name}`"),
                WorkflowRef::Id(id) => format!("unknown workflow handle {}: not of this engine", id.index()),
            };
            Error::new(ErrorCode::UnknownWorkflow, path, message)
        })
    }

    /// The compiled workflow `workflow` names, or `unknown_workflow` at `path`.
    pub(crate) fn require_workflow<'n>(
        &self,
        workflow: impl Into<WorkflowRef<'n>>,
        path: &str,
    ) -> Result<&Workflow, Error> {
        self.require_workflow_view(workflow, path)
            .map(|view| view.workflow)
    }

    /// The expiry template a lead names (`default` when it names none), or
    /// `unknown_template` at `lead.template`.
    pub(crate) fn require_template(&self, name: Option<&str>) -> Result<&Template, Error> {
        let wanted = name.unwrap_or(DEFAULT_TEMPLATE);
        match self.templates.get(wanted) {
            Some(template) => Ok(template),
            None => Err(Error::new(
                ErrorCode::UnknownTemplate,
                "lead.template",
                format!("unknown template `{wanted}`"),
            )),
        }
    }

    /// Whether `status` counts as work in progress for linking.
    pub(crate) fn is_wip(&self, status: &str) -> bool {
        self.wip_statuses.iter().any(|s| &**s == status)
    }
}
