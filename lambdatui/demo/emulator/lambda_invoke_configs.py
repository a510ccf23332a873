"""Asynchronous invocation configs per qualifier.

Upstream: worth reporting (moto ignores Qualifier and hides a second Put).
"""

from __future__ import annotations

import functools
import json
import time
from typing import Any
from urllib.parse import unquote

from lambdatui.demo.emulator.names import name_and_qualifier as _name_and_qualifier

# --- Asynchronous invocation configs ------------------------------------------------------------

_INVOKE_CONFIG_KEYS = ("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig")


def _invoke_configs(backend: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """The configs of one account and region, keyed by (function name, qualifier)."""
    store: dict[tuple[str, str], dict[str, Any]] = backend.__dict__.setdefault(
        "_lambdatui_invoke_configs", {}
    )
    return store


def _invoke_config_target(response: Any) -> tuple[Any, str, str]:
    """(function, qualifier, qualified FunctionArn) named by an event-invoke-config request."""
    from moto.awslambda.utils import make_function_arn

    path = response.path.rstrip("/")
    marker = "/functions/"
    name = unquote(path[path.index(marker) + len(marker) :].split("/")[0])
    name, qualifier = _name_and_qualifier(name, response.querystring.get("Qualifier", [None])[0])
    fn = response.backend.get_function(name, qualifier)
    qualifier = qualifier or "$LATEST"
    arn = make_function_arn(response.region, response.current_account, fn.function_name)
    return fn, qualifier, f"{arn}:{qualifier}"


def _invoke_config_answer(arn: str, config: dict[str, Any]) -> dict[str, Any]:
    destinations = config.get("DestinationConfig") or {}
    answer: dict[str, Any] = {"LastModified": config["LastModified"], "FunctionArn": arn}
    for key in ("MaximumRetryAttempts", "MaximumEventAgeInSeconds"):
        if key in config:
            answer[key] = config[key]
    answer["DestinationConfig"] = {
        "OnSuccess": destinations.get("OnSuccess") or {},
        "OnFailure": destinations.get("OnFailure") or {},
    }
    return answer


def fix_event_invoke_config_per_qualifier() -> None:
    """Put/Update/Get/Delete/ListFunctionEventInvokeConfig(s).

    AWS: one config per qualifier (unqualified = `$LATEST`, each version, each alias), with a
    qualified `FunctionArn` (`…:function:notify:$LATEST`, `…:function:img-resize:live`); Put
    replaces the qualifier's config (settings left out are reset), Update changes only the
    settings passed (a `DestinationConfig` passed replaces the previous one), and List returns
    the configs of every qualifier of the function. Answers always carry `DestinationConfig`
    with `OnSuccess` and `OnFailure` (empty `{}` when unset). Deleting the function (or alias)
    deletes its configs.
    moto: ignored `Qualifier`, appended every Put/Update to a list of which Get and List only
    ever showed the first (a second Put was invisible, an alias config overwrote nothing and
    showed the function's), and answered with the unqualified FunctionArn.
    """
    from moto.awslambda.exceptions import UnknownEventConfig
    from moto.awslambda.models import EventInvokeConfig, LambdaBackend
    from moto.awslambda.responses import LambdaResponse

    def _store(self: Any, merge: bool) -> str:
        fn, qualifier, arn = _invoke_config_target(self)
        body = {key: value for key, value in self.json_body.items() if key in _INVOKE_CONFIG_KEYS}
        EventInvokeConfig(arn, "", body)  # moto's own range and ARN validation
        configs = _invoke_configs(self.backend)
        key = (fn.function_name, qualifier)
        config = dict(configs.get(key, {})) if merge else {}
        config.update(body)
        config["LastModified"] = time.time()
        configs[key] = config
        return json.dumps(_invoke_config_answer(arn, config))

    def put_function_event_invoke_config(self: Any) -> str:
        return _store(self, merge=False)

    def update_function_event_invoke_config(self: Any) -> str:
        return _store(self, merge=True)

    def get_function_event_invoke_config(self: Any) -> str:
        fn, qualifier, arn = _invoke_config_target(self)
        config = _invoke_configs(self.backend).get((fn.function_name, qualifier))
        if config is None:
            raise UnknownEventConfig(arn)
        return json.dumps(_invoke_config_answer(arn, config))

    def delete_function_event_invoke_config(self: Any) -> tuple[int, dict[str, Any], str]:
        fn, qualifier, arn = _invoke_config_target(self)
        if _invoke_configs(self.backend).pop((fn.function_name, qualifier), None) is None:
            raise UnknownEventConfig(arn)
        return 204, {"status": 204}, ""

    def list_function_event_invoke_configs(self: Any) -> str:
        fn, _, arn = _invoke_config_target(self)
        unqualified = arn.rsplit(":", 1)[0]
        found = sorted(
            (qualifier != "$LATEST", qualifier, config)
            for (name, qualifier), config in _invoke_configs(self.backend).items()
            if name == fn.function_name
        )
        answers = [
            _invoke_config_answer(f"{unqualified}:{qualifier}", config)
            for _, qualifier, config in found
        ]
        return json.dumps({"FunctionEventInvokeConfigs": answers})

    def forget(backend: Any, function: str, qualifier: str | None) -> None:
        name, qualifier = _name_and_qualifier(function, qualifier)
        configs = _invoke_configs(backend)
        for key in [k for k in configs if k[0] == name and qualifier in (None, k[1])]:
            del configs[key]

    original_delete_function = LambdaBackend.delete_function
    original_delete_alias = LambdaBackend.delete_alias

    @functools.wraps(original_delete_function)
    def delete_function(self: Any, function_name: str, qualifier: str | None = None) -> None:
        original_delete_function(self, function_name, qualifier)
        forget(self, function_name, qualifier)

    @functools.wraps(original_delete_alias)
    def delete_alias(self: Any, name: str, function_name: str) -> None:
        original_delete_alias(self, name, function_name)
        forget(self, function_name, name)

    LambdaBackend.delete_function = delete_function  # type: ignore[method-assign]
    LambdaBackend.delete_alias = delete_alias  # type: ignore[method-assign]

    for method in (
        put_function_event_invoke_config,
        update_function_event_invoke_config,
        get_function_event_invoke_config,
        delete_function_event_invoke_config,
        list_function_event_invoke_configs,
    ):
        setattr(LambdaResponse, method.__name__, method)
