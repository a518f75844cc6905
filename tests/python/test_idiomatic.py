"""The Python face of the answers: codes as str enums, reasons and effects
as read-only records with attributes, on every conformance vector."""

import copy
import enum
import json
import pickle
import re
import sys
from importlib import metadata
from pathlib import Path
from typing import Any, Dict, List, Type

import pytest

import leadrules
from leadrules import DenialCode, Effect, EffectKind, ErrorCode, Reason, Route
from test_conformance import CASES
from typed_calls import DECISIONS, typed_call

PROTOCOL = Path(__file__).resolve().parent.parent.parent / "docs" / "protocol.md"
ENUMS: List[Type[enum.Enum]] = [DenialCode, ErrorCode, EffectKind, Route]


# --- the enums ---------------------------------------------------------------


def test_the_enums_list_exactly_cores_codes_in_its_order() -> None:
    native = leadrules._native
    assert [m.value for m in DenialCode] == list(native.DENIAL_CODES)
    assert [m.value for m in ErrorCode] == list(native.ERROR_CODES)
    assert [m.value for m in EffectKind] == list(native.EFFECT_KINDS)
    assert [m.value for m in Route] == list(native.ROUTES)
    assert ErrorCode.INTERNAL == "internal" and ErrorCode.INTERNAL.value == native.ERROR_CODES[-1]


def documented_table(section: str) -> List[str]:
    """The codes in the first column of the table under `section` of
    docs/protocol.md, the one place the codes are documented."""
    text = PROTOCOL.read_text(encoding="utf-8")
    body = text.split(f"### {section}\n", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", body, flags=re.M)


def test_the_enums_match_the_documented_tables() -> None:
    assert documented_table("Denial codes") == [m.value for m in DenialCode]
    assert set(documented_table("Error codes")) == {m.value for m in ErrorCode} - {"internal"}
    # The docs group the effect kinds by topic; core lists them in the
    # order they were added.
    assert sorted(documented_table("Effect kinds")) == sorted(m.value for m in EffectKind)


@pytest.mark.parametrize("cls", ENUMS)
def test_members_are_their_text(cls: Type[enum.Enum]) -> None:
    for m in cls:
        text = m.value
        assert isinstance(m, str) and m == text and text == m
        assert str(m) == text and f"{m}" == text and f"{m:>30}" == f"{text:>30}" and "%s" % m == text
        assert hash(m) == hash(text) and {text: 1}[m] == 1 and m in {text} and text in {m}
        assert json.dumps(m) == json.dumps(text) and json.dumps({m: m}) == json.dumps({text: text})
        assert cls(text) is m and cls[m.name] is m
        assert repr(m) == f"<{cls.__name__}.{m.name}: {text!r}>"
        assert m.name == text.upper()
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            assert pickle.loads(pickle.dumps(m, protocol=protocol)) is m
    assert cls.__module__ == "leadrules" and getattr(leadrules, cls.__name__) is cls
    assert cls.__doc__


def test_decision_codes_and_route_are_members(engine: leadrules.Engine, actor: Dict[str, Any],
                                               lead: Dict[str, Any]) -> None:
    denied = engine.can_handover(actor, lead, "south")
    assert denied.codes == [DenialCode.CROSS_SILO_REQUIRED] == ["cross_silo_required"]
    assert all(type(c) is DenialCode for c in denied.codes)
    assert denied.route is Route.CROSS_SILO and denied.route == "cross_silo"
    assert engine.can_handover(actor, lead, "hq").route is Route.HANDOVER
    assert engine.can_handover(actor, lead, "north").route is None
    assert "cross_silo_required" in denied.codes and DenialCode.CROSS_SILO_REQUIRED in denied.codes
    # Every read is a fresh list of the same members.
    assert denied.codes is not denied.codes and denied.codes[0] is denied.codes[0]


def test_error_codes_are_members(engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]) -> None:
    with pytest.raises(leadrules.UnknownReferenceError) as info:
        engine.can_handover(actor, lead, "mars")
    error = info.value
    assert error.code is ErrorCode.UNKNOWN_ORG and error.code == "unknown_org"
    assert str(error) == "unknown_org at `to`: unknown org `mars`"
    assert repr(error) == "UnknownReferenceError(code='unknown_org', message='unknown org `mars`', path='to')"
    assert error.args[0] == "unknown_org" and type(error.args[0]) is str
    clone = pickle.loads(pickle.dumps(error))
    assert clone.code is ErrorCode.UNKNOWN_ORG and type(clone) is leadrules.UnknownReferenceError
    # Built by hand with a code this version does not know: kept as text.
    assert leadrules.Error("made_up", "m").code == "made_up"
    assert leadrules.Error(ErrorCode.INVALID_JSON, "m").args[0] == "invalid_json"


