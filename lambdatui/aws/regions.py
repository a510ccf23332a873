"""Which regions to read: the ones asked for, or every enabled one."""

from __future__ import annotations

from lambdatui.aws.session import AwsSession
from lambdatui.aws.translate import aws_call
from lambdatui.core.errors import AwsError
from lambdatui.core.regions import DEFAULT_ENABLED_REGIONS


def resolve_regions(session: AwsSession, asked: list[str], all_regions: bool) -> list[str]:
    if not all_regions:
        return list(dict.fromkeys(asked)) or [session.region]
    try:
        with aws_call("ec2", "DescribeRegions"):
            answer = session.client("ec2").describe_regions()
        return sorted(r["RegionName"] for r in answer["Regions"])
    except AwsError:
        return list(DEFAULT_ENABLED_REGIONS)
