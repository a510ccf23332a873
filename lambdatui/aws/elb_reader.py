"""Elastic Load Balancing (v2) target groups of type `lambda` and the function each one invokes."""

from __future__ import annotations

from typing import Any

from lambdatui.aws.trigger_sources import TriggerReader, function_arn
from lambdatui.core.arn import parse_arn
from lambdatui.core.model import WiredTrigger


class ElbReader(TriggerReader):
    source = "elb"
    principal = "elasticloadbalancing.amazonaws.com"
    service = "elbv2"

    def wired_triggers(self) -> list[WiredTrigger]:
        """DescribeTargetGroups (paginated), then DescribeTargetHealth per `lambda` group."""
        self.reset()
        client = self.client()
        triggers: list[WiredTrigger] = []
        for group in self.pages("describe_target_groups", "TargetGroups"):
            if group.get("TargetType") != "lambda":
                continue
            arn = group["TargetGroupArn"]
            health = self.read(
                "DescribeTargetHealth",
                arn,
                lambda arn=arn: client.describe_target_health(TargetGroupArn=arn),
                missing_ok=True,
                covers=arn,
            )
            for description in (health or {}).get("TargetHealthDescriptions") or ():
                triggers.append(self._trigger(group, description))
        return triggers

    def _trigger(self, group: dict[str, Any], description: dict[str, Any]) -> WiredTrigger:
        arn = group["TargetGroupArn"]
        parsed = parse_arn(arn)
        account = parsed.account if parsed else None
        health = description.get("TargetHealth") or {}
        return WiredTrigger(
            source=self.source,
            source_arn=arn,
            target_arn=function_arn(
                description["Target"]["Id"],
                partition=self.partition,
                region=self.region,
                account=account,
            ),
            principal=self.principal,
            source_account=account,
            detail={
                "target_group": group.get("TargetGroupName"),
                "health": health.get("State"),
                "health_reason": health.get("Reason"),
                "health_description": health.get("Description"),
                "load_balancers": tuple(group.get("LoadBalancerArns") or ()),
            },
        )

    def source_exists(self, arn: str) -> bool:
        """DescribeTargetGroups for that one target group ARN."""
        parsed = self.scoped_arn(arn, "elasticloadbalancing")
        if parsed is None or not parsed.resource.startswith("targetgroup/"):
            return False
        self.refuse_wildcards(parsed.resource, arn)
        client = self.client()
        return self.exists(
            "DescribeTargetGroups",
            arn,
            lambda: client.describe_target_groups(TargetGroupArns=[arn]),
        )
