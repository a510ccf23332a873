"""What changed since a moment: CloudTrail's management-event history (`LookupEvents`, a read).

Every account keeps 90 days of management events per region, on by default. A cached picture is
stale exactly where one of these happened since it was taken: a Lambda write (a function, alias,
version, policy, URL, destination or mapping), an S3 bucket notification, an SNS subscription or
an EventBridge rule or target. Reads (Get*/List*/Describe*) are left out.

LookupEvents takes one lookup attribute per call (here the event source), gives 50 events a page
and allows 2 calls a second per account and region: the reader paces itself under that and stops
at a page bound, saying the list is incomplete rather than reading for ever.

Each change also says which functions and sources it touches (`cloudtrail_events.named_by`, from
the event's own record), so a cached picture re-reads just those rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lambdatui.aws.cloudtrail_events import Place, named_by, record_of
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
    functions: tuple[str, ...] = ()
    """Unqualified ARNs of the functions it wrote or may have made a new target."""
    sources: tuple[str, ...] = ()
    """ARNs of the buckets, topics, rules or event source mappings it changed."""
    resolved: bool = True
    """False: a wiring write whose subject could not be told (anything may have changed)."""

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
        self._bucket = _lookup_bucket(session)

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
            if self._bucket is not None:
                self._bucket.take()
            answer = client.lookup_events(**params)
            yield answer.get("Events") or []
            token = answer.get("NextToken")
            if not token:
                return
        raise _PageBound

    def changes_since(self, since: datetime, account: str | None = None) -> Changes:
        """The wiring-relevant writes since `since`, newest first (an event CloudTrail gives
        from before `since` is left out). `account` fills in what a short name leaves out
        when the event's record does not say it."""
        found = Changes()
        here = Place(self._partition(), self.session.region, account)
        for source, wanted in WATCHED.items():
            try:
                with aws_call("cloudtrail", "LookupEvents", source):
                    for page in self._events(source, since):
                        found.changes += [
                            change
                            for e in page
                            if is_change(e, wanted) and (change := _change(e, here)).time >= since
                        ]
            except _PageBound:
                found.complete = False
            except AwsError as exc:
                return Changes(error=read_error(exc, iam_resource="*"))
        found.changes.sort(key=lambda c: c.time, reverse=True)
        return found

    def _partition(self) -> str:
        from botocore.exceptions import UnknownRegionError

        try:
            return self.session.boto.get_partition_for_region(self.session.region) or "aws"
        except (UnknownRegionError, AwsError):  # a session that cannot be made fails its read
            return "aws"


def _lookup_bucket(session: AwsSession) -> TokenBucket | None:
    """LookupEvents' pacing: none for an unpaced session (an emulator), else its quota scaled
    like Lambda's (`LAMBDATUI_PACING_SCALE`; 0: none)."""
    if not session.spec.pace:
        return None
    from lambdatui.aws.pacing import configured_scale
    from lambdatui.core.errors import UsageError

    try:
        scale = configured_scale()
    except UsageError:  # said at start already; pace as AWS does
        scale = 1.0
    return TokenBucket(LOOKUP_RATE * scale, burst=1.0) if scale > 0 else None


class _PageBound(Exception):
    """More events than the reader reads for one source."""


def _change(event: dict[str, Any], here: Place) -> Change:
    when = event.get("EventTime")
    dated = True
    try:
        time = when if isinstance(when, datetime) else datetime.fromisoformat(str(when))
    except ValueError:  # an event that cannot be dated is not left out as "older"
        time, dated = datetime.now(UTC), False
    source = str(event.get("EventSource", "")).removesuffix(".amazonaws.com")
    name = str(event.get("EventName", ""))
    kinds = [
        (str(r.get("ResourceType", "")), str(r.get("ResourceName", "")))
        for r in event.get("Resources") or []
    ]
    named = named_by(source, name, record_of(event), here, kinds)
    return Change(
        time=time if time.tzinfo else time.replace(tzinfo=UTC),
        source=source,
        event=name,
        resources=tuple(
            str(r["ResourceName"]) for r in event.get("Resources") or [] if r.get("ResourceName")
        ),
        functions=named.functions,
        sources=named.sources,
        resolved=named.resolved and dated,
    )
