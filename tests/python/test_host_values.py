"""Host records as they are: the common non-JSON values a host's records
carry (datetimes, UUIDs, decimals, enums) are converted, anything else is
refused with its path; and a container that changes while it is being read
gives a leadrules error, never a BaseException."""

import collections.abc
import datetime
import decimal
import enum
import json
import math
import uuid
from typing import Any, Callable, Dict, Iterator, List, Mapping, Tuple

import pytest

import leadrules
from conftest import TREE

UTC = datetime.timezone.utc
IST = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
ID = uuid.UUID("12345678-1234-5678-1234-567812345678")


class Org(enum.Enum):
    HQ = "hq"
    NORTH = "north"


class Role(enum.Enum):
    PRO = "professional"


class Alias(enum.Enum):
    """An enum whose value is another enum's member."""

    HQ = Org.HQ


class Shape(enum.Enum):
    PAIR = ("a", Org.NORTH)
    NOTHING = None
    THREE = 3
    BROKEN = ("a", frozenset({1}))


class Workflow(enum.Enum):
    LEADX = "leadx_pipeline"


#: Host values that stand for a JSON string, and that string.
HOST_STRINGS: List[Tuple[object, str]] = [
    (datetime.datetime(2026, 11, 23, tzinfo=UTC), "2026-11-23T00:00:00+00:00"),
    (datetime.datetime(2026, 11, 23, 9, 30, 15, 250000, tzinfo=IST), "2026-11-23T09:30:15.250000+05:30"),
    (datetime.datetime(2026, 11, 23, 9, 30), "2026-11-23T09:30:00"),
    (datetime.date(2026, 11, 23), "2026-11-23"),
    (datetime.time(9, 30), "09:30:00"),
    (datetime.time(9, 30, tzinfo=UTC), "09:30:00+00:00"),
    (ID, "12345678-1234-5678-1234-567812345678"),
    (Org.HQ, "hq"),
    (Alias.HQ, "hq"),
]


def outcome(call: Callable[[], Any]) -> Tuple[object, ...]:
    """What a call answered, comparable across calls: the answer's dict, or
    the error's class, code, path and message."""
    try:
        answer = call()
    except leadrules.Error as error:
        return (type(error), error.code, error.path, error.message)
    return ("answer", answer if isinstance(answer, dict) else answer.to_dict())


def test_the_review_example(engine: leadrules.Engine, actor: Dict[str, Any]) -> None:
    lead = {"id": "L1", "org": "north", "owner": "u1", "created_at": datetime.datetime(2026, 11, 23, tzinfo=UTC)}
    decision = engine.can_handover(actor, lead, "hq")
    assert decision.allowed
    assert decision == engine.can_handover(actor, {**lead, "created_at": "2026-11-23T00:00:00+00:00"}, "hq")


@pytest.mark.parametrize(("host", "text"), HOST_STRINGS)
def test_host_values_reach_core_as_their_text(engine: leadrules.Engine, host: object, text: str) -> None:
    # lead.id is echoed in the effects: the text core saw is visible.
    actor = {"id": "u1", "org": "north", "role": "professional"}
    decision = engine.can_handover(actor, {"id": host, "org": "north", "owner": "u1"}, "hq")
    assert decision.allowed and decision.effects[0]["lead"] == text
    request = {"kind": "handover", "actor": actor, "lead": {"id": host, "org": "north", "owner": "u1"}, "to": "hq"}
    assert engine.decide(request)["effects"][0]["lead"] == text
    # The same answer as for the text, in every read field (the owner is
    # compared with the actor's id: equal texts, equal answers).
    same = {"id": text, "org": "north", "role": "professional"}
    assert engine.can_handover(same, {"id": "L1", "org": "north", "owner": host}, "hq").allowed


