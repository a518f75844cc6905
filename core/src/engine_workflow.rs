//! The engine's workflows: the read-only views and handles a host resolves
//! once ([`WorkflowView`], [`WorkflowId`]), and the look-ups by name that
//! predate them.

use crate::engine::Engine;
use crate::error::Error;
use crate::workflow::compile::Workflow;
use crate::workflow::{WorkflowId, WorkflowRef, WorkflowView};

impl Engine {
    /// The compiled workflow `workflow` names.
    pub(crate) fn compiled<'n>(&self, workflow: impl Into<WorkflowRef<'n>>) -> Option<&Workflow> {
        Some(self.policy.find_workflow(workflow.into())?.workflow)
    }

    /// A workflow, read-only: its stages with their flags (initial,
    /// terminal, archived, the expiry period each runs), its actions, and
    /// the handles ([`StageId`](crate::StageId), [`ActionId`](crate::ActionId)) the typed calls take;
    /// `None` for an unknown workflow.
    pub fn workflow(&self, name: &str) -> Option<WorkflowView<'_>> {
        self.workflow_by_id(self.workflow_id(name)?)
    }

    /// Resolves a workflow name; `None` if the engine has no such workflow.
    pub fn workflow_id(&self, name: &str) -> Option<WorkflowId> {
        self.policy.workflow_id(name)
    }

    /// The workflow a handle names; `None` for a handle of another engine
    /// that is out of this one's range.
    pub fn workflow_by_id(&self, id: WorkflowId) -> Option<WorkflowView<'_>> {
        let workflow = self.policy.workflows.get(id.index())?;
        Some(WorkflowView { id, workflow })
    }

    /// The workflow `workflow` names (a [`WorkflowId`] or a name), or
    /// `unknown_workflow` at `path`: the lookup a binding makes for its
    /// host, answering the protocol's error.
    pub fn require_workflow<'n>(
        &self,
        workflow: impl Into<WorkflowRef<'n>>,
        path: &str,
    ) -> Result<WorkflowView<'_>, Error> {
        self.policy.require_workflow_view(workflow, path)
    }

    /// The stages of a workflow in order and its sub-stages; `None` for an
    /// unknown workflow.
    #[deprecated(note = "use `Engine::workflow(name)`: its `stages()` and `sub_stages()`")]
    pub fn pipeline_stages<'n>(
        &self,
        workflow: impl Into<WorkflowRef<'n>>,
    ) -> Option<(Vec<&str>, Vec<&str>)> {
        let workflow = self.compiled(workflow)?;
        Some((
            workflow.stages.iter().map(|s| &*s.id).collect(),
            workflow.sub_stages.iter().map(|s| &**s).collect(),
        ))
    }

    /// The stage new leads of `workflow` start at; `None` for an unknown
    /// workflow.
    #[deprecated(note = "use `Engine::workflow(name)` and its `initial()`")]
    pub fn initial_stage<'n>(&self, workflow: impl Into<WorkflowRef<'n>>) -> Option<&str> {
        Some(self.compiled(workflow)?.initial())
    }

    /// The names of the engine's workflows: the built-in ones (replaced
    /// where the config redefines them), then those the config adds.
    pub fn workflow_names(&self) -> impl Iterator<Item = &str> {
        self.policy.workflows.iter().map(|w| &*w.name)
    }

    /// The ids of a workflow's actions, in order; `None` for an unknown
    /// workflow.
    #[deprecated(note = "use `Engine::workflow(name)` and its `action_names()`")]
    pub fn workflow_actions<'n>(&self, workflow: impl Into<WorkflowRef<'n>>) -> Option<Vec<&str>> {
        Some(self.compiled(workflow)?.actions.iter().map(|a| &*a.id).collect())
    }

    /// The number of `(stage, action)` pairs a workflow's compiled tables
    /// answer, stages × actions (they hold less: an action `from "*"` once,
    /// a listed one once per listed stage); `None` for an unknown workflow.
    pub fn workflow_table_size<'n>(&self, workflow: impl Into<WorkflowRef<'n>>) -> Option<usize> {
        Some(self.compiled(workflow)?.table_size())
    }

    /// The code of a stage of `workflow`, for [`LeadColumns::stages`](crate::LeadColumns::stages).
    pub fn stage_code<'n>(&self, workflow: impl Into<WorkflowRef<'n>>, stage: &str) -> Option<u32> {
        self.policy.stage_code(workflow.into(), stage)
    }
}

#[cfg(test)]
mod tests {
    use super::Engine;

    #[test]
    fn workflows_are_found_through_an_index_built_at_load() {
        let n = 2_000;
        let workflow = r#"{"stages": [{"id": "a", "initial": true}, {"id": "b", "terminal": true}],
            "actions": [{"id": "go", "from": ["a"], "to": "b", "who": {"capability": "assign"}}]}"#;
        let workflows: Vec<String> = (0..n).map(|i| format!(r#""w{i}": {workflow}"#)).collect();
        let config = format!(r#"{{"policy": {{"workflows": {{{}}}}}}}"#, workflows.join(","));
        let engine = Engine::from_json(&config).map_err(|e| e.message);
        let engine = engine.as_ref().map_err(String::as_str);
        let Ok(engine) = engine else {
            return assert_eq!(engine.err(), None);
        };
        // One entry per workflow, pointing at it: a lookup is one probe, not
        // a scan of every name.
        assert_eq!(engine.policy.workflow_index.len(), engine.policy.workflows.len());
        for (i, workflow) in engine.policy.workflows.iter().enumerate() {
            assert_eq!(engine.policy.workflow_index.get(&workflow.name), Some(&i));
        }
        let last = format!("w{}", n - 1);
        assert_eq!(engine.workflow(&last).map(|w| w.name()), Some(last.as_str()));
        assert_eq!(
            engine.workflow(&last).and_then(|w| w.initial()).map(|s| s.name()),
            Some("a")
        );
        assert!(engine.workflow("nope").is_none());
    }
}
