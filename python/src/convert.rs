//! Python objects ↔ `serde_json::Value`.
//!
//! Inbound, JSON-shaped values are read directly: `dict` (or any mapping)
//! with `str` keys, `list`, `tuple`, `str`, `int`, `float`, `bool` and
//! `None`. A few common host types have one obvious JSON form and are
//! converted by `leadrules._coerce` (the cold path, never taken for
//! JSON-shaped input): `datetime`, `date` and `time` become their
//! `isoformat()` text, a `UUID` its `str`, a finite `Decimal` a number, an
//! `Enum` its `.value` (converted in turn), and a host's record object (a
//! dataclass, NamedTuple, attrs or pydantic model, an object with public
//! attributes) the object of its public fields, each converted in turn at
//! its own path. Anything else (a `set`, a NaN, an `int` key, an object
//! with no public attribute) is reported with the path of the offending
//! value, in the protocol's path syntax (`lead.owner`, `orgs[1].parent`),
//! so that a Python caller gets the same kind of answer as a JSON caller.
//!
//! A record object's fields are read leniently (`Reader::record`): a host's
//! domain object holds more than the rules read (back-references, a
//! session, a logger), so a field whose value cannot be converted is left
//! out of the record rather than failing the request; core then reports a
//! field it needed as missing, by name. A record is never entered again
//! while it is being read (a cycle); records are entered only
//! [`MAX_RECORD_NESTING`] deep, and a field holding more than
//! [`MAX_FIELD_RECORDS`] of them is left out: this bounds the work a
//! record's references into a large object graph can cause. Plain dicts and
//! lists that no record holds stay strict.
//!
//! Converting a host value or reading a custom mapping runs the caller's
//! Python code, which may change a dict that is being read (PyO3's dict
//! iterator panics if it does). So a dict whose values took that path is
//! finished on a snapshot of its items, and one whose keys changed is
//! reported, like Python's own "dictionary changed size during iteration".
//!
//! Outbound, a response becomes plain `dict`/`list`/`str`/`bool`/`None`/
//! `int`/`float` objects that the caller owns.

use leadrules::protocol::{push_path, PathSegment};
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use pyo3::IntoPyObjectExt;
use serde_json::{Map, Number, Value};

/// How deep a value may nest: core's limit, which is the JSON parser's
/// own, so a request is refused alike whether it comes as text or objects;
/// the limit also stops self-referencing containers.
const MAX_DEPTH: usize = leadrules::MAX_NESTING;

/// How many record objects deep values are read: a fact and the records
/// it holds (a secondary lead's events, a draft's assignee), the deepest
/// objects of a request. Deeper records are not read: their fields are
/// never the rules' facts, and a record's references (an ORM session's
/// identity map, a logger's manager) would otherwise lead the conversion
/// through an object graph of any size.
const MAX_RECORD_NESTING: usize = 2;

/// How many record objects one field of a record may hold (in its lists
/// and dicts): a field holding more is left out. Counted per field, so
/// that what is read of a record does not depend on the order of its
/// fields; with records read two deep, only a fact's fields hold records
/// (a secondary lead's events, or a user's loaded leads, which this stops
/// reading after the first thousand).
const MAX_FIELD_RECORDS: usize = 1000;

/// How many times in a row a value may convert to another value that
/// needs converting (an `Enum` whose value is an `Enum`, a `model_dump()`
/// that answers the model): such chains add no nesting, so they are
/// bounded on their own.
const MAX_COERCIONS: usize = 8;

