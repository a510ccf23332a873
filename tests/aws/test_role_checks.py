"""The role's half, end to end over the emulator: the execution role must read each pull source
and write to each destination; Step Functions and its kin invoke with their own role. Each check
rests on the role's policies as read; a read that fails leaves it unknown, never a verdict."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from lambdatui.aws.session import AwsSession
from lambdatui.core.model import FunctionDetail, TriggerStatus
from lambdatui.inventory.account import Inventory
from tests.aws.test_iam_reader import TRUST
from tests.reader_builders import ACCOUNT, REGION, fail_call

Boto = Callable[[str], Any]
POLL = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]


def role(boto: Boto, name: str, statements: list[dict[str, Any]]) -> str:
    iam = boto("iam")
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]["Arn"]
    if statements:
        document = {"Version": "2012-10-17", "Statement": statements}
        iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=json.dumps(document))
    return arn


def function(boto: Boto, name: str, role_arn: str) -> str:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return None\n")
    return boto("lambda").create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role_arn,
        Handler="app.handler",
        Code={"ZipFile": buf.getvalue()},
    )["FunctionArn"]


def queue(boto: Boto, name: str) -> str:
    url = boto("sqs").create_queue(QueueName=name)["QueueUrl"]
    attributes = boto("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    return attributes["Attributes"]["QueueArn"]


def detail(aws: AwsSession, name: str) -> FunctionDetail:
    inventory = Inventory(aws)
    fn = next(f for page in inventory.function_pages() for f in page if f.name == name)
    return inventory.detail(fn)


def test_the_execution_role_must_read_the_queue_and_write_the_destination(
    aws: AwsSession, boto: Boto
) -> None:
    orders, failures = queue(boto, "orders"), queue(boto, "failures")
    reader = role(boto, "reader", [{"Effect": "Allow", "Action": POLL, "Resource": orders}])
    function(boto, "worker", reader)
    boto("lambda").create_event_source_mapping(FunctionName="worker", EventSourceArn=orders)
    boto("lambda").put_function_event_invoke_config(
        FunctionName="worker", DestinationConfig={"OnFailure": {"Destination": failures}}
    )
    checks = {(c.purpose, c.resource): c for c in detail(aws, "worker").role_checks}
    read = checks[("read the source", orders)]
    write = checks[("write to the destination", failures)]
    assert (read.allowed, read.missing) == (True, ())
    assert (write.allowed, write.missing) == (False, ("sqs:SendMessage",))


def test_a_role_that_cannot_read_its_source_is_named(aws: AwsSession, boto: Boto) -> None:
    orders = queue(boto, "orders")
    logs_only = role(boto, "logs-only", [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}])
    function(boto, "worker", logs_only)
    boto("lambda").create_event_source_mapping(FunctionName="worker", EventSourceArn=orders)
    [check] = detail(aws, "worker").role_checks
    assert check.allowed is False and check.missing == tuple(POLL)
    assert check.role_arn == logs_only


def test_a_denied_policy_read_leaves_the_check_unknown_and_is_an_error(
    aws: AwsSession, boto: Boto
) -> None:
    orders = queue(boto, "orders")
    function(
        boto, "worker", role(boto, "reader", [{"Effect": "Allow", "Action": POLL, "Resource": "*"}])
    )
    boto("lambda").create_event_source_mapping(FunctionName="worker", EventSourceArn=orders)
    fail_call(aws.client("iam"), "ListRolePolicies")
    got = detail(aws, "worker")
    [check] = got.role_checks
    assert check.allowed is None and check.missing == ()
    assert any(e.iam_action == "iam:ListRolePolicies" for e in got.errors)


def test_a_state_machine_whose_role_cannot_invoke_is_a_broken_trigger(
    aws: AwsSession, boto: Boto
) -> None:
    fn = function(boto, "step", role(boto, "fn-role", []))
    can = role(
        boto,
        "sfn-can",
        [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": f"{fn}*"}],
    )
    cannot = role(
        boto,
        "sfn-cannot",
        [
            {
                "Effect": "Allow",
                "Action": "lambda:InvokeFunction",
                "Resource": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:other",
            }
        ],
    )
    task = {"Type": "Task", "Resource": fn, "End": True}
    sfn = boto("stepfunctions")
    for name, role_arn in (("works", can), ("broken", cannot)):
        sfn.create_state_machine(
            name=name,
            definition=json.dumps({"StartAt": "A", "States": {"A": task}}),
            roleArn=role_arn,
        )
    triggers = {
        t.detail.get("state_machine"): t
        for t in detail(aws, "step").triggers
        if t.source == "states"
    }
    assert triggers["works"].status is TriggerStatus.OK
    assert triggers["works"].invoker_role == can
    assert triggers["broken"].status is TriggerStatus.MISSING_PERMISSION
    assert "missing lambda:InvokeFunction" in triggers["broken"].note


def test_an_unreadable_invoker_role_leaves_the_trigger_unverified(
    aws: AwsSession, boto: Boto
) -> None:
    fn = function(boto, "step", role(boto, "fn-role", []))
    sfn_role = role(boto, "sfn", [{"Effect": "Allow", "Action": "lambda:*", "Resource": "*"}])
    boto("stepfunctions").create_state_machine(
        name="m",
        definition=json.dumps(
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": fn, "End": True}}}
        ),
        roleArn=sfn_role,
    )
    fail_call(aws.client("iam"), "GetRole", when=lambda p: p.get("RoleName") == "sfn")
    [trigger] = [t for t in detail(aws, "step").triggers if t.source == "states"]
    assert trigger.status is TriggerStatus.UNVERIFIED
    assert trigger.failed_read is not None and trigger.failed_read.iam_action == "iam:GetRole"


def test_lambda_at_edge_needs_the_execution_role_to_trust_edgelambda(
    aws: AwsSession, boto: Boto
) -> None:
    from tests.aws.test_role_invoker_readers import make_distribution

    trusting = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": ["lambda.amazonaws.com", "edgelambda.amazonaws.com"]},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    iam = boto("iam")
    edge_role = iam.create_role(RoleName="edge", AssumeRolePolicyDocument=json.dumps(trusting))
    good = function(boto, "edge-good", edge_role["Role"]["Arn"])
    bad = function(boto, "edge-bad", role(boto, "lambda-only", []))  # trusts lambda only
    for fn in (good, bad):
        boto("lambda").publish_version(FunctionName=fn)
        make_distribution(boto, f"{fn}:1")
    statuses = {
        name: [t for t in detail(aws, name).triggers if t.source == "cloudfront"]
        for name in ("edge-good", "edge-bad")
    }
    assert [t.status for t in statuses["edge-good"]] == [TriggerStatus.OK]
    [broken] = statuses["edge-bad"]
    assert broken.status is TriggerStatus.MISSING_PERMISSION and broken.qualifier == "1"
    assert "does not trust edgelambda.amazonaws.com" in broken.note


def test_a_queue_encrypted_with_a_customer_key_needs_kms_decrypt(
    aws: AwsSession, boto: Boto
) -> None:
    key = boto("kms").create_key(Description="orders")["KeyMetadata"]["Arn"]
    url = boto("sqs").create_queue(QueueName="orders", Attributes={"KmsMasterKeyId": key})[
        "QueueUrl"
    ]
    orders = boto("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    reader = role(boto, "reader", [{"Effect": "Allow", "Action": POLL, "Resource": orders}])
    function(boto, "worker", reader)
    boto("lambda").create_event_source_mapping(FunctionName="worker", EventSourceArn=orders)
    checks = {c.purpose: c for c in detail(aws, "worker").role_checks}
    assert checks["read the source"].allowed is True
    decrypt = checks["decrypt the source"]
    assert (decrypt.allowed, decrypt.resource, decrypt.missing) == (False, key, ("kms:Decrypt",))
    assert decrypt.detail == {"source": orders}


def test_an_aws_managed_key_needs_no_grant(aws: AwsSession, boto: Boto) -> None:
    url = boto("sqs").create_queue(
        QueueName="orders", Attributes={"KmsMasterKeyId": "alias/aws/sqs"}
    )["QueueUrl"]
    orders = boto("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    function(
        boto, "worker", role(boto, "reader", [{"Effect": "Allow", "Action": POLL, "Resource": "*"}])
    )
    boto("lambda").create_event_source_mapping(FunctionName="worker", EventSourceArn=orders)
    assert [c.purpose for c in detail(aws, "worker").role_checks] == ["read the source"]
