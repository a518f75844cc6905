//! List views: `Engine.actions_many`, `can_edit_many` and `targets_many`,
//! one actor and many leads in one call, answered by core's list views
//! without the GIL (the facts are plain Rust data by then), as compact
//! answers: `ActionGrid` (a bit per lead and action) and `Verdicts` (a bit
//! per lead). The reasons are read on demand: `decision(i, ...)` asks the
//! single question of lead `i`, so an answer keeps its engine and facts.
//!
//! Leads are handles or records (read at `leads[i]` by the one reader, as
//! `prepared/` reads a call's record); errors are the first bad lead's,
//! nothing partial.

use leadrules::protocol::Response;
use leadrules::{Error, ErrorCode, Timestamp};
use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyInt, PyIterator, PyList, PyString, PyTuple};

use crate::decision::{Decision, Targets};
use crate::engine::Engine;
use crate::errors::{guard, internal, to_py_err};
use crate::prepared::{
    actor_handle, held_actor, lead_handle, missing_workflow, read_now, read_record, workflow_lead_handle,
    workflow_name, AsLead, AsWorkflowLead, Held, PreparedActor, PreparedLead, PreparedWorkflowLead,
};

/// `Engine.actions_many`'s answer: one bit per lead and action.
///
/// `grid[i]` is lead `i`'s bit mask (bit `a` set when `grid.actions[a]`
/// is allowed); `grid.decision(i, action)` asks the single question for
/// that lead, with its reasons.
#[pyclass(frozen, module = "leadrules")]
pub struct ActionGrid {
    grid: leadrules::ActionGrid,
    engine: Py<Engine>,
    actor: Py<PreparedActor>,
    leads: Vec<Py<PreparedWorkflowLead>>,
    now: Option<Timestamp>,
    /// The workflow's name when the grid has no lead to name it.
    workflow: Option<String>,
}

/// `Engine.can_edit_many`'s answer: one bit per lead.
///
/// `v[i]` is whether lead `i` may be edited; `v.mask` has bit `i` set for
/// each allowed lead; `v.decision(i)` asks `can_edit` for that lead.
#[pyclass(frozen, module = "leadrules")]
pub struct Verdicts {
    verdicts: leadrules::Verdicts,
    engine: Py<Engine>,
    actor: Py<PreparedActor>,
    leads: Vec<Py<PreparedLead>>,
}

/// The items of `leads` (any iterable), in order.
fn items<'py>(leads: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if let Ok(list) = leads.cast_exact::<PyList>() {
        return Ok(list.iter().collect());
    }
    if let Ok(tuple) = leads.cast_exact::<PyTuple>() {
        return Ok(tuple.iter().collect());
    }
    if leads.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "leads must be a sequence of leads, not a str",
        ));
    }
    leads.try_iter()?.collect()
}

