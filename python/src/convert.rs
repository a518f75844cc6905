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
//! Converting a host value (a datetime's `tzinfo` included) or reading a
//! custom mapping runs the caller's Python code, which may change a dict
//! that is being read. Dicts are iterated by `dicts::entries`, which
//! reports such a change instead of panicking as PyO3's iterator does; a
//! dict whose values ran Python code is finished on a snapshot of its
//! items, and one whose keys changed is reported, like Python's own
//! "dictionary changed size during iteration".
//!
//! A key repeated in one object (a mapping whose `items()` lists it twice,
//! or two `str` subclass keys with the same text) is refused at its path,
//! as core refuses it in JSON text.
//!
//! A value is read within a [`Budget`]: the bytes its compact JSON text
//! would take at least, counted as it is read, so that a host's objects
//! cannot make the binding build more than the text entry points would
//! read (`MAX_REQUEST_BYTES` for a request, `MAX_CONFIG_BYTES` for a
//! config); past it, reading stops and the value is refused as text of
//! that size would be.
//!
//! Outbound, a response becomes plain `dict`/`list`/`str`/`bool`/`None`/
//! `int`/`float` objects that the caller owns.

use leadrules::protocol::{push_path, PathSegment};
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use pyo3::IntoPyObjectExt;
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

use crate::dicts::{entries, Changed};

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

/// What a value's compact JSON text would take at least, in bytes, and
/// how much of it may still be read. One budget is shared by the fields of
/// one request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    limit: usize,
    left: usize,
}

impl Budget {
    /// The budget of one request: what the JSON entry points read.
    pub(crate) fn request() -> Self {
        Budget::of(leadrules::protocol::MAX_REQUEST_BYTES)
    }

    /// The budget of one config: what `Engine::from_json` reads.
    pub(crate) fn config() -> Self {
        Budget::of(leadrules::MAX_CONFIG_BYTES)
    }

    fn of(limit: usize) -> Self {
        Budget { limit, left: limit }
    }

    /// The bytes read so far.
    pub(crate) fn used(&self) -> usize {
        self.limit - self.left
    }

    /// Counts `bytes` more; `false` (and nothing counted) once they do not
    /// fit.
    pub(crate) fn spend(&mut self, bytes: usize) -> bool {
        match self.left.checked_sub(bytes) {
            Some(left) => {
                self.left = left;
                true
            }
            None => false,
        }
    }

    /// The most bytes this budget allows.
    pub(crate) fn limit(&self) -> usize {
        self.limit
    }
}

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
    /// The value's text would be longer than its budget allows (this
    /// limit): an error about the whole value, never left out.
    too_large: Option<usize>,
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
            too_large: None,
        }
    }

    /// A value whose text would be longer than `limit` bytes.
    fn too_large(limit: usize) -> Self {
        NotJson {
            too_large: Some(limit),
            ..NotJson::new(format!("more than {limit} bytes as JSON text"))
        }
    }

    /// The limit the value's text would exceed, if that is what is wrong:
    /// the error is then about the whole value, at its root.
    pub(crate) fn too_large_for(&self) -> Option<usize> {
        self.too_large
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
            too_large: None,
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
        self.too_large.is_some()
            || self
                .cause
                .as_ref()
                .is_some_and(|cause| !cause.is_instance_of::<PyException>(py))
    }
}

/// Converts a JSON-shaped Python value into a `serde_json::Value`, within
/// `budget` (which it spends).
pub(crate) fn to_value(obj: &Bound<'_, PyAny>, budget: &mut Budget) -> Result<Value, NotJson> {
    let mut reader = Reader {
        slow: 0,
        records: Vec::new(),
        field_records: 0,
        budget: *budget,
    };
    let value = reader.value(obj, 0);
    *budget = reader.budget;
    value
}

/// The message of a repeated key: core's, for a repeat in JSON text.
const REPEATED: &str = "this key appears twice in its object: which one is meant is not clear";

/// One conversion.
struct Reader {
    /// How many values took the slow path, which may run the caller's
    /// Python code: a dict compares it before and after reading a value.
    slow: u64,
    /// The record objects being read, outermost first (by address: each
    /// is alive, held by the value that refers to it, while it is here).
    records: Vec<usize>,
    /// How many records the field being read (of the innermost record
    /// being read) holds so far.
    field_records: usize,
    /// What is left to read.
    budget: Budget,
}

