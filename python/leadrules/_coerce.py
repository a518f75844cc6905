"""The JSON form of the common host values that are not JSON.

The native converter (``python/src/convert.rs``) reads dict, list, tuple,
str, int, float, bool and None itself, and any other mapping through its
``items()``. For a value of any other type it calls :func:`coerce` (the
cold path: never for JSON-shaped input) and converts what that returns in
turn, at the same path, so an error inside a host object names the field
(``lead.created_at``, ``lead.tags[2]``). So a host can pass its own
records as they are:

==============================================  ==============================
``datetime.datetime``, ``.date``, ``.time``     its ``isoformat()`` text (a
                                                naive datetime has no offset,
                                                and core refuses it where it
                                                reads a timestamp)
``uuid.UUID``                                   its ``str()`` text
``decimal.Decimal``                             a float (NaN and infinities
                                                are then refused like float
                                                ones)
``enum.Enum``                                   its ``.value``, converted in
                                                turn
a pydantic model (has ``model_dump()``)         ``model_dump()``
a dataclass instance                            its public fields
an attrs instance (``__attrs_attrs__``)         its public attributes
a ``NamedTuple`` (a tuple with ``_fields``)     ``_asdict()``: an object
                                                (any other tuple subclass is
                                                an array)
another object with public attributes in        those attributes: an object
``__dict__`` or ``__slots__``
==============================================  ==============================

"Public" means a name that does not start with ``_``. Classes, modules and
other callables are not records; neither is a plain object with no public
attribute set (a ``Fraction``, an ``IPv4Address``, a ``PurePath``, an
empty instance: refused with its type's name, not read as ``{}``; an
empty dataclass, attrs or pydantic model is ``{}``). Values of record objects are converted in turn (a dataclass
holding an aware ``datetime``, a list of NamedTuples, ...). Nothing is
imported for pydantic or attrs: they are recognised by their attributes.

Plain Python, so that the type checks work under the abi3 limited API.
Representation only: no rule is decided here.
"""

import dataclasses
import datetime
import decimal
import enum
import math
import types
import uuid
from typing import Any, Dict, Iterable, Iterator

__all__ = ["coerce"]


def coerce(value: object) -> object:
    """The JSON-shaped stand-in for ``value``, or ``NotImplemented`` if its
    type has none (the converter then refuses the value, with its path)."""
    # Enum first: a member of an enum with a mixin type stands for its value.
    if isinstance(value, enum.Enum):
        return value.value
    # datetime.datetime is a subclass of datetime.date.
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, decimal.Decimal):
        # float() refuses a signalling NaN; every NaN is refused as a float.
        return math.nan if value.is_nan() else float(value)
    if isinstance(value, tuple):
        # A tuple subclass (the converter reads exact tuples itself).
        if hasattr(type(value), "_fields") and hasattr(value, "_asdict"):
            return value._asdict()
        return tuple(value)
    if isinstance(value, (type, types.ModuleType)) or callable(value):
        return NotImplemented
    return _record(value)


def _record(value: object) -> object:
    """The public attributes of a record object, or ``NotImplemented``."""
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump()
    if dataclasses.is_dataclass(value):
        return _public((f.name for f in dataclasses.fields(value)), value)
    attrs = getattr(type(value), "__attrs_attrs__", None)
    if attrs is not None:
        return _public((a.name for a in attrs), value)
    names = list(_slot_names(type(value)))
    names.extend(getattr(value, "__dict__", None) or ())
    found = _public(names, value)
    # Nothing public to read: a value type of its own (a Fraction, an
    # IPv4Address, a PurePath) or an empty object, more likely a mistake
    # than a record: refused, naming its type.
    return found if found else NotImplemented


def _is_public(name: object) -> bool:
    return isinstance(name, str) and not name.startswith("_")


def _public(names: Iterable[str], value: object) -> Dict[str, Any]:
    """``{name: value.name}`` for the names that are public and set."""
    found: Dict[str, Any] = {}
    missing = object()
    for name in names:
        if not _is_public(name) or name in found:
            continue
        item = getattr(value, name, missing)
        if item is not missing:
            found[name] = item
    return found


def _slot_names(cls: type) -> Iterator[str]:
    """The names of the ``__slots__`` of ``cls`` and its bases."""
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        yield from (slots,) if isinstance(slots, str) else slots
