//! The typed answers: `Decision` (handover, cross silo, create, edit) and
//! `Targets`.
//!
//! Both are immutable snapshots of one core answer. They keep the rendered
//! protocol response and hand out fresh Python objects on every access, so
//! a caller mutating a returned list cannot change the answer.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use leadrules::{Effect, Engine, Reason, TransferDecision};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::Value;

use crate::convert::to_python;
use crate::engine::Engine as PyEngine;
use crate::fast::TransferFacts;

/// The answer to a yes/no question (handover, cross silo, create, edit, link).
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
    /// The protocol response object, as `decide` would return it: rendered
    /// up front, or on first use from `deferred`.
    response: OnceLock<Value>,
    /// The question of a fast-path answer, asked again only if its reasons
    /// or effects are wanted (core answers the same facts the same way).
    deferred: Option<(Py<PyEngine>, TransferFacts)>,
}

impl Decision {
    /// Snapshots a core transfer decision and its rendered response.
    pub(crate) fn transfer(decision: &TransferDecision<'_>, response: Value) -> Self {
        Self::from_parts(
            decision.route.map(|r| r.as_str()),
            &decision.reasons,
            &decision.effects,
            response,
        )
    }

    /// Snapshots a core create / edit / link decision and its rendered response.
    pub(crate) fn plain(decision: &leadrules::Decision<'_>, response: Value) -> Self {
        Self::from_parts(None, &decision.reasons, &decision.effects, response)
    }

    /// Snapshots a core transition decision and its rendered response.
    pub(crate) fn transition(decision: &leadrules::TransitionDecision<'_>, response: Value) -> Self {
        Self::from_parts(None, &decision.reasons, &decision.effects, response)
    }

    /// Snapshots a fast-path transfer answer, its response not rendered.
    pub(crate) fn unrendered(decision: &TransferDecision<'_>) -> Self {
        Self::from_parts(
            decision.route.map(|r| r.as_str()),
            &decision.reasons,
            &decision.effects,
            None,
        )
    }

    /// Renders the response on first use, by asking `engine` again.
    pub(crate) fn rendered_later(mut self, engine: Py<PyEngine>, facts: TransferFacts) -> Self {
        self.deferred = Some((engine, facts));
        self
    }

    fn from_parts(
        route: Option<&'static str>,
        reasons: &[Reason<'_>],
        effects: &[Effect<'_>],
        response: impl Into<Option<Value>>,
    ) -> Self {
        let rendered = OnceLock::new();
        if let Some(response) = response.into() {
            let _ = rendered.set(response);
        }
        Decision {
            allowed: reasons.is_empty(),
            route,
            codes: reasons.iter().map(|r| r.code.as_str()).collect(),
            effect_kinds: effects.iter().map(|e| e.kind()).collect(),
            response: rendered,
            deferred: None,
        }
    }

    /// The protocol response, rendering a deferred one once.
    fn response(&self, py: Python<'_>) -> &Value {
        self.response.get_or_init(|| match &self.deferred {
            Some((engine, facts)) => {
                let engine = engine.bind(py).get().core();
                let (actor, lead) = facts.parts();
                let decision = engine.transfer(facts.route, &actor, &lead, facts.to);
                engine.render(&leadrules::protocol::Response::Transfer(decision))
            }
            None => Value::Null,
        })
    }

    fn field<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, self.response(py).get(key).unwrap_or(&Value::Null))
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
    fn stage_before(&self, py: Python<'_>) -> Option<String> {
        self.response(py)
            .get("from")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    /// For a transition: the stage the action leads to, also on denials
    /// (the current stage for an action that stays); `None` when the stage
    /// does not offer the action, and for other decisions.
    #[getter(to_stage)]
    fn stage_after(&self, py: Python<'_>) -> Option<String> {
        self.response(py)
            .get("to")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    /// The protocol response: what `Engine.decide` answers to the same
    /// request.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, self.response(py))
    }

    fn __bool__(&self) -> bool {
        self.allowed
    }

    fn __eq__(&self, py: Python<'_>, other: &Self) -> bool {
        self.response(py) == other.response(py)
    }

    fn __hash__(&self, py: Python<'_>) -> u64 {
        hash_of(self.response(py))
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

fn hash_of(value: &Value) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.to_string().hash(&mut hasher);
    hasher.finish()
}
