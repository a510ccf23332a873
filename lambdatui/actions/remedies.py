"""The one fix engine: a finding's typed remedy (`core.remedy`) → the `Plan` that applies it.

The audit reports print these plans' commands, `lambdatui fix` prints (`--dry-run`) or applies
(`--yes`) them, and the TUI's `f` key previews them: one builder, so what a report proposes is
what would be run.

A report's commands carry no `RevisionId` (`report_commands`): they are run later, by hand, often
several for one function in a row, and each would make the next one's RevisionId stale. The plans
`fix` applies do carry it (its first change of each policy), so a policy changed since the read
is never overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable

from lambdatui.actions.calls import ApiCall
from lambdatui.actions.effects import without_revision
from lambdatui.actions.plan import Plan, PlanError
from lambdatui.actions.plan_permissions import (
    fix_trigger,
    remove_statement_plan,
    replace_unscoped_grant_plan,
)
from lambdatui.actions.plan_roles import grant_role_plan
from lambdatui.actions.plan_url import public_url_plan, url_auth_plan
from lambdatui.core.model import (
    Finding,
    FindingFix,
    FunctionDetail,
    PolicyStatement,
    TriggerStatus,
)
from lambdatui.core.remedy import (
    AddUrlStatements,
    CloseUrl,
    GrantRole,
    GrantTrigger,
    Remedy,
    RemoveStatement,
    ScopeGrant,
)


def _statement(detail: FunctionDetail, sid: str, qualifier: str | None) -> PolicyStatement:
    found = next((s for s in detail.statements if s.sid == sid and s.qualifier == qualifier), None)
    if found is None:
        raise PlanError(f"statement {sid} is no longer in the policy")
    return found


def plan_for(detail: FunctionDetail, remedy: Remedy) -> Plan:
    """The plan that applies `remedy` to the function as `detail` shows it.

    Raises `PlanError` when it cannot be made from this detail (the statement is gone, the
    service is unknown, there is nothing left to change …).
    """
    match remedy:
        case GrantTrigger(source=source, source_arn=arn, qualifier=q):
            trigger = next(
                (
                    t
                    for t in detail.triggers
                    if t.source == source
                    and t.source_arn == arn
                    and t.qualifier == q
                    and t.status is TriggerStatus.MISSING_PERMISSION
                ),
                None,
            )
            if trigger is None:
                raise PlanError(f"no broken {source} trigger from {arn}")
            return fix_trigger(detail, trigger)
        case AddUrlStatements(qualifier=q):
            return public_url_plan(detail, q)
        case RemoveStatement(sid=sid, qualifier=q):
            return remove_statement_plan(detail, _statement(detail, sid, q))
        case ScopeGrant(sid=sid, source_arns=arns, qualifier=q, problem=problem):
            return replace_unscoped_grant_plan(
                detail, _statement(detail, sid, q), arns, problem=problem
            )
        case CloseUrl(url=url_text, qualifier=q):
            url = next(
                (u for u in detail.function_urls if u.url == url_text and u.qualifier == q), None
            )
            if url is None:
                raise PlanError(f"the function URL {url_text} is gone")
            return url_auth_plan(detail, url, "AWS_IAM")
        case GrantRole():
            return grant_role_plan(detail, remedy)
    raise PlanError(f"lambdatui cannot apply {type(remedy).__name__}")


def plan_or_none(detail: FunctionDetail, remedy: Remedy | None) -> Plan | None:
    """`plan_for`, or None when there is no remedy or no plan can be made for it."""
    if remedy is None:
        return None
    try:
        return plan_for(detail, remedy)
    except PlanError:
        return None


def report_commands(plan: Plan) -> list[str]:
    """The plan's AWS CLI commands as a report prints them: without `RevisionId` (see above)."""
    return [without_revision(step.call).cli() for step in plan.steps]


def finding_fix(detail: FunctionDetail, remedy: Remedy | None) -> FindingFix | None:
    """The remedy's plan as a finding carries it (title and report commands), or None."""
    plan = plan_or_none(detail, remedy)
    if plan is None:
        return None
    return FindingFix(description=f"{plan.title}.", cli=tuple(report_commands(plan)))


def plans_for_findings(detail: FunctionDetail, findings: Iterable[Finding]) -> list[Plan]:
    """A plan for each of this function's findings that has a remedy (one per distinct change:
    two findings fixed by removing the same statement give one plan)."""
    plans: list[Plan] = []
    seen: set[tuple[ApiCall, ...]] = set()
    for finding in findings:
        if finding.function_arn != detail.function.arn:
            continue
        plan = plan_or_none(detail, finding.remedy)
        key = tuple(without_revision(s.call) for s in plan.steps) if plan else ()
        if plan is not None and key not in seen:
            seen.add(key)
            plans.append(plan)
    return plans


__all__ = ["finding_fix", "plan_for", "plan_or_none", "plans_for_findings", "report_commands"]
