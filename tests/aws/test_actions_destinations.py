"""Async destinations, mapping OnFailure and destination warnings against the moto server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lambdatui.actions.executor import Executor
from lambdatui.actions.journal import Journal
from lambdatui.actions.plan import PlanOutdated
from lambdatui.actions.planner import (
    destination_warnings,
    mapping_on_failure_plan,
    set_destination_plan,
)
from lambdatui.aws.session import AwsSession
from tests.account_builders import ACTIONS_ROLE as ROLE
from tests.account_builders import Client, arn, detail_of, make_function


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal.jsonl")


@pytest.fixture
def executor(aws: AwsSession, journal: Journal) -> Executor:
    return Executor(aws, journal)


def _config(boto: Client, name: str, qualifier: str | None = None) -> dict[str, Any]:
    params = {"FunctionName": name} | ({"Qualifier": qualifier} if qualifier else {})
    answer = boto("lambda").get_function_event_invoke_config(**params)
    answer.pop("ResponseMetadata")
    answer.pop("LastModified")
    return answer


def test_update_keeps_the_retry_settings_and_undo_restores(
    aws: AwsSession, boto: Client, executor: Executor, journal: Journal
) -> None:
    make_function(boto, "mailer")
    failures = boto("sqs").create_queue(QueueName="failures") and arn("sqs", "failures")
    topic = boto("sns").create_topic(Name="done")["TopicArn"]
    boto("lambda").put_function_event_invoke_config(
        FunctionName="mailer",
        MaximumRetryAttempts=1,
        MaximumEventAgeInSeconds=600,
        DestinationConfig={"OnFailure": {"Destination": failures}},
    )
    before = _config(boto, "mailer")
    plan = set_destination_plan(detail_of(aws, "mailer"), qualifier=None, on_success=topic)
    assert plan.steps[0].call.operation == "update_function_event_invoke_config"
    assert plan.steps[0].call.params["DestinationConfig"] == {
        "OnSuccess": {"Destination": topic},
        "OnFailure": {"Destination": failures},
    }

    outcome = executor.apply(plan)

    assert outcome.ok and outcome.verified, outcome.problems
    now = _config(boto, "mailer")
    assert now["MaximumRetryAttempts"] == 1 and now["MaximumEventAgeInSeconds"] == 600
    assert now["DestinationConfig"]["OnSuccess"] == {"Destination": topic}
    assert now["DestinationConfig"]["OnFailure"] == {"Destination": failures}

    entry = journal.last_undoable()
    assert entry is not None and executor.apply(journal.undo_plan(entry)).ok
    assert _config(boto, "mailer") == before


def test_put_only_when_the_qualifier_has_no_config_and_undo_deletes_it(
    aws: AwsSession, boto: Client, executor: Executor, journal: Journal
) -> None:
    lam = boto("lambda")
    make_function(boto, "worker")
    version = lam.publish_version(FunctionName="worker")["Version"]
    lam.create_alias(FunctionName="worker", Name="live", FunctionVersion=version)
    lam.put_function_event_invoke_config(FunctionName="worker", MaximumRetryAttempts=0)
    boto("sqs").create_queue(QueueName="dlq")
    plan = set_destination_plan(
        detail_of(aws, "worker"), qualifier="live", on_failure=arn("sqs", "dlq")
    )
    assert plan.steps[0].call.operation == "put_function_event_invoke_config"
    assert plan.steps[0].undo is not None
    assert plan.steps[0].undo.operation == "delete_function_event_invoke_config"

    assert executor.apply(plan).verified
    assert _config(boto, "worker", "live")["DestinationConfig"]["OnFailure"] == {
        "Destination": arn("sqs", "dlq")
    }
    assert _config(boto, "worker")["MaximumRetryAttempts"] == 0  # the unqualified one untouched

    entry = journal.last_undoable()
    assert entry is not None and executor.apply(journal.undo_plan(entry)).ok
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_function_event_invoke_config(FunctionName="worker", Qualifier="live")


def test_clearing_a_destination(aws: AwsSession, boto: Client, executor: Executor) -> None:
    make_function(boto, "clear")
    boto("sqs").create_queue(QueueName="q")
    boto("lambda").put_function_event_invoke_config(
        FunctionName="clear",
        MaximumRetryAttempts=2,
        DestinationConfig={"OnFailure": {"Destination": arn("sqs", "q")}},
    )
    plan = set_destination_plan(detail_of(aws, "clear"), qualifier=None, on_failure=None)

    assert executor.apply(plan).verified
    now = _config(boto, "clear")
    assert now["DestinationConfig"]["OnFailure"] == {} and now["MaximumRetryAttempts"] == 2


def test_a_config_changed_since_planning_is_not_overwritten(
    aws: AwsSession, boto: Client, executor: Executor
) -> None:
    make_function(boto, "racy")
    boto("sqs").create_queue(QueueName="q")
    plan = set_destination_plan(detail_of(aws, "racy"), qualifier=None, on_failure=arn("sqs", "q"))
    boto("lambda").put_function_event_invoke_config(FunctionName="racy", MaximumRetryAttempts=0)

    with pytest.raises(PlanOutdated):
        executor.apply(plan)
    assert _config(boto, "racy")["DestinationConfig"]["OnFailure"] == {}


def test_mapping_on_failure(aws: AwsSession, boto: Client, executor: Executor) -> None:
    make_function(boto, "stream")
    kinesis = boto("kinesis")
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    stream = kinesis.describe_stream_summary(StreamName="clicks")["StreamDescriptionSummary"]
    boto("lambda").create_event_source_mapping(
        FunctionName="stream", EventSourceArn=stream["StreamARN"], StartingPosition="LATEST"
    )
    boto("sqs").create_queue(QueueName="stream-dlq")
    [mapping] = detail_of(aws, "stream").event_source_mappings
    plan = mapping_on_failure_plan(mapping, arn("sqs", "stream-dlq"))

    assert executor.apply(plan).verified
    answer = boto("lambda").get_event_source_mapping(UUID=mapping.uuid)
    assert answer["DestinationConfig"]["OnFailure"] == {"Destination": arn("sqs", "stream-dlq")}


def test_destination_warnings_read_the_role_when_simulation_fails(
    aws: AwsSession, boto: Client
) -> None:
    make_function(boto, "warned")
    iam = boto("iam")
    boto("sqs").create_queue(QueueName="allowed")
    boto("sqs").create_queue(QueueName="forbidden")
    topic = boto("sns").create_topic(Name="any-topic")["TopicArn"]
    boto("s3").create_bucket(Bucket="failures-bucket")
    iam.put_role_policy(
        RoleName="actions-role",
        PolicyName="queue",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "sqs:SendMessage",
                        "Resource": arn("sqs", "allowed"),
                    }
                ],
            }
        ),
    )
    managed = iam.create_policy(
        PolicyName="publish-all",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": ["sns:*"], "Resource": "*"}],
            }
        ),
    )["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="actions-role", PolicyArn=managed)

    assert destination_warnings(aws, ROLE, arn("sqs", "allowed")) == []
    assert destination_warnings(aws, ROLE, topic) == []
    [denied] = destination_warnings(aws, ROLE, arn("sqs", "forbidden"))
    assert "may not sqs:SendMessage" in denied
    missing = destination_warnings(aws, ROLE, arn("sqs", "gone"))
    assert "does not exist" in missing[0] and "may not sqs:SendMessage" in missing[1]
    bucket = destination_warnings(aws, ROLE, "arn:aws:s3:::failures-bucket")
    assert any("s3:PutObject" in w for w in bucket)
    assert "no execution role" in destination_warnings(aws, None, topic)[0]


def test_destination_warnings_use_the_simulation_when_it_answers(
    aws: AwsSession, boto: Client
) -> None:
    """moto does not implement SimulatePrincipalPolicy: its answer is stubbed."""
    from botocore.stub import Stubber

    boto("sqs").create_queue(QueueName="jobs")
    queue = arn("sqs", "jobs")
    with Stubber(aws.client("iam")) as stub:
        stub.add_response(
            "simulate_principal_policy",
            {
                "EvaluationResults": [
                    {"EvalActionName": "sqs:SendMessage", "EvalDecision": "implicitDeny"}
                ]
            },
            {"PolicySourceArn": ROLE, "ActionNames": ["sqs:SendMessage"], "ResourceArns": [queue]},
        )
        stub.add_response(
            "simulate_principal_policy",
            {
                "EvaluationResults": [
                    {"EvalActionName": "sqs:SendMessage", "EvalDecision": "allowed"}
                ]
            },
        )
        [warning] = destination_warnings(aws, ROLE, queue)
        assert "may not sqs:SendMessage" in warning
        assert destination_warnings(aws, ROLE, queue) == []
