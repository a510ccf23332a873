"""Evaluate a plan's `Check`s by re-reading the account (the reads are in `reads`).

`evaluate(session, check)` answers None when the fact holds, else a sentence saying what was
found instead; it dispatches on the check's type (`lambdatui.actions.check_types`). Reads raise
the typed `AwsError`s of `lambdatui.aws.translate`; the executor decides what a failed read means.
"""

from __future__ import annotations

import json
from functools import singledispatch
from typing import Any
from urllib.parse import unquote

from lambdatui.actions.bucket_config import (
    canonical_config,
    canonical_entry,
    entries_by_id,
)
from lambdatui.actions.check_types import (
    BucketConfigUnchanged,
    BucketEntriesPreserved,
    BucketEntryPresent,
    Check,
    EventsRule,
    EventsTarget,
    InvokeConfigAbsent,
    InvokeConfigDestination,
    InvokeConfigUnchanged,
    MappingOnFailure,
    Permits,
    PolicyRevision,
    RolePolicyAbsent,
    RolePolicyPresent,
    SnsSubscription,
    StatementAbsent,
    StatementPresent,
    UrlAuthType,
)
from lambdatui.actions.permissions import statement_matches
from lambdatui.actions.reads import (
    bucket_configuration,
    find_statement,
    function_params,
    invoke_config,
    read_or_none,
    subscribed,
)
from lambdatui.aws.lambda_reader import LambdaReader
from lambdatui.aws.session import AwsSession
from lambdatui.core.policy import find_permitting


def _on(function: str, qualifier: str | None) -> str:
    return f"{function}:{qualifier}" if qualifier else function


# -- the checks --------------------------------------------------------------------------------


@singledispatch
def _test(check: Check, s: AwsSession) -> str | None:
    raise TypeError(f"lambdatui cannot evaluate a {type(check).__name__}")


@_test.register
def _(c: PolicyRevision, s: AwsSession) -> str | None:
    policy = LambdaReader(s).policy(c.function, c.qualifier)
    if (policy.revision_id if policy else None) != c.revision_id:
        return f"the policy of {_on(c.function, c.qualifier)} changed since this plan was made"
    return None


@_test.register
def _(c: StatementPresent, s: AwsSession) -> str | None:
    found = find_statement(s, c.function, c.qualifier, c.sid)
    if found is None:
        return f"statement {c.sid} is not in the policy of {_on(c.function, c.qualifier)}"
    if c.expect and not statement_matches(found, c.expect):
        return f"statement {c.sid} of {_on(c.function, c.qualifier)} is not the one expected"
    return None


@_test.register
def _(c: StatementAbsent, s: AwsSession) -> str | None:
    if find_statement(s, c.function, c.qualifier, c.sid) is not None:
        return f"statement {c.sid} is still in the policy of {_on(c.function, c.qualifier)}"
    return None


@_test.register
def _(c: Permits, s: AwsSession) -> str | None:
    policy = LambdaReader(s).policy(c.function, c.qualifier)
    found = find_permitting(
        policy.statements if policy else (),
        principal=c.principal,
        source_arn=c.source_arn,
        source_account=c.source_account,
        qualifier=c.qualifier,
        action=c.action,
    )
    if found is None:
        return (
            f"no statement of {_on(c.function, c.qualifier)} lets {c.principal} invoke it from "
            f"{c.source_arn}"
        )
    return None


@_test.register
def _(c: BucketConfigUnchanged, s: AwsSession) -> str | None:
    if canonical_config(bucket_configuration(s, c.bucket)) != canonical_config(c.configuration):
        return f"the notification configuration of bucket {c.bucket} is not the expected one"
    return None


@_test.register
def _(c: BucketEntryPresent, s: AwsSession) -> str | None:
    now = bucket_configuration(s, c.bucket).get("LambdaFunctionConfigurations") or ()
    wanted = canonical_entry(c.entry)
    if not any(canonical_entry(e) == wanted for e in now):
        return f"bucket {c.bucket} does not notify the function as planned ({c.entry['Id']})"
    return None


@_test.register
def _(c: BucketEntriesPreserved, s: AwsSession) -> str | None:
    now, before = bucket_configuration(s, c.bucket), c.configuration
    skip = {f"LambdaFunctionConfigurations/{i}" for i in c.except_ids}
    have = entries_by_id(now)
    lost = [k for k, v in entries_by_id(before).items() if k not in skip and have.get(k) != v]
    if "EventBridgeConfiguration" in before and "EventBridgeConfiguration" not in now:
        lost.append("EventBridgeConfiguration")
    if lost:
        return f"bucket {c.bucket} lost or changed other entries: {', '.join(lost)}"
    return None


