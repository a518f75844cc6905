"""The warnings leadrules emits through :mod:`warnings`.

An engine that warns on unknown request keys (config
``policy.requests.unknown_keys: "warn"``, or ``Engine(config,
unknown_keys="warn")``) answers as usual, lists the keys in the answer's
``warnings`` (``decide``'s dict, ``Decision.to_dict()``), and warns each
one as an :class:`UnknownKeyWarning` from the line that asked. Turn them
into exceptions with ``warnings.simplefilter("error",
leadrules.UnknownKeyWarning)`` (or pytest's ``-W
error::leadrules.UnknownKeyWarning``); for the engine's own error, use
``Engine(config, strict=True)``.
"""

__all__ = ["LeadrulesWarning", "UnknownKeyWarning"]


class LeadrulesWarning(UserWarning):
    """Base class of every warning leadrules emits."""


class UnknownKeyWarning(LeadrulesWarning):
    """A request key the protocol does not define (a typo, most likely:
    the message suggests the known key it is nearly spelled as).

    ``path`` is the key's path (``lead.handover_to_sale``), ``code`` the
    warning's code in the answer (``unknown_key``), ``message`` the
    sentence; ``str()`` is ``"path: message"``."""

    def __init__(self, message: str, path: str = "", code: str = "unknown_key") -> None:
        super().__init__(message, path, code)
        self.message = message
        self.path = path
        self.code = code

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message
