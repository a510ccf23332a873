"""Audit rules: each a small pure function over one function's detail → findings.

`RULES` lists every rule in the order of the README's table, whose ids and severities are a
contract (docs/architecture.md §7); the rules themselves live in `rules_policy` (statements),
`rules_wiring` (triggers), `rules_destinations` (where events go), `rules_function`
(environment, runtime, URLs) and `rules_roles` (the execution role's and invokers' roles).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from lambdatui.audit.rules_base import Rule, RuleContext
from lambdatui.audit.rules_destinations import DESTINATION_UNUSABLE, NO_FAILURE_DESTINATION
from lambdatui.audit.rules_function import (
    DEPRECATED_RUNTIME,
    FUNCTION_URL_CORS_WILDCARD,
    FUNCTION_URL_PUBLIC,
    SECRETS_IN_ENVIRONMENT,
)
from lambdatui.audit.rules_policy import (
    CROSS_ACCOUNT_INVOKE,
    POLICY_NEAR_LIMIT,
    PUBLIC_INVOKE,
    S3_WITHOUT_SOURCE_ACCOUNT,
    SERVICE_WITHOUT_SOURCE_ARN,
    WILDCARD_SOURCE,
)
from lambdatui.audit.rules_roles import INVOKER_ROLE_DENIED, PULL_SOURCE_UNREADABLE
from lambdatui.audit.rules_wiring import BROKEN_TRIGGER, ORPHANED_PERMISSION, STALE_PERMISSION
from lambdatui.core.model import Finding, FunctionDetail

if TYPE_CHECKING:
    from lambdatui.inventory.account import AccountPicture

__all__ = ["RULES", "RULES_BY_ID", "Rule", "RuleContext", "evaluate", "evaluate_function"]

RULES: tuple[Rule, ...] = (
    PUBLIC_INVOKE,
    SECRETS_IN_ENVIRONMENT,
    BROKEN_TRIGGER,
    FUNCTION_URL_PUBLIC,
    SERVICE_WITHOUT_SOURCE_ARN,
    S3_WITHOUT_SOURCE_ACCOUNT,
    DESTINATION_UNUSABLE,
    ORPHANED_PERMISSION,
    STALE_PERMISSION,
    WILDCARD_SOURCE,
    CROSS_ACCOUNT_INVOKE,
    NO_FAILURE_DESTINATION,
    DEPRECATED_RUNTIME,
    POLICY_NEAR_LIMIT,
    FUNCTION_URL_CORS_WILDCARD,
    PULL_SOURCE_UNREADABLE,
    INVOKER_ROLE_DENIED,
)
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def sort_key(f: Finding) -> tuple[int, str, str, str]:
    """Worst severity first, then function, then rule, then resource."""
    return (-f.severity.rank, f.function_arn, f.rule, f.resource or "")


def evaluate_function(
    detail: FunctionDetail,
    *,
    trusted_accounts: Iterable[str] = frozenset(),
    today: date | None = None,
    rules: Sequence[Rule] = RULES,
) -> list[Finding]:
    """Every finding of one function, sorted (see `sort_key`)."""
    ctx = RuleContext(today=today or date.today(), trusted_accounts=frozenset(trusted_accounts))
    findings = [f for rule in rules for f in rule.check(detail, ctx)]
    return sorted(findings, key=sort_key)


def evaluate(
    picture: AccountPicture, *, trusted_accounts: Iterable[str] = (), today: date | None = None
) -> list[Finding]:
    """Every finding of the picture, worst first, then by function and rule."""
    trusted = frozenset(trusted_accounts)
    findings = [
        f
        for detail in picture.functions
        for f in evaluate_function(detail, trusted_accounts=trusted, today=today)
    ]
    return sorted(findings, key=sort_key)
