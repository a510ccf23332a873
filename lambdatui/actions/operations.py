"""One class per mutating operation lambdatui makes: what it proves, undoes and tolerates.

Each is an `ApiCall` (so it renders its exact AWS CLI text the same way) that knows
- `checks()`: the typed facts that hold once it took effect (a step's verification, and the
  precondition of its undo: the change must still be there before it is reversed);
- `undo_from_answer()`: the reversing call when only the answer names it (an SNS subscription);
- `gone_is_undone`: whether "not found", answered to it as an undo, means undone;
- `may_be_in_effect()`: an error that may mean the change is already there (AddPermission's
  ResourceConflict for an identical statement), then decided by its checks;
- `policy()` / `without_revision()`: the resource policy it changes, for RevisionId chaining;
- `rechecks()`: preconditions to read again right before it is sent (a bucket's configuration).

The executor only asks these questions, so it has no case for any operation. `typed` gives a
call read back from the journal its class again. Pure: no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from lambdatui.actions.api_call import ApiCall
from lambdatui.actions.check_types import (
    BucketConfigUnchanged,
    Check,
    EventsRule,
    EventsTarget,
    InvokeConfigAbsent,
    InvokeConfigDestination,
    MappingOnFailure,
    RolePolicyAbsent,
    RolePolicyPresent,
    SnsSubscription,
    StatementAbsent,
    StatementPresent,
    UrlAuthType,
)


def _qualifier(params: Mapping[str, Any]) -> str | None:
    q = params.get("Qualifier")
    return None if q in (None, "", "$LATEST") else str(q)


def _function(params: Mapping[str, Any]) -> dict[str, Any]:
    return {"function": str(params.get("FunctionName")), "qualifier": _qualifier(params)}


def _bus(params: Mapping[str, Any]) -> str:
    return str(params.get("EventBusName", "default"))


# -- the resource policy -------------------------------------------------------------------------


class AddPermission(ApiCall):
    """`lambda:AddPermission`: one statement more in the function's (qualifier's) policy."""

    SERVICE, OPERATION = "lambda", "add_permission"

    def expect(self) -> dict[str, Any]:
        """The statement this call adds, as `permissions.statement_matches` compares it."""
        p = self.params
        return {
            "principal": p["Principal"],
            "action": p.get("Action", "lambda:InvokeFunction"),
            "source_arn": p.get("SourceArn"),
            "source_account": p.get("SourceAccount"),
            "principal_org_id": p.get("PrincipalOrgID"),
            "function_url_auth_type": p.get("FunctionUrlAuthType"),
            "invoked_via_function_url": bool(p.get("InvokedViaFunctionUrl")),
        }

    def checks(self) -> tuple[Check, ...]:
        sid = str(self.params["StatementId"])
        return (StatementPresent(**_function(self.params), sid=sid, expect=self.expect()),)

    def policy(self) -> tuple[str, str | None] | None:
        return str(self.params["FunctionName"]), _qualifier(self.params)

    def may_be_in_effect(self, error_code: str) -> bool:
        return error_code == "ResourceConflictException"

    def refused_sentence(self, error_code: str) -> str | None:
        return (
            f"statement id {self.params['StatementId']} is already used in the policy by a "
            "different statement; choose another id or remove that statement first"
        )


class RemovePermission(ApiCall):
    """`lambda:RemovePermission` of one statement (never PutResourcePolicy)."""

    SERVICE, OPERATION = "lambda", "remove_permission"
    gone_is_undone = True

    def checks(self) -> tuple[Check, ...]:
        return (StatementAbsent(**_function(self.params), sid=str(self.params["StatementId"])),)

    def policy(self) -> tuple[str, str | None] | None:
        return str(self.params["FunctionName"]), _qualifier(self.params)


# -- URLs, async invocation and mappings ---------------------------------------------------------


class UpdateFunctionUrlConfig(ApiCall):
    SERVICE, OPERATION = "lambda", "update_function_url_config"

    def checks(self) -> tuple[Check, ...]:
        if "AuthType" not in self.params:
            return ()
        return (UrlAuthType(**_function(self.params), auth_type=str(self.params["AuthType"])),)


_SNAKE = {"OnSuccess": "on_success", "OnFailure": "on_failure"}


def _destination(config: Mapping[str, Any], key: str) -> str | None:
    return (config.get(key) or {}).get("Destination") or None


class UpdateFunctionEventInvokeConfig(ApiCall):
    """Changes only the destinations it names (AWS keeps the others)."""

    SERVICE, OPERATION = "lambda", "update_function_event_invoke_config"

    def _named(self) -> tuple[str, ...]:
        return tuple(self.params.get("DestinationConfig") or {})

    def checks(self) -> tuple[Check, ...]:
        config = self.params.get("DestinationConfig") or {}
        wanted = {_SNAKE[k]: _destination(config, k) for k in self._named() if k in _SNAKE}
        return (InvokeConfigDestination(**_function(self.params), wanted=wanted),)


class PutFunctionEventInvokeConfig(UpdateFunctionEventInvokeConfig):
    """Replaces the whole config: a destination it does not name is cleared."""

    SERVICE, OPERATION = "lambda", "put_function_event_invoke_config"

    def _named(self) -> tuple[str, ...]:
        return tuple(_SNAKE)


class DeleteFunctionEventInvokeConfig(ApiCall):
    SERVICE, OPERATION = "lambda", "delete_function_event_invoke_config"
    gone_is_undone = True

    def checks(self) -> tuple[Check, ...]:
        return (InvokeConfigAbsent(**_function(self.params)),)


class UpdateEventSourceMapping(ApiCall):
    SERVICE, OPERATION = "lambda", "update_event_source_mapping"

    def checks(self) -> tuple[Check, ...]:
        on_failure = _destination(self.params.get("DestinationConfig") or {}, "OnFailure")
        return (MappingOnFailure(str(self.params["UUID"]), on_failure),)


# -- the sources' side ---------------------------------------------------------------------------


class PutBucketNotificationConfiguration(ApiCall):
    """Replaces the bucket's whole notification configuration."""

    SERVICE, OPERATION = "s3", "put_bucket_notification_configuration"

    def checks(self) -> tuple[Check, ...]:
        p = self.params
        return (BucketConfigUnchanged(str(p["Bucket"]), p["NotificationConfiguration"]),)

    def rechecks(self, preconditions: tuple[Check, ...]) -> tuple[Check, ...]:
        """The bucket may have changed while earlier steps ran: read it again first."""
        bucket = self.params["Bucket"]
        return tuple(
            c for c in preconditions if isinstance(c, BucketConfigUnchanged) and c.bucket == bucket
        )


