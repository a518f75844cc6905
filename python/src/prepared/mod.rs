//! Prepared facts: `Engine.actor`, `Engine.lead` and `Engine.workflow_lead`
//! read a record once, through core's one reader (in place, as the typed
//! calls read theirs: `input.rs`), into core's owned `PreparedActor`,
//! `PreparedLead` or `PreparedWorkflowLead`, held by a frozen handle; and
//! the typed calls asked with a handle in place of a record.
//!
//! The typed calls asked of handles are `calls.rs`; the arguments beside
//! the facts, `args.rs`; the question a decision of handles keeps in
//! place of its answer until it is read, `lazy.rs`.
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

use leadrules::protocol::Input;
use leadrules::Error;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::convert::{to_value, Budget};
use crate::engine::Engine;
use crate::errors::{guard, not_json_request, to_py_err};
use crate::input::{Lent, PyInput, Reading, Root};

mod args;
mod calls;
mod lazy;

pub(crate) use args::{missing_workflow, read_now, OrgNames};
pub(crate) use calls::{actions, change_owner, edit, targets, transfer, transition};
pub(crate) use lazy::Asked;

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

/// The `#[pymethods]` of a handle class: its own `methods`, and what every
/// handle shares (equal to a handle of its class with an equal fact,
/// refusing to pickle, copied as itself: it is immutable).
macro_rules! handle_methods {
    ($class:ident, $($methods:tt)*) => {
        #[pymethods]
        impl $class {
            $($methods)*

            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                other
                    .cast_exact::<$class>()
                    .is_ok_and(|other| other.get().fact == self.fact)
            }

            fn __reduce__(&self) -> PyResult<()> {
                Err(not_picklable(stringify!($class)))
            }

            fn __copy__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
                slf.clone()
            }

            fn __deepcopy__<'py>(slf: &Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
                slf.clone()
            }
        }
    };
}

handle_methods! {
    PreparedActor,
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

    fn __hash__(&self) -> u64 {
        hashed(&self.fact)
    }

    fn __repr__(&self) -> String {
        format!("<leadrules.PreparedActor id={:?}>", self.fact.id())
    }
}

handle_methods! {
    PreparedLead,
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

    fn __hash__(&self) -> u64 {
        hashed(&self.fact)
    }

    fn __repr__(&self) -> String {
        format!("<leadrules.PreparedLead id={:?}>", self.fact.id())
    }
}

handle_methods! {
    PreparedWorkflowLead,
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
