//! The engine's prepared facts: making them from typed facts, and asking
//! every record question of them. Each question checks the stamps, then
//! asks the record question of the facts borrowed, so that it answers
//! exactly what the record answers. (Reading them from records, through
//! the one reader, is `protocol/read_prepared.rs`; the list views are
//! `list_view.rs`.)

use crate::decision::Decision;
use crate::edit::EditedLead;
use crate::engine::{Engine, EngineStamp};
use crate::error::{Error, ErrorCode};
use crate::handover::{Route, Targets, TransferDecision};
use crate::model::Actor;
use crate::orgs::OrgId;
use crate::prepared::{PreparedActor, PreparedLead, PreparedWorkflowLead};
use crate::require::{require_creator_after_handover, require_id};
use crate::roles::RoleId;
use crate::time::Timestamp;
use crate::transition::{check_sub_stage, stage_of};
use crate::workflow::view::WorkflowView;
use crate::workflow::{
    ActionOption, ActionRef, FormFields, TransitionDecision, WorkflowLead, WorkflowRef, WorkflowRequest,
};

/// Prepared facts from typed facts (Rust and C callers). Errors name the
/// fields as the record path names them (`actor.role`, `lead.stage`).
impl Engine {
    /// An actor: `id` (not blank), `org` (optional: kept as text, and
    /// resolved when the directory holds it), `role` (`unknown_role` at
    /// `actor.role`).
    pub fn prepare_actor(&self, id: &str, org: Option<&str>, role: &str) -> Result<PreparedActor, Error> {
        let id = require_id(id, "actor.id")?;
        let org = org.map(|org| require_id(org, "actor.org")).transpose()?;
        let role = self.require_role(role, "actor.role")?;
        Ok(self.prepared_actor(id, org, role))
    }

    /// A lead as an org holds it: its id and the users it names must not
    /// be blank (`lead.id`, `lead.owner`, `lead.creator`).
    pub fn prepare_lead(&self, lead: &EditedLead<'_>) -> Result<PreparedLead, Error> {
        require_id(lead.id, "lead.id")?;
        if let Some(owner) = lead.owner {
            require_id(owner, "lead.owner")?;
        }
        if let Some(creator) = lead.creator {
            require_id(creator, "lead.creator")?;
        }
        Ok(PreparedLead::of(self.stamp(), lead))
    }

    /// A lead of `workflow` (`unknown_workflow` at `workflow`): its id and
    /// texts not blank, its stage and sub-stage the workflow's
    /// (`unknown_stage` at `lead.stage`, `lead.sub_stage`), its template
    /// one of the policy's where the workflow runs an expiry
    /// (`unknown_template` at `lead.template`).
    pub fn prepare_workflow_lead<'n>(
        &self,
        workflow: impl Into<WorkflowRef<'n>>,
        lead: &WorkflowLead<'_>,
    ) -> Result<PreparedWorkflowLead, Error> {
        let view = self.require_workflow(workflow, "workflow")?;
        require_id(lead.id, "lead.id")?;
        require_id(lead.stage, "lead.stage")?;
        stage_of(view.workflow, lead.stage, || "lead.stage".to_owned())?;
        if let Some(sub_stage) = lead.sub_stage {
            require_id(sub_stage, "lead.sub_stage")?;
        }
        check_sub_stage(view.workflow, lead.sub_stage, || "lead.sub_stage".to_owned())?;
        for (text, path) in [
            (lead.owner, "lead.owner"),
            (lead.partner, "lead.partner"),
            (lead.source, "lead.source"),
            (lead.distribution_owner, "lead.distribution_owner"),
            (lead.template, "lead.template"),
        ] {
            if let Some(text) = text {
                require_id(text, path)?;
            }
        }
        self.finish_workflow_lead(view, lead, "lead")
    }

    /// The actor of these facts, checked: its org resolved if the
    /// directory holds it.
    pub(crate) fn prepared_actor(&self, id: &str, org: Option<&str>, role: RoleId) -> PreparedActor {
        PreparedActor {
            stamp: self.stamp(),
            id: id.into(),
            org_text: org.map(Into::into),
            org: org.and_then(|org| self.org(org)),
            role,
        }
    }

    /// A workflow lead whose stages and texts are checked: the template
    /// resolved (its error at `path.template`), the lead owned.
    pub(crate) fn finish_workflow_lead(
        &self,
        view: WorkflowView<'_>,
        lead: &WorkflowLead<'_>,
        path: &str,
    ) -> Result<PreparedWorkflowLead, Error> {
        let workflow = view.workflow;
        let stage = stage_of(workflow, lead.stage, || rebased_path("lead.stage", "lead", path))?;
        self.policy
            .require_template(if workflow.uses_expiry { lead.template } else { None })
            .map_err(|error| rebased(error, "lead", path))?;
        Ok(PreparedWorkflowLead::of(self.stamp(), view.id(), stage, lead))
    }
}

