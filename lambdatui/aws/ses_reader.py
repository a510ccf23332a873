"""SES receipt rules of the active rule set with a Lambda action.

SES invokes as `ses.amazonaws.com`; AWS's own grant pins it with `SourceAccount` (and may add the
rule's ARN as `SourceArn`), so the trigger's `source_arn` is the receipt rule's ARN.
"""

from __future__ import annotations

from typing import Any

from lambdatui.aws.translate import aws_call
from lambdatui.aws.trigger_sources import TriggerReader, is_function_arn
from lambdatui.core.model import WiredTrigger


class SesReader(TriggerReader):
    source = "ses"
    principal = "ses.amazonaws.com"
    service = "ses"

    def wired_triggers(self) -> list[WiredTrigger]:
        """DescribeActiveReceiptRuleSet: one call returns every rule of the active set."""
        self.reset()
        with aws_call(self.service, "DescribeActiveReceiptRuleSet"):
            answer = self.client().describe_active_receipt_rule_set()
        rule_set = (answer.get("Metadata") or {}).get("Name")
        if not rule_set:  # no active rule set: SES receives no mail here
            return []
        triggers: list[WiredTrigger] = []
        for rule in answer.get("Rules") or ():
            for action in rule.get("Actions") or ():
                target = (action.get("LambdaAction") or {}).get("FunctionArn")
                if is_function_arn(target):
                    triggers.append(self._trigger(rule_set, rule, action["LambdaAction"]))
        return triggers

    def rule_arn(self, rule_set: str, rule: str) -> str:
        return (
            f"arn:{self.partition}:ses:{self.region}:{self.account()}:"
            f"receipt-rule-set/{rule_set}:receipt-rule/{rule}"
        )

    def _trigger(self, rule_set: str, rule: dict[str, Any], action: dict[str, Any]) -> WiredTrigger:
        detail = {
            "rule_set": rule_set,
            "rule": rule["Name"],
            "enabled": rule.get("Enabled"),
            "invocation_type": action.get("InvocationType", "Event"),
        }
        return self.wired(
            self.rule_arn(rule_set, rule["Name"]),
            action["FunctionArn"],
            detail,
            account=self.account(),
        )

    def source_exists(self, arn: str) -> bool:
        """DescribeReceiptRule for `receipt-rule-set/SET:receipt-rule/RULE`."""
        parsed = self.scoped_arn(arn, "ses")
        if parsed is None or not parsed.resource.startswith("receipt-rule-set/"):
            return False
        self.refuse_wildcards(parsed.resource, arn)
        rule_set, _, rule = parsed.resource.removeprefix("receipt-rule-set/").partition(
            ":receipt-rule/"
        )
        client = self.client()
        if not rule:
            return self.exists(
                "DescribeReceiptRuleSet",
                arn,
                lambda: client.describe_receipt_rule_set(RuleSetName=rule_set),
            )
        return self.exists(
            "DescribeReceiptRule",
            arn,
            lambda: client.describe_receipt_rule(RuleSetName=rule_set, RuleName=rule),
        )
