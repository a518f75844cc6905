"""Cedar through cedarpy: policies parsed once into a ``PolicySet``, every
entity of the table parsed once into one ``Entities`` handle, then
``cedarpy.is_authorized(request, policies, entities)`` per question.

Handover: users are members of their role, and a role is a member of its
capabilities (``principal in Capability::"handover"`` follows the chain), so
the role table lives in the entity graph. Orgs carry their ``parent`` and
``handover`` switch; the policies find the parent↔child edge themselves. The
only precomputed fact is each org's ``community`` (its root), used by the
forbid version to say ``outside_community``.

Transition: users carry their ``company``, leads their ``stage``, ``partner``
and ``source``; the system actor is a member of ``Role::"system"``. The
host precomputes ``due`` into the request context (facts.py).

Each rule comes twice: permit policies only (a denial is "no policy
permitted"), and one permit plus forbid policies whose ``@id`` names the
reason of a denial, as leadrules' codes do.
"""

from __future__ import annotations

import json
from typing import Any, Optional

import cedarpy

import facts
from prepared import Args, Prepared
from truth_table import NOW, ORGS, HandoverCase, TransitionCase

PACKAGE = "cedarpy"
ENGINE = "cedarpy"
FORBID = "forbids explain"

CAPABILITIES = {
    "basic": ["create_lead", "handover_to_sales"],
    "professional": ["create_lead", "manage_lifecycle", "assign", "handover"],
    "manager": ["create_lead", "manage_lifecycle", "assign", "handover", "manage_org_leads"],
    "super_user": ["create_lead", "manage_lifecycle", "assign", "link_leads", "manage_org_leads"],
}

EDGE = """((context.to has parent && context.to.parent == resource.org) ||
        (resource.org has parent && resource.org.parent == context.to))"""
OPEN_EDGE = """((context.to has parent && context.to.parent == resource.org && resource.org.handover) ||
        (resource.org has parent && resource.org.parent == context.to && context.to.handover))"""

HANDOVER_PERMIT = f"""
@id("handover")
permit (principal, action == Action::"handover", resource)
when {{
  principal in Capability::"handover" &&
  principal.org == resource.org &&
  (resource.owner == principal || principal in Capability::"manage_org_leads") &&
  {OPEN_EDGE}
}};
"""

HANDOVER_FORBID = f"""
@id("handover")
permit (principal, action == Action::"handover", resource);

@id("sales_licence_required")
forbid (principal, action == Action::"handover", resource)
unless {{ principal in Capability::"handover" }};

@id("not_in_lead_org")
forbid (principal, action == Action::"handover", resource)
unless {{ principal.org == resource.org }};

@id("not_lead_owner")
forbid (principal, action == Action::"handover", resource)
unless {{ resource.owner == principal || principal in Capability::"manage_org_leads" }};

@id("same_org")
forbid (principal, action == Action::"handover", resource)
when {{ context.to == resource.org }};

@id("outside_community")
forbid (principal, action == Action::"handover", resource)
when {{ context.to.community != resource.org.community }};

@id("cross_silo_required")
forbid (principal, action == Action::"handover", resource)
when {{ context.to != resource.org && context.to.community == resource.org.community && !{EDGE} }};

@id("handover_disabled")
forbid (principal, action == Action::"handover", resource)
when {{ {EDGE} && !{OPEN_EDGE} }};
"""

PARTNER = """(!(principal in Role::"system") && principal.company == resource.partner &&
        principal.company != resource.source)"""
SOURCE = """(!(principal in Role::"system") && principal.company == resource.source)"""
PARTNER_ACTIONS = '[Action::"accept", Action::"decline", Action::"convert", Action::"close"]'

TRANSITION_PERMIT = f"""
@id("accept")
permit (principal, action == Action::"accept", resource)
when {{ {PARTNER} && resource.stage == "pending" && !context.due }};

@id("decline")
permit (principal, action == Action::"decline", resource)
when {{ {PARTNER} && resource.stage == "pending" }};

@id("convert")
permit (principal, action == Action::"convert", resource)
when {{ {PARTNER} && resource.stage == "accepted" && !context.due }};

@id("close")
permit (principal, action == Action::"close", resource)
when {{ {PARTNER} && resource.stage == "accepted" }};

@id("expire")
permit (principal, action == Action::"expire", resource)
when {{ principal in Role::"system" && ["pending", "accepted"].contains(resource.stage) && context.due }};

@id("reassign")
permit (principal, action == Action::"reassign", resource)
when {{ {SOURCE} && ["pending", "declined", "expired"].contains(resource.stage) }};
"""

FROM_STAGES = {
    "accept": '["pending"]', "decline": '["pending"]', "convert": '["accepted"]', "close": '["accepted"]',
    "expire": '["pending", "accepted"]', "reassign": '["pending", "declined", "expired"]',
}

