"""The partner lead workflow: accept, decline, convert, close, reassign."""

from __future__ import annotations

import datetime as dt

import pytest

from crm.service import Crm

from .conftest import at, snapshot
from .helpers import audit


@pytest.fixture
def offered(crm: Crm) -> Crm:
    """Maya (hq) offers P1 to acme at T0."""
    assert crm.create_lead("maya", "P1", name="Fleet renewal", workflow="partner_lead", partner="acme", now=at())
    return crm


def test_an_offer_starts_pending_and_wakes_the_sweep_at_its_deadline(offered: Crm) -> None:
    lead = offered.lead("P1")
    assert (lead["stage"], lead["partner"], lead["source"], lead["owner"], lead["org"]) == (
        "pending",
        "acme",
        "hq",
        "maya",
        "hq",
    )
    # No deadline set through the API: the create plan set the template's (P7D).
    assert lead["expires_at"] == "2026-11-30T09:00:00Z"
    assert offered.wake_at() == at(days=7)


def test_the_buttons_follow_the_company(offered: Crm) -> None:
    assert offered.buttons("ana", "P1", now=at(hours=1)) == ["accept", "decline"]
    assert offered.buttons("maya", "P1", now=at(hours=1)) == ["reassign"]
    assert offered.buttons("ben", "P1", now=at(hours=1)) == []


def test_accept_then_convert(offered: Crm) -> None:
    crm = offered
    assert crm.accept("ana", "P1", now=at(hours=2))
    lead = crm.lead("P1")
    assert (lead["stage"], lead["accepted_at"], lead["expires_at"]) == (
        "accepted",
        "2026-11-23T11:00:00Z",
        "2026-12-23T11:00:00Z",  # the counter restarts: 30 days after acceptance
    )
    assert crm.wake_at() == at(days=7)  # an earlier wake-up is kept: the sweep will find nothing and move on

    decision = crm.convert("ana", "P1", opportunity_id="OPP-77", now=at(days=3))
    assert decision.from_stage == "accepted" and decision.to_stage == "closed_converted"
    lead = crm.lead("P1")
    assert (lead["stage"], lead["opportunity_id"], lead["expires_at"], lead["accepted_at"]) == (
        "closed_converted",
        "OPP-77",
        None,
        "2026-11-23T11:00:00Z",
    )
    assert [kind for _, kind, _ in audit(crm)] == ["create", "transition:accept", "transition:convert"]


def test_close_without_converting(offered: Crm) -> None:
    assert offered.accept("ana", "P1", now=at(hours=2))
    assert offered.transition("ana", "P1", "close", now=at(days=1))
    assert (offered.lead("P1")["stage"], offered.lead("P1")["expires_at"]) == ("closed_not_converted", None)


def test_decline_archives_and_records_why_and_when(offered: Crm) -> None:
    crm = offered
    assert crm.decline("ana", "P1", reason="outside our territory", now=at(hours=3))
    lead = crm.lead("P1")
    assert (lead["stage"], lead["archived"], lead["declined_at"], lead["decline_reason"], lead["expires_at"]) == (
        "declined",
        True,
        "2026-11-23T12:00:00Z",
        "outside our territory",
        None,
    )


def test_reassign_offers_a_declined_lead_to_another_partner(offered: Crm) -> None:
    crm = offered
    crm.create_lead("maya", "P2", name="Later", workflow="partner_lead", partner="acme", now=at(days=3))
    assert crm.decline("ana", "P1", reason="busy", now=at(hours=3))
    assert crm.reassign("ana", "P1", partner="beta", now=at(hours=4)).codes == ["not_sourcing_user"]
    assert crm.reassign("maya", "P1", partner="acme", now=at(hours=4)).codes == ["invalid_field"]

    assert crm.reassign("maya", "P1", partner="beta", now=at(hours=4))
    lead = crm.lead("P1")
    assert (lead["stage"], lead["partner"], lead["archived"], lead["reassigned_at"], lead["expires_at"]) == (
        "pending",
        "beta",
        False,
        "2026-11-23T13:00:00Z",
        "2026-11-30T13:00:00Z",  # a new pending period from the reassignment
    )
    # Between sweeps the wake-up is only ever brought earlier: P1's first deadline
    # still wakes the sweep, which finds nothing due and sleeps until P1's new one.
    assert crm.wake_at() == at(days=7)
    report = crm.run_due_sweep(at(days=7))
    assert (report.expired, report.next_wake) == ([], at(days=7, hours=4))
    assert crm.accept("ana", "P1", now=at(hours=5)).codes == ["not_partner_user"]
    assert crm.accept("ben", "P1", now=at(hours=5))


@pytest.mark.parametrize(
    ("actor", "action", "fields", "when", "codes"),
    [
        ("maya", "accept", None, at(hours=1), ["sourcing_company_cannot_act"]),
        ("ben", "accept", None, at(hours=1), ["not_partner_user"]),
        ("ana", "decline", None, at(hours=1), ["missing_field"]),
        ("ana", "decline", {"reason": "   "}, at(hours=1), ["missing_field"]),
        ("ana", "convert", {"opportunity_id": "OPP-1"}, at(hours=1), ["illegal_transition"]),
        ("ana", "accept", None, at(days=7), ["lead_expired"]),
        ("ana", "expire", None, at(days=8), ["system_only"]),
    ],
)
def test_a_denied_partner_action_changes_nothing(
    offered: Crm,
    actor: str,
    action: str,
    fields: dict[str, object] | None,
    when: dt.datetime,
    codes: list[str],
) -> None:
    before = snapshot(offered)
    decision = offered.transition(actor, "P1", action, now=when, fields=fields)
    assert decision.codes == codes
    assert snapshot(offered) == before


def test_a_deadline_set_through_the_api_governs_the_pending_period(crm: Crm) -> None:
    assert crm.create_lead(
        "maya", "P1", name="Urgent", workflow="partner_lead", partner="acme", expires_at=at(days=2), now=at()
    )
    assert crm.lead("P1")["expires_at"] == "2026-11-25T09:00:00Z"
    assert crm.wake_at() == at(days=2)
    assert crm.accept("ana", "P1", now=at(days=2)).codes == ["lead_expired"]
