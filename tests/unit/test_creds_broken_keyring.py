"""A keyring backend that raises something unexpected (a D-Bus error, a bug): one sentence and exit
2 for `creds set`, `creds list` and `audit` — never a traceback (issue 12 §5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lambdatui.commands.main import main
from lambdatui.demo.server import DEMO_CREDENTIALS
from tests.keyring_helpers import KEY_ID, SECRET, MemoryKeyring, isolate_home, use_keyring


class BrokenKeyring(MemoryKeyring):
    """Raises what no keyring.errors class covers, quoting what it was given."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError(f"org.freedesktop.DBus.Error.NoReply for {service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"cannot store {password}")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = isolate_home(tmp_path, monkeypatch)
    use_keyring(monkeypatch, BrokenKeyring())
    return home


def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = ""
) -> tuple[int, str, str]:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_sentence(err: str) -> None:
    assert err.count("\n") == 1 and err.startswith("lambdatui: ")
    assert "Traceback" not in err and "DBus" not in err and SECRET not in err


@pytest.mark.parametrize(
    ("argv", "stdin"),
    [(["creds", "set", "dev"], f"{KEY_ID}\n{SECRET}\n"), (["creds", "list"], "")],
)
def test_creds_commands_say_one_sentence(
    home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    stdin: str,
) -> None:
    code, out, err = cli(capsys, monkeypatch, *argv, stdin=stdin)
    assert code == 2 and out == ""
    assert_one_sentence(err)
    assert "failed on a read (RuntimeError)" in err


def test_audit_with_a_keyring_only_profile_says_one_sentence(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = cli(capsys, monkeypatch, "audit", "--profile", "dev", "--region", "us-east-1")
    assert code == 2 and out == ""
    assert_one_sentence(err)
    assert "failed on a read (RuntimeError)" in err


def test_a_profile_of_the_aws_files_still_works(
    home: Path,
    endpoint: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    aws = home / ".aws"
    aws.mkdir()
    (aws / "credentials").write_text(
        "[base]\n"
        f"aws_access_key_id = {DEMO_CREDENTIALS['access_key_id']}\n"
        f"aws_secret_access_key = {DEMO_CREDENTIALS['secret_access_key']}\n"
    )
    argv = ["audit", "--profile", "base", "--region", "us-east-1", "--endpoint-url", endpoint]
    code, out, err = cli(capsys, monkeypatch, *argv)
    assert code == 0, err
    assert json.loads(out)["regions"] == ["us-east-1"]
    assert "the keyring could not be read; using the AWS files" in err
