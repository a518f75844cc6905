"""The business-time part of `make bench-peers`: leadrules and the Python
business-time packages a team would reach for (businesstimedelta,
business-duration), asked the same seeded random questions ("add open time
to an instant", "open time between two instants") over the calendars of
business_questions.py, each answer checked against the brute-force clock
(brute_clock.py, itself checked against leadrules by
tests/python/test_brute_clock.py).

Prints, per engine and question kind, how often it is wrong in each
category (DST days, split shifts, holidays, other), what it cannot express
at all (never counted wrong), one concrete wrong question per category,
and its median time per question beside leadrules' on the same questions.
Writes everything to bench/results/peers-business-time-LABEL.json, and the
timings, with each peer's time as a multiple of leadrules' on the same
questions, to bench/results/peers-business-time.json (bench/results_file.py's
schema, read by bench/targets.py).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Callable, Dict, List, Optional

import business_questions
import clocks
import machine
import timing
from business_questions import CATEGORIES, CalendarCase, Question
from clocks.built import Args, Built, Way

ROOT = pathlib.Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
KINDS = ("add", "between")
PACKAGES = ["leadrules", "businesstimedelta", "business-duration", "holidays", "pytz", "pandas"]


@dataclass
class Tally:
    """One engine, one question kind, one category."""

    asked: int = 0
    wrong: int = 0
    cannot: int = 0
    example: Optional[Dict[str, str]] = None  # the wrong answer nearest the right one
    rank: tuple[bool, float] = (True, float("inf"))  # the example's: not caused by DST, seconds off
    right_in_utc: int = 0  # wrong answers on DST days whose UTC twin is right


@dataclass
class Result:
    """One engine on one question kind."""

    engine: str
    kind: str
    tallies: Dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in CATEGORIES})
    cannot_reasons: Dict[str, str] = field(default_factory=dict)  # calendar name → why
    by_calendar: Dict[str, List[int]] = field(default_factory=dict)  # name → [asked, wrong]
    answerable: List[int] = field(default_factory=list)  # indexes into the questions
    median_us: Optional[float] = None
    reference_us: Optional[float] = None
    overhead_us: Optional[float] = None  # the timed loop's own cost per question


@dataclass
class Timed:
    """What timing.medians_per_call times: one callable over its inputs."""

    call: Callable[..., Any]
    inputs: List[Args]


def invoke(call: Callable[..., Any], args: tuple[Any, ...], kwargs: Dict[str, Any]) -> Any:
    """One question's call (the timed loop goes through this for every
    engine alike: each calendar has its own callable)."""
    return call(*args, **kwargs)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--count", type=int, default=100, help="questions of each kind per calendar (default 100)")
    p.add_argument("--seed", type=int, default=18, help="the questions' seed (default 18)")
    p.add_argument("--repeats", type=int, default=5, help="timed repeats per engine (default 5)")
    p.add_argument("--min-time", type=float, default=0.2, help="least seconds per repeat (default 0.2)")
    p.add_argument("--no-timing", action="store_true", help="only the correctness pass")
    p.add_argument("--label", default=None, help="results file label (default: the commit)")
    return p.parse_args()


def build_all(module: ModuleType, cases: List[CalendarCase]) -> Dict[str, Optional[Built]]:
    """The engine on every calendar; one that fails to build is None (with
    its traceback printed)."""
    out: Dict[str, Optional[Built]] = {}
    for case in cases:
        try:
            out[case.name] = module.build(case)
        except Exception:
            print(f"!! {module.ENGINE}: could not build {case.name}:")
            traceback.print_exc(file=sys.stdout)
            out[case.name] = None
    return out


def answer(way: Way, q: Question) -> tuple[Optional[int], str]:
    """An engine's answer in seconds (None when it raised) and as shown."""
    args, kwargs = way.arguments(q)
    try:
        got = way.read(way.call(*args, **kwargs))
        return got, q.show(got)
    except Exception as err:  # a wrong answer of its own kind
        return None, f"raised {type(err).__name__}: {err}"


def right_in_utc(module: ModuleType, q: Question) -> bool:
    """Whether the engine answers the question's UTC twin right (same
    calendar and wall times, no DST change)."""
    twin = business_questions.utc_twin(q)
    way = module.build(twin.calendar).way(q.kind)
    return way is not None and answer(way, twin)[0] == twin.expected


