"""Writes tests/conformance/sla.json: the `sla` kind's vectors, their expected
answers computed by a brute-force model written here, independently of the
Rust code: Python's zoneinfo turns each local boundary into an instant
(fold=0: a time in a gap reads with the offset before it, so it moves
forward by the gap; a repeated time takes the earlier instant), and a clock
steps minute by minute, asking of each minute whether some local day's
interval holds it and no pause does. Error cases are written by hand.

Run: python3 tests/conformance/generate_sla.py   (rewrites sla.json)
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

OUT = Path(__file__).resolve().parent / "sla.json"
MINUTE = 60
DAY = 86_400
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

SPLIT = [["09:00", "13:00"], ["14:00", "18:00"]]

CALENDARS = {
    # A split shift with Christmas holidays, short days and a Saturday.
    "office": {
        "time_zone": "Europe/Berlin",
        "hours": {d: SPLIT for d in WEEKDAYS[:5]},
        "holidays": ["2026-12-25", "2026-12-26", "2027-01-01"],
        "exceptions": {
            "2026-12-24": [["09:00", "13:00"]],
            "2026-12-31": [["09:00", "12:00"]],
            "2026-12-19": [["10:00", "14:00"]],
            "2026-12-25": [["10:00", "11:00"]],
        },
    },
    # Night shifts around New York's 02:00 changes (Sundays).
    "night": {
        "time_zone": "America/New_York",
        "hours": {
            "sat": [["22:00", "24:00"]],
            "sun": [["00:00", "04:00"], ["22:00", "24:00"]],
            "mon": [["00:00", "02:30"]],
        },
    },
    # Lord Howe moves its clock by 30 minutes at 02:00.
    "lord_howe": {
        "time_zone": "Australia/Lord_Howe",
        "hours": {
            "sun": [["01:00", "03:00"]],
            **{d: [["09:00", "17:00"]] for d in WEEKDAYS[:5]},
        },
    },
    # Santiago changes at local midnight (Saturday to Sunday).
    "santiago": {
        "time_zone": "America/Santiago",
        "hours": {"sat": [["20:00", "24:00"]], "sun": [["00:00", "02:00"]]},
    },
    # Always open, no DST.
    "kolkata": {
        "time_zone": "Asia/Kolkata",
        "hours": {d: [["00:00", "24:00"]] for d in WEEKDAYS},
    },
    # UTC by default; a long holiday stretch.
    "weekends": {
        "hours": {"sat": [["10:00", "16:00"]], "sun": [["10:00", "16:00"]]},
        "holidays": [f"2027-01-{d:02d}" for d in range(1, 32)],
    },
    # Kathmandu went from +05:30 to +05:45 at 1986-01-01 00:00.
    "kathmandu": {
        "time_zone": "Asia/Kathmandu",
        "hours": {d: [["00:00", "24:00"]] for d in WEEKDAYS},
    },
    # Sao Paulo's summer time, at local midnight, in 2018 and 2019.
    "sao_paulo": {
        "time_zone": "America/Sao_Paulo",
        "hours": {d: [["00:00", "01:00"], ["23:00", "24:00"]] for d in WEEKDAYS},
    },
    # Apia skipped 2011-12-30.
    "apia": {
        "time_zone": "Pacific/Apia",
        "hours": {d: [["09:00", "17:00"]] for d in WEEKDAYS},
    },
    # Open only on one date.
    "one_day": {"exceptions": {"2026-12-24": [["10:00", "12:00"]]}},
    # Berlin's Sunday night: one interval emptied by the spring gap, two
    # that come to overlap.
    "berlin_night": {
        "time_zone": "Europe/Berlin",
        "hours": {
            "sun": [["01:00", "02:30"], ["02:45", "04:00"]],
            "sat": [["02:15", "02:45"]],
        },
        "exceptions": {"2026-03-29": [["01:00", "02:30"], ["02:15", "02:45"], ["03:00", "04:00"]]},
    },
}

# The exception on 2026-03-29 above is not sorted: kept out of the valid
# config, it is an error case below.
VALID = {name: spec for name, spec in CALENDARS.items() if name != "berlin_night"}
VALID["berlin_night"] = {
    "time_zone": "Europe/Berlin",
    "hours": {
        "sun": [["01:00", "02:30"], ["03:00", "04:00"]],
        "sat": [["02:15", "02:45"]],
    },
    "exceptions": {"2026-03-28": [["02:15", "02:45"]], "2026-03-29": [["02:15", "02:45"]]},
}


def clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60


def instant(zone: ZoneInfo, day: date, seconds: int) -> int:
    """The instant of a local time (fold=0), 24:00 being the next midnight."""
    extra, seconds = divmod(seconds, DAY)
    local = datetime.combine(day + timedelta(days=extra), time()) + timedelta(seconds=seconds)
    return int(local.replace(tzinfo=zone, fold=0).timestamp())


class Model:
    def __init__(self, spec: dict):
        self.zone = ZoneInfo(spec.get("time_zone") or "UTC")
        self.week = [
            [(clock(s), clock(e)) for s, e in spec.get("hours", {}).get(d, [])] for d in WEEKDAYS
        ]
        self.has_weekly = any(self.week)
        self.holidays = {date.fromisoformat(d) for d in spec.get("holidays", [])}
        self.exceptions = {
            date.fromisoformat(d): [(clock(s), clock(e)) for s, e in v]
            for d, v in spec.get("exceptions", {}).items()
        }
        self.cache: dict[date, list[tuple[int, int]]] = {}
        self.near_cache: dict[int, list[tuple[int, int]]] = {}

    def day(self, day: date) -> list[tuple[int, int]]:
        if day not in self.cache:
            if day in self.exceptions:
                local = self.exceptions[day]
            elif day in self.holidays:
                local = []
            else:
                local = self.week[day.weekday()]
            self.cache[day] = [
                (instant(self.zone, day, s), instant(self.zone, day, e)) for s, e in local
            ]
        return self.cache[day]

    def near(self, utc_day: int) -> list[tuple[int, int]]:
        """Every interval of the local days that can hold an instant of
        this UTC day (offsets are under a day)."""
        if utc_day not in self.near_cache:
            base = date(1970, 1, 1) + timedelta(days=utc_day)
            self.near_cache[utc_day] = [
                interval for k in range(-2, 3) for interval in self.day(base + timedelta(days=k))
            ]
        return self.near_cache[utc_day]

    def is_open(self, u: int) -> bool:
        return any(start <= u < end for start, end in self.near(u // DAY))


def paused_at(pauses, u: int) -> bool:
    return any(f <= u and (t is None or u < t) for f, t in pauses)


def sla(model: Model, start: int, target: int, now: int, pauses) -> dict:
    running = lambda u: model.is_open(u) and not paused_at(pauses, u)
    elapsed = sum(MINUTE for u in range(start, now, MINUTE) if running(u))
    due = start if target == 0 else None
    left, u = target, start
    limit = start + 3 * 366 * DAY
    open_from = min((f for f, t in pauses if t is None), default=None)
    while due is None and u < limit:
        if open_from is not None and u >= open_from:
            break
        if running(u):
            left -= MINUTE
            if left == 0:
                due = u + MINUTE
        u += MINUTE
    if due is None and open_from is None and model.has_weekly:
        raise SystemExit(f"no deadline within three years: {start} {target}")
    next_open = None
    u = now
    while u <= now + 400 * DAY:
        if model.is_open(u):
            next_open = u
            break
        u += MINUTE
    return {
        "due_at": text(due),
        "elapsed": duration(elapsed),
        "remaining": duration(max(0, target - elapsed)),
        "breached": elapsed >= target,
        "open_now": next_open == now,
        "next_open": text(next_open),
    }


def text(u):
    if u is None:
        return None
    return datetime.fromtimestamp(u, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def duration(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    out = "PT"
    if h:
        out += f"{h}H"
    if m:
        out += f"{m}M"
    if s or seconds == 0:
        out += f"{s}S"
    return out


def stamp(u: int, zone: ZoneInfo) -> str:
    """RFC 3339 in the calendar's own offset (the engine reads any)."""
    return datetime.fromtimestamp(u, zone).isoformat()


