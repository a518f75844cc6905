//! The `Engine` class: core's `leadrules::Engine` behind a frozen pyclass,
//! shared by any number of threads without locking.

use std::sync::Arc;

use leadrules::protocol::{Key, Request, Response};
use leadrules::{Route, UnknownKeys};
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::marker::Ungil;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyList, PyMemoryView, PyString};
use serde_json::Value;

use crate::assignment::{Assignment, Assignments};
use crate::convert::{to_python, to_value, Budget};
use crate::decision::{reason_records, Decision, Targets};
use crate::errors::{
    config_error, guard, internal, invalid_json, not_json_config, not_json_request, to_py_err,
};
use crate::input::{Args, Lookups};
use crate::matches::Matches;
use crate::prepared;
use crate::pyout::PyOut;
use crate::request::{self as read, Call};
use crate::sweep;
use crate::warn::warn;

/// `leadrules._types.ConfigWarning`, imported once.
static CONFIG_WARNING: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A compiled policy and org directory: built once, asked many questions.
///
/// `config` is `None` (the built-in policy, no orgs: the config `{}`), a
/// dict, or JSON text. A config that does not validate raises
/// `ConfigError` listing every problem.
///
/// Configs and requests hold JSON-shaped values (any mapping with `str`
/// keys, list, tuple, str, int, float, bool, None), and these host values:
/// `datetime`, `date` and `time` as their `isoformat()`, `UUID` as its
/// `str`, a finite `Decimal` as a float, an `Enum` as its `.value`.
#[pyclass(frozen, module = "leadrules")]
pub struct Engine {
    engine: leadrules::Engine,
    /// The config as JSON text, for pickling: the caller's own `str` when
    /// the config came as text (no second copy, no second parse), or the
    /// compact text of a config that came as values.
    config: Py<PyString>,
    /// Name caches of the request reader.
    lookups: Lookups,
    /// The unknown-key mode the constructor chose over the config's, kept
    /// for pickling.
    chosen: Option<UnknownKeys>,
    /// The org names a call with prepared facts met (`prepared.rs`).
    org_names: crate::prepared::OrgNames,
}

impl Engine {
    /// Core's engine (what renders an answer held as parts).
    pub(crate) fn core(&self) -> &leadrules::Engine {
        &self.engine
    }

    /// The name caches of the request reader.
    pub(crate) fn lookups(&self) -> &Lookups {
        &self.lookups
    }

    /// The org names of the calls with prepared facts.
    pub(crate) fn org_names(&self) -> &crate::prepared::OrgNames {
        &self.org_names
    }

    /// [`Engine::decide`] of a request's JSON text.
    fn decide_text<'py>(&self, py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
        let value =
            detached_if(py, text.len(), || self.engine.request_value(text)).map_err(|e| to_py_err(py, &e))?;
        let (warnings, answer) = detached_if(py, text.len(), || {
            let warnings = self.engine.check_request_keys(&&value)?;
            let parsed = Request::parse(&self.engine, &value)?;
            Ok((warnings, self.engine.answer(&parsed)?))
        })
        .map_err(|e| to_py_err(py, &e))?;
        // Rendered straight into Python objects.
        let mut out = PyOut::new(py);
        self.engine.render_into_warned(&answer, &warnings, &mut out);
        let response = out.finish()?;
        warn(py, &warnings)?;
        Ok(response)
    }
}

