"""IoT topic rules with a Lambda action (or a Lambda error action)."""

from __future__ import annotations

from typing import Any

from lambdatui.aws.trigger_sources import TriggerReader, is_function_arn
from lambdatui.core.model import WiredTrigger


class IotReader(TriggerReader):
    source = "iot"
    principal = "iot.amazonaws.com"
    service = "iot"

    def wired_triggers(self) -> list[WiredTrigger]:
        """ListTopicRules (paginated), then GetTopicRule per rule: the listing has no actions."""
        self.reset()
        client = self.client()
        triggers: list[WiredTrigger] = []
        for listed in self.pages("list_topic_rules", "rules"):
            name, rule_arn = listed["ruleName"], listed["ruleArn"]
            answer = self.read(
                "GetTopicRule",
                rule_arn,
                lambda name=name: client.get_topic_rule(ruleName=name),
                missing_ok=True,
                covers=rule_arn,
            )
            if answer is None:
                continue
            rule = answer.get("rule") or {}
            actions = list(rule.get("actions") or ())
            error_action = rule.get("errorAction")
            for action, role in [(a, "action") for a in actions] + [(error_action, "error")]:
                target = ((action or {}).get("lambda") or {}).get("functionArn")
                if is_function_arn(target):
                    triggers.append(self._trigger(rule_arn, rule, target, role))
        return triggers

    def _trigger(self, rule_arn: str, rule: dict[str, Any], target: str, role: str) -> WiredTrigger:
        detail = {
            "rule": rule.get("ruleName"),
            "sql": rule.get("sql"),
            "disabled": rule.get("ruleDisabled"),
            "as": role,
        }
        return self.wired(rule_arn, target, detail)

    def source_exists(self, arn: str) -> bool:
        """GetTopicRule for `rule/NAME`."""
        parsed = self.scoped_arn(arn, "iot")
        if parsed is None or not parsed.resource.startswith("rule/"):
            return False
        name = parsed.resource.removeprefix("rule/")
        self.refuse_wildcards(name, arn)
        client = self.client()
        return self.exists("GetTopicRule", arn, lambda: client.get_topic_rule(ruleName=name))
