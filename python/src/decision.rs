//! The typed answers: `Decision` (handover, cross silo, create, edit,
//! link, transition) and `Targets`.
//!
//! A `Decision` keeps what every caller reads (allowed, codes, route,
//! stages) and the question itself; its reasons and effects are rendered
//! only when asked for, by asking core again (the same facts get the same
//! answer) and writing straight into fresh Python objects, so a caller
//! mutating a returned list cannot change the answer.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use leadrules::protocol::{Request, Response};
use leadrules::{Effect, Engine, Reason};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::Value;

use crate::engine::Engine as PyEngine;
use crate::errors::{internal, to_py_err};
use crate::fast::TransferFacts;
use crate::fast_workflow::WorkflowFacts;
use crate::pyout::PyOut;

/// The question a decision answers, kept to render the answer on demand.
pub(crate) enum Question {
    /// A handover or cross silo read by the fast path.
    Transfer(TransferFacts),
    /// A transition read by the fast path.
    Workflow(Box<WorkflowFacts>),
    /// A protocol request, as read from the call's arguments.
    Request(Value),
}

/// What a decision shows without rendering: taken while core's answer
/// still borrows the question, which the decision then keeps.
pub(crate) struct Snapshot {
    allowed: bool,
    route: Option<&'static str>,
    codes: Vec<&'static str>,
    effect_kinds: Vec<&'static str>,
    stages: Option<(String, Option<String>)>,
}

impl Snapshot {
    /// Snapshots core's answer; `None` for an answer that is no decision
    /// (a bug of the caller: it asked for another kind).
    pub(crate) fn of(response: &Response<'_>) -> Option<Self> {
        let (route, reasons, effects, stages): (_, &[Reason<'_>], &[Effect<'_>], _) = match response {
            Response::Transfer(d) => (d.route.map(|r| r.as_str()), &d.reasons, &d.effects, None),
            Response::Decision(d) => (None, &d.reasons, &d.effects, None),
            Response::Transition(d) => (
                None,
                &d.reasons,
                &d.effects,
                Some((d.from.to_owned(), d.to.map(str::to_owned))),
            ),
            _ => return None,
        };
        Some(Snapshot {
            allowed: reasons.is_empty(),
            route,
            codes: reasons.iter().map(|r| r.code.as_str()).collect(),
            effect_kinds: effects.iter().map(|e| e.kind()).collect(),
            stages,
        })
    }

    /// The decision, keeping its question to render the answer on demand.
    pub(crate) fn asking(self, engine: Py<PyEngine>, question: Question) -> Decision {
        Decision {
            allowed: self.allowed,
            route: self.route,
            codes: self.codes,
            effect_kinds: self.effect_kinds,
            stages: self.stages,
            engine,
            question,
            text: OnceLock::new(),
        }
    }
}

/// The answer to a yes/no question (handover, cross silo, create, edit,
/// link, transition).
///
/// Truthy when allowed. `reasons` lists every failed check (empty when
/// allowed); `effects` is the plan the host applies (empty on a denial);
/// `route` is the mechanism that fits the two orgs, also on denials.
#[pyclass(frozen, module = "leadrules")]
pub struct Decision {
    allowed: bool,
    route: Option<&'static str>,
    codes: Vec<&'static str>,
    effect_kinds: Vec<&'static str>,
    /// For a transition: the stage now and the stage it leads to.
    stages: Option<(String, Option<String>)>,
    engine: Py<PyEngine>,
    question: Question,
    /// The response as JSON text, for equality and hashing.
    text: OnceLock<String>,
}

impl Decision {
    /// Asks core the question again and hands the answer to `use_answer`.
    fn ask_again<R>(
        &self,
        py: Python<'_>,
        use_answer: impl FnOnce(&Engine, &Response<'_>) -> R,
    ) -> PyResult<R> {
        let engine = self.engine.bind(py).get().core();
        match &self.question {
            Question::Transfer(facts) => {
                let (actor, lead) = facts.parts();
                let decision = engine.transfer(facts.route, &actor, &lead, facts.to);
                Ok(use_answer(engine, &Response::Transfer(decision)))
            }
            Question::Workflow(facts) => {
                let decision = engine
                    .transition(&facts.request(), facts.action(), facts.fields())
                    .map_err(|e| to_py_err(py, &e))?;
                Ok(use_answer(engine, &Response::Transition(decision)))
            }
            Question::Request(request) => {
                let parsed = Request::parse(engine, request).map_err(|e| to_py_err(py, &e))?;
                let response = engine.answer(&parsed).map_err(|e| to_py_err(py, &e))?;
                Ok(use_answer(engine, &response))
            }
        }
    }

    /// The protocol response as fresh Python objects.
    fn response<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.ask_again(py, |engine, response| {
            let mut out = PyOut::new(py);
            engine.render_into(response, &mut out);
            out.finish()
        })?
    }

