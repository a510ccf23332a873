"""What changed since a moment: CloudTrail's management-event history (`LookupEvents`, a read).

Every account keeps 90 days of management events per region, on by default. A cached picture is
stale exactly where one of these happened since it was taken: a Lambda write (a function, alias,
version, policy, URL, destination or mapping), an S3 bucket notification, an SNS subscription or
an EventBridge rule or target. Reads (Get*/List*/Describe*) are left out.

LookupEvents takes one lookup attribute per call (here the event source), gives 50 events a page
and allows 2 calls a second per account and region: the reader paces itself under that and stops
at a page bound, saying the list is incomplete rather than reading for ever.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lambdatui.aws.pacing import TokenBucket
from lambdatui.aws.session import AwsSession
from lambdatui.aws.translate import aws_call, read_error
from lambdatui.core.errors import AwsError
from lambdatui.core.model import ReadError

LOOKUP_RATE = 1.8  # AWS allows 2 a second per account and region; keep a little spare
MAX_PAGES = 20  # per event source: 1,000 events

WATCHED: dict[str, frozenset[str] | None] = {
    "lambda.amazonaws.com": None,  # every write to Lambda
    "s3.amazonaws.com": frozenset(
        {"PutBucketNotification", "PutBucketNotificationConfiguration", "DeleteBucket"}
    ),
    "sns.amazonaws.com": frozenset({"Subscribe", "Unsubscribe", "DeleteTopic", "CreateTopic"}),
    "events.amazonaws.com": frozenset(
        {"PutRule", "DeleteRule", "EnableRule", "DisableRule", "PutTargets", "RemoveTargets"}
    ),
}
"""Event source → the event names that change a trigger's wiring (None: every write)."""

READ_PREFIXES = ("Get", "List", "Describe", "Head")


@dataclass(frozen=True)
class Change:
    time: datetime
    source: str
    """The event source without `.amazonaws.com`: lambda, s3, sns, events."""
    event: str
    resources: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "time": self.time.isoformat(),
            "source": self.source,
            "event": self.event,
            "resources": list(self.resources),
        }


@dataclass
class Changes:
    """The changes found since a moment; `error` set when CloudTrail could not be read (then the
    list says nothing), `complete` False when the page bound was reached."""

    changes: list[Change] = field(default_factory=list)
    complete: bool = True
    error: ReadError | None = None

    @property
    def known(self) -> bool:
        return self.error is None


def is_change(event: dict[str, Any], wanted: frozenset[str] | None) -> bool:
    name = str(event.get("EventName", ""))
    if str(event.get("ReadOnly", "")).lower() == "true" or name.startswith(READ_PREFIXES):
        return False
    return wanted is None or name in wanted


class CloudTrailReader:
    def __init__(self, session: AwsSession) -> None:
        self.session = session
        self._bucket = TokenBucket(LOOKUP_RATE, burst=1.0)

    def _events(self, source: str, since: datetime) -> Iterator[list[dict[str, Any]]]:
        client = self.session.client("cloudtrail")
        token: str | None = None
        for _ in range(MAX_PAGES):
            params: dict[str, Any] = {
                "LookupAttributes": [{"AttributeKey": "EventSource", "AttributeValue": source}],
                "StartTime": since,
                "MaxResults": 50,
            }
            if token:
                params["NextToken"] = token
            self._bucket.take()
            answer = client.lookup_events(**params)
            yield answer.get("Events") or []
            token = answer.get("NextToken")
            if not token:
                return
        raise _PageBound

    def changes_since(self, since: datetime) -> Changes:
        """The wiring-relevant writes since `since`, newest first."""
        found = Changes()
        for source, wanted in WATCHED.items():
            try:
                with aws_call("cloudtrail", "LookupEvents", source):
                    for page in self._events(source, since):
                        found.changes += [_change(e) for e in page if is_change(e, wanted)]
            except _PageBound:
                found.complete = False
            except AwsError as exc:
                return Changes(error=read_error(exc, iam_resource="*"))
        found.changes.sort(key=lambda c: c.time, reverse=True)
        return found


class _PageBound(Exception):
    """More events than the reader reads for one source."""


def _change(event: dict[str, Any]) -> Change:
    when = event.get("EventTime")
    return Change(
        time=when if isinstance(when, datetime) else datetime.fromisoformat(str(when)),
        source=str(event.get("EventSource", "")).removesuffix(".amazonaws.com"),
        event=str(event.get("EventName", "")),
        resources=tuple(
            str(r["ResourceName"]) for r in event.get("Resources") or [] if r.get("ResourceName")
        ),
    )
