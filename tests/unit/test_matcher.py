"""The matcher: does a policy let a service (or account) invoke the function at a qualifier?"""

from __future__ import annotations

from typing import Any

import pytest

from lambdatui.core.model import PolicyStatement
from lambdatui.core.policy import find_permitting, parse_policy, parse_statement, permits
from tests.policy_builders import SHAPES

ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:orders"
API = f"arn:aws:execute-api:us-east-1:{ACCOUNT}:a1b2c3d4e5"
RULE = f"arn:aws:events:us-east-1:{ACCOUNT}:rule/nightly"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:order-events"
LOG_GROUP = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app/orders:*"
BUCKET = "arn:aws:s3:::my-bucket"


def fixture(name: str) -> dict[str | None, PolicyStatement]:
    text = (SHAPES / name).read_text()
    return {s.sid: s for s in parse_policy(text, qualifier=None, revision_id=None).statements}


MIXED = fixture("mixed.policy.json")
S3 = fixture("s3-scoped.policy.json")["s3-invoke-uploads"]


def stmt(**fields: Any) -> PolicyStatement:
    base: dict[str, Any] = {
        "Sid": "s",
        "Effect": "Allow",
        "Principal": {"Service": "s3.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": FN,
    }
    base.update(fields)
    return parse_statement({k: v for k, v in base.items() if v is not None})


def call(
    statement: PolicyStatement,
    principal: str,
    source_arn: str | None = None,
    source_account: str | None = None,
    qualifier: str | None = None,
    **kwargs: Any,
) -> bool:
    return permits(
        statement,
        principal=principal,
        source_arn=source_arn,
        source_account=source_account,
        qualifier=qualifier,
        **kwargs,
    )


# -- SourceArn -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source_arn", "expected"),
    [
        (f"{API}/prod/GET/orders/42", True),
        (f"{API}/test/POST/orders/abc/items", True),
        (f"{API}/prod/GET/orders", False),
        (f"{API}/prod/GET/customers/42", False),
        (f"arn:aws:execute-api:us-east-1:{ACCOUNT}:otherapi00/prod/GET/orders/42", False),
        (None, False),
    ],
)
def test_api_gateway_wildcard_route(source_arn: str | None, expected: bool) -> None:
    assert call(MIXED["apigw-any-route"], "apigateway.amazonaws.com", source_arn) is expected


@pytest.mark.parametrize(
    ("source_arn", "expected"),
    [
        (RULE, True),
        (f"arn:aws:events:us-east-1:{ACCOUNT}:rule/nightly-2", False),
        (f"arn:aws:events:us-east-1:{ACCOUNT}:rule/other", False),
        ("arn:aws:events:us-east-1:999999999999:rule/nightly", False),
    ],
)
def test_eventbridge_rule_is_exact(source_arn: str, expected: bool) -> None:
    assert call(MIXED["nightly-rule"], "events.amazonaws.com", source_arn) is expected


def test_statement_without_source_arn_does_not_restrict() -> None:
    any_rule = f"arn:aws:events:us-east-1:{ACCOUNT}:rule/anything"
    assert call(MIXED["events-unscoped"], "events.amazonaws.com", any_rule)
    assert call(MIXED["events-unscoped"], "events.amazonaws.com", None)


def test_source_arn_list_matches_any_value() -> None:
    s = stmt(Condition={"ArnLike": {"aws:SourceArn": ["arn:aws:s3:::a", "arn:aws:s3:::b"]}})
    assert call(s, "s3.amazonaws.com", "arn:aws:s3:::b", ACCOUNT)
    assert not call(s, "s3.amazonaws.com", "arn:aws:s3:::c", ACCOUNT)


