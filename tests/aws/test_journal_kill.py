"""A process killed between the steps of a plan (issue 12 §3), with a real signal.

A child process applies a two-step plan (the permission, then the bucket's configuration) over
the emulator and stops at a botocore hook between the steps; the test sends it SIGKILL (nothing
of the child's runs after that) or SIGINT (a KeyboardInterrupt). The journal then shows the
exact state, and the interrupted plan can be rolled back.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lambdatui.actions.executor import Executor
from lambdatui.actions.facade import Actions
from lambdatui.actions.journal import Journal
from lambdatui.aws.session import AwsSession
from lambdatui.commands.fix import _say_journal_state
from tests.account_builders import Client, make_function, statements

ROOT = Path(__file__).parents[2]

CHILD = """
import signal
import sys
from pathlib import Path

# Ctrl-C raises KeyboardInterrupt as in a terminal, whatever SIGINT disposition the test
# process passed on (an ignored SIGINT is inherited across exec).
signal.signal(signal.SIGINT, signal.default_int_handler)

from lambdatui.actions.executor import Executor
from lambdatui.actions.journal import Journal
from lambdatui.actions.planner import add_s3_trigger_plan
from lambdatui.aws.session import AwsSession
from tests.account_builders import detail_of
from tests.conftest import make_spec

endpoint, journal_path, where = sys.argv[1:]
aws = AwsSession(make_spec(endpoint))
plan = add_s3_trigger_plan(
    aws, detail_of(aws, "resizer"), bucket="shared", events=["s3:ObjectCreated:*"]
)
assert [s.call.operation for s in plan.steps] == [
    "add_permission", "put_bucket_notification_configuration"
]

stops = []

def stop(**_):
    if stops:  # once: the rollback's own reads of the bucket must pass
        return
    stops.append(True)
    print("stopped", flush=True)
    sys.stdin.readline()  # until the signal comes

def arm(**_):
    # the next read is the executor's re-read of the bucket before step 2 (after step 1's
    # outcome is on disk); the PUT's before-call comes after step 2's intent is
    event = {
        "between": "before-call.s3.GetBucketNotificationConfiguration",
        "in-flight": "before-call.s3.PutBucketNotificationConfiguration",
    }[where]
    aws.client("s3").meta.events.register_first(event, stop, unique_id="stop")

aws.client("lambda").meta.events.register("after-call.lambda.AddPermission", arm)
Executor(aws, Journal(Path(journal_path))).apply(plan)
print("finished", flush=True)
"""


@pytest.fixture
def bucket(boto: Client) -> None:
    make_function(boto, "resizer")
    boto("s3").create_bucket(Bucket="shared")


def _run_until_stopped(endpoint: str, journal: Path, where: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, endpoint, str(journal), where],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,  # said when it does not end (_ended)
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    if line != "stopped":
        child.kill()
        child.wait()
        raise AssertionError(f"the child did not reach the hook: {line!r}")
    return child


def _ended(child: subprocess.Popen[str], timeout: float) -> int:
    """The child's exit status; when it does not end in time, a failure that says what it
    printed (its traceback: where it was stuck) instead of a bare timeout."""
    try:
        return child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        out, err = child.communicate()
        raise AssertionError(
            f"the child did not end within {timeout} s; it printed:\n{out}\nand said:\n{err}"
        ) from None


def _notifications(boto: Client) -> list[Any]:
    answer = boto("s3").get_bucket_notification_configuration(Bucket="shared")
    return list(answer.get("LambdaFunctionConfigurations", []))


@pytest.mark.parametrize("where", ["between", "in-flight"])
def test_a_plan_killed_between_its_steps_is_shown_and_rolled_back(
    endpoint: str, aws: AwsSession, boto: Client, bucket: None, tmp_path: Path, where: str
) -> None:
    path = tmp_path / "journal.jsonl"
    child = _run_until_stopped(endpoint, path, where)
    os.kill(child.pid, signal.SIGKILL)
    assert _ended(child, timeout=30) == -signal.SIGKILL

    journal = Journal(path)
    assert set(statements(boto, "resizer"))  # step 1 is in effect …
    assert _notifications(boto) == []  # … step 2 is not
    assert journal.entries() == []  # the plan never got its entry
    [stopped] = journal.interrupted(account="123456789012", region="us-east-1")
    states = [s.state for s in stopped.steps]
    assert states == (["applied"] if where == "between" else ["applied", "in-flight"])
    assert "Step 1, Let s3.amazonaws.com invoke resizer" in stopped.describe()

    # the TUI's undo offers the rollback first and says so at start; fix says so on stderr
    actions = Actions(aws, journal)
    [note] = actions.interrupted_notes()
    assert note == stopped.describe()
    offered = actions.undo_plan()
    assert offered is not None and offered.title.startswith("Roll back the interrupted change")
    err = io.StringIO()
    _say_journal_state(Executor(aws, journal), "us-east-1", err)
    assert "an earlier change was interrupted" in err.getvalue() and "in effect" in err.getvalue()

    rollback = journal.rollback_plan(stopped)
    assert [s.call.operation for s in rollback.steps] == ["remove_permission"]
    assert bool(rollback.warnings) is (where == "in-flight")
    outcome = Executor(aws, journal).apply(rollback)

    assert outcome.ok and outcome.verified, outcome.problems
    assert statements(boto, "resizer") == {}
    assert journal.interrupted() == []
    assert journal.last_undoable() is None  # the rollback is not itself offered as a change


def test_ctrl_c_between_steps_rolls_back_the_first(
    endpoint: str, boto: Client, bucket: None, tmp_path: Path
) -> None:
    path = tmp_path / "journal.jsonl"
    child = _run_until_stopped(endpoint, path, "between")
    os.kill(child.pid, signal.SIGINT)
    assert _ended(child, timeout=60) != 0  # the KeyboardInterrupt ends it, after the rollback

    assert statements(boto, "resizer") == {}
    assert _notifications(boto) == []
    journal = Journal(path)
    assert journal.interrupted() == []  # rolled back whole: closed in the log
    assert '"result": "rolled-back"' in journal.path.read_text()
