"""A function's resource-based policy: parse it, and decide what it permits. Pure: no I/O.

The matcher follows IAM's evaluation of one resource-based policy: a request is allowed when an
Allow statement matches it (action, principal, resource qualifier and every condition) and no
Deny statement does. Conditions are evaluated against the request context a service invocation
carries (`aws:SourceArn`, `aws:SourceAccount`, …); a key absent from it fails an ordinary
operator, passes an `…IfExists` or negated one, as in IAM.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from lambdatui.core.arn import (
    arn_like,
    canonical_service_principal,
    function_qualifier,
    parse_arn,
    string_like,
)
from lambdatui.core.model import Policy, PolicyStatement


class PolicyParseError(ValueError):
    """A policy document that is not valid JSON or not shaped like an IAM policy."""


# -- parsing -------------------------------------------------------------------------------------


def parse_policy(policy_json: str, *, qualifier: str | None, revision_id: str | None) -> Policy:
    """Parse the `Policy` string of a GetPolicy answer."""
    if not isinstance(policy_json, str):
        raise PolicyParseError(f"policy must be a JSON string, not {type(policy_json).__name__}")
    try:
        document = json.loads(policy_json)
    except json.JSONDecodeError as exc:
        raise PolicyParseError(f"policy is not valid JSON: {exc}") from None
    if not isinstance(document, dict):
        raise PolicyParseError("policy must be a JSON object")
    raw_statements = document.get("Statement", [])
    if isinstance(raw_statements, dict):  # IAM allows a single statement object
        raw_statements = [raw_statements]
    if not isinstance(raw_statements, list):
        raise PolicyParseError("policy 'Statement' must be a list or an object")
    statements = tuple(parse_statement(s) for s in raw_statements)
    return Policy(qualifier, revision_id, statements, policy_json)


def parse_statement(stmt: dict[str, Any]) -> PolicyStatement:
    """Normalise one policy statement (see `PolicyStatement`)."""
    if not isinstance(stmt, dict):
        raise PolicyParseError(f"a statement must be a JSON object, not {type(stmt).__name__}")
    resource = _first(_strings(stmt.get("Resource"), "Resource"))
    parsed_resource = parse_arn(resource) if resource else None
    partition = parsed_resource.partition if parsed_resource else "aws"
    principals = _principals(stmt.get("Principal"), partition)
    conditions = stmt.get("Condition") or {}
    if not isinstance(conditions, dict) or not all(
        isinstance(b, dict) for b in conditions.values()
    ):
        raise PolicyParseError("statement 'Condition' must map operators to objects")
    found = _condition_values(conditions)
    sid = stmt.get("Sid")
    return PolicyStatement(
        sid=None if sid is None else str(sid),
        effect=_effect(stmt.get("Effect") or "Allow"),
        principal="*" if "*" in principals else (principals[0] if principals else ""),
        action=_strings(stmt.get("Action"), "Action"),
        resource=resource,
        qualifier=function_qualifier(resource) if resource else None,
        source_arn=_first(found["aws:sourcearn"]),
        source_account=_first(found["aws:sourceaccount"]),
        principal_org_id=_first(found["aws:principalorgid"]),
        function_url_auth_type=_first(found["lambda:functionurlauthtype"]),
        conditions=copy.deepcopy(conditions),
        principals=principals,
        source_arns=found["aws:sourcearn"],
        source_accounts=found["aws:sourceaccount"],
        invoked_via_function_url=any(
            v.lower() == "true" for v in found["lambda:invokedviafunctionurl"]
        ),
        raw=copy.deepcopy(stmt),
    )


def _strings(value: Any, element: str) -> tuple[str, ...]:
    """A policy value that may be a string or a list of them, as a tuple of strings."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, bool):
            out.append("true" if item else "false")
        elif isinstance(item, str | int | float):
            out.append(str(item))
        else:
            raise PolicyParseError(f"unexpected value in {element}: {item!r}")
    return tuple(out)


def _first(values: tuple[str, ...]) -> str | None:
    return values[0] if values else None


def _effect(value: Any) -> str:
    text = str(value)
    return {"allow": "Allow", "deny": "Deny"}.get(text.lower(), text)


_ACCOUNT_ID = re.compile(r"\d{12}")


def _principals(value: Any, partition: str) -> tuple[str, ...]:
    """Every principal, normalised: '*', a service name, or an IAM ARN (account -> its root)."""
    if value is None:
        return ()
    entries = value.items() if isinstance(value, dict) else [("AWS", value)]
    out: list[str] = []
    for kind, names in entries:
        for name in _strings(names, "Principal"):
            name = name.strip()
            if str(kind).lower() == "aws" and _ACCOUNT_ID.fullmatch(name):
                name = f"arn:{partition}:iam::{name}:root"
            if name not in out:
                out.append(name)
    return tuple(out)


