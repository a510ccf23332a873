"""Reading a role's identity policies over the emulator: inline and managed, each managed policy
once per scan, a denied read recorded (never taken for "no permission"), the simulator asked where
it answers and otherwise left alone for the rest of the session."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from lambdatui.aws.iam_reader import IamReader
from lambdatui.aws.session import AwsSession
from lambdatui.core.role_access import PULL_SOURCE_ACTIONS, role_allows
from tests.reader_builders import ACCOUNT, fail_call

Boto = Callable[[str], Any]
QUEUE = f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
READ_QUEUE = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
            "Resource": QUEUE,
        }
    ],
}
LOGS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}],
}


def make_role(
    boto: Boto, name: str, *, inline: dict | None = None, managed: str | None = None
) -> str:
    iam = boto("iam")
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]["Arn"]
    if inline is not None:
        iam.put_role_policy(RoleName=name, PolicyName="inline", PolicyDocument=json.dumps(inline))
    if managed is not None:
        iam.attach_role_policy(RoleName=name, PolicyArn=managed)
    return arn


def test_inline_and_managed_policies_are_read(aws: AwsSession, boto: Boto) -> None:
    logs = boto("iam").create_policy(PolicyName="logs", PolicyDocument=json.dumps(LOGS))
    role = make_role(boto, "worker", inline=READ_QUEUE, managed=logs["Policy"]["Arn"])
    policies = IamReader(aws).role_policies(role)
    assert policies.failed is None
    assert dict(policies.documents) == {"inline": READ_QUEUE, "logs": LOGS}
    check = role_allows(policies, PULL_SOURCE_ACTIONS["sqs"], QUEUE, purpose="read the source")
    assert check.allowed is True


def test_a_managed_policy_is_read_once_per_scan(aws: AwsSession, boto: Boto) -> None:
    logs = boto("iam").create_policy(PolicyName="logs", PolicyDocument=json.dumps(LOGS))
    roles = [make_role(boto, f"r{i}", managed=logs["Policy"]["Arn"]) for i in range(3)]
    reader = IamReader(aws)
    for role in roles + roles:
        reader.role_policies(role)
    assert aws.calls["iam:GetPolicyVersion"] == 1
    assert aws.calls["iam:GetRole"] == 3


def test_a_denied_policy_read_leaves_the_role_unknown(aws: AwsSession, boto: Boto) -> None:
    role = make_role(boto, "worker", inline=READ_QUEUE)
    fail_call(aws.client("iam"), "GetRolePolicy")
    policies = IamReader(aws).role_policies(role)
    assert policies.failed is not None
    assert (policies.failed.operation, policies.failed.iam_action) == (
        "GetRolePolicy",
        "iam:GetRolePolicy",
    )
    check = role_allows(policies, PULL_SOURCE_ACTIONS["sqs"], QUEUE, purpose="read the source")
    assert check.allowed is None and check.missing == ()


def test_a_role_that_is_gone_is_not_read_as_empty(aws: AwsSession) -> None:
    policies = IamReader(aws).role_policies(f"arn:aws:iam::{ACCOUNT}:role/gone")
    assert policies.failed is not None and policies.documents == ()


def test_the_simulator_is_asked_once_and_then_left_alone(aws: AwsSession, boto: Boto) -> None:
    role = make_role(boto, "worker", inline=READ_QUEUE)
    reader = IamReader(aws)
    assert reader.simulate(role, ["sqs:ReceiveMessage"], QUEUE) is None  # the emulator refuses
    assert reader.simulate(role, ["sqs:ReceiveMessage"], QUEUE) is None
    assert aws.calls["iam:SimulatePrincipalPolicy"] == 1
