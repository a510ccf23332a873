"""The function the user opened is read with its independent reads at once: its aliases, async
configs and URLs together, then a policy per qualifier together. The answer is the same as a
scan's read of it, errors included and in the same order."""

from __future__ import annotations

import threading
from typing import Any

from lambdatui.aws.session import AwsSession
from lambdatui.core import urgency
from lambdatui.inventory.account import Inventory
from tests.account_builders import make_functions
from tests.aws.test_trigger_sources import fail_call
from tests.conftest import make_spec

OWN_READS = ("ListAliases", "ListFunctionEventInvokeConfigs", "ListFunctionUrlConfigs")
MEET_WAIT_S = 15.0


def test_an_opened_functions_own_reads_are_in_flight_together(boto, endpoint) -> None:  # type: ignore[no-untyped-def]
    make_functions(boto, 1)
    session = AwsSession(make_spec(endpoint))
    inventory = Inventory(session)
    function = next(f for page in inventory.function_pages() for f in page)
    together = threading.Barrier(len(OWN_READS), timeout=MEET_WAIT_S)
    policies = threading.Barrier(2, timeout=MEET_WAIT_S)  # two of its four qualifiers at once

    def hook(model: Any, **_: Any) -> None:
        if model.name in OWN_READS:
            together.wait()
        elif model.name == "GetPolicy":
            policies.wait()  # four qualifiers: two pairs; one after the other breaks it

    session.boto.events.register("before-call.lambda", hook)
    with urgency.urgent():
        detail = inventory.detail(function, triggers=False)  # (the wiring is not the point)
    assert not together.broken and not policies.broken
    assert [a.name for a in detail.aliases] == ["live"]
    assert [v.version for v in detail.versions] == ["1", "2"]
    assert detail.errors == ()


def test_an_opened_function_reads_as_a_scan_does_failures_included(boto, endpoint) -> None:  # type: ignore[no-untyped-def]
    make_functions(boto, 1)

    def read(urgent: bool) -> Any:
        session = AwsSession(make_spec(endpoint))
        lam = session.client("lambda")
        fail_call(lam, "ListFunctionUrlConfigs")
        fail_call(lam, "GetPolicy", when=lambda params: params.get("Qualifier") in ("1", "live"))
        fail_call(lam, "ListAliases")
        inventory = Inventory(session)
        function = next(f for page in inventory.function_pages() for f in page)
        if urgent:
            with urgency.urgent():
                return inventory.detail(function, triggers=False)
        return inventory.detail(function, triggers=False)

    scanned, opened = read(urgent=False), read(urgent=True)
    failed = [(e.operation, e.resource) for e in opened.errors]
    assert failed == [(e.operation, e.resource) for e in scanned.errors]
    assert {operation for operation, _ in failed} == {
        "ListAliases",
        "GetPolicy",
        "ListFunctionUrlConfigs",
    }
    assert opened.policies == scanned.policies and opened.versions == scanned.versions


def test_the_mappings_every_detail_waits_for_are_read_first(boto, endpoint) -> None:  # type: ignore[no-untyped-def]
    make_functions(boto, 1)
    session = AwsSession(make_spec(endpoint))
    urgent_reads: list[tuple[str, bool]] = []

    def hook(model: Any, **_: Any) -> None:
        urgent_reads.append((model.name, urgency.is_urgent()))

    session.boto.events.register("before-call.lambda", hook)
    inventory = Inventory(session)
    inventory.mappings()  # a scan's thread: not urgent itself
    assert urgent_reads == [("ListEventSourceMappings", True)]
    assert not urgency.is_urgent()
