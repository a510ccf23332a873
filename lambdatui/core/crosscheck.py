"""Cross-check the two halves of every push trigger: the service's wiring and Lambda's policy.

Pure: given what the services say targets a function (`WiredTrigger`s), the function's policies,
mappings and URLs, and a way to ask whether a source exists, decide each trigger's status
(docs/architecture.md §7). No I/O happens here except through the `exists` callable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from lambdatui.core.arn import service_of_principal
from lambdatui.core.evaluator import (
    evaluate,
    invoke_request,
    permitting_statement,
    statements_for,
)
from lambdatui.core.facts import Fact, Unread, may_overlap
from lambdatui.core.model import (
    EventSourceMapping,
    FunctionUrl,
    Policy,
    PolicyStatement,
    ReadError,
    Trigger,
    TriggerStatus,
    WiredTrigger,
)
from lambdatui.core.policy import is_function_url_statement
from lambdatui.core.public_access import anonymous_url_access

ExistsCheck = Callable[[str, str], Fact | bool | None]
"""(source, arn) → a `Fact` (or True/False, None when the source could not be read)."""

PULL_SOURCES = frozenset({"sqs", "kinesis", "dynamodb", "kafka", "mq", "docdb"})

POLICY_ONLY = {
    "alexa": "known only from the policy (event source token): Alexa has no API to read skills"
}
"""Invokers no API can list: what the policy says is all there is to know."""


@dataclass(frozen=True)
class Coverage:
    """Which push services were read successfully, so silence from them means 'not wired'."""

    scanned: frozenset[str] = field(default_factory=frozenset)
    notes: dict[str, str] = field(default_factory=dict)  # source → why it is unverified
    failed: Mapping[str, ReadError] = field(default_factory=dict)
    """source → the listing that failed, leaving all of that service's wiring unknown."""
    unread: tuple[Unread, ...] = ()
    """Resources of scanned services whose own wiring could not be read."""

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
    unread_policies: Mapping[str | None, ReadError] | None = None,
    unread_urls: ReadError | None = None,
) -> list[Trigger]:
    """Every trigger of one function, push and pull, each with its status.

    `unread_policies` (qualifier → the GetPolicy that failed) and `unread_urls` (the URL listing
    that failed) are unknowns: a trigger resting on one is `unverified`, never a verdict.
    """
    used: set[tuple[str | None, str | None]] = set()
    triggers: list[Trigger] = []
    unread_policies = unread_policies or {}

    for w in wired:
        statements = statements_for(policies, w.qualifier, w.function_arn)
        permit = next(
            (
                p
                for arn in (w.source_arn, *w.detail.get("match_arns", ()))
                if (p := _permit(statements, w, arn))
            ),
            None,
        )
        if (failed := unread_policies.get(w.qualifier)) is not None:
            if permit is not None:  # a readable grant that may serve it is not stale either
                used.add((permit.qualifier, permit.sid))
            triggers.append(_unknown_policy_trigger(w.source, w.source_arn, w.qualifier, failed))
            continue
        if permit is None and (failed := _wider_unread(unread_policies, w.qualifier)):
            # the function's own policy, unread, may hold a `function:NAME:*` grant for it
            triggers.append(_unknown_policy_trigger(w.source, w.source_arn, w.qualifier, failed))
            continue
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
                note="" if permit else _refusal(statements, w),
            )
        )

    for url in urls:
        failed = unread_policies.get(url.qualifier)
        if url.auth_type == "NONE" and failed is not None:
            readable = statements_for(policies, url.qualifier)
            used.update((s.qualifier, s.sid) for s in readable if is_function_url_statement(s))
            triggers.append(_unknown_policy_trigger("function-url", None, url.qualifier, failed))
            continue
        trigger = _url_trigger(url, statements_for(policies, url.qualifier), used)
        failed = _wider_unread(unread_policies, url.qualifier)
        if trigger.status is TriggerStatus.MISSING_PERMISSION and failed is not None:
            trigger = _unknown_policy_trigger("function-url", None, url.qualifier, failed)
        triggers.append(trigger)

    for policy in policies:
        for statement in policy.statements:
            if (statement.qualifier, statement.sid) in used or statement.effect != "Allow":
                continue
            trigger = _policy_only_trigger(statement, coverage, exists, unread_urls)
            if trigger is not None:
                triggers.append(trigger)

    triggers.extend(pull_trigger(m) for m in mappings)
    return triggers


def _permit(
    statements: Sequence[PolicyStatement], w: WiredTrigger, source_arn: str
) -> PolicyStatement | None:
    """The statement that lets this trigger in, asked of the evaluator: None when none does or a
    Deny wins; the most specific one when several do, so that a public statement that also
    matches does not hide the grant meant for the trigger (keeps stale-permission honest)."""
    return permitting_statement(
        statements,
        principal=w.principal,
        source_arn=source_arn,
        source_account=w.source_account,
        qualifier=w.qualifier,
    )


