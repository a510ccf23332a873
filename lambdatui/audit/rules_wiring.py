"""Rules over the wiring: triggers that cannot fire, and grants that nothing uses."""

from __future__ import annotations

from collections.abc import Iterator

from lambdatui.actions.calls import ApiCall, add_permission
from lambdatui.actions.permissions import unique_sid
from lambdatui.audit.rules_base import (
    Rule,
    RuleContext,
    fix_of,
    grant_call,
    on,
    policy_unreadable,
    remove_call,
    sid_label,
)
from lambdatui.core.arn import service_of_principal
from lambdatui.core.model import (
    Finding,
    FindingFix,
    FunctionDetail,
    PolicyStatement,
    Severity,
    Trigger,
    TriggerStatus,
)
from lambdatui.core.policy import is_function_url_statement

URL_SIDS = ("FunctionURLAllowPublicAccess", "FunctionURLInvokeAllowPublicAccess")


def _url_fix(detail: FunctionDetail, t: Trigger) -> FindingFix | None:
    """The statements a public (AuthType NONE) URL needs since Oct 2025 that are missing."""
    mine = [
        s
        for s in detail.statements
        if s.qualifier == t.qualifier and s.effect == "Allow" and is_function_url_statement(s)
    ]
    has_url_action = any("lambda:InvokeFunctionUrl" in s.action for s in mine)
    has_via_url = any(s.invoked_via_function_url for s in mine)
    f, region = detail.function, detail.function.region
    calls: list[ApiCall] = []
    if not has_url_action:
        calls.append(
            add_permission(
                f.name,
                unique_sid(detail, t.qualifier, URL_SIDS[0]),
                "*",
                action="lambda:InvokeFunctionUrl",
                function_url_auth_type="NONE",
                qualifier=t.qualifier,
                region=region,
            )
        )
    if not has_via_url:
        calls.append(
            add_permission(
                f.name,
                unique_sid(detail, t.qualifier, URL_SIDS[1]),
                "*",
                invoked_via_function_url=True,
                qualifier=t.qualifier,
                region=region,
            )
        )
    if not calls:
        return None
    return fix_of("Add the statements a public function URL needs (since Oct 2025).", *calls)


def _broken_trigger(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    for t in detail.triggers:
        if t.status is not TriggerStatus.MISSING_PERMISSION or policy_unreadable(
            detail, t.qualifier
        ):
            continue
        if t.source == "function-url":
            resource = f"function-url:{t.qualifier}" if t.qualifier else "function-url"
            fix = _url_fix(detail, t)
            what = "The public function URL"
        else:
            resource = t.source_arn
            call = (
                grant_call(detail, source=t.source, source_arn=t.source_arn, qualifier=t.qualifier)
                if t.source_arn
                else None
            )
            fix = (
                fix_of(f"Let {t.source} invoke the function for {t.label}.", call) if call else None
            )
            what = f"The {t.source} trigger {t.label}"
        yield BROKEN_TRIGGER.finding(
            detail,
            f"{what} targets {detail.function.name}{on(t.qualifier)}, but "
            f"{t.note or 'no statement permits it'}: Lambda refuses every invocation it makes, "
            "so its events are lost. Add the permission.",
            resource=resource,
            fix=fix,
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
        remove = remove_call(detail, s) if s else None
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
            fix=fix_of(f"Remove {label}.", remove) if remove else None,
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
