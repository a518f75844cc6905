"""`make bench-report`: SVG charts of the JSON results under bench/results/
(bench/results_file.py's schema), one file per family, into
bench/results/charts/:

- python.svg: Python, one call: leadrules against its peers and the
  hand-written if/else, per rule (peers-rules.json, `make bench-peers`);
  every typed call, allowed and denied, against the hand-written if/else
  (python-calls.json); assignment, matching and business hours
  (python-assign.json, python-match.json, python-hours.json) (`make bench`);
- rust.svg: Rust, one decision per kind, typed and JSON (the criterion
  results without a size, rust-criterion.json, `make bench`);
- sizes.svg: sweeps and batches against their size, per second (criterion's
  sized throughput benches and the Python batches), and the time of one
  decision against the org tree's or the workflow's size (criterion's
  scale benches).

A family whose results are missing is skipped with a message (its older
chart, if any, is left as it was). Every panel names the run it draws
(bench, commit, date, machine). The same results give the same bytes.

    python3 bench/charts.py [--results DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable, Optional

from svg_chart import Bar, BarPanel, Group, LinePanel, Panel, Series, figure, rate_text, time_text

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
HAND_WRITTEN = "hand-written"
# The peer suite's series whose figures are per partner portal page, not per decision.
PAGE = "portal page"

Doc = dict[str, Any]


def load(results: Path, bench: str) -> Optional[Doc]:
    """bench/results/BENCH.json, or None when that bench has not written one."""
    path = results / f"{bench}.json"
    if not path.exists():
        return None
    doc: Doc = json.loads(path.read_text(encoding="utf-8"))
    return doc


def note(doc: Doc, how: str) -> str:
    """The line under a panel's title: which run it draws."""
    return f"{how} · {doc.get('commit', '?')} · {doc.get('date', '?')} · {doc.get('machine', '?')}"


def in_order(items: list[str]) -> list[str]:
    """Distinct, in the order of first appearance."""
    return list(dict.fromkeys(items))


# -- Python, one call ---------------------------------------------------------

def peer_panels(doc: Doc) -> list[Panel]:
    """One panel per rule: every engine, fastest first; the hand-written
    if/else also as a reference line."""
    panels: list[Panel] = []
    for rule in in_order([r["series"] for r in doc["results"]]):
        rows = sorted((r for r in doc["results"] if r["series"] == rule), key=lambda r: (r["median_ns"], r["name"]))
        groups = [Group(r["name"], [Bar("", r["median_ns"], r.get("kind", "peer"))]) for r in rows]
        references = [(r["name"], r["median_ns"]) for r in rows if r.get("kind") == HAND_WRITTEN]
        # The page's figures are whole pages (every answer a page needs),
        # the rules' single decisions.
        page = rule == PAGE
        title = (f"Python, the {rule}: leadrules, its peers, a hand-written if/else" if page
                 else f"Python, the {rule} rule: leadrules, its peers, a hand-written if/else")
        how = "make bench-peers, median per page" if page else "make bench-peers, median per decision"
        panels.append(BarPanel(title, note(doc, how), groups, references=references))
    return panels


def call_panel(doc: Doc) -> BarPanel:
    """Every call of bench/decisions.py, allowed and denied; the
    hand-written if/else coloured as such and as a reference line."""
    groups = []
    for name in in_order([r["name"] for r in doc["results"]]):
        rows = [r for r in doc["results"] if r["name"] == name]
        key: Callable[[Doc], str] = ((lambda r: HAND_WRITTEN) if name.startswith(HAND_WRITTEN)
                                     else (lambda r: str(r.get("series", ""))))
        groups.append(Group(name, [Bar(str(r.get("series", "")), r["median_ns"], key(r)) for r in rows]))
    references = [(f"{r['name']} ({r.get('series', '')})", r["median_ns"]) for r in doc["results"]
                  if r["name"].startswith(HAND_WRITTEN) and r.get("series") == "allowed"]
    return BarPanel("Python, one call of each kind (plain dicts)", note(doc, "make bench, timeit median"),
                    groups, references=references)


def single_call_panel(docs: list[Doc]) -> Optional[BarPanel]:
    """The single calls of the assignment and matching benches."""
    groups = [Group(r["name"], [Bar("", r["median_ns"], doc["bench"].removeprefix("python-"))])
              for doc in docs for r in doc["results"] if "size" not in r and "median_ns" in r]
    if not groups:
        return None
    return BarPanel("Python, assignment, duplicate matching, business hours (one call)",
                    note(docs[0], "make bench, timeit median"), groups)


def python_family(results: Path) -> Optional[str]:
    panels: list[Panel] = []
    peers = load(results, "peers-rules")
    if peers:
        panels.extend(peer_panels(peers))
    calls = load(results, "python-calls")
    if calls:
        panels.append(call_panel(calls))
    singles = single_call_panel([d for d in (load(results, bench) for bench in
                                             ("python-assign", "python-match", "python-hours")) if d])
    if singles:
        panels.append(singles)
    return figure("leadrules from Python: one call", panels) if panels else None


