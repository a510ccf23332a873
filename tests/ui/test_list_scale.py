"""The list while a scan runs, over the emulator (which pages ListFunctions by 50 as AWS does):
pages that arrive out of order end in order without the table being re-sorted per page, and
the cursor stays on the function the user chose while pages and batches of details arrive.

The listing is held page by page with a `before-call` hook, so each step is asserted on a
known state (order and selection, never time).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import DataTable

from lambdatui.aws.session import AwsSession
from lambdatui.demo.account import DEMO_ACCOUNT, DEMO_REGION
from lambdatui.inventory.account import Inventory
from lambdatui.ui.app import LambdaTuiApp
from lambdatui.ui.backend import AppContext
from lambdatui.ui.screens import function_list
from lambdatui.ui.screens.function_list import FunctionListScreen
from tests.account_builders import make_function
from tests.conftest import make_spec
from tests.ui.conftest import SIZE, wait_for

COUNT = 110  # three pages: 50, 50, 10
NAMES = [f"fn-{i:03d}" for i in range(COUNT)]
CHOSEN = "fn-080"


def arn(name: str) -> str:
    return f"arn:aws:lambda:{DEMO_REGION}:{DEMO_ACCOUNT}:function:{name}"


@pytest.fixture
def reversed_account(endpoint: str, boto: Callable[[str], Any]) -> str:
    """110 functions created last name first: each page sorts before the pages listed earlier
    (moto lists in creation order)."""
    for name in reversed(NAMES):
        make_function(boto, name)
    return endpoint


class PageGate:
    """Holds every ListFunctions call after the first until `release()` lets one more through
    (`open()`: all of them)."""

    def __init__(self) -> None:
        self.allowed = threading.Semaphore(1)
        self.opened = False

    def __call__(self, **_: Any) -> None:
        if not self.opened:
            self.allowed.acquire(timeout=60)

    def release(self) -> None:
        self.allowed.release()

    def open(self) -> None:
        self.opened = True
        self.allowed.release()


def shown(table: DataTable[Any]) -> list[str]:
    """Row keys in display order."""
    return [str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(table.row_count)]


def appended(table: DataTable[Any]) -> list[str]:
    """Row keys in the order they were added (a DataTable.sort reorders only the display)."""
    return [str(key.value) for key in table.rows]


async def test_pages_out_of_order_end_sorted_and_the_cursor_stays_put(
    reversed_account: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(function_list, "SMALL", 10)  # the big-list path: deferred cell updates
    session = AwsSession(make_spec(reversed_account))
    gate = PageGate()
    session.boto.events.register("before-call.lambda.ListFunctions", gate)
    app = LambdaTuiApp(Inventory(session), AppContext(profile="bench", read_only=True))
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            assert isinstance(screen, FunctionListScreen)
            table = screen.query_one(DataTable)
            sorts: list[object] = []
            sort = table.sort
            table.sort = lambda *a, **k: sorts.append(a) or sort(*a, **k)  # type: ignore[method-assign]

            await wait_for(pilot, lambda: table.row_count == 50)  # fn-060 … fn-109
            assert shown(table) == [arn(n) for n in NAMES[60:]]
            table.move_cursor(row=table.get_row_index(arn(CHOSEN)))

            gate.release()  # fn-010 … fn-059: every one sorts before the rows shown
            await wait_for(pilot, lambda: shown(table) == [arn(n) for n in NAMES[10:]], timeout=30)
            assert screen.selected_key() == arn(CHOSEN)

            await pilot.press("s")  # name, reversed, while the listing runs
            assert screen.selected_key() == arn(CHOSEN)
            gate.open()  # fn-000 … fn-009, then everything else the scan lists
            await wait_for(pilot, lambda: screen.loaded and table.row_count == COUNT)
            await wait_for(pilot, lambda: shown(table) == [arn(n) for n in reversed(NAMES)])
            assert screen.selected_key() == arn(CHOSEN)
            # three pages, two out of order, a sort asked for: at most one DataTable.sort
            # (after page 2); the reversed rows of page 3 were placed, not sorted in
            assert len(sorts) <= 1
            assert appended(table) == shown(table)

            await wait_for(pilot, lambda: screen.checked, timeout=60)
            assert len(screen.trigger_counts) == COUNT
            assert screen.selected_key() == arn(CHOSEN)  # batches of details moved nothing
            cells = [str(table.get_cell(arn(n), "triggers")) for n in NAMES]
            assert "…" not in cells

            await pilot.press("slash", *"fn-08")  # the filter and the sort still apply
            await wait_for(pilot, lambda: table.row_count == 10)
            assert shown(table) == [arn(f"fn-{i:03d}") for i in range(89, 79, -1)]
            assert screen.selected_key() == arn(CHOSEN)
            await pilot.press("escape")
            await wait_for(pilot, lambda: table.row_count == COUNT)
            assert screen.selected_key() == arn(CHOSEN)
    finally:
        gate.open()
