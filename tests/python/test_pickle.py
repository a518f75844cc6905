"""Pickling (docs/python.md#pickling): engines, decisions, targets and the
records of an answer round-trip to equal objects, also across `multiprocessing`
workers started with `spawn` (a fresh interpreter: nothing is shared but the
pickles)."""

import copy
import datetime as dt
import gc
import json
import multiprocessing
import pickle
import sys
from typing import Any, Dict, List, Tuple

import pytest

import leadrules
import pool_workers
from conftest import TREE

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
PARTNER = {"id": "p7", "org": "acme", "role": "manager"}
OFFER = {"id": "L9", "stage": "pending", "partner": "acme", "source": "vendor",
         "created_at": dt.datetime(2026, 11, 20, 9, tzinfo=UTC)}
ACTOR = {"id": "u1", "org": "north", "role": "professional"}
LEAD = {"id": "L1", "org": "north", "owner": "u1"}

#: (method, args, kwargs): every kind of answer, allowed and denied.
QUESTIONS: List[Tuple[str, Tuple[Any, ...], Dict[str, Any]]] = [
    ("can_handover", (ACTOR, LEAD, "hq"), {}),
    ("can_handover", (ACTOR, LEAD, "south"), {}),
    ("can_cross_silo", (ACTOR, LEAD, "south"), {}),
    ("can_handover", ({"id": "b", "org": "south", "role": "basic"}, LEAD, "north"), {}),
    ("targets", (ACTOR, LEAD), {}),
    ("can_create", ({"id": "b1", "org": "north", "role": "basic"}, {"handover_to_sales": True}), {}),
    ("can_edit", ({"id": "b1", "org": "north", "role": "basic"},
                  {"id": "L2", "org": "north", "creator": "b1", "handed_over_to_sales": True}), {}),
    ("can_link", ({"id": "s1", "org": "hq", "role": "super_user"},
                  {"id": "A", "project": "P", "status": "interested", "owner": "m1"},
                  {"id": "B", "project": "P", "status": "claimed", "owner": "m2",
                   "events": [{"id": "e1", "at": "2026-11-24T09:00:00Z"}]}), {"owner": "m1", "now": NOW}),
    ("transition", (PARTNER, OFFER, "accept"), {"workflow": "partner_lead", "now": NOW}),
    ("transition", (PARTNER, OFFER, "accept"), {"workflow": "partner_lead", "now": NOW + dt.timedelta(days=9)}),
    ("transition", ({"id": "m1", "org": "hq", "role": "manager"}, {"id": "C1", "stage": "handoff_to_sales"},
                    "proceed_to_handoff"),
     {"workflow": "creatio_lead", "now": NOW,
      "fields": {"need_type": "new_equipment", "budget": 25000.5, "sales_owner": "u7", "sales_division": "direct",
                 "meeting_at": NOW, "decision_at": NOW, "notes": "ünïcode ✓"}}),
    ("transition", (ACTOR, {"id": "L", "stage": "new"}, "prev"), {"workflow": "leadx_pipeline"}),
    ("actions", (PARTNER, OFFER), {"workflow": "partner_lead", "now": NOW}),
    ("expiry", (OFFER,), {"workflow": "partner_lead", "now": NOW}),
    ("sweep", ([OFFER],), {"workflow": "partner_lead", "now": NOW}),
    ("can_handover", (ACTOR, LEAD, "mars"), {}),
]


def local_answers(engine: leadrules.Engine) -> List[Any]:
    return pool_workers.ask(engine, QUESTIONS)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, leadrules.Error):
        return type(a) is type(b) and (a.code, a.message, a.path) == (b.code, b.message, b.path)
    return bool(a == b)


@pytest.fixture(scope="module")
def pool() -> Any:
    with multiprocessing.get_context("spawn").Pool(2) as workers:
        yield workers


def test_every_answer_pickles_to_an_equal_one(engine: leadrules.Engine) -> None:
    for answer in local_answers(engine):
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            clone = pickle.loads(pickle.dumps(answer, protocol=protocol))
            assert same(clone, answer) and type(clone) is type(answer), answer
            if isinstance(answer, (leadrules.Decision, leadrules.Targets)):
                assert hash(clone) == hash(answer) and repr(clone) == repr(answer)
                assert clone.to_dict() == answer.to_dict()
        assert same(copy.deepcopy(answer), answer) and same(copy.copy(answer), answer)


