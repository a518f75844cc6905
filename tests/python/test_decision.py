"""Decision and Targets: properties, bool, repr, equality, to_dict."""

from typing import Any, Dict

import pytest

import leadrules


def test_allowed_decision(engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]) -> None:
    decision = engine.can_handover(actor, lead, "hq")
    assert decision.allowed is True
    assert bool(decision) is True
    assert decision.route == "handover"
    assert decision.reasons == [] and decision.codes == []
    assert decision.effects == [
        {"kind": "transfer", "lead": "L1", "from": "north", "to": "hq", "pipeline": "manager", "owner": None},
        {"kind": "notify", "channel": "sales_feed", "org": "north", "lead": "L1"},
        {"kind": "notify", "channel": "sales_feed", "org": "hq", "lead": "L1"},
    ]
    assert repr(decision) == "<Decision allowed route='handover' effects=['transfer', 'notify', 'notify']>"
    assert decision.to_dict() == {
        "allowed": True,
        "reasons": [],
        "effects": decision.effects,
        "route": "handover",
    }


def test_denied_decision(engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]) -> None:
    decision = engine.can_handover(actor, lead, "south")
    assert not decision
    assert decision.allowed is False
    assert decision.route == "cross_silo"
    assert decision.effects == []
    assert decision.codes == ["cross_silo_required"]
    [reason] = decision.reasons
    assert reason["code"] == "cross_silo_required"
    assert reason["org"] == "south"
    assert isinstance(reason["message"], str) and reason["message"]
    assert repr(decision) == "<Decision denied route='cross_silo' reasons=['cross_silo_required']>"


def test_every_failed_check_is_listed(engine: leadrules.Engine) -> None:
    basic = {"id": "b1", "org": "south", "role": "basic"}
    lead = {"id": "L9", "org": "north", "owner": "someone"}
    decision = engine.can_handover(basic, lead, "north")
    assert decision.codes == ["sales_licence_required", "not_in_lead_org", "not_lead_owner", "same_org"]
    assert decision.route is None
    assert repr(decision).startswith("<Decision denied route=None reasons=['sales_licence_required'")
    assert decision.reasons[1]["org"] == "north"
    assert decision.reasons[2]["lead"] == "L9"


def test_outside_community_has_no_route(
    engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]
) -> None:
    decision = engine.can_cross_silo(actor, lead, "o1")
    assert decision.codes == ["outside_community"]
    assert decision.route is None


def test_returned_lists_are_copies(
    engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]
) -> None:
    decision = engine.can_handover(actor, lead, "south")
    decision.reasons.clear()
    decision.codes.clear()
    # A reason itself is read-only (a Reason record); its copy is the caller's.
    with pytest.raises(TypeError):
        decision.reasons[0]["code"] = "tampered"
    mine = decision.reasons[0].copy()
    mine["code"] = "tampered"
    assert decision.codes == ["cross_silo_required"]
    assert decision.reasons[0]["code"] == "cross_silo_required"
    assert decision.to_dict()["reasons"][0]["code"] == "cross_silo_required"


def test_decision_is_frozen(engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]) -> None:
    decision = engine.can_handover(actor, lead, "hq")
    with pytest.raises(AttributeError):
        decision.allowed = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        leadrules.Decision()  # type: ignore[call-arg]


def test_equality_and_hash(engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]) -> None:
    a = engine.can_handover(actor, lead, "hq")
    b = engine.can_handover(dict(actor), dict(lead), "hq")
    c = engine.can_handover(actor, lead, "south")
    other_lead = engine.can_handover(actor, {**lead, "id": "L2"}, "hq")
    assert a == b and hash(a) == hash(b)
    assert a != c and a != other_lead
    assert len({a, b, c}) == 2
    # Equality is between decisions; compare dict forms explicitly.
    assert a != a.to_dict()
    assert a.to_dict() == b.to_dict()


def test_targets(engine: leadrules.Engine) -> None:
    manager = {"id": "m", "org": "south", "role": "manager"}
    lead = {"id": "L", "org": "south"}
    targets = engine.targets(manager, lead)
    assert targets.handover == ["hq", "s1"]
    assert targets.cross_silo == ["north", "n1"]
    assert targets.to_dict() == {"handover": ["hq", "s1"], "cross_silo": ["north", "n1"]}
    assert repr(targets) == "<Targets handover=['hq', 's1'] cross_silo=['north', 'n1']>"
    assert targets == engine.targets(dict(manager), dict(lead))
    assert hash(targets) == hash(engine.targets(manager, lead))
    targets.handover.clear()
    assert targets.handover == ["hq", "s1"]


