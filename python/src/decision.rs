//! The typed answers: `Decision` (handover, cross silo, create, edit,
//! link, transition) and `Targets`.
//!
//! A `Decision` holds core's owned answer (`leadrules::protocol::Answer`)
//! and nothing else: no engine, no request, so it outlives both, and
//! reading it never asks core again. A call of prepared facts answers
//! with less: whether allowed, and the question (the handles and the
//! plain arguments, `prepared/lazy.rs`); the owned answer is taken on the
//! first read of anything else, by asking core the same question again,
//! which answers the same (core reads no clock and keeps no state). A
//! page that asks only `allowed` of its answers never pays for them. Its Python objects are built from
//! that answer only when read, fresh on every read, so a caller mutating a
//! returned list cannot change the answer: codes and routes as the members
//! of the Python enums (`codes.rs`), reasons and effects as
//! `leadrules.Reason` / `Effect` records (`leadrules._answers`), filled
//! straight from the answer.
//!
//! A decision pickles as its response text and loads from it alone: core
//! reads the text back, refusing one that is no decision it could give.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use leadrules::protocol::{Answer, AnswerReason, AnswerValue, DetailKey, Response};
use leadrules::{shorten_message, ActionOption, DenialCode, Detail, Engine, Reason, RequestWarning};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyType};

use crate::codes::{denial_members, route_member};
use crate::convert::to_python;
use crate::prepared::Asked;
use crate::pyout::{word, PyOut};
use crate::sweep::instant;

/// The answer to a yes/no question (handover, cross silo, create, edit,
/// link, transition).
///
/// Truthy when allowed. `reasons` lists every failed check (empty when
/// allowed); `effects` is the plan the host applies (empty on a denial);
/// `route` is the mechanism that fits the two orgs, also on denials;
/// `alternative` says whether that mechanism would be allowed when it is
/// not the one asked.
#[pyclass(frozen, freelist = 64, module = "leadrules")]
pub struct Decision {
    allowed: bool,
    state: State,
}

/// What a decision holds of its answer.
enum State {
    /// Core's owned answer (a record call's, an unpickled decision's).
    Answered(Answer),
    /// A prepared question, and its answer once first read.
    Asked(Asked, OnceLock<Answer>),
}

impl From<Answer> for Decision {
    fn from(answer: Answer) -> Self {
        Decision {
            allowed: answer.allowed(),
            state: State::Answered(answer),
        }
    }
}

impl Decision {
    /// The decision of a prepared question that `allowed` answers, its
    /// owned answer taken when first read.
    #[inline]
    pub(crate) fn asked(allowed: bool, asked: Asked) -> Self {
        Decision {
            allowed,
            state: State::Asked(asked, OnceLock::new()),
        }
    }

    /// Core's owned answer, taken now if it was not yet.
    #[inline]
    fn answer(&self, py: Python<'_>) -> PyResult<&Answer> {
        match &self.state {
            State::Answered(answer) => Ok(answer),
            State::Asked(asked, answer) => match answer.get() {
                Some(answer) => Ok(answer),
                None => take_answer(py, asked, answer),
            },
        }
    }

    /// The decision answering `response` (org handles named by `engine`);
    /// `None` for a response that is no decision (a bug of the caller: it
    /// asked for another kind).
    #[inline]
    pub(crate) fn of(engine: &Engine, response: &Response<'_>, warnings: &[RequestWarning]) -> Option<Self> {
        let mut answer = Answer::of(engine, response)?;
        // Moved only when warned: an answer is a large value to copy, and
        // most engines ignore unknown keys.
        if !warnings.is_empty() {
            answer = answer.with_warnings(warnings.to_vec());
        }
        Some(Decision::from(answer))
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
        reason_list(py, self.answer(py)?.reasons())
    }

