"""The read-only guard: a botocore `before-call` hook that refuses anything not on an allowlist.

The allowlist names every read lambdatui makes, operation by operation. It is deliberately not a
`Get*`/`List*` prefix rule: `lambda:Invoke`, `s3:GetObject`, `sqs:ReceiveMessage` read data (or
change state) and stay out. A refused call raises `ReadOnlyViolation` before botocore builds the
HTTP request, so it never reaches the network.

Obtaining credentials changes nothing in the account, and read-only mode must work with every way
of getting them (SSO, assume-role profiles, MFA, the keyring's role): `CREDENTIAL_OPERATIONS` names
exactly those calls, and only those. botocore's own credential chain builds its STS and SSO
clients from the guarded session, and the keyring path builds its STS client with the guard too,
so every credential call passes the same hook.
"""

from __future__ import annotations

import logging
from typing import Any

from lambdatui.core.errors import ReadOnlyViolation

log = logging.getLogger(__name__)

CREDENTIAL_OPERATIONS: frozenset[str] = frozenset(
    {
        "sts:AssumeRole",  # assume-role profiles (role_arn + source_profile), keyring roles
        "sts:AssumeRoleWithSAML",
        "sts:AssumeRoleWithWebIdentity",  # web_identity_token_file profiles, EKS/IRSA
        "sts:GetSessionToken",  # MFA sessions
        "sts:GetCallerIdentity",  # who we are
        "sso:GetRoleCredentials",  # SSO profiles (IAM Identity Center)
    }
)
"""The credential operations: they hand out temporary keys and change nothing in the account."""

READS: frozenset[str] = frozenset(
    {
        "lambda:ListFunctions",
        "lambda:GetFunction",
        "lambda:GetFunctionConfiguration",
        "lambda:GetPolicy",
        "lambda:ListAliases",
        "lambda:ListVersionsByFunction",
        "lambda:ListEventSourceMappings",
        "lambda:GetEventSourceMapping",
        "lambda:ListFunctionEventInvokeConfigs",
        "lambda:GetFunctionEventInvokeConfig",
        "lambda:ListFunctionUrlConfigs",
        "lambda:GetFunctionUrlConfig",
        "s3:ListBuckets",
        "s3:GetBucketNotificationConfiguration",
        "s3:HeadBucket",
        "sns:ListSubscriptions",
        "sns:GetTopicAttributes",
        "sns:ListSubscriptionsByTopic",
        "sns:GetSubscriptionAttributes",
        "sqs:GetQueueUrl",
        "sqs:GetQueueAttributes",
        "events:ListEventBuses",
        "events:ListRules",
        "events:ListTargetsByRule",
        "events:DescribeRule",
        "events:DescribeEventBus",
        "apigateway:GetRestApis",
        "apigateway:GetRestApi",
        "apigateway:GetResources",
        "apigateway:GetIntegration",
        "apigateway:GetStages",
        "apigatewayv2:GetStages",
        "apigatewayv2:GetApis",
        "apigatewayv2:GetApi",
        "apigatewayv2:GetIntegrations",
        "apigatewayv2:GetRoutes",
        "elbv2:DescribeTargetGroups",
        "elbv2:DescribeTargetHealth",
        "logs:DescribeLogGroups",
        "logs:DescribeSubscriptionFilters",
        "cognito-idp:ListUserPools",
        "cognito-idp:DescribeUserPool",
        "iot:ListTopicRules",
        "iot:GetTopicRule",
        "ses:DescribeActiveReceiptRuleSet",
        "ses:DescribeReceiptRuleSet",
        "ses:DescribeReceiptRule",
        "cloudwatch:DescribeAlarms",
        "config:DescribeConfigRules",
        "secretsmanager:ListSecrets",
        "secretsmanager:DescribeSecret",
        "lexv2-models:ListBots",
        "lexv2-models:ListBotAliases",
        "lexv2-models:DescribeBotAlias",
        "stepfunctions:ListStateMachines",
        "stepfunctions:DescribeStateMachine",
        "firehose:ListDeliveryStreams",
        "firehose:DescribeDeliveryStream",
        "pipes:ListPipes",
        "pipes:DescribePipe",
        "scheduler:ListSchedules",
        "scheduler:GetSchedule",
        "cloudfront:ListDistributions",
        "cloudtrail:LookupEvents",  # what changed since a cached picture (`audit --cached`)
        "cloudformation:ListStacks",
        "cloudformation:GetTemplate",
        "cloudformation:ListStackResources",
        "cloudformation:DescribeStacks",
        "kinesis:DescribeStreamSummary",
        "kms:DescribeKey",
        "iam:GetRole",
        "iam:ListRolePolicies",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:SimulatePrincipalPolicy",
        "ec2:DescribeRegions",
    }
)
"""Every read lambdatui makes."""

ALLOWED: frozenset[str] = READS | CREDENTIAL_OPERATIONS


def operation_key(model: Any) -> str:
    """`service:Operation` for a botocore OperationModel, as the allowlist spells it."""
    return f"{model.service_model.service_name}:{model.name}"


def refuse_writes(model: Any, **_: Any) -> None:
    """The `before-call` handler: raise unless the operation is an allowed read."""
    key = operation_key(model)
    if key not in ALLOWED:
        log.warning("read-only mode refused %s", key)
        service, _sep, operation = key.partition(":")
        raise ReadOnlyViolation(
            f"read-only mode: {key} is neither an allowed read nor a credential operation, "
            "so it was not sent",
            code="ReadOnlyViolation",
            service=service,
            operation=operation,
        )


def install(events: Any) -> None:
    """Register the guard on a boto3/botocore session's event system (before any client)."""
    events.register_first("before-call", refuse_writes, unique_id="lambdatui-read-only-guard")
