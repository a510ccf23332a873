"""Who makes a request, and whether a policy's Principal (or NotPrincipal) names them. Pure.

Follows the IAM User Guide, "AWS JSON policy elements: Principal" and "NotPrincipal":

- `"*"` and `{"AWS": "*"}` name everyone, anonymous callers included;
- an account id or `arn:aws:iam::ACCOUNT:root` names every IAM principal of that account (its
  users, roles and role sessions), never an AWS service or an anonymous caller;
- a role ARN names the role and its assumed-role sessions
  (`arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`); a session ARN names that session only;
- `{"Service": [...]}` names AWS services; the regional Logs principal counts as Logs;
- `NotPrincipal` names everyone except the listed principals.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lambdatui.core.arn import canonical_service_principal, parse_arn, string_like

_ACCOUNT_ID = re.compile(r"\d{12}")
_SERVICE_SUFFIXES = (".amazonaws.com", ".amazonaws.com.cn", ".amazon.com")


@dataclass(frozen=True)
class Caller:
    """The principal a request comes from.

    `kind` is 'anonymous' (an unsigned call, e.g. to a public function URL), 'aws' (an IAM user,
    role, role session or account root), 'service' (an AWS service principal), or 'federated'.
    """

    kind: str
    name: str = ""
    account: str | None = None

    @property
    def session_role(self) -> str | None:
        """The role name of an assumed-role session ARN, else None."""
        parsed = parse_arn(self.name) if self.kind == "aws" else None
        if parsed and parsed.service == "sts" and parsed.resource.startswith("assumed-role/"):
            parts = parsed.resource.split("/")
            return parts[1] if len(parts) >= 3 else None
        return None


ANONYMOUS = Caller("anonymous")


def caller_from(principal: str) -> Caller:
    """A caller from the form the rest of lambdatui uses: '*' / '' (anonymous), a service name,
    an account id, or an IAM/STS ARN."""
    p = (principal or "").strip()
    if p in ("", "*"):
        return ANONYMOUS
    if _ACCOUNT_ID.fullmatch(p):
        return Caller("aws", f"arn:aws:iam::{p}:root", p)
    if not p.startswith("arn:") and p.lower().endswith(_SERVICE_SUFFIXES):
        return Caller("service", canonical_service_principal(p))
    parsed = parse_arn(p)
    if parsed and parsed.service in ("iam", "sts"):
        return Caller("aws", p, parsed.account or None)
    return Caller("federated" if parsed is None else "aws", p, parsed.account if parsed else None)


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [v.strip() for v in items if isinstance(v, str)]


def _aws_matches(granted: str, caller: Caller) -> bool:
    if granted == "*":
        return True
    if caller.kind != "aws":
        return False
    if _ACCOUNT_ID.fullmatch(granted):
        return caller.account == granted
    parsed = parse_arn(granted)
    if parsed is None:
        return string_like(granted, caller.name) if "*" in granted else False
    if parsed.service == "iam" and parsed.resource == "root":
        return caller.account is not None and string_like(parsed.account, caller.account)
    if "*" in granted or "?" in granted:
        return string_like(granted, caller.name)
    if granted == caller.name:
        return True
    role = caller.session_role
    if parsed.service == "iam" and parsed.resource.startswith("role/") and role is not None:
        return parsed.account == caller.account and parsed.resource.rsplit("/", 1)[-1] == role
    return False


def _service_matches(granted: str, caller: Caller) -> bool:
    if granted == "*":
        return True
    return caller.kind == "service" and canonical_service_principal(granted) == caller.name


def principal_matches(element: Any, caller: Caller) -> bool:
    """Whether a Principal element (as JSON) names `caller`. Malformed elements name nobody."""
    if isinstance(element, str):
        return element.strip() == "*" or _aws_matches(element.strip(), caller)
    if not isinstance(element, Mapping):
        return False
    for kind, names in element.items():
        kind = str(kind).lower()
        for name in _strings(names):
            if kind == "aws" and _aws_matches(name, caller):
                return True
            if kind == "service" and _service_matches(name, caller):
                return True
            if kind in ("federated", "canonicaluser") and (
                name == "*" or (caller.kind == "federated" and name == caller.name)
            ):
                return True
    return False


def statement_names_caller(statement: Mapping[str, Any], caller: Caller) -> bool:
    """Whether a statement's Principal names the caller, or its NotPrincipal leaves them out.

    A statement with neither names nobody (IAM requires one of them in a resource policy).
    """
    if "Principal" in statement:
        return principal_matches(statement["Principal"], caller)
    if "NotPrincipal" in statement:
        return not principal_matches(statement["NotPrincipal"], caller)
    return False


def names_anyone(statement: Mapping[str, Any]) -> bool:
    """Whether a statement's principal covers callers outside any one account: `*`, `{"AWS":
    "*"}`, a wildcard account, or `NotPrincipal`."""
    if "NotPrincipal" in statement and "Principal" not in statement:
        return True
    element = statement.get("Principal")
    outsiders = [Caller("aws", f"arn:aws:iam::{a}:role/outsider", a) for a in _OUTSIDER_ACCOUNTS]
    return principal_matches(element, ANONYMOUS) or all(
        principal_matches(element, o) for o in outsiders
    )


_OUTSIDER_ACCOUNTS = ("000000000000", "999999999999")
