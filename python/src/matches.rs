//! The answer of duplicate detection: `Matches` (which candidates
//! duplicate a lead, by which rules, with which action; whether a blocking
//! rule refuses it).
//!
//! Held as core rendered it, as an assignment is: the response's compact
//! JSON text, plus `allowed` and the count of matches copied out, so that
//! the questions a host's create path asks (`bool()`, `len()`) read no
//! text. Reasons and matches become Python objects only when read, fresh
//! on each read. A `Matches` pickles as its response text, whose shape is
//! checked again on loading.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use leadrules::matching::MatchAction;
use leadrules::protocol::Response;
use leadrules::{shorten_message, DenialCode, Engine, RequestWarning};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyString, PyType};
use serde_json::{Map, Value};

use crate::assignment::{code_of, objects, warnings_of};
use crate::codes::denial_members;
use crate::convert::to_python;
use crate::decision::new_record;

/// The answer, owned.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Held {
    allowed: bool,
    /// The denial's code (`duplicate_blocked`), when refused.
    denial: Option<DenialCode>,
    /// How many candidates matched.
    matched: usize,
    /// The response object, as compact JSON text.
    text: Box<str>,
}

impl Held {
    /// Reads a response object back (unpickling), checking its shape: the
    /// keys and types of a `match` answer (and its warnings, if any),
    /// reasons of known codes, matches of known actions, `allowed`
    /// exactly when nothing refuses.
    fn read(value: &Value) -> Result<Self, String> {
        let map = value.as_object().ok_or("not an object")?;
        const KEYS: [&str; 3] = ["allowed", "reasons", "matches"];
        let warned = usize::from(map.contains_key("warnings"));
        if map.len() != KEYS.len() + warned || KEYS.iter().any(|key| !map.contains_key(*key)) {
            return Err(format!("the keys are not {}", KEYS.join(", ")));
        }
        if warned == 1 {
            warnings_of(map)?;
        }
        let allowed = map
            .get("allowed")
            .and_then(Value::as_bool)
            .ok_or("`allowed` is not a bool")?;
        let codes = objects(map, "reasons")?
            .into_iter()
            .map(code_of)
            .collect::<Result<Vec<_>, _>>()?;
        let matches = objects(map, "matches")?;
        for found in &matches {
            let rules = found.get("rules").and_then(Value::as_array);
            let known = found
                .get("action")
                .and_then(Value::as_str)
                .and_then(MatchAction::from_name)
                .is_some();
            if !found.get("lead").is_some_and(Value::is_string)
                || !rules.is_some_and(|rules| rules.iter().all(Value::is_string))
                || !known
            {
                return Err("a match is not {\"lead\", \"rules\", \"action\"}".to_owned());
            }
        }
        if allowed != codes.is_empty() {
            return Err("`allowed` disagrees with `reasons`".to_owned());
        }
        Ok(Held {
            allowed,
            denial: codes.first().copied(),
            matched: matches.len(),
            text: value.to_string().into_boxed_str(),
        })
    }

    /// The response, parsed from its own text (which core wrote).
    fn value(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }
}

/// Which candidates duplicate a lead (`Engine.match`).
///
/// Truthy when the lead may be saved (no blocking rule matched).
/// `matches` lists the candidates that share a key of some rule, in the
/// order given, each a `Match` record (`lead`, `rules`, `action`);
/// `reasons` is `duplicate_blocked` naming the first blocking candidate,
/// or empty.
#[pyclass(frozen, freelist = 64, module = "leadrules")]
pub struct Matches {
    held: Held,
}

impl Matches {
    /// The answer to `response` (its `to_dict()` with the request's
    /// `warnings`, if any); `None` for another answer.
    pub(crate) fn of(engine: &Engine, response: &Response<'_>, warnings: &[RequestWarning]) -> Option<Self> {
        let Response::Matches(found) = response else {
            return None;
        };
        Some(Matches {
            held: Held {
                allowed: found.allowed(),
                denial: found.reasons.first().map(|reason| reason.code),
                matched: found.matches.len(),
                text: engine.render_json_warned(response, warnings).into_boxed_str(),
            },
        })
    }
}

