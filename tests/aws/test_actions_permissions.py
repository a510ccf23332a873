"""Permission plans applied by the executor against the moto server, read back through boto3."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError
from botocore.stub import Stubber

from lambdatui.actions.calls import add_permission, parse_cli
from lambdatui.actions.executor import Executor
from lambdatui.actions.journal import Journal
from lambdatui.actions.plan import Plan, PlanOutdated, Step
from lambdatui.actions.planner import (
    add_permission_plan,
    fix_trigger,
    remove_statement_plan,
    replace_unscoped_grant_plan,
    url_auth_plan,
)
from lambdatui.aws.session import AwsSession
from lambdatui.core.model import TriggerStatus
from lambdatui.core.policy import parse_statement
from tests.account_builders import ACCOUNT, Client, detail_of, make_function, statements
from tests.conftest import make_spec


@pytest.fixture
def executor(aws: AwsSession, tmp_path: Path) -> Executor:
    return Executor(aws, Journal(tmp_path / "journal.jsonl"))


@pytest.fixture
def topic_trigger(boto: Client) -> str:
    """Function `sub` subscribed to topic `alerts` with no grant: a broken SNS trigger."""
    arn = make_function(boto, "sub")
    topic = boto("sns").create_topic(Name="alerts")["TopicArn"]
    boto("sns").subscribe(TopicArn=topic, Protocol="lambda", Endpoint=arn)
    return str(topic)


def test_fix_trigger_adds_the_least_privilege_statement(
    aws: AwsSession, boto: Client, executor: Executor, topic_trigger: str
) -> None:
    detail = detail_of(aws, "sub")
    trigger = next(t for t in detail.triggers if t.source == "sns")
    assert trigger.status is TriggerStatus.MISSING_PERMISSION
    plan = fix_trigger(detail, trigger)

    outcome = executor.apply(plan)

    assert outcome.ok and outcome.verified, outcome.summary
    [(sid, statement)] = statements(boto, "sub").items()
    assert sid == plan.steps[0].call.params["StatementId"]
    assert statement["Principal"] == {"Service": "sns.amazonaws.com"}
    assert statement["Condition"]["ArnLike"]["AWS:SourceArn"] == topic_trigger
    assert statement["Condition"]["StringEquals"]["AWS:SourceAccount"] == ACCOUNT
    after = detail_of(aws, "sub")
    assert next(t for t in after.triggers if t.source == "sns").status is TriggerStatus.OK


def test_the_cli_text_is_what_the_plan_sends(
    aws: AwsSession, boto: Client, topic_trigger: str
) -> None:
    boto("lambda").add_permission(
        FunctionName="sub", StatementId="first", Action="lambda:GetFunction", Principal="*"
    )
    detail = detail_of(aws, "sub")
    plan = fix_trigger(detail, next(t for t in detail.triggers if t.source == "sns"))
    assert [parse_cli(c) for c in plan.cli_commands()] == [s.call for s in plan.steps]
    assert "--revision-id" in plan.cli_commands()[0]


def test_a_policy_changed_since_planning_is_not_written(
    aws: AwsSession, boto: Client, executor: Executor, topic_trigger: str
) -> None:
    make_function(boto, "other")
    boto("lambda").add_permission(
        FunctionName="sub", StatementId="first", Action="lambda:GetFunction", Principal="*"
    )
    detail = detail_of(aws, "sub")
    plan = fix_trigger(detail, next(t for t in detail.triggers if t.source == "sns"))
    boto("lambda").add_permission(  # someone else changes the policy meanwhile
        FunctionName="sub", StatementId="meanwhile", Action="lambda:GetFunction", Principal="*"
    )
    sent_before = sum(aws.calls.values())

    with pytest.raises(PlanOutdated, match="changed since this plan was made"):
        executor.apply(plan)

    assert set(statements(boto, "sub")) == {"first", "meanwhile"}
    writes = [k for k in aws.calls if k.startswith("lambda:AddPermission")]
    assert not writes and sum(aws.calls.values()) > sent_before  # it read, it did not write


def test_a_stale_revision_id_raises_plan_outdated_and_sends_nothing_else(
    aws: AwsSession, boto: Client, executor: Executor, topic_trigger: str
) -> None:
    boto("lambda").add_permission(
        FunctionName="sub", StatementId="first", Action="lambda:GetFunction", Principal="*"
    )
    detail = detail_of(aws, "sub")
    plan = fix_trigger(detail, next(t for t in detail.triggers if t.source == "sns"))
    boto("lambda").remove_permission(FunctionName="sub", StatementId="first")
    boto("lambda").add_permission(
        FunctionName="sub", StatementId="again", Action="lambda:GetFunction", Principal="*"
    )
    racing = replace(plan, preconditions=())  # the change lands after the re-read

    with pytest.raises(PlanOutdated, match="re-read and plan again"):
        executor.apply(racing)
    assert set(statements(boto, "sub")) == {"again"}


def _grant(name: str, sid: str, principal: str = "sns.amazonaws.com", **extra: Any) -> Any:
    return add_permission(name, sid, principal, region="us-east-1", **extra)


def test_an_identical_statement_under_the_sid_counts_as_done(
    aws: AwsSession, boto: Client, executor: Executor, topic_trigger: str
) -> None:
    detail = detail_of(aws, "sub")  # no policy yet: no RevisionId to guard with
    plan = fix_trigger(detail, next(t for t in detail.triggers if t.source == "sns"))
    boto("lambda").add_permission(**dict(plan.steps[0].call.params))  # someone was faster

    outcome = executor.apply(plan)

    assert outcome.ok and outcome.verified
    assert "identical" in outcome.notes[0]
    assert len(statements(boto, "sub")) == 1


def test_a_different_statement_under_the_sid_fails_with_a_sentence(
    aws: AwsSession, boto: Client, executor: Executor, topic_trigger: str
) -> None:
    detail = detail_of(aws, "sub")
    plan = fix_trigger(detail, next(t for t in detail.triggers if t.source == "sns"))
    sid = plan.steps[0].call.params["StatementId"]
    boto("lambda").add_permission(
        FunctionName="sub", StatementId=sid, Action="lambda:InvokeFunction", Principal="*"
    )

    outcome = executor.apply(plan)

    assert not outcome.ok
    assert f"statement id {sid} is already used" in (outcome.error or "").lower()
    assert statements(boto, "sub")[sid]["Principal"] == "*"


def test_policy_length_exceeded_is_explained(aws: AwsSession, executor: Executor) -> None:
    plan = Plan(
        "Add", "test", "arn:aws:lambda:us-east-1:1:function:f", (Step(_grant("f", "x"), "add"),)
    )
    client = aws.client("lambda")
    with Stubber(client) as stub:
        stub.add_client_error(
            "add_permission",
            service_error_code="PolicyLengthExceededException",
            service_message="The final policy size (20581) is bigger than the limit (20480).",
            http_status_code=400,
        )
        outcome = executor.apply(plan)
    assert not outcome.ok
    assert "20 KB" in (outcome.error or "") and "orphaned" in (outcome.error or "")


def test_removing_a_statement_is_undoable_and_asks_twice_when_broad(
    aws: AwsSession, boto: Client, executor: Executor
) -> None:
    make_function(boto, "hook")
    boto("lambda").add_permission(
        FunctionName="hook",
        StatementId="any-rule",
        Action="lambda:InvokeFunction",
        Principal="events.amazonaws.com",
    )
    detail = detail_of(aws, "hook")
    plan = remove_statement_plan(detail, detail.statements[0])
    assert plan.second_confirmation and "any resource" in plan.second_confirmation
    assert plan.steps[0].undo == _grant("hook", "any-rule", "events.amazonaws.com")

    outcome = executor.apply(plan)

    assert outcome.ok and outcome.verified
    assert statements(boto, "hook") == {}


def _unscoped(boto: Client) -> tuple[str, str]:
    """Function `cron` targeted by rule `tick`, allowed by `any-rule` (no SourceArn)."""
    arn = make_function(boto, "cron")
    rule = boto("events").put_rule(Name="tick", ScheduleExpression="rate(1 hour)")["RuleArn"]
    boto("events").put_targets(Rule="tick", Targets=[{"Id": "t", "Arn": arn}])
    boto("lambda").add_permission(
        FunctionName="cron",
        StatementId="any-rule",
        Action="lambda:InvokeFunction",
        Principal="events.amazonaws.com",
    )
    return arn, str(rule)


def test_replace_unscoped_grant_scopes_it_to_the_rule(
    aws: AwsSession, boto: Client, executor: Executor
) -> None:
    _, rule = _unscoped(boto)
    detail = detail_of(aws, "cron")
    plan = replace_unscoped_grant_plan(detail, detail.statements[0], [rule])
    assert [s.call.operation for s in plan.steps] == ["add_permission", "remove_permission"]

    outcome = executor.apply(plan)

    assert outcome.ok and outcome.verified, outcome.problems
    [(sid, statement)] = statements(boto, "cron").items()
    assert sid != "any-rule" and statement["Condition"]["ArnLike"]["AWS:SourceArn"] == rule
    trigger = next(t for t in detail_of(aws, "cron").triggers if t.source == "events")
    assert trigger.status is TriggerStatus.OK


def _before_call(aws: AwsSession, operation: str, action: Callable[[], None]) -> None:
    """Run `action` once, just before the executor's next `operation` call leaves."""
    fired: list[bool] = []

    def hook(**_: Any) -> None:
        if not fired:
            fired.append(True)
            action()

    aws.client("lambda").meta.events.register(f"before-call.lambda.{operation}", hook)


