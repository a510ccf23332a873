"""What one CloudTrail management event says about Lambda wiring: the functions and sources it
names, read from the event's own record (`CloudTrailEvent`: requestParameters, responseElements).

- A Lambda write names its function (`functionName`: a name, `name:qualifier`, a partial ARN
  `account:function:name` or a full ARN; or `responseElements.functionArn`), or an event source
  mapping by UUID (`UpdateEventSourceMapping`, `DeleteEventSourceMapping`).
- An S3 `PutBucketNotification` names a bucket (`bucketName`), an SNS `Subscribe`/`Unsubscribe`
  a topic (`topicArn`, or a subscription ARN: the topic's ARN and an id), an EventBridge
  `PutRule`/`PutTargets`/… a rule (`name`/`rule` on `eventBusName`, or `ruleArn`).
- Every Lambda function ARN anywhere in the request (a notification's `CloudFunction` or
  `LambdaFunctionArn`, a subscription's `endpoint`, a target's `arn`) is a function that may have
  just become a target.

When the record says nothing, the event's `Resources` (type and name, as LookupEvents lists
them) are read instead. A wiring write whose subject cannot be told is `resolved=False`: the
caller must assume anything may have changed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from lambdatui.core.arn import function_arn, parse_arn, unqualified_function_arn

_VERSION_SUFFIX = re.compile(r"20\d{6}(v\d+)?$")

NOT_ABOUT_A_FUNCTION = re.compile(r"Layer|^(Create|Update|Delete)CodeSigningConfig$|Account")
"""Lambda writes that change no function's wiring when they name none (layers, code signing
configs, account settings)."""


@dataclass(frozen=True)
class Place:
    """Where an event happened, for names that leave it out."""

    partition: str
    region: str
    account: str | None


@dataclass(frozen=True)
class Named:
    functions: tuple[str, ...] = ()
    """Unqualified function ARNs: the function written, or one that may be a new target."""
    sources: tuple[str, ...] = ()
    """Bucket, topic, rule or mapping ARNs the event changed."""
    resolved: bool = True


def event_name(name: str) -> str:
    """Lambda's API version suffix removed: `AddPermission20150331v2` -> `AddPermission`."""
    return _VERSION_SUFFIX.sub("", name)


def record_of(event: dict[str, Any]) -> dict[str, Any]:
    """The event's own record (`CloudTrailEvent`, a JSON string); {} when absent or broken."""
    raw = event.get("CloudTrailEvent")
    if isinstance(raw, dict):
        return raw
    try:
        record = json.loads(raw) if isinstance(raw, str) else {}
    except ValueError:
        return {}
    return record if isinstance(record, dict) else {}


def named_by(
    source: str,
    name: str,
    record: dict[str, Any],
    here: Place,
    resources: Sequence[tuple[str, str]] = (),
) -> Named:
    """What an event of `source` (lambda, s3, sns, events) named `name` touches; `resources`:
    the event's (ResourceType, ResourceName) pairs, used where the record names nothing."""
    place = Place(
        here.partition,
        str(record.get("awsRegion") or here.region),
        str(record.get("recipientAccountId") or here.account or "") or None,
    )
    request = record.get("requestParameters") or {}
    response = record.get("responseElements") or {}
    if not isinstance(request, dict):
        request = {}
    if not isinstance(response, dict):
        response = {}
    if not request:
        request = _request_from_resources(resources)
    targets = tuple(dict.fromkeys(_function_arns(request)))
    if source == "lambda":
        return _lambda(event_name(name), request, response, place, targets)
    found: list[str] = []
    if source == "s3":
        if bucket := request.get("bucketName"):
            found.append(f"arn:{place.partition}:s3:::{bucket}")
    elif source == "sns":
        found += _topics(request, response, place)
    elif source == "events":
        found += _rules(request, response, place)
    return Named(targets, tuple(dict.fromkeys(found)), resolved=bool(found))


_RESOURCE_KEYS = {
    "AWS::Lambda::Function": "functionName",
    "AWS::S3::Bucket": "bucketName",
    "AWS::SNS::Topic": "topicArn",
    "AWS::Events::Rule": "rule",
}


def _request_from_resources(resources: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The parameters an event's `Resources` stand for (an event without its record)."""
    request: dict[str, Any] = {}
    for kind, value in resources:
        if (key := _RESOURCE_KEYS.get(kind)) and value:
            request.setdefault(key, value)
    return request


def _lambda(
    name: str,
    request: dict[str, Any],
    response: dict[str, Any],
    place: Place,
    targets: tuple[str, ...],
) -> Named:
    functions: list[str] = []
    for value in (request.get("functionName"), response.get("functionArn")):
        if isinstance(value, str) and value:
            functions.append(_function(value, place))
    resource = request.get("resource")
    if isinstance(resource, str) and _is_function_arn(resource):
        functions.append(unqualified_function_arn(resource))
    sources = []
    uuid = request.get("uUID") or request.get("UUID") or response.get("uUID")
    if isinstance(uuid, str) and uuid and place.account:
        sources.append(
            f"arn:{place.partition}:lambda:{place.region}:{place.account}:"
            f"event-source-mapping:{uuid}"
        )
    if isinstance(request.get("eventSourceArn"), str):
        sources.append(request["eventSourceArn"])
    functions += targets
    resolved = bool(functions or sources) or bool(NOT_ABOUT_A_FUNCTION.search(name))
    return Named(tuple(dict.fromkeys(functions)), tuple(sources), resolved)


def _function(value: str, place: Place) -> str:
    full = function_arn(
        value, partition=place.partition, region=place.region, account=place.account
    )
    return unqualified_function_arn(full)


def _topics(request: dict[str, Any], response: dict[str, Any], place: Place) -> list[str]:
    found = [t for t in (request.get("topicArn"), response.get("topicArn")) if isinstance(t, str)]
    subscription = request.get("subscriptionArn") or response.get("subscriptionArn")
    if isinstance(subscription, str) and (parsed := parse_arn(subscription)):
        # arn:aws:sns:region:account:topic:subscription-id -> the topic's ARN
        topic = parsed.resource.split(":", 1)[0]
        found.append(f"arn:{parsed.partition}:sns:{parsed.region}:{parsed.account}:{topic}")
    if not found and isinstance(request.get("name"), str) and place.account:
        found.append(f"arn:{place.partition}:sns:{place.region}:{place.account}:{request['name']}")
    return found


def _rules(request: dict[str, Any], response: dict[str, Any], place: Place) -> list[str]:
    found = [a for a in (response.get("ruleArn"),) if isinstance(a, str)]
    rule = request.get("rule") or request.get("name")
    if isinstance(rule, str) and rule and place.account:
        if rule.startswith("arn:"):
            found.append(rule)
        else:
            bus = request.get("eventBusName") or "default"
            if isinstance(bus, str) and (parsed := parse_arn(bus)):
                bus = parsed.resource.removeprefix("event-bus/")
            prefix = "" if bus == "default" else f"{bus}/"
            found.append(
                f"arn:{place.partition}:events:{place.region}:{place.account}:rule/{prefix}{rule}"
            )
    return found


def _is_function_arn(value: str) -> bool:
    parsed = parse_arn(value)
    return (
        parsed is not None
        and parsed.service == "lambda"
        and (parsed.resource.startswith("function:"))
    )


def _function_arns(value: Any) -> Iterator[str]:
    """Every Lambda function ARN (unqualified) anywhere in a request's parameters."""
    if isinstance(value, str):
        if _is_function_arn(value):
            yield unqualified_function_arn(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _function_arns(item)
    elif isinstance(value, list):
        for item in value:
            yield from _function_arns(item)
