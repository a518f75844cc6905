"""`assign` read in place answers as the JSON entry does: dict keys that are
not the interned key objects, lead fields of every JSON type (null, bool,
int, float, nested) read as name/value pairs, a pool's members and a
batch's leads read from the plain check's records, and an assignment whose
text is written only when first asked for."""

import json
import pickle
from typing import Any, Dict, List

import pytest

import leadrules
from test_assign import CONFIG, inside

RULES: Dict[str, Any] = {
    "orgs": [{"id": "hq"}, {"id": "north", "parent": "hq"}],
    "policy": {"assignment": {"rules": [
        {"id": "flag", "when": [{"field": "hot", "equals": True}], "pools": ["inside"], "strategy": "round_robin"},
        {"id": "big", "when": [{"field": "budget", "min": 2.5}], "pools": ["inside"], "strategy": "round_robin"},
        {"id": "none", "when": [{"field": "note", "exists": False}], "pools": ["inside"],
         "strategy": "least_loaded"},
        {"id": "any", "when": [{"field": "tags", "exists": True}], "pools": ["inside"], "strategy": "round_robin"},
    ]}},
}


def fresh(text: str) -> str:
    """An equal `str` that is not the interned object."""
    return "".join(list(text))


def by_json(engine: leadrules.Engine, request: Dict[str, Any]) -> Any:
    return engine.decide(json.dumps({"kind": "assign", **request}))


FIELDS: List[Dict[str, Any]] = [
    {"hot": True},
    {"hot": False, "budget": 3},
    {"budget": 2.5},
    {"budget": 2},
    {"note": None, "budget": 1},
    {"note": "x"},
    {"tags": ["a"], "note": "x"},
    {"tags": {"a": 1}, "note": "x"},
    {"tags": None, "note": "x"},
    {},
]


@pytest.mark.parametrize("fields", FIELDS)
def test_lead_fields_read_as_pairs_answer_as_json(fields: Dict[str, Any]) -> None:
    engine = leadrules.Engine(RULES)
    lead = {"id": "L1", "org": "north", "fields": fields}
    pools = inside()
    assert engine.assign(lead, pools).to_dict() == by_json(engine, {"lead": lead, "pools": pools})
    leads = [{"id": f"L{i}", "org": "north", "fields": fields} for i in range(3)]
    assert engine.assign_many(leads, pools).to_dict() == by_json(engine, {"leads": leads, "pools": pools})


def test_keys_that_are_not_the_interned_objects() -> None:
    engine = leadrules.Engine(CONFIG)
    pools = inside()
    members = [{fresh(k): (fresh(v) if isinstance(v, str) else v) for k, v in m.items()}
               for m in pools["inside"]["members"]]
    renamed = {fresh("inside"): {fresh("cursor"): fresh("u2"), fresh("members"): members}}
    lead = {fresh("id"): "L1", fresh("org"): fresh("north"), fresh("fields"): {fresh("source"): fresh("web")}}
    expected = by_json(engine, {"lead": lead, "pools": renamed})
    assert engine.assign(lead, renamed).to_dict() == expected
    assert engine.assign(lead, renamed).assignee == expected["assignee"] is not None


def test_a_bad_member_in_place_is_the_json_error() -> None:
    engine = leadrules.Engine(CONFIG)
    pools = inside()
    pools["inside"]["members"][2]["open_leads"] = -1
    with pytest.raises(leadrules.RequestError) as in_place:
        engine.assign({"id": "L1", "org": "north", "fields": {"source": "web"}}, pools)
    with pytest.raises(leadrules.RequestError) as as_json:
        engine.decide(json.dumps({"kind": "assign", "lead": {"id": "L1", "org": "north"}, "pools": pools}))
    assert in_place.value.path == as_json.value.path == "pools.inside.members[2].open_leads"


def test_a_held_assignment_renders_as_decide_and_pickles() -> None:
    engine = leadrules.Engine(CONFIG)
    pools = inside()
    leads = [{"id": f"L{i}", "org": "north", "fields": {"source": "web"}} for i in range(6)]
    leads.append({"id": "X", "org": "north", "fields": {"source": "fax"}})
    batch = engine.assign_many(leads, pools)
    expected = engine.decide({"kind": "assign", "leads": leads, "pools": pools})
    assert [a.to_dict() for a in batch] == expected["assignments"]
    assert [dict(e) for e in batch[0].effects] == expected["assignments"][0]["effects"]
    assert [dict(s) for s in batch[1].skipped] == expected["assignments"][1]["skipped"]
    again = pickle.loads(pickle.dumps(batch))
    assert again == batch and [hash(a) for a in again] == [hash(a) for a in batch]
    one = engine.assign(leads[0], pools)
    assert one == batch[0] and pickle.loads(pickle.dumps(one)) == one
    assert one.to_dict() == engine.decide({"kind": "assign", "lead": leads[0], "pools": pools})
