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
a dataclass instance                            its public fields and
                                                properties
an attrs instance (``__attrs_attrs__``)         its public attributes and
                                                properties
a ``NamedTuple`` (a tuple with ``_fields``)     ``_asdict()`` and its public
                                                properties (any other tuple
                                                subclass is an array)
another object with public attributes in        those attributes and its
``__dict__`` or ``__slots__``                   public properties
==============================================  ==============================

"Public" means a name that does not start with ``_``; "properties" are
the ``property`` objects of the class and its bases (not other
descriptors: a ``functools.cached_property`` or an ORM's column
attribute is not read unless it is in the instance's ``__dict__``).
Classes, modules and other callables are not records; neither is a plain
object with no public attribute set (a ``Fraction``, an ``IPv4Address``,
a ``PurePath``, an empty instance: refused with its type's name, not
read as ``{}``, whatever properties it has; an empty dataclass, attrs or
pydantic model is ``{}``). Nothing is imported for pydantic or attrs:
they are recognised by their attributes.

A record comes back as a :class:`Fields` (a ``dict``). The converter reads
a fact's own fields (the outermost record) strictly, as a dict's, and
the fields of the records a fact holds leniently: there a value that
cannot be converted is left out of the record instead of failing the
request. Reading an attribute follows the same rule: one whose code
raises (a property, a lazy loader) is an error in a fact and left out
of a held record. See docs/python.md, "Host values".

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
from typing import Any, Dict, Iterable, Iterator, Mapping

__all__ = ["Fields", "coerce"]


class Fields(Dict[str, Any]):
    """The public fields of a record object, as :func:`coerce` found them:
    the converter reads these values leniently (see the module's doc)."""

    __slots__ = ()


def coerce(value: object, records: bool = True, fact: bool = True) -> object:
    """The JSON-shaped stand-in for ``value`` (:class:`Fields` for a record
    object), or ``NotImplemented`` if its type has none (the converter then
    refuses the value, with its path). With ``records`` false, a value that
    would be read as a record is ``NotImplemented`` too, unread: the
    converter reads records only so deep. With ``fact`` true (the record
    is a fact itself, not one a fact holds), an attribute whose code
    raises raises here; otherwise it is left out."""
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
        if not (hasattr(type(value), "_fields") and hasattr(value, "_asdict")):
            return tuple(value)
        if not records:
            return NotImplemented
        fields = Fields(value._asdict())
        _add_properties(fields, value, fact)
        return fields
    if isinstance(value, (type, types.ModuleType)) or callable(value) or not records:
        return NotImplemented
    return _record(value, fact)


def _record(value: object, fact: bool) -> object:
    """The public attributes of a record object, or ``NotImplemented``."""
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        dumped = dump()
        # Anything but a mapping (the model itself, say) is converted in
        # turn, as an enum's value is.
        return Fields(dumped) if isinstance(dumped, Mapping) else dumped
    if dataclasses.is_dataclass(value):
        found = _public((f.name for f in dataclasses.fields(value)), value, fact)
    elif getattr(type(value), "__attrs_attrs__", None) is not None:
        found = _public((a.name for a in getattr(type(value), "__attrs_attrs__")), value, fact)
    else:
        names = list(_slot_names(type(value)))
        names.extend(getattr(value, "__dict__", None) or ())
        found = _public(names, value, fact)
        if not found:
            # Nothing public to read: a value type of its own (a Fraction,
            # an IPv4Address, a PurePath, all with properties) or an empty
            # object, more likely a mistake than a record: refused, naming
            # its type.
            return NotImplemented
    _add_properties(found, value, fact)
    return found


def _is_public(name: object) -> bool:
    return isinstance(name, str) and not name.startswith("_")


def _public(names: Iterable[str], value: object, fact: bool) -> Fields:
    """``{name: value.name}`` for the names that are public and set."""
    found = Fields()
    for name in names:
        if _is_public(name) and name not in found:
            _read(found, value, name, fact)
    return found


def _add_properties(found: Fields, value: object, fact: bool) -> None:
    """Adds the public properties of ``value``'s class that ``found`` does
    not hold yet."""
    for name in _property_names(type(value)):
        if name not in found:
            _read(found, value, name, fact)


def _read(found: Fields, value: object, name: str, fact: bool) -> None:
    """Puts ``value.name`` into ``found``. An unset attribute is left out,
    and so is one whose code raises, unless the record is a fact: there it
    might be a field the rules read (an owner), which must not vanish."""
    try:
        found[name] = getattr(value, name)
    except AttributeError:
        pass
    except Exception:
        if fact:
            raise


def _property_names(cls: type) -> Iterator[str]:
    """The public names that ``cls`` (through its bases) binds to a
    ``property``: a name a subclass rebinds to something else is none."""
    seen = set()
    for klass in cls.__mro__:
        for name, attribute in vars(klass).items():
            if name in seen:
                continue
            seen.add(name)
            if isinstance(attribute, property) and _is_public(name):
                yield name


def _slot_names(cls: type) -> Iterator[str]:
    """The names of the ``__slots__`` of ``cls`` and its bases."""
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        yield from (slots,) if isinstance(slots, str) else slots
