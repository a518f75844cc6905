//! The answers of assignment: `Assignment` (who gets one lead, and why the
//! others did not) and `Assignments` (a batch: one assignment per lead, and
//! the cursors after it).
//!
//! An assignment holds core's answer owned: its `allowed`, `rule`, `pool`
//! and `assignee` copied out, so that the questions a host's loop asks
//! (`bool()`, `.assignee`) read no text, and the rest (the denial, the
//! skipped members, the effects) as data, from which core renders the
//! response's compact JSON text when it is first needed (an answer core
//! gives in a form this file does not hold is rendered at once). Nothing
//! becomes a Python object until read (reasons, effects, skipped members:
//! parsed from the text on each read, fresh), so a batch of ten thousand
//! leads builds no Python object and writes no text per lead until the
//! host looks at one. Both answers pickle as their response text, whose
//! shape is checked again on loading.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use leadrules::assignment::{SkipReasons, Skipped};
use leadrules::protocol::Response;
use leadrules::{
    shorten_message, Channel, DenialCode, Detail, Effect, Engine, Reason, Reasons, RequestWarning,
    WarningCode,
};
use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PySlice, PyString, PyType};
use serde_json::{Map, Value};

use crate::convert::to_python;
use crate::decision::new_record;

/// The engine that answered, shared by the answers of one call: it renders
/// their text when asked.
pub(crate) type Answerer = Arc<Py<crate::engine::Engine>>;

/// One lead's answer, owned.
struct Held {
    allowed: bool,
    /// Shared in a batch, which names a few rules, pools and members lead
    /// after lead, each copied once ([`Names`]).
    rule: Option<Arc<str>>,
    pool: Option<Arc<str>>,
    assignee: Option<Arc<str>>,
    /// The denial's code (an assignment is denied for one reason).
    denial: Option<DenialCode>,
    /// How many members were passed over.
    skipped: usize,
    /// The response object, as compact JSON text: written from `parts`
    /// when first asked for (or read from a pickle).
    text: OnceLock<Box<str>>,
    /// What the text is written from until it is.
    parts: Option<(Answerer, Parts)>,
}

/// The parts of an answer beyond those [`Held`] copies out, owned: their
/// texts one after another in `texts`, each part naming its own by
/// [`Span`].
#[derive(Default)]
struct Parts {
    texts: String,
    /// The denial's pool (`no_eligible_member`).
    denial_pool: Option<Span>,
    skipped: Vec<(Span, Span, SkipReasons)>,
    effects: Vec<HeldEffect>,
}

/// The bytes [`Parts::texts`] starts with room for.
const TEXTS: usize = 64;

/// Where a text is in [`Parts::texts`].
#[derive(Clone, Copy)]
struct Span(usize, usize);

/// An effect of an assignment, owned.
enum HeldEffect {
    SetOwner {
        lead: Option<Span>,
        owner: Option<Span>,
    },
    AdvanceCursor {
        pool: Span,
        cursor: Span,
    },
    NotifyUser {
        channel: Channel,
        user: Span,
        lead: Span,
    },
}

impl Parts {
    fn put(&mut self, text: &str) -> Span {
        let start = self.texts.len();
        self.texts.push_str(text);
        Span(start, self.texts.len())
    }

    fn at(&self, span: Span) -> &str {
        self.texts.get(span.0..span.1).unwrap_or_default()
    }