def test_a_failed_second_step_rolls_back_the_first(
    aws: AwsSession, boto: Client, executor: Executor
) -> None:
    _, rule = _unscoped(boto)
    detail = detail_of(aws, "cron")
    plan = replace_unscoped_grant_plan(detail, detail.statements[0], [rule])
    # the old statement is removed by someone else between our two steps
    _before_call(
        aws,
        "RemovePermission",
        lambda: boto("lambda").remove_permission(FunctionName="cron", StatementId="any-rule"),
    )

    outcome = executor.apply(plan)

    assert not outcome.ok
    assert outcome.rolled_back == (plan.steps[0],) and outcome.state is None
    assert statements(boto, "cron") == {}  # the new statement was removed again
    assert "remove statement any-rule" in (outcome.error or "").lower()


def test_a_failed_rollback_says_exactly_what_is_in_effect(
    aws: AwsSession, boto: Client, executor: Executor, tmp_path: Path
) -> None:
    _, rule = _unscoped(boto)
    detail = detail_of(aws, "cron")
    plan = replace_unscoped_grant_plan(detail, detail.statements[0], [rule])
    removals: list[int] = []

    def flaky(**_: Any) -> None:  # the step fails, then the network goes away for the rollback
        removals.append(1)
        if len(removals) == 1:
            boto("lambda").remove_permission(FunctionName="cron", StatementId="any-rule")
        else:
            raise EndpointConnectionError(endpoint_url="http://lambda")

    aws.client("lambda").meta.events.register("before-call.lambda.RemovePermission", flaky)

    outcome = executor.apply(plan)

    new_sid = plan.steps[0].call.params["StatementId"]
    assert not outcome.ok and not outcome.rolled_back
    assert outcome.applied == (plan.steps[0],)
    assert outcome.state and "Still in effect" in outcome.state
    assert (
        f"aws lambda remove-permission --function-name cron --statement-id {new_sid}"
        in outcome.state
    )
    assert set(statements(boto, "cron")) == {new_sid}
    entry = Journal(tmp_path / "journal.jsonl").last_undoable()
    assert entry is not None and entry.status == "partial" and entry.id == outcome.journal_id