    /// Beside a handover or cross-silo denial whose `route` is the other
    /// mechanism: `Alternative(kind, allowed, reasons)`, what asking that
    /// mechanism instead would answer; `None` otherwise.
    #[getter]
    fn alternative<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(alternative) = self.answer(py)?.alternative() else {
            return Ok(None);
        };
        let class = ALTERNATIVE.import(py, "leadrules._answers", "Alternative")?;
        let reasons = reason_list(py, alternative.reasons())?;
        let kind = route_member(py, alternative.route)?;
        class.call1((kind, alternative.allowed(), reasons)).map(Some)
    }

    /// The reason codes alone, in order, as `DenialCode` members (equal to
    /// their text).
    #[getter]
    fn codes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let codes: Vec<DenialCode> = self.answer(py)?.codes().collect();
        denial_members(py, &codes)
    }

    /// What the host must do, in order, when allowed, as `Effect` records
    /// (read-only dicts `{"kind", ...}`); empty on a denial.
    #[getter]
    fn effects<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let class = EFFECT.import(py, "leadrules._answers", "Effect")?;
        let list = PyList::empty(py);
        for effect in self.answer(py)?.effects() {
            let record = new_record(py, class)?;
            record.set_item(word(py, "kind"), word(py, effect.kind))?;
            for (key, value) in effect.fields() {
                let value = match value {
                    AnswerValue::Text(text) => word(py, text).into_any(),
                    AnswerValue::Null => py.None().into_bound(py),
                    AnswerValue::Time(at) => instant(py, Some(at))?,
                    AnswerValue::Json(value) => to_python(py, value)?,
                };
                record.set_item(word(py, key), value)?;
            }
            list.append(record)?;
        }
        Ok(list)
    }

    /// `Route.HANDOVER`, `Route.CROSS_SILO` (equal to `"handover"`,
    /// `"cross_silo"`), or `None` (same org, or orgs of different
    /// communities).
    #[getter]
    fn route<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.answer(py)?
            .route()
            .flatten()
            .map(|route| route_member(py, route))
            .transpose()
    }

    /// For a transition: the lead's stage now; `None` for other decisions.
    #[getter(from_stage)]
    fn current_stage(&self, py: Python<'_>) -> PyResult<Option<&str>> {
        Ok(self.answer(py)?.stages().map(|(from, _)| from))
    }

    /// For a transition: the stage the action leads to, also on denials
    /// (the current stage for an action that stays); `None` when the stage
    /// does not offer the action, and for other decisions.
    #[getter]
    fn to_stage(&self, py: Python<'_>) -> PyResult<Option<&str>> {
        Ok(self.answer(py)?.stages().and_then(|(_, to)| to))
    }

    /// The protocol response: what `Engine.decide` answers to the same
    /// request, as plain, fresh dicts and lists.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let mut out = PyOut::new(py);
        self.answer(py)?.render_into(&mut out);
        out.finish()
    }

    /// Whether the request may go ahead (`allowed`).
    fn __bool__(&self) -> bool {
        self.allowed
    }

    /// Decisions are equal when their responses are.
    fn __eq__(&self, py: Python<'_>, other: &Self) -> PyResult<bool> {
        Ok(self.allowed == other.allowed && self.answer(py)? == other.answer(py)?)
    }

    /// The hash of the response: the same in every process.
    fn __hash__(&self, py: Python<'_>) -> PyResult<u64> {
        let mut hasher = DefaultHasher::new();
        self.answer(py)?.hash(&mut hasher);
        Ok(hasher.finish())
    }

    /// Pickles as the response text: the unpickled decision is equal and
    /// needs no engine.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let rebuild = py
            .get_type::<Decision>()
            .getattr(pyo3::intern!(py, "_from_response"))?;
        Ok((rebuild, (self.answer(py)?.to_json(),)))
    }

    /// The decision a response text describes (how a decision unpickles);
    /// `ValueError` for text that is no decision core could answer.
    #[classmethod]
    #[pyo3(name = "_from_response")]
    fn from_response(_class: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        Answer::read(text).map(Decision::from).map_err(|problem| {
            PyValueError::new_err(shorten_message(format!(
                "not the response text of a decision: {problem}"
            )))
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let answer = self.answer(py)?;
        let route = answer
            .route()
            .flatten()
            .map_or_else(|| "None".to_owned(), |r| format!("'{}'", r.as_str()));
        Ok(if answer.allowed() {
            let kinds: Vec<&str> = answer.effects().map(|e| e.kind).collect();
            format!("<Decision allowed route={route} effects={}>", names(&kinds))
        } else {
            let codes: Vec<&str> = answer.codes().map(DenialCode::as_str).collect();
            format!("<Decision denied route={route} reasons={}>", names(&codes))
        })
    }
}

/// The answer of `asked`, asked again, kept in `answer`: apart, and never
/// inlined, so that a getter's own frame stays the size of reading one.
#[cold]
#[inline(never)]
fn take_answer<'d>(py: Python<'_>, asked: &Asked, answer: &'d OnceLock<Answer>) -> PyResult<&'d Answer> {
    let taken = asked.answer(py)?;
    Ok(answer.get_or_init(|| taken))
}

/// Reasons as `leadrules.Reason` records, in a new list.
fn reason_list<'py, 'a>(
    py: Python<'py>,
    reasons: impl Iterator<Item = AnswerReason<'a>>,
) -> PyResult<Bound<'py, PyList>> {
    let class = REASON.import(py, "leadrules._answers", "Reason")?;
    let list = PyList::empty(py);
    for reason in reasons {
        let record = new_record(py, class)?;
        record.set_item(pyo3::intern!(py, "code"), word(py, reason.code.as_str()))?;
        record.set_item(pyo3::intern!(py, "message"), word(py, reason.code.message()))?;
        if let Some((key, text)) = reason.detail {
            record.set_item(word(py, key.as_str()), word(py, text))?;
        }
        list.append(record)?;
    }
    Ok(list)
}