    /// `assignment`'s parts, if each is of a form held here.
    fn of(assignment: &leadrules::assignment::Assignment<'_>) -> Option<Parts> {
        // Room for the usual texts (ids and names), written at once.
        let mut parts = Parts {
            texts: String::with_capacity(TEXTS),
            ..Parts::default()
        };
        let mut reasons = assignment.reasons.iter();
        if let Some(reason) = reasons.next() {
            parts.denial_pool = match reason.detail {
                Detail::None => None,
                Detail::Pool(pool) => Some(parts.put(pool)),
                _ => return None,
            };
        }
        if reasons.next().is_some() {
            return None;
        }
        parts.skipped.reserve_exact(assignment.skipped.len());
        for skipped in &assignment.skipped {
            let member = parts.put(skipped.member);
            let pool = parts.put(skipped.pool);
            parts.skipped.push((member, pool, skipped.reasons));
        }
        parts.effects.reserve_exact(assignment.effects.len());
        for effect in &assignment.effects {
            let held = match *effect {
                Effect::SetOwner { lead, owner } => HeldEffect::SetOwner {
                    lead: lead.map(|lead| parts.put(lead)),
                    owner: owner.map(|owner| parts.put(owner)),
                },
                Effect::AdvanceCursor { pool, cursor } => HeldEffect::AdvanceCursor {
                    pool: parts.put(pool),
                    cursor: parts.put(cursor),
                },
                Effect::NotifyUser { channel, user, lead } => HeldEffect::NotifyUser {
                    channel,
                    user: parts.put(user),
                    lead: parts.put(lead),
                },
                _ => return None,
            };
            parts.effects.push(held);
        }
        Some(parts)
    }

    /// Core's answer again, borrowing these parts and `held`'s texts.
    fn answer<'a>(&'a self, held: &'a Held) -> leadrules::assignment::Assignment<'a> {
        let mut answer = leadrules::assignment::Assignment {
            rule: held.rule.as_deref(),
            pool: held.pool.as_deref(),
            assignee: held.assignee.as_deref(),
            ..Default::default()
        };
        if let Some(code) = held.denial {
            answer.reasons = Reasons::one(match self.denial_pool {
                Some(pool) => Reason::about_pool(code, self.at(pool)),
                None => Reason::new(code),
            });
        }
        answer.skipped = self
            .skipped
            .iter()
            .map(|&(member, pool, reasons)| Skipped {
                member: self.at(member),
                pool: self.at(pool),
                reasons,
            })
            .collect();
        answer.effects = self.effects.iter().map(|effect| self.effect(effect)).collect();
        answer
    }

    /// Core's effect again.
    fn effect(&self, effect: &HeldEffect) -> Effect<'_> {
        match *effect {
            HeldEffect::SetOwner { lead, owner } => Effect::SetOwner {
                lead: lead.map(|lead| self.at(lead)),
                owner: owner.map(|owner| self.at(owner)),
            },
            HeldEffect::AdvanceCursor { pool, cursor } => Effect::AdvanceCursor {
                pool: self.at(pool),
                cursor: self.at(cursor),
            },
            HeldEffect::NotifyUser { channel, user, lead } => Effect::NotifyUser {
                channel,
                user: self.at(user),
                lead: self.at(lead),
            },
        }
    }

    /// Whether these parts and `held` give `core` back exactly (what
    /// [`Parts::answer`] builds, compared part by part without building it).
    fn give(&self, held: &Held, core: &leadrules::assignment::Assignment<'_>) -> bool {
        let reason = held.denial.map(|code| match self.denial_pool {
            Some(pool) => Reason::about_pool(code, self.at(pool)),
            None => Reason::new(code),
        });
        let mut reasons = core.reasons.iter();
        let same_reasons = match (reason, reasons.next()) {
            (None, None) => true,
            (Some(held), Some(core)) => held == *core,
            _ => false,
        };
        same_reasons
            && reasons.next().is_none()
            && held.rule.as_deref() == core.rule
            && held.pool.as_deref() == core.pool
            && held.assignee.as_deref() == core.assignee
            && self.skipped.len() == core.skipped.len()
            && self
                .skipped
                .iter()
                .zip(&core.skipped)
                .all(|(&(member, pool, reasons), core)| {
                    Skipped {
                        member: self.at(member),
                        pool: self.at(pool),
                        reasons,
                    } == *core
                })
            && self.effects.len() == core.effects.len()
            && self
                .effects
                .iter()
                .zip(&core.effects)
                .all(|(effect, core)| self.effect(effect) == *core)
    }
}

impl PartialEq for Held {
    /// Equal when their responses are.
    fn eq(&self, other: &Held) -> bool {
        self.text() == other.text()
    }
}

impl Held {
    /// The response object, as compact JSON text (written on first use).
    fn text(&self) -> &str {
        self.text.get_or_init(|| match &self.parts {
            Some((engine, parts)) => engine
                .get()
                .core()
                .render_json(&Response::Assignment(parts.answer(self)))
                .into_boxed_str(),
            None => Box::from(""),
        })
    }

