"""`lambdatui creds …`: prompts, piped input, masked output, and exit code 2 with a clear reason."""

from __future__ import annotations

import argparse
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from lambdatui.access.credentials import Credentials, CredentialStore
from lambdatui.commands.creds import add_creds_parser, run_creds, terminal_mfa_prompt
from tests.keyring_helpers import (
    KEY_ID,
    SECRET,
    MemoryKeyring,
    files_containing,
    isolate_home,
    use_keyring,
)

MFA = "arn:aws:iam::123456789012:mfa/alice"
ROLE = "arn:aws:iam::123456789012:role/auditor"


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return isolate_home(tmp_path, monkeypatch)


@pytest.fixture
def kr(home: Path, monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    return use_keyring(monkeypatch, MemoryKeyring())  # type: ignore[return-value]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="lambdatui")
    parser.add_argument("--profile")
    add_creds_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["creds", *argv])


def run(*argv: str, stdin: str | io.StringIO = "", **kwargs: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    source = stdin if isinstance(stdin, io.StringIO) else io.StringIO(stdin)
    code = run_creds(parse(*argv), stdin=source, stdout=out, stderr=err, **kwargs)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def test_set_from_piped_stdin(kr: MemoryKeyring) -> None:
    code, out, err = run("set", "dev", stdin=f"{KEY_ID}\n{SECRET}\n")
    assert (code, err) == (0, "")
    assert "AKIA…MPLE" in out and "service 'lambdatui'" in out
    assert SECRET not in out and KEY_ID not in out
    entry = CredentialStore().get("dev")
    assert entry is not None and entry.secret_access_key == SECRET


def test_set_on_a_terminal_hides_the_secret(kr: MemoryKeyring) -> None:
    prompts: list[str] = []

    def fake_getpass(prompt: str) -> str:
        prompts.append(prompt)
        return SECRET

    code, _, err = run("set", "dev", stdin=Tty(f"{KEY_ID}\n"), getpass=fake_getpass)
    assert code == 0
    assert "access key id" in err and prompts == ["AWS secret access key (hidden): "]
    assert CredentialStore().get("dev") is not None


def test_mfa_and_role_are_kept_when_keys_are_rotated(kr: MemoryKeyring) -> None:
    keys = f"{KEY_ID}\n{SECRET}\n"
    code, out, _ = run("set", "prod", "--mfa-serial", MFA, "--role-arn", ROLE, stdin=keys)
    assert code == 0 and MFA in out and ROLE in out
    assert run("set", "prod", stdin=f"AKIAZZZZZZZZZZZZZZZZ\n{SECRET}2\n")[0] == 0
    entry = CredentialStore().get("prod")
    assert entry is not None and (entry.mfa_serial, entry.role_arn) == (MFA, ROLE)
    assert run("set", "prod", "--role-arn", "", stdin=keys)[0] == 0
    entry = CredentialStore().get("prod")
    assert entry is not None and (entry.mfa_serial, entry.role_arn) == (MFA, None)


def test_show_list_remove(kr: MemoryKeyring) -> None:
    run("set", "dev", stdin=f"{KEY_ID}\n{SECRET}\n")
    run("set", "prod", "--mfa-serial", MFA, stdin=f"AKIAZZZZZZZZZZZZZZZZ\n{SECRET}\n")
    code, out, _ = run("show", "prod")
    assert code == 0
    assert "AKIA…ZZZZ" in out and MFA in out and "MemoryKeyring" in out and "none cached" in out
    code, out, _ = run("list")
    assert code == 0 and out.splitlines() == ["dev   AKIA…MPLE", "prod  AKIA…ZZZZ  mfa"]
    code, out, _ = run("remove", "dev")
    assert code == 0 and "removed dev" in out
    code, _, err = run("remove", "dev")
    assert code == 2 and err == "lambdatui: no keys stored for profile dev in the keyring\n"
    assert run("show", "dev")[0] == 2


def test_show_tells_how_long_the_cached_session_lasts(kr: MemoryKeyring) -> None:
    run("set", "prod", "--mfa-serial", MFA, stdin=f"{KEY_ID}\n{SECRET}\n")
    store = CredentialStore()
    entry = store.get("prod")
    assert entry is not None
    until = datetime(2025, 6, 1, 13, 0, tzinfo=UTC)
    store.cache_session(entry, Credentials("ASIAAAAAAAAAAAAAAAAA", "s", "t", until))
    assert (
        "cached until 2025-06-01 13:00 UTC"
        in run("show", "prod", now=until - timedelta(hours=1))[1]
    )
    assert "expired at" in run("show", "prod", now=until)[1]


def test_list_when_empty(kr: MemoryKeyring) -> None:
    code, out, _ = run("list")
    assert code == 0 and out.startswith("no profiles stored")


@pytest.mark.parametrize(
    ("argv", "stdin", "reason"),
    [
        (("set", "bad name"), f"{KEY_ID}\n{SECRET}\n", "invalid profile name 'bad name'"),
        (("set", "dev"), f"{KEY_ID}\n\n", "the secret access key is empty"),
        (("set", "dev"), f"{KEY_ID}\n", "the secret access key is empty"),
        (("set", "dev"), f"AKIA-not-a-key\n{SECRET}\n", "malformed access key id"),
        (("set", "dev"), f"{SECRET}\n{KEY_ID}\n", "malformed access key id"),
        (("set", "dev", "--mfa-serial", "x"), f"{KEY_ID}\n{SECRET}\n", "malformed MFA serial"),
        (("show", "../etc"), "", "invalid profile name"),
        (("remove", ""), "", "invalid profile name"),
    ],
)
def test_errors_exit_2_with_one_line(
    kr: MemoryKeyring, argv: tuple[str, ...], stdin: str, reason: str
) -> None:
    code, out, err = run(*argv, stdin=stdin)
    assert code == 2 and out == ""
    assert err.startswith(f"lambdatui: {reason}") and err.count("\n") == 1
    assert SECRET not in err
    assert kr.entries == {}


def test_no_usable_keyring_says_so_and_writes_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = PlaintextKeyring()  # what keyring picks on a headless box with keyrings.alt
    plain.file_path = str(home / ".local/share/python_keyring/keyring_pass.cfg")  # type: ignore[misc]
    use_keyring(monkeypatch, plain)
    piped = io.StringIO(f"{KEY_ID}\n{SECRET}\n")
    code, _, err = run("set", "dev", stdin=piped)
    assert code == 2 and "no usable keyring" in err and "normal AWS credential chain" in err
    assert piped.tell() == 0  # refused before reading any secret
    assert files_containing(home, SECRET) == [] and not Path(plain.file_path).exists()
    code, _, err = run("list", store=CredentialStore(fail.Keyring()))
    assert code == 2 and "no keyring backend is installed" in err


def test_creds_needs_an_action() -> None:
    with pytest.raises(SystemExit) as caught:
        parse()
    assert caught.value.code == 2


def test_parsed_profile_does_not_clobber_global_profile() -> None:
    args = parse("show", "dev")
    assert (args.creds_action, args.creds_profile, args.profile) == ("show", "dev", None)


def test_terminal_mfa_prompt() -> None:
    err = io.StringIO()
    ask = terminal_mfa_prompt(stdin=Tty("123456\n"), stderr=err)
    assert ask(MFA) == "123456" and MFA in err.getvalue()
    assert terminal_mfa_prompt(stdin=io.StringIO("654321\n"))(MFA) == "654321"
    with pytest.raises(Exception, match="none was given"):
        terminal_mfa_prompt(stdin=io.StringIO(""))(MFA)
