"""One evaluator for Lambda resource-based policies, with IAM's logic. Pure: no I/O, never raises.

IAM User Guide, "Policy evaluation logic": a request is allowed when at least one Allow statement
applies to it and no Deny statement does (an explicit Deny always wins; with no Allow the request
is implicitly denied). A statement applies when its Principal (or NotPrincipal) names the caller,
its Action (or NotAction) covers the action — case-insensitive, `*`/`?` wildcards — its Resource
(or NotResource) covers the function ARN the call names — `function:NAME:*` covers every alias
and version — and every condition holds (`lambdatui.core.conditions`).

Every decision lambdatui makes about a policy goes through `evaluate`: the cross-check (which
statement lets a trigger in), the public rules, the function-URL check and the fixes' "already
permitted?" test (`permitting_statement`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from lambdatui.core.arn import arn_like, parse_arn, string_like, unqualified_function_arn
from lambdatui.core.conditions import Context, conditions_hold, make_context
from lambdatui.core.model import FunctionDetail, Policy, PolicyStatement
from lambdatui.core.principals import Caller, caller_from, statement_names_caller

INVOKE = "lambda:InvokeFunction"
INVOKE_URL = "lambda:InvokeFunctionUrl"


class Decision(StrEnum):
    ALLOW = "allow"
    EXPLICIT_DENY = "explicit-deny"
    IMPLICIT_DENY = "implicit-deny"


@dataclass(frozen=True)
class Request:
    """One call to a Lambda action.

    `resource` is the function ARN the call names (qualified for an alias or version). When it is
    None, each statement is asked about its own function at `qualifier` — for callers that hold a
    function's policies but not its ARN.
    """

    caller: Caller
    action: str
    resource: str | None = None
    qualifier: str | None = None
    context: Context = field(default_factory=dict)


@dataclass(frozen=True)
class Evaluation:
    decision: Decision
    allowed_by: tuple[Any, ...] = ()
    denied_by: tuple[Any, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.decision is Decision.ALLOW


# -- statements as JSON --------------------------------------------------------------------------


def statement_document(statement: Any) -> Mapping[str, Any]:
    """The statement as IAM JSON: the raw statement when parsed from a policy, else rebuilt from
    the normalised fields (statements made in code)."""
    if isinstance(statement, Mapping):
        return statement
    if not isinstance(statement, PolicyStatement):
        return {}
    if statement.raw:
        return statement.raw
    principals = statement.principals or ((statement.principal,) if statement.principal else ())
    by_kind: dict[str, list[str]] = {}
    for p in principals:
        kind = "Service" if p.endswith(".com") else "AWS"
        by_kind.setdefault(kind, []).append(p)
    doc: dict[str, Any] = {"Effect": statement.effect, "Action": list(statement.action)}
    doc["Principal"] = "*" if "*" in principals else by_kind
    if statement.resource:
        doc["Resource"] = statement.resource
    if statement.conditions:
        doc["Condition"] = statement.conditions
    return doc


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [v for v in items if isinstance(v, str)]


def _action_matches(element: Any, action: str) -> bool:
    wanted = action.lower()
    return any(string_like(p.strip().lower(), wanted) for p in _strings(element))


def _without_latest(arn: str) -> str:
    return arn[: -len(":$LATEST")] if arn.endswith(":$LATEST") else arn


def _resource_matches(element: Any, resource: str) -> bool:
    target = _without_latest(resource)
    return any(p == "*" or arn_like(_without_latest(p), target) for p in _strings(element))


def _resource_for(document: Mapping[str, Any], request: Request) -> str | None:
    """The ARN the request names, or — when it names none — the statement's own function at the
    request's qualifier (a policy read from a function only ever names that function)."""
    if request.resource is not None:
        return request.resource
    for named in (*_strings(document.get("Resource")), *_strings(document.get("NotResource"))):
        parsed = parse_arn(named)
        if parsed is not None and parsed.service == "lambda":
            return qualified_arn(named, request.qualifier)
    return None


def covers_action(statement: Any, action: str) -> bool:
    """Whether the statement's Action (or NotAction) covers `action`."""
    doc = statement_document(statement)
    if "Action" in doc:
        return _action_matches(doc["Action"], action)
    if "NotAction" in doc:
        return not _action_matches(doc["NotAction"], action)
    return False