# --- Reason and Effect ---------------------------------------------------------


def test_reason_reads_as_attributes_and_as_a_mapping(engine: leadrules.Engine) -> None:
    basic = {"id": "b1", "org": "south", "role": "basic"}
    decision = engine.can_handover(basic, {"id": "L9", "org": "north", "owner": "x"}, "north")
    licence, org, owner, same = decision.reasons
    assert type(licence) is Reason and isinstance(licence, dict)
    assert licence.code is DenialCode.SALES_LICENCE_REQUIRED and licence.message == licence["message"]
    assert (licence.org, licence.lead, licence.field, licence.capability) == (None, None, None, None)
    assert (org.code, org.org) == ("not_in_lead_org", "north") and owner.lead == "L9" and same.org == "north"
    assert org["code"] == "not_in_lead_org" and type(org["code"]) is str
    assert dict(org) == {"code": "not_in_lead_org", "message": org.message, "org": "north"} == org
    assert list(org) == ["code", "message", "org"] and len(org) == 3 and "org" in org and "lead" not in org
    assert org.get("lead") is None and org.get("org") == "north"
    assert json.loads(json.dumps(decision.reasons)) == decision.to_dict()["reasons"]


def test_effect_reads_as_attributes_and_as_a_mapping(engine: leadrules.Engine, actor: Dict[str, Any],
                                                      lead: Dict[str, Any]) -> None:
    transfer, notify, _ = engine.can_handover(actor, lead, "hq").effects
    assert type(transfer) is Effect and transfer.kind is EffectKind.TRANSFER and transfer.kind == "transfer"
    assert (transfer.lead, transfer.from_, transfer.to, transfer.pipeline, transfer.owner) == (
        "L1", "north", "hq", "manager", None)
    assert transfer["from"] == "north" and transfer == {
        "kind": "transfer", "lead": "L1", "from": "north", "to": "hq", "pipeline": "manager", "owner": None}
    assert (notify.channel, notify.org) == ("sales_feed", "north")
    with pytest.raises(AttributeError, match="'transfer' effect has no 'stage'"):
        transfer.stage
    assert getattr(transfer, "stage", "none") == "none" and not hasattr(transfer, "_private")
    assert {"from_", "lead", "to", "kind", "to_dict"} <= set(dir(transfer))


def test_the_values_of_add_history_read_as_values_(engine: leadrules.Engine) -> None:
    fields = {"need_type": "new_equipment", "budget": 25000, "sales_owner": "u7", "sales_division": "direct",
              "meeting_at": "2026-11-30T09:00:00Z", "decision_at": "2026-12-14T09:00:00Z"}
    decision = engine.transition({"id": "m1", "org": "hq", "role": "manager"},
                                 {"id": "C1", "stage": "handoff_to_sales"}, "proceed_to_handoff",
                                 workflow="creatio_lead", fields=fields, now="2026-11-23T09:30:00Z")
    [history] = [e for e in decision.effects if e.kind is EffectKind.ADD_HISTORY]
    assert history.values_ == history["values"] and history.values_["budget"] == 25000
    assert callable(history.values) and "values_" in dir(history)
    assert hash(history) == hash(Effect(copy.deepcopy(dict(history))))


