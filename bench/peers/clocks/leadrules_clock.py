"""leadrules, the reference of the timing: the policy calendar's typed
handle (`engine.calendar(name)`, docs/python.md), whose `add` is the start
plus open time and whose `open_between` is the open time between two
instants, each one call with aware datetimes in and out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import leadrules

from business_questions import CalendarCase, Question
from clocks.built import Args, Built, Way

PACKAGE = "leadrules"
ENGINE = "leadrules"


def add(calendar: Any, start: dt.datetime, duration: dt.timedelta) -> Any:
    """`start` plus `duration` of open time (an aware UTC datetime)."""
    return calendar.add(start, duration)


def between(calendar: Any, a: dt.datetime, b: dt.datetime) -> Any:
    """Open time in [a, b) (a `timedelta`)."""
    return calendar.open_between(a, b)


def read_due(answer: Any) -> int:
    """The deadline (an aware datetime) as seconds since the epoch."""
    return int(answer.timestamp())


def read_elapsed(answer: Any) -> int:
    """The open time (a `timedelta`) as seconds."""
    return int(answer.total_seconds())


def build(case: CalendarCase) -> Built:
    """Both kinds, on every calendar: one engine whose policy holds this
    calendar."""
    engine = leadrules.Engine({"policy": {"calendars": {case.name: case.spec}}})
    calendar = engine.calendar(case.name)

    def add_args(q: Question) -> Args:
        return (calendar, q.start, q.duration), {}

    def between_args(q: Question) -> Args:
        return (calendar, q.start, q.end), {}

    return Built(ways={"add": Way(add, add_args, read_due), "between": Way(between, between_args, read_elapsed)})
