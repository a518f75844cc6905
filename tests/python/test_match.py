"""`Engine.match_keys`, `Engine.match_keys_many` and `Engine.match`: the
typed answers of duplicate detection, read from dicts and records, with
the errors of the one reader at their paths."""

import dataclasses
import pickle
import threading
from typing import Any, Dict, List, Optional

import pytest

import leadrules
from leadrules import DenialCode, ErrorCode, Match, Matches

CONFIG: Dict[str, Any] = {
    "orgs": [{"id": "hq"}],
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

JANE: Dict[str, Any] = {
    "id": "NEW",
    "phone": "098123 45678",
    "mobiles": ["+91 99000 11111"],
    "email": "Jane.Doe+crm@GoogleMail.com",
    "name": "  Jané   Doe ",
    "company": "ACME Private Limited",
}


@pytest.fixture(scope="module")
def engine() -> leadrules.Engine:
    return leadrules.Engine(CONFIG)


# --- match_keys ---------------------------------------------------------------


def test_match_keys_are_sorted_distinct_text(engine: leadrules.Engine) -> None:
    keys = engine.match_keys(JANE)
    assert keys == [
        "same-email:janedoe@gmail.com",
        "same-person:jane doe|acme",
        "same-phone:+919812345678",
        "same-phone:+919900011111",
    ]
    assert all(type(key) is str for key in keys)
    assert keys == engine.decide({"kind": "match_keys", "lead": JANE})["keys"]


def test_match_keys_of_a_lead_with_nothing_to_match_is_empty(engine: leadrules.Engine) -> None:
    assert engine.match_keys({}) == []
    assert engine.match_keys({"phone": "  ", "email": None, "name": "!!!"}) == []
    assert leadrules.Engine().match_keys(JANE) == []


def test_match_keys_read_a_host_record(engine: leadrules.Engine) -> None:
    @dataclasses.dataclass
    class Lead:
        id: str
        phone: Optional[str]
        email: Optional[str]
        name: str
        company: str

    lead = Lead("L1", "+91 98123 45678", None, "Jane Doe", "Acme Ltd")
    assert engine.match_keys(lead) == ["same-person:jane doe|acme", "same-phone:+919812345678"]


def test_match_keys_many_answers_each_lead_in_order(engine: leadrules.Engine) -> None:
    leads = [JANE, {}, {"phone": "98123 45678"}]
    batch = engine.match_keys_many(leads)
    assert batch == [engine.match_keys(lead) for lead in leads]
    assert batch == engine.decide({"kind": "match_keys", "leads": leads})["lead_keys"]
    assert engine.match_keys_many([]) == []


def test_a_large_batch_answers_as_small_ones(engine: leadrules.Engine) -> None:
    # Large enough to run without the GIL; another thread asks meanwhile.
    leads = [{"phone": f"+91 98{i:08d}", "name": f"Lead {i}", "company": "Acme"} for i in range(5000)]
    seen: List[List[str]] = []
    other = threading.Thread(target=lambda: seen.append(engine.match_keys(JANE)))
    other.start()
    batch = engine.match_keys_many(leads)
    other.join()
    assert len(batch) == len(leads)
    assert batch[1234] == engine.match_keys(leads[1234])
    assert seen == [engine.match_keys(JANE)]
    # Split across the cores from 1,024 leads: every lead's keys, in order.
    assert batch == [engine.match_keys(lead) for lead in leads]
    assert engine.match_keys_many(leads[:1500]) == batch[:1500]


# --- match ----------------------------------------------------------------------


def test_a_blocking_match_refuses_the_lead(engine: leadrules.Engine) -> None:
    found = engine.match(JANE, [{"id": "A", "name": "Jane Doe", "company": "Acme"}, {"id": "B", "phone": "+919812345678"}])
    assert isinstance(found, Matches) and not found and found.allowed is False
    assert found.codes == [DenialCode.DUPLICATE_BLOCKED]
    [reason] = found.reasons
    assert reason.code == DenialCode.DUPLICATE_BLOCKED and reason.lead == "B"
    assert found.matches == [
        {"lead": "A", "rules": ["same-person"], "action": "alert"},
        {"lead": "B", "rules": ["same-phone"], "action": "block"},
    ]
    first = found.matches[0]
    assert isinstance(first, Match) and (first.lead, first.rules, first.action) == ("A", ["same-person"], "alert")
    assert len(found) == 2
    assert repr(found) == "<Matches denied reasons=['duplicate_blocked'] matches=2>"


def test_the_strongest_action_and_rules_in_policy_order(engine: leadrules.Engine) -> None:
    lead = {"email": JANE["email"], "name": "Jane Doe", "company": "Acme"}
    found = engine.match(lead, [{"id": "C", "name": "jane doe", "company": "Acme Inc."}])
    assert found and found.reasons == [] and found.codes == []
    assert (found.matches[0].rules, found.matches[0].action) == (["same-person"], "alert")
    # A list field matches as its single field does (`emails` with `email`).
    found = engine.match(lead, [{"id": "C", "emails": ["x@y.co", "janedoe@gmail.com"], "name": "jane doe",
                                 "company": "Acme Inc."}])
    assert (found.matches[0].rules, found.matches[0].action) == (["same-email", "same-person"], "link")
    assert repr(found) == "<Matches allowed matches=1>"


def test_no_match_and_the_lead_itself_are_left_out(engine: leadrules.Engine) -> None:
    found = engine.match(JANE, [{"id": "NEW", "phone": JANE["phone"]}, {"id": "X", "phone": "+44 20 7946 0958"}])
    assert found and len(found) == 0 and found.matches == []


def test_to_dict_is_decides_answer_and_fresh(engine: leadrules.Engine) -> None:
    candidates = [{"id": "B", "phone": "+919812345678", "email": "janedoe@gmail.com"}]
    found = engine.match(JANE, candidates)
    expected = engine.decide({"kind": "match", "lead": JANE, "candidates": candidates})
    assert found.to_dict() == expected
    found.to_dict()["matches"].clear()
    found.matches.clear()
    assert found.to_dict() == expected


def test_matches_pickle_compare_and_hash(engine: leadrules.Engine) -> None:
    found = engine.match(JANE, [{"id": "B", "phone": "+919812345678"}])
    again = pickle.loads(pickle.dumps(found))
    assert again == found and hash(again) == hash(found) and again.to_dict() == found.to_dict()
    assert pickle.loads(pickle.dumps(found.matches[0])) == found.matches[0]
    assert found != engine.match(JANE, [])


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        '{"allowed": true, "reasons": [], "matches": [], "effects": []}',
        '{"allowed": true, "reasons": [{"code": "duplicate_blocked", "lead": "B"}], "matches": []}',
        '{"allowed": true, "reasons": [], "matches": [{"lead": "B", "rules": [], "action": "merge"}]}',
        '{"allowed": true, "reasons": [], "matches": [{"lead": 1, "rules": [], "action": "block"}]}',
    ],
)
def test_unpickling_refuses_what_is_no_match_answer(text: str) -> None:
    with pytest.raises(ValueError):
        Matches._from_response(text)


