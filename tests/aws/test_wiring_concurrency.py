"""A service reader reads its resources a few at a time: the opened function's triggers wait for
the whole wiring scan, and one round trip per bucket or rule, one after the other, took seconds.

Each read waits at a barrier that only opens when two reads are in flight at once (bounded:
reads made one after the other break it, and the reader records the failures)."""

from __future__ import annotations

import threading
from typing import Any

from lambdatui.aws.events_reader import EventsReader
from lambdatui.aws.s3_reader import S3Reader
from lambdatui.aws.session import AwsSession
from tests.aws.test_trigger_sources import FN

BUCKETS = ("uploads", "archive", "exports", "thumbs")
PAIR_WAIT_S = 15.0


def meet_in_pairs(aws: AwsSession, event: str) -> threading.Barrier:
    """A before-call hook on `event` that makes every read wait for a second one."""
    barrier = threading.Barrier(2, timeout=PAIR_WAIT_S)

    def hook(**_: Any) -> None:
        barrier.wait()

    aws.boto.events.register(event, hook)
    return barrier


def test_bucket_notifications_are_read_concurrently(aws: AwsSession, boto: Any) -> None:
    s3 = boto("s3")
    for bucket in BUCKETS:
        s3.create_bucket(Bucket=bucket)
        s3.put_bucket_notification_configuration(
            Bucket=bucket,
            NotificationConfiguration={
                "LambdaFunctionConfigurations": [
                    {"LambdaFunctionArn": FN, "Events": ["s3:ObjectCreated:*"]}
                ]
            },
        )
    barrier = meet_in_pairs(aws, "before-call.s3.GetBucketNotificationConfiguration")
    reader = S3Reader(aws)
    triggers = reader.wired_triggers()
    assert not barrier.broken and reader.errors == []
    assert sorted(t.source_arn for t in triggers) == sorted(f"arn:aws:s3:::{b}" for b in BUCKETS)


def test_rule_targets_are_read_concurrently(aws: AwsSession, boto: Any) -> None:
    events = boto("events")
    for number in range(4):
        events.put_rule(Name=f"rule-{number}", ScheduleExpression="rate(1 hour)")
        events.put_targets(Rule=f"rule-{number}", Targets=[{"Id": "fn", "Arn": FN}])
    barrier = meet_in_pairs(aws, "before-call.events.ListTargetsByRule")
    reader = EventsReader(aws)
    triggers = reader.wired_triggers()
    assert not barrier.broken and reader.errors == []
    assert sorted(t.source_arn.rsplit("/", 1)[1] for t in triggers) == [
        f"rule-{n}" for n in range(4)
    ]
