//! Python objects as core's request [`Input`]: the typed calls and
//! `decide(dict)` are read by core's one reader straight from the caller's
//! objects, with no protocol value built.
//!
//! Objects are read in place when the whole request is plain
//! ([`plain_value`]): exact `dict`s with exact `str` keys, exact `list`s and
//! `tuple`s, and exact `str`, `bool`, `int` (within i64), finite `float`,
//! `None` values, and `datetime`s naive or of a zone of C code (a
//! `datetime.timezone`, a `zoneinfo.ZoneInfo`): nothing whose reading could
//! run the caller's code. Any other object (a mapping,
//! a record, an `Enum`, ...) is converted first by `convert.rs`, whose
//! conversion decides what a host value means, and the converted value is
//! read by the same reader.
//!
//! The plain check visits every entry of the request's dicts and every
//! item of its arrays anyway: it records them, each dict key matched to the
//! protocol's key it is (by identity: a caller's keys are nearly always the
//! interned key objects themselves; by text, on first use, otherwise), and
//! the reader finds a key among a dict's recorded entries, or knows it
//! absent, without looking the dict up (only a dict of many entries is
//! looked up). So each value is found once, the value read is the one
//! checked, and the check is the only pass over the objects; a lead's
//! fields are read from their records as name/value pairs, not converted.
//!
//! Strings are borrowed, not copied: the limited API of CPython 3.10
//! lends a `str`'s UTF-8 form (cached in the object; an ASCII `str` is its
//! own), and a `str` no argument or recorded entry holds is kept alive in a
//! [`Keep`] for the read; org and role names are resolved through per-engine
//! caches keyed by the caller's own `str` objects (a name object met lately
//! is found by its address, without a dict lookup). An aware datetime is read by its fields
//! (`datetimes.rs`), never through its text.
//!
//! Another thread may change a dict while it is read (the GIL is not held
//! across a whole read by CPython's rules): the recorded entries hold
//! their keys and values, the plain check reads no more entries than a
//! dict had and checks its size again after any nested value, and a dict
//! is otherwise looked up by key, so that is no panic; a value that is no
//! longer plain reads as [`JsonType::Unreadable`], and the caller reports
//! what the conversion says of it (`request.rs`).

use std::cell::{Cell, OnceCell, RefCell};
use std::sync::atomic::{AtomicUsize, Ordering};

use leadrules::assignment::{FieldValue, Number as FieldNumber};
use leadrules::protocol::{Input, JsonType, Key, Names};
use leadrules::Timestamp;
use pyo3::exceptions::PyException;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};

use crate::convert::{to_value, Budget};
use crate::keep::Keep;

/// Name → index caches of one engine, filled on first sight of a name.
/// Only names the engine knows (and that are not blank) are cached, so
/// they stay as small as the directory and the role table.
pub(crate) struct Lookups {
    orgs: Py<PyDict>,
    roles: Py<PyDict>,
    /// The name objects met last, by address, in front of each table.
    memos: [Memo; 2],
}

/// Name objects met before and their indexes, a few, by address: a host
/// passes the same `str` objects again and again (an org name it keeps,
/// an interned literal), and finding one here costs a compare instead of
/// a dict lookup. Each slot's object is held in `held`, so its address
/// names it while it is there; a slot is overwritten by the next name of
/// its address's slot. Slots are read and written only by a read, which
/// holds the GIL: one at a time, so relaxed atomics suffice (they make the
/// memo `Sync`, as a frozen class's fields must be).
struct Memo {
    held: Py<PyList>,
    slots: [(AtomicUsize, AtomicUsize); MEMO_SLOTS],
}

/// The names a memo holds (at most).
const MEMO_SLOTS: usize = 32;

impl Memo {
    fn new(py: Python<'_>) -> Self {
        Memo {
            held: PyList::new(py, [(); MEMO_SLOTS].map(|()| py.None()))
                .map_or_else(|_| PyList::empty(py).unbind(), Bound::unbind),
            slots: std::array::from_fn(|_| (AtomicUsize::new(0), AtomicUsize::new(0))),
        }
    }

    /// The slot of `name`'s address (objects are 16-byte aligned).
    fn slot(name: &Bound<'_, PyString>) -> usize {
        (name.as_ptr() as usize >> 4) % MEMO_SLOTS
    }

    /// The index of `name` if this very object is here.
    fn find(&self, name: &Bound<'_, PyString>) -> Option<usize> {
        let (address, index) = self.slots.get(Memo::slot(name))?;
        (address.load(Ordering::Relaxed) == name.as_ptr() as usize).then(|| index.load(Ordering::Relaxed))
    }

