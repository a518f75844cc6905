//! Reading request fields with their paths, from any [`Input`]. Unknown
//! keys are ignored (hosts pass their own records); a missing or wrongly
//! typed field is `invalid_request` naming the field.

use std::collections::HashSet;

use crate::create::{Assignee, NewLead};
use crate::edit::EditedLead;
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::link::{LeadEvent, LinkActor, LinkRequest, LinkedLead};
use crate::model::{Actor, HeldLead};
use crate::path::Path;
use crate::protocol::input::{Input, JsonType, Key, Names};
use crate::roles::RoleId;
use crate::time::{parse_timestamp, Timestamp};
use crate::workflow::LEADX_PIPELINE;

/// `invalid_request` at `path`.
pub(crate) fn invalid(path: &Path<'_>, message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidRequest, path.render(), message)
}

/// The value under `key`, absent when missing or null.
pub(crate) fn present<'v, I: Input<'v>>(map: &I, key: Key) -> Option<I> {
    map.get(key).filter(|value| value.json_type() != JsonType::Null)
}

/// The value at `path`, which must be an object.
pub(crate) fn object<'v, I: Input<'v>>(value: I, path: &Path<'_>) -> Result<I, Error> {
    match value.json_type() {
        JsonType::Object => Ok(value),
        other => Err(invalid(
            path,
            format!("expected an object, found {}", other.name()),
        )),
    }
}

/// The object under `key`, which must be present.
pub(crate) fn required_object<'v, I: Input<'v>>(map: &I, key: Key, path: &Path<'_>) -> Result<I, Error> {
    let value = map.get(key);
    let found = value.as_ref().map_or(JsonType::Null, Input::json_type);
    match (value, found) {
        (Some(value), JsonType::Object) => Ok(value),
        (None, _) | (_, JsonType::Null) => Err(invalid(
            &path.key(key.as_str()),
            format!("missing `{}`", key.as_str()),
        )),
        (Some(_), other) => Err(invalid(
            &path.key(key.as_str()),
            format!("expected an object, found {}", other.name()),
        )),
    }
}

