#!/usr/bin/env python3
"""`make check-complexity`: no request or config can make leadrules slow or huge.

Runs each shape below — the hostile ones of the cost findings in
RELIABILITY.md, every request kind and the config loader at their largest — at
n, 2n, 4n and 8n, each (shape, size) in a fresh process of the release-built
driver (bench/complexity/: it times the one operation in-process, in CPU time
of its thread so that a busy machine does not fail it, the fastest of up to
nine runs, and counts its peak heap with a counting allocator); fits the growth
exponent of time and of peak heap against input bytes (least squares on
log-log), prints a table and exits 1 when a shape fails:

- an exponent over MAX_EXPONENT (1.25): cost grows faster than the input;
- an input of at most 1 MiB taking more than 100 ms;
- a peak heap over MAX_HEAP_PER_BYTE times the input, plus 1 MiB (a shape
  may set a tighter bound: 16 for the ignored request values of finding 4);
- a timeout (TIMEOUT seconds of CPU per size, process start and engine
  building included; the larger sizes are then skipped, and so is a size
  that the growth so far projects past the timeout), a crash, or an
  outcome the shape does not expect (a generator that no longer builds
  what it claims).

Time exponents are judged only where the largest time reaches 10 ms and
heap exponents where the largest peak reaches 1 MiB: below that, fixed
costs and timer noise make the slope meaningless. A shape that fails on
time alone (its exponent or the 100 ms rule) is measured again, up to
three times in all, and fails only if every measurement fails: CPU time
on a shared machine still jumps now and then, while a real growth beyond
linear fails each time. The output says when a shape passed on a later
measurement. A time exponent over the bound is judged again by counting
(when valgrind is installed, for the driver's shapes): callgrind counts the
operation's instructions at each size (one run minus none, in fresh
processes), a figure a loaded machine cannot move (CPU time can: a
neighbour's cache misses, the hypervisor's stolen time), and the shape
fails when the instructions grow faster than MAX_EXPONENT too. A count
replaces the later time measurements for that failure; `--no-count`
keeps time alone.

Python shapes (finding 5, `can_link` with dict events) run in .venv's
Python with the built module; they are skipped, with a note, when
`.venv/bin/python -c 'import leadrules'` fails. Their memory is the child's
peak RSS above its RSS just before the call (Linux: the peak is reset
there through /proc/self/clear_refs).

Usage: python3 bench/complexity.py [--only SUBSTRING] [--timeout S]
       [--scale F] [--json FILE] [--driver PATH] [--python PATH] [--no-count] [--list]
Stdlib only. Not part of `make test` (timings are noisy); its own logic is
tested by tests/python/test_complexity_harness.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import gc
import json
import math
import os
import pathlib
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from typing import Callable, Optional

ROOT = pathlib.Path(__file__).resolve().parent.parent
DRIVER = ROOT / "target" / "complexity" / "release" / "leadrules-complexity"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

MAX_EXPONENT = 1.25
SMALL_INPUT = 1 << 20
SMALL_INPUT_SECONDS = 0.100
MAX_HEAP_PER_BYTE = 64
HEAP_SLACK = 1 << 20
TIME_FLOOR = 0.010
HEAP_FLOOR = 1 << 20
FACTORS = (1, 2, 4, 8)
TIME_ATTEMPTS = 3  # a failure on time alone must hold on each of these measurements
TIMEOUT = 20.0
WALL_FACTOR = 10
COUNT_TIMEOUT = 600.0  # seconds of CPU for one run under callgrind (~50 times slower)

NOW = "2026-11-23T09:30:00Z"


# ---------------------------------------------------------------- inputs


def dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def org(i: int, parent: Optional[str]) -> dict:
    return {"id": f"o{i}", "parent": parent, "handover": True, "cross_silo": True}


def chain(count: int) -> list:
    """o0 <- o1 <- ... : one community as deep as it is long."""
    return [org(i, f"o{i - 1}" if i else None) for i in range(count)]


def star(count: int) -> list:
    """o0 and count - 1 children: one community as wide as it is long."""
    return [org(i, "o0" if i else None) for i in range(count)]


def orgs_config(orgs: list) -> str:
    return dumps({"orgs": orgs})


def actor(org_id: str = "o0", role: str = "manager") -> dict:
    return {"id": "u1", "org": org_id, "role": role}


def handover_request(extra: Optional[str] = None, *, frm: str = "o1", to: str = "o0") -> str:
    text = dumps({"kind": "handover", "actor": actor(frm), "lead": {"id": "L1", "org": frm, "owner": "u1"},
                  "to": to})
    if extra is None:
        return text
    # Spliced as text: the hostile values are written by hand, not dumped.
    return text[:-1] + ',"extra":' + extra + "}"


def deep_arrays(size: int) -> str:
    """Arrays nested 120 deep, repeated: 121 levels with the request's own two."""
    item = "[" * 120 + "0" + "]" * 120
    return "[" + ",".join([item] * max(1, size // (len(item) + 1))) + "]"


def zero_lists(size: int) -> str:
    return "[" + ",".join(["[0]"] * max(1, size // 4)) + "]"


def nested_objects(size: int) -> str:
    item = '{"a":' * 100 + "0" + "}" * 100
    return "[" + ",".join([item] * max(1, size // (len(item) + 1))) + "]"


def link_request(*, events: int = 0, alternates: int = 0, projects: int = 0) -> str:
    def lead(lead_id: str, owner: str, status: str, lead_events: list, alts: list) -> dict:
        return {"id": lead_id, "project": "P", "status": status, "owner": owner, "mobile": f"+91{lead_id}",
                "alternates": alts, "events": lead_events}

    evs = [{"id": f"e{i}", "at": "2026-12-01T10:00:00Z"} for i in range(events)]
    alts = [f"+9198{i:08d}" for i in range(alternates)]
    link_actor = {"id": "su1", "org": "o0", "role": "super_user",
                  "assignment_owner_of": [f"Q{i}" for i in range(projects)] + ["P"]}
    return dumps({"kind": "link", "actor": link_actor, "now": NOW, "owner": "m1",
                  "primary": lead("A", "m1", "interested", [], alts),
                  "secondary": lead("B", "m2", "claimed", evs, alts)})


def stage_list(count: int) -> list:
    return [{"id": f"s{i}", "initial": i == 0} for i in range(count)]


def star_actions(count: int, stages: int) -> list:
    """Actions `from "*"`, each to a stage, all reachable: no warnings."""
    return [{"id": f"a{i}", "from": "*", "to": f"s{i % stages}", "who": {"capability": "manage_lifecycle"}}
            for i in range(count)]


def workflow(stages: int, actions: int) -> dict:
    return {"stages": stage_list(stages), "actions": star_actions(actions, stages)}


def workflows_config(workflows: dict) -> str:
    return dumps({"policy": {"workflows": workflows}})


def small_workflow(warning: bool) -> dict:
    """Two stages and one action: no warning, or exactly one (a `when_due`
    rule where no expiry runs)."""
    action = {"id": "go", "from": ["a"], "to": "z", "who": {"capability": "manage_lifecycle"}}
    if warning:
        action["when_due"] = "deny"
    return {"stages": [{"id": "a", "initial": True}, {"id": "z", "terminal": True}], "actions": [action]}


def workflow_request(kind: str, name: str, action: Optional[str] = None) -> str:
    request = {"kind": kind, "workflow": name, "now": NOW, "actor": actor(),
               "lead": {"id": "W1", "stage": "s0", "owner": "u1"}}
    if action is not None:
        request["action"] = action
    return dumps(request)


def holidays(count: int) -> list:
    """Consecutive days from the leads' creation on: every one of them
    lands inside a deadline's count, the worst case for a day-by-day walk."""
    start = datetime.date(2026, 11, 20)
    return [(start + datetime.timedelta(days=i)).isoformat() for i in range(count)]


def templates_config(templates: dict) -> str:
    return dumps({"policy": {"templates": templates}})


def business_template(holiday_count: int) -> dict:
    return {"pending": "P7D", "business_days": {"holidays": holidays(holiday_count)}}


def sweep_request(count: int, template: Optional[str] = None, templates: int = 0) -> str:
    leads = []
    for i in range(count):
        lead = {"id": f"L{i}", "stage": "pending", "created_at": "2026-11-20T09:30:00Z"}
        if templates:
            lead["template"] = f"t{templates - 1}"
        elif template is not None:
            lead["template"] = template
        leads.append(lead)
    return dumps({"kind": "sweep", "workflow": "partner_lead", "now": NOW, "leads": leads})


def expiry_request(template: str) -> str:
    return dumps({"kind": "expiry", "workflow": "partner_lead", "now": NOW,
                  "lead": {"id": "E1", "stage": "pending", "partner": "acme", "source": "vendor",
                           "created_at": "2026-11-20T09:30:00Z", "template": template}})


def cross_silo_chain(count: int) -> tuple:
    """A chain o0..o(count-2) and a leaf `x` under o0: the deepest org and
    `x` meet only at the root."""
    orgs = chain(max(2, count - 1)) + [org(-1, "o0") | {"id": "x"}]
    deepest = orgs[-2]["id"]
    request = dumps({"kind": "cross_silo", "actor": actor(deepest), "lead": {"id": "L1", "org": deepest,
                     "owner": "u1"}, "to": "x"})
    return orgs_config(orgs), request


SPLIT_SHIFT = [["09:00", "13:00"], ["14:00", "18:00"]]


def sla_config(holiday_count: int = 0, calendars: int = 1, first: datetime.date = datetime.date(2026, 1, 1)) -> str:
    """Calendars `c0`.. in Berlin, split shifts Monday to Friday, the first
    with `holiday_count` holidays every other day from `first`."""
    start = first
    dates = [(start + datetime.timedelta(days=2 * i)).isoformat() for i in range(holiday_count)]
    week = {day: SPLIT_SHIFT for day in ("mon", "tue", "wed", "thu", "fri")}
    listed = {f"c{i}": {"time_zone": "Europe/Berlin", "hours": week, "holidays": dates if i == 0 else []}
              for i in range(calendars)}
    return dumps({"policy": {"calendars": listed}})


#: Days from 0001-01-01 to 9999-12-30: a clock across the protocol's years.
DAYS_TO_9999 = (datetime.date(9999, 12, 30) - datetime.date(1, 1, 1)).days


def sla_request(*, pauses: int = 0, days: int = 1, target_hours: int = 4,
                start: datetime.datetime = datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.timezone.utc),
                pause_every: int = 1) -> str:
    """The clock of `c0` from `start` (a Monday) for `days` days, with
    `pauses` pauses `pause_every` days apart, each a day and an hour long
    (overlapping the next when a day apart) and over closed hours."""
    stamp = lambda at: f"{at.year:04d}-{at.strftime('%m-%dT%H:%M:%S')}Z"
    paused = [{"from": stamp(start + datetime.timedelta(days=i * pause_every, hours=2)),
               "to": stamp(start + datetime.timedelta(days=i * pause_every + 1, hours=3))} for i in range(pauses)]
    return dumps({"kind": "sla", "calendar": "c0", "start": stamp(start), "target": f"PT{target_hours}H",
                  "now": stamp(start + datetime.timedelta(days=days)), "paused": paused})


def assign_config(rules: int = 0, fallthrough: bool = False) -> str:
    """`north` under `hq`, and `rules` rules that each test two fields and
    name their own pool (`p{i}`), then a catch-all on pool `main`."""
    listed = [{"id": f"r{i}", "when": [{"field": "source", "in": ["web", f"s{i}"]}, {"field": "budget", "min": i}],
               "pools": [f"p{i}"], "strategy": "round_robin", "fallthrough": fallthrough} for i in range(rules)]
    listed.append({"id": "main", "pools": ["main"], "strategy": "round_robin"})
    return dumps({"orgs": [{"id": "hq"}, {"id": "north", "parent": "hq"}],
                  "policy": {"assignment": {"rules": listed}}})


def assign_members(count: int, *, eligible_last: bool = False) -> list:
    """`count` members of `north`; with `eligible_last`, all but the last away."""
    return [{"id": f"u{i}", "org": "north", "role": "professional", "open_leads": i % 7, "capacity": None,
             "weight": 1 + i % 3, "away": eligible_last and i < count - 1} for i in range(count)]


def assign_request(*, leads: int = 0, members: int = 50, eligible_last: bool = False,
                   strategy_pool: str = "main", pools: int = 0) -> str:
    lead = {"id": "L0", "org": "north", "fields": {"source": "web", "budget": 100}}
    body: dict = {"kind": "assign", "now": NOW}
    if leads:
        body["leads"] = [dict(lead, id=f"L{i}") for i in range(leads)]
    else:
        body["lead"] = lead
    body["pools"] = {strategy_pool: {"cursor": "u0", "members": assign_members(members, eligible_last=eligible_last)}}
    for i in range(pools):
        body["pools"][f"p{i}"] = {"cursor": None, "members": [{"id": "x", "org": "north", "role": "basic"}]}
    return dumps(body)


MATCH_RULES = [{"id": "phone", "keys": ["phone"], "action": "block"},
               {"id": "email", "keys": ["email"], "action": "link"},
               {"id": "person", "keys": ["name", "company"], "action": "alert"}]


def match_config(rules: int = 0) -> str:
    """The duplicate rules (and `rules` more, each comparing every value)."""
    listed = MATCH_RULES + [{"id": f"r{i}", "keys": ["phone", "email", "name", "company"], "action": "alert"}
                            for i in range(rules)]
    return dumps({"orgs": [org(0, None)], "policy": {"matching": {"default_region": "IN", "rules": listed}}})


def match_lead(i: int) -> dict:
    """A lead with two phones, an e-mail, a name and a company, distinct per i."""
    return {"id": f"L{i}", "phone": f"98{i:08d}", "mobiles": [f"+91 97{i:08d}"],
            "email": f"Jane.Doe+{i}@gmail.com", "name": f"Jané Doe {i}", "company": f"Acme {i} Pvt. Ltd."}


def match_keys_request(count: int) -> str:
    return dumps({"kind": "match_keys", "leads": [match_lead(i) for i in range(count)]})


def match_request(candidates: int) -> str:
    lead = match_lead(0)
    lead["id"] = "NEW"
    # Every candidate shares the phone: each is compared in full and answered.
    return dumps({"kind": "match", "lead": lead,
                  "candidates": [dict(match_lead(i), phone=lead["phone"]) for i in range(candidates)]})


def unknown_keys(count: int) -> str:
    return ",".join(f'"k{i}":0' for i in range(count))


# ---------------------------------------------------------------- shapes


@dataclasses.dataclass(frozen=True)
class Shape:
    """One input family: `make(count)` gives (config text, request text or
    None for the config loader); `base` is the count at n; `scales` says
    which texts grow ("config", "request" or "both": the input bytes;
    "request+answer": the request's and the answer's bytes, for a kind
    whose answer the contract makes larger than its request — an `assign`
    batch lists, for every lead, every member passed over)."""

    name: str
    finding: str
    base: int
    make: Callable[[int], tuple]
    scales: str
    expect: tuple
    python: str = ""  # a Python-side operation, run in .venv's Python
    heap_per_byte: int = 0  # a tighter bound than MAX_HEAP_PER_BYTE, where the shape calls for one

    @property
    def op(self) -> str:
        return self.python or ("config" if self.make(1)[1] is None else "decide")


TREE = orgs_config(star(2))
EMPTY = "{}"

SHAPES = [
    # Finding 1: the repeated-event check of `link`.
    Shape("link: n events", "F1", 10_000, lambda n: (TREE, link_request(events=n)), "request", ("ok",)),
    Shape("link: n alternates", "link", 5_000, lambda n: (TREE, link_request(alternates=n)), "request", ("ok",)),
    Shape("link: n assignment projects", "link", 10_000, lambda n: (TREE, link_request(projects=n)), "request",
          ("ok",)),
    # Finding 2: problems and warnings put in document order.
    Shape("config: n unknown root keys", "F2", 8_000, lambda n: ("{" + unknown_keys(n) + "}", None), "config",
          ("invalid_config",)),
    Shape("config: n unknown keys under policy", "F2", 8_000,
          lambda n: ('{"policy":{' + unknown_keys(n) + "}}", None), "config", ("invalid_config",)),
    Shape("config: n unknown keys in an org", "F2", 8_000,
          lambda n: ('{"orgs":[{"id":"a",' + unknown_keys(n) + "}]}", None), "config", ("invalid_config",)),
    Shape("config: one role, n bad capabilities", "F2", 8_000,
          lambda n: (dumps({"policy": {"roles": {"r": [f"x{i}" for i in range(n)]}}}), None), "config",
          ("invalid_config",)),
    Shape("config: n roles, a bad capability each", "F2", 8_000,
          lambda n: (dumps({"policy": {"roles": {f"r{i}": ["x"] for i in range(n)}}}), None), "config",
          ("invalid_config",)),
    Shape("config: n orgs, an unknown parent each", "F2", 8_000,
          lambda n: (orgs_config([org(i, "nowhere") for i in range(n)]), None), "config", ("invalid_config",)),
    Shape("config: n workflows, a warning each", "F2", 2_000,
          lambda n: (workflows_config({f"w{i}": small_workflow(True) for i in range(n)}), None), "config",
          ("loaded",)),
    Shape("config: n small valid workflows", "F2", 2_000,
          lambda n: (workflows_config({f"w{i}": small_workflow(False) for i in range(n)}), None), "config",
          ("loaded",)),
    # Finding 3: workflow tables against the text that asks for them. At
    # the size limits a config may be refused (a limit on stages x
    # actions): that is cheap and allowed.
    Shape("config: n workflows of 1000 stages x 1000 actions from *", "F3", 2,
          lambda n: (workflows_config({f"w{i}": workflow(1000, 1000) for i in range(n)}), None), "config",
          ("loaded", "invalid_config")),
    Shape("config: 1 workflow, 125n stages x 125n actions from *", "F3", 125,
          lambda n: (workflows_config({"big": workflow(n, n)}), None), "config", ("loaded", "invalid_config")),
    Shape("config: 1 workflow, 125n stages x 100 actions from *", "F3", 125,
          lambda n: (workflows_config({"big": workflow(n, 100)}), None), "config", ("loaded", "invalid_config")),
    Shape("config: 1 workflow, 100 stages x 125n actions from *", "F3", 125,
          lambda n: (workflows_config({"big": workflow(100, n)}), None), "config", ("loaded", "invalid_config")),
    # Long names quoted in every finding (found while fixing finding 3): a
    # name copied into each warning or problem costs name x findings; the
    # heap rule (64 bytes per input byte) is what catches it, the count
    # being fixed.
    Shape("config: a workflow named n KiB, 1000 stages unreached", "F3", 64,
          lambda n: (workflows_config({"w" * (n << 10): {
              "stages": stage_list(1000),
              "actions": [{"id": "go", "from": ["s0"], "to": "s1", "who": {"capability": "manage_lifecycle"}}],
          }}), None), "config", ("loaded",)),
    Shape("config: a role named n KiB, 2000 unknown capabilities", "F3", 64,
          lambda n: (dumps({"policy": {"roles": {"r" * (n << 10): [f"x{i}" for i in range(2000)]}}}), None),
          "config", ("invalid_config",)),
    # Finding 4: ignored request keys (bytes at n: 512 KiB). What is
    # ignored should not be built at all: 16 bytes of heap per input byte
    # (a sweep's leads, read, take about 11).
    Shape("handover: ignored key of arrays 120 deep", "F4", 1 << 19,
          lambda n: (TREE, handover_request(deep_arrays(n))), "request", ("ok",), heap_per_byte=16),
    Shape("handover: ignored key, a list of [0]", "F4", 1 << 19,
          lambda n: (TREE, handover_request(zero_lists(n))), "request", ("ok",), heap_per_byte=16),
    Shape("handover: ignored key of objects 100 deep", "F4", 1 << 19,
          lambda n: (TREE, handover_request(nested_objects(n))), "request", ("ok",), heap_per_byte=16),
    Shape("sweep: n leads, each with an ignored [0] list", "F4", 2_000,
          lambda n: (EMPTY, sweep_request(n).replace('"stage":"pending"', '"x":[[0],[0],[0],[0]],"stage":"pending"')),
          "request", ("ok",), heap_per_byte=16),
    # Finding 7: request cost times config size (n leads, 10n holidays or
    # 6n templates: both texts grow).
    Shape("sweep: n leads x business days with 10n holidays", "F7", 1_000,
          lambda n: (templates_config({"bd": business_template(10 * n)}), sweep_request(n, "bd")), "both",
          ("ok",)),
    Shape("sweep: n leads x 6n templates", "F7", 1_000,
          lambda n: (templates_config({f"t{i}": {"pending": "P7D"} for i in range(6 * n)}),
                     sweep_request(n, templates=6 * n)), "both", ("ok",)),
    Shape("expiry: business days with n holidays", "F7", 10_000,
          lambda n: (templates_config({"bd": business_template(n)}), expiry_request("bd")), "config", ("ok",)),
    # Every request kind at its largest.
    Shape("handover: n orgs deep, leaf to parent", "kinds", 50_000,
          lambda n: (orgs_config(chain(n)), handover_request(frm=f"o{n - 1}", to=f"o{n - 2}")), "config",
          ("ok",)),
    Shape("handover: n orgs wide, child to root", "kinds", 50_000,
          lambda n: (orgs_config(star(n)), handover_request(frm=f"o{n - 1}", to="o0")), "config", ("ok",)),
    Shape("cross_silo: n orgs deep, deepest to a root's child", "kinds", 50_000, cross_silo_chain, "config",
          ("ok",)),
    Shape("targets: n orgs wide, from the root", "kinds", 50_000,
          lambda n: (orgs_config(star(n)), dumps({"kind": "targets", "actor": actor("o0"),
                                                  "lead": {"id": "T1", "org": "o0", "owner": None}})),
          "config", ("ok",)),
    Shape("targets: n orgs deep, from the leaf", "kinds", 50_000,
          lambda n: (orgs_config(chain(n)), dumps({"kind": "targets", "actor": actor(f"o{n - 1}"),
                                                   "lead": {"id": "T1", "org": f"o{n - 1}", "owner": "u1"}})),
          "config", ("ok",)),
    Shape("create: n orgs wide, assigned to the last", "kinds", 50_000,
          lambda n: (orgs_config(star(n)), dumps({"kind": "create", "actor": actor("o0"),
                                                  "lead": {"assignee": {"id": "u2", "org": f"o{n - 1}"}}})),
          "config", ("ok",)),
    Shape("edit: n orgs deep, lead at the leaf", "kinds", 50_000,
          lambda n: (orgs_config(chain(n)), dumps({"kind": "edit", "actor": actor("o0"),
                                                   "lead": {"id": "L1", "org": f"o{n - 1}", "owner": "u2"}})),
          "config", ("ok",)),
    Shape("actions: 125n stages x 125n actions from *", "kinds", 125,
          lambda n: (workflows_config({"big": workflow(n, n)}), workflow_request("actions", "big")),
          "config", ("ok",)),
    Shape("transition: 125n stages x 125n actions from *", "kinds", 125,
          lambda n: (workflows_config({"big": workflow(n, n)}),
                     workflow_request("transition", "big", f"a{n - 1}")), "config", ("ok",)),
    Shape("sweep: n leads", "kinds", 10_000, lambda n: (EMPTY, sweep_request(n)), "request", ("ok",)),
    Shape("assign: a batch of n leads, pool of 50", "kinds", 2_000,
          lambda n: (assign_config(), assign_request(leads=n)), "request", ("ok",)),
    # By contract every lead's answer lists every member passed over: the
    # answer grows with leads x members (capped by MAX_BATCH_MEMBER_VISITS),
    # so these are judged against request and answer bytes.
    Shape("assign: a batch of n leads, pool of 50 nobody may take", "kinds", 2_000,
          lambda n: (assign_config(), assign_request(leads=n).replace('"away":false', '"away":true')),
          "request+answer", ("ok",)),
    Shape("assign: one lead, n members, only the last eligible", "kinds", 10_000,
          lambda n: (assign_config(), assign_request(members=n, eligible_last=True)), "request", ("ok",)),
    Shape("assign: n leads over n members, only the last eligible", "kinds", 120,
          lambda n: (assign_config(), assign_request(leads=n, members=n, eligible_last=True)), "request+answer",
          ("ok",)),
    Shape("assign: n rules that fall through, their pools ineligible", "kinds", 2_000,
          lambda n: (assign_config(n, fallthrough=True), assign_request(pools=n)), "both", ("ok",)),
    Shape("assign: n rules, none matching but the last", "kinds", 2_000,
          lambda n: (assign_config(n).replace('"web",', '"mail",'), assign_request()), "config", ("ok",)),
    Shape("match_keys: a batch of n leads", "kinds", 2_000,
          lambda n: (match_config(), match_keys_request(n)), "request", ("ok",)),
    Shape("match: n candidates, each matching", "kinds", 2_000,
          lambda n: (match_config(), match_request(n)), "request", ("ok",)),
    Shape("match_keys: a phone of n digits and spaces", "kinds", 100_000,
          lambda n: (match_config(), dumps({"kind": "match_keys", "lead": {"phone": "+91 " + "9 " * n}})),
          "request", ("ok",)),
    Shape("match_keys: a phone of n letters", "kinds", 100_000,
          lambda n: (match_config(), dumps({"kind": "match_keys", "lead": {"phone": "+9" + "x" * n}})),
          "request", ("ok",)),
    Shape("match_keys: an e-mail, a name and a company of n accented letters", "kinds", 100_000,
          lambda n: (match_config(), dumps({"kind": "match_keys", "lead": {
              "email": "é" * n + "@x.io", "name": "Jé. " * (n // 4), "company": "Ltd " * (n // 4)}})),
          "request", ("ok",)),
    Shape("match_keys: one lead, n rules", "kinds", 1_000,
          lambda n: (match_config(n), dumps({"kind": "match_keys", "lead": match_lead(0)})), "config", ("ok",)),
    Shape("change_owner: n orgs deep, lead at the leaf", "kinds", 50_000,
          lambda n: (orgs_config(chain(n)), dumps({"kind": "change_owner", "actor": actor(f"o{n - 1}"),
                                                   "lead": {"id": "L1", "org": f"o{n - 1}", "owner": "u2"},
                                                   "to": {"id": "u3", "org": f"o{n - 1}", "role": "professional"}})),
          "config", ("ok",)),
    Shape("sla: n pauses a day apart, overlapping", "kinds", 5_000,
          lambda n: (sla_config(), sla_request(pauses=n, days=n, target_hours=n)), "request", ("ok",)),
    # From 2101 on: the business-hours clock used to read a zone's offsets
    # from a table from 1900 to 2100 and walk a week at a time past it,
    # several times dearer a day. Begun in 2026 the clock crossed 2100 from
    # 4n on, so the shape measured the table at n and 2n and the walk at
    # 8n: an exponent of 1.8 by instructions as by time, for a cost linear
    # in each regime. The zone's last offset now holds past the table, and
    # the shape stays in one regime either way.
    Shape("sla: a calendar of n holidays, the clock across them (from 2101)", "kinds", 5_000,
          lambda n: (sla_config(holiday_count=n, first=datetime.date(2101, 1, 1)),
                     sla_request(days=2 * n, target_hours=4 * n,
                                 start=datetime.datetime(2101, 1, 3, 9, tzinfo=datetime.timezone.utc))),
          "config", ("ok",)),
    # The clock across the protocol's years: before the zone's first
    # offset and last offset were known to hold beyond the table (1840 to
    # 2100), it proved one offset a week at a time there, 0.38 s for one
    # request of 150 bytes (a fuzzer's timeout).
    Shape("sla: n pauses over the years 0001 to 9999", "kinds", 1_000,
          lambda n: (sla_config(), sla_request(pauses=n, days=DAYS_TO_9999, target_hours=50,
                                               start=datetime.datetime(1, 1, 1, 9, tzinfo=datetime.timezone.utc),
                                               pause_every=DAYS_TO_9999 // (n + 1))),
          "request", ("ok",)),
    Shape("config: n calendars", "kinds", 2_000, lambda n: (sla_config(calendars=n), None), "config",
          ("loaded",)),
    Shape("sweep: n leads, zoned end of day", "kinds", 10_000,
          lambda n: (templates_config({"z": {"pending": "P7D", "time_zone": "Europe/Berlin", "end_of_day": True}}),
                     sweep_request(n, "z")), "request", ("ok",)),
    # The loader at 6,000 to 48,000 orgs (1 to 8.5 MiB of heap). The time
    # of a working set that outgrows this machine's 32 MiB L3 cache, shared
    # with whatever else runs, steps up threefold once (here between
    # 100,000 and 400,000 orgs) and is linear again after it: a cache step,
    # not the algorithm, which a fit over 8x reads as an exponent of 1.3.
    # Shapes expected to be linear keep their heap under that (the link
    # lists below too); sweeps, which stream, are indifferent to it.
    Shape("config: n orgs wide", "kinds", 6_000, lambda n: (orgs_config(star(n)), None), "config", ("loaded",)),
    Shape("config: n orgs deep", "kinds", 6_000, lambda n: (orgs_config(chain(n)), None), "config", ("loaded",)),
    # Python (finding 5 and the dict face of finding 1).
    Shape("python Engine(text): n orgs wide", "F5", 6_000, lambda n: (orgs_config(star(n)), None), "config",
          ("loaded",), python="engine"),
    Shape("python can_link: n dict events", "F1", 10_000, lambda n: (TREE, link_request(events=n)), "request",
          ("ok",), python="can_link"),
]


# ---------------------------------------------------------------- fitting


def fit_exponent(sizes: list, values: list) -> Optional[float]:
    """The slope of log(value) against log(size), least squares; None
    with fewer than two distinct sizes."""
    points = [(math.log(s), math.log(max(v, 1e-12))) for s, v in zip(sizes, values) if s > 0]
    if len({x for x, _ in points}) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return sxy / sxx


@dataclasses.dataclass
class Point:
    size: int
    seconds: Optional[float] = None
    heap: Optional[int] = None
    outcome: str = ""
    error: str = ""  # timeout, crash, unexpected outcome
    median: Optional[float] = None  # CPU time, the median run, for the record only
    wall: Optional[float] = None  # wall-clock median, for the record only
    rss: Optional[int] = None  # the whole process's peak RSS, for the record only
    count: int = 0  # the shape's n at this size
    instructions: Optional[int] = None  # the operation's, counted when time was in doubt


def projection(points: list) -> float:
    """The time the next (doubled) size should take, from the growth so
    far (at least linear); 0 before two sizes are measured."""
    good = [p for p in points if not p.error and p.seconds is not None]
    if len(good) < 2 or len(good) != len(points):
        return 0.0
    exponent = fit_exponent([p.size for p in good], [p.seconds for p in good]) or 1.0
    return good[-1].seconds * 2 ** max(exponent, 1.0)


@dataclasses.dataclass
class Result:
    shape: Shape
    points: list
    time_exponent: Optional[float] = None
    heap_exponent: Optional[float] = None
    failures: list = dataclasses.field(default_factory=list)
    skipped: str = ""
    remeasured: list = dataclasses.field(default_factory=list)  # earlier timing failures
    instruction_exponent: Optional[float] = None
    counted: str = ""  # a time exponent the instruction counts judged again


def measure_shape(shape: Shape, args: argparse.Namespace, workdir: pathlib.Path) -> list:
    """The shape's points at n, 2n, 4n and 8n, each in a fresh process;
    sizes past a timeout (measured or projected) are not run."""
    points: list = []
    for factor in FACTORS:
        projected = projection(points)
        if projected > args.timeout:
            # Measuring would only run into the timeout: report it as one.
            points.append(Point(points[-1].size * 2, error=f"timeout (projected {projected:.0f} s of CPU)"))
            break
        count = max(1, round(shape.base * args.scale * factor))
        point = measure(shape, count, workdir, args.driver, args.timeout, args.python)
        points.append(point)
        if "timeout" in point.error:
            break  # the larger sizes would only time out too
    return points


def exponent_failure(failure: str) -> bool:
    """A failure on the time exponent alone, which instructions can judge."""
    return failure.startswith("time exponent")


def timing_failure(failure: str) -> bool:
    """A failure that rests on measured time alone (not a heap bound, an
    error, or a timeout)."""
    return failure.startswith("time exponent") or failure.endswith("(> 100 ms)")


def judge(shape: Shape, points: list) -> Result:
    """The verdict on one shape's measured points (see the module doc)."""
    result = Result(shape, points)
    good = [p for p in points if not p.error and p.seconds is not None]
    for p in points:
        if p.error:
            result.failures.append(f"{human_bytes(p.size)}: {p.error}")
    if len(good) >= 2:
        sizes = [p.size for p in good]
        result.time_exponent = fit_exponent(sizes, [p.seconds for p in good])
        result.heap_exponent = fit_exponent(sizes, [max(p.heap or 0, 1) for p in good])
        if (result.time_exponent is not None and max(p.seconds for p in good) >= TIME_FLOOR
                and result.time_exponent > MAX_EXPONENT):
            result.failures.append(f"time exponent {result.time_exponent:.2f} > {MAX_EXPONENT}")
        if (result.heap_exponent is not None and max(p.heap or 0 for p in good) >= HEAP_FLOOR
                and result.heap_exponent > MAX_EXPONENT):
            result.failures.append(f"heap exponent {result.heap_exponent:.2f} > {MAX_EXPONENT}")
    for p in good:
        if p.size <= SMALL_INPUT and p.seconds > SMALL_INPUT_SECONDS:
            result.failures.append(f"{human_bytes(p.size)} took {human_seconds(p.seconds)} (> 100 ms)")
            break
    bound = shape.heap_per_byte or MAX_HEAP_PER_BYTE
    for p in good:
        if p.heap is not None and p.heap > bound * p.size + HEAP_SLACK:
            result.failures.append(f"{human_bytes(p.size)} peaked at {human_bytes(p.heap)} "
                                   f"({p.heap / p.size:.0f} bytes per input byte > {bound})")
            break
    return result


def judge_counts(result: Result) -> Result:
    """The verdict once the good points carry instruction counts: a time
    exponent over the bound stands only if the instructions grow that fast
    too; every other failure stands as it was."""
    good = [p for p in result.points if not p.error and p.seconds is not None]
    if len(good) < 2 or any(p.instructions is None for p in good):
        return result
    exponent = fit_exponent([p.size for p in good], [max(p.instructions, 1) for p in good])
    if exponent is None:
        return result
    result.instruction_exponent = exponent
    by_time = [f for f in result.failures if exponent_failure(f)]
    if not by_time:
        return result
    kept = [f for f in result.failures if not exponent_failure(f)]
    if exponent > MAX_EXPONENT:
        kept.insert(0, f"{by_time[0]}, instruction exponent {exponent:.2f} > {MAX_EXPONENT}")
    else:
        result.counted = f"{by_time[0]}, but instructions grow with exponent {exponent:.2f}"
    result.failures = kept
    return result


# ---------------------------------------------------------------- running


def run_child(argv: list, timeout: float) -> tuple:
    """Runs argv with `timeout` seconds of CPU (RLIMIT_CPU: a busy machine
    slows a run down but does not time it out; a wall-clock backstop of
    WALL_FACTOR times as much catches a process that hangs); returns (exit
    status, or None on timeout; stdout; stderr; peak RSS in bytes). A fresh
    process per measurement: nothing warm is shared, and ru_maxrss is this
    run's alone."""
    limit = max(1, math.ceil(timeout))

    def limit_cpu() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, preexec_fn=limit_cpu)
        deadline = time.monotonic() + timeout * WALL_FACTOR
        status = None
        try:
            while True:
                pid, raw, rusage = os.wait4(child.pid, os.WNOHANG)
                if pid:
                    status = os.waitstatus_to_exitcode(raw)
                    break
                if time.monotonic() > deadline:
                    child.send_signal(signal.SIGKILL)
                    _, _, rusage = os.wait4(child.pid, 0)
                    break
                time.sleep(0.005)
        except BaseException:
            child.kill()  # never leave a driver running behind an interrupted harness
            os.wait4(child.pid, 0)
            raise
        finally:
            child.returncode = -9 if status is None else status  # reaped here, not by Popen
        if status in (-signal.SIGXCPU, -signal.SIGKILL):
            status = None
        out.seek(0)
        err.seek(0)
        return status, out.read().decode(errors="replace"), err.read().decode(errors="replace"), \
            rusage.ru_maxrss * 1024


def inputs(texts: tuple, workdir: pathlib.Path) -> list:
    """Writes a shape's texts (config, request or None) into workdir; the
    driver's arguments that read them."""
    config, request = texts
    config_file = workdir / "config.json"
    config_file.write_text(config)
    if request is None:
        return ["config", str(config_file)]
    request_file = workdir / "request.json"
    request_file.write_text(request)
    return ["decide", str(config_file), str(request_file)]


def measure(shape: Shape, count: int, workdir: pathlib.Path, driver: pathlib.Path, timeout: float,
            python: pathlib.Path = VENV_PYTHON) -> Point:
    config, request = shape.make(count)
    size = {"config": len(config.encode()), "request": len((request or "").encode()),
            "request+answer": len((request or "").encode()),
            "both": len(config.encode()) + len((request or "").encode())}[shape.scales]
    point = Point(size, count=count)
    argv = [str(driver), *inputs((config, request), workdir)]
    if shape.python:
        argv = [str(python), str(pathlib.Path(__file__).resolve()), "--python-child", shape.python, *argv[2:]]
    status, out, err, point.rss = run_child(argv, timeout)
    if status is None:
        point.error = f"timeout (> {timeout:g} s of CPU)"
        return point
    if status != 0:
        point.error = f"exit {status}: {err.strip()[-300:]}"
        return point
    try:
        line = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        point.error = f"no result: {out.strip()[-200:]} {err.strip()[-200:]}"
        return point
    point.seconds = line.get("min_ns", line["median_ns"]) / 1e9
    point.median = line["median_ns"] / 1e9
    point.wall = line.get("median_wall_ns", 0) / 1e9
    point.heap = line["peak_bytes"]
    point.outcome = line["outcome"]
    if shape.scales == "request+answer" and point.outcome == "ok":
        point.size += line.get("count", 0)
    if point.outcome not in shape.expect:
        point.error = f"outcome {point.outcome}, expected {' or '.join(shape.expect)}"
        if line.get("detail"):
            point.error += f" ({line['detail']})"
    return point


def countable(shape: Shape, args: argparse.Namespace) -> bool:
    """Whether the shape's instructions can be counted here: a driver
    shape (a Python one would count the interpreter), valgrind installed."""
    return not shape.python and not args.no_count and shutil.which("valgrind") is not None


def instructions(argv: list) -> Optional[int]:
    """The instructions `argv` executes, by callgrind; None when it fails."""
    with tempfile.TemporaryDirectory(prefix="leadrules-count-") as tmp:
        out = pathlib.Path(tmp) / "callgrind.out"
        status, _, _, _ = run_child(["valgrind", "--quiet", "--tool=callgrind", f"--callgrind-out-file={out}",
                                     *argv], COUNT_TIMEOUT)
        if status != 0 or not out.exists():
            return None
        for line in out.read_text().splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    return None


def count_points(shape: Shape, result: Result, args: argparse.Namespace, workdir: pathlib.Path,
                 counter: Callable[[list], Optional[int]] = instructions) -> Result:
    """Counts the operation's instructions at each good point (one run
    minus none: reading the files and building the engine cancel out),
    then judges the counts (`judge_counts`)."""
    for point in result.points:
        if point.error or point.seconds is None:
            continue
        argv = [str(args.driver), "--runs", "{runs}", *inputs(shape.make(point.count), workdir)]
        once, never = (counter([a.format(runs=runs) for a in argv]) for runs in (1, 0))
        if once is None or never is None:
            return result  # no count: the time verdict stands
        point.instructions = max(once - never, 1)
    return judge_counts(result)


def python_available(python: pathlib.Path) -> str:
    """'' when this Python imports leadrules, else why not."""
    if not python.exists():
        return f"{python} does not exist (make venv, then pip install ./python)"
    probe = subprocess.run([str(python), "-c", "import leadrules"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"{python} cannot import leadrules: {probe.stderr.strip()[-200:]}"
    return ""


def rss_high_water_reset() -> int:
    """Resets the process's peak RSS to its current RSS and returns it, in
    bytes. Reading the input (json.loads) peaks above what the call itself
    adds, so without the reset a call's own growth is hidden until it
    passes that earlier peak. Linux resets the mark through clear_refs
    (value 5); elsewhere the mark is kept and the figure is a lower bound."""
    gc.collect()
    try:
        pathlib.Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return rss_high_water()
    return proc_status_bytes("VmRSS") or rss_high_water()


def rss_high_water() -> int:
    """The process's peak RSS in bytes (VmHWM, else ru_maxrss)."""
    return proc_status_bytes("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def proc_status_bytes(key: str) -> int:
    """A `kB` line of /proc/self/status in bytes; 0 where there is none."""
    try:
        for line in pathlib.Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def python_child(op: str, files: list) -> None:
    """The Python side's driver: times one call in CPU time (the fastest
    and the median of up to five within two seconds) and reports the RSS it
    added at its peak."""
    import leadrules  # noqa: PLC0415  (only .venv's Python has it)

    config = pathlib.Path(files[0]).read_text()
    if op == "engine":
        def call() -> str:
            leadrules.Engine(config)
            return "loaded"
    elif op == "can_link":
        engine = leadrules.Engine(config)
        request = json.loads(pathlib.Path(files[1]).read_text())

        def call() -> str:
            engine.can_link(request["actor"], request["primary"], request["secondary"],
                            owner=request["owner"], now=request["now"])
            return "ok"
    else:
        raise SystemExit(f"unknown Python operation {op}")
    before = rss_high_water_reset()
    times = []
    outcome = ""
    started = time.thread_time()
    while len(times) < 5 and (not times or time.thread_time() - started < 2):
        start = time.thread_time()
        outcome = call()
        times.append(time.thread_time() - start)
        if len(times) == 1:
            peak = max(rss_high_water() - before, 0)
    times.sort()
    print(json.dumps({"op": op, "outcome": outcome, "runs": len(times), "min_ns": int(times[0] * 1e9),
                      "median_ns": int(times[len(times) // 2] * 1e9), "peak_bytes": peak}))


# ---------------------------------------------------------------- output


def human_bytes(n: Optional[float]) -> str:
    if n is None:
        return "-"
    for unit, scale in (("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f}{unit}"
    return f"{int(n)}B"


def human_seconds(s: Optional[float]) -> str:
    if s is None:
        return "-"
    if s >= 1:
        return f"{s:.2f}s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f}ms"
    return f"{s * 1e6:.0f}us"


def exponent_text(value: Optional[float], judged: bool) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if judged else f"({value:.2f})"


def row(result: Result) -> str:
    pts = result.points
    good = [p for p in pts if not p.error]
    cells = [
        f"{result.shape.finding:5} {result.shape.name[:54]:54}",
        " ".join(f"{human_bytes(p.size):>6}" for p in pts).ljust(27),
        " ".join(f"{'T/O' if 'timeout' in p.error else human_seconds(p.seconds):>7}" for p in pts).ljust(31),
        " ".join(f"{human_bytes(p.heap):>6}" for p in pts).ljust(27),
        f"{exponent_text(result.time_exponent, bool(good) and max(p.seconds for p in good) >= TIME_FLOOR):>6}",
        f"{exponent_text(result.heap_exponent, bool(good) and max(p.heap or 0 for p in good) >= HEAP_FLOOR):>6}",
        "FAIL" if result.failures else ("skip" if result.skipped else "ok"),
    ]
    return "  ".join(cells)


HEADER = "  ".join([
    f"{'what':5} {'shape (n, 2n, 4n, 8n)':54}", f"{'input bytes':27}", f"{'CPU time (fastest run)':31}",
    f"{'peak heap':27}", f"{'exp t':>6}", f"{'exp m':>6}", "verdict"])


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", default=[],
                        help="run the shapes whose name or finding contains this (repeatable)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per (shape, size)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every n (smaller for a quick look)")
    parser.add_argument("--driver", type=pathlib.Path, default=DRIVER)
    parser.add_argument("--python", type=pathlib.Path, default=VENV_PYTHON,
                        help="the Python (with leadrules installed, a release build) of the Python shapes")
    parser.add_argument("--json", type=pathlib.Path, help="also write every measurement here")
    parser.add_argument("--no-count", action="store_true",
                        help="judge a time exponent by time alone, never by callgrind's instruction counts")
    parser.add_argument("--list", action="store_true", help="list the shapes and exit")
    parser.add_argument("--python-child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.python_child:
        python_child(args.python_child[0], args.python_child[1:])
        return 0
    shapes = [s for s in SHAPES if not args.only or any(o in s.name or o == s.finding for o in args.only)]
    if args.list:
        for shape in shapes:
            print(f"{shape.finding:5} {shape.name}  (n = {shape.base}, {shape.python or shape.op})")
        return 0
    if not args.driver.exists():
        print(f"{args.driver}: not built (cargo build --release --manifest-path bench/complexity/Cargo.toml "
              "--target-dir target/complexity)", file=sys.stderr)
        return 2
    no_python = python_available(args.python) if any(s.python for s in shapes) else ""
    print(f"limits: exponent <= {MAX_EXPONENT} (time judged from {human_seconds(TIME_FLOOR)}, heap from "
          f"{human_bytes(HEAP_FLOOR)}); inputs <= 1 MiB under 100 ms; peak heap <= {MAX_HEAP_PER_BYTE} x input "
          f"+ 1 MiB; times are CPU time; {args.timeout:g} s of CPU per size")
    print(HEADER)
    results = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="leadrules-complexity-") as tmp:
        for shape in shapes:
            if shape.python and no_python:
                result = Result(shape, [], skipped=no_python)
                results.append(result)
                print(row(result) + f"  ({no_python})", flush=True)
                continue
            result = judge(shape, measure_shape(shape, args, pathlib.Path(tmp)))
            # CPU time on a shared machine still jumps now and then (page
            # faults, the cache another process evicts): a verdict that
            # rests on time alone must hold on every measurement, while a
            # real growth beyond linear fails them all.
            # A time exponent alone is judged by instruction counts where
            # they can be had, which no load moves.
            for _ in range(TIME_ATTEMPTS - 1):
                if not result.failures or not all(timing_failure(f) for f in result.failures):
                    break
                if countable(shape, args) and all(exponent_failure(f) for f in result.failures):
                    break
                first = result.failures
                result = judge(shape, measure_shape(shape, args, pathlib.Path(tmp)))
                result.remeasured.append("; ".join(first))
            if countable(shape, args) and any(exponent_failure(f) for f in result.failures):
                result = count_points(shape, result, args, pathlib.Path(tmp))
            results.append(result)
            print(row(result), flush=True)
            for earlier in result.remeasured:
                print(f"      (measured again after: {earlier})", flush=True)
            if result.counted:
                print(f"      (judged by instructions: {result.counted})", flush=True)
    failed = [r for r in results if r.failures]
    print(f"\n{len(results)} shapes, {len(failed)} failed, "
          f"{sum(1 for r in results if r.skipped)} skipped, in {time.monotonic() - started:.0f} s")
    for result in failed:
        print(f"FAIL {result.shape.finding} {result.shape.name}: {'; '.join(result.failures)}")
    for result in results:
        if result.skipped:
            print(f"skip {result.shape.finding} {result.shape.name}: {result.skipped}")
    if args.json:
        args.json.write_text(json.dumps([{
            "shape": r.shape.name, "finding": r.shape.finding, "time_exponent": r.time_exponent,
            "heap_exponent": r.heap_exponent, "instruction_exponent": r.instruction_exponent,
            "counted": r.counted, "failures": r.failures, "skipped": r.skipped,
            "points": [dataclasses.asdict(p) for p in r.points]} for r in results], indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
