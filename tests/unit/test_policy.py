"""Parsing resource-based policies, and classifying their statements."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lambdatui.core.policy import (
    PolicyParseError,
    has_wildcard_source,
    is_function_url_statement,
    is_public,
    parse_policy,
    parse_statement,
)
from tests.policy_builders import SHAPES, shape

FN = "arn:aws:lambda:us-east-1:123456789012:function:orders"


def stmt(**fields: Any) -> dict[str, Any]:
    """A statement in the shape AWS returns, with overrides."""
    base: dict[str, Any] = {
        "Sid": "s",
        "Effect": "Allow",
        "Principal": {"Service": "s3.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": FN,
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


# -- parse_policy --------------------------------------------------------------------------------


def test_parse_policy_keeps_metadata_and_raw_json() -> None:
    text = (SHAPES / "s3-scoped.policy.json").read_text()
    policy = parse_policy(text, qualifier="live", revision_id="abc-123")
    assert policy.qualifier == "live"
    assert policy.revision_id == "abc-123"
    assert policy.raw_json == text
    assert policy.size_bytes == len(text.encode())
    assert [s.sid for s in policy.statements] == ["s3-invoke-uploads"]


def test_s3_scoped_fixture() -> None:
    (s,) = shape("s3-scoped.policy.json").statements
    assert s.effect == "Allow"
    assert s.principal == "s3.amazonaws.com"
    assert s.principals == ("s3.amazonaws.com",)
    assert s.service_principals == ("s3.amazonaws.com",)
    assert s.action == ("lambda:InvokeFunction",)
    assert s.resource == "arn:aws:lambda:us-east-1:123456789012:function:img-resize"
    assert s.qualifier is None
    assert s.source_arn == "arn:aws:s3:::my-bucket"
    assert s.source_arns == ("arn:aws:s3:::my-bucket",)
    assert s.source_account == "123456789012"
    assert s.source_accounts == ("123456789012",)
    assert s.conditions["ArnLike"] == {"AWS:SourceArn": "arn:aws:s3:::my-bucket"}
    assert s.raw["Sid"] == "s3-invoke-uploads"


def test_mixed_fixture_statements() -> None:
    by_sid = {s.sid: s for s in shape("mixed.policy.json").statements}
    assert list(by_sid) == [
        "AllowCrossAccountInvoke",
        "org-wide",
        "anyone",
        "apigw-any-route",
        "nightly-rule",
        "sns-live",
        "logs-app",
        "events-unscoped",
    ]
    assert by_sid["AllowCrossAccountInvoke"].principal == "arn:aws:iam::987654321098:root"
    assert by_sid["AllowCrossAccountInvoke"].service_principals == ()
    assert by_sid["org-wide"].principal == "*"
    assert by_sid["org-wide"].principal_org_id == "o-a1b2c3d4e5"
    assert by_sid["apigw-any-route"].source_arn.endswith("a1b2c3d4e5/*/*/orders/*")
    assert by_sid["sns-live"].qualifier == "live"
    assert by_sid["nightly-rule"].qualifier is None
    assert by_sid["logs-app"].source_account == "123456789012"
    assert by_sid["logs-app"].source_arn == (
        "arn:aws:logs:us-east-1:123456789012:log-group:/app/orders:*"
    )
    assert by_sid["events-unscoped"].source_arn is None
    assert by_sid["events-unscoped"].source_arns == ()


def test_function_url_fixture() -> None:
    url, via = shape("function-url-public.policy.json").statements
    assert url.action == ("lambda:InvokeFunctionUrl",)
    assert url.function_url_auth_type == "NONE"
    assert url.invoked_via_function_url is False
    assert via.action == ("lambda:InvokeFunction",)
    assert via.function_url_auth_type is None
    assert via.invoked_via_function_url is True


def test_single_statement_object_and_missing_statement() -> None:
    one = parse_policy(json.dumps({"Statement": stmt()}), qualifier=None, revision_id=None)
    assert len(one.statements) == 1
    assert one.statements[0].principal == "s3.amazonaws.com"
    empty = parse_policy('{"Version": "2012-10-17"}', qualifier=None, revision_id=None)
    assert empty.statements == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ("", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('"a string"', "must be a JSON object"),
        ('{"Statement": "nope"}', "'Statement' must be a list"),
        ('{"Statement": ["nope"]}', "statement must be a JSON object"),
        ('{"Statement": [{"Condition": ["x"]}]}', "'Condition' must map"),
        ('{"Statement": [{"Condition": {"StringEquals": "x"}}]}', "'Condition' must map"),
        ('{"Statement": [{"Principal": {"AWS": {"x": 1}}}]}', "unexpected value in Principal"),
        ('{"Statement": [{"Action": [["lambda:*"]]}]}', "unexpected value in Action"),
    ],
)
def test_malformed_policy_raises_policy_parse_error(text: str, message: str) -> None:
    with pytest.raises(PolicyParseError, match=message):
        parse_policy(text, qualifier=None, revision_id=None)


def test_policy_parse_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_policy("{", qualifier=None, revision_id=None)
    with pytest.raises(PolicyParseError, match="JSON string"):
        parse_policy(b"{}", qualifier=None, revision_id=None)  # type: ignore[arg-type]


# -- parse_statement: principals -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("principal", "first", "every"),
    [
        ("*", "*", ("*",)),
        ({"AWS": "*"}, "*", ("*",)),
        ({"AWS": "123456789012"}, "arn:aws:iam::123456789012:root", None),
        ({"AWS": "arn:aws:iam::987654321098:root"}, "arn:aws:iam::987654321098:root", None),
        ({"AWS": "arn:aws:iam::987654321098:role/r"}, "arn:aws:iam::987654321098:role/r", None),
        ({"Service": "s3.amazonaws.com"}, "s3.amazonaws.com", None),
        (
            {"Service": ["sns.amazonaws.com", "events.amazonaws.com"]},
            "sns.amazonaws.com",
            ("sns.amazonaws.com", "events.amazonaws.com"),
        ),
        (
            {"AWS": ["111111111111", "arn:aws:iam::222222222222:root"]},
            "arn:aws:iam::111111111111:root",
            ("arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"),
        ),
        (
            {"AWS": ["111111111111", "*"]},
            "*",
            ("arn:aws:iam::111111111111:root", "*"),
        ),
        (
            {"AWS": "111111111111", "Service": "logs.amazonaws.com"},
            "arn:aws:iam::111111111111:root",
            ("arn:aws:iam::111111111111:root", "logs.amazonaws.com"),
        ),
        ({"Service": ["s3.amazonaws.com", "s3.amazonaws.com"]}, "s3.amazonaws.com", None),
    ],
)
def test_principal_forms(principal: Any, first: str, every: tuple[str, ...] | None) -> None:
    s = parse_statement(stmt(Principal=principal))
    assert s.principal == first
    assert s.principals == (every or (first,))


def test_account_principal_takes_the_partition_of_the_resource() -> None:
    s = parse_statement(
        stmt(
            Principal={"AWS": "123456789012"},
            Resource="arn:aws-cn:lambda:cn-north-1:123456789012:function:f",
        )
    )
    assert s.principal == "arn:aws-cn:iam::123456789012:root"


def test_missing_principal_is_empty() -> None:
    s = parse_statement(stmt(Principal=None))
    assert s.principal == ""
    assert s.principals == ()


# -- parse_statement: other elements -------------------------------------------------------------


def test_action_list_and_string() -> None:
    assert parse_statement(stmt(Action="lambda:*")).action == ("lambda:*",)
    listed = parse_statement(stmt(Action=["lambda:InvokeFunction", "lambda:GetFunction"]))
    assert listed.action == ("lambda:InvokeFunction", "lambda:GetFunction")
    assert parse_statement(stmt(Action=None)).action == ()


@pytest.mark.parametrize(
    ("effect", "expected"),
    [(None, "Allow"), ("Allow", "Allow"), ("Deny", "Deny"), ("deny", "Deny")],
)
def test_effect(effect: str | None, expected: str) -> None:
    assert parse_statement(stmt(Effect=effect)).effect == expected


@pytest.mark.parametrize(
    ("resource", "qualifier"),
    [(f"{FN}:live", "live"), (f"{FN}:3", "3"), (f"{FN}:$LATEST", None), (FN, None), (None, None)],
)
def test_qualifier_comes_from_resource(resource: str | None, qualifier: str | None) -> None:
    s = parse_statement(stmt(Resource=resource))
    assert s.qualifier == qualifier
    assert s.resource == resource


def test_missing_sid_is_none() -> None:
    assert parse_statement(stmt(Sid=None)).sid is None


@pytest.mark.parametrize("key", ["aws:SourceArn", "AWS:SourceArn", "AWS:SOURCEARN"])
def test_condition_keys_are_case_insensitive(key: str) -> None:
    s = parse_statement(stmt(Condition={"ArnLike": {key: "arn:aws:s3:::b"}}))
    assert s.source_arn == "arn:aws:s3:::b"


@pytest.mark.parametrize(
    "operator",
    [
        "ArnLike",
        "ArnEquals",
        "StringEquals",
        "StringLike",
        "ArnLikeIfExists",
        "StringEqualsIfExists",
        "ForAnyValue:StringLike",
    ],
)
def test_source_arn_read_from_every_positive_operator(operator: str) -> None:
    s = parse_statement(stmt(Condition={operator: {"aws:SourceArn": "arn:aws:s3:::b"}}))
    assert s.source_arns == ("arn:aws:s3:::b",)


def test_negated_operator_is_not_a_source_arn() -> None:
    s = parse_statement(stmt(Condition={"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::b"}}))
    assert s.source_arn is None
    assert s.conditions == {"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::b"}}


def test_condition_lists_keep_every_value() -> None:
    s = parse_statement(
        stmt(
            Condition={
                "ArnLike": {"aws:SourceArn": ["arn:aws:s3:::a", "arn:aws:s3:::b"]},
                "StringEquals": {
                    "aws:SourceAccount": ["111111111111", "222222222222"],
                    "aws:SourceArn": "arn:aws:s3:::a",  # repeated: kept once
                },
            }
        )
    )
    assert s.source_arn == "arn:aws:s3:::a"
    assert s.source_arns == ("arn:aws:s3:::a", "arn:aws:s3:::b")
    assert s.source_account == "111111111111"
    assert s.source_accounts == ("111111111111", "222222222222")


def test_function_url_keys_and_org_id() -> None:
    s = parse_statement(
        stmt(
            Principal="*",
            Condition={
                "StringEquals": {
                    "Lambda:FunctionUrlAuthType": "AWS_IAM",
                    "aws:PrincipalOrgID": ["o-1", "o-2"],
                },
                "Bool": {"LAMBDA:InvokedViaFunctionUrl": True},  # a JSON boolean is tolerated
            },
        )
    )
    assert s.function_url_auth_type == "AWS_IAM"
    assert s.principal_org_id == "o-1"
    assert s.invoked_via_function_url is True


def test_invoked_via_function_url_false() -> None:
    s = parse_statement(stmt(Condition={"Bool": {"lambda:InvokedViaFunctionUrl": "false"}}))
    assert s.invoked_via_function_url is False


def test_parsed_statement_does_not_share_the_input() -> None:
    given = stmt(Condition={"ArnLike": {"aws:SourceArn": "arn:aws:s3:::b"}})
    s = parse_statement(given)
    given["Condition"]["ArnLike"]["aws:SourceArn"] = "changed"
    given["Sid"] = "changed"
    assert s.conditions["ArnLike"]["aws:SourceArn"] == "arn:aws:s3:::b"
    assert s.raw["Sid"] == "s"


# -- is_public -----------------------------------------------------------------------------------


def test_only_anyone_is_public_in_mixed_fixture() -> None:
    public = [s.sid for s in shape("mixed.policy.json").statements if is_public(s)]
    assert public == ["anyone"]


def test_function_url_pair_is_public_and_recognised() -> None:
    statements = shape("function-url-public.policy.json").statements
    assert all(is_public(s) for s in statements)
    assert all(is_function_url_statement(s) for s in statements)


def test_non_url_statements_are_not_function_url_statements() -> None:
    flagged = [s.sid for s in shape("mixed.policy.json").statements if is_function_url_statement(s)]
    assert flagged == []


@pytest.mark.parametrize(
    ("principal", "condition", "public"),
    [
        ("*", None, True),
        ({"AWS": "*"}, None, True),
        ({"AWS": "arn:aws:iam::*:root"}, None, True),
        ({"AWS": ["111111111111", "*"]}, None, True),
        ({"AWS": "111111111111"}, None, False),
        ({"Service": "s3.amazonaws.com"}, None, False),
        ("*", {"StringEquals": {"AWS:SourceAccount": "123456789012"}}, False),
        ("*", {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::b"}}, False),
        ("*", {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}, False),
        ("*", {"StringEquals": {"aws:SourceVpc": "vpc-1"}}, False),
        ("*", {"StringEquals": {"aws:SourceVpce": "vpce-1"}}, False),
        ("*", {"StringEquals": {"aws:PrincipalAccount": "123456789012"}}, False),
        ("*", {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/*"}}, False),
        ("*", {"StringEquals": {"aws:SourceOwner": "123456789012"}}, False),
        ("*", {"StringEquals": {"lambda:FunctionUrlAuthType": "AWS_IAM"}}, False),
        # InvokeFunction never carries FunctionUrlAuthType (only InvokeFunctionUrl does), so this
        # statement serves no call at all; the URL grant itself is tested in test_evaluator.py
        ("*", {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}, False),
        ("*", {"Bool": {"lambda:InvokedViaFunctionUrl": "true"}}, True),
        ("*", {"Bool": {"aws:SecureTransport": "true"}}, True),  # does not narrow the caller
        # these only look restrictive: a caller without the key passes, or most callers pass
        ("*", {"StringEqualsIfExists": {"aws:SourceAccount": "123456789012"}}, True),
        ("*", {"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}}, True),
        ("*", {"Null": {"aws:SourceAccount": "true"}}, True),
    ],
)
def test_is_public(principal: Any, condition: dict[str, Any] | None, public: bool) -> None:
    assert is_public(parse_statement(stmt(Principal=principal, Condition=condition))) is public


def test_deny_to_everyone_is_not_public() -> None:
    assert not is_public(parse_statement(stmt(Principal="*", Effect="Deny")))


def test_url_only_action_is_a_function_url_statement() -> None:
    s = parse_statement(stmt(Principal="*", Action="lambda:InvokeFunctionUrl"))
    assert is_function_url_statement(s)
    plain = parse_statement(stmt(Principal="*", Action=["lambda:InvokeFunctionUrl", "lambda:*"]))
    assert not is_function_url_statement(plain)


# -- has_wildcard_source -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "wildcard"),
    [
        (None, False),
        ({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::my-bucket"}}, False),
        ({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::my-*"}}, True),
        ({"ArnLike": {"aws:SourceArn": ["arn:aws:s3:::a", "arn:aws:s3:::b?"]}}, True),
        ({"StringLike": {"aws:SourceAccount": "12345678901?"}}, True),
        ({"StringEquals": {"aws:SourceAccount": "123456789012"}}, False),
        ({"StringLike": {"aws:PrincipalOrgID": "o-*"}}, False),  # not a source key
        ({"ArnLike": {"aws:SourceArn": "arn:aws:logs:us-east-1:1:log-group:/app/x:*"}}, False),
        ({"ArnLike": {"aws:SourceArn": "arn:aws:logs:us-east-1:1:log-group:/app/*"}}, True),
        ({"ArnLike": {"aws:SourceArn": "arn:aws:logs:us-east-1:1:log-group:/app/*:*"}}, True),
        ({"ArnLike": {"aws:SourceArn": "arn:aws:logs:*:1:log-group:/app/x:*"}}, True),
    ],
)
def test_has_wildcard_source(condition: dict[str, Any] | None, wildcard: bool) -> None:
    assert has_wildcard_source(parse_statement(stmt(Condition=condition))) is wildcard


def test_wildcard_sources_in_mixed_fixture() -> None:
    wild = [s.sid for s in shape("mixed.policy.json").statements if has_wildcard_source(s)]
    assert wild == ["apigw-any-route"]  # the log group's trailing :* does not count


def test_a_statement_for_every_qualifier_belongs_to_the_policy_it_was_read_from() -> None:
    """Lambda: `function:NAME:*` covers every version and alias; RemovePermission must still
    name the policy that holds it."""
    text = json.dumps({"Statement": [stmt(Resource=f"{FN}:*")]})
    (s,) = parse_policy(text, qualifier=None, revision_id=None).statements
    assert s.qualifier is None and s.resource == f"{FN}:*"
