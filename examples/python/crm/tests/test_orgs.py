"""Moving leads between orgs: handover along an edge, cross silo elsewhere."""

from __future__ import annotations

import pytest

import leadrules
from crm.service import Crm

from .conftest import at, snapshot
from .helpers import audit, rows


@pytest.fixture
def crm_with_lead(crm: Crm) -> Crm:
    """Pia (north, professional) owns L1."""
    assert crm.create_lead("pia", "L1", name="Export enquiry", now=at())
    return crm


def test_handover_moves_the_lead_unowned_into_the_target_manager_pipeline(crm_with_lead: Crm) -> None:
    crm = crm_with_lead
    assert crm.lead("L1")["owner"] == "pia"
    decision = crm.handover("pia", "L1", "hq", now=at(minutes=5))
    assert decision.allowed and decision.route == "handover"
    lead = crm.lead("L1")
    assert (lead["org"], lead["owner"], lead["pipeline"], lead["pipeline_user"]) == ("hq", None, "manager", None)
    assert rows(crm, "SELECT channel, org, user, lead, created_at FROM notifications ORDER BY id") == [
        ("sales_feed", "north", None, "L1", "2026-11-23T09:05:00Z"),
        ("sales_feed", "hq", None, "L1", "2026-11-23T09:05:00Z"),
    ]
    assert audit(crm)[-1] == ("pia", "handover", "L1")


def test_a_manager_hands_any_lead_of_the_org_down_to_a_child(crm_with_lead: Crm) -> None:
    crm = crm_with_lead
    assert crm.handover("pia", "L1", "hq", now=at(minutes=5))
    # Maya manages hq's leads: she need not own the (now unowned) lead.
    assert crm.handover("maya", "L1", "south", now=at(minutes=10))
    assert crm.lead("L1")["org"] == "south"
    assert rows(crm, "SELECT org FROM notifications ORDER BY id") == [("north",), ("hq",), ("hq",), ("south",)]


def test_cross_silo_sends_the_lead_to_a_sibling(crm_with_lead: Crm) -> None:
    crm = crm_with_lead
    assert crm.targets("pia", "L1").to_dict() == {"handover": ["hq"], "cross_silo": ["south"]}
    decision = crm.cross_silo("pia", "L1", "south", now=at(minutes=5))
    assert decision.allowed and decision.route == "cross_silo"
    lead = crm.lead("L1")
    assert (lead["org"], lead["owner"], lead["pipeline"]) == ("south", None, "manager")
    assert rows(crm, "SELECT channel, org, lead FROM notifications ORDER BY id") == [
        ("sales_feed", "north", "L1"),
        ("sales_feed", "south", "L1"),
    ]
    assert audit(crm)[-1] == ("pia", "cross_silo", "L1")


@pytest.mark.parametrize(
    ("kind", "actor", "to", "codes", "route"),
    [
        ("handover", "pia", "south", ["cross_silo_required"], "cross_silo"),
        ("cross_silo", "pia", "hq", ["handover_required"], "handover"),
        ("handover", "pia", "north", ["same_org"], None),
        ("handover", "pia", "acme", ["outside_community"], None),
        ("handover", "rik", "hq", ["not_lead_owner"], "handover"),
        ("handover", "bo", "hq", ["sales_licence_required", "not_lead_owner"], "handover"),
        ("handover", "sam", "hq", ["not_in_lead_org", "not_lead_owner"], "handover"),
    ],
)
def test_a_denied_transfer_changes_nothing(
    crm_with_lead: Crm, kind: str, actor: str, to: str, codes: list[str], route: str | None
) -> None:
    crm = crm_with_lead
    before = snapshot(crm)
    ask = crm.handover if kind == "handover" else crm.cross_silo
    decision = ask(actor, "L1", to, now=at(minutes=5))
    assert not decision
    assert decision.codes == codes
    assert decision.route == route
    assert decision.effects == []
    assert snapshot(crm) == before


def test_an_unknown_org_is_an_error_and_changes_nothing(crm_with_lead: Crm) -> None:
    crm = crm_with_lead
    before = snapshot(crm)
    with pytest.raises(leadrules.UnknownReferenceError) as raised:
        crm.handover("pia", "L1", "mars", now=at(minutes=5))
    assert (raised.value.code, raised.value.path) == ("unknown_org", "to")
    assert snapshot(crm) == before
