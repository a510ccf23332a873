"""Forms are checked as AWS checks them (issue 12 §5): the cases that were accepted and applied.

ASCII digits only in account ids, ARNs without whitespace or non-ASCII and with a region that
exists, IAM and SQS ARNs in their documented shapes, rate(0 minutes) refused; a grant of more
than invoking to anyone outside the account asks a second time.
"""

from __future__ import annotations

from typing import Any

import pytest

from lambdatui.actions.plan import InvalidForm
from lambdatui.actions.plan_triggers import add_trigger_plan
from lambdatui.actions.planner import add_permission_plan
from lambdatui.actions.validate import (
    destination_kind,
    schedule_error,
    validate_permission_form,
    validate_trigger_form,
)
from lambdatui.core.model import Alias, Function, FunctionDetail

ACCOUNT = "123456789012"
OTHER = "987654321098"
ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:orders"
FULLWIDTH = "".join(chr(0xFF10 + int(c)) for c in ACCOUNT)  # fullwidth digits
ARABIC_INDIC = "١٢٣٤٥٦٧٨٩٠١٢"


@pytest.fixture
def detail() -> FunctionDetail:
    return FunctionDetail(
        function=Function("orders", ARN, "us-east-1", role=f"arn:aws:iam::{ACCOUNT}:role/r"),
        aliases=(Alias("live", f"{ARN}:live", "1"),),
    )


def errors(detail: FunctionDetail, **form: Any) -> dict[str, str]:
    return validate_permission_form(detail, **{"principal": "s3.amazonaws.com", **form})


@pytest.mark.parametrize("digits", [FULLWIDTH, ARABIC_INDIC, "12345678901", "1234567890123"])
def test_an_account_id_is_twelve_ascii_digits(detail: FunctionDetail, digits: str) -> None:
    assert "12 digits (0-9)" in errors(detail, source_account=digits)["source_account"]
    assert "principal" in errors(detail, principal=digits)
    assert "principal" in errors(detail, principal=f"arn:aws:iam::{digits}:root")
    assert errors(detail, source_account=ACCOUNT) == {}
    assert errors(detail, principal=ACCOUNT) == {}


@pytest.mark.parametrize(
    ("arn", "words"),
    [
        ("arn:aws:sns:us-east-1:123456789012:my topic", "no spaces"),
        ("arn:aws:sns:us-east-1:123456789012:topic\n", "line breaks"),
        ("arn:aws:sns:us-east-1:123456789012:tópico", "non-ASCII"),
        ("arn:aws:sns:us-east-7:123456789012:topic", "no region us-east-7"),
        ("arn:aws:sns:cn-north-1:123456789012:topic", "no region cn-north-1 in partition aws"),
        ("arn:aws:sns:mars-1:123456789012:topic", "not a region name"),
        ("arn:awz:sns:us-east-1:123456789012:topic", "not an AWS partition"),
        (f"arn:aws:sns:us-east-1:{FULLWIDTH}:topic", "non-ASCII"),
    ],
)
def test_a_source_arn_is_one_aws_would_take(detail: FunctionDetail, arn: str, words: str) -> None:
    problem = errors(detail, principal="sns.amazonaws.com", source_arn=arn)["source_arn"]
    assert words in problem
    assert destination_kind(arn) is None


def test_arns_aws_takes_pass(detail: FunctionDetail) -> None:
    sns = "sns.amazonaws.com"
    assert errors(detail, principal=sns, source_arn=f"arn:aws:sns:eu-west-1:{OTHER}:t") == {}
    assert errors(detail, source_arn="arn:aws:s3:::my-bucket", source_account=ACCOUNT) == {}
    cn = f"arn:aws-cn:sns:cn-north-1:{OTHER}:t"
    assert errors(detail, principal=sns, source_arn=cn) == {}
    assert "no region" in errors(detail, source_arn="arn:aws:s3:us-east-1::b")["source_arn"]


@pytest.mark.parametrize(
    "principal",
    [
        f"arn:aws:iam::{ACCOUNT}:user/alice smith",
        f"arn:aws:iam::{ACCOUNT}:role/ops\nadmin",
        f"arn:aws:iam::{ACCOUNT}:role/rôle",
        f"arn:aws:iam::{ACCOUNT}:group/admins",
        f"arn:aws:iam::{ACCOUNT}:user//alice",  # an IAM path is / or /…/, never //
        f"arn:aws:iam:us-east-1:{ACCOUNT}:role/r",
        f"arn:aws:sts::{ACCOUNT}:assumed-role/r",
        "\u212aINESIS.amazonaws.com",  # the Kelvin sign lower-cases to k
        "s3.amazonaws.com.evil",
    ],
)
def test_principals_aws_would_refuse_are_refused(detail: FunctionDetail, principal: str) -> None:
    assert "principal" in errors(detail, principal=principal)


@pytest.mark.parametrize(
    "principal",
    [
        f"arn:aws:iam::{ACCOUNT}:user/alice",
        f"arn:aws:iam::{ACCOUNT}:role/service-role/ops+admin@x",
        f"arn:aws:sts::{ACCOUNT}:assumed-role/r/session-1",
        f"arn:aws:iam::{ACCOUNT}:root",
        "*",
        "logs.eu-west-1.amazonaws.com",
    ],
)
def test_principals_aws_takes_pass(detail: FunctionDetail, principal: str) -> None:
    assert errors(detail, principal=principal) == {}


