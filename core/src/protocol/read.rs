//! Reading request fields with their paths. Unknown keys are ignored (hosts
//! pass their own records); a missing or wrongly typed field is
//! `invalid_request` naming the field.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::create::{Assignee, NewLead};
use crate::edit::EditedLead;
use crate::engine::Engine;
use crate::error::type_name;
use crate::error::{Error, ErrorCode};
use crate::link::{LeadEvent, LinkActor, LinkRequest, LinkedLead};
use crate::model::{Actor, HeldLead};
use crate::path::Path;
use crate::roles::RoleId;
use crate::time::{parse_timestamp, Timestamp};
use crate::workflow::LEADX_PIPELINE;

/// `invalid_request` at `path`.
pub(crate) fn invalid(path: &Path<'_>, message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidRequest, path.render(), message)
}

/// The value at `path` as an object.
pub(crate) fn object<'v>(value: &'v Value, path: &Path<'_>) -> Result<&'v Map<String, Value>, Error> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(invalid(
            path,
            format!("expected an object, found {}", type_name(other)),
        )),
    }
}

/// The object under `key`, which must be present.
pub(crate) fn required_object<'v>(
    map: &'v Map<String, Value>,
    key: &str,
    path: &Path<'_>,
) -> Result<&'v Map<String, Value>, Error> {
    match map.get(key) {
        None | Some(Value::Null) => Err(invalid(&path.key(key), format!("missing `{key}`"))),
        Some(value) => object(value, &path.key(key)),
    }
}

/// The non-empty string under `key`, which must be present.
pub(crate) fn required_str<'v>(
    map: &'v Map<String, Value>,
    key: &str,
    path: &Path<'_>,
) -> Result<&'v str, Error> {
    match optional_str(map, key, path)? {
        Some(s) => Ok(s),
        None => Err(invalid(&path.key(key), format!("missing `{key}`"))),
    }
}

/// The string under `key`, `None` when absent or null; an empty or
/// whitespace-only string is an error (ids and numbers are never blank).
pub(crate) fn optional_str<'v>(
    map: &'v Map<String, Value>,
    key: &str,
    path: &Path<'_>,
) -> Result<Option<&'v str>, Error> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Err(invalid(
            &path.key(key),
            format!("`{key}` must not be empty or blank"),
        )),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(invalid(
            &path.key(key),
            format!("expected a string, found {}", type_name(other)),
        )),
    }
}

/// An org id under `key`, resolved against the directory.
pub(crate) fn org(
    engine: &Engine,
    map: &Map<String, Value>,
    key: &str,
    path: &Path<'_>,
) -> Result<crate::OrgId, Error> {
    let id = required_str(map, key, path)?;
    engine.org(id).ok_or_else(|| {
        Error::new(
            ErrorCode::UnknownOrg,
            path.key(key).render(),
            format!("unknown org `{id}`"),
        )
    })
}

/// `{"id", "org", "role"}` under `key`.
pub(crate) fn actor<'v>(
    engine: &Engine,
    map: &'v Map<String, Value>,
    key: &str,
    path: &Path<'_>,
) -> Result<Actor<'v>, Error> {
    let at = path.key(key);
    let fields = required_object(map, key, path)?;
    let id = required_str(fields, "id", &at)?;
    let org = org(engine, fields, "org", &at)?;
    let role_name = required_str(fields, "role", &at)?;
    let role = engine.role(role_name).ok_or_else(|| {
        Error::new(
            ErrorCode::UnknownRole,
            at.key("role").render(),
            format!("unknown role `{role_name}`"),
        )
    })?;
    Ok(Actor { id, org, role })
}

/// `{"id", "org", "owner"}` under `key`.
pub(crate) fn held_lead<'v>(
    engine: &Engine,
    map: &'v Map<String, Value>,
    key: &str,
    path: &Path<'_>,
) -> Result<HeldLead<'v>, Error> {
    let at = path.key(key);
    let fields = required_object(map, key, path)?;
    Ok(HeldLead {
        id: required_str(fields, "id", &at)?,
        org: org(engine, fields, "org", &at)?,
        owner: optional_str(fields, "owner", &at)?,
    })
}

/// The boolean under `key`; absent or null is `false`.
pub(crate) fn flag(map: &Map<String, Value>, key: &str, path: &Path<'_>) -> Result<bool, Error> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(invalid(
            &path.key(key),
            format!("expected true or false, found {}", type_name(other)),
        )),
    }
}

/// The workflow named by `workflow`; `leadx_pipeline` when absent.
pub(crate) fn workflow<'v>(map: &'v Map<String, Value>, path: &Path<'_>) -> Result<&'v str, Error> {
    Ok(optional_str(map, "workflow", path)?.unwrap_or(LEADX_PIPELINE))
}

/// The draft of `create`: `{"stage", "sub_stage", "assignee", "handover_to_sales"}`
/// under `lead`, each stage resolved as soon as it is read.
pub(crate) fn new_lead<'v>(
    engine: &Engine,
    workflow: &'v str,
    map: &'v Map<String, Value>,
    path: &Path<'_>,
) -> Result<NewLead<'v>, Error> {
    let at = path.key("lead");
    let fields = required_object(map, "lead", path)?;
    let mut lead = NewLead {
        workflow,
        stage: optional_str(fields, "stage", &at)?,
        sub_stage: None,
        assignee: None,
        handover_to_sales: false,
    };
    engine.check_draft_stages(&lead)?;
    lead.sub_stage = optional_str(fields, "sub_stage", &at)?;
    engine.check_draft_stages(&lead)?;
    lead.assignee = match fields.get("assignee") {
        None | Some(Value::Null) => None,
        Some(_) => {
            let assignee = required_object(fields, "assignee", &at)?;
            let assignee_path = at.key("assignee");
            Some(Assignee {
                id: required_str(assignee, "id", &assignee_path)?,
                org: org(engine, assignee, "org", &assignee_path)?,
            })
        }
    };
    lead.handover_to_sales = flag(fields, "handover_to_sales", &at)?;
    Ok(lead)
}