def test_records_are_read_only(engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]) -> None:
    reason = engine.can_handover(actor, lead, "south").reasons[0]
    effect = engine.can_handover(actor, lead, "hq").effects[0]
    for record in (reason, effect):
        before = dict(record)
        for write in (
            lambda: record.__setitem__("code", "x"),
            lambda: record.__delitem__("message" if record is reason else "kind"),
            lambda: record.update(x=1),
            lambda: record.pop("kind", None),
            lambda: record.popitem(),
            lambda: record.setdefault("x", 1),
            lambda: record.clear(),
        ):
            with pytest.raises(TypeError, match="read-only"):
                write()
        with pytest.raises(TypeError):
            record |= {"x": 1}  # type: ignore[misc]
        with pytest.raises(AttributeError):
            record.x = 1  # type: ignore[union-attr]
        with pytest.raises(AttributeError):
            record.code = "x"  # type: ignore[misc,union-attr]
        with pytest.raises(AttributeError):
            del record.kind  # type: ignore[union-attr]
        # Built once, by __new__: initialising again changes nothing.
        record.__init__({"code": "x"}, kind="x", message="x")  # type: ignore[misc]
        type(record).__init__(record, code="x")
        assert dict(record) == before
        mine = record.copy()
        mine["x"] = 1
        assert type(mine) is dict and "x" not in record
        assert type(record | {"x": 1}) is dict and "x" not in record


def test_records_compare_hash_and_show_as_their_dict(engine: leadrules.Engine, actor: Dict[str, Any],
                                                      lead: Dict[str, Any]) -> None:
    a = engine.can_handover(actor, lead, "south").reasons[0]
    b = engine.can_handover(dict(actor), dict(lead), "south").reasons[0]
    other = engine.can_handover(actor, lead, "o1").reasons[0]
    assert a == b and hash(a) == hash(b) and a is not b
    assert a != other and len({a, b, other}) == 2
    assert a == dict(a) and dict(a) == a and a != {**a, "org": "x"}
    assert repr(a) == f"Reason({dict(a)!r})" and eval(repr(a), {"Reason": Reason}) == a
    effect = engine.can_handover(actor, lead, "hq").effects[0]
    assert repr(effect).startswith("Effect({'kind': 'transfer', 'lead': 'L1', 'from': 'north'")
    assert {effect: 1}[Effect(dict(effect))] == 1
    for record in (a, effect):
        for clone in (copy.copy(record), copy.deepcopy(record), pickle.loads(pickle.dumps(record))):
            assert clone == record and type(clone) is type(record) and hash(clone) == hash(record)


def test_records_can_be_built_and_passed_back(engine: leadrules.Engine) -> None:
    reason = Reason({"code": "same_org", "message": "m", "org": "hq"})
    assert reason.code is DenialCode.SAME_ORG and reason.org == "hq"
    assert Reason(code="x", message="m").code == "x"
    assert Reason([("code", "same_org")], message="m") == {"code": "same_org", "message": "m"}
    assert Effect() == {} and Reason(reason) == reason
    # A record is a dict: usable wherever a fact or request value goes.
    actor = Effect({"kind": "set_owner", "id": "u1", "org": "north", "role": "professional"})
    assert engine.can_handover(actor, {"id": "L1", "org": "north", "owner": "u1"}, "hq")


def test_to_dict_gives_plain_fresh_json(engine: leadrules.Engine, actor: Dict[str, Any],
                                        lead: Dict[str, Any]) -> None:
    decision = engine.can_handover(actor, lead, "south")
    reason = decision.reasons[0]
    plain = reason.to_dict()
    assert type(plain) is dict and plain == reason and plain is not reason
    plain["code"] = "changed"
    assert reason["code"] == "cross_silo_required"
    response = decision.to_dict()
    assert type(response["reasons"][0]) is dict and type(response["route"]) is str
    assert all(type(k) is str for k in response)
    hand = Reason({"code": DenialCode.SAME_ORG, "message": "m", "nested": {"a": [DenialCode.SAME_ORG]}})
    assert type(hand.to_dict()["code"]) is str and type(hand.to_dict()["nested"]["a"][0]) is str


