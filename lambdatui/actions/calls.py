"""Mutating AWS calls as data: the boto3 call and its exact AWS CLI equivalent.

Every change lambdatui proposes (a finding's fix, a plan the TUI applies) is an `ApiCall`, so what
the user previews, copies and runs is the same thing the app would send. `parse_cli` reads such a
command line back, which the tests use to prove the rendering loses nothing.

Rendering rules: `s3` is the CLI's `s3api`; the boto3 operation `add_permission` is the CLI's
`add-permission`; the parameter `SourceArn` is `--source-arn`; strings are shell-quoted only when
they need it; maps and lists are compact JSON; booleans are the CLI's flags (`--invoked-via-
function-url` / `--no-invoked-via-function-url`), because the AWS CLI refuses `true`/`false` values
for top-level booleans.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from lambdatui.core.arn import resource_name

_CLI_SERVICE = {"s3": "s3api"}
_BOTO_SERVICE = {cli: boto for boto, cli in _CLI_SERVICE.items()}

# Parameter names whose CamelCase is not the plain title-casing of their kebab-case form.
_IRREGULAR = {
    "principal-org-id": "PrincipalOrgID",
    "uuid": "UUID",
    "kms-key-arn": "KMSKeyArn",
    "content-md5": "ContentMD5",
    "sse-customer-key-md5": "SSECustomerKeyMD5",
    "sse-kms-key-id": "SSEKMSKeyId",
}
# Integer parameters (of the calls lambdatui makes): digits on the command line, ints in boto3.
_INTEGER_PARAMS = frozenset({"MaximumRetryAttempts", "MaximumEventAgeInSeconds", "BatchSize"})
_GLOBAL_REGION = "--region"
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def kebab(name: str) -> str:
    """`SourceArn` -> `source-arn`, `PrincipalOrgID` -> `principal-org-id`, `UUID` -> `uuid`."""
    return _WORD_BOUNDARY.sub("-", name).replace("_", "-").lower()


def camel(option: str) -> str:
    """`source-arn` -> `SourceArn`, with the irregular names (`principal-org-id`) mapped."""
    if option in _IRREGULAR:
        return _IRREGULAR[option]
    return "".join(part[:1].upper() + part[1:] for part in option.split("-"))


@dataclass(frozen=True)
class ApiCall:
    """One boto3 call: `client(service).<operation>(**params)` in `region` (None = the session's).

    `params` is kept read-only. Equal calls hash equally (by their canonical JSON).
    """

    service: str
    operation: str
    params: Mapping[str, Any]
    region: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __hash__(self) -> int:
        body = json.dumps(dict(self.params), sort_keys=True, default=str)
        return hash((self.service, self.operation, body, self.region))

    def argv(self) -> list[str]:
        """The AWS CLI command as an argument vector (values unquoted)."""
        args = ["aws", _CLI_SERVICE.get(self.service, self.service), kebab(self.operation)]
        for name, value in self.params.items():
            option = "--" + kebab(name)
            if value is None:
                continue
            if isinstance(value, bool):
                args.append(option if value else "--no-" + option[2:])
            elif isinstance(value, Mapping | list | tuple):
                args += [option, json.dumps(_plain(value), separators=(",", ":"))]
            else:
                args += [option, str(value)]
        if self.region:
            args += [_GLOBAL_REGION, self.region]
        return args

    def cli(self) -> str:
        """The AWS CLI command line, quoted for a POSIX shell only where needed."""
        return shlex.join(self.argv())


def _plain(value: Any) -> Any:
    """Mappings and tuples as dicts and lists, so they render as JSON."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class CliParseError(ValueError):
    """A command line that is not an `aws <service> <operation> --option …` command."""


def parse_cli(command: str) -> ApiCall:
    """Read an AWS CLI command line (as `ApiCall.cli` writes it) back into an `ApiCall`."""
    try:
        tokens = shlex.split(command)
    except ValueError as exc:
        raise CliParseError(f"cannot split the command line: {exc}") from None
    if len(tokens) < 3 or tokens[0] != "aws":
        raise CliParseError("expected 'aws <service> <operation> …'")
    service = _BOTO_SERVICE.get(tokens[1], tokens[1])
    operation = tokens[2].replace("-", "_")
    params: dict[str, Any] = {}
    region: str | None = None
    rest = tokens[3:]
    i = 0
    while i < len(rest):
        token = rest[i]
        if not token.startswith("--") or len(token) < 3:
            raise CliParseError(f"expected an option, found {token!r}")
        has_value = i + 1 < len(rest) and not rest[i + 1].startswith("--")
        option = token[2:]
        if not has_value:  # a boolean flag
            negated = option.startswith("no-")
            params[camel(option[3:] if negated else option)] = not negated
            i += 1
            continue
        value = rest[i + 1]
        i += 2
        if token == _GLOBAL_REGION:
            region = value
            continue
        name = camel(option)
        params[name] = _value(name, value)
    return ApiCall(service, operation, params, region)


def _value(name: str, text: str) -> Any:
    if name in _INTEGER_PARAMS and re.fullmatch(r"-?\d+", text):
        return int(text)
    if text[:1] in "{[":
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            return text
        if isinstance(parsed, dict | list):
            return parsed
    return text


# -- statement ids -------------------------------------------------------------------------------

_SID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_SID_MAX = 100


def statement_id_for(source: str, source_arn: str, qualifier: str | None) -> str:
    """A deterministic, valid statement id for a grant: `lambdatui-s3-demo-uploads-1a2b3c4d`.

    Only `[A-Za-z0-9-_]`, at most 100 characters; the hash covers source, ARN and qualifier, so
    grants for different qualifiers or different ARNs with the same short name never collide.
    """
    digest = hashlib.sha256(f"{source}|{source_arn}|{qualifier or ''}".encode()).hexdigest()[:8]
    label = _SID_UNSAFE.sub("-", f"{source}-{resource_name(source_arn)}").strip("-_")
    room = _SID_MAX - len("lambdatui--") - len(digest)
    return f"lambdatui-{label[:room].rstrip('-_')}-{digest}"


# -- builders ------------------------------------------------------------------------------------


def _drop_none(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v is not None}


def add_permission(
    function_name: str,
    statement_id: str,
    principal: str,
    *,
    action: str = "lambda:InvokeFunction",
    source_arn: str | None = None,
    source_account: str | None = None,
    principal_org_id: str | None = None,
    qualifier: str | None = None,
    function_url_auth_type: str | None = None,
    invoked_via_function_url: bool | None = None,
    revision_id: str | None = None,
    region: str | None = None,
) -> ApiCall:
    """`lambda:AddPermission`: one statement more in the function's (qualifier's) policy."""
    params = _drop_none(
        {
            "FunctionName": function_name,
            "StatementId": statement_id,
            "Action": action,
            "Principal": principal,
            "SourceArn": source_arn,
            "SourceAccount": source_account,
            "PrincipalOrgID": principal_org_id,
            "FunctionUrlAuthType": function_url_auth_type,
            "InvokedViaFunctionUrl": invoked_via_function_url,
            "Qualifier": qualifier,
            "RevisionId": revision_id,
        }
    )
    return ApiCall("lambda", "add_permission", params, region)


def remove_permission(
    function_name: str,
    statement_id: str,
    *,
    qualifier: str | None = None,
    revision_id: str | None = None,
    region: str | None = None,
) -> ApiCall:
    """`lambda:RemovePermission` of one statement (never PutResourcePolicy)."""
    params = _drop_none(
        {
            "FunctionName": function_name,
            "StatementId": statement_id,
            "Qualifier": qualifier,
            "RevisionId": revision_id,
        }
    )
    return ApiCall("lambda", "remove_permission", params, region)


def update_function_url_auth(
    function_name: str, auth_type: str, *, qualifier: str | None = None, region: str | None = None
) -> ApiCall:
    """`lambda:UpdateFunctionUrlConfig` changing only the URL's AuthType (`AWS_IAM` / `NONE`)."""
    params = _drop_none(
        {"FunctionName": function_name, "Qualifier": qualifier, "AuthType": auth_type}
    )
    return ApiCall("lambda", "update_function_url_config", params, region)


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()
"""For `update_event_invoke_config`: leave this destination as it is."""


def _destination(arn: str | None) -> dict[str, str]:
    return {"Destination": arn} if arn else {}


def update_event_invoke_config(
    function_name: str,
    *,
    qualifier: str | None = None,
    on_success: str | None = UNCHANGED,
    on_failure: str | None = UNCHANGED,
    maximum_retry_attempts: int | None = None,
    maximum_event_age_seconds: int | None = None,
    region: str | None = None,
) -> ApiCall:
    """`lambda:UpdateFunctionEventInvokeConfig`: changes only what is passed.

    A destination left `UNCHANGED` is not sent; `None` clears it; an ARN sets it. AWS replaces
    `DestinationConfig` as a whole, so pass both destinations when changing one of them.
    """
    destinations = {
        key: _destination(arn)
        for key, arn in (("OnSuccess", on_success), ("OnFailure", on_failure))
        if arn is not UNCHANGED
    }
    params = _drop_none(
        {
            "FunctionName": function_name,
            "Qualifier": qualifier,
            "MaximumRetryAttempts": maximum_retry_attempts,
            "MaximumEventAgeInSeconds": maximum_event_age_seconds,
            "DestinationConfig": destinations or None,
        }
    )
    return ApiCall("lambda", "update_function_event_invoke_config", params, region)


def put_event_invoke_config(
    function_name: str,
    *,
    qualifier: str | None = None,
    on_success: str | None = None,
    on_failure: str | None = None,
    maximum_retry_attempts: int | None = None,
    maximum_event_age_seconds: int | None = None,
    region: str | None = None,
) -> ApiCall:
    """`lambda:PutFunctionEventInvokeConfig`: replaces the whole config (unset fields reset)."""
    same = update_event_invoke_config(
        function_name,
        qualifier=qualifier,
        on_success=on_success or UNCHANGED,
        on_failure=on_failure or UNCHANGED,
        maximum_retry_attempts=maximum_retry_attempts,
        maximum_event_age_seconds=maximum_event_age_seconds,
        region=region,
    )
    return replace(same, operation="put_function_event_invoke_config")


def update_mapping_on_failure(
    uuid: str, destination: str | None, *, region: str | None = None
) -> ApiCall:
    """`lambda:UpdateEventSourceMapping` setting (or, with None, clearing) its OnFailure."""
    params = {"UUID": uuid, "DestinationConfig": {"OnFailure": _destination(destination)}}
    return ApiCall("lambda", "update_event_source_mapping", params, region)
