"""`audit --cached`: the last report kept for the account and regions, at once, marked with its age
and with what CloudTrail says changed since (so a quick look never passes for a fresh one).

A fresh `audit` keeps its report (`keep`); the cache is only ever read when `--cached` asks.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from lambdatui.aws.session import AwsSession, SessionSpec
from lambdatui.inventory import cache


def keep(report: dict[str, Any]) -> None:
    """Keep a fresh report for `--cached`; a cache that cannot be written is said, not fatal."""
    try:
        cache.save(report)
    except OSError as exc:
        sys.stderr.write(f"lambdatui: the report was not kept for --cached: {exc.strerror}\n")


def cached_report(specs: Sequence[SessionSpec]) -> dict[str, Any] | None:
    """The kept report with `metadata.cached` (its age and CloudTrail's changes since), or None
    (said on stderr) when none is kept for this account and these regions."""
    sessions = [AwsSession(spec) for spec in specs]
    account = sessions[0].identity().account
    regions = [s.region for s in sessions]
    kept = cache.load(account, regions)
    where = f"{account} in {', '.join(regions)}"
    if kept is None:
        sys.stderr.write(f"lambdatui: no report kept for {where} yet: reading it fresh\n")
        return None
    now = datetime.now(UTC)
    since = changes_since(sessions, kept.saved_at)
    report = dict(kept.report)
    report["metadata"] = {
        **(report.get("metadata") or {}),
        "cached": {"saved_at": kept.saved_at.isoformat(), "age_seconds": kept.age_seconds(now)}
        | since,
    }
    sys.stderr.write(f"lambdatui: {summary(where, kept.age_seconds(now), since)}\n")
    return report


def changes_since(sessions: Sequence[AwsSession], when: datetime) -> dict[str, Any]:
    """`changes_since` (newest first) from every region's CloudTrail, or `changes_unknown` with
    the reason when one of them could not be read."""
    from lambdatui.aws.cloudtrail_reader import CloudTrailReader

    found: list[dict[str, Any]] = []
    complete = True
    for session in sessions:
        changes = CloudTrailReader(session).changes_since(when)
        if changes.error is not None:
            e = changes.error
            reason = f"CloudTrail could not be read in {session.region} ({e.code}: {e.message})"
            return {"changes_unknown": reason}
        complete = complete and changes.complete
        found += [c.as_json() | {"region": session.region} for c in changes.changes]
    found.sort(key=lambda c: c["time"], reverse=True)
    return {"changes_since": found, "changes_complete": complete}


def summary(where: str, age_s: float, since: dict[str, Any]) -> str:
    age = cache.age_words(age_s)
    head = f"cached report of {where}, {age} old"
    if "changes_unknown" in since:
        return f"{head}; what changed since is unknown: {since['changes_unknown']}"
    changes = since["changes_since"]
    if not changes:
        return f"{head}; CloudTrail shows no wiring change since"
    more = "" if since["changes_complete"] else " (at least)"
    named = ", ".join(
        f"{c['event']} {'/'.join(c['resources']) or c['source']}" for c in changes[:5]
    )
    rest = f", … {len(changes) - 5} more" if len(changes) > 5 else ""
    return f"{head}; {len(changes)}{more} changes since (CloudTrail): {named}{rest}"
