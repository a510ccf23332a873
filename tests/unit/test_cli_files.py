"""Big inputs (issue 12 §6): a bucket with 1,000 notification entries makes a
`--notification-configuration` argument over Linux's 128 KiB per-argument limit. The commands
(copied, previewed, and `fix --dry-run --format sh`'s script) pass it as file://, the JSON written
beside the command by a heredoc; the script really runs."""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lambdatui.actions import cli_files
from lambdatui.actions.plan import Plan, Step, shell_script
from lambdatui.actions.service_calls import put_bucket_notification_configuration

ACCOUNT = "123456789012"
ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:resizer"
MAX_ARG_STRLEN = 128 * 1024  # Linux: 32 pages


def thousand_entries() -> dict[str, Any]:
    return {
        "LambdaFunctionConfigurations": [
            {
                "Id": f"entry-{i:04d}",
                "LambdaFunctionArn": f"{ARN}-{i}",
                "Events": ["s3:ObjectCreated:*"],
                "Filter": {"Key": {"FilterRules": [{"Name": "Prefix", "Value": f"p{i:04d}/"}]}},
            }
            for i in range(1000)
        ]
    }


@pytest.fixture
def plan() -> Plan:
    call = put_bucket_notification_configuration(
        "shared", thousand_entries(), expected_owner=ACCOUNT, region="us-east-1"
    )
    return Plan("Write 1,000 entries", "w", ARN, (Step(call, "Write the configuration"),))


@pytest.fixture
def fake_aws(tmp_path: Path) -> Path:
    """An `aws` on PATH that records the configuration it was given (reading file:// as the CLI
    does), so the script's command runs for real through execve."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tool = bin_dir / "aws"
    tool.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        "args = sys.argv[1:]\n"
        "value = args[args.index('--notification-configuration') + 1]\n"
        "if value.startswith('file://'):\n"
        "    value = open(value[len('file://'):]).read()\n"
        "json.dump({'args': args, 'config': json.loads(value)}, open('called.json', 'w'))\n"
    )
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    return bin_dir


def test_the_inline_argument_is_over_linuxs_limit(plan: Plan, fake_aws: Path) -> None:
    argv = plan.steps[0].call.argv()
    assert max(len(a.encode()) for a in argv) > MAX_ARG_STRLEN
    argv[0] = str(fake_aws / "aws")
    with pytest.raises(OSError, match="Argument list too long"):
        subprocess.run(argv, check=False)


def test_the_script_passes_it_as_file_and_runs(plan: Plan, fake_aws: Path, tmp_path: Path) -> None:
    script = shell_script([plan], header="dry run")
    command = next(line for line in script.splitlines() if line.startswith("aws s3api"))
    assert "--notification-configuration file://lambdatui-notification-configuration-" in command
    assert max(len(a.encode()) for a in shlex.split(command)) < 1024
    assert f"<<'{cli_files.END}'" in script

    work = tmp_path / "work"
    work.mkdir()
    (work / "fix.sh").write_text(script)
    env = {**os.environ, "PATH": f"{fake_aws}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(["sh", "fix.sh"], cwd=work, env=env, check=True)

    called = json.loads((work / "called.json").read_text())
    assert called["config"] == thousand_entries()  # the whole configuration, exactly
    assert called["args"][:2] == ["s3api", "put-bucket-notification-configuration"]
    assert "--expected-bucket-owner" in called["args"]


def test_the_preview_elides_the_json_and_copying_keeps_it(plan: Plan) -> None:
    [shown] = plan.cli_preview()
    [copied] = plan.cli_commands()
    assert len(shown) < 2048 and "KB of JSON" in shown and "file://" in shown
    assert "entry-0999" in copied and "entry-0999" not in shown
    assert shown.splitlines()[-1] == copied.splitlines()[-1]  # the same command


def test_small_arguments_stay_inline(plan: Plan) -> None:
    small = put_bucket_notification_configuration("b", {"EventBridgeConfiguration": {}})
    assert cli_files.script(small) == small.cli() == cli_files.preview(small)
    assert "file://" not in small.cli()
