"""The function list's Triggers and Findings cells, and where what they show came from.

A row's counts are fresh (read this session), cached (the picture kept from the last run, not
read yet) or confirmed (cached, and CloudTrail saw no change to the function or its sources
since). Cached and confirmed cells carry a mark, in the compact form `◷2·1 not ok`, so that the
mark fits the column; the `?` legend says what the marks mean (`LEGEND`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from rich.text import Text

from lambdatui.core.model import Finding, FunctionDetail, Severity, TriggerStatus
from lambdatui.ui.widgets.severity import severity_text


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


def _marked(text: Text, provenance: Provenance) -> Text:
    mark = MARK.get(provenance)
    if mark is None:
        return text
    marked = Text(mark, style="dim" if provenance is Provenance.CACHED else "", end="")
    marked.append_text(text)
    if provenance is Provenance.CACHED:
        marked.stylize("dim")
    return marked


def triggers_cell(facts: RowFacts | None) -> Text:
    if facts is None or facts.triggers is None:
        return Text("…", style="dim")
    sep = " · " if facts.provenance is Provenance.FRESH else "·"
    if facts.not_ok:
        text = Text(f"{facts.triggers}{sep}{facts.not_ok} not ok", style="bold red")
    else:
        text = Text(str(facts.triggers))
    return _marked(text, facts.provenance)


def findings_cell(facts: RowFacts | None) -> Text:
    if facts is None or facts.findings is None:
        return Text("…", style="dim")
    if not facts.findings or facts.worst is None:
        text = Text("✓ none", style="green")
    else:
        sep = " · " if facts.provenance is Provenance.FRESH else "·"
        text = Text.assemble(f"{facts.findings}{sep}", severity_text(facts.worst))
    return _marked(text, facts.provenance)