@pytest.mark.parametrize(
    ("operator", "pattern", "value", "expected"),
    [
        ("StringEquals", "arn:aws:s3:::my-*", "arn:aws:s3:::my-bucket", False),  # exact
        ("StringEquals", BUCKET, BUCKET, True),
        ("StringLike", "arn:aws:s3:::my-*", "arn:aws:s3:::my-bucket", True),
        ("ArnLike", "arn:aws:s3:::my-*", "arn:aws:s3:::my-bucket", True),
        ("ArnEquals", BUCKET, BUCKET, True),
        ("ArnEquals", BUCKET, "arn:aws:s3:::my-bucket2", False),
        # IAM evaluates ArnEquals exactly like ArnLike, wildcards included
        ("ArnEquals", "arn:aws:s3:::my-*", "arn:aws:s3:::my-bucket", True),
        ("ArnLikeIfExists", "arn:aws:s3:::my-*", "arn:aws:s3:::your-bucket", False),
        ("ArnNotLike", "arn:aws:s3:::my-*", "arn:aws:s3:::your-bucket", True),
        ("ArnNotLike", "arn:aws:s3:::my-*", "arn:aws:s3:::my-bucket", False),
    ],
)
def test_source_arn_operators(operator: str, pattern: str, value: str, expected: bool) -> None:
    s = stmt(Condition={operator: {"aws:SourceArn": pattern}})
    assert call(s, "s3.amazonaws.com", value, ACCOUNT) is expected


@pytest.mark.parametrize("key", ["aws:SourceArn", "AWS:SourceArn", "Aws:sourcearn"])
def test_condition_key_case_does_not_matter(key: str) -> None:
    s = stmt(Condition={"ArnLike": {key: BUCKET}})
    assert call(s, "s3.amazonaws.com", BUCKET, ACCOUNT)
    assert not call(s, "s3.amazonaws.com", "arn:aws:s3:::other", ACCOUNT)


def test_if_exists_passes_when_the_trigger_has_no_source_arn() -> None:
    s = stmt(Condition={"ArnLikeIfExists": {"aws:SourceArn": BUCKET}})
    assert call(s, "s3.amazonaws.com", None, ACCOUNT)
    plain = stmt(Condition={"ArnLike": {"aws:SourceArn": BUCKET}})
    assert not call(plain, "s3.amazonaws.com", None, ACCOUNT)


# -- SourceAccount -------------------------------------------------------------------------------


def test_s3_scoped_needs_bucket_and_account() -> None:
    assert call(S3, "s3.amazonaws.com", BUCKET, ACCOUNT)
    assert not call(S3, "s3.amazonaws.com", BUCKET, "999999999999")  # SourceAccount mismatch
    assert not call(S3, "s3.amazonaws.com", "arn:aws:s3:::other-bucket", ACCOUNT)


def test_s3_bucket_arn_has_no_account_to_derive() -> None:
    assert not call(S3, "s3.amazonaws.com", BUCKET, None)


def test_source_account_is_derived_from_the_source_arn() -> None:
    logs = MIXED["logs-app"]
    assert call(logs, "logs.amazonaws.com", LOG_GROUP, None)
    foreign = "arn:aws:logs:us-east-1:999999999999:log-group:/app/orders:*"
    s = stmt(
        Principal={"Service": "logs.amazonaws.com"},
        Condition={"StringEquals": {"aws:SourceAccount": ACCOUNT}},
    )
    assert call(s, "logs.amazonaws.com", LOG_GROUP, None)
    assert not call(s, "logs.amazonaws.com", foreign, None)
    # an account the caller passes wins over the one in the ARN
    assert not call(s, "logs.amazonaws.com", LOG_GROUP, "999999999999")


def test_source_account_list() -> None:
    s = stmt(Condition={"StringEquals": {"AWS:SourceAccount": ["111111111111", ACCOUNT]}})
    assert call(s, "s3.amazonaws.com", BUCKET, ACCOUNT)
    assert not call(s, "s3.amazonaws.com", BUCKET, "222222222222")


# -- qualifiers ----------------------------------------------------------------------------------


def test_statement_on_alias_permits_only_that_alias() -> None:
    sns_live = MIXED["sns-live"]
    assert call(sns_live, "sns.amazonaws.com", TOPIC, qualifier="live")
    assert not call(sns_live, "sns.amazonaws.com", TOPIC, qualifier=None)
    assert not call(sns_live, "sns.amazonaws.com", TOPIC, qualifier="canary")


def test_unqualified_statement_does_not_permit_an_alias() -> None:
    s = stmt(Principal={"Service": "sns.amazonaws.com"})
    assert call(s, "sns.amazonaws.com", TOPIC, qualifier=None)
    assert call(s, "sns.amazonaws.com", TOPIC, qualifier="$LATEST")
    assert not call(s, "sns.amazonaws.com", TOPIC, qualifier="live")


