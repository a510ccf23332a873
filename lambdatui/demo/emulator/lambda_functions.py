"""Function configuration and event source mappings.

Upstream: DeadLetterConfig dropped on create and ListEventSourceMappings by function ARN are both
moto bugs worth reporting.
"""

from __future__ import annotations

import functools
from typing import Any

from lambdatui.demo.emulator.names import name_and_qualifier as _name_and_qualifier

# --- Function configuration ---------------------------------------------------------------------


def fix_dead_letter_config() -> None:
    """`DeadLetterConfig` of CreateFunction / UpdateFunctionConfiguration.

    AWS: kept, and returned by GetFunction(Configuration) and ListFunctions as
    `"DeadLetterConfig": {"TargetArn": …}`; an empty `TargetArn` removes it.
    moto: silently dropped, so every function looked as if it had no dead-letter queue.
    """
    from moto.awslambda.models import LambdaFunction

    original_init = LambdaFunction.__init__
    original_get = LambdaFunction.get_configuration
    original_update = LambdaFunction.update_configuration

    @functools.wraps(original_init)
    def __init__(self: Any, account_id: str, spec: dict[str, Any], *args: Any, **kw: Any) -> None:
        original_init(self, account_id, spec, *args, **kw)
        self.dead_letter_target_arn = (spec.get("DeadLetterConfig") or {}).get("TargetArn")

    @functools.wraps(original_get)
    def get_configuration(self: Any, on_create: bool = False) -> dict[str, Any]:
        config = original_get(self, on_create)
        target = getattr(self, "dead_letter_target_arn", None)
        if target:
            config["DeadLetterConfig"] = {"TargetArn": target}
        return config

    @functools.wraps(original_update)
    def update_configuration(self: Any, config_updates: dict[str, Any]) -> dict[str, Any]:
        if "DeadLetterConfig" in config_updates:
            target = (config_updates["DeadLetterConfig"] or {}).get("TargetArn")
            self.dead_letter_target_arn = target or None
        return original_update(self, config_updates)

    LambdaFunction.__init__ = __init__  # type: ignore[method-assign]
    LambdaFunction.get_configuration = get_configuration  # type: ignore[method-assign]
    LambdaFunction.update_configuration = update_configuration  # type: ignore[method-assign]


def fix_list_event_source_mappings_by_arn() -> None:
    """ListEventSourceMappings with `FunctionName`.

    AWS: the filter accepts the function's name or its ARN (qualified or not) and returns the
    mappings of that function, whichever form was used to create them.
    moto: compared the filter string with the `FunctionName` string the mapping was created with,
    so filtering by ARN found nothing for a mapping created by name (and the reverse).
    """
    from moto.awslambda.models import LambdaBackend

    original = LambdaBackend.list_event_source_mappings

    @functools.wraps(original)
    def list_event_source_mappings(
        self: Any, event_source_arn: str, function_name: str
    ) -> list[Any]:
        mappings = list(original(self, event_source_arn, ""))
        if not function_name:
            return mappings
        wanted = _name_and_qualifier(function_name, None)
        return [m for m in mappings if _name_and_qualifier(m.function_arn, None) == wanted]

    LambdaBackend.list_event_source_mappings = list_event_source_mappings  # type: ignore[method-assign]