    /// Copies core's answer for one lead (with the request's warnings, for
    /// a lead asked alone by an engine that warns on unknown keys).
    ///
    /// Without warnings the answer is held as parts and its text written
    /// when first asked for, by the same renderer; the parts are checked
    /// to give core's answer back exactly, and an answer they would not is
    /// rendered at once.
    fn of(
        engine: &Engine,
        answerer: &Answerer,
        assignment: &leadrules::assignment::Assignment<'_>,
        warnings: &[RequestWarning],
        mut names: Option<&mut Names>,
    ) -> Self {
        let mut copy = |text: Option<&str>| match names.as_deref_mut() {
            Some(names) => names.copy(text),
            None => text.map(Arc::from),
        };
        let mut held = Held {
            allowed: assignment.allowed(),
            rule: copy(assignment.rule),
            pool: copy(assignment.pool),
            assignee: copy(assignment.assignee),
            denial: assignment.reasons.iter().next().map(|reason| reason.code),
            skipped: assignment.skipped.len(),
            text: OnceLock::new(),
            parts: None,
        };
        let parts =
            Parts::of(assignment).filter(|parts| warnings.is_empty() && parts.give(&held, assignment));
        match parts {
            Some(parts) => held.parts = Some((Arc::clone(answerer), parts)),
            None => {
                let text = engine.render_json_warned(&Response::Assignment(assignment.clone()), warnings);
                held.text = OnceLock::from(text.into_boxed_str());
            }
        }
        held
    }

    /// Reads a response object back (unpickling), checking its shape: the
    /// keys and types of an assignment's answer (and its warnings, if
    /// any), reasons of known codes, an assignee exactly when allowed.
    fn read(value: &Value) -> Result<Self, String> {
        let map = value.as_object().ok_or("not an object")?;
        const KEYS: [&str; 7] = [
            "allowed", "reasons", "effects", "rule", "pool", "assignee", "skipped",
        ];
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
        let text = |key: &str| -> Result<Option<Arc<str>>, String> {
            match map.get(key) {
                Some(Value::Null) => Ok(None),
                Some(Value::String(text)) => Ok(Some(text.as_str().into())),
                _ => Err(format!("`{key}` is neither text nor null")),
            }
        };
        let reasons = objects(map, "reasons")?;
        let codes = reasons
            .iter()
            .map(|reason| code_of(reason))
            .collect::<Result<Vec<_>, _>>()?;
        for effect in objects(map, "effects")? {
            if !effect.get("kind").is_some_and(Value::is_string) {
                return Err("an effect has no `kind`".to_owned());
            }
        }
        let skipped = objects(map, "skipped")?;
        for skip in &skipped {
            let named = |key| skip.get(key).is_some_and(Value::is_string);
            if !named("member") || !named("pool") {
                return Err("a skipped member has no `member` or `pool`".to_owned());
            }
            for reason in objects(skip, "reasons")? {
                code_of(reason)?;
            }
        }
        let held = Held {
            allowed,
            rule: text("rule")?,
            pool: text("pool")?,
            assignee: text("assignee")?,
            denial: codes.first().copied(),
            skipped: skipped.len(),
            text: OnceLock::from(value.to_string().into_boxed_str()),
            parts: None,
        };
        if held.allowed != codes.is_empty() || held.allowed != held.assignee.is_some() {
            return Err("`allowed` disagrees with `reasons` or `assignee`".to_owned());
        }
        Ok(held)
    }

    /// The response, parsed from its own text (which core wrote).
    fn value(&self) -> Value {
        serde_json::from_str(self.text()).unwrap_or(Value::Null)
    }
}

/// The rule, pool and member names of the answers of one call, copied once
/// each: core's answers borrow them from the engine and the request, the
/// same text (by address) lead after lead of a batch.
struct Names {
    /// The names copied lately, by the address and length of core's text.
    slots: [Option<(usize, usize, Arc<str>)>; NAME_SLOTS],
}

/// The slots of [`Names`] (a batch's pool members beyond them are copied
/// again when their slot was taken meanwhile: only a cost).
const NAME_SLOTS: usize = 64;

