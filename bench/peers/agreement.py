"""The correctness pass: every engine answers every case of the truth table
once, and each answer is compared with leadrules' (allow or deny)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Union

from prepared import Prepared

Answer = Union[bool, str]  # a bool, or the text of the exception raised


@dataclass
class Agreement:
    """How one engine fared against the reference."""

    name: str
    agree: int
    total: int
    disagreements: list[str] = field(default_factory=list)
    errors: int = 0  # cases where the engine raised


def answers(prepared: Prepared) -> tuple[list[Answer], list[Any]]:
    """Every case answered once: allow/deny (or the error), and the raw
    results (for the reference's reasons)."""
    out: list[Answer] = []
    raw: list[Any] = []
    for args, kwargs in prepared.inputs:
        try:
            result = prepared.call(*args, **kwargs)
            raw.append(result)
            out.append(prepared.allowed(result))
        except Exception as err:  # a broken encoding is reported, not fatal
            raw.append(None)
            out.append(f"error: {type(err).__name__}: {err}")
    return out, raw


def describe(answer: Answer) -> str:
    """allow / deny / the error text."""
    if isinstance(answer, bool):
        return "allow" if answer else "deny"
    return answer


def compare(name: str, reference: list[Answer], reasons: list[str], mine: list[Answer],
            labels: list[str]) -> Agreement:
    """Counts the cases where ``mine`` equals the reference and describes
    every other one (case label, both answers, the reference's reasons)."""
    result = Agreement(name, 0, len(reference))
    for label, ref, got, why in zip(labels, reference, mine, reasons):
        result.errors += not isinstance(got, bool)
        if ref == got:
            result.agree += 1
        else:
            result.disagreements.append(
                f"{label}: leadrules {describe(ref)}{f' ({why})' if why else ''}, {name} {describe(got)}")
    return result


def reference_reasons(raw: list[Any]) -> list[str]:
    """leadrules' denial codes per case, comma-separated ("" when allowed)."""
    return [", ".join(r.codes) if r is not None and not r.allowed else "" for r in raw]


def compare_reasons(name: str, ref_raw: list[Any], raw: list[Any], reasons: Callable[[Any], set[str]],
                    labels: list[str]) -> Agreement:
    """For an engine that explains its denials: on every case both deny,
    are its reasons exactly leadrules' codes (as a set)?"""
    result = Agreement(f"{name}, reasons", 0, 0)
    for label, ref, got in zip(labels, ref_raw, raw):
        if ref is None or got is None or ref.allowed:
            continue
        mine = reasons(got)
        if not mine:  # an allow (the allow/deny pass reports it)
            continue
        result.total += 1
        if mine == set(ref.codes):
            result.agree += 1
        else:
            result.disagreements.append(
                f"{label}: leadrules {sorted(ref.codes)}, {name} {sorted(mine)}")
    return result
