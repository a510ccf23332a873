"""`lambdatui fix` on the demo account: the dry run changes nothing, `--yes` fixes the triggers."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lambdatui.actions.calls import parse_cli
from lambdatui.actions.journal import Journal
from lambdatui.aws.session import AwsSession
from lambdatui.core.model import TriggerStatus
from lambdatui.demo.seed import FUNCTION_NAMES
from lambdatui.inventory.account import Inventory
from tests.builders import OncePerModule, fix_args, run_fix_on
from tests.conftest import make_spec

Client = Callable[[str], Any]
BROKEN = {  # function → source of its missing-permission trigger in the demo
    "thumbnailer": "s3",
    "audit-log": "sns",
    "nightly-report": "events",
    "orders-api": "apigateway",
    "log-shipper": "logs",
    "cognito-hooks": "cognito-idp",
    "queue-drainer": "iot",
}


@pytest.fixture
def demo(demo_endpoint: str) -> str:
    return demo_endpoint


@pytest.fixture(scope="module")
def kept() -> OncePerModule:
    return OncePerModule()


def _run(
    endpoint: str, tmp_path: Path, *, read_only: bool = False, **values: Any
) -> tuple[int, str, str, AwsSession]:
    run = run_fix_on(endpoint, tmp_path / "journal.jsonl", read_only=read_only, **values)
    return run.code, run.out, run.err, run.session


def _policies(boto: Client) -> dict[str, str]:
    lam, found = boto("lambda"), {}
    for name in FUNCTION_NAMES:
        try:
            found[name] = lam.get_policy(FunctionName=name)["Policy"]
        except lam.exceptions.ResourceNotFoundException:
            found[name] = ""
    return found


def _statuses(endpoint: str) -> dict[tuple[str, str, str | None], TriggerStatus]:
    """Every trigger's status, but those that invoke through a role: what stops those is the
    role's IAM policy, which fix does not change (queue-drainer's state machine in the demo)."""
    inventory = Inventory(AwsSession(make_spec(endpoint)), scan_all_log_groups=True)
    return {
        (d.function.name, t.source, t.source_arn): t.status
        for d in inventory.scan().functions
        for t in d.triggers
        if t.invoker_role is None
    }


def test_dry_run_prints_the_add_permission_commands_and_changes_nothing(
    demo: str, boto: Client, tmp_path: Path
) -> None:
    before = _policies(boto)
    code, out, _, session = _run(
        demo, tmp_path, read_only=True, dry_run=True, rule=["broken-trigger"]
    )

    assert code == 0
    assert out.startswith("#!/bin/sh\n") and "\nset -eu\n" in out
    commands = [line for line in out.splitlines() if line.startswith("aws ")]
    calls = [parse_cli(c) for c in commands]
    assert {c.operation for c in calls} == {"add_permission"}
    assert {c.params["FunctionName"] for c in calls} == set(BROKEN)
    s3 = next(c for c in calls if c.params["FunctionName"] == "thumbnailer")
    assert s3.params["SourceArn"] == "arn:aws:s3:::demo-media"
    assert s3.params["SourceAccount"] == "123456789012"
    assert all(shlex.split(c)[0] == "aws" for c in commands)
    assert _policies(boto) == before
    assert not [k for k in session.calls if k.split(":")[1].startswith(("Add", "Remove", "Put"))]
    assert not (tmp_path / "journal.jsonl").exists()


def test_dry_run_as_json(demo: str, tmp_path: Path) -> None:
    code, out, _, _ = _run(
        demo, tmp_path, dry_run=True, format="json", function=["public-echo", "legacy-import"]
    )
    body = json.loads(out)
    assert code == 0 and body["schema"] == "lambdatui.fix/v1"
    titles = [p["title"] for p in body["plans"]]
    assert titles == [
        "Set the function URL of public-echo to AWS_IAM",
        "Remove statement s3-demo-deleted-bucket from legacy-import",
    ]
    for plan in body["plans"]:
        for step in plan["steps"]:
            assert parse_cli(step["cli"]).params == step["call"]["params"]


def test_yes_turns_the_broken_triggers_ok(demo: str, tmp_path: Path, kept: OncePerModule) -> None:
    seeded = kept.get("statuses", lambda: _statuses(demo))  # the demo as every test gets it
    broken = {k for k, v in seeded.items() if v is TriggerStatus.MISSING_PERMISSION}
    assert {name for name, _, _ in broken} == set(BROKEN)

    code, out, err, _ = _run(demo, tmp_path, yes=True, rule=["broken-trigger"])

    assert code == 0, out + err
    assert out.count("applied  ") == len(broken) and "failed" not in out
    statuses = _statuses(demo)
    assert all(statuses[k] is TriggerStatus.OK for k in broken)
    entries = Journal(tmp_path / "journal.jsonl").entries()
    assert len(entries) == len(broken)


def test_yes_applies_every_fixable_finding(demo: str, boto: Client, tmp_path: Path) -> None:
    code, out, err, _ = _run(demo, tmp_path, yes=True)

    assert code == 0, out + err
    statuses = _statuses(demo)
    assert TriggerStatus.MISSING_PERMISSION not in statuses.values()
    assert TriggerStatus.SOURCE_MISSING not in statuses.values()
    url = boto("lambda").get_function_url_config(FunctionName="public-echo")
    assert url["AuthType"] == "AWS_IAM"
    code, out, _, _ = _run(demo, tmp_path, dry_run=True)
    assert code == 0 and "Nothing to change" in out


def test_yes_in_read_only_mode_is_refused(demo: str, boto: Client, tmp_path: Path) -> None:
    before = _policies(boto)
    code, out, err, _ = _run(demo, tmp_path, read_only=True, yes=True, function=["audit-log"])
    assert code == 1
    assert "read-only mode" in err.lower() and "failed" in out
    assert _policies(boto) == before


def test_usage_errors(demo: str, tmp_path: Path) -> None:
    code, _, err, _ = _run(demo, tmp_path, dry_run=True, function=["no-such-fn"])
    assert code == 2 and "no function named no-such-fn" in err
    code, _, err, _ = _run(demo, tmp_path, dry_run=True, rule=["no-such-rule"])
    assert code == 2 and "unknown rule no-such-rule" in err
    code, _, err, _ = _run(demo, tmp_path, dry_run=True, yes=True)
    assert code == 2 and "--dry-run or --yes" in err
    code, out, err, _ = _run(demo, tmp_path, dry_run=True, rule=["deprecated-runtime"])
    assert code == 0 and "no automatic fix" in err and "Nothing to change" in out


def test_main_fix_builds_a_read_only_session_for_a_dry_run(
    demo: str, boto: Client, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from lambdatui.commands.fix import main_fix
    from lambdatui.demo.server import DEMO_CREDENTIALS

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", DEMO_CREDENTIALS["access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", DEMO_CREDENTIALS["secret_access_key"])
    before = _policies(boto)
    args = fix_args(
        dry_run=True,
        function=["audit-log"],
        profile=None,
        region="us-east-1",
        endpoint_url=demo,
        demo=False,
        read_only=False,
        scan_log_groups=True,
    )

    assert main_fix(args) == 0

    out = capsys.readouterr().out
    assert "aws lambda add-permission --function-name audit-log" in out
    assert "aws lambda remove-permission --function-name audit-log" in out
    assert _policies(boto) == before
