//! The arguments beside the facts of a call with handles (`to`, `action`,
//! `fields`, `now`, `workflow`): read at once when they are what a host
//! nearly always passes, else by core's reader in a request whose facts
//! are the handles' own, so that its errors are the record path's.

use std::sync::atomic::{AtomicUsize, Ordering};

use leadrules::protocol::Request;
use leadrules::{Error, ErrorCode, OrgId, Route, Timestamp};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde_json::{json, Map, Value};

use super::workflow_name;
use crate::convert::{to_value, Budget};
use crate::engine::Engine;
use crate::errors::{internal, not_json_request, to_py_err};
use crate::input::is_datetime;

/// The record path's error for a question of `kind` without a workflow
/// (core's reader, asked of a request with none).
pub(crate) fn missing_workflow(py: Python<'_>, core: &leadrules::Engine, kind: &str) -> PyErr {
    match Request::read_kind(core, kind, &&Value::Object(Map::new())) {
        Err(error) => to_py_err(py, &error),
        Ok(_) => internal(py, "a request without a workflow was read"),
    }
}

/// The workflow argument of a call of records as text, read by core's
/// reader where it is no plain `str`.
pub(super) fn workflow_text(py: Python<'_>, workflow: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = workflow.cast_exact::<PyString>() {
        if let Ok(text) = text.to_cow() {
            return Ok(text.into_owned());
        }
    }
    let value =
        to_value(workflow, &mut Budget::request()).map_err(|e| not_json_request(py, e, "workflow"))?;
    match value {
        Value::String(text) => Ok(text),
        other => Err(to_py_err(
            py,
            &Error::new(
                ErrorCode::InvalidRequest,
                "workflow",
                format!("expected a string, found {}", json_type_name(&other)),
            ),
        )),
    }
}

fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `invalid_request` at `workflow` unless it names the handle's workflow.
pub(super) fn check_workflow(
    py: Python<'_>,
    core: &leadrules::Engine,
    lead: &leadrules::PreparedWorkflowLead,
    workflow: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let own = workflow_name(py, core, lead)?;
    let given = workflow_text(py, workflow)?;
    if given == own {
        return Ok(());
    }
    Err(to_py_err(
        py,
        &Error::new(
            ErrorCode::InvalidRequest,
            "workflow",
            format!("the lead was prepared as a lead of `{own}`, not of `{given}`"),
        ),
    ))
}

