"""Prepared facts (`Engine.actor`, `Engine.lead`, `Engine.workflow_lead`)
answer every conformance vector of the questions that take them exactly as
the records do: each vector's actor and lead (and change of owner's `to`)
are prepared, and the typed call asked with the handles (and once more
with a handle and a record mixed) must answer what it answers for the
records. Where preparing fails, the error is the record path's (same
class, code and message; the path the record path gives, rooted at the
handle's own argument instead of the request's key for change of owner's
`to`). A handle of another engine is `foreign_handle` at the argument's
path; handles are immutable, hashable, thread-safe and not picklable."""

import copy
import datetime as dt
import pickle
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

import leadrules
from test_conformance import CASES
from test_typed_conformance import ENVELOPE, as_datetimes
from typed_calls import protocol_answer, typed_call

#: The kinds whose typed calls take prepared facts.
KINDS = ("handover", "cross_silo", "targets", "edit", "change_owner", "transition", "actions")

#: Vectors whose first error differs through handles, by design: a handle
#: reports its record's own errors when it is prepared, the question its
#: cross-field checks when asked (docs/choices.md, "Prepared facts: the
#: first error"). The core's list (core/tests/conformance_prepared.rs,
#: `ORDER_DIFFERS`), and one more: a Python host prepares its actor before
#: it passes `now` to the question, where core's harness reads `now` first.
FIRST_ERROR_DIFFERS = frozenset(
    (
        "actor_org_unknown_in_empty_directory",
        "order_actor_org_unknown_before_lead_org_unknown",
        "order_actor_org_unknown_before_role_unknown",
        "partner_error_missing_now_before_unknown_role",
        "partner_error_missing_source_before_unknown_template",
        # Python only: `now` (bad) is read by the question, after the actor
        # (unknown role) was prepared.
        "leadx_error_bad_now_before_unknown_role",
    )
)

Case = Tuple[str, Any, Dict[str, Any]]


def prepared_cases() -> List[Case]:
    return [
        case
        for case in CASES
        if isinstance(case[2].get("request"), dict) and case[2]["request"].get("kind") in KINDS
    ]


def engine_for(config: Any) -> leadrules.Engine:
    try:
        return leadrules.Engine(config)
    except leadrules.ConfigError:
        pytest.skip("the vector is about its config")


def error_of(call: Callable[[], Any]) -> Optional[Tuple[type, str, str, str]]:
    try:
        call()
    except leadrules.Error as error:
        return (type(error), str(error.code), error.path, error.message)
    return None


def rooted(path: str, root: str, at: str) -> str:
    """`path` (rooted at `root`) rooted at `at` instead."""
    return at + path[len(root):] if path == root or path.startswith(root + ".") else path


def without_warnings(answer: Any) -> Dict[str, Any]:
    """A handle's unknown keys are warned when it is prepared, not by the
    question: the answers compare without them."""
    return {k: v for k, v in answer.items() if k != "warnings"}


def keyed(config: Any, request: Dict[str, Any]) -> bool:
    """Whether a warning engine finds a key of `request` unknown."""
    asked = {key: value for key, value in request.items() if key in ENVELOPE}
    try:
        answer = leadrules.Engine(config, unknown_keys="warn").decide(asked)
    except leadrules.Error:
        return False
    return bool(answer.get("warnings"))


def answer_of(call: Callable[[], Any]) -> Dict[str, Any]:
    """`protocol_answer`, and `actions`' list as its response object."""
    try:
        listed = call()
    except leadrules.Error:
        listed = None
    if isinstance(listed, list):
        return {"actions": listed}
    return protocol_answer(call)


def ask_with(engine: leadrules.Engine, request: Dict[str, Any], facts: Dict[str, Any]) -> Dict[str, Any]:
    """The typed call of `request` with some facts replaced (handles)."""
    replaced = {**request, **facts}
    call = typed_call(engine, replaced)
    assert call is not None
    return without_warnings(answer_of(call))


