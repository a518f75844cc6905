"""Type-checks the public API: `mypy --strict tests/python/typing_check.py`.

Not a test module (pytest does not collect it); it also runs, as a smoke
test of the example calls.
"""

import dataclasses
import datetime
import decimal
import json
import pickle
import uuid
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Set

import leadrules
from leadrules._matching import MatchActionName
from leadrules import (
    Actor,
    ConfigError,
    ConfigWarning,
    ActorRecord,
    Decision,
    DenialCode,
    Effect,
    EffectKind,
    Engine,
    Error,
    ErrorCode,
    Lead,
    LeadRecord,
    Problem,
    Reason,
    RequestError,
    Route,
    Targets,
    UnknownReferenceError,
)

version: str = leadrules.__version__

engine: Engine = Engine({"orgs": [{"id": "hq", "handover": True}, {"id": "north", "parent": "hq"}]})
Engine()
Engine(None)
Engine('{"orgs": []}')

actor: Actor = {"id": "u1", "org": "north", "role": "professional"}
lead: Lead = {"id": "L1", "org": "north", "owner": "u1"}
unowned: Lead = {"id": "L2", "org": "north"}
plain_actor: Dict[str, str] = {"id": "u1", "org": "north", "role": "professional"}

decision: Decision = engine.can_handover(actor, lead, "hq")
other: Decision = engine.can_cross_silo(plain_actor, unowned, "hq")
allowed: bool = decision.allowed
route: Optional[Route] = decision.route
reasons: List[Reason] = decision.reasons
codes: List[DenialCode] = other.codes
effects: List[Effect] = decision.effects
as_dict: Dict[str, Any] = decision.to_dict()
same: bool = decision == other
hashed: int = hash(decision)
if decision:
    for effect in decision.effects:
        kind: Any = effect["kind"]
for reason in other.reasons:
    code: DenialCode = reason["code"]
    message: str = reason["message"]
    org: Optional[str] = reason.get("org")

# Codes are str enums: members, and equal to (and usable as) their text.
first_code: DenialCode = other.codes[0]
is_text: str = first_code
same_code: bool = first_code == "cross_silo_required" or first_code is DenialCode.CROSS_SILO_REQUIRED
code_text: str = first_code.value
if decision.route is Route.HANDOVER:
    route_text: str = decision.route
every_code: List[DenialCode] = list(DenialCode)
kinds: Set[EffectKind] = {EffectKind.TRANSFER, EffectKind("notify")}

# Reasons and effects: typed attributes over read-only dicts.
for reason in other.reasons:
    reason_code: DenialCode = reason.code
    reason_message: str = reason.message
    details: List[Optional[str]] = [reason.org, reason.lead, reason.field, reason.capability]
    reason_dict: Dict[str, Any] = reason.to_dict()
    as_mapping: Mapping[str, Any] = reason
    as_plain: Dict[str, Any] = reason
    reason_hash: int = hash(reason)
for effect in decision.effects:
    effect_kind: EffectKind = effect.kind
    effect_lead: Any = effect.lead
    effect_dict: Dict[str, Any] = effect.to_dict()
    if effect.kind is EffectKind.TRANSFER:
        effect_from: Any = effect.from_
        print(effect_from, effect.to)
plan_json: str = json.dumps(decision.effects)
made_reason: Reason = Reason({"code": "same_org", "message": "m"})
made_effect: Effect = Effect({"kind": "archive", "lead": "L1"})

# Pickling: every answer is a value.
decision_copy: Decision = pickle.loads(pickle.dumps(decision))
reason_copies: List[Reason] = pickle.loads(pickle.dumps(other.reasons))
made_targets: Targets = Targets(["hq"], ["south"])


# The host's own records as facts.
@dataclasses.dataclass(frozen=True)
class HostActor:
    id: str
    org: str
    role: str


class HostLead(NamedTuple):
    id: uuid.UUID
    org: str
    owner: Optional[str] = None


host_actor: ActorRecord = HostActor("u1", "north", "professional")
host_lead_record: LeadRecord = HostLead(uuid.uuid4(), "north")
from_records: Decision = engine.can_handover(HostActor("u1", "north", "professional"), HostLead(uuid.uuid4(), "north"), "hq")
from_records_targets: Targets = engine.targets(host_actor, host_lead_record)


@dataclasses.dataclass
class HostLeadRow:
    pk: int
    org: str

    @property
    def id(self) -> str:
        return f"L{self.pk}"