def test_read_only_session_refuses_and_changes_nothing(
    endpoint: str, boto: Client, tmp_path: Path, topic_trigger: str
) -> None:
    session = AwsSession(make_spec(endpoint, read_only=True))
    detail = detail_of(session, "sub")
    plan = fix_trigger(detail, next(t for t in detail.triggers if t.source == "sns"))

    outcome = Executor(session, Journal(tmp_path / "j.jsonl")).apply(plan)

    assert outcome.refused and not outcome.ok
    assert (outcome.error or "").startswith("Read-only mode: lambda:AddPermission is ")
    assert statements(boto, "sub") == {}
    assert not (tmp_path / "j.jsonl").exists()


def test_add_permission_plan_from_the_form(
    aws: AwsSession, boto: Client, executor: Executor
) -> None:
    make_function(boto, "partner")
    detail = detail_of(aws, "partner")
    plan = add_permission_plan(
        detail, principal="987654321098", statement_id="partner", principal_org_id="o-abcdefghij"
    )

    outcome = executor.apply(plan)

    assert outcome.ok and outcome.verified, outcome.problems
    statement = parse_statement(statements(boto, "partner")["partner"])
    assert statement.principal == "arn:aws:iam::987654321098:root"
    assert statement.principal_org_id == "o-abcdefghij"


def test_url_auth_plan_closes_a_public_url(
    aws: AwsSession, boto: Client, executor: Executor
) -> None:
    make_function(boto, "echo")
    lam = boto("lambda")
    lam.create_function_url_config(FunctionName="echo", AuthType="NONE")
    lam.add_permission(
        FunctionName="echo",
        StatementId="FunctionURLAllowPublicAccess",
        Action="lambda:InvokeFunctionUrl",
        Principal="*",
        FunctionUrlAuthType="NONE",
    )
    lam.add_permission(
        FunctionName="echo",
        StatementId="FunctionURLInvokeAllowPublicAccess",
        Action="lambda:InvokeFunction",
        Principal="*",
        InvokedViaFunctionUrl=True,
    )
    detail = detail_of(aws, "echo")
    plan = url_auth_plan(detail, detail.function_urls[0])
    assert (
        plan.steps[1].undo is not None
        and plan.steps[1].undo.params["FunctionUrlAuthType"] == "NONE"
    )

    outcome = executor.apply(plan)

    assert outcome.ok and outcome.verified, outcome.problems
    assert lam.get_function_url_config(FunctionName="echo")["AuthType"] == "AWS_IAM"
    assert statements(boto, "echo") == {}
