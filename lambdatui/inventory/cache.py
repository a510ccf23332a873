"""The last audit picture of each account and region set, on disk, for a quick look.

`lambdatui audit` reads fresh by default (a security report from a cache would mislead) and
keeps what it found here; `audit --cached` shows it back at once, marked with its age. What is
kept is the JSON report itself: it never holds environment values or other secrets (the report
carries none — `tests/aws/test_demo_audit.py` proves it), only names, ARNs, statements and
findings. The file is 0600 in a 0700 folder under the XDG cache dir, written whole or not at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lambdatui.access.files import replace_private

FOLDER = "reports"


def age_words(seconds: float) -> str:
    """`40 s`, `12 min`, `3 h`, `2 d`: how old a kept report or picture is."""
    seconds = max(0.0, seconds)
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 36 * 3600:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} d"


def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("lambdatui", appauthor=False) / FOLDER


def cache_path(account: str, regions: Sequence[str], folder: Path | None = None) -> Path:
    """One file per account and set of regions: `<account>-<region>[+<region>…].json`."""
    safe = [re.sub(r"[^a-z0-9-]", "_", r.lower()) for r in sorted(set(regions))]
    name = re.sub(r"[^0-9A-Za-z_-]", "_", account) + "-" + "+".join(safe) + ".json"
    return (folder or cache_dir()) / name


@dataclass(frozen=True)
class Cached:
    report: dict[str, Any]
    saved_at: datetime

    def age_seconds(self, now: datetime | None = None) -> float:
        return ((now or datetime.now(UTC)) - self.saved_at).total_seconds()


def save(report: dict[str, Any], folder: Path | None = None) -> Path:
    """Keep `report` (a `lambdatui.audit/v1` dict) for its account and regions; returns the path."""
    path = cache_path(report["account"], report["regions"], folder)
    document = {"saved_at": datetime.now(UTC).isoformat(), "report": report}
    # json.dumps: C's encoder; json.dump streams through Python's, 4x slower
    return replace_private(path, json.dumps(document))


def load(account: str, regions: Sequence[str], folder: Path | None = None) -> Cached | None:
    """The kept report of this account and regions, or None when there is none (or it is not
    readable: a broken cache is no cache)."""
    path = cache_path(account, regions, folder)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        saved_at = datetime.fromisoformat(document["saved_at"])
        report = document["report"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(report, dict) or saved_at.tzinfo is None:
        return None
    return Cached(report, saved_at)
