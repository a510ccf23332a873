"""The one place where lambdatui corrects moto to behave like AWS (see DESIGN.md §3).

Each fix is a small function whose docstring says what AWS does and what moto (5.2.x) did instead.
They patch moto's classes in this process only, before the server starts, so they affect the demo
and the tests, never a real account. `apply()` runs every fix once; calling it again does nothing.

| fix                                        | corrects (moto before)                        |
|--------------------------------------------|-----------------------------------------------|
| `fix_function_url_auth_type_condition`     | FunctionUrlAuthType outside `Condition`       |
| `fix_invoked_via_function_url_condition`   | InvokedViaFunctionUrl outside `Condition`     |
| `fix_principal_org_id_with_source_account` | PrincipalOrgID lost next to SourceAccount     |
| `fix_duplicate_statement_id`               | duplicate Sid accepted                        |
| `fix_remove_permission`                    | correct RevisionId refused; no new RevisionId |
| `fix_list_function_url_configs`            | ListFunctionUrlConfigs missing (404 HTML)     |
| `fix_function_url_shape`                   | InvokeMode "Buffered"; URL without final `/`  |
| `fix_event_invoke_config_per_qualifier`    | Qualifier ignored; a second Put invisible     |
| `fix_dead_letter_config`                   | DeadLetterConfig dropped                      |
| `fix_list_event_source_mappings_by_arn`    | FunctionName filter by ARN found nothing      |
| `fix_s3_eventbridge_notification`          | EventBridgeConfiguration left out of Get      |
| `fix_s3_filter_rule_names`                 | filter rule `Prefix`/`Suffix` → 500           |
| `speed_user_pool_keys` (speed only)        | RSA key parsed again for every user pool      |
| `speed_backend_lookup` (speed only)        | package directory listed on every request     |
| `speed_service_models` (speed only)        | botocore data scanned again for every model   |

Not corrected, on purpose: moto keeps one resource policy per function, shared by all its
qualifiers (GetPolicy with `Qualifier=live` also returns the unqualified statements and those of
other aliases). Every statement's `Resource` carries the qualifier it was added on
(`…:function:img-resize:live`), and lambdatui filters statements by that ARN, which gives the AWS
answer on moto as it is; splitting the store would touch every policy path of moto for no gain.

Also left as they are (the demo does not trip over them): Lambda list calls ignore pagination;
S3, SNS, EventBridge, Logs and Cognito never check that Lambda lets them invoke (so a trigger
without a grant can be made directly); function URLs ignore `Qualifier`; user pool ids are
`us-east-1_` + 32 hex digits (AWS: 9 letters and digits); a mapping created on an alias records
the version's ARN.
"""

from __future__ import annotations

import functools
import json
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

_applied = False

_UNSET = object()


# --- AddPermission: conditions ------------------------------------------------------------------


def _merge_condition(statement: dict[str, Any], operator: str, key: str, value: Any) -> None:
    statement.setdefault("Condition", {}).setdefault(operator, {})[key] = value


def _lift_into_condition(
    parameter: str, operator: str, key: str, render: Callable[[Any], Any] = str
) -> None:
    """Make moto's AddPermission decoder turn `parameter` into `Condition[operator][key]`.

    The parameter is taken out of the request before moto's own decoder sees it (so it neither
    lands at the top of the statement nor clobbers another condition) and merged into the
    statement's `Condition` afterwards.
    """
    from moto.awslambda.policy import Policy

    original = Policy.decode_policy

    @functools.wraps(original)
    def decode_policy(self: Any, obj: dict[str, Any]) -> Any:
        value = obj.pop(parameter, _UNSET)
        policy = original(self, obj)
        if value is not _UNSET:
            _merge_condition(policy.statements[0], operator, key, render(value))
        return policy

    Policy.decode_policy = decode_policy  # type: ignore[method-assign]


def fix_function_url_auth_type_condition() -> None:
    """AddPermission `FunctionUrlAuthType=NONE`.

    AWS: `"Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}`.
    moto: copied `"FunctionUrlAuthType": "NONE"` to the top level of the statement.
    """
    _lift_into_condition("FunctionUrlAuthType", "StringEquals", "lambda:FunctionUrlAuthType")


def fix_invoked_via_function_url_condition() -> None:
    """AddPermission `InvokedViaFunctionUrl=true` (the second statement of a public URL).

    AWS: `"Condition": {"Bool": {"lambda:InvokedViaFunctionUrl": "true"}}`.
    moto: copied `"InvokedViaFunctionUrl": true` to the top level of the statement.
    """
    _lift_into_condition(
        "InvokedViaFunctionUrl",
        "Bool",
        "lambda:InvokedViaFunctionUrl",
        lambda value: str(value).lower(),
    )


