"""Properties of the evaluator that hold for every policy, checked with hypothesis.

IAM's evaluation logic is monotone: a Deny can only take access away, an Allow can only add it.
And a policy of any shape — lambdatui reads whatever `PutResourcePolicy` stored — never makes
the evaluator raise.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambdatui.core.conditions import make_context
from lambdatui.core.evaluator import Request, evaluate, evaluate_document, statement_applies
from lambdatui.core.model import PolicyStatement
from lambdatui.core.policy import PolicyParseError, parse_statement
from lambdatui.core.principals import ANONYMOUS, Caller
from lambdatui.core.public_access import anonymous_url_access, public_grants

FN = "arn:aws:lambda:us-east-1:123456789012:function:orders"
KEYS = [
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:PrincipalOrgID",
    "aws:SourceIp",
    "aws:SecureTransport",
    "aws:CurrentTime",
    "lambda:InvokedViaFunctionUrl",
    "lambda:FunctionUrlAuthType",
    "aws:TagKeys",
]
VALUES = [
    "123456789012",
    "999999999999",
    "*",
    "o-1",
    "10.0.0.0/8",
    "203.0.113.7",
    "true",
    "false",
    "NONE",
    "arn:aws:s3:::b",
    "arn:aws:s3:::*",
    "2030-01-01T00:00:00Z",
]
OPERATORS = [
    "StringEquals",
    "StringNotEquals",
    "StringLike",
    "StringNotLike",
    "StringEqualsIgnoreCase",
    "ArnLike",
    "ArnNotLike",
    "Bool",
    "Null",
    "IpAddress",
    "NotIpAddress",
    "DateLessThan",
    "NumericGreaterThan",
    "StringEqualsIfExists",
    "ArnLikeIfExists",
    "BoolIfExists",
    "ForAnyValue:StringLike",
    "ForAllValues:StringEquals",
]
PRINCIPALS = [
    "*",
    {"AWS": "*"},
    {"AWS": "123456789012"},
    {"AWS": "arn:aws:iam::999999999999:role/r"},
    {"Service": "s3.amazonaws.com"},
    {"Service": ["sns.amazonaws.com", "s3.amazonaws.com"]},
]
ACTIONS = ["lambda:*", "lambda:InvokeFunction", "lambda:invoke*", "lambda:Get*", "*", "s3:*"]
RESOURCES = [FN, f"{FN}:*", f"{FN}:live", "*"]
CALLERS = [
    ANONYMOUS,
    Caller("aws", "arn:aws:iam::999999999999:role/r", "999999999999"),
    Caller("aws", "arn:aws:sts::123456789012:assumed-role/app/s", "123456789012"),
    Caller("service", "s3.amazonaws.com"),
]
REQUEST_ACTIONS = ["lambda:InvokeFunction", "lambda:InvokeFunctionUrl", "lambda:GetFunction"]

values = st.sampled_from(VALUES)
conditions = st.dictionaries(
    st.sampled_from(OPERATORS),
    st.dictionaries(st.sampled_from(KEYS), values | st.lists(values, max_size=3), max_size=2),
    max_size=2,
)


@st.composite
def statement_docs(draw: Any, effect: str | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"Effect": effect or draw(st.sampled_from(["Allow", "Deny"]))}
    principal_element = draw(st.sampled_from(["Principal", "Principal", "NotPrincipal"]))
    doc[principal_element] = draw(st.sampled_from(PRINCIPALS))
    action_element = draw(st.sampled_from(["Action", "Action", "NotAction"]))
    doc[action_element] = draw(st.sampled_from(ACTIONS) | st.lists(st.sampled_from(ACTIONS)))
    resource_element = draw(st.sampled_from(["Resource", "Resource", "NotResource"]))
    doc[resource_element] = draw(st.sampled_from(RESOURCES))
    if draw(st.booleans()):
        doc["Condition"] = draw(conditions)
    return doc


def parsed(docs: list[dict[str, Any]]) -> list[PolicyStatement]:
    return [parse_statement(d) for d in docs]


requests = st.builds(
    Request,
    caller=st.sampled_from(CALLERS),
    action=st.sampled_from(REQUEST_ACTIONS),
    resource=st.sampled_from([FN, f"{FN}:live", f"{FN}:7"]),
    qualifier=st.none(),
    context=st.dictionaries(st.sampled_from(KEYS), values).map(make_context),
)
policies = st.lists(statement_docs(), max_size=4)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(policies, statement_docs("Deny"), requests)
def test_adding_a_deny_never_widens_what_is_allowed(
    policy: list[dict[str, Any]], extra: dict[str, Any], request: Request
) -> None:
    if evaluate(parsed([*policy, extra]), request).allowed:
        assert evaluate(parsed(policy), request).allowed


@FAST
@given(policies, statement_docs("Allow"), requests)
def test_adding_an_allow_never_narrows_what_is_allowed(
    policy: list[dict[str, Any]], extra: dict[str, Any], request: Request
) -> None:
    if evaluate(parsed(policy), request).allowed:
        assert evaluate(parsed([*policy, extra]), request).allowed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies, statement_docs("Deny"))
def test_adding_a_deny_never_makes_a_statement_public(
    policy: list[dict[str, Any]], extra: dict[str, Any]
) -> None:
    before = parsed(policy)
    after = [*before, parse_statement(extra)]
    public_after = {id(g.statement) for g in public_grants(after, resource=FN)}
    public_before = {id(g.statement) for g in public_grants(before, resource=FN)}
    assert public_after <= public_before
    if anonymous_url_access(after, resource=FN).works:
        assert anonymous_url_access(before, resource=FN).works


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(
        st.sampled_from(
            ["Statement", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
             "Resource", "NotResource", "Condition", "AWS", "Service", "Allow", "Deny", "*",
             *OPERATORS, *KEYS]
        ) | st.text(max_size=8),
        inner,
        max_size=5,
    ),
    max_leaves=30,
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, requests)
def test_the_evaluator_never_raises_on_arbitrary_json(document: Any, request: Request) -> None:
    result = evaluate_document(document, request)
    assert result.allowed in (True, False)
    if isinstance(document, dict):
        assert statement_applies(document, request) in (True, False)
        try:
            statement = parse_statement(document)
        except PolicyParseError:
            return
        public_grants([statement], resource=FN)
        anonymous_url_access([statement], resource=FN)
