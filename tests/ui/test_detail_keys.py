"""The detail screen by keyboard: sections by key from anywhere, vim movement, empty sections,
the policy JSON on `J`, and keys that say why when they cannot act."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static, TabbedContent

from lambdatui.actions.facade import Actions
from lambdatui.actions.journal import Journal
from lambdatui.aws.session import AwsSession
from lambdatui.ui.screens.function_detail import FunctionDetailScreen
from tests.conftest import make_spec
from tests.ui.conftest import SMALL, wait_for
from tests.ui.fixed_app import fixed_app, open_detail
from tests.ui.hostile_backend import NAME, HostileBackend


def active(screen: FunctionDetailScreen) -> str:
    return str(screen.query_one(TabbedContent).active)


async def test_sections_by_number_letter_and_brackets_even_from_a_table() -> None:
    app = fixed_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_detail(pilot, "orders-api")
        await pilot.press("2")
        await wait_for(pilot, lambda: app.focused is screen.query_one("#triggers"))
        assert active(screen) == "tab-triggers"
        # A table has focus: the keys still switch sections (today they moved the cursor).
        for key, tab in [("3", "mappings"), ("]", "policy"), ("]", "destinations"),
                         ("[", "policy"), ("1", "overview"), ("m", "mappings"),
                         ("o", "overview"), ("6", "urls"), ("7", "versions"),
                         ("5", "destinations"), ("4", "policy"), ("8", "findings"),
                         ("]", "overview"), ("[", "findings")]:  # fmt: skip
            await pilot.press(key)
            assert active(screen) == f"tab-{tab}", key
        await pilot.press("4")
        policy = screen.query_one("#policy", DataTable)
        await wait_for(pilot, lambda: app.focused is policy)


async def test_j_k_g_G_and_pages_move_in_every_table() -> None:
    app = fixed_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_detail(pilot, "orders-api")
        for section in ("overview", "triggers", "policy", "findings"):
            await pilot.press(
                str(
                    1
                    + [
                        s
                        for s in (
                            "overview",
                            "triggers",
                            "mappings",
                            "policy",
                            "destinations",
                            "urls",
                            "versions",
                            "findings",
                        )
                    ].index(section)
                )
            )
            table = screen.query_one(f"#{section}", DataTable)
            await wait_for(pilot, lambda table=table: app.focused is table)
            last = table.row_count - 1
            assert last >= 2, section
            await pilot.press("j", "j")
            assert table.cursor_row == 2, section
            await pilot.press("k")
            assert table.cursor_row == 1, section
            await pilot.press("G")
            assert table.cursor_row == last, section
            await pilot.press("g")
            assert table.cursor_row == 0, section
            await pilot.press("pagedown")
            assert table.cursor_row > 0, section
            await pilot.press("pageup")
            assert table.cursor_row == 0, section
        # `j` no longer toggles the policy JSON; `J` does.
        await pilot.press("4", "j")
        box = screen.query_one("#policy-json-box")
        assert box.display is False
        await pilot.press("1", "J")  # from any section
        assert box.display is True and active(screen) == "tab-policy"
        await wait_for(pilot, lambda: app.focused is box)
        shown = screen.query_one("#policy-json", Static).content
        assert '"Statement"' in getattr(shown, "code", str(shown))
        await pilot.press("J")  # hidden again: the focus goes back to the table
        assert box.display is False
        await wait_for(pilot, lambda: app.focused is screen.query_one("#policy"))


async def test_empty_sections_say_so_instead_of_bare_headers() -> None:
    app = fixed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, "legacy-import")
        expected = {
            "triggers": "no triggers",
            "mappings": "no event source mappings",
            "policy": "no resource-based policy",
            "destinations": "no async destinations",
            "urls": "no function URLs",
            "versions": "no aliases and no published versions",
        }
        for section, words in expected.items():
            await pilot.press(str(1 + list(expected).index(section) + 1))
            assert active(screen) == f"tab-{section}"
            message = screen.query_one(f"#{section}-empty", Static)
            assert message.display and words in str(message.render()), section
            assert screen.query_one(f"#{section}", DataTable).display is False, section
        # A section with rows shows no such sentence.
        screen_findings = screen.query_one("#findings", DataTable)
        assert screen_findings.row_count == 1  # deprecated-runtime
        assert screen.query_one("#findings-empty").display is False


async def test_a_failed_read_shows_its_sentence_not_the_empty_one() -> None:
    app = fixed_app(HostileBackend())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, NAME)
        await pilot.press("3")
        assert screen.query_one("#mappings-error").display is True
        assert screen.query_one("#mappings-empty").display is False


async def test_findings_section_lists_the_functions_findings_and_opens_one() -> None:
    from lambdatui.ui.screens.finding_detail import FindingDetailScreen

    app = fixed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, "orders-api")
        await pilot.press("8")
        table = screen.query_one("#findings", DataTable)
        expected = app.findings[screen.function.arn]
        assert table.row_count == len(expected) > 3
        assert str(table.get_row_at(0)[0]) == "critical"  # worst first
        rules = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert rules == {f.rule for f in expected}
        # enter: the finding in full; enter again: to the row it names.
        target = next(
            i for i, f in enumerate(screen.findings) if f.rule == "service-without-source-arn"
        )
        table.move_cursor(row=target)
        await wait_for(pilot, lambda: app.focused is table)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingDetailScreen))
        assert screen.findings[target].message in app.screen.body_text()
        await pilot.press("enter")
        resource = screen.findings[target].resource
        await wait_for(pilot, lambda: app.screen is screen and active(screen) != "tab-findings")
        section = active(screen).removeprefix("tab-")
        row = screen.query_one(f"#{section}", DataTable)
        assert resource in {str(c) for c in row.get_row_at(row.cursor_row)}


async def test_enter_on_a_row_shows_it_whole_with_the_statement_json() -> None:
    from lambdatui.ui.screens.record_view import RecordScreen

    app = fixed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, "orders-api")
        await pilot.press("4")
        await wait_for(pilot, lambda: app.focused is screen.query_one("#policy"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen))
        text = app.screen.body_text()
        statement = screen.detail.statements[0]
        assert f"Sid: {statement.sid}" in text and '"Effect": "Allow"' in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)


@pytest.fixture
def real_actions(endpoint: str, tmp_path: Path) -> Actions:
    """The Actions layer over the emulator (this test's keys must not reach it)."""
    return Actions(AwsSession(make_spec(endpoint)), Journal(tmp_path / "journal.jsonl"))


async def test_f_says_why_it_cannot_fix_an_unverified_or_healthy_trigger(real_actions) -> None:  # type: ignore[no-untyped-def]
    app = fixed_app(HostileBackend(), actions=real_actions)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, NAME)
        await pilot.press("2")
        table = screen.query_one("#triggers", DataTable)
        statuses = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        table.move_cursor(row=statuses.index("? unverified"))
        await pilot.press("f")
        await wait_for(pilot, lambda: any("unverified" in m for m in app.messages))
        said = next(m for m in app.messages if "unverified" in m)
        assert "no fix" in said and "does not read iot wiring" in said
        # On a section without fixes, the key says what to select.
        await pilot.press("7", "f")
        await wait_for(pilot, lambda: any("select a broken trigger" in m for m in app.messages))
        await pilot.press("7", "d")
        await wait_for(pilot, lambda: any("to remove it" in m for m in app.messages))
        await pilot.press("7", "c")
        await wait_for(pilot, lambda: any("to copy its command" in m for m in app.messages))


