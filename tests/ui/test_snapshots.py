"""Pictures of every screen over fixed data, at 80x24 and 160x48, so a layout regression fails a
test (pytest-textual-snapshot; `--snapshot-update` renews them after a deliberate change).

Each picture is taken once the app reached a stated condition; when it does not in time the
test fails (`wait_for` raises) rather than photograph a half-loaded screen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot

from lambdatui.actions.facade import Actions
from lambdatui.actions.journal import Journal
from lambdatui.aws.session import AwsSession, SessionSpec
from lambdatui.ui.app import LambdaTuiApp
from lambdatui.ui.screens.form import FormScreen
from lambdatui.ui.screens.function_detail import FunctionDetailScreen
from tests.ui.conftest import list_loaded, wait_for
from tests.ui.fixed_app import fixed_app

SIZES = {"80x24": (80, 24), "160x48": (160, 48)}
SECTIONS = (
    "overview", "triggers", "mappings", "policy", "destinations", "urls", "versions", "findings",
)  # fmt: skip
UNUSED_ENDPOINT = "http://127.0.0.1:9"
"""The forms are only opened, never submitted: the actions never reach this endpoint."""

RunBefore = Callable[[Pilot], Awaitable[None]]


def make_app(tmp_path: Path, read_only: bool = False) -> LambdaTuiApp:
    actions = None
    if not read_only:
        session = AwsSession(SessionSpec(region="us-east-1", endpoint_url=UNUSED_ENDPOINT))
        actions = Actions(session, Journal(tmp_path / "journal.jsonl"))
    return fixed_app(actions=actions, read_only=read_only)


async def settled(pilot: Pilot) -> None:
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def loaded(pilot: Pilot) -> None:
    await list_loaded(pilot)
    await wait_for(pilot, lambda: pilot.app.identity is not None)  # type: ignore[attr-defined]
    await settled(pilot)


async def open_orders_api(pilot: Pilot) -> FunctionDetailScreen:
    await loaded(pilot)
    await pilot.press("G")  # orders-api: last by name
    await pilot.press("enter")
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, FunctionDetailScreen))
    screen = app.screen
    assert isinstance(screen, FunctionDetailScreen)
    await wait_for(pilot, lambda: screen.detail is not None)
    await settled(pilot)
    return screen


def section(number: int) -> RunBefore:
    async def run(pilot: Pilot) -> None:
        screen = await open_orders_api(pilot)
        await pilot.press(str(number))
        key = SECTIONS[number - 1]
        await wait_for(pilot, lambda: screen.active_section() == key)
        await settled(pilot)

    return run


def form(section_number: int, key: str) -> RunBefore:
    async def run(pilot: Pilot) -> None:
        await open_orders_api(pilot)
        await pilot.press(str(section_number), key)
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FormScreen))
        await settled(pilot)

    return run


async def audit_view(pilot: Pilot) -> None:
    from lambdatui.ui.screens.audit_view import AuditScreen

    await loaded(pilot)
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, AuditScreen))
    await settled(pilot)


async def finding_detail(pilot: Pilot) -> None:
    from lambdatui.ui.screens.finding_detail import FindingDetailScreen

    await audit_view(pilot)
    await pilot.press("space")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, FindingDetailScreen))
    await settled(pilot)


async def help_screen(pilot: Pilot) -> None:
    from lambdatui.ui.screens.help import HelpScreen

    await loaded(pilot)
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
    await settled(pilot)


async def reverse_lookup(pilot: Pilot) -> None:
    from textual.widgets import DataTable

    from lambdatui.ui.screens.reverse_lookup import ReverseLookupScreen

    await loaded(pilot)
    pilot.app.reverse_lookup("my-bucket")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReverseLookupScreen))
    await wait_for(pilot, lambda: any(t.row_count for t in pilot.app.screen.query(DataTable)))
    await settled(pilot)


async def copied_text(pilot: Pilot) -> None:
    """The OSC 52 window (pushed directly: whether a clipboard tool exists depends on the host)."""
    from lambdatui.ui.screens.copied_text import CopiedTextScreen

    await loaded(pilot)
    command = (
        "aws lambda remove-permission --function-name orders-api --statement-id anyone "
        "--revision-id r2"
    )
    pilot.app.push_screen(CopiedTextScreen(command, "the AWS CLI commands"))
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CopiedTextScreen))
    await settled(pilot)


async def plan_preview(pilot: Pilot) -> None:
    """Removing a public statement: the preview, after the first y (the second question)."""
    from lambdatui.actions import planner
    from lambdatui.ui.screens.plan_preview import PlanPreviewScreen

    screen = await open_orders_api(pilot)
    assert screen.detail is not None
    statement = next(s for s in screen.detail.statements if s.principal == "*")
    plan = replace(
        planner.remove_statement_plan(screen.detail, statement),
        second_confirmation="This removes the statement that lets anyone invoke orders-api.",
    )  # pinned: the picture is of the screen, not of the risk rules
    pilot.app.push_screen(PlanPreviewScreen(plan))
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlanPreviewScreen))
    await pilot.press("y")
    await wait_for(pilot, lambda: pilot.app.screen.query_one("#plan-second").display)
    await settled(pilot)


SCREENS: dict[str, RunBefore] = {
    "list": loaded,
    **{f"detail-{key}": section(n) for n, key in enumerate(SECTIONS, start=1)},
    "audit": audit_view,
    "finding": finding_detail,
    "form-add-permission": form(4, "p"),
    "form-destination": form(5, "D"),
    "form-add-trigger": form(2, "t"),
    "help": help_screen,
    "reverse-lookup": reverse_lookup,
    "copied-text": copied_text,
    "plan-preview": plan_preview,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", SCREENS)
def test_screen(snap_compare, tmp_path, name: str, size: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(tmp_path)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=SCREENS[name])


def test_read_only_list(snap_compare, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        make_app(tmp_path, read_only=True), terminal_size=SIZES["80x24"], run_before=loaded
    )


def test_a_screen_that_never_gets_ready_fails_instead_of_being_photographed(  # type: ignore[no-untyped-def]
    snap_compare,
) -> None:
    async def never_ready(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: False, timeout=0.2)

    with pytest.raises(AssertionError, match="did not reach the expected state in time"):
        snap_compare(fixed_app(), terminal_size=SIZES["80x24"], run_before=never_ready)
