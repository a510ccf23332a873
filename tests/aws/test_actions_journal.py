"""The journal: what an applied plan records, undo as a plan, and never a secret."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lambdatui.actions.executor import Executor
from lambdatui.actions.journal import Journal
from lambdatui.actions.plan import PlanError, PlanOutdated
from lambdatui.actions.planner import (
    add_permission_plan,
    remove_statement_plan,
    set_destination_plan,
)
from lambdatui.aws.session import AwsSession
from tests.account_builders import Client, detail_of, make_function, statements

SECRET = "s3cr3t-Vq7#pL2m-not-for-journals"


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "state" / "journal.jsonl")


@pytest.fixture
def executor(aws: AwsSession, journal: Journal) -> Executor:
    return Executor(aws, journal)


@pytest.fixture
def secretive(boto: Client) -> str:
    return make_function(boto, "secretive", Environment={"Variables": {"DB_PASSWORD": SECRET}})


def _grant(aws: AwsSession, sid: str) -> Any:
    return add_permission_plan(
        detail_of(aws, "secretive"), principal="123456789012", statement_id=sid
    )


def test_an_applied_plan_is_journalled_with_before_and_after(
    aws: AwsSession, executor: Executor, journal: Journal, secretive: str
) -> None:
    plan = _grant(aws, "first")
    outcome = executor.apply(plan)

    records = [json.loads(line) for line in journal.path.read_text().splitlines()]
    # write-ahead: the step's intent, then its outcome, then the entry, all of one plan
    assert [r.get("wal") for r in records] == ["intent", "outcome", None]
    entry = records[-1]
    assert {r.get("plan") for r in records[:2]} == {entry["id"]}
    assert entry["id"] == outcome.journal_id
    assert entry["time"].endswith("+00:00") and entry["kind"] == "apply"
    assert entry["account"] == "123456789012" and entry["region"] == "us-east-1"
    assert entry["title"] == plan.title and entry["function_arn"] == secretive
    assert entry["commands"] == plan.cli_commands()
    assert entry["before"][0]["kind"] == "policy" and entry["before"][0]["value"] is None
    [after] = entry["after"][0]["value"]["statements"]
    assert after["Sid"] == "first"
    assert entry["undo"] == [
        {
            "service": "lambda",
            "operation": "remove_permission",
            "params": {"FunctionName": "secretive", "StatementId": "first"},
            "region": "us-east-1",
        }
    ]


def test_no_environment_value_reaches_the_journal(
    aws: AwsSession, boto: Client, executor: Executor, journal: Journal, secretive: str
) -> None:
    assert SECRET in json.dumps(detail_of(aws, "secretive").function.environment)
    boto("sqs").create_queue(QueueName="failures")
    queue = "arn:aws:sqs:us-east-1:123456789012:failures"
    assert executor.apply(_grant(aws, "first")).ok
    destination = set_destination_plan(
        detail_of(aws, "secretive"), qualifier=None, on_failure=queue
    )
    assert executor.apply(destination).ok
    assert executor.apply(journal.undo_plan(journal.last_undoable())).ok  # type: ignore[arg-type]

    text = journal.path.read_text()
    assert len(journal.entries()) == 3  # beside their write-ahead intents and outcomes
    assert SECRET not in text and "DB_PASSWORD" not in text


def test_undo_round_trip(
    aws: AwsSession, boto: Client, executor: Executor, journal: Journal, secretive: str
) -> None:
    assert executor.apply(_grant(aws, "first")).ok
    assert executor.apply(_grant(aws, "second")).ok
    last = journal.last_undoable()
    assert last is not None and last.title.endswith("second to secretive")

    undo = journal.undo_plan(last)
    assert undo.title == f"Undo: {last.title}" and undo.undoes == last.id
    assert undo.steps[0].undo is not None  # the undo can itself be undone
    outcome = executor.apply(undo)

    assert outcome.ok and outcome.verified
    assert set(statements(boto, "secretive")) == {"first"}
    entries = journal.entries()
    assert entries[-1].kind == "undo" and entries[-1].undoes == last.id
    following = journal.last_undoable()
    assert following is not None and following.title.endswith("first to secretive")
    assert executor.apply(journal.undo_plan(following)).ok
    assert statements(boto, "secretive") == {}
    assert journal.last_undoable() is None


def test_undo_is_refused_when_the_change_was_altered_since(
    aws: AwsSession, boto: Client, executor: Executor, journal: Journal, secretive: str
) -> None:
    assert executor.apply(_grant(aws, "first")).ok
    boto("lambda").remove_permission(FunctionName="secretive", StatementId="first")
    entry = journal.last_undoable()
    assert entry is not None

    with pytest.raises(PlanOutdated, match="statement first is not in the policy"):
        executor.apply(journal.undo_plan(entry))


def test_an_empty_journal_offers_nothing(journal: Journal) -> None:
    assert journal.entries() == [] and journal.last_undoable() is None
    journal.path.parent.mkdir(parents=True)
    journal.path.write_text("not json\n")
    assert journal.entries() == []


def test_undo_plan_of_an_entry_without_undo_calls(
    aws: AwsSession, executor: Executor, journal: Journal, secretive: str
) -> None:
    from dataclasses import replace

    assert executor.apply(_grant(aws, "first")).ok
    entry = journal.entries()[0]
    stripped = replace(entry, steps=tuple(replace(s, undo=None) for s in entry.steps))
    with pytest.raises(PlanError, match="nothing that can be reversed"):
        journal.undo_plan(stripped)


def test_an_unwritable_journal_does_not_hide_an_applied_change(
    aws: AwsSession, boto: Client, tmp_path: Path, secretive: str
) -> None:
    (tmp_path / "blocked").write_text("a file where the state dir should be")
    executor = Executor(aws, Journal(tmp_path / "blocked" / "journal.jsonl"))

    outcome = executor.apply(_grant(aws, "first"))

    assert outcome.ok and outcome.verified and outcome.journal_id is None
    assert "journal could not be written" in outcome.notes[-1]
    assert set(statements(boto, "secretive")) == {"first"}


def test_undo_of_removing_a_public_grant_asks_twice_like_adding_it(
    aws: AwsSession, executor: Executor, journal: Journal, secretive: str
) -> None:
    """Issue 9, defect 4: add a `*` permission, remove it, undo: the undo re-adds `*`, so it
    carries the second confirmation as adding it did — decided from its operations."""
    add = add_permission_plan(detail_of(aws, "secretive"), principal="*", statement_id="anyone")
    assert add.second_confirmation and "anyone" in add.second_confirmation
    assert executor.apply(add).ok
    detail = detail_of(aws, "secretive")
    remove = remove_statement_plan(detail, detail.statements[0])
    assert remove.second_confirmation and "anyone" in remove.second_confirmation
    assert executor.apply(remove).ok

    undo = journal.undo_plan(journal.last_undoable() or pytest.fail("nothing to undo"))

    [step] = undo.steps
    assert step.call.operation == "add_permission" and step.call.params["Principal"] == "*"
    assert undo.second_confirmation == add.second_confirmation
    assert executor.apply(undo).ok
    assert [s.sid for s in detail_of(aws, "secretive").statements] == ["anyone"]