/// The non-empty string under `key`, which must be present.
pub(crate) fn required_str<'v, I: Input<'v>>(map: &I, key: Key, path: &Path<'_>) -> Result<&'v str, Error> {
    required_text(map.get(key).as_ref(), key, path)
}

/// [`required_str`] of the value under `key`, looked up already.
fn required_text<'v, I: Input<'v>>(value: Option<&I>, key: Key, path: &Path<'_>) -> Result<&'v str, Error> {
    match text_of(value, key, path)? {
        Some(s) => Ok(s),
        None => Err(invalid(
            &path.key(key.as_str()),
            format!("missing `{}`", key.as_str()),
        )),
    }
}

/// The string under `key`, `None` when absent or null; an empty or
/// whitespace-only string is an error (ids and numbers are never blank).
pub(crate) fn optional_str<'v, I: Input<'v>>(
    map: &I,
    key: Key,
    path: &Path<'_>,
) -> Result<Option<&'v str>, Error> {
    text_of(map.get(key).as_ref(), key, path)
}

/// [`optional_str`] of the value under `key`, looked up already: each value
/// is looked up once (a binding's lookup is a dict's), and its text asked
/// before its type (text is what is read nearly always).
fn text_of<'v, I: Input<'v>>(value: Option<&I>, key: Key, path: &Path<'_>) -> Result<Option<&'v str>, Error> {
    let Some(value) = value else { return Ok(None) };
    let name = key.as_str();
    match value.text() {
        Ok(Some(s)) if blank(s) => Err(invalid(
            &path.key(name),
            format!("`{name}` must not be empty or blank"),
        )),
        Ok(Some(s)) => Ok(Some(s)),
        Ok(None) => match value.json_type() {
            JsonType::Null => Ok(None),
            other => Err(invalid(
                &path.key(name),
                format!("expected a string, found {}", other.name()),
            )),
        },
        Err(message) => Err(invalid(&path.key(name), message)),
    }
}

/// Whether `text` is empty or whitespace only (what `trim` would leave
/// empty), found at its first other character: an id is read at every
/// request, and is nearly never blank.
fn blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// An org id under `key`, resolved against the directory.
pub(crate) fn org<'v, I: Input<'v>>(
    engine: &Engine,
    map: &I,
    key: Key,
    path: &Path<'_>,
) -> Result<crate::OrgId, Error> {
    let value = map.get(key);
    if let Some(org) = value
        .as_ref()
        .and_then(|v| v.cached(Names::Orgs))
        .and_then(|index| engine.org_at(index))
    {
        return Ok(org);
    }
    let id = required_text(value.as_ref(), key, path)?;
    let org = engine.org(id).ok_or_else(|| {
        Error::new(
            ErrorCode::UnknownOrg,
            path.key(key.as_str()).render(),
            format!("unknown org `{id}`"),
        )
    })?;
    if let Some(value) = value {
        value.remember(Names::Orgs, org.index());
    }
    Ok(org)
}

/// The role under `role`, resolved against the role table.
pub(crate) fn role<'v, I: Input<'v>>(engine: &Engine, fields: &I, at: &Path<'_>) -> Result<RoleId, Error> {
    let value = fields.get(Key::Role);
    if let Some(role) = value
        .as_ref()
        .and_then(|v| v.cached(Names::Roles))
        .and_then(|index| engine.role_at(index))
    {
        return Ok(role);
    }
    let name = required_text(value.as_ref(), Key::Role, at)?;
    // The path is rendered only for an error: not on the hot path.
    let role = engine.role(name).ok_or_else(|| {
        Error::new(
            ErrorCode::UnknownRole,
            at.key("role").render(),
            format!("unknown role `{name}`"),
        )
    })?;
    if let Some(value) = value {
        value.remember(Names::Roles, role.index());
    }
    Ok(role)
}

/// `{"id", "org", "role"}` under `key`.
pub(crate) fn actor<'v, I: Input<'v>>(
    engine: &Engine,
    map: &I,
    key: Key,
    path: &Path<'_>,
) -> Result<Actor<'v>, Error> {
    let at = path.key(key.as_str());
    let fields = required_object(map, key, path)?;
    let id = required_str(&fields, Key::Id, &at)?;
    let org = org(engine, &fields, Key::Org, &at)?;
    let role = role(engine, &fields, &at)?;
    Ok(Actor { id, org, role })
}

/// `{"id", "org", "owner"}` under `key`.
pub(crate) fn held_lead<'v, I: Input<'v>>(
    engine: &Engine,
    map: &I,
    key: Key,
    path: &Path<'_>,
) -> Result<HeldLead<'v>, Error> {
    let at = path.key(key.as_str());
    let fields = required_object(map, key, path)?;
    Ok(HeldLead {
        id: required_str(&fields, Key::Id, &at)?,
        org: org(engine, &fields, Key::Org, &at)?,
        owner: optional_str(&fields, Key::Owner, &at)?,
    })
}

/// The boolean under `key`; absent or null is `false`.
pub(crate) fn flag<'v, I: Input<'v>>(map: &I, key: Key, path: &Path<'_>) -> Result<bool, Error> {
    let Some(value) = map.get(key) else {
        return Ok(false);
    };
    match (value.boolean(), value.json_type()) {
        (Some(b), _) => Ok(b),
        (None, JsonType::Null) => Ok(false),
        (None, other) => Err(invalid(
            &path.key(key.as_str()),
            format!("expected true or false, found {}", other.name()),
        )),
    }
}

/// The workflow named by `workflow`; `leadx_pipeline` when absent.
pub(crate) fn workflow<'v, I: Input<'v>>(map: &I, path: &Path<'_>) -> Result<&'v str, Error> {
    Ok(optional_str(map, Key::Workflow, path)?.unwrap_or(LEADX_PIPELINE))
}

/// The draft of `create`: `{"stage", "sub_stage", "assignee",
/// "handover_to_sales", "id", "template", "expires_at"}` under `lead`, each stage resolved
/// as soon as it is read, and the request's `now`.
pub(crate) fn new_lead<'v, I: Input<'v>>(
    engine: &Engine,
    workflow: &'v str,
    map: &I,
    path: &Path<'_>,
) -> Result<NewLead<'v>, Error> {
    let at = path.key("lead");
    let fields = required_object(map, Key::Lead, path)?;
    let mut lead = NewLead {
        stage: optional_str(&fields, Key::Stage, &at)?,
        ..NewLead::new(workflow)
    };
    engine.check_draft_stages(&lead)?;
    lead.sub_stage = optional_str(&fields, Key::SubStage, &at)?;
    engine.check_draft_stages(&lead)?;
    lead.assignee = match present(&fields, Key::Assignee) {
        None => None,
        Some(_) => {
            let assignee = required_object(&fields, Key::Assignee, &at)?;
            let assignee_path = at.key("assignee");
            Some(Assignee {
                id: required_str(&assignee, Key::Id, &assignee_path)?,
                org: org(engine, &assignee, Key::Org, &assignee_path)?,
            })
        }
    };
    lead.handover_to_sales = flag(&fields, Key::HandoverToSales, &at)?;
    lead.id = optional_str(&fields, Key::Id, &at)?;
    lead.template = optional_str(&fields, Key::Template, &at)?;
    lead.expires_at = optional_timestamp(&fields, Key::ExpiresAt, &at)?;
    lead.now = optional_timestamp(map, Key::Now, path)?;
    Ok(lead)
}

