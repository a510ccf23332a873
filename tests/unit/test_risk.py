"""A plan's second confirmation comes from its operations (actions/risk.py), for every plan."""

from __future__ import annotations

import pytest

from lambdatui.actions.calls import ApiCall, add_permission, remove_permission
from lambdatui.actions.calls import update_function_url_auth as url_auth
from lambdatui.actions.plan import Plan, Step

ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders"


def plan(*steps: Step, confirm: str | None = None) -> Plan:
    return Plan("t", "w", ARN, steps, second_confirmation=confirm)


def grant(principal: str, **kw: object) -> Step:
    return Step(add_permission("orders", "s", principal, **kw), "add")  # type: ignore[arg-type]


def removal(undo: ApiCall | None) -> Step:
    return Step(remove_permission("orders", "s"), "remove", undo)


@pytest.mark.parametrize(
    ("step", "words"),
    [
        (grant("*"), "anyone (any AWS account) call lambda:InvokeFunction on orders"),
        (grant("arn:aws:iam::*:root", qualifier="live"), "on orders:live"),
        (grant("*", function_url_auth_type="NONE"), "anyone on the internet"),
        (Step(url_auth("orders", "NONE"), "open"), "anyone on the internet"),
        (grant("987654321098", action="lambda:GetFunction"), "account 987654321098"),
        (grant("arn:aws:iam::987654321098:role/r", action="lambda:*"), "more than invoking"),
        (removal(add_permission("orders", "s", "*")), "Removing it stops every caller"),
        (removal(add_permission("orders", "s", "sns.amazonaws.com")), "for any resource"),
    ],
)
def test_risky_operations_ask_twice(step: Step, words: str) -> None:
    assert words in (plan(step).second_confirmation or "")


@pytest.mark.parametrize(
    "steps",
    [
        (grant("*", source_arn="arn:aws:s3:::b"),),
        (grant("*", principal_org_id="o-123"),),
        (grant("987654321098"),),  # invoking only, by a named account
        (grant("123456789012", action="lambda:GetFunction"),),  # our own account
        (grant("s3.amazonaws.com", source_arn="arn:aws:s3:::b"),),
        (Step(url_auth("orders", "AWS_IAM"), "close"),),
        (removal(add_permission("orders", "s", "s3.amazonaws.com", source_arn="arn:aws:s3:::b")),),
        (removal(None),),  # judged by its planner, which knows the statement
        # closing a URL removes its public statements: that only narrows who may call
        (
            Step(url_auth("orders", "AWS_IAM"), "close"),
            removal(add_permission("orders", "s", "*", function_url_auth_type="NONE")),
        ),
        # a service grant re-granted per source before the unscoped one goes
        (
            grant("sns.amazonaws.com", source_arn="arn:aws:sns:us-east-1:123456789012:t"),
            removal(add_permission("orders", "s", "sns.amazonaws.com")),
        ),
    ],
)
def test_safe_operations_ask_once(steps: tuple[Step, ...]) -> None:
    assert plan(*steps).second_confirmation is None


def test_a_planners_own_words_win_and_every_sentence_is_said_once() -> None:
    assert plan(grant("*"), confirm="Sure?").second_confirmation == "Sure?"
    twice = plan(
        grant("*", function_url_auth_type="NONE"),
        grant("*", invoked_via_function_url=True),
        Step(url_auth("orders", "NONE"), "open"),
    )
    assert (twice.second_confirmation or "").count("Make it public?") == 1
