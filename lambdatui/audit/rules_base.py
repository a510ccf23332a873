"""What every audit rule is made of: the `Rule` record, its context, and shared fix builders.

A rule is a small pure function `(detail, ctx) -> Iterable[Finding]` plus the words that
describe it (used by the markdown report and SARIF). Fixes are `ApiCall`s rendered as AWS CLI
commands; they carry no `RevisionId`, so several fixes for one function can run one after the
other (the `fix` command adds the precondition when it applies them itself).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from lambdatui.actions.calls import ApiCall, remove_permission
from lambdatui.actions.permissions import grant_call as plan_grant_call
from lambdatui.core.arn import principal_for_source, resource_name, string_like
from lambdatui.core.model import (
    Finding,
    FindingFix,
    FunctionDetail,
    PolicyStatement,
    Severity,
    Trigger,
    TriggerStatus,
)


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know besides the function: the date, and the accounts the user trusts."""

    today: date
    trusted_accounts: frozenset[str] = field(default_factory=frozenset)


Check = Callable[[FunctionDetail, RuleContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One audit rule: its contract (id, severity), its words, and its check."""

    id: str
    severity: Severity
    short: str
    full: str
    help: str
    check: Check

    def finding(
        self,
        detail: FunctionDetail,
        message: str,
        *,
        resource: str | None = None,
        fix: FindingFix | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            rule=self.id,
            severity=severity or self.severity,
            function_arn=detail.function.arn,
            message=message,
            resource=resource,
            fix=fix,
        )


# -- words ---------------------------------------------------------------------------------------


def on(qualifier: str | None) -> str:
    """' on alias/version live' for a qualifier, '' for the unqualified function."""
    return f" on qualifier {qualifier}" if qualifier else ""


def qualified_arn(detail: FunctionDetail, qualifier: str | None) -> str:
    arn = detail.function.arn
    return f"{arn}:{qualifier}" if qualifier else arn


def listing(items: Iterable[str], limit: int = 3) -> str:
    """'a, b, c and 2 more'."""
    items = list(dict.fromkeys(items))
    shown = ", ".join(items[:limit])
    return f"{shown} and {len(items) - limit} more" if len(items) > limit else shown


def sid_label(statement: PolicyStatement) -> str:
    return f"'{statement.sid}'" if statement.sid else "without a Sid"


# -- reading the detail --------------------------------------------------------------------------

INVOKE_ACTIONS = ("lambda:InvokeFunction", "lambda:InvokeFunctionUrl", "lambda:InvokeAsync")


def grants_invoke(statement: PolicyStatement) -> bool:
    """Whether an Allow statement's actions cover invoking the function."""
    return statement.effect == "Allow" and any(
        string_like(pattern.lower(), action.lower())
        for pattern in statement.action
        for action in INVOKE_ACTIONS
    )


def triggers_using(detail: FunctionDetail, statement: PolicyStatement) -> list[Trigger]:
    """The triggers the cross-check attributed to this statement."""
    return [
        t
        for t in detail.triggers
        if t.statement_sid == statement.sid and t.qualifier == statement.qualifier
    ]


def nothing_uses(detail: FunctionDetail, statement: PolicyStatement) -> bool:
    """Whether every trigger of the statement is known to be stale or orphaned (or it has none).

    An unverified trigger might be working where lambdatui cannot see, so it counts as a use.
    """
    dead = (TriggerStatus.NOT_WIRED, TriggerStatus.SOURCE_MISSING)
    return all(t.status in dead for t in triggers_using(detail, statement))


def policy_unreadable(detail: FunctionDetail, qualifier: str | None) -> bool:
    """Whether GetPolicy failed for this qualifier (then no statement can be told missing)."""
    name = detail.function.name
    wanted = {f"{name}:{qualifier}" if qualifier else name, detail.function.arn}
    return any(e.resource in wanted or e.resource is None for e in detail.errors_for("GetPolicy"))


# -- fixes ---------------------------------------------------------------------------------------


def fix_of(description: str, *calls: ApiCall) -> FindingFix:
    return FindingFix(description=description, cli=tuple(c.cli() for c in calls))


def remove_call(detail: FunctionDetail, statement: PolicyStatement) -> ApiCall | None:
    """RemovePermission of the statement, or None when it has no Sid to name."""
    if not statement.sid:
        return None
    return remove_permission(
        detail.function.name,
        statement.sid,
        qualifier=statement.qualifier,
        region=detail.function.region,
    )


def grant_call(
    detail: FunctionDetail,
    *,
    source: str,
    source_arn: str,
    qualifier: str | None,
    principal: str | None = None,
) -> ApiCall | None:
    """AddPermission for one trigger, scoped to exactly its SourceArn (None: unknown service) —
    the Actions layer's own grant, without a RevisionId (a report's commands run later)."""
    if principal is None:
        try:
            principal = principal_for_source(source)
        except ValueError:
            return None
    return plan_grant_call(
        detail,
        source=source,
        principal=principal,
        source_arn=source_arn,
        qualifier=qualifier,
        revision_id=None,
    )


def rescope_fix(
    detail: FunctionDetail, statement: PolicyStatement, problem: str, *, remove_if_unused: bool
) -> FindingFix | None:
    """Replace a too-broad grant: add one scoped grant per working trigger it serves, then
    remove it. With no working trigger, only remove it (if `remove_if_unused`)."""
    remove = remove_call(detail, statement)
    if remove is None:
        return None
    working = [
        t
        for t in triggers_using(detail, statement)
        if t.status is TriggerStatus.OK and t.source_arn
    ]
    principal = statement.service_principals[0] if statement.service_principals else None
    grants = []
    for arn in dict.fromkeys(t.source_arn for t in working if t.source_arn):
        source = next(t.source for t in working if t.source_arn == arn)
        call = grant_call(
            detail,
            source=source,
            source_arn=arn,
            qualifier=statement.qualifier,
            principal=principal,
        )
        if call is None:
            return None
        grants.append(call)
    if grants:
        names = listing(resource_name(t.source_arn or "") for t in working)
        return fix_of(
            f"Grant {names} on its own, scoped to its ARN, then remove {sid_label(statement)} "
            f"({problem}).",
            *grants,
            remove,
        )
    if not remove_if_unused:
        return None
    return fix_of(
        f"Remove {sid_label(statement)} ({problem}); no wired trigger that lambdatui can see uses "
        "it. If something does, add it back with --source-arn naming that one resource.",
        remove,
    )
