"""`Engine.assign_many`: a batch rotates as the same leads asked one by one
with each answer applied; its answer is a sequence of assignments and the
cursors; a large batch is routed without the GIL."""

import pickle
from typing import Any, Dict, List

import pytest

import leadrules
from leadrules import Assignment, Assignments, DenialCode
from test_assign import CONFIG, WEB, inside, member
from test_bounded_cost import _other_thread_ran_during


@pytest.fixture(scope="module")
def engine() -> leadrules.Engine:
    return leadrules.Engine(CONFIG)


def web(i: int, **fields: Any) -> Dict[str, Any]:
    return {"id": f"L{i}", "org": "north", "fields": {"source": "web", **fields}}


def one_by_one(engine: leadrules.Engine, leads: List[Dict[str, Any]], pools: Dict[str, Any]) -> List[Assignment]:
    """Each lead asked alone, the host applying each answer (a new open
    lead for the assignee, the pool's cursor moved) before the next."""
    answers = []
    for lead in leads:
        a = engine.assign(lead, pools)
        answers.append(a)
        if a:
            for pool in pools.values():
                for m in pool["members"]:
                    if m["id"] == a.assignee:
                        m["open_leads"] = m.get("open_leads", 0) + 1
            pools[a.pool]["cursor"] = a.assignee
    return answers


def test_a_batch_answers_as_one_by_one(engine: leadrules.Engine) -> None:
    leads = [web(i) for i in range(12)] + [{"id": "X", "org": "north", "fields": {"source": "fax"}}]
    leads.insert(5, {"id": "D", "org": "north", "fields": {"source": "fax"}})  # denied, in the middle
    pools = inside()
    pools["inside"]["members"][0]["capacity"] = 2
    batch = engine.assign_many(leads, pools)
    assert isinstance(batch, Assignments) and len(batch) == len(leads)
    assert list(batch) == one_by_one(engine, leads, inside_with_capacity())
    assert batch[5].codes == [DenialCode.NO_RULE_MATCHED] and not batch[-1]
    assert batch.assigned == len(leads) - 2
    assert batch.cursors == {"inside": batch[-2].assignee}
    assert batch.to_dict() == engine.decide({"kind": "assign", "leads": leads, "pools": pools})


def inside_with_capacity() -> Dict[str, Any]:
    pools = inside()
    pools["inside"]["members"][0]["capacity"] = 2
    return pools


def test_round_robin_is_fair_over_a_batch(engine: leadrules.Engine) -> None:
    pools = {"inside": {"cursor": None, "members": [member(f"u{k}") for k in range(7)]}}
    batch = engine.assign_many([web(i) for i in range(100)], pools)
    counts: Dict[str, int] = {}
    for a in batch:
        counts[a.assignee] = counts.get(a.assignee, 0) + 1  # type: ignore[index]
    assert sorted(counts.values()) == [14, 14, 14, 14, 14, 15, 15]
    assert batch.cursors == {"inside": "u1"}


def test_the_names_of_a_batch_read_as_its_response(engine: leadrules.Engine) -> None:
    """More members than the batch shares names for, over two pools and
    two rules: each assignment's names are its own response's."""
    pools = {
        "inside": {"cursor": None, "members": [member(f"u{k}", away=k % 3 == 0) for k in range(150)]},
        "overflow": {"cursor": "o1", "members": [member("o1"), member("o2")]},
        "senior": {"cursor": None, "members": [member(f"s{k}") for k in range(3)]},
    }
    leads = [web(i, budget=200_000 if i % 5 == 0 else 10) for i in range(400)]
    batch = engine.assign_many(leads, pools)
    for a in batch:
        answer = a.to_dict()
        assert (a.assignee, a.rule, a.pool) == (answer["assignee"], answer["rule"], answer["pool"])
        assert a == Assignment._from_response(pickle.loads(pickle.dumps(a)).__reduce__()[1][0])
    assert [a.rule for a in batch[:5]] == ["vip", "web", "web", "web", "web"]
    assert [a.assignee for a in batch[1:5]] == ["u1", "u2", "u4", "u5"]
    assert batch.to_dict() == engine.decide({"kind": "assign", "leads": leads, "pools": pools})


def test_the_answer_is_a_sequence(engine: leadrules.Engine) -> None:
    batch = engine.assign_many([web(i) for i in range(4)], inside(None))
    assert [a.assignee for a in batch] == ["u1", "u2", "u5", "u1"]
    assert batch[-1] == batch[3] and batch[1:3] == [batch[1], batch[2]] and batch[::-2] == [batch[3], batch[1]]
    assert batch.assignments == list(batch)
    with pytest.raises(IndexError):
        batch[4]
    with pytest.raises(TypeError):
        batch["0"]  # type: ignore[call-overload]
    assert repr(batch) == "<Assignments leads=4 assigned=4 cursors={'inside': 'u1'}>"
    loaded = pickle.loads(pickle.dumps(batch))
    assert loaded == batch and loaded.to_dict() == batch.to_dict() and loaded.cursors == batch.cursors
    with pytest.raises(ValueError, match="not the response text of a batch"):
        Assignments._from_response('{"assignments": [], "cursors": {"p": 1}}')


def test_an_empty_batch(engine: leadrules.Engine) -> None:
    batch = engine.assign_many([], inside())
    assert len(batch) == 0 and list(batch) == [] and batch.cursors == {}
    assert batch.to_dict() == {"assignments": [], "cursors": {}}


def large_batch() -> List[Dict[str, Any]]:
    return [web(i, country="IN", note="x" * 20) for i in range(5_000)]


def test_a_large_batch_is_routed_without_the_gil(engine: leadrules.Engine) -> None:
    leads = large_batch()
    assert _other_thread_ran_during(lambda: engine.assign_many(leads, inside()))


def test_a_small_assignment_keeps_the_gil(engine: leadrules.Engine) -> None:
    assert not _other_thread_ran_during(lambda: engine.assign(WEB, inside()))
    assert not _other_thread_ran_during(lambda: engine.assign_many([web(1), web(2)], inside()))
