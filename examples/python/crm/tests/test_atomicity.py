"""All effects or none: a plan that fails part-way leaves no trace."""

from __future__ import annotations

import sqlite3
from typing import List

import pytest

import leadrules
from crm import db, effects
from crm.effects import Effect, EffectError, PlanContext, UnknownEffectError
from crm.service import Crm, NotFound

from .conftest import at, snapshot
from .helpers import rows


class Injected(Exception):
    """The failure a test injects into a plan."""


def fail_on_call(monkeypatch: pytest.MonkeyPatch, kind: str, call: int, seen: List[Effect]) -> None:
    """Makes the applier of ``kind`` fail on its ``call``-th use (1-based)
    after the real applier has run the calls before it."""
    real = effects.APPLIERS[kind]
    calls = 0

    def failing(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
        nonlocal calls
        calls += 1
        seen.append(effect)
        if calls == call:
            raise Injected(f"{kind} #{call} fails")
        real(conn, effect, ctx)

    monkeypatch.setitem(effects.APPLIERS, kind, failing)


def test_a_failure_mid_handover_rolls_back_the_transfer(crm: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    crm.create_lead("pia", "L1", name="Lead", now=at())
    before = snapshot(crm)
    seen: List[Effect] = []
    fail_on_call(monkeypatch, "notify", 2, seen)  # transfer and the first notify have been written
    with pytest.raises(Injected):
        crm.handover("pia", "L1", "hq", now=at(minutes=5))
    assert [e["org"] for e in seen] == ["north", "hq"]
    assert snapshot(crm) == before
    assert crm.lead("L1")["org"] == "north"
    assert not crm.conn.in_transaction


def test_a_failure_mid_link_rolls_back_every_earlier_effect(crm: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    crm.create_lead("pia", "L-A", name="A", project="skyline", status="interested", mobile="+911", now=at())
    crm.create_lead("rik", "L-B", name="B", project="skyline", status="claimed", mobile="+912", now=at())
    crm.schedule_event("E1", "L-B", "visit", at(days=1))
    before = snapshot(crm)
    seen: List[Effect] = []
    # set_owner, add_viewer, add_alternate_contact, cancel_event have run.
    fail_on_call(monkeypatch, "set_status", 1, seen)
    with pytest.raises(Injected):
        crm.link("sol", "L-A", "L-B", owner="rik", now=at(hours=1))
    assert seen and seen[0]["lead"] == "L-B"
    assert snapshot(crm) == before
    monkeypatch.undo()
    # The same link then succeeds in full.
    assert crm.link("sol", "L-A", "L-B", owner="rik", now=at(hours=1))
    assert rows(crm, "SELECT status FROM events") == [("cancelled",)]


def test_a_failure_mid_sweep_expires_nothing_and_keeps_the_wake_up(crm: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    for lead_id in ("P1", "P2", "P3"):
        crm.create_lead("maya", lead_id, name=lead_id, workflow="partner_lead", partner="acme", now=at())
    before = snapshot(crm)
    seen: List[Effect] = []
    fail_on_call(monkeypatch, "set_expiry", 2, seen)  # P1 expired in full, P2 half-way
    with pytest.raises(Injected):
        crm.run_due_sweep(at(days=7))
    assert snapshot(crm) == before
    assert crm.wake_at() == at(days=7)  # the scheduler will try again


def test_an_unknown_effect_kind_refuses_the_whole_plan(crm: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    crm.create_lead("pia", "L1", name="Lead", now=at())
    before = snapshot(crm)
    # A CRM that never learnt to notify: the plan is refused, not half-applied.
    monkeypatch.delitem(effects.APPLIERS, "notify")
    with pytest.raises(UnknownEffectError, match="notify"):
        crm.handover("pia", "L1", "hq", now=at(minutes=5))
    assert snapshot(crm) == before


def test_apply_plan_checks_every_kind_before_writing(crm: Crm) -> None:
    crm.create_lead("pia", "L1", name="Lead", now=at())
    before = snapshot(crm)
    ctx = PlanContext(now=at(), actor="test")
    with pytest.raises(UnknownEffectError, match="teleport"):
        with db.transaction(crm.conn):
            plan = [{"kind": "set_owner", "lead": "L1", "owner": "rik"}, {"kind": "teleport"}]
            effects.apply_plan(crm.conn, plan, ctx)
    with pytest.raises(RuntimeError, match="one transaction"):
        effects.apply_plan(crm.conn, [{"kind": "set_owner", "lead": "L1", "owner": "rik"}], ctx)
    assert snapshot(crm) == before


@pytest.mark.parametrize(
    ("effect", "message"),
    [
        ({"kind": "set_owner", "lead": "L1"}, "'owner' is missing"),
        ({"kind": "set_owner", "lead": "L1", "owner": 7}, "non-empty text"),
        ({"kind": "set_owner", "owner": "rik"}, "'lead' must be non-empty text"),
        ({"kind": "set_owner", "lead": "nope", "owner": "rik"}, "expected to change one row"),
        (
            {"kind": "transfer", "lead": "L1", "from": "south", "to": "hq", "pipeline": "manager", "owner": None},
            "transfer of lead 'L1' from 'south'",
        ),
        ({"kind": "cancel_event", "lead": "L1", "event": "E-none"}, "cancel_event"),
        ({"kind": "notify", "channel": "pager", "user": "rik", "lead": "L1"}, "unknown channel"),
        ({"kind": "record", "lead": "L1", "field": "shoe_size", "value": "44"}, "no lead field"),
        ({"kind": "record", "lead": "L1", "field": "accepted_at", "value": "yesterday"}, "'value'"),
        ({"kind": "lock", "lead": "L1", "user": "rik", "access": "hidden"}, "unknown access"),
    ],
)
def test_an_effect_that_does_not_fit_the_database_fails_the_plan(crm: Crm, effect: Effect, message: str) -> None:
    crm.create_lead("pia", "L1", name="Lead", now=at())
    before = snapshot(crm)
    plan: List[Effect] = [{"kind": "set_stage", "lead": "L1", "stage": "contacted", "sub_stage": None}, effect]
    with pytest.raises(EffectError, match=message):
        with db.transaction(crm.conn):
            effects.apply_plan(crm.conn, plan, PlanContext(now=at(), actor="test"))
    assert snapshot(crm) == before


def test_bad_input_raises_and_changes_nothing(crm: Crm) -> None:
    crm.create_lead("maya", "P1", name="P1", workflow="partner_lead", partner="acme", now=at())
    before = snapshot(crm)
    with pytest.raises(NotFound):
        crm.accept("nobody", "P1", now=at())
    with pytest.raises(NotFound):
        crm.accept("ana", "P-none", now=at())
    with pytest.raises(leadrules.UnknownReferenceError) as raised:
        crm.transition("ana", "P1", "teleport", now=at())
    assert raised.value.code == "unknown_action"
    with pytest.raises(leadrules.UnknownReferenceError):
        crm.create_lead("maya", "P2", name="P2", workflow="partner_lead", partner="acme", template="apac", now=at())
    with pytest.raises(leadrules.RequestError):  # an API deadline before the lead exists
        crm.create_lead(
            "maya", "P3", name="P3", workflow="partner_lead", partner="acme", expires_at=at(days=-1), now=at()
        )
    assert snapshot(crm) == before