/// The bytes of a request given as `bytes` (borrowed: immutable), or as a
/// `bytearray` or `memoryview` (copied once, so that no other thread can
/// change them while core reads them); `None` for any other value.
fn request_bytes<'py>(request: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyBytes>>> {
    if let Ok(bytes) = request.cast::<PyBytes>() {
        return Ok(Some(bytes.clone()));
    }
    if request.is_instance_of::<PyByteArray>() || request.is_instance_of::<PyMemoryView>() {
        let copied = request.py().get_type::<PyBytes>().call1((request,))?;
        return Ok(Some(copied.cast_into::<PyBytes>()?));
    }
    Ok(None)
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (config = None, *, strict = false, unknown_keys = None))]
    fn new(
        py: Python<'_>,
        config: Option<&Bound<'_, PyAny>>,
        strict: bool,
        unknown_keys: Option<&str>,
    ) -> PyResult<Self> {
        let chosen = chosen_mode(strict, unknown_keys)?;
        let (engine, config) = guard(py, || match config {
            None => from_text(py, &PyString::new(py, "{}")),
            Some(config) => match config.cast::<PyString>() {
                Ok(text) => from_text(py, text),
                Err(_) => from_values(py, config),
            },
        })?;
        Ok(Engine {
            engine: match chosen {
                Some(mode) => engine.with_unknown_keys(mode),
                None => engine,
            },
            config,
            lookups: Lookups::new(py),
            chosen,
            org_names: crate::prepared::OrgNames::new(py),
        })
    }

    /// What the engine does with request keys the protocol does not
    /// define: `"ignore"`, `"warn"` or `"error"` (the config's
    /// `policy.requests.unknown_keys`, or the constructor's choice).
    #[getter]
    fn unknown_keys(&self) -> &'static str {
        self.engine.unknown_keys().as_str()
    }

    /// Findings about the config that did not stop it from loading (a stage
    /// no action reaches, an action nobody can take, ...), in document
    /// order, as `ConfigWarning(path, message)` records; a new list on
    /// every access.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let class = CONFIG_WARNING.import(py, "leadrules._types", "ConfigWarning")?;
        let list = PyList::empty(py);
        for warning in self.engine.warnings() {
            list.append(class.call1((&warning.path, &warning.message))?)?;
        }
        Ok(list)
    }

    /// Answers one protocol request (a dict, JSON text, or the UTF-8 bytes
    /// of JSON text as `bytes`, `bytearray` or `memoryview`: an HTTP body
    /// as received) with the response dict, exactly as the JSON entry
    /// point of every binding does. Bad input raises a `leadrules.Error`
    /// subclass; bytes that are not UTF-8 are `invalid_json`.
    fn decide<'py>(&self, py: Python<'py>, request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            if let Some(bytes) = request_bytes(request)? {
                let bytes = bytes.as_bytes();
                leadrules::check_request_size(bytes.len()).map_err(|e| to_py_err(py, &e))?;
                let text = std::str::from_utf8(bytes).map_err(|e| {
                    let message = format!(
                        "the request bytes are not UTF-8 (invalid byte at offset {})",
                        e.valid_up_to()
                    );
                    invalid_json(py, &message)
                })?;
                return self.decide_text(py, text);
            }
            let Ok(text) = request.cast::<PyString>() else {
                let (response, _) = read::ask(
                    py,
                    &self.engine,
                    &self.lookups,
                    Call::Request(request),
                    |warnings, answer| {
                        // Rendered straight into Python objects.
                        let mut out = PyOut::new(py);
                        self.engine.render_into_warned(answer, warnings, &mut out);
                        out.finish()
                    },
                )?;
                return Ok(response);
            };
            // At least one byte per character: refused before encoding.
            leadrules::check_request_size(text.len()?).map_err(|e| to_py_err(py, &e))?;
            let text = text
                .to_cow()
                .map_err(|_| invalid_json(py, "the request text is not valid Unicode"))?;
            self.decide_text(py, &text)
        })
    }

    /// May `actor` hand `lead` over to the org `to` (a parent↔child edge)?
    fn can_handover(
        slf: &Bound<'_, Self>,
        actor: &Bound<'_, PyAny>,
        lead: &Bound<'_, PyAny>,
        to: &Bound<'_, PyAny>,
    ) -> PyResult<Py<Decision>> {
        Self::transfer(slf, Route::Handover, actor, lead, to)
    }

    /// May `actor` send `lead` to the org `to` by cross silo?
    fn can_cross_silo(
        slf: &Bound<'_, Self>,
        actor: &Bound<'_, PyAny>,
        lead: &Bound<'_, PyAny>,
        to: &Bound<'_, PyAny>,
    ) -> PyResult<Py<Decision>> {
        Self::transfer(slf, Route::CrossSilo, actor, lead, to)
    }

    /// The orgs `actor` may send `lead` to, by handover and by cross silo.
    fn targets(
        slf: &Bound<'_, Self>,
        py: Python<'_>,
        actor: &Bound<'_, PyAny>,
        lead: &Bound<'_, PyAny>,
    ) -> PyResult<Targets> {
        if prepared::any_handle(&[actor, lead]) {
            return prepared::targets(slf, actor, lead);
        }
        let this = slf.get();
        this.ask(
            py,
            "targets",
            &[(Key::Actor, actor), (Key::Lead, lead)],
            |response| match response {
                Response::Targets(targets) => Ok(Targets::new(&this.engine, targets)),
                _ => Err(internal(py, "a targets request was not answered with targets")),
            },
        )
    }

    /// May `actor` create `lead` (a draft: `stage`, `sub_stage`,
    /// `assignee`, `handover_to_sales`, and the host's `id` and `template`)
    /// in `workflow`? `now`, the creation time, is required where the
    /// lead's first stage runs an expiry period (`partner_lead`).
    #[pyo3(signature = (actor, lead, workflow = None, *, now = None))]
    fn can_create(
        slf: &Bound<'_, Self>,
        actor: &Bound<'_, PyAny>,
        lead: &Bound<'_, PyAny>,
        workflow: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<Decision>> {
        let mut args = Vec::with_capacity(4);
        args.extend(workflow.map(|w| (Key::Workflow, w)));
        args.extend([(Key::Actor, actor), (Key::Lead, lead)]);
        args.extend(now.map(|n| (Key::Now, n)));
        Self::decision(slf, "create", &args)
    }

    /// May `actor` link `secondary` into `primary`, with `owner` (one of
    /// the two leads' sales managers) owning the primary? `now` is RFC 3339
    /// text or an aware `datetime`: events of the secondary after it are
    /// cancelled by the plan.
    #[pyo3(signature = (actor, primary, secondary, *, owner, now))]
    fn can_link(
        slf: &Bound<'_, Self>,
        actor: &Bound<'_, PyAny>,
        primary: &Bound<'_, PyAny>,
        secondary: &Bound<'_, PyAny>,
        owner: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Py<Decision>> {
        Self::decision(
            slf,
            "link",
            &[
                (Key::Actor, actor),
                (Key::Now, now),
                (Key::Owner, owner),
                (Key::Primary, primary),
                (Key::Secondary, secondary),
            ],
        )
    }

    /// May `actor` update `lead` (`id`, `org`, `owner`, `creator`,
    /// `handed_over_to_sales`)?
    fn can_edit(
        slf: &Bound<'_, Self>,
        actor: &Bound<'_, PyAny>,
        lead: &Bound<'_, PyAny>,
    ) -> PyResult<Py<Decision>> {
        if prepared::any_handle(&[actor, lead]) {
            return prepared::edit(slf, actor, lead);
        }
        Self::decision(slf, "edit", &[(Key::Actor, actor), (Key::Lead, lead)])
    }

    /// May `actor` take `action` on `lead` (`id`, `stage`, `sub_stage`) in
    /// `workflow`, with these form `fields`? (`workflow` may be left out
    /// for a `PreparedWorkflowLead`.)
    #[pyo3(signature = (actor, lead, action, *, workflow = None, fields = None, now = None))]
    #[allow(clippy::too_many_arguments, reason = "mirrors the protocol request's fields")]
    fn transition(
        slf: &Bound<'_, Self>,
        actor: &Bound<'_, PyAny>,
        lead: &Bound<'_, PyAny>,
        action: &Bound<'_, PyAny>,
        workflow: Option<&Bound<'_, PyAny>>,
        fields: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<Decision>> {
        if prepared::any_handle(&[actor, lead]) {
            return prepared::transition(slf, actor, lead, action, workflow, fields, now);
        }
        let py = slf.py();
        // Left out, as `None`: the protocol's default workflow.
        let none = py.None().into_bound(py);
        let workflow = workflow.unwrap_or(&none);
        let this = slf.get();
        let mut args = vec![
            (Key::Workflow, workflow),
            (Key::Action, action),
            (Key::Actor, actor),
            (Key::Lead, lead),
        ];
        args.extend(fields.map(|f| (Key::Fields, f)));
        args.extend(now.map(|n| (Key::Now, n)));
        guard(py, || {
            let call = Call::Typed("transition", &args);
            let (decision, _) = read::ask(py, &this.engine, &this.lookups, call, |warnings, answer| {
                Decision::of(&this.engine, answer, warnings)
                    .ok_or_else(|| internal(py, "a transition was not answered with a decision"))
            })?;
            Py::new(py, decision)
        })
    }

    /// Every action of `workflow` for `actor` and `lead`: a list of
    /// `{"action", "allowed", "reasons", "requires"}` dicts, for drawing
    /// buttons; `reasons` is a list of `Reason` records, as a decision's.
    #[pyo3(signature = (actor, lead, *, workflow = None, now = None))]
    fn actions<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
        actor: &Bound<'py, PyAny>,
        lead: &Bound<'py, PyAny>,
        workflow: Option<&Bound<'py, PyAny>>,
        now: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if prepared::any_handle(&[actor, lead]) {
            return prepared::actions(slf, actor, lead, workflow, now);
        }
        // Left out, as `None`: the protocol's default workflow.
        let none = py.None().into_bound(py);
        let workflow = workflow.unwrap_or(&none);
        let this = slf.get();
        let mut fields = vec![(Key::Workflow, workflow), (Key::Actor, actor), (Key::Lead, lead)];
        fields.extend(now.map(|n| (Key::Now, n)));
        let response = this.ask(py, "actions", &fields, |response| {
            Ok(this.engine.render(response))
        })?;
        let actions = to_python(py, response.get("actions").unwrap_or(&Value::Null))?;
        for action in actions.try_iter()? {
            let action = action?;
            let action = action
                .cast::<PyDict>()
                .map_err(|_| internal(py, "an action rendered no object"))?;
            if let Some(reasons) = action.get_item("reasons")? {
                action.set_item("reasons", reason_records(py, &reasons)?)?;
            }
        }
        Ok(actions)
    }

    /// Who gets `lead` (`{"id", "org", "fields"}`) among `pools` (pool
    /// name → `{"cursor", "members"}`), by the policy's assignment rules:
    /// an `Assignment`. `now` (an aware datetime or RFC 3339 text) matters
    /// only to members with a calendar.
    #[pyo3(signature = (lead, pools, *, now = None))]
    fn assign(
        slf: &Bound<'_, Self>,
        lead: &Bound<'_, PyAny>,
        pools: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<Assignment>> {
        let py = slf.py();
        let this = slf.get();
        let answerer = Arc::new(slf.clone().unbind());
        let mut args = Vec::with_capacity(3);
        args.extend(now.map(|n| (Key::Now, n)));
        args.extend([(Key::Lead, lead), (Key::Pools, pools)]);
        let assignment = this.ask_warned(py, "assign", &args, |warnings, response| {
            Assignment::of(&this.engine, &answerer, response, warnings)
                .ok_or_else(|| internal(py, "an assign request was not answered with an assignment"))
        })?;
        Py::new(py, assignment)
    }

    /// Assigns `leads` in order among `pools`, each lead counted (the
    /// assignee's open leads, the pool's cursor) before the next, as if
    /// asked one by one with each answer applied: `Assignments`, one
    /// `Assignment` per lead and the `cursors` after the batch. A large
    /// batch is routed without the GIL.
    #[pyo3(signature = (leads, pools, *, now = None))]
    fn assign_many(
        slf: &Bound<'_, Self>,
        leads: &Bound<'_, PyAny>,
        pools: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<Assignments>> {
        let py = slf.py();
        let this = slf.get();
        let answerer = Arc::new(slf.clone().unbind());
        let mut args = Vec::with_capacity(3);
        args.extend(now.map(|n| (Key::Now, n)));
        args.extend([(Key::Leads, leads), (Key::Pools, pools)]);
        let batch = this.ask_warned(py, "assign", &args, |warnings, response| {
            Assignments::of(py, &this.engine, &answerer, response, warnings)
                .ok_or_else(|| internal(py, "an assign request was not answered with a batch"))
        })?;
        Py::new(py, batch)
    }

    /// The match keys of `lead` (`phone`, `mobiles`, `email`, `emails`,
    /// `name`, `company`): a sorted list of distinct `rule:value|value`
    /// texts, for the host to store in an indexed column.
    fn match_keys<'py>(&self, py: Python<'py>, lead: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        self.ask(
            py,
            "match_keys",
            &[(Key::Lead, lead)],
            |response| match response {
                Response::MatchKeys(keys) => PyList::new(py, keys),
                _ => Err(internal(py, "a match_keys request was not answered with keys")),
            },
        )
    }

    /// [`Engine::match_keys`] of each of `leads`, in order: a list of
    /// lists. A large batch is normalised without the GIL.
    fn match_keys_many<'py>(
        &self,
        py: Python<'py>,
        leads: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        self.ask(
            py,
            "match_keys",
            &[(Key::Leads, leads)],
            |response| match response {
                Response::MatchKeysMany(batch) => {
                    let list = PyList::empty(py);
                    for keys in batch {
                        list.append(PyList::new(py, keys)?)?;
                    }
                    Ok(list)
                }
                _ => Err(internal(py, "a match_keys request was not answered with a batch")),
            },
        )
    }

    /// Which of `candidates` (records found through the keys, each with
    /// its `id`) duplicate `lead`: `Matches`, refused when a blocking rule
    /// matched. A candidate with the lead's own id is passed over.
    #[pyo3(name = "match")]
    fn matches(
        &self,
        py: Python<'_>,
        lead: &Bound<'_, PyAny>,
        candidates: &Bound<'_, PyAny>,
    ) -> PyResult<Py<Matches>> {
        let args = [(Key::Lead, lead), (Key::Candidates, candidates)];
        let found = self.ask_warned(py, "match", &args, |warnings, response| {
            Matches::of(&self.engine, response, warnings)
                .ok_or_else(|| internal(py, "a match request was not answered with matches"))
        })?;
        Py::new(py, found)
    }

    /// Which candidates duplicate the lead whose match keys are `keys`
    /// (as `match_keys` gave them), by the keys the host stored for each:
    /// `candidates` maps each saved lead's id to its keys (or is a list of
    /// `(id, keys)` pairs). The same `Matches` as `match` gives for the
    /// records the keys came from, with nothing normalised again;
    /// `lead_id` passes over a candidate with the lead's own id.
    #[pyo3(signature = (keys, candidates, *, lead_id = None))]
    fn match_keyed(
        &self,
        py: Python<'_>,
        keys: &Bound<'_, PyAny>,
        candidates: &Bound<'_, PyAny>,
        lead_id: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<Matches>> {
        let found = guard(py, || {
            crate::keyed::match_keyed(py, &self.engine, keys, candidates, lead_id)
        })?;
        Py::new(py, found)
    }

    /// May `actor` make `to` (`{"id", "org", "role"}`) the owner of `lead`
    /// (`id`, `org`, `owner`, `creator`, `handed_over_to_sales`)?
    fn change_owner(
        slf: &Bound<'_, Self>,
        actor: &Bound<'_, PyAny>,
        lead: &Bound<'_, PyAny>,
        to: &Bound<'_, PyAny>,
    ) -> PyResult<Py<Decision>> {
        if prepared::any_handle(&[actor, lead, to]) {
            return prepared::change_owner(slf, actor, lead, to);
        }
        Self::decision(
            slf,
            "change_owner",
            &[(Key::Actor, actor), (Key::Lead, lead), (Key::To, to)],
        )
    }

    /// Where `lead` stands against its deadline in `workflow` at `now`:
    /// `Expiry(expires_at, due, phase)`.
    #[pyo3(signature = (lead, *, workflow, now))]
    fn expiry<'py>(
        &self,
        py: Python<'py>,
        lead: &Bound<'py, PyAny>,
        workflow: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let fields = [(Key::Workflow, workflow), (Key::Now, now), (Key::Lead, lead)];
        self.ask(py, "expiry", &fields, |response| match response {
            Response::Expiry(status) => sweep::expiry(py, status),
            _ => Err(internal(py, "an expiry request was not answered with an expiry")),
        })
    }

    /// Which of `leads` (dicts, as for `expiry`) are due at `now`, and the
    /// earliest deadline to come: `SweepResult(due, next_deadline)`.
    #[pyo3(signature = (leads, *, workflow, now))]
    fn sweep<'py>(
        &self,
        py: Python<'py>,
        leads: &Bound<'py, PyAny>,
        workflow: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let fields = [(Key::Workflow, workflow), (Key::Now, now), (Key::Leads, leads)];
        self.ask(py, "sweep", &fields, |response| match response {
            Response::Sweep(swept) => {
                let due = PyList::new(py, &swept.due)?;
                sweep::sweep_result(py, due, swept.next_deadline)
            }
            _ => Err(internal(py, "a sweep request was not answered with a sweep")),
        })
    }

    /// The sweep over columns of equal length, for large books: `ids` (any
    /// sequence), `stages` (stage names, or codes from `stage_code`),
    /// times as Unix seconds (`int` or `None` in a sequence, or an integer
    /// buffer such as a NumPy `int64` array, where NaT marks an absent
    /// time), `templates` (names or codes; `None`: every lead uses
    /// `default`). `now` is Unix seconds, RFC 3339 text or an aware
    /// datetime (never a `bool`). The GIL is released while core sweeps,
    /// and taken back every 65,536 rows to check for Ctrl-C.
    #[pyo3(signature = (ids, stages, created_at, *, workflow, now, expires_at = None,
                        accepted_at = None, reassigned_at = None, templates = None))]
    #[allow(clippy::too_many_arguments, reason = "one argument per column")]
    fn sweep_columns<'py>(
        &self,
        py: Python<'py>,
        ids: &Bound<'py, PyAny>,
        stages: &Bound<'py, PyAny>,
        created_at: &Bound<'py, PyAny>,
        workflow: &str,
        now: &Bound<'py, PyAny>,
        expires_at: Option<&Bound<'py, PyAny>>,
        accepted_at: Option<&Bound<'py, PyAny>>,
        reassigned_at: Option<&Bound<'py, PyAny>>,
        templates: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let now = unix_seconds(py, now)?;
            let columns = sweep::PyColumns {
                ids,
                stages,
                created_at,
                expires_at,
                accepted_at,
                reassigned_at,
                templates,
            };
            sweep::sweep_columns(py, &self.engine, workflow, &columns, now)
        })
    }

    /// The workflow named `workflow`, read-only: `Workflow(name, stages,
    /// sub_stages, actions)`, each stage a `Stage(name, code, initial,
    /// terminal, archived, expiry)`. An unknown name raises
    /// `UnknownReferenceError` (`unknown_workflow` at `workflow`).
    fn workflow<'py>(&self, py: Python<'py>, workflow: &str) -> PyResult<Bound<'py, PyAny>> {
        let view = self
            .engine
            .require_workflow(workflow, "workflow")
            .map_err(|e| to_py_err(py, &e))?;
        crate::workflow::workflow(py, &view)
    }

    /// The code of a stage of `workflow`, for `sweep_columns`.
    fn stage_code(&self, py: Python<'_>, workflow: &str, stage: &str) -> PyResult<u32> {
        self.engine
            .require_stage_code(workflow, stage)
            .map_err(|e| to_py_err(py, &e))
    }

    /// The code of an expiry template, for `sweep_columns`.
    fn template_code(&self, py: Python<'_>, name: &str) -> PyResult<u32> {
        self.engine
            .require_template_code(name)
            .map_err(|e| to_py_err(py, &e))
    }

    // Business hours: a policy calendar, and the SLA clock.

    /// The policy calendar `name` as a `Calendar` (open time, adding it,
    /// whether and when it is open). An unknown name raises
    /// `UnknownReferenceError` (`unknown_calendar` at `calendar`).
    fn calendar(slf: &Bound<'_, Self>, name: &str) -> PyResult<crate::calendar::Calendar> {
        crate::calendar::Calendar::of(slf, name)
    }

    /// The SLA clock of `calendar` (a name or a `Calendar`) that started
    /// at `start` with `target` of open time (a `timedelta` or duration
    /// text such as `"PT4H"`), paused by `paused` (`{"from", "to"}` dicts
    /// or `(from, to)` tuples; `to` None while paused), at `now`: an `Sla`.
    /// Read by core's reader of the `sla` kind: its errors and paths.
    #[pyo3(signature = (calendar, start, target, now, paused = None))]
    fn sla(
        &self,
        py: Python<'_>,
        calendar: &Bound<'_, PyAny>,
        start: &Bound<'_, PyAny>,
        target: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
        paused: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::sla::Sla> {
        let args = guard(py, || {
            crate::sla::SlaArgs::new(calendar, start, target, now, paused)
        })?;
        self.ask(py, "sla", &args.keyed(), |response| {
            crate::sla::Sla::of(py, response)
        })
    }

    // Prepared facts and list views (`prepared.rs`, `list_views.rs`).

    /// `record` (`id`, `role`, and `org` where the questions need one)
    /// read once into a `PreparedActor` of this engine.
    fn actor(slf: &Bound<'_, Self>, record: &Bound<'_, PyAny>) -> PyResult<Py<prepared::PreparedActor>> {
        prepared::actor(slf, record)
    }

    /// `record` (`id`, `org`, `owner`, `creator`, `handed_over_to_sales`)
    /// read once into a `PreparedLead` of this engine.
    fn lead(slf: &Bound<'_, Self>, record: &Bound<'_, PyAny>) -> PyResult<Py<prepared::PreparedLead>> {
        prepared::lead(slf, record)
    }

    /// `record` read once as a lead of `workflow` into a
    /// `PreparedWorkflowLead` of this engine.
    #[pyo3(signature = (record, *, workflow))]
    fn workflow_lead(
        slf: &Bound<'_, Self>,
        record: &Bound<'_, PyAny>,
        workflow: &str,
    ) -> PyResult<Py<prepared::PreparedWorkflowLead>> {
        prepared::workflow_lead(slf, record, workflow)
    }

    /// Every action for `actor` on each of `leads`, in one call without
    /// the GIL: an `ActionGrid`.
    #[pyo3(signature = (actor, leads, *, workflow = None, now = None))]
    fn actions_many(
        slf: &Bound<'_, Self>,
        actor: &Bound<'_, PyAny>,
        leads: &Bound<'_, PyAny>,
        workflow: Option<&str>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::list_views::ActionGrid> {
        crate::list_views::actions_many(slf, actor, leads, workflow, now)
    }

    /// `can_edit` for each of `leads`, in one call without the GIL:
    /// `Verdicts`.
    fn can_edit_many(
        slf: &Bound<'_, Self>,
        actor: &Bound<'_, PyAny>,
        leads: &Bound<'_, PyAny>,
    ) -> PyResult<crate::list_views::Verdicts> {
        crate::list_views::can_edit_many(slf, actor, leads)
    }

    /// `targets` for each of `leads`, in one call without the GIL.
    fn targets_many<'py>(
        slf: &Bound<'py, Self>,
        actor: &Bound<'py, PyAny>,
        leads: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        crate::list_views::targets_many(slf, actor, leads)
    }

    /// Pickles as the config text (and the constructor's unknown-key
    /// mode, if it chose one): unpickling rebuilds an equal engine.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyString>,))> {
        let class = py.get_type::<Engine>().into_any();
        let rebuild = match self.chosen {
            None => class,
            Some(mode) => {
                let partial = py.import(pyo3::intern!(py, "functools"))?.getattr("partial")?;
                let options = PyDict::new(py);
                options.set_item("unknown_keys", mode.as_str())?;
                partial.call((class,), Some(&options))?
            }
        };
        Ok((rebuild, (self.config.bind(py).clone(),)))
    }

    fn __repr__(&self) -> String {
        format!("<leadrules.Engine orgs={}>", self.engine.org_count())
    }
}

