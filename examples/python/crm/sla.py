"""The first-response SLA of new leads: the clock's rows, its pauses, its
breaches.

A new lead of a workflow in :data:`FIRST_RESPONSE` (the CRM's own sales
leads) must be answered within 4 hours of the ``sales_desk`` calendar's
open time (``config.json``: Berlin office hours with a lunch break,
shorter Fridays, Christmas and New Year). Its row in ``lead_sla`` is
written in the lead's create transaction, with the due time the engine
computes (:mod:`crm.sla_clock`); the CRM stores the answer and never
counts business time itself.

- **Answered** means, here, that a person moved the lead off its
  workflow's initial stage (``new`` to ``contacted``, or any later stage):
  the stage the sales team sets once it has reached the customer. That
  transition stops the clock in its own transaction: ``answered_at``, the
  open time it took (``response_time``), and ``breached_at`` if it came
  after the due time. A lead created past its initial stage was answered
  at its creation. Nothing else stops the clock: an assignment, a
  handover or an edit is not an answer.
- **Paused** means the lead waits on the customer (asked for documents, a
  call-back date): :meth:`FirstResponse.pause` opens a row in
  ``sla_pauses`` (``to_at`` NULL), :meth:`FirstResponse.resume` closes it;
  each re-asks the engine and stores the new due time in the same
  transaction (NULL while the pause is open: no instant reaches the
  target). A pause moves the due time by the open time it covers, so a
  pause over a night moves it by nothing.
- **Breached**: the sweep (``Crm.run_due_sweep``) reads the running clocks
  whose stored due time has come (a partial index), has the engine
  confirm each, stores ``breached_at`` and lists every unanswered lead
  that is late; its wake-up is the earliest due time still running.
  ``SELECT lead FROM lead_sla WHERE breached_at IS NOT NULL AND
  answered_at IS NULL`` is the same list for any other reader.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Dict, List, Optional

import leadrules

from . import db, sla_clock
from .sla_clock import Clock, Pause

#: The scheduler job whose wake-up is the next first-response due time.
SLA_SWEEP = "sla_sweep"


@dataclass(frozen=True)
class Policy:
    """An SLA: the policy calendar whose open time counts, and the target."""

    #: A calendar of the engine config's ``policy.calendars``.
    calendar: str
    #: The open time allowed, ``PT…H…M…S``.
    target: str


#: The first-response SLA of each workflow's new leads. Partner leads and
#: Creatio's handoff have deadlines of their own (the expiry sweep).
FIRST_RESPONSE: Dict[str, Policy] = {"leadx_pipeline": Policy(calendar="sales_desk", target="PT4H")}


class SlaError(ValueError):
    """A pause or resume the lead's clock does not allow (no clock, already
    answered, already paused, not paused); nothing was written."""


@dataclass(frozen=True)
class Status:
    """A lead's first-response clock as stored, and read at an instant."""

    lead: str
    started_at: dt.datetime
    target: str
    #: The stored due time (None while a pause is open).
    due_at: Optional[dt.datetime]
    answered_at: Optional[dt.datetime]
    #: The due time it missed, once the sweep (or a late answer) found it.
    breached_at: Optional[dt.datetime]
    #: When the open pause began, or None.
    paused_since: Optional[dt.datetime]
    #: The engine's reading, at the instant asked (at the answer once answered).
    clock: Clock


