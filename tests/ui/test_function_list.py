"""The function list against the demo account: loading, header, filter, sort, open."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from lambdatui.ui.screens.function_detail import FunctionDetailScreen
from lambdatui.ui.screens.function_list import FunctionListScreen
from tests.ui.conftest import SIZE, choose_in_palette, wait_for


def names(table: DataTable) -> list[str]:  # type: ignore[type-arg]
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_list_loads_every_function_with_header(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#functions", DataTable)
        await wait_for(pilot, lambda: table.row_count >= 14 and app.identity is not None)
        assert "img-resize" in names(table)
        assert names(table) == sorted(names(table), key=str.lower)
        assert "account 123456789012 · us-east-1" in app.sub_title
        assert "READ-ONLY" not in app.sub_title


async def test_trigger_column_marks_broken_functions(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, FunctionListScreen)
        await wait_for(pilot, lambda: len(screen.trigger_counts) >= 14, timeout=40)
        arn = "arn:aws:lambda:us-east-1:123456789012:function:"
        assert screen.trigger_counts[arn + "thumbnailer"] == (2, 2)
        # events, the sqs mapping and the state machine billing-run
        assert screen.trigger_counts[arn + "billing-calc"] == (3, 0)
        cell = screen.query_one(DataTable).get_cell(arn + "thumbnailer", "triggers")
        assert "2 not ok" in str(cell)


async def test_filter_narrows_as_you_type_and_escape_clears(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#functions", DataTable)
        await wait_for(pilot, lambda: table.row_count >= 14)
        await pilot.press("slash")
        assert app.screen.query_one("#filter", Input).has_focus
        await pilot.press(*"orders")
        await wait_for(pilot, lambda: names(table) == ["orders-api", "orders-worker"])
        await pilot.press("escape")
        await wait_for(pilot, lambda: table.row_count == 15)
        assert not app.screen.query_one("#filter", Input).display


async def test_sort_by_memory_then_open_detail(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        table = screen.query_one("#functions", DataTable)
        await wait_for(pilot, lambda: table.row_count >= 14)
        await pilot.press("s", "s", "s", "s")  # name ▼, runtime ▲, runtime ▼, memory ▲
        assert (screen.sort_column, screen.sort_reverse) == ("memory", False)
        memory = [screen.functions[str(k.value)].memory_mb or 0 for k in table.rows]
        assert memory == sorted(memory)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FunctionDetailScreen))
        assert app.screen.function.name == names(table)[0]
        await pilot.press("escape")
        assert isinstance(app.screen, FunctionListScreen)


async def test_palette_reverse_lookup_finds_wired_function_and_statement(make_app) -> None:  # type: ignore[no-untyped-def]
    from lambdatui.ui.screens.reverse_lookup import ReverseLookupScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: len(screen.trigger_counts) >= 14, timeout=40)
        await choose_in_palette(pilot, "demo-uploads", "reverse lookup")
        await wait_for(pilot, lambda: isinstance(app.screen, ReverseLookupScreen))
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count >= 2)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0][:3] == ["wired", "img-resize", "live"]
        assert rows[0][4] == "✓ ok"
        assert rows[1][0] == "statement" and rows[1][1] == "img-resize"

        await pilot.press("enter")  # opens that function at that trigger
        await wait_for(pilot, lambda: isinstance(app.screen, FunctionDetailScreen))
        detail = app.screen
        assert detail.function.name == "img-resize"
        await wait_for(pilot, lambda: detail.selected_trigger() is not None)
        assert detail.selected_trigger().source_arn == "arn:aws:s3:::demo-uploads"


async def test_unreachable_endpoint_reads_as_a_sentence(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import socket

    from lambdatui.aws.session import AwsSession
    from lambdatui.inventory.account import Inventory
    from lambdatui.ui.app import LambdaTuiApp
    from lambdatui.ui.backend import AppContext
    from tests.conftest import make_spec

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    session = AwsSession(make_spec(closed, max_attempts=1))
    app = LambdaTuiApp(Inventory(session), AppContext(profile="nowhere"))
    async with app.run_test(size=SIZE) as pilot:
        message = app.screen.query_one("#list-message")
        await wait_for(pilot, lambda: "cannot reach" in str(message.render()))
        assert "Traceback" not in str(message.render())
        await wait_for(pilot, lambda: "account unknown" in app.sub_title)


async def test_cursor_stays_on_its_function_when_the_list_is_rebuilt(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        table = screen.query_one("#functions", DataTable)
        await wait_for(pilot, lambda: table.row_count >= 14)
        arn = "arn:aws:lambda:us-east-1:123456789012:function:partner-hook"
        table.move_cursor(row=table.get_row_index(arn))
        screen.sort_column, screen.sort_reverse = "memory", True
        screen.rebuild()  # as when loading ends, a sort or a filter changes
        assert screen.selected_key() == arn
        assert table.get_row_index(arn) != 0 or names(table)[0] == "partner-hook"


async def test_palette_open_nightly_opens_nightly_report(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: len(app.functions) == 15)
        await choose_in_palette(pilot, "open nightly", "open nightly-report")
        await wait_for(pilot, lambda: isinstance(app.screen, FunctionDetailScreen))
        assert app.screen.function.name == "nightly-report"


async def test_palette_offers_no_switch_where_the_session_cannot_switch(make_app) -> None:  # type: ignore[no-untyped-def]
    from textual.command import CommandList, CommandPalette

    app = make_app()  # like the demo: no switcher
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: len(app.functions) == 15)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"region eu-west-1")
        hits = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: hits.option_count > 0)  # the reverse lookup, always offered
        prompts = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        assert not any(p.startswith(("region ", "profile ")) for p in prompts), prompts
