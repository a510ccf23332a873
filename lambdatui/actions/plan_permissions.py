"""Plans over the resource policy: fix a trigger, add or remove a statement, scope an
unscoped grant, switch a function URL's AuthType. Pure: built from the `FunctionDetail` alone."""

from __future__ import annotations

from collections.abc import Sequence

from lambdatui.actions.calls import (
    add_permission,
    statement_id_for,
)
from lambdatui.actions.check_types import StatementPresent
from lambdatui.actions.permissions import (
    grant_call,
    grant_step,
    on,
    permits_check,
    policy_guard,
    policy_snapshot,
    removal_step,
    revision_for,
    unique_sid,
)
from lambdatui.actions.plan import InvalidForm, Plan, PlanError
from lambdatui.actions.plan_url import public_url_plan
from lambdatui.actions.validate import (
    is_service_principal,
    validate_permission_form,
)
from lambdatui.core.arn import principal_for_source, resource_name, service_of_principal
from lambdatui.core.model import (
    FunctionDetail,
    PolicyStatement,
    Trigger,
    TriggerStatus,
)
from lambdatui.core.policy import is_public

# -- triggers and permissions ---------------------------------------------------------------


def fix_trigger(detail: FunctionDetail, trigger: Trigger) -> Plan:
    """The least-privilege statement a `missing-permission` trigger needs."""
    if trigger.status is not TriggerStatus.MISSING_PERMISSION:
        raise PlanError(f"the trigger is {trigger.status.value}, not missing-permission")
    f, q = detail.function, trigger.qualifier
    if trigger.source == "function-url":
        return public_url_plan(detail, q)
    if not trigger.source_arn:
        raise PlanError("the trigger names no source ARN to scope a permission to")
    try:
        principal = principal_for_source(trigger.source)
    except ValueError as exc:
        raise PlanError(str(exc)) from None
    call = grant_call(
        detail,
        source=trigger.source,
        principal=principal,
        source_arn=trigger.source_arn,
        qualifier=q,
        revision_id=revision_for(detail, q),
    )
    account = call.params.get("SourceAccount")
    return Plan(
        title=f"Fix the {trigger.source} trigger {trigger.label} of {f.name}{on(q)}",
        why=f"{trigger.label} is wired to invoke {f.name}{on(q)}, but no statement lets "
        f"{principal} do so: every event is refused. The new statement allows exactly this "
        f"source ({trigger.source_arn}"
        + (f", account {account}" if account else "")
        + ") and nothing else.",
        function_arn=f.arn,
        steps=(grant_step(call, f"Let {principal} invoke {f.name}{on(q)} from {trigger.label}"),),
        preconditions=policy_guard(detail, q),
        verify=(*call.checks(), permits_check(detail, call)),
        snapshots=(policy_snapshot(detail, q),),
    )


def add_permission_plan(
    detail: FunctionDetail,
    *,
    principal: str,
    action: str = "lambda:InvokeFunction",
    source_arn: str | None = None,
    source_account: str | None = None,
    principal_org_id: str | None = None,
    qualifier: str | None = None,
    statement_id: str | None = None,
    function_url_auth_type: str | None = None,
) -> Plan:
    """One AddPermission from the form; raises `InvalidForm` (field → message) first."""
    values = dict(
        principal=principal.strip(),
        action=action,
        source_arn=source_arn or None,
        source_account=source_account or None,
        principal_org_id=principal_org_id or None,
        qualifier=qualifier or None,
        function_url_auth_type=function_url_auth_type or None,
    )
    errors = validate_permission_form(detail, statement_id=statement_id, **values)
    if errors:
        raise InvalidForm(errors)
    f, q, p = detail.function, values["qualifier"], values["principal"]
    service = is_service_principal(p)
    label = service_of_principal(p) if service else "grant"
    sid = statement_id or unique_sid(
        detail, q, statement_id_for(label, source_arn or p.replace("*", "public"), q)
    )
    call = add_permission(
        f.name, sid, revision_id=revision_for(detail, q), region=f.region, **values
    )
    warnings = []
    if service and not (source_arn or principal_org_id):
        warnings.append(
            f"Without SourceArn any {label} resource"
            + ("" if source_account else ", in any account,")
            + f" can make {p} invoke {f.name} (the confused-deputy problem)."
        )
    if label == "s3" and not source_account:
        warnings.append(
            f"S3 bucket ARNs carry no account: add SourceAccount {f.account} so a bucket of the "
            "same name in another account cannot invoke the function."
        )
    return Plan(
        title=f"Add statement {sid} to {f.name}{on(q)}",
        why=f"Allow {p} to call {action} on {f.name}{on(q)}"
        + (f" from {source_arn}" if source_arn else "")
        + (f" (account {source_account})" if source_account else "")
        + (f" (organisation {principal_org_id})" if principal_org_id else "")
        + ".",
        function_arn=f.arn,
        steps=(grant_step(call, f"Add statement {sid}"),),
        preconditions=policy_guard(detail, q),
        verify=call.checks(),
        warnings=tuple(warnings),
        snapshots=(policy_snapshot(detail, q),),
    )