# -- Rust, per kind -----------------------------------------------------------

def rust_family(results: Path) -> Optional[str]:
    """Every criterion result without a size, grouped by criterion group,
    coloured by entry (typed, json, json_text)."""
    doc = load(results, "rust-criterion")
    if not doc:
        return None
    rows = [r for r in doc["results"] if "size" not in r]
    groups = []
    for series in in_order([r["series"] for r in rows]):
        members = [r for r in rows if r["series"] == series]
        if len(members) == 1 and members[0]["name"] == members[0]["id"]:
            groups.append(Group(series, [Bar("", members[0]["median_ns"], "call")]))
            continue
        groups.append(Group(series, [Bar(r["name"], r["median_ns"], r["name"].split("/")[0]) for r in members]))
    if not groups:
        return None
    panel = BarPanel("Rust, one decision per kind (typed call and JSON text)",
                     note(doc, "make bench, criterion median"), groups)
    return figure("leadrules in Rust: one decision", [panel])


# -- Sweeps and batches against size ------------------------------------------

def line_name(r: Doc) -> str:
    """A sized result's line: its group and its function, without the size."""
    function = str(r.get("function") or "")
    head, _, last = function.rpartition("/")
    if last.isdigit():  # `typed/10000`: the size is not the line's name
        function = head
    return f"{r['series']}/{function}" if function else str(r["series"])


def lines(rows: list[Doc], figure_of: Callable[[Doc], float]) -> list[Series]:
    """The rows as lines, in order of first appearance."""
    names = in_order([r["_line"] for r in rows])
    return [Series(n, [(float(r["size"]), figure_of(r)) for r in rows if r["_line"] == n]) for n in names]


def sizes_family(results: Path) -> Optional[str]:
    crit = load(results, "rust-criterion")
    sized = []
    if crit:
        sized = [{**r, "_line": "Rust " + line_name(r)} for r in crit["results"] if "size" in r]
    python_batches = []
    first_python: Optional[Doc] = None
    for bench in ("python-sweep", "python-assign", "python-match"):
        doc = load(results, bench)
        if doc:
            first_python = first_python or doc
            python_batches += [{**r, "_line": f"Python {r['name']}"} for r in doc["results"]
                               if "size" in r and "per_second" in r]
    panels: list[Panel] = []
    leads = [r for r in sized if "per_second" in r and not r["series"].startswith("scale/build")] + python_batches
    if leads:
        stamp = crit or first_python
        assert stamp is not None
        panels.append(LinePanel("Sweeps and batches: leads per second against the batch's size",
                                note(stamp, "make bench, median of a whole batch"), "leads in one call",
                                lines(leads, lambda r: float(r["per_second"])), fmt=rate_text))
    builds = [r for r in sized if "per_second" in r and r["series"].startswith("scale/build")]
    if builds and crit:
        panels.append(LinePanel("Building an engine: orgs per second against the org tree's size",
                                note(crit, "make bench, criterion median"), "orgs in the config",
                                lines(builds, lambda r: float(r["per_second"])), fmt=rate_text))
    timed = [r for r in sized if "per_second" not in r]
    for group in in_order([r["series"] for r in timed]):
        rows = [{**r, "_line": r.get("function") or r["name"]} for r in timed if r["series"] == group]
        assert crit is not None
        panels.append(LinePanel(f"{group}: one decision against the size", note(crit, "make bench, criterion median"),
                                "size (orgs, stages)", lines(rows, lambda r: float(r["median_ns"])), fmt=time_text))
    return figure("leadrules against size: sweeps, batches, scale", panels) if panels else None


FAMILIES: list[tuple[str, Callable[[Path], Optional[str]], str]] = [
    ("python.svg", python_family, "peers-rules.json (make bench-peers) or python-*.json (make bench)"),
    ("rust.svg", rust_family, "rust-criterion.json (make bench)"),
    ("sizes.svg", sizes_family, "rust-criterion.json or python-*.json with sizes (make bench)"),
]


def write_charts(results: Path, out: Path) -> list[Path]:
    """Draws every family that has results; returns the files written."""
    written = []
    for name, draw, needs in FAMILIES:
        svg = draw(results)
        if svg is None:
            print(f"{name}: skipped, no results to draw (needs {needs} in {results})", file=sys.stderr)
            continue
        out.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(svg, encoding="utf-8")
        written.append(out / name)
        print(f"wrote {out / name}")
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", default=str(RESULTS), help="the results directory (default: bench/results)")
    parser.add_argument("--out", help="where the SVG files go (default: RESULTS/charts)")
    args = parser.parse_args()
    results = Path(args.results)
    written = write_charts(results, Path(args.out) if args.out else results / "charts")
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
