"""The Engine: construction, decide, typed methods, pickling, threads."""

import copy
import json
import pickle
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List

import pytest

import leadrules
from conftest import TREE


def test_version_comes_from_cargo() -> None:
    assert leadrules.__version__ == leadrules._native.__version__
    parts = leadrules.__version__.split(".")
    assert len(parts) == 3 and all(p.isdigit() for p in parts)


def test_public_names() -> None:
    for name in leadrules.__all__:
        assert hasattr(leadrules, name), name
    assert leadrules.Engine.__module__ == "leadrules"
    assert leadrules.Decision.__module__ == "leadrules"


@pytest.mark.parametrize("config", [None, {}, "{}", " {} "])
def test_defaults(config: Any) -> None:
    engine = leadrules.Engine(config) if config is not None else leadrules.Engine()
    assert repr(engine) == "<leadrules.Engine orgs=0>"
    # The built-in roles exist even with no orgs: an unknown org is the
    # first problem, not the role.
    with pytest.raises(leadrules.UnknownReferenceError) as info:
        engine.decide({"kind": "targets", "actor": {"id": "u", "org": "x", "role": "basic"}})
    assert info.value.path == "actor.org"


def test_dict_and_text_configs_agree(actor: Dict[str, Any], lead: Dict[str, Any]) -> None:
    from_dict = leadrules.Engine(TREE)
    from_text = leadrules.Engine(json.dumps(TREE))
    assert repr(from_dict) == repr(from_text) == "<leadrules.Engine orgs=7>"
    for to in ["hq", "south", "n1", "o1", "north"]:
        assert from_dict.can_handover(actor, lead, to) == from_text.can_handover(actor, lead, to)


def test_config_may_be_any_mapping_and_tuples() -> None:
    from types import MappingProxyType

    config = MappingProxyType({"orgs": ({"id": "hq"}, {"id": "north", "parent": "hq"})})
    assert repr(leadrules.Engine(config)) == "<leadrules.Engine orgs=2>"


def test_config_is_copied_not_kept(actor: Dict[str, Any], lead: Dict[str, Any]) -> None:
    config = copy.deepcopy(TREE)
    engine = leadrules.Engine(config)
    config["orgs"].clear()
    assert engine.can_handover(actor, lead, "hq").allowed


def test_custom_roles() -> None:
    engine = leadrules.Engine(
        {
            "orgs": [{"id": "hq", "handover": True}, {"id": "a", "parent": "hq"}],
            "policy": {"roles": {"closer": ["handover"]}},
        }
    )
    decision = engine.can_handover(
        {"id": "c", "org": "a", "role": "closer"}, {"id": "L", "org": "a", "owner": "c"}, "hq"
    )
    assert decision.allowed


def test_pickle_roundtrip(engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]) -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        clone = pickle.loads(pickle.dumps(engine, protocol=protocol))
        assert isinstance(clone, leadrules.Engine)
        assert repr(clone) == repr(engine)
        for to in ["hq", "south", "n1", "o1"]:
            assert clone.can_handover(actor, lead, to) == engine.can_handover(actor, lead, to)
            assert clone.can_cross_silo(actor, lead, to) == engine.can_cross_silo(actor, lead, to)
        assert clone.targets(actor, lead) == engine.targets(actor, lead)


def test_pickle_of_text_and_default_configs() -> None:
    for engine in [leadrules.Engine(), leadrules.Engine('{"orgs": [{"id": "x"}]}')]:
        clone = pickle.loads(pickle.dumps(engine))
        assert repr(clone) == repr(engine)
    assert copy.deepcopy(leadrules.Engine(TREE)) is not None


def test_engine_is_frozen(engine: leadrules.Engine) -> None:
    with pytest.raises(AttributeError):
        engine.foo = 1  # type: ignore[attr-defined]


def test_decide_dict_and_text_agree(
    engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]
) -> None:
    request = {"kind": "handover", "actor": actor, "lead": lead, "to": "hq"}
    answer = engine.decide(request)
    assert answer == engine.decide(json.dumps(request))
    assert answer["allowed"] is True
    assert answer["route"] == "handover"
    assert [e["kind"] for e in answer["effects"]] == ["transfer", "notify", "notify"]


def test_decide_returns_plain_fresh_objects(
    engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]
) -> None:
    request = {"kind": "handover", "actor": actor, "lead": lead, "to": "hq"}
    first = engine.decide(request)
    assert type(first) is dict and type(first["effects"]) is list
    assert first["effects"][0]["owner"] is None
    first["effects"].clear()
    assert len(engine.decide(request)["effects"]) == 3