async def test_question_mark_lists_the_section_keys_and_the_moved_json_key() -> None:
    from lambdatui.ui.screens.help import HelpScreen

    app = fixed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, "orders-api")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        keys = dict(app.screen.keys)
        assert keys["J"] == "Policy JSON" and "j" not in keys
        assert keys["2"] == "Triggers" and keys["8"] == "Findings" and keys["m"] == "Mappings"
        assert {"[", "]"} <= set(keys)
        assert "on the function detail" in app.screen.plain_text().lower()


async def test_read_only_change_keys_say_why_on_the_detail_audit_and_finding() -> None:
    from lambdatui.ui.screens.finding_detail import FindingDetailScreen

    app = fixed_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, "img-resize")
        await pilot.press("2")
        await wait_for(pilot, lambda: app.focused is screen.query_one("#triggers"))
        for key in ("f", "p", "d", "D", "t"):
            before = len(app.messages)
            await pilot.press(key)
            await wait_for(pilot, lambda before=before: len(app.messages) > before)
            assert "READ-ONLY" in app.messages[-1], key
        await pilot.press("a", "space")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingDetailScreen))
        before = len(app.messages)
        await pilot.press("f")
        await wait_for(pilot, lambda: len(app.messages) > before)
        assert "READ-ONLY" in app.messages[-1]


async def test_at_80_columns_the_footer_shows_back_sections_fix_and_keys(real_actions) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.screen_helpers import footer_keys

    app = fixed_app(actions=real_actions)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, "orders-api")
        assert {"esc", "1-8", "f", "?"} <= footer_keys(screen, 80)


async def test_space_opens_the_selected_row_and_says_so_on_an_empty_section() -> None:
    from lambdatui.ui.screens.record_view import RecordScreen

    app = fixed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, "orders-api")
        await pilot.press("3", "space")  # orders-api has no mappings
        await wait_for(pilot, lambda: any("section is empty" in m for m in app.messages))
        await pilot.press("2", "space")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen))
        assert f"Source ARN: {screen.detail.triggers[0].source_arn}" in app.screen.body_text()


async def test_wide_findings_section_wraps_messages_whole_and_keeps_the_cursor() -> None:
    app = fixed_app()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_detail(pilot, "orders-api")
        await pilot.press("8", "j", "j")
        table = screen.query_one("#findings", DataTable)
        assert table.cursor_row == 2
        width = table.columns[table.ordered_columns[3].key].width
        assert 40 <= width < max(len(f.message) for f in screen.findings)
        assert all(table.rows[k].height > 1 for k in table.rows)  # every message needs lines
        screen.show_findings()  # findings evaluated again (FindingsChanged)
        assert table.cursor_row == 2
        assert table.virtual_size.width <= table.size.width  # nothing runs off to the right


async def test_r_says_it_is_reading_and_when_it_finished() -> None:
    app = fixed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, "orders-api")
        await pilot.press("r")
        await wait_for(pilot, lambda: any("reading orders-api again" in m for m in app.messages))
        await wait_for(pilot, lambda: any("orders-api read again at" in m for m in app.messages))
