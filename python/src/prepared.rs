//! Prepared facts: `Engine.actor`, `Engine.lead` and `Engine.workflow_lead`
//! read a record once, through core's one reader (in place, as the typed
//! calls read theirs: `input.rs`), into core's owned `PreparedActor`,
//! `PreparedLead` or `PreparedWorkflowLead`, held by a frozen handle; and
//! the typed calls asked with a handle in place of a record.
//!
//! A handle holds core's fact and its engine (for the names its properties
//! show). Which engine may read it is core's check (`foreign_handle`); a
//! handle is found among a call's arguments by its exact type alone, so a
//! call of records pays two type compares. Where a call mixes a handle and
//! a record, the record is prepared first, by the same reader, at its
//! argument's path.
//!
//! The arguments beside the facts (`to`, `action`, `fields`, `now`,
//! `workflow`) are read at once when they are what a host nearly always
//! passes (an org name it keeps, a `str`, a dict, an aware datetime);
//! anything else, and any such value the fast way refuses, is read by core's
//! reader as the record path reads it, in a request whose facts are the
//! handles' own, so that its errors are exactly the record path's.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};

use leadrules::protocol::{Input, Request, Response};
use leadrules::{Error, ErrorCode, OrgId, Route, Timestamp};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde_json::{json, Map, Value};

use crate::convert::{to_python, to_value, Budget};
use crate::decision::{reason_records, Decision, Targets};
use crate::engine::Engine;
use crate::errors::{guard, internal, not_json_request, to_py_err};
use crate::input::{is_datetime, Lent, PyInput, Reading, Root};

/// A user read once by `Engine.actor`: id, role resolved, org kept (and
/// resolved where the directory holds it). Immutable; bound to its engine.
#[pyclass(frozen, module = "leadrules", name = "PreparedActor")]
pub struct PreparedActor {
    pub(crate) fact: leadrules::PreparedActor,
    engine: Py<Engine>,
}

/// A lead as an org holds it, read once by `Engine.lead`. Immutable; bound
/// to its engine.
#[pyclass(frozen, module = "leadrules", name = "PreparedLead")]
pub struct PreparedLead {
    pub(crate) fact: leadrules::PreparedLead,
    engine: Py<Engine>,
}

/// A lead of one workflow, read once by `Engine.workflow_lead`. Immutable;
/// bound to its engine.
#[pyclass(frozen, module = "leadrules", name = "PreparedWorkflowLead")]
pub struct PreparedWorkflowLead {
    pub(crate) fact: leadrules::PreparedWorkflowLead,
    engine: Py<Engine>,
}

/// The refusal of every handle's `__reduce__`.
fn not_picklable(what: &str) -> PyErr {
    PyTypeError::new_err(format!(
        "a {what} is bound to the engine that prepared it and does not pickle: \
         pickle the record and prepare it again with the engine at hand"
    ))
}

fn hashed(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

#[pymethods]
impl PreparedActor {
    /// The user's id.
    #[getter]
    fn id(&self) -> &str {
        self.fact.id()
    }

    /// The user's org as the record named it (`None` if absent).
    #[getter]
    fn org(&self) -> Option<&str> {
        self.fact.org_text()
    }

    /// The user's role.
    #[getter]
    fn role(&self) -> String {
        self.engine.get().core().role_name(self.fact.role()).to_owned()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast_exact::<PreparedActor>()
            .is_ok_and(|other| other.get().fact == self.fact)
    }

    fn __hash__(&self) -> u64 {
        hashed(&self.fact)
    }

    fn __reduce__(&self) -> PyResult<()> {
        Err(not_picklable("PreparedActor"))
    }

    fn __copy__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
        slf.clone()
    }

    fn __deepcopy__<'py>(slf: &Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
        slf.clone()
    }

    fn __repr__(&self) -> String {
        format!("<leadrules.PreparedActor id={:?}>", self.fact.id())
    }
}

#[pymethods]
impl PreparedLead {
    /// The lead's id.
    #[getter]
    fn id(&self) -> &str {
        self.fact.id()
    }

    /// The org that holds the lead.
    #[getter]
    fn org(&self) -> String {
        self.engine.get().core().org_name(self.fact.org()).to_owned()
    }

