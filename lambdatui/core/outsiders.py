"""The callers outside an account, and the request contexts they can produce. Pure, no I/O.

Used by `public_access` to decide what "public" means for a function's policy.

The outsiders: an anonymous caller, a principal of another account, and an AWS service acting
for another account's resource.

The context an outsider can produce: any value, or none, for keys that do not identify the caller
(`aws:SecureTransport`, `aws:UserAgent`, …); for the keys that do (`aws:SourceAccount`,
`aws:SourceArn`, `aws:PrincipalOrgID`, `aws:SourceVpce`, `aws:SourceIp` …) only values that are not
the owner's: a foreign value, or one matching a pattern in the policy that does not pin the key to
fixed values (`*`, `arn:aws:s3:::*`, `o-*`, a CIDR broader than /8). The function-URL keys are not
free: `lambda:FunctionUrlAuthType` comes only with a URL call, `lambda:InvokedViaFunctionUrl` only
with an invocation through a URL (it is absent on a plain Invoke).
"""

from __future__ import annotations

import ipaddress
import itertools
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from lambdatui.core.arn import parse_arn
from lambdatui.core.conditions import condition_entries, parse_date, parse_number, split_operator
from lambdatui.core.evaluator import statement_document
from lambdatui.core.principals import ANONYMOUS, Caller

URL_AUTH = "lambda:functionurlauthtype"
VIA_URL = "lambda:invokedviafunctionurl"

FUNCTION_ACTIONS: tuple[str, ...] = (
    "lambda:InvokeFunction",
    "lambda:InvokeFunctionUrl",
    "lambda:InvokeAsync",
    "lambda:GetFunction",
    "lambda:GetFunctionConfiguration",
    "lambda:GetPolicy",
    "lambda:GetAlias",
    "lambda:ListAliases",
    "lambda:ListVersionsByFunction",
    "lambda:GetFunctionUrlConfig",
    "lambda:ListFunctionUrlConfigs",
    "lambda:GetFunctionEventInvokeConfig",
    "lambda:ListFunctionEventInvokeConfigs",
    "lambda:GetFunctionConcurrency",
    "lambda:GetProvisionedConcurrencyConfig",
    "lambda:GetFunctionCodeSigningConfig",
    "lambda:GetFunctionRecursionConfig",
    "lambda:GetRuntimeManagementConfig",
    "lambda:ListTags",
    "lambda:UpdateFunctionCode",
    "lambda:UpdateFunctionConfiguration",
    "lambda:DeleteFunction",
    "lambda:PublishVersion",
    "lambda:CreateAlias",
    "lambda:UpdateAlias",
    "lambda:DeleteAlias",
    "lambda:AddPermission",
    "lambda:RemovePermission",
    "lambda:PutFunctionConcurrency",
    "lambda:DeleteFunctionConcurrency",
    "lambda:PutFunctionEventInvokeConfig",
    "lambda:UpdateFunctionEventInvokeConfig",
    "lambda:DeleteFunctionEventInvokeConfig",
    "lambda:CreateFunctionUrlConfig",
    "lambda:UpdateFunctionUrlConfig",
    "lambda:DeleteFunctionUrlConfig",
    "lambda:PutProvisionedConcurrencyConfig",
    "lambda:TagResource",
    "lambda:UntagResource",
)
"""Lambda actions on a function resource, the ones a resource policy can grant."""

# keys that identify the caller, and so can pin a grant to fixed callers
_ACCOUNT_KEYS = frozenset({"aws:sourceaccount", "aws:principalaccount", "aws:sourceowner"})
_ARN_KEYS = frozenset({"aws:sourcearn", "aws:principalarn"})
_IP_KEYS = frozenset({"aws:sourceip", "aws:vpcsourceip"})
_PATH_KEYS = frozenset({"aws:principalorgpaths", "aws:sourceorgpaths"})
PINNING_KEYS = (
    _ACCOUNT_KEYS
    | _ARN_KEYS
    | _IP_KEYS
    | _PATH_KEYS
    | frozenset(
        {
            "aws:principalorgid",
            "aws:sourceorgid",
            "aws:sourcevpc",
            "aws:sourcevpce",
            "aws:userid",
            "lambda:eventsourcetoken",
        }
    )
)
_PRINCIPAL_KEYS = frozenset(
    {
        "aws:principalarn",
        "aws:principalaccount",
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principaltype",
        "aws:principalisawsservice",
        "aws:principalservicename",
        "aws:principalservicenameslist",
        "aws:userid",
        "aws:username",
    }
)
_SOURCE_KEYS = frozenset(
    {"aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:sourceorgid"}
) | frozenset({"aws:sourceorgpaths"})
_MAX_CONTEXTS = 2048
_ABSENT: None = None