@pytest.mark.filterwarnings("ignore::leadrules.UnknownKeyWarning")
@pytest.mark.parametrize("name,config,case", prepared_cases(), ids=lambda c: c if isinstance(c, str) else "")
def test_handles_answer_as_records(name: str, config: Any, case: Dict[str, Any]) -> None:
    engine = engine_for(config)
    for request in (case["request"], as_datetimes(case["request"])):
        call = typed_call(engine, request)
        if call is None:
            continue
        expected = without_warnings(answer_of(call))
        if keyed(config, request):
            # Unknown keys are a request's, not a fact's: counted, not
            # compared (as core's harness does).
            continue
        kind = request["kind"]
        # Each fact prepared in the order the record path reads them.
        preparers: List[Tuple[str, str, Callable[[], Any]]] = [
            ("actor", "actor", lambda: engine.actor(request["actor"])),
        ]
        if kind in ("transition", "actions"):
            workflow = request["workflow"]
            preparers.append(
                ("lead", "lead", lambda: engine.workflow_lead(request["lead"], workflow=workflow))
            )
        else:
            preparers.append(("lead", "lead", lambda: engine.lead(request["lead"])))
        if kind == "change_owner":
            preparers.append(("to", "actor", lambda: engine.actor(request["to"])))
        handles: Dict[str, Any] = {}
        for key, root, prepare in preparers:
            failed = error_of(prepare)
            if failed is not None:
                if name in FIRST_ERROR_DIFFERS:
                    break
                assert "error" in expected, (name, key, failed)
                cls, code, path, message = failed
                assert (code, rooted(path, root, key)) == (
                    expected["error"]["code"],
                    expected["error"]["path"],
                ), name
                assert cls is error_of(call)[0], name  # type: ignore[index]
                break
            handles[key] = prepare()
        else:
            answered = ask_with(engine, request, handles)
            if name not in FIRST_ERROR_DIFFERS:
                assert answered == expected, name
            if "error" in answered:
                continue
            # A handle and a record mixed answer the same.
            for key in handles:
                assert ask_with(engine, request, {key: handles[key]}) == expected, (name, key)


def test_every_kind_is_asked_through_handles() -> None:
    asked: Dict[str, int] = {}
    for _, config, case in prepared_cases():
        try:
            engine = leadrules.Engine(config)
        except leadrules.ConfigError:
            continue
        if typed_call(engine, case["request"]) is not None:
            kind = case["request"]["kind"]
            asked[kind] = asked.get(kind, 0) + 1
    assert set(asked) == set(KINDS), asked
    assert asked["transition"] >= 400 and asked["actions"] >= 40, asked


# --- handles ----------------------------------------------------------------

ACTOR = {"id": "u1", "org": "north", "role": "professional"}
LEAD = {"id": "L1", "org": "north", "owner": "u1"}
PARTNER = {"id": "p7", "org": "acme", "role": "manager"}
OFFER = {"id": "P1", "stage": "pending", "partner": "acme", "source": "vendor",
         "created_at": "2026-11-20T09:30:00Z"}
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone.utc)


def test_handles_show_their_facts(engine: leadrules.Engine) -> None:
    actor = engine.actor(ACTOR)
    assert (actor.id, actor.org, actor.role) == ("u1", "north", "professional")
    assert "u1" in repr(actor)
    lead = engine.lead(LEAD)
    assert (lead.id, lead.org, lead.owner) == ("L1", "north", "u1")
    assert "L1" in repr(lead)
    offer = engine.workflow_lead(OFFER, workflow="partner_lead")
    assert (offer.id, offer.workflow, offer.stage) == ("P1", "partner_lead", "pending")
    assert "P1" in repr(offer)
    # A workflow actor's org need not be an org of the directory.
    assert engine.actor(PARTNER).org == "acme"
    assert engine.actor({"id": "s", "role": "system"}).org is None


def test_handles_are_immutable(engine: leadrules.Engine) -> None:
    actor = engine.actor(ACTOR)
    with pytest.raises(AttributeError):
        actor.id = "u2"  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        actor.extra = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        type(actor)()  # no way to make one but preparing


def test_handles_are_equal_and_hashed_by_engine_and_content(engine: leadrules.Engine) -> None:
    a, b = engine.actor(ACTOR), engine.actor(dict(ACTOR))
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != engine.actor({**ACTOR, "id": "u2"})
    other = leadrules.Engine(engine_config(engine))
    assert a != other.actor(ACTOR)
    assert engine.lead(LEAD) == engine.lead(LEAD) and hash(engine.lead(LEAD)) == hash(engine.lead(LEAD))
    offer = engine.workflow_lead(OFFER, workflow="partner_lead")
    assert offer == engine.workflow_lead(OFFER, workflow="partner_lead")
    assert hash(offer) == hash(engine.workflow_lead(OFFER, workflow="partner_lead"))
    assert a != LEAD and offer != a


def engine_config(engine: leadrules.Engine) -> Any:
    """The config an engine was built from (its pickle's argument)."""
    return engine.__reduce__()[1][0]


@pytest.mark.parametrize("make", ["actor", "lead", "workflow_lead"])
def test_handles_do_not_pickle(engine: leadrules.Engine, make: str) -> None:
    handle = {
        "actor": lambda: engine.actor(ACTOR),
        "lead": lambda: engine.lead(LEAD),
        "workflow_lead": lambda: engine.workflow_lead(OFFER, workflow="partner_lead"),
    }[make]()
    with pytest.raises(TypeError, match="prepare"):
        pickle.dumps(handle)
    # Immutable: a copy is the handle itself.
    assert copy.copy(handle) is handle and copy.deepcopy(handle) is handle


