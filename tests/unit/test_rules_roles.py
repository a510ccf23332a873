"""pull-source-unreadable, invoker-role-denied and destination-unusable for a role that cannot
write: each only on a check that was decided; an unknown check yields nothing."""

from __future__ import annotations

from lambdatui.core.model import (
    Destination,
    EventSourceMapping,
    ReadError,
    RoleCheck,
    Trigger,
    TriggerStatus,
)
from tests.unit.test_rules import FN, detail, run

ROLE = "arn:aws:iam::123456789012:role/orders-role"
QUEUE = "arn:aws:sqs:us-east-1:123456789012:orders"
DLQ = "arn:aws:sqs:us-east-1:123456789012:orders-failures"
DENIED = ReadError("iam", "GetRolePolicy", "AccessDenied", "denied", iam_action="iam:GetRolePolicy")


def read_check(allowed: bool | None, **kw: object) -> RoleCheck:
    missing = ("sqs:ReceiveMessage", "sqs:DeleteMessage") if allowed is False else ()
    return RoleCheck(
        role_arn=ROLE,
        purpose="read the source",
        resource=QUEUE,
        actions=("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
        allowed=allowed,
        missing=missing,
        source="sqs",
        **kw,  # type: ignore[arg-type]
    )


def test_a_role_that_may_not_read_its_queue_is_pull_source_unreadable() -> None:
    mapping = EventSourceMapping("u-1", QUEUE, FN, "Enabled")
    [finding] = run(
        "pull-source-unreadable",
        detail(event_source_mappings=(mapping,), role_checks=(read_check(False),)),
    )
    assert finding.resource == QUEUE and finding.severity.value == "high"
    assert "orders-role may not sqs:ReceiveMessage, sqs:DeleteMessage" in finding.message


def test_an_allowed_or_unknown_read_is_no_finding() -> None:
    for check in (read_check(True), read_check(None, failed=DENIED)):
        assert run("pull-source-unreadable", detail(role_checks=(check,))) == []


def test_a_destination_the_role_cannot_write_is_unusable() -> None:
    write = RoleCheck(
        role_arn=ROLE,
        purpose="write to the destination",
        resource=DLQ,
        actions=("sqs:SendMessage",),
        allowed=False,
        missing=("sqs:SendMessage",),
        source="sqs",
    )
    d = detail(
        destinations=(Destination(None, None, DLQ),),
        destination_exists={DLQ: True},
        role_checks=(write,),
    )
    [finding] = run("destination-unusable", d)
    assert finding.resource == DLQ
    assert "async OnFailure" in finding.message and "sqs:SendMessage" in finding.message


def test_an_invoker_whose_role_may_not_invoke_is_not_a_broken_trigger() -> None:
    machine = "arn:aws:states:us-east-1:123456789012:stateMachine:orders"
    t = Trigger(
        "push",
        "states",
        machine,
        None,
        TriggerStatus.MISSING_PERMISSION,
        detail={"role": ROLE},
        note="role orders-role may not invoke the function: missing lambda:InvokeFunction",
        invoker_role=ROLE,
    )
    d = detail(triggers=(t,))
    [finding] = run("invoker-role-denied", d)
    assert finding.resource == machine and "orders-role" in finding.message
    assert run("broken-trigger", d) == []  # the resource policy is not its permission


def test_an_unverified_role_invoker_is_no_finding() -> None:
    t = Trigger(
        "push",
        "states",
        "arn:aws:states:us-east-1:123456789012:stateMachine:m",
        None,
        TriggerStatus.UNVERIFIED,
        failed_read=DENIED,
        invoker_role=ROLE,
    )
    assert run("invoker-role-denied", detail(triggers=(t,))) == []
