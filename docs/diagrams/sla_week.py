#!/usr/bin/env python3
"""Draws docs/diagrams/sla-week.svg: one week of a business-hours calendar,
an SLA clock on it, a pause, and the deadline.

The picture is computed, not drawn by hand: the calendar is the one of
docs/rules.md ("Business hours"), and every figure is asked of the engine
through the Python package, by `sla` requests only:

- the open intervals: from each instant, the next opening (`next_open`),
  then the end of that open run, found by halving with the open time
  between two instants (`elapsed` of a clock with no pause);
- the pause's share: the open runs inside the pause, found the same way;
- the deadline: `due_at` of the SLA with its pause.

Run it after changing it, with the project's venv (the package built):
`.venv/bin/python docs/diagrams/sla_week.py` rewrites the SVG, `--check`
fails when the checked-in file differs (a test runs that). The SVG is
written by hand, byte for byte the same on every run.
"""

import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import leadrules

OUT = Path(__file__).resolve().parent / "sla-week.svg"

ZONE = ZoneInfo("Europe/Berlin")
SPLIT = [["09:00", "13:00"], ["14:00", "18:00"]]
CALENDAR: Dict[str, Any] = {
    "time_zone": "Europe/Berlin",
    "hours": {day: SPLIT for day in ("mon", "tue", "wed", "thu", "fri")},
    "holidays": ["2026-12-25", "2026-12-26"],
    "exceptions": {"2026-12-24": [["09:00", "13:00"]]},
}

WEEK_START = datetime(2026, 12, 21, tzinfo=ZONE)
DAYS = 7
SLA_START = datetime(2026, 12, 22, 11, 0, tzinfo=ZONE)
TARGET = "PT12H"
PAUSE = (datetime(2026, 12, 23, 10, 0, tzinfo=ZONE), datetime(2026, 12, 23, 15, 0, tzinfo=ZONE))

Interval = Tuple[datetime, datetime]

# Layout: one row per day, hours FIRST_HOUR..LAST_HOUR across.
WIDTH, ROW_H, TOP, LEFT, RIGHT = 900, 44, 70, 150, 40
FIRST_HOUR, LAST_HOUR = 7, 20
HEIGHT = TOP + DAYS * ROW_H + 70
GREEN, DARK, RED, GREY, INK = "#a5d6a7", "#2e7d32", "#c62828", "#9e9e9e", "#212121"


def engine() -> Any:
    return leadrules.Engine({"orgs": [], "policy": {"calendars": {"office": CALENDAR}}})


def utc(at: datetime) -> str:
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def instant(value: Any) -> Optional[datetime]:
    """An answer's instant, as the package gives it (aware datetime or text)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def seconds(value: Any) -> int:
    """An answer's duration (`PT1H30M` or a timedelta) in seconds."""
    if isinstance(value, timedelta):
        return int(value.total_seconds())
    found = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", str(value))
    if found is None:
        raise ValueError(f"not a duration: {value!r}")
    h, m, s = (int(part or 0) for part in found.groups())
    return h * 3600 + m * 60 + s


def sla(eng: Any, start: datetime, now: datetime, target: str = "PT1H",
        paused: Optional[List[Dict[str, str]]] = None) -> Dict[str, Any]:
    answer: Dict[str, Any] = eng.decide({
        "kind": "sla", "calendar": "office", "start": utc(start), "target": target,
        "now": utc(now), "paused": paused or []})
    return answer


def open_between(eng: Any, a: datetime, b: datetime) -> int:
    return seconds(sla(eng, a, b)["elapsed"])


def next_open(eng: Any, at: datetime) -> Optional[datetime]:
    return instant(sla(eng, at, at)["next_open"])


def open_runs(eng: Any, start: datetime, end: datetime) -> List[Interval]:
    """The calendar's open intervals inside [start, end), as the engine
    counts them."""
    runs: List[Interval] = []
    at = start
    while at < end:
        opened = next_open(eng, at)
        if opened is None or opened >= end:
            break
        # The run lasts while every second from `opened` on is open.
        good, bad = 0, int((end - opened).total_seconds())
        if open_between(eng, opened, end) == bad:
            good = bad
        while bad - good > 1:
            mid = (good + bad) // 2
            if open_between(eng, opened, opened + timedelta(seconds=mid)) == mid:
                good = mid
            else:
                bad = mid
        closed = opened + timedelta(seconds=good)
        runs.append((opened.astimezone(ZONE), closed.astimezone(ZONE)))
        at = closed
    return runs


def figures() -> Tuple[List[Interval], List[Interval], datetime]:
    """The week's open intervals, the open time the pause cuts out, and the
    SLA's deadline."""
    eng = engine()
    week = open_runs(eng, WEEK_START, WEEK_START + timedelta(days=DAYS))
    cut = open_runs(eng, PAUSE[0], PAUSE[1])
    pause = [{"from": utc(PAUSE[0]), "to": utc(PAUSE[1])}]
    due = instant(sla(eng, SLA_START, SLA_START, TARGET, pause)["due_at"])
    if due is None:
        raise ValueError("the SLA has no deadline")
    return week, cut, due.astimezone(ZONE)