def fix_principal_org_id_with_source_account() -> None:
    """AddPermission with `PrincipalOrgID` and `SourceAccount`.

    AWS: both land in `"StringEquals"`: `{"AWS:SourceAccount": …, "aws:PrincipalOrgID": …}`.
    moto: wrote `PrincipalOrgID` as `Condition` and then replaced its `StringEquals` map with the
    one of `SourceAccount`, so the organisation condition vanished.
    """
    _lift_into_condition("PrincipalOrgID", "StringEquals", "aws:PrincipalOrgID")


# --- AddPermission / RemovePermission: statement ids and revisions -------------------------------


def _resource_conflict(message: str) -> Exception:
    from moto.awslambda.exceptions import LambdaClientError

    error = LambdaClientError("ResourceConflictException", message)
    error.code = 409
    return error


def fix_duplicate_statement_id() -> None:
    """AddPermission with a StatementId the policy already holds.

    AWS: `ResourceConflictException` ("The statement id (X) provided already exists…").
    moto: appended a second statement with the same Sid. Because moto keeps one policy for all
    qualifiers, only a statement with the same Sid *and* the same Resource (qualifier) conflicts.
    """
    from moto.awslambda.policy import Policy

    original = Policy.add_statement

    @functools.wraps(original)
    def add_statement(self: Any, raw: str, qualifier: str | None = None) -> tuple[Any, str]:
        revision = self.revision
        statement, new_revision = original(self, raw, qualifier)
        for other in self.statements[:-1]:
            if other.get("Sid") == statement.get("Sid") and other.get("Resource") == statement.get(
                "Resource"
            ):
                self.statements.pop()
                self.revision = revision
                raise _resource_conflict(
                    f"The statement id ({statement.get('Sid')}) provided already exists. "
                    "Please provide a new statement id, or remove the existing statement."
                )
        return statement, new_revision

    Policy.add_statement = add_statement  # type: ignore[method-assign]


def _name_and_qualifier(name: str, qualifier: str | None) -> tuple[str, str | None]:
    """`fn`, `fn:live`, `arn:…:function:fn[:live]` → (`fn`, qualifier from the name or argument)."""
    if ":function:" in name:  # a full or partial ARN
        name = name.split(":function:", 1)[1]
    if ":" in name:
        name, qualifier = name.split(":", 1)
    return name, qualifier


def fix_remove_permission() -> None:
    """RemovePermission with `RevisionId` (and `Qualifier`).

    AWS: removes the statement with that Sid from the policy of that qualifier when the RevisionId
    is current, and gives the policy a new RevisionId.
    moto: read the RevisionId query value as a list, so a correct RevisionId always failed with
    PreconditionFailedException; ignored the qualifier; and kept the old RevisionId afterwards.
    """
    from moto.awslambda.exceptions import PreconditionFailedException, UnknownPolicyException
    from moto.awslambda.responses import LambdaResponse
    from moto.awslambda.utils import make_function_arn
    from moto.moto_api._internal import mock_random

    def remove_permission(self: Any) -> tuple[int, dict[str, Any], str]:
        parts = self.path.rstrip("/").split("/")
        name, qualifier = _name_and_qualifier(
            unquote(parts[-3]), self.querystring.get("Qualifier", [None])[0]
        )
        statement_id = unquote(parts[-1])
        revision = self.querystring.get("RevisionId", [""])[0]
        fn = self.backend.get_function(name, qualifier)
        policy = fn.policy
        if revision and revision != policy.revision:
            raise PreconditionFailedException(
                "The RevisionId provided does not match the latest RevisionId for the Lambda "
                "function or alias. Call the GetFunction or the GetAlias API to retrieve the "
                "latest RevisionId for your resource."
            )
        resource = make_function_arn(self.region, self.current_account, fn.function_name)
        if qualifier and qualifier != "$LATEST":
            resource = f"{resource}:{qualifier}"
        for statement in policy.statements:
            if statement.get("Sid") == statement_id and statement.get("Resource") == resource:
                policy.statements.remove(statement)
                policy.revision = str(mock_random.uuid4())
                return 204, {"status": 204}, ""
        raise UnknownPolicyException()

    LambdaResponse.remove_permission = remove_permission  # type: ignore[method-assign,assignment]


# --- Function URLs ------------------------------------------------------------------------------


