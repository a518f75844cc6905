"""Unknown request keys in Python: the engine's mode (config, `strict`,
`unknown_keys`), `UnknownKeyWarning` through `warnings`, records that stay
free, and a denial's `alternative`. The answers themselves are the
conformance vectors' (tests/conformance/unknown_keys.json)."""

import dataclasses
import pickle
import warnings
from typing import Any, Dict, List, Optional

import pytest

import leadrules

CONFIG: Dict[str, Any] = {
    "orgs": [
        {"id": "hq", "handover": True, "cross_silo": False},
        {"id": "north", "parent": "hq"},
        {"id": "south", "parent": "hq"},
    ]
}
BASIC = {"id": "b1", "org": "north", "role": "basic"}
PRO = {"id": "u1", "org": "north", "role": "professional"}
TYPO = {"handover_to_sale": True}


def recorded(call: Any) -> List[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        call()
    return warned


def test_ignored_by_default_and_nothing_is_warned() -> None:
    engine = leadrules.Engine(CONFIG)
    assert engine.unknown_keys == "ignore"
    warned = recorded(lambda: engine.can_create(BASIC, TYPO))
    assert warned == []
    assert "warnings" not in engine.can_create(BASIC, TYPO).to_dict()


def test_strict_is_an_error_at_the_key_with_a_suggestion() -> None:
    engine = leadrules.Engine(CONFIG, strict=True)
    assert engine.unknown_keys == "error"
    with pytest.raises(leadrules.RequestError) as raised:
        engine.can_create(BASIC, TYPO)
    assert raised.value.code == "invalid_request"
    assert raised.value.path == "lead.handover_to_sale"
    assert "did you mean `handover_to_sales`?" in raised.value.message


def test_warn_mode_warns_from_the_callers_line() -> None:
    engine = leadrules.Engine(CONFIG, unknown_keys="warn")
    decision: List[leadrules.Decision] = []
    warned = recorded(lambda: decision.append(engine.can_create(BASIC, TYPO)))
    assert len(warned) == 1
    warning = warned[0]
    assert warning.category is leadrules.UnknownKeyWarning
    assert issubclass(warning.category, leadrules.LeadrulesWarning)
    assert issubclass(warning.category, UserWarning)
    message = warning.message
    assert isinstance(message, leadrules.UnknownKeyWarning)
    assert (message.code, message.path) == ("unknown_key", "lead.handover_to_sale")
    assert str(message) == "lead.handover_to_sale: " + message.message
    assert warning.filename == __file__
    # The decision carries them too, as `decide` answers them.
    assert decision[0].to_dict()["warnings"] == [
        {"code": "unknown_key", "path": "lead.handover_to_sale", "message": message.message}
    ]
    assert pickle.loads(pickle.dumps(decision[0])) == decision[0]


def test_a_filter_turns_the_warning_into_an_exception() -> None:
    engine = leadrules.Engine(CONFIG, unknown_keys="warn")
    with warnings.catch_warnings():
        warnings.simplefilter("error", leadrules.UnknownKeyWarning)
        with pytest.raises(leadrules.UnknownKeyWarning):
            engine.can_create(BASIC, TYPO)
        with pytest.raises(leadrules.UnknownKeyWarning):
            engine.decide({"kind": "create", "actor": BASIC, "lead": TYPO})


def test_the_warning_pickles() -> None:
    warning = leadrules.UnknownKeyWarning("unknown key `x`", "lead.x")
    again = pickle.loads(pickle.dumps(warning))
    assert (again.message, again.path, again.code) == ("unknown key `x`", "lead.x", "unknown_key")


def test_the_config_chooses_unless_the_constructor_does() -> None:
    config = dict(CONFIG, policy={"requests": {"unknown_keys": "warn"}})
    assert leadrules.Engine(config).unknown_keys == "warn"
    assert leadrules.Engine(config, unknown_keys="ignore").unknown_keys == "ignore"
    assert leadrules.Engine(config, strict=True).unknown_keys == "error"
    with pytest.raises(ValueError):
        leadrules.Engine(config, strict=True, unknown_keys="warn")
    with pytest.raises(ValueError):
        leadrules.Engine(config, unknown_keys="loud")  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["ignore", "warn", "error"])
def test_an_engine_pickles_with_its_chosen_mode(mode: str) -> None:
    engine = pickle.loads(pickle.dumps(leadrules.Engine(CONFIG, unknown_keys=mode)))  # type: ignore[arg-type]
    assert engine.unknown_keys == mode


@dataclasses.dataclass
class LeadRow:
    """A host's lead row: the protocol's fields and its own."""

    id: str
    org: str
    owner: Optional[str]
    name: str = "Ravi"
    phone: str = "+91 555"
    owner_id: int = 7


def test_host_records_stay_free_in_strict_mode() -> None:
    engine = leadrules.Engine(CONFIG, strict=True)
    assert engine.can_handover(PRO, LeadRow("L1", "north", "u1"), "hq")
    assert engine.can_handover(PRO, {"id": "L1", "org": "north", "owner": "u1", "email": "x@y.test"}, "hq")


def test_a_near_miss_in_a_host_record_is_caught() -> None:
    @dataclasses.dataclass
    class Misspelt:
        id: str
        org: str
        ownr: str

    engine = leadrules.Engine(CONFIG, strict=True)
    with pytest.raises(leadrules.RequestError) as raised:
        engine.can_handover(PRO, Misspelt("L1", "north", "u1"), "hq")
    assert raised.value.path == "lead.ownr"


def test_a_denial_offers_the_other_mechanism_only_where_it_applies() -> None:
    engine = leadrules.Engine(CONFIG)
    lead = {"id": "L1", "org": "north", "owner": "u1"}
    denied = engine.can_handover(PRO, lead, "south")
    assert denied.route == leadrules.Route.CROSS_SILO
    alternative = denied.alternative
    assert isinstance(alternative, leadrules.Alternative)
    assert alternative.kind == leadrules.Route.CROSS_SILO and alternative.allowed is False
    assert [r.code for r in alternative.reasons] == [leadrules.DenialCode.CROSS_SILO_DISABLED]
    # What asking it instead answers.
    other = engine.can_cross_silo(PRO, lead, "south")
    assert not other and other.reasons == alternative.reasons
    assert other.alternative is None
    assert engine.can_handover(PRO, lead, "hq").alternative is None
    assert pickle.loads(pickle.dumps(denied)).alternative == alternative
