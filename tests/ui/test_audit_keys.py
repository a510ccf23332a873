"""The audit view by keyboard at 80x24 and larger: severity worst first with a sort marker,
`s`/`S` and header clicks, findings readable in full, and the footer's most important keys."""

from __future__ import annotations

from textual.widgets import DataTable

from lambdatui.core.model import Severity
from lambdatui.ui.screens.audit_view import AuditScreen
from lambdatui.ui.screens.finding_detail import FindingDetailScreen
from lambdatui.ui.screens.function_detail import FunctionDetailScreen
from tests.ui.conftest import SMALL, wait_for
from tests.ui.fixed_app import all_checked, fixed_app
from tests.ui.screen_helpers import footer_keys


def headers(table: DataTable[object]) -> list[str]:
    return [str(c.label) for c in table.columns.values()]


def column(table: DataTable[object], index: int) -> list[str]:
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


async def open_audit(pilot) -> AuditScreen:  # type: ignore[no-untyped-def]
    await all_checked(pilot)
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, AuditScreen))
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.query_one(DataTable).row_count > 5)
    return screen


async def test_severity_sorts_critical_first_with_a_marker_and_s_changes_it() -> None:
    app = fixed_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_audit(pilot)
        table = screen.query_one(DataTable)
        order = [s.value for s in Severity]
        severities = column(table, 0)
        assert severities == sorted(severities, key=order.index)
        assert severities[0] == "critical"
        assert headers(table)[0] == "Severity ▲"
        await pilot.press("s")  # as in the list: s again reverses (least severe first) …
        assert headers(table)[0] == "Severity ▼"
        assert column(table, 0) == sorted(severities, key=order.index, reverse=True)
        await pilot.press("s")  # … and once more sorts by the next column
        assert headers(table)[:2] == ["Severity", "Rule ▲"]
        rules = column(table, 1)
        assert rules == sorted(rules)
        await pilot.press("S")  # S reverses whatever is sorted
        assert headers(table)[1] == "Rule ▼" and column(table, 1) == sorted(rules, reverse=True)
        await pilot.press("S")
        assert headers(table)[1] == "Rule ▲"
        # A click on a header sorts by it; on the same header again reverses.
        screen.post_message(
            DataTable.HeaderSelected(
                table,
                table.ordered_columns[2].key,
                2,
                table.columns[table.ordered_columns[2].key].label,
            )
        )
        await wait_for(pilot, lambda: headers(table)[2] == "Function ▲")


async def test_a_finding_opens_in_full_and_jumps_to_its_row() -> None:
    app = fixed_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_audit(pilot)
        table = screen.query_one(DataTable)
        longest = max(range(len(screen.shown)), key=lambda i: len(screen.shown[i].message))
        finding = screen.shown[longest]
        assert len(finding.message) > 105  # longer than what fitted before
        assert column(table, 4)[longest] == finding.message  # the cell holds all of it
        table.move_cursor(row=longest)
        await pilot.press("space")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingDetailScreen))
        body = app.screen.body_text()
        assert finding.message in body and f"Resource: {finding.resource}" in body
        assert "Evidence" in body and "Fix" in body
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("enter")  # enter too opens it
        await wait_for(pilot, lambda: isinstance(app.screen, FindingDetailScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("o")  # straight to the offending row
        await wait_for(pilot, lambda: isinstance(app.screen, FunctionDetailScreen))


async def test_the_evidence_is_the_statement_json_and_the_fix_its_cli() -> None:
    app = fixed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_audit(pilot)
        table = screen.query_one(DataTable)
        index = next(i for i, f in enumerate(screen.shown) if f.rule == "public-invoke")
        table.move_cursor(row=index)
        await pilot.press("space")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingDetailScreen))
        body = app.screen.body_text()
        assert "Evidence — Policy statement" in body and '"Principal": "*"' in body
        assert "aws lambda remove-permission" in body


async def test_the_footer_keeps_the_important_keys_at_80_columns() -> None:
    app = fixed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_audit(pilot)
        assert {"esc", "space", "/", "s", "?"} <= footer_keys(screen, 80)
        table = screen.query_one(DataTable)
        assert table.columns[table.ordered_columns[0].key].label.plain.startswith("Severity")
        await pilot.press("space")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingDetailScreen))
        assert {"esc", "?"} <= footer_keys(app.screen, 80)
        await pilot.press("escape", "o")
        await wait_for(pilot, lambda: isinstance(app.screen, FunctionDetailScreen))
        detail = app.screen
        await wait_for(pilot, lambda: detail.detail is not None)
        await pilot.pause()
        assert {"esc", "1-8", "?"} <= footer_keys(detail, 80)


