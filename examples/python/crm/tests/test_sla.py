"""The first-response SLA of new leads, checked in the database.

The calendar is config.json's ``sales_desk``: Berlin (UTC+1 in November
and December), Monday to Thursday 09:00-13:00 and 14:00-18:00, Friday
09:00-13:00 and 14:00-17:00; Christmas Eve and New Year's Eve until noon;
25 and 26 December and 1 January closed. The target is 4 hours. The tests'
clock starts on Monday 23 November 2026, 09:00 UTC (10:00 in Berlin).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import List, Optional

import pytest

import leadrules
from crm import db, sla_clock
from crm.service import Crm
from crm.sla import SlaError

from .conftest import UTC, at, snapshot
from .helpers import rows


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def stored_due(crm: Crm, lead_id: str) -> Optional[str]:
    (row,) = rows(crm, "SELECT due_at FROM lead_sla WHERE lead = ?", lead_id)
    due: Optional[str] = row[0]
    return due


def engine_due(crm: Crm, lead_id: str, now: dt.datetime) -> Optional[str]:
    """The due time the engine answers for the stored clock, asked through
    the JSON entry (text in, text out), not through the CRM's own call."""
    ((calendar, target, started_at),) = rows(
        crm, "SELECT calendar, target, started_at FROM lead_sla WHERE lead = ?", lead_id
    )
    paused = [
        {"from": begun, "to": ended}
        for begun, ended in rows(crm, "SELECT from_at, to_at FROM sla_pauses WHERE lead = ? ORDER BY id", lead_id)
    ]
    request = {
        "kind": "sla",
        "calendar": calendar,
        "start": started_at,
        "target": target,
        "now": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "paused": paused,
    }
    due = crm.engine.decide(json.dumps(request))["due_at"]
    return None if due is None else db.ts(due)


def new_lead(crm: Crm, lead_id: str, now: dt.datetime, *, actor: str = "pia") -> None:
    assert crm.create_lead(actor, lead_id, name=lead_id, now=now)


@pytest.mark.parametrize(
    ("created", "due"),
    [
        (at(), "2026-11-23T14:00:00Z"),  # 10:00: 3 h to lunch, 1 h after it
        (at(hours=-2), "2026-11-23T12:00:00Z"),  # 08:00, before opening: 09:00 + 4 h of it
        (at(hours=7, minutes=30), "2026-11-24T11:30:00Z"),  # 17:30: 30 min, then 3 h 30 min on Tuesday
        (utc("2026-11-27T16:30:00"), "2026-11-30T12:00:00Z"),  # Friday 17:30, closed: Monday 09:00-13:00
        (utc("2026-12-24T10:00:00"), "2026-12-28T11:00:00Z"),  # Christmas Eve 11:00: 1 h, then Monday
        (utc("2027-03-26T15:00:00"), "2027-03-29T10:00:00Z"),  # Friday 16:00 CET: 1 h; Monday 12:00 CEST
    ],
)
def test_the_stored_due_time_is_the_engines(crm: Crm, created: dt.datetime, due: str) -> None:
    new_lead(crm, "L1", created)
    assert rows(crm, "SELECT lead, calendar, target, started_at, answered_at, breached_at FROM lead_sla") == [
        ("L1", "sales_desk", "PT4H", created.strftime("%Y-%m-%dT%H:%M:%SZ"), None, None)
    ]
    assert stored_due(crm, "L1") == due == engine_due(crm, "L1", created)
    assert crm.sla.status("L1", now=created).due_at == utc(due[:-1])


def test_only_the_crms_own_sales_leads_get_a_clock(crm: Crm) -> None:
    new_lead(crm, "L1", at())
    assert crm.create_lead("maya", "P1", name="P1", workflow="partner_lead", partner="acme", now=at())
    assert crm.create_lead("maya", "C1", name="C1", workflow="creatio_lead", distribution_owner="sol", now=at())
    assert rows(crm, "SELECT lead FROM lead_sla") == [("L1",)]
    report = crm.import_leads("bo", [{"id": f"I{i}", "name": f"I{i}"} for i in range(3)], now=at(hours=1))
    assert report.leads == ["I0", "I1", "I2"]
    for lead_id in report.leads:
        assert stored_due(crm, lead_id) == engine_due(crm, lead_id, at(hours=1)) == "2026-11-23T15:00:00Z"