class Subscribe(ApiCall):
    """`sns:Subscribe` of a function; its answer names the subscription to undo."""

    SERVICE, OPERATION = "sns", "subscribe"

    def checks(self) -> tuple[Check, ...]:
        p = self.params
        return (SnsSubscription(True, topic_arn=p["TopicArn"], endpoint=p["Endpoint"]),)

    def undo_from_answer(self, answer: Any) -> ApiCall | None:
        arn = (answer or {}).get("SubscriptionArn") if isinstance(answer, Mapping) else None
        if arn and str(arn).startswith("arn:"):
            return Unsubscribe.make({"SubscriptionArn": arn}, self.region)
        return None


class Unsubscribe(ApiCall):
    SERVICE, OPERATION = "sns", "unsubscribe"
    gone_is_undone = True

    def checks(self) -> tuple[Check, ...]:
        return (SnsSubscription(False, subscription_arn=str(self.params["SubscriptionArn"])),)


class PutRule(ApiCall):
    SERVICE, OPERATION = "events", "put_rule"

    def checks(self) -> tuple[Check, ...]:
        return (EventsRule(str(self.params["Name"]), _bus(self.params), True),)


class DeleteRule(ApiCall):
    SERVICE, OPERATION = "events", "delete_rule"
    gone_is_undone = True

    def checks(self) -> tuple[Check, ...]:
        return (EventsRule(str(self.params["Name"]), _bus(self.params), False),)


class PutTargets(ApiCall):
    SERVICE, OPERATION = "events", "put_targets"

    def checks(self) -> tuple[Check, ...]:
        rule, bus = str(self.params["Rule"]), _bus(self.params)
        return tuple(
            EventsTarget(rule, bus, str(t["Id"]), True, arn=str(t["Arn"]))
            for t in self.params["Targets"]
        )


class RemoveTargets(ApiCall):
    SERVICE, OPERATION = "events", "remove_targets"

    def checks(self) -> tuple[Check, ...]:
        rule, bus = str(self.params["Rule"]), _bus(self.params)
        return tuple(EventsTarget(rule, bus, str(i), False) for i in self.params["Ids"])


# -- IAM: the role's half ------------------------------------------------------------------------


class PutRolePolicy(ApiCall):
    """`iam:PutRolePolicy`: one inline policy of lambdatui's on a role (never a managed one)."""

    SERVICE, OPERATION = "iam", "put_role_policy"

    def checks(self) -> tuple[Check, ...]:
        p = self.params
        document = p["PolicyDocument"]
        parsed = json.loads(document) if isinstance(document, str) else document
        return (RolePolicyPresent(str(p["RoleName"]), str(p["PolicyName"]), parsed),)


class DeleteRolePolicy(ApiCall):
    SERVICE, OPERATION = "iam", "delete_role_policy"
    gone_is_undone = True

    def checks(self) -> tuple[Check, ...]:
        p = self.params
        return (RolePolicyAbsent(str(p["RoleName"]), str(p["PolicyName"])),)


OPERATIONS: tuple[type[ApiCall], ...] = (
    AddPermission,
    RemovePermission,
    UpdateFunctionUrlConfig,
    UpdateFunctionEventInvokeConfig,
    PutFunctionEventInvokeConfig,
    DeleteFunctionEventInvokeConfig,
    UpdateEventSourceMapping,
    PutBucketNotificationConfiguration,
    Subscribe,
    Unsubscribe,
    PutRule,
    DeleteRule,
    PutTargets,
    RemoveTargets,
    PutRolePolicy,
    DeleteRolePolicy,
)
_BY_NAME = {(op.SERVICE, op.OPERATION): op for op in OPERATIONS}


def typed(call: ApiCall) -> ApiCall:
    """The call as its operation's class (a call read back from the journal or a command line);
    a call of no known operation stays a plain `ApiCall`."""
    cls = _BY_NAME.get((call.service, call.operation))
    if cls is None or type(call) is cls:
        return call
    return cls(call.service, call.operation, call.params, call.region)