property_lead: LeadRecord = HostLeadRow(1, "north")
from_properties: Decision = engine.can_handover(host_actor, HostLeadRow(1, "north"), "hq")
button_reasons: List[Reason] = engine.actions(actor, {"id": "L", "stage": "new"}, workflow="leadx_pipeline")[0][
    "reasons"]
class StagedLead(NamedTuple):
    id: str
    stage: str


from_record_transition: Decision = engine.transition(host_actor, StagedLead("L1", "new"), "next", workflow="leadx_pipeline")

targets: Targets = engine.targets(actor, lead)
handover: List[str] = targets.handover
cross_silo: List[str] = targets.cross_silo
targets_dict: Dict[str, List[str]] = targets.to_dict()

response: Dict[str, Any] = engine.decide({"kind": "targets", "actor": actor, "lead": lead})
response = engine.decide(
    '{"kind": "targets", "actor": {"id": "u1", "org": "north", "role": "professional"},'
    ' "lead": {"id": "L1", "org": "north"}}'
)

clone: Engine = pickle.loads(pickle.dumps(engine))

try:
    engine.can_handover(actor, lead, "mars")
except UnknownReferenceError as error:
    path: str = error.path
    error_code: str = error.code
    typed_error_code: ErrorCode = error.code
    if error.code is ErrorCode.UNKNOWN_ORG:
        pass
except RequestError as error:
    pass
except Error:
    pass

try:
    Engine({"orgs": [{"id": ""}]})
except ConfigError as config_error:
    problems: List[Problem] = config_error.problems
    first_path: str = problems[0]["path"]
    as_value_error: ValueError = config_error

draft: leadrules.NewLead = {"stage": "new", "assignee": {"id": "u2", "org": "north"}}
created: Decision = engine.can_create(actor, draft)
created_in: Decision = engine.can_create(actor, {"handover_to_sales": True}, "leadx_pipeline")
edited: Decision = engine.can_edit(actor, {"id": "L1", "org": "north", "creator": "u1", "handed_over_to_sales": True})

# A host's own record, with values of no JSON type that the binding converts.
host_lead: Dict[str, object] = {
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "org": "north",
    "owner": "u1",
    "created_at": datetime.datetime(2026, 11, 23, tzinfo=datetime.timezone.utc),
    "amount": decimal.Decimal("1999.99"),
}
hosted: Decision = engine.can_handover(actor, host_lead, "hq")
edited_host: Decision = engine.can_edit(actor, host_lead)

moved: Decision = engine.transition(actor, {"id": "L", "stage": "new"}, "next", workflow="leadx_pipeline")
stage_after: Optional[str] = moved.to_stage
buttons: List[Dict[str, Any]] = engine.actions(actor, {"id": "L", "stage": "new"}, workflow="leadx_pipeline")

# Workflows with host datetimes (aware), inside the lead and the fields.
now = datetime.datetime(2026, 11, 23, 9, 30, tzinfo=datetime.timezone.utc)
partner_user: Actor = {"id": "p7", "org": "acme", "role": "manager"}
partner_lead: Dict[str, object] = {
    "id": "L9",
    "stage": "pending",
    "partner": "acme",
    "source": "vendor",
    "created_at": now - datetime.timedelta(days=3),
}
accepted: Decision = engine.transition(partner_user, partner_lead, "accept", workflow="partner_lead", now=now)
declined: Decision = engine.transition(
    partner_user, partner_lead, "decline", workflow="partner_lead", fields={"reason": "no"}, now="2026-11-23T09:30:00Z"
)
from_stage: Optional[str] = accepted.from_stage
workflow_codes: List[DenialCode] = declined.codes
handed_off: Decision = engine.transition(
    {"id": "m1", "org": "hq", "role": "manager"},
    {"id": "C1", "stage": "handoff_to_sales"},
    "proceed_to_handoff",
    workflow="creatio_lead",
    fields={
        "need_type": "new_equipment",
        "budget": decimal.Decimal("25000"),
        "sales_owner": "u7",
        "sales_division": "direct",
        "meeting_at": now + datetime.timedelta(days=7),
        "decision_at": now + datetime.timedelta(days=21),
    },
    now=now,
)
partner_buttons: List[Dict[str, Any]] = engine.actions(partner_user, partner_lead, workflow="partner_lead", now=now)
try:
    engine.transition(partner_user, {**partner_lead, "template": "emea"}, "accept", workflow="partner_lead", now=now)
