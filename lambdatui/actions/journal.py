"""The journal of applied changes: append-only JSON lines under the XDG state dir.

One entry per applied plan: what was sent (as calls and as AWS CLI commands), the snapshots
before and after, and the calls that reverse it (newest first). Undoing is itself a plan
(`undo_plan`), previewed and confirmed like any other; once applied it is journalled as an entry
of kind `undo` naming the entry it reversed, which is then no longer offered.

The file is a write-ahead log (`actions/wal.py`): before each step the executor records its
intent, after it its outcome, each line fsynced; a plan whose entry never came (the process was
killed between steps) is `interrupted()` and can be rolled back (`rollback_plan`). Unreadable
lines are skipped and reported (`unreadable()`), never fatal.

Only what plans name is recorded: calls, resource policies, bucket notification, async invoke,
function URL and mapping configurations. Never a function's configuration or environment.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lambdatui.actions import wal
from lambdatui.actions.api_call import ApiCall
from lambdatui.actions.check_types import snapshot_from_dict
from lambdatui.actions.plan import Plan, PlanError, Step, call_from_dict, call_to_dict

APPLIED, PARTIAL = "applied", "partial"


@dataclass(frozen=True)
class JournalEntry:
    id: str
    time: str
    kind: str  # "apply" | "undo"
    status: str  # "applied" | "partial" (a failed plan whose rollback did not finish)
    title: str
    why: str
    function_arn: str
    steps: tuple[Step, ...]
    """The steps in effect, in the order applied, each with the call that reverses it."""
    commands: tuple[str, ...] = ()
    before: tuple[Mapping[str, Any], ...] = ()
    after: tuple[Mapping[str, Any], ...] = ()
    account: str | None = None
    region: str | None = None
    verified: bool = False
    problems: tuple[str, ...] = ()
    undoes: str | None = None

    @property
    def undo_calls(self) -> tuple[ApiCall, ...]:
        """The reversing calls, newest change first."""
        return tuple(s.undo for s in reversed(self.steps) if s.undo is not None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": self.time,
            "kind": self.kind,
            "status": self.status,
            "account": self.account,
            "region": self.region,
            "title": self.title,
            "why": self.why,
            "function_arn": self.function_arn,
            "commands": list(self.commands),
            "steps": [
                {
                    "description": s.description,
                    "call": call_to_dict(s.call),
                    "undo": call_to_dict(s.undo) if s.undo else None,
                }
                for s in self.steps
            ],
            "undo": [call_to_dict(c) for c in self.undo_calls],
            "before": list(self.before),
            "after": list(self.after),
            "verified": self.verified,
            "problems": list(self.problems),
            "undoes": self.undoes,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JournalEntry:
        steps = tuple(
            Step(
                call_from_dict(s["call"]),
                s.get("description", ""),
                call_from_dict(s["undo"]) if s.get("undo") else None,
            )
            for s in data.get("steps") or ()
        )
        return cls(
            id=data["id"],
            time=data.get("time", ""),
            kind=data.get("kind", "apply"),
            status=data.get("status", APPLIED),
            title=data.get("title", ""),
            why=data.get("why", ""),
            function_arn=data.get("function_arn", ""),
            steps=steps,
            commands=tuple(data.get("commands") or ()),
            before=tuple(data.get("before") or ()),
            after=tuple(data.get("after") or ()),
            account=data.get("account"),
            region=data.get("region"),
            verified=bool(data.get("verified")),
            problems=tuple(data.get("problems") or ()),
            undoes=data.get("undoes"),
        )


def default_path() -> Path:
    """`journal.jsonl` in the XDG state dir; `record()` creates the directory when it writes."""
    from platformdirs import user_state_path

    return user_state_path("lambdatui", appauthor=False) / "journal.jsonl"


class Journal:
    """Append-only JSON lines; safe to share between threads of one process."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self._lock = threading.Lock()

    def record(
        self,
        plan: Plan,
        steps: Sequence[Step],
        *,
        status: str = APPLIED,
        before: Sequence[Mapping[str, Any]] = (),
        after: Sequence[Mapping[str, Any]] = (),
        account: str | None = None,
        region: str | None = None,
        verified: bool = False,
        problems: Sequence[str] = (),
        entry_id: str | None = None,
    ) -> JournalEntry:
        """Append the entry of an applied plan (`steps`: those in effect, with their undos);
        `entry_id`: the id its write-ahead records already carry (`new_id`)."""
        entry = JournalEntry(
            id=entry_id or self.new_id(),
            time=datetime.now(UTC).isoformat(timespec="seconds"),
            kind="undo" if plan.undoes else "apply",
            status=status,
            title=plan.title,
            why=plan.why,
            function_arn=plan.function_arn,
            steps=tuple(steps),
            commands=tuple(s.call.cli() for s in steps),
            before=tuple(before),
            after=tuple(after),
            account=account,
            region=region,
            verified=verified,
            problems=tuple(problems),
            undoes=plan.undoes,
        )
        self.append_record(entry.to_dict())
        return entry

    # -- the write-ahead log (actions/wal.py) ------------------------------------------------------
    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex[:12]

    def append_record(self, record: Mapping[str, Any]) -> None:
        """One record on a line of its own, fsynced before this returns (file 0600)."""
        with self._lock:
            wal.append(self.path, record)

    def unreadable(self) -> tuple[wal.Unreadable, ...]:
        """The lines skipped as unreadable (cut short, not UTF-8, not a JSON object)."""
        return wal.read(self.path).unreadable

    def interrupted(
        self, *, account: str | None = None, region: str | None = None
    ) -> list[wal.IncompletePlan]:
        """Plans a crash or a kill interrupted (newest last), in this account and region when
        given: each with the exact state of its steps."""
        return [
            p
            for p in wal.incomplete(wal.read(self.path).records)
            if (account is None or p.account in (None, account))
            and (region is None or p.region in (None, region))
        ]

    def rollback_plan(self, interrupted: wal.IncompletePlan) -> Plan:
        """A plan reversing the steps of an interrupted plan that are in effect, newest first.
        A step that was in flight is named in the warnings with the command reversing it."""
        reversible = [s for s in reversed(interrupted.in_effect) if s.undo]
        if not reversible:
            raise PlanError(f"'{interrupted.title}' left no step in effect that can be reversed")
        steps = tuple(
            Step(
                call_from_dict(s.undo),  # type: ignore[arg-type]
                f"Roll back: {s.description}",
                call_from_dict(s.call).without_revision(),
            )
            for s in reversible
        )
        warnings = tuple(
            f"Step {s.index + 1} ({s.description}) was in flight: it may be in effect."
            + (f" To reverse it: {call_from_dict(s.undo).cli()}" if s.undo else "")
            for s in interrupted.in_flight
        )
        return Plan(
            title=f"Roll back the interrupted change: {interrupted.title}",
            why=interrupted.describe(),
            function_arn=interrupted.function_arn,
            steps=steps,
            preconditions=tuple(c for s in steps if s.undo for c in s.undo.checks()),
            verify=tuple(c for s in steps for c in s.call.checks()),
            warnings=warnings,
            undoes=interrupted.plan,
        )

    def entries(self) -> list[JournalEntry]:
        """Every entry, oldest first (unreadable lines and write-ahead records are skipped)."""
        found = []
        for record in wal.read(self.path).records:
            if "wal" in record:
                continue
            try:
                found.append(JournalEntry.from_dict(record))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue
        return found

    def last_undoable(
        self, *, account: str | None = None, region: str | None = None
    ) -> JournalEntry | None:
        """The newest change that has something to reverse and has not been undone — in this
        account and region when they are given, so a change elsewhere is never offered."""
        entries = self.entries()
        undone = {e.undoes for e in entries if e.kind == "undo" and e.status == APPLIED}
        for entry in reversed(entries):
            if account is not None and entry.account not in (None, account):
                continue
            if region is not None and entry.region not in (None, region):
                continue
            if entry.kind == "apply" and entry.id not in undone and entry.undo_calls:
                return entry
        return None

    def undo_plan(self, entry: JournalEntry) -> Plan:
        """A plan reversing `entry`: its recorded undo calls, newest first, each checked to be
        still in effect before it is reversed."""
        reversible = [s for s in reversed(entry.steps) if s.undo is not None]
        if not reversible:
            raise PlanError(f"'{entry.title}' recorded nothing that can be reversed")
        steps = tuple(
            Step(s.undo, f"Undo: {s.description}", s.call.without_revision())
            for s in reversible
            if s.undo is not None
        )
        lost = len(entry.steps) - len(reversible)
        warnings = (
            (f"{lost} step(s) of the change cannot be reversed automatically.",) if lost else ()
        )
        snapshots = tuple(
            snapshot for s in entry.before if (snapshot := snapshot_from_dict(s)) is not None
        )
        return Plan(
            title=f"Undo: {entry.title}",
            why=f"Reverses the change applied at {entry.time} (journal entry {entry.id}).",
            function_arn=entry.function_arn,
            steps=steps,
            preconditions=tuple(c for s in reversible for c in s.call.checks()),
            verify=tuple(c for s in steps for c in s.call.checks()),
            warnings=warnings,
            snapshots=snapshots,
            undoes=entry.id,
        )
