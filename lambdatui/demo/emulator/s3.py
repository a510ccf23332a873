"""S3 bucket notifications: EventBridge configuration and filter rule names.

Upstream: both are moto bugs worth reporting (AWS accepts `Prefix`/`Suffix` in any case and returns
EventBridgeConfiguration on Get).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

# --- S3 -----------------------------------------------------------------------------------------


def fix_s3_eventbridge_notification() -> None:
    """GetBucketNotificationConfiguration of a bucket with EventBridge enabled.

    AWS: the answer holds `<EventBridgeConfiguration/>` (boto3: `"EventBridgeConfiguration": {}`)
    next to the topic, queue and function entries, so a read-modify-write keeps it.
    moto: stored it on Put but left it out of Get, so a tool that reads, edits its own entry and
    writes the configuration back would switch EventBridge delivery off.
    """
    from moto.s3.responses import S3Response

    original = S3Response.get_bucket_notification

    @functools.wraps(original)
    def get_bucket_notification(self: Any) -> Any:
        config = self.backend.get_bucket_notification_configuration(self.bucket_name)
        if config is None or config.event_bridge is None:
            return original(self)
        serialized = self.serialized

        def serialized_with_event_bridge(result: Any) -> Any:
            if isinstance(result.result, dict):
                result.result["EventBridgeConfiguration"] = {}
            return serialized(result)

        self.serialized = serialized_with_event_bridge
        try:
            return original(self)
        finally:
            del self.serialized

    S3Response.get_bucket_notification = get_bucket_notification  # type: ignore[method-assign]


_FILTER_RULE_NAME = re.compile(r"<Name>\s*(prefix|suffix)\s*</Name>", re.IGNORECASE)


def fix_s3_filter_rule_names() -> None:
    """Key filter rules of a bucket notification (`{"Name": "Prefix", "Value": "raw/"}`).

    AWS: accepts the rule names in any case (`prefix`, `Prefix`) and answers Get with `Prefix` /
    `Suffix`.
    moto: answered 500 (a failed `assert`) to any name but lowercase `prefix` / `suffix`, and
    echoed back the lowercase names.
    """
    from moto.s3.responses import S3Response

    original_parse = S3Response._notification_config_from_body
    original_get = S3Response.get_bucket_notification

    def rename(text: str, style: Callable[[str], str]) -> str:
        return _FILTER_RULE_NAME.sub(lambda m: f"<Name>{style(m.group(1))}</Name>", text)

    @functools.wraps(original_parse)
    def _notification_config_from_body(self: Any) -> dict[str, Any]:
        if isinstance(self.body, bytes):
            self.body = rename(self.body.decode(), str.lower).encode()
        elif isinstance(self.body, str):
            self.body = rename(self.body, str.lower)
        return original_parse(self)

    @functools.wraps(original_get)
    def get_bucket_notification(self: Any) -> Any:
        status, headers, body = original_get(self)
        if isinstance(body, bytes):
            body = rename(body.decode(), str.capitalize).encode()
        elif isinstance(body, str):
            body = rename(body, str.capitalize)
        return status, headers, body

    S3Response._notification_config_from_body = _notification_config_from_body  # type: ignore[method-assign]
    S3Response.get_bucket_notification = get_bucket_notification  # type: ignore[method-assign]
