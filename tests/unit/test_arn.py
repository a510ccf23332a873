"""ARN parsing, IAM wildcard matching, labels and service principals."""

from __future__ import annotations

import pytest

from lambdatui.core.arn import (
    Arn,
    arn_like,
    canonical_service_principal,
    function_qualifier,
    is_arn,
    parse_arn,
    principal_for_source,
    resource_name,
    service_of_principal,
    string_like,
    unqualified_function_arn,
)

FN = "arn:aws:lambda:us-east-1:123456789012:function:orders"
API = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5"


# -- parse_arn / is_arn --------------------------------------------------------------------------


def test_parse_arn_keeps_colons_in_resource() -> None:
    arn = parse_arn("arn:aws:logs:us-east-1:123456789012:log-group:/app/x:*")
    assert arn == Arn("aws", "logs", "us-east-1", "123456789012", "log-group:/app/x:*")


def test_parse_arn_s3_bucket_has_no_region_or_account() -> None:
    arn = parse_arn("arn:aws:s3:::my-bucket")
    assert arn is not None
    assert (arn.service, arn.region, arn.account, arn.resource) == ("s3", "", "", "my-bucket")


def test_arn_str_round_trips() -> None:
    text = "arn:aws-cn:sns:cn-north-1:123456789012:topic"
    assert str(parse_arn(text)) == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "my-bucket",
        "arn:aws:s3",
        "arn:aws:lambda:us-east-1:123456789012",  # five components
        "urn:aws:s3:::bucket",
        "arn::s3:::bucket",  # no partition
        "arn:aws::us-east-1:123:x",  # no service
        "s3.amazonaws.com",
    ],
)
def test_not_an_arn(text: str) -> None:
    assert parse_arn(text) is None
    assert not is_arn(text)


def test_parse_arn_tolerates_non_strings() -> None:
    assert parse_arn(None) is None  # type: ignore[arg-type]
    assert is_arn(f"{FN}:live")


# -- function ARNs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arn", "qualifier"),
    [
        (f"{FN}:live", "live"),
        (f"{FN}:7", "7"),
        (f"{FN}:$LATEST", None),
        (FN, None),
        (f"{FN}:", None),
        ("arn:aws:sns:us-east-1:123456789012:topic:sub-id-1", None),  # not a function
        ("orders", None),
    ],
)
def test_function_qualifier(arn: str, qualifier: str | None) -> None:
    assert function_qualifier(arn) == qualifier


@pytest.mark.parametrize(
    ("arn", "expected"),
    [
        (f"{FN}:live", FN),
        (f"{FN}:$LATEST", FN),
        (FN, FN),
        ("arn:aws:sns:us-east-1:123456789012:topic", "arn:aws:sns:us-east-1:123456789012:topic"),
    ],
)
def test_unqualified_function_arn(arn: str, expected: str) -> None:
    assert unqualified_function_arn(arn) == expected


# -- string_like / arn_like ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("lambda:*", "lambda:InvokeFunction", True),
        ("*", "", True),
        ("lambda:Invoke?unction", "lambda:InvokeFunction", True),
        ("lambda:Invoke?unction", "lambda:Invokeunction", False),
        ("lambda:InvokeFunction", "lambda:invokefunction", False),  # case-sensitive
        ("123*", "123456789012", True),
        ("123", "123456789012", False),  # whole string, not a prefix
        ("a.b", "axb", False),  # regex characters are literal
        ("[ab]", "a", False),
        ("[ab]", "[ab]", True),
        ("a*c", "a/b:c", True),
    ],
)
def test_string_like(pattern: str, value: str, expected: bool) -> None:
    assert string_like(pattern, value) is expected


