"""The function list's Triggers and Findings cells, and where what they show came from.

A row's counts are fresh (read this session), cached (the picture kept from the last run, not
read yet) or confirmed (cached, and CloudTrail saw no change to the function or its sources
since). Cached and confirmed cells carry a mark, in the compact form `◷2·1 not ok`, so that the
mark fits the column; the `?` legend says what the marks mean (`LEGEND`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from rich.text import Span, Text

from lambdatui.core.model import Finding, FunctionDetail, Severity, TriggerStatus
from lambdatui.ui.widgets.severity import SEVERITY_STYLE


class Provenance(Enum):
    FRESH = "fresh"
    CACHED = "cached"
    CONFIRMED = "confirmed"


CACHED_MARK = "◷"
CONFIRMED_MARK = "≡"
MARK = {Provenance.CACHED: CACHED_MARK, Provenance.CONFIRMED: CONFIRMED_MARK}

LEGEND = (
    (
        Text(f"{CACHED_MARK}2·1 not ok (dim)", style="dim"),
        "in the list: from the last run's picture, not read again yet",
    ),
    (
        Text(f"{CONFIRMED_MARK}2·1 not ok"),
        "in the list: from the last run's picture, unchanged since then per CloudTrail",
    ),
)
"""Rows for the `?` legend (help.py)."""


@dataclass(frozen=True)
class RowFacts:
    """What a row's Triggers and Findings cells say, and where it came from."""

    triggers: int | None
    """None: not checked."""
    not_ok: int
    findings: int | None
    """None: not audited."""
    worst: Severity | None
    provenance: Provenance = Provenance.FRESH

    @classmethod
    def of_detail(cls, detail: FunctionDetail, findings: list[Finding] | None) -> RowFacts:
        not_ok = sum(t.status is not TriggerStatus.OK for t in detail.triggers)
        worst = max((f.severity for f in findings or ()), key=lambda s: s.rank, default=None)
        count = None if findings is None else len(findings)
        return cls(len(detail.triggers), not_ok, count, worst)

    @property
    def trigger_counts(self) -> tuple[int, int] | None:
        return None if self.triggers is None else (self.triggers, self.not_ok)


def _cell(plain: str, style: str, provenance: Provenance, spans: tuple[Span, ...] = ()) -> Text:
    """A cell's text with its mark in front (cached: all of it dim). Built in one go: this runs
    for every row a re-open shows at once."""
    mark = MARK.get(provenance)
    if mark is None:
        return Text(plain, style=style, end="", spans=list(spans))
    start = len(mark)
    shifted = [Span(start + s.start, start + s.end, s.style) for s in spans]
    if style:
        shifted.insert(0, Span(start, start + len(plain), style))
    base = "dim" if provenance is Provenance.CACHED else ""
    return Text(mark + plain, style=base, end="", spans=shifted)


@lru_cache(maxsize=4096)
def triggers_cell(facts: RowFacts | None) -> Text:
    """The Triggers cell (shared between rows that say the same: cells are never changed)."""
    if facts is None or facts.triggers is None:
        return Text("…", style="dim", end="")
    sep = " · " if facts.provenance is Provenance.FRESH else "·"
    if facts.not_ok:
        return _cell(f"{facts.triggers}{sep}{facts.not_ok} not ok", "bold red", facts.provenance)
    return _cell(str(facts.triggers), "", facts.provenance)


@lru_cache(maxsize=4096)
def findings_cell(facts: RowFacts | None) -> Text:
    """The Findings cell: how many, and the worst severity in its colour."""
    if facts is None or facts.findings is None:
        return Text("…", style="dim", end="")
    if not facts.findings or facts.worst is None:
        return _cell("✓ none", "green", facts.provenance)
    sep = " · " if facts.provenance is Provenance.FRESH else "·"
    count = f"{facts.findings}{sep}"
    word = facts.worst.value
    span = Span(len(count), len(count) + len(word), SEVERITY_STYLE[facts.worst])
    return _cell(count + word, "", facts.provenance, (span,))
