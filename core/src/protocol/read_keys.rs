//! The unknown-key check of the request reader: which keys of a request
//! the protocol does not define, as warnings or as the first error, by the
//! engine's [`UnknownKeys`] mode. An ignoring engine (the default) looks at
//! nothing here.
//!
//! What is known is what the reader reads ([`shape::REQUEST`], the union of
//! every kind's keys, so a key of the protocol is never a typo in any
//! kind). The envelope is closed: any other key of it is reported. A
//! record (`actor`, `lead`, `lead.assignee`, each of `leads`, `primary`,
//! `secondary`, each of `events`, each of `assign`'s `pools` and each of
//! a pool's `members`, each of `match`'s `candidates`) is a host's row and
//! stays free: one of its keys is reported only when it is nearly spelled
//! as a known key of that record ([`suggestion`]). The objects the
//! protocol defines whole (each of `sla`'s `paused`,
//! [`shape::CLOSED_OBJECTS`]) are closed like the envelope. A transition's `fields` are the
//! workflow's, never checked. Keys are visited object by object in sorted
//! order, depth first, so that every language reports them alike however
//! its objects order their keys.

use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::json::Shape;
use crate::path::Path;
use crate::protocol::input::{Input, JsonType, Key};
use crate::protocol::shape;
use crate::unknown_keys::{suggestion, RequestWarning, UnknownKeys};
use crate::vocabulary::WarningCode;

impl Engine {
    /// This engine's mode for request keys the protocol does not define.
    #[inline]
    pub fn unknown_keys(&self) -> UnknownKeys {
        self.policy.unknown_keys
    }

    /// This engine with another mode for unknown request keys (a binding's
    /// `strict` switch): the config's `policy.requests.unknown_keys`
    /// replaced.
    #[must_use]
    pub fn with_unknown_keys(mut self, mode: UnknownKeys) -> Engine {
        self.policy.unknown_keys = mode;
        self
    }

    /// The warnings about `request`'s unknown keys, by this engine's mode:
    /// none, and nothing looked at, when they are ignored; every one when
    /// they warn; the first as `invalid_request` at its path when they are
    /// an error. Asked before the request is read, so that a typo is
    /// reported rather than the field it left missing.
    #[inline]
    pub fn check_request_keys<'v, I: Input<'v>>(&self, request: &I) -> Result<Vec<RequestWarning>, Error> {
        if self.policy.unknown_keys == UnknownKeys::Ignore {
            return Ok(Vec::new());
        }
        self.checked_request_keys(request)
    }

    /// [`Engine::check_request_keys`] of an engine that checks them: out
    /// of the line of the ignoring engines' hot calls.
    #[cold]
    #[inline(never)]
    fn checked_request_keys<'v, I: Input<'v>>(&self, request: &I) -> Result<Vec<RequestWarning>, Error> {
        let mut found = Vec::new();
        record(request, shape::REQUEST, true, &Path::Root, &mut found);
        match (self.policy.unknown_keys, found.first()) {
            (UnknownKeys::Error, Some(first)) => Err(Error::new(
                ErrorCode::InvalidRequest,
                first.path.clone(),
                first.message.clone(),
            )),
            _ => Ok(found),
        }
    }
}

/// Checks the object `value` read as `shape` (a record), then what its
/// known keys hold.
fn record<'v, I: Input<'v>>(
    value: &I,
    shape: Shape,
    closed: bool,
    path: &Path<'_>,
    found: &mut Vec<RequestWarning>,
) {
    let Shape::Record(known) = shape else { return };
    if value.json_type() != JsonType::Object {
        return;
    }
    let mut names = value
        .keys()
        .unwrap_or_else(|| known.iter().map(|&(name, _)| name.to_owned()).collect());
    names.sort_unstable();
    for name in &names {
        let at = path.key(name);
        match known.iter().find(|(k, _)| k == name) {
            Some(&(known_name, inner)) => {
                if let Some(child) = Key::from_name(known_name).and_then(|key| value.get(key)) {
                    let closed = shape::CLOSED_OBJECTS.contains(&known_name);
                    nested(&child, inner, closed, &at, found);
                }
            }
            None => {
                let near = suggestion(name, known.iter().map(|&(k, _)| k));
                if closed || near.is_some() {
                    found.push(unknown(&at, name, near));
                }
            }
        }
    }
}

/// The value of a known key: a record, a list of them or a map to them
/// (`assign`'s `pools`) is checked, `closed` when the protocol defines the
/// objects whole; a scalar, a list of ids and the form `fields` are not.
fn nested<'v, I: Input<'v>>(
    value: &I,
    shape: Shape,
    closed: bool,
    path: &Path<'_>,
    found: &mut Vec<RequestWarning>,
) {
    match shape {
        Shape::Record(_) => record(value, shape, closed, path, found),
        Shape::List(item) if matches!(item, Shape::Record(_)) => {
            for (i, item_value) in value.items().into_iter().flatten().enumerate() {
                record(&item_value, *item, closed, &path.index(i), found);
            }
        }
        Shape::Map(item) if matches!(item, Shape::Record(_)) => entries(value, *item, path, found),
        _ => {}
    }
}

/// The values of a map keyed by the host's names (a pool by its name),
/// each checked as a free record. The map is read as the reader reads it
/// ([`Input::form`]: its JSON value), so that every input lists its entries
/// alike; a map that has no JSON form is left to the reader, which
/// reports it. Names are visited in sorted order, as keys are.
fn entries<'v, I: Input<'v>>(value: &I, item: Shape, path: &Path<'_>, found: &mut Vec<RequestWarning>) {
    let Ok(Some(map)) = value.form() else { return };
    let mut names: Vec<&String> = map.keys().collect();
    names.sort_unstable();
    for name in names {
        if let Some(entry) = map.get(name) {
            record(&entry, item, false, &path.key(name), found);
        }
    }
}

/// The warning about the unknown key `name` at `path`.
fn unknown(path: &Path<'_>, name: &str, near: Option<&str>) -> RequestWarning {
    let message = match near {
        Some(known) => format!("unknown key `{name}`: did you mean `{known}`?"),
        None => format!("unknown key `{name}`: the protocol does not read it"),
    };
    RequestWarning {
        code: WarningCode::UnknownKey,
        path: path.render(),
        message,
    }
}
