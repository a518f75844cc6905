"""Instructions per call of the main paths, counted by callgrind.

A count of instructions is the same from run to run on a busy machine (a
timing is not): this is how two builds are compared when the machine is
shared, and what a growth check can hold to a bound. It is not a time
(cache misses and branch mispredictions cost without instructions), so the
timed benches (`make bench`, bench/compare.py) stay the measure of speed.

Each path is run in a fresh process twice under `valgrind --tool=callgrind`:
with N calls and with 0, the same setup and the same check of the answer in
both; (instructions(N) - instructions(0)) / N is the cost of one call (of
one lead for a sweep, of one org for a config load), the call's own loop
included. Paths:

- Python (the given interpreter with its leadrules installed; this script
  is the driver): the typed calls with plain dicts, `transition` with text
  and with aware datetimes, `decide(dict)`, reading `reasons` and
  `effects`, `sweep_columns` over NumPy columns (skipped without NumPy);
- Rust (bench/instructions/driver.rs, built against the tree's core with
  the tree's own bench fixture, core/benches/common/mod.rs): typed
  handover and transition, `decide_json`; typed `assign` (20 rules, a pool
  of 50: allowed, no eligible member, no rule matched) and `assign_many`
  per lead of 10,000 (common/assign.rs, driver_assign.rs; skipped for a
  tree without that fixture); business hours (common/hours.rs,
  driver_hours.rs; skipped likewise): `Calendar::add` of PT72H,
  `open_between` over 30 days, `Engine::sla` with two pauses, and a column
  sweep with a calendar template per lead of 10,000;
- C (bench/instructions/driver.c against the tree's release static
  library): the typed calls, the JSON entry, `sweep_columns` of 10,000
  leads, a config load of 100,000 orgs.

    python3 bench/instructions.py run --label L [--tree DIR] [--python PY] [--target DIR] [--build]
    python3 bench/instructions.py table BASE HEAD [--fail-above PERCENT]

`run` writes bench/results/instructions-L.json; `--build` first builds the
tree's release static library and installs its wheel into PY (without it,
both must be built: `make bench-instructions` does it for the working
tree). `table` prints a Markdown table of two labels' results and, with
`--fail-above`, exits 1 when a path of HEAD costs more than PERCENT over
BASE.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench" / "instructions"
RESULTS = ROOT / "bench" / "results"
STATIC_LIBS = ["-lpthread", "-ldl", "-lm"]

# (path name, driver, driver's case, N, what one unit is). Units other than
# a call divide by N times the size.
PY_CASES = [
    ("Python can_handover allowed", "can_handover allowed", 2000),
    ("Python can_handover denied", "can_handover denied", 2000),
    ("Python can_cross_silo allowed", "can_cross_silo allowed", 2000),
    ("Python can_cross_silo denied", "can_cross_silo denied", 2000),
    ("Python can_edit allowed", "can_edit allowed", 2000),
    ("Python can_edit denied", "can_edit denied", 2000),
    ("Python transition text allowed", "transition text allowed", 2000),
    ("Python transition text denied", "transition text denied", 2000),
    ("Python transition aware datetimes (+05:30) allowed", "transition aware allowed", 2000),
    ("Python transition aware datetimes (+05:30) denied", "transition aware denied", 2000),
    ("Python decide(dict) handover allowed", "decide handover allowed", 2000),
    ("Python decide(dict) handover denied", "decide handover denied", 2000),
    ("Python Decision.reasons (handover denied)", "reasons", 2000),
    ("Python Decision.effects (handover allowed)", "effects", 2000),
    ("Python sweep_columns NumPy, per lead of 10k", "sweep numpy", 5),
    ("Python assign, 20 rules, pool of 50 dicts, assigned", "assign allowed", 200),
    ("Python assign, 20 rules, pool of 50 dicts, no rule matched", "assign denied", 200),
    ("Python assign_many, per lead of 10k (pool of 50 dicts)", "assign_many", 3),
]
RUST_CASES = [
    ("Rust typed handover allowed", "typed handover allowed", 20000),
    ("Rust typed handover denied", "typed handover denied", 20000),
    ("Rust typed transition partner_lead.accept allowed", "typed transition/partner_lead.accept allowed", 20000),
    ("Rust typed transition partner_lead.accept denied", "typed transition/partner_lead.accept denied", 20000),
    ("Rust decide_json handover allowed", "decide_json handover allowed", 2000),
    ("Rust decide_json handover denied", "decide_json handover denied", 2000),
    ("Rust typed assign allowed (20 rules, pool of 50)", "assign one allowed", 20000),
    ("Rust typed assign denied (no eligible member of 50)", "assign one denied", 20000),
    ("Rust typed assign no rule matched (20 rules)", "assign one no_match", 20000),
    ("Rust assign_many, per lead of 10k (pool of 50)", "assign many 10k", 5),
    ("Rust Calendar::add PT72H (split shifts, holidays, Europe/Berlin)", "hours add pt72h", 20000),
    ("Rust Calendar::open_between over 30 days", "hours open_between 30d", 20000),
    ("Rust Engine::sla with two pauses", "hours sla two_pauses", 5000),
    ("Rust sweep_columns with a calendar template, per lead of 10k", "hours sweep 10k", 3),
]
C_CASES = [
    ("C check_transfer handover allowed", "check_transfer handover allowed", 20000),
    ("C check_transfer handover denied", "check_transfer handover denied", 20000),
    ("C check_transfer cross_silo allowed", "check_transfer cross_silo allowed", 20000),
    ("C check_edit allowed", "check_edit allowed", 20000),
    ("C check_edit denied", "check_edit denied", 20000),
    ("C decide JSON handover allowed", "decide JSON handover allowed", 2000),
    ("C decide JSON handover denied", "decide JSON handover denied", 2000),
    ("C sweep_columns, per lead of 10k", "sweep_columns 10k leads", 5),
    ("C config load, per org of 100k", "config load 100k orgs", 1),
]
# Units per call of a case whose call is not one decision.
PER_CALL = {"sweep numpy": 10_000, "assign_many": 10_000, "sweep_columns 10k leads": 10_000, "config load 100k orgs": 100_000,
            "assign many 10k": 10_000, "hours sweep 10k": 10_000}
# The assignment paths need the tree's assignment fixture (trees before it have none).
ASSIGN_FIXTURE = Path("core") / "benches" / "common" / "assign.rs"
# The business-hours paths need the tree's hours fixture.
HOURS_FIXTURE = Path("core") / "benches" / "common" / "hours.rs"


# -- The Python driver (run inside the interpreter under test) ----------------

def python_case(case: str) -> tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]:
    """The call of `case` and its arguments, checked once."""
    import datetime as dt

    import leadrules

    engine = leadrules.Engine({"orgs": [
        {"id": "hq", "handover": True, "cross_silo": True},
        {"id": "north", "parent": "hq", "handover": True},
        {"id": "south", "parent": "hq"},
        {"id": "north_a", "parent": "north"},
        {"id": "north_b", "parent": "north"},
        {"id": "south_a", "parent": "south"},
        {"id": "acme"},
    ]})
    pro = {"id": "u1", "org": "north", "role": "professional"}
    pro_south = {"id": "u2", "org": "south", "role": "professional"}
    lead = {"id": "L1", "org": "north", "owner": "u1"}
    edited = {"id": "L1", "org": "north", "owner": "u1", "creator": "b1", "handed_over_to_sales": False}
    partner = {"id": "p7", "org": "acme", "role": "manager"}
    offer = {"id": "L9", "stage": "pending", "partner": "acme", "source": "vendor",
             "created_at": "2026-11-20T09:00:00Z"}
    ist = dt.timezone(dt.timedelta(hours=5, minutes=30))
    aware_offer = {**offer, "created_at": dt.datetime(2026, 11, 20, 14, 30, tzinfo=ist)}
    early, late = "2026-11-23T09:30:00Z", "2026-11-27T09:00:00Z"
    aware_early = dt.datetime(2026, 11, 23, 15, 0, tzinfo=ist)
    aware_late = dt.datetime(2026, 11, 27, 14, 30, tzinfo=ist)
    request = {"kind": "handover", "actor": pro, "lead": lead, "to": "hq"}
    accept = {"workflow": "partner_lead"}
    cases: dict[str, tuple[bool, Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = {
        "can_handover allowed": (True, engine.can_handover, (pro, lead, "hq"), {}),
        "can_handover denied": (False, engine.can_handover, (pro, lead, "south"), {}),
        "can_cross_silo allowed": (True, engine.can_cross_silo, (pro, lead, "south"), {}),
        "can_cross_silo denied": (False, engine.can_cross_silo, (pro, lead, "hq"), {}),
        "can_edit allowed": (True, engine.can_edit, (pro, edited), {}),
        "can_edit denied": (False, engine.can_edit, (pro_south, edited), {}),
        "transition text allowed": (True, engine.transition, (partner, offer, "accept"), {**accept, "now": early}),
        "transition text denied": (False, engine.transition, (partner, offer, "accept"), {**accept, "now": late}),
        "transition aware allowed": (True, engine.transition, (partner, aware_offer, "accept"),
                                     {**accept, "now": aware_early}),
        "transition aware denied": (False, engine.transition, (partner, aware_offer, "accept"),
                                    {**accept, "now": aware_late}),
        "decide handover allowed": (True, engine.decide, (request,), {}),
        "decide handover denied": (False, engine.decide, ({**request, "to": "south"},), {}),
    }
    if case == "reasons":
        decision = engine.can_handover(pro, lead, "south")
        assert decision.reasons, "the denial has no reasons"
        return type(decision).reasons.__get__, (decision,), {}
    if case == "effects":
        decision = engine.can_handover(pro, lead, "hq")
        assert decision.effects, "the handover has no plan"
        return type(decision).effects.__get__, (decision,), {}
    if case == "sweep numpy":
        import numpy as np

        rows, t0 = 10_000, 1_763_629_200
        codes = [engine.stage_code("partner_lead", s) for s in ("pending", "accepted", "closed_converted")]
        pattern = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 2])
        stages = np.array(codes, dtype=np.int32)[pattern[np.arange(rows) % 10]]
        created = t0 + np.arange(rows, dtype=np.int64) * 13
        accepted = np.where(stages == codes[1], created, np.iinfo(np.int64).min)
        ids = np.arange(rows)
        kwargs = {"accepted_at": accepted, "workflow": "partner_lead", "now": t0 + 8 * 86_400}
        due = engine.sweep_columns(ids, stages, created, **kwargs).due
        assert 0 < len(due) < rows, "the sweep is not mixed"
        return engine.sweep_columns, (ids, stages, created), kwargs
    if case.startswith("assign"):
        return assign_case(case)
    expect, call, args, kwargs = cases[case]
    answer = call(*args, **kwargs)
    allowed = answer["allowed"] if isinstance(answer, dict) else bool(answer)
    assert allowed == expect, f"{case}: unexpected answer"
    return call, args, kwargs


def assign_case(case: str) -> tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]:
    """bench/assign.py's engine and requests (20 rules, the lead matches the last; 50 members as dicts)."""
    import leadrules

    sys.path.insert(0, str(ROOT / "bench"))
    from assign import BATCH, config, members

    engine = leadrules.Engine(config())
    pools = {"inside": {"cursor": "u2", "members": members()}}
    if case == "assign_many":
        leads = [{"id": f"L{i}", "org": "north", "fields": {"source": "web", "country": "IN", "budget": 1000 + i}}
                 for i in range(BATCH)]
        big_pools = {"inside": {"cursor": None, "members": [{**m, "capacity": None} for m in members()]}}
        assert engine.assign_many(leads, big_pools).assigned == BATCH, "assign_many: unexpected answer"
        return engine.assign_many, (leads, big_pools), {}
    source = "web" if case == "assign allowed" else "fax"
    lead = {"id": "L9", "org": "north", "fields": {"source": source, "country": "IN", "budget": 150000}}
    assert bool(engine.assign(lead, pools)) == (case == "assign allowed"), f"{case}: unexpected answer"
    return engine.assign, (lead, pools), {}


