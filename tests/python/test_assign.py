"""`Engine.assign` and `Engine.change_owner`: the typed answers of
assignment, read from dicts, records and mappings, with the errors of the
one reader at their paths."""

import collections
import dataclasses
import datetime as dt
import pickle
import types
from typing import Any, Dict, List, Optional

import pytest

import leadrules
from leadrules import Assignment, DenialCode, EffectKind, ErrorCode

CONFIG: Dict[str, Any] = {
    "orgs": [{"id": "hq", "parent": None}, {"id": "north", "parent": "hq"}, {"id": "south", "parent": "hq"}],
    "policy": {
        "assignment": {
            "rules": [
                {"id": "vip", "when": [{"field": "budget", "min": 100000}], "pools": ["senior"],
                 "strategy": "least_loaded"},
                {"id": "web", "when": [{"field": "source", "equals": "web"}], "pools": ["inside", "overflow"],
                 "strategy": "round_robin"},
            ]
        }
    },
}


def member(id: str, **facts: Any) -> Dict[str, Any]:
    return {"id": id, "org": "north", "role": "professional", **facts}


def inside(cursor: Optional[str] = "u2") -> Dict[str, Any]:
    return {
        "inside": {
            "cursor": cursor,
            "members": [
                member("u1"),
                member("u2"),
                member("u3", away=True),
                member("u4", open_leads=10, capacity=10),
                member("u5"),
            ],
        }
    }


WEB = {"id": "L9", "org": "north", "fields": {"source": "web"}}


@pytest.fixture(scope="module")
def engine() -> leadrules.Engine:
    return leadrules.Engine(CONFIG)


def test_round_robin_picks_after_the_cursor_and_says_why_it_skipped(engine: leadrules.Engine) -> None:
    a = engine.assign(WEB, inside())
    assert isinstance(a, Assignment) and a and a.allowed
    assert (a.assignee, a.rule, a.pool) == ("u5", "web", "inside")
    assert [(s.member, s.pool, s.codes) for s in a.skipped] == [
        ("u3", "inside", [DenialCode.AWAY]),
        ("u4", "inside", [DenialCode.AT_CAPACITY]),
    ]
    assert a.skipped[0].reasons[0].code is DenialCode.AWAY and a.skipped[0]["reasons"][0]["code"] == "away"
    assert a.reasons == [] and a.codes == []
    assert [e.kind for e in a.effects] == [EffectKind.SET_OWNER, EffectKind.ADVANCE_CURSOR, EffectKind.NOTIFY]
    assert (a.effects[0].lead, a.effects[0].owner) == ("L9", "u5")
    assert (a.effects[1].pool, a.effects[1].cursor) == ("inside", "u5")
    assert a.to_dict() == engine.decide({"kind": "assign", "lead": WEB, "pools": inside()})


def test_every_failed_check_is_listed_in_order(engine: leadrules.Engine) -> None:
    pools = {"inside": {"cursor": None, "members": [
        member("u1", active=False, away=True, open_leads=3, capacity=2, role="basic", org="south", weight=0),
        member("u2"),
    ]}}
    skipped = engine.assign(WEB, pools).skipped
    assert skipped[0].codes == [
        DenialCode.INACTIVE, DenialCode.AWAY, DenialCode.AT_CAPACITY, DenialCode.NOT_LICENSED,
        DenialCode.MEMBER_OUTSIDE_ORG, DenialCode.ZERO_WEIGHT,
    ]


def test_a_denial_names_its_reason_and_the_last_pool(engine: leadrules.Engine) -> None:
    nobody = {"inside": {"members": [member("u1", away=True)]}}
    a = engine.assign(WEB, nobody)
    assert not a and a.assignee is None and a.pool is None and a.rule == "web"
    assert a.codes == [DenialCode.NO_ELIGIBLE_MEMBER]
    # `overflow` is absent from the request: it counts as empty, and was tried last.
    assert a.reasons[0].pool == "overflow" and a.reasons[0]["pool"] == "overflow"
    assert [s.member for s in a.skipped] == ["u1"] and a.effects == []
    none = engine.assign({"id": "L1", "org": "north", "fields": {"source": "phone"}}, nobody)
    assert none.codes == [DenialCode.NO_RULE_MATCHED] and none.rule is None and none.skipped == []
    assert none.to_dict() == {"allowed": False, "reasons": [dict(none.reasons[0])], "effects": [], "rule": None,
                              "pool": None, "assignee": None, "skipped": []}


