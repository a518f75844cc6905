"""Applying an effect plan to the database.

leadrules decides and describes; the CRM writes. Each effect kind the
engine documents (docs/protocol.md, "Effect kinds") has one applier here,
a small piece of SQL. :func:`apply_plan` runs a plan's effects in the engine's
order, inside the caller's transaction, and refuses what it does not know:

- an effect kind with no applier raises :class:`UnknownEffectError` before
  anything is written (a newer engine may plan something this CRM cannot
  do yet: better to refuse the whole decision than to half-apply it);
- an effect whose fields are missing or of the wrong type, or that no
  longer matches the database (a lead that is gone, a transfer from an org
  that no longer holds the lead, an event already cancelled), raises
  :class:`EffectError`.

Either way the caller's transaction rolls back: all effects or none.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Callable, Dict, Mapping, Optional, Sequence

from . import db

#: The scheduler job that expires partner leads (see ``Crm.run_due_sweep``).
EXPIRY_SWEEP = "expiry_sweep"


class EffectError(Exception):
    """An effect could not be applied; the transaction rolls back."""


class UnknownEffectError(EffectError):
    """The plan holds an effect kind this CRM does not know how to apply."""


@dataclass(frozen=True)
class PlanContext:
    """What a plan's effects do not say themselves."""

    #: The instant of the decision (notifications, cancellations, history).
    now: dt.datetime
    #: The user (or system actor) whose decision this is.
    actor: str


Effect = Mapping[str, Any]
Applier = Callable[[sqlite3.Connection, Effect, PlanContext], None]


# --- reading an effect's fields -----------------------------------------


def _text(effect: Effect, key: str) -> str:
    value = effect.get(key)
    if not isinstance(value, str) or not value:
        raise EffectError(f"effect {effect.get('kind')!r}: {key!r} must be non-empty text, got {value!r}")
    return value


def _opt_text(effect: Effect, key: str) -> Optional[str]:
    if key not in effect:
        raise EffectError(f"effect {effect.get('kind')!r}: {key!r} is missing")
    return None if effect[key] is None else _text(effect, key)


def _lead(effect: Effect, ctx: PlanContext) -> str:
    # Every effect this CRM applies names its lead: the CRM gives a new
    # lead's id to `can_create`, so even the create plan's effects do.
    return _text(effect, "lead")


def _instant(effect: Effect, key: str) -> Optional[str]:
    """A timestamp field of an effect (an aware datetime, as leadrules
    answers every timestamp in Python), as stored text (or None)."""
    if key not in effect:
        raise EffectError(f"effect {effect.get('kind')!r}: {key!r} is missing")
    value = effect[key]
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        raise EffectError(f"effect {effect.get('kind')!r}: {key!r} must be a datetime, got {value!r}")
    try:
        return db.ts(value)
    except ValueError as error:
        raise EffectError(f"effect {effect.get('kind')!r}: {key!r}: {error}") from error


def _one_row(cursor: sqlite3.Cursor, what: str) -> None:
    if cursor.rowcount != 1:
        raise EffectError(f"{what}: expected to change one row, changed {cursor.rowcount}")


def _update_lead(conn: sqlite3.Connection, lead: str, what: str, **columns: object) -> None:
    # Column names come from this module only, never from an effect.
    assignments = ", ".join(f"{name} = ?" for name in columns)
    cursor = conn.execute(f"UPDATE leads SET {assignments} WHERE id = ?", (*columns.values(), lead))
    _one_row(cursor, f"{what} on lead {lead!r}")


# --- one applier per effect kind ----------------------------------------