impl Engine {
    /// Handover or cross silo: a decision that keeps its facts, to render
    /// the answer only if asked.
    fn transfer(
        slf: &Bound<'_, Self>,
        route: Route,
        actor: &Bound<'_, PyAny>,
        lead: &Bound<'_, PyAny>,
        to: &Bound<'_, PyAny>,
    ) -> PyResult<Py<Decision>> {
        if prepared::any_handle(&[actor, lead]) {
            return prepared::transfer(slf, route, actor, lead, to);
        }
        let py = slf.py();
        let this = slf.get();
        let kind = match route {
            Route::Handover => "handover",
            Route::CrossSilo => "cross_silo",
        };
        let args = [(Key::Actor, actor), (Key::Lead, lead), (Key::To, to)];
        guard(py, || {
            // The decision is made where the answer is, and only its
            // pointer travels back: answers are large values to move.
            let call = Call::Typed(kind, &args);
            let (decision, _) = read::ask(py, &this.engine, &this.lookups, call, |warnings, answer| {
                // Matched, not `?`: the decision goes straight to its
                // object, not through a result first.
                match Decision::of(&this.engine, answer, warnings) {
                    Some(decision) => Py::new(py, decision),
                    None => Err(internal(py, "a transfer was not answered with a decision")),
                }
            })?;
            Ok(decision)
        })
    }

