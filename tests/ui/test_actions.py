"""The change keys on the demo account, through the preview, read back through boto3."""

from __future__ import annotations

import json

from textual.widgets import DataTable, Input, Select, Static

from lambdatui.ui.screens.form import FormScreen
from lambdatui.ui.screens.function_detail import FunctionDetailScreen
from lambdatui.ui.screens.plan_preview import PlanPreviewScreen
from tests.ui.conftest import SIZE, wait_for
from tests.ui.screen_helpers import open_tab

FN = "arn:aws:lambda:us-east-1:123456789012:function:"


async def select_row(pilot, screen: FunctionDetailScreen, table_id: str, text: str) -> None:  # type: ignore[no-untyped-def]
    table = screen.query_one(f"#{table_id}", DataTable)

    def row() -> int | None:
        for i in range(table.row_count):
            if any(text == str(cell) for cell in table.get_row_at(i)):
                return i
        return None

    await wait_for(pilot, lambda: row() is not None)
    table.move_cursor(row=row())


async def preview(app, pilot) -> PlanPreviewScreen:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: isinstance(app.screen, PlanPreviewScreen))
    return app.screen


def sids(boto, name: str, qualifier: str | None = None) -> set[str]:  # type: ignore[no-untyped-def]
    params = {"FunctionName": name} | ({"Qualifier": qualifier} if qualifier else {})
    try:
        policy = json.loads(boto("lambda").get_policy(**params)["Policy"])
    except boto("lambda").exceptions.ResourceNotFoundException:
        return set()
    return {s["Sid"] for s in policy["Statement"]}


async def test_f_fixes_a_broken_trigger_after_a_cancelled_preview(make_app, boto) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tab(app, pilot, "thumbnailer", "triggers")
        await select_row(pilot, screen, "triggers", "arn:aws:s3:::demo-media")
        before = sids(boto, "thumbnailer")
        await pilot.press("f")
        plan_screen = await preview(app, pilot)
        commands = "\n".join(plan_screen.plan.cli_commands())
        assert commands.startswith("aws lambda add-permission --function-name thumbnailer")
        assert "--source-arn arn:aws:s3:::demo-media --source-account 123456789012" in commands
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen)
        assert sids(boto, "thumbnailer") == before  # cancelled: nothing sent

        await pilot.press("f")
        await preview(app, pilot)
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: any(
            t.source_arn == "arn:aws:s3:::demo-media" and t.status.value == "ok"
            for t in (screen.detail.triggers if screen.detail else ())
        ))  # fmt: skip
        assert len(sids(boto, "thumbnailer") - before) == 1
        await pilot.press("escape")  # the list's row follows the change
        table = app.screen.query_one("#functions", DataTable)
        await wait_for(
            pilot, lambda: str(table.get_cell(FN + "thumbnailer", "triggers")) == "2 · 1 not ok"
        )


async def test_p_validates_the_form_then_adds_the_statement(make_app, boto) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(app, pilot, "notify", "policy")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        form.query_one("#field-service", Select).value = "sns.amazonaws.com"
        form.query_one(
            "#field-source_arn", Input
        ).value = "arn:aws:sns:us-east-1:123456789012:old-alerts"
        form.query_one("#field-source_account", Input).value = "1234"
        form.query_one("#field-statement_id", Input).value = "sns-extra"
        await pilot.press("ctrl+s")
        error = form.query_one("#error-source_account", Static)
        assert error.display and "12 digits" in str(error.render())
        assert isinstance(app.screen, FormScreen)  # stays open, nothing sent

        form.query_one("#field-source_account", Input).value = "123456789012"
        await pilot.press("ctrl+s")
        await preview(app, pilot)
        await pilot.press("y")
        await wait_for(pilot, lambda: "sns-extra" in sids(boto, "notify"))


async def test_d_removes_the_selected_statement_and_u_undoes_it(make_app, boto) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tab(app, pilot, "notify", "policy")
        await pilot.press("u")  # nothing journalled yet
        await wait_for(pilot, lambda: any("nothing to undo" in m for m in app.messages))
        await select_row(pilot, screen, "policy", "sns-old-alerts")
        await pilot.press("d")
        await preview(app, pilot)
        await pilot.press("y")
        await wait_for(pilot, lambda: "sns-old-alerts" not in sids(boto, "notify"))
        await wait_for(pilot, lambda: app.screen is screen)

        await pilot.press("u")
        undo = await preview(app, pilot)
        assert undo.plan.title.startswith("Undo")
        assert "aws lambda add-permission" in "\n".join(undo.plan.cli_commands())
        await pilot.press("y")
        await wait_for(pilot, lambda: "sns-old-alerts" in sids(boto, "notify"))