    fn note(&self, name: &Bound<'_, PyString>, index: usize) {
        let slot = Memo::slot(name);
        let Some((address, noted)) = self.slots.get(slot) else {
            return;
        };
        // Held first: the object the slot names then lives while it does.
        if self.held.bind(name.py()).set_item(slot, name).is_ok() {
            noted.store(index, Ordering::Relaxed);
            address.store(name.as_ptr() as usize, Ordering::Relaxed);
        }
    }
}

impl Lookups {
    pub(crate) fn new(py: Python<'_>) -> Self {
        // The types the plain check compares against, imported now: a
        // first import runs Python code, which the plain check must not
        // (it iterates dicts as they are).
        let _ = DATETIME.import(py, "datetime", "datetime");
        let _ = TIMEZONE.import(py, "datetime", "timezone");
        let _ = ZONE_INFO.import(py, "zoneinfo", "ZoneInfo");
        Lookups {
            orgs: PyDict::new(py).unbind(),
            roles: PyDict::new(py).unbind(),
            memos: [Memo::new(py), Memo::new(py)],
        }
    }

    fn table<'py>(&self, py: Python<'py>, names: Names) -> &Bound<'py, PyDict> {
        match names {
            Names::Roles => self.roles.bind(py),
            _ => self.orgs.bind(py),
        }
    }

    fn memo(&self, names: Names) -> &Memo {
        match names {
            Names::Roles => &self.memos[1],
            _ => &self.memos[0],
        }
    }
}

/// What one read shares: the text it lent, the engine's caches, and an
/// exception that must propagate as it is (a `KeyboardInterrupt` from a
/// tzinfo).
pub(crate) struct Reading<'a, 'py> {
    py: Python<'py>,
    /// The `str`s read that no one else holds for the read's life (a
    /// value looked up in a dict): kept, they lend their text.
    held: Keep<Bound<'py, PyString>>,
    /// Text written here (a datetime's `isoformat()`); made on first use
    /// (boxed: the reading stays small to make).
    strings: OnceCell<Box<Keep<String>>>,
    /// The protocol's keys as `str` objects.
    keys: &'static [Py<PyString>],
    /// Made on first use: most reads have no form.
    forms: OnceCell<Box<Keep<Map<String, Value>>>>,
    /// Values read whole as JSON (a pool member's `accepts`); made on
    /// first use.
    values: OnceCell<Box<Keep<Value>>>,
    lookups: &'a Lookups,
    raised: RefCell<Option<PyErr>>,
    /// Whether `raised` holds an exception: read before every text.
    interrupted: Cell<bool>,
    /// The entries of the dicts and arrays the plain check met.
    entries: Entries<'py>,
    /// Where the entries of each argument of a typed call are (of the
    /// first [`ARGS`]; a later one's are looked up).
    arg_spans: [Span; ARGS],
    /// The size of the request's text, as the plain check found it.
    pub(crate) size: Size,
}

impl<'a, 'py> Reading<'a, 'py> {
    pub(crate) fn new(py: Python<'py>, lookups: &'a Lookups) -> Self {
        Reading {
            py,
            held: Keep::new(),
            strings: OnceCell::new(),
            keys: keys(py),
            forms: OnceCell::new(),
            values: OnceCell::new(),
            lookups,
            raised: RefCell::new(None),
            interrupted: Cell::new(false),
            entries: Entries::new(),
            arg_spans: [Span::default(); ARGS],
            size: Size::default(),
        }
    }

    /// Checks that the arguments of a typed call are all plain (see the
    /// module's doc), recording their entries.
    pub(crate) fn check_args(&mut self, args: &Args<'_, 'py>) -> bool {
        for (i, (_, value)) in args.iter().enumerate() {
            let start = self.entries.len();
            let mut keys = ALL_KEYS;
            if !plain_value(value, 0, &mut self.size, Some(&mut self.entries), &mut keys) {
                return false;
            }
            if let Some(span) = self.arg_spans.get_mut(i) {
                *span = Span {
                    start,
                    end: self.entries.len(),
                    known: true,
                    keys,
                };
            }
        }
        true
    }

    /// Checks that `value` is plain, recording its entries (a dict's);
    /// where they are.
    pub(crate) fn check_value(&mut self, value: &Bound<'py, PyAny>) -> Option<Span> {
        let mut keys = ALL_KEYS;
        if !plain_value(value, 0, &mut self.size, Some(&mut self.entries), &mut keys) {
            return None;
        }
        Some(Span {
            start: 0,
            end: self.entries.len(),
            known: true,
            keys,
        })
    }

    /// The exception a host's code raised that is no `Exception`, if any.
    pub(crate) fn raised(&self) -> Option<PyErr> {
        self.raised.borrow_mut().take()
    }

