"""Duplicate detection from Python (the target of
BENCHMARKS.md's first table: `match_keys_many` of 100,000 leads
>= 200,000 leads/s).

Each lead is a dict with 2 phones (`phone` national, one of `mobiles`
international), an e-mail with a plus tag, a name with an accent and a
company with a legal suffix, under a policy of three rules (phone,
e-mail, name + company): the lead of the Rust `match_keys` target. Single
calls are timed timeit-style (bare call, arguments as locals, median of
runs of ~0.2 s), batches as the median of REPEATS calls. Each case is
first checked to get the answer it is built for.
"""

from __future__ import annotations

import statistics
import sys
import time
from typing import Any, Callable

import leadrules
import results_file
from decisions import machine, median_us

REPEATS = 5
BATCH = 100_000
CANDIDATES = 20

CONFIG: dict[str, Any] = {"policy": {"matching": {"default_region": "IN", "rules": [
    {"id": "same-phone", "keys": ["phone"], "action": "block"},
    {"id": "same-email", "keys": ["email"], "action": "link"},
    {"id": "same-person", "keys": ["name", "company"], "action": "alert"},
]}}}


def lead(i: int) -> dict[str, Any]:
    return {
        "id": f"L{i}",
        "phone": f"098{i % 100_000_000:08d}",
        "mobiles": [f"+91 97{i % 100_000_000:08d}"],
        "email": f"Jane.Doe{i}+crm@example.com",
        "name": f"Jané Doe {i}",
        "company": "Acme Pvt Ltd",
    }


def median_seconds(call: Callable[[], Any]) -> float:
    call()  # warm-up
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    engine = leadrules.Engine(CONFIG)
    one = lead(7)
    leads = [lead(i) for i in range(BATCH)]
    candidates = [lead(i) for i in range(100, 100 + CANDIDATES - 1)] + [{**lead(8), "phone": one["phone"]}]

    checks = [
        len(engine.match_keys(one)) == 4,
        len(engine.match_keys_many(leads[:1000])) == 1000,
        all(len(keys) == 4 for keys in engine.match_keys_many(leads[:1000])),
        not engine.match(one, candidates) and len(engine.match(one, candidates)) == 1,
    ]
    if not all(checks):
        print("cases that do not get the answer they were built for:", checks, file=sys.stderr)
        return 1

    print(f"machine: {machine()}")
    print("a lead: 2 phones, 1 e-mail, name and company; 3 rules; "
          f"single calls: timeit median; batches: median of {REPEATS} calls")
    print()
    print("| call | µs per call |")
    print("| --- | --- |")
    singles: list[tuple[str, Callable[..., Any], tuple[Any, ...]]] = [
        ("match_keys (4 keys)", engine.match_keys, (one,)),
        (f"match against {CANDIDATES} candidates (1 blocks)", engine.match, (one, candidates)),
    ]
    results: list[dict[str, Any]] = []
    for name, call, args in singles:
        us = median_us(call, args, {})
        print(f"| {name} | {us:.2f} |")
        results.append({"name": name, "median_ns": round(us * 1e3, 1)})
    print()
    seconds = median_seconds(lambda: engine.match_keys_many(leads))
    print(f"match_keys_many, {BATCH:,} leads: {BATCH / seconds:,.0f} leads/s "
          f"(median {seconds * 1e3:.1f} ms per call; target >= 200,000 leads/s)")
    results.append({"name": "match_keys_many", "size": BATCH, "per_second": round(BATCH / seconds),
                    "unit": "leads", "median_ns": round(seconds * 1e9)})
    results_file.write("python-match", results, method=f"single calls: timeit median; batches: median of "
                       f"{REPEATS} calls; leadrules {leadrules.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
