"""The reader registry and the helpers the readers share (principal → reader, target forms), and
every reader's calls against the read-only allowlist. The reader tests' own helpers are in
tests/reader_builders.py."""

from __future__ import annotations

from typing import Any

import pytest

from lambdatui.aws import guard
from lambdatui.aws.session import AwsSession
from lambdatui.aws.trigger_sources import function_arn, reader_for_principal
from tests.reader_builders import (
    ACCOUNT,
    FN,
    REGION,
    add_other_invokers,
    fail_call,
    make_function,
)


# -- the registry -----------------------------------------------------------------------------------
def test_readers_registry_names_every_push_service() -> None:
    from lambdatui.aws.trigger_sources import READERS

    assert {source: cls.principal for source, cls in READERS.items()} == {
        "s3": "s3.amazonaws.com",
        "sns": "sns.amazonaws.com",
        "events": "events.amazonaws.com",
        "apigateway": "apigateway.amazonaws.com",
        "elb": "elasticloadbalancing.amazonaws.com",
        "logs": "logs.amazonaws.com",
        "cognito-idp": "cognito-idp.amazonaws.com",
        "iot": "iot.amazonaws.com",
        "ses": "ses.amazonaws.com",
        "cloudwatch": "lambda.alarms.cloudwatch.amazonaws.com",
        "config": "config.amazonaws.com",
        "secretsmanager": "secretsmanager.amazonaws.com",
        "lex": "lexv2.amazonaws.com",
    }
    assert all(cls.source == source for source, cls in READERS.items())


@pytest.mark.parametrize(
    ("principal", "source"),
    [
        ("s3.amazonaws.com", "s3"),
        ("SNS.amazonaws.com", "sns"),
        ("elasticloadbalancing.amazonaws.com", "elb"),
        ("logs.amazonaws.com", "logs"),
        ("logs.eu-west-1.amazonaws.com", "logs"),
        ("cognito-idp.amazonaws.com", "cognito-idp"),
        ("events.amazonaws.com.cn", "events"),
    ],
)
def test_reader_for_principal(principal: str, source: str) -> None:
    reader = reader_for_principal(principal)
    assert reader is not None and reader.source == source


def test_reader_for_an_unknown_principal_is_none() -> None:
    assert reader_for_principal("alexa-appkit.amazon.com") is None
    assert reader_for_principal("arn:aws:iam::123456789012:root") is None


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (FN, FN),
        (f"{FN}:live", f"{FN}:live"),
        ("fn", FN),
        ("fn:live", f"{FN}:live"),
        (f"{ACCOUNT}:function:fn", FN),
        ("210987654321:function:fn:7", f"arn:aws:lambda:{REGION}:210987654321:function:fn:7"),
    ],
)
def test_readers_normalise_lambda_target_forms(target: str, expected: str) -> None:
    assert function_arn(target, partition="aws", region=REGION, account=ACCOUNT) == expected


