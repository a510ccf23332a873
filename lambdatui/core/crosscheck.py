"""Cross-check the two halves of every push trigger: the service's wiring and Lambda's policy.

Pure: given what the services say targets a function (`WiredTrigger`s), the function's policies,
mappings and URLs, and a way to ask whether a source exists, decide each trigger's status
(DESIGN.md §4). No I/O happens here except through the `exists` callable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from lambdatui.core.arn import service_of_principal
from lambdatui.core.model import (
    EventSourceMapping,
    FunctionUrl,
    Policy,
    PolicyStatement,
    Trigger,
    TriggerStatus,
    WiredTrigger,
)
from lambdatui.core.policy import find_permitting, is_function_url_statement, permits

ExistsCheck = Callable[[str, str], bool | None]
"""(source, arn) → True/False, or None when the source could not be read."""

PULL_SOURCES = frozenset({"sqs", "kinesis", "dynamodb", "kafka", "mq", "docdb"})


@dataclass(frozen=True)
POLICY_ONLY = {
    "alexa": "known only from the policy (event source token): Alexa has no API to read skills"
}
"""Invokers no API can list: what the policy says is all there is to know."""

class Coverage:
    """Which push services were read successfully, so silence from them means 'not wired'."""

    scanned: frozenset[str] = field(default_factory=frozenset)
    notes: dict[str, str] = field(default_factory=dict)  # source → why it is unverified

    def why_unverified(self, source: str) -> str:
        return (
            self.notes.get(source)
            or POLICY_ONLY.get(source)
            or f"lambdatui does not read {source} wiring"
        )

    def gap(self, source: str, source_arn: str | None) -> ReadError | None:
        """The failed read that leaves `source_arn` (a SourceArn pattern; None: any resource) of
        `source` unknown, if one does."""
        if source in self.failed:
            return self.failed[source]
        return next(
            (
                u.error
                for u in self.unread
                if u.source == source and may_overlap(source_arn, u.covers)
            ),
            None,
        )


def function_triggers(
    *,
    wired: Iterable[WiredTrigger],
    policies: Sequence[Policy],
    mappings: Iterable[EventSourceMapping] = (),
    urls: Iterable[FunctionUrl] = (),
    coverage: Coverage,
    exists: ExistsCheck,
) -> list[Trigger]:
    """Every trigger of one function, push and pull, each with its status."""
    by_qualifier = {p.qualifier: p.statements for p in policies}
    used: set[tuple[str | None, str | None]] = set()
    triggers: list[Trigger] = []

    for w in wired:
        statements = by_qualifier.get(w.qualifier, ())
        permit = next(
            (
                p
                for arn in (w.source_arn, *w.detail.get("match_arns", ()))
                if (p := _permit(statements, w, arn))
            ),
            None,
        )
        if permit is not None:
            used.add((permit.qualifier, permit.sid))
        triggers.append(
            Trigger(
                kind="push",
                source=w.source,
                source_arn=w.source_arn,
                qualifier=w.qualifier,
                status=TriggerStatus.OK if permit else TriggerStatus.MISSING_PERMISSION,
                statement_sid=permit.sid if permit else None,
                detail=dict(w.detail),
                note="" if permit else f"no statement lets {w.principal} invoke it",
            )
        )

    for url in urls:
        triggers.append(_url_trigger(url, by_qualifier.get(url.qualifier, ()), used))

    for policy in policies:
        for statement in policy.statements:
            if (statement.qualifier, statement.sid) in used or statement.effect != "Allow":
                continue
            trigger = _policy_only_trigger(statement, coverage, exists)
            if trigger is not None:
                triggers.append(trigger)

    triggers.extend(pull_trigger(m) for m in mappings)
    return triggers


def _permit(
    statements: Sequence[PolicyStatement], w: WiredTrigger, source_arn: str
) -> PolicyStatement | None:
    """The statement that lets this trigger in — the most specific one when several do.

    IAM needs only one Allow (and no Deny); naming the specific grant rather than, say, a public
    statement that also matches keeps the stale-permission check honest.
    """
    asked = dict(
        principal=w.principal,
        source_arn=source_arn,
        source_account=w.source_account,
        qualifier=w.qualifier,
    )
    if find_permitting(statements, **asked) is None:  # none, or a Deny wins
        return None
    allowed = [s for s in statements if s.effect == "Allow" and permits(s, **asked)]
    return max(allowed, key=_specificity, default=None)


def _specificity(s: PolicyStatement) -> tuple[bool, bool, bool, bool]:
    exact_source = bool(s.source_arn) and "*" not in s.source_arn and "?" not in s.source_arn
    return (bool(s.service_principals), exact_source, bool(s.source_arn), bool(s.source_account))


def pull_trigger(mapping: EventSourceMapping) -> Trigger:
    return Trigger(
        kind="pull",
        source=mapping.source,
        source_arn=mapping.event_source_arn,
        qualifier=mapping.qualifier,
        status=TriggerStatus.OK,
        detail={"uuid": mapping.uuid, "state": mapping.state, "batch_size": mapping.batch_size},
        note="" if mapping.state in {"Enabled", "Creating", "Updating"} else mapping.state,
    )


def _url_trigger(
    url: FunctionUrl,
    statements: Sequence[PolicyStatement],
    used: set[tuple[str | None, str | None]],
) -> Trigger:
    detail = {"url": url.url, "auth_type": url.auth_type}
    if url.auth_type != "NONE":
        # AWS_IAM: callers need IAM permission of their own; the resource policy is optional.
        return Trigger("push", "function-url", None, url.qualifier, TriggerStatus.OK, None, detail)
    url_statements = [s for s in statements if is_function_url_statement(s)]
    for s in url_statements:
        used.add((s.qualifier, s.sid))
    invoke_url = any("lambda:InvokeFunctionUrl" in s.action for s in url_statements)
    via_url = any(s.invoked_via_function_url for s in url_statements)
    missing = [
        name
        for name, present in (
            ("lambda:InvokeFunctionUrl", invoke_url),
            ("lambda:InvokeFunction with lambda:InvokedViaFunctionUrl", via_url),
        )
        if not present
    ]
    return Trigger(
        kind="push",
        source="function-url",
        source_arn=None,
        qualifier=url.qualifier,
        status=TriggerStatus.MISSING_PERMISSION if missing else TriggerStatus.OK,
        statement_sid=url_statements[0].sid if url_statements else None,
        detail=detail,
        note=f"public URL needs {' and '.join(missing)}" if missing else "",
    )


def _policy_only_trigger(
    statement: PolicyStatement, coverage: Coverage, exists: ExistsCheck
) -> Trigger | None:
    """A trigger known only from a statement: stale, orphaned, or not checkable."""
    services = statement.service_principals
    if not services:
        return None  # accounts, organisations and '*' are callers, not triggers
    source = service_of_principal(services[0])
    if source in PULL_SOURCES:
        return None
    if is_function_url_statement(statement):
        source = "function-url"
    arn = statement.source_arn
    status, note = _status_without_wiring(source, arn, coverage, exists)
    return Trigger(
        kind="push",
        source=source,
        source_arn=arn,
        qualifier=statement.qualifier,
        status=status,
        statement_sid=statement.sid,
        detail={"principal": services[0]},
        note=note,
    )


def _status_without_wiring(
    source: str, arn: str | None, coverage: Coverage, exists: ExistsCheck
) -> tuple[TriggerStatus, str]:
    if source == "function-url":
        return TriggerStatus.NOT_WIRED, "the function has no URL for this statement"
    if source not in coverage.scanned:
        return TriggerStatus.UNVERIFIED, coverage.why_unverified(source)
    if arn is None:
        return (
            TriggerStatus.NOT_WIRED,
            f"no SourceArn: any {source} resource may invoke it, and none is wired to it",
        )
    found = exists(source, arn)
    if found is None:
        return TriggerStatus.UNVERIFIED, f"could not check whether {arn} exists"
    if not found:
        return TriggerStatus.SOURCE_MISSING, f"{arn} does not exist"
    return TriggerStatus.NOT_WIRED, f"{arn} exists but does not target this function"
