"""The other half of a permission: what an IAM role's own policies let it do. Pure: no I/O.

The answers are `RoleCheck`s and the invokers `RoleInvoker`s (`lambdatui.core.model`).

Push invokers go through the function's resource policy; everything else goes through a role:
the function's **execution role** must read a pull source (an event source mapping) and write to
its destinations, and Step Functions, Firehose, EventBridge Pipes and Scheduler invoke the
function with **their own role**. A role's identity policies are evaluated with the same evaluator
as resource policies (`lambdatui.core.evaluator`), each statement taken as naming the role it is
attached to.

Reading the policies sees neither a permissions boundary nor an organisation's SCPs; where only the
policies were read, a check says so (`caveat`). A policy that could not be read leaves the answer
unknown: `allowed` is None and `failed` names the read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lambdatui.core.arn import parse_arn, resource_name
from lambdatui.core.evaluator import Decision, Request, document_statements, evaluate
from lambdatui.core.model import FunctionDetail, ReadError, RoleCheck
from lambdatui.core.principals import caller_from

NOT_CHECKED = "not checked: permission boundary / SCP"

# What the execution role needs to poll each kind of event source (AWS Lambda Developer Guide,
# "Lambda execution role" and each source's "execution role permissions" page).
PULL_SOURCE_ACTIONS: Mapping[str, tuple[str, ...]] = {
    "sqs": ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
    "kinesis": (
        "kinesis:GetRecords",
        "kinesis:GetShardIterator",
        "kinesis:DescribeStream",
        "kinesis:ListShards",
    ),
    "dynamodb": (
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:DescribeStream",
        "dynamodb:ListStreams",
    ),
    "kafka": ("kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers"),
    "mq": ("mq:DescribeBroker",),
}

# What the execution role needs to send to each kind of destination ("Adding a destination").
DESTINATION_ACTIONS: Mapping[str, tuple[str, ...]] = {
    "sqs": ("sqs:SendMessage",),
    "sns": ("sns:Publish",),
    "events": ("events:PutEvents",),
    "lambda": ("lambda:InvokeFunction",),
    "s3": ("s3:PutObject",),
}

INVOKE_ACTIONS = ("lambda:InvokeFunction",)


@dataclass(frozen=True)
class RolePolicies:
    """Every identity policy of one role, as read (inline and attached managed ones)."""

    role_arn: str
    documents: tuple[tuple[str, Any], ...] = ()
    """(policy name, document) pairs; the document as parsed JSON."""
    failed: ReadError | None = None
    """The first read that failed: the role's permissions are then unknown."""
    has_boundary: bool = False
    trust: Any = None
    """The role's trust policy (who may assume it), as GetRole returns it."""
    simulated: Mapping[tuple[str, str], bool] | None = None
    """(action, resource) → allowed, from iam:SimulatePrincipalPolicy where the account allows
    it: the authority (it sees boundaries too), used instead of reading the policies."""


def _as_the_role(statement: Mapping[str, Any]) -> dict[str, Any]:
    """An identity-policy statement applies to the role it is attached to: evaluate it as if it
    named that principal (a Principal in an identity policy is invalid and ignored here)."""
    named = {k: v for k, v in statement.items() if k not in ("Principal", "NotPrincipal")}
    named["Principal"] = "*"
    return named


