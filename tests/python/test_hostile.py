"""Hostile input from Python (RELIABILITY.md): wrong types in every argument,
None for required facts, naive datetimes, huge strings, deep nesting, and
many threads sharing one engine. Every bad call raises a
``leadrules.Error`` subclass (with a code and the path of the bad field)
or a ``TypeError`` with a message: never a crash, never an answer."""

import datetime
import json
import sys
import threading
from typing import Any, Callable, Dict, List, Tuple

import pytest

import leadrules

NOW = "2026-11-23T09:30:00Z"
ACTOR = {"id": "u1", "org": "north", "role": "professional"}
LEAD = {"id": "L1", "org": "north", "owner": "u1"}
PARTNER_LEAD = {
    "id": "L9",
    "stage": "pending",
    "partner": "acme",
    "source": "vendor",
    "created_at": "2026-11-20T09:00:00Z",
}
PARTNER = {"id": "p7", "org": "acme", "role": "manager"}

#: Values that are never a valid id, role, org or record.
WRONG = [1, 1.5, True, None, [], ["north"], b"north", object(), {"id": "north"}]


def _engine() -> leadrules.Engine:
    orgs = [
        {"id": "hq", "handover": True, "cross_silo": True},
        {"id": "north", "parent": "hq"},
        {"id": "south", "parent": "hq"},
        {"id": "acme"},
        {"id": "vendor"},
    ]
    return leadrules.Engine({"orgs": orgs})


ENGINE = _engine()


def _refused(call: Callable[[], object]) -> BaseException:
    """Runs `call`, which must raise a leadrules error or a TypeError with
    a message; returns what it raised."""
    with pytest.raises((leadrules.Error, TypeError)) as raised:
        call()
    assert str(raised.value), "an error without a message"
    if isinstance(raised.value, leadrules.Error):
        assert raised.value.code
    return raised.value


# Every typed call with one argument position replaced by a wrong value.
CALLS: List[Tuple[str, Callable[[Any], object]]] = [
    ("can_handover.actor", lambda v: ENGINE.can_handover(v, LEAD, "hq")),
    ("can_handover.lead", lambda v: ENGINE.can_handover(ACTOR, v, "hq")),
    ("can_handover.to", lambda v: ENGINE.can_handover(ACTOR, LEAD, v)),
    ("can_cross_silo.actor", lambda v: ENGINE.can_cross_silo(v, LEAD, "south")),
    ("can_cross_silo.to", lambda v: ENGINE.can_cross_silo(ACTOR, LEAD, v)),
    ("targets.lead", lambda v: ENGINE.targets(ACTOR, v)),
    ("can_edit.actor", lambda v: ENGINE.can_edit(v, LEAD)),
    ("can_create.lead", lambda v: ENGINE.can_create(ACTOR, v)),
    ("can_link.primary", lambda v: ENGINE.can_link(ACTOR, v, LEAD, owner="u1", now=NOW)),
    ("can_link.now", lambda v: ENGINE.can_link(ACTOR, LEAD, LEAD, owner="u1", now=v)),
    (
        "transition.lead",
        lambda v: ENGINE.transition(PARTNER, v, "accept", workflow="partner_lead", now=NOW),
    ),
    (
        "transition.action",
        lambda v: ENGINE.transition(PARTNER, PARTNER_LEAD, v, workflow="partner_lead", now=NOW),
    ),
    (
        "transition.workflow",
        lambda v: ENGINE.transition(PARTNER, PARTNER_LEAD, "accept", workflow=v, now=NOW),
    ),
    (
        "transition.now",
        lambda v: ENGINE.transition(PARTNER, PARTNER_LEAD, "accept", workflow="partner_lead", now=v),
    ),
    ("actions.actor", lambda v: ENGINE.actions(v, PARTNER_LEAD, workflow="partner_lead", now=NOW)),
    ("expiry.lead", lambda v: ENGINE.expiry(v, workflow="partner_lead", now=NOW)),
    ("expiry.now", lambda v: ENGINE.expiry(PARTNER_LEAD, workflow="partner_lead", now=v)),
    ("sweep.leads", lambda v: ENGINE.sweep([v], workflow="partner_lead", now=NOW)),
    ("decide", lambda v: ENGINE.decide(v)),
    ("engine", lambda v: leadrules.Engine(v) if v is not None else leadrules.Engine([])),
]


