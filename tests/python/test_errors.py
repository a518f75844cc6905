"""Exceptions: classes per code, paths, problems, non-JSON values, pickling."""

import datetime
import decimal
import math
import pickle
from typing import Any, Dict, Type

import pytest

import leadrules
from leadrules._errors import error_class


def test_hierarchy() -> None:
    assert issubclass(leadrules.ConfigError, leadrules.Error)
    assert issubclass(leadrules.ConfigError, ValueError)
    assert issubclass(leadrules.RequestError, leadrules.Error)
    assert issubclass(leadrules.RequestError, ValueError)
    assert issubclass(leadrules.UnknownReferenceError, leadrules.RequestError)
    assert issubclass(leadrules.UnknownReferenceError, LookupError)
    assert issubclass(leadrules.InternalError, leadrules.Error)
    assert not issubclass(leadrules.InternalError, ValueError)
    assert not issubclass(leadrules.ConfigError, LookupError)


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        ("invalid_config", leadrules.ConfigError),
        ("invalid_json", leadrules.RequestError),
        ("invalid_request", leadrules.RequestError),
        ("unknown_kind", leadrules.RequestError),
        ("invalid_timestamp", leadrules.RequestError),
        ("invalid_duration", leadrules.RequestError),
        ("unknown_org", leadrules.UnknownReferenceError),
        ("unknown_role", leadrules.UnknownReferenceError),
        ("unknown_workflow", leadrules.UnknownReferenceError),
        ("unknown_action", leadrules.UnknownReferenceError),
        ("unknown_stage", leadrules.UnknownReferenceError),
        ("unknown_template", leadrules.UnknownReferenceError),
        ("internal", leadrules.InternalError),
        ("something_new", leadrules.Error),
    ],
)
def test_error_class(code: str, cls: Type[leadrules.Error]) -> None:
    assert error_class(code) is cls


def _raise(engine: leadrules.Engine, request: Any) -> leadrules.Error:
    with pytest.raises(leadrules.Error) as info:
        engine.decide(request)
    return info.value


@pytest.mark.parametrize(
    ("request_", "code", "path", "cls"),
    [
        ("{", "invalid_json", "", leadrules.RequestError),
        ("", "invalid_json", "", leadrules.RequestError),
        ("[1]", "invalid_request", "", leadrules.RequestError),
        ([1], "invalid_request", "", leadrules.RequestError),
        ({}, "invalid_request", "kind", leadrules.RequestError),
        ({"kind": "teleport"}, "unknown_kind", "kind", leadrules.RequestError),
        ({"kind": "sweep"}, "invalid_request", "workflow", leadrules.RequestError),
        ({"kind": "targets"}, "invalid_request", "actor", leadrules.RequestError),
        (
            {"kind": "targets", "actor": {"id": "u", "org": "mars", "role": "basic"}},
            "unknown_org",
            "actor.org",
            leadrules.UnknownReferenceError,
        ),
        (
            {"kind": "targets", "actor": {"id": "u", "org": "hq", "role": "wizard"}},
            "unknown_role",
            "actor.role",
            leadrules.UnknownReferenceError,
        ),
    ],
)
def test_request_errors(
    engine: leadrules.Engine, request_: Any, code: str, path: str, cls: Type[leadrules.Error]
) -> None:
    error = _raise(engine, request_)
    assert type(error) is cls
    assert (error.code, error.path, error.problems) == (code, path, [])
    assert error.message


def test_str_is_readable(engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]) -> None:
    with pytest.raises(leadrules.UnknownReferenceError) as info:
        engine.can_handover(actor, lead, "mars")
    assert str(info.value) == "unknown_org at `to`: unknown org `mars`"
    assert (
        repr(info.value)
        == "UnknownReferenceError(code='unknown_org', message='unknown org `mars`', path='to')"
    )
    assert isinstance(info.value, LookupError)
    error = _raise(engine, "nope")
    assert str(error).startswith("invalid_json: the request is not valid JSON")


def test_config_errors_list_every_problem() -> None:
    with pytest.raises(leadrules.ConfigError) as info:
        leadrules.Engine({"orgs": [{"id": "a", "parent": "b"}, {"id": 3}], "colour": "red"})
    error = info.value
    assert isinstance(error, ValueError)
    assert error.code == "invalid_config"
    paths = [p["path"] for p in error.problems]
    assert paths[:2] == ["orgs[0].parent", "orgs[1].id"] and len(paths) == 3
    assert (error.path, error.message.split(" (and")[0]) == (paths[0], error.problems[0]["message"])
    text = str(error)
    assert text.startswith("invalid_config at `orgs[0].parent`: ")
    assert all(f"  - {p}: " in text for p in paths)


@pytest.mark.parametrize("config", ["{", "", "[]", [], 5, {"orgs": {}}])
def test_bad_configs(config: Any) -> None:
    with pytest.raises(leadrules.ConfigError) as info:
        leadrules.Engine(config)
    assert info.value.problems and info.value.code == "invalid_config"


