"""Workflows from Python: partner_lead, creatio_lead and a custom workflow
through ``Engine.transition`` / ``Engine.actions`` with plain dicts and aware
datetimes, config errors, ``unknown_template``, and ``Engine.warnings``."""

import datetime as dt
import pickle
from typing import Any, Dict, List, Optional

import pytest

import leadrules

UTC = dt.timezone.utc
#: When the partner lead was created: its pending period (P7D) ends a week later.
CREATED = dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
DUE = CREATED + dt.timedelta(days=7)
SECOND = dt.timedelta(seconds=1)

PARTNER_USER: Dict[str, Any] = {"id": "p7", "org": "acme", "role": "manager"}
OTHER_PARTNER: Dict[str, Any] = {"id": "b1", "org": "beta", "role": "manager"}
VENDOR_USER: Dict[str, Any] = {"id": "v1", "org": "vendor", "role": "manager"}
SYSTEM: Dict[str, Any] = {"id": "scheduler", "role": "system"}
MANAGER: Dict[str, Any] = {"id": "m1", "org": "hq", "role": "manager"}
BASIC: Dict[str, Any] = {"id": "b9", "org": "hq", "role": "basic"}


@pytest.fixture(scope="module")
def engine() -> leadrules.Engine:
    return leadrules.Engine()


def partner_lead(stage: str, **extra: Any) -> Dict[str, Any]:
    """A lead the vendor sourced for acme, as a host's record holds it."""
    lead: Dict[str, Any] = {
        "id": "L9",
        "stage": stage,
        "partner": "acme",
        "source": "vendor",
        "created_at": CREATED,
        "expires_at": None,
        "accepted_at": None,
        "template": None,
        "host_only_key": {"ignored": True},
    }
    lead.update(extra)
    return lead


def accepted_lead(**extra: Any) -> Dict[str, Any]:
    return partner_lead("accepted", accepted_at=CREATED + dt.timedelta(days=1), **extra)


def partner(
    engine: leadrules.Engine,
    actor: Dict[str, Any],
    lead: Dict[str, Any],
    action: str,
    now: dt.datetime,
    fields: Optional[Dict[str, Any]] = None,
) -> leadrules.Decision:
    return engine.transition(actor, lead, action, workflow="partner_lead", fields=fields, now=now)


def kinds(decision: leadrules.Decision) -> List[str]:
    return [effect["kind"] for effect in decision.effects]


def effect(decision: leadrules.Decision, kind: str, **match: Any) -> Dict[str, Any]:
    """The one effect of `kind` whose keys equal `match`."""
    found = [
        e for e in decision.effects if e["kind"] == kind and all(e.get(k) == v for k, v in match.items())
    ]
    assert len(found) == 1, decision.effects
    return found[0]


# --- partner_lead: allowed ---------------------------------------------------


def test_partner_accepts_a_pending_lead(engine: leadrules.Engine) -> None:
    now = CREATED + dt.timedelta(days=3, minutes=30)
    d = partner(engine, PARTNER_USER, partner_lead("pending"), "accept", now)
    assert d and d.allowed and d.codes == [] and d.reasons == []
    assert (d.from_stage, d.to_stage) == ("pending", "accepted")
    assert effect(d, "set_stage") == {"kind": "set_stage", "lead": "L9", "stage": "accepted", "sub_stage": None}
    # The counter resets: accepted_at + P30D.
    assert effect(d, "set_expiry")["expires_at"] == dt.datetime(2026, 12, 23, 9, 30, tzinfo=UTC)
    assert effect(d, "record", field="accepted_at")["value"] == dt.datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    assert d.to_dict()["from"] == "pending" and d.to_dict()["to"] == "accepted"


def test_partner_declines_with_a_reason(engine: leadrules.Engine) -> None:
    now = CREATED + dt.timedelta(days=1)
    d = partner(engine, PARTNER_USER, partner_lead("pending"), "decline", now, {"reason": "out of territory"})
    assert d.allowed and d.to_stage == "declined"
    assert kinds(d) == ["set_stage", "archive", "set_expiry", "record", "record"]
    assert effect(d, "set_expiry")["expires_at"] is None
    assert effect(d, "record", field="declined_at")["value"] == dt.datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    assert effect(d, "record", field="decline_reason")["value"] == "out of territory"