    /// The form fields read last (a transition's), once nothing borrows
    /// the reading.
    pub(crate) fn take_form(&mut self) -> Option<Map<String, Value>> {
        self.forms.get_mut().and_then(|forms| forms.take_last())
    }

    /// The text of `text`, lent for the read: CPython keeps a `str`'s
    /// UTF-8 form in the object (an ASCII `str` is its own), so the text is
    /// borrowed, and `text` is kept alive by the reading when no one else
    /// holds it for as long.
    fn text_of<'v>(&'v self, text: &Bound<'py, PyString>) -> Result<&'v str, String> {
        utf8(self.held.keep(text.clone()))
    }

    /// Keeps `error` to propagate if it is no `Exception`; its message.
    fn failed(&self, what: &str, error: PyErr) -> String {
        let message = format!("{what}: {error}");
        if !error.is_instance_of::<PyException>(self.py) {
            *self.raised.borrow_mut() = Some(error);
            self.interrupted.set(true);
        }
        message
    }
}

/// The UTF-8 text of `text`, borrowed from the object.
fn utf8<'v>(text: &'v Bound<'_, PyString>) -> Result<&'v str, String> {
    text.to_str()
        .map_err(|_| "the str is not valid Unicode (it contains a lone surrogate)".to_owned())
}

/// The object a typed call's arguments make: `(key, value)` in call order.
pub(crate) type Args<'a, 'py> = [(Key, &'a Bound<'py, PyAny>)];

/// One value of a request read in place.
pub(crate) struct PyInput<'v, 'py> {
    node: Node<'v, 'py>,
    /// The value's entries if it is a dict or an array the plain check met
    /// (or the arguments): read there, not in the dict.
    span: Span,
    reading: &'v Reading<'v, 'py>,
    lent: &'v Lent<'v>,
}

/// What a read lends that borrows the read's own text (a lead's fields
/// as name/value pairs): kept apart from the [`Reading`], which must be
/// taken back from (its form) once the read is over.
pub(crate) struct Lent<'v> {
    pairs: Keep<Vec<(&'v str, FieldValue<'v>)>>,
}

impl Lent<'_> {
    pub(crate) fn new() -> Self {
        Lent { pairs: Keep::new() }
    }
}

