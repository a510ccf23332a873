"""How the screens and the app tell each other what changed.

The app keeps what has been read so far (`app.functions`, `app.details`,
`app.findings`) and
is the only one that writes it. Workers and screens report what they read by posting a message
to the app; the app stores it and tells every screen on the stack with `FindingsChanged` /
`FunctionChanged`. A screen that shows findings handles those instead of polling the app or
reaching into another screen.

    worker ──DetailsRead──▶ app ──FindingsChanged / FunctionChanged──▶ every screen
    list   ──FunctionsListed / ListCleared──▶ app ──FindingsChanged──▶ every screen
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from lambdatui.core.model import Finding, Function, FunctionDetail

# -- to the app ----------------------------------------------------------------------------------


@dataclass
class DetailsRead(Message):
    """Details read by a worker, with the audit findings of each (by function ARN)."""

    details: list[FunctionDetail]
    findings: dict[str, list[Finding]]
    changed: bool = False
    """Read again after a change: the app also sends `FunctionChanged` for each."""


@dataclass
class FunctionsListed(Message):
    """The list finished reading (or shows the last run's picture): every function of the
    account (or regions)."""

    functions: list[Function]
    cached: frozenset[str] = frozenset()
    """Functions the list shows from the last run's picture, not read this session (yet)."""


class ListCleared(Message):
    """The list is re-reading everything (`r`): forget what was read before."""


@dataclass
class WorkFailed(Message):
    """Background work failed; the app says so (a worker never notifies from its thread)."""

    error: str
    title: str = ""


# -- from the app, to every screen ---------------------------------------------------------------


@dataclass
class FindingsChanged(Message):
    """The findings (and details) of these functions changed; empty: all of them were dropped."""

    arns: frozenset[str]


@dataclass
class FunctionChanged(Message):
    """One function was read again after a change; its new detail."""

    detail: FunctionDetail
