"""The journal survives anything (issue 12 §3): broken lines are skipped and reported, a new
record never joins a line a crash cut short, the file is 0600, and a plan whose entry never
came is shown with the exact state of its steps and can be rolled back."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from lambdatui.actions import wal
from lambdatui.actions.calls import add_permission, remove_permission
from lambdatui.actions.journal import Journal
from lambdatui.actions.plan import Plan, Step, call_to_dict

ARN = "arn:aws:lambda:us-east-1:123456789012:function:fn"


def grant(sid: str) -> Step:
    return Step(add_permission("fn", sid, "sns.amazonaws.com"), f"grant {sid}", None)


def entry_line(entry_id: str) -> str:
    call, undo = (
        add_permission("fn", entry_id, "s3.amazonaws.com"),
        remove_permission("fn", entry_id),
    )
    return json.dumps(
        {
            "id": entry_id,
            "kind": "apply",
            "status": "applied",
            "title": f"change {entry_id}",
            "function_arn": ARN,
            "steps": [{"description": "d", "call": call_to_dict(call), "undo": call_to_dict(undo)}],
        }
    )


CORRUPTIONS = {
    "cut short": b'{"id": "broken", "kind": "ap',
    "a list": b"[]",
    "null": b"null",
    "a number": b"42",
    "not UTF-8": b'{"id": "bad\xff"}',
}


@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_an_unreadable_line_is_skipped_and_reported_and_the_next_entry_survives(
    tmp_path: Path, corruption: str
) -> None:
    path = tmp_path / "journal.jsonl"
    path.write_bytes(entry_line("old").encode() + b"\n" + CORRUPTIONS[corruption])  # no newline
    journal = Journal(path)
    assert [e.id for e in journal.entries()] == ["old"]
    [bad] = journal.unreadable()
    assert bad.line == 2

    plan = Plan("new change", "w", ARN, (grant("new"),))
    undo = remove_permission("fn", "new")
    journal.record(plan, [Step(plan.steps[0].call, "grant new", undo)])

    assert [e.title for e in journal.entries()] == ["change old", "new change"]
    newest = journal.last_undoable()
    assert newest is not None and newest.title == "new change"  # undo targets the new change
    assert journal.unreadable() == (bad,)
    assert path.read_bytes().endswith(b"\n")


def test_every_corruption_at_once_is_never_fatal(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    lines = [entry_line("a"), *(c for c in CORRUPTIONS.values()), entry_line("b")]
    path.write_bytes(
        b"\n".join(line if isinstance(line, bytes) else line.encode() for line in lines)
    )
    journal = Journal(path)
    assert [e.id for e in journal.entries()] == ["a", "b"]
    assert len(journal.unreadable()) == len(CORRUPTIONS)
    assert journal.interrupted() == []
    last = journal.last_undoable()
    assert last is not None and last.id == "b"


def test_the_journal_is_created_0600(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "state" / "journal.jsonl")
    journal.record(Plan("t", "w", ARN, (grant("s"),)), [])
    assert stat.S_IMODE(journal.path.stat().st_mode) == 0o600
    loose = tmp_path / "loose.jsonl"
    loose.write_text(entry_line("x") + "\n")
    loose.chmod(0o644)
    Journal(loose).append_record({"wal": "closed", "plan": "p", "status": "s"})
    assert stat.S_IMODE(loose.stat().st_mode) == 0o600


def _log(journal: Journal, plan: Plan) -> wal.PlanLog:
    return wal.PlanLog(
        journal.append_record,
        plan,
        journal.new_id(),
        lambda: {"account": "123456789012", "region": "us-east-1"},
        "2026-12-01T00:00:00+00:00",
    )


def test_a_plan_without_its_entry_is_interrupted_with_the_exact_state(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    plan = Plan("two grants", "w", ARN, (grant("one"), grant("two")))
    log = _log(journal, plan)
    log.intent(0, plan.steps[0])
    log.outcome(0, wal.APPLIED, remove_permission("fn", "one"))
    log.intent(1, plan.steps[1])  # then the process died

    [stopped] = journal.interrupted()
    assert [s.state for s in stopped.steps] == ["applied", "in-flight"]
    text = stopped.describe()
    assert "'two grants' was interrupted" in text
    assert "Step 1, grant one: in effect" in text and "may or may not be in effect" in text
    assert journal.interrupted(account="999999999999") == []
    assert journal.interrupted(region="us-east-1") == [stopped]

    rollback = journal.rollback_plan(stopped)
    assert [s.call.operation for s in rollback.steps] == ["remove_permission"]
    assert rollback.steps[0].call.params["StatementId"] == "one"
    assert "in flight" in rollback.warnings[0]
    assert rollback.undoes == stopped.plan

    # once rolled back (journalled as its undo) it is no longer offered
    journal.record(rollback, [], verified=True)
    assert journal.interrupted() == []


def test_a_finished_or_closed_plan_is_not_interrupted(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    plan = Plan("one grant", "w", ARN, (grant("one"),))
    log = _log(journal, plan)
    log.intent(0, plan.steps[0])
    log.outcome(0, wal.APPLIED, remove_permission("fn", "one"))
    journal.record(plan, [], entry_id=log.id)
    failed = _log(journal, plan)
    failed.intent(0, plan.steps[0])
    failed.outcome(0, wal.FAILED)
    failed.close("rolled-back")
    assert journal.interrupted() == []
    assert [e.id for e in journal.entries()] == [log.id]


def test_read_reports_each_bad_line_by_number(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    path.write_bytes(b'{"a": 1}\n\n[1]\n\xfe\n{"b": 2}\n')
    found = wal.read(path)
    assert [r for r in found.records] == [{"a": 1}, {"b": 2}]
    assert [(u.line, u.why) for u in found.unreadable] == [
        (3, "not a JSON object (list)"),
        (4, "not UTF-8"),
    ]
    assert wal.read(tmp_path / "absent.jsonl") == wal.Records()