    /// The owning user, `None` while unowned.
    #[getter]
    fn owner(&self) -> Option<&str> {
        self.fact.owner()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast_exact::<PreparedLead>()
            .is_ok_and(|other| other.get().fact == self.fact)
    }

    fn __hash__(&self) -> u64 {
        hashed(&self.fact)
    }

    fn __reduce__(&self) -> PyResult<()> {
        Err(not_picklable("PreparedLead"))
    }

    fn __copy__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
        slf.clone()
    }

    fn __deepcopy__<'py>(slf: &Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
        slf.clone()
    }

    fn __repr__(&self) -> String {
        format!("<leadrules.PreparedLead id={:?}>", self.fact.id())
    }
}

#[pymethods]
impl PreparedWorkflowLead {
    /// The lead's id.
    #[getter]
    fn id(&self) -> &str {
        self.fact.id()
    }

    /// The workflow it is a lead of.
    #[getter]
    fn workflow(&self, py: Python<'_>) -> PyResult<String> {
        workflow_name(py, self.engine.get().core(), &self.fact)
    }

    /// Its stage.
    #[getter]
    fn stage(&self) -> &str {
        self.fact.stage()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast_exact::<PreparedWorkflowLead>()
            .is_ok_and(|other| other.get().fact == self.fact)
    }

    /// Of what equality compares, the engine, the workflow, the id and the
    /// stage (equal leads hash alike).
    fn __hash__(&self) -> u64 {
        let fact = &self.fact;
        hashed(&(
            fact.stamp(),
            fact.workflow(),
            fact.id(),
            fact.stage(),
            fact.sub_stage(),
        ))
    }

    fn __reduce__(&self) -> PyResult<()> {
        Err(not_picklable("PreparedWorkflowLead"))
    }

    fn __copy__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
        slf.clone()
    }

    fn __deepcopy__<'py>(slf: &Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
        slf.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "<leadrules.PreparedWorkflowLead id={:?} stage={:?}>",
            self.fact.id(),
            self.fact.stage()
        )
    }
}

/// The name of a prepared lead's workflow.
pub(crate) fn workflow_name(
    py: Python<'_>,
    engine: &leadrules::Engine,
    lead: &leadrules::PreparedWorkflowLead,
) -> PyResult<String> {
    engine
        .require_workflow(lead.workflow(), "workflow")
        .map(|view| view.name().to_owned())
        .map_err(|e| to_py_err(py, &e))
}

// Reading records into facts.

/// What a record is read as, by core's reader of that fact.
pub(crate) trait Fact {
    /// Core's prepared fact.
    type Out;
    /// Reads `record` (errors below `path`).
    fn read<'v, I: Input<'v>>(
        &self,
        engine: &leadrules::Engine,
        record: I,
        path: &str,
    ) -> Result<Self::Out, Error>;
}

/// An actor record.
pub(crate) struct AsActor;
/// A held lead record.
pub(crate) struct AsLead;
/// A lead record of the named workflow.
pub(crate) struct AsWorkflowLead<'w>(pub(crate) &'w str);

impl Fact for AsActor {
    type Out = leadrules::PreparedActor;
    fn read<'v, I: Input<'v>>(
        &self,
        engine: &leadrules::Engine,
        record: I,
        path: &str,
    ) -> Result<Self::Out, Error> {
        engine.read_actor(record, path)
    }
}

impl Fact for AsLead {
    type Out = leadrules::PreparedLead;
    fn read<'v, I: Input<'v>>(
        &self,
        engine: &leadrules::Engine,
        record: I,
        path: &str,
    ) -> Result<Self::Out, Error> {
        engine.read_lead(record, path)
    }
}

impl Fact for AsWorkflowLead<'_> {
    type Out = leadrules::PreparedWorkflowLead;
    fn read<'v, I: Input<'v>>(
        &self,
        engine: &leadrules::Engine,
        record: I,
        path: &str,
    ) -> Result<Self::Out, Error> {
        engine.read_workflow_lead(self.0, record, path)
    }
}

