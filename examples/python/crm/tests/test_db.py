"""The database layer: persistence, the org directory, timestamps, transactions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crm import cast, db
from crm.service import Crm, load_config

from .conftest import at


def test_a_database_file_keeps_its_state_across_restarts(tmp_path: Path) -> None:
    path = str(tmp_path / "crm.sqlite")
    crm = Crm.open(path)
    cast.seed(crm)
    crm.create_lead("maya", "P1", name="P1", workflow="partner_lead", partner="acme", now=at())
    crm.close()

    crm = Crm.open(path)
    assert crm.lead("P1")["stage"] == "pending"
    assert crm.wake_at() == at(days=7)
    assert crm.accept("ana", "P1", now=at(hours=1))
    crm.close()


def test_the_org_tree_comes_from_the_engine_config(tmp_path: Path) -> None:
    path = str(tmp_path / "crm.sqlite")
    crm = Crm.open(path)
    assert [tuple(r) for r in crm.conn.execute("SELECT id, parent, handover, cross_silo FROM orgs ORDER BY id")] == [
        ("acme", None, 0, 0),
        ("beta", None, 0, 0),
        ("hq", None, 1, 1),
        ("north", "hq", 0, 0),
        ("south", "hq", 0, 0),
    ]
    crm.close()
    config = load_config()
    config["orgs"] = [*config["orgs"], {"id": "west", "parent": "hq"}]
    with pytest.raises(RuntimeError, match="differ from the engine config"):
        Crm.open(path, config)


def test_a_config_with_warnings_is_refused() -> None:
    config = load_config()
    config["policy"]["workflows"] = {
        "review": {"stages": [{"id": "open", "initial": True}, {"id": "limbo"}, {"id": "done", "terminal": True}],
                   "actions": [{"id": "finish", "from": ["open"], "to": "done"}]}
    }
    with pytest.raises(ValueError, match="config warning at policy.workflows.review"):
        Crm.open(":memory:", config)


def test_timestamps_are_utc_whole_seconds() -> None:
    berlin = dt.timezone(dt.timedelta(hours=1))
    assert db.ts(dt.datetime(2026, 11, 23, 10, 0, tzinfo=berlin)) == "2026-11-23T09:00:00Z"
    assert db.parse_ts("2026-11-23T09:00:00Z") == at()
    assert db.parse_ts("2026-11-23T10:00:00+01:00") == at()
    assert db.whole_seconds(at(seconds=1.5)) == at(seconds=1)
    with pytest.raises(ValueError, match="naive"):
        db.ts(dt.datetime(2026, 11, 23, 9, 0))
    with pytest.raises(ValueError, match="whole seconds"):
        db.ts(at(seconds=0.5))
    with pytest.raises(ValueError, match="no UTC offset"):
        db.parse_ts("2026-11-23T09:00:00")


def test_transactions_do_not_nest() -> None:
    conn = db.connect()
    with db.transaction(conn):
        with pytest.raises(RuntimeError, match="do not nest"):
            with db.transaction(conn):
                pass
    assert not conn.in_transaction
