"""Whether a plan needs a second confirmation, derived from its operations alone.

Every `Plan` asks this when it is made (`Plan.__post_init__`), so a plan from a planner, from a
finding's remedy or from the journal (an undo) is judged the same way: an undo that re-adds a
public statement asks twice, exactly as adding it did.

Risky, in this order:
- a grant that opens the function to anyone: AddPermission to `*` with no SourceArn,
  SourceAccount or PrincipalOrgID, or a function URL set to (or granted for) AuthType NONE;
- a grant of more than invoking (`lambda:*`, `*`, `lambda:GetFunction` …) to any principal not
  provably inside the function's account: another account, an organisation, a service, or `*`
  however narrowed;
- removing a grant callers may rely on: a public statement (unless the same plan closes the
  function URL it serves), or a service grant without SourceArn (unless the same plan grants that
  service per source first). A removal is judged by the AddPermission that would re-create it
  (the step's undo), so a removal that cannot be re-created is judged by its planner's words.

Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from lambdatui.core.arn import parse_arn

if TYPE_CHECKING:
    from lambdatui.actions.calls import ApiCall
    from lambdatui.actions.plan import Step

_ANYONE = re.compile(r"\*|arn:[^:]+:iam::\*:root")
_ACCOUNT = re.compile(r"[0-9]{12}")  # ASCII, as AWS reads account ids
_INVOKE = frozenset({"lambda:invokefunction", "lambda:invokefunctionurl"})
_NARROWING = ("SourceArn", "SourceAccount", "PrincipalOrgID")


def _is(call: ApiCall | None, operation: str) -> bool:
    return call is not None and call.service == "lambda" and call.operation == operation


def _target(p: Mapping[str, Any]) -> str:
    name, qualifier = p.get("FunctionName"), p.get("Qualifier")
    return f"{name}:{qualifier}" if qualifier else str(name)


def _public(p: Mapping[str, Any]) -> bool:
    principal = str(p.get("Principal", ""))
    return bool(_ANYONE.fullmatch(principal)) and not any(p.get(k) for k in _NARROWING)


def _for_url(p: Mapping[str, Any]) -> bool:
    return p.get("FunctionUrlAuthType") == "NONE" or bool(p.get("InvokedViaFunctionUrl"))


def _account_of_principal(principal: str) -> str | None:
    """The account of an account principal (an id or an IAM/STS ARN); None for any other."""
    if _ACCOUNT.fullmatch(principal):
        return principal
    arn = parse_arn(principal)
    if arn is None or arn.service not in ("iam", "sts"):
        return None
    return arn.account or None


def _outsider(p: Mapping[str, Any], own: str | None) -> str | None:
    """Who, outside the function's account, a grant reaches (None: only the account itself)."""
    principal = str(p.get("Principal", ""))
    account = _account_of_principal(principal)
    if account is not None:
        return None if own is not None and account == own else f"account {account}"
    if org := p.get("PrincipalOrgID"):
        return f"every account of organisation {org}"
    if _ANYONE.fullmatch(principal):
        return "any AWS account (narrowed only by its conditions)"
    return principal or "an unnamed principal"


def _internet(p: Mapping[str, Any]) -> str:
    return (
        f"This lets anyone on the internet invoke {_target(p)} through its URL, without signing "
        "the request. Make it public?"
    )


def _grant_risk(p: Mapping[str, Any], own: str | None) -> str | None:
    action = str(p.get("Action", "lambda:InvokeFunction"))
    if _public(p):
        if _for_url(p):
            return _internet(p)
        return f"This lets anyone (any AWS account) call {action} on {_target(p)}. Grant it?"
    outsider = _outsider(p, own)
    if outsider and action.lower() not in _INVOKE:
        return (
            f"This lets {outsider} call {action} on {_target(p)}: more than invoking it. Grant it?"
        )
    return None


def _closes_url(steps: Iterable[Step], p: Mapping[str, Any]) -> bool:
    return any(
        _is(s.call, "update_function_url_config")
        and s.call.params.get("AuthType") == "AWS_IAM"
        and _target(s.call.params) == _target(p)
        for s in steps
    )


def _regrants(steps: Iterable[Step], p: Mapping[str, Any]) -> bool:
    return any(
        _is(s.call, "add_permission")
        and s.call.params.get("Principal") == p.get("Principal")
        and s.call.params.get("SourceArn")
        and _target(s.call.params) == _target(p)
        for s in steps
    )


def _removal_risk(step: Step, steps: tuple[Step, ...]) -> str | None:
    if not _is(step.undo, "add_permission") or step.undo is None:
        return None
    statement = step.undo.params
    sid, target = statement.get("StatementId"), _target(statement)
    if _public(statement) and not (_for_url(statement) and _closes_url(steps, statement)):
        return (
            f"Statement {sid} lets anyone invoke {target}. Removing it stops every caller that "
            "relies on it. Remove it?"
        )
    principal = str(statement.get("Principal", ""))
    if principal.endswith(".com") and not statement.get("SourceArn"):
        if _regrants(steps, statement):
            return None
        return (
            f"Statement {sid} lets {principal} invoke {target} for any resource. Removing it "
            "stops every such trigger, including ones lambdatui cannot see. Remove it?"
        )
    return None


def step_risk(step: Step, steps: tuple[Step, ...], own_account: str | None) -> str | None:
    """The sentence to confirm for one step of `steps` (None: nothing risky)."""
    call = step.call
    if _is(call, "add_permission"):
        return _grant_risk(call.params, own_account)
    if _is(call, "update_function_url_config") and call.params.get("AuthType") == "NONE":
        return _internet(call.params)
    if _is(call, "remove_permission"):
        return _removal_risk(step, steps)
    return None


def second_confirmation(steps: tuple[Step, ...], function_arn: str) -> str | None:
    """What to confirm once more before applying these steps, or None."""
    arn = parse_arn(function_arn)
    own = arn.account if arn else None
    sentences = [s for step in steps if (s := step_risk(step, steps, own))]
    return " ".join(dict.fromkeys(sentences)) or None


__all__ = ["second_confirmation", "step_risk"]