TRANSITION_FORBID = f"""
@id("workflow")
permit (principal, action, resource);

@id("sourcing_company_cannot_act")
forbid (principal, action in {PARTNER_ACTIONS}, resource)
when {{ {SOURCE} }};

@id("not_partner_user")
forbid (principal, action in {PARTNER_ACTIONS}, resource)
unless {{ {PARTNER} || {SOURCE} }};

@id("system_only")
forbid (principal, action == Action::"expire", resource)
unless {{ principal in Role::"system" }};

@id("not_sourcing_user")
forbid (principal, action == Action::"reassign", resource)
unless {{ {SOURCE} }};
""" + "".join(f"""
@id("illegal_transition")
forbid (principal, action == Action::"{action}", resource)
unless {{ {stages}.contains(resource.stage) }};
""" for action, stages in FROM_STAGES.items()) + f"""
@id("lead_expired")
forbid (principal, action == Action::"accept", resource)
when {{ context.due && resource.stage == "pending" }};

@id("lead_expired")
forbid (principal, action == Action::"convert", resource)
when {{ context.due && resource.stage == "accepted" }};

@id("not_yet_due")
forbid (principal, action == Action::"expire", resource)
when {{ !context.due && {FROM_STAGES["expire"]}.contains(resource.stage) }};
"""


def ref(kind: str, eid: str) -> dict[str, Any]:
    """An entity reference in Cedar's JSON entity format."""
    return {"__entity": {"type": kind, "id": eid}}


def entity(kind: str, eid: str, attrs: Optional[dict[str, Any]] = None,
           parents: Optional[list[tuple[str, str]]] = None) -> dict[str, Any]:
    """One entity in Cedar's JSON entity format."""
    return {"uid": {"type": kind, "id": eid}, "attrs": attrs or {},
            "parents": [{"type": k, "id": i} for k, i in parents or []]}


def community(org: str) -> str:
    """The root of the org's tree (iterating parent links)."""
    while facts.PARENT[org] is not None:
        org = facts.PARENT[org]  # type: ignore[assignment]
    return org


def handover_entities(cases: list[HandoverCase]) -> list[dict[str, Any]]:
    """Capabilities, roles, orgs, then one user and one lead per case."""
    ents = [entity("Capability", cap) for cap in sorted({c for caps in CAPABILITIES.values() for c in caps})]
    ents += [entity("Role", role, parents=[("Capability", cap) for cap in caps]) for role, caps in CAPABILITIES.items()]
    for org, parent, on in ORGS:
        attrs: dict[str, Any] = {"handover": on, "community": community(org)}
        if parent is not None:
            attrs["parent"] = ref("Org", parent)
        ents.append(entity("Org", org, attrs))
    for i, c in enumerate(cases):
        user = f"h{i}"
        owner = user if c.lead["owner"] == c.actor["id"] else c.lead["owner"]
        ents.append(entity("User", user, {"org": ref("Org", c.actor["org"])}, [("Role", c.actor["role"])]))
        ents.append(entity("Lead", user, {"org": ref("Org", c.lead["org"]), "owner": ref("User", owner)}))
    return ents


def transition_entities(cases: list[TransitionCase]) -> list[dict[str, Any]]:
    """The system role, then one user and one lead per case."""
    ents = [entity("Role", "system")]
    for i, c in enumerate(cases):
        parents = [("Role", "system")] if c.actor["role"] == "system" else []
        ents.append(entity("User", f"t{i}", {"company": c.actor["org"]}, parents))
        ents.append(entity("Lead", f"t{i}", {k: c.lead[k] for k in ("stage", "partner", "source")}))
    return ents


def allowed(result: Any) -> bool:
    """Allow, and no evaluation errors (an error would be a broken encoding)."""
    if result.diagnostics.errors:
        raise RuntimeError(f"cedar evaluation errors: {result.diagnostics.errors}")
    return bool(result.allowed)


def forbid_reasons(result: Any) -> set[str]:
    """The ``@id`` of every forbid policy that fired (the denial's reasons)."""
    return set() if result.allowed else set(result.diagnostics.id_annotations_by_reason.values())


def prepared(policies: dict[str, str], ents: list[dict[str, Any]], requests: list[dict[str, Any]]) -> list[Prepared]:
    """One Prepared per policy variant, all sharing the parsed entities;
    the timed call is ``cedarpy.is_authorized`` itself."""
    handle = cedarpy.Entities.from_json_str(json.dumps(ents))
    out = []
    for variant, text in policies.items():
        policy_set = cedarpy.PolicySet.from_str(text)
        inputs: list[Args] = [((request, policy_set, handle), {}) for request in requests]
        reasons = forbid_reasons if variant == FORBID else None
        out.append(Prepared(ENGINE, variant, cedarpy.is_authorized, inputs, allowed, reasons))
    return out


def handover(cases: list[HandoverCase]) -> list[Prepared]:
    """Principal User, action handover, resource Lead, ``context.to`` an Org."""
    requests = [{"principal": {"type": "User", "id": f"h{i}"}, "action": {"type": "Action", "id": "handover"},
                 "resource": {"type": "Lead", "id": f"h{i}"}, "context": {"to": ref("Org", c.to)}}
                for i, c in enumerate(cases)]
    return prepared({"permit": HANDOVER_PERMIT, FORBID: HANDOVER_FORBID},
                    handover_entities(cases), requests)


def transition(cases: list[TransitionCase]) -> list[Prepared]:
    """Principal User, the action, resource Lead, ``context.due`` a bool."""
    requests = [{"principal": {"type": "User", "id": f"t{i}"}, "action": {"type": "Action", "id": c.action},
                 "resource": {"type": "Lead", "id": f"t{i}"}, "context": {"due": facts.is_due(c.lead, NOW)}}
                for i, c in enumerate(cases)]
    return prepared({"permit": TRANSITION_PERMIT, FORBID: TRANSITION_FORBID},
                    transition_entities(cases), requests)
