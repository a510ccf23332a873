from __future__ import annotations

import json
from typing import Any

import pytest

from lambdatui.aws.events_reader import EventsReader
from lambdatui.aws.session import AwsSession
from lambdatui.core.errors import AccessDenied, AwsError
from lambdatui.core.model import ReadError, WiredTrigger
from tests.reader_builders import ACCOUNT, FN, REGION, fail_call

RULE = f"arn:aws:events:{REGION}:{ACCOUNT}:rule"
PATTERN = json.dumps({"source": ["shop.orders"]})


@pytest.fixture
def rules(boto: Any) -> None:
    events = boto("events")
    events.put_rule(Name="nightly", ScheduleExpression="rate(1 day)")
    queue = boto("sqs").create_queue(QueueName="q")["QueueUrl"]
    queue_arn = boto("sqs").get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])
    events.put_targets(
        Rule="nightly",
        Targets=[
            {"Id": "fn-live", "Arn": f"{FN}:live"},
            {"Id": "queue", "Arn": queue_arn["Attributes"]["QueueArn"]},
        ],
    )
    events.create_event_bus(Name="orders-bus")
    events.put_rule(Name="created", EventBusName="orders-bus", EventPattern=PATTERN)
    events.put_targets(Rule="created", EventBusName="orders-bus", Targets=[{"Id": "1", "Arn": FN}])
    events.put_rule(Name="idle", ScheduleExpression="rate(1 hour)", State="DISABLED")


def test_reads_lambda_targets_on_every_bus(aws: AwsSession, rules: None) -> None:
    reader = EventsReader(aws)
    triggers = sorted(reader.wired_triggers(), key=lambda t: t.source_arn)

    assert triggers == [
        WiredTrigger(
            source="events",
            source_arn=f"{RULE}/nightly",
            target_arn=f"{FN}:live",
            principal="events.amazonaws.com",
            source_account=ACCOUNT,
            detail={
                "bus": "default",
                "rule": "nightly",
                "schedule": "rate(1 day)",
                "event_pattern": None,
                "state": "ENABLED",
                "target_id": "fn-live",
            },
        ),
        WiredTrigger(
            source="events",
            source_arn=f"{RULE}/orders-bus/created",
            target_arn=FN,
            principal="events.amazonaws.com",
            source_account=ACCOUNT,
            detail={
                "bus": "orders-bus",
                "rule": "created",
                "schedule": None,
                "event_pattern": PATTERN,
                "state": "ENABLED",
                "target_id": "1",
            },
        ),
    ]
    assert reader.errors == []


def test_a_rule_whose_targets_cannot_be_read_is_recorded(aws: AwsSession, rules: None) -> None:
    fail_call(
        aws.client("events"),
        "ListTargetsByRule",
        code="AccessDeniedException",
        status=400,
        when=lambda params: params["Rule"] == "nightly",
    )
    reader = EventsReader(aws)

    assert [t.source_arn for t in reader.wired_triggers()] == [f"{RULE}/orders-bus/created"]
    assert reader.errors == [
        ReadError(
            service="events",
            operation="ListTargetsByRule",
            code="AccessDeniedException",
            message="AccessDeniedException (test)",
            resource=f"{RULE}/nightly",
            iam_action="events:ListTargetsByRule",
            iam_resource=f"{RULE}/nightly",
        )
    ]
    assert [(u.source, u.covers) for u in reader.unread] == [("events", f"{RULE}/nightly")]


def test_a_denied_bus_listing_raises(aws: AwsSession) -> None:
    fail_call(aws.client("events"), "ListEventBuses", code="AccessDeniedException", status=400)
    with pytest.raises(AccessDenied):
        EventsReader(aws).wired_triggers()


def test_source_exists(aws: AwsSession, rules: None) -> None:
    reader = EventsReader(aws)
    assert reader.source_exists(f"{RULE}/nightly") is True
    assert reader.source_exists(f"{RULE}/orders-bus/created") is True
    assert reader.source_exists(f"{RULE}/gone") is False
    assert reader.source_exists(f"{RULE}/orders-bus/nightly") is False
    assert reader.source_exists(f"{RULE}/no-such-bus/created") is False
    assert reader.source_exists(f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/orders-bus") is False
    with pytest.raises(AwsError) as theirs:
        reader.source_exists(f"arn:aws:events:{REGION}:210987654321:rule/nightly")
    assert theirs.value.code == "SourceInOtherAccount"
    with pytest.raises(AwsError) as wildcard:
        reader.source_exists(f"{RULE}/orders-bus/*")
    assert wildcard.value.code == "WildcardSourceArn"
