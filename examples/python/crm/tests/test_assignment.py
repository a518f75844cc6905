"""Assignment, checked in the database: new leads go round the pools
fairly, nobody away or at capacity gets one, a lead nobody can take stays
unowned with the reason logged, the stored cursor is the answer's, a bulk
import is one engine call, and a change of owner by hand follows the rules."""

from __future__ import annotations

from collections import Counter
from typing import Any, Dict, List

import pytest

import leadrules
from crm import cast, effects
from crm.routing import NotRoutable
from crm.service import Crm

from .conftest import at, snapshot
from .helpers import rows
from .test_atomicity import Injected, fail_on_call


def web_leads(n: int, prefix: str = "W") -> List[Dict[str, Any]]:
    return [{"id": f"{prefix}{i:04}", "name": f"Web enquiry {i}", "channel": "web"} for i in range(n)]


def owners(crm: Crm, prefix: str) -> Counter[str]:
    return Counter(owner for (owner,) in rows(crm, "SELECT owner FROM leads WHERE id LIKE ?", prefix + "%"))


def new_lead(crm: Crm, lead_id: str, creator: str = "bo", **fields: Any) -> None:
    """A lead a basic user logs and hands over to sales: unowned, waiting
    to be routed."""
    assert crm.create_lead(creator, lead_id, name=lead_id, handover_to_sales=True, now=at(), **fields)
    assert crm.lead(lead_id)["owner"] is None


def test_a_web_lead_goes_to_the_next_seller_and_the_cursor_moves_with_it(crm: Crm) -> None:
    new_lead(crm, "L1", channel="web")
    answer = crm.route_lead("L1", now=at(minutes=1))
    assert answer and (answer.rule, answer.pool, answer.assignee) == ("web", "north_inside", "pia")
    assert crm.lead("L1")["owner"] == "pia"
    cursor = [e["cursor"] for e in answer.effects if e.kind == "advance_cursor"]
    assert cursor == ["pia"] == [crm.cursor("north_inside")]
    assert rows(crm, "SELECT channel, user, lead FROM notifications WHERE lead = 'L1'") == [("sales_app", "pia", "L1")]
    assert rows(crm, "SELECT actor, kind FROM decisions WHERE lead = 'L1'") == [("bo", "create"), ("router", "assign")]
    # The next one continues after the stored cursor.
    new_lead(crm, "L2", channel="web")
    assert crm.route_lead("L2", now=at(minutes=2)).assignee == "rik"
    assert crm.cursor("north_inside") == "rik"
    [logged] = crm.assignment_log("L2")
    assert (logged["rule"], logged["assignee"], logged["reasons"], logged["skipped"]) == ("web", "rik", [], [])


