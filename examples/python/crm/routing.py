"""Who gets a new lead, and handing a lead to someone else by hand.

The CRM's part is the facts and the writes, never the choice:

- the pools come from SQL each time (:func:`pools`): each pool's members in
  rotation order with their live facts (active, away, capacity, weight,
  and the open leads each holds, counted from ``leads``), and the pool's
  cursor from ``pool_cursors``;
- the engine answers who gets the lead, who was passed over and why, and
  the effects: ``set_owner``, ``advance_cursor`` (the pool's new cursor)
  and ``notify``, applied in the same transaction, so the owner and the
  cursor are written together or not at all;
- every answer is logged in ``assignment_log``, a denial too: the lead
  stays unowned and the log says why.

A bulk import is one transaction and one ``assign_many`` call: the engine
counts each new lead before the next, so the batch rotates exactly as the
leads routed one by one would.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping

import leadrules

from . import db

#: A lead counts towards its owner's load while it is neither archived nor
#: closed (won or closed): what ``capacity`` and ``least_loaded`` measure.
OPEN_LEADS = """
SELECT owner, count(*) AS open_leads FROM leads
WHERE owner IS NOT NULL AND archived = 0 AND (sub_stage IS NULL OR sub_stage NOT IN ('won', 'closed'))
GROUP BY owner
"""

#: Every pool member with the facts assignment reads, in rotation order.
POOL_MEMBERS = f"""
SELECT m.pool, u.id, u.org, u.role, u.active, u.away, u.capacity, u.weight,
       coalesce(o.open_leads, 0) AS open_leads
FROM pool_members AS m
JOIN users AS u ON u.id = m.user
LEFT JOIN ({OPEN_LEADS}) AS o ON o.owner = u.id
ORDER BY m.pool, m.position
"""

#: The lead fields the intake form records and assignment rules test.
INTAKE_FIELDS = ("channel", "country", "budget")

#: The actor the audit log names for a routing decision (no user takes it).
ROUTER = "router"

Pools = Dict[str, Dict[str, Any]]


class NotRoutable(ValueError):
    """A lead routing was asked for already has an owner (reassign it with
    ``change_owner``), or is not of the CRM's own leads."""


@dataclass(frozen=True)
class ImportReport:
    """What a bulk import did."""

    #: The leads created, in the import's order.
    leads: List[str]
    #: One answer per lead, in the same order.
    assignments: List[leadrules.Assignment]
    #: Each pool's cursor after the import (the pools the import used).
    cursors: Dict[str, str]

    @property
    def unassigned(self) -> List[str]:
        """The leads nobody could take (they stay unowned; the log says why)."""
        return [lead for lead, answer in zip(self.leads, self.assignments) if not answer]


def pools(conn: sqlite3.Connection) -> Pools:
    """Every pool, as the engine reads it: ``{name: {"cursor", "members"}}``.
    A pool the rules name that has no members here counts as empty."""
    cursors = {row["pool"]: row["cursor"] for row in conn.execute("SELECT pool, cursor FROM pool_cursors")}
    found: Pools = {}
    for row in conn.execute(POOL_MEMBERS):
        pool = found.setdefault(row["pool"], {"cursor": cursors.get(row["pool"]), "members": []})
        pool["members"].append(
            {
                "id": row["id"],
                "org": row["org"],
                "role": row["role"],
                "active": bool(row["active"]),
                "away": bool(row["away"]),
                "open_leads": row["open_leads"],
                "capacity": row["capacity"],
                "weight": row["weight"],
            }
        )
    return found


def assignable(record: Mapping[str, Any]) -> Dict[str, Any]:
    """A stored lead as assignment reads it: id, org and the intake fields
    it has (a field left empty is absent, which no rule's condition but
    ``exists: false`` holds for)."""
    if record["owner"] is not None:
        raise NotRoutable(f"lead {record['id']!r} is owned by {record['owner']!r}: reassign it with change_owner")
    fields = {name: record[name] for name in INTAKE_FIELDS if record[name] is not None}
    return {"id": record["id"], "org": record["org"], "fields": fields}


def log(conn: sqlite3.Connection, answer: leadrules.Assignment, lead: str, now: dt.datetime) -> None:
    """Writes one answer to ``assignment_log``: the reasons of a denial, the
    members passed over either way."""
    conn.execute(
        "INSERT INTO assignment_log (lead, at, rule, pool, assignee, reasons, skipped) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            lead,
            db.ts(now),
            answer.rule,
            answer.pool,
            answer.assignee,
            json.dumps([dict(reason) for reason in answer.reasons]),
            json.dumps(
                [{"member": s.member, "pool": s.pool, "reasons": [str(r.code) for r in s.reasons]} for s in answer.skipped]
            ),
        ),
    )


def logged(conn: sqlite3.Connection, lead: str) -> List[Dict[str, Any]]:
    """The assignment log of ``lead``, oldest first."""
    return [
        {**dict(row), "reasons": json.loads(row["reasons"]), "skipped": json.loads(row["skipped"])}
        for row in conn.execute(
            "SELECT at, rule, pool, assignee, reasons, skipped FROM assignment_log WHERE lead = ? ORDER BY id",
            (lead,),
        )
    ]