def test_partner_converts_an_accepted_lead(engine: leadrules.Engine) -> None:
    now = CREATED + dt.timedelta(days=5)
    d = partner(engine, PARTNER_USER, accepted_lead(), "convert", now, {"opportunity_id": "OPP-42"})
    assert d.allowed and (d.from_stage, d.to_stage) == ("accepted", "closed_converted")
    # A terminal stage clears the expiry.
    assert effect(d, "set_expiry")["expires_at"] is None
    assert effect(d, "record", field="opportunity_id")["value"] == "OPP-42"


def test_partner_closes_an_accepted_lead_even_when_due(engine: leadrules.Engine) -> None:
    now = CREATED + dt.timedelta(days=40)  # accepted_at + 30 days has passed
    d = partner(engine, PARTNER_USER, accepted_lead(), "close", now)
    assert d.allowed and d.to_stage == "closed_not_converted"
    assert kinds(d) == ["set_stage", "set_expiry"]


def test_partner_declines_even_when_due(engine: leadrules.Engine) -> None:
    d = partner(engine, PARTNER_USER, partner_lead("pending"), "decline", DUE + SECOND, {"reason": "late"})
    assert d.allowed


def test_system_expires_a_due_lead(engine: leadrules.Engine) -> None:
    d = partner(engine, SYSTEM, partner_lead("pending"), "expire", DUE)
    assert d.allowed and (d.from_stage, d.to_stage) == ("pending", "expired")
    assert effect(d, "set_expiry")["expires_at"] is None
    accepted = partner(engine, SYSTEM, accepted_lead(), "expire", CREATED + dt.timedelta(days=31))
    assert accepted.allowed and accepted.from_stage == "accepted"


@pytest.mark.parametrize("stage", ["pending", "declined", "expired"])
def test_sourcing_company_reassigns(engine: leadrules.Engine, stage: str) -> None:
    now = CREATED + dt.timedelta(days=9)
    d = partner(engine, VENDOR_USER, partner_lead(stage), "reassign", now, {"partner": "beta"})
    assert d.allowed and (d.from_stage, d.to_stage) == (stage, "pending")
    assert effect(d, "record", field="partner")["value"] == "beta"
    assert effect(d, "record", field="reassigned_at")["value"] == dt.datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    # A new expiry period: reassigned_at + P7D.
    assert effect(d, "set_expiry")["expires_at"] == dt.datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


# --- partner_lead: denied ----------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "code"),
    [(OTHER_PARTNER, "not_partner_user"), (VENDOR_USER, "sourcing_company_cannot_act"), (SYSTEM, "not_partner_user")],
)
@pytest.mark.parametrize("action", ["accept", "decline"])
def test_only_the_partner_company_takes_partner_actions(
    engine: leadrules.Engine, actor: Dict[str, Any], code: str, action: str
) -> None:
    fields = {"reason": "no"} if action == "decline" else None
    d = partner(engine, actor, partner_lead("pending"), action, CREATED + dt.timedelta(days=1), fields)
    assert not d and d.codes == [code]
    assert d.effects == []
    assert d.reasons[0]["code"] == code and d.reasons[0]["message"]


@pytest.mark.parametrize(
    ("actor", "code"), [(VENDOR_USER, "sourcing_company_cannot_act"), (OTHER_PARTNER, "not_partner_user")]
)
@pytest.mark.parametrize("action", ["convert", "close"])
def test_only_the_partner_company_converts_or_closes(
    engine: leadrules.Engine, actor: Dict[str, Any], code: str, action: str
) -> None:
    fields = {"opportunity_id": "OPP-1"} if action == "convert" else None
    d = partner(engine, actor, accepted_lead(), action, CREATED + dt.timedelta(days=2), fields)
    assert d.codes == [code]


def test_accept_deadline_instant(engine: leadrules.Engine) -> None:
    """Due at exactly created_at + 7 days, not one second earlier."""
    before = partner(engine, PARTNER_USER, partner_lead("pending"), "accept", DUE - SECOND)
    assert before.allowed
    at = partner(engine, PARTNER_USER, partner_lead("pending"), "accept", DUE)
    assert at.codes == ["lead_expired"]
    assert at.effects == []


def test_expire_deadline_instant(engine: leadrules.Engine) -> None:
    early = partner(engine, SYSTEM, partner_lead("pending"), "expire", DUE - SECOND)
    assert early.codes == ["not_yet_due"]
    assert partner(engine, SYSTEM, partner_lead("pending"), "expire", DUE).allowed