/// `leadrules._coerce.coerce`, imported on first use.
static COERCE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `leadrules._coerce.Fields`, the class of a record's fields.
static FIELDS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `datetime.datetime`, imported on first use.
static DATETIME: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A Python value that is not JSON: what is wrong, and where.
#[derive(Debug)]
pub(crate) struct NotJson {
    /// Path segments from the offending value up to the root (leaf first):
    /// collected while unwinding, so the happy path builds no paths.
    segments: Vec<Segment>,
    message: String,
    /// The Python exception behind it, if the value's own code raised one.
    /// (Boxed: errors travel up every level of a value, and stay small.)
    cause: Option<Box<PyErr>>,
    /// A value the host's object graph holds beyond what a fact is: a
    /// back-reference, records nested past the read depth, a crowd of
    /// records. A record leaves such a field out even among a fact's own
    /// fields, where any other failure is an error.
    beyond_the_fact: bool,
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
            cause: None,
            beyond_the_fact: false,
        }
    }

    /// A value beyond what a fact is (see `beyond_the_fact`).
    fn beyond_the_fact(message: impl Into<String>) -> Self {
        NotJson {
            beyond_the_fact: true,
            ..NotJson::new(message)
        }
    }

    /// The value's own code raised `cause` while it was being read.
    fn raised(message: &str, cause: PyErr) -> Self {
        NotJson {
            segments: Vec::new(),
            message: format!("{message}: {cause}"),
            cause: Some(Box::new(cause)),
            beyond_the_fact: false,
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

    /// The exception the caller's code raised while the value was read,
    /// if that is what went wrong.
    pub(crate) fn take_cause(&mut self) -> Option<PyErr> {
        self.cause.take().map(|cause| *cause)
    }

    /// Whether the caller's code raised an exception that is no
    /// `Exception` (`KeyboardInterrupt`, `SystemExit`): never left out
    /// with a record's field, it propagates.
    fn interrupts(&self, py: Python<'_>) -> bool {
        self.cause
            .as_ref()
            .is_some_and(|cause| !cause.is_instance_of::<PyException>(py))
    }
}

/// Converts a JSON-shaped Python value into a `serde_json::Value`.
pub(crate) fn to_value(obj: &Bound<'_, PyAny>) -> Result<Value, NotJson> {
    Reader {
        slow: 0,
        records: Vec::new(),
        field_records: 0,
    }
    .value(obj, 0)
}

/// One conversion.
struct Reader {
    /// How many values took the slow path, which may run the caller's
    /// Python code: a dict compares it before and after reading a value.
    slow: u64,
    /// The record objects being read, outermost first (by identity: each
    /// is alive, held by the value that refers to it, while it is here).
    records: Vec<usize>,
    /// How many records the field being read (of the innermost record
    /// being read) holds so far.
    field_records: usize,
}

impl Reader {
    fn value(&mut self, obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, NotJson> {
        self.converted(obj, depth, 0)
    }

    /// A value that `coercions` conversions in a row led to.
    fn converted(
        &mut self,
        obj: &Bound<'_, PyAny>,
        depth: usize,
        coercions: usize,
    ) -> Result<Value, NotJson> {
        // Most likely types first; `bool` before `int` (it is a subclass).
        // None of these checks runs Python code, for subclasses neither.
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(Value::String(string(s)?));
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            return self.dict(dict, deeper(depth)?);
        }
        if obj.is_none() {
            return Ok(Value::Null);
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            return Ok(Value::Bool(b.is_true()));
        }
        if obj.cast::<PyInt>().is_ok() {
            return self.int(obj);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            return float(f.value());
        }
        if let Ok(list) = obj.cast::<PyList>() {
            let depth = deeper(depth)?;
            let mut items = Vec::with_capacity(list.len());
            // PyO3's list iterator re-reads the length at every step: a
            // list that changes meanwhile cannot make it panic.
            for (index, item) in list.iter().enumerate() {
                items.push(self.value(&item, depth).map_err(|e| e.at_index(index))?);
            }
            return Ok(Value::Array(items));
        }
        // An exact tuple only: a tuple subclass may be a record (a
        // NamedTuple is an object), which `leadrules._coerce` decides.
        if let Ok(tuple) = obj.cast_exact::<PyTuple>() {
            let depth = deeper(depth)?;
            let mut items = Vec::with_capacity(tuple.len());
            for (index, item) in tuple.iter().enumerate() {
                items.push(self.value(&item, depth).map_err(|e| e.at_index(index))?);
            }
            return Ok(Value::Array(items));
        }
        self.slow(obj, depth, coercions)
    }

    /// A value of no JSON type: a mapping, or a host value for
    /// `leadrules._coerce`. Both may run the caller's Python code.
    fn slow(&mut self, obj: &Bound<'_, PyAny>, depth: usize, coercions: usize) -> Result<Value, NotJson> {
        let py = obj.py();
        // The host value met most (a timestamp) skips `_coerce`: an exact
        // `datetime` runs no caller code but its tzinfo's, and its
        // `isoformat()` text (what `_coerce` would call) is written here.
        let datetime = DATETIME.import(py, "datetime", "datetime");
        if datetime.is_ok_and(|class| obj.get_type().is(class)) {
            return crate::datetimes::isoformat(obj)
                .map(Value::String)
                .map_err(|e| NotJson::raised("the datetime could not be converted", e));
        }
        self.slow += 1;
        // An isinstance against collections.abc.Mapping.
        if let Ok(mapping) = obj.cast::<PyMapping>() {
            let depth = deeper(depth)?;
            // A list of pairs: a snapshot that the mapping's code cannot
            // change under us.
            let items = mapping
                .items()
                .map_err(|e| NotJson::raised("the mapping could not be read", e))?;
            let mut map = Map::with_capacity(items.len());
            self.items(&mut map, &items, 0, depth)?;
            return Ok(Value::Object(map));
        }
        // Only records are on the path: this one is being read already.
        if self.records.contains(&identity(obj)) {
            return Err(NotJson::beyond_the_fact(format!(
                "the {} is a record being read already (a cycle)",
                type_name(obj)
            )));
        }
        if coercions >= MAX_COERCIONS {
            return Err(NotJson::new(format!(
                "the {} converts to a value that needs converting again, more than \
                 {MAX_COERCIONS} times in a row",
                type_name(obj)
            )));
        }
        let records = self.records.len() < MAX_RECORD_NESTING;
        let coerced = COERCE
            .import(py, "leadrules._coerce", "coerce")
            .and_then(|coerce| coerce.call1((obj, records, self.records.is_empty())))
            .map_err(|e| NotJson::raised(&format!("the {} could not be converted", type_name(obj)), e))?;
        if coerced.is(py.NotImplemented()) {
            return Err(if records {
                NotJson::new(format!(
                    "expected a JSON value (dict, list, str, int, float, bool or None), a \
                     datetime, date, time, UUID, Decimal or Enum, or a record object (a \
                     dataclass, NamedTuple, attrs or pydantic model, or an object with public \
                     attributes), found {}",
                    type_name(obj)
                ))
            } else {
                NotJson::beyond_the_fact(format!(
                    "found {} inside {MAX_RECORD_NESTING} record objects, which is not read \
                     (records are read {MAX_RECORD_NESTING} deep)",
                    type_name(obj)
                ))
            });
        }
        let fields = FIELDS.import(py, "leadrules._coerce", "Fields");
        if let (Ok(class), Ok(dict)) = (fields, coerced.cast::<PyDict>()) {
            if dict.get_type().is(class) {
                if !self.records.is_empty() {
                    self.field_records += 1;
                    if self.field_records > MAX_FIELD_RECORDS {
                        return Err(NotJson::beyond_the_fact(format!(
                            "a field of a record holds more than {MAX_FIELD_RECORDS} record objects"
                        )));
                    }
                }
                return self.record(obj, dict, depth);
            }
        }
        // An enum's value may be a container, or another enum: a chain of
        // conversions is not nesting (its containers count as they come).
        self.converted(&coerced, depth, coercions + 1)
    }

    /// The fields of the record object `obj`. Among a fact's own fields
    /// (the outermost record) a value that cannot be converted is an error
    /// at its path, as in a dict, unless it lies beyond the fact (it refers
    /// back to a record being read, holds records past the read depth or
    /// too many of them): that field is left out. In the records a fact
    /// holds (events, an assignee, an ORM relation) every field that cannot
    /// be converted is left out, and core reports a missing field by name
    /// if a rule reads it. A record is one level of nesting, as a dict is.
    fn record(
        &mut self,
        obj: &Bound<'_, PyAny>,
        fields: &Bound<'_, PyDict>,
        depth: usize,
    ) -> Result<Value, NotJson> {
        let depth = deeper(depth)?;
        let py = obj.py();
        // A snapshot, though nothing else refers to this new dict.
        let items = fields.items();
        let mut map = Map::with_capacity(items.len());
        // A fact's own fields (the record given as the actor, the lead, an
        // org): a value there that cannot be read is an error at its path,
        // as in a dict; only what lies beyond the fact is left out.
        let is_fact = self.records.is_empty();
        self.records.push(identity(obj));
        // The count of the field this record is in, resumed after it.
        let holder = self.field_records;
        let mut interrupted = None;
        for item in items.iter() {
            let Ok((key, value)) = item.extract::<(Bound<'_, PyString>, Bound<'_, PyAny>)>() else {
                continue;
            };
            let Ok(key) = string(&key) else { continue };
            self.field_records = 0;
            match self.value(&value, depth) {
                Ok(value) => {
                    map.insert(key, value);
                }
                Err(e) if e.interrupts(py) || (is_fact && !e.beyond_the_fact) => {
                    interrupted = Some(e.at_key(key));
                    break;
                }
                Err(_) => {}
            }
        }
        self.records.pop();
        self.field_records = holder;
        match interrupted {
            Some(e) => Err(e),
            None => Ok(Value::Object(map)),
        }
    }

    fn dict(&mut self, dict: &Bound<'_, PyDict>, depth: usize) -> Result<Value, NotJson> {
        let len = dict.len();
        let mut map = Map::with_capacity(len);
        let slow = self.slow;
        for (read, (key, value)) in dict.iter().enumerate() {
            self.entry(&mut map, &key, &value, depth)?;
            if self.slow != slow {
                // The caller's code ran and may have changed this dict: one
                // more step of the iterator could panic.
                return self.finish_dict(dict, len, read + 1, map, depth);
            }
        }
        Ok(Value::Object(map))
    }

    /// Reads the rest of a dict from a snapshot of its items, once the
    /// first `read` of them are in `map`: if it still has as many items as
    /// when reading began, and its first `read` keys are the ones read.
    fn finish_dict(
        &mut self,
        dict: &Bound<'_, PyDict>,
        len: usize,
        read: usize,
        mut map: Map<String, Value>,
        depth: usize,
    ) -> Result<Value, NotJson> {
        let items = dict.items();
        let unchanged = items.len() == len
            && items.iter().take(read).all(|item| {
                item.get_item(0)
                    .ok()
                    .and_then(|key| key.cast_into::<PyString>().ok())
                    .is_some_and(|key| key.to_cow().is_ok_and(|key| map.contains_key(key.as_ref())))
            });
        if !unchanged {
            return Err(NotJson::new(
                "the dict changed while it was being read (by the code of one of its values)",
            ));
        }
        self.items(&mut map, &items, read, depth)?;
        Ok(Value::Object(map))
    }

    /// Adds the `(key, value)` pairs of `items` from `skip` on to `map`.
    fn items(
        &mut self,
        map: &mut Map<String, Value>,
        items: &Bound<'_, PyList>,
        skip: usize,
        depth: usize,
    ) -> Result<(), NotJson> {
        for item in items.iter().skip(skip) {
            let (key, value) = item
                .extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()
                .map_err(|e| NotJson::raised("the mapping could not be read", e))?;
            self.entry(map, &key, &value, depth)?;
        }
        Ok(())
    }

    fn entry(
        &mut self,
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
        match self.value(value, depth) {
            Ok(value) => {
                map.insert(key, value);
                Ok(())
            }
            Err(e) => Err(e.at_key(key)),
        }
    }

    /// An `int` as a JSON number: exact within i64/u64, else a float, which
    /// is what serde_json makes of the same digits in request text.
    fn int(&mut self, obj: &Bound<'_, PyAny>) -> Result<Value, NotJson> {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        // An int subclass's `__float__` is Python code.
        self.slow += 1;
        obj.extract::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| NotJson::new("the int is too large for a JSON number"))
    }
}

fn deeper(depth: usize) -> Result<usize, NotJson> {
    if depth >= MAX_DEPTH {
        Err(NotJson::new(format!("nested more than {MAX_DEPTH} levels deep")))
    } else {
        Ok(depth + 1)
    }
}

/// The identity of a Python object, as `id()` gives it.
fn identity(obj: &Bound<'_, PyAny>) -> usize {
    obj.as_ptr() as usize
}

fn string(s: &Bound<'_, PyString>) -> Result<String, NotJson> {
    s.to_cow()
        .map(|c| c.into_owned())
        .map_err(|_| NotJson::new("the str is not valid Unicode (it contains a lone surrogate)"))
}

fn float(f: f64) -> Result<Value, NotJson> {
    Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| NotJson::new(format!("{f} is not a JSON number")))
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