def transfer(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    lead = _lead(effect, ctx)
    cursor = conn.execute(
        "UPDATE leads SET org = ?, pipeline = ?, pipeline_user = NULL, owner = ? WHERE id = ? AND org = ?",
        (_text(effect, "to"), _text(effect, "pipeline"), _opt_text(effect, "owner"), lead, _text(effect, "from")),
    )
    _one_row(cursor, f"transfer of lead {lead!r} from {effect.get('from')!r}")


def notify(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    channel = _text(effect, "channel")
    if channel == "sales_feed":
        org, user = _text(effect, "org"), None
    elif channel == "sales_app":
        org, user = None, _text(effect, "user")
    else:
        raise EffectError(f"notify: unknown channel {channel!r}")
    conn.execute(
        "INSERT INTO notifications (channel, org, user, lead, created_at) VALUES (?, ?, ?, ?, ?)",
        (channel, org, user, _lead(effect, ctx), db.ts(ctx.now)),
    )


def set_stage(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    _update_lead(
        conn, _lead(effect, ctx), "set_stage", stage=_text(effect, "stage"), sub_stage=_opt_text(effect, "sub_stage")
    )


def set_sub_stage(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    _update_lead(conn, _lead(effect, ctx), "set_sub_stage", sub_stage=_opt_text(effect, "sub_stage"))


def set_owner(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    _update_lead(conn, _lead(effect, ctx), "set_owner", owner=_opt_text(effect, "owner"))


def advance_cursor(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    # The pool's rotation goes on after the member who just got a lead;
    # written in the transaction that sets that lead's owner.
    conn.execute(
        "INSERT INTO pool_cursors (pool, cursor) VALUES (?, ?) ON CONFLICT (pool) DO UPDATE SET cursor = excluded.cursor",
        (_text(effect, "pool"), _text(effect, "cursor")),
    )


def set_pipeline(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    lead = _lead(effect, ctx)
    cursor = conn.execute(
        "UPDATE leads SET pipeline = ?, pipeline_user = ? WHERE id = ? AND org = ?",
        (_text(effect, "pipeline"), _opt_text(effect, "user"), lead, _text(effect, "org")),
    )
    _one_row(cursor, f"set_pipeline of lead {lead!r} in org {effect.get('org')!r}")


def lock(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    lead, access = _lead(effect, ctx), _text(effect, "access")
    if access != "read_only":
        raise EffectError(f"lock: unknown access {access!r}")
    # The lead was handed over to sales: its creator keeps seeing it,
    # read-only, and later edit questions carry the flag.
    _update_lead(conn, lead, "lock", handed_over_to_sales=1)
    conn.execute(
        "INSERT INTO lead_viewers (lead, user, access) VALUES (?, ?, 'read_only')"
        " ON CONFLICT (lead, user) DO UPDATE SET access = 'read_only'",
        (lead, _text(effect, "user")),
    )


def add_viewer(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    conn.execute(
        "INSERT INTO lead_viewers (lead, user, access) VALUES (?, ?, 'viewer') ON CONFLICT (lead, user) DO NOTHING",
        (_lead(effect, ctx), _text(effect, "user")),
    )


def add_alternate_contact(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    # The engine adds a number only if the lead does not have it yet, so a
    # duplicate here means the facts it was given were stale: fail.
    conn.execute(
        "INSERT INTO lead_contacts (lead, mobile, added_at) VALUES (?, ?, ?)",
        (_lead(effect, ctx), _text(effect, "mobile"), db.ts(ctx.now)),
    )


def cancel_event(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    lead, event = _lead(effect, ctx), _text(effect, "event")
    cursor = conn.execute(
        "UPDATE events SET status = 'cancelled', cancelled_at = ? WHERE id = ? AND lead = ? AND status = 'scheduled'",
        (db.ts(ctx.now), event, lead),
    )
    _one_row(cursor, f"cancel_event {event!r} of lead {lead!r}")


def set_status(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    _update_lead(
        conn,
        _lead(effect, ctx),
        "set_status",
        status=_text(effect, "status"),
        linked_to=_opt_text(effect, "linked_to"),
    )


def set_visibility(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    _update_lead(conn, _lead(effect, ctx), "set_visibility", list=_text(effect, "list"), tag=_text(effect, "tag"))


#: The lead fields a ``record`` effect may write, and how their value is
#: stored. A field outside this list is refused, not stored somewhere else.
RECORDED: Dict[str, str] = {
    "accepted_at": "timestamp",
    "declined_at": "timestamp",
    "reassigned_at": "timestamp",
    "decline_reason": "text",
    "opportunity_id": "text",
    "partner": "text",
}


def record(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    field = _text(effect, "field")
    kind = RECORDED.get(field)
    if kind is None:
        raise EffectError(f"record: this CRM has no lead field {field!r}")
    value = _instant(effect, "value") if kind == "timestamp" else _opt_text(effect, "value")
    _update_lead(conn, _lead(effect, ctx), f"record {field}", **{field: value})


def set_expiry(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    expires_at = _instant(effect, "expires_at")
    _update_lead(conn, _lead(effect, ctx), "set_expiry", expires_at=expires_at)
    if expires_at is not None:
        # A new deadline (a new lead's first one included) may come before
        # the sweep's next wake-up.
        db.wake_no_later_than(conn, EXPIRY_SWEEP, effect["expires_at"])


def archive(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    _update_lead(conn, _lead(effect, ctx), "archive", archived=1)


def unarchive(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    _update_lead(conn, _lead(effect, ctx), "unarchive", archived=0)


def set_maturity(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    _update_lead(conn, _lead(effect, ctx), "set_maturity", maturity=_text(effect, "maturity"))


def create_task(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    conn.execute(
        "INSERT INTO tasks (lead, task, subject, owner, reporter, start) VALUES (?, ?, ?, ?, ?, ?)",
        (
            _lead(effect, ctx),
            _text(effect, "task"),
            _opt_text(effect, "subject"),
            _text(effect, "owner"),
            _text(effect, "reporter"),
            _instant(effect, "start"),
        ),
    )


def add_history(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    values = effect.get("values")
    if not isinstance(values, dict):
        raise EffectError(f"add_history: 'values' must be an object, got {values!r}")
    conn.execute(
        "INSERT INTO lead_history (lead, at, actor, section, fields) VALUES (?, ?, ?, ?, ?)",
        (_lead(effect, ctx), db.ts(ctx.now), ctx.actor, _text(effect, "section"), json.dumps(values, sort_keys=True)),
    )


def add_feed_note(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
    conn.execute(
        "INSERT INTO lead_feed (lead, at, actor, note) VALUES (?, ?, ?, ?)",
        (_lead(effect, ctx), db.ts(ctx.now), ctx.actor, _text(effect, "note")),
    )


#: Effect kind -> its applier. Every kind of docs/protocol.md's table is here.
APPLIERS: Dict[str, Applier] = {
    "transfer": transfer,
    "notify": notify,
    "set_stage": set_stage,
    "set_sub_stage": set_sub_stage,
    "set_owner": set_owner,
    "advance_cursor": advance_cursor,
    "set_pipeline": set_pipeline,
    "lock": lock,
    "add_viewer": add_viewer,
    "add_alternate_contact": add_alternate_contact,
    "cancel_event": cancel_event,
    "set_status": set_status,
    "set_visibility": set_visibility,
    "record": record,
    "set_expiry": set_expiry,
    "archive": archive,
    "unarchive": unarchive,
    "set_maturity": set_maturity,
    "create_task": create_task,
    "add_history": add_history,
    "add_feed_note": add_feed_note,
}


def apply_plan(conn: sqlite3.Connection, plan: Sequence[Effect], ctx: PlanContext) -> None:
    """Applies ``plan`` in order. Must run inside :func:`db.transaction`:
    when any effect raises, the caller's transaction undoes the others."""
    if not conn.in_transaction:
        raise RuntimeError("an effect plan is applied inside one transaction (use db.transaction)")
    appliers = []
    for effect in plan:
        applier = APPLIERS.get(str(effect.get("kind")))
        if applier is None:
            raise UnknownEffectError(f"unknown effect kind {effect.get('kind')!r}: refusing the whole plan")
        appliers.append(applier)
    for applier, effect in zip(appliers, plan):
        applier(conn, effect, ctx)
