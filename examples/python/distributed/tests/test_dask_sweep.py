"""The distributed sweep against one sweep over the whole table, on a
LocalCluster of two worker processes and 20,000 leads.

Run from examples/python/distributed (``make example-distributed`` does)."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Iterator

import numpy as np
import pandas as pd
import pytest
from dask.distributed import Client, LocalCluster, wait

import leadrules
from dask_sweep import (
    CONFIG,
    FIRST_ID,
    NOW,
    STAGES,
    Mismatch,
    check,
    combine,
    lead_rows,
    lead_table,
    share_engine,
    sweep_frame,
    sweep_on_cluster,
)

LEADS = 20_000
UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def engine() -> leadrules.Engine:
    return leadrules.Engine(CONFIG)


@pytest.fixture(scope="module")
def whole() -> pd.DataFrame:
    return lead_rows(0, LEADS)


def test_the_table_does_not_depend_on_its_partitioning(whole: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(lead_rows(7_000, 7_500), whole.iloc[7_000:7_500])
    assert whole["lead_id"].iloc[0] == FIRST_ID
    # Every kind of row the sweep must get right is there.
    assert set(whole["stage"].unique()) == set(STAGES)
    pending = whole["stage"] == "pending"
    assert whole.loc[pending, "expires_at"].notna().any() and whole.loc[pending, "expires_at"].isna().any()
    assert whole.loc[~pending, "created_at"].isna().any()
    assert whole["template"].nunique() == 3


@pytest.mark.parametrize("partitions", [1, 2, 7, 16])
def test_the_cluster_answers_as_one_sweep(
    client: Client, engine: leadrules.Engine, whole: pd.DataFrame, partitions: int
) -> None:
    table = lead_table(LEADS, partitions)
    distributed = sweep_on_cluster(client, table, share_engine(client, engine), NOW)
    single = sweep_frame(whole, engine, NOW)
    check(distributed, single)
    assert len(distributed.parts) == partitions
    assert sum(part.rows for part in distributed.parts) == LEADS
    # A sweep that finds nothing, or everything, would check nothing.
    assert 0 < len(single.due) < LEADS
    assert single.next_deadline is not None and single.next_deadline > dt.datetime.fromtimestamp(NOW, UTC)


def test_the_answer_is_the_one_sweep_answers_lead_by_lead(engine: leadrules.Engine, whole: pd.DataFrame) -> None:
    # The columns sweep itself, against Engine.sweep over lead dicts, on a sample.
    sample = whole.iloc[::97]
    leads = []
    for row in sample.itertuples():
        lead = {"id": str(row.lead_id), "stage": row.stage, "template": row.template}
        for field in ("created_at", "expires_at", "accepted_at"):
            value = getattr(row, field)
            if not pd.isna(value):
                lead[field] = value.to_pydatetime().replace(tzinfo=UTC)
        leads.append(lead)
    by_dicts = engine.sweep(leads, workflow="partner_lead", now=dt.datetime.fromtimestamp(NOW, UTC))
    by_columns = sweep_frame(sample, engine, NOW)
    assert [str(lead_id) for lead_id in by_columns.due] == by_dicts.due
    assert by_columns.next_deadline == by_dicts.next_deadline
    assert 0 < len(by_dicts.due) < len(leads)


def test_each_worker_unpickles_the_engine_once(client: Client, engine: leadrules.Engine) -> None:
    shared = share_engine(client, engine)
    table = client.persist(lead_table(LEADS, 12))
    wait(table)
    first = sweep_on_cluster(client, table, shared, NOW)
    second = sweep_on_cluster(client, table, shared, NOW)
    engines_by_process: dict[int, set[int]] = {}
    for part in first.parts + second.parts:
        engines_by_process.setdefault(part.pid, set()).add(part.engine_id)
    # 24 tasks on 2 workers: both take part, and each used one engine object
    # (objects are kept alive by the example, so an id is never reused).
    assert len(engines_by_process) == 2, engines_by_process
    assert all(len(ids) == 1 for ids in engines_by_process.values()), engines_by_process
    # What travels is the config, not a compiled engine.
    assert pickle.loads(pickle.dumps(engine)).sweep_columns(
        [], [], [], workflow="partner_lead", now=NOW
    ) == leadrules.SweepResult([], None)


def test_the_check_catches_a_wrong_combination(engine: leadrules.Engine, whole: pd.DataFrame) -> None:
    single = sweep_frame(whole, engine, NOW)
    halves = [sweep_frame(whole.iloc[: LEADS // 2], engine, NOW), sweep_frame(whole.iloc[LEADS // 2 :], engine, NOW)]
    check(combine(halves), single)
    with pytest.raises(Mismatch, match="due"):
        check(combine(halves[:1]), single)  # a partition lost
    with pytest.raises(Mismatch, match="due"):
        check(combine(halves[::-1]), single)  # partitions out of order
    with pytest.raises(Mismatch, match="next_deadline"):
        later = halves[1]._replace(next_deadline=None)
        check(combine([halves[0]._replace(next_deadline=None), later]), single)
    with pytest.raises(Mismatch):
        check(combine([sweep_frame(whole, engine, NOW - 3_600)]), single)  # an hour earlier


def test_an_empty_partition_sweeps_to_nothing(engine: leadrules.Engine) -> None:
    empty = sweep_frame(lead_rows(5, 5), engine, NOW)
    assert empty.due.tolist() == [] and empty.next_deadline is None
    assert combine([]).next_deadline is None
    assert np.array_equal(combine([empty]).due, np.empty(0))


def test_plain_string_and_tz_aware_columns_sweep_alike(engine: leadrules.Engine, whole: pd.DataFrame) -> None:
    part = whole.iloc[:3_000]
    other = part.assign(
        stage=part["stage"].astype(str),
        template=part["template"].astype(object).where(part["template"] != "default", None),
        created_at=part["created_at"].dt.tz_localize("UTC").dt.tz_convert("Europe/Berlin"),
        expires_at=part["expires_at"].astype("datetime64[ms]"),
    )
    expected = sweep_frame(part, engine, NOW)
    actual = sweep_frame(other, engine, NOW)
    assert actual.due.tolist() == expected.due.tolist()
    assert actual.next_deadline == expected.next_deadline
    with pytest.raises(ValueError, match="stage: missing at row 4"):
        sweep_frame(part.assign(stage=part["stage"].astype(object).where(part.index != 4, None)), engine, NOW)
