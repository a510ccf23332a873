"""Evaluate a plan's `Check`s and read its `Snapshot`s by re-reading the account.

`evaluate(session, check)` answers None when the fact holds, else a sentence saying what was
found instead. Reads raise the typed `AwsError`s of `lambdatui.aws.translate`; the executor decides
what a failed read means.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from lambdatui.actions.bucket_config import (
    canonical_config,
    canonical_entry,
    entries_by_id,
    notification_configuration,
)
from lambdatui.actions.permissions import statement_matches
from lambdatui.actions.plan import Check, Snapshot
from lambdatui.aws.lambda_reader import LambdaReader
from lambdatui.aws.session import AwsSession
from lambdatui.aws.translate import api_name, aws_call
from lambdatui.core.errors import NotFound
from lambdatui.core.model import PolicyStatement
from lambdatui.core.policy import find_permitting

Params = Mapping[str, Any]


def _on(p: Params) -> str:
    name = p.get("function")
    return f"{name}:{p['qualifier']}" if p.get("qualifier") else str(name)


def _fn(p: Params) -> dict[str, Any]:
    out = {"FunctionName": p["function"]}
    if p.get("qualifier"):
        out["Qualifier"] = p["qualifier"]
    return out


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


def invoke_config(session: AwsSession, p: Params) -> dict[str, Any] | None:
    answer = read_or_none(session, "lambda", "get_function_event_invoke_config", **_fn(p))
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
    p = snapshot.params
    if snapshot.kind == "policy":
        policy = LambdaReader(session).policy(p["function"], p.get("qualifier"))
        if policy is None:
            return None
        return {
            "revision_id": policy.revision_id,
            "statements": [dict(s.raw) for s in policy.statements],
        }
    if snapshot.kind == "bucket-notification":
        return bucket_configuration(session, p["bucket"])
    if snapshot.kind == "invoke-config":
        return _jsonable(
            read_or_none(session, "lambda", "get_function_event_invoke_config", **_fn(p))
        )
    if snapshot.kind == "url-config":
        return _jsonable(read_or_none(session, "lambda", "get_function_url_config", **_fn(p)))
    if snapshot.kind == "mapping":
        return _jsonable(
            read_or_none(session, "lambda", "get_event_source_mapping", UUID=p["uuid"])
        )
    raise ValueError(f"unknown snapshot kind {snapshot.kind!r}")


# -- the checks --------------------------------------------------------------------------------


def _policy_revision(s: AwsSession, p: Params) -> str | None:
    policy = LambdaReader(s).policy(p["function"], p.get("qualifier"))
    now = policy.revision_id if policy else None
    if now != p.get("revision_id"):
        return f"the policy of {_on(p)} changed since this plan was made"
    return None


def find_statement(s: AwsSession, p: Params) -> PolicyStatement | None:
    """The statement `p["sid"]` of `p["function"]`'s policy for `p["qualifier"]`, or None."""
    policy = LambdaReader(s).policy(p["function"], p.get("qualifier"))
    return next((x for x in (policy.statements if policy else ()) if x.sid == p["sid"]), None)


def _statement_present(s: AwsSession, p: Params) -> str | None:
    found = find_statement(s, p)
    if found is None:
        return f"statement {p['sid']} is not in the policy of {_on(p)}"
    if p.get("expect") and not statement_matches(found, p["expect"]):
        return f"statement {p['sid']} of {_on(p)} is not the one expected"
    return None


def _statement_absent(s: AwsSession, p: Params) -> str | None:
    if find_statement(s, p) is not None:
        return f"statement {p['sid']} is still in the policy of {_on(p)}"
    return None


def _permits(s: AwsSession, p: Params) -> str | None:
    policy = LambdaReader(s).policy(p["function"], p.get("qualifier"))
    found = find_permitting(
        policy.statements if policy else (),
        principal=p["principal"],
        source_arn=p.get("source_arn"),
        source_account=p.get("source_account"),
        qualifier=p.get("qualifier"),
        action=p.get("action", "lambda:InvokeFunction"),
        extra_context=p.get("extra_context"),
    )
    if found is None:
        return (
            f"no statement of {_on(p)} lets {p['principal']} invoke it from {p.get('source_arn')}"
        )
    return None


def _bucket_unchanged(s: AwsSession, p: Params) -> str | None:
    if canonical_config(bucket_configuration(s, p["bucket"])) != canonical_config(
        p["configuration"]
    ):
        return f"the notification configuration of bucket {p['bucket']} is not the expected one"
    return None


def _bucket_entry_present(s: AwsSession, p: Params) -> str | None:
    now = bucket_configuration(s, p["bucket"]).get("LambdaFunctionConfigurations") or ()
    wanted = canonical_entry(p["entry"])
    if not any(canonical_entry(e) == wanted for e in now):
        return f"bucket {p['bucket']} does not notify the function as planned ({p['entry']['Id']})"
    return None


