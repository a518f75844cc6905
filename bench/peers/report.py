"""Printing the results: one Markdown table per rule (it reads in a
terminal and pastes into BENCHMARKS.md), then the headline ratios."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from agreement import Agreement

REFERENCE = "leadrules"
BASELINE = "hand-written if/else"


@dataclass
class Row:
    """One engine variant on one rule."""

    name: str
    engine: str
    agreement: Optional[Agreement]
    seconds: float  # median per decision


def agrees(row: Row) -> str:
    """"n/n", flagged when any case disagrees."""
    if row.agreement is None:
        return "—"
    a = row.agreement
    return f"{a.agree}/{a.total}" + ("" if a.agree == a.total else " **!**")


def table(rows: list[Row], reference: float, overhead: float) -> list[str]:
    """The Markdown table: agreement, µs per decision, ratio to leadrules."""
    lines = ["| engine | agrees with leadrules | µs per decision | time ÷ leadrules |",
             "| --- | ---: | ---: | ---: |"]
    for row in rows:
        lines.append(f"| {row.name} | {agrees(row)} | {row.seconds * 1e6:.2f} | {row.seconds / reference:.2f}× |")
    lines.append(f"| *(loop and call overhead: a no-op function, leadrules' arguments)* | — | "
                 f"{overhead * 1e6:.2f} | — |")
    return lines


def headline(rule: str, rows: list[Row], reference: float) -> list[str]:
    """The fastest peer against each way of asking leadrules, and each
    against the hand-written if/else."""
    record(rule, rows, reference)
    out = []
    ours = [r for r in rows if r.engine == REFERENCE]
    peers = [r for r in rows if r.engine not in (REFERENCE, BASELINE)]
    if peers:
        best = min(peers, key=lambda r: r.seconds)
        out += [f"{rule}: the fastest peer, {best.name}, takes {best.seconds / r.seconds:.1f}× the time of "
                f"{r.name} ({best.seconds * 1e6:.2f} µs vs {r.seconds * 1e6:.2f} µs)" for r in ours]
    for baseline in (r for r in rows if r.engine == BASELINE):
        out += [f"{rule}: {r.name} takes {r.seconds / baseline.seconds:.2f}× the time of the hand-written "
                f"if/else ({r.seconds * 1e6:.2f} µs vs {baseline.seconds * 1e6:.2f} µs)" for r in ours]
    return out


PAGE = "portal page"


def page_table(rows: list[Row]) -> list[str]:
    """The page's Markdown table: agreement, µs per page, ratio to leadrules'
    fastest way of answering it."""
    best = min(r.seconds for r in rows if r.engine == REFERENCE)
    lines = ["| engine, how the page is asked | agrees with leadrules | µs per page | time ÷ leadrules' fastest |",
             "| --- | ---: | ---: | ---: |"]
    lines += [f"| {row.name} | {agrees(row)} | {row.seconds * 1e6:.1f} | {row.seconds / best:.2f}× |" for row in rows]
    return lines


def page_headline(rows: list[Row], from_records: set[str]) -> list[str]:
    """leadrules' fastest page, and its fastest from the records (the rows
    named in ``from_records``), against the fastest peer's page and the
    hand-written if/else's; records the page in the results file."""
    ours = [r for r in rows if r.engine == REFERENCE]
    fastest = min(ours, key=lambda r: r.seconds)
    record(PAGE, rows, fastest.seconds)
    ways = [fastest] + [min((r for r in ours if r.name in from_records), key=lambda r: r.seconds)]
    peers = [r for r in rows if r.engine not in (REFERENCE, BASELINE)]
    baselines = [r for r in rows if r.engine == BASELINE]
    out = []
    for way, what in zip(ways, ("leadrules' fastest way", "from the records")):
        out.append(f"{PAGE}, {what}: {way.name}, {way.seconds * 1e6:.1f} µs for 300 answers")
        if peers:
            best = min(peers, key=lambda r: r.seconds)
            out.append(f"{PAGE}, {what}: the fastest peer, {best.name}, takes {best.seconds / way.seconds:.1f}× "
                       f"that ({best.seconds * 1e6:.1f} µs)")
        out += [f"{PAGE}, {what}: the hand-written if/else's 300 calls take {b.seconds / way.seconds:.1f}× that "
                f"({b.seconds * 1e6:.1f} µs)" for b in baselines]
    return out


# -- The results file: bench/results/peers-rules.json (bench/results_file.py's
# schema), which `make bench-report` charts. Rewritten after each rule, so it
# holds every rule timed in this run.

import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/, for results_file
import results_file  # noqa: E402

_RECORDED: list[dict[str, object]] = []
_LOAD_AT_START = os.getloadavg()


def kind(row: Row) -> str:
    """leadrules, the hand-written if/else, or a peer."""
    return "leadrules" if row.engine == REFERENCE else ("hand-written" if row.engine == BASELINE else "peer")


def load_text(load: tuple[float, float, float]) -> str:
    """A load average triple as text."""
    return " / ".join(f"{x:.2f}" for x in load)


def record(rule: str, rows: list[Row], reference: float) -> None:
    """Adds one rule's timings to this run's results file: per engine the
    median, the ratio to ``reference`` (leadrules), the agreement counts;
    the machine's load average at the start of the run and now in the
    method line."""
    _RECORDED.extend({"name": row.name, "series": rule, "engine": row.engine, "kind": kind(row),
                      "agrees": agrees(row), "agree": row.agreement.agree if row.agreement else None,
                      "cases": row.agreement.total if row.agreement else None,
                      "median_ns": round(row.seconds * 1e9, 1),
                      "ratio_to_leadrules": round(row.seconds / reference, 3)} for row in rows)
    what = ("median per decision over the truth table's cases (per page for the portal page; its "
            "ratios against leadrules' fastest page), engines timed round-robin in one run "
            "(bench/peers/timing.py); load average 1/5/15 min at the start "
            f"{load_text(_LOAD_AT_START)}, at this write {load_text(os.getloadavg())}, on "
            f"{len(os.sched_getaffinity(0))} available cores")
    results_file.write("peers-rules", list(_RECORDED), method=what)
