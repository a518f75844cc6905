//! Reading the workflow kinds: `transition`, `actions`, `expiry`, `sweep`.

use serde_json::{Map, Value};

use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::expiry::ExpiryClock;
use crate::path::Path;
use crate::protocol::input::{Input, Key};
use crate::protocol::read::{
    actor_without_org, invalid, object, optional_str, optional_timestamp, present, required_object,
    required_str, timestamp,
};
use crate::time::Timestamp;
use crate::transition::{check_sub_stage, stage_of};
use crate::workflow::compile::Workflow;
use crate::workflow::{ActionId, WorkflowActor, WorkflowId, WorkflowLead, WorkflowRequest};

/// A workflow request, the action asked for and the form fields.
pub(crate) type WorkflowParts<'v> = (
    WorkflowRequest<'v>,
    Option<ActionId>,
    Option<&'v Map<String, Value>>,
);

/// The shared part of `transition` and `actions`, in protocol order:
/// `workflow`, `action` (for a transition), `now`, `actor`, `lead`, then
/// the form `fields` (for a transition). Each
/// reference is resolved as soon as it is read, so the first problem in
/// that order is the one reported.
pub(crate) fn workflow_request<'v, I: Input<'v>>(
    engine: &Engine,
    map: &I,
    with_action: bool,
    path: &Path<'_>,
) -> Result<WorkflowParts<'v>, Error> {
    let name = required_str(map, Key::Workflow, path)?;
    let view = engine.require_workflow(name, "workflow")?;
    let workflow = view.workflow;
    let action = if with_action {
        let action = required_str(map, Key::Action, path)?;
        let Some(action) = view.action(action) else {
            return Err(Error::new(
                ErrorCode::UnknownAction,
                "action",
                format!("`{action}` is not an action of `{name}`"),
            ));
        };
        Some(action)
    } else {
        None
    };
    let now = optional_timestamp(map, Key::Now, path)?;
    if now.is_none() && workflow.needs_now {
        return Err(invalid(
            &path.key("now"),
            format!("missing `now`: workflow `{name}` reads the time"),
        ));
    }
    let at = path.key("actor");
    let fields = required_object(map, Key::Actor, path)?;
    let (id, org, role) = actor_without_org(engine, &fields, &at)?;
    let actor = WorkflowActor { id, org, role };
    let lead = workflow_lead(
        workflow,
        &required_object(map, Key::Lead, path)?,
        &path.key("lead"),
    )?;
    let request = WorkflowRequest {
        workflow: view.id(),
        actor,
        lead,
        now,
    };
    // `fields` is read last. The lead's template and deadline inputs are
    // judged when the question is answered; only when `fields` is wrong
    // must they be judged here, so that the lead's error comes first.
    let fields = match action {
        Some(action) => match form_fields(map, path) {
            Ok(fields) => fields,
            Err(error) => {
                let index = action.index();
                let asked = workflow.actions.get(index..=index).unwrap_or_default();
                engine.check_workflow_request(&request, asked)?;
                return Err(error);
            }
        },
        None => None,
    };
    Ok((request, action, fields))
}

/// The form `fields` object, if any.
fn form_fields<'v, I: Input<'v>>(map: &I, path: &Path<'_>) -> Result<Option<&'v Map<String, Value>>, Error> {
    let at = path.key("fields");
    match present(map, Key::Fields) {
        None => Ok(None),
        Some(value) => match object(value, &at)?.form() {
            Ok(fields) => Ok(fields),
            Err(message) => Err(invalid(&at, message)),
        },
    }
}

/// A lead of `workflow` at `at`: its stage and sub-stage checked against
/// the workflow as they are read, then every other key it may carry. A
/// prepared workflow lead is read by this too.
pub(crate) fn workflow_lead<'v, I: Input<'v>>(
    workflow: &Workflow,
    fields: &I,
    at: &Path<'_>,
) -> Result<WorkflowLead<'v>, Error> {
    let id = required_str(fields, Key::Id, at)?;
    let stage = required_str(fields, Key::Stage, at)?;
    stage_of(workflow, stage, || at.key("stage").render())?;
    let sub_stage = optional_str(fields, Key::SubStage, at)?;
    check_sub_stage(workflow, sub_stage, || at.key("sub_stage").render())?;
    Ok(WorkflowLead {
        id,
        stage,
        sub_stage,
        owner: optional_str(fields, Key::Owner, at)?,
        partner: optional_str(fields, Key::Partner, at)?,
        source: optional_str(fields, Key::Source, at)?,
        distribution_owner: optional_str(fields, Key::DistributionOwner, at)?,
        clock: ExpiryClock {
            created_at: optional_timestamp(fields, Key::CreatedAt, at)?,
            expires_at: optional_timestamp(fields, Key::ExpiresAt, at)?,
            accepted_at: optional_timestamp(fields, Key::AcceptedAt, at)?,
            reassigned_at: optional_timestamp(fields, Key::ReassignedAt, at)?,
        },
        template: optional_str(fields, Key::Template, at)?,
    })
}

/// `expiry`: `workflow`, `now`, `lead`, in that order.
pub(crate) fn expiry_request<'v, I: Input<'v>>(
    engine: &Engine,
    map: &I,
    path: &Path<'_>,
) -> Result<(WorkflowId, Timestamp, WorkflowLead<'v>), Error> {
    let name = required_str(map, Key::Workflow, path)?;
    let view = engine.require_workflow(name, "workflow")?;
    let now = timestamp(map, Key::Now, path)?;
    let lead = workflow_lead(
        view.workflow,
        &required_object(map, Key::Lead, path)?,
        &path.key("lead"),
    )?;
    Ok((view.id(), now, lead))
}

/// `sweep`: `workflow`, `now`, then `leads` (an array of leads).
pub(crate) fn sweep_request<'v, I: Input<'v>>(
    engine: &Engine,
    map: &I,
    path: &Path<'_>,
) -> Result<(WorkflowId, Timestamp, Vec<WorkflowLead<'v>>), Error> {
    let name = required_str(map, Key::Workflow, path)?;
    let view = engine.require_workflow(name, "workflow")?;
    let workflow = view.workflow;
    let now = timestamp(map, Key::Now, path)?;
    let at = path.key("leads");
    let Some(value) = present(map, Key::Leads) else {
        return Err(invalid(&at, "missing `leads`"));
    };
    let Some(items) = value.items() else {
        return Err(invalid(
            &at,
            format!("expected an array of leads, found {}", value.json_type().name()),
        ));
    };
    // Grown as leads are read, not reserved for every item: a list of
    // empty objects would reserve a lead (about 200 bytes) per 3 bytes of text
    // before its first item is refused.
    let mut leads = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for (i, item) in items.enumerate() {
        let item_path = at.index(i);
        let lead = workflow_lead(workflow, &object(item, &item_path)?, &item_path)?;
        // A repeated id is reported where it is read, before later leads.
        if !ids.insert(lead.id) {
            return Err(invalid(
                &item_path.key("id"),
                format!("lead `{}` appears twice in one sweep", lead.id),
            ));
        }
        leads.push(lead);
    }
    Ok((view.id(), now, leads))
}
