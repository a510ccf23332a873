"""The demo's roles, and the invokers that are not push services' notifications.

- `demo-lambda-role`, the execution role of every demo function but one, may read the demo's
  queues and streams and write to its destinations: its mappings and destinations are healthy.
- `queue-drainer` runs as `demo-drainer-role`, which may only write logs: its SQS mapping cannot
  read `drain-queue` (pull-source-unreadable) and its OnFailure queue `drainer-failures` cannot be
  written (destination-unusable). The state machine `nightly-export` invokes it with
  `demo-sfn-limited`, a role that may invoke only billing-calc (invoker-role-denied), and the IoT
  rule `sensor_alerts` targets it without a grant (broken-trigger), and the schedule
  `drain-hourly` invokes it with `demo-sfn-limited` too (invoker-role-denied).
- Healthy counterparts: the state machine `billing-run` invokes billing-calc with `demo-sfn-role`
  (ok); the IoT rule `device_telemetry` and the CloudWatch alarm `orders-errors` target notify
  with a grant on their ARN (ok).
"""

from __future__ import annotations

import json
from typing import Any

from lambdatui.demo.builder import AccountBuilder

TRUST_LAMBDA = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
TRUST_STATES = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "states.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
LOGS = {
    "Effect": "Allow",
    "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
    "Resource": "*",
}


def _role(
    a: AccountBuilder, name: str, trust: dict[str, Any], statements: list[dict[str, Any]]
) -> str:
    iam = a.client("iam")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
    document = {"Version": "2012-10-17", "Statement": statements}
    iam.put_role_policy(
        RoleName=name, PolicyName=f"{name}-access", PolicyDocument=json.dumps(document)
    )
    return f"arn:aws:iam::{a.account}:role/{name}"


def execution_role_access(a: AccountBuilder, role_name: str) -> None:
    """What the shared execution role may do: read the demo's sources, write to its
    destinations, write logs."""
    document = {
        "Version": "2012-10-17",
        "Statement": [
            LOGS,
            {
                "Sid": "ReadSources",
                "Effect": "Allow",
                "Action": [
                    "sqs:ReceiveMessage",
                    "sqs:DeleteMessage",
                    "sqs:GetQueueAttributes",
                    "kinesis:GetRecords",
                    "kinesis:GetShardIterator",
                    "kinesis:DescribeStream",
                    "kinesis:ListShards",
                    "dynamodb:GetRecords",
                    "dynamodb:GetShardIterator",
                    "dynamodb:DescribeStream",
                    "dynamodb:ListStreams",
                ],
                "Resource": [
                    a.arn("sqs", "*"),
                    a.arn("kinesis", "stream/*"),
                    a.arn("dynamodb", "table/*/stream/*"),
                ],
            },
            {
                "Sid": "WriteDestinations",
                "Effect": "Allow",
                "Action": ["sqs:SendMessage", "sns:Publish"],
                "Resource": [a.arn("sqs", "*"), a.arn("sns", "notify-*")],
            },
        ],
    }
    a.client("iam").put_role_policy(
        RoleName=role_name, PolicyName="demo-lambda-access", PolicyDocument=json.dumps(document)
    )


def _state_machine(a: AccountBuilder, name: str, function_arn: str, role_arn: str) -> None:
    definition = {
        "StartAt": "Run",
        "States": {
            "Run": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": function_arn, "Payload.$": "$"},
                "End": True,
            }
        },
    }
    a.client("stepfunctions").create_state_machine(
        name=name, definition=json.dumps(definition), roleArn=role_arn
    )


def _iot_rule(a: AccountBuilder, name: str, function_arn: str) -> str:
    a.client("iot").create_topic_rule(
        ruleName=name,
        topicRulePayload={
            "sql": f"SELECT * FROM 'devices/{name}'",
            "actions": [{"lambda": {"functionArn": function_arn}}],
        },
    )
    return a.arn("iot", f"rule/{name}")


def queue_drainer(a: AccountBuilder) -> None:
    role = _role(a, "demo-drainer-role", TRUST_LAMBDA, [LOGS])
    arn = a.function("queue-drainer", "python3.12", "Drains the legacy queue", 256, 60, role=role)
    lam = a.client("lambda")
    lam.create_event_source_mapping(
        FunctionName="queue-drainer", EventSourceArn=a.queue("drain-queue"), BatchSize=10
    )
    lam.put_function_event_invoke_config(
        FunctionName="queue-drainer",
        DestinationConfig={"OnFailure": {"Destination": a.queue("drainer-failures")}},
    )
    limited = _role(
        a,
        "demo-sfn-limited",
        TRUST_STATES,
        [
            {
                "Effect": "Allow",
                "Action": "lambda:InvokeFunction",
                "Resource": a.function_arn("billing-calc"),
            }
        ],
    )
    _state_machine(a, "nightly-export", arn, limited)
    _iot_rule(a, "sensor_alerts", arn)
    a.client("scheduler").create_schedule(
        Name="drain-hourly",
        ScheduleExpression="rate(1 hour)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": arn, "RoleArn": limited},
    )


def invokers_of_healthy_functions(a: AccountBuilder) -> None:
    billing = a.function_arn("billing-calc")
    sfn = _role(
        a,
        "demo-sfn-role",
        TRUST_STATES,
        [
            {
                "Effect": "Allow",
                "Action": "lambda:InvokeFunction",
                "Resource": [billing, f"{billing}:*"],
            }
        ],
    )
    _state_machine(a, "billing-run", billing, sfn)
    notify = a.function_arn("notify")
    rule = _iot_rule(a, "device_telemetry", notify)
    a.permit("notify", "iot-device-telemetry", "iot.amazonaws.com", rule, a.account)
    a.client("cloudwatch").put_metric_alarm(
        AlarmName="orders-errors",
        MetricName="Errors",
        Namespace="AWS/Lambda",
        Statistic="Sum",
        Period=300,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        AlarmActions=[notify],
    )
    alarm = a.arn("cloudwatch", "alarm:orders-errors")
    principal = "lambda.alarms.cloudwatch.amazonaws.com"
    a.permit("notify", "alarm-orders-errors", principal, alarm, a.account)
