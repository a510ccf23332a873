"""Every key of the list answers, over fixed data: sort markers and order, filter counts, one
enter from the filter, movement, refresh status, keys that work elsewhere say where, help."""

from __future__ import annotations

import threading
from dataclasses import replace

from textual.widgets import DataTable, Input

from lambdatui.core.errors import LambdaTuiError
from lambdatui.ui.screens.function_detail import FunctionDetailScreen
from lambdatui.ui.screens.function_list import FunctionListScreen, version_key
from tests.ui.conftest import SMALL, wait_for
from tests.ui.conftest import list_loaded as loaded
from tests.ui.fixed_app import fixed_app
from tests.ui.fixed_backend import ARN, FixedBackend, _function


def column_labels(table: DataTable) -> list[str]:  # type: ignore[type-arg]
    return [str(c.label) for c in table.ordered_columns]


def names(table: DataTable) -> list[str]:  # type: ignore[type-arg]
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def test_runtimes_sort_by_version() -> None:
    runtimes = ["python3.12", "python3.7", "nodejs20.x", "nodejs18.x", "python3.9"]
    assert sorted(runtimes, key=version_key) == [
        "nodejs18.x", "nodejs20.x", "python3.7", "python3.9", "python3.12",
    ]  # fmt: skip


async def test_sort_marker_and_s_again_reverses() -> None:
    app = fixed_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one(DataTable)
        assert column_labels(table)[0] == "Name ▲"
        assert names(table) == ["img-resize", "legacy-import", "orders-api"]
        await pilot.press("s")
        assert column_labels(table)[0] == "Name ▼"
        assert names(table) == ["orders-api", "legacy-import", "img-resize"]
        await pilot.press("s")
        assert column_labels(table)[:2] == ["Name", "Runtime ▲"]
        runtimes = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert runtimes[0] == "python3.7"  # a version order, not "python3.12" < "python3.7"


async def test_filter_counts_and_one_enter_opens_the_highlighted_function() -> None:
    app = fixed_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one(DataTable)
        message = screen.query_one("#list-message")
        assert "3 functions in us-east-1" in str(message.render())
        await pilot.press("slash", *"3.12")  # img-resize and orders-api
        await wait_for(pilot, lambda: table.row_count == 2)
        assert "2 of 3 functions" in str(message.render())
        await pilot.press("down")  # the highlight moves while the filter keeps the focus
        assert screen.query_one("#filter", Input).has_focus
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FunctionDetailScreen))
        assert app.screen.function.name == names(table)[1]


async def test_movement_keys_in_the_list() -> None:
    app = fixed_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one(DataTable)
        await pilot.press("G")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("j")
        assert table.cursor_row == 1
        await pilot.press("pagedown")
        assert table.cursor_row == 2


class GatedBackend(FixedBackend):
    """Lists functions only once the test opens the gate (after the first listing)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.listings = 0

    def function_pages(self):  # type: ignore[no-untyped-def]
        self.listings += 1
        if self.listings > 1:
            self.gate.wait(timeout=30)
        yield from super().function_pages()


async def test_r_says_a_refresh_runs_and_when_it_finished() -> None:
    backend = GatedBackend()
    app = fixed_app(backend)
    async with app.run_test(size=SMALL) as pilot:
        screen = await loaded(pilot)
        message = screen.query_one("#list-message")
        await pilot.press("r")
        assert "Refreshing… (started" in str(message.render())
        assert screen.query_one("#list-spinner").display
        backend.gate.set()
        await wait_for(pilot, lambda: "refreshed" in str(message.render()))
        assert any(m.startswith("refreshed: 3 functions") for m in app.messages)
        assert screen.query_one(DataTable).row_count == 3


async def test_change_keys_on_the_list_say_where_they_work() -> None:
    app = fixed_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        for key in ("f", "p", "d", "D", "t"):
            before = len(app.messages)
            await pilot.press(key)
            assert len(app.messages) == before + 1, f"{key} said nothing"
            assert "detail" in app.messages[-1] or "audit view" in app.messages[-1]


async def test_change_keys_on_a_read_only_list_say_read_only_once() -> None:
    app = fixed_app(read_only=True)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("p")
        assert [m for m in app.messages if "READ-ONLY" in m] == [app.messages[-1]]


async def test_help_lists_hidden_keys_and_the_legend() -> None:
    from lambdatui.ui.screens.help import HelpScreen

    app = fixed_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = app.screen.plain_text()
        assert "Filter" in text and "Clear filter" in text  # shown and hidden bindings
        for mark in ("✓ ok", "✗ missing-permission", "! not-wired", "? unverified"):
            assert mark in text
        assert "critical" in text
        await pilot.press("escape")
        assert isinstance(app.screen, FunctionListScreen)


async def test_hostile_names_and_descriptions_are_shown_as_text() -> None:
    backend = FixedBackend()
    evil = replace(
        _function("evil[/]name", "python3.12", 128),
        arn=ARN + "evil",
        description="[bold]Nightly [/] job\x1b[2J",
    )
    backend.functions.append(evil)
    app = fixed_app(backend)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one(DataTable)
        assert "evil[/]name" in names(table)
        await pilot.press("slash", *"nightly [/]")  # the filter searches descriptions
        await wait_for(pilot, lambda: names(table) == ["evil[/]name"])


class OneUnreadable(FixedBackend):
    def detail(self, function, *, triggers: bool = True):  # type: ignore[no-untyped-def]
        if function.name == "legacy-import":
            raise LambdaTuiError("AccessDenied: lambda:GetPolicy")
        return super().detail(function, triggers=triggers)


async def test_a_function_that_cannot_be_read_ends_the_check_and_is_named() -> None:
    app = fixed_app(OneUnreadable())
    async with app.run_test(size=SMALL) as pilot:
        screen = app.screen
        message = screen.query_one("#list-message")
        await wait_for(pilot, lambda: "could not be read" in str(message.render()))
        assert "1 could not be read (legacy-import)" in str(message.render())
        assert not screen.query_one("#list-spinner").display
