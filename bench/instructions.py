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
  sweep with a calendar template per lead of 10,000; prepared facts
  (common/prepared.rs, driver_prepared.rs; skipped likewise): handover and
  transition of facts prepared once, `actions_many` and `can_edit_many`
  over a page of 50 leads (per page);
- C (bench/instructions/driver.c against the tree's release static
  library): the typed calls, the JSON entry, `sweep_columns` of 10,000
  leads, a config load of 100,000 orgs, the typed `assign_many` per lead
  of 10,000 (the batch of the Rust row, to compare with it).

    python3 bench/instructions.py run --label L [--tree DIR] [--python PY] [--target DIR] [--build]
    python3 bench/instructions.py table BASE HEAD [--fail-above PERCENT]
    python3 bench/instructions.py check [--baseline FILE] [--limit PERCENT] [--python PY] [--build]

`run` writes bench/results/instructions-L.json; `--build` first builds the
tree's release static library and installs its wheel into PY (without it,
both must be built: `make bench-instructions` does it for the working
tree). `table` prints a Markdown table of two labels' results and, with
`--fail-above`, exits 1 when a path of HEAD costs more than PERCENT over
BASE. `check` is the regression guard (`make bench-check`): it counts the
working tree into build/instructions/check.json and exits 1 when a path
costs more than PERCENT (10) over the checked-in baseline,
bench/results/instructions-baseline.json (`make bench-baseline` rewrites
it); without valgrind it says so and exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench" / "instructions"
RESULTS = ROOT / "bench" / "results"
# The counts `check` holds the working tree to, and where it writes its own.
BASELINE = RESULTS / "instructions-baseline.json"
CHECK_OUT = ROOT / "build" / "instructions" / "check.json"
# How much a path may grow over the baseline before `check` fails, in percent.
LIMIT_PERCENT = 10.0
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
    ("Python actions partner_lead (6 actions), text", "actions text", 1000),
    ("Python actions partner_lead (6 actions), aware datetimes (+05:30)", "actions aware", 1000),
    ("Python engine.sla, ZoneInfo datetimes, timedelta target", "sla zoneinfo", 1000),
    ("Python engine.sla, UTC datetimes, timedelta target", "sla utc", 1000),
    ("Python engine.sla, ZoneInfo datetimes, two (from, to) pauses", "sla zoneinfo pauses", 1000),
    ("Python can_handover prepared facts allowed", "prepared can_handover allowed", 2000),
    ("Python can_handover prepared facts denied", "prepared can_handover denied", 2000),
    ("Python can_handover prepared facts denied, its reasons read (a Python function around both)",
     "prepared can_handover reasons", 2000),
    ("Python transition prepared facts, aware now, allowed", "prepared transition allowed", 2000),
    ("Python transition prepared facts, aware now, denied", "prepared transition denied", 2000),
    ("Python actions_many, 50 partner_lead leads (prepared), per page", "prepared actions_many 50", 200),
    ("Python decide(dict) handover allowed", "decide handover allowed", 2000),
    ("Python decide(dict) handover denied", "decide handover denied", 2000),
    ("Python Decision.reasons (handover denied)", "reasons", 2000),
    ("Python Decision.effects (handover allowed)", "effects", 2000),
    ("Python sweep_columns NumPy, per lead of 10k", "sweep numpy", 5),
    ("Python assign, 20 rules, pool of 50 dicts, assigned", "assign allowed", 200),
    ("Python assign, 20 rules, pool of 50 dicts, no rule matched", "assign denied", 200),
    ("Python assign_many, per lead of 10k (pool of 50 dicts)", "assign_many", 3),
    ("Python match_keys, 2 phones, e-mail, name, company", "match_keys", 2000),
    ("Python match_keys_many, per lead of 10k", "match_keys_many", 3),
    ("Python match, 20 candidate dicts", "match records", 200),
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
    ("Rust match_keys, 2 phones, e-mail, name, company", "match keys one", 2000),
    ("Rust match_keyed, 20 candidates by stored keys", "match keyed 20", 2000),
    ("Rust match_lead, 20 candidate records", "match lead 20", 200),
    ("Rust Calendar::add PT72H (split shifts, holidays, Europe/Berlin)", "hours add pt72h", 20000),
    ("Rust Calendar::open_between over 30 days", "hours open_between 30d", 20000),
    ("Rust Engine::sla with two pauses", "hours sla two_pauses", 5000),
    ("Rust sweep_columns with a calendar template, per lead of 10k", "hours sweep 10k", 3),
    ("Rust prepared handover allowed", "prepared handover allowed", 20000),
    ("Rust prepared handover denied", "prepared handover denied", 20000),
    ("Rust prepared transition partner_lead.accept allowed", "prepared transition allowed", 20000),
    ("Rust prepared transition partner_lead.accept denied", "prepared transition denied", 20000),
    ("Rust prepared actions_many, 50 partner_lead leads × 6 actions (per page)", "prepared actions_many 50", 2000),
    ("Rust prepared can_edit_many, 50 leads (per page)", "prepared can_edit_many 50", 2000),
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
    ("C typed assign_many, per lead of 10k (pool of 50)", "assign_many 10k leads", 3),
]
# Units per call of a case whose call is not one decision.
PER_CALL = {"sweep numpy": 10_000, "assign_many": 10_000, "match_keys_many": 10_000, "sweep_columns 10k leads": 10_000, "config load 100k orgs": 100_000,
            "assign many 10k": 10_000, "hours sweep 10k": 10_000, "assign_many 10k leads": 10_000}
