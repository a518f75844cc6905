"""The peer comparison (`make bench-peers`): leadrules against zen-engine,
Google CEL (common-expression-language), rule-engine, cedarpy, casbin,
transitions, python-statemachine and a hand-written if/else, on the handover
rule and the partner_lead transition rule, then on a partner portal page
(50 leads × 6 actions: which buttons to draw, portal.py).

First every engine answers every case of a shared truth table and is
checked against leadrules (allow/deny); every disagreement is printed.
Then every engine is timed in this same run (median per decision) and the
ratios are printed. Engines whose package is missing are named and skipped.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from types import ModuleType
from typing import Any, Callable

import agreement
import engines
import machine
import portal
import report
import timing
import truth_table
from prepared import Prepared


def parse_args() -> argparse.Namespace:
    """--repeats and --min-time tune the timing; --no-timing stops after
    the correctness pass."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeats", type=int, default=7, help="timed repeats per engine (default 7)")
    p.add_argument("--min-time", type=float, default=0.2, help="least seconds per repeat (default 0.2)")
    p.add_argument("--no-timing", action="store_true", help="only the correctness pass")
    return p.parse_args()


def prepare(modules: list[ModuleType], rule: str, cases: list[Any]) -> list[Prepared]:
    """Every engine's entries for one rule; an engine that fails to build
    is reported with its traceback and left out."""
    out: list[Prepared] = []
    for module in modules:
        build: Callable[[list[Any]], list[Prepared]] = getattr(module, rule)
        try:
            out.extend(build(cases))
        except Exception:
            print(f"!! {module.ENGINE}: could not build the {rule} rule, left out:")
            traceback.print_exc(file=sys.stdout)
    return out


def check(entries: list[Prepared], labels: list[str]) -> dict[str, agreement.Agreement]:
    """The correctness pass for one rule, against the first entry
    (leadrules); prints every disagreement, and for engines that explain
    their denials, whether the reasons match leadrules' codes."""
    ref_answers, ref_raw = agreement.answers(entries[0])
    codes = agreement.reference_reasons(ref_raw)
    print(f"  (leadrules allows {sum(a is True for a in ref_answers)} of the {len(ref_answers)} cases)")
    results = {}
    for entry in entries:
        mine, raw = (ref_answers, ref_raw) if entry is entries[0] else agreement.answers(entry)
        found = [agreement.compare(entry.name, ref_answers, codes, mine, labels)]
        if entry.reasons is not None:
            found.append(agreement.compare_reasons(entry.name, ref_raw, raw, entry.reasons, labels))
        results[entry.name] = found[0]
        for result in found:
            what = "agree" if result is found[0] else "denials give the same reasons"
            print(f"  {result.name:55s} {result.agree:4d}/{result.total} {what}")
            for line in result.disagreements:
                print(f"      DISAGREES: {line}")
    return results


def measure(rule: str, entries: list[Prepared], checks: dict[str, agreement.Agreement],
            args: argparse.Namespace) -> list[str]:
    """Times every entry of one rule that answered every case without an
    error (with a no-op function over leadrules' argument shape last),
    prints the table, returns the headline lines."""
    timed = [e for e in entries if checks[e.name].errors == 0]
    for entry in entries:
        if entry not in timed:
            print(f"!! {entry.name}: not timed, it raised errors in the correctness pass")
    noop = Prepared("no-op", "", timing.noop, entries[0].inputs, bool)
    print(f"\ntiming {len(timed)} engines, {args.repeats} rounds ...", flush=True)
    *seconds, overhead = timing.medians_per_call(timed + [noop], args.repeats, args.min_time)
    rows = [report.Row(e.name, e.engine, checks[e.name], s) for e, s in zip(timed, seconds)]
    print()
    print("\n".join(report.table(rows, seconds[0], overhead)))
    print()
    return report.headline(rule, rows, seconds[0])


def page_answers(page: portal.Page, size: int) -> tuple[list[agreement.Answer], Any]:
    """One page answered once: its booleans (or the error, for every
    question) and its raw result."""
    try:
        raw = page.prepared.call()
        return list(page.booleans(raw)), raw
    except Exception as err:  # a broken encoding is reported, not fatal
        return [f"error: {type(err).__name__}: {err}"] * size, None