def python_driver(case: str, n: int) -> None:
    call, args, kwargs = python_case(case)
    names = [f"a{i}" for i in range(len(args))]
    stmt = "call(" + ", ".join(names + [f"{k}={k}" for k in kwargs]) + ")"
    code = f"def loop(n, call, {', '.join(names + list(kwargs))}):\n    for _ in range(n):\n        {stmt}\n"
    scope: dict[str, Any] = {}
    exec(code, scope)  # the bare call with local arguments, as bench/decisions.py times it
    scope["loop"](n, call, *args, **kwargs)


# -- Counting -----------------------------------------------------------------

def instructions(cmd: list[str], env: dict[str, str]) -> int:
    """The instructions `cmd` executes, all threads, by callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        done = subprocess.run(["valgrind", "--quiet", "--tool=callgrind", f"--callgrind-out-file={out}", *cmd],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr}")
        for line in out.read_text().splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError(f"no totals from callgrind for {cmd}")


def per_unit(cmd: list[str], case: str, n: int, env: dict[str, str]) -> float:
    many = instructions([*cmd, case, str(n)], env)
    none = instructions([*cmd, case, "0"], env)
    return (many - none) / (n * PER_CALL.get(case, 1))


def build_c(tree: Path, target: Path, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["gcc", "-O2", "-std=c11", "-Wall", "-Wextra", "-Werror", f"-I{tree / 'include'}",
                    str(HERE / "driver.c"), "-o", str(out), str(target / "release" / "libleadrules.a"),
                    *STATIC_LIBS], check=True)


def build_rust(tree: Path, work: Path) -> Path:
    """The Rust driver against `tree`'s core, in a crate of its own under `work`."""
    crate = work / "rust"
    (crate / "src").mkdir(parents=True, exist_ok=True)
    (crate / "Cargo.toml").write_text(f"""[package]
name = "leadrules-instructions"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
leadrules = {{ path = "{tree / 'core'}" }}
serde_json = "1"
chrono = {{ version = "0.4", default-features = false }}

[workspace]

[profile.release]
overflow-checks = true
lto = "fat"
codegen-units = 1
""")
    common = tree / "core" / "benches" / "common" / "mod.rs"
    assign = "driver_assign.rs" if (tree / ASSIGN_FIXTURE).exists() else "driver_assign_none.rs"
    hours = "driver_hours.rs" if (tree / HOURS_FIXTURE).exists() else "driver_hours_none.rs"
    (crate / "src" / "main.rs").write_text(
        f'#[allow(dead_code)]\n#[path = "{common}"]\nmod common;\n\n' + (HERE / "driver.rs").read_text()
        + (HERE / assign).read_text() + (HERE / hours).read_text())
    if (tree / "Cargo.lock").exists() and not (crate / "Cargo.lock").exists():
        shutil.copy(tree / "Cargo.lock", crate / "Cargo.lock")
    env = {**os.environ, "CARGO_TARGET_DIR": str(work / "target")}
    subprocess.run(["cargo", "build", "--quiet", "--release", "--manifest-path", str(crate / "Cargo.toml")],
                   env=env, check=True)
    return work / "target" / "release" / "leadrules-instructions"


