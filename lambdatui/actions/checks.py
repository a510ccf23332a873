"""Evaluate a plan's `Check`s and read its `Snapshot`s by re-reading the account.

`evaluate(session, check)` answers None when the fact holds, else a sentence saying what was
found instead; it dispatches on the check's type (`lambdatui.actions.check_types`). Reads raise
the typed `AwsError`s of `lambdatui.aws.translate`; the executor decides what a failed read means.
"""

from __future__ import annotations

import json
from functools import singledispatch
from typing import Any

from lambdatui.actions.bucket_config import (
    canonical_config,
    canonical_entry,
    entries_by_id,
    notification_configuration,
)
from lambdatui.actions.check_types import (
    BucketConfigUnchanged,
    BucketEntriesPreserved,
    BucketEntryPresent,
    BucketNotificationSnapshot,
    Check,
    EventsRule,
    EventsTarget,
    InvokeConfigAbsent,
    InvokeConfigDestination,
    InvokeConfigSnapshot,
    InvokeConfigUnchanged,
    MappingOnFailure,
    MappingSnapshot,
    Permits,
    PolicyRevision,
    PolicySnapshot,
    Snapshot,
    SnsSubscription,
    StatementAbsent,
    StatementPresent,
    UrlAuthType,
    UrlConfigSnapshot,
)
from lambdatui.actions.permissions import statement_matches
from lambdatui.aws.lambda_reader import LambdaReader
from lambdatui.aws.session import AwsSession
from lambdatui.aws.translate import api_name, aws_call
from lambdatui.core.errors import NotFound
from lambdatui.core.model import PolicyStatement
from lambdatui.core.policy import find_permitting


def _on(function: str, qualifier: str | None) -> str:
    return f"{function}:{qualifier}" if qualifier else function


def _fn(function: str, qualifier: str | None) -> dict[str, Any]:
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
        session, "lambda", "get_function_event_invoke_config", **_fn(function, qualifier)
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
            fn = _fn(function, qualifier)
            return _jsonable(
                read_or_none(session, "lambda", "get_function_event_invoke_config", **fn)
            )
        case UrlConfigSnapshot(function=function, qualifier=qualifier):
            fn = _fn(function, qualifier)
            return _jsonable(read_or_none(session, "lambda", "get_function_url_config", **fn))
        case MappingSnapshot(uuid=uuid):
            return _jsonable(read_or_none(session, "lambda", "get_event_source_mapping", UUID=uuid))
    raise TypeError(f"lambdatui cannot read a {type(snapshot).__name__}")


# -- the checks --------------------------------------------------------------------------------


def find_statement(
    s: AwsSession, function: str, qualifier: str | None, sid: str
) -> PolicyStatement | None:
    """Statement `sid` of the function's policy for `qualifier`, or None."""
    policy = LambdaReader(s).policy(function, qualifier)
    return next((x for x in (policy.statements if policy else ()) if x.sid == sid), None)


@singledispatch
def _test(check: Check, s: AwsSession) -> str | None:
    raise TypeError(f"lambdatui cannot evaluate a {type(check).__name__}")


@_test.register
def _(c: PolicyRevision, s: AwsSession) -> str | None:
    policy = LambdaReader(s).policy(c.function, c.qualifier)
    if (policy.revision_id if policy else None) != c.revision_id:
        return f"the policy of {_on(c.function, c.qualifier)} changed since this plan was made"
    return None


@_test.register
def _(c: StatementPresent, s: AwsSession) -> str | None:
    found = find_statement(s, c.function, c.qualifier, c.sid)
    if found is None:
        return f"statement {c.sid} is not in the policy of {_on(c.function, c.qualifier)}"
    if c.expect and not statement_matches(found, c.expect):
        return f"statement {c.sid} of {_on(c.function, c.qualifier)} is not the one expected"
    return None


@_test.register
def _(c: StatementAbsent, s: AwsSession) -> str | None:
    if find_statement(s, c.function, c.qualifier, c.sid) is not None:
        return f"statement {c.sid} is still in the policy of {_on(c.function, c.qualifier)}"
    return None


@_test.register
def _(c: Permits, s: AwsSession) -> str | None:
    policy = LambdaReader(s).policy(c.function, c.qualifier)
    found = find_permitting(
        policy.statements if policy else (),
        principal=c.principal,
        source_arn=c.source_arn,
        source_account=c.source_account,
        qualifier=c.qualifier,
        action=c.action,
    )
    if found is None:
        return (
            f"no statement of {_on(c.function, c.qualifier)} lets {c.principal} invoke it from "
            f"{c.source_arn}"
        )
    return None


@_test.register
def _(c: BucketConfigUnchanged, s: AwsSession) -> str | None:
    if canonical_config(bucket_configuration(s, c.bucket)) != canonical_config(c.configuration):
        return f"the notification configuration of bucket {c.bucket} is not the expected one"
    return None