def test_version_qualifier() -> None:
    s = stmt(Principal={"Service": "sns.amazonaws.com"}, Resource=f"{FN}:3")
    assert call(s, "sns.amazonaws.com", TOPIC, qualifier="3")
    assert not call(s, "sns.amazonaws.com", TOPIC, qualifier="4")


# -- principals ----------------------------------------------------------------------------------


def test_wrong_service_is_not_permitted() -> None:
    assert not call(MIXED["nightly-rule"], "sns.amazonaws.com", RULE)
    assert not call(S3, "sns.amazonaws.com", BUCKET, ACCOUNT)


def test_service_listed_among_several() -> None:
    s = stmt(Principal={"Service": ["sns.amazonaws.com", "events.amazonaws.com"]})
    assert call(s, "events.amazonaws.com", RULE)
    assert call(s, "sns.amazonaws.com", TOPIC)
    assert not call(s, "s3.amazonaws.com", BUCKET, ACCOUNT)


@pytest.mark.parametrize(
    ("granted", "caller"),
    [
        ("logs.amazonaws.com", "logs.us-east-1.amazonaws.com"),
        ("logs.us-east-1.amazonaws.com", "logs.amazonaws.com"),
        ("logs.eu-west-1.amazonaws.com", "logs.amazonaws.com"),
    ],
)
def test_regional_logs_principal_counts_as_logs(granted: str, caller: str) -> None:
    s = stmt(Principal={"Service": granted})
    assert call(s, caller, LOG_GROUP)


def test_regional_principal_of_another_service_is_distinct() -> None:
    s = stmt(Principal={"Service": "sns.us-east-1.amazonaws.com"})
    assert not call(s, "sns.amazonaws.com", TOPIC)


def test_star_principal_permits_any_service() -> None:
    assert call(MIXED["anyone"], "s3.amazonaws.com", BUCKET)
    assert call(MIXED["anyone"], "arn:aws:iam::555555555555:role/r")


def test_principal_org_id_is_not_satisfiable_by_a_service() -> None:
    assert not call(MIXED["org-wide"], "events.amazonaws.com", RULE)
    assert not call(MIXED["org-wide"], "s3.amazonaws.com", BUCKET, ACCOUNT)


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        ("arn:aws:iam::987654321098:root", True),
        ("987654321098", True),
        ("arn:aws:iam::987654321098:role/invoker", True),  # an account means its principals
        ("arn:aws:sts::987654321098:assumed-role/invoker/session", True),
        ("arn:aws:iam::111111111111:root", False),
        ("events.amazonaws.com", False),
    ],
)
def test_account_principal(caller: str, expected: bool) -> None:
    assert call(MIXED["AllowCrossAccountInvoke"], caller) is expected


def test_specific_role_principal_does_not_stand_for_its_account() -> None:
    s = stmt(Principal={"AWS": "arn:aws:iam::987654321098:role/invoker"})
    assert call(s, "arn:aws:iam::987654321098:role/invoker")
    assert not call(s, "arn:aws:iam::987654321098:role/other")
    assert not call(s, "arn:aws:iam::987654321098:root")


# -- actions and effect --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("granted", "expected"),
    [
        ("lambda:InvokeFunction", True),
        ("lambda:invokefunction", True),
        ("lambda:*", True),
        ("*", True),
        ("lambda:Invoke*", True),
        (["lambda:GetFunction", "lambda:InvokeFunction"], True),
        ("lambda:InvokeFunctionUrl", False),
        ("lambda:GetFunction", False),
        ("s3:*", False),
    ],
)
def test_action_matching(granted: Any, expected: bool) -> None:
    s = stmt(Action=granted, Principal={"Service": "sns.amazonaws.com"})
    assert call(s, "sns.amazonaws.com", TOPIC) is expected


def test_deny_statement_never_permits() -> None:
    s = stmt(Effect="Deny", Principal={"Service": "sns.amazonaws.com"})
    assert not call(s, "sns.amazonaws.com", TOPIC)


def test_statement_without_action_permits_nothing() -> None:
    assert not call(stmt(Action=None), "s3.amazonaws.com", BUCKET, ACCOUNT)


# -- other conditions ----------------------------------------------------------------------------


