"""Does a destination exist? One cheap read per ARN: SQS, SNS, Lambda, EventBridge bus, S3.

Used for async OnSuccess/OnFailure destinations, dead-letter queues and mapping OnFailure
targets. `check` answers a `Fact`: found, absent, or unknown — with the read that failed
(access denied, throttled …) and the IAM action that would let it succeed — so the audit never
calls a destination missing, or fine, on a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lambdatui.aws.session import AwsSession
from lambdatui.aws.translate import aws_call, read_error
from lambdatui.core.arn import parse_arn
from lambdatui.core.errors import AwsError, NotFound
from lambdatui.core.facts import ABSENT, FOUND, Fact

MISSING_CODES = {
    "AWS.SimpleQueueService.NonExistentQueue",
    "QueueDoesNotExist",
    "NotFound",
    "NotFoundException",
    "ResourceNotFoundException",
    "NoSuchBucket",
    "404",
}

# service → the read that tells whether a destination of that service exists
OPERATIONS = {
    "sqs": "GetQueueUrl",
    "sns": "GetTopicAttributes",
    "lambda": "GetFunctionConfiguration",
    "events": "DescribeEventBus",
    "s3": "HeadBucket",
}


class DestinationReader:
    def __init__(self, session: AwsSession) -> None:
        self.session = session

    def exists(self, arn: str) -> bool | None:
        """True/False, or None when it could not be told (see `check` for why)."""
        return self.check(arn).as_bool()

    def check(self, arn: str) -> Fact:
        """Whether the destination `arn` exists; unknown (with the failed read) when it could
        not be read, or unknown without one when it is not checked from here."""
        parsed = parse_arn(arn)
        if parsed is None:
            return Fact.unknown(why=f"{arn} is not an ARN")
        checks: dict[str, Callable[[], Any]] = {
            "sqs": lambda: self.session.client("sqs").get_queue_url(
                QueueName=parsed.resource, QueueOwnerAWSAccountId=parsed.account
            ),
            "sns": lambda: self.session.client("sns").get_topic_attributes(TopicArn=arn),
            "lambda": lambda: self.session.client("lambda").get_function_configuration(
                FunctionName=arn
            ),
            "events": lambda: self.session.client("events").describe_event_bus(
                Name=parsed.resource.removeprefix("event-bus/")
            ),
            "s3": lambda: self.session.client("s3").head_bucket(Bucket=parsed.resource),
        }
        check = checks.get(parsed.service)
        if check is None:
            return Fact.unknown(why=f"lambdatui does not check {parsed.service} destinations")
        if parsed.region not in ("", self.session.region):
            return Fact.unknown(why=f"{arn} is in {parsed.region}, not read from here")
        try:
            with aws_call(parsed.service, OPERATIONS[parsed.service], arn):
                check()
        except NotFound:
            return ABSENT
        except AwsError as exc:
            if exc.code in MISSING_CODES:
                return ABSENT
            return Fact.unknown(read_error(exc, iam_resource=arn), why=exc.message)
        return FOUND
