"""`q` quits at once, except while a change is being applied: then it asks for a second `q`
(quitting mid-change may leave it half done)."""

from __future__ import annotations

import threading

from lambdatui.actions.plan import Outcome, Plan
from lambdatui.ui.screens.plan_preview import PlanPreviewScreen
from tests.ui.conftest import SMALL, wait_for
from tests.ui.conftest import list_loaded as loaded
from tests.ui.fixed_app import fixed_app
from tests.ui.fixed_backend import ARN

PLAN = Plan(title="Nothing really", why="a test", function_arn=ARN + "img-resize", steps=())


class SlowActions:
    """The UI's ActionsApi where applying waits until the test lets it finish."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def apply(self, plan: Plan) -> Outcome:
        self.started.set()
        self.release.wait(timeout=30)
        return Outcome(plan=plan, ok=True)


async def test_q_quits_at_once_when_nothing_is_applied() -> None:
    app = fixed_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)


async def test_q_while_a_change_is_applied_asks_for_a_second_q() -> None:
    actions = SlowActions()
    app = fixed_app(actions=actions)  # type: ignore[arg-type]
    try:
        async with app.run_test(size=SMALL) as pilot:
            await loaded(pilot)
            app.propose(lambda: PLAN)
            await wait_for(pilot, lambda: isinstance(app.screen, PlanPreviewScreen))
            await pilot.press("y")
            await wait_for(pilot, actions.started.is_set)
            await pilot.press("q")
            assert app.is_running
            assert "press q again to quit anyway" in app.messages[-1]
            await pilot.press("q")
            await wait_for(pilot, lambda: not app.is_running)
    finally:
        actions.release.set()
