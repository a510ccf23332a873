"""Firehose delivery streams that transform records with a Lambda function (the stream's role)."""

from __future__ import annotations

from typing import Any

from lambdatui.aws.role_invokers import RoleInvokerReader
from lambdatui.aws.translate import aws_call
from lambdatui.core.model import RoleInvoker


def lambda_processors(destination: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(function, role) of every Lambda processor of one destination description."""
    found = []
    for key, value in destination.items():
        if not key.endswith("DestinationDescription") or not isinstance(value, dict):
            continue
        config = value.get("ProcessingConfiguration") or {}
        if not config.get("Enabled"):
            continue
        for processor in config.get("Processors") or ():
            if processor.get("Type") != "Lambda":
                continue
            for parameter in processor.get("Parameters") or ():
                if parameter.get("ParameterName") == "LambdaArn":
                    found.append((parameter["ParameterValue"], value.get("RoleARN")))
    return found


class FirehoseReader(RoleInvokerReader):
    source = "firehose"
    service = "firehose"

    def invokers(self) -> list[RoleInvoker]:
        """ListDeliveryStreams (paged by name), DescribeDeliveryStream per stream."""
        self.errors = []
        client = self.client()
        names: list[str] = []
        with aws_call(self.service, "ListDeliveryStreams"):
            while True:
                start = {"ExclusiveStartDeliveryStreamName": names[-1]} if names else {}
                page = client.list_delivery_streams(Limit=100, **start)
                names.extend(page.get("DeliveryStreamNames") or ())
                if not page.get("HasMoreDeliveryStreams") or not page.get("DeliveryStreamNames"):
                    break
        found: list[RoleInvoker] = []
        for name in names:
            described = self.read(
                "DescribeDeliveryStream",
                name,
                lambda name=name: client.describe_delivery_stream(DeliveryStreamName=name),
            )
            if described is None:
                continue
            stream = described["DeliveryStreamDescription"]
            for destination in stream.get("Destinations") or ():
                for target, role in lambda_processors(destination):
                    found.append(
                        RoleInvoker(
                            source=self.source,
                            source_arn=stream["DeliveryStreamARN"],
                            target_arn=self.target(target),
                            role_arn=role,
                            detail={"delivery_stream": name},
                        )
                    )
        return found
