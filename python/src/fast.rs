//! The fast path of `can_handover` / `can_cross_silo`: the facts are read
//! straight from the caller's dicts (no protocol request is built), org
//! and role names are resolved through per-engine caches keyed by the
//! caller's own `str` objects, and the answer's reasons and effects are
//! rendered only if asked for.
//!
//! The fast path takes only what it can read exactly as the protocol
//! would: flat exact `dict`s (every key an exact `str`, every value an
//! exact `str`, `int`, `bool`, finite `float` or `None`: nothing that could
//! fail to convert or run the caller's code), known orgs and roles, ids
//! that are not blank. Anything else returns `None` and the caller goes the
//! protocol way, so errors keep their codes, paths and messages. Core
//! decides in both cases.

use leadrules::{Actor, HeldLead, OrgId, RoleId, Route};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString, PyType};

use crate::convert::Budget;
use crate::dicts::entries;

static ID: PyOnceLock<Py<PyString>> = PyOnceLock::new();
static ORG: PyOnceLock<Py<PyString>> = PyOnceLock::new();
static ROLE: PyOnceLock<Py<PyString>> = PyOnceLock::new();
static OWNER: PyOnceLock<Py<PyString>> = PyOnceLock::new();

/// Name → index caches of one engine, filled on first sight of a name.
/// Only names the engine knows (and that are not blank) are cached, so
/// they stay as small as the directory and the role table.
pub(crate) struct Lookups {
    orgs: Py<PyDict>,
    roles: Py<PyDict>,
}

impl Lookups {
    pub(crate) fn new(py: Python<'_>) -> Self {
        Lookups {
            orgs: PyDict::new(py).unbind(),
            roles: PyDict::new(py).unbind(),
        }
    }
}

/// A handover or cross silo question, read and owned (strings copied once).
pub(crate) struct TransferFacts {
    pub(crate) route: Route,
    pub(crate) actor_id: String,
    pub(crate) actor_org: OrgId,
    pub(crate) role: RoleId,
    pub(crate) lead_id: String,
    pub(crate) lead_org: OrgId,
    pub(crate) owner: Option<String>,
    pub(crate) to: OrgId,
}

impl TransferFacts {
    /// The core's view of the facts, borrowing the strings.
    pub(crate) fn parts(&self) -> (Actor<'_>, HeldLead<'_>) {
        (
            Actor {
                id: &self.actor_id,
                org: self.actor_org,
                role: self.role,
            },
            HeldLead {
                id: &self.lead_id,
                org: self.lead_org,
                owner: self.owner.as_deref(),
            },
        )
    }
}

/// Reads the facts, or `None` when the protocol path must answer.
pub(crate) fn transfer_facts(
    engine: &leadrules::Engine,
    lookups: &Lookups,
    route: Route,
    actor: &Bound<'_, PyAny>,
    lead: &Bound<'_, PyAny>,
    to: &Bound<'_, PyAny>,
) -> PyResult<Option<TransferFacts>> {
    let py = actor.py();
    let (Ok(actor), Ok(lead)) = (actor.cast_exact::<PyDict>(), lead.cast_exact::<PyDict>()) else {
        return Ok(None);
    };
    let mut budget = Budget::request();
    if !is_flat(actor, false, &mut budget) || !is_flat(lead, false, &mut budget) {
        return Ok(None);
    }
    let key = |cell: &'static PyOnceLock<Py<PyString>>, name: &str| {
        cell.get_or_init(py, || PyString::intern(py, name).unbind())
    };
    let (id, org, role, owner) = (
        key(&ID, "id"),
        key(&ORG, "org"),
        key(&ROLE, "role"),
        key(&OWNER, "owner"),
    );
    let Some(actor_id) = id_text(actor.get_item(id)?)? else {
        return Ok(None);
    };
    let Some(actor_org) = org_of(engine, lookups, actor.get_item(org)?)? else {
        return Ok(None);
    };
    let Some(role) = role_of(engine, lookups, actor.get_item(role)?)? else {
        return Ok(None);
    };
    let Some(lead_id) = id_text(lead.get_item(id)?)? else {
        return Ok(None);
    };
    let Some(lead_org) = org_of(engine, lookups, lead.get_item(org)?)? else {
        return Ok(None);
    };
    let owner = match lead.get_item(owner)? {
        None => None,
        Some(value) if value.is_none() => None,
        Some(value) => match id_text(Some(value))? {
            Some(owner) => Some(owner),
            None => return Ok(None),
        },
    };
    let Some(to) = org_of(engine, lookups, Some(to.clone()))? else {
        return Ok(None);
    };
    Ok(Some(TransferFacts {
        route,
        actor_id,
        actor_org,
        role,
        lead_id,
        lead_org,
        owner,
        to,
    }))
}