async def test_shift_d_sets_an_on_failure_destination(make_app, boto) -> None:  # type: ignore[no-untyped-def]
    queue = "arn:aws:sqs:us-east-1:123456789012:nightly-failures"
    boto("sqs").create_queue(QueueName="nightly-failures")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(app, pilot, "nightly-report", "destinations")
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        app.screen.query_one("#field-target", Input).value = queue
        await pilot.press("ctrl+s")
        await preview(app, pilot)
        await pilot.press("y")

        def on_failure() -> str | None:
            try:
                config = boto("lambda").get_function_event_invoke_config(
                    FunctionName="nightly-report"
                )
            except Exception:
                return None
            return config["DestinationConfig"]["OnFailure"].get("Destination")

        await wait_for(pilot, lambda: on_failure() == queue)


async def test_t_adds_an_s3_trigger_and_keeps_the_other_notifications(make_app, boto) -> None:  # type: ignore[no-untyped-def]
    s3 = boto("s3")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        before = s3.get_bucket_notification_configuration(Bucket="demo-uploads")
        await open_tab(app, pilot, "billing-calc", "triggers")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        await pilot.press("ctrl+s")  # no kind chosen yet
        assert "choose S3" in str(form.query_one("#error-kind", Static).render())
        form.query_one("#field-kind", Select).value = "s3"
        form.query_one("#field-bucket", Input).value = "demo-uploads"
        form.query_one("#field-prefix", Input).value = "invoices/"
        await pilot.press("ctrl+s")
        plan_screen = await preview(app, pilot)
        commands = plan_screen.plan.cli_commands()
        assert commands[0].startswith("aws lambda add-permission")
        assert commands[1].startswith("aws s3api put-bucket-notification-configuration")
        await pilot.press("y")

        def ours() -> list[dict]:  # type: ignore[type-arg]
            config = s3.get_bucket_notification_configuration(Bucket="demo-uploads")
            return [
                c for c in config.get("LambdaFunctionConfigurations", [])
                if c["LambdaFunctionArn"].endswith(":billing-calc")
            ]  # fmt: skip

        await wait_for(pilot, lambda: len(ours()) == 1)
    after = s3.get_bucket_notification_configuration(Bucket="demo-uploads")
    for kind in ("QueueConfigurations", "TopicConfigurations"):
        assert after[kind] == before[kind]
    assert "EventBridgeConfiguration" in after
    assert before["LambdaFunctionConfigurations"][0] in after["LambdaFunctionConfigurations"]


async def confirm_twice(app, pilot) -> PlanPreviewScreen:  # type: ignore[no-untyped-def]
    """Press y once: a risky plan stays open and asks again; the second y applies it."""
    plan_screen = await preview(app, pilot)
    assert plan_screen.plan.second_confirmation, "this plan should ask twice"
    await pilot.press("y")
    assert app.screen is plan_screen, "one y applied a plan that asks for two"
    assert plan_screen.query_one("#plan-second", Static).display
    await pilot.press("y")
    await wait_for(pilot, lambda: app.screen is not plan_screen)
    return plan_screen


async def test_undo_of_removing_a_public_statement_asks_twice(make_app, boto) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tab(app, pilot, "notify", "policy")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        app.screen.query_one("#field-principal", Input).value = "*"
        app.screen.query_one("#field-statement_id", Input).value = "anyone"
        await pilot.press("ctrl+s")
        await confirm_twice(app, pilot)
        await wait_for(pilot, lambda: "anyone" in sids(boto, "notify"))

        await wait_for(pilot, lambda: app.screen is screen)
        await select_row(pilot, screen, "policy", "anyone")
        await pilot.press("d")
        await confirm_twice(app, pilot)
        await wait_for(pilot, lambda: "anyone" not in sids(boto, "notify"))

        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("u")  # re-adds --principal '*': the same risk, the same two questions
        undo = await confirm_twice(app, pilot)
        assert "--principal '*'" in "\n".join(undo.plan.cli_commands())
        await wait_for(pilot, lambda: "anyone" in sids(boto, "notify"))


def on_screen(app, widget) -> bool:  # type: ignore[no-untyped-def]
    """The widget is drawn, whole, inside the terminal."""
    region = widget.region
    width, height = app.size
    return region.height > 0 and region.y >= 0 and region.bottom <= height and region.right <= width


async def test_at_80x24_the_form_shows_its_inputs_and_a_bad_submit_says_why(make_app, boto) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_tab(app, pilot, "notify", "policy")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        await pilot.pause()
        assert on_screen(app, form.query_one("#field-service"))
        assert on_screen(app, form.query_one("#field-principal", Input))
        assert on_screen(app, form.query_one("#submit"))
        form.query_one("#field-principal", Input).value = "123456789012"
        form.query_one("#field-source_account", Input).value = "1234"
        await pilot.press("ctrl+s")
        status = form.query_one("#form-status", Static)
        assert status.display and "not planned" in str(status.render())
        assert app.focused is form.query_one("#field-source_account", Input)
        assert on_screen(app, form.query_one("#error-source_account", Static))
        assert on_screen(app, form.query_one("#submit"))

        form.query_one("#field-source_account", Input).value = "123456789012"
        await pilot.press("ctrl+s")
        plan_screen = await preview(app, pilot)
        await pilot.pause()
        assert on_screen(app, plan_screen.query_one("#confirm"))
        assert on_screen(app, plan_screen.query_one("#cancel"))
        await pilot.press("n")