enum Node<'v, 'py> {
    /// A typed call's arguments, as the request object.
    Args(&'v Args<'v, 'py>),
    /// A plain Python value.
    Value(Bound<'py, PyAny>),
    /// A plain Python value the caller or the reading holds.
    Held(&'v Bound<'py, PyAny>),
}

impl<'v, 'py> PyInput<'v, 'py> {
    /// The request the plain check met (its root), read in `reading`.
    pub(crate) fn root(reading: &'v Reading<'v, 'py>, lent: &'v Lent<'v>, root: Root<'v, 'py>) -> Self {
        match root {
            Root::Args(args) => PyInput {
                node: Node::Args(args),
                span: Span::default(),
                reading,
                lent,
            },
            Root::Value(value, span) => PyInput {
                node: Node::Held(value),
                span,
                reading,
                lent,
            },
        }
    }

    fn wrap(&self, value: Bound<'py, PyAny>) -> Self {
        PyInput {
            node: Node::Value(value),
            span: Span::default(),
            reading: self.reading,
            lent: self.lent,
        }
    }

    /// The value of the recorded entry at `index`, with its own entries.
    fn held(&self, entry: &'v Entry<'py>, index: usize) -> Self {
        PyInput {
            node: Node::Held(&entry.value),
            span: Span {
                start: entry.start,
                end: index,
                known: true,
                keys: entry.keys,
            },
            reading: self.reading,
            lent: self.lent,
        }
    }

    /// This value's own recorded entries (a dict's items, an array's
    /// items), in order, with their indexes; `None` if it was not recorded.
    fn own(&self) -> Option<Vec<(usize, &'v Entry<'py>)>> {
        if !self.span.known {
            return None;
        }
        let entries = &self.reading.entries;
        let mut own = Vec::new();
        let mut end = self.span.end;
        while end > self.span.start {
            let entry = entries.get(end - 1)?;
            own.push((end - 1, entry));
            end = entry.start;
        }
        own.reverse();
        Some(own)
    }

    fn object(&self) -> Option<&Bound<'py, PyAny>> {
        match &self.node {
            Node::Value(value) => Some(value),
            Node::Held(value) => Some(value),
            Node::Args(_) => None,
        }
    }
}

/// The protocol's keys as Python `str` objects, made once: a lookup by
/// an interned key is a pointer compare.
static KEYS: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();

fn keys(py: Python<'_>) -> &'static [Py<PyString>] {
    KEYS.get_or_init(py, || {
        Key::ALL
            .iter()
            .map(|key| PyString::intern(py, key.as_str()).unbind())
            .collect()
    })
}

impl<'v, 'py> Input<'v> for PyInput<'v, 'py> {
    type Items = std::vec::IntoIter<Self>;

    fn json_type(&self) -> JsonType {
        let Some(value) = self.object() else {
            return JsonType::Object;
        };
        // The types met most first.
        if value.is_exact_instance_of::<PyString>() {
            JsonType::String
        } else if value.is_none() {
            JsonType::Null
        } else if value.is_exact_instance_of::<PyDict>() {
            JsonType::Object
        } else if is_datetime(value) {
            JsonType::String
        } else if value.is_exact_instance_of::<PyBool>() {
            JsonType::Bool
        } else if value.is_exact_instance_of::<PyInt>() || value.is_exact_instance_of::<PyFloat>() {
            JsonType::Number
        } else if value.is_exact_instance_of::<PyList>() || value.is_exact_instance_of::<PyTuple>() {
            JsonType::Array
        } else {
            JsonType::Unreadable
        }
    }

    fn get(&self, key: Key) -> Option<Self> {
        let reading = self.reading;
        if let Node::Args(args) = self.node {
            let index = args.iter().position(|(k, _)| *k == key)?;
            let (_, value) = args.get(index)?;
            return Some(PyInput {
                node: Node::Held(value),
                span: reading.arg_spans.get(index).copied().unwrap_or_default(),
                reading,
                lent: self.lent,
            });
        }
        // A recorded dict's keys were matched to the protocol's as the
        // plain check met them (by identity: a caller's keys are nearly
        // always the interned key objects themselves): the key is found
        // among its entries (its last entries first), or known to be
        // absent, unless they are too many to scan (a lookup's cost stays
        // constant).
        if self.span.known {
            let wanted = key.index();
            if wanted < 64 && self.span.keys & (1 << wanted) == 0 {
                return None;
            }
            let mut end = self.span.end;
            for _ in 0..SCANNED {
                if end <= self.span.start {
                    return None;
                }
                let entry = reading.entries.get(end - 1)?;
                if entry.key_index(reading.py) == Some(wanted) {
                    return Some(self.held(entry, end - 1));
                }
                end = entry.start;
            }
            if end <= self.span.start {
                return None;
            }
        }
        let key = reading.keys.get(key.index())?.bind(reading.py);
        let dict = exact::<PyDict>(self.object()?)?;
        dict.get_item(key).ok().flatten().map(|value| self.wrap(value))
    }

    fn text(&self) -> Result<Option<&'v str>, String> {
        let Some(value) = self.object() else {
            return Ok(None);
        };
        if self.reading.interrupted.get() {
            return Err("interrupted".to_owned());
        }
        // A value the caller's arguments or the recorded entries hold
        // lives as long as the read: its text is borrowed as it is.
        if let Node::Held(held) = self.node {
            if let Some(text) = exact::<PyString>(held) {
                return utf8(text).map(Some);
            }
        } else if let Some(text) = exact::<PyString>(value) {
            return self.reading.text_of(text).map(Some);
        }
        if !is_datetime(value) {
            return Ok(None);
        }
        let text = crate::datetimes::isoformat(value)
            .map_err(|e| self.reading.failed("the datetime could not be converted", e))?;
        Ok(Some(
            self.reading
                .strings
                .get_or_init(|| Box::new(Keep::new()))
                .keep(text),
        ))
    }

    fn boolean(&self) -> Option<bool> {
        let value = self.object()?;
        exact::<PyBool>(value).map(|b| b.is_true())
    }

    fn items(&self) -> Option<Self::Items> {
        let value = self.object()?;
        let array = value.is_exact_instance_of::<PyList>() || value.is_exact_instance_of::<PyTuple>();
        if let Some(own) = self.own().filter(|_| array) {
            return Some(
                own.into_iter()
                    .map(|(index, entry)| self.held(entry, index))
                    .collect::<Vec<_>>()
                    .into_iter(),
            );
        }
        let items: Vec<Self> = if let Some(list) = exact::<PyList>(value) {
            // PyO3's list iterator re-reads the length at every step.
            list.iter().map(|item| self.wrap(item)).collect()
        } else if let Some(tuple) = exact::<PyTuple>(value) {
            tuple.iter().map(|item| self.wrap(item)).collect()
        } else {
            return None;
        };
        Some(items.into_iter())
    }

