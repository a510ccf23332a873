"""The function list's order: sort keys, and which rows go into the table next.

Textual's DataTable only appends, and adding or re-measuring thousands of rows at once stalls
the UI for a second at 5,000 functions. So the list keeps its rows in order here and appends
them a chunk at a time (`RowFeed.take`): a page of the listing is placed among the rows still to
come, and a row that sorts before one already shown cannot be placed — the feed says so
(`disordered`) and the screen refills once, instead of re-sorting the table on every page.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from lambdatui.core.model import Function
from lambdatui.ui.widgets.list_cells import RowFacts


def version_key(text: str) -> tuple[object, ...]:
    """Natural order: python3.7 before python3.12, nodejs18.x before nodejs20.x."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def sort_value(function: Function, column: str, facts: Mapping[str, RowFacts]) -> Any:
    """The key of `column`, ascending in its natural order (worst first for triggers/findings)."""
    match column:
        case "runtime":
            return version_key(function.runtime or "")
        case "region":
            return (function.region, function.name)
        case "memory":
            return function.memory_mb or 0
        case "modified":
            return function.last_modified or ""
        case "triggers":
            row = facts.get(function.arn)
            if row is None or row.triggers is None:
                return (0, 1)
            return (-row.not_ok, -row.triggers)
        case "findings":
            row = facts.get(function.arn)
            if row is None or row.findings is None:
                return (1, 0)
            return (-(row.worst.rank if row.worst else -1), -row.findings)
        case _:
            return function.name.lower()


class RowFeed:
    """The rows still to be appended to the table, in display order, and where the last one
    appended sorts. Keys are `(sort key, arn)`, so equal keys keep one order."""

    def __init__(self, key: Callable[[str], Any], reverse: bool) -> None:
        self.key = key
        self.reverse = reverse
        self.pending: list[tuple[Any, str]] = []
        """Ascending; taken from the front (from the back when reversed)."""
        self.last: tuple[Any, str] | None = None
        self.disordered = False
        """A row was offered that sorts before one already appended (it is appended anyway)."""

    def reset(self, arns: Iterable[str]) -> None:
        """Start over: the table was cleared and these rows are to fill it."""
        self.pending = sorted((self.key(arn), arn) for arn in arns)
        self.last = None
        self.disordered = False

    def offer(self, arn: str) -> None:
        """A new row: placed among the pending ones; out of order if it sorts before the last
        row appended."""
        item = (self.key(arn), arn)
        if self.last is not None and (item > self.last if self.reverse else item < self.last):
            self.disordered = True
        bisect.insort(self.pending, item)

    def take(self, count: int) -> list[str]:
        """The next `count` rows to append, in display order."""
        if not self.pending:
            return []
        if self.reverse:
            chunk = self.pending[-count:][::-1]
            del self.pending[-count:]
        else:
            chunk = self.pending[:count]
            del self.pending[:count]
        self.last = chunk[-1] if self.last is None else self._later(self.last, chunk[-1])
        return [arn for _, arn in chunk]

    def _later(self, a: tuple[Any, str], b: tuple[Any, str]) -> tuple[Any, str]:
        return min(a, b) if self.reverse else max(a, b)

    def __len__(self) -> int:
        return len(self.pending)
