"""EventBridge rule targets that are Lambda functions, on every event bus of the region."""

from __future__ import annotations

from typing import Any

from lambdatui.aws.translate import aws_call
from lambdatui.aws.trigger_sources import (
    TriggerReader,
    function_arn,
    is_function_arn,
)
from lambdatui.core.arn import parse_arn
from lambdatui.core.model import WiredTrigger


class EventsReader(TriggerReader):
    source = "events"
    principal = "events.amazonaws.com"
    service = "events"

    def wired_triggers(self) -> list[WiredTrigger]:
        """ListEventBuses, then ListRules per bus and ListTargetsByRule per rule."""
        self.reset()
        triggers: list[WiredTrigger] = []
        found: list[tuple[str, dict[str, Any], str]] = []  # (bus, rule, rule ARN)
        for bus in self._buses():
            name = bus["Name"]
            on_bus = self._rule_arn(name, "*")
            rules = self.read(
                "ListRules",
                name,
                lambda name=name: list(self.pages("list_rules", "Rules", EventBusName=name)),
                covers=on_bus,
                iam_resource=on_bus,
            )
            for rule in rules or ():
                found.append((name, rule, rule.get("Arn") or self._rule_arn(name, rule["Name"])))

        def targets_of(item: tuple[str, dict[str, Any], str]) -> list[dict[str, Any]] | None:
            name, rule, rule_arn = item
            targets: list[dict[str, Any]] | None = self.read(
                "ListTargetsByRule",
                rule_arn,
                lambda: list(
                    self.pages(
                        "list_targets_by_rule", "Targets", Rule=rule["Name"], EventBusName=name
                    )
                ),
                missing_ok=True,
                covers=rule_arn,
            )
            return targets

        for (name, rule, rule_arn), targets in zip(
            found, self.read_each(found, targets_of), strict=True
        ):
            for target in targets or ():
                if is_function_arn(target.get("Arn")):
                    triggers.append(self._trigger(name, rule, rule_arn, target))
        return triggers

    def _buses(self) -> list[dict[str, Any]]:
        """Every bus of the region (ListEventBuses has no boto3 paginator)."""
        client, buses, token = self.client(), [], None
        with aws_call(self.service, "ListEventBuses"):
            while True:
                page = client.list_event_buses(**({"NextToken": token} if token else {}))
                buses.extend(page.get("EventBuses") or ())
                token = page.get("NextToken")
                if not token:
                    return buses

    def _rule_arn(self, bus: str, rule: str) -> str:
        path = f"rule/{rule}" if bus == "default" else f"rule/{bus}/{rule}"
        return f"arn:{self.partition}:events:{self.region}:{self.account()}:{path}"

    def _trigger(
        self, bus: str, rule: dict[str, Any], rule_arn: str, target: dict[str, Any]
    ) -> WiredTrigger:
        parsed = parse_arn(rule_arn)
        account = parsed.account if parsed else None
        return WiredTrigger(
            source=self.source,
            source_arn=rule_arn,
            target_arn=function_arn(
                target["Arn"], partition=self.partition, region=self.region, account=account
            ),
            principal=self.principal,
            source_account=account,
            detail={
                "bus": bus,
                "rule": rule["Name"],
                "schedule": rule.get("ScheduleExpression"),
                "event_pattern": rule.get("EventPattern"),
                "state": rule.get("State"),
                "target_id": target.get("Id"),
            },
        )

    def source_exists(self, arn: str) -> bool:
        """DescribeRule for `rule/name` (default bus) or `rule/bus-name/name`."""
        parsed = self.scoped_arn(arn, "events")
        if parsed is None or not parsed.resource.startswith("rule/"):
            return False
        bus, _, name = parsed.resource.removeprefix("rule/").rpartition("/")
        self.refuse_wildcards(parsed.resource, arn)
        if not name:
            return False
        params = {"Name": name, **({"EventBusName": bus} if bus else {})}
        client = self.client()
        return self.exists("DescribeRule", arn, lambda: client.describe_rule(**params))