def test_preparing_reports_the_record_paths_errors(engine: leadrules.Engine) -> None:
    with pytest.raises(leadrules.UnknownReferenceError) as raised:
        engine.actor({"id": "u1", "org": "north", "role": "wizard"})
    assert (raised.value.code, raised.value.path) == ("unknown_role", "actor.role")
    with pytest.raises(leadrules.RequestError) as raised:
        engine.lead({"id": "L1"})
    assert raised.value.path == "lead.org"
    with pytest.raises(leadrules.RequestError) as raised:
        engine.lead("L1")
    assert raised.value.path == "lead"
    with pytest.raises(leadrules.UnknownReferenceError) as raised:
        engine.workflow_lead(OFFER, workflow="nope")
    assert raised.value.path == "workflow"
    with pytest.raises(leadrules.RequestError) as raised:
        engine.workflow_lead({**OFFER, "stage": "nowhere"}, workflow="partner_lead")
    assert raised.value.path == "lead.stage"


def foreign(engine: leadrules.Engine) -> leadrules.Engine:
    """Another engine of the same config: unpickled, as another process
    would have it."""
    other = pickle.loads(pickle.dumps(engine))
    assert isinstance(other, leadrules.Engine)
    return other


def assert_foreign(call: Callable[[], Any], path: str) -> None:
    with pytest.raises(leadrules.RequestError) as raised:
        call()
    assert (raised.value.code, raised.value.path) == ("foreign_handle", path)
    assert "another engine" in raised.value.message


def test_a_handle_of_another_engine_is_refused(engine: leadrules.Engine) -> None:
    for other in (foreign(engine), leadrules.Engine(engine_config(engine))):
        actor, lead = engine.actor(ACTOR), engine.lead(LEAD)
        stray_actor, stray_lead = other.actor(ACTOR), other.lead(LEAD)
        assert_foreign(lambda: engine.can_handover(stray_actor, lead, "hq"), "actor")
        assert_foreign(lambda: engine.can_handover(actor, stray_lead, "hq"), "lead")
        assert_foreign(lambda: engine.can_handover(stray_actor, LEAD, "hq"), "actor")
        assert_foreign(lambda: engine.can_cross_silo(actor, stray_lead, "hq"), "lead")
        assert_foreign(lambda: engine.targets(actor, stray_lead), "lead")
        assert_foreign(lambda: engine.can_edit(stray_actor, lead), "actor")
        assert_foreign(lambda: engine.change_owner(actor, lead, stray_actor), "to")
        assert_foreign(lambda: engine.can_edit_many(actor, [lead, lead, stray_lead]), "leads[2]")
        assert_foreign(lambda: engine.targets_many(stray_actor, [lead]), "actor")


def test_a_workflow_handle_of_another_engine_is_refused(partner_engine: leadrules.Engine) -> None:
    engine = partner_engine
    other = foreign(engine)
    actor, offer = engine.actor(PARTNER), engine.workflow_lead(OFFER, workflow="partner_lead")
    stray = other.workflow_lead(OFFER, workflow="partner_lead")
    assert_foreign(lambda: engine.transition(actor, stray, "accept", now=NOW), "lead")
    assert_foreign(lambda: engine.transition(other.actor(PARTNER), offer, "accept", now=NOW), "actor")
    assert_foreign(lambda: engine.actions(actor, stray, now=NOW), "lead")
    assert_foreign(lambda: engine.actions_many(actor, [offer, offer, stray], now=NOW), "leads[2]")


@pytest.fixture(scope="module")
def partner_engine() -> leadrules.Engine:
    return leadrules.Engine({"orgs": [{"id": "hq", "parent": None, "handover": True}]})


def test_workflow_of_a_handle(partner_engine: leadrules.Engine) -> None:
    engine = partner_engine
    actor, offer = engine.actor(PARTNER), engine.workflow_lead(OFFER, workflow="partner_lead")
    record = engine.transition(PARTNER, OFFER, "accept", workflow="partner_lead", now=NOW)
    assert engine.transition(actor, offer, "accept", now=NOW) == record
    assert engine.transition(actor, offer, "accept", workflow="partner_lead", now=NOW) == record
    with pytest.raises(leadrules.RequestError) as raised:
        engine.transition(actor, offer, "accept", workflow="leadx_pipeline", now=NOW)
    assert (raised.value.code, raised.value.path) == ("invalid_request", "workflow")
    with pytest.raises(leadrules.RequestError) as raised:
        engine.actions(actor, offer, workflow="leadx_pipeline", now=NOW)
    assert (raised.value.code, raised.value.path) == ("invalid_request", "workflow")
    # A record left without its workflow is the record path's error, with
    # a handle beside it as without.
    mixed = error_of(lambda: engine.transition(actor, OFFER, "accept", now=NOW))  # type: ignore[call-overload]
    alone = error_of(lambda: engine.transition(PARTNER, OFFER, "accept", workflow=None, now=NOW))  # type: ignore[call-overload]
    assert mixed is not None and mixed == alone and mixed[2] == "workflow"


