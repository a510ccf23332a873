"""Who outside the account may call the function: "public" as AWS defines it. Pure, no I/O.

AWS Config's `lambda-function-public-access-prohibited`: a policy is public when its principal is
`*` / `{"AWS": "*"}` (or holds a wildcard) unless it grants access only to *fixed values* — values
without a wildcard or a policy variable. IAM Access Analyzer reasons over the whole policy, Deny
statements included. lambdatui asks the evaluator that question directly: is there a caller
outside the account — anonymous, a principal of another account, or an AWS service acting for
another account's resource — and a request context that caller can produce
(`lambdatui.core.outsiders`), for which an Allow statement applies and no Deny does?

Function URLs (Lambda Developer Guide, "Control access to Lambda function URLs"): since October
2025 a URL with AuthType NONE needs both `lambda:InvokeFunctionUrl` (the call carries
`lambda:FunctionUrlAuthType` = NONE) and `lambda:InvokeFunction` (the call carries
`lambda:InvokedViaFunctionUrl` = true) granted to an anonymous caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lambdatui.core.conditions import condition_entries, requires_key, split_operator
from lambdatui.core.evaluator import (
    INVOKE,
    INVOKE_URL,
    Evaluation,
    Request,
    covers_action,
    effect_of,
    evaluate,
    statement_document,
    statements_for,
)
from lambdatui.core.model import FunctionDetail, PolicyStatement
from lambdatui.core.outsiders import (
    FUNCTION_ACTIONS,
    PINNING_KEYS,
    URL_AUTH,
    VIA_URL,
    contexts,
    outsider_account,
    outsider_callers,
)
from lambdatui.core.principals import ANONYMOUS, Caller, names_anyone

_WHO = {
    "anonymous": "an anonymous caller",
    "aws": "a principal of any other AWS account",
    "service": "an AWS service acting for another account's resource",
}


@dataclass(frozen=True)
class PublicGrant:
    """An Allow statement that lets callers outside the account in."""

    statement: PolicyStatement
    actions: tuple[str, ...]
    """Actions anyone may call through it without a function URL."""
    url_actions: tuple[str, ...]
    """Actions anyone may call through it only by way of a function URL."""
    why: str
    """Who gets in, and why no condition (and no Deny) keeps them out."""

    @property
    def url_only(self) -> bool:
        return not self.actions and bool(self.url_actions)


@dataclass
class _Hits:
    actions: dict[str, None] = field(default_factory=dict)
    url_actions: dict[str, None] = field(default_factory=dict)
    witness: tuple[Caller, dict[str, tuple[str, ...]]] | None = None
    witness_via_url: bool = False


def _requests(
    caller: Caller, actions: Sequence[str]
) -> list[tuple[str, dict[str, tuple[str, ...]], bool]]:
    """(action, structural URL keys, through a URL?) for each way the caller can call."""
    plain = [(a, {}, False) for a in actions if a != INVOKE_URL]
    url: list[tuple[str, dict[str, tuple[str, ...]], bool]] = []
    if INVOKE_URL in actions:
        for auth in ("NONE",) if caller.kind == "anonymous" else ("NONE", "AWS_IAM"):
            url.append((INVOKE_URL, {URL_AUTH: (auth,)}, True))
    if INVOKE in actions and caller.kind != "service":
        url.append((INVOKE, {VIA_URL: ("true",)}, True))
    if caller.kind == "anonymous":  # an unsigned call reaches Lambda only through a URL
        return url
    return plain + url


def _action_classes(statements: Sequence[Any], actions: Iterable[str]) -> dict[str, list[str]]:
    """Actions grouped by which statements cover them: one evaluation per group suffices."""
    groups: dict[tuple[Any, ...], list[str]] = {}
    for a in actions:
        special = a if a in (INVOKE, INVOKE_URL) else ""  # URL calls treat these two apart
        groups.setdefault((special, *(covers_action(s, a) for s in statements)), []).append(a)
    return {members[0]: members for members in groups.values()}


def public_grants(
    statements: Sequence[PolicyStatement],
    *,
    resource: str | None = None,
    qualifier: str | None = None,
    owner_account: str | None = None,
) -> list[PublicGrant]:
    """The Allow statements through which callers outside the account get in, each with the
    actions it opens and why nothing keeps them out. `resource` is the (qualified) function ARN
    the statements govern; None asks each statement about its own function at `qualifier`."""
    anyone = [
        s for s in statements if effect_of(s) == "Allow" and names_anyone(statement_document(s))
    ]
    if not anyone:
        return []
    denies = [s for s in statements if effect_of(s) == "Deny"]
    relevant = anyone + denies
    named = {
        a
        for s in anyone
        for a in _action_names(statement_document(s).get("Action"))
        if a.lower().startswith("lambda:") and "*" not in a and "?" not in a
    }
    known = {a.lower() for a in FUNCTION_ACTIONS}
    actions = [a for a in (*FUNCTION_ACTIONS, *sorted(named)) if a.lower() in known or a in named]
    actions = [a for a in dict.fromkeys(actions) if any(covers_action(s, a) for s in anyone)]
    classes = _action_classes(relevant, actions)
    outsider = outsider_account(relevant, owner_account)
    hits: dict[int, _Hits] = {id(s): _Hits() for s in anyone}
    for caller in outsider_callers(relevant, outsider):
        ways = _requests(caller, list(classes))
        for context in contexts(relevant, caller, outsider):
            for action, url_keys, via_url in ways:
                request = Request(caller, action, resource, qualifier, {**context, **url_keys})
                result = evaluate(relevant, request)
                if result.allowed:
                    _record(result, hits, classes[action], via_url, caller, request)
    grants = []
    for s in anyone:
        h = hits[id(s)]
        if h.witness is None:
            continue
        plain = tuple(a for a in h.actions if covers_action(s, a))
        url = tuple(a for a in h.url_actions if covers_action(s, a) and a not in h.actions)
        grants.append(PublicGrant(s, plain, url, _why(s, denies, *h.witness)))
    return grants


def _record(
    result: Evaluation,
    hits: dict[int, _Hits],
    members: list[str],
    via_url: bool,
    caller: Caller,
    request: Request,
) -> None:
    for s in result.allowed_by:
        h = hits.get(id(s))
        if h is None:
            continue
        (h.url_actions if via_url else h.actions).update(dict.fromkeys(members))
        if h.witness is None or (h.witness_via_url and not via_url):
            h.witness = (caller, dict(request.context))
            h.witness_via_url = via_url


def _action_names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [v for v in items if isinstance(v, str)]


def _why(
    statement: PolicyStatement,
    denies: Sequence[PolicyStatement],
    caller: Caller,
    context: dict[str, tuple[str, ...]],
) -> str:
    """Why no condition pins the caller, and no Deny removes the grant, in words."""
    reasons = []
    entries = condition_entries(statement_document(statement).get("Condition"), lower=False)
    for operator, written, values in entries:
        key = written.lower()
        shown = f"{operator} {written} {_listing(values)}"
        if_exists = split_operator(operator)[2]
        sent = context.get(key)
        if key in (URL_AUTH, VIA_URL):
            if not sent:
                reasons.append(f"{shown} passes on a plain call, which carries no {written}")
            continue
        if not sent:
            how = "IfExists passes" if if_exists else f"{operator} holds"
            reasons.append(f"{shown}: a call without {written} gets in ({how} when it is absent)")
        elif key in PINNING_KEYS:
            reasons.append(
                f"{shown} also matches {sent[0]}, a value outside this account (a wildcard, a "
                "policy variable, a negation or a broad range does not pin the caller)"
            )
        else:
            reasons.append(f"{shown} does not identify the caller: anyone can send {sent[0]}")
    if not any(k.lower() not in (URL_AUTH, VIA_URL) for _, k, _ in entries):
        reasons.append("no condition names the caller")
    if denies:
        labels = ", ".join(_label(d) for d in denies)
        reasons.append(f"no Deny statement ({labels}) covers such a call")
    return f"{_WHO.get(caller.kind, 'an outsider')} gets in: " + "; ".join(reasons)


def _listing(values: tuple[str, ...]) -> str:
    return repr(values[0]) if len(values) == 1 else repr(list(values))


def _label(s: PolicyStatement) -> str:
    return f"'{s.sid}'" if s.sid else "without a Sid"


def is_public_statement(statement: PolicyStatement) -> bool:
    """Whether this statement alone lets callers outside the account in (no Deny considered)."""
    resource = statement.resource
    if resource and ("*" in resource or "?" in resource):
        resource = resource.replace("*", "x").replace("?", "x")
    return bool(public_grants([statement], resource=resource, qualifier=statement.qualifier))


def serves_only_function_url(statement: PolicyStatement) -> bool:
    """Whether the statement can only ever serve calls made through a function URL: it grants
    no function action but InvokeFunctionUrl, or a condition needs a URL-only key present."""
    doc = statement_document(statement)
    covered = [a for a in FUNCTION_ACTIONS if covers_action(doc, a)]
    if covered and all(a == INVOKE_URL for a in covered):
        return True
    condition = doc.get("Condition")
    return requires_key(condition, URL_AUTH) or requires_key(condition, VIA_URL)


# -- function URLs -------------------------------------------------------------------------------

URL_NEEDS = {
    INVOKE_URL: "lambda:InvokeFunctionUrl (with lambda:FunctionUrlAuthType NONE)",
    INVOKE: "lambda:InvokeFunction (with lambda:InvokedViaFunctionUrl true)",
}


@dataclass(frozen=True)
class UrlAccess:
    """Whether an anonymous caller gets through a function URL with AuthType NONE."""

    works: bool
    serving: tuple[PolicyStatement, ...] = ()
    """The Allow statements that let the anonymous call in."""
    missing: tuple[str, ...] = ()
    """Of InvokeFunctionUrl and InvokeFunction, the actions no statement grants the caller."""
    denied_by: tuple[PolicyStatement, ...] = ()

    @property
    def why_not(self) -> str:
        if self.works:
            return ""
        parts = []
        if self.missing:
            parts.append(
                "no statement grants an anonymous caller "
                + " and ".join(URL_NEEDS.get(m, m) for m in self.missing)
            )
        if self.denied_by:
            parts.append("Deny statement " + ", ".join(_label(d) for d in self.denied_by))
        return "; ".join(parts) or "no single call is granted both actions"


def anonymous_url_access(
    statements: Sequence[PolicyStatement],
    *,
    resource: str | None = None,
    qualifier: str | None = None,
) -> UrlAccess:
    """Run the evaluator for an anonymous caller through the URL: both actions must be allowed
    for the same call (explicit Deny wins, as everywhere). The URL works when *some* anonymous
    caller gets through — one calling from the office range an IpAddress condition names, say."""
    outsider = outsider_account(statements)
    url_call = {URL_AUTH: ("NONE",)}
    via_call = {VIA_URL: ("true",)}
    offered = {INVOKE_URL: False, INVOKE: False}
    denied: dict[int, PolicyStatement] = {}
    for context in contexts(statements, ANONYMOUS, outsider, any_value=True):
        results = {
            INVOKE_URL: evaluate(
                statements, Request(ANONYMOUS, INVOKE_URL, resource, qualifier, context | url_call)
            ),
            INVOKE: evaluate(
                statements, Request(ANONYMOUS, INVOKE, resource, qualifier, context | via_call)
            ),
        }
        for action, result in results.items():
            offered[action] |= bool(result.allowed_by)
            denied.update({id(d): d for d in result.denied_by})
        if all(r.allowed for r in results.values()):
            serving = {id(s): s for r in results.values() for s in r.allowed_by}
            return UrlAccess(True, tuple(serving.values()))
    missing = tuple(a for a, ok in offered.items() if not ok)
    return UrlAccess(False, (), missing, tuple(denied.values()))


# -- over a whole function -----------------------------------------------------------------------


def _qualifiers(detail: FunctionDetail) -> list[str | None]:
    return list(dict.fromkeys([None, *(p.qualifier for p in detail.policies), *detail.qualifiers]))


def function_public_grants(detail: FunctionDetail) -> list[PublicGrant]:
    """Every public grant of the function, each statement once, over every qualifier's policy
    (with the statements of other policies whose Resource covers that qualifier)."""
    seen: set[int] = set()
    asked: set[tuple[frozenset[int], bool]] = set()
    out = []
    arn = detail.function.arn
    for q in _qualifiers(detail):
        statements = statements_for(detail.policies, q, arn)
        key = (frozenset(id(s) for s in statements), q is None)
        if key in asked:
            continue  # the same statements (versions without a policy of their own) answer alike
        asked.add(key)
        for grant in public_grants(statements, qualifier=q, owner_account=detail.function.account):
            if id(grant.statement) not in seen:
                seen.add(id(grant.statement))
                out.append(grant)
    return out


def url_access(detail: FunctionDetail, qualifier: str | None) -> UrlAccess:
    """Whether an anonymous caller gets through the function URL of `qualifier` (AuthType NONE),
    and if not, which of the two grants is missing or which Deny removes it."""
    statements = statements_for(detail.policies, qualifier, detail.function.arn)
    return anonymous_url_access(statements, qualifier=qualifier)
