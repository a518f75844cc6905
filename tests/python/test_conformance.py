"""Runs the shared conformance vectors (tests/conformance/*.json, see its
README) through the Python API, like the Rust and C runners do.

Each case builds an ``Engine`` from its config and asks ``decide``. A raised
``leadrules.Error`` is turned back into the protocol's error envelope, and
the answer's instants (aware UTC datetimes in Python) into the text the
JSON protocol writes for them, so that the comparison is the same as in
every other language. A ``request``
that is a JSON object is passed as a dict (the object path); every request
is also passed as JSON text, and both answers must agree.
"""

import datetime as dt
import json
import warnings
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import leadrules

VECTORS = Path(__file__).resolve().parent.parent / "conformance"


def load_cases() -> List[Tuple[str, Any, Dict[str, Any]]]:
    cases = []
    files = sorted(VECTORS.glob("*.json"))
    assert files, f"no vector files in {VECTORS}"
    for file in files:
        suite = json.loads(file.read_text(encoding="utf-8"))
        configs = suite.get("configs", {})
        for case in suite["cases"]:
            config = case.get("config", {})
            if isinstance(config, str):
                config = configs[config]
            cases.append((case["name"], config, case))
    names = [name for name, _, _ in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


CASES = load_cases()


def envelope(error: leadrules.Error) -> Dict[str, Any]:
    """The protocol's error object, rebuilt from an exception."""
    inner: Dict[str, Any] = {"code": error.code, "message": error.message, "path": error.path}
    if error.problems:
        inner["problems"] = [dict(p) for p in error.problems]
    return {"error": inner}


def utc_text(at: dt.datetime) -> str:
    """An instant as the JSON protocol writes it: RFC 3339 in UTC, with
    milli- or microseconds only when it has them."""
    assert at.tzinfo is dt.timezone.utc, at
    text = f"{at.year:04d}-{at.month:02d}-{at.day:02d}T{at.hour:02d}:{at.minute:02d}:{at.second:02d}"
    if at.microsecond % 1000:
        text += f".{at.microsecond:06d}"
    elif at.microsecond:
        text += f".{at.microsecond // 1000:03d}"
    return text + "Z"


def strip_messages(value: Any) -> Any:
    """Drops every key named "message", at any depth, and writes instants
    as the JSON protocol does."""
    if isinstance(value, dict):
        return {k: strip_messages(v) for k, v in value.items() if k != "message"}
    if isinstance(value, list):
        return [strip_messages(v) for v in value]
    if isinstance(value, dt.datetime):
        return utc_text(value)
    return value


def ask(config: Any, request: Any) -> Dict[str, Any]:
    try:
        engine = leadrules.Engine(config)
    except leadrules.Error as error:
        return envelope(error)
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        try:
            answer = engine.decide(request)
        except leadrules.Error as error:
            answer = envelope(error)
    # An engine that warns on unknown keys warns each of the answer's
    # warnings in Python too, from the caller's line, and nothing else.
    emitted = [(w.message.code, w.message.path) for w in warned if isinstance(w.message, leadrules.UnknownKeyWarning)]
    listed = [(w["code"], w["path"]) for w in answer.get("warnings", [])]
    assert emitted == listed
    assert all(w.filename == __file__ for w in warned)
    return answer


@pytest.mark.parametrize(
    ("config", "case"),
    [pytest.param(config, case, id=name) for name, config, case in CASES],
)
def test_vector(config: Any, case: Dict[str, Any]) -> None:
    expect = case["expect"]
    if "request_text" in case:
        text = case["request_text"]
    else:
        request = case["request"]
        text = json.dumps(request)
        if not isinstance(request, str):
            # The object path: dicts, and also lists and numbers (which the
            # protocol refuses as it refuses them in text).
            assert strip_messages(ask(config, request)) == expect
    actual = ask(config, text)
    assert strip_messages(actual) == expect


def test_config_as_text_agrees() -> None:
    """A config passed as JSON text answers like the same config as a dict."""
    for name, config, case in CASES:
        if "request" not in case or not isinstance(case["request"], dict):
            continue
        assert ask(json.dumps(config), case["request"]) == ask(config, case["request"]), name
