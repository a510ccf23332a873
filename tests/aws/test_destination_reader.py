"""Does a destination exist? Found, absent, or unknown with the read that failed — never a guess."""

from __future__ import annotations

from typing import Any

import pytest

from lambdatui.aws.destination_reader import DestinationReader
from lambdatui.aws.session import AwsSession
from lambdatui.aws.translate import iam_action
from lambdatui.core.facts import Presence
from tests.reader_builders import ACCOUNT, REGION, fail_call

QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}"
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}"


@pytest.fixture
def made(boto: Any) -> None:
    boto("sqs").create_queue(QueueName="failures")
    boto("sns").create_topic(Name="alerts")


def test_found_and_absent_are_read(aws: AwsSession, made: None) -> None:
    reader = DestinationReader(aws)
    assert reader.check(f"{QUEUE}:failures").presence is Presence.FOUND
    assert reader.check(f"{QUEUE}:gone").presence is Presence.ABSENT
    assert reader.check(f"{TOPIC}:alerts").presence is Presence.FOUND
    assert reader.check(f"{TOPIC}:gone").presence is Presence.ABSENT
    assert reader.exists(f"{QUEUE}:gone") is False


def test_a_denied_read_is_unknown_and_names_what_to_grant(aws: AwsSession, made: None) -> None:
    fail_call(aws.client("sqs"), "GetQueueUrl", code="AccessDenied", status=403)
    fact = DestinationReader(aws).check(f"{QUEUE}:failures")
    assert fact.presence is Presence.UNKNOWN
    assert fact.failed_read is not None
    assert (fact.failed_read.service, fact.failed_read.operation) == ("sqs", "GetQueueUrl")
    assert fact.failed_read.grant == f"grant sqs:GetQueueUrl on {QUEUE}:failures"
    assert DestinationReader(aws).exists(f"{QUEUE}:failures") is None


def test_what_is_not_read_from_here_is_unknown_without_a_failed_read(aws: AwsSession) -> None:
    reader = DestinationReader(aws)
    elsewhere = reader.check(f"arn:aws:sqs:eu-west-1:{ACCOUNT}:failures")
    assert elsewhere.presence is Presence.UNKNOWN and elsewhere.failed_read is None
    assert "eu-west-1" in elsewhere.why
    other = reader.check(f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/s")
    assert other.presence is Presence.UNKNOWN and other.failed_read is None


@pytest.mark.parametrize(
    ("service", "operation", "action"),
    [
        ("s3", "GetBucketNotificationConfiguration", "s3:GetBucketNotification"),
        ("s3", "HeadBucket", "s3:ListBucket"),
        ("s3", "ListBuckets", "s3:ListAllMyBuckets"),
        ("apigateway", "GetResources", "apigateway:GET"),
        ("apigatewayv2", "GetIntegrations", "apigateway:GET"),
        ("elbv2", "DescribeTargetHealth", "elasticloadbalancing:DescribeTargetHealth"),
        ("lambda", "GetPolicy", "lambda:GetPolicy"),
        ("sqs", "GetQueueUrl", "sqs:GetQueueUrl"),
        ("logs", "DescribeSubscriptionFilters", "logs:DescribeSubscriptionFilters"),
        ("lexv2-models", "ListBots", "lex:ListBots"),
    ],
)
def test_the_iam_action_of_a_read(service: str, operation: str, action: str) -> None:
    assert iam_action(service, operation) == action