/// The handle of `value`, or a new handle of the record `value` read as
/// `fact` at `leads[i]`.
fn lead_handles<T: pyo3::PyClass + Sync, F: crate::prepared::Fact>(
    engine: &Bound<'_, Engine>,
    values: &[Bound<'_, PyAny>],
    fact: &F,
    wrap: impl Fn(Python<'_>, &Bound<'_, Engine>, F::Out) -> PyResult<Py<T>>,
) -> PyResult<Vec<Py<T>>> {
    let py = engine.py();
    values
        .iter()
        .enumerate()
        .map(|(i, value)| match value.cast_exact::<T>() {
            Ok(handle) => Ok(handle.clone().unbind()),
            Err(_) => {
                let fact = read_record(py, engine.get(), value, &format!("leads[{i}]"), fact)?;
                wrap(py, engine, fact)
            }
        })
        .collect()
}

/// The actor argument as a handle (a record read and wrapped).
fn actor_of(engine: &Bound<'_, Engine>, actor: &Bound<'_, PyAny>) -> PyResult<Py<PreparedActor>> {
    let py = engine.py();
    match held_actor(py, engine.get(), actor, "actor")? {
        Held::Handle(_) => Ok(actor.cast_exact::<PreparedActor>()?.clone().unbind()),
        Held::Read(fact) => actor_handle(py, engine, fact),
    }
}

/// `Engine.actions_many(actor, leads, workflow=..., now=...)`.
pub(crate) fn actions_many(
    slf: &Bound<'_, Engine>,
    actor: &Bound<'_, PyAny>,
    leads: &Bound<'_, PyAny>,
    workflow: Option<&str>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<ActionGrid> {
    let py = slf.py();
    let this = slf.get();
    guard(py, || {
        let actor = actor_of(slf, actor)?;
        let values = items(leads)?;
        let all_handles = values
            .iter()
            .all(|v| v.is_exact_instance_of::<PreparedWorkflowLead>());
        let handles = match (workflow, all_handles) {
            (None, true) => values
                .iter()
                .map(|v| Ok(v.cast_exact::<PreparedWorkflowLead>()?.clone().unbind()))
                .collect::<PyResult<_>>()?,
            (Some(workflow), _) => {
                lead_handles(slf, &values, &AsWorkflowLead(workflow), workflow_lead_handle)?
            }
            // Records need their workflow, as in a call of records.
            (None, false) => return Err(missing_workflow(py, this.core(), "actions")),
        };
        let core = this.core();
        // Borrowed from the handles, which this call holds: no lead copied.
        let facts: Vec<&leadrules::PreparedWorkflowLead> = handles.iter().map(|h| &h.get().fact).collect();
        if let (Some(workflow), Some(first)) = (workflow, facts.first()) {
            let own = workflow_name(py, core, first)?;
            if own != workflow {
                let message = format!("the leads were prepared as leads of `{own}`, not of `{workflow}`");
                return Err(to_py_err(
                    py,
                    &Error::new(ErrorCode::InvalidRequest, "workflow", message),
                ));
            }
        }
        let actor_fact = &actor.get().fact;
        let now = match facts.first() {
            Some(first) => read_now(py, core, actor_fact, first, now)?,
            None => None,
        };
        let grid = py
            .detach(|| core.actions_many(actor_fact, &facts, now))
            .map_err(|e| to_py_err(py, &e))?;
        Ok(ActionGrid {
            grid,
            engine: slf.clone().unbind(),
            actor,
            leads: handles,
            now,
            workflow: workflow.map(str::to_owned),
        })
    })
}

/// `Engine.can_edit_many(actor, leads)`.
pub(crate) fn can_edit_many(
    slf: &Bound<'_, Engine>,
    actor: &Bound<'_, PyAny>,
    leads: &Bound<'_, PyAny>,
) -> PyResult<Verdicts> {
    let py = slf.py();
    let this = slf.get();
    guard(py, || {
        let actor = actor_of(slf, actor)?;
        let handles = lead_handles(slf, &items(leads)?, &AsLead, lead_handle)?;
        let facts: Vec<&leadrules::PreparedLead> = handles.iter().map(|h| &h.get().fact).collect();
        let core = this.core();
        let actor_fact = &actor.get().fact;
        let verdicts = py
            .detach(|| core.can_edit_many(actor_fact, &facts))
            .map_err(|e| to_py_err(py, &e))?;
        Ok(Verdicts {
            verdicts,
            engine: slf.clone().unbind(),
            actor,
            leads: handles,
        })
    })
}

/// `Engine.targets_many(actor, leads)`.
pub(crate) fn targets_many<'py>(
    slf: &Bound<'py, Engine>,
    actor: &Bound<'py, PyAny>,
    leads: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    let py = slf.py();
    let this = slf.get();
    guard(py, || {
        let actor = held_actor(py, this, actor, "actor")?;
        let values = items(leads)?;
        let handles = lead_handles(slf, &values, &AsLead, lead_handle)?;
        let facts: Vec<&leadrules::PreparedLead> = handles.iter().map(|h| &h.get().fact).collect();
        let core = this.core();
        let actor_fact: &leadrules::PreparedActor = &actor;
        let all = py
            .detach(|| core.targets_many(actor_fact, &facts))
            .map_err(|e| to_py_err(py, &e))?;
        let list = PyList::empty(py);
        for targets in &all {
            list.append(Targets::new(core, targets))?;
        }
        Ok(list)
    })
}

/// `index` of a sequence of `len` (negative from the end), or `IndexError`.
fn position(index: isize, len: usize) -> PyResult<usize> {
    let len_signed = isize::try_from(len).unwrap_or(isize::MAX);
    let at = if index < 0 { index + len_signed } else { index };
    usize::try_from(at)
        .ok()
        .filter(|&at| at < len)
        .ok_or_else(|| PyIndexError::new_err("lead index out of range"))
}

/// A row of words as one Python int (word `k` at bit `64 k`).
fn mask<'py>(py: Python<'py>, words: &[u64]) -> PyResult<Bound<'py, PyAny>> {
    match words {
        [] => Ok(0u64.into_pyobject(py)?.into_any()),
        [word] => Ok(word.into_pyobject(py)?.into_any()),
        _ => {
            let bytes: Vec<u8> = words.iter().flat_map(|word| word.to_le_bytes()).collect();
            py.get_type::<PyInt>()
                .call_method1(pyo3::intern!(py, "from_bytes"), (bytes, "little"))
        }
    }
}

impl ActionGrid {
    /// The workflow's view (the leads', else the one named).
    fn view<'e>(&self, core: &'e leadrules::Engine) -> Result<Option<leadrules::WorkflowView<'e>>, Error> {
        match (self.grid.workflow(), &self.workflow) {
            (Some(id), _) => core.require_workflow(id, "workflow").map(Some),
            (None, Some(name)) => core.require_workflow(name.as_str(), "workflow").map(Some),
            (None, None) => Ok(None),
        }
    }

    /// The index of the action named `action` in bit order:
    /// `unknown_action` at `action` for a name the workflow lacks.
    fn action_index(&self, py: Python<'_>, action: &str) -> PyResult<usize> {
        let core = self.engine.get().core();
        let view = self.view(core).map_err(|e| to_py_err(py, &e))?;
        let found = view
            .as_ref()
            .and_then(|view| view.action_names().position(|name| name == action));
        found.ok_or_else(|| {
            let workflow = view.map_or("", |view| view.name());
            let error = Error::new(
                ErrorCode::UnknownAction,
                "action",
                format!("unknown action `{action}` of workflow `{workflow}`"),
            );
            to_py_err(py, &error)
        })
    }
}