def test_deadline_in_another_offset_is_the_same_instant(engine: leadrules.Engine) -> None:
    ist = dt.timezone(dt.timedelta(hours=5, minutes=30))
    lead = partner_lead("pending", created_at=CREATED.astimezone(ist))
    assert partner(engine, PARTNER_USER, lead, "accept", (DUE - SECOND).astimezone(ist)).allowed
    assert partner(engine, PARTNER_USER, lead, "accept", DUE.astimezone(ist)).codes == ["lead_expired"]


def test_host_set_expiry_and_reassignment_move_the_deadline(engine: leadrules.Engine) -> None:
    early = partner_lead("pending", expires_at=CREATED + dt.timedelta(days=2))
    assert partner(engine, PARTNER_USER, early, "accept", CREATED + dt.timedelta(days=2)).codes == ["lead_expired"]
    reassigned = partner_lead("pending", reassigned_at=CREATED + dt.timedelta(days=5))
    assert partner(engine, PARTNER_USER, reassigned, "accept", CREATED + dt.timedelta(days=11)).allowed


def test_convert_is_refused_once_the_accepted_period_ran_out(engine: leadrules.Engine) -> None:
    accepted_at = CREATED + dt.timedelta(days=1)
    late = accepted_at + dt.timedelta(days=30)
    d = partner(engine, PARTNER_USER, accepted_lead(), "convert", late, {"opportunity_id": "OPP-1"})
    assert d.codes == ["lead_expired"]
    d = partner(engine, PARTNER_USER, accepted_lead(), "convert", late - SECOND, {"opportunity_id": "OPP-1"})
    assert d.allowed


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_decline_needs_a_reason(engine: leadrules.Engine, reason: Optional[str]) -> None:
    d = partner(engine, PARTNER_USER, partner_lead("pending"), "decline", CREATED, {"reason": reason})
    assert d.codes == ["missing_field"]
    assert d.reasons[0].get("field") == "reason"
    assert partner(engine, PARTNER_USER, partner_lead("pending"), "decline", CREATED).codes == ["missing_field"]


def test_convert_needs_an_opportunity_id(engine: leadrules.Engine) -> None:
    d = partner(engine, PARTNER_USER, accepted_lead(), "convert", CREATED + dt.timedelta(days=2), {})
    assert d.codes == ["missing_field"] and d.reasons[0].get("field") == "opportunity_id"


def test_only_the_system_expires(engine: leadrules.Engine) -> None:
    d = partner(engine, PARTNER_USER, partner_lead("pending"), "expire", DUE)
    assert d.codes == ["system_only"]
    both = partner(engine, VENDOR_USER, partner_lead("pending"), "expire", DUE - SECOND)
    assert both.codes == ["system_only", "not_yet_due"]


def test_only_the_sourcing_company_reassigns(engine: leadrules.Engine) -> None:
    now = CREATED + dt.timedelta(days=1)
    d = partner(engine, PARTNER_USER, partner_lead("declined"), "reassign", now, {"partner": "beta"})
    assert d.codes == ["not_sourcing_user"]
    same = partner(engine, VENDOR_USER, partner_lead("pending"), "reassign", now, {"partner": "acme"})
    assert same.codes == ["invalid_field"] and same.reasons[0].get("field") == "partner"
    accepted = partner(engine, VENDOR_USER, accepted_lead(), "reassign", now, {"partner": "beta"})
    assert accepted.codes == ["illegal_transition"] and accepted.to_stage is None


@pytest.mark.parametrize(
    ("stage", "action"),
    [
        ("pending", "convert"),
        ("pending", "close"),
        ("accepted", "accept"),
        ("accepted", "decline"),
        ("declined", "accept"),
        ("closed_converted", "expire"),
        ("expired", "accept"),
    ],
)
def test_stages_that_do_not_offer_the_action(engine: leadrules.Engine, stage: str, action: str) -> None:
    actor = SYSTEM if action == "expire" else PARTNER_USER
    lead = partner_lead(stage, accepted_at=CREATED)
    d = partner(engine, actor, lead, action, CREATED + dt.timedelta(days=1), {"reason": "x", "opportunity_id": "y"})
    assert d.codes == ["illegal_transition"]
    assert d.from_stage == stage


