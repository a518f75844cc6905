"""Prints the medians criterion measured, as a Markdown table.

Reads target/criterion/**/new/{benchmark,estimates}.json (criterion's own
output: the `median` estimate is the median time per iteration over the
samples). `--since EPOCH` keeps only benchmarks run after that instant (so
`make bench` shows this run, not an older one); further arguments are
prefixes of the benchmark ids to keep (`decisions/`, `scale/`). `--json
FILE` also writes the rows in the schema of bench/results_file.py (`make
bench` writes bench/results/rust-criterion.json, which `make bench-report`
charts): the id's group as `series`, the function and value as `name`, the
value as `size` when it is a number (or the throughput's element count),
elements per second as `per_second`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import results_file


def human_time(ns: float) -> str:
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def result(meta: dict[str, Any], median: dict[str, Any]) -> dict[str, Any]:
    """One benchmark in the results schema, from criterion's benchmark.json
    and the median of its estimates.json."""
    ns = median["point_estimate"]
    value = meta.get("value_str")
    function = meta.get("function_id")
    out: dict[str, Any] = {
        "name": "/".join(part for part in (function, value) if part) or meta["full_id"],
        "series": meta.get("group_id") or meta["full_id"],
        "id": meta["full_id"],
        "median_ns": round(ns, 2),
        "ci_ns": [round(median["confidence_interval"]["lower_bound"], 2),
                  round(median["confidence_interval"]["upper_bound"], 2)],
    }
    if function:
        out["function"] = function
    elements = (meta.get("throughput") or {}).get("Elements")
    if value is not None and value.isdigit():
        out["size"] = int(value)
    elif function is not None and function.isdigit():  # BenchmarkId::from_parameter(n)
        out["size"] = int(function)
    elif elements:
        out["size"] = int(elements)
    if elements and ns > 0:
        out["per_second"] = round(elements / ns * 1e9)
        out["unit"] = "elements"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("prefixes", nargs="*")
    parser.add_argument("--since", type=float, default=0.0)
    parser.add_argument("--root", default="target/criterion")
    parser.add_argument("--json", help="also write the rows to this file (bench/results_file.py's schema)")
    args = parser.parse_args()
    rows = []
    results = []
    for estimates in sorted(Path(args.root).glob("**/new/estimates.json")):
        if estimates.stat().st_mtime < args.since:
            continue
        meta = json.loads((estimates.parent / "benchmark.json").read_text())
        full_id = meta["full_id"]
        if args.prefixes and not any(full_id.startswith(p) for p in args.prefixes):
            continue
        median = json.loads(estimates.read_text())["median"]
        ns = median["point_estimate"]
        low = median["confidence_interval"]["lower_bound"]
        high = median["confidence_interval"]["upper_bound"]
        throughput = meta.get("throughput") or {}
        rate = ""
        if "Elements" in throughput and ns > 0:
            rate = f"{throughput['Elements'] / ns * 1e3:.3g} M/s"
        rows.append((full_id, human_time(ns), f"{human_time(low)} – {human_time(high)}", rate))
        results.append(result(meta, median))
    print("| benchmark | median | 95% CI of the median | throughput |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if args.json:
        results_file.write("rust-criterion", results, method="criterion: median time per iteration over its "
                           "samples (cargo bench -p leadrules --benches)", path=Path(args.json))


if __name__ == "__main__":
    main()
