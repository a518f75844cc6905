//! Prepared facts read from records: the actor, the held lead and the
//! workflow lead read by the one reader's own field readers (`read.rs`,
//! `read_workflow.rs`), with their checks, order, codes and paths, then
//! owned. A binding passes its own [`Input`] (Python its dicts); a JSON
//! caller a `serde_json::Value`.

use crate::engine::Engine;
use crate::error::Error;
use crate::path::Path;
use crate::prepared::{PreparedActor, PreparedLead, PreparedWorkflowLead};
use crate::protocol::input::Input;
use crate::protocol::read::{actor_without_org, lead_fields, object};
use crate::protocol::read_workflow::workflow_lead;

/// The path of an argument: `actor`, `leads[3]` (rendered as one key);
/// the root for an empty one.
fn argument<'p>(root: &'p Path<'p>, path: &'p str) -> Path<'p> {
    if path.is_empty() {
        Path::Root
    } else {
        root.key(path)
    }
}

impl Engine {
    /// Reads an actor record `{"id", "org", "role"}`; errors point below
    /// `path` (`actor.role`). `org` is optional text, resolved when the
    /// directory holds it (a question about orgs then requires it, as the
    /// record path does).
    pub fn read_actor<'v, I: Input<'v>>(&self, record: I, path: &str) -> Result<PreparedActor, Error> {
        let root = Path::Root;
        let at = argument(&root, path);
        let fields = object(record, &at)?;
        let (id, org, role) = actor_without_org(self, &fields, &at)?;
        Ok(self.prepared_actor(id, org, role))
    }

    /// Reads a held lead record `{"id", "org", "owner", "creator",
    /// "handed_over_to_sales"}`; errors point below `path` (`lead.org`).
    pub fn read_lead<'v, I: Input<'v>>(&self, record: I, path: &str) -> Result<PreparedLead, Error> {
        let root = Path::Root;
        let at = argument(&root, path);
        let fields = object(record, &at)?;
        let lead = lead_fields(self, &fields, &at)?;
        Ok(PreparedLead::of(self.stamp(), &lead))
    }

    /// Reads a lead record of `workflow` (`unknown_workflow` at
    /// `workflow`): its stage and sub-stage checked as they are read, its
    /// template resolved (`unknown_template` at `path.template`); errors
    /// point below `path` (`lead.stage`).
    pub fn read_workflow_lead<'v, I: Input<'v>>(
        &self,
        workflow: &str,
        record: I,
        path: &str,
    ) -> Result<PreparedWorkflowLead, Error> {
        let view = self.require_workflow(workflow, "workflow")?;
        let root = Path::Root;
        let at = argument(&root, path);
        let fields = object(record, &at)?;
        let lead = workflow_lead(view.workflow, &fields, &at)?;
        self.finish_workflow_lead(view, &lead, path)
    }
}