def run(args: argparse.Namespace) -> int:
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: no instruction counts", file=sys.stderr)
        return 1
    tree = Path(args.tree).resolve()
    target = Path(args.target).resolve() if args.target else tree / "target"
    python = args.python
    work = ROOT / "build" / "instructions" / args.label
    if args.build:
        cargo_env = {**os.environ, "CARGO_TARGET_DIR": str(target)}
        subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "leadrules-ffi"], cwd=tree,
                       env=cargo_env, check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps",
                        str(tree / "python")], env=cargo_env, check=True)
    only = set(args.only.split(",")) if args.only else {"python", "rust", "c"}
    # One seed for str hashes: a dict's probes are the same in both runs.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    results: dict[str, float] = {}

    def measure(cmd: list[str], cases: list[tuple[str, str, int]]) -> None:
        for name, case, n in cases:
            if args.match and args.match not in name:
                continue
            results[name] = round(per_unit(cmd, case, n, env), 1)
            print(f"{name}: {results[name]:,.1f}", file=sys.stderr, flush=True)

    if "python" in only:
        has_numpy = subprocess.run([python, "-c", "import numpy"], capture_output=True).returncode == 0
        cases = [c for c in PY_CASES if has_numpy or "numpy" not in c[1]]
        measure([python, str(Path(__file__).resolve()), "--python-case"], cases)
    if "rust" in only:
        has_assign = (tree / ASSIGN_FIXTURE).exists()
        has_hours = (tree / HOURS_FIXTURE).exists()
        cases = [c for c in RUST_CASES if (has_assign or not c[1].startswith("assign "))
                 and (has_hours or not c[1].startswith("hours "))]
        measure([str(build_rust(tree, work))], cases)
    if "c" in only:
        driver = work / "driver_c"
        build_c(tree, target, driver)
        measure([str(driver)], C_CASES)
    version = subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                             capture_output=True, text=True, check=True).stdout.strip()
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"instructions-{args.label}.json"
    partial = args.only or args.match
    old = json.loads(path.read_text())["paths"] if path.exists() and partial else {}
    path.write_text(json.dumps({
        "label": args.label,
        "tree": str(tree),
        "python": version,
        "machine": platform.machine(),
        "valgrind": subprocess.run(["valgrind", "--version"], capture_output=True, text=True).stdout.strip(),
        "method": "callgrind, (instructions of N calls - of 0 calls) / N, in fresh processes",
        "paths": {**old, **results},
    }, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)
    return 0


def table(args: argparse.Namespace) -> int:
    base, head = (json.loads((RESULTS / f"instructions-{label}.json").read_text())["paths"]
                  for label in (args.base, args.head))
    print(f"| path (instructions per call) | {args.base} | {args.head} | {args.head} / {args.base} |")
    print("| --- | ---: | ---: | ---: |")
    grown = []
    for name in [*base, *(k for k in head if k not in base)]:
        b, h = base.get(name), head.get(name)
        ratio = f"{h / b:.2f}" if b and h else "–"
        cells = [f"{v:,.0f}" if v is not None and v >= 100 else (f"{v:.1f}" if v is not None else "–")
                 for v in (b, h)]
        print(f"| {name} | {cells[0]} | {cells[1]} | {ratio} |")
        if args.fail_above is not None and b and h and h > b * (1 + args.fail_above / 100):
            grown.append(name)
    if grown:
        print(f"\nmore than {args.fail_above} % above {args.base}: {', '.join(grown)}", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--python-case":
        python_driver(sys.argv[2], int(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="count one build's paths")
    p.add_argument("--label", required=True, help="names the results file")
    p.add_argument("--tree", default=str(ROOT), help="the source tree (default: this one)")
    p.add_argument("--python", default=sys.executable, help="an interpreter with the tree's leadrules")
    p.add_argument("--target", help="the tree's cargo target directory (default: TREE/target)")
    p.add_argument("--build", action="store_true", help="build the static library and the wheel first")
    p.add_argument("--only", help="python,rust,c (default: all); a part is merged into the results file")
    p.add_argument("--match", help="only the paths whose name holds this text")
    p.set_defaults(func=run)
    t = sub.add_parser("table", help="a Markdown table of two labels")
    t.add_argument("base")
    t.add_argument("head")
    t.add_argument("--fail-above", type=float, help="exit 1 when a path grows more than this percent")
    t.set_defaults(func=table)
    args = parser.parse_args()
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
