"""Columnar sweep throughput from Python: 1,000,000 partner leads as NumPy
columns (stage codes, Unix seconds, NaT for absent times) and as lists; in
UTC days, in a zone with the end-of-day rule, and with a template counting
a business-hours calendar (Europe/Berlin, Monday to Friday 09:00-12:30 and
13:30-18:00, holidays; PT72H pending, PT240H accepted). Prints the median
of repeats, in leads per second, with the machine."""

from __future__ import annotations

import os
import platform
import statistics
import time
from typing import Any, Callable

import numpy as np

import leadrules
import results_file

ROWS = 1_000_000
T0 = 1_763_629_200
REPEATS = 7


def median_seconds(call: Callable[[], Any]) -> float:
    call()  # warm-up
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    split = [["09:00", "12:30"], ["13:30", "18:00"]]
    engine = leadrules.Engine({"policy": {
        "calendars": {"office": {
            "time_zone": "Europe/Berlin",
            "hours": {day: split for day in ("mon", "tue", "wed", "thu", "fri")},
            "holidays": ["2025-12-24", "2025-12-25", "2025-12-26", "2026-01-01", "2026-04-03", "2026-04-06",
                         "2026-05-01", "2026-10-03", "2026-12-25", "2026-12-26"]}},
        "templates": {
            "emea": {"pending": "P5D", "time_zone": "Europe/Berlin", "end_of_day": True},
            "office_sla": {"calendar": "office", "pending": "PT72H", "accepted": "PT240H"}}}})
    codes = [engine.stage_code("partner_lead", s) for s in ("pending", "accepted", "closed_converted")]
    pattern = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 2])
    stages = np.array(codes, dtype=np.int32)[pattern[np.arange(ROWS) % 10]]
    created = T0 + (np.arange(ROWS, dtype=np.int64) % 1_000_000) * 13
    accepted = np.where(stages == codes[1], created, np.iinfo(np.int64).min)
    ids = np.arange(ROWS)
    now = T0 + 8 * 86_400
    emea = np.full(ROWS, engine.template_code("emea"), dtype=np.uint32)
    office = np.full(ROWS, engine.template_code("office_sla"), dtype=np.uint32)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"leadrules {leadrules.__version__}")
    cases = {
        "numpy columns, UTC days": lambda: engine.sweep_columns(
            ids, stages, created, accepted_at=accepted, workflow="partner_lead", now=now),
        "numpy columns, Europe/Berlin end of day": lambda: engine.sweep_columns(
            ids, stages, created, accepted_at=accepted, templates=emea, workflow="partner_lead", now=now),
        "numpy columns, business-hours calendar": lambda: engine.sweep_columns(
            ids, stages, created, accepted_at=accepted, templates=office, workflow="partner_lead", now=now),
    }
    lists = (ids.tolist(), stages.tolist(), created.tolist(),
             [None if a == np.iinfo(np.int64).min else a for a in accepted.tolist()])
    cases["lists of ints, UTC days"] = lambda: engine.sweep_columns(
        lists[0], lists[1], lists[2], accepted_at=lists[3], workflow="partner_lead", now=now)
    results = []
    for name, call in cases.items():
        seconds = median_seconds(call)
        print(f"{name:45s} {ROWS / seconds / 1e6:7.1f} M leads/s  (median {seconds * 1e3:.1f} ms per 1M)")
        results.append({"name": f"sweep_columns, {name}", "size": ROWS, "per_second": round(ROWS / seconds),
                        "unit": "leads", "median_ns": round(seconds * 1e9)})
    results_file.write("python-sweep", results, method=f"median of {REPEATS} calls after a warm-up; "
                       f"leadrules {leadrules.__version__}")


if __name__ == "__main__":
    main()