impl Default for Names {
    fn default() -> Self {
        Names {
            slots: std::array::from_fn(|_| None),
        }
    }
}

impl Names {
    /// `text` shared, copied unless the same text (by address) was lately.
    fn copy(&mut self, text: Option<&str>) -> Option<Arc<str>> {
        let text = text?;
        let key = (text.as_ptr() as usize, text.len());
        let slot = self.slots.get_mut((key.0 >> 3) % NAME_SLOTS)?;
        match slot {
            Some((address, len, held)) if (*address, *len) == key => Some(Arc::clone(held)),
            _ => {
                let held: Arc<str> = Arc::from(text);
                *slot = Some((key.0, key.1, Arc::clone(&held)));
                Some(held)
            }
        }
    }
}

/// The objects of the array under `key` of `map`.
pub(crate) fn objects<'a>(
    map: &'a Map<String, Value>,
    key: &str,
) -> Result<Vec<&'a Map<String, Value>>, String> {
    map.get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("`{key}` is not an array"))?
        .iter()
        .map(|item| {
            item.as_object()
                .ok_or_else(|| format!("an item of `{key}` is not an object"))
        })
        .collect()
}

/// The warnings of a response object, checked: `{"code", "path", "message"}`
/// each, of known codes.
pub(crate) fn warnings_of(map: &Map<String, Value>) -> Result<Vec<RequestWarning>, String> {
    objects(map, "warnings")?
        .into_iter()
        .map(|warning| {
            let text = |key: &str| warning.get(key).and_then(Value::as_str).map(str::to_owned);
            let code = text("code").and_then(|code| WarningCode::from_name(&code));
            match (code, text("path"), text("message")) {
                (Some(code), Some(path), Some(message)) => Ok(RequestWarning { code, path, message }),
                _ => Err("a warning is not {\"code\", \"path\", \"message\"}".to_owned()),
            }
        })
        .collect()
}

/// The code of a reason object, which must be a known denial code.
pub(crate) fn code_of(reason: &Map<String, Value>) -> Result<DenialCode, String> {
    reason
        .get("code")
        .and_then(Value::as_str)
        .and_then(DenialCode::from_name)
        .ok_or_else(|| "a reason has no known `code`".to_owned())
}

/// Who gets a lead (`Engine.assign`), and why the others did not.
///
/// Truthy when a member was picked. `assignee`, `rule` and `pool` name
/// the pick (on a denial `rule` is the last rule tried, if any, and the
/// others `None`); `skipped` lists the members passed over, each a
/// `Skipped` record with its reasons in check order; `reasons` is the
/// denial (`no_rule_matched`, or `no_eligible_member` with its `pool`);
/// `effects` the plan (`set_owner`, `advance_cursor`, `notify`).
#[pyclass(frozen, freelist = 64, module = "leadrules")]
pub struct Assignment {
    held: Arc<Held>,
}

impl Assignment {
    /// The assignment answering `response` (its `to_dict()` with the
    /// request's `warnings`, if any); `None` for another answer.
    pub(crate) fn of(
        engine: &Engine,
        answerer: &Answerer,
        response: &Response<'_>,
        warnings: &[RequestWarning],
    ) -> Option<Self> {
        match response {
            Response::Assignment(assignment) => Some(Assignment {
                held: Arc::new(Held::of(engine, answerer, assignment, warnings, None)),
            }),
            _ => None,
        }
    }
}

#[pymethods]
impl Assignment {
    /// Whether a member was picked.
    #[getter]
    fn allowed(&self) -> bool {
        self.held.allowed
    }

    /// The member picked (its id), or `None`.
    #[getter]
    fn assignee(&self) -> Option<&str> {
        self.held.assignee.as_deref()
    }

    /// The rule that assigned; on a denial the last rule tried, or `None`
    /// when no rule matched.
    #[getter]
    fn rule(&self) -> Option<&str> {
        self.held.rule.as_deref()
    }

    /// The pool the assignee was picked from, or `None`.
    #[getter]
    fn pool(&self) -> Option<&str> {
        self.held.pool.as_deref()
    }

