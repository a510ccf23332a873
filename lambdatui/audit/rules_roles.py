"""Rules over the role's half of a permission: the execution role that must read a pull source
and write to a destination, and the invokers that call with a role of their own.

Each rests only on a check that was decided (`RoleCheck.allowed` is True or False): a check left
unknown by a failed read yields no finding (the read is in the report's errors instead).
"""

from __future__ import annotations

from collections.abc import Iterator

from lambdatui.audit.rules_base import Rule, RuleContext, listing, on, qualified_arn
from lambdatui.core.arn import resource_name
from lambdatui.core.model import Finding, FunctionDetail, RoleCheck, Severity, TriggerStatus
from lambdatui.core.remedy import GrantRole
from lambdatui.core.role_access import INVOKE_ACTIONS, destination_uses

SOURCE_PURPOSES = ("read the source", "decrypt the source")
"""A source is read with its own actions, and decrypted with its customer managed key."""


def _grant(check: RoleCheck) -> GrantRole:
    return GrantRole(check.role_arn, check.missing, check.resource, check.purpose)


def _caveat(check: RoleCheck) -> str:
    return f" ({check.caveat})" if check.caveat else ""


def _pull_source_unreadable(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    for check in detail.role_checks:
        if check.purpose not in SOURCE_PURPOSES or check.allowed is not False:
            continue
        denied = f"; refused by {', '.join(check.denied_by)}" if check.denied_by else ""
        source = check.detail.get("source") or check.resource
        on_what = "on it" if source == check.resource else f"with key {check.resource}"
        yield PULL_SOURCE_UNREADABLE.finding(
            detail,
            f"{detail.function.name} polls {resource_name(source)}, but "
            f"its execution role {resource_name(check.role_arn)} may not "
            f"{listing(check.missing, limit=10)} {on_what}{denied}: the mapping cannot read, so "
            f"its records pile up or expire unprocessed{_caveat(check)}. Let the role read this "
            "source (a least-privilege inline policy scoped to it).",
            resource=check.resource,
            remedy=_grant(check),
        )


PULL_SOURCE_UNREADABLE = Rule(
    "pull-source-unreadable",
    Severity.HIGH,
    "An event source mapping whose execution role may not read its source",
    "Lambda polls SQS, Kinesis, DynamoDB Streams, Kafka and MQ with the function's execution "
    "role. When that role may not receive, read or delete from the source, the mapping fails "
    "and the records are never processed.",
    "Grant the execution role the source's read actions (sqs:ReceiveMessage, DeleteMessage, "
    "GetQueueAttributes; kinesis/dynamodb GetRecords, GetShardIterator, DescribeStream, "
    "ListShards/ListStreams), scoped to that source.",
    _pull_source_unreadable,
)


def _invoker_role_denied(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    for t in detail.triggers:
        if t.invoker_role is None or t.status is not TriggerStatus.MISSING_PERMISSION:
            continue
        if t.source == "cloudfront":
            message = (
                f"The CloudFront distribution {t.label} runs {detail.function.name}"
                f"{on(t.qualifier)} at the edge, but {t.note}: Lambda@Edge cannot assume it, so "
                "the association fails. Add edgelambda.amazonaws.com to the role's trust policy."
            )
        else:
            message = (
                f"The {t.source} {t.label} invokes {detail.function.name}{on(t.qualifier)} with "
                f"role {resource_name(t.invoker_role)}, which may not lambda:InvokeFunction on "
                "it: every invocation is refused. Let that role invoke this function (and "
                "qualifier)."
            )
        remedy = None
        if t.source != "cloudfront":  # Lambda@Edge is fixed in a trust policy, not by a grant
            target = qualified_arn(detail, t.qualifier)
            remedy = GrantRole(t.invoker_role, INVOKE_ACTIONS, target, "invoke the function")
        yield INVOKER_ROLE_DENIED.finding(detail, message, resource=t.source_arn, remedy=remedy)


INVOKER_ROLE_DENIED = Rule(
    "invoker-role-denied",
    Severity.HIGH,
    "A role-based invoker whose role may not invoke the function",
    "Step Functions, Firehose, EventBridge Pipes and Scheduler invoke Lambda with their own IAM "
    "role, not through the function's resource policy. When that role may not "
    "lambda:InvokeFunction on the function (and qualifier), every invocation fails.",
    "Add lambda:InvokeFunction on the function's ARN (and its qualifiers) to the invoker's role.",
    _invoker_role_denied,
)


def destination_role_findings(detail: FunctionDetail, rule: Rule) -> Iterator[Finding]:
    """destination-unusable for destinations that exist (or may) but the role cannot write."""
    uses = destination_uses(detail)
    for check in detail.role_checks:
        if check.purpose != "write to the destination" or check.allowed is not False:
            continue
        where = listing(uses.get(check.resource, []), limit=10)
        yield rule.finding(
            detail,
            f"{detail.function.name} sends events to {check.resource} ({where}), but its "
            f"execution role {resource_name(check.role_arn)} may not "
            f"{listing(check.missing, limit=10)} on it: those events are lost"
            f"{_caveat(check)}. Let the role write to this destination.",
            resource=check.resource,
            remedy=_grant(check),
        )
