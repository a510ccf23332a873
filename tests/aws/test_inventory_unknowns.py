"""The inventory over the emulator: an SNS trigger on alias `live` when a read it rests on fails
(issue 11 §1: ListAliases denied made it missing-permission and a broken-trigger finding)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from lambdatui.audit.rules import evaluate_function
from lambdatui.aws.session import AwsSession
from lambdatui.core.model import FunctionDetail, TriggerStatus
from lambdatui.inventory.account import Inventory
from tests.reader_builders import ACCOUNT, REGION, make_function

TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:orders"
LIVE = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:fn:live"


@pytest.fixture
def sns_on_live(boto: Callable[[str], Any]) -> None:
    make_function(boto, alias="live")
    boto("sns").create_topic(Name="orders")
    boto("sns").subscribe(TopicArn=TOPIC, Protocol="lambda", Endpoint=LIVE)
    boto("lambda").add_permission(
        FunctionName="fn",
        Qualifier="live",
        StatementId="sns-orders",
        Action="lambda:InvokeFunction",
        Principal="sns.amazonaws.com",
        SourceArn=TOPIC,
    )


def refuse(
    aws: AwsSession, operation: str, *, when: Callable[[dict[str, Any]], bool] | None = None
) -> None:
    """Answer `operation` (`service:Operation`) with AccessDenied, for calls whose API
    parameters satisfy `when` (all calls by default), through botocore's events."""

    def remember(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["test_api_params"] = dict(params)

    def handler(model: Any, context: dict[str, Any], **_: Any) -> Any:
        if f"{model.service_model.service_name}:{model.name}" != operation:
            return None
        if when is not None and not when(context.get("test_api_params", {})):
            return None
        return AWSResponse("https://denied.invalid", 403, {}, None), {
            "Error": {"Code": "AccessDeniedException", "Message": "denied"},
            "ResponseMetadata": {"HTTPStatusCode": 403},
        }

    aws.boto.events.register("before-parameter-build", remember)
    aws.boto.events.register("before-call", handler)


def detail_of(aws: AwsSession, name: str = "fn") -> FunctionDetail:
    inventory = Inventory(aws)
    [function] = [f for page in inventory.function_pages() for f in page if f.name == name]
    return inventory.detail(function)


def _live_trigger(detail: FunctionDetail):  # type: ignore[no-untyped-def]
    [trigger] = [t for t in detail.triggers if t.source == "sns"]
    assert trigger.qualifier == "live"
    return trigger


def test_the_trigger_on_live_is_ok_when_read_whole(aws: AwsSession, sns_on_live: None) -> None:
    trigger = _live_trigger(detail_of(aws))
    assert trigger.status is TriggerStatus.OK and trigger.statement_sid == "sns-orders"


def test_with_the_alias_listing_denied_the_policy_of_live_is_still_read(
    aws: AwsSession, sns_on_live: None
) -> None:
    refuse(aws, "lambda:ListAliases")
    detail = detail_of(aws)
    trigger = _live_trigger(detail)
    assert trigger.status is TriggerStatus.OK  # the real verdict, not missing-permission
    assert [e.operation for e in detail.errors] == ["ListAliases"]
    assert not [f for f in evaluate_function(detail) if f.rule == "broken-trigger"]


def test_with_the_policy_of_live_denied_the_trigger_is_unverified_and_says_what_to_grant(
    aws: AwsSession, sns_on_live: None
) -> None:
    refuse(aws, "lambda:GetPolicy", when=lambda params: params.get("Qualifier") == "live")
    detail = detail_of(aws)
    trigger = _live_trigger(detail)
    assert trigger.status is TriggerStatus.UNVERIFIED
    assert trigger.failed_read is not None
    assert trigger.failed_read.grant == f"grant lambda:GetPolicy on {LIVE}"
    assert trigger.failed_read in detail.errors
    assert evaluate_function(detail) == []  # no broken-trigger, no stale-permission, no guess


def test_with_the_topic_unreadable_a_grant_for_another_topic_is_unverified_and_in_errors(
    aws: AwsSession, boto: Callable[[str], Any], sns_on_live: None
) -> None:
    gone = f"{TOPIC}-old"
    boto("lambda").add_permission(
        FunctionName="fn",
        StatementId="sns-old",
        Action="lambda:InvokeFunction",
        Principal="sns.amazonaws.com",
        SourceArn=gone,
    )
    refuse(aws, "sns:GetTopicAttributes")
    detail = detail_of(aws)
    [old] = [t for t in detail.triggers if t.statement_sid == "sns-old"]
    assert old.status is TriggerStatus.UNVERIFIED  # not source-missing: the read failed
    assert old.failed_read is not None and old.failed_read.resource == gone
    assert old.failed_read in detail.errors
    assert json.dumps(old.failed_read.grant) == json.dumps(
        f"grant sns:GetTopicAttributes on {gone}"
    )
    assert not [f for f in evaluate_function(detail) if f.rule == "orphaned-permission"]