def statement_applies(statement: Any, request: Request) -> bool:
    """Whether the statement matches the request, whatever its effect."""
    doc = statement_document(statement)
    if not isinstance(doc, Mapping) or not statement_names_caller(doc, request.caller):
        return False
    if not covers_action(doc, request.action):
        return False
    resource = _resource_for(doc, request)
    if resource is not None:
        if "Resource" in doc and not _resource_matches(doc["Resource"], resource):
            return False
        if "NotResource" in doc and _resource_matches(doc["NotResource"], resource):
            return False
    return conditions_hold(doc.get("Condition"), request.context)


def effect_of(statement: Any) -> str:
    """'Allow', 'Deny', or '' for a statement with neither."""
    if isinstance(statement, PolicyStatement):
        effect = statement.effect.lower()
    else:
        effect = str(statement_document(statement).get("Effect", "")).lower()
    return {"allow": "Allow", "deny": "Deny"}.get(effect, "")


def evaluate(statements: Iterable[Any], request: Request) -> Evaluation:
    """IAM's decision for the request over these statements (explicit Deny wins)."""
    allowed: list[Any] = []
    denied: list[Any] = []
    for statement in statements:
        effect = effect_of(statement)
        if effect and statement_applies(statement, request):
            (denied if effect == "Deny" else allowed).append(statement)
    if denied:
        return Evaluation(Decision.EXPLICIT_DENY, tuple(allowed), tuple(denied))
    if allowed:
        return Evaluation(Decision.ALLOW, tuple(allowed))
    return Evaluation(Decision.IMPLICIT_DENY)


def document_statements(document: Any) -> list[Any]:
    """The statements of a policy given as JSON text or a parsed object; [] when unreadable."""
    if isinstance(document, str | bytes):
        try:
            document = json.loads(document)
        except (ValueError, RecursionError):
            return []
    if isinstance(document, Mapping):
        document = document.get("Statement", [])
    if isinstance(document, Mapping):
        return [document]
    if isinstance(document, list):
        return [s for s in document if isinstance(s, Mapping)]
    return []


def evaluate_document(document: Any, request: Request) -> Evaluation:
    """`evaluate` over a policy document of any shape: whatever cannot be read grants nothing."""
    try:
        return evaluate(document_statements(document), request)
    except RecursionError:  # absurdly nested JSON: nothing in it can be trusted to grant
        return Evaluation(Decision.IMPLICIT_DENY)


# -- requests lambdatui asks about ---------------------------------------------------------------


def request_context(
    *,
    principal: str,
    source_arn: str | None = None,
    source_account: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, tuple[str, ...]]:
    """The condition keys a call from `principal` carries (lower-cased).

    `source_account` defaults to the account of `source_arn` (S3 bucket ARNs carry none). Every
    call to Lambda also carries the time and `aws:SecureTransport` (its endpoints are HTTPS
    only), so a statement testing them does not break a trigger that works.
    """
    caller = caller_from(principal)
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "aws:sourcearn": source_arn,
        "aws:securetransport": "true",
        "aws:currenttime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "aws:epochtime": str(int(now.timestamp())),
    }
    parsed = parse_arn(source_arn) if source_arn else None
    values["aws:sourceaccount"] = source_account or (parsed.account if parsed else None) or None
    if caller.kind == "service":
        values["aws:principalservicename"] = caller.name
        values["aws:principalisawsservice"] = "true"
    elif caller.kind == "aws":
        values["aws:principalisawsservice"] = "false"
        values["aws:principalarn"] = caller.name
        values["aws:principalaccount"] = caller.account
    context = make_context(values)
    context.update(make_context(extra))
    return context


def invoke_request(
    *,
    principal: str,
    source_arn: str | None = None,
    source_account: str | None = None,
    qualifier: str | None = None,
    function_arn: str | None = None,
    action: str = INVOKE,
    extra_context: Mapping[str, Any] | None = None,
) -> Request:
    """The request a trigger (or any caller) makes to invoke the function at `qualifier`."""
    resource = None
    if function_arn:
        base = unqualified_function_arn(function_arn)
        resource = f"{base}:{qualifier}" if qualifier not in (None, "", "$LATEST") else base
    return Request(
        caller=caller_from(principal),
        action=action,
        resource=resource,
        qualifier=qualifier,
        context=request_context(
            principal=principal,
            source_arn=source_arn,
            source_account=source_account,
            extra=extra_context,
        ),
    )


