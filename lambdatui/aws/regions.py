"""Which regions to read: the ones asked for, or every enabled one."""

from __future__ import annotations

from lambdatui.aws.errors import aws_call
from lambdatui.aws.session import AwsSession
from lambdatui.errors import AwsError

# The commercial partition's regions, for when ec2:DescribeRegions is not allowed.
KNOWN_REGIONS = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
    "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-southeast-1", "ap-southeast-2",
)  # fmt: skip


def resolve_regions(session: AwsSession, asked: list[str], all_regions: bool) -> list[str]:
    if not all_regions:
        return list(dict.fromkeys(asked)) or [session.region]
    try:
        with aws_call("ec2", "DescribeRegions"):
            answer = session.client("ec2").describe_regions()
        return sorted(r["RegionName"] for r in answer["Regions"])
    except AwsError:
        return list(KNOWN_REGIONS)