/// Reads `record` as `fact` at `path`: in place when it is plain (see
/// `input.rs`), else converted first, as the record path reads its values
/// (a value that does not convert is the error).
pub(crate) fn read_record<F: Fact>(
    py: Python<'_>,
    engine: &Engine,
    record: &Bound<'_, PyAny>,
    path: &str,
    fact: &F,
) -> PyResult<F::Out> {
    let core = engine.core();
    let mut reading = Reading::new(py, engine.lookups());
    if let Some(span) = reading.check_value(record) {
        if reading.size.fits(&Budget::request()) {
            let read = {
                let lent = Lent::new();
                let input = PyInput::root(&reading, &lent, Root::Value(record, span));
                fact.read(core, input, path)
            };
            return read.map_err(|error| {
                reading
                    .raised()
                    .or_else(|| {
                        to_value(record, &mut Budget::request())
                            .err()
                            .map(|e| not_json_request(py, e, path))
                    })
                    .unwrap_or_else(|| to_py_err(py, &error))
            });
        }
    }
    drop(reading);
    let value = to_value(record, &mut Budget::request()).map_err(|e| not_json_request(py, e, path))?;
    fact.read(core, &value, path).map_err(|e| to_py_err(py, &e))
}

/// `Engine.actor(record)`.
pub(crate) fn actor(slf: &Bound<'_, Engine>, record: &Bound<'_, PyAny>) -> PyResult<Py<PreparedActor>> {
    let py = slf.py();
    guard(py, || {
        let fact = read_record(py, slf.get(), record, "actor", &AsActor)?;
        Py::new(
            py,
            PreparedActor {
                fact,
                engine: slf.clone().unbind(),
            },
        )
    })
}

/// `Engine.lead(record)`.
pub(crate) fn lead(slf: &Bound<'_, Engine>, record: &Bound<'_, PyAny>) -> PyResult<Py<PreparedLead>> {
    let py = slf.py();
    guard(py, || {
        let fact = read_record(py, slf.get(), record, "lead", &AsLead)?;
        Py::new(
            py,
            PreparedLead {
                fact,
                engine: slf.clone().unbind(),
            },
        )
    })
}

/// `Engine.workflow_lead(record, workflow=...)`.
pub(crate) fn workflow_lead(
    slf: &Bound<'_, Engine>,
    record: &Bound<'_, PyAny>,
    workflow: &str,
) -> PyResult<Py<PreparedWorkflowLead>> {
    let py = slf.py();
    guard(py, || {
        let fact = read_record(py, slf.get(), record, "lead", &AsWorkflowLead(workflow))?;
        Py::new(
            py,
            PreparedWorkflowLead {
                fact,
                engine: slf.clone().unbind(),
            },
        )
    })
}

/// A new handle of a fact prepared from a record (a list view's answer
/// keeps its facts as handles).
pub(crate) fn actor_handle(
    py: Python<'_>,
    engine: &Bound<'_, Engine>,
    fact: leadrules::PreparedActor,
) -> PyResult<Py<PreparedActor>> {
    Py::new(
        py,
        PreparedActor {
            fact,
            engine: engine.clone().unbind(),
        },
    )
}

/// [`actor_handle`] of a workflow lead.
pub(crate) fn workflow_lead_handle(
    py: Python<'_>,
    engine: &Bound<'_, Engine>,
    fact: leadrules::PreparedWorkflowLead,
) -> PyResult<Py<PreparedWorkflowLead>> {
    Py::new(
        py,
        PreparedWorkflowLead {
            fact,
            engine: engine.clone().unbind(),
        },
    )
}

/// [`actor_handle`] of a lead.
pub(crate) fn lead_handle(
    py: Python<'_>,
    engine: &Bound<'_, Engine>,
    fact: leadrules::PreparedLead,
) -> PyResult<Py<PreparedLead>> {
    Py::new(
        py,
        PreparedLead {
            fact,
            engine: engine.clone().unbind(),
        },
    )
}

/// A fact as a call holds it: a handle's, borrowed, or one just read
/// from a record.
pub(crate) enum Held<'a, T> {
    Handle(&'a T),
    Read(T),
}

impl<T> std::ops::Deref for Held<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Held::Handle(fact) => fact,
            Held::Read(fact) => fact,
        }
    }
}