except UnknownReferenceError as unknown:
    unknown_code: str = unknown.code

# Config warnings: immutable records with a path and a message.
warned = Engine(
    {
        "policy": {
            "workflows": {
                "review": {
                    "stages": [{"id": "open", "initial": True}, {"id": "orphan"}, {"id": "done", "terminal": True}],
                    "actions": [{"id": "finish", "from": ["open"], "to": "done"}],
                }
            }
        }
    }
)
warnings: List[ConfigWarning] = warned.warnings
for warning in warnings:
    warning_path: str = warning.path
    warning_message: str = warning.message
    unpacked_path, unpacked_message = warning
made: ConfigWarning = leadrules.ConfigWarning("policy", "made by hand")

print(
    "typing_check ok:",
    moved,
    buttons,
    decision,
    other,
    targets,
    created,
    created_in,
    edited,
    hosted,
    edited_host,
    accepted,
    declined,
    handed_off,
    partner_buttons,
    warnings,
)


# Expiry and sweeps: records with aware datetimes, columns of any shape.
utc = datetime.timezone.utc
offer_lead = {"id": "L9", "stage": "pending", "created_at": datetime.datetime(2026, 11, 20, 9, tzinfo=utc)}
status: leadrules.Expiry = engine.expiry(offer_lead, workflow="partner_lead", now="2026-11-27T09:00:00Z")
deadline: Optional[datetime.datetime] = status.expires_at
is_due: bool = status.due
swept: leadrules.SweepResult = engine.sweep([offer_lead], workflow="partner_lead", now="2026-11-27T09:00:00Z")
due_ids: List[Any] = swept.due
wake: Optional[datetime.datetime] = swept.next_deadline
by_columns = engine.sweep_columns(
    ["L9"], ["pending"], [1763629200], workflow="partner_lead", now=1764234000, expires_at=[None]
)
code_sum: int = engine.stage_code("partner_lead", "pending") + engine.template_code("default")
print(deadline, is_due, due_ids, wake, by_columns.due, code_sum)


# A workflow's stages and their flags: immutable records.
partner_flow: leadrules.Workflow = engine.workflow("partner_lead")
timed: List[str] = [s.name for s in partner_flow.stages if s.expiry is not None]
first: Optional[leadrules.Stage] = partner_flow.stage("pending")
phase: Optional[leadrules._types.Phase] = partner_flow.stages[0].expiry
print(timed, first, phase, partner_flow.stages[0].code + 1)


# Misuse the stubs must reject (under --strict an unneeded ignore is an
# error, so each line proves the stub refuses it).
# Prepared facts and list views.
prepared_actor: leadrules.PreparedActor = engine.actor(actor)
prepared_lead: leadrules.PreparedLead = engine.lead({"id": "L1", "org": "north", "owner": "u1"})
prepared_offer: leadrules.PreparedWorkflowLead = engine.workflow_lead(
    {"id": "P1", "stage": "pending", "partner": "acme", "source": "vendor", "created_at": "2026-11-20T09:30:00Z"},
    workflow="partner_lead",
)
prepared_decision: Decision = engine.can_handover(prepared_actor, prepared_lead, "hq")
prepared_mixed: Decision = engine.can_edit(actor, prepared_lead)
prepared_owner: Decision = engine.change_owner(prepared_actor, prepared_lead, prepared_actor)
prepared_transition: Decision = engine.transition(prepared_actor, prepared_offer, "accept", now=datetime.datetime.now(datetime.timezone.utc))
prepared_actions: List[Dict[str, Any]] = engine.actions(prepared_actor, prepared_offer, now="2026-11-23T09:30:00Z")
grid: leadrules.ActionGrid = engine.actions_many(prepared_actor, [prepared_offer], now="2026-11-23T09:30:00Z")
grid_row: int = grid[0]
grid_names: tuple[str, ...] = grid.actions
grid_allowed: List[str] = grid.allowed_actions(0)
grid_reasons: Decision = grid.decision(0, "accept")
verdicts: leadrules.Verdicts = engine.can_edit_many(prepared_actor, [prepared_lead, {"id": "L2", "org": "north"}])
verdict: bool = verdicts[0]
verdict_mask: int = verdicts.mask
many_targets: List[Targets] = engine.targets_many(prepared_actor, [prepared_lead])
prepared_org: Optional[str] = prepared_actor.org


