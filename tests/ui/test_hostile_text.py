"""Hostile data from AWS is text: markup is shown, never parsed; control characters are shown,
never sent to the terminal. Every section, the reveal, a row in full, the audit view and a
finding's detail are drawn with a function whose every field carries both."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from lambdatui.ui.screens.audit_view import AuditScreen
from lambdatui.ui.screens.finding_detail import FindingDetailScreen
from lambdatui.ui.screens.record_view import RecordScreen
from lambdatui.ui.widgets.safe_text import literal, visible
from tests.ui.conftest import wait_for
from tests.ui.fixed_app import SIZES, fixed_app, open_detail
from tests.ui.hostile_backend import (
    CLEAR,
    DESCRIPTION,
    NAME,
    SECRET,
    SHOWN_CLEAR,
    HostileBackend,
)


def cells(table: DataTable[object]) -> list[str]:
    return [str(c) for i in range(table.row_count) for c in table.get_row_at(i)]


def test_literal_writes_control_characters_out_and_keeps_markup_as_text() -> None:
    text = literal(f"a [/] b {CLEAR}\n\t\u202e\x00\x9b")
    assert text.plain == "a [/] b \\x1b[2J\\n\\t\\u202e\\x00\\x9b"
    assert text.spans == []  # nothing was parsed as style
    assert visible("line one\nline two", multiline=True) == "line one\nline two"


@pytest.mark.parametrize("size", SIZES)
async def test_a_function_whose_every_field_is_hostile_opens_and_reveals(size) -> None:  # type: ignore[no-untyped-def]
    app = fixed_app(HostileBackend())
    async with app.run_test(size=size) as pilot:
        screen = await open_detail(pilot, NAME)
        overview = screen.query_one("#overview", DataTable)
        assert visible(DESCRIPTION) in cells(overview)
        # Every section is drawn (a markup error would raise while rendering).
        for key in "12345678":
            await pilot.press(key)
            await pilot.pause()
        screenshot = app.export_screenshot()
        assert "\x1b" not in screenshot and "\x07" not in screenshot
        await pilot.press("1", "v")  # reveal: the value with `[/]` shows as written
        await wait_for(pilot, lambda: visible(SECRET) in cells(overview))
        await pilot.pause()
        assert SHOWN_CLEAR in "".join(cells(overview))
        assert "\x1b" not in app.export_screenshot()
        await pilot.press("J")  # the raw policy JSON
        await pilot.pause()
        await pilot.press("2")
        await wait_for(pilot, lambda: app.focused is screen.query_one("#triggers"))
        await pilot.press("enter")  # a trigger in full, with its notification entry
        await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen))
        await pilot.pause()
        assert SHOWN_CLEAR in app.screen.body_text()
        assert "\x1b" not in app.export_screenshot()
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)


@pytest.mark.parametrize("size", SIZES)
async def test_hostile_findings_in_the_audit_view_and_in_full(size) -> None:  # type: ignore[no-untyped-def]
    app = fixed_app(HostileBackend())
    async with app.run_test(size=size) as pilot:
        await open_detail(pilot, NAME)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AuditScreen))
        audit = app.screen
        table = audit.query_one(DataTable)
        await pilot.press("slash", *NAME, "enter")
        await wait_for(pilot, lambda: 0 < table.row_count == len(audit.shown))
        assert any("[b]evil" in c for c in cells(table))
        await pilot.pause()
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.press("space")
            await wait_for(pilot, lambda: isinstance(app.screen, FindingDetailScreen))
            await pilot.pause()
            body = app.screen.body_text()
            assert visible(audit.shown[row].message, multiline=True) in body
            assert "\x1b" not in app.export_screenshot()
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is audit)


async def test_issue_repro_over_the_emulator_description_and_env_value_with_markup(
    make_app, boto
) -> None:  # type: ignore[no-untyped-def]
    """The issue's case as AWS would serve it: `Nightly [/] job` made the detail crash on open,
    an environment value with `[/]` crashed it on reveal (printing the secret)."""
    from tests.ui.screen_helpers import column, open_function

    secret = f"[/]hunter2{CLEAR}"
    boto("lambda").update_function_configuration(
        FunctionName="partner-hook",
        Description=f"Nightly [/] job {CLEAR}",
        Environment={"Variables": {"DB_PASSWORD": secret, "[b]KEY[/]": "x"}},
    )
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_function(app, pilot, "partner-hook")
        for key in "12345678":
            await pilot.press(key)
            await pilot.pause()
        assert f"Nightly [/] job {SHOWN_CLEAR}" in column(screen, "overview", 1)
        await pilot.press("1", "v")
        await wait_for(pilot, lambda: visible(secret) in column(screen, "overview", 1))
        await pilot.pause()
        assert "\x1b" not in app.export_screenshot()
        assert app.return_code is None  # still running: nothing crashed


async def test_secrets_stay_masked_in_a_finding_and_a_row_in_full() -> None:
    from lambdatui.ui.format import MASK
    from tests.ui.fixed_backend import FixedBackend

    app = fixed_app(FixedBackend())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, "orders-api")  # DB_PASSWORD = hunter2
        await pilot.press("8")
        table = screen.query_one("#findings", DataTable)
        index = next(i for i, f in enumerate(screen.findings) if f.rule == "secrets-in-environment")
        table.move_cursor(row=index)
        await wait_for(pilot, lambda: app.focused is table)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingDetailScreen))
        body = app.screen.body_text()
        assert "DB_PASSWORD" in body and "(masked)" in body and "hunter2" not in body
        assert "hunter2" not in app.export_screenshot()
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("1")
        overview = screen.query_one("#overview", DataTable)
        row = next(
            i for i in range(overview.row_count) if "DB_PASSWORD" in str(overview.get_row_at(i)[0])
        )
        overview.move_cursor(row=row)
        await wait_for(pilot, lambda: app.focused is overview)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen))
        assert MASK in app.screen.body_text() and "hunter2" not in app.screen.body_text()


def test_a_policy_document_that_does_not_parse_is_shown_as_text() -> None:
    from dataclasses import replace

    from lambdatui.core.model import Policy
    from lambdatui.ui.screens.function_detail import policy_json

    backend = HostileBackend()
    detail = backend.detail(backend.hostile)
    broken = replace(detail, policies=(Policy(None, "r", (), raw_json=f'{{"Sid": "[/]{CLEAR}'),))
    shown = policy_json(broken)
    assert shown.plain == '{"Sid": "[/]' + SHOWN_CLEAR and shown.spans == []
    assert "Statement" in policy_json(detail).code