@pytest.mark.parametrize(("host", "text"), HOST_STRINGS)
def test_every_entry_point_converts(engine: leadrules.Engine, host: object, text: str) -> None:
    def calls(value: object) -> List[Callable[[], Any]]:
        actor = {"id": value, "org": "north", "role": "professional", "seen": [value, {"at": value}]}
        lead = {"id": value, "org": "north", "owner": value, "creator": value, "meta": {"k": (value,)}}
        draft = {"assignee": {"id": value, "org": "north"}, "handover_to_sales": False, "note": value}
        return [
            lambda: engine.decide({"kind": "handover", "actor": actor, "lead": lead, "to": "hq", "x": value}),
            lambda: engine.can_handover(actor, lead, "hq"),
            lambda: engine.can_cross_silo(actor, lead, "south"),
            lambda: engine.targets(actor, lead),
            lambda: engine.can_create(actor, draft),
            lambda: engine.can_create(actor, draft, "leadx_pipeline"),
            lambda: engine.can_edit(actor, lead),
        ]

    for host_call, text_call in zip(calls(host), calls(text)):
        assert outcome(host_call) == outcome(text_call)
        assert outcome(host_call)[0] == "answer"


def test_enums_in_read_fields(engine: leadrules.Engine) -> None:
    actor = {"id": ID, "org": Org.NORTH, "role": Role.PRO}
    lead = {"id": "L1", "org": Org.NORTH, "owner": ID}
    plain_actor = {"id": str(ID), "org": "north", "role": "professional"}
    plain_lead = {"id": "L1", "org": "north", "owner": str(ID)}
    assert engine.can_handover(actor, lead, Org.HQ) == engine.can_handover(plain_actor, plain_lead, "hq")  # type: ignore[arg-type]
    assert engine.can_handover(actor, lead, Org.HQ).allowed  # type: ignore[arg-type]
    assert engine.can_cross_silo(actor, lead, Alias.HQ) == engine.can_cross_silo(plain_actor, plain_lead, "hq")  # type: ignore[arg-type]
    assert engine.targets(actor, lead) == engine.targets(plain_actor, plain_lead)
    assert engine.can_create(actor, {}, Workflow.LEADX) == engine.can_create(plain_actor, {}, "leadx_pipeline")  # type: ignore[arg-type]
    assert engine.can_edit(actor, lead) == engine.can_edit(plain_actor, plain_lead)
    with pytest.raises(leadrules.UnknownReferenceError) as info:
        engine.can_create(actor, {}, datetime.date(2026, 1, 1))  # type: ignore[arg-type]
    assert (info.value.path, info.value.message) == ("workflow", "unknown workflow `2026-01-01`")


def test_enum_values_convert_recursively(engine: leadrules.Engine, actor: Dict[str, Any]) -> None:
    def owner(value: object) -> Tuple[object, ...]:
        return outcome(lambda: engine.can_handover(actor, {"id": "L1", "org": "north", "owner": value}, "hq"))

    assert owner(Shape.PAIR) == owner(["a", "north"])
    assert owner(Shape.PAIR)[3] == "expected a string, found an array"
    assert owner(Shape.NOTHING) == owner(None)
    assert owner(Shape.THREE) == owner(3)
    with pytest.raises(leadrules.RequestError) as info:
        engine.can_handover(actor, {"id": "L1", "org": "north", "x": {"y": Shape.BROKEN}}, "hq")
    assert (info.value.code, info.value.path) == ("invalid_request", "lead.x.y[1]")
    assert "frozenset" in info.value.message


def test_decimals_are_json_numbers(engine: leadrules.Engine, actor: Dict[str, Any]) -> None:
    from leadrules._coerce import coerce

    for value, number in [("1.5", 1.5), ("-0.25", -0.25), ("12", 12.0), ("1E-400", 0.0), ("0.1", 0.1)]:
        converted = coerce(decimal.Decimal(value))
        assert type(converted) is float and converted == number
    lead = {"id": "L1", "org": "north", "owner": "u1", "amount": decimal.Decimal("1999.99")}
    assert engine.can_handover(actor, lead, "hq").allowed
    wrong = outcome(lambda: engine.can_handover(actor, {**lead, "owner": decimal.Decimal("1.5")}, "hq"))
    assert wrong == outcome(lambda: engine.can_handover(actor, {**lead, "owner": 1.5}, "hq"))
    assert wrong[1:3] == ("invalid_request", "lead.owner")


