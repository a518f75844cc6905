"""A small CRM backend on SQLite that asks leadrules for every decision.

- :mod:`crm.db`: the schema, the connection, one-transaction helper, timestamps;
- :mod:`crm.effects`: one applier per effect kind, run as one plan;
- :mod:`crm.service`: the operations (create, edit, handover, cross silo,
  link, workflow transitions, assignment of new leads, a change of owner);
- :mod:`crm.routing`: assignment's facts from SQL (pools, open leads) and
  its log;
- :mod:`crm.sweep`: the scheduler's sweep (expiry, late first responses);
- :mod:`crm.sla`: the first-response SLA of new leads (clock, pauses,
  breaches), asking the engine through :mod:`crm.sla_clock`;
- :mod:`crm.match_index`: each lead's match keys in an indexed table, the
  candidates with their stored keys, and the flags of likely duplicates
  (``create_lead`` flags every match; nothing is merged);
- :mod:`crm.intake`: a new lead through the duplicate check (block, alert,
  link offer);
- ``config.json``: the engine config (org tree, expiry templates, assignment
  rules, the SLA calendar, the matching rules);
- ``python -m crm``: a short story, printed.
"""

from .effects import EffectError, UnknownEffectError
from .intake import Intake, LinkOffer, StaleOffer
from .routing import ImportReport, NotRoutable
from .service import Crm, ImportRefused, NotFound, SweepError, SweepReport
from .sla import SlaError

__all__ = [
    "Crm",
    "EffectError",
    "ImportRefused",
    "ImportReport",
    "Intake",
    "LinkOffer",
    "NotFound",
    "NotRoutable",
    "SlaError",
    "StaleOffer",
    "SweepError",
    "SweepReport",
    "UnknownEffectError",
]