def test_decide_ignores_unknown_keys(
    engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]
) -> None:
    request = {
        "kind": "handover",
        "actor": {**actor, "email": "u1@example.com"},
        "lead": {**lead, "score": 0.5, "tags": ["a", 1, None, True]},
        "to": "hq",
        "trace": {"id": 7},
    }
    assert engine.decide(request)["allowed"] is True


def test_decide_accepts_str_subclasses_and_enums(engine: leadrules.Engine, lead: Dict[str, Any]) -> None:
    import enum

    class Role(str, enum.Enum):
        PROFESSIONAL = "professional"

    actor = {"id": "u1", "org": "north", "role": Role.PROFESSIONAL}
    assert engine.can_handover(actor, lead, "hq").allowed


def test_decide_does_not_return_error_envelopes(engine: leadrules.Engine) -> None:
    with pytest.raises(leadrules.RequestError):
        engine.decide('{"kind": "nope"}')


def test_typed_methods_agree_with_decide(engine: leadrules.Engine) -> None:
    actors = [
        {"id": "u1", "org": "north", "role": "professional"},
        {"id": "m1", "org": "north", "role": "manager"},
        {"id": "b1", "org": "north", "role": "basic"},
        {"id": "u1", "org": "south", "role": "professional"},
    ]
    leads: List[Dict[str, Any]] = [
        {"id": "L1", "org": "north", "owner": "u1"},
        {"id": "L2", "org": "north", "owner": None},
        {"id": "L3", "org": "north"},
    ]
    orgs = ["hq", "north", "south", "n1", "s1", "other", "o1"]
    for actor in actors:
        for lead in leads:
            targets = engine.targets(actor, lead)
            assert targets.to_dict() == engine.decide({"kind": "targets", "actor": actor, "lead": lead})
            for to in orgs:
                for kind, method in [
                    ("handover", engine.can_handover),
                    ("cross_silo", engine.can_cross_silo),
                ]:
                    decision = method(actor, lead, to)
                    expected = engine.decide({"kind": kind, "actor": actor, "lead": lead, "to": to})
                    assert decision.to_dict() == expected
                    assert decision.allowed is expected["allowed"]
                    assert decision.route == expected["route"]


def test_typed_method_errors_agree_with_decide(
    engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]
) -> None:
    bad_inputs = [
        ({**actor, "org": "mars"}, lead, "hq"),
        ({**actor, "role": "wizard"}, lead, "hq"),
        ({"org": "north", "role": "basic"}, lead, "hq"),
        (actor, {**lead, "owner": 5}, "hq"),
        (actor, {**lead, "id": ""}, "hq"),
        (actor, lead, "mars"),
        (actor, lead, 7),
        (actor, lead, None),
        ([], lead, "hq"),
        (actor, "L1", "hq"),
    ]
    for bad_actor, bad_lead, to in bad_inputs:
        with pytest.raises(leadrules.RequestError) as typed:
            engine.can_handover(bad_actor, bad_lead, to)  # type: ignore[arg-type]
        with pytest.raises(leadrules.RequestError) as json_way:
            engine.decide({"kind": "handover", "actor": bad_actor, "lead": bad_lead, "to": to})
        assert (typed.value.code, typed.value.path) == (json_way.value.code, json_way.value.path)
        assert type(typed.value) is type(json_way.value)


def test_targets_ignore_to(engine: leadrules.Engine, actor: Dict[str, Any], lead: Dict[str, Any]) -> None:
    targets = engine.targets(actor, lead)
    assert targets.handover == ["hq"]
    assert targets.cross_silo == ["south", "s1"]
    assert engine.decide({"kind": "targets", "actor": actor, "lead": lead, "to": "mars"}) == targets.to_dict()


def test_threads_share_one_engine(engine: leadrules.Engine) -> None:
    actor = {"id": "m1", "org": "north", "role": "manager"}
    lead = {"id": "L1", "org": "north", "owner": "x"}
    orgs = ["hq", "south", "n1", "s1", "o1", "north"]
    expected = {to: engine.can_cross_silo(actor, lead, to) for to in orgs}

    def work(seed: int) -> int:
        checked = 0
        for i in range(500):
            to = orgs[(seed + i) % len(orgs)]
            assert engine.can_cross_silo(actor, lead, to) == expected[to]
            assert (
                engine.decide({"kind": "cross_silo", "actor": actor, "lead": lead, "to": to})
                == expected[to].to_dict()
            )
            checked += 1
        return checked

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert sum(pool.map(work, range(16))) == 16 * 500
