"""Business hours from Python (the target of BENCHMARKS.md's first table:
`engine.sla(...)` with aware datetimes <= 3 us), with the typed
`Calendar` calls beside it.

The calendar is the one of bench/sweep.py and the Rust hours fixture:
Europe/Berlin, Monday to Friday 09:00-12:30 and 13:30-18:00, ten holidays.
`sla` counts a PT8H target from a Monday morning start to Wednesday noon
with two pauses (one ended, one ended later), asked with aware UTC
datetimes, with `ZoneInfo` datetimes, and with the target as text.
Single calls are timed timeit-style (bare call, arguments as locals,
median of runs of ~0.2 s). Each case is first checked to get the answer
it is built for.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any, Callable
from zoneinfo import ZoneInfo

import leadrules
import results_file
from decisions import REPEATS, machine, median_us

SPLIT = [["09:00", "12:30"], ["13:30", "18:00"]]
CONFIG: dict[str, Any] = {"policy": {"calendars": {"office": {
    "time_zone": "Europe/Berlin",
    "hours": {day: SPLIT for day in ("mon", "tue", "wed", "thu", "fri")},
    "holidays": ["2025-12-24", "2025-12-25", "2025-12-26", "2026-01-01", "2026-04-03", "2026-04-06",
                 "2026-05-01", "2026-10-03", "2026-12-25", "2026-12-26"]}}}}


def main() -> int:
    engine = leadrules.Engine(CONFIG)
    office = engine.calendar("office")
    utc, berlin = dt.timezone.utc, ZoneInfo("Europe/Berlin")
    start = dt.datetime(2026, 11, 23, 8, 15, tzinfo=utc)
    now = dt.datetime(2026, 11, 25, 11, 0, tzinfo=utc)
    pauses = [(dt.datetime(2026, 11, 23, 10, 0, tzinfo=utc), dt.datetime(2026, 11, 23, 11, 30, tzinfo=utc)),
              (dt.datetime(2026, 11, 24, 14, 0, tzinfo=utc), dt.datetime(2026, 11, 24, 15, 0, tzinfo=utc))]
    zoned = [(a.astimezone(berlin), b.astimezone(berlin)) for a, b in pauses]
    target = dt.timedelta(hours=8)

    cases: list[tuple[str, Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = [
        ("sla, two pauses, aware datetimes (UTC), timedelta target", engine.sla,
         ("office", start, target, now), {"paused": pauses}),
        ("sla, two pauses, aware datetimes (ZoneInfo), timedelta target", engine.sla,
         ("office", start.astimezone(berlin), target, now.astimezone(berlin)), {"paused": zoned}),
        ("sla, two pauses, aware datetimes (UTC), target as text", engine.sla,
         ("office", start, "PT8H", now), {"paused": pauses}),
        ("Calendar.add PT72H", office.add, (start, dt.timedelta(hours=72)), {}),
        ("Calendar.open_between, 30 days", office.open_between, (start, start + dt.timedelta(days=30)), {}),
    ]
    answers = [call(*args, **kwargs) for _, call, args, kwargs in cases]
    slas = answers[:3]
    checks = [
        all(s == slas[0] for s in slas),
        slas[0].due_at is not None and slas[0].due_at > start,
        answers[3] is not None and answers[3] > start,
        dt.timedelta(0) < answers[4] < dt.timedelta(days=30),
    ]
    if not all(checks):
        print("cases that do not get the answer they were built for:", checks, file=sys.stderr)
        return 1

    print(f"machine: {machine()}")
    print(f"calendar: Europe/Berlin split shifts with holidays; timeit median of {REPEATS} runs")
    print()
    print("| call | µs per call |")
    print("| --- | --- |")
    results: list[dict[str, Any]] = []
    for name, call, args, kwargs in cases:
        us = median_us(call, args, kwargs)
        print(f"| {name} | {us:.2f} |")
        results.append({"name": name, "median_ns": round(us * 1e3, 1)})
    results_file.write("python-hours", results, method=f"timeit, bare call with local arguments; warm-up, "
                       f"median of {REPEATS} runs; leadrules {leadrules.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