/// The lead of `edit`: `{"id", "org", "owner", "creator", "handed_over_to_sales"}`.
pub(crate) fn edited_lead<'v>(
    engine: &Engine,
    map: &'v Map<String, Value>,
    path: &Path<'_>,
) -> Result<EditedLead<'v>, Error> {
    let at = path.key("lead");
    let fields = required_object(map, "lead", path)?;
    let mut lead = EditedLead {
        id: required_str(fields, "id", &at)?,
        org: org(engine, fields, "org", &at)?,
        owner: optional_str(fields, "owner", &at)?,
        creator: optional_str(fields, "creator", &at)?,
        handed_over_to_sales: false,
    };
    lead.handed_over_to_sales = flag(fields, "handed_over_to_sales", &at)?;
    // The lock after handover is the creator's: without a creator it
    // could not be applied, and the edit would pass unchecked.
    if lead.handed_over_to_sales && lead.creator.is_none() {
        return Err(invalid(
            &at.key("creator"),
            "a lead handed over to sales must name its creator",
        ));
    }
    Ok(lead)
}

/// The RFC 3339 timestamp under `key`, which must be present.
pub(crate) fn timestamp(map: &Map<String, Value>, key: &str, path: &Path<'_>) -> Result<Timestamp, Error> {
    let text = required_str(map, key, path)?;
    // The path is rendered only for an error: not on the hot path.
    parse_timestamp(text, "").map_err(|mut error| {
        error.path = path.key(key).render();
        error
    })
}

/// An array of non-empty strings under `key`; absent or null is empty.
fn string_list<'v>(map: &'v Map<String, Value>, key: &str, path: &Path<'_>) -> Result<Vec<&'v str>, Error> {
    let at = path.key(key);
    match map.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) if !s.trim().is_empty() => Ok(s.as_str()),
                Value::String(_) => Err(invalid(&at.index(i), "must not be empty or blank")),
                other => Err(invalid(
                    &at.index(i),
                    format!("expected a string, found {}", type_name(other)),
                )),
            })
            .collect(),
        Some(other) => Err(invalid(
            &at,
            format!("expected an array, found {}", type_name(other)),
        )),
    }
}

/// The whole `link` request. Linking looks at no org, so `actor.org` is
/// read as text but not resolved against the directory.
pub(crate) fn link<'v>(
    engine: &Engine,
    map: &'v Map<String, Value>,
    path: &Path<'_>,
) -> Result<LinkRequest<'v>, Error> {
    let at = path.key("actor");
    let fields = required_object(map, "actor", path)?;
    let (id, role) = actor_without_org(engine, fields, &at)?;
    let actor = LinkActor {
        id,
        role,
        assignment_owner_of: string_list(fields, "assignment_owner_of", &at)?,
    };
    Ok(LinkRequest {
        actor,
        now: timestamp(map, "now", path)?,
        owner: required_str(map, "owner", path)?,
        primary: linked_lead(map, "primary", path)?,
        secondary: linked_lead(map, "secondary", path)?,
    })
}

/// One side of a link: `{"id", "project", "status", "owner", "mobile",
/// "alternates", "events": [{"id", "at"}]}`.
fn linked_lead<'v>(map: &'v Map<String, Value>, key: &str, path: &Path<'_>) -> Result<LinkedLead<'v>, Error> {
    let at = path.key(key);
    let fields = required_object(map, key, path)?;
    let mut lead = LinkedLead {
        id: required_str(fields, "id", &at)?,
        project: required_str(fields, "project", &at)?,
        status: required_str(fields, "status", &at)?,
        owner: optional_str(fields, "owner", &at)?,
        mobile: optional_str(fields, "mobile", &at)?,
        alternates: string_list(fields, "alternates", &at)?,
        events: Vec::new(),
    };
    let events_path = at.key("events");
    match fields.get("events") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            // The ids seen so far: a set, so that a long list is read in
            // linear time (a scan of the earlier events was quadratic).
            let mut ids = HashSet::new();
            for (i, item) in items.iter().enumerate() {
                let item_path = events_path.index(i);
                let event = object(item, &item_path)?;
                let id = required_str(event, "id", &item_path)?;
                // One event, one cancellation: a repeated id is a broken record.
                if !ids.insert(id) {
                    return Err(invalid(
                        &item_path.key("id"),
                        format!("duplicate event id `{id}`"),
                    ));
                }
                lead.events.push(LeadEvent {
                    id,
                    at: timestamp(event, "at", &item_path)?,
                });
            }
        }
        Some(other) => {
            return Err(invalid(
                &events_path,
                format!("expected an array, found {}", type_name(other)),
            ));
        }
    }
    Ok(lead)
}

/// An actor's `id` and `role` for kinds that look at no org directory:
/// `org` must be text if present but is not resolved.
pub(crate) fn actor_without_org<'v>(
    engine: &Engine,
    fields: &'v Map<String, Value>,
    at: &Path<'_>,
) -> Result<(&'v str, RoleId), Error> {
    let id = required_str(fields, "id", at)?;
    optional_str(fields, "org", at)?;
    let role_name = required_str(fields, "role", at)?;
    Ok((id, engine.require_role(role_name, &at.key("role").render())?))
}

/// The timestamp under `key`, if present (absent or null is `None`).
pub(crate) fn optional_timestamp(
    map: &Map<String, Value>,
    key: &str,
    path: &Path<'_>,
) -> Result<Option<Timestamp>, Error> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => timestamp(map, key, path).map(Some),
    }
}