def test_function_url_statements_only_serve_url_calls() -> None:
    url, via = fixture("function-url-public.policy.json").values()
    assert not call(via, "s3.amazonaws.com", BUCKET, ACCOUNT)
    assert not call(url, "s3.amazonaws.com", BUCKET, ACCOUNT, action="lambda:InvokeFunctionUrl")
    url_call = {"lambda:FunctionUrlAuthType": "NONE"}
    assert call(url, "*", action="lambda:InvokeFunctionUrl", extra_context=url_call)
    assert call(via, "*", extra_context={"lambda:InvokedViaFunctionUrl": "true"})


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"StringNotEquals": {"aws:SourceVpc": "vpc-1"}}, True),  # absent key: negation holds
        ({"StringEquals": {"aws:SourceVpc": "vpc-1"}}, False),  # absent key: test fails
        ({"Null": {"aws:SourceVpc": "true"}}, True),
        ({"Null": {"aws:SourceArn": "true"}}, False),
        ({"Null": {"aws:SourceArn": "false"}}, True),
        ({"Bool": {"aws:PrincipalIsAWSService": "true"}}, True),
        ({"StringEquals": {"aws:PrincipalServiceName": "sns.amazonaws.com"}}, True),
        ({"NumericLessThan": {"aws:MultiFactorAuthAge": "300"}}, False),
        ({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, False),
        ({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, True),
        ({"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}, True),
        ({"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}}, False),
        ({"StringLike": {"aws:SourceArn": "arn:aws:sns:*"}, "Bool": {"x:y": "true"}}, False),
    ],
)
def test_other_condition_operators(condition: dict[str, Any], expected: bool) -> None:
    s = stmt(Principal={"Service": "sns.amazonaws.com"}, Condition=condition)
    assert call(s, "sns.amazonaws.com", TOPIC) is expected


# -- find_permitting -----------------------------------------------------------------------------


def find(statements: Any, principal: str, source_arn: str | None, **kw: Any) -> Any:
    kw.setdefault("source_account", None)
    kw.setdefault("qualifier", None)
    return find_permitting(statements, principal=principal, source_arn=source_arn, **kw)


def test_find_permitting_in_mixed_fixture() -> None:
    statements = list(MIXED.values())
    api = find(statements, "apigateway.amazonaws.com", f"{API}/prod/GET/orders/42")
    # "anyone" comes first and permits everything; the first permitting statement wins
    assert api is not None and api.sid == "anyone"
    scoped = [s for s in statements if s.sid != "anyone"]
    assert find(scoped, "apigateway.amazonaws.com", f"{API}/prod/GET/orders/42").sid == (
        "apigw-any-route"
    )
    assert find(scoped, "apigateway.amazonaws.com", f"{API}/prod/GET/orders") is None
    assert find(scoped, "events.amazonaws.com", RULE).sid == "nightly-rule"
    assert find(scoped, "logs.amazonaws.com", LOG_GROUP).sid == "logs-app"
    assert find(scoped, "sns.amazonaws.com", TOPIC) is None  # the only SNS grant is on live
    assert find(scoped, "sns.amazonaws.com", TOPIC, qualifier="live").sid == "sns-live"
    assert find(scoped, "s3.amazonaws.com", BUCKET, source_account=ACCOUNT) is None


def test_deny_wins_over_allow() -> None:
    allow = stmt(Sid="allow", Principal={"Service": "sns.amazonaws.com"})
    deny = stmt(
        Sid="deny",
        Effect="Deny",
        Principal="*",
        Condition={"ArnLike": {"aws:SourceArn": TOPIC}},
    )
    assert find([allow], "sns.amazonaws.com", TOPIC).sid == "allow"
    assert find([allow, deny], "sns.amazonaws.com", TOPIC) is None
    assert find([deny, allow], "sns.amazonaws.com", TOPIC) is None
    other_topic = f"arn:aws:sns:us-east-1:{ACCOUNT}:other"
    assert find([allow, deny], "sns.amazonaws.com", other_topic).sid == "allow"  # deny not hit


def test_deny_on_another_qualifier_does_not_apply() -> None:
    allow = stmt(Sid="allow", Principal={"Service": "sns.amazonaws.com"})
    deny = stmt(Sid="deny", Effect="Deny", Principal="*", Resource=f"{FN}:live")
    assert find([deny, allow], "sns.amazonaws.com", TOPIC).sid == "allow"


def test_find_permitting_empty() -> None:
    assert find([], "s3.amazonaws.com", BUCKET, source_account=ACCOUNT) is None
    assert find(iter([S3]), "s3.amazonaws.com", BUCKET, source_account=ACCOUNT) is S3
