"""Rules over the wiring: triggers that cannot fire, and grants that nothing uses."""

from __future__ import annotations

from collections.abc import Iterator

from lambdatui.audit.rules_base import (
    Rule,
    RuleContext,
    on,
    policy_unreadable,
    remove_remedy,
    sid_label,
)
from lambdatui.core.arn import principal_for_source, service_of_principal
from lambdatui.core.evaluator import denying_statements
from lambdatui.core.model import (
    Finding,
    FunctionDetail,
    PolicyStatement,
    Severity,
    Trigger,
    TriggerStatus,
)
from lambdatui.core.public_access import url_access
from lambdatui.core.remedy import AddUrlStatements, GrantTrigger, Remedy, url_resource


def _refused_by(detail: FunctionDetail, t: Trigger) -> tuple[PolicyStatement, ...]:
    """The Deny statements that refuse a broken trigger (the evaluator's answer): while they
    stand, no added grant mends it."""
    if t.source == "function-url":
        return url_access(detail, t.qualifier).denied_by
    try:
        principal = principal_for_source(t.source)
    except ValueError:
        return ()
    return denying_statements(
        detail,
        principal=principal,
        source_arn=t.source_arn,
        source_account=detail.function.account if t.source == "s3" else None,
        qualifier=t.qualifier,
    )


def _grant_remedy(t: Trigger) -> Remedy | None:
    """The grant a broken trigger needs; None when its source or its service is unknown."""
    if t.source == "function-url":
        return AddUrlStatements(t.qualifier)
    if not t.source_arn:
        return None
    try:
        principal_for_source(t.source)
    except ValueError:
        return None
    return GrantTrigger(t.source, t.source_arn, t.qualifier)


def _broken_trigger(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    for t in detail.triggers:
        if t.status is not TriggerStatus.MISSING_PERMISSION or policy_unreadable(
            detail, t.qualifier
        ):
            continue
        if t.invoker_role is not None:  # its own role decides: invoker-role-denied says so
            continue
        if t.source == "function-url":
            resource = url_resource(t.qualifier)
            what = "The public function URL"
        else:
            resource = t.source_arn
            what = f"The {t.source} trigger {t.label}"
        if denies := _refused_by(detail, t):
            labels = ", ".join(sid_label(d) for d in denies)
            yield BROKEN_TRIGGER.finding(
                detail,
                f"{what} targets {detail.function.name}{on(t.qualifier)}, but Deny statement "
                f"{labels} refuses it: Lambda refuses every invocation it makes, so its events "
                "are lost, and no added grant would help. Remove or narrow the Deny if the "
                "trigger should work.",
                resource=resource,
            )
            continue
        yield BROKEN_TRIGGER.finding(
            detail,
            f"{what} targets {detail.function.name}{on(t.qualifier)}, but "
            f"{t.note or 'no statement permits it'}: Lambda refuses every invocation it makes, "
            "so its events are lost. Add the permission.",
            resource=resource,
            remedy=_grant_remedy(t),
        )


BROKEN_TRIGGER = Rule(
    "broken-trigger",
    Severity.HIGH,
    "A wired trigger has no permission to invoke the function",
    "A service is configured to invoke the function (bucket notification, subscription, rule "
    "target, integration, subscription filter, user-pool trigger, public URL …) but the "
    "function's resource policy for that qualifier does not allow it, so every invocation is "
    "refused.",
    "Add the permission with aws lambda add-permission, naming the service principal, the exact "
    "--source-arn of the trigger, --source-account, and the --qualifier the trigger targets.",
    _broken_trigger,
)


def _statement(detail: FunctionDetail, t: Trigger) -> PolicyStatement | None:
    return next(
        (s for s in detail.statements if s.sid == t.statement_sid and s.qualifier == t.qualifier),
        None,
    )


def _is_s3_without_account(s: PolicyStatement | None) -> bool:
    return (
        s is not None
        and not s.source_accounts
        and any(service_of_principal(p) == "s3" for p in s.service_principals)
    )


def _permission_findings(
    rule: Rule, status: TriggerStatus, detail: FunctionDetail, why: str
) -> Iterator[Finding]:
    for t in detail.triggers:
        if t.status is not status or t.kind != "push":
            continue
        s = _statement(detail, t)
        label = sid_label(s) if s else "a statement"
        severity = None
        extra = ""
        if status is TriggerStatus.SOURCE_MISSING and _is_s3_without_account(s):
            severity = Severity.HIGH
            extra = (
                " It has no SourceAccount: whoever creates a bucket with that name, in any "
                "account, can invoke the function."
            )
        yield rule.finding(
            detail,
            f"Statement {label}{on(t.qualifier)} lets {t.source} invoke "
            f"{detail.function.name}: {t.note or why}.{extra} Remove the statement.",
            resource=t.statement_sid,
            remedy=remove_remedy(s),
            severity=severity,
        )


def _orphaned_permission(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    yield from _permission_findings(
        ORPHANED_PERMISSION, TriggerStatus.SOURCE_MISSING, detail, "its source no longer exists"
    )


ORPHANED_PERMISSION = Rule(
    "orphaned-permission",
    Severity.LOW,
    "A grant for a source that no longer exists",
    "A statement permits a source (bucket, topic, rule, API, log group, user pool …) that does "
    "not exist any more. It is dead weight in the 20 KB policy; for S3 without SourceAccount it "
    "is dangerous (high), since anyone who re-creates the bucket name can invoke the function.",
    "Remove the statement with aws lambda remove-permission.",
    _orphaned_permission,
)


def _stale_permission(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    yield from _permission_findings(
        STALE_PERMISSION, TriggerStatus.NOT_WIRED, detail, "its source does not target it"
    )


STALE_PERMISSION = Rule(
    "stale-permission",
    Severity.LOW,
    "A grant nothing uses",
    "A statement permits a source that exists but is not wired to invoke the function: left "
    "over from an old trigger, or waiting for one.",
    "Remove the statement if no trigger is coming back (aws lambda remove-permission).",
    _stale_permission,
)