ROUTE = f"{API}/*/*/orders/*"


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        (ROUTE, f"{API}/prod/GET/orders/42", True),
        (ROUTE, f"{API}/prod/GET/orders/42/items", True),  # * spans '/' in the resource
        (ROUTE, f"{API}/prod/GET/orders", False),
        (ROUTE, f"{API}/prod/GET/customers/42", False),
        (ROUTE, "arn:aws:execute-api:us-east-1:123456789012:zzzzzzzzzz/prod/GET/orders/42", False),
        (f"{API}/*", f"{API}/prod/POST/x", True),
        (
            "arn:aws:events:us-east-1:123456789012:rule/nightly",
            "arn:aws:events:us-east-1:123456789012:rule/nightly",
            True,
        ),
        (
            "arn:aws:events:us-east-1:123456789012:rule/nightly",
            "arn:aws:events:us-east-1:123456789012:rule/nightly-2",
            False,
        ),
        (
            "arn:aws:events:us-east-1:123456789012:rule/nightly",
            "arn:aws:events:us-east-1:123456789012:rule/Nightly",
            False,
        ),
        ("arn:aws:s3:::my-*", "arn:aws:s3:::my-bucket", True),
        ("arn:aws:s3:::my-*", "arn:aws:s3:::other-bucket", False),
        ("arn:aws:sns:*:123456789012:t", "arn:aws:sns:eu-west-1:123456789012:t", True),
        ("arn:aws:sns:us-east-?:123456789012:t", "arn:aws:sns:us-east-2:123456789012:t", True),
        ("arn:aws:sns:us-east-?:123456789012:t", "arn:aws:sns:us-east-12:123456789012:t", False),
        # a wildcard in one component never spans into the next
        ("arn:aws:sns:us-*:t", "arn:aws:sns:us-east-1:123456789012:t", False),
        ("arn:aws:logs:*:*:log-group:/app/*", "arn:aws:logs:us-east-1:1:log-group:/app/x:*", True),
        ("*", "arn:aws:s3:::my-bucket", False),  # IAM needs all six components
        ("arn:aws:s3:::*", "not-an-arn", False),
    ],
)
def test_arn_like(pattern: str, value: str, expected: bool) -> None:
    assert arn_like(pattern, value) is expected


# -- resource_name -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arn", "name"),
    [
        ("arn:aws:s3:::my-bucket", "my-bucket"),
        ("arn:aws:s3:::my-bucket/raw/*", "my-bucket"),
        ("arn:aws:sns:us-east-1:123456789012:order-events", "order-events"),
        ("arn:aws:sqs:us-east-1:123456789012:deletes", "deletes"),
        ("arn:aws:events:us-east-1:123456789012:rule/nightly", "nightly"),
        ("arn:aws:events:us-east-1:123456789012:event-bus/default", "default"),
        ("arn:aws:logs:us-east-1:123456789012:log-group:/app/orders:*", "/app/orders"),
        ("arn:aws:logs:us-east-1:123456789012:log-group:/app/orders", "/app/orders"),
        (
            "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123",
            "us-east-1_AbC123",
        ),
        (f"{API}/*/*/orders/*", "a1b2c3d4e5"),
        ("arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod", "a1b2c3d4e5"),
        (
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/6d0ecf831eec9f09",
            "web-tg",
        ),
        (f"{FN}:live", "orders:live"),
        ("arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01", "Orders"),
        ("arn:aws:iam::123456789012:role/service/exec-role", "exec-role"),
        ("arn:aws:states:us-east-1:123456789012:stateMachine:checkout", "checkout"),
        ("not-an-arn", "not-an-arn"),
    ],
)
def test_resource_name(arn: str, name: str) -> None:
    assert resource_name(arn) == name


