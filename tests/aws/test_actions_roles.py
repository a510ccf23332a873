"""The role's half, fixed end to end over the emulator: a finding's GrantRole remedy becomes one
scoped inline policy on the role (the report prints its CLI), the executor applies and verifies
it, the finding is gone on the next read, and undo deletes exactly that policy."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lambdatui.actions.executor import Executor
from lambdatui.actions.journal import Journal
from lambdatui.actions.plan import PlanOutdated
from lambdatui.actions.plan_roles import policy_name
from lambdatui.actions.remedies import plan_for
from lambdatui.audit.rules import evaluate_function
from lambdatui.aws.session import AwsSession
from lambdatui.core.model import FunctionDetail, TriggerStatus
from lambdatui.core.remedy import GrantRole
from lambdatui.inventory.account import Inventory
from tests.aws.test_role_checks import function, queue, role

Boto = Callable[[str], Any]
LOGS = [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]


def detail(aws: AwsSession, name: str) -> FunctionDetail:
    inventory = Inventory(aws)
    fn = next(f for page in inventory.function_pages() for f in page if f.name == name)
    return inventory.detail(fn)


def findings(aws: AwsSession, name: str, rule: str) -> list[Any]:
    return [f for f in evaluate_function(detail(aws, name)) if f.rule == rule]


@pytest.fixture
def executor(aws: AwsSession, tmp_path: Path) -> Executor:
    return Executor(aws, Journal(tmp_path / "journal.jsonl"))


def test_let_the_execution_role_read_its_queue_then_undo(
    aws: AwsSession, boto: Boto, executor: Executor
) -> None:
    orders = queue(boto, "orders")
    function(boto, "worker", role(boto, "worker-role", LOGS))
    boto("lambda").create_event_source_mapping(FunctionName="worker", EventSourceArn=orders)
    [finding] = findings(aws, "worker", "pull-source-unreadable")
    remedy = finding.remedy
    assert isinstance(remedy, GrantRole) and remedy.resource == orders
    assert finding.fix is not None
    assert any(
        c.startswith("aws iam put-role-policy --role-name worker-role") for c in finding.fix.cli
    )

    plan = plan_for(detail(aws, "worker"), remedy)
    outcome = executor.apply(plan)
    assert outcome.ok and outcome.verified, outcome.summary
    written = boto("iam").get_role_policy(RoleName="worker-role", PolicyName=policy_name(remedy))
    statement = written["PolicyDocument"]["Statement"][0]
    assert (statement["Resource"], sorted(statement["Action"])) == (
        orders,
        sorted(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]),
    )
    assert findings(aws, "worker", "pull-source-unreadable") == []

    undo = executor.journal.undo_plan(executor.journal.entries()[-1])
    assert executor.apply(undo).ok
    assert boto("iam").list_role_policies(RoleName="worker-role")["PolicyNames"] == ["p"]
    assert len(findings(aws, "worker", "pull-source-unreadable")) == 1


def test_a_policy_of_that_name_already_there_is_never_overwritten(
    aws: AwsSession, boto: Boto, executor: Executor
) -> None:
    orders = queue(boto, "orders")
    function(boto, "worker", role(boto, "worker-role", LOGS))
    boto("lambda").create_event_source_mapping(FunctionName="worker", EventSourceArn=orders)
    [finding] = findings(aws, "worker", "pull-source-unreadable")
    plan = plan_for(detail(aws, "worker"), finding.remedy)
    theirs = json.dumps({"Version": "2012-10-17", "Statement": LOGS})
    boto("iam").put_role_policy(
        RoleName="worker-role", PolicyName=policy_name(finding.remedy), PolicyDocument=theirs
    )
    with pytest.raises(PlanOutdated):
        executor.apply(plan)
    kept = boto("iam").get_role_policy(
        RoleName="worker-role", PolicyName=policy_name(finding.remedy)
    )
    assert kept["PolicyDocument"]["Statement"] == LOGS


def test_let_a_state_machines_role_invoke(aws: AwsSession, boto: Boto, executor: Executor) -> None:
    fn = function(boto, "step", role(boto, "fn-role", LOGS))
    sfn_role = role(boto, "sfn", LOGS)
    boto("stepfunctions").create_state_machine(
        name="m",
        definition=json.dumps(
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": fn, "End": True}}}
        ),
        roleArn=sfn_role,
    )
    [finding] = findings(aws, "step", "invoker-role-denied")
    assert finding.remedy == GrantRole(
        sfn_role, ("lambda:InvokeFunction",), fn, "invoke the function"
    )
    assert executor.apply(plan_for(detail(aws, "step"), finding.remedy)).verified
    [trigger] = [t for t in detail(aws, "step").triggers if t.source == "states"]
    assert trigger.status is TriggerStatus.OK
