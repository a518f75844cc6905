"""One reader reads every request, whatever it comes as: JSON text, a
dict read in place, or values converted first (a mapping, a record, an
aware datetime). Every conformance request, and variants of it with one
value replaced by a value of another type, get the same answer or the
same error (class, code, path and message) from `decide` given text, given
a dict and given a mapping, and from the typed call given dicts and given
mappings; with its timestamps as aware datetimes, from dicts and mappings
alike."""

import json
from types import MappingProxyType
from typing import Any, Dict, Iterator, List

import pytest

import leadrules
from test_conformance import CASES
from test_typed_conformance import as_datetimes
from typed_calls import outcome, typed_call

#: What a value is replaced by in a variant: a value of each other JSON
#: type, and a blank string.
REPLACEMENTS: List[Any] = [[], {"x": 1}, 7, " ", None, True]


def variants(request: Dict[str, Any]) -> Iterator[Dict[str, Any]]:
    """The request, then the request with one value of it (or of one of
    its objects) replaced."""
    yield request
    for key, value in request.items():
        for replacement in REPLACEMENTS:
            yield {**request, key: replacement}
        if isinstance(value, dict):
            for inner in value:
                for replacement in REPLACEMENTS:
                    yield {**request, key: {**value, inner: replacement}}


def mapped(value: Any) -> Any:
    """`value` as a read-only mapping (converted before it is read)."""
    return MappingProxyType(value) if isinstance(value, dict) else value


def engine_for(config: Any) -> leadrules.Engine:
    try:
        return leadrules.Engine(config)
    except leadrules.ConfigError:
        pytest.skip("the vector is about its config")


REQUESTS = [
    pytest.param(config, case["request"], id=name)
    for name, config, case in CASES
    if isinstance(case.get("request"), dict)
]


@pytest.mark.parametrize(("config", "request_"), REQUESTS)
def test_text_dict_and_mapping_are_read_alike(config: Any, request_: Dict[str, Any]) -> None:
    engine = engine_for(config)
    for request in variants(request_):
        by_dict = outcome(lambda: engine.decide(request))
        assert outcome(lambda: engine.decide(json.dumps(request))) == by_dict, request
        assert outcome(lambda: engine.decide(MappingProxyType(request))) == by_dict, request


@pytest.mark.parametrize(("config", "request_"), REQUESTS)
def test_typed_calls_read_dicts_and_mappings_alike(config: Any, request_: Dict[str, Any]) -> None:
    engine = engine_for(config)
    for request in [*variants(request_), as_datetimes(request_)]:
        by_dict = typed_call(engine, request)
        if by_dict is None:
            continue
        by_mapping = typed_call(engine, request, mapped)
        assert by_mapping is not None
        assert outcome(by_mapping) == outcome(by_dict), request


def test_an_aware_datetime_reads_as_its_text() -> None:
    """An aware datetime read by its fields (in a dict) answers as its
    `isoformat()` text (what a mapping's datetime converts to), errors
    included."""
    import datetime as dt

    engine = leadrules.Engine()
    actor = {"id": "p7", "org": "acme", "role": "manager"}
    for when in [
        dt.datetime(2026, 11, 20, 9, tzinfo=dt.timezone.utc),
        dt.datetime(2026, 11, 20, 9, 30, 15, 250, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
        dt.datetime(2026, 11, 20, 9, tzinfo=dt.timezone(dt.timedelta(seconds=30))),
        dt.datetime(2026, 11, 20, 9),
    ]:
        lead = {"id": "L9", "stage": "pending", "partner": "acme", "source": "vendor", "created_at": when}
        text_lead = {**lead, "created_at": when.isoformat()}
        for call in (
            lambda lead: engine.transition(actor, lead, "accept", workflow="partner_lead", now=when),
            lambda lead: engine.expiry(lead, workflow="partner_lead", now=when),
        ):
            assert outcome(lambda: call(lead)) == outcome(lambda: call(MappingProxyType(lead))), when
            assert outcome(lambda: call(lead)) == outcome(lambda: call(text_lead)), when


def rebuilt(value: Any, pad: int, own_keys: bool = False) -> Any:
    """`value` with every dict rebuilt: `pad` other keys before and after
    its own (beyond what a read scans for a key), and its own keys new
    `str` objects (equal to the protocol's keys, not the same objects).
    Form fields and a lead's fields are the host's data: not padded; the
    `pools` map is keyed by the host's names (`own_keys`): not padded
    itself, its pools are."""
    if isinstance(value, list):
        return [rebuilt(item, pad) for item in value]
    if not isinstance(value, dict):
        return value
    fresh = {
        "".join(list(key)): rebuilt(item, 0 if key == "fields" else pad, key == "pools" and not own_keys)
        for key, item in value.items()
    }
    if own_keys:
        return fresh
    before = {f"x_before_{i}": i for i in range(pad)}
    after = {f"x_after_{i}": str(i) for i in range(pad)}
    return {**before, **fresh, **after}


@pytest.mark.parametrize(("config", "request_"), REQUESTS)
def test_keys_are_found_whatever_objects_and_wherever(config: Any, request_: Dict[str, Any]) -> None:
    """The reader finds a key by identity among the entries the plain check
    recorded, and looks the dict up otherwise: keys that are other objects,
    among many other keys, read exactly as the request's own."""
    # The padding keys are unknown keys: an engine that checks them would
    # answer them (test_unknown_keys.py); this test is about finding keys.
    engine = engine_for(config)
    if engine.unknown_keys != "ignore":
        engine = leadrules.Engine(config, unknown_keys="ignore")
    expected = outcome(lambda: engine.decide(json.dumps(request_)))
    for pad in (0, 1, 20):
        request = rebuilt(request_, pad)
        assert outcome(lambda: engine.decide(request)) == expected, (pad, request)
        by_dict = typed_call(engine, request)
        if by_dict is not None:
            assert outcome(by_dict) == outcome(typed_call(engine, request_) or by_dict), (pad, request)