def ask(module: ModuleType, kind: str, built: Dict[str, Optional[Built]], questions: List[Question]) -> Result:
    """The correctness pass of one engine on one kind of question."""
    result = Result(module.ENGINE, kind)
    for index, q in enumerate(questions):
        if q.kind != kind:
            continue
        tally = result.tallies[q.category]
        engine_here = built[q.calendar.name]
        way = engine_here.way(kind) if engine_here else None
        if way is None:
            tally.cannot += 1
            result.cannot_reasons[q.calendar.name] = (
                engine_here.cannot.get(kind, "?") if engine_here else "could not be built")
            continue
        got, shown = answer(way, q)
        tally.asked += 1
        counts = result.by_calendar.setdefault(q.calendar.name, [0, 0])
        counts[0] += 1
        result.answerable.append(index)
        if got != q.expected:
            tally.wrong += 1
            counts[1] += 1
            # On DST days an example the DST change caused comes first.
            caused = q.category == "DST days" and right_in_utc(module, q)
            tally.right_in_utc += caused
            rank = (not caused, abs(got - q.expected) if got is not None else float("inf"))
            if tally.example is None or rank < tally.rank:
                tally.example = {"question": q.describe(), "expected": q.show(q.expected), "got": shown}
                tally.rank = rank
    return result


def timed_entry(built: Dict[str, Optional[Built]], kind: str, questions: List[Question],
                indexes: List[int]) -> Timed:
    """One engine's calls for the questions at `indexes`, inputs built now."""
    inputs: List[Args] = []
    for i in indexes:
        q = questions[i]
        way = built[q.calendar.name].way(kind)  # type: ignore[union-attr]
        args, kwargs = way.arguments(q)  # type: ignore[union-attr]
        inputs.append(((way.call, args, kwargs), {}))  # type: ignore[union-attr]
    return Timed(invoke, inputs)


def cell(t: Tally, category: str) -> str:
    """"wrong/asked" (flagged when any is wrong; on DST days, how many of
    those the engine answers right on the UTC twin), "cannot express", or "—"."""
    parts = []
    if t.asked:
        text = f"{t.wrong}/{t.asked}"
        if t.wrong:
            text += " **!**"
            if category == "DST days":
                text += f" ({t.right_in_utc} right in UTC)"
        parts.append(text)
    if t.cannot:
        parts.append("cannot express" if not t.asked else f"{t.cannot} cannot express")
    return "; ".join(parts) or "—"


def table(results: List[Result]) -> List[str]:
    """The Markdown table: wrong answers per category, speed."""
    lines = ["| engine | question | " + " | ".join(CATEGORIES) + " | µs per question | leadrules µs, same questions |",
             "| --- | --- | " + " | ".join("---:" for _ in CATEGORIES) + " | ---: | ---: |"]
    for r in results:
        speed = f"{r.median_us:.1f}" if r.median_us is not None else "—"
        ref = f"{r.reference_us:.1f}" if r.reference_us is not None else "—"
        lines.append(f"| {r.engine} | {r.kind} | " + " | ".join(cell(r.tallies[c], c) for c in CATEGORIES)
                     + f" | {speed} | {ref} |")
    return lines


def by_calendar(results: List[Result], cases: List[CalendarCase]) -> List[str]:
    """Wrong answers per calendar (rows) and engine and kind (columns)."""
    shown = [r for r in results if r.by_calendar or r.cannot_reasons]
    lines = ["| calendar | " + " | ".join(f"{r.engine}, {r.kind}" for r in shown) + " |",
             "| --- | " + " | ".join("---:" for _ in shown) + " |"]
    for case in cases:
        cells = []
        for r in shown:
            if case.name in r.by_calendar:
                asked, wrong = r.by_calendar[case.name]
                cells.append(f"{wrong}/{asked}" + (" **!**" if wrong else ""))
            else:
                cells.append("cannot express" if case.name in r.cannot_reasons else "—")
        lines.append(f"| {case.name} | " + " | ".join(cells) + " |")
    return lines


def examples(results: List[Result]) -> List[str]:
    """One wrong question per engine, kind and category: the one whose
    answer is nearest the right one (the subtlest; on DST days one that
    the change caused, if any), or one that raised."""
    lines = []
    for r in results:
        for category, t in r.tallies.items():
            if t.example:
                e = t.example
                lines.append(f"- {r.engine}, {r.kind}, {category}: {e['question']}: "
                             f"expected {e['expected']}, got {e['got']}")
    return lines


def cannot(results: List[Result]) -> List[str]:
    """What each engine cannot express, with the reason, once per reason."""
    lines = []
    for r in results:
        reasons: Dict[str, List[str]] = {}
        for name, why in r.cannot_reasons.items():
            reasons.setdefault(why, []).append(name)
        for why, names in reasons.items():
            lines.append(f"- {r.engine}, {r.kind}: {why} ({', '.join(sorted(names))})")
    return lines


def label() -> str:
    """The commit leadrules was built from (short), or "head"."""
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip() or "head"
    except (OSError, subprocess.CalledProcessError):
        return "head"


