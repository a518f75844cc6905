"""`transition` reads an aware `datetime` by its fields and `utcoffset()`
(no `isoformat()` text in between): every answer must stay exactly the one
the same call gives with the datetimes' `isoformat()` text, and the one
`decide` gives; datetimes that text would refuse (naive, an offset with
seconds, past the year 9999 in UTC) are refused alike."""

import datetime as dt
from typing import Any, Dict, Iterator, List, Optional, Tuple
from zoneinfo import ZoneInfo

import pytest

import leadrules

ENGINE = leadrules.Engine(
    {"policy": {"templates": {"emea": {"pending": "P5D", "time_zone": "Europe/Berlin", "end_of_day": True}}}}
)
PARTNER = {"id": "p7", "org": "acme", "role": "manager"}
SOURCE = {"id": "v1", "org": "vendor", "role": "manager"}
SYSTEM = {"id": "sys", "org": "platform", "role": "system"}


def zone(hours: int = 0, minutes: int = 0, seconds: int = 0, microseconds: int = 0) -> dt.timezone:
    sign = -1 if hours < 0 else 1
    return dt.timezone(sign * dt.timedelta(hours=abs(hours), minutes=minutes, seconds=seconds,
                                           microseconds=microseconds))


class Subclass(dt.datetime):
    """A host's own datetime type (the protocol path reads it)."""


class Raising(dt.tzinfo):
    def utcoffset(self, when: Optional[dt.datetime]) -> dt.timedelta:
        raise ValueError("no offset today")

    def dst(self, when: Optional[dt.datetime]) -> Optional[dt.timedelta]:
        return None


class Unknown(dt.tzinfo):
    """A tzinfo that knows no offset: the datetime is naive."""

    def utcoffset(self, when: Optional[dt.datetime]) -> Optional[dt.timedelta]:
        return None

    def dst(self, when: Optional[dt.datetime]) -> Optional[dt.timedelta]:
        return None


BERLIN = ZoneInfo("Europe/Berlin")
#: The zones the datetimes are written in: whole hours, quarter and half
#: hours both sides, the extremes, offsets with seconds and microseconds
#: (which RFC 3339 text cannot hold), a real zone (its repeated hour with
#: fold 0 and 1), and tzinfos that know no offset or fail.
ZONES: List[Any] = [
    dt.timezone.utc,
    zone(0),
    zone(5, 45),
    zone(-3, 30),
    zone(-9, 30),
    zone(14),
    zone(-12),
    zone(23, 59),
    zone(-23, 59),
    zone(5, 45, 30),
    zone(-1, 0, 0, 500),
    BERLIN,
    None,
    Unknown(),
]


def moments(tz: Any) -> Iterator[Tuple[dt.datetime, dt.datetime]]:
    """(created_at, now) pairs written in `tz`: plain, with microseconds,
    around Berlin's autumn change, and at the ends of the calendar."""
    yield dt.datetime(2026, 11, 20, 9, 30, tzinfo=tz), dt.datetime(2026, 11, 23, 9, 30, tzinfo=tz)
    yield (dt.datetime(2026, 11, 20, 23, 59, 59, 999999, tzinfo=tz),
           dt.datetime(2026, 11, 26, 0, 0, 0, 1, tzinfo=tz))
    yield dt.datetime(2026, 10, 20, 2, 30, tzinfo=tz), dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=tz)
    yield dt.datetime(2026, 10, 25, 2, 30, tzinfo=tz), dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=tz)
    yield dt.datetime(1, 1, 1, tzinfo=tz), dt.datetime(1, 1, 3, 12, tzinfo=tz)
    yield dt.datetime(9999, 12, 20, tzinfo=tz), dt.datetime(9999, 12, 31, 23, 30, tzinfo=tz)


#: (actor, stage, action, fields) for every partner_lead action.
QUESTIONS: List[Tuple[Dict[str, Any], str, str, Optional[Dict[str, Any]]]] = [
    (PARTNER, "pending", "accept", None),
    (PARTNER, "pending", "decline", {"reason": "out of territory"}),
    (SOURCE, "pending", "reassign", {"partner": "beta"}),
    (SYSTEM, "pending", "expire", None),
    (PARTNER, "accepted", "convert", {"opportunity_id": "O-1"}),
    (PARTNER, "accepted", "close", None),
]


def outcome(call: Any) -> Dict[str, Any]:
    try:
        return {"answer": dict(call().to_dict())}
    except leadrules.Error as error:
        return {"error": (error.code, error.message, error.path)}


def as_text(value: Any) -> Any:
    """The same value with every datetime its `isoformat()` text."""
    if isinstance(value, dict):
        return {k: as_text(v) for k, v in value.items()}
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def ask(engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any], action: str,
        fields: Optional[Dict[str, Any]], now: Any) -> Dict[str, Any]:
    extra = {} if fields is None else {"fields": fields}
    return outcome(lambda: engine.transition(actor, lead, action, workflow="partner_lead", now=now, **extra))


