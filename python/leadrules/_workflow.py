"""A workflow as an engine compiled it (``Engine.workflow(name)``): its
stages with their flags, read-only, for a host that decides which of its
leads a sweep must look at (those on a stage whose ``expiry`` is not None)
or draws a pipeline.
"""

from typing import NamedTuple, Optional, Tuple

from ._types import Phase

__all__ = ["Stage", "Workflow"]


class Stage(NamedTuple):
    """One stage of a workflow and its flags. Immutable; compares, hashes
    and pickles as its tuple."""

    #: The stage's id.
    name: str
    #: Its code (its position in the workflow), as ``Engine.stage_code``
    #: answers it for ``sweep_columns``.
    code: int
    #: New leads start here.
    initial: bool
    #: The stage ends a lead's life: no action leaves it, no expiry runs.
    terminal: bool
    #: A lead here is archived (entering the stage emits ``archive``).
    archived: bool
    #: The expiry period that runs while a lead stands here, or None.
    expiry: Optional[Phase]


class Workflow(NamedTuple):
    """A workflow of an engine, read-only: its stages in order, its
    sub-stages and its actions' ids. Immutable; compares, hashes and
    pickles as its tuple."""

    #: The workflow's name.
    name: str
    #: Every stage, in the workflow's order.
    stages: Tuple[Stage, ...]
    #: The sub-stages a lead may carry at any stage.
    sub_stages: Tuple[str, ...]
    #: The actions' ids, in order.
    actions: Tuple[str, ...]

    def stage(self, name: str) -> Optional[Stage]:
        """The stage named ``name``, or None."""
        return next((s for s in self.stages if s.name == name), None)


for _record in (Stage, Workflow):
    # Shown (and pickled) under its public name, e.g. `leadrules.Stage`.
    _record.__module__ = "leadrules"
