"""The parts of a decision: :class:`Reason` and :class:`Effect`; of an
assignment, :class:`Skipped` (a pool member passed over); of a match,
:class:`Match` (a candidate that duplicates the lead).

Both are read-only ``dict`` subclasses holding exactly the JSON object of
the protocol (``{"code": ..., "message": ...}``, ``{"kind": ..., ...}``),
with typed attributes on top::

    reason.code        # DenialCode.CROSS_SILO_REQUIRED (== "cross_silo_required")
    reason["code"]     # "cross_silo_required", as in the JSON answer
    effect.kind        # EffectKind.TRANSFER
    effect.lead, effect.from_, effect.to

Why ``dict`` subclasses: so that everything written for the plain dicts
of earlier versions keeps working, unchanged: ``reason["code"]``,
``dict(reason)``, ``reason == {"code": ..., "message": ...}``,
``isinstance(effect, dict)``, and passing an effect back into a request.
An effect's timestamps are aware UTC ``datetime`` values (as every
timestamp the API answers): ``json.dumps(effects,
default=datetime.isoformat)`` writes them as RFC 3339 text. Writing raises ``TypeError``
(``reason["code"] = ...``, ``del``, ``update``, ``pop``, ...) and setting
an attribute ``AttributeError``; a record is filled by ``__new__``, so
calling ``__init__`` again changes nothing. ``copy()`` and ``to_dict()``
give a plain, mutable ``dict``. Immutability is shallow: a nested value
(the ``values`` of ``add_history``) is a plain container, not to be
changed.

Equal records hash alike (nested lists and dicts included), so reasons
and effects can go into sets and dict keys; they pickle as their dict.

Plain Python: the compiled module makes each record with ``dict.__new__``
and fills it as a dict, straight from the decision's answer, so none of
this code runs to build one, and nothing at all unless a decision's
``reasons`` or ``effects`` (or an action's reasons) are read.
Representation only: no rule is decided here.
"""

from typing import Any, Dict, List, NamedTuple, NoReturn, Optional, Tuple, Type, TypeVar, cast

from ._codes import DenialCode, EffectKind, Route, member
from ._matching import MatchActionName

__all__ = ["Alternative", "Effect", "Match", "Reason", "Skipped"]


