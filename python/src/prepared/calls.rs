//! The typed calls asked with a handle in place of a record: the facts
//! held (a record beside a handle read first, at its argument's path),
//! the other arguments read (`args.rs`), core's `*_prepared` question
//! asked, its answer the record call's object.

use leadrules::protocol::{Request, Response};
use leadrules::Route;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use super::args::{
    check_workflow, fast_now, missing_workflow, org_of, read_now, workflow_request, workflow_text,
};
use super::lazy::Asked;
use super::{
    held_actor, held_lead, read_record, AsWorkflowLead, Held, PreparedActor, PreparedLead,
    PreparedWorkflowLead,
};
use crate::convert::{to_value, Budget};
use crate::decision::{action_list, Decision, Targets};
use crate::engine::Engine;
use crate::errors::{guard, internal, not_json_request, to_py_err};

/// `can_handover` / `can_cross_silo` with a handle.
pub(crate) fn transfer(
    slf: &Bound<'_, Engine>,
    route: Route,
    actor: &Bound<'_, PyAny>,
    lead: &Bound<'_, PyAny>,
    to: &Bound<'_, PyAny>,
) -> PyResult<Py<Decision>> {
    let py = slf.py();
    let this = slf.get();
    guard(py, || {
        let actor_fact = held_actor(py, this, actor, "actor")?;
        let lead_fact = held_lead(py, this, lead, "lead")?;
        let to = org_of(py, this, route, &actor_fact, &lead_fact, to)?;
        let core = this.core();
        let decision = core
            .transfer_prepared(route, &actor_fact, &lead_fact, to)
            .map_err(|e| to_py_err(py, &e))?;
        // Of two handles, the question is kept and the answer taken when
        // first read.
        if let (Ok(actor), Ok(lead)) = (
            actor.cast_exact::<PreparedActor>(),
            lead.cast_exact::<PreparedLead>(),
        ) {
            let asked = Asked::Transfer {
                engine: slf.clone().unbind(),
                actor: actor.clone().unbind(),
                lead: lead.clone().unbind(),
                route,
                to,
            };
            return Py::new(py, Decision::asked(decision.allowed(), asked));
        }
        decision_object(py, core, Response::Transfer(decision))
    })
}

/// `targets` with a handle.
pub(crate) fn targets(
    slf: &Bound<'_, Engine>,
    actor: &Bound<'_, PyAny>,
    lead: &Bound<'_, PyAny>,
) -> PyResult<Targets> {
    let py = slf.py();
    let this = slf.get();
    guard(py, || {
        let actor = held_actor(py, this, actor, "actor")?;
        let lead = held_lead(py, this, lead, "lead")?;
        let core = this.core();
        let targets = core
            .targets_prepared(&actor, &lead)
            .map_err(|e| to_py_err(py, &e))?;
        Ok(Targets::new(core, &targets))
    })
}

/// `can_edit` with a handle.
pub(crate) fn edit(
    slf: &Bound<'_, Engine>,
    actor: &Bound<'_, PyAny>,
    lead: &Bound<'_, PyAny>,
) -> PyResult<Py<Decision>> {
    let py = slf.py();
    let this = slf.get();
    guard(py, || {
        let actor = held_actor(py, this, actor, "actor")?;
        let lead = held_lead(py, this, lead, "lead")?;
        let core = this.core();
        let decision = core.edit_prepared(&actor, &lead).map_err(|e| to_py_err(py, &e))?;
        decision_object(py, core, Response::Decision(decision))
    })
}

/// `change_owner` with a handle.
pub(crate) fn change_owner(
    slf: &Bound<'_, Engine>,
    actor: &Bound<'_, PyAny>,
    lead: &Bound<'_, PyAny>,
    to: &Bound<'_, PyAny>,
) -> PyResult<Py<Decision>> {
    let py = slf.py();
    let this = slf.get();
    guard(py, || {
        let actor = held_actor(py, this, actor, "actor")?;
        let lead = held_lead(py, this, lead, "lead")?;
        let to = held_actor(py, this, to, "to")?;
        let core = this.core();
        let decision = core
            .change_owner_prepared(&actor, &lead, &to)
            .map_err(|e| to_py_err(py, &e))?;
        decision_object(py, core, Response::Decision(decision))
    })
}

/// The `Decision` object of a decision's response.
fn decision_object(
    py: Python<'_>,
    core: &leadrules::Engine,
    response: Response<'_>,
) -> PyResult<Py<Decision>> {
    match Decision::of(core, &response, &[]) {
        Some(decision) => Py::new(py, decision),
        None => Err(internal(py, "a question was not answered with a decision")),
    }
}

