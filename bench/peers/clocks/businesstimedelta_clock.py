"""businesstimedelta (pytz zones): the calendar as its README builds one,
a `WorkDayRule` in the calendar's zone, a `LunchTimeRule` for the split
shift, a `HolidayRule` over the same holiday dates, and for the night desk
one overnight `WorkDayRule` (20:00 to 08:00, "end time less than start
time", as its docstring offers). Adding is `start + BusinessTimeDelta(rules,
seconds=n)`, the time between is `rules.difference(a, b)`; both take the
aware datetimes as they are."""

from __future__ import annotations

import datetime as dt
from typing import Any

import businesstimedelta
import pytz

from business_questions import CalendarCase, Question
from clocks.built import Args, Built, Way

PACKAGE = "businesstimedelta"
ENGINE = "businesstimedelta"


def clock(text: str) -> dt.time:
    """`HH:MM` as a time."""
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def rules_for(case: CalendarCase) -> Any:
    """The calendar as businesstimedelta rules."""
    tz = pytz.timezone(case.zone)
    days = [["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(d) for d in case.spec["hours"]]
    intervals = next(iter(case.spec["hours"].values()))
    if case.kind == "night":  # [00:00, 08:00) and [20:00, 24:00) every day: one overnight shift
        return businesstimedelta.Rules([businesstimedelta.WorkDayRule(
            start_time=dt.time(20), end_time=dt.time(8), working_days=days, tz=tz)])
    rules: list[Any] = [businesstimedelta.WorkDayRule(
        start_time=clock(intervals[0][0]), end_time=clock(intervals[-1][1]), working_days=days, tz=tz)]
    for (_, lunch_from), (lunch_to, _) in zip(intervals, intervals[1:]):
        rules.append(businesstimedelta.LunchTimeRule(
            start_time=clock(lunch_from), end_time=clock(lunch_to), working_days=days, tz=tz))
    if case.holidays:
        rules.append(businesstimedelta.HolidayRule(frozenset(case.holidays), tz=tz))
    return businesstimedelta.Rules(rules)


def add(rules: Any, start: dt.datetime, seconds: int) -> dt.datetime:
    """`start` plus `seconds` of business time."""
    return start + businesstimedelta.BusinessTimeDelta(rules, seconds=seconds)


def build(case: CalendarCase) -> Built:
    """Both kinds, on every calendar here."""
    rules = rules_for(case)

    def add_args(q: Question) -> Args:
        return (rules, q.start, int(q.duration.total_seconds())), {}  # type: ignore[union-attr]

    def between_args(q: Question) -> Args:
        return (q.start, q.end), {}

    return Built(ways={
        "add": Way(add, add_args, lambda due: int(due.timestamp())),
        "between": Way(rules.difference, between_args, lambda delta: int(delta.timedelta.total_seconds())),
    })