def decide(engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any], action: str,
           fields: Optional[Dict[str, Any]], now: Any) -> Dict[str, Any]:
    request = {"kind": "transition", "workflow": "partner_lead", "action": action, "actor": actor,
               "lead": lead, "now": now}
    if fields is not None:
        request["fields"] = fields
    try:
        return {"answer": dict(engine.decide(request))}
    except leadrules.Error as error:
        return {"error": (error.code, error.message, error.path)}


def leads(stage: str, created: dt.datetime, now: dt.datetime) -> Iterator[Dict[str, Any]]:
    base = {"id": "L9", "stage": stage, "partner": "acme", "source": "vendor"}
    for template in (None, "emea"):
        yield {**base, "template": template, "created_at": created, "expires_at": None,
               "accepted_at": created if stage == "accepted" else None}
        yield {**base, "template": template, "created_at": created, "expires_at": now,
               "accepted_at": created if stage == "accepted" else None, "reassigned_at": created}


@pytest.mark.parametrize("tz", ZONES, ids=repr)
def test_aware_datetimes_answer_as_their_text(tz: Any) -> None:
    asked = 0
    for created, now in moments(tz):
        for actor, stage, action, fields in QUESTIONS:
            for lead in leads(stage, created, now):
                by_fields = ask(ENGINE, actor, lead, action, fields, now)
                by_text = ask(ENGINE, actor, as_text(lead), action, fields, now.isoformat())
                assert by_fields == by_text, (lead, action, now)
                assert by_fields == decide(ENGINE, actor, lead, action, fields, now), (lead, action, now)
                asked += 1
    assert asked > 100


def test_answers_write_the_instant_given_to_the_microsecond() -> None:
    now = dt.datetime(2026, 11, 23, 9, 30, 15, 250001, tzinfo=zone(-3, 30))
    lead = {"id": "L9", "stage": "pending", "partner": "acme", "source": "vendor",
            "created_at": dt.datetime(2026, 11, 20, 9, 30, tzinfo=zone(5, 45))}
    decision = ENGINE.transition(PARTNER, lead, "accept", workflow="partner_lead", now=now)
    stamped = dt.datetime(2026, 11, 23, 13, 0, 15, 250001, tzinfo=dt.timezone.utc)
    for effects in (decision.to_dict()["effects"], decision.effects):
        recorded = [e for e in effects if e["kind"] == "record"]
        assert recorded == [{"kind": "record", "lead": "L9", "field": "accepted_at", "value": stamped}]
        assert recorded[0]["value"].tzinfo is dt.timezone.utc


@pytest.mark.parametrize(
    "value,path",
    [
        (dt.datetime(2026, 11, 20, 9, 30), "lead.created_at"),
        (dt.datetime(2026, 11, 20, 9, 30, tzinfo=Unknown()), "lead.created_at"),
        (dt.datetime(2026, 11, 20, 9, 30, tzinfo=zone(5, 45, 30)), "lead.created_at"),
        (dt.datetime(9999, 12, 31, 23, tzinfo=zone(-5)), "lead.created_at"),
    ],
)
def test_datetimes_the_text_would_refuse_are_refused_at_their_path(value: dt.datetime, path: str) -> None:
    lead = {"id": "L9", "stage": "pending", "partner": "acme", "source": "vendor", "created_at": value}
    now = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone.utc)
    with pytest.raises(leadrules.Error) as raised:
        ENGINE.transition(PARTNER, lead, "accept", workflow="partner_lead", now=now)
    assert (raised.value.code, raised.value.path) == ("invalid_timestamp", path)
    assert outcome(lambda: ENGINE.transition(PARTNER, lead, "accept", workflow="partner_lead", now=now)) == \
        ask(ENGINE, PARTNER, as_text(lead), "accept", None, now.isoformat())


def test_a_naive_now_is_refused_at_now() -> None:
    lead = {"id": "L9", "stage": "pending", "partner": "acme", "source": "vendor",
            "created_at": dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.timezone.utc)}
    with pytest.raises(leadrules.Error) as raised:
        ENGINE.transition(PARTNER, lead, "accept", workflow="partner_lead", now=dt.datetime(2026, 11, 23, 9, 30))
    assert (raised.value.code, raised.value.path) == ("invalid_timestamp", "now")


def test_a_datetime_subclass_answers_as_its_text() -> None:
    created = Subclass(2026, 11, 20, 9, 30, 0, 5, tzinfo=zone(5, 45))
    now = Subclass(2026, 11, 23, 9, 30, tzinfo=zone(-9, 30))
    for actor, stage, action, fields in QUESTIONS:
        for lead in leads(stage, created, now):
            by_fields = ask(ENGINE, actor, lead, action, fields, now)
            assert by_fields == ask(ENGINE, actor, as_text(lead), action, fields, now.isoformat())
            assert by_fields == decide(ENGINE, actor, lead, action, fields, now)


