"""Reading the detail and audit screens in pilot tests: open a demo function, a table's
column, the footer keys that fit."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, TabbedContent
from textual.widgets._footer import FooterKey

from lambdatui.ui.app import LambdaTuiApp
from lambdatui.ui.screens.function_detail import FunctionDetailScreen
from tests.ui.conftest import wait_for


async def open_function(app: LambdaTuiApp, pilot: Pilot, name: str) -> FunctionDetailScreen:
    """Open a demo function from the list (enter on its row) and wait until it is shown."""
    table = app.screen.query_one("#functions", DataTable)
    await wait_for(pilot, lambda: table.row_count >= 14)
    table.move_cursor(
        row=table.get_row_index(f"arn:aws:lambda:us-east-1:123456789012:function:{name}")
    )
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, FunctionDetailScreen))
    screen = app.screen
    assert isinstance(screen, FunctionDetailScreen)
    await wait_for(pilot, lambda: screen.detail is not None)
    return screen


async def open_tab(app: LambdaTuiApp, pilot: Pilot, name: str, tab: str) -> FunctionDetailScreen:
    """Open a demo function and one section of it, its table focused."""
    screen = await open_function(app, pilot, name)
    screen.query_one(TabbedContent).active = f"tab-{tab}"
    screen.query_one(f"#{tab}", DataTable).focus()
    await pilot.pause()
    return screen


def column(screen: Screen[object], table_id: str, index: int) -> list[str]:
    table = screen.query_one(f"#{table_id}", DataTable)
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


def footer_keys(screen: Screen[object], width: int) -> set[str]:
    """The keys the footer shows whole within the terminal's width."""
    return {
        k.key_display or k.key
        for k in screen.query(FooterKey)
        if k.region.width and k.region.right <= width
    }