/// `leadrules._answers.Alternative`, imported once.
static ALTERNATIVE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `leadrules._answers.Reason` and `Effect`, imported once, and
/// `dict.__new__`, which makes an empty record of either.
static REASON: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static EFFECT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static DICT_NEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// An empty record of `class` (a `dict` subclass of `leadrules._answers`),
/// filled by the caller through the dict itself: its read-only methods are
/// Python's, and no Python code runs to build it.
pub(crate) fn new_record<'py>(py: Python<'py>, class: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let new = DICT_NEW.get_or_try_init(py, || {
        py.get_type::<PyDict>()
            .getattr(pyo3::intern!(py, "__new__"))
            .map(Bound::unbind)
    })?;
    Ok(new.bind(py).call1((class,))?.cast_into::<PyDict>()?)
}

/// Every action's option as the protocol renders it (`{"action",
/// "allowed", "reasons", "requires"}`), reasons as `Reason` records, built
/// straight from core's options: no rendered value in between.
pub(crate) fn action_list<'py>(
    py: Python<'py>,
    engine: &Engine,
    options: &[ActionOption<'_>],
) -> PyResult<Bound<'py, PyList>> {
    use pyo3::intern;
    let list = PyList::empty(py);
    for option in options {
        let dict = PyDict::new(py);
        dict.set_item(intern!(py, "action"), option.action)?;
        dict.set_item(intern!(py, "allowed"), option.allowed())?;
        let reasons = option.reasons.iter().map(|reason| answer_reason(engine, reason));
        dict.set_item(intern!(py, "reasons"), reason_list(py, reasons)?)?;
        dict.set_item(intern!(py, "requires"), PyList::new(py, &option.requires)?)?;
        list.append(dict)?;
    }
    Ok(list)
}

/// A reason as an answer holds it: its detail named (an org by its id),
/// under the key the renderer writes it at.
fn answer_reason<'a>(engine: &'a Engine, reason: &Reason<'a>) -> AnswerReason<'a> {
    let detail = match reason.detail {
        Detail::None => None,
        Detail::Org(org) => Some((DetailKey::Org, engine.org_name(org))),
        Detail::Lead(lead) => Some((DetailKey::Lead, lead)),
        Detail::Field(field) => Some((DetailKey::Field, field)),
        Detail::Capability(capability) => Some((DetailKey::Capability, capability)),
        Detail::Pool(pool) => Some((DetailKey::Pool, pool)),
    };
    AnswerReason {
        code: reason.code,
        detail,
    }
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