def _misuse() -> None:
    engine.can_handover(actor, lead, 5)  # type: ignore[arg-type]
    engine.targets(actor)  # type: ignore[call-arg]
    bad_code: DenialCode = "not_a_code"  # type: ignore[assignment]
    decision.allowed = False  # type: ignore[misc]
    print(bad_code)
    engine.decide(42)  # type: ignore[arg-type]
    engine.can_create(actor, draft, 7)  # type: ignore[arg-type]
    engine.can_link(actor, {}, {}, "m1", "now")  # type: ignore[call-arg]
    engine.transition(actor, lead, "accept", "partner_flow")  # type: ignore[call-overload]
    engine.actions(actor, lead, workflow=None)  # type: ignore[call-overload]
    engine.actor(actor).id = "u2"  # type: ignore[misc]
    engine.actions_many(actor, [lead], now=5)  # type: ignore[arg-type]
    engine.warnings = []  # type: ignore[misc]
    warned.warnings[0].path = "elsewhere"  # type: ignore[misc]
    bad_warnings: List[str] = warned.warnings  # type: ignore[assignment]
    print(bad_warnings)
    status.due = False  # type: ignore[misc]
    made_reason.code = DenialCode.SAME_ORG  # type: ignore[misc]
    made_effect.kind = EffectKind.LOCK  # type: ignore[misc]
    not_a_kind: EffectKind = "transfer"  # type: ignore[assignment]
    print(not_a_kind)
    engine.can_handover(object(), lead, "hq")  # type: ignore[arg-type]
    engine.targets(actor, 42)  # type: ignore[arg-type]
    wrong_route: DenialCode = Route.HANDOVER  # type: ignore[assignment]
    print(wrong_route)

    engine.expiry(offer_lead, "partner_flow", "now")  # type: ignore[call-arg]
    engine.sweep_columns(["L9"], ["pending"], [0], now=0)  # type: ignore[call-arg]
    engine.workflow(7)  # type: ignore[arg-type]
    partner_flow.stages[0].initial = False  # type: ignore[misc]


# --- the shapes: every fact and request as its TypedDict -----------------

utc = datetime.timezone.utc
shaped_created = datetime.datetime(2026, 11, 20, 9, tzinfo=utc)
shaped_now = datetime.datetime(2026, 11, 23, 9, 30, tzinfo=utc)
shaped_partner: leadrules.WorkflowActor = {"id": "p7", "org": "acme", "role": "manager"}
scheduler: leadrules.WorkflowActor = {"id": "cron", "role": "system"}
offer: leadrules.WorkflowLead = {
    "id": "L9", "stage": "pending", "partner": "acme", "source": "vendor",
    "created_at": shaped_created, "accepted_at": None, "expires_at": None, "template": None,
}
accepted_decision: Decision = engine.transition(shaped_partner, offer, "accept", workflow="partner_lead", now=shaped_now)
deadline_effect: Effect = accepted_decision.effects[1]
first_deadline: Optional[datetime.datetime] = engine.expiry(offer, workflow="partner_lead", now=shaped_now).expires_at
sweep_rows: List[leadrules.WorkflowLead] = [offer, {"id": "L10", "stage": "declined"}]
swept_due: List[Any] = engine.sweep(sweep_rows, workflow="partner_lead", now=shaped_now).due
shaped_draft: leadrules.NewLead = {"id": "L11", "template": None, "expires_at": None}
offer_actor: Actor = {"id": "v1", "org": "north", "role": "manager"}
created_decision: Decision = engine.can_create(offer_actor, shaped_draft, "partner_lead", now=shaped_now)
linker: leadrules.LinkActor = {"id": "s1", "role": "super_user", "assignment_owner_of": ["P"]}
primary_lead: leadrules.LinkedLead = {"id": "A", "project": "P", "status": "interested", "owner": "m1"}
secondary_lead: leadrules.LinkedLead = {
    "id": "B", "project": "P", "status": "claimed", "owner": "m2",
    "events": [{"id": "e1", "at": "2026-11-24T10:00:00Z"}],
}
linked: Decision = engine.can_link(linker, primary_lead, secondary_lead, owner="m1", now=shaped_now)
create_request: leadrules.CreateRequest = {
    "kind": "create", "workflow": "partner_lead", "actor": offer_actor, "lead": shaped_draft, "now": shaped_now,
}
sweep_request: leadrules.SweepRequest = {"kind": "sweep", "workflow": "partner_lead", "leads": sweep_rows, "now": shaped_now}
handover_request: leadrules.HandoverRequest = {
    "kind": "handover", "actor": offer_actor, "lead": {"id": "L1", "org": "north"}, "to": "hq",
}
answers: List[Dict[str, Any]] = [engine.decide(r) for r in (create_request, sweep_request, handover_request)]
from_body: Dict[str, Any] = engine.decide(json.dumps(handover_request).encode())