def test_a_pause_moves_the_due_time_by_the_open_time_it_covers(crm: Crm) -> None:
    new_lead(crm, "L1", at())  # due 15:00 Berlin
    before = stored_due(crm, "L1")
    # 12:30 to 14:30 Berlin: 30 minutes before lunch and 30 after it.
    assert crm.sla.pause("L1", now=at(hours=2, minutes=30)) is None
    assert rows(crm, "SELECT from_at, to_at FROM sla_pauses") == [("2026-11-23T11:30:00Z", None)]
    assert stored_due(crm, "L1") is None
    assert engine_due(crm, "L1", at(hours=3)) is None
    assert crm.sla.resume("L1", now=at(hours=4, minutes=30)) == at(hours=6)
    assert rows(crm, "SELECT from_at, to_at FROM sla_pauses") == [("2026-11-23T11:30:00Z", "2026-11-23T13:30:00Z")]
    after = stored_due(crm, "L1")
    assert before is not None and after is not None
    assert (before, after) == ("2026-11-23T14:00:00Z", "2026-11-23T15:00:00Z")
    assert after == engine_due(crm, "L1", at(hours=5))
    # The due time moved by exactly the open time paused.
    moved = sla_clock.open_between(crm.engine, "sales_desk", db.parse_ts(before), db.parse_ts(after))
    paused = sla_clock.open_between(crm.engine, "sales_desk", at(hours=2, minutes=30), at(hours=4, minutes=30))
    assert moved == paused == dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("created", "begun", "ended", "due"),
    [
        # Monday 16:00 Berlin: 2 h today, 2 h on Tuesday; paused 18:30 to 08:00.
        (at(hours=6), at(hours=8, minutes=30), at(days=1, hours=-2), "2026-11-24T10:00:00Z"),
        # The same, paused from closing time to opening time exactly.
        (at(hours=6), at(hours=8), at(days=1, hours=-1), "2026-11-24T10:00:00Z"),
        # Monday 12:00 Berlin: 1 h before lunch, 3 h after it; paused over lunch.
        (at(hours=2), at(hours=3), at(hours=4), "2026-11-23T16:00:00Z"),
    ],
)
def test_a_pause_in_closed_hours_moves_the_due_time_by_nothing(
    crm: Crm, created: dt.datetime, begun: dt.datetime, ended: dt.datetime, due: str
) -> None:
    new_lead(crm, "L1", created)
    assert stored_due(crm, "L1") == due
    crm.sla.pause("L1", now=begun)
    crm.sla.resume("L1", now=ended)
    assert stored_due(crm, "L1") == due == engine_due(crm, "L1", ended)
    assert sla_clock.open_between(crm.engine, "sales_desk", begun, ended) == dt.timedelta()


def test_a_pause_after_the_due_time_leaves_it_and_the_breach(crm: Crm) -> None:
    new_lead(crm, "L1", at())  # due 14:00 UTC
    assert crm.sla.pause("L1", now=at(hours=6)) == at(hours=5)
    assert stored_due(crm, "L1") == "2026-11-23T14:00:00Z" == engine_due(crm, "L1", at(hours=6))
    assert crm.run_due_sweep(at(hours=7)).breached == ["L1"]


def test_pause_and_resume_refuse_what_the_clock_does_not_allow(crm: Crm) -> None:
    new_lead(crm, "L1", at())
    assert crm.create_lead("maya", "P1", name="P1", workflow="partner_lead", partner="acme", now=at())
    before = snapshot(crm)
    with pytest.raises(SlaError, match="no first-response clock"):
        crm.sla.pause("P1", now=at(hours=1))
    with pytest.raises(SlaError, match="before its clock started"):
        crm.sla.pause("L1", now=at(minutes=-1))
    with pytest.raises(SlaError, match="not paused"):
        crm.sla.resume("L1", now=at(hours=1))
    assert snapshot(crm) == before
    crm.sla.pause("L1", now=at(hours=1))
    paused = snapshot(crm)
    with pytest.raises(SlaError, match="already paused"):
        crm.sla.pause("L1", now=at(hours=2))
    # A pause that would end before it began: the engine refuses it, at its path.
    with pytest.raises(leadrules.RequestError) as refused:
        crm.sla.resume("L1", now=at(minutes=30))
    assert refused.value.path == "paused[0].to"
    assert snapshot(crm) == paused


