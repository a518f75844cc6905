"""Creatio's handoff to sales: tasks, history, feed notes and maturity."""

from __future__ import annotations

import json

from crm.service import Crm

from .conftest import at, snapshot
from .helpers import rows


def test_the_handoff_writes_its_task_history_feed_and_maturity(crm: Crm) -> None:
    assert crm.create_lead(
        "maya", "C1", name="Line upgrade", workflow="creatio_lead", distribution_owner="sol", now=at()
    )
    assert crm.lead("C1")["stage"] == "qualification"
    assert crm.transition("maya", "C1", "qualify", now=at(hours=1))
    assert crm.transition("maya", "C1", "start_handoff", now=at(hours=2))
    assert rows(crm, "SELECT lead, task, owner, reporter, start, status FROM tasks") == [
        ("C1", "handoff", "sol", "maya", "2026-11-23T11:00:00Z", "open")
    ]

    form = {
        "need_type": "new_equipment",
        "budget": 25000,
        "sales_owner": "sam",
        "sales_division": "direct",
        "meeting_at": "2026-12-01T10:00:00+01:00",
        "decision_at": "2026-12-10T10:00:00Z",
        "notes": "call before noon",
    }
    before = snapshot(crm)
    denied = crm.transition("maya", "C1", "proceed_to_handoff", now=at(days=1), fields={**form, "budget": -1})
    assert denied.codes == ["invalid_field"]
    assert snapshot(crm) == before
    assert crm.transition("bo", "C1", "qualify", now=at(days=1)).codes == [
        "capability_required",
        "illegal_transition",
    ]
    assert snapshot(crm) == before

    # Reschedule stays on the stage and opens another handoff task.
    assert crm.transition("pia", "C1", "reschedule", now=at(days=1))
    assert rows(crm, "SELECT owner, reporter FROM tasks ORDER BY id") == [("sol", "maya"), ("sol", "pia")]

    assert crm.transition("maya", "C1", "proceed_to_handoff", now=at(days=1), fields=form)
    lead = crm.lead("C1")
    assert (lead["stage"], lead["maturity"]) == ("awaiting_sale", "sales_ready")
    [(section, actor, fields)] = rows(crm, "SELECT section, actor, fields FROM lead_history")
    assert (section, actor, json.loads(fields)) == ("proceed_to_handoff", "maya", form)
    assert rows(crm, "SELECT actor, note FROM lead_feed") == [("maya", "call before noon")]
