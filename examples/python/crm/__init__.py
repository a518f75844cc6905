"""A small CRM backend on SQLite that asks leadrules for every decision.

- :mod:`crm.db`: the schema, the connection, one-transaction helper, timestamps;
- :mod:`crm.effects`: one applier per effect kind, run as one plan;
- :mod:`crm.service`: the operations (create, edit, handover, cross silo,
  link, workflow transitions, the expiry sweep);
- ``config.json``: the engine config (org tree and expiry templates);
- ``python -m crm``: a short story, printed.
"""

from .effects import EffectError, UnknownEffectError
from .service import Crm, NotFound, SweepError, SweepReport

__all__ = ["Crm", "EffectError", "NotFound", "SweepError", "SweepReport", "UnknownEffectError"]
