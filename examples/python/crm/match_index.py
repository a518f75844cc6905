"""The match-key index: each lead's duplicate-detection keys in SQL.

leadrules keeps no index; it gives each lead's keys (``match_keys``:
``same-phone:+919812345678``, ``same-person:jane doe|acme``), and the
CRM stores them in ``match_keys`` (one row per lead and key, indexed on
``key``). :func:`store` rewrites a lead's keys from its stored contact
fields, in the transaction that writes them: a create, an edit of a
matched field, a link that gives the primary a new alternate number.
:func:`candidates` finds the saved leads sharing a key with a new one,
through the index only: what ``engine.match`` then judges.
:func:`keyed_candidates` finds the same leads with their stored keys,
what ``engine.match_keyed`` judges without reading a contact field again
(a lead just saved, its keys stored). :func:`flag` records the matches a
saved lead was let through with (``duplicate_flags``).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any, Dict, List, Mapping, Sequence

import leadrules

from . import db

#: The lead columns the keys are computed from: an edit of one of them
#: rewrites the lead's keys (the alternate numbers in ``lead_contacts``
#: count too, as ``mobiles``).
MATCHED = ("name", "mobile", "email", "company")

#: A lead as the matcher reads it (``id``, ``phone``, ``mobiles``, ``email``,
#: ``name``, ``company``).
Contact = Dict[str, Any]


def contact(lead: Mapping[str, Any], alternates: Sequence[str] = ()) -> Contact:
    """The matcher's view of a lead record: its mobile is its ``phone`` and
    its alternate numbers its ``mobiles``."""
    return {
        "id": lead["id"],
        "phone": lead.get("mobile"),
        "mobiles": list(alternates),
        "email": lead.get("email"),
        "name": lead.get("name"),
        "company": lead.get("company"),
    }


def stored(conn: sqlite3.Connection, lead_ids: Sequence[str]) -> List[Contact]:
    """The stored leads ``lead_ids`` as the matcher reads them, in that order."""
    if not lead_ids:
        return []
    marks = ", ".join("?" * len(lead_ids))
    rows = {
        row["id"]: row
        for row in conn.execute(
            f"SELECT id, name, mobile, email, company FROM leads WHERE id IN ({marks})", tuple(lead_ids)
        )
    }
    alternates: Dict[str, List[str]] = {}
    for row in conn.execute(
        f"SELECT lead, mobile FROM lead_contacts WHERE lead IN ({marks}) ORDER BY rowid", tuple(lead_ids)
    ):
        alternates.setdefault(row["lead"], []).append(row["mobile"])
    return [contact(dict(rows[lead_id]), alternates.get(lead_id, ())) for lead_id in lead_ids]


def store(conn: sqlite3.Connection, engine: leadrules.Engine, lead_ids: Sequence[str]) -> None:
    """Rewrites the keys of ``lead_ids`` from their stored contact fields
    (``match_keys_many``: one engine call), in the open transaction."""
    if not conn.in_transaction:
        raise RuntimeError("match keys are written in the transaction that writes the lead (use db.transaction)")
    keys = engine.match_keys_many(stored(conn, lead_ids))
    conn.executemany("DELETE FROM match_keys WHERE lead = ?", [(lead_id,) for lead_id in lead_ids])
    conn.executemany(
        "INSERT INTO match_keys (lead, key) VALUES (?, ?)",
        [(lead_id, key) for lead_id, lead_keys in zip(lead_ids, keys) for key in lead_keys],
    )


def keys(conn: sqlite3.Connection, lead_id: str) -> List[str]:
    """The stored keys of ``lead_id``, sorted."""
    return [row["key"] for row in conn.execute("SELECT key FROM match_keys WHERE lead = ? ORDER BY key", (lead_id,))]


#: The leads sharing a key, oldest first: the index on ``key`` finds the
#: ids, the leads' primary key their rows.
CANDIDATES = """
SELECT id FROM leads
WHERE id IN (SELECT lead FROM match_keys WHERE key IN ({marks}))
ORDER BY created_at, id
"""


def candidates(conn: sqlite3.Connection, lead_keys: Sequence[str]) -> List[Contact]:
    """The saved leads sharing at least one of ``lead_keys``, oldest first
    (the first blocking one is the one a refusal names), as the matcher
    reads them. Found through the index on ``match_keys.key`` alone: a lead
    whose keys were never stored is not found."""
    if not lead_keys:
        return []
    query = CANDIDATES.format(marks=", ".join("?" * len(lead_keys)))
    return stored(conn, [row["id"] for row in conn.execute(query, tuple(lead_keys))])


#: Every stored key of each lead sharing one of the given keys, grouped by
#: lead, oldest lead first: the index on ``key`` finds the leads.
KEYED_CANDIDATES = """
SELECT k.lead, k.key FROM match_keys AS k JOIN leads AS l ON l.id = k.lead
WHERE k.lead IN (SELECT lead FROM match_keys WHERE key IN ({marks}))
ORDER BY l.created_at, l.id, k.key
"""


def keyed_candidates(conn: sqlite3.Connection, lead_keys: Sequence[str]) -> Dict[str, List[str]]:
    """The saved leads sharing at least one of ``lead_keys``, oldest first,
    each with every key stored for it: what ``engine.match_keyed`` reads
    (one query; no contact field read or normalised again)."""
    if not lead_keys:
        return {}
    found: Dict[str, List[str]] = {}
    for row in conn.execute(KEYED_CANDIDATES.format(marks=", ".join("?" * len(lead_keys))), tuple(lead_keys)):
        found.setdefault(row["lead"], []).append(row["key"])
    return found


def flag(conn: sqlite3.Connection, lead_id: str, matches: Sequence[leadrules.Match], now: dt.datetime) -> None:
    """Records the saved ``lead_id`` as a likely duplicate of each matched
    earlier lead (``duplicate_flags``: the rules it matched by, their
    strongest action), in the open transaction. A flag is for a person to
    look at: nothing is merged."""
    conn.executemany(
        "INSERT INTO duplicate_flags (lead, duplicate, rules, action, flagged_at) VALUES (?, ?, ?, ?, ?)",
        [(lead_id, match.lead, json.dumps(match.rules), match.action, db.ts(now)) for match in matches],
    )