# -- which values an outsider can send -----------------------------------------------------------


def _wild(text: str) -> bool:
    return "*" in text or "?" in text or "${" in text


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def pins(key: str, value: str) -> bool:
    """Whether `value`, for condition key `key`, names only callers the owner controls."""
    key = key.lower()
    if "${" in value:
        return False
    if key in _IP_KEYS:
        net = _network(value)
        return net is None or net.prefixlen >= (8 if net.version == 4 else 32)
    if key in _ARN_KEYS:
        parsed = parse_arn(value)
        if parsed is None:
            return not _wild(value)
        if parsed.account:
            return not _wild(parsed.account)
        return not _wild(parsed.resource)
    if key == "aws:userid" or key in _PATH_KEYS:
        head = value.split(":" if key == "aws:userid" else "/", 1)[0]
        return bool(head) and not _wild(head)
    return not _wild(value)


def _instance(key: str, value: str, outsider: str) -> str:
    """A concrete value an outsider can hold that matches the pattern `value`."""
    if key in _ARN_KEYS and parse_arn(value) is not None:
        parts = value.split(":", 5)
        if _wild(parts[4]):
            parts[4] = outsider
        value = ":".join(parts)
    filler = outsider if key in _ACCOUNT_KEYS else "x"
    out = value
    while "${" in out and "}" in out.split("${", 1)[1]:
        head, tail = out.split("${", 1)
        out = head + filler + tail.split("}", 1)[1]
    return out.replace("*", filler).replace("?", "9" if key in _ACCOUNT_KEYS else "x")


def _foreign(key: str, caller: Caller, outsider: str, networks: list[Any]) -> str:
    if key in _ACCOUNT_KEYS:
        return outsider
    if key == "aws:principalarn":
        return caller.name if caller.kind == "aws" else f"arn:aws:iam::{outsider}:role/outsider"
    if key == "aws:sourcearn":
        return f"arn:aws:sns:us-east-1:{outsider}:outsider"
    if key in _IP_KEYS:
        for ip in ("203.0.113.77", "198.51.100.77", "8.8.8.8", "1.1.1.1", "2001:db8::77"):
            address = ipaddress.ip_address(ip)
            if not any(address.version == n.version and address in n for n in networks):
                return ip
        return "203.0.113.77"
    if key in ("aws:principalorgid", "aws:sourceorgid"):
        return "o-outsider000"
    if key in _PATH_KEYS:
        return "o-outsider000/r-out0/"
    if key == "aws:userid":
        return "AROAOUTSIDER:outsider"
    return "outsider"


def _free_values(operator: str, value: str) -> list[str]:
    """Values around a literal of a key that does not identify the caller."""
    _, name, _ = split_operator(operator)
    out = [value.replace("*", "x").replace("?", "x")]
    if name == "bool":
        out += ["true", "false"]
    elif name.startswith("numeric") and (n := parse_number(value)) is not None:
        out += [str(n - 1), str(n + 1)]
    elif name.startswith("date") and (d := parse_date(value)) is not None:
        out += [(d - timedelta(days=1)).isoformat(), (d + timedelta(days=1)).isoformat()]
    return out


