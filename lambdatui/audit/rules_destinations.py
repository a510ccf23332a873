"""Rules over where events go: destinations that cannot receive, failures with nowhere to go."""

from __future__ import annotations

from collections.abc import Iterator

from lambdatui.audit.rules_base import Rule, RuleContext, listing, on, qualified_arn
from lambdatui.audit.rules_roles import destination_role_findings
from lambdatui.core.model import Finding, FunctionDetail, Severity, Trigger, TriggerStatus
from lambdatui.core.role_access import destination_uses

# Services that invoke Lambda asynchronously (event invocation): failures are retried, then
# dropped unless an OnFailure destination or a dead-letter queue catches them.
ASYNC_SOURCES = frozenset(
    {"s3", "sns", "events", "logs", "ses", "iot", "cloudformation", "codecommit", "config"}
)


def _label(t: Trigger) -> str:
    return f"{t.source} {t.label}" if t.source_arn else t.source


def _destination_unusable(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    yield from destination_role_findings(detail, DESTINATION_UNUSABLE)
    for arn, uses in destination_uses(detail).items():
        if detail.destination_exists.get(arn) is not False:
            continue
        yield DESTINATION_UNUSABLE.finding(
            detail,
            f"{detail.function.name} sends events to {arn} ({listing(uses, limit=10)}), which "
            "does not exist: those events are lost. Create it, or point the destination at one "
            "that exists and that the execution role may write to.",
            resource=arn,
        )


DESTINATION_UNUSABLE = Rule(
    "destination-unusable",
    Severity.HIGH,
    "A destination that cannot receive events",
    "An asynchronous OnSuccess/OnFailure destination, dead-letter queue or event source "
    "mapping OnFailure destination does not exist (or the execution role cannot write to it), "
    "so the events meant for it are dropped.",
    "Create the queue/topic/bus/function, or update the destination to an existing one and "
    "give the execution role permission to send to it.",
    _destination_unusable,
)


def _no_failure_destination(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    if detail.errors_for("ListFunctionEventInvokeConfigs"):
        return  # unknown, not absent
    by_qualifier: dict[str | None, list[Trigger]] = {}
    for t in detail.triggers:
        # Only a trigger known to work makes the function asynchronously invoked: an unverified
        # one rests on a read that failed, and a finding may not rest on an unknown.
        if t.kind == "push" and t.source in ASYNC_SOURCES and t.status is TriggerStatus.OK:
            by_qualifier.setdefault(t.qualifier, []).append(t)
    for qualifier, triggers in by_qualifier.items():
        caught = detail.function.dead_letter_target or any(
            d.on_failure for d in detail.destinations if d.qualifier == qualifier
        )
        if caught:
            continue
        yield NO_FAILURE_DESTINATION.finding(
            detail,
            f"{detail.function.name}{on(qualifier)} is invoked asynchronously by "
            f"{listing(_label(t) for t in triggers)}, but has no OnFailure destination and no "
            "dead-letter queue: an event that still fails after the retries is dropped without "
            "a trace. Set an OnFailure destination (a queue or topic) for this qualifier.",
            resource=qualified_arn(detail, qualifier),
        )


NO_FAILURE_DESTINATION = Rule(
    "no-failure-destination",
    Severity.MEDIUM,
    "Asynchronous events that fail are dropped",
    "The function (or an alias/version) is invoked asynchronously — by S3, SNS, EventBridge, "
    "CloudWatch Logs, SES, IoT … — but has neither an OnFailure destination for that qualifier "
    "nor a dead-letter queue, so events that exhaust their retries disappear.",
    "aws lambda put-function-event-invoke-config --function-name NAME [--qualifier Q] "
    '--destination-config \'{"OnFailure":{"Destination":"QUEUE_OR_TOPIC_ARN"}}\', and let '
    "the execution role send to it.",
    _no_failure_destination,
)
