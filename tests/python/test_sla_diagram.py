"""The SLA week diagram (docs/diagrams/sla-week.svg) is what its script
draws, the script draws the calendar docs/rules.md shows, and what it
draws is what that calendar is open: the intervals, the open time the
pause cuts out and the deadline, read independently of the engine here
from the calendar's own hours."""

import importlib.util
import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import List, Tuple

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "docs" / "diagrams" / "sla_week.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sla_week", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_checked_in_svg_is_the_scripts_output() -> None:
    week = load()
    assert week.OUT.read_text(encoding="utf-8") == week.svg(), (
        "docs/diagrams/sla-week.svg is stale: run .venv/bin/python docs/diagrams/sla_week.py"
    )


def test_the_script_draws_the_calendar_of_the_rules_page() -> None:
    week = load()
    rules = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)\n```", rules, re.S)
    calendars = [json.loads(b)["policy"]["calendars"] for b in blocks if '"calendars"' in b]
    assert calendars, "docs/rules.md shows no calendar"
    assert calendars[0]["office"] == week.CALENDAR
    assert "diagrams/sla-week.svg" in rules


def test_the_engine_counts_what_the_calendar_says() -> None:
    week = load()
    open_runs, cut, due = week.figures()

    def local(day: int, hour: int) -> datetime:
        return datetime(2026, 12, day, hour, tzinfo=week.ZONE)

    expected: List[Tuple[datetime, datetime]] = []
    for day in (21, 22, 23):
        expected += [(local(day, 9), local(day, 13)), (local(day, 14), local(day, 18))]
    expected.append((local(24, 9), local(24, 13)))
    assert open_runs == expected
    # Wednesday's pause 10:00-15:00 cuts out 10-13 and 14-15.
    assert cut == [(local(23, 10), local(23, 13)), (local(23, 14), local(23, 15))]
    # 12 hours from Tuesday 11:00: 6 on Tuesday, 1 + 3 on Wednesday, 2 on Thursday.
    assert due == local(24, 11)
    counted = sum(
        ((min(b, due) - max(a, week.SLA_START)) for a, b in open_runs
         if min(b, due) > max(a, week.SLA_START)),
        timedelta(),
    ) - sum((b - a for a, b in cut), timedelta())
    assert counted == timedelta(hours=12)
