# Stubs for the compiled module leadrules._native (python/src/).
# Checked against the module by `python -m mypy.stubtest leadrules._native`.

from datetime import datetime
from typing import Any, Iterable, Mapping, Sequence, final

from ._types import (
    Actor,
    ConfigWarning,
    DenialCode,
    Effect,
    Expiry,
    Lead,
    NewLead,
    Reason,
    Route,
    SweepResult,
)

__all__ = ["Decision", "Engine", "Targets", "__version__"]

__version__: str

@final
class Engine:
    """A compiled policy and org directory: built once, asked many questions.

    ``config`` is None (the built-in policy, no orgs), a dict, or JSON text.
    Raises ``ConfigError`` listing every problem of a config that does not
    validate. Immutable: share one engine between threads freely.

    Configs and requests hold JSON-shaped values (any mapping with ``str``
    keys, list, tuple, str, int, float, bool, None), and these host values:
    ``datetime``, ``date`` and ``time`` as their ``isoformat()``, ``UUID`` as
    its ``str``, a finite ``Decimal`` as a float, an ``Enum`` as its
    ``.value``.
    """

    def __new__(cls, config: Mapping[str, object] | str | None = None) -> Engine: ...
    @property
    def warnings(self) -> list[ConfigWarning]:
        """Findings about the config that did not stop it from loading (a
        stage no action reaches, an action nobody can take, ...), in
        document order; empty for the built-in policy."""

    def decide(self, request: Mapping[str, object] | str) -> dict[str, Any]:
        """Answers one protocol request (a dict, or JSON text) with the
        response dict. Raises ``RequestError`` (or a subclass) for bad input."""

    def can_handover(
        self, actor: Actor | Mapping[str, object], lead: Lead | Mapping[str, object], to: str
    ) -> Decision:
        """May ``actor`` hand ``lead`` over to the org ``to`` (a parent↔child edge)?"""

    def can_cross_silo(
        self, actor: Actor | Mapping[str, object], lead: Lead | Mapping[str, object], to: str
    ) -> Decision:
        """May ``actor`` send ``lead`` to the org ``to`` by cross silo?"""

    def targets(self, actor: Actor | Mapping[str, object], lead: Lead | Mapping[str, object]) -> Targets:
        """The orgs ``actor`` may send ``lead`` to, by each route."""

    def can_create(
        self,
        actor: Actor | Mapping[str, object],
        lead: NewLead | Mapping[str, object],
        workflow: str | None = None,
    ) -> Decision:
        """May ``actor`` create ``lead`` as drafted (``workflow`` defaults to
        ``leadx_pipeline``)?"""

    def can_edit(self, actor: Actor | Mapping[str, object], lead: Lead | Mapping[str, object]) -> Decision:
        """May ``actor`` update ``lead``?"""

    def can_link(
        self,
        actor: Actor | Mapping[str, object],
        primary: Mapping[str, object],
        secondary: Mapping[str, object],
        *,
        owner: str,
        now: str | datetime,
    ) -> Decision:
        """May ``actor`` link ``secondary`` into ``primary``, ``owner`` owning
        the primary? ``now`` is RFC 3339 text or an aware datetime."""

    def transition(
        self,
        actor: Actor | Mapping[str, object],
        lead: Mapping[str, object],
        action: str,
        *,
        workflow: str,
        fields: Mapping[str, object] | None = None,
        now: str | datetime | None = None,
    ) -> Decision:
        """May ``actor`` take ``action`` on ``lead`` in ``workflow``?"""

    def actions(
        self,
        actor: Actor | Mapping[str, object],
        lead: Mapping[str, object],
        *,
        workflow: str,
        now: str | datetime | None = None,
    ) -> list[dict[str, Any]]:
        """Every action of ``workflow``: ``{"action", "allowed", "reasons", "requires"}``."""

    def expiry(self, lead: Mapping[str, object], *, workflow: str, now: str | datetime) -> Expiry:
        """Where ``lead`` stands against its deadline in ``workflow`` at ``now``."""

    def sweep(
        self, leads: Iterable[Mapping[str, object]], *, workflow: str, now: str | datetime
    ) -> SweepResult:
        """Which of ``leads`` are due at ``now``, and the earliest deadline to come."""

    def sweep_columns(
        self,
        ids: Sequence[Any],
        stages: Sequence[str] | Sequence[int] | Any,
        created_at: Sequence[int | None] | Any,
        *,
        workflow: str,
        now: int | str | datetime,
        expires_at: Sequence[int | None] | Any = None,
        accepted_at: Sequence[int | None] | Any = None,
        reassigned_at: Sequence[int | None] | Any = None,
        templates: Sequence[str] | Sequence[int] | Any = None,
    ) -> SweepResult:
        """The sweep over columns (sequences or integer buffers such as NumPy
        arrays; times in Unix seconds); the GIL is released while it runs."""

    def stage_code(self, workflow: str, stage: str) -> int:
        """The code of a stage of ``workflow``, for ``sweep_columns``."""

    def template_code(self, name: str) -> int:
        """The code of an expiry template, for ``sweep_columns``."""

    def __reduce__(self) -> tuple[type[Engine], tuple[str]]: ...

@final
class Decision:
    """The answer to a handover, cross-silo, create, edit, link or transition question;
    truthy when allowed."""

    @property
    def allowed(self) -> bool: ...
    @property
    def reasons(self) -> list[Reason]: ...
    @property
    def codes(self) -> list[DenialCode]: ...
    @property
    def effects(self) -> list[Effect]: ...
    @property
    def route(self) -> Route | None: ...
    @property
    def from_stage(self) -> str | None:
        """For a transition: the lead's stage now; None for other decisions."""

    @property
    def to_stage(self) -> str | None:
        """For a transition: where the action leads, also on denials (the
        current stage for an action that stays); None when the stage does
        not offer the action, and for other decisions."""

    def to_dict(self) -> dict[str, Any]: ...
    def __bool__(self) -> bool: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Targets:
    """The orgs an actor may send a lead to, by handover and by cross silo."""

    @property
    def handover(self) -> list[str]: ...
    @property
    def cross_silo(self) -> list[str]: ...
    def to_dict(self) -> dict[str, list[str]]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