#[pymethods]
impl ActionGrid {
    /// The workflow's actions, in bit order.
    #[getter]
    fn actions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let core = self.engine.get().core();
        let view = self.view(core).map_err(|e| to_py_err(py, &e))?;
        let names: Vec<&str> = view.map(|view| view.action_names().collect()).unwrap_or_default();
        PyTuple::new(py, names)
    }

    fn __len__(&self) -> usize {
        self.grid.len()
    }

    /// Lead `lead`'s bit mask.
    fn __getitem__<'py>(&self, py: Python<'py>, lead: isize) -> PyResult<Bound<'py, PyAny>> {
        let at = position(lead, self.grid.len())?;
        mask(py, self.grid.lead_words(at))
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        let masks = (0..self.grid.len())
            .map(|at| mask(py, self.grid.lead_words(at)))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, masks)?.try_iter()
    }

    /// Whether `action` is allowed on lead `lead`.
    fn allowed(&self, py: Python<'_>, lead: isize, action: &str) -> PyResult<bool> {
        let at = position(lead, self.grid.len())?;
        let index = self.action_index(py, action)?;
        Ok(self.grid.allowed_at(at, index))
    }

    /// The actions allowed on lead `lead`, in bit order.
    fn allowed_actions(&self, py: Python<'_>, lead: isize) -> PyResult<Vec<String>> {
        let at = position(lead, self.grid.len())?;
        let core = self.engine.get().core();
        let view = self.view(core).map_err(|e| to_py_err(py, &e))?;
        Ok(view
            .map(|view| {
                view.action_names()
                    .enumerate()
                    .filter(|&(index, _)| self.grid.allowed_at(at, index))
                    .map(|(_, name)| name.to_owned())
                    .collect()
            })
            .unwrap_or_default())
    }

    /// `Engine.transition` of `action` on lead `lead` (no form fields), at
    /// the grid's `now`: the reasons of a denial.
    fn decision(&self, py: Python<'_>, lead: isize, action: &str) -> PyResult<Py<Decision>> {
        let at = position(lead, self.grid.len())?;
        let lead = self
            .leads
            .get(at)
            .ok_or_else(|| PyIndexError::new_err("lead index out of range"))?;
        let core = self.engine.get().core();
        guard(py, || {
            let decision = core
                .transition_prepared(&self.actor.get().fact, &lead.get().fact, action, None, self.now)
                .map_err(|e| to_py_err(py, &e))?;
            match Decision::of(core, &Response::Transition(decision), &[]) {
                Some(decision) => Py::new(py, decision),
                None => Err(internal(py, "a transition was not answered with a decision")),
            }
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<leadrules.ActionGrid leads={} actions={}>",
            self.grid.len(),
            self.grid.action_count()
        )
    }
}

#[pymethods]
impl Verdicts {
    /// Bit `i` set when lead `i` is allowed.
    #[getter]
    fn mask<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        mask(py, self.verdicts.words())
    }

    fn __len__(&self) -> usize {
        self.verdicts.len()
    }

    /// Whether lead `lead` may be edited.
    fn __getitem__(&self, lead: isize) -> PyResult<bool> {
        let at = position(lead, self.verdicts.len())?;
        Ok(self.verdicts.allowed(at))
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        let all: Vec<bool> = (0..self.verdicts.len())
            .map(|at| self.verdicts.allowed(at))
            .collect();
        PyList::new(py, all)?.try_iter()
    }

    /// `Engine.can_edit` for lead `lead`: the reasons of a denial.
    fn decision(&self, py: Python<'_>, lead: isize) -> PyResult<Py<Decision>> {
        let at = position(lead, self.verdicts.len())?;
        let lead = self
            .leads
            .get(at)
            .ok_or_else(|| PyIndexError::new_err("lead index out of range"))?;
        let core = self.engine.get().core();
        guard(py, || {
            let decision = core
                .edit_prepared(&self.actor.get().fact, &lead.get().fact)
                .map_err(|e| to_py_err(py, &e))?;
            match Decision::of(core, &Response::Decision(decision), &[]) {
                Some(decision) => Py::new(py, decision),
                None => Err(internal(py, "an edit was not answered with a decision")),
            }
        })
    }

    fn __repr__(&self) -> String {
        let allowed = (0..self.verdicts.len())
            .filter(|&at| self.verdicts.allowed(at))
            .count();
        format!(
            "<leadrules.Verdicts leads={} allowed={allowed}>",
            self.verdicts.len()
        )
    }
}
