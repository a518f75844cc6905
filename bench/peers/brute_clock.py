"""A brute-force business-hours clock: the reference the business-time peers
are judged against, written without leadrules (standard library only, the
zone rules of `zoneinfo`), checked against leadrules by
tests/python/test_brute_clock.py.

It reads a calendar as leadrules' config does (docs/config.md,
"policy.calendars": `time_zone`, `hours`, `holidays`, `exceptions`) and
counts it the way docs/rules.md "Business hours" says:

- each local day's intervals come from its exception, else nothing on a
  holiday, else its weekday's `hours`;
- an interval's two local boundaries become instants by the expiry rule (a
  wall time that does not exist moves forward by the gap: `zoneinfo` with
  fold=0 reads it with the offset before the change; a repeated one takes
  the earlier instant, fold=0 again); `24:00` is the next local midnight;
- the clock then steps minute by minute over real time, reading each
  minute as open when an interval of some local day holds it.

It steps over instants, not over wall-clock minutes, on purpose: on a
spring-forward day an interval `02:30–04:00` in Berlin is
[01:30Z, 02:00Z) by its boundaries, while walking its wall minutes one by
one would also count 03:00–03:30 CEST (wall minutes 03:00..03:29, which
are after 02:30); and in the autumn the repeated wall hour is real time
that a walk over wall minutes would count once.

Every instant and duration it is given must be whole minutes (the
questions of the peer suite are); a zone whose offset is not whole minutes
at a boundary is refused rather than rounded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional, Tuple
from zoneinfo import ZoneInfo

MINUTE = 60
DAY = 86_400
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# How far `add` looks before it answers None, as leadrules' `next_open` does.
HORIZON_DAYS = 400
# Days of minutes marked at a time while `add` walks forward.
CHUNK_DAYS = 8

Interval = Tuple[int, int]  # [start, end) in seconds since the epoch


def clock_seconds(text: str) -> int:
    """`HH:MM` as seconds after local midnight (`24:00` is 86,400)."""
    hours, minutes = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60


def epoch_seconds(instant: dt.datetime) -> int:
    """An aware datetime as whole seconds since the epoch."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{instant!r} is naive: the clock takes aware datetimes")
    return int(instant.timestamp())


class BruteClock:
    """One calendar, counted minute by minute."""

    def __init__(self, spec: Dict[str, Any]) -> None:
        self.zone = ZoneInfo(spec.get("time_zone") or "UTC")
        hours = spec.get("hours", {})
        self.week: List[List[Tuple[int, int]]] = [
            [(clock_seconds(s), clock_seconds(e)) for s, e in hours.get(day, [])] for day in WEEKDAYS]
        self.holidays = {dt.date.fromisoformat(d) for d in spec.get("holidays", [])}
        self.exceptions = {dt.date.fromisoformat(d): [(clock_seconds(s), clock_seconds(e)) for s, e in v]
                           for d, v in spec.get("exceptions", {}).items()}
        self._days: Dict[dt.date, List[Interval]] = {}

    # ------------------------------------------------------------ the days
    def local_instant(self, day: dt.date, seconds: int) -> int:
        """The instant of a local wall time, by the gap/overlap rule."""
        extra, seconds = divmod(seconds, DAY)
        wall = dt.datetime.combine(day + dt.timedelta(days=extra), dt.time()) + dt.timedelta(seconds=seconds)
        instant = int(wall.replace(tzinfo=self.zone, fold=0).timestamp())
        if instant % MINUTE:
            raise ValueError(f"{wall} in {self.zone.key} is not a whole minute of UTC")
        return instant

    def day_intervals(self, day: dt.date) -> List[Interval]:
        """The instants of one local date's open intervals (empty ones kept:
        they mark nothing)."""
        if day not in self._days:
            if day in self.exceptions:
                local = self.exceptions[day]
            elif day in self.holidays:
                local = []
            else:
                local = self.week[day.weekday()]
            self._days[day] = [(self.local_instant(day, s), self.local_instant(day, e)) for s, e in local]
        return self._days[day]

    def open_minutes(self, first: int, last: int) -> bytearray:
        """One byte per minute of [first, last) (whole minutes): 1 where the
        calendar is open. Every local date that can touch the range is
        read (a local date begins at most a day and some hours from UTC's)."""
        marks = bytearray((last - first) // MINUTE)
        begin = dt.datetime.fromtimestamp(first, dt.timezone.utc).date() - dt.timedelta(days=2)
        end = dt.datetime.fromtimestamp(last, dt.timezone.utc).date() + dt.timedelta(days=2)
        day = begin
        while day <= end:
            for start, stop in self.day_intervals(day):
                lo, hi = max(start, first), min(stop, last)
                if lo < hi:
                    marks[(lo - first) // MINUTE:(hi - first) // MINUTE] = b"\x01" * ((hi - lo) // MINUTE)
            day += dt.timedelta(days=1)
        return marks

    # ---------------------------------------------------- the two questions
    def open_seconds(self, a: int, b: int) -> int:
        """Open time in [a, b), in seconds; 0 when b <= a."""
        whole_minutes(a, b)
        if b <= a:
            return 0
        marks = self.open_minutes(a, b)
        counted = 0
        for minute in marks:  # minute by minute
            counted += minute
        return counted * MINUTE

    def add_seconds(self, start: int, duration: int) -> Optional[int]:
        """The earliest instant t >= start with `duration` seconds of open
        time in [start, t); None when the horizon passes first."""
        whole_minutes(start, duration)
        if duration < 0:
            raise ValueError("a negative duration")
        left = duration // MINUTE
        if left == 0:
            return start
        chunk = CHUNK_DAYS * DAY
        for first in range(start, start + HORIZON_DAYS * DAY, chunk):
            for i, minute in enumerate(self.open_minutes(first, first + chunk)):
                left -= minute
                if left == 0:
                    return first + (i + 1) * MINUTE
        return None

    def is_open(self, instant: int) -> bool:
        """Whether the minute starting at `instant` is open."""
        whole_minutes(instant)
        return self.open_minutes(instant, instant + MINUTE)[0] == 1

    # ------------------------------------------------- with datetimes
    def open_between(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        """Open time in [a, b) of two aware datetimes."""
        return dt.timedelta(seconds=self.open_seconds(epoch_seconds(a), epoch_seconds(b)))

    def add(self, start: dt.datetime, duration: dt.timedelta) -> Optional[dt.datetime]:
        """`start` plus `duration` of open time, in UTC (None past the horizon)."""
        seconds = duration.days * DAY + duration.seconds
        if duration.microseconds:
            raise ValueError("a duration of whole minutes")
        due = self.add_seconds(epoch_seconds(start), seconds)
        return None if due is None else dt.datetime.fromtimestamp(due, dt.timezone.utc)


def whole_minutes(*values: int) -> None:
    """Refuses what the minute-by-minute walk cannot count exactly."""
    for value in values:
        if value % MINUTE:
            raise ValueError(f"{value} is not a whole number of minutes")
