"""AddPermission / RemovePermission as AWS answers them.

Upstream: the condition placement (FunctionUrlAuthType, InvokedViaFunctionUrl, PrincipalOrgID next
to SourceAccount), duplicate Sids and RemovePermission's RevisionId are moto bugs worth reporting.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from lambdatui.demo.emulator.names import name_and_qualifier as _name_and_qualifier

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
