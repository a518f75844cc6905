"""The SLA clock from Python: `Engine.sla(calendar, start, target, now,
paused)` → `Sla`. Every `sla` vector of tests/conformance/sla.json is asked
through it (as given, and with the host's own values: `timedelta`
targets, aware datetimes, `(from, to)` tuples) and must answer what the
vector expects and what `decide` answers, errors included (code, path and
message)."""

import datetime as dt
import json
import pickle
import re
from typing import Any, Dict, List, Optional, Tuple

import pytest

import leadrules
from test_conformance import CASES, VECTORS, envelope, strip_messages
from test_typed_conformance import as_datetimes

UTC = dt.timezone.utc
H = dt.timedelta(hours=1)
SUITE = json.loads((VECTORS / "sla.json").read_text(encoding="utf-8"))
NAMES = {case["name"] for case in SUITE["cases"]}
VECTORS_OF_SLA = [
    (name, config, case)
    for name, config, case in CASES
    if name in NAMES and isinstance(case["request"], dict) and case["request"].get("kind") == "sla"
]
CALENDARS = SUITE["configs"]["calendars"]
DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$")


def as_timedelta(target: Any) -> Any:
    """Duration text of whole hours, minutes and seconds as a `timedelta`;
    anything else as it is."""
    found = DURATION.match(target) if isinstance(target, str) and target != "PT" else None
    if found is None:
        return target
    hours, minutes, seconds = (int(part or 0) for part in found.groups())
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def as_tuples(paused: Any) -> Any:
    """Pauses that are `{"from", "to"}` objects (and nothing else) as
    `(from, to)` tuples."""
    if not isinstance(paused, list):
        return paused
    return [
        (p["from"], p.get("to")) if isinstance(p, dict) and "from" in p and set(p) <= {"from", "to"} else p
        for p in paused
    ]


