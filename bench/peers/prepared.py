"""What every engine module hands to the correctness pass and the timer: one
callable, its arguments for every truth-table case (built once, in table
order), and how to read allow/deny from what the callable returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

# One call's arguments: positional and keyword.
Args = tuple[tuple[Any, ...], dict[str, Any]]


@dataclass(frozen=True)
class Prepared:
    """An engine ready to answer one rule for every case of the table.

    ``call(*args, **kwargs)`` is exactly what is timed; ``allowed`` turns its
    result into a bool and is used by the correctness pass only, as is
    ``reasons`` (the denial codes an engine explains itself with, if any).
    """

    engine: str
    variant: str
    call: Callable[..., Any]
    inputs: list[Args]
    allowed: Callable[[Any], bool]
    reasons: Optional[Callable[[Any], set[str]]] = None

    @property
    def name(self) -> str:
        """The row label: engine, then the variant in parentheses if any."""
        return f"{self.engine} ({self.variant})" if self.variant else self.engine


def identity_bool(result: Any) -> bool:
    """For callables that already answer a bool."""
    return bool(result)
