"""Functions run in `multiprocessing` workers by test_pickle.py (not a test
module: a spawned worker imports it by name)."""

from typing import Any, Dict, List, Tuple

import leadrules


def ask(engine: leadrules.Engine, questions: List[Tuple[str, Tuple[Any, ...], Dict[str, Any]]]) -> List[Any]:
    """Asks an (unpickled) engine each `(method, args, kwargs)`; answers
    with what it returned (pickled back), or the error raised."""
    answers: List[Any] = []
    for method, args, kwargs in questions:
        try:
            answers.append(getattr(engine, method)(*args, **kwargs))
        except leadrules.Error as error:
            answers.append(error)
    return answers


def read(decision: leadrules.Decision) -> Dict[str, Any]:
    """What an unpickled decision shows, read in the worker."""
    return {
        "bool": bool(decision),
        "allowed": decision.allowed,
        "codes": decision.codes,
        "route": decision.route,
        "reasons": decision.reasons,
        "effects": decision.effects,
        "stages": (decision.from_stage, decision.to_stage),
        "dict": decision.to_dict(),
        "repr": repr(decision),
        "hash": hash(decision),
        "self": decision,
    }
