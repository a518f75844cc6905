"""Facts as the host's own record objects (dataclasses, NamedTuples, attrs
and pydantic models, plain objects with __dict__ or __slots__): the same
answer as for the equivalent dict, errors at the same paths; and naive
datetimes refused, with their path, wherever a timestamp is read."""

import collections
import dataclasses
import datetime as dt
import enum
import fractions
import ipaddress
import keyword
import logging
import pathlib
import threading
import types
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

import pytest

import leadrules
from test_conformance import CASES
from typed_calls import outcome, typed_call

UTC = dt.timezone.utc


# --- record makers: a dict's keys and values as an object of each kind -------


def is_name(key: object) -> bool:
    return isinstance(key, str) and key.isidentifier() and not keyword.iskeyword(key) and not key.startswith("_")


def as_dataclass(fact: Dict[str, Any]) -> object:
    cls = dataclasses.make_dataclass("Fact", list(fact))
    return cls(**fact)


def as_namedtuple(fact: Dict[str, Any]) -> object:
    return collections.namedtuple("Fact", list(fact))(**fact)


class AttrsLike:
    """What attrs makes of a class, as far as leadrules looks: the class
    lists its attributes in ``__attrs_attrs__`` (each with a ``name``)."""

    __attrs_attrs__: Tuple[Any, ...] = ()


def as_attrs(fact: Dict[str, Any]) -> object:
    fields = tuple(types.SimpleNamespace(name=key) for key in fact)
    record = type("Fact", (AttrsLike,), {"__attrs_attrs__": fields})()
    for key, value in fact.items():
        setattr(record, key, value)
    record.not_a_field = "ignored"  # type: ignore[attr-defined]
    return record


class PydanticLike:
    """What pydantic (v2) offers, as far as leadrules looks: model_dump()."""

    def __init__(self, fields: Dict[str, Any]) -> None:
        self._fields = fields
        self.__pydantic_private__ = {"secret": object()}

    def model_dump(self) -> Dict[str, Any]:
        return dict(self._fields)


def as_slots(fact: Dict[str, Any]) -> object:
    record = type("Fact", (), {"__slots__": tuple(fact) + ("_hidden",)})()
    for key, value in fact.items():
        setattr(record, key, value)
    record._hidden = object()  # type: ignore[attr-defined]
    return record


def as_object(fact: Dict[str, Any]) -> object:
    record = types.SimpleNamespace(**fact)
    record._session = object()  # private: not read
    return record


#: name -> (maker, whether it needs identifier keys)
MAKERS: Dict[str, Tuple[Callable[[Dict[str, Any]], object], bool]] = {
    "dataclass": (as_dataclass, True),
    "namedtuple": (as_namedtuple, True),
    "attrs": (as_attrs, False),
    "pydantic": (PydanticLike, False),
    "slots": (as_slots, True),
    "object": (as_object, False),
}


def records(maker: Callable[[Dict[str, Any]], object], names_only: bool) -> Callable[[Any], Any]:
    def fact(value: Any) -> Any:
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            return value
        if not value and maker in (as_slots, as_object):
            return value  # a plain object with nothing public is no record
        if any(not is_name(k) for k in value) and (names_only or any(k.startswith("_") for k in value)):
            return value
        return maker(value)

    return fact


@pytest.mark.parametrize("kind", list(MAKERS))
def test_records_answer_as_dicts_on_every_vector(kind: str) -> None:
    """Every conformance request the typed API can ask, with each fact (actor,
    lead, primary, secondary, each of leads) a record object: the same
    answer, or the same error at the same path, as with the dicts."""
    maker, names_only = MAKERS[kind]
    asked = 0
    for name, config, case in CASES:
        request = case.get("request")
        if not isinstance(request, dict):
            continue
        try:
            engine = leadrules.Engine(config)
        except leadrules.ConfigError:
            continue
        with_dicts = typed_call(engine, request)
        with_records = typed_call(engine, request, records(maker, names_only))
        if with_dicts is None or with_records is None:
            continue
        asked += 1
        assert outcome(with_records) == outcome(with_dicts), name
    assert asked > 1000


