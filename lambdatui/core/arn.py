"""ARNs, IAM wildcard matching and service principals. Pure: no I/O, no AWS calls."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Arn:
    """The six colon-separated components of an ARN; `resource` keeps its own colons."""

    partition: str
    service: str
    region: str
    account: str
    resource: str

    def __str__(self) -> str:
        return f"arn:{self.partition}:{self.service}:{self.region}:{self.account}:{self.resource}"


def parse_arn(s: str) -> Arn | None:
    """The parts of `s`, or None when it is not an ARN (`arn:partition:service:…:resource`)."""
    if not isinstance(s, str):
        return None
    parts = s.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not parts[1] or not parts[2]:
        return None
    return Arn(*parts[1:])


def is_arn(s: str) -> bool:
    return parse_arn(s) is not None


# -- Lambda function ARNs ------------------------------------------------------------------------


def _function_parts(arn: str) -> list[str] | None:
    """`arn:aws:lambda:region:account:function:name[:qualifier]` split on colons, else None."""
    parts = arn.split(":") if isinstance(arn, str) else []
    if (
        len(parts) in (7, 8)
        and parts[0] == "arn"
        and parts[2] == "lambda"
        and parts[5] == "function"
    ):
        return parts
    return None


def function_qualifier(arn: str) -> str | None:
    """The alias or version a function ARN names; None when unqualified or `$LATEST`."""
    parts = _function_parts(arn)
    if parts is None or len(parts) < 8 or parts[7] in ("", "$LATEST"):
        return None
    return parts[7]


def unqualified_function_arn(arn: str) -> str:
    """The function ARN without its qualifier; anything that is not a function ARN is unchanged."""
    parts = _function_parts(arn)
    return ":".join(parts[:7]) if parts else arn


def function_arn_qualifier(arn: str) -> str | None:
    """The qualifier a function ARN carries as written (`$LATEST` kept); None when it carries
    none or is not a function ARN."""
    parts = _function_parts(arn)
    return parts[7] if parts is not None and len(parts) == 8 and parts[7] else None


def function_arn(target: str, *, partition: str, region: str, account: str | None) -> str:
    """A full function ARN for a function named as Lambda accepts it: a name, a partial ARN or
    an ARN (a trigger's target, a CloudTrail event's `functionName`).

    `name`, `name:qualifier`, `account:function:name[:qualifier]` and full ARNs are accepted
    (Lambda's own forms); `region` and `account` fill in what the short forms leave out.
    """
    if target.startswith("arn:"):
        return target
    parts = target.split(":")
    if len(parts) >= 3 and parts[1] == "function":
        account, rest = parts[0], parts[2:]
    else:
        rest = parts
    return f"arn:{partition}:lambda:{region}:{account or ''}:function:" + ":".join(rest)


def function_name_of(arn: str) -> str:
    """The function's name from its ARN; anything that is not a function ARN is unchanged."""
    parts = _function_parts(arn)
    return parts[6] if parts else arn


def region_of(arn: str) -> str | None:
    """The region an ARN names (None when it is not an ARN or names none, as S3's do)."""
    parsed = parse_arn(arn)
    return parsed.region or None if parsed else None


def account_of(arn: str) -> str | None:
    """The account an ARN names (None when it is not an ARN or names none)."""
    parsed = parse_arn(arn)
    return parsed.account or None if parsed else None


def partition_of(arn: str, default: str = "aws") -> str:
    """The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov` …), `default` when not an ARN."""
    parsed = parse_arn(arn)
    return parsed.partition if parsed else default


# -- IAM wildcard matching -----------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _wildcard_regex(pattern: str) -> re.Pattern[str]:
    body = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.compile(body, re.DOTALL)


def string_like(pattern: str, value: str) -> bool:
    """IAM StringLike: the whole of `value` matches `pattern`; `*` any run, `?` one character."""
    return _wildcard_regex(pattern).fullmatch(value) is not None


def arn_like(pattern: str, value: str) -> bool:
    """IAM ArnLike (and ArnEquals, which IAM evaluates the same way).

    Both ARNs are split into their six components (the resource keeps its colons) and each is
    matched on its own with `*`/`?` wildcards, case-sensitively, so a wildcard never spans a
    component boundary but does span `/` and `:` inside the resource. A pattern with no
    wildcards therefore only matches the identical ARN. A pattern or value that is not six
    components long matches nothing.
    """
    if "*" not in pattern and "?" not in pattern:
        return pattern == value
    p_parts = pattern.split(":", 5)
    v_parts = value.split(":", 5)
    if len(p_parts) != 6 or len(v_parts) != 6:
        return False
    return all(string_like(p, v) for p, v in zip(p_parts, v_parts, strict=True))


# -- human names ---------------------------------------------------------------------------------

# resource-type prefixes dropped from a label: `rule/nightly` -> `nightly`
_NAME_PREFIXES = (
    "rule/",
    "event-bus/",
    "userpool/",
    "distribution/",
    "stateMachine:",
    "topic/",
    "schedule/default/",
    "schedule/",
    "deliverystream/",
    "pipe/",
    "alarm:",
    "config-rule/",
    "bot-alias/",
)


def resource_name(arn: str) -> str:
    """A short human name for the resource an ARN names: bucket, topic, rule, log group, API id…

    Anything that is not an ARN is returned unchanged.
    """
    parsed = parse_arn(arn)
    if parsed is None:
        return arn
    service, resource = parsed.service, parsed.resource
    if service in ("s3", "execute-api"):  # bucket[/key], api-id/stage/method/path
        return resource.split("/", 1)[0]
    if service == "apigateway":  # arn:aws:apigateway:region::/restapis/a1b2c3d4e5[/…]
        parts = [p for p in resource.split("/") if p]
        return parts[1] if len(parts) > 1 else resource
    if service == "logs" and resource.startswith("log-group:"):
        return resource.split(":")[1]
    if service == "lambda" and resource.startswith("function:"):
        return resource.split(":", 1)[1]
    if service == "elasticloadbalancing" and resource.startswith("targetgroup/"):
        return resource.split("/")[1]
    if service in ("dynamodb", "kinesis") and "/" in resource:
        return resource.split("/")[1]
    if service == "iam" and "/" in resource:
        return resource.rsplit("/", 1)[1]
    if service == "secretsmanager" and resource.startswith("secret:"):
        return resource.split(":", 1)[1]
    if service == "cloudformation" and resource.startswith("stack/"):  # stack/NAME/ID
        return resource.split("/")[1]
    for prefix in _NAME_PREFIXES:
        if resource.startswith(prefix):
            return resource[len(prefix) :] or resource
    return resource


# -- service principals --------------------------------------------------------------------------

_SOURCE_OF_SERVICE = {
    "s3": "s3",
    "sns": "sns",
    "events": "events",
    "apigateway": "apigateway",
    "elasticloadbalancing": "elb",
    "logs": "logs",
    "cognito-idp": "cognito-idp",
    "cloudfront": "cloudfront",
    "edgelambda": "cloudfront",
    "iot": "iot",
    "ses": "ses",
    "lex": "lex",
    "lexv2": "lex",
    "states": "states",
    "cloudformation": "cloudformation",
    "secretsmanager": "secretsmanager",
    "config": "config",
    "sqs": "sqs",
    "kinesis": "kinesis",
    "dynamodb": "dynamodb",
}
# Principals whose first label is not their service (CloudWatch alarms invoke as
# `lambda.alarms.cloudwatch.amazonaws.com`).
_SOURCE_OF_PRINCIPAL = {"lambda.alarms.cloudwatch.amazonaws.com": "cloudwatch"}
_ALEXA_PRINCIPALS = frozenset({"alexa-appkit.amazon.com", "alexa-connectedhome.amazon.com"})
_AWS_SUFFIXES = (".amazonaws.com", ".amazonaws.com.cn")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d+")


def _service_host(principal: str) -> str | None:
    """`logs.us-east-1.amazonaws.com` -> `logs`; None when not an AWS service principal."""
    p = principal.strip().lower()
    for suffix in _AWS_SUFFIXES:
        if p.endswith(suffix):
            labels = p[: -len(suffix)].split(".")
            return labels[0] if labels[0] else None
    return None


def service_of_principal(principal: str) -> str:
    """The trigger source a service principal stands for (`s3.amazonaws.com` -> `s3`), or `other`.

    Regional forms (`logs.us-east-1.amazonaws.com`) count as the service itself.
    """
    if not isinstance(principal, str):
        return "other"
    if principal.strip().lower() in _ALEXA_PRINCIPALS:
        return "alexa"
    if (source := _SOURCE_OF_PRINCIPAL.get(principal.strip().lower())) is not None:
        return source
    host = _service_host(principal)
    return _SOURCE_OF_SERVICE.get(host or "", "other")


def canonical_service_principal(principal: str) -> str:
    """A service principal lower-cased, with the regional Logs form folded into the global one
    (`logs.us-east-1.amazonaws.com` -> `logs.amazonaws.com`). Non-service principals unchanged.

    Only Logs is folded: it is the one invoker whose regional principal AWS documents for
    Lambda permissions; other services' regional names are kept distinct.
    """
    p = principal.strip().lower()
    for suffix in _AWS_SUFFIXES:
        if p.endswith(suffix):
            labels = p[: -len(suffix)].split(".")
            if len(labels) == 2 and labels[0] == "logs" and _REGION.fullmatch(labels[1]):
                return labels[0] + suffix
            return p
    return principal


_PRINCIPAL_OF_SOURCE = {
    "s3": "s3.amazonaws.com",
    "sns": "sns.amazonaws.com",
    "events": "events.amazonaws.com",
    "apigateway": "apigateway.amazonaws.com",
    "elb": "elasticloadbalancing.amazonaws.com",
    "logs": "logs.amazonaws.com",
    "cognito-idp": "cognito-idp.amazonaws.com",
    "cloudfront": "cloudfront.amazonaws.com",
    "iot": "iot.amazonaws.com",
    "ses": "ses.amazonaws.com",
    "lex": "lexv2.amazonaws.com",
    "alexa": "alexa-appkit.amazon.com",
    "states": "states.amazonaws.com",
    "cloudformation": "cloudformation.amazonaws.com",
    "secretsmanager": "secretsmanager.amazonaws.com",
    "cloudwatch": "lambda.alarms.cloudwatch.amazonaws.com",
    "config": "config.amazonaws.com",
    "sqs": "sqs.amazonaws.com",
    "kinesis": "kinesis.amazonaws.com",
    "dynamodb": "dynamodb.amazonaws.com",
}


def principal_for_source(source: str) -> str:
    """The service principal a trigger source needs in a policy (`elb` ->
    `elasticloadbalancing.amazonaws.com`). Raises ValueError for an unknown source."""
    try:
        return _PRINCIPAL_OF_SOURCE[source]
    except KeyError:
        raise ValueError(f"no known service principal for trigger source {source!r}") from None


def is_cloudfront_function(arn: str) -> bool:
    """A CloudFront Function (`arn:aws:cloudfront::ACCOUNT:function/NAME`): it runs in CloudFront
    itself and is not a Lambda function, whatever its name suggests."""
    parsed = parse_arn(arn.strip()) if isinstance(arn, str) else None
    return bool(
        parsed and parsed.service == "cloudfront" and parsed.resource.startswith("function/")
    )
