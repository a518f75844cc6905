"""Bounded cost (RELIABILITY.md#cost) in the Python binding: a host's values
cannot make leadrules panic, hold the GIL or Ctrl-C without bound, read more
than its text limits, or accept what the same JSON text is refused for.

- A `tzinfo`, `__index__` or mapping that runs Python code changing the
  record being read is a `RequestError` / `ConfigError`, never
  `InternalError` (finding 6).
- A mapping that repeats a key is refused like JSON text that does
  (finding 8).
- Column sweeps coerce nothing: unsigned buffers beyond int64, `bool`s,
  a `now` that is no time are refused; the host's interrupts propagate
  (finding 9); a long sweep raises `KeyboardInterrupt` while it runs
  (finding 10).
- A request of values is bounded as its text is, and large requests are
  answered without the GIL (What to build, point 5).
- A config is parsed once; the engine pickles as its text (finding 5).
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import subprocess
import sys
import textwrap
import threading
import time
from array import array
from collections.abc import Mapping
from typing import Any, Callable, Dict, Iterator, List, Tuple

import pytest

import leadrules

UTC = dt.timezone.utc
MAX_REQUEST_BYTES = 16 * 1024 * 1024
CONFIG = {
    "orgs": [
        {"id": "hq", "parent": None, "handover": True},
        {"id": "north", "parent": "hq"},
        {"id": "south", "parent": "hq"},
    ],
    "policy": {
        "templates": {
            "emea": {"pending": "P5D", "time_zone": "Europe/Berlin", "end_of_day": True},
        }
    },
}
ACTOR = {"id": "u1", "org": "north", "role": "professional"}
NOW = "2026-11-23T00:00:00Z"


@pytest.fixture(scope="module")
def engine() -> leadrules.Engine:
    return leadrules.Engine(CONFIG)


def refused(call: Callable[[], object]) -> BaseException:
    try:
        call()
    except BaseException as error:  # noqa: BLE001 - what is raised is the point
        return error
    raise AssertionError("the call was answered")


# --- finding 6: Python code that changes the record being read ------------


class Meddling(dt.tzinfo):
    """A pure-Python zone whose `utcoffset` changes a dict: as another
    thread might while this code runs, or the code itself."""

    def __init__(self, victim: Dict[str, Any], change: Callable[[Dict[str, Any]], None]) -> None:
        self.victim = victim
        self.change = change

    def utcoffset(self, when: dt.datetime | None) -> dt.timedelta:
        self.change(self.victim)
        return dt.timedelta(0)

    def dst(self, when: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(0)

    def tzname(self, when: dt.datetime | None) -> str:
        return "Meddling"


def _add(d: Dict[str, Any]) -> None:
    d[f"extra{len(d)}"] = 1


def _drop(d: Dict[str, Any]) -> None:
    d.pop("source", None)


def _swap(d: Dict[str, Any]) -> None:
    # Same size, other keys: PyO3's "keys changed during iteration".
    if "source" in d:
        d["origin"] = d.pop("source")


CHANGES = [_add, _drop, _swap]


def meddled_lead(change: Callable[[Dict[str, Any]], None]) -> Dict[str, Any]:
    """A pending lead whose first value is a datetime whose zone changes
    the lead: the items after it are read after the change."""
    lead: Dict[str, Any] = {}
    lead["created_at"] = dt.datetime(2026, 11, 20, 9, tzinfo=Meddling(lead, change))
    lead.update(id="L1", stage="pending", partner="acme", source="vendor", note="n")
    return lead


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("call", ["decide", "expiry", "sweep"])
def test_a_tzinfo_changing_the_record_is_a_request_error(
    engine: leadrules.Engine, call: str, change: Callable[[Dict[str, Any]], None]
) -> None:
    lead = meddled_lead(change)
    calls: Dict[str, Callable[[], object]] = {
        "decide": lambda: engine.decide(
            {"kind": "expiry", "workflow": "partner_lead", "now": NOW, "lead": lead}),
        "expiry": lambda: engine.expiry(lead, workflow="partner_lead", now=NOW),
        "sweep": lambda: engine.sweep([lead], workflow="partner_lead", now=NOW),
    }
    if change is _swap:
        # The same size: the rest is read from a snapshot of the changed
        # dict, whose keys are checked; a consistent dict is answered.
        try:
            calls[call]()
        except leadrules.Error as error:
            assert not isinstance(error, leadrules.InternalError), repr(error)
        return
    error = refused(calls[call])
    assert type(error) is leadrules.RequestError, repr(error)
    assert error.code == "invalid_request"
    assert error.path == ("leads[0]" if call == "sweep" else "lead")
    assert "changed while it was being read" in error.message


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__)
def test_a_tzinfo_changing_the_config_is_a_config_error(change: Callable[[Dict[str, Any]], None]) -> None:
    org: Dict[str, Any] = {}
    org["since"] = dt.datetime(2026, 1, 1, tzinfo=Meddling(org, change))
    org.update(id="x", parent=None, source="crm", note="n")
    error = refused(lambda: leadrules.Engine({"orgs": [org]}))
    assert type(error) is leadrules.ConfigError, repr(error)
    if change is not _swap:
        assert (error.code, error.path) == ("invalid_config", "orgs[0]")


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__)
def test_a_tzinfo_changing_a_transition_lead_is_never_an_internal_error(
    engine: leadrules.Engine, change: Callable[[Dict[str, Any]], None]
) -> None:
    # The fast path reads the lead's times by key; the protocol path (if
    # the fast one gives up) reads the changed dict.
    lead = meddled_lead(change)
    lead["stage"] = "new"
    try:
        engine.transition({"id": "p1", "org": "north", "role": "professional"}, lead, "next",
                          workflow="leadx_pipeline")
    except leadrules.Error as error:
        assert not isinstance(error, leadrules.InternalError), repr(error)


class Changing(Mapping):  # type: ignore[type-arg]
    """A mapping whose reading changes another dict."""

    def __init__(self, victim: Dict[str, Any]) -> None:
        self.victim = victim

    def __getitem__(self, key: str) -> Any:
        return {"x": 1}[key]

    def __iter__(self) -> Iterator[str]:
        return iter(["x"])

    def __len__(self) -> int:
        return 1

    def items(self) -> Any:
        _add(self.victim)
        return [("x", 1)]


def test_a_mapping_changing_the_dict_being_read_is_a_request_error(engine: leadrules.Engine) -> None:
    lead: Dict[str, Any] = {"id": "L1", "org": "north"}
    lead["extra"] = Changing(lead)
    lead["owner"] = "u1"
    error = refused(lambda: engine.can_edit(ACTOR, lead))
    assert type(error) is leadrules.RequestError, repr(error)
    assert (error.code, error.path) == ("invalid_request", "lead")


class Index:
    """An int-like whose `__index__` changes the column being read."""

    def __init__(self, victim: List[Any]) -> None:
        self.victim = victim

    def __index__(self) -> int:
        self.victim.clear()
        return 1_795_165_200


def test_an_index_changing_the_column_being_read_is_no_internal_error(engine: leadrules.Engine) -> None:
    ids, stages, _ = pending_columns(engine, 3)
    created: List[Any] = []
    created += [Index(created), 1_795_165_200, 1_795_165_200]
    error = refused(lambda: engine.sweep_columns(ids, stages, created, workflow="partner_lead", now=0))
    assert isinstance(error, leadrules.RequestError) and error.path == "created_at", repr(error)


# --- finding 8: a mapping that repeats a key ------------------------------


class Pairs(Mapping):  # type: ignore[type-arg]
    """A mapping whose `items()` lists the pairs given, repeats and all."""

    def __init__(self, *pairs: Tuple[str, Any]) -> None:
        self.pairs = pairs

    def __getitem__(self, key: str) -> Any:
        return dict(self.pairs)[key]

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def items(self) -> Any:
        return list(self.pairs)


class Key(str):
    """A key equal to its text but hashing apart: a dict holds it beside
    the plain `str` of the same text."""

    def __hash__(self) -> int:
        return hash(str(self)) + 1


def test_a_repeated_key_in_a_request_mapping_is_refused_like_text(engine: leadrules.Engine) -> None:
    text = ('{"kind": "handover", "actor": {"id": "u1", "org": "north", "role": "professional"}, '
            '"lead": {"id": "L1", "org": "north", "org": "south", "owner": "u1"}, "to": "hq"}')
    as_text = refused(lambda: engine.decide(text))
    assert isinstance(as_text, leadrules.RequestError)
    lead = Pairs(("id", "L1"), ("org", "north"), ("org", "south"), ("owner", "u1"))
    request = {"kind": "handover", "actor": ACTOR, "lead": lead, "to": "hq"}
    twin_keys = {"id": "L1", "org": "north", Key("org"): "south", "owner": "u1"}
    assert len(twin_keys) == 4
    for call in (
        lambda: engine.decide(request),
        lambda: engine.can_handover(ACTOR, lead, "hq"),
        lambda: engine.can_handover(ACTOR, twin_keys, "hq"),
    ):
        error = refused(call)
        assert isinstance(error, leadrules.RequestError), repr(error)
        assert (error.code, error.path, error.message) == (as_text.code, "lead.org", as_text.message)


def test_a_repeated_key_in_a_config_mapping_is_refused_like_text() -> None:
    as_text = refused(lambda: leadrules.Engine('{"orgs": [{"id": "a", "id": "b"}]}'))
    assert isinstance(as_text, leadrules.ConfigError)
    as_values = refused(lambda: leadrules.Engine({"orgs": [Pairs(("id", "a"), ("id", "b"))]}))
    assert isinstance(as_values, leadrules.ConfigError)
    assert (as_values.code, as_values.path) == (as_text.code, as_text.path) == ("invalid_config", "orgs[0].id")
    assert as_values.message == as_text.message


# --- finding 9: column sweeps coerce nothing -------------------------------


def pending_columns(engine: leadrules.Engine, rows: int = 1) -> Tuple[List[int], List[int], List[int]]:
    code = engine.stage_code("partner_lead", "pending")
    return list(range(rows)), [code] * rows, [1_795_165_200] * rows


def test_an_unsigned_buffer_beyond_int64_is_refused_like_the_same_ints_in_a_list(engine: leadrules.Engine) -> None:
    ids, stages, created = pending_columns(engine)
    for value in (2**63, 2**64 - 1):
        in_list = refused(lambda: engine.sweep_columns(ids, stages, created, expires_at=[value],
                                                       workflow="partner_lead", now=0))
        in_buffer = refused(lambda: engine.sweep_columns(ids, stages, created, expires_at=array("Q", [value]),
                                                         workflow="partner_lead", now=0))
        assert type(in_buffer) is type(in_list) is TypeError
        assert str(in_buffer) == str(in_list) == "expires_at[0] must be an int (Unix seconds) or None"
        as_created = refused(lambda: engine.sweep_columns(ids, stages, array("Q", [value]),
                                                          workflow="partner_lead", now=0))
        assert isinstance(as_created, TypeError) and "created_at[0]" in str(as_created)
    # Unsigned buffers that fit are welcome (the docs' uint32 stage codes).
    small = engine.sweep_columns(ids, array("I", stages), array("Q", created), workflow="partner_lead", now=0)
    assert small.due == []


def test_numpy_uint64_beyond_int64_is_refused(engine: leadrules.Engine) -> None:
    np = pytest.importorskip("numpy")
    ids, stages, created = pending_columns(engine)
    expires = np.array([2**63], dtype=np.uint64)
    error = refused(lambda: engine.sweep_columns(ids, stages, created, expires_at=expires,
                                                 workflow="partner_lead", now=0))
    assert isinstance(error, TypeError) and "expires_at[0]" in str(error)


def test_bools_are_no_times_and_no_codes(engine: leadrules.Engine) -> None:
    ids, stages, created = pending_columns(engine)
    as_time = refused(lambda: engine.sweep_columns(ids, stages, [True], workflow="partner_lead", now=0))
    assert isinstance(as_time, TypeError) and str(as_time) == "created_at[0] must be an int (Unix seconds) or None"
    as_code = refused(lambda: engine.sweep_columns(ids, [True], created, workflow="partner_lead", now=0))
    assert isinstance(as_code, TypeError) and str(as_code) == "stages[0] must be a str or an int code"
    as_now = refused(lambda: engine.sweep_columns(ids, stages, created, workflow="partner_lead", now=True))
    assert isinstance(as_now, leadrules.RequestError)
    assert (as_now.code, as_now.path) == ("invalid_request", "now")


@pytest.mark.parametrize("now", [2**63, -(2**63) - 1, 2**64, 1.5, "soon"])
def test_a_now_that_is_no_time_is_refused_at_now(engine: leadrules.Engine, now: Any) -> None:
    ids, stages, created = pending_columns(engine)
    error = refused(lambda: engine.sweep_columns(ids, stages, created, workflow="partner_lead", now=now))
    assert isinstance(error, leadrules.RequestError), repr(error)
    assert error.path == "now"


def test_a_numpy_nat_now_is_refused_at_now(engine: leadrules.Engine) -> None:
    np = pytest.importorskip("numpy")
    ids, stages, created = pending_columns(engine)
    error = refused(lambda: engine.sweep_columns(ids, stages, created, workflow="partner_lead",
                                                 now=np.datetime64("NaT")))
    assert isinstance(error, leadrules.RequestError), repr(error)
    assert error.path == "now"


@pytest.mark.parametrize("now", [2**63 - 1, -(2**63)], ids=["INT64_MAX", "NaT"])
def test_a_now_outside_the_calendar_is_refused_like_the_json_sweep(engine: leadrules.Engine, now: int) -> None:
    # INT64_MAX made every lead due, NaT (the absent marker) none.
    ids, stages, created = pending_columns(engine)
    error = refused(lambda: engine.sweep_columns(ids, stages, created, workflow="partner_lead", now=now))
    assert isinstance(error, leadrules.RequestError), repr(error)
    assert error.path == "now"
    json_sweep = refused(lambda: engine.sweep([{"id": "L", "stage": "pending", "partner": "a", "source": "v",
                                                "created_at": "2026-11-20T09:00:00Z"}],
                                              workflow="partner_lead", now="10000-01-01T00:00:00Z"))
    assert isinstance(json_sweep, leadrules.RequestError)
    assert error.code == json_sweep.code


class Interrupting:
    def __index__(self) -> int:
        raise KeyboardInterrupt


class Failing:
    def __index__(self) -> int:
        raise ValueError("no index today")


def test_the_hosts_interrupt_propagates_from_a_column(engine: leadrules.Engine) -> None:
    ids, stages, created = pending_columns(engine)
    for call in (
        lambda: engine.sweep_columns(ids, stages, [Interrupting()], workflow="partner_lead", now=0),
        lambda: engine.sweep_columns(ids, [Interrupting()], created, workflow="partner_lead", now=0),
        lambda: engine.sweep_columns(ids, stages, created, workflow="partner_lead", now=Interrupting()),
    ):
        assert type(refused(call)) is KeyboardInterrupt
    failed = refused(lambda: engine.sweep_columns(ids, stages, [Failing()], workflow="partner_lead", now=0))
    assert isinstance(failed, TypeError) and isinstance(failed.__cause__, ValueError)


# --- finding 10: a long sweep in chunks, interruptible ----------------------


def test_a_sweep_in_chunks_answers_as_its_parts_do(engine: leadrules.Engine) -> None:
    # More rows than one chunk (65,536): due rows, the next deadline and the
    # row of an error are those of the whole columns.
    rows = 3 * 65_536 + 7
    code = engine.stage_code("partner_lead", "pending")
    emea = engine.template_code("emea")
    start = 1_795_165_200
    created = array("q", (start + (i * 7919) % 1_000_000 for i in range(rows)))
    stages = array("I", [code]) * rows
    templates = array("I", [emea]) * rows
    now = start + 5 * 86_400 + 500_000
    whole = engine.sweep_columns(range(rows), stages, created, templates=templates,
                                 workflow="partner_lead", now=now)
    due: List[int] = []
    nexts = []
    for lo in range(0, rows, 50_000):
        hi = min(rows, lo + 50_000)
        part = engine.sweep_columns(range(lo, hi), stages[lo:hi], created[lo:hi], templates=templates[lo:hi],
                                    workflow="partner_lead", now=now)
        due += part.due
        nexts.append(part.next_deadline)
    assert 0 < len(whole.due) < rows
    assert whole.due == due
    assert whole.next_deadline == min(n for n in nexts if n is not None)
    created[150_001] = -(2**63)
    error = refused(lambda: engine.sweep_columns(range(rows), stages, created, workflow="partner_lead", now=now))
    assert isinstance(error, leadrules.RequestError) and error.path == "created_at[150001]"


INTERRUPTED_SWEEP = textwrap.dedent("""
    import json, os, signal, sys, threading, time, traceback
    # A shell starts a background job with SIGINT ignored, and Python then
    # installs no KeyboardInterrupt handler: install it, as a terminal would.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    import numpy as np
    import leadrules

    engine = leadrules.Engine({"policy": {"templates": {
        "emea": {"pending": "P5D", "time_zone": "Europe/Berlin", "end_of_day": True}}}})
    rows = int(sys.argv[1])
    stages = np.full(rows, engine.stage_code("partner_lead", "pending"), dtype=np.int64)
    # A new local day every 97 rows: the zone is asked of often.
    created = (np.arange(rows, dtype=np.int64) * 900 + 1_500_000_000)
    templates = np.full(rows, engine.template_code("emea"), dtype=np.int64)

    def sweep():
        return engine.sweep_columns(range(rows), stages, created, templates=templates,
                                    workflow="partner_lead", now=0)

    began = time.perf_counter()
    sweep()
    whole = time.perf_counter() - began
    threading.Timer(whole / 5, os.kill, (os.getpid(), signal.SIGINT)).start()
    began = time.perf_counter()
    try:
        sweep()
        outcome = {"interrupted": False}
    except KeyboardInterrupt as interrupt:
        frames = traceback.extract_tb(interrupt.__traceback__)
        outcome = {"interrupted": True, "where": frames[-1].name}
    outcome.update(whole=whole, took=time.perf_counter() - began)
    print(json.dumps(outcome))