/// The held lead of `edit` and `change_owner`: `{"id", "org", "owner",
/// "creator", "handed_over_to_sales"}`.
pub(crate) fn held_lead_fields<'v, I: Input<'v>>(
    engine: &Engine,
    map: &I,
    path: &Path<'_>,
) -> Result<EditedLead<'v>, Error> {
    let fields = required_object(map, Key::Lead, path)?;
    lead_fields(engine, &fields, &path.key("lead"))
}

/// The fields of a held lead (the object at `at`): `id`, `org`, `owner`,
/// `creator`, `handed_over_to_sales`, in that order. A prepared lead is
/// read by this too.
pub(crate) fn lead_fields<'v, I: Input<'v>>(
    engine: &Engine,
    fields: &I,
    at: &Path<'_>,
) -> Result<EditedLead<'v>, Error> {
    let mut lead = EditedLead {
        id: required_str(fields, Key::Id, at)?,
        org: org(engine, fields, Key::Org, at)?,
        owner: optional_str(fields, Key::Owner, at)?,
        creator: optional_str(fields, Key::Creator, at)?,
        handed_over_to_sales: false,
    };
    lead.handed_over_to_sales = flag(fields, Key::HandedOverToSales, at)?;
    Ok(lead)
}

/// The lead of `edit`: [`held_lead_fields`], with a creator when it was
/// handed over to sales.
pub(crate) fn edited_lead<'v, I: Input<'v>>(
    engine: &Engine,
    map: &I,
    path: &Path<'_>,
) -> Result<EditedLead<'v>, Error> {
    let lead = held_lead_fields(engine, map, path)?;
    let at = path.key("lead");
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
pub(crate) fn timestamp<'v, I: Input<'v>>(map: &I, key: Key, path: &Path<'_>) -> Result<Timestamp, Error> {
    time_of(map.get(key).as_ref(), key, path)
}

/// [`timestamp`] of the value under `key`, looked up already.
fn time_of<'v, I: Input<'v>>(value: Option<&I>, key: Key, path: &Path<'_>) -> Result<Timestamp, Error> {
    if let Some(at) = value.and_then(Input::timestamp) {
        return Ok(at);
    }
    parse_at(required_text(value, key, path)?, key, path)
}

/// The timestamp `text` under `key`.
fn parse_at(text: &str, key: Key, path: &Path<'_>) -> Result<Timestamp, Error> {
    // The path is rendered only for an error: not on the hot path.
    parse_timestamp(text, "").map_err(|mut error| {
        error.path = path.key(key.as_str()).render();
        error
    })
}