# --- assignment: the typed calls, their answers, the shapes ---------------

routing = Engine({
    "orgs": [{"id": "hq"}, {"id": "north", "parent": "hq"}],
    "policy": {"assignment": {"rules": [
        {"id": "web", "when": [{"field": "source", "equals": "web"}], "pools": ["inside"], "strategy": "round_robin"},
    ]}},
})
web_lead: leadrules.AssignLead = {"id": "L9", "org": "north", "fields": {"source": "web", "budget": 150000}}
seller: leadrules.Member = {"id": "u1", "org": "north", "role": "professional", "open_leads": 3, "capacity": 10}
picky: leadrules.Member = {
    "id": "u2", "org": "north", "role": "professional", "away": False, "weight": 2,
    "accepts": [{"field": "country", "in": ["IN", "LK"]}],
}
inside_pool: leadrules.Pool = {"cursor": "u1", "members": [seller, picky]}
pools: Dict[str, leadrules.Pool] = {"inside": inside_pool}

assignment: leadrules.Assignment = routing.assign(web_lead, pools, now=shaped_now)
picked: Optional[str] = assignment.assignee
assigned_by: Optional[str] = assignment.rule
from_pool: Optional[str] = assignment.pool
was_assigned: bool = bool(assignment) and assignment.allowed
denial: List[Reason] = assignment.reasons
denial_codes: List[DenialCode] = assignment.codes
plan: List[Effect] = assignment.effects
for skip in assignment.skipped:
    passed_over: str = skip.member
    in_pool: str = skip.pool
    why: List[Reason] = skip.reasons
    why_codes: List[DenialCode] = skip.codes
as_response: Dict[str, Any] = assignment.to_dict()
reloaded: leadrules.Assignment = pickle.loads(pickle.dumps(assignment))
last_pool: Optional[str] = denial[0].pool if denial else None


@dataclasses.dataclass
class Seller:
    id: str
    org: str
    role: str
    away: bool = False


batch: leadrules.Assignments = routing.assign_many(
    [web_lead, {"id": "L10", "org": "north"}], {"inside": {"cursor": None, "members": [Seller("u3", "north", "professional")]}}
)
first_assignment: leadrules.Assignment = batch[0]
some: List[leadrules.Assignment] = batch[0:1]
count: int = len(batch)
every: List[leadrules.Assignment] = [a for a in batch]
next_cursors: Dict[str, str] = batch.cursors
how_many: int = batch.assigned
batch_response: Dict[str, Any] = batch.to_dict()

owner_change: Decision = routing.change_owner(
    {"id": "m1", "org": "north", "role": "manager"}, {"id": "L1", "org": "north", "owner": "u1"}, plain_actor
)
assign_request: leadrules.AssignRequest = {"kind": "assign", "lead": web_lead, "pools": pools, "now": shaped_now}
batch_request: leadrules.AssignManyRequest = {"kind": "assign", "leads": [web_lead], "pools": pools}
change_request: leadrules.ChangeOwnerRequest = {"kind": "change_owner", "actor": actor, "lead": lead, "to": actor}
routed: List[Dict[str, Any]] = [routing.decide(r) for r in (assign_request, batch_request, change_request)]

def _assignment_misuse() -> None:
    """The type errors mypy must report (each ignore is checked: an unused one fails)."""
    routing.assign(web_lead, pools, shaped_now)  # type: ignore[call-arg]
    routing.assign(web_lead, [seller])  # type: ignore[arg-type]
    wrong_assignee: int = assignment.assignee  # type: ignore[assignment]
    print(wrong_assignee)
    bad_member: leadrules.Member = {"id": "u9", "org": "north"}  # type: ignore[typeddict-item]
    print(bad_member)
    batch["first"]  # type: ignore[call-overload]


# --- duplicate detection: the typed calls, their answers, the shapes -------

