"""The typed calls answer every conformance vector they can ask exactly as
`decide` does: `can_handover`, `transition`, `can_edit`, ... read the
host's values directly (no protocol request) and must not drift from the
protocol. Each vector is asked through `typed_calls.typed_call` (the one
mapping from vectors to typed calls, shared with test_host_records.py) as
given, and once more with its RFC 3339 timestamps as aware datetimes (the
host's own values)."""

import datetime as dt
import json
import re
from typing import Any, Dict, List, Tuple

import pytest

import leadrules
from test_conformance import CASES, VECTORS
from typed_calls import DECISIONS, protocol_answer, typed_call

Case = Tuple[str, Any, Dict[str, Any]]
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
#: The keys of a request's envelope the protocol defines.
ENVELOPE = frozenset(
    (
        "kind", "workflow", "action", "now", "actor", "lead", "to", "owner", "primary", "secondary", "leads",
        "fields", "pools", "candidates",
    )
)
#: The kinds whose typed answer has the protocol's shape (`to_dict()`).
KINDS = DECISIONS + ("targets", "assign", "match_keys", "match")


def typed_cases() -> List[Case]:
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


def as_datetimes(value: Any) -> Any:
    """The same request with every timestamp text an aware datetime."""
    if isinstance(value, dict):
        return {k: as_datetimes(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_datetimes(v) for v in value]
    if isinstance(value, str) and TIMESTAMP.match(value):
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        # Python keeps microseconds; only exact round trips are swapped.
        return parsed if parsed.isoformat().replace("+00:00", "Z") in (value, value.replace("Z", "+00:00")) else value
    return value


@pytest.mark.filterwarnings("ignore::leadrules.UnknownKeyWarning")
@pytest.mark.parametrize("name,config,case", typed_cases(), ids=lambda c: c if isinstance(c, str) else "")
def test_typed_calls_answer_as_decide(name: str, config: Any, case: Dict[str, Any]) -> None:
    engine = engine_for(config)
    for request in (case["request"], as_datetimes(case["request"])):
        call = typed_call(engine, request)
        if call is None:
            continue
        # A typed call has no envelope of the caller's: it is asked what
        # `decide` is asked without the keys it cannot pass.
        asked = {key: value for key, value in request.items() if key in ENVELOPE}
        expected = protocol_answer(lambda: engine.decide(asked))
        if request["kind"] not in DECISIONS + ("assign", "match"):
            # Only a `Decision` and an assignment carry warnings; a typed
            # call of another kind reports them as Python warnings alone.
            expected.pop("warnings", None)
        assert protocol_answer(call) == expected, name


def test_every_kind_with_a_typed_answer_is_asked() -> None:
    """The coverage never shrinks below what the two former helpers had
    (transition, handover, cross_silo), and every kind is asked."""
    asked: Dict[str, int] = {}
    for _, config, case in typed_cases():
        request = case["request"]
        try:
            engine = leadrules.Engine(config)
        except leadrules.ConfigError:
            continue
        if typed_call(engine, request) is not None:
            asked[request["kind"]] = asked.get(request["kind"], 0) + 1
    assert set(asked) == set(KINDS), asked
    assert asked["transition"] >= 400 and asked["handover"] >= 60 and asked["cross_silo"] >= 30, asked


def test_every_match_vector_is_asked_through_the_typed_calls() -> None:
    """Every vector of match.json whose config builds (a vector about a bad
    config has no typed call to ask, nor one missing an argument) is asked through `match_keys`, `match_keys_many` or
    `match`."""
    suite = json.loads((VECTORS / "match.json").read_text(encoding="utf-8"))
    names = {case["name"] for case in suite["cases"]}
    vectors = [(name, config, case) for name, config, case in CASES if name in names]
    assert len(vectors) == len(names) >= 170, len(vectors)
    unasked = []
    for name, config, case in vectors:
        try:
            engine = leadrules.Engine(config)
        except leadrules.ConfigError:
            assert "error" in case["expect"], name
            continue
        request = case["request"]
        # A missing argument (`lead` and `leads` both or neither, no
        # `candidates`) is no typed call's question.
        if request["kind"] == "match_keys":
            askable = ("lead" in request) != ("leads" in request)
        else:
            askable = "lead" in request and "candidates" in request
        if askable and typed_call(engine, request) is None:
            unasked.append(name)
    assert unasked == []
