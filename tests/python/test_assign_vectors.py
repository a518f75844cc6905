"""Every vector of tests/conformance/assign.json (and the other files'
vectors of its kinds) asked through the typed
calls (`assign`, `assign_many`, `change_owner`, mapped by
`typed_calls.typed_call`, the one mapping) answers exactly the vector's
expected response, or raises its error at its path; and once more with
the pools' members and the leads as host records."""

from typing import Any, Dict

import pytest

import leadrules
from test_conformance import CASES, strip_messages
from test_host_records import as_dataclass, records
from typed_calls import protocol_answer, typed_call

#: Every vector of those kinds, in any file (assign.json, unknown_keys.json, errors.json).
VECTORS = [(name, config, case) for name, config, case in CASES
           if isinstance(case.get("request"), dict) and case["request"].get("kind") in ("assign", "change_owner")]


@pytest.mark.parametrize(("name", "config", "case"), VECTORS, ids=[name for name, _, _ in VECTORS])
def test_typed_calls_answer_the_vector(name: str, config: Any, case: Dict[str, Any]) -> None:
    try:
        engine = leadrules.Engine(config)
    except leadrules.ConfigError:
        pytest.skip("the vector is about its config")
    for facts in (lambda fact: fact, records(as_dataclass, True)):
        call = typed_call(engine, case["request"], facts)
        if call is None:
            pytest.skip("both `lead` and `leads`, or neither: no typed call asks that")
        assert strip_messages(protocol_answer(call)) == case["expect"], name


def test_the_vectors_are_asked() -> None:
    """Nearly every vector of the file reaches a typed call: all but the
    config errors and the requests no typed call can make."""
    asked = {"assign": 0, "assign_many": 0, "change_owner": 0}
    for _, config, case in VECTORS:
        try:
            engine = leadrules.Engine(config)
        except leadrules.ConfigError:
            continue
        request = case["request"]
        if typed_call(engine, request) is not None:
            kind = request["kind"]
            asked["assign_many" if kind == "assign" and "leads" in request else kind] += 1
    assert asked["assign"] >= 150 and asked["assign_many"] >= 10 and asked["change_owner"] >= 25, asked