/// An array of non-empty strings under `key`; absent or null is empty.
fn string_list<'v, I: Input<'v>>(map: &I, key: Key, path: &Path<'_>) -> Result<Vec<&'v str>, Error> {
    let at = path.key(key.as_str());
    let Some(value) = present(map, key) else {
        return Ok(Vec::new());
    };
    let Some(items) = value.items() else {
        return Err(invalid(
            &at,
            format!("expected an array, found {}", value.json_type().name()),
        ));
    };
    items
        .enumerate()
        .map(|(i, item)| match item.text() {
            Ok(Some(s)) if !blank(s) => Ok(s),
            Ok(Some(_)) => Err(invalid(&at.index(i), "must not be empty or blank")),
            Ok(None) => Err(invalid(
                &at.index(i),
                format!("expected a string, found {}", item.json_type().name()),
            )),
            Err(message) => Err(invalid(&at.index(i), message)),
        })
        .collect()
}

/// The whole `link` request. Linking looks at no org, so `actor.org` is
/// read as text but not resolved against the directory.
pub(crate) fn link<'v, I: Input<'v>>(
    engine: &Engine,
    map: &I,
    path: &Path<'_>,
) -> Result<LinkRequest<'v>, Error> {
    let at = path.key("actor");
    let fields = required_object(map, Key::Actor, path)?;
    let (id, _, role) = actor_without_org(engine, &fields, &at)?;
    let actor = LinkActor {
        id,
        role,
        assignment_owner_of: string_list(&fields, Key::AssignmentOwnerOf, &at)?,
    };
    Ok(LinkRequest {
        actor,
        now: timestamp(map, Key::Now, path)?,
        owner: required_str(map, Key::Owner, path)?,
        primary: linked_lead(map, Key::Primary, path)?,
        secondary: linked_lead(map, Key::Secondary, path)?,
    })
}

/// One side of a link: `{"id", "project", "status", "owner", "mobile",
/// "alternates", "events": [{"id", "at"}]}`.
fn linked_lead<'v, I: Input<'v>>(map: &I, key: Key, path: &Path<'_>) -> Result<LinkedLead<'v>, Error> {
    let at = path.key(key.as_str());
    let fields = required_object(map, key, path)?;
    let mut lead = LinkedLead {
        id: required_str(&fields, Key::Id, &at)?,
        project: required_str(&fields, Key::Project, &at)?,
        status: required_str(&fields, Key::Status, &at)?,
        owner: optional_str(&fields, Key::Owner, &at)?,
        mobile: optional_str(&fields, Key::Mobile, &at)?,
        alternates: string_list(&fields, Key::Alternates, &at)?,
        events: Vec::new(),
    };
    let events_path = at.key("events");
    let Some(events) = present(&fields, Key::Events) else {
        return Ok(lead);
    };
    let Some(items) = events.items() else {
        return Err(invalid(
            &events_path,
            format!("expected an array, found {}", events.json_type().name()),
        ));
    };
    // The ids seen so far: a set, so that a long list is read in linear
    // time (a scan of the earlier events was quadratic).
    let mut ids = HashSet::new();
    for (i, item) in items.enumerate() {
        let item_path = events_path.index(i);
        let event = object(item, &item_path)?;
        let id = required_str(&event, Key::Id, &item_path)?;
        // One event, one cancellation: a repeated id is a broken record.
        if !ids.insert(id) {
            return Err(invalid(
                &item_path.key("id"),
                format!("duplicate event id `{id}`"),
            ));
        }
        lead.events.push(LeadEvent {
            id,
            at: timestamp(&event, Key::At, &item_path)?,
        });
    }
    Ok(lead)
}

/// An actor's `id`, `org` and `role`, in that order, for kinds that look
/// at no org directory (and for a prepared actor): `org` must be text if
/// present but is not resolved.
pub(crate) fn actor_without_org<'v, I: Input<'v>>(
    engine: &Engine,
    fields: &I,
    at: &Path<'_>,
) -> Result<(&'v str, Option<&'v str>, RoleId), Error> {
    let id = required_str(fields, Key::Id, at)?;
    let org = optional_str(fields, Key::Org, at)?;
    Ok((id, org, role(engine, fields, at)?))
}

/// The timestamp under `key`, if present (absent or null is `None`).
pub(crate) fn optional_timestamp<'v, I: Input<'v>>(
    map: &I,
    key: Key,
    path: &Path<'_>,
) -> Result<Option<Timestamp>, Error> {
    let Some(value) = map.get(key) else {
        return Ok(None);
    };
    if let Some(at) = value.timestamp() {
        return Ok(Some(at));
    }
    match text_of(Some(&value), key, path)? {
        None => Ok(None),
        Some(text) => parse_at(text, key, path).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::blank;

    #[test]
    fn blank_is_what_trim_leaves_empty() {
        for text in [
            "",
            " ",
            "\t\n",
            "\u{3000}",
            "\u{a0}\u{2028}",
            "u1",
            " u1 ",
            "\u{3000}x",
            "x\u{3000}",
            "\u{200b}",
        ] {
            assert_eq!(blank(text), text.trim().is_empty(), "{text:?}");
        }
    }
}
