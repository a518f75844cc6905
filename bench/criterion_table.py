"""Prints the medians criterion measured, as a Markdown table.

Reads target/criterion/**/new/{benchmark,estimates}.json (criterion's own
output: the `median` estimate is the median time per iteration over the
samples). `--since EPOCH` keeps only benchmarks run after that instant (so
`make bench` shows this run, not an older one); further arguments are
prefixes of the benchmark ids to keep (`decisions/`, `scale/`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def human_time(ns: float) -> str:
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("prefixes", nargs="*")
    parser.add_argument("--since", type=float, default=0.0)
    parser.add_argument("--root", default="target/criterion")
    args = parser.parse_args()
    rows = []
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
    print("| benchmark | median | 95% CI of the median | throughput |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
