"""A change to the account as data: what will be sent, why, what must hold first and after.

A `Plan` is what the UI previews and the `fix` command prints; the `Executor` is what applies it.
Everything here is pure (no boto3), so the UI can build, show and compare plans freely.

`Check`s are preconditions and verifications as typed values (`lambdatui.actions.check_types`);
the executor evaluates them by re-reading the account (`lambdatui.actions.checks`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lambdatui.actions.api_call import ApiCall, plain
from lambdatui.actions.check_types import Check, Snapshot
from lambdatui.actions.operations import typed
from lambdatui.actions.risk import second_confirmation
from lambdatui.core.errors import LambdaTuiError


class PlanError(LambdaTuiError):
    """A plan that cannot be made (wrong kind of resource, nothing to change …)."""


class InvalidForm(PlanError):
    """The values of a form are invalid; `errors` maps each field to its message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class PlanOutdated(LambdaTuiError):
    """The account changed since the plan was made: re-read, plan again and ask again.

    `outcome` is set when steps had been applied (and were rolled back) before this was found.
    """

    def __init__(self, message: str, outcome: Outcome | None = None) -> None:
        super().__init__(message)
        self.outcome = outcome


@dataclass(frozen=True)
class Step:
    """One call, and the call that reverses it (None: not reversible, or derived from the answer
    of the call, as an SNS subscription's unsubscribe is)."""

    call: ApiCall
    description: str
    undo: ApiCall | None = None


@dataclass(frozen=True)
class Plan:
    title: str
    why: str
    function_arn: str
    steps: tuple[Step, ...]
    preconditions: tuple[Check, ...] = ()
    verify: tuple[Check, ...] = ()
    warnings: tuple[str, ...] = ()
    second_confirmation: str | None = None
    """A sentence to confirm once more (granting to anyone, removing a public or broad
    statement …). Left None, it is derived from the steps (`lambdatui.actions.risk`), so every
    plan, an undo from the journal included, is judged by what it sends."""
    snapshots: tuple[Snapshot, ...] = ()
    undoes: str | None = None
    """The id of the journal entry this plan reverses (set by `Journal.undo_plan`)."""

    def __post_init__(self) -> None:
        if self.second_confirmation is None:
            derived = second_confirmation(self.steps, self.function_arn)
            object.__setattr__(self, "second_confirmation", derived)

    def cli_commands(self) -> list[str]:
        """The AWS CLI equivalent of every step, in order, as runnable shell text (a JSON
        argument too large for a command line is written by a heredoc: `cli_files`)."""
        from lambdatui.actions import cli_files

        return [cli_files.script(step.call) for step in self.steps]

    def cli_preview(self) -> list[str]:
        """`cli_commands` for the screen: a heredoc's large JSON body is elided."""
        from lambdatui.actions import cli_files

        return [cli_files.preview(step.call) for step in self.steps]

    def shell_script(self) -> str:
        """A reviewable POSIX shell script of the plan's AWS CLI commands."""
        return shell_script([self])

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data (the `fix --format json` output)."""
        return {
            "title": self.title,
            "why": self.why,
            "function_arn": self.function_arn,
            "steps": [
                {
                    "description": s.description,
                    "cli": s.call.cli(),
                    "call": call_to_dict(s.call),
                    "undo": call_to_dict(s.undo) if s.undo else None,
                }
                for s in self.steps
            ],
            "preconditions": [c.to_dict() for c in self.preconditions],
            "verify": [c.to_dict() for c in self.verify],
            "warnings": list(self.warnings),
            "second_confirmation": self.second_confirmation,
        }


@dataclass(frozen=True)
class Outcome:
    """What applying a plan did. `ok` means every step is in effect; `verified` that re-reading
    the account confirmed it (else `problems` says what did not match)."""

    plan: Plan
    ok: bool
    applied: tuple[Step, ...] = ()
    """Steps whose change is in effect now."""
    rolled_back: tuple[Step, ...] = ()
    error: str | None = None
    state: str | None = None
    """When a rollback failed: exactly what is in effect now, and how to reverse it."""
    refused: bool = False
    """The read-only guard refused the first call: nothing was sent."""
    verified: bool = False
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    journal_id: str | None = None

    @property
    def summary(self) -> str:
        """One sentence for a status line."""
        if self.ok and self.verified:
            return f"Applied and verified: {self.plan.title}."
        if self.ok:
            return f"Applied, but not verified: {'; '.join(self.problems)}"
        if self.refused:
            return f"Refused: {self.error}"
        text = f"Failed: {self.error}"
        if self.rolled_back:
            text += f" Rolled back {len(self.rolled_back)} step(s)."
        return text + (f" {self.state}" if self.state else "")


# -- calls as data ---------------------------------------------------------------------------


def call_to_dict(call: ApiCall) -> dict[str, Any]:
    return {
        "service": call.service,
        "operation": call.operation,
        "params": plain(call.params),
        "region": call.region,
    }


def call_from_dict(data: Mapping[str, Any]) -> ApiCall:
    """A call as `call_to_dict` wrote it, as its operation's class again."""
    call = ApiCall(
        str(data["service"]), str(data["operation"]), dict(data["params"]), data.get("region")
    )
    return typed(call)


# -- the shell script ------------------------------------------------------------------------


def _comment(text: str, prefix: str = "") -> list[str]:
    lines = textwrap.wrap(text, 96 - len(prefix)) or [""]
    return [f"# {prefix}{lines[0]}", *(f"# {' ' * len(prefix)}{line}" for line in lines[1:])]


def shell_script(plans: Iterable[Plan], header: str | None = None) -> str:
    """A `#!/bin/sh` script running the plans' commands, with what and why as comments."""
    plans = list(plans)
    out = ["#!/bin/sh", "# Generated by lambdatui: review every command before running it."]
    if header:
        out += _comment(header)
    out.append("set -eu")
    if not plans:
        out += ["", "# Nothing to change."]
    for n, plan in enumerate(plans, 1):
        out += ["", *_comment(plan.title, f"Plan {n}: " if len(plans) > 1 else "")]
        out += _comment(plan.function_arn, "Function: ")
        out += _comment(plan.why, "Why: ")
        for warning in plan.warnings:
            out += _comment(warning, "Warning: ")
        if plan.second_confirmation:
            out += _comment(plan.second_confirmation, "Confirm: ")
        for step, command in zip(plan.steps, plan.cli_commands(), strict=True):
            out += _comment(step.description, "- ")
            out.append(command)
    return "\n".join(out) + "\n"


__all__ = [
    "Check",
    "InvalidForm",
    "Outcome",
    "Plan",
    "PlanError",
    "PlanOutdated",
    "Snapshot",
    "Step",
    "call_from_dict",
    "call_to_dict",
    "shell_script",
]
