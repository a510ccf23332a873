"""The one place that sends mutating calls: apply a `Plan`, verify it, journal it.

`Executor.apply(plan)`: re-check the preconditions (changed → `PlanOutdated`, nothing sent) →
record the "before" snapshots → send each step, its intent journalled (fsynced) before and its
outcome after (`actions/wal.py`: a kill between steps leaves a plan the next start offers to roll
back) → on a failure or Ctrl-C roll back the steps already applied, newest first → verify by
re-reading → record the "after" snapshots → journal → return an `Outcome`. Every AWS failure
becomes a sentence in the outcome, never a traceback. A call replacing a bucket's whole
notification configuration is sent through its lost-update guard (`actions/bucket_write.py`).

The executor has no case for any operation: it asks each call (`lambdatui.actions.operations`)
what proves it took effect, what undoes it, what to re-read before it, and whether an error may
mean it is already in effect.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lambdatui.actions import checks, reads, wal
from lambdatui.actions.api_call import ApiCall
from lambdatui.actions.bucket_write import writer_for
from lambdatui.actions.check_types import PolicyRevision
from lambdatui.actions.journal import PARTIAL, Journal
from lambdatui.actions.plan import Outcome, Plan, PlanOutdated, Step
from lambdatui.aws.session import AwsSession
from lambdatui.aws.translate import api_name, aws_call
from lambdatui.core.errors import AwsError, NotFound, ReadOnlyViolation

log = logging.getLogger(__name__)

POLICY_LIMIT = (
    "the function's resource policy would exceed its 20 KB limit "
    "(PolicyLengthExceededException). Remove orphaned or stale statements first (the audit "
    "lists them), then plan again."
)
OUTDATED = "the policy changed since this plan was made; re-read and plan again"


@dataclass(frozen=True)
class _Applied:
    step: Step
    undo: ApiCall | None  # the call that reverses what this step did
    preexisting: bool = False  # the change was already there, identical: nothing of ours


class _StepFailed(Exception):
    def __init__(self, sentence: str, *, refused: bool = False) -> None:
        super().__init__(sentence)
        self.refused = refused


def _operation(call: ApiCall) -> str:
    return api_name(call.operation)


class Executor:
    def __init__(self, session: AwsSession, journal: Journal) -> None:
        self.session = session
        self.journal = journal

    # -- the whole plan ----------------------------------------------------------------------
    def apply(self, plan: Plan) -> Outcome:
        try:
            self._same_region(plan)
            self._check_preconditions(plan)
            before = self._snapshots(plan)
        except ReadOnlyViolation as exc:
            return Outcome(plan, ok=False, refused=True, error=_sentence(exc.message))
        except AwsError as exc:
            return Outcome(plan, ok=False, error=f"Could not check the plan: {exc.message}")

        done: list[_Applied] = []
        notes: list[str] = []
        lost: list[str] = []  # lost updates a guarded write could not repair
        # Write-ahead: each step's intent is on disk before it is sent, its outcome after. A
        # read-only session sends no write (the guard refuses it): nothing to log ahead.
        ahead = wal.PlanLog(
            _nowhere if self.session.spec.read_only else self.journal.append_record,
            plan,
            self.journal.new_id(),
            self._where,
            datetime.now(UTC).isoformat(timespec="seconds"),
        )
        for index, step in enumerate(plan.steps):
            try:
                if index:
                    self._recheck_before(plan, step)
                ahead.intent(index, step)
                applied = self._apply_step(step, notes, lost)
                ahead.outcome(index, wal.APPLIED, applied.undo)
                done.append(applied)
            except PlanOutdated as exc:
                ahead.outcome(index, wal.FAILED)
                if not done:
                    ahead.close("outdated")
                    raise
                outcome = self._fail(plan, done, str(exc), before, notes, ahead=ahead)
                after = outcome.state or "The steps already applied were rolled back."
                raise PlanOutdated(f"{_sentence(str(exc))}. {after}", outcome) from exc
            except _StepFailed as exc:
                ahead.outcome(index, wal.FAILED)
                return self._fail(
                    plan, done, str(exc), before, notes, refused=exc.refused, ahead=ahead
                )
            except KeyboardInterrupt:
                # Stopped between or during steps: reverse what is known to be in effect; a
                # step in flight stays open in the log, shown at the next start.
                self._fail(plan, done, "interrupted", before, notes, ahead=ahead)
                raise

        problems = [*lost, *self._verify(plan)]
        after = self._snapshots_quietly(plan)
        journal_id = self._record(
            plan,
            done,
            before=before,
            after=after,
            verified=not problems,
            problems=problems,
            entry_id=ahead.id,
        )
        if journal_id is not None and ahead.failed:
            notes.append("The journal could not be written ahead of every step.")
        if journal_id is None:
            notes.append("The journal could not be written: undo will not be offered for this.")
        return Outcome(
            plan,
            ok=True,
            applied=tuple(a.step for a in done),
            verified=not problems,
            problems=tuple(problems),
            notes=tuple(notes),
            journal_id=journal_id,
        )

    def _record(self, plan: Plan, applied: list[_Applied], **entry: Any) -> str | None:
        """Journal what is in effect; None when the journal cannot be written."""
        try:
            steps = [_journal_step(a) for a in applied]
            return self.journal.record(plan, steps, **entry, **self._where()).id
        except OSError as exc:
            log.error("cannot write the journal %s: %s", self.journal.path, exc)
            return None

    # -- before ------------------------------------------------------------------------------
    def _same_region(self, plan: Plan) -> None:
        for step in plan.steps:
            if step.call.region and step.call.region != self.session.region:
                raise AwsError(
                    f"the plan is for region {step.call.region}, but this session works in "
                    f"{self.session.region}"
                )

    def _check_preconditions(self, plan: Plan) -> None:
        for check in plan.preconditions:
            problem = checks.evaluate(self.session, check)
            if problem is None:
                continue
            if isinstance(check, PolicyRevision):
                raise PlanOutdated(f"{problem}: re-read and plan again")
            raise PlanOutdated(f"{problem}; the plan no longer fits: re-read and plan again")

    def _recheck_before(self, plan: Plan, step: Step) -> None:
        """Re-read what the call asks to be re-read right before it is sent (a bucket's
        configuration: an earlier step took time)."""
        for check in step.call.rechecks(plan.preconditions):
            try:
                problem = checks.evaluate(self.session, check)
            except AwsError as exc:
                raise _StepFailed(f"could not re-read ({check.kind}): {exc.message}") from exc
            if problem:
                raise PlanOutdated(f"{problem} (it changed while the plan was applied)")

    def _snapshots(self, plan: Plan) -> list[dict[str, Any]]:
        return [
            {**s.to_dict(), "value": reads.read_snapshot(self.session, s)} for s in plan.snapshots
        ]

    def _snapshots_quietly(self, plan: Plan) -> list[dict[str, Any]]:
        try:
            return self._snapshots(plan)
        except AwsError as exc:
            return [{"error": f"could not read the state after the change: {exc.message}"}]

    def _where(self) -> dict[str, str | None]:
        try:
            account: str | None = self.session.identity().account
        except AwsError:
            account = None
        return {"account": account, "region": self.session.region}

    # -- one step ------------------------------------------------------------------------------
    def _send(self, call: ApiCall) -> Any:
        with aws_call(call.service, _operation(call), call.params.get("FunctionName")):
            answer = getattr(self.session.client(call.service), call.operation)(**call.params)
        if isinstance(answer, Mapping) and answer.get("FailedEntryCount"):
            failed = answer.get("FailedEntries") or [{}]
            raise AwsError(
                str(failed[0].get("ErrorMessage") or "an entry failed"),
                code=str(failed[0].get("ErrorCode") or "FailedEntries"),
                service=call.service,
                operation=_operation(call),
            )
        return answer

    def _write(
        self, call: ApiCall, counterpart: ApiCall | None, notes: list[str], problems: list[str]
    ) -> Any:
        """Send a mutating call. One that replaces a whole configuration goes through its
        lost-update guard (`actions.bucket_write`), whose report joins the outcome; `counterpart`
        is the call it reverses or is reversed by (what the configuration was planned from)."""
        writer = writer_for(call)
        if writer is None:
            return self._send(call)
        answer, said, wrong = writer(self.session, call, counterpart, self._send)
        notes.extend(said)
        problems.extend(wrong)
        return answer

    def _apply_step(self, step: Step, notes: list[str], lost: list[str] | None = None) -> _Applied:
        call = step.call
        try:
            answer = self._write(call, step.undo, notes, notes if lost is None else lost)
        except ReadOnlyViolation as exc:
            raise _StepFailed(exc.message, refused=True) from exc
        except AwsError as exc:
            if exc.code == "PreconditionFailedException":
                raise PlanOutdated(OUTDATED) from exc
            if call.may_be_in_effect(exc.code):
                if self._in_effect(call):
                    notes.append(
                        f"{step.description}: already in effect, identical: counted as done "
                        "(and left in place on undo)."
                    )
                    return _Applied(step, None, preexisting=True)
                sentence = call.refused_sentence(exc.code) or f"{step.description} failed"
                raise _StepFailed(f"{sentence} ({exc.code})") from exc
            if exc.code == "PolicyLengthExceededException":
                raise _StepFailed(POLICY_LIMIT) from exc
            raise _StepFailed(f"{step.description} failed: {exc.message} ({exc.code})") from exc
        return _Applied(step, self._undo_for(step, answer))

    def _in_effect(self, call: ApiCall) -> bool:
        """Whether every check proving the call took effect already holds."""
        try:
            return bool(call.checks()) and all(
                checks.evaluate(self.session, c) is None for c in call.checks()
            )
        except AwsError:
            return False

    @staticmethod
    def _undo_for(step: Step, answer: Any) -> ApiCall | None:
        return step.undo if step.undo is not None else step.call.undo_from_answer(answer)

    # -- failure -------------------------------------------------------------------------------
    def _fail(
        self,
        plan: Plan,
        done: list[_Applied],
        error: str,
        before: list[dict[str, Any]],
        notes: list[str],
        *,
        refused: bool = False,
        ahead: wal.PlanLog | None = None,
    ) -> Outcome:
        rolled_back: list[Step] = []
        stuck: list[tuple[_Applied, str]] = []
        for applied in reversed(done):
            if applied.undo is None:
                if not applied.preexisting:
                    stuck.append((applied, "it cannot be reversed automatically"))
                continue
            index = plan.steps.index(applied.step)
            if ahead is not None:
                ahead.intent(index, _journal_step(applied), role="rollback")
            try:
                self._write(applied.undo, applied.step.call, notes, notes)
                rolled_back.append(applied.step)
            except AwsError as exc:
                if not (isinstance(exc, NotFound) and applied.undo.gone_is_undone):
                    stuck.append((applied, f"{exc.message} ({exc.code})"))
                    continue
                rolled_back.append(applied.step)
            if ahead is not None:
                ahead.outcome(index, wal.ROLLED_BACK, role="rollback")
        state = _state_sentence(stuck) if stuck else None
        entry_id = None
        if stuck:
            log.error("plan %r failed and was not fully rolled back: %s", plan.title, state)
            entry_id = self._record(
                plan,
                [a for a, _ in reversed(stuck)],
                status=PARTIAL,
                before=before,
                after=self._snapshots_quietly(plan),
                problems=[error],
                entry_id=ahead.id if ahead is not None else None,
            )
        elif ahead is not None:
            ahead.close("rolled-back")
        return Outcome(
            plan,
            ok=False,
            applied=tuple(a.step for a, _ in reversed(stuck)),
            rolled_back=tuple(rolled_back),
            error=_sentence(error),
            state=state,
            refused=refused,
            notes=tuple(notes),
            journal_id=entry_id,
        )

    # -- after ---------------------------------------------------------------------------------
    def _verify(self, plan: Plan) -> list[str]:
        problems = []
        for check in plan.verify:
            try:
                problem = checks.evaluate(self.session, check)
            except AwsError as exc:
                problem = f"could not re-read to verify ({check.kind}): {exc.message}"
            if problem:
                problems.append(problem)
        return problems


def _nowhere(record: Mapping[str, Any]) -> None:
    """The write-ahead log of a session that cannot write."""


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _journal_step(applied: _Applied) -> Step:
    return Step(applied.step.call, applied.step.description, applied.undo)


def _state_sentence(stuck: list[tuple[_Applied, str]]) -> str:
    parts = []
    for applied, why in reversed(stuck):
        text = f"Still in effect: {applied.step.description} (rollback failed: {why})."
        if applied.undo is not None:
            text += f" To reverse it, run: {applied.undo.cli()}"
        parts.append(text)
    return " ".join(parts)
