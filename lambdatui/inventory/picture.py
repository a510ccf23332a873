"""The function list as it was last seen: one row per function, small enough to keep on disk.

A re-open shows this picture at once (marked with its age) while the list is read again; then
`RefreshPlan` says which rows must be read again and which CloudTrail confirms unchanged.
Pure: no I/O here (the file is `picture_cache.py`, the plan `refresh.py`).

What a row keeps: the function as ListFunctions gave it **with its environment emptied** (values
may be secrets: they never reach the disk), its trigger and finding counts, and `sources` — the
ARNs its triggers, policy statements and event source mappings name — so a CloudTrail change to
a bucket, topic, rule or mapping finds the rows it may touch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any

from lambdatui.core.arn import parse_arn
from lambdatui.core.model import (
    Finding,
    Function,
    FunctionDetail,
    Layer,
    Severity,
    TriggerStatus,
)

FORMAT = "lambdatui.picture/1"
"""The file's format; a file of any other format is no picture."""


@dataclass(frozen=True)
class CachedRow:
    """One function's row as it was when the picture was taken."""

    function: Function
    """As listed, with `environment` emptied (never a value on disk)."""
    triggers: int | None
    """None: its triggers were not checked when the picture was taken."""
    not_ok: int
    """Triggers whose status is not OK (unverified included)."""
    findings: int | None
    """None: not audited when the picture was taken."""
    worst: Severity | None
    sources: tuple[str, ...] = ()
    """ARNs its triggers, policy statements and mappings name (to match CloudTrail changes);
    a statement's SourceArn may hold wildcards (`arn:aws:s3:::uploads-*`)."""
    unknown: int = 0
    """Unverified triggers plus reads that failed when it was read: unknown is not absent, so
    such a row is always read again (the failure may have passed)."""


@dataclass(frozen=True)
class ListPicture:
    account: str
    regions: tuple[str, ...]
    saved_at: datetime
    """Aware, UTC: when the picture was made."""
    rows: tuple[CachedRow, ...]
    taken_at: datetime | None = None
    """When the reads behind it began (a change made during a long scan may be missing from a
    row read before it): CloudTrail is asked from here, less a margin. None: `saved_at`."""
    _index: dict[str, CachedRow] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        self._index.update((r.function.arn, r) for r in self.rows)

    def age_seconds(self, now: datetime | None = None) -> float:
        return ((now or datetime.now(UTC)) - self.saved_at).total_seconds()

    def row(self, arn: str) -> CachedRow | None:
        """The row of the function with this (unqualified) ARN, if the picture has one."""
        return self._index.get(arn)

    @property
    def since(self) -> datetime:
        """The moment from which changes may be missing from this picture."""
        return min(self.taken_at or self.saved_at, self.saved_at)


@dataclass(frozen=True)
class RefreshPlan:
    """What a re-open must read again (`Backend.refresh_plan`, made by `refresh.plan_refresh`)."""

    reread: frozenset[str] | None
    """Function ARNs whose detail must be read again; None: all of them (what changed could not
    be told: CloudTrail unreadable, or more changes than the reader pages through)."""
    unchanged: frozenset[str]
    """Cached rows confirmed unchanged since the picture (empty when `reread` is None): the
    listing did not move and CloudTrail shows no Lambda, S3 notification, SNS subscription or
    EventBridge rule write touching them. A change made only on another invoker's side (an API
    Gateway integration, a Step Functions definition …) with no Lambda write is not seen: `r`."""
    reason: str
    """One sentence for the status line, e.g. "CloudTrail: 4 changes since 10:02 UTC — 3
    functions to read again"."""


def picture_of(
    account: str,
    regions: Iterable[str],
    functions: Iterable[Function],
    details: Mapping[str, FunctionDetail],
    findings: Mapping[str, list[Finding]],
    previous: ListPicture | None = None,
    *,
    unchanged: Iterable[str] | None = None,
    taken_at: datetime | None = None,
    now: datetime | None = None,
) -> ListPicture:
    """Rows from fresh details where read; else the previous picture's row (still unchanged).

    `functions` is the fresh listing (a function no longer listed has no row); `details` and
    `findings` are keyed by function ARN. `details` should hold only details whose triggers were
    checked: a detail counts as checked. `unchanged` (e.g. `RefreshPlan.unchanged`) limits which
    previous rows are carried over; a listed function with neither a fresh detail nor a carried
    row gets a row with `triggers=None` (not checked), never a stale count.
    `taken_at`: when the reads began (see `ListPicture.taken_at`).
    """
    carry = None if unchanged is None else frozenset(unchanged)
    rows: list[CachedRow] = []
    for function in functions:
        arn = function.arn
        detail = details.get(arn)
        old = previous.row(arn) if previous is not None else None
        if detail is not None:
            rows.append(row_of(function, detail, findings.get(arn)))
        elif old is not None and (carry is None or arn in carry):
            rows.append(replace(old, function=_listed(function)))
        else:
            rows.append(CachedRow(_listed(function), None, 0, _count(findings.get(arn)), None))
    return ListPicture(
        account=account,
        regions=tuple(regions),
        saved_at=now or datetime.now(UTC),
        rows=tuple(rows),
        taken_at=taken_at,
    )