def test_least_loaded_and_overflow(engine: leadrules.Engine) -> None:
    senior = {"senior": {"cursor": None, "members": [
        member("s1", open_leads=4, weight=2), member("s2", open_leads=3), member("s3", away=True)]}}
    a = engine.assign({"id": "L2", "org": "north", "fields": {"budget": 250000}}, senior)
    assert (a.assignee, a.rule) == ("s1", "vip") and [s.member for s in a.skipped] == ["s3"]
    overflow = {**inside(), "overflow": {"cursor": None, "members": [member("o1")]}}
    overflow["inside"]["members"] = [member("u1", away=True)]
    assert engine.assign(WEB, overflow).pool == "overflow"


# --- inputs: records, mappings, now ----------------------------------------


@dataclasses.dataclass
class Member:
    id: str
    org: str
    role: str
    away: bool = False
    open_leads: int = 0
    capacity: Optional[int] = None
    _session: Any = dataclasses.field(default_factory=object)  # private: not read


@dataclasses.dataclass
class Pool:
    members: List[Member]
    cursor: Optional[str] = None


MemberTuple = collections.namedtuple("MemberTuple", "id org role away")


def test_members_pools_and_leads_as_host_records(engine: leadrules.Engine) -> None:
    expected = engine.assign(WEB, inside()).to_dict()
    records = [Member(m["id"], m["org"], m["role"], m.get("away", False), m.get("open_leads", 0),
                      m.get("capacity")) for m in inside()["inside"]["members"]]
    assert engine.assign(WEB, {"inside": {"cursor": "u2", "members": records}}).to_dict() == expected
    assert engine.assign(WEB, {"inside": Pool(records, "u2")}).to_dict() == expected
    lead = types.SimpleNamespace(id="L9", org="north", fields={"source": "web"})
    mapping = types.MappingProxyType({"inside": Pool(records, "u2")})
    assert engine.assign(lead, mapping).to_dict() == expected
    tuples = [MemberTuple("u1", "north", "professional", True), MemberTuple("u2", "north", "professional", False)]
    assert engine.assign(WEB, {"inside": Pool(tuples)}).assignee == "u2"  # type: ignore[arg-type]
    # A member's own public fields are strict: one of no JSON form is an error at its path.
    odd = types.SimpleNamespace(id="u1", org="north", role="professional", away=object())
    with pytest.raises(leadrules.RequestError) as raised:
        engine.assign(WEB, {"inside": {"members": [odd]}})
    assert raised.value.path == "pools.inside.members[0].away"


def test_now_is_an_aware_datetime_or_text(engine: leadrules.Engine) -> None:
    aware = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.timezone.utc)
    assert engine.assign(WEB, inside(), now=aware) == engine.assign(WEB, inside(), now="2026-12-07T09:30:00Z")
    many = engine.assign_many([WEB], inside(), now=aware)
    assert many[0] == engine.assign(WEB, inside())
    for call in (lambda: engine.assign(WEB, inside(), now=dt.datetime(2026, 12, 7, 9, 30)),
                 lambda: engine.assign_many([WEB], inside(), now=dt.datetime(2026, 12, 7, 9, 30))):
        with pytest.raises(leadrules.RequestError) as raised:
            call()
        assert (raised.value.code, raised.value.path) == (ErrorCode.INVALID_TIMESTAMP, "now")


# --- errors at their paths --------------------------------------------------


