"""Assignment from Python (the targets of BENCHMARKS.md's first table:
`Engine.assign` with dict inputs and a pool of 50 <= 5 us; `assign_many`
of 10,000 leads >= 1 M leads/s).

The policy has 20 rules; the lead matches the last one (the 19 before it
are tested and fail), whose pool has 50 members, as dicts. Single calls
are timed timeit-style (bare call, arguments as locals, median of
REPEATS runs of ~0.2 s), batches as the median of REPEATS calls. Each
case is first checked to get the answer it is built for.
"""

from __future__ import annotations

import statistics
import sys
import time
from typing import Any, Callable

import leadrules
import results_file
from decisions import machine, median_us

REPEATS = 7
MEMBERS = 50
BATCH = 10_000


def config() -> dict[str, Any]:
    rules: list[dict[str, Any]] = [
        {"id": f"r{i}", "when": [{"field": "source", "equals": f"channel{i}"}, {"field": "budget", "min": i}],
         "pools": ["inside"], "strategy": "round_robin"}
        for i in range(18)
    ]
    rules.append({"id": "vip", "when": [{"field": "budget", "min": 10_000_000}], "pools": ["senior"],
                  "strategy": "least_loaded"})
    rules.append({"id": "web", "when": [{"field": "source", "equals": "web"}, {"field": "country", "in": ["IN", "LK"]}],
                  "pools": ["inside"], "strategy": "round_robin"})
    return {"orgs": [{"id": "hq"}, {"id": "north", "parent": "hq"}],
            "policy": {"assignment": {"rules": rules}}}


def members() -> list[dict[str, Any]]:
    return [{"id": f"u{i}", "org": "north", "role": "professional", "open_leads": i % 7, "capacity": 20,
             "away": i % 10 == 3} for i in range(MEMBERS)]


def median_seconds(call: Callable[[], Any]) -> float:
    call()  # warm-up
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    engine = leadrules.Engine(config())
    lead = {"id": "L9", "org": "north", "fields": {"source": "web", "country": "IN", "budget": 150000}}
    unmatched = {"id": "L8", "org": "north", "fields": {"source": "fax", "country": "IN", "budget": 150000}}
    pools = {"inside": {"cursor": "u2", "members": members()}}
    least = {"senior": {"cursor": None, "members": members()}}
    vip = {"id": "L7", "org": "north", "fields": {"source": "web", "budget": 20_000_000}}
    request = {"kind": "assign", "lead": lead, "pools": pools}
    leads = [{"id": f"L{i}", "org": "north", "fields": {"source": "web", "country": "IN", "budget": 1000 + i}}
             for i in range(BATCH)]
    big_pools = {"inside": {"cursor": None, "members": [{**m, "capacity": None} for m in members()]}}

    checks = [
        engine.assign(lead, pools).assignee == "u4",  # u3 is away
        engine.assign(unmatched, pools).codes == [leadrules.DenialCode.NO_RULE_MATCHED],
        engine.assign(vip, least).rule == "vip",
        engine.decide(request)["assignee"] == "u4",
        engine.assign_many(leads, big_pools).assigned == BATCH,
    ]
    if not all(checks):
        print("cases that do not get the answer they were built for:", checks, file=sys.stderr)
        return 1

    print(f"machine: {machine()}")
    print(f"20 rules (the lead matches the last), a pool of {MEMBERS} members as dicts; "
          f"single calls: timeit median of {REPEATS} runs; batches: median of {REPEATS} calls")
    print()
    print("| call | µs per call |")
    print("| --- | --- |")
    singles: list[tuple[str, Callable[..., Any], tuple[Any, ...]]] = [
        ("assign, round robin (assigned, 1 skipped)", engine.assign, (lead, pools)),
        ("assign, no rule matched", engine.assign, (unmatched, pools)),
        ("assign, least loaded over 50", engine.assign, (vip, least)),
        ("decide(dict) assign, round robin", engine.decide, (request,)),
    ]
    results: list[dict[str, Any]] = []
    for name, call, args in singles:
        us = median_us(call, args, {})
        print(f"| {name} | {us:.2f} |")
        results.append({"name": name, "median_ns": round(us * 1e3, 1)})
    print()
    seconds = median_seconds(lambda: engine.assign_many(leads, big_pools))
    print(f"assign_many, {BATCH:,} leads over a pool of {MEMBERS}: {BATCH / seconds / 1e6:.2f} M leads/s "
          f"(median {seconds * 1e3:.2f} ms per call)")
    results.append({"name": f"assign_many, pool of {MEMBERS}", "size": BATCH, "per_second": round(BATCH / seconds),
                    "unit": "leads", "median_ns": round(seconds * 1e9)})
    request_many = {"kind": "assign", "leads": leads, "pools": big_pools}
    seconds = median_seconds(lambda: engine.decide(request_many))
    print(f"decide(dict) of the same batch: {BATCH / seconds / 1e6:.2f} M leads/s "
          f"(median {seconds * 1e3:.2f} ms per call)")
    results.append({"name": "decide(dict) assign, batch", "size": BATCH, "per_second": round(BATCH / seconds),
                    "unit": "leads", "median_ns": round(seconds * 1e9)})
    results_file.write("python-assign", results, method=f"single calls: timeit median of {REPEATS} runs; "
                       f"batches: median of {REPEATS} calls; leadrules {leadrules.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