/// `path`, its leading `from` replaced by `to` (`lead.creator` to
/// `leads[3].creator`): the rule areas name the one lead `lead`, a list
/// view names each.
pub(crate) fn rebased_path(path: &str, from: &str, to: &str) -> String {
    match path.strip_prefix(from) {
        Some(rest) if rest.is_empty() || rest.starts_with(['.', '[']) => format!("{to}{rest}"),
        _ => path.to_owned(),
    }
}

/// `error` with its path [`rebased_path`].
pub(crate) fn rebased(mut error: Error, from: &str, to: &str) -> Error {
    if from != to {
        error.path = rebased_path(&error.path, from, to);
    }
    error
}

/// The questions, asked of prepared facts.
impl Engine {
    /// `foreign_handle` at `path` unless `stamp` is this engine's.
    pub(crate) fn check_stamp(&self, stamp: EngineStamp, what: &str, path: &str) -> Result<(), Error> {
        if stamp == self.stamp() {
            return Ok(());
        }
        Err(Error::new(
            ErrorCode::ForeignHandle,
            path,
            format!("this {what} was prepared by another engine: prepare it again with this one"),
        ))
    }

    /// The actor as an org question needs it, its org in the directory:
    /// else the record path's error at `path.org` (`invalid_request` for no
    /// org, `unknown_org` for one the directory lacks).
    pub(crate) fn actor_in_directory<'p>(
        &self,
        actor: &'p PreparedActor,
        path: &str,
    ) -> Result<Actor<'p>, Error> {
        match (actor.org, actor.org_text.as_deref()) {
            (Some(org), _) => Ok(Actor {
                id: &actor.id,
                org,
                role: actor.role,
            }),
            (None, Some(text)) => Err(Error::new(
                ErrorCode::UnknownOrg,
                format!("{path}.org"),
                format!("unknown org `{text}`"),
            )),
            (None, None) => Err(Error::new(
                ErrorCode::InvalidRequest,
                format!("{path}.org"),
                "missing `org`",
            )),
        }
    }

    /// The stamps of an org question's actor and lead, then the actor's org.
    fn org_facts<'p>(&self, actor: &'p PreparedActor, lead: &PreparedLead) -> Result<Actor<'p>, Error> {
        self.check_stamp(actor.stamp, "actor", "actor")?;
        self.check_stamp(lead.stamp, "lead", "lead")?;
        self.actor_in_directory(actor, "actor")
    }

    /// [`Engine::handover`] of prepared facts.
    pub fn handover_prepared<'a>(
        &self,
        actor: &PreparedActor,
        lead: &'a PreparedLead,
        to: OrgId,
    ) -> Result<TransferDecision<'a>, Error> {
        self.transfer_prepared(Route::Handover, actor, lead, to)
    }

    /// [`Engine::cross_silo`] of prepared facts.
    pub fn cross_silo_prepared<'a>(
        &self,
        actor: &PreparedActor,
        lead: &'a PreparedLead,
        to: OrgId,
    ) -> Result<TransferDecision<'a>, Error> {
        self.transfer_prepared(Route::CrossSilo, actor, lead, to)
    }

    /// [`Engine::transfer`] of prepared facts.
    pub fn transfer_prepared<'a>(
        &self,
        asked: Route,
        actor: &PreparedActor,
        lead: &'a PreparedLead,
        to: OrgId,
    ) -> Result<TransferDecision<'a>, Error> {
        let actor = self.org_facts(actor, lead)?;
        Ok(self.transfer(asked, &actor, &lead.held(), to))
    }

    /// [`Engine::targets`] of prepared facts.
    pub fn targets_prepared(&self, actor: &PreparedActor, lead: &PreparedLead) -> Result<Targets, Error> {
        let actor = self.org_facts(actor, lead)?;
        Ok(self.targets(&actor, &lead.held()))
    }

    /// [`Engine::edit`] of prepared facts; a lead handed over to sales
    /// must name its creator (`invalid_request` at `lead.creator`), as
    /// the record path requires.
    pub fn edit_prepared<'a>(
        &self,
        actor: &PreparedActor,
        lead: &'a PreparedLead,
    ) -> Result<Decision<'a>, Error> {
        let actor = self.org_facts(actor, lead)?;
        let lead = lead.edited();
        require_creator_after_handover(&lead)?;
        Ok(self.edit(&actor, &lead))
    }

    /// [`Engine::change_owner`] of prepared facts: `to` is the new owner,
    /// its org in the directory as the record path requires (`to.org`).
    pub fn change_owner_prepared<'a>(
        &self,
        actor: &PreparedActor,
        lead: &'a PreparedLead,
        to: &'a PreparedActor,
    ) -> Result<Decision<'a>, Error> {
        let asking = self.org_facts(actor, lead)?;
        self.check_stamp(to.stamp, "actor", "to")?;
        let to = self.actor_in_directory(to, "to")?;
        Ok(self.change_owner(&asking, &lead.edited(), &to))
    }

    /// The workflow question's request of prepared facts, stamps checked.
    fn workflow_request<'a>(
        &self,
        actor: &'a PreparedActor,
        lead: &'a PreparedWorkflowLead,
        now: Option<Timestamp>,
    ) -> Result<WorkflowRequest<'a>, Error> {
        self.check_stamp(actor.stamp, "actor", "actor")?;
        self.check_stamp(lead.stamp, "lead", "lead")?;
        Ok(WorkflowRequest {
            workflow: lead.workflow,
            actor: actor.workflow_actor(),
            lead: lead.lead(),
            now,
        })
    }

    /// [`Engine::transition`] of prepared facts (the workflow is the
    /// lead's).
    pub fn transition_prepared<'a, 'n>(
        &'a self,
        actor: &'a PreparedActor,
        lead: &'a PreparedWorkflowLead,
        action: impl Into<ActionRef<'n>>,
        fields: Option<FormFields<'a>>,
        now: Option<Timestamp>,
    ) -> Result<TransitionDecision<'a>, Error> {
        let request = self.workflow_request(actor, lead, now)?;
        self.transition(&request, action, fields)
    }

    /// [`Engine::actions`] of prepared facts (the workflow is the lead's).
    pub fn actions_prepared<'a>(
        &'a self,
        actor: &'a PreparedActor,
        lead: &'a PreparedWorkflowLead,
        now: Option<Timestamp>,
    ) -> Result<Vec<ActionOption<'a>>, Error> {
        let request = self.workflow_request(actor, lead, now)?;
        self.actions(&request)
    }
}

#[cfg(test)]
mod tests {
    use super::rebased_path;

    #[test]
    fn a_path_is_rebased_only_at_a_whole_segment() {
        assert_eq!(
            rebased_path("lead.creator", "lead", "leads[3]"),
            "leads[3].creator"
        );
        assert_eq!(rebased_path("lead", "lead", "leads[3]"), "leads[3]");
        assert_eq!(rebased_path("leads[1]", "lead", "x"), "leads[1]");
        assert_eq!(rebased_path("now", "lead", "x"), "now");
    }
}
