"""Before/after benchmarks in one run: a base revision against the working tree.

A change that must not slow anything down (BENCHMARKS.md "Against the
targets") is measured here: the base revision is exported with `git archive`
into build/compare/<rev>/ and built in its own target directory and venv,
then every bench of the target table runs on both, base and head
alternating group by group (a criterion filter, a bench script), so that
both see the same machine load; run it on an otherwise idle machine:

- criterion: `decisions` (every kind, typed and JSON), `sweep`, and the
  `scale` groups of the 1 M-org build and decision time at scale;
- C: bench/c/bench.c against each tree's release static library;
- Python: bench/decisions.py and bench/sweep.py against each tree's
  release wheel.

Each tree runs its own bench files (an API change may not compile the
other's). Prints one Markdown table per bench: base, head, head / base
(below 1 is faster). About 25 minutes on 2 cores, builds included; the
base's build is kept and reused.

    python3 bench/compare.py BASE_REV [--only criterion,c,python]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_LIBS = ["-lpthread", "-ldl", "-lm"]
# (bench, filters): each filter is run on base then head before the next,
# so that a change of the machine's load mid-run hits both alike.
CRITERION_RUNS = [
    ("decisions", [f"decisions/{kind}/" for kind in (
        "handover", "cross_silo", "targets", "create", "edit", "link", "transition", "actions", "expiry")]),
    ("sweep", ["sweep/"]),
    ("scale", ["scale/build", "scale/orgs"]),
]


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, capture: bool = False) -> str:
    print(f"[{cwd.name}] $ {' '.join(cmd)}", file=sys.stderr, flush=True)
    done = subprocess.run(cmd, cwd=cwd, env=env, check=True, text=True,
                          stdout=subprocess.PIPE if capture else None)
    return done.stdout if capture else ""


class Tree:
    """One checkout under test, with its own target directory and venv."""

    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = path
        self.target = path / "target"
        self.python = path / ".venv-compare" / "bin" / "python"
        self.bench_c = path / "build" / "bench_c"

    def env(self) -> dict[str, str]:
        return {**os.environ, "CARGO_TARGET_DIR": str(self.target)}

    def build(self) -> None:
        benches = [arg for name, _ in CRITERION_RUNS for arg in ("--bench", name)]
        run(["cargo", "bench", "-p", "leadrules", "--no-run", *benches], self.path, self.env())
        run(["cargo", "build", "--release", "-p", "leadrules-ffi"], self.path, self.env())
        self.bench_c.parent.mkdir(parents=True, exist_ok=True)
        run(["gcc", "-O2", "-std=c11", "-Wall", "-Wextra", "-Iinclude", "bench/c/bench.c", "-o",
             str(self.bench_c), str(self.target / "release" / "libleadrules.a"), *STATIC_LIBS], self.path)
        if not self.python.exists():
            venv.create(self.python.parent.parent, with_pip=True)
            run([str(self.python), "-m", "pip", "install", "--quiet", "maturin", "numpy"], self.path)
        run([str(self.python), "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps",
             "./python"], self.path, self.env())

    def criterion(self, bench: str, filt: str) -> dict[str, float]:
        """Runs the cases of `bench` whose id starts with `filt`; their medians."""
        args = ["cargo", "bench", "-p", "leadrules", "--bench", bench, "--", "--noplot", filt]
        run(args, self.path, self.env(), capture=True)
        medians = {}
        for estimates in (self.target / "criterion").glob("**/new/estimates.json"):
            full_id = json.loads((estimates.parent / "benchmark.json").read_text())["full_id"]
            if full_id.startswith(filt):
                medians[full_id] = json.loads(estimates.read_text())["median"]["point_estimate"]
        return medians

    def table_rows(self, cmd: list[str]) -> dict[str, float]:
        """The numeric cells of a Markdown table printed by a bench."""
        out = run(cmd, self.path, capture=True)
        rows: dict[str, float] = {}
        header: list[str] = []
        for line in out.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not line.startswith("|") or set(cells[0]) <= {"-", " "}:
                continue
            if not header or not re.match(r"^-?[\d.]+$", cells[-1]):
                header = cells
                continue
            for column, cell in zip(header[1:], cells[1:]):
                rows[f"{cells[0]} · {column}" if len(header) > 2 else cells[0]] = float(cell)
        for line in out.splitlines():
            match = re.match(r"^(.+?)\s+([\d.]+) M leads/s", line)
            if match:
                rows[f"{match.group(1)} (M leads/s)"] = float(match.group(2))
        return rows


def export(rev: str) -> Path:
    sha = run(["git", "rev-parse", "--short", rev], ROOT, capture=True).strip()
    path = ROOT / "build" / "compare" / sha
    if not (path / "Cargo.toml").exists():
        path.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(path)], input=archive.stdout, check=True)
        # The base's crates build from its own target directory; the
        # registry download cache is shared.
        if (ROOT / "target").exists() and not (path / "target").exists():
            shutil.copytree(ROOT / "target", path / "target", symlinks=True)
    return path


def print_table(title: str, base: dict[str, float], head: dict[str, float], unit: str) -> None:
    print(f"\n### {title}\n\n| bench | base ({unit}) | head ({unit}) | head / base |\n| --- | ---: | ---: | ---: |")
    for key in sorted(base.keys() | head.keys()):
        b, h = base.get(key), head.get(key)
        ratio = f"{h / b:.2f}" if b and h else "–"
        cells = [f"{v:.4g}" if v is not None else "–" for v in (b, h)]
        print(f"| {key} | {cells[0]} | {cells[1]} | {ratio} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base")
    parser.add_argument("--only", default="criterion,c,python")
    parser.add_argument("--no-build", action="store_true", help="reuse both trees' builds as they are")
    args = parser.parse_args()
    only = set(args.only.split(","))
    trees = [Tree("base", export(args.base)), Tree("head", ROOT)]
    if not args.no_build:
        for tree in trees:
            tree.build()
    print(f"base {args.base}, head the working tree; machine: {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.2f} at the start")
    if "criterion" in only:
        for bench, filters in CRITERION_RUNS:
            base: dict[str, float] = {}
            head: dict[str, float] = {}
            for filt in filters:
                base.update(trees[0].criterion(bench, filt))
                head.update(trees[1].criterion(bench, filt))
            print_table(f"criterion `{bench}` (median ns)", base, head, "ns")
    if "c" in only:
        base, head = (tree.table_rows([str(tree.bench_c)]) for tree in trees)
        print_table("C, bench/c/bench.c (median ns per call)", base, head, "ns")
    if "python" in only:
        for script, unit in (("bench/decisions.py", "µs"), ("bench/sweep.py", "M leads/s")):
            base, head = (tree.table_rows([str(tree.python), script]) for tree in trees)
            print_table(f"Python, {script}", base, head, unit)
    print(f"\nload {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
