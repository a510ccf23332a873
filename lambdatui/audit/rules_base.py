"""What every audit rule is made of: the `Rule` record, its context, and shared fix builders.

A rule is a small pure function `(detail, ctx) -> Iterable[Finding]` plus the words that
describe it (used by the markdown report and SARIF). A finding's fix is a typed remedy
(`core.remedy`): what should change, never the calls. `lambdatui.actions.remedies` turns it into
the plan whose commands the reports print and `lambdatui fix` applies (`Rule.finding` attaches
that plan's words and commands as the finding's `fix`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from lambdatui.actions.remedies import finding_fix
from lambdatui.core.arn import string_like
from lambdatui.core.model import (
    Finding,
    FunctionDetail,
    PolicyStatement,
    Severity,
    Trigger,
    TriggerStatus,
)
from lambdatui.core.remedy import Remedy, RemoveStatement, ScopeGrant


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
        remedy: Remedy | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            rule=self.id,
            severity=severity or self.severity,
            function_arn=detail.function.arn,
            message=message,
            resource=resource,
            fix=finding_fix(detail, remedy),
            remedy=remedy,
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


# -- remedies ------------------------------------------------------------------------------------


def remove_remedy(statement: PolicyStatement | None) -> RemoveStatement | None:
    """Remove the statement, or None when it has no Sid for RemovePermission to name."""
    if statement is None or not statement.sid:
        return None
    return RemoveStatement(statement.sid, statement.qualifier)


def rescope_remedy(
    detail: FunctionDetail, statement: PolicyStatement, problem: str, *, remove_if_unused: bool
) -> Remedy | None:
    """Replace a too-broad grant by one exact grant per working trigger it serves; with no
    working trigger, only remove it (if `remove_if_unused`)."""
    if not statement.sid:
        return None
    working = [
        t.source_arn
        for t in triggers_using(detail, statement)
        if t.status is TriggerStatus.OK and t.source_arn
    ]
    if working:
        arns = tuple(dict.fromkeys(working))
        return ScopeGrant(statement.sid, arns, statement.qualifier, problem)
    return remove_remedy(statement) if remove_if_unused else None
