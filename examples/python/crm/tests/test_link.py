"""Linking two leads of one customer."""

from __future__ import annotations

import pytest

from crm.service import Crm

from .conftest import at, snapshot
from .helpers import audit, rows


@pytest.fixture
def pair(crm: Crm) -> Crm:
    """Two Skyline leads: L-A (Pia's, interested) and L-B (Rik's, claimed),
    L-B with a past call, two future visits and one visit already cancelled."""
    crm.create_lead("pia", "L-A", name="Mrs Iyer", project="skyline", status="interested", mobile="+911", now=at())
    crm.create_lead("rik", "L-B", name="Mrs Iyer", project="skyline", status="claimed", mobile="+912", now=at())
    crm.schedule_event("E-past", "L-B", "call", at(minutes=-30))
    crm.schedule_event("E-now", "L-B", "call", at(hours=1))
    crm.schedule_event("E-visit", "L-B", "site visit", at(days=2))
    crm.schedule_event("E-later", "L-B", "second visit", at(days=5))
    crm.conn.execute("UPDATE events SET status = 'cancelled' WHERE id = 'E-later'")
    return crm


def test_linking_applies_the_whole_plan(pair: Crm) -> None:
    crm = pair
    decision = crm.link("ola", "L-A", "L-B", owner="pia", now=at(hours=1))
    assert decision
    primary, secondary = crm.lead("L-A"), crm.lead("L-B")
    assert primary["owner"] == "pia"
    assert (primary["status"], primary["linked_to"], primary["list"]) == ("interested", None, None)
    assert (secondary["status"], secondary["linked_to"], secondary["list"], secondary["tag"]) == (
        "linked",
        "L-A",
        "all",
        "linked",
    )
    assert secondary["owner"] == "rik"  # the secondary keeps its owner
    assert rows(crm, "SELECT lead, user, access FROM lead_viewers") == [("L-A", "rik", "viewer")]
    assert rows(crm, "SELECT lead, mobile, added_at FROM lead_contacts") == [("L-A", "+912", "2026-11-23T10:00:00Z")]
    # Only the events strictly after now are cancelled; the one at now stays.
    assert rows(crm, "SELECT id, status, cancelled_at FROM events ORDER BY at") == [
        ("E-past", "scheduled", None),
        ("E-now", "scheduled", None),
        ("E-visit", "cancelled", "2026-11-23T10:00:00Z"),
        ("E-later", "cancelled", None),
    ]
    assert rows(crm, "SELECT channel, user, lead FROM notifications ORDER BY id") == [
        ("sales_app", "pia", "L-A"),
        ("sales_app", "rik", "L-A"),
    ]
    assert audit(crm)[-1] == ("ola", "link", "L-A")


def test_the_other_manager_may_be_chosen_as_owner(pair: Crm) -> None:
    crm = pair
    assert crm.link("sol", "L-A", "L-B", owner="rik", now=at(hours=1))
    assert crm.lead("L-A")["owner"] == "rik"
    assert rows(crm, "SELECT user, access FROM lead_viewers WHERE lead = 'L-A'") == [("pia", "viewer")]


def test_a_number_the_primary_already_has_is_not_added_again(pair: Crm) -> None:
    crm = pair
    crm.conn.execute(
        "INSERT INTO lead_contacts (lead, mobile, added_at) VALUES ('L-A', '+912', '2026-11-01T00:00:00Z')"
    )
    decision = crm.link("sol", "L-A", "L-B", owner="pia", now=at(hours=1))
    assert "add_alternate_contact" not in [e["kind"] for e in decision.effects]
    assert rows(crm, "SELECT lead, mobile, added_at FROM lead_contacts") == [("L-A", "+912", "2026-11-01T00:00:00Z")]


@pytest.mark.parametrize(
    ("actor", "owner", "codes"),
    [
        ("sam", "pia", ["link_not_permitted"]),
        ("nora", "pia", ["link_not_permitted"]),
        ("sol", "sam", ["owner_not_party"]),
    ],
)
def test_a_denied_link_changes_nothing(pair: Crm, actor: str, owner: str, codes: list[str]) -> None:
    crm = pair
    before = snapshot(crm)
    decision = crm.link(actor, "L-A", "L-B", owner=owner, now=at(hours=1))
    assert decision.codes == codes
    assert snapshot(crm) == before


def test_leads_of_other_projects_or_statuses_are_not_linked(pair: Crm) -> None:
    crm = pair
    crm.create_lead("pia", "L-C", name="Other", project="harbour", status="interested", now=at())
    crm.create_lead("rik", "L-D", name="Lost", project="skyline", status="lost", now=at())
    before = snapshot(crm)
    assert crm.link("sol", "L-A", "L-C", owner="pia", now=at(hours=1)).codes == ["different_project"]
    assert crm.link("sol", "L-A", "L-D", owner="pia", now=at(hours=1)).codes == ["secondary_not_wip"]
    assert crm.link("sol", "L-A", "L-A", owner="pia", now=at(hours=1)).codes == ["same_lead"]
    assert snapshot(crm) == before
    # A linked lead is no longer work in progress: it cannot be linked twice.
    assert crm.link("sol", "L-A", "L-B", owner="pia", now=at(hours=1))
    after = snapshot(crm)
    assert crm.link("sol", "L-A", "L-B", owner="pia", now=at(hours=2)).codes == ["secondary_not_wip"]
    assert snapshot(crm) == after
