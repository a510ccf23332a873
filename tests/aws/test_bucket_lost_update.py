"""S3's lost-update window (issue 12 §4), against the moto server.

PutBucketNotificationConfiguration replaces the whole configuration with no conditional write.
Another writer hooks into the executor's PUT (botocore events on the executor's own client) and
writes through a second client: before the PUT (its entry would be overwritten), or after it
(with a stale view that drops ours). Every entry is put back or reported, never "verified" over
a loss.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lambdatui.actions.bucket_write import MAX_ATTEMPTS
from lambdatui.actions.executor import Executor
from lambdatui.actions.journal import Journal
from lambdatui.aws.session import AwsSession
from tests.account_builders import ACCOUNT, Client, make_function
from tests.aws.test_actions_triggers import _notifications, _plan_s3

PUT = "PutBucketNotificationConfiguration"


@pytest.fixture
def executor(aws: AwsSession, tmp_path: Path) -> Executor:
    return Executor(aws, Journal(tmp_path / "journal.jsonl"))


@pytest.fixture
def shared_bucket(boto: Client) -> dict[str, Any]:
    """Bucket `shared` notifying a queue, a topic and another team's function."""
    make_function(boto, "resizer")
    other = make_function(boto, "other-team")
    topic = boto("sns").create_topic(Name="restores")["TopicArn"]
    config = {
        "QueueConfigurations": [_queue_entry(boto, "audit", "s3:ObjectRemoved:*")],
        "TopicConfigurations": [
            {"Id": "restores", "TopicArn": topic, "Events": ["s3:ObjectRestore:*"]}
        ],
        "LambdaFunctionConfigurations": [
            {"Id": "other-team", "LambdaFunctionArn": other, "Events": ["s3:ObjectCreated:*"],
             "Filter": {"Key": {"FilterRules": [{"Name": "Prefix", "Value": "docs/"}]}}}
        ],
    }  # fmt: skip
    boto("s3").create_bucket(Bucket="shared")
    boto("s3").put_bucket_notification_configuration(
        Bucket="shared", NotificationConfiguration=config
    )
    return config


def _queue_entry(boto: Client, name: str, event: str = "s3:ObjectTagging:*") -> dict[str, Any]:
    url = boto("sqs").create_queue(QueueName=name)["QueueUrl"]
    arn = boto("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    return {"Id": name, "QueueArn": arn["Attributes"]["QueueArn"], "Events": [event]}


def _add_entry(boto: Client, entry: dict[str, Any]) -> None:
    """Another writer's read-modify-write, through its own client."""
    s3 = boto("s3")
    config = _notifications(boto, "shared")
    config["QueueConfigurations"] = [*config.get("QueueConfigurations", []), entry]
    s3.put_bucket_notification_configuration(Bucket="shared", NotificationConfiguration=config)


def _ids(config: dict[str, Any], key: str) -> set[str]:
    return {e["Id"] for e in config.get(key, [])}


def test_an_entry_added_between_the_read_and_the_put_is_put_back(
    aws: AwsSession, boto: Client, executor: Executor, shared_bucket: dict[str, Any]
) -> None:
    plan = _plan_s3(aws)
    theirs = _queue_entry(boto, "their-queue")
    puts: list[int] = []

    def other_writer_first(**_: Any) -> None:
        puts.append(1)
        if len(puts) == 1:  # only before our first PUT: between our last read and our write
            _add_entry(boto, theirs)

    aws.client("s3").meta.events.register(f"before-call.s3.{PUT}", other_writer_first)

    outcome = executor.apply(plan)

    now = _notifications(boto, "shared")
    assert _ids(now, "QueueConfigurations") == {"audit", "their-queue"}
    assert len(now["LambdaFunctionConfigurations"]) == 2  # other-team's and ours
    assert now["TopicConfigurations"] == shared_bucket["TopicConfigurations"]
    assert outcome.ok and outcome.verified, outcome.problems
    assert len(puts) == 2  # our write, then the one putting their entry back
    [note] = [n for n in outcome.notes if "lost update" in n]
    assert "their-queue" in note and "put back" in note


def test_a_stale_writer_that_keeps_dropping_ours_is_reported_not_verified(
    aws: AwsSession, boto: Client, executor: Executor, shared_bucket: dict[str, Any]
) -> None:
    plan = _plan_s3(aws)
    stale = _notifications(boto, "shared")  # the other writer read before we wrote
    theirs = _queue_entry(boto, "their-queue")
    stale["QueueConfigurations"] = [*stale["QueueConfigurations"], theirs]
    puts: list[int] = []

    def stale_writer_after(**_: Any) -> None:
        puts.append(1)
        boto("s3").put_bucket_notification_configuration(
            Bucket="shared", NotificationConfiguration=stale
        )

    aws.client("s3").meta.events.register(f"after-call.s3.{PUT}", stale_writer_after)

    outcome = executor.apply(plan)

    assert len(puts) == MAX_ATTEMPTS  # bounded: it gave up after that many writes
    assert outcome.ok and not outcome.verified
    lost = [p for p in outcome.problems if "overwrote" in p]
    assert lost and "lambdatui-resizer" in lost[0] and f"{MAX_ATTEMPTS} times" in lost[0]


def test_a_writer_that_merges_after_ours_is_kept_and_said(
    aws: AwsSession, boto: Client, executor: Executor, shared_bucket: dict[str, Any]
) -> None:
    plan = _plan_s3(aws)
    theirs = _queue_entry(boto, "late-queue")
    puts: list[int] = []

    def polite_writer_after(**_: Any) -> None:
        puts.append(1)
        if len(puts) == 1:
            _add_entry(boto, theirs)

    aws.client("s3").meta.events.register(f"after-call.s3.{PUT}", polite_writer_after)

    outcome = executor.apply(plan)

    assert outcome.ok and outcome.verified, outcome.problems
    assert len(puts) == 1  # nothing was lost: no second write
    assert any("late-queue" in n and "kept" in n for n in outcome.notes)
    assert "late-queue" in _ids(_notifications(boto, "shared"), "QueueConfigurations")


def test_without_another_writer_one_write_and_no_word(
    aws: AwsSession, boto: Client, executor: Executor, shared_bucket: dict[str, Any]
) -> None:
    puts: list[int] = []
    aws.client("s3").meta.events.register(f"before-call.s3.{PUT}", lambda **_: puts.append(1))

    outcome = executor.apply(_plan_s3(aws))

    assert outcome.ok and outcome.verified and puts == [1]
    assert not [n for n in outcome.notes if "Bucket shared" in n]
    assert ACCOUNT in outcome.plan.function_arn
