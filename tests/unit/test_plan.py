"""Plans as data, without AWS: rendering, round trips, validation, planners and the journal."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lambdatui.actions.bucket_config import notification_configuration
from lambdatui.actions.calls import (
    UNCHANGED,
    ApiCall,
    add_permission,
    parse_cli,
    remove_permission,
)
from lambdatui.actions.check_types import InvokeConfigDestination, StatementPresent
from lambdatui.actions.effects import chain_revisions, without_revision
from lambdatui.actions.journal import Journal
from lambdatui.actions.operations import typed
from lambdatui.actions.permissions import add_call_for_statement, statement_matches
from lambdatui.actions.plan import (
    InvalidForm,
    Outcome,
    Plan,
    PlanError,
    Step,
    call_from_dict,
    call_to_dict,
)
from lambdatui.actions.planner import (
    add_permission_plan,
    fix_trigger,
    mapping_on_failure_plan,
    plan_for,
    plans_for_findings,
    remove_statement_plan,
    replace_unscoped_grant_plan,
    set_destination_plan,
    url_auth_plan,
    validate_permission_form,
)
from lambdatui.actions.service_calls import sns_subscribe, sns_unsubscribe
from lambdatui.audit.rules import evaluate_function
from lambdatui.core.model import (
    Alias,
    Destination,
    EventSourceMapping,
    Finding,
    Function,
    FunctionDetail,
    FunctionUrl,
    Policy,
    Severity,
    Trigger,
    TriggerStatus,
)
from lambdatui.core.policy import parse_policy
from lambdatui.core.remedy import (
    AddUrlStatements,
    CloseUrl,
    GrantTrigger,
    Remedy,
    RemoveStatement,
    ScopeGrant,
)
from tests.policy_builders import SHAPES

ACCOUNT = "123456789012"
ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:orders"


def _policies(name: str) -> tuple[Policy, ...]:
    text = (SHAPES / name).read_text()
    parsed = parse_policy(text, qualifier=None, revision_id="rev-1")
    by_q: dict[str | None, list[Any]] = {}
    for s in parsed.statements:
        by_q.setdefault(s.qualifier, []).append(s)
    return tuple(Policy(q, f"rev-{q or 'base'}", tuple(s), text) for q, s in by_q.items())


def _trigger(source: str, arn: str | None, status: TriggerStatus, **extra: Any) -> Trigger:
    return Trigger("push", source, arn, extra.pop("qualifier", None), status, **extra)


def _arn(service: str, resource: str) -> str:
    return f"arn:aws:{service}:us-east-1:{ACCOUNT}:{resource}"


@pytest.fixture
def detail() -> FunctionDetail:
    mapping = EventSourceMapping(
        "uuid-1", _arn("kinesis", "stream/clicks"), ARN, "Enabled", on_failure=None
    )
    return FunctionDetail(
        function=Function("orders", ARN, "us-east-1", role=f"arn:aws:iam::{ACCOUNT}:role/r"),
        aliases=(Alias("live", f"{ARN}:live", "1"),),
        policies=_policies("mixed.policy.json"),
        destinations=(Destination(None, None, _arn("sqs", "failures"), maximum_retry_attempts=1),),
        function_urls=(FunctionUrl(None, "https://x.lambda-url.us-east-1.on.aws/", "NONE"),),
        event_source_mappings=(mapping,),
        triggers=(
            _trigger("s3", "arn:aws:s3:::uploads", TriggerStatus.MISSING_PERMISSION),
            _trigger(
                "sns", _arn("sns", "alerts"), TriggerStatus.MISSING_PERMISSION, qualifier="live"
            ),
            _trigger(
                "events",
                _arn("events", "rule/nightly"),
                TriggerStatus.OK,
                statement_sid="nightly-rule",
            ),
            _trigger(
                "events",
                _arn("events", "rule/hourly"),
                TriggerStatus.OK,
                statement_sid="events-unscoped",
            ),
            _trigger(
                "apigateway",
                _arn("execute-api", "a1b2c3d4e5/*/*/orders/*"),
                TriggerStatus.SOURCE_MISSING,
                statement_sid="apigw-any-route",
            ),
            _trigger("function-url", None, TriggerStatus.MISSING_PERMISSION),
        ),
    )


def _statement(detail: FunctionDetail, sid: str) -> Any:
    return next(s for s in detail.statements if s.sid == sid)


def _all_plans(detail: FunctionDetail) -> list[Plan]:
    return [
        fix_trigger(detail, detail.triggers[0]),
        fix_trigger(detail, detail.triggers[1]),
        fix_trigger(detail, detail.triggers[5]),
        remove_statement_plan(detail, _statement(detail, "anyone")),
        replace_unscoped_grant_plan(
            detail, _statement(detail, "events-unscoped"), [_arn("events", "rule/hourly")]
        ),
        url_auth_plan(detail, detail.function_urls[0]),
        set_destination_plan(detail, qualifier=None, on_success=_arn("sns", "done")),
        set_destination_plan(detail, qualifier="live", on_failure="arn:aws:s3:::failures"),
        mapping_on_failure_plan(detail.event_source_mappings[0], _arn("sqs", "dlq")),
        add_permission_plan(detail, principal="987654321098", principal_org_id="o-abcdefghij"),
    ]


# -- rendering -----------------------------------------------------------------------------


def test_every_cli_command_parses_back_to_the_call_it_shows(detail: FunctionDetail) -> None:
    for plan in _all_plans(detail):
        assert [parse_cli(c) for c in plan.cli_commands()] == [s.call for s in plan.steps]
        undos = [s.undo for s in plan.steps if s.undo]
        assert [parse_cli(u.cli()) for u in undos] == undos


def test_shell_script_is_reviewable(detail: FunctionDetail) -> None:
    plan = fix_trigger(detail, detail.triggers[0])
    script = plan.shell_script()
    lines = script.splitlines()
    assert lines[0] == "#!/bin/sh" and "set -eu" in lines
    assert f"# {plan.title}" in lines
    assert any(line.startswith("# Why: ") for line in lines)
    assert [line for line in lines if line.startswith("aws ")] == plan.cli_commands()
    public = fix_trigger(detail, detail.triggers[5]).shell_script()
    assert "# Confirm: This lets anyone on the internet" in public


def test_plans_are_json_ready_and_calls_round_trip(detail: FunctionDetail) -> None:
    for plan in _all_plans(detail):
        json.dumps(plan.to_dict())
        for step in plan.steps:
            assert call_from_dict(json.loads(json.dumps(call_to_dict(step.call)))) == step.call


def test_chain_revisions_keeps_only_the_first_revision_per_policy(detail: FunctionDetail) -> None:
    plans = [
        fix_trigger(detail, detail.triggers[0]),
        remove_statement_plan(detail, _statement(detail, "anyone")),
    ]
    assert all("RevisionId" in p.steps[0].call.params for p in plans)
    chained = chain_revisions(plans)
    assert chained[0].steps[0].call == plans[0].steps[0].call
    assert "RevisionId" not in chained[1].steps[0].call.params


def test_outcome_summary_sentences(detail: FunctionDetail) -> None:
    plan = fix_trigger(detail, detail.triggers[0])
    assert Outcome(plan, ok=True, verified=True).summary.startswith("Applied and verified")
    refused = Outcome(plan, ok=False, refused=True, error="read-only mode: no")
    assert refused.summary == "Refused: read-only mode: no"
    failed = Outcome(plan, ok=False, error="Boom.", rolled_back=plan.steps, state="Still: x.")
    assert failed.summary == "Failed: Boom. Rolled back 1 step(s). Still: x."


# -- effects and statements ----------------------------------------------------------------


def test_each_operation_knows_the_checks_that_prove_it() -> None:
    grant = add_permission(
        "f",
        "sid",
        "s3.amazonaws.com",
        source_arn="arn:aws:s3:::b",
        source_account=ACCOUNT,
        qualifier="live",
        revision_id="r",
    )
    [present] = grant.checks()
    assert isinstance(present, StatementPresent) and present.qualifier == "live"
    assert present.expect is not None and present.expect["source_account"] == ACCOUNT
    assert present.to_dict()["kind"] == "statement-present"
    update = typed(
        ApiCall(
            "lambda",
            "update_function_event_invoke_config",
            {"FunctionName": "f", "DestinationConfig": {"OnSuccess": {}}},
        )
    )
    assert update.checks() == (InvokeConfigDestination("f", None, {"on_success": None}),)
    put = typed(ApiCall("lambda", "put_function_event_invoke_config", {"FunctionName": "f"}))
    assert put.checks() == (
        InvokeConfigDestination("f", None, {"on_success": None, "on_failure": None}),
    )
    assert ApiCall("lambda", "invoke", {"FunctionName": "f"}).checks() == ()


def test_a_call_read_back_is_its_operation_again_and_equal_to_the_original() -> None:
    grant = add_permission("f", "sid", "*", revision_id="r")
    for back in (call_from_dict(call_to_dict(grant)), typed(parse_cli(grant.cli()))):
        assert type(back) is type(grant) and back == grant and hash(back) == hash(grant)
    assert grant.policy() == ("f", None) and "RevisionId" not in grant.without_revision().params
    removal = remove_permission("f", "sid")
    assert removal.gone_is_undone and not grant.gone_is_undone
    assert grant.may_be_in_effect("ResourceConflictException")
    assert not removal.may_be_in_effect("ResourceConflictException")
    subscribe = sns_subscribe("arn:aws:sns:us-east-1:1:t", ARN)
    undo = subscribe.undo_from_answer({"SubscriptionArn": "arn:aws:sns:us-east-1:1:t:abc"})
    assert undo == sns_unsubscribe("arn:aws:sns:us-east-1:1:t:abc")
    assert subscribe.undo_from_answer({"SubscriptionArn": "pending confirmation"}) is None


@pytest.mark.parametrize(
    "policy", ["mixed.policy.json", "function-url-public.policy.json", "s3-scoped.policy.json"]
)
def test_statements_rebuild_into_the_add_permission_that_makes_them(policy: str) -> None:
    for p in _policies(policy):
        for statement in p.statements:
            call = add_call_for_statement("orders", statement)
            assert call is not None, statement.sid
            expect = call.checks()[0].params["expect"]
            assert statement_matches(statement, expect), statement.sid
            assert call.params.get("Qualifier") == statement.qualifier


def test_statements_add_permission_cannot_make() -> None:
    text = json.dumps(
        {
            "Statement": [
                {
                    "Sid": "two",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": ["lambda:InvokeFunction", "lambda:GetFunction"],
                    "Resource": ARN,
                },
                {
                    "Sid": "vpc",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "lambda:InvokeFunction",
                    "Resource": ARN,
                    "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1"}},
                },
            ]
        }
    )
    for statement in parse_policy(text, qualifier=None, revision_id="r").statements:
        assert add_call_for_statement("orders", statement) is None
    different = parse_policy(text, qualifier=None, revision_id="r").statements[1]
    expect = {"principal": "*", "action": "lambda:InvokeFunction"}
    assert not statement_matches(different, expect)


def test_notification_configuration_keeps_entries_and_drops_metadata() -> None:
    answer = json.loads((SHAPES / "bucket-notification.json").read_text())
    answer["ResponseMetadata"] = {"HTTPStatusCode": 200}
    config = notification_configuration(answer)
    assert "ResponseMetadata" not in config
    for key in ("TopicConfigurations", "QueueConfigurations", "LambdaFunctionConfigurations"):
        assert config.get(key, []) == answer.get(key, [])
    assert ("EventBridgeConfiguration" in config) == ("EventBridgeConfiguration" in answer)


# -- validation --------------------------------------------------------------------------------


def test_validate_permission_form_says_what_is_wrong_per_field(detail: FunctionDetail) -> None:
    assert (
        validate_permission_form(
            detail,
            principal="s3.amazonaws.com",
            source_arn="arn:aws:s3:::b",
            source_account=ACCOUNT,
        )
        == {}
    )
    errors = validate_permission_form(
        detail,
        principal="s3.amazonaws.co",
        action="InvokeFunction",
        source_arn="bucket",
        source_account="12345",
        principal_org_id="org",
        qualifier="prod",
        statement_id="has space",
        function_url_auth_type="OPEN",
    )
    assert set(errors) == {
        "principal",
        "action",
        "source_arn",
        "source_account",
        "principal_org_id",
        "qualifier",
        "statement_id",
        "function_url_auth_type",
    }
    assert "12 digits" in errors["source_account"] and "live" in errors["qualifier"]
    assert "snss" not in validate_permission_form(detail, principal="snss.amazonaws.com")
    wrong = validate_permission_form(
        detail, principal="s3.amazonaws.com", source_arn=_arn("sns", "t")
    )
    assert "s3" in wrong["source_arn"]
    taken = validate_permission_form(detail, principal="*", statement_id="anyone")
    assert "already has" in taken["statement_id"]
    assert validate_permission_form(detail, principal="1234")["principal"].startswith("an account")


def test_add_permission_plan_raises_the_form_errors(detail: FunctionDetail) -> None:
    with pytest.raises(InvalidForm) as raised:
        add_permission_plan(detail, principal="nobody", source_account="1")
    assert set(raised.value.errors) == {"principal", "source_account"}
    public = add_permission_plan(detail, principal="*")
    assert public.second_confirmation and "anyone" in public.second_confirmation
    s3 = add_permission_plan(detail, principal="s3.amazonaws.com")
    assert any("confused-deputy" in w for w in s3.warnings)
    assert any("SourceAccount" in w for w in s3.warnings)


# -- planners ----------------------------------------------------------------------------------


def test_fix_trigger_is_least_privilege(detail: FunctionDetail) -> None:
    s3 = fix_trigger(detail, detail.triggers[0]).steps[0].call.params
    assert s3["Principal"] == "s3.amazonaws.com" and s3["SourceArn"] == "arn:aws:s3:::uploads"
    assert s3["SourceAccount"] == ACCOUNT and s3["RevisionId"] == "rev-base"
    assert s3["StatementId"].startswith("lambdatui-s3-uploads-") and "Qualifier" not in s3
    sns = fix_trigger(detail, detail.triggers[1]).steps[0].call.params
    assert sns["Qualifier"] == "live" and sns["RevisionId"] == "rev-live"
    with pytest.raises(PlanError, match="not missing-permission"):
        fix_trigger(detail, detail.triggers[2])


def test_fix_of_a_public_url_adds_only_the_missing_statements(detail: FunctionDetail) -> None:
    # mixed.policy.json's statement 'anyone' (Principal *, lambda:InvokeFunction, no condition)
    # already lets an anonymous caller InvokeFunction through the URL, as IAM evaluates it: only
    # lambda:InvokeFunctionUrl is missing.
    plan = fix_trigger(detail, detail.triggers[5])
    [only] = (s.call.params for s in plan.steps)
    assert only["Action"] == "lambda:InvokeFunctionUrl" and only["FunctionUrlAuthType"] == "NONE"
    assert plan.second_confirmation

    without_anyone = replace(
        detail,
        policies=tuple(
            replace(p, statements=tuple(s for s in p.statements if s.sid != "anyone"))
            for p in detail.policies
        ),
    )
    first, second = (s.call.params for s in fix_trigger(without_anyone, detail.triggers[5]).steps)
    assert first["Action"] == "lambda:InvokeFunctionUrl" and first["FunctionUrlAuthType"] == "NONE"
    assert second["InvokedViaFunctionUrl"] is True and "RevisionId" not in second


def test_remove_statement_asks_twice_for_public_and_unscoped_grants(
    detail: FunctionDetail,
) -> None:
    assert "anyone" in (
        remove_statement_plan(detail, _statement(detail, "anyone")).second_confirmation or ""
    )
    unscoped = remove_statement_plan(detail, _statement(detail, "events-unscoped"))
    assert "any resource" in (unscoped.second_confirmation or "")
    assert any("hourly" in w and "stop working" in w for w in unscoped.warnings)
    scoped = remove_statement_plan(detail, _statement(detail, "apigw-any-route"))
    assert scoped.second_confirmation is None and "no longer exists" in scoped.why
    assert scoped.steps[0].undo is not None
    assert scoped.steps[0].undo.params["SourceArn"].endswith("/orders/*")


def test_replace_unscoped_grant_adds_before_it_removes(detail: FunctionDetail) -> None:
    plan = replace_unscoped_grant_plan(
        detail,
        _statement(detail, "events-unscoped"),
        [_arn("events", "rule/hourly"), _arn("events", "rule/daily")],
    )
    ops = [s.call.operation for s in plan.steps]
    assert ops == ["add_permission", "add_permission", "remove_permission"]
    assert "RevisionId" in plan.steps[0].call.params
    assert all("RevisionId" not in s.call.params for s in plan.steps[1:])
    sids = {s.call.params["StatementId"] for s in plan.steps[:2]}
    assert len(sids) == 2
    with pytest.raises(PlanError):
        replace_unscoped_grant_plan(detail, _statement(detail, "events-unscoped"), [])


def test_set_destination_updates_an_existing_config_and_puts_a_new_one(
    detail: FunctionDetail,
) -> None:
    update = set_destination_plan(detail, qualifier=None, on_success=_arn("sns", "done"))
    [step] = update.steps
    assert step.call.operation == "update_function_event_invoke_config"
    assert step.call.params["DestinationConfig"]["OnFailure"] == {
        "Destination": _arn("sqs", "failures")
    }
    assert "MaximumRetryAttempts" not in step.call.params
    assert update.verify[0].params["wanted"]["maximum_retry_attempts"] == 1
    put = set_destination_plan(detail, qualifier="live", on_failure="arn:aws:s3:::b")
    assert put.steps[0].call.operation == "put_function_event_invoke_config"
    assert (
        put.steps[0].undo and put.steps[0].undo.operation == "delete_function_event_invoke_config"
    )
    cleared = set_destination_plan(detail, qualifier=None, on_failure=None)
    assert cleared.steps[0].call.params["DestinationConfig"]["OnFailure"] == {}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"on_success": "arn:aws:s3:::b"}, "OnSuccess must be"),
        ({"on_failure": "arn:aws:dynamodb:us-east-1:1:table/t"}, "OnFailure must be"),
        ({"on_failure": ARN + ":live"}, "its own destination"),
        ({"on_failure": _arn("sqs", "failures")}, "nothing to change"),
        ({"on_success": UNCHANGED}, "nothing to change"),
    ],
)
def test_set_destination_refuses(
    detail: FunctionDetail, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(PlanError, match=message):
        set_destination_plan(detail, qualifier=None, **kwargs)


def test_mapping_on_failure_only_for_streams(detail: FunctionDetail) -> None:
    mapping = detail.event_source_mappings[0]
    plan = mapping_on_failure_plan(mapping, _arn("sqs", "dlq"))
    assert plan.steps[0].call.params == {
        "UUID": "uuid-1",
        "DestinationConfig": {"OnFailure": {"Destination": _arn("sqs", "dlq")}},
    }
    assert plan.function_arn == ARN
    sqs = replace(mapping, event_source_arn=_arn("sqs", "jobs"))
    with pytest.raises(PlanError, match="only Kinesis"):
        mapping_on_failure_plan(sqs, _arn("sqs", "dlq"))
    with pytest.raises(PlanError, match="OnFailure must be"):
        mapping_on_failure_plan(mapping, ARN)


def test_plans_for_findings_come_from_their_remedies(detail: FunctionDetail) -> None:
    def finding(remedy: Remedy | None, arn: str = ARN) -> Finding:
        return Finding("any-rule", Severity.HIGH, arn, "m", None, remedy=remedy)

    url = "https://x.lambda-url.us-east-1.on.aws/"
    findings = [
        finding(GrantTrigger("s3", "arn:aws:s3:::uploads")),
        finding(AddUrlStatements()),
        finding(RemoveStatement("apigw-any-route")),
        finding(ScopeGrant("events-unscoped", (_arn("events", "rule/hourly"),))),
        finding(CloseUrl(url)),
        finding(None),  # no remedy, no plan
        finding(RemoveStatement("apigw-any-route")),  # the same change once
        finding(RemoveStatement("no-such-sid")),  # cannot be planned: skipped
        finding(GrantTrigger("s3", "arn:aws:s3:::uploads"), ARN + "-other"),
    ]
    titles = [p.title for p in plans_for_findings(detail, findings)]
    assert titles == [
        "Fix the s3 trigger uploads of orders",
        "Let anyone call the function URL of orders",
        "Remove statement apigw-any-route from orders",
        "Scope statement events-unscoped of orders to its sources",
        "Set the function URL of orders to AWS_IAM",
    ]
    with pytest.raises(PlanError, match="no-such-sid"):
        plan_for(detail, RemoveStatement("no-such-sid"))


def test_a_findings_fix_is_its_plan_without_revision_id(detail: FunctionDetail) -> None:
    """What a report prints for a finding is the plan `fix` applies, less the RevisionId."""
    findings = evaluate_function(detail)
    fixed = [f for f in findings if f.remedy is not None and f.fix is not None]
    assert {f.rule for f in fixed} >= {"broken-trigger", "public-invoke", "function-url-public"}
    for f in fixed:
        plan = plan_for(detail, f.remedy)  # type: ignore[arg-type]
        assert f.fix is not None and f.fix.description == f"{plan.title}."
        assert [parse_cli(c) for c in f.fix.cli] == [without_revision(s.call) for s in plan.steps]
        assert "--revision-id" not in " ".join(f.fix.cli)
    assert all(f.fix is None for f in findings if f.remedy is None)


# -- journal ---------------------------------------------------------------------------------


def test_undo_plan_reverses_newest_first_and_checks_the_change_is_in_place(
    tmp_path: Path, detail: FunctionDetail
) -> None:
    journal = Journal(tmp_path / "j.jsonl")
    plan = replace_unscoped_grant_plan(
        detail, _statement(detail, "events-unscoped"), [_arn("events", "rule/hourly")]
    )
    entry = journal.record(plan, plan.steps, account=ACCOUNT, region="us-east-1")
    [read] = journal.entries()
    assert read == entry and journal.last_undoable() == entry

    undo = journal.undo_plan(entry)
    assert [s.call for s in undo.steps] == [s.undo for s in reversed(plan.steps)]
    assert [c.kind for c in undo.preconditions] == ["statement-absent", "statement-present"]
    assert [c.kind for c in undo.verify] == ["statement-present", "statement-absent"]
    redo = undo.steps[-1].undo
    assert redo is not None and "RevisionId" not in redo.params

    journal.record(undo, undo.steps)
    assert journal.last_undoable() is None


def test_plan_without_steps_records_nothing_to_undo(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.jsonl")
    plan = Plan("t", "w", ARN, (Step(ApiCall("lambda", "invoke", {"FunctionName": "f"}), "x"),))
    journal.record(plan, plan.steps)
    assert journal.last_undoable() is None


# -- layering ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "module",
    [
        "lambdatui.actions.planner",
        "lambdatui.actions.journal",
        "lambdatui.actions.plan",
        "lambdatui.commands.fix",
    ],
)
def test_planning_imports_neither_boto_nor_textual(module: str) -> None:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = {name.split(".")[0] for name in json.loads(out.stdout)}
    assert not {"boto3", "botocore", "textual"} & loaded
