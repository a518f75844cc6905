"""The expiry sweep: wakes at the next deadline, expires exactly the due leads."""

from __future__ import annotations

from typing import Any

import pytest

from crm.service import Crm

from .conftest import at, snapshot
from .helpers import audit, rows


@pytest.fixture
def book(crm: Crm) -> Crm:
    """Partner leads with every kind of deadline (and one without)."""

    def offer(lead_id: str, days: float = 0, **extra: Any) -> None:
        assert crm.create_lead(
            "maya", lead_id, name=lead_id, workflow="partner_lead", partner="acme", now=at(days=days), **extra
        )

    offer("A")  # pending: due at T0 + 7 days
    offer("B", days=1)  # pending: due at T0 + 8 days
    offer("C")
    assert crm.accept("ana", "C", now=at(hours=1))  # accepted: due at T0 + 1 hour + 30 days
    offer("D", expires_at=at(days=2))  # a deadline from the API: T0 + 2 days
    offer("E", template="fast_track")  # 2 days, to the end of the Berlin day: 2026-11-25T23:00Z
    offer("F")
    assert crm.accept("ana", "F", now=at(hours=1))
    assert crm.convert("ana", "F", opportunity_id="OPP-1", now=at(hours=2))  # terminal: no deadline
    offer("G")
    assert crm.decline("ana", "G", reason="no", now=at(hours=1))  # declined: no deadline
    crm.create_lead("pia", "L", name="not a partner lead", now=at())
    return crm


def stages(crm: Crm) -> dict[str, str]:
    return {lead: stage for lead, stage in rows(crm, "SELECT id, stage FROM leads ORDER BY id")}


def test_the_wake_up_is_the_earliest_deadline(book: Crm) -> None:
    assert book.wake_at() == at(days=2)  # D's


def test_the_sweep_expires_exactly_the_due_leads(book: Crm) -> None:
    crm = book
    report = crm.run_due_sweep(at(days=7))
    # A is due at this very instant; D and E were due before; B, C are not yet.
    assert report.expired == ["A", "D", "E"]
    assert report.next_wake == at(days=8)
    assert crm.wake_at() == at(days=8)
    assert stages(crm) == {
        "A": "expired",
        "B": "pending",
        "C": "accepted",
        "D": "expired",
        "E": "expired",
        "F": "closed_converted",
        "G": "declined",
        "L": "new",
    }
    assert rows(crm, "SELECT id FROM leads WHERE stage = 'expired' AND expires_at IS NOT NULL") == []
    assert audit(crm)[-3:] == [
        ("scheduler", "transition:expire", "A"),
        ("scheduler", "transition:expire", "D"),
        ("scheduler", "transition:expire", "E"),
    ]


def test_the_sweep_runs_until_nothing_is_left(book: Crm) -> None:
    crm = book
    assert crm.run_due_sweep(at(days=2, seconds=-1)).expired == []  # one second early: nothing
    assert crm.wake_at() == at(days=2)
    report = crm.run_due_sweep(at(days=2))
    assert (report.expired, report.next_wake) == (["D"], at(days=2, hours=14))  # E at 23:00 UTC
    report = crm.run_due_sweep(at(days=3))
    assert (report.expired, report.next_wake) == (["E"], at(days=7))
    report = crm.run_due_sweep(at(days=8))
    assert (report.expired, report.next_wake) == (["A", "B"], at(days=30, hours=1))
    report = crm.run_due_sweep(at(days=30, hours=1))
    assert (report.expired, report.next_wake) == (["C"], None)
    assert crm.wake_at() is None


def test_a_second_sweep_at_the_same_instant_changes_nothing(book: Crm) -> None:
    crm = book
    crm.run_due_sweep(at(days=7))
    before = snapshot(crm)
    report = crm.run_due_sweep(at(days=7))
    assert (report.expired, report.next_wake) == ([], at(days=8))
    assert snapshot(crm) == before


def test_the_scheduler_sleeps_until_the_wake_up(book: Crm) -> None:
    crm = book
    # L's first-response clock (crm.sla) is due first: the sweep wakes for
    # it, expires nothing and lists L late.
    assert crm.sweep_if_due(at(hours=5, seconds=-1)) is None
    report = crm.sweep_if_due(at(hours=5))
    assert report is not None and (report.expired, report.breached) == ([], ["L"])
    before = snapshot(crm)
    assert crm.sweep_if_due(at(days=1)) is None
    assert snapshot(crm) == before
    report = crm.sweep_if_due(at(days=2))
    assert report is not None and report.expired == ["D"]


def test_new_deadlines_bring_the_wake_up_forward(book: Crm) -> None:
    crm = book
    crm.run_due_sweep(at(days=7))
    assert crm.wake_at() == at(days=8)
    # An expired lead offered again gets a new pending period from now.
    assert crm.reassign("maya", "A", partner="beta", now=at(days=7, hours=1))
    assert crm.wake_at() == at(days=8)  # its deadline, 7 days from now, is later: unchanged
    crm.create_lead(
        "maya", "H", name="H", workflow="partner_lead", partner="acme", expires_at=at(days=7, hours=2), now=at(days=7)
    )
    assert crm.wake_at() == at(days=7, hours=2)
