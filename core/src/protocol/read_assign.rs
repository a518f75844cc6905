//! Reading the assignment kinds: `assign` (one `lead` or a batch of
//! `leads`) and `change_owner`. Fields in protocol order: `now`, `lead` /
//! `leads`, `pools` (each pool's `cursor`, then its members in order, each
//! member's fields in the order `id`, `org`, `role`, `active`, `away`,
//! `calendar`, `open_leads`, `capacity`, `weight`, `accepts`); the first
//! problem is reported, at its path.
//!
//! A lead's `fields` and the `pools` map are the host's data, keyed by
//! names the reader does not know in advance: read in place where the
//! input lists them ([`Input::field_pairs`], [`Input::entries`]), else as
//! JSON objects ([`Input::form`]).

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::assignment::condition::{compile_list, LeadFields};
use crate::assignment::shift::require_calendar;
use crate::assignment::{check_batch_size, AssignLead, Member, Pool};
use crate::edit::EditedLead;
use crate::engine::Engine;
use crate::error::Error;
use crate::model::Actor;
use crate::path::Path;
use crate::protocol::input::{Input, Key};
use crate::protocol::read::{
    actor, flag, held_lead_fields, invalid, object, optional_str, optional_timestamp, org, present,
    required_object, required_str, role,
};
use crate::time::Timestamp;

/// What an `assign` request holds: `now`, one lead or many, the pools.
pub(crate) struct AssignParts<'v> {
    pub(crate) now: Option<Timestamp>,
    /// `Ok` for one `lead`, `Err` for a batch of `leads`.
    pub(crate) leads: Result<AssignLead<'v>, Vec<AssignLead<'v>>>,
    pub(crate) pools: Vec<Pool<'v>>,
}

/// The whole `assign` request.
pub(crate) fn assign_request<'v, I: Input<'v>>(
    engine: &Engine,
    map: &I,
    path: &Path<'_>,
) -> Result<AssignParts<'v>, Error> {
    let now = optional_timestamp(map, Key::Now, path)?;
    let leads = match (present(map, Key::Lead), present(map, Key::Leads)) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                &path.key("leads"),
                "`lead` and `leads` cannot stand together: one lead, or a batch",
            ))
        }
        (None, None) => {
            return Err(invalid(
                &path.key("lead"),
                "missing `lead` (or `leads` for a batch)",
            ))
        }
        (Some(_), None) => Ok(lead(
            engine,
            &required_object(map, Key::Lead, path)?,
            &path.key("lead"),
        )?),
        (None, Some(value)) => Err(leads(engine, value, &path.key("leads"))?),
    };
    let pools = pools(engine, map, path)?;
    if let Err(batch) = &leads {
        check_batch_size(batch.len(), &pools)?;
    }
    Ok(AssignParts { now, leads, pools })
}