def test_an_unpickled_decision_reads_as_the_original(engine: leadrules.Engine) -> None:
    for answer in local_answers(engine):
        if not isinstance(answer, leadrules.Decision):
            continue
        clone = pickle.loads(pickle.dumps(answer))
        assert clone == answer and clone.to_dict() == answer.to_dict()
        assert list(clone.to_dict()) == list(answer.to_dict())  # key order too
        assert (clone.allowed, clone.codes, clone.route) == (answer.allowed, answer.codes, answer.route)
        assert (clone.from_stage, clone.to_stage) == (answer.from_stage, answer.to_stage)
        assert clone.reasons == answer.reasons and clone.effects == answer.effects
        assert all(type(c) is leadrules.DenialCode for c in clone.codes)
        assert clone.route is None or type(clone.route) is leadrules.Route
        assert [type(r) for r in clone.reasons] == [leadrules.Reason] * len(clone.reasons)
        assert [type(e) for e in clone.effects] == [leadrules.Effect] * len(clone.effects)
        # Fresh objects on every read, as the original's.
        clone.to_dict()["allowed"] = "changed"
        assert clone.to_dict() == answer.to_dict()


def test_a_pickle_needs_no_engine(engine: leadrules.Engine) -> None:
    decision = engine.can_handover(ACTOR, LEAD, "hq")
    data = pickle.dumps(decision)
    assert b"Engine" not in data and b"orgs" not in data
    assert pickle.loads(data) == leadrules.Engine(TREE).can_handover(ACTOR, LEAD, "hq")


SAME_ORG = {"code": "same_org", "message": "the lead is already held by the target org", "org": "north"}
TRANSFER = {"kind": "transfer", "lead": "L1", "from": "north", "to": "hq"}


@pytest.mark.parametrize("response, problem", [
    ("not json", "not JSON"),
    ([], "not a JSON object"),
    ({}, "`allowed` is not a boolean"),
    ({"allowed": 1, "reasons": [], "effects": []}, "`allowed` is not a boolean"),
    ({"allowed": True, "effects": []}, "`reasons` is not a list"),
    ({"allowed": True, "reasons": [], "effects": {}}, "`effects` is not a list"),
    ({"allowed": True, "reasons": [], "effects": [], "extra": 1}, "unknown key `extra`"),
    # Contradictions: allowed exactly when there is no reason, no plan on a denial.
    ({"allowed": True, "reasons": [SAME_ORG], "effects": []}, "an allowed decision has reasons"),
    ({"allowed": False, "reasons": [], "effects": []}, "a denial has no reason"),
    ({"allowed": False, "reasons": [SAME_ORG], "effects": [TRANSFER]}, "a denial has effects"),
    # Reasons as core renders them.
    ({"allowed": False, "reasons": [{"code": "nope", "message": ""}], "effects": []},
     "reasons[0]: `nope` is no denial code"),
    ({"allowed": False, "reasons": [{"code": "same_org"}], "effects": []}, "reasons[0]: `message` is not a string"),
    ({"allowed": False, "reasons": [{"code": "same_org", "message": 1}], "effects": []},
     "reasons[0]: `message` is not a string"),
    ({"allowed": False, "reasons": [{"message": "m"}], "effects": []}, "reasons[0]: `code` is not a string"),
    ({"allowed": False, "reasons": ["same_org"], "effects": []}, "reasons[0]: not an object"),
    ({"allowed": False, "reasons": [{**SAME_ORG, "org": 5}], "effects": []}, "reasons[0]: `org` is not a string"),
    ({"allowed": False, "reasons": [{**SAME_ORG, "why": "x"}], "effects": []}, "reasons[0]: unknown key `why`"),
    ({"allowed": False, "reasons": [{**SAME_ORG, "lead": "L1"}], "effects": []},
     "reasons[0]: more than one detail key"),
    # Effects of known kinds; a known route; stages as text.
    ({"allowed": True, "reasons": [], "effects": [{"kind": "fly"}]}, "effects[0]: `fly` is no effect kind"),
    ({"allowed": True, "reasons": [], "effects": [{"lead": "L1"}]}, "effects[0]: `kind` is not a string"),
    ({"allowed": True, "reasons": [], "effects": [], "route": "teleport"}, "`teleport` is no route"),
    ({"allowed": True, "reasons": [], "effects": [], "route": 1}, "`route` is not a string"),
    ({"allowed": True, "reasons": [], "effects": [], "from": None}, "`from` is not a string"),
    ({"allowed": True, "reasons": [], "effects": [], "to": "won"}, "`to` without `from`"),
    ({"allowed": True, "reasons": [], "effects": [], "from": "new", "to": 3}, "`to` is not a string"),
    ({"allowed": True, "reasons": [], "effects": [], "route": None, "from": "new"}, "both `route` and `from`"),
    ('{"allowed": true, "allowed": false, "reasons": [], "effects": []}',
     "allowed: this key appears twice in its object"),
])
def test_only_a_decision_core_could_give_unpickles(response: Any, problem: str) -> None:
    text = response if isinstance(response, str) else json.dumps(response)
    with pytest.raises(ValueError) as info:
        leadrules.Decision._from_response(text)
    assert str(info.value).startswith("not the response text of a decision: ")
    assert problem in str(info.value)