def test_the_sweep_lists_the_breached_leads_and_only_those(crm: Crm) -> None:
    new_lead(crm, "A", at())  # due 14:00 UTC
    new_lead(crm, "B", at(hours=1))  # due 15:00 UTC
    new_lead(crm, "C", at())  # answered in time
    new_lead(crm, "D", at())  # paused before its due time, still paused
    new_lead(crm, "E", at(hours=-1))  # due 12:00 UTC, answered late
    assert crm.create_lead("maya", "P1", name="P1", workflow="partner_lead", partner="acme", now=at())
    assert crm.transition("pia", "C", "next", now=at(hours=1))
    crm.sla.pause("D", now=at(hours=2))
    assert crm.sla.wake_at() == at(hours=3)  # E's due time
    assert crm.sweep_if_due(at(hours=2, minutes=59)) is None
    assert crm.transition("pia", "E", "next", now=at(hours=4, minutes=30))

    assert crm.run_due_sweep(at(hours=5, minutes=30)).breached == ["A"]
    assert crm.sla.wake_at() == at(hours=6)  # B's
    report = crm.sweep_if_due(at(hours=6))
    assert report is not None and report.breached == ["A", "B"]
    assert crm.sla.wake_at() is None
    late = rows(crm, "SELECT lead, breached_at FROM lead_sla WHERE breached_at IS NOT NULL AND answered_at IS NULL")
    assert late == [("A", "2026-11-23T14:00:00Z"), ("B", "2026-11-23T15:00:00Z")]
    # E was late too, and its answer recorded it; C and D were not.
    assert rows(crm, "SELECT lead, breached_at FROM lead_sla WHERE lead IN ('C', 'D', 'E') ORDER BY lead") == [
        ("C", None),
        ("D", None),
        ("E", "2026-11-23T12:00:00Z"),
    ]
    # Every listed lead is one the engine calls breached, and no other is.
    for lead_id in ("A", "B", "C", "D"):
        status = crm.sla.status(lead_id, now=at(hours=6))
        assert status.clock.breached == (lead_id in report.breached), lead_id
    # The next sweep lists them again until they are answered.
    assert crm.run_due_sweep(at(days=3)).breached == ["A", "B"]
    assert crm.transition("pia", "A", "next", now=at(days=3))
    assert crm.run_due_sweep(at(days=3, hours=1)).breached == ["B"]


def test_the_first_response_stops_the_clock(crm: Crm) -> None:
    new_lead(crm, "L1", at())
    crm.sla.pause("L1", now=at(hours=1))  # 11:00 Berlin
    # Moving the lead off `new` is the answer; it also ends the pause.
    assert crm.transition("pia", "L1", "next", now=at(hours=2))  # 12:00 Berlin
    assert rows(crm, "SELECT due_at, answered_at, response_time, breached_at FROM lead_sla") == [
        ("2026-11-23T15:00:00Z", "2026-11-23T11:00:00Z", "PT1H", None)
    ]
    assert rows(crm, "SELECT from_at, to_at FROM sla_pauses") == [("2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z")]
    status = crm.sla.status("L1", now=at(days=30))
    assert status.answered_at == at(hours=2) and status.clock.elapsed == dt.timedelta(hours=1)
    assert not status.clock.breached
    assert crm.run_due_sweep(at(days=30)).breached == []
    answered = snapshot(crm)
    with pytest.raises(SlaError, match="answered"):
        crm.sla.pause("L1", now=at(days=1))
    # Moving on (or back) answers nothing again.
    assert crm.transition("pia", "L1", "next", now=at(days=1))
    assert crm.transition("pia", "L1", "prev", now=at(days=1))
    assert rows(crm, "SELECT answered_at FROM lead_sla") == [("2026-11-23T11:00:00Z",)]
    assert snapshot(crm)["lead_sla"] == answered["lead_sla"]


def test_other_operations_are_not_an_answer(crm: Crm) -> None:
    new_lead(crm, "L1", at())
    assert crm.edit_lead("pia", "L1", {"mobile": "+919812345678"}, now=at(minutes=5))
    assert crm.transition("pia", "L1", "set_sub_stage", fields={"sub_stage": "parked"}, now=at(minutes=10))
    assert crm.handover("pia", "L1", "hq", now=at(minutes=20))
    assert rows(crm, "SELECT answered_at FROM lead_sla") == [(None,)]


def test_a_lead_created_past_its_first_stage_was_answered_at_once(crm: Crm) -> None:
    assert crm.create_lead("pia", "L1", name="Referral", stage="qualified", now=at())
    assert rows(crm, "SELECT answered_at, response_time, breached_at FROM lead_sla") == [
        ("2026-11-23T09:00:00Z", "PT0S", None)
    ]


