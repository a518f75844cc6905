"""Business hours from Python: `Engine.calendar(name)` → `Calendar` (`add`,
`open_between`, `is_open`, `next_open`, and the NumPy column forms
`add_many`, `open_between_many`). Expected instants are worked out here
with `zoneinfo` (local wall clock → UTC), independently of the engine."""

import datetime as dt
import json
import pickle
import subprocess
import sys
import textwrap
from typing import Any, Dict, List

import numpy as np
import pytest

import leadrules
from test_bounded_cost import _other_thread_ran_during

UTC = dt.timezone.utc
H = dt.timedelta(hours=1)
BERLIN = dt.timezone(dt.timedelta(hours=1))  # Europe/Berlin in winter

try:
    from zoneinfo import ZoneInfo
except ImportError:  # Python 3.8 has no zoneinfo; the package needs 3.10.
    pytest.skip("zoneinfo is needed", allow_module_level=True)

CONFIG: Dict[str, Any] = {
    "policy": {
        "calendars": {
            # A split shift with holidays and exceptions (Christmas 2026).
            "office": {
                "time_zone": "Europe/Berlin",
                "hours": {day: [["09:00", "13:00"], ["14:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")},
                "holidays": ["2026-12-25", "2026-12-26"],
                "exceptions": {"2026-12-24": [["09:00", "13:00"]]},
            },
            # Every Sunday, all day, on Berlin's wall clock: 23 and 25 hours on the DST Sundays.
            "berlin_sundays": {"time_zone": "Europe/Berlin", "hours": {"sun": [["00:00", "24:00"]]}},
            # Lord Howe moves its clocks by 30 minutes, at 02:00.
            "lord_howe": {"time_zone": "Australia/Lord_Howe", "hours": {"sun": [["01:00", "03:00"]]}},
            # Open one hour, once.
            "once": {"exceptions": {"2026-01-05": [["09:00", "10:00"]]}},
            "utc_days": {"hours": {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}},
        }
    }
}


@pytest.fixture(scope="module")
def engine() -> leadrules.Engine:
    return leadrules.Engine(CONFIG)


@pytest.fixture(scope="module")
def office(engine: leadrules.Engine) -> leadrules.Calendar:
    return engine.calendar("office")


def local(zone: str, *fields: int) -> dt.datetime:
    """A wall-clock time of `zone` as an aware UTC datetime (zoneinfo's
    fold 0: the earlier of a repeated time)."""
    return dt.datetime(*fields, tzinfo=ZoneInfo(zone)).astimezone(UTC)  # type: ignore[misc]


def berlin(*fields: int) -> dt.datetime:
    return local("Europe/Berlin", *fields)


# --- the object -------------------------------------------------------------


def test_a_calendar_has_its_name_and_zone(engine: leadrules.Engine, office: leadrules.Calendar) -> None:
    assert office.name == "office" and office.zone == "Europe/Berlin"
    assert engine.calendar("once").zone == "UTC"
    assert repr(office) == '<leadrules.Calendar "office" Europe/Berlin>'
    assert isinstance(office, leadrules.Calendar)
    with pytest.raises(AttributeError):
        office.name = "other"  # type: ignore[misc]


def test_calendars_compare_hash_and_pickle(engine: leadrules.Engine, office: leadrules.Calendar) -> None:
    again = leadrules.Engine(CONFIG).calendar("office")
    assert office == again and hash(office) == hash(again)
    assert office != engine.calendar("once") and office != "office"
    loaded = pickle.loads(pickle.dumps(office))
    assert loaded == office and loaded.add(berlin(2026, 12, 21, 17), 2 * H) == berlin(2026, 12, 22, 10)


def test_a_calendar_keeps_its_engine_alive() -> None:
    calendar = leadrules.Engine(CONFIG).calendar("office")  # the engine has no other reference
    assert calendar.is_open(berlin(2026, 12, 21, 10))


def test_an_unknown_calendar_is_an_unknown_reference(engine: leadrules.Engine) -> None:
    with pytest.raises(leadrules.UnknownReferenceError) as raised:
        engine.calendar("offic")
    error = raised.value
    assert (error.code, error.path, error.message) == ("unknown_calendar", "calendar", "unknown calendar `offic`")
    assert error.code is leadrules.ErrorCode.UNKNOWN_CALENDAR and isinstance(error, LookupError)


# --- add --------------------------------------------------------------------


def test_add_counts_open_time_only(office: leadrules.Calendar) -> None:
    monday = berlin(2026, 12, 21, 9)
    assert office.add(monday, 3 * H) == berlin(2026, 12, 21, 12)
    assert office.add(monday, 5 * H) == berlin(2026, 12, 21, 15)  # lunch is closed
    assert office.add(berlin(2026, 12, 21, 17), 2 * H) == berlin(2026, 12, 22, 10)  # overnight
    assert office.add(berlin(2026, 12, 21, 7), 30 * dt.timedelta(minutes=1)) == berlin(2026, 12, 21, 9, 30)


def test_a_deadline_used_up_at_closing_time_is_closing_time(office: leadrules.Calendar) -> None:
    assert office.add(berlin(2026, 12, 21, 16), 2 * H) == berlin(2026, 12, 21, 18)
    assert office.add(berlin(2026, 12, 21, 9), 4 * H) == berlin(2026, 12, 21, 13)


def test_adding_nothing_gives_the_start(office: leadrules.Calendar) -> None:
    saturday_night = berlin(2026, 12, 19, 23, 30)
    assert office.add(saturday_night, dt.timedelta(0)) == saturday_night


def test_holidays_and_exceptions_count(office: leadrules.Calendar) -> None:
    # Christmas Eve is open 09–13 only; the 25th and 26th are holidays (26th is a Saturday).
    assert office.add(berlin(2026, 12, 24, 12), 2 * H) == berlin(2026, 12, 28, 10)


def test_answers_are_aware_utc_whatever_the_offset_of_the_input(office: leadrules.Calendar) -> None:
    due = office.add(dt.datetime(2026, 12, 21, 9, tzinfo=BERLIN), 3 * H)
    assert due is not None and due.tzinfo is UTC
    same_instants = [
        dt.datetime(2026, 12, 21, 8, tzinfo=UTC),
        dt.datetime(2026, 12, 21, 13, 30, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
        dt.datetime(2026, 12, 21, 3, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        dt.datetime(2026, 12, 21, 9, tzinfo=ZoneInfo("Europe/Berlin")),
        "2026-12-21T09:00:00+01:00",
        "2026-12-21T08:00:00Z",
    ]
    for start in same_instants:
        assert office.add(start, 3 * H) == due, start


def test_whole_seconds_as_core_counts_them(office: leadrules.Calendar) -> None:
    start = berlin(2026, 12, 21, 10)
    assert office.add(start + dt.timedelta(microseconds=999_999), dt.timedelta(seconds=1.7)) == start + dt.timedelta(
        seconds=1
    )
    assert office.open_between(start, start + dt.timedelta(seconds=2.5)) == dt.timedelta(seconds=2)


def test_add_answers_none_when_no_instant_reaches_it(engine: leadrules.Engine) -> None:
    once = engine.calendar("once")
    assert once.add(dt.datetime(2026, 1, 5, 9, tzinfo=UTC), H) == dt.datetime(2026, 1, 5, 10, tzinfo=UTC)
    assert once.add(dt.datetime(2026, 1, 5, 9, tzinfo=UTC), 2 * H) is None
    assert engine.calendar("utc_days").add(dt.datetime(9999, 12, 31, 12, tzinfo=UTC), 24 * H) is None


# --- open_between, is_open, next_open ----------------------------------------


def test_open_between(office: leadrules.Calendar) -> None:
    monday = berlin(2026, 12, 21, 0)
    assert office.open_between(monday, monday + 24 * H) == 8 * H
    assert office.open_between(berlin(2026, 12, 21, 12), berlin(2026, 12, 21, 15)) == 2 * H
    assert office.open_between(monday, monday + 7 * 24 * H) == 8 * H + 8 * H + 8 * H + 4 * H
    assert office.open_between(monday + H, monday) == dt.timedelta(0)  # reversed: nothing
    assert isinstance(office.open_between(monday, monday), dt.timedelta)


def test_is_open_and_next_open(office: leadrules.Calendar) -> None:
    assert office.is_open(berlin(2026, 12, 21, 9)) and office.is_open(berlin(2026, 12, 21, 12, 59, 59))
    assert not office.is_open(berlin(2026, 12, 21, 13)) and not office.is_open(berlin(2026, 12, 21, 18))
    assert office.next_open(berlin(2026, 12, 21, 13, 20)) == berlin(2026, 12, 21, 14)
    assert office.next_open(berlin(2026, 12, 24, 13)) == berlin(2026, 12, 28, 9)
    open_now = berlin(2026, 12, 21, 10, 15, 7)
    assert office.next_open(open_now) == open_now  # open now: now itself


def test_next_open_looks_400_days_ahead(engine: leadrules.Engine) -> None:
    once = engine.calendar("once")
    assert once.next_open(dt.datetime(2025, 1, 1, tzinfo=UTC)) == dt.datetime(2026, 1, 5, 9, tzinfo=UTC)
    assert once.next_open(dt.datetime(2024, 11, 30, tzinfo=UTC)) is None  # 401 days ahead
    assert once.next_open(dt.datetime(2026, 1, 5, 10, tzinfo=UTC)) is None  # never again
    assert not once.is_open(dt.datetime(2026, 1, 5, 10, tzinfo=UTC))


# --- DST ---------------------------------------------------------------------


@pytest.mark.parametrize("day,hours", [((2026, 3, 29), 23), ((2026, 10, 25), 25), ((2026, 12, 20), 24)])
def test_a_berlin_day_is_as_long_as_the_clock_says(engine: leadrules.Engine, day: Any, hours: int) -> None:
    sundays = engine.calendar("berlin_sundays")
    start, end = berlin(*day, 0), berlin(*day, 0) + 48 * H
    assert sundays.open_between(start, end) == hours * H
    assert sundays.add(start, hours * H) == berlin(day[0], day[1], day[2] + 1, 0)
    # The skipped hour is no instant; the repeated hour is open twice.
    assert sundays.add(start, 3 * H) == start + 3 * H


def test_berlin_open_between_across_the_change_is_real_time(engine: leadrules.Engine) -> None:
    sundays = engine.calendar("berlin_sundays")
    # 01:00 to 04:00 local on the spring Sunday is two real hours; on the autumn one, four.
    assert sundays.open_between(berlin(2026, 3, 29, 1), berlin(2026, 3, 29, 4)) == 2 * H
    assert sundays.open_between(berlin(2026, 10, 25, 1), berlin(2026, 10, 25, 4)) == 4 * H


@pytest.mark.parametrize(
    "day,length",
    [
        ((2026, 10, 4), dt.timedelta(hours=1, minutes=30)),  # 02:00 → 02:30: half an hour skipped
        ((2026, 4, 5), dt.timedelta(hours=2, minutes=30)),  # 02:00 → 01:30: half an hour repeated
        ((2026, 6, 7), 2 * H),
    ],
)
def test_lord_howe_moves_by_half_an_hour(engine: leadrules.Engine, day: Any, length: dt.timedelta) -> None:
    calendar = engine.calendar("lord_howe")
    opens, closes = local("Australia/Lord_Howe", *day, 1), local("Australia/Lord_Howe", *day, 3)
    assert closes - opens == length  # the clock's own view of the interval
    assert calendar.open_between(opens - 6 * H, closes + 6 * H) == length
    assert calendar.add(opens, length) == closes
    assert calendar.next_open(opens - H) == opens and calendar.is_open(closes - dt.timedelta(seconds=1))


# --- errors ----------------------------------------------------------------


def refused(call: Any) -> leadrules.Error:
    with pytest.raises(leadrules.RequestError) as raised:
        call()
    return raised.value


def test_a_naive_datetime_is_refused_at_its_argument(office: leadrules.Calendar) -> None:
    naive = dt.datetime(2026, 12, 21, 9)
    aware = berlin(2026, 12, 21, 9)
    cases = [
        (lambda: office.add(naive, H), "start"),
        (lambda: office.open_between(aware, naive), "end"),
        (lambda: office.open_between(naive, aware), "start"),
        (lambda: office.is_open(naive), "at"),
        (lambda: office.next_open(naive), "at"),
    ]
    for call, path in cases:
        error = refused(call)
        assert (error.code, error.path) == ("invalid_timestamp", path)
        assert error.message.startswith("`2026-12-21T09:00:00` is not an RFC 3339 timestamp with an offset")


def test_bad_arguments_are_request_errors_at_their_names(office: leadrules.Calendar) -> None:
    start = berlin(2026, 12, 21, 9)
    cases = [
        (lambda: office.add(start, -H), "invalid_request", "open", "open time cannot be negative"),
        (lambda: office.add(start, 3600), "invalid_request", "open", "expected a timedelta"),
        (lambda: office.add(start, True), "invalid_request", "open", "expected a timedelta"),
        (lambda: office.add(1766304000, H), "invalid_request", "start",
         "expected an aware datetime or RFC 3339 text, found a number"),
        (lambda: office.is_open("tomorrow"), "invalid_timestamp", "at", None),
        (lambda: office.is_open(None), "invalid_request", "at", None),
    ]
    for call, code, path, message in cases:
        error = refused(call)
        assert (error.code, error.path) == (code, path)
        assert message is None or error.message == message
        assert isinstance(error, ValueError)


# --- the column forms ---------------------------------------------------------


def seconds_column(values: List[Any], unit: str) -> Any:
    return np.array(values, dtype=f"datetime64[{unit}]")


def as_datetime(value: Any) -> Any:
    return None if np.isnat(value) else dt.datetime.fromtimestamp(int(value.astype("int64")), UTC)


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns", "m", "h", "D"])
def test_add_many_answers_as_add_in_any_unit(office: leadrules.Calendar, unit: str) -> None:
    starts = seconds_column(["2026-12-21T08:00", "NaT", "2026-12-24T11:00", "2026-12-19T23:00", "1969-12-31"], unit)
    due = office.add_many(starts, 2 * H)
    assert due.dtype == np.dtype("datetime64[s]") and due.shape == (5,)
    expected = [None if np.isnat(s) else office.add(as_datetime(s.astype("datetime64[s]")), 2 * H) for s in starts]
    assert [as_datetime(d) for d in due] == expected
    assert np.isnat(due[1])
    due[0] = np.datetime64("NaT")  # a new, writable array


def test_add_many_drops_a_fraction_of_a_second_as_core_does(office: leadrules.Calendar) -> None:
    starts = np.array(["2026-12-21T09:00:00.999", "1969-12-31T23:59:59.500"], dtype="datetime64[ms]")
    due = office.add_many(starts, dt.timedelta(seconds=1.5))
    assert due[0] == np.datetime64("2026-12-21T09:00:01")  # NumPy's times are UTC: 10:00 in Berlin, open
    expected = office.add(dt.datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC), dt.timedelta(seconds=1))
    assert as_datetime(due[1]) == expected


def test_add_many_takes_open_time_per_row(office: leadrules.Calendar) -> None:
    starts = seconds_column(["2026-12-21T08:00"] * 4, "s")
    for open_time in (
        np.array([1, 2, 5, "NaT"], dtype="timedelta64[h]"),
        np.array([60, 120, 300, "NaT"], dtype="timedelta64[m]"),
        [H, 2 * H, 5 * H, None],
    ):
        due = office.add_many(starts, open_time)
        hours = [berlin(2026, 12, 21, 10), berlin(2026, 12, 21, 11), berlin(2026, 12, 21, 15), None]
        assert [as_datetime(d) for d in due] == hours, open_time
    scalar = office.add_many(starts, np.timedelta64(90, "m"))
    assert all(as_datetime(d) == berlin(2026, 12, 21, 10, 30) for d in scalar)
    assert office.add_many(starts[:0], H).shape == (0,)
    nothing = office.add_many(seconds_column(["NaT", "2026-01-01T00:00:00"], "s"), np.timedelta64("NaT"))
    assert np.isnat(nothing).all()


def test_add_many_answers_nat_where_add_answers_none(engine: leadrules.Engine) -> None:
    once = engine.calendar("once")
    due = once.add_many(seconds_column(["2026-01-05T09:00", "2026-01-05T09:30"], "s"), dt.timedelta(minutes=40))
    assert as_datetime(due[0]) == dt.datetime(2026, 1, 5, 9, 40, tzinfo=UTC) and np.isnat(due[1])


def test_column_errors(office: leadrules.Calendar) -> None:
    starts = seconds_column(["2026-12-21T08:00", "2026-12-22T08:00", "2026-12-23T08:00"], "s")
    mismatch = refused(lambda: office.add_many(starts, np.array([1, 2], dtype="timedelta64[h]")))
    assert (mismatch.code, mismatch.path, mismatch.message) == ("invalid_request", "open", "has 2 rows; `starts` has 3")
    negative = refused(lambda: office.add_many(starts, np.array([1, -2, 3], dtype="timedelta64[h]")))
    assert (negative.code, negative.path) == ("invalid_request", "open[1]")
    assert refused(lambda: office.add_many(starts, -H)).path == "open"
    assert refused(lambda: office.add_many(starts, np.timedelta64(-1, "s"))).path == "open"
    far = refused(lambda: office.add_many(seconds_column(["2026-01-01", "10000-01-01"], "D"), H))
    assert (far.code, far.path) == ("invalid_timestamp", "starts[1]")
    ends = refused(lambda: office.open_between_many(starts, starts[:2]))
    assert (ends.code, ends.path) == ("invalid_request", "ends")
    for call in (
        lambda: office.add_many(np.array([1, 2, 3]), H),  # integers are no instants
        lambda: office.add_many(starts.reshape(3, 1), H),
        lambda: office.add_many(starts, np.array([1, 2, 3], dtype="timedelta64[M]")),  # months: no fixed length
        lambda: office.add_many(starts, np.array([1, 2, 3])),
        lambda: office.add_many(starts, ["an hour"] * 3),
    ):
        with pytest.raises(TypeError):
            call()


def test_open_between_many(office: leadrules.Calendar) -> None:
    starts = seconds_column(["2026-12-21T00:00", "NaT", "2026-12-21T11:00", "2026-12-24T00:00"], "m")
    ends = seconds_column(["2026-12-22T00:00", "2026-12-22T00:00", "NaT", "2026-12-29T00:00"], "ms")
    open_time = office.open_between_many(starts, ends)
    assert open_time.dtype == np.dtype("timedelta64[s]")
    assert open_time[0] == np.timedelta64(8, "h") and np.isnat(open_time[1]) and np.isnat(open_time[2])
    assert open_time[3] == np.timedelta64(4 + 8, "h")  # Christmas Eve's morning, then Monday the 28th


def test_a_large_add_many_runs_without_the_gil(office: leadrules.Calendar) -> None:
    starts = np.arange(0, 20_000, dtype="int64") * 997 + 1_766_300_000
    starts = starts.view("datetime64[s]")
    assert _other_thread_ran_during(lambda: office.add_many(starts, 72 * H))
    due = office.add_many(starts, 72 * H)
    for row in (0, 7_777, 19_999):
        assert as_datetime(due[row]) == office.add(as_datetime(starts[row]), 72 * H)


def test_a_scalar_call_keeps_the_gil(office: leadrules.Calendar) -> None:
    start = berlin(2026, 12, 21, 9)
    assert not _other_thread_ran_during(lambda: office.add(start, 72 * H))


INTERRUPTED = textwrap.dedent("""
    import json, os, signal, sys, threading, time, traceback
    # A shell starts a background job with SIGINT ignored, and Python then
    # installs no KeyboardInterrupt handler: install it, as a terminal would.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    import datetime as dt
    import numpy as np
    import leadrules

    engine = leadrules.Engine({"policy": {"calendars": {"office": {"time_zone": "Europe/Berlin", "hours": {
        day: [["09:00", "13:00"], ["14:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}}}}})
    office = engine.calendar("office")
    starts = (np.arange(int(sys.argv[1]), dtype=np.int64) * 61 + 1_766_300_000).view("datetime64[s]")

    def run():
        due = office.add_many(starts, dt.timedelta(hours=72))
        return due

    began = time.perf_counter()
    run()
    whole = time.perf_counter() - began
    threading.Timer(whole / 5, os.kill, (os.getpid(), signal.SIGINT)).start()
    try:
        run()
        outcome = {"interrupted": False}
    except KeyboardInterrupt as interrupt:
        frame = traceback.extract_tb(interrupt.__traceback__)[-1]
        outcome = {"interrupted": True, "where": frame.name, "line": frame.line}
    print(json.dumps(outcome))
""")


def test_ctrl_c_interrupts_a_long_add_many(tmp_path: Any) -> None:
    script = tmp_path / "interrupted_add_many.py"
    script.write_text(INTERRUPTED)
    done = subprocess.run([sys.executable, str(script), "1000000"], capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    # Raised by add_many itself between two chunks (its line), not by the
    # next line after it returned.
    assert outcome["interrupted"] and outcome["where"] == "run", outcome
    assert "add_many" in outcome["line"], outcome
