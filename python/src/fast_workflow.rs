//! The fast path of `transition`: the question read straight from the
//! caller's arguments into core's typed request, as `fast.rs` does for
//! handover. It takes only what it reads exactly as the protocol would
//! (exact `dict`s of plain values and aware `datetime`s, known names, ids
//! that are not blank, timestamps that parse, an answer without error);
//! anything else returns `None`, and the protocol path answers, with its
//! errors, codes and paths.

use leadrules::{
    parse_timestamp, ExpiryClock, RoleId, Timestamp, WorkflowActor, WorkflowLead, WorkflowRequest,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use serde_json::{Map, Value};

use crate::convert::{to_value, Budget};
use crate::fast::{id_text, is_flat, role_of, Lookups};

/// A transition question, read and owned.
pub(crate) struct WorkflowFacts {
    workflow: String,
    action: String,
    actor_id: String,
    actor_org: Option<String>,
    role: RoleId,
    lead_id: String,
    stage: String,
    sub_stage: Option<String>,
    owner: Option<String>,
    partner: Option<String>,
    source: Option<String>,
    distribution_owner: Option<String>,
    clock: ExpiryClock,
    template: Option<String>,
    now: Option<Timestamp>,
    fields: Option<Map<String, Value>>,
}

impl WorkflowFacts {
    /// Core's typed request, borrowing the strings.
    pub(crate) fn request(&self) -> WorkflowRequest<'_> {
        WorkflowRequest {
            workflow: &self.workflow,
            actor: WorkflowActor {
                id: &self.actor_id,
                org: self.actor_org.as_deref(),
                role: self.role,
            },
            lead: WorkflowLead {
                id: &self.lead_id,
                stage: &self.stage,
                sub_stage: self.sub_stage.as_deref(),
                owner: self.owner.as_deref(),
                partner: self.partner.as_deref(),
                source: self.source.as_deref(),
                distribution_owner: self.distribution_owner.as_deref(),
                clock: self.clock,
                template: self.template.as_deref(),
            },
            now: self.now,
        }
    }

    pub(crate) fn action(&self) -> &str {
        &self.action
    }

    pub(crate) fn fields(&self) -> Option<&Map<String, Value>> {
        self.fields.as_ref()
    }
}

/// The arguments of a `transition` call.
pub(crate) struct TransitionArgs<'a, 'py> {
    pub(crate) actor: &'a Bound<'py, PyAny>,
    pub(crate) lead: &'a Bound<'py, PyAny>,
    pub(crate) action: &'a Bound<'py, PyAny>,
    pub(crate) workflow: &'a Bound<'py, PyAny>,
    pub(crate) fields: Option<&'a Bound<'py, PyAny>>,
    pub(crate) now: Option<&'a Bound<'py, PyAny>>,
}

/// Reads the question, or `None` when the protocol path must answer.
pub(crate) fn workflow_facts(
    engine: &leadrules::Engine,
    lookups: &Lookups,
    args: &TransitionArgs<'_, '_>,
) -> PyResult<Option<WorkflowFacts>> {
    let (Ok(actor), Ok(lead)) = (
        args.actor.cast_exact::<PyDict>(),
        args.lead.cast_exact::<PyDict>(),
    ) else {
        return Ok(None);
    };
    let mut budget = Budget::request();
    if !is_flat(actor, false, &mut budget) || !is_flat(lead, true, &mut budget) {
        return Ok(None);
    }
    let (Some(workflow), Some(action)) = (
        id_text(Some(args.workflow.clone()))?,
        id_text(Some(args.action.clone()))?,
    ) else {
        return Ok(None);
    };
    if !engine
        .workflow_actions(&workflow)
        .is_some_and(|a| a.contains(&action.as_str()))
    {
        return Ok(None);
    }
    let now = match args.now {
        None => None,
        Some(now) => match time(Some(now.clone()))? {
            Some(now) => now,
            None => return Ok(None),
        },
    };
    let fields = match args.fields {
        None => None,
        Some(fields) if fields.is_none() => None,
        // Within what a request may hold, less what the facts took.
        Some(fields) => match (fields.cast_exact::<PyDict>(), to_value(fields, &mut budget)) {
            (Ok(_), Ok(Value::Object(map))) => Some(map),
            _ => return Ok(None),
        },
    };
    let Some(role) = role_of(engine, lookups, actor.get_item("role")?)? else {
        return Ok(None);
    };
    let text = |dict: &Bound<'_, PyDict>, key: &str| -> PyResult<Option<Option<String>>> {
        match dict.get_item(key)? {
            None => Ok(Some(None)),
            Some(value) if value.is_none() => Ok(Some(None)),
            Some(value) => Ok(id_text(Some(value))?.map(Some)),
        }
    };
    let stamp = |key: &str| -> PyResult<Option<Option<Timestamp>>> { time(lead.get_item(key)?) };
    macro_rules! read {
        ($value:expr) => {
            match $value? {
                Some(value) => value,
                None => return Ok(None),
            }
        };
    }
    let Some(actor_id) = id_text(actor.get_item("id")?)? else {
        return Ok(None);
    };
    let Some(lead_id) = id_text(lead.get_item("id")?)? else {
        return Ok(None);
    };
    let Some(stage) = id_text(lead.get_item("stage")?)? else {
        return Ok(None);
    };
    Ok(Some(WorkflowFacts {
        workflow,
        action,
        actor_id,
        actor_org: read!(text(actor, "org")),
        role,
        lead_id,
        stage,
        sub_stage: read!(text(lead, "sub_stage")),
        owner: read!(text(lead, "owner")),
        partner: read!(text(lead, "partner")),
        source: read!(text(lead, "source")),
        distribution_owner: read!(text(lead, "distribution_owner")),
        clock: ExpiryClock {
            created_at: read!(stamp("created_at")),
            expires_at: read!(stamp("expires_at")),
            accepted_at: read!(stamp("accepted_at")),
            reassigned_at: read!(stamp("reassigned_at")),
        },
        template: read!(text(lead, "template")),
        now,
        fields,
    }))
}

/// A timestamp as the protocol reads it: absent or `None` is no time
/// (`Some(None)`); RFC 3339 text or an exact aware `datetime` that parses
/// is `Some(Some(_))`; anything else `None`.
fn time(value: Option<Bound<'_, PyAny>>) -> PyResult<Option<Option<Timestamp>>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(Some(None));
    };
    if let Ok(text) = value.cast_exact::<PyString>() {
        let Ok(text) = text.to_cow() else { return Ok(None) };
        return Ok(parse_timestamp(&text, "").ok().map(Some));
    }
    if crate::fast::is_datetime(&value) {
        return Ok(crate::datetimes::timestamp(&value)?.map(Some));
    }
    Ok(None)
}
