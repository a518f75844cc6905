"""The people of the demo and the tests: a sales organisation (hq with the
branches north and south) and two partner companies (acme, beta)."""

from __future__ import annotations

from typing import Tuple

from .service import Crm

#: (id, name, org, role, projects whose lead assignment the user owns)
USERS: Tuple[Tuple[str, str, str, str, Tuple[str, ...]], ...] = (
    ("maya", "Maya (hq manager, sources partner leads)", "hq", "manager", ()),
    ("sol", "Sol (hq super user)", "hq", "super_user", ()),
    ("bo", "Bo (north, basic licence)", "north", "basic", ()),
    ("pia", "Pia (north sales)", "north", "professional", ()),
    ("rik", "Rik (north sales)", "north", "professional", ()),
    ("nora", "Nora (north manager)", "north", "manager", ()),
    ("ola", "Ola (north, owns the Skyline assignment)", "north", "professional", ("skyline",)),
    ("sam", "Sam (south sales)", "south", "professional", ()),
    ("ana", "Ana (partner acme)", "acme", "manager", ()),
    ("ben", "Ben (partner beta)", "beta", "manager", ()),
)


def seed(crm: Crm) -> None:
    """Adds the cast to ``crm``'s users."""
    for user_id, name, org, role, projects in USERS:
        crm.add_user(user_id, name, org, role, assignment_owner_of=projects)
