"""The execution role's half, and invokers' own roles: identity policies in the real IAM shape
(as GetRolePolicy / GetPolicyVersion return them), evaluated with the resource-policy evaluator.

Sources: IAM User Guide, "Policy evaluation logic" (explicit Deny wins; no Allow is a deny);
Lambda Developer Guide, "Lambda execution role" and "Using Lambda with Amazon SQS" (the queue
actions a mapping needs), "Adding a destination" (sqs:SendMessage, sns:Publish …).
"""

from __future__ import annotations

from lambdatui.core.model import ReadError
from lambdatui.core.role_access import (
    DESTINATION_ACTIONS,
    NOT_CHECKED,
    PULL_SOURCE_ACTIONS,
    RolePolicies,
    role_allows,
)

ROLE = "arn:aws:iam::123456789012:role/worker"
QUEUE = "arn:aws:sqs:us-east-1:123456789012:orders"
OTHER_QUEUE = "arn:aws:sqs:us-east-1:123456789012:billing"

# The AWS managed policy AWSLambdaSQSQueueExecutionRole, as GetPolicyVersion returns it.
SQS_EXECUTION_ROLE = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:PutLogEvents",
            ],
            "Resource": "*",
        }
    ],
}


def policies(*documents: dict, failed: ReadError | None = None) -> RolePolicies:
    return RolePolicies(
        role_arn=ROLE,
        documents=tuple((f"p{i}", d) for i, d in enumerate(documents)),
        failed=failed,
    )


def read_queue(p: RolePolicies, queue: str = QUEUE):
    return role_allows(p, PULL_SOURCE_ACTIONS["sqs"], queue, purpose="read the source")


def test_the_managed_sqs_policy_lets_the_role_poll_any_queue() -> None:
    check = read_queue(policies(SQS_EXECUTION_ROLE))
    assert check.allowed is True and check.missing == ()
    assert check.caveat == NOT_CHECKED  # only the policies were read


def test_a_role_scoped_to_another_queue_misses_every_action() -> None:
    scoped = {
        "Version": "2012-10-17",
        "Statement": {
            "Effect": "Allow",
            "Action": "sqs:*",
            "Resource": OTHER_QUEUE,
        },
    }
    check = read_queue(policies(scoped))
    assert check.allowed is False
    assert check.missing == PULL_SOURCE_ACTIONS["sqs"]
    assert "may not read the source: missing sqs:ReceiveMessage" in check.summary


def test_one_missing_action_is_named() -> None:
    partial = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["sqs:receivemessage", "sqs:GetQueueAttributes"],  # case-insensitive
                "Resource": "arn:aws:sqs:us-east-1:123456789012:*",
            }
        ],
    }
    check = read_queue(policies(partial))
    assert (check.allowed, check.missing) == (False, ("sqs:DeleteMessage",))


def test_an_explicit_deny_in_another_policy_wins_and_is_named() -> None:
    deny = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "sqs:DeleteMessage", "Resource": QUEUE}],
    }
    check = read_queue(policies(SQS_EXECUTION_ROLE, deny))
    assert (check.allowed, check.missing, check.denied_by) == (
        False,
        ("sqs:DeleteMessage",),
        ("p1",),
    )


def test_not_action_allows_what_it_does_not_name() -> None:
    everything_but_iam = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}],
    }
    check = role_allows(
        policies(everything_but_iam),
        DESTINATION_ACTIONS["sns"],
        "arn:aws:sns:us-east-1:1:t",
        purpose="write to the destination",
    )
    assert check.allowed is True


def test_a_policy_that_could_not_be_read_leaves_it_unknown() -> None:
    failed = ReadError(
        service="iam",
        operation="GetRolePolicy",
        code="AccessDenied",
        message="denied",
        iam_action="iam:GetRolePolicy",
        iam_resource=ROLE,
    )
    check = read_queue(policies(SQS_EXECUTION_ROLE, failed=failed))
    assert check.allowed is None and check.failed == failed and check.missing == ()
    assert check.summary.startswith("unverified")


def test_an_allow_that_rests_on_a_condition_lambdatui_cannot_know_is_undecided() -> None:
    conditional = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sqs:*",
                "Resource": QUEUE,
                "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
            }
        ],
    }
    check = read_queue(policies(conditional))
    assert check.allowed is None and check.missing == ()
    assert "conditions lambdatui cannot evaluate" in check.caveat


def test_the_simulator_is_the_authority_where_it_answered() -> None:
    simulated = {(a, QUEUE): a != "sqs:DeleteMessage" for a in PULL_SOURCE_ACTIONS["sqs"]}
    p = RolePolicies(role_arn=ROLE, documents=(("p0", SQS_EXECUTION_ROLE),), simulated=simulated)
    check = read_queue(p)
    assert (check.allowed, check.missing, check.caveat) == (False, ("sqs:DeleteMessage",), "")


def test_no_policy_at_all_allows_nothing() -> None:
    check = read_queue(policies())
    assert check.allowed is False and check.missing == PULL_SOURCE_ACTIONS["sqs"]