def test_handles_are_shared_by_threads(partner_engine: leadrules.Engine) -> None:
    engine = partner_engine
    actor, offer = engine.actor(PARTNER), engine.workflow_lead(OFFER, workflow="partner_lead")
    expected = engine.transition(PARTNER, OFFER, "accept", workflow="partner_lead", now=NOW).to_dict()
    expected_actions = engine.actions(PARTNER, OFFER, workflow="partner_lead", now=NOW)
    barrier = threading.Barrier(4)

    def work(_: int) -> bool:
        barrier.wait()
        for _ in range(300):
            if engine.transition(actor, offer, "accept", now=NOW).to_dict() != expected:
                return False
            if engine.actions(actor, offer, now=NOW) != expected_actions:
                return False
            grid = engine.actions_many(actor, [offer] * 8, now=NOW)
            if grid.allowed_actions(7) != [a["action"] for a in expected_actions if a["allowed"]]:
                return False
        return True

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(work, range(4)))


# --- the decision of handles -----------------------------------------------

READS: Tuple[Callable[[Any], Any], ...] = (
    lambda d: d.reasons,
    lambda d: d.codes,
    lambda d: d.effects,
    lambda d: d.route,
    lambda d: d.alternative,
    lambda d: d.from_stage,
    lambda d: d.to_stage,
    lambda d: d.to_dict(),
    lambda d: repr(d),
    lambda d: hash(d),
)


@pytest.mark.parametrize("first", range(len(READS)))
def test_a_decision_of_handles_reads_as_the_records(first: int) -> None:
    """A decision of handles keeps its question and takes its answer when
    first read: whatever is read first, every part is the record's, and it
    equals, hashes and pickles as the record's decision."""
    engine = leadrules.Engine({"orgs": [
        {"id": "hq", "handover": True, "cross_silo": True},
        {"id": "north", "parent": "hq", "handover": True},
        {"id": "south", "parent": "hq"},
    ]})
    partner = leadrules.Engine({"orgs": [{"id": "hq", "handover": True}]})
    actor, lead = engine.actor(ACTOR), engine.lead(LEAD)
    partner_actor = partner.actor(PARTNER)
    offer = partner.workflow_lead(OFFER, workflow="partner_lead")
    late = NOW + dt.timedelta(days=30)
    fields = {"reason": "no capacity"}
    asked: List[Tuple[Callable[[], Any], Callable[[], Any]]] = [
        (lambda: engine.can_handover(actor, lead, "hq"), lambda: engine.can_handover(ACTOR, LEAD, "hq")),
        (lambda: engine.can_handover(actor, lead, "south"), lambda: engine.can_handover(ACTOR, LEAD, "south")),
        (lambda: engine.can_cross_silo(actor, lead, "south"),
         lambda: engine.can_cross_silo(ACTOR, LEAD, "south")),
        (lambda: partner.transition(partner_actor, offer, "accept", now=NOW),
         lambda: partner.transition(PARTNER, OFFER, "accept", workflow="partner_lead", now=NOW)),
        (lambda: partner.transition(partner_actor, offer, "accept", now=late),
         lambda: partner.transition(PARTNER, OFFER, "accept", workflow="partner_lead", now=late)),
        (lambda: partner.transition(partner_actor, offer, "decline", fields=fields, now=NOW),
         lambda: partner.transition(PARTNER, OFFER, "decline", workflow="partner_lead", fields=fields,
                                    now=NOW)),
    ]
    for ask, ask_record in asked:
        record = ask_record()
        decision = ask()
        assert bool(decision) == decision.allowed == record.allowed
        assert READS[first](decision) == READS[first](record)
        for read in READS:
            assert read(decision) == read(record)
        assert decision == record and hash(decision) == hash(record)
        assert pickle.loads(pickle.dumps(ask())) == record


def test_a_decision_of_handles_outlives_them() -> None:
    """The decision holds its handles (and their engine) while it keeps
    its question: read after every other reference is gone, it answers."""
    engine = leadrules.Engine({"orgs": [{"id": "hq", "handover": True}, {"id": "north", "parent": "hq"}]})
    record = engine.can_handover(ACTOR, LEAD, "hq").to_dict()
    decision = engine.can_handover(engine.actor(ACTOR), engine.lead(LEAD), "hq")
    del engine
    import gc

    gc.collect()
    assert decision.to_dict() == record
