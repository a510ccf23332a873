"""Statements as AddPermission/RemovePermission calls, and back. Pure: no I/O.

Shared by the planners (to build steps and their undos) and the executor (to tell whether a
statement found under an existing Sid is the one a step would have added).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lambdatui.actions.calls import ApiCall, add_permission, remove_permission, statement_id_for
from lambdatui.actions.check_types import Permits, PolicyRevision, PolicySnapshot
from lambdatui.actions.plan import PlanError, Step
from lambdatui.core.arn import canonical_service_principal, parse_arn
from lambdatui.core.model import FunctionDetail, PolicyStatement

_ACCOUNT = re.compile(r"\d{12}")
_ROOT = re.compile(r"arn:[^:]+:iam::(\d{12}):root")

# (operator, key) pairs AddPermission writes; a statement with any other condition cannot be
# re-created by AddPermission.
_ADDABLE = {
    ("arnlike", "aws:sourcearn"): "SourceArn",
    ("stringequals", "aws:sourceaccount"): "SourceAccount",
    ("stringequals", "aws:principalorgid"): "PrincipalOrgID",
    ("stringequals", "lambda:functionurlauthtype"): "FunctionUrlAuthType",
    ("bool", "lambda:invokedviafunctionurl"): "InvokedViaFunctionUrl",
}


def qualified_arn(detail: FunctionDetail, qualifier: str | None) -> str:
    arn = detail.function.arn
    return f"{arn}:{qualifier}" if qualifier else arn


def revision_for(detail: FunctionDetail, qualifier: str | None) -> str | None:
    """The RevisionId of the qualifier's policy as read, None when it has no policy."""
    return next((p.revision_id for p in detail.policies if p.qualifier == qualifier), None)


def unique_sid(detail: FunctionDetail, qualifier: str | None, sid: str) -> str:
    """`sid`, or `sid-2`, `sid-3` … when the qualifier's policy already holds it."""
    taken = {s.sid for s in detail.statements if s.qualifier == qualifier}
    candidate, n = sid, 1
    while candidate in taken:
        n += 1
        candidate = f"{sid[:96]}-{n}"
    return candidate


def canonical_principal(principal: str, partition: str = "aws") -> str:
    """'*', a lower-case service name, or an IAM ARN (a bare account id as its root ARN)."""
    p = principal.strip()
    if _ACCOUNT.fullmatch(p):
        return f"arn:{partition}:iam::{p}:root"
    return canonical_service_principal(p) if "." in p and not p.startswith("arn:") else p


def source_account_for(detail: FunctionDetail, source: str, source_arn: str) -> str | None:
    """SourceAccount for a grant: our account for S3 (bucket ARNs carry none), else the
    account the source ARN names (None when it names none)."""
    if source == "s3":
        return detail.function.account
    parsed = parse_arn(source_arn)
    return parsed.account if parsed and _ACCOUNT.fullmatch(parsed.account) else None


def grant_call(
    detail: FunctionDetail,
    *,
    source: str,
    principal: str,
    source_arn: str,
    qualifier: str | None,
    revision_id: str | None,
    taken: set[str] | None = None,
) -> ApiCall:
    """AddPermission for one source, scoped to exactly its ARN, with a deterministic Sid
    (one not in `taken` either, for several grants in one plan)."""
    sid = unique_sid(detail, qualifier, statement_id_for(source, source_arn, qualifier))
    while taken is not None and sid in taken:
        sid = f"{sid[:96]}-x"
    if taken is not None:
        taken.add(sid)
    return add_permission(
        detail.function.name,
        sid,
        principal,
        source_arn=source_arn,
        source_account=source_account_for(detail, source, source_arn),
        qualifier=qualifier,
        revision_id=revision_id,
        region=detail.function.region,
    )


def grant_step(call: ApiCall, description: str) -> Step:
    """An AddPermission step; its undo removes the statement it adds."""
    p = call.params
    undo = remove_permission(
        str(p["FunctionName"]),
        str(p["StatementId"]),
        qualifier=p.get("Qualifier"),
        region=call.region,
    )
    return Step(call, description, undo)


