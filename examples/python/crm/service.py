"""The CRM's operations: read the facts, ask leadrules, apply the plan.

Every operation has the same shape, and no rule of its own::

    with db.transaction(conn):                 # BEGIN IMMEDIATE
        facts = read the actor and the lead(s)
        decision = engine.<question>(facts...)
        if decision:                           # allowed
            effects.apply_plan(conn, decision.effects, ...)
            write the audit row
    return decision                            # COMMIT (or ROLLBACK on any error)

A denial is returned as it is (its ``codes`` and ``reasons`` say why) and
writes nothing. Bad input (an unknown org, action or template) raises the
engine's ``leadrules.Error``; a naive datetime ``ValueError``; a user or lead
the database lacks :class:`NotFound`; a plan the CRM cannot apply
``EffectError``. Any exception rolls the whole operation back.

All times are aware datetimes; the CRM keeps whole seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import leadrules

from . import db, effects, intake, match_index, routing, sla, sweep
from .effects import EXPIRY_SWEEP, PlanContext
from .intake import Intake, LinkOffer
from .routing import ImportReport
from .sweep import SWEPT, SYSTEM_ACTOR, SweepError, SweepReport

__all__ = ["SWEPT", "SYSTEM_ACTOR", "Crm", "Draft", "ImportRefused", "NotFound", "SweepError", "SweepReport"]

#: The engine config: the org tree and the policy (expiry templates,
#: assignment rules, the SLA calendar, the matching rules).
CONFIG_PATH = Path(__file__).with_name("config.json")

#: The lead fields an edit may change (stages move through transitions,
#: owners through the engine's plans).
EDITABLE = ("name", "mobile", "email", "company")

#: Record columns that SQLite stores as 0/1 and leadrules reads as booleans.
_BOOLEAN_COLUMNS = ("handed_over_to_sales", "archived")


class NotFound(LookupError):
    """A user, lead or event the database does not hold."""


class ImportRefused(ValueError):
    """A row of a bulk import may not be created; nothing was imported."""


@dataclass(frozen=True)
class Draft:
    """A lead as :meth:`Crm.create_lead` drafts it (its arguments after the
    name), for creating it inside a transaction of another operation."""

    workflow: str = "leadx_pipeline"
    stage: Optional[str] = None
    sub_stage: Optional[str] = None
    assignee: Optional[str] = None
    handover_to_sales: bool = False
    mobile: Optional[str] = None
    email: Optional[str] = None
    company: Optional[str] = None
    project: Optional[str] = None
    status: Optional[str] = None
    partner: Optional[str] = None
    template: Optional[str] = None
    expires_at: Optional[dt.datetime] = None
    distribution_owner: Optional[str] = None
    channel: Optional[str] = None
    country: Optional[str] = None
    budget: Optional[int] = None


Record = Dict[str, Any]
Instant = Union[dt.datetime, str]


def load_config(path: Union[str, Path] = CONFIG_PATH) -> Dict[str, Any]:
    """The engine config as a dict."""
    with open(path, encoding="utf-8") as file:
        config: Dict[str, Any] = json.load(file)
    return config


class Crm:
    """The CRM backend: one database connection and one engine.

    The engine is immutable and could be shared by every request handler;
    the connection belongs to this object (one per thread in a server).
    """

    def __init__(self, conn: sqlite3.Connection, engine: leadrules.Engine) -> None:
        self.conn = conn
        self.engine = engine
        # The engine is immutable: which stages run an expiry period is
        # asked once, not on every sweep.
        self._swept_stages: Dict[str, Tuple[str, ...]] = {
            workflow: tuple(stage.name for stage in engine.workflow(workflow).stages if stage.expiry is not None)
            for workflow in SWEPT
        }
        #: The first-response clocks of new leads.
        self.sla = sla.FirstResponse(conn, engine)

    @classmethod
    def open(cls, path: str = ":memory:", config: Optional[Mapping[str, Any]] = None) -> Crm:
        """Opens the database at ``path`` (creating its schema) with the
        engine built from ``config`` (default: ``config.json``). The config
        is validated completely here, never at decision time."""
        config = load_config() if config is None else config
        engine = leadrules.Engine(config)
        if engine.warnings:
            # Legal but suspicious (a stage no action reaches, ...): fix the config.
            raise ValueError("; ".join(f"config warning at {w.path}: {w.message}" for w in engine.warnings))
        conn = db.connect(path)
        try:
            db.sync_orgs(conn, config.get("orgs", []))
        except BaseException:
            conn.close()
            raise
        return cls(conn, engine)

    def close(self) -> None:
        self.conn.close()

    # --- the directory (host data: no rule involved) --------------------

    def add_user(
        self, user_id: str, name: str, org: str, role: str, *, assignment_owner_of: Iterable[str] = ()
    ) -> None:
        """Adds a user of ``org`` with ``role``; ``assignment_owner_of`` lists
        the projects whose lead assignment the user owns."""
        with db.transaction(self.conn):
            self.conn.execute("INSERT INTO users (id, name, org, role) VALUES (?, ?, ?, ?)", (user_id, name, org, role))
            self.conn.executemany(
                "INSERT INTO assignment_owners (user, project) VALUES (?, ?)",
                [(user_id, project) for project in assignment_owner_of],
            )

    def schedule_event(self, event_id: str, lead_id: str, title: str, at: dt.datetime) -> None:
        """Puts a meeting or site visit on ``lead_id``'s calendar."""
        with db.transaction(self.conn):
            self.lead(lead_id)
            self.conn.execute(
                "INSERT INTO events (id, lead, title, at) VALUES (?, ?, ?, ?)",
                (event_id, lead_id, title, db.ts(db.whole_seconds(at))),
            )

    # --- reading facts ----------------------------------------------------

    def actor(self, user_id: str) -> Record:
        """The user as leadrules' actor: ``id``, ``org``, ``role`` and the
        projects whose assignment it owns."""
        row = self.conn.execute("SELECT id, org, role FROM users WHERE id = ?", (user_id,)).fetchone()
        if row is None:
            raise NotFound(f"no user {user_id!r}")
        projects = self.conn.execute(
            "SELECT project FROM assignment_owners WHERE user = ? ORDER BY project", (user_id,)
        ).fetchall()
        return {**dict(row), "assignment_owner_of": [p["project"] for p in projects]}

    def lead(self, lead_id: str) -> Record:
        """The stored lead, as passed to leadrules: the whole row (the engine
        reads the keys it needs and ignores the others), with SQLite's 0/1
        flags turned back into booleans."""
        row = self.conn.execute("SELECT * FROM leads WHERE id = ?", (lead_id,)).fetchone()
        if row is None:
            raise NotFound(f"no lead {lead_id!r}")
        return _record(row)

    def targets(self, actor_id: str, lead_id: str) -> leadrules.Targets:
        """Where ``actor_id`` may send ``lead_id``, by handover and by cross
        silo (a drop-down's entries)."""
        return self.engine.targets(self.actor(actor_id), self.lead(lead_id))

    def buttons(self, actor_id: str, lead_id: str, *, now: dt.datetime) -> List[str]:
        """The workflow actions ``actor_id`` may take on ``lead_id`` now."""
        lead = self.lead(lead_id)
        answers = self.engine.actions(self.actor(actor_id), lead, workflow=lead["workflow"], now=db.whole_seconds(now))
        return [str(a["action"]) for a in answers if a["allowed"]]

    def wake_at(self) -> Optional[dt.datetime]:
        """When the expiry sweep should run next (None: no deadline pending)."""
        return db.wake_at(self.conn, EXPIRY_SWEEP)

    # --- creating and editing ---------------------------------------------

    def create_lead(
        self,
        actor_id: str,
        lead_id: str,
        *,
        name: str,
        now: dt.datetime,
        workflow: str = "leadx_pipeline",
        stage: Optional[str] = None,
        sub_stage: Optional[str] = None,
        assignee: Optional[str] = None,
        handover_to_sales: bool = False,
        mobile: Optional[str] = None,
        email: Optional[str] = None,
        company: Optional[str] = None,
        project: Optional[str] = None,
        status: Optional[str] = None,
        partner: Optional[str] = None,
        template: Optional[str] = None,
        expires_at: Optional[dt.datetime] = None,
        distribution_owner: Optional[str] = None,
        channel: Optional[str] = None,
        country: Optional[str] = None,
        budget: Optional[int] = None,
    ) -> leadrules.Decision:
        """Creates ``lead_id`` in the actor's org as drafted, if leadrules
        allows it; the create plan sets its stage, owner and pipeline (and
        locks it for a basic creator handing it over to sales), and a
        partner lead's first deadline. Every effect of the plan names
        ``lead_id``: the draft gives leadrules the id.

        ``partner`` makes it a lead offered to that partner company, sourced
        by the actor's company; ``expires_at`` is a deadline set through the
        CRM's API (else the template's pending period runs). ``channel``,
        ``country`` and ``budget`` are what the intake form recorded, the
        fields assignment rules test (:meth:`route_lead`). The lead's match
        keys are stored and its first-response clock started in the same
        transaction, and the lead is reported as a likely duplicate of
        every earlier lead a matching rule matches (its stored keys against
        theirs, ``engine.match_keyed``): one ``duplicate_flags`` row each,
        whatever the rule's action, read back by :meth:`likely_duplicates`.
        A duplicate refuses nothing here and nothing is merged;
        :meth:`intake_lead` is the front door that blocks and offers links."""
        draft = Draft(
            workflow=workflow,
            stage=stage,
            sub_stage=sub_stage,
            assignee=assignee,
            handover_to_sales=handover_to_sales,
            mobile=mobile,
            email=email,
            company=company,
            project=project,
            status=status,
            partner=partner,
            template=template,
            expires_at=expires_at,
            distribution_owner=distribution_owner,
            channel=channel,
            country=country,
            budget=budget,
        )
        now = db.whole_seconds(now)
        with db.transaction(self.conn):
            decision = self._create(actor_id, lead_id, name, draft, now)
            if decision:
                self._report_duplicates(lead_id, now)
            return decision

    def _report_duplicates(self, lead_id: str, now: dt.datetime) -> leadrules.Matches:
        """Flags the just-saved ``lead_id`` as a likely duplicate of each
        earlier lead sharing a key of a matching rule: its stored keys
        against the candidates' stored keys, found through the index."""
        lead_keys = match_index.keys(self.conn, lead_id)
        found = self.engine.match_keyed(
            lead_keys, match_index.keyed_candidates(self.conn, lead_keys), lead_id=lead_id
        )
        match_index.flag(self.conn, lead_id, found.matches, now)
        return found

    def likely_duplicates(self, lead_id: str) -> List[Record]:
        """The earlier leads ``lead_id`` was flagged as a likely duplicate
        of when it was saved, in the order flagged: ``duplicate``, ``rules``
        (policy order), ``action`` (their strongest), ``flagged_at``."""
        return [
            {**dict(row), "rules": json.loads(row["rules"])}
            for row in self.conn.execute(
                "SELECT duplicate, rules, action, flagged_at FROM duplicate_flags WHERE lead = ? ORDER BY id",
                (lead_id,),
            )
        ]

    def _create(
        self, actor_id: str, lead_id: str, name: str, draft: Draft, now: dt.datetime, *, index: bool = True
    ) -> leadrules.Decision:
        """:meth:`create_lead` inside the caller's transaction (``index``
        False: the caller stores the keys, e.g. of a whole import at once)."""
        actor = self.actor(actor_id)
        request = {
            "id": lead_id,
            "stage": draft.stage,
            "sub_stage": draft.sub_stage,
            "assignee": None
            if draft.assignee is None
            else {"id": draft.assignee, "org": self.actor(draft.assignee)["org"]},
            "handover_to_sales": draft.handover_to_sales,
            "template": draft.template,
            "expires_at": None if draft.expires_at is None else db.whole_seconds(draft.expires_at),
        }
        decision = self.engine.can_create(actor, request, workflow=draft.workflow, now=now)
        if not decision:
            return decision
        self.conn.execute(
            "INSERT INTO leads (id, name, workflow, org, creator, mobile, email, company, project, status, partner,"
            " source, template, created_at, expires_at, distribution_owner, channel, country, budget)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                lead_id,
                name,
                draft.workflow,
                actor["org"],
                actor_id,
                draft.mobile,
                draft.email,
                draft.company,
                draft.project,
                draft.status,
                draft.partner,
                None if draft.partner is None else actor["org"],
                draft.template,
                db.ts(now),
                None if draft.expires_at is None else db.ts(db.whole_seconds(draft.expires_at)),
                draft.distribution_owner,
                draft.channel,
                draft.country,
                draft.budget,
            ),
        )
        # The plan's `set_expiry` stores a partner lead's first deadline
        # and wakes the sweep for it.
        self._apply(decision.effects, "create", actor_id, lead_id, now)
        lead = self.lead(lead_id)
        if lead["stage"] is None or lead["pipeline"] is None:
            raise effects.EffectError(f"the create plan left lead {lead_id!r} without a stage or pipeline")
        if index:
            match_index.store(self.conn, self.engine, [lead_id])
        self.sla.start(lead_id, draft.workflow, lead["stage"], now)
        return decision

    def intake_lead(
        self, actor_id: str, lead_id: str, *, name: str, now: dt.datetime, **draft: Any
    ) -> Intake:
        """Creates ``lead_id`` as :meth:`create_lead` does (``draft``: its
        keyword arguments) once the duplicate check passes: refused when a
        ``block`` rule matches an earlier lead, saved and flagged on an
        ``alert``, offered a link (nothing saved yet) on a ``link`` rule
        (:mod:`crm.intake`)."""
        return intake.intake(self, actor_id, lead_id, name, Draft(**draft), now)

    def accept_link(
        self,
        offer: LinkOffer,
        *,
        now: dt.datetime,
        primary: Optional[str] = None,
        actor: Optional[str] = None,
        owner: Optional[str] = None,
    ) -> Intake:
        """Saves the offered lead and links it into ``primary`` (default: the
        first lead offered) as ``actor`` (default: its creator), ``owner``
        (default: the primary's owner) owning the primary, in one
        transaction; a link the rules refuse saves nothing."""
        return intake.accept(self, offer, primary=primary, actor=actor, owner=owner, now=now)

    def decline_link(self, offer: LinkOffer, *, now: dt.datetime) -> Intake:
        """Saves the offered lead alone, linked to nothing."""
        return intake.decline(self, offer, now=now)

    def edit_lead(
        self, actor_id: str, lead_id: str, changes: Mapping[str, Optional[str]], *, now: dt.datetime
    ) -> leadrules.Decision:
        """Updates ``changes`` (keys from :data:`EDITABLE`) on ``lead_id`` if
        the actor may edit it."""
        unknown = sorted(set(changes) - set(EDITABLE))
        if unknown:
            raise ValueError(f"not editable here: {', '.join(unknown)}")
        now = db.whole_seconds(now)
        with db.transaction(self.conn):
            decision = self.engine.can_edit(self.actor(actor_id), self.lead(lead_id))
            if decision:
                self._apply(decision.effects, "edit", actor_id, lead_id, now)  # no effects: the edit is the host's
                for column in EDITABLE:
                    if column in changes:
                        self.conn.execute(f"UPDATE leads SET {column} = ? WHERE id = ?", (changes[column], lead_id))
                if set(changes) & set(match_index.MATCHED):
                    match_index.store(self.conn, self.engine, [lead_id])
            return decision

    # --- moving leads between orgs ----------------------------------------

    def handover(self, actor_id: str, lead_id: str, to: str, *, now: dt.datetime) -> leadrules.Decision:
        """Hands ``lead_id`` over to the parent or child org ``to``."""
        return self._transfer("handover", actor_id, lead_id, to, now)

    def cross_silo(self, actor_id: str, lead_id: str, to: str, *, now: dt.datetime) -> leadrules.Decision:
        """Sends ``lead_id`` to ``to`` elsewhere in its community by cross silo."""
        return self._transfer("cross_silo", actor_id, lead_id, to, now)

    def _transfer(self, kind: str, actor_id: str, lead_id: str, to: str, now: dt.datetime) -> leadrules.Decision:
        now = db.whole_seconds(now)
        with db.transaction(self.conn):
            actor, lead = self.actor(actor_id), self.lead(lead_id)
            ask = self.engine.can_handover if kind == "handover" else self.engine.can_cross_silo
            decision = ask(actor, lead, to)
            if decision:
                self._apply(decision.effects, kind, actor_id, lead_id, now)
            return decision

    # --- linking two leads of one customer ---------------------------------

    def link(
        self, actor_id: str, primary_id: str, secondary_id: str, *, owner: str, now: dt.datetime
    ) -> leadrules.Decision:
        """Links ``secondary_id`` into ``primary_id``, ``owner`` (one of the two
        leads' managers) owning the primary."""
        now = db.whole_seconds(now)
        with db.transaction(self.conn):
            return self._link(actor_id, primary_id, secondary_id, owner, now)

    def _link(
        self, actor_id: str, primary_id: str, secondary_id: str, owner: str, now: dt.datetime
    ) -> leadrules.Decision:
        """:meth:`link` inside the caller's transaction."""
        primary = self.lead(primary_id)
        primary["alternates"] = [
            r["mobile"]
            for r in self.conn.execute(
                "SELECT mobile FROM lead_contacts WHERE lead = ? ORDER BY rowid", (primary_id,)
            )
        ]
        secondary = self.lead(secondary_id)
        secondary["events"] = [
            {"id": r["id"], "at": r["at"]}
            for r in self.conn.execute(
                "SELECT id, at FROM events WHERE lead = ? AND status = 'scheduled' ORDER BY at, id", (secondary_id,)
            )
        ]
        decision = self.engine.can_link(self.actor(actor_id), primary, secondary, owner=owner, now=now)
        if decision:
            self._apply(decision.effects, "link", actor_id, primary_id, now)
            # The primary may have gained the secondary's number.
            match_index.store(self.conn, self.engine, [primary_id])
        return decision

    # --- workflows ---------------------------------------------------------

    def transition(
        self,
        actor_id: str,
        lead_id: str,
        action: str,
        *,
        now: dt.datetime,
        fields: Optional[Mapping[str, object]] = None,
    ) -> leadrules.Decision:
        """Takes ``action`` of the lead's workflow, with the form's ``fields``."""
        now = db.whole_seconds(now)
        with db.transaction(self.conn):
            lead = self.lead(lead_id)
            decision = self.engine.transition(
                self.actor(actor_id), lead, action, workflow=lead["workflow"], fields=fields, now=now
            )
            if decision:
                self._apply(decision.effects, f"transition:{action}", actor_id, lead_id, now)
                # Leaving the first stage is the first response: the SLA clock stops.
                self.sla.answered_if_moved(lead_id, lead["workflow"], self.lead(lead_id)["stage"], now)
            return decision

    def accept(self, actor_id: str, lead_id: str, *, now: dt.datetime) -> leadrules.Decision:
        """A partner user accepts the lead offered to their company."""
        return self.transition(actor_id, lead_id, "accept", now=now)

    def decline(self, actor_id: str, lead_id: str, *, reason: str, now: dt.datetime) -> leadrules.Decision:
        """A partner user declines the lead, saying why."""
        return self.transition(actor_id, lead_id, "decline", now=now, fields={"reason": reason})

    def convert(self, actor_id: str, lead_id: str, *, opportunity_id: str, now: dt.datetime) -> leadrules.Decision:
        """A partner user converts the accepted lead into ``opportunity_id``."""
        return self.transition(actor_id, lead_id, "convert", now=now, fields={"opportunity_id": opportunity_id})

    def reassign(self, actor_id: str, lead_id: str, *, partner: str, now: dt.datetime) -> leadrules.Decision:
        """The sourcing company offers the lead to another partner."""
        return self.transition(actor_id, lead_id, "reassign", now=now, fields={"partner": partner})

    # --- assignment: who gets a new lead -----------------------------------

    def add_to_pool(self, pool: str, user_ids: Sequence[str]) -> None:
        """Appends ``user_ids`` to ``pool``'s rotation, in order."""
        with db.transaction(self.conn):
            (last,) = self.conn.execute(
                "SELECT coalesce(max(position), -1) FROM pool_members WHERE pool = ?", (pool,)
            ).fetchone()
            self.conn.executemany(
                "INSERT INTO pool_members (pool, user, position) VALUES (?, ?, ?)",
                [(pool, user, last + 1 + i) for i, user in enumerate(user_ids)],
            )

    def set_availability(self, user_id: str, *, away: Optional[bool] = None, active: Optional[bool] = None) -> None:
        """Marks ``user_id`` away (leave, sick, paused) or back, active or
        not (left the company); what is not given stays as it is."""
        with db.transaction(self.conn):
            self.actor(user_id)
            if away is not None:
                self.conn.execute("UPDATE users SET away = ? WHERE id = ?", (int(away), user_id))
            if active is not None:
                self.conn.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))

    def set_capacity(self, user_id: str, capacity: Optional[int], *, weight: int = 1) -> None:
        """The most open leads ``user_id`` takes (None: no limit), and its
        share of leads under ``least_loaded``."""
        with db.transaction(self.conn):
            self.actor(user_id)
            self.conn.execute("UPDATE users SET capacity = ?, weight = ? WHERE id = ?", (capacity, weight, user_id))

    def route_lead(self, lead_id: str, *, now: dt.datetime) -> leadrules.Assignment:
        """Gives the unowned ``lead_id`` an owner by the policy's assignment
        rules, over the pools as the database holds them now. Allowed: the
        owner, the pool's cursor and the assignee's notice are written in
        one transaction. Denied: the lead stays unowned. Either way the
        answer is logged (:meth:`assignment_log`) and returned."""
        now = db.whole_seconds(now)
        with db.transaction(self.conn):
            lead = routing.assignable(self.lead(lead_id))
            answer = self.engine.assign(lead, routing.pools(self.conn), now=now)
            if answer:
                self._apply(answer.effects, "assign", routing.ROUTER, lead_id, now)
            routing.log(self.conn, answer, lead_id, now)
            return answer

    def import_leads(self, actor_id: str, rows: Sequence[Mapping[str, Any]], *, now: dt.datetime) -> ImportReport:
        """Imports ``rows`` (each ``id``, ``name`` and any of ``channel``,
        ``country``, ``budget``) as new leads of ``actor_id``'s org, handed
        over to sales, and routes them all with one ``assign_many`` call, in
        one transaction: every lead is created and every answer applied and
        logged, or nothing is. A row the create rules refuse refuses the
        import (:class:`ImportRefused`)."""
        now = db.whole_seconds(now)
        ids = [str(row["id"]) for row in rows]
        with db.transaction(self.conn):
            for row in rows:
                draft = Draft(
                    handover_to_sales=True,
                    channel=row.get("channel"),
                    country=row.get("country"),
                    budget=row.get("budget"),
                )
                decision = self._create(actor_id, str(row["id"]), str(row["name"]), draft, now, index=False)
                if not decision:
                    raise ImportRefused(f"lead {row['id']!r} may not be created: {', '.join(decision.codes)}")
            match_index.store(self.conn, self.engine, ids)
            leads = [routing.assignable(self.lead(lead_id)) for lead_id in ids]
            batch = self.engine.assign_many(leads, routing.pools(self.conn), now=now)
            # Each allowed answer's plan moves its pool's cursor: after the
            # last one, the stored cursors are the batch's `cursors`.
            for lead_id, answer in zip(ids, batch):
                if answer:
                    self._apply(answer.effects, "assign", routing.ROUTER, lead_id, now)
                routing.log(self.conn, answer, lead_id, now)
            return ImportReport(leads=ids, assignments=batch.assignments, cursors=batch.cursors)

    def change_owner(self, actor_id: str, lead_id: str, to: str, *, now: dt.datetime) -> leadrules.Decision:
        """Hands ``lead_id`` to the user ``to`` by hand, if ``actor_id`` may:
        the new owner and the notices to both owners, in one transaction.
        The pools' cursors are the rotation's and stay as they are."""
        now = db.whole_seconds(now)
        with db.transaction(self.conn):
            decision = self.engine.change_owner(self.actor(actor_id), self.lead(lead_id), self.actor(to))
            if decision:
                self._apply(decision.effects, "change_owner", actor_id, lead_id, now)
            return decision

    def assignment_log(self, lead_id: str) -> List[Dict[str, Any]]:
        """Every assignment answer logged for ``lead_id``, oldest first."""
        return routing.logged(self.conn, lead_id)

    def cursor(self, pool: str) -> Optional[str]:
        """``pool``'s stored cursor (None before its first lead)."""
        row = self.conn.execute("SELECT cursor FROM pool_cursors WHERE pool = ?", (pool,)).fetchone()
        return None if row is None else str(row["cursor"])

    # --- the expiry sweep --------------------------------------------------

    def swept_stages(self, workflow: str) -> Tuple[str, ...]:
        """The stages of ``workflow`` on which an expiry period runs, in the
        workflow's order, as the engine compiled it (``engine.workflow``):
        a lead anywhere else has no deadline, so the sweep never reads it."""
        return self._swept_stages[workflow]

    def sweep_book(self, workflow: str) -> List[Record]:
        """The leads of ``workflow`` the sweep must read: those on a stage
        that runs an expiry period, selected in SQL (by the index on
        workflow and stage), in id order. Sweeping them answers exactly
        what sweeping every lead of the workflow would."""
        stages = self.swept_stages(workflow)
        if not stages:
            return []
        marks = ", ".join("?" * len(stages))
        query = f"SELECT * FROM leads WHERE workflow = ? AND stage IN ({marks}) ORDER BY id"
        return [_record(r) for r in self.conn.execute(query, (workflow, *stages))]

    def run_due_sweep(self, now: dt.datetime) -> SweepReport:
        """Expires every lead that is due at ``now``, lists the leads whose
        first response is late, and stores when to run next, in one
        transaction (:mod:`crm.sweep`)."""
        return sweep.run(self, db.whole_seconds(now))

    def sweep_if_due(self, now: dt.datetime) -> Optional[SweepReport]:
        """Runs the sweep if its wake-up time, or a first-response due
        time, has come (a scheduler's tick)."""
        wakes = [wake for wake in (self.wake_at(), self.sla.wake_at()) if wake is not None]
        return None if not wakes or min(wakes) > now else self.run_due_sweep(now)

    # --- applying ------------------------------------------------------------

    def _apply(
        self,
        plan: Sequence[Mapping[str, Any]],
        kind: str,
        actor_id: str,
        lead_id: Optional[str],
        now: dt.datetime,
    ) -> None:
        """Applies an allowed answer's plan and records it, in the open
        transaction."""
        effects.apply_plan(self.conn, plan, PlanContext(now=now, actor=actor_id))
        self.conn.execute(
            "INSERT INTO decisions (at, actor, kind, lead, effects) VALUES (?, ?, ?, ?, ?)",
            (db.ts(now), actor_id, kind, lead_id, json.dumps(list(plan), default=_stored)),
        )


def _stored(value: object) -> str:
    """A plan's datetime (every timestamp leadrules answers) as the audit
    log's JSON stores it: the CRM's own text."""
    if isinstance(value, dt.datetime):
        return db.ts(value)
    raise TypeError(f"{value!r} is not JSON")


def _record(row: sqlite3.Row) -> Record:
    record = dict(row)
    for column in _BOOLEAN_COLUMNS:
        record[column] = bool(record[column])
    return record