class Opaque:
    pass


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (datetime.timedelta(minutes=5), "timedelta"),
        ({"a", "b"}, "set"),
        (b"bytes", "bytes"),
        (decimal.Decimal("NaN"), "JSON number"),
        (Opaque(), "Opaque"),
        (float("nan"), "JSON number"),
        (math.inf, "JSON number"),
        (10**400, "too large"),
        ("\ud800", "Unicode"),
    ],
)
def test_non_json_values_name_their_path(
    engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any], value: Any, fragment: str
) -> None:
    with pytest.raises(leadrules.RequestError) as typed:
        engine.can_handover(actor, {**lead, "owner": value}, "hq")
    assert (typed.value.code, typed.value.path) == ("invalid_request", "lead.owner")
    assert fragment in typed.value.message
    with pytest.raises(leadrules.RequestError) as json_way:
        engine.decide({"kind": "handover", "actor": actor, "lead": {**lead, "owner": value}, "to": "hq"})
    assert (json_way.value.code, json_way.value.path) == ("invalid_request", "lead.owner")


def test_non_json_paths_are_exact(engine: leadrules.Engine, actor: Dict[str, Any]) -> None:
    request = {
        "kind": "targets",
        "actor": actor,
        "lead": {"id": "L", "org": "north", "x": [0, {"y": [1, 2, {3}]}]},
    }
    assert _raise(engine, request).path == "lead.x[1].y[2]"
    assert _raise(engine, {"kind": "targets", "meta": {1: "a"}}).path == "meta"
    assert "int key 1" in _raise(engine, {"kind": "targets", "meta": {1: "a"}}).message
    assert _raise(engine, {1: "a"}).path == ""
    with pytest.raises(leadrules.RequestError) as info:
        engine.can_handover(actor, {"id": "L", "org": "north"}, {"hq"})  # type: ignore[arg-type]
    assert info.value.path == "to"
    with pytest.raises(leadrules.RequestError) as info:
        engine.targets({**actor, "tags": [None, math.nan]}, {"id": "L", "org": "north"})
    assert info.value.path == "actor.tags[1]"


def test_big_ints_become_numbers_like_in_text(
    engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]
) -> None:
    for big in [2**63, 2**64 - 1, 2**64, -(2**63) - 1, 10**30]:
        assert engine.can_handover(actor, {**lead, "size": big}, "hq").allowed


def test_deep_and_self_referencing_values(engine: leadrules.Engine, actor: Dict[str, Any]) -> None:
    deep: Any = "leaf"
    for _ in range(1000):
        deep = [deep]
    error = _raise(engine, {"kind": "targets", "junk": deep})
    assert error.code == "invalid_request" and "nested" in error.message
    assert error.path.startswith("junk[0][0]")
    looped: Dict[str, Any] = {}
    looped["self"] = looped
    assert _raise(engine, {"kind": "targets", "junk": looped}).code == "invalid_request"
    with pytest.raises(leadrules.ConfigError) as info:
        leadrules.Engine({"orgs": [], "x": deep})
    assert info.value.problems[0]["path"].startswith("x[0]")


def test_non_json_config_value_is_a_config_error() -> None:
    with pytest.raises(leadrules.ConfigError) as info:
        leadrules.Engine({"orgs": [{"id": "hq", "handover": {True}}]})
    assert info.value.path == "orgs[0].handover"
    assert info.value.problems == [{"path": "orgs[0].handover", "message": info.value.message}]


@pytest.mark.parametrize(
    "error",
    [
        leadrules.ConfigError("invalid_config", "bad", "orgs[0]", [{"path": "orgs[0]", "message": "bad"}]),
        leadrules.RequestError("invalid_request", "missing `kind`", "kind"),
        leadrules.UnknownReferenceError("unknown_org", "unknown org `x`", "to"),
        leadrules.InternalError("internal", "oops"),
        leadrules.Error("future_code", "something"),
    ],
)
def test_exceptions_pickle(error: leadrules.Error) -> None:
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is type(error)
    assert (clone.code, clone.message, clone.path, clone.problems) == (
        error.code,
        error.message,
        error.path,
        error.problems,
    )
    assert str(clone) == str(error)


def test_raised_exceptions_pickle(engine: leadrules.Engine) -> None:
    with pytest.raises(leadrules.ConfigError) as config:
        leadrules.Engine({"orgs": [{"id": ""}, {"id": "a", "parent": "zz"}]})
    error = _raise(engine, {"kind": "targets", "actor": {"id": "u", "org": "mars", "role": "basic"}})
    for original in [config.value, error]:
        clone = pickle.loads(pickle.dumps(original))
        assert type(clone) is type(original)
        assert clone.args == original.args and clone.problems == original.problems
    assert type(config.value).__module__ == "leadrules"