def _why_remove(detail: FunctionDetail, statement: PolicyStatement) -> str:
    for t in detail.triggers:
        if t.statement_sid != statement.sid or t.qualifier != statement.qualifier:
            continue
        if t.status is TriggerStatus.SOURCE_MISSING:
            return (
                f"Its source {t.source_arn} no longer exists: the grant is dead weight, and "
                "whoever re-creates that name could invoke the function."
            )
        if t.status is TriggerStatus.NOT_WIRED:
            return f"{t.note or 'Nothing wired uses it'}: the grant serves no trigger."
    return "You asked to remove it."


def remove_statement_plan(detail: FunctionDetail, statement: PolicyStatement) -> Plan:
    """RemovePermission of one statement (also the fix of orphaned and stale permissions)."""
    f, q = detail.function, statement.qualifier
    step, warning = removal_step(detail, statement, revision_for(detail, q))
    users = [
        t
        for t in detail.triggers
        if t.statement_sid == statement.sid and t.qualifier == q and t.status is TriggerStatus.OK
    ]
    warnings = [w for w in (warning,) if w]
    if users:
        names = ", ".join(f"{t.source} {t.label}" for t in users)
        warnings.append(f"{names} uses this statement and will stop working.")
    # A removal AddPermission can re-create is judged by actions/risk.py from that call; one it
    # cannot is judged here, from the statement.
    broad = is_public(statement) or (statement.service_principals and not statement.source_arns)
    second = None
    if step.undo is None and broad:
        second = (
            f"Statement {statement.sid} lets {statement.principal} invoke {f.name} broadly, and "
            "AddPermission cannot re-create it: callers relying on it stop, for good. Remove it?"
        )
    present = StatementPresent(f.name, q, str(statement.sid))
    return Plan(
        title=f"Remove statement {statement.sid} from {f.name}{on(q)}",
        why=_why_remove(detail, statement),
        function_arn=f.arn,
        steps=(step,),
        preconditions=(*policy_guard(detail, q), present),
        verify=step.call.checks(),
        warnings=tuple(warnings),
        second_confirmation=second,
        snapshots=(policy_snapshot(detail, q),),
    )


def replace_unscoped_grant_plan(
    detail: FunctionDetail,
    statement: PolicyStatement,
    source_arns: Sequence[str],
    *,
    problem: str = "it names no SourceArn",
) -> Plan:
    """Add one statement scoped to each source ARN, then remove the unscoped one (if that
    fails, the executor removes the new ones again)."""
    arns = list(dict.fromkeys(a for a in source_arns if a))
    if not arns:
        raise PlanError("name at least one source ARN to scope the grant to")
    if not statement.service_principals:
        raise PlanError(f"statement {statement.sid} does not grant a service")
    f, q = detail.function, statement.qualifier
    principal = statement.service_principals[0]
    source = service_of_principal(principal)
    revision, taken = revision_for(detail, q), set()
    calls = [
        grant_call(
            detail,
            source=source,
            principal=principal,
            source_arn=arn,
            qualifier=q,
            revision_id=revision if i == 0 else None,
            taken=taken,
        )
        for i, arn in enumerate(arns)
    ]
    grants = [
        grant_step(
            c,
            f"Let {principal} invoke {f.name}{on(q)} from "
            f"{resource_name(c.params['SourceArn'])} only",
        )
        for c in calls
    ]
    removal, warning = removal_step(detail, statement, None)
    present = StatementPresent(f.name, q, str(statement.sid))
    return Plan(
        title=f"Scope statement {statement.sid} of {f.name}{on(q)} to its sources",
        why=f"Statement {statement.sid} lets {principal} invoke the function more broadly than "
        f"its sources need ({problem}). It is replaced by one statement per source that uses it: "
        f"{', '.join(resource_name(a) for a in arns)}. The new statements come first, so the "
        "triggers keep working throughout.",
        function_arn=f.arn,
        steps=(*grants, removal),
        preconditions=(*policy_guard(detail, q), present),
        verify=(
            *(c for s in (*grants, removal) for c in s.call.checks()),
            *(permits_check(detail, c) for c in calls),
        ),
        warnings=tuple(w for w in (warning,) if w),
        snapshots=(policy_snapshot(detail, q),),
    )
