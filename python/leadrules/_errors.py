"""The exceptions leadrules raises: bad input, never a denial.

A denial is a normal answer (a falsy ``Decision``). These are raised when
the question itself cannot be asked::

    Error                      every leadrules exception, with .code
    ├── ConfigError            (also ValueError)   invalid_config
    ├── RequestError           (also ValueError)   invalid_json, invalid_request,
    │   │                                          unknown_kind, invalid_timestamp, ...
    │   └── UnknownReferenceError (also LookupError)  unknown_org, unknown_role, ...
    └── InternalError                              a bug in leadrules (code "internal")

The native module builds them through :func:`error_class`. All of them
pickle (their constructor arguments are their ``args``).
"""

from typing import Dict, List, Mapping, Optional, Sequence, Type, cast

from ._codes import ErrorCode, member
from ._types import Problem

__all__ = [
    "ConfigError",
    "Error",
    "InternalError",
    "RequestError",
    "UnknownReferenceError",
    "error_class",
]


class Error(Exception):
    """A leadrules error: a stable ``code``, a ``message`` and a ``path``.

    ``code`` is an :class:`ErrorCode` (equal to its text, e.g.
    ``"unknown_org"``; a code this version does not know, only possible for
    an error built by hand, stays the plain text).

    ``path`` names the offending field from the root of the request or
    config (``lead.org``, ``orgs[1].parent``; ``""`` for the root itself).
    ``problems`` lists every finding of an ``invalid_config`` error (``path``
    and ``message`` then repeat the first one); it is empty otherwise.
    """

    code: ErrorCode
    message: str
    path: str
    problems: List[Problem]

    def __init__(
        self,
        code: str,
        message: str,
        path: str = "",
        problems: Optional[Sequence[Mapping[str, str]]] = None,
    ) -> None:
        listed: List[Problem] = [
            {"path": str(p["path"]), "message": str(p["message"])} for p in problems or ()
        ]
        super().__init__(str(code), message, path, listed)
        self.code = cast(ErrorCode, member(ErrorCode, code))
        self.message = message
        self.path = path
        self.problems = listed

    def __str__(self) -> str:
        where = f" at `{self.path}`" if self.path else ""
        text = f"{self.code}{where}: {self.message}"
        if len(self.problems) > 1:
            text += "".join(f"\n  - {p['path'] or '(root)'}: {p['message']}" for p in self.problems)
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={str(self.code)!r}, message={self.message!r}, path={self.path!r})"


class ConfigError(Error, ValueError):
    """The engine config does not validate (``invalid_config``)."""


class RequestError(Error, ValueError):
    """The request is malformed: not JSON, a missing or mistyped field, an
    unknown kind, a Python value that is not JSON, or a prepared fact of
    another engine (``foreign_handle``)."""


class UnknownReferenceError(RequestError, LookupError):
    """The request names an org, role, workflow, ... that the engine does not
    know (``unknown_*``)."""


class InternalError(Error):
    """leadrules broke one of its own promises (code ``internal``). Never
    caused by the input; please report it."""


_CLASSES: Dict[str, Type[Error]] = {
    "invalid_config": ConfigError,
    "invalid_json": RequestError,
    "invalid_request": RequestError,
    "unknown_kind": RequestError,
    "invalid_timestamp": RequestError,
    "invalid_duration": RequestError,
    # A prepared fact (`Engine.actor`, ...) made by another engine.
    "foreign_handle": RequestError,
    "internal": InternalError,
}


def error_class(code: str) -> Type[Error]:
    """The exception class for an error code (``Error`` for a code this
    version does not know)."""
    cls = _CLASSES.get(code)
    if cls is not None:
        return cls
    if code.startswith("unknown_"):
        return UnknownReferenceError
    return Error


# Shown (and pickled) under their public names, e.g. `leadrules.RequestError`.
for _cls in (Error, ConfigError, RequestError, UnknownReferenceError, InternalError):
    _cls.__module__ = "leadrules"
del _cls
