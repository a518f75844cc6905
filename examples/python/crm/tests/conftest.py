"""Fixtures: a fresh in-memory CRM with the cast, and a fixed clock."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import pytest

from crm import cast, db
from crm.service import Crm

UTC = dt.timezone.utc
#: Monday 23 November 2026, 09:00 UTC: every test's "now" counts from here.
T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def at(days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0) -> dt.datetime:
    return T0 + dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


@pytest.fixture
def crm() -> Iterator[Crm]:
    crm = Crm.open(":memory:")
    cast.seed(crm)
    yield crm
    crm.close()


def snapshot(crm: Crm) -> db.Dump:
    """Every row of every table."""
    return db.dump(crm.conn)


#: The phone of L-A, the lead the duplicate tests save first.
PHONE = "+919812345678"


@pytest.fixture
def saved(crm: Crm) -> Crm:
    """L-A saved first: Pia's Skyline lead for Jane Doe of Acme (the
    duplicate tests' earlier lead)."""
    assert crm.create_lead(
        "pia",
        "L-A",
        name="Jane Doe",
        mobile=PHONE,
        email="jane.doe@gmail.com",
        company="Acme Pvt Ltd",
        project="skyline",
        status="interested",
        now=at(),
    )
    return crm
