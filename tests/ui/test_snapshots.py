"""Pictures of the screens over fixed data (pytest-textual-snapshot; `--snapshot-update` to renew)."""

from __future__ import annotations

from lambdatui.ui.app import LambdaTuiApp
from lambdatui.ui.backend import AppContext
from tests.ui.fixed_backend import FixedBackend

SIZE = (120, 34)


def make_app(read_only: bool = False) -> LambdaTuiApp:
    return LambdaTuiApp(FixedBackend(), AppContext(profile="prod", read_only=read_only))


async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    for _ in range(200):
        if len(app.findings) == 3 and app.identity is not None:
            break
        await pilot.pause(0.02)
    await pilot.pause(0.1)


def test_function_list(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(read_only=True), terminal_size=SIZE, run_before=loaded)


def test_detail_triggers(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def open_triggers(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("down", "down", "enter")  # orders-api: sorted third
        await pilot.pause(0.2)
        pilot.app.screen.query_one("TabbedContent").active = "tab-triggers"
        await pilot.pause(0.2)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_triggers)


def test_audit_view(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def open_audit(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("a")
        await pilot.pause(0.2)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_audit)