def parse(textual: str) -> int:
    return int(datetime.fromisoformat(textual).timestamp())


# Windows around what each calendar is about: (first, last) local dates.
WINDOWS = {
    "office": ("2026-12-17T00:00:00+01:00", "2027-01-06T00:00:00+01:00"),
    "night": ("2026-03-06T00:00:00-05:00", "2026-03-10T00:00:00-04:00"),
    "lord_howe": ("2026-10-01T00:00:00+10:30", "2026-10-07T00:00:00+11:00"),
    "santiago": ("2026-09-04T00:00:00-04:00", "2026-09-08T00:00:00-03:00"),
    "kolkata": ("2026-11-20T00:00:00+05:30", "2026-11-24T00:00:00+05:30"),
    "weekends": ("2026-12-24T00:00:00Z", "2027-02-08T00:00:00Z"),
    "kathmandu": ("1985-12-30T00:00:00+05:30", "1986-01-02T00:00:00+05:45"),
    "sao_paulo": ("2018-11-02T00:00:00-03:00", "2018-11-06T00:00:00-02:00"),
    "apia": ("2011-12-28T00:00:00-10:00", "2012-01-02T00:00:00+14:00"),
    "one_day": ("2026-12-20T00:00:00Z", "2026-12-28T00:00:00Z"),
    "berlin_night": ("2026-03-27T00:00:00+01:00", "2026-03-31T00:00:00+02:00"),
}