def _bucket_preserved(s: AwsSession, p: Params) -> str | None:
    now, before = bucket_configuration(s, p["bucket"]), p["configuration"]
    skip = {f"LambdaFunctionConfigurations/{i}" for i in p.get("except_ids", ())}
    have = entries_by_id(now)
    lost = [k for k, v in entries_by_id(before).items() if k not in skip and have.get(k) != v]
    if "EventBridgeConfiguration" in before and "EventBridgeConfiguration" not in now:
        lost.append("EventBridgeConfiguration")
    if lost:
        return f"bucket {p['bucket']} lost or changed other entries: {', '.join(lost)}"
    return None


_CONFIG_KEYS = ("on_success", "on_failure", "maximum_retry_attempts", "maximum_event_age_seconds")


def _invoke_unchanged(s: AwsSession, p: Params) -> str | None:
    if invoke_config(s, p) != (dict(p["config"]) if p.get("config") is not None else None):
        return f"the async invoke config of {_on(p)} changed since this plan was made"
    return None


def _invoke_destination(s: AwsSession, p: Params) -> str | None:
    now = invoke_config(s, p)
    if now is None:
        return f"{_on(p)} has no async invoke config"
    wrong = [f"{k} is {now[k]!r}, not {p[k]!r}" for k in _CONFIG_KEYS if k in p and now[k] != p[k]]
    return f"the async invoke config of {_on(p)}: {'; '.join(wrong)}" if wrong else None


def _invoke_absent(s: AwsSession, p: Params) -> str | None:
    return f"{_on(p)} still has an async invoke config" if invoke_config(s, p) else None


def _url_auth(s: AwsSession, p: Params) -> str | None:
    answer = read_or_none(s, "lambda", "get_function_url_config", **_fn(p))
    have = answer.get("AuthType") if answer else None
    if have != p["auth_type"]:
        return f"the function URL of {_on(p)} has AuthType {have}, not {p['auth_type']}"
    return None


def _mapping_on_failure(s: AwsSession, p: Params) -> str | None:
    answer = read_or_none(s, "lambda", "get_event_source_mapping", UUID=p["uuid"])
    if answer is None:
        return f"event source mapping {p['uuid']} does not exist"
    have = ((answer.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
    if have != p.get("destination"):
        return f"mapping {p['uuid']} sends failures to {have}, not {p.get('destination')}"
    return None


def _bus(p: Params) -> dict[str, str]:
    return {"EventBusName": p["bus"]} if p.get("bus", "default") != "default" else {}


def _events_target(s: AwsSession, p: Params) -> str | None:
    answer = read_or_none(s, "events", "list_targets_by_rule", Rule=p["rule"], **_bus(p))
    targets = (answer or {}).get("Targets") or ()
    found = any(t["Id"] == p["id"] and t["Arn"] == p.get("arn", t["Arn"]) for t in targets)
    if found != p["present"]:
        return f"rule {p['rule']} {'lacks' if p['present'] else 'still has'} target {p['id']}"
    return None


def _rule(s: AwsSession, p: Params) -> str | None:
    found = read_or_none(s, "events", "describe_rule", Name=p["name"], **_bus(p)) is not None
    if found != p["present"]:
        return f"rule {p['name']} {'does not exist' if p['present'] else 'exists'}"
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


def _sns_subscription(s: AwsSession, p: Params) -> str | None:
    if "subscription_arn" in p:
        arn = p["subscription_arn"]
        answer = read_or_none(s, "sns", "get_subscription_attributes", SubscriptionArn=arn)
        found, what = answer is not None, f"subscription {arn}"
    else:
        found = subscribed(s, p["topic_arn"], p["endpoint"])
        what = f"a subscription of {p['endpoint']} to {p['topic_arn']}"
    if found != p["present"]:
        return f"{what} {'does not exist' if p['present'] else 'still exists'}"
    return None


CHECKS: dict[str, Callable[[AwsSession, Params], str | None]] = {
    "policy-revision": _policy_revision,
    "statement-present": _statement_present,
    "statement-absent": _statement_absent,
    "permits": _permits,
    "bucket-config-unchanged": _bucket_unchanged,
    "bucket-entry-present": _bucket_entry_present,
    "bucket-entries-preserved": _bucket_preserved,
    "invoke-config-unchanged": _invoke_unchanged,
    "invoke-config-destination": _invoke_destination,
    "invoke-config-absent": _invoke_absent,
    "url-auth-type": _url_auth,
    "mapping-on-failure": _mapping_on_failure,
    "events-target": _events_target,
    "rule": _rule,
    "sns-subscription": _sns_subscription,
}


def evaluate(session: AwsSession, check: Check) -> str | None:
    """None when the check holds, else a sentence; raises `AwsError` when it cannot be read."""
    try:
        test = CHECKS[check.kind]
    except KeyError:
        raise ValueError(f"unknown check kind {check.kind!r}") from None
    return test(session, check.params)
