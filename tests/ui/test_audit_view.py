"""The audit view: findings by severity, counts, filter, and the jump to the offending row."""

from __future__ import annotations

from textual.widgets import DataTable, Static, TabbedContent

from lambdatui.ui.screens.audit_view import AuditScreen
from lambdatui.ui.screens.finding_detail import FindingDetailScreen
from lambdatui.ui.screens.function_detail import FunctionDetailScreen
from tests.ui.conftest import SIZE, wait_for


async def test_audit_view_counts_filters_and_jumps(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        list_screen = app.screen
        await wait_for(pilot, lambda: len(app.findings) >= 14, timeout=40)
        cell = str(list_screen.query_one(DataTable).get_cell(
            "arn:aws:lambda:us-east-1:123456789012:function:orders-worker", "findings"
        ))  # fmt: skip
        assert cell == "1 · critical"
        await pilot.press("a")
        assert isinstance(app.screen, AuditScreen)
        screen = app.screen
        table = screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count >= 30)
        severities = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert severities[0] == "critical" and severities[-1] == "low"
        counts = str(screen.query_one("#audit-counts", Static).render())
        assert "critical 3" in counts and "15/15 functions checked" in counts

        await pilot.press("slash", *"broken-trigger", "enter")
        await wait_for(pilot, lambda: table.row_count == 7)
        assert {str(table.get_row_at(i)[1]) for i in range(7)} == {"broken-trigger"}
        target = next(i for i in range(7) if str(table.get_row_at(i)[2]) == "thumbnailer")
        table.move_cursor(row=target)
        finding = screen.selected()
        await pilot.press("enter")  # the finding in full first …
        await wait_for(pilot, lambda: isinstance(app.screen, FindingDetailScreen))
        assert finding.message in app.screen.body_text()
        await pilot.press("enter")  # … then to the offending row
        await wait_for(pilot, lambda: isinstance(app.screen, FunctionDetailScreen))
        detail = app.screen
        await wait_for(pilot, lambda: detail.query_one(TabbedContent).active == "tab-triggers")
        triggers = detail.query_one("#triggers", DataTable)
        row = triggers.get_row_at(triggers.cursor_row)
        assert str(row[3]) == "arn:aws:s3:::demo-media"
        assert str(row[0]) == "✗ missing-permission"


async def test_f_in_the_audit_view_applies_the_selected_fix(make_app, boto) -> None:  # type: ignore[no-untyped-def]
    from lambdatui.ui.screens.plan_preview import PlanPreviewScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: len(app.findings) >= 14, timeout=40)
        await pilot.press("a")
        screen = app.screen
        table = screen.query_one(DataTable)
        await pilot.press("slash", *"function-url-public", "enter")
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanPreviewScreen))
        assert "update-function-url-config" in "\n".join(app.screen.plan.cli_commands())
        await pilot.press("y")

        def auth_type() -> str:
            return boto("lambda").get_function_url_config(FunctionName="public-echo")["AuthType"]

        await wait_for(pilot, lambda: auth_type() == "AWS_IAM")
        arn = "arn:aws:lambda:us-east-1:123456789012:function:public-echo"
        await wait_for(pilot, lambda: all(
            f.rule != "function-url-public" for f in app.findings.get(arn, [])
        ))  # fmt: skip
        # The view follows the app's FindingsChanged (no polling): the fixed finding is gone.
        await wait_for(pilot, lambda: app.screen is screen and table.row_count == 0)
        assert "no finding matches" in str(screen.query_one("#audit-empty").render())