    fn field<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyAny>> {
        let response = self.response(py)?;
        let dict = response
            .cast::<PyDict>()
            .map_err(|_| internal(py, "a decision rendered no object"))?;
        match dict.get_item(key)? {
            Some(value) => Ok(value),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// The response as JSON text, rendered once.
    fn text(&self, py: Python<'_>) -> PyResult<&str> {
        if let Some(text) = self.text.get() {
            return Ok(text);
        }
        let text = self.ask_again(py, |engine, response| engine.render_json(response))?;
        Ok(self.text.get_or_init(|| text))
    }
}

#[pymethods]
impl Decision {
    /// Whether the request may go ahead.
    #[getter]
    fn allowed(&self) -> bool {
        self.allowed
    }

    /// Every failed check, in the documented order: `{"code", "message"}`
    /// plus an optional `"org"`, `"lead"`, `"field"` or `"capability"`.
    #[getter]
    fn reasons<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "reasons")
    }

    /// The reason codes alone, in order.
    #[getter]
    fn codes(&self) -> Vec<&'static str> {
        self.codes.clone()
    }

    /// What the host must do, in order, when allowed: `{"kind", ...}`.
    #[getter]
    fn effects<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "effects")
    }

    /// `"handover"`, `"cross_silo"`, or `None` (same org, or orgs of
    /// different communities).
    #[getter]
    fn route(&self) -> Option<&'static str> {
        self.route
    }

    /// For a transition: the lead's stage now; `None` for other decisions.
    #[getter(from_stage)]
    fn stage_before(&self) -> Option<String> {
        self.stages.as_ref().map(|(from, _)| from.clone())
    }

    /// For a transition: the stage the action leads to, also on denials
    /// (the current stage for an action that stays); `None` when the stage
    /// does not offer the action, and for other decisions.
    #[getter(to_stage)]
    fn stage_after(&self) -> Option<String> {
        self.stages.as_ref().and_then(|(_, to)| to.clone())
    }

    /// The protocol response: what `Engine.decide` answers to the same
    /// request.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.response(py)
    }

    fn __bool__(&self) -> bool {
        self.allowed
    }

    fn __eq__(&self, py: Python<'_>, other: &Self) -> PyResult<bool> {
        Ok(self.text(py)? == other.text(py)?)
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<u64> {
        let mut hasher = DefaultHasher::new();
        self.text(py)?.hash(&mut hasher);
        Ok(hasher.finish())
    }

    fn __repr__(&self) -> String {
        let route = self.route.map_or_else(|| "None".to_owned(), |r| format!("'{r}'"));
        if self.allowed {
            format!(
                "<Decision allowed route={route} effects={}>",
                names(&self.effect_kinds)
            )
        } else {
            format!("<Decision denied route={route} reasons={}>", names(&self.codes))
        }
    }
}

/// The orgs an actor may send a lead to, by each route (for a drop-down).
#[pyclass(frozen, eq, hash, module = "leadrules")]
#[derive(PartialEq, Eq, Hash)]
pub struct Targets {
    handover: Vec<String>,
    cross_silo: Vec<String>,
}

impl Targets {
    /// Snapshots a core targets answer, naming the orgs.
    pub(crate) fn new(engine: &Engine, targets: &leadrules::Targets) -> Self {
        let names = |orgs: &[leadrules::OrgId]| orgs.iter().map(|&o| engine.org_name(o).to_owned()).collect();
        Targets {
            handover: names(&targets.handover),
            cross_silo: names(&targets.cross_silo),
        }
    }
}

#[pymethods]
impl Targets {
    /// Orgs reachable by handover, in directory order.
    #[getter]
    fn handover(&self) -> Vec<String> {
        self.handover.clone()
    }

    /// Orgs reachable by cross silo, in directory order.
    #[getter]
    fn cross_silo(&self) -> Vec<String> {
        self.cross_silo.clone()
    }

    /// The protocol response `{"handover": [...], "cross_silo": [...]}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("handover", &self.handover)?;
        dict.set_item("cross_silo", &self.cross_silo)?;
        Ok(dict)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let handover = PyList::new(py, &self.handover)?.repr()?;
        let cross_silo = PyList::new(py, &self.cross_silo)?.repr()?;
        Ok(format!("<Targets handover={handover} cross_silo={cross_silo}>"))
    }
}

/// `['a', 'b']`, for codes and kinds (snake_case: nothing to escape).
fn names(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("'{s}'")).collect();
    format!("[{}]", quoted.join(", "))
}