def test_a_contradictory_pickle_is_refused_on_load(engine: leadrules.Engine) -> None:
    data = pickle.dumps(engine.can_handover(ACTOR, LEAD, "hq"))
    (text,) = pickle.loads(data).__reduce__()[1]
    forged = data.replace(text.encode(), json.dumps({"allowed": True, "reasons": [SAME_ORG], "effects": []},
                                                    separators=(",", ":")).ljust(len(text)).encode())
    with pytest.raises(ValueError, match="an allowed decision has reasons"):
        pickle.loads(forged)
    # What core answers loads, denials and transitions included.
    for response in ({"allowed": False, "reasons": [SAME_ORG], "effects": [], "route": None},
                     {"allowed": True, "reasons": [], "effects": [TRANSFER], "route": "handover"},
                     {"allowed": True, "reasons": [], "effects": [], "from": "new", "to": None}):
        decision = leadrules.Decision._from_response(json.dumps(response))
        assert decision.to_dict() == response and decision.reasons == response["reasons"]


def test_a_message_of_another_version_loads_as_this_versions() -> None:
    # A reason's message is prose that may change between versions: the
    # code is kept, and the decision reads with this version's message.
    old = {"allowed": False, "reasons": [{**SAME_ORG, "message": "said otherwise once"}], "effects": [],
           "route": None}
    decision = leadrules.Decision._from_response(json.dumps(old))
    assert decision.reasons == [SAME_ORG] and decision.codes == ["same_org"]


def test_a_decision_outlives_its_engine() -> None:
    # A decision holds its answer, not its engine: the engine's last
    # reference goes, and every part of the decision still reads.
    engine = leadrules.Engine(TREE)
    references = sys.getrefcount(engine)
    allowed = engine.can_handover(ACTOR, LEAD, "hq")
    denied = engine.transition(ACTOR, {"id": "L", "stage": "new"}, "prev", workflow="leadx_pipeline")
    assert sys.getrefcount(engine) == references
    expected = [(d.to_dict(), [dict(r) for r in d.reasons], [dict(e) for e in d.effects]) for d in (allowed, denied)]
    del engine
    gc.collect()
    assert [(d.to_dict(), d.reasons, d.effects) for d in (allowed, denied)] == expected
    assert (denied.from_stage, denied.to_stage, denied.codes) == ("new", None, ["illegal_transition"])
    assert pickle.loads(pickle.dumps(allowed)) == allowed and allowed.route == "handover"


def test_targets_are_built_and_pickled_by_their_lists() -> None:
    targets = leadrules.Targets(["hq"], ("n1",))
    assert targets.to_dict() == {"handover": ["hq"], "cross_silo": ["n1"]}
    assert pickle.loads(pickle.dumps(targets)) == targets
    with pytest.raises(TypeError):
        leadrules.Targets("hq", [])  # type: ignore[arg-type]


def test_answers_from_spawned_workers_equal_local_ones(engine: leadrules.Engine, pool: Any) -> None:
    expected = local_answers(engine)
    # The engine goes to each worker as a pickle; the answers come back so.
    for answers in pool.starmap(pool_workers.ask, [(engine, QUESTIONS)] * 2):
        assert len(answers) == len(expected)
        for got, want in zip(answers, expected):
            assert same(got, want) and type(got) is type(want), want
            if isinstance(want, leadrules.Decision):
                assert hash(got) == hash(want) and got.reasons == want.reasons and got.effects == want.effects


def test_decisions_and_records_read_alike_in_a_worker(engine: leadrules.Engine, pool: Any) -> None:
    decisions = [a for a in local_answers(engine) if isinstance(a, leadrules.Decision)]
    for decision, seen in zip(decisions, pool.map(pool_workers.read, decisions)):
        assert seen["self"] == decision
        assert seen["bool"] is bool(decision) and seen["allowed"] is decision.allowed
        assert seen["codes"] == decision.codes and seen["route"] == decision.route
        assert seen["reasons"] == decision.reasons and seen["effects"] == decision.effects
        assert [type(r) for r in seen["reasons"]] == [type(r) for r in decision.reasons]
        assert seen["stages"] == (decision.from_stage, decision.to_stage)
        assert seen["dict"] == decision.to_dict() and seen["repr"] == repr(decision)
        assert seen["hash"] == hash(decision)  # the same in every process
    records = [r for d in decisions for r in d.reasons + d.effects]
    assert pool.map(copy.copy, records) == records
