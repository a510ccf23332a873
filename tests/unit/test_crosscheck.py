"""Trigger statuses from the two halves: the service's wiring and the function's policy."""

from __future__ import annotations

import json

from lambdatui.core.crosscheck import Coverage, function_triggers
from lambdatui.core.model import (
    EventSourceMapping,
    FunctionUrl,
    TriggerStatus,
    WiredTrigger,
)
from tests.policy_builders import SHAPES, policy

FN = "arn:aws:lambda:us-east-1:123456789012:function:img-resize"
ALL = Coverage(scanned=frozenset({"s3", "sns", "events", "apigateway", "logs", "cognito-idp"}))


def s3_statement(
    sid: str, bucket: str, *, qualifier: str | None = None, account: bool = True
) -> dict:  # type: ignore[type-arg]
    condition: dict = {"ArnLike": {"AWS:SourceArn": f"arn:aws:s3:::{bucket}"}}  # type: ignore[type-arg]
    if account:
        condition["StringEquals"] = {"AWS:SourceAccount": "123456789012"}
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": {"Service": "s3.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": f"{FN}:{qualifier}" if qualifier else FN,
        "Condition": condition,
    }


def s3_wired(bucket: str, target: str = FN) -> WiredTrigger:
    return WiredTrigger(
        source="s3",
        source_arn=f"arn:aws:s3:::{bucket}",
        target_arn=target,
        principal="s3.amazonaws.com",
        source_account="123456789012",
        detail={"events": ["s3:ObjectCreated:*"]},
    )


def no_lookups(source: str, arn: str) -> bool:
    raise AssertionError(f"unexpected existence check of {arn}")


def statuses(triggers) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return {(t.source, t.source_arn, t.qualifier): t.status for t in triggers}


def test_wired_and_permitted_is_ok_with_the_sid() -> None:
    [trigger] = function_triggers(
        wired=[s3_wired("uploads")],
        policies=[policy(s3_statement("s3-uploads", "uploads"))],
        coverage=ALL,
        exists=no_lookups,
    )
    assert trigger.status is TriggerStatus.OK
    assert trigger.statement_sid == "s3-uploads"


def test_wired_without_statement_is_missing_permission() -> None:
    [trigger] = function_triggers(
        wired=[s3_wired("uploads")], policies=[], coverage=ALL, exists=no_lookups
    )
    assert trigger.status is TriggerStatus.MISSING_PERMISSION
    assert trigger.statement_sid is None
    assert "s3.amazonaws.com" in trigger.note


def test_statement_for_another_bucket_does_not_permit() -> None:
    found = function_triggers(
        wired=[s3_wired("uploads")],
        policies=[policy(s3_statement("other", "other-bucket"))],
        coverage=ALL,
        exists=lambda source, arn: True,
    )
    assert statuses(found) == {
        ("s3", "arn:aws:s3:::uploads", None): TriggerStatus.MISSING_PERMISSION,
        ("s3", "arn:aws:s3:::other-bucket", None): TriggerStatus.NOT_WIRED,
    }


def test_alias_trigger_needs_a_statement_on_the_alias() -> None:
    wired = s3_wired("uploads", target=f"{FN}:live")
    unqualified_only = function_triggers(
        wired=[wired],
        policies=[policy(s3_statement("s3", "uploads"))],
        coverage=ALL,
        exists=lambda source, arn: True,
    )
    assert statuses(unqualified_only)[("s3", "arn:aws:s3:::uploads", "live")] is (
        TriggerStatus.MISSING_PERMISSION
    )
    on_alias = function_triggers(
        wired=[wired],
        policies=[policy(s3_statement("s3-live", "uploads", qualifier="live"), qualifier="live")],
        coverage=ALL,
        exists=no_lookups,
    )
    assert [(t.status, t.qualifier, t.statement_sid) for t in on_alias] == [
        (TriggerStatus.OK, "live", "s3-live")
    ]


def test_statement_whose_source_is_gone_is_source_missing() -> None:
    asked: list[str] = []

    def exists(source: str, arn: str) -> bool:
        asked.append(f"{source} {arn}")
        return False

    [trigger] = function_triggers(
        wired=[], policies=[policy(s3_statement("old", "deleted"))], coverage=ALL, exists=exists
    )
    assert trigger.status is TriggerStatus.SOURCE_MISSING
    assert asked == ["s3 arn:aws:s3:::deleted"]


def test_unscanned_service_is_unverified_never_missing() -> None:
    coverage = Coverage(scanned=frozenset(), notes={"s3": "s3 could not be read: AccessDenied"})
    [trigger] = function_triggers(
        wired=[],
        policies=[policy(s3_statement("s3", "uploads"))],
        coverage=coverage,
        exists=no_lookups,
    )
    assert trigger.status is TriggerStatus.UNVERIFIED
    assert "AccessDenied" in trigger.note


