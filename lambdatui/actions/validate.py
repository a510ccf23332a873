"""Form validation, before anything is sent: one message per field. Pure: no I/O."""

from __future__ import annotations

import re

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
ACCOUNT_ID = re.compile(r"\d{12}")
_IAM_PRINCIPAL = re.compile(
    r"arn:aws[a-z-]*:(iam|sts)::\d{12}:(root|user/.+|role/.+|assumed-role/.+)"
)
_ORG_ID = re.compile(r"o-[a-z0-9]{10,32}")
_SID = re.compile(r"[A-Za-z0-9_-]{1,100}")
_ACTION = re.compile(r"lambda:[A-Za-z*]+")
URL_AUTH_TYPES = ("NONE", "AWS_IAM")


def is_service_principal(principal: str) -> bool:
    return principal.strip().lower().endswith((".amazonaws.com", ".amazon.com"))


def _principal_error(principal: str) -> str | None:
    p = principal.strip()
    if not p:
        return "enter a service (s3.amazonaws.com), an account id, an IAM ARN, or *"
    if p == "*" or ACCOUNT_ID.fullmatch(p) or _IAM_PRINCIPAL.fullmatch(p):
        return None
    if is_service_principal(p):
        if canonical_service_principal(p) in KNOWN_SERVICE_PRINCIPALS:
            return None
        return f"{p} is not a service principal lambdatui knows; check the spelling"
    if p.isdigit():
        return "an account id has exactly 12 digits"
    return "not a service principal, a 12-digit account id, an IAM user/role ARN, or *"


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
    if problem := _principal_error(principal):
        errors["principal"] = problem
    if not _ACTION.fullmatch(action or ""):
        errors["action"] = "a Lambda action, such as lambda:InvokeFunction"
    if source_arn:
        parsed = parse_arn(source_arn)
        wanted = SOURCE_SERVICE.get(canonical_service_principal(principal.strip()))
        if parsed is None:
            errors["source_arn"] = "not an ARN (arn:partition:service:region:account:resource)"
        elif wanted and parsed.service != wanted:
            errors["source_arn"] = (
                f"{principal} is invoked from {wanted} ARNs, not {parsed.service}"
            )
        elif parsed.service == "s3" and (parsed.region or parsed.account):
            errors["source_arn"] = "an S3 bucket ARN has no region or account: arn:aws:s3:::bucket"
    if source_account and not ACCOUNT_ID.fullmatch(source_account):
        errors["source_account"] = "an account id has exactly 12 digits"
    if principal_org_id and not _ORG_ID.fullmatch(principal_org_id):
        errors["principal_org_id"] = "an organisation id looks like o-a1b2c3d4e5"
    if qualifier and qualifier not in detail.qualifiers:
        known = ", ".join(detail.qualifiers) or "none"
        errors["qualifier"] = (
            f"{detail.function.name} has no alias or version {qualifier} ({known})"
        )
    if statement_id is not None:
        if not _SID.fullmatch(statement_id):
            errors["statement_id"] = "1-100 letters, digits, '-' or '_'"
        elif any(s.sid == statement_id and s.qualifier == qualifier for s in detail.statements):
            errors["statement_id"] = f"the policy already has a statement {statement_id}"
    if function_url_auth_type is not None:
        if function_url_auth_type not in URL_AUTH_TYPES:
            errors["function_url_auth_type"] = "NONE or AWS_IAM"
        elif action != "lambda:InvokeFunctionUrl":
            errors["function_url_auth_type"] = "only for the action lambda:InvokeFunctionUrl"
    return errors


# -- destination ARNs --------------------------------------------------------------------------


def destination_kind(arn: str) -> str | None:
    """`sqs`, `sns`, `events` (a bus), `lambda` (a function) or `s3` (a bucket); None otherwise."""
    parsed = parse_arn(arn)
    if parsed is None:
        return None
    if parsed.service in ("sqs", "sns"):
        ok = bool(parsed.region and ACCOUNT_ID.fullmatch(parsed.account) and parsed.resource)
        return parsed.service if ok and ":" not in parsed.resource else None
    if parsed.service == "events":
        return "events" if parsed.resource.startswith("event-bus/") else None
    if parsed.service == "lambda":
        return "lambda" if parsed.resource.startswith("function:") else None
    if parsed.service == "s3":
        ok = not parsed.region and not parsed.account and "/" not in parsed.resource
        return "s3" if ok and parsed.resource else None
    return None