    /// The members passed over, as `Skipped` records (read-only dicts
    /// `{"member", "pool", "reasons"}`), in the documented order.
    #[getter]
    fn skipped<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        part(py, &self.held.value(), "skipped", Record::Skipped)
    }

    /// The denial as `Reason` records (`no_rule_matched`, or
    /// `no_eligible_member` with its `pool`); empty when assigned.
    #[getter]
    fn reasons<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        part(py, &self.held.value(), "reasons", Record::Reason)
    }

    /// The reason codes alone, as `DenialCode` members.
    #[getter]
    fn codes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let codes: Vec<DenialCode> = self.held.denial.into_iter().collect();
        crate::codes::denial_members(py, &codes)
    }

    /// What the host applies when assigned, as `Effect` records: the new
    /// owner, the pool's new cursor, the notice; empty on a denial.
    #[getter]
    fn effects<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        part(py, &self.held.value(), "effects", Record::Effect)
    }

    /// The protocol response: what `Engine.decide` answers to the same
    /// `assign` request, as plain, fresh dicts and lists.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.held.value())
    }

    fn __bool__(&self) -> bool {
        self.held.allowed
    }

    /// Assignments are equal when their responses are.
    fn __eq__(&self, other: &Self) -> bool {
        self.held == other.held
    }

    /// The hash of the response: the same in every process.
    fn __hash__(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.held.text().hash(&mut hasher);
        hasher.finish()
    }

    /// Pickles as the response text.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (&str,))> {
        let rebuild = py
            .get_type::<Assignment>()
            .getattr(pyo3::intern!(py, "_from_response"))?;
        Ok((rebuild, (self.held.text(),)))
    }

    /// The assignment a response text describes (how one unpickles);
    /// `ValueError` for text that is not an assignment's answer.
    #[classmethod]
    #[pyo3(name = "_from_response")]
    fn from_response(_class: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        let held = serde_json::from_str::<Value>(text)
            .map_err(|e| e.to_string())
            .and_then(|value| Held::read(&value))
            .map_err(|problem| {
                PyValueError::new_err(shorten_message(format!(
                    "not the response text of an assignment: {problem}"
                )))
            })?;
        Ok(Assignment { held: Arc::new(held) })
    }

    fn __repr__(&self) -> String {
        repr(&self.held)
    }
}

/// `<Assignment assignee='u3' rule='web' pool='inside' skipped=1>` or
/// `<Assignment denied reasons=['no_eligible_member'] rule='web' skipped=2>`.
fn repr(held: &Held) -> String {
    let quoted = |text: &Option<Arc<str>>| {
        text.as_deref()
            .map_or_else(|| "None".to_owned(), |t| format!("'{t}'"))
    };
    if held.allowed {
        format!(
            "<Assignment assignee={} rule={} pool={} skipped={}>",
            quoted(&held.assignee),
            quoted(&held.rule),
            quoted(&held.pool),
            held.skipped
        )
    } else {
        let code = held.denial.map_or("", DenialCode::as_str);
        format!(
            "<Assignment denied reasons=['{code}'] rule={} skipped={}>",
            quoted(&held.rule),
            held.skipped
        )
    }
}

/// The record classes of the parts of an answer.
#[derive(Clone, Copy)]
enum Record {
    Reason,
    Effect,
    Skipped,
}

static REASON: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static EFFECT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static SKIPPED: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

impl Record {
    fn class<'py>(self, py: Python<'py>) -> PyResult<&'py Bound<'py, PyAny>> {
        match self {
            Record::Reason => REASON.import(py, "leadrules._answers", "Reason"),
            Record::Effect => EFFECT.import(py, "leadrules._answers", "Effect"),
            Record::Skipped => SKIPPED.import(py, "leadrules._answers", "Skipped"),
        }
    }

    /// `object` as a record of this class (a skipped member's reasons as
    /// `Reason` records).
    fn make<'py>(self, py: Python<'py>, object: &Map<String, Value>) -> PyResult<Bound<'py, PyDict>> {
        let record = new_record(py, self.class(py)?)?;
        for (key, value) in object {
            let value = match (self, value) {
                (Record::Skipped, Value::Array(reasons)) if key == "reasons" => {
                    records(py, reasons, Record::Reason)?.into_any()
                }
                _ => to_python(py, value)?,
            };
            record.set_item(PyString::intern(py, key), value)?;
        }
        Ok(record)
    }
}