@pytest.mark.parametrize("value", ["NaN", "-NaN", "sNaN", "Infinity", "-Infinity", "1E+400"])
def test_non_finite_decimals_are_refused(
    engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any], value: str
) -> None:
    with pytest.raises(leadrules.RequestError) as info:
        engine.can_handover(actor, {**lead, "amount": [decimal.Decimal(value)]}, "hq")
    assert (info.value.code, info.value.path) == ("invalid_request", "lead.amount[0]")
    assert "not a JSON number" in info.value.message


class Colour(enum.Enum):
    RED = 1


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ({"a"}, "set"),
        (frozenset(), "frozenset"),
        (b"id", "bytes"),
        (bytearray(b"id"), "bytearray"),
        (datetime.timedelta(days=1), "timedelta"),
        (1 + 2j, "complex"),
        (object(), "object"),
        (math.nan, "not a JSON number"),
        ({Colour.RED: 1}, "Colour key"),
        ({ID: 1}, "UUID key"),
        ({datetime.date(2026, 1, 1): 1}, "date key"),
    ],
)
def test_other_values_are_still_refused(
    engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any], value: object, fragment: str
) -> None:
    calls: List[Callable[[], object]] = [
        lambda: engine.can_handover(actor, {**lead, "x": value}, "hq"),
        lambda: engine.can_edit(actor, {**lead, "x": value}),
        lambda: engine.can_create(actor, {"x": value}),
        lambda: engine.decide({"kind": "targets", "actor": actor, "lead": {**lead, "x": value}}),
    ]
    for call in calls:
        with pytest.raises(leadrules.RequestError) as info:
            call()
        assert (info.value.code, info.value.path) == ("invalid_request", "lead.x")
        assert fragment in info.value.message
    with pytest.raises(leadrules.ConfigError) as config:
        leadrules.Engine({"orgs": [{"id": "hq", "x": value}]})
    assert config.value.path == "orgs[0].x" and fragment in config.value.message


def test_configs_convert_too() -> None:
    engine = leadrules.Engine(
        {"orgs": [{"id": Org.HQ, "handover": True}, {"id": ID, "parent": Alias.HQ}, {"id": Org.NORTH, "parent": "hq"}]}
    )
    (text,) = engine.__reduce__()[1]
    assert json.loads(text) == {
        "orgs": [{"id": "hq", "handover": True}, {"id": str(ID), "parent": "hq"}, {"id": "north", "parent": "hq"}]
    }
    actor = {"id": "u1", "org": Org.NORTH, "role": "professional"}
    assert engine.can_handover(actor, {"id": "L1", "org": "north", "owner": "u1"}, Org.HQ).allowed  # type: ignore[arg-type]


class FailingDate(datetime.date):
    def isoformat(self) -> str:
        raise ValueError("no calendar today")


def test_a_failing_conversion_is_a_request_error_with_its_cause(
    engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]
) -> None:
    with pytest.raises(leadrules.RequestError) as info:
        engine.can_handover(actor, {**lead, "due": [FailingDate(2026, 1, 1)]}, "hq")
    assert (info.value.code, info.value.path) == ("invalid_request", "lead.due[0]")
    assert "FailingDate" in info.value.message and "no calendar today" in info.value.message
    assert isinstance(info.value.__cause__, ValueError)
    with pytest.raises(leadrules.ConfigError) as config:
        leadrules.Engine({"orgs": [{"id": FailingDate(2026, 1, 1)}]})
    assert config.value.path == "orgs[0].id" and isinstance(config.value.__cause__, ValueError)


class Interrupting(collections.abc.Mapping):  # type: ignore[type-arg]
    def __getitem__(self, key: str) -> int:
        raise KeyboardInterrupt

    def __iter__(self) -> Iterator[str]:
        return iter(["a"])

    def __len__(self) -> int:
        return 1


def test_a_keyboard_interrupt_while_converting_is_not_swallowed(
    engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]
) -> None:
    with pytest.raises(KeyboardInterrupt):
        engine.can_handover(actor, {**lead, "x": Interrupting()}, "hq")


# --- containers that change while they are read ---------------------------


