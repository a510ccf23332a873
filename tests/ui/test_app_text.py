"""Strings from AWS are text in the app's own windows and messages: markup such as `[/]` is
shown, never parsed (it would raise), and control characters are written out."""

from __future__ import annotations

from dataclasses import replace

from lambdatui.actions.plan import Plan
from lambdatui.ui.app import LambdaTuiApp
from lambdatui.ui.backend import AppContext
from lambdatui.ui.screens.plan_preview import plan_text
from tests.ui.conftest import SMALL
from tests.ui.conftest import list_loaded as loaded
from tests.ui.fixed_app import fixed_app
from tests.ui.fixed_backend import FixedBackend


def test_plan_text_keeps_markup_and_shows_controls() -> None:
    plan = Plan(
        title="Remove [bold]x[/] from f\x1b[2J",
        why="because [/]",
        steps=(),
        function_arn="arn:aws:lambda:us-east-1:123456789012:function:f",
    )
    text = plan_text(plan).plain
    assert "Remove [bold]x[/] from f\\x1b[2J" in text
    assert "because [/]" in text
    assert "\x1b" not in text


async def test_a_notification_with_markup_is_shown_as_written() -> None:
    app = fixed_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        app.notify("AccessDenied on [/]arn:aws:s3:::[bold]bucket")  # would raise if parsed
        await pilot.pause()
        assert app.messages[-1] == "AccessDenied on [/]arn:aws:s3:::[bold]bucket"


async def test_the_header_says_where_the_region_came_from() -> None:
    context = AppContext(profile="prod", region_source="AWS_DEFAULT_REGION")
    app = LambdaTuiApp(FixedBackend(), context)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        assert "us-east-1 (from AWS_DEFAULT_REGION)" in app.sub_title
    demo = LambdaTuiApp(FixedBackend(), replace(context, region_source="demo"))
    async with demo.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        assert "(from" not in demo.sub_title