/// Whether every key is an exact `str` and every value a plain scalar
/// that converts to JSON as it is, their text within `budget` (counted in
/// characters, which the protocol way, counting bytes, never counts
/// fewer of). Reading types runs no Python code; the dict is read so that
/// a change meanwhile is no panic but `false`.
pub(crate) fn is_flat(dict: &Bound<'_, PyDict>, datetimes: bool, budget: &mut Budget) -> bool {
    let text = |s: &Bound<'_, PyAny>| s.len().ok().map(|len| len.saturating_add(3));
    entries(dict).all(|entry| {
        let Ok((key, value)) = entry else { return false };
        key.is_exact_instance_of::<PyString>()
            && text(&key).is_some_and(|len| budget.spend(len))
            && (value.is_none()
                || (value.is_exact_instance_of::<PyString>()
                    && text(&value).is_some_and(|len| budget.spend(len)))
                || value.is_exact_instance_of::<PyBool>()
                || (value.is_exact_instance_of::<PyInt>() && value.extract::<i64>().is_ok())
                || value.cast_exact::<PyFloat>().is_ok_and(|f| f.value().is_finite())
                || (datetimes && is_datetime(&value)))
    })
}

/// Whether `value` is exactly a `datetime.datetime` (whose `isoformat`
/// runs no caller code).
pub(crate) fn is_datetime(value: &Bound<'_, PyAny>) -> bool {
    let py = value.py();
    DATETIME
        .import(py, "datetime", "datetime")
        .is_ok_and(|class| value.get_type().is(class))
}

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// An id as the protocol accepts it: an exact `str`, not empty or blank.
pub(crate) fn id_text(value: Option<Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    let Some(text) = value.as_ref().and_then(|v| v.cast_exact::<PyString>().ok()) else {
        return Ok(None);
    };
    // Text that is not valid Unicode (a lone surrogate) goes the protocol
    // way, which names it.
    let Ok(text) = text.to_cow() else { return Ok(None) };
    Ok((!text.trim().is_empty()).then(|| text.into_owned()))
}

fn org_of(
    engine: &leadrules::Engine,
    lookups: &Lookups,
    value: Option<Bound<'_, PyAny>>,
) -> PyResult<Option<OrgId>> {
    let Some(value) = value else { return Ok(None) };
    let index = cached(lookups.orgs.bind(value.py()), &value, |name| {
        engine.org(name).map(|o| o.index())
    })?;
    Ok(index.and_then(|i| engine.org_at(i)))
}

pub(crate) fn role_of(
    engine: &leadrules::Engine,
    lookups: &Lookups,
    value: Option<Bound<'_, PyAny>>,
) -> PyResult<Option<RoleId>> {
    let Some(value) = value else { return Ok(None) };
    let index = cached(lookups.roles.bind(value.py()), &value, |name| {
        engine.role(name).map(|r| r.index())
    })?;
    Ok(index.and_then(|i| engine.role_at(i)))
}

/// The index of a name through `cache`; a miss asks `resolve` and caches
/// a known, non-blank name. `None` for anything else.
fn cached(
    cache: &Bound<'_, PyDict>,
    value: &Bound<'_, PyAny>,
    resolve: impl Fn(&str) -> Option<usize>,
) -> PyResult<Option<usize>> {
    let Ok(name) = value.cast_exact::<PyString>() else {
        return Ok(None);
    };
    if let Some(index) = cache.get_item(name)? {
        return Ok(index.cast::<PyInt>().ok().and_then(|i| i.extract::<usize>().ok()));
    }
    let Ok(text) = name.to_cow() else { return Ok(None) };
    if text.trim().is_empty() {
        return Ok(None);
    }
    let Some(index) = resolve(&text) else {
        return Ok(None);
    };
    cache.set_item(name, index)?;
    Ok(Some(index))
}
