"""The journal file as a write-ahead log: lines written so that a crash can never lose or corrupt
an entry, read so that no broken line is ever fatal.

Writing (`append`): every record is one JSON object on its own line, written, flushed and
fsynced before the caller goes on. When the file does not end in a newline (a crash cut the last
write short) the record starts with one, so it never joins the broken line. The file is created
0600 (`access.files.open_private`).

Records besides the journal's entries (which carry `id`), each naming its plan by `plan`:
- `{"wal": "intent", "plan", "index", "role", "step", ...}`: a step is about to be sent (`role`
  `step`), or the undo of an applied step (`rollback`); the first intent of a plan also carries
  the plan's `title`, `why`, `function_arn`, `account` and `region`;
- `{"wal": "outcome", "plan", "index", "role", "result", "undo"}`: what came of it (`applied`
  with the call that reverses it, `failed`, `rolled-back`);
- `{"wal": "closed", "plan", "status"}`: the plan ended without a journal entry of its own (it
  failed and was rolled back whole).
A plan is complete once its entry (`id` == `plan`) or its `closed` record is written.

Reading (`read`): lines that are not UTF-8, not JSON, or not a JSON object (`[]`, `null`, `42`)
are skipped and counted with their line numbers, never raised. `incomplete` gives the plans a
crash interrupted: which steps are in effect, which one was in flight, and their undo calls.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lambdatui.access.files import open_private

INTENT, OUTCOME, CLOSED = "intent", "outcome", "closed"
APPLIED, FAILED, ROLLED_BACK = "applied", "failed", "rolled-back"


@dataclass(frozen=True)
class Unreadable:
    """A line of the journal that was skipped, and why."""

    line: int
    why: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.why}"


@dataclass(frozen=True)
class Records:
    """What a journal file holds: its readable records in order and the lines skipped."""

    records: tuple[dict[str, Any], ...] = ()
    unreadable: tuple[Unreadable, ...] = ()


def append(path: Path, record: Mapping[str, Any]) -> None:
    """Write `record` as one line of `path`, on a line of its own, and fsync it."""
    line = json.dumps(record, sort_keys=True, default=str).encode("utf-8") + b"\n"
    with open_private(path, "a+b", encoding=None) as out:
        end = out.seek(0, os.SEEK_END)
        if end:
            out.seek(end - 1)
            if out.read(1) != b"\n":
                line = b"\n" + line
        out.write(line)
        out.flush()
        os.fsync(out.fileno())


def read(path: Path) -> Records:
    """Every record of `path` that can be read (an absent file holds none)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Records()
    records: list[dict[str, Any]] = []
    unreadable: list[Unreadable] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            unreadable.append(Unreadable(number, "not UTF-8"))
            continue
        try:
            value = json.loads(text)
        except ValueError:
            unreadable.append(Unreadable(number, "not JSON (cut short?)"))
            continue
        if not isinstance(value, dict):
            unreadable.append(Unreadable(number, f"not a JSON object ({type(value).__name__})"))
            continue
        records.append(value)
    return Records(tuple(records), tuple(unreadable))


@dataclass(frozen=True)
class StepState:
    """One step of an interrupted plan as the log left it."""

    index: int
    description: str
    call: Mapping[str, Any]
    state: str
    """`applied` (in effect), `in-flight` (sent or about to be: may or may not be in effect),
    `failed` (refused: not in effect) or `rolled-back` (in effect no more)."""
    undo: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class IncompletePlan:
    """A plan the log shows started and never finished (the process stopped in the middle)."""

    plan: str
    title: str
    function_arn: str
    time: str
    account: str | None
    region: str | None
    steps: tuple[StepState, ...] = field(default_factory=tuple)

    @property
    def in_effect(self) -> tuple[StepState, ...]:
        return tuple(s for s in self.steps if s.state == APPLIED)

    @property
    def in_flight(self) -> tuple[StepState, ...]:
        return tuple(s for s in self.steps if s.state == "in-flight")

    def describe(self) -> str:
        """The exact state, in sentences."""
        parts = [f"'{self.title}' was interrupted ({self.time})."]
        for s in self.steps:
            text = {
                APPLIED: "in effect",
                "in-flight": "was being sent: it may or may not be in effect",
                FAILED: "failed, not in effect",
                ROLLED_BACK: "rolled back",
            }.get(s.state, s.state)
            parts.append(f"Step {s.index + 1}, {s.description}: {text}.")
        if not self.steps:
            parts.append("No step had been sent.")
        return " ".join(parts)


