"""`decide` takes the UTF-8 bytes of a request (an HTTP body as received),
and every timestamp the API answers is an aware UTC datetime: in a
decision's effects, in `to_dict()`, in `decide()`'s answers, after
pickling; a `create` names its lead and starts a partner lead's deadline."""

import datetime as dt
import json
import pickle

import pytest

import leadrules

UTC = dt.timezone.utc
ENGINE = leadrules.Engine({"orgs": [{"id": "hq", "handover": True}, {"id": "north", "parent": "hq"}]})
ACTOR = {"id": "u1", "org": "north", "role": "professional"}
REQUEST = {"kind": "handover", "actor": ACTOR, "lead": {"id": "L1", "org": "north", "owner": "u1"}, "to": "hq"}
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
MANAGER = {"id": "m1", "org": "north", "role": "manager"}


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview])
def test_decide_reads_the_utf8_bytes_of_a_request(wrap: type) -> None:
    body = json.dumps(REQUEST).encode()
    assert ENGINE.decide(wrap(body)) == ENGINE.decide(REQUEST) == ENGINE.decide(body.decode())


def test_decide_reads_non_ascii_bytes() -> None:
    request = dict(REQUEST, lead={"id": "Lé✓", "org": "north", "owner": "u1"})
    answer = ENGINE.decide(json.dumps(request, ensure_ascii=False).encode())
    assert answer["effects"][0]["lead"] == "Lé✓"


@pytest.mark.parametrize("body", [b"\xff{}", b'{"kind": "handover", "to": "\xe9"}', b"\xc3"])
def test_bytes_that_are_not_utf8_are_invalid_json(body: bytes) -> None:
    with pytest.raises(leadrules.RequestError) as raised:
        ENGINE.decide(body)
    assert raised.value.code == leadrules.ErrorCode.INVALID_JSON
    assert "not UTF-8" in raised.value.message


def test_bytes_that_are_not_json_are_invalid_json() -> None:
    with pytest.raises(leadrules.RequestError) as raised:
        ENGINE.decide(b"{")
    assert raised.value.code == "invalid_json"


def test_a_bytearray_changed_later_does_not_change_the_answer() -> None:
    body = bytearray(json.dumps(REQUEST).encode())
    answer = ENGINE.decide(memoryview(body))
    body[:] = b"{}"
    assert answer == ENGINE.decide(REQUEST)


def test_a_partner_lead_create_names_its_lead_and_starts_its_deadline() -> None:
    d = ENGINE.can_create(MANAGER, {"id": "L9"}, "partner_lead", now=NOW)
    assert d.allowed
    assert [(e.kind, e.lead) for e in d.effects] == [
        ("set_stage", "L9"), ("set_expiry", "L9"), ("set_owner", "L9"), ("set_pipeline", "L9")]
    expiry = d.effects[1]
    assert expiry.expires_at == dt.datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
    assert expiry.expires_at.tzinfo is UTC
    # The deadline is the one `expiry` answers for the lead as created.
    created = {"id": "L9", "stage": "pending", "partner": "acme", "source": "north", "created_at": NOW}
    assert ENGINE.expiry(created, workflow="partner_lead", now=NOW).expires_at == expiry.expires_at


def test_a_partner_lead_create_without_now_has_no_first_deadline() -> None:
    d = ENGINE.can_create(MANAGER, {"id": "L9"}, "partner_lead")
    assert d and [e.kind for e in d.effects] == ["set_stage", "set_owner", "set_pipeline"]


def test_a_create_without_id_names_no_lead() -> None:
    d = ENGINE.can_create(MANAGER, {}, "partner_lead", now="2026-11-23T10:30:00+01:00")
    assert all("lead" not in e for e in d.effects)
    assert d.effects[1].expires_at == dt.datetime(2026, 11, 30, 9, 30, tzinfo=UTC)


def test_every_timestamp_of_an_answer_is_an_aware_datetime() -> None:
    d = ENGINE.can_create(MANAGER, {"id": "L9"}, "partner_lead", now=NOW)
    at = dt.datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
    assert d.effects[1]["expires_at"] == d.effects[1].expires_at == at
    assert d.to_dict()["effects"][1]["expires_at"] == at
    request = {"kind": "create", "workflow": "partner_lead", "now": NOW, "actor": MANAGER, "lead": {"id": "L9"}}
    assert ENGINE.decide(request) == d.to_dict()
    assert ENGINE.decide(json.dumps(request, default=dt.datetime.isoformat).encode()) == d.to_dict()
    assert d.effects[1].to_dict()["expires_at"] == at
    expiry = ENGINE.decide({"kind": "expiry", "workflow": "partner_lead", "now": NOW,
                            "lead": {"id": "L9", "stage": "pending", "created_at": NOW}})
    assert expiry == {"expires_at": at, "due": False, "phase": "pending"}


def test_instants_survive_pickling() -> None:
    d = ENGINE.can_create(MANAGER, {"id": "L9"}, "partner_lead", now=NOW)
    back = pickle.loads(pickle.dumps(d))
    assert back == d and hash(back) == hash(d)
    assert back.effects[1].expires_at == dt.datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
    assert pickle.loads(pickle.dumps(d.effects)) == d.effects


def test_an_answer_goes_back_to_json_with_isoformat() -> None:
    d = ENGINE.can_create(MANAGER, {"id": "L9"}, "partner_lead", now=NOW)
    text = json.dumps(d.to_dict(), default=dt.datetime.isoformat)
    assert json.loads(text)["effects"][1]["expires_at"] == "2026-11-30T09:30:00+00:00"


def test_an_instant_a_datetime_cannot_hold_is_a_request_error() -> None:
    """The protocol's instants are of the years 0000-9999, a datetime's of
    0001-9999: an answer holding one of the year 0000 raises RequestError
    invalid_timestamp naming the instant, wherever it is turned into a
    datetime (a decision's effects or dict, decide, expiry)."""
    now = "0000-03-01T09:30:00Z"
    d = ENGINE.can_create(MANAGER, {"id": "L9"}, "partner_lead", now=now)
    assert d.allowed and d.codes == []
    request = {"kind": "create", "workflow": "partner_lead", "now": now, "actor": MANAGER, "lead": {"id": "L9"}}
    lead = {"id": "L9", "stage": "pending", "created_at": now}
    for read in (lambda: d.effects, d.to_dict, lambda: ENGINE.decide(request),
                 lambda: ENGINE.expiry(lead, workflow="partner_lead", now=now)):
        with pytest.raises(leadrules.RequestError) as raised:
            read()
        assert raised.value.code == leadrules.ErrorCode.INVALID_TIMESTAMP
        assert "0000-03-0" in raised.value.message and "0001-9999" in raised.value.message
