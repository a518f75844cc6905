"""Runs a C bench and records what it prints as bench/results/BENCH.json
(bench/results_file.py's schema), for `make bench-report`.

The C benches (bench/c/*.c) print their figures as a Markdown table, one
row a call: `| typed check_transfer handover allowed | 45.1 |` under a
header `| call | ns per call |`, or with the unit in the cell (`| … | 836.0
ns |`, `| …, 10000 leads | 17.800 ms (0.56 M leads/s) |`). This runs the
bench, passes its output through unchanged, and turns every such row into
a result: the name (a trailing `allowed` / `denied` becomes the `series`),
`median_ns`, and for a batch its `size` (the `N leads` of the name) and
`per_second`. A row added to a C bench in that form is recorded with no
change here. The bench's own `method:` line is kept as the method; the
exit status is the bench's.

    python3 bench/c_results.py BENCH -- COMMAND [ARG...]
"""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any, Optional

import results_file

UNITS_NS = {"ns": 1.0, "µs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}
CELL = re.compile(r"^\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(ns|µs|us|ms|s)?\b")
RATE = re.compile(r"\(([0-9.]+)\s*M\s+(\w+)/s\)")
SIZE = re.compile(r"([0-9][0-9,]*)\s+leads\b")


def header_unit(cells: list[str]) -> Optional[str]:
    """The unit a header names for its figures (`ns per call`), if any."""
    for cell in cells[1:]:
        for unit in UNITS_NS:
            if cell.split(" ")[0] == unit:
                return unit
    return None


def parse(lines: list[str]) -> tuple[list[dict[str, Any]], str]:
    """The table rows of a C bench's output as results, and its method line."""
    results: list[dict[str, Any]] = []
    method = ""
    unit: Optional[str] = None
    for line in lines:
        if line.startswith("method:"):
            method = line.removeprefix("method:").strip()
            continue
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or set(cells[1]) <= set("-: "):
            continue
        figure = CELL.match(cells[1])
        if figure is None:  # a header: it may name the unit of the rows below
            unit = header_unit(cells)
            continue
        row_unit = figure.group(2) or unit
        if row_unit is None:
            continue
        name = cells[0]
        row: dict[str, Any] = {"name": name}
        for side in ("allowed", "denied"):
            if name.endswith(" " + side):
                row = {"name": name.removesuffix(" " + side), "series": side}
        row["median_ns"] = round(float(figure.group(1).replace(",", "")) * UNITS_NS[row_unit], 1)
        size = SIZE.search(name)
        if size:
            row["size"] = int(size.group(1).replace(",", ""))
        rate = RATE.search(cells[1])
        if rate:
            row["per_second"] = round(float(rate.group(1)) * 1e6)
            row["unit"] = rate.group(2)
        results.append(row)
    return results, method


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    bench, command = argv[0], argv[2:]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    sys.stdout.write(done.stdout)
    sys.stdout.flush()
    results, method = parse(done.stdout.splitlines())
    if results:
        results_file.write(bench, results, method=method or f"{' '.join(command)}, as printed")
    else:
        print(f"{bench}: no figures in the output of {' '.join(command)}", file=sys.stderr)
    return done.returncode or (0 if results else 1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
