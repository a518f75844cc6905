"""`make demo` reads well: the tour (examples/rust/tour.rs) runs, keeps every
line under 100 columns, names the products its rules come from once, shows
the config and the roles once, and gives every stop its question and its
answer."""

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def tour() -> str:
    cargo = os.environ.get("CARGO", "cargo")
    done = subprocess.run(
        [cargo, "run", "--quiet", "-p", "leadrules", "--example", "tour"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_no_line_passes_100_columns(tour: str) -> None:
    long = [(n, line) for n, line in enumerate(tour.splitlines(), 1) if len(line) > 100]
    assert not long, long[:5]


def test_the_products_are_named_once_at_the_start(tour: str) -> None:
    start = tour.split("The config")[0]
    for name in ("LeadX:", "Anarock:", "Creatio:", "partner portal:"):
        assert start.count(name) == 1, name
        assert tour.count(name) == 1, name


def test_the_config_and_the_roles_are_shown_once(tour: str) -> None:
    assert tour.count('"orgs": [') == 1
    for role in ("basic", "professional", "manager", "super_user", "system"):
        assert len(re.findall(rf"^    {role} +\S", tour, re.M)) == 1, role


def test_every_stop_asks_a_question_and_answers_it(tour: str) -> None:
    stops = re.split(r"^-- \d+\. ", tour, flags=re.M)[1:]
    assert len(stops) >= 30
    for stop in stops:
        title = stop.splitlines()[0]
        assert re.search(r"^question +\S", stop, re.M), title
        assert re.search(r"^request +\S", stop, re.M) or re.search(r"^request$", stop, re.M), title
        assert re.search(r"^(decision|answer|buttons) +\S", stop, re.M), title


def test_a_stop_that_marks_won_sends_won(tour: str) -> None:
    stops = re.split(r"^-- \d+\. ", tour, flags=re.M)[1:]
    marked = [s for s in stops if "marks it won" in s.splitlines()[0]]
    assert marked
    for stop in marked:
        assert '"sub_stage": "won"' in stop
        assert re.search(r"^decision +ALLOWED", stop, re.M)


def test_the_assignment_stops_show_who_why_and_the_cursor(tour: str) -> None:
    stops = re.split(r"^-- \d+\. ", tour, flags=re.M)[1:]
    assigns = [s for s in stops if '"kind": "assign"' in s]
    assert len(assigns) >= 5
    text = "\n".join(assigns)
    # Round robin with skips, least loaded, a fall-through, both denials, a batch.
    assert re.search(r"^decision +ALLOWED: \S+ gets it \(rule web, pool north-inside\)", text, re.M)
    assert re.search(r"^passed over +\S+ in north-inside: away", text, re.M)
    assert "rule enterprise, pool key-accounts" in text
    assert "rule india, pool general" in text and "in key-accounts: at_capacity" in text
    assert re.search(r"^  why +no_eligible_member \(last pool tried: north-inside\)", text, re.M)
    assert re.search(r"^  why +no_rule_matched", text, re.M)
    assert re.search(r"^cursors +\{", text, re.M)
    owners = [s for s in stops if '"kind": "change_owner"' in s]
    assert any(re.search(r"^decision +ALLOWED", s, re.M) for s in owners)
    assert any(re.search(r"^  why +assignee_not_licensed", s, re.M) for s in owners)


def test_the_sla_stops_run_pause_breach_and_skip_a_weekend(tour: str) -> None:
    stops = re.split(r"^-- \d+\. ", tour, flags=re.M)[1:]
    slas = [s for s in stops if '"kind": "sla"' in s]
    assert len(slas) == 3
    # The calendar is shown once, with the first SLA stop.
    assert tour.count('"inside-sales": {') == 2  # the config, the first stop
    assert '"breached": false' in slas[0] and '"due_at": "2026-12-07T11:30:00Z"' in slas[0]
    assert '"due_at": null' in slas[1] and '"to": null' in slas[1]
    assert '"breached": true' in slas[2]
    template = [s for s in stops if '"template": "first_touch"' in s]
    assert len(template) == 1
    # Created on a Friday afternoon, due on Monday: the weekend is skipped.
    assert '"expires_at": "2026-12-14T14:30:00Z"' in template[0]


def test_the_duplicate_stops_block_alert_and_link(tour: str) -> None:
    stops = re.split(r"^-- \d+\. ", tour, flags=re.M)[1:]
    matches = [s for s in stops if '"kind": "match"' in s]
    assert len(matches) == 3
    assert re.search(r"^decision +DENIED", matches[0], re.M)
    assert re.search(r"^  why +duplicate_blocked \(lead L-600\)", matches[0], re.M)
    assert re.search(r"^matches +L-610: alert", matches[1], re.M)
    assert re.search(r"^matches +L-611: link", matches[2], re.M)
    linked = [s for s in stops if '"kind": "link"' in s and '"L-612"' in s]
    assert len(linked) == 1 and re.search(r"^decision +ALLOWED", linked[0], re.M)
    assert any('"kind": "match_keys"' in s for s in stops)
