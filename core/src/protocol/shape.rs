//! What the request reader reads, as a [`Shape`]: request text is built into a
//! value of these parts only, so that a host's own keys (ignored by the
//! protocol: docs/protocol.md#conventions) cost no memory however large or
//! deep they are.
//!
//! One shape serves every kind (the union of their keys): `kind` may come
//! last in the text. Every list reader reads its items in order and refuses
//! the first of the wrong JSON type at its index (`leads[3]`,
//! `primary.alternates[0]`), so the items after it are only checked. A key added to a reader in `read.rs` or
//! `read_workflow.rs` must be added here too; `core/tests/request_shape.rs`
//! checks that every conformance request, and every variant of it with a
//! value replaced, is answered alike from its text and from its whole value.

use crate::json::Shape;

const SCALAR: Shape = Shape::Scalar;

/// An item of a list of ids (`alternates`, `assignment_owner_of`).
const TEXT: Shape = Shape::Text;

/// `actor` of every kind (`assignment_owner_of` is linking's), and
/// `change_owner`'s `to` (a string `to`, of the transfer kinds, is read
/// as a string whatever the shape).
const ACTOR: Shape = Shape::Record(&[
    ("id", SCALAR),
    ("org", SCALAR),
    ("role", SCALAR),
    ("assignment_owner_of", Shape::List(&TEXT)),
]);

/// `lead.assignee` of `create`.
const ASSIGNEE: Shape = Shape::Record(&[("id", SCALAR), ("org", SCALAR)]);

/// `lead` of every kind but `link`, each of `sweep`'s, `assign`'s and
/// `match_keys`' `leads`, and each of `match`'s `candidates` (`fields` are
/// an assignment lead's, tested by conditions; the contact fields are
/// the duplicate kinds').
const LEAD: Shape = Shape::Record(&[
    ("id", SCALAR),
    ("org", SCALAR),
    ("owner", SCALAR),
    ("creator", SCALAR),
    ("handed_over_to_sales", SCALAR),
    ("stage", SCALAR),
    ("sub_stage", SCALAR),
    ("assignee", ASSIGNEE),
    ("handover_to_sales", SCALAR),
    ("partner", SCALAR),
    ("source", SCALAR),
    ("distribution_owner", SCALAR),
    ("created_at", SCALAR),
    ("expires_at", SCALAR),
    ("accepted_at", SCALAR),
    ("reassigned_at", SCALAR),
    ("template", SCALAR),
    ("fields", Shape::Map(&SCALAR)),
    ("phone", SCALAR),
    ("mobiles", Shape::List(&TEXT)),
    ("email", SCALAR),
    ("emails", Shape::List(&TEXT)),
    ("name", SCALAR),
    ("company", SCALAR),
]);

/// A member of an assignment pool; its `accepts` conditions are read whole.
const MEMBER: Shape = Shape::Record(&[
    ("id", SCALAR),
    ("org", SCALAR),
    ("role", SCALAR),
    ("active", SCALAR),
    ("away", SCALAR),
    ("calendar", SCALAR),
    ("open_leads", SCALAR),
    ("capacity", SCALAR),
    ("weight", SCALAR),
    ("accepts", Shape::Whole),
]);

/// One of `assign`'s `pools`.
const POOL: Shape = Shape::Record(&[("cursor", SCALAR), ("members", Shape::List(&MEMBER))]);

/// One of a linked lead's `events`.
const EVENT: Shape = Shape::Record(&[("id", SCALAR), ("at", SCALAR)]);

/// `primary` and `secondary` of `link`.
const LINKED_LEAD: Shape = Shape::Record(&[
    ("id", SCALAR),
    ("project", SCALAR),
    ("status", SCALAR),
    ("owner", SCALAR),
    ("mobile", SCALAR),
    ("alternates", Shape::List(&TEXT)),
    ("events", Shape::List(&EVENT)),
]);

/// The request keys whose objects the protocol defines whole rather than
/// a host passing its rows (`sla`'s pauses): a checking engine closes them
/// as it closes the request itself.
pub(crate) const CLOSED_OBJECTS: &[&str] = &["paused"];

/// One of `sla`'s `paused`.
const PAUSE: Shape = Shape::Record(&[("from", SCALAR), ("to", SCALAR)]);

/// A request of any kind. A transition's form `fields` are the host's
/// user data, named by the workflow: every key is kept, and a value is
/// only ever judged as a scalar (an array or object is `invalid_field`, or
/// `missing_field` when empty, which its stand-in keeps).
pub(crate) const REQUEST: Shape = Shape::Record(&[
    ("kind", SCALAR),
    ("workflow", SCALAR),
    ("action", SCALAR),
    ("now", SCALAR),
    ("actor", ACTOR),
    ("lead", LEAD),
    ("to", ACTOR),
    ("owner", SCALAR),
    ("primary", LINKED_LEAD),
    ("secondary", LINKED_LEAD),
    ("leads", Shape::List(&LEAD)),
    ("fields", Shape::Map(&SCALAR)),
    ("pools", Shape::Map(&POOL)),
    ("candidates", Shape::List(&LEAD)),
    ("calendar", SCALAR),
    ("start", SCALAR),
    ("target", SCALAR),
    ("paused", Shape::List(&PAUSE)),
]);