/// The array under `key` of a response, each item a record of `kind`.
fn part<'py>(py: Python<'py>, response: &Value, key: &str, kind: Record) -> PyResult<Bound<'py, PyList>> {
    let items = response.get(key).and_then(Value::as_array);
    records(py, items.map_or(&[][..], Vec::as_slice), kind)
}

fn records<'py>(py: Python<'py>, items: &[Value], kind: Record) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for item in items {
        if let Value::Object(object) = item {
            list.append(kind.make(py, object)?)?;
        }
    }
    Ok(list)
}

/// A batch's answer (`Engine.assign_many`): a sequence of `Assignment`s,
/// one per lead in order, and `cursors`, each pool an allowed assignment
/// used with its cursor after the batch (to store for the next call).
#[pyclass(frozen, sequence, module = "leadrules")]
pub struct Assignments {
    assignments: Vec<Arc<Held>>,
    cursors: Vec<(String, String)>,
    /// The request's warnings (an engine that warns on unknown keys).
    warnings: Vec<RequestWarning>,
}

impl Assignments {
    /// The batch answering `response` (its `to_dict()` with the request's
    /// `warnings`, if any); `None` for another answer.
    pub(crate) fn of(
        py: Python<'_>,
        engine: &Engine,
        answerer: &Answerer,
        response: &Response<'_>,
        warnings: &[RequestWarning],
    ) -> Option<Self> {
        let Response::Assignments(batch) = response else {
            return None;
        };
        let hold = || Assignments {
            assignments: {
                let mut names = Box::<Names>::default();
                batch
                    .assignments
                    .iter()
                    .map(|assignment| Arc::new(Held::of(engine, answerer, assignment, &[], Some(&mut names))))
                    .collect()
            },
            cursors: batch
                .cursors
                .iter()
                .map(|(pool, cursor)| ((*pool).to_owned(), (*cursor).to_owned()))
                .collect(),
            warnings: warnings.to_vec(),
        };
        // Copying a large batch is Rust work only: other threads run meanwhile.
        Some(if batch.assignments.len() >= DETACH_LEADS {
            py.detach(hold)
        } else {
            hold()
        })
    }

    fn at(&self, index: usize) -> Option<Assignment> {
        self.assignments.get(index).map(|held| Assignment {
            held: Arc::clone(held),
        })
    }

    fn text(&self) -> String {
        let mut text = String::from("{\"assignments\":[");
        for (i, held) in self.assignments.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(held.text());
        }
        text.push_str("],\"cursors\":");
        let cursors: Map<String, Value> = self
            .cursors
            .iter()
            .map(|(pool, cursor)| (pool.clone(), Value::String(cursor.clone())))
            .collect();
        text.push_str(&Value::Object(cursors).to_string());
        if !self.warnings.is_empty() {
            text.push_str(",\"warnings\":");
            text.push_str(&warnings_value(&self.warnings).to_string());
        }
        text.push('}');
        text
    }
}

/// Batches of at least this many leads are copied out without the GIL.
const DETACH_LEADS: usize = 256;

#[pymethods]
impl Assignments {
    fn __len__(&self) -> usize {
        self.assignments.len()
    }

