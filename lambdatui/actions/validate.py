"""Form validation, before anything is sent: one message per field, checked as AWS checks it.

The patterns are AWS's, ASCII as AWS applies them (`actions/aws_patterns.py`); ARNs name a
partition and region botocore's partition data knows. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lambdatui.actions.aws_patterns import (
    ACCOUNT_ID,
    EVENT_BUS_RESOURCE,
    FUNCTION_RESOURCE,
    LAMBDA_ACTION,
    ORG_ID,
    RULE_NAME,
    S3_BUCKET,
    SNS_TOPIC,
    SQS_QUEUE,
    STATEMENT_ID,
    arn_error,
    iam_principal_error,
)
from lambdatui.core.arn import canonical_service_principal, parse_arn
from lambdatui.core.model import FunctionDetail

KNOWN_SERVICE_PRINCIPALS = frozenset(
    {
        "s3.amazonaws.com",
        "sns.amazonaws.com",
        "events.amazonaws.com",
        "scheduler.amazonaws.com",
        "apigateway.amazonaws.com",
        "elasticloadbalancing.amazonaws.com",
        "logs.amazonaws.com",
        "cognito-idp.amazonaws.com",
        "cloudfront.amazonaws.com",
        "edgelambda.amazonaws.com",
        "iot.amazonaws.com",
        "ses.amazonaws.com",
        "lexv2.amazonaws.com",
        "lex.amazonaws.com",
        "alexa-appkit.amazon.com",
        "alexa-connectedhome.amazon.com",
        "states.amazonaws.com",
        "cloudformation.amazonaws.com",
        "secretsmanager.amazonaws.com",
        "sqs.amazonaws.com",
        "kinesis.amazonaws.com",
        "dynamodb.amazonaws.com",
        "config.amazonaws.com",
        "codecommit.amazonaws.com",
        "connect.amazonaws.com",
        "appsync.amazonaws.com",
        "pipes.amazonaws.com",
        "bedrock.amazonaws.com",
        "lambda.amazonaws.com",
    }
)
# The ARN service a SourceArn must name for a service principal (where there is one).
SOURCE_SERVICE = {
    "s3.amazonaws.com": "s3",
    "sns.amazonaws.com": "sns",
    "events.amazonaws.com": "events",
    "scheduler.amazonaws.com": "scheduler",
    "apigateway.amazonaws.com": "execute-api",
    "elasticloadbalancing.amazonaws.com": "elasticloadbalancing",
    "logs.amazonaws.com": "logs",
    "cognito-idp.amazonaws.com": "cognito-idp",
    "iot.amazonaws.com": "iot",
    "states.amazonaws.com": "states",
    "secretsmanager.amazonaws.com": "secretsmanager",
}
URL_AUTH_TYPES = ("NONE", "AWS_IAM")


_SERVICE_HOST = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*\.(amazonaws\.com(\.cn)?|amazon\.com)")
# events `ScheduleExpression` (at most 256): rate(N unit), singular unit for 1, or 6-field cron.
_RATE = re.compile(r"rate\(([0-9]+) (minute|minutes|hour|hours|day|days)\)")
_CRON = re.compile(r"cron\(([^()]*)\)")
_CRON_FIELD = re.compile(r"[A-Za-z0-9*?,/#-]+")
_EVENT_BUS_NAME = re.compile(r"[A-Za-z0-9/._-]{1,256}")
_S3_EVENT = re.compile(r"s3:[A-Za-z]+(:([A-Za-z]+|\*))?")
# S3 writes filter values in XML: XML 1.0's characters only, at most 1024 bytes of UTF-8.
_XML_TEXT = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")


def is_service_principal(principal: str) -> bool:
    return principal.strip().lower().endswith((".amazonaws.com", ".amazon.com"))


def _principal_error(principal: str) -> str | None:
    p = principal.strip()
    if not p:
        return "enter a service (s3.amazonaws.com), an account id, an IAM ARN, or *"
    if p == "*" or ACCOUNT_ID.fullmatch(p):
        return None
    if p.startswith("arn:"):
        return iam_principal_error(p)
    if is_service_principal(p):
        if not _SERVICE_HOST.fullmatch(p.lower()) or not p.isascii():
            return "a service principal is a host name such as s3.amazonaws.com (ASCII only)"
        if canonical_service_principal(p) in KNOWN_SERVICE_PRINCIPALS:
            return None
        return f"{p} is not a service principal lambdatui knows; check the spelling"
    if p.isdigit() or p.isdecimal():
        return "an account id has exactly 12 digits (0-9)"
    return "not a service principal, a 12-digit account id, an IAM user/role ARN, or *"


def _source_arn_error(principal: str, source_arn: str) -> str | None:
    wanted = SOURCE_SERVICE.get(canonical_service_principal(principal.strip()))
    if wanted == "s3":
        return arn_error(source_arn, service="s3", region=False, account=False)
    if problem := arn_error(source_arn):
        return problem
    parsed = parse_arn(source_arn)
    if wanted and parsed is not None and parsed.service != wanted:
        return f"{principal} is invoked from {wanted} ARNs, not {parsed.service}"
    if parsed is not None and parsed.service == "s3" and (parsed.region or parsed.account):
        return "an S3 bucket ARN has no region or account: arn:aws:s3:::bucket"
    return None


def validate_permission_form(
    detail: FunctionDetail,
    *,
    principal: str,
    action: str = "lambda:InvokeFunction",
    source_arn: str | None = None,
    source_account: str | None = None,
    principal_org_id: str | None = None,
    qualifier: str | None = None,
    statement_id: str | None = None,
    function_url_auth_type: str | None = None,
) -> dict[str, str]:
    """Field → message for every invalid value of the add-permission form (empty: all valid)."""
    errors: dict[str, str] = {}
    if problem := _principal_error(principal or ""):
        errors["principal"] = problem
    if not LAMBDA_ACTION.fullmatch(action or ""):
        errors["action"] = "a Lambda action, such as lambda:InvokeFunction (or lambda:*)"
    if source_arn and (problem := _source_arn_error(principal or "", source_arn)):
        errors["source_arn"] = problem
    if source_account and not ACCOUNT_ID.fullmatch(source_account):
        errors["source_account"] = "an account id has exactly 12 digits (0-9)"
    if principal_org_id and not ORG_ID.fullmatch(principal_org_id):
        errors["principal_org_id"] = "an organisation id looks like o-a1b2c3d4e5"
    if qualifier and qualifier not in detail.qualifiers:
        known = ", ".join(detail.qualifiers) or "none"
        errors["qualifier"] = (
            f"{detail.function.name} has no alias or version {qualifier} ({known})"
        )
    if statement_id is not None:
        if not STATEMENT_ID.fullmatch(statement_id):
            errors["statement_id"] = "1-100 letters, digits, '-' or '_'"
        elif any(s.sid == statement_id and s.qualifier == qualifier for s in detail.statements):
            errors["statement_id"] = f"the policy already has a statement {statement_id}"
    if function_url_auth_type is not None:
        if function_url_auth_type not in URL_AUTH_TYPES:
            errors["function_url_auth_type"] = "NONE or AWS_IAM"
        elif action != "lambda:InvokeFunctionUrl":
            errors["function_url_auth_type"] = "only for the action lambda:InvokeFunctionUrl"
    return errors


# -- triggers ----------------------------------------------------------------------------------


def schedule_error(schedule: str) -> str | None:
    """Why EventBridge would refuse `schedule` as a rule's ScheduleExpression (None: it takes it).

    `rate(N unit)`: N a whole number of at least 1, the unit singular exactly when N is 1.
    `cron(…)`: six fields, one of day-of-month and day-of-week `?`. `at(…)` is EventBridge
    Scheduler's, which a rule does not take.
    """
    usage = "a schedule is rate(5 minutes), rate(1 hour) or cron(0 2 * * ? *)"
    if not isinstance(schedule, str) or not schedule or len(schedule) > 256:
        return usage
    if rate := _RATE.fullmatch(schedule):
        digits, unit = rate.groups()
        value = int(digits)
        if value < 1 or digits.startswith("0"):
            return "a rate is a whole number of at least 1, such as rate(5 minutes)"
        singular = unit.rstrip("s")
        if value == 1 and unit != singular:
            return f"for 1 the unit is singular: rate(1 {singular})"
        if value > 1 and unit == singular:
            return f"for more than 1 the unit is plural: rate({value} {singular}s)"
        return None
    if cron := _CRON.fullmatch(schedule):
        fields = cron.group(1).split(" ")
        if len(fields) != 6 or not all(_CRON_FIELD.fullmatch(f) for f in fields):
            return "a cron expression has six fields: cron(minutes hours day month weekday year)"
        if (fields[2] == "?") == (fields[4] == "?"):
            return "exactly one of day-of-month and day-of-week is ?: cron(0 2 * * ? *)"
        return None
    if schedule.startswith("at("):
        return "at(…) is for EventBridge Scheduler; a rule takes rate(…) or cron(…)"
    return usage


def _filter_value_error(value: str) -> str | None:
    if not _XML_TEXT.fullmatch(value) or len(value.encode("utf-8", "surrogatepass")) > 1024:
        return "at most 1024 bytes, without control characters"
    return None


def validate_trigger_form(kind: str, form: Mapping[str, Any]) -> dict[str, str]:
    """Field → message for every invalid value of the add-trigger form (empty: all valid)."""
    errors: dict[str, str] = {}

    def text(name: str) -> str:
        value = form.get(name)
        return value.strip() if isinstance(value, str) else ""

    if kind == "s3":
        if not S3_BUCKET.fullmatch(text("bucket")):
            errors["bucket"] = "a bucket name: letters, digits, '.', '-' or '_'"
        events = [e.strip() for e in (text("events") or "s3:ObjectCreated:*").split(",")]
        if not all(_S3_EVENT.fullmatch(e) for e in events if e) or not any(events):
            errors["events"] = "S3 event names, such as s3:ObjectCreated:*"
        for name in ("prefix", "suffix"):
            value = form.get(name)
            if isinstance(value, str) and (problem := _filter_value_error(value)):
                errors[name] = problem
    elif kind == "sns":
        if destination_kind(text("topic_arn")) != "sns":
            errors["topic_arn"] = arn_error(text("topic_arn"), service="sns") or (
                "an SNS topic ARN: arn:aws:sns:REGION:ACCOUNT:TOPIC"
            )
    elif kind == "events":
        rule, schedule = text("rule_name"), text("schedule")
        if not (rule or schedule):
            errors["rule_name"] = "name an existing rule or give a schedule"
        if rule and not RULE_NAME.fullmatch(rule):
            errors["rule_name"] = "a rule name is 1-64 letters, digits, '.', '-' or '_'"
        if schedule and (problem := schedule_error(schedule)):
            errors["schedule"] = problem
        bus = text("bus")
        if bus and not _EVENT_BUS_NAME.fullmatch(bus):
            errors["bus"] = "an event bus name: letters, digits, '/', '.', '-' or '_'"
    else:
        errors["kind"] = "choose S3, SNS or EventBridge"
    return errors


# -- destination ARNs --------------------------------------------------------------------------


def destination_kind(arn: str) -> str | None:
    """`sqs`, `sns`, `events` (a bus), `lambda` (a function) or `s3` (a bucket); None otherwise.

    None too for an ARN AWS would refuse: whitespace or non-ASCII in it, an unknown partition
    or region, an account that is not 12 ASCII digits, a queue or topic name AWS does not allow.
    """
    parsed = parse_arn(arn)
    if parsed is None:
        return None
    if parsed.service == "s3":
        if arn_error(arn, service="s3", region=False, account=False):
            return None
        return "s3" if S3_BUCKET.fullmatch(parsed.resource) else None
    if arn_error(arn, service=parsed.service, region=True, account=True):
        return None
    shapes = {
        "sqs": SQS_QUEUE,
        "sns": SNS_TOPIC,
        "events": EVENT_BUS_RESOURCE,
        "lambda": FUNCTION_RESOURCE,
    }
    shape = shapes.get(parsed.service)
    return parsed.service if shape is not None and shape.fullmatch(parsed.resource) else None