#[pymethods]
impl Matches {
    /// Whether the lead may be saved: no blocking rule matched.
    #[getter]
    fn allowed(&self) -> bool {
        self.held.allowed
    }

    /// `duplicate_blocked` (with the first blocking candidate's `lead`) as
    /// a `Reason` record, or nothing.
    #[getter]
    fn reasons<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        records(py, &self.held.value(), "reasons", &REASON, "Reason")
    }

    /// The reason codes alone, as `DenialCode` members.
    #[getter]
    fn codes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let codes: Vec<DenialCode> = self.held.denial.into_iter().collect();
        denial_members(py, &codes)
    }

    /// The candidates that matched, in the order given, as `Match`
    /// records (read-only dicts `{"lead", "rules", "action"}`).
    #[getter]
    fn matches<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        records(py, &self.held.value(), "matches", &MATCH, "Match")
    }

    /// The protocol response: what `Engine.decide` answers to the same
    /// `match` request, as plain, fresh dicts and lists.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.held.value())
    }

    fn __bool__(&self) -> bool {
        self.held.allowed
    }

    /// The number of candidates that matched.
    fn __len__(&self) -> usize {
        self.held.matched
    }

    /// Answers are equal when their responses are.
    fn __eq__(&self, other: &Self) -> bool {
        self.held == other.held
    }

    /// The hash of the response: the same in every process.
    fn __hash__(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.held.text.hash(&mut hasher);
        hasher.finish()
    }

    /// Pickles as the response text.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (&str,))> {
        let rebuild = py
            .get_type::<Matches>()
            .getattr(pyo3::intern!(py, "_from_response"))?;
        Ok((rebuild, (&self.held.text,)))
    }

    /// The answer a response text describes (how one unpickles);
    /// `ValueError` for text that is not a `match` answer.
    #[classmethod]
    #[pyo3(name = "_from_response")]
    fn from_response(_class: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        let held = serde_json::from_str::<Value>(text)
            .map_err(|e| e.to_string())
            .and_then(|value| Held::read(&value))
            .map_err(|problem| {
                PyValueError::new_err(shorten_message(format!(
                    "not the response text of a match: {problem}"
                )))
            })?;
        Ok(Matches { held })
    }

    /// `<Matches allowed matches=2>` or
    /// `<Matches denied reasons=['duplicate_blocked'] matches=1>`.
    fn __repr__(&self) -> String {
        match self.held.denial {
            None => format!("<Matches allowed matches={}>", self.held.matched),
            Some(code) => format!(
                "<Matches denied reasons=['{}'] matches={}>",
                code.as_str(),
                self.held.matched
            ),
        }
    }
}

static REASON: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static MATCH: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The objects under `key` of a response, each a record of the class
/// `name` of `leadrules._answers`, in a new list.
fn records<'py>(
    py: Python<'py>,
    response: &Value,
    key: &str,
    class: &'static PyOnceLock<Py<PyAny>>,
    name: &str,
) -> PyResult<Bound<'py, PyList>> {
    let class = class.import(py, "leadrules._answers", name)?;
    let list = PyList::empty(py);
    let items = response.get(key).and_then(Value::as_array);
    for item in items.map_or(&[][..], Vec::as_slice) {
        if let Value::Object(object) = item {
            list.append(record(py, class, object)?)?;
        }
    }
    Ok(list)
}

fn record<'py>(
    py: Python<'py>,
    class: &Bound<'py, PyAny>,
    object: &Map<String, Value>,
) -> PyResult<Bound<'py, PyAny>> {
    let made = new_record(py, class)?;
    for (key, value) in object {
        made.set_item(PyString::intern(py, key), to_python(py, value)?)?;
    }
    Ok(made.into_any())
}
