"""Does a destination exist? One cheap read per ARN: SQS, SNS, Lambda, EventBridge bus, S3.

Used for async OnSuccess/OnFailure destinations, dead-letter queues and mapping OnFailure
targets. Answers True/False, or None when the answer could not be read (access denied, another
service), so the audit never calls a destination missing on a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lambdatui.aws.session import AwsSession
from lambdatui.aws.translate import aws_call
from lambdatui.core.arn import parse_arn
from lambdatui.core.errors import AwsError, NotFound

MISSING_CODES = {
    "AWS.SimpleQueueService.NonExistentQueue",
    "QueueDoesNotExist",
    "NotFound",
    "NotFoundException",
    "ResourceNotFoundException",
    "NoSuchBucket",
    "404",
}


class DestinationReader:
    def __init__(self, session: AwsSession) -> None:
        self.session = session

    def exists(self, arn: str) -> bool | None:
        parsed = parse_arn(arn)
        if parsed is None:
            return None
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
        if check is None or parsed.region not in ("", self.session.region):
            return None  # another region's resource: not read from here
        try:
            with aws_call(parsed.service, "exists", arn):
                check()
        except NotFound:
            return False
        except AwsError as exc:
            return False if exc.code in MISSING_CODES else None
        return True
