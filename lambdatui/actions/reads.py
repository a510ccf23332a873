"""The reads planners and checks make of the account's current state (boto3 through the
session): a bucket's notification configuration, an async invoke config, a statement, an SNS
subscription, and the snapshots a plan records. Reads raise the typed `AwsError`s of
`lambdatui.aws.translate`; `read_or_none` answers None for a resource that does not exist.
"""

from __future__ import annotations

import json
from typing import Any

from lambdatui.actions.bucket_config import notification_configuration
from lambdatui.actions.check_types import (
    BucketNotificationSnapshot,
    InvokeConfigSnapshot,
    MappingSnapshot,
    PolicySnapshot,
    Snapshot,
    UrlConfigSnapshot,
)
from lambdatui.aws.lambda_reader import LambdaReader
from lambdatui.aws.session import AwsSession
from lambdatui.aws.translate import api_name, aws_call
from lambdatui.core.errors import NotFound
from lambdatui.core.model import PolicyStatement


def function_params(function: str, qualifier: str | None) -> dict[str, Any]:
    """`FunctionName` and, when there is one, `Qualifier`."""
    return {"FunctionName": function, **({"Qualifier": qualifier} if qualifier else {})}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k != "ResponseMetadata"}
    return json.loads(json.dumps(value, default=str))


# -- reads -----------------------------------------------------------------------------------


def read_or_none(session: AwsSession, service: str, operation: str, **params: Any) -> Any:
    """One read (`client(service).<operation>(**params)`); None when the resource does not
    exist; other failures raise the typed `AwsError`."""
    name = api_name(operation)
    resource = next((str(v) for v in params.values()), None)
    try:
        with aws_call(service, name, resource):
            return getattr(session.client(service), operation)(**params)
    except NotFound:
        return None


def bucket_configuration(session: AwsSession, bucket: str) -> dict[str, Any]:
    """The bucket's notification configuration as a Put body (see `notification_configuration`)."""
    answer = read_or_none(session, "s3", "get_bucket_notification_configuration", Bucket=bucket)
    if answer is None:
        raise NotFound(f"bucket {bucket} does not exist", code="NoSuchBucket", service="s3")
    return notification_configuration(answer)


def invoke_config(
    session: AwsSession, function: str, qualifier: str | None
) -> dict[str, Any] | None:
    """The async invoke config's destinations and retry settings, None when it has none."""
    answer = read_or_none(
        session,
        "lambda",
        "get_function_event_invoke_config",
        **function_params(function, qualifier),
    )
    if answer is None:
        return None
    config = answer.get("DestinationConfig") or {}
    return {
        "on_success": (config.get("OnSuccess") or {}).get("Destination"),
        "on_failure": (config.get("OnFailure") or {}).get("Destination"),
        "maximum_retry_attempts": answer.get("MaximumRetryAttempts"),
        "maximum_event_age_seconds": answer.get("MaximumEventAgeInSeconds"),
    }


def read_snapshot(session: AwsSession, snapshot: Snapshot) -> Any:
    """What a snapshot names, as JSON-ready data (None when it does not exist)."""
    match snapshot:
        case PolicySnapshot(function=function, qualifier=qualifier):
            policy = LambdaReader(session).policy(function, qualifier)
            if policy is None:
                return None
            return {
                "revision_id": policy.revision_id,
                "statements": [dict(s.raw) for s in policy.statements],
            }
        case BucketNotificationSnapshot(bucket=bucket):
            return bucket_configuration(session, bucket)
        case InvokeConfigSnapshot(function=function, qualifier=qualifier):
            fn = function_params(function, qualifier)
            return _jsonable(
                read_or_none(session, "lambda", "get_function_event_invoke_config", **fn)
            )
        case UrlConfigSnapshot(function=function, qualifier=qualifier):
            fn = function_params(function, qualifier)
            return _jsonable(read_or_none(session, "lambda", "get_function_url_config", **fn))
        case MappingSnapshot(uuid=uuid):
            return _jsonable(read_or_none(session, "lambda", "get_event_source_mapping", UUID=uuid))
    raise TypeError(f"lambdatui cannot read a {type(snapshot).__name__}")


def find_statement(
    s: AwsSession, function: str, qualifier: str | None, sid: str
) -> PolicyStatement | None:
    """Statement `sid` of the function's policy for `qualifier`, or None."""
    policy = LambdaReader(s).policy(function, qualifier)
    return next((x for x in (policy.statements if policy else ()) if x.sid == sid), None)


def subscribed(session: AwsSession, topic_arn: str, endpoint: str) -> bool:
    """Whether `endpoint` is subscribed to the topic (ListSubscriptionsByTopic, paginated)."""
    pages = session.client("sns").get_paginator("list_subscriptions_by_topic")
    with aws_call("sns", "ListSubscriptionsByTopic", topic_arn):
        return any(
            sub.get("Endpoint") == endpoint
            for page in pages.paginate(TopicArn=topic_arn)
            for sub in page.get("Subscriptions") or ()
        )