def _freeze(value: Any) -> Any:
    """A hashable stand-in for a JSON value, equal where values are equal."""
    if isinstance(value, dict):
        return frozenset((key, _freeze(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(item) for item in value)
    return value


def _plain(value: Any) -> Any:
    """A deep copy of a JSON value in plain ``dict``/``list``/``str``."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, str) and type(value) is not str:
        return str.__str__(value)
    return value


_R = TypeVar("_R", bound="_Record")


class _Record(Dict[str, Any]):
    """A read-only dict of one JSON object of an answer (no instances)."""

    __slots__ = ()

    def __new__(cls: Type[_R], *args: Any, **kwargs: Any) -> _R:
        # Filled here, once: `__init__` does nothing, so calling it again
        # (`reason.__init__(code=...)`) cannot change a record.
        record = super().__new__(cls)
        dict.__init__(record, *args, **kwargs)
        return record

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Takes what ``dict()`` takes; the record is built by ``__new__``."""

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError(f"{type(self).__name__} is read-only; copy() or to_dict() gives a mutable dict")

    __setitem__ = _read_only
    __delitem__ = _read_only
    __ior__ = _read_only
    clear = _read_only
    pop = _read_only
    popitem = _read_only
    setdefault = _read_only
    update = _read_only

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is read-only (cannot set {name!r})")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is read-only (cannot delete {name!r})")

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(_freeze(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"

    def __reduce__(self) -> Tuple[Type["_Record"], Tuple[Dict[str, Any]]]:
        # The dict itself: what the constructor takes (also for copy.copy
        # and copy.deepcopy, which would otherwise fill it by __setitem__).
        return (type(self), (dict(self),))

    def to_dict(self) -> Dict[str, Any]:
        """The JSON object as a plain, mutable ``dict`` (a deep copy, codes
        as plain ``str``): what ``Engine.decide`` answers in its place."""
        plain: Dict[str, Any] = _plain(self)
        return plain


class Reason(_Record):
    """One failed check of a denial: a code, a sentence, and what it is
    about. ``Reason({"code": ..., "message": ..., ...})`` builds one.

    Attributes read the JSON object: ``code`` (a :class:`DenialCode`),
    ``message``, and the detail keys ``org``, ``lead``, ``field`` and
    ``capability`` (``None`` where the code has no such detail; the
    table "Denial codes" of docs/protocol.md says which code has which). As a
    mapping it is the object itself: ``reason["code"]`` is the plain text.
    """

    __slots__ = ()

    @property
    def code(self) -> DenialCode:
        """The stable code, a :class:`DenialCode` (equal to its text)."""
        return cast(DenialCode, member(DenialCode, self["code"]))

    @property
    def message(self) -> str:
        """What went wrong, for a human (prose: it may change; the code is
        the contract)."""
        message: str = self["message"]
        return message

    @property
    def org(self) -> Optional[str]:
        """The org the reason is about (the target, the lead's org, ...), if
        the code names one."""
        return self.get("org")

    @property
    def lead(self) -> Optional[str]:
        """The lead the reason is about, if the code names one."""
        return self.get("lead")

    @property
    def field(self) -> Optional[str]:
        """The request or form field the reason is about, if the code names
        one (``stage``, ``assignee``, ``owner``, a form field)."""
        return self.get("field")

    @property
    def capability(self) -> Optional[str]:
        """The capability the actor's role lacks (``capability_required``)."""
        return self.get("capability")

    @property
    def pool(self) -> Optional[str]:
        """The assignment pool the reason is about (``no_eligible_member``:
        the last pool tried)."""
        return self.get("pool")


#: Attribute names that stand for another key: a Python keyword, and the
#: ``values`` key of ``add_history``, which ``dict.values`` hides.
_RENAMED = {"from_": "from", "values_": "values"}


class Effect(_Record):
    """One step of the plan a host applies when a decision allows it.
    ``Effect({"kind": ..., ...})`` builds one.

    ``kind`` is an :class:`EffectKind`; every other key of the JSON object
    is an attribute too (``effect.lead``, ``effect.owner``,
    ``effect.expires_at``): reading a key this kind of effect does not have
    raises ``AttributeError``, so ``getattr(effect, "lead", None)`` works.
    Two keys are read with a trailing underscore: ``from_`` (``from`` is a
    Python keyword) and ``values_`` (``values`` is the dict method). The
    table "Effect kinds" of docs/protocol.md lists each kind's keys. As a mapping it
    is the object itself: ``effect["kind"]`` is the plain text.
    """

    __slots__ = ()

    @property
    def kind(self) -> EffectKind:
        """What to do, an :class:`EffectKind` (equal to its text)."""
        return cast(EffectKind, member(EffectKind, self["kind"]))

    def __getattr__(self, name: str) -> Any:
        """The value of the key ``name`` (``from_`` and ``values_`` read
        ``from`` and ``values``)."""
        if name.startswith("_"):
            raise AttributeError(name)
        key = _RENAMED.get(name, name)
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"a {self.get('kind')!r} effect has no {key!r}") from None

    def __dir__(self) -> List[str]:
        keys = [next((a for a, k in _RENAMED.items() if k == key), key) for key in self]
        return sorted(set(super().__dir__()) | set(keys))


class Skipped(_Record):
    """A pool member an assignment passed over, and why:
    ``{"member": "u3", "pool": "inside", "reasons": [Reason, ...]}``.
    ``Skipped({...})`` builds one.

    ``member`` and ``pool`` are ids; ``reasons`` are :class:`Reason` records
    (no detail keys), every eligibility check the member failed, in check
    order (``inactive``, ``away``, ``off_shift``, ``at_capacity``,
    ``not_licensed``, ``member_outside_org``, ``zero_weight``,
    ``not_accepted``); ``codes`` the same as :class:`DenialCode` members.
    As a mapping it is the JSON object of the answer's ``skipped``.
    """

    __slots__ = ()

    @property
    def member(self) -> str:
        """The member's id."""
        member: str = self["member"]
        return member

    @property
    def pool(self) -> str:
        """The pool it was passed over in."""
        pool: str = self["pool"]
        return pool

    @property
    def reasons(self) -> List[Reason]:
        """Every check it failed, in check order (a new list)."""
        return [reason if isinstance(reason, Reason) else Reason(reason) for reason in self["reasons"]]

    @property
    def codes(self) -> List[DenialCode]:
        """The codes of ``reasons``, in order."""
        return [cast(DenialCode, member(DenialCode, reason["code"])) for reason in self["reasons"]]


class Match(_Record):
    """A candidate that duplicates the lead asked about (``Engine.match``):
    ``{"lead": "L7", "rules": ["same-phone"], "action": "block"}``.
    ``Match({...})`` builds one.

    ``lead`` is the candidate's id; ``rules`` the ids of the matching rules
    by which it matched, in policy order; ``action`` the strongest of
    their actions (``block`` > ``link`` > ``alert``). As a mapping it is
    the JSON object of the answer's ``matches``.
    """

    __slots__ = ()

    @property
    def lead(self) -> str:
        """The candidate's id."""
        lead: str = self["lead"]
        return lead

    @property
    def rules(self) -> List[str]:
        """The rules it matched by, in policy order (a new list)."""
        return list(self["rules"])

    @property
    def action(self) -> MatchActionName:
        """The strongest action of those rules."""
        action: MatchActionName = self["action"]
        return action


for _record in (Reason, Effect, Skipped, Match):
    # Shown (and pickled) under its public name, e.g. `leadrules.Reason`.
    _record.__module__ = "leadrules"
del _record


class Alternative(NamedTuple):
    """Beside a handover or cross-silo denial whose ``route`` is the other
    mechanism: what asking that mechanism instead (same actor, lead and
    target) would answer. Offer it only when ``allowed``."""

    #: The other mechanism (the denial's ``route``).
    kind: Route
    #: Whether it would be allowed.
    allowed: bool
    #: Every check it would fail, in the documented order.
    reasons: List[Reason]