def test_policy_only_services_are_unverified() -> None:
    statement = {
        "Sid": "iot",
        "Effect": "Allow",
        "Principal": {"Service": "iot.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": FN,
        "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:iot:us-east-1:123456789012:rule/r"}},
    }
    [trigger] = function_triggers(
        wired=[], policies=[policy(statement)], coverage=ALL, exists=no_lookups
    )
    assert (trigger.source, trigger.status) == ("iot", TriggerStatus.UNVERIFIED)


def test_account_and_public_statements_are_not_triggers() -> None:
    mixed = json.loads((SHAPES / "mixed.policy.json").read_text())
    accounts_only = [s for s in mixed["Statement"] if "Service" not in s["Principal"]]
    assert len(accounts_only) == 3
    found = function_triggers(
        wired=[], policies=[policy(*accounts_only)], coverage=ALL, exists=no_lookups
    )
    assert found == []


def test_public_function_url_needs_both_statements() -> None:
    shape = json.loads((SHAPES / "function-url-public.policy.json").read_text())
    url = FunctionUrl(
        qualifier=None, url="https://x.lambda-url.us-east-1.on.aws/", auth_type="NONE"
    )
    [both] = function_triggers(
        wired=[], policies=[policy(*shape["Statement"])], urls=[url], coverage=ALL,
        exists=no_lookups,
    )  # fmt: skip
    assert (both.source, both.status) == ("function-url", TriggerStatus.OK)
    [only_one] = function_triggers(
        wired=[], policies=[policy(shape["Statement"][0])], urls=[url], coverage=ALL,
        exists=no_lookups,
    )  # fmt: skip
    assert only_one.status is TriggerStatus.MISSING_PERMISSION
    assert "InvokedViaFunctionUrl" in only_one.note


def test_mappings_are_pull_triggers_needing_no_policy() -> None:
    mapping = EventSourceMapping(
        uuid="u-1",
        event_source_arn="arn:aws:sqs:us-east-1:123456789012:orders",
        function_arn=FN,
        state="Enabled",
        batch_size=10,
    )
    [trigger] = function_triggers(
        wired=[], policies=[], mappings=[mapping], coverage=ALL, exists=no_lookups
    )
    assert (trigger.kind, trigger.source, trigger.status) == ("pull", "sqs", TriggerStatus.OK)


def test_unscoped_grant_covers_a_wired_rule_and_is_not_reported_twice() -> None:
    rule = "arn:aws:events:us-east-1:123456789012:rule/nightly"
    wired = WiredTrigger("events", rule, FN, "events.amazonaws.com", "123456789012")
    unscoped = {
        "Sid": "events-unscoped",
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": FN,
    }
    found = function_triggers(
        wired=[wired], policies=[policy(unscoped)], coverage=ALL, exists=no_lookups
    )
    assert [(t.status, t.statement_sid) for t in found] == [(TriggerStatus.OK, "events-unscoped")]


def test_deny_statement_breaks_a_trigger() -> None:
    allow = s3_statement("allow", "uploads")
    deny = dict(allow, Sid="deny", Effect="Deny")
    [trigger] = function_triggers(
        wired=[s3_wired("uploads")],
        policies=[policy(allow, deny)],
        coverage=ALL,
        exists=lambda source, arn: True,
    )[:1]
    assert trigger.status is TriggerStatus.MISSING_PERMISSION
    assert trigger.note == "Deny statement 'deny' refuses s3.amazonaws.com"


def test_the_specific_grant_is_named_when_a_public_one_also_matches() -> None:
    rule = "arn:aws:events:us-east-1:123456789012:rule/nightly"
    wired = WiredTrigger("events", rule, FN, "events.amazonaws.com", "123456789012")
    public = {
        "Sid": "anyone",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "lambda:InvokeFunction",
        "Resource": FN,
    }
    scoped = {
        "Sid": "nightly-rule",
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": FN,
        "Condition": {"ArnLike": {"AWS:SourceArn": rule}},
    }
    found = function_triggers(
        wired=[wired], policies=[policy(public, scoped)], coverage=ALL, exists=no_lookups
    )
    assert [(t.status, t.statement_sid) for t in found] == [(TriggerStatus.OK, "nightly-rule")]


# -- issue 11: every decision from the one evaluator ---------------------------------------------

URL = FunctionUrl(qualifier=None, url="https://x.lambda-url.us-east-1.on.aws/", auth_type="NONE")


def url_statement(sid: str, **fields: object) -> dict:  # type: ignore[type-arg]
    return {"Sid": sid, "Effect": "Allow", "Principal": "*", "Resource": FN, **fields}


