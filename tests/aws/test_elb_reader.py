from __future__ import annotations

from typing import Any

import pytest

from lambdatui.aws.elb_reader import ElbReader
from lambdatui.aws.session import AwsSession
from lambdatui.core.errors import AccessDenied, AwsError
from lambdatui.core.model import ReadError, WiredTrigger
from tests.reader_builders import ACCOUNT, FN, REGION, fail_call


@pytest.fixture
def groups(boto: Any) -> dict[str, str]:
    elb = boto("elbv2")

    def group(name: str, **kwargs: Any) -> str:
        return elb.create_target_group(Name=name, **kwargs)["TargetGroups"][0]["TargetGroupArn"]

    arns = {
        "api": group("api", TargetType="lambda"),
        "empty": group("empty", TargetType="lambda"),
        "web": group("web", TargetType="ip", Protocol="HTTP", Port=80, VpcId=_vpc(boto)),
    }
    elb.register_targets(TargetGroupArn=arns["api"], Targets=[{"Id": f"{FN}:live"}])
    elb.register_targets(TargetGroupArn=arns["web"], Targets=[{"Id": "10.0.0.7"}])
    return arns


def _vpc(boto: Any) -> str:
    return boto("ec2").create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]


def test_reads_lambda_target_groups(aws: AwsSession, groups: dict[str, str]) -> None:
    reader = ElbReader(aws)

    assert reader.wired_triggers() == [
        WiredTrigger(
            source="elb",
            source_arn=groups["api"],
            target_arn=f"{FN}:live",
            principal="elasticloadbalancing.amazonaws.com",
            source_account=ACCOUNT,
            detail={
                "target_group": "api",
                "health": "healthy",
                "health_reason": None,
                "health_description": None,
                "load_balancers": (),
            },
        )
    ]
    assert reader.errors == []


def test_a_group_whose_health_cannot_be_read_is_recorded(
    aws: AwsSession, groups: dict[str, str]
) -> None:
    fail_call(aws.client("elbv2"), "DescribeTargetHealth", code="AccessDenied")
    reader = ElbReader(aws)

    assert reader.wired_triggers() == []
    assert sorted(e.resource or "" for e in reader.errors) == sorted(
        [groups["api"], groups["empty"]]
    )
    assert reader.errors[0] == ReadError(
        service="elbv2",
        operation="DescribeTargetHealth",
        code="AccessDenied",
        message="AccessDenied (test)",
        resource=reader.errors[0].resource,
        iam_action="elasticloadbalancing:DescribeTargetHealth",
        iam_resource=reader.errors[0].resource or "",
    )
    assert sorted(u.covers for u in reader.unread) == sorted([groups["api"], groups["empty"]])


def test_a_denied_target_group_listing_raises(aws: AwsSession) -> None:
    fail_call(aws.client("elbv2"), "DescribeTargetGroups")
    with pytest.raises(AccessDenied):
        ElbReader(aws).wired_triggers()


def test_source_exists(aws: AwsSession, groups: dict[str, str]) -> None:
    reader = ElbReader(aws)
    assert reader.source_exists(groups["api"]) is True
    gone = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/gone/0123456789abcdef"
    assert reader.source_exists(gone) is False
    assert reader.source_exists(f"arn:aws:sns:{REGION}:{ACCOUNT}:api") is False
    with pytest.raises(AwsError) as wildcard:
        reader.source_exists(f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/api/*")
    assert wildcard.value.code == "WildcardSourceArn"
