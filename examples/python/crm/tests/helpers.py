"""Small readers for the tests."""

from __future__ import annotations

from typing import Any, List, Tuple

from crm.service import Crm


def rows(crm: Crm, sql: str, *params: Any) -> List[Tuple[Any, ...]]:
    """The rows of a query, as plain tuples."""
    return [tuple(r) for r in crm.conn.execute(sql, params)]


def audit(crm: Crm) -> List[Tuple[Any, ...]]:
    """(actor, kind, lead) of every applied plan, in order."""
    return rows(crm, "SELECT actor, kind, lead FROM decisions ORDER BY id")
