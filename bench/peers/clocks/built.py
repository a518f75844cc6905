"""What a clock module hands over for one calendar: per question kind, the
timed callable and how to build its arguments from a question and read
its answer back as seconds, or the reason it cannot be asked at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional

from business_questions import Question

# One call's arguments: positional and keyword (as prepared.Args).
Args = tuple[tuple[Any, ...], Dict[str, Any]]


@dataclass(frozen=True)
class Way:
    """How one engine answers one kind of question on one calendar.

    `call(*args, **kwargs)` is what is timed; `arguments(question)` builds
    its inputs before timing; `read(result)` turns its answer into seconds
    (an instant since the epoch for "add", a duration for "between") and is
    used by the correctness pass only."""

    call: Callable[..., Any]
    arguments: Callable[[Question], Args]
    read: Callable[[Any], int]


@dataclass
class Built:
    """An engine on one calendar: a `Way` per question kind it can answer,
    a reason per kind it cannot."""

    ways: Dict[str, Way] = field(default_factory=dict)
    cannot: Dict[str, str] = field(default_factory=dict)

    def way(self, kind: str) -> Optional[Way]:
        """The way to ask `kind`, or None (see `cannot`)."""
        return self.ways.get(kind)
