"""leadrules, the reference of the timing: a calendar asked through the
protocol kind `sla` (docs/protocol.md), which answers both questions: the
deadline `due_at` is the start plus the target in open time (nothing
paused), and `elapsed` is the open time between `start` and `now`. The two
wrappers below are the only place that says so: a typed calendar call
would replace their bodies and nothing else."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import leadrules

from business_questions import CalendarCase, Question
from clocks.built import Args, Built, Way

PACKAGE = "leadrules"
ENGINE = "leadrules"

DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$")


def add(engine: Any, calendar: str, start: dt.datetime, duration: dt.timedelta) -> Any:
    """`start` plus `duration` of open time: an `sla` clock started at
    `start` (its `due_at`)."""
    target = f"PT{duration.days * 86_400 + duration.seconds}S"
    return engine.decide({"kind": "sla", "calendar": calendar, "start": start, "target": target, "now": start})


def between(engine: Any, calendar: str, a: dt.datetime, b: dt.datetime) -> Any:
    """Open time in [a, b): an `sla` clock from `a` read at `b` (its
    `elapsed`)."""
    return engine.decide({"kind": "sla", "calendar": calendar, "start": a, "target": "PT0S", "now": b})


def read_due(answer: Any) -> int:
    """`due_at` (an aware datetime) as seconds since the epoch."""
    return int(answer["due_at"].timestamp())


def read_elapsed(answer: Any) -> int:
    """`elapsed` (`PT…H…M…S`) as seconds."""
    match = DURATION.match(answer["elapsed"])
    if match is None:
        raise ValueError(f"not a duration: {answer['elapsed']!r}")
    h, m, s = (int(x or 0) for x in match.groups())
    return h * 3600 + m * 60 + s


def build(case: CalendarCase) -> Built:
    """Both kinds, on every calendar: one engine whose policy holds this
    calendar."""
    engine = leadrules.Engine({"policy": {"calendars": {case.name: case.spec}}})

    def add_args(q: Question) -> Args:
        return (engine, case.name, q.start, q.duration), {}

    def between_args(q: Question) -> Args:
        return (engine, case.name, q.start, q.end), {}

    return Built(ways={"add": Way(add, add_args, read_due), "between": Way(between, between_args, read_elapsed)})
