"""Builders for the mutating calls `calls.py` does not hold: S3, SNS, EventBridge and the
deletion of an async invoke config. Each returns an `ApiCall`, so the plan shows and sends the
same thing (see `calls.py` for the rendering rules)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lambdatui.actions.api_call import ApiCall
from lambdatui.actions.operations import (
    DeleteFunctionEventInvokeConfig,
    DeleteRule,
    PutBucketNotificationConfiguration,
    PutRule,
    PutTargets,
    RemoveTargets,
    Subscribe,
    Unsubscribe,
)


def put_bucket_notification_configuration(
    bucket: str,
    configuration: Mapping[str, Any],
    *,
    expected_owner: str | None = None,
    region: str | None = None,
) -> ApiCall:
    """`s3:PutBucketNotificationConfiguration`: replaces the bucket's whole configuration."""
    params: dict[str, Any] = {"Bucket": bucket, "NotificationConfiguration": dict(configuration)}
    if expected_owner:
        params["ExpectedBucketOwner"] = expected_owner
    return PutBucketNotificationConfiguration.make(params, region)


def sns_subscribe(topic_arn: str, endpoint: str, *, region: str | None = None) -> ApiCall:
    """`sns:Subscribe` of a Lambda function (answers the subscription ARN at once)."""
    params = {
        "TopicArn": topic_arn,
        "Protocol": "lambda",
        "Endpoint": endpoint,
        "ReturnSubscriptionArn": True,
    }
    return Subscribe.make(params, region)


def sns_unsubscribe(subscription_arn: str, *, region: str | None = None) -> ApiCall:
    return Unsubscribe.make({"SubscriptionArn": subscription_arn}, region)


def events_put_rule(
    name: str,
    *,
    schedule: str,
    bus: str = "default",
    description: str | None = None,
    region: str | None = None,
) -> ApiCall:
    """`events:PutRule` creating an enabled scheduled rule."""
    params: dict[str, Any] = {"Name": name, "ScheduleExpression": schedule, "State": "ENABLED"}
    if description:
        params["Description"] = description
    if bus != "default":
        params["EventBusName"] = bus
    return PutRule.make(params, region)


def events_delete_rule(name: str, *, bus: str = "default", region: str | None = None) -> ApiCall:
    params: dict[str, Any] = {"Name": name}
    if bus != "default":
        params["EventBusName"] = bus
    return DeleteRule.make(params, region)


def events_put_targets(
    rule: str,
    targets: Sequence[Mapping[str, str]],
    *,
    bus: str = "default",
    region: str | None = None,
) -> ApiCall:
    """`events:PutTargets` adding (or replacing, by Id) targets of a rule."""
    params: dict[str, Any] = {"Rule": rule, "Targets": [dict(t) for t in targets]}
    if bus != "default":
        params["EventBusName"] = bus
    return PutTargets.make(params, region)


def events_remove_targets(
    rule: str, ids: Sequence[str], *, bus: str = "default", region: str | None = None
) -> ApiCall:
    params: dict[str, Any] = {"Rule": rule, "Ids": list(ids)}
    if bus != "default":
        params["EventBusName"] = bus
    return RemoveTargets.make(params, region)


def delete_event_invoke_config(
    function_name: str, *, qualifier: str | None = None, region: str | None = None
) -> ApiCall:
    """`lambda:DeleteFunctionEventInvokeConfig` of one qualifier's async config."""
    params = {"FunctionName": function_name}
    if qualifier:
        params["Qualifier"] = qualifier
    return DeleteFunctionEventInvokeConfig.make(params, region)
