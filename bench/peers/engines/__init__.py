"""The engines compared, each a module with ``PACKAGE`` (its distribution
name, None for plain Python), ``handover(cases)`` and ``transition(cases)``
returning ``Prepared`` entries. leadrules comes first: it is the reference.
"""

from __future__ import annotations

import importlib
from types import ModuleType

MODULES = [
    ("leadrules", "engines.leadrules_api"),
    ("leadrules, prepared facts", "engines.leadrules_prepared"),
    ("hand-written if/else", "engines.handwritten"),
    ("zen-engine", "engines.zen_engine"),
    ("CEL", "engines.cel_engine"),
    ("rule-engine", "engines.rule_engine_peer"),
    ("cedarpy", "engines.cedar"),
    ("casbin", "engines.casbin_engine"),
    ("transitions", "engines.transitions_engine"),
    ("python-statemachine", "engines.statemachine_engine"),
]


def load() -> tuple[list[ModuleType], list[str]]:
    """Imports every engine module; one whose package is missing is left
    out and named, with the import error, in the second list."""
    loaded, missing = [], []
    for name, module in MODULES:
        try:
            loaded.append(importlib.import_module(module))
        except ImportError as err:
            missing.append(f"{name}: not available ({err})")
    return loaded, missing