def test_targets_empty_when_actor_may_not(engine: leadrules.Engine) -> None:
    basic = {"id": "b", "org": "south", "role": "basic"}
    targets = engine.targets(basic, {"id": "L", "org": "south", "owner": "b"})
    assert targets.handover == [] and targets.cross_silo == []
    assert repr(targets) == "<Targets handover=[] cross_silo=[]>"


def test_targets_repr_quotes_org_ids() -> None:
    engine = leadrules.Engine({"orgs": [{"id": "it's", "handover": True}, {"id": "b", "parent": "it's"}]})
    targets = engine.targets({"id": "m", "org": "b", "role": "manager"}, {"id": "L", "org": "b"})
    assert repr(targets) == '<Targets handover=["it\'s"] cross_silo=[]>'


# --- create and edit -------------------------------------------------------

ORG_CONFIG = {"orgs": [{"id": "north"}, {"id": "south"}]}


def test_a_basic_users_handover_to_sales_lands_unowned_in_the_manager_pipeline() -> None:
    engine = leadrules.Engine(ORG_CONFIG)
    basic = {"id": "b1", "org": "north", "role": "basic"}
    d = engine.can_create(basic, {"stage": None, "handover_to_sales": True})
    assert d
    assert d.route is None
    assert [e["kind"] for e in d.effects] == ["set_stage", "set_owner", "set_pipeline", "lock"]
    assert d.effects[1] == {"kind": "set_owner", "owner": None}
    assert d.effects[2] == {"kind": "set_pipeline", "pipeline": "manager", "org": "north", "user": None}
    assert d.to_dict() == engine.decide({"kind": "create", "actor": basic,
                                         "lead": {"handover_to_sales": True}})


def test_a_basic_user_may_not_choose_stage_sub_stage_or_assignee() -> None:
    engine = leadrules.Engine(ORG_CONFIG)
    basic = {"id": "b1", "org": "north", "role": "basic"}
    d = engine.can_create(
        basic,
        {"stage": "qualified", "sub_stage": "won", "assignee": {"id": "u2", "org": "north"}},
        "leadx_pipeline",
    )
    assert not d
    assert d.codes == ["stage_not_permitted", "sub_stage_not_permitted", "assign_not_permitted"]
    assert [r["field"] for r in d.reasons] == ["stage", "sub_stage", "assignee"]


def test_the_creator_is_locked_out_after_handover_to_sales() -> None:
    engine = leadrules.Engine(ORG_CONFIG)
    basic = {"id": "b1", "org": "north", "role": "basic"}
    lead = {"id": "L2", "org": "north", "owner": "b1", "creator": "b1", "handed_over_to_sales": True}
    d = engine.can_edit(basic, lead)
    assert d.codes == ["locked_after_handover"]
    manager = {"id": "m1", "org": "north", "role": "manager"}
    assert engine.can_edit(manager, lead)


def test_unknown_stages_and_workflows_are_errors_with_paths() -> None:
    engine = leadrules.Engine(ORG_CONFIG)
    pro = {"id": "p1", "org": "north", "role": "professional"}
    with pytest.raises(leadrules.UnknownReferenceError) as stage:
        engine.can_create(pro, {"sub_stage": "lost"})
    assert (stage.value.code, stage.value.path) == ("unknown_stage", "lead.sub_stage")
    with pytest.raises(leadrules.UnknownReferenceError) as workflow:
        engine.can_create(pro, {}, "nope")
    assert (workflow.value.code, workflow.value.path) == ("unknown_workflow", "workflow")


# --- linking ----------------------------------------------------------------

PRIMARY = {"id": "A", "project": "P", "status": "interested", "owner": "m1", "mobile": "+911"}
SECONDARY = {"id": "B", "project": "P", "status": "claimed", "owner": "m2", "mobile": "+912",
             "events": [{"id": "past", "at": "2026-11-23T09:00:00Z"},
                        {"id": "future", "at": "2026-11-24T09:00:00Z"}]}