def main() -> int:
    args = parse_args()
    print("\n## business time: leadrules against the business-time packages\n")
    print("\n".join(machine.describe(PACKAGES)))
    modules, missing = clocks.load()
    for line in missing:
        print(f"!! {line} — skipped")
    if not modules or modules[0].ENGINE != "leadrules":
        print("!! leadrules is not importable: nothing to time the peers against")
        return 1
    try:
        import holidays  # noqa: F401  (fills the holiday calendars)
        with_holidays = True
    except ImportError:
        print("!! the holidays package is missing: the holiday calendars are left out")
        with_holidays = False
    questions = business_questions.questions(args.count, args.seed, with_holidays)
    cases = business_questions.calendar_cases(with_holidays)
    print(f"\n{len(questions)} questions ({args.count} of each kind on each of {len(cases)} calendars), "
          f"seed {args.seed}, checked against the brute-force clock\n")
    built = {m.ENGINE: build_all(m, cases) for m in modules}
    results = [ask(m, kind, built[m.ENGINE], questions) for m in modules for kind in KINDS]
    if not args.no_timing:
        for r in results:
            if not r.answerable:
                continue
            mine = timed_entry(built[r.engine], r.kind, questions, r.answerable)
            reference = timed_entry(built["leadrules"], r.kind, questions, r.answerable)
            # Last, a no-op over leadrules' arguments: the loop's own cost.
            noop = Timed(invoke, [((timing.noop, a, k), {}) for (_, a, k), _ in reference.inputs])
            entries = [mine, noop] if r.engine == "leadrules" else [mine, reference, noop]
            print(f"timing {r.engine}, {r.kind} ({len(r.answerable)} questions) ...", flush=True)
            *seconds, overhead = timing.medians_per_call(entries, args.repeats, args.min_time)  # type: ignore[arg-type]
            r.median_us = seconds[0] * 1e6
            r.reference_us = seconds[-1] * 1e6
            r.overhead_us = overhead * 1e6
    print()
    print("\n".join(table(results)))
    print("\nwrong answers by calendar:\n")
    print("\n".join(by_calendar(results, cases)))
    print("\nnot expressible (not counted wrong):")
    print("\n".join(cannot(results)) or "- nothing")
    print("\none wrong question per category:")
    print("\n".join(examples(results)) or "- none: every engine answered every question right")
    print()
    overheads = [r.overhead_us for r in results if r.overhead_us is not None]
    if overheads:
        print(f"(the timed loop's own cost, a no-op over leadrules' arguments: {min(overheads):.2f}–"
              f"{max(overheads):.2f} µs per question, included in every figure)")
    for r in results:
        if r.engine != "leadrules" and r.median_us and r.reference_us:
            print(f"- {r.engine}, {r.kind}: {r.median_us / r.reference_us:.1f}× leadrules' time "
                  f"({r.median_us:.1f} µs vs {r.reference_us:.1f} µs per question)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"peers-business-time-{args.label or label()}.json"
    out.write_text(json.dumps({
        "machine": machine.describe(PACKAGES),
        "missing": missing,
        "questions": len(questions),
        "count": args.count,
        "seed": args.seed,
        "calendars": [c.name for c in cases],
        "results": [{
            "engine": r.engine, "kind": r.kind,
            "categories": {c: {"asked": t.asked, "wrong": t.wrong, "cannot_express": t.cannot,
                               "wrong_but_right_in_utc": t.right_in_utc if c == "DST days" else None,
                               "example": t.example} for c, t in r.tallies.items()},
            "cannot_express": r.cannot_reasons,
            "by_calendar": {name: {"asked": a, "wrong": w} for name, (a, w) in r.by_calendar.items()},
            "median_us": r.median_us, "leadrules_median_us_same_questions": r.reference_us,
            "loop_overhead_us": r.overhead_us,
        } for r in results],
    }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nresults: {out.relative_to(ROOT)}")
    record(results)
    return 0


def record(results: List["Result"]) -> None:
    """The timed rows in bench/results_file.py's schema: per engine and
    question kind, its median and leadrules' on the same questions (the
    `ratio` of the two is what the business-time target reads), with its
    count of wrong answers."""
    sys.path.insert(0, str(ROOT / "bench"))
    import results_file

    rows: List[Dict[str, Any]] = []
    for r in results:
        if r.median_us is None or r.reference_us is None:
            continue
        rows.append({
            "name": r.engine, "series": r.kind, "kind": "leadrules" if r.engine == "leadrules" else "peer",
            "median_ns": round(r.median_us * 1e3, 1), "leadrules_median_ns": round(r.reference_us * 1e3, 1),
            "ratio": round(r.median_us / r.reference_us, 2) if r.reference_us else None,
            "asked": sum(t.asked for t in r.tallies.values()),
            "wrong": sum(t.wrong for t in r.tallies.values()),
        })
    results_file.write("peers-business-time", rows, method="median per question over the questions each "
                       "engine can express, leadrules timed on the same questions in the same rounds "
                       "(bench/peers/timing.py)")


if __name__ == "__main__":
    sys.exit(main())