def test_match_records_are_read_only(engine: leadrules.Engine) -> None:
    match = engine.match(JANE, [{"id": "B", "phone": "+919812345678"}]).matches[0]
    with pytest.raises(TypeError):
        match["action"] = "alert"  # type: ignore[index]
    match.rules.append("x")
    assert match.rules == ["same-phone"]


# --- errors at their paths ----------------------------------------------------


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda e: e.match_keys({"phone": 98123}), "lead.phone"),
        (lambda e: e.match_keys({"mobiles": ["+91 98123 45678", None]}), "lead.mobiles[1]"),
        (lambda e: e.match_keys({"emails": "a@b.co"}), "lead.emails"),
        (lambda e: e.match_keys({"mobiles": ["+1"] * 101}), "lead.mobiles"),
        (lambda e: e.match_keys(None), "lead"),
        (lambda e: e.match_keys_many([{}, {}, {"name": ["Jane"]}]), "leads[2].name"),
        (lambda e: e.match_keys_many([{}, 7]), "leads[1]"),
        (lambda e: e.match_keys_many({"a": {}}), "leads"),
        (lambda e: e.match(JANE, [{"phone": "1"}]), "candidates[0].id"),
        (lambda e: e.match(JANE, [{"id": "A"}, {"id": "A"}]), "candidates[1].id"),
        (lambda e: e.match(JANE, [{"id": "A", "company": 3}]), "candidates[0].company"),
        (lambda e: e.match({"id": 5}, []), "lead.id"),
        (lambda e: e.match(JANE, None), "candidates"),
    ],
)
def test_bad_input_is_an_error_at_its_path(engine: leadrules.Engine, call: Any, path: str) -> None:
    with pytest.raises(leadrules.RequestError) as raised:
        call(engine)
    assert (raised.value.code, raised.value.path) == (ErrorCode.INVALID_REQUEST, path)