def test_a_super_user_links_two_leads_and_gets_the_full_plan() -> None:
    engine = leadrules.Engine()
    actor = {"id": "s1", "org": "anywhere", "role": "super_user"}
    d = engine.can_link(actor, PRIMARY, SECONDARY, owner="m1", now="2026-11-23T09:30:00Z")
    assert d
    assert [e["kind"] for e in d.effects] == [
        "set_owner", "add_viewer", "add_alternate_contact", "cancel_event",
        "set_status", "set_visibility", "notify", "notify"]
    assert d.effects[3] == {"kind": "cancel_event", "lead": "B", "event": "future"}
    request = {"kind": "link", "actor": actor, "now": "2026-11-23T09:30:00Z", "owner": "m1",
               "primary": PRIMARY, "secondary": SECONDARY}
    assert d.to_dict() == engine.decide(request)


def test_an_aware_datetime_is_accepted_as_now_and_a_naive_one_is_refused() -> None:
    from datetime import datetime, timezone

    engine = leadrules.Engine()
    owner_actor = {"id": "o1", "org": "x", "role": "manager", "assignment_owner_of": ["P"]}
    aware = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
    assert engine.can_link(owner_actor, PRIMARY, SECONDARY, owner="m2", now=aware)
    with pytest.raises(leadrules.RequestError) as naive:
        engine.can_link(owner_actor, PRIMARY, SECONDARY, owner="m2", now=datetime(2026, 11, 23))
    assert (naive.value.code, naive.value.path) == ("invalid_timestamp", "now")


def test_a_manager_without_the_right_is_told_every_reason() -> None:
    engine = leadrules.Engine()
    actor = {"id": "k1", "org": "x", "role": "manager"}
    linked = dict(SECONDARY, status="linked")
    d = engine.can_link(actor, PRIMARY, linked, owner="zz", now="2026-11-23T09:30:00Z")
    assert d.codes == ["link_not_permitted", "secondary_not_wip", "owner_not_party"]
    assert d.effects == []


# --- stage pipeline transitions (leadx_pipeline) ---------------------------

def test_a_professional_moves_a_lead_along_the_pipeline() -> None:
    engine = leadrules.Engine()
    pro = {"id": "p1", "org": "anywhere", "role": "professional"}
    lead = {"id": "L", "stage": "new", "sub_stage": None}
    d = engine.transition(pro, lead, "next", workflow="leadx_pipeline")
    assert d and (d.from_stage, d.to_stage) == ("new", "contacted")
    assert d.effects == [{"kind": "set_stage", "lead": "L", "stage": "contacted", "sub_stage": None}]
    back = engine.transition(pro, lead, "prev", workflow="leadx_pipeline")
    assert back.codes == ["illegal_transition"] and back.to_stage is None
    jump = engine.transition(pro, lead, "set_stage", workflow="leadx_pipeline", fields={"stage": " "})
    assert [(r["code"], r["field"]) for r in jump.reasons] == [("missing_field", "stage")]
    request = {"kind": "transition", "workflow": "leadx_pipeline", "action": "next", "actor": pro, "lead": lead}
    assert d.to_dict() == engine.decide(request)


def test_actions_list_every_button_with_its_reasons() -> None:
    engine = leadrules.Engine()
    basic = {"id": "b1", "org": "x", "role": "basic"}
    listed = engine.actions(basic, {"id": "L", "stage": "negotiation"}, workflow="leadx_pipeline")
    assert [a["action"] for a in listed] == ["next", "prev", "set_stage", "set_sub_stage", "clear_sub_stage"]
    assert not any(a["allowed"] for a in listed)
    assert [r["code"] for r in listed[0]["reasons"]] == ["capability_required", "illegal_transition"]
    assert listed[2]["requires"] == ["stage"]
    # Reasons as a decision gives them: Reason records, equal to the plain dicts.
    reasons = listed[0]["reasons"]
    assert [type(r) for r in reasons] == [leadrules.Reason] * 2
    assert [r.code for r in reasons] == [leadrules.DenialCode.CAPABILITY_REQUIRED,
                                         leadrules.DenialCode.ILLEGAL_TRANSITION]
    assert reasons[0].capability == "manage_lifecycle"
    request = {"kind": "actions", "workflow": "leadx_pipeline", "actor": basic,
               "lead": {"id": "L", "stage": "negotiation"}}
    plain = engine.decide(request)["actions"]
    assert listed == plain and all(type(r) is dict for a in plain for r in a["reasons"])
    assert reasons == engine.transition(basic, {"id": "L", "stage": "negotiation"}, "next",
                                        workflow="leadx_pipeline").reasons
    with pytest.raises(leadrules.UnknownReferenceError) as error:
        engine.transition(basic, {"id": "L", "stage": "new"}, "accept", workflow="leadx_pipeline")
    assert (error.value.code, error.value.path) == ("unknown_action", "action")
