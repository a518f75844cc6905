//! The typed answers: `Decision` (handover, cross silo, create, edit,
//! link, transition) and `Targets`.
//!
//! A `Decision` keeps what every caller reads (allowed, codes, route,
//! stages) and, for handover, cross silo and transition, the question
//! itself (create, edit and link keep their response text instead); its
//! reasons and effects are rendered only when asked for, by asking core
//! again (the same facts get the same answer) and writing straight into
//! fresh Python objects, so a caller
//! mutating a returned list cannot change the answer. Codes and routes
//! are kept as core's enums and handed out as the members of the Python
//! enums (`codes.rs`); reasons and effects become `leadrules.Reason` /
//! `Effect` records (`leadrules._answers`), built from the rendered dicts.
//!
//! A decision pickles as its response text: the unpickled one is a
//! snapshot that renders from that text and needs no engine; the text is
//! checked when it is loaded (`unpickle.rs`).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use leadrules::protocol::Response;
use leadrules::{shorten_message, DenialCode, Effect, Engine, Reason, Route};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyType};
use serde_json::Value;

use crate::codes::{denial_members, route_member};
use crate::convert::to_python;
use crate::engine::{detached_if, Engine as PyEngine};
use crate::errors::{internal, to_py_err};
use crate::pyout::PyOut;
use crate::question::{TransferFacts, WorkflowFacts};
use crate::unpickle::Parts;

/// The question a decision answers, kept to render the answer on demand.
pub(crate) enum Question {
    /// A handover or cross silo.
    Transfer(TransferFacts),
    /// A transition.
    Workflow(Box<WorkflowFacts>),
}

/// What a decision shows without rendering: taken while core's answer
/// still borrows the question, which the decision then keeps.
pub(crate) struct Snapshot {
    allowed: bool,
    route: Option<Route>,
    codes: Vec<DenialCode>,
    effect_kinds: Vec<&'static str>,
    stages: Option<(String, Option<String>)>,
}

impl Snapshot {
    /// Snapshots core's answer; `None` for an answer that is no decision
    /// (a bug of the caller: it asked for another kind).
    pub(crate) fn of(response: &Response<'_>) -> Option<Self> {
        let (route, reasons, effects, stages): (_, &[Reason<'_>], &[Effect<'_>], _) = match response {
            Response::Transfer(d) => (d.route, &d.reasons, &d.effects, None),
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
            codes: reasons.iter().map(|r| r.code).collect(),
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
            source: Source::Asked { engine, question },
            text: OnceLock::new(),
        }
    }

    /// The decision of an answer rendered already (its response text):
    /// it keeps no question.
    pub(crate) fn rendered(self, text: String) -> Decision {
        Decision {
            allowed: self.allowed,
            route: self.route,
            codes: self.codes,
            effect_kinds: self.effect_kinds,
            stages: self.stages,
            source: Source::Answered,
            text: OnceLock::from(text),
        }
    }
}

/// Where a decision's answer comes from.
enum Source {
    /// The engine and the question: the answer is asked again to render it.
    Asked {
        engine: Py<PyEngine>,
        question: Question,
    },
    /// An unpickled decision: its response text (`Decision::text`) is all
    /// it has, and what it renders from.
    Answered,
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
    route: Option<Route>,
    codes: Vec<DenialCode>,
    effect_kinds: Vec<&'static str>,
    /// For a transition: the stage now and the stage it leads to.
    stages: Option<(String, Option<String>)>,
    source: Source,
    /// The response as JSON text, for equality, hashing and pickling.
    text: OnceLock<String>,
}

impl Decision {
    /// Asks core the question again and hands the answer to `use_answer`.
    fn ask_again<R>(
        &self,
        py: Python<'_>,
        use_answer: impl FnOnce(&Engine, &Response<'_>) -> R,
    ) -> PyResult<R> {
        let Source::Asked { engine, question } = &self.source else {
            return Err(internal(py, "an unpickled decision has no question to ask"));
        };
        let engine = engine.bind(py).get().core();
        match question {
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
        }
    }

    /// The protocol response as fresh Python objects.
    fn response<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        if let Source::Answered = self.source {
            let text = self.text(py)?;
            // A large plan (a link cancelling thousands of events) is read
            // without the GIL.
            let value: Value = detached_if(py, text.len(), || serde_json::from_str(text))
                .map_err(|e| internal(py, &format!("a decision's response is not JSON: {e}")))?;
            return to_python(py, &value);
        }
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

    /// Every failed check, in the documented order, as `Reason` records
    /// (read-only dicts `{"code", "message"}` plus an optional `"org"`,
    /// `"lead"`, `"field"` or `"capability"`); empty when allowed.
    #[getter]
    fn reasons<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        reason_records(py, &self.field(py, "reasons")?)
    }