_EXTRACTED_OPERATORS = frozenset({"arnlike", "arnequals", "stringequals", "stringlike", "bool"})
_EXTRACTED_KEYS = (
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:principalorgid",
    "lambda:functionurlauthtype",
    "lambda:invokedviafunctionurl",
)


def _condition_values(conditions: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """The values the Condition block requires for the keys a statement summary shows."""
    found: dict[str, tuple[str, ...]] = {key: () for key in _EXTRACTED_KEYS}
    for operator, block in conditions.items():
        _, name, _ = _split_operator(operator)
        if name not in _EXTRACTED_OPERATORS:
            continue
        for key, value in block.items():
            k = str(key).lower()
            if k in found:
                for v in _strings(value, key):
                    if v not in found[k]:
                        found[k] += (v,)
    return found


def _split_operator(operator: str) -> tuple[str, str, bool]:
    """`ForAnyValue:StringLikeIfExists` -> ('foranyvalue', 'stringlike', True)."""
    name = str(operator).lower()
    set_op, _, name = name.rpartition(":")
    if_exists = name.endswith("ifexists")
    return set_op, name.removesuffix("ifexists"), if_exists


# -- matching ------------------------------------------------------------------------------------

_TESTS = {
    "stringequals": lambda pattern, value: pattern == value,
    "stringequalsignorecase": lambda pattern, value: pattern.lower() == value.lower(),
    "stringlike": string_like,
    "arnequals": arn_like,  # IAM evaluates ArnEquals exactly like ArnLike
    "arnlike": arn_like,
    "bool": lambda pattern, value: pattern.lower() == value.lower(),
}
_NEGATIONS = {
    "stringnotequals": "stringequals",
    "stringnotequalsignorecase": "stringequalsignorecase",
    "stringnotlike": "stringlike",
    "arnnotequals": "arnequals",
    "arnnotlike": "arnlike",
}
_OTHER_NEGATED = frozenset({"numericnotequals", "datenotequals", "notipaddress"})


def request_context(
    *,
    principal: str,
    source_arn: str | None,
    source_account: str | None,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The condition keys (lower-cased) a call from `principal` carries."""
    context: dict[str, str] = {}
    if source_arn:
        context["aws:sourcearn"] = source_arn
    parsed = parse_arn(source_arn) if source_arn else None
    account = source_account or (parsed.account if parsed else None)
    if account:  # S3 bucket ARNs carry no account: then only the caller's value counts
        context["aws:sourceaccount"] = account
    if principal.lower().endswith((".amazonaws.com", ".amazonaws.com.cn", ".amazon.com")):
        context["aws:principalservicename"] = principal
        context["aws:principalisawsservice"] = "true"
    else:
        context["aws:principalisawsservice"] = "false"
        caller = parse_arn(principal)
        if caller and caller.account:
            context["aws:principalaccount"] = caller.account
    for key, value in (extra or {}).items():
        context[key.lower()] = value
    return context


def _condition_holds(operator: str, key: str, expected: Any, context: Mapping[str, str]) -> bool:
    set_op, name, if_exists = _split_operator(operator)
    try:
        wanted = _strings(expected, key)
    except PolicyParseError:
        return False
    actual = context.get(str(key).lower())
    if name == "null":
        return (actual is None) == any(v.lower() == "true" for v in wanted)
    negated = name in _NEGATIONS or name in _OTHER_NEGATED
    if actual is None:
        if set_op == "forallvalues":
            return True
        return if_exists or (negated and set_op != "foranyvalue")
    test = _TESTS.get(_NEGATIONS.get(name, name))
    if test is None:
        return False  # an operator we cannot evaluate never grants
    hit = any(test(w, actual) for w in wanted)
    return not hit if name in _NEGATIONS else hit


def _conditions_hold(conditions: Mapping[str, Any], context: Mapping[str, str]) -> bool:
    if not isinstance(conditions, Mapping):
        return False
    for operator, block in conditions.items():
        if not isinstance(block, Mapping):
            return False
        for key, expected in block.items():
            if not _condition_holds(operator, key, expected, context):
                return False
    return True


def _canonical_principal(principal: str) -> str:
    p = principal.strip()
    if _ACCOUNT_ID.fullmatch(p):
        return f"arn:aws:iam::{p}:root"
    return canonical_service_principal(p) if "." in p and not p.startswith("arn:") else p


_ACCOUNT_ROOT = re.compile(r"arn:[^:]+:iam::([^:]+):root")


def _principal_matches(statement: PolicyStatement, principal: str) -> bool:
    wanted = _canonical_principal(principal)
    caller = parse_arn(wanted)
    for candidate in statement.principals or (statement.principal,):
        if candidate == "*":
            return True
        granted = _canonical_principal(candidate)
        if granted == wanted or (
            ("*" in granted or "?" in granted) and string_like(granted, wanted)
        ):
            return True
        # an account root stands for every principal of that account
        root = _ACCOUNT_ROOT.fullmatch(granted)
        in_account = caller is not None and caller.service in ("iam", "sts")
        if root and in_account and string_like(root.group(1), caller.account):
            return True
    return False


def _no_latest(qualifier: str | None) -> str | None:
    return None if qualifier in (None, "", "$LATEST") else qualifier


def _applies(
    statement: PolicyStatement,
    *,
    principal: str,
    action: str,
    qualifier: str | None,
    context: Mapping[str, str],
) -> bool:
    """Whether the statement matches the request, whatever its effect."""
    return (
        any(string_like(a.lower(), action.lower()) for a in statement.action)
        and _principal_matches(statement, principal)
        and _no_latest(statement.qualifier) == _no_latest(qualifier)
        and _conditions_hold(statement.conditions, context)
    )


def permits(
    statement: PolicyStatement,
    *,
    principal: str,
    source_arn: str | None,
    source_account: str | None,
    qualifier: str | None,
    action: str = "lambda:InvokeFunction",
    extra_context: Mapping[str, str] | None = None,
) -> bool:
    """Whether this Allow statement lets `principal` invoke the function at `qualifier`.

    `source_account` defaults to the account field of `source_arn`. `extra_context` adds
    condition keys the caller knows (e.g. `lambda:FunctionUrlAuthType`).
    """
    if statement.effect != "Allow":
        return False
    context = request_context(
        principal=principal,
        source_arn=source_arn,
        source_account=source_account,
        extra=extra_context,
    )
    return _applies(
        statement, principal=principal, action=action, qualifier=qualifier, context=context
    )


def find_permitting(
    statements: Iterable[PolicyStatement],
    *,
    principal: str,
    source_arn: str | None,
    source_account: str | None,
    qualifier: str | None,
    action: str = "lambda:InvokeFunction",
    extra_context: Mapping[str, str] | None = None,
) -> PolicyStatement | None:
    """The first Allow statement that permits the request, or None (also when a Deny matches)."""
    context = request_context(
        principal=principal,
        source_arn=source_arn,
        source_account=source_account,
        extra=extra_context,
    )
    allowed: PolicyStatement | None = None
    for statement in statements:
        if statement.effect not in ("Allow", "Deny") or not _applies(
            statement, principal=principal, action=action, qualifier=qualifier, context=context
        ):
            continue
        if statement.effect == "Deny":
            return None
        allowed = allowed or statement
    return allowed


# -- classification ------------------------------------------------------------------------------

_RESTRICTING_KEYS = frozenset(
    {
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:principalorgid",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:sourceowner",
    }
)


def _restricts_caller(conditions: Mapping[str, Any]) -> bool:
    """Whether a condition narrows who may call: a positive test that needs a restricting key."""
    for operator, block in conditions.items():
        set_op, name, if_exists = _split_operator(operator)
        negated = name in _NEGATIONS or name in _OTHER_NEGATED
        if if_exists or negated or name == "null" or set_op == "forallvalues":
            continue
        for key, value in block.items() if isinstance(block, Mapping) else ():
            k = str(key).lower()
            if k in _RESTRICTING_KEYS:
                return True
            if k == "lambda:functionurlauthtype":
                values = value if isinstance(value, list) else [value]
                if any(str(v).upper() == "AWS_IAM" for v in values):
                    return True
    return False


_ANY_ACCOUNT_ROOT = re.compile(r"arn:[^:]+:iam::\*:root")


def is_public(statement: PolicyStatement) -> bool:
    """An Allow to anyone (`*`, `{"AWS": "*"}`, `arn:aws:iam::*:root`) that no condition narrows.

    The public function URL statements count as public: tell them apart with
    `is_function_url_statement`.
    """
    if statement.effect != "Allow":
        return False
    principals = statement.principals or (statement.principal,)
    if not any(p == "*" or _ANY_ACCOUNT_ROOT.fullmatch(p) for p in principals):
        return False
    return not _restricts_caller(statement.conditions)


def is_function_url_statement(statement: PolicyStatement) -> bool:
    """A statement that only serves calls through a function URL."""
    only_url_action = bool(statement.action) and all(
        a.lower() == "lambda:invokefunctionurl" for a in statement.action
    )
    return (
        statement.function_url_auth_type is not None
        or statement.invoked_via_function_url
        or only_url_action
    )


_LOG_GROUP_TAIL = re.compile(r"(:log-group:[^:*?]+):\*$")


def has_wildcard_source(statement: PolicyStatement) -> bool:
    """Whether SourceArn or SourceAccount holds a `*` or `?` wildcard.

    The `:*` that ends a log group ARN (`…:log-group:/app/x:*`) is not counted: it is the form
    CloudWatch Logs itself sends as SourceArn, and it still names one log group only.
    """
    values = (
        *(_LOG_GROUP_TAIL.sub(r"\1", v) for v in statement.source_arns),
        *statement.source_accounts,
    )
    return any("*" in v or "?" in v for v in values)
