"""What a host needs from the engine's answers, checked end to end: a
create plan names the new lead, a partner lead's create sets its first
deadline in the database, and every timestamp of an answer is an aware
datetime."""

from __future__ import annotations

import datetime as dt
import json

from crm.service import Crm

from .conftest import UTC, at
from .helpers import rows


def test_create_effects_name_the_new_lead(crm: Crm) -> None:
    for lead_id, workflow, partner in (("L1", "leadx_pipeline", None), ("P1", "partner_lead", "acme")):
        decision = crm.create_lead("maya", lead_id, name="n", workflow=workflow, partner=partner, now=at())
        assert decision
        assert decision.effects and all(effect.lead == lead_id for effect in decision.effects)


def test_a_partner_lead_create_sets_its_deadline_in_the_database(crm: Crm) -> None:
    decision = crm.create_lead("maya", "P1", name="n", workflow="partner_lead", partner="acme", now=at())
    assert [effect.kind for effect in decision.effects] == ["set_stage", "set_expiry", "set_owner", "set_pipeline"]
    assert decision.effects[1].expires_at == at(days=7)
    assert rows(crm, "SELECT expires_at FROM leads WHERE id = 'P1'") == [("2026-11-30T09:00:00Z",)]
    assert crm.wake_at() == at(days=7)
    # The deadline stored is the one `expiry` answers for the stored lead.
    assert crm.engine.expiry(crm.lead("P1"), workflow="partner_lead", now=at()).expires_at == at(days=7)


def test_a_partner_lead_create_follows_its_template(crm: Crm) -> None:
    assert crm.create_lead(
        "maya", "P1", name="n", workflow="partner_lead", partner="acme", template="fast_track", now=at()
    )
    # fast_track: P2D in Berlin, due from the end of that local day.
    assert crm.lead("P1")["expires_at"] == "2026-11-25T23:00:00Z"
    assert crm.wake_at() == dt.datetime(2026, 11, 25, 23, 0, tzinfo=UTC)


def test_every_timestamp_answered_is_an_aware_datetime(crm: Crm) -> None:
    created = crm.create_lead("maya", "P1", name="n", workflow="partner_lead", partner="acme", now=at())
    accepted = crm.accept("ana", "P1", now=at(hours=2))
    instants = [
        created.effects[1].expires_at,
        created.to_dict()["effects"][1]["expires_at"],
        *(effect["value"] for effect in accepted.effects if effect.kind == "record"),
        *(effect.expires_at for effect in accepted.effects if effect.kind == "set_expiry"),
        crm.engine.expiry(crm.lead("P1"), workflow="partner_lead", now=at(hours=3)).expires_at,
        crm.engine.sweep([crm.lead("P1")], workflow="partner_lead", now=at(hours=3)).next_deadline,
    ]
    assert all(isinstance(i, dt.datetime) and i.tzinfo is UTC for i in instants), instants
    assert instants[2:5] == [at(hours=2), at(days=30, hours=2), at(days=30, hours=2)]
    # The audit log stores the plan's instants as the CRM's own text.
    (logged,) = rows(crm, "SELECT effects FROM decisions WHERE kind = 'transition:accept'")
    stored = [e for e in json.loads(logged[0]) if e["kind"] == "set_expiry"]
    assert stored == [{"kind": "set_expiry", "lead": "P1", "expires_at": "2026-12-23T11:00:00Z"}]