def x_of(at: datetime) -> float:
    hours = at.hour + at.minute / 60
    span = LAST_HOUR - FIRST_HOUR
    return LEFT + (WIDTH - LEFT - RIGHT) * (hours - FIRST_HOUR) / span


def y_of(at: datetime) -> int:
    return TOP + (at.date() - WEEK_START.date()).days * ROW_H


def svg() -> str:
    week, cut, due = figures()
    out: List[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="13">',
        "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
        "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffebee\"/>"
        f"<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{RED}\" stroke-width=\"2\"/>"
        "</pattern></defs>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="12" y="28" font-size="15" fill="{INK}">Calendar "office" (Europe/Berlin), '
        f'week of 21 December 2026: 12 business hours from Tuesday 11:00</text>',
    ]
    for hour in range(FIRST_HOUR, LAST_HOUR + 1):
        x = x_of(WEEK_START.replace(hour=hour))
        out.append(f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{TOP + DAYS * ROW_H}" '
                   f'stroke="#eeeeee"/>')
        out.append(f'<text x="{x:.1f}" y="{TOP - 12}" text-anchor="middle" fill="{GREY}">'
                   f'{hour:02d}</text>')
    notes = {"2026-12-24": "short day", "2026-12-25": "holiday", "2026-12-26": "holiday"}
    for day in range(DAYS):
        date = WEEK_START + timedelta(days=day)
        y = TOP + day * ROW_H
        label = date.strftime("%a %d %b")
        note = notes.get(date.strftime("%Y-%m-%d"), "")
        out.append(f'<text x="12" y="{y + 22}" fill="{INK}">{escape(label)}</text>')
        if note:
            out.append(f'<text x="12" y="{y + 37}" fill="{GREY}" font-size="11" '
                       f'font-style="italic">{escape(note)}</text>')
    for opened, closed in week:
        counted = SLA_START <= opened and closed <= due
        fill = DARK if counted else GREEN
        x0, x1 = x_of(opened), x_of(closed)
        y = y_of(opened)
        out.append(f'<rect x="{x0:.1f}" y="{y + 10}" width="{x1 - x0:.1f}" height="22" '
                   f'fill="{fill}" rx="3"/>')
    for opened, closed in week:
        # The part of an interval the clock counted, when it starts or
        # ends inside one (the start, the deadline).
        lo, hi = max(opened, SLA_START), min(closed, due)
        if lo < hi and (lo, hi) != (opened, closed):
            x0, x1 = x_of(lo), x_of(hi)
            out.append(f'<rect x="{x0:.1f}" y="{y_of(lo) + 10}" width="{x1 - x0:.1f}" '
                       f'height="22" fill="{DARK}" rx="3"/>')
    for opened, closed in cut:
        x0, x1 = x_of(opened), x_of(closed)
        out.append(f'<rect x="{x0:.1f}" y="{y_of(opened) + 10}" width="{x1 - x0:.1f}" '
                   f'height="22" fill="url(#hatch)" stroke="{RED}" rx="3"/>')
    for at, text, colour in ((SLA_START, "start 11:00", INK),
                             (due, f"due {due.strftime('%a %H:%M')}", RED)):
        x, y = x_of(at), y_of(at)
        out.append(f'<line x1="{x:.1f}" y1="{y + 4}" x2="{x:.1f}" y2="{y + 38}" '
                   f'stroke="{colour}" stroke-width="3"/>')
        out.append(f'<text x="{x + 5:.1f}" y="{y + 44}" fill="{colour}" font-size="12">'
                   f'{escape(text)}</text>')
    pause_text = (f"pause {PAUSE[0].strftime('%a %H:%M')}-{PAUSE[1].strftime('%H:%M')}: "
                  "waiting on the customer")
    x, y = x_of(PAUSE[1]), y_of(PAUSE[0])
    out.append(f'<text x="{x + 6:.1f}" y="{y + 8}" fill="{RED}" font-size="12">'
               f'{escape(pause_text)}</text>')
    legend_y = TOP + DAYS * ROW_H + 30
    for i, (fill, text) in enumerate(((GREEN, "open"), (DARK, "open, counted by the clock"),
                                      ("url(#hatch)", "open, paused"))):
        x = LEFT + i * 230
        out.append(f'<rect x="{x}" y="{legend_y}" width="28" height="16" fill="{fill}" rx="3"/>')
        out.append(f'<text x="{x + 36}" y="{legend_y + 13}" fill="{INK}">{escape(text)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv: List[str]) -> int:
    drawn = svg()
    if "--check" in argv:
        if OUT.read_text(encoding="utf-8") != drawn:
            print(f"{OUT} is stale: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(drawn, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