# --- partner_lead: actions ---------------------------------------------------


def buttons(engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any], now: dt.datetime) -> Dict[str, Any]:
    listed = engine.actions(actor, lead, workflow="partner_lead", now=now)
    assert [b["action"] for b in listed] == ["accept", "decline", "convert", "close", "expire", "reassign"]
    return {b["action"]: b for b in listed}


def test_partner_user_sees_accept_and_decline(engine: leadrules.Engine) -> None:
    listed = buttons(engine, PARTNER_USER, partner_lead("pending"), CREATED + dt.timedelta(days=1))
    allowed = [name for name, b in listed.items() if b["allowed"]]
    assert allowed == ["accept", "decline"]
    assert listed["decline"]["requires"] == ["reason"]
    assert listed["accept"]["reasons"] == []
    assert [r["code"] for r in listed["reassign"]["reasons"]] == ["not_sourcing_user"]
    assert [r["code"] for r in listed["expire"]["reasons"]] == ["system_only", "not_yet_due"]


def test_sourcing_company_sees_only_reassign(engine: leadrules.Engine) -> None:
    listed = buttons(engine, VENDOR_USER, partner_lead("pending"), CREATED + dt.timedelta(days=1))
    assert [name for name, b in listed.items() if b["allowed"]] == ["reassign"]
    for name in ("accept", "decline", "convert", "close"):
        codes = [r["code"] for r in listed[name]["reasons"]]
        assert codes[0] == "sourcing_company_cannot_act", (name, codes)
    assert listed["reassign"]["requires"] == ["partner"]


def test_partner_buttons_once_due(engine: leadrules.Engine) -> None:
    listed = buttons(engine, PARTNER_USER, partner_lead("pending"), DUE)
    assert [name for name, b in listed.items() if b["allowed"]] == ["decline"]
    assert [r["code"] for r in listed["accept"]["reasons"]] == ["lead_expired"]
    system = buttons(engine, SYSTEM, partner_lead("pending"), DUE)
    assert [name for name, b in system.items() if b["allowed"]] == ["expire"]


def test_actions_agree_with_transition(engine: leadrules.Engine) -> None:
    now = CREATED + dt.timedelta(days=1)
    for actor in (PARTNER_USER, VENDOR_USER, OTHER_PARTNER, SYSTEM):
        listed = buttons(engine, actor, partner_lead("pending"), now)
        for name, button in listed.items():
            fields = {"reason": "r", "opportunity_id": "o", "partner": "beta"}
            decision = partner(engine, actor, partner_lead("pending"), name, now, fields)
            assert decision.codes == [r["code"] for r in button["reasons"]], (actor["id"], name)


def test_actions_match_the_json_protocol(engine: leadrules.Engine) -> None:
    now = CREATED + dt.timedelta(days=1)
    lead = partner_lead("pending")
    request = {
        "kind": "actions",
        "workflow": "partner_lead",
        "actor": VENDOR_USER,
        "lead": {**lead, "created_at": CREATED.isoformat()},
        "now": "2026-11-21T09:00:00Z",
    }
    assert engine.decide(request)["actions"] == engine.actions(VENDOR_USER, lead, workflow="partner_lead", now=now)


def test_transition_matches_the_json_protocol(engine: leadrules.Engine) -> None:
    d = partner(engine, PARTNER_USER, partner_lead("pending"), "decline", CREATED, {"reason": "no"})
    request = {
        "kind": "transition",
        "workflow": "partner_lead",
        "action": "decline",
        "now": "2026-11-20T09:00:00Z",
        "actor": PARTNER_USER,
        "lead": {**partner_lead("pending"), "created_at": "2026-11-20T09:00:00+00:00"},
        "fields": {"reason": "no"},
    }
    assert d.to_dict() == engine.decide(request)


# --- partner_lead: errors ----------------------------------------------------


def test_unknown_template_raises_unknown_reference_error(engine: leadrules.Engine) -> None:
    lead = partner_lead("pending", template="emea")
    with pytest.raises(leadrules.UnknownReferenceError) as info:
        partner(engine, PARTNER_USER, lead, "accept", CREATED)
    assert (info.value.code, info.value.path) == ("unknown_template", "lead.template")
    assert "emea" in info.value.message
    assert isinstance(info.value, LookupError) and isinstance(info.value, ValueError)
    with pytest.raises(leadrules.UnknownReferenceError):
        engine.actions(PARTNER_USER, lead, workflow="partner_lead", now=CREATED)