class Growing(collections.abc.Mapping):  # type: ignore[type-arg]
    """A mapping whose ``__getitem__`` adds a key to another dict."""

    def __init__(self, target: Dict[str, Any]) -> None:
        self.target = target

    def __getitem__(self, key: str) -> int:
        self.target[f"added{len(self.target)}"] = 1
        return 1

    def __iter__(self) -> Iterator[str]:
        return iter(["a"])

    def __len__(self) -> int:
        return 1


class GrowingItems(Growing):
    """The same, from an overridden ``items()``."""

    def items(self) -> Any:
        self.target[f"added{len(self.target)}"] = 1
        return [("a", 1)]


class Swapping(Growing):
    """Deletes a key of the target that was read already and adds another:
    the same size, other keys."""

    def __getitem__(self, key: str) -> int:
        del self.target["a"]
        self.target["b"] = 1
        return 1


class Rewriting(Growing):
    """Changes a value of the target: the same keys."""

    def __getitem__(self, key: str) -> int:
        self.target["owner"] = "someone else"
        self.target["z"] = 3
        return 1


def entry_points(engine: leadrules.Engine) -> Dict[str, Callable[[Dict[str, Any], Dict[str, Any]], Any]]:
    return {
        "decide": lambda a, l: engine.decide({"kind": "handover", "actor": a, "lead": l, "to": "hq"}),
        "can_handover": lambda a, l: engine.can_handover(a, l, "hq"),
        "can_cross_silo": lambda a, l: engine.can_cross_silo(a, l, "south"),
        "targets": lambda a, l: engine.targets(a, l),
        "can_create": lambda a, l: engine.can_create(a, l),
        "can_create_in": lambda a, l: engine.can_create(a, l, "leadx_pipeline"),
        "can_edit": lambda a, l: engine.can_edit(a, l),
    }


@pytest.mark.parametrize("mapping", [Growing, GrowingItems])
@pytest.mark.parametrize("where", ["actor", "lead"])
@pytest.mark.parametrize("name", list(entry_points(leadrules.Engine(TREE))))
def test_a_dict_growing_while_read_is_a_request_error(
    engine: leadrules.Engine, mapping: Callable[[Dict[str, Any]], Mapping[str, Any]], where: str, name: str
) -> None:
    actor: Dict[str, Any] = {"id": "u1", "org": "north", "role": "professional"}
    lead: Dict[str, Any] = {"id": "L1", "org": "north", "owner": "u1"}
    grown = actor if where == "actor" else lead
    grown["meta"] = mapping(grown)
    grown["z"] = 2
    # Before the fix: pyo3's dict iterator panicked, and a PanicException
    # (a BaseException) escaped.
    with pytest.raises(leadrules.RequestError) as info:
        entry_points(engine)[name](actor, lead)
    assert (info.value.code, info.value.path) == ("invalid_request", where)
    assert "changed while it was being read" in info.value.message


def test_a_grandparent_growing_while_read(engine: leadrules.Engine, actor: Dict[str, Any]) -> None:
    request: Dict[str, Any] = {"kind": "targets", "actor": actor}
    request["lead"] = {"id": "L1", "org": "north", "deep": [{"m": Growing(request)}]}
    request["z"] = 1
    with pytest.raises(leadrules.RequestError) as info:
        engine.decide(request)
    assert (info.value.path, info.value.code) == ("", "invalid_request")


@pytest.mark.parametrize("mapping", [Growing, GrowingItems])
def test_a_config_growing_while_read_is_a_config_error(mapping: Callable[[Dict[str, Any]], Mapping[str, Any]]) -> None:
    org: Dict[str, Any] = {"id": "hq"}
    org["meta"] = mapping(org)
    org["z"] = 1
    with pytest.raises(leadrules.ConfigError) as info:
        leadrules.Engine({"orgs": [org]})
    assert info.value.path == "orgs[0]" and "changed while it was being read" in info.value.message


