"""The CRM's database: schema, connection, transactions, timestamps.

Standard-library sqlite3 only. Every write the CRM makes happens inside
:func:`transaction`, which is one ``BEGIN IMMEDIATE`` ... ``COMMIT`` (or
``ROLLBACK``): a decision's facts are read, the engine is asked, and its
effect plan is applied without another writer slipping in between.

Timestamps are stored as RFC 3339 text in UTC with whole seconds
(``2026-11-23T09:30:00Z``): fixed width, so they sort as text, and they are
exactly the text leadrules reads and writes.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import contextmanager
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

UTC = dt.timezone.utc

#: Every row of every table, by table name (see :func:`dump`).
Dump = Dict[str, List[Tuple[Any, ...]]]

SCHEMA = """
CREATE TABLE IF NOT EXISTS orgs (
    id          TEXT PRIMARY KEY,
    parent      TEXT REFERENCES orgs(id),
    handover    INTEGER NOT NULL DEFAULT 0,
    cross_silo  INTEGER NOT NULL DEFAULT 0
);

-- active, away, capacity (NULL: no limit) and weight are what assignment
-- reads of a user, with the open leads counted from `leads`.
CREATE TABLE IF NOT EXISTS users (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    org       TEXT NOT NULL REFERENCES orgs(id),
    role      TEXT NOT NULL,
    active    INTEGER NOT NULL DEFAULT 1,
    away      INTEGER NOT NULL DEFAULT 0,
    capacity  INTEGER CHECK (capacity >= 0),
    weight    INTEGER NOT NULL DEFAULT 1 CHECK (weight >= 0)
);

