//! `Engine.match_keyed`: duplicate detection by stored keys. The lead's
//! keys and each candidate's (as `match_keys` gave them, read back from
//! the host's index) are compared by core (`Engine::match_keyed`), and the
//! answer is the `Matches` `Engine.match` gives for the records the keys
//! came from.
//!
//! The arguments are plain data, not a protocol request: a list of key
//! texts and the candidates as a mapping of id to keys or as `(id, keys)`
//! pairs. Their texts are copied into one buffer (one allocation that core
//! reads while the GIL is released, with no Python object in it), within
//! the request size limit, and the ids are checked by core as the `match`
//! reader checks them, at the same paths.

use leadrules::protocol::Response;
use leadrules::{Engine, Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::engine::detached_if;
use crate::errors::to_py_err;
use crate::matches::Matches;

/// The texts of one call, copied end to end into one string.
#[derive(Default)]
struct Texts {
    buffer: String,
    spans: Vec<(usize, usize)>,
}

impl Texts {
    /// Copies `value`, which must be a `str` (`path()` names it if not).
    fn push(&mut self, py: Python<'_>, value: &Bound<'_, PyAny>, path: impl Fn() -> String) -> PyResult<()> {
        let Ok(text) = value.cast::<PyString>() else {
            return Err(invalid(
                py,
                path(),
                format!("expected a string, found {}", type_name(value)),
            ));
        };
        let text = text
            .to_cow()
            .map_err(|_| invalid(py, path(), "the text is not valid Unicode".to_owned()))?;
        let start = self.buffer.len();
        self.buffer.push_str(&text);
        leadrules::check_request_size(self.buffer.len()).map_err(|e| to_py_err(py, &e))?;
        self.spans.push((start, self.buffer.len()));
        Ok(())
    }

    /// Copies the keys of the iterable `keys` (not a `str`) at `path`.
    fn push_keys(
        &mut self,
        py: Python<'_>,
        keys: &Bound<'_, PyAny>,
        path: &dyn Fn() -> String,
    ) -> PyResult<usize> {
        if keys.is_instance_of::<PyString>() || keys.is_instance_of::<PyBytes>() {
            return Err(invalid(
                py,
                path(),
                format!("expected a list of keys, found {}", type_name(keys)),
            ));
        }
        let items = keys.try_iter().map_err(|_| {
            invalid(
                py,
                path(),
                format!("expected a list of keys, found {}", type_name(keys)),
            )
        })?;
        let before = self.spans.len();
        for (i, item) in items.enumerate() {
            self.push(py, &item?, || format!("{}[{i}]", path()))?;
        }
        Ok(self.spans.len() - before)
    }

    /// The `n`-th text copied.
    fn get(&self, n: usize) -> &str {
        self.spans
            .get(n)
            .and_then(|&(start, end)| self.buffer.get(start..end))
            .unwrap_or_default()
    }
}

fn invalid(py: Python<'_>, path: String, message: String) -> PyErr {
    to_py_err(py, &Error::new(ErrorCode::InvalidRequest, path, message))
}

/// The Python type's name of `value`, for a message.
fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "a value of another type".to_owned(), |name| name.to_string())
}

/// The candidates' `(id, keys)` pairs: a mapping's items, or the pairs an
/// iterable yields (each a 2-tuple or a 2-list).
fn pairs<'py>(
    py: Python<'py>,
    candidates: &Bound<'py, PyAny>,
) -> PyResult<Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>> {
    let not_pairs = || {
        invalid(
            py,
            "candidates".to_owned(),
            format!(
                "expected a mapping of id to keys or (id, keys) pairs, found {}",
                type_name(candidates)
            ),
        )
    };
    if let Ok(dict) = candidates.cast::<PyDict>() {
        return Ok(dict.iter().collect());
    }
    if candidates.is_instance_of::<PyString>() || candidates.is_instance_of::<PyBytes>() {
        return Err(not_pairs());
    }
    let items = if candidates.hasattr(pyo3::intern!(py, "items"))?
        && candidates.hasattr(pyo3::intern!(py, "keys"))?
    {
        candidates.call_method0(pyo3::intern!(py, "items"))?.try_iter()
    } else {
        candidates.try_iter()
    }
    .map_err(|_| not_pairs())?;
    let mut pairs = Vec::new();
    for (i, item) in items.enumerate() {
        let item = item?;
        let pair = if let Ok(tuple) = item.cast::<PyTuple>() {
            (tuple.len() == 2).then(|| (tuple.get_item(0), tuple.get_item(1)))
        } else if let Ok(list) = item.cast::<PyList>() {
            (list.len() == 2).then(|| (list.get_item(0), list.get_item(1)))
        } else {
            None
        };
        match pair {
            Some((Ok(id), Ok(keys))) => pairs.push((id, keys)),
            Some((Err(e), _) | (_, Err(e))) => return Err(e),
            None => {
                return Err(invalid(
                    py,
                    format!("candidates[{i}]"),
                    format!("expected an (id, keys) pair, found {}", type_name(&item)),
                ))
            }
        }
    }
    Ok(pairs)
}

/// Which candidates duplicate the lead whose keys are `keys`, by their
/// stored keys.
pub(crate) fn match_keyed(
    py: Python<'_>,
    engine: &Engine,
    keys: &Bound<'_, PyAny>,
    candidates: &Bound<'_, PyAny>,
    lead_id: Option<&Bound<'_, PyAny>>,
) -> PyResult<Matches> {
    let mut texts = Texts::default();
    let lead_id = match lead_id {
        Some(id) if !id.is_none() => {
            texts.push(py, id, || "lead.id".to_owned())?;
            true
        }
        _ => false,
    };
    let own = texts.push_keys(py, keys, &|| "keys".to_owned())?;
    // Each candidate: where its id is among the texts, and how many keys follow it.
    let mut spans = Vec::new();
    for (i, (id, keys)) in pairs(py, candidates)?.iter().enumerate() {
        let at = texts.spans.len();
        texts.push(py, id, || format!("candidates[{i}].id"))?;
        let count = texts.push_keys(py, keys, &|| format!("candidates[{i}].keys"))?;
        spans.push((at, count));
    }
    let size = texts.buffer.len();
    let texts = &texts;
    let found = detached_if(py, size, move || {
        let lead_id = lead_id.then(|| texts.get(0));
        let first = usize::from(lead_id.is_some());
        let own: Vec<&str> = (first..first + own).map(|n| texts.get(n)).collect();
        let all: Vec<&str> = (0..texts.spans.len()).map(|n| texts.get(n)).collect();
        let keyed: Vec<leadrules::matching::KeyedLead<'_, &str>> = spans
            .iter()
            .map(|&(at, count)| leadrules::matching::KeyedLead {
                id: all.get(at).copied().unwrap_or_default(),
                keys: all.get(at + 1..at + 1 + count).unwrap_or_default(),
            })
            .collect();
        if let Some(id) = lead_id {
            leadrules::require_id(id, "lead.id")?;
        }
        leadrules::require_keyed_candidates(&keyed, |i| format!("candidates[{i}].id"))?;
        let response = Response::Matches(engine.match_keyed(lead_id, &own, &keyed));
        let matches = Matches::of(engine, &response, &[]);
        Ok(matches)
    });
    match found {
        Ok(Some(matches)) => Ok(matches),
        Ok(None) => Err(crate::errors::internal(py, "match_keyed did not answer matches")),
        Err(error) => Err(to_py_err(py, &error)),
    }
}