@pytest.mark.parametrize("value", WRONG, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("call", [c for _, c in CALLS], ids=[n for n, _ in CALLS])
def test_wrong_types_are_refused(call: Callable[[Any], object], value: Any) -> None:
    # A dict where a dict is wanted may be a valid record with an unknown
    # id; everything else must be refused.
    try:
        answer = call(value)
    except (leadrules.Error, TypeError) as error:
        assert str(error)
        return
    assert isinstance(value, dict), f"{value!r} was answered: {answer!r}"


@pytest.mark.parametrize(
    "field, value",
    [("id", 7), ("org", 3), ("role", None), ("id", None), ("org", ["north"]), ("role", 1.0)],
)
def test_a_wrong_actor_field_names_its_path(field: str, value: Any) -> None:
    for call in (
        lambda a: ENGINE.can_handover(a, LEAD, "hq"),
        lambda a: ENGINE.decide({"kind": "handover", "actor": a, "lead": LEAD, "to": "hq"}),
    ):
        error = _refused(lambda: call({**ACTOR, field: value}))
        assert isinstance(error, leadrules.Error)
        assert error.path == f"actor.{field}"


def test_ids_are_never_coerced_from_numbers() -> None:
    # An int id that would print as a known org is still not that org.
    engine = leadrules.Engine({"orgs": [{"id": "1", "handover": True}, {"id": "2", "parent": "1"}]})
    actor = {"id": "u1", "org": "2", "role": "professional"}
    assert engine.can_handover(actor, {"id": "L", "org": "2", "owner": "u1"}, "1")
    error = _refused(lambda: engine.can_handover(actor, {"id": "L", "org": 2, "owner": "u1"}, "1"))
    assert isinstance(error, leadrules.Error) and error.path == "lead.org"
    _refused(lambda: engine.can_handover(actor, {"id": "L", "org": "2", "owner": "u1"}, 1))  # type: ignore[arg-type]


@pytest.mark.parametrize("where", ["now", "lead.created_at", "lead.expires_at"])
def test_naive_datetimes_are_refused_with_their_path(where: str) -> None:
    naive = datetime.datetime(2026, 11, 23, 9, 30)
    lead = dict(PARTNER_LEAD)
    now: Any = NOW
    if where == "now":
        now = naive
    else:
        lead[where.split(".")[1]] = naive
    for call in (
        lambda: ENGINE.transition(PARTNER, lead, "accept", workflow="partner_lead", now=now),
        lambda: ENGINE.expiry(lead, workflow="partner_lead", now=now),
        lambda: ENGINE.decide(
            {"kind": "transition", "workflow": "partner_lead", "action": "accept", "now": now,
             "actor": PARTNER, "lead": lead}
        ),
    ):
        error = _refused(call)
        assert isinstance(error, leadrules.Error)
        assert error.code == "invalid_timestamp"
        assert error.path == where


@pytest.mark.parametrize("field", ["id", "org", "owner"])
def test_none_for_a_required_fact_is_refused(field: str) -> None:
    lead = {**LEAD, field: None}
    if field == "owner":
        # An owner may be absent: null means unowned, and is answered.
        assert ENGINE.can_handover(ACTOR, lead, "hq").codes == ["not_lead_owner"]
        return
    error = _refused(lambda: ENGINE.can_handover(ACTOR, lead, "hq"))
    assert isinstance(error, leadrules.Error) and error.path == f"lead.{field}"


def test_huge_strings_are_answered_or_refused_not_crashed() -> None:
    large = "x" * 1_000_000
    # A large id is just an id nobody has...
    error = _refused(lambda: ENGINE.can_handover(ACTOR, LEAD, large))
    assert isinstance(error, leadrules.UnknownReferenceError)
    assert len(str(error)) < 1000, "the message quotes at most a little of the input"
    decision = ENGINE.can_handover({**ACTOR, "id": large}, {**LEAD, "owner": large}, "hq")
    assert decision.allowed
    # ...while a request over the documented limit is refused, as text
    # unread, as values once that much of it is read.
    huge = "x" * 20_000_000
    for call in (
        lambda: ENGINE.decide('{"kind": "' + huge + '"}'),
        lambda: ENGINE.can_handover(ACTOR, LEAD, huge),
        lambda: ENGINE.can_handover({**ACTOR, "id": huge}, {**LEAD, "owner": huge}, "hq"),
    ):
        error = _refused(call)
        assert isinstance(error, leadrules.RequestError)
        assert (error.code, error.path) == ("invalid_request", "")


def test_values_and_text_nest_equally_deep() -> None:
    # 127 levels are read in either form; at 128 both refuse.
    def nested(depth: int) -> Any:
        # The request object is a level itself, then depth - 1 lists.
        value: Any = "x"
        for _ in range(depth - 1):
            value = [value]
        return {"kind": "handover", "actor": value}

    for depth, readable in ((127, True), (128, False)):
        request = nested(depth)
        as_value = _refused(lambda: ENGINE.decide(request))
        as_text = _refused(lambda: ENGINE.decide(json.dumps(request)))
        assert isinstance(as_value, leadrules.Error) and isinstance(as_text, leadrules.Error)
        if readable:
            # Read, and refused for what it says: an actor that is no object.
            assert (as_value.code, as_value.path) == (as_text.code, as_text.path) == ("invalid_request", "actor")
        else:
            assert as_text.code == "invalid_json"
            assert as_value.code == "invalid_request" and as_value.path.startswith("actor[0]")


@pytest.mark.parametrize("depth", [130, 10_000, 200_000])
def test_deep_nesting_is_refused(depth: int) -> None:
    nested: Any = "x"
    for _ in range(depth):
        nested = {"a": nested}
    _refused(lambda: ENGINE.decide({"kind": "handover", "actor": nested, "lead": LEAD, "to": "hq"}))
    _refused(lambda: ENGINE.can_handover(ACTOR, {**LEAD, "tags": nested}, "hq"))
    _refused(lambda: leadrules.Engine({"orgs": [], "policy": nested}))
    text = '{"kind": ' + "[" * depth + "]" * depth + "}"
    error = _refused(lambda: ENGINE.decide(text))
    assert isinstance(error, leadrules.Error) and error.code == "invalid_json"


def test_strings_that_are_not_text_are_refused() -> None:
    lone_surrogate = "\ud800"
    for call in (
        lambda: ENGINE.can_handover({**ACTOR, "id": lone_surrogate}, LEAD, "hq"),
        lambda: ENGINE.can_handover(ACTOR, LEAD, lone_surrogate),
        lambda: ENGINE.decide({"kind": lone_surrogate}),
        lambda: ENGINE.decide('{"kind": "' + lone_surrogate + '"}'),
    ):
        _refused(call)


def test_many_threads_share_one_engine_and_get_the_single_threaded_answers() -> None:
    calls: List[Callable[[], object]] = [
        lambda: ENGINE.can_handover(ACTOR, LEAD, "hq").to_dict(),
        lambda: ENGINE.can_cross_silo(ACTOR, LEAD, "south").to_dict(),
        lambda: ENGINE.decide({"kind": "targets", "actor": ACTOR, "lead": LEAD}),
        lambda: ENGINE.transition(PARTNER, PARTNER_LEAD, "accept", workflow="partner_lead", now=NOW).to_dict(),
        lambda: ENGINE.expiry(PARTNER_LEAD, workflow="partner_lead", now=NOW),
        lambda: ENGINE.sweep([PARTNER_LEAD], workflow="partner_lead", now=NOW),
    ]

    def bad() -> object:
        try:
            ENGINE.can_handover(ACTOR, LEAD, "mars")
        except leadrules.UnknownReferenceError as error:
            return (error.code, error.path)
        return None

    calls.append(bad)
    expected = [call() for call in calls]
    failures: List[str] = []
    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible

    def work() -> None:
        try:
            for _ in range(300):
                for call, want in zip(calls, expected):
                    got = call()
                    if got != want:
                        failures.append(f"{got!r} != {want!r}")
        except BaseException as error:  # a thread's exception must fail the test
            failures.append(repr(error))

    try:
        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(old_interval)
    assert failures == []


def test_engines_built_in_many_threads_answer_alike() -> None:
    config: Dict[str, Any] = {"orgs": [{"id": f"o{i}", "parent": f"o{i - 1}" if i else None,
                                        "handover": True} for i in range(2000)]}
    answers: List[object] = []

    def build() -> None:
        try:
            engine = leadrules.Engine(config)
            actor = {"id": "u", "org": "o1999", "role": "manager"}
            answers.append(engine.can_handover(actor, {"id": "L", "org": "o1999"}, "o1998").to_dict())
        except BaseException as error:
            answers.append(error)

    threads = [threading.Thread(target=build) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 6 and all(a == answers[0] for a in answers), answers
    assert isinstance(answers[0], dict) and answers[0]["allowed"]
