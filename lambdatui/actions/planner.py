"""Every planner, in one place for the UI and the `fix` command, and the mapping of audit
findings to plans.

Planners read nothing but their arguments, except those that take an `AwsSession` (they read the
current state they must preserve). Nothing here imports boto3 at module level, so the UI may
import this module.
"""

from __future__ import annotations

from collections.abc import Iterable

from lambdatui.actions.calls import ApiCall
from lambdatui.actions.plan import Plan, PlanError
from lambdatui.actions.plan_destinations import (
    destination_warnings,
    mapping_on_failure_plan,
    set_destination_plan,
)
from lambdatui.actions.plan_permissions import (
    add_permission_plan,
    fix_trigger,
    remove_statement_plan,
    replace_unscoped_grant_plan,
)
from lambdatui.actions.plan_triggers import (
    add_events_trigger_plan,
    add_s3_trigger_plan,
    add_sns_trigger_plan,
)
from lambdatui.actions.plan_url import url_auth_plan
from lambdatui.actions.validate import validate_permission_form
from lambdatui.core.model import Finding, FunctionDetail, PolicyStatement, TriggerStatus

__all__ = [
    "FIXABLE_RULES",
    "add_events_trigger_plan",
    "add_permission_plan",
    "add_s3_trigger_plan",
    "add_sns_trigger_plan",
    "destination_warnings",
    "fix_trigger",
    "mapping_on_failure_plan",
    "plans_for_findings",
    "remove_statement_plan",
    "replace_unscoped_grant_plan",
    "set_destination_plan",
    "url_auth_plan",
    "validate_permission_form",
]


# -- findings -------------------------------------------------------------------------------


def _statement(
    detail: FunctionDetail, sid: str | None, status: TriggerStatus
) -> PolicyStatement | None:
    for t in detail.triggers:
        if t.statement_sid == sid and t.status is status:
            return next(
                (s for s in detail.statements if s.sid == sid and s.qualifier == t.qualifier), None
            )
    return None


def _plan_for(detail: FunctionDetail, finding: Finding) -> Plan | None:
    rule = finding.rule
    if rule == "broken-trigger":
        for t in detail.triggers:
            if t.status is not TriggerStatus.MISSING_PERMISSION:
                continue
            url_resource = f"function-url:{t.qualifier}" if t.qualifier else "function-url"
            if finding.resource in (
                t.source_arn,
                url_resource if t.source == "function-url" else None,
            ):
                return fix_trigger(detail, t)
        return None
    if rule in ("orphaned-permission", "stale-permission"):
        status = TriggerStatus.SOURCE_MISSING if rule[0] == "o" else TriggerStatus.NOT_WIRED
        s = _statement(detail, finding.resource, status)
        return remove_statement_plan(detail, s) if s else None
    if rule == "service-without-source-arn":
        for s in detail.statements:
            if s.sid != finding.resource or s.source_arns or not s.service_principals:
                continue
            used = [
                t
                for t in detail.triggers
                if t.statement_sid == s.sid and t.qualifier == s.qualifier
            ]
            if not used or any(t.status is TriggerStatus.UNVERIFIED for t in used):
                return None  # who relies on it is not known
            working = [t.source_arn for t in used if t.status is TriggerStatus.OK and t.source_arn]
            if working:
                return replace_unscoped_grant_plan(detail, s, working)
            return remove_statement_plan(detail, s)
        return None
    if rule == "function-url-public":
        url = next((u for u in detail.function_urls if u.url == finding.resource), None)
        return url_auth_plan(detail, url) if url and url.auth_type == "NONE" else None
    return None


FIXABLE_RULES = (
    "broken-trigger",
    "orphaned-permission",
    "stale-permission",
    "service-without-source-arn",
    "function-url-public",
)


def plans_for_findings(detail: FunctionDetail, findings: Iterable[Finding]) -> list[Plan]:
    """A plan for each fixable finding of this function (one plan per distinct change)."""
    plans: list[Plan] = []
    seen: set[tuple[ApiCall, ...]] = set()
    for finding in findings:
        if finding.function_arn != detail.function.arn or finding.rule not in FIXABLE_RULES:
            continue
        try:
            plan = _plan_for(detail, finding)
        except PlanError:
            continue
        key = tuple(s.call for s in plan.steps) if plan else ()
        if plan is not None and key not in seen:
            seen.add(key)
            plans.append(plan)
    return plans