matching = leadrules.Engine({"policy": {"matching": {"default_region": "IN", "rules": [
    {"id": "same-phone", "keys": ["phone"], "action": "block"},
    {"id": "same-person", "keys": ["name", "company"], "action": "alert"},
]}}})
new_lead: leadrules.MatchLead = {"phone": "98123 45678", "mobiles": ["+91 99000 11111"], "name": "Jane Doe"}
saved: leadrules.Candidate = {"id": "L7", "phone": "+919812345678", "company": None}
index_keys: List[str] = matching.match_keys(new_lead)
batch_keys: List[List[str]] = matching.match_keys_many([new_lead, {"email": "a@b.co"}])


@dataclasses.dataclass
class Contact:
    id: str
    phone: Optional[str]
    name: str


found: leadrules.Matches = matching.match(new_lead, [saved, Contact("L8", None, "Jane Doe")])
may_save: bool = bool(found) and found.allowed
matched_count: int = len(found)
blocked_by: List[Reason] = found.reasons
blocked_codes: List[DenialCode] = found.codes
for duplicate in found.matches:
    duplicate_id: str = duplicate.lead
    by_rules: List[str] = duplicate.rules
    what_to_do: MatchActionName = duplicate.action
match_response: Dict[str, Any] = found.to_dict()
reloaded_matches: leadrules.Matches = pickle.loads(pickle.dumps(found))
keys_request: leadrules.MatchKeysRequest = {"kind": "match_keys", "lead": new_lead}
keys_many_request: leadrules.MatchKeysManyRequest = {"kind": "match_keys", "leads": [new_lead]}
match_request: leadrules.MatchRequest = {"kind": "match", "lead": new_lead, "candidates": [saved]}
asked_matches: List[Dict[str, Any]] = [matching.decide(r) for r in (keys_request, keys_many_request, match_request)]
stored_index: Dict[str, List[str]] = {"L7": matching.match_keys({"phone": "+919812345678"})}
by_keys: leadrules.Matches = matching.match_keyed(index_keys, stored_index, lead_id="NEW")
by_pairs: leadrules.Matches = matching.match_keyed(iter(index_keys), [("L7", ("same-phone:+919812345678",))])


def _matching_misuse() -> None:
    """The type errors mypy must report (each ignore is checked: an unused one fails)."""
    not_a_list: str = matching.match_keys(new_lead)  # type: ignore[assignment]
    print(not_a_list)
    nameless: leadrules.Candidate = {"phone": "+919812345678"}  # type: ignore[typeddict-item]
    print(nameless)
    wrong_action: MatchActionName = "merge"  # type: ignore[assignment]
    print(wrong_action)
    matching.match(new_lead)  # type: ignore[call-arg]
    matching.match_keyed(index_keys, stored_index, "NEW")  # type: ignore[call-arg]
    matching.match_keyed(index_keys, {"L7": [1]})  # type: ignore[arg-type]


# --- business hours: a calendar and the SLA clock ----------------------------

hours = leadrules.Engine({"policy": {"calendars": {"office": {"time_zone": "Europe/Berlin", "hours": {
    "mon": [["09:00", "13:00"], ["14:00", "18:00"]]}}}}})
office: leadrules.Calendar = hours.calendar("office")
calendar_zone: str = office.zone
opened_at: Optional[datetime.datetime] = office.next_open("2026-12-21T07:00:00Z")
due_by: Optional[datetime.datetime] = office.add(datetime.datetime(2026, 12, 21, 9, tzinfo=datetime.timezone.utc),
                                                 datetime.timedelta(hours=4))
open_time: datetime.timedelta = office.open_between("2026-12-21T00:00:00Z", "2026-12-22T00:00:00Z")
open_then: bool = office.is_open("2026-12-21T10:00:00Z")
pause: leadrules.Pause = {"from": "2026-12-21T10:00:00Z", "to": None}
clock: leadrules.Sla = hours.sla("office", "2026-12-21T09:00:00Z", datetime.timedelta(hours=4),
                                 "2026-12-21T12:00:00Z", [pause, ("2026-12-21T11:00:00Z", None)])
clock_due: Optional[datetime.datetime] = clock.due_at
clock_left: datetime.timedelta = clock.remaining
clock_late: bool = clock.breached
clock_response: Dict[str, Any] = clock.to_dict()


def _hours_misuse() -> None:
    """The type errors mypy must report (each ignore is checked: an unused one fails)."""
    office.add("2026-12-21T09:00:00Z", 4)  # type: ignore[arg-type]
    late: datetime.datetime = clock.due_at  # type: ignore[assignment]
    print(late)
    pause_without_start: leadrules.Pause = {"to": None}  # type: ignore[typeddict-item]
    print(pause_without_start)
