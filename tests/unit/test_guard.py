"""The read-only guard refuses writes before they reach the network and lets reads through."""

from __future__ import annotations

import boto3
import pytest

from lambdatui.aws import guard
from lambdatui.core.errors import ReadOnlyViolation

MUTATING = [
    ("lambda", "add_permission", {"FunctionName": "f", "StatementId": "s", "Action": "a", "Principal": "p"}),
    ("lambda", "remove_permission", {"FunctionName": "f", "StatementId": "s"}),
    ("lambda", "invoke", {"FunctionName": "f"}),
    ("lambda", "put_function_event_invoke_config", {"FunctionName": "f"}),
    ("lambda", "update_function_event_invoke_config", {"FunctionName": "f"}),
    ("lambda", "update_event_source_mapping", {"UUID": "00000000-0000-0000-0000-000000000000"}),
    ("lambda", "update_function_url_config", {"FunctionName": "f"}),
    ("lambda", "delete_function", {"FunctionName": "f"}),
    ("s3", "put_bucket_notification_configuration", {"Bucket": "b", "NotificationConfiguration": {}}),
    ("s3", "get_object", {"Bucket": "b", "Key": "k"}),
    ("sqs", "receive_message", {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/1/q"}),
    ("sns", "subscribe", {"TopicArn": "arn:aws:sns:us-east-1:1:t", "Protocol": "lambda"}),
    ("events", "put_targets", {"Rule": "r", "Targets": [{"Id": "1", "Arn": "arn:aws:lambda:us-east-1:1:function:f"}]}),
    ("sts", "assume_root", {"TargetPrincipal": "123456789012", "TaskPolicyArn": {"arn": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"}}),
    ("sso", "logout", {"accessToken": "t"}),
    ("iam", "create_access_key", {}),
]  # fmt: skip


class ReachedNetwork(Exception):
    """Raised by a `before-send` hook: the request was built and was about to be sent."""


def refuse_to_send(**_: object) -> None:
    raise ReachedNetwork


def guarded_client(service: str):  # type: ignore[no-untyped-def]
    session = boto3.Session(
        aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="x", region_name="us-east-1"
    )
    guard.install(session.events)
    session.events.register("before-send", refuse_to_send)
    return session.client(service, endpoint_url="http://127.0.0.1:9")


@pytest.mark.parametrize(("service", "operation", "params"), MUTATING)
def test_guard_refuses_before_the_network(service: str, operation: str, params: dict) -> None:  # type: ignore[type-arg]
    client = guarded_client(service)
    with pytest.raises(ReadOnlyViolation) as refused:
        getattr(client, operation)(**params)
    assert refused.value.code == "ReadOnlyViolation"
    assert refused.value.service == service


@pytest.mark.parametrize(
    ("service", "operation", "params"),
    [
        ("lambda", "list_functions", {}),
        ("lambda", "get_policy", {"FunctionName": "f"}),
        ("s3", "get_bucket_notification_configuration", {"Bucket": "b"}),
        ("sts", "get_caller_identity", {}),
        # The credential operations: every way of obtaining keys works in read-only mode.
        ("sts", "assume_role", {"RoleArn": "arn:aws:iam::1:role/r", "RoleSessionName": "audit"}),
        ("sts", "get_session_token", {}),
        (
            "sts",
            "assume_role_with_web_identity",
            {
                "RoleArn": "arn:aws:iam::1:role/r",
                "RoleSessionName": "audit",
                "WebIdentityToken": "token",
            },
        ),
        (
            "sts",
            "assume_role_with_saml",
            {
                "RoleArn": "arn:aws:iam::1:role/r",
                "PrincipalArn": "arn:aws:iam::1:saml-provider/p",
                "SAMLAssertion": "x" * 8,
            },
        ),
        (
            "sso",
            "get_role_credentials",
            {"roleName": "r", "accountId": "123456789012", "accessToken": "t"},
        ),
    ],
)
def test_guard_lets_reads_reach_the_network(service: str, operation: str, params: dict) -> None:  # type: ignore[type-arg]
    client = guarded_client(service)
    with pytest.raises(ReachedNetwork):
        getattr(client, operation)(**params)


def test_allowlist_is_explicit() -> None:
    assert "lambda:ListFunctions" in guard.ALLOWED
    for forbidden in (
        "lambda:Invoke",
        "s3:GetObject",
        "sqs:ReceiveMessage",
        "lambda:AddPermission",
    ):
        assert forbidden not in guard.ALLOWED
    assert all(":" in op and not op.endswith("*") for op in guard.ALLOWED)


def test_credential_operations_are_named_and_only_those() -> None:
    assert {
        "sts:AssumeRole",
        "sts:AssumeRoleWithSAML",
        "sts:AssumeRoleWithWebIdentity",
        "sts:GetSessionToken",
        "sts:GetCallerIdentity",
        "sso:GetRoleCredentials",
    } == guard.CREDENTIAL_OPERATIONS
    assert guard.ALLOWED == guard.READS | guard.CREDENTIAL_OPERATIONS
    assert "sts:AssumeRoot" not in guard.ALLOWED


def test_the_keyring_sts_client_is_guarded() -> None:
    """The keyring role path's STS client passes the guard: AssumeRole goes out, nothing else."""
    from lambdatui.access.credentials import Credentials
    from lambdatui.aws.keyring_session import sts_client_factory
    from lambdatui.aws.session import SessionSpec

    client = sts_client_factory(SessionSpec(endpoint_url="http://127.0.0.1:9"), "us-east-1")(
        Credentials("AKIAEXAMPLEEXAMPLE00", "x")
    )
    client.meta.events.register("before-send", refuse_to_send)
    with pytest.raises(ReachedNetwork):
        client.assume_role(RoleArn="arn:aws:iam::1:role/r", RoleSessionName="audit")
    with pytest.raises(ReadOnlyViolation):
        client.decode_authorization_message(EncodedMessage="x")