def add_call_for_statement(
    function_name: str, statement: PolicyStatement, *, region: str | None = None
) -> ApiCall | None:
    """The AddPermission call that re-creates `statement` exactly, or None when AddPermission
    cannot express it (several principals or actions, a Deny, other conditions, no Sid)."""
    principals = statement.principals or (statement.principal,)
    if (
        not statement.sid
        or statement.effect != "Allow"
        or len(principals) != 1
        or len(statement.action) != 1
    ):
        return None
    params: dict[str, Any] = {}
    for operator, block in statement.conditions.items():
        for key, value in (block or {}).items():
            name = _ADDABLE.get((str(operator).lower(), str(key).lower()))
            values = value if isinstance(value, list) else [value]
            if name is None or len(values) != 1:
                return None
            params[name] = values[0]
    root = _ROOT.fullmatch(principals[0])
    via_url = params.pop("InvokedViaFunctionUrl", None)
    return add_permission(
        function_name,
        statement.sid,
        root.group(1) if root else principals[0],
        action=statement.action[0],
        source_arn=params.get("SourceArn"),
        source_account=params.get("SourceAccount"),
        principal_org_id=params.get("PrincipalOrgID"),
        function_url_auth_type=params.get("FunctionUrlAuthType"),
        invoked_via_function_url=True if str(via_url).lower() == "true" else None,
        qualifier=statement.qualifier,
        region=region,
    )


def statement_matches(statement: PolicyStatement, expect: Mapping[str, Any]) -> bool:
    """Whether a statement is exactly the one an AddPermission with these values adds
    (`expect` as `effect_checks` writes it: principal, action, source_arn, …)."""
    principals = statement.principals or (statement.principal,)
    partition = (parse_arn(statement.resource or "") or parse_arn("arn:aws:x:::")).partition
    if statement.effect != "Allow" or len(principals) != 1:
        return False
    if canonical_principal(principals[0], partition) != canonical_principal(
        str(expect["principal"]), partition
    ):
        return False
    if tuple(a.lower() for a in statement.action) != (str(expect["action"]).lower(),):
        return False
    pairs = (
        (statement.source_arns, expect.get("source_arn")),
        (statement.source_accounts, expect.get("source_account")),
        (
            (statement.principal_org_id,) if statement.principal_org_id else (),
            expect.get("principal_org_id"),
        ),
        (
            (statement.function_url_auth_type,) if statement.function_url_auth_type else (),
            expect.get("function_url_auth_type"),
        ),
    )
    if any(tuple(have) != ((want,) if want else ()) for have, want in pairs):
        return False
    if statement.invoked_via_function_url != bool(expect.get("invoked_via_function_url")):
        return False
    keys = {str(k).lower() for block in statement.conditions.values() for k in (block or {})}
    return keys <= {key for _, key in _ADDABLE}


# -- plan parts shared by the planners -----------------------------------------------------


def on(qualifier: str | None) -> str:
    """`:live` for a qualifier, '' for the unqualified function."""
    return f":{qualifier}" if qualifier else ""


def policy_guard(detail: FunctionDetail, qualifier: str | None) -> tuple[PolicyRevision, ...]:
    """The precondition that the qualifier's policy is still the one read (its RevisionId)."""
    revision = revision_for(detail, qualifier)
    if revision is None:
        return ()  # no policy yet: AddPermission's ResourceConflict guards the Sid instead
    return (PolicyRevision(detail.function.name, qualifier, revision),)


def policy_snapshot(detail: FunctionDetail, qualifier: str | None) -> PolicySnapshot:
    return PolicySnapshot(detail.function.name, qualifier)


def permits_check(detail: FunctionDetail, call: ApiCall) -> Permits:
    """The policy lets the grant's principal invoke from its source (a trigger works)."""
    p = call.params
    return Permits(
        detail.function.name,
        p.get("Qualifier"),
        str(p["Principal"]),
        source_arn=p.get("SourceArn"),
        source_account=p.get("SourceAccount"),
    )


def removal_step(
    detail: FunctionDetail, statement: PolicyStatement, revision: str | None
) -> tuple[Step, str | None]:
    """RemovePermission of a statement, undone by re-adding it; and a warning if it cannot be."""
    if not statement.sid:
        raise PlanError("the statement has no Sid, so RemovePermission cannot name it")
    f = detail.function
    call = remove_permission(
        f.name, statement.sid, qualifier=statement.qualifier, revision_id=revision, region=f.region
    )
    undo = add_call_for_statement(f.name, statement, region=f.region)
    warning = (
        None
        if undo
        else f"AddPermission cannot re-create statement {statement.sid} exactly, so this removal "
        "cannot be undone automatically (its JSON is kept in the journal)."
    )
    description = f"Remove statement {statement.sid} from {f.name}{on(statement.qualifier)}"
    return Step(call, description, undo), warning
