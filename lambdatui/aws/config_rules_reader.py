"""AWS Config custom rules backed by a Lambda function (`Source.Owner` CUSTOM_LAMBDA).

Config invokes as `config.amazonaws.com`; AWS's documented grant pins it with `SourceAccount`.
"""

from __future__ import annotations

from typing import Any

from lambdatui.aws.translate import aws_call
from lambdatui.aws.trigger_sources import TriggerReader, is_function_arn
from lambdatui.core.model import WiredTrigger


class ConfigRulesReader(TriggerReader):
    source = "config"
    principal = "config.amazonaws.com"
    service = "config"

    def wired_triggers(self) -> list[WiredTrigger]:
        """DescribeConfigRules (paginated by NextToken)."""
        self.reset()
        client, token, triggers = self.client(), None, []
        with aws_call(self.service, "DescribeConfigRules"):
            while True:
                page = client.describe_config_rules(**({"NextToken": token} if token else {}))
                for rule in page.get("ConfigRules") or ():
                    source = rule.get("Source") or {}
                    target = source.get("SourceIdentifier")
                    if source.get("Owner") == "CUSTOM_LAMBDA" and is_function_arn(target):
                        triggers.append(self._trigger(rule, target))
                token = page.get("NextToken")
                if not token:
                    return triggers

    def _trigger(self, rule: dict[str, Any], target: str) -> WiredTrigger:
        detail = {"rule": rule.get("ConfigRuleName"), "state": rule.get("ConfigRuleState")}
        return self.wired(rule["ConfigRuleArn"], target, detail)

    def source_exists(self, arn: str) -> bool:
        """DescribeConfigRules by name: Config rule ARNs end in an id (`config-rule/config-rule-
        ab12cd`), not the name, so the rule is found by listing and matching its ARN."""
        parsed = self.scoped_arn(arn, "config")
        if parsed is None or not parsed.resource.startswith("config-rule/"):
            return False
        self.refuse_wildcards(parsed.resource, arn)
        client, token = self.client(), None
        with aws_call(self.service, "DescribeConfigRules", arn):
            while True:
                page = client.describe_config_rules(**({"NextToken": token} if token else {}))
                if any(r.get("ConfigRuleArn") == arn for r in page.get("ConfigRules") or ()):
                    return True
                token = page.get("NextToken")
                if not token:
                    return False
