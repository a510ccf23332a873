"""Plan → preview → confirm → apply → report → refresh, for any screen.

`PlanRunner.propose(make_plan, then)` builds the plan in a worker (it may read AWS), shows it,
applies it in a worker when confirmed, and reports the outcome. When the account changed since
the plan was made (RevisionId, a bucket's configuration), it says so, plans again and asks again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message

from lambdatui.core.errors import LambdaTuiError

if TYPE_CHECKING:
    from lambdatui.actions.plan import Outcome, Plan

log = logging.getLogger(__name__)

MakePlan = Callable[[], "Plan | None"]
Then = Callable[[], None] | None


@dataclass
class PlanReady(Message):
    plan: Plan
    make_plan: MakePlan
    then: Then


@dataclass
class PlanApplied(Message):
    outcome: Outcome
    then: Then


@dataclass
class PlanFailed(Message):
    error: str
    make_plan: MakePlan | None = None
    then: Then = None


class PlanRunner:
    """Mixed into the App; needs `self.actions` (an `ActionsApi`) and `self.backend`."""

    actions: Any
    backend: Any

    def propose(self, make_plan: MakePlan, then: Then = None) -> None:
        if self.actions is None:
            self.notify("changes are not available in this session", severity="warning")  # type: ignore[attr-defined]
            return
        self._build_plan(make_plan, then)

    @work(thread=True, exclusive=True, exit_on_error=False, group="plan")
    def _build_plan(self, make_plan: MakePlan, then: Then) -> None:
        try:
            plan = make_plan()
        except LambdaTuiError as exc:
            self.post_message(PlanFailed(str(exc)))  # type: ignore[attr-defined]
            return
        except Exception as exc:  # a bug must still end in a message, not a silent worker
            log.exception("planning failed")
            self.post_message(PlanFailed(f"planning failed unexpectedly ({exc}); see the log"))  # type: ignore[attr-defined]
            return
        if plan is None:
            self.post_message(PlanFailed("nothing to change here"))  # type: ignore[attr-defined]
            return
        self.post_message(PlanReady(plan, make_plan, then))  # type: ignore[attr-defined]

    def on_plan_ready(self, msg: PlanReady) -> None:
        from lambdatui.ui.screens.plan_preview import PlanPreviewScreen

        def decided(confirmed: bool | None) -> None:
            if confirmed:
                self.notify(f"applying: {msg.plan.title}…", timeout=3)  # type: ignore[attr-defined]
                self._apply(msg.plan, msg.make_plan, msg.then)
            else:
                self.notify("cancelled: nothing was changed", timeout=3)  # type: ignore[attr-defined]

        self.push_screen(PlanPreviewScreen(msg.plan), decided)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, exit_on_error=False, group="apply")
    def _apply(self, plan: Plan, make_plan: MakePlan, then: Then) -> None:
        from lambdatui.actions.plan import PlanOutdated

        try:
            outcome = self.actions.apply(plan)
        except PlanOutdated as exc:
            self.backend.invalidate()  # re-read before planning again (in this worker)
            self.post_message(PlanFailed(f"{exc} — planning again", make_plan, then))  # type: ignore[attr-defined]
            return
        except LambdaTuiError as exc:
            self.post_message(PlanFailed(str(exc)))  # type: ignore[attr-defined]
            return
        except Exception as exc:
            log.exception("applying a plan failed")
            self.post_message(PlanFailed(f"applying failed unexpectedly ({exc}); see the log"))  # type: ignore[attr-defined]
            return
        self.backend.invalidate()  # here, not on the event loop: it may wait for a scan
        self.post_message(PlanApplied(outcome, then))  # type: ignore[attr-defined]

    def on_plan_failed(self, msg: PlanFailed) -> None:
        self.notify(msg.error, severity="warning", timeout=8)  # type: ignore[attr-defined]
        if msg.make_plan is not None:  # the account changed: re-plan (on fresh reads), ask again
            self.propose(msg.make_plan, msg.then)

    def on_plan_applied(self, msg: PlanApplied) -> None:
        outcome = msg.outcome
        severity = "information" if outcome.ok and outcome.verified else "warning"
        if not outcome.ok:
            severity = "error"
        self.notify(outcome.summary, severity=severity, timeout=10)  # type: ignore[attr-defined]
        known = self.details.get(outcome.plan.function_arn)  # type: ignore[attr-defined]
        if known is not None:  # the list and the audit view follow the change
            self.refresh_function(known.function)  # type: ignore[attr-defined]
        if msg.then is not None:
            msg.then()
