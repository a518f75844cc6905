"""Duplicate detection before a lead is saved, checked in the database.

config.json's matching rules: the same phone blocks, the same e-mail
offers a link, the same name at the same company alerts. L-A is saved
first: Pia's Skyline lead for Jane Doe of Acme.
"""

from __future__ import annotations

import json
import sqlite3
from typing import List

import pytest

from crm import effects, match_index
from crm.effects import Effect, PlanContext
from crm.intake import LinkOffer, StaleOffer
from crm.service import Crm

from .conftest import PHONE, at, snapshot
from .helpers import audit, rows


def keys(crm: Crm, lead_id: str) -> List[str]:
    return [key for (key,) in rows(crm, "SELECT key FROM match_keys WHERE lead = ? ORDER BY key", lead_id)]


def test_a_new_lead_stores_the_engines_keys(saved: Crm) -> None:
    crm = saved
    assert keys(crm, "L-A") == [
        "same-email:janedoe@gmail.com",
        "same-person:jane doe|acme",
        "same-phone:+919812345678",
    ]
    assert keys(crm, "L-A") == crm.engine.match_keys(match_index.stored(crm.conn, ["L-A"])[0])


def test_a_blocking_match_refuses_the_insert_and_writes_nothing(saved: Crm) -> None:
    crm = saved
    before = snapshot(crm)
    # The same number in its national form.
    result = crm.intake_lead("rik", "L-N", name="J. Doe", mobile="098123 45678", now=at(hours=1))
    assert not result and result.outcome == "blocked"
    assert result.codes == ["duplicate_blocked"] and result.reasons[0].lead == "L-A"
    assert [(m.lead, m.rules, m.action) for m in result.matches.matches] == [("L-A", ["same-phone"], "block")]
    assert result.decision is None
    assert snapshot(crm) == before


def test_an_alerting_match_saves_the_lead_and_flags_it(saved: Crm) -> None:
    crm = saved
    result = crm.intake_lead(
        "rik", "L-N", name="JANE DOE", company="ACME Private Limited", mobile="+919876543210", now=at(hours=1)
    )
    assert result and result.outcome == "flagged" and result.flagged == ("L-A",)
    assert result.decision is not None and result.decision
    assert rows(crm, "SELECT id, name, owner FROM leads WHERE id = 'L-N'") == [("L-N", "JANE DOE", "rik")]
    assert rows(crm, "SELECT lead, duplicate, rules, flagged_at FROM duplicate_flags") == [
        ("L-N", "L-A", '["same-person"]', "2026-11-23T10:00:00Z")
    ]
    assert keys(crm, "L-N") == ["same-person:jane doe|acme", "same-phone:+919876543210"]
    assert rows(crm, "SELECT lead FROM lead_sla WHERE lead = 'L-N'") == [("L-N",)]


def test_no_match_saves_the_lead_unflagged(saved: Crm) -> None:
    crm = saved
    result = crm.intake_lead("rik", "L-N", name="John Roe", email="john@example.com", now=at(hours=1))
    assert result and result.outcome == "created" and not result.matches.matches
    assert rows(crm, "SELECT count(*) FROM duplicate_flags") == [(0,)]


def test_a_link_match_is_offered_and_nothing_is_written_yet(saved: Crm) -> None:
    crm = saved
    before = snapshot(crm)
    result = crm.intake_lead(
        "rik",
        "L-N",
        name="Jane",
        email="Jane.Doe+web@googlemail.com",
        mobile="+919876543210",
        project="skyline",
        status="claimed",
        now=at(hours=1),
    )
    assert not result and result.outcome == "link_offered" and result.reasons == []
    assert result.offer is not None and result.offer.leads == ("L-A",)
    assert result.decision is not None and result.decision  # the create rules allow it
    assert snapshot(crm) == before


def offered(crm: Crm) -> LinkOffer:
    result = crm.intake_lead(
        "rik",
        "L-N",
        name="Jane",
        email="Jane.Doe+web@googlemail.com",
        mobile="+919876543210",
        project="skyline",
        status="claimed",
        now=at(hours=1),
    )
    assert result.offer is not None
    return result.offer


def test_an_accepted_link_saves_the_lead_and_the_link_together(saved: Crm) -> None:
    crm = saved
    offer = offered(crm)
    result = crm.accept_link(offer, actor="ola", now=at(hours=2))
    assert result and result.outcome == "linked"
    assert result.link is not None and result.link
    new, primary = crm.lead("L-N"), crm.lead("L-A")
    assert (new["status"], new["linked_to"], new["list"], new["tag"]) == ("linked", "L-A", "all", "linked")
    assert primary["owner"] == "pia"
    assert rows(crm, "SELECT lead, user, access FROM lead_viewers") == [("L-A", "rik", "viewer")]
    assert rows(crm, "SELECT lead, mobile FROM lead_contacts") == [("L-A", "+919876543210")]
    assert audit(crm) == [("pia", "create", "L-A"), ("rik", "create", "L-N"), ("ola", "link", "L-A")]
    # The link gave the primary a second number: its keys say so.
    assert "same-phone:+919876543210" in keys(crm, "L-A")
    assert rows(crm, "SELECT count(*) FROM duplicate_flags") == [(0,)]