@pytest.mark.parametrize(
    ("action", "ok"),
    [
        ("lambda:InvokeFunction", True),
        ("lambda:*", True),
        ("*", True),
        ("lambda:Get*", False),  # AWS takes lambda:* or one whole action name
        ("lambda:Invoke Function", False),
        ("lambda:\uff29nvokeFunction", False),  # a fullwidth I
    ],
)
def test_the_action_is_lambdas_pattern(detail: FunctionDetail, action: str, ok: bool) -> None:
    assert ("action" not in errors(detail, action=action)) is ok


@pytest.mark.parametrize(
    ("arn", "kind"),
    [
        (f"arn:aws:sqs:us-east-1:{ACCOUNT}:failures", "sqs"),
        (f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs.fifo", "sqs"),
        (f"arn:aws:sqs:us-east-1:{ACCOUNT}:fail\nures", None),
        (f"arn:aws:sqs:us-east-1:{ACCOUNT}:failures\n", None),
        (f"arn:aws:sqs:us-east-1:{ACCOUNT}:fail.ures", None),
        (f"arn:aws:sqs:us-east-1:{ACCOUNT}:" + "q" * 81, None),
        (f"arn:aws:sqs:us-east-1:{ARABIC_INDIC}:failures", None),
        (f"arn:aws:sqs:xx-east-1:{ACCOUNT}:failures", None),
        (f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts", "sns"),
        (f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/default", "events"),
        (f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:other:live", "lambda"),
        (f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:bad name", None),
        ("arn:aws:s3:::my-bucket", "s3"),
        ("arn:aws:s3:::my bucket", None),
    ],
)
def test_destination_arns(arn: str, kind: str | None) -> None:
    assert destination_kind(arn) == kind


@pytest.mark.parametrize(
    ("schedule", "words"),
    [
        ("rate(0 minutes)", "at least 1"),
        ("rate(00 minutes)", "at least 1"),
        ("rate(1 minutes)", "singular: rate(1 minute)"),
        ("rate(5 minute)", "plural: rate(5 minutes)"),
        ("rate(\uff15 minutes)", "a schedule is"),  # a fullwidth 5
        ("rate(-1 minutes)", "a schedule is"),
        ("cron(0 2 * * *)", "six fields"),
        ("cron(0 2 * * * *)", "exactly one of day-of-month and day-of-week"),
        ("at(2030-01-01T00:00:00)", "EventBridge Scheduler"),
        ("rate(1 hour) ", "a schedule is"),
    ],
)
def test_schedules_eventbridge_refuses(schedule: str, words: str) -> None:
    assert words in (schedule_error(schedule) or "")


@pytest.mark.parametrize(
    "schedule", ["rate(1 minute)", "rate(5 minutes)", "rate(1 day)", "cron(0 2 ? * MON-FRI *)"]
)
def test_schedules_eventbridge_takes(schedule: str) -> None:
    assert schedule_error(schedule) is None


def test_the_trigger_form_is_refused_before_anything_is_read(detail: FunctionDetail) -> None:
    # No session at all: a refused form never reaches the account.
    with pytest.raises(InvalidForm) as raised:
        add_trigger_plan(None, detail, "events", {"schedule": "rate(0 minutes)"})  # type: ignore[arg-type]
    assert "at least 1" in raised.value.errors["schedule"]
    with pytest.raises(InvalidForm) as raised:
        add_trigger_plan(
            None,  # type: ignore[arg-type]
            detail,
            "sns",
            {"topic_arn": f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts\nx"},
        )
    assert "line breaks" in raised.value.errors["topic_arn"]
    bad_s3 = validate_trigger_form(
        "s3", {"bucket": "my bucket", "events": "s3:ObjectCreated:*, nope", "prefix": "a\x00b"}
    )
    assert set(bad_s3) == {"bucket", "events", "prefix"}
    assert validate_trigger_form("s3", {"bucket": "uploads", "prefix": "päth/"}) == {}
    assert "rule_name" in validate_trigger_form("events", {"rule_name": "night ly"})


@pytest.mark.parametrize(
    ("form", "words"),
    [
        ({"principal": OTHER, "action": "lambda:*"}, f"account {OTHER} call lambda:*"),
        ({"principal": OTHER, "action": "*"}, "more than invoking"),
        (
            {"principal": "*", "action": "lambda:*", "principal_org_id": "o-a1b2c3d4e5"},
            "every account of organisation o-a1b2c3d4e5",
        ),
        (
            {"principal": "*", "action": "lambda:GetFunction", "source_account": OTHER},
            "any AWS account",
        ),
        (
            {
                "principal": "sns.amazonaws.com",
                "action": "lambda:*",
                "source_arn": f"arn:aws:sns:us-east-1:{ACCOUNT}:t",
            },
            "sns.amazonaws.com call lambda:*",
        ),
    ],
)
def test_more_than_invoke_to_anyone_outside_asks_twice(
    detail: FunctionDetail, form: dict[str, Any], words: str
) -> None:
    plan = add_permission_plan(detail, **form)
    assert words in (plan.second_confirmation or "")


@pytest.mark.parametrize(
    "form",
    [
        {"principal": OTHER},
        {"principal": ACCOUNT, "action": "lambda:*"},
        {"principal": f"arn:aws:iam::{ACCOUNT}:role/deployer", "action": "lambda:*"},
    ],
)
def test_invoke_or_own_account_asks_once(detail: FunctionDetail, form: dict[str, Any]) -> None:
    assert add_permission_plan(detail, **form).second_confirmation is None