    fn keys(&self) -> Option<Vec<String>> {
        // Only for an engine that checks unknown keys (never on an
        // ignoring engine's way). `dict.keys()` is read as a new list, so
        // a dict changed meanwhile is no panic; a key that is no `str`
        // cannot be the protocol's and is not a typo of one.
        if let Node::Args(args) = self.node {
            return Some(args.iter().map(|(key, _)| key.as_str().to_owned()).collect());
        }
        let value = self.object()?;
        let dict = value.cast_exact::<PyDict>().ok()?;
        Some(
            dict.keys()
                .iter()
                .filter_map(|key| {
                    key.cast_into::<PyString>()
                        .ok()?
                        .to_cow()
                        .ok()
                        .map(|text| text.into_owned())
                })
                .collect(),
        )
    }

    fn form(&self) -> Result<Option<&'v Map<String, Value>>, String> {
        let Some(value) = self.object() else {
            return Ok(None);
        };
        if !value.is_exact_instance_of::<PyDict>() {
            return Ok(None);
        }
        match to_value(value, &mut Budget::request()) {
            Ok(Value::Object(map)) => Ok(Some(
                self.reading.forms.get_or_init(|| Box::new(Keep::new())).keep(map),
            )),
            Ok(_) => Ok(None),
            Err(e) => Err(e.message().to_owned()),
        }
    }

    fn entries(&self) -> Option<Vec<(&'v str, Self)>> {
        // A plain dict's keys are exact `str`s, and reading them runs no
        // code of the caller's; a dict changed meanwhile (by another
        // thread, between two reads) is read as far as it was, and its
        // missing entries reported by the reader as such.
        let dict = exact::<PyDict>(self.object()?)?;
        if let Some(own) = self.own() {
            let mut entries = Vec::with_capacity(own.len());
            for (index, entry) in own {
                let key = entry.key.as_ref().and_then(exact::<PyString>)?;
                let name = self.reading.text_of(key).ok()?;
                entries.push((name, self.held(entry, index)));
            }
            return Some(entries);
        }
        let mut entries = Vec::with_capacity(dict.len());
        for entry in crate::dicts::entries(dict) {
            let Ok((key, value)) = entry else { break };
            let key = self.wrap(key);
            let Ok(Some(name)) = key.text() else {
                return None;
            };
            entries.push((name, self.wrap(value)));
        }
        Some(entries)
    }

    fn number(&self) -> Option<Number> {
        let value = self.object()?;
        if let Some(float) = exact::<PyFloat>(value) {
            return Number::from_f64(float.value());
        }
        if !value.is_exact_instance_of::<PyInt>() {
            return None;
        }
        match value.extract::<i64>() {
            Ok(int) => Some(Number::from(int)),
            Err(_) => value.extract::<u64>().ok().map(Number::from),
        }
    }

    fn json(&self) -> Result<Option<&'v Value>, String> {
        let Some(value) = self.object() else {
            return Ok(None);
        };
        match to_value(value, &mut Budget::request()) {
            Ok(json) => Ok(Some(
                self.reading
                    .values
                    .get_or_init(|| Box::new(Keep::new()))
                    .keep(json),
            )),
            Err(e) => Err(e.message().to_owned()),
        }
    }

    fn field_pairs(&self) -> Option<&'v [(&'v str, FieldValue<'v>)]> {
        // The values a JSON object's conversion gives the same field value
        // (a datetime's is its text, read through the conversion).
        exact::<PyDict>(self.object()?)?;
        let own = self.own()?;
        let mut pairs = Vec::with_capacity(own.len());
        for (_, entry) in own {
            // The recorded entries live as long as the read: their texts
            // are borrowed as they are.
            let name = utf8(entry.key.as_ref().and_then(exact::<PyString>)?).ok()?;
            let value = &entry.value;
            let field = if let Some(text) = exact::<PyString>(value) {
                FieldValue::Text(utf8(text).ok()?)
            } else if value.is_none() {
                continue;
            } else if let Some(flag) = exact::<PyBool>(value) {
                FieldValue::Bool(flag.is_true())
            } else if value.is_exact_instance_of::<PyInt>() {
                // Within i64 (the plain check saw to it), as JSON's number.
                FieldValue::Number(FieldNumber(value.extract::<i64>().ok()? as f64))
            } else if let Some(float) = exact::<PyFloat>(value) {
                FieldValue::Number(FieldNumber(float.value()))
            } else if value.is_exact_instance_of::<PyDict>()
                || value.is_exact_instance_of::<PyList>()
                || value.is_exact_instance_of::<PyTuple>()
            {
                FieldValue::Other
            } else {
                return None;
            };
            pairs.push((name, field));
        }
        Some(self.lent.pairs.keep(pairs))
    }

    fn timestamp(&self) -> Option<Timestamp> {
        let value = self.object()?;
        if !is_datetime(value) {
            return None;
        }
        match crate::datetimes::timestamp(value) {
            Ok(at) => at,
            Err(e) => {
                self.reading.failed("the datetime could not be converted", e);
                None
            }
        }
    }

    fn cached(&self, names: Names) -> Option<usize> {
        let name = self.object()?.cast_exact::<PyString>().ok()?;
        let lookups = self.reading.lookups;
        if let Some(index) = lookups.memo(names).find(name) {
            return Some(index);
        }
        let table = lookups.table(name.py(), names);
        let index = table.get_item(name).ok().flatten()?;
        let index = index.extract::<usize>().ok()?;
        lookups.memo(names).note(name, index);
        Some(index)
    }

    fn remember(&self, names: Names, index: usize) {
        if let Some(name) = self.object().and_then(exact::<PyString>) {
            let table = self.reading.lookups.table(name.py(), names);
            // A cache that cannot grow only costs the next read its text.
            let _ = table.set_item(name, index);
            self.reading.lookups.memo(names).note(name, index);
        }
    }
}

