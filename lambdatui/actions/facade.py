"""The Actions layer as the UI sees it: plan builders and the executor behind one object.

Every method that reads or writes AWS blocks, so the UI calls them from thread workers. The
pure ones (`fix_trigger`, `validate_permission`, …) are cheap enough for the event loop.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from lambdatui.actions import planner
from lambdatui.actions.calls import UNCHANGED
from lambdatui.actions.executor import Executor
from lambdatui.actions.journal import Journal, JournalEntry
from lambdatui.actions.plan import Outcome, Plan, PlanError
from lambdatui.aws.session import AwsSession
from lambdatui.core.errors import LambdaTuiError
from lambdatui.core.model import (
    EventSourceMapping,
    Finding,
    FunctionDetail,
    PolicyStatement,
    Trigger,
)


class Actions:
    def __init__(self, session: AwsSession, journal: Journal | None = None) -> None:
        self.session = session
        self.journal = journal or Journal()
        self.executor = Executor(session, self.journal)

    # -- plans from what is on screen ------------------------------------------------------------
    def fix_trigger(self, detail: FunctionDetail, trigger: Trigger) -> Plan:
        return planner.fix_trigger(detail, trigger)

    def fix_findings(self, detail: FunctionDetail, findings: list[Finding]) -> list[Plan]:
        return planner.plans_for_findings(detail, findings)

    def validate_permission(self, detail: FunctionDetail, form: dict[str, Any]) -> dict[str, str]:
        return planner.validate_permission_form(detail, **form)

    def add_permission(self, detail: FunctionDetail, form: dict[str, Any]) -> Plan:
        return planner.add_permission_plan(detail, **form)

    def remove_statement(self, detail: FunctionDetail, statement: PolicyStatement) -> Plan:
        return planner.remove_statement_plan(detail, statement)

    def set_destination(
        self, detail: FunctionDetail, qualifier: str | None, which: str, target: str | None
    ) -> Plan:
        """Set (or clear, with None) OnSuccess or OnFailure; warns if the target looks unusable."""
        changes = {"on_success": UNCHANGED, "on_failure": UNCHANGED, which: target}
        plan = planner.set_destination_plan(detail, qualifier=qualifier, **changes)
        if target and detail.function.role:
            warnings = planner.destination_warnings(self.session, detail.function.role, target)
            plan = replace(plan, warnings=plan.warnings + tuple(warnings))
        return plan

    def clear_destinations(self, detail: FunctionDetail, qualifier: str | None) -> Plan:
        return planner.set_destination_plan(
            detail, qualifier=qualifier, on_success=None, on_failure=None
        )

    def mapping_on_failure(self, mapping: EventSourceMapping, destination: str | None) -> Plan:
        return planner.mapping_on_failure_plan(mapping, destination)

    def add_trigger(self, detail: FunctionDetail, kind: str, form: dict[str, Any]) -> Plan:
        """S3, SNS or EventBridge: the permission first, then the service-side wiring."""
        return planner.add_trigger_plan(self.session, detail, kind, form)

    # -- applying ----------------------------------------------------------------------------------
    def apply(self, plan: Plan) -> Outcome:
        return self.executor.apply(plan)

    def last_undoable(self) -> JournalEntry | None:
        """The newest change of this account and region that can still be undone."""
        try:
            account: str | None = self.session.identity().account
        except LambdaTuiError:
            account = None
        return self.journal.last_undoable(account=account, region=self.session.region)

    def interrupted_notes(self) -> list[str]:
        """The exact state of each change of this region a crash or kill interrupted (read from
        the journal's write-ahead records; no AWS call)."""
        return [p.describe() for p in self.journal.interrupted(region=self.session.region)]

    def undo_plan(self) -> Plan | None:
        """The rollback of an interrupted change first (the newest), else the last change."""
        try:
            account: str | None = self.session.identity().account
        except LambdaTuiError:
            account = None
        if stopped := self.journal.interrupted(account=account, region=self.session.region):
            return self.journal.rollback_plan(stopped[-1])
        entry = self.last_undoable()
        if entry is None:
            raise PlanError("nothing to undo: no change of this account and region is journalled")
        return self.journal.undo_plan(entry)
