"""The business-time engines compared (business_time.py), each a module
with `ENGINE`, `PACKAGE` (its distribution name) and `build(case)`
returning a `Built`: how it answers "add open time" and "open time between
two instants" on one calendar, or why it cannot. leadrules comes first."""

from __future__ import annotations

import importlib
from types import ModuleType

MODULES = [
    ("leadrules", "clocks.leadrules_clock"),
    ("businesstimedelta", "clocks.businesstimedelta_clock"),
    ("business-duration", "clocks.business_duration_clock"),
]


def load() -> tuple[list[ModuleType], list[str]]:
    """Imports every clock module; one whose package is missing is left
    out and named, with the import error, in the second list."""
    loaded, missing = [], []
    for name, module in MODULES:
        try:
            loaded.append(importlib.import_module(module))
        except ImportError as err:
            missing.append(f"{name}: not available ({err})")
    return loaded, missing