async def test_c_in_a_finding_copies_its_fix_commands(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from lambdatui.ui.screens.copied_text import CopiedTextScreen

    for name in ("TMUX", "DISPLAY", "WAYLAND_DISPLAY"):  # no clipboard tool: shown to select
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    app = fixed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_audit(pilot)
        table = screen.query_one(DataTable)
        index = next(i for i, f in enumerate(screen.shown) if f.rule == "public-invoke")
        table.move_cursor(row=index)
        await pilot.press("space")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingDetailScreen))
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CopiedTextScreen))
        copied = app.screen.query_one("#copied-text").text
        assert copied.startswith("aws lambda remove-permission") and "--revision-id" not in copied


async def test_wide_screens_show_every_message_and_resource_whole() -> None:
    from rich.console import Console

    app = fixed_app()
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_audit(pilot)
        table = screen.query_one(DataTable)
        longest_resource = max(len(f.resource or "") for f in screen.shown)
        assert table.columns["resource"].get_render_width(table) >= longest_resource + 2
        width = table.columns["message"].width
        assert 40 <= width < max(len(f.message) for f in screen.shown)  # wrapped, not cut
        for i in range(len(screen.shown)):
            row = table.rows[table.coordinate_to_cell_key((i, 0)).row_key]
            # Wrapped at the column's width, the message needs exactly the row's height.
            console = Console(width=width, file=None)
            lines = console.render_lines(table.get_row_at(i)[4], console.options, pad=False)
            assert row.height == len(lines) >= 1
        assert any(table.rows[k].height > 1 for k in table.rows)
    small = fixed_app()
    async with small.run_test(size=(80, 24)) as pilot:
        screen = await open_audit(pilot)
        table = screen.query_one(DataTable)
        assert {table.rows[k].height for k in table.rows} == {1}  # one line each at 80 columns


async def test_a_broken_trigger_shows_the_notification_entry_and_r_says_where_to_refresh() -> None:
    app = fixed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_audit(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: any("press r in the list" in m for m in app.messages))
        table = screen.query_one(DataTable)
        index = next(i for i, f in enumerate(screen.shown) if f.rule == "broken-trigger")
        table.move_cursor(row=index)
        await pilot.press("space")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingDetailScreen))
        body = app.screen.body_text()
        assert "Evidence — s3 trigger as the service has it" in body
        assert '"source_arn": "arn:aws:s3:::other-bucket"' in body and "s3:ObjectRemoved:*" in body
        assert (
            "aws lambda add-permission" in body and "--source-arn arn:aws:s3:::other-bucket" in body
        )


# rule of the finding → the section `o` lands on, and what the row under the cursor holds
O_LANDS_ON = {
    "deprecated-runtime": ("overview", "python3.7"),
    "secrets-in-environment": ("overview", "DB_PASSWORD"),
    "public-invoke": ("policy", "anyone"),
    "broken-trigger": ("triggers", "arn:aws:s3:::other-bucket"),
    "no-failure-destination": ("destinations", None),  # img-resize has none: the section
}


async def test_o_lands_on_the_section_and_row_the_finding_is_about() -> None:
    """One app for every case: `o` from the audit view, back with escape, the next finding."""
    app = fixed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_audit(pilot)
        for rule, (section, row_holds) in O_LANDS_ON.items():
            index = next(i for i, f in enumerate(screen.shown) if f.rule == rule)
            screen.query_one(DataTable).move_cursor(row=index)
            await pilot.press("o")
            await wait_for(pilot, lambda: isinstance(app.screen, FunctionDetailScreen))
            detail = app.screen
            await wait_for(pilot, lambda d=detail, s=section: d.active_section() == s)
            if row_holds is None:
                assert detail.query_one(f"#{section}-empty").display, rule
            else:
                table = detail.query_one(f"#{section}", DataTable)
                cells = {str(c).strip() for c in table.get_row_at(table.cursor_row)}
                assert row_holds in cells, (rule, cells)
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is screen)