    /// The assignment of the lead at `index` (negative from the end), or
    /// a list of them for a slice.
    fn __getitem__<'py>(&self, py: Python<'py>, index: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        if let Ok(slice) = index.cast::<PySlice>() {
            let picked = slice.indices(self.assignments.len() as isize)?;
            let list = PyList::empty(py);
            let mut at = picked.start;
            for _ in 0..picked.slicelength {
                let assignment = usize::try_from(at).ok().and_then(|i| self.at(i));
                list.append(assignment.ok_or_else(|| PyIndexError::new_err("index out of range"))?)?;
                at += picked.step;
            }
            return Ok(list.into_any());
        }
        let index: isize = index
            .extract()
            .map_err(|_| PyTypeError::new_err("Assignments indices must be integers or slices"))?;
        let len = self.assignments.len() as isize;
        let at = if index < 0 { index + len } else { index };
        usize::try_from(at)
            .ok()
            .and_then(|i| self.at(i))
            .ok_or_else(|| PyIndexError::new_err("Assignments index out of range"))
            .and_then(|assignment| Ok(Bound::new(py, assignment)?.into_any()))
    }

    /// Every assignment, in the leads' order, in a new list.
    #[getter]
    fn assignments<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for held in &self.assignments {
            list.append(Assignment {
                held: Arc::clone(held),
            })?;
        }
        Ok(list)
    }

    /// Pool → its cursor after the batch, for every pool an allowed
    /// assignment used, in the order they were first used (a new dict).
    #[getter]
    fn cursors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (pool, cursor) in &self.cursors {
            dict.set_item(pool, cursor)?;
        }
        Ok(dict)
    }

    /// The number of leads assigned (the others were denied).
    #[getter]
    fn assigned(&self) -> usize {
        self.assignments.iter().filter(|held| held.allowed).count()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.assignments(py)?.try_iter().map(Bound::into_any)
    }

    /// The protocol response: what `Engine.decide` answers to the same
    /// batch, `{"assignments": [...], "cursors": {...}}`, fresh.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let dict = PyDict::new(py);
        let list = PyList::empty(py);
        for held in &self.assignments {
            list.append(to_python(py, &held.value())?)?;
        }
        dict.set_item("assignments", list)?;
        dict.set_item("cursors", self.cursors(py)?)?;
        if !self.warnings.is_empty() {
            dict.set_item("warnings", to_python(py, &warnings_value(&self.warnings))?)?;
        }
        Ok(dict.into_any())
    }

    /// Batches are equal when their responses are.
    fn __eq__(&self, other: &Self) -> bool {
        self.cursors == other.cursors
            && self.assignments == other.assignments
            && self.warnings == other.warnings
    }

    /// Pickles as the response text.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let rebuild = py
            .get_type::<Assignments>()
            .getattr(pyo3::intern!(py, "_from_response"))?;
        Ok((rebuild, (self.text(),)))
    }

    /// The batch a response text describes (how one unpickles);
    /// `ValueError` for text that is not a batch's answer.
    #[classmethod]
    #[pyo3(name = "_from_response")]
    fn from_response(_class: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        let read = || -> Result<Self, String> {
            let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            let map = value.as_object().ok_or("not an object")?;
            let warnings = match map.contains_key("warnings") {
                true => warnings_of(map)?,
                false => Vec::new(),
            };
            if map.len() != 2 + usize::from(!warnings.is_empty()) {
                return Err("the keys are not assignments, cursors".to_owned());
            }
            let assignments = map
                .get("assignments")
                .and_then(Value::as_array)
                .ok_or("`assignments` is not an array")?
                .iter()
                .map(|item| Held::read(item).map(Arc::new))
                .collect::<Result<Vec<_>, _>>()?;
            let cursors = map
                .get("cursors")
                .and_then(Value::as_object)
                .ok_or("`cursors` is not an object")?
                .iter()
                .map(|(pool, cursor)| match cursor {
                    Value::String(cursor) => Ok((pool.clone(), cursor.clone())),
                    _ => Err(format!("the cursor of `{pool}` is not text")),
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Assignments {
                assignments,
                cursors,
                warnings,
            })
        };
        read().map_err(|problem| {
            PyValueError::new_err(shorten_message(format!(
                "not the response text of a batch of assignments: {problem}"
            )))
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<Assignments leads={} assigned={} cursors={}>",
            self.assignments.len(),
            self.assigned(),
            names(&self.cursors)
        )
    }
}

/// `[{"code", "path", "message"}, ...]`, as a response lists them.
fn warnings_value(warnings: &[RequestWarning]) -> Value {
    let warning = |w: &RequestWarning| serde_json::json!({"code": w.code.as_str(), "path": w.path, "message": w.message});
    Value::Array(warnings.iter().map(warning).collect())
}

/// `{'inside': 'u3'}`.
fn names(cursors: &[(String, String)]) -> String {
    let pairs: Vec<String> = cursors
        .iter()
        .map(|(pool, cursor)| format!("'{pool}': '{cursor}'"))
        .collect();
    format!("{{{}}}", pairs.join(", "))
}