/// `value` as exactly a `T`, if it is one. PyO3's `cast_exact` builds an
/// error (holding the type object) for a value of another type: asked on
/// every value of a request, that is most of a failed check's cost.
#[inline]
fn exact<'a, 'py, T: pyo3::PyTypeInfo>(value: &'a Bound<'py, PyAny>) -> Option<&'a Bound<'py, T>> {
    if value.is_exact_instance_of::<T>() {
        value.cast_exact::<T>().ok()
    } else {
        None
    }
}

/// Whether `value` is exactly a `datetime.datetime` (whose fields and
/// `isoformat` run no caller code but its tzinfo's).
pub(crate) fn is_datetime(value: &Bound<'_, PyAny>) -> bool {
    let py = value.py();
    DATETIME
        .import(py, "datetime", "datetime")
        .is_ok_and(|class| value.get_type().is(class))
}

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `datetime.timezone` and `zoneinfo.ZoneInfo`, imported on first use.
static TIMEZONE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static ZONE_INFO: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Whether reading an exact datetime runs none of the caller's code: it is
/// naive, or its tzinfo is exactly a `datetime.timezone` or a
/// `zoneinfo.ZoneInfo` (both C code). A tzinfo of Python code could change
/// the dict being read; such a datetime is converted, which reports that.
fn runs_no_code(datetime: &Bound<'_, PyAny>) -> bool {
    let py = datetime.py();
    let Ok(tzinfo) = datetime.getattr(intern!(py, "tzinfo")) else {
        return false;
    };
    if tzinfo.is_none() {
        return true;
    }
    let class = tzinfo.get_type();
    TIMEZONE
        .import(py, "datetime", "timezone")
        .is_ok_and(|timezone| class.is(timezone))
        || ZONE_INFO
            .import(py, "zoneinfo", "ZoneInfo")
            .is_ok_and(|zone_info| class.is(zone_info))
}

/// The bytes a request's JSON text would take: at least `least` (the size
/// the caller decides by), at most `most` (what must fit the budget for the
/// objects to be read in place).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Size {
    pub(crate) least: usize,
    most: usize,
}

impl Size {
    fn add(&mut self, least: usize, most: usize) {
        self.least = self.least.saturating_add(least);
        self.most = self.most.saturating_add(most);
    }

    /// Whether the text would certainly fit `budget`.
    pub(crate) fn fits(&self, budget: &Budget) -> bool {
        self.most <= budget.limit()
    }
}

/// The longest `isoformat()` of a datetime
/// (`YYYY-MM-DDTHH:MM:SS.ffffff+HH:MM:SS.ffffff`), quoted.
const DATETIME_MOST: usize = 44;

/// The arguments of a typed call whose entries are found by key object.
const ARGS: usize = 8;

/// The most entries of a dict [`PyInput::get`] scans for a key; in a
/// dict with more, a key not among them is looked up.
const SCANNED: usize = 16;

/// Where the entries of one dict (or of the arguments) are in a reading's
/// entries: its own entries are the last of the span, each one after the
/// entries of its value (a nested dict's).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Span {
    start: usize,
    end: usize,
    /// Whether the value's entries were recorded (else it is read from the
    /// object itself).
    known: bool,
    /// Of a recorded dict: bit `i` set for each protocol key of index `i`
    /// it holds (every bit when a key's match is not known yet), so that
    /// a key it does not hold is known absent at once.
    keys: u64,
}

/// Every bit of [`Span::keys`]: a dict whose keys are not all known.
const ALL_KEYS: u64 = u64::MAX;

