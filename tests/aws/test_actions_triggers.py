"""Adding triggers (S3, SNS, EventBridge) against the moto server: permission first, the wiring
second, every other notification entry of a bucket preserved, and each undone from the journal."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lambdatui.actions.calls import parse_cli
from lambdatui.actions.executor import Executor
from lambdatui.actions.journal import Journal
from lambdatui.actions.plan import PlanError, PlanOutdated
from lambdatui.actions.planner import (
    add_events_trigger_plan,
    add_s3_trigger_plan,
    add_sns_trigger_plan,
)
from lambdatui.aws.session import AwsSession
from lambdatui.core.model import TriggerStatus
from tests.account_builders import ACCOUNT, Client, arn, detail_of, make_function, statements


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal.jsonl")


@pytest.fixture
def executor(aws: AwsSession, journal: Journal) -> Executor:
    return Executor(aws, journal)


@pytest.fixture
def shared_bucket(boto: Client) -> dict[str, Any]:
    """Bucket `shared` notifying a queue, a topic, another team's function and EventBridge."""
    make_function(boto, "resizer")
    other = make_function(boto, "other-team")
    boto("sqs").create_queue(QueueName="audit")
    topic = boto("sns").create_topic(Name="restores")["TopicArn"]
    config = {
        "QueueConfigurations": [
            {"Id": "audit", "QueueArn": arn("sqs", "audit"), "Events": ["s3:ObjectRemoved:*"]}
        ],
        "TopicConfigurations": [
            {"Id": "restores", "TopicArn": topic, "Events": ["s3:ObjectRestore:*"]}
        ],
        "LambdaFunctionConfigurations": [
            {
                "Id": "other-team",
                "LambdaFunctionArn": other,
                "Events": ["s3:ObjectCreated:*"],
                "Filter": {"Key": {"FilterRules": [{"Name": "Prefix", "Value": "docs/"}]}},
            }
        ],
        "EventBridgeConfiguration": {},
    }
    s3 = boto("s3")
    s3.create_bucket(Bucket="shared")
    s3.put_bucket_notification_configuration(Bucket="shared", NotificationConfiguration=config)
    return config


def _notifications(boto: Client, bucket: str) -> dict[str, Any]:
    answer = boto("s3").get_bucket_notification_configuration(Bucket=bucket)
    answer.pop("ResponseMetadata")
    return answer


def _plan_s3(aws: AwsSession, **extra: Any) -> Any:
    return add_s3_trigger_plan(
        aws,
        detail_of(aws, "resizer"),
        bucket="shared",
        events=["s3:ObjectCreated:*"],
        prefix="images/",
        suffix=".jpg",
        **extra,
    )


def test_s3_trigger_keeps_every_other_entry_of_the_bucket(
    aws: AwsSession, boto: Client, executor: Executor, shared_bucket: dict[str, Any]
) -> None:
    plan = _plan_s3(aws)
    assert [s.call.operation for s in plan.steps] == [
        "add_permission",
        "put_bucket_notification_configuration",
    ]
    put = plan.steps[1].call.params
    assert put["ExpectedBucketOwner"] == ACCOUNT
    assert [parse_cli(c) for c in plan.cli_commands()] == [s.call for s in plan.steps]

    outcome = executor.apply(plan)

    assert outcome.ok and outcome.verified, outcome.problems
    now = _notifications(boto, "shared")
    assert now["QueueConfigurations"] == shared_bucket["QueueConfigurations"]
    assert now["TopicConfigurations"] == shared_bucket["TopicConfigurations"]
    assert now["EventBridgeConfiguration"] == {}
    functions = {e["Id"]: e for e in now["LambdaFunctionConfigurations"]}
    assert functions["other-team"] == shared_bucket["LambdaFunctionConfigurations"][0]
    [ours] = [e for i, e in functions.items() if i != "other-team"]
    assert ours["LambdaFunctionArn"].endswith(":function:resizer")
    [statement] = statements(boto, "resizer").values()
    assert statement["Condition"]["ArnLike"]["AWS:SourceArn"] == "arn:aws:s3:::shared"
    assert statement["Condition"]["StringEquals"]["AWS:SourceAccount"] == ACCOUNT
    trigger = next(t for t in detail_of(aws, "resizer").triggers if t.source == "s3")
    assert trigger.status is TriggerStatus.OK


