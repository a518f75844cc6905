"""Expiry, sweep and the columnar sweep from Python: the same answers as the
JSON protocol, host datetimes in and aware UTC datetimes out, columns as
lists, `array` buffers and NumPy arrays."""

from __future__ import annotations

import datetime as dt
import pickle
import threading
from array import array
from typing import Any

import pytest

import leadrules

UTC = dt.timezone.utc
CONFIG = {
    "policy": {
        "templates": {
            "emea": {"pending": "P5D", "time_zone": "Europe/Berlin", "end_of_day": True},
            "fast": {"pending": "PT36H", "accepted": "P2W"},
        }
    }
}


@pytest.fixture(scope="module")
def engine() -> leadrules.Engine:
    return leadrules.Engine(CONFIG)


def pending(lead_id: str, created: str, **extra: Any) -> dict[str, Any]:
    return {"id": lead_id, "stage": "pending", "partner": "acme", "source": "vendor",
            "created_at": created, **extra}


def unix(text: str) -> int:
    return int(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def test_expiry_is_due_at_the_deadline_instant_and_not_a_second_before(engine: leadrules.Engine) -> None:
    lead = pending("L1", "2026-11-20T09:00:00Z")
    at = engine.expiry(lead, workflow="partner_lead", now="2026-11-27T09:00:00Z")
    assert at == leadrules.Expiry(dt.datetime(2026, 11, 27, 9, tzinfo=UTC), True, "pending")
    before = engine.expiry(lead, workflow="partner_lead", now=dt.datetime(2026, 11, 27, 8, 59, 59, tzinfo=UTC))
    assert before.due is False
    assert before.expires_at is not None and before.expires_at.tzinfo is not None


def test_expiry_of_a_terminal_stage_and_of_a_zoned_template(engine: leadrules.Engine) -> None:
    closed = {"id": "L2", "stage": "closed_converted", "partner": "acme", "source": "vendor"}
    assert engine.expiry(closed, workflow="partner_lead", now="2026-11-27T09:00:00Z") == (None, False, None)
    # 16:00 in Berlin + 5 days, then the end of that local day: 00:00 CET = 23:00 UTC.
    emea = pending("L3", "2026-11-20T15:00:00Z", template="emea")
    result = engine.expiry(emea, workflow="partner_lead", now="2026-11-25T22:59:59Z")
    assert result.expires_at == dt.datetime(2026, 11, 25, 23, tzinfo=UTC)
    assert not result.due


def test_expiry_errors_are_typed(engine: leadrules.Engine) -> None:
    with pytest.raises(leadrules.UnknownReferenceError) as unknown:
        engine.expiry(pending("L4", "2026-11-20T09:00:00Z", template="mars"), workflow="partner_lead",
                      now="2026-11-21T00:00:00Z")
    assert (unknown.value.code, unknown.value.path) == ("unknown_template", "lead.template")
    with pytest.raises(leadrules.RequestError) as naive:
        engine.expiry(pending("L4", "2026-11-20T09:00:00Z"), workflow="partner_lead",
                      now=dt.datetime(2026, 11, 21))
    assert naive.value.code == "invalid_timestamp"


def test_sweep_lists_due_ids_in_input_order_and_the_next_deadline(engine: leadrules.Engine) -> None:
    leads = [
        pending("late", "2026-11-01T00:00:00Z"),
        pending("soon", "2026-11-22T00:00:00Z", template="fast"),
        pending("later", "2026-11-22T00:00:00Z"),
        {"id": "done", "stage": "closed_not_converted", "partner": "acme", "source": "vendor"},
        pending("also_late", "2026-11-02T00:00:00Z"),
    ]
    result = engine.sweep(leads, workflow="partner_lead", now="2026-11-23T00:00:00Z")
    assert result.due == ["late", "also_late"]
    assert result.next_deadline == dt.datetime(2026, 11, 23, 12, tzinfo=UTC)
    with pytest.raises(leadrules.RequestError) as twice:
        engine.sweep([leads[0], leads[0]], workflow="partner_lead", now="2026-11-23T00:00:00Z")
    assert twice.value.path == "leads[1].id"


def test_columns_from_lists_agree_with_the_sweep(engine: leadrules.Engine) -> None:
    ids = ["a", "b", "c", "d"]
    stages = ["pending", "accepted", "expired", "pending"]
    created = [unix("2026-11-01T00:00:00Z"), unix("2026-11-01T00:00:00Z"), None, unix("2026-11-22T00:00:00Z")]
    accepted = [None, unix("2026-11-10T00:00:00Z"), None, None]
    now = "2026-11-23T00:00:00Z"
    result = engine.sweep_columns(ids, stages, created, accepted_at=accepted, workflow="partner_lead", now=now)
    assert result.due == ["a"]
    assert result.next_deadline == dt.datetime(2026, 11, 29, tzinfo=UTC)
    leads = [
        pending("a", "2026-11-01T00:00:00Z"),
        {**pending("b", "2026-11-01T00:00:00Z"), "stage": "accepted", "accepted_at": "2026-11-10T00:00:00Z"},
        {"id": "c", "stage": "expired", "partner": "acme", "source": "vendor"},
        pending("d", "2026-11-22T00:00:00Z"),
    ]
    assert engine.sweep(leads, workflow="partner_lead", now=now) == result


def test_columns_from_buffers_with_codes_and_templates(engine: leadrules.Engine) -> None:
    pending_code = engine.stage_code("partner_lead", "pending")
    stages = array("i", [pending_code] * 3)
    created = array("q", [unix("2026-11-20T09:00:00Z")] * 3)
    templates = array("H", [engine.template_code("default"), engine.template_code("fast"),
                            engine.template_code("emea")])
    result = engine.sweep_columns(("x", "y", "z"), stages, created, templates=templates,
                                  workflow="partner_lead", now=unix("2026-11-25T00:00:00Z"))
    assert result.due == ["y"]
    assert result.next_deadline == dt.datetime(2026, 11, 25, 23, tzinfo=UTC)


def test_numpy_columns_with_nat_for_absent_times(engine: leadrules.Engine) -> None:
    np = pytest.importorskip("numpy")
    created = np.array(["2026-11-01T00:00:00", "2026-11-20T00:00:00", "NaT"], dtype="datetime64[s]")
    expires = np.array(["NaT", "2026-11-21T00:00:00", "NaT"], dtype="datetime64[s]")
    stages = np.array([engine.stage_code("partner_lead", s) for s in ("pending", "pending", "declined")],
                      dtype=np.int64)
    ids = np.array(["p", "q", "r"], dtype=object)
    result = engine.sweep_columns(ids, stages, created.view("i8"), expires_at=expires.view("i8"),
                                  workflow="partner_lead", now=dt.datetime(2026, 11, 20, 12, tzinfo=UTC))
    assert result.due == ["p"]
    assert result.next_deadline == dt.datetime(2026, 11, 21, tzinfo=UTC)
    with pytest.raises(TypeError):
        engine.sweep_columns(ids, stages, created.view("i8").astype(float), workflow="partner_lead", now=0)
    with pytest.raises(TypeError):
        engine.sweep_columns(ids, stages, created.view("i8").reshape(3, 1), workflow="partner_lead", now=0)


def test_column_errors_name_the_column_and_row(engine: leadrules.Engine) -> None:
    with pytest.raises(leadrules.RequestError) as missing:
        engine.sweep_columns(["a", "b"], ["pending", "pending"], [0, None], workflow="partner_lead", now=0)
    assert missing.value.path == "created_at[1]"
    with pytest.raises(leadrules.RequestError) as unknown_stage:
        engine.sweep_columns(["a"], ["limbo"], [0], workflow="partner_lead", now=0)
    assert unknown_stage.value.path == "stages[0]"
    with pytest.raises(leadrules.RequestError) as uneven:
        engine.sweep_columns(["a"], ["pending", "pending"], [0, 0], workflow="partner_lead", now=0)
    assert uneven.value.path == "ids"
    assert uneven.value.message == "has 1 rows; `stages` has 2"
    with pytest.raises(leadrules.UnknownReferenceError):
        engine.sweep_columns(["a"], ["pending"], [0], workflow="nope", now=0)
    with pytest.raises(TypeError):
        engine.sweep_columns(["a"], ["pending"], ["yesterday"], workflow="partner_lead", now=0)


def test_code_lookups_answer_as_the_c_lookups(engine: leadrules.Engine) -> None:
    """The same code, path and message as `leadrules_engine_stage_code` /
    `_template_code` (tests/c/test_sweep.c pins the C side): each at the
    field the name fills in a request."""
    asked = [
        (lambda: engine.stage_code("partner_lead", "limbo"), "unknown_stage", "stage",
         "`limbo` is not a stage of `partner_lead`"),
        (lambda: engine.stage_code("nope", "pending"), "unknown_workflow", "workflow", "unknown workflow `nope`"),
        (lambda: engine.template_code("mars"), "unknown_template", "template", "unknown template `mars`"),
    ]
    for call, code, path, message in asked:
        with pytest.raises(leadrules.UnknownReferenceError) as raised:
            call()
        assert (raised.value.code, raised.value.path, raised.value.message) == (code, path, message)


def test_many_threads_sweep_one_engine(engine: leadrules.Engine) -> None:
    rows = 20_000
    created = array("q", [unix("2026-11-01T00:00:00Z") + i for i in range(rows)])
    stages = array("i", [engine.stage_code("partner_lead", "pending")] * rows)
    ids = list(range(rows))
    now = unix("2026-11-08T00:00:00Z") + rows // 2
    results: list[leadrules.SweepResult] = []

    def work() -> None:
        results.append(engine.sweep_columns(ids, stages, created, workflow="partner_lead", now=now))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert all(r.due == list(range(rows // 2 + 1)) for r in results)


def test_records_pickle_and_compare() -> None:
    record = leadrules.Expiry(dt.datetime(2026, 1, 1, tzinfo=UTC), True, "pending")
    assert pickle.loads(pickle.dumps(record)) == record
    assert repr(leadrules.SweepResult([], None)).startswith("SweepResult(")
