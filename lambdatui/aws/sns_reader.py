"""SNS subscriptions with the `lambda` protocol."""

from __future__ import annotations

from typing import Any

from lambdatui.aws.trigger_sources import TriggerReader, function_arn
from lambdatui.core.arn import parse_arn
from lambdatui.core.model import WiredTrigger


class SnsReader(TriggerReader):
    source = "sns"
    principal = "sns.amazonaws.com"
    service = "sns"

    def wired_triggers(self) -> list[WiredTrigger]:
        """ListSubscriptions (paginated): one call per 100 subscriptions, nothing per topic."""
        self.reset()
        return [
            self._trigger(sub)
            for sub in self.pages("list_subscriptions", "Subscriptions")
            if sub.get("Protocol") == "lambda" and sub.get("Endpoint")
        ]

    def _trigger(self, sub: dict[str, Any]) -> WiredTrigger:
        topic_arn = sub["TopicArn"]
        topic = parse_arn(topic_arn)
        account = topic.account if topic else None
        return WiredTrigger(
            source=self.source,
            source_arn=topic_arn,
            target_arn=function_arn(
                sub["Endpoint"],
                partition=topic.partition if topic else self.partition,
                region=topic.region if topic else self.region,
                account=account,
            ),
            principal=self.principal,
            source_account=account,
            detail={
                "topic": topic.resource if topic else topic_arn,
                "topic_arn": topic_arn,
                "subscription_arn": sub.get("SubscriptionArn"),
                "owner": sub.get("Owner"),
            },
        )

    def source_exists(self, arn: str) -> bool:
        """GetTopicAttributes on the topic ARN (topics of other accounts too)."""
        parsed = self.scoped_arn(arn, "sns", any_account=True)
        if parsed is None or not parsed.resource:
            return False
        self.refuse_wildcards(parsed.resource, arn)
        client = self.client()
        return self.exists(
            "GetTopicAttributes", arn, lambda: client.get_topic_attributes(TopicArn=arn)
        )