/// One key and value of a dict the plain check met, or one item of an
/// array (no key).
pub(crate) struct Entry<'py> {
    key: Option<Bound<'py, PyAny>>,
    /// The protocol key the key is ([`NO_KEY`] for none), found by
    /// identity as the entry was recorded, else ([`UNMATCHED`]) by text
    /// on first use.
    index: Cell<u16>,
    value: Bound<'py, PyAny>,
    /// Where the entries of the value begin (it is a dict or an array), or
    /// this entry's own index.
    start: usize,
    /// The value's [`Span::keys`], if it is a dict.
    keys: u64,
}

/// An entry whose key is none of the protocol's (or an array's item).
const NO_KEY: u16 = u16::MAX;
/// An entry whose key was not found by identity: matched by text if asked.
const UNMATCHED: u16 = u16::MAX - 1;

impl<'py> Entry<'py> {
    fn new(key: Option<Bound<'py, PyAny>>, value: Bound<'py, PyAny>, start: usize, keys: u64) -> Self {
        let index = match &key {
            None => NO_KEY,
            Some(key) => key_tables(key.py()).by_address(key).unwrap_or(UNMATCHED),
        };
        Entry {
            key,
            index: Cell::new(index),
            value,
            start,
            keys,
        }
    }

    /// This entry's key as a bit of its dict's [`Span::keys`].
    fn bit(&self) -> u64 {
        match self.index.get() {
            NO_KEY => 0,
            index if index < 64 => 1 << index,
            _ => ALL_KEYS,
        }
    }

    /// The index of the protocol key this entry's key is, if any.
    fn key_index(&self, py: Python<'_>) -> Option<usize> {
        let mut index = self.index.get();
        if index == UNMATCHED {
            index = self
                .key
                .as_ref()
                .and_then(|key| key_tables(py).by_text(key))
                .unwrap_or(NO_KEY);
            self.index.set(index);
        }
        (index != NO_KEY).then_some(usize::from(index))
    }
}

/// The protocol's key objects by address, and by text for a key that is
/// an equal `str` but another object.
struct KeyTables {
    /// Open addressing on the address; `(0, _)` is empty.
    addresses: [(usize, u16); KEY_SLOTS],
    /// Key text → index; its keys are exact `str`s, so a lookup with an
    /// exact `str` runs no caller code.
    texts: Py<PyDict>,
}

/// The slots of the address table (a power of two, over twice the keys).
const KEY_SLOTS: usize = 256;

static KEY_TABLES: PyOnceLock<KeyTables> = PyOnceLock::new();

