"""Shared fixtures for the Python binding's tests."""

from typing import Any, Dict

import pytest

import leadrules

#: A small forest: hq (handover, cross silo) with north and south below it,
#: n1 below north, and a second community `other`.
TREE: Dict[str, Any] = {
    "orgs": [
        {"id": "hq", "parent": None, "handover": True, "cross_silo": True},
        {"id": "north", "parent": "hq"},
        {"id": "south", "parent": "hq", "handover": True},
        {"id": "n1", "parent": "north"},
        {"id": "s1", "parent": "south"},
        {"id": "other", "parent": None, "handover": True},
        {"id": "o1", "parent": "other"},
    ]
}


@pytest.fixture(scope="session")
def engine() -> leadrules.Engine:
    return leadrules.Engine(TREE)


@pytest.fixture
def actor() -> Dict[str, Any]:
    return {"id": "u1", "org": "north", "role": "professional"}


@pytest.fixture
def lead() -> Dict[str, Any]:
    return {"id": "L1", "org": "north", "owner": "u1"}
