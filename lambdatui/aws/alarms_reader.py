"""CloudWatch alarms whose actions invoke a Lambda function.

Alarms invoke as `lambda.alarms.cloudwatch.amazonaws.com`, with the alarm's ARN as `SourceArn`.
"""

from __future__ import annotations

from typing import Any

from lambdatui.aws.translate import aws_call
from lambdatui.aws.trigger_sources import TriggerReader, is_function_arn
from lambdatui.core.model import WiredTrigger

_ACTION_KEYS = {
    "AlarmActions": "ALARM",
    "OKActions": "OK",
    "InsufficientDataActions": "INSUFFICIENT",
}


class AlarmsReader(TriggerReader):
    source = "cloudwatch"
    principal = "lambda.alarms.cloudwatch.amazonaws.com"
    service = "cloudwatch"

    def wired_triggers(self) -> list[WiredTrigger]:
        """DescribeAlarms (paginated; metric and composite alarms together)."""
        self.reset()
        triggers: list[WiredTrigger] = []
        client = self.client()
        with_types = {"AlarmTypes": ["MetricAlarm", "CompositeAlarm"]}
        with aws_call(self.service, "DescribeAlarms"):
            for page in client.get_paginator("describe_alarms").paginate(**with_types):
                for alarm in [*page.get("MetricAlarms", ()), *page.get("CompositeAlarms", ())]:
                    triggers.extend(self._triggers(alarm))
        return triggers

    def _triggers(self, alarm: dict[str, Any]) -> list[WiredTrigger]:
        by_target: dict[str, list[str]] = {}
        for key, state in _ACTION_KEYS.items():
            for target in alarm.get(key) or ():
                if is_function_arn(target):
                    by_target.setdefault(target, []).append(state)
        return [
            self.wired(
                alarm["AlarmArn"], target, {"alarm": alarm["AlarmName"], "on": tuple(states)}
            )
            for target, states in by_target.items()
        ]

    def source_exists(self, arn: str) -> bool:
        """DescribeAlarms for the alarm's name (an empty answer: no such alarm)."""
        parsed = self.scoped_arn(arn, "cloudwatch")
        if parsed is None or not parsed.resource.startswith("alarm:"):
            return False
        name = parsed.resource.removeprefix("alarm:")
        self.refuse_wildcards(name, arn)
        client = self.client()
        with aws_call(self.service, "DescribeAlarms", arn):
            answer = client.describe_alarms(
                AlarmNames=[name], AlarmTypes=["MetricAlarm", "CompositeAlarm"]
            )
        return bool(answer.get("MetricAlarms") or answer.get("CompositeAlarms"))
