"""Read-only mode, proved at the HTTP level: pressing every action key sends no write."""

from __future__ import annotations

from textual.widgets import DataTable

from lambdatui.ui.keys import MUTATING_KEYS
from lambdatui.ui.screens.function_detail import FunctionDetailScreen
from lambdatui.ui.screens.plan_preview import PlanPreviewScreen
from tests.http_recording import recording
from tests.ui.conftest import SIZE, wait_for


async def test_read_only_session_sends_zero_writes(make_app, demo_endpoint) -> None:  # type: ignore[no-untyped-def]
    app = make_app(read_only=True)
    with recording(demo_endpoint) as seen:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            table = screen.query_one("#functions", DataTable)
            await wait_for(pilot, lambda: len(screen.trigger_counts) >= 14, timeout=40)
            assert "READ-ONLY" in app.sub_title
            for key in MUTATING_KEYS:
                await pilot.press(key)
            table.move_cursor(row=table.get_row_index(
                "arn:aws:lambda:us-east-1:123456789012:function:thumbnailer"
            ))  # fmt: skip
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, FunctionDetailScreen))
            await wait_for(pilot, lambda: app.screen.detail is not None)
            for tab in ("tab-triggers", "tab-policy", "tab-destinations"):
                app.screen.query_one("TabbedContent").active = tab  # type: ignore[attr-defined]
                await pilot.pause()
                for key in MUTATING_KEYS:
                    await pilot.press(key)
            await pilot.press("y", "enter")  # nothing to confirm: no plan may have opened
            await app.workers.wait_for_complete()  # any plan worker a key started has ended
            await pilot.pause()
            assert not isinstance(app.screen, PlanPreviewScreen)
            notes = list(app.messages)
    assert any("READ-ONLY" in note for note in notes)
    assert seen.requests, "the recorder saw no traffic at all: the check would prove nothing"
    assert seen.writes() == []