def typed(engine: leadrules.Engine, request: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """`engine.sla` asked `request`'s question, in the protocol's shape;
    None for a request missing an argument."""
    if not all(key in request for key in ("calendar", "start", "target", "now")):
        return None
    paused = {"paused": request["paused"]} if "paused" in request else {}
    try:
        answer = engine.sla(request["calendar"], request["start"], request["target"], request["now"], **paused)
    except leadrules.Error as error:
        return envelope(error)
    assert isinstance(answer, leadrules.Sla)
    return answer.to_dict()


def protocol(engine: leadrules.Engine, request: Dict[str, Any]) -> Dict[str, Any]:
    try:
        return engine.decide(request)
    except leadrules.Error as error:
        return envelope(error)


def host_values(request: Dict[str, Any]) -> Dict[str, Any]:
    """The request with a host's values: aware datetimes, a `timedelta`
    target, tuple pauses."""
    made = as_datetimes(request)
    made["target"] = as_timedelta(made.get("target"))
    if "paused" in made:
        made["paused"] = as_tuples(made["paused"])
    return made


@pytest.mark.parametrize(("name", "config", "case"), VECTORS_OF_SLA, ids=[v[0] for v in VECTORS_OF_SLA])
def test_every_sla_vector_answers_as_decide(name: str, config: Any, case: Dict[str, Any]) -> None:
    request = case["request"]
    try:
        engine = leadrules.Engine(config)
    except leadrules.ConfigError:
        assert "error" in case["expect"], name
        return
    asked = typed(engine, request)
    if asked is None:
        return
    assert strip_messages(asked) == case["expect"], name
    assert asked == protocol(engine, request), name
    if "error" not in case["expect"]:
        # The host's own values answer alike.
        assert typed(engine, host_values(request)) == asked, name


def test_the_vectors_are_asked() -> None:
    asked = 0
    for _, config, case in VECTORS_OF_SLA:
        request = case["request"]
        try:
            engine = leadrules.Engine(config)
        except leadrules.ConfigError:
            continue
        asked += typed(engine, request) is not None
    assert asked >= 150, asked


@pytest.fixture(scope="module")
def engine() -> leadrules.Engine:
    return leadrules.Engine(CALENDARS)


def berlin(*fields: int) -> dt.datetime:
    return dt.datetime(*fields, tzinfo=dt.timezone(dt.timedelta(hours=1)))  # type: ignore[misc]


def test_an_sla_has_the_answers_fields(engine: leadrules.Engine) -> None:
    sla = engine.sla("office", berlin(2026, 12, 21, 16), 2 * H, berlin(2026, 12, 21, 17))
    assert sla.due_at == dt.datetime(2026, 12, 21, 17, tzinfo=UTC) and sla.due_at.tzinfo is UTC
    assert (sla.elapsed, sla.remaining, sla.breached, sla.open_now) == (H, H, False, True)
    assert sla.next_open == dt.datetime(2026, 12, 21, 16, tzinfo=UTC)  # open now: now itself
    assert sla.to_dict() == {
        "due_at": dt.datetime(2026, 12, 21, 17, tzinfo=UTC),
        "elapsed": "PT1H",
        "remaining": "PT1H",
        "breached": False,
        "open_now": True,
        "next_open": dt.datetime(2026, 12, 21, 16, tzinfo=UTC),
    }
    assert repr(sla) == (
        "<Sla due_at=2026-12-21T17:00:00Z elapsed=PT1H remaining=PT1H breached=False open_now=True "
        "next_open=2026-12-21T16:00:00Z>"
    )


def test_a_pause_stops_the_clock(engine: leadrules.Engine) -> None:
    start, now = berlin(2026, 12, 21, 9), berlin(2026, 12, 21, 12)
    pause = (berlin(2026, 12, 21, 10), berlin(2026, 12, 21, 11))
    as_tuple = engine.sla("office", start, 4 * H, now, [pause])
    as_dict = engine.sla("office", start, 4 * H, now, [{"from": pause[0], "to": pause[1]}])
    assert as_tuple == as_dict and hash(as_tuple) == hash(as_dict)
    assert as_tuple.elapsed == 2 * H and as_tuple.remaining == 2 * H
    assert as_tuple.due_at == dt.datetime(2026, 12, 21, 14, tzinfo=UTC)  # 15:00 in Berlin: lunch and the pause
    # A pause still open: no instant uses the target up.
    waiting = engine.sla("office", start, 4 * H, now, ((pause[0], None),))
    assert waiting.due_at is None and waiting.elapsed == H and not waiting.breached
    # No pause at all, in every spelling.
    plain = engine.sla("office", start, 4 * H, now)
    assert engine.sla("office", start, 4 * H, now, []) == plain == engine.sla("office", start, 4 * H, now, ())
    assert engine.sla("office", start, 4 * H, now, None) == plain
    assert plain != waiting and plain != "sla"


def test_a_calendar_object_names_its_calendar(engine: leadrules.Engine) -> None:
    start, now = berlin(2026, 12, 21, 9), berlin(2026, 12, 21, 12)
    assert engine.sla(engine.calendar("office"), start, "PT4H", now) == engine.sla("office", start, 4 * H, now)


def test_a_target_is_whole_seconds(engine: leadrules.Engine) -> None:
    start, now = berlin(2026, 12, 21, 9), berlin(2026, 12, 21, 9, 30)
    fraction = engine.sla("office", start, dt.timedelta(minutes=30, microseconds=999_999), now)
    assert fraction.breached and fraction.remaining == dt.timedelta(0)
    zero = engine.sla("office", start, dt.timedelta(0), now)
    assert zero.due_at == start and zero.breached


def test_breached_and_elapsed_past_the_target(engine: leadrules.Engine) -> None:
    sla = engine.sla("office", berlin(2026, 12, 21, 9), H, berlin(2026, 12, 22, 8, 30))
    assert sla.breached and sla.elapsed == 8 * H and sla.remaining == dt.timedelta(0)
    assert not sla.open_now and sla.next_open == dt.datetime(2026, 12, 22, 8, tzinfo=UTC)


def sla_error(call: Any) -> Tuple[str, str]:
    with pytest.raises(leadrules.RequestError) as raised:
        call()
    return raised.value.code, raised.value.path


def test_errors_are_at_the_requests_paths(engine: leadrules.Engine) -> None:
    start, now = berlin(2026, 12, 21, 9), berlin(2026, 12, 21, 12)
    naive = dt.datetime(2026, 12, 21, 9)
    assert sla_error(lambda: engine.sla("nope", start, H, now)) == ("unknown_calendar", "calendar")
    assert sla_error(lambda: engine.sla(7, start, H, now)) == ("invalid_request", "calendar")
    assert sla_error(lambda: engine.sla("office", naive, H, now)) == ("invalid_timestamp", "start")
    assert sla_error(lambda: engine.sla("office", start, H, naive)) == ("invalid_timestamp", "now")
    assert sla_error(lambda: engine.sla("office", start, -H, now)) == ("invalid_request", "target")
    assert sla_error(lambda: engine.sla("office", start, "P1D", now)) == ("invalid_duration", "target")
    assert sla_error(lambda: engine.sla("office", start, 3600, now)) == ("invalid_request", "target")
    assert sla_error(lambda: engine.sla("office", start, 200 * 366 * 24 * H, now)) == ("invalid_duration", "target")
    assert sla_error(lambda: engine.sla("office", start, H, now, [(naive, None)])) == (
        "invalid_timestamp",
        "paused[0].from",
    )
    assert sla_error(lambda: engine.sla("office", start, H, now, [(start, now), (now, start)])) == (
        "invalid_request",
        "paused[1].to",
    )
    assert sla_error(lambda: engine.sla("office", start, H, now, [(start,)])) == ("invalid_request", "paused[0]")
    assert sla_error(lambda: engine.sla("office", start, H, now, [{"to": now}])) == ("invalid_request", "paused[0].from")
    assert sla_error(lambda: engine.sla("office", start, H, now, {"from": start})) == ("invalid_request", "paused")
    with pytest.raises(leadrules.UnknownReferenceError):
        engine.sla("nope", start, H, now)


def test_an_sla_pickles_and_refuses_impossible_fields(engine: leadrules.Engine) -> None:
    answers: List[leadrules.Sla] = [
        engine.sla("office", berlin(2026, 12, 21, 9), 4 * H, berlin(2026, 12, 21, 12)),
        engine.sla("office", berlin(2026, 12, 21, 9), 4 * H, berlin(2026, 12, 21, 12), [(berlin(2026, 12, 21, 9), None)]),
    ]
    for sla in answers:
        loaded = pickle.loads(pickle.dumps(sla))
        assert loaded == sla and hash(loaded) == hash(sla) and loaded.to_dict() == sla.to_dict()
    for parts in (
        (None, -1, 0, True, False, None),
        (None, 0, 5, True, False, None),
        (None, 0, 0, False, False, None),
        (None, 0, 5, False, True, None),
        (10**15, 0, 5, False, False, None),
    ):
        with pytest.raises(ValueError, match="not the fields of an sla"):
            leadrules.Sla._from_parts(*parts)


def test_a_strict_engine_reads_the_translated_arguments() -> None:
    """A `timedelta` target and tuple pauses become the protocol's own
    keys: an engine that refuses unknown keys reads them."""
    strict = leadrules.Engine(CALENDARS, strict=True)
    start, now = berlin(2026, 12, 21, 9), berlin(2026, 12, 21, 12)
    answer = strict.sla("office", start, 4 * H, now, [(start, berlin(2026, 12, 21, 10))])
    assert answer == leadrules.Engine(CALENDARS).sla("office", start, "PT4H", now, [{"from": start, "to": berlin(2026, 12, 21, 10)}])
