"""The policy evaluator, case by case from AWS's documented examples (each cites its page)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lambdatui.core.conditions import condition_holds, conditions_hold, make_context
from lambdatui.core.evaluator import (
    Decision,
    Request,
    already_permitted,
    evaluate,
    evaluate_document,
    invoke_request,
    statements_for,
)
from lambdatui.core.model import Function, FunctionDetail, Policy
from lambdatui.core.policy import parse_policy
from lambdatui.core.principals import ANONYMOUS, Caller, caller_from
from lambdatui.core.public_access import (
    anonymous_url_access,
    function_public_grants,
    public_grants,
    serves_only_function_url,
)
from tests.policy_builders import SHAPES

ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:my-function"

IAM = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
EVALUATION = IAM + "reference_policies_evaluation-logic.html"
OPERATORS = IAM + "reference_policies_elements_condition_operators.html"
MULTI_VALUED = IAM + "reference_policies_condition-single-vs-multi-valued-context-keys.html"
MULTIPLE_KEYS = IAM + "reference_policies_condition-logic-multiple-context-keys-or-values.html"
PRINCIPAL = IAM + "reference_policies_elements_principal.html"
NOT_PRINCIPAL = IAM + "reference_policies_elements_notprincipal.html"
ACTION = IAM + "reference_policies_elements_action.html"
VARIABLES = IAM + "reference_policies_variables.html"
LAMBDA_POLICIES = "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html"
URL_AUTH = "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"
CONFIG_RULE = (
    "https://docs.aws.amazon.com/config/latest/developerguide/"
    "lambda-function-public-access-prohibited.html"
)
S3_PUBLIC = (
    "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html"
)


def statements(*docs: dict[str, Any]) -> list[Any]:
    text = json.dumps({"Version": "2012-10-17", "Statement": list(docs)})
    return list(parse_policy(text, qualifier=None, revision_id=None).statements)


def allow(**fields: Any) -> dict[str, Any]:
    base = {"Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": FN}
    return {**base, **fields}


def deny(**fields: Any) -> dict[str, Any]:
    return {**allow(**fields), "Effect": "Deny", **fields}


def ask(policy: list[Any], caller: Caller, action: str = "lambda:InvokeFunction", **ctx: Any):
    return evaluate(policy, Request(caller, action, FN, None, make_context(ctx)))


ROLE = Caller("aws", "arn:aws:iam::444455556666:role/example", "444455556666")
SESSION = Caller("aws", "arn:aws:sts::444455556666:assumed-role/example/alice", "444455556666")
OTHER_ROLE = Caller("aws", "arn:aws:iam::444455556666:role/other", "444455556666")
S3 = Caller("service", "s3.amazonaws.com")


# -- evaluation logic ----------------------------------------------------------------------------


def test_explicit_deny_overrides_allow_and_no_allow_is_implicit_deny() -> None:
    """EVALUATION: an explicit Deny in any policy overrides any Allow; with no Allow the request
    is implicitly denied."""
    policy = statements(allow(), deny(Principal={"AWS": "444455556666"}))
    assert ask(policy, ROLE).decision is Decision.EXPLICIT_DENY
    assert ask(policy, S3).decision is Decision.ALLOW
    assert ask(statements(), ROLE).decision is Decision.IMPLICIT_DENY
    assert ask(statements(deny()), ROLE).decision is Decision.EXPLICIT_DENY


# -- principals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("principal", "caller", "expected"),
    [
        # PRINCIPAL: an account id and its root ARN name every IAM principal of the account
        ({"AWS": "444455556666"}, ROLE, True),
        ({"AWS": "arn:aws:iam::444455556666:root"}, SESSION, True),
        ({"AWS": "444455556666"}, ANONYMOUS, False),
        ({"AWS": "444455556666"}, S3, False),
        # PRINCIPAL: a role names the role and its assumed-role sessions
        ({"AWS": "arn:aws:iam::444455556666:role/example"}, SESSION, True),
        ({"AWS": "arn:aws:iam::444455556666:role/example"}, OTHER_ROLE, False),
        # PRINCIPAL: a role-session principal names that session only
        ({"AWS": "arn:aws:sts::444455556666:assumed-role/example/alice"}, SESSION, True),
        ({"AWS": "arn:aws:sts::444455556666:assumed-role/example/alice"}, ROLE, False),
        # PRINCIPAL: "*" and {"AWS": "*"} are everyone, anonymous callers included
        ("*", ANONYMOUS, True),
        ({"AWS": "*"}, ANONYMOUS, True),
        # PRINCIPAL: service principals, listed
        ({"Service": ["sns.amazonaws.com", "s3.amazonaws.com"]}, S3, True),
        ({"Service": "sns.amazonaws.com"}, S3, False),
    ],
)
def test_principal_forms(principal: Any, caller: Caller, expected: bool) -> None:
    assert ask(statements(allow(Principal=principal)), caller).allowed is expected


def test_not_principal() -> None:
    """NOT_PRINCIPAL: with Allow, everyone but the listed principals; with Deny, the listed
    principals are exempt from it."""
    listed = {"AWS": "arn:aws:iam::444455556666:role/example"}
    grant = {"Effect": "Allow", "NotPrincipal": listed, "Action": "lambda:*", "Resource": FN}
    assert ask(statements(grant), ANONYMOUS).allowed
    assert not ask(statements(grant), ROLE).allowed
    only_them = [allow(), {**grant, "Effect": "Deny"}]
    assert ask(statements(*only_them), ROLE).allowed
    assert ask(statements(*only_them), OTHER_ROLE).decision is Decision.EXPLICIT_DENY


def test_statement_without_principal_names_nobody() -> None:
    doc = allow()
    del doc["Principal"]
    assert not ask(statements(doc), ROLE).allowed


# -- actions and resources -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("element", "action", "expected"),
    [
        # ACTION: action names are case-insensitive; wildcards match
        ({"Action": "LAMBDA:invokefunction"}, "lambda:InvokeFunction", True),
        ({"Action": "lambda:*"}, "lambda:InvokeFunctionUrl", True),
        ({"Action": "lambda:Invoke*"}, "lambda:InvokeFunction", True),
        ({"Action": "lambda:Get*"}, "lambda:InvokeFunction", False),
        # IAM "NotAction": every action except the listed ones
        ({"NotAction": "lambda:Get*"}, "lambda:InvokeFunction", True),
        ({"NotAction": "lambda:Get*"}, "lambda:GetFunction", False),
    ],
)
def test_action_and_not_action(element: dict[str, Any], action: str, expected: bool) -> None:
    doc = {k: v for k, v in allow().items() if k != "Action"} | element
    assert ask(statements(doc), ROLE, action).allowed is expected


@pytest.mark.parametrize(
    ("resource", "qualifier", "expected"),
    [
        # LAMBDA_POLICIES: "you can also use a wildcard character to specify all of your
        # function's versions and aliases"
        (f"{FN}:*", "live", True),
        (f"{FN}:*", "7", True),
        (f"{FN}:*", None, False),  # the unqualified function is not NAME:*
        (FN, "live", False),  # a grant on the function does not cover its aliases
        (f"{FN}:live", "live", True),
        (f"{FN}:live", None, False),
        (FN, "$LATEST", True),
        ("*", "live", True),
    ],
)
def test_resource_with_qualifiers_and_wildcards(
    resource: str, qualifier: str | None, expected: bool
) -> None:
    policy = statements(allow(Resource=resource, Principal={"Service": "sns.amazonaws.com"}))
    request = invoke_request(
        principal="sns.amazonaws.com", qualifier=qualifier, function_arn=FN, source_arn=None
    )
    assert evaluate(policy, request).allowed is expected


def test_not_resource() -> None:
    """IAM "NotResource": the statement covers every resource but the listed ones."""
    everywhere_but_live = {k: v for k, v in deny().items() if k != "Resource"}
    everywhere_but_live["NotResource"] = f"{FN}:live"
    policy = statements(allow(Resource=f"{FN}:*"), allow(), everywhere_but_live)
    live = invoke_request(principal="*", qualifier="live", function_arn=FN)
    assert evaluate(policy, live).allowed
    unqualified = invoke_request(principal="*", qualifier=None, function_arn=FN)
    assert evaluate(policy, unqualified).decision is Decision.EXPLICIT_DENY


def test_statements_for_an_alias_include_the_function_wide_wildcard() -> None:
    everywhere = parse_policy(
        json.dumps({"Statement": [allow(Sid="all", Resource=f"{FN}:*")]}),
        qualifier=None,
        revision_id=None,
    )
    live = parse_policy(
        json.dumps({"Statement": [allow(Sid="live", Resource=f"{FN}:live")]}),
        qualifier="live",
        revision_id=None,
    )
    assert [s.sid for s in statements_for([everywhere, live], "live", FN)] == ["live", "all"]
    assert [s.sid for s in statements_for([everywhere, live], None, FN)] == ["all"]
    assert statements_for([everywhere, live], "canary", FN)[0].sid == "all"


# -- condition operators -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operator", "key", "wanted", "context", "expected"),
    [
        # OPERATORS, string: StringEquals is case-sensitive, the IgnoreCase form is not
        ("StringEquals", "aws:PrincipalTag/job-category", "iamuser-admin",
         {"aws:PrincipalTag/job-category": "iamuser-admin"}, True),
        ("StringEquals", "aws:PrincipalTag/job-category", "iamuser-admin",
         {"aws:PrincipalTag/job-category": "IAMUser-Admin"}, False),
        ("StringEqualsIgnoreCase", "aws:PrincipalTag/job-category", "iamuser-admin",
         {"aws:PrincipalTag/job-category": "IAMUser-Admin"}, True),
        ("StringLike", "aws:userid", "AIDA*", {"aws:userid": "AIDAEXAMPLE"}, True),
        ("StringNotLike", "aws:userid", "AIDA*", {"aws:userid": "AROAEXAMPLE"}, True),
        # OPERATORS: condition keys are case-insensitive
        ("StringEquals", "AWS:SOURCEACCOUNT", ACCOUNT, {"aws:SourceAccount": ACCOUNT}, True),
        # OPERATORS, numeric (the s3:max-keys example)
        ("NumericLessThanEquals", "s3:max-keys", "10", {"s3:max-keys": "10"}, True),
        ("NumericLessThanEquals", "s3:max-keys", "10", {"s3:max-keys": "11"}, False),
        ("NumericNotEquals", "s3:max-keys", "10", {"s3:max-keys": "11"}, True),
        # OPERATORS, date (the aws:CurrentTime / aws:TokenIssueTime examples)
        ("DateGreaterThan", "aws:CurrentTime", "2020-04-01T00:00:00Z",
         {"aws:CurrentTime": "2020-06-30T00:00:00Z"}, True),
        ("DateLessThan", "aws:CurrentTime", "2020-06-30T00:00:00Z",
         {"aws:CurrentTime": "2020-07-01T00:00:00Z"}, False),
        ("DateGreaterThan", "aws:TokenIssueTime", "2020-01-01T00:00:01Z",
         {"aws:TokenIssueTime": "1577836802"}, True),  # epoch seconds are dates too
        # OPERATORS, boolean (aws:SecureTransport)
        ("Bool", "aws:SecureTransport", "true", {"aws:SecureTransport": "TRUE"}, True),
        ("Bool", "aws:SecureTransport", "true", {"aws:SecureTransport": "false"}, False),
        # OPERATORS, IP address (the 203.0.113.0/24 and 2001:DB8 examples)
        ("IpAddress", "aws:SourceIp", "203.0.113.0/24", {"aws:SourceIp": "203.0.113.9"}, True),
        ("IpAddress", "aws:SourceIp", "203.0.113.0/24", {"aws:SourceIp": "198.51.100.9"}, False),
        ("IpAddress", "aws:SourceIp", "2001:DB8:1234:5678::/64",
         {"aws:SourceIp": "2001:db8:1234:5678::1"}, True),
        ("NotIpAddress", "aws:SourceIp", "203.0.113.0/24", {"aws:SourceIp": "198.51.100.9"}, True),
        # OPERATORS, ARN: ArnLike matches each of the six components on its own
        ("ArnLike", "aws:SourceArn", "arn:aws:sns:*:123456789012:*",
         {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:topic"}, True),
        ("ArnLike", "aws:SourceArn", "arn:aws:sns:*:123456789012:*",
         {"aws:SourceArn": "arn:aws:sns:us-east-1:999999999999:topic"}, False),
        ("ArnNotEquals", "aws:SourceArn", "arn:aws:s3:::bucket",
         {"aws:SourceArn": "arn:aws:s3:::other"}, True),
        ("BinaryEquals", "key", "QmluYXJ5VmFsdWVJbkJhc2U2NA==",
         {"key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}, True),
    ],
)  # fmt: skip
def test_operators(
    operator: str, key: str, wanted: Any, context: dict[str, Any], expected: bool
) -> None:
    assert condition_holds(operator, key, wanted, make_context(context)) is expected


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        # OPERATORS: "If the key that you specify in a policy condition is not present in the
        # request context, the values do not match and the condition is false. If the policy
        # condition requires that the key is not matched, such as StringNotLike or ArnNotLike,
        # and the right key is not present, the condition is true."
        ("StringEquals", False),
        ("StringLike", False),
        ("ArnLike", False),
        ("NumericLessThan", False),
        ("DateGreaterThan", False),
        ("Bool", False),
        ("IpAddress", False),
        ("StringNotEquals", True),
        ("StringNotLike", True),
        ("ArnNotLike", True),
        ("NotIpAddress", True),
        # OPERATORS, "...IfExists": passes when the key is absent
        ("StringEqualsIfExists", True),
        ("ArnLikeIfExists", True),
        ("BoolIfExists", True),
        # MULTI_VALUED: ForAllValues is true when the key is absent; ForAnyValue false
        ("ForAllValues:StringEquals", True),
        ("ForAnyValue:StringEquals", False),
        ("ForAnyValue:StringNotEquals", False),
        ("ForAnyValue:StringEqualsIfExists", True),
    ],
)
def test_absent_key(operator: str, expected: bool) -> None:
    assert condition_holds(operator, "aws:SourceVpc", "1", {}) is expected


def test_null_checks_presence() -> None:
    """OPERATORS, "Condition operator to check existence of condition keys": Null true means the
    key must be absent, false that it must be present (the aws:TokenIssueTime example)."""
    temporary = make_context({"aws:TokenIssueTime": "2024-01-01T00:00:00Z"})
    assert condition_holds("Null", "aws:TokenIssueTime", "true", {})
    assert not condition_holds("Null", "aws:TokenIssueTime", "true", temporary)
    assert condition_holds("Null", "aws:TokenIssueTime", "false", temporary)
    assert not condition_holds("Null", "aws:TokenIssueTime", False, {})


def test_several_keys_and_several_values() -> None:
    """MULTIPLE_KEYS: several keys (and operators) are ANDed, several values of one key ORed; a
    negated operator with several values holds when the request matches none (NOR)."""
    block = {
        "StringEquals": {"aws:PrincipalTag/team": ["a", "b"], "aws:RequestedRegion": "eu-west-1"},
        "Bool": {"aws:SecureTransport": "true"},
    }
    good = {"aws:PrincipalTag/team": "b", "aws:RequestedRegion": "eu-west-1"}
    assert conditions_hold(block, make_context({**good, "aws:SecureTransport": "true"}))
    assert not conditions_hold(block, make_context({**good, "aws:SecureTransport": "false"}))
    assert not conditions_hold(block, make_context({**good, "aws:PrincipalTag/team": "c"}))
    nor = {"StringNotEquals": {"aws:PrincipalTag/team": ["a", "b"]}}
    assert conditions_hold(nor, make_context({"aws:PrincipalTag/team": "c"}))
    assert not conditions_hold(nor, make_context({"aws:PrincipalTag/team": "b"}))


@pytest.mark.parametrize(
    ("operator", "tags", "expected"),
    [
        # MULTI_VALUED: the aws:TagKeys example, policy values ["environment", "cost-center"]
        ("ForAllValues:StringEquals", ["environment"], True),
        ("ForAllValues:StringEquals", ["environment", "cost-center"], True),
        ("ForAllValues:StringEquals", ["environment", "owner"], False),
        ("ForAnyValue:StringEquals", ["environment", "owner"], True),
        ("ForAnyValue:StringEquals", ["owner"], False),
        ("ForAllValues:StringNotEquals", ["owner", "team"], True),
        ("ForAllValues:StringNotEquals", ["owner", "environment"], False),
    ],
)
def test_set_operators(operator: str, tags: list[str], expected: bool) -> None:
    context = make_context({"aws:TagKeys": tags})
    wanted = ["environment", "cost-center"]
    assert condition_holds(operator, "aws:TagKeys", wanted, context) is expected


def test_policy_variables() -> None:
    """VARIABLES: ${aws:username} is replaced by the request's value; a missing key matches
    nothing unless the variable gives a default."""
    wanted = "home/${aws:username}/*"
    assert condition_holds(
        "StringLike",
        "s3:prefix",
        wanted,
        make_context({"s3:prefix": "home/alice/docs", "aws:username": "alice"}),
    )
    assert not condition_holds(
        "StringLike",
        "s3:prefix",
        wanted,
        make_context({"s3:prefix": "home/alice/docs", "aws:username": "bob"}),
    )
    assert not condition_holds(
        "StringLike", "s3:prefix", wanted, make_context({"s3:prefix": "home/alice/docs"})
    )
    fallback = "home/${aws:username, 'guest'}/*"
    assert condition_holds(
        "StringLike", "s3:prefix", fallback, make_context({"s3:prefix": "home/guest/x"})
    )


def test_unreadable_conditions_grant_nothing() -> None:
    assert not condition_holds("StringEqualsSomehow", "aws:SourceAccount", "1", {})
    assert not condition_holds("StringEquals", "aws:SourceAccount", {"x": 1}, {})
    assert not conditions_hold({"StringEquals": "not a block"}, {})
    assert not conditions_hold(["nope"], {})


# -- Lambda's own documented statements ---------------------------------------------------------


def test_lambda_documented_s3_grant() -> None:
    """LAMBDA_POLICIES, "Granting function access to AWS services": S3 with SourceArn and
    SourceAccount."""
    s3 = allow(
        Principal={"Service": "s3.amazonaws.com"},
        Condition={
            "StringEquals": {"AWS:SourceAccount": ACCOUNT},
            "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::amzn-s3-demo-bucket"},
        },
    )
    detail = FunctionDetail(
        Function("my-function", FN, "us-east-1"),
        policies=(Policy(None, "r", tuple(statements(s3))),),
    )
    asked = dict(principal="s3.amazonaws.com", qualifier=None)
    bucket = "arn:aws:s3:::amzn-s3-demo-bucket"
    assert already_permitted(detail, source_arn=bucket, source_account=ACCOUNT, **asked)
    assert not already_permitted(detail, source_arn=bucket, source_account="999999999999", **asked)
    assert not already_permitted(detail, source_arn="arn:aws:s3:::x", source_account=ACCOUNT,
                                 **asked)  # fmt: skip


def test_lambda_documented_organization_grant() -> None:
    """LAMBDA_POLICIES, "Granting function access to an organization": Principal * with
    aws:PrincipalOrgID."""
    org = allow(Condition={"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})
    assert ask(statements(org), ROLE, **{"aws:PrincipalOrgID": "o-a1b2c3d4e5"}).allowed
    assert not ask(statements(org), ROLE, **{"aws:PrincipalOrgID": "o-other"}).allowed
    assert not ask(statements(org), ROLE).allowed
    assert public_grants(statements(org), resource=FN) == []


# -- public, as AWS Config and Access Analyzer define it -----------------------------------------


@pytest.mark.parametrize(
    ("condition", "public"),
    [
        # CONFIG_RULE: "to be considered non-public, a Lambda resource-based policy must grant
        # access only to fixed values: values that don't contain a wildcard or a variable"
        (None, True),
        ({"StringEquals": {"aws:SourceAccount": ACCOUNT}}, False),
        ({"StringLike": {"aws:SourceAccount": "*"}}, True),
        ({"StringLike": {"aws:SourceAccount": "12345678901?"}}, True),
        ({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::*"}}, True),
        ({"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:*"}}, False),
        ({"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:*:topic"}}, True),
        ({"StringLike": {"aws:PrincipalOrgID": "*"}}, True),
        ({"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}, False),
        ({"StringEquals": {"aws:PrincipalOrgID": "${aws:PrincipalOrgID}"}}, True),
        ({"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}, False),
        ({"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/app"}}, False),
        # S3_PUBLIC: a policy limited to a set of CIDRs with aws:SourceIp is not public
        ({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, False),
        ({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, False),
        ({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}, True),
        ({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, True),
        # keys that do not identify the caller, and forms that let a caller without the key in
        ({"Bool": {"aws:SecureTransport": "true"}}, True),
        ({"StringEqualsIfExists": {"aws:SourceAccount": ACCOUNT}}, True),
        ({"StringNotEquals": {"aws:SourceAccount": ACCOUNT}}, True),
        ({"Null": {"aws:SourceAccount": "true"}}, True),
        ({"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}, True),
    ],
)
def test_public(condition: dict[str, Any] | None, public: bool) -> None:
    doc = allow(Condition=condition) if condition else allow()
    assert bool(public_grants(statements(doc), resource=FN)) is public


def test_public_is_cancelled_by_a_deny_that_keeps_outsiders_out() -> None:
    """EVALUATION + CONFIG_RULE: 'Allow *' and 'Deny unless aws:PrincipalOrgID is ours'."""
    guard = deny(Condition={"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})
    assert public_grants(statements(allow(), guard), resource=FN) == []
    # IfExists on a Deny also denies callers that send no org id: still not public
    guard_if_exists = deny(Condition={"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-1"}})
    assert public_grants(statements(allow(), guard_if_exists), resource=FN) == []
    one_org_out = deny(Condition={"StringEquals": {"aws:PrincipalOrgID": "o-evil"}})
    (grant,) = public_grants(statements(allow(), one_org_out), resource=FN)
    assert "no Deny statement" in grant.why
    only_invoke = deny(Action="lambda:InvokeFunction")
    (grant,) = public_grants(statements(allow(Action="lambda:*"), only_invoke), resource=FN)
    assert "lambda:InvokeFunction" not in grant.actions and "lambda:GetFunction" in grant.actions


def test_public_grant_of_another_action_and_url_only_statements() -> None:
    """CONFIG_RULE counts any action; URL_AUTH: a statement needing lambda:InvokedViaFunctionUrl
    serves only URL calls, BoolIfExists does not (the key is absent on a plain Invoke)."""
    (read,) = public_grants(statements(allow(Action="lambda:GetFunction")), resource=FN)
    assert read.actions == ("lambda:GetFunction",)
    via = allow(Condition={"Bool": {"lambda:InvokedViaFunctionUrl": "true"}})
    (url,) = public_grants(statements(via), resource=FN)
    assert url.url_only and url.url_actions == ("lambda:InvokeFunction",)
    assert serves_only_function_url(statements(via)[0])
    maybe = allow(Condition={"BoolIfExists": {"lambda:InvokedViaFunctionUrl": "true"}})
    (plain,) = public_grants(statements(maybe), resource=FN)
    assert not plain.url_only and not serves_only_function_url(statements(maybe)[0])


def test_function_public_grants_covers_alias_policies() -> None:
    live = parse_policy(json.dumps({"Statement": [allow(Sid="p", Resource=f"{FN}:live")]}),
                        qualifier="live", revision_id=None)  # fmt: skip
    detail = FunctionDetail(Function("my-function", FN, "us-east-1"), policies=(live,))
    assert [g.statement.sid for g in function_public_grants(detail)] == ["p"]


# -- function URLs -------------------------------------------------------------------------------

URL_FN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:echo"


def url_pair() -> list[Any]:
    text = (SHAPES / "function-url-public.policy.json").read_text()
    return list(parse_policy(text, qualifier=None, revision_id=None).statements)


def url_allows(policy: list[Any]) -> bool:
    return anonymous_url_access(policy, resource=URL_FN).works


def test_documented_public_url_pair_works_and_each_half_alone_does_not() -> None:
    """URL_AUTH: since October 2025 AuthType NONE needs both statements."""
    url, via = url_pair()
    assert url_allows([url, via])
    half = anonymous_url_access([url], resource=URL_FN)
    assert not half.works and half.missing == ("lambda:InvokeFunction",)
    assert anonymous_url_access([via], resource=URL_FN).missing == ("lambda:InvokeFunctionUrl",)


@pytest.mark.parametrize(
    ("grant", "works"),
    [
        # lambda:* (and lower-case names) serve both halves
        ({"Action": "lambda:*"}, True),
        ({"Action": ["lambda:invokefunctionurl", "lambda:invokefunction"]}, True),
        # a grant naming one account does not let an anonymous caller in (URL_AUTH's
        # cross-account example, role example in 444455556666)
        ({"Action": "lambda:*", "Principal": {"AWS": "arn:aws:iam::444455556666:role/example"}},
         False),
        # requiring AWS_IAM does not serve an AuthType NONE call
        ({"Action": ["lambda:InvokeFunctionUrl", "lambda:InvokeFunction"],
          "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "AWS_IAM"}}}, False),
    ],
)  # fmt: skip
def test_url_grants_decided_by_the_evaluator(grant: dict[str, Any], works: bool) -> None:
    doc = {"Effect": "Allow", "Principal": "*", "Resource": URL_FN, **grant}
    assert url_allows(statements(doc)) is works


def test_url_cancelled_by_a_deny() -> None:
    blocked = deny(Resource=URL_FN, Action="lambda:InvokeFunction")
    access = anonymous_url_access([*url_pair(), *statements(blocked)], resource=URL_FN)
    assert not access.works and access.missing == () and len(access.denied_by) == 1
    assert "Deny statement" in access.why_not


def test_caller_forms() -> None:
    assert caller_from("*") is ANONYMOUS
    assert caller_from("123456789012") == Caller("aws", f"arn:aws:iam::{ACCOUNT}:root", ACCOUNT)
    assert caller_from("logs.us-east-1.amazonaws.com").name == "logs.amazonaws.com"
    assert SESSION.session_role == "example" and ROLE.session_role is None


@pytest.mark.parametrize(
    "document", ["", "null", "[]", '{"Statement": 3}', '{"Statement": [1, "x", null]}', b"\xff"]
)
def test_unreadable_documents_grant_nothing(document: Any) -> None:
    assert not evaluate_document(document, Request(ROLE, "lambda:InvokeFunction", FN)).allowed


# -- a whole policy, as PutResourcePolicy stores it ------------------------------------------------

GUARDED_FN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:orders"


def guarded() -> list[Any]:
    text = (SHAPES / "guarded.policy.json").read_text()
    return list(parse_policy(text, qualifier="live", revision_id="r").statements)


def guarded_call(principal: str, action: str = "lambda:InvokeFunction", **kw: Any) -> Any:
    kw.setdefault("source_arn", None)
    request = invoke_request(principal=principal, qualifier="live", action=action, **kw)
    return evaluate(guarded(), request)


def test_data_perimeter_denies_keep_an_allow_everyone_private() -> None:
    """EVALUATION + CONFIG_RULE: the Allow to '*' is fenced by Denies for callers outside the
    organisation and for services acting for other accounts, so nobody outside gets in."""
    assert public_grants(guarded(), qualifier="live") == []
    assert not anonymous_url_access(guarded(), qualifier="live").works


def test_data_perimeter_lets_the_scoped_trigger_and_the_org_in() -> None:
    bucket = "arn:aws:s3:::my-bucket"
    ours = guarded_call("s3.amazonaws.com", source_arn=bucket, source_account=ACCOUNT)
    assert ours.allowed
    theirs = guarded_call("s3.amazonaws.com", source_arn=bucket, source_account="999999999999")
    assert [s.sid for s in theirs.denied_by] == ["DenyServicesForOtherAccounts"]
    member = "arn:aws:sts::111122223333:assumed-role/app/s"
    assert guarded_call(member, extra_context={"aws:PrincipalOrgID": "o-a1b2c3d4e5"}).allowed
    assert [s.sid for s in guarded_call(member).denied_by] == ["DenyOutsideOrg"]


def test_the_auditor_reads_only_from_inside_the_organisation() -> None:
    auditor = "arn:aws:sts::444455556666:assumed-role/auditor/alice"
    org = {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}
    read = "lambda:GetFunctionConfiguration"
    assert guarded_call(auditor, read, extra_context=org).allowed
    assert not guarded_call(auditor, "lambda:UpdateFunctionCode", extra_context=org).allowed
    assert guarded_call(auditor, read).decision is Decision.EXPLICIT_DENY


def without_service_fence(bool_operator: str) -> list[Any]:
    docs = json.loads((SHAPES / "guarded.policy.json").read_text())["Statement"]
    guard = docs[1]["Condition"]
    guard[bool_operator] = guard.pop("BoolIfExists")
    text = json.dumps(
        {"Statement": [d for d in docs if d["Sid"] != "DenyServicesForOtherAccounts"]}
    )
    return list(parse_policy(text, qualifier="live", revision_id=None).statements)


def test_each_perimeter_deny_is_needed() -> None:
    """IAM global condition keys: aws:PrincipalIsAWSService is present only on signed requests.
    Without the services' Deny, a service acting for another account gets in; with Bool instead
    of BoolIfExists the org guard does not even apply to an anonymous (function URL) caller."""
    (grant,) = public_grants(without_service_fence("BoolIfExists"), qualifier="live")
    assert grant.statement.sid == "AllowInvokeEveryAlias" and not grant.url_only
    assert grant.why.startswith("an AWS service acting for another account's resource gets in")
    # the anonymous half of a URL call: refused by the org guard only in its IfExists form
    fenced = anonymous_url_access(without_service_fence("BoolIfExists"), qualifier="live")
    assert [d.sid for d in fenced.denied_by] == ["DenyOutsideOrg"]
    open_ = anonymous_url_access(without_service_fence("Bool"), qualifier="live")
    assert open_.denied_by == () and open_.missing == ("lambda:InvokeFunctionUrl",)


def test_url_limited_to_an_office_range_works_for_callers_there() -> None:
    """OPERATORS (IpAddress): a URL open to anonymous callers from 203.0.113.0/24 works (for
    them), so it is not a broken trigger; it is not public either (S3_PUBLIC: a fixed CIDR)."""
    office = {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
    policy = [
        *statements(*(s.raw | {"Condition": {**s.raw["Condition"], **office}} for s in url_pair()))
    ]
    assert anonymous_url_access(policy, resource=URL_FN).works
    assert public_grants(policy, resource=URL_FN) == []