def url_status(*statements: dict, urls: tuple = (URL,)) -> list:  # type: ignore[type-arg]
    return function_triggers(
        wired=[], policies=[policy(*statements)], urls=list(urls), coverage=ALL, exists=no_lookups
    )


def test_alias_trigger_covered_by_a_function_wide_wildcard_is_ok_and_not_stale() -> None:
    """Lambda: a Resource of function:NAME:* covers every alias and version."""
    everywhere = s3_statement("s3-all-aliases", "uploads")
    everywhere["Resource"] = f"{FN}:*"
    triggers = function_triggers(
        wired=[s3_wired("uploads", target=f"{FN}:live")],
        policies=[policy(everywhere)],
        coverage=ALL,
        exists=no_lookups,
    )
    assert [(t.qualifier, t.status, t.statement_sid) for t in triggers] == [
        ("live", TriggerStatus.OK, "s3-all-aliases")
    ]


def test_action_names_are_case_insensitive_and_wildcards_count() -> None:
    for action in ("LAMBDA:invokefunction", "lambda:*", "lambda:Invoke*"):
        grant = s3_statement("s3-uploads", "uploads")
        grant["Action"] = action
        [trigger] = function_triggers(
            wired=[s3_wired("uploads")], policies=[policy(grant)], coverage=ALL, exists=no_lookups
        )
        assert trigger.status is TriggerStatus.OK, action


def test_url_served_by_lambda_star_or_lower_case_names_works() -> None:
    for action in ("lambda:*", ["lambda:invokefunctionurl", "lambda:invokefunction"]):
        [trigger] = url_status(url_statement("any", Action=action))
        assert trigger.status is TriggerStatus.OK, action
        assert trigger.statement_sid == "any"


def test_url_not_open_to_anonymous_callers_is_missing_permission() -> None:
    both = ["lambda:InvokeFunctionUrl", "lambda:InvokeFunction"]
    one_account = url_statement("acct", Action=both, Principal={"AWS": "444455556666"})
    iam_only = url_statement(
        "iam", Action=both, Condition={"StringEquals": {"lambda:FunctionUrlAuthType": "AWS_IAM"}}
    )
    for statement in (one_account, iam_only):
        [trigger] = url_status(statement)
        assert trigger.status is TriggerStatus.MISSING_PERMISSION, statement["Sid"]
        assert "anonymous caller is refused" in trigger.note


def test_url_cancelled_by_a_deny_names_the_deny() -> None:
    shape = json.loads((SHAPES / "function-url-public.policy.json").read_text())["Statement"]
    guard = url_statement("no-public", Effect="Deny", Action="lambda:InvokeFunction")
    [trigger] = url_status(*shape, guard)
    assert trigger.status is TriggerStatus.MISSING_PERMISSION
    assert "'no-public'" in trigger.note


def test_leftover_url_grants_without_a_url_are_stale() -> None:
    shape = json.loads((SHAPES / "function-url-public.policy.json").read_text())["Statement"]
    triggers = url_status(*shape, urls=())
    assert [(t.source, t.status, t.statement_sid) for t in triggers] == [
        ("function-url", TriggerStatus.NOT_WIRED, "FunctionURLAllowPublicAccess"),
        ("function-url", TriggerStatus.NOT_WIRED, "FunctionURLInvokeAllowPublicAccess"),
    ]
    # BoolIfExists also serves plain invokes: not a URL grant, so not a leftover one
    maybe = url_statement(
        "maybe",
        Action="lambda:InvokeFunction",
        Condition={"BoolIfExists": {"lambda:InvokedViaFunctionUrl": "true"}},
    )
    assert url_status(maybe, urls=()) == []


def test_conditions_on_keys_every_call_carries_do_not_break_a_trigger() -> None:
    """IAM global condition keys: aws:SecureTransport and aws:CurrentTime are in every request
    (Lambda's endpoints are HTTPS only)."""
    grant = s3_statement("s3-uploads", "uploads")
    grant["Condition"]["Bool"] = {"aws:SecureTransport": "true"}
    grant["Condition"]["DateLessThan"] = {"aws:CurrentTime": "2999-01-01T00:00:00Z"}
    [trigger] = function_triggers(
        wired=[s3_wired("uploads")], policies=[policy(grant)], coverage=ALL, exists=no_lookups
    )
    assert trigger.status is TriggerStatus.OK
    grant["Condition"]["DateLessThan"] = {"aws:CurrentTime": "2001-01-01T00:00:00Z"}
    expired = function_triggers(
        wired=[s3_wired("uploads")],
        policies=[policy(grant)],
        coverage=ALL,
        exists=lambda source, arn: True,
    )[0]
    assert expired.status is TriggerStatus.MISSING_PERMISSION
