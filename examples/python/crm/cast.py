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
    ("tia", "Tia (south sales)", "south", "professional", ()),
    ("uma", "Uma (south manager)", "south", "manager", ()),
    ("ana", "Ana (partner acme)", "acme", "manager", ()),
    ("ben", "Ben (partner beta)", "beta", "manager", ()),
)


#: The assignment pools the config's rules name, each in rotation order:
#: north's web desk, every seller of each branch, and the managers who take
#: large deals (a member of another org than the lead's is passed over).
POOLS: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("north_inside", ("pia", "rik", "ola")),
    ("north_sales", ("pia", "rik", "ola", "nora")),
    ("south_sales", ("sam", "tia")),
    ("key_accounts", ("nora", "uma")),
)


def seed(crm: Crm) -> None:
    """Adds the cast to ``crm``'s users, and the users to the pools."""
    for user_id, name, org, role, projects in USERS:
        crm.add_user(user_id, name, org, role, assignment_owner_of=projects)
    for pool, members in POOLS:
        crm.add_to_pool(pool, members)