def test_a_declined_link_saves_the_lead_alone(saved: Crm) -> None:
    crm = saved
    offer = offered(crm)
    result = crm.decline_link(offer, now=at(hours=2))
    assert result and result.outcome == "created" and result.link is None
    new = crm.lead("L-N")
    assert (new["status"], new["linked_to"], new["created_at"]) == ("claimed", None, "2026-11-23T11:00:00Z")
    assert audit(crm) == [("pia", "create", "L-A"), ("rik", "create", "L-N")]
    assert rows(crm, "SELECT count(*) FROM lead_contacts") == [(0,)]
    assert crm.lead("L-A")["status"] == "interested"


def test_a_link_the_rules_refuse_saves_nothing(saved: Crm) -> None:
    crm = saved
    offer = offered(crm)
    before = snapshot(crm)
    result = crm.accept_link(offer, now=at(hours=2))  # Rik may not link leads
    assert not result and result.outcome == "link_denied" and result.codes == ["link_not_permitted"]
    assert snapshot(crm) == before


def test_a_crash_mid_link_leaves_neither_lead_nor_link(saved: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    crm = saved
    offer = offered(crm)
    before = snapshot(crm)
    real = effects.APPLIERS["set_status"]

    def failing(conn: sqlite3.Connection, effect: Effect, ctx: PlanContext) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setitem(effects.APPLIERS, "set_status", failing)
    with pytest.raises(RuntimeError, match="disk"):
        crm.accept_link(offer, actor="ola", now=at(hours=2))
    assert snapshot(crm) == before
    monkeypatch.setitem(effects.APPLIERS, "set_status", real)
    assert crm.accept_link(offer, actor="ola", now=at(hours=2))


def test_an_offer_is_checked_again_when_accepted(saved: Crm) -> None:
    crm = saved
    offer = offered(crm)
    assert crm.edit_lead("pia", "L-A", {"email": "jane@acme.example"}, now=at(hours=1, minutes=30))
    before = snapshot(crm)
    with pytest.raises(StaleOffer):
        crm.accept_link(offer, actor="ola", now=at(hours=2))
    with pytest.raises(ValueError, match="not offered"):
        crm.accept_link(offer, primary="L-Z", actor="ola", now=at(hours=2))
    assert snapshot(crm) == before
    # Declined, it is saved alone: nothing matches it any more.
    assert crm.decline_link(offer, now=at(hours=2)).outcome == "created"


def test_an_edit_of_the_phone_rewrites_the_keys(saved: Crm) -> None:
    crm = saved
    assert crm.edit_lead("pia", "L-A", {"mobile": "+91 98765 43210"}, now=at(minutes=5))
    assert keys(crm, "L-A") == [
        "same-email:janedoe@gmail.com",
        "same-person:jane doe|acme",
        "same-phone:+919876543210",
    ]
    # The old number is free again; the new one blocks.
    assert crm.intake_lead("rik", "L-N", name="N", mobile=PHONE, now=at(minutes=10)).outcome == "created"
    blocked = crm.intake_lead("rik", "L-M", name="M", mobile="09876543210", now=at(minutes=10))
    assert blocked.outcome == "blocked" and blocked.reasons[0].lead == "L-A"
    # An edit of another field leaves the keys as they were.
    stored = keys(crm, "L-A")
    assert crm.edit_lead("pia", "L-A", {"name": "Jane Doe"}, now=at(minutes=15))
    assert keys(crm, "L-A") == stored


def test_candidates_are_found_through_the_index_only(saved: Crm) -> None:
    crm = saved
    plan = " ".join(
        str(row[-1])
        for row in crm.conn.execute(
            "EXPLAIN QUERY PLAN " + match_index.CANDIDATES.format(marks="?, ?"), ("a", "b")
        )
    )
    assert "match_keys_by_key" in plan
    assert [c["id"] for c in match_index.candidates(crm.conn, ["same-phone:+919812345678"])] == ["L-A"]
    # A lead whose keys are not stored is never a candidate, whatever its fields.
    crm.conn.execute("DELETE FROM match_keys WHERE lead = 'L-A'")
    assert match_index.candidates(crm.conn, ["same-phone:+919812345678"]) == []
    result = crm.intake_lead("rik", "L-N", name="Jane Doe", company="Acme", mobile=PHONE, now=at(hours=1))
    assert result.outcome == "created" and not result.matches.matches


def test_a_create_the_rules_deny_writes_nothing(saved: Crm) -> None:
    crm = saved
    before = snapshot(crm)
    result = crm.intake_lead("bo", "L-N", name="Jane Doe", company="Acme", sub_stage="won", now=at(hours=1))
    assert not result and result.outcome == "denied" and result.codes == ["sub_stage_not_permitted"]
    assert snapshot(crm) == before


def test_every_matching_candidate_is_judged_in_age_order(saved: Crm) -> None:
    crm = saved
    assert crm.intake_lead("rik", "L-B", name="Jane Doe", company="Acme Ltd", now=at(hours=1))
    result = crm.intake_lead("sam", "L-C", name="jane  doe", company="ACME", now=at(hours=2))
    assert result.outcome == "flagged" and result.flagged == ("L-A", "L-B")
    assert [json.loads(r) for (r,) in rows(crm, "SELECT rules FROM duplicate_flags WHERE lead = 'L-C'")] == [
        ["same-person"],
        ["same-person"],
    ]
