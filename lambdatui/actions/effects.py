"""What a call changes, as data: the checks that hold once it is applied, and the RevisionId
chaining of calls that change the same policy one after the other. Pure: no I/O.

`effect_checks(call)` is the verification of a step, and the precondition of its undo (the change
must still be in place before it is reversed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from lambdatui.actions.calls import ApiCall
from lambdatui.actions.plan import Check, Plan


def without_revision(call: ApiCall) -> ApiCall:
    """The call without its `RevisionId` (for a later step on a policy an earlier step changed)."""
    if "RevisionId" not in call.params:
        return call
    params = {k: v for k, v in call.params.items() if k != "RevisionId"}
    return replace(call, params=params)


POLICY_OPERATIONS = frozenset({"add_permission", "remove_permission"})


def policy_key(call: ApiCall) -> tuple[str, str | None] | None:
    """(function, qualifier) of the policy a call changes, or None."""
    if call.service != "lambda" or call.operation not in POLICY_OPERATIONS:
        return None
    return str(call.params["FunctionName"]), _qualifier(call.params)


def chain_revisions(plans: Sequence[Plan]) -> list[Plan]:
    """Plans run one after the other: only the first change to each policy keeps its
    `RevisionId` (the later ones would carry one that the earlier change made stale)."""
    touched: set[tuple[str, str | None]] = set()
    out = []
    for plan in plans:
        steps = []
        for step in plan.steps:
            key = policy_key(step.call)
            call = step.call
            if key is not None:
                call = without_revision(call) if key in touched else call
                touched.add(key)
            steps.append(replace(step, call=call))
        out.append(replace(plan, steps=tuple(steps)))
    return out


# -- the effect of a call, as checks ---------------------------------------------------------


def _qualifier(params: Mapping[str, Any]) -> str | None:
    q = params.get("Qualifier")
    return None if q in (None, "", "$LATEST") else str(q)


def _destination(config: Mapping[str, Any], key: str) -> str | None:
    return (config.get(key) or {}).get("Destination") or None


_SNAKE = {"OnSuccess": "on_success", "OnFailure": "on_failure"}


def effect_checks(call: ApiCall) -> tuple[Check, ...]:
    """What holds once `call` has been applied (empty when lambdatui cannot tell)."""
    p, op = call.params, call.operation
    fn = {"function": p.get("FunctionName"), "qualifier": _qualifier(p)}
    if call.service == "lambda" and op == "add_permission":
        expect = {
            "principal": p["Principal"],
            "action": p.get("Action", "lambda:InvokeFunction"),
            "source_arn": p.get("SourceArn"),
            "source_account": p.get("SourceAccount"),
            "principal_org_id": p.get("PrincipalOrgID"),
            "function_url_auth_type": p.get("FunctionUrlAuthType"),
            "invoked_via_function_url": bool(p.get("InvokedViaFunctionUrl")),
        }
        return (Check("statement-present", {**fn, "sid": p["StatementId"], "expect": expect}),)
    if call.service == "lambda" and op == "remove_permission":
        return (Check("statement-absent", {**fn, "sid": p["StatementId"]}),)
    if call.service == "lambda" and op == "update_function_url_config" and "AuthType" in p:
        return (Check("url-auth-type", {**fn, "auth_type": p["AuthType"]}),)
    if call.service == "lambda" and op == "update_event_source_mapping":
        dest = _destination((p.get("DestinationConfig") or {}), "OnFailure")
        return (Check("mapping-on-failure", {"uuid": p["UUID"], "destination": dest}),)
    if call.service == "lambda" and op in (
        "put_function_event_invoke_config",
        "update_function_event_invoke_config",
    ):
        config = p.get("DestinationConfig") or {}
        keys = ("OnSuccess", "OnFailure") if op.startswith("put") else tuple(config)
        wanted = {_SNAKE[k]: _destination(config, k) for k in keys if k in _SNAKE}
        return (Check("invoke-config-destination", {**fn, **wanted}),)
    if call.service == "lambda" and op == "delete_function_event_invoke_config":
        return (Check("invoke-config-absent", fn),)
    if call.service == "s3" and op == "put_bucket_notification_configuration":
        config = p["NotificationConfiguration"]
        return (Check("bucket-config-unchanged", {"bucket": p["Bucket"], "configuration": config}),)
    if call.service == "events" and op == "put_targets":
        bus = p.get("EventBusName", "default")
        return tuple(
            Check(
                "events-target",
                {"rule": p["Rule"], "bus": bus, "id": t["Id"], "arn": t["Arn"], "present": True},
            )
            for t in p["Targets"]
        )
    if call.service == "events" and op == "remove_targets":
        bus = p.get("EventBusName", "default")
        return tuple(
            Check("events-target", {"rule": p["Rule"], "bus": bus, "id": i, "present": False})
            for i in p["Ids"]
        )
    if call.service == "events" and op in ("put_rule", "delete_rule"):
        bus = p.get("EventBusName", "default")
        return (Check("rule", {"name": p["Name"], "bus": bus, "present": op == "put_rule"}),)
    if call.service == "sns" and op == "subscribe":
        params = {"topic_arn": p["TopicArn"], "endpoint": p["Endpoint"], "present": True}
        return (Check("sns-subscription", params),)
    if call.service == "sns" and op == "unsubscribe":
        return (
            Check("sns-subscription", {"subscription_arn": p["SubscriptionArn"], "present": False}),
        )
    return ()
