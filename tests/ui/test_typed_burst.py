"""Keys typed in one burst right after `/` (a fast typist, a paste, tmux's send-keys) belong to
the filter box: none of them reaches the table's or the screen's keys (`r` would re-read the
whole account, `d`/`s` act on rows)."""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from lambdatui.ui.screens.audit_view import AuditScreen
from tests.ui.conftest import SMALL, wait_for
from tests.ui.conftest import list_loaded as loaded
from tests.ui.fixed_app import all_checked, fixed_app


def burst(pilot: Pilot, keys: str) -> None:
    """Post every key at once, as a terminal delivers a burst: the app reads them all before it
    handles the first (Pilot.press would wait for the app to settle between keys)."""
    for key in keys:
        character = key if len(key) == 1 and key.isprintable() else None
        pilot.app.post_message(events.Key("slash" if key == "/" else key, character))


async def test_a_burst_after_slash_filters_the_list_and_refreshes_nothing() -> None:
    app = fixed_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await loaded(pilot)
        box = screen.query_one("#filter", Input)
        burst(pilot, "/ord")
        await wait_for(pilot, lambda: box.value == "ord")
        await pilot.pause()
        assert screen.refresh_started is None  # `r` went into the box, not to Refresh
        assert box.has_focus
        table = screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 1)
        assert str(table.get_row_at(0)[0]) == "orders-api"


async def test_a_burst_after_slash_filters_the_audit_view() -> None:
    app = fixed_app()
    async with app.run_test(size=SMALL) as pilot:
        await all_checked(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AuditScreen))
        screen = app.screen
        box = screen.query_one("#audit-filter", Input)
        burst(pilot, "/sort")  # `s` and `o` are the audit view's sort and jump keys
        await wait_for(pilot, lambda: box.value == "sort")
        assert box.has_focus
        assert isinstance(app.screen, AuditScreen)  # `o` did not jump to a finding's row