def role_allows(
    policies: RolePolicies,
    actions: Sequence[str],
    resource: str,
    *,
    purpose: str,
    source: str = "",
    context: Mapping[str, Any] | None = None,
) -> RoleCheck:
    """May the role perform every one of `actions` on `resource`?"""
    base = dict(role_arn=policies.role_arn, purpose=purpose, resource=resource, source=source)
    actions = tuple(actions)
    if policies.simulated is not None and all((a, resource) in policies.simulated for a in actions):
        missing = tuple(a for a in actions if not policies.simulated[(a, resource)])
        return RoleCheck(**base, actions=actions, allowed=not missing, missing=missing)
    if policies.failed is not None:
        return RoleCheck(**base, actions=actions, allowed=None, failed=policies.failed)
    statements: list[tuple[str, dict[str, Any]]] = [
        (name, _as_the_role(s))
        for name, document in policies.documents
        for s in document_statements(document)
    ]
    caller = caller_from(policies.role_arn)
    unconditional = [
        {k: v for k, v in s.items() if k != "Condition"}
        for _, s in statements
        if str(s.get("Effect", "")).lower() == "allow" and s.get("Condition")
    ]
    missing: list[str] = []
    undecided: list[str] = []
    denied_by: set[str] = set()
    for action in actions:
        request = Request(caller=caller, action=action, resource=resource, context=context or {})
        evaluation = evaluate([s for _, s in statements], request)
        if evaluation.decision is Decision.ALLOW:
            continue
        if (
            evaluation.decision is Decision.IMPLICIT_DENY
            and evaluate(unconditional, request).allowed
        ):
            undecided.append(action)  # allowed only under conditions lambdatui cannot know
            continue
        missing.append(action)
        denied_by.update(name for name, s in statements if s in evaluation.denied_by)
    caveat = NOT_CHECKED if not policies.simulated else ""
    if undecided and not missing:
        caveat = f"{', '.join(undecided)} allowed only under conditions lambdatui cannot evaluate"
        return RoleCheck(**base, actions=actions, allowed=None, caveat=caveat)
    return RoleCheck(
        **base,
        actions=actions,
        allowed=not missing,
        missing=tuple(missing),
        denied_by=tuple(sorted(denied_by)),
        caveat=caveat,
    )


def unknown_check(
    role_arn: str, purpose: str, resource: str, actions: Iterable[str], failed: ReadError
) -> RoleCheck:
    """A check that could not be made because a read failed."""
    return RoleCheck(
        role_arn=role_arn,
        purpose=purpose,
        resource=resource,
        actions=tuple(actions),
        allowed=None,
        failed=failed,
    )


def destination_uses(detail: FunctionDetail) -> dict[str, list[str]]:
    """Destination ARN → where the function sends events to it: async OnSuccess/OnFailure per
    qualifier, the dead-letter queue, and each event source mapping's OnFailure."""
    uses: dict[str, list[str]] = {}
    for d in detail.destinations:
        where = f" of {d.qualifier}" if d.qualifier else ""
        for kind, arn in (("OnSuccess", d.on_success), ("OnFailure", d.on_failure)):
            if arn:
                uses.setdefault(arn, []).append(f"async {kind}{where}")
    if detail.function.dead_letter_target:
        uses.setdefault(detail.function.dead_letter_target, []).append("dead-letter queue")
    for m in detail.event_source_mappings:
        if m.on_failure:
            source = resource_name(m.event_source_arn or m.uuid)
            uses.setdefault(m.on_failure, []).append(f"OnFailure of the {source} mapping")
    return uses


def destination_service(arn: str) -> str:
    """sqs, sns, events, lambda or s3 for a destination ARN; '' for anything else."""
    parsed = parse_arn(arn)
    service = parsed.service if parsed else ""
    return service if service in DESTINATION_ACTIONS else ""


def role_trusts(policies: RolePolicies, service: str, *, purpose: str) -> RoleCheck:
    """May `service` (a service principal) assume the role, by its trust policy?"""
    actions = ("sts:AssumeRole",)
    base = dict(role_arn=policies.role_arn, purpose=purpose, resource=policies.role_arn)
    if policies.failed is not None:
        return RoleCheck(**base, actions=actions, allowed=None, failed=policies.failed)
    request = Request(caller=caller_from(service), action="sts:AssumeRole")
    allowed = evaluate(document_statements(policies.trust), request).allowed
    missing = () if allowed else (f"trust for {service}",)
    return RoleCheck(**base, actions=actions, allowed=allowed, missing=missing)