def test_a_configured_template_sets_the_period() -> None:
    engine = leadrules.Engine({"policy": {"templates": {"emea": {"pending": "P5D"}}}})
    lead = partner_lead("pending", template="emea")
    five_days = CREATED + dt.timedelta(days=5)
    assert partner(engine, PARTNER_USER, lead, "accept", five_days - SECOND).allowed
    assert partner(engine, PARTNER_USER, lead, "accept", five_days).codes == ["lead_expired"]
    # A lead naming no template still gets the default seven days.
    assert partner(engine, PARTNER_USER, partner_lead("pending"), "accept", five_days).allowed


@pytest.mark.parametrize(
    ("where", "path"),
    [("lead", "lead.created_at"), ("now", "now")],
)
def test_naive_datetimes_are_refused(engine: leadrules.Engine, where: str, path: str) -> None:
    naive = dt.datetime(2026, 11, 20, 9, 0)
    lead = partner_lead("pending", created_at=naive) if where == "lead" else partner_lead("pending")
    now = naive if where == "now" else CREATED
    with pytest.raises(leadrules.RequestError) as info:
        partner(engine, PARTNER_USER, lead, "accept", now)
    assert (info.value.code, info.value.path) == ("invalid_timestamp", path)


def test_unknown_action_and_stage_are_errors(engine: leadrules.Engine) -> None:
    with pytest.raises(leadrules.UnknownReferenceError) as action:
        partner(engine, PARTNER_USER, partner_lead("pending"), "teleport", CREATED)
    assert (action.value.code, action.value.path) == ("unknown_action", "action")
    with pytest.raises(leadrules.UnknownReferenceError) as stage:
        partner(engine, PARTNER_USER, partner_lead("limbo"), "accept", CREATED)
    assert (stage.value.code, stage.value.path) == ("unknown_stage", "lead.stage")


# --- creatio_lead ------------------------------------------------------------

HANDOFF_FIELDS: Dict[str, Any] = {
    "need_type": "new_equipment",
    "budget": 25000,
    "sales_owner": "u7",
    "sales_division": "direct",
    "meeting_at": dt.datetime(2026, 12, 1, 10, 0, tzinfo=UTC),
    "decision_at": dt.datetime(2026, 12, 15, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    "notes": "call before noon",
}
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def creatio(
    engine: leadrules.Engine,
    stage: str,
    action: str,
    fields: Optional[Dict[str, Any]] = None,
    actor: Optional[Dict[str, Any]] = None,
) -> leadrules.Decision:
    lead = {"id": "C1", "stage": stage, "owner": "m1", "distribution_owner": "d1"}
    return engine.transition(actor or MANAGER, lead, action, workflow="creatio_lead", fields=fields, now=NOW)


def test_proceed_to_handoff_records_history_feed_and_maturity(engine: leadrules.Engine) -> None:
    d = creatio(engine, "handoff_to_sales", "proceed_to_handoff", HANDOFF_FIELDS)
    assert d.allowed and (d.from_stage, d.to_stage) == ("handoff_to_sales", "awaiting_sale")
    assert kinds(d) == ["set_stage", "add_history", "add_feed_note", "set_maturity"]
    history = effect(d, "add_history")
    assert history["lead"] == "C1" and history["section"] == "proceed_to_handoff"
    values = history["values"]
    assert values["need_type"] == "new_equipment" and values["budget"] == 25000
    assert values["sales_owner"] == "u7" and values["sales_division"] == "direct"
    assert values["notes"] == "call before noon"
    # The datetimes arrive as entered (isoformat), in their own offsets.
    assert values["meeting_at"] == "2026-12-01T10:00:00+00:00"
    assert values["decision_at"] == "2026-12-15T00:00:00+02:00"
    assert effect(d, "add_feed_note") == {"kind": "add_feed_note", "lead": "C1", "note": "call before noon"}
    assert effect(d, "set_maturity") == {"kind": "set_maturity", "lead": "C1", "maturity": "sales_ready"}


def test_proceed_to_handoff_without_notes_posts_no_note(engine: leadrules.Engine) -> None:
    fields = {k: v for k, v in HANDOFF_FIELDS.items() if k != "notes"}
    d = creatio(engine, "handoff_to_sales", "proceed_to_handoff", fields)
    assert d.allowed
    assert "set_maturity" in kinds(d) and "add_history" in kinds(d)


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"budget": -1}, "invalid_field", "budget"),
        ({"budget": "25000"}, "invalid_field", "budget"),
        ({"meeting_at": "next tuesday"}, "invalid_field", "meeting_at"),
        ({"meeting_at": dt.datetime(2026, 12, 1, 10, 0)}, "invalid_field", "meeting_at"),
        ({"sales_owner": " "}, "missing_field", "sales_owner"),
        ({"need_type": None}, "missing_field", "need_type"),
    ],
)
def test_proceed_to_handoff_form_checks(
    engine: leadrules.Engine, change: Dict[str, Any], code: str, field: str
) -> None:
    d = creatio(engine, "handoff_to_sales", "proceed_to_handoff", {**HANDOFF_FIELDS, **change})
    assert d.codes == [code]
    assert d.reasons[0].get("field") == field


