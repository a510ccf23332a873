from __future__ import annotations

from typing import Any

import pytest

from lambdatui.aws.s3_reader import S3Reader
from lambdatui.aws.session import AwsSession
from lambdatui.core.errors import AccessDenied, AwsError
from lambdatui.core.model import ReadError, WiredTrigger
from tests.reader_builders import ACCOUNT, FN, OTHER_FN, REGION, fail_call


def _notify(boto: Any, bucket: str, **config: Any) -> None:
    boto("s3").create_bucket(Bucket=bucket)
    if config:
        boto("s3").put_bucket_notification_configuration(
            Bucket=bucket, NotificationConfiguration=config
        )


@pytest.fixture
def wired(boto: Any) -> None:
    topic = boto("sns").create_topic(Name="restores")["TopicArn"]
    _notify(
        boto,
        "uploads",
        LambdaFunctionConfigurations=[
            {
                "Id": "resize-raw",
                "LambdaFunctionArn": f"{FN}:live",
                "Events": ["s3:ObjectCreated:*"],
                "Filter": {
                    "Key": {
                        "FilterRules": [
                            {"Name": "Prefix", "Value": "raw/"},
                            {"Name": "Suffix", "Value": ".jpg"},
                        ]
                    }
                },
            },
            {"Id": "audit", "LambdaFunctionArn": OTHER_FN, "Events": ["s3:ObjectRemoved:*"]},
        ],
    )
    _notify(
        boto,
        "archive",
        TopicConfigurations=[
            {"Id": "restore", "TopicArn": topic, "Events": ["s3:ObjectRestore:*"]}
        ],
    )
    _notify(boto, "quiet")


def test_reads_every_lambda_notification_of_every_bucket(aws: AwsSession, wired: None) -> None:
    reader = S3Reader(aws)
    triggers = sorted(reader.wired_triggers(), key=lambda t: t.target_arn)

    assert triggers == [
        WiredTrigger(
            source="s3",
            source_arn="arn:aws:s3:::uploads",
            target_arn=f"{FN}:live",
            principal="s3.amazonaws.com",
            source_account=ACCOUNT,
            detail={
                "bucket": "uploads",
                "id": "resize-raw",
                "events": ("s3:ObjectCreated:*",),
                "prefix": "raw/",
                "suffix": ".jpg",
            },
        ),
        WiredTrigger(
            source="s3",
            source_arn="arn:aws:s3:::uploads",
            target_arn=OTHER_FN,
            principal="s3.amazonaws.com",
            source_account=ACCOUNT,
            detail={
                "bucket": "uploads",
                "id": "audit",
                "events": ("s3:ObjectRemoved:*",),
                "prefix": None,
                "suffix": None,
            },
        ),
    ]
    assert triggers[0].qualifier == "live" and triggers[0].function_arn == FN
    assert reader.errors == []


def test_a_bucket_that_cannot_be_read_is_recorded_and_the_scan_goes_on(
    aws: AwsSession, boto: Any, wired: None
) -> None:
    _notify(
        boto,
        "thumbnails",
        LambdaFunctionConfigurations=[{"LambdaFunctionArn": FN, "Events": ["s3:ObjectCreated:*"]}],
    )
    fail_call(
        aws.client("s3"),
        "GetBucketNotificationConfiguration",
        when=lambda params: params["Bucket"] == "uploads",
    )
    reader = S3Reader(aws)

    assert [t.source_arn for t in reader.wired_triggers()] == ["arn:aws:s3:::thumbnails"]
    assert reader.errors == [
        ReadError(
            service="s3",
            operation="GetBucketNotificationConfiguration",
            code="AccessDenied",
            message="AccessDenied (test)",
            resource="uploads",
            iam_action="s3:GetBucketNotification",
            iam_resource="arn:aws:s3:::uploads",
        )
    ]
    # what that bucket would have told is unknown, not absent
    assert [(u.source, u.covers) for u in reader.unread] == [("s3", "arn:aws:s3:::uploads")]
    assert reader.errors[0].grant == "grant s3:GetBucketNotification on arn:aws:s3:::uploads"


def test_a_denied_bucket_listing_raises(aws: AwsSession, wired: None) -> None:
    fail_call(aws.client("s3"), "ListBuckets")
    with pytest.raises(AccessDenied):
        S3Reader(aws).wired_triggers()


def test_source_exists(aws: AwsSession, wired: None) -> None:
    reader = S3Reader(aws)
    assert reader.source_exists("arn:aws:s3:::uploads") is True
    assert reader.source_exists("arn:aws:s3:::uploads/raw/*") is True
    assert reader.source_exists("arn:aws:s3:::no-such-bucket-here") is False
    assert reader.source_exists(f"arn:aws:sns:{REGION}:{ACCOUNT}:uploads") is False
    assert reader.source_exists("arn:aws:s3:::") is False
    with pytest.raises(AwsError) as wildcard:
        reader.source_exists("arn:aws:s3:::upl*")
    assert wildcard.value.code == "WildcardSourceArn"


def test_a_bucket_of_another_account_is_unverified_not_missing(aws: AwsSession) -> None:
    fail_call(aws.client("s3"), "HeadBucket", code="403")
    with pytest.raises(AccessDenied):
        S3Reader(aws).source_exists("arn:aws:s3:::someone-elses-bucket")
