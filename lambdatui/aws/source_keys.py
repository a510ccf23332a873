"""Which KMS key encrypts a pull source, when it is a customer managed one.

Lambda polls an SQS queue or a Kinesis stream encrypted with a customer managed key only when the
execution role may `kms:Decrypt` with that key (AWS managed keys — `alias/aws/sqs`,
`alias/aws/kinesis` — need no grant). One read per source (GetQueueAttributes or
DescribeStreamSummary), and DescribeKey where the source names the key by alias or id. A read
that fails is recorded, never taken for "not encrypted".
"""

from __future__ import annotations

from dataclasses import dataclass

from lambdatui.aws.session import AwsSession
from lambdatui.aws.translate import aws_call, read_error
from lambdatui.core.arn import parse_arn
from lambdatui.core.errors import AwsError
from lambdatui.core.model import ReadError

_AWS_MANAGED = ("alias/aws/",)


@dataclass(frozen=True)
class SourceKey:
    """The customer managed key of a source (`key_arn`), None when there is none, or the read
    that failed (`failed`)."""

    key_arn: str | None = None
    failed: ReadError | None = None


def source_key(session: AwsSession, source_arn: str) -> SourceKey:
    parsed = parse_arn(source_arn)
    if parsed is None:
        return SourceKey()
    try:
        if parsed.service == "sqs":
            with aws_call("sqs", "GetQueueUrl", source_arn):
                url = session.client("sqs").get_queue_url(
                    QueueName=parsed.resource, QueueOwnerAWSAccountId=parsed.account
                )["QueueUrl"]
            with aws_call("sqs", "GetQueueAttributes", source_arn):
                attributes = session.client("sqs").get_queue_attributes(
                    QueueUrl=url, AttributeNames=["KmsMasterKeyId"]
                )
            key = (attributes.get("Attributes") or {}).get("KmsMasterKeyId")
        elif parsed.service == "kinesis" and parsed.resource.startswith("stream/"):
            with aws_call("kinesis", "DescribeStreamSummary", source_arn):
                summary = session.client("kinesis").describe_stream_summary(StreamARN=source_arn)
            description = summary.get("StreamDescriptionSummary") or {}
            key = description.get("KeyId") if description.get("EncryptionType") == "KMS" else None
        else:
            return SourceKey()
        if not key or key.startswith(_AWS_MANAGED):
            return SourceKey()
        if key.startswith("arn:") and ":key/" in key:
            return SourceKey(key_arn=key)
        with aws_call("kms", "DescribeKey", key):
            metadata = session.client("kms").describe_key(KeyId=key)["KeyMetadata"]
        if metadata.get("KeyManager") == "AWS":
            return SourceKey()
        return SourceKey(key_arn=metadata["Arn"])
    except AwsError as exc:
        return SourceKey(failed=read_error(exc, iam_resource=source_arn))