def test_creatio_needs_manage_lifecycle(engine: leadrules.Engine) -> None:
    d = creatio(engine, "handoff_to_sales", "proceed_to_handoff", HANDOFF_FIELDS, actor=BASIC)
    assert d.codes == ["capability_required"]
    assert d.reasons[0].get("capability") == "manage_lifecycle"


def test_creatio_path_and_task_results(engine: leadrules.Engine) -> None:
    assert creatio(engine, "qualification", "qualify").to_stage == "distribution"
    start = creatio(engine, "distribution", "start_handoff")
    assert start.to_stage == "handoff_to_sales"
    task = effect(start, "create_task")
    assert (task["task"], task["owner"], task["reporter"], task["start"]) == (
        "handoff",
        "d1",
        "m1",
        dt.datetime(2026, 11, 23, 9, 30, tzinfo=UTC),
    )
    order = creatio(engine, "handoff_to_sales", "proceed_to_order")
    assert order.to_stage == "awaiting_sale" and effect(order, "set_maturity")["maturity"] == "sales_ready"
    back = creatio(engine, "handoff_to_sales", "back_to_distribution")
    assert back.to_stage == "distribution" and effect(back, "set_maturity")["maturity"] == "discovered"
    # Actions that stay: `to_stage` is the current stage, and no set_stage.
    again = creatio(engine, "handoff_to_sales", "reschedule")
    assert again.allowed and again.to_stage == "handoff_to_sales" and kinds(again) == ["create_task"]
    lost = creatio(engine, "handoff_to_sales", "not_interested")
    assert lost.to_stage == "handoff_to_sales" and kinds(lost) == ["set_maturity"]
    assert effect(lost, "set_maturity")["maturity"] == "not_interested"
    offered_nowhere = creatio(engine, "awaiting_sale", "reschedule")
    assert offered_nowhere.codes == ["illegal_transition"] and offered_nowhere.to_stage is None


def test_creatio_actions_at_handoff(engine: leadrules.Engine) -> None:
    lead = {"id": "C1", "stage": "handoff_to_sales", "owner": "m1"}
    listed = engine.actions(MANAGER, lead, workflow="creatio_lead", now=NOW)
    allowed = [b["action"] for b in listed if b["allowed"]]
    assert allowed == ["proceed_to_order", "proceed_to_handoff", "back_to_distribution", "reschedule", "not_interested"]
    handoff = next(b for b in listed if b["action"] == "proceed_to_handoff")
    assert handoff["requires"] == ["need_type", "budget", "sales_owner", "sales_division", "meeting_at", "decision_at"]


# --- a custom workflow from a config dict ------------------------------------