""")


def test_ctrl_c_interrupts_a_long_column_sweep(tmp_path: Any) -> None:
    pytest.importorskip("numpy")
    script = tmp_path / "interrupted_sweep.py"
    script.write_text(INTERRUPTED_SWEEP)
    rows = 3_000_000
    done = subprocess.run([sys.executable, str(script), str(rows)], capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    # The interrupt is raised by the sweep itself (in `sweep`, the frame
    # that called it), between two chunks: not after it returned, at the
    # first Python code that ran (`leadrules._types` building the answer).
    assert outcome["interrupted"], outcome
    assert outcome["where"] == "sweep", outcome


# --- point 5: values bounded as text is; large requests without the GIL ----


def test_a_request_of_values_past_the_text_limit_is_refused_like_text(engine: leadrules.Engine) -> None:
    huge = "x" * (MAX_REQUEST_BYTES + 1)
    as_text = refused(lambda: engine.decide(json.dumps({"kind": "edit", "actor": ACTOR, "lead": {"id": huge}})))
    assert isinstance(as_text, leadrules.RequestError)
    assert (as_text.code, as_text.path) == ("invalid_request", "")
    # 1,100,000 events of 40 bytes each: no one string is large.
    events = [{"id": "e", "at": NOW}] * 1_100_000
    secondary = {"id": "B", "project": "P", "status": "claimed", "owner": "m2", "events": events}
    primary = {"id": "A", "project": "P", "status": "interested", "owner": "m1"}
    for call in (
        lambda: engine.decide({"kind": "edit", "actor": ACTOR, "lead": {"id": huge}}),
        lambda: engine.can_edit(ACTOR, {"id": "L", "org": "north", "note": huge}),
        # Two fields each under the limit, over it together.
        lambda: engine.can_edit({**ACTOR, "id": huge[: MAX_REQUEST_BYTES // 2]},
                                {"id": "L", "org": "north", "owner": huge[: MAX_REQUEST_BYTES // 2]}),
        lambda: engine.can_link(ACTOR, primary, secondary, owner="m1", now=NOW),
        lambda: engine.sweep([{"id": huge}], workflow="partner_lead", now=NOW),
    ):
        error = refused(call)
        assert isinstance(error, leadrules.RequestError), repr(error)
        assert (error.code, error.path) == (as_text.code, as_text.path)


def test_a_request_of_values_under_the_limit_is_read(engine: leadrules.Engine) -> None:
    large = "x" * (MAX_REQUEST_BYTES - 1000)
    decision = engine.can_edit(ACTOR, {"id": "L", "org": "north", "owner": "u1", "note": large})
    assert decision.allowed


def _other_thread_ran_during(call: Callable[[], object], times: int = 20) -> bool:
    """Whether another thread ran while `call` did, in up to `times`
    calls. The switch interval is made so long that the calling thread
    gives up the GIL only when it releases it: the counting thread runs
    only inside a call that does (and a call that does gets it to run in
    all but a few of the calls, however short its work)."""
    count = [0]
    stop = threading.Event()

    def counting() -> None:
        while not stop.is_set():
            count[0] += 1
            time.sleep(0.0002)  # gives the GIL back

    interval = sys.getswitchinterval()
    sys.setswitchinterval(100.0)
    thread = threading.Thread(target=counting)
    try:
        thread.start()
        stop.wait(0.01)  # the counter starts
        before = count[0]
        for _ in range(times):
            call()
            if count[0] != before:
                break
        after = count[0]
    finally:
        stop.set()
        sys.setswitchinterval(interval)
        thread.join()
    return after != before


def large_sweep() -> List[Dict[str, Any]]:
    return [{"id": f"L{i}", "stage": "pending", "partner": "acme", "source": "vendor",
             "created_at": "2026-11-20T09:00:00Z"} for i in range(5_000)]


#: Events of the large link: enough that its work without the GIL outlasts
#: the wake-up of the counting thread on a quiet machine (3,000 took
#: under a scheduler's wake-up once the release build got fast).
LINK_EVENTS = 30_000


def test_large_requests_are_answered_without_the_gil(engine: leadrules.Engine) -> None:
    leads = large_sweep()
    events = [{"id": f"e{i}", "at": "2026-11-24T09:00:00Z"} for i in range(LINK_EVENTS)]
    secondary = {"id": "B", "project": "P", "status": "claimed", "owner": "m2", "events": events}
    primary = {"id": "A", "project": "P", "status": "interested", "owner": "m1"}
    manager = {"id": "s1", "org": "north", "role": "super_user"}
    text = json.dumps({"kind": "sweep", "workflow": "partner_lead", "now": NOW, "leads": leads})
    assert _other_thread_ran_during(lambda: engine.sweep(leads, workflow="partner_lead", now=NOW))
    assert _other_thread_ran_during(lambda: engine.decide(text))
    assert _other_thread_ran_during(lambda: engine.can_link(manager, primary, secondary, owner="m1", now=NOW))
    # The decision holds core's answer: reading its plan asks core nothing
    # (no work to do without the GIL), and gives what `decide` answers.
    linked = engine.can_link(manager, primary, secondary, owner="m1", now=NOW)
    request = {"kind": "link", "actor": manager, "primary": primary, "secondary": secondary,
               "owner": "m1", "now": NOW}
    assert linked.to_dict() == engine.decide(request) and len(linked.effects) == LINK_EVENTS + 6
    big = {**CONFIG, "orgs": [{"id": f"o{i}", "parent": None} for i in range(5_000)]}
    assert _other_thread_ran_during(lambda: leadrules.Engine(big))
    assert _other_thread_ran_during(lambda: leadrules.Engine(json.dumps(big)))


def test_small_calls_keep_the_gil(engine: leadrules.Engine) -> None:
    lead = {"id": "L1", "org": "north", "owner": "u1"}
    assert not _other_thread_ran_during(lambda: engine.can_handover(ACTOR, lead, "hq"))
    assert not _other_thread_ran_during(lambda: engine.can_edit(ACTOR, lead))
    assert not _other_thread_ran_during(lambda: engine.sweep(large_sweep()[:3], workflow="partner_lead", now=NOW))


# --- finding 5: one parse of a config ---------------------------------------


def test_an_engine_from_text_keeps_the_text_itself_for_pickling() -> None:
    text = json.dumps(CONFIG, indent=2)
    engine = leadrules.Engine(text)
    # The caller's own str, not a second (compact) copy made by a second parse.
    assert engine.__reduce__()[1][0] is text
    assert pickle.loads(pickle.dumps(engine)).sweep_columns(*pending_columns(engine), workflow="partner_lead",
                                                           now=0) == engine.sweep_columns(
        *pending_columns(engine), workflow="partner_lead", now=0)


def test_an_engine_from_values_pickles_as_compact_text() -> None:
    engine = leadrules.Engine(CONFIG)
    text = engine.__reduce__()[1][0]
    assert isinstance(text, str) and json.loads(text) == CONFIG and ", " not in text
    assert pickle.loads(pickle.dumps(engine)).warnings == engine.warnings
