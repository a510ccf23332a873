"""Which rows of a cached picture must be read again: the listing's hints, then CloudTrail's.

ListFunctions gives each function's RevisionId and LastModified, which move when its code or
configuration changes. They do not move for a policy change: Lambda's API reference
(PreconditionFailedException) sends AddPermission and RemovePermission to GetPolicy for "the
latest RevisionId" — the policy's own — and every other write to GetFunction or GetAlias (an
alias has its own). Nor do they move for invoke configs, URLs, mappings or anything on the
sending service's side: CloudTrail's management-event history (`cloudtrail:LookupEvents`, 90
days, on in every account) catches those. A function is read again when it is new, when its
listing moved, when its row was never checked or left something unknown (a failed read, an
unverified trigger), when a Lambda write named it, when a change to a bucket, topic, rule or
mapping its row names happened, or when such a change named it as a new target. Where
CloudTrail cannot be read, or said more than the reader pages through, or named a write it
cannot place, or the picture is older than CloudTrail's history (or dated after now:
the clock moved), everything is read again: unknown is not absent.

Limits: CloudTrail is asked about the four services above only (one LookupEvents per service,
at 2 a second): a new invoker that needs no Lambda write (an API Gateway integration over an
existing wildcard grant, a Step Functions definition, a Scheduler target …) is not seen until
`r`. It is asked in the picture's regions only, so a topic in another region that
subscribes a function here is not seen (the wiring scan does not see it either); an event shows
in CloudTrail minutes after its call, so one made just before a refresh may be missed then, and
is caught by the next one (it looks back `LOOKBACK` before the picture's reads began).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from lambdatui.aws.cloudtrail_reader import MAX_PAGES, Change, Changes
from lambdatui.core.arn import arn_like
from lambdatui.core.model import Function
from lambdatui.inventory.picture import CachedRow, ListPicture, RefreshPlan

LOOKBACK = timedelta(minutes=15)
"""CloudTrail is asked from this long before the picture's reads began: CloudTrail delivers an
event some minutes after the call (about 5 on average), and clocks differ a little."""

HISTORY = timedelta(days=90)
"""How far back CloudTrail's event history goes."""
CLOCK_SKEW = timedelta(minutes=5)

LOOKUP_ACTION = "cloudtrail:LookupEvents"


def lookup_since(picture: ListPicture) -> datetime:
    """From when CloudTrail is asked about a picture."""
    return picture.since - LOOKBACK


def beyond_history(picture: ListPicture, now: datetime | None = None) -> str | None:
    """Why CloudTrail cannot tell what changed since `picture` whatever it answers (older than
    its history, or dated after now), or None."""
    now = now or datetime.now(UTC)
    if lookup_since(picture) < now - HISTORY:
        return (
            f"the picture of {picture.saved_at:%Y-%m-%d} is older than CloudTrail's "
            f"{HISTORY.days} days of history: reading everything again"
        )
    if picture.saved_at > now + CLOCK_SKEW:
        return "the picture is dated after now (the clock moved): reading everything again"
    return None


def plan_refresh(
    picture: ListPicture,
    functions: Sequence[Function],
    looked: Iterable[tuple[str, Changes]],
    since: datetime | None = None,
    now: datetime | None = None,
) -> RefreshPlan:
    """The plan for `picture` given the fresh listing and each region's CloudTrail changes
    (region, changes) since `since` (default `lookup_since(picture)`)."""
    if (why := beyond_history(picture, now)) is not None:
        return _everything(why)
    since = since or lookup_since(picture)
    at = f"{since:%H:%M} UTC"
    found: list[Change] = []
    for region, changes in looked:
        if changes.error is not None:
            e = changes.error
            action = e.iam_action or LOOKUP_ACTION
            return _everything(
                f"CloudTrail could not be read in {region} ({e.code}, {action}): "
                "reading everything again"
            )
        if not changes.complete:
            return _everything(
                f"CloudTrail: more than {MAX_PAGES * 50} events of one kind since {at} in "
                f"{region} (more than lambdatui pages through): reading everything again"
            )
        unplaced = next((c for c in changes.changes if not c.resolved), None)
        if unplaced is not None:
            return _everything(
                f"CloudTrail: {unplaced.event} at {unplaced.time:%H:%M} UTC in {region} names "
                "nothing lambdatui can match: reading everything again"
            )
        found += changes.changes

    listed = {f.arn: f for f in functions}
    new = {arn for arn in listed if picture.row(arn) is None}
    moved = {
        arn
        for arn, f in listed.items()
        if (row := picture.row(arn)) is not None
        and (row.triggers is None or row.unknown or _moved(row, f))
    }
    touched = _touched(picture, found)
    reread = frozenset((new | moved | touched) & listed.keys())
    unchanged = frozenset(arn for arn in listed if arn not in reread)
    what = f"{len(found)} change{'s' if len(found) != 1 else ''}" if found else "no changes"
    todo = (
        f"{len(reread)} function{'s' if len(reread) != 1 else ''} to read again"
        if reread
        else "nothing to read again"
    )
    more = f" ({len(new)} new)" if new else ""
    return RefreshPlan(reread, unchanged, f"CloudTrail: {what} since {at} — {todo}{more}")


def _everything(reason: str) -> RefreshPlan:
    return RefreshPlan(None, frozenset(), reason)


def _moved(row: CachedRow, listed: Function) -> bool:
    """Whether the listing says the function changed since its row (unknown counts as moved)."""
    old = row.function
    if old.revision_id and listed.revision_id:
        if old.revision_id != listed.revision_id:
            return True
    elif not (old.last_modified and listed.last_modified):
        return True
    return old.last_modified != listed.last_modified


def _touched(picture: ListPicture, changes: Iterable[Change]) -> set[str]:
    """Functions the changes name, and the rows whose sources hold a source they changed."""
    exact: dict[str, set[str]] = {}
    patterns: list[tuple[str, str]] = []
    for row in picture.rows:
        for source in row.sources:
            if "*" in source or "?" in source:
                patterns.append((source, row.function.arn))
            else:
                exact.setdefault(source, set()).add(row.function.arn)
    touched: set[str] = set()
    for change in changes:
        touched.update(change.functions)
        for source in change.sources:
            touched |= exact.get(source, set())
            touched.update(arn for pattern, arn in patterns if arn_like(pattern, source))
    return touched