def statements_for(
    policies: Sequence[Policy], qualifier: str | None, function_arn: str | None = None
) -> tuple[PolicyStatement, ...]:
    """The statements that govern calls to the function at `qualifier`: that qualifier's policy,
    plus statements of the function's other policies whose Resource pattern covers it (a
    `function:NAME:*` statement covers every alias and version)."""
    own = tuple(s for p in policies if _same(p.qualifier, qualifier) for s in p.statements)
    others = [s for p in policies if not _same(p.qualifier, qualifier) for s in p.statements]
    extra = []
    for s in others:
        patterns = _strings(statement_document(s).get("Resource"))
        if not any("*" in p or "?" in p for p in patterns):
            continue
        base = unqualified_function_arn(function_arn or (s.resource or ""))
        target = f"{base}:{qualifier}" if qualifier not in (None, "", "$LATEST") else base
        if _resource_matches(patterns, target):
            extra.append(s)
    return own + tuple(extra)


def _same(a: str | None, b: str | None) -> bool:
    return (a or None if a != "$LATEST" else None) == (b or None if b != "$LATEST" else None)


def permitting_statement(
    statements: Iterable[PolicyStatement],
    *,
    principal: str,
    source_arn: str | None,
    source_account: str | None,
    qualifier: str | None,
    function_arn: str | None = None,
    action: str = INVOKE,
    extra_context: Mapping[str, Any] | None = None,
) -> PolicyStatement | None:
    """The most specific Allow statement that lets this call in, or None — also when a Deny
    cancels it. The fixes' "already permitted?" test and the cross-check both ask this."""
    request = invoke_request(
        principal=principal,
        source_arn=source_arn,
        source_account=source_account,
        qualifier=qualifier,
        function_arn=function_arn,
        action=action,
        extra_context=extra_context,
    )
    result = evaluate(statements, request)
    if not result.allowed:
        return None
    return max(result.allowed_by, key=_specificity)


def _specificity(s: PolicyStatement) -> tuple[bool, bool, bool, bool]:
    """Name the grant meant for this caller rather than, say, a public one that also matches."""
    exact_source = bool(s.source_arn) and "*" not in s.source_arn and "?" not in s.source_arn
    return (bool(s.service_principals), exact_source, bool(s.source_arn), bool(s.source_account))


def qualified_arn(function_arn: str, qualifier: str | None) -> str:
    base = unqualified_function_arn(function_arn)
    return f"{base}:{qualifier}" if qualifier not in (None, "", "$LATEST") else base


def already_permitted(
    detail: FunctionDetail,
    *,
    principal: str,
    source_arn: str | None,
    source_account: str | None,
    qualifier: str | None,
    action: str = INVOKE,
    extra_context: Mapping[str, Any] | None = None,
) -> PolicyStatement | None:
    """The fixes' "already permitted?" test over a function's policies as read: the statement
    that lets this call in, or None when none does or a Deny cancels it."""
    return permitting_statement(
        statements_for(detail.policies, qualifier, detail.function.arn),
        principal=principal,
        source_arn=source_arn,
        source_account=source_account,
        qualifier=qualifier,
        action=action,
        extra_context=extra_context,
    )


def denying_statements(
    detail: FunctionDetail,
    *,
    principal: str,
    source_arn: str | None,
    source_account: str | None,
    qualifier: str | None,
    action: str = INVOKE,
    extra_context: Mapping[str, Any] | None = None,
) -> tuple[PolicyStatement, ...]:
    """The Deny statements that refuse this call (a grant added for it would not help)."""
    request = invoke_request(
        principal=principal,
        source_arn=source_arn,
        source_account=source_account,
        qualifier=qualifier,
        action=action,
        extra_context=extra_context,
    )
    statements = statements_for(detail.policies, qualifier, detail.function.arn)
    return evaluate(statements, request).denied_by
