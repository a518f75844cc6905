"""Sweeping a lead table too large for one process, with Dask.

The table is a dask DataFrame cut into partitions; each partition is a
pandas DataFrame on some worker process. One ``leadrules.Engine`` is
shipped to every worker once, each task sweeps its partition's NumPy
columns with ``engine.sweep_columns``, and the client combines the
answers: the due lead ids (partition after partition, so in table order)
and the earliest deadline still to come (the minimum over partitions).

The answer is checked against one ``sweep_columns`` over the whole table in
this process: same due ids in the same order, same next deadline.

Run (``make example-distributed`` builds the environment and does this)::

    cd examples/python/distributed
    ../../../.venv-distributed/bin/python dask_sweep.py --leads 2000000 --workers 2

Nothing here is specific to one machine: a real deployment would connect
``Client(address)`` to its cluster instead of starting the ``LocalCluster``
below, and read its table (from Parquet, say) instead of generating it;
the sweep takes stage and template names as categoricals or strings and
times as datetime columns, naive UTC or tz-aware.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import platform
import statistics
import sys
import time
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Sequence, TypeVar

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.distributed import Client, Future, LocalCluster, wait

import leadrules

WORKFLOW = "partner_lead"

#: The sweep's clock: 2026-11-27T09:00:00Z in Unix seconds.
NOW = 1_795_770_000

#: The engine config: three expiry programs, one per kind of deadline
#: arithmetic (plain UTC days, a zoned end of day, business days).
CONFIG: Dict[str, Any] = {
    "policy": {
        "templates": {
            "default": {"pending": "P7D", "accepted": "P30D"},
            "emea": {"pending": "P5D", "time_zone": "Europe/Berlin", "end_of_day": True},
            "us_office": {
                "pending": "P3D",
                "time_zone": "America/New_York",
                "business_days": {
                    "weekdays": ["mon", "tue", "wed", "thu", "fri"],
                    "holidays": ["2026-11-26", "2026-12-25"],
                },
            },
        }
    }
}

#: The categories of the ``stage`` and ``template`` columns.
STAGES = ("pending", "accepted", "declined", "expired", "closed_converted", "closed_not_converted")
TEMPLATES = ("default", "emea", "us_office")

#: A table's lead ids are this plus the row number.
FIRST_ID = 100_000_000

DAY = 86_400
NO_TIME = np.iinfo(np.int64).min  # NaT viewed as int64: leadrules' absent marker


# --- The lead table ---------------------------------------------------------


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a well-spread uint64 from each uint64
    (wrapping arithmetic, as NumPy does for arrays)."""
    x = x + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _times(seconds: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Unix seconds as ``datetime64[s]``, NaT where not ``present``."""
    return np.where(present, seconds, NO_TIME).astype(np.int64).view("datetime64[s]")


def lead_rows(start: int, stop: int) -> pd.DataFrame:
    """Rows ``start`` up to ``stop`` of the lead table.

    Every value is a function of its row number alone, so the table is the
    same however it is partitioned: ``lead_rows(0, n)`` is the whole table
    and any cut of ``range(n)`` gives its pieces. Half the leads are
    pending, a quarter accepted, the rest in stages that run no deadline;
    created within the 40 days before :data:`NOW`; a fifth of the pending
    ones carry a host-set ``expires_at``; some closed ones have no
    ``created_at`` at all (NaT).
    """
    rows = np.arange(start, stop, dtype=np.uint64)
    h = _mix(rows)
    roll = (h % np.uint64(100)).astype(np.int64)
    stage = np.select(
        [roll < 50, roll < 75, roll < 83, roll < 88, roll < 96],
        [0, 1, 2, 3, 4],
        default=5,
    ).astype(np.int8)  # indexes into STAGES
    template = np.select(
        [((h >> np.uint64(8)) % np.uint64(10)) < 7, ((h >> np.uint64(8)) % np.uint64(10)) < 9],
        [0, 1],
        default=2,
    ).astype(np.int8)  # indexes into TEMPLATES
    created = NOW - ((h >> np.uint64(16)) % np.uint64(40 * DAY)).astype(np.int64)
    accepted = created + ((h >> np.uint64(40)) % np.uint64(3 * DAY)).astype(np.int64)
    expires = created + ((h >> np.uint64(44)) % np.uint64(10 * DAY)).astype(np.int64)
    host_sets_expiry = (stage == 0) & (((h >> np.uint64(56)) % np.uint64(5)) == 0)
    created_known = ~((stage == 5) & (((h >> np.uint64(60)) % np.uint64(2)) == 0))
    was_accepted = (stage == 1) | (stage == 4) | (stage == 5)
    return pd.DataFrame(
        {
            "lead_id": (FIRST_ID + rows.astype(np.int64)),
            "stage": pd.Categorical.from_codes(stage, categories=STAGES),
            "template": pd.Categorical.from_codes(template, categories=TEMPLATES),
            "created_at": _times(created, created_known),
            "expires_at": _times(expires, host_sets_expiry),
            "accepted_at": _times(accepted, was_accepted),
        },
        index=pd.RangeIndex(start, stop, name="row"),
    )


def lead_table(leads: int, partitions: int) -> dd.DataFrame:
    """The table of :func:`lead_rows` as a dask DataFrame of ``partitions``
    nearly equal partitions, each built where it is computed (nothing of it
    travels from the client)."""
    bounds = np.linspace(0, leads, partitions + 1).astype(np.int64).tolist()
    return dd.from_map(
        lead_rows,
        bounds[:-1],
        bounds[1:],
        meta=lead_rows(0, 0),
        enforce_metadata=False,
    )


# --- Sweeping one frame -----------------------------------------------------


class FrameSweep(NamedTuple):
    """The sweep of one partition (or of a whole table)."""

    due: np.ndarray  # lead ids, in row order
    next_deadline: Optional[dt.datetime]
    rows: int
    pid: int  # the process that swept it
    engine_id: int  # id() of the Engine object it used
    seconds: float  # wall time of this function


def _unix_seconds(column: pd.Series) -> np.ndarray:
    """A datetime column (naive UTC or tz-aware, any unit) as Unix seconds,
    NaT as leadrules' absent marker. leadrules' columns hold whole seconds,
    so a fraction is dropped (a deadline computed from a `created_at` of
    `.9` s comes out up to a second early): store instants in whole
    seconds, as the generated table here does."""
    return np.ascontiguousarray(column.to_numpy(dtype="datetime64[s]")).view(np.int64)


def _codes(column: pd.Series, code_of: Callable[[str], int], absent: Optional[int]) -> np.ndarray:
    """A column of names (categorical, or made so) as leadrules' codes:
    each category looked up once, then one NumPy take. A missing value
    becomes ``absent``, or is refused when there is none."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype("category")
    categorical = column.cat
    lookup = np.array([code_of(str(name)) for name in categorical.categories] or [0], dtype=np.int32)
    positions = categorical.codes.to_numpy()
    if (positions < 0).any():
        if absent is None:
            raise ValueError(f"{column.name}: missing at row {int(np.argmax(positions < 0))}")
        return np.where(positions < 0, absent, lookup[np.maximum(positions, 0)]).astype(np.int32)
    return lookup[positions]


#: Every engine object a task of this process swept with, kept alive: an
#: engine unpickled anew for each task would then show a new `id()` each
#: time (a freed one's id could be reused), which the tests would catch.
_ENGINES_USED: List[leadrules.Engine] = []


def sweep_frame(frame: pd.DataFrame, engine: leadrules.Engine, now: int) -> FrameSweep:
    """Sweeps the leads of ``frame`` with one ``sweep_columns`` call over its
    NumPy columns (the GIL released while Rust sweeps). The sweep is given
    row positions as ids and answers the due ones; they are mapped back to
    the frame's ``lead_id`` with one NumPy take."""
    start = time.perf_counter()
    if not any(used is engine for used in _ENGINES_USED):
        _ENGINES_USED.append(engine)
    stages = _codes(frame["stage"], lambda stage: engine.stage_code(WORKFLOW, stage), None)
    templates = _codes(frame["template"], engine.template_code, engine.template_code("default"))
    result = engine.sweep_columns(
        range(len(frame)),
        stages,
        _unix_seconds(frame["created_at"]),
        workflow=WORKFLOW,
        now=now,
        expires_at=_unix_seconds(frame["expires_at"]),
        accepted_at=_unix_seconds(frame["accepted_at"]),
        templates=templates,
    )
    due = frame["lead_id"].to_numpy()[np.asarray(result.due, dtype=np.intp)]
    return FrameSweep(
        due, result.next_deadline, len(frame), os.getpid(), id(engine), time.perf_counter() - start
    )


# --- Sweeping on the cluster ------------------------------------------------


class Sweep(NamedTuple):
    """The sweep of the whole table."""

    due: np.ndarray  # lead ids, in table order
    next_deadline: Optional[dt.datetime]
    parts: List[FrameSweep]


def combine(parts: Sequence[FrameSweep]) -> Sweep:
    """The partitions' answers as one: the due ids one partition after the
    other (table order, as one sweep lists them), the earliest deadline."""
    deadlines = [part.next_deadline for part in parts if part.next_deadline is not None]
    due = np.concatenate([part.due for part in parts]) if parts else np.empty(0, dtype=np.int64)
    return Sweep(due, min(deadlines, default=None), list(parts))


def share_engine(client: Client, engine: leadrules.Engine) -> Future:
    """Sends the engine to every worker once. It pickles as its config
    (``Engine.__reduce__``): each worker unpickles, so compiles, it once and
    keeps it, and every task on that worker gets that one object. Tasks
    refer to it by its key and carry no copy. Keep the future while tasks
    use it: the workers drop the engine once it is gone.

    ``hash=False`` gives every share its own key. With the default key (a
    hash of the engine, the same for every engine of one config) a future
    of an earlier share being released can take the engine away from under
    a later one's tasks ("lost dependencies")."""
    return client.scatter(engine, broadcast=True, hash=False)


def sweep_on_cluster(client: Client, table: dd.DataFrame, engine: Future, now: int) -> Sweep:
    """One task per partition, each sweeping its partition with the shared
    engine; the answers come back in partition order and are combined."""
    tasks = [dask.delayed(sweep_frame)(part, engine, now) for part in table.to_delayed()]
    return combine(client.gather(client.compute(tasks)))


class Mismatch(AssertionError):
    """The distributed sweep does not answer as one sweep over the table."""


def check(distributed: Sweep, single: FrameSweep) -> None:
    """Raises :class:`Mismatch` unless both give the same due ids in the same
    order and the same next deadline."""
    if not np.array_equal(distributed.due, single.due):
        only_distributed = np.setdiff1d(distributed.due, single.due)[:5].tolist()
        only_single = np.setdiff1d(single.due, distributed.due)[:5].tolist()
        raise Mismatch(
            f"due: {len(distributed.due)} leads distributed, {len(single.due)} in one sweep; "
            f"only distributed {only_distributed}, only in one sweep {only_single}"
        )
    if distributed.next_deadline != single.next_deadline:
        raise Mismatch(f"next_deadline: {distributed.next_deadline} distributed, {single.next_deadline} in one sweep")


# --- The demo ---------------------------------------------------------------

T = TypeVar("T")


def timed(call: Callable[[], T], repeats: int) -> tuple[T, float]:
    """The last answer of ``call`` and the median of its wall times."""
    times = []
    answer = call()  # warm-up
    for _ in range(repeats):
        start = time.perf_counter()
        answer = call()
        times.append(time.perf_counter() - start)
    return answer, statistics.median(times)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=2_000_000)
    parser.add_argument("--workers", type=int, default=2, help="worker processes, one thread each")
    parser.add_argument("--partitions", type=int, default=0, help="default: 4 per worker")
    parser.add_argument("--repeats", type=int, default=3, help="timed sweeps (median)")
    parser.add_argument(
        "--no-malloc-trim",
        action="store_true",
        help="start the workers without the MALLOC_TRIM_THRESHOLD_ Dask's nanny sets (see docs/python.md)",
    )
    args = parser.parse_args(argv)
    partitions = args.partitions or 4 * args.workers
    # Dask's nanny starts each worker with MALLOC_TRIM_THRESHOLD_=65536 so
    # that freed memory goes back to the OS; that also turns off glibc's
    # adaptive mmap threshold, and every large buffer of every sweep is then
    # mapped and faulted in anew. --no-malloc-trim leaves glibc's default.
    worker_environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
    if args.no_malloc_trim:
        worker_environ.pop("MALLOC_TRIM_THRESHOLD_", None)

    engine = leadrules.Engine(CONFIG)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"leadrules {leadrules.__version__}, dask {dask.__version__}, pandas {pd.__version__}"
    )
    print(f"engine: pickles to {len(pickle.dumps(engine))} bytes (its config), sent once to each worker")

    with dask.config.set({"distributed.nanny.pre-spawn-environ": worker_environ}), LocalCluster(
        n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, Client(cluster) as client:
        workers = len(client.scheduler_info()["workers"])
        print(f"workers: MALLOC_TRIM_THRESHOLD_={worker_environ.get('MALLOC_TRIM_THRESHOLD_', 'unset')}")
        start = time.perf_counter()
        table = client.persist(lead_table(args.leads, partitions))
        wait(table)
        print(
            f"table: {args.leads:,} leads in {partitions} partitions, built on {workers} workers "
            f"in {time.perf_counter() - start:.1f} s"
        )
        shared = share_engine(client, engine)
        distributed, seconds = timed(lambda: sweep_on_cluster(client, table, shared, NOW), args.repeats)

    whole = lead_rows(0, args.leads)
    single, single_seconds = timed(lambda: sweep_frame(whole, engine, NOW), args.repeats)
    check(distributed, single)

    print(
        f"due: {len(distributed.due):,} leads; next deadline {distributed.next_deadline:%Y-%m-%dT%H:%M:%SZ}"
        if distributed.next_deadline
        else f"due: {len(distributed.due):,} leads; no deadline to come"
    )
    print("check: same due ids in the same order and the same next deadline as one sweep_columns over the table")
    print(
        f"{workers} workers x 1 thread, {partitions} partitions: {seconds * 1e3:7.1f} ms per sweep, "
        f"{args.leads / seconds / 1e6:5.1f} M leads/s (median of {args.repeats})"
    )
    in_tasks = sum(part.seconds for part in distributed.parts)
    print(
        f"  inside the tasks: {in_tasks * 1e3:.1f} ms of sweeping in all, "
        f"{args.leads / in_tasks / 1e6:.1f} M leads/s per busy worker"
    )
    print(
        f"one process, one sweep_columns:  {single_seconds * 1e3:7.1f} ms per sweep, "
        f"{args.leads / single_seconds / 1e6:5.1f} M leads/s (median of {args.repeats})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