def test_docstrings_on_everything_public() -> None:
    for name in leadrules.__all__:
        value = getattr(leadrules, name)
        if name.startswith("__"):
            continue
        assert getattr(value, "__doc__", None), name
        if isinstance(value, type):
            for attr, member in vars(value).items():
                if attr.startswith("_") or isinstance(member, enum.Enum) or not callable(
                        getattr(member, "__get__", member)):
                    continue
                assert getattr(member, "__doc__", None), f"{name}.{attr}"


# --- every conformance vector ---------------------------------------------------


DECISION_CASES = [
    (name, config, case) for name, config, case in CASES
    if isinstance(case.get("request"), dict) and case["request"].get("kind") in DECISIONS + ("targets",)
    and "error" not in case["expect"]
]


def attribute(key: str) -> str:
    return {"from": "from_", "values": "values_"}.get(key, key)


@pytest.mark.filterwarnings("ignore::leadrules.UnknownKeyWarning")
def test_the_answers_read_alike_on_every_vector() -> None:
    """The typed answer of every decision vector: its records read as the
    response's objects, by key and by attribute, to_dict() gives the
    response itself, and it pickles to an equal answer."""
    seen = 0
    for name, config, case in DECISION_CASES:
        engine = leadrules.Engine(config)
        request = case["request"]
        call = typed_call(engine, request)
        if call is None:
            continue
        answer = call()
        response = engine.decide(request)
        if "warnings" in response:
            # A typed call sees the records, not the request object, so its
            # warnings are a part of the request's (test_typed_conformance.py
            # compares them); the rest of the answer is the same.
            response.pop("warnings")
            answer_dict = answer.to_dict()
            answer_dict.pop("warnings", None)
            assert answer_dict == response, name
            continue
        assert answer.to_dict() == response, name
        assert pickle.loads(pickle.dumps(answer)) == answer, name
        if request["kind"] == "targets":
            continue
        seen += 1
        reasons, effects = answer.reasons, answer.effects
        assert reasons == response["reasons"] and effects == response["effects"], name
        assert [r.to_dict() for r in reasons] == response["reasons"], name
        assert [e.to_dict() for e in effects] == response["effects"], name
        assert answer.codes == [r["code"] for r in response["reasons"]], name
        assert answer.route == response.get("route"), name
        assert answer.route is None or type(answer.route) is Route, name
        for reason in reasons:
            assert type(reason) is Reason and type(reason.code) is DenialCode, name
            for key in reason:
                assert getattr(reason, key) == reason[key], (name, key)
        for effect in effects:
            assert type(effect) is Effect and type(effect.kind) is EffectKind, name
            for key in effect:
                assert getattr(effect, attribute(key)) == effect[key], (name, key)
        assert pickle.loads(pickle.dumps(reasons)) == reasons and pickle.loads(pickle.dumps(effects)) == effects
    assert seen > 500


# --- the wheel ------------------------------------------------------------------


def test_the_module_is_built_for_the_stable_abi() -> None:
    """One wheel for every CPython >= 3.10: the installed wheel's tag is
    cp310-abi3 and the extension carries the abi3 suffix."""
    wheel = metadata.distribution("leadrules").read_text("WHEEL") or ""
    tags = [line.split(":", 1)[1].strip() for line in wheel.splitlines() if line.startswith("Tag:")]
    assert tags and all(tag.startswith("cp310-abi3-") for tag in tags), wheel
    if sys.platform != "win32":
        assert Path(leadrules._native.__file__ or "").name.startswith("_native.abi3.")