    /// The reason codes alone, in order, as `DenialCode` members (equal to
    /// their text).
    #[getter]
    fn codes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        denial_members(py, &self.codes)
    }

    /// What the host must do, in order, when allowed, as `Effect` records
    /// (read-only dicts `{"kind", ...}`); empty on a denial.
    #[getter]
    fn effects<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        records(py, &self.field(py, "effects")?, &EFFECT, "Effect")
    }

    /// `Route.HANDOVER`, `Route.CROSS_SILO` (equal to `"handover"`,
    /// `"cross_silo"`), or `None` (same org, or orgs of different
    /// communities).
    #[getter]
    fn route<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.route.map(|route| route_member(py, route)).transpose()
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
    /// request, as plain, fresh dicts and lists.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.response(py)
    }

    /// Whether the request may go ahead (`allowed`).
    fn __bool__(&self) -> bool {
        self.allowed
    }

    /// Decisions are equal when their responses are.
    fn __eq__(&self, py: Python<'_>, other: &Self) -> PyResult<bool> {
        Ok(self.text(py)? == other.text(py)?)
    }

    /// The hash of the response.
    fn __hash__(&self, py: Python<'_>) -> PyResult<u64> {
        let mut hasher = DefaultHasher::new();
        self.text(py)?.hash(&mut hasher);
        Ok(hasher.finish())
    }

    /// Pickles as the response text: the unpickled decision is an equal
    /// snapshot that needs no engine.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let rebuild = py
            .get_type::<Decision>()
            .getattr(pyo3::intern!(py, "_from_response"))?;
        Ok((rebuild, (self.text(py)?.to_owned(),)))
    }

    /// The decision a response text describes (how a decision unpickles);
    /// `ValueError` for text that is no decision core could answer.
    #[classmethod]
    #[pyo3(name = "_from_response")]
    fn from_response(_class: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        Decision::answered(text).map_err(|problem| {
            PyValueError::new_err(shorten_message(format!(
                "not the response text of a decision: {problem}"
            )))
        })
    }

    fn __repr__(&self) -> String {
        let route = self
            .route
            .map_or_else(|| "None".to_owned(), |r| format!("'{}'", r.as_str()));
        if self.allowed {
            format!(
                "<Decision allowed route={route} effects={}>",
                names(&self.effect_kinds)
            )
        } else {
            let codes: Vec<&str> = self.codes.iter().map(|c| c.as_str()).collect();
            format!("<Decision denied route={route} reasons={}>", names(&codes))
        }
    }
}

impl Decision {
    /// The snapshot decision of a response text, or what makes the text no
    /// decision's response (`unpickle.rs`).
    fn answered(text: &str) -> Result<Self, String> {
        let parts = Parts::read(text)?;
        Ok(Decision {
            allowed: parts.allowed,
            route: parts.route,
            codes: parts.codes,
            effect_kinds: parts.effect_kinds,
            stages: parts.stages,
            source: Source::Answered,
            text: OnceLock::from(text.to_owned()),
        })
    }
}

/// `leadrules._answers.Reason` and `Effect`, imported once.
static REASON: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static EFFECT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The reason dicts of `items` as `leadrules.Reason` records, in a new list
/// (a decision's reasons, an action's).
pub(crate) fn reason_records<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    records(py, items, &REASON, "Reason")
}

/// The dicts of `items` as records of `class` (`leadrules._answers.Reason`
/// or `Effect`), in a new list.
fn records<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
    cell: &'static PyOnceLock<Py<PyAny>>,
    class: &str,
) -> PyResult<Bound<'py, PyList>> {
    let class = cell.import(py, "leadrules._answers", class)?;
    let list = PyList::empty(py);
    for item in items.try_iter()? {
        list.append(class.call1((item?,))?)?;
    }
    Ok(list)
}

/// The orgs an actor may send a lead to, by each route (for a drop-down).
///
/// `Targets(handover, cross_silo)` builds one (lists of org ids), e.g. in
/// a host's own tests; it compares, hashes and pickles by its two lists.
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
    #[new]
    #[pyo3(signature = (handover, cross_silo))]
    fn py_new(handover: Vec<String>, cross_silo: Vec<String>) -> Self {
        Targets { handover, cross_silo }
    }

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

    /// Pickles as its two lists.
    fn __reduce__<'py>(&self, py: Python<'py>) -> (Bound<'py, PyType>, (Vec<String>, Vec<String>)) {
        (
            py.get_type::<Targets>(),
            (self.handover.clone(), self.cross_silo.clone()),
        )
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