@dataclasses.dataclass(frozen=True)
class Actor:
    id: str
    org: str
    role: str


@dataclasses.dataclass
class Lead:
    id: str
    org: str
    owner: Optional[str] = None
    tags: Any = ()
    _cache: Any = dataclasses.field(default_factory=object)


class Event(NamedTuple):
    id: str
    at: Any


class Slotted:
    __slots__ = ("id", "project", "status", "owner", "events", "_note")

    def __init__(self, id: str, project: str, status: str, owner: str, events: List[Event]) -> None:
        self.id, self.project, self.status, self.owner, self.events = id, project, status, owner, events
        self._note = "private"


def test_the_documented_example(engine: leadrules.Engine) -> None:
    actor = Actor("u1", "north", "professional")
    lead = Lead("L1", "north", owner="u1")
    decision = engine.can_handover(actor, lead, "hq")
    assert decision == engine.can_handover(dict(id="u1", org="north", role="professional"),
                                           dict(id="L1", org="north", owner="u1"), "hq")
    assert decision and decision.effects[0].lead == "L1"
    assert engine.targets(actor, lead) == engine.targets(vars(actor), {"id": "L1", "org": "north", "owner": "u1"})


def test_a_bad_attribute_is_reported_at_its_path(engine: leadrules.Engine) -> None:
    actor = Actor("u1", "north", "professional")
    # In a plain dict a value of no JSON type is an error, at its path...
    with pytest.raises(leadrules.RequestError) as info:
        engine.can_handover(actor, {"id": "L1", "org": "north", "owner": "u1", "tags": [1, {2}]}, "hq")
    assert (info.value.code, info.value.path) == ("invalid_request", "lead.tags[1]")
    # ...and so it is among a record's own fields.
    with pytest.raises(leadrules.RequestError) as record:
        engine.can_handover(actor, Lead("L1", "north", owner="u1", tags=[1, {2}]), "hq")
    assert (record.value.code, record.value.path) == ("invalid_request", "lead.tags[1]")
    with pytest.raises(leadrules.RequestError) as typed:
        engine.can_handover(actor, Lead("L1", "north", owner=5), "hq")  # type: ignore[arg-type]
    assert (typed.value.code, typed.value.path) == ("invalid_request", "lead.owner")
    with pytest.raises(leadrules.UnknownReferenceError) as unknown:
        engine.can_handover(Actor("u1", "nowhere", "professional"), Lead("L1", "north"), "hq")
    assert (unknown.value.code, unknown.value.path) == ("unknown_org", "actor.org")
    # Nested records: a list of NamedTuples inside a slots object; the set
    # is left out of its event, which core then finds without its `at`.
    at = dt.datetime(2026, 11, 20, 10, tzinfo=UTC)
    primary = Slotted("A", "P", "interested", "m1", [])
    secondary = Slotted("B", "P", "claimed", "m2", [Event("e1", at), Event("e2", {1})])
    super_user = Actor("s1", "hq", "super_user")
    with pytest.raises(leadrules.RequestError) as nested:
        engine.can_link(super_user, primary, secondary, owner="m1", now=at)
    assert (nested.value.code, nested.value.path) == ("invalid_request", "secondary.events[1].at")
    assert nested.value.message == "missing `at`"


def test_a_record_that_raises_is_reported_with_its_cause(engine: leadrules.Engine) -> None:
    class Broken:
        def model_dump(self) -> Dict[str, Any]:
            raise RuntimeError("no database connection")

    with pytest.raises(leadrules.RequestError) as info:
        engine.can_handover(Actor("u1", "north", "professional"), Broken(), "hq")
    assert (info.value.code, info.value.path) == ("invalid_request", "lead")
    assert "no database connection" in info.value.message and isinstance(info.value.__cause__, RuntimeError)