def fix_list_function_url_configs() -> None:
    """ListFunctionUrlConfigs (`GET /2021-10-31/functions/{name}/urls`).

    AWS: `{"FunctionUrlConfigs": [{FunctionUrl, FunctionArn, AuthType, Cors, CreationTime,
    LastModifiedTime, InvokeMode}, …]}`, one entry per URL of the function.
    moto: no route, so a 404 with an HTML body. moto keeps at most one (unqualified) URL per
    function, so the list holds that one or nothing.
    """
    from moto.awslambda import urls
    from moto.awslambda.responses import LambdaResponse

    route = r"{0}/(?P<api_version>[^/]+)/functions/(?P<function_name>[\w_:%-]+)/urls/?$"
    urls.url_paths.setdefault(route, LambdaResponse.dispatch)

    def list_function_url_configs(self: Any) -> tuple[int, dict[str, Any], str]:
        name = unquote(self.path.rstrip("/").split("/")[-2])
        fn = self.backend.get_function(name)
        configs = [fn.url_config.to_dict()] if fn.url_config else []
        return 200, {}, json.dumps({"FunctionUrlConfigs": configs})

    LambdaResponse.list_function_url_configs = list_function_url_configs  # type: ignore[attr-defined]


def fix_function_url_shape() -> None:
    """Create/Get/UpdateFunctionUrlConfig answers.

    AWS: `"InvokeMode": "BUFFERED"` (or `RESPONSE_STREAM`) and a `FunctionUrl` ending in `/`
    (`https://<id>.lambda-url.us-east-1.on.aws/`).
    moto: `"InvokeMode": "Buffered"` and no trailing slash.
    """
    from moto.awslambda.models import FunctionUrlConfig

    original = FunctionUrlConfig.to_dict

    @functools.wraps(original)
    def to_dict(self: Any) -> dict[str, Any]:
        answer = original(self)
        answer["InvokeMode"] = str(answer.get("InvokeMode") or "BUFFERED").upper()
        if not answer["FunctionUrl"].endswith("/"):
            answer["FunctionUrl"] += "/"
        return answer

    FunctionUrlConfig.to_dict = to_dict  # type: ignore[method-assign]


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


# --- Speed (not an AWS divergence) ---------------------------------------------------------------


def speed_user_pool_keys() -> None:
    """CreateUserPool, made fast: no change in behaviour.

    moto parses the same bundled RSA signing key again for every user pool (about 0.15 s each,
    a sixth of the demo seed); the parsed key is now shared by every pool, as its content is.
    """
    import moto.cognitoidp.models as cognito

    real = cognito.jwk
    parsed: dict[str, Any] = {}

    class _RSAKey:
        @staticmethod
        def import_key(data: Any, *args: Any, **kwargs: Any) -> Any:
            if args or kwargs:
                return real.RSAKey.import_key(data, *args, **kwargs)
            text = data if isinstance(data, str | bytes) else json.dumps(data, sort_keys=True)
            key = text.decode() if isinstance(text, bytes) else text
            if key not in parsed:
                parsed[key] = real.RSAKey.import_key(data)
            return parsed[key]

    class _Jwk:
        RSAKey = _RSAKey

        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

    cognito.jwk = _Jwk()  # type: ignore[assignment]


def speed_backend_lookup() -> None:
    """Request routing, made fast: no change in behaviour.

    moto's server lists its own package directory (some 200 `isdir` calls) on every request to
    find the backend for the request's host; the list cannot change while the process runs, so
    it is now read once.
    """
    from moto import backends

    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules  # type: ignore[assignment]


def speed_service_models() -> None:
    """Service model loading, made fast: no change in behaviour.

    moto builds a new botocore loader for every model it loads, and each new loader scans the
    whole botocore data directory again; one shared loader caches that scan, as a boto3 session
    does.
    """
    from botocore.loaders import create_loader
    from moto.core import utils

    loader = create_loader()

    def _load_service_model(service_name: str, model_name: str) -> dict[str, Any]:
        model: dict[str, Any] = loader.load_service_model(service_name, model_name)
        return model

    utils._load_service_model = _load_service_model


FIXES: tuple[Callable[[], None], ...] = (
    fix_function_url_auth_type_condition,
    fix_invoked_via_function_url_condition,
    fix_principal_org_id_with_source_account,
    fix_duplicate_statement_id,
    fix_remove_permission,
    fix_list_function_url_configs,
    fix_function_url_shape,
    fix_event_invoke_config_per_qualifier,
    fix_dead_letter_config,
    fix_list_event_source_mappings_by_arn,
    fix_s3_eventbridge_notification,
    fix_s3_filter_rule_names,
    speed_user_pool_keys,
    speed_backend_lookup,
    speed_service_models,
)


def apply() -> None:
    """Apply every fix once (idempotent): call before moto's server handles its first request."""
    global _applied
    if _applied:
        return
    _applied = True
    for fix in FIXES:
        fix()