-- The assignment pools the policy's rules name: their members in rotation
-- order, and each pool's cursor (the member the last lead went to),
-- written in the same transaction as that lead's owner.
CREATE TABLE IF NOT EXISTS pool_members (
    pool      TEXT NOT NULL,
    user      TEXT NOT NULL REFERENCES users(id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (pool, user),
    UNIQUE (pool, position)
);

CREATE TABLE IF NOT EXISTS pool_cursors (
    pool    TEXT PRIMARY KEY,
    cursor  TEXT REFERENCES users(id)
);

-- Every assignment asked, allowed or denied: who got the lead, or why
-- nobody did, and who was passed over (JSON, as the engine answered).
CREATE TABLE IF NOT EXISTS assignment_log (
    id        INTEGER PRIMARY KEY,
    lead      TEXT NOT NULL REFERENCES leads(id),
    at        TEXT NOT NULL,
    rule      TEXT,
    pool      TEXT,
    assignee  TEXT REFERENCES users(id),
    reasons   TEXT NOT NULL,  -- JSON: the denial's reasons, [] when assigned
    skipped   TEXT NOT NULL   -- JSON: [{"member", "pool", "reasons"}]
);

-- Projects whose lead assignment a user owns (may link that project's leads).
CREATE TABLE IF NOT EXISTS assignment_owners (
    user     TEXT NOT NULL REFERENCES users(id),
    project  TEXT NOT NULL,
    PRIMARY KEY (user, project)
);

-- One row per lead, whatever its workflow. stage and pipeline are set by
-- the create plan right after the row is inserted (same transaction).
CREATE TABLE IF NOT EXISTS leads (
    id                    TEXT PRIMARY KEY,
    name                  TEXT NOT NULL,
    workflow              TEXT NOT NULL,
    org                   TEXT NOT NULL REFERENCES orgs(id),
    stage                 TEXT,
    sub_stage             TEXT,
    owner                 TEXT REFERENCES users(id),
    creator               TEXT NOT NULL REFERENCES users(id),
    pipeline              TEXT CHECK (pipeline IN ('user', 'manager')),
    pipeline_user         TEXT REFERENCES users(id),
    handed_over_to_sales  INTEGER NOT NULL DEFAULT 0,
    mobile                TEXT,
    email                 TEXT,
    company               TEXT,
    project               TEXT,
    status                TEXT,
    linked_to             TEXT REFERENCES leads(id),
    list                  TEXT,
    tag                   TEXT,
    partner               TEXT REFERENCES orgs(id),
    source                TEXT REFERENCES orgs(id),
    template              TEXT,
    created_at            TEXT NOT NULL,
    expires_at            TEXT,
    accepted_at           TEXT,
    declined_at           TEXT,
    decline_reason        TEXT,
    reassigned_at         TEXT,
    opportunity_id        TEXT,
    maturity              TEXT,
    distribution_owner    TEXT REFERENCES users(id),
    archived              INTEGER NOT NULL DEFAULT 0,
    -- What the intake form recorded; assignment rules test these fields.
    channel               TEXT,
    country               TEXT,
    budget                INTEGER
);
CREATE INDEX IF NOT EXISTS leads_by_owner ON leads (owner);
CREATE INDEX IF NOT EXISTS leads_by_workflow_stage ON leads (workflow, stage);
CREATE INDEX IF NOT EXISTS leads_by_primary ON leads (linked_to);

-- Users who see a lead without acting on it: 'viewer' (add_viewer) or
-- 'read_only' (lock: a basic creator after handover to sales).
CREATE TABLE IF NOT EXISTS lead_viewers (
    lead    TEXT NOT NULL REFERENCES leads(id),
    user    TEXT NOT NULL REFERENCES users(id),
    access  TEXT NOT NULL CHECK (access IN ('viewer', 'read_only')),
    PRIMARY KEY (lead, user)
);

CREATE TABLE IF NOT EXISTS lead_contacts (
    lead      TEXT NOT NULL REFERENCES leads(id),
    mobile    TEXT NOT NULL,
    added_at  TEXT NOT NULL,
    PRIMARY KEY (lead, mobile)
);

CREATE TABLE IF NOT EXISTS events (
    id            TEXT PRIMARY KEY,
    lead          TEXT NOT NULL REFERENCES leads(id),
    title         TEXT NOT NULL,
    at            TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    cancelled_at  TEXT
);

CREATE TABLE IF NOT EXISTS notifications (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,
    org         TEXT REFERENCES orgs(id),
    user        TEXT REFERENCES users(id),
    lead        TEXT NOT NULL REFERENCES leads(id),
    created_at  TEXT NOT NULL,
    CHECK ((org IS NULL) <> (user IS NULL))
);

CREATE TABLE IF NOT EXISTS lead_history (
    id       INTEGER PRIMARY KEY,
    lead     TEXT NOT NULL REFERENCES leads(id),
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    section  TEXT NOT NULL,
    fields   TEXT NOT NULL  -- JSON: field name -> value, as entered
);

CREATE TABLE IF NOT EXISTS lead_feed (
    id     INTEGER PRIMARY KEY,
    lead   TEXT NOT NULL REFERENCES leads(id),
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    note   TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS tasks (
    id        INTEGER PRIMARY KEY,
    lead      TEXT NOT NULL REFERENCES leads(id),
    task      TEXT NOT NULL,
    subject   TEXT,
    owner     TEXT NOT NULL REFERENCES users(id),
    reporter  TEXT NOT NULL,
    start     TEXT NOT NULL,
    status    TEXT NOT NULL DEFAULT 'open'
);

-- The audit trail: every plan the CRM applied, as the engine gave it.
CREATE TABLE IF NOT EXISTS decisions (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    lead     TEXT,
    effects  TEXT NOT NULL  -- JSON
);

-- Duplicate detection: each lead's match keys as the engine gives them
-- (`same-phone:+919812345678`), rewritten in the transaction that writes
-- the lead's contact fields; a new lead's candidates are the leads sharing
-- one of its keys, found through the index on `key`.
CREATE TABLE IF NOT EXISTS match_keys (
    lead  TEXT NOT NULL REFERENCES leads(id),
    key   TEXT NOT NULL,
    PRIMARY KEY (lead, key)
);
CREATE INDEX IF NOT EXISTS match_keys_by_key ON match_keys (key);

-- A lead saved although a matching rule matched it to an earlier lead:
-- one row per earlier lead, with the rules (JSON list, policy order) it
-- matched by and their strongest action. intake_lead flags an `alert`
-- (it refuses a `block` and offers a `link`); create_lead, which refuses
-- nothing for a duplicate, flags every match. Nothing is ever merged.
CREATE TABLE IF NOT EXISTS duplicate_flags (
    id          INTEGER PRIMARY KEY,
    lead        TEXT NOT NULL REFERENCES leads(id),
    duplicate   TEXT NOT NULL REFERENCES leads(id),
    rules       TEXT NOT NULL,
    action      TEXT NOT NULL,
    flagged_at  TEXT NOT NULL,
    UNIQUE (lead, duplicate)
);

-- The first-response SLA of a new lead (crm.sla). due_at is the engine's
-- answer for the stored start, target and pauses (NULL while a pause is
-- open: no instant reaches the target); answered_at stops the clock, with
-- the business time it took; breached_at is the missed due time, set by
-- the sweep (or by a late answer).
CREATE TABLE IF NOT EXISTS lead_sla (
    lead           TEXT PRIMARY KEY REFERENCES leads(id),
    calendar       TEXT NOT NULL,
    target         TEXT NOT NULL,  -- a duration, PT4H
    started_at     TEXT NOT NULL,
    due_at         TEXT,
    answered_at    TEXT,
    response_time  TEXT,           -- a duration of open time, PT1H30M
    breached_at    TEXT,
    CHECK ((answered_at IS NULL) = (response_time IS NULL))
);
-- What the sweep reads: clocks still running that have not been found late.
CREATE INDEX IF NOT EXISTS lead_sla_running_by_due ON lead_sla (due_at)
    WHERE answered_at IS NULL AND breached_at IS NULL;

-- When a lead's SLA clock stood still, waiting on the customer: [from_at,
-- to_at), to_at NULL while the pause is open (at most one per lead).
CREATE TABLE IF NOT EXISTS sla_pauses (
    id       INTEGER PRIMARY KEY,
    lead     TEXT NOT NULL REFERENCES lead_sla(lead),
    from_at  TEXT NOT NULL,
    to_at    TEXT,
    CHECK (to_at IS NULL OR to_at >= from_at)
);
CREATE UNIQUE INDEX IF NOT EXISTS sla_pauses_one_open ON sla_pauses (lead) WHERE to_at IS NULL;

-- When each background job should run next (NULL: nothing to wait for).
CREATE TABLE IF NOT EXISTS scheduler (
    job      TEXT PRIMARY KEY,
    wake_at  TEXT
);
"""


def connect(path: str = ":memory:") -> sqlite3.Connection:
    """Opens (and if needed creates) the CRM database at ``path``.

    The connection is in autocommit mode: :func:`transaction` issues its own
    ``BEGIN IMMEDIATE`` / ``COMMIT`` / ``ROLLBACK``, so nothing is committed
    behind the CRM's back (Python's implicit transactions are off).
    """
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.executescript(SCHEMA)
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: everything inside is committed together, or,
    if anything raises, nothing is."""
    if conn.in_transaction:
        raise RuntimeError("transactions do not nest: one decision, one transaction")
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        # Inside the try: a COMMIT that fails (a busy database) rolls back
        # too, instead of leaving the transaction open.
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def ts(instant: dt.datetime) -> str:
    """The stored text of an aware datetime: UTC, whole seconds, ``Z``."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"naive datetime {instant!r}: the CRM stores aware instants only")
    if instant.microsecond:
        raise ValueError(f"{instant!r} has a fraction of a second: the CRM stores whole seconds")
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_ts(text: str) -> dt.datetime:
    """An aware UTC datetime from RFC 3339 text with an offset (``Z`` or
    ``+hh:mm``), as stored here or as leadrules writes it."""
    instant = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    if instant.tzinfo is None:
        raise ValueError(f"timestamp {text!r} has no UTC offset")
    return instant.astimezone(UTC)


def whole_seconds(instant: dt.datetime) -> dt.datetime:
    """``instant`` (which must be aware) truncated to the second, the CRM's
    resolution; every ``now`` the CRM asks about goes through here."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"naive datetime {instant!r}: pass an aware datetime (e.g. tzinfo=timezone.utc)")
    return instant.replace(microsecond=0)


# --- the org directory -------------------------------------------------


def sync_orgs(conn: sqlite3.Connection, orgs: Sequence[Mapping[str, Any]]) -> None:
    """Makes the ``orgs`` table hold exactly the engine config's orgs.

    The engine config is the one source of the org tree; the table exists
    so that users and leads can reference orgs. A database whose orgs
    differ from the config's (another config was edited) is refused.
    """
    wanted = sorted(
        (o["id"], o.get("parent"), int(bool(o.get("handover", False))), int(bool(o.get("cross_silo", False))))
        for o in orgs
    )
    have = sorted(tuple(r) for r in conn.execute("SELECT id, parent, handover, cross_silo FROM orgs"))
    if have == wanted:
        return
    if have:
        raise RuntimeError("the database's orgs differ from the engine config's: migrate one to match the other")
    with transaction(conn):
        # Parents may be listed after their children: check the keys at the end.
        conn.execute("PRAGMA defer_foreign_keys = ON")
        conn.executemany("INSERT INTO orgs (id, parent, handover, cross_silo) VALUES (?, ?, ?, ?)", wanted)


# --- the scheduler -----------------------------------------------------


def wake_at(conn: sqlite3.Connection, job: str) -> Optional[dt.datetime]:
    """When ``job`` should run next, or None."""
    row = conn.execute("SELECT wake_at FROM scheduler WHERE job = ?", (job,)).fetchone()
    return None if row is None or row["wake_at"] is None else parse_ts(row["wake_at"])


def set_wake(conn: sqlite3.Connection, job: str, at: Optional[dt.datetime]) -> None:
    """Sets when ``job`` should run next (None: nothing to wait for)."""
    conn.execute(
        "INSERT INTO scheduler (job, wake_at) VALUES (?, ?) ON CONFLICT (job) DO UPDATE SET wake_at = excluded.wake_at",
        (job, None if at is None else ts(at)),
    )


def wake_no_later_than(conn: sqlite3.Connection, job: str, at: dt.datetime) -> None:
    """Brings ``job``'s next run forward to ``at`` if it is later (or unset)."""
    current = wake_at(conn, job)
    if current is None or at < current:
        set_wake(conn, job, at)


# --- inspection ----------------------------------------------------------


def tables(conn: sqlite3.Connection) -> List[str]:
    """Every table of the schema, by name."""
    return [
        r["name"]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]


def dump(conn: sqlite3.Connection) -> Dump:
    """Every row of every table, in a stable order: compare two dumps to
    prove that nothing changed."""
    return {name: [tuple(r) for r in conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid')] for name in tables(conn)}