REFERRAL: Dict[str, Any] = {
    "policy": {
        "roles": {"closer": ["manage_lifecycle", "close_deals"]},
        "workflows": {
            "vendor_referral": {
                "stages": [
                    {"id": "submitted", "initial": True, "expiry": "pending"},
                    {"id": "working", "expiry": "accepted"},
                    {"id": "parked", "archived": True},
                    {"id": "won", "terminal": True},
                    {"id": "lost", "terminal": True},
                ],
                "actions": [
                    {
                        "id": "take",
                        "from": ["submitted"],
                        "to": "working",
                        "who": {"party": "partner"},
                        "when_due": "deny",
                        "effects": [{"kind": "record", "field": "accepted_at", "from": "now"}],
                    },
                    {
                        "id": "park",
                        "from": ["submitted", "working"],
                        "to": "parked",
                        "who": {"party": "owner", "capability": "manage_lifecycle"},
                        "fields": {"why": {"type": "text"}},
                        "effects": [{"kind": "add_feed_note", "from": "fields.why"}],
                    },
                    {
                        "id": "win",
                        "from": ["working"],
                        "to": "won",
                        "who": {"capability": "close_deals"},
                        "fields": {"amount": {"type": "number", "min": 0}},
                        "effects": [{"kind": "record", "field": "amount", "from": "fields.amount"}],
                    },
                    {"id": "lose", "from": "*", "to": "lost", "who": {"capability": "manage_lifecycle"}},
                    {"id": "wake", "from": ["parked"], "to": "submitted", "who": {"party": "source"}},
                    {
                        "id": "lapse",
                        "from": ["submitted", "working"],
                        "to": "parked",
                        "who": {"party": "system"},
                        "when_due": "require",
                    },
                ],
            }
        },
    }
}


@pytest.fixture(scope="module")
def referral() -> leadrules.Engine:
    return leadrules.Engine(REFERRAL)


def referral_lead(stage: str) -> Dict[str, Any]:
    return {"id": "R1", "stage": stage, "partner": "acme", "source": "vendor", "owner": "m1", "created_at": CREATED}


def test_custom_workflow_transitions(referral: leadrules.Engine) -> None:
    now = CREATED + dt.timedelta(days=1)
    take = referral.transition(PARTNER_USER, referral_lead("submitted"), "take", workflow="vendor_referral", now=now)
    assert take.allowed and take.to_stage == "working"
    assert effect(take, "record", field="accepted_at")["value"] == dt.datetime(2026, 11, 21, 9, 0, tzinfo=UTC)

    closer = {"id": "c1", "org": "acme", "role": "closer"}
    working = {**referral_lead("working"), "accepted_at": CREATED}
    win = referral.transition(closer, working, "win", workflow="vendor_referral", fields={"amount": 10}, now=now)
    assert win.allowed and effect(win, "record", field="amount")["value"] == 10
    denied = referral.transition(MANAGER, working, "win", workflow="vendor_referral", fields={"amount": -1}, now=now)
    assert denied.codes == ["capability_required", "invalid_field"]

    park = referral.transition(MANAGER, working, "park", workflow="vendor_referral", fields={"why": "on hold"}, now=now)
    assert park.allowed and kinds(park) == ["set_stage", "archive", "set_expiry", "add_feed_note"]
    wake = referral.transition(VENDOR_USER, referral_lead("parked"), "wake", workflow="vendor_referral", now=now)
    assert wake.allowed and "unarchive" in kinds(wake)


def test_custom_workflow_warnings_and_actions(referral: leadrules.Engine) -> None:
    assert referral.warnings == []
    listed = referral.actions(PARTNER_USER, referral_lead("submitted"), workflow="vendor_referral", now=CREATED)
    assert [b["action"] for b in listed] == ["take", "park", "win", "lose", "wake", "lapse"]
    assert [b["action"] for b in listed if b["allowed"]] == ["take", "lose"]


def test_a_config_may_replace_a_builtin_workflow() -> None:
    engine = leadrules.Engine(
        {
            "policy": {
                "workflows": {
                    "creatio_lead": {
                        "stages": [{"id": "new", "initial": True}, {"id": "done", "terminal": True}],
                        "actions": [{"id": "finish", "from": ["new"], "to": "done"}],
                    }
                }
            }
        }
    )
    d = engine.transition(BASIC, {"id": "C1", "stage": "new"}, "finish", workflow="creatio_lead")
    assert d.allowed and d.to_stage == "done"
    with pytest.raises(leadrules.UnknownReferenceError):
        engine.transition(BASIC, {"id": "C1", "stage": "new"}, "qualify", workflow="creatio_lead")


# --- config errors -----------------------------------------------------------