/// `transition` with a handle (a record lead is of `workflow`, by default
/// the protocol's).
#[allow(clippy::too_many_arguments, reason = "mirrors the typed call's arguments")]
pub(crate) fn transition(
    slf: &Bound<'_, Engine>,
    actor: &Bound<'_, PyAny>,
    lead: &Bound<'_, PyAny>,
    action: &Bound<'_, PyAny>,
    workflow: Option<&Bound<'_, PyAny>>,
    fields: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<Decision>> {
    let py = slf.py();
    let this = slf.get();
    guard(py, || {
        let actor_handle = actor;
        let lead_handle = lead;
        let actor = held_actor(py, this, actor, "actor")?;
        let lead = workflow_fact(py, this, "transition", lead, workflow)?;
        let core = this.core();
        // The fast way: an action name, a dict of fields, a time.
        let fast = match action.cast_exact::<PyString>() {
            Ok(object) if fields.is_none_or(|f| f.is_none() || f.is_exact_instance_of::<PyDict>()) => {
                match (object.to_str(), fast_now(now)?) {
                    (Ok(name), Some(now)) if !name.trim().is_empty() => Some((object, name, now)),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some((object, name, now)) = fast {
            let form = match fields.filter(|f| !f.is_none()) {
                Some(fields) => Some(
                    to_value(fields, &mut Budget::request())
                        .map_err(|e| not_json_request(py, e, "fields"))?,
                ),
                None => None,
            };
            let form_fields = form.as_ref().and_then(leadrules::workflow::FormFields::of);
            let decision = core
                .transition_prepared(&actor, &lead, name, form_fields, now)
                .map_err(|e| to_py_err(py, &e))?;
            // Of two handles, the question is kept and the answer taken
            // when first read.
            if let (Ok(actor), Ok(lead)) = (
                actor_handle.cast_exact::<PreparedActor>(),
                lead_handle.cast_exact::<PreparedWorkflowLead>(),
            ) {
                let allowed = decision.allowed();
                drop(decision);
                let asked = Asked::Transition {
                    engine: slf.clone().unbind(),
                    actor: actor.clone().unbind(),
                    lead: lead.clone().unbind(),
                    action: object.clone().unbind(),
                    form,
                    now,
                };
                return Py::new(py, Decision::asked(allowed, asked));
            }
            return decision_object(py, core, Response::Transition(decision));
        }
        // Anything else read by core's reader, as the record path reads it.
        let request = workflow_request(py, core, &actor, &lead, Some(action), fields, now)?;
        let read = Request::read_kind(core, "transition", &&request).map_err(|e| to_py_err(py, &e))?;
        let Request::Transition {
            request: read,
            action,
            fields,
        } = read
        else {
            return Err(internal(py, "a transition was not read as a transition"));
        };
        let decision = core
            .transition_prepared(&actor, &lead, action, fields, read.now)
            .map_err(|e| to_py_err(py, &e))?;
        decision_object(py, core, Response::Transition(decision))
    })
}

/// `actions` with a handle.
pub(crate) fn actions<'py>(
    slf: &Bound<'py, Engine>,
    actor: &Bound<'py, PyAny>,
    lead: &Bound<'py, PyAny>,
    workflow: Option<&Bound<'py, PyAny>>,
    now: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = slf.py();
    let this = slf.get();
    guard(py, || {
        let actor = held_actor(py, this, actor, "actor")?;
        let lead = workflow_fact(py, this, "actions", lead, workflow)?;
        let core = this.core();
        let now = read_now(py, core, &actor, &lead, now)?;
        let options = core
            .actions_prepared(&actor, &lead, now)
            .map_err(|e| to_py_err(py, &e))?;
        Ok(action_list(py, core, &options)?.into_any())
    })
}

/// The lead of a workflow question: a handle (whose workflow `workflow`,
/// if given, must name), or a record read as a lead of `workflow` (the
/// record path's error when left out).
pub(crate) fn workflow_fact<'a>(
    py: Python<'_>,
    engine: &Engine,
    kind: &str,
    lead: &'a Bound<'_, PyAny>,
    workflow: Option<&Bound<'_, PyAny>>,
) -> PyResult<Held<'a, leadrules::PreparedWorkflowLead>> {
    if let Ok(handle) = lead.cast_exact::<PreparedWorkflowLead>() {
        let fact = &handle.get().fact;
        if let Some(workflow) = workflow.filter(|w| !w.is_none()) {
            check_workflow(py, engine.core(), fact, workflow)?;
        }
        return Ok(Held::Handle(fact));
    }
    let name = match workflow.filter(|w| !w.is_none()) {
        Some(workflow) => workflow_text(py, workflow)?,
        None => return Err(missing_workflow(py, engine.core(), kind)),
    };
    read_record(py, engine, lead, "lead", &AsWorkflowLead(&name)).map(Held::Read)
}