/// `now` read at once where it is absent, an aware datetime or valid RFC
/// 3339 text: `Some(now)`; `None` where core's reader must read it.
pub(super) fn fast_now(now: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Option<Timestamp>>> {
    let Some(now) = now.filter(|now| !now.is_none()) else {
        return Ok(Some(None));
    };
    if let Ok(text) = now.cast_exact::<PyString>() {
        return Ok(text
            .to_cow()
            .ok()
            .and_then(|text| leadrules::parse_timestamp(&text, "now").ok())
            .map(Some));
    }
    if is_datetime(now) {
        return Ok(crate::datetimes::timestamp(now)?.map(Some));
    }
    Ok(None)
}

/// `now` of a workflow question: at once where it can be, else by core's
/// reader (its errors, at `now`).
pub(crate) fn read_now(
    py: Python<'_>,
    core: &leadrules::Engine,
    actor: &leadrules::PreparedActor,
    lead: &leadrules::PreparedWorkflowLead,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<Timestamp>> {
    if let Some(now) = fast_now(now)? {
        return Ok(now);
    }
    let request = workflow_request(py, core, actor, lead, None, None, now)?;
    match Request::read_kind(core, "actions", &&request).map_err(|e| to_py_err(py, &e))? {
        Request::Actions(read) => Ok(read.now),
        _ => Err(internal(py, "an actions request was not read as one")),
    }
}

/// A workflow request of the kind the record path reads, for core's reader
/// to read the arguments beside the facts: its actor and lead are the
/// facts' own (valid: they were read already), so any error is an
/// argument's, at its path, as the record path reports it.
pub(super) fn workflow_request(
    py: Python<'_>,
    core: &leadrules::Engine,
    actor: &leadrules::PreparedActor,
    lead: &leadrules::PreparedWorkflowLead,
    action: Option<&Bound<'_, PyAny>>,
    fields: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<Value> {
    let mut request = Map::new();
    request.insert(
        "workflow".to_owned(),
        Value::String(workflow_name(py, core, lead)?),
    );
    let mut actor_record = json!({"id": actor.id(), "role": core.role_name(actor.role())});
    if let (Some(org), Some(record)) = (actor.org_text(), actor_record.as_object_mut()) {
        record.insert("org".to_owned(), Value::String(org.to_owned()));
    }
    request.insert("actor".to_owned(), actor_record);
    let mut lead_record = json!({"id": lead.id(), "stage": lead.stage()});
    if let (Some(sub_stage), Some(record)) = (lead.sub_stage(), lead_record.as_object_mut()) {
        record.insert("sub_stage".to_owned(), Value::String(sub_stage.to_owned()));
    }
    request.insert("lead".to_owned(), lead_record);
    let mut budget = Budget::request();
    for (key, value) in [("action", action), ("fields", fields), ("now", now)] {
        if let Some(value) = value {
            let value = to_value(value, &mut budget).map_err(|e| not_json_request(py, e, key))?;
            request.insert(key.to_owned(), value);
        }
    }
    Ok(Value::Object(request))
}

// The org `to` of a transfer.

/// Org names met before, by their `str` objects: a host passes the same
/// few names again and again (an org it keeps, a literal), and finding one
/// here costs a compare (or a dict lookup) instead of encoding the name
/// and searching the directory.
pub(crate) struct OrgNames {
    /// Name → org index, for names the directory holds.
    table: Py<PyDict>,
    /// The name objects met last, by address, and each one's index;
    /// `held` keeps each slot's object alive while its address names it.
    held: Py<PyList>,
    slots: [(AtomicUsize, AtomicUsize); ORG_SLOTS],
}

/// The names [`OrgNames`] finds by address.
const ORG_SLOTS: usize = 16;

impl OrgNames {
    pub(crate) fn new(py: Python<'_>) -> Self {
        OrgNames {
            table: PyDict::new(py).unbind(),
            held: PyList::new(py, [(); ORG_SLOTS].map(|()| py.None()))
                .map_or_else(|_| PyList::empty(py).unbind(), Bound::unbind),
            slots: std::array::from_fn(|_| (AtomicUsize::new(0), AtomicUsize::new(0))),
        }
    }

    /// The org `name` names, if it was met before.
    fn find(&self, core: &leadrules::Engine, name: &Bound<'_, PyString>) -> Option<OrgId> {
        let address = name.as_ptr() as usize;
        let (held, index) = self.slots.get((address >> 4) % ORG_SLOTS)?;
        // Slots are written under the GIL, which this read holds too.
        if held.load(Ordering::Relaxed) == address {
            return core.org_at(index.load(Ordering::Relaxed));
        }
        let index = self.table.bind(name.py()).get_item(name).ok().flatten()?;
        let index = index.extract::<usize>().ok()?;
        self.note(name, index);
        core.org_at(index)
    }

    fn note(&self, name: &Bound<'_, PyString>, index: usize) {
        let address = name.as_ptr() as usize;
        let slot = (address >> 4) % ORG_SLOTS;
        let Some((held, noted)) = self.slots.get(slot) else {
            return;
        };
        if self.held.bind(name.py()).set_item(slot, name).is_ok() {
            noted.store(index, Ordering::Relaxed);
            held.store(address, Ordering::Relaxed);
        }
    }

    fn remember(&self, name: &Bound<'_, PyString>, org: OrgId) {
        // A cache that cannot grow only costs the next call the lookup.
        let _ = self.table.bind(name.py()).set_item(name, org.index());
        self.note(name, org.index());
    }
}

/// The org `to` names: a name met before at once; a known org's name;
/// else read by core's reader in a transfer request of the facts, so that
/// its errors are the record path's.
pub(super) fn org_of(
    py: Python<'_>,
    engine: &Engine,
    route: Route,
    actor: &leadrules::PreparedActor,
    lead: &leadrules::PreparedLead,
    to: &Bound<'_, PyAny>,
) -> PyResult<OrgId> {
    let core = engine.core();
    if let Ok(name) = to.cast_exact::<PyString>() {
        let names = engine.org_names();
        if let Some(org) = names.find(core, name) {
            return Ok(org);
        }
        if let Some(org) = name
            .to_cow()
            .ok()
            .filter(|text| !text.trim().is_empty())
            .and_then(|text| core.org(&text))
        {
            names.remember(name, org);
            return Ok(org);
        }
    }
    let mut actor_record = json!({"id": actor.id(), "role": core.role_name(actor.role())});
    if let (Some(org), Some(record)) = (actor.org_text(), actor_record.as_object_mut()) {
        record.insert("org".to_owned(), Value::String(org.to_owned()));
    }
    let lead_record = json!({
        "id": lead.id(),
        "org": core.org_name(lead.org()),
        "owner": lead.owner(),
    });
    let to = to_value(to, &mut Budget::request()).map_err(|e| not_json_request(py, e, "to"))?;
    let request = json!({"actor": actor_record, "lead": lead_record, "to": to});
    match Request::read_transfer(core, route, &&request).map_err(|e| to_py_err(py, &e))? {
        Request::Transfer { to, .. } => Ok(to),
        _ => Err(internal(py, "a transfer was not read as a transfer")),
    }
}
