"""What the reader tests share: the test account's function ARNs, hooks that make one call of a
real client fail (`fail_call`) or change its answer (`edit_answer`) while every other call still
goes to the emulator, and builders of invokers (a function, the non-push invokers, a Lex bot).

`make_function` here gives the function the role `r` and a `$LATEST` alias when asked; the actions
tests' `make_function` (tests/account_builders.py) uses its own role.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Callable
from typing import Any

from botocore.awsrequest import AWSResponse

ACCOUNT = "123456789012"
REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:fn"
OTHER_FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:other"


def _event_name(client: Any, operation: str) -> str:
    return f"{client.meta.service_model.service_id.hyphenize()}.{operation}"


def fail_call(
    client: Any,
    operation: str,
    *,
    code: str = "AccessDenied",
    status: int = 403,
    when: Callable[[dict[str, Any]], bool] = lambda params: True,
) -> None:
    """Make `operation` on this client answer an AWS error when `when(api_params)` holds."""
    name = _event_name(client, operation)

    def remember(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["test_api_params"] = dict(params)

    def answer(context: dict[str, Any], **_: Any) -> Any:
        if not when(context.get("test_api_params", {})):
            return None
        body = {
            "Error": {"Code": code, "Message": f"{code} (test)"},
            "ResponseMetadata": {"HTTPStatusCode": status},
        }
        return AWSResponse("http://test.invalid", status, {}, None), body

    client.meta.events.register(f"before-parameter-build.{name}", remember)
    client.meta.events.register(f"before-call.{name}", answer)


def edit_answer(client: Any, operation: str, edit: Callable[[dict[str, Any]], None]) -> None:
    """Change the parsed answer of `operation` in place before the caller sees it."""

    def handler(parsed: dict[str, Any], **_: Any) -> None:
        edit(parsed)

    client.meta.events.register(f"after-call.{_event_name(client, operation)}", handler)


def make_function(boto: Callable[[str], Any], name: str = "fn", alias: str | None = None) -> str:
    """Create a function (and its execution role, and optionally an alias); return its ARN."""
    iam = boto("iam")
    with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument="{}")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return None\n")
    lam = boto("lambda")
    arn = lam.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=f"arn:aws:iam::{ACCOUNT}:role/r",
        Handler="handler.handler",
        Code={"ZipFile": buf.getvalue()},
    )["FunctionArn"]
    if alias:
        lam.create_alias(FunctionName=name, Name=alias, FunctionVersion="$LATEST")
    return arn


def add_other_invokers(boto: Callable[[str], Any]) -> None:
    """One IoT rule, SES receipt rule, alarm, Config rule and rotated secret invoking FN."""
    boto("iot").create_topic_rule(
        ruleName="r",
        topicRulePayload={"sql": "SELECT * FROM 't'", "actions": [{"lambda": {"functionArn": FN}}]},
    )
    ses = boto("ses")
    ses.create_receipt_rule_set(RuleSetName="rs")
    ses.create_receipt_rule(
        RuleSetName="rs", Rule={"Name": "r", "Actions": [{"LambdaAction": {"FunctionArn": FN}}]}
    )
    ses.set_active_receipt_rule_set(RuleSetName="rs")
    boto("cloudwatch").put_metric_alarm(
        AlarmName="a",
        MetricName="Errors",
        Namespace="AWS/Lambda",
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanThreshold",
        AlarmActions=[FN],
    )
    boto("lambda").add_permission(
        FunctionName=FN,
        StatementId="config",
        Action="lambda:InvokeFunction",
        Principal="config.amazonaws.com",
        SourceAccount=ACCOUNT,
    )
    source = {"Owner": "CUSTOM_LAMBDA", "SourceIdentifier": FN}
    source["SourceDetails"] = [
        {"EventSource": "aws.config", "MessageType": "ConfigurationItemChangeNotification"}
    ]
    boto("config").put_config_rule(ConfigRule={"ConfigRuleName": "c", "Source": source})
    sm = boto("secretsmanager")
    sm.create_secret(Name="s", SecretString="x")
    with contextlib.suppress(sm.exceptions.ClientError):
        sm.rotate_secret(SecretId="s", RotationLambdaARN=FN, RotateImmediately=False)
    make_lex_bot(boto, FN)


def make_lex_bot(boto: Callable[[str], Any], target: str) -> tuple[str, str]:
    """A Lex V2 bot with an alias `live` whose en_US code hook is `target`; (bot id, alias id)."""
    lex = boto("lexv2-models")
    bot_id = lex.create_bot(
        botName="helpdesk",
        roleArn=f"arn:aws:iam::{ACCOUNT}:role/lex",
        dataPrivacy={"childDirected": False},
        idleSessionTTLInSeconds=300,
    )["botId"]
    hook = {"lambdaCodeHook": {"lambdaARN": target, "codeHookInterfaceVersion": "1.0"}}
    alias_id = lex.create_bot_alias(
        botAliasName="live",
        botId=bot_id,
        botVersion="DRAFT",
        botAliasLocaleSettings={"en_US": {"enabled": True, "codeHookSpecification": hook}},
    )["botAliasId"]
    return bot_id, alias_id
