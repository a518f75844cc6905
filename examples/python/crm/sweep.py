"""The scheduler's sweep: partner leads past their deadline expire, and new
leads past their first-response due time are listed.

One transaction per run (``Crm.run_due_sweep``):

- for each workflow of :data:`SWEPT`, the leads on a stage that runs an
  expiry period are read (``Crm.sweep_book``), leadrules' sweep names the
  due ones, the system actor's action is asked for each and its plan
  applied; the earliest deadline still to come is the expiry wake-up;
- the first-response clocks whose due time has come are confirmed by the
  engine and marked breached, and every unanswered late lead is listed
  (:meth:`crm.sla.FirstResponse.sweep`), with its own wake-up.

A failure undoes all of it and leaves both wake-ups as they were (so the
scheduler tries again).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Dict, List, Optional

from . import db
from .effects import EXPIRY_SWEEP

if TYPE_CHECKING:
    from .service import Crm

#: The reserved actor the CRM's scheduler acts as for automatic transitions.
SYSTEM_ACTOR: Dict[str, str] = {"id": "scheduler", "role": "system"}

#: The workflows the expiry sweep watches, each with the action the system
#: actor takes on a lead once it is due. Which of their stages the sweep
#: reads is the engine's answer (``Crm.swept_stages``), never a list of
#: ours: a config that changes the workflow changes it.
SWEPT: Dict[str, str] = {"partner_lead": "expire"}


class SweepError(RuntimeError):
    """The engine called a lead due but refused the system's action on it."""


@dataclass(frozen=True)
class SweepReport:
    """What one run of the sweep did."""

    #: The instant the sweep ran at.
    now: dt.datetime
    #: The leads it expired, per workflow order then the book's order.
    expired: List[str]
    #: When the expiry sweep should run next (the earliest deadline still
    #: to come), or None.
    next_wake: Optional[dt.datetime]
    #: Every unanswered lead whose first response is late at ``now``,
    #: oldest due time first (``lead_sla.breached_at`` set).
    breached: List[str] = field(default_factory=list)


def run(crm: Crm, now: dt.datetime) -> SweepReport:
    """One run of the sweep at ``now`` (whole seconds), in one transaction."""
    expired: List[str] = []
    next_wake: Optional[dt.datetime] = None
    with db.transaction(crm.conn):
        for workflow, action in SWEPT.items():
            book = crm.sweep_book(workflow)
            result = crm.engine.sweep(book, workflow=workflow, now=now)
            by_id = {lead["id"]: lead for lead in book}
            for lead_id in result.due:
                decision = crm.engine.transition(SYSTEM_ACTOR, by_id[lead_id], action, workflow=workflow, now=now)
                if not decision:
                    raise SweepError(f"lead {lead_id!r} is due but {action!r} was refused: {decision.codes}")
                crm._apply(decision.effects, f"transition:{action}", SYSTEM_ACTOR["id"], lead_id, now)
                expired.append(lead_id)
            if result.next_deadline is not None and (next_wake is None or result.next_deadline < next_wake):
                next_wake = result.next_deadline
        db.set_wake(crm.conn, EXPIRY_SWEEP, next_wake)
        breached = crm.sla.sweep(now)
    return SweepReport(now=now, expired=expired, next_wake=next_wake, breached=breached)
