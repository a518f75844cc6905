"""The typed calls answer every conformance vector of their kind exactly as
`decide` does: `transition`, `can_handover` and `can_cross_silo` read plain
dicts directly (no protocol request) and must not drift from the protocol.
Each vector is asked as given, and once more with its RFC 3339 timestamps
as aware datetimes (the host's own values)."""

import datetime as dt
import re
from typing import Any, Dict, List, Tuple

import pytest

import leadrules
from test_conformance import CASES

Case = Tuple[str, Any, Dict[str, Any]]
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def typed_cases(kinds: Tuple[str, ...]) -> List[Case]:
    return [
        case
        for case in CASES
        if isinstance(case[2].get("request"), dict) and case[2]["request"].get("kind") in kinds
    ]


def outcome(call: Any) -> Dict[str, Any]:
    try:
        return dict(call().to_dict())
    except leadrules.Error as error:
        return {"error": {"code": error.code, "message": error.message, "path": error.path}}


def protocol(engine: leadrules.Engine, request: Dict[str, Any]) -> Dict[str, Any]:
    try:
        return dict(engine.decide(request))
    except leadrules.Error as error:
        return {"error": {"code": error.code, "message": error.message, "path": error.path}}


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


@pytest.mark.parametrize("name,config,case", typed_cases(("transition",)), ids=lambda c: c if isinstance(c, str) else "")
def test_transition_answers_as_decide(name: str, config: Any, case: Dict[str, Any]) -> None:
    engine = engine_for(config)
    for request in (case["request"], as_datetimes(case["request"])):
        keys = ("actor", "lead", "action", "workflow", "fields", "now")
        if not all(k in request for k in ("actor", "lead", "action", "workflow")):
            continue
        args = {k: request.get(k) for k in keys}
        extra = {k: v for k, v in (("fields", args["fields"]), ("now", args["now"])) if k in request}
        typed = outcome(
            lambda: engine.transition(args["actor"], args["lead"], args["action"], workflow=args["workflow"], **extra)
        )
        assert typed == protocol(engine, request), name


@pytest.mark.parametrize(
    "name,config,case", typed_cases(("handover", "cross_silo")), ids=lambda c: c if isinstance(c, str) else ""
)
def test_transfers_answer_as_decide(name: str, config: Any, case: Dict[str, Any]) -> None:
    engine = engine_for(config)
    request = case["request"]
    if not all(k in request for k in ("actor", "lead", "to")):
        return
    call = engine.can_handover if request["kind"] == "handover" else engine.can_cross_silo
    typed = outcome(lambda: call(request["actor"], request["lead"], request["to"]))
    assert typed == protocol(engine, request), name