def test_config_errors_list_every_problem() -> None:
    broken = {
        "policy": {
            "workflows": {
                "w": {
                    "stages": [{"id": "a", "initial": True}, {"id": "b", "initial": True}, {"id": "a"}],
                    "actions": [{"id": "go", "from": ["zz"], "to": "b"}, {"id": "go", "from": "*", "to": "a"}],
                }
            }
        }
    }
    with pytest.raises(leadrules.ConfigError) as info:
        leadrules.Engine(broken)
    error = info.value
    assert error.code == "invalid_config" and isinstance(error, ValueError)
    paths = [p["path"] for p in error.problems]
    assert paths == [
        "policy.workflows.w.stages",
        "policy.workflows.w.stages[2].id",
        "policy.workflows.w.actions[0].from[0]",
        "policy.workflows.w.actions[1].id",
    ]
    assert error.path == paths[0]
    assert all(p["message"] for p in error.problems)
    assert "zz" in error.problems[2]["message"]


@pytest.mark.parametrize(
    ("policy", "path"),
    [
        (
            {"workflows": {"w": {"stages": [{"id": "a", "initial": True, "colour": "red"}]}}},
            "policy.workflows.w.stages[0].colour",
        ),
        ({"roles": {"closer": ["manage_lifecycle", "close_dealz"]}}, "policy.roles.closer[1]"),
        ({"templates": {"emea": {"pending": "P1Y"}}}, "policy.templates.emea.pending"),
        (
            {
                "workflows": {
                    "w": {
                        "stages": [{"id": "a", "initial": True}],
                        "actions": [{"id": "x", "from": ["a"], "to": None, "who": {"party": "nobody"}}],
                    }
                }
            },
            "policy.workflows.w.actions[0].who.party",
        ),
    ],
)
def test_config_error_paths(policy: Dict[str, Any], path: str) -> None:
    with pytest.raises(leadrules.ConfigError) as info:
        leadrules.Engine({"policy": policy})
    assert [p["path"] for p in info.value.problems] == [path]


# --- warnings ----------------------------------------------------------------

SUSPICIOUS: Dict[str, Any] = {
    "policy": {
        "workflows": {
            "review": {
                "stages": [
                    {"id": "open", "initial": True},
                    {"id": "orphan"},
                    {"id": "done", "terminal": True},
                ],
                "actions": [{"id": "finish", "from": ["open"], "to": "done", "who": {"capability": "sign_off"}}],
            }
        }
    }
}


def test_warnings_of_a_suspicious_workflow() -> None:
    engine = leadrules.Engine(SUSPICIOUS)
    warnings = engine.warnings
    assert [w.path for w in warnings] == [
        "policy.workflows.review.stages[1]",
        "policy.workflows.review.stages[1]",
        "policy.workflows.review.actions[0].who",
    ]
    assert "orphan" in warnings[0].message and "orphan" in warnings[1].message
    assert "sign_off" in warnings[2].message
    for w in warnings:
        assert isinstance(w, leadrules.ConfigWarning)
        path, message = w
        assert (path, message) == (w.path, w.message)
    # The engine still answers.
    d = engine.transition(MANAGER, {"id": "X", "stage": "open"}, "finish", workflow="review")
    assert d.codes == ["capability_required"]


def test_warnings_are_immutable_fresh_and_picklable() -> None:
    engine = leadrules.Engine(SUSPICIOUS)
    first = engine.warnings
    first.clear()
    assert len(engine.warnings) == 3
    w = engine.warnings[0]
    with pytest.raises(AttributeError):
        w.path = "elsewhere"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(w)) == w
    assert hash(w) == hash(leadrules.ConfigWarning(w.path, w.message))
    assert repr(w).startswith("ConfigWarning(path='policy.workflows.review.stages[1]', message=")
    assert type(w).__module__ == "leadrules"
    # A pickled engine warns alike.
    assert pickle.loads(pickle.dumps(engine)).warnings == engine.warnings


def test_warnings_follow_the_config_text_too() -> None:
    import json

    assert leadrules.Engine(json.dumps(SUSPICIOUS)).warnings == leadrules.Engine(SUSPICIOUS).warnings


@pytest.mark.parametrize("config", [None, {}, {"orgs": [{"id": "hq"}]}, REFERRAL])
def test_no_findings_no_warnings(config: Optional[Dict[str, Any]]) -> None:
    assert leadrules.Engine(config).warnings == []


def test_the_warnings_property_is_read_only(engine: leadrules.Engine) -> None:
    with pytest.raises(AttributeError):
        engine.warnings = []  # type: ignore[misc]
