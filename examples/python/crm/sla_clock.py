"""The SLA clock as leadrules answers it: the one place the CRM asks
about business time.

The CRM counts nothing itself: open hours, lunch breaks, holidays, the
zone's DST changes and the pauses are the engine's arithmetic, asked
through the typed calls (``Engine.sla``, ``Engine.calendar``) with aware
datetimes in and out. Every call goes through this module, so the rest
of the CRM sees only :class:`Clock`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

import leadrules

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
    answer = engine.sla(calendar, start, target, now, paused=list(paused))
    return Clock(
        due_at=answer.due_at,
        elapsed=answer.elapsed,
        remaining=answer.remaining,
        breached=answer.breached,
        open_now=answer.open_now,
        next_open=answer.next_open,
    )


def open_between(engine: leadrules.Engine, calendar: str, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """The open time of ``calendar`` in ``[start, end)``."""
    return engine.calendar(calendar).open_between(start, end)


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
