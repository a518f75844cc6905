"""Creating leads, handing them over to sales, and who may edit them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from crm.service import Crm

from .conftest import at, snapshot
from .helpers import audit, rows


def test_a_basic_user_hands_a_new_lead_over_to_sales(crm: Crm) -> None:
    decision = crm.create_lead("bo", "L1", name="Walk-in", handover_to_sales=True, now=at())
    assert decision
    lead = crm.lead("L1")
    assert {k: lead[k] for k in ("org", "stage", "sub_stage", "owner", "creator", "pipeline", "pipeline_user")} == {
        "org": "north",
        "stage": "new",
        "sub_stage": None,
        "owner": None,
        "creator": "bo",
        "pipeline": "manager",
        "pipeline_user": None,
    }
    assert lead["handed_over_to_sales"] is True
    assert lead["created_at"] == "2026-11-23T09:00:00Z"
    # Bo still sees it, read-only.
    assert rows(crm, "SELECT lead, user, access FROM lead_viewers") == [("L1", "bo", "read_only")]
    assert audit(crm) == [("bo", "create", "L1")]


def test_the_creator_may_not_edit_after_handover_but_the_org_manager_may(crm: Crm) -> None:
    assert crm.create_lead("bo", "L1", name="Walk-in", handover_to_sales=True, now=at())
    before = snapshot(crm)
    decision = crm.edit_lead("bo", "L1", {"mobile": "+919800000001"}, now=at(minutes=1))
    assert decision.codes == ["locked_after_handover"]
    assert snapshot(crm) == before

    # Pia is of the same org but neither owns the lead nor manages the org.
    assert crm.edit_lead("pia", "L1", {"name": "Mr Rao"}, now=at(minutes=2)).codes == ["not_lead_owner"]
    assert snapshot(crm) == before

    assert crm.edit_lead("nora", "L1", {"mobile": "+919800000001", "name": "Mr Rao"}, now=at(minutes=3))
    lead = crm.lead("L1")
    assert (lead["mobile"], lead["name"]) == ("+919800000001", "Mr Rao")
    assert audit(crm)[-1] == ("nora", "edit", "L1")


def test_a_basic_users_own_lead_stays_theirs_and_editable(crm: Crm) -> None:
    assert crm.create_lead("bo", "L1", name="Walk-in", now=at())
    lead = crm.lead("L1")
    assert (lead["owner"], lead["pipeline"], lead["pipeline_user"], lead["handed_over_to_sales"]) == (
        "bo",
        "user",
        "bo",
        False,
    )
    assert rows(crm, "SELECT * FROM lead_viewers") == []
    assert crm.edit_lead("bo", "L1", {"name": "Mr Rao"}, now=at(minutes=1))
    assert crm.lead("L1")["name"] == "Mr Rao"


def test_a_professional_creates_at_any_stage_for_a_colleague(crm: Crm) -> None:
    assert crm.create_lead(
        "pia", "L1", name="Referral", stage="qualified", sub_stage="parked", assignee="rik", now=at()
    )
    lead = crm.lead("L1")
    assert (lead["stage"], lead["sub_stage"], lead["owner"], lead["creator"], lead["pipeline_user"]) == (
        "qualified",
        "parked",
        "rik",
        "pia",
        "rik",
    )


@pytest.mark.parametrize(
    ("actor", "draft", "codes"),
    [
        ("bo", {"stage": "contacted"}, ["stage_not_permitted"]),
        ("bo", {"sub_stage": "won"}, ["sub_stage_not_permitted"]),
        ("bo", {"assignee": "pia"}, ["assign_not_permitted"]),
        ("pia", {"assignee": "sam"}, ["assignee_outside_org"]),
        ("pia", {"handover_to_sales": True}, ["capability_required"]),
    ],
)
def test_a_denied_create_writes_no_lead(crm: Crm, actor: str, draft: dict[str, Any], codes: list[str]) -> None:
    before = snapshot(crm)
    decision = crm.create_lead(actor, "L1", name="Draft", now=at(), **draft)
    assert decision.codes == codes
    assert snapshot(crm) == before


def test_only_the_editable_fields_and_aware_times_are_accepted(crm: Crm) -> None:
    assert crm.create_lead("pia", "L1", name="Lead", now=at())
    before = snapshot(crm)
    with pytest.raises(ValueError, match="not editable"):
        crm.edit_lead("pia", "L1", {"owner": "rik"}, now=at())
    with pytest.raises(ValueError, match="naive"):
        crm.edit_lead("pia", "L1", {"name": "x"}, now=dt.datetime(2026, 11, 23, 9, 0))
    assert snapshot(crm) == before
