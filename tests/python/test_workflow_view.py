"""A workflow's stages and their flags from Python (``Engine.workflow``):
the same view as Rust's ``WorkflowView`` and C's
``leadrules_engine_workflow_stages``, as immutable records."""

from __future__ import annotations

import pickle

import pytest

import leadrules

CONFIG = {
    "policy": {
        "workflows": {
            "referral": {
                "stages": [
                    {"id": "new", "initial": True, "expiry": "pending"},
                    {"id": "working", "expiry": "accepted"},
                    {"id": "parked", "archived": True},
                    {"id": "won", "terminal": True},
                ],
                "sub_stages": ["hot"],
                "actions": [
                    {"id": "take", "from": ["new"], "to": "working", "who": {"capability": "assign"},
                     "effects": [{"kind": "record", "field": "accepted_at", "from": "now"}]},
                    {"id": "park", "from": ["new", "working"], "to": "parked", "who": {"capability": "assign"}},
                    {"id": "win", "from": ["working", "parked"], "to": "won", "who": {"capability": "assign"}},
                ],
            }
        }
    }
}


@pytest.fixture(scope="module")
def engine() -> leadrules.Engine:
    return leadrules.Engine(CONFIG)


def test_stages_carry_their_flags(engine: leadrules.Engine) -> None:
    referral = engine.workflow("referral")
    assert isinstance(referral, leadrules.Workflow)
    assert referral.name == "referral"
    assert referral.stages == (
        leadrules.Stage("new", 0, True, False, False, "pending"),
        leadrules.Stage("working", 1, False, False, False, "accepted"),
        leadrules.Stage("parked", 2, False, False, True, None),
        leadrules.Stage("won", 3, False, True, False, None),
    )
    assert referral.sub_stages == ("hot",)
    assert referral.actions == ("take", "park", "win")
    assert referral.stage("parked") == referral.stages[2]
    assert referral.stage("nowhere") is None


def test_codes_are_the_column_sweep_codes(engine: leadrules.Engine) -> None:
    for name in ("referral", "partner_lead", "creatio_lead", "leadx_pipeline"):
        for stage in engine.workflow(name).stages:
            assert engine.stage_code(name, stage.name) == stage.code


def test_a_host_selects_the_stages_a_sweep_must_read(engine: leadrules.Engine) -> None:
    partner_lead = engine.workflow("partner_lead")
    timed = [(s.name, s.expiry) for s in partner_lead.stages if s.expiry is not None]
    assert timed == [("pending", "pending"), ("accepted", "accepted")]
    assert [s.name for s in partner_lead.stages if s.initial] == ["pending"]
    # The same answer as the decisions: a stage with no period is never due.
    assert all(s.expiry is None for s in partner_lead.stages if s.terminal)


def test_the_view_matches_the_json_answers(engine: leadrules.Engine) -> None:
    """Every stage of the view is one the protocol accepts as a lead's
    stage; the archived one archives what enters it."""
    referral = engine.workflow("referral")
    decision = engine.transition(
        {"id": "u1", "org": "x", "role": "manager"},
        {"id": "L1", "stage": "new", "created_at": "2026-11-20T09:00:00Z"},
        "park",
        workflow="referral",
        now="2026-11-21T09:00:00Z",
    )
    assert decision.allowed
    kinds = [e.kind for e in decision.effects]
    assert "archive" in kinds
    parked = referral.stage("parked")
    assert parked is not None and parked.archived


def test_unknown_workflow_raises_the_protocols_error(engine: leadrules.Engine) -> None:
    with pytest.raises(leadrules.UnknownReferenceError) as raised:
        engine.workflow("nope")
    assert raised.value.code == "unknown_workflow"
    assert raised.value.path == "workflow"
    assert str(raised.value.message) == "unknown workflow `nope`"


def test_records_are_immutable_and_pickle(engine: leadrules.Engine) -> None:
    referral = engine.workflow("referral")
    with pytest.raises(AttributeError):
        referral.stages[0].initial = False  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(referral)) == referral
    assert repr(referral.stages[0]).startswith("Stage(name='new'")
    assert type(referral).__module__ == "leadrules"
