"""The peer suite's reference, bench/peers/brute_clock.py, is itself checked:
against hand-counted DST days, and against leadrules' `sla` on a few
hundred random questions (add open time; open time between two instants)
over random calendars in six zones, with split shifts, `24:00`, night
shifts, holidays and exceptions. A disagreement here means the reference
or the engine is wrong; the peer suite's table trusts neither blindly."""

import datetime as dt
import importlib.util
import random
from pathlib import Path
from typing import Any, Dict, List, Tuple
from zoneinfo import ZoneInfo

import pytest

import leadrules

# Loaded by path: bench/peers/ on sys.path would shadow other tests' modules.
_SPEC = importlib.util.spec_from_file_location(
    "brute_clock", Path(__file__).resolve().parents[2] / "bench" / "peers" / "brute_clock.py")
assert _SPEC is not None and _SPEC.loader is not None
brute_clock = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(brute_clock)
BruteClock = brute_clock.BruteClock

UTC = dt.timezone.utc
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# Each zone with a local date of one of its 2026 changes.
ZONES = {
    "UTC": dt.date(2026, 6, 1),
    "Europe/Berlin": dt.date(2026, 3, 29),
    "America/New_York": dt.date(2026, 11, 1),
    "Australia/Lord_Howe": dt.date(2026, 10, 4),
    "America/Santiago": dt.date(2026, 4, 5),
    "Asia/Kolkata": dt.date(2026, 3, 1),
}
DAY_SHAPES: List[List[List[str]]] = [
    [],
    [["09:00", "17:00"]],
    [["09:00", "12:00"], ["13:00", "17:00"]],
    [["00:00", "08:00"], ["20:00", "24:00"]],
    [["01:00", "03:00"]],
    [["00:00", "24:00"]],
    [["02:30", "04:00"], ["04:00", "05:15"]],
]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_a_spring_interval_counts_from_its_boundaries() -> None:
    # Berlin, 2026-03-29: 02:30 does not exist and reads as 03:30 CEST
    # (01:30Z), 04:00 CEST is 02:00Z: half an hour.
    clock = BruteClock({"time_zone": "Europe/Berlin", "hours": {"sun": [["02:30", "04:00"]]}})
    assert clock.open_between(utc(2026, 3, 28, 12), utc(2026, 3, 29, 12)) == dt.timedelta(minutes=30)
    assert clock.add(utc(2026, 3, 29, 0), dt.timedelta(minutes=30)) == utc(2026, 3, 29, 2)


def test_an_autumn_night_is_real_time() -> None:
    # New York, 2026-11-01: 00:00–04:00 local is five real hours.
    clock = BruteClock({"time_zone": "America/New_York", "hours": {"sun": [["00:00", "04:00"]]}})
    assert clock.open_between(utc(2026, 10, 31, 12), utc(2026, 11, 2)) == dt.timedelta(hours=5)


def test_holidays_exceptions_and_closing_time() -> None:
    spec = {"hours": {"mon": [["09:00", "17:00"]]}, "holidays": ["2026-12-07"],
            "exceptions": {"2026-12-14": [["10:00", "11:00"]]}}
    clock = BruteClock(spec)
    # Closed on the holiday Monday; an hour on the exception Monday; a
    # deadline used up exactly at closing time is that closing time.
    assert clock.add(utc(2026, 12, 7, 9), dt.timedelta(hours=1)) == utc(2026, 12, 14, 11)
    assert clock.add(utc(2026, 12, 21, 9), dt.timedelta(hours=8)) == utc(2026, 12, 21, 17)
    assert clock.add(utc(2026, 12, 21, 9), dt.timedelta(0)) == utc(2026, 12, 21, 9)


def test_refuses_what_it_cannot_count_exactly() -> None:
    clock = BruteClock({"hours": {"mon": [["09:00", "17:00"]]}})
    with pytest.raises(ValueError):
        clock.open_between(utc(2026, 12, 7, 9, 0) + dt.timedelta(seconds=1), utc(2026, 12, 7, 10))
    with pytest.raises(ValueError):
        clock.open_between(dt.datetime(2026, 12, 7, 9), utc(2026, 12, 7, 10))


def random_calendar(rng: random.Random, zone: str, around: dt.date) -> Dict[str, Any]:
    hours = {d: rng.choice(DAY_SHAPES) for d in WEEKDAYS}
    if not any(hours.values()):
        hours["sun"] = DAY_SHAPES[3]
    spec: Dict[str, Any] = {"time_zone": zone, "hours": {d: v for d, v in hours.items() if v}}
    near = [around + dt.timedelta(days=k) for k in range(-4, 5)]
    if rng.random() < 0.5:
        spec["holidays"] = sorted({d.isoformat() for d in rng.sample(near, 2)})
    if rng.random() < 0.5:
        spec["exceptions"] = {rng.choice(near).isoformat(): rng.choice(DAY_SHAPES)}
    return spec


def random_questions(count: int) -> List[Tuple[Dict[str, Any], str, dt.datetime, dt.datetime, int]]:
    """(calendar, "add" or "between", start, end or start, target seconds)."""
    rng = random.Random(1818)
    out = []
    for zone, change in ZONES.items():
        for _ in range(count // (len(ZONES) * 5)):
            spec = random_calendar(rng, zone, change)
            for _ in range(5):
                first = dt.datetime.combine(change - dt.timedelta(days=3), dt.time(), ZoneInfo(zone))
                start = (first.astimezone(UTC) + dt.timedelta(minutes=rng.randrange(5 * 1440)))
                end = start + dt.timedelta(minutes=rng.randrange(4 * 1440))
                target = rng.randrange(0, 30 * 60) * 60
                out.append((spec, rng.choice(["add", "between"]), start, end, target))
    return out


def as_seconds(text: str) -> int:
    """`PT…H…M…S` as seconds."""
    total, number = 0, ""
    for char in text[2:]:
        if char.isdigit():
            number += char
        else:
            total += int(number) * {"H": 3600, "M": 60, "S": 1}[char]
            number = ""
    return total


def test_agrees_with_leadrules_on_random_questions() -> None:
    questions = random_questions(300)
    assert len(questions) >= 300
    engines: Dict[int, leadrules.Engine] = {}
    disagreements = []
    for spec, kind, start, end, target in questions:
        if id(spec) not in engines:
            engines[id(spec)] = leadrules.Engine({"policy": {"calendars": {"c": spec}}})
        engine = engines[id(spec)]
        clock = BruteClock(spec)
        if kind == "add":
            answer = engine.decide({"kind": "sla", "calendar": "c", "start": start,
                                    "target": f"PT{target}S", "now": start})
            mine = clock.add(start, dt.timedelta(seconds=target))
            theirs = answer["due_at"]
        else:
            answer = engine.decide({"kind": "sla", "calendar": "c", "start": start, "target": "PT0S", "now": end})
            mine = clock.open_between(start, end)
            theirs = dt.timedelta(seconds=as_seconds(answer["elapsed"]))
        if mine != theirs:
            disagreements.append(f"{spec} {kind} {start} {end} {target}: brute {mine}, leadrules {theirs}")
    assert not disagreements, "\n".join(disagreements[:5])