@pytest.mark.parametrize(
    "value",
    [object(), fractions.Fraction(1, 2), ipaddress.ip_address("10.0.0.1"), pathlib.PurePosixPath("/x"), len,
     Lead, types, lambda: 1, type("Private", (), {"__slots__": ("_a",)})(), type("Empty", (), {})()],
    ids=["object", "Fraction", "IPv4Address", "PurePath", "builtin", "class", "module", "lambda", "private-slots",
         "empty"],
)
def test_objects_that_are_no_records_are_still_refused(engine: leadrules.Engine, value: object) -> None:
    with pytest.raises(leadrules.RequestError) as info:
        engine.can_handover(Actor("u1", "north", "professional"), {"id": "L1", "org": "north", "x": value}, "hq")
    assert (info.value.code, info.value.path) == ("invalid_request", "lead.x")
    assert type(value).__name__ in info.value.message


def test_empty_records(engine: leadrules.Engine) -> None:
    actor = {"id": "b1", "org": "north", "role": "basic"}
    empty = dataclasses.make_dataclass("Draft", [])()
    assert engine.can_create(actor, empty) == engine.can_create(actor, {})
    assert engine.can_create(actor, PydanticLike({})) == engine.can_create(actor, {})
    with pytest.raises(leadrules.RequestError) as info:
        engine.can_create(actor, types.SimpleNamespace(_only="private"))
    assert (info.value.path, "SimpleNamespace" in info.value.message) == ("lead", True)


def test_tuple_subclasses_that_are_no_namedtuples_are_arrays(engine: leadrules.Engine) -> None:
    class Pair(tuple):  # type: ignore[type-arg]
        pass

    actor = {"id": "u1", "org": "north", "role": "professional"}
    lead = {"id": "L1", "org": "north", "owner": "u1"}
    assert outcome(lambda: engine.can_handover(actor, {**lead, "owner": Pair(("a",))}, "hq")) == outcome(
        lambda: engine.can_handover(actor, {**lead, "owner": ["a"]}, "hq"))
    assert engine.can_handover(actor, {**lead, "tags": Pair(("a", "b"))}, "hq")


def test_records_in_configs(engine: leadrules.Engine) -> None:
    @dataclasses.dataclass
    class Org:
        id: str
        parent: Optional[str] = None
        handover: bool = False

    built = leadrules.Engine({"orgs": [Org("hq", handover=True), Org("north", "hq")]})
    (text,) = built.__reduce__()[1]
    assert '"parent":"hq"' in text
    with pytest.raises(leadrules.ConfigError) as info:
        leadrules.Engine({"orgs": [Org("hq", parent=5)]})  # type: ignore[arg-type]
    assert info.value.path == "orgs[0].parent"
    # An org is a fact: a field of no supported type is an error (it must
    # not vanish and make the org a root).
    with pytest.raises(leadrules.ConfigError) as junk:
        leadrules.Engine({"orgs": [Org("hq", parent={"x"})]})  # type: ignore[arg-type]
    assert junk.value.path == "orgs[0].parent"


# --- domain objects: lenient fields, cycles, bounded work, properties -----------

ACTOR = {"id": "u1", "org": "north", "role": "professional"}
LEAD = {"id": "L1", "org": "north", "owner": "u1"}


JUNK: Dict[str, Any] = {
    "lock": threading.Lock(), "on_change": lambda: None, "kind": int, "module": types,
    "tags": {"a", "b"}, "scores": {1: 0.5}, "nan": float("nan"), "blob": b"x",
    "nested": [[{"ok": 1, "bad": {2}}]],
}