def _candidates(
    entries: list[tuple[str, str, tuple[str, ...]]],
    caller: Caller,
    outsider: str,
    *,
    any_value: bool = False,
) -> dict[str, list[str | None]]:
    """For each condition key, the values (None: absent) this caller can send. With
    `any_value`, the caller may also hold the owner's values (an anonymous caller from the
    office range, say): the question is then whether *some* such caller gets in."""
    by_key: dict[str, list[tuple[str, str]]] = {}
    for operator, key, values in entries:
        if key in (URL_AUTH, VIA_URL):
            continue
        by_key.setdefault(key, []).extend((operator, v) for v in values)
    out: dict[str, list[str | None]] = {}
    for key, pairs in sorted(by_key.items()):
        fixed = _fixed_for(key, caller)
        if fixed is not None:
            out[key] = fixed
            continue
        if key in PINNING_KEYS:
            networks = [n for _, v in pairs if (n := _network(v))] if key in _IP_KEYS else []
            options: list[str | None] = [_ABSENT, _foreign(key, caller, outsider, networks)]
            options += [
                _instance(key, v, outsider) for _, v in pairs if any_value or not pins(key, v)
            ]
            if key in _IP_KEYS:
                options += [
                    str(next(iter(n.hosts()), n.network_address))
                    for n in networks
                    if any_value or not pins(key, str(n))
                ]
            if key in ("aws:principalarn", "aws:principalaccount", "aws:userid") and (
                caller.kind == "aws"
            ):
                options.remove(_ABSENT)  # always present on a signed call
        else:
            options = [_ABSENT, "outsider"]
            options += [x for op, v in pairs for x in _free_values(op, v)]
        out[key] = list(dict.fromkeys(options))
    return out


def _fixed_for(key: str, caller: Caller) -> list[str | None] | None:
    """Keys whose value the kind of caller decides."""
    if caller.kind == "anonymous" and (key in _PRINCIPAL_KEYS or key in _SOURCE_KEYS):
        return [_ABSENT]
    if caller.kind == "aws":
        if key in _SOURCE_KEYS:
            return [_ABSENT]
        if key == "aws:principalisawsservice":
            return ["false"]
        if key in ("aws:principalservicename", "aws:principalservicenameslist"):
            return [_ABSENT]
    if caller.kind == "service" and key in _PRINCIPAL_KEYS:
        if key == "aws:principalisawsservice":
            return ["true"]
        if key == "aws:principalservicename":
            return [caller.name]
        return [_ABSENT]
    return None


def contexts(
    statements: Iterable[Any], caller: Caller, outsider: str, *, any_value: bool = False
) -> Iterable[dict[str, tuple[str, ...]]]:
    """Every request context (bounded) the caller can produce against these statements' keys
    (`any_value`: see `_candidates`)."""
    entries = [
        e for s in statements for e in condition_entries(statement_document(s).get("Condition"))
    ]
    options = _candidates(entries, caller, outsider, any_value=any_value)
    keys = list(options)
    while keys and _product(options) > _MAX_CONTEXTS:  # keep absent and foreign first
        widest = max(keys, key=lambda k: len(options[k]))
        options[widest] = options[widest][: max(2, len(options[widest]) // 2)]
        if all(len(v) <= 2 for v in options.values()):
            break
    for combo in itertools.product(*(options[k] for k in keys)):
        yield {k: (v,) for k, v in zip(keys, combo, strict=True) if v is not None}


def _product(options: dict[str, list[str | None]]) -> int:
    n = 1
    for v in options.values():
        n *= len(v)
    return n


def outsider_account(statements: Sequence[Any], owner: str | None = None) -> str:
    """An account id that neither owns the function nor appears in the policy."""
    text = repr([statement_document(s) for s in statements])
    for candidate in ("999999999999", "888888888888", "777777777777", "000000000001"):
        if candidate != owner and candidate not in text:
            return candidate
    return "000000000002"


def outsider_callers(statements: Sequence[Any], outsider: str) -> list[Caller]:
    service = next(
        (
            f"{parsed.service}.amazonaws.com"
            for s in statements
            for _, key, values in condition_entries(statement_document(s).get("Condition"))
            if key == "aws:sourcearn"
            for v in values
            if (parsed := parse_arn(v)) and parsed.service and not _wild(parsed.service)
        ),
        "sns.amazonaws.com",
    )
    return [
        ANONYMOUS,
        Caller("aws", f"arn:aws:iam::{outsider}:role/outsider", outsider),
        Caller("service", service),
    ]
