"""A function's resource-based policy: parse it, and ask what it permits. Pure: no I/O.

Parsing normalises each statement into a `PolicyStatement` (the summary fields the report and the
UI show) and keeps the raw JSON. Every decision — does a statement permit a call, is it public,
does it only serve a function URL — is made by `lambdatui.core.evaluator`, which follows IAM's
policy evaluation logic; the functions here are the names the rest of lambdatui calls it by.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from lambdatui.core import evaluator
from lambdatui.core.arn import function_qualifier, parse_arn
from lambdatui.core.model import Policy, PolicyStatement
from lambdatui.core.public_access import is_public_statement, serves_only_function_url


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
    statements = tuple(_held_by(parse_statement(s), qualifier) for s in raw_statements)
    return Policy(qualifier, revision_id, statements, policy_json)


def _held_by(statement: PolicyStatement, qualifier: str | None) -> PolicyStatement:
    """A statement whose Resource covers several qualifiers (`function:NAME:*`) belongs to the
    policy it was read from: that is the qualifier RemovePermission must name."""
    q = statement.qualifier
    if q is not None and ("*" in q or "?" in q):
        return dataclasses.replace(statement, qualifier=qualifier)
    return statement


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


# -- matching: every question goes to the one evaluator -----------------------------------------


def request_context(
    *,
    principal: str,
    source_arn: str | None,
    source_account: str | None,
    extra: Mapping[str, str] | None = None,
) -> dict[str, tuple[str, ...]]:
    """The condition keys (lower-cased) a call from `principal` carries."""
    return evaluator.request_context(
        principal=principal, source_arn=source_arn, source_account=source_account, extra=extra
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
    function_arn: str | None = None,
) -> bool:
    """Whether this Allow statement, on its own, lets `principal` call `action` at `qualifier`.

    `source_account` defaults to the account field of `source_arn`. `extra_context` adds
    condition keys the caller knows (e.g. `lambda:FunctionUrlAuthType`).
    """
    if statement.effect != "Allow":
        return False
    request = evaluator.invoke_request(
        principal=principal,
        source_arn=source_arn,
        source_account=source_account,
        qualifier=qualifier,
        function_arn=function_arn,
        action=action,
        extra_context=extra_context,
    )
    return evaluator.statement_applies(statement, request)


def find_permitting(
    statements: Iterable[PolicyStatement],
    *,
    principal: str,
    source_arn: str | None,
    source_account: str | None,
    qualifier: str | None,
    action: str = "lambda:InvokeFunction",
    extra_context: Mapping[str, str] | None = None,
    function_arn: str | None = None,
) -> PolicyStatement | None:
    """The first Allow statement that permits the request, or None (also when a Deny matches).

    `evaluator.permitting_statement` names the most specific one instead.
    """
    request = evaluator.invoke_request(
        principal=principal,
        source_arn=source_arn,
        source_account=source_account,
        qualifier=qualifier,
        function_arn=function_arn,
        action=action,
        extra_context=extra_context,
    )
    result = evaluator.evaluate(statements, request)
    return result.allowed_by[0] if result.allowed else None


# -- classification ------------------------------------------------------------------------------


def is_public(statement: PolicyStatement) -> bool:
    """Whether this Allow statement, on its own, lets callers outside the account in: a principal
    of anyone (`*`, `{"AWS": "*"}`, a wildcard account, `NotPrincipal`) and no condition that pins
    the caller to fixed values. Deny statements are not considered here: over a whole policy use
    `public_access.public_grants`. Public function-URL statements count as public: tell them apart
    with `is_function_url_statement`."""
    return is_public_statement(statement)


def is_function_url_statement(statement: PolicyStatement) -> bool:
    """A statement that can only serve calls through a function URL (see
    `public_access.serves_only_function_url`)."""
    return serves_only_function_url(statement)


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
