"""The JSON form of the common host values that are not JSON.

The native converter (``python/src/convert.rs``) reads dict, list, tuple,
str, int, float, bool and None itself. For a value of any other type it
calls :func:`coerce` (the cold path: never for JSON-shaped input) and
converts what that returns in turn, at the same path. So a host can pass
its own records as they are:

=========================================  =================================
``datetime.datetime``, ``.date``, ``.time``  its ``isoformat()`` text (a naive
                                           datetime has no offset, and core
                                           refuses it where it reads a
                                           timestamp)
``uuid.UUID``                              its ``str()`` text
``decimal.Decimal``                        a float (NaN and infinities are
                                           then refused like float ones)
``enum.Enum``                              its ``.value``, converted in turn
=========================================  =================================

Plain Python, so that the type checks work under the abi3 limited API.
Representation only: no rule is decided here.
"""

import datetime
import decimal
import enum
import math
import uuid

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
    return NotImplemented
