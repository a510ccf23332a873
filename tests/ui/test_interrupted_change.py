"""An interrupted change is shown at the next start and offered for rollback (issue 12 §3)."""

from __future__ import annotations

from pathlib import Path

from lambdatui.actions import wal
from lambdatui.actions.calls import add_permission, remove_permission
from lambdatui.actions.journal import Journal
from lambdatui.actions.plan import Plan, Step
from lambdatui.demo.server import DEMO_REGION
from lambdatui.ui.screens.plan_preview import PlanPreviewScreen
from tests.ui.conftest import SIZE, wait_for

ACCOUNT = "123456789012"
ARN = f"arn:aws:lambda:{DEMO_REGION}:{ACCOUNT}:function:notify"


def interrupted_journal(path: Path) -> Journal:
    """A journal whose last plan applied step 1 of 2, then the process was killed."""
    journal = Journal(path)
    steps = tuple(
        Step(add_permission("notify", sid, "sns.amazonaws.com"), f"Add statement {sid}")
        for sid in ("first", "second")
    )
    plan = Plan("Grant twice", "w", ARN, steps)
    log = wal.PlanLog(
        journal.append_record,
        plan,
        journal.new_id(),
        lambda: {"account": ACCOUNT, "region": DEMO_REGION},
        "2026-12-01T00:00:00+00:00",
    )
    log.intent(0, steps[0])
    log.outcome(0, wal.APPLIED, remove_permission("notify", "first"))
    log.intent(1, steps[1])
    return journal


async def test_the_tui_says_so_at_start_and_u_offers_the_rollback(make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(journal=interrupted_journal(tmp_path / "journal.jsonl"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: any("was interrupted" in m for m in app.messages))
        [said] = [m for m in app.messages if "was interrupted" in m]
        assert "Step 1, Add statement first: in effect" in said
        assert "may or may not be in effect" in said and "Press u to roll it back" in said

        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanPreviewScreen))
        preview = app.screen
        assert isinstance(preview, PlanPreviewScreen)
        assert preview.plan.title == "Roll back the interrupted change: Grant twice"
        assert "remove-permission" in preview.commands and "first" in preview.commands
        await pilot.press("n")
        await wait_for(pilot, lambda: not isinstance(app.screen, PlanPreviewScreen))
