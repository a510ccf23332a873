from __future__ import annotations

from typing import Any

import pytest

from lambdatui.aws.cognito_reader import CognitoReader
from lambdatui.aws.session import AwsSession
from lambdatui.core.errors import AccessDenied, AwsError
from lambdatui.core.model import ReadError, WiredTrigger
from tests.reader_builders import (
    ACCOUNT,
    FN,
    OTHER_FN,
    REGION,
    edit_answer,
    fail_call,
)

POOL = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@pytest.fixture
def pools(boto: Any) -> dict[str, str]:
    idp = boto("cognito-idp")
    members = idp.create_user_pool(
        PoolName="members",
        LambdaConfig={
            "PreSignUp": FN,
            "PreTokenGeneration": f"{FN}:live",
            "PreTokenGenerationConfig": {"LambdaVersion": "V2_0", "LambdaArn": f"{FN}:live"},
            "CustomSMSSender": {"LambdaVersion": "V1_0", "LambdaArn": FN},
            "CustomEmailSender": {"LambdaVersion": "V1_0", "LambdaArn": OTHER_FN},
            "KMSKeyID": KEY,
        },
    )["UserPool"]["Id"]
    plain = idp.create_user_pool(PoolName="plain")["UserPool"]["Id"]
    return {"members": members, "plain": plain}


def _expected(pool_id: str) -> list[WiredTrigger]:
    def wired(target: str, triggers: tuple[str, ...]) -> WiredTrigger:
        return WiredTrigger(
            source="cognito-idp",
            source_arn=f"{POOL}/{pool_id}",
            target_arn=target,
            principal="cognito-idp.amazonaws.com",
            source_account=ACCOUNT,
            detail={"user_pool_id": pool_id, "user_pool_name": "members", "triggers": triggers},
        )

    return [
        wired(FN, ("PreSignUp", "CustomSMSSender")),
        wired(f"{FN}:live", ("PreTokenGeneration", "PreTokenGenerationConfig")),
        wired(OTHER_FN, ("CustomEmailSender",)),
    ]


def test_reads_lambda_config_from_the_pool_listing(aws: AwsSession, pools: dict[str, str]) -> None:
    reader = CognitoReader(aws)

    assert reader.wired_triggers() == _expected(pools["members"])
    assert reader.errors == []
    assert "cognito-idp:DescribeUserPool" not in aws.calls


def test_a_listing_without_lambda_config_is_described(
    aws: AwsSession, pools: dict[str, str]
) -> None:
    def drop(parsed: dict[str, Any]) -> None:
        for pool in parsed.get("UserPools", []):
            pool.pop("LambdaConfig", None)

    edit_answer(aws.client("cognito-idp"), "ListUserPools", drop)
    reader = CognitoReader(aws)

    assert reader.wired_triggers() == _expected(pools["members"])
    assert aws.calls["cognito-idp:DescribeUserPool"] == 2


def test_a_pool_that_cannot_be_described_is_recorded(
    aws: AwsSession, pools: dict[str, str]
) -> None:
    edit_answer(
        aws.client("cognito-idp"),
        "ListUserPools",
        lambda parsed: [p.pop("LambdaConfig", None) for p in parsed.get("UserPools", [])],
    )
    fail_call(
        aws.client("cognito-idp"),
        "DescribeUserPool",
        code="AccessDeniedException",
        status=400,
        when=lambda params: params["UserPoolId"] == pools["plain"],
    )
    reader = CognitoReader(aws)

    assert reader.wired_triggers() == _expected(pools["members"])
    assert reader.errors == [
        ReadError(
            service="cognito-idp",
            operation="DescribeUserPool",
            code="AccessDeniedException",
            message="AccessDeniedException (test)",
            resource=pools["plain"],
            iam_action="cognito-idp:DescribeUserPool",
            iam_resource=f"{POOL}/{pools['plain']}",
        )
    ]
    assert [u.covers for u in reader.unread] == [f"{POOL}/{pools['plain']}"]


def test_a_denied_pool_listing_raises(aws: AwsSession) -> None:
    fail_call(aws.client("cognito-idp"), "ListUserPools", code="AccessDeniedException")
    with pytest.raises(AccessDenied):
        CognitoReader(aws).wired_triggers()


def test_source_exists(aws: AwsSession, pools: dict[str, str]) -> None:
    reader = CognitoReader(aws)
    assert reader.source_exists(f"{POOL}/{pools['members']}") is True
    assert reader.source_exists(f"{POOL}/{REGION}_Gone123") is False
    assert reader.source_exists(f"{POOL}/not-a-pool-id") is False
    with pytest.raises(AwsError) as wildcard:
        reader.source_exists(f"{POOL}/*")
    assert wildcard.value.code == "WildcardSourceArn"
