"""CloudWatch Logs subscription filters whose destination is a Lambda function.

Subscription filters are stored per log group, so a full scan costs one DescribeSubscriptionFilters
per log group (an API limited to a few requests per second): accounts often hold thousands of
groups. Callers therefore usually pass the log groups that policies name, and scan everything only
on request.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from lambdatui.aws.trigger_sources import (
    TriggerReader,
    function_arn,
    is_function_arn,
)
from lambdatui.core.arn import parse_arn
from lambdatui.core.model import WiredTrigger


class LogsReader(TriggerReader):
    source = "logs"
    principal = "logs.amazonaws.com"
    service = "logs"

    def wired_triggers(self, log_group_names: Iterable[str] | None = None) -> list[WiredTrigger]:
        """DescribeSubscriptionFilters for each named log group (a missing group is skipped), or
        with no names, DescribeLogGroups (paginated) and then the filters of every group."""
        self.reset()
        triggers: list[WiredTrigger] = []
        for name, group_arn in self._groups(log_group_names):
            filters = self.read(
                "DescribeSubscriptionFilters",
                name,
                lambda name=name: list(
                    self.pages(
                        "describe_subscription_filters", "subscriptionFilters", logGroupName=name
                    )
                ),
                missing_ok=True,
                covers=f"{self._group_arn(name)}:*",
                iam_resource=self._group_arn(name),
            )
            for entry in filters or ():
                if is_function_arn(entry.get("destinationArn")):
                    triggers.append(self._trigger(name, group_arn, entry))
        return triggers

    def _groups(self, names: Iterable[str] | None) -> Iterator[tuple[str, str | None]]:
        """(name, ARN as DescribeLogGroups gives it, if it was called) for each group to read."""
        if names is not None:
            yield from ((name, None) for name in dict.fromkeys(names))
            return
        for group in self.pages("describe_log_groups", "logGroups"):
            yield group["logGroupName"], group.get("arn")

    def _group_arn(self, name: str) -> str:
        return f"arn:{self.partition}:logs:{self.region}:{self.account()}:log-group:{name}"

    def _trigger(self, group: str, group_arn: str | None, entry: dict[str, Any]) -> WiredTrigger:
        parsed = parse_arn(group_arn) if group_arn else None
        account = parsed.account if parsed else self.account()
        return WiredTrigger(
            source=self.source,
            source_arn=f"arn:{self.partition}:logs:{self.region}:{account}:log-group:{group}:*",
            target_arn=function_arn(
                entry["destinationArn"],
                partition=self.partition,
                region=self.region,
                account=account,
            ),
            principal=self.principal,
            source_account=account,
            detail={
                "log_group": group,
                "filter_name": entry.get("filterName"),
                "filter_pattern": entry.get("filterPattern"),
                "distribution": entry.get("distribution"),
            },
        )

    def source_exists(self, arn: str) -> bool:
        """DescribeLogGroups with the group's name as prefix, and an exact match among them."""
        parsed = self.scoped_arn(arn, "logs")
        if parsed is None or not parsed.resource.startswith("log-group:"):
            return False
        # `log-group:NAME`, `log-group:NAME:*`, `log-group:NAME:log-stream:…` (no ':' in names)
        name = parsed.resource.split(":")[1]
        self.refuse_wildcards(name, arn)
        if not name:
            return False
        groups = self.pages("describe_log_groups", "logGroups", logGroupNamePrefix=name)
        return any(group.get("logGroupName") == name for group in groups)
