//! Answers rendered straight into Python objects: core writes the response
//! through `leadrules::protocol::Out` and this builds the dicts and lists
//! as it goes, with no `serde_json::Value` in between; instants become
//! aware UTC `datetime`s.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use leadrules::protocol::Out;
use leadrules::{Channel, DenialCode, EffectKind, Pipeline, Route, Timestamp};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};
use serde_json::Value;

use crate::convert::to_python;
use crate::sweep::instant;

/// The words answers are made of (keys, codes, messages, kinds, routes):
/// made into Python strings once, their hashes computed once.
static WORDS: PyOnceLock<HashMap<&'static str, Py<PyString>, BuildHasherDefault<Fnv>>> = PyOnceLock::new();

/// FNV-1a: the words are short, trusted and few, and a word is looked up
/// for every key and code of an answer; SipHash (resisting flooding by
/// chosen keys, which these are not) cost most of building a small answer.
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = self.0;
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Keys and fixed values of answers that are not in core's vocabulary
/// (codes, messages, kinds, routes, pipelines and channels come from it).
const ANSWER_WORDS: [&str; 43] = [
    "allowed",
    "reasons",
    "effects",
    "route",
    "from",
    "to",
    "code",
    "message",
    "org",
    "lead",
    "field",
    "capability",
    "kind",
    "pipeline",
    "owner",
    "channel",
    "user",
    "stage",
    "sub_stage",
    "status",
    "linked_to",
    "list",
    "tag",
    "mobile",
    "event",
    "access",
    "value",
    "expires_at",
    "maturity",
    "task",
    "subject",
    "reporter",
    "start",
    "section",
    "values",
    "note",
    "actions",
    "action",
    "requires",
    "due",
    "phase",
    "next_deadline",
    "read_only",
];

/// A Python `str` for `text`: the shared one for a known word.
pub(crate) fn word<'py>(py: Python<'py>, text: &str) -> Bound<'py, PyString> {
    let words = WORDS.get_or_init(py, || {
        let codes = DenialCode::ALL.iter().flat_map(|c| [c.as_str(), c.message()]);
        ANSWER_WORDS
            .into_iter()
            .chain(codes)
            .chain(EffectKind::NAMES)
            .chain(Route::NAMES)
            .chain(Pipeline::NAMES)
            .chain(Channel::NAMES)
            .map(|w| (w, PyString::intern(py, w).unbind()))
            .collect()
    });
    match words.get(text) {
        Some(shared) => shared.bind(py).clone(),
        None => PyString::new(py, text),
    }
}

/// The Python objects of one answer, built container by container.
pub(crate) struct PyOut<'py> {
    py: Python<'py>,
    open: Vec<(Bound<'py, PyAny>, Option<Bound<'py, PyString>>)>,
    done: Option<Bound<'py, PyAny>>,
    /// The first Python error (a failed allocation); the rest is skipped.
    error: Option<PyErr>,
}

impl<'py> PyOut<'py> {
    pub(crate) fn new(py: Python<'py>) -> Self {
        PyOut {
            py,
            open: Vec::new(),
            done: None,
            error: None,
        }
    }

    /// The finished answer, or the error met while building it.
    pub(crate) fn finish(self) -> PyResult<Bound<'py, PyAny>> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(self.done.unwrap_or_else(|| self.py.None().into_bound(self.py))),
        }
    }

    fn place(&mut self, value: PyResult<Bound<'py, PyAny>>) {
        if self.error.is_some() {
            return;
        }
        let placed = value.and_then(|value| match self.open.last_mut() {
            Some((container, key)) => match (container.cast::<PyDict>(), key.take()) {
                (Ok(dict), Some(key)) => dict.set_item(key, value),
                _ => container
                    .cast::<PyList>()
                    .map_or(Ok(()), |list| list.append(value)),
            },
            None => {
                self.done = Some(value);
                Ok(())
            }
        });
        if let Err(error) = placed {
            self.error = Some(error);
        }
    }

    fn close(&mut self) {
        if let Some((container, _)) = self.open.pop() {
            self.place(Ok(container));
        }
    }
}

impl Out for PyOut<'_> {
    fn open_object(&mut self) {
        self.open.push((PyDict::new(self.py).into_any(), None));
    }

    fn close_object(&mut self) {
        self.close();
    }

    fn open_array(&mut self) {
        self.open.push((PyList::empty(self.py).into_any(), None));
    }

    fn close_array(&mut self) {
        self.close();
    }

    fn key(&mut self, key: &str) {
        let key = word(self.py, key);
        if let Some((_, pending)) = self.open.last_mut() {
            *pending = Some(key);
        }
    }

    fn str(&mut self, text: &str) {
        let text = word(self.py, text).into_any();
        self.place(Ok(text));
    }

    fn bool(&mut self, value: bool) {
        let value = pyo3::types::PyBool::new(self.py, value).to_owned().into_any();
        self.place(Ok(value));
    }

    fn null(&mut self) {
        let none = self.py.None().into_bound(self.py);
        self.place(Ok(none));
    }

    fn value(&mut self, value: &Value) {
        let converted = to_python(self.py, value);
        self.place(converted);
    }

    /// An instant as an aware UTC `datetime`, the one type of every
    /// timestamp the Python API returns (as `Expiry.expires_at`).
    fn time(&mut self, at: Timestamp) {
        let instant = instant(self.py, Some(at));
        self.place(instant);
    }
}