def incomplete(records: Iterable[Mapping[str, Any]]) -> list[IncompletePlan]:
    """The plans with intents in the log and neither their entry nor a `closed` record, oldest
    first; a plan an applied undo entry names (`undoes`) counts as finished."""
    done: set[str] = set()
    plans: dict[str, dict[str, Any]] = {}
    for r in records:
        kind = r.get("wal")
        if kind is None:
            if isinstance(r.get("id"), str):
                done.add(r["id"])
            if isinstance(r.get("undoes"), str) and r.get("status") == APPLIED:
                done.add(r["undoes"])
            continue
        plan_id = r.get("plan")
        if not isinstance(plan_id, str):
            continue
        if kind == CLOSED:
            done.add(plan_id)
            continue
        plan = plans.setdefault(plan_id, {"head": {}, "steps": {}})
        if kind == INTENT and not plan["head"] and r.get("title"):
            plan["head"] = dict(r)
        _track(plan["steps"], kind, r)
    found = []
    for plan_id, plan in plans.items():
        if plan_id in done:
            continue
        head = plan["head"]
        steps = tuple(plan["steps"][i] for i in sorted(plan["steps"]))
        found.append(
            IncompletePlan(
                plan=plan_id,
                title=str(head.get("title") or "a change"),
                function_arn=str(head.get("function_arn") or ""),
                time=str(head.get("time") or ""),
                account=head.get("account"),
                region=head.get("region"),
                steps=steps,
            )
        )
    return found


def _track(steps: dict[int, StepState], kind: str, r: Mapping[str, Any]) -> None:
    index = r.get("index")
    if not isinstance(index, int):
        return
    role = r.get("role", "step")
    known = steps.get(index)
    if kind == INTENT and role == "step":
        step = r.get("step") if isinstance(r.get("step"), Mapping) else {}
        planned = step.get("undo") if isinstance(step.get("undo"), Mapping) else None
        steps[index] = StepState(
            index, str(step.get("description", "")), step.get("call") or {}, "in-flight", planned
        )
    elif kind == OUTCOME and known is not None:
        result = r.get("result")
        if role == "step":
            undo = r.get("undo") if isinstance(r.get("undo"), Mapping) else known.undo
            state = APPLIED if result == APPLIED else FAILED
            steps[index] = StepState(index, known.description, known.call, state, undo)
        elif role == "rollback" and result == ROLLED_BACK:
            steps[index] = StepState(index, known.description, known.call, ROLLED_BACK)


__all__ = [
    "APPLIED",
    "CLOSED",
    "FAILED",
    "INTENT",
    "OUTCOME",
    "ROLLED_BACK",
    "IncompletePlan",
    "Records",
    "StepState",
    "Unreadable",
    "append",
    "incomplete",
    "read",
]


class PlanLog:
    """The write-ahead records of one plan as the executor applies it.

    `write` appends one record durably (`Journal.append_record`). When it fails (`OSError`) the
    plan goes on, as it does when its journal entry cannot be written; `failed` then says so.
    """

    def __init__(self, write: Any, plan: Any, plan_id: str, where: Any, time: str) -> None:
        self._write, self._plan, self.id, self._where, self._time = (
            write,
            plan,
            plan_id,
            where,
            time,
        )
        self.failed = False
        self._open: set[int] = set()  # steps with an intent and no outcome yet
        self._started = False

    def _put(self, record: dict[str, Any]) -> None:
        try:
            self._write({"plan": self.id, **record})
        except OSError:
            self.failed = True

    def intent(self, index: int, step: Any, role: str = "step") -> None:
        """Before a step (or, `rollback`, its undo) is sent."""
        from lambdatui.actions.plan import call_to_dict

        record: dict[str, Any] = {"wal": INTENT, "index": index, "role": role}
        if not self._started:
            self._started = True
            plan = self._plan
            record.update(
                title=plan.title,
                why=plan.why,
                function_arn=plan.function_arn,
                time=self._time,
                **self._where(),
            )
        call = step.call if role == "step" else step.undo
        record["step"] = {
            "description": step.description,
            "call": call_to_dict(call),
            "undo": call_to_dict(step.undo) if role == "step" and step.undo else None,
        }
        if role == "step":
            self._open.add(index)
        self._put(record)

    def outcome(self, index: int, result: str, undo: Any = None, role: str = "step") -> None:
        """After it: `applied` (with the call that reverses it), `failed` or `rolled-back`."""
        from lambdatui.actions.plan import call_to_dict

        if role == "step":
            if index not in self._open:
                return
            self._open.discard(index)
        record = {"wal": OUTCOME, "index": index, "role": role, "result": result}
        record["undo"] = call_to_dict(undo) if undo is not None else None
        self._put(record)

    @property
    def settled(self) -> bool:
        """No step was left in flight (sent without its outcome known)."""
        return not self._open

    def close(self, status: str) -> None:
        """The plan ended without an entry of its own (failed, rolled back whole)."""
        if self._started and self.settled:
            self._put({"wal": CLOSED, "status": status})
