"""Rules over the resource-based policy's statements: who may invoke, and how narrowly."""

from __future__ import annotations

from collections.abc import Iterator

from lambdatui.audit.rules_base import (
    Rule,
    RuleContext,
    grants_invoke,
    listing,
    nothing_uses,
    on,
    qualified_arn,
    remove_remedy,
    rescope_remedy,
    sid_label,
)
from lambdatui.core.arn import parse_arn, service_of_principal
from lambdatui.core.evaluator import evaluate, invoke_request, statements_for
from lambdatui.core.model import Finding, FunctionDetail, PolicyStatement, Severity
from lambdatui.core.policy import has_wildcard_source, is_public
from lambdatui.core.public_access import function_public_grants

POLICY_LIMIT_BYTES = 20 * 1024
NEAR_LIMIT = 0.8


_EXPOSES = (
    (
        frozenset({"lambda:InvokeFunction", "lambda:InvokeAsync", "lambda:InvokeFunctionUrl"}),
        "run the function, read what it returns and run up its cost",
    ),
    (
        frozenset({"lambda:GetFunction", "lambda:GetFunctionConfiguration"}),
        "read its environment values (lambda:GetFunction also returns a link to download its code)",
    ),
    (
        frozenset({"lambda:GetPolicy"}),
        "read its resource policy, and so who else may call it",
    ),
)


def _consequence(actions: tuple[str, ...]) -> str:
    said = [words for names, words in _EXPOSES if names & set(actions)]
    known = set().union(*(names for names, _ in _EXPOSES))
    if any(a not in known for a in actions):
        said.append("call the other actions listed, which may change or delete the function")
    return "; ".join(said)