@_test.register
def _(c: BucketEntryPresent, s: AwsSession) -> str | None:
    now = bucket_configuration(s, c.bucket).get("LambdaFunctionConfigurations") or ()
    wanted = canonical_entry(c.entry)
    if not any(canonical_entry(e) == wanted for e in now):
        return f"bucket {c.bucket} does not notify the function as planned ({c.entry['Id']})"
    return None


@_test.register
def _(c: BucketEntriesPreserved, s: AwsSession) -> str | None:
    now, before = bucket_configuration(s, c.bucket), c.configuration
    skip = {f"LambdaFunctionConfigurations/{i}" for i in c.except_ids}
    have = entries_by_id(now)
    lost = [k for k, v in entries_by_id(before).items() if k not in skip and have.get(k) != v]
    if "EventBridgeConfiguration" in before and "EventBridgeConfiguration" not in now:
        lost.append("EventBridgeConfiguration")
    if lost:
        return f"bucket {c.bucket} lost or changed other entries: {', '.join(lost)}"
    return None


@_test.register
def _(c: InvokeConfigUnchanged, s: AwsSession) -> str | None:
    if invoke_config(s, c.function, c.qualifier) != (
        dict(c.config) if c.config is not None else None
    ):
        return (
            f"the async invoke config of {_on(c.function, c.qualifier)} changed since this plan "
            "was made"
        )
    return None


@_test.register
def _(c: InvokeConfigDestination, s: AwsSession) -> str | None:
    now = invoke_config(s, c.function, c.qualifier)
    if now is None:
        return f"{_on(c.function, c.qualifier)} has no async invoke config"
    wrong = [f"{k} is {now.get(k)!r}, not {v!r}" for k, v in c.wanted.items() if now.get(k) != v]
    if wrong:
        return f"the async invoke config of {_on(c.function, c.qualifier)}: {'; '.join(wrong)}"
    return None


@_test.register
def _(c: InvokeConfigAbsent, s: AwsSession) -> str | None:
    if invoke_config(s, c.function, c.qualifier):
        return f"{_on(c.function, c.qualifier)} still has an async invoke config"
    return None


@_test.register
def _(c: UrlAuthType, s: AwsSession) -> str | None:
    answer = read_or_none(s, "lambda", "get_function_url_config", **_fn(c.function, c.qualifier))
    have = answer.get("AuthType") if answer else None
    if have != c.auth_type:
        return (
            f"the function URL of {_on(c.function, c.qualifier)} has AuthType {have}, "
            f"not {c.auth_type}"
        )
    return None


@_test.register
def _(c: MappingOnFailure, s: AwsSession) -> str | None:
    answer = read_or_none(s, "lambda", "get_event_source_mapping", UUID=c.uuid)
    if answer is None:
        return f"event source mapping {c.uuid} does not exist"
    have = ((answer.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
    if have != c.destination:
        return f"mapping {c.uuid} sends failures to {have}, not {c.destination}"
    return None


def _bus(bus: str) -> dict[str, str]:
    return {"EventBusName": bus} if bus != "default" else {}


@_test.register
def _(c: EventsTarget, s: AwsSession) -> str | None:
    answer = read_or_none(s, "events", "list_targets_by_rule", Rule=c.rule, **_bus(c.bus))
    targets = (answer or {}).get("Targets") or ()
    found = any(t["Id"] == c.id and (c.arn is None or t["Arn"] == c.arn) for t in targets)
    if found != c.present:
        return f"rule {c.rule} {'lacks' if c.present else 'still has'} target {c.id}"
    return None


@_test.register
def _(c: EventsRule, s: AwsSession) -> str | None:
    found = read_or_none(s, "events", "describe_rule", Name=c.name, **_bus(c.bus)) is not None
    if found != c.present:
        return f"rule {c.name} {'does not exist' if c.present else 'exists'}"
    return None


def subscribed(session: AwsSession, topic_arn: str, endpoint: str) -> bool:
    """Whether `endpoint` is subscribed to the topic (ListSubscriptionsByTopic, paginated)."""
    pages = session.client("sns").get_paginator("list_subscriptions_by_topic")
    with aws_call("sns", "ListSubscriptionsByTopic", topic_arn):
        return any(
            sub.get("Endpoint") == endpoint
            for page in pages.paginate(TopicArn=topic_arn)
            for sub in page.get("Subscriptions") or ()
        )


@_test.register
def _(c: SnsSubscription, s: AwsSession) -> str | None:
    if c.subscription_arn:
        answer = read_or_none(
            s, "sns", "get_subscription_attributes", SubscriptionArn=c.subscription_arn
        )
        found, what = answer is not None, f"subscription {c.subscription_arn}"
    else:
        found = subscribed(s, str(c.topic_arn), str(c.endpoint))
        what = f"a subscription of {c.endpoint} to {c.topic_arn}"
    if found != c.present:
        return f"{what} {'does not exist' if c.present else 'still exists'}"
    return None


def evaluate(session: AwsSession, check: Check) -> str | None:
    """None when the check holds, else a sentence; raises `AwsError` when it cannot be read."""
    return _test(check, session)