def _refusal(statements: Sequence[PolicyStatement], w: WiredTrigger) -> str:
    """Why the evaluator refuses the trigger: the Deny that wins, or no Allow at all."""
    request = invoke_request(
        principal=w.principal,
        source_arn=w.source_arn,
        source_account=w.source_account,
        qualifier=w.qualifier,
    )
    denies = evaluate(statements, request).denied_by
    if denies:
        labels = ", ".join(f"'{d.sid}'" if d.sid else "without a Sid" for d in denies)
        return f"Deny statement {labels} refuses {w.principal}"
    return f"no statement lets {w.principal} invoke it"


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
    """A URL with AuthType NONE works when the evaluator lets an anonymous caller through it:
    lambda:InvokeFunctionUrl and lambda:InvokeFunction both allowed, no Deny (since Oct 2025)."""
    detail = {"url": url.url, "auth_type": url.auth_type}
    url_statements = [s for s in statements if is_function_url_statement(s)]
    for s in url_statements:
        used.add((s.qualifier, s.sid))
    if url.auth_type != "NONE":
        # AWS_IAM: callers need IAM permission of their own; the resource policy is optional.
        return Trigger("push", "function-url", None, url.qualifier, TriggerStatus.OK, None, detail)
    access = anonymous_url_access(statements, qualifier=url.qualifier)
    for s in access.serving:
        used.add((s.qualifier, s.sid))
    named = next(iter(access.serving or url_statements), None)
    return Trigger(
        kind="push",
        source="function-url",
        source_arn=None,
        qualifier=url.qualifier,
        status=TriggerStatus.OK if access.works else TriggerStatus.MISSING_PERMISSION,
        statement_sid=named.sid if named else None,
        detail=detail,
        note="" if access.works else f"an anonymous caller is refused: {access.why_not}",
    )


def _unknown_policy_trigger(
    source: str, source_arn: str | None, qualifier: str | None, failed: ReadError
) -> Trigger:
    """A wired trigger whose qualifier's policy could not be read: permitted or not is unknown."""
    where = f"{qualifier} " if qualifier else ""
    return Trigger(
        kind="push",
        source=source,
        source_arn=source_arn,
        qualifier=qualifier,
        status=TriggerStatus.UNVERIFIED,
        note=unknown_note(f"the {where}resource policy", failed),
        failed_read=failed,
    )


def _wider_unread(
    unread_policies: Mapping[str | None, ReadError], qualifier: str | None
) -> ReadError | None:
    """For an alias or version: the unqualified function's policy, when it could not be read —
    its `function:NAME:*` statements may cover the qualifier (see `statements_for`)."""
    return unread_policies.get(None) if qualifier is not None else None


def unknown_note(what: str, failed: ReadError) -> str:
    """'the live resource policy could not be read (lambda:GetPolicy: AccessDeniedException);
    grant lambda:GetPolicy on arn:…'."""
    return (
        f"{what} could not be read ({failed.service}:{failed.operation}: {failed.code}); "
        f"{failed.grant}"
    )


def _policy_only_trigger(
    statement: PolicyStatement,
    coverage: Coverage,
    exists: ExistsCheck,
    unread_urls: ReadError | None = None,
) -> Trigger | None:
    """A trigger known only from a statement: stale, orphaned, or not checkable."""
    services = statement.service_principals
    url_only = is_function_url_statement(statement)
    if not services and not url_only:
        return None  # accounts, organisations and '*' are callers, not triggers
    source = "function-url" if url_only else service_of_principal(services[0])
    if source in PULL_SOURCES:
        return None
    arn = statement.source_arn
    status, note, failed = _status_without_wiring(source, arn, coverage, exists, unread_urls)
    return Trigger(
        kind="push",
        source=source,
        source_arn=arn,
        qualifier=statement.qualifier,
        status=status,
        statement_sid=statement.sid,
        detail={"principal": services[0] if services else statement.principal},
        note=note,
        failed_read=failed,
    )


def _status_without_wiring(
    source: str,
    arn: str | None,
    coverage: Coverage,
    exists: ExistsCheck,
    unread_urls: ReadError | None = None,
) -> tuple[TriggerStatus, str, ReadError | None]:
    """The status of a statement no wiring was found for: a verdict only when both the wiring
    (and, for a SourceArn, the source's existence) were read; else unverified, with the read
    that failed."""
    unverified = TriggerStatus.UNVERIFIED
    if source == "function-url":
        if unread_urls is not None:
            return unverified, unknown_note("the function URLs", unread_urls), unread_urls
        return TriggerStatus.NOT_WIRED, "the function has no URL for this statement", None
    if source not in coverage.scanned:
        failed = coverage.failed.get(source)
        note = unknown_note(f"{source} wiring", failed) if failed else ""
        return unverified, note or coverage.why_unverified(source), failed
    if (failed := coverage.gap(source, arn)) is not None:
        what = f"the {source} wiring of {failed.resource or 'a resource it may name'}"
        return unverified, unknown_note(what, failed), failed
    if arn is None:
        return (
            TriggerStatus.NOT_WIRED,
            f"no SourceArn: any {source} resource may invoke it, and none is wired to it",
            None,
        )
    found = Fact.of(exists(source, arn))
    if not found.known:
        if found.failed_read is not None:
            return (
                unverified,
                unknown_note(f"whether {arn} exists", found.failed_read),
                (found.failed_read),
            )
        return unverified, found.why or f"could not check whether {arn} exists", None
    if found.absent:
        return TriggerStatus.SOURCE_MISSING, f"{arn} does not exist", None
    return TriggerStatus.NOT_WIRED, f"{arn} exists but does not target this function", None
