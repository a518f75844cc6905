"""The business-time questions of the peer suite: the calendars, the zones,
random questions over 2026, the brute-force clock's answer to each, and the
category a question falls in (for the table of where a peer goes wrong).

Calendars (each in UTC, Europe/Berlin, America/New_York and
Australia/Lord_Howe):

- `weekdays`: 09:00–17:00 Monday to Friday;
- `split`: the same days with a lunch break, 09:00–12:00 and 13:00–17:00;
- `holidays`: 09:00–17:00 Monday to Friday, closed on the public holidays
  the `holidays` package lists for the zone's country (Iceland for UTC,
  which keeps UTC all year; Berlin; New York; New South Wales, which Lord
  Howe Island belongs to) in 2026 and 2027;
- `night`: a night desk open 20:00–08:00 every day, the calendar on which
  the zones' DST changes (Sunday, 02:00 local) fall inside open hours.

Half the questions start within days of one of the zone's DST changes,
the rest anywhere in 2026; some start exactly at an opening or closing
time, and on the holiday calendar some start just before a holiday. Each
is asked as "add open time to an instant" and as "open time between two
instants" (separate questions). Everything is seeded: a run asks the same
questions every time.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional
from zoneinfo import ZoneInfo

from brute_clock import BruteClock

MINUTE = 60
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
YEAR = 2026

# zone → the country (and subdivision) whose public holidays it keeps.
ZONES: Dict[str, tuple[str, Optional[str]]] = {
    "UTC": ("IS", None),
    "Europe/Berlin": ("DE", "BE"),
    "America/New_York": ("US", "NY"),
    "Australia/Lord_Howe": ("AU", "NSW"),
}

# kind → (local intervals of an open day, open days, with holidays)
KINDS: Dict[str, tuple[list[tuple[str, str]], tuple[str, ...], bool]] = {
    "weekdays": ([("09:00", "17:00")], WEEKDAYS[:5], False),
    "split": ([("09:00", "12:00"), ("13:00", "17:00")], WEEKDAYS[:5], False),
    "holidays": ([("09:00", "17:00")], WEEKDAYS[:5], True),
    "night": ([("00:00", "08:00"), ("20:00", "24:00")], WEEKDAYS, False),
}

CATEGORIES = ("DST days", "split shifts", "holidays", "other")


@dataclass
class CalendarCase:
    """One calendar in one zone: leadrules' spec of it and the facts a peer
    is configured from."""

    kind: str
    zone: str
    spec: Dict[str, Any]
    holidays: List[dt.date] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The calendar's name in the leadrules config (and in the table)."""
        return f"{self.kind}@{self.zone}"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)


@dataclass
class Question:
    """"add `duration` to `start`" or "open time between `start` and
    `end`"; `expected` is the brute-force clock's answer (an instant or a
    duration, in seconds)."""

    calendar: CalendarCase
    kind: str  # "add" or "between"
    start: dt.datetime
    end: Optional[dt.datetime]
    duration: Optional[dt.timedelta]
    expected: int
    category: str = "other"

    def describe(self) -> str:
        """The question in one line, local times with their offsets."""
        start = self.start.isoformat(timespec="minutes")
        if self.kind == "add":
            return f"{self.calendar.name}: {start} + {hours(self.duration)} of open time"  # type: ignore[arg-type]
        return f"{self.calendar.name}: open time in [{start}, {self.end.isoformat(timespec='minutes')})"  # type: ignore[union-attr]

    def show(self, answer: int) -> str:
        """An answer (seconds) as this question's kind reads it."""
        if self.kind == "add":
            return dt.datetime.fromtimestamp(answer, self.calendar.tz).isoformat(timespec="minutes")
        return hours(dt.timedelta(seconds=answer))


def hours(duration: dt.timedelta) -> str:
    """`38h05m`: a duration as hours and minutes (seconds if any)."""
    seconds = int(duration.total_seconds())
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{sign}{h}h{m:02d}m" + (f"{s:02d}s" if s else "")


def public_holidays(zone: str) -> List[dt.date]:
    """The zone's country's public holidays in 2026–2027 from the
    `holidays` package (the docs/config.md recipe); ImportError without it."""
    import holidays  # the maintained package; installed by requirements.txt

    country, subdiv = ZONES[zone]
    return sorted(holidays.country_holidays(country, subdiv=subdiv, years=range(YEAR, YEAR + 2)))


def calendar_cases(with_holidays: bool = True) -> List[CalendarCase]:
    """Every calendar in every zone (the holiday calendar only when the
    `holidays` package is there to fill it)."""
    out = []
    for zone in ZONES:
        for kind, (intervals, days, closed_on_holidays) in KINDS.items():
            if closed_on_holidays and not with_holidays:
                continue
            dates = public_holidays(zone) if closed_on_holidays else []
            spec: Dict[str, Any] = {"time_zone": zone, "hours": {d: [list(i) for i in intervals] for d in days}}
            if dates:
                spec["holidays"] = [d.isoformat() for d in dates]
            out.append(CalendarCase(kind, zone, spec, dates))
    return out


def dst_days(zone: ZoneInfo, year: int) -> List[dt.date]:
    """Local dates of `year` whose midnight and next midnight differ in
    UTC offset (the days a DST change falls on)."""
    out = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        here = dt.datetime.combine(day, dt.time(), zone).utcoffset()
        there = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone).utcoffset()
        if here != there:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def local(day: dt.date, hhmm: str, zone: ZoneInfo) -> dt.datetime:
    """A local wall time as an aware datetime (fold=0: the contract's rule)."""
    h, m = (int(x) for x in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(), zone) + dt.timedelta(hours=h, minutes=m) \
        if (h, m) == (24, 0) else dt.datetime.combine(day, dt.time(h, m), zone)


