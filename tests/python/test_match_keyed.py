"""`Engine.match_keyed`: duplicate detection by stored keys answers the
`Matches` that `Engine.match` answers for the records the keys came from
(every `match` conformance vector asked both ways), with the ids checked at
the reader's paths and bad keys refused at theirs."""

import json
import pickle
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import leadrules
from leadrules import DenialCode, ErrorCode, Matches

VECTORS = Path(__file__).resolve().parent.parent / "conformance"

CONFIG: Dict[str, Any] = {
    "policy": {
        "matching": {
            "default_region": "IN",
            "rules": [
                {"id": "same-phone", "keys": ["phone"], "action": "block"},
                {"id": "same-email", "keys": ["email"], "action": "link"},
                {"id": "same-person", "keys": ["name", "company"], "action": "alert"},
            ],
        }
    },
}

JANE: Dict[str, Any] = {"id": "NEW", "phone": "098123 45678", "email": "Jane.Doe+crm@GoogleMail.com",
                        "name": "Jané Doe", "company": "ACME Private Limited"}
SAVED: List[Dict[str, Any]] = [
    {"id": "A", "name": "jane doe", "company": "Acme"},
    {"id": "B", "mobiles": ["+91 98123 45678"]},
    {"id": "C", "name": "John Roe"},
    {"id": "NEW", "phone": "98123 45678"},
]


@pytest.fixture(scope="module")
def engine() -> leadrules.Engine:
    return leadrules.Engine(CONFIG)


def match_cases() -> List[Tuple[str, Any, Dict[str, Any], Dict[str, Any]]]:
    """Every `match` vector of the conformance files: name, config, request, expect."""
    cases = []
    for file in sorted(VECTORS.glob("*.json")):
        suite = json.loads(file.read_text(encoding="utf-8"))
        for case in suite["cases"]:
            request = case.get("request", case.get("request_text"))
            if isinstance(request, str):
                try:
                    request = json.loads(request)
                except ValueError:
                    continue
            if isinstance(request, dict) and request.get("kind") == "match":
                config = case.get("config", {})
                if isinstance(config, str):
                    config = suite["configs"][config]
                cases.append((case["name"], config, request, case["expect"]))
    return cases


MATCH_CASES = match_cases()


def keyed_args(engine: leadrules.Engine, request: Dict[str, Any]) -> Tuple[List[str], List[Tuple[str, List[str]]],
                                                                          Optional[str]]:
    """The request as a host with an index asks it: the lead's keys, each
    candidate's stored keys (from `match_keys`), the lead's id."""
    lead = request["lead"]
    candidates = [(c["id"], engine.match_keys({k: v for k, v in c.items() if k != "id"}))
                  for c in request["candidates"]]
    return engine.match_keys(lead), candidates, lead.get("id")


def without_messages(value: Any) -> Any:
    """`value` without its reasons' messages, which the vectors leave out."""
    if isinstance(value, dict):
        return {k: without_messages(v) for k, v in value.items() if k != "message"}
    if isinstance(value, list):
        return [without_messages(v) for v in value]
    return value


def test_there_are_match_vectors() -> None:
    assert len(MATCH_CASES) >= 20


@pytest.mark.parametrize(("name", "config", "request_", "expect"), MATCH_CASES, ids=[c[0] for c in MATCH_CASES])
def test_every_match_vector_answers_alike_by_stored_keys(
    name: str, config: Any, request_: Dict[str, Any], expect: Dict[str, Any]
) -> None:
    engine = leadrules.Engine(config)
    if "error" in expect:
        # Keys are read from records that the vector may hold wrongly
        # typed: only an error about the candidates' ids is the keyed
        # call's own, and it must be the same, at the same path.
        path = expect["error"]["path"]
        if not (path.startswith("candidates[") and path.endswith("].id")):
            pytest.skip(f"{name}: the error is about a record, not an id")
        ids = [c.get("id") for c in request_["candidates"]]
        pairs = [(i, []) for i in ids]
        with pytest.raises(leadrules.RequestError) as raised:
            engine.match_keyed([], pairs, lead_id=request_["lead"].get("id"))
        assert (raised.value.code, raised.value.path) == (expect["error"]["code"], path)
        return
    keys, candidates, lead_id = keyed_args(engine, request_)
    by_records = engine.match(request_["lead"], request_["candidates"])
    by_keys = engine.match_keyed(keys, candidates, lead_id=lead_id)
    assert without_messages(by_keys.to_dict()) == expect
    assert by_keys == by_records and bool(by_keys) == bool(by_records) and len(by_keys) == len(by_records)
    # A mapping of id to keys is read as the pairs are.
    assert engine.match_keyed(keys, dict(candidates), lead_id=lead_id) == by_records


