"""What you look at comes first: opening a function while the list's scan runs reads that
function at once, whatever the scan's reads are waiting for.

A botocore hook holds every Lambda read that is not urgent (the scan's) on an event that is set
only after the test; the opened function's reads, made under `core.urgency.urgent()`, must pass
and its detail — triggers cross-checked — must show while the scan's reads are still held.
"""

from __future__ import annotations

import threading
from typing import Any

from lambdatui.aws.session import AwsSession
from lambdatui.core import urgency
from tests.conftest import make_spec
from tests.ui.conftest import SIZE, wait_for
from tests.ui.screen_helpers import column, open_function

HELD_FOR_S = 60.0
"""How long a held read waits at most (the test releases them long before)."""


class HoldScanReads:
    """A before-call hook: Lambda reads that are not urgent wait for `release` (the list itself,
    ListFunctions, passes, so there is a list to open a function from)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.held: list[str] = []
        self.urgent: list[str] = []

    def __call__(self, model: Any, **_: Any) -> None:
        if model.name == "ListFunctions":
            return
        with self.lock:
            (self.urgent if urgency.is_urgent() else self.held).append(model.name)
        if not urgency.is_urgent():
            self.release.wait(HELD_FOR_S)


async def test_an_opened_function_is_read_while_the_scans_reads_are_held(
    make_app, demo_endpoint
) -> None:  # type: ignore[no-untyped-def]
    session = AwsSession(make_spec(demo_endpoint))
    hold = HoldScanReads()
    session.boto.events.register("before-call.lambda", hold)
    app = make_app(session=session)
    try:
        async with app.run_test(size=SIZE) as pilot:
            # The scan has begun reading details, and its reads are stuck.
            await wait_for(pilot, lambda: len(hold.held) >= 4)
            screen = await open_function(app, pilot, "notify")
            assert not hold.release.is_set()
            held_before = len(hold.held)
            # Every Lambda read of the opened function went through as urgent …
            assert {"ListAliases", "GetPolicy", "ListFunctionUrlConfigs"} <= set(hold.urgent)
            # … and its triggers were cross-checked against the services' wiring.
            sources, statuses = column(screen, "triggers", 2), column(screen, "triggers", 0)
            rows = list(zip(sources, statuses, strict=True))
            assert ("sns", "✓ ok") in rows
            # The scan did not get ahead meanwhile: none of the held reads was let through.
            assert len(app.details) <= 1
            assert len(hold.held) >= held_before
    finally:
        hold.release.set()