def row_of(function: Function, detail: FunctionDetail, found: list[Finding] | None) -> CachedRow:
    """A fresh row from a read (and cross-checked) detail and its findings (None: not audited)."""
    not_ok = sum(1 for t in detail.triggers if t.status is not TriggerStatus.OK)
    worst = max((f.severity for f in found or ()), key=lambda s: s.rank, default=None)
    return CachedRow(
        function=_listed(function),
        triggers=len(detail.triggers),
        not_ok=not_ok,
        findings=_count(found),
        worst=worst,
        sources=sources_of(detail),
        unknown=len(detail.errors)
        + sum(1 for t in detail.triggers if t.status is TriggerStatus.UNVERIFIED),
    )


def sources_of(detail: FunctionDetail) -> tuple[str, ...]:
    """Every ARN the detail's triggers, statements and mappings name, sorted, once each."""
    arns: set[str] = {t.source_arn for t in detail.triggers if t.source_arn}
    for s in detail.statements:
        arns.update(s.source_arns)
        if s.source_arn:
            arns.add(s.source_arn)
    parsed = parse_arn(detail.function.arn)
    for m in detail.event_source_mappings:
        if m.event_source_arn:
            arns.add(m.event_source_arn)
        if parsed is not None:
            arns.add(mapping_arn(parsed.partition, parsed.region, parsed.account, m.uuid))
    return tuple(sorted(a for a in arns if a))


def mapping_arn(partition: str, region: str, account: str, uuid: str) -> str:
    """An event source mapping's ARN (how CloudTrail changes to a mapping find their row)."""
    return f"arn:{partition}:lambda:{region}:{account}:event-source-mapping:{uuid}"


def _count(found: list[Finding] | None) -> int | None:
    return None if found is None else len(found)


def _listed(function: Function) -> Function:
    return replace(function, environment={}) if function.environment else function


# -- JSON ---------------------------------------------------------------------------------------

_FUNCTION_FIELDS = tuple(f.name for f in fields(Function) if f.name != "environment")


def to_json(picture: ListPicture, endpoint: str | None = None) -> dict[str, Any]:
    """The picture as a JSON-able dict (compact: a function's empty fields are left out).
    `endpoint`: the emulator's URL when one is used, so its picture never passes for AWS's."""
    return {
        "format": FORMAT,
        "account": picture.account,
        "regions": list(picture.regions),
        "endpoint": endpoint,
        "saved_at": picture.saved_at.isoformat(),
        "taken_at": picture.taken_at.isoformat() if picture.taken_at else None,
        "rows": [_row_json(r) for r in picture.rows],
    }


def from_json(document: Any, endpoint: str | None = None) -> ListPicture | None:
    """The picture a `to_json` dict holds; None when it is of another format or endpoint, or is
    broken in any way (a broken picture is no picture)."""
    try:
        if document.get("format") != FORMAT or document.get("endpoint") != endpoint:
            return None
        saved_at = datetime.fromisoformat(document["saved_at"])
        taken = document.get("taken_at")
        taken_at = datetime.fromisoformat(taken) if taken else None
        if saved_at.tzinfo is None or (taken_at is not None and taken_at.tzinfo is None):
            return None
        rows = tuple(_row_from(r) for r in document["rows"])
        return ListPicture(
            account=str(document["account"]),
            regions=tuple(str(r) for r in document["regions"]),
            saved_at=saved_at,
            rows=rows,
            taken_at=taken_at,
        )
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def _row_json(row: CachedRow) -> dict[str, Any]:
    f = row.function
    function: dict[str, Any] = {}
    for name in _FUNCTION_FIELDS:
        value = getattr(f, name)
        if value is None or value == () or value == "":
            continue
        if name == "layers":
            value = [[layer.arn, layer.code_size] for layer in value]
        elif isinstance(value, tuple):
            value = list(value)
        function[name] = value
    out: dict[str, Any] = {"f": function, "t": row.triggers, "n": row.not_ok}
    if row.findings is not None:
        out["k"] = row.findings
    if row.worst is not None:
        out["w"] = row.worst.value
    if row.sources:
        out["s"] = list(row.sources)
    if row.unknown:
        out["u"] = row.unknown
    return out


def _row_from(item: dict[str, Any]) -> CachedRow:
    values = dict(item["f"])
    unknown = set(values) - set(_FUNCTION_FIELDS)
    if unknown:
        raise ValueError(f"unknown function fields {sorted(unknown)}")
    if "architectures" in values:
        values["architectures"] = tuple(str(a) for a in values["architectures"])
    if "layers" in values:
        values["layers"] = tuple(Layer(str(arn), size) for arn, size in values["layers"])
    for name in ("name", "arn", "region"):
        if not isinstance(values.get(name), str):
            raise ValueError(f"function without {name}")
    triggers = item.get("t")
    worst = item.get("w")
    return CachedRow(
        function=Function(**values),
        triggers=None if triggers is None else int(triggers),
        not_ok=int(item.get("n", 0)),
        findings=None if item.get("k") is None else int(item["k"]),
        worst=None if worst is None else Severity(worst),
        sources=tuple(str(s) for s in item.get("s", ())),
        unknown=int(item.get("u", 0)),
    )