def test_a_facts_own_fields_are_strict_and_the_records_it_holds_lenient(engine: leadrules.Engine) -> None:
    expected = engine.can_handover(ACTOR, LEAD, "hq")
    # Each value of no supported type among a fact's own fields is an
    # error at its path, as in a dict: an optional field (an owner, a
    # parent) must never vanish and change the answer.
    for name, value in JUNK.items():
        with pytest.raises(leadrules.RequestError) as info:
            engine.can_handover(ACTOR, types.SimpleNamespace(**LEAD, **{name: value}), "hq")
        assert info.value.path.startswith(f"lead.{name}"), (name, info.value.path)
    # In a record the fact holds (a session, a relation), they are left out.
    session = types.SimpleNamespace(**JUNK)
    lead = types.SimpleNamespace(**LEAD, session=session, related=[session])
    assert engine.can_handover(ACTOR, lead, "hq") == expected
    assert engine.targets(ACTOR, lead) == engine.targets(ACTOR, LEAD)
    # A field the rules read in a held record is then missing, by name.
    at = dt.datetime(2026, 11, 20, 10, tzinfo=UTC)
    primary = Slotted("A", "P", "interested", "m1", [])
    secondary = Slotted("B", "P", "claimed", "m2", [Event("e1", at), Event("e2", threading.Lock())])
    with pytest.raises(leadrules.RequestError) as missing:
        engine.can_link(Actor("s1", "hq", "super_user"), primary, secondary, owner="m1", now=at)
    assert (missing.value.path, missing.value.message) == ("secondary.events[1].at", "missing `at`")


def test_a_record_referring_to_itself_is_read(engine: leadrules.Engine) -> None:
    expected = engine.can_handover(ACTOR, LEAD, "hq")
    plain = types.SimpleNamespace(**LEAD)
    plain.me = plain
    dataclass_lead = Lead("L1", "north", owner="u1")
    dataclass_lead.tags = [dataclass_lead, {"again": dataclass_lead}]
    for lead in (plain, dataclass_lead):
        assert engine.can_handover(ACTOR, lead, "hq") == expected
    # The cycle is left out, the rest of the record is read.
    org = types.SimpleNamespace(id="hq", handover=True)
    org.me = org
    (text,) = leadrules.Engine({"orgs": [org]}).__reduce__()[1]
    assert text == '{"orgs":[{"id":"hq","handover":true}]}'


class Entity:
    """An ORM-like object that counts the reads of its public attributes."""

    reads = 0

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith("_"):
            Entity.reads += 1
        return object.__getattribute__(self, name)


def orm_graph(size: int) -> Any:
    """`size` leads of one org, all in one session, with back-references:
    lead.organisation.leads, lead.owner_user.leads, session.identity_map."""
    session = Entity(identity_map={}, autoflush=True)
    org = Entity(id="north", parent_id="hq", leads=[], session=session)
    user = Entity(id="u1", org="north", role="professional", leads=[], session=session)
    session.identity_map[("Org", "north")] = org
    session.identity_map[("User", "u1")] = user
    for i in range(size):
        lead = Entity(id=f"L{i}", org="north", owner="u1", organisation=org, owner_user=user, session=session)
        org.leads.append(lead)
        user.leads.append(lead)
        session.identity_map[("Lead", lead.id)] = lead
    return org.leads[0], user


def test_an_orm_like_graph_is_read_with_bounded_work(engine: leadrules.Engine) -> None:
    expected = engine.can_handover(ACTOR, {"id": "L0", "org": "north", "owner": "u1"}, "hq")
    reads = []
    for size in (1, 10, 3000):
        lead, user = orm_graph(size)
        Entity.reads = 0
        assert engine.can_handover(ACTOR, lead, "hq") == expected
        reads.append(Entity.reads)
    # The same few reads however large the graph: back-references are left
    # out, and records inside records inside records are not entered (the
    # organisation's leads, the session's identity map).
    assert reads[0] == reads[1] == reads[2] < 40, reads
    # The user's loaded leads are records inside the actor, read up to a
    # thousand of them: then the field is left out.
    reads = []
    for size in (1500, 3000):
        lead, user = orm_graph(size)
        Entity.reads = 0
        assert engine.can_handover(user, lead, "hq") == expected
        reads.append(Entity.reads)
    assert reads[0] == reads[1], reads


