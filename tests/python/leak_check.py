"""No leaks over a million calls (RELIABILITY.md): a script, not a timed test.

Runs a warm-up round of every kind of call (answers, denials, errors,
lazily rendered reasons and effects, sweeps over NumPy columns), measures
the process's resident memory and the number of allocated Python memory blocks, runs
1,000,000 more calls, and measures again. A leak of even a few bytes per
call would grow the RSS by megabytes; the script fails if either figure
grows beyond a small allowance for allocator noise. `make py-test` runs it.

    python tests/python/leak_check.py [CALLS]
"""

import datetime as dt
import gc
import os
import pickle
import sys
from typing import Any, Callable, List

import numpy as np

import leadrules

NOW = "2026-11-23T09:30:00Z"
ACTOR = {"id": "u1", "org": "north", "role": "professional"}
LEAD = {"id": "L1", "org": "north", "owner": "u1"}
PARTNER = {"id": "p7", "org": "acme", "role": "manager"}
PARTNER_LEAD = {
    "id": "L9",
    "stage": "pending",
    "partner": "acme",
    "source": "vendor",
    "created_at": "2026-11-20T09:00:00Z",
}
#: The same lead with aware datetimes (read by their fields, not as text).
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))
AWARE_LEAD = {**PARTNER_LEAD, "created_at": dt.datetime(2026, 11, 20, 14, 30, tzinfo=IST)}
AWARE_NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone.utc)
#: Assignment: a lead and a pool (one member away, one at capacity).
WEB_LEAD = {"id": "L1", "org": "north", "fields": {"source": "web"}}
POOLS = {"inside": {"cursor": None, "members": [
    {"id": "u1", "org": "north", "role": "professional", "away": True},
    {"id": "u2", "org": "north", "role": "professional", "open_leads": 5, "capacity": 5},
    {"id": "u3", "org": "north", "role": "professional"},
]}}
#: Business hours: open time, and instants for a calendar's column form.
HOUR = dt.timedelta(hours=1)
STARTS = np.array(["2026-11-23T09:30", "NaT", "2026-11-24T18:00"], dtype="datetime64[s]")
#: Growth allowed over the measured run (allocator arenas settle late).
#: Each of the 25 kinds of call runs 40,000 times, so a native leak
#: of 53 bytes or more in any one kind fails; a leaked Python object of
#: any size fails the block count below.
RSS_ALLOWANCE = 2 * 1024 * 1024
#: Python memory blocks (every object, tracked by the GC or not).
BLOCK_ALLOWANCE = 1000


def rss() -> int:
    """Resident memory now, in bytes (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def calls(engine: leadrules.Engine) -> List[Callable[[], Any]]:
    stages = np.full(1000, engine.stage_code("partner_lead", "pending"), dtype=np.uint32)
    created = np.arange(1_795_000_000, 1_795_001_000, dtype=np.int64)
    ids = list(range(1000))

    def error(call: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            try:
                call()
            except leadrules.Error as raised:
                return raised.code
            raise AssertionError("no error")

        return run

    return [
        lambda: engine.can_handover(ACTOR, LEAD, "hq"),
        lambda: engine.can_handover(ACTOR, LEAD, "south").reasons,
        lambda: engine.can_cross_silo(ACTOR, LEAD, "south").effects,
        lambda: engine.targets(ACTOR, LEAD),
        lambda: engine.decide({"kind": "handover", "actor": ACTOR, "lead": LEAD, "to": "hq"}),
        lambda: engine.decide('{"kind": "targets", "actor": {"id": "u1", "org": "north", '
                              '"role": "manager"}, "lead": {"id": "L1", "org": "north"}}'),
        lambda: engine.transition(PARTNER, PARTNER_LEAD, "accept", workflow="partner_lead", now=NOW).effects,
        lambda: engine.transition(PARTNER, AWARE_LEAD, "accept", workflow="partner_lead", now=AWARE_NOW).effects,
        lambda: engine.decide({"kind": "expiry", "workflow": "partner_lead", "lead": AWARE_LEAD, "now": AWARE_NOW}),
        lambda: engine.actions(PARTNER, PARTNER_LEAD, workflow="partner_lead", now=NOW),
        lambda: engine.expiry(PARTNER_LEAD, workflow="partner_lead", now=NOW),
        lambda: engine.sweep([PARTNER_LEAD], workflow="partner_lead", now=NOW),
        lambda: engine.sweep_columns(ids, stages, created, workflow="partner_lead", now=1_795_500_000),
        error(lambda: engine.can_handover(ACTOR, LEAD, "mars")),
        error(lambda: engine.decide("{not json")),
        error(lambda: engine.can_handover({**ACTOR, "id": 7}, LEAD, "hq")),
        error(lambda: leadrules.Engine({"orgs": [{"id": "a", "parent": "nowhere"}]})),
        lambda: (lambda a: (a.skipped, a.effects, a.to_dict()))(engine.assign(WEB_LEAD, POOLS)),
        lambda: (lambda b: (b[1], b.cursors, pickle.loads(pickle.dumps(b))))(
            engine.assign_many([WEB_LEAD, {**WEB_LEAD, "id": "L2"}], POOLS)),
        lambda: engine.change_owner(ACTOR, LEAD, {"id": "u7", "org": "north", "role": "professional"}).effects,
        error(lambda: engine.assign(WEB_LEAD, {"inside": {"members": [{"id": "u1", "org": "north"}]}})),
        # Business hours: a calendar, its column form, the SLA clock.
        lambda: (lambda c: (c.add(AWARE_NOW, HOUR), c.open_between(NOW, AWARE_NOW), c.next_open(NOW)))(
            engine.calendar("office")),
        lambda: engine.calendar("office").add_many(STARTS, HOUR),
        lambda: (lambda s: (s.due_at, s.elapsed, s.to_dict(), pickle.loads(pickle.dumps(s))))(
            engine.sla("office", NOW, HOUR, AWARE_NOW, [(NOW, None)])),
        error(lambda: engine.sla("office", NOW, HOUR, AWARE_NOW, [(AWARE_NOW, "2026-11-20T09:00:00Z")])),
    ]


def run(work: List[Callable[[], Any]], total: int) -> None:
    rounds = total // len(work)
    for _ in range(rounds):
        for call in work:
            call()


def main() -> int:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    engine = leadrules.Engine({"orgs": [
        {"id": "hq", "handover": True, "cross_silo": True},
        {"id": "north", "parent": "hq"},
        {"id": "south", "parent": "hq"},
        {"id": "acme"},
        {"id": "vendor"},
    ], "policy": {"assignment": {"rules": [
        {"id": "web", "when": [{"field": "source", "equals": "web"}], "pools": ["inside"],
         "strategy": "round_robin"},
    ]}, "calendars": {"office": {"time_zone": "Europe/Berlin", "hours": {
        day: [["09:00", "13:00"], ["14:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}}}}})
    work = calls(engine)
    run(work, 100_000)
    gc.collect()
    rss_before, blocks_before = rss(), sys.getallocatedblocks()
    run(work, total)
    gc.collect()
    rss_after, blocks_after = rss(), sys.getallocatedblocks()
    grown = rss_after - rss_before
    print(
        f"leak_check: {total:,} calls; RSS {rss_before / 2**20:.1f} -> {rss_after / 2**20:.1f} MiB "
        f"({grown / total:+.2f} B/call); Python blocks {blocks_before} -> {blocks_after}"
    )
    if grown > RSS_ALLOWANCE or blocks_after - blocks_before > BLOCK_ALLOWANCE:
        print("leak_check: FAILED, memory grows with calls", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