def test_rotation_is_fair(crm: Crm) -> None:
    report = crm.import_leads("bo", web_leads(100), now=at())
    assert not report.unassigned
    counts = owners(crm, "W")
    assert sorted(counts) == ["ola", "pia", "rik"]
    assert set(counts.values()) <= {100 // 3, 100 // 3 + 1}
    # In pool order from the cursor, each in turn.
    assert [crm.lead(f"W{i:04}")["owner"] for i in range(6)] == ["pia", "rik", "ola"] * 2


def test_nobody_away_or_at_capacity_gets_a_lead(crm: Crm) -> None:
    crm.set_availability("rik", away=True)
    crm.set_capacity("ola", 2)
    report = crm.import_leads("bo", web_leads(20), now=at())
    assert not report.unassigned
    assert owners(crm, "W") == Counter({"pia": 18, "ola": 2})
    # Ola was counted lead by lead within the batch: never past capacity.
    open_leads = dict(rows(crm, "SELECT owner, count(*) FROM leads WHERE owner IS NOT NULL GROUP BY owner"))
    assert open_leads["ola"] == 2
    skipped = [s for entry in crm.assignment_log("W0019") for s in entry["skipped"]]
    assert {"member": "rik", "pool": "north_inside", "reasons": ["away"]} in skipped
    assert {"member": "ola", "pool": "north_inside", "reasons": ["at_capacity"]} in skipped
    # Back from leave, Rik takes his turns and no more (no catch-up burst
    # for the leads he missed): with Ola full, he and Pia alternate.
    crm.set_availability("rik", away=False)
    crm.import_leads("bo", web_leads(4, prefix="X"), now=at(hours=1))
    assert [crm.lead(f"X{i:04}")["owner"] for i in range(4)] == ["rik", "pia"] * 2


def test_a_denied_lead_stays_unowned_with_the_reason_logged(crm: Crm) -> None:
    # No rule takes a lead of hq.
    crm.add_user("hal", "Hal (hq, basic)", "hq", "basic")
    new_lead(crm, "H1", creator="hal")
    before = rows(crm, "SELECT * FROM pool_cursors")
    answer = crm.route_lead("H1", now=at(minutes=1))
    assert not answer and answer.codes == ["no_rule_matched"]
    assert crm.lead("H1")["owner"] is None
    [logged] = crm.assignment_log("H1")
    assert [r["code"] for r in logged["reasons"]] == ["no_rule_matched"]
    assert logged["assignee"] is None and logged["rule"] is None
    # Everyone in south away: nobody eligible, the pool named.
    crm.add_user("bea", "Bea (south, basic)", "south", "basic")
    for user in ("sam", "tia"):
        crm.set_availability(user, away=True)
    new_lead(crm, "S1", creator="bea")
    assert crm.route_lead("S1", now=at(minutes=2)).codes == ["no_eligible_member"]
    assert crm.lead("S1")["owner"] is None
    [logged] = crm.assignment_log("S1")
    assert logged["reasons"] == [
        {"code": "no_eligible_member", "message": logged["reasons"][0]["message"], "pool": "south_sales"}
    ]
    assert [(s["member"], s["reasons"]) for s in logged["skipped"]] == [("sam", ["away"]), ("tia", ["away"])]
    # A denial writes no owner, no cursor, no notice, no plan.
    assert rows(crm, "SELECT * FROM pool_cursors") == before
    assert rows(crm, "SELECT count(*) FROM decisions WHERE kind = 'assign'") == [(0,)]
    assert rows(crm, "SELECT count(*) FROM notifications WHERE lead IN ('H1', 'S1')") == [(0,)]


def test_a_large_deal_goes_to_the_least_loaded_manager_of_its_org(crm: Crm) -> None:
    new_lead(crm, "B1", channel="phone", budget=250000)
    answer = crm.route_lead("B1", now=at())
    # Uma, of south, is passed over for a north lead.
    assert (answer.rule, answer.assignee) == ("big_deals", "nora")
    assert [(s.member, s.codes) for s in answer.skipped] == [("uma", ["member_outside_org"])]
    # Nora full: big_deals falls through to north's own rule.
    crm.set_capacity("nora", 1)
    new_lead(crm, "B2", channel="phone", budget=300000)
    answer = crm.route_lead("B2", now=at())
    assert (answer.rule, answer.pool, answer.assignee) == ("north", "north_sales", "pia")
    # key_accounts was tried first: Nora full, Uma of another org.
    assert [(s.member, s.codes) for s in answer.skipped] == [
        ("nora", ["at_capacity"]),
        ("uma", ["member_outside_org"]),
    ]


def test_the_cursor_rows_match_the_answers_cursors(crm: Crm) -> None:
    crm.add_user("bea", "Bea (south, basic)", "south", "basic")
    crm.import_leads("bo", web_leads(5), now=at())
    report = crm.import_leads("bea", [{"id": f"S{i}", "name": "s"} for i in range(3)], now=at(minutes=1))
    assert report.cursors == {"south_sales": "sam"}
    assert [a.assignee for a in report.assignments] == ["sam", "tia", "sam"]
    stored = dict(rows(crm, "SELECT pool, cursor FROM pool_cursors"))
    assert stored == {"north_inside": "rik", "south_sales": "sam"}


def test_a_batch_routes_as_the_same_leads_one_by_one() -> None:
    def fresh() -> Crm:
        crm = Crm.open(":memory:")
        cast.seed(crm)
        crm.set_availability("rik", away=True)
        crm.set_capacity("ola", 3)
        return crm

    leads = [{**lead, "budget": 150000 if i % 4 == 0 else None} for i, lead in enumerate(web_leads(24))]
    batch, single = fresh(), fresh()
    batch.import_leads("bo", leads, now=at())
    for lead in leads:
        new_lead(single, lead["id"], channel=lead["channel"], budget=lead["budget"])
        single.route_lead(lead["id"], now=at())
    query = "SELECT id, owner FROM leads ORDER BY id"
    assert rows(batch, query) == rows(single, query)
    assert rows(batch, "SELECT * FROM pool_cursors ORDER BY pool") == rows(
        single, "SELECT * FROM pool_cursors ORDER BY pool"
    )
    batch.close()
    single.close()


class Counting:
    """The engine, counting the calls the CRM makes."""

    def __init__(self, engine: leadrules.Engine) -> None:
        self.engine = engine
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        self.calls[name] += 1
        return getattr(self.engine, name)


def test_a_bulk_import_of_1000_leads_is_one_assignment_call(crm: Crm) -> None:
    counting = Counting(crm.engine)
    crm.engine = counting  # type: ignore[assignment]
    report = crm.import_leads("bo", web_leads(1000), now=at())
    # One call for the keys of the whole import too.
    assert counting.calls == Counter({"can_create": 1000, "match_keys_many": 1, "assign_many": 1})
    assert len(report.leads) == 1000 and not report.unassigned
    assert set(owners(crm, "W").values()) <= {333, 334}
    assert rows(crm, "SELECT count(*) FROM assignment_log") == [(1000,)]
    assert rows(crm, "SELECT cursor FROM pool_cursors WHERE pool = 'north_inside'") == [(report.cursors["north_inside"],)]


def test_an_import_is_all_or_nothing(crm: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(crm)
    fail_on_call(monkeypatch, "advance_cursor", 500, [])
    with pytest.raises(Injected):
        crm.import_leads("bo", web_leads(1000), now=at())
    assert snapshot(crm) == before


def test_a_failed_write_keeps_the_owner_and_the_cursor_together(crm: Crm, monkeypatch: pytest.MonkeyPatch) -> None:
    new_lead(crm, "L1", channel="web")
    before = snapshot(crm)
    seen: List[effects.Effect] = []
    fail_on_call(monkeypatch, "advance_cursor", 1, seen)  # set_owner has been written
    with pytest.raises(Injected):
        crm.route_lead("L1", now=at(minutes=1))
    assert snapshot(crm) == before
    assert crm.lead("L1")["owner"] is None and crm.cursor("north_inside") is None


def test_an_owned_lead_is_not_routed_again(crm: Crm) -> None:
    assert crm.create_lead("pia", "L1", name="Pia's own", now=at())
    with pytest.raises(NotRoutable, match="change_owner"):
        crm.route_lead("L1", now=at())


def test_a_change_of_owner_by_hand(crm: Crm) -> None:
    new_lead(crm, "L1", channel="web")
    crm.route_lead("L1", now=at(minutes=1))
    assert crm.lead("L1")["owner"] == "pia"
    # The lead was handed over to sales, so only a manager may move it.
    before = snapshot(crm)
    assert crm.change_owner("pia", "L1", "rik", now=at(minutes=2)).codes == ["locked_after_handover"]
    assert crm.change_owner("nora", "L1", "sam", now=at(minutes=2)).codes == ["assignee_outside_org"]
    assert crm.change_owner("nora", "L1", "bo", now=at(minutes=2)).codes == ["assignee_not_licensed"]
    assert crm.change_owner("nora", "L1", "pia", now=at(minutes=2)).codes == ["same_owner"]
    assert snapshot(crm) == before
    allowed = crm.change_owner("nora", "L1", "rik", now=at(minutes=3))
    assert allowed and [e.kind for e in allowed.effects] == ["set_owner", "notify", "notify"]
    assert crm.lead("L1")["owner"] == "rik"
    assert rows(crm, "SELECT user FROM notifications WHERE lead = 'L1' ORDER BY id") == [("pia",), ("rik",), ("pia",)]
    assert rows(crm, "SELECT actor, kind FROM decisions WHERE lead = 'L1' ORDER BY id")[-1] == ("nora", "change_owner")
    # The cursor is the rotation's, not touched by a change by hand.
    assert crm.cursor("north_inside") == "pia"