# The assignment paths need the tree's assignment fixture (trees before it have none).
ASSIGN_FIXTURE = Path("core") / "benches" / "common" / "assign.rs"
# The matching paths need the tree's matching fixture (trees before it have none).
MATCH_FIXTURE = Path("core") / "benches" / "common" / "matching.rs"
# The business-hours paths need the tree's hours fixture.
HOURS_FIXTURE = Path("core") / "benches" / "common" / "hours.rs"
# The prepared-facts paths need the tree's prepared fixture.
PREPARED_FIXTURE = Path("core") / "benches" / "common" / "prepared.rs"


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
        "actions text": (True, engine.actions, (partner, offer), {**accept, "now": early}),
        "actions aware": (True, engine.actions, (partner, aware_offer), {**accept, "now": aware_early}),
        "decide handover allowed": (True, engine.decide, (request,), {}),
        "decide handover denied": (False, engine.decide, ({**request, "to": "south"},), {}),
    }
    if case.startswith("prepared "):
        # Prepared facts: the records read once, the question asked of
        # them; `to` an org name the host keeps, `now` an aware datetime.
        actor, held = engine.actor(pro), engine.lead(lead)
        facts, prepared_offer = engine.actor(partner), engine.workflow_lead(aware_offer, workflow="partner_lead")
        page = [engine.workflow_lead({**aware_offer, "id": f"L{i}"}, workflow="partner_lead") for i in range(50)]
        prepared: dict[str, tuple[bool, Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = {
            "prepared can_handover allowed": (True, engine.can_handover, (actor, held, "hq"), {}),
            "prepared can_handover denied": (False, engine.can_handover, (actor, held, "south"), {}),
            "prepared transition allowed": (True, engine.transition, (facts, prepared_offer, "accept"),
                                            {"now": aware_early}),
            "prepared transition denied": (False, engine.transition, (facts, prepared_offer, "accept"),
                                           {"now": aware_late}),
            "prepared actions_many 50": (True, engine.actions_many, (facts, page), {"now": aware_early}),
        }
        if case == "prepared can_handover reasons":
            # A prepared decision builds its answer when first read: the
            # call and that first read, as a host's page would do both.
            def denied_reasons(actor: Any, lead: Any, to: str) -> Any:
                return engine.can_handover(actor, lead, to).reasons

            assert denied_reasons(actor, held, "south"), f"{case}: the denial has no reasons"
            return denied_reasons, (actor, held, "south"), {}
        expect, call, args, kwargs = prepared[case]
        answer = call(*args, **kwargs)
        allowed = answer.allowed(49, "accept") if case.endswith("actions_many 50") else bool(answer)
        assert allowed == expect, f"{case}: unexpected answer"
        return call, args, kwargs
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
    if case.startswith("sla"):
        return sla_case(case)
    if case.startswith("assign"):
        return assign_case(case)
    if case.startswith("match"):
        return match_case(case)
    expect, call, args, kwargs = cases[case]
    answer = call(*args, **kwargs)
    if isinstance(answer, list):  # actions: some allowed, some not
        allowed = any(a["allowed"] for a in answer) and not all(a["allowed"] for a in answer)
    else:
        allowed = answer["allowed"] if isinstance(answer, dict) else bool(answer)
    assert allowed == expect, f"{case}: unexpected answer"
    return call, args, kwargs


def sla_case(case: str) -> tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]:
    """The SLA clock of a split-shift Berlin calendar (core/benches/common/hours.rs's
    week, three holidays): start and now as a host has them, a `timedelta` target."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    import leadrules

    split = [["09:00", "12:30"], ["13:30", "18:00"]]
    engine = leadrules.Engine({"policy": {"calendars": {"office": {
        "time_zone": "Europe/Berlin", "hours": {day: split for day in ("mon", "tue", "wed", "thu", "fri")},
        "holidays": ["2026-01-01", "2026-04-03", "2026-12-25"]}}}})
    berlin = ZoneInfo("Europe/Berlin")
    zone = dt.timezone.utc if case == "sla utc" else berlin
    start = dt.datetime(2026, 12, 21, 10, tzinfo=berlin).astimezone(zone)
    now = dt.datetime(2026, 12, 21, 14, 30, tzinfo=berlin).astimezone(zone)
    args: tuple[Any, ...] = ("office", start, dt.timedelta(hours=4), now)
    if case == "sla zoneinfo pauses":
        args += ([(dt.datetime(2026, 12, 21, 11, tzinfo=berlin), dt.datetime(2026, 12, 21, 12, tzinfo=berlin)),
                  (dt.datetime(2026, 12, 21, 15, tzinfo=berlin), dt.datetime(2026, 12, 21, 16, tzinfo=berlin))],)
    sla = engine.sla(*args)
    assert not sla.breached and sla.elapsed > dt.timedelta(0), f"{case}: unexpected answer"
    return engine.sla, args, {}


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


def match_case(case: str) -> tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]:
    """bench/match.py's engine and leads (3 rules; 2 phones, an e-mail, a name and a company a lead)."""
    import leadrules

    sys.path.insert(0, str(ROOT / "bench"))
    from match import CANDIDATES, CONFIG, lead

    engine = leadrules.Engine(CONFIG)
    one = lead(7)
    if case == "match_keys":
        assert len(engine.match_keys(one)) == 4, "match_keys: unexpected answer"
        return engine.match_keys, (one,), {}
    if case == "match_keys_many":
        leads = [lead(i) for i in range(10_000)]
        assert all(len(keys) == 4 for keys in engine.match_keys_many(leads)), "match_keys_many: unexpected answer"
        return engine.match_keys_many, (leads,), {}
    candidates = [lead(i) for i in range(100, 100 + CANDIDATES - 1)] + [{**lead(8), "phone": one["phone"]}]
    found = engine.match(one, candidates)
    assert not found and len(found) == 1, f"{case}: unexpected answer"
    return engine.match, (one, candidates), {}


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
    matching = "driver_match.rs" if (tree / MATCH_FIXTURE).exists() else "driver_match_none.rs"
    hours = "driver_hours.rs" if (tree / HOURS_FIXTURE).exists() else "driver_hours_none.rs"
    prepared = "driver_prepared.rs" if (tree / PREPARED_FIXTURE).exists() else "driver_prepared_none.rs"
    (crate / "src" / "main.rs").write_text(
        f'#[allow(dead_code)]\n#[path = "{common}"]\nmod common;\n\n' + (HERE / "driver.rs").read_text()
        + (HERE / assign).read_text() + (HERE / matching).read_text() + (HERE / hours).read_text()
        + (HERE / prepared).read_text())
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
    count(args, Path(args.out) if args.out else RESULTS / f"instructions-{args.label}.json")
    return 0


def count(args: argparse.Namespace, path: Path) -> None:
    """Counts the paths `args` selects and writes them to `path` (a part,
    from --only or --match, is merged into the file's earlier counts)."""
    tree = Path(args.tree).resolve()
    target = Path(args.target).resolve() if args.target else tree / "target"
    python = args.python
    # The drivers of this tree are built in one place whatever the label, so
    # that `make bench-check` after `make bench-baseline` reuses the build.
    work = ROOT / "build" / "instructions" / ("this-tree" if tree == ROOT else args.label)
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
        has_match = (tree / MATCH_FIXTURE).exists()
        has_hours = (tree / HOURS_FIXTURE).exists()
        has_prepared = (tree / PREPARED_FIXTURE).exists()
        cases = [c for c in RUST_CASES if (has_assign or not c[1].startswith("assign "))
                 and (has_match or not c[1].startswith("match "))
                 and (has_hours or not c[1].startswith("hours "))
                 and (has_prepared or not c[1].startswith("prepared "))]
        measure([str(build_rust(tree, work))], cases)
    if "c" in only:
        driver = work / "driver_c"
        build_c(tree, target, driver)
        # A tree before the typed assignment calls has no batch to count.
        header = (tree / "include" / "leadrules.h").read_text()
        measure([str(driver)], [c for c in C_CASES if "LEADRULES_NO_CAPACITY" in header or "assign" not in c[1]])
    version = subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                             capture_output=True, text=True, check=True).stdout.strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = args.only or args.match
    old = json.loads(path.read_text())["paths"] if path.exists() and partial else {}
    path.write_text(json.dumps({
        "label": args.label,
        "tree": str(tree),
        "commit": tree_commit(tree),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
        "python": version,
        "machine": platform.machine(),
        "valgrind": subprocess.run(["valgrind", "--version"], capture_output=True, text=True).stdout.strip(),
        "method": "callgrind, (instructions of N calls - of 0 calls) / N, in fresh processes",
        "paths": {**old, **results},
    }, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}", file=sys.stderr)


def tree_commit(tree: Path) -> str:
    """The tree's short commit, marked `+changes` when its measured code
    (core/, ffi/, python/) differs from it; "unknown" outside git."""
    try:
        head = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(tree), "status", "--porcelain", "--", "core", "ffi", "python"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


# -- Comparing ----------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One path of two results: its counts (None where a side has none)
    and the verdict against the limit."""

    name: str
    base: float | None
    head: float | None
    verdict: str  # "ok", "grown", "shrunk", "new" (no base), "missing" (no head), "no base" (base <= 0)

    @property
    def ratio(self) -> float | None:
        """head / base, where both are counted and base is positive."""
        return self.head / self.base if self.base and self.base > 0 and self.head is not None else None


def compare(base: dict[str, float], head: dict[str, float], limit_percent: float) -> list[Row]:
    """Every path of `base` then every path only in `head`, each judged:
    `grown` when head exceeds base by more than `limit_percent` percent
    (exactly the limit is still ok), `shrunk` when it is below base by more
    than the limit (the baseline is due for a refresh), `ok` between."""
    rows = []
    factor = limit_percent / 100
    for name in [*base, *(k for k in head if k not in base)]:
        b, h = base.get(name), head.get(name)
        if b is None:
            verdict = "new"
        elif h is None:
            verdict = "missing"
        elif b <= 0:
            verdict = "no base"
        elif h > b * (1 + factor):
            verdict = "grown"
        elif h < b * (1 - factor):
            verdict = "shrunk"
        else:
            verdict = "ok"
        rows.append(Row(name, b, h, verdict))
    return rows


def markdown(rows: list[Row], base: str, head: str, verdicts: bool = False) -> list[str]:
    """The rows as a Markdown table, with a verdict column if asked."""
    def cell(v: float | None) -> str:
        return "–" if v is None else (f"{v:,.0f}" if v >= 100 else f"{v:.1f}")

    extra = (" |", " ---: |") if not verdicts else (" | verdict |", " ---: | --- |")
    lines = [f"| path (instructions per call) | {base} | {head} | {head} / {base}{extra[0]}",
             f"| --- | ---: | ---: |{extra[1]}"]
    for r in rows:
        ratio = "–" if r.ratio is None else f"{r.ratio:.2f}"
        lines.append(f"| {r.name} | {cell(r.base)} | {cell(r.head)} | {ratio} |"
                     + (f" {r.verdict} |" if verdicts else ""))
    return lines


def table(args: argparse.Namespace) -> int:
    base, head = (json.loads((RESULTS / f"instructions-{label}.json").read_text())["paths"]
                  for label in (args.base, args.head))
    rows = compare(base, head, args.fail_above if args.fail_above is not None else LIMIT_PERCENT)
    print("\n".join(markdown(rows, args.base, args.head)))
    grown = [r.name for r in rows if r.verdict == "grown"]
    if args.fail_above is not None and grown:
        print(f"\nmore than {args.fail_above} % above {args.base}: {', '.join(grown)}", file=sys.stderr)
        return 1
    return 0


def check(args: argparse.Namespace) -> int:
    """The regression guard: count the tree, compare with the baseline."""
    if shutil.which("valgrind") is None:
        print("bench-check skipped: valgrind is not installed (it counts the instructions; "
              "e.g. `apt-get install valgrind`)", file=sys.stderr)
        return 0
    baseline = Path(args.baseline)
    if not baseline.exists():
        print(f"bench-check: no baseline at {baseline}; `make bench-baseline` counts one "
              "(and commit it)", file=sys.stderr)
        return 1
    CHECK_OUT.unlink(missing_ok=True)  # a narrowed run must not judge an older run's counts
    count(args, CHECK_OUT)
    base = json.loads(baseline.read_text())["paths"]
    head = json.loads(CHECK_OUT.read_text())["paths"]
    rows = compare(base, head, args.limit)
    partial = bool(args.only or args.match)
    shown = [r for r in rows if not (partial and r.verdict == "missing")]
    print("\n".join(markdown(shown, "baseline", "this tree", verdicts=True)))
    print(verdict_lines(rows, args.limit, partial=partial))
    return 1 if any(r.verdict == "grown" for r in rows) else 0


def verdict_lines(rows: list[Row], limit_percent: float, partial: bool) -> str:
    """What the check concludes, in words."""
    def named(verdict: str) -> str:
        return ", ".join(r.name for r in rows if r.verdict == verdict)

    lines = []
    if named("grown"):
        lines.append(f"FAILED: more than {limit_percent:g} % above the baseline: {named('grown')}")
    else:
        lines.append(f"ok: no path grew more than {limit_percent:g} % over the baseline")
    if named("shrunk"):
        lines.append(f"more than {limit_percent:g} % below the baseline (refresh it on purpose with "
                     f"`make bench-baseline`): {named('shrunk')}")
    if named("missing") and not partial:
        lines.append(f"in the baseline but not counted here: {named('missing')}")
    if named("new"):
        lines.append(f"counted here but not in the baseline (not checked): {named('new')}")
    return "\n".join(lines)


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--python-case":
        python_driver(sys.argv[2], int(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="count one build's paths")
    p.add_argument("--label", required=True, help="names the results file")
    p.add_argument("--out", help="the results file (default: bench/results/instructions-LABEL.json)")
    p.set_defaults(func=run)
    t = sub.add_parser("table", help="a Markdown table of two labels")
    t.add_argument("base")
    t.add_argument("head")
    t.add_argument("--fail-above", type=float, help="exit 1 when a path grows more than this percent")
    t.set_defaults(func=table)
    c = sub.add_parser("check", help="the regression guard: this tree against the baseline")
    c.add_argument("--baseline", default=str(BASELINE), help="the counts to hold to (default: %(default)s)")
    c.add_argument("--limit", type=float, default=LIMIT_PERCENT, help="percent a path may grow (default 10)")
    c.set_defaults(func=check, label="check", out=None)
    for q in (p, c):
        q.add_argument("--tree", default=str(ROOT), help="the source tree (default: this one)")
        q.add_argument("--python", default=sys.executable, help="an interpreter with the tree's leadrules")
        q.add_argument("--target", help="the tree's cargo target directory (default: TREE/target)")
        q.add_argument("--build", action="store_true", help="build the static library and the wheel first")
        q.add_argument("--only", help="python,rust,c (default: all); a part is merged into the results file")
        q.add_argument("--match", help="only the paths whose name holds this text")
    args = parser.parse_args()
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
