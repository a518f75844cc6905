"""timeit-style timing: a warm-up pass, then several repeats of N calls
cycling through the truth table's inputs (N a whole number of passes, so
every case weighs the same), with the garbage collector off during a repeat
as timeit does. The figure kept is the median per call.

The engines of one rule are timed round-robin (repeat 1 of every engine,
then repeat 2, ...), so that a load change on the machine during the run
spreads over all of them instead of skewing the ratios."""

from __future__ import annotations

import gc
import math
import statistics
import time
from typing import Any, Callable

from prepared import Args, Prepared


def run_calls(call: Callable[..., Any], items: list[Args]) -> float:
    """Seconds to make every call of ``items`` once, GC off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        for args, kwargs in items:
            call(*args, **kwargs)
        return time.perf_counter() - start
    finally:
        if enabled:
            gc.enable()


def calibrate(prepared: Prepared, min_time: float) -> list[Args]:
    """Warms the engine up with one pass, then returns the calls of one
    repeat: as many whole passes as last ``min_time`` seconds (at least one)."""
    run_calls(prepared.call, prepared.inputs)
    one_pass = run_calls(prepared.call, prepared.inputs)
    return prepared.inputs * max(1, math.ceil(min_time / max(one_pass, 1e-9)))


def medians_per_call(entries: list[Prepared], repeats: int, min_time: float) -> list[float]:
    """The median seconds per call of each entry, over ``repeats`` rounds."""
    plans = [calibrate(entry, min_time) for entry in entries]
    times: list[list[float]] = [[] for _ in entries]
    for _ in range(repeats):
        for entry, items, spent in zip(entries, plans, times):
            spent.append(run_calls(entry.call, items) / len(items))
    return [statistics.median(spent) for spent in times]


def noop(*args: Any, **kwargs: Any) -> None:
    """Does nothing: its timing is the loop and call overhead of an
    argument shape."""
    return None
