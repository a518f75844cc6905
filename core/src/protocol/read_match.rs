//! Reading the duplicate kinds: `match_keys` (one `lead` or a batch of
//! `leads`) and `match` (`lead`, `candidates`). A lead's fields in the
//! order `id`, `phone`, `mobiles`, `email`, `emails`, `name`, `company`;
//! the first problem is reported, at its path.
//!
//! Contact fields are user-entered data: an empty or blank one is read
//! (it gives no match value), not refused; only a value of the wrong JSON
//! type is an error. The lead asked about may have no id (a lead about to
//! be saved); every candidate has one, and no two the same.

use std::collections::HashSet;

use crate::error::Error;
use crate::matching::{MatchLead, MAX_LIST_VALUES};
use crate::path::Path;
use crate::protocol::input::{Input, JsonType, Key};
use crate::protocol::read::{invalid, object, optional_str, present, required_object, required_str};

/// `match_keys`: one lead (`Ok`) or a batch of `leads` (`Err`).
pub(crate) fn match_keys_request<'v, I: Input<'v>>(
    map: &I,
    path: &Path<'_>,
) -> Result<Result<MatchLead<'v>, Vec<MatchLead<'v>>>, Error> {
    match (present(map, Key::Lead), present(map, Key::Leads)) {
        (Some(_), Some(_)) => Err(invalid(
            &path.key("leads"),
            "`lead` and `leads` cannot stand together: one lead, or a batch",
        )),
        (None, None) => Err(invalid(
            &path.key("lead"),
            "missing `lead` (or `leads` for a batch)",
        )),
        (Some(_), None) => Ok(Ok(the_lead(map, path)?)),
        (None, Some(value)) => {
            let at = path.key("leads");
            let items = array(&value, &at)?;
            let mut leads = Vec::new();
            for (i, item) in items.enumerate() {
                let item_path = at.index(i);
                leads.push(lead(&object(item, &item_path)?, &item_path, false)?);
            }
            Ok(Err(leads))
        }
    }
}

/// `match`: the lead and its candidates.
pub(crate) fn match_request<'v, I: Input<'v>>(
    map: &I,
    path: &Path<'_>,
) -> Result<(MatchLead<'v>, Vec<MatchLead<'v>>), Error> {
    let own = the_lead(map, path)?;
    let at = path.key("candidates");
    let Some(value) = present(map, Key::Candidates) else {
        return Err(invalid(&at, "missing `candidates`"));
    };
    let items = array(&value, &at)?;
    let mut candidates = Vec::new();
    // A set: a long list is read in linear time.
    let mut ids = HashSet::new();
    for (i, item) in items.enumerate() {
        let item_path = at.index(i);
        let candidate = lead(&object(item, &item_path)?, &item_path, true)?;
        if let Some(id) = candidate.id {
            if !ids.insert(id) {
                return Err(invalid(
                    &item_path.key("id"),
                    format!("candidate `{id}` appears twice"),
                ));
            }
        }
        candidates.push(candidate);
    }
    Ok((own, candidates))
}

/// The request's `lead`.
fn the_lead<'v, I: Input<'v>>(map: &I, path: &Path<'_>) -> Result<MatchLead<'v>, Error> {
    let fields = required_object(map, Key::Lead, path)?;
    lead(&fields, &path.key("lead"), false)
}

/// A lead's contact fields; `id` required for a candidate.
fn lead<'v, I: Input<'v>>(fields: &I, at: &Path<'_>, id_required: bool) -> Result<MatchLead<'v>, Error> {
    let id = if id_required {
        Some(required_str(fields, Key::Id, at)?)
    } else {
        optional_str(fields, Key::Id, at)?
    };
    Ok(MatchLead {
        id,
        phone: contact(fields, Key::Phone, at)?,
        mobiles: contacts(fields, Key::Mobiles, at)?,
        email: contact(fields, Key::Email, at)?,
        emails: contacts(fields, Key::Emails, at)?,
        name: contact(fields, Key::Name, at)?,
        company: contact(fields, Key::Company, at)?,
    })
}

/// A contact field: text (blank allowed), or absent or null.
fn contact<'v, I: Input<'v>>(fields: &I, key: Key, at: &Path<'_>) -> Result<Option<&'v str>, Error> {
    let Some(value) = fields.get(key) else {
        return Ok(None);
    };
    text(&value, &at.key(key.as_str()))
}

fn text<'v, I: Input<'v>>(value: &I, at: &Path<'_>) -> Result<Option<&'v str>, Error> {
    match value.text() {
        Ok(Some(text)) => Ok(Some(text)),
        Ok(None) if value.json_type() == JsonType::Null => Ok(None),
        Ok(None) => Err(invalid(
            at,
            format!("expected a string, found {}", value.json_type().name()),
        )),
        Err(message) => Err(invalid(at, message)),
    }
}

/// A list contact field: strings (blank allowed), at most
/// [`MAX_LIST_VALUES`]; absent or null is empty.
fn contacts<'v, I: Input<'v>>(fields: &I, key: Key, at: &Path<'_>) -> Result<Vec<&'v str>, Error> {
    let Some(value) = present(fields, key) else {
        return Ok(Vec::new());
    };
    let at = at.key(key.as_str());
    let mut values = Vec::new();
    for (i, item) in array(&value, &at)?.enumerate() {
        if i == MAX_LIST_VALUES {
            return Err(invalid(
                &at,
                format!(
                    "at most {MAX_LIST_VALUES} values a list field (a lead's keys grow with their product)"
                ),
            ));
        }
        let item_path = at.index(i);
        match text(&item, &item_path)? {
            Some(text) => values.push(text),
            None => return Err(invalid(&item_path, "expected a string, found null")),
        }
    }
    Ok(values)
}

/// The items of the array `value`.
fn array<'v, I: Input<'v>>(value: &I, at: &Path<'_>) -> Result<I::Items, Error> {
    value.items().ok_or_else(|| {
        invalid(
            at,
            format!("expected an array, found {}", value.json_type().name()),
        )
    })
}