@pytest.mark.parametrize("name", list(entry_points(leadrules.Engine(TREE))))
def test_keys_swapped_while_read_are_a_request_error(engine: leadrules.Engine, name: str) -> None:
    actor = {"id": "u1", "org": "north", "role": "professional"}
    lead: Dict[str, Any] = {"a": 0, "id": "L1", "org": "north", "owner": "u1"}
    lead["meta"] = Swapping(lead)
    lead["z"] = 1
    # Before the fix: "dictionary keys changed during iteration", a panic.
    with pytest.raises(leadrules.RequestError) as info:
        entry_points(engine)[name](actor, lead)
    assert (info.value.code, info.value.path) == ("invalid_request", "lead")


def test_values_changed_while_read_are_no_error(engine: leadrules.Engine) -> None:
    actor = {"id": "u1", "org": "north", "role": "professional"}
    lead: Dict[str, Any] = {"id": "L1", "org": "north", "owner": "u1"}
    lead["meta"] = Rewriting(lead)
    lead["z"] = 1
    # The owner was read before it changed.
    assert engine.can_handover(actor, lead, "hq").allowed
    assert lead["owner"] == "someone else"
    assert not engine.can_handover(actor, lead, "hq").allowed


def test_a_list_shrinking_while_read(engine: leadrules.Engine, actor: Dict[str, Any]) -> None:
    tags: List[Any] = ["a", "b", "c"]

    class Popping(collections.abc.Mapping):  # type: ignore[type-arg]
        def __getitem__(self, key: str) -> int:
            tags.clear()
            return 1

        def __iter__(self) -> Iterator[str]:
            return iter(["a"])

        def __len__(self) -> int:
            return 1

    tags.insert(1, Popping())
    assert engine.can_handover(actor, {"id": "L1", "org": "north", "owner": "u1", "tags": tags}, "hq").allowed


def test_datetimes_are_timestamps_where_core_reads_them() -> None:
    engine = leadrules.Engine()

    def link(now: object, at: object) -> Dict[str, Any]:
        return {
            "kind": "link",
            "actor": {"id": "su1", "org": "hq", "role": "super_user"},
            "now": now,
            "owner": "m1",
            "primary": {"id": "A", "project": "P", "status": "interested", "owner": "m1", "mobile": "+911"},
            "secondary": {
                "id": "B",
                "project": "P",
                "status": "claimed",
                "owner": "m2",
                "mobile": "+912",
                "events": [{"id": "e1", "at": at, "type": "visit"}],
            },
        }

    now = datetime.datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    at = datetime.datetime(2026, 11, 20, 15, 30, tzinfo=IST)
    answer = engine.decide(link(now, at))
    assert answer == engine.decide(link("2026-11-23T09:30:00Z", "2026-11-20T10:00:00Z"))
    assert answer["allowed"] is True
    # A naive datetime has no offset: core refuses it as a timestamp.
    with pytest.raises(leadrules.RequestError) as info:
        engine.decide(link(now, datetime.datetime(2026, 11, 20, 10, 0)))
    assert (info.value.code, info.value.path) == ("invalid_timestamp", "secondary.events[0].at")



@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"amount": 2**40, "score": 0.5, "vip": True, "note": None},
        {"amount": 2**70},
        {"ratio": float("inf")},
        {"tags": ["a"]},
        {"meta": {"k": "v"}},
        {"when": datetime.date(2026, 1, 1)},
    ],
)
@pytest.mark.parametrize("to", ["hq", "south", "mars"])
def test_typed_transfers_answer_as_the_protocol_whatever_the_host_keys(
    engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any], extra: Dict[str, Any], to: str
) -> None:
    # Flat dicts of plain values take the direct path, anything else the
    # protocol path; either way the answer (or error) is the protocol's.
    hosted = {**lead, **extra}
    for kind, call in [("handover", engine.can_handover), ("cross_silo", engine.can_cross_silo)]:
        request = {"kind": kind, "actor": actor, "lead": hosted, "to": to}
        try:
            expected: object = engine.decide(request)
        except leadrules.Error as error:
            expected = (error.code, error.path, error.message)
        try:
            typed: object = call(actor, hosted, to).to_dict()
        except leadrules.Error as error:
            typed = (error.code, error.path, error.message)
        assert typed == expected
