"""Undo only ever offers a change of the account and region being looked at."""

from __future__ import annotations

import json
from pathlib import Path

from lambdatui.actions.calls import add_permission, remove_permission
from lambdatui.actions.journal import Journal
from lambdatui.actions.plan import call_to_dict


def entry(entry_id: str, time: str, account: str, region: str) -> dict:  # type: ignore[type-arg]
    call = add_permission("fn", f"sid-{entry_id}", "sns.amazonaws.com")
    undo = remove_permission("fn", f"sid-{entry_id}")
    return {
        "id": entry_id,
        "time": time,
        "kind": "apply",
        "status": "applied",
        "account": account,
        "region": region,
        "title": f"change {entry_id}",
        "function_arn": f"arn:aws:lambda:{region}:{account}:function:fn",
        "steps": [{"description": "d", "call": call_to_dict(call), "undo": call_to_dict(undo)}],
    }


def test_last_undoable_is_scoped_to_account_and_region(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    lines = [
        entry("a", "2026-11-01T00:00:00Z", "111111111111", "us-east-1"),
        entry("b", "2026-11-02T00:00:00Z", "111111111111", "eu-west-1"),
        entry("c", "2026-11-03T00:00:00Z", "222222222222", "us-east-1"),
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    journal = Journal(path)
    assert journal.last_undoable().id == "c"  # type: ignore[union-attr]
    assert journal.last_undoable(account="111111111111", region="us-east-1").id == "a"  # type: ignore[union-attr]
    assert journal.last_undoable(account="111111111111", region="eu-west-1").id == "b"  # type: ignore[union-attr]
    assert journal.last_undoable(account="333333333333", region="us-east-1") is None