# More windows: the autumn changes.
EXTRA_WINDOWS = {
    "night": ("2026-10-30T00:00:00-04:00", "2026-11-03T00:00:00-05:00"),
    "lord_howe": ("2026-04-02T00:00:00+11:00", "2026-04-07T00:00:00+10:30"),
    "santiago": ("2026-04-03T00:00:00-03:00", "2026-04-07T00:00:00-04:00"),
    "sao_paulo": ("2019-02-14T00:00:00-02:00", "2019-02-18T00:00:00-03:00"),
    "berlin_night": ("2026-10-23T00:00:00+02:00", "2026-10-27T00:00:00+01:00"),
}


def random_cases(rng: random.Random, name: str, window, count: int, tag: str):
    model = Model(VALID[name])
    first, last = parse(window[0]), parse(window[1])
    minutes = (last - first) // MINUTE
    cases = []
    for i in range(count):
        start = first + rng.randrange(minutes // 2) * MINUTE
        now = first + rng.randrange(minutes) * MINUTE
        target = rng.choice([0, 30, 60, 90, 150, 240, 270, 480, 600, 1440, 2880]) * MINUTE
        pauses = []
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            f = first + rng.randrange(minutes) * MINUTE
            t = None if rng.random() < 0.15 else f + rng.randrange(1, 1440) * MINUTE
            pauses.append((f, t))
        request = {
            "kind": "sla",
            "calendar": name,
            "start": stamp(start, model.zone),
            "target": duration(target),
            "now": stamp(now, model.zone),
        }
        if pauses or rng.random() < 0.3:
            request["paused"] = [
                {"from": stamp(f, model.zone), "to": None if t is None else stamp(t, model.zone)}
                for f, t in pauses
            ]
        cases.append(
            {
                "name": f"sla_{name}_{tag}{i}",
                "config": "calendars",
                "request": request,
                "expect": sla(model, start, target, now, pauses),
            }
        )
    return cases


def fixed(name: str, label: str, start: str, target: str, now: str, paused=None):
    model = Model(VALID[name])
    seconds = 0
    body = target[2:]
    for unit, scale in (("H", 3600), ("M", 60), ("S", 1)):
        if unit in body:
            number, body = body.split(unit, 1)
            seconds += int(number) * scale
    pauses = [(parse(p["from"]), None if p["to"] is None else parse(p["to"])) for p in paused or []]
    request = {"kind": "sla", "calendar": name, "start": start, "target": target, "now": now}
    if paused is not None:
        request["paused"] = paused
    return {
        "name": f"sla_{label}",
        "config": "calendars",
        "request": request,
        "expect": sla(model, parse(start), seconds, parse(now), pauses),
    }


def hand_picked():
    return [
        fixed("office", "used_up_at_closing_time", "2026-12-21T16:00:00+01:00", "PT2H",
              "2026-12-21T17:00:00+01:00"),
        fixed("office", "lunch_is_closed", "2026-12-21T12:00:00+01:00", "PT2H",
              "2026-12-21T13:30:00+01:00"),
        fixed("office", "start_before_opening", "2026-12-21T06:00:00+01:00", "PT4H",
              "2026-12-21T06:00:00+01:00"),
        fixed("office", "start_on_a_saturday", "2026-12-12T11:00:00+01:00", "PT1H",
              "2026-12-14T09:30:00+01:00"),
        fixed("office", "exception_saturday", "2026-12-19T09:00:00+01:00", "PT5H",
              "2026-12-19T12:00:00+01:00"),
        fixed("office", "exception_beats_holiday", "2026-12-24T12:00:00+01:00", "PT2H",
              "2026-12-28T08:00:00+01:00"),
        fixed("office", "over_christmas_72h", "2026-12-23T10:00:00+01:00", "PT72H",
              "2027-01-04T10:00:00+01:00"),
        fixed("office", "zero_target", "2026-12-21T10:00:00+01:00", "PT0S",
              "2026-12-21T10:00:00+01:00"),
        fixed("office", "zero_target_closed_now", "2026-12-21T20:00:00+01:00", "PT0S",
              "2026-12-21T20:00:00+01:00"),
        fixed("office", "start_after_now", "2026-12-22T10:00:00+01:00", "PT4H",
              "2026-12-21T10:00:00+01:00"),
        fixed("office", "pause_still_open", "2026-12-21T09:00:00+01:00", "PT8H",
              "2026-12-21T15:00:00+01:00",
              [{"from": "2026-12-21T11:00:00+01:00", "to": None}]),
        fixed("office", "pause_open_after_due", "2026-12-21T09:00:00+01:00", "PT2H",
              "2026-12-21T15:00:00+01:00",
              [{"from": "2026-12-21T12:00:00+01:00", "to": None}]),
        fixed("office", "pauses_overlap", "2026-12-21T09:00:00+01:00", "PT4H",
              "2026-12-22T12:00:00+01:00",
              [{"from": "2026-12-21T10:00:00+01:00", "to": "2026-12-21T12:00:00+01:00"},
               {"from": "2026-12-21T11:00:00+01:00", "to": "2026-12-21T15:00:00+01:00"}]),
        fixed("office", "pause_over_closed_hours", "2026-12-21T16:00:00+01:00", "PT4H",
              "2026-12-22T12:00:00+01:00",
              [{"from": "2026-12-21T17:30:00+01:00", "to": "2026-12-22T09:30:00+01:00"}]),
        fixed("office", "pause_before_start", "2026-12-21T09:00:00+01:00", "PT1H",
              "2026-12-21T12:00:00+01:00",
              [{"from": "2026-12-18T09:00:00+01:00", "to": "2026-12-21T09:30:00+01:00"}]),
        fixed("office", "empty_pause", "2026-12-21T09:00:00+01:00", "PT1H",
              "2026-12-21T12:00:00+01:00",
              [{"from": "2026-12-21T09:30:00+01:00", "to": "2026-12-21T09:30:00+01:00"}]),
        fixed("office", "breached_exactly", "2026-12-21T09:00:00+01:00", "PT3H",
              "2026-12-21T12:00:00+01:00"),
        fixed("office", "other_offsets_read_alike", "2026-12-21T08:00:00Z", "PT4H30M",
              "2026-12-21T15:00:00-05:00"),
        fixed("office", "hours_unbounded", "2026-12-01T09:00:00+01:00", "PT50H",
              "2026-12-31T18:00:00+01:00"),
        fixed("office", "seconds_in_the_target", "2026-12-21T09:00:00+01:00", "PT1H1M",
              "2026-12-21T09:00:00+01:00"),
        fixed("night", "spring_night_is_three_hours", "2026-03-08T00:00:00-05:00", "PT3H",
              "2026-03-08T00:00:00-05:00"),
        fixed("night", "autumn_night_is_five_hours", "2026-11-01T00:00:00-04:00", "PT5H",
              "2026-11-01T05:00:00-05:00"),
        fixed("night", "across_midnight", "2026-03-06T23:00:00-05:00", "PT2H",
              "2026-03-07T23:30:00-05:00"),
        fixed("lord_howe", "half_hour_gap", "2026-10-04T01:00:00+10:30", "PT1H30M",
              "2026-10-04T01:00:00+10:30"),
        fixed("lord_howe", "half_hour_overlap", "2026-04-05T01:00:00+11:00", "PT2H30M",
              "2026-04-05T01:00:00+11:00"),
        fixed("santiago", "midnight_that_never_happens", "2026-09-05T20:00:00-04:00", "PT5H",
              "2026-09-06T03:00:00-03:00"),
        fixed("santiago", "midnight_twice", "2026-04-04T20:00:00-03:00", "PT6H",
              "2026-04-05T03:00:00-04:00"),
        fixed("kathmandu", "offset_moved_fifteen_minutes", "1985-12-31T12:00:00+05:30", "PT24H",
              "1986-01-01T12:00:00+05:45"),
        fixed("sao_paulo", "historical_summer_starts", "2018-11-03T23:00:00-03:00", "PT1H",
              "2018-11-04T02:00:00-02:00"),
        fixed("sao_paulo", "historical_summer_ends", "2019-02-16T23:00:00-02:00", "PT2H",
              "2019-02-17T02:00:00-03:00"),
        fixed("apia", "the_skipped_day_counts_once", "2011-12-29T09:00:00-10:00", "PT24H",
              "2012-01-01T09:00:00+14:00"),
        fixed("one_day", "opens_once", "2026-12-20T00:00:00Z", "PT2H", "2026-12-24T11:00:00Z"),
        fixed("one_day", "never_opens_again", "2026-12-20T00:00:00Z", "PT1H",
              "2026-12-25T00:00:00Z"),
        fixed("weekends", "long_holiday_stretch", "2026-12-26T12:00:00Z", "PT12H",
              "2027-01-20T00:00:00Z"),
        fixed("berlin_night", "interval_emptied_by_the_gap", "2026-03-29T00:00:00+01:00", "PT1H",
              "2026-03-29T00:00:00+01:00"),
        fixed("berlin_night", "intervals_merged_after_the_gap", "2026-03-28T00:00:00+01:00",
              "PT2H", "2026-03-28T00:00:00+01:00"),
        fixed("kolkata", "always_open", "2026-11-20T10:00:00+05:30", "PT24H",
              "2026-11-21T09:59:00+05:30"),
    ]


def error(code: str, path: str) -> dict:
    return {"error": {"code": code, "path": path}}


def config_error(paths: list[str]) -> dict:
    return {"error": {"code": "invalid_config", "path": paths[0],
                      "problems": [{"path": p} for p in paths]}}


REQUEST = {"kind": "sla", "calendar": "office", "start": "2026-12-21T09:00:00+01:00",
           "target": "PT4H", "now": "2026-12-21T10:00:00+01:00"}


def request_errors():
    def case(label, change, expect, drop=()):
        request = {k: v for k, v in REQUEST.items() if k not in drop}
        request.update(change)
        return {"name": f"sla_error_{label}", "config": "calendars", "request": request,
                "expect": expect}

    return [
        case("missing_calendar", {}, error("invalid_request", "calendar"), drop=("calendar",)),
        case("unknown_calendar", {"calendar": "offic"}, error("unknown_calendar", "calendar")),
        case("calendar_not_a_string", {"calendar": 7}, error("invalid_request", "calendar")),
        case("missing_start", {}, error("invalid_request", "start"), drop=("start",)),
        case("start_without_offset", {"start": "2026-12-21T09:00:00"},
             error("invalid_timestamp", "start")),
        case("missing_target", {}, error("invalid_request", "target"), drop=("target",)),
        case("target_in_days", {"target": "P1D"}, error("invalid_duration", "target")),
        case("target_in_weeks", {"target": "P1W"}, error("invalid_duration", "target")),
        case("target_days_and_hours", {"target": "P1DT4H"}, error("invalid_duration", "target")),
        case("target_not_iso", {"target": "4h"}, error("invalid_duration", "target")),
        case("target_fraction", {"target": "PT1.5H"}, error("invalid_duration", "target")),
        case("target_empty_time", {"target": "PT"}, error("invalid_duration", "target")),
        case("target_a_number", {"target": 14400}, error("invalid_request", "target")),
        case("missing_now", {}, error("invalid_request", "now"), drop=("now",)),
        case("now_not_a_timestamp", {"now": "tomorrow"}, error("invalid_timestamp", "now")),
        case("paused_not_a_list", {"paused": {"from": "2026-12-21T09:00:00Z"}},
             error("invalid_request", "paused")),
        case("pause_not_an_object", {"paused": [{"from": "2026-12-21T09:00:00Z", "to": None}, 5]},
             error("invalid_request", "paused[1]")),
        case("pause_without_from", {"paused": [{"to": "2026-12-21T09:00:00Z"}]},
             error("invalid_request", "paused[0].from")),
        case("pause_bad_to", {"paused": [{"from": "2026-12-21T09:00:00Z", "to": "soon"}]},
             error("invalid_timestamp", "paused[0].to")),
        case("pause_ends_before_it_begins",
             {"paused": [{"from": "2026-12-21T09:00:00Z", "to": "2026-12-21T10:00:00Z"},
                         {"from": "2026-12-21T11:00:00Z", "to": "2026-12-21T10:59:59Z"}]},
             error("invalid_request", "paused[1].to")),
        case("calendar_checked_first", {"calendar": "nope", "target": "P1D"},
             error("unknown_calendar", "calendar")),
    ]


def config_errors():
    ok_request = dict(REQUEST, calendar="c")
    def case(label, calendar, paths, templates=None):
        policy = {"calendars": {"c": calendar}}
        if templates is not None:
            policy["templates"] = templates
        return {"name": f"sla_config_{label}", "config": {"policy": policy},
                "request": ok_request, "expect": config_error(paths)}

    base = {"hours": {"mon": [["09:00", "17:00"]]}}
    return [
        case("bad_clock", {"hours": {"mon": [["9:00", "17:00"]]}},
             ["policy.calendars.c.hours.mon[0][0]"]),
        case("minutes_out_of_range", {"hours": {"mon": [["09:00", "17:60"]]}},
             ["policy.calendars.c.hours.mon[0][1]"]),
        case("past_24", {"hours": {"mon": [["09:00", "24:30"]]}},
             ["policy.calendars.c.hours.mon[0][1]"]),
        case("end_before_start", {"hours": {"mon": [["17:00", "09:00"]]}},
             ["policy.calendars.c.hours.mon[0]"]),
        case("empty_interval", {"hours": {"mon": [["09:00", "09:00"]]}},
             ["policy.calendars.c.hours.mon[0]"]),
        case("overlapping", {"hours": {"mon": [["09:00", "13:00"], ["12:00", "18:00"]]}},
             ["policy.calendars.c.hours.mon[1]"]),
        case("unsorted", {"hours": {"mon": [["14:00", "18:00"], ["09:00", "13:00"]]}},
             ["policy.calendars.c.hours.mon[1]"]),
        case("not_a_pair", {"hours": {"mon": [["09:00"]]}}, ["policy.calendars.c.hours.mon[0]"]),
        case("unknown_weekday", {"hours": {"mon": [["09:00", "17:00"]], "monday": []}},
             ["policy.calendars.c.hours.monday"]),
        case("bad_holiday", dict(base, holidays=["2026-02-30"]),
             ["policy.calendars.c.holidays[0]"]),
        case("bad_exception_date", dict(base, exceptions={"26-12-24": []}),
             ["policy.calendars.c.exceptions.26-12-24"]),
        case("bad_exception_interval",
             dict(base, exceptions={"2026-12-24": [["13:00", "12:00"]]}),
             ["policy.calendars.c.exceptions.2026-12-24[0]"]),
        case("unsorted_exception", CALENDARS["berlin_night"],
             ["policy.calendars.c.exceptions.2026-03-29[1]"]),
        case("unknown_zone", dict(base, time_zone="Europe/Berln"),
             ["policy.calendars.c.time_zone"]),
        case("unknown_key", dict(base, weekdays=["mon"]), ["policy.calendars.c.weekdays"]),
        case("never_opens", {"hours": {"mon": []}, "holidays": ["2026-12-25"]},
             ["policy.calendars.c"]),
        case("never_opens_exceptions_closed", {"exceptions": {"2026-12-24": []}},
             ["policy.calendars.c"]),
        case("template_unknown_calendar", base, ["policy.templates.t.calendar"],
             {"t": {"calendar": "other", "pending": "PT4H", "accepted": "PT8H"}}),
        case("template_with_time_zone", base, ["policy.templates.t.time_zone"],
             {"t": {"calendar": "c", "pending": "PT4H", "accepted": "PT8H",
                    "time_zone": "Europe/Berlin"}}),
        case("template_with_end_of_day", base, ["policy.templates.t.end_of_day"],
             {"t": {"calendar": "c", "pending": "PT4H", "accepted": "PT8H", "end_of_day": True}}),
        case("template_with_business_days", base, ["policy.templates.t.business_days"],
             {"t": {"calendar": "c", "pending": "PT4H", "accepted": "PT8H",
                    "business_days": {"weekdays": ["mon"]}}}),
        case("template_days_with_calendar", base, ["policy.templates.t.pending"],
             {"t": {"calendar": "c", "pending": "P3D", "accepted": "PT8H"}}),
        case("template_weeks_with_calendar", base, ["policy.templates.t.accepted"],
             {"t": {"calendar": "c", "pending": "PT3H", "accepted": "P1W"}}),
        case("template_calendar_needs_both_periods", base, ["policy.templates.t.accepted"],
             {"t": {"calendar": "c", "pending": "PT3H"}}),
    ]


def template_cases():
    """Templates that name a calendar: the nulls and false beside it are
    defaults, not conflicts; the deadline is open time of the calendar."""
    config = {"policy": {"calendars": {"office": VALID["office"]},
                         "templates": {"in_office": {"calendar": "office", "pending": "PT72H",
                                                     "accepted": "PT240H", "time_zone": None,
                                                     "end_of_day": False,
                                                     "business_days": None}}}}
    model = Model(VALID["office"])
    created = "2026-12-22T15:00:00+01:00"
    due = None
    left, u = 72 * 3600, parse(created)
    while due is None:
        if model.is_open(u):
            left -= MINUTE
            if left == 0:
                due = u + MINUTE
        u += MINUTE
    lead = {"id": "L1", "stage": "pending", "partner": "acme", "source": "vendor",
            "created_at": created, "template": "in_office"}
    cases = []
    for label, now, due_now in [("before", text(due - 1), False), ("at", text(due), True)]:
        cases.append({
            "name": f"sla_template_deadline_{label}",
            "config": config,
            "request": {"kind": "expiry", "workflow": "partner_lead", "now": now, "lead": lead},
            "expect": {"expires_at": text(due), "due": due_now, "phase": "pending"},
        })
    cases.append({
        "name": "sla_template_sweep",
        "config": config,
        "request": {"kind": "sweep", "workflow": "partner_lead", "now": text(due),
                    "leads": [lead, dict(lead, id="L2", created_at="2026-12-23T15:00:00+01:00")]},
        "expect": {"due": ["L1"], "next_deadline": None},
    })
    return cases


def shift_cases():
    """Assignment members with a calendar: `off_shift` while it is closed
    at `now` (written by hand)."""
    config = {"orgs": [{"id": "hq", "parent": None}, {"id": "north", "parent": "hq"}],
              "policy": {"calendars": {"office": VALID["office"], "nights": VALID["night"]},
                         "assignment": {"rules": [{"id": "all", "pools": ["team"],
                                                   "strategy": "round_robin"}]}}}
    members = [{"id": "u1", "org": "north", "role": "professional", "calendar": "office"},
               {"id": "u2", "org": "north", "role": "professional", "calendar": "nights"},
               {"id": "u3", "org": "north", "role": "professional"}]
    def request(now, cursor=None):
        body = {"kind": "assign", "lead": {"id": "L1", "org": "north", "fields": {}},
                "pools": {"team": {"cursor": cursor, "members": members}}}
        if now is not None:
            body["now"] = now
        return body
    def assigned(who, skipped):
        return {"allowed": True, "reasons": [],
                "effects": [{"kind": "set_owner", "lead": "L1", "owner": who},
                            {"kind": "advance_cursor", "pool": "team", "cursor": who},
                            {"kind": "notify", "channel": "sales_app", "user": who, "lead": "L1"}],
                "rule": "all", "pool": "team", "assignee": who,
                "skipped": [{"member": m, "pool": "team", "reasons": [{"code": "off_shift"}]}
                            for m in skipped]}
    office, nights = Model(VALID["office"]), Model(VALID["night"])
    cases = []
    for label, now in [("office_open", "2026-12-21T10:00:00+01:00"),
                       ("office_lunch", "2026-12-21T13:30:00+01:00"),
                       ("office_closing_time", "2026-12-21T18:00:00+01:00"),
                       ("night_shift", "2026-12-20T03:30:00-05:00"),
                       ("holiday_with_an_exception", "2026-12-25T10:00:00+01:00")]:
        u = parse(now)
        open_now = [m for m, model in (("u1", office), ("u2", nights)) if model.is_open(u)]
        skipped = [m for m in ("u1", "u2") if m not in open_now]
        who = (open_now + ["u3"])[0]
        cases.append({"name": f"sla_assign_{label}", "config": config, "request": request(now),
                      "expect": assigned(who, [m for m in skipped if m < who])})
    cases.append({"name": "sla_assign_calendar_needs_now", "config": config, "request": request(None),
                  "expect": error("invalid_request", "now")})
    bad = request("2026-12-21T10:00:00+01:00")
    bad["pools"]["team"]["members"] = members[:2] + [dict(members[2], calendar="offfice")]
    cases.append({"name": "sla_assign_unknown_calendar", "config": config, "request": bad,
                  "expect": error("unknown_calendar", "pools.team.members[2].calendar")})
    return cases


def main():
    rng = random.Random(18)
    cases = hand_picked()
    for name, window in WINDOWS.items():
        cases += random_cases(rng, name, window, 9, "w")
    for name, window in EXTRA_WINDOWS.items():
        cases += random_cases(rng, name, window, 5, "x")
    cases += request_errors()
    cases += config_errors()
    cases += template_cases()
    cases += shift_cases()
    # The sweep's next deadline: computed by the model for L2.
    for case in cases:
        if case["name"] == "sla_template_sweep":
            model = Model(VALID["office"])
            left, u = 72 * 3600, parse("2026-12-23T15:00:00+01:00")
            while left:
                if model.is_open(u):
                    left -= MINUTE
                u += MINUTE
            case["expect"]["next_deadline"] = text(u)
    data = {"configs": {"calendars": {"policy": {"calendars": VALID}}}, "cases": cases}
    OUT.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases written to {OUT}")


if __name__ == "__main__":
    main()
