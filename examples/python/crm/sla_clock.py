"""The SLA clock as leadrules answers it: the one place the CRM asks
about business time.

The CRM counts nothing itself: open hours, lunch breaks, holidays, the
zone's DST changes and the pauses are the engine's arithmetic, asked
through the JSON protocol's ``sla`` kind (``Engine.decide``). Every call
goes through :func:`ask`, so a typed call (``engine.sla(...)``) can take
its place here without the rest of the CRM noticing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Optional, Sequence, Tuple

import leadrules

from . import db

#: A pause of the clock, ``[from, to)``; ``to`` None while it lasts.
Pause = Tuple[dt.datetime, Optional[dt.datetime]]

_DURATION = re.compile(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?")


@dataclass(frozen=True)
class Clock:
    """One reading of an SLA clock at ``now`` (the ``sla`` kind's answer)."""

    #: When the target is used up in open, unpaused time (None: a pause
    #: that has not ended began first, so no instant reaches it).
    due_at: Optional[dt.datetime]
    #: Open, unpaused time between the start and ``now``.
    elapsed: dt.timedelta
    #: The target less ``elapsed``, never below zero.
    remaining: dt.timedelta
    #: ``elapsed`` has reached the target.
    breached: bool
    #: The calendar is open at ``now``.
    open_now: bool
    #: The first instant at or after ``now`` when the calendar is open.
    next_open: Optional[dt.datetime]


def ask(
    engine: leadrules.Engine,
    *,
    calendar: str,
    start: dt.datetime,
    target: str,
    now: dt.datetime,
    paused: Sequence[Pause] = (),
) -> Clock:
    """The clock of ``target`` (a duration, ``PT4H``) started at ``start``
    in ``calendar``'s open time, read at ``now``, stopped during ``paused``."""
    answer = engine.decide(
        {
            "kind": "sla",
            "calendar": calendar,
            "start": start,
            "target": target,
            "now": now,
            "paused": [{"from": begun, "to": ended} for begun, ended in paused],
        }
    )
    return Clock(
        due_at=_instant(answer["due_at"]),
        elapsed=duration(answer["elapsed"]),
        remaining=duration(answer["remaining"]),
        breached=bool(answer["breached"]),
        open_now=bool(answer["open_now"]),
        next_open=_instant(answer["next_open"]),
    )


def open_between(engine: leadrules.Engine, calendar: str, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """The open time of ``calendar`` in ``[start, end)``: a clock's elapsed
    time with nothing paused."""
    return ask(engine, calendar=calendar, start=start, target="PT0S", now=end).elapsed


def duration(text: str) -> dt.timedelta:
    """A duration as leadrules writes it (``PT50H``, ``PT4H40M``, ``PT0S``)."""
    found = _DURATION.fullmatch(text)
    if found is None or text == "PT":
        raise ValueError(f"not a PT…H…M…S duration: {text!r}")
    hours, minutes, seconds = (int(part or 0) for part in found.groups())
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def written(span: dt.timedelta) -> str:
    """``span`` (whole seconds, not negative) written as leadrules writes
    durations, hours unbounded: the CRM stores durations this way."""
    total = int(span.total_seconds())
    if total < 0 or span != dt.timedelta(seconds=total):
        raise ValueError(f"{span!r} is not a whole, non-negative number of seconds")
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{value}{unit}" for value, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if value]
    return "PT" + ("".join(parts) or "0S")


def _instant(value: Any) -> Optional[dt.datetime]:
    # The answer's timestamps, as Python's decide renders them (aware
    # datetimes), or as protocol text should a future build answer text.
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value
    return db.parse_ts(str(value))
