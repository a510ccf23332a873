"""Cognito user pool Lambda triggers (the pool's `LambdaConfig`).

ListUserPools already returns each pool's `LambdaConfig`, so a scan costs one call per 60 pools;
DescribeUserPool is only called for a pool whose listing lacks it. A function wired to several
triggers of one pool (PreTokenGeneration and PreTokenGenerationConfig, say) is one `WiredTrigger`
naming all of them.
"""

from __future__ import annotations

import re
from typing import Any

from lambdatui.aws.trigger_sources import (
    TriggerReader,
    function_arn,
    is_function_arn,
)
from lambdatui.core.arn import account_of
from lambdatui.core.model import WiredTrigger

_POOL_ID = re.compile(r"[\w-]+_[0-9a-zA-Z]+")


def lambda_config_targets(config: dict[str, Any]) -> dict[str, list[str]]:
    """Function ARN -> the LambdaConfig keys naming it.

    Values are ARNs (PreSignUp, CustomMessage …) or objects with a `LambdaArn`
    (CustomSMSSender, CustomEmailSender, PreTokenGenerationConfig …); KMSKeyID is neither.
    """
    targets: dict[str, list[str]] = {}
    for key, value in config.items():
        arn = value.get("LambdaArn") if isinstance(value, dict) else value
        if is_function_arn(arn):
            targets.setdefault(arn, []).append(key)
    return targets


class CognitoReader(TriggerReader):
    source = "cognito-idp"
    principal = "cognito-idp.amazonaws.com"
    service = "cognito-idp"

    def wired_triggers(self) -> list[WiredTrigger]:
        """ListUserPools (60 a page); DescribeUserPool only where the listing lacks LambdaConfig."""
        self.reset()
        client = self.client()
        triggers: list[WiredTrigger] = []
        for pool in self.pages("list_user_pools", "UserPools", MaxResults=60):
            pool_id, config, pool_arn = pool["Id"], pool.get("LambdaConfig"), None
            if config is None:
                described = self.read(
                    "DescribeUserPool",
                    pool_id,
                    lambda pool_id=pool_id: client.describe_user_pool(UserPoolId=pool_id),
                    missing_ok=True,
                    covers=self._pool_arn(pool_id),
                )
                if described is None:
                    continue
                config = described["UserPool"].get("LambdaConfig") or {}
                pool_arn = described["UserPool"].get("Arn")
            targets = lambda_config_targets(config)
            if targets:
                arn = pool_arn or self._pool_arn(pool_id)
                triggers += [self._trigger(pool, arn, fn, keys) for fn, keys in targets.items()]
        return triggers

    def _pool_arn(self, pool_id: str) -> str:
        return f"arn:{self.partition}:cognito-idp:{self.region}:{self.account()}:userpool/{pool_id}"

    def _trigger(
        self, pool: dict[str, Any], pool_arn: str, target: str, keys: list[str]
    ) -> WiredTrigger:
        account = account_of(pool_arn) or ""
        return WiredTrigger(
            source=self.source,
            source_arn=pool_arn,
            target_arn=function_arn(
                target, partition=self.partition, region=self.region, account=account
            ),
            principal=self.principal,
            source_account=account,
            detail={
                "user_pool_id": pool["Id"],
                "user_pool_name": pool.get("Name"),
                "triggers": tuple(keys),
            },
        )

    def source_exists(self, arn: str) -> bool:
        """DescribeUserPool for the pool id of `arn:aws:cognito-idp:R:A:userpool/{id}`."""
        parsed = self.scoped_arn(arn, "cognito-idp")
        if parsed is None or not parsed.resource.startswith("userpool/"):
            return False
        pool_id = parsed.resource.removeprefix("userpool/")
        self.refuse_wildcards(pool_id, arn)
        if not _POOL_ID.fullmatch(pool_id):
            return False  # AWS would refuse the id as malformed
        client = self.client()
        return self.exists(
            "DescribeUserPool", arn, lambda: client.describe_user_pool(UserPoolId=pool_id)
        )