@_test.register
def _(c: InvokeConfigUnchanged, s: AwsSession) -> str | None:
    if invoke_config(s, c.function, c.qualifier) != (
        dict(c.config) if c.config is not None else None
    ):
        return (
            f"the async invoke config of {_on(c.function, c.qualifier)} changed since this plan "
            "was made"
        )
    return None


@_test.register
def _(c: InvokeConfigDestination, s: AwsSession) -> str | None:
    now = invoke_config(s, c.function, c.qualifier)
    if now is None:
        return f"{_on(c.function, c.qualifier)} has no async invoke config"
    wrong = [f"{k} is {now.get(k)!r}, not {v!r}" for k, v in c.wanted.items() if now.get(k) != v]
    if wrong:
        return f"the async invoke config of {_on(c.function, c.qualifier)}: {'; '.join(wrong)}"
    return None


@_test.register
def _(c: InvokeConfigAbsent, s: AwsSession) -> str | None:
    if invoke_config(s, c.function, c.qualifier):
        return f"{_on(c.function, c.qualifier)} still has an async invoke config"
    return None


@_test.register
def _(c: UrlAuthType, s: AwsSession) -> str | None:
    answer = read_or_none(
        s, "lambda", "get_function_url_config", **function_params(c.function, c.qualifier)
    )
    have = answer.get("AuthType") if answer else None
    if have != c.auth_type:
        return (
            f"the function URL of {_on(c.function, c.qualifier)} has AuthType {have}, "
            f"not {c.auth_type}"
        )
    return None


@_test.register
def _(c: MappingOnFailure, s: AwsSession) -> str | None:
    answer = read_or_none(s, "lambda", "get_event_source_mapping", UUID=c.uuid)
    if answer is None:
        return f"event source mapping {c.uuid} does not exist"
    have = ((answer.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
    if have != c.destination:
        return f"mapping {c.uuid} sends failures to {have}, not {c.destination}"
    return None


def _bus(bus: str) -> dict[str, str]:
    return {"EventBusName": bus} if bus != "default" else {}


@_test.register
def _(c: EventsTarget, s: AwsSession) -> str | None:
    answer = read_or_none(s, "events", "list_targets_by_rule", Rule=c.rule, **_bus(c.bus))
    targets = (answer or {}).get("Targets") or ()
    found = any(t["Id"] == c.id and (c.arn is None or t["Arn"] == c.arn) for t in targets)
    if found != c.present:
        return f"rule {c.rule} {'lacks' if c.present else 'still has'} target {c.id}"
    return None


@_test.register
def _(c: EventsRule, s: AwsSession) -> str | None:
    found = read_or_none(s, "events", "describe_rule", Name=c.name, **_bus(c.bus)) is not None
    if found != c.present:
        return f"rule {c.name} {'does not exist' if c.present else 'exists'}"
    return None


@_test.register
def _(c: SnsSubscription, s: AwsSession) -> str | None:
    if c.subscription_arn:
        answer = read_or_none(
            s, "sns", "get_subscription_attributes", SubscriptionArn=c.subscription_arn
        )
        found, what = answer is not None, f"subscription {c.subscription_arn}"
    else:
        found = subscribed(s, str(c.topic_arn), str(c.endpoint))
        what = f"a subscription of {c.endpoint} to {c.topic_arn}"
    if found != c.present:
        return f"{what} {'does not exist' if c.present else 'still exists'}"
    return None


def _role_policy(s: AwsSession, role: str, name: str) -> Any:
    answer = read_or_none(s, "iam", "get_role_policy", RoleName=role, PolicyName=name)
    if answer is None:
        return None
    document = answer.get("PolicyDocument")
    return json.loads(unquote(document)) if isinstance(document, str) else document


@_test.register
def _(c: RolePolicyPresent, s: AwsSession) -> str | None:
    found = _role_policy(s, c.role, c.name)
    if found is None:
        return f"role {c.role} has no inline policy {c.name}"
    if c.document and found != c.document:
        return f"inline policy {c.name} of role {c.role} is not the one written"
    return None


@_test.register
def _(c: RolePolicyAbsent, s: AwsSession) -> str | None:
    if _role_policy(s, c.role, c.name) is not None:
        return f"role {c.role} still has the inline policy {c.name}"
    return None


def evaluate(session: AwsSession, check: Check) -> str | None:
    """None when the check holds, else a sentence; raises `AwsError` when it cannot be read."""
    return _test(check, session)
