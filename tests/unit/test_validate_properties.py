"""Property-based checks of the form validators (issue 12 §5): arbitrary unicode never raises,
and nothing is accepted that AWS would refuse.

The oracle is AWS's own: the `pattern` of botocore's service-model shapes (lambda `Arn`,
`DestinationArn`, `Action`, `SourceOwner`, `StatementId`, `PrincipalOrgID`, `Principal`), read
as AWS reads them — Java regular expressions, where `\\d`, `\\w` and `\\s` are ASCII (Python's
`re.ASCII`) and `.` stops at line terminators — plus botocore's partition and region data.
"""

from __future__ import annotations

import re
from functools import cache

import botocore.session
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lambdatui.actions.validate import (
    destination_kind,
    schedule_error,
    validate_permission_form,
    validate_trigger_form,
)
from lambdatui.aws.regions import known_regions
from lambdatui.core.model import Function, FunctionDetail

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ACCOUNT = "123456789012"
DETAIL = FunctionDetail(
    function=Function(
        "orders", f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:orders", "us-east-1", role=""
    )
)
FULLWIDTH = "".join(chr(0xFF10 + int(c)) for c in ACCOUNT)
JAVA_LINE_TERMINATORS = "\n\r\u0085\u2028\u2029"


@cache
def aws_pattern(shape: str) -> re.Pattern[str]:
    model = botocore.session.get_session().get_service_model("lambda")
    return re.compile(model.shape_for(shape).metadata["pattern"], re.ASCII)


def aws_takes(shape: str, value: str) -> bool:
    """Whether `value` passes lambda's `shape` pattern as AWS applies it."""
    if shape in ("Arn", "DestinationArn") and any(c in value for c in JAVA_LINE_TERMINATORS):
        return False  # Java's `.` does not match line terminators
    return aws_pattern(shape).fullmatch(value) is not None


def region_exists(arn: str) -> bool:
    region = arn.split(":", 5)[3]
    return not region or region in known_regions()


# Text that is often nearly right: AWS-shaped fragments with arbitrary unicode mixed in.
FRAGMENTS = [
    "arn:", "aws", "aws-cn", ":", "sns", "sqs", "s3", "iam", "sts", "events", "lambda",
    "us-east-1", "us-east-7", "cn-north-1", "eu-west-1", ACCOUNT, FULLWIDTH,
    "١٢٣٤٥٦٧٨٩٠١٢", "topic", "queue.fifo", "event-bus/default", "function:f", "role/r",
    "user/", "root", "assumed-role/r/s", " ", "\n", "\t", "é", "*", "/", "rate(", ")", "0",
    "1", "5", " minute", " minutes", " hour", "cron(", "0 2 * * ? *", "?", "o-", "abcdefghij",
    "lambda:", "InvokeFunction", ".amazonaws.com", "\u212a",
]  # fmt: skip
nearly = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=9).map(
    "".join
)


def some(*values: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(values), st.text(max_size=4))


# ARN-shaped text: each part right, nearly right or arbitrary, so many examples are accepted.
arns = st.builds(
    "arn:{}:{}:{}:{}:{}".format,
    some("aws", "aws-cn", "aws-us-gov", "awz", "aws "),
    some("sns", "sqs", "s3", "events", "lambda", "iam", "sts", "execute-api"),
    some("", "us-east-1", "eu-west-1", "cn-north-1", "us-east-7", "US-EAST-1"),
    some("", ACCOUNT, FULLWIDTH, "12345678901"),
    some("t", "q.fifo", "event-bus/default", "function:f", "function:f:live", "role/r",
         "user/a b", "root", "assumed-role/r/s1", "abc/*/GET/x", "t\n", "tópico"),
)  # fmt: skip
schedules = st.one_of(
    st.builds(
        "rate({} {})".format,
        st.one_of(st.integers(-2, 100).map(str), some("1", "01", "٣")),
        some("minute", "minutes", "hour", "hours", "day", "days"),
    ),
    st.builds(
        "cron({})".format,
        st.lists(some("0", "*", "?", "MON-FRI", "1/5", "L"), max_size=7).map(" ".join),
    ),
)
anything = st.one_of(st.text(), nearly, arns, schedules)