@pytest.mark.parametrize(
    ("lead", "pools", "code", "path"),
    [
        ({"id": "L1", "org": "nowhere"}, inside(), ErrorCode.UNKNOWN_ORG, "lead.org"),
        ({"org": "north"}, inside(), ErrorCode.INVALID_REQUEST, "lead.id"),
        (WEB, {"inside": {"members": [member("u1"), member("u1")]}}, ErrorCode.INVALID_REQUEST,
         "pools.inside.members[1].id"),
        (WEB, {"inside": {"members": [member("u1", open_leads=-1)]}}, ErrorCode.INVALID_REQUEST,
         "pools.inside.members[0].open_leads"),
        (WEB, {"inside": {"members": [member("u1", weight=1.5)]}}, ErrorCode.INVALID_REQUEST,
         "pools.inside.members[0].weight"),
        (WEB, {"inside": {"members": [member("u1", role="pilot")]}}, ErrorCode.UNKNOWN_ROLE,
         "pools.inside.members[0].role"),
        (WEB, {"inside": {"members": [member("u1", calendar="office")]}}, ErrorCode.UNKNOWN_CALENDAR,
         "pools.inside.members[0].calendar"),
        (WEB, {"inside": {"members": [member("u1", accepts=[{"field": "x", "in": "IN"}])]}},
         ErrorCode.INVALID_REQUEST, "pools.inside.members[0].accepts[0].in"),
        (WEB, {"inside": {"members": "u1"}}, ErrorCode.INVALID_REQUEST, "pools.inside.members"),
        (WEB, [], ErrorCode.INVALID_REQUEST, "pools"),
        (WEB, {"inside": {"members": [member("u1", away={1, 2})]}}, ErrorCode.INVALID_REQUEST,
         "pools.inside.members[0].away"),
    ],
)
def test_bad_input_is_an_error_at_its_path(
    engine: leadrules.Engine, lead: Any, pools: Any, code: ErrorCode, path: str
) -> None:
    with pytest.raises(leadrules.RequestError) as raised:
        engine.assign(lead, pools)
    assert (raised.value.code, raised.value.path) == (code, path)
    # The same error as the protocol's, where the request is JSON.
    try:
        expected = engine.decide({"kind": "assign", "lead": lead, "pools": pools})
    except leadrules.RequestError as error:
        assert (error.code, error.path, error.message) == (code, path, raised.value.message)
    else:
        pytest.fail(f"decide answered {expected}")


def test_a_batch_s_errors_name_the_lead(engine: leadrules.Engine) -> None:
    with pytest.raises(leadrules.RequestError) as raised:
        engine.assign_many([WEB, WEB], inside())
    assert (raised.value.code, raised.value.path) == (ErrorCode.INVALID_REQUEST, "leads[1].id")
    with pytest.raises(leadrules.RequestError) as raised:
        engine.assign_many(WEB, inside())
    assert raised.value.path == "leads"


# --- the answer object ------------------------------------------------------


def test_assignments_compare_hash_pickle_and_show(engine: leadrules.Engine) -> None:
    a, b = engine.assign(WEB, inside()), engine.assign(WEB, inside())
    assert a == b and hash(a) == hash(b) and a != engine.assign(WEB, inside("u5"))
    assert len({a, b}) == 1
    loaded = pickle.loads(pickle.dumps(a))
    assert loaded == a and loaded.to_dict() == a.to_dict() and loaded.skipped == a.skipped
    assert repr(a) == "<Assignment assignee='u5' rule='web' pool='inside' skipped=2>"
    denied = engine.assign(WEB, {"inside": {"members": []}})
    assert repr(denied) == "<Assignment denied reasons=['no_eligible_member'] rule='web' skipped=0>"
    assert pickle.loads(pickle.dumps(denied)) == denied
    skip = a.skipped[0]
    assert isinstance(skip, leadrules.Skipped) and pickle.loads(pickle.dumps(skip)) == skip
    assert skip.to_dict() == {"member": "u3", "pool": "inside",
                              "reasons": [{"code": "away", "message": skip.reasons[0].message}]}
    with pytest.raises(TypeError):
        skip["member"] = "u1"  # type: ignore[index]


def test_every_read_is_fresh(engine: leadrules.Engine) -> None:
    a = engine.assign(WEB, inside())
    a.effects.clear()
    a.to_dict()["skipped"].clear()
    assert len(a.effects) == 3 and len(a.to_dict()["skipped"]) == 2