def test_a_lead_holding_a_logger_is_read(engine: leadrules.Engine) -> None:
    for name in ("crm", "crm.leads"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        lead = types.SimpleNamespace(**LEAD, log=logger)
        assert engine.can_handover(ACTOR, lead, "hq") == engine.can_handover(ACTOR, LEAD, "hq")
        assert engine.can_handover(ACTOR, Lead("L1", "north", "u1", tags=[logger]), "hq")


def test_records_are_read_two_deep(engine: leadrules.Engine) -> None:
    # A fact's records (a secondary lead's events) are read; their records are not.
    at = dt.datetime(2026, 11, 20, 10, tzinfo=UTC)
    inner = types.SimpleNamespace(deeper=types.SimpleNamespace(id="x"))
    events = [types.SimpleNamespace(id="e1", at=at, detail=inner)]
    super_user = {"id": "s1", "org": "hq", "role": "super_user"}
    primary = {"id": "A", "project": "P", "status": "interested", "owner": "m1"}
    secondary = types.SimpleNamespace(id="B", project="P", status="claimed", owner="m2", events=events)
    as_dicts = {"id": "B", "project": "P", "status": "claimed", "owner": "m2", "events": [{"id": "e1", "at": at}]}
    decision = engine.can_link(super_user, primary, secondary, owner="m1", now=at - dt.timedelta(days=1))
    assert decision == engine.can_link(super_user, primary, as_dicts, owner="m1", now=at - dt.timedelta(days=1))
    assert [e.kind for e in decision.effects].count("cancel_event") == 1


class UserRow:
    """A host object whose id is a property."""

    def __init__(self, pk: int, org: str, role: str) -> None:
        self.pk, self.org, self.role = pk, org, role

    @property
    def id(self) -> str:
        return f"u{self.pk}"


class DetachedUserRow(UserRow):
    """One whose other property cannot be read (a detached ORM object)."""

    @property
    def broken(self) -> str:
        raise RuntimeError("no database connection")


@dataclasses.dataclass
class LeadRow:
    pk: int
    org: str
    owner: Optional[str] = None

    @property
    def id(self) -> str:
        return f"L{self.pk}"


class Interrupting(UserRow):
    @property
    def slow(self) -> str:
        raise KeyboardInterrupt


def test_properties_are_read(engine: leadrules.Engine) -> None:
    expected = engine.can_handover(ACTOR, LEAD, "hq")
    assert engine.can_handover(UserRow(1, "north", "professional"), LeadRow(1, "north", "u1"), "hq") == expected
    assert engine.can_handover(ACTOR, types.SimpleNamespace(**LEAD), "hq") == expected
    # In a fact, a property that raises is an error (it might be one the
    # rules read, such as an owner), with the exception as its cause...
    with pytest.raises(leadrules.RequestError) as info:
        engine.can_handover(DetachedUserRow(1, "north", "professional"), LEAD, "hq")
    assert info.value.path == "actor" and "no database connection" in info.value.message
    assert isinstance(info.value.__cause__, RuntimeError)
    # ...while in a record the fact holds it is left out.
    held = types.SimpleNamespace(**LEAD, creator_row=DetachedUserRow(2, "north", "basic"))
    assert engine.can_handover(ACTOR, held, "hq") == expected
    # A subclass that rebinds the name has no such property.
    class Rebound(UserRow):
        id = None  # type: ignore[assignment]

    with pytest.raises(leadrules.RequestError) as rebound:
        engine.can_handover(Rebound(1, "north", "professional"), LEAD, "hq")
    assert rebound.value.path == "actor.id"
    # An interrupt is no field to leave out.
    with pytest.raises(KeyboardInterrupt):
        engine.can_handover(Interrupting(1, "north", "professional"), LEAD, "hq")


def test_properties_alone_make_no_record(engine: leadrules.Engine) -> None:
    class Private:
        def __init__(self) -> None:
            self._id = "L1"

        @property
        def id(self) -> str:
            return self._id

    with pytest.raises(leadrules.RequestError) as info:
        engine.can_handover(ACTOR, Private(), "hq")
    assert info.value.path == "lead" and "Private" in info.value.message


class Nested(enum.Enum):
    X = "x"


class Outer(enum.Enum):
    N = Nested.X


def nest(depth: int, leaf: Any) -> Dict[str, Any]:
    """A request whose `junk` nests lists so that `leaf` sits at `depth`
    (the request object being level 1)."""
    value: Any = leaf
    for _ in range(depth - 2):
        value = [value]
    return {"kind": "targets", "actor": ACTOR, "lead": LEAD, "junk": value}


def test_records_nest_as_deep_as_dicts(engine: leadrules.Engine) -> None:
    # A record costs one level, as the dict it reads as; a chain of
    # conversions (an enum whose value is an enum) costs none.
    # (Leaves whose fields are all scalars, so that only the record's own
    # level counts.)
    for leaf in (types.SimpleNamespace(id="x"), Event("e", "x"), [Outer.N]):
        plain = ["x"] if isinstance(leaf, list) else {"id": "x"}
        for depth in (127, 128):
            assert outcome(lambda: engine.decide(nest(depth, leaf))) == outcome(
                lambda: engine.decide(nest(depth, plain))), (leaf, depth)
    with pytest.raises(leadrules.RequestError) as info:
        engine.decide(nest(128, types.SimpleNamespace(id="x")))
    assert "nested more than 127 levels deep" in info.value.message


def test_a_conversion_that_never_ends_is_refused(engine: leadrules.Engine) -> None:
    class Itself:
        def model_dump(self) -> "Itself":
            return self

    with pytest.raises(leadrules.RequestError) as info:
        engine.can_handover(ACTOR, Itself(), "hq")
    assert info.value.path == "lead" and "needs converting again" in info.value.message
    # Among a fact's own fields it is an error at its path; in a record the
    # fact holds it is left out.
    with pytest.raises(leadrules.RequestError) as own:
        engine.can_handover(ACTOR, types.SimpleNamespace(**LEAD, dump=Itself()), "hq")
    assert own.value.path == "lead.dump"
    held = types.SimpleNamespace(dump=Itself(), id="s")
    assert engine.can_handover(ACTOR, types.SimpleNamespace(**LEAD, session=held), "hq")


# --- naive datetimes -------------------------------------------------------------

NAIVE = dt.datetime(2026, 11, 21, 9, 0)
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
CREATED = dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
PARTNER = {"id": "p7", "org": "acme", "role": "manager"}
SYSTEM = {"id": "system", "org": "system", "role": "system"}


def partner_lead(stage: str = "pending", **times: Any) -> Dict[str, Any]:
    return {"id": "L9", "stage": stage, "partner": "acme", "source": "vendor", "created_at": CREATED, **times}


#: (where the naive datetime goes, the path it is reported at): every
#: timestamp a request reads, through every entry point that reads it.
def naive_calls(engine: leadrules.Engine) -> List[Tuple[str, str, Callable[[], Any]]]:
    pending_naive = partner_lead(created_at=NAIVE)
    set_expiry = partner_lead(expires_at=NAIVE)
    reassigned = partner_lead(reassigned_at=NAIVE)
    accepted = partner_lead("accepted", accepted_at=NAIVE)
    flow = {"workflow": "partner_lead"}
    calls: List[Tuple[str, str, Callable[[], Any]]] = []
    for label, lead, path in [
        ("created_at", pending_naive, "lead.created_at"),
        ("expires_at", set_expiry, "lead.expires_at"),
        ("reassigned_at", reassigned, "lead.reassigned_at"),
        ("accepted_at", accepted, "lead.accepted_at"),
        ("now", partner_lead(), "now"),
    ]:
        now = NAIVE if label == "now" else NOW
        action = "convert" if lead["stage"] == "accepted" else "accept"
        calls += [
            (f"transition {label}", path,
             lambda lead=lead, now=now, action=action: engine.transition(PARTNER, lead, action, now=now, **flow)),
            (f"actions {label}", path, lambda lead=lead, now=now: engine.actions(PARTNER, lead, now=now, **flow)),
            (f"expiry {label}", path, lambda lead=lead, now=now: engine.expiry(lead, now=now, **flow)),
            (f"sweep {label}", path.replace("lead.", "leads[0]."),
             lambda lead=lead, now=now: engine.sweep([lead], now=now, **flow)),
            (f"decide transition {label}", path,
             lambda lead=lead, now=now, action=action: engine.decide(
                 {"kind": "transition", "action": action, "actor": PARTNER, "lead": lead, "now": now, **flow})),
            (f"decide expiry {label}", path,
             lambda lead=lead, now=now: engine.decide({"kind": "expiry", "lead": lead, "now": now, **flow})),
            (f"transition record {label}", path,
             lambda lead=lead, now=now, action=action: engine.transition(
                 PARTNER, types.SimpleNamespace(**lead), action, now=now, **flow)),
        ]
    primary = {"id": "A", "project": "P", "status": "interested", "owner": "m1"}
    secondary = {"id": "B", "project": "P", "status": "claimed", "owner": "m2",
                 "events": [{"id": "e1", "at": NAIVE}]}
    super_user = {"id": "s1", "org": "hq", "role": "super_user"}
    calls += [
        ("link now", "now", lambda: engine.can_link(super_user, primary, {**secondary, "events": []}, owner="m1",
                                                    now=NAIVE)),
        ("link event", "secondary.events[0].at",
         lambda: engine.can_link(super_user, primary, secondary, owner="m1", now=NOW)),
        ("decide link event", "secondary.events[0].at",
         lambda: engine.decide({"kind": "link", "actor": super_user, "primary": primary, "secondary": secondary,
                                "owner": "m1", "now": NOW})),
        ("expire by the system", "now",
         lambda: engine.transition(SYSTEM, partner_lead(), "expire", workflow="partner_lead", now=NAIVE)),
        ("sweep_columns now", "now",
         lambda: engine.sweep_columns(["L9"], ["pending"], [0], workflow="partner_lead", now=NAIVE)),
    ]
    return calls


@pytest.mark.parametrize("index", range(len(naive_calls(leadrules.Engine()))))
def test_a_naive_datetime_is_refused_with_its_path(index: int) -> None:
    engine = leadrules.Engine()
    label, path, call = naive_calls(engine)[index]
    with pytest.raises(leadrules.RequestError) as info:
        call()
    error = info.value
    assert (error.code, error.path) == ("invalid_timestamp", path), label
    assert "2026-11-21T09:00:00" in error.message and "offset" in error.message, label
    assert f"at `{path}`" in str(error)


def test_the_same_times_when_aware_are_accepted() -> None:
    engine = leadrules.Engine()
    aware = NAIVE.replace(tzinfo=UTC)
    assert engine.expiry(partner_lead(created_at=aware), workflow="partner_lead", now=NOW).expires_at
    assert engine.transition(PARTNER, partner_lead(), "accept", workflow="partner_lead", now=NOW)


def test_a_naive_datetime_in_a_form_field_is_an_invalid_field_denial() -> None:
    # Form fields are user input: a bad one is a denial naming it, not an error.
    engine = leadrules.Engine()
    fields = {"need_type": "new_equipment", "budget": 25000, "sales_owner": "u7", "sales_division": "direct",
              "meeting_at": NAIVE, "decision_at": NOW}
    decision = engine.transition({"id": "m1", "org": "hq", "role": "manager"},
                                 {"id": "C1", "stage": "handoff_to_sales"}, "proceed_to_handoff",
                                 workflow="creatio_lead", fields=fields, now=NOW)
    assert decision.codes == ["invalid_field"] and decision.reasons[0].field == "meeting_at"
