from __future__ import annotations

from typing import Any

import pytest

from lambdatui.aws.logs_reader import LogsReader
from lambdatui.aws.session import AwsSession
from lambdatui.core.errors import AccessDenied, AwsError
from lambdatui.core.model import ReadError, WiredTrigger
from tests.reader_builders import ACCOUNT, FN, REGION, fail_call, make_function

GROUP = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group"


@pytest.fixture
def groups(boto: Any) -> None:
    make_function(boto, "fn", alias="live")
    logs = boto("logs")
    for name in ("/app/one", "/app/two", "/app/quiet", "/app/stream"):
        logs.create_log_group(logGroupName=name)
    logs.put_subscription_filter(
        logGroupName="/app/one", filterName="errors", filterPattern="ERROR", destinationArn=FN
    )
    logs.put_subscription_filter(
        logGroupName="/app/two", filterName="all", filterPattern="", destinationArn=f"{FN}:live"
    )
    kinesis = boto("kinesis")
    kinesis.create_stream(StreamName="s", ShardCount=1)
    stream = kinesis.describe_stream_summary(StreamName="s")["StreamDescriptionSummary"]
    logs.put_subscription_filter(
        logGroupName="/app/stream",
        filterName="to-kinesis",
        filterPattern="",
        destinationArn=stream["StreamARN"],
        roleArn=f"arn:aws:iam::{ACCOUNT}:role/r",
    )


def _one() -> WiredTrigger:
    return WiredTrigger(
        source="logs",
        source_arn=f"{GROUP}:/app/one:*",
        target_arn=FN,
        principal="logs.amazonaws.com",
        source_account=ACCOUNT,
        detail={
            "log_group": "/app/one",
            "filter_name": "errors",
            "filter_pattern": "ERROR",
            "distribution": "ByLogStream",
        },
    )


def test_reads_only_the_named_log_groups(aws: AwsSession, groups: None) -> None:
    reader = LogsReader(aws)

    assert reader.wired_triggers(["/app/one", "/app/missing", "/app/one"]) == [_one()]
    assert reader.errors == []
    assert "logs:DescribeLogGroups" not in aws.calls


def test_scans_every_log_group_when_no_names_are_given(aws: AwsSession, groups: None) -> None:
    triggers = sorted(LogsReader(aws).wired_triggers(), key=lambda t: t.source_arn)

    assert triggers[0] == _one()
    assert [(t.source_arn, t.target_arn) for t in triggers[1:]] == [
        (f"{GROUP}:/app/two:*", f"{FN}:live")
    ]
    assert triggers[1].qualifier == "live"


def test_a_group_that_cannot_be_read_is_recorded(aws: AwsSession, groups: None) -> None:
    fail_call(
        aws.client("logs"),
        "DescribeSubscriptionFilters",
        code="AccessDeniedException",
        status=400,
        when=lambda params: params["logGroupName"] == "/app/two",
    )
    reader = LogsReader(aws)

    assert reader.wired_triggers(["/app/one", "/app/two"]) == [_one()]
    assert reader.errors == [
        ReadError(
            service="logs",
            operation="DescribeSubscriptionFilters",
            code="AccessDeniedException",
            message="AccessDeniedException (test)",
            resource="/app/two",
            iam_action="logs:DescribeSubscriptionFilters",
            iam_resource=f"{GROUP}:/app/two",
        )
    ]
    assert [(u.source, u.covers) for u in reader.unread] == [("logs", f"{GROUP}:/app/two:*")]


def test_a_denied_log_group_listing_raises(aws: AwsSession) -> None:
    fail_call(aws.client("logs"), "DescribeLogGroups", code="AccessDeniedException", status=400)
    with pytest.raises(AccessDenied):
        LogsReader(aws).wired_triggers()


def test_source_exists(aws: AwsSession, groups: None) -> None:
    reader = LogsReader(aws)
    assert reader.source_exists(f"{GROUP}:/app/one:*") is True
    assert reader.source_exists(f"{GROUP}:/app/one") is True
    assert reader.source_exists(f"{GROUP}:/app/on:*") is False  # a prefix is not the group
    assert reader.source_exists(f"{GROUP}:/app/gone:*") is False
    with pytest.raises(AwsError) as wildcard:
        reader.source_exists(f"{GROUP}:/app/*")
    assert wildcard.value.code == "WildcardSourceArn"
    with pytest.raises(AwsError) as theirs:
        reader.source_exists(f"arn:aws:logs:{REGION}:210987654321:log-group:/app/one:*")
    assert theirs.value.code == "SourceInOtherAccount"