def test_s3_trigger_is_undone_from_the_journal(
    aws: AwsSession,
    boto: Client,
    executor: Executor,
    journal: Journal,
    shared_bucket: dict[str, Any],
) -> None:
    before = _notifications(boto, "shared")
    assert executor.apply(_plan_s3(aws)).ok
    entry = journal.last_undoable()
    assert entry is not None
    undo = journal.undo_plan(entry)
    assert [s.call.operation for s in undo.steps] == [
        "put_bucket_notification_configuration",
        "remove_permission",
    ]

    outcome = executor.apply(undo)

    assert outcome.ok and outcome.verified, outcome.problems
    assert _notifications(boto, "shared") == before
    assert statements(boto, "resizer") == {}
    assert journal.last_undoable() is None


def test_a_bucket_changed_since_planning_is_not_written(
    aws: AwsSession, boto: Client, executor: Executor, shared_bucket: dict[str, Any]
) -> None:
    plan = _plan_s3(aws)
    changed = {**shared_bucket, "QueueConfigurations": []}
    boto("s3").put_bucket_notification_configuration(
        Bucket="shared", NotificationConfiguration=changed
    )

    with pytest.raises(PlanOutdated, match="bucket shared"):
        executor.apply(plan)

    assert statements(boto, "resizer") == {}
    assert "QueueConfigurations" not in _notifications(boto, "shared")


def test_a_bucket_changed_between_the_steps_rolls_back_the_permission(
    aws: AwsSession, boto: Client, executor: Executor, shared_bucket: dict[str, Any]
) -> None:
    plan = _plan_s3(aws)

    def meanwhile(**_: Any) -> None:
        boto("s3").put_bucket_notification_configuration(
            Bucket="shared", NotificationConfiguration={"EventBridgeConfiguration": {}}
        )

    aws.client("lambda").meta.events.register("after-call.lambda.AddPermission", meanwhile)

    with pytest.raises(PlanOutdated, match="changed while the plan was applied") as raised:
        executor.apply(plan)

    assert raised.value.outcome is not None
    assert raised.value.outcome.rolled_back == (plan.steps[0],)
    assert statements(boto, "resizer") == {}
    assert _notifications(boto, "shared") == {"EventBridgeConfiguration": {}}


def test_a_refused_bucket_write_rolls_back_the_permission(
    aws: AwsSession, boto: Client, executor: Executor, shared_bucket: dict[str, Any]
) -> None:
    plan = _plan_s3(aws)
    put = plan.steps[1].call
    config = json.loads(json.dumps(dict(put.params["NotificationConfiguration"])))
    config["LambdaFunctionConfigurations"][-1]["Events"] = ["s3:NoSuchEvent"]
    broken = replace(
        plan.steps[1], call=replace(put, params={**put.params, "NotificationConfiguration": config})
    )
    plan = replace(plan, steps=(plan.steps[0], broken))

    outcome = executor.apply(plan)

    assert not outcome.ok and outcome.rolled_back == (plan.steps[0],)
    assert "InvalidArgument" in (outcome.error or "")
    assert statements(boto, "resizer") == {}
    assert _notifications(boto, "shared") == shared_bucket


def test_s3_trigger_refuses_a_missing_bucket_and_a_duplicate(
    aws: AwsSession, boto: Client, executor: Executor, shared_bucket: dict[str, Any]
) -> None:
    with pytest.raises(PlanError, match="does not exist"):
        add_s3_trigger_plan(
            aws, detail_of(aws, "resizer"), bucket="nope", events=["s3:ObjectCreated:*"]
        )
    assert executor.apply(_plan_s3(aws)).ok
    with pytest.raises(PlanError, match="already has this trigger"):
        _plan_s3(aws)


