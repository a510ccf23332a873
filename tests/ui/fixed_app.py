"""Apps over fixed data for pilot tests of the detail and audit screens (no AWS needed)."""

from __future__ import annotations

from textual.pilot import Pilot

from lambdatui.ui.app import LambdaTuiApp
from lambdatui.ui.backend import ActionsApi, AppContext
from lambdatui.ui.screens.function_detail import FunctionDetailScreen
from tests.ui.conftest import wait_for
from tests.ui.fixed_backend import FixedBackend

SIZES = [(80, 24), (160, 48)]


def fixed_app(
    backend: FixedBackend | None = None,
    actions: ActionsApi | None = None,
    *,
    read_only: bool = False,
) -> LambdaTuiApp:
    context = AppContext(profile="prod", read_only=read_only)
    return LambdaTuiApp(backend or FixedBackend(), context, actions=actions)


async def all_checked(pilot: Pilot) -> None:
    """Wait until the list has read every function and the app holds their findings."""
    app: LambdaTuiApp = pilot.app  # type: ignore[assignment]
    count = len(app.backend.functions)  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: len(app.findings) == count)


async def open_detail(pilot: Pilot, name: str) -> FunctionDetailScreen:
    """Open one function's detail and wait until it is shown."""
    app: LambdaTuiApp = pilot.app  # type: ignore[assignment]
    await all_checked(pilot)
    function = next(f for f in app.backend.functions if f.name == name)  # type: ignore[attr-defined]
    app.open_function(function)
    await wait_for(pilot, lambda: isinstance(app.screen, FunctionDetailScreen))
    screen = app.screen
    assert isinstance(screen, FunctionDetailScreen)
    await wait_for(pilot, lambda: screen.detail is not None)
    await pilot.pause()
    return screen
