"""The secret-leak scan: after a full session, no secret in any file under HOME nor in any output.

The session: `creds set` (piped and with mistakes), `creds show/list`, resolving a static and an
MFA + AssumeRole keyring profile against the emulator, signed calls, the profile list, a failed
STS call — with lambdatui's file log on at DEBUG in the temp HOME's state dir.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lambdatui.access.logs import setup_logging
from lambdatui.access.profiles import list_profiles
from lambdatui.aws.keyring_session import spec_with_keyring
from lambdatui.aws.session import AwsSession, SessionSpec
from lambdatui.commands.creds import terminal_mfa_prompt
from lambdatui.core.errors import LambdaTuiError
from lambdatui.demo.server import DEMO_ACCOUNT, DEMO_REGION
from tests.aws.test_creds_sts import creds_cli
from tests.keyring_helpers import MemoryKeyring, files_containing, isolate_home, use_keyring


@pytest.fixture
def file_log() -> Iterator[None]:
    logger = logging.getLogger("lambdatui")
    handlers, level, propagate = list(logger.handlers), logger.level, logger.propagate
    yield
    for handler in logger.handlers:
        if handler not in handlers:
            handler.close()
    logger.handlers, logger.level, logger.propagate = handlers, level, propagate


def test_no_secret_anywhere_after_a_full_session(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    endpoint: str,
    boto: Callable[[str], Any],
    file_log: None,
) -> None:
    home = isolate_home(tmp_path, monkeypatch)
    use_keyring(monkeypatch, MemoryKeyring())
    (home / ".aws").mkdir()
    (home / ".aws" / "config").write_text("[profile prod]\nregion = us-east-1\n")
    log_path = setup_logging(logging.DEBUG)
    assert log_path is not None and log_path.is_relative_to(home)

    iam = boto("iam")
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    key_id, secret = key["AccessKeyId"], key["SecretAccessKey"]
    outputs: list[str] = []

    def cli(*argv: str, stdin: str = "") -> int:
        code, out, err = creds_cli(*argv, stdin=stdin)
        outputs.extend((out, err))
        return code

    keys = f"{key_id}\n{secret}\n"
    assert cli("set", "dev", stdin=f"{secret}\n{key_id}\n") == 2  # pasted the wrong way round
    assert cli("set", "dev", stdin=f"{key_id}\n") == 2  # no secret
    assert cli("set", "dev", stdin=keys) == 0
    role = f"arn:aws:iam::{DEMO_ACCOUNT}:role/auditor"
    mfa = f"arn:aws:iam::{DEMO_ACCOUNT}:mfa/alice"
    assert cli("set", "prod", "--mfa-serial", mfa, "--role-arn", role, stdin=keys) == 0

    assert cli("set", "broken", "--role-arn", role, stdin=keys) == 0

    base = SessionSpec(region=DEMO_REGION, endpoint_url=endpoint, pace=False)
    prompt_err = io.StringIO()
    ask = terminal_mfa_prompt(stdin=io.StringIO("123456\n"), stderr=prompt_err)
    specs = [
        spec_with_keyring(replace(base, profile=name), ask_mfa=ask) for name in ("dev", "prod")
    ]
    for spec in specs:
        session = AwsSession(spec)
        outputs.append(repr(session.identity()))
        outputs.append(repr(session.client("lambda").list_functions()["Functions"]))
        outputs.extend((repr(spec), str(spec)))
    outputs.append(repr(list_profiles()))
    unreachable = replace(base, profile="broken", endpoint_url="http://127.0.0.1:9")
    with pytest.raises(LambdaTuiError) as caught:
        spec_with_keyring(unreachable)
    outputs.extend((str(caught.value), repr(caught.value)))
    for argv in (("show", "dev"), ("show", "prod"), ("list",)):
        assert cli(*argv) == 0
    captured = capsys.readouterr()
    outputs.extend((captured.out, captured.err, prompt_err.getvalue()))

    temporary = specs[1]
    secrets = [secret, temporary.secret_access_key, temporary.session_token]
    assert all(secrets) and temporary.access_key_id != key_id
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert log_path in written and "dev" in log_path.read_text()  # the scan is not vacuous
    for needle in secrets:
        assert needle is not None
        assert files_containing(tmp_path, needle) == []
        assert not [text for text in outputs if needle in text]