def test_sns_trigger_subscribes_and_undo_unsubscribes(
    aws: AwsSession, boto: Client, executor: Executor, journal: Journal
) -> None:
    arn = make_function(boto, "listener")
    topic = boto("sns").create_topic(Name="orders")["TopicArn"]
    plan = add_sns_trigger_plan(aws, detail_of(aws, "listener"), topic_arn=topic)
    assert [s.call.operation for s in plan.steps] == ["add_permission", "subscribe"]

    outcome = executor.apply(plan)

    assert outcome.ok and outcome.verified, outcome.problems
    subs = boto("sns").list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert [(s["Protocol"], s["Endpoint"]) for s in subs] == [("lambda", arn)]
    trigger = next(t for t in detail_of(aws, "listener").triggers if t.source == "sns")
    assert trigger.status is TriggerStatus.OK

    entry = journal.last_undoable()
    assert entry is not None and entry.undo_calls[0].operation == "unsubscribe"
    assert executor.apply(journal.undo_plan(entry)).ok
    assert boto("sns").list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []
    assert statements(boto, "listener") == {}


def test_events_trigger_on_an_existing_rule_of_a_custom_bus(
    aws: AwsSession, boto: Client, executor: Executor
) -> None:
    arn = make_function(boto, "placed")
    events = boto("events")
    events.create_event_bus(Name="orders")
    pattern = json.dumps({"source": ["demo.orders"]})
    events.put_rule(Name="order-placed", EventBusName="orders", EventPattern=pattern)

    plan = add_events_trigger_plan(
        aws, detail_of(aws, "placed"), rule_name="order-placed", bus="orders"
    )
    outcome = executor.apply(plan)

    assert outcome.ok and outcome.verified, outcome.problems
    targets = events.list_targets_by_rule(Rule="order-placed", EventBusName="orders")["Targets"]
    assert [t["Arn"] for t in targets] == [arn]
    [statement] = statements(boto, "placed").values()
    assert statement["Condition"]["ArnLike"]["AWS:SourceArn"].endswith(":rule/orders/order-placed")


def test_events_trigger_on_a_new_schedule_and_its_undo(
    aws: AwsSession, boto: Client, executor: Executor, journal: Journal
) -> None:
    make_function(boto, "nightly")
    plan = add_events_trigger_plan(
        aws, detail_of(aws, "nightly"), rule_name="every-night", schedule="cron(0 2 * * ? *)"
    )
    assert [s.call.operation for s in plan.steps] == ["add_permission", "put_rule", "put_targets"]

    outcome = executor.apply(plan)

    assert outcome.ok and outcome.verified, outcome.problems
    rule = boto("events").describe_rule(Name="every-night")
    assert rule["ScheduleExpression"] == "cron(0 2 * * ? *)"
    trigger = next(t for t in detail_of(aws, "nightly").triggers if t.source == "events")
    assert trigger.status is TriggerStatus.OK

    entry = journal.last_undoable()
    assert entry is not None
    assert executor.apply(journal.undo_plan(entry)).ok
    names = [r["Name"] for r in boto("events").list_rules()["Rules"]]
    assert "every-night" not in names and statements(boto, "nightly") == {}


def test_events_trigger_validates_before_reading(aws: AwsSession, boto: Client) -> None:
    make_function(boto, "cron")
    detail = detail_of(aws, "cron")
    with pytest.raises(PlanError, match="schedule is"):
        add_events_trigger_plan(aws, detail, schedule="every day")
    with pytest.raises(PlanError, match="does not exist"):
        add_events_trigger_plan(aws, detail, rule_name="missing")
    with pytest.raises(PlanError, match="default event bus"):
        add_events_trigger_plan(aws, detail, schedule="rate(1 hour)", bus="orders")
