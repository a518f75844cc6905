"""The sweep reads only the leads on a stage that runs an expiry period,
the stages being the engine's answer (``engine.workflow``), so that a
config that changes a workflow changes what the SQL selects."""

from __future__ import annotations

import copy
from typing import Any, Dict, Iterator, List, Mapping

import leadrules
import pytest

from crm import cast
from crm.service import Crm, load_config

from .conftest import at
from .helpers import rows
from .test_sweep import book

__all__ = ["book"]

#: Instants around every deadline of the ``book`` fixture's leads.
INSTANTS = [at(), at(days=2), at(days=3), at(days=7), at(days=8), at(days=30, hours=1), at(days=60)]


class SweepSpy:
    """The engine, recording the ids of every book it is asked to sweep."""

    def __init__(self, engine: leadrules.Engine) -> None:
        self.engine = engine
        self.books: List[List[str]] = []

    def sweep(self, leads: List[Mapping[str, Any]], **kwargs: Any) -> leadrules.SweepResult:
        self.books.append([lead["id"] for lead in leads])
        return self.engine.sweep(leads, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)


def ids_where(crm: Crm, sql: str, *params: Any) -> List[str]:
    return [lead_id for (lead_id,) in rows(crm, sql, *params)]


def test_the_swept_stages_are_the_engines(crm: Crm) -> None:
    stages = crm.engine.workflow("partner_lead").stages
    assert crm.swept_stages("partner_lead") == tuple(s.name for s in stages if s.expiry is not None)
    assert crm.swept_stages("partner_lead") == ("pending", "accepted")


def test_leads_on_stages_without_a_period_are_never_read(book: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    crm = book
    spy = SweepSpy(crm.engine)
    monkeypatch.setattr(crm, "engine", spy)
    statements: List[str] = []
    crm.conn.set_trace_callback(statements.append)
    report = crm.run_due_sweep(at(days=7))
    crm.conn.set_trace_callback(None)
    assert report.expired == ["A", "D", "E"]
    # The database holds partner leads on stages without a period (F
    # converted, G declined) and a lead of another workflow (L) ...
    assert ids_where(crm, "SELECT id FROM leads WHERE stage IN ('closed_converted', 'declined', 'new')") == [
        "F",
        "G",
        "L",
    ]
    # ... and the sweep was handed only the others, which SQL selected.
    assert spy.books == [["A", "B", "C", "D", "E"]]
    (select,) = [s for s in statements if s.lstrip().upper().startswith("SELECT * FROM LEADS")]
    assert "workflow = 'partner_lead' AND stage IN ('pending', 'accepted')" in select
    # SQLite answers that query from the index on (workflow, stage).
    plan = " ".join(
        str(row[-1])
        for row in crm.conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM leads WHERE workflow = ? AND stage IN (?, ?) ORDER BY id",
            ("partner_lead", "pending", "accepted"),
        )
    )
    assert "leads_by_workflow_stage" in plan


def test_the_answer_equals_sweeping_everything(book: Crm) -> None:
    crm = book
    everything = [crm.lead(i) for i in ids_where(crm, "SELECT id FROM leads WHERE workflow = 'partner_lead' ORDER BY id")]
    selected = crm.sweep_book("partner_lead")
    assert len(selected) < len(everything)
    for now in INSTANTS:
        assert crm.engine.sweep(selected, workflow="partner_lead", now=now) == crm.engine.sweep(
            everything, workflow="partner_lead", now=now
        ), now


#: partner_lead replaced by the config: its periods run on `new` and
#: `working`; `parked` (reached from `working`) runs none.
CUSTOM_PARTNER_LEAD: Dict[str, Any] = {
    "stages": [
        {"id": "new", "initial": True, "expiry": "pending"},
        {"id": "working", "expiry": "accepted"},
        {"id": "parked"},
        {"id": "lost", "archived": True},
        {"id": "won", "terminal": True},
    ],
    "actions": [
        {
            "id": "claim",
            "from": ["new"],
            "to": "working",
            "who": {"party": "partner"},
            "when_due": "deny",
            "effects": [{"kind": "record", "field": "accepted_at", "from": "now"}],
        },
        {"id": "park", "from": ["working"], "to": "parked", "who": {"party": "partner"}},
        {"id": "win", "from": ["working", "parked"], "to": "won", "who": {"party": "partner"}},
        {"id": "expire", "from": ["new", "working"], "to": "lost", "who": {"party": "system"}, "when_due": "require"},
        {"id": "reopen", "from": ["lost"], "to": "new", "who": {"party": "source"}},
    ],
}


@pytest.fixture
def custom() -> Iterator[Crm]:
    config = copy.deepcopy(load_config())
    config["policy"].setdefault("workflows", {})["partner_lead"] = CUSTOM_PARTNER_LEAD
    crm = Crm.open(":memory:", config)
    cast.seed(crm)
    yield crm
    crm.close()


def test_a_stage_set_by_a_custom_workflow_config_is_honoured(custom: Crm) -> None:
    crm = custom
    assert crm.swept_stages("partner_lead") == ("new", "working")
    for lead_id in ("N", "W", "P", "X"):
        assert crm.create_lead("maya", lead_id, name=lead_id, workflow="partner_lead", partner="acme", now=at())
    assert crm.transition("ana", "W", "claim", now=at(hours=1))
    assert crm.transition("ana", "P", "claim", now=at(hours=1))
    assert crm.transition("ana", "P", "park", now=at(hours=2))
    assert crm.transition("ana", "X", "claim", now=at(hours=1))
    assert crm.transition("ana", "X", "win", now=at(hours=2))
    stages = dict(rows(crm, "SELECT id, stage FROM leads ORDER BY id"))
    assert stages == {"N": "new", "P": "parked", "W": "working", "X": "won"}
    # The built-in partner_lead's stages would select nothing here.
    assert ids_where(crm, "SELECT id FROM leads WHERE stage IN ('pending', 'accepted')") == []
    assert [lead["id"] for lead in crm.sweep_book("partner_lead")] == ["N", "W"]
    everything = [crm.lead(i) for i in ("N", "P", "W", "X")]
    for now in INSTANTS:
        assert crm.engine.sweep(crm.sweep_book("partner_lead"), workflow="partner_lead", now=now) == crm.engine.sweep(
            everything, workflow="partner_lead", now=now
        ), now
    # End to end: the new lead lapses after its pending period, the
    # working one after its accepted period; the parked one never.
    assert crm.run_due_sweep(at(days=7)).expired == ["N"]
    assert crm.run_due_sweep(at(days=60)).expired == ["W"]
    assert dict(rows(crm, "SELECT id, stage FROM leads ORDER BY id")) == {
        "N": "lost",
        "P": "parked",
        "W": "lost",
        "X": "won",
    }


def test_a_workflow_without_periods_reads_nothing(custom: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    crm = custom
    monkeypatch.setitem(crm._swept_stages, "partner_lead", ())
    assert crm.create_lead("maya", "N", name="N", workflow="partner_lead", partner="acme", now=at())
    statements: List[str] = []
    crm.conn.set_trace_callback(statements.append)
    assert crm.sweep_book("partner_lead") == []
    crm.conn.set_trace_callback(None)
    assert statements == []