def random_start(rng: random.Random, case: CalendarCase, changes: List[dt.date]) -> dt.datetime:
    """A start instant (whole minutes, in the calendar's zone): near a DST
    change, near a holiday, on a boundary, or anywhere in the year."""
    zone = case.tz
    roll = rng.random()
    if changes and roll < 0.5:
        day = rng.choice(changes) + dt.timedelta(days=rng.randint(-3, 1))
    elif case.holidays and roll < 0.75:
        day = rng.choice([d for d in case.holidays if d.year == YEAR]) - dt.timedelta(days=rng.randint(0, 3))
    else:
        day = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(350))
    if rng.random() < 0.3:
        intervals = KINDS[case.kind][0]
        return local(day, rng.choice([t for pair in intervals for t in pair]), zone)
    utc = dt.datetime.combine(day, dt.time(), zone).astimezone(dt.timezone.utc)
    return (utc + dt.timedelta(minutes=rng.randrange(24 * 60))).astimezone(zone)


def changes_at(zone: ZoneInfo, days: List[dt.date]) -> List[int]:
    """The instants (seconds since the epoch) of the UTC offset changes on
    `days`: the first minute of each day's UTC span whose offset differs
    from the minute before."""
    out = []
    for day in days:
        first = int(dt.datetime.combine(day, dt.time(), zone).timestamp()) - 3 * 3600
        before = None
        for t in range(first, first + 30 * 3600, MINUTE):
            offset = dt.datetime.fromtimestamp(t, zone).utcoffset()
            if before is not None and offset != before:
                out.append(t)
                break
            before = offset
    return out


def categorise(question: Question, clock: BruteClock, changes: List[int]) -> str:
    """The one category of a question, the first that applies: a DST change
    falls inside its window (start to the expected deadline, or start to
    end) while the calendar is open (the only way a change can move an
    answer); its window covers a holiday of its calendar; its calendar has
    a lunch break; else other."""
    zone = question.calendar.tz
    start = int(question.start.timestamp())
    last = question.expected if question.kind == "add" else int(question.end.timestamp())  # type: ignore[union-attr]
    if any(start <= t <= last and (clock.is_open(t - MINUTE) or clock.is_open(t)) for t in changes):
        return "DST days"
    first_day = question.start.astimezone(zone).date()
    last_day = dt.datetime.fromtimestamp(last, zone).date()
    if any(first_day <= d <= last_day for d in question.calendar.holidays):
        return "holidays"
    if len(KINDS[question.calendar.kind][0]) > 1 and question.calendar.kind != "night":
        return "split shifts"
    return "other"


def utc_twin(question: Question) -> Question:
    """The same question on the same calendar kept in UTC, at the same wall
    times: where an engine is wrong on a DST day but right on the twin, the
    DST change is what it got wrong."""
    spec = dict(question.calendar.spec, time_zone="UTC")
    case = CalendarCase(question.calendar.kind, "UTC", spec, question.calendar.holidays)
    clock = BruteClock(spec)

    def wall(instant: dt.datetime) -> dt.datetime:
        return instant.astimezone(question.calendar.tz).replace(tzinfo=dt.timezone.utc)

    start = wall(question.start)
    if question.kind == "add":
        expected = clock.add_seconds(int(start.timestamp()), int(question.duration.total_seconds()))  # type: ignore[union-attr]
        return Question(case, "add", start, None, question.duration, expected or 0, question.category)
    end = wall(question.end)  # type: ignore[arg-type]
    return Question(case, "between", start, end, None,
                    clock.open_seconds(int(start.timestamp()), int(end.timestamp())), question.category)


def questions(count: int, seed: int = 18, with_holidays: bool = True) -> List[Question]:
    """`count` questions of each kind per calendar case, answered by the
    brute-force clock and categorised."""
    rng = random.Random(seed)
    out: List[Question] = []
    for case in calendar_cases(with_holidays):
        clock = BruteClock(case.spec)
        changes = dst_days(case.tz, YEAR)
        instants = changes_at(case.tz, changes)
        for _ in range(count):
            start = random_start(rng, case, changes)
            minutes = rng.randint(1, 40) * 60 if rng.random() < 0.35 else rng.randint(1, 40 * 60)
            duration = dt.timedelta(minutes=minutes)
            due = clock.add_seconds(int(start.timestamp()), minutes * MINUTE)
            assert due is not None, "every calendar here opens within days"
            q = Question(case, "add", start, None, duration, due)
            q.category = categorise(q, clock, instants)
            out.append(q)
        for _ in range(count):
            start = random_start(rng, case, changes)
            end = (start.astimezone(dt.timezone.utc)
                   + dt.timedelta(minutes=rng.randint(0, 7 * 24 * 60))).astimezone(case.tz)
            if rng.random() < 0.2:  # an end on a boundary too
                end = local(end.date(), rng.choice([t for p in KINDS[case.kind][0] for t in p]), case.tz)
                if end < start:
                    end = start
            q = Question(case, "between", start, end, None,
                         clock.open_seconds(int(start.timestamp()), int(end.timestamp())))
            q.category = categorise(q, clock, instants)
            out.append(q)
    return out