def page(modules: list[ModuleType], args: argparse.Namespace) -> list[str]:
    """The partner portal page: every engine's transition encoding asked
    the page's 300 questions, and leadrules' list answers; checked against
    leadrules' single questions, then timed round-robin per page."""
    leads = portal.page_leads()
    cases = portal.page_cases(leads)
    labels = [c.label for c in cases]
    print(f"\n## the partner portal page: {len(leads)} leads × {len(truth_table.ACTIONS)} actions "
          f"for one partner user, {len(cases)} answers\n")
    singles = prepare(modules, "transition", cases)
    if not singles or singles[0].engine != "leadrules":
        print("!! leadrules could not build the page: nothing to compare against")
        return []
    pages = [portal.per_question(e) for e in singles if e.engine == "leadrules"]
    for module in modules:  # whole-page answers: the modules that have a way of their own
        if hasattr(module, "page"):
            try:
                pages += module.page(leads)
            except Exception:
                print(f"!! {module.ENGINE}: could not build its page, left out:")
                traceback.print_exc(file=sys.stdout)
    pages += [portal.per_question(e) for e in singles if e.engine != "leadrules"]
    print("correctness (every answer of the page against leadrules' single questions):")
    reference, raw = page_answers(pages[0], len(cases))
    codes = agreement.reference_reasons(raw or [None] * len(cases))
    print(f"  (leadrules allows {sum(a is True for a in reference)} of the {len(reference)} answers)")
    checks: dict[str, agreement.Agreement] = {}
    for entry in pages:
        mine = reference if entry is pages[0] else page_answers(entry, len(cases))[0]
        result = agreement.compare(entry.prepared.name, reference, codes, mine, labels)
        checks[entry.prepared.name] = result
        print(f"  {result.name:55s} {result.agree:4d}/{result.total} agree")
        for line in result.disagreements[:10]:
            print(f"      DISAGREES: {line}")
    if args.no_timing:
        return []
    timed = [p.prepared for p in pages if checks[p.prepared.name].errors == 0]
    print(f"\ntiming {len(timed)} ways to answer the page, {args.repeats} rounds ...", flush=True)
    seconds = timing.medians_per_call(timed, args.repeats, args.min_time)
    rows = [report.Row(e.name, e.engine, checks[e.name], s) for e, s in zip(timed, seconds)]
    print()
    print("\n".join(report.page_table(rows)))
    print()
    starts = {p.prepared.name for p in pages if p.from_records}
    return report.page_headline(rows, starts)


def main() -> int:
    """Machine info, then each rule: agreement, timing, table; then the
    headline ratios. Exits 1 if leadrules itself is missing."""
    args = parse_args()
    print("leadrules peer comparison")
    print("\n".join(machine.describe()))
    modules, missing = engines.load()
    for line in missing:
        print(f"!! {line} — skipped")
    if not modules or modules[0].ENGINE != "leadrules":
        print("!! leadrules is not importable: nothing to compare against")
        return 1
    rules: list[tuple[str, str, list[Any]]] = [
        ("handover", "handover rule (docs/rules.md)", truth_table.handover_cases()),
        ("transition", "partner_lead transition rule (docs/rules.md)", truth_table.transition_cases()),
    ]
    headlines: list[str] = []
    disagreeing: list[str] = []
    for rule, title, cases in rules:
        print(f"\n## {title}: {len(cases)} cases\n")
        entries = prepare(modules, rule, cases)
        if not entries or entries[0].engine != "leadrules":
            print("!! leadrules could not build this rule: nothing to compare against")
            continue
        print("correctness (allow/deny against leadrules):")
        checks = check(entries, [c.label for c in cases])
        disagreeing += [f"{name} on {rule}" for name, a in checks.items() if a.agree != a.total]
        if not args.no_timing:
            headlines += measure(rule, entries, checks, args)
    headlines += page(modules, args)
    print("## headline\n")
    for line in missing:
        print(f"- not compared: {line}")
    verdict = ", ".join(disagreeing) if disagreeing else "none, every engine agrees on every case"
    print(f"- disagreements with leadrules: {verdict}")
    print("\n".join(f"- {line}" for line in headlines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