fn key_tables(py: Python<'_>) -> &'static KeyTables {
    KEY_TABLES.get_or_init(py, || {
        let mut addresses = [(0usize, 0u16); KEY_SLOTS];
        let texts = PyDict::new(py);
        for (index, key) in keys(py).iter().enumerate() {
            let Ok(index) = u16::try_from(index) else { break };
            let address = key.as_ptr() as usize;
            let mut slot = (address >> 4) % KEY_SLOTS;
            for _ in 0..KEY_SLOTS {
                match addresses.get_mut(slot) {
                    Some(free) if free.0 == 0 => {
                        *free = (address, index);
                        break;
                    }
                    _ => slot = (slot + 1) % KEY_SLOTS,
                }
            }
            let _ = texts.set_item(key.bind(py), index);
        }
        KeyTables {
            addresses,
            texts: texts.unbind(),
        }
    })
}

impl KeyTables {
    fn by_address(&self, key: &Bound<'_, PyAny>) -> Option<u16> {
        let address = key.as_ptr() as usize;
        let mut slot = (address >> 4) % KEY_SLOTS;
        for _ in 0..KEY_SLOTS {
            let (held, index) = *self.addresses.get(slot)?;
            if held == address {
                return Some(index);
            }
            if held == 0 {
                return None;
            }
            slot = (slot + 1) % KEY_SLOTS;
        }
        None
    }

    fn by_text(&self, key: &Bound<'_, PyAny>) -> Option<u16> {
        exact::<PyString>(key)?;
        let index = self.texts.bind(key.py()).get_item(key).ok().flatten()?;
        index.extract::<u16>().ok()
    }
}

/// The entries of the dicts the plain check met, in order: the first
/// [`INLINE_ENTRIES`] held in place (a typed call's few dicts need no
/// allocation), the rest in a vector.
pub(crate) struct Entries<'py> {
    head: [Option<Entry<'py>>; INLINE_ENTRIES],
    rest: Vec<Entry<'py>>,
    len: usize,
}

/// The entries held without an allocation.
const INLINE_ENTRIES: usize = 16;

impl<'py> Entries<'py> {
    fn new() -> Self {
        Entries {
            head: std::array::from_fn(|_| None),
            rest: Vec::new(),
            len: 0,
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    fn push(&mut self, entry: Entry<'py>) {
        match self.head.get_mut(self.len) {
            Some(slot) => *slot = Some(entry),
            None => self.rest.push(entry),
        }
        self.len += 1;
    }

    fn get(&self, index: usize) -> Option<&Entry<'py>> {
        match self.head.get(index) {
            Some(slot) => slot.as_ref(),
            None => self.rest.get(index - INLINE_ENTRIES),
        }
    }
}

/// Where a plain request's reading starts.
pub(crate) enum Root<'v, 'py> {
    /// A typed call's arguments.
    Args(&'v Args<'v, 'py>),
    /// One value (`decide`'s request) and its entries if it is a dict.
    Value(&'v Bound<'py, PyAny>, Span),
}

/// Whether `value` is plain (see the module's doc), counting its text
/// into `size` and recording the entries of its dicts outside arrays in
/// `record`; checks types only, runs no caller code.
fn plain_value<'py>(
    value: &Bound<'py, PyAny>,
    depth: usize,
    size: &mut Size,
    mut record: Option<&mut Entries<'py>>,
    keys: &mut u64,
) -> bool {
    if let Some(text) = exact::<PyString>(value) {
        let Ok(chars) = text.len() else { return false };
        // A character is one to four bytes of UTF-8; two quotes.
        size.add(chars.saturating_add(2), chars.saturating_mul(4).saturating_add(2));
        return true;
    }
    if let Some(dict) = exact::<PyDict>(value) {
        if depth >= leadrules::MAX_NESTING {
            return false;
        }
        size.add(2, 2);
        // No code of the caller's runs while a dict's entries are checked
        // (types, lengths, and C getters of a datetime), so the dict cannot
        // change meanwhile; its size is checked again only after a nested
        // value, and no more entries than it had are read: PyO3's iterator,
        // which panics on a change, never meets one.
        let mut items = dict.iter();
        let len = items.len();
        let mut held = 0;
        for _ in 0..len {
            let Some((key, value)) = items.next() else {
                return false;
            };
            if !key.is_exact_instance_of::<PyString>() {
                return false;
            }
            let Ok(chars) = key.len() else { return false };
            size.add(chars.saturating_add(3), chars.saturating_mul(4).saturating_add(4));
            let start = record.as_ref().map_or(0, |record| record.len());
            let mut inner = ALL_KEYS;
            // Most values are text: checked here, without a call.
            if let Ok(text) = value.cast_exact::<PyString>() {
                let Ok(chars) = text.len() else { return false };
                size.add(chars.saturating_add(2), chars.saturating_mul(4).saturating_add(2));
            } else if !plain_value(&value, depth + 1, size, record.as_deref_mut(), &mut inner)
                || dict.len() != len
            {
                return false;
            }
            if let Some(record) = record.as_deref_mut() {
                let entry = Entry::new(Some(key), value, start, inner);
                held |= entry.bit();
                record.push(entry);
            }
        }
        *keys = if record.is_some() { held } else { ALL_KEYS };
        return true;
    }
    if value.is_none() || value.is_exact_instance_of::<PyBool>() {
        size.add(4, 5);
        return true;
    }
    if value.is_exact_instance_of::<PyInt>() {
        size.add(1, 20);
        return value.extract::<i64>().is_ok();
    }
    if let Some(float) = exact::<PyFloat>(value) {
        size.add(3, 24);
        return float.value().is_finite();
    }
    if is_datetime(value) {
        size.add(21, DATETIME_MOST);
        return crate::datetimes::known(value) || runs_no_code(value);
    }
    if depth >= leadrules::MAX_NESTING {
        return false;
    }
    // An array's items are recorded as entries without keys (a pool's
    // members, a batch's leads are then read from their records).
    let list = exact::<PyList>(value);
    let tuple = exact::<PyTuple>(value);
    if list.is_none() && tuple.is_none() {
        return false;
    }
    size.add(2, 2);
    let mut item = |item: Bound<'py, PyAny>| {
        size.add(1, 1);
        let start = record.as_ref().map_or(0, |record| record.len());
        let mut inner = ALL_KEYS;
        if !plain_value(&item, depth + 1, size, record.as_deref_mut(), &mut inner) {
            return false;
        }
        if let Some(record) = record.as_deref_mut() {
            record.push(Entry::new(None, item, start, inner));
        }
        true
    };
    match (list, tuple) {
        (Some(list), _) => list.iter().all(&mut item),
        (_, Some(tuple)) => tuple.iter().all(&mut item),
        _ => false,
    }
}