/// A lead to assign: `{"id", "org", "fields"}`.
fn lead<'v, I: Input<'v>>(engine: &Engine, fields: &I, at: &Path<'_>) -> Result<AssignLead<'v>, Error> {
    let id = required_str(fields, Key::Id, at)?;
    let org = org(engine, fields, Key::Org, at)?;
    let fields = match present(fields, Key::Fields) {
        None => LeadFields::None,
        Some(value) => match value.field_pairs() {
            Some(pairs) => LeadFields::Pairs(pairs),
            None => LeadFields::Json(form(&value, &at.key("fields"))?),
        },
    };
    Ok(AssignLead { id, org, fields })
}

/// A batch's leads, ids distinct.
fn leads<'v, I: Input<'v>>(engine: &Engine, value: I, at: &Path<'_>) -> Result<Vec<AssignLead<'v>>, Error> {
    let Some(items) = value.items() else {
        return Err(invalid(
            at,
            format!("expected an array of leads, found {}", value.json_type().name()),
        ));
    };
    // Sized once: a batch is up to many thousands of leads.
    let (count, _) = items.size_hint();
    let mut leads = Vec::with_capacity(count);
    let mut ids = HashSet::with_capacity(count);
    for (i, item) in items.enumerate() {
        let item_path = at.index(i);
        let lead = lead(engine, &object(item, &item_path)?, &item_path)?;
        if !ids.insert(lead.id) {
            return Err(invalid(
                &item_path.key("id"),
                format!("lead `{}` appears twice in one batch", lead.id),
            ));
        }
        leads.push(lead);
    }
    Ok(leads)
}

/// An object of the host's own keys, as JSON.
fn form<'v, I: Input<'v>>(value: &I, at: &Path<'_>) -> Result<&'v Map<String, Value>, Error> {
    match value.form() {
        Ok(Some(map)) => Ok(map),
        Ok(None) => Err(invalid(
            at,
            format!("expected an object, found {}", value.json_type().name()),
        )),
        Err(message) => Err(invalid(at, message)),
    }
}

/// `pools`: name → `{"cursor", "members"}`. Read entry by entry where
/// the input lists them in place ([`Input::entries`]), else converted
/// whole ([`Input::form`]): the same checks either way.
fn pools<'v, I: Input<'v>>(engine: &Engine, map: &I, path: &Path<'_>) -> Result<Vec<Pool<'v>>, Error> {
    let at = path.key("pools");
    let Some(value) = present(map, Key::Pools) else {
        return Err(invalid(&at, "missing `pools` (name → {\"cursor\", \"members\"})"));
    };
    if let Some(entries) = value.entries() {
        let mut read = Vec::with_capacity(entries.len());
        for (name, pool_value) in entries {
            read.push(pool(engine, name, pool_value, &at)?);
        }
        return Ok(read);
    }
    let pools = form(&value, &at)?;
    let mut read = Vec::with_capacity(pools.len());
    for (name, pool_value) in pools {
        read.push(pool(engine, name, pool_value, &at)?);
    }
    Ok(read)
}

/// One pool: its `cursor`, then its members in order.
fn pool<'v, P: Input<'v>>(
    engine: &Engine,
    name: &'v str,
    value: P,
    at: &Path<'_>,
) -> Result<Pool<'v>, Error> {
    let pool_path = at.key(name);
    let fields = object(value, &pool_path)?;
    let cursor = optional_str(&fields, Key::Cursor, &pool_path)?;
    let members_path = pool_path.key("members");
    let Some(members) = present(&fields, Key::Members) else {
        return Err(invalid(&members_path, "missing `members`"));
    };
    let Some(items) = members.items() else {
        return Err(invalid(
            &members_path,
            format!(
                "expected an array of members, found {}",
                members.json_type().name()
            ),
        ));
    };
    let (members_count, _) = items.size_hint();
    let mut ids = HashSet::with_capacity(members_count);
    let mut list = Vec::with_capacity(members_count);
    for (i, item) in items.enumerate() {
        let member_path = members_path.index(i);
        let member = member(engine, &object(item, &member_path)?, &member_path, &mut ids)?;
        list.push(member);
    }
    Ok(Pool {
        name,
        cursor,
        members: list,
    })
}

/// One member; its id must be new to `ids` (the pool's so far).
fn member<'v, P: Input<'v>>(
    engine: &Engine,
    fields: &P,
    at: &Path<'_>,
    ids: &mut HashSet<&'v str>,
) -> Result<Member<'v>, Error> {
    let id = required_str(fields, Key::Id, at)?;
    if !ids.insert(id) {
        return Err(invalid(
            &at.key("id"),
            format!("member `{id}` appears twice in one pool"),
        ));
    }
    let org = required_str(fields, Key::Org, at)?;
    let role = role(engine, fields, at)?;
    let mut member = Member::new(id, org, role);
    member.active = present(fields, Key::Active).is_none() || flag(fields, Key::Active, at)?;
    member.away = flag(fields, Key::Away, at)?;
    member.calendar = optional_str(fields, Key::Calendar, at)?;
    if let Some(calendar) = member.calendar {
        require_calendar(&engine.policy.calendars, calendar, || at.key("calendar").render())?;
    }
    member.open_leads = count(fields, Key::OpenLeads, at)?.unwrap_or(0);
    member.capacity = count(fields, Key::Capacity, at)?;
    member.weight = count(fields, Key::Weight, at)?.unwrap_or(1);
    if let Some(accepts) = present(fields, Key::Accepts) {
        let accepts_path = at.key("accepts");
        let accepts = match accepts.json() {
            Ok(Some(value)) => value,
            Ok(None) => return Err(invalid(&accepts_path, "the conditions could not be read")),
            Err(message) => return Err(invalid(&accepts_path, message)),
        };
        let mut first: Option<Error> = None;
        let mut report = |path: &Path<'_>, message: String| {
            first.get_or_insert_with(|| invalid(path, message));
        };
        let conditions = compile_list(accepts, &accepts_path, false, &mut report);
        if let Some(error) = first {
            return Err(error);
        }
        member.accepts = conditions.unwrap_or_default();
    }
    Ok(member)
}

/// A whole number ≥ 0 under `key`; absent or null is `None`.
fn count<'v, I: Input<'v>>(fields: &I, key: Key, at: &Path<'_>) -> Result<Option<u64>, Error> {
    let Some(value) = present(fields, key) else {
        return Ok(None);
    };
    let path = || at.key(key.as_str());
    match value.number() {
        Some(n) => match (n.as_u64(), n.as_i64()) {
            (Some(n), _) => Ok(Some(n)),
            (None, Some(_)) => Err(invalid(
                &path(),
                format!("`{}` must not be negative", key.as_str()),
            )),
            (None, None) if n.as_f64().is_some_and(|f| f < 0.0) => Err(invalid(
                &path(),
                format!("`{}` must not be negative", key.as_str()),
            )),
            (None, None) => Err(invalid(
                &path(),
                format!("`{}` must be a whole number", key.as_str()),
            )),
        },
        None => Err(invalid(
            &path(),
            format!("expected a whole number, found {}", value.json_type().name()),
        )),
    }
}

/// The whole `change_owner` request: `actor`, `lead` (`{"id", "org",
/// "owner", "creator", "handed_over_to_sales"}`), `to` (the new owner,
/// `{"id", "org", "role"}`, resolved as an actor is).
pub(crate) fn change_owner_request<'v, I: Input<'v>>(
    engine: &Engine,
    map: &I,
    path: &Path<'_>,
) -> Result<(Actor<'v>, EditedLead<'v>, Actor<'v>), Error> {
    let asking = actor(engine, map, Key::Actor, path)?;
    // No creator is required: the lock binds everyone without
    // `manage_org_leads` here (docs/choices.md).
    let lead = held_lead_fields(engine, map, path)?;
    let to = actor(engine, map, Key::To, path)?;
    Ok((asking, lead, to))
}
