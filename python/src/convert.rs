//! Python objects ↔ `serde_json::Value`.
//!
//! Inbound, only JSON-shaped values are accepted: `dict` (or any mapping)
//! with `str` keys, `list`, `tuple`, `str`, `int`, `float`, `bool` and
//! `None`. Anything else (a `datetime`, a `set`, a NaN, an `int` key) is
//! reported with the path of the offending value, in the protocol's path
//! syntax (`lead.owner`, `orgs[1].parent`), so that a Python caller gets the
//! same kind of answer as a JSON caller.
//!
//! Outbound, a response becomes plain `dict`/`list`/`str`/`bool`/`None`/
//! `int`/`float` objects that the caller owns.

use leadrules::protocol::{push_path, PathSegment};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use pyo3::IntoPyObjectExt;
use serde_json::{Map, Number, Value};

/// How deep a value may nest. serde_json's text parser stops at 128 levels
/// too, so a request is refused alike whether it comes as text or objects;
/// the limit also stops self-referencing containers.
const MAX_DEPTH: usize = 128;

/// A Python value that is not JSON: what is wrong, and where.
#[derive(Debug)]
pub(crate) struct NotJson {
    /// Path segments from the offending value up to the root (leaf first):
    /// collected while unwinding, so the happy path builds no paths.
    segments: Vec<Segment>,
    message: String,
}

#[derive(Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

impl NotJson {
    fn new(message: impl Into<String>) -> Self {
        NotJson {
            segments: Vec::new(),
            message: message.into(),
        }
    }

    fn at_key(mut self, key: String) -> Self {
        self.segments.push(Segment::Key(key));
        self
    }

    fn at_index(mut self, index: usize) -> Self {
        self.segments.push(Segment::Index(index));
        self
    }

    /// What is wrong, for a human.
    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    /// The dotted path of the offending value, below `root` (`""` for the
    /// document root, or a request field such as `"lead"`).
    pub(crate) fn path(&self, root: &str) -> String {
        let mut out = String::from(root);
        push_path(
            &mut out,
            self.segments.iter().rev().map(|segment| match segment {
                Segment::Key(key) => PathSegment::Key(key),
                Segment::Index(index) => PathSegment::Index(*index),
            }),
        );
        out
    }
}

/// Converts a JSON-shaped Python value into a `serde_json::Value`.
pub(crate) fn to_value(obj: &Bound<'_, PyAny>) -> Result<Value, NotJson> {
    to_value_at(obj, 0)
}

fn to_value_at(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, NotJson> {
    // Most likely types first; `bool` before `int` (it is a subclass).
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(string(s)?));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let depth = deeper(depth)?;
        let mut map = Map::with_capacity(dict.len());
        for (key, value) in dict.iter() {
            entry(&mut map, &key, &value, depth)?;
        }
        return Ok(Value::Object(map));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.cast::<PyInt>().is_ok() {
        return int(obj);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| NotJson::new(format!("{} is not a JSON number", f.value())));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        let depth = deeper(depth)?;
        let mut items = Vec::with_capacity(list.len());
        for (index, item) in list.iter().enumerate() {
            items.push(to_value_at(&item, depth).map_err(|e| e.at_index(index))?);
        }
        return Ok(Value::Array(items));
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        let depth = deeper(depth)?;
        let mut items = Vec::with_capacity(tuple.len());
        for (index, item) in tuple.iter().enumerate() {
            items.push(to_value_at(&item, depth).map_err(|e| e.at_index(index))?);
        }
        return Ok(Value::Array(items));
    }
    // Last, since the check is an isinstance against collections.abc.
    if let Ok(mapping) = obj.cast::<PyMapping>() {
        let depth = deeper(depth)?;
        let items = mapping
            .items()
            .map_err(|e| NotJson::new(format!("the mapping could not be read: {e}")))?;
        let mut map = Map::with_capacity(items.len());
        for item in items.iter() {
            let (key, value) = item
                .extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()
                .map_err(|e| NotJson::new(format!("the mapping could not be read: {e}")))?;
            entry(&mut map, &key, &value, depth)?;
        }
        return Ok(Value::Object(map));
    }
    Err(NotJson::new(format!(
        "expected a JSON value (dict, list, str, int, float, bool or None), found {}",
        type_name(obj)
    )))
}

fn entry(
    map: &mut Map<String, Value>,
    key: &Bound<'_, PyAny>,
    value: &Bound<'_, PyAny>,
    depth: usize,
) -> Result<(), NotJson> {
    let Ok(key) = key.cast::<PyString>() else {
        return Err(NotJson::new(format!(
            "keys must be str, found the {} key {}",
            type_name(key),
            key.repr()
                .map_or_else(|_| "?".to_owned(), |r| r.to_string_lossy().into_owned())
        )));
    };
    let key = string(key)?;
    match to_value_at(value, depth) {
        Ok(value) => {
            map.insert(key, value);
            Ok(())
        }
        Err(e) => Err(e.at_key(key)),
    }
}

fn deeper(depth: usize) -> Result<usize, NotJson> {
    if depth >= MAX_DEPTH {
        Err(NotJson::new(format!("nested more than {MAX_DEPTH} levels deep")))
    } else {
        Ok(depth + 1)
    }
}

fn string(s: &Bound<'_, PyString>) -> Result<String, NotJson> {
    s.to_cow()
        .map(|c| c.into_owned())
        .map_err(|_| NotJson::new("the str is not valid Unicode (it contains a lone surrogate)"))
}

/// An `int` as a JSON number: exact within i64/u64, else a float, which is
/// what serde_json makes of the same digits in request text.
fn int(obj: &Bound<'_, PyAny>) -> Result<Value, NotJson> {
    if let Ok(i) = obj.extract::<i64>() {
        return Ok(Value::from(i));
    }
    if let Ok(u) = obj.extract::<u64>() {
        return Ok(Value::from(u));
    }
    obj.extract::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| NotJson::new("the int is too large for a JSON number"))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map_or_else(
        |_| "an unknown type".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Converts a `serde_json::Value` into plain Python objects.
pub(crate) fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    match value {
        Value::Null => Ok(py.None().into_bound(py)),
        Value::Bool(b) => b.into_bound_py_any(py),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_bound_py_any(py)
            } else if let Some(u) = n.as_u64() {
                u.into_bound_py_any(py)
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_bound_py_any(py)
            }
        }
        Value::String(s) => s.into_bound_py_any(py),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            Ok(list.into_any())
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, to_python(py, item)?)?;
            }
            Ok(dict.into_any())
        }
    }
}
