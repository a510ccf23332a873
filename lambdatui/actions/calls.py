"""Builders of the Lambda calls lambdatui makes, each returning its typed operation (see
`api_call` for the rendering and `operations` for what each call means), and statement ids.
`ApiCall`, `parse_cli` and the name conversions are re-exported from `api_call`."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from lambdatui.actions.api_call import ApiCall, CliParseError, camel, kebab, parse_cli
from lambdatui.actions.operations import (
    AddPermission,
    PutFunctionEventInvokeConfig,
    RemovePermission,
    UpdateEventSourceMapping,
    UpdateFunctionEventInvokeConfig,
    UpdateFunctionUrlConfig,
)
from lambdatui.core.arn import resource_name

__all__ = ["ApiCall", "CliParseError", "camel", "kebab", "parse_cli"]

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
    return AddPermission.make(params, region)


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
    return RemovePermission.make(params, region)


def update_function_url_auth(
    function_name: str, auth_type: str, *, qualifier: str | None = None, region: str | None = None
) -> ApiCall:
    """`lambda:UpdateFunctionUrlConfig` changing only the URL's AuthType (`AWS_IAM` / `NONE`)."""
    params = _drop_none(
        {"FunctionName": function_name, "Qualifier": qualifier, "AuthType": auth_type}
    )
    return UpdateFunctionUrlConfig.make(params, region)


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
    return UpdateFunctionEventInvokeConfig.make(params, region)


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
    return PutFunctionEventInvokeConfig.make(same.params, region)


def update_mapping_on_failure(
    uuid: str, destination: str | None, *, region: str | None = None
) -> ApiCall:
    """`lambda:UpdateEventSourceMapping` setting (or, with None, clearing) its OnFailure."""
    params = {"UUID": uuid, "DestinationConfig": {"OnFailure": _destination(destination)}}
    return UpdateEventSourceMapping.make(params, region)