def _public_invoke(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    for grant in function_public_grants(detail):
        if grant.url_only:
            continue  # reported by function-url-public (or stale-permission without a URL)
        s = grant.statement
        yield PUBLIC_INVOKE.finding(
            detail,
            f"Statement {sid_label(s)}{on(s.qualifier)} lets anyone call "
            f"{listing(grant.actions, limit=4)} on {detail.function.name}; "
            f"{grant.why}. Anyone can {_consequence(grant.actions)}. Remove the statement, or "
            "narrow it with a fixed aws:SourceArn/aws:SourceAccount or aws:PrincipalOrgID.",
            resource=s.sid,
            remedy=remove_remedy(s),
        )


PUBLIC_INVOKE = Rule(
    "public-invoke",
    Severity.CRITICAL,
    "Anyone may call a Lambda action on the function",
    'A resource-policy statement lets anyone (\'*\', {"AWS": "*"}, a wildcard account or '
    "NotPrincipal) invoke the function or call another Lambda action on it (lambda:GetFunction "
    "exposes environment values and a code link), with no condition that pins the caller to fixed "
    "values and no Deny statement that removes it — as AWS Config's "
    "lambda-function-public-access-prohibited and IAM Access Analyzer define public access.",
    "Remove the statement (aws lambda remove-permission), or add a condition that names the "
    "caller with fixed values: aws:SourceArn / aws:SourceAccount for a service, "
    "aws:PrincipalOrgID for an organisation. Public function URLs are reported by "
    "function-url-public instead.",
    _public_invoke,
)


def _service_statements(detail: FunctionDetail) -> Iterator[tuple[PolicyStatement, str]]:
    """Allow statements to an AWS service principal, with the trigger source it stands for."""
    for s in detail.statements:
        if s.effect == "Allow" and s.service_principals and grants_invoke(s):
            yield s, service_of_principal(s.service_principals[0])


def _scoped_otherwise(s: PolicyStatement) -> bool:
    """Alexa skills are scoped by an event source token instead of a SourceArn."""
    return any(
        str(key).lower() == "lambda:eventsourcetoken"
        for block in s.conditions.values()
        if isinstance(block, dict)
        for key in block
    )


def _service_without_source_arn(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    for s, source in _service_statements(detail):
        if s.source_arns or _scoped_otherwise(s):
            continue
        scope = (
            f"SourceAccount limits it to account {s.source_account}, but any {source} resource "
            "there"
            if s.source_accounts
            else f"any {source} resource in any account"
        )
        yield SERVICE_WITHOUT_SOURCE_ARN.finding(
            detail,
            f"Statement {sid_label(s)}{on(s.qualifier)} lets {s.service_principals[0]} invoke "
            f"{detail.function.name} with no SourceArn: {scope} can make the service invoke it "
            "(the confused-deputy problem). Grant the service per resource, with --source-arn.",
            resource=s.sid,
            remedy=rescope_remedy(
                detail, s, "it names no SourceArn", remove_if_unused=nothing_uses(detail, s)
            ),
        )


SERVICE_WITHOUT_SOURCE_ARN = Rule(
    "service-without-source-arn",
    Severity.HIGH,
    "A service may invoke the function on behalf of any resource",
    "A statement grants an AWS service principal (s3, sns, events, …) the right to invoke the "
    "function without an aws:SourceArn condition, so any resource of that service — in any "
    "account, unless SourceAccount is set — can trigger it (confused deputy).",
    "Re-grant the service with --source-arn naming the one resource that should invoke the "
    "function (and --source-account for S3), then remove the unscoped statement.",
    _service_without_source_arn,
)


def _s3_without_source_account(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    for s, source in _service_statements(detail):
        if source != "s3" or s.source_accounts:
            continue
        yield S3_WITHOUT_SOURCE_ACCOUNT.finding(
            detail,
            f"Statement {sid_label(s)}{on(s.qualifier)} lets S3 invoke {detail.function.name} "
            "without SourceAccount. Bucket ARNs carry no account id, so a bucket of that name in "
            "any account — including one created after yours is deleted — can invoke it. Add "
            f"--source-account {detail.function.account} to the grant.",
            resource=s.sid,
            remedy=rescope_remedy(
                detail, s, "it names no SourceAccount", remove_if_unused=nothing_uses(detail, s)
            ),
        )


S3_WITHOUT_SOURCE_ACCOUNT = Rule(
    "s3-without-source-account",
    Severity.HIGH,
    "An S3 grant without SourceAccount",
    "A statement lets s3.amazonaws.com invoke the function without an aws:SourceAccount "
    "condition. S3 bucket ARNs hold no account id, so the SourceArn alone does not stop a "
    "bucket with the same name in another account.",
    "Re-grant with both --source-arn arn:aws:s3:::BUCKET and --source-account ACCOUNT, then "
    "remove the old statement.",
    _s3_without_source_account,
)


def _only_stage_wildcard(arn: str) -> bool:
    """An API Gateway ARN whose one wildcard is the stage (`api/*/GET/orders`): the form API
    Gateway itself uses for a method on every stage, so not a broad grant."""
    parsed = parse_arn(arn)
    if parsed is None or parsed.service != "execute-api":
        return False
    parts = parsed.resource.split("/")
    rest = [parsed.region, parsed.account, parts[0], *parts[2:]]
    return len(parts) >= 3 and not any("*" in p or "?" in p for p in rest)


def _wildcards(s: PolicyStatement) -> list[str]:
    """The SourceArn/SourceAccount values of the statement that are real wildcards."""
    arns = [
        a
        for a in s.source_arns
        if has_wildcard_source(PolicyStatement(None, "Allow", "", (), source_arns=(a,)))
        and not _only_stage_wildcard(a)
    ]
    return arns + [a for a in s.source_accounts if "*" in a or "?" in a]


def _wildcard_source(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    for s in detail.statements:
        if s.effect != "Allow" or not has_wildcard_source(s):
            continue
        patterns = _wildcards(s)
        if not patterns:
            continue
        yield WILDCARD_SOURCE.finding(
            detail,
            f"Statement {sid_label(s)}{on(s.qualifier)} matches its source with a wildcard "
            f"({', '.join(patterns)}): every resource the pattern matches, today or later, may "
            f"invoke {detail.function.name}. Grant the exact ARNs of the resources that should.",
            resource=s.sid,
            remedy=rescope_remedy(detail, s, "its source is a wildcard", remove_if_unused=False),
        )


WILDCARD_SOURCE = Rule(
    "wildcard-source",
    Severity.MEDIUM,
    "A grant's SourceArn or SourceAccount is a wildcard",
    "A statement's aws:SourceArn or aws:SourceAccount holds '*' or '?', so it permits every "
    "resource the pattern matches, including ones created later. (The stage of an API Gateway "
    "ARN and the ':*' ending a log group ARN are the services' own forms and not counted.)",
    "Replace the statement with one grant per resource that should invoke the function, each "
    "with its exact --source-arn.",
    _wildcard_source,
)


def _other_accounts(
    detail: FunctionDetail, s: PolicyStatement, trusted: frozenset[str]
) -> list[str]:
    """The other, untrusted accounts the statement names whose call no Deny refuses."""
    own = detail.function.account
    statements = statements_for(detail.policies, s.qualifier, detail.function.arn)
    accounts = []
    for principal in s.principals or (s.principal,):
        parsed = parse_arn(principal)
        if parsed is None or parsed.service not in ("iam", "sts"):
            continue
        account = parsed.account
        wildcard = "*" in account or "?" in account
        if not account or wildcard or account == own or account in trusted:
            continue
        call = invoke_request(principal=principal, qualifier=s.qualifier)
        if not evaluate(statements, call).denied_by:
            accounts.append(account)
    return accounts


def _cross_account_invoke(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    for s in detail.statements:
        if not grants_invoke(s) or is_public(s):
            continue
        accounts = _other_accounts(detail, s, ctx.trusted_accounts)
        if not accounts:
            continue
        yield CROSS_ACCOUNT_INVOKE.finding(
            detail,
            f"Statement {sid_label(s)}{on(s.qualifier)} lets account {', '.join(accounts)} "
            f"invoke {detail.function.name}. If that account should, pass --trusted-account to "
            "the audit; if not, remove the statement.",
            resource=s.sid,
            remedy=remove_remedy(s),
        )


CROSS_ACCOUNT_INVOKE = Rule(
    "cross-account-invoke",
    Severity.LOW,
    "Another AWS account may invoke the function",
    "A statement grants lambda:InvokeFunction to a principal of another AWS account that is not "
    "listed with --trusted-account.",
    "Confirm the account is meant to call the function and list it with --trusted-account, or "
    "remove the statement.",
    _cross_account_invoke,
)


def _policy_near_limit(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    for p in detail.policies:
        size = p.size_bytes
        if size <= NEAR_LIMIT * POLICY_LIMIT_BYTES:
            continue
        yield POLICY_NEAR_LIMIT.finding(
            detail,
            f"The resource policy of {detail.function.name}{on(p.qualifier)} is {size:,} bytes, "
            f"{size / POLICY_LIMIT_BYTES:.0%} of the {POLICY_LIMIT_BYTES:,}-byte limit; once it "
            "is full, adding a trigger fails. Remove stale and orphaned statements first.",
            resource=qualified_arn(detail, p.qualifier),
        )


POLICY_NEAR_LIMIT = Rule(
    "policy-near-limit",
    Severity.MEDIUM,
    "The resource policy is close to its 20 KB limit",
    "A function's (or qualifier's) resource-based policy is above 80 % of the 20 KB quota; "
    "AddPermission fails once it is full, so new triggers cannot be granted.",
    "Remove statements that nothing uses (see stale-permission and orphaned-permission), or "
    "invoke through fewer, broader but still scoped grants.",
    _policy_near_limit,
)
