"""The add-trigger form says, field by field, what AWS would refuse (issue 12 §5), before
anything is read or sent."""

from __future__ import annotations

from textual.widgets import Input, Select, Static

from lambdatui.ui.screens.form import FormScreen
from tests.ui.conftest import SIZE, wait_for
from tests.ui.screen_helpers import open_tab


async def test_t_refuses_rate_zero_and_a_topic_arn_with_a_space(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(app, pilot, "notify", "triggers")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        form.query_one("#field-kind", Select).value = "events"
        form.query_one("#field-schedule", Input).value = "rate(0 minutes)"
        await pilot.press("ctrl+s")
        error = form.query_one("#error-schedule", Static)
        assert error.display and "at least 1" in str(error.render())
        assert app.screen is form  # stays open, nothing sent

        form.query_one("#field-kind", Select).value = "sns"
        form.query_one("#field-topic_arn", Input).value = "arn:aws:sns:us-east-1:123456789012:a b"
        await pilot.press("ctrl+s")
        error = form.query_one("#error-topic_arn", Static)
        assert error.display and "no spaces" in str(error.render())
        assert app.screen is form
