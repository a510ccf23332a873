"""Whether the current work is for what the user is looking at now: such reads go first.

The UI enters `urgent()` around the reads of the function the user opened; the AWS layer's
pacer (`lambdatui.aws.pacing`) reads `is_urgent()` and hands the next token of Lambda's quota to
an urgent caller before the background scan's. The flag lives in a context variable, so it
belongs to the thread (or task) that set it; work handed to other threads takes it along with
`carried`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_URGENT: ContextVar[bool] = ContextVar("lambdatui_urgent", default=False)


@contextmanager
def urgent() -> Iterator[None]:
    """Everything read inside is for what the user is looking at."""
    token = _URGENT.set(True)
    try:
        yield
    finally:
        _URGENT.reset(token)


def is_urgent() -> bool:
    return _URGENT.get()


def carried(work: Callable[P, R]) -> Callable[P, R]:
    """`work`, run with the caller's urgency on whichever thread runs it (a pool's, say)."""
    if not is_urgent():
        return work

    @wraps(work)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with urgent():
            return work(*args, **kwargs)

    return run
