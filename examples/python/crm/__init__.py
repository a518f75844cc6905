"""A small CRM backend on SQLite that asks leadrules for every decision.

- :mod:`crm.db`: the schema, the connection, one-transaction helper, timestamps;
- :mod:`crm.effects`: one applier per effect kind, run as one plan;
- :mod:`crm.service`: the operations (create, edit, handover, cross silo,
  link, workflow transitions, the expiry sweep, assignment of new leads,
  a change of owner);
- :mod:`crm.routing`: assignment's facts from SQL (pools, open leads) and
  its log;
- ``config.json``: the engine config (org tree, expiry templates, assignment rules);
- ``python -m crm``: a short story, printed.
"""

from .effects import EffectError, UnknownEffectError
from .routing import ImportReport, NotRoutable
from .service import Crm, ImportRefused, NotFound, SweepError, SweepReport

__all__ = [
    "Crm",
    "EffectError",
    "ImportRefused",
    "ImportReport",
    "NotFound",
    "NotRoutable",
    "SweepError",
    "SweepReport",
    "UnknownEffectError",
]
