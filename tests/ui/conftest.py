"""UI fixtures: the app on the seeded demo account, read over HTTP from the emulator.

`demo_endpoint` (tests/conftest.py) is the emulator restored to the freshly seeded demo before
each test; `make_app` builds the app on it.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import constants as textual_constants
from textual.pilot import Pilot

from lambdatui.actions.facade import Actions
from lambdatui.actions.journal import Journal
from lambdatui.aws.session import AwsSession
from lambdatui.inventory.account import Inventory
from lambdatui.ui.app import LambdaTuiApp
from lambdatui.ui.backend import AppContext
from lambdatui.ui.screens.function_list import FunctionListScreen
from tests.conftest import make_spec

# A pilot's every key waits for the animations it started (a tab's underline, a scroll) to end.
# With none, the end state is reached at once, as a user with TEXTUAL_ANIMATIONS=none sees it.
# textual.constants was read when the snapshot plugin imported textual: set both, for this
# process's apps and for the app processes that tests start.
os.environ["TEXTUAL_ANIMATIONS"] = "none"
textual_constants.TEXTUAL_ANIMATIONS = "none"  # type: ignore[misc]

SIZE = (140, 40)
SMALL = (80, 24)


@pytest.fixture
def make_app(demo_endpoint: str, tmp_path: Path) -> Callable[..., LambdaTuiApp]:
    def factory(
        *,
        read_only: bool = False,
        session: AwsSession | None = None,
        journal: Journal | None = None,
    ) -> LambdaTuiApp:
        session = session or AwsSession(make_spec(demo_endpoint, read_only=read_only))
        inventory = Inventory(session, scan_all_log_groups=True)
        actions = Actions(session, journal or Journal(tmp_path / "journal.jsonl"))
        context = AppContext(profile="demo", read_only=read_only)
        return LambdaTuiApp(inventory, context, actions=actions)

    return factory


async def wait_for(pilot: Pilot, predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    """Let the app run until `predicate()` holds (workers post their results meanwhile)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            notes = list(getattr(pilot.app, "messages", ()))
            raise AssertionError(
                f"the app did not reach the expected state in time; "
                f"screen {type(pilot.app.screen).__name__}, notifications {notes}"
            )
        await pilot.pause(0.05)


async def choose_in_palette(pilot: Pilot, typed: str, hit_text: str) -> None:
    """Open the command palette, type, wait for the hit whose prompt holds `hit_text`, run it."""
    from textual.command import CommandList, CommandPalette
    from textual.widgets import Input

    await pilot.press("ctrl+p")
    await wait_for(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, CommandPalette) and isinstance(pilot.app.focused, Input)
        ),
    )
    await pilot.press(*typed)
    hits = pilot.app.screen.query_one(CommandList)

    def index() -> int | None:
        prompts = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        return next((i for i, p in enumerate(prompts) if hit_text in p), None)

    await wait_for(pilot, lambda: index() is not None)
    hits.highlighted = index()
    await pilot.press("enter")


async def list_loaded(pilot: Pilot) -> FunctionListScreen:
    """The function list, once every function is listed and its triggers checked."""
    app = pilot.app
    screen = app.screen
    assert isinstance(screen, FunctionListScreen)
    total = len(app.backend.functions)  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: len(app.findings) == total and screen.loaded)  # type: ignore[attr-defined]
    return screen