@pytest.mark.parametrize(
    "text",
    ["[]", "{}", '{"allowed": true}', "not json",
     '{"allowed": true, "reasons": [], "effects": [], "rule": null, "pool": null, "assignee": null, "skipped": []}',
     '{"allowed": false, "reasons": [{"code": "no_such_code"}], "effects": [], "rule": null, "pool": null, '
     '"assignee": null, "skipped": []}'],
)
def test_text_that_is_no_assignment_does_not_load(text: str) -> None:
    with pytest.raises(ValueError, match="not the response text of an assignment"):
        Assignment._from_response(text)


# --- change_owner -----------------------------------------------------------

ACTOR = {"id": "u1", "org": "north", "role": "professional"}
TO = {"id": "u7", "org": "north", "role": "professional"}


def test_change_owner_is_a_decision(engine: leadrules.Engine) -> None:
    lead = {"id": "L1", "org": "north", "owner": "u1"}
    d = engine.change_owner(ACTOR, lead, TO)
    assert isinstance(d, leadrules.Decision) and d
    assert [(e.kind, e.get("user")) for e in d.effects] == [
        (EffectKind.SET_OWNER, None), (EffectKind.NOTIFY, "u7"), (EffectKind.NOTIFY, "u1")]
    request = {"kind": "change_owner", "actor": ACTOR, "lead": lead, "to": TO}
    assert d.to_dict() == engine.decide(request)
    assert pickle.loads(pickle.dumps(d)) == d
    same = engine.change_owner(ACTOR, lead, {**TO, "id": "u1"})
    assert same.codes == [DenialCode.SAME_OWNER]
    unlicensed = engine.change_owner(ACTOR, lead, {**TO, "org": "south", "role": "basic"})
    assert unlicensed.codes == [DenialCode.ASSIGNEE_OUTSIDE_ORG, DenialCode.ASSIGNEE_NOT_LICENSED]
    with pytest.raises(leadrules.UnknownReferenceError) as raised:
        engine.change_owner(ACTOR, lead, {**TO, "role": "pilot"})
    assert raised.value.path == "to.role"


def test_the_new_codes_are_str_enums() -> None:
    for code in ("no_rule_matched", "no_eligible_member", "inactive", "away", "off_shift", "at_capacity",
                 "not_licensed", "member_outside_org", "zero_weight", "not_accepted", "assignee_not_licensed",
                 "same_owner"):
        assert DenialCode(code) == code and isinstance(DenialCode(code), str)
    assert EffectKind("advance_cursor") is EffectKind.ADVANCE_CURSOR and EffectKind.SET_OWNER == "set_owner"
    assert ErrorCode("unknown_calendar") is ErrorCode.UNKNOWN_CALENDAR


def test_an_engine_that_warns_keeps_the_warnings_in_the_answer() -> None:
    warning = leadrules.Engine(CONFIG, unknown_keys="warn")
    pools = {"inside": {"cusor": "u2", "members": [member("u1", capacty=3)]}}
    request = {"kind": "assign", "lead": WEB, "pools": pools}
    with pytest.warns(leadrules.UnknownKeyWarning) as warned:
        a = warning.assign(WEB, pools)
        batch = warning.assign_many([WEB], pools)
    assert [str(w.message.path) for w in warned] == ["pools.inside.cusor", "pools.inside.members[0].capacty"] * 2
    with pytest.warns(leadrules.UnknownKeyWarning):
        assert a.to_dict() == warning.decide(request)
        assert batch.to_dict() == warning.decide({"kind": "assign", "leads": [WEB], "pools": pools})
    assert [w["path"] for w in a.to_dict()["warnings"]] == ["pools.inside.cusor", "pools.inside.members[0].capacty"]
    assert pickle.loads(pickle.dumps(a)) == a and pickle.loads(pickle.dumps(batch)) == batch
    assert pickle.loads(pickle.dumps(batch)).to_dict() == batch.to_dict()