    /// Reads the call's arguments as a request of `kind`, answers it in
    /// core, and hands the answer to `respond`; all inside the panic guard.
    fn ask<T>(
        &self,
        py: Python<'_>,
        kind: &'static str,
        args: &Args<'_, '_>,
        respond: impl FnOnce(&Response<'_>) -> PyResult<T>,
    ) -> PyResult<T> {
        guard(py, || {
            read::ask(
                py,
                &self.engine,
                &self.lookups,
                Call::Typed(kind, args),
                |_, answer| respond(answer),
            )
            .map(|(answer, _)| answer)
        })
    }

    /// [`Engine::ask`] for an answer that keeps the request's warnings.
    fn ask_warned<T>(
        &self,
        py: Python<'_>,
        kind: &'static str,
        args: &Args<'_, '_>,
        respond: impl FnOnce(&[leadrules::RequestWarning], &Response<'_>) -> PyResult<T>,
    ) -> PyResult<T> {
        guard(py, || {
            read::ask(py, &self.engine, &self.lookups, Call::Typed(kind, args), respond)
                .map(|(answer, _)| answer)
        })
    }

    /// Asks a yes/no question (create, edit, link): the `Decision` holds
    /// core's owned answer.
    fn decision(slf: &Bound<'_, Self>, kind: &'static str, args: &Args<'_, '_>) -> PyResult<Py<Decision>> {
        let py = slf.py();
        let this = slf.get();
        guard(py, || {
            let (decision, _) = read::ask(
                py,
                &this.engine,
                &this.lookups,
                Call::Typed(kind, args),
                |warnings, answer| Ok(Decision::of(&this.engine, answer, warnings)),
            )?;
            let decision = decision.ok_or_else(|| {
                internal(
                    py,
                    &format!("a `{kind}` request was not answered with a decision"),
                )
            })?;
            Py::new(py, decision)
        })
    }
}

/// The unknown-key mode the constructor's `strict` and `unknown_keys`
/// choose, if any (`None`: the config's).
fn chosen_mode(strict: bool, unknown_keys: Option<&str>) -> PyResult<Option<UnknownKeys>> {
    let named = match unknown_keys {
        None => None,
        Some(name) => Some(UnknownKeys::from_name(name).ok_or_else(|| {
            PyValueError::new_err(format!(
                "unknown_keys must be \"ignore\", \"warn\" or \"error\", not {name:?}"
            ))
        })?),
    };
    match (strict, named) {
        (false, named) => Ok(named),
        (true, None | Some(UnknownKeys::Error)) => Ok(Some(UnknownKeys::Error)),
        (true, Some(other)) => Err(PyValueError::new_err(format!(
            "strict=True means unknown_keys=\"error\", not {:?}",
            other.as_str()
        ))),
    }
}

/// `now` as Unix seconds: an `int` as is; RFC 3339 text or an aware
/// datetime read by core (so a naive one is `invalid_timestamp`).
fn unix_seconds(py: Python<'_>, now: &Bound<'_, PyAny>) -> PyResult<i64> {
    let refused = || {
        let error = leadrules::Error::new(
            leadrules::ErrorCode::InvalidRequest,
            "now",
            "expected Unix seconds, RFC 3339 text or an aware datetime",
        );
        to_py_err(py, &error)
    };
    // `True` is an `int` to Python, never a time to leadrules.
    if now.is_instance_of::<PyBool>() {
        return Err(refused());
    }
    match now.extract::<i64>() {
        Ok(seconds) => return Ok(seconds),
        // The host's own `__index__` was interrupted: not ours to convert.
        Err(e) if !e.is_instance_of::<PyException>(py) => return Err(e),
        Err(_) => {}
    }
    let value = to_value(now, &mut Budget::request()).map_err(|e| not_json_request(py, e, "now"))?;
    let text = value.as_str().ok_or_else(refused)?;
    let at = leadrules::parse_timestamp(text, "now").map_err(|e| to_py_err(py, &e))?;
    Ok(at.timestamp())
}

/// Requests and configs at least this large (in bytes of JSON text) are
/// read and answered by core without the GIL: below it, releasing and
/// taking back the GIL would cost more than the work (STYLE: a ~1 µs call
/// keeps it).
const DETACH_BYTES: usize = 64 * 1024;

/// Runs `work` (core's, on Rust values only) without the GIL when its
/// input is `size` bytes or more, so that other Python threads run
/// meanwhile.
pub(crate) fn detached_if<T, F>(py: Python<'_>, size: usize, work: F) -> T
where
    F: Ungil + FnOnce() -> T,
    T: Ungil,
{
    if size >= DETACH_BYTES {
        py.detach(work)
    } else {
        work()
    }
}

/// Builds an engine from config text, parsed once (by core); keeps the
/// text for pickling: the caller's `str` itself when it is exactly a `str`.
fn from_text(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<(leadrules::Engine, Py<PyString>)> {
    leadrules::check_config_size(text.len()?).map_err(|e| to_py_err(py, &e))?;
    let utf8 = text
        .to_cow()
        .map_err(|_| config_error(py, "", "the config text is not valid Unicode"))?;
    // Built from the text so that malformed JSON is reported by core, in
    // the same words as in every other language.
    let engine =
        detached_if(py, utf8.len(), || leadrules::Engine::from_json(&utf8)).map_err(|e| to_py_err(py, &e))?;
    let kept = if text.is_exact_instance_of::<PyString>() {
        text.clone()
    } else {
        PyString::new(py, &utf8)
    };
    Ok((engine, kept.unbind()))
}

/// Builds an engine from a config of Python values: converted once, within
/// `MAX_CONFIG_BYTES` of text, into compact JSON text, which core parses
/// (its reading without a value tree) and the engine keeps for pickling.
/// The value tree is dropped before the engine is built.
fn from_values(py: Python<'_>, config: &Bound<'_, PyAny>) -> PyResult<(leadrules::Engine, Py<PyString>)> {
    let mut budget = Budget::config();
    let value = to_value(config, &mut budget).map_err(|e| not_json_config(py, e))?;
    let text = detached_if(py, budget.used(), move || value.to_string());
    let engine =
        detached_if(py, text.len(), || leadrules::Engine::from_json(&text)).map_err(|e| to_py_err(py, &e))?;
    Ok((engine, PyString::new(py, &text).unbind()))
}
