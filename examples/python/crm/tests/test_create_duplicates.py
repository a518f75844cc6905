"""`create_lead` reports likely duplicates, checked in the database.

A lead created through `create_lead` (no duplicate check before saving:
that is `intake_lead`) is saved as the create rules allow, and flagged as
a likely duplicate of every earlier lead a matching rule matches: its
stored keys against the candidates' stored keys (`engine.match_keyed`),
one `duplicate_flags` row each, whatever the rule's action. Nothing is
refused for a duplicate, and nothing is merged.

config.json's matching rules: the same phone blocks, the same e-mail
offers a link, the same name at the same company alerts. L-A is saved
first: Pia's Skyline lead for Jane Doe of Acme.
"""

from __future__ import annotations

import sqlite3
from typing import Any, List

import pytest

from crm import match_index
from crm.service import Crm

from .conftest import PHONE, at, snapshot
from .helpers import rows


def test_the_first_lead_has_nothing_to_duplicate(saved: Crm) -> None:
    assert saved.likely_duplicates("L-A") == []
    assert rows(saved, "SELECT count(*) FROM duplicate_flags") == [(0,)]


def test_a_duplicate_is_saved_flagged_and_nothing_is_merged(saved: Crm) -> None:
    crm = saved
    earlier = crm.lead("L-A")
    decision = crm.create_lead(
        "rik",
        "L-N",
        name="JANE DOE",
        mobile="098123 45678",  # the same number in its national form
        email="Jane.Doe+web@googlemail.com",
        company="ACME Private Limited",
        now=at(hours=1),
    )
    assert decision  # a blocking rule refuses nothing here
    assert crm.likely_duplicates("L-N") == [
        {
            "duplicate": "L-A",
            "rules": ["same-phone", "same-email", "same-person"],
            "action": "block",
            "flagged_at": "2026-11-23T10:00:00Z",
        }
    ]
    # Both leads stay as they were saved: a flag is for a person to look at.
    assert crm.lead("L-A") == earlier
    assert rows(crm, "SELECT id, name, mobile, owner FROM leads ORDER BY id") == [
        ("L-A", "Jane Doe", PHONE, "pia"),
        ("L-N", "JANE DOE", "098123 45678", "rik"),
    ]
    assert crm.likely_duplicates("L-A") == []  # the earlier lead is not flagged


@pytest.mark.parametrize(
    ("fields", "rules", "action"),
    [
        ({"mobile": "+91 98123 45678"}, ["same-phone"], "block"),
        ({"email": "JaneDoe@googlemail.com"}, ["same-email"], "link"),
        ({"name": "Jane  Doe", "company": "ACME"}, ["same-person"], "alert"),
    ],
)
def test_each_rule_flags_with_its_action(saved: Crm, fields: Any, rules: List[str], action: str) -> None:
    fields = {"name": "Someone", **fields}
    assert saved.create_lead("rik", "L-N", now=at(hours=1), **fields)
    flags = saved.likely_duplicates("L-N")
    assert [(f["duplicate"], f["rules"], f["action"]) for f in flags] == [("L-A", rules, action)]


def test_no_shared_key_flags_nothing(saved: Crm) -> None:
    assert saved.create_lead("rik", "L-N", name="John Roe", email="john@example.com", now=at(hours=1))
    assert saved.likely_duplicates("L-N") == []
    assert rows(saved, "SELECT count(*) FROM duplicate_flags") == [(0,)]


def test_every_earlier_duplicate_is_flagged_oldest_first(saved: Crm) -> None:
    crm = saved
    assert crm.create_lead("rik", "L-B", name="Jane Doe", company="Acme Ltd", now=at(hours=1))
    assert crm.create_lead("sam", "L-C", name="jane  doe", company="ACME", mobile=PHONE, now=at(hours=2))
    assert [(f["duplicate"], f["action"]) for f in crm.likely_duplicates("L-B")] == [("L-A", "alert")]
    assert [(f["duplicate"], f["rules"], f["action"]) for f in crm.likely_duplicates("L-C")] == [
        ("L-A", ["same-phone", "same-person"], "block"),
        ("L-B", ["same-person"], "alert"),
    ]


def test_the_stored_keys_judge_as_the_records_would(saved: Crm) -> None:
    # match_keyed over the index's keys answers what match answers over the
    # leads' records: the report reads no contact field again.
    crm = saved
    assert crm.create_lead("rik", "L-B", name="Jane Doe", company="Acme Ltd", now=at(hours=1))
    assert crm.create_lead(
        "sam", "L-C", name="jane doe", company="Acme", email="jane.doe@gmail.com", mobile=PHONE, now=at(hours=2)
    )
    new = match_index.stored(crm.conn, ["L-C"])[0]
    earlier = match_index.stored(crm.conn, ["L-A", "L-B"])
    by_records = crm.engine.match(new, earlier)
    assert [m.lead for m in by_records.matches] == ["L-A", "L-B"]
    assert [(f["duplicate"], f["rules"], f["action"]) for f in crm.likely_duplicates("L-C")] == [
        (m.lead, m.rules, m.action) for m in by_records.matches
    ]


def test_a_create_the_rules_deny_writes_no_flag(saved: Crm) -> None:
    crm = saved
    before = snapshot(crm)
    decision = crm.create_lead("bo", "L-N", name="Jane Doe", mobile=PHONE, sub_stage="won", now=at(hours=1))
    assert not decision and decision.codes == ["sub_stage_not_permitted"]
    assert snapshot(crm) == before


def test_a_failure_while_flagging_leaves_nothing(saved: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    crm = saved
    before = snapshot(crm)

    def failing(conn: sqlite3.Connection, lead_id: str, matches: Any, now: Any) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(match_index, "flag", failing)
    with pytest.raises(RuntimeError, match="disk"):
        crm.create_lead("rik", "L-N", name="Jane Doe", mobile=PHONE, now=at(hours=1))
    assert snapshot(crm) == before  # the lead, its keys, its clock: all rolled back


def test_the_candidates_and_their_keys_come_through_the_index(saved: Crm) -> None:
    crm = saved
    plan = " ".join(
        str(row[-1])
        for row in crm.conn.execute(
            "EXPLAIN QUERY PLAN " + match_index.KEYED_CANDIDATES.format(marks="?, ?"), ("a", "b")
        )
    )
    assert "match_keys_by_key" in plan
    assert match_index.keyed_candidates(crm.conn, [f"same-phone:{PHONE}"]) == {
        "L-A": ["same-email:janedoe@gmail.com", "same-person:jane doe|acme", f"same-phone:{PHONE}"]
    }
    assert match_index.keyed_candidates(crm.conn, []) == {}