def test_a_stored_index_matches_as_the_records_do(engine: leadrules.Engine) -> None:
    stored = {lead["id"]: engine.match_keys(lead) for lead in SAVED}
    found = engine.match_keyed(engine.match_keys(JANE), stored, lead_id="NEW")
    assert isinstance(found, Matches) and not found
    assert found.codes == [DenialCode.DUPLICATE_BLOCKED] and found.reasons[0].lead == "B"
    assert found.matches == [
        {"lead": "A", "rules": ["same-person"], "action": "alert"},
        {"lead": "B", "rules": ["same-phone"], "action": "block"},
    ]
    assert found == engine.match(JANE, SAVED)
    assert repr(found) == "<Matches denied reasons=['duplicate_blocked'] matches=2>"
    assert pickle.loads(pickle.dumps(found)) == found
    # Without the lead's id, the saved copy of it matches too.
    assert [m.lead for m in engine.match_keyed(engine.match_keys(JANE), stored).matches] == ["A", "B", "NEW"]


def test_keys_of_rules_the_policy_lacks_and_tuples_and_generators_are_read(engine: leadrules.Engine) -> None:
    stale = ("gone:+919812345678", "same-phone:+919812345678")
    found = engine.match_keyed(iter(["same-phone:+919812345678", "gone:+919812345678"]),
                               [("X", stale), ["Y", ["gone:+919812345678"]]])
    assert not found and [m.lead for m in found.matches] == ["X"]
    assert engine.match_keyed([], {"X": list(stale)}) == engine.match({}, [{"id": "X"}])
    assert len(engine.match_keyed(["same-phone:+919812345678"], {})) == 0


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda e: e.match_keyed("same-phone:+91", {}), "keys"),
        (lambda e: e.match_keyed(["a", 3], {}), "keys[1]"),
        (lambda e: e.match_keyed(None, {}), "keys"),
        (lambda e: e.match_keyed([], {"A": ["x", None]}), "candidates[0].keys[1]"),
        (lambda e: e.match_keyed([], {"A": [], "B": "x"}), "candidates[1].keys"),
        (lambda e: e.match_keyed([], [("A", []), ("A", [])]), "candidates[1].id"),
        (lambda e: e.match_keyed([], [("A", []), (" ", [])]), "candidates[1].id"),
        (lambda e: e.match_keyed([], [("A", []), (7, [])]), "candidates[1].id"),
        (lambda e: e.match_keyed([], [("A", [], 3)]), "candidates[0]"),
        (lambda e: e.match_keyed([], 5), "candidates"),
        (lambda e: e.match_keyed([], "AB"), "candidates"),
        (lambda e: e.match_keyed([], {}, lead_id=""), "lead.id"),
        (lambda e: e.match_keyed([], {}, lead_id=5), "lead.id"),
    ],
)
def test_bad_input_is_an_error_at_its_path(engine: leadrules.Engine, call: Any, path: str) -> None:
    with pytest.raises(leadrules.RequestError) as raised:
        call(engine)
    assert (raised.value.code, raised.value.path) == (ErrorCode.INVALID_REQUEST, path)


def test_more_key_text_than_a_request_may_hold_is_refused(engine: leadrules.Engine) -> None:
    key = "same-phone:" + "9" * 1000
    with pytest.raises(leadrules.RequestError) as raised:
        engine.match_keyed([], ((f"L{i}", [key] * 100) for i in range(1000)))
    assert raised.value.code == ErrorCode.INVALID_REQUEST and raised.value.path == ""
