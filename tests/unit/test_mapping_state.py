"""A mapping's State cell says what its last poll did and whether the execution role may read
its source (the role's half beside the mapping, issue 14)."""

from __future__ import annotations

from lambdatui.aws.lambda_reader import mapping_from
from lambdatui.core.model import Function, FunctionDetail, RoleCheck
from lambdatui.ui.screens.detail_rows import mapping_state

QUEUE = "arn:aws:sqs:us-east-1:123456789012:orders"
FN = "arn:aws:lambda:us-east-1:123456789012:function:worker"

# ListEventSourceMappings' item, in the shape AWS returns it after a poll the role could not make.
ITEM = {
    "UUID": "a1b2c3d4-5678-90ab-cdef-11111EXAMPLE",
    "EventSourceArn": QUEUE,
    "FunctionArn": FN,
    "State": "Enabled",
    "StateTransitionReason": "USER_INITIATED",
    "LastProcessingResult": "PROBLEM: Lambda needs sqs:ReceiveMessage on the queue",
    "BatchSize": 10,
}


def test_the_mapping_keeps_its_state_reason_and_last_result() -> None:
    m = mapping_from(ITEM)
    assert (m.state, m.state_transition_reason) == ("Enabled", "USER_INITIATED")
    assert m.last_processing_result.startswith("PROBLEM:")


def test_the_state_cell_names_the_last_result_and_the_roles_half() -> None:
    m = mapping_from(ITEM)
    check = RoleCheck(
        role_arn="arn:aws:iam::123456789012:role/r",
        purpose="read the source",
        resource=QUEUE,
        actions=("sqs:ReceiveMessage",),
        allowed=False,
        missing=("sqs:ReceiveMessage",),
    )
    d = FunctionDetail(
        function=Function(name="worker", arn=FN, region="us-east-1"),
        event_source_mappings=(m,),
        role_checks=(check,),
    )
    assert mapping_state(m, d) == (
        "Enabled · PROBLEM: Lambda needs sqs:ReceiveMessage on the queue"
        " · role may not read: sqs:ReceiveMessage"
    )
    ok = mapping_from({**ITEM, "LastProcessingResult": "OK"})
    assert mapping_state(ok, FunctionDetail(function=d.function, event_source_mappings=(ok,))) == (
        "Enabled"
    )


def test_a_destination_cell_says_when_the_role_may_not_write() -> None:
    from lambdatui.ui.screens.detail_rows import destination_cell

    dlq = "arn:aws:sqs:us-east-1:123456789012:failures"
    check = RoleCheck(
        role_arn="arn:aws:iam::123456789012:role/r",
        purpose="write to the destination",
        resource=dlq,
        actions=("sqs:SendMessage",),
        allowed=False,
        missing=("sqs:SendMessage",),
    )
    d = FunctionDetail(
        function=Function(name="w", arn=FN, region="us-east-1"), role_checks=(check,)
    )
    assert destination_cell(dlq, d) == f"{dlq} · role may not write: sqs:SendMessage"
    assert destination_cell("arn:aws:sns:us-east-1:123456789012:t", d).endswith(":t")
    assert destination_cell(None, d) is None