class Injected(Exception):
    """The failure a test injects into an engine call."""


def fail_on_ask(monkeypatch: pytest.MonkeyPatch, call: int) -> List[dt.datetime]:
    """Makes the CRM's ``call``-th SLA question (1-based) fail."""
    real = sla_clock.ask
    asked: List[dt.datetime] = []

    def failing(engine: leadrules.Engine, **request: object) -> sla_clock.Clock:
        asked.append(request["now"])  # type: ignore[arg-type]
        if len(asked) == call:
            raise Injected(f"sla question #{call} fails")
        return real(engine, **request)  # type: ignore[arg-type]

    monkeypatch.setattr(sla_clock, "ask", failing)
    return asked


def test_a_crash_while_resuming_keeps_the_pause_open_and_the_due_time(
    crm: Crm, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_lead(crm, "L1", at())
    crm.sla.pause("L1", now=at(hours=1))
    before = snapshot(crm)

    def failing(conn: sqlite3.Connection, job: str, at: dt.datetime) -> None:
        raise Injected("the scheduler's row cannot be written")

    # The pause row is closed and the due time stored when the wake-up fails.
    monkeypatch.setattr(db, "wake_no_later_than", failing)
    with pytest.raises(Injected):
        crm.sla.resume("L1", now=at(hours=2))
    assert snapshot(crm) == before
    assert rows(crm, "SELECT to_at FROM sla_pauses") == [(None,)]
    monkeypatch.undo()
    assert crm.sla.resume("L1", now=at(hours=2)) == at(hours=6)
    assert stored_due(crm, "L1") == engine_due(crm, "L1", at(hours=2))


def test_a_crash_while_creating_leaves_no_lead_and_no_clock(crm: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(crm)
    fail_on_ask(monkeypatch, 1)  # the lead, its plan, its keys and its SLA row are written
    with pytest.raises(Injected):
        crm.create_lead("pia", "L1", name="L1", mobile="+919812345678", now=at())
    assert snapshot(crm) == before


def test_a_crash_while_answering_keeps_the_stage_and_the_clock(crm: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    new_lead(crm, "L1", at())
    before = snapshot(crm)
    fail_on_ask(monkeypatch, 1)
    with pytest.raises(Injected):
        crm.transition("pia", "L1", "next", now=at(hours=1))
    assert snapshot(crm) == before
    assert crm.lead("L1")["stage"] == "new"


def test_a_crash_mid_sweep_marks_nothing_and_keeps_the_wake_up(crm: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    new_lead(crm, "A", at())
    new_lead(crm, "B", at())
    before = snapshot(crm)
    fail_on_ask(monkeypatch, 2)  # A is marked breached, B's question fails
    with pytest.raises(Injected):
        crm.run_due_sweep(at(days=1))
    assert snapshot(crm) == before
    assert crm.sla.wake_at() == at(hours=5)
    monkeypatch.undo()
    assert crm.run_due_sweep(at(days=1)).breached == ["A", "B"]


def test_the_sweep_reads_running_clocks_through_their_index(crm: Crm) -> None:
    plan = " ".join(
        str(row[-1])
        for row in crm.conn.execute(
            "EXPLAIN QUERY PLAN SELECT lead FROM lead_sla"
            " WHERE answered_at IS NULL AND breached_at IS NULL AND due_at <= ? ORDER BY due_at, lead",
            ("2026-11-23T09:00:00Z",),
        )
    )
    assert "lead_sla_running_by_due" in plan


def test_a_second_open_pause_is_refused_by_the_schema(crm: Crm) -> None:
    new_lead(crm, "L1", at())
    crm.sla.pause("L1", now=at(hours=1))
    with pytest.raises(sqlite3.IntegrityError):
        crm.conn.execute("INSERT INTO sla_pauses (lead, from_at) VALUES ('L1', '2026-11-23T11:00:00Z')")


def test_durations_are_written_as_the_engine_writes_them() -> None:
    for text, span in (("PT0S", dt.timedelta()), ("PT50H", dt.timedelta(hours=50)), ("PT4H40M5S", None)):
        parsed = sla_clock.duration(text)
        assert span is None or parsed == span
        assert sla_clock.written(parsed) == text
    for bad in ("PT", "P1D", "PT4H30", "4H"):
        with pytest.raises(ValueError):
            sla_clock.duration(bad)
