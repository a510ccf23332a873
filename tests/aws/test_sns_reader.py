from __future__ import annotations

from typing import Any

import pytest

from lambdatui.aws.session import AwsSession
from lambdatui.aws.sns_reader import SnsReader
from lambdatui.core.errors import AccessDenied, AwsError
from lambdatui.core.model import WiredTrigger
from tests.reader_builders import ACCOUNT, FN, REGION, fail_call


@pytest.fixture
def topics(boto: Any) -> dict[str, str]:
    sns = boto("sns")
    orders = sns.create_topic(Name="orders")["TopicArn"]
    audit = sns.create_topic(Name="audit")["TopicArn"]
    queue = boto("sqs").create_queue(QueueName="audit-queue")["QueueUrl"]
    queue_arn = boto("sqs").get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])
    subs = {
        "orders": sns.subscribe(TopicArn=orders, Protocol="lambda", Endpoint=f"{FN}:live"),
        # AWS itself insists on an ARN; a short name is normalised all the same
        "audit-fn": sns.subscribe(TopicArn=audit, Protocol="lambda", Endpoint="worker"),
    }
    sns.subscribe(TopicArn=audit, Protocol="sqs", Endpoint=queue_arn["Attributes"]["QueueArn"])
    return {name: sub["SubscriptionArn"] for name, sub in subs.items()} | {
        "orders-topic": orders,
        "audit-topic": audit,
    }


def test_reads_lambda_subscriptions(aws: AwsSession, topics: dict[str, str]) -> None:
    reader = SnsReader(aws)
    triggers = sorted(reader.wired_triggers(), key=lambda t: t.source_arn)

    assert triggers == [
        WiredTrigger(
            source="sns",
            source_arn=topics["audit-topic"],
            target_arn=f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:worker",
            principal="sns.amazonaws.com",
            source_account=ACCOUNT,
            detail={
                "topic": "audit",
                "topic_arn": topics["audit-topic"],
                "subscription_arn": topics["audit-fn"],
                "owner": ACCOUNT,
            },
        ),
        WiredTrigger(
            source="sns",
            source_arn=topics["orders-topic"],
            target_arn=f"{FN}:live",
            principal="sns.amazonaws.com",
            source_account=ACCOUNT,
            detail={
                "topic": "orders",
                "topic_arn": topics["orders-topic"],
                "subscription_arn": topics["orders"],
                "owner": ACCOUNT,
            },
        ),
    ]
    assert triggers[1].qualifier == "live"
    assert reader.errors == []


def test_a_denied_subscription_listing_raises(aws: AwsSession) -> None:
    fail_call(aws.client("sns"), "ListSubscriptions", code="AuthorizationError")
    with pytest.raises(AccessDenied) as denied:
        SnsReader(aws).wired_triggers()
    assert denied.value.operation == "ListSubscriptions"


def test_source_exists(aws: AwsSession, topics: dict[str, str]) -> None:
    reader = SnsReader(aws)
    assert reader.source_exists(topics["orders-topic"]) is True
    assert reader.source_exists(f"arn:aws:sns:{REGION}:{ACCOUNT}:gone") is False
    assert reader.source_exists(f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders") is False
    with pytest.raises(AwsError) as elsewhere:
        reader.source_exists(f"arn:aws:sns:eu-west-1:{ACCOUNT}:orders")
    assert elsewhere.value.code == "SourceInOtherRegion"
    with pytest.raises(AwsError) as wildcard:
        reader.source_exists(f"arn:aws:sns:{REGION}:{ACCOUNT}:ord*")
    assert wildcard.value.code == "WildcardSourceArn"


def test_source_exists_raises_when_the_topic_cannot_be_read(aws: AwsSession) -> None:
    fail_call(aws.client("sns"), "GetTopicAttributes", code="AuthorizationError")
    with pytest.raises(AccessDenied):
        SnsReader(aws).source_exists(f"arn:aws:sns:{REGION}:210987654321:theirs")
