"""Shapes of the values business hours read (``Engine.sla``,
``Calendar``): a pause of the SLA clock.

A typing aid, like the shapes of ``_types``: at run time a pause is a
dict ``{"from": t, "to": t or None}`` or a ``(from, to)`` tuple, each
instant an aware ``datetime`` or RFC 3339 text. Representation only: no
rule is decided here.
"""

from typing import Optional, Tuple, TypedDict, Union

from ._types import Instant

__all__ = ["Pause", "PauseIn"]

# `from` is a keyword: the functional form names the key.
_PauseRequired = TypedDict("_PauseRequired", {"from": Instant})


class Pause(_PauseRequired, total=False):
    """A pause of the SLA clock, ``[from, to)``: the clock does not run
    inside it. ``to`` absent or None: still paused, from ``from`` on.
    Pauses may overlap each other and closed hours."""

    to: Optional[Instant]


#: A pause as ``Engine.sla`` takes it: a :class:`Pause` dict or a
#: ``(from, to)`` tuple.
PauseIn = Union[Pause, Tuple[Instant, Optional[Instant]]]