impl Reader {
    fn value(&mut self, obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, NotJson> {
        self.converted(obj, depth, 0)
    }

    /// Counts `bytes` of text; past the budget, the value is too large.
    fn spend(&mut self, bytes: usize) -> Result<(), NotJson> {
        if self.budget.spend(bytes) {
            Ok(())
        } else {
            Err(NotJson::too_large(self.budget.limit()))
        }
    }

    /// A string as JSON text: its bytes and two quotes (escapes not
    /// counted: a lower bound, as every count here).
    fn text(&mut self, s: &Bound<'_, PyString>) -> Result<String, NotJson> {
        // Its length in characters, which its bytes never are fewer of, is
        // known without encoding it: a huge one is refused uncopied.
        if s.len()
            .is_ok_and(|chars| chars.saturating_add(2) > self.budget.left)
        {
            return Err(NotJson::too_large(self.budget.limit()));
        }
        let text = string(s)?;
        self.spend(text.len().saturating_add(2))?;
        Ok(text)
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
            return Ok(Value::String(self.text(s)?));
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            return self.dict(dict, deeper(depth)?);
        }
        if obj.is_none() {
            self.spend(4)?;
            return Ok(Value::Null);
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            let b = b.is_true();
            self.spend(if b { 4 } else { 5 })?;
            return Ok(Value::Bool(b));
        }
        if obj.cast::<PyInt>().is_ok() {
            return self.int(obj);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            // A finite float's shortest text has a digit on each side of
            // its `.` or `e`.
            self.spend(3)?;
            return float(f.value());
        }
        if let Ok(list) = obj.cast::<PyList>() {
            let depth = deeper(depth)?;
            self.spend(2)?;
            let mut items = Vec::with_capacity(list.len().min(self.budget.left / 2));
            // PyO3's list iterator re-reads the length at every step: a
            // list that changes meanwhile cannot make it panic.
            for (index, item) in list.iter().enumerate() {
                if index > 0 {
                    self.spend(1)?;
                }
                items.push(self.value(&item, depth).map_err(|e| e.at_index(index))?);
            }
            return Ok(Value::Array(items));
        }
        // An exact tuple only: a tuple subclass may be a record (a
        // NamedTuple is an object), which `leadrules._coerce` decides.
        if let Ok(tuple) = obj.cast_exact::<PyTuple>() {
            let depth = deeper(depth)?;
            self.spend(2)?;
            let mut items = Vec::with_capacity(tuple.len().min(self.budget.left / 2));
            for (index, item) in tuple.iter().enumerate() {
                if index > 0 {
                    self.spend(1)?;
                }
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
            // Its tzinfo's `utcoffset` may be Python code, which may change
            // the dict being read: that dict is finished on a snapshot.
            self.slow += 1;
            let text = crate::datetimes::isoformat(obj)
                .map_err(|e| NotJson::raised("the datetime could not be converted", e))?;
            self.spend(text.len().saturating_add(2))?;
            return Ok(Value::String(text));
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
            self.spend(2)?;
            let mut map = Map::with_capacity(items.len().min(self.budget.left / 2));
            self.items(&mut map, &items, 0, depth)?;
            return Ok(Value::Object(map));
        }
        // Only records are on the path: this one is being read already.
        if self.records.contains(&address(obj)) {
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
        self.spend(2)?;
        // A snapshot, though nothing else refers to this new dict.
        let items = fields.items();
        let mut map = Map::with_capacity(items.len());
        // A fact's own fields (the record given as the actor, the lead, an
        // org): a value there that cannot be read is an error at its path,
        // as in a dict; only what lies beyond the fact is left out.
        let is_fact = self.records.is_empty();
        self.records.push(address(obj));
        // The count of the field this record is in, resumed after it.
        let holder = self.field_records;
        let mut interrupted = None;
        for item in items.iter() {
            let Ok((key, value)) = item.extract::<(Bound<'_, PyString>, Bound<'_, PyAny>)>() else {
                continue;
            };
            let Ok(key) = string(&key) else { continue };
            self.field_records = 0;
            // The key's text, a colon, and a comma after the first field.
            let separators = if map.is_empty() { 3 } else { 4 };
            if let Err(e) = self.spend(key.len().saturating_add(separators)) {
                interrupted = Some(e);
                break;
            }
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
        self.spend(2)?;
        let len = dict.len();
        let mut map = Map::with_capacity(len.min(self.budget.left));
        let slow = self.slow;
        for (read, entry) in entries(dict).enumerate() {
            let (key, value) = entry.map_err(|Changed| changed())?;
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
            return Err(changed());
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
        // The key's text, a colon, and a comma after the first entry.
        let separators = if map.is_empty() { 3 } else { 4 };
        self.spend(key.len().saturating_add(separators))?;
        match self.value(value, depth) {
            Ok(value) => match map.entry(key) {
                Entry::Vacant(entry) => {
                    entry.insert(value);
                    Ok(())
                }
                Entry::Occupied(entry) => Err(NotJson::new(REPEATED).at_key(entry.key().clone())),
            },
            Err(e) => Err(e.at_key(key)),
        }
    }

    /// An `int` as a JSON number: exact within i64/u64, else a float, which
    /// is what serde_json makes of the same digits in request text.
    fn int(&mut self, obj: &Bound<'_, PyAny>) -> Result<Value, NotJson> {
        if let Ok(i) = obj.extract::<i64>() {
            self.spend(digits(i.unsigned_abs()) + usize::from(i < 0))?;
            return Ok(Value::from(i));
        }
        // The failed reading raised (and dropped) an exception: allocating
        // it may have run a finalizer's Python code.
        self.slow += 1;
        if let Ok(u) = obj.extract::<u64>() {
            self.spend(digits(u))?;
            return Ok(Value::from(u));
        }
        // An int subclass's `__float__` is Python code.
        self.spend(3)?;
        obj.extract::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| NotJson::new("the int is too large for a JSON number"))
    }
}

/// The error for a dict that changed while it was being read.
fn changed() -> NotJson {
    NotJson::new("the dict changed while it was being read (by the code of one of its values)")
}

/// How many decimal digits `n` has.
fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

fn deeper(depth: usize) -> Result<usize, NotJson> {
    if depth >= MAX_DEPTH {
        Err(NotJson::new(format!("nested more than {MAX_DEPTH} levels deep")))
    } else {
        Ok(depth + 1)
    }
}

/// The address of a Python object, which `id()` gives as its identity
/// (unique among the objects alive together).
fn address(obj: &Bound<'_, PyAny>) -> usize {
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
