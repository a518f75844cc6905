"""One bench's results as a JSON file under bench/results/, the input of
`make bench-report` (bench/charts.py).

Every file has the same small schema, so that the charts (and a reader)
need no knowledge of the bench that wrote it:

    {"schema": 1, "bench": "python-calls", "machine": "...", "commit": "cfc8221",
     "date": "2026-12-06T22:40Z", "load": [1.9, 2.4, 2.2], "method": "...",
     "results": [{"name": "can_handover", "series": "allowed", "median_ns": 612.0}, ...]}

A result has a `name`, optionally a `series` (allowed / denied, the rule
of a peer run, criterion's group) and a `size` (the input's size, for a
batch or a scale bench), and at least one figure: `median_ns` (the median
time of one call) or `per_second` with its `unit` (leads, orgs, elements).
A bench's writer adds nothing to what it measures: it records the figures
it already prints. `load` is the machine's load average (1, 5 and 15
minutes) when the file is written, so a reader can tell a quiet run from
a busy one (the 15-minute figure spans most benches); `commit` is marked
`+changes` when the measured code differs from it. bench/targets.py reads
these files into BENCHMARKS.md's first table. Standard library only (the peers' venv imports it too).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SCHEMA = 1


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (the platform's guess elsewhere)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    """CPU, cores, architecture, OS and Python, in one line."""
    return (f"{cpu_model()}, {os.cpu_count()} cores, {platform.machine()}, {platform.system()}; "
            f"{platform.python_implementation()} {platform.python_version()}")


def commit() -> str:
    """The checkout's short commit, marked when the measured code (core/,
    ffi/, python/) has uncommitted changes; "unknown" outside git."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "core", "ffi", "python"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


def load_average() -> Optional[list[float]]:
    """The 1, 5 and 15 minute load averages, or None where the system has none."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def document(bench: str, results: list[dict[str, Any]], method: str) -> dict[str, Any]:
    """The file's content: the stamp of this run and the results as given."""
    return {
        "schema": SCHEMA,
        "bench": bench,
        "machine": machine(),
        "commit": commit(),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
        "load": load_average(),
        "method": method,
        "results": results,
    }


def write(bench: str, results: list[dict[str, Any]], method: str, path: Optional[Path] = None) -> Path:
    """Writes bench/results/BENCH.json (or `path`), replacing an older run's
    file (git keeps the history of a checked-in one), and says so."""
    out = path or RESULTS / f"{bench}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document(bench, results, method), indent=2, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
    print(f"results: {shown}")
    return out
