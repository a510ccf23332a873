"""The list's kept picture from the UI's side: asking the backend for it, and saying how old it is.

The backend keeps the picture (`lambdatui.inventory.picture`, on disk under the XDG cache dir);
a backend without one (a test's fixed backend, the demo) simply has none. These calls block:
they are made from the list's thread workers only.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from lambdatui.core.errors import LambdaTuiError
from lambdatui.core.model import Finding, Function, FunctionDetail
from lambdatui.inventory.cache import age_words

if TYPE_CHECKING:
    from lambdatui.inventory.picture import ListPicture, RefreshPlan

log = logging.getLogger(__name__)


def cached_picture(backend: Any) -> ListPicture | None:
    """The picture kept from the last run, or None (none kept, or the backend keeps none)."""
    method = getattr(backend, "cached_picture", None)
    if method is None:
        return None
    try:
        picture: ListPicture | None = method()
    except LambdaTuiError as exc:
        log.info("no cached picture: %s", exc)
        return None
    return picture if picture is not None and picture.rows else None


def refresh_plan(backend: Any, picture: ListPicture, functions: Sequence[Function]) -> RefreshPlan:
    """What to read again; everything (said why) when the backend cannot tell."""
    from lambdatui.inventory.picture import RefreshPlan

    method = getattr(backend, "refresh_plan", None)
    if method is None:
        return RefreshPlan(None, frozenset(), "this session cannot tell what changed")
    try:
        plan: RefreshPlan = method(picture, functions)
    except LambdaTuiError as exc:
        return RefreshPlan(None, frozenset(), f"what changed could not be told ({exc})")
    return plan


def keep_picture(
    backend: Any,
    account: str | None,
    functions: Sequence[Function],
    details: Mapping[str, FunctionDetail],
    findings: Mapping[str, list[Finding]],
    previous: ListPicture | None,
    unchanged: frozenset[str],
) -> None:
    """Keep what the list shows now for the next start: fresh rows from `details`, the rows
    CloudTrail confirmed (`unchanged`) from `previous`."""
    method = getattr(backend, "keep_picture", None)
    if method is None:
        return
    from lambdatui.inventory.picture import picture_of

    try:
        account = account or backend.identity().account
    except LambdaTuiError as exc:
        log.info("picture not kept: %s", exc)
        return
    regions = tuple(getattr(backend, "regions", None) or [backend.region])
    picture = picture_of(
        account, regions, functions, details, findings, previous, unchanged=unchanged
    )
    method(picture)


def age_text(picture: ListPicture, now: datetime | None = None) -> str:
    """`40 s`, `12 min`, `3 h`, `2 d`: how old the picture is."""
    return age_words(picture.age_seconds(now or datetime.now(UTC)))


def local_time(picture: ListPicture) -> str:
    """When the picture was taken, in local time (HH:MM, with the date when not today)."""
    when = picture.since.astimezone()
    today = datetime.now().astimezone().date()
    return f"{when:%H:%M}" if when.date() == today else f"{when:%Y-%m-%d %H:%M}"
