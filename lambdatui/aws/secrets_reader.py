"""Secrets Manager secrets rotated by a Lambda function.

Secrets Manager invokes the rotation function as `secretsmanager.amazonaws.com`; the trigger's
`source_arn` is the secret's ARN. ListSecrets carries `RotationLambdaARN`: one call a page.
"""

from __future__ import annotations

from typing import Any

from lambdatui.aws.trigger_sources import TriggerReader, is_function_arn
from lambdatui.core.model import WiredTrigger


class SecretsReader(TriggerReader):
    source = "secretsmanager"
    principal = "secretsmanager.amazonaws.com"
    service = "secretsmanager"

    def wired_triggers(self) -> list[WiredTrigger]:
        """ListSecrets (paginated); never GetSecretValue — lambdatui reads no secret."""
        self.reset()
        return [
            self._trigger(secret)
            for secret in self.pages("list_secrets", "SecretList")
            if is_function_arn(secret.get("RotationLambdaARN"))
        ]

    def _trigger(self, secret: dict[str, Any]) -> WiredTrigger:
        detail = {"secret": secret.get("Name"), "rotation": secret.get("RotationEnabled")}
        return self.wired(secret["ARN"], secret["RotationLambdaARN"], detail)

    def source_exists(self, arn: str) -> bool:
        """DescribeSecret (metadata only, never the value)."""
        parsed = self.scoped_arn(arn, "secretsmanager")
        if parsed is None or not parsed.resource.startswith("secret:"):
            return False
        self.refuse_wildcards(parsed.resource, arn)
        client = self.client()
        return self.exists("DescribeSecret", arn, lambda: client.describe_secret(SecretId=arn))