@pytest.mark.parametrize("key", ["created_at", "now"])
def test_a_utcoffset_that_raises_is_an_error_as_decide_reports_it(key: str) -> None:
    failing = dt.datetime(2026, 11, 20, 9, 30, tzinfo=Raising())
    ok = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.timezone.utc)
    lead = {"id": "L9", "stage": "pending", "partner": "acme", "source": "vendor",
            "created_at": failing if key == "created_at" else ok}
    now = failing if key == "now" else ok
    typed = ask(ENGINE, PARTNER, lead, "accept", None, now)
    assert typed == decide(ENGINE, PARTNER, lead, "accept", None, now)
    assert "error" in typed
    with pytest.raises(leadrules.Error) as raised:
        ENGINE.transition(PARTNER, lead, "accept", workflow="partner_lead", now=now)
    assert isinstance(raised.value.__cause__, ValueError)


# --- the protocol path: datetimes reach core as their isoformat() text -----------------


class Shifted(dt.timedelta):
    """A timedelta subclass as an offset (isoformat accepts it)."""


class Odd(dt.tzinfo):
    """A tzinfo answering `answer` from utcoffset."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer

    def utcoffset(self, when: Optional[dt.datetime]) -> Any:
        return self.answer

    def dst(self, when: Optional[dt.datetime]) -> Optional[dt.timedelta]:
        return None


def random_datetimes(count: int) -> Iterator[dt.datetime]:
    import random

    rng = random.Random(20261123)
    real = [ZoneInfo(name) for name in ("Europe/Berlin", "America/New_York", "Asia/Kathmandu",
                                          "Australia/Lord_Howe", "America/Santiago")]
    micro_day = 86_400_000_000
    for _ in range(count):
        day = dt.date.fromordinal(rng.randint(1, dt.date.max.toordinal()))
        micro = rng.choice([0, rng.randint(0, 999_999)])
        pick = rng.randint(0, 6)
        if pick == 0:
            tz: Any = None
        elif pick == 1:
            tz = dt.timezone.utc
        elif pick == 2:
            tz = dt.timezone(dt.timedelta(minutes=rng.randint(-1439, 1439)))
        elif pick == 3:
            tz = dt.timezone(dt.timedelta(seconds=rng.randint(-86_399, 86_399)))
        elif pick == 4:
            tz = dt.timezone(dt.timedelta(microseconds=rng.randint(-micro_day + 1, micro_day - 1)))
        elif pick == 5:
            tz = Odd(Shifted(minutes=rng.randint(-1439, 1439), microseconds=rng.choice([0, 1])))
        else:
            tz = rng.choice(real)
        yield dt.datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59),
                          rng.randint(0, 59), micro, tzinfo=tz, fold=rng.randint(0, 1))


def echoed(value: Any) -> Any:
    """What core saw for `value`: `lead.id` is echoed in a handover's effects
    (a datetime in the lead takes the protocol path)."""
    actor = {"id": "u1", "org": "north", "role": "professional"}
    try:
        decision = ENGINE_TREE.can_handover(actor, {"id": value, "org": "north", "owner": "u1"}, "hq")
    except leadrules.Error as error:
        return (error.code, error.path, error.message, type(error.__cause__))
    return decision.effects[0]["lead"]


ENGINE_TREE = leadrules.Engine({"orgs": [{"id": "hq", "handover": True}, {"id": "north", "parent": "hq"}]})


def test_datetimes_reach_core_as_their_isoformat_text() -> None:
    for value in random_datetimes(3000):
        assert echoed(value) == value.isoformat(), repr(value)


@pytest.mark.parametrize(
    "answer",
    [dt.timedelta(days=1), -dt.timedelta(days=1), 5, "+01:00", Shifted(hours=2, microseconds=7)],
    ids=repr,
)
def test_an_offset_isoformat_refuses_is_refused_as_isoformat_refuses_it(answer: Any) -> None:
    value = dt.datetime(2026, 11, 23, 9, 30, tzinfo=Odd(answer))
    try:
        expected: Any = value.isoformat()
    except Exception as error:  # noqa: BLE001 - whatever isoformat raises
        expected = ("invalid_request", "lead.id",
                    f"the datetime could not be converted: {type(error).__name__}: {error}", type(error))
    assert echoed(value) == expected


def test_a_utcoffset_that_raises_is_reported_as_isoformat_raised_it() -> None:
    value = dt.datetime(2026, 11, 23, 9, 30, tzinfo=Raising())
    assert echoed(value) == ("invalid_request", "lead.id",
                             "the datetime could not be converted: ValueError: no offset today", ValueError)