# -- service principals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("principal", "source"),
    [
        ("s3.amazonaws.com", "s3"),
        ("sns.amazonaws.com", "sns"),
        ("events.amazonaws.com", "events"),
        ("apigateway.amazonaws.com", "apigateway"),
        ("elasticloadbalancing.amazonaws.com", "elb"),
        ("logs.amazonaws.com", "logs"),
        ("logs.us-east-1.amazonaws.com", "logs"),
        ("cognito-idp.amazonaws.com", "cognito-idp"),
        ("cloudfront.amazonaws.com", "cloudfront"),
        ("edgelambda.amazonaws.com", "cloudfront"),
        ("iot.amazonaws.com", "iot"),
        ("ses.amazonaws.com", "ses"),
        ("lex.amazonaws.com", "lex"),
        ("lexv2.amazonaws.com", "lex"),
        ("alexa-appkit.amazon.com", "alexa"),
        ("alexa-connectedhome.amazon.com", "alexa"),
        ("states.amazonaws.com", "states"),
        ("cloudformation.amazonaws.com", "cloudformation"),
        ("secretsmanager.amazonaws.com", "secretsmanager"),
        ("sqs.amazonaws.com", "sqs"),
        ("kinesis.amazonaws.com", "kinesis"),
        ("dynamodb.amazonaws.com", "dynamodb"),
        ("S3.AmazonAWS.com", "s3"),
        ("s3.amazonaws.com.cn", "s3"),
        ("config.amazonaws.com", "config"),  # AWS Config custom rules are read now
        ("lambda.alarms.cloudwatch.amazonaws.com", "cloudwatch"),
        ("glue.amazonaws.com", "other"),
        ("*", "other"),
        ("arn:aws:iam::123456789012:root", "other"),
        ("s3.example.com", "other"),
        ("", "other"),
    ],
)
def test_service_of_principal(principal: str, source: str) -> None:
    assert service_of_principal(principal) == source


@pytest.mark.parametrize(
    ("source", "principal"),
    [
        ("s3", "s3.amazonaws.com"),
        ("sns", "sns.amazonaws.com"),
        ("events", "events.amazonaws.com"),
        ("apigateway", "apigateway.amazonaws.com"),
        ("elb", "elasticloadbalancing.amazonaws.com"),
        ("logs", "logs.amazonaws.com"),
        ("cognito-idp", "cognito-idp.amazonaws.com"),
        ("alexa", "alexa-appkit.amazon.com"),
        ("secretsmanager", "secretsmanager.amazonaws.com"),
    ],
)
def test_principal_for_source(source: str, principal: str) -> None:
    assert principal_for_source(source) == principal


@pytest.mark.parametrize(
    "source",
    ["s3", "sns", "events", "apigateway", "elb", "logs", "cognito-idp", "cloudfront", "iot", "lex"],
)
def test_principal_for_source_round_trips(source: str) -> None:
    assert service_of_principal(principal_for_source(source)) == source


@pytest.mark.parametrize("source", ["other", "function-url", "", "kafka"])
def test_principal_for_unknown_source_raises(source: str) -> None:
    with pytest.raises(ValueError, match="no known service principal"):
        principal_for_source(source)


@pytest.mark.parametrize(
    ("principal", "canonical"),
    [
        ("logs.us-east-1.amazonaws.com", "logs.amazonaws.com"),
        ("logs.eu-central-1.amazonaws.com", "logs.amazonaws.com"),
        ("logs.us-gov-west-1.amazonaws.com", "logs.amazonaws.com"),
        ("Logs.amazonaws.com", "logs.amazonaws.com"),
        ("sns.us-east-1.amazonaws.com", "sns.us-east-1.amazonaws.com"),  # only Logs is folded
        ("arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:root"),
        ("*", "*"),
    ],
)
def test_canonical_service_principal(principal: str, canonical: str) -> None:
    assert canonical_service_principal(principal) == canonical


@pytest.mark.parametrize(
    ("arn", "name"),
    [
        ("arn:aws:scheduler:us-east-1:123456789012:schedule/default/drain-hourly", "drain-hourly"),
        ("arn:aws:scheduler:us-east-1:123456789012:schedule/ops/nightly", "ops/nightly"),
        ("arn:aws:firehose:us-east-1:123456789012:deliverystream/clicks", "clicks"),
        ("arn:aws:pipes:us-east-1:123456789012:pipe/orders", "orders"),
        ("arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors-high", "errors-high"),
        ("arn:aws:cloudformation:us-east-1:123456789012:stack/app/1a2b-3c4d", "app"),
        ("arn:aws:lex:us-east-1:123456789012:bot-alias/BOT1/ALIAS1", "BOT1/ALIAS1"),
    ],
)
def test_the_new_invokers_resources_have_short_names(arn: str, name: str) -> None:
    assert resource_name(arn) == name
