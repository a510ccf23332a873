"""The invokers read from their own service: IoT rules, SES receipt rules, CloudWatch alarms,
AWS Config custom rules and Secrets Manager rotation — each over the emulator, with its cheap
existence check and a denied read that raises the typed error (never an empty answer)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pytest

from lambdatui.aws.alarms_reader import AlarmsReader
from lambdatui.aws.config_rules_reader import ConfigRulesReader
from lambdatui.aws.iot_reader import IotReader
from lambdatui.aws.lex_reader import LexReader
from lambdatui.aws.secrets_reader import SecretsReader
from lambdatui.aws.ses_reader import SesReader
from lambdatui.aws.session import AwsSession
from lambdatui.aws.trigger_sources import TriggerReader
from lambdatui.core.arn import principal_for_source, service_of_principal
from lambdatui.core.errors import AccessDenied
from tests.reader_builders import ACCOUNT, REGION, fail_call, make_function, make_lex_bot

Boto = Callable[[str], Any]


def only(reader: TriggerReader) -> Any:
    triggers = reader.wired_triggers()
    assert len(triggers) == 1, triggers
    return triggers[0]


def test_iot_rule_with_a_lambda_action_and_error_action(aws: AwsSession, boto: Boto) -> None:
    fn = make_function(boto, "fn")
    other = make_function(boto, "other")
    iot = boto("iot")
    iot.create_topic_rule(
        ruleName="telemetry",
        topicRulePayload={
            "sql": "SELECT * FROM 'devices/+'",
            "actions": [{"lambda": {"functionArn": fn}}],
            "errorAction": {"lambda": {"functionArn": other}},
        },
    )
    iot.create_topic_rule(
        ruleName="to_queue",
        topicRulePayload={
            "sql": "SELECT * FROM 'x'",
            "actions": [{"sqs": {"queueUrl": "https://q", "roleArn": "arn:aws:iam::1:role/r"}}],
        },
    )
    reader = IotReader(aws)
    triggers = sorted(reader.wired_triggers(), key=lambda t: t.target_arn)
    rule_arn = f"arn:aws:iot:{REGION}:{ACCOUNT}:rule/telemetry"
    assert [(t.source_arn, t.target_arn, t.detail["as"]) for t in triggers] == [
        (rule_arn, fn, "action"),
        (rule_arn, other, "error"),
    ]
    assert {t.principal for t in triggers} == {"iot.amazonaws.com"}
    assert reader.source_exists(rule_arn) is True
    assert reader.source_exists(f"arn:aws:iot:{REGION}:{ACCOUNT}:rule/gone") is False


def test_ses_active_rule_set_lambda_actions(aws: AwsSession, boto: Boto) -> None:
    fn = make_function(boto, "fn")
    ses = boto("ses")
    ses.create_receipt_rule_set(RuleSetName="inbound")
    ses.create_receipt_rule(
        RuleSetName="inbound",
        Rule={
            "Name": "to-fn",
            "Enabled": True,
            "Actions": [{"LambdaAction": {"FunctionArn": fn, "InvocationType": "Event"}}],
        },
    )
    ses.set_active_receipt_rule_set(RuleSetName="inbound")
    reader = SesReader(aws)
    trigger = only(reader)
    rule_arn = f"arn:aws:ses:{REGION}:{ACCOUNT}:receipt-rule-set/inbound:receipt-rule/to-fn"
    assert (trigger.source_arn, trigger.target_arn, trigger.source_account) == (
        rule_arn,
        fn,
        ACCOUNT,
    )
    assert reader.source_exists(rule_arn) is True
    gone = f"arn:aws:ses:{REGION}:{ACCOUNT}:receipt-rule-set/inbound:receipt-rule/gone"
    assert reader.source_exists(gone) is False


def test_ses_without_an_active_rule_set_has_no_triggers(aws: AwsSession) -> None:
    assert SesReader(aws).wired_triggers() == []


def test_cloudwatch_alarm_actions_name_the_states(aws: AwsSession, boto: Boto) -> None:
    fn = make_function(boto, "fn")
    boto("cloudwatch").put_metric_alarm(
        AlarmName="errors-high",
        MetricName="Errors",
        Namespace="AWS/Lambda",
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanThreshold",
        AlarmActions=[fn],
        OKActions=[fn],
    )
    reader = AlarmsReader(aws)
    trigger = only(reader)
    assert trigger.principal == "lambda.alarms.cloudwatch.amazonaws.com"
    assert trigger.source_arn == f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:errors-high"
    assert trigger.detail["on"] == ("ALARM", "OK")
    assert reader.source_exists(trigger.source_arn) is True
    assert reader.source_exists(f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:gone") is False


def test_config_custom_lambda_rules(aws: AwsSession, boto: Boto) -> None:
    fn = make_function(boto, "fn")
    boto("lambda").add_permission(
        FunctionName="fn",
        StatementId="config",
        Action="lambda:InvokeFunction",
        Principal="config.amazonaws.com",
        SourceAccount=ACCOUNT,
    )
    boto("config").put_config_rule(
        ConfigRule={
            "ConfigRuleName": "tags-present",
            "Source": {
                "Owner": "CUSTOM_LAMBDA",
                "SourceIdentifier": fn,
                "SourceDetails": [
                    {
                        "EventSource": "aws.config",
                        "MessageType": "ConfigurationItemChangeNotification",
                    }
                ],
            },
        }
    )
    reader = ConfigRulesReader(aws)
    trigger = only(reader)
    assert (trigger.target_arn, trigger.principal) == (fn, "config.amazonaws.com")
    assert reader.source_exists(trigger.source_arn) is True
    assert reader.source_exists(f"arn:aws:config:{REGION}:{ACCOUNT}:config-rule/gone") is False


def test_secrets_manager_rotation_function(aws: AwsSession, boto: Boto) -> None:
    fn = make_function(boto, "fn")
    sm = boto("secretsmanager")
    arn = sm.create_secret(Name="db", SecretString="not-read")["ARN"]
    sm.create_secret(Name="plain", SecretString="x")
    # moto may try the rotation and fail; the rotation function is recorded first
    with contextlib.suppress(sm.exceptions.ClientError):
        sm.rotate_secret(SecretId="db", RotationLambdaARN=fn, RotateImmediately=False)
    reader = SecretsReader(aws)
    trigger = only(reader)
    assert (trigger.source_arn, trigger.target_arn) == (arn, fn)
    assert reader.source_exists(arn) is True
    assert reader.source_exists(arn.replace(":db-", ":gone-")) is False
    assert "secretsmanager:GetSecretValue" not in aws.calls


def test_lex_v2_alias_code_hooks(aws: AwsSession, boto: Boto) -> None:
    fn = make_function(boto, "fn")
    bot_id, alias_id = make_lex_bot(boto, fn)
    reader = LexReader(aws)
    trigger = only(reader)
    alias_arn = f"arn:aws:lex:{REGION}:{ACCOUNT}:bot-alias/{bot_id}/{alias_id}"
    assert (trigger.source_arn, trigger.target_arn) == (alias_arn, fn)
    assert (trigger.principal, trigger.detail["locales"]) == ("lexv2.amazonaws.com", ("en_US",))
    assert reader.source_exists(alias_arn) is True
    assert reader.source_exists(alias_arn.replace(alias_id, "NOPE000000")) is False


def test_a_lex_alias_that_cannot_be_described_is_recorded_not_dropped(
    aws: AwsSession, boto: Boto
) -> None:
    _bot, alias_id = make_lex_bot(boto, make_function(boto, "fn"))
    fail_call(aws.client("lexv2-models"), "DescribeBotAlias")
    reader = LexReader(aws)
    assert reader.wired_triggers() == []
    assert {e.operation for e in reader.errors} == {"DescribeBotAlias"}
    assert any(alias_id in u.covers for u in reader.unread)


@pytest.mark.parametrize(
    ("reader_class", "service", "operation"),
    [
        (IotReader, "iot", "ListTopicRules"),
        (SesReader, "ses", "DescribeActiveReceiptRuleSet"),
        (AlarmsReader, "cloudwatch", "DescribeAlarms"),
        (ConfigRulesReader, "config", "DescribeConfigRules"),
        (SecretsReader, "secretsmanager", "ListSecrets"),
        (LexReader, "lexv2-models", "ListBots"),
    ],
)
def test_a_denied_listing_raises_instead_of_answering_none(
    aws: AwsSession, reader_class: type[TriggerReader], service: str, operation: str
) -> None:
    fail_call(aws.client(service), operation)
    with pytest.raises(AccessDenied):
        reader_class(aws).wired_triggers()


@pytest.mark.parametrize(
    ("principal", "source"),
    [
        ("iot.amazonaws.com", "iot"),
        ("ses.amazonaws.com", "ses"),
        ("lambda.alarms.cloudwatch.amazonaws.com", "cloudwatch"),
        ("config.amazonaws.com", "config"),
        ("secretsmanager.amazonaws.com", "secretsmanager"),
        ("lexv2.amazonaws.com", "lex"),
    ],
)
def test_the_principal_and_the_source_name_each_other(principal: str, source: str) -> None:
    assert service_of_principal(principal) == source
    assert principal_for_source(source) == principal
