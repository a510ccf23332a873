"""Writing a bucket's whole notification configuration without losing another writer's entries.

`PutBucketNotificationConfiguration` replaces the whole configuration and S3 offers no
conditional write for it, so an entry another writer adds between lambdatui's last read and its
PUT is overwritten (a lost update), and one lambdatui wrote can be overwritten by a writer that
read before it. This guard narrows and repairs that:

- a last look: the configuration is read once more at the last moment, in the PUT's own
  `before-send` event (after every `before-call` handler, right before the request leaves), and
  every entry seen there or in the plan's base is expected to survive the write;
- after the PUT the whole configuration is read and compared with the base plus the intended
  change plus whatever the last look saw: an entry missing from it is a lost update and is put
  back at once (read, merge, write, compare again), at most `MAX_ATTEMPTS` writes in all;
- the outcome says so either way: entries put back are a note, entries still missing after the
  last attempt are a problem (the plan is then not verified), entries another writer added after
  ours are a note.

`base` is the configuration the call was planned against (for a forward write, the body of its
undo; for an undo, the body of the write it reverses): entries in the base and not in the body
are ones the call means to remove, and are never put back.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from lambdatui.actions.api_call import ApiCall
from lambdatui.actions.bucket_config import entries_of, with_entries
from lambdatui.aws.session import AwsSession
from lambdatui.core.errors import AwsError

MAX_ATTEMPTS = 3
LAST_LOOK = "before-send.s3.PutBucketNotificationConfiguration"

Send = Callable[[ApiCall], Any]
Entries = dict[str, tuple[str, Any]]


def writer_for(call: ApiCall) -> Callable[..., tuple[Any, list[str], list[str]]] | None:
    """The guarded writer for a call that replaces a bucket's whole notification configuration
    (None for any other call, which is sent as it is)."""
    if call.service == "s3" and call.operation == "put_bucket_notification_configuration":
        return put_notification_configuration
    return None


def _read(session: AwsSession, bucket: str) -> dict[str, Any]:
    from lambdatui.actions.reads import bucket_configuration

    return bucket_configuration(session, bucket)


@contextlib.contextmanager
def _last_look(session: AwsSession, bucket: str, seen: list[dict[str, Any]]) -> Iterator[None]:
    """Read the bucket's configuration inside the PUT's `before-send` event."""
    events = session.client("s3").meta.events
    unique_id = f"lambdatui-last-look-{uuid.uuid4().hex}"

    def look(**_: Any) -> None:
        # A narrowing, not a condition: when it cannot read, the comparison after still runs.
        with contextlib.suppress(AwsError):
            seen.append(_read(session, bucket))

    events.register_first(LAST_LOOK, look, unique_id=unique_id)
    try:
        yield
    finally:
        events.unregister(LAST_LOOK, unique_id=unique_id)


def _names(found: Entries) -> str:
    return ", ".join(sorted(key.split("/", 1)[-1] for key in found))


def put_notification_configuration(
    session: AwsSession, call: ApiCall, counterpart: ApiCall | None, send: Send
) -> tuple[Any, list[str], list[str]]:
    """Send `call` with the lost-update guard; its answer, notes and problems.

    Raises the `AwsError` of the first write (nothing was written); a failed repair write is a
    problem in the report instead (the first write did happen).
    """
    bucket = str(call.params["Bucket"])
    body = dict(call.params["NotificationConfiguration"])
    base = (
        dict(counterpart.params.get("NotificationConfiguration") or {})
        if counterpart is not None and counterpart.operation == call.operation
        else None
    )
    intended = entries_of(body)
    removed = set(entries_of(base)) - set(intended) if base is not None else set()
    seen: Entries = entries_of(base) if base is not None else {}
    put_back: Entries = {}
    notes: list[str] = []
    problems: list[str] = []
    answer: Any = None
    attempt_call = call
    missing: Entries = {}
    for attempt in range(1, MAX_ATTEMPTS + 1):
        looked: list[dict[str, Any]] = []
        try:
            with _last_look(session, bucket, looked):
                sent = send(attempt_call)
        except AwsError as exc:
            if attempt == 1:
                raise
            problems.append(
                f"Bucket {bucket}: putting back {_names(missing)} failed: {exc.message} "
                f"({exc.code}); add {'it' if len(missing) == 1 else 'them'} back by hand."
            )
            return answer, notes, problems
        answer = sent if attempt == 1 else answer
        for config in looked:
            for key, part in entries_of(config).items():
                seen.setdefault(key, part)
        try:
            now = entries_of(_read(session, bucket))
        except AwsError as exc:
            problems.append(
                f"Bucket {bucket}: could not re-read the configuration to check for a lost "
                f"update: {exc.message}"
            )
            return answer, notes, problems
        expected = {key: part for key, part in {**seen, **intended}.items() if key not in removed}
        missing = {key: part for key, part in expected.items() if key not in now}
        if not missing:
            break
        put_back.update(missing)
        merged = with_entries(_current(now), missing)
        attempt_call = replace(call, params={**call.params, "NotificationConfiguration": merged})
    else:
        problems.append(
            f"Bucket {bucket}: another writer's changes overwrote {_names(missing)} each of "
            f"{MAX_ATTEMPTS} times lambdatui wrote the configuration (S3 has no conditional "
            "write for it); re-read the bucket and add them back."
        )
        return answer, notes, problems
    if put_back:
        notes.append(
            f"Bucket {bucket}: another writer changed the notification configuration while "
            f"lambdatui wrote it; {_names(put_back)} would have been lost (a lost update: S3 "
            "has no conditional write for it) and "
            + ("was" if len(put_back) == 1 else "were")
            + " put back at once."
        )
    others = {
        key: part
        for key, part in now.items()
        if key not in seen and key not in intended and key not in removed
    }
    if others:
        notes.append(
            f"Bucket {bucket}: another writer added {_names(others)} meanwhile; kept as written."
        )
    return answer, notes, problems


def _current(now: Entries) -> dict[str, Any]:
    """A configuration holding exactly the parts `now` names."""
    return with_entries({}, now)


__all__ = ["LAST_LOOK", "MAX_ATTEMPTS", "put_notification_configuration", "writer_for"]