@FAST
@given(value=anything)
@example(value=FULLWIDTH)
@example(value="١٢٣٤٥٦٧٨٩٠١٢")
def test_an_accepted_account_id_is_one_aws_takes(value: str) -> None:
    errors = validate_permission_form(DETAIL, principal="s3.amazonaws.com", source_account=value)
    if "source_account" not in errors and value:
        assert aws_takes("SourceOwner", value) and len(value) == 12


@FAST
@given(value=anything)
@example(value="arn:aws:sns:us-east-1:123456789012:my topic")
@example(value="arn:aws:sns:us-east-7:123456789012:t")
@example(value="arn:aws:sns:us-east-1:123456789012:t")
def test_an_accepted_source_arn_is_one_aws_takes(value: str) -> None:
    for principal in ("sns.amazonaws.com", "s3.amazonaws.com", "*"):
        errors = validate_permission_form(DETAIL, principal=principal, source_arn=value)
        if "source_arn" not in errors and value:
            assert aws_takes("Arn", value), value
            assert value.isascii() and not any(c.isspace() for c in value)
            assert region_exists(value)


@FAST
@given(value=anything)
@example(value="arn:aws:iam::123456789012:user/a b")
@example(value="\u212aINESIS.amazonaws.com")
@example(value="arn:aws:iam::123456789012:role/service-role/r")
def test_an_accepted_principal_is_one_aws_takes(value: str) -> None:
    errors = validate_permission_form(DETAIL, principal=value)
    if "principal" not in errors:
        principal = value.strip()
        assert aws_takes("Principal", principal)
        assert principal.isascii() and principal.isprintable()
        if principal.startswith("arn:"):
            assert region_exists(principal) and principal.split(":")[3] == ""
            assert re.fullmatch(r"[0-9]{12}", principal.split(":")[4])


@FAST
@given(action=anything, org=anything, sid=anything)
def test_accepted_action_org_and_statement_id_are_ones_aws_takes(
    action: str, org: str, sid: str
) -> None:
    errors = validate_permission_form(
        DETAIL, principal="*", action=action, principal_org_id=org, statement_id=sid
    )
    if "action" not in errors:
        assert aws_takes("Action", action)
    if "principal_org_id" not in errors and org:
        assert aws_takes("PrincipalOrgID", org) and 12 <= len(org) <= 34
    if "statement_id" not in errors:
        assert aws_takes("StatementId", sid) and len(sid) <= 100


@FAST
@given(value=anything)
@example(value="arn:aws:sqs:us-east-1:123456789012:q\n")
@example(value="arn:aws:sqs:us-east-1:123456789012:q.fifo")
def test_an_accepted_destination_is_one_aws_takes(value: str) -> None:
    if destination_kind(value) is not None:
        assert aws_takes("DestinationArn", value) and region_exists(value)
        assert value.isascii() and not any(c.isspace() for c in value)


RATE = re.compile(r"rate\(([1-9][0-9]*) (minute|hour|day)(s?)\)")


@FAST
@given(value=anything)
@example(value="rate(0 minutes)")
@example(value="rate(1 minutes)")
def test_an_accepted_schedule_is_one_eventbridge_takes(value: str) -> None:
    if schedule_error(value) is None:
        assert value.isascii() and len(value) <= 256
        rate = RATE.fullmatch(value)
        if rate:
            assert (rate.group(1) == "1") == (rate.group(3) == "")
        else:
            fields = value.removeprefix("cron(").removesuffix(")").split(" ")
            assert value.startswith("cron(") and len(fields) == 6


@FAST
@given(form=st.dictionaries(st.sampled_from(["bucket", "events", "prefix", "suffix", "topic_arn",
       "rule_name", "schedule", "bus"]), anything), kind=st.sampled_from(["s3", "sns", "events",
       "x"]))  # fmt: skip
def test_the_trigger_form_never_raises(form: dict[str, str], kind: str) -> None:
    errors = validate_trigger_form(kind, form)
    assert all(isinstance(v, str) and v for v in errors.values())
    if kind == "s3" and "bucket" not in errors:
        assert re.fullmatch(r"[A-Za-z0-9._-]{1,255}", form["bucket"].strip())