class FirstResponse:
    """The first-response clocks of one CRM database.

    :meth:`start`, :meth:`answered_if_moved` and :meth:`sweep` run inside
    the caller's transaction (a create, a transition, the sweep);
    :meth:`pause` and :meth:`resume` are operations of their own, one
    transaction each.
    """

    def __init__(self, conn: sqlite3.Connection, engine: leadrules.Engine) -> None:
        self.conn = conn
        self.engine = engine
        # Which stage a new lead of each workflow stands on: leaving it is the answer.
        self._initial: Dict[str, str] = {
            workflow: next(stage.name for stage in engine.workflow(workflow).stages if stage.initial)
            for workflow in FIRST_RESPONSE
        }

    # --- inside the caller's transaction ---------------------------------

    def start(self, lead_id: str, workflow: str, stage: Optional[str], now: dt.datetime) -> None:
        """Starts ``lead_id``'s clock at ``now`` (its creation), if its
        workflow has a first-response SLA, and stores its due time."""
        policy = FIRST_RESPONSE.get(workflow)
        if policy is None:
            return
        self.conn.execute(
            "INSERT INTO lead_sla (lead, calendar, target, started_at) VALUES (?, ?, ?, ?)",
            (lead_id, policy.calendar, policy.target, db.ts(now)),
        )
        if stage == self._initial[workflow]:
            self._store_due(lead_id, now)
        else:
            self._answer(lead_id, now)

    def answered_if_moved(self, lead_id: str, workflow: str, stage: Optional[str], now: dt.datetime) -> bool:
        """Stops ``lead_id``'s clock at ``now`` if it is running and the lead
        now stands off its workflow's initial stage; whether it did."""
        if workflow not in FIRST_RESPONSE or stage == self._initial[workflow]:
            return False
        row = self.conn.execute("SELECT answered_at FROM lead_sla WHERE lead = ?", (lead_id,)).fetchone()
        if row is None or row["answered_at"] is not None:
            return False
        self._answer(lead_id, now)
        return True

    def sweep(self, now: dt.datetime) -> List[str]:
        """Finds the running clocks that have passed their due time at
        ``now`` and marks them breached; answers every unanswered lead that
        is late (oldest due time first) and sets the next wake-up."""
        due = self.conn.execute(
            "SELECT lead FROM lead_sla WHERE answered_at IS NULL AND breached_at IS NULL AND due_at <= ?"
            " ORDER BY due_at, lead",
            (db.ts(now),),
        ).fetchall()
        for row in due:
            clock = self._read(row["lead"], now)
            if clock.breached and clock.due_at is not None:
                self.conn.execute(
                    "UPDATE lead_sla SET breached_at = ? WHERE lead = ?", (db.ts(clock.due_at), row["lead"])
                )
            else:
                # The stored due time was not the engine's (an older engine,
                # a hand edit): store its answer, and the sweep looks again then.
                self._set_due(row["lead"], clock.due_at)
        late = self.conn.execute(
            "SELECT lead FROM lead_sla WHERE answered_at IS NULL AND breached_at IS NOT NULL"
            " ORDER BY breached_at, lead"
        ).fetchall()
        (next_due,) = self.conn.execute(
            "SELECT min(due_at) FROM lead_sla WHERE answered_at IS NULL AND breached_at IS NULL"
        ).fetchone()
        db.set_wake(self.conn, SLA_SWEEP, None if next_due is None else db.parse_ts(next_due))
        return [row["lead"] for row in late]

    # --- operations of their own -----------------------------------------

    def pause(self, lead_id: str, *, now: dt.datetime) -> Optional[dt.datetime]:
        """Stops ``lead_id``'s clock from ``now`` on (the lead waits on the
        customer); answers the stored due time (None: the clock stands)."""
        now = db.whole_seconds(now)
        with db.transaction(self.conn):
            started = self._running(lead_id)
            if now < started:
                raise SlaError(f"lead {lead_id!r} cannot wait on the customer before its clock started")
            if self._open_pause(lead_id) is not None:
                raise SlaError(f"lead {lead_id!r}'s clock is already paused")
            self.conn.execute("INSERT INTO sla_pauses (lead, from_at) VALUES (?, ?)", (lead_id, db.ts(now)))
            return self._store_due(lead_id, now)

    def resume(self, lead_id: str, *, now: dt.datetime) -> Optional[dt.datetime]:
        """Restarts ``lead_id``'s clock at ``now`` (the customer answered);
        answers the new stored due time."""
        now = db.whole_seconds(now)
        with db.transaction(self.conn):
            self._running(lead_id)
            if self._open_pause(lead_id) is None:
                raise SlaError(f"lead {lead_id!r}'s clock is not paused")
            # The engine judges the pause before it is written: one that
            # would end before it began is its `invalid_request`.
            clock = self._read(lead_id, now, ending=now)
            self.conn.execute(
                "UPDATE sla_pauses SET to_at = ? WHERE lead = ? AND to_at IS NULL", (db.ts(now), lead_id)
            )
            self._set_due(lead_id, clock.due_at)
            return clock.due_at

    def status(self, lead_id: str, *, now: dt.datetime) -> Status:
        """``lead_id``'s clock as stored, read by the engine at ``now`` (at
        its answer, once answered)."""
        row = self.conn.execute("SELECT * FROM lead_sla WHERE lead = ?", (lead_id,)).fetchone()
        if row is None:
            raise SlaError(f"lead {lead_id!r} has no first-response clock")
        answered = _instant(row["answered_at"])
        open_pause = self._open_pause(lead_id)
        return Status(
            lead=lead_id,
            started_at=db.parse_ts(row["started_at"]),
            target=row["target"],
            due_at=_instant(row["due_at"]),
            answered_at=answered,
            breached_at=_instant(row["breached_at"]),
            paused_since=open_pause,
            clock=self._read(lead_id, db.whole_seconds(now) if answered is None else answered),
        )

    def wake_at(self) -> Optional[dt.datetime]:
        """The earliest due time of a clock still running (as the last
        sweep or a new clock set it), or None."""
        return db.wake_at(self.conn, SLA_SWEEP)

    # --- the rows ---------------------------------------------------------

    def _read(self, lead_id: str, now: dt.datetime, *, ending: Optional[dt.datetime] = None) -> Clock:
        """The engine's reading of the stored clock at ``now``; with
        ``ending``, as if the open pause ended then."""
        row = self.conn.execute(
            "SELECT calendar, target, started_at FROM lead_sla WHERE lead = ?", (lead_id,)
        ).fetchone()
        paused: List[Pause] = [
            (db.parse_ts(p["from_at"]), ending if p["to_at"] is None else db.parse_ts(p["to_at"]))
            for p in self.conn.execute("SELECT from_at, to_at FROM sla_pauses WHERE lead = ? ORDER BY id", (lead_id,))
        ]
        return sla_clock.ask(
            self.engine,
            calendar=row["calendar"],
            start=db.parse_ts(row["started_at"]),
            target=row["target"],
            now=now,
            paused=paused,
        )

    def _store_due(self, lead_id: str, now: dt.datetime) -> Optional[dt.datetime]:
        """Asks the engine for the clock's due time as now stored and stores it."""
        due = self._read(lead_id, now).due_at
        self._set_due(lead_id, due)
        return due

    def _set_due(self, lead_id: str, due: Optional[dt.datetime]) -> None:
        """Stores ``due`` and brings the sweep's wake-up forward to it."""
        self.conn.execute(
            "UPDATE lead_sla SET due_at = ? WHERE lead = ?", (None if due is None else db.ts(due), lead_id)
        )
        if due is not None:
            db.wake_no_later_than(self.conn, SLA_SWEEP, due)

    def _answer(self, lead_id: str, now: dt.datetime) -> None:
        # The answer ends a pause still open: the customer is waited on no more.
        clock = self._read(lead_id, now, ending=now)
        self.conn.execute("UPDATE sla_pauses SET to_at = ? WHERE lead = ? AND to_at IS NULL", (db.ts(now), lead_id))
        self.conn.execute(
            "UPDATE lead_sla SET due_at = ?, answered_at = ?, response_time = ?,"
            " breached_at = coalesce(breached_at, ?) WHERE lead = ?",
            (
                None if clock.due_at is None else db.ts(clock.due_at),
                db.ts(now),
                sla_clock.written(clock.elapsed),
                db.ts(clock.due_at) if clock.breached and clock.due_at is not None else None,
                lead_id,
            ),
        )

    def _running(self, lead_id: str) -> dt.datetime:
        """When ``lead_id``'s clock started; SlaError unless it is running."""
        row = self.conn.execute("SELECT started_at, answered_at FROM lead_sla WHERE lead = ?", (lead_id,)).fetchone()
        if row is None:
            raise SlaError(f"lead {lead_id!r} has no first-response clock")
        if row["answered_at"] is not None:
            raise SlaError(f"lead {lead_id!r} was answered at {row['answered_at']}: its clock has stopped")
        return db.parse_ts(row["started_at"])

    def _open_pause(self, lead_id: str) -> Optional[dt.datetime]:
        row = self.conn.execute(
            "SELECT from_at FROM sla_pauses WHERE lead = ? AND to_at IS NULL", (lead_id,)
        ).fetchone()
        return None if row is None else db.parse_ts(row["from_at"])


def _instant(text: Optional[str]) -> Optional[dt.datetime]:
    return None if text is None else db.parse_ts(text)