/// The actor argument as a fact: a handle's, or the record read at `path`.
pub(crate) fn held_actor<'a>(
    py: Python<'_>,
    engine: &Engine,
    value: &'a Bound<'_, PyAny>,
    path: &str,
) -> PyResult<Held<'a, leadrules::PreparedActor>> {
    match value.cast_exact::<PreparedActor>() {
        Ok(handle) => Ok(Held::Handle(&handle.get().fact)),
        Err(_) => read_record(py, engine, value, path, &AsActor).map(Held::Read),
    }
}

/// The lead argument as a fact.
pub(crate) fn held_lead<'a>(
    py: Python<'_>,
    engine: &Engine,
    value: &'a Bound<'_, PyAny>,
    path: &str,
) -> PyResult<Held<'a, leadrules::PreparedLead>> {
    match value.cast_exact::<PreparedLead>() {
        Ok(handle) => Ok(Held::Handle(&handle.get().fact)),
        Err(_) => read_record(py, engine, value, path, &AsLead).map(Held::Read),
    }
}

/// Whether any of `values` is a handle of these classes (what sends a
/// typed call down the prepared way).
#[inline]
pub(crate) fn any_handle(values: &[&Bound<'_, PyAny>]) -> bool {
    values.iter().any(|value| {
        value.is_exact_instance_of::<PreparedActor>()
            || value.is_exact_instance_of::<PreparedLead>()
            || value.is_exact_instance_of::<PreparedWorkflowLead>()
    })
}

// The typed calls asked of facts.

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
        let actor = held_actor(py, this, actor, "actor")?;
        let lead = held_lead(py, this, lead, "lead")?;
        let to = org_of(py, this, route, &actor, &lead, to)?;
        let core = this.core();
        let decision = core
            .transfer_prepared(route, &actor, &lead, to)
            .map_err(|e| to_py_err(py, &e))?;
        let answered = decision_object(py, core, Response::Transfer(decision));
        answered
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
        let actor = held_actor(py, this, actor, "actor")?;
        let lead = workflow_fact(py, this, "transition", lead, workflow)?;
        let core = this.core();
        // The fast way: an action name, a dict of fields, a time.
        let fast = match action.cast_exact::<PyString>() {
            Ok(name) if fields.is_none_or(|f| f.is_none() || f.is_exact_instance_of::<PyDict>()) => {
                match (name.to_cow(), fast_now(now)?) {
                    (Ok(name), Some(now)) if !name.trim().is_empty() => Some((name, now)),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some((name, now)) = fast {
            let form = match fields.filter(|f| !f.is_none()) {
                Some(fields) => Some(
                    to_value(fields, &mut Budget::request())
                        .map_err(|e| not_json_request(py, e, "fields"))?,
                ),
                None => None,
            };
            let form_fields = form.as_ref().and_then(leadrules::workflow::FormFields::of);
            let decision = core
                .transition_prepared(&actor, &lead, &*name, form_fields, now)
                .map_err(|e| to_py_err(py, &e))?;
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
        let listed = actions_list(py, core, &Response::Actions(options));
        listed
    })
}

/// The list `Engine.actions` answers: the rendered actions, reasons as
/// `Reason` records.
pub(crate) fn actions_list<'py>(
    py: Python<'py>,
    core: &leadrules::Engine,
    response: &Response<'_>,
) -> PyResult<Bound<'py, PyAny>> {
    let rendered = core.render(response);
    let actions = to_python(py, rendered.get("actions").unwrap_or(&Value::Null))?;
    for action in actions.try_iter()? {
        let action = action?;
        let action = action
            .cast::<PyDict>()
            .map_err(|_| internal(py, "an action rendered no object"))?;
        if let Some(reasons) = action.get_item("reasons")? {
            action.set_item("reasons", reason_records(py, &reasons)?)?;
        }
    }
    Ok(actions)
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

/// The record path's error for a question of `kind` without a workflow
/// (core's reader, asked of a request with none).
pub(crate) fn missing_workflow(py: Python<'_>, core: &leadrules::Engine, kind: &str) -> PyErr {
    match Request::read_kind(core, kind, &&Value::Object(Map::new())) {
        Err(error) => to_py_err(py, &error),
        Ok(_) => internal(py, "a request without a workflow was read"),
    }
}

/// The workflow argument of a call of records as text, read by core's
/// reader where it is no plain `str`.
fn workflow_text(py: Python<'_>, workflow: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = workflow.cast_exact::<PyString>() {
        if let Ok(text) = text.to_cow() {
            return Ok(text.into_owned());
        }
    }
    let value =
        to_value(workflow, &mut Budget::request()).map_err(|e| not_json_request(py, e, "workflow"))?;
    match value {
        Value::String(text) => Ok(text),
        other => Err(to_py_err(
            py,
            &Error::new(
                ErrorCode::InvalidRequest,
                "workflow",
                format!("expected a string, found {}", json_type_name(&other)),
            ),
        )),
    }
}

fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `invalid_request` at `workflow` unless it names the handle's workflow.
fn check_workflow(
    py: Python<'_>,
    core: &leadrules::Engine,
    lead: &leadrules::PreparedWorkflowLead,
    workflow: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let own = workflow_name(py, core, lead)?;
    let given = workflow_text(py, workflow)?;
    if given == own {
        return Ok(());
    }
    Err(to_py_err(
        py,
        &Error::new(
            ErrorCode::InvalidRequest,
            "workflow",
            format!("the lead was prepared as a lead of `{own}`, not of `{given}`"),
        ),
    ))
}

/// `now` read at once where it is absent, an aware datetime or valid RFC
/// 3339 text: `Some(now)`; `None` where core's reader must read it.
fn fast_now(now: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Option<Timestamp>>> {
    let Some(now) = now.filter(|now| !now.is_none()) else {
        return Ok(Some(None));
    };
    if let Ok(text) = now.cast_exact::<PyString>() {
        return Ok(text
            .to_cow()
            .ok()
            .and_then(|text| leadrules::parse_timestamp(&text, "now").ok())
            .map(Some));
    }
    if is_datetime(now) {
        return Ok(crate::datetimes::timestamp(now)?.map(Some));
    }
    Ok(None)
}

/// `now` of a workflow question: at once where it can be, else by core's
/// reader (its errors, at `now`).
pub(crate) fn read_now(
    py: Python<'_>,
    core: &leadrules::Engine,
    actor: &leadrules::PreparedActor,
    lead: &leadrules::PreparedWorkflowLead,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<Timestamp>> {
    if let Some(now) = fast_now(now)? {
        return Ok(now);
    }
    let request = workflow_request(py, core, actor, lead, None, None, now)?;
    match Request::read_kind(core, "actions", &&request).map_err(|e| to_py_err(py, &e))? {
        Request::Actions(read) => Ok(read.now),
        _ => Err(internal(py, "an actions request was not read as one")),
    }
}

/// A workflow request of the kind the record path reads, for core's reader
/// to read the arguments beside the facts: its actor and lead are the
/// facts' own (valid: they were read already), so any error is an
/// argument's, at its path, as the record path reports it.
fn workflow_request(
    py: Python<'_>,
    core: &leadrules::Engine,
    actor: &leadrules::PreparedActor,
    lead: &leadrules::PreparedWorkflowLead,
    action: Option<&Bound<'_, PyAny>>,
    fields: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<Value> {
    let mut request = Map::new();
    request.insert(
        "workflow".to_owned(),
        Value::String(workflow_name(py, core, lead)?),
    );
    let mut actor_record = json!({"id": actor.id(), "role": core.role_name(actor.role())});
    if let (Some(org), Some(record)) = (actor.org_text(), actor_record.as_object_mut()) {
        record.insert("org".to_owned(), Value::String(org.to_owned()));
    }
    request.insert("actor".to_owned(), actor_record);
    let mut lead_record = json!({"id": lead.id(), "stage": lead.stage()});
    if let (Some(sub_stage), Some(record)) = (lead.sub_stage(), lead_record.as_object_mut()) {
        record.insert("sub_stage".to_owned(), Value::String(sub_stage.to_owned()));
    }
    request.insert("lead".to_owned(), lead_record);
    let mut budget = Budget::request();
    for (key, value) in [("action", action), ("fields", fields), ("now", now)] {
        if let Some(value) = value {
            let value = to_value(value, &mut budget).map_err(|e| not_json_request(py, e, key))?;
            request.insert(key.to_owned(), value);
        }
    }
    Ok(Value::Object(request))
}

// The org `to` of a transfer.

/// Org names met before, by their `str` objects: a host passes the same
/// few names again and again (an org it keeps, a literal), and finding one
/// here costs a compare (or a dict lookup) instead of encoding the name
/// and searching the directory.
pub(crate) struct OrgNames {
    /// Name → org index, for names the directory holds.
    table: Py<PyDict>,
    /// The name objects met last, by address, and each one's index;
    /// `held` keeps each slot's object alive while its address names it.
    held: Py<PyList>,
    slots: [(AtomicUsize, AtomicUsize); ORG_SLOTS],
}

/// The names [`OrgNames`] finds by address.
const ORG_SLOTS: usize = 16;

impl OrgNames {
    pub(crate) fn new(py: Python<'_>) -> Self {
        OrgNames {
            table: PyDict::new(py).unbind(),
            held: PyList::new(py, [(); ORG_SLOTS].map(|()| py.None()))
                .map_or_else(|_| PyList::empty(py).unbind(), Bound::unbind),
            slots: std::array::from_fn(|_| (AtomicUsize::new(0), AtomicUsize::new(0))),
        }
    }

    /// The org `name` names, if it was met before.
    fn find(&self, core: &leadrules::Engine, name: &Bound<'_, PyString>) -> Option<OrgId> {
        let address = name.as_ptr() as usize;
        let (held, index) = self.slots.get((address >> 4) % ORG_SLOTS)?;
        // Slots are written under the GIL, which this read holds too.
        if held.load(Ordering::Relaxed) == address {
            return core.org_at(index.load(Ordering::Relaxed));
        }
        let index = self.table.bind(name.py()).get_item(name).ok().flatten()?;
        let index = index.extract::<usize>().ok()?;
        self.note(name, index);
        core.org_at(index)
    }

    fn note(&self, name: &Bound<'_, PyString>, index: usize) {
        let address = name.as_ptr() as usize;
        let slot = (address >> 4) % ORG_SLOTS;
        let Some((held, noted)) = self.slots.get(slot) else {
            return;
        };
        if self.held.bind(name.py()).set_item(slot, name).is_ok() {
            noted.store(index, Ordering::Relaxed);
            held.store(address, Ordering::Relaxed);
        }
    }

    fn remember(&self, name: &Bound<'_, PyString>, org: OrgId) {
        // A cache that cannot grow only costs the next call the lookup.
        let _ = self.table.bind(name.py()).set_item(name, org.index());
        self.note(name, org.index());
    }
}

/// The org `to` names: a name met before at once; a known org's name;
/// else read by core's reader in a transfer request of the facts, so that
/// its errors are the record path's.
fn org_of(
    py: Python<'_>,
    engine: &Engine,
    route: Route,
    actor: &leadrules::PreparedActor,
    lead: &leadrules::PreparedLead,
    to: &Bound<'_, PyAny>,
) -> PyResult<OrgId> {
    let core = engine.core();
    if let Ok(name) = to.cast_exact::<PyString>() {
        let names = engine.org_names();
        if let Some(org) = names.find(core, name) {
            return Ok(org);
        }
        if let Some(org) = name
            .to_cow()
            .ok()
            .filter(|text| !text.trim().is_empty())
            .and_then(|text| core.org(&text))
        {
            names.remember(name, org);
            return Ok(org);
        }
    }
    let mut actor_record = json!({"id": actor.id(), "role": core.role_name(actor.role())});
    if let (Some(org), Some(record)) = (actor.org_text(), actor_record.as_object_mut()) {
        record.insert("org".to_owned(), Value::String(org.to_owned()));
    }
    let lead_record = json!({
        "id": lead.id(),
        "org": core.org_name(lead.org()),
        "owner": lead.owner(),
    });
    let to = to_value(to, &mut Budget::request()).map_err(|e| not_json_request(py, e, "to"))?;
    let request = json!({"actor": actor_record, "lead": lead_record, "to": to});
    match Request::read_transfer(core, route, &&request).map_err(|e| to_py_err(py, &e))? {
        Request::Transfer { to, .. } => Ok(to),
        _ => Err(internal(py, "a transfer was not read as a transfer")),
    }
}