# -- every reader stays inside the read-only allowlist ----------------------------------------------
def test_every_reader_call_is_an_allowed_read(aws: AwsSession, boto: Any) -> None:
    from lambdatui.aws.trigger_sources import READERS

    boto("s3").create_bucket(Bucket="some-bucket")
    boto("sns").create_topic(Name="t")
    api = boto("apigateway").create_rest_api(name="rest")
    root = boto("apigateway").get_resources(restApiId=api["id"])["items"][0]["id"]
    boto("apigateway").put_method(
        restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE"
    )
    boto("apigateway").put_integration(
        restApiId=api["id"],
        resourceId=root,
        httpMethod="GET",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations",
    )
    http = boto("apigatewayv2").create_api(Name="http", ProtocolType="HTTP")["ApiId"]
    integration = boto("apigatewayv2").create_integration(
        ApiId=http, IntegrationType="AWS_PROXY", IntegrationUri=FN, PayloadFormatVersion="2.0"
    )["IntegrationId"]
    boto("apigatewayv2").create_route(
        ApiId=http, RouteKey="$default", Target=f"integrations/{integration}"
    )
    group = boto("elbv2").create_target_group(Name="tg", TargetType="lambda")["TargetGroups"][0]
    boto("elbv2").register_targets(TargetGroupArn=group["TargetGroupArn"], Targets=[{"Id": FN}])
    make_function(boto)
    boto("logs").create_log_group(logGroupName="g")
    boto("logs").put_subscription_filter(
        logGroupName="g", filterName="f", filterPattern="", destinationArn=FN
    )
    boto("s3").put_bucket_notification_configuration(
        Bucket="some-bucket",
        NotificationConfiguration={
            "LambdaFunctionConfigurations": [
                {"LambdaFunctionArn": FN, "Events": ["s3:ObjectCreated:*"]}
            ]
        },
    )
    boto("sns").subscribe(
        TopicArn=f"arn:aws:sns:{REGION}:{ACCOUNT}:t", Protocol="lambda", Endpoint=FN
    )
    boto("cognito-idp").create_user_pool(PoolName="p", LambdaConfig={"PreSignUp": FN})
    boto("events").put_rule(Name="r", ScheduleExpression="rate(1 day)")
    boto("events").put_targets(Rule="r", Targets=[{"Id": "1", "Arn": FN}])
    add_other_invokers(boto)

    some_source = {
        "s3": "arn:aws:s3:::some-bucket",
        "sns": f"arn:aws:sns:{REGION}:{ACCOUNT}:t",
        "events": f"arn:aws:events:{REGION}:{ACCOUNT}:rule/r",
        "apigateway": f"arn:aws:execute-api:{REGION}:{ACCOUNT}:nope/*/GET/",
        "elb": f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/tg/0123456789abcdef",
        "logs": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:g:*",
        "cognito-idp": f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{REGION}_nope",
        "iot": f"arn:aws:iot:{REGION}:{ACCOUNT}:rule/r",
        "ses": f"arn:aws:ses:{REGION}:{ACCOUNT}:receipt-rule-set/rs:receipt-rule/r",
        "cloudwatch": f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:a",
        "config": f"arn:aws:config:{REGION}:{ACCOUNT}:config-rule/config-rule-nope",
        "secretsmanager": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:s-AbCdEf",
        "lex": f"arn:aws:lex:{REGION}:{ACCOUNT}:bot-alias/BOT0000000/ALIAS00000",
    }
    for source, cls in READERS.items():
        reader = cls(aws)
        assert reader.wired_triggers(), source
        assert reader.errors == []
        reader.source_exists(some_source[source])
    assert set(aws.calls) - guard.ALLOWED == set()


# -- whether a source exists: found, absent, or unknown with the read that failed -------------------
def test_source_fact_is_found_absent_or_unknown_with_the_read(aws: AwsSession, boto: Any) -> None:
    from lambdatui.aws.s3_reader import S3Reader
    from lambdatui.aws.sns_reader import SnsReader
    from lambdatui.core.facts import Presence

    boto("sns").create_topic(Name="t")
    boto("s3").create_bucket(Bucket="raw-uploads")
    topic = f"arn:aws:sns:{REGION}:{ACCOUNT}:t"
    sns, s3 = SnsReader(aws), S3Reader(aws)
    assert sns.source_fact(topic).presence is Presence.FOUND
    assert sns.source_fact(f"{topic}-gone").presence is Presence.ABSENT
    wildcard = sns.source_fact(f"arn:aws:sns:{REGION}:{ACCOUNT}:t*")
    assert wildcard.presence is Presence.UNKNOWN and wildcard.failed_read is None
    assert "wildcards" in wildcard.why

    fail_call(aws.client("sns"), "GetTopicAttributes", code="AuthorizationError")
    fail_call(aws.client("s3"), "HeadBucket", code="403")
    denied = sns.source_fact(topic)
    assert denied.presence is Presence.UNKNOWN and denied.failed_read is not None
    assert denied.failed_read.grant == f"grant sns:GetTopicAttributes on {topic}"
    # HeadBucket needs s3:ListBucket, on the bucket (not on the key path a SourceArn may name)
    bucket = s3.source_fact("arn:aws:s3:::raw-uploads/raw/*")
    assert bucket.failed_read is not None
    assert bucket.failed_read.grant == "grant s3:ListBucket on arn:aws:s3:::raw-uploads"
